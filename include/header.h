/*
 * Header rows: find each known column by its English name or one of its
 * aliases (trimmed, ASCII letters without case).  Shared by the score
 * sheet and the policy file.
 */
#ifndef KAOPING_HEADER_H
#define KAOPING_HEADER_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "reader.h"

#define HEADER_ABSENT	((size_t)-1)

struct column {
	const char	*names[5];	/* English name first; NULL-ended */
	bool		 required;
};

/*
 * Set where[i] to the field holding column i, or HEADER_ABSENT.  Every
 * missing required column and every column given twice is reported at
 * FILE:LINE; returns false if there was any.
 */
bool	header_map(const struct record *, const struct column *, size_t n,
	    size_t *where, struct diag *, const char *file);

#endif

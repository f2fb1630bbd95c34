/*
 * The CSV source (SPEC sections 2, 7 and 11): bytes of one sheet in any
 * encoding, records out, with the line and spreadsheet row where each
 * starts.  See source.h for what every source promises.
 */
#ifndef KAOPING_CSVSOURCE_H
#define KAOPING_CSVSOURCE_H

#include <stddef.h>

#include "diag.h"
#include "source.h"

/*
 * Read the CSV sheet on fd (open for reading, the caller's to close):
 * first the prefix_len bytes at prefix, which source_read() already took
 * from fd to see what the sheet is, then the rest of fd.  encoding is an
 * iconv name, or NULL for auto.  Returns as source_read().
 */
int	csv_read(int fd, const void *prefix, size_t prefix_len,
	    const char *name, const char *encoding,
	    const struct source_target *, struct source_facts *,
	    struct diag *);

#endif

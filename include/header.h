/*
 * Header rows: which cell holds which column of a schema (schema.h), by
 * the column's English name or an alias, trimmed, ASCII letters without
 * case.  Shared by score sheets and the policy file.
 */
#ifndef KAOPING_HEADER_H
#define KAOPING_HEADER_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "schema.h"
#include "source.h"

#define HEADER_ABSENT	((size_t)-1)
#define HEADER_MAX_COLUMNS	IN_COUNT

struct header_match {
	size_t		 where[HEADER_MAX_COLUMNS];	/* cell, or ABSENT */
	size_t		 twice[HEADER_MAX_COLUMNS];	/* a second cell */
	/* A cell that names the column once its line breaks are gone. */
	size_t		 broken[HEADER_MAX_COLUMNS];
	bool		 chinese[HEADER_MAX_COLUMNS];	/* named by an alias
							   that is not ASCII */
};

/* Match the cells of rec against n columns (at most HEADER_MAX_COLUMNS). */
void	header_match(const struct record *, const struct in_column *,
	    size_t n, struct header_match *);
/* True if the cell is a name of the column. */
bool	header_names(const struct in_column *, const char *, size_t);
/*
 * Report every column given twice, every required column missing and
 * every name broken by a line break, at FILE:LINE; false if there was any.
 */
bool	header_report(const struct header_match *, const struct record *,
	    const struct in_column *, size_t n, const char *file,
	    struct diag *);
/* "staff_id, 工号, 人员编号": a column's accepted names, for messages. */
void	header_list_names(char *out, size_t size, const struct in_column *);

#endif

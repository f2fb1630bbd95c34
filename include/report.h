/*
 * The nominations and results files (SPEC section 5): one header, then the
 * rows in ranking order, numbers echoed as found and the combined score
 * with exactly the requested decimals.
 */
#ifndef KAOPING_REPORT_H
#define KAOPING_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "rank.h"
#include "roster.h"

/*
 * Write the header and the rows to fp; with nominations_only, the nominated
 * and tied rows alone.  Write errors stay on fp for the caller to find.
 * False when memory runs out (then fp holds only part of the rows).
 */
bool	report_write(FILE *fp, bool excel, bool raw, const struct roster *,
	    const struct ranking *, unsigned decimals, bool nominations_only);

#endif

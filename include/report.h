/*
 * The nominations and results files (SPEC section 5): one header, then the
 * rows in ranking order, numbers echoed as found and the combined score
 * with exactly the requested decimals.
 */
#ifndef KAOPING_REPORT_H
#define KAOPING_REPORT_H

#include <stdbool.h>

#include "csvout.h"
#include "rank.h"
#include "roster.h"

/* Write the header and the rows; with nominations_only, the nominated and
 * tied rows alone. */
void	report_write(struct csvout *, const struct roster *,
	    const struct ranking *, unsigned decimals, bool nominations_only);

#endif

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
 * Write the header and the rows: every row to results, the nominated and
 * tied rows to nominations.  Either may be NULL; a row going to both is
 * formatted once.  With unranked, the ranking is only grouped by street
 * (rank_group) and each street is ranked by that rule just before its rows
 * are written.  Write errors stay on the files for the caller to find.
 * False when memory runs out (then the files hold only part of the rows,
 * and some streets may be unranked).
 */
bool	report_write(FILE *results, FILE *nominations, bool excel, bool raw,
	    struct roster *, struct ranking *, unsigned decimals,
	    const struct quota_rule *unranked);

#endif

/*
 * What a person must hear of a ranking: a warning for each street with a
 * tie at its quota line (at most SUMMARY_TIE_NAMES staff named), and with
 * -v a line per street.
 */
#ifndef KAOPING_SUMMARY_H
#define KAOPING_SUMMARY_H

#include "diag.h"
#include "rank.h"
#include "roster.h"

#define SUMMARY_TIE_NAMES	20

void	summary_ties(const struct ranking *, const struct roster *,
	    unsigned decimals, struct diag *);
void	summary_streets(const struct ranking *, const struct roster *,
	    struct diag *);

#endif

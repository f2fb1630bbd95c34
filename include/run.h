/*
 * One run of the calculator, in the order of judgement of SPEC section 7:
 * the paths (usage), the policy, that every sheet opens, then the data;
 * then rank and nominate, and write the outputs as one set.
 */
#ifndef KAOPING_RUN_H
#define KAOPING_RUN_H

#include "diag.h"
#include "options.h"

/* Returns the exit status (sysexits.h). */
int	run(const struct options *, struct diag *);

#endif

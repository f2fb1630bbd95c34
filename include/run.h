/*
 * One run of the calculator: open the sheets, read and check them, rank
 * and nominate, then write the outputs whole or not at all.
 */
#ifndef KAOPING_RUN_H
#define KAOPING_RUN_H

#include "diag.h"
#include "options.h"
#include "policy.h"

/* Returns the exit status (sysexits.h). */
int	run(const struct options *, const struct policy *, struct diag *);

#endif

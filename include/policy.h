/*
 * The weighting policy: each unit's street share W, an integer percentage.
 * A sheet's unit name matches the entry whose name is its longest suffix.
 * The policy owns copies of its unit names.
 */
#ifndef KAOPING_POLICY_H
#define KAOPING_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "csvout.h"
#include "diag.h"

#define POLICY_DEFAULT_WEIGHT	60

struct policy_entry {
	char		*unit;
	size_t		 len;
	unsigned	 weight;
};

struct policy {
	struct policy_entry *entries;
	size_t		 count, cap;
};

/* Shenhe's table; dual_weight replaces the 60s (-w).  False: no memory. */
bool	policy_builtin(struct policy *, unsigned dual_weight);
/*
 * Load a policy file (header unit,street_weight).  Problems are reported
 * with FILE:LINE.  Returns 0, EX_NOINPUT, EX_CONFIG or EX_OSERR.
 */
int	policy_load(struct policy *, const char *path, const char *encoding,
	    struct diag *);
/* The entry that is the longest suffix of unit, or NULL. */
const struct policy_entry *policy_match(const struct policy *,
	    const char *unit, size_t len);
/* The table as CSV, for --print-policy. */
void	policy_write(const struct policy *, struct csvout *);
void	policy_free(struct policy *);

#endif

/*
 * The weighting policy (SPEC section 3): each unit's street share W, an
 * integer percentage.  A sheet's unit name matches the entry whose name is
 * its longest suffix.  Entries are found by hashing the suffixes of the
 * name from its end, so a match costs no more than the length of the
 * name (or of the longest entry), however many entries there are.  The
 * policy owns copies of its unit names.
 */
#ifndef KAOPING_POLICY_H
#define KAOPING_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "sink.h"

#define POLICY_DEFAULT_WEIGHT	60

struct policy_entry {
	char		*unit;
	size_t		 len;
	unsigned	 weight;
	uint64_t	 hash;
};

struct policy {
	struct policy_entry *entries;
	size_t		 count, cap;
	uint32_t	*slots;		/* entry index + 1, 0 when empty */
	size_t		 slot_mask;
	size_t		 longest;	/* bytes of the longest entry name */
};

/* Shenhe's table; dual_weight replaces the 60s (-w).  False: no memory. */
bool	policy_builtin(struct policy *, unsigned dual_weight);
/*
 * Load a policy file (header unit,street_weight, or 单位,街道权重), CSV or
 * workbook.  Problems are reported with FILE:LINE.  Returns 0,
 * EX_NOINPUT, EX_CONFIG or EX_OSERR.
 */
int	policy_load(struct policy *, const char *path, const char *encoding,
	    struct diag *);
/* The entry that is the longest suffix of unit, or NULL. */
const struct policy_entry *policy_match(const struct policy *,
	    const char *unit, size_t len);
/* The table, a row an entry, for --print-policy.  0 or a status. */
int	policy_write(const struct policy *, struct sink *);
void	policy_free(struct policy *);

#endif

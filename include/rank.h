/*
 * Ranking and nomination (SPEC section 4): each street ranked on its own by
 * published score, competition ranks (1, 2, 2, 4), the quota walked over
 * the candidates a whole group of equal scores at a time, and a group that
 * straddles the quota line marked as a tie for the street to settle.
 */
#ifndef KAOPING_RANK_H
#define KAOPING_RANK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "roster.h"
#include "score.h"

struct quota_rule {
	bool		 percent;	/* amount is a percentage of the staff */
	uint32_t	 amount;
	bool		 has_floor;	/* -m */
	score_t		 floor;
	unsigned	 decimals;
};

struct street_tally {
	uint32_t	 participants, quota, nominated, tied, ineligible;
};

struct ranking {
	uint32_t	*order;		/* roster rows in output order */
	uint32_t	*ends;		/* where each street's rows end in order */
	struct street_tally *tallies;	/* by street index */
};

/* Room to sort one street's rows, kept from street to street. */
struct rank_key;
struct rank_scratch {
	struct rank_key	*keys, *spare;
	size_t		 keys_cap, spare_cap;
};

/* round-half-up(participants x pct / 100), or the count as given. */
uint32_t	rank_quota(uint32_t participants, const struct quota_rule *);
/*
 * Order the roster (street by first appearance, rank, staff_id), set each
 * row's rank and status, count per street.  False when memory runs out
 * (then nothing is left to free).
 */
bool		rank_roster(struct roster *, const struct quota_rule *,
		    struct ranking *);
/*
 * The same in steps, for a caller that ranks each street when it needs
 * it: rank_group puts the rows in street order (streets by first
 * appearance, rows as found), and rank_street sorts one street and sets
 * its ranks, statuses and tally.  Both return false when memory runs out.
 */
bool		rank_group(struct roster *, struct ranking *);
bool		rank_street(struct roster *, const struct quota_rule *,
		    struct ranking *, uint32_t street, struct rank_scratch *);
/* Where a street's rows begin in order (they end at ends[street]). */
uint32_t	rank_street_begin(const struct ranking *, uint32_t street);
void		rank_scratch_free(struct rank_scratch *);
/* One warning per street with a tie at its quota line. */
void		rank_warn_ties(const struct roster *, const struct ranking *,
		    unsigned decimals, struct diag *);
/* The -v summary: one line per street. */
void		rank_summarize(const struct roster *, const struct ranking *,
		    struct diag *);
void		rank_free(struct ranking *);

#endif

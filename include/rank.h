/*
 * Ranking and nomination (SPEC section 4), on results only: each street
 * ranked on its own by published score, competition ranks (1, 2, 2, 4),
 * the quota walked over the candidates a whole group of equal scores at a
 * time, and a group that straddles the quota line marked as a tie for the
 * street to settle.
 */
#ifndef KAOPING_RANK_H
#define KAOPING_RANK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schema.h"
#include "score.h"
#include "text.h"

/* One staff member's result. */
struct result {
	struct text_span id;		/* staff_id, borrowed */
	/* The roster's rows that gave the identity and each score. */
	uint32_t	 row, dept_row, street_row;
	uint32_t	 street;	/* the roster's street index */
	published_t	 combined;
	uint32_t	 rank;		/* set by ranking */
	uint8_t		 weight;	/* W */
	uint8_t		 status;	/* enum staff_status, set by ranking */
	bool		 eligible;
};

struct quota_rule {
	bool		 percent;	/* amount is a percentage of the staff */
	uint32_t	 amount;
	bool		 has_floor;	/* -m */
	score_t		 floor;
	unsigned	 decimals;
};

struct street_tally {
	uint32_t	 participants, quota, nominated, tied, ineligible;
	uint32_t	 dept_only;	/* participants with W 0 */
};

/* The results in output order: by street, then rank, then staff_id. */
struct ranking {
	struct result	*results;	/* owned */
	size_t		 count;
	uint32_t	 nstreets;
	size_t		*street_end;	/* street s: [end[s-1], end[s]) */
	struct street_tally *tallies;	/* by street */
};

/* round-half-up(participants x pct / 100), or the count as given. */
uint32_t	rank_quota(uint32_t participants, const struct quota_rule *);
/*
 * Take the results of streets 0..nstreets-1, grouped by street (street s
 * ends at street_end[s]), and rank them.  Both arrays are owned from here
 * on, even on failure.  False when memory runs out.
 */
bool		rank_results(struct ranking *, struct result *, size_t count,
		    size_t *street_end, uint32_t nstreets,
		    const struct quota_rule *);
/* Where street s's results begin. */
size_t		rank_street_begin(const struct ranking *, uint32_t street);
void		rank_free(struct ranking *);

#endif

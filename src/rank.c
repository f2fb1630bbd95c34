#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rank.h"
#include "score.h"

uint32_t
rank_quota(uint32_t participants, const struct quota_rule *q)
{
	if (!q->percent)
		return q->amount;
	return (uint32_t)(((uint64_t)participants * q->amount + 50) / 100);
}

/* Within a street: higher published score first, then staff_id bytes. */
static int
compare_in_street(const void *a, const void *b)
{
	const struct result *x = a, *y = b;
	size_t n = x->id.len < y->id.len ? x->id.len : y->id.len;
	int c;

	if (x->combined != y->combined)
		return x->combined > y->combined ? -1 : 1;
	if ((c = memcmp(x->id.s, y->id.s, n)) != 0)
		return c;
	return (x->id.len > y->id.len) - (x->id.len < y->id.len);
}

static bool
is_candidate(const struct result *r, const struct quota_rule *q)
{
	return r->eligible && (!q->has_floor ||
	    score_reaches(r->combined, q->decimals, q->floor));
}

/*
 * Rank one street's results, already in order, and walk its quota: a
 * group of candidates with equal scores is nominated while it fits in what
 * is left; the first that does not fit, with some quota left, is a tie;
 * the rest are not nominated.
 */
static void
nominate_street(struct result *res, size_t n, const struct quota_rule *q,
    struct street_tally *t)
{
	size_t i, j, k, group;
	uint32_t left;
	bool open = true;

	t->participants = (uint32_t)n;
	t->quota = left = rank_quota(t->participants, q);
	for (i = 0; i < n; i = j) {
		group = 0;
		for (j = i; j < n && res[j].combined == res[i].combined; j++)
			if (is_candidate(&res[j], q))
				group++;
		for (k = i; k < j; k++) {
			struct result *r = &res[k];

			r->rank = (uint32_t)i + 1;
			if (r->weight == 0)
				t->dept_only++;
			if (!r->eligible) {
				r->status = STATUS_INELIGIBLE;
				t->ineligible++;
			} else if (!is_candidate(r, q) || !open)
				r->status = STATUS_NOT_NOMINATED;
			else if (group <= left) {
				r->status = STATUS_NOMINATED;
				t->nominated++;
			} else if (left > 0) {
				r->status = STATUS_TIE;
				t->tied++;
			} else
				r->status = STATUS_NOT_NOMINATED;
		}
		if (group == 0 || !open)
			continue;
		if (group <= left)
			left -= (uint32_t)group;
		else
			open = false;
	}
}

size_t
rank_street_begin(const struct ranking *k, uint32_t street)
{
	return street == 0 ? 0 : k->street_end[street - 1];
}

/* Group the results by street, each street's in the order given. */
static bool
group_by_street(struct ranking *k, struct result *res)
{
	size_t *at, i, base = 0, n;
	uint32_t s;

	if ((at = calloc((size_t)k->nstreets + 1, sizeof *at)) == NULL)
		return false;
	for (i = 0; i < k->count; i++)
		at[res[i].street]++;
	for (s = 0; s < k->nstreets; s++) {
		n = at[s];
		at[s] = base;
		base += n;
		k->street_end[s] = base;
	}
	for (i = 0; i < k->count; i++)
		k->results[at[res[i].street]++] = res[i];
	free(at);
	return true;
}

bool
rank_results(struct ranking *k, struct result *res, size_t count,
    uint32_t nstreets, const struct quota_rule *q)
{
	size_t begin;
	uint32_t s;
	bool ok;

	memset(k, 0, sizeof *k);
	k->count = count;
	k->nstreets = nstreets;
	k->results = malloc((count > 0 ? count : 1) * sizeof *k->results);
	k->street_end = calloc((size_t)nstreets + 1, sizeof *k->street_end);
	k->tallies = calloc((size_t)nstreets + 1, sizeof *k->tallies);
	ok = k->results != NULL && k->street_end != NULL &&
	    k->tallies != NULL && group_by_street(k, res);
	free(res);
	if (!ok) {
		rank_free(k);
		return false;
	}
	for (s = 0; s < nstreets; s++) {
		begin = rank_street_begin(k, s);
		qsort(k->results + begin, k->street_end[s] - begin,
		    sizeof *k->results, compare_in_street);
		nominate_street(k->results + begin, k->street_end[s] - begin,
		    q, &k->tallies[s]);
	}
	return true;
}

void
rank_free(struct ranking *k)
{
	free(k->results);
	free(k->street_end);
	free(k->tallies);
	memset(k, 0, sizeof *k);
}

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

static int
compare_ids(const struct text_span *x, const struct text_span *y)
{
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);

	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

/* Within a street: higher published score first, then staff_id bytes. */
static int
compare_in_street(const void *a, const void *b)
{
	const struct result *x = a, *y = b;

	if (x->combined != y->combined)
		return x->combined > y->combined ? -1 : 1;
	return compare_ids(&x->id, &y->id);
}

/*
 * A big street is sorted by a radix sort on its scores, which needs no
 * comparison, and only runs of equal scores by staff_id; a small one is
 * sorted outright.  The sort moves 8-byte keys, not whole results.
 */
#define RADIX_MIN	64

struct sort_key {
	published_t	 combined;
	uint32_t	 at;		/* the result's place in its street */
};

struct sort_room {
	struct sort_key	*keys, *spare;
	struct result	*moved;
};

/* Keys of equal scores, by the staff_id of their results (ctx). */
static int
compare_keys(const void *a, const void *b, void *ctx)
{
	const struct sort_key *x = a, *y = b;
	const struct result *street = ctx;

	return compare_ids(&street[x->at].id, &street[y->at].id);
}

/*
 * Stable sort of keys[0..n) by score, highest first, through spare: a
 * byte at a time from the lowest, skipping the bytes all keys share.
 */
static void
radix_by_score(struct sort_key *keys, struct sort_key *spare, size_t n)
{
	size_t count[sizeof(published_t)][256], sum, c, i, b;
	struct sort_key *from = keys, *to = spare, *swap;
	unsigned digit;

	memset(count, 0, sizeof count);
	for (i = 0; i < n; i++)
		for (b = 0; b < sizeof(published_t); b++)
			count[b][(~keys[i].combined >> (8 * b)) & 0xFF]++;
	for (b = 0; b < sizeof(published_t); b++) {
		digit = (~keys[0].combined >> (8 * b)) & 0xFF;
		if (count[b][digit] == n)
			continue;
		for (sum = 0, c = 0; c < 256; c++) {
			i = count[b][c];
			count[b][c] = sum;
			sum += i;
		}
		for (i = 0; i < n; i++)
			to[count[b][(~from[i].combined >> (8 * b)) & 0xFF]++] =
			    from[i];
		swap = from;
		from = to;
		to = swap;
	}
	if (from != keys)
		memcpy(keys, from, n * sizeof *keys);
}

static void
sort_street(struct result *res, size_t n, struct sort_room *room)
{
	size_t i, j;

	if (n < RADIX_MIN) {
		qsort(res, n, sizeof *res, compare_in_street);
		return;
	}
	for (i = 0; i < n; i++) {
		room->keys[i].combined = res[i].combined;
		room->keys[i].at = (uint32_t)i;
	}
	radix_by_score(room->keys, room->spare, n);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && room->keys[j].combined ==
		    room->keys[i].combined; j++)
			continue;
		if (j - i > 1)
			qsort_r(room->keys + i, j - i, sizeof *room->keys,
			    compare_keys, res);
	}
	for (i = 0; i < n; i++)
		room->moved[i] = res[room->keys[i].at];
	memcpy(res, room->moved, n * sizeof *res);
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

/* Room to sort the biggest street. */
static bool
make_room(struct sort_room *room, const struct ranking *k)
{
	size_t most = 1;
	uint32_t s;

	for (s = 0; s < k->nstreets; s++)
		if (k->street_end[s] - rank_street_begin(k, s) > most)
			most = k->street_end[s] - rank_street_begin(k, s);
	room->keys = malloc(most * sizeof *room->keys);
	room->spare = malloc(most * sizeof *room->spare);
	room->moved = malloc(most * sizeof *room->moved);
	return room->keys != NULL && room->spare != NULL &&
	    room->moved != NULL;
}

bool
rank_results(struct ranking *k, struct result *res, size_t count,
    size_t *street_end, uint32_t nstreets, const struct quota_rule *q)
{
	struct sort_room room = { NULL, NULL, NULL };
	size_t begin;
	uint32_t s;
	bool ok;

	memset(k, 0, sizeof *k);
	k->results = res;
	k->count = count;
	k->nstreets = nstreets;
	k->street_end = street_end;
	if ((k->tallies = calloc((size_t)nstreets + 1,
	    sizeof *k->tallies)) == NULL) {
		rank_free(k);
		return false;
	}
	ok = true;
	if (!make_room(&room, k))
		ok = false;
	for (s = 0; s < nstreets && ok; s++) {
		begin = rank_street_begin(k, s);
		sort_street(k->results + begin, k->street_end[s] - begin,
		    &room);
		nominate_street(k->results + begin, k->street_end[s] - begin,
		    q, &k->tallies[s]);
	}
	free(room.keys);
	free(room.spare);
	free(room.moved);
	if (!ok)
		rank_free(k);
	return ok;
}

void
rank_free(struct ranking *k)
{
	free(k->results);
	free(k->street_end);
	free(k->tallies);
	memset(k, 0, sizeof *k);
}

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "diag.h"
#include "helper.h"
#include "rank.h"
#include "roster.h"
#include "score.h"
#include "strtab.h"

uint32_t
rank_quota(uint32_t participants, const struct quota_rule *q)
{
	if (!q->percent)
		return q->amount;
	return (uint32_t)(((uint64_t)participants * q->amount + 50) / 100);
}

/*
 * What a street's sort compares, side by side so the sort runs in cache:
 * only rows with equal scores need their staff_id, from the roster.
 */
struct rank_key {
	published_t	 combined;
	uint32_t	 row;
};

/* Within a street: higher published score first, then staff_id bytes. */
static int
compare_in_street(const void *a, const void *b, void *ctx)
{
	const struct roster *r = ctx;
	const struct rank_key *x = a, *y = b;

	if (x->combined != y->combined)
		return x->combined > y->combined ? -1 : 1;
	return roster_compare_ids(r, &r->rows[x->row], &r->rows[y->row]);
}

static bool
is_candidate(const struct staff *s, const struct quota_rule *q)
{
	return s->eligible && (!q->has_floor ||
	    score_reaches(s->combined, q->decimals, q->floor));
}

/*
 * Rank one street's rows, already in order, and walk its quota: a group of
 * candidates with equal scores is nominated while it fits in what is left;
 * the first that does not fit, with some quota left, is a tie; the rest are
 * not nominated.
 */
static void
nominate_street(struct roster *r, uint32_t *rows, uint32_t n,
    const struct quota_rule *q, struct street_tally *t)
{
	uint32_t i, j, group, left, k;
	bool open = true;

	t->participants = n;
	t->quota = left = rank_quota(n, q);
	for (i = 0; i < n; i = j) {
		struct staff *first = &r->rows[rows[i]];

		group = 0;
		for (j = i; j < n && r->rows[rows[j]].combined ==
		    first->combined; j++)
			if (is_candidate(&r->rows[rows[j]], q))
				group++;
		for (k = i; k < j; k++) {
			struct staff *s = &r->rows[rows[k]];

			s->rank = i + 1;
			if (!s->eligible) {
				s->status = STATUS_INELIGIBLE;
				t->ineligible++;
			} else if (!is_candidate(s, q) || !open)
				s->status = STATUS_NOT_NOMINATED;
			else if (group <= left) {
				s->status = STATUS_NOMINATED;
				t->nominated++;
			} else if (left > 0) {
				s->status = STATUS_TIE;
				t->tied++;
			} else
				s->status = STATUS_NOT_NOMINATED;
		}
		if (group == 0 || !open)
			continue;
		if (group <= left)
			left -= group;
		else
			open = false;
	}
}

/*
 * Most rows of a big street differ in score, so a radix sort by score does
 * the bulk of the work without a comparison; only runs of equal scores are
 * then put in staff_id order.  A small street is sorted outright.
 */
#define RADIX_MIN	64
#define PREFETCH_ROWS	16

/*
 * Stable sort of keys[0..n) by score, highest first, through tmp (as big):
 * a byte at a time from the lowest, skipping the bytes all keys share.
 */
static void
sort_by_score(struct rank_key *keys, struct rank_key *tmp, uint32_t n)
{
	uint32_t count[sizeof(published_t)][256], digit, sum, i, b, c;
	struct rank_key *from = keys, *to = tmp, *swap;

	memset(count, 0, sizeof count);
	for (i = 0; i < n; i++)
		for (b = 0; b < sizeof(published_t); b++)
			count[b][(~keys[i].combined >> (8 * b)) & 0xFF]++;
	for (b = 0; b < sizeof(published_t); b++) {
		digit = (~keys[0].combined >> (8 * b)) & 0xFF;
		if (count[b][digit] == n)
			continue;
		for (sum = 0, c = 0; c < 256; c++) {
			digit = count[b][c];
			count[b][c] = sum;
			sum += digit;
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
sort_street(struct rank_key *keys, struct rank_key *tmp, uint32_t n,
    struct roster *r)
{
	uint32_t i, j;

	if (n < RADIX_MIN) {
		qsort_r(keys, n, sizeof *keys, compare_in_street, r);
		return;
	}
	sort_by_score(keys, tmp, n);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && keys[j].combined == keys[i].combined;
		    j++)
			continue;
		if (j - i > 1)
			qsort_r(keys + i, j - i, sizeof *keys,
			    compare_in_street, r);
	}
}

/* Make room in the scratch for a street of n rows. */
static bool
scratch_reserve(struct rank_scratch *sc, uint32_t n)
{
	return array_reserve(&sc->keys, &sc->keys_cap, n, sizeof *sc->keys) &&
	    array_reserve(&sc->spare, &sc->spare_cap, n, sizeof *sc->spare);
}

void
rank_scratch_free(struct rank_scratch *sc)
{
	free(sc->keys);
	free(sc->spare);
	memset(sc, 0, sizeof *sc);
}

bool
rank_street(struct roster *r, const struct quota_rule *q, struct ranking *k,
    uint32_t street, struct rank_scratch *sc)
{
	uint32_t begin = rank_street_begin(k, street), n, i, *rows;

	n = k->ends[street] - begin;
	if (!scratch_reserve(sc, n))
		return false;
	rows = k->order + begin;
	for (i = 0; i < n; i++) {
		/* A street's rows lie all over the roster. */
		if (i + PREFETCH_ROWS < n)
			__builtin_prefetch(&r->rows[rows[i + PREFETCH_ROWS]]);
		sc->keys[i].combined = r->rows[rows[i]].combined;
		sc->keys[i].row = rows[i];
	}
	sort_street(sc->keys, sc->spare, n, r);
	for (i = 0; i < n; i++)
		rows[i] = sc->keys[i].row;
	nominate_street(r, rows, n, q, &k->tallies[street]);
	return true;
}

uint32_t
rank_street_begin(const struct ranking *k, uint32_t street)
{
	return street == 0 ? 0 : k->ends[street - 1];
}

/*
 * Rows are grouped by street with a counting sort, each half of the rows
 * counted and then placed on a thread of its own when there are enough of
 * them.  at[s] is first how many of the half's rows are of street s, then
 * where the next of them goes: the first half's rows of a street before
 * the second half's, so that each street keeps its rows in input order.
 */
#define GROUP_THREADED_MIN	65536

struct group_half {
	const struct roster *roster;
	uint32_t	*order, *at;
	size_t		 begin, end;
};

static void *
count_half(void *arg)
{
	struct group_half *h = arg;
	size_t i;

	for (i = h->begin; i < h->end; i++)
		h->at[h->roster->rows[i].street]++;
	return NULL;
}

static void *
place_half(void *arg)
{
	struct group_half *h = arg;
	size_t i;

	for (i = h->begin; i < h->end; i++)
		h->order[h->at[h->roster->rows[i].street]++] = (uint32_t)i;
	return NULL;
}

/* fn on both halves, the second on a helper thread if worth it and had. */
static void
on_both_halves(void *(*fn)(void *), struct group_half half[2])
{
	pthread_t helper;
	bool helped = half[1].end >= GROUP_THREADED_MIN &&
	    helper_start(&helper, fn, &half[1]);

	fn(&half[0]);
	if (helped)
		pthread_join(helper, NULL);
	else
		fn(&half[1]);
}

bool
rank_group(struct roster *r, struct ranking *out)
{
	uint32_t nstreets = r->streets.count, s, count, base = 0;
	struct group_half half[2];
	uint32_t *at;

	memset(out, 0, sizeof *out);
	out->order = malloc((r->count > 0 ? r->count : 1) * sizeof *out->order);
	out->tallies = calloc(nstreets + 1, sizeof *out->tallies);
	out->ends = calloc(nstreets + 1, sizeof *out->ends);
	at = calloc(2 * (size_t)nstreets + 2, sizeof *at);
	if (out->order == NULL || out->tallies == NULL || out->ends == NULL ||
	    at == NULL) {
		free(at);
		rank_free(out);
		return false;
	}
	half[0] = (struct group_half){ r, out->order, at, 0, r->count / 2 };
	half[1] = (struct group_half){ r, out->order, at + nstreets + 1,
	    r->count / 2, r->count };
	on_both_halves(count_half, half);
	for (s = 0; s < nstreets; s++) {
		count = half[0].at[s];
		half[0].at[s] = base;
		base += count;
		count = half[1].at[s];
		half[1].at[s] = base;
		base += count;
		out->ends[s] = base;
	}
	on_both_halves(place_half, half);
	free(at);
	return true;
}

/*
 * Streets are ranked on two threads, each taking a run of streets with
 * about half of the rows; each street is touched by one thread only.
 */
struct street_range {
	struct roster	*roster;
	const struct quota_rule *quota;
	struct ranking	*ranking;
	uint32_t	 first, last;	/* streets first..last - 1 */
	bool		 failed;	/* memory ran out */
};

static void *
rank_streets(void *arg)
{
	struct street_range *sr = arg;
	struct rank_scratch sc = { NULL, NULL, 0, 0 };
	uint32_t s;

	for (s = sr->first; s < sr->last && !sr->failed; s++)
		sr->failed = !rank_street(sr->roster, sr->quota, sr->ranking, s,
		    &sc);
	rank_scratch_free(&sc);
	return NULL;
}

/* The street where the rows before it first reach half of the roster. */
static uint32_t
half_way(const uint32_t *ends, uint32_t nstreets, size_t count)
{
	uint32_t s = 0;

	while (s < nstreets && ends[s] < count / 2)
		s++;
	return s;
}

bool
rank_roster(struct roster *r, const struct quota_rule *q, struct ranking *out)
{
	uint32_t nstreets = r->streets.count;
	struct street_range part[2];
	pthread_t helper;
	bool helped = false;

	if (!rank_group(r, out))
		return false;
	part[0] = (struct street_range){ r, q, out, 0, 0, false };
	part[1] = part[0];
	part[0].last = part[1].first = half_way(out->ends, nstreets, r->count);
	part[1].last = nstreets;
	if (part[1].first < part[1].last)
		helped = helper_start(&helper, rank_streets, &part[1]);
	/* Without a helper, this thread ranks every street. */
	if (!helped)
		part[0].last = nstreets;
	rank_streets(&part[0]);
	if (helped)
		pthread_join(helper, NULL);
	if (part[0].failed || part[1].failed) {
		rank_free(out);
		return false;
	}
	return true;
}

void
rank_warn_ties(const struct roster *r, const struct ranking *k,
    unsigned decimals, struct diag *d)
{
	char score[SCORE_FORMAT_SIZE], *list = NULL;
	const char *separator;
	struct text_span id, name, street_name;
	size_t j, len = 0;
	uint32_t street, places;
	FILE *fp;

	for (street = 0; street < r->streets.count; street++) {
		const struct street_tally *t = &k->tallies[street];

		if (t->tied == 0)
			continue;
		/* Tied rows share a score but ineligible ones may sit among them. */
		if ((fp = open_memstream(&list, &len)) == NULL)
			return;
		separator = "";
		for (j = rank_street_begin(k, street); j < k->ends[street];
		    j++) {
			const struct staff *s = &r->rows[k->order[j]];

			if (s->status != STATUS_TIE)
				continue;
			id = roster_staff_text(r, s, STAFF_ID);
			name = roster_staff_text(r, s, STAFF_NAME);
			fprintf(fp, "%s%.*s %.*s", separator, (int)id.len,
			    id.s, (int)name.len, name.s);
			score_format(score, s->combined, decimals);
			separator = ", ";
		}
		fclose(fp);
		places = t->quota - t->nominated;
		street_name = strtab_get(&r->streets, street);
		diag_warn(d, "%.*s: tie at the quota line for %u place%s, "
		    "score %s: %s", (int)street_name.len, street_name.s, places,
		    places == 1 ? "" : "s", score, list);
		free(list);
		list = NULL;
	}
}

void
rank_summarize(const struct roster *r, const struct ranking *k,
    struct diag *d)
{
	struct text_span name;
	uint32_t s;

	for (s = 0; s < r->streets.count; s++) {
		const struct street_tally *t = &k->tallies[s];

		name = strtab_get(&r->streets, s);
		diag_note(d, "%.*s: %u staff, quota %u, %u nominated, %u tied, "
		    "%u ineligible", (int)name.len, name.s, t->participants,
		    t->quota, t->nominated, t->tied, t->ineligible);
	}
}

void
rank_free(struct ranking *k)
{
	free(k->order);
	free(k->ends);
	free(k->tallies);
	memset(k, 0, sizeof *k);
}

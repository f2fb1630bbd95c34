/*
 * Ranking and nomination (SPEC section 4) on results made by hand: the
 * quota, competition ranks, staff_id order, ties at the quota line,
 * floors, ineligible staff, streets apart, the tallies.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rank.h"
#include "schema.h"
#include "score.h"

#define SCORE(n)	((score_t)(n) * UINT64_C(1000000000000000))
#define MAX_RESULTS	4096

enum { N = STATUS_NOMINATED, T = STATUS_TIE, X = STATUS_NOT_NOMINATED,
    I = STATUS_INELIGIBLE };

/* Results made by hand; ids are kept here for their spans. */
struct fixture {
	struct result	*results;
	size_t		 count;
	uint32_t	 nstreets;
	char		 ids[MAX_RESULTS][16];
	struct quota_rule quota;
	struct ranking	 ranking;
};

/* What a result should look like after ranking, in output order. */
struct expect {
	const char	*id;
	uint32_t	 rank;
	int		 status;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (f == NULL ||
	    (f->results = calloc(MAX_RESULTS, sizeof *f->results)) == NULL)
		return -1;
	f->quota.amount = 2;
	f->quota.decimals = 2;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	free(f->results);
	rank_free(&f->ranking);
	free(f);
	return 0;
}

/* A result of street s with a published score at 2 decimals (9013). */
static void
add_weighted(struct fixture *f, uint32_t street, const char *id,
    published_t combined, bool eligible, uint8_t weight)
{
	struct result *r = &f->results[f->count];

	assert_true(f->count < MAX_RESULTS && strlen(id) < 16);
	strcpy(f->ids[f->count], id);
	r->id.s = f->ids[f->count];
	r->id.len = strlen(id);
	r->row = r->dept_row = r->street_row = (uint32_t)f->count;
	r->street = street;
	r->combined = combined;
	r->weight = weight;
	r->eligible = eligible;
	r->status = STATUS_NOT_NOMINATED;
	f->count++;
	if (street + 1 > f->nstreets)
		f->nstreets = street + 1;
}

static void
add(struct fixture *f, uint32_t street, const char *id,
    published_t combined, bool eligible)
{
	add_weighted(f, street, id, combined, eligible, 60);
}

/* Add S1, S2, ... to street 0 with the given scores, all eligible. */
static void
add_scores(struct fixture *f, const published_t *scores, size_t n)
{
	char id[32];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "S%zu", i + 1);
		add(f, 0, id, scores[i], true);
	}
}

/*
 * Rank: the results, grouped by street as the roster gives them (each
 * street's in the order added), go to the ranking, which owns them.
 */
static void
rank(struct fixture *f)
{
	struct result *res;
	size_t *ends, at = 0, i;
	uint32_t s;

	assert_non_null(res = malloc((f->count + 1) * sizeof *res));
	assert_non_null(ends = calloc(f->nstreets + 1, sizeof *ends));
	for (s = 0; s < f->nstreets; s++) {
		for (i = 0; i < f->count; i++)
			if (f->results[i].street == s)
				res[at++] = f->results[i];
		ends[s] = at;
	}
	assert_int_equal(at, f->count);
	free(f->results);
	f->results = NULL;
	assert_true(rank_results(&f->ranking, res, f->count, ends,
	    f->nstreets, &f->quota));
	assert_int_equal(f->ranking.count, f->count);
}

static const char *
status_name(int status)
{
	static const char *const names[] = { "nominated", "tie",
	    "not-nominated", "ineligible" };

	return status >= 0 && status <= I ? names[status] : "?";
}

/* Check the whole output order, each result's rank and status. */
static void
check_order(struct fixture *f, const struct expect *want, size_t n)
{
	const struct result *r;
	size_t i;

	assert_int_equal(f->ranking.count, n);
	for (i = 0; i < n; i++) {
		r = &f->ranking.results[i];
		if (r->id.len != strlen(want[i].id) || memcmp(r->id.s,
		    want[i].id, r->id.len) != 0 || r->rank != want[i].rank ||
		    r->status != want[i].status)
			fail_msg("result %zu: %.*s rank %u %s, expected %s "
			    "rank %u %s", i, (int)r->id.len, r->id.s, r->rank,
			    status_name(r->status), want[i].id, want[i].rank,
			    status_name(want[i].status));
	}
}

static void
check_tally(const struct street_tally *t, uint32_t participants,
    uint32_t quota, uint32_t nominated, uint32_t tied, uint32_t ineligible)
{
	assert_int_equal(t->participants, participants);
	assert_int_equal(t->quota, quota);
	assert_int_equal(t->nominated, nominated);
	assert_int_equal(t->tied, tied);
	assert_int_equal(t->ineligible, ineligible);
}

static uint32_t
quota_percent(uint32_t participants, uint32_t pct)
{
	struct quota_rule q = { true, pct, false, 0, 2 };

	return rank_quota(participants, &q);
}

/* Ensure a percentage quota rounds half up. */
static void
test_rank_quota_percent_rounding(void **state)
{
	(void)state;
	assert_int_equal(quota_percent(12, 20), 2);	/* 2.4 */
	assert_int_equal(quota_percent(13, 20), 3);	/* 2.6 */
	assert_int_equal(quota_percent(5, 50), 3);	/* 2.5 */
	assert_int_equal(quota_percent(10, 25), 3);	/* 2.5 */
	assert_int_equal(quota_percent(10, 20), 2);	/* 2.0 */
	assert_int_equal(quota_percent(7, 20), 1);	/* 1.4 */
	assert_int_equal(quota_percent(2, 20), 0);	/* 0.4 */
	assert_int_equal(quota_percent(1, 50), 1);	/* 0.5 */
	assert_int_equal(quota_percent(1, 49), 0);	/* 0.49 */
}

/* Ensure 0% and 100% quotas, and any street size, come out whole. */
static void
test_rank_quota_percent_limits(void **state)
{
	(void)state;
	assert_int_equal(quota_percent(12, 0), 0);
	assert_int_equal(quota_percent(12, 100), 12);
	assert_int_equal(quota_percent(0, 20), 0);
	assert_int_equal(quota_percent(UINT32_MAX, 100), UINT32_MAX);
	assert_int_equal(quota_percent(4000000000u, 50), 2000000000u);
}

/* Ensure a count quota is returned as given, whatever the street's size. */
static void
test_rank_quota_count(void **state)
{
	struct quota_rule q = { false, 3, false, 0, 2 };

	(void)state;
	assert_int_equal(rank_quota(12, &q), 3);
	assert_int_equal(rank_quota(0, &q), 3);
	q.amount = 0;
	assert_int_equal(rank_quota(12, &q), 0);
	q.amount = 150;
	assert_int_equal(rank_quota(12, &q), 150);
}

/* Ensure equal scores share a rank and the next rank skips. */
static void
test_rank_results_competition_ranks(void **state)
{
	static const published_t scores[] = { 8500, 9000, 9500, 9000, 8500,
	    8000 };
	static const struct expect want[] = {
		{ "S3", 1, N }, { "S2", 2, T }, { "S4", 2, T },
		{ "S1", 4, X }, { "S5", 4, X }, { "S6", 6, X },
	};
	struct fixture *f = *state;

	add_scores(f, scores, 6);
	rank(f);
	check_order(f, want, 6);
}

/* Ensure results of equal score are ordered by staff_id bytes. */
static void
test_rank_results_ties_by_staff_id(void **state)
{
	static const struct expect want[] = {
		{ "S001", 1, N }, { "S10", 1, N }, { "S2", 1, N },
		{ "s001", 1, N }, { "\xE5\xBC\xA0", 1, N }, { "a", 6, N },
	};
	struct fixture *f = *state;

	f->quota.amount = 10;
	add(f, 0, "S2", 9000, true);
	add(f, 0, "s001", 9000, true);
	add(f, 0, "a", 8999, true);
	add(f, 0, "\xE5\xBC\xA0", 9000, true);	/* 张 */
	add(f, 0, "S10", 9000, true);
	add(f, 0, "S001", 9000, true);
	rank(f);
	check_order(f, want, 6);
}

/*
 * Ensure a big street comes out scores falling, equal scores by staff_id
 * bytes, with competition ranks.
 */
static void
test_rank_results_big_street_order(void **state)
{
	struct fixture *f = *state;
	const struct result *prev = NULL, *r;
	char id[16];
	uint32_t i, n = 3000;

	f->quota.amount = 100;
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "S%u", (i * 7919) % n);
		add(f, 0, id, (published_t)(i % 10 == 0 ? 9999 - i % 7 :
		    7000 + (i * 104729) % 2000), true);
	}
	rank(f);
	for (i = 0; i < n; i++, prev = r) {
		r = &f->ranking.results[i];
		if (prev == NULL) {
			assert_int_equal(r->rank, 1);
			continue;
		}
		assert_true(prev->combined >= r->combined);
		if (prev->combined > r->combined) {
			assert_int_equal(r->rank, i + 1);
			continue;
		}
		assert_int_equal(r->rank, prev->rank);
		assert_true(strcmp(prev->id.s, r->id.s) < 0);
	}
	assert_int_equal(f->ranking.results[0].combined, 9999);
}

/* Ensure streets come out in the order of their indices (first seen). */
static void
test_rank_results_street_order(void **state)
{
	static const struct expect want[] = {
		{ "A1", 1, N }, { "A2", 2, X },
		{ "B2", 1, N }, { "B1", 2, X }, { "B3", 3, X },
		{ "C1", 1, N },
	};
	struct fixture *f = *state;

	f->quota.amount = 1;
	add(f, 1, "B1", 8000, true);
	add(f, 0, "A1", 7000, true);
	add(f, 1, "B2", 9000, true);
	add(f, 2, "C1", 6000, true);
	add(f, 0, "A2", 6000, true);
	add(f, 1, "B3", 7000, true);
	rank(f);
	check_order(f, want, 6);
	assert_int_equal(rank_street_begin(&f->ranking, 0), 0);
	assert_int_equal(rank_street_begin(&f->ranking, 1), 2);
	assert_int_equal(rank_street_begin(&f->ranking, 2), 5);
	assert_int_equal(f->ranking.street_end[2], 6);
	check_tally(&f->ranking.tallies[0], 2, 1, 1, 0, 0);
	check_tally(&f->ranking.tallies[1], 3, 1, 1, 0, 0);
	check_tally(&f->ranking.tallies[2], 1, 1, 1, 0, 0);
}

/* Ensure each street is ranked and given its quota on its own. */
static void
test_rank_results_streets_apart(void **state)
{
	static const struct expect want[] = {
		{ "A1", 1, N }, { "A2", 2, N }, { "A3", 3, X },
		{ "B1", 1, N }, { "B2", 2, T }, { "B3", 2, T },
	};
	struct fixture *f = *state;

	f->quota.percent = true;
	f->quota.amount = 50;
	add(f, 0, "A1", 9900, true);
	add(f, 1, "B1", 5000, true);
	add(f, 0, "A2", 9800, true);
	add(f, 1, "B2", 4000, true);
	add(f, 0, "A3", 9700, true);
	add(f, 1, "B3", 4000, true);
	rank(f);
	check_order(f, want, 6);
	check_tally(&f->ranking.tallies[0], 3, 2, 2, 0, 0);
	check_tally(&f->ranking.tallies[1], 3, 2, 1, 2, 0);
}

/* Ensure a street of the run without results gets an empty tally. */
static void
test_rank_results_street_without_results(void **state)
{
	struct fixture *f = *state;

	add(f, 0, "A1", 9000, true);
	add(f, 2, "C1", 9000, true);
	rank(f);
	assert_int_equal(f->ranking.nstreets, 3);
	assert_int_equal(rank_street_begin(&f->ranking, 1),
	    f->ranking.street_end[1]);
	/* A count quota is the count, even for nobody. */
	check_tally(&f->ranking.tallies[1], 0, 2, 0, 0, 0);
	check_tally(&f->ranking.tallies[2], 1, 2, 1, 0, 0);
}

/* Ensure a group that straddles the quota line is a tie (quota 2). */
static void
test_rank_results_tie_at_quota_line(void **state)
{
	static const published_t scores[] = { 9500, 9000, 9000, 8500 };
	static const struct expect want[] = {
		{ "S1", 1, N }, { "S2", 2, T }, { "S3", 2, T }, { "S4", 4, X },
	};
	struct fixture *f = *state;

	add_scores(f, scores, 4);
	rank(f);
	check_order(f, want, 4);
	check_tally(&f->ranking.tallies[0], 4, 2, 1, 2, 0);
}

/* Ensure a group that fits the quota exactly is nominated whole (quota 3). */
static void
test_rank_results_group_fits(void **state)
{
	static const published_t scores[] = { 9500, 9000, 9000, 8500 };
	static const struct expect want[] = {
		{ "S1", 1, N }, { "S2", 2, N }, { "S3", 2, N }, { "S4", 4, X },
	};
	struct fixture *f = *state;

	f->quota.amount = 3;
	add_scores(f, scores, 4);
	rank(f);
	check_order(f, want, 4);
	check_tally(&f->ranking.tallies[0], 4, 3, 3, 0, 0);
}

/* Ensure a tie for the only place leaves both tied (quota 1). */
static void
test_rank_results_tie_for_first(void **state)
{
	static const published_t scores[] = { 9000, 9000 };
	static const struct expect want[] = { { "S1", 1, T }, { "S2", 1, T } };
	struct fixture *f = *state;

	f->quota.amount = 1;
	add_scores(f, scores, 2);
	rank(f);
	check_order(f, want, 2);
	check_tally(&f->ranking.tallies[0], 2, 1, 0, 2, 0);
}

/* Ensure a quota used up exactly leaves the next group not nominated. */
static void
test_rank_results_quota_used_up(void **state)
{
	static const published_t scores[] = { 9500, 9400, 9000, 9000 };
	static const struct expect want[] = {
		{ "S1", 1, N }, { "S2", 2, N }, { "S3", 3, X }, { "S4", 3, X },
	};
	struct fixture *f = *state;

	add_scores(f, scores, 4);
	rank(f);
	check_order(f, want, 4);
	check_tally(&f->ranking.tallies[0], 4, 2, 2, 0, 0);
}

/* Ensure a quota of 0 nominates nobody and makes no tie. */
static void
test_rank_results_quota_zero(void **state)
{
	static const published_t scores[] = { 9500, 9000, 9000 };
	static const struct expect want[] = {
		{ "S1", 1, X }, { "S2", 2, X }, { "S3", 2, X },
	};
	struct fixture *f = *state;

	f->quota.amount = 0;
	add_scores(f, scores, 3);
	rank(f);
	check_order(f, want, 3);
	check_tally(&f->ranking.tallies[0], 3, 0, 0, 0, 0);
}

/* Ensure results after a tie are not nominated, whatever their scores. */
static void
test_rank_results_after_tie(void **state)
{
	static const published_t scores[] = { 9000, 9000, 9000, 8000, 7000 };
	static const struct expect want[] = {
		{ "S1", 1, T }, { "S2", 1, T }, { "S3", 1, T },
		{ "S4", 4, X }, { "S5", 5, X },
	};
	struct fixture *f = *state;

	add_scores(f, scores, 5);
	rank(f);
	check_order(f, want, 5);
	check_tally(&f->ranking.tallies[0], 5, 2, 0, 3, 0);
}

/* Ensure an ineligible result in a group neither counts nor ties. */
static void
test_rank_results_ineligible_in_group(void **state)
{
	static const struct expect want[] = {
		{ "S1", 1, N }, { "S2", 2, I }, { "S3", 2, N }, { "S4", 4, X },
	};
	struct fixture *f = *state;

	add(f, 0, "S1", 9500, true);
	add(f, 0, "S2", 9000, false);
	add(f, 0, "S3", 9000, true);
	add(f, 0, "S4", 8500, true);
	rank(f);
	check_order(f, want, 4);
	check_tally(&f->ranking.tallies[0], 4, 2, 2, 0, 1);
}

/* Ensure an ineligible result inside a tie is ineligible, not tied. */
static void
test_rank_results_ineligible_in_tie(void **state)
{
	static const struct expect want[] = {
		{ "S1", 1, N }, { "S2", 2, T }, { "S3", 2, I }, { "S4", 2, T },
		{ "S5", 5, I }, { "S6", 6, X },
	};
	struct fixture *f = *state;

	add(f, 0, "S1", 9500, true);
	add(f, 0, "S2", 9000, true);
	add(f, 0, "S3", 9000, false);
	add(f, 0, "S4", 9000, true);
	add(f, 0, "S5", 8500, false);
	add(f, 0, "S6", 8000, true);
	rank(f);
	check_order(f, want, 6);
	check_tally(&f->ranking.tallies[0], 6, 2, 1, 2, 2);
}

/*
 * Ensure ineligible staff above the line use no quota, yet count as
 * participants for a percentage quota.
 */
static void
test_rank_results_ineligible_participates(void **state)
{
	static const struct expect want[] = {
		{ "S1", 1, I }, { "S2", 2, I }, { "S3", 3, N }, { "S4", 4, X },
	};
	struct fixture *f = *state;

	f->quota.percent = true;
	f->quota.amount = 25;		/* 25% of 4 = 1 */
	add(f, 0, "S1", 9900, false);
	add(f, 0, "S2", 9800, false);
	add(f, 0, "S3", 9000, true);
	add(f, 0, "S4", 8000, true);
	rank(f);
	check_order(f, want, 4);
	check_tally(&f->ranking.tallies[0], 4, 1, 1, 0, 2);
}

/* Ensure eligible staff under the floor are not nominated, using no quota. */
static void
test_rank_results_floor(void **state)
{
	static const struct expect want[] = {
		{ "S1", 1, N }, { "S2", 2, N }, { "S3", 3, X }, { "S4", 4, X },
		{ "S5", 5, I },
	};
	struct fixture *f = *state;

	f->quota.amount = 3;
	f->quota.has_floor = true;
	f->quota.floor = SCORE(90);
	add(f, 0, "S1", 9500, true);
	add(f, 0, "S2", 9000, true);
	add(f, 0, "S3", 8999, true);
	add(f, 0, "S4", 8000, true);
	add(f, 0, "S5", 7000, false);
	rank(f);
	check_order(f, want, 5);
	check_tally(&f->ranking.tallies[0], 5, 3, 2, 0, 1);
}

/* Ensure a group at the floor can still tie at the quota line. */
static void
test_rank_results_floor_tie(void **state)
{
	static const struct expect want[] = {
		{ "S1", 1, T }, { "S2", 1, T }, { "S3", 3, X },
	};
	struct fixture *f = *state;

	f->quota.amount = 1;
	f->quota.has_floor = true;
	f->quota.floor = SCORE(92);
	add(f, 0, "S1", 9200, true);
	add(f, 0, "S2", 9200, true);
	add(f, 0, "S3", 9100, true);
	rank(f);
	check_order(f, want, 3);
}

/*
 * Ensure the floor compares the published score: 84.995 published as
 * 85.00 reaches a floor of 85; at 3 decimals, 84.995 does not.
 */
static void
test_rank_results_floor_published(void **state)
{
	static const struct expect d2[] = { { "S1", 1, N } };
	static const struct expect d3[] = { { "S1", 1, X } };
	struct fixture *f = *state;

	f->quota.has_floor = true;
	f->quota.floor = SCORE(85);
	add(f, 0, "S1", 8500, true);
	rank(f);
	check_order(f, d2, 1);
	rank_free(&f->ranking);
	f->results = calloc(MAX_RESULTS, sizeof *f->results);
	assert_non_null(f->results);
	f->count = 0;
	f->quota.decimals = 3;
	add(f, 0, "S1", 84995, true);
	rank(f);
	check_order(f, d3, 1);
}

/* Ensure a floor of 0 (-m 0) keeps every eligible result a candidate. */
static void
test_rank_results_floor_zero(void **state)
{
	static const struct expect want[] = { { "S1", 1, N }, { "S2", 2, N } };
	struct fixture *f = *state;

	f->quota.has_floor = true;
	f->quota.floor = 0;
	add(f, 0, "S1", 1, true);
	add(f, 0, "S2", 0, true);
	rank(f);
	check_order(f, want, 2);
}

/* Ensure the tally counts the participants whose unit has W 0. */
static void
test_rank_results_dept_only_tally(void **state)
{
	struct fixture *f = *state;

	add_weighted(f, 0, "S1", 9000, true, 60);
	add_weighted(f, 0, "S2", 8000, true, 0);
	add_weighted(f, 0, "S3", 7000, false, 0);
	add_weighted(f, 1, "S4", 9000, true, 100);
	rank(f);
	assert_int_equal(f->ranking.tallies[0].dept_only, 2);
	assert_int_equal(f->ranking.tallies[0].participants, 3);
	assert_int_equal(f->ranking.tallies[1].dept_only, 0);
}

/* Ensure no results rank to nothing, with streets or without. */
static void
test_rank_results_empty(void **state)
{
	struct fixture *f = *state;

	rank(f);
	assert_int_equal(f->ranking.count, 0);
	assert_non_null(f->ranking.results);
	rank_free(&f->ranking);
	f->nstreets = 2;
	f->quota.percent = true;
	f->quota.amount = 20;
	rank(f);
	check_tally(&f->ranking.tallies[0], 0, 0, 0, 0, 0);
	check_tally(&f->ranking.tallies[1], 0, 0, 0, 0, 0);
}

int
main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rank_quota_percent_rounding),
		cmocka_unit_test(test_rank_quota_percent_limits),
		cmocka_unit_test(test_rank_quota_count),
		TEST(test_rank_results_competition_ranks),
		TEST(test_rank_results_ties_by_staff_id),
		TEST(test_rank_results_big_street_order),
		TEST(test_rank_results_street_order),
		TEST(test_rank_results_streets_apart),
		TEST(test_rank_results_street_without_results),
		TEST(test_rank_results_tie_at_quota_line),
		TEST(test_rank_results_group_fits),
		TEST(test_rank_results_tie_for_first),
		TEST(test_rank_results_quota_used_up),
		TEST(test_rank_results_quota_zero),
		TEST(test_rank_results_after_tie),
		TEST(test_rank_results_ineligible_in_group),
		TEST(test_rank_results_ineligible_in_tie),
		TEST(test_rank_results_ineligible_participates),
		TEST(test_rank_results_floor),
		TEST(test_rank_results_floor_tie),
		TEST(test_rank_results_floor_published),
		TEST(test_rank_results_floor_zero),
		TEST(test_rank_results_dept_only_tally),
		TEST(test_rank_results_empty),
	};
#undef TEST

	return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "helpers.h"
#include "policy.h"
#include "rank.h"
#include "roster.h"
#include "roster_rows.h"
#include "score.h"

#define DANAN	"大南街道"
#define XIAOXI	"小西街道"

enum { N = STATUS_NOMINATED, T = STATUS_TIE, X = STATUS_NOT_NOMINATED,
    I = STATUS_INELIGIBLE };

/* A roster of hand-made rows, its ranking, and a diag in memory. */
struct fixture {
	struct policy	 policy;
	struct roster	 roster;
	struct ranking	 ranking;
	struct quota_rule quota;
	struct capture	 cap;
	struct diag	 diag;
	bool		 ranked;
};

/* What a row should look like after ranking, in output order. */
struct expect {
	const char	*id;
	uint32_t	 rank;
	int		 status;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (f == NULL || !policy_builtin(&f->policy, 60))
		return -1;
	roster_init(&f->roster, &f->policy);
	capture_open(&f->cap);
	diag_init(&f->diag, f->cap.fp);
	f->quota.percent = false;
	f->quota.amount = 2;
	f->quota.decimals = 2;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	if (f->ranked)
		rank_free(&f->ranking);
	roster_free(&f->roster);
	policy_free(&f->policy);
	capture_close(&f->cap);
	free(f);
	return 0;
}

/* Add a valid row with a published score at 2 decimals (9013 = 90.13). */
static void
add_row(struct fixture *f, const char *street, const char *id,
    const char *name, published_t combined, bool eligible)
{
	struct test_row row = { street, id, name, "90", "90", combined,
	    eligible };

	add_test_row(&f->roster, &row);
}

/* Add rows S1, S2, ... to one street with the given scores. */
static void
add_scores(struct fixture *f, const char *street, const published_t *scores,
    size_t n)
{
	char id[32], name[32];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "S%zu", i + 1);
		snprintf(name, sizeof name, "N%zu", i + 1);
		add_row(f, street, id, name, scores[i], true);
	}
}

static void
rank(struct fixture *f)
{
	assert_true(rank_roster(&f->roster, &f->quota, &f->ranking));
	f->ranked = true;
}

static const char *
status_name(int status)
{
	switch (status) {
	case STATUS_NOMINATED:
		return "nominated";
	case STATUS_TIE:
		return "tie";
	case STATUS_NOT_NOMINATED:
		return "not-nominated";
	case STATUS_INELIGIBLE:
		return "ineligible";
	}
	return "?";
}

/* Check the whole output order, each row's rank and status. */
static void
check_order(struct fixture *f, const struct expect *want, size_t n)
{
	const struct staff *s;
	char id[64];
	size_t i;

	assert_int_equal(f->roster.count, n);
	for (i = 0; i < n; i++) {
		s = &f->roster.rows[f->ranking.order[i]];
		copy_staff_text(&f->roster, s, STAFF_ID, id, sizeof id);
		if (strcmp(id, want[i].id) != 0 || s->rank != want[i].rank ||
		    s->status != want[i].status)
			fail_msg("row %zu: %s rank %u %s, expected %s rank %u "
			    "%s", i, id, s->rank, status_name(s->status),
			    want[i].id, want[i].rank,
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
	assert_int_equal(quota_percent(0, 100), 0);
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
	assert_int_equal(rank_quota(1, &q), 3);
	assert_int_equal(rank_quota(0, &q), 3);
	q.amount = 0;
	assert_int_equal(rank_quota(12, &q), 0);
	q.amount = 150;
	assert_int_equal(rank_quota(12, &q), 150);
}

/* Ensure equal scores share a rank and the next rank skips. */
static void
test_rank_roster_competition_ranks(void **state)
{
	static const published_t scores[] = { 8500, 9000, 9500, 9000, 8500,
	    8000 };
	static const struct expect want[] = {
		{ "S3", 1, N }, { "S2", 2, T }, { "S4", 2, T },
		{ "S1", 4, X }, { "S5", 4, X }, { "S6", 6, X },
	};
	struct fixture *f = *state;

	add_scores(f, DANAN, scores, 6);
	rank(f);
	check_order(f, want, 6);
}

/* Ensure rows of equal score are ordered by staff_id bytes. */
static void
test_rank_roster_ties_by_staff_id(void **state)
{
	static const struct expect want[] = {
		{ "S001", 1, N }, { "S10", 1, N }, { "S2", 1, N },
		{ "s001", 1, N }, { "\xE5\xBC\xA0", 1, N }, { "a", 6, N },
	};
	struct fixture *f = *state;

	f->quota.amount = 10;
	add_row(f, DANAN, "S2", "n1", 9000, true);
	add_row(f, DANAN, "s001", "n2", 9000, true);
	add_row(f, DANAN, "a", "n3", 8999, true);
	add_row(f, DANAN, "\xE5\xBC\xA0", "n4", 9000, true);	/* 张 */
	add_row(f, DANAN, "S10", "n5", 9000, true);
	add_row(f, DANAN, "S001", "n6", 9000, true);
	rank(f);
	check_order(f, want, 6);
}

/*
 * Ensure a big street (sorted by score a byte at a time, then runs of equal
 * scores by staff_id) comes out in the same order as a small one: scores
 * falling, equal scores by staff_id bytes, competition ranks.  The scores
 * need three bytes, and every tenth row shares its score with another.
 */
static void
test_rank_roster_big_street_order(void **state)
{
	struct fixture *f = *state;
	char id[32], name[32];
	const struct staff *prev = NULL, *s;
	uint32_t i, n = 3000;

	f->quota.amount = 100;
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "S%u", (i * 7919) % n);
		snprintf(name, sizeof name, "N%u", i);
		add_row(f, DANAN, id, name, (published_t)(i % 10 == 0 ?
		    123456 - i % 7 : 70000 + (i * 104729) % 50000), true);
	}
	rank(f);
	for (i = 0; i < n; i++, prev = s) {
		s = &f->roster.rows[f->ranking.order[i]];
		if (prev == NULL) {
			assert_int_equal(s->rank, 1);
			continue;
		}
		assert_true(prev->combined >= s->combined);
		if (prev->combined > s->combined) {
			assert_int_equal(s->rank, i + 1);
			continue;
		}
		assert_int_equal(s->rank, prev->rank);
		assert_true(strcmp(copy_staff_text(&f->roster, prev, STAFF_ID,
		    id, sizeof id), copy_staff_text(&f->roster, s, STAFF_ID,
		    name, sizeof name)) < 0);
	}
	assert_int_equal(f->roster.rows[f->ranking.order[0]].combined, 123456);
}

/*
 * Ensure grouping by street keeps each street's rows in input order, also
 * with rows enough to be counted and placed in two halves, and streets
 * whose rows fall in both.
 */
static void
test_rank_group_input_order(void **state)
{
	static const char *const streets[] = { "甲街道", "乙街道", "丙街道" };
	struct fixture *f = *state;
	struct test_row row = { NULL, NULL, "N", "90", "90", 9000, true };
	uint32_t n = 70000, i, s, at;
	char id[32];

	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "S%u", i);
		row.street = streets[(i * 7 + i / 1000) % 3];
		row.id = id;
		add_test_row(&f->roster, &row);
	}
	assert_true(rank_group(&f->roster, &f->ranking));
	f->ranked = true;
	for (s = 0; s < 3; s++)
		for (i = rank_street_begin(&f->ranking, s);
		    i < f->ranking.ends[s]; i++) {
			at = f->ranking.order[i];
			assert_int_equal(f->roster.rows[at].street, s);
			if (i > rank_street_begin(&f->ranking, s))
				assert_true(at > f->ranking.order[i - 1]);
		}
	assert_int_equal(f->ranking.ends[2], n);
}

/* Ensure streets come out in the order they first appear. */
static void
test_rank_roster_street_order(void **state)
{
	static const struct expect want[] = {
		{ "B2", 1, N }, { "B1", 2, X }, { "B3", 3, X },
		{ "A1", 1, N }, { "A2", 2, X },
		{ "C1", 1, N },
	};
	struct fixture *f = *state;

	f->quota.amount = 1;
	add_row(f, XIAOXI, "B1", "b1", 8000, true);
	add_row(f, DANAN, "A1", "a1", 7000, true);
	add_row(f, XIAOXI, "B2", "b2", 9000, true);
	add_row(f, "\xE5\x8C\x97\xE7\xAB\x99", "C1", "c1", 6000, true);
	add_row(f, DANAN, "A2", "a2", 6000, true);
	add_row(f, XIAOXI, "B3", "b3", 7000, true);
	rank(f);
	check_order(f, want, 6);
	check_tally(&f->ranking.tallies[0], 3, 1, 1, 0, 0);
	check_tally(&f->ranking.tallies[1], 2, 1, 1, 0, 0);
	check_tally(&f->ranking.tallies[2], 1, 1, 1, 0, 0);
}

/* Ensure each street is ranked and given its quota on its own. */
static void
test_rank_roster_streets_independent(void **state)
{
	static const struct expect want[] = {
		{ "A1", 1, N }, { "A2", 2, N }, { "A3", 3, X },
		{ "B1", 1, N }, { "B2", 2, T }, { "B3", 2, T },
	};
	struct fixture *f = *state;

	f->quota.percent = true;
	f->quota.amount = 50;
	add_row(f, DANAN, "A1", "a1", 9900, true);
	add_row(f, XIAOXI, "B1", "b1", 5000, true);
	add_row(f, DANAN, "A2", "a2", 9800, true);
	add_row(f, XIAOXI, "B2", "b2", 4000, true);
	add_row(f, DANAN, "A3", "a3", 9700, true);
	add_row(f, XIAOXI, "B3", "b3", 4000, true);
	rank(f);
	check_order(f, want, 6);
	check_tally(&f->ranking.tallies[0], 3, 2, 2, 0, 0);
	check_tally(&f->ranking.tallies[1], 3, 2, 1, 2, 0);
}

/* Ensure a group that straddles the quota line is a tie (quota 2). */
static void
test_rank_roster_tie_at_quota_line(void **state)
{
	static const published_t scores[] = { 9500, 9000, 9000, 8500 };
	static const struct expect want[] = {
		{ "S1", 1, N }, { "S2", 2, T }, { "S3", 2, T }, { "S4", 4, X },
	};
	struct fixture *f = *state;

	add_scores(f, DANAN, scores, 4);
	rank(f);
	check_order(f, want, 4);
	check_tally(&f->ranking.tallies[0], 4, 2, 1, 2, 0);
}

/* Ensure a group that fits the quota exactly is nominated whole (quota 3). */
static void
test_rank_roster_group_fits(void **state)
{
	static const published_t scores[] = { 9500, 9000, 9000, 8500 };
	static const struct expect want[] = {
		{ "S1", 1, N }, { "S2", 2, N }, { "S3", 2, N }, { "S4", 4, X },
	};
	struct fixture *f = *state;

	f->quota.amount = 3;
	add_scores(f, DANAN, scores, 4);
	rank(f);
	check_order(f, want, 4);
	check_tally(&f->ranking.tallies[0], 4, 3, 3, 0, 0);
}

/* Ensure a tie for the only place leaves both tied (quota 1). */
static void
test_rank_roster_tie_for_first(void **state)
{
	static const published_t scores[] = { 9000, 9000 };
	static const struct expect want[] = { { "S1", 1, T }, { "S2", 1, T } };
	struct fixture *f = *state;

	f->quota.amount = 1;
	add_scores(f, DANAN, scores, 2);
	rank(f);
	check_order(f, want, 2);
	check_tally(&f->ranking.tallies[0], 2, 1, 0, 2, 0);
}

/* Ensure a quota used up exactly leaves the next group not nominated. */
static void
test_rank_roster_quota_used_up(void **state)
{
	static const published_t scores[] = { 9500, 9400, 9000, 9000 };
	static const struct expect want[] = {
		{ "S1", 1, N }, { "S2", 2, N }, { "S3", 3, X }, { "S4", 3, X },
	};
	struct fixture *f = *state;

	add_scores(f, DANAN, scores, 4);
	rank(f);
	check_order(f, want, 4);
	check_tally(&f->ranking.tallies[0], 4, 2, 2, 0, 0);
}

/* Ensure a quota of 0 nominates nobody and makes no tie. */
static void
test_rank_roster_quota_zero(void **state)
{
	static const published_t scores[] = { 9500, 9000, 9000 };
	static const struct expect want[] = {
		{ "S1", 1, X }, { "S2", 2, X }, { "S3", 2, X },
	};
	struct fixture *f = *state;

	f->quota.amount = 0;
	add_scores(f, DANAN, scores, 3);
	rank(f);
	check_order(f, want, 3);
	check_tally(&f->ranking.tallies[0], 3, 0, 0, 0, 0);
	rank_warn_ties(&f->roster, &f->ranking, 2, &f->diag);
	assert_int_equal(f->cap.len, 0);
	assert_int_equal(capture_text(&f->cap)[0], '\0');
}

/* Ensure rows after a tie are not nominated, whatever their scores. */
static void
test_rank_roster_after_tie(void **state)
{
	static const published_t scores[] = { 9000, 9000, 9000, 8000, 7000 };
	static const struct expect want[] = {
		{ "S1", 1, T }, { "S2", 1, T }, { "S3", 1, T },
		{ "S4", 4, X }, { "S5", 5, X },
	};
	struct fixture *f = *state;

	add_scores(f, DANAN, scores, 5);
	rank(f);
	check_order(f, want, 5);
	check_tally(&f->ranking.tallies[0], 5, 2, 0, 3, 0);
}

/* Ensure an ineligible row in a tied group neither counts nor ties. */
static void
test_rank_roster_ineligible_in_group(void **state)
{
	static const struct expect want[] = {
		{ "S1", 1, N }, { "S2", 2, I }, { "S3", 2, N }, { "S4", 4, X },
	};
	struct fixture *f = *state;

	add_row(f, DANAN, "S1", "n1", 9500, true);
	add_row(f, DANAN, "S2", "n2", 9000, false);
	add_row(f, DANAN, "S3", "n3", 9000, true);
	add_row(f, DANAN, "S4", "n4", 8500, true);
	rank(f);
	check_order(f, want, 4);
	check_tally(&f->ranking.tallies[0], 4, 2, 2, 0, 1);
}

/* Ensure an ineligible row inside a tie is ineligible, not tied. */
static void
test_rank_roster_ineligible_in_tie(void **state)
{
	static const struct expect want[] = {
		{ "S1", 1, N }, { "S2", 2, T }, { "S3", 2, I }, { "S4", 2, T },
		{ "S5", 5, I }, { "S6", 6, X },
	};
	struct fixture *f = *state;

	add_row(f, DANAN, "S1", "n1", 9500, true);
	add_row(f, DANAN, "S2", "n2", 9000, true);
	add_row(f, DANAN, "S3", "n3", 9000, false);
	add_row(f, DANAN, "S4", "n4", 9000, true);
	add_row(f, DANAN, "S5", "n5", 8500, false);
	add_row(f, DANAN, "S6", "n6", 8000, true);
	rank(f);
	check_order(f, want, 6);
	check_tally(&f->ranking.tallies[0], 6, 2, 1, 2, 2);
}

/* Ensure ineligible rows above the line do not use the quota. */
static void
test_rank_roster_ineligible_uses_no_quota(void **state)
{
	static const struct expect want[] = {
		{ "S1", 1, I }, { "S2", 2, I }, { "S3", 3, N }, { "S4", 4, X },
	};
	struct fixture *f = *state;

	f->quota.amount = 1;
	add_row(f, DANAN, "S1", "n1", 9900, false);
	add_row(f, DANAN, "S2", "n2", 9800, false);
	add_row(f, DANAN, "S3", "n3", 9000, true);
	add_row(f, DANAN, "S4", "n4", 8000, true);
	rank(f);
	check_order(f, want, 4);
	check_tally(&f->ranking.tallies[0], 4, 1, 1, 0, 2);
}

/* Ensure ineligible rows are participants for a percentage quota. */
static void
test_rank_roster_ineligible_participates(void **state)
{
	struct fixture *f = *state;

	f->quota.percent = true;
	f->quota.amount = 50;
	add_row(f, DANAN, "S1", "n1", 9900, false);
	add_row(f, DANAN, "S2", "n2", 9800, true);
	add_row(f, DANAN, "S3", "n3", 9700, true);
	add_row(f, DANAN, "S4", "n4", 9600, true);
	add_row(f, DANAN, "S5", "n5", 9500, true);
	rank(f);
	/* P = 5, 50% = 2.5 -> 3 */
	check_tally(&f->ranking.tallies[0], 5, 3, 3, 0, 1);
}

/* Ensure eligible rows under the floor are not nominated, using no quota. */
static void
test_rank_roster_floor(void **state)
{
	static const struct expect want[] = {
		{ "S1", 1, N }, { "S2", 2, N }, { "S3", 3, X }, { "S4", 4, X },
		{ "S5", 5, I },
	};
	struct fixture *f = *state;

	f->quota.amount = 3;
	f->quota.has_floor = true;
	f->quota.floor = UINT64_C(90) * 1000000000000000;	/* 90 */
	add_row(f, DANAN, "S1", "n1", 9500, true);
	add_row(f, DANAN, "S2", "n2", 9000, true);
	add_row(f, DANAN, "S3", "n3", 8999, true);
	add_row(f, DANAN, "S4", "n4", 8000, true);
	add_row(f, DANAN, "S5", "n5", 7000, false);
	rank(f);
	check_order(f, want, 5);
	check_tally(&f->ranking.tallies[0], 5, 3, 2, 0, 1);
	rank_warn_ties(&f->roster, &f->ranking, 2, &f->diag);
	assert_int_equal(f->cap.len, 0);
}

/* Ensure a group at the floor can still tie at the quota line. */
static void
test_rank_roster_floor_tie(void **state)
{
	static const struct expect want[] = {
		{ "S1", 1, T }, { "S2", 1, T }, { "S3", 3, X },
	};
	struct fixture *f = *state;

	f->quota.amount = 1;
	f->quota.has_floor = true;
	f->quota.floor = UINT64_C(92) * 1000000000000000;
	add_row(f, DANAN, "S1", "n1", 9200, true);
	add_row(f, DANAN, "S2", "n2", 9200, true);
	add_row(f, DANAN, "S3", "n3", 9100, true);
	rank(f);
	check_order(f, want, 3);
}

/* Ensure a floor of 0 (-m 0) keeps every eligible row a candidate. */
static void
test_rank_roster_floor_zero(void **state)
{
	static const struct expect want[] = { { "S1", 1, N }, { "S2", 2, N } };
	struct fixture *f = *state;

	f->quota.has_floor = true;
	f->quota.floor = 0;
	add_row(f, DANAN, "S1", "n1", 1, true);
	add_row(f, DANAN, "S2", "n2", 0, true);
	rank(f);
	check_order(f, want, 2);
}

/* Ensure an empty roster ranks to nothing. */
static void
test_rank_roster_empty(void **state)
{
	struct fixture *f = *state;

	rank(f);
	assert_non_null(f->ranking.order);
	rank_warn_ties(&f->roster, &f->ranking, 2, &f->diag);
	rank_summarize(&f->roster, &f->ranking, &f->diag);
	assert_int_equal(f->cap.len, 0);
	assert_int_equal(capture_text(&f->cap)[0], '\0');
}

/* Ensure the tie warning names the street, the staff and the score. */
static void
test_rank_warn_ties_names(void **state)
{
	struct fixture *f = *state;
	const char *out;

	add_row(f, DANAN, "S1", "张三", 9500, true);
	add_row(f, DANAN, "S2", "李四", 9000, true);
	add_row(f, DANAN, "S3", "王五", 9000, false);
	add_row(f, DANAN, "S4", "赵六", 9000, true);
	add_row(f, DANAN, "S5", "钱七", 8500, true);
	add_row(f, XIAOXI, "X1", "孙八", 9000, true);
	rank(f);
	rank_warn_ties(&f->roster, &f->ranking, 2, &f->diag);
	out = capture_text(&f->cap);
	assert_int_equal(count_occurrences(out, "\n"), 1);
	assert_contains(out, "kaoping: warning: ");
	assert_contains(out, DANAN);
	assert_contains(out, "S2");
	assert_contains(out, "李四");
	assert_contains(out, "S4");
	assert_contains(out, "赵六");
	assert_contains(out, "90.00");
	assert_not_contains(out, "S1");
	assert_not_contains(out, "张三");
	assert_not_contains(out, "S3");
	assert_not_contains(out, "王五");
	assert_not_contains(out, "S5");
	assert_not_contains(out, XIAOXI);
	/* the warning counts no errors */
	assert_int_equal(f->diag.errors, 0);
}

/* Ensure each street with a tie gets its own warning. */
static void
test_rank_warn_ties_per_street(void **state)
{
	struct fixture *f = *state;
	const char *out;

	f->quota.amount = 1;
	f->quota.decimals = 0;
	add_row(f, XIAOXI, "B1", "b-one", 90, true);
	add_row(f, DANAN, "A1", "a-one", 80, true);
	add_row(f, XIAOXI, "B2", "b-two", 90, true);
	add_row(f, DANAN, "A2", "a-two", 80, true);
	add_row(f, "\xE5\x8C\x97\xE7\xAB\x99", "C1", "c-one", 70, true);
	rank(f);
	rank_warn_ties(&f->roster, &f->ranking, 0, &f->diag);
	out = capture_text(&f->cap);
	assert_int_equal(count_occurrences(out, "kaoping: warning: "), 2);
	assert_true(strstr(out, XIAOXI) < strstr(out, DANAN));
	assert_contains(strstr(out, XIAOXI), "B1 b-one");
	assert_contains(strstr(out, DANAN), "A2 a-two");
	assert_contains(out, " 90");
	assert_contains(out, " 80");
	assert_not_contains(out, "C1");
}

/* Ensure the -v summary has one line per street, in street order. */
static void
test_rank_summarize_lines(void **state)
{
	struct fixture *f = *state;
	const char *out, *a, *b;

	add_row(f, XIAOXI, "B1", "b1", 9500, true);
	add_row(f, XIAOXI, "B2", "b2", 9000, true);
	add_row(f, XIAOXI, "B3", "b3", 9000, true);
	add_row(f, XIAOXI, "B4", "b4", 8000, false);
	add_row(f, DANAN, "A1", "a1", 9000, true);
	rank(f);
	rank_summarize(&f->roster, &f->ranking, &f->diag);
	out = capture_text(&f->cap);
	assert_int_equal(count_occurrences(out, "\n"), 2);
	assert_int_equal(count_occurrences(out, "kaoping: "), 2);
	a = strstr(out, XIAOXI);
	b = strstr(out, DANAN);
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a < b);
	assert_contains(out, XIAOXI ": 4 staff, quota 2, 1 nominated, "
	    "2 tied, 1 ineligible\n");
	assert_contains(out, DANAN ": 1 staff, quota 2, 1 nominated, "
	    "0 tied, 0 ineligible\n");
}

static void
check_texts(const struct roster *r, uint32_t row, const char *id,
    const char *name, const char *dept, const char *street_score)
{
	const char *want[STAFF_TEXTS] = { id, name, dept, street_score };
	struct text_span t[STAFF_TEXTS];
	int i;

	roster_staff_texts(r, &r->rows[row], t);
	for (i = 0; i < STAFF_TEXTS; i++) {
		assert_int_equal(t[i].len, strlen(want[i]));
		assert_memory_equal(t[i].s, want[i], t[i].len);
		assert_ptr_equal(roster_staff_text(r, &r->rows[row],
		    (enum staff_text)i).s, t[i].s);
	}
}

/* Ensure a row whose text would pass CELLS_MAX is refused. */
static void
test_roster_text_limit(void **state)
{
	struct fixture *f = *state;
	struct strtab_key id = strtab_key("S2", 2);
	struct staff_input in;
	uint32_t first_sheet;
	unsigned long first_line;
	size_t real_len;

	add_row(f, DANAN, "S1", "Name", 9000, true);
	memset(&in, 0, sizeof in);
	assert_int_equal(roster_claim_id(&f->roster, &id, 0, 3, &in.id,
	    &first_sheet, &first_line), 1);
	in.name = "Name";
	in.name_len = 4;
	in.dept_text = in.street_text = "90";
	in.dept_len = in.street_text_len = 2;
	in.street = strtab_key(DANAN, strlen(DANAN));
	real_len = f->roster.text.len;
	f->roster.text.len = CELLS_MAX - 8;	/* as if nearly full */
	assert_false(roster_add(&f->roster, &in));
	assert_int_equal(f->roster.count, 1);
	f->roster.text.len = real_len;
	assert_true(roster_add(&f->roster, &in));
	assert_int_equal(f->roster.count, 2);
	check_texts(&f->roster, 1, "S2", "Name", "90", "90");
}

/*
 * Ensure rows whose staff_ids were claimed earlier than just before them
 * still begin with their own staff_id.
 */
static void
test_roster_ids_claimed_ahead(void **state)
{
	struct fixture *f = *state;
	struct strtab_key keys[] = { strtab_key("S1", 2), strtab_key("S22", 3) };
	struct staff_input in;
	uint32_t ids[2], first_sheet, i;
	unsigned long first_line;

	for (i = 0; i < 2; i++)
		assert_int_equal(roster_claim_id(&f->roster, &keys[i], 0, i + 2,
		    &ids[i], &first_sheet, &first_line), 1);
	for (i = 0; i < 2; i++) {
		memset(&in, 0, sizeof in);
		in.id = ids[i];
		in.name = i == 0 ? "A" : "B";
		in.name_len = 1;
		in.dept_text = in.street_text = "90";
		in.dept_len = in.street_text_len = 2;
		in.street = strtab_key(DANAN, strlen(DANAN));
		assert_true(roster_add(&f->roster, &in));
	}
	check_texts(&f->roster, 0, "S1", "A", "90", "90");
	check_texts(&f->roster, 1, "S22", "B", "90", "90");
}

/* Ensure ranking needs nothing of the staff_id table once it is freed. */
static void
test_roster_forget_ids(void **state)
{
	struct fixture *f = *state;
	static const struct expect want[] = {
		{ "S2", 1, N }, { "S1", 2, N }, { "S3", 3, X },
	};

	add_row(f, DANAN, "S1", "A", 9000, true);
	add_row(f, DANAN, "S2", "B", 9500, true);
	add_row(f, DANAN, "S3", "C", 8000, true);
	roster_forget_ids(&f->roster);
	assert_int_equal(f->roster.ids.count, 0);
	assert_null(f->roster.id_origins);
	rank(f);
	check_order(f, want, 3);
}

/*
 * Ensure a row's texts come back as they went in, cells of 128 bytes and
 * more too (their lengths take more than a byte), and that staff_ids
 * compare as strcmp would: a prefix first, bytes unsigned.
 */
static void
test_roster_texts(void **state)
{
	struct fixture *f = *state;
	static char huge[20001], long_id[131];
	struct test_row rows[] = {
		{ DANAN, "S10", "张三", "88.5", "", 9000, true },
		{ DANAN, long_id, huge, "90", "70.25", 9000, true },
		{ DANAN, "S1", "", "7", "100", 9000, true },
	};
	const struct staff *s10, *lng, *s1;
	size_t i;

	memset(huge, 'x', sizeof huge - 1);
	memset(long_id, 'Z', sizeof long_id - 1);
	memcpy(long_id, "张", strlen("张"));
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		add_test_row(&f->roster, &rows[i]);
	check_texts(&f->roster, 0, "S10", "张三", "88.5", "");
	check_texts(&f->roster, 1, long_id, huge, "90", "70.25");
	check_texts(&f->roster, 2, "S1", "", "7", "100");
	s10 = &f->roster.rows[0];
	lng = &f->roster.rows[1];
	s1 = &f->roster.rows[2];
	assert_true(roster_compare_ids(&f->roster, s1, s10) < 0);
	assert_true(roster_compare_ids(&f->roster, s10, s1) > 0);
	assert_true(roster_compare_ids(&f->roster, s10, lng) < 0);
	assert_true(roster_compare_ids(&f->roster, lng, s1) > 0);
	assert_int_equal(roster_compare_ids(&f->roster, lng, lng), 0);
}

int
main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rank_quota_percent_rounding),
		cmocka_unit_test(test_rank_quota_percent_limits),
		cmocka_unit_test(test_rank_quota_count),
		TEST(test_rank_roster_competition_ranks),
		TEST(test_rank_roster_big_street_order),
		TEST(test_rank_roster_ties_by_staff_id),
		TEST(test_rank_roster_street_order),
		TEST(test_rank_group_input_order),
		TEST(test_rank_roster_streets_independent),
		TEST(test_rank_roster_tie_at_quota_line),
		TEST(test_rank_roster_group_fits),
		TEST(test_rank_roster_tie_for_first),
		TEST(test_rank_roster_quota_used_up),
		TEST(test_rank_roster_quota_zero),
		TEST(test_rank_roster_after_tie),
		TEST(test_rank_roster_ineligible_in_group),
		TEST(test_rank_roster_ineligible_in_tie),
		TEST(test_rank_roster_ineligible_uses_no_quota),
		TEST(test_rank_roster_ineligible_participates),
		TEST(test_rank_roster_floor),
		TEST(test_rank_roster_floor_tie),
		TEST(test_rank_roster_floor_zero),
		TEST(test_rank_roster_empty),
		TEST(test_rank_warn_ties_names),
		TEST(test_rank_warn_ties_per_street),
		TEST(test_rank_summarize_lines),
		TEST(test_roster_text_limit),
		TEST(test_roster_texts),
		TEST(test_roster_forget_ids),
		TEST(test_roster_ids_claimed_ahead),
	};
#undef TEST

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * What a person hears of a ranking: the tie warnings, bounded (SPEC
 * section 7), and the -v line of each street with its counts of staff
 * with both scores, department-only and incomplete (SPEC section 8).
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

#include "diag.h"
#include "helpers.h"
#include "policy.h"
#include "rank.h"
#include "roster.h"
#include "roster_rows.h"
#include "schema.h"
#include "summary.h"

static const char *const names[] = { "full.csv", "dept.csv", "street.csv" };
static const enum sheet_kind kinds[] = { SHEET_FULL, SHEET_DEPT,
    SHEET_STREET };

struct fixture {
	struct policy	 policy;
	struct roster	 roster;
	struct ranking	 ranking;
	struct capture	 cap;
	struct diag	 diag;
	unsigned long	 line;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (f == NULL || !policy_builtin(&f->policy, 60))
		return -1;
	roster_init(&f->roster, &f->policy, names, kinds);
	capture_open(&f->cap);
	diag_init(&f->diag, f->cap.fp);
	f->line = 2;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	rank_free(&f->ranking);
	roster_free(&f->roster);
	policy_free(&f->policy);
	capture_close(&f->cap);
	free(f);
	return 0;
}

/* A row of sheet `sheet`; unit and scores as given. */
static void
add(struct fixture *f, uint32_t sheet, const char *street, const char *id,
    const char *name, const char *unit, const char *dept,
    const char *street_score)
{
	struct test_row row = { id, name, street, unit, dept, street_score,
	    NULL, f->line++, NULL };

	add_test_row(&f->roster, sheet, &row);
}

/* A full row of 大南街道司法所 with both scores equal to score. */
static void
add_full(struct fixture *f, const char *street, const char *id,
    const char *name, const char *score)
{
	char unit[64];

	snprintf(unit, sizeof unit, "%s司法所", street);
	add(f, 0, street, id, name, unit, score, score);
}

static void
rank(struct fixture *f, uint32_t quota, unsigned decimals)
{
	struct quota_rule q = { false, quota, false, 0, decimals };
	struct result *res;
	size_t n, *ends;

	assert_int_equal(roster_settle(&f->roster), 0);
	assert_true(roster_results(&f->roster, decimals, &res, &n, &ends));
	assert_true(rank_results(&f->ranking, res, n, ends,
	    f->roster.streets.count, &q));
}

/* Ensure a tie warning names the street, the places, score and staff. */
static void
test_summary_ties_names(void **state)
{
	struct fixture *f = *state;
	const char *out;

	add_full(f, "大南街道", "S1", "张三", "95");
	add_full(f, "大南街道", "S4", "赵六", "90");
	add_full(f, "大南街道", "S2", "李四", "90");
	add_full(f, "大南街道", "S5", "钱七", "85");
	add_full(f, "滨河街道", "X1", "孙八", "90");
	rank(f, 2, 2);
	summary_ties(&f->ranking, &f->roster, 2, &f->diag);
	out = capture_text(&f->cap);
	assert_string_equal(out, "kaoping: warning: 大南街道: tie at the quota "
	    "line for 1 place, score 90.00: S2 李四, S4 赵六\n");
	assert_int_equal(f->diag.errors, 0);
}

/* Ensure each street with a tie gets its warning, in street order. */
static void
test_summary_ties_per_street(void **state)
{
	struct fixture *f = *state;
	const char *out;

	add_full(f, "滨河街道", "B1", "b-one", "90");
	add_full(f, "大南街道", "A1", "a-one", "80");
	add_full(f, "滨河街道", "B2", "b-two", "90");
	add_full(f, "大南街道", "A2", "a-two", "80");
	add_full(f, "大南街道", "A3", "a-three", "80");
	add_full(f, "北站街道", "C1", "c-one", "70");
	rank(f, 2, 0);
	summary_ties(&f->ranking, &f->roster, 0, &f->diag);
	out = capture_text(&f->cap);
	assert_int_equal(count_occurrences(out, "kaoping: warning: "), 1);
	assert_string_equal(out, "kaoping: warning: 大南街道: tie at the quota "
	    "line for 2 places, score 80: A1 a-one, A2 a-two, A3 a-three\n");
	rank_free(&f->ranking);
	capture_close(&f->cap);
	capture_open(&f->cap);
	diag_init(&f->diag, f->cap.fp);
	rank(f, 1, 0);
	summary_ties(&f->ranking, &f->roster, 0, &f->diag);
	out = capture_text(&f->cap);
	assert_int_equal(count_occurrences(out, "kaoping: warning: "), 2);
	assert_true(strstr(out, "滨河街道") < strstr(out, "大南街道"));
	assert_not_contains(out, "北站街道");
}

/* Add n staff to 大南街道, all tied at 90, ids T01... */
static void
add_tied(struct fixture *f, int n)
{
	char id[16], name[16];
	int i;

	for (i = 1; i <= n; i++) {
		snprintf(id, sizeof id, "T%02d", i);
		snprintf(name, sizeof name, "n%02d", i);
		add_full(f, "大南街道", id, name, "90");
	}
}

/*
 * Ensure a tie warning names at most 20 staff, in staff_id order, then
 * counts the rest.
 */
static void
test_summary_ties_bounded(void **state)
{
	struct fixture *f = *state;
	const char *out;

	add_tied(f, 25);
	rank(f, 1, 2);
	summary_ties(&f->ranking, &f->roster, 2, &f->diag);
	out = capture_text(&f->cap);
	assert_int_equal(count_occurrences(out, "\n"), 1);
	assert_contains(out, ": T01 n01, T02 n02, ");
	assert_contains(out, ", T20 n20 and 5 more\n");
	assert_not_contains(out, "T21");
	assert_int_equal(count_occurrences(out, " n"), SUMMARY_TIE_NAMES);
}

/* Ensure exactly 20 tied staff are all named, with no count after them. */
static void
test_summary_ties_twenty(void **state)
{
	struct fixture *f = *state;
	const char *out;

	add_tied(f, 20);
	rank(f, 1, 2);
	summary_ties(&f->ranking, &f->roster, 2, &f->diag);
	out = capture_text(&f->cap);
	assert_contains(out, ", T20 n20\n");
	assert_not_contains(out, "more");
}

/* Ensure no tie, no warning. */
static void
test_summary_ties_none(void **state)
{
	struct fixture *f = *state;

	add_full(f, "大南街道", "S1", "a", "90");
	add_full(f, "大南街道", "S2", "b", "90");
	rank(f, 2, 2);
	summary_ties(&f->ranking, &f->roster, 2, &f->diag);
	assert_string_equal(capture_text(&f->cap), "");
}

/*
 * Ensure the -v line of each street counts its staff, quota, nominated,
 * tied and ineligible, and how many had both scores, were of W = 0 units,
 * and were incomplete; a street whose staff are all incomplete still has
 * its line, one whose staff are all invalid has none.
 */
static void
test_summary_streets_counts(void **state)
{
	struct fixture *f = *state;
	const char *out;

	/* 大南街道: S1 both (from two sheets), P1 W 0, I1 incomplete. */
	add(f, 1, "大南街道", "S1", "甲", "大南街道司法所", "90", NULL);
	add(f, 1, "大南街道", "P1", "乙", "大南派出所", "80", NULL);
	add(f, 1, "大南街道", "I1", "丙", "大南街道司法所", "70", NULL);
	add(f, 2, "大南街道", "S1", "甲", "大南街道司法所", NULL, "90");
	/* 滨河街道: only J1, incomplete (no department score). */
	add(f, 2, "滨河街道", "J1", "丁", "滨河街道司法所", NULL, "90");
	/* 北站街道: only K1, invalid (given twice). */
	add(f, 1, "北站街道", "K1", "戊", "北站街道司法所", "90", NULL);
	add(f, 1, "北站街道", "K1", "戊", "北站街道司法所", "90", NULL);
	rank(f, 1, 2);
	summary_streets(&f->ranking, &f->roster, &f->diag);
	out = capture_text(&f->cap);
	assert_string_equal(out,
	    "kaoping: 大南街道: 2 staff, quota 1, 1 nominated, 0 tied, "
	    "0 ineligible; 1 with both scores, 1 department-only, "
	    "1 incomplete\n"
	    "kaoping: 滨河街道: 0 staff, quota 1, 0 nominated, 0 tied, "
	    "0 ineligible; 0 with both scores, 0 department-only, "
	    "1 incomplete\n");
	assert_int_equal(f->diag.errors, 0);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_summary_ties_names),
		T(test_summary_ties_per_street),
		T(test_summary_ties_bounded),
		T(test_summary_ties_twenty),
		T(test_summary_ties_none),
		T(test_summary_streets_counts),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}

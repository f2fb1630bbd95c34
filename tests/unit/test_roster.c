/*
 * The staff table: every rule of SPEC section 8 through roster_add,
 * roster_settle, roster_results and roster_row_fate.
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

#include "helpers.h"
#include "policy.h"
#include "rank.h"
#include "roster.h"
#include "roster_rows.h"
#include "schema.h"

#define DANAN		"大南街道"
#define BINHE		"滨河街道"
#define DANAN_SFS	"大南街道司法所"	/* W 60 */
#define DANAN_PCS	"大南派出所"		/* W 0 */

/* The sheets of a run, by index. */
enum { FULL, DEPT, STREET, STREET2, DEPT2, NSHEETS };

static const char *const sheet_names[NSHEETS] = {
	"full.csv", "dept.csv", "street.csv", "street2.csv", "dept2.csv",
};

struct fixture {
	struct policy	 policy;
	struct roster	 roster;
	enum sheet_kind	 kinds[NSHEETS];
	struct result	*results;
	size_t		 nresults;
	size_t		*street_end;
	char		 why[2048];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (f == NULL || !policy_builtin(&f->policy, 60))
		return -1;
	f->kinds[FULL] = SHEET_FULL;
	f->kinds[DEPT] = f->kinds[DEPT2] = SHEET_DEPT;
	f->kinds[STREET] = f->kinds[STREET2] = SHEET_STREET;
	roster_init(&f->roster, &f->policy, sheet_names, f->kinds);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	free(f->results);
	free(f->street_end);
	roster_free(&f->roster);
	policy_free(&f->policy);
	free(f);
	return 0;
}

/* A department row, a street row and a full row of staff id. */
static void
dept_row(struct fixture *f, uint32_t sheet, unsigned long line,
    const char *id, const char *dept)
{
	struct test_row row = { id, "张三", DANAN, DANAN_SFS, dept, NULL, NULL,
	    line, NULL };

	add_test_row(&f->roster, sheet, &row);
}

static void
street_row(struct fixture *f, uint32_t sheet, unsigned long line,
    const char *id, const char *street)
{
	struct test_row row = { id, "张三", DANAN, DANAN_SFS, NULL, street,
	    NULL, line, NULL };

	add_test_row(&f->roster, sheet, &row);
}

static void
full_row(struct fixture *f, unsigned long line, const char *id,
    const char *dept, const char *street)
{
	struct test_row row = { id, "张三", DANAN, DANAN_SFS, dept, street,
	    NULL, line, NULL };

	add_test_row(&f->roster, FULL, &row);
}

/* Settle, and compute the results at 2 decimals. */
static void
settle(struct fixture *f)
{
	assert_int_equal(roster_settle(&f->roster), 0);
	free(f->street_end);
	assert_true(roster_results(&f->roster, 2, &f->results,
	    &f->nresults, &f->street_end));
}

/* The result of staff id, or NULL. */
static const struct result *
result_of(const struct fixture *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->nresults; i++)
		if (f->results[i].id.len == strlen(id) &&
		    memcmp(f->results[i].id.s, id, f->results[i].id.len) == 0)
			return &f->results[i];
	return NULL;
}

/* Why row i was rejected, or NULL when it was merged. */
static const char *
fate(struct fixture *f, size_t i, bool *own)
{
	bool dummy;

	f->why[0] = '\0';
	if (roster_row_fate(&f->roster, i, f->why, sizeof f->why,
	    own != NULL ? own : &dummy) == ROW_MERGED)
		return NULL;
	assert_true(f->why[0] != '\0');
	return f->why;
}

static void
assert_merged(struct fixture *f, size_t i)
{
	bool own;

	if (fate(f, i, &own) != NULL)
		fail_msg("row %zu rejected: %s", i, f->why);
	assert_false(own);
}

/* Row i is rejected, with own as given; returns the message. */
static const char *
assert_rejected(struct fixture *f, size_t i, bool own)
{
	const char *why;
	bool is_own;

	if ((why = fate(f, i, &is_own)) == NULL)
		fail_msg("row %zu merged", i);
	if (is_own != own)
		fail_msg("row %zu: own is %d, want %d: %s", i, is_own, own,
		    why);
	return why;
}

static const char *
cell_of(struct fixture *f, size_t row, enum in_col col)
{
	static char copy[256];

	return test_copy(roster_cell(&f->roster, &f->roster.rows[row], col),
	    copy, sizeof copy);
}

/* Ensure a full row gives both scores: one result from one row. */
static void
test_roster_results_full_row(void **state)
{
	struct fixture *f = *state;
	const struct result *res;
	const struct staff *s;

	full_row(f, 2, "S1", "88", "90");
	settle(f);
	assert_int_equal(f->nresults, 1);
	res = result_of(f, "S1");
	assert_non_null(res);
	/* (60 x 90 + 40 x 88) / 100 = 89.2 */
	assert_int_equal(res->combined, 8920);
	assert_int_equal(res->weight, 60);
	assert_true(res->eligible);
	s = &f->roster.staff[f->roster.rows[res->row].staff];
	assert_int_equal(s->dept_row, 0);
	assert_int_equal(s->street_row, 0);
	assert_int_equal(res->dept_row, 0);
	assert_int_equal(res->street_row, 0);
	assert_int_equal(roster_weight(&f->roster,
	    f->roster.rows[res->row].staff), 60);
	assert_merged(f, 0);
}

/*
 * Ensure a department row and a street row join into one result with the
 * combined score, W, street and eligibility the full row gives.
 */
static void
test_roster_results_split_equals_full(void **state)
{
	struct fixture *f = *state;
	struct roster whole;
	struct result *all;
	size_t n, *ends;
	const struct result *res;

	dept_row(f, DEPT, 2, "S1", "87.125");
	street_row(f, STREET, 5, "S1", "91.005");
	settle(f);
	assert_int_equal(f->nresults, 1);
	assert_int_equal(roster_staff_count(&f->roster), 1);
	res = result_of(f, "S1");
	/* (60 x 91.005 + 40 x 87.125) / 100 = 89.453 */
	assert_int_equal(res->combined, 8945);
	assert_int_equal(res->dept_row, 0);
	assert_int_equal(res->street_row, 1);
	assert_merged(f, 0);
	assert_merged(f, 1);
	assert_string_equal(cell_of(f, 0, IN_DEPT_SCORE), "87.125");
	assert_string_equal(cell_of(f, 1, IN_STREET_SCORE), "91.005");

	roster_init(&whole, &f->policy, sheet_names, f->kinds);
	{
		struct test_row row = { "S1", "张三", DANAN, DANAN_SFS,
		    "87.125", "91.005", NULL, 2, NULL };

		add_test_row(&whole, FULL, &row);
	}
	assert_int_equal(roster_settle(&whole), 0);
	assert_true(roster_results(&whole, 2, &all, &n, &ends));
	free(ends);
	assert_int_equal(n, 1);
	assert_int_equal(all[0].combined, res->combined);
	assert_int_equal(all[0].weight, res->weight);
	assert_int_equal(all[0].eligible, res->eligible);
	assert_int_equal(all[0].street, res->street);
	free(all);
	roster_free(&whole);
}

/* Ensure the street row may come first: the sheets' order does not matter. */
static void
test_roster_results_street_row_first(void **state)
{
	struct fixture *f = *state;
	const struct result *res;

	street_row(f, STREET, 2, "S1", "90");
	dept_row(f, DEPT, 2, "S1", "88");
	settle(f);
	assert_int_equal(f->nresults, 1);
	res = result_of(f, "S1");
	assert_non_null(res);
	assert_int_equal(res->combined, 8920);
	assert_int_equal(res->dept_row, 1);
	assert_int_equal(res->street_row, 0);
	assert_merged(f, 0);
	assert_merged(f, 1);
}

/*
 * Ensure a second department score is invalid, naming the staff_id and the
 * FILE:LINE that gave it first, and that the staff member's other rows are
 * rejected too, each naming the row at fault.
 */
static void
test_roster_add_dept_twice(void **state)
{
	struct fixture *f = *state;
	const char *why;

	dept_row(f, DEPT, 2, "S1", "88");
	street_row(f, STREET, 3, "S1", "90");
	dept_row(f, DEPT2, 7, "S1", "70");
	settle(f);
	assert_int_equal(f->nresults, 0);
	why = assert_rejected(f, 2, true);
	assert_contains(why, "\"S1\"");
	assert_contains(why, "department score");
	assert_contains(why, "dept.csv:2");
	why = assert_rejected(f, 0, false);
	assert_contains(why, "\"S1\"");
	assert_contains(why, "dept2.csv:7");
	why = assert_rejected(f, 1, false);
	assert_contains(why, "dept2.csv:7");
}

/* Ensure a second street score is invalid, naming where the first was. */
static void
test_roster_add_street_twice(void **state)
{
	struct fixture *f = *state;
	const char *why;

	dept_row(f, DEPT, 2, "S1", "88");
	street_row(f, STREET, 3, "S1", "90");
	street_row(f, STREET2, 5, "S1", "90");
	settle(f);
	assert_int_equal(f->nresults, 0);
	why = assert_rejected(f, 2, true);
	assert_contains(why, "\"S1\"");
	assert_contains(why, "street score");
	assert_contains(why, "street.csv:3");
	assert_not_contains(why, "department");
	assert_contains(assert_rejected(f, 0, false), "street2.csv:5");
	assert_contains(assert_rejected(f, 1, false), "street2.csv:5");
}

/*
 * Ensure a second full row with the same staff_id is still invalid: it
 * gives the department score again (SPEC section 8).
 */
static void
test_roster_add_full_row_twice(void **state)
{
	struct fixture *f = *state;
	const char *why;

	full_row(f, 2, "S1", "88", "90");
	full_row(f, 3, "S2", "80", "80");
	full_row(f, 4, "S1", "88", "90");
	settle(f);
	assert_int_equal(f->nresults, 1);
	assert_non_null(result_of(f, "S2"));
	why = assert_rejected(f, 2, true);
	assert_contains(why, "department score");
	assert_contains(why, "full.csv:2");
	assert_contains(assert_rejected(f, 0, false), "full.csv:4");
	assert_merged(f, 1);
}

/* Ensure a full row after a street row gives the street score twice. */
static void
test_roster_add_full_after_street_row(void **state)
{
	struct fixture *f = *state;
	const char *why;

	street_row(f, STREET, 4, "S1", "90");
	full_row(f, 2, "S1", "88", "90");
	settle(f);
	assert_int_equal(f->nresults, 0);
	why = assert_rejected(f, 1, true);
	assert_contains(why, "street score");
	assert_contains(why, "street.csv:4");
	assert_contains(assert_rejected(f, 0, false), "full.csv:2");
}

/*
 * Add a department row and a street row of S1 that differ in one identity
 * cell; the street row is the one at fault.
 */
static const char *
disagree(struct fixture *f, const struct test_row *dept,
    const struct test_row *street)
{
	const char *why;

	add_test_row(&f->roster, DEPT, dept);
	add_test_row(&f->roster, STREET, street);
	settle(f);
	assert_int_equal(f->nresults, 0);
	assert_contains(assert_rejected(f, 0, false), "street.csv:9");
	why = assert_rejected(f, 1, true);
	assert_contains(why, "\"S1\"");
	assert_contains(why, "dept.csv:2");
	return why;
}

/* Ensure names that disagree make the row invalid, naming both. */
static void
test_roster_add_name_disagrees(void **state)
{
	static const struct test_row dept = { "S1", "张三", DANAN, DANAN_SFS,
	    "88", NULL, NULL, 2, NULL };
	static const struct test_row street = { "S1", "张珊", DANAN,
	    DANAN_SFS, NULL, "90", NULL, 9, NULL };
	const char *why = disagree(*state, &dept, &street);

	assert_contains(why, "name");
	assert_contains(why, "\"张珊\"");
	assert_contains(why, "\"张三\"");
}

/* Ensure streets that disagree make the row invalid, naming both. */
static void
test_roster_add_street_disagrees(void **state)
{
	static const struct test_row dept = { "S1", "张三", DANAN, "沈河司法所",
	    "88", NULL, NULL, 2, NULL };
	static const struct test_row street = { "S1", "张三", BINHE,
	    "沈河司法所", NULL, "90", NULL, 9, NULL };
	const char *why = disagree(*state, &dept, &street);

	assert_contains(why, "street");
	assert_contains(why, "\"" BINHE "\"");
	assert_contains(why, "\"" DANAN "\"");
}

/* Ensure units that disagree make the row invalid, naming both. */
static void
test_roster_add_unit_disagrees(void **state)
{
	static const struct test_row dept = { "S1", "张三", DANAN, DANAN_SFS,
	    "88", NULL, NULL, 2, NULL };
	static const struct test_row street = { "S1", "张三", DANAN,
	    "大南街道综合执法分中心", NULL, "90", NULL, 9, NULL };
	const char *why = disagree(*state, &dept, &street);

	assert_contains(why, "unit");
	assert_contains(why, "\"大南街道综合执法分中心\"");
	assert_contains(why, "\"" DANAN_SFS "\"");
}

/*
 * Ensure a street named with 办事处 in one sheet and without it in the
 * other is the same street, shown in its short form, either way round.
 */
static void
test_roster_add_street_office_same_street(void **state)
{
	static const struct test_row rows[] = {
		{ "S1", "张三", DANAN "办事处", DANAN_SFS, "88", NULL, NULL, 2,
		    NULL },
		{ "S2", "李四", DANAN, DANAN_SFS, "80", NULL, NULL, 3, NULL },
		{ "S1", "张三", DANAN, DANAN_SFS, NULL, "90", NULL, 2, NULL },
		{ "S2", "李四", DANAN "办事处", DANAN_SFS, NULL, "70", NULL, 3,
		    NULL },
	};
	struct fixture *f = *state;
	struct text_span street;
	char copy[64];
	size_t i;

	for (i = 0; i < 4; i++)
		add_test_row(&f->roster, i < 2 ? DEPT : STREET, &rows[i]);
	settle(f);
	assert_int_equal(f->nresults, 2);
	assert_int_equal(f->roster.streets.count, 1);
	for (i = 0; i < 4; i++)
		assert_merged(f, i);
	street = roster_street(&f->roster, result_of(f, "S1")->street);
	assert_string_equal(test_copy(street, copy, sizeof copy), DANAN);
	assert_int_equal(result_of(f, "S2")->street,
	    result_of(f, "S1")->street);
	/* The row keeps the cell as found: only the street is shortened. */
	assert_string_equal(cell_of(f, 0, IN_STREET), DANAN "办事处");
}

/* Ensure a staff member is ineligible when any of their rows says so. */
static void
test_roster_settle_eligible_either_row(void **state)
{
	static const struct test_row rows[] = {
		{ "S1", "a", DANAN, DANAN_SFS, "88", NULL, "no", 2, NULL },
		{ "S2", "b", DANAN, DANAN_SFS, "88", NULL, NULL, 3, NULL },
		{ "S3", "c", DANAN, DANAN_SFS, "88", NULL, "yes", 4, NULL },
		{ "S1", "a", DANAN, DANAN_SFS, NULL, "90", NULL, 2, NULL },
		{ "S2", "b", DANAN, DANAN_SFS, NULL, "90", "否", 3, NULL },
		{ "S3", "c", DANAN, DANAN_SFS, NULL, "90", NULL, 4, NULL },
	};
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < 6; i++)
		add_test_row(&f->roster, i < 3 ? DEPT : STREET, &rows[i]);
	settle(f);
	assert_int_equal(f->nresults, 3);
	assert_false(result_of(f, "S1")->eligible);
	assert_false(result_of(f, "S2")->eligible);
	assert_true(result_of(f, "S3")->eligible);
	for (i = 0; i < 6; i++)
		assert_merged(f, i);
}

/*
 * Ensure a W = 0 unit needs no street score, even with street sheets in
 * the run: its combined score is the department's.
 */
static void
test_roster_results_weight_zero_dept_only(void **state)
{
	static const struct test_row pcs = { "P1", "王五", DANAN, DANAN_PCS,
	    "77.995", NULL, NULL, 3, NULL };
	struct fixture *f = *state;
	const struct result *res;

	dept_row(f, DEPT, 2, "S1", "88");
	add_test_row(&f->roster, DEPT, &pcs);
	street_row(f, STREET, 2, "S1", "90");
	settle(f);
	assert_int_equal(f->nresults, 2);
	res = result_of(f, "P1");
	assert_non_null(res);
	assert_int_equal(res->weight, 0);
	assert_int_equal(res->combined, 7800);	/* 77.995 half up */
	assert_int_equal(res->street_row, ROSTER_NONE);
	assert_merged(f, 1);
}

/* Ensure a street score given for a W = 0 unit is kept, but not used. */
static void
test_roster_results_weight_zero_street_echoed(void **state)
{
	static const struct test_row rows[] = {
		{ "P1", "王五", DANAN, DANAN_PCS, "80", NULL, NULL, 3, NULL },
		{ "P1", "王五", DANAN, DANAN_PCS, NULL, "99", NULL, 6, NULL },
	};
	struct fixture *f = *state;
	const struct result *res;

	add_test_row(&f->roster, DEPT, &rows[0]);
	add_test_row(&f->roster, STREET, &rows[1]);
	settle(f);
	res = result_of(f, "P1");
	assert_non_null(res);
	assert_int_equal(res->combined, 8000);
	assert_int_equal(res->street_row, 1);
	assert_string_equal(cell_of(f, res->street_row,
	    IN_STREET_SCORE), "99");
	assert_merged(f, 0);
	assert_merged(f, 1);
}

/*
 * Ensure a W > 0 staff member with no street row, in a run with street
 * sheets, is incomplete: the message names the staff_id, unit and W, and
 * says no street sheet has a row for them.
 */
static void
test_roster_row_fate_no_street_row(void **state)
{
	struct fixture *f = *state;

	dept_row(f, DEPT, 2, "SH-DN-001", "88");
	dept_row(f, DEPT, 3, "S2", "88");
	street_row(f, STREET, 2, "S2", "90");
	settle(f);
	assert_int_equal(f->nresults, 1);
	assert_string_equal(assert_rejected(f, 0, true),
	    "no street score for SH-DN-001 (大南街道司法所, W 60): no street "
	    "sheet has a row for this staff_id");
	assert_int_equal(f->roster.staff[0].state, STAFF_INCOMPLETE);
	assert_merged(f, 1);
	assert_merged(f, 2);
}

/*
 * Ensure a full row with an empty street score, in a run without street
 * sheets, is incomplete, and the message names the row that left it
 * empty.
 */
static void
test_roster_row_fate_no_street_sheet(void **state)
{
	struct fixture *f = *state;
	const char *why;

	full_row(f, 2, "S1", "88", "");
	full_row(f, 3, "S2", "88", "90");
	settle(f);
	assert_int_equal(f->nresults, 1);
	why = assert_rejected(f, 0, true);
	assert_contains(why, "no street score for S1 (" DANAN_SFS ", W 60)");
	assert_contains(why, "its row at full.csv:2 leaves street_score "
	    "empty");
	assert_merged(f, 1);
}

/*
 * Ensure a street row without a department row, in a run with department
 * sheets, is incomplete: no department sheet has a row for the staff_id.
 */
static void
test_roster_row_fate_no_dept_row(void **state)
{
	struct fixture *f = *state;
	const char *why;

	dept_row(f, DEPT, 2, "S2", "88");
	street_row(f, STREET, 2, "S2", "90");
	street_row(f, STREET, 3, "S1", "90");
	settle(f);
	assert_int_equal(f->nresults, 1);
	why = assert_rejected(f, 2, true);
	assert_string_equal(why, "no department score for S1 (大南街道司法所): "
	    "no department sheet has a row for this staff_id");
}

/* Ensure a W = 0 staff member needs a department score too. */
static void
test_roster_row_fate_no_dept_score(void **state)
{
	static const struct test_row pcs = { "P1", "王五", DANAN, DANAN_PCS,
	    "", "", NULL, 2, NULL };
	struct fixture *f = *state;
	const char *why;

	add_test_row(&f->roster, FULL, &pcs);
	settle(f);
	assert_int_equal(f->nresults, 0);
	why = assert_rejected(f, 0, true);
	assert_contains(why, "no department score for P1 (" DANAN_PCS ")");
	assert_contains(why, "its row at full.csv:2 leaves dept_score empty");
}

/*
 * Ensure a street row that leaves street_score empty is named as the
 * place looked at, whichever sheet comes first; and that a run without
 * street sheets says so.
 */
static void
test_roster_row_fate_blank_street_row(void **state)
{
	struct fixture *f = *state;

	street_row(f, STREET, 2, "S1", "");
	dept_row(f, DEPT, 2, "S1", "88");
	dept_row(f, DEPT, 3, "S2", "88");
	settle(f);
	assert_string_equal(assert_rejected(f, 0, true),
	    "no street score for S1 (大南街道司法所, W 60): its row at "
	    "street.csv:2 leaves street_score empty");
	assert_rejected(f, 1, false);
	assert_rejected(f, 2, true);
}

/*
 * Ensure every row of an incomplete staff member is rejected, and only the
 * first is an error of its own (one message per staff member).
 */
static void
test_roster_row_fate_incomplete_rows(void **state)
{
	struct fixture *f = *state;
	const char *why;

	dept_row(f, DEPT, 2, "S1", "88");
	street_row(f, STREET, 4, "S1", "");
	street_row(f, STREET, 5, "S2", "90");
	dept_row(f, DEPT, 3, "S2", "80");
	settle(f);
	assert_int_equal(f->nresults, 1);
	why = assert_rejected(f, 0, true);
	assert_contains(why, "no street score for S1");
	why = assert_rejected(f, 1, false);
	assert_contains(why, "no street score for S1");
	assert_merged(f, 2);
	assert_merged(f, 3);
}

/*
 * Ensure a row invalid on its own keeps its message, and the staff
 * member's fine rows are rejected naming it.
 */
static void
test_roster_row_fate_invalid_row_spoils_staff(void **state)
{
	static const struct test_row bad = { "S1", "张三", DANAN, DANAN_SFS,
	    NULL, "90", "maybe", 8, "eligible \"maybe\" is not yes or no" };
	struct fixture *f = *state;
	const char *why;

	dept_row(f, DEPT, 2, "S1", "88");
	add_test_row(&f->roster, STREET, &bad);
	street_row(f, STREET2, 3, "S1", "90");
	settle(f);
	assert_int_equal(f->nresults, 0);
	assert_int_equal(f->roster.staff[0].state, STAFF_INVALID);
	assert_int_equal(f->roster.staff[0].bad_row, 1);
	assert_string_equal(assert_rejected(f, 1, true), bad.problem);
	/* The cells are kept as found, for the rejects. */
	assert_string_equal(cell_of(f, 1, IN_ELIGIBLE), "maybe");
	why = assert_rejected(f, 0, false);
	assert_contains(why, "\"S1\"");
	assert_contains(why, "street.csv:8");
	why = assert_rejected(f, 2, false);
	assert_contains(why, "street.csv:8");
}

/* Ensure a row without a staff_id is rejected on its own, joined to none. */
static void
test_roster_row_fate_no_staff_id(void **state)
{
	static const struct test_row bad = { "", "张三", DANAN, DANAN_SFS,
	    "88", "90", NULL, 2, "staff_id is empty" };
	struct fixture *f = *state;

	add_test_row(&f->roster, FULL, &bad);
	settle(f);
	assert_int_equal(f->roster.rows[0].staff, ROSTER_NONE);
	assert_int_equal(roster_staff_count(&f->roster), 0);
	assert_string_equal(assert_rejected(f, 0, true), "staff_id is empty");
	assert_int_equal(f->nresults, 0);
}

/* Ensure a unit that matches no policy entry is invalid, saying what to do. */
static void
test_roster_add_unit_no_policy(void **state)
{
	static const struct test_row rows[] = {
		{ "S1", "张三", DANAN, "大南街道图书馆", "88", "90", NULL, 2,
		    NULL },
		{ "S2", "李四", DANAN, "大南街道司法所一科", "88", "90", NULL, 3,
		    NULL },
	};
	struct fixture *f = *state;
	const char *why;

	add_test_row(&f->roster, FULL, &rows[0]);
	add_test_row(&f->roster, FULL, &rows[1]);
	settle(f);
	assert_int_equal(f->nresults, 0);
	why = assert_rejected(f, 0, true);
	assert_contains(why, "\"大南街道图书馆\"");
	assert_contains(why, "--print-policy");
	assert_contains(why, "--policy FILE");
	assert_contains(assert_rejected(f, 1, true), "大南街道司法所一科");
}

/*
 * Ensure a unit named after another street of the run than the row's own
 * is invalid, naming both streets, and spoils its staff member's other
 * rows; a unit named after the row's own street is fine.
 */
static void
test_roster_settle_unit_named_after_other_street(void **state)
{
	static const struct test_row rows[] = {
		{ "S1", "张三", DANAN, DANAN_SFS, "88", NULL, NULL, 2, NULL },
		{ "S2", "李四", BINHE, DANAN_SFS, "88", NULL, NULL, 3, NULL },
		{ "S1", "张三", DANAN, DANAN_SFS, NULL, "90", NULL, 2, NULL },
		{ "S2", "李四", BINHE, DANAN_SFS, NULL, "90", NULL, 3, NULL },
	};
	struct fixture *f = *state;
	const char *why;
	size_t i;

	for (i = 0; i < 4; i++)
		add_test_row(&f->roster, i < 2 ? DEPT : STREET, &rows[i]);
	settle(f);
	assert_int_equal(f->nresults, 1);
	assert_non_null(result_of(f, "S1"));
	assert_merged(f, 0);
	assert_merged(f, 2);
	why = assert_rejected(f, 1, true);
	assert_contains(why, "\"" DANAN_SFS "\"");
	assert_contains(why, DANAN);
	assert_contains(why, BINHE);
	why = assert_rejected(f, 3, true);
	assert_contains(why, BINHE);
}

/*
 * Ensure a unit that begins with the row's own street is fine, also when a
 * longer street of the run begins it too, and when the row names its
 * street with 办事处.
 */
static void
test_roster_settle_unit_begins_with_own_street(void **state)
{
	static const struct test_row rows[] = {
		{ "S1", "张三", "大南", "大南街道司法所", "88", "90", NULL, 2,
		    NULL },
		{ "S2", "李四", DANAN, "大南街道派出所", "88", "", NULL, 3,
		    NULL },
		{ "S3", "王五", BINHE "办事处", "滨河街道司法所", "88", "90",
		    NULL, 4, NULL },
	};
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < 3; i++)
		add_test_row(&f->roster, FULL, &rows[i]);
	settle(f);
	assert_int_equal(f->nresults, 3);
	for (i = 0; i < 3; i++)
		assert_merged(f, i);
}

/*
 * Ensure a rollback to a mark forgets exactly what came after it: rows,
 * staff members first seen after it, scores that later rows gave to staff
 * members seen before, streets; and that the table works afterwards.
 */
static void
test_roster_rollback_forgets_after_mark(void **state)
{
	static const struct test_row later[] = {
		{ "S2", "李四", BINHE, "滨河街道司法所", "70", NULL, NULL, 2,
		    NULL },
		{ "S1", "张三", DANAN, DANAN_SFS, "85", NULL, NULL, 3, NULL },
		{ "S1", "张三", DANAN, DANAN_SFS, "85", NULL, NULL, 4, NULL },
	};
	static const struct test_row s2_street = { "S2", "李四", BINHE,
	    "滨河街道司法所", NULL, "80", NULL, 9, NULL };
	struct fixture *f = *state;
	struct roster_mark mark;
	size_t i, text_len, problems_len;

	street_row(f, STREET, 2, "S1", "90");
	mark = roster_mark(&f->roster);
	text_len = f->roster.text.len;
	problems_len = f->roster.problems.len;
	for (i = 0; i < 3; i++)
		add_test_row(&f->roster, DEPT, &later[i]);
	assert_int_equal(f->roster.nrows, 4);
	assert_int_equal(f->roster.ids.count, 2);
	assert_int_equal(f->roster.streets.count, 2);
	assert_int_equal(f->roster.staff[0].dept_row, 2);
	assert_true(f->roster.problems.len > problems_len);

	assert_int_equal(roster_rollback(&f->roster, &mark), 0);
	assert_int_equal(f->roster.nrows, 1);
	assert_int_equal(f->roster.ids.count, 1);
	assert_int_equal(f->roster.streets.count, 1);
	assert_int_equal(f->roster.text.len, text_len);
	assert_int_equal(f->roster.problems.len, problems_len);
	assert_int_equal(f->roster.staff[0].identity_row, 0);
	assert_int_equal(f->roster.staff[0].dept_row, ROSTER_NONE);
	assert_int_equal(f->roster.staff[0].street_row, 0);

	/* Read again, in another order: the same staff, no stale problem. */
	add_test_row(&f->roster, DEPT, &later[1]);
	add_test_row(&f->roster, DEPT, &later[0]);
	add_test_row(&f->roster, STREET2, &s2_street);
	settle(f);
	assert_int_equal(f->nresults, 2);
	for (i = 0; i < f->roster.nrows; i++)
		assert_merged(f, i);
	/* (60 x 90 + 40 x 85) / 100 = 88; (60 x 80 + 40 x 70) / 100 = 76 */
	assert_int_equal(result_of(f, "S1")->combined, 8800);
	assert_int_equal(result_of(f, "S2")->combined, 7600);
	assert_int_equal(result_of(f, "S2")->street, 1);
	assert_int_equal(f->roster.staff[1].dept_row, 2);
}

/* A small random number generator, so that the rows are the same each run. */
static uint32_t
next_random(uint64_t *state)
{
	*state = *state * UINT64_C(6364136223846793005) +
	    UINT64_C(1442695040888963407);
	return (uint32_t)(*state >> 33);
}

static const char *
pick(uint64_t *rng, const char *const *choices, size_t n)
{
	return choices[next_random(rng) % n];
}

/*
 * Ensure every row ends up in exactly one place, on random rows of every
 * kind: merged when its staff member has a result (whose scores come from
 * merged rows), rejected otherwise; and every staff member without a
 * result has at least one message of its own, so none is dropped in
 * silence.
 */
static void
test_roster_row_fate_accounting(void **state)
{
	static const char *const ids[] = { "A", "B", "C", "D", "E", "F", "G",
	    "H", "" };
	static const char *const names[] = { "张三", "张三", "张三", "李四" };
	static const char *const streets[] = { DANAN, DANAN, DANAN "办事处",
	    BINHE };
	static const char *const units[] = { DANAN_SFS, DANAN_SFS, DANAN_PCS,
	    "大南街道图书馆" };
	static const char *const scores[] = { "80", "90.5", "", "100" };
	static const char *const eligible[] = { NULL, NULL, "no", "yes" };
	struct fixture *f = *state;
	uint64_t rng = 42;
	unsigned round;

	for (round = 0; round < 200; round++) {
		bool *usable, *heard;
		size_t i, n = 1 + next_random(&rng) % 12, merged = 0;

		roster_free(&f->roster);
		roster_init(&f->roster, &f->policy, sheet_names, f->kinds);
		for (i = 0; i < n; i++) {
			uint32_t sheet = next_random(&rng) % NSHEETS;
			struct test_row row = { pick(&rng, ids, 9),
			    pick(&rng, names, 4), pick(&rng, streets, 4),
			    pick(&rng, units, 4), NULL, NULL,
			    pick(&rng, eligible, 4), i + 2, NULL };

			if (f->kinds[sheet] != SHEET_STREET)
				row.dept = pick(&rng, scores, 4);
			if (f->kinds[sheet] != SHEET_DEPT)
				row.street_score = pick(&rng, scores, 4);
			if (*row.id == '\0')
				row.problem = "staff_id is empty";
			else if (next_random(&rng) % 10 == 0)
				row.problem = "a problem of its own";
			add_test_row(&f->roster, sheet, &row);
		}
		free(f->results);
		f->results = NULL;
		settle(f);
		usable = calloc(roster_staff_count(&f->roster) + 1,
		    sizeof *usable);
		heard = calloc(roster_staff_count(&f->roster) + 1,
		    sizeof *heard);
		assert_non_null(usable);
		assert_non_null(heard);
		for (i = 0; i < f->nresults; i++) {
			uint32_t who =
			    f->roster.rows[f->results[i].row].staff;
			const struct staff *s = &f->roster.staff[who];

			assert_int_equal(s->identity_row, f->results[i].row);
			assert_int_equal(s->dept_row, f->results[i].dept_row);
			assert_int_equal(s->street_row,
			    f->results[i].street_row);
			assert_false(usable[who]);
			usable[who] = true;
			assert_int_not_equal(s->dept_row, ROSTER_NONE);
			assert_null(fate(f, s->dept_row, NULL));
			if (f->results[i].weight > 0)
				assert_int_not_equal(s->street_row,
				    ROSTER_NONE);
			if (s->street_row != ROSTER_NONE)
				assert_null(fate(f, s->street_row, NULL));
		}
		for (i = 0; i < f->roster.nrows; i++) {
			uint32_t staff = f->roster.rows[i].staff;
			bool own;

			if (fate(f, i, &own) == NULL) {
				assert_int_not_equal(staff, ROSTER_NONE);
				assert_true(usable[staff]);
				merged++;
				continue;
			}
			if (staff == ROSTER_NONE) {
				assert_true(own);
				continue;
			}
			assert_false(usable[staff]);
			heard[staff] = heard[staff] || own;
		}
		for (i = 0; i < roster_staff_count(&f->roster); i++)
			if (!usable[i] && !heard[i])
				fail_msg("round %u: staff %zu has no message",
				    round, i);
		assert_true(merged >= f->nresults);
		free(usable);
		free(heard);
	}
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_roster_results_full_row),
		T(test_roster_results_split_equals_full),
		T(test_roster_results_street_row_first),
		T(test_roster_add_dept_twice),
		T(test_roster_add_street_twice),
		T(test_roster_add_full_row_twice),
		T(test_roster_add_full_after_street_row),
		T(test_roster_add_name_disagrees),
		T(test_roster_add_street_disagrees),
		T(test_roster_add_unit_disagrees),
		T(test_roster_add_street_office_same_street),
		T(test_roster_settle_eligible_either_row),
		T(test_roster_results_weight_zero_dept_only),
		T(test_roster_results_weight_zero_street_echoed),
		T(test_roster_row_fate_no_street_row),
		T(test_roster_row_fate_no_street_sheet),
		T(test_roster_row_fate_no_dept_row),
		T(test_roster_row_fate_no_dept_score),
		T(test_roster_row_fate_blank_street_row),
		T(test_roster_row_fate_incomplete_rows),
		T(test_roster_row_fate_invalid_row_spoils_staff),
		T(test_roster_row_fate_no_staff_id),
		T(test_roster_add_unit_no_policy),
		T(test_roster_settle_unit_named_after_other_street),
		T(test_roster_settle_unit_begins_with_own_street),
		T(test_roster_rollback_forgets_after_mark),
		T(test_roster_row_fate_accounting),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}

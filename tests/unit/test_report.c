/*
 * Reports (SPEC sections 5, 6 and 10): the cells of results, nominations
 * and rejects, in order, in both languages, through CSV sinks.
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
#include "report.h"
#include "roster.h"
#include "roster_rows.h"
#include "schema.h"
#include "sink.h"

#define HEADER	"street,rank,staff_id,name,unit,dept_score,street_score," \
		"street_weight,combined,status\n"
#define HEADER_ZH "街道,名次,工号,姓名,单位,主管部门考评分,属地街道考评分," \
		"街道权重,综合得分,结果\n"
#define REJECTS_HEADER "source,line,error,staff_id,name,street,unit," \
		"dept_score,street_score,eligible\n"

static const char *const names[] = { "one.csv", "two.csv" };
static const enum sheet_kind kinds[] = { SHEET_FULL, SHEET_STREET };

/*
 * The staff of the examples, on sheet one.csv.  大南街道 ranks S2 90.50
 * (W 0), S1 and S5 89.20 (60 x 90 + 40 x 88), -S3 76.00 (ineligible);
 * "大南,街道" has S4 alone at 85.00.
 */
static const struct test_row staff[] = {
	{ "S1", "张三", "大南街道", "大南街道司法所", "88", "90", NULL, 2,
	    NULL },
	{ "S2", "=SUM(A1)", "大南街道", "大南派出所", "+90.5", "", NULL, 3,
	    NULL },
	{ "-S3", "say \"hi\"", "大南街道", "大南街道司法所", "70", "80", "no",
	    4, NULL },
	{ "S4", "李四", "大南,街道", "大南,街道司法所", "85", "85", NULL, 5,
	    NULL },
	{ "S5", "王五", "大南街道", "大南街道司法所", "88", "90", NULL, 6,
	    NULL },
};

struct fixture {
	struct policy	 policy;
	struct roster	 roster;
	struct ranking	 ranking;
	struct capture	 results, nominations, rejects, messages;
	struct diag	 diag;
	struct sink	*sinks[3];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (f == NULL || !policy_builtin(&f->policy, 60))
		return -1;
	roster_init(&f->roster, &f->policy, names, kinds);
	capture_open(&f->results);
	capture_open(&f->nominations);
	capture_open(&f->rejects);
	capture_open(&f->messages);
	diag_init(&f->diag, f->messages.fp);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int i;

	for (i = 0; i < 3; i++)
		sink_free(&f->sinks[i]);
	rank_free(&f->ranking);
	roster_free(&f->roster);
	policy_free(&f->policy);
	capture_close(&f->results);
	capture_close(&f->nominations);
	capture_close(&f->rejects);
	capture_close(&f->messages);
	free(f);
	return 0;
}

static void
add_staff(struct fixture *f)
{
	size_t i;

	for (i = 0; i < sizeof staff / sizeof staff[0]; i++)
		add_test_row(&f->roster, 0, &staff[i]);
}

/* Settle, compute and rank with a count quota at 2 decimals. */
static void
rank(struct fixture *f, uint32_t quota)
{
	struct quota_rule q = { false, quota, false, 0, 2 };
	struct result *res;
	size_t n, *ends;

	assert_int_equal(roster_settle(&f->roster), 0);
	assert_true(roster_results(&f->roster, 2, &res, &n, &ends));
	assert_true(rank_results(&f->ranking, res, n, ends,
	    f->roster.streets.count, &q));
}

static struct sink *
csv_sink(struct fixture *f, int i, struct capture *c,
    const struct out_schema *schema, enum lang lang)
{
	static const struct csv_style plain = { false, false };

	f->sinks[i] = sink_csv_new(c->fp, "out.csv", schema, lang, &plain,
	    &f->diag);
	assert_non_null(f->sinks[i]);
	return f->sinks[i];
}

/*
 * Ensure every result is written, cells in the order of SPEC section 5:
 * text guarded and quoted where needed, scores echoed as found, W, the
 * combined score with its decimals, the status; and the nominations are
 * the nominated and tied rows of the results, in the same order.
 */
static void
test_report_results_cells(void **state)
{
	struct fixture *f = *state;

	add_staff(f);
	rank(f, 2);
	assert_int_equal(report_results(&f->ranking, &f->roster, LANG_EN, 2,
	    csv_sink(f, 0, &f->results, &schema_results, LANG_EN),
	    csv_sink(f, 1, &f->nominations, &schema_results, LANG_EN)), 0);
	assert_string_equal(capture_text(&f->results), HEADER
	    "大南街道,1,S2,'=SUM(A1),大南派出所,+90.5,,0,90.50,nominated\n"
	    "大南街道,2,S1,张三,大南街道司法所,88,90,60,89.20,tie\n"
	    "大南街道,2,S5,王五,大南街道司法所,88,90,60,89.20,tie\n"
	    "大南街道,4,'-S3,\"say \"\"hi\"\"\",大南街道司法所,70,80,60,76.00,"
	    "ineligible\n"
	    "\"大南,街道\",1,S4,李四,\"大南,街道司法所\",85,85,60,85.00,"
	    "nominated\n");
	assert_string_equal(capture_text(&f->nominations), HEADER
	    "大南街道,1,S2,'=SUM(A1),大南派出所,+90.5,,0,90.50,nominated\n"
	    "大南街道,2,S1,张三,大南街道司法所,88,90,60,89.20,tie\n"
	    "大南街道,2,S5,王五,大南街道司法所,88,90,60,89.20,tie\n"
	    "\"大南,街道\",1,S4,李四,\"大南,街道司法所\",85,85,60,85.00,"
	    "nominated\n");
}

/* Ensure the labels and the four status words in Chinese. */
static void
test_report_results_chinese(void **state)
{
	struct fixture *f = *state;

	add_staff(f);
	rank(f, 1);
	assert_int_equal(report_results(&f->ranking, &f->roster, LANG_ZH, 2,
	    csv_sink(f, 0, &f->results, &schema_results, LANG_ZH), NULL), 0);
	assert_string_equal(capture_text(&f->results), HEADER_ZH
	    "大南街道,1,S2,'=SUM(A1),大南派出所,+90.5,,0,90.50,推荐\n"
	    "大南街道,2,S1,张三,大南街道司法所,88,90,60,89.20,未推荐\n"
	    "大南街道,2,S5,王五,大南街道司法所,88,90,60,89.20,未推荐\n"
	    "大南街道,4,'-S3,\"say \"\"hi\"\"\",大南街道司法所,70,80,60,76.00,"
	    "不可评优\n"
	    "\"大南,街道\",1,S4,李四,\"大南,街道司法所\",85,85,60,85.00,"
	    "推荐\n");
	rank_free(&f->ranking);
	sink_free(&f->sinks[1]);
	rank(f, 2);
	assert_int_equal(report_results(&f->ranking, &f->roster, LANG_ZH, 2,
	    NULL, csv_sink(f, 1, &f->nominations, &schema_results, LANG_ZH)),
	    0);
	assert_contains(capture_text(&f->nominations),
	    "大南街道,2,S1,张三,大南街道司法所,88,90,60,89.20,并列待定\n");
}

/*
 * Ensure the street score of a department row and a street row comes from
 * the street row, and the combined score has the decimals asked for.
 */
static void
test_report_results_joined_rows(void **state)
{
	static const struct test_row rows[] = {
		{ "J1", "甲", "大南街道", "大南街道司法所", NULL, "91.005", NULL,
		    7, NULL },
		{ "J1", "甲", "大南街道办事处", "大南街道司法所", "87.125", NULL,
		    NULL, 2, NULL },
	};
	struct fixture *f = *state;
	struct quota_rule q = { false, 1, false, 0, 0 };
	struct result *res;
	size_t n, *ends;

	add_test_row(&f->roster, 1, &rows[0]);
	add_test_row(&f->roster, 0, &rows[1]);
	assert_int_equal(roster_settle(&f->roster), 0);
	assert_true(roster_results(&f->roster, 0, &res, &n, &ends));
	assert_true(rank_results(&f->ranking, res, n, ends,
	    f->roster.streets.count, &q));
	assert_int_equal(report_results(&f->ranking, &f->roster, LANG_EN, 0,
	    csv_sink(f, 0, &f->results, &schema_results, LANG_EN), NULL), 0);
	/* (60 x 91.005 + 40 x 87.125) / 100 = 89.453, no decimals: 89 */
	assert_string_equal(capture_text(&f->results), HEADER
	    "大南街道,1,J1,甲,大南街道司法所,87.125,91.005,60,89,nominated\n");
}

/* Ensure an empty ranking still gives both outputs their header. */
static void
test_report_results_empty(void **state)
{
	struct fixture *f = *state;

	rank(f, 1);
	assert_int_equal(report_results(&f->ranking, &f->roster, LANG_EN, 2,
	    csv_sink(f, 0, &f->results, &schema_results, LANG_EN),
	    csv_sink(f, 1, &f->nominations, &schema_results, LANG_EN)), 0);
	assert_string_equal(capture_text(&f->results), HEADER);
	assert_string_equal(capture_text(&f->nominations), HEADER);
}

/*
 * Ensure every rejected row goes to the rejects with its sheet, line and
 * message and its cells as found (guarded like any text), in row order;
 * merged rows do not; only rows at fault (and the first row of an
 * incomplete staff member) are errors.
 */
static void
test_report_rows_rejects(void **state)
{
	static const struct test_row rows[] = {
		{ "S1", "张三", "大南街道", "大南街道司法所", "88", "90", NULL, 2,
		    NULL },
		{ "", "=x", "大南街道", "大南街道司法所", "88", "90", "否", 3,
		    "staff_id is empty" },
		{ "S6", "赵六", "大南街道", "大南街道司法所", "8.5e1", "90", NULL,
		    4, "dept_score \"8.5e1\" has an exponent" },
		{ "S7", "钱七", "大南街道", "大南街道司法所", "88", "", NULL, 5,
		    NULL },
		{ "S1", "张三", "大南街道", "大南街道司法所", "88", "90", NULL, 6,
		    NULL },
		{ "S8", "孙八", "大南街道", "大南街道司法所", "80", "80", NULL, 7,
		    NULL },
	};
	struct fixture *f = *state;
	unsigned long rejected;
	const char *out, *msgs;
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		add_test_row(&f->roster, 0, &rows[i]);
	rank(f, 1);
	assert_int_equal(report_rows(&f->roster, csv_sink(f, 2, &f->rejects,
	    &schema_rejects, LANG_EN), &f->diag, &rejected), 0);
	assert_int_equal(rejected, 5);
	out = capture_text(&f->rejects);
	assert_memory_equal(out, REJECTS_HEADER, strlen(REJECTS_HEADER));
	assert_int_equal(count_occurrences(out, "\n"), 6);
	assert_contains(out, "\none.csv,2,\"not used: staff_id \"\"S1\"\" "
	    "cannot be assessed because its row at one.csv:6 is invalid\","
	    "S1,张三,大南街道,大南街道司法所,88,90,\n");
	assert_contains(out, "\none.csv,3,staff_id is empty,,'=x,大南街道,"
	    "大南街道司法所,88,90,否\n");
	assert_contains(out, "\none.csv,4,\"dept_score \"\"8.5e1\"\" has an "
	    "exponent\",S6,赵六,大南街道,大南街道司法所,8.5e1,90,\n");
	assert_contains(out, "\none.csv,5,\"no street score for S7 ("
	    "大南街道司法所, W 60): its row at one.csv:5 leaves street_score "
	    "empty\",S7,钱七,大南街道,大南街道司法所,88,,\n");
	assert_contains(out, "\none.csv,6,\"staff_id \"\"S1\"\" already has a "
	    "department score, from one.csv:2\",S1,");
	assert_true(strstr(out, "one.csv,2,") < strstr(out, "one.csv,3,"));
	assert_true(strstr(out, "one.csv,5,") < strstr(out, "one.csv,6,"));
	assert_not_contains(out, "S8");
	msgs = capture_text(&f->messages);
	assert_int_equal(f->diag.errors, 4);
	assert_contains(msgs, "kaoping: one.csv:3: staff_id is empty\n");
	assert_contains(msgs, "kaoping: one.csv:4: ");
	assert_contains(msgs, "kaoping: one.csv:5: no street score for S7");
	assert_contains(msgs, "kaoping: one.csv:6: ");
	assert_not_contains(msgs, "one.csv:2:");
}

/* Ensure rows can be counted with no rejects file and no messages. */
static void
test_report_rows_count_only(void **state)
{
	struct fixture *f = *state;
	unsigned long rejected = 99;

	add_staff(f);
	rank(f, 1);
	assert_int_equal(report_rows(&f->roster, NULL, NULL, &rejected), 0);
	assert_int_equal(rejected, 0);
	assert_int_equal(report_rows(&f->roster, csv_sink(f, 2, &f->rejects,
	    &schema_rejects, LANG_ZH), &f->diag, &rejected), 0);
	assert_string_equal(capture_text(&f->rejects), "文件,行,问题,工号,姓名,"
	    "街道,单位,主管部门考评分,属地街道考评分,是否可评优\n");
	assert_int_equal(f->diag.errors, 0);
	assert_string_equal(capture_text(&f->messages), "");
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_report_results_cells),
		T(test_report_results_chinese),
		T(test_report_results_joined_rows),
		T(test_report_results_empty),
		T(test_report_rows_rejects),
		T(test_report_rows_count_only),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}

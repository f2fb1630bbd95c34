/*
 * Score sheets read from real files (SPEC sections 2, 8 and 11): where the
 * header is, which kind of sheet it makes, and every check of a data row,
 * seen through the staff table the rows go to.
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
#include <sysexits.h>

#include "diag.h"
#include "helpers.h"
#include "policy.h"
#include "roster.h"
#include "roster_rows.h"
#include "schema.h"
#include "sheet.h"

#define HEADER		"staff_id,name,street,unit,dept_score,street_score," \
			"eligible\n"
#define HEADER_ZH	"工号,姓名,街道,单位,主管部门评分,街道评分,可评优\n"
#define ROW(id)		id ",张三,大南街道,大南街道司法所,88,90,\n"

static const char *const names[] = { "one.csv", "two.csv" };

struct fixture {
	struct policy	 policy;
	struct roster	 roster;
	enum sheet_kind	 kinds[2];
	struct capture	 cap;
	struct diag	 diag;
	struct sheet_run run;
	char		*paths[2];
	bool		 settled;
	char		 why[2048];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (f == NULL || !policy_builtin(&f->policy, 60))
		return -1;
	roster_init(&f->roster, &f->policy, names, f->kinds);
	capture_open(&f->cap);
	diag_init(&f->diag, f->cap.fp);
	f->run.roster = &f->roster;
	f->run.diag = &f->diag;
	f->run.names = names;
	f->run.kinds = f->kinds;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	temp_file_remove(f->paths[0]);
	temp_file_remove(f->paths[1]);
	roster_free(&f->roster);
	policy_free(&f->policy);
	capture_close(&f->cap);
	free(f);
	return 0;
}

/* Read text as sheet number `sheet`; its messages are in messages(f). */
static int
read_text(struct fixture *f, const char *text, uint32_t sheet)
{
	f->paths[sheet] = temp_file(text);
	return sheet_read(&f->run, f->paths[sheet], sheet);
}

static const char *
messages(struct fixture *f)
{
	return capture_text(&f->cap);
}

/* Why data row i was rejected, or NULL when it was merged. */
static const char *
row_problem(struct fixture *f, size_t i)
{
	bool own;

	if (!f->settled) {
		assert_int_equal(roster_settle(&f->roster), 0);
		f->settled = true;
	}
	assert_true(i < f->roster.nrows);
	if (roster_row_fate(&f->roster, i, f->why, sizeof f->why, &own) ==
	    ROW_MERGED)
		return NULL;
	return f->why;
}

static const char *
cell_of(struct fixture *f, size_t row, enum in_col col)
{
	static char copy[256];

	return test_copy(roster_cell(&f->roster, &f->roster.rows[row], col),
	    copy, sizeof copy);
}

/*
 * Ensure the header is found below 9 title rows (blank lines not
 * counted), and that rows keep their lines; -v says rows were skipped.
 */
static void
test_sheet_read_header_below_titles(void **state)
{
	struct fixture *f = *state;
	char text[1024] = "沈河区2026年第三季度考评汇总表\n\n";
	int i;

	for (i = 2; i <= 9; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text),
		    "说明 %d,,\n", i);
	strcat(text, HEADER ROW("S1") "\n" ROW("S2"));
	f->run.verbose = true;
	assert_int_equal(read_text(f, text, 0), 0);
	assert_int_equal(f->roster.nrows, 2);
	assert_int_equal(f->run.rows, 2);
	/* title, blank, 8 notes: the header is line 11 */
	assert_int_equal(f->roster.rows[0].line, 12);
	assert_int_equal(f->roster.rows[1].line, 14);
	assert_string_equal(cell_of(f, 1, IN_STAFF_ID), "S2");
	assert_contains(messages(f), "one.csv: 9 title rows above the header "
	    "skipped");
	assert_int_equal(f->diag.errors, 0);
}

/*
 * Ensure a header below 10 title rows is not looked for: the error is at
 * line 1, quotes line 1 and says which columns a header names.
 */
static void
test_sheet_read_header_not_beyond_ten(void **state)
{
	struct fixture *f = *state;
	char text[1024] = "沈河区2026年第三季度考评汇总表\n";
	int i;

	for (i = 2; i <= 10; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text),
		    "说明 %d\n", i);
	strcat(text, HEADER ROW("S1"));
	assert_int_equal(read_text(f, text, 0), EX_DATAERR);
	assert_int_equal(f->roster.nrows, 0);
	assert_contains(messages(f), "kaoping: one.csv:1: ");
	assert_contains(messages(f), "\"沈河区2026年第三季度考评汇总表\"");
	assert_contains(messages(f), "staff_id (工号)");
	assert_contains(messages(f), "name (姓名)");
	assert_int_equal(f->diag.errors, 1);
}

/* Ensure a sheet with nothing in it is an error, and says so. */
static void
test_sheet_read_empty(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_text(f, "\n\n", 0), EX_DATAERR);
	assert_string_equal(messages(f), "kaoping: one.csv: the sheet is "
	    "empty: it has no header row\n");
}

/* Ensure a header without data rows is a valid, empty sheet. */
static void
test_sheet_read_header_only(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_text(f, HEADER, 0), 0);
	assert_int_equal(f->roster.nrows, 0);
	assert_int_equal(f->kinds[0], SHEET_FULL);
	assert_int_equal(f->cap.len, 0);
}

/*
 * Ensure the kind of a sheet follows from its score columns, and a
 * department or street sheet gives only its party's score.
 */
static void
test_sheet_read_kinds(void **state)
{
	struct fixture *f = *state;
	const struct staff *s;

	assert_int_equal(read_text(f, "staff_id,name,street,unit,"
	    "主管部门考评分\nS1,张三,大南街道,大南街道司法所,88\n", 0), 0);
	assert_int_equal(f->kinds[0], SHEET_DEPT);
	assert_int_equal(read_text(f, "属地街道考评分,工号,姓名,属地街道,"
	    "派驻单位\n90,S1,张三,大南街道,大南街道司法所\n", 1), 0);
	assert_int_equal(f->kinds[1], SHEET_STREET);
	assert_int_equal(f->roster.rows[0].flags & (ROW_GIVES_DEPT |
	    ROW_GIVES_STREET), ROW_GIVES_DEPT);
	assert_int_equal(f->roster.rows[1].flags & (ROW_GIVES_DEPT |
	    ROW_GIVES_STREET), ROW_GIVES_STREET);
	assert_null(row_problem(f, 0));
	assert_null(row_problem(f, 1));
	s = &f->roster.staff[0];
	assert_int_equal(s->dept_row, 0);
	assert_int_equal(s->street_row, 1);
	/* The column the sheet lacks is empty. */
	assert_string_equal(cell_of(f, 0, IN_STREET_SCORE), "");
	assert_string_equal(cell_of(f, 1, IN_DEPT_SCORE), "");
}

/* Ensure a sheet without a score column is an error naming both columns. */
static void
test_sheet_read_no_score_column(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_text(f, "staff_id,name,street,unit,eligible\n"
	    "S1,张三,大南街道,大南街道司法所,\n", 0), EX_DATAERR);
	assert_contains(messages(f), "kaoping: one.csv:1: ");
	assert_contains(messages(f), "dept_score");
	assert_contains(messages(f), "主管部门考评分");
	assert_contains(messages(f), "street_score");
	assert_contains(messages(f), "属地街道考评分");
	assert_int_equal(f->roster.nrows, 0);
}

/* Ensure a missing required column is named with its accepted names. */
static void
test_sheet_read_missing_column(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_text(f, "\n\nSTAFF_ID,name,street,dept_score\n"
	    "S1,张三,大南街道,88\n", 0), EX_DATAERR);
	assert_string_equal(messages(f), "kaoping: one.csv:3: missing column "
	    "unit (accepted names: unit, 单位, 派驻单位, 所属单位)\n");
}

/* Ensure a column given twice, under two of its names, is an error. */
static void
test_sheet_read_column_twice(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_text(f, "staff_id,name,street,unit,工号,"
	    "dept_score\n", 0), EX_DATAERR);
	assert_contains(messages(f), "kaoping: one.csv:1: column staff_id is "
	    "given twice, as columns 1 and 5");
	assert_contains(messages(f), "人员编号");
}

/* Ensure a header cell broken by a line break is named, with the cure. */
static void
test_sheet_read_header_line_break(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_text(f, "工号,\"姓\n名\",街道,单位,主管部门评分\n"
	    "S1,张三,大南街道,大南街道司法所,88\n", 0), EX_DATAERR);
	assert_contains(messages(f), "kaoping: one.csv:1: ");
	assert_contains(messages(f), "column 2");
	assert_contains(messages(f), "line break");
	assert_int_equal(f->diag.errors, 1);
}

/* Ensure a sheet separated by semicolons is explained, not just refused. */
static void
test_sheet_read_semicolons(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_text(f, "工号;姓名;街道;单位;主管部门评分\n"
	    "S1;张三;大南街道;大南街道司法所;88\n", 0), EX_DATAERR);
	assert_contains(messages(f), "kaoping: one.csv:1: ");
	assert_contains(messages(f), "semicolons");
	assert_contains(messages(f), "comma-separated");
}

/* Ensure a sheet separated by tabs, below a title, is explained too. */
static void
test_sheet_read_tabs(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_text(f, "考评表\nstaff_id\tname\tstreet\tunit\t"
	    "dept_score\nS1\t张三\t大南街道\t大南街道司法所\t88\n", 0),
	    EX_DATAERR);
	assert_contains(messages(f), "kaoping: one.csv:2: ");
	assert_contains(messages(f), "tabs");
	assert_not_contains(messages(f), "semicolons");
}

/* Ensure a record that repeats the header is skipped, and told with -v. */
static void
test_sheet_read_repeated_header(void **state)
{
	struct fixture *f = *state;

	f->run.verbose = true;
	assert_int_equal(read_text(f, HEADER ROW("S1") HEADER_ZH ROW("S2"),
	    0), 0);
	assert_int_equal(f->roster.nrows, 2);
	assert_int_equal(f->run.rows, 2);
	assert_int_equal(f->roster.rows[1].line, 4);
	assert_null(row_problem(f, 0));
	assert_null(row_problem(f, 1));
	assert_contains(messages(f), "one.csv: 1 repeated header row skipped");
	assert_contains(messages(f), "one.csv: UTF-8, full sheet");
}

/* Ensure each empty required cell makes its row invalid, naming it. */
static void
test_sheet_read_empty_cells(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_text(f, HEADER
	    ",张三,大南街道,大南街道司法所,88,90,\n"
	    "S2,,大南街道,大南街道司法所,88,90,\n"
	    "S3,王五,,大南街道司法所,88,90,\n"
	    "S4,赵六,大南街道,,88,90,\n"
	    "S5,  ,  ,  ,x,y,z\n"
	    ROW("S6"), 0), 0);
	assert_int_equal(f->roster.nrows, 6);
	assert_string_equal(row_problem(f, 0), "staff_id is empty");
	assert_string_equal(row_problem(f, 1), "name is empty");
	assert_string_equal(row_problem(f, 2), "street is empty");
	assert_string_equal(row_problem(f, 3), "unit is empty");
	/* The first problem in column order is the one told. */
	assert_string_equal(row_problem(f, 4), "name is empty");
	assert_null(row_problem(f, 5));
	assert_int_equal(f->diag.errors, 0);
}

/* Ensure each kind of malformed score is named with the text found. */
static void
test_sheet_read_malformed_scores(void **state)
{
	static const struct {
		const char *cell, *reason;
	} bad[] = {
		{ "8.5e1", "has an exponent" },
		{ "\"1,000\"", "thousands separator" },
		{ "85分", "has a unit" },
		{ "８５", "full-width" },
		{ ".5", "starts with a point" },
		{ "-5", "is negative" },
		{ "101", "is above 100" },
		{ "80.1234567890123456", "more than 15 digits" },
		{ "abc", "is not a plain decimal number" },
	};
	struct fixture *f = *state;
	char text[4096] = HEADER;
	size_t i, n = sizeof bad / sizeof bad[0];
	const char *why;

	for (i = 0; i < n; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text),
		    "D%zu,张三,大南街道,大南街道司法所,%s,90,\n"
		    "S%zu,张三,大南街道,大南街道派出所,88,%s,\n", i, bad[i].cell,
		    i, bad[i].cell);
	assert_int_equal(read_text(f, text, 0), 0);
	assert_int_equal(f->roster.nrows, 2 * n);
	for (i = 0; i < n; i++) {
		why = row_problem(f, 2 * i);
		assert_non_null(why);
		assert_contains(why, "dept_score \"");
		assert_contains(why, bad[i].reason);
		assert_contains(why, "a score is a plain decimal number");
		/* Checked even where W is 0. */
		why = row_problem(f, 2 * i + 1);
		assert_non_null(why);
		assert_contains(why, "street_score \"");
		assert_contains(why, bad[i].reason);
	}
}

/* Ensure every spelling of yes and no is understood, and nothing else. */
static void
test_sheet_read_eligible_words(void **state)
{
	static const char *const yes[] = { "yes", "Y", "TRUE", "1", "是", "" };
	static const char *const no[] = { "No", "n", "FALSE", "0", "否" };
	struct fixture *f = *state;
	char text[4096] = HEADER;
	size_t i;

	for (i = 0; i < 6; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text),
		    "Y%zu,a,大南街道,大南派出所,80,,%s\n", i, yes[i]);
	for (i = 0; i < 5; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text),
		    "N%zu,a,大南街道,大南派出所,80,,%s\n", i, no[i]);
	strcat(text, "X1,a,大南街道,大南派出所,80,,maybe\n"
	    "X2,a,大南街道,大南派出所,80,,是否\n");
	assert_int_equal(read_text(f, text, 0), 0);
	assert_int_equal(f->roster.nrows, 13);
	for (i = 0; i < 11; i++) {
		assert_null(row_problem(f, i));
		assert_int_equal((f->roster.rows[i].flags &
		    ROW_SAYS_INELIGIBLE) != 0, i >= 6);
	}
	assert_string_equal(row_problem(f, 11), "eligible \"maybe\" is not "
	    "one of yes/no, y/n, true/false, 1/0, 是/否");
	assert_contains(row_problem(f, 12), "\"是否\"");
}

/* Ensure short rows have empty cells and surplus cells must be empty. */
static void
test_sheet_read_short_and_long_rows(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_text(f, HEADER
	    "S1,a,大南街道,大南派出所,80\n"
	    "S2,b,大南街道,大南街道司法所,80,90,,,\n"
	    "S3,c,大南街道,大南街道司法所,80,90,,,x\n", 0), 0);
	assert_int_equal(f->roster.nrows, 3);
	assert_null(row_problem(f, 0));
	assert_string_equal(cell_of(f, 0, IN_ELIGIBLE), "");
	assert_null(row_problem(f, 1));
	assert_string_equal(row_problem(f, 2), "the row has 9 cells but the "
	    "header only 7; cell 9 holds \"x\"");
}

/*
 * Ensure a staff_id a spreadsheet turned into scientific notation is
 * invalid, with the explanation, naming the column as the header does.
 */
static void
test_sheet_read_scientific_staff_id(void **state)
{
	struct fixture *f = *state;
	const char *why;

	assert_int_equal(read_text(f, HEADER_ZH
	    "2.10103E+17,张三,大南街道,大南街道司法所,88,90,\n"
	    "2.10103198705123E+017,李四,大南街道,大南街道司法所,88,90,\n"
	    "210103198705123456,王五,大南街道,大南街道司法所,88,90,\n"
	    "E17,赵六,大南街道,大南街道司法所,88,90,\n", 0), 0);
	why = row_problem(f, 0);
	assert_non_null(why);
	assert_contains(why, "工号 \"2.10103E+17\"");
	assert_contains(why, "format the 工号 column as text");
	assert_contains(row_problem(f, 1), "2.10103198705123E+017");
	assert_null(row_problem(f, 2));
	assert_null(row_problem(f, 3));
}

/*
 * Ensure messages name columns as the sheet's header does, and that the
 * first sheet's header sets the language.
 */
static void
test_sheet_read_chinese_labels(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_text(f, "工号,姓名,街道,单位,主管部门评分\n"
	    ",张三,大南街道,大南街道司法所,88\n"
	    "S2,,大南街道,大南街道司法所,8.5e1\n", 0), 0);
	assert_true(f->run.chinese);
	assert_int_equal(read_text(f, "staff_id,name,street,unit,"
	    "Street_Score\nS3,李四,大南街道,大南街道司法所,abc\n", 1), 0);
	assert_true(f->run.chinese);
	assert_string_equal(row_problem(f, 0), "工号 is empty");
	assert_string_equal(row_problem(f, 1), "姓名 is empty");
	assert_contains(row_problem(f, 2), "Street_Score \"abc\"");
}

/* Ensure an English first sheet is not Chinese, whatever follows. */
static void
test_sheet_read_english_first(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_text(f, HEADER, 0), 0);
	assert_false(f->run.chinese);
	assert_int_equal(read_text(f, HEADER_ZH, 1), 0);
	assert_false(f->run.chinese);
}

/*
 * Ensure a street named with 办事处 is the same street as without it, for
 * the staff table, while the cell is kept as found.
 */
static void
test_sheet_read_street_office(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_text(f, HEADER
	    "S1,张三,大南街道办事处,大南街道司法所,88,90,\n"
	    "S2,李四,大南街道,大南街道司法所,88,90,\n"
	    "S3,王五,办事处,办事处司法所,88,90,\n", 0), 0);
	assert_int_equal(f->roster.streets.count, 2);
	assert_int_equal(f->roster.rows[0].street, f->roster.rows[1].street);
	assert_string_equal(cell_of(f, 0, IN_STREET), "大南街道办事处");
	assert_null(row_problem(f, 0));
	assert_null(row_problem(f, 2));
}

/* Ensure a sheet that cannot be opened is EX_NOINPUT, and said. */
static void
test_sheet_read_missing_file(void **state)
{
	struct fixture *f = *state;

	f->paths[0] = temp_file("");
	assert_int_equal(unlink(f->paths[0]), 0);
	assert_int_equal(sheet_read(&f->run, f->paths[0], 0), EX_NOINPUT);
	assert_int_equal(f->diag.errors, 1);
	assert_int_equal(f->roster.nrows, 0);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_sheet_read_header_below_titles),
		T(test_sheet_read_header_not_beyond_ten),
		T(test_sheet_read_empty),
		T(test_sheet_read_header_only),
		T(test_sheet_read_kinds),
		T(test_sheet_read_no_score_column),
		T(test_sheet_read_missing_column),
		T(test_sheet_read_column_twice),
		T(test_sheet_read_header_line_break),
		T(test_sheet_read_semicolons),
		T(test_sheet_read_tabs),
		T(test_sheet_read_repeated_header),
		T(test_sheet_read_empty_cells),
		T(test_sheet_read_malformed_scores),
		T(test_sheet_read_eligible_words),
		T(test_sheet_read_short_and_long_rows),
		T(test_sheet_read_scientific_staff_id),
		T(test_sheet_read_chinese_labels),
		T(test_sheet_read_english_first),
		T(test_sheet_read_street_office),
		T(test_sheet_read_missing_file),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}

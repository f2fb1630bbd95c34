#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "diag.h"
#include "header.h"
#include "helpers.h"
#include "schema.h"
#include "source.h"

#define MAX_CELLS	16

/* A diag on a memory stream, and a header record built by hand. */
struct fixture {
	struct capture	 cap;
	struct diag	 diag;
	struct cell	 cells[MAX_CELLS];
	struct record	 rec;
	struct header_match m;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (f == NULL)
		return -1;
	capture_open(&f->cap);
	diag_init(&f->diag, f->cap.fp);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	capture_close(&f->cap);
	free(f);
	return 0;
}

/* Make the record of the NULL-ended names, at line 1 of "s.csv". */
static void
make_record(struct fixture *f, const char *const *names)
{
	size_t n;

	for (n = 0; names[n] != NULL; n++) {
		assert_true(n < MAX_CELLS);
		f->cells[n].s = names[n];
		f->cells[n].len = strlen(names[n]);
		f->cells[n].kind = CELL_TEXT;
	}
	f->rec.cells = f->cells;
	f->rec.count = n;
	f->rec.line = f->rec.row = 1;
}

/* Match the names against the score sheet's columns and report. */
static bool
match(struct fixture *f, const char *const *names)
{
	make_record(f, names);
	memset(&f->m, 0xAB, sizeof f->m);
	header_match(&f->rec, schema_in, IN_COUNT, &f->m);
	return header_report(&f->m, &f->rec, schema_in, IN_COUNT, "s.csv",
	    &f->diag);
}

/* Ensure the English names map each column to its cell. */
static void
test_header_match_english(void **state)
{
	static const char *const names[] = { "staff_id", "name", "street",
	    "unit", "dept_score", "street_score", "eligible", NULL };
	struct fixture *f = *state;
	size_t i;

	assert_true(match(f, names));
	for (i = 0; i < IN_COUNT; i++) {
		assert_int_equal(f->m.where[i], i);
		assert_int_equal(f->m.twice[i], HEADER_ABSENT);
		assert_int_equal(f->m.broken[i], HEADER_ABSENT);
		assert_false(f->m.chinese[i]);
	}
	assert_int_equal(f->diag.errors, 0);
	assert_int_equal(f->cap.len, 0);
}

/* Ensure the Chinese aliases are accepted in any order, and marked. */
static void
test_header_match_chinese_aliases(void **state)
{
	static const char *const names[] = { "属地街道考评分", "可评优",
	    "姓名", "人员编号", "派驻单位", "主管部门考评分", "属地街道",
	    NULL };
	struct fixture *f = *state;

	assert_true(match(f, names));
	assert_int_equal(f->m.where[IN_STREET_SCORE], 0);
	assert_int_equal(f->m.where[IN_ELIGIBLE], 1);
	assert_int_equal(f->m.where[IN_NAME], 2);
	assert_int_equal(f->m.where[IN_STAFF_ID], 3);
	assert_int_equal(f->m.where[IN_UNIT], 4);
	assert_int_equal(f->m.where[IN_DEPT_SCORE], 5);
	assert_int_equal(f->m.where[IN_STREET], 6);
	assert_true(f->m.chinese[IN_STAFF_ID]);
	assert_true(f->m.chinese[IN_NAME]);
	assert_int_equal(f->diag.errors, 0);
}

/*
 * Ensure every alias of every column is recognised, the Chinese output
 * labels of SPEC section 10 included, so kaoping reads its own outputs.
 */
static void
test_header_match_every_alias(void **state)
{
	static const char *const labels[] = { "工号", "姓名", "街道", "单位",
	    "主管部门考评分", "属地街道考评分", "是否可评优" };
	struct fixture *f = *state;
	const char *names[IN_COUNT + 1];
	size_t col, alias, i;

	for (col = 0; col < IN_COUNT; col++) {
		for (alias = 0; alias < SCHEMA_MAX_NAMES &&
		    schema_in[col].names[alias] != NULL; alias++) {
			for (i = 0; i < IN_COUNT; i++)
				names[i] = schema_in[i].names[0];
			names[col] = schema_in[col].names[alias];
			names[IN_COUNT] = NULL;
			if (!match(f, names))
				fail_msg("%s refused: %s",
				    schema_in[col].names[alias],
				    capture_text(&f->cap));
			assert_int_equal(f->m.where[col], col);
		}
		assert_true(header_names(&schema_in[col], labels[col],
		    strlen(labels[col])));
	}
}

/* Ensure ASCII letters in names match without case. */
static void
test_header_match_ignores_case(void **state)
{
	static const char *const names[] = { "Staff_ID", "NAME", "Street",
	    "uNiT", "DEPT_SCORE", "Street_Score", "ELIGIBLE", NULL };
	struct fixture *f = *state;
	size_t i;

	assert_true(match(f, names));
	for (i = 0; i < IN_COUNT; i++)
		assert_int_equal(f->m.where[i], i);
}

/* Ensure columns other than the known ones are ignored. */
static void
test_header_match_unknown_ignored(void **state)
{
	static const char *const names[] = { "序号", "staff_id", "note",
	    "name", "", "street", "unit", "dept_score", "street_score",
	    "staff", "staff_id2", "单位名称", NULL };
	struct fixture *f = *state;

	assert_true(match(f, names));
	assert_int_equal(f->m.where[IN_STAFF_ID], 1);
	assert_int_equal(f->m.where[IN_NAME], 3);
	assert_int_equal(f->m.where[IN_STREET], 5);
	assert_int_equal(f->m.where[IN_UNIT], 6);
	assert_int_equal(f->m.where[IN_DEPT_SCORE], 7);
	assert_int_equal(f->m.where[IN_STREET_SCORE], 8);
	assert_int_equal(f->diag.errors, 0);
}

/*
 * Ensure the score columns and eligible are optional to the matcher (the
 * sheet decides what a sheet without either score column is).
 */
static void
test_header_match_optional_absent(void **state)
{
	static const char *const names[] = { "工号", "姓名", "街道", "单位",
	    NULL };
	struct fixture *f = *state;

	assert_true(match(f, names));
	assert_int_equal(f->m.where[IN_DEPT_SCORE], HEADER_ABSENT);
	assert_int_equal(f->m.where[IN_STREET_SCORE], HEADER_ABSENT);
	assert_int_equal(f->m.where[IN_ELIGIBLE], HEADER_ABSENT);
	assert_int_equal(f->diag.errors, 0);
	assert_int_equal(f->cap.len, 0);
}

/* Ensure a missing required column is named with its accepted names. */
static void
test_header_report_missing_required(void **state)
{
	static const char *const names[] = { "staff_id", "name", "street",
	    "dept_score", "eligible", NULL };
	struct fixture *f = *state;

	assert_false(match(f, names));
	assert_int_equal(f->m.where[IN_UNIT], HEADER_ABSENT);
	assert_int_equal(f->m.where[IN_STAFF_ID], 0);
	assert_int_equal(f->diag.errors, 1);
	assert_string_equal(capture_text(&f->cap), "kaoping: s.csv:1: missing "
	    "column unit (accepted names: unit, 单位, 派驻单位, 所属单位)\n");
}

/* Ensure every missing required column is reported, not just the first. */
static void
test_header_report_missing_several(void **state)
{
	static const char *const names[] = { "name", "unit", "eligible",
	    NULL };
	struct fixture *f = *state;
	const char *out;

	assert_false(match(f, names));
	assert_int_equal(f->diag.errors, 2);
	out = capture_text(&f->cap);
	assert_contains(out, "staff_id");
	assert_contains(out, "人员编号");
	assert_contains(out, "所属街道");
	assert_int_equal(count_occurrences(out, "kaoping: s.csv:1: "), 2);
}

/* Ensure a column given twice, under any of its names, is an error. */
static void
test_header_report_twice(void **state)
{
	static const char *const names[] = { "staff_id", "name", "street",
	    "unit", "dept_score", "工号", NULL };
	struct fixture *f = *state;

	assert_false(match(f, names));
	assert_int_equal(f->m.where[IN_STAFF_ID], 0);
	assert_int_equal(f->m.twice[IN_STAFF_ID], 5);
	assert_int_equal(f->diag.errors, 1);
	assert_string_equal(capture_text(&f->cap), "kaoping: s.csv:1: column "
	    "staff_id is given twice, as columns 1 and 6 (accepted names: "
	    "staff_id, 工号, 人员编号)\n");
}

/* Ensure the same name twice, differing only in case, is twice too. */
static void
test_header_report_twice_case(void **state)
{
	static const char *const names[] = { "staff_id", "name", "street",
	    "Unit", "dept_score", "UNIT", NULL };
	struct fixture *f = *state;

	assert_false(match(f, names));
	assert_int_equal(f->diag.errors, 1);
	assert_contains(capture_text(&f->cap), "column unit is given twice");
}

/* Ensure an optional column given twice is an error too. */
static void
test_header_report_twice_optional(void **state)
{
	static const char *const names[] = { "staff_id", "name", "street",
	    "unit", "街道评分", "street_score", "可评优", "是否可评优",
	    NULL };
	struct fixture *f = *state;
	const char *out;

	assert_false(match(f, names));
	assert_int_equal(f->diag.errors, 2);
	out = capture_text(&f->cap);
	assert_contains(out, "column street_score is given twice");
	assert_contains(out, "column eligible is given twice");
}

/* Ensure names are compared whole: no prefix, no inner change. */
static void
test_header_match_whole_names(void **state)
{
	static const char *const names[] = { "staff", "name", "street",
	    "unit", "dept_score", "staff_ id", "staff_id_", NULL };
	struct fixture *f = *state;

	assert_false(match(f, names));
	assert_int_equal(f->m.where[IN_STAFF_ID], HEADER_ABSENT);
	assert_contains(capture_text(&f->cap), "missing column staff_id");
}

/*
 * Ensure a header cell that names a column once its line breaks are gone
 * is reported with the cell and what it should read, not as missing.
 */
static void
test_header_report_line_break(void **state)
{
	static const char *const names[] = { "staff_id", "na\nme", "street",
	    "unit", "主管部门\r\n考评分", NULL };
	struct fixture *f = *state;
	const char *out;

	assert_false(match(f, names));
	assert_int_equal(f->m.broken[IN_NAME], 1);
	assert_int_equal(f->m.broken[IN_DEPT_SCORE], 4);
	assert_int_equal(f->m.where[IN_NAME], HEADER_ABSENT);
	assert_int_equal(f->diag.errors, 2);
	out = capture_text(&f->cap);
	assert_contains(out, "(column 2) holds a line break; remove it so "
	    "the cell reads name");
	assert_contains(out, "(column 5) holds a line break");
	assert_not_contains(out, "missing column name");
}

/*
 * Ensure the message carries the line the header starts on, and the
 * spreadsheet row when it differs.
 */
static void
test_header_report_line_and_row(void **state)
{
	static const char *const names[] = { "name", NULL };
	struct fixture *f = *state;

	make_record(f, names);
	f->rec.line = 7;
	f->rec.row = 5;
	header_match(&f->rec, schema_in, IN_COUNT, &f->m);
	assert_false(header_report(&f->m, &f->rec, schema_in, IN_COUNT,
	    "<stdin>", &f->diag));
	assert_contains(capture_text(&f->cap), "kaoping: <stdin>:7 (row 5): ");
	assert_int_equal(f->m.where[IN_NAME], 0);
}

/* Ensure an empty header row reports every required column. */
static void
test_header_report_empty_record(void **state)
{
	static const char *const names[] = { NULL };
	struct fixture *f = *state;
	size_t i;

	assert_false(match(f, names));
	assert_int_equal(f->diag.errors, 4);
	for (i = 0; i < IN_COUNT; i++)
		assert_int_equal(f->m.where[i], HEADER_ABSENT);
}

/* Ensure the policy's two columns are matched by the same code. */
static void
test_header_match_policy_columns(void **state)
{
	static const struct in_column cols[] = {
		{ { "unit", "单位" }, IN_KIND_TEXT, true },
		{ { "street_weight", "街道权重" }, IN_KIND_TEXT, true },
	};
	static const char *const names[] = { "note", "街道权重", "UNIT",
	    NULL };
	struct fixture *f = *state;

	make_record(f, names);
	header_match(&f->rec, cols, 2, &f->m);
	assert_true(header_report(&f->m, &f->rec, cols, 2, "p.csv",
	    &f->diag));
	assert_int_equal(f->m.where[0], 2);
	assert_int_equal(f->m.where[1], 1);
	assert_false(f->m.chinese[0]);
	assert_true(f->m.chinese[1]);
}

/* Ensure a column's names are listed English first, comma-separated. */
static void
test_header_list_names_all(void **state)
{
	char out[256], tiny[8];

	(void)state;
	header_list_names(out, sizeof out, &schema_in[IN_STREET]);
	assert_string_equal(out, "street, 街道, 所属街道, 属地街道");
	header_list_names(out, sizeof out, &schema_in[IN_NAME]);
	assert_string_equal(out, "name, 姓名");
	header_list_names(tiny, sizeof tiny, &schema_in[IN_STREET]);
	assert_true(strlen(tiny) < sizeof tiny);
	assert_memory_equal(tiny, "street,", 7);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_header_match_english),
		T(test_header_match_chinese_aliases),
		T(test_header_match_every_alias),
		T(test_header_match_ignores_case),
		T(test_header_match_unknown_ignored),
		T(test_header_match_optional_absent),
		T(test_header_report_missing_required),
		T(test_header_report_missing_several),
		T(test_header_report_twice),
		T(test_header_report_twice_case),
		T(test_header_report_twice_optional),
		T(test_header_match_whole_names),
		T(test_header_report_line_break),
		T(test_header_report_line_and_row),
		T(test_header_report_empty_record),
		T(test_header_match_policy_columns),
		cmocka_unit_test(test_header_list_names_all),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}

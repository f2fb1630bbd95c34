#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "diag.h"
#include "header.h"
#include "helpers.h"
#include "reader.h"

/* The score sheet's columns, as SPEC section 2 lists them. */
enum {
	COL_ID, COL_NAME, COL_STREET, COL_UNIT, COL_DEPT, COL_STREET_SCORE,
	COL_ELIGIBLE, COL_COUNT
};

static const struct column columns[COL_COUNT] = {
	{ { "staff_id", "工号", "人员编号", NULL }, true },
	{ { "name", "姓名", NULL }, true },
	{ { "street", "街道", "所属街道", "属地街道", NULL }, true },
	{ { "unit", "单位", "派驻单位", "所属单位", NULL }, true },
	{ { "dept_score", "主管部门评分", "主管部门考评分", NULL }, true },
	{ { "street_score", "街道评分", "街道考评分", "属地街道考评分", NULL },
	    true },
	{ { "eligible", "可评优", "是否可评优", NULL }, false },
};

#define MAX_FIELDS	16

/* A diag on a memory stream, and room for a header built by hand. */
struct fixture {
	struct capture	 cap;
	struct diag	 diag;
	struct field	 fields[MAX_FIELDS];
	struct record	 rec;
	size_t		 where[COL_COUNT];
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

/* Map a header of the NULL-ended names, read at line 1 of "s.csv". */
static bool
map(struct fixture *f, const char *const *names)
{
	size_t n;

	for (n = 0; names[n] != NULL; n++) {
		assert_true(n < MAX_FIELDS);
		f->fields[n].data = names[n];
		f->fields[n].len = strlen(names[n]);
	}
	f->rec.fields = f->fields;
	f->rec.count = n;
	f->rec.line = 1;
	memset(f->where, 0xAB, sizeof f->where);
	return header_map(&f->rec, columns, COL_COUNT, f->where, &f->diag,
	    "s.csv");
}

/* Ensure the English names map each column to its field. */
static void
test_header_map_english(void **state)
{
	static const char *const names[] = { "staff_id", "name", "street",
	    "unit", "dept_score", "street_score", "eligible", NULL };
	struct fixture *f = *state;
	size_t i;

	assert_true(map(f, names));
	for (i = 0; i < COL_COUNT; i++)
		assert_int_equal(f->where[i], i);
	assert_int_equal(f->diag.errors, 0);
	assert_int_equal(f->cap.len, 0);
}

/* Ensure the Chinese aliases are accepted, in any order. */
static void
test_header_map_chinese_aliases(void **state)
{
	static const char *const names[] = { "属地街道考评分", "可评优",
	    "姓名", "人员编号", "派驻单位", "主管部门考评分", "属地街道",
	    NULL };
	struct fixture *f = *state;

	assert_true(map(f, names));
	assert_int_equal(f->where[COL_STREET_SCORE], 0);
	assert_int_equal(f->where[COL_ELIGIBLE], 1);
	assert_int_equal(f->where[COL_NAME], 2);
	assert_int_equal(f->where[COL_ID], 3);
	assert_int_equal(f->where[COL_UNIT], 4);
	assert_int_equal(f->where[COL_DEPT], 5);
	assert_int_equal(f->where[COL_STREET], 6);
	assert_int_equal(f->diag.errors, 0);
}

/* Ensure every alias of every column is recognised. */
static void
test_header_map_every_alias(void **state)
{
	struct fixture *f = *state;
	const char *names[COL_COUNT + 1];
	size_t col, alias, i;

	for (col = 0; col < COL_COUNT; col++) {
		for (alias = 0; columns[col].names[alias] != NULL; alias++) {
			for (i = 0; i < COL_COUNT; i++)
				names[i] = columns[i].names[0];
			names[col] = columns[col].names[alias];
			names[COL_COUNT] = NULL;
			if (!map(f, names))
				fail_msg("%s refused: %s",
				    columns[col].names[alias],
				    capture_text(&f->cap));
			assert_int_equal(f->where[col], col);
		}
	}
}

/* Ensure ASCII letters in names match without case. */
static void
test_header_map_ignores_case(void **state)
{
	static const char *const names[] = { "Staff_ID", "NAME", "Street",
	    "uNiT", "DEPT_SCORE", "Street_Score", "ELIGIBLE", NULL };
	struct fixture *f = *state;
	size_t i;

	assert_true(map(f, names));
	for (i = 0; i < COL_COUNT; i++)
		assert_int_equal(f->where[i], i);
}

/* Ensure columns other than the known ones are ignored. */
static void
test_header_map_unknown_ignored(void **state)
{
	static const char *const names[] = { "序号", "staff_id", "note",
	    "name", "", "street", "unit", "dept_score", "street_score",
	    "staff", "staff_id2", "单位名称", NULL };
	struct fixture *f = *state;

	assert_true(map(f, names));
	assert_int_equal(f->where[COL_ID], 1);
	assert_int_equal(f->where[COL_NAME], 3);
	assert_int_equal(f->where[COL_STREET], 5);
	assert_int_equal(f->where[COL_UNIT], 6);
	assert_int_equal(f->where[COL_DEPT], 7);
	assert_int_equal(f->where[COL_STREET_SCORE], 8);
	assert_int_equal(f->diag.errors, 0);
}

/* Ensure an optional column that is absent is HEADER_ABSENT, no error. */
static void
test_header_map_optional_absent(void **state)
{
	static const char *const names[] = { "工号", "姓名", "街道", "单位",
	    "主管部门评分", "街道评分", NULL };
	struct fixture *f = *state;

	assert_true(map(f, names));
	assert_int_equal(f->where[COL_ELIGIBLE], HEADER_ABSENT);
	assert_int_equal(f->where[COL_STREET_SCORE], 5);
	assert_int_equal(f->diag.errors, 0);
	assert_int_equal(f->cap.len, 0);
}

/* Ensure a missing required column is named with its accepted names. */
static void
test_header_map_missing_required(void **state)
{
	static const char *const names[] = { "staff_id", "name", "street",
	    "unit", "dept_score", "eligible", NULL };
	struct fixture *f = *state;
	const char *out;

	assert_false(map(f, names));
	assert_int_equal(f->where[COL_STREET_SCORE], HEADER_ABSENT);
	assert_int_equal(f->where[COL_ID], 0);
	assert_int_equal(f->diag.errors, 1);
	out = capture_text(&f->cap);
	assert_contains(out, "kaoping: s.csv:1: ");
	assert_contains(out, "street_score");
	assert_contains(out, "街道评分");
	assert_contains(out, "街道考评分");
	assert_contains(out, "属地街道考评分");
}

/* Ensure every missing required column is reported, not just the first. */
static void
test_header_map_missing_several(void **state)
{
	static const char *const names[] = { "name", "street", "unit",
	    "eligible", NULL };
	struct fixture *f = *state;
	const char *out;

	assert_false(map(f, names));
	assert_int_equal(f->diag.errors, 3);
	out = capture_text(&f->cap);
	assert_contains(out, "staff_id");
	assert_contains(out, "人员编号");
	assert_contains(out, "dept_score");
	assert_contains(out, "street_score");
	assert_int_equal(count_occurrences(out, "kaoping: s.csv:1: "), 3);
}

/* Ensure a column given twice, under any of its names, is an error. */
static void
test_header_map_duplicate(void **state)
{
	static const char *const names[] = { "staff_id", "name", "street",
	    "unit", "dept_score", "street_score", "工号", NULL };
	struct fixture *f = *state;
	const char *out;

	assert_false(map(f, names));
	assert_int_equal(f->diag.errors, 1);
	out = capture_text(&f->cap);
	assert_contains(out, "kaoping: s.csv:1: ");
	assert_contains(out, "staff_id");
	assert_contains(out, "工号");
	assert_contains(out, "人员编号");
	assert_contains(out, "twice");
}

/* Ensure the same name twice, differing only in case, is a duplicate. */
static void
test_header_map_duplicate_case(void **state)
{
	static const char *const names[] = { "staff_id", "name", "street",
	    "Unit", "dept_score", "street_score", "UNIT", NULL };
	struct fixture *f = *state;

	assert_false(map(f, names));
	assert_int_equal(f->diag.errors, 1);
	assert_contains(capture_text(&f->cap), "unit");
	assert_contains(f->cap.buf, "派驻单位");
}

/* Ensure an optional column given twice is an error too. */
static void
test_header_map_duplicate_optional(void **state)
{
	static const char *const names[] = { "staff_id", "name", "street",
	    "unit", "dept_score", "street_score", "可评优", "是否可评优",
	    NULL };
	struct fixture *f = *state;

	assert_false(map(f, names));
	assert_int_equal(f->diag.errors, 1);
	assert_contains(capture_text(&f->cap), "eligible");
}

/* Ensure names are compared whole: no prefix, no untrimmed spaces. */
static void
test_header_map_whole_names(void **state)
{
	static const char *const names[] = { "staff", "name", "street",
	    "unit", "dept_score", "street_score", "staff_id ", NULL };
	struct fixture *f = *state;

	assert_false(map(f, names));
	assert_int_equal(f->where[COL_ID], HEADER_ABSENT);
	assert_contains(capture_text(&f->cap), "staff_id");
}

/* Ensure the message carries the line the header record starts on. */
static void
test_header_map_reports_line(void **state)
{
	static const struct field one = { "name", 4 };
	struct fixture *f = *state;
	struct record rec = { &one, 1, 7 };

	assert_false(header_map(&rec, columns, COL_COUNT, f->where, &f->diag,
	    "<stdin>"));
	assert_contains(capture_text(&f->cap), "kaoping: <stdin>:7: ");
	assert_int_equal(f->where[COL_NAME], 0);
}

/* Ensure an empty header row reports every required column. */
static void
test_header_map_empty_record(void **state)
{
	static const char *const names[] = { NULL };
	struct fixture *f = *state;
	size_t i;

	assert_false(map(f, names));
	assert_int_equal(f->diag.errors, 6);
	for (i = 0; i < COL_COUNT; i++)
		assert_int_equal(f->where[i], HEADER_ABSENT);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_header_map_english),
		T(test_header_map_chinese_aliases),
		T(test_header_map_every_alias),
		T(test_header_map_ignores_case),
		T(test_header_map_unknown_ignored),
		T(test_header_map_optional_absent),
		T(test_header_map_missing_required),
		T(test_header_map_missing_several),
		T(test_header_map_duplicate),
		T(test_header_map_duplicate_case),
		T(test_header_map_duplicate_optional),
		T(test_header_map_whole_names),
		T(test_header_map_reports_line),
		T(test_header_map_empty_record),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}

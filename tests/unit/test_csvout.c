#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "csvout.h"
#include "helpers.h"

/* A writer on a memory stream, made fresh for each test. */
struct fixture {
	struct capture	 cap;
	struct csvout	 w;
};

static int
setup_plain(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (f == NULL)
		return -1;
	capture_open(&f->cap);
	csvout_init(&f->w, f->cap.fp, false, false);
	*state = f;
	return 0;
}

static int
setup_raw(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (f == NULL)
		return -1;
	capture_open(&f->cap);
	csvout_init(&f->w, f->cap.fp, false, true);
	*state = f;
	return 0;
}

static int
setup_excel(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (f == NULL)
		return -1;
	capture_open(&f->cap);
	csvout_init(&f->w, f->cap.fp, true, false);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	csvout_free(&f->w);
	capture_close(&f->cap);
	free(f);
	return 0;
}

/* One text cell on its own row, as written. */
static const char *
text_row(struct fixture *f, const char *cell)
{
	csvout_text_z(&f->w, cell);
	csvout_end_row(&f->w);
	return capture_text(&f->cap);
}

/* Ensure plain cells are written bare, separated by commas. */
static void
test_csvout_text_plain_unquoted(void **state)
{
	struct fixture *f = *state;

	csvout_text_z(&f->w, "S001");
	csvout_text_z(&f->w, "\xE5\xBC\xA0\xE4\xB8\x89");	/* 张三 */
	csvout_text_z(&f->w, "a b");
	csvout_text_z(&f->w, "it's");
	csvout_text_z(&f->w, "");
	csvout_text_z(&f->w, " x ");
	csvout_end_row(&f->w);
	assert_string_equal(capture_text(&f->cap),
	    "S001,\xE5\xBC\xA0\xE4\xB8\x89,a b,it's,, x \n");
}

/* Ensure a comma, quote, CR or LF makes a cell quoted, quotes doubled. */
static void
test_csvout_text_quoting(void **state)
{
	struct fixture *f = *state;

	csvout_text_z(&f->w, "a,b");
	csvout_text_z(&f->w, "say \"hi\"");
	csvout_text_z(&f->w, "\"");
	csvout_text_z(&f->w, "line1\nline2");
	csvout_text_z(&f->w, "cr\rhere");
	csvout_text_z(&f->w, "crlf\r\nthere");
	csvout_end_row(&f->w);
	assert_string_equal(capture_text(&f->cap),
	    "\"a,b\",\"say \"\"hi\"\"\",\"\"\"\",\"line1\nline2\","
	    "\"cr\rhere\",\"crlf\r\nthere\"\n");
}

/* Ensure cells with no comma, quote or line break are never quoted. */
static void
test_csvout_text_minimal_quoting(void **state)
{
	struct fixture *f = *state;

	csvout_text_z(&f->w, "a;b");
	csvout_text_z(&f->w, "tab\there");
	csvout_text_z(&f->w, "'quoted'");
	csvout_text_z(&f->w, "\xE3\x80\x80");	/* U+3000 */
	csvout_end_row(&f->w);
	assert_string_equal(capture_text(&f->cap),
	    "a;b,tab\there,'quoted',\xE3\x80\x80\n");
}

/* Ensure only len bytes of a cell are looked at and written. */
static void
test_csvout_text_length_bounded(void **state)
{
	struct fixture *f = *state;

	csvout_text(&f->w, "abc,def", 3);
	csvout_text(&f->w, "x\"y", 3);
	csvout_end_row(&f->w);
	assert_string_equal(capture_text(&f->cap), "abc,\"x\"\"y\"\n");
}

/* Ensure text cells starting = + - @ tab or CR get a leading quote. */
static void
test_csvout_text_formula_guard(void **state)
{
	struct fixture *f = *state;

	csvout_text_z(&f->w, "=1+1");
	csvout_text_z(&f->w, "+86 24");
	csvout_text_z(&f->w, "-5");
	csvout_text_z(&f->w, "@SUM(A1)");
	csvout_text_z(&f->w, "\tx");
	csvout_end_row(&f->w);
	assert_string_equal(capture_text(&f->cap),
	    "'=1+1,'+86 24,'-5,'@SUM(A1),'\tx\n");
}

/* Ensure the guard goes inside the quotes when a cell needs both. */
static void
test_csvout_text_guard_inside_quotes(void **state)
{
	struct fixture *f = *state;

	csvout_text_z(&f->w, "=HYPERLINK(\"http://x\",\"y\")");
	csvout_text_z(&f->w, "\rx");
	csvout_text_z(&f->w, "-1,2");
	csvout_end_row(&f->w);
	assert_string_equal(capture_text(&f->cap),
	    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","
	    "\"'\rx\",\"'-1,2\"\n");
}

/* Ensure formula characters elsewhere than the start are left alone. */
static void
test_csvout_text_guard_only_first_char(void **state)
{
	struct fixture *f = *state;

	csvout_text_z(&f->w, "a=b");
	csvout_text_z(&f->w, " =1");
	csvout_text_z(&f->w, "x@y.cn");
	csvout_text_z(&f->w, "'=1");
	csvout_end_row(&f->w);
	assert_string_equal(capture_text(&f->cap), "a=b, =1,x@y.cn,'=1\n");
}

/* Ensure --raw writes formula-like text as it is. */
static void
test_csvout_text_raw_no_guard(void **state)
{
	struct fixture *f = *state;

	csvout_text_z(&f->w, "=1+1");
	csvout_text_z(&f->w, "-5");
	csvout_text_z(&f->w, "@x");
	csvout_text_z(&f->w, "=a,b");
	csvout_end_row(&f->w);
	assert_string_equal(capture_text(&f->cap), "=1+1,-5,@x,\"=a,b\"\n");
}

/* Ensure number cells are never guarded, yet quoted if they must be. */
static void
test_csvout_number_never_guarded(void **state)
{
	struct fixture *f = *state;

	csvout_number(&f->w, "+85", 3);
	csvout_number(&f->w, "-0", 2);
	csvout_number(&f->w, "89.13", 5);
	csvout_number(&f->w, "85,5", 4);
	csvout_end_row(&f->w);
	assert_string_equal(capture_text(&f->cap), "+85,-0,89.13,\"85,5\"\n");
}

/* Ensure unsigned numbers are written in decimal, from 0 to the largest. */
static void
test_csvout_unsigned_values(void **state)
{
	struct fixture *f = *state;
	char want[64];

	csvout_unsigned(&f->w, 0);
	csvout_unsigned(&f->w, 7);
	csvout_unsigned(&f->w, 4294967295UL);
	csvout_unsigned(&f->w, ULONG_MAX);
	csvout_end_row(&f->w);
	snprintf(want, sizeof want, "0,7,4294967295,%lu\n", ULONG_MAX);
	assert_string_equal(capture_text(&f->cap), want);
}

/* Ensure rows end with LF and each row starts without a comma. */
static void
test_csvout_row_ends(void **state)
{
	static const char *const header[] = { "unit", "street_weight" };
	struct fixture *f = *state;

	csvout_row(&f->w, header, 2);
	csvout_text_z(&f->w, "a");
	csvout_unsigned(&f->w, 60);
	csvout_end_row(&f->w);
	csvout_end_row(&f->w);
	csvout_text_z(&f->w, "b");
	csvout_end_row(&f->w);
	assert_string_equal(capture_text(&f->cap),
	    "unit,street_weight\na,60\n\nb\n");
}

/* Ensure csvout_row guards its cells like any text cell. */
static void
test_csvout_row_guards_cells(void **state)
{
	static const char *const cells[] = { "=x", "a,b", "" };
	struct fixture *f = *state;

	csvout_row(&f->w, cells, 3);
	assert_string_equal(capture_text(&f->cap), "'=x,\"a,b\",\n");
}

/* Ensure --excel writes the byte-order mark first and CRLF row ends. */
static void
test_csvout_excel_bom_crlf(void **state)
{
	static const char *const header[] = { "street", "rank" };
	struct fixture *f = *state;
	const char *out;

	out = capture_text(&f->cap);
	assert_int_equal(f->cap.len, 3);
	assert_memory_equal(out, "\xEF\xBB\xBF", 3);
	csvout_row(&f->w, header, 2);
	csvout_text_z(&f->w, "\xE5\xA4\xA7\xE5\x8D\x97");	/* 大南 */
	csvout_unsigned(&f->w, 1);
	csvout_end_row(&f->w);
	assert_string_equal(capture_text(&f->cap),
	    "\xEF\xBB\xBF" "street,rank\r\n\xE5\xA4\xA7\xE5\x8D\x97,1\r\n");
	assert_int_equal(count_occurrences(f->cap.buf, "\xEF\xBB\xBF"), 1);
}

/* Ensure --excel keeps line breaks inside cells as found. */
static void
test_csvout_excel_cell_breaks_kept(void **state)
{
	struct fixture *f = *state;

	text_row(f, "a\nb");
	assert_string_equal(f->cap.buf, "\xEF\xBB\xBF\"a\nb\"\r\n");
}

/* Ensure the formula test sees only the first byte, and empty is safe. */
static void
test_csvout_looks_like_formula_cases(void **state)
{
	(void)state;
	assert_true(csvout_looks_like_formula("=", 1));
	assert_true(csvout_looks_like_formula("+1", 2));
	assert_true(csvout_looks_like_formula("-", 1));
	assert_true(csvout_looks_like_formula("@a", 2));
	assert_true(csvout_looks_like_formula("\t", 1));
	assert_true(csvout_looks_like_formula("\r\n", 2));
	assert_false(csvout_looks_like_formula("", 0));
	assert_false(csvout_looks_like_formula("=", 0));
	assert_false(csvout_looks_like_formula("\0=", 2));
	assert_false(csvout_looks_like_formula("\n=", 2));
	assert_false(csvout_looks_like_formula("1=", 2));
	assert_false(csvout_looks_like_formula(" =", 2));
	assert_false(csvout_looks_like_formula("'=", 2));
}

/*
 * Ensure a writer in memory gathers rows without a byte-order mark, grows
 * past its first allocation, and starts again empty after a clear.
 */
static void
test_csvout_memory_rows(void **state)
{
	struct csvout w;
	const char *bytes;
	size_t len, i;

	(void)state;
	csvout_init_memory(&w, true, false);
	csvout_text_z(&w, "a,b");
	csvout_unsigned(&w, 7);
	csvout_end_row(&w);
	bytes = csvout_memory(&w, &len);
	assert_int_equal(len, 9);
	assert_memory_equal(bytes, "\"a,b\",7\r\n", 9);
	for (i = 0; i < 20000; i++) {
		csvout_text_z(&w, "=x");
		csvout_end_row(&w);
	}
	bytes = csvout_memory(&w, &len);
	assert_int_equal(len, 9 + 20000 * 5);
	assert_memory_equal(bytes + len - 5, "'=x\r\n", 5);
	assert_true(csvout_ok(&w));
	csvout_memory_clear(&w);
	csvout_text_z(&w, "z");
	csvout_end_row(&w);
	bytes = csvout_memory(&w, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(bytes, "z\r\n", 3);
	csvout_free(&w);
}

/* Ensure a selection of the rows in memory is moved together in order. */
static void
test_csvout_memory_keep(void **state)
{
	static const char *const rows[] = { "r0", "r1", "r2", "r3", "r4" };
	const struct csvout_range first_and_last_two[] = {
		{ 0, 3 }, { 9, 15 } };
	const struct csvout_range middle[] = { { 6, 9 } };
	struct csvout w;
	const char *bytes;
	size_t len, i;

	(void)state;
	csvout_init_memory(&w, false, false);
	for (i = 0; i < 5; i++)
		csvout_row(&w, &rows[i], 1);
	csvout_memory_keep(&w, first_and_last_two, 2);
	bytes = csvout_memory(&w, &len);
	assert_int_equal(len, 9);
	assert_memory_equal(bytes, "r0\nr3\nr4\n", 9);
	csvout_memory_keep(&w, middle, 1);
	bytes = csvout_memory(&w, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(bytes, "r4\n", 3);
	csvout_memory_keep(&w, NULL, 0);
	csvout_memory(&w, &len);
	assert_int_equal(len, 0);
	csvout_free(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_csvout_text_plain_unquoted, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(
		    test_csvout_text_quoting, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(
		    test_csvout_text_minimal_quoting, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(
		    test_csvout_text_length_bounded, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(
		    test_csvout_text_formula_guard, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(
		    test_csvout_text_guard_inside_quotes, setup_plain,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_csvout_text_guard_only_first_char, setup_plain,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_csvout_text_raw_no_guard, setup_raw, teardown),
		cmocka_unit_test_setup_teardown(
		    test_csvout_number_never_guarded, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(
		    test_csvout_unsigned_values, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(
		    test_csvout_row_ends, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(
		    test_csvout_row_guards_cells, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(
		    test_csvout_excel_bom_crlf, setup_excel, teardown),
		cmocka_unit_test_setup_teardown(
		    test_csvout_excel_cell_breaks_kept, setup_excel, teardown),
		cmocka_unit_test(test_csvout_looks_like_formula_cases),
		cmocka_unit_test(test_csvout_memory_rows),
		cmocka_unit_test(test_csvout_memory_keep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

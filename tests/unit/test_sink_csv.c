/*
 * The CSV sink (SPEC sections 1 and 5): minimal quoting, the formula guard
 * on text cells only, --raw, --excel, labels in both languages, and write
 * errors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "diag.h"
#include "helpers.h"
#include "schema.h"
#include "sink.h"
#include "text.h"

/* Columns of each type, to see which cells are guarded. */
static const struct out_column columns[] = {
	{ "a", "text", "文本", OUT_TEXT },
	{ "b", "int", "整数", OUT_INT },
	{ "c", "score", "分数", OUT_SCORE },
	{ "d", "more", "更多", OUT_TEXT },
};
static const struct out_schema mixed = { columns, 4 };

#define MIXED_HEADER	"text,int,score,more\n"

struct fixture {
	struct capture	 out, messages;
	struct diag	 diag;
	struct sink	*sink;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (f == NULL)
		return -1;
	capture_open(&f->out);
	capture_open(&f->messages);
	diag_init(&f->diag, f->messages.fp);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	sink_free(&f->sink);
	capture_close(&f->out);
	capture_close(&f->messages);
	free(f);
	return 0;
}

static struct text_span
test_span(const char *s)
{
	struct text_span t = { s, strlen(s) };

	return t;
}

static void
open_sink(struct fixture *f, const struct out_schema *schema, enum lang lang,
    bool excel, bool raw)
{
	struct csv_style style = { excel, raw };

	f->sink = sink_csv_new(f->out.fp, "out.csv", schema, lang, &style,
	    &f->diag);
	assert_non_null(f->sink);
	assert_ptr_equal(f->sink->schema, schema);
}

/* Write a row of the mixed schema from four C strings. */
static void
row(struct fixture *f, const char *a, const char *b, const char *c,
    const char *d)
{
	struct text_span cells[4] = { test_span(a), test_span(b),
	    test_span(c), test_span(d) };

	assert_int_equal(sink_row(f->sink, cells), 0);
}

/* Everything written, the header line left out. */
static const char *
body(struct fixture *f)
{
	const char *text;

	assert_int_equal(sink_finish(f->sink), 0);
	text = capture_text(&f->out);
	assert_memory_equal(text, MIXED_HEADER, strlen(MIXED_HEADER));
	return text + strlen(MIXED_HEADER);
}

/* Ensure plain cells are written bare, separated by commas. */
static void
test_sink_csv_row_plain(void **state)
{
	struct fixture *f = *state;

	open_sink(f, &mixed, LANG_EN, false, false);
	row(f, "S001", "7", "89.13", "张三");
	row(f, "a b", "", "", " x ");
	row(f, "it's", "0", "100", "");
	assert_string_equal(body(f), "S001,7,89.13,张三\na b,,, x \n"
	    "it's,0,100,\n");
}

/* Ensure a comma, quote, CR or LF makes a cell quoted, quotes doubled. */
static void
test_sink_csv_row_quoting(void **state)
{
	struct fixture *f = *state;

	open_sink(f, &mixed, LANG_EN, false, false);
	row(f, "a,b", "1", "85,5", "say \"hi\"");
	row(f, "\"", "2", "1", "line1\nline2");
	row(f, "cr\rhere", "3", "1", "crlf\r\nthere");
	assert_string_equal(body(f), "\"a,b\",1,\"85,5\",\"say \"\"hi\"\"\"\n"
	    "\"\"\"\",2,1,\"line1\nline2\"\n"
	    "\"cr\rhere\",3,1,\"crlf\r\nthere\"\n");
}

/* Ensure cells with no comma, quote or line break are never quoted. */
static void
test_sink_csv_row_minimal_quoting(void **state)
{
	struct fixture *f = *state;

	open_sink(f, &mixed, LANG_EN, false, false);
	row(f, "a;b", "1", "2", "tab\there");
	row(f, "'quoted'", "1", "2", "\xE3\x80\x80");
	assert_string_equal(body(f), "a;b,1,2,tab\there\n"
	    "'quoted',1,2,\xE3\x80\x80\n");
}

/* Ensure text cells starting = + - @ tab or CR get a leading quote. */
static void
test_sink_csv_row_formula_guard(void **state)
{
	struct fixture *f = *state;

	open_sink(f, &mixed, LANG_EN, false, false);
	row(f, "=1+1", "1", "2", "+86 24");
	row(f, "-5", "1", "2", "@SUM(A1)");
	row(f, "\tx", "1", "2", "\rx");
	assert_string_equal(body(f), "'=1+1,1,2,'+86 24\n"
	    "'-5,1,2,'@SUM(A1)\n"
	    "'\tx,1,2,\"'\rx\"\n");
}

/* Ensure the guard goes inside the quotes when a cell needs both. */
static void
test_sink_csv_row_guard_inside_quotes(void **state)
{
	struct fixture *f = *state;

	open_sink(f, &mixed, LANG_EN, false, false);
	row(f, "=HYPERLINK(\"http://x\",\"y\")", "1", "2", "-1,2");
	assert_string_equal(body(f),
	    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",1,2,\"'-1,2\"\n");
}

/* Ensure formula characters elsewhere than the start are left alone. */
static void
test_sink_csv_row_guard_first_char_only(void **state)
{
	struct fixture *f = *state;

	open_sink(f, &mixed, LANG_EN, false, false);
	row(f, "a=b", "1", "2", " =1");
	row(f, "x@y.cn", "1", "2", "'=1");
	assert_string_equal(body(f), "a=b,1,2, =1\nx@y.cn,1,2,'=1\n");
}

/* Ensure number and score cells are never guarded, yet quoted if need be. */
static void
test_sink_csv_row_numbers_unguarded(void **state)
{
	struct fixture *f = *state;

	open_sink(f, &mixed, LANG_EN, false, false);
	row(f, "x", "-1", "+85", "y");
	row(f, "x", "=1", "-0", "y");
	assert_string_equal(body(f), "x,-1,+85,y\nx,=1,-0,y\n");
}

/* Ensure --raw writes formula-like text as it is, still quoted if need be. */
static void
test_sink_csv_row_raw(void **state)
{
	struct fixture *f = *state;

	open_sink(f, &mixed, LANG_EN, false, true);
	row(f, "=1+1", "1", "2", "=a,b");
	row(f, "@x", "1", "2", "-5");
	assert_string_equal(body(f), "=1+1,1,2,\"=a,b\"\n@x,1,2,-5\n");
}

/* Ensure --excel writes the byte-order mark once, and CRLF row ends. */
static void
test_sink_csv_excel_bom_crlf(void **state)
{
	struct fixture *f = *state;

	open_sink(f, &mixed, LANG_ZH, true, false);
	row(f, "大南", "1", "2", "a\nb");
	assert_int_equal(sink_finish(f->sink), 0);
	assert_string_equal(capture_text(&f->out), "\xEF\xBB\xBF"
	    "文本,整数,分数,更多\r\n大南,1,2,\"a\nb\"\r\n");
	assert_int_equal(count_occurrences(f->out.buf, "\xEF\xBB\xBF"), 1);
}

/* Ensure the header of each output has its labels in both languages. */
static void
test_sink_csv_new_labels(void **state)
{
	static const struct csv_style plain = { false, false };
	static const struct {
		const struct out_schema *schema;
		enum lang	 lang;
		const char	*header;
	} want[] = {
		{ &schema_results, LANG_EN, "street,rank,staff_id,name,unit,"
		    "dept_score,street_score,street_weight,combined,"
		    "status\n" },
		{ &schema_results, LANG_ZH, "街道,名次,工号,姓名,单位,"
		    "主管部门考评分,属地街道考评分,街道权重,综合得分,结果\n" },
		{ &schema_rejects, LANG_EN, "source,line,error,staff_id,name,"
		    "street,unit,dept_score,street_score,eligible\n" },
		{ &schema_rejects, LANG_ZH, "文件,行,问题,工号,姓名,街道,单位,"
		    "主管部门考评分,属地街道考评分,是否可评优\n" },
		{ &schema_policy, LANG_EN, "unit,street_weight\n" },
		{ &schema_policy, LANG_ZH, "单位,街道权重\n" },
	};
	struct fixture *f = *state;
	struct capture out;
	struct sink *s;
	size_t i;

	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		capture_open(&out);
		s = sink_csv_new(out.fp, "x.csv", want[i].schema,
		    want[i].lang, &plain, &f->diag);
		assert_non_null(s);
		assert_int_equal(sink_finish(s), 0);
		assert_string_equal(capture_text(&out), want[i].header);
		sink_free(&s);
		capture_close(&out);
	}
	assert_int_equal(f->diag.errors, 0);
}

/* Ensure a cell far longer than any before it is written whole. */
static void
test_sink_csv_row_long_cell(void **state)
{
	struct fixture *f = *state;
	size_t n = 100000, i;
	char *cell = malloc(n + 1);
	const char *out;

	assert_non_null(cell);
	for (i = 0; i < n; i++)
		cell[i] = i % 2 == 0 ? '"' : 'x';
	cell[n] = '\0';
	open_sink(f, &mixed, LANG_EN, false, false);
	row(f, "a", "1", "2", cell);
	out = body(f);
	assert_int_equal(strlen(out), strlen("a,1,2,") + 2 + n + n / 2 + 1);
	assert_memory_equal(out + strlen(out) - 5, "\"\"x\"\n", 5);
	free(cell);
}

/*
 * Ensure a write error (a full device) is reported once, naming the file,
 * and returned by the row or the finish that meets it and every call
 * after.
 */
static void
test_sink_csv_finish_write_error(void **state)
{
	static const struct csv_style plain = { false, false };
	struct fixture *f = *state;
	struct text_span cells[4] = { test_span("a"), test_span("1"),
	    test_span("2"), test_span("b") };
	FILE *full = fopen("/dev/full", "w");
	int status = 0, i;

	if (full == NULL)
		fail_msg("no /dev/full");
	f->sink = sink_csv_new(full, "n.csv", &mixed, LANG_EN, &plain,
	    &f->diag);
	assert_non_null(f->sink);
	for (i = 0; i < 100000 && status == 0; i++)
		status = sink_row(f->sink, cells);
	if (status == 0)
		status = sink_finish(f->sink);
	assert_int_equal(status, EX_IOERR);
	assert_int_equal(sink_row(f->sink, cells), EX_IOERR);
	assert_int_equal(sink_finish(f->sink), EX_IOERR);
	assert_string_equal(capture_text(&f->messages), "kaoping: n.csv: "
	    "write error: No space left on device\n");
	assert_int_equal(f->diag.errors, 1);
	sink_free(&f->sink);
	fclose(full);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_sink_csv_row_plain),
		T(test_sink_csv_row_quoting),
		T(test_sink_csv_row_minimal_quoting),
		T(test_sink_csv_row_formula_guard),
		T(test_sink_csv_row_guard_inside_quotes),
		T(test_sink_csv_row_guard_first_char_only),
		T(test_sink_csv_row_numbers_unguarded),
		T(test_sink_csv_row_raw),
		T(test_sink_csv_excel_bom_crlf),
		T(test_sink_csv_new_labels),
		T(test_sink_csv_row_long_cell),
		T(test_sink_csv_finish_write_error),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}

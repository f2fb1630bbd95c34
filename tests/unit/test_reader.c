/*
 * The record reader: line numbers, BOM, line ends, trimming, every
 * structural error, encodings, and the same transcript whatever the size
 * of the pieces the input arrives in.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sysexits.h>

#include "reader_transcript.h"

#define S(lit)	lit, sizeof(lit) - 1

/*
 * The transcript of the whole input must be the same at every piece size,
 * and when a reading thread parses it.
 */
static void
assert_transcript(const char *input, size_t len, const char *encoding,
    const char *expected)
{
	char *whole = reader_transcript(input, len, 0, encoding), *split;
	size_t piece;

	assert_string_equal(whole, expected);
	split = reader_transcript(input, len, READ_STREAM, encoding);
	assert_string_equal(split, expected);
	free(split);
	for (piece = 1; piece <= len; piece++) {
		split = reader_transcript(input, len, piece, encoding);
		if (strcmp(split, whole) != 0)
			fail_msg("piece size %zu gave:\n%s", piece, split);
		free(split);
	}
	free(whole);
}

/* Ensure plain LF records are numbered by line. */
static void
test_reader_lf(void **state)
{
	(void)state;
	assert_transcript(S("a,b\nc,d\n"), NULL,
	    "1:[a|b]\n2:[c|d]\nstatus 0\n");
}

/* Ensure a last line without a line end is still a record. */
static void
test_reader_no_final_newline(void **state)
{
	(void)state;
	assert_transcript(S("a,b\nc,d"), NULL,
	    "1:[a|b]\n2:[c|d]\nstatus 0\n");
}

/* Ensure CRLF counts one line and blank lines are skipped but counted. */
static void
test_reader_crlf_and_blank_lines(void **state)
{
	(void)state;
	assert_transcript(S("a,b\r\n\r\n\r\nc,d\r\n"), NULL,
	    "1:[a|b]\n4:[c|d]\nstatus 0\n");
}

/* Ensure a bare CR ends a line, alone or twice in a row before CRLF. */
static void
test_reader_bare_cr(void **state)
{
	(void)state;
	assert_transcript(S("a\rb\r\rc\r\r\nd"), NULL,
	    "1:[a]\n2:[b]\n4:[c]\n6:[d]\nstatus 0\n");
}

/* Ensure white space between CR and LF does not make them one CRLF. */
static void
test_reader_cr_space_lf(void **state)
{
	(void)state;
	assert_transcript(S("a\r \nb\r\t\t\nc\n"), NULL,
	    "1:[a]\n3:[b]\n5:[c]\nstatus 0\n");
}

/*
 * Ensure blanks touching quotes or following a CR are judged exactly, even
 * where the rest of the input is parsed with libcsv's own space handling.
 */
static void
test_reader_blanks_near_quotes(void **state)
{
	(void)state;
	assert_transcript(S("x,y\n\"a \",\" b\"\r\n  p , q\t\r\n"
	    "\"d\"\t,e\n"), NULL,
	    "1:[x|y]\n2:[a|b]\n3:[p|q]\n"
	    "kaoping: t.csv:4: malformed CSV: a double quote inside an "
	    "unquoted cell, or text after a closing quote\nstatus 65\n");
	assert_transcript(S("a\r\t\r \nb\n"), NULL,
	    "1:[a]\n4:[b]\nstatus 0\n");
}

/* Ensure a cell is quoted in a message without its surrounding blanks. */
static void
test_reader_excerpt_trimmed(void **state)
{
	(void)state;
	assert_transcript(S("a,\t\xFF" "b \n"), NULL,
	    "kaoping: t.csv:1: invalid UTF-8 (byte 0xFF in \"\\xFFb\"); "
	    "if the sheet was saved by Excel or WPS in Chinese, try "
	    "--encoding GB18030\nstatus 65\n");
}

/* Ensure a record spanning lines starts where it starts, and lines go on. */
static void
test_reader_multiline_cell(void **state)
{
	(void)state;
	assert_transcript(S("\"x\ny\r\nz\",w\nq,\"1\r2\"\ns\n"), NULL,
	    "1:[x\ny\r\nz|w]\n4:[q|1\r2]\n6:[s]\nstatus 0\n");
}

/* Ensure a BOM is dropped, also before a quoted first cell. */
static void
test_reader_bom_before_quoted_cell(void **state)
{
	(void)state;
	assert_transcript(S("\xEF\xBB\xBF\"staff_id\",name\n1,2\n"), NULL,
	    "1:[staff_id|name]\n2:[1|2]\nstatus 0\n");
}

/* Ensure only a complete BOM is dropped, and only at the start. */
static void
test_reader_partial_bom_is_text(void **state)
{
	(void)state;
	assert_transcript(S("\xEF\xBB,x\n"), NULL,
	    "kaoping: t.csv:1: invalid UTF-8 (byte 0xEF in \"\\xEF\\xBB\"); "
	    "if the sheet was saved by Excel or WPS in Chinese, try "
	    "--encoding GB18030\nstatus 65\n");
	assert_transcript(S("a\n\xEF\xBB\xBF" "b\n"), NULL,
	    "1:[a]\n2:[b]\nstatus 0\n");
}

/* Ensure cells are trimmed of the trim set: space, tab, U+3000, U+00A0. */
static void
test_reader_trims_cells(void **state)
{
	(void)state;
	assert_transcript(S(" a\t,\"  b \",\xE3\x80\x80" "c\xE3\x80\x80,"
	    "\xC2\xA0" "d\n"), NULL,
	    "1:[a|b|c|d]\nstatus 0\n");
}

/* Ensure rows of empty cells are skipped like blank lines. */
static void
test_reader_skips_empty_rows(void **state)
{
	(void)state;
	assert_transcript(S("a\n,,\n\"\", \n  \nb,\n"), NULL,
	    "1:[a]\n5:[b|]\nstatus 0\n");
}

/* Ensure an empty input gives no record and no error. */
static void
test_reader_empty_input(void **state)
{
	(void)state;
	assert_transcript(S(""), NULL, "status 0\n");
}

/* Ensure a quote inside an unquoted cell fails at that record's line. */
static void
test_reader_stray_quote(void **state)
{
	(void)state;
	assert_transcript(S("a\nb,ab\"c\nd\n"), NULL,
	    "1:[a]\nkaoping: t.csv:2: malformed CSV: a double "
	    "quote inside an unquoted cell, or text after a closing quote\n"
	    "status 65\n");
}

/* Ensure a space before an opening quote makes the quote a stray one. */
static void
test_reader_space_before_quote(void **state)
{
	(void)state;
	assert_transcript(S("a, \"b\"\n"), NULL,
	    "kaoping: t.csv:1: malformed CSV: a double quote inside an "
	    "unquoted cell, or text after a closing quote\nstatus 65\n");
}

/* Ensure an unterminated quote is reported at the record's first line. */
static void
test_reader_unterminated_quote(void **state)
{
	(void)state;
	assert_transcript(S("a\n\n\"b\nc,d\n"), NULL,
	    "1:[a]\nkaoping: t.csv:3: a quoted cell is never closed (a "
	    "double quote without its closing one)\nstatus 65\n");
}

/* Ensure the UTF-8 check names the record's first line, even multi-line. */
static void
test_reader_invalid_utf8(void **state)
{
	static const char *const bad[] = {
		"\xC0\x80", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
		"\xF8\x88\x80\x80\x80", "\xFF", "\xE4\xB8",
	};
	char input[64], *got;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(input, sizeof input, "a\n\"x\ny%s\"\n", bad[i]);
		got = reader_transcript(input, strlen(input), 0, NULL);
		assert_non_null(strstr(got, "kaoping: t.csv:2: invalid UTF-8"));
		assert_non_null(strstr(got, "--encoding GB18030"));
		assert_non_null(strstr(got, "status 65\n"));
		free(got);
	}
}

/* Ensure a NUL byte is a structural error, wherever it is in the cell. */
static void
test_reader_nul_byte(void **state)
{
	(void)state;
	assert_transcript(S("a\nb,8\0" "5\n"), NULL,
	    "1:[a]\nkaoping: t.csv:2: a cell holds a NUL byte (\"8\\x005\"); "
	    "the sheet must be text\nstatus 65\n");
}

/* Ensure 64 KiB is the longest cell allowed, quoted or not. */
static void
test_reader_cell_limit(void **state)
{
	size_t n = READER_MAX_FIELD + 3;
	char *input = malloc(n + 1), *got;

	(void)state;
	memset(input, 'x', n);
	input[READER_MAX_FIELD] = '\n';
	got = reader_transcript(input, READER_MAX_FIELD + 1, 0, NULL);
	assert_non_null(strstr(got, "status 0\n"));
	free(got);
	input[READER_MAX_FIELD] = 'x';
	input[n - 1] = '\n';
	got = reader_transcript(input, n, 4096, NULL);
	assert_non_null(strstr(got, "kaoping: t.csv:1: a cell is longer "
	    "than 64 KiB"));
	assert_non_null(strstr(got, "status 65\n"));
	free(got);
	free(input);
}

/* Ensure an unclosed quote at the top cannot buffer the whole file. */
static void
test_reader_runaway_quote_stops_early(void **state)
{
	size_t n = 8 * READER_MAX_FIELD;
	char *input = malloc(n), *got;

	(void)state;
	memset(input, 'y', n);
	input[0] = '"';
	got = reader_transcript(input, n, 0, NULL);
	assert_non_null(strstr(got, "t.csv:1: a cell is longer than 64 KiB"));
	free(got);
	free(input);
}

/* Ensure GB18030 is converted, split characters included, BOM dropped. */
static void
test_reader_gb18030(void **state)
{
	(void)state;
	/* BOM (84 31 95 33), then 工号,姓名 / 1,张三 */
	assert_transcript(S("\x84\x31\x95\x33\xB9\xA4\xBA\xC5,\xD0\xD5\xC3\xFB"
	    "\r\n1,\xD5\xC5\xC8\xFD\r\n"), "GB18030",
	    "1:[工号|姓名]\n2:[1|张三]\nstatus 0\n");
}

/* Ensure bytes the encoding rejects, or a cut character, are errors. */
static void
test_reader_gb18030_errors(void **state)
{
	char *got;

	(void)state;
	got = reader_transcript(S("a\nb\xFF\n"), 0, "GB18030");
	assert_string_equal(got, "1:[a]\nkaoping: t.csv:2: byte 0xFF is not "
	    "valid GB18030 (check --encoding)\nstatus 65\n");
	free(got);
	assert_transcript(S("a\nb\xB9"), "GB18030", "1:[a]\nkaoping: t.csv:2: "
	    "the file ends inside a GB18030 character\nstatus 65\n");
}

/* A callback that stops the reading at a given line. */
struct stopper {
	unsigned long	 stop_at, last_seen;
};

static int
stop_at_line(void *ctx, const struct record *rec)
{
	struct stopper *st = ctx;

	st->last_seen = rec->line;
	return rec->line == st->stop_at ? EX_DATAERR : 0;
}

static int
stop_at_lines(void *ctx, const struct record *recs, size_t count)
{
	return reader_each(recs, count, stop_at_line, ctx);
}

/* Ensure a record callback's status stops the reading and is returned. */
static void
test_reader_callback_stops(void **state)
{
	struct diag d;
	struct reader *r;
	struct stopper st = { 2, 0 };
	FILE *devnull = fopen("/dev/null", "w");

	(void)state;
	diag_init(&d, devnull);
	r = reader_new("t.csv", NULL, stop_at_lines, &st, &d);
	assert_int_equal(reader_feed(r, S("a\nb\nc\n")), EX_DATAERR);
	assert_int_equal(reader_finish(r), EX_DATAERR);
	assert_int_equal(st.last_seen, 2);
	reader_free(r);
	fclose(devnull);
}

/* A sheet of n lines "k,<k>" (many read-ahead batches), then tail. */
static char *
long_input(unsigned long n, const char *tail, size_t *len)
{
	char *text = NULL;
	FILE *fp = open_memstream(&text, len);
	unsigned long k;

	for (k = 1; k <= n; k++)
		fprintf(fp, "k,%lu\n", k);
	fputs(tail, fp);
	fclose(fp);
	return text;
}

/*
 * Ensure a reading thread hands over every record of a long sheet, in
 * order, and the error at its end only after them.
 */
static void
test_reader_stream_keeps_order(void **state)
{
	size_t len;
	char *input = long_input(200000, "x,\"y\"z\n", &len);
	char *whole = reader_transcript(input, len, 0, NULL);
	char *stream = reader_transcript(input, len, READ_STREAM, NULL);

	(void)state;
	assert_non_null(strstr(whole, "\n200000:[k|200000]\nkaoping: t.csv:200001: "
	    "malformed CSV"));
	assert_string_equal(stream, whole);
	free(input);
	free(whole);
	free(stream);
}

/* Ensure a callback that stops a long stream early ends the thread. */
static void
test_reader_stream_callback_stops(void **state)
{
	size_t len;
	char *input = long_input(200000, "", &len);
	FILE *in = fmemopen(input, len, "r");
	FILE *devnull = fopen("/dev/null", "w");
	struct stopper st = { 70000, 0 };
	struct diag d;
	struct reader *r;

	(void)state;
	diag_init(&d, devnull);
	r = reader_new("t.csv", NULL, stop_at_lines, &st, &d);
	assert_int_equal(reader_read_stream(r, in), EX_DATAERR);
	assert_int_equal(st.last_seen, 70000);
	reader_free(r);
	fclose(in);
	fclose(devnull);
	free(input);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_lf),
		cmocka_unit_test(test_reader_no_final_newline),
		cmocka_unit_test(test_reader_crlf_and_blank_lines),
		cmocka_unit_test(test_reader_bare_cr),
		cmocka_unit_test(test_reader_cr_space_lf),
		cmocka_unit_test(test_reader_multiline_cell),
		cmocka_unit_test(test_reader_blanks_near_quotes),
		cmocka_unit_test(test_reader_excerpt_trimmed),
		cmocka_unit_test(test_reader_bom_before_quoted_cell),
		cmocka_unit_test(test_reader_partial_bom_is_text),
		cmocka_unit_test(test_reader_trims_cells),
		cmocka_unit_test(test_reader_skips_empty_rows),
		cmocka_unit_test(test_reader_empty_input),
		cmocka_unit_test(test_reader_stray_quote),
		cmocka_unit_test(test_reader_space_before_quote),
		cmocka_unit_test(test_reader_unterminated_quote),
		cmocka_unit_test(test_reader_invalid_utf8),
		cmocka_unit_test(test_reader_nul_byte),
		cmocka_unit_test(test_reader_cell_limit),
		cmocka_unit_test(test_reader_runaway_quote_stops_early),
		cmocka_unit_test(test_reader_gb18030),
		cmocka_unit_test(test_reader_gb18030_errors),
		cmocka_unit_test(test_reader_callback_stops),
		cmocka_unit_test(test_reader_stream_keeps_order),
		cmocka_unit_test(test_reader_stream_callback_stops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

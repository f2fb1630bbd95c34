/*
 * The CSV source (csvsource.h): records with their lines and rows, line
 * ends, trimming, every structural error, encodings (auto, forced, byte
 * order marks, GB18030 found early or late), binary files, and the same
 * transcript however the input is cut into reads.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sysexits.h>

#include "csv_transcript.h"
#include "csvsource.h"
#include "helpers.h"

#define S(lit)		lit, sizeof(lit) - 1
#define OK_UTF8		"status 0, encoding UTF-8, rewinds 0\n"
#define OK_GB18030	"status 0, encoding GB18030, rewinds 0\n"
#define MALFORMED	"malformed CSV: a double quote inside a cell that " \
			"does not begin with one, or text after a closing " \
			"quote; a cell that holds a double quote must be " \
			"quoted whole, with the quote doubled\n"
#define BINARY		"this looks like a workbook or other binary file, " \
			"not CSV text: save it as CSV from the spreadsheet, " \
			"or pass the .xlsx file by name\n"
#define TOO_LONG	"a cell is longer than 64 KiB; is a closing double " \
			"quote missing?\n"

/* GB18030 bytes of the text in the comment. */
#define GB_ZHANGSAN	"\xD5\xC5\xC8\xFD"		/* 张三 */
#define GB_GONGHAO	"\xB9\xA4\xBA\xC5"		/* 工号 */
#define GB_MO		"\xC4\xA3"	/* 模, as UTF-8 U+0123 */

/*
 * The transcript must be expected, whole and read in pieces of every size
 * from 1 to len, each time with a different part taken as the prefix.
 */
static void
assert_cuts(const char *input, size_t len, const char *encoding,
    enum csv_input from, const char *expected)
{
	char *got;
	size_t k, prefix;

	got = csv_transcript_run(input, len, encoding, from, 0, 0, 0);
	assert_string_equal(got, expected);
	free(got);
	got = csv_transcript_run(input, len, encoding, from, 0, len, 0);
	assert_string_equal(got, expected);
	free(got);
	for (k = 1; k <= len; k++) {
		prefix = (k * 3) % (len + 1);
		got = csv_transcript_run(input, len, encoding, from, k, prefix,
		    0);
		if (strcmp(got, expected) != 0)
			fail_msg("reads of %zu bytes after a prefix of %zu "
			    "gave:\n%s\nexpected:\n%s", k, prefix, got,
			    expected);
		free(got);
	}
}

static void
assert_read(const char *input, size_t len, const char *encoding,
    const char *expected)
{
	assert_cuts(input, len, encoding, CSV_FROM_FILE, expected);
}

/* Ensure plain LF records are numbered by line, the last without one. */
static void
test_csv_read_lf(void **state)
{
	(void)state;
	assert_read(S("a,b\nc,d\n"), NULL, "1:[a|b]\n2:[c|d]\n" OK_UTF8);
	assert_read(S("a,b\nc,d"), NULL, "1:[a|b]\n2:[c|d]\n" OK_UTF8);
}

/* Ensure CRLF is one line end and blank lines count but are skipped. */
static void
test_csv_read_crlf_and_blank_lines(void **state)
{
	(void)state;
	assert_read(S("a,b\r\n\r\n\r\nc,d\r\n"), NULL,
	    "1:[a|b]\n4:[c|d]\n" OK_UTF8);
}

/* Ensure a bare CR ends a line, alone or twice in a row before CRLF. */
static void
test_csv_read_bare_cr(void **state)
{
	(void)state;
	assert_read(S("a\rb\r\rc\r\r\nd"), NULL,
	    "1:[a]\n2:[b]\n4:[c]\n6:[d]\n" OK_UTF8);
}

/* Ensure blanks between CR and LF keep them two line ends. */
static void
test_csv_read_cr_blank_lf(void **state)
{
	(void)state;
	assert_read(S("a\r \nb\r\t\t\nc\n"), NULL,
	    "1:[a]\n3:[b]\n5:[c]\n" OK_UTF8);
	assert_read(S("a\r\t\r \nb\n"), NULL, "1:[a]\n4:[b]\n" OK_UTF8);
}

/*
 * Ensure a line break inside a quoted cell counts as a line but not as a
 * row: the next record's row is one less than its line.
 */
static void
test_csv_read_quoted_line_breaks(void **state)
{
	(void)state;
	assert_read(S("\"x\ny\r\nz\",w\nq,\"1\r2\"\ns\n"), NULL,
	    "1:[x\ny\r\nz|w]\n4(2):[q|1\r2]\n6(3):[s]\n" OK_UTF8);
	/* A row of empty cells and a blank line are rows too. */
	assert_read(S("\"a\nb\"\n,\n\nc\n"), NULL,
	    "1:[a\nb]\n5(4):[c]\n" OK_UTF8);
}

/* Ensure a message about a record below a quoted line break says its row. */
static void
test_csv_read_error_names_row(void **state)
{
	(void)state;
	assert_read(S("\"a\nb\",c\nd,\"e\"f\n"), NULL,
	    "1:[a\nb|c]\nkaoping: t.csv:3 (row 2): " MALFORMED
	    "status 65, encoding UTF-8, rewinds 0\n");
}

/* Ensure blanks touching quotes are text: the quote is then a stray one. */
static void
test_csv_read_blanks_near_quotes(void **state)
{
	(void)state;
	assert_read(S("x,y\n\"a \",\" b\"\r\n  p , q\t\r\n\"d\"\t,e\n"),
	    NULL, "1:[x|y]\n2:[a|b]\n3:[p|q]\nkaoping: t.csv:4: " MALFORMED
	    "status 65, encoding UTF-8, rewinds 0\n");
	assert_read(S("a, \"b\"\n"), NULL, "kaoping: t.csv:1: " MALFORMED
	    "status 65, encoding UTF-8, rewinds 0\n");
}

/* Ensure a UTF-8 byte-order mark is dropped, however the reads cut it. */
static void
test_csv_read_bom(void **state)
{
	(void)state;
	assert_read(S("\xEF\xBB\xBF\"staff_id\",name\n1,2\n"), NULL,
	    "1:[staff_id|name]\n2:[1|2]\n" OK_UTF8);
	assert_read(S("\xEF\xBB\xBF"), NULL, OK_UTF8);
	/* Later, U+FEFF is text, trimmed at a cell's ends. */
	assert_read(S("a\n\xEF\xBB\xBF" "b,c\xEF\xBB\xBF" "d\n"), NULL,
	    "1:[a]\n2:[b|c\xEF\xBB\xBF" "d]\n" OK_UTF8);
}

/* Ensure the whole trim set goes from both ends, and nothing inside. */
static void
test_csv_read_trims_cells(void **state)
{
	(void)state;
	assert_read(S(" a\t,\"  b \",\xE3\x80\x80" "c\xE3\x80\x80,"
	    "\xC2\xA0" "d\xC2\xA0,\xE2\x80\x8B" "e\xEF\xBB\xBF,"
	    " f\xC2\xA0g \n"), NULL,
	    "1:[a|b|c|d|e|f\xC2\xA0g]\n" OK_UTF8);
}

/* Ensure rows whose cells are all empty after trimming are skipped. */
static void
test_csv_read_skips_empty_rows(void **state)
{
	(void)state;
	assert_read(S("a\n,,\n\"\", \n  \n\xC2\xA0,\xE3\x80\x80\nb,\n"), NULL,
	    "1:[a]\n6:[b|]\n" OK_UTF8);
}

/* Ensure an empty sheet gives no record and no error. */
static void
test_csv_read_empty(void **state)
{
	(void)state;
	assert_read(S(""), NULL, OK_UTF8);
	assert_read(S("\n\r\n"), NULL, OK_UTF8);
}

/* Ensure a stray quote fails at its record's first line. */
static void
test_csv_read_stray_quote(void **state)
{
	(void)state;
	assert_read(S("a\nb,ab\"c\nd\n"), NULL,
	    "1:[a]\nkaoping: t.csv:2: " MALFORMED
	    "status 65, encoding UTF-8, rewinds 0\n");
}

/* Ensure an unterminated quote is reported at the record's first line. */
static void
test_csv_read_unterminated_quote(void **state)
{
	(void)state;
	assert_read(S("a\n\n\"b\nc,d\n"), NULL,
	    "1:[a]\nkaoping: t.csv:3: a quoted cell is never closed: a "
	    "double quote opens it and none closes it before the end of the "
	    "sheet\nstatus 65, encoding UTF-8, rewinds 0\n");
}

/* Ensure -e UTF-8 refuses every ill-formed sequence, naming the line. */
static void
test_csv_read_invalid_utf8_forced(void **state)
{
	static const char *const bad[] = {
		"\xC0\x80", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
		"\xF8\x88\x80\x80\x80", "\xFF", "\xE4\xB8", "\x80",
	};
	char input[64], *got;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(input, sizeof input, "a\n\"x\ny%s\"\n", bad[i]);
		got = csv_transcript(input, strlen(input), "UTF-8");
		assert_contains(got, "1:[a]\nkaoping: t.csv:2: invalid UTF-8 "
		    "(byte 0x");
		assert_contains(got, "-e GB18030");
		assert_contains(got, "status 65, encoding UTF-8,");
		free(got);
	}
	assert_read(S("a\nb,\t\xFF" "c \n"), "utf8",
	    "1:[a]\nkaoping: t.csv:2: invalid UTF-8 (byte 0xFF in "
	    "\"\\xFFc\"): the sheet is not in the encoding given with -e; "
	    "try -e GB18030, or leave -e out\n"
	    "status 65, encoding utf8, rewinds 0\n");
}

/* Ensure a sheet with a UTF-8 mark is UTF-8: no other encoding is tried. */
static void
test_csv_read_invalid_utf8_after_bom(void **state)
{
	char *got;

	(void)state;
	got = csv_transcript(S("\xEF\xBB\xBF" "a\n" GB_ZHANGSAN "\n"), NULL);
	assert_contains(got, "1:[a]\nkaoping: t.csv:2: invalid UTF-8 (byte "
	    "0xD5 in ");
	assert_contains(got, "byte-order mark");
	assert_contains(got, "status 65, encoding UTF-8, rewinds 0\n");
	free(got);
}

/* Ensure a NUL byte past the first bytes is named in its cell. */
static void
test_csv_read_nul_byte(void **state)
{
	char input[5000], *got;
	size_t n;

	(void)state;
	memset(input, 'x', 4200);
	memcpy(input + 4200, "\nb,8\0" "5\n", 7);
	n = 4207;
	got = csv_transcript(input, n, NULL);
	assert_contains(got, "kaoping: t.csv:2: a cell holds a NUL byte "
	    "(\"8\\x005\"): this is not text");
	assert_contains(got, "status 65");
	free(got);
}

/*
 * Ensure a NUL byte among the first bytes calls the file binary (what
 * came before it is read all the same).
 */
static void
test_csv_read_nul_byte_early(void **state)
{
	(void)state;
	assert_read(S("ab,cd\n\0\0\0\1"), NULL, "1:[ab|cd]\n"
	    "kaoping: t.csv: " BINARY "status 65, encoding UTF-8, rewinds 0\n");
	assert_read(S("\0PNG"), NULL, "kaoping: t.csv: " BINARY
	    "status 65, encoding UTF-8, rewinds 0\n");
}

/* Ensure a workbook's zip or OLE2 signature is told as a binary file. */
static void
test_csv_read_workbook_signatures(void **state)
{
	(void)state;
	assert_read(S("PK\3\4\x14\0\6\0\x08\0\0\0!\0"), NULL,
	    "kaoping: t.csv: " BINARY "status 65, encoding UTF-8, rewinds 0\n");
	assert_read(S("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0"), NULL,
	    "kaoping: t.csv: " BINARY "status 65, encoding UTF-8, rewinds 0\n");
	/* Also when an encoding is given, and from a pipe. */
	assert_cuts(S("PK\3\4\x14\0\6\0"), "GB18030", CSV_FROM_PIPE,
	    "kaoping: t.csv: " BINARY
	    "status 65, encoding GB18030, rewinds 0\n");
}

/* Ensure a byte that is neither UTF-8 nor GB18030 is named at its line. */
static void
test_csv_read_neither_encoding(void **state)
{
	char input[4200], *got;

	(void)state;
	assert_read(S("a,b\n\x80\x80\n"), NULL, "1:[a|b]\nkaoping: t.csv:2: "
	    "byte 0x80 is neither UTF-8 nor GB18030: save the sheet as CSV "
	    "UTF-8, or give its encoding with -e\n"
	    "status 65, encoding GB18030, rewinds 0\n");
	/* Far in, the same. */
	memset(input, 'x', 4100);
	memcpy(input + 4100, "\nb," GB_ZHANGSAN "\x80\n", 9);
	got = csv_transcript(input, 4109, NULL);
	assert_contains(got, "kaoping: t.csv:2: byte 0x80 is neither UTF-8 "
	    "nor GB18030");
	assert_contains(got, "status 65, encoding GB18030, rewinds 0\n");
	free(got);
}

/* Ensure 64 KiB is the longest cell allowed, quoted or not. */
static void
test_csv_read_cell_limit(void **state)
{
	size_t n = SOURCE_MAX_CELL + 3;
	char *input = malloc(n + 1), *got;

	(void)state;
	memset(input, 'x', n);
	input[SOURCE_MAX_CELL] = '\n';
	got = csv_transcript(input, SOURCE_MAX_CELL + 1, NULL);
	assert_contains(got, OK_UTF8);
	free(got);
	input[SOURCE_MAX_CELL] = 'x';
	input[n - 1] = '\n';
	got = csv_transcript_run(input, n, NULL, CSV_FROM_FILE, 4096, 100, 0);
	assert_contains(got, "kaoping: t.csv:1: " TOO_LONG);
	assert_contains(got, "status 65");
	free(got);
	free(input);
}

/* Ensure an unclosed quote at the top cannot buffer the whole sheet. */
static void
test_csv_read_runaway_quote(void **state)
{
	size_t n = 8 * SOURCE_MAX_CELL, k;
	char *input = malloc(n), *got;

	(void)state;
	memset(input, 'y', n);
	input[0] = 'a';
	input[1] = '\n';
	input[2] = '"';
	for (k = 0; k <= 7; k++) {
		got = csv_transcript_run(input, n, NULL, CSV_FROM_FILE,
		    k == 0 ? 0 : 1000 * k + 1, 0, 0);
		assert_string_equal(got, "1:[a]\nkaoping: t.csv:2: " TOO_LONG
		    "status 65, encoding UTF-8, rewinds 0\n");
		free(got);
	}
	free(input);
}

/* Ensure a record has at most as many cells as a worksheet has columns. */
static void
test_csv_read_column_limit(void **state)
{
	size_t n = SOURCE_MAX_COLUMNS + 2;
	char *input = malloc(n + 1), *got;

	(void)state;
	memset(input, ',', n);
	input[0] = 'x';
	input[SOURCE_MAX_COLUMNS] = '\n';	/* x and 16383 commas */
	got = csv_transcript(input, SOURCE_MAX_COLUMNS + 1, NULL);
	assert_contains(got, OK_UTF8);
	free(got);
	input[SOURCE_MAX_COLUMNS] = ',';
	input[n - 1] = '\n';
	got = csv_transcript(input, n, NULL);
	assert_contains(got, "kaoping: t.csv:1: a record has more than 16384 "
	    "cells");
	free(got);
	free(input);
}

/* Ensure -e GB18030 converts, byte-order mark and cut characters too. */
static void
test_csv_read_gb18030_forced(void **state)
{
	(void)state;
	assert_read(S("\x84\x31\x95\x33" GB_GONGHAO ",name\r\n1,"
	    GB_ZHANGSAN "\r\n"), "GB18030",
	    "1:[工号|name]\n2:[1|张三]\n" OK_GB18030);
	assert_read(S("a\n" GB_MO "\n"), "gb18030",
	    "1:[a]\n2:[模]\nstatus 0, encoding gb18030, rewinds 0\n");
}

/* Ensure bytes the given encoding rejects, or a cut character, fail. */
static void
test_csv_read_gb18030_forced_errors(void **state)
{
	(void)state;
	assert_read(S("a\nb\xFF\n"), "GB18030", "1:[a]\nkaoping: t.csv:2: "
	    "byte 0xFF is not valid GB18030; check the encoding given with "
	    "-e\nstatus 65, encoding GB18030, rewinds 0\n");
	assert_read(S("a\nb\xB9"), "GB18030", "1:[a]\nkaoping: t.csv:2: "
	    "the sheet ends inside a GB18030 character; check its encoding\n"
	    "status 65, encoding GB18030, rewinds 0\n");
}

/* Ensure an unknown encoding is a usage error. */
static void
test_csv_read_unknown_encoding(void **state)
{
	char *got;

	(void)state;
	got = csv_transcript(S("a\n"), "NO-SUCH-CODE");
	assert_contains(got, "kaoping: t.csv: unknown encoding "
	    "\"NO-SUCH-CODE\"\nstatus 64");
	free(got);
}

/*
 * Ensure auto reads GB18030 after an ASCII start in place: no rewind,
 * from a file or from a pipe.
 */
static void
test_csv_read_auto_gb18030_in_place(void **state)
{
	static const char input[] = "id,name\r\n1," GB_ZHANGSAN "\r\n2,"
	    GB_MO "\r\n";
	static const char *const expected = "1:[id|name]\n2:[1|张三]\n"
	    "3:[2|模]\n" OK_GB18030;

	(void)state;
	assert_cuts(S(input), NULL, CSV_FROM_FILE, expected);
	assert_cuts(S(input), NULL, CSV_FROM_PIPE, expected);
	/* The first byte beyond ASCII may be the sheet's last. */
	assert_read(S("a\n\xC4"), NULL, "1:[a]\nkaoping: t.csv:2: the sheet "
	    "ends inside a GB18030 character; check its encoding\n"
	    "status 65, encoding GB18030, rewinds 0\n");
}

/*
 * Ensure auto reads a sheet again as GB18030 when its first characters
 * looked like UTF-8 and a later one is not: the target is told once to
 * forget, and gets every record again.
 */
static void
test_csv_read_auto_gb18030_rewind(void **state)
{
	(void)state;
	assert_read(S(GB_MO ",x\n1," GB_ZHANGSAN "\n"), NULL,
	    "1:[模|x]\n2:[1|张三]\nstatus 0, encoding GB18030, rewinds 1\n");
}

/* Ensure a rewind after many delivered batches leaves no record twice. */
static void
test_csv_read_auto_gb18030_rewind_late(void **state)
{
	char *input = NULL, *want = NULL, *got;
	size_t len = 0, want_len = 0;
	FILE *in = open_memstream(&input, &len);
	FILE *out = open_memstream(&want, &want_len);
	unsigned long k;

	(void)state;
	for (k = 1; k <= 100000; k++) {
		fprintf(in, "%lu," GB_MO "\n", k);
		fprintf(out, "%lu:[%lu|模]\n", k, k);
	}
	fputs("x," GB_ZHANGSAN "\n", in);
	fprintf(out, "%lu:[x|张三]\nstatus 0, encoding GB18030, rewinds 1\n",
	    k);
	fclose(in);
	fclose(out);
	got = csv_transcript_run(input, len, NULL, CSV_FROM_FILE, 0, 100, 0);
	assert_string_equal(got, want);
	free(got);
	free(input);
	free(want);
}

/* Ensure a late GB18030 byte from a pipe fails, saying to give -e. */
static void
test_csv_read_auto_gb18030_pipe(void **state)
{
	(void)state;
	assert_cuts(S(GB_MO ",x\n1," GB_ZHANGSAN "\n"), NULL, CSV_FROM_PIPE,
	    "1:[ģ|x]\nkaoping: t.csv:2: the sheet is not UTF-8 (byte 0xD5 in "
	    "\"\\xD5\\xC5\\xC8\\xFD\"), and standard input or a pipe cannot "
	    "be read again in another encoding: give its encoding with -e, "
	    "e.g. -e GB18030\nstatus 65, encoding UTF-8, rewinds 0\n");
}

/* Ensure UTF-16 with a byte-order mark is read in its byte order. */
static void
test_csv_read_utf16(void **state)
{
	(void)state;
	assert_read(S("\xFF\xFE" "a\0,\0\xE5\x5D\r\0\n\0" "b\0"), NULL,
	    "1:[a|工]\n2:[b]\nstatus 0, encoding UTF-16LE, rewinds 0\n");
	assert_read(S("\xFE\xFF" "\0a\0,\x5D\xE5\0\n\0b"), NULL,
	    "1:[a|工]\n2:[b]\nstatus 0, encoding UTF-16BE, rewinds 0\n");
	assert_read(S("\xFF\xFE" "a\0\n\0\0\xD8\n\0"), NULL,
	    "1:[a]\nkaoping: t.csv:2: byte 0x00 is not valid UTF-16LE, the "
	    "encoding that the sheet's byte-order mark names\n"
	    "status 65, encoding UTF-16LE, rewinds 0\n");
}

/* Ensure the target's status stops the reading and is returned. */
static void
test_csv_read_target_stops(void **state)
{
	char *got;

	(void)state;
	got = csv_transcript_run(S("a\nb\nc\n"), NULL, CSV_FROM_FILE, 0, 0,
	    2);
	assert_string_equal(got, "1:[a]\n2:[b]\n"
	    "status 65, encoding UTF-8, rewinds 0\n");
	free(got);
}

static int
refuse_rewind(void *ctx)
{
	(void)ctx;
	return EX_SOFTWARE;
}

static int
ignore_records(void *ctx, const struct record *recs, size_t count)
{
	(void)ctx;
	(void)recs;
	(void)count;
	return 0;
}

/* Ensure the status of a target that cannot forget is returned. */
static void
test_csv_read_rewind_refused(void **state)
{
	struct source_target target = { ignore_records, refuse_rewind, NULL };
	struct source_facts facts;
	struct capture c;
	struct diag d;
	char *path = temp_file(GB_MO "\n" GB_ZHANGSAN "\n");
	int fd = open(path, O_RDONLY);

	(void)state;
	capture_open(&c);
	diag_init(&d, c.fp);
	assert_int_equal(csv_read(fd, NULL, 0, "t.csv", NULL, &target,
	    &facts, &d), EX_SOFTWARE);
	assert_string_equal(capture_text(&c), "");
	close(fd);
	capture_close(&c);
	temp_file_remove(path);
}

/* Ensure a failing read is an I/O error on the sheet as a whole. */
static void
test_csv_read_read_error(void **state)
{
	struct source_target target = { ignore_records, refuse_rewind, NULL };
	struct source_facts facts;
	struct capture c;
	struct diag d;
	int fd = open("/", O_RDONLY | O_DIRECTORY);

	(void)state;
	capture_open(&c);
	diag_init(&d, c.fp);
	assert_true(fd >= 0);
	assert_int_equal(csv_read(fd, "a,", 2, "t.csv", NULL, &target,
	    &facts, &d), EX_IOERR);
	assert_contains(capture_text(&c), "kaoping: t.csv: cannot read the sheet: ");
	close(fd);
	capture_close(&c);
}

/* A sheet of n lines "k,<k>" (many batches), then tail. */
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
 * Ensure the reading thread hands over every record of a long sheet in
 * order, and the error at its end after them, however it is read.
 */
static void
test_csv_read_long_sheet_keeps_order(void **state)
{
	static const size_t sizes[] = { 0, 1021, 4096, 65536 };
	size_t len, i;
	char *input = long_input(200000, "x,\"y\"z\n", &len), *first, *got;

	(void)state;
	first = csv_transcript(input, len, NULL);
	assert_contains(first, "\n200000:[k|200000]\nkaoping: t.csv:200001: "
	    "malformed CSV");
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		got = csv_transcript_run(input, len, NULL, CSV_FROM_PIPE,
		    sizes[i], 5, 0);
		assert_string_equal(got, first);
		free(got);
	}
	free(first);
	free(input);
}

/* Ensure a target that stops a long sheet early ends the reading thread. */
static void
test_csv_read_long_sheet_target_stops(void **state)
{
	size_t len;
	char *input = long_input(200000, "", &len), *got;

	(void)state;
	got = csv_transcript_run(input, len, NULL, CSV_FROM_FILE, 0, 0,
	    70000);
	assert_contains(got, "\n70000:[k|70000]\nstatus 65");
	assert_not_contains(got, "70001:");
	free(got);
	free(input);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_read_lf),
		cmocka_unit_test(test_csv_read_crlf_and_blank_lines),
		cmocka_unit_test(test_csv_read_bare_cr),
		cmocka_unit_test(test_csv_read_cr_blank_lf),
		cmocka_unit_test(test_csv_read_quoted_line_breaks),
		cmocka_unit_test(test_csv_read_error_names_row),
		cmocka_unit_test(test_csv_read_blanks_near_quotes),
		cmocka_unit_test(test_csv_read_bom),
		cmocka_unit_test(test_csv_read_trims_cells),
		cmocka_unit_test(test_csv_read_skips_empty_rows),
		cmocka_unit_test(test_csv_read_empty),
		cmocka_unit_test(test_csv_read_stray_quote),
		cmocka_unit_test(test_csv_read_unterminated_quote),
		cmocka_unit_test(test_csv_read_invalid_utf8_forced),
		cmocka_unit_test(test_csv_read_invalid_utf8_after_bom),
		cmocka_unit_test(test_csv_read_nul_byte),
		cmocka_unit_test(test_csv_read_nul_byte_early),
		cmocka_unit_test(test_csv_read_workbook_signatures),
		cmocka_unit_test(test_csv_read_neither_encoding),
		cmocka_unit_test(test_csv_read_cell_limit),
		cmocka_unit_test(test_csv_read_runaway_quote),
		cmocka_unit_test(test_csv_read_column_limit),
		cmocka_unit_test(test_csv_read_gb18030_forced),
		cmocka_unit_test(test_csv_read_gb18030_forced_errors),
		cmocka_unit_test(test_csv_read_unknown_encoding),
		cmocka_unit_test(test_csv_read_auto_gb18030_in_place),
		cmocka_unit_test(test_csv_read_auto_gb18030_rewind),
		cmocka_unit_test(test_csv_read_auto_gb18030_rewind_late),
		cmocka_unit_test(test_csv_read_auto_gb18030_pipe),
		cmocka_unit_test(test_csv_read_utf16),
		cmocka_unit_test(test_csv_read_target_stops),
		cmocka_unit_test(test_csv_read_rewind_refused),
		cmocka_unit_test(test_csv_read_read_error),
		cmocka_unit_test(test_csv_read_long_sheet_keeps_order),
		cmocka_unit_test(test_csv_read_long_sheet_target_stops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

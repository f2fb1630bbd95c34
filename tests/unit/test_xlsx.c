/*
 * The workbook reader, on workbooks the tests make (xlsx_fixture.h):
 * every cell type, the first worksheet found through the relationships,
 * rows and gaps, and everything that can be wrong with a workbook,
 * zip bombs and entity bombs included.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/resource.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "diag.h"
#include "helpers.h"
#include "source.h"
#include "text.h"
#include "xlsx.h"
#include "xlsx_fixture.h"

#define NAME		"book.xlsx"
#define MIB		(1024 * 1024)
#define SHEET1		"xl/worksheets/sheet1.xml"

/* What a reading gave: records as text, messages, status, facts. */
struct got {
	int		 status;
	char		*records;	/* "ROW:[cell|cell]\n"... */
	size_t		 records_len;
	FILE		*fp;
	struct capture	 diag;
	struct source_facts facts;
	size_t		 batches, largest_batch, seen;
	unsigned long	 last_line;
	size_t		 stop_after;	/* return stop_with at this record */
	int		 stop_with;
	bool		 interleave;	/* note records among the messages */
};

/* Every cell as source.h promises: valid UTF-8, no NUL, trimmed, short. */
static void
check_cell(const struct cell *c)
{
	const unsigned char *u = (const unsigned char *)c->s;
	size_t i = 0, n;
	const char *s = c->s;
	size_t len = c->len;

	assert_true(c->len <= SOURCE_MAX_CELL);
	while (i < c->len) {
		assert_int_not_equal(u[i], 0);
		n = utf8_sequence_length(u + i, c->len - i);
		assert_true(n > 0);
		i += n;
	}
	text_trim(&s, &len);
	assert_int_equal(len, c->len);
}

static int
collect(void *ctx, const struct record *recs, size_t count)
{
	static const char *const prefix[] = {
		[CELL_TEXT] = "", [CELL_NUMBER] = "n:", [CELL_BOOL] = "b:",
		[CELL_ERROR] = "e:",
	};
	struct got *g = ctx;
	size_t i, k;

	g->batches++;
	if (count > g->largest_batch)
		g->largest_batch = count;
	if (g->interleave)
		fprintf(g->diag.fp, "(%zu records)\n", count);
	for (i = 0; i < count; i++) {
		const struct record *r = &recs[i];
		bool any = false;

		assert_int_equal(r->line, r->row);
		assert_true(r->line > g->last_line);
		g->last_line = r->line;
		assert_true(r->count <= SOURCE_MAX_COLUMNS);
		fprintf(g->fp, "%lu:[", r->line);
		for (k = 0; k < r->count; k++) {
			check_cell(&r->cells[k]);
			any = any || r->cells[k].len > 0;
			fprintf(g->fp, "%s%s%.*s", k > 0 ? "|" : "",
			    prefix[r->cells[k].kind], (int)r->cells[k].len,
			    r->cells[k].s);
		}
		fprintf(g->fp, "]\n");
		assert_true(any);
		if (++g->seen == g->stop_after)
			return g->stop_with;
	}
	return 0;
}

static int
no_rewind(void *ctx)
{
	(void)ctx;
	fail_msg("a workbook source must not rewind");
	return EX_SOFTWARE;
}

/* Read the workbook at path through an fd left at its end. */
static void
read_path(const char *path, struct got *g)
{
	struct source_target target = { collect, no_rewind, g };
	struct diag d;
	int fd;

	assert_true((fd = open(path, O_RDONLY)) >= 0);
	assert_true(lseek(fd, 0, SEEK_END) > 0);
	capture_open(&g->diag);
	diag_init(&d, g->diag.fp);
	g->fp = open_memstream(&g->records, &g->records_len);
	assert_non_null(g->fp);
	memset(&g->facts, 0, sizeof g->facts);
	g->status = xlsx_read(fd, NAME, &target, &g->facts, &d);
	assert_int_equal(fclose(g->fp), 0);
	g->fp = NULL;
	assert_int_equal(close(fd), 0);
	assert_true(g->facts.workbook);
	capture_text(&g->diag);
	if (g->stop_after == 0 || g->seen < g->stop_after)
		assert_true((g->status == 0) == (d.errors == 0));
}

static void
got_free(struct got *g)
{
	free(g->records);
	capture_close(&g->diag);
	memset(g, 0, sizeof *g);
}

static void
read_book(const char *sheet, const char *strings, struct got *g)
{
	char *path = xlsx_fixture_book(sheet, strings);

	read_path(path, g);
	temp_file_remove(path);
}

/* The worksheet and table must read as want, without a message. */
static void
assert_reads(const char *sheet, const char *strings, const char *want)
{
	struct got g = { 0 };

	read_book(sheet, strings, &g);
	if (g.status != 0)
		fail_msg("status %d: %s", g.status, g.diag.buf);
	assert_string_equal(g.records, want);
	assert_string_equal(g.diag.buf, "");
	got_free(&g);
}

/*
 * The workbook at path must fail with status and a message containing
 * each of the NULL-terminated texts; the records before it are returned
 * in *records if records is not NULL.
 */
static void
assert_path_fails(const char *path, int status, char **records, ...)
{
	struct got g = { 0 };
	const char *want;
	va_list ap;

	read_path(path, &g);
	if (g.status != status)
		fail_msg("status %d, want %d: %s", g.status, status,
		    g.diag.buf);
	assert_contains(g.diag.buf, "kaoping: " NAME ":");
	va_start(ap, records);
	while ((want = va_arg(ap, const char *)) != NULL)
		assert_contains(g.diag.buf, want);
	va_end(ap);
	assert_int_equal(count_occurrences(g.diag.buf, "\n"), 1);
	if (records != NULL) {
		*records = g.records;
		g.records = NULL;
	}
	got_free(&g);
}

#define assert_fails(sheet, strings, ...) do {				\
	char *path_ = xlsx_fixture_book((sheet), (strings));		\
	assert_path_fails(path_, EX_DATAERR, NULL, __VA_ARGS__, NULL);	\
	temp_file_remove(path_);					\
} while (0)

/* The largest the process has been, in KiB. */
static long
peak_kib(void)
{
	struct rusage ru;

	assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
	return ru.ru_maxrss;
}

/* Ensure shared and inline strings are read as text, trimmed. */
static void
test_xlsx_read_strings(void **state)
{
	(void)state;
	assert_reads(XF_SHEET(
	    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
	    "<c r=\"B1\" t=\"s\"><v>1</v></c>"
	    "<c r=\"C1\" t=\"inlineStr\"><is><t>inline</t></is></c></row>"
	    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v> 2 </v></c>"
	    "<c r=\"B2\" t=\"inlineStr\"><is><t xml:space=\"preserve\">"
	    "  \xE5\xA4\xA7\xE5\x8D\x97\xE8\xA1\x97\xE9\x81\x93\xE3\x80\x80"
	    "</t></is></c></row>"),
	    XF_SST("<si><t>\xE5\xB7\xA5\xE5\x8F\xB7</t></si>"
	    "<si><t>name</t></si>"
	    "<si><t xml:space=\"preserve\"> S001\t</t></si>"),
	    "1:[\xE5\xB7\xA5\xE5\x8F\xB7|name|inline]\n"
	    "2:[S001|\xE5\xA4\xA7\xE5\x8D\x97\xE8\xA1\x97\xE9\x81\x93]\n");
}

/*
 * Ensure rich text is its runs' text, without phonetic runs, with the
 * white space of a run kept only under xml:space="preserve", and Excel's
 * escapes undone.
 */
static void
test_xlsx_read_rich_text(void **state)
{
	(void)state;
	assert_reads(XF_SHEET(
	    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
	    "<c r=\"B1\" t=\"s\"><v>1</v></c>"
	    "<c r=\"C1\" t=\"s\"><v>2</v></c>"
	    "<c r=\"D1\" t=\"inlineStr\"><is><r><t>in</t></r><r><rPr><b/>"
	    "</rPr><t>line</t></r></is></c></row>"),
	    XF_SST("<si><r><rPr><b/><sz val=\"11\"/></rPr><t>Zhang</t></r>"
	    "<r><t xml:space=\"preserve\"> San</t></r></si>"
	    "<si><t>\xE4\xB8\x9C\xE4\xBA\xAC</t><rPh sb=\"0\" eb=\"2\">"
	    "<t>\xE3\x83\x88\xE3\x82\xA6\xE3\x82\xAD\xE3\x83\xA7\xE3\x82\xA6"
	    "</t></rPh><phoneticPr fontId=\"1\"/></si>"
	    "<si><t>\n  a_x000D_\nb_x005F_x0041_ _xD83D__xDE00_ _x0000_\n"
	    "</t></si>"),
	    "1:[Zhang San|\xE4\xB8\x9C\xE4\xBA\xAC|"
	    "a\r\nb_x0041_ \xF0\x9F\x98\x80 _x0000_|inline]\n");
	/* xml:space is inherited; CDATA is text. */
	assert_reads(XF_SHEET(
	    "<row r=\"1\"><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c>"
	    "<c t=\"inlineStr\"><is><t><![CDATA[ a<b&c ]]></t></is></c>"
	    "</row>"),
	    XF_SST("<si xml:space=\"preserve\"><r><t>x\n</t></r></si>"
	    "<si xml:space=\"preserve\"><t xml:space=\"default\">y\n</t>"
	    "</si>"), "1:[x\n|y|a<b&c]\n");
}

/*
 * Ensure numbers are shown as Excel shows them: 15 significant digits,
 * without an exponent.
 */
static void
test_xlsx_read_numbers(void **state)
{
	(void)state;
	assert_reads(XF_SHEET(
	    "<row r=\"1\"><c r=\"A1\"><v>85.124999999999986</v></c>"
	    "<c r=\"B1\" t=\"n\"><v>123456789012345</v></c>"
	    "<c r=\"C1\"><v>2.10103198705123E+17</v></c>"
	    "<c r=\"D1\" s=\"3\"><v>9.0000000000000002E-2</v></c>"
	    "<c r=\"E1\"><v>-3.5</v></c><c r=\"F1\"><v>100</v></c>"
	    "<c r=\"G1\"><v>-0</v></c></row>"), NULL,
	    "1:[n:85.125|n:123456789012345|n:210103198705123000|n:0.09|"
	    "n:-3.5|n:100|n:0]\n");
}

/* Ensure booleans are true/false and errors keep their text and kind. */
static void
test_xlsx_read_booleans_and_errors(void **state)
{
	(void)state;
	assert_reads(XF_SHEET(
	    "<row r=\"1\"><c r=\"A1\" t=\"b\"><v>1</v></c>"
	    "<c r=\"B1\" t=\"b\"><v>0</v></c>"
	    "<c r=\"C1\" t=\"e\"><v>#N/A</v></c>"
	    "<c r=\"D1\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c></row>"), NULL,
	    "1:[b:true|b:false|e:#N/A|e:#DIV/0!]\n");
}

/*
 * Ensure formula cells give their cached values, and a formula without
 * one, or a cell without a value, is empty.
 */
static void
test_xlsx_read_formulas(void **state)
{
	(void)state;
	assert_reads(XF_SHEET(
	    "<row r=\"1\"><c r=\"A1\"><f>B1*2</f><v>170.25</v></c>"
	    "<c r=\"B1\" t=\"str\"><f>\"S\"&amp;\"001\"</f><v>S001</v></c>"
	    "<c r=\"C1\"><f>D1</f></c><c r=\"D1\"><v/></c>"
	    "<c r=\"E1\" t=\"str\"><f>\"x\"</f><v>x</v></c>"
	    "<c r=\"F1\" t=\"d\"><v>2026-09-30T00:00:00</v></c></row>"),
	    NULL, "1:[n:170.25|S001|||x|2026-09-30T00:00:00]\n");
}

/*
 * Ensure a title row above the header and blank rows (absent, or of
 * empty cells) are kept or skipped by content, lines staying the rows.
 */
static void
test_xlsx_read_title_and_blank_rows(void **state)
{
	(void)state;
	assert_reads(XF_SHEET(
	    "<row r=\"1\" spans=\"1:4\" ht=\"30\" customHeight=\"1\">"
	    "<c r=\"A1\" t=\"inlineStr\"><is><t>2026 Q3</t></is></c>"
	    "<c r=\"B1\" s=\"1\"/><c r=\"C1\" s=\"1\"/></row>"
	    "<row r=\"2\"><c r=\"A2\" s=\"2\"/></row>"
	    "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>staff_id</t>"
	    "</is></c><c r=\"B3\" t=\"inlineStr\"><is><t>name</t></is></c>"
	    "</row>"
	    "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>  </t></is>"
	    "</c></row>"
	    "<row r=\"6\"><c r=\"A6\" t=\"inlineStr\"><is><t>S001</t></is>"
	    "</c><c r=\"B6\" t=\"inlineStr\"><is><t>Li</t></is></c></row>"),
	    NULL, "1:[2026 Q3]\n3:[staff_id|name]\n6:[S001|Li]\n");
}

/*
 * Ensure missing cells between cells are empty, trailing empty cells are
 * not given, and cells and rows without r follow the ones before.
 */
static void
test_xlsx_read_gaps_and_implicit_references(void **state)
{
	(void)state;
	assert_reads(XF_SHEET(
	    "<row r=\"2\"><c r=\"B2\"><v>1</v></c><c r=\"D2\"><v>2</v></c>"
	    "<c r=\"F2\" s=\"1\"/></row>"
	    "<row><c><v>3</v></c><c><v>4</v></c><c r=\"E3\"><v>5</v></c>"
	    "<c><v>6</v></c></row>"
	    "<row r=\"7\"><c r=\"AA7\"><v>7</v></c></row>"), NULL,
	    "2:[|n:1||n:2]\n3:[n:3|n:4|||n:5|n:6]\n"
	    "7:[||||||||||||||||||||||||||n:7]\n");
}

/* Ensure a worksheet of the strict namespace, with prefixes, is read. */
static void
test_xlsx_read_prefixed_strict(void **state)
{
	(void)state;
	assert_reads("<x:worksheet xmlns:x=\"http://purl.oclc.org/ooxml/"
	    "spreadsheetml/main\"><x:sheetData><x:row x:r=\"9\" r=\"1\">"
	    "<x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>ok</x:t></x:is></x:c>"
	    "</x:row></x:sheetData></x:worksheet>", NULL, "1:[ok]\n");
	/* Elements of other namespaces are not cells. */
	assert_reads(XF_SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c>"
	    "<o:c xmlns:o=\"urn:other\" r=\"B1\"><o:v>2</o:v></o:c>"
	    "</row>"), NULL, "1:[n:1]\n");
}

/*
 * Ensure the first worksheet is the first <sheet> of the workbook whose
 * relationship is a worksheet, wherever the part is; its name is in the
 * facts, and the table of texts is found through the relationships.
 */
static void
test_xlsx_read_first_worksheet_by_relationships(void **state)
{
	const struct xlsx_fixture_part parts[] = {
		{ "xl/worksheets/sheet1.xml", XF_SHEET("<row r=\"1\"><c "
		    "r=\"A1\" t=\"inlineStr\"><is><t>second</t></is></c>"
		    "</row>"), 0 },
		{ "xl/worksheets/data.xml", XF_SHEET("<row r=\"1\"><c "
		    "r=\"A1\" t=\"s\"><v>0</v></c></row>"), 0 },
		{ "xl/strings/texts.xml", XF_SST("<si><t>first</t></si>"), 0 },
		{ "xl/chartsheets/sheet1.xml", "<chartsheet/>", 0 },
	};
	struct got g = { 0 };
	char *path;

	(void)state;
	path = xlsx_fixture_book_with(XF_WORKBOOK(
	    "<sheet name=\"Chart\" sheetId=\"3\" r:id=\"rId9\"/>"
	    "<sheet name=\"\xE5\x90\x8D\xE5\x8D\x95\" sheetId=\"2\" "
	    "r:id=\"rId7\"/>"
	    "<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/>"),
	    XF_RELS(XF_REL("rId1", "worksheet", "worksheets/sheet1.xml")
	    XF_REL("rId9", "chartsheet", "chartsheets/sheet1.xml")
	    XF_REL("rId7", "worksheet", "/xl/worksheets/./data.xml")
	    XF_REL("rId8", "sharedStrings", "../xl/strings/texts.xml")),
	    parts, 4);
	read_path(path, &g);
	assert_int_equal(g.status, 0);
	assert_string_equal(g.records, "1:[first]\n");
	assert_string_equal(g.facts.worksheet, "\xE5\x90\x8D\xE5\x8D\x95");
	got_free(&g);
	temp_file_remove(path);
}

/* Ensure records come in batches, in order, every row once. */
static void
test_xlsx_read_batches(void **state)
{
	char *sheet = NULL, *want = NULL, *path;
	size_t sheet_len = 0, want_len = 0;
	struct xlsx_fixture_part part = { SHEET1, NULL, 0 };
	struct got g = { 0 };
	FILE *s, *w;
	int i;

	(void)state;
	assert_non_null(s = open_memstream(&sheet, &sheet_len));
	assert_non_null(w = open_memstream(&want, &want_len));
	fputs(XF_DECL "<worksheet xmlns=\"" XF_MAIN_NS "\"><sheetData>", s);
	for (i = 1; i <= 3000; i++) {
		fprintf(s, "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c>"
		    "<c r=\"C%d\" t=\"inlineStr\"><is><t>r%d</t></is></c>"
		    "</row>", 2 * i, 2 * i, i, 2 * i, i);
		fprintf(w, "%d:[n:%d||r%d]\n", 2 * i, i, i);
	}
	fputs("</sheetData></worksheet>", s);
	fclose(s);
	fclose(w);
	part.data = sheet;
	path = xlsx_fixture_book_with(NULL, NULL, &part, 1);
	read_path(path, &g);
	assert_int_equal(g.status, 0);
	assert_string_equal(g.records, want);
	assert_true(g.batches >= 3000 / 256);
	assert_true(g.largest_batch <= 256);
	got_free(&g);
	temp_file_remove(path);
	free(sheet);
	free(want);
}

/* Ensure a status from the target stops the reading and is returned. */
static void
test_xlsx_read_target_stops(void **state)
{
	char *sheet = NULL, *path;
	size_t len = 0;
	struct xlsx_fixture_part part = { SHEET1, NULL, 0 };
	struct got g = { 0 };
	FILE *s;
	int i;

	(void)state;
	assert_non_null(s = open_memstream(&sheet, &len));
	fputs(XF_DECL "<worksheet xmlns=\"" XF_MAIN_NS "\"><sheetData>", s);
	for (i = 1; i <= 1000; i++)
		fprintf(s, "<row r=\"%d\"><c><v>%d</v></c></row>", i, i);
	fputs("</sheetData></worksheet>", s);
	fclose(s);
	part.data = sheet;
	path = xlsx_fixture_book_with(NULL, NULL, &part, 1);
	g.stop_after = 300;
	g.stop_with = EX_IOERR;
	read_path(path, &g);
	assert_int_equal(g.status, EX_IOERR);
	assert_int_equal(g.seen, 300);
	assert_string_equal(g.diag.buf, "");
	got_free(&g);
	temp_file_remove(path);
	free(sheet);
}

/* Ensure an OpenDocument spreadsheet is refused with what to do. */
static void
test_xlsx_read_refuses_ods(void **state)
{
	const struct xlsx_fixture_part parts[] = {
		{ "mimetype", "application/vnd.oasis.opendocument."
		    "spreadsheet", 0 },
		{ "content.xml", "<office:document-content/>", 0 },
		{ "META-INF/manifest.xml", "<manifest/>", 0 },
	};
	char *path;

	(void)state;
	path = xlsx_fixture_zip(parts, 3);
	assert_path_fails(path, EX_DATAERR, NULL, "OpenDocument",
	    "save it as .xlsx or CSV", NULL);
	temp_file_remove(path);
}

/* Ensure other zip files, and binary workbooks, are refused. */
static void
test_xlsx_read_refuses_other_zips(void **state)
{
	const struct xlsx_fixture_part docx[] = {
		{ "[Content_Types].xml", XF_CONTENT_TYPES, 0 },
		{ "word/document.xml", "<w:document/>", 0 },
	}, xlsb[] = {
		{ "[Content_Types].xml", XF_CONTENT_TYPES, 0 },
		{ "xl/workbook.bin", "\x83\x01\x00", 3 },
	};
	char *path;

	(void)state;
	path = xlsx_fixture_zip(docx, 2);
	assert_path_fails(path, EX_DATAERR, NULL, "not an Excel workbook",
	    "xl/workbook.xml", "save it as .xlsx or CSV", NULL);
	temp_file_remove(path);
	path = xlsx_fixture_zip(xlsb, 2);
	assert_path_fails(path, EX_DATAERR, NULL, ".xlsb",
	    "save it as .xlsx or CSV", NULL);
	temp_file_remove(path);
}

/* Ensure a zip cut short anywhere is refused as damaged. */
static void
test_xlsx_read_truncated(void **state)
{
	char *path = xlsx_fixture_book(XF_SHEET("<row r=\"1\"><c><v>1</v>"
	    "</c></row>"), NULL);
	off_t size, cut;
	struct stat st;

	(void)state;
	assert_int_equal(stat(path, &st), 0);
	size = st.st_size;
	for (cut = size - 1; cut > 0; cut -= 97) {
		struct got g = { 0 };

		assert_int_equal(truncate(path, cut), 0);
		read_path(path, &g);
		if (g.status != EX_DATAERR)
			fail_msg("cut at %lld of %lld: status %d",
			    (long long)cut, (long long)size, g.status);
		assert_contains(g.diag.buf, "damaged");
		got_free(&g);
	}
	temp_file_remove(path);
}

/* Ensure a zip whose compressed data is corrupt is refused. */
static void
test_xlsx_read_corrupt(void **state)
{
	char *sheet = NULL, *path;
	size_t len = 0;
	struct xlsx_fixture_part part = { SHEET1, NULL, 0 };
	FILE *s;
	int i;

	(void)state;
	assert_non_null(s = open_memstream(&sheet, &len));
	fputs(XF_DECL "<worksheet xmlns=\"" XF_MAIN_NS "\"><sheetData>", s);
	for (i = 1; i <= 2000; i++)
		fprintf(s, "<row r=\"%d\"><c><v>%d</v></c></row>", i, i * 7);
	fputs("</sheetData></worksheet>", s);
	fclose(s);
	part.data = sheet;
	path = xlsx_fixture_book_with(NULL, NULL, &part, 1);
	xlsx_fixture_corrupt(path, part.name);
	assert_path_fails(path, EX_DATAERR, NULL, "save it again", NULL);
	temp_file_remove(path);
	free(sheet);
}

/*
 * Ensure the records before a structural problem, whichever part of the
 * reader finds it, are handed over before its message.
 */
static void
test_xlsx_read_records_before_message(void **state)
{
	static const struct {
		const char	*xml;		/* after rows 1 to 3 */
		char		 fill;		/* then 2 MiB of it, if any */
		const char	*end;
		size_t		 lie;		/* the size it declares */
	} problems[] = {
		{ "<row r=\"9\"><c r=\"B9\"><v>1</v></c><c r=\"A9\"/>", 0,
		    "</row>", 0 },
		{ "<row r=\"9\"><c><v>1</v></row>", 0, "", 0 },
		{ "<row r=\"9\"><c t=\"s\"><v>5</v></c></row>", 0, "", 0 },
		{ "<!--", 'x', "-->", 0 },		/* a tag of 2 MiB */
		{ "", ' ', "", 1000 },			/* a zip bomb */
	};
	char *sheet = NULL, *path;
	size_t len = 0, i, k;
	struct xlsx_fixture_part part = { SHEET1, NULL, 0 };
	FILE *s;
	int r;

	(void)state;
	for (i = 0; i < sizeof problems / sizeof problems[0]; i++) {
		struct got g = { 0 };

		assert_non_null(s = open_memstream(&sheet, &len));
		fputs(XF_DECL "<worksheet xmlns=\"" XF_MAIN_NS "\">"
		    "<sheetData>", s);
		for (r = 1; r <= 3; r++)
			fprintf(s, "<row r=\"%d\"><c><v>%d</v></c></row>",
			    r, r);
		fputs(problems[i].xml, s);
		for (k = 0; problems[i].fill != 0 && k < 2 * MIB; k++)
			fputc(problems[i].fill, s);
		fprintf(s, "%s</sheetData></worksheet>", problems[i].end);
		fclose(s);
		part.data = sheet;
		path = xlsx_fixture_book_with(NULL, NULL, &part, 1);
		if (problems[i].lie != 0) {
			xlsx_fixture_declare(path, part.name, problems[i].lie);
			xlsx_set_entry_limit(MIB);
		}
		g.interleave = true;
		read_path(path, &g);
		xlsx_set_entry_limit(0);
		assert_int_equal(g.status, EX_DATAERR);
		assert_string_equal(g.records, "1:[n:1]\n2:[n:2]\n3:[n:3]\n");
		if (strncmp(g.diag.buf, "(3 records)\nkaoping: " NAME ":",
		    strlen("(3 records)\nkaoping: " NAME ":")) != 0)
			fail_msg("problem %zu: %s", i, g.diag.buf);
		got_free(&g);
		temp_file_remove(path);
		free(sheet);
		sheet = NULL;
	}
}

/* Ensure a missing worksheet is named, and a book without one refused. */
static void
test_xlsx_read_missing_parts(void **state)
{
	const struct xlsx_fixture_part sheet = {
		"xl/worksheets/sheet1.xml", XF_SHEET(""), 0,
	};
	char *path;

	(void)state;
	path = xlsx_fixture_book_with(NULL, NULL, NULL, 0);
	assert_path_fails(path, EX_DATAERR, NULL, "damaged",
	    "\"Sheet1\" (xl/worksheets/sheet1.xml) is missing", NULL);
	temp_file_remove(path);
	path = xlsx_fixture_book_with(XF_WORKBOOK(""), NULL, &sheet, 1);
	assert_path_fails(path, EX_DATAERR, NULL, "no worksheet", NULL);
	temp_file_remove(path);
}

/* Ensure a shared string number the table lacks is named by cell. */
static void
test_xlsx_read_shared_string_out_of_range(void **state)
{
	(void)state;
	assert_fails(XF_SHEET("<row r=\"12\"><c r=\"F12\" t=\"s\"><v>2</v>"
	    "</c></row>"), XF_SST("<si><t>a</t></si><si><t>b</t></si>"),
	    NAME ":12: cell F12 refers to text number \"2\"",
	    "holds only 2");
	assert_fails(XF_SHEET("<row r=\"3\"><c r=\"B3\" t=\"s\"><v>0</v>"
	    "</c></row>"), NULL, NAME ":3: cell B3");
	assert_fails(XF_SHEET("<row r=\"3\"><c r=\"B3\" t=\"s\"><v>-1</v>"
	    "</c></row>"), XF_SST("<si><t>a</t></si>"), "cell B3", "\"-1\"");
	assert_fails(XF_SHEET("<row r=\"3\"><c r=\"B3\" t=\"s\">"
	    "<v>99999999999999999999999</v></c></row>"),
	    XF_SST("<si><t>a</t></si>"), "cell B3");
}

/*
 * Ensure cells out of order or given twice, and rows going back or given
 * twice, are refused naming them, the rows before still delivered.
 */
static void
test_xlsx_read_out_of_order(void **state)
{
	char *path, *records;

	(void)state;
	assert_fails(XF_SHEET("<row r=\"4\"><c r=\"C4\"><v>1</v></c>"
	    "<c r=\"B4\"><v>2</v></c></row>"), NULL,
	    NAME ":4: cell B4 comes after cell C4", "damaged");
	assert_fails(XF_SHEET("<row r=\"4\"><c r=\"C4\"><v>1</v></c>"
	    "<c r=\"C4\"><v>2</v></c></row>"), NULL,
	    NAME ":4: cell C4 appears twice");
	assert_fails(XF_SHEET("<row r=\"4\"><c r=\"A4\"><v>1</v></c>"
	    "<c r=\"A5\"><v>2</v></c></row>"), NULL,
	    NAME ":4: cell A5 is inside row 4");
	assert_fails(XF_SHEET("<row r=\"4\"><c><v>1</v></c></row>"
	    "<row r=\"4\"><c><v>2</v></c></row>"), NULL,
	    NAME ":4: row 4 appears twice");
	path = xlsx_fixture_book(XF_SHEET("<row r=\"7\"><c><v>1</v></c>"
	    "</row><row r=\"3\"><c><v>2</v></c></row>"), NULL);
	assert_path_fails(path, EX_DATAERR, &records,
	    NAME ":3: row 3 comes after row 7", NULL);
	assert_string_equal(records, "7:[n:1]\n");
	free(records);
	temp_file_remove(path);
}

/* Ensure references and row numbers that are not ones are refused. */
static void
test_xlsx_read_bad_references(void **state)
{
	(void)state;
	assert_fails(XF_SHEET("<row r=\"2\"><c r=\"a2\"><v>1</v></c></row>"),
	    NULL, NAME ":2: a cell in row 2", "\"a2\"");
	assert_fails(XF_SHEET("<row r=\"2\"><c r=\"B\"><v>1</v></c></row>"),
	    NULL, "\"B\"");
	assert_fails(XF_SHEET("<row r=\"0\"><c><v>1</v></c></row>"), NULL,
	    NAME ": a row has the number \"0\"");
	assert_fails(XF_SHEET("<row r=\"1048577\"><c><v>1</v></c></row>"),
	    NULL, "\"1048577\"");
	assert_fails(XF_SHEET("<row r=\"x1\"><c><v>1</v></c></row>"), NULL,
	    "\"x1\"");
}

/* Ensure a cell past column XFD is refused, by reference or by count. */
static void
test_xlsx_read_too_many_columns(void **state)
{
	char *sheet = NULL, *path;
	size_t len = 0;
	struct xlsx_fixture_part part = { SHEET1, NULL, 0 };
	struct got g = { 0 };
	FILE *s;
	int i;

	(void)state;
	assert_fails(XF_SHEET("<row r=\"5\"><c r=\"XFE5\"><v>1</v></c>"
	    "</row>"), NULL, NAME ":5: cell XFE5", "16,384 columns");
	assert_fails(XF_SHEET("<row r=\"5\"><c r=\"ZZZZZZZZZZZZZZZ5\"><v>1"
	    "</v></c></row>"), NULL, "cell ZZZZZZZZZZZZZZZ5");
	read_book(XF_SHEET("<row r=\"5\"><c r=\"XFD5\"><v>1</v></c>"
	    "</row>"), NULL, &g);
	assert_int_equal(g.status, 0);
	assert_int_equal(count_occurrences(g.records, "|"),
	    SOURCE_MAX_COLUMNS - 1);
	assert_true(text_ends_with(g.records, g.records_len, "||n:1]\n"));
	got_free(&g);
	assert_non_null(s = open_memstream(&sheet, &len));
	fputs(XF_DECL "<worksheet xmlns=\"" XF_MAIN_NS "\"><sheetData>"
	    "<row r=\"1\">", s);
	for (i = 0; i <= SOURCE_MAX_COLUMNS; i++)
		fputs("<c><v>1</v></c>", s);
	fputs("</row></sheetData></worksheet>", s);
	fclose(s);
	part.data = sheet;
	path = xlsx_fixture_book_with(NULL, NULL, &part, 1);
	assert_path_fails(path, EX_DATAERR, NULL, NAME ":1: cell XFE1",
	    NULL);
	temp_file_remove(path);
	free(sheet);
}

/* Ensure values their type cannot hold, and unknown types, are refused. */
static void
test_xlsx_read_bad_values(void **state)
{
	(void)state;
	assert_fails(XF_SHEET("<row r=\"8\"><c r=\"C8\"><v>12abc</v></c>"
	    "</row>"), NULL, NAME ":8: cell C8 holds \"12abc\" as a number");
	assert_fails(XF_SHEET("<row r=\"8\"><c r=\"C8\"><v>1E+999</v></c>"
	    "</row>"), NULL, "cell C8 holds \"1E+999\" as a number");
	assert_fails(XF_SHEET("<row r=\"8\"><c r=\"C8\" t=\"b\"><v>yes</v>"
	    "</c></row>"), NULL, "cell C8 holds \"yes\" as true or false");
	assert_fails(XF_SHEET("<row r=\"8\"><c r=\"C8\" t=\"z\"><v>1</v>"
	    "</c></row>"), NULL, "cell C8 has the type \"z\"");
}

/* XML of n copies of c, in a new string. */
static char *
repeated(const char *head, char c, size_t n, const char *tail)
{
	char *s;
	size_t h = strlen(head);

	assert_non_null(s = malloc(h + n + strlen(tail) + 1));
	memcpy(s, head, h);
	memset(s + h, c, n);
	strcpy(s + h + n, tail);
	return s;
}

/*
 * Ensure a cell longer than 64 KiB is refused, inline or shared, and a
 * long shared string that no cell of the worksheet uses is not.
 */
static void
test_xlsx_read_cell_too_long(void **state)
{
	char *sheet, *strings;
	struct got g = { 0 };

	(void)state;
	sheet = repeated(XF_DECL "<worksheet xmlns=\"" XF_MAIN_NS "\">"
	    "<sheetData><row r=\"2\"><c r=\"D2\" t=\"inlineStr\"><is><t>",
	    'x', SOURCE_MAX_CELL + 1, "</t></is></c></row></sheetData>"
	    "</worksheet>");
	assert_fails(sheet, NULL, NAME ":2: cell D2 is longer than 64 KiB");
	free(sheet);
	sheet = repeated(XF_DECL "<worksheet xmlns=\"" XF_MAIN_NS "\">"
	    "<sheetData><row r=\"2\"><c r=\"D2\" t=\"inlineStr\"><is><t>",
	    'x', SOURCE_MAX_CELL, "</t></is></c></row></sheetData>"
	    "</worksheet>");
	read_book(sheet, NULL, &g);
	assert_int_equal(g.status, 0);
	assert_int_equal(g.records_len, strlen("2:[|||]\n") + SOURCE_MAX_CELL);
	got_free(&g);
	free(sheet);
	strings = repeated(XF_DECL "<sst xmlns=\"" XF_MAIN_NS "\"><si><t>a"
	    "</t></si><si><t>", 'y', SOURCE_MAX_CELL + 1, "</t></si></sst>");
	assert_reads(XF_SHEET("<row r=\"1\"><c t=\"s\"><v>0</v></c></row>"),
	    strings, "1:[a]\n");
	assert_fails(XF_SHEET("<row r=\"1\"><c t=\"s\"><v>1</v></c></row>"),
	    strings, NAME ":1: cell A1 is longer than 64 KiB");
	free(strings);
	/* Text is not a tag: 3 MiB of it is not refused as one. */
	strings = repeated(XF_DECL "<sst xmlns=\"" XF_MAIN_NS "\"><si><t>a"
	    "</t></si><si><t>", 'y', 3 * MIB, "</t></si></sst>");
	assert_reads(XF_SHEET("<row r=\"1\"><c t=\"s\"><v>0</v></c></row>"),
	    strings, "1:[a]\n");
	free(strings);
}

/* Ensure XML that is not well formed is refused, naming the part. */
static void
test_xlsx_read_malformed_xml(void **state)
{
	(void)state;
	assert_fails(XF_DECL "<worksheet xmlns=\"" XF_MAIN_NS "\"><sheetData>"
	    "<row r=\"1\"><c><v>1</v></row></sheetData></worksheet>", NULL,
	    "not well formed", "xl/worksheets/sheet1.xml", "mismatched tag");
	assert_fails(XF_DECL "<worksheet xmlns=\"" XF_MAIN_NS "\"><sheetData>"
	    "<row r=\"1\"><c><v>1</v></c></row>", NULL, "not well formed");
	assert_fails(XF_SHEET("<row r=\"1\"><c><v>&nbsp;</v></c></row>"), NULL,
	    "not well formed", "undefined entity");
	assert_fails(XF_SHEET(""), XF_SST("<si><t>a</si>"),
	    "xl/sharedStrings.xml");
}

/*
 * Ensure a billion laughs is refused at its document type, fast and
 * without memory, as is any document type (external entities included).
 */
static void
test_xlsx_read_entity_bomb(void **state)
{
	long before = peak_kib();

	(void)state;
	assert_fails(XF_DECL "<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
	    "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"
	    "&lol;\">"
	    "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"
	    "&lol1;&lol1;\">"
	    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"
	    "&lol2;&lol2;\">"
	    "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"
	    "&lol3;&lol3;\">"
	    "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"
	    "&lol4;&lol4;\">"
	    "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"
	    "&lol5;&lol5;\">"
	    "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"
	    "&lol6;&lol6;\">"
	    "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"
	    "&lol7;&lol7;\">"
	    "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;"
	    "&lol8;&lol8;\">]>"
	    "<worksheet xmlns=\"" XF_MAIN_NS "\"><sheetData><row r=\"1\">"
	    "<c t=\"inlineStr\"><is><t>&lol9;</t></is></c></row>"
	    "</sheetData></worksheet>", NULL, "document type", "entities");
	assert_fails(XF_DECL "<!DOCTYPE x SYSTEM \"file:///etc/passwd\">"
	    "<worksheet xmlns=\"" XF_MAIN_NS "\"/>", NULL, "document type");
	assert_fails(XF_SHEET(""), XF_DECL "<!DOCTYPE sst [<!ENTITY e "
	    "SYSTEM \"file:///etc/passwd\">]><sst><si><t>&e;</t></si></sst>",
	    "xl/sharedStrings.xml", "document type");
	assert_true(peak_kib() - before < 64 * 1024);
}

/* Ensure nesting deeper than any spreadsheet's, and huge tags, are refused. */
static void
test_xlsx_read_xml_limits(void **state)
{
	char *sheet, *p;
	size_t i;

	(void)state;
	assert_non_null(sheet = malloc(4 * MIB));
	p = sheet + sprintf(sheet, "%s", XF_DECL "<worksheet xmlns=\""
	    XF_MAIN_NS "\">");
	for (i = 0; i < 300; i++)
		p += sprintf(p, "<a>");
	*p = '\0';
	assert_fails(sheet, NULL, "nests elements more than 256 deep");
	p = sheet + sprintf(sheet, "%s", XF_DECL "<worksheet xmlns=\""
	    XF_MAIN_NS "\"><sheetData><row r=\"1\" ");
	while (p < sheet + 3 * MIB)
		p += sprintf(p, "a%lu=\"x\" ", (unsigned long)(p - sheet));
	strcpy(p, "/></sheetData></worksheet>");
	assert_fails(sheet, NULL, "a tag larger than 1 MiB");
	free(sheet);
}

/*
 * Ensure a zip bomb is refused by the size its part declares: a sheet of
 * 1.1 GiB (1.1 MiB zipped) against the real limit of 1 GiB.
 */
static void
test_xlsx_read_zip_bomb_declared(void **state)
{
	long before = peak_kib();
	char *path;

	(void)state;
	path = xlsx_fixture_bomb(UINT64_C(1100) * MIB);
	assert_path_fails(path, EX_DATAERR, NULL, "xl/worksheets/sheet1.xml",
	    "more than 1024 MiB", "zip bomb", NULL);
	temp_file_remove(path);
	assert_true(peak_kib() - before < 64 * 1024);
}

/*
 * Ensure a zip bomb whose part lies about its size is refused by the
 * bytes inflated, at the limit (lowered to 4 MiB for the test, through
 * xlsx_set_entry_limit()) and not at the end of the part.
 */
static void
test_xlsx_read_zip_bomb_lying(void **state)
{
	long before = peak_kib();
	char *path;

	(void)state;
	path = xlsx_fixture_bomb(64 * MIB);
	xlsx_fixture_declare(path, "xl/worksheets/sheet1.xml", 1000);
	xlsx_set_entry_limit(4 * MIB);
	assert_path_fails(path, EX_DATAERR, NULL, "more than 4 MiB",
	    "zip bomb", NULL);
	xlsx_set_entry_limit(0);
	/* Under the real limit, the same part is read to its end. */
	assert_path_fails(path, EX_DATAERR, NULL, "not well formed", NULL);
	temp_file_remove(path);
	assert_true(peak_kib() - before < 64 * 1024);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsx_read_strings),
		cmocka_unit_test(test_xlsx_read_rich_text),
		cmocka_unit_test(test_xlsx_read_numbers),
		cmocka_unit_test(test_xlsx_read_booleans_and_errors),
		cmocka_unit_test(test_xlsx_read_formulas),
		cmocka_unit_test(test_xlsx_read_title_and_blank_rows),
		cmocka_unit_test(test_xlsx_read_gaps_and_implicit_references),
		cmocka_unit_test(test_xlsx_read_prefixed_strict),
		cmocka_unit_test(
		    test_xlsx_read_first_worksheet_by_relationships),
		cmocka_unit_test(test_xlsx_read_batches),
		cmocka_unit_test(test_xlsx_read_target_stops),
		cmocka_unit_test(test_xlsx_read_refuses_ods),
		cmocka_unit_test(test_xlsx_read_refuses_other_zips),
		cmocka_unit_test(test_xlsx_read_truncated),
		cmocka_unit_test(test_xlsx_read_corrupt),
		cmocka_unit_test(test_xlsx_read_records_before_message),
		cmocka_unit_test(test_xlsx_read_missing_parts),
		cmocka_unit_test(test_xlsx_read_shared_string_out_of_range),
		cmocka_unit_test(test_xlsx_read_out_of_order),
		cmocka_unit_test(test_xlsx_read_bad_references),
		cmocka_unit_test(test_xlsx_read_too_many_columns),
		cmocka_unit_test(test_xlsx_read_bad_values),
		cmocka_unit_test(test_xlsx_read_cell_too_long),
		cmocka_unit_test(test_xlsx_read_malformed_xml),
		cmocka_unit_test(test_xlsx_read_entity_bomb),
		cmocka_unit_test(test_xlsx_read_xml_limits),
		cmocka_unit_test(test_xlsx_read_zip_bomb_declared),
		cmocka_unit_test(test_xlsx_read_zip_bomb_lying),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

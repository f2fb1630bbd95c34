#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <fcntl.h>
#include <ftw.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <csv.h>
#include <expat.h>
#include <zip.h>

#include "diag.h"
#include "helpers.h"
#include "sink.h"

/*
 * The workbooks written here are checked without kaoping's own reader:
 * libzip takes the parts out, expat reads the worksheet and the styles,
 * and a spreadsheet's way of showing a number is worked out on its
 * digits below.
 */

#define MAX_COLS	16
#define MAX_STYLES	32
#define MAX_CELLS	256

static const char *const results_rows[][RES_COUNT] = {
	{ "南湖街道", "1", "210103198705123456", "张伟", "南湖司法所",
	    "85.50", "90", "60", "88.20", "推荐" },
	{ "南湖街道", "2", "007", "李娜", "南湖司法所",
	    "85.1", "", "0", "85.1", "未推荐" },
	{ "长白街道", "1", "S-01", "O'Brien, \"Jr.\"", "长白社区服务中心",
	    "+85.5", "85.", "60", "99.995", "并列待定" },
};
#define NRESULTS	(sizeof results_rows / sizeof results_rows[0])

static const char *const rejects_rows[][REJ_COUNT] = {
	{ "q3.csv", "12", "dept_score: \"85分\" is not a score", "=SUM(A1)",
	    "王芳", "南湖街道", "南湖司法所", "85分", "", "是" },
	{ "q3.csv", "7", "two\nlines", "0012", "", "", "", "", "1e5", "" },
};
#define NREJECTS	(sizeof rejects_rows / sizeof rejects_rows[0])

/* A folder of one's own for the workbook, and a diag to read back. */
struct fixture {
	char		*dir;
	char		*path;		/* dir/out.xlsx */
	struct capture	 err;
	struct diag	 diag;
};

static int
setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	struct fixture *f = calloc(1, sizeof *f);

	if (f == NULL)
		return -1;
	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	if (asprintf(&f->dir, "%s/kaoping-xlsx-XXXXXX", tmp) < 0 ||
	    mkdtemp(f->dir) == NULL ||
	    asprintf(&f->path, "%s/out.xlsx", f->dir) < 0)
		return -1;
	capture_open(&f->err);
	diag_init(&f->diag, f->err.fp);
	*state = f;
	return 0;
}

static int
remove_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Also puts back the C locale, which a failed test may have left. */
static int
teardown(void **state)
{
	struct fixture *f = *state;

	setlocale(LC_ALL, "C");
	unsetenv("LOCPATH");
	nftw(f->dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	free(f->path);
	free(f->dir);
	capture_close(&f->err);
	free(f);
	return 0;
}

static void
spans(const char *const *row, size_t n, struct text_span *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[i].s = row[i];
		out[i].len = strlen(row[i]);
	}
}

/* Write nrows rows of sc->count cells to path; all must succeed. */
static void
write_book(struct fixture *f, const char *path, const struct out_schema *sc,
    enum lang lang, const char *sheet_name, const char *const *rows,
    size_t nrows)
{
	struct text_span cells[MAX_COLS];
	struct sink *s;
	size_t r;

	s = sink_xlsx_new(path, "out.xlsx", sheet_name, sc, lang, &f->diag);
	assert_non_null(s);
	for (r = 0; r < nrows; r++) {
		spans(rows + r * sc->count, sc->count, cells);
		assert_int_equal(sink_row(s, cells), 0);
	}
	assert_int_equal(sink_finish(s), 0);
	sink_free(&s);
	assert_null(s);
	assert_int_equal(f->diag.errors, 0);
}

/* A part of the workbook, NUL-terminated; NULL if it has no such part. */
static char *
zip_text(const char *path, const char *name)
{
	zip_t *z;
	zip_file_t *zf;
	zip_stat_t st;
	char *text = NULL;
	int err;

	z = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	if (z == NULL)
		fail_msg("%s is not a zip archive (libzip error %d)", path,
		    err);
	if (zip_stat(z, name, 0, &st) == 0) {
		assert_non_null(text = malloc(st.size + 1));
		assert_non_null(zf = zip_fopen(z, name, 0));
		assert_int_equal(zip_fread(zf, text, st.size),
		    (zip_int64_t)st.size);
		text[st.size] = '\0';
		zip_fclose(zf);
	}
	zip_close(z);
	return text;
}

static const char *
attr(const XML_Char **atts, const char *name)
{
	for (; atts[0] != NULL; atts += 2)
		if (strcmp(atts[0], name) == 0)
			return atts[1];
	return NULL;
}

/* ---- The worksheet's cells and column widths ------------------------ */

struct xcell {
	unsigned	 row;		/* from 1, as in "B12" */
	unsigned	 col;		/* from 0 */
	char		 type[16];	/* the t attribute; "" is a number */
	unsigned	 style;		/* the s attribute; 0 when absent */
	bool		 formula;
	char		*text;		/* of <v>, or of <is><t> */
};

struct sheet {
	struct xcell	 cells[MAX_CELLS];
	size_t		 n;
	unsigned	 widths[MAX_COLS];	/* whole characters */
	struct xcell	*cur;
	bool		 in_text;
};

static void
parse_ref(const char *ref, unsigned *row, unsigned *col)
{
	unsigned c = 0;

	for (; *ref >= 'A' && *ref <= 'Z'; ref++)
		c = c * 26 + (unsigned)(*ref - 'A' + 1);
	assert_true(c > 0);
	*col = c - 1;
	*row = (unsigned)strtoul(ref, NULL, 10);
}

static void XMLCALL
sheet_start(void *data, const XML_Char *el, const XML_Char **atts)
{
	struct sheet *sh = data;
	const char *v;
	unsigned first, last;

	if (strcmp(el, "c") == 0) {
		assert_true(sh->n < MAX_CELLS);
		sh->cur = &sh->cells[sh->n++];
		memset(sh->cur, 0, sizeof *sh->cur);
		assert_non_null(v = attr(atts, "r"));
		parse_ref(v, &sh->cur->row, &sh->cur->col);
		if ((v = attr(atts, "t")) != NULL)
			snprintf(sh->cur->type, sizeof sh->cur->type, "%s", v);
		if ((v = attr(atts, "s")) != NULL)
			sh->cur->style = (unsigned)strtoul(v, NULL, 10);
		assert_non_null(sh->cur->text = strdup(""));
	} else if (sh->cur != NULL && (strcmp(el, "v") == 0 ||
	    strcmp(el, "t") == 0))
		sh->in_text = true;
	else if (sh->cur != NULL && strcmp(el, "f") == 0)
		sh->cur->formula = true;
	else if (strcmp(el, "col") == 0) {
		/* a width is a decimal with a point, whatever the locale */
		assert_null(strchr(attr(atts, "width"), ','));
		first = (unsigned)strtoul(attr(atts, "min"), NULL, 10);
		last = (unsigned)strtoul(attr(atts, "max"), NULL, 10);
		assert_true(first >= 1 && last <= MAX_COLS);
		for (; first <= last; first++)
			sh->widths[first - 1] = (unsigned)strtoul(
			    attr(atts, "width"), NULL, 10);
	}
}

static void XMLCALL
sheet_end(void *data, const XML_Char *el)
{
	struct sheet *sh = data;

	if (strcmp(el, "c") == 0)
		sh->cur = NULL;
	else if (strcmp(el, "v") == 0 || strcmp(el, "t") == 0)
		sh->in_text = false;
}

static void XMLCALL
sheet_chars(void *data, const XML_Char *s, int len)
{
	struct sheet *sh = data;
	size_t have;

	if (!sh->in_text)
		return;
	have = strlen(sh->cur->text);
	assert_non_null(sh->cur->text = realloc(sh->cur->text,
	    have + (size_t)len + 1));
	memcpy(sh->cur->text + have, s, (size_t)len);
	sh->cur->text[have + (size_t)len] = '\0';
}

/* ---- The styles: which font and number format each cell style has ---- */

struct styles {
	unsigned	 xf_numfmt[MAX_STYLES], xf_font[MAX_STYLES];
	size_t		 nxf;
	bool		 bold[MAX_STYLES];
	size_t		 nfont;
	unsigned	 fmt_id[MAX_STYLES];
	char		*fmt_code[MAX_STYLES];
	size_t		 nfmt;
	bool		 in_fonts, in_xfs;
};

static void XMLCALL
styles_start(void *data, const XML_Char *el, const XML_Char **atts)
{
	struct styles *st = data;

	if (strcmp(el, "fonts") == 0)
		st->in_fonts = true;
	else if (strcmp(el, "cellXfs") == 0)
		st->in_xfs = true;
	else if (st->in_fonts && strcmp(el, "font") == 0)
		assert_true(st->nfont++ < MAX_STYLES);
	else if (st->in_fonts && strcmp(el, "b") == 0)
		st->bold[st->nfont - 1] = true;
	else if (st->in_xfs && strcmp(el, "xf") == 0) {
		assert_true(st->nxf < MAX_STYLES);
		st->xf_numfmt[st->nxf] = (unsigned)strtoul(
		    attr(atts, "numFmtId"), NULL, 10);
		st->xf_font[st->nxf++] = (unsigned)strtoul(
		    attr(atts, "fontId"), NULL, 10);
	} else if (strcmp(el, "numFmt") == 0) {
		assert_true(st->nfmt < MAX_STYLES);
		st->fmt_id[st->nfmt] = (unsigned)strtoul(
		    attr(atts, "numFmtId"), NULL, 10);
		assert_non_null(st->fmt_code[st->nfmt++] = strdup(
		    attr(atts, "formatCode")));
	}
}

static void XMLCALL
styles_end(void *data, const XML_Char *el)
{
	struct styles *st = data;

	if (strcmp(el, "fonts") == 0)
		st->in_fonts = false;
	else if (strcmp(el, "cellXfs") == 0)
		st->in_xfs = false;
}

static void
parse_xml(const char *xml, void *data, XML_StartElementHandler start,
    XML_EndElementHandler end, XML_CharacterDataHandler chars)
{
	XML_Parser p;

	assert_non_null(xml);
	assert_non_null(p = XML_ParserCreate("UTF-8"));
	XML_SetUserData(p, data);
	XML_SetElementHandler(p, start, end);
	if (chars != NULL)
		XML_SetCharacterDataHandler(p, chars);
	if (XML_Parse(p, xml, (int)strlen(xml), 1) != XML_STATUS_OK)
		fail_msg("XML not well formed: %s",
		    XML_ErrorString(XML_GetErrorCode(p)));
	XML_ParserFree(p);
}

/* A written workbook, taken apart. */
struct book {
	char		*workbook_xml;
	char		*sheet_xml;
	char		*styles_xml;
	struct sheet	 sheet;
	struct styles	 styles;
};

static struct book *
book_load(const char *path)
{
	struct book *b;

	assert_non_null(b = calloc(1, sizeof *b));
	b->workbook_xml = zip_text(path, "xl/workbook.xml");
	b->sheet_xml = zip_text(path, "xl/worksheets/sheet1.xml");
	b->styles_xml = zip_text(path, "xl/styles.xml");
	parse_xml(b->workbook_xml, NULL, NULL, NULL, NULL);
	parse_xml(b->sheet_xml, &b->sheet, sheet_start, sheet_end,
	    sheet_chars);
	parse_xml(b->styles_xml, &b->styles, styles_start, styles_end, NULL);
	return b;
}

static void
book_free(struct book *b)
{
	size_t i;

	for (i = 0; i < b->sheet.n; i++)
		free(b->sheet.cells[i].text);
	for (i = 0; i < b->styles.nfmt; i++)
		free(b->styles.fmt_code[i]);
	free(b->workbook_xml);
	free(b->sheet_xml);
	free(b->styles_xml);
	free(b);
}

/* The cell at row (from 1) and col (from 0), or NULL if there is none. */
static const struct xcell *
cell_at(const struct book *b, unsigned row, unsigned col)
{
	size_t i;

	for (i = 0; i < b->sheet.n; i++)
		if (b->sheet.cells[i].row == row &&
		    b->sheet.cells[i].col == col)
			return &b->sheet.cells[i];
	return NULL;
}

static const struct xcell *
must_cell(const struct book *b, unsigned row, unsigned col)
{
	const struct xcell *c = cell_at(b, row, col);

	if (c == NULL)
		fail_msg("no cell at row %u column %u", row, col + 1);
	return c;
}

static bool
is_string_cell(const struct xcell *c)
{
	return strcmp(c->type, "inlineStr") == 0 ||
	    strcmp(c->type, "str") == 0;
}

/* The format code of a cell style; the two built-in ones we may meet. */
static const char *
format_code(const struct book *b, unsigned style)
{
	const struct styles *st = &b->styles;
	unsigned id;
	size_t i;

	assert_true(style < st->nxf);
	id = st->xf_numfmt[style];
	for (i = 0; i < st->nfmt; i++)
		if (st->fmt_id[i] == id)
			return st->fmt_code[i];
	if (id == 1)
		return "0";
	if (id == 2)
		return "0.00";
	return id == 0 ? "General" : "(unknown built-in)";
}

static bool
is_bold(const struct book *b, unsigned style)
{
	assert_true(style < b->styles.nxf);
	return b->styles.bold[b->styles.xf_font[style]];
}

/* ---- What a spreadsheet shows --------------------------------------- */

/*
 * Round the digits d (n of them, the point after the first *ip) at keep:
 * half away from zero, the digits after keep dropped, or made zeros
 * where they are before the point.
 */
static void
round_at(char *d, size_t *n, size_t *ip, size_t keep)
{
	bool up = d[keep] >= '5';
	size_t i;

	for (i = keep; i < *ip; i++)
		d[i] = '0';
	*n = keep > *ip ? keep : *ip;
	if (!up)
		return;
	for (i = keep; i > 0 && d[i - 1] == '9'; i--)
		d[i - 1] = '0';
	if (i > 0)
		d[i - 1]++;
	else {
		memmove(d + 1, d, *n);
		d[0] = '1';
		(*n)++;
		(*ip)++;
	}
}

/*
 * What a spreadsheet shows for the stored number v under the format code
 * (of the forms [+](#|0...)[.0...], the only ones expected): v rounded to
 * 15 significant digits, then to the format's places, the integer part
 * given as many digits as the format has zeros before the point.
 */
static void
render(const char *v, const char *code, char *out, size_t size)
{
	char d[128];
	size_t n = 0, ip, izeros = 0, places = 0, first, i;
	bool plus = false, point = false;
	const char *p = code;
	char *o = out;

	if (*p == '+') {
		plus = true;
		p++;
	}
	if (*p == '#')
		p++;
	for (; *p == '0'; p++)
		izeros++;
	if (*p == '.') {
		point = true;
		for (p++; *p == '0'; p++)
			places++;
	}
	if (*p != '\0')
		fail_msg("unexpected number format \"%s\"", code);
	for (p = v; *p >= '0' && *p <= '9'; p++)
		d[n++] = *p;
	ip = n;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			d[n++] = *p;
	if (*p != '\0' || n == 0 || n > 40)
		fail_msg("unexpected stored number \"%s\"", v);
	for (first = 0; first < n && d[first] == '0'; first++)
		continue;
	if (first + 15 < n)
		round_at(d, &n, &ip, first + 15);
	if (ip + places < n)
		round_at(d, &n, &ip, ip + places);
	while (n < ip + places)
		d[n++] = '0';
	for (first = 0; first < ip && d[first] == '0' && ip - first > izeros;
	    first++)
		continue;
	assert_true(size > n + 3);
	if (plus)
		*o++ = '+';
	for (i = first; i < ip; i++)
		*o++ = d[i];
	if (point)
		*o++ = '.';
	for (i = ip; i < ip + places; i++)
		*o++ = d[i];
	*o = '\0';
}

/* The text a spreadsheet shows in the cell at row, col ("" for none). */
static void
shown(const struct book *b, unsigned row, unsigned col, char *out,
    size_t size)
{
	const struct xcell *c = cell_at(b, row, col);

	if (c == NULL)
		snprintf(out, size, "%s", "");
	else if (is_string_cell(c))
		snprintf(out, size, "%s", c->text);
	else {
		assert_string_equal(c->type, "");
		render(c->text, format_code(b, c->style), out, size);
	}
}

/* ---- The same rows as CSV ------------------------------------------- */

struct csv_grid {
	char		*fields[8][MAX_COLS];
	size_t		 rows, col;
};

static void
on_field(void *s, size_t len, void *data)
{
	struct csv_grid *g = data;

	assert_true(g->rows < 8 && g->col < MAX_COLS);
	assert_non_null(g->fields[g->rows][g->col] = strndup(s, len));
	g->col++;
}

static void
on_record(int c, void *data)
{
	struct csv_grid *g = data;

	(void)c;
	g->rows++;
	g->col = 0;
}

/*
 * The header and rows as kaoping's CSV writer writes them, read back with
 * libcsv.  Raw: the formula guard is the CSV's alone (SPEC section 5).
 */
static void
csv_of(const struct out_schema *sc, enum lang lang, const char *const *rows,
    size_t nrows, struct csv_grid *g)
{
	struct csv_style style = { false, true };
	struct text_span cells[MAX_COLS];
	struct csv_parser p;
	struct diag d;
	struct sink *w;
	char *text = NULL;
	size_t len = 0, r, c;
	FILE *fp;

	assert_non_null(fp = open_memstream(&text, &len));
	diag_init(&d, stderr);
	assert_non_null(w = sink_csv_new(fp, "csv", sc, lang, &style, &d));
	for (r = 0; r < nrows; r++) {
		for (c = 0; c < sc->count; c++) {
			cells[c].s = rows[r * sc->count + c];
			cells[c].len = strlen(cells[c].s);
		}
		assert_int_equal(sink_row(w, cells), 0);
	}
	assert_int_equal(sink_finish(w), 0);
	sink_free(&w);
	assert_int_equal(fclose(fp), 0);
	memset(g, 0, sizeof *g);
	assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
	assert_int_equal(csv_parse(&p, text, len, on_field, on_record, g),
	    len);
	assert_int_equal(csv_fini(&p, on_field, on_record, g), 0);
	csv_free(&p);
	free(text);
	assert_int_equal(g->rows, nrows + 1);
}

static void
csv_grid_free(struct csv_grid *g)
{
	size_t r, c;

	for (r = 0; r < 8; r++)
		for (c = 0; c < MAX_COLS; c++)
			free(g->fields[r][c]);
}

/* The results rows in a workbook at f->path, taken apart. */
static struct book *
results_book(struct fixture *f, enum lang lang)
{
	write_book(f, f->path, &schema_results, lang,
	    schema_sheet_name(ROLE_RESULTS, lang), &results_rows[0][0],
	    NRESULTS);
	return book_load(f->path);
}

/* ---- Tests ---------------------------------------------------------- */

/* Ensure the worksheet is named as asked, in Chinese and in English. */
static void
test_sink_xlsx_sheet_name(void **state)
{
	struct fixture *f = *state;
	struct book *b;

	b = results_book(f, LANG_ZH);
	assert_contains(b->workbook_xml, "<sheet name=\"考评结果\"");
	book_free(b);
	write_book(f, f->path, &schema_rejects, LANG_EN,
	    schema_sheet_name(ROLE_REJECTS, LANG_EN), &rejects_rows[0][0],
	    NREJECTS);
	b = book_load(f->path);
	assert_contains(b->workbook_xml, "<sheet name=\"rejects\"");
	assert_int_equal(count_occurrences(b->workbook_xml, "<sheet "), 1);
	book_free(b);
}

/* Ensure staff IDs are string cells, never numbers, with every digit. */
static void
test_sink_xlsx_ids_are_text(void **state)
{
	struct fixture *f = *state;
	const struct xcell *c;
	struct book *b = results_book(f, LANG_ZH);

	c = must_cell(b, 2, RES_STAFF_ID);
	assert_true(is_string_cell(c));
	assert_string_equal(c->text, "210103198705123456");
	c = must_cell(b, 3, RES_STAFF_ID);
	assert_true(is_string_cell(c));
	assert_string_equal(c->text, "007");
	assert_not_contains(b->sheet_xml, "<v>210103198705123456</v>");
	assert_not_contains(b->sheet_xml, "<v>7</v>");
	book_free(b);
}

/* Ensure a score is a number whose format shows the text's digits. */
static void
test_sink_xlsx_score_number_format(void **state)
{
	struct fixture *f = *state;
	const struct xcell *c;
	struct book *b = results_book(f, LANG_ZH);

	c = must_cell(b, 2, RES_DEPT_SCORE);
	assert_string_equal(c->type, "");
	assert_string_equal(c->text, "85.5");
	assert_string_equal(format_code(b, c->style), "0.00");
	c = must_cell(b, 2, RES_COMBINED);
	assert_string_equal(c->type, "");
	assert_string_equal(format_code(b, c->style), "0.00");
	c = must_cell(b, 4, RES_DEPT_SCORE);
	assert_string_equal(c->text, "85.5");
	assert_string_equal(format_code(b, c->style), "+0.0");
	c = must_cell(b, 4, RES_STREET_SCORE);
	assert_string_equal(c->text, "85");
	assert_string_equal(format_code(b, c->style), "0.");
	c = must_cell(b, 4, RES_COMBINED);
	assert_string_equal(format_code(b, c->style), "0.000");
	book_free(b);
}

/* Ensure ranks and weights are numbers. */
static void
test_sink_xlsx_integers_are_numbers(void **state)
{
	struct fixture *f = *state;
	const struct xcell *c;
	struct book *b = results_book(f, LANG_EN);

	c = must_cell(b, 3, RES_RANK);
	assert_string_equal(c->type, "");
	assert_string_equal(c->text, "2");
	c = must_cell(b, 3, RES_STREET_WEIGHT);
	assert_string_equal(c->type, "");
	assert_string_equal(c->text, "0");
	book_free(b);
}

/* Ensure text that looks like a formula is a string cell, not a formula. */
static void
test_sink_xlsx_formula_text_stays_text(void **state)
{
	struct fixture *f = *state;
	const struct xcell *c;
	struct book *b;

	write_book(f, f->path, &schema_rejects, LANG_EN, "rejects",
	    &rejects_rows[0][0], NREJECTS);
	b = book_load(f->path);
	c = must_cell(b, 2, REJ_STAFF_ID);
	assert_true(is_string_cell(c));
	assert_false(c->formula);
	assert_string_equal(c->text, "=SUM(A1)");
	/* an echoed cell is text even where it looks like a number */
	c = must_cell(b, 3, REJ_STREET_SCORE);
	assert_true(is_string_cell(c));
	assert_string_equal(c->text, "1e5");
	c = must_cell(b, 3, REJ_STAFF_ID);
	assert_true(is_string_cell(c));
	assert_string_equal(c->text, "0012");
	c = must_cell(b, 3, REJ_LINE);
	assert_string_equal(c->type, "");
	assert_string_equal(c->text, "7");
	book_free(b);
}

/* Ensure the header is the labels, bold, and frozen; data rows are not. */
static void
test_sink_xlsx_header_bold_frozen(void **state)
{
	struct fixture *f = *state;
	const struct xcell *c;
	struct book *b = results_book(f, LANG_ZH);
	unsigned col;

	for (col = 0; col < RES_COUNT; col++) {
		c = must_cell(b, 1, col);
		assert_true(is_string_cell(c));
		assert_string_equal(c->text, schema_label(
		    &schema_results.columns[col], LANG_ZH));
		assert_true(is_bold(b, c->style));
		assert_false(is_bold(b, must_cell(b, 2, col)->style));
	}
	assert_contains(b->sheet_xml, "<pane ySplit=\"1\" topLeftCell=\"A2\"");
	assert_contains(b->sheet_xml, "state=\"frozen\"");
	assert_not_contains(b->sheet_xml, "xSplit");
	book_free(b);
}

/* Ensure the filter spans the header and every data row. */
static void
test_sink_xlsx_autofilter(void **state)
{
	struct fixture *f = *state;
	struct book *b = results_book(f, LANG_ZH);

	assert_contains(b->sheet_xml, "<autoFilter ref=\"A1:J4\"/>");
	assert_contains(b->workbook_xml, "_xlnm._FilterDatabase");
	book_free(b);
}

/*
 * Ensure columns fit their content, a CJK character counting double: of
 * two columns whose texts have as many characters, the CJK one is wider;
 * a header wider than its cells widens its column; no column grows past
 * the cap.
 */
static void
test_sink_xlsx_column_widths(void **state)
{
	static const char *const cjk[] = { "社区服务中心", "60" };
	static const char *const ascii[] = { "abcdef", "60" };
	struct fixture *f = *state;
	struct book *b;
	char *long_text;
	unsigned cjk_width;
	const char *row[2];

	write_book(f, f->path, &schema_policy, LANG_EN, "policy", cjk, 1);
	b = book_load(f->path);
	cjk_width = b->sheet.widths[POL_UNIT];
	assert_true(cjk_width >= 12);
	/* "street_weight" is wider than "60" */
	assert_true(b->sheet.widths[POL_STREET_WEIGHT] >= 13);
	book_free(b);

	write_book(f, f->path, &schema_policy, LANG_EN, "policy", ascii, 1);
	b = book_load(f->path);
	assert_true(b->sheet.widths[POL_UNIT] >= 6);
	assert_true(b->sheet.widths[POL_UNIT] < cjk_width);
	book_free(b);

	assert_non_null(long_text = malloc(301));
	memset(long_text, 'x', 300);
	long_text[300] = '\0';
	row[0] = long_text;
	row[1] = "60";
	write_book(f, f->path, &schema_policy, LANG_EN, "policy", row, 1);
	b = book_load(f->path);
	assert_true(b->sheet.widths[POL_UNIT] >= 30);
	assert_true(b->sheet.widths[POL_UNIT] <= 60);
	book_free(b);
	free(long_text);
}

/* Ensure an empty cell, such as a missing street score, is no cell. */
static void
test_sink_xlsx_empty_cells_absent(void **state)
{
	struct fixture *f = *state;
	struct book *b = results_book(f, LANG_ZH);

	assert_null(cell_at(b, 3, RES_STREET_SCORE));
	assert_non_null(cell_at(b, 2, RES_STREET_SCORE));
	assert_not_contains(b->sheet_xml, "<c r=\"G3\"");
	book_free(b);
}

/* Ensure a workbook without data rows is whole: header, frozen, filter. */
static void
test_sink_xlsx_header_only(void **state)
{
	struct fixture *f = *state;
	struct book *b;
	size_t i;

	write_book(f, f->path, &schema_results, LANG_ZH, "推荐名单", NULL, 0);
	b = book_load(f->path);
	assert_int_equal(b->sheet.n, RES_COUNT);
	for (i = 0; i < b->sheet.n; i++)
		assert_int_equal(b->sheet.cells[i].row, 1);
	assert_string_equal(must_cell(b, 1, RES_STAFF_ID)->text, "工号");
	assert_contains(b->sheet_xml, "<autoFilter ref=\"A1:J1\"/>");
	assert_contains(b->sheet_xml, "state=\"frozen\"");
	assert_contains(b->workbook_xml, "<sheet name=\"推荐名单\"");
	book_free(b);
}

/* The workbook shows, cell by cell, what the CSV of the same rows holds. */
static void
assert_same_as_csv(struct fixture *f, const struct out_schema *sc,
    enum lang lang, const char *const *rows, size_t nrows)
{
	struct csv_grid g;
	struct book *b;
	char text[256];
	unsigned r, c;

	write_book(f, f->path, sc, lang, "sheet", rows, nrows);
	b = book_load(f->path);
	csv_of(sc, lang, rows, nrows, &g);
	for (r = 0; r <= nrows; r++)
		for (c = 0; c < sc->count; c++) {
			shown(b, r + 1, c, text, sizeof text);
			assert_string_equal(text, g.fields[r][c]);
		}
	for (c = 0; c < b->sheet.n; c++)
		assert_true(b->sheet.cells[c].row <= nrows + 1 &&
		    b->sheet.cells[c].col < sc->count);
	csv_grid_free(&g);
	book_free(b);
}

/* Ensure the workbook holds the same cells as the CSV, in both outputs. */
static void
test_sink_xlsx_same_cells_as_csv(void **state)
{
	struct fixture *f = *state;

	assert_same_as_csv(f, &schema_results, LANG_ZH, &results_rows[0][0],
	    NRESULTS);
	assert_same_as_csv(f, &schema_results, LANG_EN, &results_rows[0][0],
	    NRESULTS);
	assert_same_as_csv(f, &schema_rejects, LANG_ZH, &rejects_rows[0][0],
	    NREJECTS);
}

/*
 * Ensure numbers and widths are written with a point when the program
 * runs under a locale whose decimal point is a comma (de_DE, made here
 * with localedef).
 */
static void
test_sink_xlsx_comma_locale(void **state)
{
	struct fixture *f = *state;
	char *dir, *cmd;

	assert_true(asprintf(&dir, "%s/locale", f->dir) > 0);
	assert_true(asprintf(&cmd, "localedef -i de_DE -f UTF-8 "
	    "'%s/de_DE.UTF-8' >/dev/null 2>&1", dir) > 0);
	assert_int_equal(mkdir(dir, 0700), 0);
	if (system(cmd) != 0)
		fail_msg("localedef cannot make de_DE.UTF-8: the tests need "
		    "the Debian package locales");
	assert_int_equal(setenv("LOCPATH", dir, 1), 0);
	assert_non_null(setlocale(LC_ALL, "de_DE.UTF-8"));
	assert_string_equal(localeconv()->decimal_point, ",");
	assert_same_as_csv(f, &schema_results, LANG_ZH, &results_rows[0][0],
	    NRESULTS);
	free(cmd);
	free(dir);
}

/* Ensure a score a number cannot show with its digits stays as found. */
static void
test_sink_xlsx_unshowable_score_is_text(void **state)
{
	static const char *const row[RES_COUNT] = {
		"南湖街道", "1", "S1", "张伟", "南湖司法所",
		"85.123456789012345", "90", "60", "88.000000000000001", "推荐",
	};
	struct fixture *f = *state;
	const struct xcell *c;
	struct book *b;

	write_book(f, f->path, &schema_results, LANG_EN, "results", row, 1);
	b = book_load(f->path);
	c = must_cell(b, 2, RES_DEPT_SCORE);
	assert_true(is_string_cell(c));
	assert_string_equal(c->text, "85.123456789012345");
	c = must_cell(b, 2, RES_COMBINED);
	assert_true(is_string_cell(c));
	assert_string_equal(c->text, "88.000000000000001");
	book_free(b);
	assert_same_as_csv(f, &schema_results, LANG_EN, row, 1);
}

/* Ensure a /proc/self/fd name of a file already open is written. */
static void
test_sink_xlsx_proc_fd_path(void **state)
{
	static const char *const row[] = { "司法所", "60" };
	struct fixture *f = *state;
	char name[64];
	struct book *b;
	int fd;

	fd = open(f->path, O_RDWR | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
	write_book(f, name, &schema_policy, LANG_ZH, "政策", row, 1);
	assert_int_equal(close(fd), 0);
	b = book_load(f->path);
	assert_string_equal(must_cell(b, 2, POL_UNIT)->text, "司法所");
	assert_string_equal(must_cell(b, 1, POL_STREET_WEIGHT)->text,
	    "街道权重");
	book_free(b);
}

/* Ensure a workbook that cannot be written fails with EX_IOERR, said once. */
static void
test_sink_xlsx_unwritable_path(void **state)
{
	static const char *const row[] = { "司法所", "60" };
	struct fixture *f = *state;
	struct text_span cells[2];
	struct sink *s;
	char *path;
	int saved, null, status;

	assert_true(asprintf(&path, "%s/missing/out.xlsx", f->dir) > 0);
	s = sink_xlsx_new(path, "out.xlsx", "policy", &schema_policy,
	    LANG_EN, &f->diag);
	assert_non_null(s);
	spans(row, 2, cells);
	assert_int_equal(sink_row(s, cells), 0);
	/* libxlsxwriter prints its own line on standard error: hide it */
	assert_true((saved = dup(STDERR_FILENO)) >= 0);
	assert_true((null = open("/dev/null", O_WRONLY)) >= 0);
	assert_int_equal(dup2(null, STDERR_FILENO), STDERR_FILENO);
	status = sink_finish(s);
	assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
	close(null);
	close(saved);
	assert_int_equal(status, EX_IOERR);
	assert_int_equal(f->diag.errors, 1);
	assert_contains(capture_text(&f->err), "kaoping: out.xlsx: ");
	assert_int_equal(sink_finish(s), EX_IOERR);
	assert_int_equal(f->diag.errors, 1);
	sink_free(&s);
	assert_int_equal(access(path, F_OK), -1);
	free(path);
}

/*
 * Ensure a cell longer than a workbook cell holds fails the sink: told
 * once, naming the row; later rows ignored; finish fails; no file.
 */
static void
test_sink_xlsx_cell_too_long(void **state)
{
	struct fixture *f = *state;
	struct text_span cells[2];
	struct sink *s;
	char *text;

	assert_non_null(text = malloc(40000));
	memset(text, 'x', 40000);
	s = sink_xlsx_new(f->path, "out.xlsx", "policy", &schema_policy,
	    LANG_EN, &f->diag);
	assert_non_null(s);
	cells[0].s = text;
	cells[0].len = 40000;
	cells[1].s = "60";
	cells[1].len = 2;
	assert_int_equal(sink_row(s, cells), EX_IOERR);
	assert_contains(capture_text(&f->err), "kaoping: out.xlsx:2: ");
	cells[0].len = 3;
	assert_int_equal(sink_row(s, cells), EX_IOERR);
	assert_int_equal(sink_finish(s), EX_IOERR);
	assert_int_equal(f->diag.errors, 1);
	sink_free(&s);
	assert_int_equal(access(f->path, F_OK), -1);
	free(text);
}

/* Ensure a worksheet name a workbook refuses is reported, and no sink. */
static void
test_sink_xlsx_bad_sheet_name(void **state)
{
	struct fixture *f = *state;

	assert_null(sink_xlsx_new(f->path, "out.xlsx", "a/b",
	    &schema_policy, LANG_EN, &f->diag));
	assert_int_equal(f->diag.errors, 1);
	assert_contains(capture_text(&f->err), "kaoping: out.xlsx: ");
	assert_int_equal(access(f->path, F_OK), -1);
}

/* Ensure a sink made and freed without finishing writes nothing. */
static void
test_sink_xlsx_free_unfinished(void **state)
{
	static const char *const row[] = { "司法所", "60" };
	struct fixture *f = *state;
	struct text_span cells[2];
	struct sink *s;

	s = sink_xlsx_new(f->path, "out.xlsx", "policy", &schema_policy,
	    LANG_EN, &f->diag);
	assert_non_null(s);
	spans(row, 2, cells);
	assert_int_equal(sink_row(s, cells), 0);
	sink_free(&s);
	assert_null(s);
	sink_free(&s);
	assert_int_equal(access(f->path, F_OK), -1);
	assert_int_equal(f->diag.errors, 0);
}

#define T(name)	cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sink_xlsx_sheet_name),
		T(test_sink_xlsx_ids_are_text),
		T(test_sink_xlsx_score_number_format),
		T(test_sink_xlsx_integers_are_numbers),
		T(test_sink_xlsx_formula_text_stays_text),
		T(test_sink_xlsx_header_bold_frozen),
		T(test_sink_xlsx_autofilter),
		T(test_sink_xlsx_column_widths),
		T(test_sink_xlsx_empty_cells_absent),
		T(test_sink_xlsx_header_only),
		T(test_sink_xlsx_same_cells_as_csv),
		T(test_sink_xlsx_comma_locale),
		T(test_sink_xlsx_unshowable_score_is_text),
		T(test_sink_xlsx_proc_fd_path),
		T(test_sink_xlsx_unwritable_path),
		T(test_sink_xlsx_cell_too_long),
		T(test_sink_xlsx_bad_sheet_name),
		T(test_sink_xlsx_free_unfinished),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

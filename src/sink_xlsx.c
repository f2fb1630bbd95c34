#include <errno.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <xlsxwriter.h>

#include "array.h"
#include "i18n.h"
#include "sink.h"
#include "xlsxfmt.h"

/* Columns the header's filter button takes, beside the label. */
#define FILTER_BUTTON_WIDTH	2
/* Characters a cell holds at most (Excel's limit, kept by libxlsxwriter). */
#define CELL_CHARS_MAX		32767

/* A number format of the workbook, by its format code. */
struct number_format {
	char		 code[XLSXFMT_FORMAT_SIZE];
	lxw_format	*format;	/* the workbook's */
};

struct xlsx_sink {
	struct sink	 base;
	char		*name;		/* labels messages */
	struct diag	*diag;
	lxw_workbook	*workbook;	/* NULL once closed */
	lxw_worksheet	*sheet;
	locale_t	 c_locale;
	lxw_row_t	 rows;		/* written so far, the header too */
	size_t		*widths;	/* each column's widest text */
	struct number_format *formats;
	size_t		 nformats, formats_cap;
	char		*cell;		/* a cell's text, NUL-terminated */
	size_t		 cell_cap;
	int		 status;	/* the first failure, or 0 */
};

/*
 * Report what went wrong and keep the status: later rows are ignored and
 * finish returns it again.
 */
static int
fail(struct xlsx_sink *x, lxw_error err)
{
	x->status = EX_IOERR;
	switch (err) {
	case LXW_ERROR_MEMORY_MALLOC_FAILED:
		x->status = diag_out_of_memory(x->diag);
		break;
	case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
		diag_error(x->diag, x->name, x->rows + 1,
		    _("a cell is longer than a workbook cell can hold "
		    "(%d characters); write this output as CSV"),
		    CELL_CHARS_MAX);
		break;
	case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE:
		diag_error(x->diag, x->name, 0,
		    _("more rows than a worksheet can hold (%lu); write this "
		    "output as CSV"), (unsigned long)LXW_ROW_MAX);
		break;
	case LXW_ERROR_CREATING_XLSX_FILE:
	case LXW_ERROR_CREATING_TMPFILE:
	case LXW_ERROR_READING_TMPFILE:
	case LXW_ERROR_ZIP_FILE_OPERATION:
	case LXW_ERROR_ZIP_FILE_ADD:
	case LXW_ERROR_ZIP_CLOSE:
		diag_error(x->diag, x->name, 0,
		    _("cannot write the workbook (%s); check that the disk "
		    "and the temporary folder ($TMPDIR, or /tmp) have room "
		    "and can be written to"), lxw_strerror(err));
		break;
	default:
		diag_error(x->diag, x->name, 0,
		    _("cannot write the workbook: %s"), lxw_strerror(err));
		break;
	}
	return x->status;
}

/* The cell's text with a terminator, as libxlsxwriter wants it. */
static const char *
terminated(struct xlsx_sink *x, const struct text_span *cell)
{
	if (!array_reserve(&x->cell, &x->cell_cap, cell->len + 1, 1))
		return NULL;
	memcpy(x->cell, cell->s, cell->len);
	x->cell[cell->len] = '\0';
	return x->cell;
}

/*
 * The workbook's format for a number format code, made on first use:
 * libxlsxwriter keeps every format it is given until the workbook closes,
 * so each code gets one.  There are few codes (one per digit pattern).
 */
static lxw_format *
number_format(struct xlsx_sink *x, const char *code)
{
	struct number_format *nf;
	size_t i;

	for (i = 0; i < x->nformats; i++)
		if (strcmp(x->formats[i].code, code) == 0)
			return x->formats[i].format;
	if (!array_reserve(&x->formats, &x->formats_cap, x->nformats + 1,
	    sizeof *x->formats))
		return NULL;
	nf = &x->formats[x->nformats];
	if ((nf->format = workbook_add_format(x->workbook)) == NULL)
		return NULL;
	memcpy(nf->code, code, sizeof nf->code);
	format_set_num_format(nf->format, code);
	x->nformats++;
	return nf->format;
}

/*
 * One cell of the current row.  An empty cell is no cell.  A text column
 * gets a string cell; a number column a number cell whose format shows
 * the text's digits, unless no number shows them (never so for what
 * kaoping computes), when it gets a string cell: the cell still shows
 * what the CSV holds.
 */
static lxw_error
write_cell(struct xlsx_sink *x, size_t col, const struct text_span *cell)
{
	char code[XLSXFMT_FORMAT_SIZE];
	lxw_format *format;
	const char *text;
	size_t width;

	if (cell->len == 0)
		return LXW_NO_ERROR;
	if ((text = terminated(x, cell)) == NULL)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	width = xlsxfmt_text_width(cell->s, cell->len);
	if (width > x->widths[col])
		x->widths[col] = width;
	if (x->base.schema->columns[col].type == OUT_TEXT ||
	    !xlsxfmt_number_format(cell->s, cell->len, code))
		return worksheet_write_string(x->sheet, x->rows,
		    (lxw_col_t)col, text, NULL);
	if ((format = number_format(x, code)) == NULL)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	/*
	 * The only double a score ever becomes, at the very edge:
	 * libxlsxwriter takes a number cell's value as one.  The text is
	 * the exact decimal; strtod gives the nearest double, which a
	 * spreadsheet shows (to 15 digits, under the format) as that text
	 * again.  The C locale is in force here.
	 */
	return worksheet_write_number(x->sheet, x->rows, (lxw_col_t)col,
	    strtod(text, NULL), format);
}

/*
 * Every call into libxlsxwriter runs under the C locale, on this thread
 * only: it prints doubles (values, column widths) with sprintf, which
 * under a locale with a decimal comma would write "85,5" into the XML.
 */
static int
xlsx_row(struct sink *s, const struct text_span *cells)
{
	struct xlsx_sink *x = (struct xlsx_sink *)s;
	lxw_error err = LXW_NO_ERROR;
	locale_t old;
	size_t c;

	if (x->status != 0)
		return x->status;
	if (x->rows >= LXW_ROW_MAX)
		return fail(x, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
	old = uselocale(x->c_locale);
	for (c = 0; c < s->schema->count && err == LXW_NO_ERROR; c++)
		err = write_cell(x, c, &cells[c]);
	uselocale(old);
	if (err != LXW_NO_ERROR)
		return fail(x, err);
	x->rows++;
	return 0;
}

/*
 * The filter over the header and every row, the fitted widths (known only
 * now), then the file.  Constant-memory mode allows both at the end: it
 * writes the rows to a temporary file and the rest of the worksheet
 * around them when the workbook closes.
 */
/*
 * libxlsxwriter writes the rows to a working file of its own and does not
 * look at what those writes return: a full TMPDIR or a file-size limit
 * would cut the worksheet short without a word.  So the file is asked.
 */
static bool
rows_kept(struct xlsx_sink *x)
{
	FILE *rows = x->sheet->optimize_tmpfile;

	if (rows == NULL || (fflush(rows) == 0 && !ferror(rows)))
		return true;
	if (errno == EFBIG)
		diag_write_error(x->diag, x->name, errno);
	else
		diag_error(x->diag, x->name, 0, _("cannot write the workbook's "
		    "working file in TMPDIR (%s); make room there, or write "
		    "this output as CSV"), strerror(errno));
	x->status = EX_IOERR;
	return false;
}

static int
xlsx_finish(struct sink *s)
{
	struct xlsx_sink *x = (struct xlsx_sink *)s;
	lxw_col_t last = (lxw_col_t)(s->schema->count - 1), c;
	lxw_error err;
	locale_t old;

	if (x->status != 0)
		return x->status;
	if (!rows_kept(x))
		return x->status;
	old = uselocale(x->c_locale);
	err = worksheet_autofilter(x->sheet, 0, 0, x->rows - 1, last);
	for (c = 0; c <= last && err == LXW_NO_ERROR; c++)
		err = worksheet_set_column(x->sheet, c, c,
		    xlsxfmt_column_width(x->widths[c]), NULL);
	if (err == LXW_NO_ERROR) {
		/* Frees the workbook, whether it was written or not. */
		err = workbook_close(x->workbook);
		x->workbook = NULL;
	}
	uselocale(old);
	return err == LXW_NO_ERROR ? 0 : fail(x, err);
}

static void
xlsx_free(struct sink *s)
{
	struct xlsx_sink *x = (struct xlsx_sink *)s;

	if (x->workbook != NULL) {
		/*
		 * Never closed: libxlsxwriter (1.1.4) frees the workbook but
		 * leaves the worksheet's temporary file open.  Cleared, in
		 * case a later version closes it itself.
		 */
		if (x->sheet != NULL && x->sheet->optimize_tmpfile != NULL) {
			fclose(x->sheet->optimize_tmpfile);
			x->sheet->optimize_tmpfile = NULL;
			x->sheet->file = NULL;
		}
		lxw_workbook_free(x->workbook);
	}
	if (x->c_locale != (locale_t)0)
		freelocale(x->c_locale);
	free(x->formats);
	free(x->widths);
	free(x->cell);
	free(x->name);
	free(x);
}

static const struct sink_ops xlsx_ops = {
	.row = xlsx_row,
	.finish = xlsx_finish,
	.free = xlsx_free,
};

/*
 * The worksheet, its frozen header row of bold labels, and no warnings
 * about numbers stored as text: IDs such as "007" are text on purpose.
 */
static lxw_error
start_sheet(struct xlsx_sink *x, const char *sheet_name, enum lang lang)
{
	const struct out_schema *schema = x->base.schema;
	lxw_format *bold;
	const char *label;
	lxw_error err;
	size_t c;

	if ((err = workbook_validate_sheet_name(x->workbook, sheet_name)) !=
	    LXW_NO_ERROR)
		return err;
	/* Fails for want of memory or of its temporary file. */
	errno = 0;
	if ((x->sheet = workbook_add_worksheet(x->workbook, sheet_name)) ==
	    NULL)
		return errno == ENOMEM ? LXW_ERROR_MEMORY_MALLOC_FAILED :
		    LXW_ERROR_CREATING_TMPFILE;
	if ((bold = workbook_add_format(x->workbook)) == NULL)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	format_set_bold(bold);
	worksheet_freeze_panes(x->sheet, 1, 0);
	if ((err = worksheet_ignore_errors(x->sheet,
	    LXW_IGNORE_NUMBER_STORED_AS_TEXT, "A1:XFD1048576")) !=
	    LXW_NO_ERROR)
		return err;
	for (c = 0; c < schema->count; c++) {
		label = schema_label(&schema->columns[c], lang);
		x->widths[c] = xlsxfmt_text_width(label, strlen(label)) +
		    FILTER_BUTTON_WIDTH;
		if ((err = worksheet_write_string(x->sheet, 0, (lxw_col_t)c,
		    label, bold)) != LXW_NO_ERROR)
			return err;
	}
	x->rows = 1;
	return LXW_NO_ERROR;
}

/*
 * In constant-memory mode libxlsxwriter keeps one row in memory and the
 * rest in temporary files in $TMPDIR (or /tmp), the worksheet's XML: some
 * 1000 bytes a results row, as it copies them once more before zipping.
 * So a million-row output costs no more memory than a short one.  Strings
 * are written inline, not shared.
 */
struct sink *
sink_xlsx_new(const char *path, const char *name, const char *sheet_name,
    const struct out_schema *schema, enum lang lang, struct diag *d)
{
	lxw_workbook_options options = { .constant_memory = LXW_TRUE };
	struct xlsx_sink *x;
	lxw_error err;
	locale_t old;

	if ((x = calloc(1, sizeof *x)) == NULL) {
		diag_out_of_memory(d);
		return NULL;
	}
	x->base.ops = &xlsx_ops;
	x->base.schema = schema;
	x->diag = d;
	if ((x->name = strdup(name)) == NULL ||
	    (x->widths = calloc(schema->count, sizeof *x->widths)) == NULL ||
	    (x->c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0)) ==
	    (locale_t)0) {
		diag_out_of_memory(d);
		xlsx_free(&x->base);
		return NULL;
	}
	old = uselocale(x->c_locale);
	if ((x->workbook = workbook_new_opt(path, &options)) == NULL)
		err = LXW_ERROR_MEMORY_MALLOC_FAILED;
	else
		err = start_sheet(x, sheet_name, lang);
	uselocale(old);
	if (err != LXW_NO_ERROR) {
		fail(x, err);
		xlsx_free(&x->base);
		return NULL;
	}
	return &x->base;
}

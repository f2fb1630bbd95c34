#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "array.h"
#include "diag.h"
#include "i18n.h"
#include "source.h"
#include "text.h"
#include "xlnum.h"
#include "xlsx_cells.h"
#include "xlsx_sst.h"
#include "xlsx_string.h"
#include "xlsx_xml.h"
#include "xlsx_zip.h"

#define MAX_ROW		1048576UL	/* a worksheet's last row */
#define CELL_NAME_SIZE	16		/* "XFD1048576" and more */
/* A batch is handed over when a row ends past any of these. */
#define BATCH_RECORDS	256
#define BATCH_CELLS	65536
#define BATCH_TEXT	(1024 * 1024)

/* What the t attribute of a cell says its value is. */
enum value_type {
	VALUE_NUMBER,		/* t="n", or none */
	VALUE_SHARED,		/* t="s": a number in the table of texts */
	VALUE_INLINE,		/* t="inlineStr": <is> */
	VALUE_TEXT,		/* t="str" (a formula's), t="d" (ISO date) */
	VALUE_BOOL,		/* t="b" */
	VALUE_ERROR,		/* t="e" */
};

/*
 * A cell of the batch: its text is at s when that outlives the batch (the
 * table of texts, a constant), else at offset in the batch's text, which
 * may move until the batch is handed over.
 */
struct pending_cell {
	const char	*s;
	size_t		 offset, len;
	enum cell_kind	 kind;
};

struct pending_record {
	size_t		 first, count;	/* in the batch's cells */
	unsigned long	 row;
};

struct sheet {
	struct xlsx_zip	*zip;
	const struct xlsx_sst *sst;
	const struct source_target *target;

	bool		 in_row;
	unsigned long	 row;		/* the current or last row, or 0 */
	unsigned long	 column;	/* the row's last cell's, or 0 */
	size_t		 row_first;	/* the row's first cell in the batch */
	size_t		 filled;	/* its cells, to the last with text */

	bool		 in_cell;
	enum value_type	 type;
	bool		 has_inline;
	struct xlsx_string value;	/* <v> */
	struct xlsx_string inline_text;	/* <is> */

	/* The batch: complete records, then the current row's cells. */
	char		*text;
	size_t		 text_len, text_cap;
	struct pending_cell *cells;
	size_t		 cells_len, cells_cap;
	struct pending_record *records;
	size_t		 records_len, records_cap;

	/* The batch as the target sees it. */
	struct cell	*out_cells;
	size_t		 out_cells_cap;
	struct record	*out_records;
	size_t		 out_records_cap;
};

/* "F12". */
static const char *
cell_name(char out[CELL_NAME_SIZE], unsigned long column, unsigned long row)
{
	char letters[8];
	size_t n = 0, i;

	while (column > 0 && n < sizeof letters) {
		letters[n++] = (char)('A' + (column - 1) % 26);
		column = (column - 1) / 26;
	}
	for (i = 0; i < n; i++)
		out[i] = letters[n - 1 - i];
	snprintf(out + n, CELL_NAME_SIZE - n, "%lu", row);
	return out;
}

/* Hand the complete records of the batch to the target. */
static int
deliver(struct sheet *sh)
{
	size_t i;
	int status;

	if (sh->records_len == 0)
		return 0;
	if (!array_reserve(&sh->out_cells, &sh->out_cells_cap, sh->cells_len,
	    sizeof *sh->out_cells) ||
	    !array_reserve(&sh->out_records, &sh->out_records_cap,
	    sh->records_len, sizeof *sh->out_records))
		return xlsx_zip_no_memory(sh->zip);
	for (i = 0; i < sh->cells_len; i++) {
		const struct pending_cell *p = &sh->cells[i];

		sh->out_cells[i].s = p->s != NULL ? p->s :
		    sh->text + p->offset;
		sh->out_cells[i].len = p->len;
		sh->out_cells[i].kind = p->kind;
	}
	for (i = 0; i < sh->records_len; i++) {
		sh->out_records[i].cells = sh->out_cells +
		    sh->records[i].first;
		sh->out_records[i].count = sh->records[i].count;
		sh->out_records[i].line = sh->records[i].row;
		sh->out_records[i].row = sh->records[i].row;
	}
	status = sh->target->records(sh->target->ctx, sh->out_records,
	    sh->records_len);
	sh->records_len = 0;
	sh->cells_len = 0;
	sh->text_len = 0;
	return status;
}

/* The worksheet's before_message: what was read comes first. */
static int
deliver_first(void *ctx)
{
	return deliver(ctx);
}

/* Stop at a structural problem, reported at the row. */
#define fail(sh, x, row, ...) \
	xlsx_xml_stop((x), xlsx_zip_fail((sh)->zip, (row), EX_DATAERR, \
	    __VA_ARGS__))

static void
no_memory(struct sheet *sh, struct xlsx_xml *x)
{
	xlsx_xml_stop(x, xlsx_zip_no_memory(sh->zip));
}

/* A row number: 1 to MAX_ROW in decimal digits, or 0. */
static unsigned long
parse_row(const char *s)
{
	unsigned long n = 0;

	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		n = n * 10 + (unsigned long)(*s - '0');
		if (n > MAX_ROW)
			return 0;
	}
	return n;
}

/*
 * A cell reference, "F12".  The column saturates just past the last, so
 * that "XFE1" and "AAAAA1" are both beyond it.  False if ref is not one.
 */
static bool
parse_ref(const char *ref, unsigned long *column, unsigned long *row)
{
	unsigned long c = 0;
	const char *s = ref;

	for (; *s >= 'A' && *s <= 'Z'; s++)
		if (c <= SOURCE_MAX_COLUMNS)
			c = c * 26 + (unsigned long)(*s - 'A' + 1);
	if (s == ref || (*row = parse_row(s)) == 0)
		return false;
	*column = c;
	return true;
}

static void
start_row(struct sheet *sh, struct xlsx_xml *x, const char **attrs)
{
	char excerpt[TEXT_EXCERPT_SIZE], next[TEXT_UNSIGNED_SIZE];
	const char *r = xlsx_xml_attr(attrs, "r");
	unsigned long row = r != NULL ? parse_row(r) : sh->row + 1;

	if (row == 0 || row > MAX_ROW) {
		if (r == NULL) {
			text_format_unsigned(next, row);
			r = next;
		}
		fail(sh, x, 0, _("a row has the number \"%s\", which no "
		    "worksheet has; the workbook is damaged: save it again "
		    "from the spreadsheet program"),
		    text_excerpt(excerpt, r, strlen(r)));
		return;
	}
	if (row == sh->row) {
		fail(sh, x, row, _("row %lu appears twice; the workbook is "
		    "damaged: save it again from the spreadsheet program"),
		    row);
		return;
	}
	if (row < sh->row) {
		fail(sh, x, row, _("row %lu comes after row %lu; the workbook "
		    "is damaged: save it again from the spreadsheet program"),
		    row, sh->row);
		return;
	}
	sh->in_row = true;
	sh->row = row;
	sh->column = 0;
	sh->row_first = sh->cells_len;
	sh->filled = 0;
}

static bool
parse_type(const char *t, enum value_type *type)
{
	static const struct {
		const char	*name;
		enum value_type	 type;
	} types[] = {
		{ "n", VALUE_NUMBER }, { "s", VALUE_SHARED },
		{ "inlineStr", VALUE_INLINE }, { "str", VALUE_TEXT },
		{ "d", VALUE_TEXT }, { "b", VALUE_BOOL }, { "e", VALUE_ERROR },
	};
	size_t i;

	if (t == NULL) {
		*type = VALUE_NUMBER;
		return true;
	}
	for (i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(t, types[i].name) == 0) {
			*type = types[i].type;
			return true;
		}
	return false;
}

/* The cell's column, or 0 once the reading has failed. */
static unsigned long
cell_column(struct sheet *sh, struct xlsx_xml *x, const char **attrs)
{
	char excerpt[TEXT_EXCERPT_SIZE], name[CELL_NAME_SIZE];
	char before[CELL_NAME_SIZE];
	const char *r = xlsx_xml_attr(attrs, "r");
	unsigned long column = sh->column + 1, row = sh->row;

	if (r != NULL && !parse_ref(r, &column, &row)) {
		fail(sh, x, sh->row, _("a cell in row %lu has the reference "
		    "\"%s\", which is not one; the workbook is damaged: save "
		    "it again from the spreadsheet program"), sh->row,
		    text_excerpt(excerpt, r, strlen(r)));
		return 0;
	}
	if (column > SOURCE_MAX_COLUMNS) {
		fail(sh, x, sh->row, _("cell %s is beyond column XFD: a "
		    "worksheet has at most 16,384 columns"), r != NULL ?
		    text_excerpt(excerpt, r, strlen(r)) :
		    cell_name(name, column, sh->row));
		return 0;
	}
	if (row == sh->row && column > sh->column)
		return column;
	cell_name(name, column, row);
	if (row != sh->row)
		fail(sh, x, sh->row, _("cell %s is inside row %lu; the "
		    "workbook is damaged: save it again from the spreadsheet "
		    "program"), name, sh->row);
	else if (column == sh->column)
		fail(sh, x, row, _("cell %s appears twice; the workbook is "
		    "damaged: save it again from the spreadsheet program"),
		    name);
	else
		fail(sh, x, row, _("cell %s comes after cell %s; the workbook "
		    "is damaged: save it again from the spreadsheet program"),
		    name, cell_name(before, sh->column, row));
	return 0;
}

static void
start_cell(struct sheet *sh, struct xlsx_xml *x, const char **attrs)
{
	char excerpt[TEXT_EXCERPT_SIZE], name[CELL_NAME_SIZE];
	const char *t;
	unsigned long column;

	if ((column = cell_column(sh, x, attrs)) == 0)
		return;
	sh->column = column;
	t = xlsx_xml_attr(attrs, "t");
	if (!parse_type(t, &sh->type)) {
		fail(sh, x, sh->row, _("cell %s has the type \"%s\", which "
		    "kaoping does not know; save the workbook again from the "
		    "spreadsheet program"), cell_name(name, column, sh->row),
		    text_excerpt(excerpt, t, strlen(t)));
		return;
	}
	sh->in_cell = true;
	sh->has_inline = false;
	xlsx_string_clear(&sh->value);
	xlsx_string_clear(&sh->inline_text);
}

/* Add a cell to the row, after empty ones for the columns skipped. */
static bool
add_cell(struct sheet *sh, const char *s, size_t len, bool lasting,
    enum cell_kind kind)
{
	size_t index = sh->column - 1, need;
	struct pending_cell *p;

	need = sh->row_first + index + 1;
	if (!array_reserve(&sh->cells, &sh->cells_cap, need,
	    sizeof *sh->cells))
		return false;
	for (; sh->filled < index; sh->filled++) {
		p = &sh->cells[sh->cells_len++];
		p->s = "";
		p->offset = p->len = 0;
		p->kind = CELL_TEXT;
	}
	p = &sh->cells[sh->cells_len];
	if (lasting) {
		p->s = s;
		p->offset = 0;
	} else {
		if (!array_reserve(&sh->text, &sh->text_cap,
		    sh->text_len + len, 1))
			return false;
		memcpy(sh->text + sh->text_len, s, len);
		p->s = NULL;
		p->offset = sh->text_len;
		sh->text_len += len;
	}
	p->len = len;
	p->kind = kind;
	sh->cells_len++;
	sh->filled++;
	return true;
}

/* The text of shared string item number digits (the cell's <v>). */
static bool
shared_text(struct sheet *sh, struct xlsx_xml *x, const char *digits,
    size_t len, const char **s, size_t *n)
{
	char excerpt[TEXT_EXCERPT_SIZE], name[CELL_NAME_SIZE];
	const struct xlsx_sst_item *item;
	size_t index = 0, i;

	for (i = 0; i < len && digits[i] >= '0' && digits[i] <= '9'; i++)
		if (index <= sh->sst->count)
			index = index * 10 + (size_t)(digits[i] - '0');
	if (i < len || index >= sh->sst->count) {
		fail(sh, x, sh->row, _("cell %s refers to text number \"%s\" "
		    "of the workbook's shared texts, which holds only %zu; "
		    "the workbook is damaged: save it again from the "
		    "spreadsheet program"), cell_name(name, sh->column,
		    sh->row), text_excerpt(excerpt, digits, len),
		    sh->sst->count);
		return false;
	}
	item = &sh->sst->items[index];
	if (item->len > SOURCE_MAX_CELL) {
		fail(sh, x, sh->row, _("cell %s is longer than 64 KiB"),
		    cell_name(name, sh->column, sh->row));
		return false;
	}
	*s = item->len > 0 ? sh->sst->text + item->offset : "";
	*n = item->len;
	return true;
}

/*
 * The cell's text by its type.  A number is shown as Excel shows it;
 * what a type cannot hold ends the reading.
 */
static void
end_cell(struct sheet *sh, struct xlsx_xml *x)
{
	char shown[XLNUM_SIZE], excerpt[TEXT_EXCERPT_SIZE];
	char name[CELL_NAME_SIZE];
	const struct xlsx_string *from = sh->type == VALUE_INLINE &&
	    sh->has_inline ? &sh->inline_text : &sh->value;
	const char *s = from->s;
	size_t len = from->len;
	bool lasting = false;
	enum cell_kind kind = CELL_TEXT;

	sh->in_cell = false;
	if (from->too_long) {
		fail(sh, x, sh->row, _("cell %s is longer than 64 KiB"),
		    cell_name(name, sh->column, sh->row));
		return;
	}
	text_trim(&s, &len);
	if (len == 0)
		return;
	switch (sh->type) {
	case VALUE_NUMBER:
		kind = CELL_NUMBER;
		if ((len = xlnum_shown(s, len, shown)) == 0) {
			fail(sh, x, sh->row, _("cell %s holds \"%s\" as a "
			    "number, which no spreadsheet can hold; the "
			    "workbook is damaged: save it again from the "
			    "spreadsheet program"), cell_name(name,
			    sh->column, sh->row),
			    text_excerpt(excerpt, from->s, from->len));
			return;
		}
		s = shown;
		break;
	case VALUE_SHARED:
		if (!shared_text(sh, x, s, len, &s, &len))
			return;
		lasting = true;
		text_trim(&s, &len);
		break;
	case VALUE_BOOL:
		kind = CELL_BOOL;
		lasting = true;
		if (len == 1 && (s[0] == '0' || s[0] == '1')) {
			s = s[0] == '1' ? "true" : "false";
			len = strlen(s);
			break;
		}
		fail(sh, x, sh->row, _("cell %s holds \"%s\" as true or "
		    "false, which it is not; the workbook is damaged: save it "
		    "again from the spreadsheet program"),
		    cell_name(name, sh->column, sh->row),
		    text_excerpt(excerpt, s, len));
		return;
	case VALUE_ERROR:
		kind = CELL_ERROR;
		break;
	case VALUE_INLINE:
	case VALUE_TEXT:
		break;
	}
	if (len > 0 && !add_cell(sh, s, len, lasting, kind))
		no_memory(sh, x);
}

static void
end_row(struct sheet *sh, struct xlsx_xml *x)
{
	struct pending_record *r;
	int status;

	sh->in_row = false;
	if (sh->filled == 0)
		return;
	if (!array_reserve(&sh->records, &sh->records_cap,
	    sh->records_len + 1, sizeof *sh->records)) {
		no_memory(sh, x);
		return;
	}
	r = &sh->records[sh->records_len++];
	r->first = sh->row_first;
	r->count = sh->filled;
	r->row = sh->row;
	if ((sh->records_len >= BATCH_RECORDS ||
	    sh->cells_len >= BATCH_CELLS || sh->text_len >= BATCH_TEXT) &&
	    (status = deliver(sh)) != 0)
		xlsx_xml_stop(x, status);
}

static void
on_start(void *ctx, struct xlsx_xml *x, enum xlsx_element e,
    const char **attrs)
{
	struct sheet *sh = ctx;
	enum xlsx_element parent = xlsx_xml_up(x, 1);

	if (e == XE_ROW && parent == XE_SHEETDATA)
		start_row(sh, x, attrs);
	else if (e == XE_C && parent == XE_ROW && sh->in_row)
		start_cell(sh, x, attrs);
	else if (sh->in_cell) {
		if (e == XE_IS && parent == XE_C)
			sh->has_inline = true;
		xlsx_string_start(&sh->value, x, XE_V);
		xlsx_string_start(&sh->inline_text, x, XE_IS);
	}
}

static void
on_text(void *ctx, struct xlsx_xml *x, const char *s, size_t len)
{
	struct sheet *sh = ctx;

	if (sh->in_cell &&
	    (!xlsx_string_text(&sh->value, x, XE_V, s, len) ||
	    !xlsx_string_text(&sh->inline_text, x, XE_IS, s, len)))
		no_memory(sh, x);
}

static void
on_end(void *ctx, struct xlsx_xml *x, enum xlsx_element e)
{
	struct sheet *sh = ctx;

	if (e == XE_C && sh->in_cell)
		end_cell(sh, x);
	else if (e == XE_ROW && sh->in_row)
		end_row(sh, x);
	else if (sh->in_cell) {
		xlsx_string_end(&sh->value, x, XE_V);
		xlsx_string_end(&sh->inline_text, x, XE_IS);
	}
}

int
xlsx_cells_read(struct xlsx_zip *z, const struct xlsx_part *part,
    const struct xlsx_sst *sst, const struct source_target *target)
{
	static const struct xlsx_xml_handlers handlers = {
		on_start, on_end, on_text,
	};
	struct sheet sh;
	int status;

	memset(&sh, 0, sizeof sh);
	sh.zip = z;
	sh.sst = sst;
	sh.target = target;
	z->before_message = deliver_first;
	z->before_ctx = &sh;
	if ((status = xlsx_xml_parse(z, part, &handlers, &sh)) == 0)
		status = deliver(&sh);
	z->before_message = NULL;
	xlsx_string_free(&sh.value);
	xlsx_string_free(&sh.inline_text);
	free(sh.text);
	free(sh.cells);
	free(sh.records);
	free(sh.out_cells);
	free(sh.out_records);
	return status;
}

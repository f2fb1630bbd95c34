#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "array.h"
#include "diag.h"
#include "schema.h"
#include "sink.h"
#include "text.h"

#define BOM	"\xEF\xBB\xBF"

/*
 * Rows are gathered in buf and handed to stdio FLUSH_AT bytes at a time:
 * one call for many rows, not several a cell.
 */
#define FLUSH_AT	(64 * 1024)

struct csv_sink {
	struct sink	 base;
	FILE		*fp;
	const char	*name;
	struct diag	*diag;
	struct csv_style style;
	char		*buf;
	size_t		 len, cap;
	int		 status;
};

/*
 * A text a spreadsheet would run as a formula (CSV injection): it gets a
 * leading ' so that it shows as text (SPEC section 5).
 */
static bool
looks_like_formula(const char *s, size_t len)
{
	return len > 0 && memchr("=+-@\t\r", s[0], 6) != NULL;
}

/* A cell is quoted when it holds a comma, a double quote, CR or LF. */
static bool
needs_quotes(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= ',' && (s[i] == ',' || s[i] == '"' ||
		    s[i] == '\r' || s[i] == '\n'))
			return true;
	return false;
}

/* Append a cell to room for twice its length plus 3. */
static void
put_cell(struct csv_sink *w, const char *s, size_t len, bool guard)
{
	char *o = w->buf + w->len;
	size_t i;

	if (!needs_quotes(s, len)) {
		if (guard)
			*o++ = '\'';
		memcpy(o, s, len);
		w->len = (size_t)(o + len - w->buf);
		return;
	}
	*o++ = '"';
	if (guard)
		*o++ = '\'';
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			*o++ = '"';
		*o++ = s[i];
	}
	*o++ = '"';
	w->len = (size_t)(o - w->buf);
}

static int
fail(struct csv_sink *w, int status)
{
	if (w->status != 0)
		return w->status;
	if (status == EX_OSERR)
		return w->status = diag_out_of_memory(w->diag);
	diag_write_error(w->diag, w->name, errno);
	return w->status = status;
}

static int
flush_rows(struct csv_sink *w)
{
	if (w->len > 0 && fwrite(w->buf, 1, w->len, w->fp) != w->len)
		return fail(w, EX_IOERR);
	w->len = 0;
	return 0;
}

/* guard: text cells that look like formulas get their leading '. */
static int
write_row(struct csv_sink *w, const struct text_span *cells, bool guard)
{
	const struct out_schema *schema = w->base.schema;
	size_t need = w->len + 2, i;

	if (w->status != 0)
		return w->status;
	for (i = 0; i < schema->count; i++)
		need += 2 * cells[i].len + 4;
	if (!array_reserve(&w->buf, &w->cap, need, 1))
		return fail(w, EX_OSERR);
	for (i = 0; i < schema->count; i++) {
		if (i > 0)
			w->buf[w->len++] = ',';
		put_cell(w, cells[i].s, cells[i].len, guard &&
		    schema->columns[i].type == OUT_TEXT &&
		    looks_like_formula(cells[i].s, cells[i].len));
	}
	if (w->style.excel)
		w->buf[w->len++] = '\r';
	w->buf[w->len++] = '\n';
	return w->len >= FLUSH_AT ? flush_rows(w) : 0;
}

static int
csv_row(struct sink *s, const struct text_span *cells)
{
	struct csv_sink *w = (struct csv_sink *)s;

	return write_row(w, cells, !w->style.raw);
}

static int
csv_finish(struct sink *s)
{
	struct csv_sink *w = (struct csv_sink *)s;

	if (w->status == 0 && flush_rows(w) == 0 && fflush(w->fp) != 0)
		return fail(w, EX_IOERR);
	return w->status;
}

static void
csv_free(struct sink *s)
{
	struct csv_sink *w = (struct csv_sink *)s;

	free(w->buf);
	free(w);
}

static const struct sink_ops csv_ops = { csv_row, csv_finish, csv_free };

struct sink *
sink_csv_new(FILE *fp, const char *name, const struct out_schema *schema,
    enum lang lang, const struct csv_style *style, struct diag *d)
{
	struct text_span header[64];
	struct csv_sink *w;
	size_t i;

	if (schema->count > 64 || (w = calloc(1, sizeof *w)) == NULL) {
		diag_out_of_memory(d);
		return NULL;
	}
	w->base.ops = &csv_ops;
	w->base.schema = schema;
	w->fp = fp;
	w->name = name;
	w->diag = d;
	w->style = *style;
	if (style->excel && fwrite(BOM, 1, 3, fp) != 3)
		fail(w, EX_IOERR);
	for (i = 0; i < schema->count; i++) {
		header[i].s = schema_label(&schema->columns[i], lang);
		header[i].len = strlen(header[i].s);
	}
	/* Labels are never guarded: they are kaoping's own. */
	write_row(w, header, false);
	return &w->base;
}

#include <csv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "array.h"
#include "csvparse.h"
#include "i18n.h"
#include "source.h"
#include "text.h"

/*
 * Between calls, libcsv's buffer holds the cell so far and, after a quote
 * in a quoted cell, that quote (it may be the first of two).  Past this
 * many bytes the cell is too long, whatever follows.
 */
#define PARTIAL_CELL_LIMIT	(SOURCE_MAX_CELL + 1)

/*
 * Text goes to libcsv in stretches this long, each parsed the fast way
 * unless it holds a space or a tab (see parse_stretch): a blank here and
 * there slows only its own stretch.
 */
#define STRETCH			4096

struct csvparse {
	struct csv_parser parser;
	struct csv_batch *batch;
	int		 status;	/* 0, or why parsing stopped */
	unsigned long	 lines_ended;	/* line ends consumed so far */
	unsigned long	 rows_ended;	/* of them, those that end a row */
	bool		 after_cr;	/* the last row end was a CR */

	/*
	 * The record being parsed: its cells go straight to the end of the
	 * batch, and move to the next batch if the piece ends first.
	 */
	size_t		 count;		/* cells so far */
	size_t		 record_cells;	/* where they begin in batch->cells */
	size_t		 record_spans;	/* and in batch->spans */
	size_t		 record_bytes;	/* and how many bytes they hold */
	unsigned long	 record_line, record_row;

	csvparse_not_utf8 not_utf8;
	void		*judge;
	bool		 exact_blanks;	/* libcsv asks no_space about blanks */
};

static void	stop_at(struct csvparse *, int status, unsigned long line,
		    unsigned long row, const char *fmt, va_list ap)
		    __attribute__((format(printf, 5, 0)));
static void	fail_here(struct csvparse *, int status, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

void
csv_batch_clear(struct csv_batch *b)
{
	b->cells_len = b->spans_len = b->records_len = 0;
	b->status = 0;
	b->line = b->row = 0;
	b->message[0] = '\0';
	b->last = false;
}

void
csv_batch_free(struct csv_batch *b)
{
	free(b->cells);
	free(b->spans);
	free(b->records);
}

/*
 * The line and row where a problem found now belongs: the first line of
 * the record being parsed, or of the one about to begin.  (A quoted cell
 * still open has not counted its line ends yet.)
 */
static unsigned long
current_line(const struct csvparse *p)
{
	return p->count > 0 ? p->record_line : p->lines_ended + 1;
}

static unsigned long
current_row(const struct csvparse *p)
{
	return p->count > 0 ? p->record_row : p->rows_ended + 1;
}

/* Stop parsing; the message waits in the batch, after its records. */
static void
stop_at(struct csvparse *p, int status, unsigned long line, unsigned long row,
    const char *fmt, va_list ap)
{
	struct csv_batch *b = p->batch;

	if (p->status != 0)
		return;
	p->status = b->status = status;
	b->line = line;
	b->row = line > 0 ? row : 0;
	vsnprintf(b->message, sizeof b->message, fmt, ap);
}

/* A problem at the current record, found inside a libcsv callback. */
static void
fail_here(struct csvparse *p, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	stop_at(p, status, current_line(p), current_row(p), fmt, ap);
	va_end(ap);
}

static void
fail_too_long(struct csvparse *p)
{
	fail_here(p, EX_DATAERR, _("a cell is longer than 64 KiB; is a "
	    "closing double quote missing?"));
}

/* Told by the reader as every source tells it (diag_out_of_memory). */
static void
out_of_memory(struct csvparse *p)
{
	fail_here(p, EX_OSERR, "%s", "");
}

/*
 * Outside libcsv's calls only: whether the cell libcsv is holding is
 * already too long.  A problem found after that is reported as the long
 * cell, as it would have been had the input come in smaller pieces.
 */
static bool
partial_cell_too_long(const struct csvparse *p)
{
	return p->parser.entry_pos > PARTIAL_CELL_LIMIT;
}

void
csvparse_fail(struct csvparse *p, int status, const char *fmt, ...)
{
	va_list ap;

	if (partial_cell_too_long(p)) {
		fail_too_long(p);
		return;
	}
	va_start(ap, fmt);
	stop_at(p, status, current_line(p), current_row(p), fmt, ap);
	va_end(ap);
}

void
csvparse_fail_sheet(struct csvparse *p, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	stop_at(p, status, 0, 0, fmt, ap);
	va_end(ap);
}

void
csvparse_stop(struct csvparse *p, int status)
{
	if (p->status == 0)
		p->status = p->batch->status = status;
}

int
csvparse_status(const struct csvparse *p)
{
	return p->status;
}

/*
 * One pass over a cell, the hottest loop of reading: count its line ends
 * (LF, CRLF and a bare CR each once; only quoted cells hold them) and find
 * the first NUL byte or byte that is not UTF-8.  Returns its offset, or
 * len when the cell is clean.
 */
static size_t
scan_cell(const unsigned char *s, size_t len, unsigned long *line_ends)
{
	unsigned long ends = 0;
	size_t i = 0, n;

	while (i < len) {
		if (s[i] >= 0x80) {
			if ((n = utf8_sequence_length(s + i, len - i)) == 0)
				break;
			i += n;
			continue;
		}
		if (s[i] <= '\r') {	/* NUL, LF and CR are all below 14 */
			if (s[i] == '\0')
				break;
			if (s[i] == '\n' || (s[i] == '\r' &&
			    (i + 1 == len || s[i + 1] != '\n')))
				ends++;
		}
		i++;
	}
	*line_ends = ends;
	return i;
}

/* A cell with a NUL byte, or one that is not UTF-8, at s[bad]. */
static void
bad_cell(struct csvparse *p, const char *s, size_t len, size_t bad)
{
	char excerpt[TEXT_EXCERPT_SIZE];
	const char *message;
	int status;

	text_excerpt(excerpt, s, len);
	if (s[bad] == '\0') {
		fail_here(p, EX_DATAERR, _("a cell holds a NUL byte (\"%s\"): "
		    "this is not text; save the sheet as CSV from the "
		    "spreadsheet"), excerpt);
		return;
	}
	status = p->not_utf8(p->judge, (unsigned char)s[bad], excerpt,
	    &message);
	if (message != NULL)
		fail_here(p, status, "%s", message);
	else
		csvparse_stop(p, status);
}

/* libcsv's cell callback: check, count lines, keep the trimmed cell. */
static void
on_cell(void *data, size_t len, void *ctx)
{
	struct csvparse *p = ctx;
	struct csv_batch *b = p->batch;
	const char *s = data != NULL ? data : "";
	unsigned long line_ends;
	size_t bad;

	if (p->status != 0)
		return;
	if (len > SOURCE_MAX_CELL) {
		fail_too_long(p);
		return;
	}
	if (p->count == SOURCE_MAX_COLUMNS) {
		fail_here(p, EX_DATAERR, _("a record has more than %d cells, "
		    "more than a spreadsheet has columns; is this a score "
		    "sheet?"), SOURCE_MAX_COLUMNS);
		return;
	}
	/* Trimming takes whole characters only: a bad byte stays. */
	text_trim(&s, &len);
	if ((bad = scan_cell((const unsigned char *)s, len, &line_ends)) <
	    len) {
		bad_cell(p, s, len, bad);
		return;
	}
	if (p->count == 0) {
		p->record_line = p->lines_ended + 1;
		p->record_row = p->rows_ended + 1;
	}
	p->lines_ended += line_ends;
	if (!array_reserve(&b->cells, &b->cells_cap, b->cells_len + len, 1) ||
	    !array_reserve(&b->spans, &b->spans_cap, b->spans_len + 1,
	    sizeof *b->spans)) {
		out_of_memory(p);
		return;
	}
	memcpy(b->cells + b->cells_len, s, len);
	b->spans[b->spans_len].offset = b->cells_len;
	b->spans[b->spans_len].len = len;
	b->spans_len++;
	b->cells_len += len;
	p->record_bytes += len;
	p->count++;
}

/* Keep the finished record in the batch, unless its cells are all empty. */
static void
end_record(struct csvparse *p)
{
	struct csv_batch *b = p->batch;
	struct csv_record_span *rec;

	if (p->record_bytes == 0) {
		b->cells_len = p->record_cells;
		b->spans_len = p->record_spans;
	} else if (!array_reserve(&b->records, &b->records_cap,
	    b->records_len + 1, sizeof *b->records)) {
		out_of_memory(p);
		return;
	} else {
		rec = &b->records[b->records_len++];
		rec->first = p->record_spans;
		rec->count = p->count;
		rec->line = p->record_line;
		rec->row = p->record_row;
	}
	p->count = 0;
	p->record_bytes = 0;
	p->record_cells = b->cells_len;
	p->record_spans = b->spans_len;
}

/*
 * libcsv's record callback: c is the CR or LF that ended the record (with
 * no cell: a blank line, or the LF of a CRLF), or -1 at the end of input.
 */
static void
on_record_end(int c, void *ctx)
{
	struct csvparse *p = ctx;
	bool crlf = c == '\n' && p->after_cr && p->count == 0;

	if (p->status != 0)
		return;
	if ((c == '\n' && !crlf) || c == '\r') {
		p->lines_ended++;
		p->rows_ended++;
	}
	p->after_cr = c == '\r';
	if (p->count > 0)
		end_record(p);
}

/*
 * libcsv skips spaces and tabs outside cells, so "\r \n" would look like
 * one CRLF and lose a line, and "a, \"b\"" like a quoted cell.  Treating
 * no byte as a space keeps them in the cells, where text_trim removes
 * them (and a blank line stays blank).
 */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static bool
init_parser(struct csvparse *p)
{
	if (csv_init(&p->parser, CSV_STRICT | CSV_STRICT_FINI |
	    CSV_REPALL_NL) != 0)
		return false;
	csv_set_space_func(&p->parser, no_space);
	p->exact_blanks = true;
	return true;
}

struct csvparse *
csvparse_new(csvparse_not_utf8 not_utf8, void *judge)
{
	struct csvparse *p;

	if ((p = calloc(1, sizeof *p)) == NULL)
		return NULL;
	p->not_utf8 = not_utf8;
	p->judge = judge;
	if (!init_parser(p)) {
		free(p);
		return NULL;
	}
	return p;
}

void
csvparse_free(struct csvparse *p)
{
	if (p == NULL)
		return;
	csv_free(&p->parser);
	free(p);
}

bool
csvparse_restart(struct csvparse *p)
{
	csvparse_not_utf8 not_utf8 = p->not_utf8;
	void *judge = p->judge;

	csv_free(&p->parser);
	memset(p, 0, sizeof *p);
	p->not_utf8 = not_utf8;
	p->judge = judge;
	return init_parser(p);
}

/*
 * A piece ended inside a record: move what it has so far to the start of
 * the next batch (which may be the same one, emptied).  The batch it was
 * in belongs to the delivering side by now, which only reads it.
 */
static void
carry_record(struct csvparse *p, const struct csv_batch *from,
    struct csv_batch *to)
{
	size_t i;

	if (!array_reserve(&to->cells, &to->cells_cap, p->record_bytes, 1) ||
	    !array_reserve(&to->spans, &to->spans_cap, p->count,
	    sizeof *to->spans)) {
		out_of_memory(p);
		return;
	}
	memmove(to->cells, from->cells + p->record_cells, p->record_bytes);
	memmove(to->spans, from->spans + p->record_spans,
	    p->count * sizeof *to->spans);
	for (i = 0; i < p->count; i++)
		to->spans[i].offset -= p->record_cells;
	to->cells_len = p->record_bytes;
	to->spans_len = p->count;
	p->record_cells = p->record_spans = 0;
}

void
csvparse_begin(struct csvparse *p, struct csv_batch *b)
{
	struct csv_batch *from = p->batch;

	csv_batch_clear(b);
	p->batch = b;
	if (p->count > 0 && p->status == 0)
		carry_record(p, from, b);
	else
		p->record_cells = p->record_spans = 0;
}

/* Whether s holds a space or a tab. */
static bool
has_blank(const char *s, size_t len)
{
	return memchr(s, ' ', len) != NULL || memchr(s, '\t', len) != NULL;
}

/*
 * One stretch through libcsv.  no_space costs libcsv a call for every
 * byte of an unquoted cell, and is asked only about a space or a tab:
 * a stretch without one is parsed alike with libcsv's own test, inline.
 */
static void
parse_stretch(struct csvparse *p, const char *s, size_t len)
{
	bool exact = has_blank(s, len);

	if (exact != p->exact_blanks) {
		csv_set_space_func(&p->parser, exact ? no_space : NULL);
		p->exact_blanks = exact;
	}
	if (csv_parse(&p->parser, s, len, on_cell, on_record_end, p) < len &&
	    p->status == 0) {
		if (csv_error(&p->parser) != CSV_EPARSE) {
			out_of_memory(p);
			return;
		}
		/* No excerpt: it would depend on how the input was cut. */
		csvparse_fail(p, EX_DATAERR, _("malformed CSV: a double quote "
		    "inside a cell that does not begin with one, or text "
		    "after a closing quote; a cell that holds a double quote "
		    "must be quoted whole, with the quote doubled"));
		return;
	}
	/*
	 * libcsv grows its cell buffer without bound; stop a cell that has
	 * outgrown the limit before the whole sheet lands in it.
	 */
	if (p->status == 0 && partial_cell_too_long(p))
		fail_too_long(p);
}

void
csvparse_text(struct csvparse *p, const char *s, size_t len)
{
	size_t n;

	while (len > 0 && p->status == 0) {
		n = len < STRETCH ? len : STRETCH;
		parse_stretch(p, s, n);
		s += n;
		len -= n;
	}
}

void
csvparse_end(struct csvparse *p)
{
	if (p->status != 0)
		return;
	/* csv_fini clears the error; its return value is all there is. */
	if (csv_fini(&p->parser, on_cell, on_record_end, p) != 0)
		csvparse_fail(p, EX_DATAERR, _("a quoted cell is never closed: "
		    "a double quote opens it and none closes it before the "
		    "end of the sheet"));
}

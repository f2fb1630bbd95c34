#include <sys/stat.h>

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "array.h"
#include "diag.h"
#include "reader.h"
#include "reader_batch.h"
#include "text.h"

#define BOM		"\xEF\xBB\xBF"

static const char too_long[] = "a cell is longer than 64 KiB; is a closing "
    "double quote missing?";

struct reader {
	const char	*name;
	const char	*encoding;
	struct diag	*diag;
	records_fn	 on_records;
	void		*ctx;
	int		 status;	/* 0, or why reading stopped */

	/* Parsing: bytes in, complete records into *batch. */
	struct batch	*batch;
	struct batch	 own_batch;	/* when no read-ahead thread runs */
	iconv_t		 cd;		/* (iconv_t)-1 when input is UTF-8 */
	char		*convert_in;	/* an incomplete sequence, then input */
	size_t		 convert_in_len, convert_in_cap;
	char		 converted[PIECE];	/* off the stacks, as is: */
	char		 read_buf[PIECE];	/* input when no thread runs */

	unsigned char	 bom[3];	/* leading bytes that may be a BOM */
	size_t		 bom_len;
	bool		 bom_settled;

	struct csv_parser parser;
	bool		 exact_spaces;	/* no_space is libcsv's space test */
	int		 held;		/* a byte not parsed yet, or -1 */
	int		 before_held;	/* the byte before it, or -1 */
	unsigned long	 lines_ended;	/* line ends consumed so far */
	bool		 after_cr;	/* the last record end was a bare CR */

	/*
	 * The record being parsed: its cells go straight to the end of the
	 * batch, and are carried to the next batch if the piece ends first.
	 */
	size_t		 count;		/* cells so far */
	size_t		 record_cells;	/* where they begin in batch->cells */
	size_t		 record_spans;	/* and in batch->spans */
	size_t		 record_bytes;	/* and how many bytes they hold */
	unsigned long	 record_line;

	/* Delivering: a batch's records as the callback sees them. */
	struct field	*fields;
	size_t		 fields_cap;
	struct record	*delivered;
	size_t		 delivered_cap;
};

static void	fail_at(struct reader *, int status, unsigned long line,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A problem at the current line. */
#define fail(r, status, ...) \
	fail_at((r), (status), current_line(r), __VA_ARGS__)

/* The line a problem at this point belongs to: the current record's first. */
static unsigned long
current_line(const struct reader *r)
{
	return r->count > 0 ? r->record_line : r->lines_ended + 1;
}

/* Stop parsing; the message waits in the batch, after its records. */
static void
fail_at(struct reader *r, int status, unsigned long line, const char *fmt,
    ...)
{
	struct batch *b = r->batch;
	va_list ap;

	if (r->status != 0)
		return;
	r->status = b->status = status;
	b->line = line;
	va_start(ap, fmt);
	vsnprintf(b->message, sizeof b->message, fmt, ap);
	va_end(ap);
}

static void
out_of_memory(struct reader *r)
{
	fail(r, EX_OSERR, "out of memory");
}

/*
 * One pass over a cell, the hottest loop of a run: count its line ends
 * (LF, CRLF and a bare CR each once; only quoted cells hold them) and find
 * the first NUL or byte that is not UTF-8.  Returns that byte's offset, or
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

static bool
check_cell(struct reader *r, const char *s, size_t len,
    unsigned long *line_ends)
{
	char excerpt[TEXT_EXCERPT_SIZE];
	size_t bad;

	if (len > READER_MAX_FIELD) {
		fail(r, EX_DATAERR, "%s", too_long);
		return false;
	}
	if ((bad = scan_cell((const unsigned char *)s, len, line_ends)) == len)
		return true;
	if (s[bad] == '\0')
		fail(r, EX_DATAERR, "a cell holds a NUL byte (\"%s\"); "
		    "the sheet must be text", text_excerpt(excerpt, s, len));
	else if (r->cd == (iconv_t)-1)
		fail(r, EX_DATAERR, "invalid UTF-8 (byte 0x%02X in "
		    "\"%s\"); if the sheet was saved by Excel or WPS "
		    "in Chinese, try --encoding GB18030",
		    (unsigned char)s[bad], text_excerpt(excerpt, s, len));
	else
		fail(r, EX_DATAERR, "invalid UTF-8 after conversion "
		    "(byte 0x%02X in \"%s\")", (unsigned char)s[bad],
		    text_excerpt(excerpt, s, len));
	return false;
}

/* libcsv's field callback: check, count lines, keep the trimmed cell. */
static void
on_field(void *data, size_t len, void *ctx)
{
	struct reader *r = ctx;
	struct batch *b = r->batch;
	const char *s = data;
	unsigned long line_ends;

	if (r->status != 0)
		return;
	if (s == NULL)
		s = "";
	/*
	 * Trimmed before it is checked: when libcsv handles spaces itself
	 * (see parse) it drops the blanks around an unquoted cell, and a cell
	 * must be judged and quoted in messages the same either way.
	 */
	text_trim(&s, &len);
	if (!check_cell(r, s, len, &line_ends))
		return;
	if (r->count == 0)
		r->record_line = r->lines_ended + 1;
	r->lines_ended += line_ends;
	if (!array_reserve(&b->cells, &b->cells_cap, b->cells_len + len, 1) ||
	    !array_reserve(&b->spans, &b->spans_cap, b->spans_len + 1,
	    sizeof *b->spans)) {
		out_of_memory(r);
		return;
	}
	memcpy(b->cells + b->cells_len, s, len);
	b->spans[b->spans_len].offset = b->cells_len;
	b->spans[b->spans_len].len = len;
	b->spans_len++;
	b->cells_len += len;
	r->record_bytes += len;
	r->count++;
}

/* Keep the finished record in the batch, unless it is blank. */
static void
end_record(struct reader *r)
{
	struct batch *b = r->batch;
	struct record_span *rec;

	if (r->record_bytes == 0) {
		b->cells_len = r->record_cells;
		b->spans_len = r->record_spans;
	} else if (!array_reserve(&b->records, &b->records_cap,
	    b->records_len + 1, sizeof *b->records)) {
		out_of_memory(r);
		return;
	} else {
		rec = &b->records[b->records_len++];
		rec->first = r->record_spans;
		rec->count = r->count;
		rec->line = r->record_line;
	}
	r->count = 0;
	r->record_bytes = 0;
	r->record_cells = b->cells_len;
	r->record_spans = b->spans_len;
}

/*
 * A piece ended inside a record: move what it has so far to the start of
 * the next batch (which may be the same one, emptied).  The batch it was
 * in belongs to the delivering side by now, which only reads it.
 */
static void
carry_record(struct reader *r, struct batch *from, struct batch *to)
{
	size_t i;

	if (!array_reserve(&to->cells, &to->cells_cap, r->record_bytes, 1) ||
	    !array_reserve(&to->spans, &to->spans_cap, r->count,
	    sizeof *to->spans)) {
		out_of_memory(r);
		return;
	}
	memmove(to->cells, from->cells + r->record_cells, r->record_bytes);
	memmove(to->spans, from->spans + r->record_spans,
	    r->count * sizeof *to->spans);
	for (i = 0; i < r->count; i++)
		to->spans[i].offset -= r->record_cells;
	to->cells_len = r->record_bytes;
	to->spans_len = r->count;
	r->record_cells = r->record_spans = 0;
}

/*
 * Start filling b, which is empty: first the unfinished record, if any.
 * b is the batch from here on, so that a failure is told in it.
 */
static void
begin_batch(struct reader *r, struct batch *b)
{
	struct batch *last = r->batch;

	r->batch = b;
	if (r->count > 0 && r->status == 0)
		carry_record(r, last, b);
	else
		r->record_cells = r->record_spans = 0;
}

/* libcsv's record callback: c is the CR or LF that ended it, -1 at EOF. */
static void
on_record_end(int c, void *ctx)
{
	struct reader *r = ctx;
	bool crlf = c == '\n' && r->after_cr && r->count == 0;

	if (r->status != 0)
		return;
	if ((c == '\n' && !crlf) || c == '\r')
		r->lines_ended++;
	r->after_cr = c == '\r';
	if (r->count > 0)
		end_record(r);
}

/*
 * libcsv skips spaces and tabs between records, so "\r \n" would look like
 * one CRLF and lose a line.  Treating no byte as a space keeps them in the
 * cells, where text_trim removes them (and a blank line stays blank).
 */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* One call to libcsv, and what its return says. */
static void
parse_stretch(struct reader *r, const char *s, size_t len)
{
	if (len == 0 || r->status != 0)
		return;
	if (csv_parse(&r->parser, s, len, on_field, on_record_end, r) < len &&
	    r->status == 0) {
		if (csv_error(&r->parser) != CSV_EPARSE) {
			out_of_memory(r);
			return;
		}
		/* No excerpt: it would depend on how input was cut. */
		fail(r, EX_DATAERR, "malformed CSV: a double quote inside an "
		    "unquoted cell, or text after a closing quote");
		return;
	}
	/*
	 * libcsv grows its cell buffer without bound; stop a cell that has
	 * outgrown the limit before the whole file lands in it.
	 */
	if (r->status == 0 &&
	    csv_get_buffer_size(&r->parser) > READER_MAX_FIELD + PIECE)
		fail(r, EX_DATAERR, "%s", too_long);
}

/*
 * Spaces and tabs outside quotes are cell text here (see no_space), which
 * costs libcsv a call for every byte of an unquoted cell.  Its own way with
 * spaces gives the same trimmed cells and line numbers unless a space or
 * tab touches a double quote or follows a CR.  So input without such a
 * pair is parsed the fast way, and a last byte that could begin one waits
 * until the byte after it is known.
 */
static bool
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static bool
may_begin_pair(unsigned char c)
{
	return c == '"' || c == '\r' || is_blank(c);
}

static bool
spaces_matter(unsigned char a, unsigned char b)
{
	return ((a == '"' || a == '\r') && is_blank(b)) ||
	    (is_blank(a) && b == '"');
}

static bool
holds_space_pair(const char *s, size_t len)
{
	const char *p, *end = s + len;

	for (p = s; (p = memchr(p, '"', (size_t)(end - p))) != NULL; p++)
		if ((p > s && is_blank(p[-1])) ||
		    (p + 1 < end && is_blank(p[1])))
			return true;
	for (p = s; (p = memchr(p, '\r', (size_t)(end - p))) != NULL; p++)
		if (p + 1 < end && is_blank(p[1]))
			return true;
	return false;
}

static void
set_space_handling(struct reader *r, bool exact)
{
	if (exact != r->exact_spaces) {
		csv_set_space_func(&r->parser, exact ? no_space : NULL);
		r->exact_spaces = exact;
	}
}

static bool
byte_pair_matters(int a, int b)
{
	return a >= 0 && b >= 0 &&
	    spaces_matter((unsigned char)a, (unsigned char)b);
}

static void
parse(struct reader *r, const char *s, size_t len)
{
	size_t n, take;
	int held;
	char c;

	while (len > 0 && r->status == 0) {
		n = len < PIECE ? len : PIECE;
		held = r->held;
		/* A held byte is judged by the bytes on both sides of it. */
		set_space_handling(r, byte_pair_matters(r->before_held, held) ||
		    byte_pair_matters(held, (unsigned char)s[0]) ||
		    holds_space_pair(s, n));
		if (held >= 0) {
			c = (char)held;
			r->held = -1;
			parse_stretch(r, &c, 1);
		}
		take = may_begin_pair((unsigned char)s[n - 1]) ? n - 1 : n;
		parse_stretch(r, s, take);
		if (take < n) {
			r->held = (unsigned char)s[n - 1];
			r->before_held = n >= 2 ? (unsigned char)s[n - 2] : held;
		}
		s += n;
		len -= n;
	}
}

/* At the end of input a byte held back has nothing after it. */
static void
parse_held(struct reader *r)
{
	char held;

	if (r->held >= 0) {
		set_space_handling(r, true);
		held = (char)r->held;
		r->held = -1;
		parse_stretch(r, &held, 1);
	}
}

/* Drop a UTF-8 byte-order mark, even when it arrives a byte at a time. */
static void
strip_bom(struct reader *r, const char *s, size_t len)
{
	while (!r->bom_settled && len > 0) {
		if ((unsigned char)*s != (unsigned char)BOM[r->bom_len]) {
			r->bom_settled = true;
			parse(r, (const char *)r->bom, r->bom_len);
			break;
		}
		r->bom[r->bom_len++] = (unsigned char)*s++;
		len--;
		if (r->bom_len == 3)
			r->bom_settled = true;
	}
	if (r->bom_settled)
		parse(r, s, len);
}

/* Convert to UTF-8, keeping an incomplete sequence for the next piece. */
static void
convert(struct reader *r, const char *s, size_t len)
{
	char *in, *o;
	size_t in_left, out_left, rc;
	int error;

	if (!array_reserve(&r->convert_in, &r->convert_in_cap,
	    r->convert_in_len + len, 1)) {
		out_of_memory(r);
		return;
	}
	memcpy(r->convert_in + r->convert_in_len, s, len);
	in = r->convert_in;
	in_left = r->convert_in_len + len;
	while (in_left > 0 && r->status == 0) {
		o = r->converted;
		out_left = sizeof r->converted;
		rc = iconv(r->cd, &in, &in_left, &o, &out_left);
		error = errno;
		strip_bom(r, r->converted, sizeof r->converted - out_left);
		if (rc != (size_t)-1 || error == E2BIG)
			continue;
		if (error == EINVAL)
			break;
		fail(r, EX_DATAERR, "byte 0x%02X is not valid %s "
		    "(check --encoding)", (unsigned char)*in, r->encoding);
	}
	memmove(r->convert_in, in, in_left);
	r->convert_in_len = in_left;
}

/* At the end of input: no half character, and flush a stateful encoding. */
static void
convert_finish(struct reader *r)
{
	char out[64], *o = out;
	size_t out_left = sizeof out;

	if (r->convert_in_len > 0) {
		fail(r, EX_DATAERR, "the file ends inside a %s character",
		    r->encoding);
		return;
	}
	if (iconv(r->cd, NULL, NULL, &o, &out_left) != (size_t)-1)
		strip_bom(r, out, sizeof out - out_left);
}


struct reader *
reader_new(const char *name, const char *encoding, records_fn on_records,
    void *ctx, struct diag *diag)
{
	struct reader *r;

	if ((r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	r->name = name;
	r->encoding = encoding;
	r->diag = diag;
	r->on_records = on_records;
	r->ctx = ctx;
	r->batch = &r->own_batch;
	r->cd = (iconv_t)-1;
	if (encoding != NULL && !text_equal_nocase(encoding, strlen(encoding),
	    "UTF-8") && !text_equal_nocase(encoding, strlen(encoding), "UTF8")) {
		if ((r->cd = iconv_open("UTF-8", encoding)) == (iconv_t)-1) {
			free(r);
			return NULL;
		}
	}
	if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI |
	    CSV_REPALL_NL) != 0) {
		reader_free(r);
		return NULL;
	}
	csv_set_space_func(&r->parser, no_space);
	r->exact_spaces = true;
	r->held = r->before_held = -1;
	return r;
}

/* Parse a piece of input into the current batch. */
static void
fill(struct reader *r, const void *buf, size_t len)
{
	if (r->status != 0)
		return;
	if (r->cd != (iconv_t)-1)
		convert(r, buf, len);
	else
		strip_bom(r, buf, len);
}

/* The end of input: what is left in iconv, the BOM buffer and libcsv. */
static void
fill_end(struct reader *r)
{
	if (r->cd != (iconv_t)-1 && r->status == 0)
		convert_finish(r);
	if (!r->bom_settled && r->status == 0) {
		r->bom_settled = true;
		parse(r, (const char *)r->bom, r->bom_len);
	}
	parse_held(r);
	if (r->status != 0)
		return;
	/* Read the error before csv_fini, which clears it. */
	if (csv_fini(&r->parser, on_field, on_record_end, r) != 0 &&
	    r->status == 0)
		fail(r, EX_DATAERR, "a quoted cell is never closed (a double "
		    "quote without its closing one)");
}

bool
reader_fill(struct reader *r, struct batch *b, const void *buf, size_t len,
    int read_error)
{
	begin_batch(r, b);
	if (len > 0)
		fill(r, buf, len);
	else if (read_error != 0)
		fail_at(r, EX_IOERR, 0, "read error: %s", strerror(read_error));
	else
		fill_end(r);
	return len == 0 || r->status != 0;
}

int
reader_deliver(struct reader *r, struct batch *b)
{
	struct record *rec;
	size_t i, j;
	int status = 0;

	if (!array_reserve(&r->fields, &r->fields_cap, b->spans_len,
	    sizeof *r->fields) ||
	    !array_reserve(&r->delivered, &r->delivered_cap, b->records_len,
	    sizeof *r->delivered)) {
		diag_error(r->diag, r->name, b->records_len > 0 ?
		    b->records[0].line : 0, "out of memory");
		status = EX_OSERR;
	}
	for (i = 0; i < b->spans_len && status == 0; i++) {
		r->fields[i].data = b->cells + b->spans[i].offset;
		r->fields[i].len = b->spans[i].len;
	}
	for (j = 0; j < b->records_len && status == 0; j++) {
		rec = &r->delivered[j];
		rec->fields = r->fields + b->records[j].first;
		rec->count = b->records[j].count;
		rec->line = b->records[j].line;
	}
	if (status == 0 && b->records_len > 0)
		status = r->on_records(r->ctx, r->delivered, b->records_len);
	if (status == 0 && b->status != 0) {
		diag_error(r->diag, r->name, b->line, "%s", b->message);
		status = b->status;
	}
	b->cells_len = b->spans_len = b->records_len = 0;
	b->status = 0;
	return status;
}

int
reader_each(const struct record *recs, size_t count, record_fn fn, void *ctx)
{
	size_t i;
	int status;

	for (i = 0; i < count; i++)
		if ((status = fn(ctx, &recs[i])) != 0)
			return status;
	return 0;
}

int
reader_feed(struct reader *r, const void *buf, size_t len)
{
	int status;

	if (r->status != 0)
		return r->status;
	begin_batch(r, &r->own_batch);
	fill(r, buf, len);
	if ((status = reader_deliver(r, r->batch)) != 0)
		r->status = status;
	return r->status;
}

int
reader_finish(struct reader *r)
{
	int status;

	if (r->status != 0)
		return r->status;
	begin_batch(r, &r->own_batch);
	fill_end(r);
	if ((status = reader_deliver(r, r->batch)) != 0)
		r->status = status;
	return r->status;
}

FILE *
reader_open(const char *path, struct diag *d)
{
	struct stat st;
	FILE *fp;

	if (strcmp(path, "-") == 0)
		return stdin;
	if ((fp = fopen(path, "rb")) == NULL) {
		diag_error(d, path, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		diag_error(d, path, 0, "cannot open: it is a directory");
		fclose(fp);
		return NULL;
	}
	return fp;
}

const char *
reader_display_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

void
batch_free(struct batch *b)
{
	free(b->cells);
	free(b->spans);
	free(b->records);
}

int
reader_read_stream(struct reader *r, FILE *fp)
{
	size_t n;
	bool last;
	int status;

	if (r->status != 0)
		return r->status;
	if (reader_read_ahead(r, fp, &status)) {
		r->batch = &r->own_batch;
		return r->status = status;
	}
	/* No thread to be had (a tight memory limit): read in this one. */
	do {
		n = fread(r->read_buf, 1, sizeof r->read_buf, fp);
		last = reader_fill(r, &r->own_batch, r->read_buf, n,
		    n == 0 && ferror(fp) ? errno : 0);
		if ((status = reader_deliver(r, &r->own_batch)) != 0)
			return r->status = status;
	} while (!last);
	return 0;
}

void
reader_free(struct reader *r)
{
	if (r == NULL)
		return;
	csv_free(&r->parser);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->convert_in);
	batch_free(&r->own_batch);
	free(r->fields);
	free(r->delivered);
	free(r);
}

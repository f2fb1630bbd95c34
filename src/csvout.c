#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "text.h"

void
csvout_init(struct csvout *w, FILE *fp, bool excel, bool raw)
{
	csvout_init_memory(w, excel, raw);
	w->fp = fp;
	w->buf = w->row;
	w->cap = sizeof w->row;
	if (excel)
		fputs("\xEF\xBB\xBF", fp);
}

void
csvout_init_memory(struct csvout *w, bool excel, bool raw)
{
	w->fp = NULL;
	w->raw = raw;
	w->eol = excel ? "\r\n" : "\n";
	w->in_row = false;
	w->buf = NULL;
	w->len = w->cap = 0;
	w->failed = false;
}

const char *
csvout_memory(const struct csvout *w, size_t *len)
{
	*len = w->len;
	return w->buf;
}

void
csvout_memory_clear(struct csvout *w)
{
	w->len = 0;
}

bool
csvout_memory_ok(const struct csvout *w)
{
	return !w->failed;
}

void
csvout_free(struct csvout *w)
{
	if (w->fp == NULL)
		free(w->buf);
	w->buf = NULL;
	w->len = w->cap = 0;
}

bool
csvout_looks_like_formula(const char *s, size_t len)
{
	if (len == 0)
		return false;
	switch (s[0]) {
	case '=': case '+': case '-': case '@': case '\t': case '\r':
		return true;
	default:
		return false;
	}
}

/* The bytes that make a cell need quotes, looked up once per byte. */
static const bool quote_trigger[256] = {
	[','] = true, ['"'] = true, ['\r'] = true, ['\n'] = true,
};

static bool
needs_quotes(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (quote_trigger[(unsigned char)s[i]])
			return true;
	return false;
}

/*
 * Make room for n more bytes in buf: a FILE's row so far goes to stdio, a
 * writer in memory grows.  False if there still is no room (a FILE's cell
 * longer than the row buffer; memory ran out).
 */
static bool
make_room(struct csvout *w, size_t n)
{
	size_t cap;
	char *buf;

	if (w->fp != NULL) {
		fwrite_unlocked(w->buf, 1, w->len, w->fp);
		w->len = 0;
		return n <= w->cap;
	}
	cap = w->cap == 0 ? 64 * 1024 : w->cap;
	while (cap - w->len < n)
		cap *= 2;
	if ((buf = realloc(w->buf, cap)) == NULL) {
		w->failed = true;
		return false;
	}
	w->buf = buf;
	w->cap = cap;
	return true;
}

static void
put(struct csvout *w, const char *s, size_t len)
{
	if (len > w->cap - w->len && !make_room(w, len)) {
		if (w->fp != NULL)
			fwrite_unlocked(s, 1, len, w->fp);
		return;
	}
	memcpy(w->buf + w->len, s, len);
	w->len += len;
}

static void
put_char(struct csvout *w, char c)
{
	if (w->len == w->cap && !make_room(w, 1))
		return;
	w->buf[w->len++] = c;
}

static void
put_cell(struct csvout *w, const char *s, size_t len, bool guard)
{
	const char *quote;
	bool quoted;
	char *out;
	size_t i;

	if (w->in_row)
		put_char(w, ',');
	w->in_row = true;
	/* Most cells: copy straight into the row, checking each byte once. */
	if (!guard && len <= w->cap - w->len) {
		out = w->buf + w->len;
		for (i = 0; i < len && !quote_trigger[(unsigned char)s[i]]; i++)
			out[i] = s[i];
		if (i == len) {
			w->len += len;
			return;
		}
	}
	quoted = needs_quotes(s, len);
	if (quoted)
		put_char(w, '"');
	if (guard)
		put_char(w, '\'');
	if (!quoted) {
		put(w, s, len);
		return;
	}
	/* Double every quote; line breaks inside the cell are kept as found. */
	while ((quote = memchr(s, '"', len)) != NULL) {
		put(w, s, (size_t)(quote - s) + 1);
		put_char(w, '"');
		len -= (size_t)(quote - s) + 1;
		s = quote + 1;
	}
	put(w, s, len);
	put_char(w, '"');
}

void
csvout_text(struct csvout *w, const char *s, size_t len)
{
	put_cell(w, s, len, !w->raw && csvout_looks_like_formula(s, len));
}

void
csvout_text_z(struct csvout *w, const char *s)
{
	csvout_text(w, s, strlen(s));
}

void
csvout_number(struct csvout *w, const char *s, size_t len)
{
	put_cell(w, s, len, false);
}

void
csvout_unsigned(struct csvout *w, unsigned long n)
{
	char buf[TEXT_UNSIGNED_SIZE];
	size_t len = text_format_unsigned(buf, n);

	csvout_number(w, buf, len);
}

void
csvout_end_row(struct csvout *w)
{
	put(w, w->eol, strlen(w->eol));
	if (w->fp != NULL) {
		fwrite_unlocked(w->buf, 1, w->len, w->fp);
		w->len = 0;
	}
	w->in_row = false;
}

void
csvout_row(struct csvout *w, const char *const *cells, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		csvout_text_z(w, cells[i]);
	csvout_end_row(w);
}

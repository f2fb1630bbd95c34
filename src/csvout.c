#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "csvout.h"
#include "text.h"

void
csvout_init(struct csvout *w, FILE *fp, bool excel, bool raw)
{
	csvout_init_memory(w, excel, raw);
	w->fp = fp;
	if (excel)
		fputs("\xEF\xBB\xBF", fp);
}

void
csvout_init_memory(struct csvout *w, bool excel, bool raw)
{
	w->fp = NULL;
	w->raw = raw;
	w->eol = excel ? "\r\n" : "\n";
	w->eol_len = strlen(w->eol);
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

void
csvout_memory_keep(struct csvout *w, const struct csvout_range *keep,
    size_t n)
{
	size_t i, len = 0;

	for (i = 0; i < n; i++) {
		if (keep[i].start != len)
			memmove(w->buf + len, w->buf + keep[i].start,
			    keep[i].end - keep[i].start);
		len += keep[i].end - keep[i].start;
	}
	w->len = len;
}

bool
csvout_ok(const struct csvout *w)
{
	return !w->failed;
}

void
csvout_free(struct csvout *w)
{
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

char *
csvout_format_text(char *out, const char *s, size_t len, bool guard)
{
	bool quoted;
	size_t i;

	/* Most cells: copied as they are, each byte checked once. */
	if (!guard) {
		for (i = 0; i < len && !quote_trigger[(unsigned char)s[i]]; i++)
			out[i] = s[i];
		if (i == len)
			return out + len;
	}
	quoted = needs_quotes(s, len);
	if (quoted)
		*out++ = '"';
	if (guard)
		*out++ = '\'';
	/* Double every quote; line breaks inside the cell are kept as found. */
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			*out++ = '"';
		*out++ = s[i];
	}
	if (quoted)
		*out++ = '"';
	return out;
}

bool
csvout_guards(const struct csvout *w, const char *s, size_t len)
{
	return !w->raw && csvout_looks_like_formula(s, len);
}

char *
csvout_reserve(struct csvout *w, size_t n)
{
	if (w->failed)
		return NULL;
	if (n > SIZE_MAX - w->len - w->eol_len ||
	    !array_reserve(&w->buf, &w->cap, w->len + n + w->eol_len, 1)) {
		w->failed = true;
		return NULL;
	}
	return w->buf + w->len;
}

void
csvout_advance(struct csvout *w, char *end)
{
	w->len = (size_t)(end - w->buf);
	w->in_row = true;
}

/* A cell of len bytes at most, with its separator: where to write it. */
static char *
begin_cell(struct csvout *w, size_t len)
{
	char *out = csvout_reserve(w, CSVOUT_CELL_ROOM(len) + 1);

	if (out != NULL && w->in_row)
		*out++ = ',';
	return out;
}

static void
put_cell(struct csvout *w, const char *s, size_t len, bool guard)
{
	char *out = begin_cell(w, len);

	if (out != NULL)
		csvout_advance(w, csvout_format_text(out, s, len, guard));
}

void
csvout_text(struct csvout *w, const char *s, size_t len)
{
	put_cell(w, s, len, csvout_guards(w, s, len));
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
	char *out = begin_cell(w, TEXT_UNSIGNED_SIZE);

	if (out != NULL)
		csvout_advance(w, out + text_format_unsigned(out, n));
}

void
csvout_end_row(struct csvout *w)
{
	/* csvout_reserve always keeps room for the line end. */
	if (csvout_reserve(w, 0) == NULL)
		return;
	memcpy(w->buf + w->len, w->eol, w->eol_len);
	w->len += w->eol_len;
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

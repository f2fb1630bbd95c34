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
	w->len = 0;
	w->mem = NULL;
	w->mem_len = w->mem_cap = 0;
	w->mem_failed = false;
}

const char *
csvout_memory(const struct csvout *w, size_t *len)
{
	*len = w->mem_len;
	return w->mem;
}

void
csvout_memory_clear(struct csvout *w)
{
	w->mem_len = 0;
}

bool
csvout_memory_ok(const struct csvout *w)
{
	return !w->mem_failed;
}

void
csvout_free(struct csvout *w)
{
	free(w->mem);
	w->mem = NULL;
	w->mem_len = w->mem_cap = 0;
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

static void
append_to_memory(struct csvout *w, const char *s, size_t len)
{
	size_t cap = w->mem_cap == 0 ? 64 * 1024 : w->mem_cap;
	char *mem;

	while (cap - w->mem_len < len)
		cap *= 2;
	if (cap != w->mem_cap) {
		if ((mem = realloc(w->mem, cap)) == NULL) {
			w->mem_failed = true;
			return;
		}
		w->mem = mem;
		w->mem_cap = cap;
	}
	memcpy(w->mem + w->mem_len, s, len);
	w->mem_len += len;
}

static void
write_out(struct csvout *w, const char *s, size_t len)
{
	if (w->fp != NULL)
		fwrite_unlocked(s, 1, len, w->fp);
	else
		append_to_memory(w, s, len);
}

static void
flush_row(struct csvout *w)
{
	write_out(w, w->buf, w->len);
	w->len = 0;
}

static void
put(struct csvout *w, const char *s, size_t len)
{
	if (len > sizeof w->buf - w->len) {
		flush_row(w);
		if (len > sizeof w->buf) {
			write_out(w, s, len);
			return;
		}
	}
	memcpy(w->buf + w->len, s, len);
	w->len += len;
}

static void
put_char(struct csvout *w, char c)
{
	if (w->len == sizeof w->buf)
		flush_row(w);
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
	if (!guard && len <= sizeof w->buf - w->len) {
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
	flush_row(w);
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

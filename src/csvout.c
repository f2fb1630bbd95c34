#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "csvout.h"
#include "text.h"

void
csvout_init(struct csvout *w, FILE *fp, bool excel, bool raw)
{
	w->fp = fp;
	w->raw = raw;
	w->eol = excel ? "\r\n" : "\n";
	w->in_row = false;
	if (excel)
		fputs("\xEF\xBB\xBF", fp);
}

bool
csvout_looks_like_formula(const char *s, size_t len)
{
	return len > 0 && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

static bool
needs_quotes(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return true;
	return false;
}

/*
 * The unlocked stdio calls are safe (one thread) and spare a lock per
 * character on a path taken for every cell of every row.
 */
static void
put_cell(struct csvout *w, const char *s, size_t len, bool guard)
{
	const char *quote;
	bool quoted = needs_quotes(s, len);

	if (w->in_row)
		putc_unlocked(',', w->fp);
	w->in_row = true;
	if (quoted)
		putc_unlocked('"', w->fp);
	if (guard)
		putc_unlocked('\'', w->fp);
	if (!quoted) {
		fwrite_unlocked(s, 1, len, w->fp);
		return;
	}
	/* Double every quote; line breaks inside the cell are kept as found. */
	while ((quote = memchr(s, '"', len)) != NULL) {
		fwrite_unlocked(s, 1, (size_t)(quote - s) + 1, w->fp);
		putc_unlocked('"', w->fp);
		len -= (size_t)(quote - s) + 1;
		s = quote + 1;
	}
	fwrite_unlocked(s, 1, len, w->fp);
	putc_unlocked('"', w->fp);
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
	fputs(w->eol, w->fp);
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

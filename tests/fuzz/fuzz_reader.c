/*
 * Fuzz target for the record reader (include/reader.h).
 *
 * The input is read as UTF-8; when its first byte is odd, the rest is also
 * read as GB18030.  For each reading:
 *
 *  - the transcript (records with their lines, diagnostics, final status)
 *    of the whole input must equal the transcript of the same input fed in
 *    pieces of size k, for several k derived from the input;
 *  - record lines must strictly increase, each at least 1 and at most
 *    1 + the number of line ends (LF, CRLF, bare CR) in the input, and a
 *    diagnostic's line must lie in the same range and not before the last
 *    record delivered.
 *
 * For UTF-8 input without any double quote (and without NUL bytes or bad
 * UTF-8), the records are fully determined by SPEC sections 2 and 7: lines
 * end at LF, CRLF or a bare CR, cells are split at commas and trimmed of
 * the trim set (space, tab, U+3000, U+00A0, U+FEFF, U+200B), rows of
 * empty cells are skipped.  Such input is
 * also checked against that simple model, records and lines exactly.
 *
 * Any violation prints both sides and calls abort().
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "reader.h"
#include "reader_transcript.h"

#define MODEL_MAX_INPUT	(60 * 1024)	/* below READER_MAX_FIELD */

static void
fail_with(const char *what, const char *input, size_t len,
    const char *encoding, const char *a, size_t alen, const char *b,
    size_t blen)
{
	fprintf(stderr, "\n*** fuzz_reader: %s (encoding %s, %zu input "
	    "bytes)\n", what, encoding != NULL ? encoding : "UTF-8", len);
	fprintf(stderr, "--- input (C string) ---\n\"");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)input[i];

		if (c == '\\' || c == '"')
			fprintf(stderr, "\\%c", c);
		else if (c >= 0x20 && c < 0x7F)
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02X\"\"", c);
	}
	fprintf(stderr, "\"\n");
	if (a != NULL) {
		fprintf(stderr, "--- expected ---\n");
		fwrite(a, 1, alen, stderr);
		fprintf(stderr, "\n--- got ---\n");
		fwrite(b, 1, blen, stderr);
		fprintf(stderr, "\n");
	}
	abort();
}

/* Line ends as the SPEC counts them: LF, CRLF and a bare CR, once each. */
static unsigned long
count_input_line_ends(const char *s, size_t len)
{
	unsigned long n = 0;

	for (size_t i = 0; i < len; i++)
		if (s[i] == '\n' || (s[i] == '\r' &&
		    (i + 1 == len || s[i + 1] != '\n')))
			n++;
	return n;
}

/*
 * A canonical, unambiguous form of the records: one line per record,
 * "LINE n: <len>:<bytes> <len>:<bytes> ...".
 */
static void
put_record(FILE *fp, unsigned long line, const struct field *cells,
    size_t count)
{
	fprintf(fp, "%lu %zu:", line, count);
	for (size_t i = 0; i < count; i++) {
		fprintf(fp, " %zu:", cells[i].len);
		fwrite(cells[i].data, 1, cells[i].len, fp);
	}
	fputc('\n', fp);
}

struct collector {
	FILE		*canon;		/* put_record form */
	unsigned long	 last_line;
	unsigned long	 max_line;	/* 1 + line ends of the input */
	size_t		 records;
	bool		 bad_order, bad_range;
	unsigned long	 bad_line;
};

static int
collect(void *ctx, const struct record *rec)
{
	struct collector *c = ctx;

	if (rec->line <= c->last_line) {
		c->bad_order = true;
		c->bad_line = rec->line;
	}
	if (rec->line < 1 || rec->line > c->max_line) {
		c->bad_range = true;
		c->bad_line = rec->line;
	}
	if (rec->count == 0) {
		c->bad_range = true;
		c->bad_line = rec->line;
	}
	c->last_line = rec->line;
	c->records++;
	put_record(c->canon, rec->line, rec->fields, rec->count);
	return 0;
}

static int
collect_all(void *ctx, const struct record *recs, size_t count)
{
	return reader_each(recs, count, collect, ctx);
}

/* The line named by each "kaoping: t.csv:LINE: " diagnostic. */
static void
check_diag_lines(const char *diag, size_t len, const struct collector *c,
    const char *input, size_t input_len, const char *encoding)
{
	static const char prefix[] = "kaoping: t.csv:";
	const char *p = diag, *end = diag + len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = eol != NULL ? (size_t)(eol - p) : (size_t)(end - p);

		if (n > sizeof prefix - 1 &&
		    memcmp(p, prefix, sizeof prefix - 1) == 0 &&
		    p[sizeof prefix - 1] >= '0' && p[sizeof prefix - 1] <= '9') {
			unsigned long line = strtoul(p + sizeof prefix - 1,
			    NULL, 10);

			if (line < 1 || line > c->max_line ||
			    line < c->last_line)
				fail_with("diagnostic line out of range", input,
				    input_len, encoding, NULL, 0, p, n);
		}
		p += n + 1;
	}
}

/* Split at LF, CRLF, bare CR; cells at commas; trimmed; blank rows out. */
static const char *const model_wide_blanks[] = {
	"\xE3\x80\x80", "\xC2\xA0", "\xEF\xBB\xBF", "\xE2\x80\x8B",
};

static bool
trim_one_front(const char **s, size_t *len)
{
	size_t i, n;

	if (*len >= 1 && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
		(*s)++, (*len)--;
		return true;
	}
	for (i = 0; i < sizeof model_wide_blanks / sizeof *model_wide_blanks;
	    i++) {
		n = strlen(model_wide_blanks[i]);
		if (*len >= n && memcmp(*s, model_wide_blanks[i], n) == 0) {
			*s += n, *len -= n;
			return true;
		}
	}
	return false;
}

static bool
trim_one_back(const char *s, size_t *len)
{
	size_t i, n;

	if (*len >= 1 && (s[*len - 1] == ' ' || s[*len - 1] == '\t')) {
		(*len)--;
		return true;
	}
	for (i = 0; i < sizeof model_wide_blanks / sizeof *model_wide_blanks;
	    i++) {
		n = strlen(model_wide_blanks[i]);
		if (*len >= n &&
		    memcmp(s + *len - n, model_wide_blanks[i], n) == 0) {
			*len -= n;
			return true;
		}
	}
	return false;
}

static bool
model_utf8_ok(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		unsigned char lo = 0x80, hi = 0xBF;
		size_t need;

		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			need = 2;
		else if (c >= 0xE0 && c <= 0xEF) {
			need = 3;
			if (c == 0xE0)
				lo = 0xA0;
			if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 4;
			if (c == 0xF0)
				lo = 0x90;
			if (c == 0xF4)
				hi = 0x8F;
		} else
			return false;
		if (len - i < need || s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (size_t k = 2; k < need; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return false;
		i += need;
	}
	return true;
}

/* The records of quote-free, valid UTF-8 input, in put_record form. */
static void
model_records(FILE *fp, const char *s, size_t len)
{
	struct field *cells = NULL;
	size_t cap = 0;
	unsigned long line = 1;
	size_t at = 0;

	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		at = 3;
	while (at < len || at == len) {
		size_t start = at, stop, count = 0;
		bool blank = true;

		while (at < len && s[at] != '\n' && s[at] != '\r')
			at++;
		stop = at;
		/* Cells of [start, stop). */
		for (size_t c = start;;) {
			size_t e = c;
			const char *d;
			size_t n;

			while (e < stop && s[e] != ',')
				e++;
			d = s + c;
			n = e - c;
			while (trim_one_front(&d, &n))
				;
			while (trim_one_back(d, &n))
				;
			if (count == cap) {
				cap = cap == 0 ? 8 : cap * 2;
				cells = realloc(cells, cap * sizeof *cells);
				if (cells == NULL)
					abort();
			}
			cells[count].data = d;
			cells[count].len = n;
			count++;
			if (n > 0)
				blank = false;
			if (e >= stop)
				break;
			c = e + 1;
		}
		if (!blank)
			put_record(fp, line, cells, count);
		if (at >= len)
			break;
		if (s[at] == '\r' && at + 1 < len && s[at + 1] == '\n')
			at++;
		at++;
		line++;
	}
	free(cells);
}

static void
check_one(const char *input, size_t len, const char *encoding)
{
	char *whole, *split, *canon = NULL, *diag_text = NULL;
	size_t canon_len = 0, diag_len = 0, pieces[10], npieces = 0;
	struct collector c;
	struct reader *r;
	struct diag d;
	FILE *diag_fp;
	int status = 0;

	/* 1. The same transcript whatever the piece size. */
	whole = reader_transcript(input, len, 0, encoding);
	if (whole == NULL)
		abort();
	pieces[npieces++] = 1;
	pieces[npieces++] = 2;
	pieces[npieces++] = 3;
	pieces[npieces++] = 7;
	pieces[npieces++] = 64;
	if (len / 2 > 0)
		pieces[npieces++] = len / 2;
	if (len > 1)
		pieces[npieces++] = len - 1;
	if (len > 0)	/* one size that depends on the content */
		pieces[npieces++] = 1 + ((unsigned char)input[len - 1] ^
		    (unsigned char)input[len / 3]) % 31;
	for (size_t i = 0; i < npieces; i++) {
		if (pieces[i] >= len && i >= 5)
			continue;
		split = reader_transcript(input, len, pieces[i], encoding);
		if (split == NULL)
			abort();
		if (strcmp(whole, split) != 0) {
			char what[96];

			snprintf(what, sizeof what, "transcript differs with "
			    "pieces of %zu bytes", pieces[i]);
			fail_with(what, input, len, encoding, whole,
			    strlen(whole), split, strlen(split));
		}
		free(split);
	}
	free(whole);

	/* 2. Lines of records and diagnostics. */
	memset(&c, 0, sizeof c);
	c.canon = open_memstream(&canon, &canon_len);
	diag_fp = open_memstream(&diag_text, &diag_len);
	if (c.canon == NULL || diag_fp == NULL)
		abort();
	c.max_line = 1 + count_input_line_ends(input, len);
	diag_init(&d, diag_fp);
	if ((r = reader_new("t.csv", encoding, collect_all, &c, &d)) == NULL)
		abort();
	if (len > 0)
		status = reader_feed(r, input, len);
	if (status == 0)
		status = reader_finish(r);
	reader_free(r);
	fclose(diag_fp);
	fclose(c.canon);
	if (c.bad_order || c.bad_range) {
		char what[96];

		snprintf(what, sizeof what, "record line %lu out of order or "
		    "range (max %lu)", c.bad_line, c.max_line);
		fail_with(what, input, len, encoding, NULL, 0, NULL, 0);
	}
	check_diag_lines(diag_text, diag_len, &c, input, len, encoding);
	if ((status == 0) != (d.errors == 0))
		fail_with("status and diagnostics disagree", input, len,
		    encoding, NULL, 0, diag_text, diag_len);

	/* 3. Quote-free valid UTF-8: exactly the simple model's records. */
	if (encoding == NULL && len <= MODEL_MAX_INPUT &&
	    memchr(input, '"', len) == NULL) {
		size_t skip = len >= 3 && memcmp(input, "\xEF\xBB\xBF", 3) == 0
		    ? 3 : 0;

		if (model_utf8_ok((const unsigned char *)input + skip,
		    len - skip)) {
			char *model = NULL;
			size_t model_len = 0;
			FILE *fp = open_memstream(&model, &model_len);

			if (fp == NULL)
				abort();
			model_records(fp, input, len);
			fclose(fp);
			if (status != 0)
				fail_with("quote-free valid input rejected",
				    input, len, encoding, "status 0", 8,
				    diag_text, diag_len);
			if (model_len != canon_len ||
			    memcmp(model, canon, canon_len) != 0)
				fail_with("records differ from the line/comma "
				    "model of SPEC 2 and 7", input, len,
				    encoding, model, model_len, canon,
				    canon_len);
			free(model);
		}
	}
	free(canon);
	free(diag_text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *input = (const char *)data;

	check_one(input, size, NULL);
	if (size > 0 && (data[0] & 1))
		check_one(input + 1, size - 1, "GB18030");
	return 0;
}

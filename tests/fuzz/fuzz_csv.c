/*
 * Fuzz target for the CSV source (include/csvsource.h).
 *
 * The input is read as a sheet in auto encoding; when its first byte is
 * odd, also with -e GB18030, and when its second bit is set, with
 * -e UTF-8.  For each reading:
 *
 *  - the transcript (records with their lines and rows, messages, status,
 *    encoding, rewinds) of the whole input read at once must equal the
 *    transcript of the input read in pieces of several sizes, each after
 *    a prefix of several lengths;
 *  - read from a pipe, which cannot be read again, the transcript is the
 *    same, unless the file needed a rewind: then the pipe's reading fails
 *    with 65 and says to give -e;
 *  - record lines strictly increase and rows too, 1 <= row <= line, and
 *    a line is at most 1 + the line ends of the input's bytes (LF, CRLF,
 *    bare CR: no encoding decodes to more);
 *  - the status is 0 exactly when no message was given;
 *  - no cell is longer than SOURCE_MAX_CELL, none holds a NUL, every cell
 *    is UTF-8 (RFC 3629) and trimmed, and no record is all empty.
 *
 * For auto input that is valid UTF-8 without a double quote or a NUL, not
 * beginning like a workbook and too short to reach a limit, the records are fully determined by
 * SPEC sections 2 and 7: lines end at LF, CRLF or a bare CR, cells are
 * split at commas and trimmed of the trim set, rows of empty cells are
 * skipped, and each row is its line.  Such input is also checked against
 * that simple model, records, lines and rows exactly.
 *
 * Any violation prints both sides and calls abort().
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_transcript.h"
#include "text.h"

struct collector {
	FILE		*canon;		/* records, length-prefixed */
	unsigned long	 last_line, last_row;
	unsigned long	 max_line;	/* 1 + line ends of the input, or 0 */
	const char	*bad;		/* why a record broke a rule */
	unsigned long	 bad_line;
};

static void
show_input(const char *input, size_t len)
{
	size_t i;

	fprintf(stderr, "--- input (C string) ---\n\"");
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)input[i];

		if (c == '\\' || c == '"')
			fprintf(stderr, "\\%c", c);
		else if (c >= 0x20 && c < 0x7F)
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02X\"\"", c);
	}
	fprintf(stderr, "\"\n");
}

static void
fail_with(const char *what, const char *input, size_t len,
    const char *encoding, const char *a, const char *b)
{
	fprintf(stderr, "\n*** fuzz_csv: %s (encoding %s, %zu input bytes)\n",
	    what, encoding != NULL ? encoding : "auto", len);
	show_input(input, len);
	if (a != NULL)
		fprintf(stderr, "--- expected ---\n%s\n", a);
	if (b != NULL)
		fprintf(stderr, "--- got ---\n%s\n", b);
	abort();
}

/* Line ends as the SPEC counts them: LF, CRLF and a bare CR, once each. */
static unsigned long
count_line_ends(const char *s, size_t len)
{
	unsigned long n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '\n' || (s[i] == '\r' &&
		    (i + 1 == len || s[i + 1] != '\n')))
			n++;
	return n;
}

static bool
utf8_valid(const unsigned char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		if ((n = utf8_sequence_length(s + i, len - i)) == 0)
			return false;
		i += n;
	}
	return true;
}

/* "LINE ROW COUNT: LEN:BYTES LEN:BYTES ..." */
static void
put_record(FILE *fp, unsigned long line, unsigned long row,
    const struct cell *cells, size_t count)
{
	size_t i;

	fprintf(fp, "%lu %lu %zu:", line, row, count);
	for (i = 0; i < count; i++) {
		fprintf(fp, " %zu:", cells[i].len);
		fwrite(cells[i].s, 1, cells[i].len, fp);
	}
	fputc('\n', fp);
}

static void
check_record(struct collector *c, const struct record *rec)
{
	const struct cell *cell;
	size_t i, empty = 0;

	if (rec->line <= c->last_line || rec->row <= c->last_row)
		c->bad = "lines or rows do not increase";
	if (rec->row < 1 || rec->row > rec->line)
		c->bad = "row out of 1 .. line";
	if (c->max_line > 0 && rec->line > c->max_line)
		c->bad = "line past the input's line ends";
	for (i = 0; i < rec->count; i++) {
		cell = &rec->cells[i];
		if (cell->kind != CELL_TEXT || cell->len > SOURCE_MAX_CELL ||
		    memchr(cell->s, '\0', cell->len) != NULL ||
		    !utf8_valid((const unsigned char *)cell->s, cell->len))
			c->bad = "a cell that is not text";
		if (cell->len > 0 && ((text_trim_edges[(unsigned char)
		    cell->s[0]] & TEXT_TRIM_FIRST) || (text_trim_edges[
		    (unsigned char)cell->s[cell->len - 1]] & TEXT_TRIM_LAST))) {
			const char *s = cell->s;
			size_t n = cell->len;

			text_trim(&s, &n);
			if (n != cell->len)
				c->bad = "a cell not trimmed";
		}
		if (cell->len == 0)
			empty++;
	}
	if (rec->count == 0 || empty == rec->count)
		c->bad = "an empty record";
	if (c->bad != NULL && c->bad_line == 0)
		c->bad_line = rec->line;
	c->last_line = rec->line;
	c->last_row = rec->row;
}

static int
collect(void *ctx, const struct record *recs, size_t count)
{
	struct collector *c = ctx;
	size_t i;

	for (i = 0; i < count; i++) {
		check_record(c, &recs[i]);
		put_record(c->canon, recs[i].line, recs[i].row,
		    recs[i].cells, recs[i].count);
	}
	return 0;
}

static int
forget(void *ctx)
{
	struct collector *c = ctx;

	if (fseek(c->canon, 0, SEEK_SET) != 0)
		abort();
	fputs("(read again)\n", c->canon);
	c->last_line = c->last_row = 0;
	return 0;
}

struct reading {
	char		*text;		/* records, messages, outcome */
	int		 status;
	unsigned long	 rewinds;
};

/* One reading with the rules of check_record; the caller frees text. */
static void
read_checked(const char *input, size_t len, const char *encoding,
    enum csv_input from, size_t read_size, size_t prefix_len,
    struct reading *out)
{
	struct collector c;
	struct source_target target = { collect, forget, &c };
	struct source_facts facts;
	struct csv_pipe_writer w;
	char *canon = NULL, *diag_text = NULL, *prefix = malloc(len + 1);
	size_t canon_len = 0, diag_len = 0, got;
	pthread_t writer;
	struct diag d;
	FILE *diag_fp;
	int fd;

	memset(&c, 0, sizeof c);
	memset(&facts, 0, sizeof facts);
	c.canon = open_memstream(&canon, &canon_len);
	diag_fp = open_memstream(&diag_text, &diag_len);
	if (c.canon == NULL || diag_fp == NULL || prefix == NULL)
		abort();
	/* Decoding never makes more line ends than the bytes hold. */
	c.max_line = 1 + count_line_ends(input, len);
	diag_init(&d, diag_fp);
	fd = csv_transcript_open(input, len, from, &writer, &w);
	got = csv_transcript_prefix(fd, prefix, prefix_len);
	out->status = csv_read_sized(fd, prefix, got, "t.csv", encoding,
	    &target, &facts, &d, read_size);
	close(fd);
	if (from == CSV_FROM_PIPE)
		pthread_join(writer, NULL);
	/* What a rewind left behind the stream's end is not a record. */
	fflush(c.canon);
	canon_len = (size_t)ftell(c.canon);
	fclose(c.canon);
	fclose(diag_fp);
	if (c.bad != NULL) {
		char what[128];

		snprintf(what, sizeof what, "%s (line %lu)", c.bad,
		    c.bad_line);
		fail_with(what, input, len, encoding, NULL, NULL);
	}
	if ((out->status == 0) != (d.errors == 0))
		fail_with("status and messages disagree", input, len, encoding,
		    NULL, diag_text);
	out->rewinds = strncmp(canon, "(read again)", 12) == 0 ? 1 : 0;
	if (asprintf(&out->text, "%.*s%sstatus %d, encoding %s\n",
	    (int)canon_len, canon, diag_text, out->status,
	    facts.encoding) < 0)
		abort();
	free(canon);
	free(diag_text);
	free(prefix);
}

static void
check_cuts(const char *input, size_t len, const char *encoding)
{
	struct reading whole, cut, piped;
	size_t sizes[8], n = 0, i;

	read_checked(input, len, encoding, CSV_FROM_FILE, 0, 0, &whole);
	sizes[n++] = 1;
	sizes[n++] = 2;
	sizes[n++] = 3;
	sizes[n++] = 7;
	sizes[n++] = 64;
	if (len > 1)
		sizes[n++] = len - 1;
	if (len > 0)		/* one size that depends on the content */
		sizes[n++] = 1 + ((unsigned char)input[len - 1] ^
		    (unsigned char)input[len / 3]) % 31;
	for (i = 0; i < n; i++) {
		read_checked(input, len, encoding, CSV_FROM_FILE, sizes[i],
		    (sizes[i] * 5 + i) % (len + 1), &cut);
		if (strcmp(whole.text, cut.text) != 0) {
			char what[96];

			snprintf(what, sizeof what, "transcript differs in "
			    "reads of %zu bytes", sizes[i]);
			fail_with(what, input, len, encoding, whole.text,
			    cut.text);
		}
		free(cut.text);
	}
	read_checked(input, len, encoding, CSV_FROM_PIPE, 5, len / 2, &piped);
	if (whole.rewinds == 0 && strcmp(whole.text, piped.text) != 0)
		fail_with("a pipe reads otherwise", input, len, encoding,
		    whole.text, piped.text);
	if (whole.rewinds > 0 && (piped.status != 65 ||
	    strstr(piped.text, "-e GB18030") == NULL))
		fail_with("a pipe needing GB18030 late does not say -e", input,
		    len, encoding, NULL, piped.text);
	free(piped.text);
	free(whole.text);
}

/* The trim set, as SPEC section 7 lists it. */
static size_t
model_blank_at(const char *s, size_t len)
{
	static const char *const wide[] = { "\xE3\x80\x80", "\xC2\xA0",
	    "\xEF\xBB\xBF", "\xE2\x80\x8B" };
	size_t i, n;

	if (len >= 1 && (s[0] == ' ' || s[0] == '\t'))
		return 1;
	for (i = 0; i < sizeof wide / sizeof wide[0]; i++) {
		n = strlen(wide[i]);
		if (len >= n && memcmp(s, wide[i], n) == 0)
			return n;
	}
	return 0;
}

static size_t
model_blank_before(const char *s, size_t len)
{
	size_t n;

	for (n = 1; n <= 3 && n <= len; n++)
		if (model_blank_at(s + len - n, n) == n)
			return n;
	return 0;
}

/* The records of quote-free, valid UTF-8 input, as put_record writes. */
static char *
model_records(const char *s, size_t len)
{
	struct cell *cells = NULL;
	size_t cap = 0, at = 0, out_len = 0, n;
	unsigned long line = 1;
	char *out = NULL;
	FILE *fp = open_memstream(&out, &out_len);

	if (fp == NULL)
		abort();
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		at = 3;
	for (;;) {
		size_t start = at, stop, count = 0, c, e;
		bool blank = true;

		while (at < len && s[at] != '\n' && s[at] != '\r')
			at++;
		stop = at;
		for (c = start;; c = e + 1) {
			const char *d;

			for (e = c; e < stop && s[e] != ','; e++)
				;
			d = s + c;
			n = e - c;
			while ((n > 0 && model_blank_at(d, n) > 0)) {
				size_t k = model_blank_at(d, n);

				d += k;
				n -= k;
			}
			while (n > 0 && model_blank_before(d, n) > 0)
				n -= model_blank_before(d, n);
			if (count == cap) {
				cap = cap == 0 ? 8 : cap * 2;
				if ((cells = realloc(cells, cap *
				    sizeof *cells)) == NULL)
					abort();
			}
			cells[count].s = d;
			cells[count].len = n;
			cells[count].kind = CELL_TEXT;
			count++;
			if (n > 0)
				blank = false;
			if (e >= stop)
				break;
		}
		if (!blank)
			put_record(fp, line, line, cells, count);
		if (at >= len)
			break;
		if (s[at] == '\r' && at + 1 < len && s[at + 1] == '\n')
			at++;
		at++;
		line++;
	}
	fclose(fp);
	free(cells);
	return out;
}

static bool
begins_like_workbook(const char *s, size_t len)
{
	return len >= 4 && (memcmp(s, "PK\3\4", 4) == 0 ||
	    memcmp(s, "\xD0\xCF\x11\xE0", 4) == 0);
}

/* Quote-free valid UTF-8, read in auto: exactly the simple model. */
static void
check_model(const char *input, size_t len)
{
	struct reading got;
	char *want, *full;

	if (len > 16000 || memchr(input, '"', len) != NULL ||
	    memchr(input, '\0', len) != NULL ||
	    begins_like_workbook(input, len) ||
	    !utf8_valid((const unsigned char *)input, len))
		return;
	want = model_records(input, len);
	if (asprintf(&full, "%sstatus 0, encoding UTF-8\n", want) < 0)
		abort();
	read_checked(input, len, NULL, CSV_FROM_FILE, 0, 0, &got);
	if (strcmp(got.text, full) != 0)
		fail_with("records differ from the line/comma model of SPEC "
		    "2 and 7", input, len, NULL, full, got.text);
	free(got.text);
	free(full);
	free(want);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *input = (const char *)data;

	check_cuts(input, size, NULL);
	check_model(input, size);
	if (size > 0 && (data[0] & 1))
		check_cuts(input + 1, size - 1, "GB18030");
	if (size > 0 && (data[0] & 2))
		check_cuts(input + 1, size - 1, "UTF-8");
	return 0;
}

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "array.h"
#include "csvdecode.h"
#include "i18n.h"
#include "text.h"

#define HEAD_LEN	4		/* bytes that tell a sheet's kind */
#define BINARY_WINDOW	4096		/* "the first bytes" of a sheet */
#define CONVERTED_SIZE	(64 * 1024)
#define STOPPED		(-2)		/* emit asked to stop */
#define BOM		"\xEF\xBB\xBF"

enum decode_mode {
	LOOKING,	/* reading the first bytes, to decide */
	SCOUTING,	/* auto: ASCII so far, passed on */
	PASSING,	/* passed on as they are, for the parser to check */
	CONVERTING,	/* through iconv */
};

struct csvdecode {
	const char	*forced;	/* -e NAME, or NULL: auto */
	bool		 rereadable;
	bool		 reread;	/* reading again, as GB18030 */
	bool		 speculating;	/* auto, taking the sheet as UTF-8 */
	enum decode_mode mode;
	char		 name[32];	/* what is being read */

	unsigned char	 head[HEAD_LEN];
	size_t		 head_len;
	unsigned char	 partial[4];	/* SCOUTING: a character cut short */
	size_t		 partial_len;

	iconv_t		 cd;		/* (iconv_t)-1 when none is open */
	const char	*from;
	char		*convert_in;	/* a character cut short, then input */
	size_t		 convert_in_len, convert_in_cap;

	bool		 bom_settled;	/* the text's start has been seen */
	uint64_t	 emitted;	/* bytes of text handed on */
	char		 message[2048];
	bool		 whole_sheet;
	char		 converted[CONVERTED_SIZE];
};

static int	fail(struct csvdecode *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

static int
fail(struct csvdecode *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->message, sizeof d->message, fmt, ap);
	va_end(ap);
	d->whole_sheet = false;
	return EX_DATAERR;
}

static int
fail_binary(struct csvdecode *d)
{
	fail(d, "%s", _("this looks like a workbook or other binary file, "
	    "not CSV text: save it as CSV from the spreadsheet, or pass the "
	    ".xlsx file by name"));
	d->whole_sheet = true;
	return EX_DATAERR;
}

/* Told by the reader as every source tells it (diag_out_of_memory). */
static int
fail_memory(struct csvdecode *d)
{
	fail(d, "%s", "");
	return EX_OSERR;
}

static bool
is_utf8_name(const char *name)
{
	return text_equal_nocase(name, strlen(name), "UTF-8") ||
	    text_equal_nocase(name, strlen(name), "UTF8");
}

/* The length of s's ASCII prefix, found eight bytes at a time. */
static size_t
ascii_prefix(const unsigned char *s, size_t len)
{
	size_t i;
	uint64_t w;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		if (w & UINT64_C(0x8080808080808080))
			break;
	}
	while (i < len && s[i] < 0x80)
		i++;
	return i;
}

/*
 * Whether the n bytes at s, too few for a character, begin one that the
 * bytes to come may complete: some completion is well-formed.  The second
 * byte's range depends on the first; one of these is in every range.
 */
static bool
utf8_cut_short(const unsigned char *s, size_t n)
{
	static const unsigned char second[] = { 0x80, 0x90, 0xA0 };
	unsigned char t[4];
	size_t i;

	if (n == 0 || n >= sizeof t)
		return false;
	for (i = 0; i < sizeof second; i++) {
		memcpy(t, s, n);
		memset(t + n, 0x80, sizeof t - n);
		if (n == 1)
			t[1] = second[i];
		if (utf8_sequence_length(t, sizeof t) > n)
			return true;
	}
	return false;
}

/*
 * Hand text on.  The sheet's first text loses a byte-order mark (it comes
 * whole: the first bytes are decided on together, and iconv writes whole
 * characters), and the first bytes must hold no NUL: the text before one
 * is handed on all the same, so that what comes of it does not depend on
 * how the input was cut.
 */
static int
put(struct csvdecode *d, const void *text, size_t n, csvdecode_emit emit,
    void *ctx)
{
	const char *s = text, *nul = NULL;

	if (n == 0)
		return 0;
	if (!d->bom_settled) {
		d->bom_settled = true;
		if (n >= 3 && memcmp(s, BOM, 3) == 0) {
			s += 3;
			n -= 3;
			if (n == 0)
				return 0;
		}
	}
	if (d->emitted < BINARY_WINDOW)
		nul = memchr(s, '\0', n < BINARY_WINDOW - d->emitted ? n :
		    BINARY_WINDOW - d->emitted);
	if (nul != NULL)
		n = (size_t)(nul - s);
	d->emitted += n;
	if (n > 0 && !emit(ctx, s, n))
		return STOPPED;
	return nul != NULL ? fail_binary(d) : 0;
}

static bool
open_converter(struct csvdecode *d, const char *from)
{
	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	if ((d->cd = iconv_open("UTF-8", from)) == (iconv_t)-1)
		return false;
	d->from = from;
	d->mode = CONVERTING;
	return true;
}

/* A byte that the encoding being converted from does not allow. */
static int
bad_encoded_byte(struct csvdecode *d, unsigned char byte)
{
	if (d->forced != NULL)
		return fail(d, _("byte 0x%02X is not valid %s; check the "
		    "encoding given with -e"), byte, d->name);
	if (strcmp(d->from, "GB18030") != 0)
		return fail(d, _("byte 0x%02X is not valid %s, the encoding "
		    "that the sheet's byte-order mark names"), byte, d->name);
	if (d->reread)
		return fail(d, _("byte 0x%02X is not GB18030, and further down "
		    "the sheet has bytes that are not UTF-8 either: save it as "
		    "CSV UTF-8, or give its encoding with -e"), byte);
	return fail(d, _("byte 0x%02X is neither UTF-8 nor GB18030: save "
	    "the sheet as CSV UTF-8, or give its encoding with -e"), byte);
}

/* Convert to UTF-8, keeping a character cut short for the next piece. */
static int
convert(struct csvdecode *d, const void *s, size_t len, csvdecode_emit emit,
    void *ctx)
{
	char *in, *o;
	size_t in_left, out_left, rc;
	int error, status = 0;

	if (!array_reserve(&d->convert_in, &d->convert_in_cap,
	    d->convert_in_len + len, 1))
		return fail_memory(d);
	if (len > 0)
		memcpy(d->convert_in + d->convert_in_len, s, len);
	in = d->convert_in;
	in_left = d->convert_in_len + len;
	while (in_left > 0 && status == 0) {
		o = d->converted;
		out_left = sizeof d->converted;
		rc = iconv(d->cd, &in, &in_left, &o, &out_left);
		error = errno;
		status = put(d, d->converted, sizeof d->converted - out_left,
		    emit, ctx);
		if (status != 0 || rc != (size_t)-1 || error == E2BIG)
			continue;
		if (error == EINVAL)
			break;
		status = bad_encoded_byte(d, (unsigned char)*in);
	}
	memmove(d->convert_in, in, in_left);
	d->convert_in_len = in_left;
	return status;
}

/*
 * The first character beyond ASCII is not UTF-8: the rest, from it on,
 * is GB18030, and so is what came before it.  It begins with the bytes at
 * pre (cut short by the last piece), if any, then s.
 */
static int
switch_to_gb18030(struct csvdecode *d, const unsigned char *pre,
    size_t pre_len, const unsigned char *s, size_t len, csvdecode_emit emit,
    void *ctx)
{
	int status;

	if (!open_converter(d, "GB18030"))
		return fail_memory(d);
	snprintf(d->name, sizeof d->name, "GB18030");
	d->partial_len = 0;
	if ((status = convert(d, pre, pre_len, emit, ctx)) != 0)
		return status;
	return convert(d, s, len, emit, ctx);
}

/*
 * Auto, ASCII so far: pass on ASCII, and judge the first character beyond
 * it, which decides whether the sheet is read as GB18030 from here on.
 */
static int
scout(struct csvdecode *d, const unsigned char *s, size_t len,
    csvdecode_emit emit, void *ctx)
{
	unsigned char c[sizeof d->partial];
	size_t have = d->partial_len, add, k;
	int status;

	if (have > 0) {
		add = len < sizeof c - have ? len : sizeof c - have;
		memcpy(c, d->partial, have);
		memcpy(c + have, s, add);
		if (utf8_sequence_length(c, have + add) == 0) {
			if (!utf8_cut_short(c, have + add))
				return switch_to_gb18030(d, d->partial, have,
				    s, len, emit, ctx);
			memcpy(d->partial + have, s, add);
			d->partial_len += add;
			return 0;
		}
		d->mode = PASSING;
		d->partial_len = 0;
		if ((status = put(d, d->partial, have, emit, ctx)) != 0)
			return status;
		return put(d, s, len, emit, ctx);
	}
	k = ascii_prefix(s, len);
	if ((status = put(d, s, k, emit, ctx)) != 0 || k == len)
		return status;
	if (utf8_sequence_length(s + k, len - k) > 0) {
		d->mode = PASSING;
		return put(d, s + k, len - k, emit, ctx);
	}
	if (utf8_cut_short(s + k, len - k)) {
		memcpy(d->partial, s + k, len - k);
		d->partial_len = len - k;
		return 0;
	}
	return switch_to_gb18030(d, NULL, 0, s + k, len - k, emit,
	    ctx);
}

/* The next bytes, in the way decided. */
static int
take(struct csvdecode *d, const unsigned char *s, size_t len,
    csvdecode_emit emit, void *ctx)
{
	switch (d->mode) {
	case SCOUTING:
		return scout(d, s, len, emit, ctx);
	case CONVERTING:
		return convert(d, s, len, emit, ctx);
	default:
		return put(d, s, len, emit, ctx);
	}
}

static bool
begins_with(const unsigned char *head, size_t len, const char *sig,
    size_t sig_len)
{
	return len >= sig_len && memcmp(head, sig, sig_len) == 0;
}

/* Decide from the first bytes how to read the sheet, then read them. */
static int
settle(struct csvdecode *d, csvdecode_emit emit, void *ctx)
{
	const unsigned char *h = d->head;
	size_t n = d->head_len;
	const char *from = NULL;

	if (begins_with(h, n, "PK\3\4", 4) ||
	    begins_with(h, n, "\xD0\xCF\x11\xE0", 4))
		return fail_binary(d);
	d->mode = PASSING;
	if (d->reread)
		from = "GB18030";
	else if (d->forced != NULL)
		from = is_utf8_name(d->forced) ? NULL : d->forced;
	else if (begins_with(h, n, "\xFF\xFE", 2))
		from = "UTF-16LE";
	else if (begins_with(h, n, "\xFE\xFF", 2))
		from = "UTF-16BE";
	else if (!begins_with(h, n, BOM, 3)) {
		d->speculating = true;
		d->mode = SCOUTING;
	}
	if (from != NULL && !open_converter(d, from))
		return errno == EINVAL ? fail(d, _("unknown encoding \"%s\""),
		    from) : fail_memory(d);
	if (d->forced == NULL)
		snprintf(d->name, sizeof d->name, "%s",
		    from != NULL ? from : "UTF-8");
	return take(d, h, n, emit, ctx);
}

static int
outcome(int status)
{
	return status == STOPPED ? 0 : status;
}

int
csvdecode_feed(struct csvdecode *d, const void *buf, size_t len,
    csvdecode_emit emit, void *ctx)
{
	const unsigned char *s = buf;
	size_t n;
	int status;

	if (d->mode == LOOKING) {
		n = HEAD_LEN - d->head_len;
		if (n > len)
			n = len;
		memcpy(d->head + d->head_len, s, n);
		d->head_len += n;
		s += n;
		len -= n;
		if (d->head_len < HEAD_LEN)
			return 0;
		if ((status = settle(d, emit, ctx)) != 0)
			return outcome(status);
	}
	return outcome(take(d, s, len, emit, ctx));
}

int
csvdecode_end(struct csvdecode *d, csvdecode_emit emit, void *ctx)
{
	char out[64], *o = out;
	size_t out_left = sizeof out;
	int status;

	if (d->mode == LOOKING && (status = settle(d, emit, ctx)) != 0)
		return outcome(status);
	if (d->mode == SCOUTING && d->partial_len > 0 &&
	    (status = switch_to_gb18030(d, d->partial, d->partial_len, NULL,
	    0, emit, ctx)) != 0)
		return outcome(status);
	if (d->mode != CONVERTING)
		return 0;
	if (d->convert_in_len > 0)
		return fail(d, _("the sheet ends inside a %s character; check "
		    "its encoding"), d->name);
	/* A stateful encoding may have a last character to write. */
	if (iconv(d->cd, NULL, NULL, &o, &out_left) == (size_t)-1)
		return 0;
	return outcome(put(d, out, sizeof out - out_left, emit, ctx));
}

int
csvdecode_not_utf8(struct csvdecode *d, unsigned char byte,
    const char *excerpt)
{
	if (d->mode == CONVERTING)
		return fail(d, _("the text read as %s is not valid Unicode "
		    "(byte 0x%02X in \"%s\"); check the sheet's encoding"),
		    d->name, byte, excerpt);
	if (d->speculating && d->rereadable)
		return CSVDECODE_REWIND;
	if (d->speculating)
		return fail(d, _("the sheet is not UTF-8 (byte 0x%02X in "
		    "\"%s\"), and standard input or a pipe cannot be read "
		    "again in another encoding: give its encoding with -e, "
		    "e.g. -e GB18030"), byte, excerpt);
	if (d->forced != NULL)
		return fail(d, _("invalid UTF-8 (byte 0x%02X in \"%s\"): the "
		    "sheet is not in the encoding given with -e; try "
		    "-e GB18030, or leave -e out"), byte, excerpt);
	return fail(d, _("invalid UTF-8 (byte 0x%02X in \"%s\"), though the "
	    "sheet begins with a UTF-8 byte-order mark: save it again as CSV "
	    "UTF-8, or give its encoding with -e"), byte, excerpt);
}

struct csvdecode *
csvdecode_new(const char *encoding, bool rereadable)
{
	struct csvdecode *d;
	iconv_t probe;

	if (encoding != NULL && !is_utf8_name(encoding)) {
		if ((probe = iconv_open("UTF-8", encoding)) == (iconv_t)-1)
			return NULL;
		iconv_close(probe);
	}
	/* On the heap: the buffer of converted text is large. */
	if ((d = calloc(1, sizeof *d)) == NULL)
		return NULL;
	d->forced = encoding;
	d->rereadable = rereadable;
	d->cd = (iconv_t)-1;
	snprintf(d->name, sizeof d->name, "%s",
	    encoding != NULL ? encoding : "UTF-8");
	return d;
}

void
csvdecode_restart(struct csvdecode *d)
{
	d->reread = true;
	d->speculating = false;
	d->mode = LOOKING;
	d->head_len = d->partial_len = 0;
	d->convert_in_len = 0;
	d->bom_settled = false;
	d->emitted = 0;
	d->message[0] = '\0';
	d->whole_sheet = false;
	snprintf(d->name, sizeof d->name, "GB18030");
}

void
csvdecode_free(struct csvdecode *d)
{
	if (d == NULL)
		return;
	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	free(d->convert_in);
	free(d);
}

const char *
csvdecode_message(const struct csvdecode *d)
{
	return d->message;
}

bool
csvdecode_whole_sheet(const struct csvdecode *d)
{
	return d->whole_sheet;
}

const char *
csvdecode_name(const struct csvdecode *d)
{
	return d->name;
}

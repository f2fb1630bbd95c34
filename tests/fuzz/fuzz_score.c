/*
 * Fuzz target for exact decimal scores (include/score.h).
 *
 * score_parse on the bytes is compared with an independent reading of the
 * grammar of SPEC sections 2 and 7 (optional '+', digits, an optional
 * point and at most 15 digits, 0 to 100 inclusive).  An accepted value
 * must be at most 100 x 10^15, and formatting it back exactly (integer
 * part, 15 fraction digits, trailing zeros stripped) and parsing that
 * again must give the same score_t.
 *
 * Accepted values are then combined, with weights 0, 60, 100 and one from
 * the input, at 0 to 4 decimals: the published value must lie within
 * [floor(min), ceil(max)] of the two inputs at that precision, equal the
 * exact rounding (half away from zero) of (W s + (100 - W) d) / 100, and
 * survive score_format -> score_parse.  The second score is the part after
 * the first comma when the input has one, else one derived from the first.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "score.h"

#define ONE	UINT64_C(1000000000000000)	/* 10^15 */
#define MAX	(100 * ONE)

static const uint64_t p10[16] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
	1000000000, UINT64_C(10000000000), UINT64_C(100000000000),
	UINT64_C(1000000000000), UINT64_C(10000000000000),
	UINT64_C(100000000000000), UINT64_C(1000000000000000),
};

static void
die(const char *what, const char *s, size_t len, uint64_t a, uint64_t b)
{
	fprintf(stderr, "\n*** fuzz_score: %s\ninput (%zu bytes): \"", what,
	    len);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02X\"\"", c);
	}
	fprintf(stderr, "\"\nvalues: %llu %llu\n", (unsigned long long)a,
	    (unsigned long long)b);
	abort();
}

/* The grammar, read independently; true and *out if it is a score. */
static bool
model_parse(const char *s, size_t len, uint64_t *out)
{
	size_t i = 0, digits = 0, frac_digits = 0;
	uint64_t whole = 0, frac = 0;

	if (i < len && s[i] == '+')
		i++;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		if (whole <= 1000)
			whole = whole * 10 + (uint64_t)(s[i] - '0');
	if (digits == 0)
		return false;
	if (i < len && s[i] == '.')
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			if (++frac_digits <= 15)
				frac = frac * 10 + (uint64_t)(s[i] - '0');
		}
	if (i != len || frac_digits > 15)
		return false;
	frac *= p10[15 - frac_digits];
	if (whole > 100 || (whole == 100 && frac > 0))
		return false;
	*out = whole * ONE + frac;
	return true;
}

/* Exact text of a score_t: integer part, fraction without trailing 0s. */
static size_t
exact_format(char out[40], uint64_t v)
{
	uint64_t whole = v / ONE, frac = v % ONE;
	int n = snprintf(out, 40, "%llu", (unsigned long long)whole);

	if (frac > 0) {
		n += snprintf(out + n, 40 - (size_t)n, ".%015llu",
		    (unsigned long long)frac);
		while (out[n - 1] == '0')
			out[--n] = '\0';
	}
	return (size_t)n;
}

static void
check_parse(const char *s, size_t len, bool *ok, score_t *value)
{
	score_t got = 0, again = 0, model = 0;
	const char *why = score_parse(s, len, &got);
	bool model_ok = model_parse(s, len, &model);
	char text[40];
	size_t n;

	*ok = why == NULL;
	if (*ok != model_ok)
		die(why == NULL ? "score_parse accepts what the grammar "
		    "rejects" : "score_parse rejects a valid score", s, len,
		    got, model);
	if (!*ok) {
		if (why[0] == '\0')
			die("empty reason", s, len, 0, 0);
		return;
	}
	if (got != model)
		die("score_parse value differs from the exact value", s, len,
		    got, model);
	if (got > MAX)
		die("score above 100", s, len, got, MAX);
	n = exact_format(text, got);
	if (score_parse(text, n, &again) != NULL || again != got)
		die("format -> parse does not round-trip", text, n, got,
		    again);
	*value = got;
}

static void
check_combine(score_t street, score_t dept, unsigned w, const char *s,
    size_t len)
{
	score_t lo_v = street < dept ? street : dept;
	score_t hi_v = street < dept ? dept : street;

	/* With W 0 or 100 only one score counts. */
	if (w == 0)
		lo_v = hi_v = dept;
	else if (w == 100)
		lo_v = hi_v = street;
	for (unsigned dec = 0; dec <= SCORE_MAX_DECIMALS; dec++) {
		uint64_t unit = p10[15 - dec];
		published_t p = score_combine(street, dept, w, dec);
		unsigned __int128 num = (unsigned __int128)w * street +
		    (unsigned __int128)(100 - w) * dept;
		unsigned __int128 div = (unsigned __int128)100 * unit;
		unsigned __int128 q = num / div, r = num % div;
		char text[SCORE_FORMAT_SIZE], *dot;
		score_t back;
		size_t n;

		if (2 * r >= div)
			q++;
		if (p < lo_v / unit || p > (hi_v + unit - 1) / unit)
			die("combined score outside [floor(min), ceil(max)]",
			    s, len, p, dec);
		if ((unsigned __int128)p != q)
			die("combined score is not the exact rounding", s, len,
			    p, (uint64_t)q);
		memset(text, 'X', sizeof text);
		n = score_format(text, p, dec);
		if (n >= SCORE_FORMAT_SIZE || strlen(text) != n)
			die("score_format length", s, len, p, n);
		dot = strchr(text, '.');
		if ((dec == 0) != (dot == NULL) ||
		    (dot != NULL && strlen(dot + 1) != dec))
			die("score_format digits after the point", text, n, p,
			    dec);
		if (score_parse(text, n, &back) != NULL ||
		    back != (score_t)p * unit)
			die("score_format -> score_parse", text, n, p, back);
		if (score_reaches(p, dec, lo_v) != ((score_t)p * unit >= lo_v))
			die("score_reaches", s, len, p, lo_v);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *comma = memchr(s, ',', size);
	const unsigned weights[] = { 0, 60, 100, 0 };
	score_t a = 0, b = 0;
	bool ok_a, ok_b = false;
	char *copy;

	/* Exact-size copy: any read past the cell is an ASan report. */
	if ((copy = malloc(size > 0 ? size : 1)) == NULL)
		return 0;
	memcpy(copy, s, size);
	check_parse(copy, size, &ok_a, &a);
	if (comma != NULL) {
		size_t n = (size_t)(comma - s);

		check_parse(copy, n, &ok_a, &a);
		check_parse(copy + n + 1, size - n - 1, &ok_b, &b);
	} else if (ok_a) {
		b = (a * UINT64_C(6364136223846793005) + size) % (MAX + 1);
		ok_b = true;
	}
	if (ok_a && ok_b) {
		unsigned w4 = size > 0 ? data[size - 1] % 101 : 37;

		for (size_t i = 0; i < 4; i++) {
			unsigned w = i < 3 ? weights[i] : w4;

			check_combine(a, b, w, copy, size);
			check_combine(b, a, w, copy, size);
			check_combine(a, a, w, copy, size);
		}
	}
	free(copy);
	return 0;
}

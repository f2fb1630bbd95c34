#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "xlnum.h"

#define SHOWN_DIGITS	15
#define EXPONENT_CAP	1000000000LL	/* far beyond any that can fit */

/*
 * A decimal number as its significant digits: value = 0.D x 10^point,
 * D the first SHOWN_DIGITS + 1 digits from the first that is not zero
 * (the one past the fifteenth decides the rounding; the rest cannot).
 */
struct decimal {
	bool		 negative;
	char		 digits[SHOWN_DIGITS + 1];
	size_t		 count;
	long long	 point;
};

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void
take_digit(struct decimal *d, char c, bool before_point)
{
	if (d->count == 0 && c == '0') {
		if (!before_point)
			d->point--;
		return;
	}
	if (before_point)
		d->point++;
	if (d->count < sizeof d->digits)
		d->digits[d->count++] = c;
}

/*
 * [+-] digits [. digits] [(e|E) [+-] digits], with a digit somewhere
 * before the exponent.  The exponent saturates: one that large leaves no
 * room in the result either way.
 */
static bool
parse(const char *s, size_t len, struct decimal *d)
{
	size_t i = 0, mantissa_digits = 0;
	long long exponent = 0;
	bool exponent_negative = false;

	memset(d, 0, sizeof *d);
	if (i < len && (s[i] == '-' || s[i] == '+'))
		d->negative = s[i++] == '-';
	for (; i < len && is_digit(s[i]); i++, mantissa_digits++)
		take_digit(d, s[i], true);
	if (i < len && s[i] == '.')
		for (i++; i < len && is_digit(s[i]); i++, mantissa_digits++)
			take_digit(d, s[i], false);
	if (mantissa_digits == 0)
		return false;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			exponent_negative = s[i++] == '-';
		if (i == len || !is_digit(s[i]))
			return false;
		for (; i < len && is_digit(s[i]); i++)
			if (exponent < EXPONENT_CAP)
				exponent = exponent * 10 + (s[i] - '0');
	}
	if (i != len)
		return false;
	d->point += exponent_negative ? -exponent : exponent;
	return true;
}

/* Half away from zero: the sixteenth digit alone decides. */
static void
round_to_shown(struct decimal *d)
{
	size_t i;

	if (d->count <= SHOWN_DIGITS)
		return;
	d->count = SHOWN_DIGITS;
	if (d->digits[SHOWN_DIGITS] < '5')
		return;
	for (i = SHOWN_DIGITS; i > 0; i--) {
		if (d->digits[i - 1] != '9') {
			d->digits[i - 1]++;
			return;
		}
		d->digits[i - 1] = '0';
	}
	/* 999999999999999|5 and the like: one digit more before the point. */
	d->digits[0] = '1';
	d->point++;
}

static size_t
put_zeros(char *out, size_t at, long long n)
{
	for (; n > 0; n--)
		out[at++] = '0';
	return at;
}

size_t
xlnum_shown(const char *s, size_t len, char out[XLNUM_SIZE])
{
	struct decimal d;
	long long width;
	size_t at = 0, whole;

	if (!parse(s, len, &d))
		return 0;
	round_to_shown(&d);
	while (d.count > 0 && d.digits[d.count - 1] == '0')
		d.count--;
	if (d.count == 0) {
		memcpy(out, "0", 2);
		return 1;
	}
	if (d.point <= 0)
		width = 2 - d.point + (long long)d.count;
	else if (d.point >= (long long)d.count)
		width = d.point;
	else
		width = (long long)d.count + 1;
	if (width + d.negative >= XLNUM_SIZE)
		return 0;
	if (d.negative)
		out[at++] = '-';
	if (d.point <= 0) {
		memcpy(out + at, "0.", 2);
		at = put_zeros(out, at + 2, -d.point);
		memcpy(out + at, d.digits, d.count);
		at += d.count;
	} else if (d.point >= (long long)d.count) {
		memcpy(out + at, d.digits, d.count);
		at = put_zeros(out, at + d.count,
		    d.point - (long long)d.count);
	} else {
		whole = (size_t)d.point;
		memcpy(out + at, d.digits, whole);
		out[at + whole] = '.';
		memcpy(out + at + whole + 1, d.digits + whole,
		    d.count - whole);
		at += d.count + 1;
	}
	out[at] = '\0';
	return at;
}

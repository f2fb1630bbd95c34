#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "text.h"
#include "xlsxfmt.h"

/* Room on a column's either side, in characters. */
#define COLUMN_PAD	2

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Digits from the first non-zero one to the last, across the point: what
 * a number keeps of the text.  Zeros before it only place the point, and
 * zeros after it the format shows.
 */
static size_t
significant_digits(const char *s, size_t len)
{
	size_t first = len, last = 0, n = 0, i;

	for (i = 0; i < len; i++)
		if (s[i] != '0' && s[i] != '.') {
			if (first == len)
				first = i;
			last = i;
		}
	if (first == len)
		return 0;
	for (i = first; i <= last; i++)
		n += s[i] != '.';
	return n;
}

bool
xlsxfmt_number_format(const char *s, size_t len,
    char out[XLSXFMT_FORMAT_SIZE])
{
	size_t i = 0, int_len, frac_len, zeros, need;
	bool plus, point;
	char *p = out;

	plus = len > 0 && s[0] == '+';
	i = plus;
	for (int_len = 0; i < len && is_digit(s[i]); i++)
		int_len++;
	point = i < len && s[i] == '.';
	i += point;
	for (frac_len = 0; i < len && is_digit(s[i]); i++)
		frac_len++;
	if (i != len || int_len + frac_len == 0 ||
	    significant_digits(s + plus, len - plus) > XLSXFMT_DIGITS)
		return false;

	if (int_len == 0)
		zeros = 0;		/* ".5" is "#.0": no integer digit */
	else if (s[plus] == '0')
		zeros = int_len;	/* "007": "000" shows the zeros */
	else
		zeros = 1;
	need = plus + (zeros > 0 ? zeros : 1) + point + frac_len + 1;
	if (need > XLSXFMT_FORMAT_SIZE)
		return false;
	if (plus)
		*p++ = '+';
	if (zeros == 0)
		*p++ = '#';
	memset(p, '0', zeros);
	p += zeros;
	if (point)
		*p++ = '.';
	memset(p, '0', frac_len);
	p += frac_len;
	*p = '\0';
	return true;
}

/* Unicode East Asian Width W and F, in a few blocks wide enough to cover. */
static bool
is_wide(uint32_t c)
{
	static const struct {
		uint32_t	 first, last;
	} wide[] = {
		{ 0x1100, 0x115F },	/* Hangul Jamo initials */
		{ 0x2E80, 0xA4CF },	/* CJK radicals to Yi */
		{ 0xAC00, 0xD7A3 },	/* Hangul syllables */
		{ 0xF900, 0xFAFF },	/* CJK compatibility ideographs */
		{ 0xFE30, 0xFE4F },	/* CJK compatibility forms */
		{ 0xFF00, 0xFF60 },	/* full-width forms */
		{ 0xFFE0, 0xFFE6 },	/* full-width signs */
		{ 0x20000, 0x3FFFD },	/* CJK extensions B onwards */
	};
	size_t i;

	for (i = 0; i < sizeof wide / sizeof wide[0]; i++)
		if (c >= wide[i].first && c <= wide[i].last)
			return true;
	return false;
}

size_t
xlsxfmt_text_width(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t width = 0, i = 0, n, k;
	uint32_t c;

	while (i < len) {
		if (u[i] < 0x80) {
			width++;
			i++;
			continue;
		}
		if ((n = utf8_sequence_length(u + i, len - i)) == 0) {
			width++;
			i++;
			continue;
		}
		c = u[i] & (0x7F >> n);
		for (k = 1; k < n; k++)
			c = c << 6 | (u[i + k] & 0x3F);
		width += is_wide(c) ? 2 : 1;
		i += n;
	}
	return width;
}

unsigned
xlsxfmt_column_width(size_t text_width)
{
	if (text_width > XLSXFMT_WIDTH_MAX - COLUMN_PAD)
		return XLSXFMT_WIDTH_MAX;
	return (unsigned)text_width + COLUMN_PAD;
}

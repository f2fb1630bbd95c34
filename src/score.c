#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "i18n.h"
#include "score.h"
#include "text.h"

#define SCORE_ONE	UINT64_C(1000000000000000)	/* 10^15 */

static const uint64_t pow10_table[] = {
	UINT64_C(1), UINT64_C(10), UINT64_C(100), UINT64_C(1000),
	UINT64_C(10000), UINT64_C(100000), UINT64_C(1000000),
	UINT64_C(10000000), UINT64_C(100000000), UINT64_C(1000000000),
	UINT64_C(10000000000), UINT64_C(100000000000),
	UINT64_C(1000000000000), UINT64_C(10000000000000),
	UINT64_C(100000000000000), UINT64_C(1000000000000000),
};

static bool
has(const char *s, size_t len, const char *needle)
{
	return memmem(s, len, needle, strlen(needle)) != NULL;
}

/* Name the most likely mistake, so the clerk knows what to fix. */
static const char *
malformed_reason(const char *s, size_t len)
{
	if (len == 0)
		return N_("is empty");
	if (has(s, len, "\xE5\x88\x86"))		/* 分 */
		return N_("has a unit; write the number only");
	if (has(s, len, "\xEF\xBC"))	/* U+FF00..FF3F: full-width forms */
		return N_("has full-width characters; use ASCII digits 0-9");
	if (s[0] == '-')
		return N_("is negative; a score is from 0 to 100");
	if (s[0] == '.')
		return N_("starts with a point; write 0.5, not .5");
	if (memchr(s, ',', len) != NULL)
		return N_("has a thousands separator or a decimal comma");
	if (memchr(s, 'e', len) != NULL || memchr(s, 'E', len) != NULL)
		return N_("has an exponent; write the plain number");
	return N_("is not a plain decimal number");
}

const char *
score_parse(const char *s, size_t len, score_t *out)
{
	size_t i = 0, fraction_digits = 0;
	uint64_t whole = 0, fraction = 0;
	bool any_whole = false;

	if (i < len && s[i] == '+')
		i++;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		any_whole = true;
		/* Leading zeros are fine; more than 3 significant digits is > 100. */
		if (whole > 100)
			continue;
		whole = whole * 10 + (uint64_t)(s[i] - '0');
	}
	if (!any_whole)
		return malformed_reason(s, len);
	if (i < len && s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			if (++fraction_digits > SCORE_MAX_FRACTION)
				continue;
			fraction = fraction * 10 + (uint64_t)(s[i] - '0');
		}
	}
	if (i < len)
		return malformed_reason(s, len);
	if (fraction_digits > SCORE_MAX_FRACTION)
		return N_("has more than 15 digits after the point");
	if (whole > 100 || (whole == 100 && fraction > 0))
		return N_("is above 100");
	*out = whole * SCORE_ONE +
	    fraction * pow10_table[SCORE_MAX_FRACTION - fraction_digits];
	return NULL;
}

published_t
score_combine(score_t street, score_t dept, unsigned weight, unsigned decimals)
{
	/* At most 100 x 10^17 = 10^19 < 2^64. */
	uint64_t numerator = weight * street + (100 - weight) * dept;
	uint64_t divisor = 100 * pow10_table[SCORE_MAX_FRACTION - decimals];
	uint64_t quotient = numerator / divisor;
	uint64_t remainder = numerator % divisor;

	/* Half away from zero; every value here is non-negative. */
	if (remainder >= divisor - remainder)
		quotient++;
	return (published_t)quotient;
}

bool
score_reaches(published_t published, unsigned decimals, score_t floor)
{
	return published * pow10_table[SCORE_MAX_FRACTION - decimals] >= floor;
}

size_t
score_format(char out[SCORE_FORMAT_SIZE], published_t published,
    unsigned decimals)
{
	uint32_t unit = (uint32_t)pow10_table[decimals];
	uint32_t fraction = published % unit;
	size_t len = text_format_unsigned(out, published / unit), i;

	if (decimals == 0)
		return len;
	out[len++] = '.';
	/* The fraction's digits, leading zeros included. */
	for (i = decimals; i > 0; i--) {
		out[len + i - 1] = (char)('0' + fraction % 10);
		fraction /= 10;
	}
	len += decimals;
	out[len] = '\0';
	return len;
}

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

const unsigned char text_trim_edges[256] = {
	[' '] = TEXT_TRIM_FIRST | TEXT_TRIM_LAST,
	['\t'] = TEXT_TRIM_FIRST | TEXT_TRIM_LAST,
	[0xC2] = TEXT_TRIM_FIRST,	/* U+00A0	C2 A0 */
	[0xE2] = TEXT_TRIM_FIRST,	/* U+200B	E2 80 8B */
	[0xE3] = TEXT_TRIM_FIRST,	/* U+3000	E3 80 80 */
	[0xEF] = TEXT_TRIM_FIRST,	/* U+FEFF	EF BB BF */
	[0x80] = TEXT_TRIM_LAST,
	[0x8B] = TEXT_TRIM_LAST,
	[0xA0] = TEXT_TRIM_LAST,
	[0xBF] = TEXT_TRIM_LAST,
};

/* Length of a trimmable character at s, or 0. */
static size_t
trim_char_at(const unsigned char *s, size_t len)
{
	if (len == 0)
		return 0;
	switch (s[0]) {
	case ' ':
	case '\t':
		return 1;
	case 0xC2:				/* U+00A0 */
		return len >= 2 && s[1] == 0xA0 ? 2 : 0;
	case 0xE2:				/* U+200B */
		return len >= 3 && s[1] == 0x80 && s[2] == 0x8B ? 3 : 0;
	case 0xE3:				/* U+3000 */
		return len >= 3 && s[1] == 0x80 && s[2] == 0x80 ? 3 : 0;
	case 0xEF:				/* U+FEFF */
		return len >= 3 && s[1] == 0xBB && s[2] == 0xBF ? 3 : 0;
	default:
		return 0;
	}
}

/* Length of a trimmable character ending at s + len, or 0. */
static size_t
trim_char_before(const unsigned char *s, size_t len)
{
	if (len == 0)
		return 0;
	switch (s[len - 1]) {
	case ' ':
	case '\t':
		return 1;
	case 0xA0:				/* U+00A0 */
		return len >= 2 && s[len - 2] == 0xC2 ? 2 : 0;
	case 0x8B:				/* U+200B */
		return len >= 3 && s[len - 2] == 0x80 && s[len - 3] == 0xE2 ?
		    3 : 0;
	case 0x80:				/* U+3000 */
		return len >= 3 && s[len - 2] == 0x80 && s[len - 3] == 0xE3 ?
		    3 : 0;
	case 0xBF:				/* U+FEFF */
		return len >= 3 && s[len - 2] == 0xBB && s[len - 3] == 0xEF ?
		    3 : 0;
	default:
		return 0;
	}
}

/* text_trim's work, when an end may hold something to drop. */
void
text_trim_ends(const char **s, size_t *len)
{
	size_t n;

	while ((n = trim_char_at((const unsigned char *)*s, *len)) > 0) {
		*s += n;
		*len -= n;
	}
	while ((n = trim_char_before((const unsigned char *)*s, *len)) > 0)
		*len -= n;
}

static unsigned char
ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

bool
text_equal_nocase(const char *s, size_t len, const char *word)
{
	size_t i;

	if (strlen(word) != len)
		return false;
	for (i = 0; i < len; i++)
		if (ascii_lower((unsigned char)s[i]) !=
		    ascii_lower((unsigned char)word[i]))
			return false;
	return true;
}

bool
text_ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return n <= len && memcmp(s + len - n, suffix, n) == 0;
}

/*
 * Characters that show as nothing, or as a plain space, and so would make
 * a message show a cell that looks right: named by code point instead.
 */
static const struct {
	const char	*utf8;
	const char	*shown;		/* the name, or NULL: the code point */
	const char	*code;
} invisibles[] = {
	{ "\xC2\xA0", N_("no-break space"), "U+00A0" },
	{ "\xE2\x80\x8B", NULL, "U+200B" },
	{ "\xE2\x80\x8C", NULL, "U+200C" },
	{ "\xE2\x80\x8D", NULL, "U+200D" },
	{ "\xE2\x81\xA0", NULL, "U+2060" },
	{ "\xEF\xBB\xBF", NULL, "U+FEFF" },
};

/*
 * How the character of n bytes at s is shown in an excerpt, into piece
 * (of size bytes); returns the length.  n is 0 for a byte that does not
 * begin a UTF-8 character.
 */
static size_t
show_char(char *piece, size_t size, const unsigned char *s, size_t n)
{
	size_t i;
	int len;

	if (n == 1 && (s[0] == '\n' || s[0] == '\r' || s[0] == '\t'))
		len = snprintf(piece, size, "\\%c",
		    s[0] == '\n' ? 'n' : s[0] == '\r' ? 'r' : 't');
	else if (n == 0 || (n == 1 && (s[0] < 0x20 || s[0] == 0x7F)))
		len = snprintf(piece, size, "\\x%02X", s[0]);
	else {
		for (i = 0; i < sizeof invisibles / sizeof invisibles[0]; i++)
			if (strlen(invisibles[i].utf8) == n &&
			    memcmp(invisibles[i].utf8, s, n) == 0)
				break;
		if (i == sizeof invisibles / sizeof invisibles[0]) {
			memcpy(piece, s, n);
			return n;
		}
		if (invisibles[i].shown != NULL)
			len = snprintf(piece, size, "<%s %s>", invisibles[i].code,
			    _(invisibles[i].shown));
		else
			len = snprintf(piece, size, "<%s>", invisibles[i].code);
	}
	return len < 0 ? 0 : (size_t)len < size ? (size_t)len : size - 1;
}

/*
 * Control characters and bytes that are not UTF-8 are escaped, and
 * invisible characters named, so that a message stays on one line and
 * shows exactly what the cell held.
 */
const char *
text_excerpt(char out[TEXT_EXCERPT_SIZE], const char *s, size_t len)
{
	static const char ellipsis[] = "\xE2\x80\xA6";	/* … */
	const unsigned char *u = (const unsigned char *)s;
	char piece[TEXT_EXCERPT_SIZE / TEXT_EXCERPT_CHARS];
	size_t i = 0, o = 0, chars = 0, n, shown;

	while (i < len && chars < TEXT_EXCERPT_CHARS) {
		n = utf8_sequence_length(u + i, len - i);
		shown = show_char(piece, sizeof piece, u + i, n);
		if (o + shown + sizeof ellipsis > TEXT_EXCERPT_SIZE)
			break;
		memcpy(out + o, piece, shown);
		o += shown;
		i += n > 0 ? n : 1;
		chars++;
	}
	if (i < len) {
		memcpy(out + o, ellipsis, sizeof ellipsis - 1);
		o += sizeof ellipsis - 1;
	}
	out[o] = '\0';
	return out;
}

size_t
text_format_unsigned(char out[TEXT_UNSIGNED_SIZE], unsigned long n)
{
	unsigned long rest;
	size_t len = 1, i;

	for (rest = n; rest >= 10; rest /= 10)
		len++;
	out[len] = '\0';
	for (i = len; i > 0; i--) {
		out[i - 1] = (char)('0' + n % 10);
		n /= 10;
	}
	return len;
}

/*
 * Text helpers shared by the reader, the sheet and the policy: UTF-8
 * validation (RFC 3629, stricter than glibc), the SPEC's trim set, ASCII
 * case folding for names, and short excerpts of bad text for messages.
 * Text is always (pointer, length): cells may legally hold no terminator.
 */
#ifndef KAOPING_TEXT_H
#define KAOPING_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Text held elsewhere, by pointer and length. */
struct text_span {
	const char	*s;
	size_t		 len;
};

/* Characters of a cell shown in a message before it is cut with "…". */
#define TEXT_EXCERPT_CHARS	40
/*
 * Room for 40 characters each shown at its longest (an invisible character
 * named, "<U+00A0 no-break space>", with room for a longer translation),
 * the ellipsis and the terminator.  A translation that does not fit is cut.
 */
#define TEXT_EXCERPT_SIZE	(TEXT_EXCERPT_CHARS * 32 + 8)

/*
 * The well-formed byte sequences of RFC 3629 (Unicode table 3-7).  The
 * second byte's range depends on the first so that overlong forms,
 * surrogates and code points above U+10FFFF are all rejected.  Inline:
 * the reader calls it for every non-ASCII character of a sheet.
 */
static inline size_t
utf8_sequence_length(const unsigned char *s, size_t len)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t need, i;

	if (len == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		need = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		need = 3;
		if (s[0] == 0xE0)
			lo = 0xA0;
		else if (s[0] == 0xED)
			hi = 0x9F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		need = 4;
		if (s[0] == 0xF0)
			lo = 0x90;
		else if (s[0] == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (len < need || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < need; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return need;
}


void	text_trim_ends(const char **s, size_t *len);

/* text_trim_edges[byte]: whether a trimmed character may begin or end so. */
#define TEXT_TRIM_FIRST	1
#define TEXT_TRIM_LAST	2
extern const unsigned char text_trim_edges[256];

/*
 * Drop the SPEC's trim set from both ends: space, tab, U+3000 IDEOGRAPHIC
 * SPACE (E3 80 80), U+00A0 NO-BREAK SPACE (C2 A0), U+FEFF (EF BB BF) and
 * U+200B ZERO WIDTH SPACE (E2 80 8B).  Inline because every cell of a
 * sheet is trimmed, and most have nothing to drop, which a table tells
 * from their first and last bytes.
 */
static inline void
text_trim(const char **s, size_t *len)
{
	const unsigned char *p = (const unsigned char *)*s;
	size_t n = *len;

	if (n > 0 && ((text_trim_edges[p[0]] & TEXT_TRIM_FIRST) |
	    (text_trim_edges[p[n - 1]] & TEXT_TRIM_LAST)))
		text_trim_ends(s, len);
}
/* s equals the NUL-terminated word, ASCII letters compared without case. */
bool	text_equal_nocase(const char *s, size_t len, const char *word);
/* s ends with the NUL-terminated suffix, byte for byte. */
bool	text_ends_with(const char *s, size_t len, const char *suffix);
/* Room for any unsigned long in decimal, with a terminator. */
#define TEXT_UNSIGNED_SIZE	21
/* Write n in decimal; returns the length.  (snprintf is slow per row.) */
size_t	text_format_unsigned(char out[TEXT_UNSIGNED_SIZE], unsigned long n);
/*
 * A printable excerpt of s for a message, NUL-terminated in out: at most
 * TEXT_EXCERPT_CHARS characters, then "…"; control characters and bytes
 * that are not UTF-8 escaped (\n, \x1B), invisible characters named by
 * code point ("<U+00A0 no-break space>", "<U+200B>").
 */
const char *text_excerpt(char out[TEXT_EXCERPT_SIZE], const char *s,
	    size_t len);

#endif

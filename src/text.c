#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

/* Length of a trimmable character at s (space, tab, U+3000), or 0. */
static size_t
trim_char_at(const char *s, size_t len)
{
	if (len >= 1 && (s[0] == ' ' || s[0] == '\t'))
		return 1;
	if (len >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

/* Length of a trimmable character ending at s + len, or 0. */
static size_t
trim_char_before(const char *s, size_t len)
{
	if (len >= 1 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		return 1;
	if (len >= 3 && memcmp(s + len - 3, "\xE3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

/* text_trim's work, when an end may hold something to drop. */
void
text_trim_ends(const char **s, size_t *len)
{
	size_t n;

	while ((n = trim_char_at(*s, *len)) > 0) {
		*s += n;
		*len -= n;
	}
	while ((n = trim_char_before(*s, *len)) > 0)
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
 * Control characters and bytes that are not UTF-8 are escaped so that a
 * message stays on one line and shows exactly what the cell held.
 */
const char *
text_excerpt(char out[TEXT_EXCERPT_SIZE], const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0, chars = 0, n;

	while (i < len && chars < TEXT_EXCERPT_CHARS) {
		n = utf8_sequence_length(u + i, len - i);
		if (n == 1 && u[i] == '\n')
			o += (size_t)snprintf(out + o, 3, "\\n");
		else if (n == 1 && u[i] == '\r')
			o += (size_t)snprintf(out + o, 3, "\\r");
		else if (n == 1 && u[i] == '\t')
			o += (size_t)snprintf(out + o, 3, "\\t");
		else if (n == 0 || (n == 1 && (u[i] < 0x20 || u[i] == 0x7F)))
			o += (size_t)snprintf(out + o, 5, "\\x%02X", u[i]);
		else {
			memcpy(out + o, s + i, n);
			o += n;
		}
		i += n > 0 ? n : 1;
		chars++;
	}
	if (i < len) {
		memcpy(out + o, "\xE2\x80\xA6", 3);	/* … */
		o += 3;
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

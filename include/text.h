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

/* Characters of a cell shown in a message before it is cut with "…". */
#define TEXT_EXCERPT_CHARS	40
/* Worst case: every character escaped as \xNN, plus the ellipsis. */
#define TEXT_EXCERPT_SIZE	(TEXT_EXCERPT_CHARS * 4 + 8)

/* Length of the valid UTF-8 sequence at s, or 0 if it is not one. */
size_t	utf8_sequence_length(const unsigned char *s, size_t len);
/* True if all of s is UTF-8; else *bad is the offset of the first bad byte. */
bool	utf8_valid(const char *s, size_t len, size_t *bad);

/* Drop leading and trailing spaces, tabs and U+3000 IDEOGRAPHIC SPACE. */
void	text_trim(const char **s, size_t *len);
/* s equals the NUL-terminated word, ASCII letters compared without case. */
bool	text_equal_nocase(const char *s, size_t len, const char *word);
/* s ends with the NUL-terminated suffix, byte for byte. */
bool	text_ends_with(const char *s, size_t len, const char *suffix);
/* Room for any unsigned long in decimal, with a terminator. */
#define TEXT_UNSIGNED_SIZE	21
/* Write n in decimal; returns the length.  (snprintf is slow per row.) */
size_t	text_format_unsigned(char out[TEXT_UNSIGNED_SIZE], unsigned long n);
/* A printable excerpt of s for a message, NUL-terminated in out. */
const char *text_excerpt(char out[TEXT_EXCERPT_SIZE], const char *s,
	    size_t len);

#endif

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "helpers.h"
#include "text.h"

#define ELLIPSIS	"\xE2\x80\xA6"		/* … */
#define IDEO_SPACE	"\xE3\x80\x80"		/* U+3000 */
#define NBSP		"\xC2\xA0"		/* U+00A0 */
#define BOM_CHAR	"\xEF\xBB\xBF"		/* U+FEFF */
#define ZWSP		"\xE2\x80\x8B"		/* U+200B */
#define ZHONG		"\xE4\xB8\xAD"		/* 中 */

/* Assert that s (len bytes) is invalid with the first bad byte at want. */
/*
 * Walk s with utf8_sequence_length as the reader does: true if all of it
 * is UTF-8, else *bad is the offset of the first bad byte.
 */
static bool
utf8_valid(const char *s, size_t len, size_t *bad)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if ((n = utf8_sequence_length(u + i, len - i)) == 0) {
			*bad = i;
			return false;
		}
		i += n;
	}
	return true;
}

static void
check_invalid(const char *s, size_t len, size_t want)
{
	size_t bad = (size_t)-1;

	assert_false(utf8_valid(s, len, &bad));
	assert_int_equal(bad, want);
}

static void
check_valid(const char *s, size_t len)
{
	size_t bad = 0;

	assert_true(utf8_valid(s, len, &bad));
}

/* Ensure ASCII and well-formed 2, 3 and 4 byte sequences are accepted. */
static void
test_utf8_valid_accepts_well_formed(void **state)
{
	(void)state;
	check_valid("", 0);
	check_valid("staff_id,name\r\n", 15);
	check_valid("\xC2\x80", 2);			/* U+0080 */
	check_valid("\xDF\xBF", 2);			/* U+07FF */
	check_valid("\xE0\xA0\x80", 3);			/* U+0800 */
	check_valid(ZHONG "\xE6\x96\x87", 6);		/* 中文 */
	check_valid("\xEE\x80\x80", 3);			/* U+E000 */
	check_valid("\xEF\xBF\xBD", 3);			/* U+FFFD */
	check_valid("\xF0\x90\x80\x80", 4);		/* U+10000 */
	check_valid("\xF0\x9F\x98\x80", 4);		/* U+1F600 */
	check_valid("\xF4\x8F\xBF\xBF", 4);		/* U+10FFFF */
	check_valid("a\xC3\xA9" ZHONG "\xF0\x9F\x98\x80z", 11);
}

/* Ensure overlong forms, surrogates and values past U+10FFFF are refused. */
static void
test_utf8_valid_rejects_ill_formed(void **state)
{
	(void)state;
	check_invalid("\xC0\x80", 2, 0);		/* overlong NUL */
	check_invalid("\xC1\xBF", 2, 0);		/* overlong */
	check_invalid("\xE0\x80\xAF", 3, 0);		/* overlong '/' */
	check_invalid("\xE0\x9F\xBF", 3, 0);		/* overlong */
	check_invalid("\xF0\x8F\xBF\xBF", 4, 0);	/* overlong */
	check_invalid("\xED\xA0\x80", 3, 0);		/* U+D800 */
	check_invalid("\xED\xBF\xBF", 3, 0);		/* U+DFFF */
	check_invalid("\xF4\x90\x80\x80", 4, 0);	/* U+110000 */
	check_invalid("\xF5\x80\x80\x80", 4, 0);
	check_invalid("\xF8\x88\x80\x80\x80", 5, 0);	/* 5 bytes */
	check_invalid("\xFC\x84\x80\x80\x80\x80", 6, 0);
	check_invalid("\xFF", 1, 0);
	check_invalid("\xFE", 1, 0);
	check_invalid("\x80", 1, 0);			/* lone continuation */
	check_invalid("\xBF", 1, 0);
}

/* Ensure sequences cut short are refused, at the end or mid-text. */
static void
test_utf8_valid_rejects_truncated(void **state)
{
	(void)state;
	check_invalid("\xE4\xB8", 2, 0);
	check_invalid("\xF0\x9F\x98", 3, 0);
	check_invalid("\xC3", 1, 0);
	check_invalid("\xE4\xB8" "a", 3, 0);
	check_invalid("\xE4" "ab", 3, 0);
	/* a full 中 is not valid when only 2 of its bytes are in range */
	check_invalid(ZHONG, 2, 0);
}

/* Ensure the offset of the first bad byte is reported, not a later one. */
static void
test_utf8_valid_reports_offset(void **state)
{
	(void)state;
	check_invalid("abc\xFF", 4, 3);
	check_invalid(ZHONG "\x80", 4, 3);
	check_invalid("ab" ZHONG "\xC0\x80" "\xFF", 8, 5);
	check_invalid(ZHONG ZHONG "\xE4\xB8", 8, 6);
	check_invalid("x\xED\xA0\x80", 4, 1);
	check_invalid("\xF0\x9F\x98\x80" "\xF4\x90\x80\x80", 8, 4);
}

/* Ensure a NUL byte is not mistaken for the end of the text. */
static void
test_utf8_valid_reads_len_bytes(void **state)
{
	(void)state;
	check_invalid("a\0\xFF", 3, 2);
	check_valid("a\xFF", 1);
}

static void
check_trim(const char *in, const char *want)
{
	const char *s = in;
	size_t len = strlen(in);

	text_trim(&s, &len);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(s, want, len);
	/* The result lies inside the input. */
	assert_true(s >= in && s + len <= in + strlen(in));
}

/* Ensure spaces, tabs and U+3000 go from both ends, mixed. */
static void
test_text_trim_both_ends(void **state)
{
	(void)state;
	check_trim("  85  ", "85");
	check_trim("\t85\t", "85");
	check_trim(IDEO_SPACE "85" IDEO_SPACE, "85");
	check_trim(" \t" IDEO_SPACE " " ZHONG IDEO_SPACE "\t " IDEO_SPACE,
	    ZHONG);
	check_trim("a b", "a b");
	check_trim(" a" IDEO_SPACE "b ", "a" IDEO_SPACE "b");
	check_trim("85", "85");
	/* One end only: each is looked at on its own. */
	check_trim(IDEO_SPACE "85", "85");
	check_trim("85" IDEO_SPACE, "85");
	check_trim("\t" ZHONG, ZHONG);
	check_trim(ZHONG " ", ZHONG);
}

/* Ensure U+00A0, U+FEFF and U+200B go from both ends, but stay inside. */
static void
test_text_trim_invisible_ends(void **state)
{
	(void)state;
	check_trim(NBSP "85" NBSP, "85");
	check_trim(BOM_CHAR "staff_id", "staff_id");
	check_trim(ZWSP ZHONG ZWSP, ZHONG);
	check_trim(" " NBSP "\t" ZWSP IDEO_SPACE BOM_CHAR "85 " NBSP ZWSP,
	    "85");
	check_trim("8" NBSP "5", "8" NBSP "5");
	check_trim("a" ZWSP BOM_CHAR "b", "a" ZWSP BOM_CHAR "b");
}

/* Ensure other white space and near misses are not trimmed. */
static void
test_text_trim_keeps_others(void **state)
{
	(void)state;
	check_trim("\n85\r", "\n85\r");
	check_trim("\v85\f", "\v85\f");
	check_trim("\xE2\x80\x83" "85", "\xE2\x80\x83" "85");	/* U+2003 */
	check_trim("85\xE2\x80\x8C", "85\xE2\x80\x8C");		/* U+200C */
	/* Characters that end in a trimmed character's last byte. */
	check_trim("\xE5\x88\x80", "\xE5\x88\x80");	/* 刀: ends 80 */
	check_trim("\xE4\xBB\xBF", "\xE4\xBB\xBF");	/* 仿: ends BF */
	check_trim("\xC3\xA0", "\xC3\xA0");		/* à: ends A0 */
	check_trim("\xE5\x80\x8B", "\xE5\x80\x8B");	/* 個: ends 8B */
}

/* Ensure text of trimmable characters only trims to nothing. */
static void
test_text_trim_to_empty(void **state)
{
	(void)state;
	check_trim("", "");
	check_trim(" ", "");
	check_trim(" \t" IDEO_SPACE "\t ", "");
	check_trim(IDEO_SPACE IDEO_SPACE, "");
	check_trim(NBSP BOM_CHAR ZWSP " ", "");
}

/* Ensure a lone part of a trimmed character is not trimmed. */
static void
test_text_trim_partial_characters(void **state)
{
	(void)state;
	check_trim("\xE3\x80" "a" "\xE3\x80", "\xE3\x80" "a" "\xE3\x80");
	check_trim("\xC2" "a" "\xA0", "\xC2" "a" "\xA0");
	check_trim("\xEF\xBB" "a" "\xBB\xBF", "\xEF\xBB" "a" "\xBB\xBF");
	check_trim("\xE2\x80", "\xE2\x80");
	check_trim("\x80\x8B", "\x80\x8B");
}

/* Ensure names match ASCII letters without case, other bytes exactly. */
static void
test_text_equal_nocase_names(void **state)
{
	(void)state;
	assert_true(text_equal_nocase("STAFF_ID", 8, "staff_id"));
	assert_true(text_equal_nocase("Staff_Id", 8, "staff_id"));
	assert_true(text_equal_nocase("staff_id", 8, "STAFF_ID"));
	assert_true(text_equal_nocase("TRUE", 4, "true"));
	assert_false(text_equal_nocase("staff-id", 8, "staff_id"));
	assert_false(text_equal_nocase("staff_i", 7, "staff_id"));
	assert_false(text_equal_nocase("staff_idx", 9, "staff_id"));
	assert_false(text_equal_nocase("staff_id", 7, "staff_id"));
	assert_true(text_equal_nocase("staff_idx", 8, "staff_id"));
	assert_true(text_equal_nocase("", 0, ""));
	assert_false(text_equal_nocase("", 0, "x"));
}

/* Ensure Chinese names match byte for byte. */
static void
test_text_equal_nocase_cjk(void **state)
{
	(void)state;
	assert_true(text_equal_nocase("\xE5\xB7\xA5\xE5\x8F\xB7", 6,
	    "\xE5\xB7\xA5\xE5\x8F\xB7"));			/* 工号 */
	assert_false(text_equal_nocase("\xE5\xB7\xA5\xE5\x8F\xB7", 6,
	    "\xE5\xB7\xA5\xE5\x8F\xB8"));
	/* Bytes above 0x7F are not case-folded: É vs é differ. */
	assert_false(text_equal_nocase("\xC3\x89", 2, "\xC3\xA9"));
	/* Only letters fold: '@' (0x40) and '`' (0x60) stay distinct. */
	assert_false(text_equal_nocase("@", 1, "`"));
	assert_false(text_equal_nocase("[", 1, "{"));
}

/* Ensure suffixes match byte for byte and no longer than the text. */
static void
test_text_ends_with_suffixes(void **state)
{
	const char *unit = "\xE5\xA4\xA7\xE5\x8D\x97\xE8\xA1\x97\xE9\x81\x93"
	    "\xE5\x8F\xB8\xE6\xB3\x95\xE6\x89\x80";	/* 大南街道司法所 */

	(void)state;
	assert_true(text_ends_with(unit, strlen(unit),
	    "\xE5\x8F\xB8\xE6\xB3\x95\xE6\x89\x80"));	/* 司法所 */
	assert_true(text_ends_with(unit, strlen(unit), unit));
	assert_true(text_ends_with(unit, strlen(unit), ""));
	assert_false(text_ends_with(unit, strlen(unit),
	    "\xE7\xA8\x8E\xE5\x8A\xA1\xE6\x89\x80"));	/* 税务所 */
	assert_true(text_ends_with("report.csv", 10, ".csv"));
	assert_false(text_ends_with("report.CSV", 10, ".csv"));
	assert_false(text_ends_with("csv", 3, ".csv"));
	assert_false(text_ends_with("", 0, "a"));
	/* len bounds the text: "ab" of "abc" does not end with "c". */
	assert_false(text_ends_with("abc", 2, "c"));
	assert_true(text_ends_with("abc", 2, "b"));
}

/* Ensure short text is shown as it is. */
static void
test_text_excerpt_short_unchanged(void **state)
{
	char out[TEXT_EXCERPT_SIZE];
	const char *s = "85\xE5\x88\x86";		/* 85分 */

	(void)state;
	assert_ptr_equal(text_excerpt(out, s, strlen(s)), out);
	assert_string_equal(out, s);
	text_excerpt(out, "", 0);
	assert_string_equal(out, "");
}

/* Ensure exactly 40 characters are kept whole, 41 are cut with "…". */
static void
test_text_excerpt_ascii_cut(void **state)
{
	char out[TEXT_EXCERPT_SIZE], in[100];

	(void)state;
	memset(in, 'a', sizeof in);
	text_excerpt(out, in, TEXT_EXCERPT_CHARS);
	assert_int_equal(strlen(out), TEXT_EXCERPT_CHARS);
	assert_not_contains(out, ELLIPSIS);
	text_excerpt(out, in, TEXT_EXCERPT_CHARS + 1);
	assert_int_equal(strlen(out), TEXT_EXCERPT_CHARS + 3);
	assert_memory_equal(out, in, TEXT_EXCERPT_CHARS);
	assert_string_equal(out + TEXT_EXCERPT_CHARS, ELLIPSIS);
	text_excerpt(out, in, sizeof in);
	assert_string_equal(out + TEXT_EXCERPT_CHARS, ELLIPSIS);
}

/* Ensure Chinese text is cut after 40 characters, not 40 bytes. */
static void
test_text_excerpt_cjk_counts_characters(void **state)
{
	char out[TEXT_EXCERPT_SIZE], in[3 * 50 + 1], want[3 * 40 + 4];
	size_t i;

	(void)state;
	for (i = 0; i < 50; i++)
		memcpy(in + 3 * i, ZHONG, 3);
	in[3 * 50] = '\0';
	memcpy(want, in, 3 * 40);
	memcpy(want + 3 * 40, ELLIPSIS, 4);
	text_excerpt(out, in, 3 * 50);
	assert_string_equal(out, want);
	/* 40 characters of 120 bytes are not cut */
	text_excerpt(out, in, 3 * 40);
	assert_int_equal(strlen(out), 3 * 40);
	assert_not_contains(out, ELLIPSIS);
	/* Mixed: 39 ASCII then 中 then more */
	memset(in, 'x', 39);
	memcpy(in + 39, ZHONG "yz", 6);
	text_excerpt(out, in, 44);
	assert_int_equal(strlen(out), 39 + 3 + 3);
	assert_memory_equal(out + 39, ZHONG ELLIPSIS, 7);
}

/* Ensure control characters and bad bytes are escaped, not printed raw. */
static void
test_text_excerpt_escapes(void **state)
{
	char out[TEXT_EXCERPT_SIZE];

	(void)state;
	text_excerpt(out, "a\nb\rc\td", 7);
	assert_string_equal(out, "a\\nb\\rc\\td");
	text_excerpt(out, "x\0y", 3);
	assert_string_equal(out, "x\\x00y");
	text_excerpt(out, "\xFF" "85", 3);
	assert_string_equal(out, "\\xFF85");
	text_excerpt(out, "\x1B[0m\x7F", 5);
	assert_string_equal(out, "\\x1B[0m\\x7F");
	/* a truncated 中 shows both bytes */
	text_excerpt(out, "a\xE4\xB8", 3);
	assert_string_equal(out, "a\\xE4\\xB8");
	/* valid multibyte text around a bad byte is kept */
	text_excerpt(out, ZHONG "\xC0\x80" ZHONG, 8);
	assert_string_equal(out, ZHONG "\\xC0\\x80" ZHONG);
}

/* Ensure invisible characters are named by code point, wherever they are. */
static void
test_text_excerpt_names_invisibles(void **state)
{
	char out[TEXT_EXCERPT_SIZE];

	(void)state;
	text_excerpt(out, "85" NBSP, 4);
	assert_string_equal(out, "85<U+00A0 no-break space>");
	text_excerpt(out, BOM_CHAR "a" ZWSP "b", 8);
	assert_string_equal(out, "<U+FEFF>a<U+200B>b");
	text_excerpt(out, "\xE2\x80\x8C\xE2\x80\x8D\xE2\x81\xA0", 9);
	assert_string_equal(out, "<U+200C><U+200D><U+2060>");
	/* Visible characters near them are as they are. */
	text_excerpt(out, IDEO_SPACE ZHONG "\xC3\xA0", 8);
	assert_string_equal(out, IDEO_SPACE ZHONG "\xC3\xA0");
}

/* Ensure 40 named characters, then "…", fit the buffer. */
static void
test_text_excerpt_many_invisibles_fit(void **state)
{
	char out[TEXT_EXCERPT_SIZE + 16], in[2 * 50];
	size_t i;

	(void)state;
	memset(out, '#', sizeof out);
	for (i = 0; i < 50; i++)
		memcpy(in + 2 * i, NBSP, 2);
	text_excerpt(out, in, sizeof in);
	assert_int_equal(count_occurrences(out, "<U+00A0 no-break space>"),
	    TEXT_EXCERPT_CHARS);
	assert_true(strlen(out) < TEXT_EXCERPT_SIZE);
	assert_string_equal(out + strlen(out) - 3, ELLIPSIS);
	for (i = TEXT_EXCERPT_SIZE; i < sizeof out; i++)
		assert_int_equal(out[i], '#');
}

/* Ensure the worst case, 40 escaped bytes and "…", fits the buffer. */
static void
test_text_excerpt_worst_case_fits(void **state)
{
	char out[TEXT_EXCERPT_SIZE + 16], in[200];
	size_t i;

	(void)state;
	memset(out, '#', sizeof out);
	memset(in, '\xFF', sizeof in);
	text_excerpt(out, in, sizeof in);
	assert_int_equal(strlen(out), 4 * TEXT_EXCERPT_CHARS + 3);
	assert_string_equal(out + 4 * TEXT_EXCERPT_CHARS, ELLIPSIS);
	assert_true(strlen(out) < TEXT_EXCERPT_SIZE);
	for (i = TEXT_EXCERPT_SIZE; i < sizeof out; i++)
		assert_int_equal(out[i], '#');
	memset(in, '\n', sizeof in);
	text_excerpt(out, in, sizeof in);
	assert_int_equal(strlen(out), 2 * TEXT_EXCERPT_CHARS + 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid_accepts_well_formed),
		cmocka_unit_test(test_utf8_valid_rejects_ill_formed),
		cmocka_unit_test(test_utf8_valid_rejects_truncated),
		cmocka_unit_test(test_utf8_valid_reports_offset),
		cmocka_unit_test(test_utf8_valid_reads_len_bytes),
		cmocka_unit_test(test_text_trim_both_ends),
		cmocka_unit_test(test_text_trim_invisible_ends),
		cmocka_unit_test(test_text_trim_keeps_others),
		cmocka_unit_test(test_text_trim_to_empty),
		cmocka_unit_test(test_text_trim_partial_characters),
		cmocka_unit_test(test_text_equal_nocase_names),
		cmocka_unit_test(test_text_equal_nocase_cjk),
		cmocka_unit_test(test_text_ends_with_suffixes),
		cmocka_unit_test(test_text_excerpt_short_unchanged),
		cmocka_unit_test(test_text_excerpt_ascii_cut),
		cmocka_unit_test(test_text_excerpt_cjk_counts_characters),
		cmocka_unit_test(test_text_excerpt_escapes),
		cmocka_unit_test(test_text_excerpt_names_invisibles),
		cmocka_unit_test(test_text_excerpt_many_invisibles_fit),
		cmocka_unit_test(test_text_excerpt_worst_case_fits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

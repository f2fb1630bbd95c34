#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "helpers.h"
#include "xlsxfmt.h"

/* The format of s, failing the test when there is none. */
static const char *
format_of(const char *s, char out[XLSXFMT_FORMAT_SIZE])
{
	if (!xlsxfmt_number_format(s, strlen(s), out))
		fail_msg("no number format for \"%s\"", s);
	return out;
}

static bool
has_format(const char *s)
{
	char out[XLSXFMT_FORMAT_SIZE];

	return xlsxfmt_number_format(s, strlen(s), out);
}

/* Ensure the places after the point are as many as the text has. */
static void
test_xlsxfmt_number_format_decimals(void **state)
{
	char out[XLSXFMT_FORMAT_SIZE];

	(void)state;
	assert_string_equal(format_of("85.50", out), "0.00");
	assert_string_equal(format_of("85.5", out), "0.0");
	assert_string_equal(format_of("85", out), "0");
	assert_string_equal(format_of("100", out), "0");
	assert_string_equal(format_of("0", out), "0");
	assert_string_equal(format_of("0.000", out), "0.000");
	assert_string_equal(format_of("85.123456789012", out),
	    "0.000000000000");
}

/* Ensure a trailing point, leading zeros, a missing integer part show. */
static void
test_xlsxfmt_number_format_shape(void **state)
{
	char out[XLSXFMT_FORMAT_SIZE];

	(void)state;
	assert_string_equal(format_of("85.", out), "0.");
	assert_string_equal(format_of("007", out), "000");
	assert_string_equal(format_of("007.50", out), "000.00");
	assert_string_equal(format_of("0.5", out), "0.0");
	assert_string_equal(format_of(".5", out), "#.0");
	assert_string_equal(format_of("+85.5", out), "+0.0");
	assert_string_equal(format_of("+007", out), "+000");
}

/* Ensure texts that are no plain decimal get no number format. */
static void
test_xlsxfmt_number_format_not_decimal(void **state)
{
	(void)state;
	assert_false(has_format(""));
	assert_false(has_format("+"));
	assert_false(has_format("."));
	assert_false(has_format("+."));
	assert_false(has_format("-5"));
	assert_false(has_format("85,5"));
	assert_false(has_format("1e5"));
	assert_false(has_format("8 5"));
	assert_false(has_format(" 85"));
	assert_false(has_format("85分"));
	assert_false(has_format("\xEF\xBC\x98\xEF\xBC\x95"));	/* ８５ */
	assert_false(has_format("1.2.3"));
}

/* Ensure only len bytes are read. */
static void
test_xlsxfmt_number_format_length_bounded(void **state)
{
	char out[XLSXFMT_FORMAT_SIZE];

	(void)state;
	assert_true(xlsxfmt_number_format("85.50x", 5, out));
	assert_string_equal(out, "0.00");
	assert_false(xlsxfmt_number_format("85.50x", 6, out));
}

/*
 * Ensure a text with more significant digits than a spreadsheet shows
 * gets no number format, while zeros that only place the point or pad
 * the end do not count.
 */
static void
test_xlsxfmt_number_format_significant_digits(void **state)
{
	char out[XLSXFMT_FORMAT_SIZE];

	(void)state;
	assert_string_equal(format_of("12345.6789012345", out),
	    "0.0000000000");
	assert_false(has_format("12345.67890123456"));
	assert_false(has_format("85.123456789012345"));
	assert_false(has_format("210103198705123456"));
	assert_string_equal(format_of("0.000000000000001", out),
	    "0.000000000000000");
	assert_string_equal(format_of("100.000000000000000", out),
	    "0.000000000000000");
	assert_string_equal(format_of("00000000000000000085", out),
	    "00000000000000000000");
}

/* Ensure a format that would not fit its buffer is refused, not cut. */
static void
test_xlsxfmt_number_format_too_long(void **state)
{
	char text[XLSXFMT_FORMAT_SIZE + 8], out[XLSXFMT_FORMAT_SIZE];
	size_t n;

	(void)state;
	for (n = 1; n < sizeof text; n++) {
		memset(text, '0', n);
		if (xlsxfmt_number_format(text, n, out)) {
			assert_int_equal(strlen(out), n);
			assert_true(n < XLSXFMT_FORMAT_SIZE);
		} else
			assert_true(n >= XLSXFMT_FORMAT_SIZE);
	}
}

/* Ensure ASCII counts one column a character. */
static void
test_xlsxfmt_text_width_ascii(void **state)
{
	(void)state;
	assert_int_equal(xlsxfmt_text_width("", 0), 0);
	assert_int_equal(xlsxfmt_text_width("staff_id", 8), 8);
	assert_int_equal(xlsxfmt_text_width("85.50", 5), 5);
}

/* Ensure CJK, Hangul and full-width characters count two columns. */
static void
test_xlsxfmt_text_width_wide(void **state)
{
	static const char *const wide[] = {
		"\xE5\xBC\xA0",		/* 张 U+5F20 */
		"\xE3\x80\x81",		/* 、 U+3001 */
		"\xEA\xB0\x80",		/* 가 U+AC00 */
		"\xEF\xBC\x98",		/* ８ U+FF18 */
		"\xEF\xBF\xA5",		/* ￥ U+FFE5 */
		"\xF0\xA0\x80\x80",	/* U+20000, CJK extension B */
		"\xE1\x84\x80",		/* U+1100 Hangul choseong */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof wide / sizeof wide[0]; i++)
		assert_int_equal(xlsxfmt_text_width(wide[i],
		    strlen(wide[i])), 2);
	assert_int_equal(xlsxfmt_text_width("主管部门考评分",
	    strlen("主管部门考评分")), 14);
}

/* Ensure accented, Cyrillic and half-width katakana count one column. */
static void
test_xlsxfmt_text_width_narrow(void **state)
{
	(void)state;
	assert_int_equal(xlsxfmt_text_width("\xC3\xA9", 2), 1);	/* é */
	assert_int_equal(xlsxfmt_text_width("\xD0\x96", 2), 1);	/* Ж */
	assert_int_equal(xlsxfmt_text_width("\xEF\xBD\xB1", 3), 1); /* ｱ */
	assert_int_equal(xlsxfmt_text_width("\xE2\x82\xAC", 3), 1); /* € */
}

/* Ensure mixed text adds up, and bytes that are not UTF-8 count one. */
static void
test_xlsxfmt_text_width_mixed(void **state)
{
	(void)state;
	assert_int_equal(xlsxfmt_text_width("南湖2号", strlen("南湖2号")),
	    7);
	assert_int_equal(xlsxfmt_text_width("a\xFF\xE5\xBC", 4), 4);
	assert_int_equal(xlsxfmt_text_width("\xED\xA0\x80", 3), 3);
}

/* Ensure a column is wider than its text, and never wider than the cap. */
static void
test_xlsxfmt_column_width_bounds(void **state)
{
	size_t w;

	(void)state;
	for (w = 0; w < 200; w++) {
		assert_true(xlsxfmt_column_width(w) <= XLSXFMT_WIDTH_MAX);
		if (w < XLSXFMT_WIDTH_MAX)
			assert_true(xlsxfmt_column_width(w) > w);
		if (w > 0)
			assert_true(xlsxfmt_column_width(w) >=
			    xlsxfmt_column_width(w - 1));
	}
	assert_int_equal(xlsxfmt_column_width(100000), XLSXFMT_WIDTH_MAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsxfmt_number_format_decimals),
		cmocka_unit_test(test_xlsxfmt_number_format_shape),
		cmocka_unit_test(test_xlsxfmt_number_format_not_decimal),
		cmocka_unit_test(test_xlsxfmt_number_format_length_bounded),
		cmocka_unit_test(
		    test_xlsxfmt_number_format_significant_digits),
		cmocka_unit_test(test_xlsxfmt_number_format_too_long),
		cmocka_unit_test(test_xlsxfmt_text_width_ascii),
		cmocka_unit_test(test_xlsxfmt_text_width_wide),
		cmocka_unit_test(test_xlsxfmt_text_width_narrow),
		cmocka_unit_test(test_xlsxfmt_text_width_mixed),
		cmocka_unit_test(test_xlsxfmt_column_width_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

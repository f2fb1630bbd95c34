/*
 * Excel's shown numbers: the stored decimal text rounded half away from
 * zero to 15 significant digits, written out without an exponent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "xlnum.h"

/* Assert that the stored text s is shown as want. */
static void
assert_shown(const char *s, const char *want)
{
	char out[XLNUM_SIZE];
	size_t n;

	memset(out, 'X', sizeof out);
	n = xlnum_shown(s, strlen(s), out);
	if (n == 0)
		fail_msg("\"%s\" was refused, want \"%s\"", s, want);
	if (strcmp(out, want) != 0)
		fail_msg("\"%s\" is shown as \"%s\", want \"%s\"", s, out,
		    want);
	assert_int_equal(n, strlen(want));
}

/* Assert that s (len bytes) is not taken for a number. */
static void
assert_refused(const char *s, size_t len)
{
	char out[XLNUM_SIZE];
	size_t n;

	n = xlnum_shown(s, len, out);
	if (n != 0)
		fail_msg("\"%.*s\" was shown as \"%s\"", (int)len, s, out);
}

/* head, n copies of fill, then tail, written to buf. */
static const char *
repeat(char *buf, const char *head, char fill, size_t n, const char *tail)
{
	size_t h = strlen(head);

	memcpy(buf, head, h);
	memset(buf + h, fill, n);
	strcpy(buf + h + n, tail);
	return buf;
}

/* Ensure short numbers are shown as stored. */
static void
test_xlnum_shown_plain(void **state)
{
	(void)state;
	assert_shown("85", "85");
	assert_shown("-3.5", "-3.5");
	assert_shown("0", "0");
	assert_shown("100", "100");
	assert_shown("0.25", "0.25");
	assert_shown("123456789012345", "123456789012345");
	assert_shown("-123456789012345", "-123456789012345");
}

/* Ensure the examples of SPEC section 9 come out as Excel shows them. */
static void
test_xlnum_shown_spec_examples(void **state)
{
	(void)state;
	assert_shown("85.124999999999986", "85.125");
	assert_shown("9.0000000000000002E-2", "0.09");
	assert_shown("2.1010319870512301E+17", "210103198705123000");
	assert_shown("2.10103198705123E+17", "210103198705123000");
	assert_shown("2.10103198705123E+017", "210103198705123000");
}

/* Ensure trailing zeros and a trailing point are dropped. */
static void
test_xlnum_shown_trailing_zeros(void **state)
{
	(void)state;
	assert_shown("1.50", "1.5");
	assert_shown("100.000", "100");
	assert_shown("5.", "5");
	assert_shown("120", "120");
	assert_shown("0.1000000000000000055511151231257827",
	    "0.1");
	assert_shown("3.0000000000000004", "3");
}

/* Ensure leading zeros, a bare fraction and a plus sign are numbers. */
static void
test_xlnum_shown_leading_forms(void **state)
{
	char buf[1200];

	(void)state;
	assert_shown("007", "7");
	assert_shown(".5", "0.5");
	assert_shown("+7.25", "7.25");
	assert_shown("-.5", "-0.5");
	assert_shown(repeat(buf, "", '0', 1000, "1"), "1");
	assert_shown(repeat(buf, "0.", '0', 300, "1234"),
	    repeat(buf + 600, "0.", '0', 300, "1234"));
}

/* Ensure the sixteenth significant digit rounds half away from zero. */
static void
test_xlnum_shown_rounds_half_away(void **state)
{
	(void)state;
	assert_shown("0.1234567890123450", "0.123456789012345");
	assert_shown("0.1234567890123451", "0.123456789012345");
	assert_shown("0.1234567890123454999", "0.123456789012345");
	assert_shown("0.1234567890123455", "0.123456789012346");
	assert_shown("-0.1234567890123455", "-0.123456789012346");
	assert_shown("-0.1234567890123454", "-0.123456789012345");
	assert_shown("1234567890123456", "1234567890123460");
	assert_shown("1234567890123454", "1234567890123450");
	assert_shown("123456789012345678", "123456789012346000");
	assert_shown("12.345678901234549", "12.3456789012345");
	assert_shown("12.345678901234550", "12.3456789012346");
}

/* Ensure a carry through fifteen nines adds a digit before the point. */
static void
test_xlnum_shown_carry(void **state)
{
	(void)state;
	assert_shown("999999999999999.5", "1000000000000000");
	assert_shown("999999999999999.4", "999999999999999");
	assert_shown("-999999999999999.5", "-1000000000000000");
	assert_shown("0.99999999999999995", "1");
	assert_shown("0.099999999999999995", "0.1");
	assert_shown("9.9999999999999995E+20", "1000000000000000000000");
	assert_shown("1.9999999999999999", "2");
	assert_shown("0.0000199999999999999999", "0.00002");
}

/* Ensure exponents both ways are written out in plain digits. */
static void
test_xlnum_shown_exponents(void **state)
{
	char want[XLNUM_SIZE];

	(void)state;
	assert_shown("1e3", "1000");
	assert_shown("1E-3", "0.001");
	assert_shown("12.5e1", "125");
	assert_shown("12.5E-1", "1.25");
	assert_shown("1.25E+2", "125");
	assert_shown("-4.5E-5", "-0.000045");
	assert_shown("1E0", "1");
	assert_shown("1E+300", repeat(want, "1", '0', 300, ""));
	assert_shown("1.7976931348623157E+308",
	    repeat(want, "179769313486232", '0', 294, ""));
	assert_shown("4.9406564584124654E-324",
	    repeat(want, "0.", '0', 323, "494065645841247"));
	assert_shown("-2.2250738585072014E-308",
	    repeat(want, "-0.", '0', 307, "22250738585072"));
}

/*
 * Ensure a number with an exponent is shown as the same number with its
 * point moved by hand.
 */
static void
test_xlnum_shown_exponent_moves_point(void **state)
{
	static const char mantissa[] = "1234567890123456789";
	char stored[64], plain[128], a[XLNUM_SIZE], b[XLNUM_SIZE];
	int e;

	(void)state;
	for (e = -30; e <= 30; e++) {
		size_t at = 0, point = 1;	/* after the first digit */
		long shift = (long)point + e;

		snprintf(stored, sizeof stored, "1.%sE%+d", mantissa + 1, e);
		if (shift <= 0) {
			at += (size_t)sprintf(plain, "0.");
			memset(plain + at, '0', (size_t)-shift);
			at += (size_t)-shift;
			at += (size_t)sprintf(plain + at, "%s", mantissa);
		} else if ((size_t)shift >= strlen(mantissa)) {
			at += (size_t)sprintf(plain, "%s", mantissa);
			memset(plain + at, '0', (size_t)shift -
			    strlen(mantissa));
			at += (size_t)shift - strlen(mantissa);
			plain[at] = '\0';
		} else
			sprintf(plain, "%.*s.%s", (int)shift, mantissa,
			    mantissa + shift);
		assert_true(xlnum_shown(stored, strlen(stored), a) > 0);
		assert_true(xlnum_shown(plain, strlen(plain), b) > 0);
		if (strcmp(a, b) != 0)
			fail_msg("%s gives %s but %s gives %s", stored, a,
			    plain, b);
	}
}

/* Ensure every zero is shown as 0, without a sign. */
static void
test_xlnum_shown_zeros(void **state)
{
	(void)state;
	assert_shown("-0", "0");
	assert_shown("0.0", "0");
	assert_shown("+0.000", "0");
	assert_shown("-0.0E+5", "0");
	assert_shown("0E-999999999999", "0");
	assert_shown("00000", "0");
}

/* Ensure integers of at most 15 digits come back digit for digit. */
static void
test_xlnum_shown_integers_exact(void **state)
{
	char s[32], out[XLNUM_SIZE];
	uint64_t x = 1;
	int i;

	(void)state;
	for (i = 0; i < 2000; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		snprintf(s, sizeof s, "%llu",
		    (unsigned long long)((x >> 11) % 1000000000000000ULL));
		assert_int_equal(xlnum_shown(s, strlen(s), out), strlen(s));
		assert_string_equal(out, s);
	}
}

/* Ensure a number whose shown text would not fit is refused. */
static void
test_xlnum_shown_out_of_range(void **state)
{
	char buf[XLNUM_SIZE + 8];

	(void)state;
	assert_refused("1E+400", 6);
	assert_refused("1E-400", 6);
	assert_refused("1E+999999999999999999999", 24);
	/* The widest that fits is XLNUM_SIZE - 1 characters. */
	assert_shown(repeat(buf, "1", '0', XLNUM_SIZE - 2, ""), buf);
	repeat(buf, "-1", '0', XLNUM_SIZE - 2, "");
	assert_refused(buf, strlen(buf));
	repeat(buf, "1", '0', XLNUM_SIZE - 1, "");
	assert_refused(buf, strlen(buf));
}

/* Ensure text that is not a decimal number is refused. */
static void
test_xlnum_shown_invalid(void **state)
{
	static const char *const bad[] = {
		"", "-", "+", ".", "-.", "e5", ".e5", "1e", "1e+", "1E-",
		"1.2.3", "abc", " 1", "1 ", "1,5", "1,000", "0x10", "Inf",
		"-inf", "NaN", "1E5.5", "--1", "+-1", "1e5x", "1e+-5",
		"\xEF\xBC\x91", "1\xE2\x80\x8B", "TRUE", "#N/A", "1/2",
		"12%", "$5",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_refused(bad[i], strlen(bad[i]));
	assert_refused("1\0", 2);
	assert_refused("\0" "1", 2);
}

/* Ensure only len bytes are read: what follows does not count. */
static void
test_xlnum_shown_reads_len_bytes(void **state)
{
	char out[XLNUM_SIZE];

	(void)state;
	assert_int_equal(xlnum_shown("12.5E+9999", 4, out), 4);
	assert_string_equal(out, "12.5");
	assert_int_equal(xlnum_shown("85.124999999999986xyz", 18, out), 6);
	assert_string_equal(out, "85.125");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlnum_shown_plain),
		cmocka_unit_test(test_xlnum_shown_spec_examples),
		cmocka_unit_test(test_xlnum_shown_trailing_zeros),
		cmocka_unit_test(test_xlnum_shown_leading_forms),
		cmocka_unit_test(test_xlnum_shown_rounds_half_away),
		cmocka_unit_test(test_xlnum_shown_carry),
		cmocka_unit_test(test_xlnum_shown_exponents),
		cmocka_unit_test(test_xlnum_shown_exponent_moves_point),
		cmocka_unit_test(test_xlnum_shown_zeros),
		cmocka_unit_test(test_xlnum_shown_integers_exact),
		cmocka_unit_test(test_xlnum_shown_out_of_range),
		cmocka_unit_test(test_xlnum_shown_invalid),
		cmocka_unit_test(test_xlnum_shown_reads_len_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

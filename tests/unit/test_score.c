#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "helpers.h"
#include "score.h"

#define ONE	UINT64_C(1000000000000000)	/* 10^15: the score 1 */

/* Parse text that must be a score; fail the test with the reason if not. */
static score_t
must_parse(const char *s)
{
	const char *why;
	score_t v = 0;

	if ((why = score_parse(s, strlen(s), &v)) != NULL)
		fail_msg("\"%s\" %s", s, why);
	return v;
}

/* Parse text that must not be a score; returns the reason given. */
static const char *
must_reject(const char *s, size_t len)
{
	const char *why;
	score_t v = 0;

	why = score_parse(s, len, &v);
	if (why == NULL)
		fail_msg("\"%.*s\" was accepted as %llu", (int)len, s,
		    (unsigned long long)v);
	assert_true(strlen(why) > 0);
	return why;
}

static published_t
combine(const char *street, const char *dept, unsigned w, unsigned decimals)
{
	return score_combine(must_parse(street), must_parse(dept), w,
	    decimals);
}

/* Ensure whole numbers parse with a point, a sign or leading zeros. */
static void
test_score_parse_whole_forms(void **state)
{
	(void)state;
	assert_int_equal(must_parse("85"), 85 * ONE);
	assert_int_equal(must_parse("85."), 85 * ONE);
	assert_int_equal(must_parse("085"), 85 * ONE);
	assert_int_equal(must_parse("+85"), 85 * ONE);
	assert_int_equal(must_parse("0"), 0);
	assert_int_equal(must_parse("100"), 100 * ONE);
	assert_int_equal(must_parse("100.000"), 100 * ONE);
	assert_int_equal(must_parse("0000000000000000000085"), 85 * ONE);
}

/* Ensure fractions up to 15 digits are held exactly. */
static void
test_score_parse_fractions(void **state)
{
	(void)state;
	assert_int_equal(must_parse("89.125"), 89 * ONE + 125 * (ONE / 1000));
	assert_int_equal(must_parse("7.05"), 7 * ONE + 5 * (ONE / 100));
	assert_int_equal(must_parse("0.000000000000001"), 1);
	assert_int_equal(must_parse("12.345678901234567"),
	    UINT64_C(12345678901234567));
	assert_int_equal(must_parse("99.999999999999999"), 100 * ONE - 1);
	assert_int_equal(must_parse("+0.5"), ONE / 2);
}

/* Ensure text that is not a plain decimal from 0 to 100 is refused. */
static void
test_score_parse_malformed(void **state)
{
	static const char *const bad[] = {
		"", ".5", "8.5e1", "85E0", "1,000", "85,5",
		"85\xE5\x88\x86",			/* 85分 */
		"\xEF\xBC\x98\xEF\xBC\x95",		/* ８５ full width */
		"-5", "-0", "101", "100.0000001", "1000",
		"100.000000000000001",
		"1.0000000000000001", "0.0000000000000000",
		"8 5", "85%", "0x10", "+", "++1", "+-1", "1.2.3", ".", "+.",
		" 85", "85 ", "１", "85\xC2\xA0",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		must_reject(bad[i], strlen(bad[i]));
}

/* Ensure only len bytes are read, so cells need no terminator. */
static void
test_score_parse_length_bounded(void **state)
{
	score_t v = 0;

	(void)state;
	assert_null(score_parse("85x", 2, &v));
	assert_int_equal(v, 85 * ONE);
	assert_null(score_parse("100.5", 3, &v));
	assert_int_equal(v, 100 * ONE);
	must_reject("85x", 3);
	must_reject("8\0" "5", 3);
}

/* Ensure the reasons name the likely mistake. */
static void
test_score_parse_reasons(void **state)
{
	(void)state;
	assert_contains(must_reject("", 0), "empty");
	assert_contains(must_reject("8.5e1", 5), "exponent");
	assert_contains(must_reject("101", 3), "100");
	assert_contains(must_reject("1.0000000000000001", 18), "15");
	assert_contains(must_reject("-5", 2), "negative");
}

/* Ensure the published score is exact where binary floating point is not. */
static void
test_score_combine_half_way_exact(void **state)
{
	(void)state;
	assert_int_equal(combine("89.125", "89.125", 60, 2), 8913);
	assert_int_equal(combine("1.005", "1.005", 60, 2), 101);
	assert_int_equal(combine("2.675", "2.675", 60, 2), 268);
	assert_int_equal(combine("80.005", "80.005", 60, 2), 8001);
	/* 0.5 x 89.12 + 0.5 x 89.13 = 89.125 */
	assert_int_equal(combine("89.12", "89.13", 50, 2), 8913);
	/* 0.35 x 1 = 0.35 */
	assert_int_equal(combine("1", "0", 35, 1), 4);
}

/* Ensure a value just below half way rounds down. */
static void
test_score_combine_below_half(void **state)
{
	(void)state;
	assert_int_equal(combine("1.004999999999999", "1.004999999999999",
	    60, 2), 100);
	assert_int_equal(combine("2.674999999999999", "2.674999999999999",
	    60, 2), 267);
	/* 0.6 x 89.12 + 0.4 x 89.13 = 89.124 */
	assert_int_equal(combine("89.12", "89.13", 60, 2), 8912);
	assert_int_equal(combine("89.499999999999999", "89.499999999999999",
	    60, 0), 89);
}

/* Ensure the weights are applied as W% street and (100-W)% department. */
static void
test_score_combine_weights(void **state)
{
	(void)state;
	/* 0.6 x 90 + 0.4 x 85 = 88 */
	assert_int_equal(combine("90", "85", 60, 2), 8800);
	/* 0.6 x 85.5 + 0.4 x 90.25 = 87.4 */
	assert_int_equal(combine("85.5", "90.25", 60, 2), 8740);
	assert_int_equal(combine("0", "100", 60, 0), 40);
	assert_int_equal(combine("100", "0", 60, 0), 60);
}

/* Ensure W 0 uses only the department's score. */
static void
test_score_combine_weight_zero(void **state)
{
	(void)state;
	assert_int_equal(combine("100", "50", 0, 2), 5000);
	assert_int_equal(combine("0", "50", 0, 2), 5000);
	assert_int_equal(combine("0", "72.345", 0, 2), 7235);
}

/* Ensure W 100 uses only the street's score. */
static void
test_score_combine_weight_hundred(void **state)
{
	(void)state;
	assert_int_equal(combine("50", "100", 100, 2), 5000);
	assert_int_equal(combine("50", "0", 100, 2), 5000);
	assert_int_equal(combine("72.345", "0", 100, 2), 7235);
}

/* Ensure every number of decimals from 0 to 4 rounds at its own digit. */
static void
test_score_combine_decimals(void **state)
{
	(void)state;
	assert_int_equal(combine("89.5", "89.5", 60, 0), 90);
	assert_int_equal(combine("89.4", "89.4", 60, 0), 89);
	assert_int_equal(combine("0.05", "0.05", 60, 1), 1);
	assert_int_equal(combine("0.04", "0.04", 60, 1), 0);
	assert_int_equal(combine("12.345", "12.345", 60, 2), 1235);
	assert_int_equal(combine("1.0005", "1.0005", 60, 3), 1001);
	assert_int_equal(combine("1.0004", "1.0004", 60, 3), 1000);
	assert_int_equal(combine("0.00005", "0.00005", 60, 4), 1);
	assert_int_equal(combine("0.000049999999999", "0.000049999999999",
	    60, 4), 0);
	assert_int_equal(combine("0", "0", 60, 4), 0);
}

/* Ensure the largest scores do not overflow at the most decimals. */
static void
test_score_combine_maximum(void **state)
{
	(void)state;
	assert_int_equal(combine("100", "100", 60, 4), 1000000);
	assert_int_equal(combine("100", "100", 0, 4), 1000000);
	assert_int_equal(combine("100", "100", 100, 4), 1000000);
	assert_int_equal(combine("100", "100", 50, 0), 100);
	assert_int_equal(combine("99.999999999999999", "99.999999999999999",
	    60, 4), 1000000);
}

/* Ensure inputs with 15 decimals combine exactly. */
static void
test_score_combine_fifteen_decimals(void **state)
{
	(void)state;
	/* 38.0246917358024686 */
	assert_int_equal(combine("12.345678901234567", "76.543210987654321",
	    60, 4), 380247);
	/* 52.79012411567901202 */
	assert_int_equal(combine("12.345678901234567", "76.543210987654321",
	    37, 4), 527901);
	/* 99.9999499999999994 */
	assert_int_equal(combine("99.999949999999999", "99.99995", 60, 4),
	    999999);
	/* exactly 0.00005 */
	assert_int_equal(combine("0.000099999999999", "0.000000000000001",
	    50, 4), 1);
	assert_int_equal(combine("0.000000000000001", "0.000000000000001",
	    60, 4), 0);
}

static void
check_format(published_t p, unsigned decimals, const char *want)
{
	char out[SCORE_FORMAT_SIZE];
	size_t n;

	memset(out, 'x', sizeof out);
	n = score_format(out, p, decimals);
	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

/* Ensure published scores print with exactly the decimals asked for. */
static void
test_score_format_decimals(void **state)
{
	(void)state;
	check_format(8913, 2, "89.13");
	check_format(90, 0, "90");
	check_format(0, 0, "0");
	check_format(100, 0, "100");
	check_format(1, 4, "0.0001");
	check_format(1000000, 4, "100.0000");
	check_format(705, 2, "7.05");
	check_format(0, 2, "0.00");
	check_format(1, 1, "0.1");
	check_format(100050, 3, "100.050");
	check_format(8800, 2, "88.00");
}

/* Ensure a score equal to the floor reaches it and one unit below does not. */
static void
test_score_reaches_boundary(void **state)
{
	(void)state;
	assert_true(score_reaches(8913, 2, must_parse("89.13")));
	assert_false(score_reaches(8912, 2, must_parse("89.13")));
	assert_true(score_reaches(8914, 2, must_parse("89.13")));
	assert_false(score_reaches(8913, 2, must_parse("89.130000000000001")));
	assert_true(score_reaches(90, 0, must_parse("90")));
	assert_false(score_reaches(89, 0, must_parse("90")));
	assert_false(score_reaches(90, 0, must_parse("90.000000000000001")));
	assert_true(score_reaches(1000000, 4, must_parse("100")));
	assert_false(score_reaches(999999, 4, must_parse("100")));
	assert_true(score_reaches(0, 2, must_parse("0")));
	assert_true(score_reaches(1, 4, must_parse("0.0001")));
	assert_false(score_reaches(0, 4, must_parse("0.0001")));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score_parse_whole_forms),
		cmocka_unit_test(test_score_parse_fractions),
		cmocka_unit_test(test_score_parse_malformed),
		cmocka_unit_test(test_score_parse_length_bounded),
		cmocka_unit_test(test_score_parse_reasons),
		cmocka_unit_test(test_score_combine_half_way_exact),
		cmocka_unit_test(test_score_combine_below_half),
		cmocka_unit_test(test_score_combine_weights),
		cmocka_unit_test(test_score_combine_weight_zero),
		cmocka_unit_test(test_score_combine_weight_hundred),
		cmocka_unit_test(test_score_combine_decimals),
		cmocka_unit_test(test_score_combine_maximum),
		cmocka_unit_test(test_score_combine_fifteen_decimals),
		cmocka_unit_test(test_score_format_decimals),
		cmocka_unit_test(test_score_reaches_boundary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Diagnostics: the location forms of diag_error and diag_error_at, and
 * the limit on how many are printed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "diag.h"
#include "helpers.h"

/* Ensure FILE:LINE, FILE alone and no location are written as such. */
static void
test_diag_error_locations(void **state)
{
	struct capture c;
	struct diag d;

	(void)state;
	capture_open(&c);
	diag_init(&d, c.fp);
	diag_error(&d, "t.csv", 7, "bad %s", "cell");
	diag_error(&d, "t.csv", 0, "whole");
	diag_error(&d, NULL, 3, "nowhere");
	assert_string_equal(capture_text(&c), "kaoping: t.csv:7: bad cell\n"
	    "kaoping: t.csv: whole\nkaoping: nowhere\n");
	assert_int_equal(d.errors, 3);
	capture_close(&c);
}

/* Ensure the row is named only when it differs from the line. */
static void
test_diag_error_at_row(void **state)
{
	struct capture c;
	struct diag d;

	(void)state;
	capture_open(&c);
	diag_init(&d, c.fp);
	diag_error_at(&d, "t.csv", 12, 9, "score %d", 101);
	diag_error_at(&d, "t.csv", 12, 12, "same");
	diag_error_at(&d, "t.csv", 12, 0, "no row");
	diag_error_at(&d, "t.csv", 0, 5, "whole");
	assert_string_equal(capture_text(&c),
	    "kaoping: t.csv:12 (row 9): score 101\n"
	    "kaoping: t.csv:12: same\nkaoping: t.csv:12: no row\n"
	    "kaoping: t.csv: whole\n");
	assert_int_equal(d.errors, 4);
	capture_close(&c);
}

/* Ensure diag_error_at counts towards the limit like diag_error. */
static void
test_diag_error_at_limit(void **state)
{
	struct capture c;
	struct diag d;
	unsigned long i;

	(void)state;
	capture_open(&c);
	diag_init(&d, c.fp);
	for (i = 1; i <= DIAG_LIMIT + 5; i++)
		diag_error_at(&d, "t.csv", i + 1, i, "x");
	diag_finish(&d);
	assert_int_equal(count_occurrences(capture_text(&c), "(row "),
	    DIAG_LIMIT);
	assert_contains(capture_text(&c), "kaoping: 5 more errors not shown");
	capture_close(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diag_error_locations),
		cmocka_unit_test(test_diag_error_at_row),
		cmocka_unit_test(test_diag_error_at_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

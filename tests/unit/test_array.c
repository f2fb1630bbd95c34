#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "array.h"

/* Ensure an empty array gets room, and contents survive each growth. */
static void
test_array_reserve_grows_keeping_items(void **state)
{
	int *a = NULL;
	size_t cap = 0, i;

	(void)state;
	assert_true(array_reserve(&a, &cap, 1, sizeof *a));
	assert_non_null(a);
	assert_int_equal(cap, 16);
	for (i = 0; i < 1000; i++) {
		assert_true(array_reserve(&a, &cap, i + 1, sizeof *a));
		assert_true(cap >= i + 1);
		a[i] = (int)i * 3;
	}
	/* Doubling from 16: 1000 items fit in 1024. */
	assert_int_equal(cap, 1024);
	for (i = 0; i < 1000; i++)
		assert_int_equal(a[i], (int)i * 3);
	free(a);
}

/* Ensure an array asked for no items still gets room: never NULL. */
static void
test_array_reserve_none(void **state)
{
	char *a = NULL;
	size_t cap = 0;

	(void)state;
	assert_true(array_reserve(&a, &cap, 0, 1));
	assert_non_null(a);
	assert_int_equal(cap, 16);
	free(a);
}

/* Ensure a need far past the room is met in one step, and room is kept. */
static void
test_array_reserve_big_steps(void **state)
{
	char *a = NULL, *before;
	size_t cap = 0;

	(void)state;
	assert_true(array_reserve(&a, &cap, 100000, 1));
	assert_int_equal(cap, 131072);
	before = a;
	assert_true(array_reserve(&a, &cap, 5, 1));
	assert_int_equal(cap, 131072);
	assert_ptr_equal(a, before);
	free(a);
}

/* Ensure sizes past SIZE_MAX are refused with the array left as it was. */
static void
test_array_reserve_overflow(void **state)
{
	long *a = NULL;
	size_t cap = 0;

	(void)state;
	assert_true(array_reserve(&a, &cap, 4, sizeof *a));
	a[3] = 42;
	assert_false(array_reserve(&a, &cap, SIZE_MAX / sizeof *a + 1,
	    sizeof *a));
	assert_false(array_reserve(&a, &cap, SIZE_MAX, sizeof *a));
	assert_int_equal(cap, 16);
	assert_int_equal(a[3], 42);
	free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_array_reserve_grows_keeping_items),
		cmocka_unit_test(test_array_reserve_none),
		cmocka_unit_test(test_array_reserve_big_steps),
		cmocka_unit_test(test_array_reserve_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cells.h"

/* Ensure the room a cell takes grows by a byte at each power of 128. */
static void
test_cells_size(void **state)
{
	(void)state;
	assert_int_equal(cells_size(0), 1);
	assert_int_equal(cells_size(127), 128);
	assert_int_equal(cells_size(128), 130);
	assert_int_equal(cells_size(16383), 16385);
	assert_int_equal(cells_size(16384), 16387);
}

/*
 * Ensure cells come back as they went in, back to back, the empty one and
 * those whose lengths take two and three bytes too.
 */
static void
test_cells_round_trip(void **state)
{
	static const size_t lens[] = { 3, 0, 127, 128, 16383, 16384, 70000 };
	enum { N = sizeof lens / sizeof lens[0] };
	struct cells c = { NULL, 0, 0 };
	struct text_span t;
	uint32_t offsets[N];
	const char *p;
	char *bytes = malloc(70000 + N);	/* cell i starts at byte i */
	size_t i, need = 0;

	(void)state;
	assert_non_null(bytes);
	for (i = 0; i < 70000 + N; i++)
		bytes[i] = (char)('a' + i % 26);
	for (i = 0; i < N; i++)
		need += cells_size(lens[i]);
	assert_true(cells_reserve(&c, need));
	for (i = 0; i < N; i++)
		offsets[i] = cells_put(&c, bytes + i, lens[i]);
	assert_int_equal(c.len, need);
	for (i = 0, p = c.text; i < N; i++) {
		assert_ptr_equal(p, c.text + offsets[i]);
		p = cells_read(p, &t);
		assert_int_equal(t.len, lens[i]);
		assert_memory_equal(t.s, bytes + i, lens[i]);
		t = cells_get(&c, offsets[i]);
		assert_int_equal(t.len, lens[i]);
	}
	assert_ptr_equal(p, c.text + c.len);
	cells_free(&c);
	assert_null(c.text);
	free(bytes);
}

/* Ensure room past CELLS_MAX is refused, not wrapped around. */
static void
test_cells_limit(void **state)
{
	struct cells c = { NULL, 0, 0 };

	(void)state;
	assert_true(cells_reserve(&c, 4));
	c.len = CELLS_MAX - 3;		/* as if nearly full */
	assert_false(cells_reserve(&c, 4));
	c.len = 0;
	cells_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells_size),
		cmocka_unit_test(test_cells_round_trip),
		cmocka_unit_test(test_cells_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

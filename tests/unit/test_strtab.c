#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "strtab.h"

static int
setup(void **state)
{
	struct strtab *t = malloc(sizeof *t);

	if (t == NULL)
		return -1;
	strtab_init(t);
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct strtab *t = *state;

	strtab_free(t);
	free(t);
	return 0;
}

/* Whether string index of t is exactly want. */
static bool
holds(const struct strtab *t, uint32_t index, const char *want)
{
	struct text_span got = strtab_get(t, index);

	return got.len == strlen(want) && memcmp(got.s, want, got.len) == 0;
}

/* Intern s and check the index and whether it was new. */
static void
check_intern(struct strtab *t, const char *s, size_t len, uint32_t want,
    bool want_added)
{
	uint32_t index = UINT32_MAX;
	bool added = !want_added;

	assert_true(strtab_intern(t, s, len, &index, &added));
	assert_int_equal(index, want);
	assert_int_equal(added, want_added);
}

/* Ensure new strings get dense indices in order of first insertion. */
static void
test_strtab_intern_dense_indices(void **state)
{
	struct strtab *t = *state;

	check_intern(t, "S001", 4, 0, true);
	check_intern(t, "S002", 4, 1, true);
	check_intern(t, "\xE5\xA4\xA7\xE5\x8D\x97", 6, 2, true);
	check_intern(t, "", 0, 3, true);
	assert_int_equal(t->count, 4);
	assert_true(holds(t, 0, "S001"));
	assert_true(holds(t, 1, "S002"));
	assert_true(holds(t, 2, "\xE5\xA4\xA7\xE5\x8D\x97"));
	assert_true(holds(t, 3, ""));
}

/* Ensure a string seen before is found with its first index. */
static void
test_strtab_intern_duplicates(void **state)
{
	struct strtab *t = *state;

	check_intern(t, "a", 1, 0, true);
	check_intern(t, "b", 1, 1, true);
	check_intern(t, "a", 1, 0, false);
	check_intern(t, "b", 1, 1, false);
	check_intern(t, "c", 1, 2, true);
	check_intern(t, "a", 1, 0, false);
	check_intern(t, "", 0, 3, true);
	check_intern(t, "", 0, 3, false);
	assert_int_equal(t->count, 4);
}

/* Ensure keys are compared byte for byte: case matters. */
static void
test_strtab_intern_byte_exact(void **state)
{
	struct strtab *t = *state;

	check_intern(t, "s001", 4, 0, true);
	check_intern(t, "S001", 4, 1, true);
	check_intern(t, "s001 ", 5, 2, true);
	check_intern(t, "s001", 4, 0, false);
	check_intern(t, "S001", 4, 1, false);
	assert_true(holds(t, 0, "s001"));
	assert_true(holds(t, 1, "S001"));
}

/* Ensure a prefix is a different key, whichever is added first. */
static void
test_strtab_intern_prefix_distinct(void **state)
{
	struct strtab *t = *state;

	check_intern(t, "ab", 2, 0, true);
	check_intern(t, "abc", 3, 1, true);
	check_intern(t, "xyz", 3, 2, true);
	check_intern(t, "xy", 2, 3, true);
	check_intern(t, "a", 1, 4, true);
	check_intern(t, "ab", 2, 0, false);
	check_intern(t, "abc", 3, 1, false);
	check_intern(t, "xy", 2, 3, false);
	check_intern(t, "xyz", 3, 2, false);
}

/* Ensure a different key with the same hash is still a different key. */
static void
test_strtab_intern_same_hash(void **state)
{
	struct strtab *t = *state;

	/* Found by a search over 2^20 keys "EPb" + 4 letters. */
	assert_int_equal(strtab_hash("EPbZhQA", 7), strtab_hash("EPbZgBB", 7));
	check_intern(t, "EPbZhQA", 7, 0, true);
	check_intern(t, "EPbZgBB", 7, 1, true);
	check_intern(t, "EPbZhQA", 7, 0, false);
	check_intern(t, "EPbZgBB", 7, 1, false);
	strtab_free(t);
	check_intern(t, "EPbZgBB", 7, 0, true);
	check_intern(t, "EPbZhQA", 7, 1, true);
	check_intern(t, "EPbZgBB", 7, 0, false);
	check_intern(t, "EPbZhQA", 7, 1, false);
}

/* Ensure the hash reads every byte of keys of every length up to 24. */
static void
test_strtab_hash_every_byte(void **state)
{
	char key[24];
	uint32_t h;
	size_t len, i;

	(void)state;
	for (len = 1; len <= sizeof key; len++) {
		memset(key, 'x', len);
		h = strtab_hash(key, len);
		assert_int_not_equal(h, strtab_hash(key, len - 1));
		for (i = 0; i < len; i++) {
			key[i] = 'y';
			if (strtab_hash(key, len) == h)
				fail_msg("byte %zu of %zu is not hashed", i,
				    len);
			key[i] = 'x';
		}
	}
}

/* Ensure only len bytes are taken, so keys need no terminator. */
static void
test_strtab_intern_length_bounded(void **state)
{
	struct strtab *t = *state;

	check_intern(t, "abcdef", 3, 0, true);
	assert_true(holds(t, 0, "abc"));
	check_intern(t, "abcXYZ", 3, 0, false);
	check_intern(t, "abcdef", 6, 1, true);
}

/* Ensure hundreds of similar short keys are kept apart. */
static void
test_strtab_intern_many_short(void **state)
{
	struct strtab *t = *state;
	char key[4];
	uint32_t i;

	/* All 1- and 2-byte keys of a small alphabet, then again. */
	for (i = 0; i < 26 * 27; i++) {
		key[0] = (char)('a' + i % 26);
		key[1] = (char)('a' + i / 26);
		check_intern(t, key, i < 26 ? 1 : 2, i, true);
	}
	for (i = 0; i < 26 * 27; i++) {
		key[0] = (char)('a' + i % 26);
		key[1] = (char)('a' + i / 26);
		check_intern(t, key, i < 26 ? 1 : 2, i, false);
	}
}

/* Ensure 100000 keys survive the table's growth and are all found. */
static void
test_strtab_intern_growth(void **state)
{
	enum { N = 100000 };
	struct strtab *t = *state;
	uint32_t i, index;
	bool added;
	char key[32];
	int len;

	for (i = 0; i < N; i++) {
		len = snprintf(key, sizeof key, "S%u", i);
		if (!strtab_intern(t, key, (size_t)len, &index, &added) ||
		    index != i || !added)
			fail_msg("adding %s: index %u, added %d", key, index,
			    added);
	}
	assert_int_equal(t->count, N);
	for (i = 0; i < N; i++) {
		len = snprintf(key, sizeof key, "S%u", i);
		if (!strtab_intern(t, key, (size_t)len, &index, &added) ||
		    index != i || added)
			fail_msg("finding %s: index %u, added %d", key, index,
			    added);
		if (!holds(t, i, key))
			fail_msg("string %u is not %s", i, key);
	}
	/* Near misses are still new. */
	check_intern(t, "S100000", 7, N, true);
	check_intern(t, "s1", 2, N + 1, true);
	assert_int_equal(t->count, N + 2);
}

/*
 * Ensure room reserved up front is used without growing again, that
 * strings already there are still found, and that a table never shrinks.
 */
static void
test_strtab_reserve(void **state)
{
	enum { N = 5000 };
	struct strtab *t = *state;
	uint32_t i, index, mask;
	bool added;
	char key[32];
	int len;

	check_intern(t, "first", 5, 0, true);
	assert_true(strtab_reserve(t, N + 1));
	mask = t->slot_mask;
	assert_true(mask + 1 >= 2 * (N + 1));
	assert_true(mask + 1 < 4 * (N + 1));
	check_intern(t, "first", 5, 0, false);
	for (i = 1; i <= N; i++) {
		len = snprintf(key, sizeof key, "S%u", i);
		assert_true(strtab_intern(t, key, (size_t)len, &index,
		    &added));
		assert_int_equal(index, i);
	}
	assert_int_equal(t->slot_mask, mask);
	assert_true(strtab_reserve(t, 10));
	assert_int_equal(t->slot_mask, mask);
	check_intern(t, "S77", 3, 77, false);
	check_intern(t, "first", 5, 0, false);
}

/* Ensure text past CELLS_MAX is refused, not wrapped around. */
static void
test_strtab_text_limit(void **state)
{
	struct strtab *t = *state;
	size_t real_len;
	uint32_t index;
	bool added;

	check_intern(t, "a", 1, 0, true);
	real_len = t->own.len;
	t->own.len = CELLS_MAX - 3;	/* as if nearly full */
	assert_false(strtab_intern(t, "xyz", 3, &index, &added));
	assert_int_equal(t->count, 1);
	t->own.len = real_len;
	check_intern(t, "a", 1, 0, false);
}

/* Ensure a freed table can be used again from empty. */
static void
test_strtab_free_reusable(void **state)
{
	struct strtab *t = *state;

	check_intern(t, "a", 1, 0, true);
	check_intern(t, "b", 1, 1, true);
	strtab_free(t);
	assert_int_equal(t->count, 0);
	assert_null(t->own.text);
	check_intern(t, "b", 1, 0, true);
	check_intern(t, "a", 1, 1, true);
	check_intern(t, "b", 1, 0, false);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_strtab_intern_dense_indices, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_strtab_intern_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_strtab_intern_byte_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_strtab_intern_prefix_distinct, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_strtab_intern_same_hash, setup, teardown),
		cmocka_unit_test(test_strtab_hash_every_byte),
		cmocka_unit_test_setup_teardown(test_strtab_text_limit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_strtab_intern_length_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_strtab_intern_many_short, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_strtab_intern_growth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strtab_reserve, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_strtab_free_reusable, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Rows put straight into a roster, for the tests of what comes after
 * reading (ranking, writing): every row is valid and of the unit
 * 大南街道司法所, whose street share is 60 under policy_builtin(p, 60).
 * And a way to read a row's text back.
 */
#ifndef KAOPING_TEST_ROSTER_ROWS_H
#define KAOPING_TEST_ROSTER_ROWS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "roster.h"
#include "strtab.h"

struct test_row {
	const char	*street, *id, *name;
	const char	*dept, *street_score;	/* as written out */
	published_t	 combined;		/* at 2 decimals: 9013 = 90.13 */
	bool		 eligible;
};

static inline void
add_test_row(struct roster *r, const struct test_row *row)
{
	static const char unit[] = "大南街道司法所";
	struct strtab_key id_key = strtab_key(row->id, strlen(row->id));
	struct strtab_key unit_key = strtab_key(unit, strlen(unit));
	struct staff_input in;
	uint32_t first_sheet;
	unsigned long first_line;
	int weight;

	memset(&in, 0, sizeof in);
	assert_int_equal(roster_claim_id(r, &id_key, 0, r->count + 2,
	    &in.id, &first_sheet, &first_line), 1);
	assert_true(roster_unit(r, &unit_key, &in.unit, &weight));
	assert_int_equal(weight, 60);
	in.name = row->name;
	in.name_len = strlen(row->name);
	in.dept_text = row->dept;
	in.dept_len = strlen(row->dept);
	in.street_text = row->street_score;
	in.street_text_len = strlen(row->street_score);
	in.street = strtab_key(row->street, strlen(row->street));
	in.weight = (unsigned)weight;
	in.combined = row->combined;
	in.eligible = row->eligible;
	assert_true(roster_add(r, &in));
}

/* A row's text copied out NUL-terminated into out[size], for asserts. */
static inline const char *
copy_staff_text(const struct roster *r, const struct staff *s,
    enum staff_text which, char *out, size_t size)
{
	struct text_span t = roster_staff_text(r, s, which);

	assert_true(t.len < size);
	memcpy(out, t.s, t.len);
	out[t.len] = '\0';
	return out;
}

#endif

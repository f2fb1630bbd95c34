/*
 * Rows handed straight to a staff table (roster.h), as a sheet would hand
 * them over, for the tests of the table and of what comes after it:
 * ranking, reports, summaries.  Cells are C strings (NULL is empty); a
 * score is given when its text is not empty, and must then be valid.
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
#include "schema.h"
#include "score.h"
#include "text.h"

struct test_row {
	const char	*id, *name, *street, *unit;
	const char	*dept, *street_score, *eligible;
	unsigned long	 line;
	const char	*problem;	/* the sheet found the row invalid */
};

static inline struct text_span
test_span(const char *s)
{
	struct text_span t = { s != NULL ? s : "", s != NULL ? strlen(s) : 0 };

	return t;
}

/* A score's text as the sheet would parse it: given when not empty. */
static inline void
test_score(const char *text, score_t *score, bool *given)
{
	*score = 0;
	*given = text != NULL && *text != '\0';
	if (*given && score_parse(text, strlen(text), score) != NULL)
		fail_msg("\"%s\" is not a score", text);
}

/* The roster_input a sheet would make of the row. */
static inline void
test_input(const struct test_row *row, struct roster_input *in)
{
	static const char office[] = "办事处";
	size_t n = strlen(office);

	memset(in, 0, sizeof *in);
	in->cell[IN_STAFF_ID] = test_span(row->id);
	in->cell[IN_NAME] = test_span(row->name);
	in->cell[IN_STREET] = test_span(row->street);
	in->cell[IN_UNIT] = test_span(row->unit);
	in->cell[IN_DEPT_SCORE] = test_span(row->dept);
	in->cell[IN_STREET_SCORE] = test_span(row->street_score);
	in->cell[IN_ELIGIBLE] = test_span(row->eligible);
	in->street_len = in->cell[IN_STREET].len;
	if (in->street_len > n && memcmp(in->cell[IN_STREET].s +
	    in->street_len - n, office, n) == 0)
		in->street_len -= n;
	if (row->problem == NULL) {
		test_score(row->dept, &in->dept, &in->gives_dept);
		test_score(row->street_score, &in->street, &in->gives_street);
	}
	in->says_ineligible = row->eligible != NULL &&
	    (strcmp(row->eligible, "no") == 0 ||
	    strcmp(row->eligible, "否") == 0);
	in->line = in->row = row->line;
	in->problem = row->problem;
}

static inline void
add_test_row(struct roster *r, uint32_t sheet, const struct test_row *row)
{
	struct roster_input in;

	test_input(row, &in);
	assert_int_equal(roster_add(r, sheet, &in, 1), 0);
}

/* A span copied out NUL-terminated into out[size], for asserts. */
static inline const char *
test_copy(struct text_span t, char *out, size_t size)
{
	assert_true(t.len < size);
	memcpy(out, t.s, t.len);
	out[t.len] = '\0';
	return out;
}

#endif

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "array.h"
#include "i18n.h"
#include "policy.h"
#include "roster.h"
#include "strtab.h"
#include "text.h"

void
roster_init(struct roster *r, const struct policy *policy,
    const char *const *sheet_names, const enum sheet_kind *sheet_kinds)
{
	memset(r, 0, sizeof *r);
	r->policy = policy;
	r->sheet_names = sheet_names;
	r->sheet_kinds = sheet_kinds;
	strtab_init(&r->ids);
	strtab_init(&r->streets);
	strtab_init(&r->units);
}

void
roster_free(struct roster *r)
{
	free(r->rows);
	free(r->staff);
	free(r->unit_weight);
	cells_free(&r->text);
	cells_free(&r->problems);
	strtab_free(&r->ids);
	strtab_free(&r->streets);
	strtab_free(&r->units);
	memset(r, 0, sizeof *r);
}

static uint32_t
clamp32(unsigned long n)
{
	return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

/*
 * A row keeps as text only what no table holds: its name, its two score
 * cells and its eligible cell, in that order, then its street as found
 * when that is the long form (大南街道办事处).  Its staff_id, street and
 * unit are the tables' (roster.h).
 */
static const enum in_col kept[] = { IN_NAME, IN_DEPT_SCORE,
    IN_STREET_SCORE, IN_ELIGIBLE };
#define KEPT	(sizeof kept / sizeof kept[0])

static const struct text_span no_text = { "", 0 };

/* The row's n-th kept cell (the long street is number KEPT). */
static struct text_span
kept_cell(const struct roster *r, const struct roster_row *row, size_t n)
{
	const char *p = r->text.text + row->text;
	struct text_span t;
	size_t i;

	for (i = 0; i <= n; i++)
		p = cells_read(p, &t);
	return t;
}

struct text_span
roster_cell(const struct roster *r, const struct roster_row *row,
    enum in_col col)
{
	size_t i;

	switch (col) {
	case IN_STAFF_ID:
		return row->staff == ROSTER_NONE ? no_text :
		    strtab_get(&r->ids, row->staff);
	case IN_STREET:
		if (row->flags & ROW_LONG_STREET)
			return kept_cell(r, row, KEPT);
		return row->street == ROSTER_NONE ? no_text :
		    strtab_get(&r->streets, row->street);
	case IN_UNIT:
		return row->unit == ROSTER_NONE ? no_text :
		    strtab_get(&r->units, row->unit);
	default:
		for (i = 0; kept[i] != col; i++)
			continue;
		return kept_cell(r, row, i);
	}
}

struct text_span
roster_street(const struct roster *r, uint32_t street)
{
	return strtab_get(&r->streets, street);
}

unsigned
roster_weight(const struct roster *r, uint32_t staff)
{
	const struct roster_row *row = &r->rows[r->staff[staff].identity_row];

	return (unsigned)r->unit_weight[row->unit];
}

/* The index of a unit name, and its W through the policy (-1: none). */
static bool
intern_unit(struct roster *r, const struct strtab_key *k, uint32_t *unit)
{
	const struct policy_entry *e;
	bool added;

	if (!strtab_intern_key(&r->units, k, unit, &added))
		return false;
	if (!added)
		return true;
	if (!array_reserve(&r->unit_weight, &r->unit_weight_cap, *unit + 1,
	    sizeof *r->unit_weight))
		return false;
	e = policy_match(r->policy, k->s, k->len);
	r->unit_weight[*unit] = e != NULL ? (int)e->weight : -1;
	return true;
}

static bool
intern_staff(struct roster *r, const struct strtab_key *k, uint32_t *staff)
{
	struct staff *s;
	bool added;

	if (!strtab_intern_key(&r->ids, k, staff, &added))
		return false;
	if (!added)
		return true;
	if (!array_reserve(&r->staff, &r->staff_cap, *staff + 1,
	    sizeof *r->staff))
		return false;
	s = &r->staff[*staff];
	s->identity_row = s->dept_row = s->street_row = ROSTER_NONE;
	s->blank_dept_row = s->blank_street_row = ROSTER_NONE;
	s->bad_row = ROSTER_NONE;
	s->state = STAFF_USABLE;
	s->eligible = true;
	return true;
}

/* Keep a problem's text; the row refers to it.  False: no memory. */
static bool
keep_problem(struct roster *r, struct roster_row *row, const char *why)
{
	size_t len = strlen(why);

	if (!cells_reserve(&r->problems, cells_size(len)))
		return false;
	row->problem = cells_put(&r->problems, why, len) + 1;
	return true;
}

static struct text_span
problem_text(const struct roster *r, const struct roster_row *row)
{
	return cells_get(&r->problems, row->problem - 1);
}

/* Where a row is, for messages: its sheet's name and line. */
static const char *
sheet_name(const struct roster *r, const struct roster_row *row)
{
	return r->sheet_names[row->sheet];
}

static const char *
say(char *out, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static const char *
say(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out, size, fmt, ap);
	va_end(ap);
	return out;
}

#define PROBLEM_SIZE	1024

/*
 * Name, street and unit must agree with the staff member's first valid
 * row (SPEC section 8); the street after its 办事处 is dropped.
 */
static const char *
disagreement(const struct roster *r, const struct roster_row *row,
    const struct roster_row *first, char out[PROBLEM_SIZE])
{
	static const enum in_col identity[] = { IN_NAME, IN_STREET, IN_UNIT };
	char here[TEXT_EXCERPT_SIZE], there[TEXT_EXCERPT_SIZE];
	char id[TEXT_EXCERPT_SIZE];
	struct text_span a, b, staff_id;
	size_t i;

	for (i = 0; i < sizeof identity / sizeof identity[0]; i++) {
		if (identity[i] == IN_STREET) {
			if (row->street == first->street)
				continue;
			a = roster_street(r, row->street);
			b = roster_street(r, first->street);
		} else {
			a = roster_cell(r, row, identity[i]);
			b = roster_cell(r, first, identity[i]);
			if (a.len == b.len && memcmp(a.s, b.s, a.len) == 0)
				continue;
		}
		staff_id = roster_cell(r, row, IN_STAFF_ID);
		return say(out, PROBLEM_SIZE, _("%s \"%s\" differs from \"%s\" "
		    "given for staff_id \"%s\" at %s:%lu"),
		    schema_in[identity[i]].names[0],
		    text_excerpt(here, a.s, a.len),
		    text_excerpt(there, b.s, b.len),
		    text_excerpt(id, staff_id.s, staff_id.len),
		    sheet_name(r, first), (unsigned long)first->line);
	}
	return NULL;
}

/* A score the staff member has already: the row that gave it first. */
static const char *
given_twice(const struct roster *r, const struct roster_row *row,
    const struct roster_row *first, bool dept, char out[PROBLEM_SIZE])
{
	char id[TEXT_EXCERPT_SIZE];
	struct text_span staff_id = roster_cell(r, row, IN_STAFF_ID);

	text_excerpt(id, staff_id.s, staff_id.len);
	return say(out, PROBLEM_SIZE, dept ?
	    _("staff_id \"%s\" already has a department score, from "
	    "%s:%lu") : _("staff_id \"%s\" already has a street score, "
	    "from %s:%lu"), id,
	    sheet_name(r, first), (unsigned long)first->line);
}

/* Whether the row's sheet has the party's score column. */
static bool
has_column(const struct roster *r, const struct roster_row *row,
    enum sheet_kind party)
{
	enum sheet_kind kind = r->sheet_kinds[row->sheet];

	return kind == party || kind == SHEET_FULL;
}

/*
 * Join a row to its staff member: the row's own problem, else the first
 * that joining shows.  Returns why the row is invalid, or NULL.
 */
static const char *
join(struct roster *r, uint32_t index, const struct roster_input *in,
    char out[PROBLEM_SIZE])
{
	char excerpt[TEXT_EXCERPT_SIZE];
	struct roster_row *row = &r->rows[index];
	struct staff *s;
	const char *why;

	if (in->problem != NULL)
		return in->problem;
	if (r->unit_weight[row->unit] < 0)
		return say(out, PROBLEM_SIZE, _("unit \"%s\" matches no entry "
		    "of the policy; to add it, save the table with "
		    "--print-policy, add a line for the unit and run with "
		    "--policy FILE"), text_excerpt(excerpt,
		    in->cell[IN_UNIT].s, in->cell[IN_UNIT].len));
	s = &r->staff[row->staff];
	if (in->gives_dept && s->dept_row != ROSTER_NONE)
		return given_twice(r, row, &r->rows[s->dept_row], true, out);
	if (in->gives_street && s->street_row != ROSTER_NONE)
		return given_twice(r, row, &r->rows[s->street_row], false, out);
	if (s->identity_row == ROSTER_NONE)
		s->identity_row = index;
	else if ((why = disagreement(r, row, &r->rows[s->identity_row],
	    out)) != NULL)
		return why;
	if (in->gives_dept)
		s->dept_row = index;
	else if (has_column(r, row, SHEET_DEPT) &&
	    s->blank_dept_row == ROSTER_NONE)
		s->blank_dept_row = index;
	if (in->gives_street)
		s->street_row = index;
	else if (has_column(r, row, SHEET_STREET) &&
	    s->blank_street_row == ROSTER_NONE)
		s->blank_street_row = index;
	return NULL;
}

/* The row's kept cells (see roster_cell) into the roster's text. */
static bool
keep_cells(struct roster *r, struct roster_row *row,
    const struct roster_input *in)
{
	const struct text_span *street = &in->cell[IN_STREET];
	bool long_street = in->street_len < street->len;
	size_t need = long_street ? cells_size(street->len) : 0, i;

	for (i = 0; i < KEPT; i++)
		need += cells_size(in->cell[kept[i]].len);
	if (!cells_reserve(&r->text, need))
		return false;
	row->text = (uint32_t)r->text.len;
	for (i = 0; i < KEPT; i++)
		cells_put(&r->text, in->cell[kept[i]].s, in->cell[kept[i]].len);
	if (long_street) {
		cells_put(&r->text, street->s, street->len);
		row->flags |= ROW_LONG_STREET;
	}
	return true;
}

/* A row's keys, hashed once for the look-ahead and for the look-up. */
struct row_keys {
	struct strtab_key id, street, unit;
};

static void
hash_keys(const struct roster_input *in, struct row_keys *k)
{
	k->id = strtab_key(in->cell[IN_STAFF_ID].s, in->cell[IN_STAFF_ID].len);
	k->street = strtab_key(in->cell[IN_STREET].s, in->street_len);
	k->unit = strtab_key(in->cell[IN_UNIT].s, in->cell[IN_UNIT].len);
}

/*
 * On big sheets the tables outgrow the cache.  A row's keys are hashed
 * LOOKAHEAD rows before its turn and the slots they probe first are asked
 * for; half way there, the entries those slots name; a quarter of the
 * way, the entries' text.  So the look-ups find all three in the cache.
 */
#define LOOKAHEAD	8

static void
prefetch(const struct roster *r, const struct row_keys *k,
    enum strtab_stage stage)
{
	strtab_prefetch(&r->ids, &k->id, stage);
	strtab_prefetch(&r->streets, &k->street, stage);
	strtab_prefetch(&r->units, &k->unit, stage);
}

static int
add_row(struct roster *r, uint32_t sheet, const struct roster_input *in,
    const struct row_keys *k)
{
	char problem[PROBLEM_SIZE];
	struct roster_row *row;
	const char *why;
	uint32_t index;

	if (r->nrows >= ROSTER_NONE ||
	    !array_reserve(&r->rows, &r->rows_cap, r->nrows + 1, sizeof *row))
		return EX_OSERR;
	index = (uint32_t)r->nrows;
	row = &r->rows[index];
	memset(row, 0, sizeof *row);
	row->staff = row->street = row->unit = ROSTER_NONE;
	row->sheet = sheet;
	row->line = clamp32(in->line);
	row->row = clamp32(in->row);
	if (!keep_cells(r, row, in) ||
	    (k->id.len > 0 && !intern_staff(r, &k->id, &row->staff)) ||
	    (k->street.len > 0 && !strtab_intern_key(&r->streets, &k->street,
	    &row->street, &(bool){ false })) ||
	    (k->unit.len > 0 && !intern_unit(r, &k->unit, &row->unit)))
		return EX_OSERR;
	row->dept = in->dept;
	row->street_score = in->street;
	row->flags |= (in->gives_dept ? ROW_GIVES_DEPT : 0) |
	    (in->gives_street ? ROW_GIVES_STREET : 0) |
	    (in->says_ineligible ? ROW_SAYS_INELIGIBLE : 0);
	r->nrows++;
	if ((why = join(r, index, in, problem)) != NULL &&
	    !keep_problem(r, row, why))
		return EX_OSERR;
	return 0;
}

int
roster_add(struct roster *r, uint32_t sheet, const struct roster_input *in,
    size_t n)
{
	struct row_keys ring[2 * LOOKAHEAD];
	size_t i;
	int status;

	for (i = 0; i < n && i < LOOKAHEAD; i++)
		hash_keys(&in[i], &ring[i % (2 * LOOKAHEAD)]);
	for (i = 0; i < n; i++) {
		if (i + LOOKAHEAD < n) {
			hash_keys(&in[i + LOOKAHEAD],
			    &ring[(i + LOOKAHEAD) % (2 * LOOKAHEAD)]);
			prefetch(r, &ring[(i + LOOKAHEAD) % (2 * LOOKAHEAD)],
			    STRTAB_SLOT);
		}
		if (i + LOOKAHEAD / 2 < n)
			prefetch(r, &ring[(i + LOOKAHEAD / 2) %
			    (2 * LOOKAHEAD)], STRTAB_ENTRY);
		if (i + LOOKAHEAD / 4 < n)
			prefetch(r, &ring[(i + LOOKAHEAD / 4) %
			    (2 * LOOKAHEAD)], STRTAB_TEXT);
		if ((status = add_row(r, sheet, &in[i],
		    &ring[i % (2 * LOOKAHEAD)])) != 0)
			return status;
	}
	return 0;
}

void
roster_expect(struct roster *r, size_t staff)
{
	if (staff > r->ids.count && staff < UINT32_MAX / 2)
		(void)strtab_reserve(&r->ids, (uint32_t)staff);
}

struct roster_mark
roster_mark(const struct roster *r)
{
	struct roster_mark m = { r->nrows, r->text.len, r->problems.len,
	    r->ids.count, r->streets.count };

	return m;
}

int
roster_rollback(struct roster *r, const struct roster_mark *m)
{
	uint32_t i, rows = (uint32_t)m->rows;

	for (i = 0; i < m->staff; i++) {
		struct staff *s = &r->staff[i];

		if (s->identity_row != ROSTER_NONE && s->identity_row >= rows)
			s->identity_row = ROSTER_NONE;
		if (s->dept_row != ROSTER_NONE && s->dept_row >= rows)
			s->dept_row = ROSTER_NONE;
		if (s->street_row != ROSTER_NONE && s->street_row >= rows)
			s->street_row = ROSTER_NONE;
		if (s->blank_dept_row != ROSTER_NONE &&
		    s->blank_dept_row >= rows)
			s->blank_dept_row = ROSTER_NONE;
		if (s->blank_street_row != ROSTER_NONE &&
		    s->blank_street_row >= rows)
			s->blank_street_row = ROSTER_NONE;
	}
	r->nrows = m->rows;
	r->text.len = m->text;
	r->problems.len = m->problems;
	return strtab_truncate(&r->ids, m->staff) &&
	    strtab_truncate(&r->streets, m->streets) ? 0 : EX_OSERR;
}

/*
 * The longest street of the run whose name begins the unit's name, or
 * NONE.  Only prefixes up to the longest street's length are tried.
 */
static uint32_t
street_begun_by(const struct roster *r, struct text_span unit, size_t longest)
{
	uint32_t street, found = ROSTER_NONE;
	size_t len;

	for (len = 1; len <= unit.len && len <= longest; len++)
		if (strtab_find(&r->streets, unit.s, len, &street))
			found = street;
	return found;
}

static bool
begins_with(struct text_span s, struct text_span prefix)
{
	return prefix.len <= s.len && memcmp(s.s, prefix.s, prefix.len) == 0;
}

/*
 * A unit named after another street of the run than the row's own (unit
 * 大南街道司法所, street 滨河街道) is invalid (SPEC section 11).  Each
 * distinct unit is looked at once.
 */
static int
check_unit_streets(struct roster *r)
{
	char problem[PROBLEM_SIZE], unit_text[TEXT_EXCERPT_SIZE];
	char other[TEXT_EXCERPT_SIZE], own[TEXT_EXCERPT_SIZE];
	uint32_t *begun, i;
	struct text_span unit, mine, theirs;
	size_t longest = 0, n;

	for (i = 0; i < r->streets.count; i++)
		if ((n = roster_street(r, i).len) > longest)
			longest = n;
	if ((begun = malloc((r->units.count + 1) * sizeof *begun)) == NULL)
		return EX_OSERR;
	for (i = 0; i < r->units.count; i++)
		begun[i] = street_begun_by(r, strtab_get(&r->units, i),
		    longest);
	for (n = 0; n < r->nrows; n++) {
		struct roster_row *row = &r->rows[n];

		if (row->problem != 0 || row->unit == ROSTER_NONE ||
		    row->street == ROSTER_NONE ||
		    begun[row->unit] == ROSTER_NONE ||
		    begun[row->unit] == row->street)
			continue;
		unit = strtab_get(&r->units, row->unit);
		mine = roster_street(r, row->street);
		if (begins_with(unit, mine))
			continue;
		theirs = roster_street(r, begun[row->unit]);
		say(problem, sizeof problem, _("unit \"%s\" is named after "
		    "street %s, but the row's street is %s; correct the unit "
		    "or the street"), text_excerpt(unit_text, unit.s, unit.len),
		    text_excerpt(other, theirs.s, theirs.len),
		    text_excerpt(own, mine.s, mine.len));
		if (!keep_problem(r, row, problem)) {
			free(begun);
			return EX_OSERR;
		}
	}
	free(begun);
	return 0;
}

int
roster_settle(struct roster *r)
{
	struct staff *s;
	size_t i;
	int status;

	if ((status = check_unit_streets(r)) != 0)
		return status;
	memset(r->gave_rows, 0, sizeof r->gave_rows);
	for (i = 0; i < r->nrows; i++) {
		const struct roster_row *row = &r->rows[i];

		r->gave_rows[r->sheet_kinds[row->sheet]] = true;
		if (row->staff == ROSTER_NONE)
			continue;
		s = &r->staff[row->staff];
		if (row->problem != 0 && s->bad_row == ROSTER_NONE) {
			s->bad_row = (uint32_t)i;
			s->state = STAFF_INVALID;
		}
		if (row->flags & ROW_SAYS_INELIGIBLE)
			s->eligible = false;
	}
	for (i = 0; i < r->ids.count; i++) {
		s = &r->staff[i];
		if (s->state != STAFF_USABLE)
			continue;
		if (s->dept_row == ROSTER_NONE || (s->street_row ==
		    ROSTER_NONE && roster_weight(r, (uint32_t)i) > 0))
			s->state = STAFF_INCOMPLETE;
	}
	return 0;
}

/* The street of a staff member, by its first valid row. */
static uint32_t
staff_street(const struct roster *r, const struct staff *s)
{
	return r->rows[s->identity_row].street;
}

bool
roster_results(const struct roster *r, unsigned decimals,
    struct result **out, size_t *count, size_t **street_end)
{
	uint32_t nstreets = r->streets.count, i;
	size_t *next, *ends, n = 0, base = 0, k;
	const struct staff *s;
	struct result *res;
	score_t street;

	res = malloc((r->ids.count + 1) * sizeof *res);
	ends = calloc((size_t)nstreets + 1, sizeof *ends);
	next = calloc((size_t)nstreets + 1, sizeof *next);
	if (res == NULL || ends == NULL || next == NULL) {
		free(res);
		free(ends);
		free(next);
		return false;
	}
	for (i = 0; i < r->ids.count; i++)
		if (r->staff[i].state == STAFF_USABLE)
			next[staff_street(r, &r->staff[i])]++;
	for (i = 0; i < nstreets; i++) {
		k = next[i];
		next[i] = base;
		ends[i] = base += k;
	}
	for (i = 0; i < r->ids.count; i++) {
		s = &r->staff[i];
		if (s->state != STAFF_USABLE)
			continue;
		k = next[staff_street(r, s)]++;
		street = s->street_row != ROSTER_NONE ?
		    r->rows[s->street_row].street_score : 0;
		res[k].id = strtab_get(&r->ids, i);
		res[k].row = s->identity_row;
		res[k].dept_row = s->dept_row;
		res[k].street_row = s->street_row;
		res[k].street = staff_street(r, s);
		res[k].weight = (uint8_t)roster_weight(r, i);
		res[k].combined = score_combine(street,
		    r->rows[s->dept_row].dept, res[k].weight, decimals);
		res[k].eligible = s->eligible;
		res[k].rank = 0;
		res[k].status = STATUS_NOT_NOMINATED;
		n++;
	}
	free(next);
	*out = res;
	*count = n;
	*street_end = ends;
	return true;
}

/*
 * Where kaoping looked for a missing score: the row that left the cell
 * empty, else whether the run has a sheet of that party at all.
 */
static const char *
where_looked(const struct roster *r, uint32_t blank_row,
    enum sheet_kind party, char *out, size_t size)
{
	const struct roster_row *blank;
	bool street = party == SHEET_STREET;

	if (blank_row != ROSTER_NONE) {
		blank = &r->rows[blank_row];
		return say(out, size, street ? _("its row at %s:%lu leaves "
		    "street_score empty") : _("its row at %s:%lu leaves "
		    "dept_score empty"), sheet_name(r, blank),
		    (unsigned long)blank->line);
	}
	if (!r->gave_rows[party] && !r->gave_rows[SHEET_FULL])
		return street ? _("the run has no street sheet") :
		    _("the run has no department sheet");
	return street ? _("no street sheet has a row for this staff_id") :
	    _("no department sheet has a row for this staff_id");
}

/* The message of an incomplete staff member: which score is missing. */
static void
say_incomplete(const struct roster *r, const struct staff *s, char *out,
    size_t size)
{
	char id[TEXT_EXCERPT_SIZE], unit[TEXT_EXCERPT_SIZE], where[512];
	const struct roster_row *first = &r->rows[s->identity_row];
	struct text_span t = roster_cell(r, first, IN_STAFF_ID);
	struct text_span u = roster_cell(r, first, IN_UNIT);

	text_excerpt(id, t.s, t.len);
	text_excerpt(unit, u.s, u.len);
	if (s->dept_row != ROSTER_NONE)
		say(out, size, _("no street score for %s (%s, W %u): %s"), id,
		    unit, (unsigned)r->unit_weight[first->unit],
		    where_looked(r, s->blank_street_row, SHEET_STREET, where,
		    sizeof where));
	else
		say(out, size, _("no department score for %s (%s): %s"), id,
		    unit, where_looked(r, s->blank_dept_row, SHEET_DEPT, where,
		    sizeof where));
}

enum row_fate
roster_row_fate(const struct roster *r, size_t i, char *why, size_t size,
    bool *own)
{
	char bad[TEXT_EXCERPT_SIZE];
	const struct roster_row *row = &r->rows[i];
	const struct staff *s;
	const struct roster_row *culprit;
	struct text_span id, t;

	*own = row->problem != 0;
	if (row->problem != 0) {
		t = problem_text(r, row);
		say(why, size, "%.*s", (int)t.len, t.s);
		return ROW_REJECTED;
	}
	s = &r->staff[row->staff];
	if (s->state == STAFF_USABLE)
		return ROW_MERGED;
	if (s->state == STAFF_INCOMPLETE) {
		*own = s->identity_row == i;
		say_incomplete(r, s, why, size);
		return ROW_REJECTED;
	}
	culprit = &r->rows[s->bad_row];
	id = roster_cell(r, row, IN_STAFF_ID);
	say(why, size, _("not used: staff_id \"%s\" cannot be assessed because "
	    "its row at %s:%lu is invalid"), text_excerpt(bad, id.s, id.len),
	    sheet_name(r, culprit), (unsigned long)culprit->line);
	return ROW_REJECTED;
}

/*
 * The staff table (SPEC section 8): every data row of every sheet, joined
 * by staff_id.  Sheets add their rows in batches as they are read; the
 * table knows which row gave each staff member's department score and
 * street score, and where.  Once every sheet is in, roster_settle() judges
 * each staff member (usable, invalid, incomplete), and the results are
 * computed from the rows that gave the scores.
 *
 * Every row is kept, valid or not: a rejected row is echoed as found, and
 * every row ends up in exactly one place, in the rejects or merged into
 * one result.  The roster owns copies of all text.
 */
#ifndef KAOPING_ROSTER_H
#define KAOPING_ROSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cells.h"
#include "policy.h"
#include "rank.h"
#include "schema.h"
#include "score.h"
#include "strtab.h"
#include "text.h"

#define ROSTER_NONE	UINT32_MAX

/* One data row as a sheet hands it over; borrowed for the call. */
struct roster_input {
	struct text_span cell[IN_COUNT];	/* trimmed; empty if absent */
	size_t		 street_len;	/* the street without 办事处 */
	score_t		 dept, street;	/* when given */
	bool		 gives_dept, gives_street;
	bool		 says_ineligible;
	unsigned long	 line, row;
	const char	*problem;	/* why the row is invalid, or NULL */
};

/* Flags of a row. */
#define ROW_GIVES_DEPT		0x01
#define ROW_GIVES_STREET	0x02
#define ROW_SAYS_INELIGIBLE	0x04
#define ROW_LONG_STREET		0x08	/* its street ends in 办事处 */

struct roster_row {
	uint32_t	 text;		/* its own cells in text (roster.c) */
	uint32_t	 staff;		/* index, or NONE without staff_id */
	uint32_t	 street, unit;	/* indices, or NONE when empty */
	uint32_t	 sheet, line, row;	/* past 2^32 shown as 2^32-1 */
	uint32_t	 problem;	/* offset + 1 in problems, or 0 */
	score_t		 dept, street_score;
	uint8_t		 flags;
};

enum staff_state {
	STAFF_USABLE,
	STAFF_INVALID,		/* one of its rows is invalid */
	STAFF_INCOMPLETE,	/* a score it needs is missing */
};

struct staff {
	uint32_t	 identity_row;	/* first valid row, or NONE */
	uint32_t	 dept_row, street_row;	/* that gave them, or NONE */
	/* The first valid row whose sheet has the column but left it empty. */
	uint32_t	 blank_dept_row, blank_street_row;
	uint32_t	 bad_row;	/* first invalid row (settled) */
	uint8_t		 state;		/* enum staff_state (settled) */
	bool		 eligible;	/* no row says no (settled) */
};

/* Where a sheet's rows begin, to forget them if it is read again. */
struct roster_mark {
	size_t		 rows, text, problems;
	uint32_t	 staff, streets;
};

struct roster {
	const struct policy *policy;		/* borrowed */
	const char *const *sheet_names;		/* borrowed, by sheet */
	const enum sheet_kind *sheet_kinds;	/* borrowed, by sheet */
	struct roster_row *rows;
	size_t		 nrows, rows_cap;
	struct staff	*staff;			/* by ids index */
	size_t		 staff_cap;
	struct cells	 text, problems;
	struct strtab	 ids, streets, units;
	int		*unit_weight;		/* W by unit, or -1 */
	size_t		 unit_weight_cap;
	/* Whether a sheet of each kind gave rows (settled). */
	bool		 gave_rows[SHEET_STREET + 1];
};

void		roster_init(struct roster *, const struct policy *,
		    const char *const *sheet_names,
		    const enum sheet_kind *sheet_kinds);
void		roster_free(struct roster *);

/*
 * Add a sheet's rows: look each up by staff_id, street and unit, and
 * join it to its staff member, noting the problems only a second row can
 * show (a score given twice, identity cells that disagree) and a unit no
 * policy entry matches.  0, or EX_OSERR when memory runs out (or the text
 * passes 4 GiB).
 */
int		roster_add(struct roster *, uint32_t sheet,
		    const struct roster_input *, size_t n);
/*
 * A hint that the run will have about this many staff: the staff_id table
 * is made that big at once, instead of growing (and placing every id
 * again) a dozen times.  Only a hint: without memory, nothing happens.
 */
void		roster_expect(struct roster *, size_t staff);
struct roster_mark roster_mark(const struct roster *);
/* Forget every row added since the mark.  0, or EX_OSERR. */
int		roster_rollback(struct roster *, const struct roster_mark *);

/*
 * Every sheet is in: check units against the streets of the run, then
 * judge each staff member.  0 or EX_OSERR.
 */
int		roster_settle(struct roster *);

/* Staff members and rows, once settled. */
static inline size_t
roster_staff_count(const struct roster *r)
{
	return r->ids.count;
}

/* A row's cell as found (trimmed). */
struct text_span roster_cell(const struct roster *, const struct roster_row *,
		    enum in_col);
/* A street's name (short form) by index. */
struct text_span roster_street(const struct roster *, uint32_t street);
/* A staff member's W; only for a usable one. */
unsigned	roster_weight(const struct roster *, uint32_t staff);

/*
 * One result per usable staff member, its combined score rounded to
 * decimals, grouped by street: street s's end at (*street_end)[s], in
 * staff order within it.  Both arrays are the caller's to free.  False
 * when memory runs out.
 */
bool		roster_results(const struct roster *, unsigned decimals,
		    struct result **out, size_t *count, size_t **street_end);

enum row_fate {
	ROW_MERGED,		/* part of a result */
	ROW_REJECTED,		/* why says why */
};

/*
 * What became of row i, and why it was rejected (a message for the
 * clerk, in out, at most size bytes).  *own is true when the message
 * belongs in the errors of a run without --rejects: the row itself is at
 * fault, or it is the first row of an incomplete staff member.
 */
enum row_fate	roster_row_fate(const struct roster *, size_t i, char *why,
		    size_t size, bool *own);

#endif

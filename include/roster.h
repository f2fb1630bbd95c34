/*
 * The roster: every valid row of the run, in input order, with its text
 * kept compactly (strings interned or packed into one buffer, rows refer to
 * them by index or offset).  It also remembers where each staff_id was
 * first seen, valid row or not, to report duplicates, and which policy
 * entry each distinct unit name matched.
 */
#ifndef KAOPING_ROSTER_H
#define KAOPING_ROSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cells.h"
#include "policy.h"
#include "score.h"
#include "strtab.h"
#include "text.h"

enum staff_status {
	STATUS_NOT_NOMINATED,
	STATUS_NOMINATED,
	STATUS_TIE,
	STATUS_INELIGIBLE,
};

/*
 * 24 bytes a row.  The row's own text is four cells in a row of the
 * roster's text (cells.h), staff_id, name, dept_score and street_score, so
 * that writing a row touches one place in memory, not four, and never
 * scans for where a cell ends.
 */
struct staff {
	uint32_t	 text;				/* in roster text */
	uint32_t	 street, unit;			/* strtab indices */
	published_t	 combined;
	uint32_t	 rank;				/* set by ranking */
	uint8_t		 weight;			/* W */
	uint8_t		 status;			/* enum staff_status */
	bool		 eligible;
};

/* Lines past 2^32 (a 300 GB sheet) are shown as 4294967295. */
struct id_origin {
	uint32_t	 sheet, line;
};

struct roster {
	const struct policy *policy;	/* borrowed */
	struct staff	*rows;
	size_t		 count, cap;
	struct cells	 text;			/* rows' cells */
	struct strtab	 ids, streets, units;
	struct id_origin *id_origins;	/* where ids[i] was first seen */
	size_t		 id_cap;
	/* The id claimed last, whose cell ends the text until a row follows. */
	uint32_t	 claimed, claimed_at;
	size_t		 claimed_end;
	int		*unit_weight;	/* W of units.get(i), or -1 */
	size_t		 unit_cap;
};

/*
 * What roster_add copies in; text is (pointer, length), trimmed.  The
 * staff_id is the index roster_claim_id gave it.
 */
struct staff_input {
	uint32_t	 id;
	const char	*name, *dept_text, *street_text;
	size_t		 name_len, dept_len, street_text_len;
	struct strtab_key street;
	uint32_t	 unit;
	unsigned	 weight;
	published_t	 combined;
	bool		 eligible;
};

void		 roster_init(struct roster *, const struct policy *);
void		 roster_free(struct roster *);

/*
 * Record a staff_id.  Returns 1 when it is new (*id is its index), 0 when
 * it was seen before (*sheet and *line say where), -1 when memory runs out.
 * A new id's text goes into the roster's text at once, where the row that
 * claimed it, added next, takes it as its first cell.
 */
int		 roster_claim_id(struct roster *, const struct strtab_key *,
		    uint32_t sheet, unsigned long line, uint32_t *id,
		    uint32_t *first_sheet, unsigned long *first_line);
/*
 * The staff_id table only finds duplicates while the sheets are read: free
 * it once they all are, before ranking and writing take memory of their
 * own.  The ids' text stays, as the rows' first cells.
 */
void		 roster_forget_ids(struct roster *);
/* A hint that the run will have about this many staff ids in all. */
void		 roster_expect(struct roster *, size_t rows);
/* A hint that a row with this id, unit and street comes soon. */
void		 roster_prefetch(const struct roster *,
		    const struct strtab_key *id, const struct strtab_key *unit,
		    const struct strtab_key *street, enum strtab_stage);
/*
 * Index of a unit name, and its street share W through the policy, or -1
 * in *weight when no entry matches.  False when memory runs out.
 */
bool		 roster_unit(struct roster *, const struct strtab_key *,
		    uint32_t *unit, int *weight);
/* Append a valid row.  False when memory runs out, or text would pass
 * CELLS_MAX. */
bool		 roster_add(struct roster *, const struct staff_input *);

enum staff_text { STAFF_ID, STAFF_NAME, STAFF_DEPT, STAFF_STREET_SCORE,
    STAFF_TEXTS };

/* A row's texts, as found (trimmed), in enum staff_text order. */
void		 roster_staff_texts(const struct roster *, const struct staff *,
		    struct text_span out[STAFF_TEXTS]);
/* One of them. */
struct text_span roster_staff_text(const struct roster *,
		    const struct staff *, enum staff_text);
/* Two rows' staff_ids in byte order, below, at or above 0 as strcmp. */
int		 roster_compare_ids(const struct roster *, const struct staff *,
		    const struct staff *);

#endif

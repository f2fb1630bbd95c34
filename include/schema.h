/*
 * The declared record: every column kaoping reads or writes, once.
 *
 * The input schema names the columns of a score sheet (SPEC section 2):
 * the English name, its aliases (Chinese, and the Chinese output labels so
 * that kaoping reads its own outputs), what the value is, and whether the
 * column is required.  The header matcher and the row checks both work
 * from it.
 *
 * The output schemas name the columns of each output (SPEC sections 5, 6,
 * 9 and 10): a key, the English and Chinese labels, and the kind of cell,
 * which the sinks use to write text or numbers.
 */
#ifndef KAOPING_SCHEMA_H
#define KAOPING_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

enum lang {
	LANG_EN,
	LANG_ZH,
};

/* ---- Input ---------------------------------------------------------- */

enum in_col {
	IN_STAFF_ID,
	IN_NAME,
	IN_STREET,
	IN_UNIT,
	IN_DEPT_SCORE,
	IN_STREET_SCORE,
	IN_ELIGIBLE,
	IN_COUNT
};

enum in_kind {
	IN_KIND_ID,		/* non-empty text; a number only if exact */
	IN_KIND_TEXT,		/* non-empty text */
	IN_KIND_SCORE,		/* a score (score.h), or empty */
	IN_KIND_YES_NO,		/* yes/no words, empty is yes */
};

#define SCHEMA_MAX_NAMES	6

struct in_column {
	const char	*names[SCHEMA_MAX_NAMES];	/* English first */
	enum in_kind	 kind;
	bool		 required;
};

extern const struct in_column schema_in[IN_COUNT];

/*
 * Which party a sheet speaks for, from the score columns its header has
 * (SPEC section 8).
 */
enum sheet_kind {
	SHEET_FULL,		/* dept_score and street_score */
	SHEET_DEPT,		/* dept_score only */
	SHEET_STREET,		/* street_score only */
};

/* ---- Output --------------------------------------------------------- */

enum out_type {
	OUT_TEXT,		/* text, guarded against formulas in CSV */
	OUT_INT,		/* a whole number */
	OUT_SCORE,		/* a decimal number, shown as its text shows it */
};

struct out_column {
	const char	*key;
	const char	*en, *zh;
	enum out_type	 type;
};

struct out_schema {
	const struct out_column *columns;
	size_t		 count;
};

/* Nominations and results: the same columns (SPEC section 5). */
enum result_col {
	RES_STREET,
	RES_RANK,
	RES_STAFF_ID,
	RES_NAME,
	RES_UNIT,
	RES_DEPT_SCORE,
	RES_STREET_SCORE,
	RES_STREET_WEIGHT,
	RES_COMBINED,
	RES_STATUS,
	RES_COUNT
};

/* Rejected rows (SPEC section 6): where, why, then the cells as found. */
enum reject_col {
	REJ_SOURCE,
	REJ_LINE,
	REJ_ERROR,
	REJ_STAFF_ID,
	REJ_NAME,
	REJ_STREET,
	REJ_UNIT,
	REJ_DEPT_SCORE,
	REJ_STREET_SCORE,
	REJ_ELIGIBLE,
	REJ_COUNT
};

/* The policy table (SPEC section 3, --print-policy, --policy). */
enum policy_col {
	POL_UNIT,
	POL_STREET_WEIGHT,
	POL_COUNT
};

extern const struct out_schema schema_results, schema_rejects,
	    schema_policy;

/* A column's label in a language. */
const char	*schema_label(const struct out_column *, enum lang);

/* Status words (SPEC sections 4 and 10). */
enum staff_status {
	STATUS_NOMINATED,
	STATUS_TIE,
	STATUS_NOT_NOMINATED,
	STATUS_INELIGIBLE,
};
const char	*schema_status_word(enum staff_status, enum lang);

/* The worksheet names of section 9, by output. */
enum output_role {
	ROLE_NOMINATIONS,
	ROLE_RESULTS,
	ROLE_REJECTS,
	ROLE_POLICY,
};
const char	*schema_sheet_name(enum output_role, enum lang);

#endif

#include <stdbool.h>
#include <string.h>

#include "csvout.h"
#include "rank.h"
#include "report.h"
#include "roster.h"
#include "score.h"
#include "strtab.h"

static const char *const status_names[] = {
	[STATUS_NOT_NOMINATED] = "not-nominated",
	[STATUS_NOMINATED] = "nominated",
	[STATUS_TIE] = "tie",
	[STATUS_INELIGIBLE] = "ineligible",
};

static void
write_row(struct csvout *w, const struct roster *r, const struct staff *s,
    unsigned decimals)
{
	char combined[SCORE_FORMAT_SIZE];
	const char *id = roster_staff_text(r, s, STAFF_ID);
	const char *name = id + strlen(id) + 1;
	const char *dept = name + strlen(name) + 1;
	const char *street_score = dept + strlen(dept) + 1;
	size_t len;

	csvout_text_z(w, strtab_get(&r->streets, s->street));
	csvout_unsigned(w, s->rank);
	csvout_text_z(w, id);
	csvout_text_z(w, name);
	csvout_text_z(w, strtab_get(&r->units, s->unit));
	csvout_number(w, dept, strlen(dept));
	csvout_number(w, street_score, strlen(street_score));
	csvout_unsigned(w, s->weight);
	len = score_format(combined, s->combined, decimals);
	csvout_number(w, combined, len);
	csvout_text_z(w, status_names[s->status]);
	csvout_end_row(w);
}

/*
 * Rows are visited in ranking order, scattered over memory: ask for a row
 * some steps ahead, and for its text once the row itself has arrived, so
 * the cache misses overlap instead of stalling one at a time.  (Inside the
 * loop on purpose: GCC drops a helper that only prefetches as if it did
 * nothing.)
 */
#define PREFETCH_ROW	16
#define PREFETCH_TEXT	8

void
report_write(struct csvout *w, const struct roster *r,
    const struct ranking *k, unsigned decimals, bool nominations_only)
{
	static const char *const header[] = { "street", "rank", "staff_id",
	    "name", "unit", "dept_score", "street_score", "street_weight",
	    "combined", "status" };
	size_t i;

	csvout_row(w, header, sizeof header / sizeof header[0]);
	for (i = 0; i < r->count; i++) {
		const struct staff *s = &r->rows[k->order[i]];

		if (i + PREFETCH_ROW < r->count)
			__builtin_prefetch(&r->rows[k->order[i + PREFETCH_ROW]]);
		if (i + PREFETCH_TEXT < r->count)
			__builtin_prefetch(r->text +
			    r->rows[k->order[i + PREFETCH_TEXT]].text);
		if (!nominations_only || s->status == STATUS_NOMINATED ||
		    s->status == STATUS_TIE)
			write_row(w, r, s, decimals);
	}
}

#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "i18n.h"
#include "rank.h"
#include "roster.h"
#include "score.h"
#include "summary.h"

/* "t02 Bob, t03 Cat" and, past the limit, "and N more". */
static char *
tied_names(const struct ranking *k, const struct roster *r, uint32_t street,
    uint32_t tied, published_t *score)
{
	char *list = NULL;
	size_t len = 0, i;
	uint32_t named = 0;
	struct text_span name;
	FILE *fp;

	if ((fp = open_memstream(&list, &len)) == NULL)
		return NULL;
	for (i = rank_street_begin(k, street); i < k->street_end[street] &&
	    named < SUMMARY_TIE_NAMES; i++) {
		const struct result *res = &k->results[i];

		if (res->status != STATUS_TIE)
			continue;
		name = roster_cell(r, &r->rows[res->row], IN_NAME);
		fprintf(fp, "%s%.*s %.*s", named > 0 ? ", " : "",
		    (int)res->id.len, res->id.s, (int)name.len, name.s);
		*score = res->combined;
		named++;
	}
	if (tied > named)
		fprintf(fp, _(" and %lu more"), (unsigned long)(tied - named));
	if (fclose(fp) != 0) {
		free(list);
		return NULL;
	}
	return list;
}

void
summary_ties(const struct ranking *k, const struct roster *r,
    unsigned decimals, struct diag *d)
{
	char score[SCORE_FORMAT_SIZE];
	published_t combined = 0;
	struct text_span street;
	uint32_t s, places;
	char *list;

	for (s = 0; s < k->nstreets; s++) {
		const struct street_tally *t = &k->tallies[s];

		if (t->tied == 0)
			continue;
		if ((list = tied_names(k, r, s, t->tied, &combined)) == NULL) {
			diag_out_of_memory(d);
			return;
		}
		score_format(score, combined, decimals);
		places = t->quota - t->nominated;
		street = roster_street(r, s);
		diag_warn(d, ngettext("%.*s: tie at the quota line for %u "
		    "place, score %s: %s", "%.*s: tie at the quota line for %u "
		    "places, score %s: %s", places), (int)street.len, street.s,
		    places, score, list);
		free(list);
	}
}

void
summary_streets(const struct ranking *k, const struct roster *r,
    struct diag *d)
{
	uint32_t *incomplete, s;
	struct text_span street;
	size_t i;

	if ((incomplete = calloc((size_t)k->nstreets + 1,
	    sizeof *incomplete)) == NULL) {
		diag_out_of_memory(d);
		return;
	}
	for (i = 0; i < roster_staff_count(r); i++)
		if (r->staff[i].state == STAFF_INCOMPLETE)
			incomplete[r->rows[r->staff[i].identity_row].street]++;
	for (s = 0; s < k->nstreets; s++) {
		const struct street_tally *t = &k->tallies[s];

		if (t->participants == 0 && incomplete[s] == 0)
			continue;
		street = roster_street(r, s);
		diag_note(d, _("%.*s: %u staff, quota %u, %u nominated, %u "
		    "tied, %u ineligible; %u with both scores, %u "
		    "department-only, %u incomplete"), (int)street.len,
		    street.s, t->participants, t->quota, t->nominated, t->tied,
		    t->ineligible, t->participants - t->dept_only, t->dept_only,
		    incomplete[s]);
	}
	free(incomplete);
}

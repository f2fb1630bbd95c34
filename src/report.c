#include <stdbool.h>
#include <string.h>

#include "diag.h"
#include "i18n.h"
#include "rank.h"
#include "report.h"
#include "roster.h"
#include "schema.h"
#include "score.h"
#include "sink.h"
#include "text.h"

static struct text_span
span(const char *s, size_t len)
{
	struct text_span t = { s, len };

	return t;
}

static struct text_span
span_z(const char *s)
{
	return span(s, strlen(s));
}

/* A result's cells; the numbers are formatted into the room given. */
static void
result_cells(const struct roster *r, const struct result *res,
    enum lang lang, unsigned decimals, struct text_span cells[RES_COUNT],
    char rank[TEXT_UNSIGNED_SIZE], char weight[TEXT_UNSIGNED_SIZE],
    char combined[SCORE_FORMAT_SIZE])
{
	const struct roster_row *who = &r->rows[res->row];

	cells[RES_STREET] = roster_street(r, res->street);
	cells[RES_RANK] = span(rank, text_format_unsigned(rank, res->rank));
	cells[RES_STAFF_ID] = res->id;
	cells[RES_NAME] = roster_cell(r, who, IN_NAME);
	cells[RES_UNIT] = roster_cell(r, who, IN_UNIT);
	cells[RES_DEPT_SCORE] = roster_cell(r, &r->rows[res->dept_row],
	    IN_DEPT_SCORE);
	cells[RES_STREET_SCORE] = res->street_row == ROSTER_NONE ?
	    span("", 0) : roster_cell(r, &r->rows[res->street_row],
	    IN_STREET_SCORE);
	cells[RES_STREET_WEIGHT] = span(weight, text_format_unsigned(weight,
	    res->weight));
	cells[RES_COMBINED] = span(combined, score_format(combined,
	    res->combined, decimals));
	cells[RES_STATUS] = span_z(schema_status_word(res->status, lang));
}

/*
 * Results are in ranking order, their rows in reading order: each result
 * reads memory far from the last.  So a result's rows are asked for AHEAD
 * results before its turn, and the rows' text and its staff_id half way
 * there.  (A prefetch has no effect GCC can see, so a function doing only
 * that is dropped as useless: these are macros.)
 */
#define AHEAD	16

#define PREFETCH_RESULTS(r, k, i) do {					\
	if ((i) + AHEAD < (k)->count)					\
		prefetch_rows((r), &(k)->results[(i) + AHEAD]);		\
	if ((i) + AHEAD / 2 < (k)->count)				\
		prefetch_text((r), &(k)->results[(i) + AHEAD / 2]);	\
} while (0)

#define prefetch_rows(r, res) do {					\
	__builtin_prefetch(&(r)->rows[(res)->row]);			\
	if ((res)->dept_row != (res)->row)				\
		__builtin_prefetch(&(r)->rows[(res)->dept_row]);	\
	if ((res)->street_row != ROSTER_NONE &&				\
	    (res)->street_row != (res)->row)				\
		__builtin_prefetch(&(r)->rows[(res)->street_row]);	\
} while (0)

#define prefetch_text(r, res) do {					\
	__builtin_prefetch((res)->id.s);				\
	__builtin_prefetch((r)->text.text + (r)->rows[(res)->row].text); \
	if ((res)->dept_row != (res)->row)				\
		__builtin_prefetch((r)->text.text +			\
		    (r)->rows[(res)->dept_row].text);			\
	if ((res)->street_row != ROSTER_NONE &&				\
	    (res)->street_row != (res)->row)				\
		__builtin_prefetch((r)->text.text +			\
		    (r)->rows[(res)->street_row].text);			\
} while (0)

static bool
is_nomination(const struct result *res)
{
	return res->status == STATUS_NOMINATED || res->status == STATUS_TIE;
}

int
report_results(const struct ranking *k, const struct roster *r,
    enum lang lang, unsigned decimals, struct sink *results,
    struct sink *nominations)
{
	char rank[TEXT_UNSIGNED_SIZE], weight[TEXT_UNSIGNED_SIZE];
	char combined[SCORE_FORMAT_SIZE];
	struct text_span cells[RES_COUNT];
	size_t i;
	int status = 0;

	for (i = 0; i < k->count && status == 0; i++) {
		const struct result *res = &k->results[i];

		PREFETCH_RESULTS(r, k, i);
		if (results == NULL && !is_nomination(res))
			continue;
		result_cells(r, res, lang, decimals, cells, rank, weight,
		    combined);
		if (results != NULL)
			status = sink_row(results, cells);
		if (status == 0 && nominations != NULL && is_nomination(res))
			status = sink_row(nominations, cells);
	}
	if (status == 0 && results != NULL)
		status = sink_finish(results);
	if (status == 0 && nominations != NULL)
		status = sink_finish(nominations);
	return status;
}

static int
write_reject(const struct roster *r, const struct roster_row *row,
    const char *why, struct sink *rejects)
{
	static const enum in_col echoed[] = { IN_STAFF_ID, IN_NAME, IN_STREET,
	    IN_UNIT, IN_DEPT_SCORE, IN_STREET_SCORE, IN_ELIGIBLE };
	char line[TEXT_UNSIGNED_SIZE];
	struct text_span cells[REJ_COUNT];
	size_t i;

	cells[REJ_SOURCE] = span_z(r->sheet_names[row->sheet]);
	cells[REJ_LINE] = span(line, text_format_unsigned(line, row->line));
	cells[REJ_ERROR] = span_z(why);
	for (i = 0; i < sizeof echoed / sizeof echoed[0]; i++)
		cells[REJ_STAFF_ID + i] = roster_cell(r, row, echoed[i]);
	return sink_row(rejects, cells);
}

int
report_rows(const struct roster *r, struct sink *rejects, struct diag *d,
    unsigned long *rejected)
{
	char why[2048];
	size_t i;
	bool own;
	int status = 0;

	*rejected = 0;
	for (i = 0; i < r->nrows && status == 0; i++) {
		const struct roster_row *row = &r->rows[i];

		if (roster_row_fate(r, i, why, sizeof why, &own) == ROW_MERGED)
			continue;
		++*rejected;
		if (rejects != NULL)
			status = write_reject(r, row, why, rejects);
		if (d != NULL && own)
			diag_error_at(d, r->sheet_names[row->sheet], row->line,
			    row->row, "%s", why);
	}
	if (status == 0 && rejects != NULL)
		status = sink_finish(rejects);
	return status;
}

/*
 * Reports: the outputs' rows, as cells of the output schemas (schema.h),
 * emitted to sinks (sink.h).  The report knows the columns and what goes
 * in them; the sinks know files.
 */
#ifndef KAOPING_REPORT_H
#define KAOPING_REPORT_H

#include <stdbool.h>

#include "diag.h"
#include "rank.h"
#include "roster.h"
#include "schema.h"
#include "sink.h"

/*
 * Every result to results, the nominated and tied ones to nominations
 * (either may be NULL), in ranking order; then finish both.  0 or the
 * first sink's failure.
 */
int	report_results(const struct ranking *, const struct roster *,
	    enum lang, unsigned decimals, struct sink *results,
	    struct sink *nominations);

/*
 * Walk every row of a settled roster: a rejected one goes to rejects
 * (when not NULL) with its message; its message is printed through diag
 * as an error (when not NULL) if the row is at fault itself or is the
 * first row of an incomplete staff member.  *rejected counts the rejected
 * rows.  0 or the sink's failure; rejects is finished.
 */
int	report_rows(const struct roster *, struct sink *rejects,
	    struct diag *, unsigned long *rejected);

#endif

/*
 * Sinks: where an output's rows go, as typed cells.  The report and the
 * policy printer emit rows; a sink turns them into a file.  Behind this
 * interface: the CSV writer (sink_csv.c: quoting, the formula guard,
 * --excel), the workbook writer (sink_xlsx.c: libxlsxwriter), and the
 * street router (sink_split.c: one file per street).
 *
 * A row is an array of the schema's count cells, each the text the CSV
 * would hold (a score "85.50", a rank "3"); the column's out_type tells a
 * sink whether to write it as text or as a number.  A sink writes its
 * header row when it is made.
 *
 * Failures are reported through the diag given at creation, naming the
 * file, and returned as a sysexits status (EX_IOERR, EX_OSERR).  After a
 * failure a sink accepts and ignores further rows, and finish returns the
 * failure again.
 */
#ifndef KAOPING_SINK_H
#define KAOPING_SINK_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "schema.h"
#include "text.h"

struct sink;

struct sink_ops {
	int	(*row)(struct sink *, const struct text_span *cells);
	/* Every row is in: complete the file (not commit it).  0 or status. */
	int	(*finish)(struct sink *);
	void	(*free)(struct sink *);
};

struct sink {
	const struct sink_ops *ops;
	const struct out_schema *schema;
};

static inline int
sink_row(struct sink *s, const struct text_span *cells)
{
	return s->ops->row(s, cells);
}

static inline int
sink_finish(struct sink *s)
{
	return s->ops->finish(s);
}

/* NULL is allowed, and the pointer is set to NULL. */
void	sink_free(struct sink **);

/* How CSV outputs are written (SPEC sections 1 and 5). */
struct csv_style {
	bool		 excel;		/* UTF-8 byte-order mark and CRLF */
	bool		 raw;		/* no formula guard */
};

/*
 * A CSV writer on fp (borrowed; the caller flushes and closes it).  name
 * labels messages.  NULL when memory runs out (reported).
 */
struct sink	*sink_csv_new(FILE *fp, const char *name,
		    const struct out_schema *, enum lang,
		    const struct csv_style *, struct diag *);

/*
 * A workbook of one worksheet named sheet_name, written to path when the
 * sink finishes (path may be a /proc/self/fd/N name of a file already
 * open).  name labels messages.  NULL when it cannot be started
 * (reported).
 */
struct sink	*sink_xlsx_new(const char *path, const char *name,
		    const char *sheet_name, const struct out_schema *,
		    enum lang, struct diag *);

/*
 * One file per street: rows go to the sink added for the text of their
 * column street_col.  Every street's sink is added before the first row,
 * in the order of the streets; the router owns them.  A row of a street
 * without a sink is a programming error.
 */
struct sink	*sink_split_new(const struct out_schema *, size_t street_col);
/* False when memory runs out. */
bool		 sink_split_add(struct sink *split, const char *street,
		    size_t len, struct sink *child);

#endif

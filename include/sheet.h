/*
 * Score sheets (SPEC sections 2, 8 and 11): find the header below any
 * title rows, tell the sheet's kind from its score columns, check each
 * data row's cells against the input schema and hand the rows to the
 * roster.  A row that is invalid on its own goes to the roster with its
 * problem: every row is kept, and judged with the rest once all sheets
 * are read.  Structural problems (no header, a bad header, an unreadable
 * sheet) are reported at once and end the run.
 */
#ifndef KAOPING_SHEET_H
#define KAOPING_SHEET_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "roster.h"
#include "schema.h"

/* How many non-blank records may come before the header. */
#define SHEET_HEADER_SEARCH	10

struct sheet_run {
	struct roster	*roster;
	struct diag	*diag;
	const char	*encoding;	/* iconv name, or NULL for auto */
	bool		 verbose;	/* -v: a line about each sheet */
	const char *const *names;	/* display name of each sheet */
	enum sheet_kind	*kinds;		/* set for each sheet read */
	bool		 chinese;	/* the first sheet's header is */
	unsigned long	 rows;		/* data rows read */
};

/*
 * Read sheet number `sheet` from path.  Returns 0, or the status that
 * stops the run: EX_NOINPUT, EX_DATAERR (structural), EX_IOERR, EX_OSERR.
 */
int	sheet_read(struct sheet_run *, const char *path, uint32_t sheet);

#endif

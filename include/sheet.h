/*
 * Score sheets: map the header, check every data row against SPEC section
 * 2 and the policy, and add the valid rows, with their combined scores, to
 * the roster.  An invalid row is reported at FILE:LINE, or written to the
 * rejects file when there is one; either way it is counted, never dropped.
 */
#ifndef KAOPING_SHEET_H
#define KAOPING_SHEET_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "csvout.h"
#include "diag.h"
#include "roster.h"

struct sheet_run {
	struct roster	*roster;
	struct diag	*diag;
	bool		 set_aside;	/* --rejects: invalid rows are no error */
	struct csvout	*rejects;	/* where they go; NULL with --check */
	const char	*encoding;	/* iconv name, or NULL for UTF-8 */
	unsigned	 decimals;	/* of the published score */
	const char *const *names;	/* display name of each sheet */
	unsigned long	 rows;		/* data rows read so far */
	unsigned long	 invalid;	/* of which invalid */
};

/* The rejects file's header, for whoever opens it. */
void	sheet_write_rejects_header(struct csvout *);
/*
 * Read sheet number `sheet` (its name is run->names[sheet]) from fp.
 * Returns 0, or the status of a problem that stops the run: EX_DATAERR for
 * a structural problem (bad CSV, encoding or header), EX_IOERR, EX_OSERR.
 * Invalid rows do not stop it: see run->invalid.
 */
int	sheet_read(struct sheet_run *, FILE *, uint32_t sheet);

#endif

/*
 * Sources: a sheet's bytes in, records out.  A record is the cells of one
 * spreadsheet row with the line (and row) where it starts.  Two sources sit
 * behind this one interface: the CSV reader (encoding, libcsv, the reading
 * thread) and the workbook reader (zip and streaming XML).  source_read()
 * looks at a sheet's first bytes and picks one.
 *
 * Every source gives cells trimmed (text_trim), checked as UTF-8 without
 * NUL bytes, at most SOURCE_MAX_CELL bytes, and skips records whose cells
 * are all empty (they still count in line and row numbers).  A structural
 * problem (unreadable CSV or workbook, bad encoding) is reported through
 * the diag with FILE:LINE and ends the reading with its status.
 */
#ifndef KAOPING_SOURCE_H
#define KAOPING_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#define SOURCE_MAX_CELL		(64 * 1024)
#define SOURCE_MAX_COLUMNS	16384	/* a worksheet's limit, XFD */

/*
 * What a cell held in the sheet.  A CSV cell is always text.  A workbook's
 * number is given as the text Excel shows (xlnum.h), a boolean as "true"
 * or "false", an error value as its text ("#N/A").
 */
enum cell_kind {
	CELL_TEXT,
	CELL_NUMBER,
	CELL_BOOL,
	CELL_ERROR,
};

struct cell {
	const char	*s;		/* not NUL-terminated */
	size_t		 len;
	enum cell_kind	 kind;
};

/*
 * Valid only during the callback.  cells[i] is the i-th column (A, B, ...):
 * a workbook's missing cells are empty text cells.
 */
struct record {
	const struct cell *cells;
	size_t		 count;
	unsigned long	 line;		/* CSV: line where it starts; else row */
	unsigned long	 row;		/* the spreadsheet's row number */
};

/*
 * Where the records go.  records() gets them in order, a batch at a time,
 * and returns 0 to go on or a status to stop with.  rewind(), when the
 * source must read the sheet again from the start (it found out late that
 * a CSV sheet is GB18030, not UTF-8), forgets every record delivered so
 * far; it returns 0 or a status to stop with.
 */
struct source_target {
	int		(*records)(void *ctx, const struct record *,
			    size_t count);
	int		(*rewind)(void *ctx);
	void		*ctx;
};

/* What -v tells of a sheet. */
struct source_facts {
	bool		 workbook;
	char		 encoding[32];	/* CSV: "UTF-8", "GB18030", ... */
	char		 worksheet[256];	/* workbook: its first sheet */
};

/*
 * Read the sheet at path ("-": standard input, always CSV).  name labels
 * messages.  encoding is an iconv name for every CSV sheet, or NULL for
 * "auto" (SPEC section 11).  Returns 0 or a sysexits status: EX_NOINPUT
 * (cannot open, a directory), EX_DATAERR (structural), EX_IOERR,
 * EX_OSERR (out of memory), or whatever the target returned.
 */
int	source_read(const char *path, const char *name, const char *encoding,
	    const struct source_target *, struct source_facts *,
	    struct diag *);

/*
 * Whether path can be opened for reading (SPEC section 7: every sheet is
 * checked before any is read).  Reports and returns EX_NOINPUT if not.
 */
int	source_check(const char *path, struct diag *);

/* How messages name a sheet: "<stdin>" for "-". */
const char *source_display_name(const char *path);

#endif

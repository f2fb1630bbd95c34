/*
 * CSV writer for the outputs: RFC 4180 quoting only where a cell needs it
 * (comma, double quote, CR, LF), the formula guard on text cells, and the
 * --excel form (UTF-8 byte-order mark, CRLF).  Write errors are left on the
 * FILE for the caller to find with ferror() when it closes the file;
 * running out of memory is told by csvout_ok().
 */
#ifndef KAOPING_CSVOUT_H
#define KAOPING_CSVOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * A row is gathered in buf and handed to stdio in one call at its end:
 * one call a row, not several a cell.  A writer made by csvout_init_memory
 * has no FILE: its rows pile up in buf, for a caller that formats on
 * several threads and writes the pieces in order.
 */
struct csvout {
	FILE		*fp;		/* borrowed; NULL: rows stay in buf */
	bool		 raw;		/* --raw: no formula guard */
	const char	*eol;		/* "\n", or "\r\n" with --excel */
	size_t		 eol_len;
	bool		 in_row;	/* a cell was written on this row */
	char		*buf;		/* the row, or (in memory) every row */
	size_t		 len, cap;
	bool		 failed;	/* memory ran out: rows were lost */
};

/* Writes the byte-order mark at once when excel is set. */
void	csvout_init(struct csvout *, FILE *, bool excel, bool raw);
/* Rows into memory: no byte-order mark, nothing written anywhere. */
void	csvout_init_memory(struct csvout *, bool excel, bool raw);
/* The rows gathered so far, and forgetting them (keeping the memory). */
const char *csvout_memory(const struct csvout *, size_t *len);
void	csvout_memory_clear(struct csvout *);
/* Bytes start to end of the rows gathered. */
struct csvout_range {
	size_t		 start, end;
};
/*
 * Keep only these stretches of the rows gathered, moved together to the
 * front in their order (ascending, not overlapping): a selection of rows
 * already formatted, to be written somewhere else in one piece.
 */
void	csvout_memory_keep(struct csvout *, const struct csvout_range *,
	    size_t n);
/* False if memory ran out since csvout_init: some rows are missing. */
bool	csvout_ok(const struct csvout *);
void	csvout_free(struct csvout *);
/* A text cell: guarded against formulas unless raw. */
void	csvout_text(struct csvout *, const char *, size_t);
void	csvout_text_z(struct csvout *, const char *);
/* A number cell (scores, ranks, line numbers): never guarded. */
void	csvout_number(struct csvout *, const char *, size_t);
void	csvout_unsigned(struct csvout *, unsigned long);
/* Ends the row and passes it to the FILE. */
void	csvout_end_row(struct csvout *);
/* A whole row of NUL-terminated text cells, e.g. a header. */
void	csvout_row(struct csvout *, const char *const *cells, size_t n);

/* True if a spreadsheet could run the text as a formula. */
bool	csvout_looks_like_formula(const char *, size_t);

/*
 * For a caller that formats whole rows itself, cells that repeat among
 * them: csvout_reserve gives room for n bytes after the row so far (NULL
 * when memory runs out), csvout_format_text writes one cell there, with
 * the formula guard if asked (see csvout_guards), and csvout_advance takes
 * the bytes up to end into the row.  Separators are the caller's.
 */
#define CSVOUT_CELL_ROOM(len)	(2 * (size_t)(len) + 3)
char	*csvout_reserve(struct csvout *, size_t n);
char	*csvout_format_text(char *out, const char *s, size_t len, bool guard);
bool	 csvout_guards(const struct csvout *, const char *, size_t);
void	 csvout_advance(struct csvout *, char *end);

#endif

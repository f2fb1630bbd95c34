/*
 * The CSV source's parsing step: libcsv driven over text (strict, every
 * line end reported), cells trimmed and checked (UTF-8 per RFC 3629, no NUL
 * byte, at most SOURCE_MAX_CELL bytes, at most SOURCE_MAX_COLUMNS to a
 * record), the line and the spreadsheet row where each record starts, and
 * complete records into a batch.  Records whose cells are all empty are
 * dropped, but counted.  Text may arrive in stretches of any size: the
 * result is the same.
 *
 * Private to the CSV source (csvsource.c, csvahead.c).
 */
#ifndef KAOPING_CSVPARSE_H
#define KAOPING_CSVPARSE_H

#include <stdbool.h>
#include <stddef.h>

struct csv_cell_span {
	size_t		 offset, len;	/* in the batch's cells */
};

struct csv_record_span {
	size_t		 first, count;	/* in the batch's spans */
	unsigned long	 line, row;
};

/*
 * The records completed by one piece of input, and why parsing stopped
 * after them if it did: the message is told after the records, so that
 * messages keep the order of the lines they are about.  A batch owns its
 * arrays and keeps them from one piece to the next.
 */
struct csv_batch {
	char		*cells;
	size_t		 cells_len, cells_cap;
	struct csv_cell_span *spans;
	size_t		 spans_len, spans_cap;
	struct csv_record_span *records;
	size_t		 records_len, records_cap;
	int		 status;	/* 0, or why parsing stopped */
	unsigned long	 line, row;	/* where; line 0: the whole sheet */
	char		 message[2048];
	bool		 last;		/* no batch follows */
};

/* Empty b for the next piece, keeping its memory. */
void	csv_batch_clear(struct csv_batch *);
void	csv_batch_free(struct csv_batch *);

struct csvparse;

/*
 * What a cell that is not UTF-8 means (the encoding step knows): told the
 * first bad byte and an excerpt of the cell, it returns the status to stop
 * with and sets *message to what to say, or to NULL to say nothing.
 */
typedef int	(*csvparse_not_utf8)(void *judge, unsigned char byte,
		    const char *excerpt, const char **message);

/* NULL when memory runs out. */
struct csvparse	*csvparse_new(csvparse_not_utf8, void *judge);
void		 csvparse_free(struct csvparse *);
/*
 * Forget the sheet parsed so far, to parse one from its start.  False
 * when memory runs out.
 */
bool		 csvparse_restart(struct csvparse *);

/*
 * Parse into b, an empty batch, from now on; the record being parsed, if
 * any, moves into it.  The batch before is not touched again.
 */
void		 csvparse_begin(struct csvparse *, struct csv_batch *);
/* The next len bytes of the sheet's text. */
void		 csvparse_text(struct csvparse *, const char *, size_t);
/* The end of the sheet: its last record, or the quote left open. */
void		 csvparse_end(struct csvparse *);

/*
 * Stop parsing with status and a message about the record being parsed
 * (or the line about to begin): the message of a cell that has already
 * outgrown SOURCE_MAX_CELL takes its place.  Only the first stop counts.
 */
void		 csvparse_fail(struct csvparse *, int status, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));
/* The same about the sheet as a whole (line 0). */
void		 csvparse_fail_sheet(struct csvparse *, int status,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Stop parsing with status and no message. */
void		 csvparse_stop(struct csvparse *, int status);
/* 0 while parsing goes on, else the status it stopped with. */
int		 csvparse_status(const struct csvparse *);

#endif

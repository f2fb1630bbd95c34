/*
 * The record reader: bytes of one CSV file in, records out, each with the
 * line on which it starts.  On the way it converts the encoding (iconv),
 * strips a UTF-8 byte-order mark, parses with libcsv in strict mode, checks
 * every cell (UTF-8 per RFC 3629, no NUL, at most READER_MAX_FIELD bytes)
 * and trims cells.  Blank records and records of empty cells are skipped.
 *
 * Input may arrive in pieces of any size: the result is the same.  A
 * structural problem is reported to the diag with FILE:LINE and ends the
 * reading; it is never a row-level problem.
 */
#ifndef KAOPING_READER_H
#define KAOPING_READER_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"

#define READER_MAX_FIELD	(64 * 1024)

struct field {
	const char	*data;		/* trimmed; not NUL-terminated */
	size_t		 len;
};

/* Valid only during the callback. */
struct record {
	const struct field *fields;
	size_t		 count;
	unsigned long	 line;		/* where the record starts */
};

/*
 * Records arrive in order, a batch at a time (those completed by one piece
 * of input), so a callback may look ahead within the batch.  Return 0 to go
 * on, or a non-zero status to stop reading with it.
 */
typedef int	(*records_fn)(void *ctx, const struct record *, size_t count);
/*
 * For a caller that takes one record at a time: fn on each record of a
 * batch, stopping at the first non-zero status, which is returned.
 */
typedef int	(*record_fn)(void *ctx, const struct record *);
int		 reader_each(const struct record *, size_t count, record_fn,
		    void *ctx);

struct reader;

/*
 * name labels messages and is borrowed.  encoding is an iconv name, or NULL
 * for UTF-8; the caller has checked that iconv knows it.  NULL is returned
 * when memory runs out.
 */
struct reader	*reader_new(const char *name, const char *encoding,
		    records_fn, void *ctx, struct diag *);
/* Each returns 0, or the status that ends the reading (sysexits.h). */
int		 reader_feed(struct reader *, const void *, size_t);
int		 reader_finish(struct reader *);
/*
 * Open a file to read ("-" is standard input).  When it cannot be opened
 * or is a directory, report it and return NULL (exit status EX_NOINPUT).
 */
FILE		*reader_open(const char *path, struct diag *);
/* How messages name the file: "<stdin>" for "-". */
const char	*reader_display_name(const char *path);
/* Feed a whole stream and finish: the usual way to read a file. */
int		 reader_read_stream(struct reader *, FILE *);
void		 reader_free(struct reader *);

#endif

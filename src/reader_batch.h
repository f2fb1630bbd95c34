/*
 * Between the reader (reader.c) and its reading thread (readahead.c): a
 * batch holds the records parsed from one piece of input, filled on one
 * side and delivered on the other.  Not for other modules.
 */
#ifndef KAOPING_READER_BATCH_H
#define KAOPING_READER_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "reader.h"

#define PIECE		(64 * 1024)	/* bytes read and parsed at a time */

struct field_span {
	size_t		 offset, len;
};

struct record_span {
	size_t		 first, count;	/* in the batch's spans */
	unsigned long	 line;
};

/*
 * The complete records parsed from one piece of input, and why parsing
 * stopped if it did: the message is printed after the records, so that
 * messages keep the order of the lines they are about.
 */
struct batch {
	char		*cells;
	size_t		 cells_len, cells_cap;
	struct field_span *spans;
	size_t		 spans_len, spans_cap;
	struct record_span *records;
	size_t		 records_len, records_cap;
	int		 status;
	unsigned long	 line;
	char		 message[512];
	bool		 last;		/* no batch follows (read-ahead) */
};

void	batch_free(struct batch *);

/*
 * Parse a piece of input into b: len bytes of buf, or with len 0 the end
 * of input, or the read error read_error (an errno value).  Returns true
 * when no piece may follow: the input ended, or parsing stopped.
 */
bool	reader_fill(struct reader *, struct batch *, const void *buf,
	    size_t len, int read_error);
/*
 * Hand b's records to the callback, then report why parsing stopped, if it
 * did.  Returns the status that ends the reading, or 0.  b is emptied.
 */
int	reader_deliver(struct reader *, struct batch *);

/*
 * Read the whole stream with a second thread parsing ahead.  False if the
 * thread cannot be started (nothing was read then); else *status is what
 * reading ended with.
 */
bool	reader_read_ahead(struct reader *, FILE *, int *status);

#endif

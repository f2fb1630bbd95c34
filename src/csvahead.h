/*
 * The CSV source's reading thread: a second thread parses pieces of the
 * sheet into a ring of batches while the caller's thread reads the pieces
 * and delivers the batches in order, so that parsing overlaps with what
 * the caller does with the records.  Where no thread can be had (a tight
 * memory limit) it all happens on the caller's thread.
 *
 * Private to the CSV source (csvsource.c).
 */
#ifndef KAOPING_CSVAHEAD_H
#define KAOPING_CSVAHEAD_H

#include <stdbool.h>
#include <stddef.h>

#include "csvparse.h"

#define CSV_PIECE	(64 * 1024)	/* bytes read and parsed at a time */

struct csvahead_job {
	int		 fd;
	const void	*prefix;	/* read before fd */
	size_t		 prefix_len;
	size_t		 read_size;	/* bytes a read asks for; 0: CSV_PIECE */
	/*
	 * On the reading thread: parse a piece into b, an empty batch, and
	 * say whether no piece may follow.  len is 0 at the end of input,
	 * or for a read error (an errno value in read_error).
	 */
	bool		(*fill)(void *ctx, struct csv_batch *b,
			    const char *buf, size_t len, int read_error);
	/* On the caller's thread: 0 to go on, or a status to stop with. */
	int		(*deliver)(void *ctx, struct csv_batch *b);
	void		*ctx;
};

/*
 * Read, parse and deliver the whole sheet: *status is what delivering
 * ended with.  False, with nothing read, when memory runs out.
 */
bool	csvahead_run(const struct csvahead_job *, int *status);

#endif

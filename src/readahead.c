#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "reader.h"
#include "reader_batch.h"

/*
 * The reading thread parses pieces into a ring of batches while the
 * caller's thread delivers them in order, so parsing (libcsv and the cell
 * checks) overlaps with what the callback does with the records.  Parsing
 * is the slower side, so the caller's thread also reads the input: each
 * time it frees a batch, it reads the piece that batch will be parsed from.
 */
#define READ_AHEAD	4

struct piece {
	char		 buf[PIECE];
	size_t		 len;		/* 0: the input ended, or failed */
	int		 error;		/* errno of a failed read, or 0 */
};

struct read_ahead {
	struct reader	*reader;
	FILE		*fp;
	struct piece	 pieces[READ_AHEAD];	/* parsed into ring[i] */
	struct batch	 ring[READ_AHEAD];
	pthread_mutex_t	 lock;
	pthread_cond_t	 changed;
	size_t		 loaded;	/* pieces read, not yet parsed */
	size_t		 filled;	/* batches parsed, not yet delivered */
	bool		 quit;		/* the caller has stopped reading */
};

/* The reading thread: piece after piece into the ring, until the last. */
static void *
parse_ahead(void *arg)
{
	struct read_ahead *ra = arg;
	struct piece *p;
	struct batch *b;
	size_t next;
	bool last = false, quit;

	for (next = 0; !last; next++) {
		pthread_mutex_lock(&ra->lock);
		while (ra->loaded == 0 && !ra->quit)
			pthread_cond_wait(&ra->changed, &ra->lock);
		quit = ra->quit;
		pthread_mutex_unlock(&ra->lock);
		if (quit)
			break;
		p = &ra->pieces[next % READ_AHEAD];
		b = &ra->ring[next % READ_AHEAD];
		last = b->last = reader_fill(ra->reader, b, p->buf, p->len,
		    p->error);
		pthread_mutex_lock(&ra->lock);
		ra->loaded--;
		ra->filled++;
		pthread_cond_signal(&ra->changed);
		pthread_mutex_unlock(&ra->lock);
	}
	return NULL;
}

/* The caller's side: read the next piece into a free slot.  False at end. */
static bool
load_piece(struct read_ahead *ra, size_t slot)
{
	struct piece *p = &ra->pieces[slot];

	p->len = fread(p->buf, 1, sizeof p->buf, ra->fp);
	p->error = p->len == 0 && ferror(ra->fp) ? errno : 0;
	pthread_mutex_lock(&ra->lock);
	ra->loaded++;
	pthread_cond_signal(&ra->changed);
	pthread_mutex_unlock(&ra->lock);
	return p->len > 0;
}

/* The caller's side: deliver the ring's batches in order. */
static int
deliver_ahead(struct read_ahead *ra)
{
	struct batch *b;
	size_t next;
	bool more = true, last;
	int status;

	for (next = 0; next < READ_AHEAD && more; next++)
		more = load_piece(ra, next);
	for (next = 0;; next++) {
		pthread_mutex_lock(&ra->lock);
		while (ra->filled == 0)
			pthread_cond_wait(&ra->changed, &ra->lock);
		pthread_mutex_unlock(&ra->lock);
		b = &ra->ring[next % READ_AHEAD];
		last = b->last;
		status = reader_deliver(ra->reader, b);
		pthread_mutex_lock(&ra->lock);
		ra->filled--;
		ra->quit = status != 0;
		pthread_cond_signal(&ra->changed);
		pthread_mutex_unlock(&ra->lock);
		if (status != 0 || last)
			return status;
		/* A terminal would wait for more input after the end. */
		if (more)
			more = load_piece(ra, next % READ_AHEAD);
	}
}

bool
reader_read_ahead(struct reader *r, FILE *fp, int *status)
{
	struct read_ahead *ra;
	pthread_t thread;
	bool started;
	size_t i;

	/* On the heap: a stack that must grow when memory is short crashes. */
	if ((ra = calloc(1, sizeof *ra)) == NULL)
		return false;
	ra->reader = r;
	ra->fp = fp;
	pthread_mutex_init(&ra->lock, NULL);
	pthread_cond_init(&ra->changed, NULL);
	if ((started = helper_start(&thread, parse_ahead, ra))) {
		*status = deliver_ahead(ra);
		pthread_join(thread, NULL);
	}
	pthread_cond_destroy(&ra->changed);
	pthread_mutex_destroy(&ra->lock);
	for (i = 0; i < READ_AHEAD; i++)
		batch_free(&ra->ring[i]);
	free(ra);
	return started;
}

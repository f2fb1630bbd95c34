#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvahead.h"
#include "csvparse.h"
#include "helper.h"

/*
 * Parsing is the slower side, so the caller's thread also reads the
 * input: each time it frees a batch, it reads the piece that batch will
 * be parsed from.
 */
#define READ_AHEAD	4

struct piece {
	char		 buf[CSV_PIECE];
	size_t		 len;		/* 0: the input ended, or failed */
	int		 error;		/* errno of a failed read, or 0 */
};

struct read_ahead {
	const struct csvahead_job *job;
	size_t		 prefix_taken;
	struct piece	 pieces[READ_AHEAD];	/* parsed into ring[i] */
	struct csv_batch ring[READ_AHEAD];
	pthread_mutex_t	 lock;
	pthread_cond_t	 changed;
	size_t		 loaded;	/* pieces read, not yet parsed */
	size_t		 filled;	/* batches parsed, not yet delivered */
	bool		 quit;		/* the caller has stopped reading */
};

/* The next piece of input: the prefix first, then the file. */
static void
read_piece(struct read_ahead *ra, struct piece *p)
{
	const struct csvahead_job *job = ra->job;
	size_t size = job->read_size > 0 && job->read_size < sizeof p->buf ?
	    job->read_size : sizeof p->buf;
	ssize_t n;

	p->error = 0;
	if (ra->prefix_taken < job->prefix_len) {
		p->len = job->prefix_len - ra->prefix_taken;
		if (p->len > size)
			p->len = size;
		memcpy(p->buf, (const char *)job->prefix + ra->prefix_taken,
		    p->len);
		ra->prefix_taken += p->len;
		return;
	}
	while ((n = read(job->fd, p->buf, size)) < 0 && errno == EINTR)
		;
	p->len = n > 0 ? (size_t)n : 0;
	if (n < 0)
		p->error = errno;
}

/* The reading thread: piece after piece into the ring, until the last. */
static void *
parse_ahead(void *arg)
{
	struct read_ahead *ra = arg;
	const struct csvahead_job *job = ra->job;
	struct piece *p;
	struct csv_batch *b;
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
		last = job->fill(job->ctx, b, p->buf, p->len, p->error);
		b->last = last;
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

	read_piece(ra, p);
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
	const struct csvahead_job *job = ra->job;
	struct csv_batch *b;
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
		status = job->deliver(job->ctx, b);
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

/* Without a second thread: read, parse and deliver in turn. */
static int
run_alone(struct read_ahead *ra)
{
	const struct csvahead_job *job = ra->job;
	struct piece *p = &ra->pieces[0];
	struct csv_batch *b = &ra->ring[0];
	bool last;
	int status;

	do {
		read_piece(ra, p);
		last = job->fill(job->ctx, b, p->buf, p->len, p->error);
		status = job->deliver(job->ctx, b);
	} while (status == 0 && !last);
	return status;
}

bool
csvahead_run(const struct csvahead_job *job, int *status)
{
	struct read_ahead *ra;
	pthread_t thread;
	size_t i;

	/* On the heap: a stack that must grow when memory is short crashes. */
	if ((ra = calloc(1, sizeof *ra)) == NULL)
		return false;
	ra->job = job;
	pthread_mutex_init(&ra->lock, NULL);
	pthread_cond_init(&ra->changed, NULL);
	if (helper_start(&thread, parse_ahead, ra)) {
		*status = deliver_ahead(ra);
		pthread_join(thread, NULL);
	} else
		*status = run_alone(ra);
	pthread_cond_destroy(&ra->changed);
	pthread_mutex_destroy(&ra->lock);
	for (i = 0; i < READ_AHEAD; i++)
		csv_batch_free(&ra->ring[i]);
	free(ra);
	return true;
}

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "csvout.h"
#include "helper.h"
#include "rank.h"
#include "report.h"
#include "roster.h"
#include "score.h"
#include "strtab.h"

#define NAME(s)	{ s, sizeof s - 1 }
static const struct {
	const char	*text;
	size_t		 len;
} status_names[] = {
	[STATUS_NOT_NOMINATED] = NAME("not-nominated"),
	[STATUS_NOMINATED] = NAME("nominated"),
	[STATUS_TIE] = NAME("tie"),
	[STATUS_INELIGIBLE] = NAME("ineligible"),
};
#undef NAME

/*
 * Rows are formatted a block at a time by two threads (blocks 0, 2, 4...
 * and 1, 3, 5...) and each block is written when its turn comes, so the
 * file is the same as one thread would write.
 */
#define BLOCK_ROWS	4096
#define WRITERS		2

struct report_job {
	FILE		*fp;
	const struct roster *roster;
	const struct ranking *ranking;
	unsigned	 decimals;
	bool		 nominations_only;
	size_t		 blocks;
	pthread_mutex_t	 lock;
	pthread_cond_t	 turn_changed;
	size_t		 turn;		/* the block to be written next */
	bool		 out_of_memory;
};

struct report_writer {
	struct report_job *job;
	size_t		 first, step;	/* blocks first, first + step, ... */
	struct csvout	 out;		/* in memory */
};

static void
write_row(struct csvout *w, const struct roster *r, const struct staff *s,
    unsigned decimals)
{
	char combined[SCORE_FORMAT_SIZE];
	const char *id = roster_staff_text(r, s, STAFF_ID), *name, *dept;
	const char *street_score, *text;
	size_t id_len = strlen(id), name_len, dept_len, len;

	name = id + id_len + 1;
	name_len = strlen(name);
	dept = name + name_len + 1;
	dept_len = strlen(dept);
	street_score = dept + dept_len + 1;
	text = strtab_get_len(&r->streets, s->street, &len);
	csvout_text(w, text, len);
	csvout_unsigned(w, s->rank);
	csvout_text(w, id, id_len);
	csvout_text(w, name, name_len);
	text = strtab_get_len(&r->units, s->unit, &len);
	csvout_text(w, text, len);
	csvout_number(w, dept, dept_len);
	csvout_number(w, street_score, strlen(street_score));
	csvout_unsigned(w, s->weight);
	len = score_format(combined, s->combined, decimals);
	csvout_number(w, combined, len);
	csvout_text(w, status_names[s->status].text,
	    status_names[s->status].len);
	csvout_end_row(w);
}

/*
 * Rows are visited in ranking order, scattered over memory: ask for a row
 * some steps ahead, and for its text once the row itself has arrived, so
 * the cache misses overlap instead of stalling one at a time.  (Inside the
 * loop on purpose: GCC drops a helper that only prefetches as if it did
 * nothing.)
 */
#define PREFETCH_ROW	16
#define PREFETCH_TEXT	8

static void
format_block(struct report_writer *w, size_t block)
{
	const struct report_job *job = w->job;
	const struct roster *r = job->roster;
	const uint32_t *order = job->ranking->order;
	size_t i = block * BLOCK_ROWS, end = i + BLOCK_ROWS;

	if (end > r->count)
		end = r->count;
	for (; i < end; i++) {
		const struct staff *s = &r->rows[order[i]];

		if (i + PREFETCH_ROW < r->count)
			__builtin_prefetch(&r->rows[order[i + PREFETCH_ROW]]);
		if (i + PREFETCH_TEXT < r->count)
			__builtin_prefetch(r->text +
			    r->rows[order[i + PREFETCH_TEXT]].text);
		if (!job->nominations_only || s->status == STATUS_NOMINATED ||
		    s->status == STATUS_TIE)
			write_row(&w->out, r, s, job->decimals);
	}
}

/* Wait for the block's turn, write it, and pass the turn on. */
static void
write_block(struct report_writer *w, size_t block)
{
	struct report_job *job = w->job;
	const char *bytes;
	size_t len;

	pthread_mutex_lock(&job->lock);
	while (job->turn != block)
		pthread_cond_wait(&job->turn_changed, &job->lock);
	pthread_mutex_unlock(&job->lock);
	bytes = csvout_memory(&w->out, &len);
	if (!csvout_memory_ok(&w->out))
		job->out_of_memory = true;
	else if (!job->out_of_memory)
		fwrite_unlocked(bytes, 1, len, job->fp);
	csvout_memory_clear(&w->out);
	pthread_mutex_lock(&job->lock);
	job->turn++;
	pthread_cond_broadcast(&job->turn_changed);
	pthread_mutex_unlock(&job->lock);
}

static void *
write_blocks(void *arg)
{
	struct report_writer *w = arg;
	size_t block;

	for (block = w->first; block < w->job->blocks; block += w->step) {
		format_block(w, block);
		write_block(w, block);
	}
	return NULL;
}

bool
report_write(FILE *fp, bool excel, bool raw, const struct roster *r,
    const struct ranking *k, unsigned decimals, bool nominations_only)
{
	static const char *const header[] = { "street", "rank", "staff_id",
	    "name", "unit", "dept_score", "street_score", "street_weight",
	    "combined", "status" };
	struct report_job job = { fp, r, k, decimals, nominations_only,
	    (r->count + BLOCK_ROWS - 1) / BLOCK_ROWS,
	    PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, false };
	struct report_writer writers[WRITERS];
	struct csvout head;
	pthread_t helper;
	bool helped = false;
	size_t i;

	csvout_init(&head, fp, excel, raw);
	csvout_row(&head, header, sizeof header / sizeof header[0]);
	for (i = 0; i < WRITERS; i++) {
		writers[i].job = &job;
		writers[i].first = i;
		writers[i].step = WRITERS;
		csvout_init_memory(&writers[i].out, excel, raw);
	}
	if (job.blocks > 1)
		helped = helper_start(&helper, write_blocks, &writers[1]);
	/* Without a helper (none needed, or none to be had) go alone. */
	if (!helped)
		writers[0].step = 1;
	write_blocks(&writers[0]);
	if (helped)
		pthread_join(helper, NULL);
	for (i = 0; i < WRITERS; i++)
		csvout_free(&writers[i].out);
	pthread_cond_destroy(&job.turn_changed);
	pthread_mutex_destroy(&job.lock);
	return !job.out_of_memory;
}

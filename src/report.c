#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "helper.h"
#include "outfile.h"
#include "rank.h"
#include "report.h"
#include "roster.h"
#include "score.h"
#include "strtab.h"
#include "text.h"

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
#define STATUS_NAME_MAX	(sizeof "not-nominated" - 1)

/*
 * Rows are formatted a block at a time by two threads (blocks 0, 2, 4...
 * and 1, 3, 5...) and each block is written when its turn comes, so the
 * files are the same as one thread would write.
 */
#define BLOCK_ROWS	4096
#define WRITERS		2
/* Every so many blocks (some 6 MB of results) the disk is set to work. */
#define WRITEBACK_BLOCKS	16
/*
 * Room each writer takes before anything is written: a block of ordinary
 * rows (some 400 KB) fits, so memory running out is found before standard
 * output has received a header that cannot be taken back.
 */
#define BLOCK_ROOM	(1024 * 1024)

/*
 * Streets and units repeat on every row: each name is formatted as a
 * cell, comma included, once per run.  Cell i is text[ends[i - 1]] up to
 * text[ends[i]] (from 0 for the first).
 */
struct cell_table {
	char		*text;
	size_t		*ends;
};

struct report_job {
	FILE		*results, *nominations;
	struct roster	*roster;
	struct ranking	*ranking;
	const struct quota_rule *unranked;	/* NULL: streets are ranked */
	unsigned	 decimals;
	struct cell_table streets, units;
	size_t		 blocks;
	pthread_mutex_t	 lock;
	pthread_cond_t	 changed;	/* turn or ranked */
	size_t		 turn;		/* the block to be written next */
	size_t		 ranked;	/* blocks whose streets are ranked */
	bool		 out_of_memory;
};

struct report_writer {
	struct report_job *job;
	size_t		 first, step;	/* blocks first, first + step, ... */
	struct csvout	 out;		/* in memory */
	/* The block's nominated and tied rows, at most one range a row. */
	struct csvout_range *nominated;
	size_t		 spans;
	uint32_t	 street;	/* the next street this writer may rank */
	struct rank_scratch scratch;
};

static bool
cell_table_build(struct cell_table *t, const struct strtab *names,
    const struct csvout *style)
{
	struct text_span name;
	size_t room = 0, end = 0;
	uint32_t i;

	for (i = 0; i < names->count; i++)
		room += CSVOUT_CELL_ROOM(strtab_get(names, i).len) + 1;
	t->text = malloc(room > 0 ? room : 1);
	t->ends = malloc((names->count > 0 ? names->count : 1) *
	    sizeof *t->ends);
	if (t->text == NULL || t->ends == NULL)
		return false;
	for (i = 0; i < names->count; i++) {
		name = strtab_get(names, i);
		end = (size_t)(csvout_format_text(t->text + end, name.s,
		    name.len, csvout_guards(style, name.s, name.len)) - t->text);
		t->text[end++] = ',';
		t->ends[i] = end;
	}
	return true;
}

static void
cell_table_free(struct cell_table *t)
{
	free(t->text);
	free(t->ends);
}

static size_t
cell_table_len(const struct cell_table *t, uint32_t i)
{
	return t->ends[i] - (i > 0 ? t->ends[i - 1] : 0);
}

static char *
put(char *out, const char *s, size_t len)
{
	memcpy(out, s, len);
	return out + len;
}

static char *
put_cached(char *out, const struct cell_table *t, uint32_t i)
{
	size_t len = cell_table_len(t, i);

	return put(out, t->text + t->ends[i] - len, len);
}

/*
 * One row, cell by cell into room reserved for the worst case.  Scores are
 * echoed as found: the sheet's checks leave only digits, '+' and '.' in
 * them, which never need quotes.  False when memory runs out.
 */
static bool
format_row(const struct report_job *job, struct csvout *w,
    const struct staff *s)
{
	struct text_span t[STAFF_TEXTS];
	const struct text_span *id = &t[STAFF_ID], *name = &t[STAFF_NAME];
	const struct text_span *dept = &t[STAFF_DEPT];
	const struct text_span *street_score = &t[STAFF_STREET_SCORE];
	char *out;

	roster_staff_texts(job->roster, s, t);
	out = csvout_reserve(w, cell_table_len(&job->streets, s->street) +
	    cell_table_len(&job->units, s->unit) + CSVOUT_CELL_ROOM(id->len) +
	    CSVOUT_CELL_ROOM(name->len) + dept->len + street_score->len +
	    2 * TEXT_UNSIGNED_SIZE + SCORE_FORMAT_SIZE + STATUS_NAME_MAX + 8);
	if (out == NULL)
		return false;
	out = put_cached(out, &job->streets, s->street);
	out += text_format_unsigned(out, s->rank);
	*out++ = ',';
	out = csvout_format_text(out, id->s, id->len,
	    csvout_guards(w, id->s, id->len));
	*out++ = ',';
	out = csvout_format_text(out, name->s, name->len,
	    csvout_guards(w, name->s, name->len));
	*out++ = ',';
	out = put_cached(out, &job->units, s->unit);
	out = put(out, dept->s, dept->len);
	*out++ = ',';
	out = put(out, street_score->s, street_score->len);
	*out++ = ',';
	out += text_format_unsigned(out, s->weight);
	*out++ = ',';
	out += score_format(out, s->combined, job->decimals);
	*out++ = ',';
	out = put(out, status_names[s->status].text,
	    status_names[s->status].len);
	csvout_advance(w, out);
	csvout_end_row(w);
	return true;
}

/* Note that the bytes start to end went to the nominations. */
static void
add_nominated(struct report_writer *w, size_t start, size_t end)
{
	if (w->spans > 0 && w->nominated[w->spans - 1].end == start)
		w->nominated[w->spans - 1].end = end;
	else
		w->nominated[w->spans++] = (struct csvout_range){ start, end };
}

/*
 * Rows are visited in ranking order, scattered over memory: ask for a row
 * some steps ahead, and for its text once the row itself has arrived, so
 * the cache misses overlap instead of stalling one at a time.  Never past
 * the block: the next one's order may be being ranked.  (Inside the loop
 * on purpose: GCC drops a helper that only prefetches as if it did
 * nothing.)
 */
#define PREFETCH_ROW	16
#define PREFETCH_TEXT	8

static bool
format_block(struct report_writer *w, size_t block)
{
	const struct report_job *job = w->job;
	const struct roster *r = job->roster;
	const uint32_t *order = job->ranking->order;
	size_t i = block * BLOCK_ROWS, end = i + BLOCK_ROWS, start;
	bool nominated;

	if (end > r->count)
		end = r->count;
	w->spans = 0;
	for (; i < end; i++) {
		const struct staff *s = &r->rows[order[i]];

		if (i + PREFETCH_ROW < end)
			__builtin_prefetch(&r->rows[order[i + PREFETCH_ROW]]);
		if (i + PREFETCH_TEXT < end)
			__builtin_prefetch(r->text.text +
			    r->rows[order[i + PREFETCH_TEXT]].text);
		nominated = s->status == STATUS_NOMINATED ||
		    s->status == STATUS_TIE;
		if (job->results == NULL && !nominated)
			continue;
		start = w->out.len;
		if (!format_row(job, &w->out, s))
			return false;
		if (nominated && job->nominations != NULL)
			add_nominated(w, start, w->out.len);
	}
	return true;
}

/*
 * When the streets are still to be ranked, each block's writer first ranks
 * the streets that begin in the block, then formats rows that are still in
 * the cache.  Blocks are ranked in their order, so a street that runs on
 * into later blocks is ranked before any of them is formatted.
 */
static void
rank_block(struct report_writer *w, size_t block)
{
	struct report_job *job = w->job;
	uint32_t nstreets = job->roster->streets.count;
	size_t begin = block * BLOCK_ROWS, end = begin + BLOCK_ROWS;
	bool ranked = true;

	pthread_mutex_lock(&job->lock);
	while (job->ranked != block)
		pthread_cond_wait(&job->changed, &job->lock);
	pthread_mutex_unlock(&job->lock);
	while (w->street < nstreets &&
	    rank_street_begin(job->ranking, w->street) < begin)
		w->street++;
	for (; w->street < nstreets && ranked &&
	    rank_street_begin(job->ranking, w->street) < end; w->street++)
		ranked = rank_street(job->roster, job->unranked, job->ranking,
		    w->street, &w->scratch);
	pthread_mutex_lock(&job->lock);
	if (!ranked)
		job->out_of_memory = true;
	job->ranked++;
	pthread_cond_broadcast(&job->changed);
	pthread_mutex_unlock(&job->lock);
}

static void
start_writeback(const struct report_job *job)
{
	if (job->results != NULL)
		outfile_start_writeback(job->results);
	if (job->nominations != NULL)
		outfile_start_writeback(job->nominations);
}

/* Wait for the block's turn, write it, and pass the turn on. */
static void
write_block(struct report_writer *w, size_t block, bool formatted)
{
	struct report_job *job = w->job;
	const char *bytes;
	size_t len;
	bool failed;

	pthread_mutex_lock(&job->lock);
	while (job->turn != block)
		pthread_cond_wait(&job->changed, &job->lock);
	if (!formatted)
		job->out_of_memory = true;
	failed = job->out_of_memory;
	pthread_mutex_unlock(&job->lock);
	if (!failed && job->results != NULL) {
		bytes = csvout_memory(&w->out, &len);
		fwrite_unlocked(bytes, 1, len, job->results);
	}
	/* In one piece: row by row, stdio would write 4 KiB at a time. */
	if (!failed && job->nominations != NULL) {
		csvout_memory_keep(&w->out, w->nominated, w->spans);
		bytes = csvout_memory(&w->out, &len);
		fwrite_unlocked(bytes, 1, len, job->nominations);
	}
	csvout_memory_clear(&w->out);
	if (block % WRITEBACK_BLOCKS == WRITEBACK_BLOCKS - 1)
		start_writeback(job);
	pthread_mutex_lock(&job->lock);
	job->turn++;
	pthread_cond_broadcast(&job->changed);
	pthread_mutex_unlock(&job->lock);
}

static void *
write_blocks(void *arg)
{
	struct report_writer *w = arg;
	size_t block;

	for (block = w->first; block < w->job->blocks; block += w->step) {
		if (w->job->unranked != NULL)
			rank_block(w, block);
		write_block(w, block, format_block(w, block));
	}
	return NULL;
}

static bool
write_header(FILE *fp, bool excel, bool raw)
{
	static const char *const header[] = { "street", "rank", "staff_id",
	    "name", "unit", "dept_score", "street_score", "street_weight",
	    "combined", "status" };
	struct csvout head;
	bool ok;

	if (fp == NULL)
		return true;
	csvout_init(&head, fp, excel, raw);
	csvout_row(&head, header, sizeof header / sizeof header[0]);
	ok = csvout_ok(&head);
	csvout_free(&head);
	return ok;
}

bool
report_write(FILE *results, FILE *nominations, bool excel, bool raw,
    struct roster *r, struct ranking *k, unsigned decimals,
    const struct quota_rule *unranked)
{
	struct report_job job = { results, nominations, r, k, unranked,
	    decimals, { NULL, NULL }, { NULL, NULL },
	    (r->count + BLOCK_ROWS - 1) / BLOCK_ROWS,
	    PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, false };
	struct report_writer writers[WRITERS];
	pthread_t helper;
	bool helped = false;
	size_t i;

	for (i = 0; i < WRITERS; i++) {
		writers[i].job = &job;
		writers[i].first = i;
		writers[i].step = WRITERS;
		csvout_init_memory(&writers[i].out, excel, raw);
		writers[i].nominated = malloc(BLOCK_ROWS *
		    sizeof *writers[i].nominated);
		writers[i].spans = 0;
		writers[i].street = 0;
		writers[i].scratch = (struct rank_scratch){ NULL, NULL, 0, 0 };
		if (writers[i].nominated == NULL ||
		    csvout_reserve(&writers[i].out, BLOCK_ROOM) == NULL)
			job.out_of_memory = true;
	}
	/* All of that before the headers: nothing to undo on a pipe. */
	if (job.out_of_memory ||
	    !cell_table_build(&job.streets, &r->streets, &writers[0].out) ||
	    !cell_table_build(&job.units, &r->units, &writers[0].out) ||
	    !write_header(results, excel, raw) ||
	    !write_header(nominations, excel, raw))
		job.out_of_memory = true;
	if (!job.out_of_memory) {
		if (job.blocks > 1)
			helped = helper_start(&helper, write_blocks,
			    &writers[1]);
		/* Without a helper (none needed, or none to be had) go alone. */
		if (!helped)
			writers[0].step = 1;
		write_blocks(&writers[0]);
		if (helped)
			pthread_join(helper, NULL);
	}
	for (i = 0; i < WRITERS; i++) {
		csvout_free(&writers[i].out);
		free(writers[i].nominated);
		rank_scratch_free(&writers[i].scratch);
	}
	cell_table_free(&job.streets);
	cell_table_free(&job.units);
	pthread_cond_destroy(&job.changed);
	pthread_mutex_destroy(&job.lock);
	return !job.out_of_memory;
}

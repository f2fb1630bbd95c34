/*
 * Test helper: run the CSV source (csv_read) over an input held in memory,
 * from a regular file or from a pipe, with reads of a given size and a
 * given part of the input taken beforehand as the prefix, and return a
 * transcript of everything it produced, so that the transcripts of
 * different ways of cutting the input can be compared byte for byte:
 *
 *	LINE:[cell|cell]	a record whose row is its line
 *	LINE(ROW):[cell]	one whose spreadsheet row differs
 *	kaoping: ...		the diagnostics
 *	status N, encoding E, rewinds K
 *
 * Records delivered before a rewind are forgotten, as a target must.
 * Everything is static inline, so that a test may use part of it.
 */
#ifndef KAOPING_TEST_CSV_TRANSCRIPT_H
#define KAOPING_TEST_CSV_TRANSCRIPT_H

#include <sys/mman.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/csvread.h"
#include "diag.h"
#include "source.h"

enum csv_input {
	CSV_FROM_FILE,		/* a regular file: can be read again */
	CSV_FROM_PIPE,		/* cannot */
};

struct csv_transcript {
	FILE		*fp;
	char		*text;
	size_t		 len;
	unsigned long	 rewinds;
	unsigned long	 stop_at_line;	/* 0, or a record's line: stop there */
};

static inline void
csv_transcript_put(FILE *fp, const struct record *rec)
{
	size_t i;

	if (rec->row == rec->line)
		fprintf(fp, "%lu:[", rec->line);
	else
		fprintf(fp, "%lu(%lu):[", rec->line, rec->row);
	for (i = 0; i < rec->count; i++) {
		if (i > 0)
			fputc('|', fp);
		if (rec->cells[i].kind != CELL_TEXT)
			fputs("<not text>", fp);
		fwrite(rec->cells[i].s, 1, rec->cells[i].len, fp);
	}
	fputs("]\n", fp);
}

static inline int
csv_transcript_records(void *ctx, const struct record *recs, size_t count)
{
	struct csv_transcript *t = ctx;
	size_t i;

	for (i = 0; i < count; i++) {
		csv_transcript_put(t->fp, &recs[i]);
		if (recs[i].line == t->stop_at_line)
			return 65;
	}
	return 0;
}

static inline int
csv_transcript_rewind(void *ctx)
{
	struct csv_transcript *t = ctx;

	fclose(t->fp);
	free(t->text);
	t->text = NULL;
	t->fp = open_memstream(&t->text, &t->len);
	t->rewinds++;
	return t->fp != NULL ? 0 : 71;
}

struct csv_pipe_writer {
	int		 fd;
	const char	*input;
	size_t		 len;
};

static inline void *
csv_pipe_write(void *arg)
{
	struct csv_pipe_writer *w = arg;
	size_t at = 0;
	ssize_t n;

	while (at < w->len && (n = write(w->fd, w->input + at,
	    w->len - at)) > 0)
		at += (size_t)n;
	close(w->fd);
	return NULL;
}

/*
 * An fd to read the input from: a memory file, or a pipe with a thread
 * writing into it (*writer, joined by the caller).
 */
static inline int
csv_transcript_open(const char *input, size_t len, enum csv_input from,
    pthread_t *writer, struct csv_pipe_writer *w)
{
	int fds[2], fd;

	if (from == CSV_FROM_FILE) {
		if ((fd = memfd_create("sheet", 0)) < 0 ||
		    (len > 0 && write(fd, input, len) != (ssize_t)len) ||
		    lseek(fd, 0, SEEK_SET) != 0)
			abort();
		return fd;
	}
	if (pipe(fds) != 0)
		abort();
	w->fd = fds[1];
	w->input = input;
	w->len = len;
	if (pthread_create(writer, NULL, csv_pipe_write, w) != 0)
		abort();
	return fds[0];
}

/* The prefix source_read() would have taken: up to want bytes of fd. */
static inline size_t
csv_transcript_prefix(int fd, char *buf, size_t want)
{
	size_t got = 0;
	ssize_t n;

	while (got < want && (n = read(fd, buf + got, want - got)) > 0)
		got += (size_t)n;
	return got;
}

/*
 * read_size 0: the usual reads.  The caller frees the result.
 * stop_at_line: the target stops at the record on that line (0: never).
 */
static inline char *
csv_transcript_run(const char *input, size_t len, const char *encoding,
    enum csv_input from, size_t read_size, size_t prefix_len,
    unsigned long stop_at_line)
{
	struct csv_transcript t = { NULL, NULL, 0, 0, stop_at_line };
	struct source_target target = { csv_transcript_records,
	    csv_transcript_rewind, &t };
	struct source_facts facts;
	struct csv_pipe_writer w;
	char *diag_text = NULL, *all = NULL, *prefix;
	size_t diag_len = 0, all_len = 0, got;
	pthread_t writer;
	struct diag d;
	FILE *diag_fp, *out;
	int fd, status;

	if ((t.fp = open_memstream(&t.text, &t.len)) == NULL ||
	    (diag_fp = open_memstream(&diag_text, &diag_len)) == NULL ||
	    (prefix = malloc(prefix_len + 1)) == NULL)
		abort();
	diag_init(&d, diag_fp);
	memset(&facts, 0, sizeof facts);
	fd = csv_transcript_open(input, len, from, &writer, &w);
	got = csv_transcript_prefix(fd, prefix, prefix_len);
	status = csv_read_sized(fd, prefix, got, "t.csv", encoding, &target,
	    &facts, &d, read_size);
	close(fd);
	if (from == CSV_FROM_PIPE)
		pthread_join(writer, NULL);
	fclose(t.fp);
	fclose(diag_fp);
	if ((out = open_memstream(&all, &all_len)) == NULL)
		abort();
	fprintf(out, "%s%sstatus %d, encoding %s, rewinds %lu\n",
	    t.text != NULL ? t.text : "", diag_text, status, facts.encoding,
	    t.rewinds);
	fclose(out);
	free(t.text);
	free(diag_text);
	free(prefix);
	return all;
}

/* Whole reads, no prefix, from a file. */
static inline char *
csv_transcript(const char *input, size_t len, const char *encoding)
{
	return csv_transcript_run(input, len, encoding, CSV_FROM_FILE, 0, 0,
	    0);
}

#endif

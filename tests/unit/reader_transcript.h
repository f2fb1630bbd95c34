/*
 * Test helper: run the record reader over an input fed in pieces of a
 * given size and return a transcript of everything it produced (records
 * with their lines, diagnostics, final status), so that the transcripts of
 * different piece sizes can be compared byte for byte.
 */
#ifndef KAOPING_TEST_READER_TRANSCRIPT_H
#define KAOPING_TEST_READER_TRANSCRIPT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "reader.h"

/* One line per record: "LINE:[cell|cell]"; cells are written raw. */
static int
transcribe_record(void *ctx, const struct record *rec)
{
	FILE *fp = ctx;
	size_t i;

	fprintf(fp, "%lu:[", rec->line);
	for (i = 0; i < rec->count; i++) {
		if (i > 0)
			fputc('|', fp);
		fwrite(rec->fields[i].data, 1, rec->fields[i].len, fp);
	}
	fputs("]\n", fp);
	return 0;
}

static int
transcribe_records(void *ctx, const struct record *recs, size_t count)
{
	return reader_each(recs, count, transcribe_record, ctx);
}

/*
 * piece 0 means the whole input at once; READ_STREAM, through
 * reader_read_stream (a reading thread).  The caller frees the result.
 */
#define READ_STREAM	((size_t)-1)

static char *
reader_transcript(const char *input, size_t len, size_t piece,
    const char *encoding)
{
	char *text = NULL;
	size_t text_len = 0, at, n;
	struct diag d;
	struct reader *r;
	FILE *fp = open_memstream(&text, &text_len);
	int status = 0;

	diag_init(&d, fp);
	r = reader_new("t.csv", encoding, transcribe_records, fp, &d);
	if (piece == READ_STREAM) {
		FILE *in = len > 0 ? fmemopen((void *)input, len, "r") :
		    fopen("/dev/null", "r");

		status = reader_read_stream(r, in);
		fclose(in);
		len = 0;
	} else if (piece == 0)
		piece = len > 0 ? len : 1;
	for (at = 0; at < len && status == 0; at += n) {
		n = len - at < piece ? len - at : piece;
		status = reader_feed(r, input + at, n);
	}
	if (status == 0)
		status = reader_finish(r);
	fprintf(fp, "status %d\n", status);
	reader_free(r);
	fclose(fp);
	return text;
}

#endif

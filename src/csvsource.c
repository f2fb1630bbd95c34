#include <sys/stat.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "array.h"
#include "csvahead.h"
#include "csvdecode.h"
#include "csvparse.h"
#include "csvread.h"
#include "csvsource.h"
#include "diag.h"
#include "i18n.h"
#include "source.h"

/*
 * One sheet being read: decoding and parsing on the reading thread,
 * delivering on the caller's.
 */
struct csv_reading {
	const char	*name;
	struct diag	*diag;
	const struct source_target *target;
	struct csvdecode *decode;
	struct csvparse	*parse;

	/* A batch's records as the target sees them. */
	struct cell	*cells;
	size_t		 cells_cap;
	struct record	*records;
	size_t		 records_cap;
};

/* What a cell that is not UTF-8 means: the decoder knows (csvparse.h). */
static int
judge_not_utf8(void *judge, unsigned char byte, const char *excerpt,
    const char **message)
{
	struct csvdecode *d = judge;
	int status = csvdecode_not_utf8(d, byte, excerpt);

	*message = status == CSVDECODE_REWIND ? NULL : csvdecode_message(d);
	return status;
}

/* The decoder's text goes to the parser, while parsing goes on. */
static bool
parse_text(void *ctx, const char *s, size_t len)
{
	struct csvparse *p = ctx;

	csvparse_text(p, s, len);
	return csvparse_status(p) == 0;
}

/* A problem the decoder found stops the parsing, where it has got to. */
static void
stop_for_decoding(struct csv_reading *r, int status)
{
	const char *message = csvdecode_message(r->decode);

	if (status == CSVDECODE_REWIND)
		csvparse_stop(r->parse, status);
	else if (csvdecode_whole_sheet(r->decode))
		csvparse_fail_sheet(r->parse, status, "%s", message);
	else
		csvparse_fail(r->parse, status, "%s", message);
}

/* The reading thread's work on a piece (see csvahead.h). */
static bool
fill(void *ctx, struct csv_batch *b, const char *buf, size_t len,
    int read_error)
{
	struct csv_reading *r = ctx;
	int status;

	csvparse_begin(r->parse, b);
	if (len > 0)
		status = csvdecode_feed(r->decode, buf, len, parse_text,
		    r->parse);
	else if (read_error != 0) {
		csvparse_fail_sheet(r->parse, EX_IOERR, _("cannot read the "
		    "sheet: %s"), strerror(read_error));
		return true;
	} else if ((status = csvdecode_end(r->decode, parse_text,
	    r->parse)) == 0)
		csvparse_end(r->parse);
	if (status != 0)
		stop_for_decoding(r, status);
	return len == 0 || csvparse_status(r->parse) != 0;
}

/*
 * Hand a batch's records to the target, then tell why parsing stopped, if
 * it did: 0 to go on, else the status to stop with.
 */
static int
deliver(void *ctx, struct csv_batch *b)
{
	struct csv_reading *r = ctx;
	const struct csv_record_span *span;
	struct record *rec;
	size_t i;
	int status;

	if (!array_reserve(&r->cells, &r->cells_cap, b->spans_len,
	    sizeof *r->cells) ||
	    !array_reserve(&r->records, &r->records_cap, b->records_len,
	    sizeof *r->records))
		return diag_out_of_memory(r->diag);
	for (i = 0; i < b->spans_len; i++) {
		r->cells[i].s = b->cells + b->spans[i].offset;
		r->cells[i].len = b->spans[i].len;
		r->cells[i].kind = CELL_TEXT;
	}
	for (i = 0; i < b->records_len; i++) {
		span = &b->records[i];
		rec = &r->records[i];
		rec->cells = r->cells + span->first;
		rec->count = span->count;
		rec->line = span->line;
		rec->row = span->row;
	}
	if (b->records_len > 0 && b->status != CSVDECODE_REWIND &&
	    (status = r->target->records(r->target->ctx, r->records,
	    b->records_len)) != 0)
		return status;
	if (b->status == EX_OSERR)
		diag_out_of_memory(r->diag);
	else if (b->status != 0 && b->status != CSVDECODE_REWIND)
		diag_error_at(r->diag, r->name, b->line, b->row, "%s",
		    b->message);
	return b->status;
}

/* Read the sheet once, from the prefix on. */
static int
read_once(struct csv_reading *r, int fd, const void *prefix,
    size_t prefix_len, size_t read_size)
{
	struct csvahead_job job = { fd, prefix, prefix_len, read_size, fill,
	    deliver, r };
	int status;

	if (!csvahead_run(&job, &status))
		return diag_out_of_memory(r->diag);
	return status;
}

/*
 * Auto found out late that the sheet is not UTF-8: the target forgets
 * what it has, and the sheet is read again from its start, whose offset
 * in fd is start.
 */
static int
read_again(struct csv_reading *r, int fd, off_t start, const void *prefix,
    size_t prefix_len, size_t read_size)
{
	int status;

	if ((status = r->target->rewind(r->target->ctx)) != 0)
		return status;
	if (lseek(fd, start, SEEK_SET) == (off_t)-1) {
		diag_error(r->diag, r->name, 0, _("cannot read the sheet "
		    "again: %s"), strerror(errno));
		return EX_IOERR;
	}
	csvdecode_restart(r->decode);
	if (!csvparse_restart(r->parse))
		return diag_out_of_memory(r->diag);
	return read_once(r, fd, prefix, prefix_len, read_size);
}

int
csv_read_sized(int fd, const void *prefix, size_t prefix_len,
    const char *name, const char *encoding,
    const struct source_target *target, struct source_facts *facts,
    struct diag *diag, size_t read_size)
{
	struct csv_reading r = { name, diag, target, NULL, NULL, NULL, 0,
	    NULL, 0 };
	struct stat st;
	off_t start = (off_t)-1;
	bool rereadable;
	int status;

	/*
	 * A regular file can be read again: the prefix, then fd from where
	 * it is now.
	 */
	if (target->rewind != NULL && fstat(fd, &st) == 0 &&
	    S_ISREG(st.st_mode))
		start = lseek(fd, 0, SEEK_CUR);
	rereadable = start != (off_t)-1;
	if ((r.decode = csvdecode_new(encoding, rereadable)) == NULL) {
		if (errno == EINVAL) {
			diag_error(diag, name, 0, _("unknown encoding \"%s\""),
			    encoding);
			return EX_USAGE;
		}
		return diag_out_of_memory(diag);
	}
	if ((r.parse = csvparse_new(judge_not_utf8, r.decode)) == NULL)
		status = diag_out_of_memory(diag);
	else if ((status = read_once(&r, fd, prefix, prefix_len,
	    read_size)) == CSVDECODE_REWIND)
		status = read_again(&r, fd, start, prefix, prefix_len,
		    read_size);
	if (facts != NULL) {
		facts->workbook = false;
		snprintf(facts->encoding, sizeof facts->encoding, "%s",
		    csvdecode_name(r.decode));
		facts->worksheet[0] = '\0';
	}
	csvparse_free(r.parse);
	csvdecode_free(r.decode);
	free(r.cells);
	free(r.records);
	return status;
}

int
csv_read(int fd, const void *prefix, size_t prefix_len, const char *name,
    const char *encoding, const struct source_target *target,
    struct source_facts *facts, struct diag *diag)
{
	return csv_read_sized(fd, prefix, prefix_len, name, encoding, target,
	    facts, diag, 0);
}

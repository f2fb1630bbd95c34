/*
 * Fuzz target for the whole sheet pipeline (include/sheet.h, rank.h,
 * report.h): the bytes are one score sheet, read with sheet_read against
 * the built-in policy.
 *
 * Three runs: invalid rows set aside into a rejects file (--rejects, an
 * open_memstream); set aside with no file (--check --rejects); and
 * reported as errors (no --rejects).  Whenever sheet_read returns 0:
 *
 *  - run.rows == roster.count + run.invalid (every data row ends up valid
 *    or reported), identically in all runs;
 *  - the runs that set rows aside report no error, and the rejects file,
 *    read back with the record reader, holds the header and exactly
 *    run.invalid rows of 10 cells naming the sheet and a line; the third
 *    run reports exactly run.invalid errors;
 *  - each roster row has W <= 100 and a published score <= 100;
 *  - after rank_roster, the order is a permutation of the roster, grouped
 *    by street in first-appearance order, highest score first, then by
 *    staff_id; ranks are competition ranks; nominated and tied rows are
 *    eligible and reach the floor; each street's tallies add up (SPEC
 *    section 4);
 *  - the results file (report_write), read back, has one row per roster
 *    row, 10 cells each, and is the same byte for byte when the streets
 *    are ranked by the writers (rank_group, report_write with the rule).
 *
 * sheet_read itself may only return 0 or EX_DATAERR here.  The number of
 * decimals (0-4), the quota (20% or a count of 1) and a floor (none or
 * 85.5) come from the input's length, so every path is exercised without
 * touching the bytes.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "csvout.h"
#include "diag.h"
#include "policy.h"
#include "rank.h"
#include "reader.h"
#include "report.h"
#include "roster.h"
#include "score.h"
#include "sheet.h"
#include "strtab.h"

#define SHEET_NAME	"fuzz.csv"
#define READBACK_MAX	(60 * 1024)	/* keep read-back cells < 64 KiB */

static const char *const names[] = { SHEET_NAME };
static struct policy policy;
static FILE *devnull;

static void
die(const char *what, unsigned long a, unsigned long b)
{
	fprintf(stderr, "\n*** fuzz_sheet: %s (%lu, %lu)\n", what, a, b);
	abort();
}

static FILE *
open_input(const uint8_t *data, size_t size)
{
	/* glibc's fmemopen takes no empty buffer: read /dev/null instead. */
	if (size == 0)
		return fopen("/dev/null", "rb");
	return fmemopen((void *)data, size, "rb");
}

/* Read CSV text back: count records and check each has 10 cells. */
struct readback {
	unsigned long	 records;
	bool		 rejects;	/* check source and line cells */
	bool		 bad;
	const char	*why;
};

static int
readback_record(void *ctx, const struct record *rec)
{
	struct readback *rb = ctx;

	if (rec->count != 10) {
		rb->bad = true;
		rb->why = "a row does not have 10 cells";
	} else if (rb->rejects && rb->records > 0) {
		const struct field *src = &rec->fields[0], *line =
		    &rec->fields[1];

		if (src->len != strlen(SHEET_NAME) ||
		    memcmp(src->data, SHEET_NAME, src->len) != 0) {
			rb->bad = true;
			rb->why = "a rejected row does not name the sheet";
		}
		if (line->len == 0 || line->data[0] < '1' ||
		    line->data[0] > '9') {
			rb->bad = true;
			rb->why = "a rejected row has no line";
		}
		for (size_t i = 0; i < line->len; i++)
			if (line->data[i] < '0' || line->data[i] > '9') {
				rb->bad = true;
				rb->why = "a rejected row's line is not a number";
			}
	}
	rb->records++;
	return 0;
}

static int
readback_record_all(void *ctx, const struct record *recs, size_t count)
{
	return reader_each(recs, count, readback_record, ctx);
}

static unsigned long
read_back(const char *text, size_t len, bool rejects)
{
	struct readback rb = { 0, rejects, false, NULL };
	struct diag d;
	struct reader *r;
	int status;

	diag_init(&d, stderr);
	if ((r = reader_new("readback.csv", NULL, readback_record_all, &rb,
	    &d)) == NULL)
		abort();
	status = reader_feed(r, text, len);
	if (status == 0)
		status = reader_finish(r);
	reader_free(r);
	if (status != 0) {
		fprintf(stderr, "--- output ---\n%.*s\n", (int)len, text);
		die(rejects ? "the rejects file does not read back" :
		    "the results file does not read back", (unsigned long)status,
		    0);
	}
	if (rb.bad) {
		fprintf(stderr, "--- output ---\n%.*s\n", (int)len, text);
		die(rb.why, rb.records, 0);
	}
	return rb.records;
}

/* staff_id order, worked out here byte by byte as strcmp would. */
static int
compare_ids(const struct roster *r, const struct staff *a,
    const struct staff *b)
{
	struct text_span x = roster_staff_text(r, a, STAFF_ID);
	struct text_span y = roster_staff_text(r, b, STAFF_ID);
	size_t i;

	for (i = 0; i < x.len && i < y.len; i++)
		if (x.s[i] != y.s[i])
			return (unsigned char)x.s[i] <
			    (unsigned char)y.s[i] ? -1 : 1;
	return x.len < y.len ? -1 : x.len > y.len;
}

static void
check_ranking(const struct roster *r, const struct ranking *k,
    const struct quota_rule *q)
{
	bool *seen = calloc(r->count + 1, sizeof *seen);
	uint32_t participants = 0;
	size_t i, begin = 0;

	if (seen == NULL)
		abort();
	for (i = 0; i < r->count; i++) {
		uint32_t row = k->order[i];
		const struct staff *s;

		if (row >= r->count || seen[row])
			die("the order is not a permutation", i, row);
		seen[row] = true;
		s = &r->rows[row];
		if (s->status > STATUS_INELIGIBLE)
			die("bad status", i, s->status);
		if ((s->status == STATUS_INELIGIBLE) != !s->eligible)
			die("ineligible status and eligibility disagree", i,
			    s->status);
		if ((s->status == STATUS_NOMINATED ||
		    s->status == STATUS_TIE) && q->has_floor &&
		    !score_reaches(s->combined, q->decimals, q->floor))
			die("a row under the floor is nominated", i,
			    s->combined);
		if (i == 0 || r->rows[k->order[i - 1]].street != s->street) {
			/* A street begins: streets in first-appearance order. */
			if (i > 0 && r->rows[k->order[i - 1]].street + 1 !=
			    s->street)
				die("streets out of order", i, s->street);
			if (i == 0 && s->street != 0)
				die("first street is not street 0", i,
				    s->street);
			if (s->rank != 1)
				die("a street's first row is not rank 1", i,
				    s->rank);
			begin = i;
		} else {
			const struct staff *p = &r->rows[k->order[i - 1]];
			int c = compare_ids(r, p, s);

			if (p->combined < s->combined ||
			    (p->combined == s->combined && c >= 0))
				die("rows out of order within a street", i,
				    s->combined);
			if (p->combined == s->combined ? p->rank != s->rank :
			    s->rank != i - begin + 1)
				die("rank is not a competition rank", i,
				    s->rank);
		}
	}
	for (uint32_t st = 0; st < r->streets.count; st++) {
		const struct street_tally *t = &k->tallies[st];

		participants += t->participants;
		if (t->quota != rank_quota(t->participants, q))
			die("quota", st, t->quota);
		if (t->nominated > t->quota)
			die("more nominated than the quota", st, t->nominated);
		if (t->tied > 0 && (t->nominated >= t->quota ||
		    t->nominated + t->tied <= t->quota))
			die("a tie that does not straddle the quota line", st,
			    t->tied);
		if (t->nominated + t->tied + t->ineligible > t->participants)
			die("tallies exceed the participants", st,
			    t->participants);
	}
	if (participants != r->count)
		die("participants do not add up to the roster", participants,
		    r->count);
	free(seen);
}

struct outcome {
	int		 status;
	unsigned long	 rows, invalid, valid, errors;
};

enum mode { REJECTS_FILE, SET_ASIDE_ONLY, ERRORS };

static struct outcome
run_once(const uint8_t *data, size_t size, enum mode mode,
    unsigned decimals, const struct quota_rule *q)
{
	bool with_rejects = mode == REJECTS_FILE;
	struct outcome o = { 0, 0, 0, 0, 0 };
	struct roster roster;
	struct diag d;
	struct csvout rejects;
	struct sheet_run run;
	char *rej_text = NULL, *res_text = NULL, *again_text = NULL;
	size_t rej_len = 0, res_len = 0, again_len = 0;
	FILE *rej_fp = NULL, *in;

	roster_init(&roster, &policy);
	diag_init(&d, devnull);
	memset(&run, 0, sizeof run);
	run.roster = &roster;
	run.diag = &d;
	run.encoding = NULL;
	run.decimals = decimals;
	run.names = names;
	run.set_aside = mode != ERRORS;
	if (with_rejects) {
		if ((rej_fp = open_memstream(&rej_text, &rej_len)) == NULL)
			abort();
		csvout_init(&rejects, rej_fp, false, false);
		sheet_write_rejects_header(&rejects);
		run.rejects = &rejects;
	}
	if ((in = open_input(data, size)) == NULL)
		abort();
	o.status = sheet_read(&run, in, 0);
	fclose(in);
	o.rows = run.rows;
	o.invalid = run.invalid;
	o.valid = roster.count;
	o.errors = d.errors;
	if (o.status != 0 && o.status != EX_DATAERR)
		die("sheet_read status is neither 0 nor EX_DATAERR",
		    (unsigned long)o.status, 0);
	if (o.status != 0 && d.errors == 0)
		die("sheet_read failed without a message",
		    (unsigned long)o.status, 0);
	if (o.status == 0) {
		if (run.rows != roster.count + run.invalid)
			die("rows != roster.count + invalid: a data row was "
			    "neither kept nor reported", run.rows,
			    roster.count + run.invalid);
		for (size_t i = 0; i < roster.count; i++) {
			const struct staff *s = &roster.rows[i];
			uint32_t top = 100;

			for (unsigned k = 0; k < decimals; k++)
				top *= 10;
			if (s->weight > 100 || s->combined > top)
				die("weight or published score out of range",
				    s->weight, s->combined);
		}
	}
	if (o.status == 0 && mode != ERRORS && d.errors != 0)
		die("errors reported although invalid rows are set aside",
		    d.errors, 0);
	if (with_rejects) {
		fclose(rej_fp);
		csvout_free(&rejects);
		if (o.status == 0) {
			if (rej_len <= READBACK_MAX &&
			    read_back(rej_text, rej_len, true) !=
			    run.invalid + 1)
				die("rejects file rows != invalid rows",
				    read_back(rej_text, rej_len, true),
				    run.invalid + 1);
		}
		free(rej_text);
	} else if (mode == ERRORS && o.status == 0 && d.errors != run.invalid)
		die("errors reported != invalid rows", d.errors, run.invalid);
	if (o.status == 0 && with_rejects) {
		struct ranking k;
		FILE *fp;

		if (!rank_roster(&roster, q, &k))
			abort();
		check_ranking(&roster, &k, q);
		rank_warn_ties(&roster, &k, decimals, &d);
		rank_summarize(&roster, &k, &d);
		if ((fp = open_memstream(&res_text, &res_len)) == NULL)
			abort();
		if (!report_write(fp, NULL, false, false, &roster, &k,
		    decimals, NULL))
			abort();
		fclose(fp);
		if (res_len <= READBACK_MAX &&
		    read_back(res_text, res_len, false) != roster.count + 1)
			die("results file rows != roster rows", roster.count,
			    0);
		rank_free(&k);
		if (!rank_group(&roster, &k) ||
		    (fp = open_memstream(&again_text, &again_len)) == NULL)
			abort();
		if (!report_write(fp, NULL, false, false, &roster, &k,
		    decimals, q))
			abort();
		fclose(fp);
		if (again_len != res_len ||
		    memcmp(again_text, res_text, res_len) != 0)
			die("results differ when the writers rank the streets",
			    again_len, res_len);
		free(again_text);
		free(res_text);
		rank_free(&k);
	}
	roster_free(&roster);
	return o;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct quota_rule q;
	struct outcome a, b, c;
	unsigned decimals = (unsigned)(size % 5);

	if (devnull == NULL) {
		if ((devnull = fopen("/dev/null", "w")) == NULL ||
		    !policy_builtin(&policy, POLICY_DEFAULT_WEIGHT))
			abort();
	}
	memset(&q, 0, sizeof q);
	q.percent = (size / 5) % 2 == 0;
	q.amount = q.percent ? 20 : 1;
	q.decimals = decimals;
	q.has_floor = (size / 10) % 2 == 1;	/* -m 85.5 */
	q.floor = UINT64_C(85500000000000000);
	a = run_once(data, size, REJECTS_FILE, decimals, &q);
	b = run_once(data, size, ERRORS, decimals, &q);
	c = run_once(data, size, SET_ASIDE_ONLY, decimals, &q);
	if (a.status != b.status || a.rows != b.rows ||
	    a.invalid != b.invalid || a.valid != b.valid)
		die("the runs with and without rejects differ", a.rows,
		    b.rows);
	if (a.status != c.status || a.rows != c.rows ||
	    a.invalid != c.invalid || a.valid != c.valid)
		die("the runs with and without a rejects file differ", a.rows,
		    c.rows);
	return 0;
}

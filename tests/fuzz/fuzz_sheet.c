/*
 * Fuzz target for the whole sheet pipeline (sheet.h, roster.h, rank.h,
 * report.h, summary.h): the bytes are one score sheet, read with
 * sheet_read against the built-in policy, then split into the two sheets
 * the parties would send and read again.
 *
 * The full run.  sheet_read returns 0 or EX_DATAERR (then with a
 * message).  On 0, after roster_settle:
 *
 *  - accounting (SPEC sections 6 and 8): every data row is merged or
 *    rejected, once; a merged row belongs to a staff member with a result,
 *    whose scores come from merged rows; a rejected one to none; every
 *    staff member without a result has a message of its own, so that no
 *    one is dropped in silence; the errors of a run without --rejects are
 *    exactly the rows whose message is their own;
 *  - each result has W <= 100 and a published score <= 100;
 *  - after rank_results, each street's results are in order (score
 *    falling, then staff_id bytes), ranks are competition ranks, nominated
 *    and tied staff are eligible and reach the floor, and the tallies add
 *    up (SPEC section 4);
 *  - the rejects and the results, written through CSV sinks and read back
 *    as sheets, have one record per rejected row (naming the sheet and a
 *    line) and per result, of 10 cells each.
 *
 * The two-sheet run.  The full run's rows are written again as a
 * department sheet (staff_id, name, street, unit, dept_score, in the same
 * order) and a street sheet (staff_id, name, street, unit, street_score,
 * the rows shuffled, the street named with 办事处 now and then); a row's
 * eligible cell goes to one side or the other, and a row rejected for
 * surplus cells gets a surplus cell on its department side.  Both read
 * with status 0, and (SPEC section 8): there are twice the rows, twice
 * the rejected rows, the same accounting, and the results file is the
 * same byte for byte.
 *
 * The number of decimals (0-4), the quota (20% or a count of 1) and a
 * floor (none or 85.5) come from the input's length, and the shuffle
 * from its bytes, so every path is exercised without touching the bytes.
 */
#include <sys/mman.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "diag.h"
#include "policy.h"
#include "rank.h"
#include "report.h"
#include "roster.h"
#include "schema.h"
#include "score.h"
#include "sheet.h"
#include "sink.h"
#include "source.h"
#include "summary.h"

#define OFFICE		"办事处"
#define SURPLUS_PREFIX	"the row has "	/* check_surplus's message */

enum { FULL_SHEET, DEPT_SHEET, STREET_SHEET, READBACK, NFILES };

static const char *const full_names[] = { "fuzz.csv" };
static const char *const split_names[] = { "dept.csv", "street.csv" };
static struct policy policy;
static FILE *devnull;
static int fds[NFILES];
static char paths[NFILES][64];

static void
die(const char *what, unsigned long a, unsigned long b)
{
	fprintf(stderr, "\n*** fuzz_sheet: %s (%lu, %lu)\n", what, a, b);
	abort();
}

static void
setup(void)
{
	int i;

	if ((devnull = fopen("/dev/null", "w")) == NULL ||
	    !policy_builtin(&policy, POLICY_DEFAULT_WEIGHT))
		abort();
	for (i = 0; i < NFILES; i++) {
		if ((fds[i] = memfd_create("fuzz-sheet.csv", 0)) < 0) {
			perror("fuzz_sheet: memfd_create");
			abort();
		}
		snprintf(paths[i], sizeof paths[i], "/proc/self/fd/%d",
		    fds[i]);
	}
}

/* Replace file i's contents. */
static void
put_file(int i, const void *data, size_t size)
{
	if (ftruncate(fds[i], 0) != 0 ||
	    (size > 0 && pwrite(fds[i], data, size, 0) != (ssize_t)size))
		abort();
}

/* ---- Reading outputs back -------------------------------------------- */

struct readback {
	unsigned long	 records;
	bool		 rejects;	/* check the source and line cells */
	const char	*why;
};

/* The name of one of the sheets read. */
static bool
is_sheet_name(const struct cell *c)
{
	static const char *const all[] = { "fuzz.csv", "dept.csv",
	    "street.csv" };
	size_t i;

	for (i = 0; i < 3; i++)
		if (c->len == strlen(all[i]) && memcmp(c->s, all[i],
		    c->len) == 0)
			return true;
	return false;
}

static int
readback_records(void *ctx, const struct record *recs, size_t count)
{
	struct readback *rb = ctx;
	const struct cell *source, *line;
	size_t i, j;

	for (i = 0; i < count; i++, rb->records++) {
		if (recs[i].count != 10) {
			rb->why = "a row does not have 10 cells";
			continue;
		}
		if (!rb->rejects || rb->records == 0)
			continue;
		source = &recs[i].cells[0];
		line = &recs[i].cells[1];
		if (!is_sheet_name(source))
			rb->why = "a rejected row does not name its sheet";
		if (line->len == 0 || line->s[0] < '1' || line->s[0] > '9')
			rb->why = "a rejected row has no line";
		for (j = 0; j < line->len; j++)
			if (line->s[j] < '0' || line->s[j] > '9')
				rb->why = "a rejected row's line is not a "
				    "number";
	}
	return 0;
}

static int
readback_rewind(void *ctx)
{
	((struct readback *)ctx)->records = 0;
	return 0;
}

/* Read CSV text back as a sheet; the number of records. */
static unsigned long
read_back(const char *text, size_t len, bool rejects)
{
	struct readback rb = { 0, rejects, NULL };
	struct source_target target = { readback_records, readback_rewind,
	    &rb };
	struct source_facts facts;
	struct diag d;
	int status;

	put_file(READBACK, text, len);
	diag_init(&d, stderr);
	status = source_read(paths[READBACK], "readback.csv", NULL,
	    &target, &facts, &d);
	if (status != 0 || rb.why != NULL) {
		fprintf(stderr, "--- output ---\n%.*s\n", (int)len, text);
		die(rb.why != NULL ? rb.why : "an output does not read back",
		    (unsigned long)status, rb.records);
	}
	return rb.records;
}

/* ---- Checks ----------------------------------------------------------- */

static int
compare_ids(struct text_span x, struct text_span y)
{
	size_t i;

	for (i = 0; i < x.len && i < y.len; i++)
		if (x.s[i] != y.s[i])
			return (unsigned char)x.s[i] < (unsigned char)y.s[i] ?
			    -1 : 1;
	return x.len < y.len ? -1 : x.len > y.len;
}

/*
 * Every row merged or rejected once, as the header comment says; returns
 * the rejected rows, and the rows whose message is their own in *own_rows.
 */
static unsigned long
check_accounting(const struct roster *r, const struct result *res,
    size_t nres, unsigned long *own_rows)
{
	char why[2048];
	bool *usable, *heard, own;
	unsigned long rejected = 0;
	size_t i, nstaff = roster_staff_count(r);

	usable = calloc(nstaff + 1, sizeof *usable);
	heard = calloc(nstaff + 1, sizeof *heard);
	if (usable == NULL || heard == NULL)
		abort();
	*own_rows = 0;
	for (i = 0; i < nres; i++) {
		uint32_t who;
		const struct staff *s;

		if (res[i].row >= r->nrows)
			die("a result's row is not in the table", i,
			    res[i].row);
		who = r->rows[res[i].row].staff;
		s = &r->staff[who];
		if (who >= nstaff || usable[who] ||
		    s->identity_row != res[i].row ||
		    s->dept_row != res[i].dept_row ||
		    s->street_row != res[i].street_row)
			die("a staff member has two results, or its rows "
			    "are not the result's", i, who);
		usable[who] = true;
		if (s->dept_row == ROSTER_NONE || s->dept_row >= r->nrows ||
		    (res[i].weight > 0 && s->street_row == ROSTER_NONE))
			die("a result lacks a score", i, res[i].weight);
		if (roster_row_fate(r, s->dept_row, why, sizeof why, &own) !=
		    ROW_MERGED || (s->street_row != ROSTER_NONE &&
		    roster_row_fate(r, s->street_row, why, sizeof why, &own) !=
		    ROW_MERGED))
			die("a result's score comes from a rejected row", i,
			    s->dept_row);
		if (res[i].weight > 100)
			die("W above 100", i, res[i].weight);
	}
	for (i = 0; i < r->nrows; i++) {
		uint32_t staff = r->rows[i].staff;

		if (roster_row_fate(r, i, why, sizeof why, &own) ==
		    ROW_MERGED) {
			if (own || staff == ROSTER_NONE || !usable[staff])
				die("a merged row without a result", i, staff);
			continue;
		}
		rejected++;
		if (why[0] == '\0')
			die("a rejected row without a message", i, 0);
		if (own)
			++*own_rows;
		if (staff == ROSTER_NONE) {
			if (!own)
				die("a row without staff_id and no message",
				    i, 0);
			continue;
		}
		if (usable[staff])
			die("a rejected row of a staff member with a result",
			    i, staff);
		heard[staff] = heard[staff] || own;
	}
	for (i = 0; i < nstaff; i++)
		if (!usable[i] && !heard[i])
			die("a staff member dropped without a message", i, 0);
	free(usable);
	free(heard);
	return rejected;
}

static void
check_ranking(const struct ranking *k, const struct quota_rule *q,
    unsigned decimals)
{
	uint32_t s, top = 100, participants = 0;
	size_t i, begin;
	unsigned d;

	for (d = 0; d < decimals; d++)
		top *= 10;
	for (s = 0; s < k->nstreets; s++) {
		const struct street_tally *t = &k->tallies[s];
		uint32_t nominated = 0, tied = 0, ineligible = 0;

		begin = rank_street_begin(k, s);
		for (i = begin; i < k->street_end[s]; i++) {
			const struct result *r = &k->results[i], *p = r - 1;

			if (r->street != s)
				die("a result in another street's run", i, s);
			if (r->combined > top)
				die("published score above 100", i,
				    r->combined);
			if (i == begin ? r->rank != 1 : p->combined <
			    r->combined || (p->combined == r->combined &&
			    compare_ids(p->id, r->id) >= 0))
				die("results out of order", i, r->rank);
			if (i > begin && (p->combined == r->combined ?
			    p->rank != r->rank : r->rank != i - begin + 1))
				die("not a competition rank", i, r->rank);
			if ((r->status == STATUS_INELIGIBLE) != !r->eligible)
				die("ineligible status and eligibility "
				    "disagree", i, r->status);
			if ((r->status == STATUS_NOMINATED ||
			    r->status == STATUS_TIE) && q->has_floor &&
			    !score_reaches(r->combined, decimals, q->floor))
				die("a result under the floor is nominated",
				    i, r->combined);
			nominated += r->status == STATUS_NOMINATED;
			tied += r->status == STATUS_TIE;
			ineligible += r->status == STATUS_INELIGIBLE;
		}
		if (t->participants != k->street_end[s] - begin ||
		    t->nominated != nominated || t->tied != tied ||
		    t->ineligible != ineligible)
			die("a tally does not count its street", s,
			    t->participants);
		if (t->quota != rank_quota(t->participants, q))
			die("quota", s, t->quota);
		if (t->nominated > t->quota)
			die("more nominated than the quota", s, t->nominated);
		if (t->tied > 0 && (t->nominated >= t->quota ||
		    t->nominated + t->tied <= t->quota))
			die("a tie that does not straddle the quota line", s,
			    t->tied);
		participants += t->participants;
	}
	if (participants != k->count)
		die("participants do not add up", participants, k->count);
}

/* ---- One run ---------------------------------------------------------- */

struct outcome {
	int		 status;
	unsigned long	 rows, rejected;
	bool		 chinese;
	char		*results;	/* the results file */
	size_t		 results_len;
};

/* Write through a CSV sink into memory; the text is the caller's. */
static struct sink *
memory_sink(FILE **fp, char **text, size_t *len,
    const struct out_schema *schema, struct diag *d)
{
	static const struct csv_style plain = { false, false };
	struct sink *s;

	if ((*fp = open_memstream(text, len)) == NULL ||
	    (s = sink_csv_new(*fp, "out.csv", schema, LANG_EN, &plain,
	    d)) == NULL)
		abort();
	return s;
}

/*
 * Read sheets 0..n-1 of files (the full sheet, or the two split ones)
 * and check everything; the roster is kept in *r for the split.
 */
static struct outcome
run(struct roster *r, const char *const *names, const int *files, int n,
    enum sheet_kind *kinds, unsigned decimals, const struct quota_rule *q)
{
	struct outcome o;
	struct sheet_run sr;
	struct ranking k;
	struct result *res;
	struct diag d, errors;
	struct sink *s;
	FILE *fp;
	char *text = NULL;
	size_t nres, len = 0, *street_end;
	unsigned long own_rows, again;
	int i;

	memset(&o, 0, sizeof o);
	roster_init(r, &policy, names, kinds);
	diag_init(&d, devnull);
	memset(&sr, 0, sizeof sr);
	sr.roster = r;
	sr.diag = &d;
	sr.names = names;
	sr.kinds = kinds;
	for (i = 0; i < n && o.status == 0; i++)
		o.status = sheet_read(&sr, paths[files[i]], (uint32_t)i);
	o.rows = sr.rows;
	o.chinese = sr.chinese;
	if (o.status != 0 && o.status != EX_DATAERR)
		die("sheet_read status is neither 0 nor EX_DATAERR",
		    (unsigned long)o.status, 0);
	if (o.status != 0) {
		if (d.errors == 0)
			die("sheet_read failed without a message", 0, 0);
		return o;
	}
	if (sr.rows != r->nrows)
		die("rows read != rows in the staff table", sr.rows,
		    r->nrows);
	if (roster_settle(r) != 0 ||
	    !roster_results(r, decimals, &res, &nres, &street_end))
		abort();
	o.rejected = check_accounting(r, res, nres, &own_rows);
	if (o.rejected + nres > r->nrows)
		die("more results and rejects than rows", o.rejected, nres);

	/* Rejects: to a file, and as errors of a run without one. */
	s = memory_sink(&fp, &text, &len, &schema_rejects, &d);
	if (report_rows(r, s, NULL, &again) != 0 || again != o.rejected)
		die("report_rows counts another number of rows", again,
		    o.rejected);
	sink_free(&s);
	fclose(fp);
	if (read_back(text, len, true) != o.rejected + 1)
		die("rejects file rows != rejected rows", o.rejected, 0);
	free(text);
	diag_init(&errors, devnull);
	if (report_rows(r, NULL, &errors, &again) != 0 ||
	    errors.errors != own_rows)
		die("errors != rows at fault", errors.errors, own_rows);

	if (!rank_results(&k, res, nres, street_end, r->streets.count, q))
		abort();
	check_ranking(&k, q, decimals);
	summary_ties(&k, r, decimals, &d);
	summary_streets(&k, r, &d);
	s = memory_sink(&fp, &o.results, &o.results_len, &schema_results, &d);
	if (report_results(&k, r, LANG_EN, decimals, s, NULL) != 0)
		abort();
	sink_free(&s);
	fclose(fp);
	if (read_back(o.results, o.results_len, false) != nres + 1)
		die("results file rows != results", nres, 0);
	rank_free(&k);
	return o;
}

/* ---- The split -------------------------------------------------------- */

/* A cell, always quoted: any text survives. */
static void
put_cell(FILE *fp, struct text_span t, const char *tail, bool last)
{
	size_t i;

	fputc('"', fp);
	for (i = 0; i < t.len; i++) {
		if (t.s[i] == '"')
			fputc('"', fp);
		fputc(t.s[i], fp);
	}
	fputs(tail, fp);
	fputs(last ? "\"\n" : "\",", fp);
}

static bool
ends_with(struct text_span t, const char *suffix)
{
	size_t n = strlen(suffix);

	return t.len >= n && memcmp(t.s + t.len - n, suffix, n) == 0;
}

/* The department's and the street's columns; note keeps rows non-blank. */
static const char *const dept_header[2] = {
	"staff_id,name,street,unit,dept_score,eligible,note\n",
	"工号,姓名,街道,单位,主管部门考评分,是否可评优,备注\n",
};
static const char *const street_header[2] = {
	"staff_id,name,street,unit,street_score,eligible,note\n",
	"工号,姓名,街道,单位,属地街道考评分,是否可评优,备注\n",
};

/* One side's row of full row i: the cells of cols, eligible if it has it. */
static void
put_side(FILE *fp, const struct roster *r, size_t i, enum in_col score,
    bool eligible, bool office, bool surplus)
{
	static const struct text_span empty = { "", 0 };
	const struct roster_row *row = &r->rows[i];
	struct text_span street = roster_cell(r, row, IN_STREET);

	put_cell(fp, roster_cell(r, row, IN_STAFF_ID), "", false);
	put_cell(fp, roster_cell(r, row, IN_NAME), "", false);
	put_cell(fp, street, office ? OFFICE : "", false);
	put_cell(fp, roster_cell(r, row, IN_UNIT), "", false);
	put_cell(fp, roster_cell(r, row, score), "", false);
	put_cell(fp, eligible ? roster_cell(r, row, IN_ELIGIBLE) : empty, "",
	    false);
	put_cell(fp, empty, "n", !surplus);
	if (surplus)
		put_cell(fp, empty, "x", true);
}

static uint64_t
next_random(uint64_t *state)
{
	*state = *state * UINT64_C(6364136223846793005) +
	    UINT64_C(1442695040888963407);
	return *state >> 33;
}

/* Write the full run's rows as the two parties' sheets. */
static void
split(const struct roster *r, bool chinese, uint64_t seed)
{
	char *dept = NULL, *street = NULL, why[2048];
	size_t dept_len = 0, street_len = 0, i, j, t;
	uint64_t sides = seed;	/* bit i % 64: row i's eligible to dept */
	size_t *order;
	FILE *d, *s;
	bool own;

	if ((order = malloc((r->nrows + 1) * sizeof *order)) == NULL ||
	    (d = open_memstream(&dept, &dept_len)) == NULL ||
	    (s = open_memstream(&street, &street_len)) == NULL)
		abort();
	fputs(dept_header[chinese], d);
	fputs(street_header[chinese], s);
	for (i = 0; i < r->nrows; i++) {
		bool surplus = roster_row_fate(r, i, why, sizeof why, &own) ==
		    ROW_REJECTED && own && strncmp(why, SURPLUS_PREFIX,
		    strlen(SURPLUS_PREFIX)) == 0;

		put_side(d, r, i, IN_DEPT_SCORE, (sides >> (i % 64)) & 1,
		    false, surplus);
		order[i] = i;
	}
	for (i = r->nrows; i > 1; i--) {
		j = (size_t)(next_random(&seed) % i);
		t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
	for (i = 0; i < r->nrows; i++) {
		struct text_span st = roster_cell(r, &r->rows[order[i]],
		    IN_STREET);
		bool office = st.len > 0 && !ends_with(st, OFFICE) &&
		    st.len + strlen(OFFICE) <= SOURCE_MAX_CELL &&
		    next_random(&seed) % 4 == 0;

		put_side(s, r, order[i], IN_STREET_SCORE,
		    !((sides >> (order[i] % 64)) & 1), office, false);
	}
	if (fclose(d) != 0 || fclose(s) != 0)
		abort();
	put_file(DEPT_SHEET, dept, dept_len);
	put_file(STREET_SHEET, street, street_len);
	free(dept);
	free(street);
	free(order);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int full_files[] = { FULL_SHEET };
	static const int split_files[] = { DEPT_SHEET, STREET_SHEET };
	enum sheet_kind full_kinds[1], split_kinds[2];
	struct roster full, joint;
	struct quota_rule q;
	struct outcome a, b;
	unsigned decimals = (unsigned)(size % 5);
	uint64_t seed = UINT64_C(0x9E3779B97F4A7C15);
	size_t i;

	if (devnull == NULL)
		setup();
	memset(&q, 0, sizeof q);
	q.percent = (size / 5) % 2 == 0;
	q.amount = q.percent ? 20 : 1;
	q.decimals = decimals;
	q.has_floor = (size / 10) % 2 == 1;	/* -m 85.5 */
	q.floor = UINT64_C(85500000000000000);
	for (i = 0; i < size; i++)
		seed = (seed ^ data[i]) * UINT64_C(0x100000001B3);

	put_file(FULL_SHEET, data, size);
	a = run(&full, full_names, full_files, 1, full_kinds, decimals, &q);
	if (a.status == 0) {
		split(&full, a.chinese, seed);
		b = run(&joint, split_names, split_files, 2, split_kinds,
		    decimals, &q);
		if (b.status != 0)
			die("the split sheets do not read", (unsigned long)
			    b.status, 0);
		if (b.rows != 2 * a.rows || b.rejected != 2 * a.rejected)
			die("the split run has other rows or rejects",
			    b.rows, b.rejected);
		if (b.chinese != a.chinese)
			die("the split run has another language", 0, 0);
		if (b.results_len != a.results_len ||
		    memcmp(b.results, a.results, a.results_len) != 0) {
			fprintf(stderr, "--- full ---\n%.*s--- split ---\n"
			    "%.*s", (int)a.results_len, a.results,
			    (int)b.results_len, b.results);
			die("the split run's results differ", a.results_len,
			    b.results_len);
		}
		free(b.results);
		roster_free(&joint);
	}
	free(a.results);
	roster_free(&full);
	return 0;
}

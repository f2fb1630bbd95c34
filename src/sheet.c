#include <sys/stat.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "csvout.h"
#include "header.h"
#include "reader.h"
#include "roster.h"
#include "score.h"
#include "sheet.h"
#include "text.h"

enum {
	COL_ID, COL_NAME, COL_STREET, COL_UNIT, COL_DEPT, COL_STREET_SCORE,
	COL_ELIGIBLE, COL_COUNT
};

static const struct column sheet_columns[COL_COUNT] = {
	{ { "staff_id", "工号", "人员编号", NULL }, true },
	{ { "name", "姓名", NULL }, true },
	{ { "street", "街道", "所属街道", "属地街道", NULL }, true },
	{ { "unit", "单位", "派驻单位", "所属单位", NULL }, true },
	{ { "dept_score", "主管部门评分", "主管部门考评分", NULL }, true },
	{ { "street_score", "街道评分", "街道考评分", "属地街道考评分", NULL },
	    true },
	{ { "eligible", "可评优", "是否可评优", NULL }, false },
};

static const char *const yes_words[] = { "yes", "y", "true", "1", "是" };
static const char *const no_words[] = { "no", "n", "false", "0", "否" };

/* A row's keys for the roster's tables, hashed once. */
struct row_keys {
	struct strtab_key id, unit, street;
};

/*
 * On big sheets the roster's tables outgrow the cache.  A row's keys are
 * hashed LOOKAHEAD rows before its turn and their slots asked for; half
 * way there, the entries the slots name; a quarter of the way, the entries'
 * text.  So a look-up finds all three in the cache.
 */
#define LOOKAHEAD	8
#define KEY_RING	16	/* a power of two above LOOKAHEAD */

static const struct {
	size_t		 ahead;
	enum strtab_stage stage;
} prefetch_plan[] = {
	{ LOOKAHEAD, STRTAB_SLOT },
	{ LOOKAHEAD / 2, STRTAB_ENTRY },
	{ LOOKAHEAD / 4, STRTAB_TEXT },
};

struct sheet_state {
	struct sheet_run *run;
	uint32_t	 sheet;
	const char	*file;
	bool		 have_header;
	size_t		 header_count;
	size_t		 where[COL_COUNT];
	const struct record *rec;
	const struct row_keys *keys;	/* rec's */
	struct row_keys	 ring[KEY_RING];
	uint64_t	 size;		/* of the file, until rows are expected */
	char		 problem[768];	/* why the current row is invalid */
};

static const struct field *
cell_of(const struct sheet_state *st, const struct record *rec, int col)
{
	static const struct field empty = { "", 0 };
	size_t f = st->where[col];

	return f < rec->count ? &rec->fields[f] : &empty;
}

static const struct field *
cell(const struct sheet_state *st, int col)
{
	return cell_of(st, st->rec, col);
}

static bool
invalid(struct sheet_state *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bool
invalid(struct sheet_state *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->problem, sizeof st->problem, fmt, ap);
	va_end(ap);
	return false;
}

static bool
is_one_of(const struct field *f, const char *const *words, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (text_equal_nocase(f->data, f->len, words[i]))
			return true;
	return false;
}

static bool
check_score(struct sheet_state *st, int col, score_t *score)
{
	char excerpt[TEXT_EXCERPT_SIZE];
	const struct field *f = cell(st, col);
	const char *why = score_parse(f->data, f->len, score);

	if (why == NULL)
		return true;
	if (f->len == 0)
		return invalid(st, "%s is empty",
		    sheet_columns[col].names[0]);
	return invalid(st, "%s \"%s\" %s (a score is a plain decimal number "
	    "from 0 to 100)", sheet_columns[col].names[0],
	    text_excerpt(excerpt, f->data, f->len), why);
}

static bool
check_not_empty(struct sheet_state *st, int col)
{
	if (cell(st, col)->len > 0)
		return true;
	return invalid(st, "%s is empty", sheet_columns[col].names[0]);
}

/*
 * The staff_id must be new to the run: *id is its index then.  Returns -1
 * when memory runs out.
 */
static int
check_id(struct sheet_state *st, uint32_t *id)
{
	char excerpt[TEXT_EXCERPT_SIZE];
	const struct field *f = cell(st, COL_ID);
	unsigned long first_line;
	uint32_t first_sheet;
	int fresh;

	if (!check_not_empty(st, COL_ID))
		return 0;
	fresh = roster_claim_id(st->run->roster, &st->keys->id, st->sheet,
	    st->rec->line, id, &first_sheet, &first_line);
	if (fresh == 0)
		invalid(st, "staff_id \"%s\" is already used at %s:%lu",
		    text_excerpt(excerpt, f->data, f->len),
		    st->run->names[first_sheet], first_line);
	return fresh;
}

/* The unit must match the policy; returns -1 when memory runs out. */
static int
check_unit(struct sheet_state *st, uint32_t *unit, unsigned *weight)
{
	char excerpt[TEXT_EXCERPT_SIZE];
	const struct field *f = cell(st, COL_UNIT);
	int w;

	if (!check_not_empty(st, COL_UNIT))
		return 0;
	if (!roster_unit(st->run->roster, &st->keys->unit, unit, &w))
		return -1;
	if (w >= 0) {
		*weight = (unsigned)w;
		return 1;
	}
	return invalid(st, "unit \"%s\" matches no entry of the policy; to "
	    "add it, save the table with --print-policy, add a line for the "
	    "unit and run with --policy FILE",
	    text_excerpt(excerpt, f->data, f->len));
}

static bool
check_eligible(struct sheet_state *st, bool *eligible)
{
	char excerpt[TEXT_EXCERPT_SIZE];
	const struct field *f = cell(st, COL_ELIGIBLE);

	*eligible = true;
	if (f->len == 0 || is_one_of(f, yes_words, 5))
		return true;
	if (is_one_of(f, no_words, 5)) {
		*eligible = false;
		return true;
	}
	return invalid(st, "eligible \"%s\" is not one of yes/no, y/n, "
	    "true/false, 1/0, 是/否", text_excerpt(excerpt, f->data, f->len));
}

static bool
check_surplus(struct sheet_state *st)
{
	char excerpt[TEXT_EXCERPT_SIZE];
	size_t i;

	for (i = st->header_count; i < st->rec->count; i++)
		if (st->rec->fields[i].len > 0)
			return invalid(st, "the row has %zu cells but the "
			    "header only %zu; cell %zu holds \"%s\"",
			    st->rec->count, st->header_count, i + 1,
			    text_excerpt(excerpt, st->rec->fields[i].data,
			    st->rec->fields[i].len));
	return true;
}

/*
 * Check the row column by column, stopping at the first problem.  Fills
 * *in on success.  Returns 1 valid, 0 invalid (st->problem says why), -1
 * out of memory.
 */
static int
check_row(struct sheet_state *st, struct staff_input *in)
{
	const struct field *street_score = cell(st, COL_STREET_SCORE);
	score_t dept, street = 0;
	int ok;

	if ((ok = check_id(st, &in->id)) <= 0)
		return ok;
	if (!check_not_empty(st, COL_NAME) || !check_not_empty(st, COL_STREET))
		return 0;
	if ((ok = check_unit(st, &in->unit, &in->weight)) <= 0)
		return ok;
	if (!check_score(st, COL_DEPT, &dept))
		return 0;
	if (street_score->len > 0 || in->weight > 0) {
		if (street_score->len == 0)
			return invalid(st, "street_score is empty, but the "
			    "unit's street share is %u%%", in->weight);
		if (!check_score(st, COL_STREET_SCORE, &street))
			return 0;
	}
	if (!check_eligible(st, &in->eligible) || !check_surplus(st))
		return 0;
	in->combined = score_combine(street, dept, in->weight,
	    st->run->decimals);
	in->name = cell(st, COL_NAME)->data;
	in->name_len = cell(st, COL_NAME)->len;
	in->street = st->keys->street;
	in->dept_text = cell(st, COL_DEPT)->data;
	in->dept_len = cell(st, COL_DEPT)->len;
	in->street_text = street_score->data;
	in->street_text_len = street_score->len;
	return 1;
}

void
sheet_write_rejects_header(struct csvout *w)
{
	static const char *const header[] = { "source", "line", "error",
	    "staff_id", "name", "street", "unit", "dept_score",
	    "street_score", "eligible" };

	csvout_row(w, header, sizeof header / sizeof header[0]);
}

/* Rejected cells may hold anything: every one is guarded as text. */
static void
write_reject(struct sheet_state *st)
{
	struct csvout *w = st->run->rejects;
	const struct field *f;
	int col;

	csvout_text_z(w, st->file);
	csvout_unsigned(w, st->rec->line);
	csvout_text_z(w, st->problem);
	for (col = 0; col < COL_COUNT; col++) {
		f = cell(st, col);
		csvout_text(w, f->data, f->len);
	}
	csvout_end_row(w);
}

static int
read_record(void *ctx, const struct record *rec)
{
	struct sheet_state *st = ctx;
	struct sheet_run *run = st->run;
	struct staff_input in;
	int valid;

	if (!st->have_header) {
		st->have_header = true;
		st->header_count = rec->count;
		return header_map(rec, sheet_columns, COL_COUNT, st->where,
		    run->diag, st->file) ? 0 : EX_DATAERR;
	}
	st->rec = rec;
	run->rows++;
	memset(&in, 0, sizeof in);
	if ((valid = check_row(st, &in)) < 0 ||
	    (valid > 0 && !roster_add(run->roster, &in))) {
		diag_error(run->diag, st->file, rec->line, "out of memory "
		    "(or past 4 GiB of row text)");
		return EX_OSERR;
	}
	if (valid > 0)
		return 0;
	run->invalid++;
	if (!run->set_aside)
		diag_error(run->diag, st->file, rec->line, "%s", st->problem);
	else if (run->rejects != NULL)
		write_reject(st);
	return 0;
}

static void
hash_keys(struct sheet_state *st, const struct record *rec,
    struct row_keys *k)
{
	const struct field *f;

	f = cell_of(st, rec, COL_ID);
	k->id = strtab_key(f->data, f->len);
	f = cell_of(st, rec, COL_UNIT);
	k->unit = strtab_key(f->data, f->len);
	f = cell_of(st, rec, COL_STREET);
	k->street = strtab_key(f->data, f->len);
}

/*
 * The staff_id table grows by doubling, and each time every id is placed
 * again: at a million rows, a tenth of the reading.  So after the first
 * batch, the file's size over the bytes per row so far tells the roster
 * how many rows to expect.  Seven eighths of that: a guess too high would
 * cost memory that the sheet never needed, one too low only a late growth.
 */
static void
expect_rows(struct sheet_state *st, const struct record *recs, size_t count)
{
	uint64_t bytes = 0;
	size_t i, f;

	for (i = 0; i < count; i++)
		for (bytes += recs[i].count, f = 0; f < recs[i].count; f++)
			bytes += recs[i].fields[f].len;
	if (bytes > 0 && st->size > bytes)
		roster_expect(st->run->roster, st->run->roster->ids.count +
		    (size_t)(st->size / bytes * count / 8 * 7));
	st->size = 0;
}

/* Each row in turn, with its keys hashed and prefetched ahead of it. */
static int
read_records(void *ctx, const struct record *recs, size_t count)
{
	struct sheet_state *st = ctx;
	const struct row_keys *k;
	size_t first = 0, i, p;
	int status;

	if (!st->have_header) {		/* the header row comes first */
		if ((status = read_record(st, &recs[0])) != 0)
			return status;
		first = 1;
	}
	if (st->size > 0)
		expect_rows(st, recs, count);
	for (i = first; i < count && i < first + LOOKAHEAD; i++)
		hash_keys(st, &recs[i], &st->ring[i % KEY_RING]);
	for (i = first; i < count; i++) {
		if (i + LOOKAHEAD < count)
			hash_keys(st, &recs[i + LOOKAHEAD],
			    &st->ring[(i + LOOKAHEAD) % KEY_RING]);
		for (p = 0; p < sizeof prefetch_plan / sizeof prefetch_plan[0];
		    p++) {
			if (i + prefetch_plan[p].ahead >= count)
				continue;
			k = &st->ring[(i + prefetch_plan[p].ahead) % KEY_RING];
			roster_prefetch(st->run->roster, &k->id, &k->unit,
			    &k->street, prefetch_plan[p].stage);
		}
		st->keys = &st->ring[i % KEY_RING];
		if ((status = read_record(st, &recs[i])) != 0)
			return status;
	}
	return 0;
}

int
sheet_read(struct sheet_run *run, FILE *fp, uint32_t sheet)
{
	struct sheet_state st;
	struct stat file;
	struct reader *r;
	int status;

	memset(&st, 0, sizeof st);
	st.run = run;
	st.sheet = sheet;
	st.file = run->names[sheet];
	if (fstat(fileno(fp), &file) == 0 && S_ISREG(file.st_mode))
		st.size = (uint64_t)file.st_size;
	if ((r = reader_new(st.file, run->encoding, read_records, &st,
	    run->diag)) == NULL) {
		diag_error(run->diag, st.file, 0, "out of memory");
		return EX_OSERR;
	}
	status = reader_read_stream(r, fp);
	reader_free(r);
	if (status == 0 && !st.have_header) {
		diag_error(run->diag, st.file, 0, "the sheet is empty: it has "
		    "no header row");
		status = EX_DATAERR;
	}
	return status;
}

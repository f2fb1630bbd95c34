#include <sys/stat.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "array.h"
#include "header.h"
#include "i18n.h"
#include "roster.h"
#include "schema.h"
#include "score.h"
#include "sheet.h"
#include "source.h"
#include "text.h"

#define STREET_OFFICE	"办事处"	/* 大南街道办事处 is 大南街道 */
#define PROBLEM_SIZE	1024

static const char *const yes_words[] = { "yes", "y", "true", "1", "是" };
static const char *const no_words[] = { "no", "n", "false", "0", "否" };

struct sheet_state {
	struct sheet_run *run;
	uint32_t	 sheet;
	const char	*file;
	struct roster_mark mark;	/* where the sheet's rows begin */
	unsigned long	 rows_before;	/* run->rows then */

	/* Before the header: records looked at, and the first of them. */
	unsigned	 searched;
	unsigned long	 first_line_no;	/* of the first of them */
	char		 first_line[TEXT_EXCERPT_SIZE];
	bool		 have_header;
	struct header_match header;
	const char	*labels[IN_COUNT];	/* header cells, for messages */
	char		 label_text[IN_COUNT][TEXT_EXCERPT_SIZE];
	size_t		 header_count;
	unsigned long	 title_rows, repeated_headers;

	/* Valid rows wait here, to be added to the roster a batch at once. */
	struct roster_input *batch;
	size_t		 batch_len, batch_cap;
	uint64_t	 size;		/* of the file, until rows are expected */
	char		 problem[PROBLEM_SIZE];
};

static const struct cell empty_cell = { "", 0, CELL_TEXT };

static const struct cell *
cell(const struct sheet_state *st, const struct record *rec, int col)
{
	size_t f = st->header.where[col];

	return f < rec->count ? &rec->cells[f] : &empty_cell;
}

static const char *
invalid(struct sheet_state *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *
invalid(struct sheet_state *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->problem, sizeof st->problem, fmt, ap);
	va_end(ap);
	return st->problem;
}

/* "F12": a workbook cell's reference, for messages. */
static const char *
cell_name(char out[32], size_t column, unsigned long row)
{
	char letters[8];
	size_t n = 0, i;

	for (column++; column > 0 && n < sizeof letters; column = (column -
	    1) / 26)
		letters[n++] = (char)('A' + (column - 1) % 26);
	for (i = 0; i < n; i++)
		out[i] = letters[n - 1 - i];
	snprintf(out + n, 32 - n, "%lu", row);
	return out;
}

static bool
is_one_of(const struct cell *c, const char *const *words, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (text_equal_nocase(c->s, c->len, words[i]))
			return true;
	return false;
}

/* "2.10103E+17": a number a spreadsheet wrote in scientific notation. */
static bool
is_scientific(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
		i++;
	if (i == 0 || i == len || (s[i] != 'E' && s[i] != 'e'))
		return false;
	if (++i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i == len)
		return false;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i == len;
}

static bool
is_whole_number(const char *s, size_t len, size_t max_digits)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return len > 0 && len <= max_digits;
}

/*
 * A staff_id that a spreadsheet stored as a number has lost its leading
 * zeros or its last digits unless it is a whole number of at most 15
 * digits (SPEC sections 9 and 11).
 */
static const char *
check_id(struct sheet_state *st, const struct cell *c)
{
	char excerpt[TEXT_EXCERPT_SIZE];

	if (c->len == 0)
		return invalid(st, _("%s is empty"), st->labels[IN_STAFF_ID]);
	if ((c->kind == CELL_NUMBER && !is_whole_number(c->s, c->len, 15)) ||
	    (c->kind == CELL_TEXT && is_scientific(c->s, c->len)))
		return invalid(st, _("%s \"%s\" is a number the spreadsheet "
		    "rounded, so its digits are lost; format the %s column "
		    "as text and enter the IDs again"),
		    st->labels[IN_STAFF_ID], text_excerpt(excerpt, c->s,
		    c->len), st->labels[IN_STAFF_ID]);
	return NULL;
}

static const char *
check_score(struct sheet_state *st, const struct cell *c, int col,
    score_t *score, bool *given)
{
	char excerpt[TEXT_EXCERPT_SIZE];
	const char *why;

	*given = c->len > 0;
	if (!*given)
		return NULL;
	if (c->kind == CELL_BOOL)
		why = _("is not a number");
	else if ((why = score_parse(c->s, c->len, score)) == NULL)
		return NULL;
	return invalid(st, _("%s \"%s\" %s (a score is a plain decimal number "
	    "from 0 to 100)"), st->labels[col], text_excerpt(excerpt, c->s,
	    c->len), _(why));
}

static const char *
check_eligible(struct sheet_state *st, const struct cell *c, bool *no)
{
	char excerpt[TEXT_EXCERPT_SIZE];

	*no = false;
	if (c->len == 0 || is_one_of(c, yes_words, 5))
		return NULL;
	if ((*no = is_one_of(c, no_words, 5)))
		return NULL;
	return invalid(st, _("%s \"%s\" is not one of yes/no, y/n, "
	    "true/false, 1/0, 是/否"), st->labels[IN_ELIGIBLE],
	    text_excerpt(excerpt, c->s, c->len));
}

/* An error value (#N/A) in a column kaoping reads. */
static const char *
check_errors(struct sheet_state *st, const struct record *rec)
{
	char excerpt[TEXT_EXCERPT_SIZE], where[32];
	const struct cell *c;
	int col;

	for (col = 0; col < IN_COUNT; col++) {
		c = cell(st, rec, col);
		if (c->kind == CELL_ERROR)
			return invalid(st, _("cell %s (%s) holds the error "
			    "value %s; correct it in the workbook"),
			    cell_name(where, st->header.where[col], rec->row),
			    st->labels[col], text_excerpt(excerpt, c->s,
			    c->len));
	}
	return NULL;
}

static const char *
check_surplus(struct sheet_state *st, const struct record *rec)
{
	char excerpt[TEXT_EXCERPT_SIZE];
	size_t i;

	for (i = st->header_count; i < rec->count; i++)
		if (rec->cells[i].len > 0)
			return invalid(st, _("the row has %zu cells but the "
			    "header only %zu; cell %zu holds \"%s\""),
			    rec->count, st->header_count, i + 1,
			    text_excerpt(excerpt, rec->cells[i].s,
			    rec->cells[i].len));
	return NULL;
}

/* The street without 办事处, which names the same street. */
static size_t
street_short_len(const struct cell *c)
{
	size_t n = strlen(STREET_OFFICE);

	return c->len > n && text_ends_with(c->s, c->len, STREET_OFFICE) ?
	    c->len - n : c->len;
}

/*
 * Fill in from the record; returns why the row is invalid on its own, or
 * NULL.  The first problem found is the one told.
 */
static const char *
check_row(struct sheet_state *st, const struct record *rec,
    struct roster_input *in)
{
	static const int required[] = { IN_NAME, IN_STREET, IN_UNIT };
	const char *why;
	size_t i;
	int col;

	for (col = 0; col < IN_COUNT; col++) {
		in->cell[col].s = cell(st, rec, col)->s;
		in->cell[col].len = cell(st, rec, col)->len;
	}
	in->street_len = street_short_len(cell(st, rec, IN_STREET));
	in->line = rec->line;
	in->row = rec->row;
	if ((why = check_errors(st, rec)) != NULL ||
	    (why = check_id(st, cell(st, rec, IN_STAFF_ID))) != NULL)
		return why;
	for (i = 0; i < sizeof required / sizeof required[0]; i++)
		if (cell(st, rec, required[i])->len == 0)
			return invalid(st, _("%s is empty"),
			    st->labels[required[i]]);
	if ((why = check_score(st, cell(st, rec, IN_DEPT_SCORE),
	    IN_DEPT_SCORE, &in->dept, &in->gives_dept)) != NULL ||
	    (why = check_score(st, cell(st, rec, IN_STREET_SCORE),
	    IN_STREET_SCORE, &in->street, &in->gives_street)) != NULL ||
	    (why = check_eligible(st, cell(st, rec, IN_ELIGIBLE),
	    &in->says_ineligible)) != NULL)
		return why;
	return check_surplus(st, rec);
}

static int
flush_batch(struct sheet_state *st)
{
	int status = roster_add(st->run->roster, st->sheet, st->batch,
	    st->batch_len);

	st->batch_len = 0;
	return status;
}

/* A record that names the staff_id and name columns again. */
static bool
repeats_header(const struct sheet_state *st, const struct record *rec)
{
	const struct cell *id = cell(st, rec, IN_STAFF_ID);
	const struct cell *name = cell(st, rec, IN_NAME);

	return header_names(&schema_in[IN_STAFF_ID], id->s, id->len) &&
	    header_names(&schema_in[IN_NAME], name->s, name->len);
}

static int
read_row(struct sheet_state *st, const struct record *rec)
{
	struct roster_input *in;
	int status;

	if (repeats_header(st, rec)) {
		st->repeated_headers++;
		return 0;
	}
	st->run->rows++;
	if (!array_reserve(&st->batch, &st->batch_cap, st->batch_len + 1,
	    sizeof *st->batch))
		return EX_OSERR;
	in = &st->batch[st->batch_len];
	memset(in, 0, sizeof *in);
	if ((in->problem = check_row(st, rec, in)) == NULL) {
		st->batch_len++;
		return 0;
	}
	/* Rare: send what waits, then this row with its problem. */
	if ((status = flush_batch(st)) != 0)
		return status;
	return roster_add(st->run->roster, st->sheet, in, 1);
}

/* Which party the sheet speaks for: the score columns it has. */
static int
set_kind(struct sheet_state *st, const struct record *rec)
{
	char dept[256], street[256];
	bool has_dept = st->header.where[IN_DEPT_SCORE] != HEADER_ABSENT;
	bool has_street = st->header.where[IN_STREET_SCORE] != HEADER_ABSENT;

	if (!has_dept && !has_street) {
		header_list_names(dept, sizeof dept,
		    &schema_in[IN_DEPT_SCORE]);
		header_list_names(street, sizeof street,
		    &schema_in[IN_STREET_SCORE]);
		diag_error_at(st->run->diag, st->file, rec->line, rec->row,
		    _("the sheet has no score column: it needs dept_score "
		    "(accepted names: %s) or street_score (accepted names: "
		    "%s), or both"), dept, street);
		return EX_DATAERR;
	}
	st->run->kinds[st->sheet] = has_dept && has_street ? SHEET_FULL :
	    has_dept ? SHEET_DEPT : SHEET_STREET;
	return 0;
}

/* Messages name a column as the sheet's header does. */
static void
keep_labels(struct sheet_state *st, const struct record *rec)
{
	const struct cell *c;
	int col;

	for (col = 0; col < IN_COUNT; col++) {
		if (st->header.where[col] == HEADER_ABSENT) {
			st->labels[col] = schema_in[col].names[0];
			continue;
		}
		c = &rec->cells[st->header.where[col]];
		st->labels[col] = text_excerpt(st->label_text[col], c->s,
		    c->len);
	}
}

static int
take_header(struct sheet_state *st, const struct record *rec)
{
	int status;

	if (!header_report(&st->header, rec, schema_in, IN_COUNT, st->file,
	    st->run->diag))
		return EX_DATAERR;
	if ((status = set_kind(st, rec)) != 0)
		return status;
	st->have_header = true;
	st->header_count = rec->count;
	keep_labels(st, rec);
	if (st->sheet == 0)
		st->run->chinese = st->header.chinese[IN_STAFF_ID];
	return 0;
}

/* A cell that, cut at sep, holds a name of the staff_id column. */
static bool
names_staff_id_when_cut(const struct cell *c, char sep)
{
	const char *p = c->s, *end = c->s + c->len, *next;
	const char *s;
	size_t len;

	for (; p <= end; p = next + 1) {
		if ((next = memchr(p, sep, (size_t)(end - p))) == NULL)
			next = end;
		s = p;
		len = (size_t)(next - p);
		text_trim(&s, &len);
		if (header_names(&schema_in[IN_STAFF_ID], s, len))
			return true;
	}
	return false;
}

/*
 * Cells run together with semicolons or tabs: the sheet was saved with
 * the wrong separator (SPEC section 11).  Returns the separator, or 0.
 */
static char
wrong_separator(const struct record *rec)
{
	static const char separators[] = { ';', '\t' };
	const struct cell *c;
	size_t i, f;

	for (i = 0; i < sizeof separators; i++)
		for (f = 0; f < rec->count; f++) {
			c = &rec->cells[f];
			if (memchr(c->s, separators[i], c->len) != NULL &&
			    names_staff_id_when_cut(c, separators[i]))
				return separators[i];
		}
	return 0;
}

static void
remember_first_line(struct sheet_state *st, const struct record *rec)
{
	size_t used = 0, f;
	char excerpt[TEXT_EXCERPT_SIZE];

	st->first_line_no = rec->line;
	for (f = 0; f < rec->count && used < sizeof st->first_line; f++) {
		if (rec->cells[f].len == 0)
			continue;
		used += (size_t)snprintf(st->first_line + used,
		    sizeof st->first_line - used, "%s%s", used > 0 ? "," : "",
		    text_excerpt(excerpt, rec->cells[f].s, rec->cells[f].len));
	}
}

/*
 * The header is the first record, among the first SHEET_HEADER_SEARCH,
 * that names the staff_id and name columns; records above it are titles.
 */
static int
look_for_header(struct sheet_state *st, const struct record *rec)
{
	const struct header_match *m = &st->header;
	char sep;

	if (st->searched++ == 0)
		remember_first_line(st, rec);
	header_match(rec, schema_in, IN_COUNT, &st->header);
	if ((m->where[IN_STAFF_ID] != HEADER_ABSENT ||
	    m->broken[IN_STAFF_ID] != HEADER_ABSENT) &&
	    (m->where[IN_NAME] != HEADER_ABSENT ||
	    m->broken[IN_NAME] != HEADER_ABSENT))
		return take_header(st, rec);
	if ((sep = wrong_separator(rec)) != 0) {
		diag_error_at(st->run->diag, st->file, rec->line, rec->row,
		    sep == ';' ? _("the cells are separated by semicolons "
		    "(;), not commas; save the sheet again as CSV "
		    "(comma-separated) or as .xlsx") : _("the cells are "
		    "separated by tabs, not commas; save the sheet again as "
		    "CSV (comma-separated) or as .xlsx"));
		return EX_DATAERR;
	}
	st->title_rows++;
	return 0;
}

static void
report_no_header(struct sheet_state *st)
{
	if (st->searched == 0) {
		diag_error(st->run->diag, st->file, 0, _("the sheet is empty: "
		    "it has no header row"));
		return;
	}
	diag_error(st->run->diag, st->file, st->first_line_no, _("no header "
	    "row in the first %u non-blank lines: a header names at least "
	    "the columns staff_id (工号) and name (姓名); line %lu reads "
	    "\"%s\""), SHEET_HEADER_SEARCH, st->first_line_no,
	    st->first_line);
}

/*
 * The first sheet's size over the bytes of its first records tells the
 * roster about how many staff to expect.  Seven eighths of that: a guess
 * too high would cost memory the run never needs, one too low only a late
 * growth.
 */
static void
expect_staff(struct sheet_state *st, const struct record *recs, size_t count)
{
	uint64_t bytes = 0;
	size_t i, f;

	for (i = 0; i < count; i++)
		for (bytes += recs[i].count, f = 0; f < recs[i].count; f++)
			bytes += recs[i].cells[f].len;
	if (bytes > 0 && st->size > bytes)
		roster_expect(st->run->roster,
		    (size_t)(st->size / bytes * count / 8 * 7));
	st->size = 0;
}

static int
read_records(void *ctx, const struct record *recs, size_t count)
{
	struct sheet_state *st = ctx;
	size_t i;
	int status;

	if (st->size > 0 && st->have_header)
		expect_staff(st, recs, count);

	for (i = 0; i < count; i++) {
		if (st->have_header)
			status = read_row(st, &recs[i]);
		else if (st->searched < SHEET_HEADER_SEARCH)
			status = look_for_header(st, &recs[i]);
		else {
			report_no_header(st);
			status = EX_DATAERR;
		}
		if (status != 0)
			return status;
	}
	return flush_batch(st);
}

/* The source reads the sheet again from its start: forget what it gave. */
static int
rewind_sheet(void *ctx)
{
	struct sheet_state *st = ctx;

	st->batch_len = 0;
	st->run->rows = st->rows_before;
	st->searched = 0;
	st->have_header = false;
	st->title_rows = st->repeated_headers = 0;
	return roster_rollback(st->run->roster, &st->mark);
}

static void
describe(const struct sheet_state *st, const struct source_facts *facts)
{
	static const char *const kinds[] = {
		[SHEET_FULL] = N_("full sheet (both scores)"),
		[SHEET_DEPT] = N_("department sheet"),
		[SHEET_STREET] = N_("street sheet"),
	};
	struct diag *d = st->run->diag;

	if (facts->workbook)
		diag_note(d, _("%s: workbook, worksheet \"%s\", %s"), st->file,
		    facts->worksheet, _(kinds[st->run->kinds[st->sheet]]));
	else
		diag_note(d, _("%s: %s, %s"), st->file, facts->encoding,
		    _(kinds[st->run->kinds[st->sheet]]));
	if (st->title_rows > 0)
		diag_note(d, ngettext("%s: %lu title row above the header "
		    "skipped", "%s: %lu title rows above the header skipped",
		    st->title_rows), st->file, st->title_rows);
	if (st->repeated_headers > 0)
		diag_note(d, ngettext("%s: %lu repeated header row skipped",
		    "%s: %lu repeated header rows skipped",
		    st->repeated_headers), st->file, st->repeated_headers);
}

int
sheet_read(struct sheet_run *run, const char *path, uint32_t sheet)
{
	struct sheet_state st;
	struct source_target target = { read_records, rewind_sheet, &st };
	struct source_facts facts;
	struct stat file;
	int status;

	memset(&st, 0, sizeof st);
	memset(&facts, 0, sizeof facts);
	st.run = run;
	st.sheet = sheet;
	st.file = run->names[sheet];
	st.mark = roster_mark(run->roster);
	st.rows_before = run->rows;
	if (sheet == 0 && stat(path, &file) == 0 && S_ISREG(file.st_mode))
		st.size = (uint64_t)file.st_size;
	status = source_read(path, st.file, run->encoding, &target, &facts,
	    run->diag);
	if (status == 0 && !st.have_header) {
		report_no_header(&st);
		status = EX_DATAERR;
	}
	if (status == EX_OSERR)
		diag_out_of_memory(run->diag);
	if (status == 0 && run->verbose)
		describe(&st, &facts);
	free(st.batch);
	return status;
}

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "array.h"
#include "csvout.h"
#include "header.h"
#include "policy.h"
#include "reader.h"
#include "text.h"

/* Shenhe's rule: true marks the units under dual management. */
static const struct {
	const char	*unit;
	bool		 dual;
} builtin[] = {
	{ "司法所", true },
	{ "综合执法分中心", true },
	{ "城市建设综合行政执法分中心", true },
	{ "社会事务服务分中心", true },
	{ "应急管理服务分中心", true },
	{ "小区保障服务分中心", true },
	{ "派出所", false },
	{ "公安派出所", false },
	{ "税务所", false },
	{ "市场监管所", false },
	{ "市场监督管理所", false },
	{ "经济发展服务分中心", false },
};

static const struct column policy_columns[] = {
	{ { "unit", "单位", NULL }, true },
	{ { "street_weight", "街道权重", NULL }, true },
};
enum { COL_UNIT, COL_WEIGHT, COL_COUNT };

static bool
add(struct policy *p, const char *unit, size_t len, unsigned weight)
{
	struct policy_entry *e;

	if (!array_reserve(&p->entries, &p->cap, p->count + 1, sizeof *e))
		return false;
	e = &p->entries[p->count];
	if ((e->unit = strndup(unit, len)) == NULL)
		return false;
	e->len = len;
	e->weight = weight;
	p->count++;
	return true;
}

bool
policy_builtin(struct policy *p, unsigned dual_weight)
{
	size_t i;

	memset(p, 0, sizeof *p);
	for (i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		if (!add(p, builtin[i].unit, strlen(builtin[i].unit),
		    builtin[i].dual ? dual_weight : 0))
			return false;
	return true;
}

const struct policy_entry *
policy_match(const struct policy *p, const char *unit, size_t len)
{
	const struct policy_entry *best = NULL;
	size_t i;

	for (i = 0; i < p->count; i++) {
		const struct policy_entry *e = &p->entries[i];

		if (e->len <= len && (best == NULL || e->len > best->len) &&
		    memcmp(unit + len - e->len, e->unit, e->len) == 0)
			best = e;
	}
	return best;
}

struct loader {
	struct policy	*policy;
	struct diag	*diag;
	const char	*file;
	bool		 have_header, bad;
	unsigned long	 header_line;
	size_t		 where[COL_COUNT];
};

static const struct field *
cell(const struct loader *l, const struct record *rec, int col)
{
	static const struct field empty = { "", 0 };
	size_t f = l->where[col];

	return f < rec->count ? &rec->fields[f] : &empty;
}

/* Weights are plain digits, 0 to 100: no sign, no point, no %. */
static bool
parse_weight(const struct field *f, unsigned *weight)
{
	size_t i;

	*weight = 0;
	for (i = 0; i < f->len; i++) {
		if (f->data[i] < '0' || f->data[i] > '9')
			return false;
		*weight = *weight * 10 + (unsigned)(f->data[i] - '0');
		if (*weight > 100)
			return false;
	}
	return f->len > 0;
}

static int
load_record(void *ctx, const struct record *rec)
{
	char excerpt[TEXT_EXCERPT_SIZE];
	struct loader *l = ctx;
	const struct field *unit, *weight;
	unsigned w;
	size_t i;

	if (!l->have_header) {
		l->have_header = true;
		l->header_line = rec->line;
		if (!header_map(rec, policy_columns, COL_COUNT, l->where,
		    l->diag, l->file))
			return EX_CONFIG;
		return 0;
	}
	unit = cell(l, rec, COL_UNIT);
	weight = cell(l, rec, COL_WEIGHT);
	if (unit->len == 0) {
		diag_error(l->diag, l->file, rec->line, "unit is empty");
		l->bad = true;
		return 0;
	}
	if (!parse_weight(weight, &w)) {
		diag_error(l->diag, l->file, rec->line, "street_weight \"%s\" "
		    "is not a whole number from 0 to 100",
		    text_excerpt(excerpt, weight->data, weight->len));
		l->bad = true;
		return 0;
	}
	for (i = 0; i < l->policy->count; i++)
		if (l->policy->entries[i].len == unit->len &&
		    memcmp(l->policy->entries[i].unit, unit->data,
		    unit->len) == 0) {
			diag_error(l->diag, l->file, rec->line, "unit \"%s\" "
			    "is named twice", text_excerpt(excerpt,
			    unit->data, unit->len));
			l->bad = true;
			return 0;
		}
	if (!add(l->policy, unit->data, unit->len, w)) {
		diag_error(l->diag, l->file, rec->line, "out of memory");
		return EX_OSERR;
	}
	return 0;
}

static int
load_records(void *ctx, const struct record *recs, size_t count)
{
	return reader_each(recs, count, load_record, ctx);
}

int
policy_load(struct policy *p, const char *path, const char *encoding,
    struct diag *d)
{
	struct loader l = { p, d, reader_display_name(path), false, false, 0,
	    { 0 } };
	struct reader *r;
	FILE *fp;
	int status;

	memset(p, 0, sizeof *p);
	if ((fp = reader_open(path, d)) == NULL)
		return EX_NOINPUT;
	if ((r = reader_new(l.file, encoding, load_records, &l, d)) == NULL) {
		diag_error(d, NULL, 0, "out of memory");
		status = EX_OSERR;
	} else
		status = reader_read_stream(r, fp);
	reader_free(r);
	if (fp != stdin)
		fclose(fp);
	if (status == EX_OSERR)
		return status;
	if (status != 0 || l.bad)
		return EX_CONFIG;
	if (p->count == 0) {
		diag_error(d, l.file, l.header_line, "the policy has no entries%s",
		    l.have_header ? "" : " (and no header unit,street_weight)");
		return EX_CONFIG;
	}
	return 0;
}

void
policy_write(const struct policy *p, struct csvout *w)
{
	static const char *const header[] = { "unit", "street_weight" };
	size_t i;

	csvout_row(w, header, 2);
	for (i = 0; i < p->count; i++) {
		csvout_text(w, p->entries[i].unit, p->entries[i].len);
		csvout_unsigned(w, p->entries[i].weight);
		csvout_end_row(w);
	}
}

void
policy_free(struct policy *p)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		free(p->entries[i].unit);
	free(p->entries);
	memset(p, 0, sizeof *p);
}

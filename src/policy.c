#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "array.h"
#include "header.h"
#include "i18n.h"
#include "policy.h"
#include "source.h"
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

/* The policy file's columns (the kind is not used: see parse_weight). */
enum { COL_UNIT, COL_WEIGHT, COL_COUNT };
static const struct in_column policy_columns[COL_COUNT] = {
	{ { "unit", "单位" }, IN_KIND_TEXT, true },
	{ { "street_weight", "街道权重" }, IN_KIND_TEXT, true },
};

/*
 * A polynomial hash taken from the end of the text, so that the hash of
 * every suffix of a name follows from the next shorter one in one step:
 * h(c + s) = c * P^len(s) + h(s), modulo 2^64.
 */
#define HASH_FACTOR	UINT64_C(0x100000001B3)

static uint64_t
hash_suffix_step(uint64_t h, unsigned char c, uint64_t *power)
{
	h += (uint64_t)(c + 1) * *power;
	*power *= HASH_FACTOR;
	return h;
}

static uint64_t
hash_text(const char *s, size_t len)
{
	uint64_t h = 0, power = 1;

	while (len > 0)
		h = hash_suffix_step(h, (unsigned char)s[--len], &power);
	return h;
}

/* The slot to start probing at: the hash's high bits, mixed. */
static size_t
first_slot(const struct policy *p, uint64_t h)
{
	h ^= h >> 29;
	h *= UINT64_C(0xBF58476D1CE4E5B9);
	h ^= h >> 32;
	return (size_t)h & p->slot_mask;
}

static const struct policy_entry *
find(const struct policy *p, const char *s, size_t len, uint64_t h)
{
	const struct policy_entry *e;
	size_t slot;

	if (p->slots == NULL)
		return NULL;
	for (slot = first_slot(p, h); p->slots[slot] != 0;
	    slot = (slot + 1) & p->slot_mask) {
		e = &p->entries[p->slots[slot] - 1];
		if (e->hash == h && e->len == len && memcmp(e->unit, s,
		    len) == 0)
			return e;
	}
	return NULL;
}

static void
place(struct policy *p, size_t index)
{
	size_t slot;

	for (slot = first_slot(p, p->entries[index].hash); p->slots[slot] != 0;
	    slot = (slot + 1) & p->slot_mask)
		continue;
	p->slots[slot] = (uint32_t)index + 1;
}

/* Keep the table at most half full. */
static bool
grow_slots(struct policy *p)
{
	size_t n = p->slots == NULL ? 64 : 2 * (p->slot_mask + 1), i;
	uint32_t *slots;

	if (p->count * 2 < p->slot_mask + 1 && p->slots != NULL)
		return true;
	if (p->count >= UINT32_MAX / 2 ||
	    (slots = calloc(n, sizeof *slots)) == NULL)
		return false;
	free(p->slots);
	p->slots = slots;
	p->slot_mask = n - 1;
	for (i = 0; i < p->count; i++)
		place(p, i);
	return true;
}

/* Add an entry; *twice is set instead when the name is there already. */
static bool
add(struct policy *p, const char *unit, size_t len, unsigned weight,
    bool *twice)
{
	struct policy_entry *e;
	uint64_t h = hash_text(unit, len);

	*twice = find(p, unit, len, h) != NULL;
	if (*twice)
		return true;
	if (!array_reserve(&p->entries, &p->cap, p->count + 1, sizeof *e))
		return false;
	e = &p->entries[p->count];
	if ((e->unit = strndup(unit, len)) == NULL)
		return false;
	e->len = len;
	e->weight = weight;
	e->hash = h;
	p->count++;
	if (len > p->longest)
		p->longest = len;
	if (!grow_slots(p)) {
		free(e->unit);
		p->count--;
		return false;
	}
	place(p, p->count - 1);
	return true;
}

bool
policy_builtin(struct policy *p, unsigned dual_weight)
{
	bool twice;
	size_t i;

	memset(p, 0, sizeof *p);
	for (i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		if (!add(p, builtin[i].unit, strlen(builtin[i].unit),
		    builtin[i].dual ? dual_weight : 0, &twice))
			return false;
	return true;
}

const struct policy_entry *
policy_match(const struct policy *p, const char *unit, size_t len)
{
	const struct policy_entry *best = NULL, *e;
	size_t start, stop = len > p->longest ? len - p->longest : 0;
	uint64_t h = 0, power = 1;

	/* Suffixes from the shortest up; the last found is the longest. */
	for (start = len; start > stop; start--) {
		h = hash_suffix_step(h, (unsigned char)unit[start - 1], &power);
		if ((e = find(p, unit + start - 1, len - start + 1, h)) != NULL)
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
	struct header_match header;
	int		 status;	/* out of memory */
};

static const struct cell *
cell(const struct loader *l, const struct record *rec, int col)
{
	static const struct cell empty = { "", 0, CELL_TEXT };
	size_t f = l->header.where[col];

	return f < rec->count ? &rec->cells[f] : &empty;
}

/* Weights are plain digits, 0 to 100: no sign, no point, no %. */
static bool
parse_weight(const struct cell *c, unsigned *weight)
{
	size_t i;

	*weight = 0;
	for (i = 0; i < c->len; i++) {
		if (c->s[i] < '0' || c->s[i] > '9')
			return false;
		*weight = *weight * 10 + (unsigned)(c->s[i] - '0');
		if (*weight > 100)
			return false;
	}
	return c->len > 0;
}

static void
load_entry(struct loader *l, const struct record *rec)
{
	char excerpt[TEXT_EXCERPT_SIZE];
	const struct cell *unit = cell(l, rec, COL_UNIT);
	const struct cell *weight = cell(l, rec, COL_WEIGHT);
	bool twice;
	unsigned w;

	if (unit->len == 0) {
		diag_error_at(l->diag, l->file, rec->line, rec->row,
		    _("unit is empty"));
		l->bad = true;
	} else if (!parse_weight(weight, &w)) {
		diag_error_at(l->diag, l->file, rec->line, rec->row,
		    _("street_weight \"%s\" is not a whole number from 0 to "
		    "100"), text_excerpt(excerpt, weight->s, weight->len));
		l->bad = true;
	} else if (!add(l->policy, unit->s, unit->len, w, &twice)) {
		l->status = diag_out_of_memory(l->diag);
	} else if (twice) {
		diag_error_at(l->diag, l->file, rec->line, rec->row,
		    _("unit \"%s\" is named twice"),
		    text_excerpt(excerpt, unit->s, unit->len));
		l->bad = true;
	}
}

static int
load_records(void *ctx, const struct record *recs, size_t count)
{
	struct loader *l = ctx;
	size_t i;

	for (i = 0; i < count && l->status == 0; i++) {
		if (l->have_header) {
			load_entry(l, &recs[i]);
			continue;
		}
		l->have_header = true;
		l->header_line = recs[i].line;
		header_match(&recs[i], policy_columns, COL_COUNT, &l->header);
		if (!header_report(&l->header, &recs[i], policy_columns,
		    COL_COUNT, l->file, l->diag))
			return EX_CONFIG;
	}
	return l->status;
}

/* The source reads the file again from its start: forget what it gave. */
static int
rewind_policy(void *ctx)
{
	struct loader *l = ctx;

	policy_free(l->policy);
	l->have_header = l->bad = false;
	return 0;
}

int
policy_load(struct policy *p, const char *path, const char *encoding,
    struct diag *d)
{
	struct loader l;
	struct source_target target = { load_records, rewind_policy, &l };
	struct source_facts facts;
	int status;

	memset(p, 0, sizeof *p);
	memset(&l, 0, sizeof l);
	l.policy = p;
	l.diag = d;
	l.file = source_display_name(path);
	status = source_read(path, l.file, encoding, &target, &facts, d);
	if (status == EX_OSERR || status == EX_NOINPUT || status == EX_IOERR)
		return status;
	if (status != 0 || l.bad)
		return EX_CONFIG;
	if (p->count == 0) {
		diag_error(d, l.file, l.header_line, l.have_header ?
		    _("the policy has no entries") :
		    _("the policy has no entries (and no header "
		    "unit,street_weight)"));
		return EX_CONFIG;
	}
	return 0;
}

int
policy_write(const struct policy *p, struct sink *s)
{
	char weight[TEXT_UNSIGNED_SIZE];
	struct text_span cells[POL_COUNT];
	size_t i;
	int status;

	for (i = 0; i < p->count; i++) {
		cells[POL_UNIT].s = p->entries[i].unit;
		cells[POL_UNIT].len = p->entries[i].len;
		cells[POL_STREET_WEIGHT].s = weight;
		cells[POL_STREET_WEIGHT].len = text_format_unsigned(weight,
		    p->entries[i].weight);
		if ((status = sink_row(s, cells)) != 0)
			return status;
	}
	return sink_finish(s);
}

void
policy_free(struct policy *p)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		free(p->entries[i].unit);
	free(p->entries);
	free(p->slots);
	memset(p, 0, sizeof *p);
}

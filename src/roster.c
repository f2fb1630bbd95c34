#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "policy.h"
#include "roster.h"
#include "strtab.h"

void
roster_init(struct roster *r, const struct policy *policy)
{
	memset(r, 0, sizeof *r);
	r->policy = policy;
	strtab_init_shared(&r->ids, &r->text);
	strtab_init(&r->streets);
	strtab_init(&r->units);
}

void
roster_free(struct roster *r)
{
	free(r->rows);
	cells_free(&r->text);
	free(r->id_origins);
	free(r->unit_weight);
	strtab_free(&r->ids);
	strtab_free(&r->streets);
	strtab_free(&r->units);
	memset(r, 0, sizeof *r);
}

int
roster_claim_id(struct roster *r, const struct strtab_key *k, uint32_t sheet,
    unsigned long line, uint32_t *id, uint32_t *first_sheet,
    unsigned long *first_line)
{
	bool added;

	if (!strtab_intern_key(&r->ids, k, id, &added))
		return -1;
	if (!added) {
		*first_sheet = r->id_origins[*id].sheet;
		*first_line = r->id_origins[*id].line;
		return 0;
	}
	if (!array_reserve(&r->id_origins, &r->id_cap, *id + 1,
	    sizeof *r->id_origins))
		return -1;
	r->id_origins[*id].sheet = sheet;
	r->id_origins[*id].line = line > UINT32_MAX ? UINT32_MAX :
	    (uint32_t)line;
	r->claimed = *id;
	r->claimed_end = r->text.len;
	r->claimed_at = (uint32_t)(r->text.len - cells_size(k->len));
	return 1;
}

void
roster_forget_ids(struct roster *r)
{
	strtab_free(&r->ids);
	free(r->id_origins);
	r->id_origins = NULL;
	r->id_cap = 0;
}

void
roster_expect(struct roster *r, size_t rows)
{
	if (rows > UINT32_MAX / 4)
		rows = UINT32_MAX / 4;
	/* Only a hint: without the room, the table grows as it goes. */
	(void)strtab_reserve(&r->ids, (uint32_t)rows);
}

void
roster_prefetch(const struct roster *r, const struct strtab_key *id,
    const struct strtab_key *unit, const struct strtab_key *street,
    enum strtab_stage stage)
{
	strtab_prefetch(&r->ids, id, stage);
	strtab_prefetch(&r->units, unit, stage);
	strtab_prefetch(&r->streets, street, stage);
}

bool
roster_unit(struct roster *r, const struct strtab_key *k, uint32_t *unit,
    int *weight)
{
	const struct policy_entry *e;
	bool added;

	if (!strtab_intern_key(&r->units, k, unit, &added))
		return false;
	if (added) {
		if (!array_reserve(&r->unit_weight, &r->unit_cap, *unit + 1,
		    sizeof *r->unit_weight))
			return false;
		e = policy_match(r->policy, k->s, k->len);
		r->unit_weight[*unit] = e != NULL ? (int)e->weight : -1;
	}
	*weight = r->unit_weight[*unit];
	return true;
}

/*
 * A row's first cell is its staff_id, put in when it was claimed: when the
 * row comes straight after, as it does from a sheet, the rest follows it;
 * otherwise the row begins with a copy.
 */
bool
roster_add(struct roster *r, const struct staff_input *in)
{
	bool copy_id = in->id != r->claimed || r->text.len != r->claimed_end;
	struct text_span id;
	struct staff *s;
	size_t need;
	bool added;

	if (!array_reserve(&r->rows, &r->cap, r->count + 1, sizeof *r->rows))
		return false;
	s = &r->rows[r->count];
	memset(s, 0, sizeof *s);
	if (!strtab_intern_key(&r->streets, &in->street, &s->street, &added))
		return false;
	need = (copy_id ? cells_size(strtab_get(&r->ids, in->id).len) : 0) +
	    cells_size(in->name_len) + cells_size(in->dept_len) +
	    cells_size(in->street_text_len);
	if (!cells_reserve(&r->text, need))
		return false;
	if (copy_id) {
		id = strtab_get(&r->ids, in->id);	/* after any move */
		s->text = cells_put(&r->text, id.s, id.len);
	} else
		s->text = r->claimed_at;
	cells_put(&r->text, in->name, in->name_len);
	cells_put(&r->text, in->dept_text, in->dept_len);
	cells_put(&r->text, in->street_text, in->street_text_len);
	s->unit = in->unit;
	s->weight = (uint8_t)in->weight;
	s->combined = in->combined;
	s->eligible = in->eligible;
	r->count++;
	return true;
}

void
roster_staff_texts(const struct roster *r, const struct staff *s,
    struct text_span out[STAFF_TEXTS])
{
	const char *p = r->text.text + s->text;
	int i;

	for (i = 0; i < STAFF_TEXTS; i++)
		p = cells_read(p, &out[i]);
}

struct text_span
roster_staff_text(const struct roster *r, const struct staff *s,
    enum staff_text which)
{
	struct text_span t[STAFF_TEXTS];

	roster_staff_texts(r, s, t);
	return t[which];
}

int
roster_compare_ids(const struct roster *r, const struct staff *a,
    const struct staff *b)
{
	struct text_span x, y;
	int c;

	x = cells_get(&r->text, a->text);
	y = cells_get(&r->text, b->text);
	if ((c = memcmp(x.s, y.s, x.len < y.len ? x.len : y.len)) != 0)
		return c;
	return x.len < y.len ? -1 : x.len > y.len;
}

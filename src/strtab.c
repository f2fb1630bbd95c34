#include <endian.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "strtab.h"

#define INITIAL_SLOT_BITS	6
#define MAX_SLOT_BITS		31

void
strtab_init(struct strtab *t)
{
	memset(t, 0, sizeof *t);
}

void
strtab_free(struct strtab *t)
{
	cells_free(&t->own);
	free(t->offsets);
	free(t->slots);
	strtab_init(t);
}

/*
 * Eight bytes a step, then a final mix so the low bits (the slot) depend
 * on every byte.  Words are read little-endian, so a key hashes the same on
 * every machine.
 */
uint32_t
strtab_hash(const char *s, size_t len)
{
	const uint64_t k = 0x9E3779B97F4A7C15u;
	uint64_t h = len * k, w;
	size_t i;

	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, sizeof w);
		h = (h ^ le64toh(w)) * k;
		h ^= h >> 32;
	}
	if (len > 0) {
		for (w = 0, i = 0; i < len; i++)
			w |= (uint64_t)(unsigned char)s[i] << (8 * i);
		h = (h ^ w) * k;
	}
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDu;
	h ^= h >> 33;
	return (uint32_t)h;
}

/*
 * A slot holds a string's index + 1 in its low slot_bits bits (a table of
 * 2^slot_bits slots holds at most half as many strings) and the top bits
 * of the string's hash above them, 0 when empty.  A probe that meets
 * another string's slot moves on, all but once in a few hundred times,
 * without a trip to that string.
 */
static uint32_t
slot_tag(const struct strtab *t, uint32_t hash)
{
	return hash >> t->slot_bits;
}

static uint32_t
slot_of(const struct strtab *t, uint32_t hash, uint32_t index)
{
	return slot_tag(t, hash) << t->slot_bits | (index + 1);
}

/* The slot may hold the string of this hash: its tag is the same. */
static bool
slot_may_hold(const struct strtab *t, uint32_t slot, uint32_t hash)
{
	return slot >> t->slot_bits == slot_tag(t, hash);
}

static uint32_t
slot_index(const struct strtab *t, uint32_t slot)
{
	return (slot & t->slot_mask) - 1;
}

/*
 * Place every string again in a table of 2^bits slots.  The slots keep
 * too little of a hash to find a string's new place, so each string is
 * hashed again, in order: the text is read from start to end.
 */
static bool
resize_slots(struct strtab *t, unsigned bits)
{
	struct text_span string;
	uint32_t *slots, i, slot, hash;

	if ((slots = calloc((size_t)1 << bits, sizeof *slots)) == NULL)
		return false;
	free(t->slots);
	t->slots = slots;
	t->slot_bits = bits;
	t->slot_mask = (uint32_t)(((size_t)1 << bits) - 1);
	for (i = 0; i < t->count; i++) {
		string = strtab_get(t, i);
		hash = strtab_hash(string.s, string.len);
		for (slot = hash & t->slot_mask; t->slots[slot] != 0;
		    slot = (slot + 1) & t->slot_mask)
			continue;
		t->slots[slot] = slot_of(t, hash, i);
	}
	return true;
}

/* Keep the load factor at most one half. */
static bool
grow_slots(struct strtab *t)
{
	if (t->slots == NULL)
		return resize_slots(t, INITIAL_SLOT_BITS);
	return t->slot_bits < MAX_SLOT_BITS &&
	    resize_slots(t, t->slot_bits + 1);
}

bool
strtab_reserve(struct strtab *t, uint32_t count)
{
	unsigned bits = INITIAL_SLOT_BITS;

	while (((size_t)1 << bits) / 2 < count) {
		if (bits == MAX_SLOT_BITS)
			return false;
		bits++;
	}
	return t->slots != NULL && bits <= t->slot_bits ? true :
	    resize_slots(t, bits);
}

struct strtab_key
strtab_key(const char *s, size_t len)
{
	struct strtab_key k = { s, len, strtab_hash(s, len) };

	return k;
}

bool
strtab_intern(struct strtab *t, const char *s, size_t len, uint32_t *index,
    bool *added)
{
	struct strtab_key k = strtab_key(s, len);

	return strtab_intern_key(t, &k, index, added);
}

/*
 * Look for the key: true with *index when it is there, else false with
 * *slot the empty slot where it would go.  The table has slots.
 */
static bool
probe(const struct strtab *t, const struct strtab_key *k, uint32_t *slot,
    uint32_t *index)
{
	struct text_span string;
	uint32_t s, i;

	for (s = k->hash & t->slot_mask; t->slots[s] != 0;
	    s = (s + 1) & t->slot_mask) {
		if (!slot_may_hold(t, t->slots[s], k->hash))
			continue;
		i = slot_index(t, t->slots[s]);
		string = strtab_get(t, i);
		if (string.len == k->len &&
		    memcmp(string.s, k->s, k->len) == 0) {
			*index = i;
			return true;
		}
	}
	*slot = s;
	return false;
}

bool
strtab_intern_key(struct strtab *t, const struct strtab_key *k,
    uint32_t *index, bool *added)
{
	uint32_t slot, i;

	if (t->slots == NULL && !grow_slots(t))
		return false;
	if (probe(t, k, &slot, index)) {
		*added = false;
		return true;
	}
	if (!array_reserve(&t->offsets, &t->cap, (size_t)t->count + 1,
	    sizeof *t->offsets) ||
	    !cells_reserve(&t->own, cells_size(k->len)))
		return false;
	i = t->count++;
	t->offsets[i] = cells_put(&t->own, k->s, k->len);
	t->slots[slot] = slot_of(t, k->hash, i);
	if (t->count * 2 > t->slot_mask + 1 && !grow_slots(t))
		return false;
	*index = i;
	*added = true;
	return true;
}

void
strtab_prefetch(const struct strtab *t, const struct strtab_key *k,
    enum strtab_stage stage)
{
	const uint32_t *slot;
	uint32_t i;

	if (t->slots == NULL)
		return;
	slot = &t->slots[k->hash & t->slot_mask];
	if (stage == STRTAB_SLOT) {
		__builtin_prefetch(slot);
		return;
	}
	/* Only a string that may be the key is worth fetching. */
	if (*slot == 0 || !slot_may_hold(t, *slot, k->hash))
		return;
	i = slot_index(t, *slot);
	if (stage == STRTAB_ENTRY)
		__builtin_prefetch(&t->offsets[i]);
	else
		__builtin_prefetch(t->own.text + t->offsets[i]);
}

struct text_span
strtab_get(const struct strtab *t, uint32_t index)
{
	return cells_get(&t->own, t->offsets[index]);
}

bool
strtab_find(const struct strtab *t, const char *s, size_t len,
    uint32_t *index)
{
	struct strtab_key k = strtab_key(s, len);
	uint32_t slot;

	return t->slots != NULL && probe(t, &k, &slot, index);
}

/* Rare (a sheet read again): placing the rest anew is simplest. */
bool
strtab_truncate(struct strtab *t, uint32_t count)
{
	if (count >= t->count)
		return true;
	t->own.len = t->offsets[count];
	t->count = count;
	return t->slots == NULL || resize_slots(t, t->slot_bits);
}

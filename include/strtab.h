/*
 * A set of strings, each given a dense index in order of first insertion.
 * Used for staff ids (the staff table's keys), streets (first-appearance
 * order) and unit names (one policy look-up per distinct name).  The table
 * keeps copies of its strings as cells (cells.h); pointers from
 * strtab_get() move when the text grows, so hold indices, not pointers.
 */
#ifndef KAOPING_STRTAB_H
#define KAOPING_STRTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cells.h"
#include "text.h"

/* Text offsets are 32 bits: 4 GiB a table (some 200 million staff ids). */
struct strtab {
	struct cells	 own;		/* the strings */
	uint32_t	*offsets;	/* offsets[i]: string i in the text */
	size_t		 cap;		/* of offsets */
	uint32_t	 count;
	uint32_t	*slots;		/* open addressing, see strtab.c */
	uint32_t	 slot_mask;	/* 2^slot_bits - 1 */
	unsigned	 slot_bits;
};

/* A key with its hash, worked out once for a look-ahead and the look-up. */
struct strtab_key {
	const char	*s;
	size_t		 len;
	uint32_t	 hash;
};

void		 strtab_init(struct strtab *);
void		 strtab_free(struct strtab *);
/*
 * Find s, adding it if it is new.  Returns false only when memory runs
 * out, or the table's text would pass CELLS_MAX.  *index is its index,
 * *added tells whether it was new.
 */
bool		 strtab_intern(struct strtab *, const char *s, size_t len,
		    uint32_t *index, bool *added);
bool		 strtab_intern_key(struct strtab *, const struct strtab_key *,
		    uint32_t *index, bool *added);
/*
 * Make room for count strings in all, so that adding them does not place
 * the strings already there again and again.  False when memory runs out.
 */
bool		 strtab_reserve(struct strtab *, uint32_t count);
uint32_t	 strtab_hash(const char *s, size_t len);
struct strtab_key strtab_key(const char *s, size_t len);
/*
 * Hints, so that a look-up some rows later does not wait for memory: start
 * bringing into the cache the slot a look-up of the key reads first; later
 * (the slot has arrived) the entry it names; later still (the entry has
 * arrived) the entry's text.
 */
enum strtab_stage { STRTAB_SLOT, STRTAB_ENTRY, STRTAB_TEXT };
void		 strtab_prefetch(const struct strtab *,
		    const struct strtab_key *, enum strtab_stage);
/* The index of s, or false when it is not in the table. */
bool		 strtab_find(const struct strtab *, const char *s, size_t len,
		    uint32_t *index);
/*
 * Forget every string from index count on.  Only the strings' indices and
 * slots go; their text stays until the table is freed, unless it is the
 * table's own and nothing follows it (the usual case).
 */
bool		 strtab_truncate(struct strtab *, uint32_t count);
/* The string of an index. */
struct text_span strtab_get(const struct strtab *, uint32_t index);

#endif

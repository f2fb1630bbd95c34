/*
 * Text cells back to back in one growing buffer, each its length and then
 * its bytes, with no terminator.  The length takes seven bits a byte, the
 * lowest first, the top bit set on all but the last byte: one byte for any
 * cell under 128 bytes.  A cell is known by its offset, 32 bits: 4 GiB of
 * cells a buffer.  Pointers into the buffer move when it grows.
 */
#ifndef KAOPING_CELLS_H
#define KAOPING_CELLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text.h"

#define CELLS_MAX	UINT32_MAX

struct cells {
	char		*text;
	size_t		 len, cap;
};

/* The room a cell of len bytes takes. */
static inline size_t
cells_size(size_t len)
{
	size_t n = len + 1;

	for (; len >= 0x80; len >>= 7)
		n++;
	return n;
}

/*
 * Make room for need more bytes (see cells_size).  False when memory runs
 * out, or the buffer would pass CELLS_MAX.
 */
bool		cells_reserve(struct cells *, size_t need);
/* Append a cell to room reserved; returns its offset. */
uint32_t	cells_put(struct cells *, const char *, size_t len);

/* The cell at p; returns where the next one begins.  Inline: hot. */
static inline const char *
cells_read(const char *p, struct text_span *out)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t len = 0;
	unsigned shift;

	for (shift = 0; *u & 0x80; u++, shift += 7)
		len |= (size_t)(*u & 0x7F) << shift;
	len |= (size_t)*u++ << shift;
	out->s = (const char *)u;
	out->len = len;
	return out->s + len;
}

/* The cell at offset. */
static inline struct text_span
cells_get(const struct cells *c, uint32_t offset)
{
	struct text_span t;

	cells_read(c->text + offset, &t);
	return t;
}

void		cells_free(struct cells *);

#endif

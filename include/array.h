/*
 * Growable arrays: a pointer, the items it has room for, and the items in
 * use, kept by the caller.  One way to grow them all.
 */
#ifndef KAOPING_ARRAY_H
#define KAOPING_ARRAY_H

#include <stdbool.h>
#include <stddef.h>

/* array_reserve's work when there is not room: always reallocates. */
bool	array_grow(void *array, size_t *cap, size_t need, size_t size);

/*
 * Make room for need items of size bytes in the array at *(void **)array,
 * which has room for *cap: the room doubles, from 16 items, until it is
 * enough.  An array without room gets some even for none, so the pointer
 * is never NULL after a success.  False, with the array as it was, when
 * memory runs out or the bytes would not fit in a size_t.  Inline, as the
 * reader asks for every cell and there is room nearly always.
 */
static inline bool
array_reserve(void *array, size_t *cap, size_t need, size_t size)
{
	return (need <= *cap && *cap > 0) || array_grow(array, cap, need,
	    size);
}

#endif

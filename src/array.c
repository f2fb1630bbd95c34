#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "array.h"

#define FIRST_ROOM	16

bool
array_grow(void *array, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap == 0 ? FIRST_ROOM : *cap;
	void *p;

	if (need > SIZE_MAX / size)
		return false;
	while (n < need)
		n = n <= SIZE_MAX / size / 2 ? n * 2 : need;
	if (n > SIZE_MAX / size)	/* only the first room can be too big */
		n = need;
	if ((p = realloc(*(void **)array, n * size)) == NULL)
		return false;
	*(void **)array = p;
	*cap = n;
	return true;
}

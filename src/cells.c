#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "cells.h"

bool
cells_reserve(struct cells *c, size_t need)
{
	return need <= CELLS_MAX - c->len &&
	    array_reserve(&c->text, &c->cap, c->len + need, 1);
}

uint32_t
cells_put(struct cells *c, const char *s, size_t len)
{
	uint32_t offset = (uint32_t)c->len;
	unsigned char *p = (unsigned char *)c->text + c->len;
	size_t n;

	for (n = len; n >= 0x80; n >>= 7)
		*p++ = (unsigned char)(n | 0x80);
	*p++ = (unsigned char)n;
	if (len > 0)
		memcpy(p, s, len);
	c->len = (size_t)((char *)p - c->text) + len;
	return offset;
}

void
cells_free(struct cells *c)
{
	free(c->text);
	memset(c, 0, sizeof *c);
}

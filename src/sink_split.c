#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "sink.h"

struct route {
	char		*street;
	size_t		 len;
	struct sink	*sink;
};

/*
 * Rows come grouped by street, so the route of the row before is nearly
 * always the one: it is tried first.
 */
struct split_sink {
	struct sink	 base;
	size_t		 street_col;
	struct route	*routes;
	size_t		 count, cap, last;
};

static struct sink *
route_of(struct split_sink *p, const struct text_span *street)
{
	size_t i;

	for (i = 0; i < p->count; i++) {
		struct route *r = &p->routes[(p->last + i) % p->count];

		if (r->len == street->len && memcmp(r->street, street->s,
		    street->len) == 0) {
			p->last = (p->last + i) % p->count;
			return r->sink;
		}
	}
	abort();	/* every street's sink is added before any row */
}

static int
split_row(struct sink *s, const struct text_span *cells)
{
	struct split_sink *p = (struct split_sink *)s;

	return sink_row(route_of(p, &cells[p->street_col]), cells);
}

/* Every file is completed, even after one fails: each says why. */
static int
split_finish(struct sink *s)
{
	struct split_sink *p = (struct split_sink *)s;
	size_t i;
	int status = 0, st;

	for (i = 0; i < p->count; i++)
		if ((st = sink_finish(p->routes[i].sink)) != 0 && status == 0)
			status = st;
	return status;
}

static void
split_free(struct sink *s)
{
	struct split_sink *p = (struct split_sink *)s;
	size_t i;

	for (i = 0; i < p->count; i++) {
		sink_free(&p->routes[i].sink);
		free(p->routes[i].street);
	}
	free(p->routes);
	free(p);
}

static const struct sink_ops split_ops = { split_row, split_finish,
    split_free };

struct sink *
sink_split_new(const struct out_schema *schema, size_t street_col)
{
	struct split_sink *p;

	if ((p = calloc(1, sizeof *p)) == NULL)
		return NULL;
	p->base.ops = &split_ops;
	p->base.schema = schema;
	p->street_col = street_col;
	return &p->base;
}

bool
sink_split_add(struct sink *s, const char *street, size_t len,
    struct sink *child)
{
	struct split_sink *p = (struct split_sink *)s;
	struct route *r;

	if (!array_reserve(&p->routes, &p->cap, p->count + 1, sizeof *r))
		return false;
	r = &p->routes[p->count];
	if ((r->street = malloc(len + 1)) == NULL)
		return false;
	memcpy(r->street, street, len);
	r->street[len] = '\0';
	r->len = len;
	r->sink = child;
	p->count++;
	return true;
}

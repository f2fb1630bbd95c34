#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "header.h"
#include "text.h"

static bool
is_named(const struct column *c, const struct field *f)
{
	size_t i;

	for (i = 0; c->names[i] != NULL; i++)
		if (text_equal_nocase(f->data, f->len, c->names[i]))
			return true;
	return false;
}

static void
list_names(char *out, size_t size, const struct column *c)
{
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; c->names[i] != NULL && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%s",
		    i > 0 ? ", " : "", c->names[i]);
}

bool
header_map(const struct record *rec, const struct column *cols, size_t n,
    size_t *where, struct diag *d, const char *file)
{
	char names[256];
	bool ok = true;
	size_t i, f;

	for (i = 0; i < n; i++) {
		list_names(names, sizeof names, &cols[i]);
		where[i] = HEADER_ABSENT;
		for (f = 0; f < rec->count; f++) {
			if (!is_named(&cols[i], &rec->fields[f]))
				continue;
			if (where[i] == HEADER_ABSENT) {
				where[i] = f;
				continue;
			}
			diag_error(d, file, rec->line, "column %s is given "
			    "twice, as columns %zu and %zu (accepted names: "
			    "%s)", cols[i].names[0], where[i] + 1, f + 1,
			    names);
			ok = false;
		}
		if (where[i] == HEADER_ABSENT && cols[i].required) {
			diag_error(d, file, rec->line, "missing column %s "
			    "(accepted names: %s)", cols[i].names[0], names);
			ok = false;
		}
	}
	return ok;
}

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "header.h"
#include "i18n.h"
#include "text.h"

bool
header_names(const struct in_column *c, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < SCHEMA_MAX_NAMES && c->names[i] != NULL; i++)
		if (text_equal_nocase(s, len, c->names[i]))
			return true;
	return false;
}

#define JOINED_SIZE	256

/*
 * The cell without its line breaks (Alt+Enter in a header cell) into
 * joined; false if it has none, or is too long to be a name.
 */
static bool
join_lines(const struct cell *cell, char joined[JOINED_SIZE], size_t *n)
{
	size_t i;

	if (cell->len >= JOINED_SIZE ||
	    (memchr(cell->s, '\n', cell->len) == NULL &&
	    memchr(cell->s, '\r', cell->len) == NULL))
		return false;
	for (*n = 0, i = 0; i < cell->len; i++)
		if (cell->s[i] != '\n' && cell->s[i] != '\r')
			joined[(*n)++] = cell->s[i];
	joined[*n] = '\0';
	return true;
}

static bool
names_without_breaks(const struct in_column *c, const struct cell *cell)
{
	char joined[JOINED_SIZE];
	size_t n;

	return join_lines(cell, joined, &n) && header_names(c, joined, n);
}

static bool
is_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

void
header_match(const struct record *rec, const struct in_column *cols,
    size_t n, struct header_match *m)
{
	const struct cell *cell;
	size_t i, f;

	for (i = 0; i < n; i++) {
		m->where[i] = m->twice[i] = m->broken[i] = HEADER_ABSENT;
		m->chinese[i] = false;
		for (f = 0; f < rec->count; f++) {
			cell = &rec->cells[f];
			if (names_without_breaks(&cols[i], cell)) {
				m->broken[i] = f;
				continue;
			}
			if (!header_names(&cols[i], cell->s, cell->len))
				continue;
			if (m->where[i] != HEADER_ABSENT) {
				if (m->twice[i] == HEADER_ABSENT)
					m->twice[i] = f;
				continue;
			}
			m->where[i] = f;
			m->chinese[i] = !is_ascii(cell->s, cell->len);
		}
	}
}

void
header_list_names(char *out, size_t size, const struct in_column *c)
{
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < SCHEMA_MAX_NAMES && c->names[i] != NULL &&
	    used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%s",
		    i > 0 ? ", " : "", c->names[i]);
}

bool
header_report(const struct header_match *m, const struct record *rec,
    const struct in_column *cols, size_t n, const char *file,
    struct diag *d)
{
	char names[256], excerpt[TEXT_EXCERPT_SIZE], joined[JOINED_SIZE];
	const struct cell *cell;
	bool ok = true;
	size_t i, joined_len;

	for (i = 0; i < n; i++) {
		header_list_names(names, sizeof names, &cols[i]);
		if (m->broken[i] != HEADER_ABSENT) {
			cell = &rec->cells[m->broken[i]];
			join_lines(cell, joined, &joined_len);
			diag_error_at(d, file, rec->line, rec->row,
			    _("header cell \"%s\" (column %zu) holds a line "
			    "break; remove it so the cell reads %s"),
			    text_excerpt(excerpt, cell->s, cell->len),
			    m->broken[i] + 1, joined);
			ok = false;
		} else if (m->twice[i] != HEADER_ABSENT) {
			diag_error_at(d, file, rec->line, rec->row,
			    _("column %s is given twice, as columns %zu and "
			    "%zu (accepted names: %s)"), cols[i].names[0],
			    m->where[i] + 1, m->twice[i] + 1, names);
			ok = false;
		} else if (m->where[i] == HEADER_ABSENT && cols[i].required) {
			diag_error_at(d, file, rec->line, rec->row,
			    _("missing column %s (accepted names: %s)"),
			    cols[i].names[0], names);
			ok = false;
		}
	}
	return ok;
}

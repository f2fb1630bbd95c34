#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "i18n.h"
#include "source.h"

/*
 * Until the CSV source of csvsource.h is in, sheets are read through the
 * first version's reader, whose records are renamed here.
 */
#define record	old_record
#define field	old_field
#include "reader.h"
#undef record
#undef field

const char *
source_display_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

int
source_check(const char *path, struct diag *d)
{
	FILE *fp;

	if (strcmp(path, "-") == 0)
		return 0;
	if ((fp = reader_open(path, d)) == NULL)
		return EX_NOINPUT;
	fclose(fp);
	return 0;
}

struct adapter {
	const struct source_target *target;
	struct cell	*cells;
	size_t		 cap;
	struct record	*recs;
	size_t		 recs_cap;
};

static int
adapt(void *ctx, const struct old_record *old, size_t count)
{
	struct adapter *a = ctx;
	size_t i, f, n = 0;

	for (i = 0; i < count; i++)
		n += old[i].count;
	if (n > a->cap) {
		free(a->cells);
		if ((a->cells = malloc(n * sizeof *a->cells)) == NULL)
			return EX_OSERR;
		a->cap = n;
	}
	if (count > a->recs_cap) {
		free(a->recs);
		if ((a->recs = malloc(count * sizeof *a->recs)) == NULL)
			return EX_OSERR;
		a->recs_cap = count;
	}
	for (i = 0, n = 0; i < count; i++) {
		a->recs[i].cells = a->cells + n;
		a->recs[i].count = old[i].count;
		a->recs[i].line = a->recs[i].row = old[i].line;
		for (f = 0; f < old[i].count; f++, n++) {
			a->cells[n].s = old[i].fields[f].data;
			a->cells[n].len = old[i].fields[f].len;
			a->cells[n].kind = CELL_TEXT;
		}
	}
	return a->target->records(a->target->ctx, a->recs, count);
}

int
source_read(const char *path, const char *name, const char *encoding,
    const struct source_target *target, struct source_facts *facts,
    struct diag *d)
{
	struct adapter a = { target, NULL, 0, NULL, 0 };
	struct reader *r;
	FILE *fp;
	int status;

	memset(facts, 0, sizeof *facts);
	snprintf(facts->encoding, sizeof facts->encoding, "%s",
	    encoding != NULL ? encoding : "UTF-8");
	if ((fp = reader_open(path, d)) == NULL)
		return EX_NOINPUT;
	if ((r = reader_new(name, encoding, adapt, &a, d)) == NULL)
		status = EX_OSERR;
	else
		status = reader_read_stream(r, fp);
	reader_free(r);
	free(a.cells);
	free(a.recs);
	if (fp != stdin)
		fclose(fp);
	return status;
}

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "i18n.h"
#include "source.h"
#include "xlsx.h"

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

static int
read_csv(int fd, const char *name, const char *encoding,
    const struct source_target *target, struct source_facts *facts,
    struct diag *d)
{
	struct adapter a = { target, NULL, 0, NULL, 0 };
	struct reader *r;
	FILE *fp;
	int status;

	snprintf(facts->encoding, sizeof facts->encoding, "%s",
	    encoding != NULL ? encoding : "UTF-8");
	if ((fp = fdopen(dup(fd), "rb")) == NULL)
		return EX_OSERR;
	if ((r = reader_new(name, encoding, adapt, &a, d)) == NULL)
		status = EX_OSERR;
	else
		status = reader_read_stream(r, fp);
	reader_free(r);
	free(a.cells);
	free(a.recs);
	fclose(fp);
	return status;
}

/* Both reads of the first bytes: an interrupted read is tried again. */
static ssize_t
read_at_start(int fd, unsigned char *buf, size_t size)
{
	ssize_t n;

	while ((n = pread(fd, buf, size, 0)) < 0 && errno == EINTR)
		continue;
	return n;
}

static const unsigned char zip_magic[] = { 'P', 'K', 3, 4 };
static const unsigned char ole2_magic[] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1,
    0xB1, 0x1A, 0xE1 };

/*
 * A sheet is a workbook when its content begins with a zip signature,
 * whatever its name (SPEC section 9).  Old binary workbooks (.xls, .et)
 * are refused with what to do.  Only a regular file is looked at: a pipe
 * cannot be read twice, and standard input is CSV.
 */
int
source_read(const char *path, const char *name, const char *encoding,
    const struct source_target *target, struct source_facts *facts,
    struct diag *d)
{
	unsigned char head[8];
	struct stat st;
	ssize_t n = 0;
	int fd, status;

	memset(facts, 0, sizeof *facts);
	if (strcmp(path, "-") == 0)
		return read_csv(STDIN_FILENO, name, encoding, target, facts, d);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		diag_error(d, name, 0, _("cannot open: %s"), strerror(errno));
		return EX_NOINPUT;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		diag_error(d, name, 0, _("cannot open: it is a directory"));
		close(fd);
		return EX_NOINPUT;
	}
	if (S_ISREG(st.st_mode))
		n = read_at_start(fd, head, sizeof head);
	if (n >= (ssize_t)sizeof zip_magic &&
	    memcmp(head, zip_magic, sizeof zip_magic) == 0)
		status = xlsx_read(fd, name, target, facts, d);
	else if (n == (ssize_t)sizeof ole2_magic &&
	    memcmp(head, ole2_magic, sizeof ole2_magic) == 0) {
		diag_error(d, name, 0, _("this is an old-style Excel or WPS "
		    "workbook (.xls or .et), which kaoping cannot read; open "
		    "it and save it as .xlsx, or as CSV"));
		status = EX_DATAERR;
	} else
		status = read_csv(fd, name, encoding, target, facts, d);
	close(fd);
	return status;
}

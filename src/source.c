#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "csvsource.h"
#include "i18n.h"
#include "source.h"
#include "xlsx.h"

const char *
source_display_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* Open a sheet's file; a directory cannot be one (SPEC section 7). */
static int
open_sheet(const char *path, struct diag *d, int *fd, struct stat *st)
{
	if ((*fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		diag_error(d, path, 0, _("cannot open: %s"), strerror(errno));
		return EX_NOINPUT;
	}
	if (fstat(*fd, st) == 0 && S_ISDIR(st->st_mode)) {
		diag_error(d, path, 0, _("cannot open: it is a directory"));
		close(*fd);
		return EX_NOINPUT;
	}
	return 0;
}

int
source_check(const char *path, struct diag *d)
{
	struct stat st;
	int fd, status;

	if (strcmp(path, "-") == 0)
		return 0;
	if ((status = open_sheet(path, d, &fd, &st)) == 0)
		close(fd);
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
		return csv_read(STDIN_FILENO, NULL, 0, name, encoding, target,
		    facts, d);
	if ((status = open_sheet(path, d, &fd, &st)) != 0)
		return status;
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
		status = csv_read(fd, NULL, 0, name, encoding, target, facts,
		    d);
	close(fd);
	return status;
}

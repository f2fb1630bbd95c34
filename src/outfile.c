#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "diag.h"
#include "outfile.h"

#define MAX_TEMPS	8	/* kaoping opens three outputs at most */

/* Temporary files to remove if a signal ends the run; read by handler. */
static char *volatile temps[MAX_TEMPS];

static void
remove_temps_and_die(int sig)
{
	size_t i;

	for (i = 0; i < MAX_TEMPS; i++)
		if (temps[i] != NULL)
			unlink(temps[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void
outfile_catch_signals(void)
{
	static const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = remove_temps_and_die;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < sizeof signals / sizeof signals[0]; i++)
		sigaction(signals[i], &sa, NULL);
}

static bool
track(char *temp)
{
	size_t i;

	for (i = 0; i < MAX_TEMPS; i++)
		if (temps[i] == NULL) {
			temps[i] = temp;
			return true;
		}
	return false;
}

static void
untrack(const char *temp)
{
	size_t i;

	for (i = 0; i < MAX_TEMPS; i++)
		if (temps[i] == temp)
			temps[i] = NULL;
}

/* "dir/.name.XXXXXX" beside path, for mkstemp. */
static char *
temp_template(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash == NULL ? 0 : (size_t)(slash - path) + 1;
	const char *base = path + dirlen;
	char *t;

	if (asprintf(&t, "%.*s.%s.XXXXXX", (int)dirlen, path, base) < 0)
		return NULL;
	return t;
}

static int
open_temp(struct outfile *o, struct diag *d)
{
	mode_t mask;
	int fd;

	if ((o->temp = temp_template(o->path)) == NULL) {
		diag_error(d, o->path, 0, "out of memory");
		return EX_CANTCREAT;
	}
	if ((fd = mkstemp(o->temp)) < 0) {
		diag_error(d, o->path, 0, "cannot create a file in its "
		    "folder: %s", strerror(errno));
		free(o->temp);
		o->temp = NULL;
		return EX_CANTCREAT;
	}
	if (!track(o->temp)) {
		close(fd);
		outfile_discard(o);
		return EX_CANTCREAT;
	}
	/* mkstemp makes it 0600; give it the mode a new file would get. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 ||
	    (o->fp = fdopen(fd, "w")) == NULL) {
		diag_error(d, o->path, 0, "cannot create: %s",
		    strerror(errno));
		close(fd);
		outfile_discard(o);
		return EX_CANTCREAT;
	}
	return 0;
}

int
outfile_open(struct outfile *o, const char *path, struct diag *d)
{
	struct stat st;

	o->path = path;
	o->temp = NULL;
	o->fp = NULL;
	if (strcmp(path, "-") == 0) {
		o->fp = stdout;
		return 0;
	}
	/* A symbolic link is replaced like a file, never followed. */
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISLNK(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			diag_error(d, path, 0, "cannot write: it is a "
			    "directory");
			return EX_CANTCREAT;
		}
		if ((o->fp = fopen(path, "w")) == NULL) {
			diag_error(d, path, 0, "cannot open: %s",
			    strerror(errno));
			return EX_CANTCREAT;
		}
		return 0;
	}
	return open_temp(o, d);
}

int
outfile_close(struct outfile *o, struct diag *d)
{
	int failed;

	if (o->fp == NULL)
		return 0;
	if (o->fp == stdout) {
		failed = fflush(stdout) != 0 || ferror(stdout);
		o->fp = NULL;
	} else {
		failed = fflush(o->fp) != 0 || ferror(o->fp) ||
		    (o->temp != NULL && fsync(fileno(o->fp)) != 0);
		failed = fclose(o->fp) != 0 || failed;
		o->fp = NULL;
	}
	if (failed) {
		diag_error(d, o->path, 0, "write error: %s", strerror(errno));
		return EX_IOERR;
	}
	return 0;
}

void
outfile_start_writeback(FILE *fp)
{
	(void)sync_file_range(fileno(fp), 0, 0, SYNC_FILE_RANGE_WRITE);
}

bool
outfile_is_renamed(const struct outfile *o)
{
	return o->temp != NULL;
}

int
outfile_commit(struct outfile *o, struct diag *d)
{
	if (o->temp == NULL)
		return 0;
	if (rename(o->temp, o->path) != 0) {
		diag_error(d, o->path, 0, "cannot replace: %s",
		    strerror(errno));
		outfile_discard(o);
		return EX_IOERR;
	}
	untrack(o->temp);
	free(o->temp);
	o->temp = NULL;
	return 0;
}

void
outfile_discard(struct outfile *o)
{
	if (o->fp != NULL && o->fp != stdout)
		fclose(o->fp);
	o->fp = NULL;
	if (o->temp != NULL) {
		unlink(o->temp);
		untrack(o->temp);
		free(o->temp);
		o->temp = NULL;
	}
}

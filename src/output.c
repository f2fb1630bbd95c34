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

#include "array.h"
#include "diag.h"
#include "i18n.h"
#include "output.h"

/*
 * A first, plain form of the output module: a temporary file beside each
 * regular output, renamed over it at commit; standard output and other
 * non-regular files written directly.  Paths are compared by spelling.
 */
#define MAX_TEMPS	64

static char *volatile temps[MAX_TEMPS];

struct output {
	char		*path;
	char		*temp;		/* NULL when written directly */
	char		 proc_name[64];
	FILE		*fp;
	bool		 spooled;	/* standard output, copied at commit */
};

struct outset {
	struct diag	*diag;
	char		**inputs;
	size_t		 ninputs, inputs_cap;
	char		**claimed;
	size_t		 nclaimed, claimed_cap;
	struct output	**outputs;
	size_t		 count, cap;
};

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
output_catch_signals(void)
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

static void
track(char *temp, bool on)
{
	size_t i;

	for (i = 0; i < MAX_TEMPS; i++)
		if (on ? temps[i] == NULL : temps[i] == temp) {
			temps[i] = on ? temp : NULL;
			return;
		}
}

struct outset *
outset_new(struct diag *d)
{
	struct outset *set = calloc(1, sizeof *set);

	if (set == NULL)
		diag_out_of_memory(d);
	else
		set->diag = d;
	return set;
}

static void
discard(struct output *o)
{
	if (o->fp != NULL)
		fclose(o->fp);
	o->fp = NULL;
	if (o->temp != NULL) {
		unlink(o->temp);
		track(o->temp, false);
		free(o->temp);
		o->temp = NULL;
	}
}

void
outset_free(struct outset *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->count; i++) {
		discard(set->outputs[i]);
		free(set->outputs[i]->path);
		free(set->outputs[i]);
	}
	for (i = 0; i < set->ninputs; i++)
		free(set->inputs[i]);
	for (i = 0; i < set->nclaimed; i++)
		free(set->claimed[i]);
	free(set->inputs);
	free(set->claimed);
	free(set->outputs);
	free(set);
}

static int
remember(struct outset *set, char ***list, size_t *n, size_t *cap,
    const char *path)
{
	if (!array_reserve(list, cap, *n + 1, sizeof **list) ||
	    ((*list)[*n] = strdup(path)) == NULL)
		return diag_out_of_memory(set->diag);
	++*n;
	return 0;
}

int
outset_add_input(struct outset *set, const char *path)
{
	return remember(set, &set->inputs, &set->ninputs, &set->inputs_cap,
	    path);
}

int
outset_claim(struct outset *set, const char *path, const char *option)
{
	size_t i;

	for (i = 0; i < set->nclaimed; i++)
		if (strcmp(set->claimed[i], path) == 0) {
			diag_error(set->diag, NULL, 0, _("%s is given for two "
			    "outputs"), path);
			return EX_USAGE;
		}
	for (i = 0; i < set->ninputs && strcmp(path, "-") != 0; i++)
		if (strcmp(set->inputs[i], path) == 0) {
			diag_error(set->diag, NULL, 0, _("%s %s is also an "
			    "input; it would be overwritten"), option, path);
			return EX_USAGE;
		}
	return remember(set, &set->claimed, &set->nclaimed,
	    &set->claimed_cap, path);
}

static int
open_temp(struct outset *set, struct output *o)
{
	const char *slash = strrchr(o->path, '/');
	size_t dirlen = slash == NULL ? 0 : (size_t)(slash - o->path) + 1;
	mode_t mask;
	int fd;

	if (asprintf(&o->temp, "%.*s.%s.XXXXXX", (int)dirlen, o->path,
	    o->path + dirlen) < 0) {
		o->temp = NULL;
		return diag_out_of_memory(set->diag);
	}
	if ((fd = mkstemp(o->temp)) < 0) {
		diag_error(set->diag, o->path, 0, _("cannot create a file in "
		    "its folder: %s"), strerror(errno));
		free(o->temp);
		o->temp = NULL;
		return EX_CANTCREAT;
	}
	track(o->temp, true);
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 ||
	    (o->fp = fdopen(fd, "w")) == NULL) {
		diag_error(set->diag, o->path, 0, _("cannot create: %s"),
		    strerror(errno));
		close(fd);
		return EX_CANTCREAT;
	}
	snprintf(o->proc_name, sizeof o->proc_name, "/proc/self/fd/%d", fd);
	return 0;
}

int
outset_open(struct outset *set, const char *path, struct output **out)
{
	struct output *o;
	struct stat st;

	if (!array_reserve(&set->outputs, &set->cap, set->count + 1,
	    sizeof *set->outputs) || (o = calloc(1, sizeof *o)) == NULL)
		return diag_out_of_memory(set->diag);
	set->outputs[set->count++] = o;
	if ((o->path = strdup(path)) == NULL)
		return diag_out_of_memory(set->diag);
	*out = o;
	if (strcmp(path, "-") == 0) {
		if ((o->fp = tmpfile()) == NULL) {
			diag_error(set->diag, "<stdout>", 0, _("cannot create: "
			    "%s"), strerror(errno));
			return EX_CANTCREAT;
		}
		o->spooled = true;
		snprintf(o->proc_name, sizeof o->proc_name, "/proc/self/fd/%d",
		    fileno(o->fp));
		return 0;
	}
	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		diag_error(set->diag, path, 0, _("cannot write: it is a "
		    "directory"));
		return EX_CANTCREAT;
	}
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISLNK(st.st_mode)) {
		if ((o->fp = fopen(path, "w")) == NULL) {
			diag_error(set->diag, path, 0, _("cannot open: %s"),
			    strerror(errno));
			return EX_CANTCREAT;
		}
		snprintf(o->proc_name, sizeof o->proc_name, "%s", path);
		return 0;
	}
	return open_temp(set, o);
}

FILE *
output_stream(struct output *o)
{
	return o->fp;
}

const char *
output_file_name(const struct output *o)
{
	return o->proc_name;
}

const char *
output_display_name(const struct output *o)
{
	return strcmp(o->path, "-") == 0 ? "<stdout>" : o->path;
}

/* The spool of standard output, copied out. */
static bool
copy_spool(FILE *spool)
{
	char buf[65536];
	size_t n;

	if (fflush(spool) != 0 || fseek(spool, 0, SEEK_SET) != 0)
		return false;
	while ((n = fread(buf, 1, sizeof buf, spool)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			return false;
	return !ferror(spool) && fflush(stdout) == 0 && !ferror(stdout);
}

static int
close_output(struct outset *set, struct output *o)
{
	bool failed;

	if (o->spooled)
		failed = !copy_spool(o->fp);
	else
		failed = fflush(o->fp) != 0 || ferror(o->fp) ||
		    (o->temp != NULL && fsync(fileno(o->fp)) != 0);
	failed = fclose(o->fp) != 0 || failed;
	o->fp = NULL;
	if (failed) {
		diag_error(set->diag, output_display_name(o), 0,
		    _("write error: %s"), strerror(errno));
		return EX_IOERR;
	}
	return 0;
}

int
outset_commit(struct outset *set)
{
	size_t i;
	int status;

	for (i = 0; i < set->count; i++)
		if (!set->outputs[i]->spooled &&
		    (status = close_output(set, set->outputs[i])) != 0)
			return status;
	for (i = 0; i < set->count; i++) {
		struct output *o = set->outputs[i];

		if (o->temp == NULL)
			continue;
		if (rename(o->temp, o->path) != 0) {
			diag_error(set->diag, o->path, 0, _("cannot replace: "
			    "%s"), strerror(errno));
			return EX_IOERR;
		}
		track(o->temp, false);
		free(o->temp);
		o->temp = NULL;
	}
	for (i = 0; i < set->count; i++)
		if (set->outputs[i]->spooled &&
		    (status = close_output(set, set->outputs[i])) != 0)
			return status;
	return 0;
}

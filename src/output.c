/*
 * Opening outputs: deciding, from what is at the path, whether an output
 * is renamed into place or written directly, making its temporary file or
 * spool, and the stream the writers use.  The identity checks are in
 * output_claim.c, the commit in output_commit.c, the signal handlers in
 * output_signal.c.
 */
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>

#include <linux/magic.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "array.h"
#include "diag.h"
#include "i18n.h"
#include "output.h"
#include "output_impl.h"

#define TEMP_PREFIX	".kaoping-"
#define TEMP_RANDOM	6
/* ".kaoping-XXXXXX-": what a temporary name adds to the output's name. */
#define TEMP_EXTRA	(sizeof TEMP_PREFIX - 1 + TEMP_RANDOM + 1)
#define TEMP_TRIES	100
#define STREAM_BUFFER	(64 * 1024)

const char *
output_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash == NULL ? path : slash + 1;
}

char *
output_folder(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* The longest name the folder takes: its own limit, at most NAME_MAX. */
static size_t
name_limit(int dirfd)
{
	long max = fpathconf(dirfd, _PC_NAME_MAX);

	return max <= 0 || max > NAME_MAX ? NAME_MAX : (size_t)max;
}

/*
 * Six letters and digits, from the kernel's random source; should that
 * fail (very early at boot), from the clock, which serves as well, since
 * the file is created exclusively and another name is tried on a clash.
 */
static void
random_letters(char out[TEMP_RANDOM])
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789";
	static unsigned long calls;
	unsigned char bytes[TEMP_RANDOM];
	struct timespec ts;
	unsigned long mix;
	size_t i;

	if (getrandom(bytes, sizeof bytes, GRND_NONBLOCK) !=
	    (ssize_t)sizeof bytes) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		mix = (unsigned long)ts.tv_nsec ^
		    (unsigned long)getpid() << 20 ^ ++calls * 2654435761UL;
		for (i = 0; i < sizeof bytes; i++)
			bytes[i] = (unsigned char)(mix >> (i * 5));
	}
	for (i = 0; i < TEMP_RANDOM; i++)
		out[i] = set[bytes[i] % (sizeof set - 1)];
}

void
output_temp_name(char buf[NAME_MAX + 1], const char *name, size_t limit)
{
	char letters[TEMP_RANDOM];
	size_t keep = strlen(name);

	if (limit < TEMP_EXTRA)
		keep = 0;
	else if (keep > limit - TEMP_EXTRA)
		keep = limit - TEMP_EXTRA;
	/* Cut before a UTF-8 continuation byte, never inside a character. */
	while (keep > 0 && name[keep] != '\0' &&
	    ((unsigned char)name[keep] & 0xC0) == 0x80)
		keep--;
	random_letters(letters);
	snprintf(buf, NAME_MAX + 1, "%s%.*s-%.*s", TEMP_PREFIX, TEMP_RANDOM,
	    letters, (int)keep, name);
}

/*
 * Create a temporary file for name in the folder dirfd, readable only by
 * its owner, and track it for the signal handlers from the moment it
 * exists.  A descriptor, or -1 with errno set.
 */
static int
create_temp(int dirfd, const char *name, struct temp_entry *t)
{
	size_t limit = name_limit(dirfd);
	sigset_t saved;
	int fd, tries, error = EEXIST;

	for (tries = 0; tries < TEMP_TRIES && error == EEXIST; tries++) {
		output_temp_name(t->name, name, limit);
		output_table_hold(&saved);
		fd = openat(dirfd, t->name, O_RDWR | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0600);
		error = errno;
		if (fd >= 0) {
			t->dirfd = dirfd;
			output_track(t);
		}
		output_table_release(&saved);
		if (fd >= 0)
			return fd;
	}
	errno = error;
	return -1;
}

/* Remove a tracked temporary file, and stop tracking it. */
static void
remove_temp(struct temp_entry *t)
{
	sigset_t saved;

	if (!t->tracked)
		return;
	output_table_hold(&saved);
	unlinkat(t->dirfd, t->name, 0);
	output_untrack(t);
	output_table_release(&saved);
}

static int
cannot_create(struct outset *s, struct output *o, int error)
{
	diag_error(s->diag, o->path, 0, _("cannot create: %s"),
	    strerror(error));
	return EX_CANTCREAT;
}

/* EX_CANTCREAT, after saying why (a message already translated). */
static int
refuse(struct outset *s, struct output *o, const char *why)
{
	diag_error(s->diag, o->path, 0, "%s", why);
	return EX_CANTCREAT;
}

/*
 * A file that output takes the place of: a temporary file in the folder,
 * renamed over the path at commit.
 */
static int
open_temp(struct outset *s, struct output *o)
{
	struct stat st;
	char *folder;

	o->name = output_name(o->path);
	if (*o->name == '\0' || strcmp(o->name, ".") == 0 ||
	    strcmp(o->name, "..") == 0)
		return refuse(s, o, _("cannot write: it is a folder; give "
		    "the name of a file in it"));
	if ((folder = output_folder(o->path)) == NULL)
		return diag_out_of_memory(s->diag);
	if ((o->dirfd = open(folder, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) < 0 || fstat(o->dirfd, &st) != 0) {
		diag_error(s->diag, o->path, 0, _("cannot create a file in "
		    "the folder %s: %s"), folder, strerror(errno));
		free(folder);
		return EX_CANTCREAT;
	}
	free(folder);
	o->dir_dev = st.st_dev;
	o->dir_ino = st.st_ino;
	o->name_limit = name_limit(o->dirfd);
	if (strlen(o->name) > o->name_limit)
		return cannot_create(s, o, ENAMETOOLONG);
	if ((o->fd = create_temp(o->dirfd, o->name, &o->temp)) < 0) {
		diag_error(s->diag, o->path, 0, _("cannot create a temporary "
		    "file in its folder: %s"), strerror(errno));
		return EX_CANTCREAT;
	}
	return 0;
}

/*
 * A spool for an output written directly: an unnamed file in $TMPDIR
 * (the name exists only between its creation and the unlink that
 * follows, and is tracked meanwhile), copied to the target at commit.
 */
static int
open_spool(struct outset *s, struct output *o)
{
	const char *dir = getenv("TMPDIR");
	struct temp_entry t = { .tracked = false };
	int dirfd;

	o->direct = true;
	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if ((dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    (o->fd = create_temp(dirfd, strcmp(o->path, "-") == 0 ? "stdout" :
	    output_name(o->path), &t)) < 0) {
		diag_error(s->diag, o->display, 0, _("cannot create a "
		    "temporary file in %s: %s"), dir, strerror(errno));
		if (dirfd >= 0)
			close(dirfd);
		return EX_CANTCREAT;
	}
	remove_temp(&t);
	close(dirfd);
	return 0;
}

/* Whether st is the file open as descriptor fd. */
static bool
is_descriptor(int fd, const struct stat *st)
{
	struct stat fst;

	return fstat(fd, &fst) == 0 && fst.st_dev == st->st_dev &&
	    fst.st_ino == st->st_ino;
}

/* "63" as 63; -1 for anything but a plain decimal number. */
static int
parse_descriptor(const char *s)
{
	char *end;
	long v;

	if (!(*s >= '0' && *s <= '9'))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	return *end == '\0' && errno == 0 && v <= INT_MAX ? (int)v : -1;
}

/*
 * The descriptor of the process that the link at path names, by its text
 * (/dev/stdout's "/proc/self/fd/1") or by being an entry of a descriptor
 * folder in /proc (the shell's /dev/fd/63); -1 for any other link.
 */
static int
descriptor_named(const char *path)
{
	static const char *const dirs[] = { "/proc/self/fd/",
	    "/proc/thread-self/fd/", "/dev/fd/" };
	struct statfs fs;
	char text[64], *folder;
	ssize_t len;
	size_t i, n;
	int fd = -1;

	if ((len = readlink(path, text, sizeof text - 1)) >= 0) {
		text[len] = '\0';
		for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
			if (strncmp(text, dirs[i], n = strlen(dirs[i])) == 0)
				return parse_descriptor(text + n);
	}
	if ((folder = output_folder(path)) != NULL &&
	    statfs(folder, &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC)
		fd = parse_descriptor(output_name(path));
	free(folder);
	return fd;
}

/*
 * A symbolic link is replaced like a file, except one that leads to the
 * process's standard output or error (/dev/stdout, /dev/stderr, a link
 * of the clerk's own): that descriptor is written.  A link to any other
 * descriptor, or to a closed one, is refused, never replaced.
 */
static int
open_link(struct outset *s, struct output *o)
{
	struct stat st;
	int named = descriptor_named(o->path);
	bool leads = stat(o->path, &st) == 0;

	if (leads && (named == 1 || named == 2) && is_descriptor(named, &st))
		o->target = named;
	else if (leads && named < 0 && is_descriptor(STDOUT_FILENO, &st))
		o->target = STDOUT_FILENO;
	else if (leads && named < 0 && is_descriptor(STDERR_FILENO, &st))
		o->target = STDERR_FILENO;
	else if (named == 1 || named == 2) {
		diag_error(s->diag, o->path, 0, _("cannot write: it leads to "
		    "descriptor %d (standard output or error), which is not "
		    "open"), named);
		return EX_CANTCREAT;
	} else if (named >= 0) {
		diag_error(s->diag, o->path, 0, _("cannot write: it leads to "
		    "descriptor %d; give a file name, or - for standard "
		    "output"), named);
		return EX_CANTCREAT;
	} else
		return open_temp(s, o);
	return open_spool(s, o);
}

/*
 * A character device or a FIFO, opened without following a link, without
 * creating, truncating or waiting for a reader.  The descriptor decides,
 * not the earlier lstat(): if a regular file or a link was swapped in
 * meanwhile, it is replaced by renaming like any other.
 */
static int
open_device(struct outset *s, struct output *o, bool fifo)
{
	struct stat st;
	int fd, flags;

	if ((fd = open(o->path, O_WRONLY | O_NONBLOCK | O_NOCTTY |
	    O_NOFOLLOW | O_CLOEXEC)) < 0) {
		if (errno == ELOOP || errno == ENOENT)
			return open_temp(s, o);
		if (errno == ENXIO && fifo)
			return refuse(s, o, _("no program is reading this "
			    "named pipe (FIFO); start the reader first, or "
			    "give a file name"));
		return cannot_create(s, o, errno);
	}
	if (fstat(fd, &st) != 0) {
		close(fd);
		return cannot_create(s, o, errno);
	}
	if (S_ISREG(st.st_mode)) {
		close(fd);
		return open_temp(s, o);
	}
	if (!S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode)) {
		close(fd);
		return refuse(s, o, _("cannot write: it is neither a file, "
		    "a character device nor a pipe"));
	}
	if ((flags = fcntl(fd, F_GETFL)) < 0 ||
	    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
		close(fd);
		return cannot_create(s, o, errno);
	}
	o->direct = true;
	if (S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3)) {
		/* The null device keeps nothing: nothing to hold back. */
		o->fd = o->target = fd;
		return 0;
	}
	o->target = fd;
	o->own_target = true;
	return open_spool(s, o);
}

/* Decide from what is at the path how the output is written. */
static int
open_path(struct outset *s, struct output *o)
{
	struct stat st;

	if (lstat(o->path, &st) != 0)
		return errno == ENOENT ? open_temp(s, o) :
		    cannot_create(s, o, errno);
	switch (st.st_mode & S_IFMT) {
	case S_IFREG:
		return open_temp(s, o);
	case S_IFLNK:
		return open_link(s, o);
	case S_IFDIR:
		return refuse(s, o, _("cannot write: it is a folder; give the "
		    "name of a file in it"));
	case S_IFCHR:
	case S_IFIFO:
		return open_device(s, o, S_ISFIFO(st.st_mode));
	default:
		return refuse(s, o, _("cannot write: it is neither a file, a "
		    "character device nor a pipe"));
	}
}

/*
 * The stream's writes, which keep the first error's errno: by commit
 * time, errno no longer says why a buffered write failed.
 */
static ssize_t
stream_write(void *cookie, const char *buf, size_t size)
{
	struct output *o = cookie;
	size_t done = 0;
	ssize_t n;

	while (done < size) {
		if ((n = write(o->fd, buf + done, size - done)) >= 0)
			done += (size_t)n;
		else if (errno != EINTR) {
			if (o->write_error == 0)
				o->write_error = errno;
			break;
		}
	}
	return (ssize_t)done;
}

static int
open_stream(struct outset *s, struct output *o)
{
	cookie_io_functions_t io = { .write = stream_write };

	if ((o->stream = fopencookie(o, "w", io)) == NULL)
		return diag_out_of_memory(s->diag);
	/* Bigger writes than BUFSIZ; if there is no memory, keep BUFSIZ. */
	(void)setvbuf(o->stream, NULL, _IOFBF, STREAM_BUFFER);
	snprintf(o->fd_name, sizeof o->fd_name, "/proc/self/fd/%d", o->fd);
	return 0;
}

static struct output *
output_new(const char *path)
{
	struct output *o = calloc(1, sizeof *o);

	if (o == NULL)
		return NULL;
	if ((o->path = strdup(path)) == NULL) {
		free(o);
		return NULL;
	}
	o->display = strcmp(path, "-") == 0 ? "<stdout>" : o->path;
	o->fd = o->dirfd = o->target = -1;
	return o;
}

/* Remove the output's temporary file if it is still there, and free. */
static void
output_discard(struct output *o)
{
	remove_temp(&o->temp);
	if (o->stream != NULL)
		fclose(o->stream);
	if (o->fd >= 0)
		close(o->fd);
	if (o->dirfd >= 0)
		close(o->dirfd);
	if (o->own_target)
		close(o->target);
	free(o->path);
	free(o);
}

struct outset *
outset_new(struct diag *d)
{
	struct outset *s = calloc(1, sizeof *s);
	mode_t mask;

	if (s == NULL) {
		diag_out_of_memory(d);
		return NULL;
	}
	s->diag = d;
	mask = umask(0);
	umask(mask);
	s->new_mode = 0666 & ~mask;
	return s;
}

void
outset_free(struct outset *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->noutputs; i++)
		output_discard(s->outputs[i]);
	free(s->outputs);
	output_known_free(s->inputs, s->ninputs);
	output_known_free(s->claims, s->nclaims);
	free(s);
}

int
outset_open(struct outset *s, const char *path, struct output **out)
{
	struct output *o;
	int status;

	*out = NULL;
	if (!array_reserve(&s->outputs, &s->outputs_cap, s->noutputs + 1,
	    sizeof *s->outputs) || (o = output_new(path)) == NULL)
		return diag_out_of_memory(s->diag);
	if (*path == '\0') {
		diag_error(s->diag, NULL, 0, "%s", _("an output's file name "
		    "is empty"));
		status = EX_CANTCREAT;
	} else if (strcmp(path, "-") == 0) {
		o->target = STDOUT_FILENO;
		status = open_spool(s, o);
	} else
		status = open_path(s, o);
	if (status == 0)
		status = open_stream(s, o);
	if (status != 0) {
		output_discard(o);
		return status;
	}
	s->outputs[s->noutputs++] = o;
	*out = o;
	return 0;
}

FILE *
output_stream(struct output *o)
{
	return o->stream;
}

const char *
output_file_name(const struct output *o)
{
	return o->fd_name;
}

const char *
output_display_name(const struct output *o)
{
	return o->display;
}

/*
 * The commit of a run's outputs as one set (SPEC section 12): every file
 * complete and synced, the folders locked in a fixed order, each target
 * replaced while the previous file stays reachable, every replacement
 * undone when one fails, the folders synced, and only then the bytes of
 * the outputs written directly.  output.h says what a crash can leave.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "diag.h"
#include "i18n.h"
#include "output.h"
#include "output_impl.h"

#define COPY_BUFFER	(128 * 1024)
#define BACKUP_TRIES	100

static int
write_failed(struct outset *s, const struct output *o, int error)
{
	return diag_write_error(s->diag, o->display, error);
}

/* Everything written reaches the files; the renamed ones, the disk. */
static int
flush_all(struct outset *s)
{
	struct output *o;
	size_t i;

	for (i = 0; i < s->noutputs; i++) {
		o = s->outputs[i];
		errno = EIO;
		if (fflush(o->stream) != 0 || ferror(o->stream) ||
		    o->write_error != 0)
			return write_failed(s, o, o->write_error != 0 ?
			    o->write_error : errno);
		if (!o->direct && fsync(o->fd) != 0)
			return write_failed(s, o, errno);
	}
	return 0;
}

static int
by_folder(const void *a, const void *b)
{
	const struct output *x = *(struct output *const *)a;
	const struct output *y = *(struct output *const *)b;

	if (x->dir_dev != y->dir_dev)
		return x->dir_dev < y->dir_dev ? -1 : 1;
	if (x->dir_ino != y->dir_ino)
		return x->dir_ino < y->dir_ino ? -1 : 1;
	return 0;
}

/*
 * One renamed output per folder, ordered by the folder's device and
 * inode: the order in which every run takes the locks.  *n may be 0.
 */
static struct output **
distinct_folders(struct outset *s, size_t *n)
{
	struct output **f;
	size_t i, kept;

	if ((f = calloc(s->noutputs + 1, sizeof *f)) == NULL)
		return NULL;
	for (i = 0, *n = 0; i < s->noutputs; i++)
		if (!s->outputs[i]->direct)
			f[(*n)++] = s->outputs[i];
	qsort(f, *n, sizeof *f, by_folder);
	for (i = 0, kept = 0; i < *n; i++)
		if (kept == 0 || by_folder(&f[kept - 1], &f[i]) != 0)
			f[kept++] = f[i];
	*n = kept;
	return f;
}

/*
 * flock() on the folder itself, which a second descriptor of the same
 * folder would wait for: hence one per folder.  Where a folder cannot be
 * locked (ENOLCK, or EBADF from NFS's emulation) the commit goes on.
 */
static void
lock_folders(struct output **f, size_t n, int operation)
{
	size_t i;

	for (i = 0; i < n; i++)
		while (flock(f[i]->dirfd, operation) != 0 && errno == EINTR)
			;
}

/*
 * Give the temporary file the target's permission bits, and its owner
 * and group where the process may (EPERM, or EINVAL for an id outside a
 * user namespace, are not errors); a target that is not a regular file
 * gives way to a new file's mode.  0 or an errno.
 */
static int
take_metadata(struct outset *s, struct output *o, const struct stat *st)
{
	mode_t mode = s->new_mode;

	if (S_ISREG(st->st_mode)) {
		if (fchown(o->fd, st->st_uid, st->st_gid) != 0) {
			if (errno != EPERM && errno != EINVAL)
				return errno;
			if (fchown(o->fd, (uid_t)-1, st->st_gid) != 0 &&
			    errno != EPERM && errno != EINVAL)
				return errno;
		}
		mode = st->st_mode & 0777;
	}
	return fchmod(o->fd, mode) != 0 ? errno : 0;
}

/*
 * Where the file system cannot exchange two names: keep the previous file
 * under a backup name, by a second link (the target never disappears) or,
 * when it cannot be linked, by moving it there, then rename.
 */
static int
set_aside_and_rename(struct output *o)
{
	int error = EEXIST, tries;
	bool linked = false;

	for (tries = 0; tries < BACKUP_TRIES && error == EEXIST; tries++) {
		output_temp_name(o->backup, o->name, o->name_limit);
		if (linkat(o->dirfd, o->name, o->dirfd, o->backup, 0) == 0)
			linked = true;
		error = linked ? 0 : errno;
	}
	if (error == EEXIST)
		return error;
	if (!linked && renameat(o->dirfd, o->name, o->dirfd, o->backup) != 0)
		return errno;
	if (renameat(o->dirfd, o->temp.name, o->dirfd, o->name) != 0) {
		error = errno;
		if (linked)
			unlinkat(o->dirfd, o->backup, 0);
		else
			renameat(o->dirfd, o->backup, o->dirfd, o->name);
		return error;
	}
	o->step = STEP_SET_ASIDE;
	return 0;
}

/* Put the output in place of its target.  0 or an errno. */
static int
replace(struct outset *s, struct output *o)
{
	struct stat st;
	int error;

	if (fstatat(o->dirfd, o->name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno != ENOENT)
			return errno;
		if (fchmod(o->fd, s->new_mode) != 0 ||
		    renameat(o->dirfd, o->temp.name, o->dirfd, o->name) != 0)
			return errno;
		o->step = STEP_CREATED;
		return 0;
	}
	/* An exchange would put a folder under the temporary name. */
	if (S_ISDIR(st.st_mode))
		return EISDIR;
	if ((error = take_metadata(s, o, &st)) != 0)
		return error;
	if (renameat2(o->dirfd, o->temp.name, o->dirfd, o->name,
	    RENAME_EXCHANGE) == 0) {
		o->step = STEP_EXCHANGED;
		return 0;
	}
	if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP)
		return set_aside_and_rename(o);
	return errno;
}

/* Say where the previous file of o is kept: kept, in o's folder. */
static void
report_kept(struct outset *s, const struct output *o, const char *kept,
    int error)
{
	diag_error(s->diag, o->path, 0, _("could not put back the previous "
	    "file: %s; it is kept as %.*s%s"), strerror(error),
	    (int)(o->name - o->path), o->path, kept);
}

/* Undo replace(); false (reported) if the previous file stays aside. */
static bool
undo(struct outset *s, struct output *o)
{
	int error;

	switch (o->step) {
	case STEP_NONE:
		return true;
	case STEP_EXCHANGED:
		if (renameat2(o->dirfd, o->temp.name, o->dirfd, o->name,
		    RENAME_EXCHANGE) == 0)
			break;
		/* The previous file is under the temporary name: keep it. */
		error = errno;
		output_untrack(&o->temp);
		report_kept(s, o, o->temp.name, error);
		return false;
	case STEP_CREATED:
		if (renameat(o->dirfd, o->name, o->dirfd, o->temp.name) == 0)
			break;
		diag_error(s->diag, o->path, 0, _("could not remove the new "
		    "file: %s"), strerror(errno));
		return false;
	case STEP_SET_ASIDE:
		if (renameat(o->dirfd, o->backup, o->dirfd, o->name) == 0)
			break;
		report_kept(s, o, o->backup, errno);
		return false;
	}
	o->step = STEP_NONE;
	return true;
}

/* Undo every replacement, the last first; false if one stays undone. */
static bool
undo_all(struct outset *s)
{
	bool ok = true;
	size_t i;

	for (i = s->noutputs; i > 0; i--)
		if (!s->outputs[i - 1]->direct)
			ok = undo(s, s->outputs[i - 1]) && ok;
	return ok;
}

static int
replace_all(struct outset *s)
{
	struct output *o;
	size_t i;
	int error;

	for (i = 0; i < s->noutputs; i++) {
		o = s->outputs[i];
		if (o->direct || (error = replace(s, o)) == 0)
			continue;
		if (undo_all(s))
			diag_error(s->diag, o->path, 0, _("cannot replace the "
			    "file: %s; every output is left as it was"),
			    strerror(error));
		else
			diag_error(s->diag, o->path, 0, _("cannot replace the "
			    "file: %s"), strerror(error));
		return EX_IOERR;
	}
	return 0;
}

/* The renames reach the disk; a folder that cannot be synced is fine. */
static int
sync_folders(struct outset *s, struct output **f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fsync(f[i]->dirfd) != 0 && errno != EINVAL) {
			diag_error(s->diag, f[i]->path, 0, _("cannot sync its "
			    "folder: %s"), strerror(errno));
			undo_all(s);
			return EX_IOERR;
		}
	return 0;
}

/* The set is in: remove the previous files kept for undoing. */
static void
drop_previous(struct outset *s)
{
	const char *previous;
	struct output *o;
	size_t i;

	for (i = 0; i < s->noutputs; i++) {
		o = s->outputs[i];
		previous = o->step == STEP_EXCHANGED ? o->temp.name :
		    o->step == STEP_SET_ASIDE ? o->backup : NULL;
		if (previous != NULL &&
		    unlinkat(o->dirfd, previous, 0) != 0 && errno != ENOENT)
			diag_warn(s->diag, _("%s: could not remove the "
			    "previous file, kept as %.*s%s: %s"), o->path,
			    (int)(o->name - o->path), o->path, previous,
			    strerror(errno));
		output_untrack(&o->temp);
	}
}

/* Write all of buf to fd, waiting when it is non-blocking and full. */
static bool
write_all(int fd, const char *buf, size_t len)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) >= 0) {
			buf += n;
			len -= (size_t)n;
		} else if (errno == EAGAIN)
			(void)poll(&p, 1, -1);
		else if (errno != EINTR)
			return false;
	}
	return true;
}

/*
 * Copy a spool to its direct target, after whatever stdio holds for the
 * same standard descriptor.
 */
static int
copy_spool(struct outset *s, struct output *o, char *buf)
{
	off_t at = 0;
	ssize_t n;

	if (o->target == STDOUT_FILENO || o->target == STDERR_FILENO)
		fflush(o->target == STDOUT_FILENO ? stdout : stderr);
	for (;;) {
		if ((n = pread(o->fd, buf, COPY_BUFFER, at)) == 0)
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || !write_all(o->target, buf, (size_t)n))
			return write_failed(s, o, errno);
		at += n;
	}
}

/* The outputs written directly get their bytes, in order. */
static int
copy_spools(struct outset *s)
{
	char *buf = NULL;
	size_t i;
	int status = 0;

	for (i = 0; i < s->noutputs && status == 0; i++) {
		if (!s->outputs[i]->direct ||
		    s->outputs[i]->fd == s->outputs[i]->target)
			continue;
		if (buf == NULL && (buf = malloc(COPY_BUFFER)) == NULL)
			return diag_out_of_memory(s->diag);
		status = copy_spool(s, s->outputs[i], buf);
	}
	free(buf);
	return status;
}

int
outset_commit(struct outset *s)
{
	struct output **folders;
	sigset_t saved;
	size_t n;
	int status;

	if ((status = flush_all(s)) != 0)
		return status;
	if (output_file_size_limit_reached())
		return diag_write_error(s->diag, NULL, EFBIG);
	if ((folders = distinct_folders(s, &n)) == NULL)
		return diag_out_of_memory(s->diag);
	lock_folders(folders, n, LOCK_EX);
	output_table_hold(&saved);
	if ((status = replace_all(s)) == 0)
		status = sync_folders(s, folders, n);
	output_table_release(&saved);
	/*
	 * Standard output and devices get their bytes once the files are
	 * in, while the previous files are still kept: if that fails (a
	 * full device, a reader gone), the files are put back too.  Signals
	 * are not held here, as a reader may keep kaoping waiting.
	 */
	if (status == 0 && (status = copy_spools(s)) != 0) {
		output_table_hold(&saved);
		if (undo_all(s))
			(void)sync_folders(s, folders, n);
		output_table_release(&saved);
	}
	if (status == 0) {
		output_table_hold(&saved);
		drop_previous(s);
		output_table_release(&saved);
	}
	lock_folders(folders, n, LOCK_UN);
	free(folders);
	return status;
}

/*
 * The outputs of a run, opened, written and committed through one module
 * (SPEC section 12), so that an output can never destroy an input or
 * write where it must not:
 *
 * - identity: every output path is compared with every input (sheets, the
 *   policy) and with every other output by device and inode where the file
 *   exists, by resolved folder and name where it does not; a clash is a
 *   usage error naming both;
 * - a regular file (or a path that does not exist yet) is written to a
 *   temporary file in its folder, readable only by its owner, and renamed
 *   over the target when the whole set is committed; a symbolic link at
 *   the path is replaced, never followed;
 * - standard output ("-"), a character device or a pipe is written
 *   directly, but only at commit time, from a spool, so that a failed run
 *   writes nothing there either (the null device, which keeps nothing,
 *   takes the bytes at once); a FIFO without a reader is an error at
 *   once, not a hang.  A link that leads to the process's own standard
 *   output or error (/dev/stdout, /dev/stderr) is that descriptor, and a
 *   link to a descriptor (/proc/self/fd/N) is never replaced;
 * - the set is committed whole: folders locked in a fixed order, every
 *   temporary file synced and renamed, a failed rename undone by putting
 *   back what was already replaced, folders synced;
 * - the signals of section 12 remove the temporary files.
 *
 * Temporary files are named ".kaoping-XXXXXX-NAME" in the output's folder,
 * XXXXXX being six random letters and digits and NAME the output's own
 * name, cut at its end (on a UTF-8 character boundary) so that the whole
 * stays within the folder's file-name limit.  A spool is made under the
 * same pattern in $TMPDIR (or /tmp) and unlinked at once.  Only SIGKILL or
 * a crash of the machine leaves such a file behind.
 *
 * The commit replaces each target with renameat2(RENAME_EXCHANGE): the
 * previous file then sits under the temporary name until the whole set is
 * in, and an exchange back restores it, inode and all.  Where the file
 * system cannot exchange (NFS, some FUSE file systems) the previous file is
 * first given a second name of the same pattern with link(), or moved
 * there when it cannot be linked, and the new one renamed over the target.
 * A crash in the middle of a commit can therefore leave some outputs new
 * and others old, with each replaced output's previous version kept under
 * a ".kaoping-XXXXXX-NAME" name in its folder (and, in the fallback's
 * moved-aside case, a target missing while its previous version is there).
 *
 * Overlapping runs are serialised by flock(LOCK_EX) on each output folder
 * itself, taken in the order of device and inode; no lock file is made.
 * Where a folder cannot be locked (some NFS setups) the commit goes on
 * without the lock, so runs there are not serialised.
 *
 * An existing output keeps its permission bits (not set-user-ID, set-
 * group-ID or sticky) and, where the process may set them, its owner and
 * group; a new one gets 0666 less the umask.
 *
 * Functions return 0 or a sysexits status, after reporting through the
 * diag given to outset_new(); running out of memory is EX_OSERR.
 */
#ifndef KAOPING_OUTPUT_H
#define KAOPING_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"

struct outset;
struct output;

/*
 * Catch the signals of SPEC section 12, once, before any output opens:
 * SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGALRM, SIGUSR1 and SIGUSR2 remove
 * the temporary files and end the process by the same signal; one that
 * was ignored when the process started stays ignored.  SIGXFSZ is only
 * noted, so that a file-size limit fails the write (EFBIG) and the run
 * ends with EX_IOERR and a message instead of dying silently.
 */
void		 output_catch_signals(void);
/*
 * Whether a write of the process went past the file-size limit (ulimit
 * -f), in any file: outset_commit() then refuses, since a library that
 * writes its own files may not have looked at what its writes returned.
 */
bool		 output_file_size_limit_reached(void);

/*
 * NULL when memory runs out (reported).  Reads the umask, so call it
 * before starting threads that create files.
 */
struct outset	*outset_new(struct diag *);
/* Discards every output not committed, then frees. NULL is allowed. */
void		 outset_free(struct outset *);

/*
 * A sheet the outputs must not touch ("-" and paths that cannot be
 * stat()ed are ignored; they fail later when opened).  A symbolic link
 * counts as the file it leads to.  Two sheets that are the same file are
 * a usage error (EX_USAGE).
 */
int		 outset_add_input(struct outset *, const char *path);
/* The policy file, which the outputs must not touch either. */
int		 outset_add_policy(struct outset *, const char *path);
/*
 * Claim path for an output: EX_USAGE if it is an input or an output
 * already claimed.  option names the option in messages ("-o"); it is
 * borrowed and must outlive the set, as a string literal does.  "-"
 * clashes only with another "-".  Claim every fixed output before
 * reading; an output whose name is made per street, once the name is
 * known, before writing.
 */
int		 outset_claim(struct outset *, const char *path,
		    const char *option);
/*
 * Open a claimed path for writing (path is copied).  *out belongs to the
 * set.  EX_CANTCREAT when it cannot be created: a folder, a missing
 * folder, a FIFO without a reader, a name too long.
 */
int		 outset_open(struct outset *, const char *path,
		    struct output **out);

/* Where to write: a stream of the output's own, fully buffered. */
FILE		*output_stream(struct output *);
/*
 * A name under which a library that opens files by name (libxlsxwriter)
 * writes the same file: /proc/self/fd/N.  Valid until the commit.
 */
const char	*output_file_name(const struct output *);
/* How messages name the output (its path, "<stdout>" for "-"). */
const char	*output_display_name(const struct output *);

/*
 * Every output has been written: flush, sync and rename them all, or none
 * (EX_IOERR, with whatever was replaced put back).  Standard output and
 * devices get their bytes after the renames; a failure there (EX_IOERR)
 * leaves the renamed files in place.  Call it once.
 */
int		 outset_commit(struct outset *);

#endif

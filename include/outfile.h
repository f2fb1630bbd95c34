/*
 * Output files that appear whole or not at all.  A regular file (or a path
 * that does not exist yet) is written to a temporary file in the same
 * folder and renamed over the target by outfile_commit(); a failed run
 * calls outfile_discard() and the target is left as it was.  Standard
 * output ("-") and existing non-regular files such as /dev/null or a pipe
 * are written directly, as they cannot be replaced by renaming.
 *
 * SIGINT, SIGTERM, SIGHUP and SIGPIPE remove the temporary files of the
 * open outputs before the process dies.
 */
#ifndef KAOPING_OUTFILE_H
#define KAOPING_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"

struct outfile {
	const char	*path;		/* borrowed */
	char		*temp;		/* NULL when written directly */
	FILE		*fp;
};

/* Catch the signals above once, before any outfile_open(). */
void	outfile_catch_signals(void);
/* Returns 0, or EX_CANTCREAT after reporting why. */
int	outfile_open(struct outfile *, const char *path, struct diag *);
/* Flush and close (standard output is flushed only).  0 or EX_IOERR. */
int	outfile_close(struct outfile *, struct diag *);
/*
 * Start writing what fp holds so far to the disk, without waiting, so that
 * the fsync in outfile_close() finds little left to do.  Only a hint:
 * where it cannot apply (a pipe, a terminal) nothing happens.
 */
void	outfile_start_writeback(FILE *);
/* Whether the file will appear by renaming, not be written directly. */
bool	outfile_is_renamed(const struct outfile *);
/* Rename the temporary file over the target.  0 or EX_IOERR. */
int	outfile_commit(struct outfile *, struct diag *);
/* Close and remove the temporary file, if any.  Safe to call twice. */
void	outfile_discard(struct outfile *);

#endif

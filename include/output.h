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
 *   writes nothing there either; a FIFO without a reader is an error at
 *   once, not a hang;
 * - the set is committed whole: folders locked in a fixed order, every
 *   temporary file synced and renamed, a failed rename undone by putting
 *   back what was already replaced, folders synced;
 * - the signals of section 12 remove the temporary files.
 *
 * Functions return 0 or a sysexits status, after reporting through the
 * diag given to outset_new().
 */
#ifndef KAOPING_OUTPUT_H
#define KAOPING_OUTPUT_H

#include <stdio.h>

#include "diag.h"

struct outset;
struct output;

/* Catch the signals of SPEC section 12, once, before any output opens. */
void		 output_catch_signals(void);

/* NULL when memory runs out (reported). */
struct outset	*outset_new(struct diag *);
/* Discards every output not committed, then frees. NULL is allowed. */
void		 outset_free(struct outset *);

/*
 * An input the outputs must not touch: a sheet or the policy ("-" and
 * paths that do not exist are ignored).  Two sheets that are the same
 * file are a usage error (EX_USAGE).
 */
int		 outset_add_input(struct outset *, const char *path);
/*
 * Claim path for an output: EX_USAGE if it is an input or an output
 * already claimed (option names the option in the message, e.g. "-o").
 * Claim every fixed output before reading; an output whose name is made
 * per street, once the name is known, before writing.
 */
int		 outset_claim(struct outset *, const char *path,
		    const char *option);
/*
 * Open a claimed path for writing.  *out belongs to the set.  EX_CANTCREAT
 * when it cannot be created.
 */
int		 outset_open(struct outset *, const char *path,
		    struct output **out);

/* Where to write: a stream of the output's own. */
FILE		*output_stream(struct output *);
/*
 * A name under which a library that opens files by name (libxlsxwriter)
 * writes the same file: /proc/self/fd/N.  Valid until the commit.
 */
const char	*output_file_name(const struct output *);
/* How messages name the output (its path, "<stdout>" for "-"). */
const char	*output_display_name(const struct output *);

/*
 * Every output has been written: flush, sync and rename them all, or none.
 * Standard output and devices get their bytes after the renames.
 */
int		 outset_commit(struct outset *);

#endif

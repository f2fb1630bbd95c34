/*
 * Inside the output module: the set and its outputs, shared by output.c
 * (opening and writing), output_claim.c (identity), output_commit.c (the
 * commit) and output_signal.c (the temporary names the signal handlers
 * remove).  Not for other modules.
 */
#ifndef KAOPING_OUTPUT_IMPL_H
#define KAOPING_OUTPUT_IMPL_H

#include <sys/types.h>

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "diag.h"

/*
 * A temporary file's name in a folder, for the signal handlers to remove.
 * dirfd is borrowed and stays open while the entry is tracked.
 */
struct temp_entry {
	struct temp_entry *prev, *next;
	int		 dirfd;
	bool		 tracked;
	char		 name[NAME_MAX + 1];
};

/* What the commit did to a renamed output, so that it can be undone. */
enum output_step {
	STEP_NONE,		/* the target is untouched */
	STEP_EXCHANGED,		/* the temporary name has the previous file */
	STEP_CREATED,		/* there was no previous file */
	STEP_SET_ASIDE		/* the previous file is under backup */
};

struct output {
	char		*path;		/* as given */
	const char	*display;	/* path, or "<stdout>" */
	FILE		*stream;
	int		 fd;		/* the temporary file or the spool */
	int		 write_error;	/* errno of the first failed write */
	char		 fd_name[32];	/* /proc/self/fd/N */
	bool		 direct;	/* spooled, then copied to target */

	/* Renamed outputs. */
	int		 dirfd;		/* the output's folder */
	dev_t		 dir_dev;
	ino_t		 dir_ino;
	const char	*name;		/* the final component of path */
	size_t		 name_limit;	/* the folder's longest name */
	struct temp_entry temp;
	enum output_step step;
	char		 backup[NAME_MAX + 1];

	/* Direct outputs; fd is target itself where there is no spool. */
	int		 target;
	bool		 own_target;	/* closed with the output */
};

/* A file by identity: device and inode, or resolved folder and name. */
struct file_id {
	bool		 exists;
	bool		 is_stdout;	/* "-" */
	dev_t		 dev;
	ino_t		 ino;
	char		*folder;	/* when it does not exist */
	const char	*name;		/* in path, when it does not exist */
};

/* An input or a claimed output, by path and identity. */
struct known_file {
	char		*path;
	const char	*role;		/* the option, or what the input is */
	bool		 is_sheet;
	struct file_id	 id;
};

struct outset {
	struct diag	*diag;
	mode_t		 new_mode;	/* 0666 less the umask */
	struct known_file *inputs;
	size_t		 ninputs, inputs_cap;
	struct known_file *claims;
	size_t		 nclaims, claims_cap;
	struct output	**outputs;
	size_t		 noutputs, outputs_cap;
};

/* The final component of path: "" for "dir/". */
const char *output_name(const char *path);
/* The folder part of path, "." when it has none; NULL without memory. */
char	*output_folder(const char *path);
/*
 * A new ".kaoping-XXXXXX-NAME" for name in a folder that takes names of
 * at most limit bytes.
 */
void	output_temp_name(char buf[NAME_MAX + 1], const char *name,
	    size_t limit);

/* output_claim.c */
void	output_known_free(struct known_file *, size_t n);

/* output_signal.c */
/*
 * Hold the table of temporary names: no handler reads it meanwhile, and
 * the caught signals wait in this thread until output_table_release().
 */
void	output_table_hold(sigset_t *saved);
void	output_table_release(const sigset_t *saved);
/* Add or remove an entry; only while the table is held. */
void	output_track(struct temp_entry *);
void	output_untrack(struct temp_entry *);

#endif

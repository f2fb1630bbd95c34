/*
 * Which file a path is, whatever its spelling, so that an output never
 * lands on an input or on another output (SPEC sections 7 and 12).  An
 * existing file is its device and inode, found through symbolic links as
 * it is read or written through them; a file not there yet is its folder,
 * resolved by realpath(), and its name.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "array.h"
#include "diag.h"
#include "i18n.h"
#include "output.h"
#include "output_impl.h"

/*
 * The identity of k->path (already copied, as the name points into it).
 * A folder that cannot be resolved (missing) stays as spelt; opening the
 * output fails later.
 */
static int
identify(struct outset *s, struct known_file *k)
{
	struct file_id *id = &k->id;
	struct stat st;
	char *folder, *resolved;

	if (strcmp(k->path, "-") == 0) {
		id->is_stdout = true;
		return 0;
	}
	if (stat(k->path, &st) == 0) {
		id->exists = true;
		id->dev = st.st_dev;
		id->ino = st.st_ino;
		return 0;
	}
	if (errno == ENOMEM || (folder = output_folder(k->path)) == NULL)
		return diag_out_of_memory(s->diag);
	if ((resolved = realpath(folder, NULL)) != NULL) {
		free(folder);
		folder = resolved;
	} else if (errno == ENOMEM) {
		free(folder);
		return diag_out_of_memory(s->diag);
	}
	id->folder = folder;
	id->name = output_name(k->path);
	return 0;
}

static bool
same_file(const struct file_id *a, const struct file_id *b)
{
	if (a->is_stdout || b->is_stdout)
		return a->is_stdout && b->is_stdout;
	if (a->exists != b->exists)
		return false;
	if (a->exists)
		return a->dev == b->dev && a->ino == b->ino;
	return strcmp(a->folder, b->folder) == 0 &&
	    strcmp(a->name, b->name) == 0;
}

/* Append path, identified, to the array; NULL after reporting. */
static struct known_file *
add_known(struct outset *s, struct known_file **array, size_t *n,
    size_t *cap, const char *path, const char *role)
{
	struct known_file *k;

	if (!array_reserve(array, cap, *n + 1, sizeof **array)) {
		diag_out_of_memory(s->diag);
		return NULL;
	}
	k = &(*array)[*n];
	memset(k, 0, sizeof *k);
	if ((k->path = strdup(path)) == NULL) {
		diag_out_of_memory(s->diag);
		return NULL;
	}
	k->role = role;
	if (identify(s, k) != 0) {
		free(k->path);
		return NULL;
	}
	(*n)++;
	return k;
}

void
output_known_free(struct known_file *k, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(k[i].path);
		free(k[i].id.folder);
	}
	free(k);
}

/*
 * An input that exists: the outputs are checked against it.  A sheet
 * that is a sheet already given is a usage error.
 */
static int
add_input(struct outset *s, const char *path, bool is_sheet)
{
	struct known_file *k;
	struct stat st;
	size_t i;

	if (strcmp(path, "-") == 0 || stat(path, &st) != 0)
		return 0;
	if ((k = add_known(s, &s->inputs, &s->ninputs, &s->inputs_cap,
	    path, NULL)) == NULL)
		return EX_OSERR;
	k->is_sheet = is_sheet;
	for (i = 0; is_sheet && i + 1 < s->ninputs; i++)
		if (s->inputs[i].is_sheet &&
		    same_file(&s->inputs[i].id, &k->id)) {
			diag_error(s->diag, NULL, 0, _("the same file is "
			    "given twice as a sheet: %s and %s"),
			    s->inputs[i].path, k->path);
			return EX_USAGE;
		}
	return 0;
}

int
outset_add_input(struct outset *s, const char *path)
{
	return add_input(s, path, true);
}

int
outset_add_policy(struct outset *s, const char *path)
{
	return add_input(s, path, false);
}

int
outset_claim(struct outset *s, const char *path, const char *option)
{
	const struct known_file *other;
	struct known_file *k;
	size_t i;

	if ((k = add_known(s, &s->claims, &s->nclaims, &s->claims_cap, path,
	    option)) == NULL)
		return EX_OSERR;
	for (i = 0; i < s->ninputs; i++) {
		other = &s->inputs[i];
		if (!same_file(&other->id, &k->id))
			continue;
		diag_error(s->diag, NULL, 0, other->is_sheet ?
		    _("%s %s is the sheet %s; it would be overwritten") :
		    _("%s %s is the policy file %s; it would be overwritten"),
		    option, path, other->path);
		return EX_USAGE;
	}
	for (i = 0; i + 1 < s->nclaims; i++) {
		other = &s->claims[i];
		if (!same_file(&other->id, &k->id))
			continue;
		if (k->id.is_stdout)
			diag_error(s->diag, NULL, 0, _("%s and %s both write "
			    "to standard output; send one of them to a file"),
			    other->role, option);
		else
			diag_error(s->diag, NULL, 0, _("%s %s and %s %s are "
			    "the same file; one output would overwrite the "
			    "other"), other->role, other->path, option, path);
		return EX_USAGE;
	}
	return 0;
}

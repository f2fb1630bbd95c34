/*
 * The workbook source (SPEC section 9): the first worksheet of an Office
 * Open XML workbook (.xlsx), read with a zip reader and a streaming XML
 * parser, never held whole.  See source.h for what every source promises.
 */
#ifndef KAOPING_XLSX_H
#define KAOPING_XLSX_H

#include <stdint.h>

#include "diag.h"
#include "source.h"

/*
 * Read the workbook on fd, a regular file (the caller's to close; the
 * offset does not matter).  name labels messages.  Returns as
 * source_read().
 */
int	xlsx_read(int fd, const char *name, const struct source_target *,
	    struct source_facts *, struct diag *);

/*
 * For the tests only: refuse workbook parts that inflate past bytes
 * instead of 1 GiB (0 restores 1 GiB), so that a zip bomb can be tried
 * without inflating a gigabyte.  Not thread-safe; the program never
 * calls it.
 */
void	xlsx_set_entry_limit(uint64_t bytes);

#endif

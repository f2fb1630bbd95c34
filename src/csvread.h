/*
 * For the tests of the CSV source: csv_read with reads of read_size bytes
 * at most (0: the usual size), so that every way a sheet can be cut into
 * pieces can be tried.  Not for other modules.
 */
#ifndef KAOPING_CSVREAD_H
#define KAOPING_CSVREAD_H

#include <stddef.h>

#include "diag.h"
#include "source.h"

int	csv_read_sized(int fd, const void *prefix, size_t prefix_len,
	    const char *name, const char *encoding,
	    const struct source_target *, struct source_facts *,
	    struct diag *, size_t read_size);

#endif

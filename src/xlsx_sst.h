/*
 * The shared strings of a workbook (its sharedStrings part): the one part
 * held whole, since cells refer to its items by number.  Items are kept
 * as xlsx_string.h gathers them, not trimmed; the table is bounded by
 * XLSX_SST_MAX_TEXT bytes and XLSX_SST_MAX_ITEMS items.  Not for other
 * modules than the workbook reader's.
 */
#ifndef KAOPING_XLSX_SST_H
#define KAOPING_XLSX_SST_H

#include <stddef.h>
#include <stdint.h>

#include "xlsx_zip.h"

#define XLSX_SST_MAX_TEXT	((size_t)1 << 30)
#define XLSX_SST_MAX_ITEMS	((size_t)1 << 25)

/* len is SOURCE_MAX_CELL + 1 for an item longer than a cell may be. */
struct xlsx_sst_item {
	uint32_t	 offset, len;
};

struct xlsx_sst {
	char		*text;
	size_t		 text_len, text_cap;
	struct xlsx_sst_item *items;
	size_t		 count, cap;
};

void	xlsx_sst_init(struct xlsx_sst *);
void	xlsx_sst_free(struct xlsx_sst *);

/* Read the part into the table.  Returns 0 or a reported status. */
int	xlsx_sst_load(struct xlsx_sst *, struct xlsx_zip *,
	    const struct xlsx_part *);

#endif

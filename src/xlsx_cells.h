/*
 * A worksheet's rows as records (source.h): its XML streamed, each cell
 * read by its type (shared or inline string, number as xlnum.h shows it,
 * boolean, error, the cached value of a formula) and trimmed, the gaps
 * between cells filled with empty ones, rows without a value skipped, and
 * the records handed to the target a batch at a time.  A row or cell out
 * of order, a cell past column XFD, a value that its type cannot hold:
 * each ends the reading, reported at its row and naming its cell.  Not
 * for other modules than the workbook reader's.
 */
#ifndef KAOPING_XLSX_CELLS_H
#define KAOPING_XLSX_CELLS_H

#include "source.h"
#include "xlsx_sst.h"
#include "xlsx_zip.h"

/* Returns 0, a reported status, or what the target returned. */
int	xlsx_cells_read(struct xlsx_zip *, const struct xlsx_part *sheet,
	    const struct xlsx_sst *, const struct source_target *);

#endif

/*
 * Where a workbook keeps what kaoping reads: the first worksheet, in the
 * order of the workbook part (xl/workbook.xml) and found through its
 * relationships (xl/_rels/workbook.xml.rels), and the shared strings.
 * Tells a workbook from other zip files (an OpenDocument spreadsheet, an
 * Excel binary workbook), each refused with what to do.  Not for other
 * modules than the workbook reader's.
 */
#ifndef KAOPING_XLSX_BOOK_H
#define KAOPING_XLSX_BOOK_H

#include <stdbool.h>

#include "xlsx_zip.h"

#define XLSX_SHEET_NAME_SIZE	256

struct xlsx_book {
	char		 sheet_name[XLSX_SHEET_NAME_SIZE];	/* cut */
	struct xlsx_part sheet;
	bool		 has_strings;
	struct xlsx_part strings;
	char		*paths[2];	/* what the parts' names point to */
};

/*
 * Find the parts.  Returns 0 or a reported status.  Free the book even
 * when finding failed.
 */
int	xlsx_book_find(struct xlsx_book *, struct xlsx_zip *);
void	xlsx_book_free(struct xlsx_book *);

#endif

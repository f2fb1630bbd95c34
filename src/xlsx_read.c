#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "diag.h"
#include "i18n.h"
#include "source.h"
#include "xlsx.h"
#include "xlsx_book.h"
#include "xlsx_cells.h"
#include "xlsx_sst.h"
#include "xlsx_zip.h"

/*
 * The parts in the order they are needed: the workbook's map of itself,
 * the table of texts (held), then the first worksheet (streamed).
 */
int
xlsx_read(int fd, const char *name, const struct source_target *target,
    struct source_facts *facts, struct diag *d)
{
	struct xlsx_zip *zip;
	struct xlsx_book book;
	struct xlsx_sst sst;
	int status;

	facts->workbook = true;
	facts->worksheet[0] = '\0';
	if ((zip = malloc(sizeof *zip)) == NULL)
		return diag_out_of_memory(d);
	memset(&book, 0, sizeof book);
	xlsx_sst_init(&sst);
	if ((status = xlsx_zip_open(zip, fd, name, d)) == 0 &&
	    (status = xlsx_book_find(&book, zip)) == 0) {
		snprintf(facts->worksheet, sizeof facts->worksheet, "%s",
		    book.sheet_name);
		if (book.has_strings)
			status = xlsx_sst_load(&sst, zip, &book.strings);
		if (status == 0)
			status = xlsx_cells_read(zip, &book.sheet, &sst,
			    target);
	}
	xlsx_sst_free(&sst);
	xlsx_book_free(&book);
	xlsx_zip_close(zip);
	free(zip);
	return status;
}

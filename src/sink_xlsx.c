#include <stddef.h>

#include "diag.h"
#include "i18n.h"
#include "sink.h"

/* Workbook outputs are not written by this build yet. */
struct sink *
sink_xlsx_new(const char *path, const char *name, const char *sheet_name,
    const struct out_schema *schema, enum lang lang, struct diag *d)
{
	(void)path;
	(void)sheet_name;
	(void)schema;
	(void)lang;
	diag_error(d, name, 0, _("cannot write a workbook yet; use CSV"));
	return NULL;
}

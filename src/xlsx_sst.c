#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "array.h"
#include "diag.h"
#include "i18n.h"
#include "source.h"
#include "xlsx_sst.h"
#include "xlsx_string.h"
#include "xlsx_xml.h"
#include "xlsx_zip.h"

struct loader {
	struct xlsx_sst	*sst;
	struct xlsx_zip	*zip;
	const struct xlsx_part *part;
	struct xlsx_string item;
};

void
xlsx_sst_init(struct xlsx_sst *sst)
{
	memset(sst, 0, sizeof *sst);
}

void
xlsx_sst_free(struct xlsx_sst *sst)
{
	free(sst->text);
	free(sst->items);
	xlsx_sst_init(sst);
}

static bool
is_item(const struct xlsx_xml *x, enum xlsx_element e)
{
	return e == XE_SI && xlsx_xml_up(x, 1) == XE_SST;
}

static void
on_start(void *ctx, struct xlsx_xml *x, enum xlsx_element e,
    const char **attrs)
{
	struct loader *l = ctx;

	(void)attrs;
	if (is_item(x, e))
		xlsx_string_clear(&l->item);
	xlsx_string_start(&l->item, x, XE_SI);
}

static void
on_text(void *ctx, struct xlsx_xml *x, const char *s, size_t len)
{
	struct loader *l = ctx;

	if (!xlsx_string_text(&l->item, x, XE_SI, s, len))
		xlsx_xml_stop(x, xlsx_zip_no_memory(l->zip));
}

/* Keep the item; an item too long for a cell is kept as a mark. */
static int
keep(struct loader *l)
{
	struct xlsx_sst *sst = l->sst;
	size_t len = l->item.too_long ? 0 : l->item.len;

	if (sst->count == XLSX_SST_MAX_ITEMS ||
	    len > XLSX_SST_MAX_TEXT - sst->text_len) {
		return xlsx_zip_fail(l->zip, 0, EX_DATAERR, _("the workbook's "
		    "table of texts (%s) holds more than 1 GiB or %zu "
		    "different texts, more than kaoping reads"),
		    l->part->name, XLSX_SST_MAX_ITEMS);
	}
	if (!array_reserve(&sst->items, &sst->cap, sst->count + 1,
	    sizeof *sst->items) ||
	    !array_reserve(&sst->text, &sst->text_cap, sst->text_len + len, 1))
		return xlsx_zip_no_memory(l->zip);
	if (len > 0)
		memcpy(sst->text + sst->text_len, l->item.s, len);
	sst->items[sst->count].offset = (uint32_t)sst->text_len;
	sst->items[sst->count].len = l->item.too_long ?
	    SOURCE_MAX_CELL + 1 : (uint32_t)len;
	sst->count++;
	sst->text_len += len;
	return 0;
}

static void
on_end(void *ctx, struct xlsx_xml *x, enum xlsx_element e)
{
	struct loader *l = ctx;
	int status;

	xlsx_string_end(&l->item, x, XE_SI);
	if (is_item(x, e) && (status = keep(l)) != 0)
		xlsx_xml_stop(x, status);
}

int
xlsx_sst_load(struct xlsx_sst *sst, struct xlsx_zip *z,
    const struct xlsx_part *part)
{
	static const struct xlsx_xml_handlers handlers = {
		on_start, on_end, on_text,
	};
	struct loader l;
	int status;

	memset(&l, 0, sizeof l);
	l.sst = sst;
	l.zip = z;
	l.part = part;
	status = xlsx_xml_parse(z, part, &handlers, &l);
	xlsx_string_free(&l.item);
	return status;
}

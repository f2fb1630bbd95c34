/*
 * A part of a workbook parsed as XML while it is inflated (expat), with
 * the defences a file from anywhere needs: a document type declaration is
 * refused (so no entity is ever declared, expanded or fetched: no billion
 * laughs, no external entities), and so are elements nested deeper than
 * any spreadsheet nests them and single tags larger than any spreadsheet
 * writes, which expat would otherwise buffer whole.  Expat hands over
 * valid UTF-8 without NUL characters only.
 *
 * Elements of the SpreadsheetML and package relationship namespaces (or
 * of none) that the reader needs have ids; all else is XE_OTHER.  Not for
 * other modules than the workbook reader's.
 */
#ifndef KAOPING_XLSX_XML_H
#define KAOPING_XLSX_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "xlsx_zip.h"

enum xlsx_element {
	XE_OTHER,
	XE_RELATIONSHIPS,	/* a .rels part */
	XE_RELATIONSHIP,
	XE_SHEETS,		/* workbook.xml */
	XE_SHEET,
	XE_SST,			/* sharedStrings.xml */
	XE_SI,
	XE_T,			/* text of a string item or run */
	XE_R,			/* a rich text run */
	XE_RPH,			/* a phonetic run: not the cell's text */
	XE_SHEETDATA,		/* a worksheet */
	XE_ROW,
	XE_C,
	XE_V,
	XE_IS,
};

struct xlsx_xml;

/*
 * attrs alternate names and values, NULL-terminated, as expat gives them;
 * a namespaced attribute's name is its namespace, a space and its local
 * name.  text is character data, in as many pieces as expat likes.
 */
struct xlsx_xml_handlers {
	void	(*start)(void *ctx, struct xlsx_xml *, enum xlsx_element,
		    const char **attrs);
	void	(*end)(void *ctx, struct xlsx_xml *, enum xlsx_element);
	void	(*text)(void *ctx, struct xlsx_xml *, const char *s,
		    size_t len);
};

/*
 * Parse the part, calling the handlers.  Returns 0, or a status: XML that
 * is not well formed or is refused (reported), or one a handler stopped
 * with.
 */
int	xlsx_xml_parse(struct xlsx_zip *, const struct xlsx_part *,
	    const struct xlsx_xml_handlers *, void *ctx);

/*
 * Stop parsing from a handler: with 0 when the handler has what it wants,
 * else with a status it has reported (or the source target returned).
 */
void	xlsx_xml_stop(struct xlsx_xml *, int status);

/* The element levels above the current one (0: itself), or XE_OTHER. */
enum xlsx_element xlsx_xml_up(const struct xlsx_xml *, unsigned levels);

/* Whether xml:space="preserve" is in force for the current element. */
bool	xlsx_xml_preserve(const struct xlsx_xml *);

/* The value of an attribute without a namespace, or NULL. */
const char *xlsx_xml_attr(const char **attrs, const char *name);

/* The value of r:id (the officeDocument relationships namespace), or NULL. */
const char *xlsx_xml_relationship_id(const char **attrs);

#endif

/*
 * The text of a cell as a worksheet's XML gives it, gathered from the
 * character data that xlsx_xml.h hands over: the value <v>, or a string
 * item (<si> of the shared strings, <is> of an inline string) that is
 * the <t> of its runs, without its phonetic runs (<rPh>).  A <t> without
 * xml:space="preserve" loses the XML white space at its ends, as in
 * Excel, and Excel's escapes of characters (_x000D_) are undone.  At most
 * SOURCE_MAX_CELL bytes are kept; a longer text is marked too long.  Not
 * for other modules than the workbook reader's.
 */
#ifndef KAOPING_XLSX_STRING_H
#define KAOPING_XLSX_STRING_H

#include <stdbool.h>
#include <stddef.h>

#include "xlsx_xml.h"

struct xlsx_string {
	char		*s;		/* not NUL-terminated */
	size_t		 len, cap;
	size_t		 segment;	/* where the current <t>, <v> began */
	bool		 too_long;
};

void	xlsx_string_clear(struct xlsx_string *);
void	xlsx_string_free(struct xlsx_string *);

/*
 * Handler events of the element that holds the text: container is XE_SI
 * or XE_IS for a string item, XE_V for a value.  False when memory ran
 * out.
 */
void	xlsx_string_start(struct xlsx_string *, const struct xlsx_xml *,
	    enum xlsx_element container);
bool	xlsx_string_text(struct xlsx_string *, const struct xlsx_xml *,
	    enum xlsx_element container, const char *s, size_t len);
void	xlsx_string_end(struct xlsx_string *, const struct xlsx_xml *,
	    enum xlsx_element container);

#endif

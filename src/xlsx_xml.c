#include <expat.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sysexits.h>

#include "diag.h"
#include "i18n.h"
#include "xlsx_xml.h"
#include "xlsx_zip.h"

#define NS_SEPARATOR	' '
#define MAX_DEPTH	256		/* a worksheet nests about ten deep */
#define MAX_QUIET	(1024 * 1024)	/* a tag's bytes, held by expat */
#define FINISHED	(-1)		/* not a status: the handler is done */
#define XML_SPACE	"http://www.w3.org/XML/1998/namespace space"

struct xlsx_xml {
	XML_Parser	 parser;
	struct xlsx_zip	*zip;
	const struct xlsx_part *part;
	const struct xlsx_xml_handlers *handlers;
	void		*ctx;
	bool		 stopped;
	int		 status;	/* why it stopped, or FINISHED */
	size_t		 quiet;		/* bytes fed since expat reported */
	unsigned	 depth;		/* elements open; 0 outside the root */
	unsigned char	 elements[MAX_DEPTH + 1];	/* by depth */
	bool		 preserve[MAX_DEPTH + 1];
};

struct name {
	const char	*s;
	size_t		 len;
};

#define NAME(s)		{ s, sizeof s - 1 }

/* Transitional and strict SpreadsheetML, and package relationships. */
static const struct name element_namespaces[] = {
	NAME("http://schemas.openxmlformats.org/spreadsheetml/2006/main"),
	NAME("http://purl.oclc.org/ooxml/spreadsheetml/main"),
	NAME("http://schemas.openxmlformats.org/package/2006/relationships"),
};

static const struct name relationship_namespaces[] = {
	NAME("http://schemas.openxmlformats.org/officeDocument/2006/"
	    "relationships"),
	NAME("http://purl.oclc.org/ooxml/officeDocument/relationships"),
};

/* Local names, the most frequent first. */
static const struct {
	const char		*name;
	enum xlsx_element	 element;
} element_names[] = {
	{ "c", XE_C }, { "v", XE_V }, { "row", XE_ROW }, { "t", XE_T },
	{ "si", XE_SI }, { "r", XE_R }, { "is", XE_IS }, { "rPh", XE_RPH },
	{ "sheetData", XE_SHEETDATA }, { "sst", XE_SST },
	{ "sheets", XE_SHEETS }, { "sheet", XE_SHEET },
	{ "Relationships", XE_RELATIONSHIPS },
	{ "Relationship", XE_RELATIONSHIP },
};

/* Whether the namespace (len bytes at uri) is one of the n in list. */
static bool
namespace_in(const char *uri, size_t len, const struct name *list,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i].len == len && memcmp(list[i].s, uri, len) == 0)
			return true;
	return false;
}

static enum xlsx_element
element_of(const char *name)
{
	const char *local = strrchr(name, NS_SEPARATOR);
	size_t i;

	local = local != NULL ? local + 1 : name;
	for (i = 0; i < sizeof element_names / sizeof element_names[0]; i++)
		if (element_names[i].name[0] == local[0] &&
		    strcmp(element_names[i].name, local) == 0)
			break;
	if (i == sizeof element_names / sizeof element_names[0])
		return XE_OTHER;
	if (local != name && !namespace_in(name, (size_t)(local - 1 - name),
	    element_namespaces, sizeof element_namespaces /
	    sizeof element_namespaces[0]))
		return XE_OTHER;
	return element_names[i].element;
}

const char *
xlsx_xml_attr(const char **attrs, const char *name)
{
	for (; attrs[0] != NULL; attrs += 2)
		if (strcmp(attrs[0], name) == 0)
			return attrs[1];
	return NULL;
}

const char *
xlsx_xml_relationship_id(const char **attrs)
{
	const char *local;

	for (; attrs[0] != NULL; attrs += 2)
		if ((local = strrchr(attrs[0], NS_SEPARATOR)) != NULL &&
		    strcmp(local + 1, "id") == 0 &&
		    namespace_in(attrs[0], (size_t)(local - attrs[0]),
		    relationship_namespaces, sizeof relationship_namespaces /
		    sizeof relationship_namespaces[0]))
			return attrs[1];
	return NULL;
}

void
xlsx_xml_stop(struct xlsx_xml *x, int status)
{
	if (x->stopped)
		return;
	x->stopped = true;
	x->status = status != 0 ? status : FINISHED;
	XML_StopParser(x->parser, XML_FALSE);
}

enum xlsx_element
xlsx_xml_up(const struct xlsx_xml *x, unsigned levels)
{
	return levels < x->depth ? x->elements[x->depth - levels] : XE_OTHER;
}

bool
xlsx_xml_preserve(const struct xlsx_xml *x)
{
	return x->preserve[x->depth];
}

static void XMLCALL
on_start(void *data, const XML_Char *name, const XML_Char **attrs)
{
	struct xlsx_xml *x = data;
	const char *space;
	enum xlsx_element e;

	if (x->stopped)
		return;
	x->quiet = 0;
	if (x->depth == MAX_DEPTH) {
		xlsx_xml_stop(x, xlsx_zip_fail(x->zip, 0, EX_DATAERR,
		    _("the workbook's XML (%s) nests elements more than %d "
		    "deep; no spreadsheet program writes that, so the file is "
		    "refused"), x->part->name, MAX_DEPTH));
		return;
	}
	e = element_of(name);
	x->depth++;
	x->elements[x->depth] = (unsigned char)e;
	space = xlsx_xml_attr(attrs, XML_SPACE);
	x->preserve[x->depth] = space == NULL ? x->preserve[x->depth - 1] :
	    strcmp(space, "preserve") == 0;
	if (x->handlers->start != NULL)
		x->handlers->start(x->ctx, x, e, attrs);
}

static void XMLCALL
on_end(void *data, const XML_Char *name)
{
	struct xlsx_xml *x = data;

	(void)name;
	if (x->stopped)
		return;
	x->quiet = 0;
	if (x->handlers->end != NULL)
		x->handlers->end(x->ctx, x, x->elements[x->depth]);
	x->depth--;
}

static void XMLCALL
on_text(void *data, const XML_Char *s, int len)
{
	struct xlsx_xml *x = data;

	if (x->stopped)
		return;
	x->quiet = 0;
	if (x->handlers->text != NULL)
		x->handlers->text(x->ctx, x, s, (size_t)len);
}

/* Everything else: comments, processing instructions, the declaration. */
static void XMLCALL
on_other(void *data, const XML_Char *s, int len)
{
	struct xlsx_xml *x = data;

	(void)s;
	(void)len;
	x->quiet = 0;
}

/*
 * Before the internal subset is read: where entities would be declared,
 * and with them the billion laughs and external entities.
 */
static void XMLCALL
on_doctype(void *data, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal_subset)
{
	struct xlsx_xml *x = data;

	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	if (x->stopped)
		return;
	xlsx_xml_stop(x, xlsx_zip_fail(x->zip, 0, EX_DATAERR, _("the "
	    "workbook's XML (%s) has a document type declaration, where "
	    "entities can be declared; no spreadsheet program writes one, so "
	    "the file is refused"), x->part->name));
}

static int
parse_failed(struct xlsx_xml *x)
{
	enum XML_Error code = XML_GetErrorCode(x->parser);

	if (x->stopped)
		return x->status;
	if (code == XML_ERROR_NO_MEMORY)
		return xlsx_zip_no_memory(x->zip);
	return xlsx_zip_fail(x->zip, 0, EX_DATAERR, _("the workbook's XML "
	    "is not well formed (%s, line %lu: %s); save it again from the "
	    "spreadsheet program"), x->part->name,
	    (unsigned long)XML_GetCurrentLineNumber(x->parser),
	    XML_ErrorString(code));
}

static int
feed(void *ctx, const char *piece, size_t len)
{
	struct xlsx_xml *x = ctx;

	if (XML_Parse(x->parser, piece, (int)len, XML_FALSE) !=
	    XML_STATUS_OK)
		return parse_failed(x);
	/* Expat holds an unfinished tag whole: a huge one is an attack. */
	if ((x->quiet += len) > MAX_QUIET)
		return xlsx_zip_fail(x->zip, 0, EX_DATAERR, _("the workbook's "
		    "XML (%s) holds a tag larger than 1 MiB; no spreadsheet "
		    "program writes that, so the file is refused"),
		    x->part->name);
	return 0;
}

int
xlsx_xml_parse(struct xlsx_zip *z, const struct xlsx_part *part,
    const struct xlsx_xml_handlers *handlers, void *ctx)
{
	struct xlsx_xml x;
	int status;

	memset(&x, 0, sizeof x);
	x.zip = z;
	x.part = part;
	x.handlers = handlers;
	x.ctx = ctx;
	if ((x.parser = XML_ParserCreateNS(NULL, NS_SEPARATOR)) == NULL)
		return xlsx_zip_no_memory(z);
	XML_SetUserData(x.parser, &x);
	XML_SetElementHandler(x.parser, on_start, on_end);
	XML_SetCharacterDataHandler(x.parser, on_text);
	XML_SetDefaultHandlerExpand(x.parser, on_other);
	XML_SetStartDoctypeDeclHandler(x.parser, on_doctype);
	status = xlsx_zip_read(z, part, feed, &x);
	if (status == 0 && XML_Parse(x.parser, "", 0, XML_TRUE) !=
	    XML_STATUS_OK)
		status = parse_failed(&x);
	XML_ParserFree(x.parser);
	return status == FINISHED ? 0 : status;
}

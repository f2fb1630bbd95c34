#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "array.h"
#include "diag.h"
#include "i18n.h"
#include "text.h"
#include "xlsx_book.h"
#include "xlsx_xml.h"
#include "xlsx_zip.h"

#define WORKBOOK	"xl/workbook.xml"
#define WORKBOOK_RELS	"xl/_rels/workbook.xml.rels"
#define STRINGS		"xl/sharedStrings.xml"
#define MAX_RELATIONSHIPS 65536
#define ODS_MIMETYPE	"application/vnd.oasis.opendocument.spreadsheet"

enum target_kind {
	TARGET_WORKSHEET,
	TARGET_STRINGS,
};

/* A relationship of the workbook that kaoping may follow. */
struct relationship {
	char		*id;
	char		*path;		/* the part's name in the zip */
	enum target_kind kind;
};

struct finder {
	struct xlsx_zip	*zip;
	struct xlsx_book *book;
	struct relationship *rels;
	size_t		 rels_len, rels_cap;
	struct relationship *sheet;	/* once found */
};

/*
 * Find the workbook part, or refuse a zip file that is not a workbook,
 * saying what it is when that can be told: an OpenDocument spreadsheet
 * names its type in "mimetype".
 */
static int
find_workbook(struct xlsx_zip *z, struct xlsx_part *workbook)
{
	struct xlsx_part part;
	char mimetype[64];
	int status;

	if (xlsx_zip_find(z, "mimetype", &part)) {
		if ((status = xlsx_zip_head(z, &part, mimetype,
		    sizeof mimetype)) != 0)
			return status;
		if (strncmp(mimetype, ODS_MIMETYPE,
		    sizeof ODS_MIMETYPE - 1) == 0)
			return xlsx_zip_fail(z, 0, EX_DATAERR, _("this is an "
			    "OpenDocument spreadsheet (.ods), not an Excel "
			    "workbook; open it in the spreadsheet program and "
			    "save it as .xlsx or CSV"));
	}
	if (xlsx_zip_find(z, WORKBOOK, workbook))
		return 0;
	if (xlsx_zip_find(z, "xl/workbook.bin", &part))
		return xlsx_zip_fail(z, 0, EX_DATAERR, _("this is an Excel "
		    "binary workbook (.xlsb); open it in Excel and save it as "
		    ".xlsx or CSV"));
	return xlsx_zip_fail(z, 0, EX_DATAERR, _("this zip file is not an "
	    "Excel workbook (it has no %s); open it in the spreadsheet "
	    "program and save it as .xlsx or CSV"), WORKBOOK);
}

/*
 * The part a relationship's target names: relative to xl/ or, with a
 * leading slash, to the package; "." and ".." resolved.  NULL when it
 * leaves the package or memory runs out (*no_memory then).
 */
static char *
part_path(const char *target, bool *no_memory)
{
	const char *base = target[0] == '/' ? "" : "xl/", *seg, *end;
	size_t len = 0, n, size = strlen(base) + strlen(target) + 1;
	char *joined, *out;

	joined = malloc(size);
	out = malloc(size);
	if ((*no_memory = joined == NULL || out == NULL)) {
		free(joined);
		free(out);
		return NULL;
	}
	snprintf(joined, size, "%s%s", base, target);
	for (seg = joined; *seg != '\0'; seg = *end != '\0' ? end + 1 : end) {
		if ((end = strchr(seg, '/')) == NULL)
			end = seg + strlen(seg);
		n = (size_t)(end - seg);
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			if (len == 0) {
				free(joined);
				free(out);
				return NULL;
			}
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
			continue;
		}
		if (len > 0)
			out[len++] = '/';
		memcpy(out + len, seg, n);
		len += n;
	}
	out[len] = '\0';
	free(joined);
	return out;
}

static int
keep_relationship(struct finder *f, const char *id, const char *target,
    enum target_kind kind)
{
	struct relationship *r;
	bool no_memory;
	char *path, *copy;

	if ((path = part_path(target, &no_memory)) == NULL) {
		if (no_memory)
			return xlsx_zip_no_memory(f->zip);
		return 0;	/* outside the package: nothing to follow */
	}
	if (f->rels_len == MAX_RELATIONSHIPS) {
		free(path);
		return xlsx_zip_fail(f->zip, 0, EX_DATAERR, _("the workbook "
		    "has more than %d sheets, more than kaoping reads"),
		    MAX_RELATIONSHIPS);
	}
	if (!array_reserve(&f->rels, &f->rels_cap, f->rels_len + 1,
	    sizeof *f->rels) || (copy = strdup(id)) == NULL) {
		free(path);
		return xlsx_zip_no_memory(f->zip);
	}
	r = &f->rels[f->rels_len++];
	r->id = copy;
	r->path = path;
	r->kind = kind;
	return 0;
}

/* A <Relationship> to a worksheet or the shared strings is kept. */
static void
on_relationship(void *ctx, struct xlsx_xml *x, enum xlsx_element e,
    const char **attrs)
{
	struct finder *f = ctx;
	const char *id, *type, *target, *mode;
	int status;

	if (e != XE_RELATIONSHIP || xlsx_xml_up(x, 1) != XE_RELATIONSHIPS)
		return;
	id = xlsx_xml_attr(attrs, "Id");
	type = xlsx_xml_attr(attrs, "Type");
	target = xlsx_xml_attr(attrs, "Target");
	mode = xlsx_xml_attr(attrs, "TargetMode");
	if (id == NULL || type == NULL || target == NULL ||
	    (mode != NULL && strcmp(mode, "Internal") != 0))
		return;
	if (text_ends_with(type, strlen(type), "/worksheet"))
		status = keep_relationship(f, id, target, TARGET_WORKSHEET);
	else if (text_ends_with(type, strlen(type), "/sharedStrings"))
		status = keep_relationship(f, id, target, TARGET_STRINGS);
	else
		return;
	if (status != 0)
		xlsx_xml_stop(x, status);
}

static struct relationship *
find_relationship(const struct finder *f, const char *id,
    enum target_kind kind)
{
	size_t i;

	for (i = 0; i < f->rels_len; i++)
		if (f->rels[i].kind == kind &&
		    (id == NULL || strcmp(f->rels[i].id, id) == 0))
			return &f->rels[i];
	return NULL;
}

/* Keep at most size - 1 bytes of s, not cutting a character. */
static void
copy_name(char *out, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

/*
 * The first <sheet> whose relationship is a worksheet (not a chart sheet
 * or a macro sheet) is the one; the rest of the part is not read.
 */
static void
on_sheet(void *ctx, struct xlsx_xml *x, enum xlsx_element e,
    const char **attrs)
{
	struct finder *f = ctx;
	const char *id, *name;

	if (e != XE_SHEET || xlsx_xml_up(x, 1) != XE_SHEETS ||
	    (id = xlsx_xml_relationship_id(attrs)) == NULL ||
	    (f->sheet = find_relationship(f, id, TARGET_WORKSHEET)) == NULL)
		return;
	name = xlsx_xml_attr(attrs, "name");
	copy_name(f->book->sheet_name, sizeof f->book->sheet_name,
	    name != NULL ? name : "");
	xlsx_xml_stop(x, 0);
}

/* Take a part found through a relationship; the book owns its name. */
static bool
take_part(struct finder *f, struct relationship *r, int slot,
    struct xlsx_part *part)
{
	f->book->paths[slot] = r->path;
	r->path = NULL;
	return xlsx_zip_find(f->zip, f->book->paths[slot], part);
}

static int
find_parts(struct finder *f)
{
	static const struct xlsx_xml_handlers rels_handlers = {
		on_relationship, NULL, NULL,
	}, workbook_handlers = {
		on_sheet, NULL, NULL,
	};
	struct xlsx_zip *z = f->zip;
	struct xlsx_book *b = f->book;
	struct xlsx_part workbook, part;
	struct relationship *strings;
	char excerpt[TEXT_EXCERPT_SIZE];
	int status;

	if ((status = find_workbook(z, &workbook)) != 0)
		return status;
	if (!xlsx_zip_find(z, WORKBOOK_RELS, &part))
		return xlsx_zip_fail(z, 0, EX_DATAERR, _("the workbook is "
		    "damaged: it has no %s, which says where its worksheets "
		    "are; save it again from the spreadsheet program"),
		    WORKBOOK_RELS);
	if ((status = xlsx_xml_parse(z, &part, &rels_handlers, f)) != 0)
		return status;
	if ((status = xlsx_xml_parse(z, &workbook, &workbook_handlers,
	    f)) != 0)
		return status;
	if (f->sheet == NULL)
		return xlsx_zip_fail(z, 0, EX_DATAERR, _("the workbook has no "
		    "worksheet"));
	if (!take_part(f, f->sheet, 0, &b->sheet))
		return xlsx_zip_fail(z, 0, EX_DATAERR, _("the workbook is "
		    "damaged: its worksheet \"%s\" (%s) is missing; save "
		    "it again from the spreadsheet program"),
		    text_excerpt(excerpt, b->sheet_name,
		    strlen(b->sheet_name)), b->paths[0]);
	/*
	 * A table of texts that is named but missing is no table: a cell
	 * that refers to one is reported then, with its reference.
	 */
	if ((strings = find_relationship(f, NULL, TARGET_STRINGS)) != NULL)
		b->has_strings = take_part(f, strings, 1, &b->strings);
	else
		b->has_strings = xlsx_zip_find(z, STRINGS, &b->strings);
	return 0;
}

int
xlsx_book_find(struct xlsx_book *b, struct xlsx_zip *z)
{
	struct finder f;
	size_t i;
	int status;

	memset(b, 0, sizeof *b);
	memset(&f, 0, sizeof f);
	f.zip = z;
	f.book = b;
	status = find_parts(&f);
	for (i = 0; i < f.rels_len; i++) {
		free(f.rels[i].id);
		free(f.rels[i].path);
	}
	free(f.rels);
	return status;
}

void
xlsx_book_free(struct xlsx_book *b)
{
	free(b->paths[0]);
	free(b->paths[1]);
	memset(b, 0, sizeof *b);
}

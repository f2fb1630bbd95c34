/*
 * Workbooks made by the tests themselves, so that no binary file is
 * committed: a zip of given parts written with libzip into a temporary
 * file.  xlsx_fixture_book() writes the parts Excel writes around one
 * worksheet and its shared strings; xlsx_fixture_bomb() a worksheet of
 * white space inflating to any size from a thousandth of it in zip;
 * xlsx_fixture_declare() makes a part lie about its size, and
 * xlsx_fixture_corrupt() garbles its data.  Everything is static inline
 * so that a test that uses only part of it compiles without warnings.
 * The caller removes the file with temp_file_remove().
 */
#ifndef KAOPING_XLSX_FIXTURE_H
#define KAOPING_XLSX_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "helpers.h"

#define XF_MAIN_NS	"http://schemas.openxmlformats.org/spreadsheetml/" \
			"2006/main"
#define XF_REL_NS	"http://schemas.openxmlformats.org/officeDocument/" \
			"2006/relationships"
#define XF_PKG_REL_NS	"http://schemas.openxmlformats.org/package/2006/" \
			"relationships"
#define XF_DECL		"<?xml version=\"1.0\" encoding=\"UTF-8\" " \
			"standalone=\"yes\"?>\n"

/* A worksheet part around literal rows, and a table of literal items. */
#define XF_SHEET(rows) XF_DECL "<worksheet xmlns=\"" XF_MAIN_NS "\" " \
	"xmlns:r=\"" XF_REL_NS "\"><dimension ref=\"A1\"/><sheetData>" \
	rows "</sheetData><pageMargins left=\"0.7\" right=\"0.7\" " \
	"top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>" \
	"</worksheet>"
#define XF_SST(items) XF_DECL "<sst xmlns=\"" XF_MAIN_NS "\">" items "</sst>"

/* A workbook part naming literal <sheet> elements, in order. */
#define XF_WORKBOOK(sheets) XF_DECL "<workbook xmlns=\"" XF_MAIN_NS \
	"\" xmlns:r=\"" XF_REL_NS "\"><bookViews><workbookView/>" \
	"</bookViews><sheets>" sheets "</sheets></workbook>"

/* Its relationships: literal <Relationship> elements. */
#define XF_RELS(rels) XF_DECL "<Relationships xmlns=\"" XF_PKG_REL_NS \
	"\">" rels "</Relationships>"
#define XF_REL(id, type, target) "<Relationship Id=\"" id "\" Type=\"" \
	XF_REL_NS "/" type "\" Target=\"" target "\"/>"

#define XF_CONTENT_TYPES XF_DECL "<Types xmlns=\"http://schemas." \
	"openxmlformats.org/package/2006/content-types\"><Default " \
	"Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-" \
	"package.relationships+xml\"/><Default Extension=\"xml\" " \
	"ContentType=\"application/xml\"/></Types>"
#define XF_PACKAGE_RELS XF_RELS("<Relationship Id=\"rId1\" Type=\"" \
	XF_REL_NS "/officeDocument\" Target=\"xl/workbook.xml\"/>")

/* The workbook and relationships of a book of one sheet, "Sheet1". */
#define XF_ONE_SHEET_WORKBOOK \
	XF_WORKBOOK("<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/>")
#define XF_ONE_SHEET_RELS XF_RELS( \
	XF_REL("rId1", "worksheet", "worksheets/sheet1.xml") \
	XF_REL("rId2", "sharedStrings", "sharedStrings.xml"))

/* A part of a zip to write: len 0 means strlen(data). */
struct xlsx_fixture_part {
	const char	*name;
	const char	*data;
	size_t		 len;
};

/* A new temporary file name, for libzip to create. */
static inline char *
xlsx_fixture_path(void)
{
	char *path = temp_file("");

	assert_int_equal(unlink(path), 0);
	return path;
}

static inline void
xlsx_fixture_add(zip_t *za, const struct xlsx_fixture_part *part)
{
	size_t len = part->len != 0 ? part->len : strlen(part->data);
	zip_source_t *src;

	src = zip_source_buffer(za, part->data, len, 0);
	assert_non_null(src);
	if (zip_file_add(za, part->name, src, ZIP_FL_ENC_UTF_8) < 0)
		fail_msg("zip_file_add %s: %s", part->name, zip_strerror(za));
}

/* A zip of the n parts, in order; returns its path. */
static inline char *
xlsx_fixture_zip(const struct xlsx_fixture_part *parts, size_t n)
{
	char *path = xlsx_fixture_path();
	size_t i;
	zip_t *za;
	int error;

	za = zip_open(path, ZIP_CREATE | ZIP_EXCL, &error);
	assert_non_null(za);
	for (i = 0; i < n; i++)
		xlsx_fixture_add(za, &parts[i]);
	if (zip_close(za) != 0)
		fail_msg("zip_close: %s", zip_strerror(za));
	return path;
}

/*
 * The workbook Excel would write for one worksheet and, if strings is not
 * NULL, its shared strings; workbook and rels default to a book of one
 * sheet, "Sheet1", stored as xl/worksheets/sheet1.xml.
 */
static inline char *
xlsx_fixture_book_with(const char *workbook, const char *rels,
    const struct xlsx_fixture_part *more, size_t n)
{
	struct xlsx_fixture_part parts[16] = {
		{ "[Content_Types].xml", XF_CONTENT_TYPES, 0 },
		{ "_rels/.rels", XF_PACKAGE_RELS, 0 },
		{ "xl/workbook.xml", workbook != NULL ? workbook :
		    XF_ONE_SHEET_WORKBOOK, 0 },
		{ "xl/_rels/workbook.xml.rels", rels != NULL ? rels :
		    XF_ONE_SHEET_RELS, 0 },
	};
	size_t i;

	assert_true(n <= 12);
	for (i = 0; i < n; i++)
		parts[4 + i] = more[i];
	return xlsx_fixture_zip(parts, 4 + n);
}

static inline char *
xlsx_fixture_book(const char *sheet, const char *strings)
{
	struct xlsx_fixture_part more[2] = {
		{ "xl/worksheets/sheet1.xml", sheet, 0 },
		{ "xl/sharedStrings.xml", strings, 0 },
	};

	return xlsx_fixture_book_with(NULL, NULL, more, strings != NULL ? 2 :
	    1);
}

/* The worksheet of a bomb: an open sheetData, then spaces without end. */
struct xlsx_fixture_spaces {
	uint64_t	 size, done;
};

#define XF_BOMB_HEAD	XF_DECL "<worksheet xmlns=\"" XF_MAIN_NS \
	"\"><sheetData>"

static inline zip_int64_t
xlsx_fixture_spaces_source(void *ctx, void *data, zip_uint64_t len,
    zip_source_cmd_t cmd)
{
	struct xlsx_fixture_spaces *sp = ctx;
	const size_t head = sizeof XF_BOMB_HEAD - 1;
	zip_uint64_t n, at = 0;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		sp->done = 0;
		return 0;
	case ZIP_SOURCE_READ:
		n = sp->size - sp->done < len ? sp->size - sp->done : len;
		memset(data, ' ', n);
		if (sp->done < head) {
			at = head - sp->done < n ? head - sp->done : n;
			memcpy(data, XF_BOMB_HEAD + sp->done, at);
		}
		sp->done += n;
		return (zip_int64_t)n;
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_STAT:
		zip_stat_init(data);
		return sizeof(zip_stat_t);
	case ZIP_SOURCE_ERROR:
		return 2 * sizeof(int);
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN,
		    ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		    ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		return -1;
	}
}

/*
 * A workbook whose worksheet is size bytes of XML, nearly all spaces,
 * deflated as fast as zlib can (about a thousandth of the size).
 */
static inline char *
xlsx_fixture_bomb(uint64_t size)
{
	struct xlsx_fixture_part parts[] = {
		{ "[Content_Types].xml", XF_CONTENT_TYPES, 0 },
		{ "_rels/.rels", XF_PACKAGE_RELS, 0 },
		{ "xl/workbook.xml", XF_ONE_SHEET_WORKBOOK, 0 },
		{ "xl/_rels/workbook.xml.rels", XF_ONE_SHEET_RELS, 0 },
	};
	struct xlsx_fixture_spaces spaces = { size, 0 };
	char *path = xlsx_fixture_path();
	zip_source_t *src;
	zip_int64_t index;
	size_t i;
	zip_t *za;
	int error;

	za = zip_open(path, ZIP_CREATE | ZIP_EXCL, &error);
	assert_non_null(za);
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++)
		xlsx_fixture_add(za, &parts[i]);
	src = zip_source_function(za, xlsx_fixture_spaces_source, &spaces);
	assert_non_null(src);
	index = zip_file_add(za, "xl/worksheets/sheet1.xml", src, 0);
	assert_true(index >= 0);
	assert_int_equal(zip_set_file_compression(za, (zip_uint64_t)index,
	    ZIP_CM_DEFLATE, 1), 0);
	if (zip_close(za) != 0)
		fail_msg("zip_close: %s", zip_strerror(za));
	return path;
}

static inline uint32_t
xlsx_fixture_u16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static inline void
xlsx_fixture_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* The whole file at path, in a new buffer; its length in *len. */
static inline unsigned char *
xlsx_fixture_slurp(const char *path, size_t *len)
{
	unsigned char *data;
	FILE *fp;

	assert_non_null(fp = fopen(path, "rb"));
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	*len = (size_t)ftell(fp);
	rewind(fp);
	assert_non_null(data = malloc(*len));
	assert_int_equal(fread(data, 1, *len, fp), *len);
	fclose(fp);
	return data;
}

static inline void
xlsx_fixture_spill(const char *path, const unsigned char *data, size_t len)
{
	FILE *fp;

	assert_non_null(fp = fopen(path, "wb"));
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* Where the local header of the part named name starts in the zip. */
static inline size_t
xlsx_fixture_local_header(const unsigned char *zip, size_t len,
    const char *name)
{
	size_t name_len = strlen(name), at;

	for (at = 0; at + 30 + name_len <= len; at++)
		if (memcmp(zip + at, "PK\3\4", 4) == 0 &&
		    xlsx_fixture_u16(zip + at + 26) == name_len &&
		    memcmp(zip + at + 30, name, name_len) == 0)
			return at;
	fail_msg("no part %s in the zip", name);
	return 0;
}

/* Flip bytes in the middle of the compressed data of the part. */
static inline void
xlsx_fixture_corrupt(const char *path, const char *name)
{
	size_t len, local, data, i;
	unsigned char *zip = xlsx_fixture_slurp(path, &len);

	local = xlsx_fixture_local_header(zip, len, name);
	data = local + 30 + xlsx_fixture_u16(zip + local + 26) +
	    xlsx_fixture_u16(zip + local + 28);
	assert_true(data + 64 < len);
	for (i = 32; i < 48; i++)
		zip[data + i] ^= 0x5A;
	xlsx_fixture_spill(path, zip, len);
	free(zip);
}

/*
 * Make the part named name declare size bytes (under 4 GiB) in the
 * central directory and its local header, zip64 field included, as a
 * hostile zip would; its data stays as it was.
 */
static inline void
xlsx_fixture_declare(const char *path, const char *name, uint32_t size)
{
	size_t name_len = strlen(name), len, at, local, extra;
	unsigned char *zip = xlsx_fixture_slurp(path, &len);
	bool patched = false;

	for (at = 0; at + 46 + name_len <= len; at++) {
		if (memcmp(zip + at, "PK\1\2", 4) != 0 ||
		    xlsx_fixture_u16(zip + at + 28) != name_len ||
		    memcmp(zip + at + 46, name, name_len) != 0)
			continue;
		xlsx_fixture_put32(zip + at + 24, size);
		patched = true;
	}
	assert_true(patched);
	local = xlsx_fixture_local_header(zip, len, name);
	xlsx_fixture_put32(zip + local + 22, size);
	extra = local + 30 + name_len;
	/* libzip writes a zip64 field when it cannot know the size first. */
	if (xlsx_fixture_u16(zip + local + 28) >= 12 &&
	    xlsx_fixture_u16(zip + extra) == 1) {
		memset(zip + extra + 4, 0, 8);
		xlsx_fixture_put32(zip + extra + 4, size);
	}
	xlsx_fixture_spill(path, zip, len);
	free(zip);
}

#endif

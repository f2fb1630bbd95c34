/*
 * Fuzz target for the workbook reader (include/xlsx.h).
 *
 * When the first byte is odd, the rest is the file itself: a zip, or
 * anything.  When it is even, the rest is the XML of the parts, split at
 * form feeds (which XML cannot hold): the worksheet, the shared strings,
 * the workbook and its relationships; those not given, or given empty,
 * are the ones Excel writes for a book of one sheet.  They are zipped
 * (deflated when bit 1 of the first byte is set, else stored) so that
 * the XML is fuzzed, not the deflate stream.  When bit 2 is set too, the
 * four bytes after the first damage the zip: two little-endian 16-bit
 * numbers, where to cut it short and which byte of it to flip (0: not).
 *
 * Whatever the input:
 *  - the status is 0, 65 (EX_DATAERR) or 71 (EX_OSERR), and is 0 exactly
 *    when no message was given; a failure gives one message line, in the
 *    form "kaoping: t.xlsx: " or "kaoping: t.xlsx:ROW: ";
 *  - facts name a workbook, and the worksheet's name is valid UTF-8;
 *  - every record delivered has line == row, rows strictly increase and
 *    lie in 1 .. 1048576, it has 1 .. 16384 cells and one is not empty;
 *  - every cell is valid UTF-8 without NUL, at most SOURCE_MAX_CELL
 *    bytes, already trimmed; a boolean is "true" or "false", an error is
 *    not empty, a number is a plain decimal of at most 15 significant
 *    digits, without trailing zeros, that xlnum_shown() leaves as it is.
 *
 * Any violation prints what was found and calls abort().
 */
#include <sys/mman.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>
#include <zip.h>

#include "diag.h"
#include "source.h"
#include "text.h"
#include "xlnum.h"
#include "xlsx.h"

#define MAIN_NS	"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define REL_NS	"http://schemas.openxmlformats.org/officeDocument/2006/" \
		"relationships"
#define MAX_ROW	1048576UL

static const char *const part_names[] = {
	"xl/worksheets/sheet1.xml",
	"xl/sharedStrings.xml",
	"xl/workbook.xml",
	"xl/_rels/workbook.xml.rels",
};

static const char *const default_parts[] = {
	"<worksheet xmlns=\"" MAIN_NS "\"><sheetData/></worksheet>",
	"<sst xmlns=\"" MAIN_NS "\"/>",
	"<workbook xmlns=\"" MAIN_NS "\" xmlns:r=\"" REL_NS "\"><sheets>"
	    "<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
	    "</workbook>",
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
	    "2006/relationships\"><Relationship Id=\"rId1\" Type=\""
	    REL_NS "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	    "<Relationship Id=\"rId2\" Type=\"" REL_NS "/sharedStrings\" "
	    "Target=\"sharedStrings.xml\"/></Relationships>",
};

static void
fail_with(const char *what, const char *detail, size_t len)
{
	fprintf(stderr, "\n*** fuzz_xlsx: %s\n", what);
	if (detail != NULL) {
		fwrite(detail, 1, len, stderr);
		fputc('\n', stderr);
	}
	abort();
}

static bool
utf8_clean(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if (u[i] == 0 || (n = utf8_sequence_length(u + i,
		    len - i)) == 0)
			return false;
		i += n;
	}
	return true;
}

/* -?D+(.D*[1-9])?, at most 15 significant digits, no leading zeros. */
static bool
plain_shown_number(const char *s, size_t len)
{
	size_t i = 0, digits = 0, significant = 0, start;
	bool point = false, nonzero = false;

	if (i < len && s[i] == '-')
		i++;
	start = i;
	for (; i < len; i++) {
		if (s[i] == '.' && !point && i > start) {
			point = true;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return false;
		digits++;
		if (s[i] != '0')
			nonzero = true;
		if (nonzero)
			significant++;
	}
	if (digits == 0 || (len > start + 1 && s[start] == '0' &&
	    s[start + 1] != '.'))
		return false;
	if (point && (s[len - 1] == '0' || s[len - 1] == '.'))
		return false;
	if (!nonzero && (len != 1 || s[0] != '0'))
		return false;	/* zero is "0" alone */
	/* Trailing zeros of an integer count: 15 digits then zeros. */
	if (!point) {
		size_t z = 0;

		while (z < len - start && s[len - 1 - z] == '0')
			z++;
		significant -= z < significant ? z : 0;
	}
	return significant <= 15;
}

static void
check_cell(const struct cell *c)
{
	char shown[XLNUM_SIZE];
	const char *s = c->s;
	size_t len = c->len;

	if (c->len > SOURCE_MAX_CELL)
		fail_with("cell longer than SOURCE_MAX_CELL", NULL, 0);
	if (!utf8_clean(c->s, c->len))
		fail_with("cell not valid UTF-8 or holding NUL", c->s, c->len);
	text_trim(&s, &len);
	if (len != c->len)
		fail_with("cell not trimmed", c->s, c->len);
	switch (c->kind) {
	case CELL_TEXT:
		break;
	case CELL_BOOL:
		if (!(c->len == 4 && memcmp(c->s, "true", 4) == 0) &&
		    !(c->len == 5 && memcmp(c->s, "false", 5) == 0))
			fail_with("boolean neither true nor false", c->s,
			    c->len);
		break;
	case CELL_ERROR:
		if (c->len == 0)
			fail_with("empty error cell", NULL, 0);
		break;
	case CELL_NUMBER:
		if (!plain_shown_number(c->s, c->len) ||
		    xlnum_shown(c->s, c->len, shown) != c->len ||
		    memcmp(shown, c->s, c->len) != 0)
			fail_with("number not as Excel shows it", c->s,
			    c->len);
		break;
	default:
		fail_with("unknown cell kind", NULL, 0);
	}
}

static int
check_records(void *ctx, const struct record *recs, size_t count)
{
	unsigned long *last_row = ctx;
	size_t i, k;

	if (count == 0)
		fail_with("empty batch", NULL, 0);
	for (i = 0; i < count; i++) {
		const struct record *r = &recs[i];
		bool any = false;

		if (r->line != r->row || r->row <= *last_row ||
		    r->row > MAX_ROW)
			fail_with("record row out of order or range", NULL, 0);
		*last_row = r->row;
		if (r->count == 0 || r->count > SOURCE_MAX_COLUMNS)
			fail_with("record with no cells or too many", NULL, 0);
		for (k = 0; k < r->count; k++) {
			check_cell(&r->cells[k]);
			any = any || r->cells[k].len > 0;
		}
		if (!any)
			fail_with("record of empty cells", NULL, 0);
	}
	return 0;
}

static int
no_rewind(void *ctx)
{
	(void)ctx;
	fail_with("a workbook source rewound", NULL, 0);
	return EX_SOFTWARE;
}

/* The zip of the parts given in data (split at \f) and the defaults. */
static unsigned char *
make_zip(const uint8_t *data, size_t size, bool deflate, size_t *len)
{
	const char *parts[4];
	size_t lens[4], i, n = 0;
	zip_error_t error;
	zip_source_t *buf, *src;
	zip_stat_t st;
	zip_int64_t index;
	unsigned char *out;
	zip_t *za;

	for (i = 0; i < 4; i++) {
		parts[i] = default_parts[i];
		lens[i] = strlen(default_parts[i]);
	}
	for (i = 0; i < 4 && n <= size; i++) {
		const uint8_t *end = memchr(data + n, '\f', size - n);
		size_t m = end != NULL ? (size_t)(end - data) - n : size - n;

		if (m > 0) {
			parts[i] = (const char *)data + n;
			lens[i] = m;
		}
		n += m + 1;
	}
	zip_error_init(&error);
	if ((buf = zip_source_buffer_create(NULL, 0, 0, &error)) == NULL ||
	    (za = zip_open_from_source(buf, ZIP_TRUNCATE, &error)) == NULL)
		fail_with("cannot make a zip in memory", NULL, 0);
	zip_source_keep(buf);
	for (i = 0; i < 4; i++) {
		if ((src = zip_source_buffer(za, parts[i], lens[i], 0)) ==
		    NULL || (index = zip_file_add(za, part_names[i], src,
		    0)) < 0 || zip_set_file_compression(za,
		    (zip_uint64_t)index, deflate ? ZIP_CM_DEFLATE :
		    ZIP_CM_STORE, 0) != 0)
			fail_with("cannot add a part", NULL, 0);
	}
	if (zip_close(za) != 0 || zip_source_stat(buf, &st) != 0 ||
	    zip_source_open(buf) != 0 ||
	    (out = malloc(st.size > 0 ? st.size : 1)) == NULL ||
	    zip_source_read(buf, out, st.size) != (zip_int64_t)st.size)
		fail_with("cannot take the zip from memory", NULL, 0);
	zip_source_close(buf);
	zip_source_free(buf);
	zip_error_fini(&error);
	*len = st.size;
	return out;
}

/* One line, in the form "kaoping: t.xlsx: " or "kaoping: t.xlsx:N: ". */
static void
check_message(const char *text, size_t len)
{
	static const char prefix[] = "kaoping: t.xlsx:";
	size_t i = sizeof prefix - 1;

	if (len < i || memcmp(text, prefix, i) != 0 ||
	    memchr(text, '\n', len) != text + len - 1)
		fail_with("message not one line about the workbook", text,
		    len);
	if (i < len && text[i] >= '1' && text[i] <= '9') {
		while (i < len && text[i] >= '0' && text[i] <= '9')
			i++;
		if (i == len || text[i++] != ':')
			fail_with("message with a bad row", text, len);
	}
	if (i == len || text[i] != ' ')
		fail_with("message without its location", text, len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	unsigned long last_row = 0;
	struct source_target target = { check_records, no_rewind, &last_row };
	struct source_facts facts;
	unsigned char *file = NULL;
	const unsigned char *bytes;
	char *text = NULL;
	size_t len = 0, text_len = 0;
	struct diag d;
	FILE *fp;
	int status;

	if (size == 0)
		return 0;
	if (fd == -1 && (fd = memfd_create("fuzz_xlsx", 0)) == -1)
		fail_with("memfd_create", NULL, 0);
	if (data[0] & 1) {
		bytes = data + 1;
		len = size - 1;
	} else if ((data[0] & 4) && size >= 5) {
		size_t cut = data[1] | (size_t)data[2] << 8;
		size_t flip = data[3] | (size_t)data[4] << 8;

		bytes = file = make_zip(data + 5, size - 5, data[0] & 2, &len);
		if (flip != 0)
			file[flip % len] ^= 0xFF;
		if (cut != 0)
			len = cut % (len + 1);
	} else
		bytes = file = make_zip(data + 1, size - 1, data[0] & 2, &len);
	if (ftruncate(fd, 0) != 0 ||
	    pwrite(fd, bytes, len, 0) != (ssize_t)len)
		fail_with("cannot write the memfd", NULL, 0);
	free(file);

	if ((fp = open_memstream(&text, &text_len)) == NULL)
		abort();
	diag_init(&d, fp);
	memset(&facts, 0x55, sizeof facts);
	status = xlsx_read(fd, "t.xlsx", &target, &facts, &d);
	fclose(fp);

	if (status != 0 && status != EX_DATAERR && status != EX_OSERR)
		fail_with("status not 0, 65 or 71", text, text_len);
	if ((status == 0) != (d.errors == 0))
		fail_with("status and messages disagree", text, text_len);
	if (status != 0)
		check_message(text, text_len);
	if (!facts.workbook)
		fail_with("facts do not name a workbook", NULL, 0);
	if (memchr(facts.worksheet, 0, sizeof facts.worksheet) == NULL ||
	    !utf8_clean(facts.worksheet, strlen(facts.worksheet)))
		fail_with("worksheet name not valid UTF-8", NULL, 0);
	free(text);
	return 0;
}

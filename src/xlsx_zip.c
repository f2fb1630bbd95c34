#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>
#include <zip.h>

#include "diag.h"
#include "i18n.h"
#include "xlsx.h"
#include "xlsx_zip.h"

static uint64_t entry_limit = XLSX_ENTRY_LIMIT;

void
xlsx_set_entry_limit(uint64_t bytes)
{
	entry_limit = bytes != 0 ? bytes : XLSX_ENTRY_LIMIT;
}

int
xlsx_zip_fail(struct xlsx_zip *z, unsigned long row, int status,
    const char *fmt, ...)
{
	int (*before)(void *) = z->before_message;
	char message[1024];
	va_list ap;
	int instead;

	z->before_message = NULL;	/* it may fail itself */
	if (before != NULL && (instead = before(z->before_ctx)) != 0)
		return instead;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	diag_error(z->diag, z->name, row, "%s", message);
	return status;
}

/* The records read so far still go first, as for any failure. */
int
xlsx_zip_no_memory(struct xlsx_zip *z)
{
	int (*before)(void *) = z->before_message;
	int instead;

	z->before_message = NULL;
	if (before != NULL && (instead = before(z->before_ctx)) != 0)
		return instead;
	return diag_out_of_memory(z->diag);
}

/*
 * What libzip found wrong, for the clerk: out of memory, a password, or a
 * damaged file (a copy cut short, a mail attachment mangled).
 */
static int
zip_failed(struct xlsx_zip *z, const char *part, zip_error_t *error)
{
	switch (zip_error_code_zip(error)) {
	case ZIP_ER_MEMORY:
		return xlsx_zip_no_memory(z);
	case ZIP_ER_NOPASSWD:
	case ZIP_ER_WRONGPASSWD:
	case ZIP_ER_ENCRNOTSUPP:
		return xlsx_zip_fail(z, 0, EX_DATAERR, _("the workbook is "
		    "protected by a password; save it again without one"));
	}
	if (part != NULL)
		return xlsx_zip_fail(z, 0, EX_DATAERR, _("the workbook is "
		    "damaged or incomplete (%s: %s); save it again from the "
		    "spreadsheet program"), part, zip_error_strerror(error));
	return xlsx_zip_fail(z, 0, EX_DATAERR, _("the workbook is damaged "
	    "or incomplete (%s); save it again from the spreadsheet "
	    "program"), zip_error_strerror(error));
}

int
xlsx_zip_open(struct xlsx_zip *z, int fd, const char *name, struct diag *d)
{
	zip_error_t error;
	int copy, code, status;

	z->archive = NULL;
	z->name = name;
	z->diag = d;
	z->before_message = NULL;
	z->before_ctx = NULL;
	if ((copy = dup(fd)) == -1)
		return xlsx_zip_fail(z, 0, EX_OSERR, _("cannot read: %s"),
		    strerror(errno));
	z->archive = zip_fdopen(copy, ZIP_RDONLY | ZIP_CHECKCONS, &code);
	if (z->archive != NULL)
		return 0;
	close(copy);
	zip_error_init_with_code(&error, code);
	status = zip_failed(z, NULL, &error);
	zip_error_fini(&error);
	return status;
}

void
xlsx_zip_close(struct xlsx_zip *z)
{
	if (z->archive != NULL)
		zip_discard(z->archive);	/* nothing to write */
	z->archive = NULL;
}

bool
xlsx_zip_find(const struct xlsx_zip *z, const char *name,
    struct xlsx_part *part)
{
	zip_int64_t index;

	if ((index = zip_name_locate(z->archive, name, ZIP_FL_NOCASE)) < 0)
		return false;
	part->index = index;
	part->name = name;
	return true;
}

static int
too_large(struct xlsx_zip *z, const struct xlsx_part *part)
{
	return xlsx_zip_fail(z, 0, EX_DATAERR, _("part %s of the workbook "
	    "unpacks to more than %llu MiB; no score sheet is that large, so "
	    "the file is damaged or made to harm (a zip bomb)"), part->name,
	    (unsigned long long)(entry_limit >> 20));
}

/*
 * The declared size is checked first, but libzip inflates past it without
 * complaint, so the bytes are counted too.
 */
int
xlsx_zip_read(struct xlsx_zip *z, const struct xlsx_part *part,
    xlsx_piece_fn fn, void *ctx)
{
	zip_stat_t st;
	zip_file_t *file;
	zip_int64_t n = 0;
	uint64_t total = 0;
	int status = 0;

	if (zip_stat_index(z->archive, (zip_uint64_t)part->index, 0,
	    &st) != 0)
		return zip_failed(z, part->name, zip_get_error(z->archive));
	if ((st.valid & ZIP_STAT_SIZE) && st.size > entry_limit)
		return too_large(z, part);
	file = zip_fopen_index(z->archive, (zip_uint64_t)part->index, 0);
	if (file == NULL)
		return zip_failed(z, part->name, zip_get_error(z->archive));
	while (status == 0 &&
	    (n = zip_fread(file, z->piece, sizeof z->piece)) > 0) {
		total += (uint64_t)n;
		if (total > entry_limit)
			status = too_large(z, part);
		else
			status = fn(ctx, z->piece, (size_t)n);
	}
	if (status == 0 && n < 0)
		status = zip_failed(z, part->name, zip_file_get_error(file));
	zip_fclose(file);
	return status;
}

#define HEAD_FULL	(-1)		/* not a status: enough is read */

struct head {
	char	*out;
	size_t	 len, size;
};

static int
take_head(void *ctx, const char *piece, size_t len)
{
	struct head *h = ctx;
	size_t n = h->size - 1 - h->len;

	if (n > len)
		n = len;
	memcpy(h->out + h->len, piece, n);
	h->len += n;
	return h->len + 1 < h->size ? 0 : HEAD_FULL;
}

int
xlsx_zip_head(struct xlsx_zip *z, const struct xlsx_part *part, char *out,
    size_t size)
{
	struct head h = { out, 0, size };
	int status;

	status = xlsx_zip_read(z, part, take_head, &h);
	out[h.len] = '\0';
	return status == HEAD_FULL ? 0 : status;
}

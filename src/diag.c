#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "diag.h"
#include "i18n.h"

void
diag_init(struct diag *d, FILE *out)
{
	d->out = out;
	d->errors = 0;
	d->held_back = 0;
	d->out_of_memory = false;
}

/*
 * "kaoping: " + prefix + the message + a line end, in one write when
 * memory allows: standard error is unbuffered, so that costs one system
 * call a line, not three, and a line is never split by another writer.
 */
static void
print_line(struct diag *d, const char *prefix, const char *fmt, va_list ap)
{
	char *message;
	va_list again;

	va_copy(again, ap);
	if (vasprintf(&message, fmt, again) >= 0) {
		fprintf(d->out, "kaoping: %s%s\n", prefix, message);
		free(message);
	} else {
		fprintf(d->out, "kaoping: %s", prefix);
		vfprintf(d->out, fmt, ap);
		fputc('\n', d->out);
	}
	va_end(again);
}

static void
error_line(struct diag *d, const char *file, unsigned long line,
    unsigned long row, const char *fmt, va_list ap)
{
	char where[4096] = "";

	if (++d->errors > DIAG_LIMIT) {
		d->held_back++;
		return;
	}
	if (file != NULL && line > 0 && row > 0 && row != line)
		snprintf(where, sizeof where, "%s:%lu (row %lu): ", file, line,
		    row);
	else if (file != NULL && line > 0)
		snprintf(where, sizeof where, "%s:%lu: ", file, line);
	else if (file != NULL)
		snprintf(where, sizeof where, "%s: ", file);
	print_line(d, where, fmt, ap);
}

void
diag_error(struct diag *d, const char *file, unsigned long line,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_line(d, file, line, 0, fmt, ap);
	va_end(ap);
}

void
diag_error_at(struct diag *d, const char *file, unsigned long line,
    unsigned long row, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_line(d, file, line, row, fmt, ap);
	va_end(ap);
}

int
diag_write_error(struct diag *d, const char *file, int error)
{
	if (error == EFBIG)
		diag_error(d, file, 0, "%s", _("write error: the file size "
		    "limit (ulimit -f) was reached"));
	else
		diag_error(d, file, 0, _("write error: %s"), strerror(error));
	return EX_IOERR;
}

int
diag_out_of_memory(struct diag *d)
{
	if (!d->out_of_memory) {
		d->out_of_memory = true;
		diag_error(d, NULL, 0, "%s", _("out of memory"));
	}
	return EX_OSERR;
}

void
diag_warn(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_line(d, _("warning: "), fmt, ap);
	va_end(ap);
}

/* An informational line, for -v. */
void
diag_note(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_line(d, "", fmt, ap);
	va_end(ap);
}

void
diag_finish(struct diag *d)
{
	if (d->held_back > 0)
		fprintf(d->out, ngettext("kaoping: %lu more error not shown\n",
		    "kaoping: %lu more errors not shown\n", d->held_back),
		    d->held_back);
	fflush(d->out);
}

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "i18n.h"

void
diag_init(struct diag *d, FILE *out)
{
	d->out = out;
	d->errors = 0;
	d->held_back = 0;
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

/*
 * An error at file:line (row), counted; printed while under DIAG_LIMIT.
 * The location is formatted before the message, so that a message that
 * is too long for one write cannot push it out.
 */
static void
report(struct diag *d, const char *file, unsigned long line,
    unsigned long row, const char *fmt, va_list ap)
{
	char where[4096] = "";

	if (++d->errors > DIAG_LIMIT) {
		d->held_back++;
		return;
	}
	if (file != NULL && line > 0 && row > 0 && row != line)
		snprintf(where, sizeof where, _("%s:%lu (row %lu): "), file,
		    line, row);
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
	report(d, file, line, 0, fmt, ap);
	va_end(ap);
}

void
diag_error_at(struct diag *d, const char *file, unsigned long line,
    unsigned long row, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(d, file, line, row, fmt, ap);
	va_end(ap);
}

void
diag_warn(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_line(d, "warning: ", fmt, ap);
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
		fprintf(d->out, "kaoping: %lu more error%s not shown\n",
		    d->held_back, d->held_back == 1 ? "" : "s");
	fflush(d->out);
}

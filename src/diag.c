#include <stdarg.h>
#include <stdio.h>

#include "diag.h"

void
diag_init(struct diag *d, FILE *out)
{
	d->out = out;
	d->errors = 0;
	d->held_back = 0;
}

void
diag_error(struct diag *d, const char *file, unsigned long line,
    const char *fmt, ...)
{
	va_list ap;

	if (++d->errors > DIAG_LIMIT) {
		d->held_back++;
		return;
	}
	fputs("kaoping: ", d->out);
	if (file != NULL && line > 0)
		fprintf(d->out, "%s:%lu: ", file, line);
	else if (file != NULL)
		fprintf(d->out, "%s: ", file);
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fputc('\n', d->out);
}

void
diag_warn(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	fputs("kaoping: warning: ", d->out);
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fputc('\n', d->out);
}

/* An informational line, for -v. */
void
diag_note(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	fputs("kaoping: ", d->out);
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fputc('\n', d->out);
}

void
diag_finish(struct diag *d)
{
	if (d->held_back > 0)
		fprintf(d->out, "kaoping: %lu more error%s not shown\n",
		    d->held_back, d->held_back == 1 ? "" : "s");
	fflush(d->out);
}

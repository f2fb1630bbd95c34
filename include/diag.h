/*
 * Diagnostics: "kaoping: FILE:LINE: message" on a stream (standard error in
 * the program, a memory stream in the tests).  Errors are counted; only the
 * first DIAG_LIMIT are printed and diag_finish() prints how many were held
 * back, so a sheet with a million bad rows does not flood cron's mail.
 * Messages arrive translated (i18n.h); the "kaoping: FILE:LINE:" prefix is
 * never translated.
 */
#ifndef KAOPING_DIAG_H
#define KAOPING_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#define DIAG_LIMIT 100

struct diag {
	FILE		*out;
	unsigned long	 errors;	/* every error reported */
	unsigned long	 held_back;	/* errors beyond DIAG_LIMIT */
	bool		 out_of_memory;	/* told once */
};

void	diag_init(struct diag *, FILE *);
/* file may be NULL (no location); line 0 means "the file as a whole". */
void	diag_error(struct diag *, const char *file, unsigned long line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/*
 * The same at a record whose spreadsheet row differs from its line (a
 * quoted line break above it): "FILE:LINE (row N): message".  A row of 0
 * or equal to the line is not shown.
 */
void	diag_error_at(struct diag *, const char *file, unsigned long line,
	    unsigned long row, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
/*
 * "write error: ..." for a write to file that failed with error (errno);
 * past the file-size limit it says so.  Returns EX_IOERR.
 */
int	diag_write_error(struct diag *, const char *file, int error);
/* "out of memory", once however often it is called; returns EX_OSERR. */
int	diag_out_of_memory(struct diag *);
void	diag_warn(struct diag *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	diag_note(struct diag *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	diag_finish(struct diag *);

#endif

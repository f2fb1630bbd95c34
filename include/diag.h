/*
 * Diagnostics: "kaoping: FILE:LINE: message" on a stream (standard error in
 * the program, a memory stream in the tests).  Errors are counted; only the
 * first DIAG_LIMIT are printed and diag_finish() prints how many were held
 * back, so a sheet with a million bad rows does not flood cron's mail.
 */
#ifndef KAOPING_DIAG_H
#define KAOPING_DIAG_H

#include <stdio.h>

#define DIAG_LIMIT 100

struct diag {
	FILE		*out;
	unsigned long	 errors;	/* every error reported */
	unsigned long	 held_back;	/* errors beyond DIAG_LIMIT */
};

void	diag_init(struct diag *, FILE *);
/* file may be NULL (no location); line 0 means "the file as a whole". */
void	diag_error(struct diag *, const char *file, unsigned long line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/*
 * The same for a CSV record whose spreadsheet row differs from its line
 * (line breaks inside quoted cells above it): "FILE:LINE (row N): ".  With
 * row 0 or row == line it is diag_error.
 */
void	diag_error_at(struct diag *, const char *file, unsigned long line,
	    unsigned long row, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
void	diag_warn(struct diag *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	diag_note(struct diag *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	diag_finish(struct diag *);

#endif

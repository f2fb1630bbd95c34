/*
 * The zip archive of a workbook (xlsx_read.c's helpers): its parts found
 * by name and inflated a piece at a time, never past the entry limit, so
 * that a zip bomb costs neither memory nor much time.  Problems are
 * reported through the diag under the workbook's name.  Not for other
 * modules.
 */
#ifndef KAOPING_XLSX_ZIP_H
#define KAOPING_XLSX_ZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zip.h>

#include "diag.h"

#define XLSX_ENTRY_LIMIT	((uint64_t)1 << 30)	/* SPEC section 9 */
#define XLSX_PIECE		(64 * 1024)

struct xlsx_zip {
	zip_t		*archive;
	const char	*name;		/* the workbook, in messages */
	struct diag	*diag;
	/*
	 * When set, called once before the first message, so that records
	 * read before a problem are handed over before it is reported, as a
	 * CSV sheet's are.  Returns 0, or a status to stop with instead of
	 * the message.
	 */
	int		(*before_message)(void *ctx);
	void		*before_ctx;
	char		 piece[XLSX_PIECE];
};

/* A part by index in the archive, and its name for messages. */
struct xlsx_part {
	zip_int64_t	 index;
	const char	*name;
};

/* Receives a part's bytes; returns 0 to go on or a status to stop. */
typedef int	(*xlsx_piece_fn)(void *ctx, const char *piece, size_t len);

/*
 * Open the archive on a duplicate of fd (fd stays the caller's).  Returns
 * 0 or a status, reported.  Close it even when opening failed.
 */
int	xlsx_zip_open(struct xlsx_zip *, int fd, const char *name,
	    struct diag *);
void	xlsx_zip_close(struct xlsx_zip *);

/* Find a part by name, ASCII case ignored as OPC wants.  Nothing reported. */
bool	xlsx_zip_find(const struct xlsx_zip *, const char *name,
	    struct xlsx_part *);

/*
 * Inflate the part, giving each piece to fn, stopping with EX_DATAERR
 * (reported) if it declares or inflates to more than the entry limit.
 * Returns 0, a reported status, or what fn returned.
 */
int	xlsx_zip_read(struct xlsx_zip *, const struct xlsx_part *,
	    xlsx_piece_fn, void *ctx);

/* The part's first bytes, at most size - 1, NUL-terminated, in out. */
int	xlsx_zip_head(struct xlsx_zip *, const struct xlsx_part *, char *out,
	    size_t size);

/*
 * Report a problem of the workbook at a worksheet row (0: none) and
 * return status, or what before_message returned instead.
 */
int	xlsx_zip_fail(struct xlsx_zip *, unsigned long row, int status,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Out of memory: reported as xlsx_zip_fail() does, EX_OSERR. */
int	xlsx_zip_no_memory(struct xlsx_zip *);

#endif

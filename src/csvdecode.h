/*
 * The CSV source's encoding step (SPEC section 11): a sheet's bytes in,
 * text meant to be UTF-8 out, a leading byte-order mark dropped.  The
 * parser checks the text (csvparse.h) and asks csvdecode_not_utf8() what
 * a cell that is not UTF-8 means.
 *
 * With an encoding given (-e NAME) every sheet is read in it.  Without
 * one ("auto"), a UTF-8 mark means UTF-8 and a UTF-16 mark UTF-16; any
 * other sheet is taken as UTF-8 while its bytes are, and as GB18030 from
 * the first byte that is not: in place when every byte before it was
 * ASCII (the same in both), so when the first character beyond ASCII is
 * not UTF-8; else by reading the whole sheet again when it can be read
 * again; else it is an error that says to give -e.
 *
 * It also knows a workbook or other binary file from text: a zip or OLE2
 * signature at the start, a NUL byte among the first bytes, or (auto)
 * first bytes that are neither UTF-8 nor GB18030.
 *
 * Private to the CSV source (csvsource.c).
 */
#ifndef KAOPING_CSVDECODE_H
#define KAOPING_CSVDECODE_H

#include <stdbool.h>
#include <stddef.h>

/* A status of csvdecode_feed: read the sheet again from its start. */
#define CSVDECODE_REWIND	(-1)

/* The next stretch of text; false stops the decoding (quietly). */
typedef bool	(*csvdecode_emit)(void *ctx, const char *utf8, size_t len);

struct csvdecode;

/*
 * encoding: an iconv name, or NULL for auto.  rereadable: whether the
 * sheet can be read again from its start (a regular file).  NULL when
 * memory runs out or iconv does not know the encoding (errno EINVAL).
 */
struct csvdecode *csvdecode_new(const char *encoding, bool rereadable);
void		 csvdecode_free(struct csvdecode *);
/* After CSVDECODE_REWIND: decode the sheet again, as GB18030. */
void		 csvdecode_restart(struct csvdecode *);

/*
 * Decode the next len bytes of the sheet, or the end of it, handing the
 * text to emit.  Returns 0, CSVDECODE_REWIND, or a status (sysexits.h)
 * with a message: the text before the problem has been emitted.
 */
int		 csvdecode_feed(struct csvdecode *, const void *, size_t,
		    csvdecode_emit, void *ctx);
int		 csvdecode_end(struct csvdecode *, csvdecode_emit, void *ctx);

/*
 * What a byte that is not UTF-8 in the text means (excerpt shows its
 * cell): CSVDECODE_REWIND, or a status with a message.
 */
int		 csvdecode_not_utf8(struct csvdecode *, unsigned char byte,
		    const char *excerpt);

/* Why feed, end or not_utf8 failed, for a clerk. */
const char	*csvdecode_message(const struct csvdecode *);
/* Whether that is about the sheet as a whole, not the line reached. */
bool		 csvdecode_whole_sheet(const struct csvdecode *);
/* The encoding being read: "UTF-8", "GB18030", "UTF-16LE", or the -e name. */
const char	*csvdecode_name(const struct csvdecode *);

#endif

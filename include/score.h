/*
 * Exact decimal scores.  A score from 0 to 100 with at most 15 digits after
 * the point is held as an integer count of 10^-15 (at most 10^17), and the
 * combined score's numerator W*s + (100-W)*d (at most 10^19) still fits in
 * 64 unsigned bits, so no step needs floating point or a big-number type.
 * A published score is an integer count of 10^-decimals (at most 10^6).
 */
#ifndef KAOPING_SCORE_H
#define KAOPING_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCORE_MAX_FRACTION	15	/* digits after the point in a sheet */
#define SCORE_MAX_DECIMALS	4	/* digits of a published score */
#define SCORE_FORMAT_SIZE	32	/* any integer part, point, 4 digits */

typedef uint64_t score_t;		/* value x 10^15 */
typedef uint32_t published_t;		/* value x 10^decimals */

/*
 * Parse a trimmed cell.  Returns NULL and sets *out, or returns why the
 * text is not a score, as a phrase for a message ("has an exponent"),
 * untranslated: pass it through _().
 */
const char	*score_parse(const char *s, size_t len, score_t *out);

/*
 * The combined score (W x street + (100 - W) x dept) / 100, rounded once,
 * half away from zero, to `decimals` digits.  weight is W, 0 to 100.
 */
published_t	 score_combine(score_t street, score_t dept, unsigned weight,
		    unsigned decimals);

/* True if the published score is at least the floor. */
bool		 score_reaches(published_t, unsigned decimals, score_t floor);

/* Write the published score with exactly `decimals` digits after the point. */
size_t		 score_format(char out[SCORE_FORMAT_SIZE], published_t,
		    unsigned decimals);

#endif

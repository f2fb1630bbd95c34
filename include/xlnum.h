/*
 * A workbook's number as Excel shows it (SPEC section 9): the stored
 * decimal text, which may carry an exponent, rounded half away from zero
 * to 15 significant digits, trailing zeros and a trailing point dropped,
 * without an exponent: "85.124999999999986" is "85.125",
 * "9.0000000000000002E-2" is "0.09".  Done on the text, exactly.
 */
#ifndef KAOPING_XLNUM_H
#define KAOPING_XLNUM_H

#include <stddef.h>

/* Room for any result: sign, 15 digits, up to 308 zeros, a point. */
#define XLNUM_SIZE	352

/*
 * Write the shown text of s (len bytes) to out, NUL-terminated, and
 * return its length; 0 if s is not a decimal number.
 */
size_t	xlnum_shown(const char *s, size_t len, char out[XLNUM_SIZE]);

#endif

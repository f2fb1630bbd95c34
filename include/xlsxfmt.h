/*
 * How the workbook writer shows a cell: the number format that shows a
 * decimal text with exactly its digits, and how wide a text is on screen,
 * for fitting column widths (SPEC section 9).  Pure functions on text.
 */
#ifndef KAOPING_XLSXFMT_H
#define KAOPING_XLSXFMT_H

#include <stdbool.h>
#include <stddef.h>

/* Room for a number format, with its terminator. */
#define XLSXFMT_FORMAT_SIZE	48
/* Most significant digits a spreadsheet shows of a number. */
#define XLSXFMT_DIGITS		15
/* Widest column fitted, in characters. */
#define XLSXFMT_WIDTH_MAX	60

/*
 * The number format under which a spreadsheet shows the value of s with
 * the digits of s: "85.50" is "0.00", "85." is "0.", "007" is "000",
 * ".5" is "#.0", "+85.5" is "+0.0" (a literal plus).  False when s is not
 * [+]digits[.digits] with a digit, or has more than XLSXFMT_DIGITS
 * significant digits (a spreadsheet would show others), or its format
 * would not fit: such a text can only be shown as text.
 */
bool	xlsxfmt_number_format(const char *s, size_t len,
	    char out[XLSXFMT_FORMAT_SIZE]);

/*
 * Columns the text takes on screen: 2 for a wide character (CJK,
 * Hangul, full-width forms; Unicode East Asian Width W and F, roughly),
 * 1 for any other character, 1 for each byte that is not UTF-8.
 */
size_t	xlsxfmt_text_width(const char *s, size_t len);

/*
 * The width of a column whose widest cell takes text_width columns: a
 * little room either side, at most XLSXFMT_WIDTH_MAX.
 */
unsigned xlsxfmt_column_width(size_t text_width);

#endif

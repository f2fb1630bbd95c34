#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "source.h"
#include "xlsx_string.h"
#include "xlsx_xml.h"

void
xlsx_string_clear(struct xlsx_string *str)
{
	str->len = 0;
	str->segment = 0;
	str->too_long = false;
}

void
xlsx_string_free(struct xlsx_string *str)
{
	free(str->s);
	memset(str, 0, sizeof *str);
}

/* Whether the current element holds text of the container. */
static bool
holds_text(const struct xlsx_xml *x, enum xlsx_element container)
{
	if (container == XE_V)
		return xlsx_xml_up(x, 0) == XE_V && xlsx_xml_up(x, 1) == XE_C;
	if (xlsx_xml_up(x, 0) != XE_T)
		return false;
	return xlsx_xml_up(x, 1) == container ||
	    (xlsx_xml_up(x, 1) == XE_R && xlsx_xml_up(x, 2) == container);
}

void
xlsx_string_start(struct xlsx_string *str, const struct xlsx_xml *x,
    enum xlsx_element container)
{
	if (holds_text(x, container))
		str->segment = str->len;
}

bool
xlsx_string_text(struct xlsx_string *str, const struct xlsx_xml *x,
    enum xlsx_element container, const char *s, size_t len)
{
	if (str->too_long || !holds_text(x, container))
		return true;
	if (len > SOURCE_MAX_CELL - str->len) {
		str->too_long = true;
		return true;
	}
	if (!array_reserve(&str->s, &str->cap, str->len + len, 1))
		return false;
	memcpy(str->s + str->len, s, len);
	str->len += len;
	return true;
}

static bool
is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The UTF-16 unit of an escape _xHHHH_ at s (len bytes on), or -1. */
static long
escaped_unit(const char *s, size_t len)
{
	long unit = 0;
	int i, h;

	if (len < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
		return -1;
	for (i = 2; i < 6; i++) {
		if ((h = hex_value(s[i])) < 0)
			return -1;
		unit = unit * 16 + h;
	}
	return unit;
}

static size_t
put_utf8(char *out, unsigned long c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3F));
	out[2] = (char)(0x80 | (c >> 6 & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/*
 * The character an escape (or a pair of them, for a surrogate pair) at s
 * stands for, and in *used its length; 0 when it is not one that a cell
 * can hold (XML 1.0's characters: tab, line ends, U+0020 on).
 */
static unsigned long
escaped_char(const char *s, size_t len, size_t *used)
{
	long unit = escaped_unit(s, len), low;

	if (unit < 0)
		return 0;
	*used = 7;
	if (unit >= 0xD800 && unit <= 0xDBFF) {
		low = escaped_unit(s + 7, len - 7);
		if (low < 0xDC00 || low > 0xDFFF)
			return 0;
		*used = 14;
		return 0x10000 + ((unsigned long)(unit - 0xD800) << 10) +
		    (unsigned long)(low - 0xDC00);
	}
	if ((unit < 0x20 && unit != '\t' && unit != '\n' && unit != '\r') ||
	    (unit >= 0xDC00 && unit <= 0xDFFF) || unit >= 0xFFFE)
		return 0;
	return (unsigned long)unit;
}

/* Undo Excel's escapes in place; one never takes more room than it. */
static size_t
unescape(char *s, size_t len)
{
	size_t in = 0, out = 0, used = 0;
	unsigned long c;

	while (in < len) {
		if (s[in] == '_' && (c = escaped_char(s + in, len - in,
		    &used)) != 0) {
			out += put_utf8(s + out, c);
			in += used;
		} else
			s[out++] = s[in++];
	}
	return out;
}

void
xlsx_string_end(struct xlsx_string *str, const struct xlsx_xml *x,
    enum xlsx_element container)
{
	char *seg;
	size_t n, lead = 0;

	if (str->too_long || !holds_text(x, container) ||
	    str->len == str->segment)
		return;
	seg = str->s + str->segment;
	n = str->len - str->segment;
	if (!xlsx_xml_preserve(x)) {
		while (n > 0 && is_xml_space(seg[n - 1]))
			n--;
		while (lead < n && is_xml_space(seg[lead]))
			lead++;
		memmove(seg, seg + lead, n - lead);
		n -= lead;
	}
	if (memchr(seg, '_', n) != NULL)
		n = unescape(seg, n);
	str->len = str->segment + n;
}

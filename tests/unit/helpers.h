/*
 * Helpers shared by the unit tests: capture what a function writes to a
 * FILE in memory, look for text in it, and make a temporary file with
 * given contents.  Everything is static inline so that a test that uses
 * only part of it compiles without warnings.
 */
#ifndef KAOPING_TEST_HELPERS_H
#define KAOPING_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* An in-memory stream; text is valid after capture_text(). */
struct capture {
	FILE	*fp;
	char	*buf;
	size_t	 len;
};

static inline void
capture_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->fp = open_memstream(&c->buf, &c->len);
	assert_non_null(c->fp);
}

/* What was written so far, NUL-terminated; len in c->len. */
static inline const char *
capture_text(struct capture *c)
{
	assert_int_equal(fflush(c->fp), 0);
	return c->buf;
}

static inline void
capture_close(struct capture *c)
{
	if (c->fp != NULL)
		fclose(c->fp);
	free(c->buf);
	c->fp = NULL;
	c->buf = NULL;
	c->len = 0;
}

/* Fail, showing both texts, unless needle occurs in haystack. */
#define assert_contains(haystack, needle) do {				\
	const char *hay_ = (haystack), *needle_ = (needle);		\
	if (hay_ == NULL || strstr(hay_, needle_) == NULL)		\
		fail_msg("\"%s\" does not contain \"%s\"",		\
		    hay_ != NULL ? hay_ : "(null)", needle_);		\
} while (0)

/* Fail, showing both texts, if needle occurs in haystack. */
#define assert_not_contains(haystack, needle) do {			\
	const char *hay_ = (haystack), *needle_ = (needle);		\
	if (hay_ != NULL && strstr(hay_, needle_) != NULL)		\
		fail_msg("\"%s\" contains \"%s\"", hay_, needle_);	\
} while (0)

/* Number of times needle occurs in haystack, without overlaps. */
static inline size_t
count_occurrences(const char *haystack, const char *needle)
{
	size_t n = 0, len = strlen(needle);
	const char *p = haystack;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += len;
	}
	return n;
}

/* A new temporary file holding the text; the caller unlinks and frees. */
static inline char *
temp_file(const char *text)
{
	const char *dir = getenv("TMPDIR");
	size_t len = strlen(text);
	char *path;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	assert_true(asprintf(&path, "%s/kaoping-test-XXXXXX", dir) > 0);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
	return path;
}

static inline void
temp_file_remove(char *path)
{
	if (path != NULL)
		unlink(path);
	free(path);
}

#endif

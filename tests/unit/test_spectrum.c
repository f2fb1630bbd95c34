/*
 * RFC 4180 conformance: every csv-spectrum file read by the record reader,
 * at every piece size, gives exactly the records its JSON file expects.
 * The data lives outside the project (CSV_SPECTRUM, by default
 * ../shared/data/csv-spectrum); without it the test is skipped, loudly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>

#include "reader_transcript.h"

static const char *
spectrum_dir(void)
{
	const char *dir = getenv("CSV_SPECTRUM");

	return dir != NULL ? dir : "../shared/data/csv-spectrum";
}

static char *
slurp(const char *path, size_t *len)
{
	char *text = NULL;
	size_t cap = 0;
	FILE *fp = fopen(path, "rb"), *out = open_memstream(&text, &cap);
	int c;

	assert_non_null(fp);
	while ((c = getc(fp)) != EOF)
		putc(c, out);
	fclose(fp);
	fclose(out);
	*len = cap;
	return text;
}

/* Copy the JSON string at *p (just past its opening quote) into out. */
static const char *
json_string(const char *p, FILE *out)
{
	for (; *p != '"'; p++) {
		if (*p != '\\') {
			putc(*p, out);
			continue;
		}
		switch (*++p) {
		case 'n': putc('\n', out); break;
		case 'r': putc('\r', out); break;
		case 't': putc('\t', out); break;
		default: putc(*p, out); break;	/* \" \\ \/ */
		}
	}
	return p + 1;
}

/*
 * The cells the reader should give for a spectrum JSON file, one record a
 * line as "[a|b]": the keys of the first object as the header, then every
 * object's values.  Line numbers are not in the JSON, so the caller drops
 * them from the reader's transcript.
 */
static char *
expected_records(const char *json)
{
	char *header = NULL, *rows = NULL, *all;
	size_t header_len = 0, rows_len = 0;
	FILE *h = open_memstream(&header, &header_len);
	FILE *r = open_memstream(&rows, &rows_len);
	FILE *ignored = fopen("/dev/null", "w"), *to;
	const char *p;
	int objects = 0, strings = 0;

	for (p = json; *p != '\0'; p++) {
		if (*p == '{') {
			putc('[', r);
			strings = 0;
		} else if (*p == '}') {
			fputs("]\n", r);
			objects++;
		} else if (*p == '"') {
			/* Strings alternate: key, value, key, value... */
			if (strings % 2 == 0)
				to = objects == 0 ? h : ignored;
			else
				to = r;
			if (strings >= 2 && to != ignored)
				putc('|', to);
			p = json_string(p + 1, to) - 1;
			strings++;
		}
	}
	fclose(h);
	fclose(r);
	fclose(ignored);
	assert_true(asprintf(&all, "[%s]\n%s", header, rows) > 0);
	free(header);
	free(rows);
	return all;
}

static char *
drop_line_numbers(const char *transcript)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	const char *p = transcript;
	bool record_start = true;

	/* Records are "LINE:[...]\n"; the transcript ends with "status N". */
	while (*p != '\0' && strncmp(p, "status ", 7) != 0) {
		if (record_start)
			p = strchr(p, ':') + 1;
		record_start = p[0] == ']' && p[1] == '\n';
		putc(*p++, out);
		if (record_start)
			putc(*p++, out);
	}
	fclose(out);
	return text;
}

/* Ensure every csv-spectrum file reads as its JSON says, whole or split. */
static void
test_reader_csv_spectrum(void **state)
{
	char path[4096], *csv, *json, *expected, *got, *cells;
	struct dirent *e;
	size_t csv_len, json_len, piece, files = 0;
	DIR *dir;

	(void)state;
	snprintf(path, sizeof path, "%s/csvs", spectrum_dir());
	if ((dir = opendir(path)) == NULL) {
		print_message("csv-spectrum not found at %s; set CSV_SPECTRUM\n",
		    spectrum_dir());
		skip();
	}
	while ((e = readdir(dir)) != NULL) {
		size_t n = strlen(e->d_name);

		if (n < 5 || strcmp(e->d_name + n - 4, ".csv") != 0)
			continue;
		snprintf(path, sizeof path, "%s/csvs/%s", spectrum_dir(),
		    e->d_name);
		csv = slurp(path, &csv_len);
		snprintf(path, sizeof path, "%s/json/%.*s.json",
		    spectrum_dir(), (int)(n - 4), e->d_name);
		json = slurp(path, &json_len);
		expected = expected_records(json);
		for (piece = 0; piece <= csv_len; piece++) {
			got = reader_transcript(csv, csv_len, piece, NULL);
			if (strstr(got, "status 0\n") == NULL)
				fail_msg("%s: %s", e->d_name, got);
			cells = drop_line_numbers(got);
			if (strcmp(cells, expected) != 0)
				fail_msg("%s at piece size %zu:\n%s\nexpected:"
				    "\n%s", e->d_name, piece, cells, expected);
			free(cells);
			free(got);
		}
		free(expected);
		free(json);
		free(csv);
		files++;
	}
	closedir(dir);
	assert_int_equal(files, 11);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_csv_spectrum),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

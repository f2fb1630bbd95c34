/*
 * RFC 4180 conformance of the CSV source: every csv-spectrum file in
 * tests/data/csv-spectrum (see its NOTES.md), read at every read size,
 * gives exactly the records its JSON file expects.  A missing file is a
 * failure, not a skip.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sysexits.h>

#include "csv_transcript.h"
#include "helpers.h"

#define SPECTRUM	"tests/data/csv-spectrum"

static const char *const spectrum_files[] = {
	"comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json",
	"newlines", "newlines_crlf", "quotes_and_newlines", "simple",
	"simple_crlf", "utf8",
};

static char *
slurp(const char *path, size_t *len)
{
	char *text = NULL;
	size_t n = 0;
	FILE *fp = fopen(path, "rb"), *out;
	int c;

	if (fp == NULL)
		fail_msg("%s is missing: the csv-spectrum data belongs in "
		    SPECTRUM " (run the tests from the top of the tree)", path);
	out = open_memstream(&text, &n);
	assert_non_null(out);
	while ((c = getc(fp)) != EOF)
		putc(c, out);
	fclose(fp);
	fclose(out);
	*len = n;
	return text;
}

/* Copy the JSON string at p (just past its opening quote) to out. */
static const char *
json_string(const char *p, FILE *out)
{
	for (; *p != '"'; p++) {
		if (*p != '\\') {
			putc(*p, out);
			continue;
		}
		switch (*++p) {
		case 'n':
			putc('\n', out);
			break;
		case 'r':
			putc('\r', out);
			break;
		case 't':
			putc('\t', out);
			break;
		default:		/* \" \\ \/ */
			putc(*p, out);
			break;
		}
	}
	return p + 1;
}

/*
 * The records a spectrum JSON file stands for, one a line as "[a|b]": the
 * keys of its first object (the header), then every object's values.
 */
static char *
json_records(const char *json)
{
	char *header = NULL, *rows = NULL, *all;
	size_t header_len = 0, rows_len = 0;
	FILE *h = open_memstream(&header, &header_len);
	FILE *r = open_memstream(&rows, &rows_len);
	FILE *none = fopen("/dev/null", "w"), *to;
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
			/* Key, value, key, value... */
			to = strings % 2 == 1 ? r : objects == 0 ? h : none;
			if (strings >= 2 && to != none)
				putc('|', to);
			p = json_string(p + 1, to) - 1;
			strings++;
		}
	}
	fclose(h);
	fclose(r);
	fclose(none);
	assert_true(asprintf(&all, "[%s]\n%s", header, rows) > 0);
	free(header);
	free(rows);
	return all;
}

static int
put_cells(void *ctx, const struct record *recs, size_t count)
{
	FILE *fp = ctx;
	size_t i, j;

	for (i = 0; i < count; i++) {
		putc('[', fp);
		for (j = 0; j < recs[i].count; j++) {
			if (j > 0)
				putc('|', fp);
			fwrite(recs[i].cells[j].s, 1, recs[i].cells[j].len, fp);
		}
		fputs("]\n", fp);
	}
	return 0;
}

/* A spectrum file is UTF-8 from its first byte: never read again. */
static int
no_rewind(void *ctx)
{
	(void)ctx;
	return EX_SOFTWARE;
}

/* The records of csv read in reads of read_size, and the messages. */
static char *
read_cells(const char *csv, size_t len, size_t read_size, int *status)
{
	char *text = NULL, prefix[8];
	size_t text_len = 0, got;
	FILE *fp = open_memstream(&text, &text_len);
	struct source_target target = { put_cells, no_rewind, fp };
	struct source_facts facts;
	struct csv_pipe_writer unused;
	pthread_t none;
	struct diag d;
	int fd;

	assert_non_null(fp);
	diag_init(&d, fp);
	fd = csv_transcript_open(csv, len, CSV_FROM_FILE, &none, &unused);
	got = csv_transcript_prefix(fd, prefix, read_size % sizeof prefix);
	*status = csv_read_sized(fd, prefix, got, "t.csv", NULL, &target,
	    &facts, &d, read_size);
	close(fd);
	fclose(fp);
	assert_string_equal(facts.encoding, "UTF-8");
	return text;
}

/* Ensure every csv-spectrum file reads as its JSON says, however cut. */
static void
test_csv_read_spectrum(void **state)
{
	char path[256], *csv, *json, *expected, *got;
	size_t i, csv_len, json_len, k;
	int status;

	(void)state;
	for (i = 0; i < sizeof spectrum_files / sizeof spectrum_files[0];
	    i++) {
		snprintf(path, sizeof path, SPECTRUM "/csvs/%s.csv",
		    spectrum_files[i]);
		csv = slurp(path, &csv_len);
		snprintf(path, sizeof path, SPECTRUM "/json/%s.json",
		    spectrum_files[i]);
		json = slurp(path, &json_len);
		expected = json_records(json);
		for (k = 0; k <= csv_len; k++) {
			got = read_cells(csv, csv_len, k, &status);
			if (status != 0 || strcmp(got, expected) != 0)
				fail_msg("%s in reads of %zu bytes: status "
				    "%d\n%s\nexpected:\n%s", spectrum_files[i],
				    k, status, got, expected);
			free(got);
		}
		free(expected);
		free(json);
		free(csv);
	}
}

/* Ensure the CRLF files kept their CRLF on the way into the tree. */
static void
test_csv_spectrum_crlf_intact(void **state)
{
	size_t len;
	char *csv;

	(void)state;
	csv = slurp(SPECTRUM "/csvs/newlines_crlf.csv", &len);
	assert_int_equal(count_occurrences(csv, "\r\n"),
	    count_occurrences(csv, "\n"));
	free(csv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_read_spectrum),
		cmocka_unit_test(test_csv_spectrum_crlf_intact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

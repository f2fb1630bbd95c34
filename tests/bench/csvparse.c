/*
 * csvparse: the benchmark's baseline, libcsv alone.
 *
 *	csvparse FILE
 *
 * Reads FILE in 64 KiB chunks, parses it with the options kaoping uses
 * (CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) and callbacks that only
 * count, then prints "records N fields M".  With CSV_REPALL_NL the empty
 * "row" after each CRLF's LF and every blank line is counted as a record;
 * for an LF-only file without blank lines N is the line count.
 */
#include <stdio.h>
#include <stdlib.h>

#include <csv.h>

#define CHUNK	(64 * 1024)

struct counts {
	unsigned long long	records;
	unsigned long long	fields;
};

static void
on_field(void *data, size_t len, void *arg)
{
	(void)data;
	(void)len;
	((struct counts *)arg)->fields++;
}

static void
on_record(int c, void *arg)
{
	(void)c;
	((struct counts *)arg)->records++;
}

int
main(int argc, char *argv[])
{
	static char	 buf[CHUNK];
	struct csv_parser p;
	struct counts	 n = { 0, 0 };
	FILE		*fp;
	size_t		 len;

	if (argc != 2) {
		fputs("usage: csvparse FILE\n", stderr);
		return 64;
	}
	if ((fp = fopen(argv[1], "rb")) == NULL) {
		perror(argv[1]);
		return 66;
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
		fputs("csvparse: csv_init failed\n", stderr);
		return 71;
	}
	while ((len = fread(buf, 1, sizeof(buf), fp)) > 0) {
		if (csv_parse(&p, buf, len, on_field, on_record, &n) != len) {
			fprintf(stderr, "csvparse: %s: %s\n", argv[1],
			    csv_strerror(csv_error(&p)));
			return 65;
		}
	}
	if (ferror(fp)) {
		perror(argv[1]);
		return 74;
	}
	if (csv_fini(&p, on_field, on_record, &n) != 0) {
		fprintf(stderr, "csvparse: %s: %s\n", argv[1],
		    csv_strerror(csv_error(&p)));
		return 65;
	}
	csv_free(&p);
	fclose(fp);
	printf("records %llu fields %llu\n", n.records, n.fields);
	return 0;
}

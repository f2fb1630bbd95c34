/*
 * mkxlsx: turn a CSV sheet into a workbook, as a clerk's spreadsheet
 * would save it.
 *
 *	mkxlsx [-c] [-n] [-t TITLE] IN.csv OUT.xlsx
 *
 * IN.csv is UTF-8 (a byte-order mark is dropped), parsed strictly by
 * libcsv.  Its first record is the header.  A cell that looks like a
 * number ([+-]digits[.digits]) becomes a number cell, as a spreadsheet
 * stores what is typed into it, except in a column named 工号 or
 * staff_id, whose IDs stay text (with -n they become numbers too, as in
 * a sheet where nobody formatted that column as text); other cells are
 * text, empty ones no cell.  -t TITLE puts a title row above the header.  -c uses
 * libxlsxwriter's constant-memory mode (inline strings instead of the
 * shared strings spreadsheets write) for sheets too big to hold.
 */
#include <err.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <csv.h>
#include <xlsxwriter.h>

#define CHUNK	(64 * 1024)
#define BOM	"\xEF\xBB\xBF"

struct state {
	lxw_worksheet	*sheet;
	lxw_row_t	 row;		/* of the record being read */
	lxw_col_t	 col;
	bool		 header;	/* reading the first record */
	bool		 ids_as_numbers;	/* -n */
	bool		 id_column[LXW_COL_MAX];
};

/* [+-]digits[.digits] or [+-].digits: what a spreadsheet takes as a number. */
static bool
looks_like_number(const char *s)
{
	bool digits = false;

	if (*s == '+' || *s == '-')
		s++;
	for (; *s >= '0' && *s <= '9'; s++)
		digits = true;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits = true;
	return digits && *s == '\0';
}

/* libcsv's field callback: the text is NUL-terminated (CSV_APPEND_NULL). */
static void
on_field(void *data, size_t len, void *arg)
{
	struct state *st = arg;
	const char *s = data;
	lxw_error e;

	if (st->col >= LXW_COL_MAX)
		errx(EX_DATAERR, "record at row %lu: too many columns",
		    (unsigned long)st->row + 1);
	if (st->header)
		st->id_column[st->col] = !st->ids_as_numbers &&
		    (strcmp(s, "工号") == 0 || strcmp(s, "staff_id") == 0);
	if (len == 0)
		e = LXW_NO_ERROR;
	else if (!st->header && !st->id_column[st->col] &&
	    looks_like_number(s))
		e = worksheet_write_number(st->sheet, st->row, st->col,
		    strtod(s, NULL), NULL);
	else
		e = worksheet_write_string(st->sheet, st->row, st->col, s,
		    NULL);
	if (e != LXW_NO_ERROR)
		errx(EX_DATAERR, "cell at row %lu: %s",
		    (unsigned long)st->row + 1, lxw_strerror(e));
	st->col++;
}

static void
on_record(int c, void *arg)
{
	struct state *st = arg;

	(void)c;
	st->header = false;
	st->row++;
	st->col = 0;
}

static void
usage(void)
{
	fputs("usage: mkxlsx [-c] [-n] [-t TITLE] IN.csv OUT.xlsx\n", stderr);
	exit(EX_USAGE);
}

int
main(int argc, char *argv[])
{
	static struct state st;
	static char buf[CHUNK];
	lxw_workbook_options options = { .constant_memory = LXW_FALSE };
	struct csv_parser p;
	lxw_workbook *book;
	const char *title = NULL;
	size_t len, skip;
	bool first;
	FILE *in;
	lxw_error e;
	int ch;

	while ((ch = getopt(argc, argv, "cnt:")) != -1)
		switch (ch) {
		case 'c':
			options.constant_memory = LXW_TRUE;
			break;
		case 'n':
			st.ids_as_numbers = true;
			break;
		case 't':
			title = optarg;
			break;
		default:
			usage();
		}
	if (argc - optind != 2)
		usage();
	if ((in = fopen(argv[optind], "rb")) == NULL)
		err(EX_NOINPUT, "%s", argv[optind]);
	if ((book = workbook_new_opt(argv[optind + 1], &options)) == NULL ||
	    (st.sheet = workbook_add_worksheet(book, NULL)) == NULL)
		errx(EX_OSERR, "cannot start the workbook");
	if (title != NULL) {
		e = worksheet_write_string(st.sheet, 0, 0, title, NULL);
		if (e != LXW_NO_ERROR)
			errx(EX_DATAERR, "title: %s", lxw_strerror(e));
		st.row = 1;
	}
	st.header = true;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		errx(EX_OSERR, "csv_init failed");
	first = true;
	while ((len = fread(buf, 1, sizeof buf, in)) > 0) {
		skip = first && len >= 3 && memcmp(buf, BOM, 3) == 0 ? 3 : 0;
		first = false;
		if (csv_parse(&p, buf + skip, len - skip, on_field, on_record,
		    &st) != len - skip)
			errx(EX_DATAERR, "%s: %s", argv[optind],
			    csv_strerror(csv_error(&p)));
	}
	if (ferror(in))
		err(EX_IOERR, "%s", argv[optind]);
	if (csv_fini(&p, on_field, on_record, &st) != 0)
		errx(EX_DATAERR, "%s: a quoted field is not closed",
		    argv[optind]);
	csv_free(&p);
	fclose(in);
	if ((e = workbook_close(book)) != LXW_NO_ERROR)
		errx(EX_IOERR, "%s: %s", argv[optind + 1], lxw_strerror(e));
	return 0;
}

/*
 * The street router (SPEC section 10): one output per street, each row to
 * the sink of its street, every street's file complete even when nobody
 * was nominated there, or when another street's file fails.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "diag.h"
#include "helpers.h"
#include "schema.h"
#include "sink.h"
#include "text.h"

static const struct out_column columns[] = {
	{ "street", "street", "街道", OUT_TEXT },
	{ "id", "id", "工号", OUT_TEXT },
};
static const struct out_schema schema = { columns, 2 };

#define NSTREETS	3
static const char *const streets[NSTREETS] = { "大南街道", "滨河街道",
    "大南" };

struct fixture {
	struct capture	 out[NSTREETS], messages;
	struct diag	 diag;
	struct sink	*split;
};

static int
setup(void **state)
{
	static const struct csv_style plain = { false, false };
	struct fixture *f = calloc(1, sizeof *f);
	struct sink *child;
	size_t i;

	if (f == NULL)
		return -1;
	capture_open(&f->messages);
	diag_init(&f->diag, f->messages.fp);
	f->split = sink_split_new(&schema, 0);
	assert_non_null(f->split);
	assert_ptr_equal(f->split->schema, &schema);
	for (i = 0; i < NSTREETS; i++) {
		capture_open(&f->out[i]);
		child = sink_csv_new(f->out[i].fp, streets[i], &schema,
		    LANG_EN, &plain, &f->diag);
		assert_non_null(child);
		assert_true(sink_split_add(f->split, streets[i],
		    strlen(streets[i]), child));
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	size_t i;

	sink_free(&f->split);
	for (i = 0; i < NSTREETS; i++)
		capture_close(&f->out[i]);
	capture_close(&f->messages);
	free(f);
	return 0;
}

static void
row(struct fixture *f, const char *street, const char *id)
{
	struct text_span cells[2] = { { street, strlen(street) },
	    { id, strlen(id) } };

	assert_int_equal(sink_row(f->split, cells), 0);
}

/*
 * Ensure each row goes to its street's file, rows of a street in the
 * order given, also when streets alternate and when one street's name
 * begins another's.
 */
static void
test_sink_split_row_routed_by_street(void **state)
{
	struct fixture *f = *state;

	row(f, "大南街道", "A1");
	row(f, "大南街道", "A2");
	row(f, "大南", "C1");
	row(f, "滨河街道", "B1");
	row(f, "大南街道", "A3");
	row(f, "滨河街道", "B2");
	assert_int_equal(sink_finish(f->split), 0);
	assert_string_equal(capture_text(&f->out[0]), "street,id\n"
	    "大南街道,A1\n大南街道,A2\n大南街道,A3\n");
	assert_string_equal(capture_text(&f->out[1]), "street,id\n"
	    "滨河街道,B1\n滨河街道,B2\n");
	assert_string_equal(capture_text(&f->out[2]), "street,id\n"
	    "大南,C1\n");
}

/* Ensure a street without rows still gets its file, the header only. */
static void
test_sink_split_finish_header_only(void **state)
{
	struct fixture *f = *state;

	row(f, "滨河街道", "B1");
	assert_int_equal(sink_finish(f->split), 0);
	assert_string_equal(capture_text(&f->out[0]), "street,id\n");
	assert_string_equal(capture_text(&f->out[1]), "street,id\n"
	    "滨河街道,B1\n");
	assert_string_equal(capture_text(&f->out[2]), "street,id\n");
}

/* A sink that counts what it is asked to do, and may fail to finish. */
struct probe {
	struct sink	 base;
	int		 rows, finished, status;
	int		*freed;
};

static int
probe_row(struct sink *s, const struct text_span *cells)
{
	(void)cells;
	((struct probe *)s)->rows++;
	return 0;
}

static int
probe_finish(struct sink *s)
{
	struct probe *p = (struct probe *)s;

	p->finished++;
	return p->status;
}

static void
probe_free(struct sink *s)
{
	++*((struct probe *)s)->freed;
	free(s);
}

static const struct sink_ops probe_ops = { probe_row, probe_finish,
    probe_free };

/*
 * Ensure finishing finishes every street's sink, also those after one
 * that fails, and returns the failure; freeing the router frees them all.
 */
static void
test_sink_split_finish_all(void **state)
{
	struct probe *probes[3];
	struct sink *split;
	struct text_span cells[2] = { { "x", 1 }, { "b", 1 } };
	int freed = 0, i;

	(void)state;
	split = sink_split_new(&schema, 1);
	assert_non_null(split);
	for (i = 0; i < 3; i++) {
		probes[i] = calloc(1, sizeof *probes[i]);
		assert_non_null(probes[i]);
		probes[i]->base.ops = &probe_ops;
		probes[i]->base.schema = &schema;
		probes[i]->freed = &freed;
		assert_true(sink_split_add(split, i == 1 ? "b" : i == 0 ?
		    "a" : "c", 1, &probes[i]->base));
	}
	probes[0]->status = EX_IOERR;
	assert_int_equal(sink_row(split, cells), 0);
	assert_int_equal(sink_row(split, cells), 0);
	assert_int_equal(sink_finish(split), EX_IOERR);
	for (i = 0; i < 3; i++)
		assert_int_equal(probes[i]->finished, 1);
	assert_int_equal(probes[0]->rows, 0);
	assert_int_equal(probes[1]->rows, 2);
	assert_int_equal(probes[2]->rows, 0);
	sink_free(&split);
	assert_null(split);
	assert_int_equal(freed, 3);
}

/* Ensure a child's write error reaches the router's caller, named. */
static void
test_sink_split_finish_write_error(void **state)
{
	static const struct csv_style plain = { false, false };
	struct fixture *f = *state;
	FILE *full = fopen("/dev/full", "w");
	struct sink *split, *child;
	struct text_span cells[2] = { { "x", 1 }, { "X", 1 } };

	if (full == NULL)
		fail_msg("no /dev/full");
	split = sink_split_new(&schema, 1);
	assert_non_null(split);
	child = sink_csv_new(full, "full.csv", &schema, LANG_EN, &plain,
	    &f->diag);
	assert_true(sink_split_add(split, "X", 1, child));
	assert_int_equal(sink_row(split, cells), 0);
	assert_int_equal(sink_finish(split), EX_IOERR);
	assert_contains(capture_text(&f->messages), "kaoping: full.csv: write "
	    "error");
	assert_int_equal(f->diag.errors, 1);
	sink_free(&split);
	fclose(full);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_sink_split_row_routed_by_street),
		T(test_sink_split_finish_header_only),
		T(test_sink_split_finish_all),
		T(test_sink_split_finish_write_error),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}

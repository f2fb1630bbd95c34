#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "policy.h"
#include "rank.h"
#include "report.h"
#include "roster.h"
#include "roster_rows.h"

#define HEADER	"street,rank,staff_id,name,unit,dept_score,street_score," \
		"street_weight,combined,status\n"

/* A roster of hand-made rows, ranked, and both outputs in memory. */
struct fixture {
	struct policy	 policy;
	struct roster	 roster;
	struct ranking	 ranking;
	struct capture	 results, nominations;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (f == NULL || !policy_builtin(&f->policy, 60))
		return -1;
	roster_init(&f->roster, &f->policy);
	capture_open(&f->results);
	capture_open(&f->nominations);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	rank_free(&f->ranking);
	roster_free(&f->roster);
	policy_free(&f->policy);
	capture_close(&f->results);
	capture_close(&f->nominations);
	free(f);
	return 0;
}

/* A valid row; the street score is empty, as for a W = 0 unit. */
static void
add_row(struct fixture *f, const char *street, const char *id,
    const char *name, published_t combined)
{
	struct test_row row = { street, id, name, "+90.5", "", combined,
	    true };

	add_test_row(&f->roster, &row);
}

static struct quota_rule
quota_of(size_t amount)
{
	struct quota_rule q = { .percent = false, .amount = amount,
	    .decimals = 2 };

	return q;
}

static void
rank(struct fixture *f, size_t quota)
{
	struct quota_rule q = quota_of(quota);

	assert_true(rank_roster(&f->roster, &q, &f->ranking));
}

static bool
write_both(struct fixture *f, bool results, bool nominations, bool excel,
    bool raw)
{
	return report_write(results ? f->results.fp : NULL,
	    nominations ? f->nominations.fp : NULL, excel, raw, &f->roster,
	    &f->ranking, 2, NULL);
}

/* The header and the lines of results that are nominated or tied. */
static char *
nominated_lines(const char *results)
{
	char *out = malloc(strlen(results) + 1), *o = out;
	const char *line = results, *end;
	size_t len;

	assert_non_null(out);
	for (; *line != '\0'; line = end) {
		end = strchr(line, '\n');
		end = end != NULL ? end + 1 : line + strlen(line);
		len = (size_t)(end - line);
		if (line == results || (len > 11 &&
		    (memcmp(end - 11, ",nominated\n", 11) == 0 ||
		    memcmp(end - 5, ",tie\n", 5) == 0))) {
			memcpy(o, line, len);
			o += len;
		}
	}
	*o = '\0';
	return out;
}

/*
 * Ensure rows are written cell by cell as the SPEC says: text quoted and
 * guarded where needed (streets and units too), scores echoed as found.
 */
static void
test_report_cells(void **state)
{
	struct fixture *f = *state;

	add_row(f, "大南街道", "S1", "张三", 9013);
	add_row(f, "大南,街道", "S2", "=SUM(A1)", 9500);
	add_row(f, "大南街道", "-S3", "say \"hi\"", 8000);
	rank(f, 1);
	assert_true(write_both(f, true, false, false, false));
	assert_string_equal(capture_text(&f->results), HEADER
	    "大南街道,1,S1,张三,大南街道司法所,+90.5,,60,90.13,nominated\n"
	    "大南街道,2,'-S3,\"say \"\"hi\"\"\",大南街道司法所,+90.5,,60,"
	    "80.00,not-nominated\n"
	    "\"大南,街道\",1,S2,'=SUM(A1),大南街道司法所,+90.5,,60,95.00,"
	    "nominated\n");
}

/* Ensure --raw drops the guard, and --excel adds a BOM and CRLF. */
static void
test_report_raw_excel(void **state)
{
	struct fixture *f = *state;

	add_row(f, "=街道", "S1", "@x", 9013);
	rank(f, 1);
	assert_true(write_both(f, true, true, true, true));
	assert_string_equal(capture_text(&f->results), "\xEF\xBB\xBF"
	    "street,rank,staff_id,name,unit,dept_score,street_score,"
	    "street_weight,combined,status\r\n"
	    "=街道,1,S1,@x,大南街道司法所,+90.5,,60,90.13,nominated\r\n");
	assert_string_equal(capture_text(&f->nominations),
	    capture_text(&f->results));
}

/* Many rows over some streets: more blocks than one thread's share. */
static void
add_many(struct fixture *f, size_t n, size_t streets)
{
	char id[32], name[32], street[32];
	size_t i, s;

	for (i = 0; i < n; i++) {
		s = (i * 7) % streets;
		snprintf(id, sizeof id, "S%zu", i);
		snprintf(name, sizeof name, i % 7 == 0 ? "=N%zu" : "N%zu", i);
		snprintf(street, sizeof street, s % 3 == 0 ? "\"%zu\"街道" :
		    "%zu街道", s);
		add_row(f, street, id, name,
		    (published_t)(6000 + (i * 7919) % 4000));
	}
}

/*
 * Ensure the nominations written along with the results are exactly the
 * results' nominated and tied rows, and the same as when written alone.
 */
static void
test_report_nominations_with_results(void **state)
{
	struct fixture *f = *state;
	struct capture alone;
	char *expected;

	add_many(f, 20000, 3);
	rank(f, 2000);
	assert_true(write_both(f, true, true, false, false));
	expected = nominated_lines(capture_text(&f->results));
	assert_string_equal(capture_text(&f->nominations), expected);
	assert_true(strstr(expected, ",tie\n") != NULL);
	assert_true(strstr(expected, ",not-nominated\n") == NULL);

	capture_open(&alone);
	assert_true(report_write(NULL, alone.fp, false, false, &f->roster,
	    &f->ranking, 2, NULL));
	assert_string_equal(capture_text(&alone), expected);
	capture_close(&alone);
	free(expected);
}

/*
 * Ensure streets ranked by the writers, each just before its rows, give the
 * same files and tallies as streets ranked beforehand: with streets that
 * run over several blocks, and with many streets to a block.
 */
static void
check_ranked_while_writing(struct fixture *f, size_t rows, size_t streets)
{
	struct quota_rule q = quota_of(30);
	struct capture results, nominations;
	struct street_tally *tallies;
	size_t n;

	add_many(f, rows, streets);
	assert_true(rank_roster(&f->roster, &q, &f->ranking));
	assert_true(write_both(f, true, true, false, false));
	n = f->roster.streets.count;
	tallies = malloc(n * sizeof *tallies);
	assert_non_null(tallies);
	memcpy(tallies, f->ranking.tallies, n * sizeof *tallies);
	rank_free(&f->ranking);

	capture_open(&results);
	capture_open(&nominations);
	assert_true(rank_group(&f->roster, &f->ranking));
	assert_true(report_write(results.fp, nominations.fp, false, false,
	    &f->roster, &f->ranking, 2, &q));
	assert_string_equal(capture_text(&results),
	    capture_text(&f->results));
	assert_string_equal(capture_text(&nominations),
	    capture_text(&f->nominations));
	assert_memory_equal(f->ranking.tallies, tallies, n * sizeof *tallies);
	capture_close(&results);
	capture_close(&nominations);
	free(tallies);
}

static void
test_report_ranked_while_writing_long_streets(void **state)
{
	check_ranked_while_writing(*state, 20000, 3);
}

static void
test_report_ranked_while_writing_many_streets(void **state)
{
	/* 64 rows a street: some begin exactly where a block does. */
	check_ranked_while_writing(*state, 20480, 320);
}

/* Ensure an empty roster still gets its header, on both outputs. */
static void
test_report_empty(void **state)
{
	struct fixture *f = *state;

	rank(f, 1);
	assert_true(write_both(f, true, true, false, false));
	assert_string_equal(capture_text(&f->results), HEADER);
	assert_string_equal(capture_text(&f->nominations), HEADER);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_report_cells, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_report_raw_excel, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_report_nominations_with_results, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_report_ranked_while_writing_long_streets, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_report_ranked_while_writing_many_streets, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_report_empty, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

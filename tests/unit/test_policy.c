#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "diag.h"
#include "helpers.h"
#include "policy.h"
#include "schema.h"
#include "sink.h"

/* The built-in table of SPEC section 3, "also" names included. */
static const struct {
	const char	*unit;
	unsigned	 weight;
} shenhe[] = {
	{ "司法所", 60 },
	{ "综合执法分中心", 60 },
	{ "城市建设综合行政执法分中心", 60 },
	{ "社会事务服务分中心", 60 },
	{ "应急管理服务分中心", 60 },
	{ "小区保障服务分中心", 60 },
	{ "派出所", 0 },
	{ "公安派出所", 0 },
	{ "税务所", 0 },
	{ "市场监管所", 0 },
	{ "市场监督管理所", 0 },
	{ "经济发展服务分中心", 0 },
};
#define NSHENHE	(sizeof shenhe / sizeof shenhe[0])

/* A policy, a diag on a memory stream and a temporary file per test. */
struct fixture {
	struct policy	 policy;
	struct capture	 cap;
	struct diag	 diag;
	char		*path;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (f == NULL)
		return -1;
	capture_open(&f->cap);
	diag_init(&f->diag, f->cap.fp);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	policy_free(&f->policy);
	capture_close(&f->cap);
	temp_file_remove(f->path);
	free(f);
	return 0;
}

static const struct policy_entry *
find_exact(const struct policy *p, const char *unit)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		if (p->entries[i].len == strlen(unit) &&
		    memcmp(p->entries[i].unit, unit, p->entries[i].len) == 0)
			return &p->entries[i];
	return NULL;
}

/* The weight policy_match gives the unit, or -1 when nothing matches. */
static int
match_weight(const struct policy *p, const char *unit)
{
	const struct policy_entry *e = policy_match(p, unit, strlen(unit));

	return e == NULL ? -1 : (int)e->weight;
}

/* Load text as a policy file; returns the status, messages in f->cap. */
static int
load_text(struct fixture *f, const char *text, const char *encoding)
{
	f->path = temp_file(text);
	return policy_load(&f->policy, f->path, encoding, &f->diag);
}

/* "kaoping: PATH:LINE: " for the fixture's file. */
static const char *
at_line(struct fixture *f, unsigned line)
{
	static char where[4096];

	snprintf(where, sizeof where, "kaoping: %s:%u: ", f->path, line);
	return where;
}

/* Ensure the built-in policy has the nine kinds of unit and their aliases. */
static void
test_policy_builtin_entries(void **state)
{
	struct fixture *f = *state;
	const struct policy_entry *e;
	size_t i;

	assert_true(policy_builtin(&f->policy, POLICY_DEFAULT_WEIGHT));
	assert_int_equal(f->policy.count, NSHENHE);
	for (i = 0; i < NSHENHE; i++) {
		if ((e = find_exact(&f->policy, shenhe[i].unit)) == NULL)
			fail_msg("%s is missing", shenhe[i].unit);
		assert_int_equal(e->weight, shenhe[i].weight);
		assert_int_equal(e->len, strlen(shenhe[i].unit));
		assert_int_equal(e->unit[e->len], '\0');
	}
}

/* Ensure -w replaces the 60s and leaves the 0s alone. */
static void
test_policy_builtin_dual_weight(void **state)
{
	struct fixture *f = *state;
	size_t i;

	assert_true(policy_builtin(&f->policy, 75));
	for (i = 0; i < NSHENHE; i++)
		assert_int_equal(find_exact(&f->policy,
		    shenhe[i].unit)->weight, shenhe[i].weight == 60 ? 75 : 0);
	policy_free(&f->policy);
	assert_true(policy_builtin(&f->policy, 0));
	assert_int_equal(match_weight(&f->policy, "司法所"), 0);
	policy_free(&f->policy);
	assert_true(policy_builtin(&f->policy, 100));
	assert_int_equal(match_weight(&f->policy, "大南街道司法所"), 100);
	assert_int_equal(match_weight(&f->policy, "税务所"), 0);
}

/* Ensure a unit matches the entry that is its longest suffix. */
static void
test_policy_match_longest_suffix(void **state)
{
	struct fixture *f = *state;

	assert_true(policy_builtin(&f->policy, 60));
	assert_int_equal(match_weight(&f->policy, "大南街道司法所"), 60);
	assert_int_equal(match_weight(&f->policy, "司法所"), 60);
	assert_int_equal(match_weight(&f->policy,
	    "公安沈河分局大南派出所"), 0);
	assert_int_equal(match_weight(&f->policy,
	    "城市建设综合行政执法分中心"), 60);
	assert_int_equal(match_weight(&f->policy,
	    "大南街道综合执法分中心"), 60);
	assert_int_equal(match_weight(&f->policy, "XX经济发展服务分中心"), 0);
	assert_int_equal(match_weight(&f->policy, "XX社会事务服务分中心"), 60);
	assert_int_equal(match_weight(&f->policy, "市场监督管理所"), 0);
	assert_int_equal(match_weight(&f->policy,
	    "沈河区税务局大南税务所"), 0);
	assert_int_equal(match_weight(&f->policy, "大南小区保障服务分中心"),
	    60);
}

/* Ensure the longest suffix wins whatever the order of the entries. */
static void
test_policy_match_prefers_longer_entry(void **state)
{
	struct fixture *f = *state;
	const struct policy_entry *e;

	assert_int_equal(load_text(f, "unit,street_weight\n"
	    "执法分中心,10\n综合执法分中心,20\n分中心,30\n", NULL), 0);
	e = policy_match(&f->policy, "大南综合执法分中心",
	    strlen("大南综合执法分中心"));
	assert_non_null(e);
	assert_string_equal(e->unit, "综合执法分中心");
	assert_int_equal(match_weight(&f->policy, "大南行政执法分中心"), 10);
	assert_int_equal(match_weight(&f->policy, "社会事务服务分中心"), 30);
	assert_int_equal(match_weight(&f->policy, "分中心"), 30);
	assert_int_equal(match_weight(&f->policy, "中心"), -1);
}

/* Ensure a unit that ends with no entry's name matches nothing. */
static void
test_policy_match_unknown(void **state)
{
	struct fixture *f = *state;

	assert_true(policy_builtin(&f->policy, 60));
	assert_int_equal(match_weight(&f->policy, "大南街道办事处"), -1);
	assert_int_equal(match_weight(&f->policy, "法所"), -1);
	assert_int_equal(match_weight(&f->policy, "司法所一科"), -1);
	assert_int_equal(match_weight(&f->policy, "大南街道司法所 "), -1);
	assert_int_equal(match_weight(&f->policy, ""), -1);
}

/* Ensure only len bytes of the unit are matched. */
static void
test_policy_match_length_bounded(void **state)
{
	struct fixture *f = *state;
	const char *s = "大南司法所办事处";

	assert_true(policy_builtin(&f->policy, 60));
	assert_non_null(policy_match(&f->policy, s, strlen("大南司法所")));
	assert_null(policy_match(&f->policy, s, strlen(s)));
}

/* Ensure an empty table matches nothing, without failing. */
static void
test_policy_match_empty_table(void **state)
{
	struct fixture *f = *state;

	memset(&f->policy, 0, sizeof f->policy);
	assert_int_equal(match_weight(&f->policy, "司法所"), -1);
}

/* Ensure a good policy file with the Chinese header loads. */
static void
test_policy_load_chinese_header(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f, "单位,街道权重\n大南司法所,70\n"
	    "派出所,0\n综合执法分中心,100\n", NULL), 0);
	assert_int_equal(f->policy.count, 3);
	assert_string_equal(f->policy.entries[0].unit, "大南司法所");
	assert_int_equal(f->policy.entries[0].weight, 70);
	assert_int_equal(f->policy.entries[1].weight, 0);
	assert_int_equal(f->policy.entries[2].weight, 100);
	assert_int_equal(match_weight(&f->policy, "沈河区大南司法所"), 70);
	assert_int_equal(match_weight(&f->policy, "司法所"), -1);
	assert_int_equal(f->cap.len, 0);
	assert_int_equal(f->diag.errors, 0);
}

/* Ensure the English header, other columns, BOM, CRLF and spaces are fine. */
static void
test_policy_load_english_header(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f, "\xEF\xBB\xBF" "Note, Street_Weight ,"
	    "UNIT\r\nx, 60 ,司法所\r\n"
	    ",\t5\t,\xE3\x80\x80税务所\xE3\x80\x80\r\n"
	    "\r\n,060,\"派出所\"", NULL), 0);
	assert_int_equal(f->policy.count, 3);
	assert_string_equal(f->policy.entries[0].unit, "司法所");
	assert_int_equal(f->policy.entries[0].weight, 60);
	assert_string_equal(f->policy.entries[1].unit, "税务所");
	assert_int_equal(f->policy.entries[1].weight, 5);
	assert_string_equal(f->policy.entries[2].unit, "派出所");
	assert_int_equal(f->policy.entries[2].weight, 60);
	assert_int_equal(f->diag.errors, 0);
}

/* Ensure weights with leading zeros are plain digits too. */
static void
test_policy_load_weight_leading_zeros(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f, "unit,street_weight\n司法所,0100\n"
	    "税务所,00000000000000000000060\n派出所,000\n", NULL), 0);
	assert_int_equal(f->policy.entries[0].weight, 100);
	assert_int_equal(f->policy.entries[1].weight, 60);
	assert_int_equal(f->policy.entries[2].weight, 0);
	assert_int_equal(f->diag.errors, 0);
}

/* Ensure a GB18030 policy file loads with its encoding named. */
static void
test_policy_load_gb18030(void **state)
{
	struct fixture *f = *state;

	/* 单位,街道权重 / 大南司法所,75 in GB18030 */
	assert_int_equal(load_text(f, "\xB5\xA5\xCE\xBB,\xBD\xD6\xB5\xC0\xC8"
	    "\xA8\xD6\xD8\n\xB4\xF3\xC4\xCF\xCB\xBE\xB7\xA8\xCB\xF9,75\n",
	    "GB18030"), 0);
	assert_int_equal(f->policy.count, 1);
	assert_string_equal(f->policy.entries[0].unit, "大南司法所");
	assert_int_equal(f->policy.entries[0].weight, 75);
}

/* Load a bad policy: status EX_CONFIG and a message at FILE:LINE. */
static void
check_bad(struct fixture *f, const char *text, unsigned line,
    const char *words)
{
	assert_int_equal(load_text(f, text, NULL), EX_CONFIG);
	assert_true(f->diag.errors >= 1);
	assert_contains(capture_text(&f->cap), at_line(f, line));
	assert_contains(f->cap.buf, words);
}

/* Ensure a weight above 100 is a configuration error. */
static void
test_policy_load_weight_above_100(void **state)
{
	check_bad(*state, "unit,street_weight\n司法所,60\n税务所,101\n", 3,
	    "\"101\"");
}

/* Ensure weights that are not plain digits are configuration errors. */
static void
test_policy_load_weight_not_digits(void **state)
{
	static const char *const bad[] = {
		"+60", "60%", "6 0", "60.0", "-0", "1e2", "",
		"\xEF\xBC\x96\xEF\xBC\x90", "0x3C", "1000", "0101",
		"4294967356",
	};
	struct fixture *f = *state;
	char text[128];
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(text, sizeof text, "unit,street_weight\n"
		    "司法所,\"%s\"\n", bad[i]);
		if (load_text(f, text, NULL) != EX_CONFIG)
			fail_msg("weight \"%s\" was accepted", bad[i]);
		assert_contains(capture_text(&f->cap), at_line(f, 2));
		assert_contains(f->cap.buf, "street_weight");
		policy_free(&f->policy);
		temp_file_remove(f->path);
		f->path = NULL;
	}
}

/* Ensure an empty unit is a configuration error. */
static void
test_policy_load_empty_unit(void **state)
{
	check_bad(*state, "unit,street_weight\n司法所,60\n  ,60\n", 3,
	    "unit is empty");
}

/* Ensure a unit named twice, once with spaces, is a configuration error. */
static void
test_policy_load_unit_twice(void **state)
{
	struct fixture *f = *state;

	check_bad(f, "unit,street_weight\n司法所,60\n派出所,0\n 司法所\t,50\n",
	    4, "\"司法所\" is named twice");
	assert_int_equal(f->diag.errors, 1);
}

/* Ensure a header with no entries is a configuration error. */
static void
test_policy_load_header_only(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f, "unit,street_weight\n", NULL),
	    EX_CONFIG);
	assert_int_equal(f->diag.errors, 1);
	assert_contains(capture_text(&f->cap), at_line(f, 1));
	assert_contains(f->cap.buf, "no entries");
}

/* Ensure an empty file is a configuration error naming the file. */
static void
test_policy_load_empty_file(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f, "", NULL), EX_CONFIG);
	assert_true(f->diag.errors >= 1);
	assert_contains(capture_text(&f->cap), f->path);
	assert_contains(f->cap.buf, "unit,street_weight");
}

/* Ensure a missing column is named with its accepted names. */
static void
test_policy_load_missing_column(void **state)
{
	struct fixture *f = *state;

	check_bad(f, "unit,weight\n司法所,60\n", 1, "street_weight");
	assert_contains(f->cap.buf, "街道权重");
}

/* Ensure every bad row is reported, not only the first. */
static void
test_policy_load_reports_every_row(void **state)
{
	struct fixture *f = *state;

	check_bad(f, "unit,street_weight\n司法所,+60\n派出所,0\n"
	    "税务所,101\n,5\n", 2, "+60");
	assert_int_equal(f->diag.errors, 3);
	assert_contains(f->cap.buf, at_line(f, 4));
	assert_contains(f->cap.buf, at_line(f, 5));
	assert_not_contains(f->cap.buf, at_line(f, 3));
}

/* Ensure a policy that does not exist or is a folder gives EX_NOINPUT. */
static void
test_policy_load_missing_file(void **state)
{
	struct fixture *f = *state;
	char *dir;

	f->path = temp_file("");
	assert_int_equal(unlink(f->path), 0);
	assert_int_equal(policy_load(&f->policy, f->path, NULL, &f->diag),
	    EX_NOINPUT);
	assert_contains(capture_text(&f->cap), f->path);
	dir = strdup(f->path);
	assert_non_null(dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	policy_free(&f->policy);
	assert_int_equal(policy_load(&f->policy, dir, NULL, &f->diag),
	    EX_NOINPUT);
	assert_int_equal(rmdir(dir), 0);
	free(dir);
	assert_int_equal(f->diag.errors, 2);
}

/*
 * Ensure a policy of 100,000 units loads, and each of 100,000 unit names
 * matches the entry that is its longest suffix (and only that one).
 */
static void
test_policy_load_100000_entries(void **state)
{
	enum { N = 100000 };
	struct fixture *f = *state;
	const struct policy_entry *e;
	char *text, unit[64];
	size_t len = 0, cap = (size_t)N * 40 + 64;
	unsigned i;

	text = malloc(cap);
	assert_non_null(text);
	len += (size_t)snprintf(text, cap, "单位,街道权重\n");
	for (i = 0; i < N; i++)
		len += (size_t)snprintf(text + len, cap - len,
		    "科%06u司法所,%u\n", i, i % 101);
	f->path = temp_file(text);
	free(text);
	assert_int_equal(policy_load(&f->policy, f->path, NULL, &f->diag), 0);
	assert_int_equal(f->policy.count, N);
	for (i = 0; i < N; i++) {
		snprintf(unit, sizeof unit, "沈河区大南街道科%06u司法所", i);
		e = policy_match(&f->policy, unit, strlen(unit));
		if (e == NULL || e->weight != i % 101 ||
		    e != &f->policy.entries[i])
			fail_msg("%s matched %s", unit, e != NULL ? e->unit :
			    "nothing");
	}
	assert_int_equal(match_weight(&f->policy, "司法所"), -1);
	assert_int_equal(match_weight(&f->policy, "科1000000司法所"), -1);
	assert_int_equal(f->diag.errors, 0);
}

/* Write the policy through a CSV sink into f->cap, in a language. */
static void
write_policy(struct fixture *f, enum lang lang,
    const struct csv_style *style)
{
	struct sink *s = sink_csv_new(f->cap.fp, "policy.csv", &schema_policy,
	    lang, style, &f->diag);

	assert_non_null(s);
	assert_int_equal(policy_write(&f->policy, s), 0);
	sink_free(&s);
	assert_null(s);
}

/* Ensure policy_write prints the header and one row per entry. */
static void
test_policy_write_rows(void **state)
{
	static const struct csv_style plain = { false, false };
	struct fixture *f = *state;
	const char *out;

	assert_true(policy_builtin(&f->policy, 60));
	write_policy(f, LANG_EN, &plain);
	out = capture_text(&f->cap);
	assert_memory_equal(out, "unit,street_weight\n司法所,60\n",
	    strlen("unit,street_weight\n司法所,60\n"));
	assert_contains(out, "\n派出所,0\n");
	assert_contains(out, "\n经济发展服务分中心,0\n");
	assert_int_equal(count_occurrences(out, "\n"), NSHENHE + 1);
}

/* Ensure the Chinese header is the policy file's Chinese names. */
static void
test_policy_write_chinese(void **state)
{
	static const struct csv_style plain = { false, false };
	struct fixture *f = *state;

	assert_true(policy_builtin(&f->policy, 45));
	write_policy(f, LANG_ZH, &plain);
	assert_memory_equal(capture_text(&f->cap), "单位,街道权重\n司法所,45\n",
	    strlen("单位,街道权重\n司法所,45\n"));
}

/* Write a policy to a file and load it back: the same table. */
static void
round_trip(struct fixture *f, unsigned dual, bool excel, enum lang lang)
{
	struct csv_style style = { excel, false };
	struct policy back;
	struct sink *s;
	FILE *fp;
	size_t i;

	assert_true(policy_builtin(&f->policy, dual));
	f->path = temp_file("");
	fp = fopen(f->path, "w");
	assert_non_null(fp);
	s = sink_csv_new(fp, f->path, &schema_policy, lang, &style, &f->diag);
	assert_non_null(s);
	assert_int_equal(policy_write(&f->policy, s), 0);
	sink_free(&s);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(policy_load(&back, f->path, NULL, &f->diag), 0);
	assert_int_equal(back.count, f->policy.count);
	for (i = 0; i < back.count; i++) {
		assert_string_equal(back.entries[i].unit,
		    f->policy.entries[i].unit);
		assert_int_equal(back.entries[i].weight,
		    f->policy.entries[i].weight);
	}
	policy_free(&back);
	assert_int_equal(f->diag.errors, 0);
}

/* Ensure what --print-policy writes loads back as the same table. */
static void
test_policy_write_round_trip(void **state)
{
	round_trip(*state, 60, false, LANG_EN);
}

/* Ensure the --excel form (BOM, CRLF) in Chinese loads back too. */
static void
test_policy_write_round_trip_excel(void **state)
{
	round_trip(*state, 45, true, LANG_ZH);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_policy_builtin_entries),
		T(test_policy_builtin_dual_weight),
		T(test_policy_match_longest_suffix),
		T(test_policy_match_prefers_longer_entry),
		T(test_policy_match_unknown),
		T(test_policy_match_length_bounded),
		T(test_policy_match_empty_table),
		T(test_policy_load_chinese_header),
		T(test_policy_load_english_header),
		T(test_policy_load_weight_leading_zeros),
		T(test_policy_load_gb18030),
		T(test_policy_load_weight_above_100),
		T(test_policy_load_weight_not_digits),
		T(test_policy_load_empty_unit),
		T(test_policy_load_unit_twice),
		T(test_policy_load_header_only),
		T(test_policy_load_empty_file),
		T(test_policy_load_missing_column),
		T(test_policy_load_reports_every_row),
		T(test_policy_load_missing_file),
		T(test_policy_load_100000_entries),
		T(test_policy_write_rows),
		T(test_policy_write_chinese),
		T(test_policy_write_round_trip),
		T(test_policy_write_round_trip_excel),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}

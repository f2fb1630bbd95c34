#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "helpers.h"
#include "schema.h"

/* The input column named key in English, or NULL. */
static const struct in_column *
input_column(const char *key)
{
	size_t i;

	for (i = 0; i < IN_COUNT; i++)
		if (strcmp(schema_in[i].names[0], key) == 0)
			return &schema_in[i];
	return NULL;
}

static bool
accepts(const struct in_column *in, const char *name)
{
	size_t i;

	for (i = 0; i < SCHEMA_MAX_NAMES && in->names[i] != NULL; i++)
		if (strcmp(in->names[i], name) == 0)
			return true;
	return false;
}

/*
 * Ensure every label an output gives a column that is also an input
 * column is accepted as that input column's name: kaoping reads its own
 * outputs, in either language.
 */
static void
test_schema_in_reads_own_labels(void **state)
{
	const struct out_schema *outs[] = { &schema_results, &schema_rejects };
	const struct in_column *in;
	size_t o, c, matched = 0;

	(void)state;
	for (o = 0; o < 2; o++)
		for (c = 0; c < outs[o]->count; c++) {
			in = input_column(outs[o]->columns[c].key);
			if (in == NULL)
				continue;
			matched++;
			assert_true(accepts(in, schema_label(
			    &outs[o]->columns[c], LANG_EN)));
			assert_true(accepts(in, schema_label(
			    &outs[o]->columns[c], LANG_ZH)));
		}
	/* street..street_score of the results, all seven of the rejects */
	assert_int_equal(matched, 6 + 7);
}

/* Ensure the aliases of SPEC section 2 are there, English name first. */
static void
test_schema_in_aliases(void **state)
{
	(void)state;
	assert_string_equal(schema_in[IN_STAFF_ID].names[0], "staff_id");
	assert_true(accepts(&schema_in[IN_STAFF_ID], "人员编号"));
	assert_true(accepts(&schema_in[IN_STREET], "所属街道"));
	assert_true(accepts(&schema_in[IN_UNIT], "派驻单位"));
	assert_true(accepts(&schema_in[IN_DEPT_SCORE], "主管部门评分"));
	assert_true(accepts(&schema_in[IN_STREET_SCORE], "街道考评分"));
	assert_true(accepts(&schema_in[IN_ELIGIBLE], "可评优"));
	assert_false(accepts(&schema_in[IN_NAME], "工号"));
	assert_true(schema_in[IN_UNIT].required);
	assert_false(schema_in[IN_ELIGIBLE].required);
	assert_int_equal(schema_in[IN_DEPT_SCORE].kind, IN_KIND_SCORE);
}

/* Ensure the outputs' English labels are the SPEC's CSV headers. */
static void
test_schema_out_english_headers(void **state)
{
	const struct {
		const struct out_schema	*schema;
		const char		*header;
	} cases[] = {
		{ &schema_results, "street,rank,staff_id,name,unit,dept_score,"
		    "street_score,street_weight,combined,status" },
		{ &schema_rejects, "source,line,error,staff_id,name,street,"
		    "unit,dept_score,street_score,eligible" },
		{ &schema_policy, "unit,street_weight" },
	};
	char header[256];
	size_t i, c;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		header[0] = '\0';
		for (c = 0; c < cases[i].schema->count; c++) {
			if (c > 0)
				strcat(header, ",");
			strcat(header, schema_label(
			    &cases[i].schema->columns[c], LANG_EN));
		}
		assert_string_equal(header, cases[i].header);
	}
}

/* Ensure the kinds of cell of SPEC section 9: IDs text, ranks numbers. */
static void
test_schema_out_types(void **state)
{
	const struct out_column *r = schema_results.columns;
	size_t c;

	(void)state;
	assert_int_equal(r[RES_STAFF_ID].type, OUT_TEXT);
	assert_int_equal(r[RES_RANK].type, OUT_INT);
	assert_int_equal(r[RES_STREET_WEIGHT].type, OUT_INT);
	assert_int_equal(r[RES_DEPT_SCORE].type, OUT_SCORE);
	assert_int_equal(r[RES_COMBINED].type, OUT_SCORE);
	assert_int_equal(r[RES_STATUS].type, OUT_TEXT);
	assert_int_equal(schema_rejects.columns[REJ_LINE].type, OUT_INT);
	for (c = REJ_STAFF_ID; c < REJ_COUNT; c++)
		assert_int_equal(schema_rejects.columns[c].type, OUT_TEXT);
	assert_int_equal(schema_policy.columns[POL_STREET_WEIGHT].type,
	    OUT_INT);
}

/* Ensure the Chinese labels of SPEC section 10. */
static void
test_schema_out_chinese_labels(void **state)
{
	(void)state;
	assert_string_equal(schema_label(
	    &schema_results.columns[RES_RANK], LANG_ZH), "名次");
	assert_string_equal(schema_label(
	    &schema_results.columns[RES_STREET_SCORE], LANG_ZH),
	    "属地街道考评分");
	assert_string_equal(schema_label(
	    &schema_results.columns[RES_COMBINED], LANG_ZH), "综合得分");
	assert_string_equal(schema_label(
	    &schema_rejects.columns[REJ_ERROR], LANG_ZH), "问题");
	assert_string_equal(schema_label(
	    &schema_rejects.columns[REJ_ELIGIBLE], LANG_ZH), "是否可评优");
	assert_string_equal(schema_label(
	    &schema_policy.columns[POL_STREET_WEIGHT], LANG_ZH), "街道权重");
}

/* Ensure the status words and sheet names in both languages. */
static void
test_schema_words(void **state)
{
	(void)state;
	assert_string_equal(schema_status_word(STATUS_TIE, LANG_ZH),
	    "并列待定");
	assert_string_equal(schema_status_word(STATUS_NOT_NOMINATED,
	    LANG_EN), "not-nominated");
	assert_string_equal(schema_status_word(STATUS_INELIGIBLE, LANG_ZH),
	    "不可评优");
	assert_string_equal(schema_sheet_name(ROLE_REJECTS, LANG_ZH),
	    "问题行");
	assert_string_equal(schema_sheet_name(ROLE_NOMINATIONS, LANG_EN),
	    "nominations");
	assert_string_equal(schema_sheet_name(ROLE_POLICY, LANG_ZH), "权重表");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_in_reads_own_labels),
		cmocka_unit_test(test_schema_in_aliases),
		cmocka_unit_test(test_schema_out_english_headers),
		cmocka_unit_test(test_schema_out_types),
		cmocka_unit_test(test_schema_out_chinese_labels),
		cmocka_unit_test(test_schema_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Score sheets: header aliases, every row rule of SPEC sections 2 and 7,
 * duplicate ids across sheets, and the rejects file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "csvout.h"
#include "policy.h"
#include "roster.h"
#include "roster_rows.h"
#include "sheet.h"

struct fixture {
	struct policy	 policy;
	struct roster	 roster;
	struct diag	 diag;
	char		*messages;
	size_t		 messages_len;
	FILE		*messages_fp;
	char		*rejected;
	size_t		 rejected_len;
	FILE		*rejected_fp;
	struct csvout	 rejects;
	struct sheet_run run;
};

static const char *const names[] = { "one.csv", "two.csv" };

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	assert_true(policy_builtin(&f->policy, 60));
	roster_init(&f->roster, &f->policy);
	f->messages_fp = open_memstream(&f->messages, &f->messages_len);
	diag_init(&f->diag, f->messages_fp);
	f->run.roster = &f->roster;
	f->run.diag = &f->diag;
	f->run.decimals = 2;
	f->run.names = names;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	fclose(f->messages_fp);
	free(f->messages);
	if (f->rejected_fp != NULL)
		fclose(f->rejected_fp);
	csvout_free(&f->rejects);
	free(f->rejected);
	roster_free(&f->roster);
	policy_free(&f->policy);
	free(f);
	return 0;
}

/* Collect invalid rows in a rejects file instead of as errors. */
static void
use_rejects(struct fixture *f)
{
	f->rejected_fp = open_memstream(&f->rejected, &f->rejected_len);
	csvout_init(&f->rejects, f->rejected_fp, false, false);
	f->run.set_aside = true;
	f->run.rejects = &f->rejects;
}

static int
read_sheet(struct fixture *f, const char *text, uint32_t sheet)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	int status = sheet_read(&f->run, fp, sheet);

	fclose(fp);
	fflush(f->messages_fp);
	if (f->rejected_fp != NULL)
		fflush(f->rejected_fp);
	return status;
}

static const char *
text_of(const struct fixture *f, size_t row, enum staff_text which)
{
	static char copy[256];

	return copy_staff_text(&f->roster, &f->roster.rows[row], which, copy,
	    sizeof copy);
}


#define ENGLISH_HEADER	"staff_id,name,street,unit,dept_score,street_score\n"

/* Ensure Chinese aliases, any order, extra columns and ASCII case work. */
static void
test_sheet_chinese_header(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_sheet(f, "备注,姓名,工号,属地街道考评分,主管部门评分,"
	    "派驻单位,所属街道,是否可评优\n"
	    "x,张三,S1,95,93.5,大南街道司法所,大南街道,否\n", 0), 0);
	assert_int_equal(f->roster.count, 1);
	assert_string_equal(text_of(f, 0, STAFF_NAME), "张三");
	assert_string_equal(text_of(f, 0, STAFF_ID), "S1");
	assert_int_equal(f->roster.rows[0].combined, 9440);
	assert_int_equal(f->roster.rows[0].weight, 60);
	assert_false(f->roster.rows[0].eligible);
	assert_int_equal(f->messages_len, 0);
}

/* Ensure a missing column is named with its accepted names, and fatal. */
static void
test_sheet_missing_column(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_sheet(f, "STAFF_ID,name,street,unit,dept_score\n"
	    "S1,a,b,司法所,90\n", 0), EX_DATAERR);
	assert_string_equal(f->messages, "kaoping: one.csv:1: missing column "
	    "street_score (accepted names: street_score, 街道评分, 街道考评分, "
	    "属地街道考评分)\n");
	assert_int_equal(f->roster.count, 0);
}

/* Ensure a dept-only unit needs no street score, a dual one does. */
static void
test_sheet_street_score_by_weight(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_sheet(f, ENGLISH_HEADER
	    "S1,a,s,大南派出所,91.4,\n"
	    "S2,b,s,大南司法所,91.4,\n"
	    "S3,c,s,税务所,80,abc\n", 0), 0);
	assert_int_equal(f->roster.count, 1);
	assert_int_equal(f->roster.rows[0].combined, 9140);
	assert_int_equal(f->run.invalid, 2);
	assert_string_equal(f->messages,
	    "kaoping: one.csv:3: street_score is empty, but the unit's street "
	    "share is 60%\n"
	    "kaoping: one.csv:4: street_score \"abc\" is not a plain decimal "
	    "number (a score is a plain decimal number from 0 to 100)\n");
}

/* Ensure the first problem in column order is the one reported. */
static void
test_sheet_first_problem_reported(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_sheet(f, ENGLISH_HEADER
	    ",,,,x,y\n"
	    "S2,,s,司法所,x,y\n"
	    "S3,n,s,图书馆,x,y\n"
	    "S4,n,s,司法所,8.5e1,y\n", 0), 0);
	assert_int_equal(f->run.invalid, 4);
	assert_string_equal(f->messages,
	    "kaoping: one.csv:2: staff_id is empty\n"
	    "kaoping: one.csv:3: name is empty\n"
	    "kaoping: one.csv:4: unit \"图书馆\" matches no entry of the policy; "
	    "to add it, save the table with --print-policy, add a line for "
	    "the unit and run with --policy FILE\n"
	    "kaoping: one.csv:5: dept_score \"8.5e1\" has an exponent; write the "
	    "plain number (a score is a plain decimal number from 0 to 100)\n");
}

/* Ensure a duplicate id in a later sheet names where it was first seen. */
static void
test_sheet_duplicate_across_sheets(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_sheet(f, ENGLISH_HEADER "\nS1,a,s,司法所,80,80\n",
	    0), 0);
	assert_int_equal(read_sheet(f, ENGLISH_HEADER "s1,b,s,司法所,80,80\n"
	    "S1,c,s,司法所,80,80\n", 1), 0);
	assert_int_equal(f->roster.count, 2);
	assert_string_equal(f->messages, "kaoping: two.csv:3: staff_id \"S1\" "
	    "is already used at one.csv:3\n");
}

/* Ensure short rows have empty cells and surplus cells must be empty. */
static void
test_sheet_short_and_long_rows(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_sheet(f, "staff_id,name,street,unit,dept_score,"
	    "street_score,eligible\n"
	    "S1,a,s,派出所,80\n"
	    "S2,b,s,司法所,80,90,,,\n"
	    "S3,c,s,司法所,80,90,,,x\n", 0), 0);
	assert_int_equal(f->roster.count, 2);
	assert_true(f->roster.rows[0].eligible);
	assert_string_equal(f->messages, "kaoping: one.csv:4: the row has 9 "
	    "cells but the header only 7; cell 9 holds \"x\"\n");
}

/* Ensure every spelling of yes and no is understood, and nothing else. */
static void
test_sheet_eligible_values(void **state)
{
	struct fixture *f = *state;
	size_t i;

	assert_int_equal(read_sheet(f, "staff_id,name,street,unit,dept_score,"
	    "street_score,eligible\n"
	    "1,a,s,派出所,80,,yes\n2,a,s,派出所,80,,Y\n3,a,s,派出所,80,,TRUE\n"
	    "4,a,s,派出所,80,,1\n5,a,s,派出所,80,,是\n6,a,s,派出所,80,,\n"
	    "7,a,s,派出所,80,,No\n8,a,s,派出所,80,,n\n9,a,s,派出所,80,,FALSE\n"
	    "10,a,s,派出所,80,,0\n11,a,s,派出所,80,,否\n"
	    "12,a,s,派出所,80,,maybe\n", 0), 0);
	assert_int_equal(f->roster.count, 11);
	for (i = 0; i < 11; i++)
		assert_int_equal(f->roster.rows[i].eligible, i < 6);
	assert_string_equal(f->messages, "kaoping: one.csv:13: eligible "
	    "\"maybe\" is not one of yes/no, y/n, true/false, 1/0, 是/否\n");
}

/* Ensure rejected rows go to the rejects file, guarded, not to errors. */
static void
test_sheet_rejects_file(void **state)
{
	struct fixture *f = *state;

	use_rejects(f);
	assert_int_equal(read_sheet(f, "name,staff_id,street,unit,dept_score,"
	    "street_score\n"
	    "=HYPERLINK(1),S1,s,司法所,=1+1,90\n"
	    "b,S2,s,司法所,80,90\n", 0), 0);
	assert_int_equal(f->roster.count, 1);
	assert_int_equal(f->run.invalid, 1);
	assert_int_equal(f->run.rows, 2);
	assert_int_equal(f->messages_len, 0);
	assert_string_equal(f->rejected, "one.csv,2,\"dept_score \"\"=1+1\"\" "
	    "is not a plain decimal number (a score is a plain decimal number "
	    "from 0 to 100)\",S1,'=HYPERLINK(1),s,司法所,'=1+1,90,\n");
}

/* Ensure a sheet with no header at all is an error; header only is not. */
static void
test_sheet_empty_and_header_only(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_sheet(f, "\n\n", 0), EX_DATAERR);
	assert_string_equal(f->messages, "kaoping: one.csv: the sheet is "
	    "empty: it has no header row\n");
	assert_int_equal(read_sheet(f, ENGLISH_HEADER, 1), 0);
	assert_int_equal(f->roster.count, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sheet_chinese_header,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_missing_column,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_street_score_by_weight,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_first_problem_reported,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_sheet_duplicate_across_sheets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_short_and_long_rows,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_eligible_values,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_rejects_file,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_empty_and_header_only,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

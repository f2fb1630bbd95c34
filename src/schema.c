#include <stddef.h>

#include "schema.h"

/*
 * The input columns of SPEC section 2.  Each accepts the Chinese output
 * label of section 10 of the same column, so that kaoping reads what it
 * writes.
 */
const struct in_column schema_in[IN_COUNT] = {
	[IN_STAFF_ID] = { { "staff_id", "工号", "人员编号" }, IN_KIND_ID,
	    true },
	[IN_NAME] = { { "name", "姓名" }, IN_KIND_TEXT, true },
	[IN_STREET] = { { "street", "街道", "所属街道", "属地街道" },
	    IN_KIND_TEXT, true },
	[IN_UNIT] = { { "unit", "单位", "派驻单位", "所属单位" },
	    IN_KIND_TEXT, true },
	[IN_DEPT_SCORE] = { { "dept_score", "主管部门评分",
	    "主管部门考评分" }, IN_KIND_SCORE, false },
	[IN_STREET_SCORE] = { { "street_score", "街道评分", "街道考评分",
	    "属地街道考评分" }, IN_KIND_SCORE, false },
	[IN_ELIGIBLE] = { { "eligible", "可评优", "是否可评优" },
	    IN_KIND_YES_NO, false },
};

static const struct out_column result_columns[RES_COUNT] = {
	[RES_STREET] = { "street", "street", "街道", OUT_TEXT },
	[RES_RANK] = { "rank", "rank", "名次", OUT_INT },
	[RES_STAFF_ID] = { "staff_id", "staff_id", "工号", OUT_TEXT },
	[RES_NAME] = { "name", "name", "姓名", OUT_TEXT },
	[RES_UNIT] = { "unit", "unit", "单位", OUT_TEXT },
	[RES_DEPT_SCORE] = { "dept_score", "dept_score", "主管部门考评分",
	    OUT_SCORE },
	[RES_STREET_SCORE] = { "street_score", "street_score",
	    "属地街道考评分", OUT_SCORE },
	[RES_STREET_WEIGHT] = { "street_weight", "street_weight", "街道权重",
	    OUT_INT },
	[RES_COMBINED] = { "combined", "combined", "综合得分", OUT_SCORE },
	[RES_STATUS] = { "status", "status", "结果", OUT_TEXT },
};

/* Rejected cells are echoed as found, valid or not: all text. */
static const struct out_column reject_columns[REJ_COUNT] = {
	[REJ_SOURCE] = { "source", "source", "文件", OUT_TEXT },
	[REJ_LINE] = { "line", "line", "行", OUT_INT },
	[REJ_ERROR] = { "error", "error", "问题", OUT_TEXT },
	[REJ_STAFF_ID] = { "staff_id", "staff_id", "工号", OUT_TEXT },
	[REJ_NAME] = { "name", "name", "姓名", OUT_TEXT },
	[REJ_STREET] = { "street", "street", "街道", OUT_TEXT },
	[REJ_UNIT] = { "unit", "unit", "单位", OUT_TEXT },
	[REJ_DEPT_SCORE] = { "dept_score", "dept_score", "主管部门考评分",
	    OUT_TEXT },
	[REJ_STREET_SCORE] = { "street_score", "street_score",
	    "属地街道考评分", OUT_TEXT },
	[REJ_ELIGIBLE] = { "eligible", "eligible", "是否可评优", OUT_TEXT },
};

static const struct out_column policy_columns[POL_COUNT] = {
	[POL_UNIT] = { "unit", "unit", "单位", OUT_TEXT },
	[POL_STREET_WEIGHT] = { "street_weight", "street_weight", "街道权重",
	    OUT_INT },
};

const struct out_schema schema_results = { result_columns, RES_COUNT };
const struct out_schema schema_rejects = { reject_columns, REJ_COUNT };
const struct out_schema schema_policy = { policy_columns, POL_COUNT };

const char *
schema_label(const struct out_column *c, enum lang lang)
{
	return lang == LANG_ZH ? c->zh : c->en;
}

const char *
schema_status_word(enum staff_status status, enum lang lang)
{
	static const char *const words[][2] = {
		[STATUS_NOMINATED] = { "nominated", "推荐" },
		[STATUS_TIE] = { "tie", "并列待定" },
		[STATUS_NOT_NOMINATED] = { "not-nominated", "未推荐" },
		[STATUS_INELIGIBLE] = { "ineligible", "不可评优" },
	};

	return words[status][lang == LANG_ZH];
}

const char *
schema_sheet_name(enum output_role role, enum lang lang)
{
	static const char *const names[][2] = {
		[ROLE_NOMINATIONS] = { "nominations", "推荐名单" },
		[ROLE_RESULTS] = { "results", "考评结果" },
		[ROLE_REJECTS] = { "rejects", "问题行" },
		[ROLE_POLICY] = { "policy", "权重表" },
	};

	return names[role][lang == LANG_ZH];
}

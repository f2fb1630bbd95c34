#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#include "diag.h"
#include "i18n.h"
#include "options.h"
#include "output.h"
#include "policy.h"
#include "rank.h"
#include "report.h"
#include "roster.h"
#include "run.h"
#include "schema.h"
#include "sheet.h"
#include "sink.h"
#include "source.h"
#include "summary.h"

#define STREET_MARK	"{street}"

struct job {
	const struct options *opt;
	struct diag	*diag;
	struct outset	*outputs;
	struct policy	 policy;
	const char	**names;	/* display name of each sheet */
	enum sheet_kind	*kinds;
	struct roster	 roster;
	struct ranking	 ranking;
	enum lang	 lang;
	/* Outputs of fixed names, opened before reading; then their sinks. */
	struct output	*out_nominations, *out_results, *out_rejects;
	struct sink	*nominations, *results, *rejects;
};

static bool
per_street(const char *path)
{
	return path != NULL && strstr(path, STREET_MARK) != NULL;
}

/*
 * Inputs and fixed outputs, before anything is read: an output that is an
 * input or another output is a usage error (SPEC section 12).
 */
static int
claim_paths(struct job *j)
{
	const struct options *o = j->opt;
	int i, status;

	for (i = 0; i < o->nsheets; i++)
		if ((status = outset_add_input(j->outputs, o->sheets[i])) != 0)
			return status;
	if (o->policy != NULL &&
	    (status = outset_add_policy(j->outputs, o->policy)) != 0)
		return status;
	if (o->check)
		return 0;
	if (!per_street(o->output) &&
	    (status = outset_claim(j->outputs, o->output, "-o")) != 0)
		return status;
	if (o->results != NULL && !per_street(o->results) &&
	    (status = outset_claim(j->outputs, o->results, "-r")) != 0)
		return status;
	if (o->rejects != NULL &&
	    (status = outset_claim(j->outputs, o->rejects, "--rejects")) != 0)
		return status;
	return 0;
}

static int
load_policy(struct job *j)
{
	const struct options *o = j->opt;

	if (o->policy != NULL)
		return policy_load(&j->policy, o->policy, o->encoding,
		    j->diag);
	return policy_builtin(&j->policy, o->street_weight) ? 0 :
	    diag_out_of_memory(j->diag);
}

/* Every sheet must open before any is read (SPEC section 7). */
static int
check_sheets(struct job *j)
{
	int i, status = 0;

	for (i = 0; i < j->opt->nsheets; i++)
		if (source_check(j->opt->sheets[i], j->diag) != 0)
			status = EX_NOINPUT;
	return status;
}

static int
read_sheets(struct job *j)
{
	struct sheet_run sr;
	int i, status = 0;

	memset(&sr, 0, sizeof sr);
	sr.roster = &j->roster;
	sr.diag = j->diag;
	sr.encoding = j->opt->encoding;
	sr.verbose = j->opt->verbose;
	sr.names = j->names;
	sr.kinds = j->kinds;
	for (i = 0; i < j->opt->nsheets && status == 0; i++)
		status = sheet_read(&sr, j->opt->sheets[i], (uint32_t)i);
	j->lang = j->opt->lang_given ? j->opt->lang :
	    sr.chinese ? LANG_ZH : LANG_EN;
	return status;
}

static bool
ends_with_xlsx(const char *path)
{
	size_t len = strlen(path);

	return len >= 5 && strcasecmp(path + len - 5, ".xlsx") == 0;
}

/* The sink that writes an output, once the language is known. */
static int
make_sink(struct job *j, struct output *o, enum output_role role,
    const struct out_schema *schema, struct sink **out)
{
	struct csv_style style = { j->opt->excel, j->opt->raw };
	const char *name = output_display_name(o);

	if (ends_with_xlsx(name))
		*out = sink_xlsx_new(output_file_name(o), name,
		    schema_sheet_name(role, j->lang), schema, j->lang, j->diag);
	else
		*out = sink_csv_new(output_stream(o), name, schema, j->lang,
		    &style, j->diag);
	return *out != NULL ? 0 : EX_CANTCREAT;
}

/* A name of only dots ("..") would name a folder, not a file. */
static bool
only_dots(struct text_span street)
{
	size_t i;

	for (i = 0; i < street.len; i++)
		if (street.s[i] != '.')
			return false;
	return true;
}

/*
 * The template with each {street} replaced by the street's name, the
 * characters a file name cannot hold made '_' (SPEC section 10), and the
 * dots of a name of only dots too.
 */
static char *
street_path(const char *template, struct text_span street)
{
	size_t mark = strlen(STREET_MARK), len = 0, i;
	const char *t;
	char *path, *o;

	for (t = template; *t != '\0'; t++)
		len += strncmp(t, STREET_MARK, mark) == 0 ? street.len : 1;
	if ((path = malloc(len + 1)) == NULL)
		return NULL;
	for (t = template, o = path; *t != '\0';) {
		if (strncmp(t, STREET_MARK, mark) != 0) {
			*o++ = *t++;
			continue;
		}
		for (i = 0; i < street.len; i++) {
			unsigned char c = (unsigned char)street.s[i];

			*o++ = c == '/' || c < 0x20 || c == 0x7F ||
			    only_dots(street) ? '_' : (char)c;
		}
		t += mark;
	}
	*o = '\0';
	return path;
}

/*
 * A file for each street of the run, in street order, also for a street
 * whose every row was rejected: its office still looks for its list.
 */
static int
open_street_sinks(struct job *j, const char *template, const char *option,
    enum output_role role, struct sink **out)
{
	struct sink *split, *child;
	struct output *o;
	struct text_span street;
	uint32_t s;
	char *path;
	int status = 0;

	if ((split = sink_split_new(&schema_results, RES_STREET)) == NULL)
		return diag_out_of_memory(j->diag);
	*out = split;
	for (s = 0; s < j->ranking.nstreets && status == 0; s++) {
		street = roster_street(&j->roster, s);
		if ((path = street_path(template, street)) == NULL)
			return diag_out_of_memory(j->diag);
		if ((status = outset_claim(j->outputs, path, option)) == 0 &&
		    (status = outset_open(j->outputs, path, &o)) == 0 &&
		    (status = make_sink(j, o, role, &schema_results,
		    &child)) == 0 && !sink_split_add(split, street.s,
		    street.len, child)) {
			sink_free(&child);
			status = diag_out_of_memory(j->diag);
		}
		free(path);
	}
	return status;
}

/*
 * Outputs of fixed names are opened before the sheets are read, so that
 * an output that cannot be created fails at once, not after a long read.
 */
static int
open_fixed_outputs(struct job *j)
{
	const struct options *o = j->opt;
	int status;

	if (o->rejects != NULL && (status = outset_open(j->outputs,
	    o->rejects, &j->out_rejects)) != 0)
		return status;
	if (o->results != NULL && !per_street(o->results) &&
	    (status = outset_open(j->outputs, o->results,
	    &j->out_results)) != 0)
		return status;
	if (!per_street(o->output) && (status = outset_open(j->outputs,
	    o->output, &j->out_nominations)) != 0)
		return status;
	return 0;
}

static int
make_result_sink(struct job *j, struct output *o, const char *path,
    const char *option, enum output_role role, struct sink **out)
{
	if (o == NULL)
		return open_street_sinks(j, path, option, role, out);
	return make_sink(j, o, role, &schema_results, out);
}

static int
make_sinks(struct job *j)
{
	const struct options *o = j->opt;
	int status;

	if (o->rejects != NULL && (status = make_sink(j, j->out_rejects,
	    ROLE_REJECTS, &schema_rejects, &j->rejects)) != 0)
		return status;
	if (o->results != NULL && (status = make_result_sink(j,
	    j->out_results, o->results, "-r", ROLE_RESULTS,
	    &j->results)) != 0)
		return status;
	return make_result_sink(j, j->out_nominations, o->output, "-o",
	    ROLE_NOMINATIONS, &j->nominations);
}

static int
rank(struct job *j)
{
	struct result *results;
	size_t count, *street_end;

	if (roster_settle(&j->roster) != 0 ||
	    !roster_results(&j->roster, j->opt->quota.decimals, &results,
	    &count, &street_end) ||
	    !rank_results(&j->ranking, results, count, street_end,
	    j->roster.streets.count, &j->opt->quota))
		return diag_out_of_memory(j->diag);
	return 0;
}

static void
tell(struct job *j, unsigned long rejected)
{
	const struct options *o = j->opt;

	summary_ties(&j->ranking, &j->roster, o->quota.decimals, j->diag);
	if (o->verbose)
		summary_streets(&j->ranking, &j->roster, j->diag);
	if (rejected > 0)
		diag_warn(j->diag, o->check ? ngettext("%lu invalid row would "
		    "be written to %s", "%lu invalid rows would be written to "
		    "%s", rejected) : ngettext("%lu invalid row written to %s",
		    "%lu invalid rows written to %s", rejected), rejected,
		    source_display_name(o->rejects));
}

static int
run_job(struct job *j)
{
	const struct options *o = j->opt;
	unsigned long rejected;
	int status;

	if ((status = claim_paths(j)) != 0 ||
	    (status = load_policy(j)) != 0 ||
	    (status = check_sheets(j)) != 0 ||
	    (!o->check && (status = open_fixed_outputs(j)) != 0))
		return status;
	roster_init(&j->roster, &j->policy, j->names, j->kinds);
	if ((status = read_sheets(j)) != 0 || (status = rank(j)) != 0)
		return status;
	if (o->rejects == NULL) {
		if ((status = report_rows(&j->roster, NULL, j->diag,
		    &rejected)) != 0)
			return status;
		if (rejected > 0)
			return EX_DATAERR;
	}
	if (o->check) {
		if (o->rejects != NULL && (status = report_rows(&j->roster,
		    NULL, NULL, &rejected)) != 0)
			return status;
		tell(j, rejected);
		return 0;
	}
	if ((status = make_sinks(j)) != 0 ||
	    (o->rejects != NULL && (status = report_rows(&j->roster,
	    j->rejects, NULL, &rejected)) != 0) ||
	    (status = report_results(&j->ranking, &j->roster, j->lang,
	    o->quota.decimals, j->results, j->nominations)) != 0)
		return status;
	tell(j, rejected);
	return outset_commit(j->outputs);
}

int
run(const struct options *o, struct diag *d)
{
	struct job j;
	int status, i;

	memset(&j, 0, sizeof j);
	j.opt = o;
	j.diag = d;
	j.names = calloc((size_t)o->nsheets + 1, sizeof *j.names);
	j.kinds = calloc((size_t)o->nsheets + 1, sizeof *j.kinds);
	if (j.names == NULL || j.kinds == NULL ||
	    (j.outputs = outset_new(d)) == NULL)
		status = diag_out_of_memory(d);
	else {
		for (i = 0; i < o->nsheets; i++)
			j.names[i] = source_display_name(o->sheets[i]);
		status = run_job(&j);
	}
	sink_free(&j.nominations);
	sink_free(&j.results);
	sink_free(&j.rejects);
	outset_free(j.outputs);
	rank_free(&j.ranking);
	roster_free(&j.roster);
	policy_free(&j.policy);
	free(j.names);
	free(j.kinds);
	return status;
}

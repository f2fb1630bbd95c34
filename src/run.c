#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "csvout.h"
#include "diag.h"
#include "options.h"
#include "outfile.h"
#include "policy.h"
#include "rank.h"
#include "reader.h"
#include "report.h"
#include "roster.h"
#include "run.h"
#include "sheet.h"

enum { OUT_NOMINATIONS, OUT_RESULTS, OUT_REJECTS, OUT_COUNT };

struct job {
	const struct options *opt;
	struct diag	*diag;
	FILE		**inputs;
	const char	**names;
	struct outfile	 out[OUT_COUNT];
	bool		 opened[OUT_COUNT];
	struct csvout	 rejects;
	struct roster	 roster;
	struct ranking	 ranking;
};

/* Open every sheet first, so a missing one fails before any work. */
static int
open_inputs(struct job *j)
{
	int i, status = 0;

	for (i = 0; i < j->opt->nsheets; i++) {
		j->names[i] = reader_display_name(j->opt->sheets[i]);
		if ((j->inputs[i] = reader_open(j->opt->sheets[i],
		    j->diag)) == NULL)
			status = EX_NOINPUT;
	}
	return status;
}

static void
close_inputs(struct job *j)
{
	int i;

	for (i = 0; i < j->opt->nsheets; i++)
		if (j->inputs[i] != NULL && j->inputs[i] != stdin)
			fclose(j->inputs[i]);
}

/*
 * Files are opened before the sheets are read, so an unwritable folder
 * fails at once; standard output is written only at the very end.
 */
static int
open_outputs(struct job *j)
{
	const char *paths[OUT_COUNT] = { j->opt->output, j->opt->results,
	    j->opt->rejects };
	int i, status;

	for (i = 0; i < OUT_COUNT; i++) {
		if (paths[i] == NULL)
			continue;
		if ((status = outfile_open(&j->out[i], paths[i], j->diag)) != 0)
			return status;
		j->opened[i] = true;
	}
	if (j->opened[OUT_REJECTS]) {
		csvout_init(&j->rejects, j->out[OUT_REJECTS].fp, j->opt->excel,
		    j->opt->raw);
		sheet_write_rejects_header(&j->rejects);
	}
	return 0;
}

static int
read_sheets(struct job *j, unsigned long *invalid)
{
	struct sheet_run sr = { &j->roster, j->diag, false, NULL,
	    j->opt->encoding, j->opt->quota.decimals, j->names, 0, 0 };
	int i, status = 0;

	sr.set_aside = j->opt->rejects != NULL;
	if (j->opened[OUT_REJECTS])
		sr.rejects = &j->rejects;
	for (i = 0; i < j->opt->nsheets && status == 0; i++)
		status = sheet_read(&sr, j->inputs[i], (uint32_t)i);
	*invalid = sr.invalid;
	if (status == 0 && sr.invalid > 0 && !sr.set_aside)
		status = EX_DATAERR;
	return status;
}

static FILE *
output_fp(const struct job *j, int which)
{
	return j->opened[which] ? j->out[which].fp : NULL;
}

static int
out_of_memory(struct job *j)
{
	diag_error(j->diag, NULL, 0, "out of memory");
	return EX_OSERR;
}

static int
write_reports(struct job *j, FILE *results, FILE *nominations,
    const struct quota_rule *unranked)
{
	return report_write(results, nominations, j->opt->excel, j->opt->raw,
	    &j->roster, &j->ranking, j->opt->quota.decimals, unranked) ? 0 :
	    out_of_memory(j);
}

/* Nominations to a file that appears by renaming go with the results. */
static bool
nominations_with_results(const struct job *j)
{
	return j->opened[OUT_NOMINATIONS] &&
	    outfile_is_renamed(&j->out[OUT_NOMINATIONS]);
}

/*
 * Rank, and write the files that appear by renaming: the results, and the
 * nominations along with them from the same formatted rows.  Each street
 * is then ranked just before its rows are written, while they are in the
 * cache.  With no such file (--check, or nominations only, to standard
 * output or a pipe) every street is ranked first.
 */
static int
rank_and_write_files(struct job *j)
{
	bool with_nominations = nominations_with_results(j);

	if (j->opt->check ||
	    (!j->opened[OUT_RESULTS] && !with_nominations))
		return rank_roster(&j->roster, &j->opt->quota, &j->ranking) ?
		    0 : out_of_memory(j);
	if (!rank_group(&j->roster, &j->ranking))
		return out_of_memory(j);
	return write_reports(j, output_fp(j, OUT_RESULTS), with_nominations ?
	    output_fp(j, OUT_NOMINATIONS) : NULL, &j->opt->quota);
}

/*
 * Close the files, write nominations not written yet (standard output
 * last of all), and rename only when everything went well.
 */
static int
finish_outputs(struct job *j)
{
	int which, status;

	if (j->opened[OUT_REJECTS] && !csvout_ok(&j->rejects)) {
		diag_error(j->diag, j->out[OUT_REJECTS].path, 0,
		    "out of memory");
		return EX_OSERR;
	}
	for (which = 0; which < OUT_COUNT; which++)
		if (which != OUT_NOMINATIONS && j->opened[which] &&
		    (status = outfile_close(&j->out[which], j->diag)) != 0)
			return status;
	if (j->opened[OUT_NOMINATIONS]) {
		if (!nominations_with_results(j) && (status = write_reports(j,
		    NULL, output_fp(j, OUT_NOMINATIONS), NULL)) != 0)
			return status;
		if ((status = outfile_close(&j->out[OUT_NOMINATIONS],
		    j->diag)) != 0)
			return status;
	}
	for (which = 0; which < OUT_COUNT; which++)
		if (j->opened[which] &&
		    (status = outfile_commit(&j->out[which], j->diag)) != 0)
			return status;
	return 0;
}

static int
run_job(struct job *j)
{
	const struct options *o = j->opt;
	unsigned long invalid;
	int status;

	if ((status = open_inputs(j)) != 0)
		return status;
	if (!o->check && (status = open_outputs(j)) != 0)
		return status;
	if ((status = read_sheets(j, &invalid)) != 0)
		return status;
	roster_forget_ids(&j->roster);
	if ((status = rank_and_write_files(j)) != 0)
		return status;
	rank_warn_ties(&j->roster, &j->ranking, o->quota.decimals, j->diag);
	if (o->verbose)
		rank_summarize(&j->roster, &j->ranking, j->diag);
	if (invalid > 0)
		diag_warn(j->diag, "%lu invalid row%s %s %s", invalid,
		    invalid == 1 ? "" : "s",
		    o->check ? "would be written to" : "written to",
		    o->rejects);
	return o->check ? 0 : finish_outputs(j);
}

int
run(const struct options *o, const struct policy *p, struct diag *d)
{
	struct job j = { .opt = o, .diag = d };
	int status, i;

	roster_init(&j.roster, p);
	j.inputs = calloc((size_t)o->nsheets, sizeof *j.inputs);
	j.names = calloc((size_t)o->nsheets, sizeof *j.names);
	if (j.inputs == NULL || j.names == NULL) {
		diag_error(d, NULL, 0, "out of memory");
		status = EX_OSERR;
	} else
		status = run_job(&j);
	if (status != 0)
		for (i = 0; i < OUT_COUNT; i++)
			if (j.opened[i])
				outfile_discard(&j.out[i]);
	if (j.inputs != NULL)
		close_inputs(&j);
	free(j.inputs);
	free(j.names);
	csvout_free(&j.rejects);
	rank_free(&j.ranking);
	roster_free(&j.roster);
	return status;
}

/*
 * The command line (SPEC section 1), checked completely before any file is
 * touched: every mistake here is a usage error (EX_USAGE).
 */
#ifndef KAOPING_OPTIONS_H
#define KAOPING_OPTIONS_H

#include <stdbool.h>

#include "diag.h"
#include "rank.h"
#include "schema.h"

struct options {
	const char	*output;	/* "-" for standard output */
	const char	*results, *rejects, *policy;
	const char	*encoding;	/* NULL: auto */
	bool		 lang_given;	/* --lang; else the first sheet's */
	enum lang	 lang;
	unsigned	 street_weight;
	struct quota_rule quota;	/* -n, -m and -d */
	bool		 excel, raw, check, verbose, print_policy;
	bool		 help, version;
	char *const	*sheets;	/* borrowed from argv */
	int		 nsheets;
};

/* Returns 0, or EX_USAGE after reporting the mistake. */
int	options_parse(struct options *, int argc, char *argv[],
	    struct diag *);
void	options_usage(FILE *);

#endif

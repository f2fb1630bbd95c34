#include <getopt.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "diag.h"
#include "i18n.h"
#include "options.h"
#include "policy.h"
#include "score.h"

enum { OPT_REJECTS = 256, OPT_EXCEL, OPT_RAW, OPT_PRINT_POLICY };

static const struct option long_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "results", required_argument, NULL, 'r' },
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "policy", required_argument, NULL, 'p' },
	{ "street-weight", required_argument, NULL, 'w' },
	{ "quota", required_argument, NULL, 'n' },
	{ "min-score", required_argument, NULL, 'm' },
	{ "decimals", required_argument, NULL, 'd' },
	{ "encoding", required_argument, NULL, 'e' },
	{ "lang", required_argument, NULL, 'l' },
	{ "excel", no_argument, NULL, OPT_EXCEL },
	{ "raw", no_argument, NULL, OPT_RAW },
	{ "check", no_argument, NULL, 'c' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "print-policy", no_argument, NULL, OPT_PRINT_POLICY },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

void
options_usage(FILE *fp)
{
	fputs(_("usage: kaoping [options] SHEET...\n"
	    "       kaoping --print-policy\n"
	    "SHEET is a CSV file, an .xlsx workbook, or - for standard input.\n"
	    "  -o, --output FILE         nominations (default: standard output)\n"
	    "  -r, --results FILE        every staff member's ranked result\n"
	    "      --rejects FILE        write invalid rows here and go on\n"
	    "  -p, --policy FILE         unit weighting table (see --print-policy)\n"
	    "  -w, --street-weight PCT   street share of dual-managed units (60)\n"
	    "  -n, --quota Q             nominations per street: 20% or a count\n"
	    "  -m, --min-score S         lowest score that may be nominated\n"
	    "  -d, --decimals N          digits of the combined score, 0-4 (2)\n"
	    "  -e, --encoding NAME       encoding of CSV sheets (default: auto)\n"
	    "  -l, --lang LANG           zh or en: language of the outputs\n"
	    "      --excel               BOM and CRLF for Excel and WPS\n"
	    "      --raw                 do not guard formula-like cells\n"
	    "  -c, --check               validate only; write nothing\n"
	    "  -v, --verbose             per-street summary on standard error\n"
	    "      --print-policy        print the policy table and exit\n"
	    "  -h, --help, -V, --version\n"
	    "A FILE ending in .xlsx is written as a workbook; a FILE holding\n"
	    "{street} is written once per street.\n"), fp);
}

/* A whole number of plain digits, at most max. */
static bool
parse_count(const char *s, size_t len, unsigned long max, unsigned long *out)
{
	size_t i;

	if (len == 0)
		return false;
	*out = 0;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*out = *out * 10 + (unsigned long)(s[i] - '0');
		if (*out > max)
			return false;
	}
	return true;
}

static bool
parse_quota(const char *s, struct quota_rule *q)
{
	size_t len = strlen(s);
	unsigned long n;

	q->percent = len > 0 && s[len - 1] == '%';
	if (q->percent)
		len--;
	if (!parse_count(s, len, q->percent ? 100 : UINT32_MAX, &n))
		return false;
	q->amount = (uint32_t)n;
	return true;
}

static bool
known_encoding(const char *name)
{
	iconv_t cd = iconv_open("UTF-8", name);

	if (cd == (iconv_t)-1)
		return false;
	iconv_close(cd);
	return true;
}

static int	usage_error(struct diag *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static int
usage_error(struct diag *d, const char *fmt, ...)
{
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	diag_error(d, NULL, 0, "%s", message);
	fputs(_("kaoping: try 'kaoping --help'\n"), d->out);
	return EX_USAGE;
}

/* The option getopt stopped at: a long one as written, else -X. */
static const char *
option_name(const char *arg)
{
	static char short_name[3] = "-?";

	if (optopt == 0 || strncmp(arg, "--", 2) == 0)
		return arg;
	short_name[1] = (char)optopt;
	return short_name;
}

/* Standard input can be read once; {street} cannot split rejects. */
static int
check_paths(const struct options *o, struct diag *d)
{
	int i, stdin_seen = 0;

	for (i = 0; i < o->nsheets; i++)
		if (strcmp(o->sheets[i], "-") == 0 && stdin_seen++)
			return usage_error(d, _("standard input (-) can be "
			    "read only once"));
	if (o->rejects != NULL && strstr(o->rejects, "{street}") != NULL)
		return usage_error(d, _("--rejects cannot hold {street}: a "
		    "rejected row may have no valid street"));
	return 0;
}

int
options_parse(struct options *o, int argc, char *argv[], struct diag *d)
{
	unsigned long n;
	const char *why;
	bool weight_given = false;
	int c;

	memset(o, 0, sizeof *o);
	o->output = "-";
	o->street_weight = POLICY_DEFAULT_WEIGHT;
	o->quota.percent = true;
	o->quota.amount = 20;
	o->quota.decimals = 2;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:r:p:w:n:m:d:e:l:cvhV",
	    long_options, NULL)) != -1) {
		switch (c) {
		case 'o': o->output = optarg; break;
		case 'r': o->results = optarg; break;
		case OPT_REJECTS: o->rejects = optarg; break;
		case 'p': o->policy = optarg; break;
		case 'w':
			if (!parse_count(optarg, strlen(optarg), 100, &n))
				return usage_error(d, _("-w wants a whole "
				    "percentage from 0 to 100, not \"%s\""),
				    optarg);
			o->street_weight = (unsigned)n;
			weight_given = true;
			break;
		case 'n':
			if (!parse_quota(optarg, &o->quota))
				return usage_error(d, _("-n wants a count (3) or "
				    "a percentage from 0%% to 100%% (20%%), "
				    "not \"%s\""), optarg);
			break;
		case 'm':
			why = score_parse(optarg, strlen(optarg),
			    &o->quota.floor);
			if (why != NULL)
				return usage_error(d, _("-m wants a score from 0 "
				    "to 100, not \"%s\""), optarg);
			o->quota.has_floor = true;
			break;
		case 'd':
			if (!parse_count(optarg, strlen(optarg),
			    SCORE_MAX_DECIMALS, &n))
				return usage_error(d, _("-d wants 0, 1, 2, 3 or "
				    "4, not \"%s\""), optarg);
			o->quota.decimals = (unsigned)n;
			break;
		case 'e':
			if (strcmp(optarg, "auto") == 0) {
				o->encoding = NULL;
				break;
			}
			if (!known_encoding(optarg))
				return usage_error(d, _("unknown encoding "
				    "\"%s\" (iconv -l lists the known ones; "
				    "auto is the default)"), optarg);
			o->encoding = optarg;
			break;
		case 'l':
			if (strcmp(optarg, "zh") != 0 &&
			    strcmp(optarg, "en") != 0)
				return usage_error(d, _("--lang wants zh or en, "
				    "not \"%s\""), optarg);
			o->lang = strcmp(optarg, "zh") == 0 ? LANG_ZH :
			    LANG_EN;
			o->lang_given = true;
			break;
		case OPT_EXCEL: o->excel = true; break;
		case OPT_RAW: o->raw = true; break;
		case 'c': o->check = true; break;
		case 'v': o->verbose = true; break;
		case OPT_PRINT_POLICY: o->print_policy = true; break;
		case 'h': o->help = true; return 0;
		case 'V': o->version = true; return 0;
		case ':':
			return usage_error(d, _("%s needs a value"),
			    option_name(argv[optind - 1]));
		default:
			return usage_error(d, _("unknown option %s"),
			    option_name(argv[optind - 1]));
		}
	}
	o->sheets = argv + optind;
	o->nsheets = argc - optind;
	if (weight_given && o->policy != NULL)
		return usage_error(d, _("-w and --policy cannot be used "
		    "together: put the weights in the policy file"));
	if (o->nsheets == 0 && !o->print_policy)
		return usage_error(d, _("no score sheet given"));
	return check_paths(o, d);
}

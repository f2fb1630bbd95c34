/*
 * kaoping: the quarterly assessment calculator for staff stationed in
 * sub-district offices.  This file only reads the command line and hands
 * over to run(); see kaoping(1).
 */
#include <fcntl.h>
#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sysexits.h>
#include <unistd.h>

#include "diag.h"
#include "i18n.h"
#include "options.h"
#include "output.h"
#include "policy.h"
#include "run.h"
#include "sink.h"

#define KAOPING_VERSION	"2.0.0"

static int
print_policy(const struct options *o, struct diag *d)
{
	struct csv_style style = { o->excel, o->raw };
	struct policy policy;
	struct sink *s = NULL;
	int status;

	if (o->policy != NULL)
		status = policy_load(&policy, o->policy, o->encoding, d);
	else
		status = policy_builtin(&policy, o->street_weight) ? 0 :
		    diag_out_of_memory(d);
	if (status == 0 && (s = sink_csv_new(stdout, "<stdout>", &schema_policy,
	    o->lang_given ? o->lang : LANG_EN, &style, d)) != NULL)
		status = policy_write(&policy, s);
	else if (status == 0)
		status = EX_OSERR;
	sink_free(&s);
	policy_free(&policy);
	return status;
}

/*
 * Touch the stack that the deepest work and a message will need while
 * memory is still to be had.  Once the address space is full (ulimit -v),
 * a stack that must grow to print "out of memory" crashes instead.
 */
#define STACK_RESERVE	(128 * 1024)

static void
reserve_stack(void)
{
	volatile char room[STACK_RESERVE];
	size_t i;

	for (i = 0; i < sizeof room; i += 1024)
		room[i] = 0;
}

/*
 * A standard descriptor closed by the caller would be taken by the first
 * file kaoping opens, and output meant for it would go there.
 */
static void
open_standard_descriptors(void)
{
	int fd;

	while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd <= 2)
		continue;
	if (fd > 2)
		close(fd);
}

int
main(int argc, char *argv[])
{
	struct options opt;
	struct diag diag;
	int status;

	reserve_stack();
	open_standard_descriptors();
	/*
	 * A locale named in the environment but not installed would leave
	 * "C", where gettext ignores LANGUAGE: C.UTF-8 keeps it working.
	 */
	if (setlocale(LC_ALL, "") == NULL)
		setlocale(LC_ALL, "C.UTF-8");
	i18n_init();
	diag_init(&diag, stderr);
	if ((status = options_parse(&opt, argc, argv, &diag)) != 0)
		return status;
	if (opt.help) {
		options_usage(stdout);
		return 0;
	}
	if (opt.version) {
		puts("kaoping " KAOPING_VERSION);
		return 0;
	}
	output_catch_signals();
	status = opt.print_policy ? print_policy(&opt, &diag) :
	    run(&opt, &diag);
	diag_finish(&diag);
	return status;
}

/*
 * kaoping: the quarterly assessment calculator for staff stationed in
 * sub-district offices.  This file only reads the command line, picks the
 * policy and hands over to run(); see kaoping(1).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sysexits.h>

#include "csvout.h"
#include "diag.h"
#include "options.h"
#include "outfile.h"
#include "policy.h"
#include "run.h"

#define KAOPING_VERSION	"1.0.0"

static int
print_policy(const struct options *o, const struct policy *p,
    struct diag *d)
{
	struct csvout w;
	bool ok;

	csvout_init(&w, stdout, o->excel, o->raw);
	policy_write(p, &w);
	ok = csvout_ok(&w);
	csvout_free(&w);
	if (!ok) {
		diag_error(d, NULL, 0, "out of memory");
		return EX_OSERR;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		diag_error(d, "<stdout>", 0, "write error");
		return EX_IOERR;
	}
	return 0;
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

int
main(int argc, char *argv[])
{
	struct options opt;
	struct policy policy = { 0 };
	struct diag diag;
	int status;

	reserve_stack();
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
	outfile_catch_signals();
	if (opt.policy != NULL)
		status = policy_load(&policy, opt.policy, opt.encoding, &diag);
	else if (!policy_builtin(&policy, opt.street_weight)) {
		diag_error(&diag, NULL, 0, "out of memory");
		status = EX_OSERR;
	}
	if (status == 0)
		status = opt.print_policy ? print_policy(&opt, &policy, &diag) :
		    run(&opt, &policy, &diag);
	policy_free(&policy);
	diag_finish(&diag);
	return status;
}

/*
 * Fuzz target for policy files (include/policy.h).
 *
 * The bytes are written to one temporary file (a memfd, or a mkstemp file
 * when memfd_create is unavailable), rewritten for every input, and loaded
 * with policy_load.  The status must be 0 or EX_CONFIG (the file exists, so
 * never EX_NOINPUT).  On 0 the table must be non-empty, every entry must
 * have a non-empty, trimmed, NUL-free unit whose len is right and a weight
 * of at most 100, no two units may be equal, and each unit must match its
 * own entry through policy_match.  policy_free runs after every load, so
 * LeakSanitizer sees anything a failed load leaves behind.
 */
#include <sys/mman.h>

#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "diag.h"
#include "policy.h"

static int fd = -1;
static char path[64];
static FILE *devnull;

static void
setup(void)
{
	fd = memfd_create("fuzz-policy.csv", 0);
	if (fd >= 0)
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	else {
		strcpy(path, "/tmp/fuzz-policy-XXXXXX");
		if ((fd = mkstemp(path)) < 0) {
			perror("fuzz_policy: mkstemp");
			abort();
		}
	}
	if ((devnull = fopen("/dev/null", "w")) == NULL) {
		perror("fuzz_policy: /dev/null");
		abort();
	}
}

static void
die(const char *what, const struct policy *p, size_t i)
{
	fprintf(stderr, "\n*** fuzz_policy: %s", what);
	if (p != NULL && i < p->count)
		fprintf(stderr, " (entry %zu of %zu: unit \"%.*s\" len %zu, "
		    "weight %u)", i, p->count, (int)p->entries[i].len,
		    p->entries[i].unit != NULL ? p->entries[i].unit : "",
		    p->entries[i].len, p->entries[i].weight);
	fputc('\n', stderr);
	abort();
}

static bool
trimmable_edge(const char *s, size_t len)
{
	return s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' ||
	    s[len - 1] == '\t' || (len >= 3 && (memcmp(s, "\xE3\x80\x80",
	    3) == 0 || memcmp(s + len - 3, "\xE3\x80\x80", 3) == 0));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy p;
	struct diag d;
	int status;

	if (fd < 0)
		setup();
	if (ftruncate(fd, 0) != 0 ||
	    (size > 0 && pwrite(fd, data, size, 0) != (ssize_t)size)) {
		perror("fuzz_policy: write");
		abort();
	}
	diag_init(&d, devnull);
	status = policy_load(&p, path, NULL, &d);
	if (status != 0 && status != EX_CONFIG) {
		fprintf(stderr, "status %d\n", status);
		die("policy_load status is neither 0 nor EX_CONFIG", NULL, 0);
	}
	if ((status == 0) != (d.errors == 0))
		die("status and reported errors disagree", NULL, 0);
	if (status == 0) {
		if (p.count == 0 || p.count > p.cap || p.entries == NULL)
			die("accepted an empty table", &p, 0);
		for (size_t i = 0; i < p.count; i++) {
			const struct policy_entry *e = &p.entries[i];

			if (e->unit == NULL || e->len == 0)
				die("empty unit", &p, i);
			if (strlen(e->unit) != e->len)
				die("unit length is wrong", &p, i);
			if (trimmable_edge(e->unit, e->len))
				die("unit is not trimmed", &p, i);
			if (e->weight > 100)
				die("weight above 100", &p, i);
			for (size_t j = 0; j < i; j++)
				if (p.entries[j].len == e->len &&
				    memcmp(p.entries[j].unit, e->unit,
				    e->len) == 0)
					die("unit named twice", &p, i);
			if (policy_match(&p, e->unit, e->len) != e)
				die("unit does not match its own entry", &p, i);
		}
	}
	policy_free(&p);
	return 0;
}

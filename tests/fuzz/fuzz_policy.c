/*
 * Fuzz target for policy files (include/policy.h).
 *
 * The bytes are written to one temporary file (a memfd, or a mkstemp file
 * when memfd_create is unavailable), rewritten for every input, and loaded
 * with policy_load.  The status must be 0 or EX_CONFIG (the file exists, so
 * never EX_NOINPUT).  On 0 the table must be non-empty, every entry must
 * have a non-empty, trimmed, NUL-free unit whose len is right and a weight
 * of at most 100, no two units may be equal, and each unit must match its
 * own entry through policy_match.  The table written by policy_write
 * through a CSV sink (without the formula guard, as a file to load again)
 * loads back as the same table.  policy_free runs after every load, so
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
#include "schema.h"
#include "sink.h"

static int fd = -1, back_fd = -1;
static char path[64], back_path[64];
static FILE *devnull;

/* A file rewritten for every input: a memfd, or a temporary file. */
static int
scratch_file(const char *name, char out[64])
{
	int f = memfd_create(name, 0);

	if (f >= 0)
		snprintf(out, 64, "/proc/self/fd/%d", f);
	else {
		snprintf(out, 64, "/tmp/%s-XXXXXX", name);
		if ((f = mkstemp(out)) < 0) {
			perror("fuzz_policy: mkstemp");
			abort();
		}
	}
	return f;
}

static void
setup(void)
{
	fd = scratch_file("fuzz-policy.csv", path);
	back_fd = scratch_file("fuzz-policy-back.csv", back_path);
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

/* Write the table with policy_write and load it back: the same table. */
static void
check_round_trip(const struct policy *p, bool chinese)
{
	struct csv_style raw = { false, true };
	struct policy back;
	struct diag d;
	struct sink *s;
	FILE *fp;
	size_t i;

	if (ftruncate(back_fd, 0) != 0 ||
	    (fp = fopen(back_path, "w")) == NULL)
		abort();
	diag_init(&d, devnull);
	if ((s = sink_csv_new(fp, back_path, &schema_policy, chinese ?
	    LANG_ZH : LANG_EN, &raw, &d)) == NULL)
		abort();
	if (policy_write(p, s) != 0)
		die("policy_write failed", NULL, 0);
	sink_free(&s);
	if (fclose(fp) != 0)
		abort();
	if (policy_load(&back, back_path, NULL, &d) != 0)
		die("the table written does not load back", p, 0);
	if (back.count != p->count)
		die("the table loaded back has another size", p, back.count);
	for (i = 0; i < p->count; i++)
		if (back.entries[i].len != p->entries[i].len ||
		    memcmp(back.entries[i].unit, p->entries[i].unit,
		    p->entries[i].len) != 0 ||
		    back.entries[i].weight != p->entries[i].weight)
			die("an entry loaded back differs", p, i);
	policy_free(&back);
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
				die("unit does not match its own entry", &p,
				    i);
		}
		check_round_trip(&p, size % 2 == 1);
	}
	policy_free(&p);
	return 0;
}

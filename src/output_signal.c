/*
 * The signals of SPEC section 12: a handler that removes the temporary
 * files and ends the process by the same signal, and the table of
 * temporary names it reads.
 *
 * Any thread may take a signal, including a helper thread while the main
 * thread changes the table, so the table is guarded without locks: a
 * thread changing it blocks the caught signals for itself and raises
 * table_busy; a handler raises dying, then waits while table_busy is up.
 * With sequentially consistent atomics one of the two sees the other: a
 * change that sees dying leaves the table alone and waits for the end of
 * the process, and a handler never reads a table being changed.  The
 * commit holds the table from the first rename to the last, so a signal
 * never finds a set half replaced.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "output_impl.h"

static const int caught[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGALRM,
    SIGUSR1, SIGUSR2 };

static struct temp_entry *tracked;
static atomic_int table_busy;
static atomic_int dying;

static void
caught_set(sigset_t *set)
{
	size_t i;

	sigemptyset(set);
	for (i = 0; i < sizeof caught / sizeof caught[0]; i++)
		sigaddset(set, caught[i]);
}

/*
 * Async-signal-safe: atomics, unlinkat(), signal() and raise().  The
 * signal is blocked while the handler runs, so the raise takes effect,
 * with the default action, as the handler returns.
 */
static void
remove_temps_and_die(int sig)
{
	struct temp_entry *t;

	atomic_store(&dying, 1);
	while (atomic_load(&table_busy))
		;
	for (t = tracked; t != NULL; t = t->next)
		unlinkat(t->dirfd, t->name, 0);
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * A write past the file-size limit (ulimit -f) fails with EFBIG instead of
 * ending the process; the signal is noted too, since a library that
 * writes its own files (libxlsxwriter's working files) may not look at
 * what its writes return.
 */
static volatile sig_atomic_t file_size_limit_reached;

static void
note_file_size_limit(int sig)
{
	(void)sig;
	file_size_limit_reached = 1;
}

void
output_catch_signals(void)
{
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = remove_temps_and_die;
	caught_set(&sa.sa_mask);
	for (i = 0; i < sizeof caught / sizeof caught[0]; i++) {
		/* What nohup (or the caller) ignores stays ignored. */
		if (sigaction(caught[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(caught[i], &sa, NULL);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = note_file_size_limit;
	sigaction(SIGXFSZ, &sa, NULL);
}

bool
output_file_size_limit_reached(void)
{
	return file_size_limit_reached != 0;
}

void
output_table_hold(sigset_t *saved)
{
	sigset_t set;

	caught_set(&set);
	pthread_sigmask(SIG_BLOCK, &set, saved);
	atomic_store(&table_busy, 1);
	if (atomic_load(&dying)) {
		/* Another thread's handler is ending the process. */
		atomic_store(&table_busy, 0);
		for (;;)
			pause();
	}
}

void
output_table_release(const sigset_t *saved)
{
	atomic_store(&table_busy, 0);
	pthread_sigmask(SIG_SETMASK, saved, NULL);
}

void
output_track(struct temp_entry *t)
{
	t->prev = NULL;
	t->next = tracked;
	if (tracked != NULL)
		tracked->prev = t;
	tracked = t;
	t->tracked = true;
}

void
output_untrack(struct temp_entry *t)
{
	if (!t->tracked)
		return;
	if (t->prev != NULL)
		t->prev->next = t->next;
	else
		tracked = t->next;
	if (t->next != NULL)
		t->next->prev = t->prev;
	t->tracked = false;
}

/*
 * The second thread of a run: reading, ranking and writing each start one
 * to share the work, and do it all in the calling thread when none can be
 * had (a tight memory limit).
 */
#ifndef KAOPING_HELPER_H
#define KAOPING_HELPER_H

#include <pthread.h>
#include <stdbool.h>

/* Start run(arg) on a new thread.  False if it cannot be started. */
bool	helper_start(pthread_t *, void *(*run)(void *), void *arg);

#endif

/*
 * The second thread of a run, which the CSV reader starts to parse ahead
 * (csvahead.c); where none can be had (a tight memory limit), the calling
 * thread does all the work.
 */
#ifndef KAOPING_HELPER_H
#define KAOPING_HELPER_H

#include <pthread.h>
#include <stdbool.h>

/* Start run(arg) on a new thread.  False if it cannot be started. */
bool	helper_start(pthread_t *, void *(*run)(void *), void *arg);

#endif

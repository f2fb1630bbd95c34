#include <pthread.h>
#include <stdbool.h>

#include "helper.h"

/* Room for the deepest helper, the reading thread (libcsv and iconv). */
#define HELPER_STACK	(512 * 1024)

bool
helper_start(pthread_t *thread, void *(*run)(void *), void *arg)
{
	pthread_attr_t attr;
	bool started;

	if (pthread_attr_init(&attr) != 0)
		return false;
	pthread_attr_setstacksize(&attr, HELPER_STACK);
	started = pthread_create(thread, &attr, run, arg) == 0;
	pthread_attr_destroy(&attr);
	return started;
}

#include <stddef.h>

#include "sink.h"

void
sink_free(struct sink **s)
{
	if (*s != NULL) {
		(*s)->ops->free(*s);
		*s = NULL;
	}
}

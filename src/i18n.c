#include <libintl.h>
#include <stdlib.h>

#include "i18n.h"

#ifndef LOCALEDIR
#define LOCALEDIR	"/usr/local/share/locale"
#endif

void
i18n_init(void)
{
	const char *dir = getenv("KAOPING_LOCALEDIR");

	bindtextdomain("kaoping", dir != NULL && *dir != '\0' ? dir :
	    LOCALEDIR);
	bind_textdomain_codeset("kaoping", "UTF-8");
	textdomain("kaoping");
}

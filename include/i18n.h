/*
 * Messages in the user's language (GNU gettext, text domain "kaoping").
 * _() translates at once; N_() marks a string for xgettext whose
 * translation is looked up later with _().
 */
#ifndef KAOPING_I18N_H
#define KAOPING_I18N_H

#include <libintl.h>

#define _(s)		gettext(s)
#define N_(s)		(s)

/* Bind the text domain: LOCALEDIR, or $KAOPING_LOCALEDIR if set. */
void	i18n_init(void);

#endif

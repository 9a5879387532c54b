/*
 * The panes of the tab bar, in order: one entry each. A pane's first view
 * is made the first time it is shown, and each pane keeps its own view
 * stack. Number keys 1..9 and Tab / Shift-Tab switch between them.
 */
#include "ui.h"

const struct pane_entry pane_table[] = {
	{ "catalog", "Catalog", catalog_view_new },
	{ "profile", "Profile", profile_view_new },
	{ "discussions", "Discussions", categories_view_new },
	{ "qa", "Q&A", questions_view_new },
	{ "library", "Library", library_view_new },
};

const size_t pane_count = G_NELEM(pane_table);

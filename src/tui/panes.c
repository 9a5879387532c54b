/*
 * The panes of the tab bar, in order: one entry each. A pane's first view
 * is made the first time it is shown, and each pane keeps its own view
 * stack. Number keys 1..9 and Tab / Shift-Tab switch between them;
 * operator-only panes (Insights) are hidden from everyone else.
 */
#include "ui.h"

const struct pane_entry pane_table[] = {
	{ "catalog", "Catalog", catalog_view_new, 0 },
	{ "profile", "Profile", profile_view_new, 0 },
	{ "discussions", "Discussions", categories_view_new, 0 },
	{ "qa", "Q&A", questions_view_new, 0 },
	{ "library", "Library", library_view_new, 0 },
	{ "leaderboard", "Leaderboard", leaderboard_view_new, 0 },
	{ "events", "Events", events_view_new, 0 },
	{ "inbox", "Inbox", inbox_view_new, 0 },
	{ "insights", "Insights", insights_view_new, 1 },
};

const size_t pane_count = G_NELEM(pane_table);

/*
 * The help overlay: a box over the current view listing the keys that
 * view gives a meaning of its own, then every action and the keys bound
 * to it, generated from the live key table in keys.c, so keys rebound in
 * the config show as they are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

struct help {
	struct view	view;
	int		top;		/* first action row shown */
	int		rows;		/* action rows that fit at the last draw */
	int		n;		/* action rows at the last draw */
};

/*
 * A row of the overlay: an action, its keys and what it does; or a
 * heading ("Catalog here:", "Everywhere") across the box, in keys.
 */
struct help_row {
	char	keys[96];
	char	what[96];
	int	heading;
};

/* At most this many rows of a view's own keys are listed. */
#define HELP_VIEW_ROWS	24

/*
 * Fills rows with the keys the view under the overlay gives a meaning of
 * its own (under a heading naming it), then every action that does
 * something here: the pane keys only for panes that exist. Returns how
 * many.
 */
static int
help_rows(const struct ui *ui, const struct view *below,
    struct help_row *rows)
{
	const struct view_key_help *k;
	int a, n = 0;

	if (below != NULL && below->keys_help != NULL &&
	    below->keys_help[0].what != NULL) {
		const char *title = below->title != NULL ? below->title :
		    ui_pane_title(ui, (size_t)below->pane);

		snprintf(rows[n].keys, sizeof(rows[n].keys), "%s here:",
		    title != NULL ? title : below->name);
		rows[n].what[0] = '\0';
		rows[n++].heading = 1;
		for (k = below->keys_help; k->what != NULL &&
		    n <= HELP_VIEW_ROWS; k++) {
			struct help_row *r = &rows[n++];

			r->heading = 0;
			r->keys[0] = '\0';
			if (k->act != ACT_NONE)
				keys_for_action(k->act, r->keys,
				    sizeof(r->keys));
			if (r->keys[0] == '\0')
				snprintf(r->keys, sizeof(r->keys), "%s",
				    k->keys != NULL ? k->keys : "");
			snprintf(r->what, sizeof(r->what), "%s", k->what);
		}
		snprintf(rows[n].keys, sizeof(rows[n].keys), "Everywhere");
		rows[n].what[0] = '\0';
		rows[n++].heading = 1;
	}
	for (a = 1; a < ACT_COUNT; a++) {
		struct help_row *r = &rows[n];

		r->heading = 0;
		if (a >= ACT_PANE_1 && a <= ACT_PANE_9) {
			const char *t = ui_pane_title(ui,
			    (size_t)(a - ACT_PANE_1));

			if (t == NULL)
				continue;
			snprintf(r->what, sizeof(r->what), "Show the %s pane",
			    t);
		} else {
			snprintf(r->what, sizeof(r->what), "%s",
			    action_help((enum action)a));
		}
		keys_for_action((enum action)a, r->keys, sizeof(r->keys));
		if (r->keys[0] == '\0')
			snprintf(r->keys, sizeof(r->keys), "(%s)",
			    action_name((enum action)a));
		n++;
	}
	return n;
}

static void
help_draw(struct view *v, int y, int x, int h, int w)
{
	struct help *hp = (struct help *)v;
	struct ui *ui = v->ui;
	struct help_row rows[ACT_COUNT + HELP_VIEW_ROWS + 3];
	int kw = 0, bw, bh, bx, by, n, r;

	n = help_rows(ui, v->below, rows);
	hp->n = n;
	for (r = 0; r < n; r++) {
		int kwr = rows[r].heading ? 0 : text_width(rows[r].keys);

		if (kwr > kw)
			kw = kwr;
	}
	if (kw > 24)
		kw = 24;
	bw = w - 4 < 72 ? w - 4 : 72;
	bh = h - 2 < n + 4 ? h - 2 : n + 4;
	if (bw < 10 || bh < 3)
		return;
	if (kw > bw / 2)
		kw = bw / 2;
	bx = x + (w - bw) / 2;
	by = y + (h - bh) / 2;
	hp->rows = bh - 4 > 0 ? bh - 4 : 1;
	if (hp->top > n - hp->rows)
		hp->top = n - hp->rows > 0 ? n - hp->rows : 0;
	ui_box(ui, by, bx, bh, bw, THEME_BORDER, THEME_HELP);
	ui_puts(ui, by, bx + 2, bw - 4, " Keys ", THEME_TITLE);
	for (r = 0; r < hp->rows && hp->top + r < n; r++) {
		const struct help_row *row = &rows[hp->top + r];

		if (row->heading) {
			ui_put(ui, by + 1 + r, bx + 2, bw - 4, row->keys,
			    THEME_HEADER);
			continue;
		}
		ui_put(ui, by + 1 + r, bx + 2, kw, row->keys, THEME_HEADER);
		ui_put(ui, by + 1 + r, bx + 4 + kw, bw - 6 - kw, row->what,
		    THEME_HELP);
	}
	ui_put(ui, by + bh - 2, bx + 2, bw - 4,
	    hp->rows < n ? "j/k scroll, any other key closes" :
	    "Press any key to close", THEME_DIM);
}

/* Scrolls with the movement keys; any other key closes the overlay. */
static int
help_key(struct view *v, enum action a, int key)
{
	struct help *hp = (struct help *)v;

	(void)key;
	if (hp->rows < hp->n && (a == ACT_DOWN || a == ACT_UP ||
	    a == ACT_PAGE_DOWN || a == ACT_PAGE_UP)) {
		int step = a == ACT_DOWN || a == ACT_UP ? 1 : hp->rows;

		if (a == ACT_DOWN || a == ACT_PAGE_DOWN)
			hp->top = hp->top + step < hp->n - hp->rows ?
			    hp->top + step : hp->n - hp->rows;
		else
			hp->top = hp->top > step ? hp->top - step : 0;
		return 1;
	}
	ui_pop(v->ui);
	return 1;
}

static void
help_free(struct view *v)
{
	free(v);
}

struct view *
help_view_new(struct ui *ui)
{
	struct help *hp = xcalloc(1, sizeof(*hp));

	hp->view.name = "help";
	hp->view.ui = ui;
	hp->view.overlay = 1;
	hp->view.draw = help_draw;
	hp->view.key = help_key;
	hp->view.free = help_free;
	view_set_title(&hp->view, "Help");
	return &hp->view;
}

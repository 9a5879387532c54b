/*
 * The help overlay: a box over the current view listing every action and
 * the keys bound to it, generated from the key table in keys.c.
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
};

static void
help_draw(struct view *v, int y, int x, int h, int w)
{
	struct help *hp = (struct help *)v;
	struct ui *ui = v->ui;
	char keys[ACT_COUNT][96];
	int a, kw = 0, bw, bh, bx, by, n = ACT_COUNT - 1, r;

	for (a = 1; a < ACT_COUNT; a++) {
		int kwa;

		keys_for_action((enum action)a, keys[a], sizeof(keys[a]));
		kwa = text_width(keys[a]);
		if (kwa > kw)
			kw = kwa;
	}
	if (kw > 24)
		kw = 24;
	bw = w - 4 < 66 ? w - 4 : 66;
	bh = h - 2 < n + 4 ? h - 2 : n + 4;
	if (bw < 10 || bh < 3)
		return;
	bx = x + (w - bw) / 2;
	by = y + (h - bh) / 2;
	hp->rows = bh - 4 > 0 ? bh - 4 : 1;
	if (hp->top > n - hp->rows)
		hp->top = n - hp->rows > 0 ? n - hp->rows : 0;
	ui_box(ui, by, bx, bh, bw, THEME_BORDER, THEME_HELP);
	ui_puts(ui, by, bx + 2, bw - 4, " Keys ", THEME_TITLE);
	for (r = 0; r < hp->rows && hp->top + r < n; r++) {
		a = hp->top + r + 1;
		ui_put(ui, by + 1 + r, bx + 2, kw, keys[a], THEME_HEADER);
		ui_put(ui, by + 1 + r, bx + 4 + kw, bw - 6 - kw,
		    action_help((enum action)a), THEME_HELP);
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
	int n = ACT_COUNT - 1;

	(void)key;
	if (hp->rows < n && (a == ACT_DOWN || a == ACT_UP)) {
		if (a == ACT_DOWN && hp->top < n - hp->rows)
			hp->top++;
		if (a == ACT_UP && hp->top > 0)
			hp->top--;
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

/*
 * The link list of a text, as an overlay: the numbered references of a
 * rendered Markdown text with their URLs. Enter shows the URL in full
 * and asks before opening it with the configured opener; the copy key
 * prints it in full on the terminal's own screen, to select and copy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

struct links_view {
	struct view	 view;
	char		**urls;		/* sanitized, owned */
	size_t		  n;
	struct ui_list	  list;
	int		  confirm;	/* asking before opening the selected */
};

/* Draws row i: "[N] URL" (a ui_row_fn). */
static void
links_row_draw(void *ctx, size_t i, int y, int x, int w, int selected)
{
	struct links_view *lv = ctx;
	struct ui *ui = lv->view.ui;
	char num[32];
	int nw;

	snprintf(num, sizeof(num), "[%zu] ", i + 1);
	ui_fill(ui, y, x, w, selected ? THEME_SELECTED : THEME_HELP);
	nw = ui_puts(ui, y, x, w, num, selected ? THEME_SELECTED : THEME_DIM);
	ui_put(ui, y, x + nw, w - nw, lv->urls[i],
	    selected ? THEME_SELECTED : THEME_LINK);
}

/* The question before opening: the URL in full, wrapped to the box. */
static void
links_draw_confirm(struct links_view *lv, int y, int x, int h, int w)
{
	struct ui *ui = lv->view.ui;
	const char *url = lv->urls[lv->list.cur];
	const char *browser = ui->cfg->browser != NULL &&
	    ui->cfg->browser[0] != '\0' ? ui->cfg->browser : "xdg-open";
	struct text_lines tl = { NULL, 0, 0 };
	char line[300];
	int bw = w - 4 < 90 ? w - 4 : 90, bh, bx, by, r;
	size_t i;

	if (bw < 12)
		return;
	if (text_wrap(url, bw - 4, &tl) < 0)
		return;
	bh = (int)tl.n + 4;
	if (bh > h)
		bh = h;
	bx = x + (w - bw) / 2;
	by = y + (h - bh) / 2;
	ui_box(ui, by, bx, bh, bw, THEME_BORDER, THEME_HELP);
	snprintf(line, sizeof(line), " Open link [%zu]? ", lv->list.cur + 1);
	ui_puts(ui, by, bx + 2, bw - 4, line, THEME_TITLE);
	for (i = 0, r = 1; i < tl.n && r < bh - 3; i++, r++)
		ui_put(ui, by + r, bx + 2, bw - 4, tl.lines[i], THEME_LINK);
	snprintf(line, sizeof(line), "y: open with %s%sn: go back%sp: "
	    "print it to copy", browser, ui->g->sep, ui->g->sep);
	ui_put(ui, by + bh - 2, bx + 2, bw - 4, line, THEME_DIM);
	text_lines_release(&tl);
}

static void
links_draw(struct view *v, int y, int x, int h, int w)
{
	struct links_view *lv = (struct links_view *)v;
	struct ui *ui = v->ui;
	char hint[200], keys[3][48];
	int bw = w - 4 < 100 ? w - 4 : 100, bh, bx, by;

	if (lv->confirm) {
		links_draw_confirm(lv, y, x, h, w);
		return;
	}
	bh = (int)lv->n + 4 < h - 2 ? (int)lv->n + 4 : h - 2;
	if (bw < 12 || bh < 4)
		return;
	bx = x + (w - bw) / 2;
	by = y + (h - bh) / 2;
	ui_box(ui, by, bx, bh, bw, THEME_BORDER, THEME_HELP);
	ui_puts(ui, by, bx + 2, bw - 4, " Links ", THEME_TITLE);
	ui_list_draw(&lv->list, by + 1, bx + 2, bh - 3, bw - 4,
	    links_row_draw, lv);
	keys_for_action(ACT_OPEN, keys[0], sizeof(keys[0]));
	keys_for_action(ACT_COPY, keys[1], sizeof(keys[1]));
	keys_for_action(ACT_CANCEL, keys[2], sizeof(keys[2]));
	keys[0][strcspn(keys[0], ",")] = '\0';
	keys[1][strcspn(keys[1], ",")] = '\0';
	keys[2][strcspn(keys[2], ",")] = '\0';
	snprintf(hint, sizeof(hint), "%s: open%s%s: print to copy%s%s: close",
	    keys[0], ui->g->sep, keys[1], ui->g->sep, keys[2]);
	ui_put(ui, by + bh - 2, bx + 2, bw - 4, hint, THEME_DIM);
}

/* Prints the selected URL in full for copying. */
static void
links_print(struct links_view *lv)
{
	char label[64];

	snprintf(label, sizeof(label), "Link [%zu]:", lv->list.cur + 1);
	ui_print_url(lv->view.ui, label, lv->urls[lv->list.cur]);
}

/* The list of links: the keys it gives a meaning of its own, for the help. */
static const struct view_key_help links_keys[] = {
	{ ACT_OPEN, NULL, "Open the link (asks: y open, p print, n no)" },
	{ ACT_LINKS, NULL, "Close the list of links" },
	{ ACT_NONE, NULL, NULL }
};

static int
links_key(struct view *v, enum action a, int key)
{
	struct links_view *lv = (struct links_view *)v;

	if (lv->confirm) {
		/* A question: raw y, n and p, whatever they are bound to. */
		if (key == 'y' || key == 'Y') {
			lv->confirm = 0;
			ui_open_url(v->ui, lv->urls[lv->list.cur]);
		} else if (key == 'p' || key == 'P') {
			lv->confirm = 0;
			links_print(lv);
		} else if (key == 'n' || key == 'N' || a == ACT_CANCEL ||
		    a == ACT_BACK || a == ACT_QUIT) {
			lv->confirm = 0;
		}
		return 1;
	}
	if (ui_list_action(&lv->list, a))
		return 1;
	switch (a) {
	case ACT_OPEN:
		lv->confirm = 1;
		return 1;
	case ACT_COPY:
		links_print(lv);
		return 1;
	case ACT_CANCEL:
	case ACT_BACK:
	case ACT_LINKS:
		ui_pop(v->ui);
		return 1;
	default:
		return 0;
	}
}

/* A click selects a link; a click on the selected one asks to open it. */
static int
links_mouse(struct view *v, int y, int x, mmask_t bstate)
{
	struct links_view *lv = (struct links_view *)v;
	size_t row;

	(void)x;
	(void)bstate;
	if (lv->confirm || ui_list_hit(&lv->list, y, &row) < 0)
		return 0;
	if (row == lv->list.cur)
		lv->confirm = 1;
	lv->list.cur = row;
	return 1;
}

static void
links_free(struct view *v)
{
	struct links_view *lv = (struct links_view *)v;
	size_t i;

	for (i = 0; i < lv->n; i++)
		free(lv->urls[i]);
	free(lv->urls);
	free(lv);
}

struct view *
links_view_new(struct ui *ui, char *const *urls, size_t n)
{
	struct links_view *lv = xcalloc(1, sizeof(*lv));
	size_t i;

	lv->view.name = "links";
	lv->view.ui = ui;
	lv->view.overlay = 1;
	lv->view.draw = links_draw;
	lv->view.key = links_key;
	lv->view.keys_help = links_keys;
	lv->view.mouse = links_mouse;
	lv->view.free = links_free;
	view_set_title(&lv->view, "Links");
	lv->urls = xcalloc(n > 0 ? n : 1, sizeof(*lv->urls));
	for (i = 0; i < n; i++)
		lv->urls[i] = ui_clean(ui, urls[i]);
	lv->n = n;
	lv->list.n = n;
	return &lv->view;
}

/*
 * The Discussions pane: the discussion categories (announcements,
 * general, show and tell, the study groups of courses) with their
 * thread counts and descriptions. Enter opens a category's threads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

/* A category as shown: strings sanitized when the list arrived. */
struct category_row {
	int64_t	 id;
	char	*name;
	char	*threads;	/* "12" */
	char	*description;	/* one line */
};

enum {
	CAT_COL_NAME = 0,
	CAT_COL_THREADS,
	CAT_COL_DESC,
	CAT_COL_COUNT
};

struct categories_view {
	struct view		 view;
	struct category_row	*rows;
	size_t			 n;
	struct pager		 pager;
	struct ui_column	 cols[CAT_COL_COUNT];
	int			 name_w;	/* widest name */
};

static void
categories_reset(void *ctx)
{
	struct categories_view *cv = ctx;
	size_t i;

	for (i = 0; i < cv->n; i++) {
		free(cv->rows[i].name);
		free(cv->rows[i].threads);
		free(cv->rows[i].description);
	}
	FREE(&cv->rows);
	cv->n = 0;
	cv->name_w = 0;
}

static int
categories_take(void *ctx, json_t *body, int replace, char **next,
    struct gerr *err)
{
	struct categories_view *cv = ctx;
	struct ui *ui = cv->view.ui;
	struct category_page page;
	size_t i;

	memset(&page, 0, sizeof(page));
	if (category_page_from_json(body, &page, err) < 0) {
		category_page_release(&page);
		return -1;
	}
	if (replace)
		categories_reset(cv);
	cv->rows = xrealloc(cv->rows, (cv->n + page.n + 1) * sizeof(*cv->rows));
	for (i = 0; i < page.n; i++) {
		const struct category *c = &page.items[i];
		struct category_row *r = &cv->rows[cv->n++];
		char num[32];
		int w;

		r->id = c->id;
		r->name = ui_clean(ui, c->name);
		snprintf(num, sizeof(num), "%lld", (long long)c->thread_count);
		r->threads = xstrdup(num);
		r->description = ui_clean(ui, c->description);
		w = text_width(r->name);
		if (w > cv->name_w)
			cv->name_w = w;
	}
	*next = page.has_more && page.next_cursor != NULL ?
	    xstrdup(page.next_cursor) : NULL;
	category_page_release(&page);
	return 0;
}

static size_t
categories_count(void *ctx)
{
	return ((struct categories_view *)ctx)->n;
}

static const char *
categories_text(void *ctx, size_t row)
{
	return ((struct categories_view *)ctx)->rows[row].name;
}

static int64_t
categories_id(void *ctx, size_t row)
{
	return ((struct categories_view *)ctx)->rows[row].id;
}

static void
categories_layout(void *ctx, int w)
{
	struct categories_view *cv = ctx;
	static const struct ui_column proto[CAT_COL_COUNT] = {
		[CAT_COL_NAME] = { "Category", 16, 12, 0, 0, 0, 0, 0 },
		[CAT_COL_THREADS] = { "Threads", 7, 7, 0, 0, 1, 0, 0 },
		[CAT_COL_DESC] = { "About", 0, 16, 1, 0, 0, 0, 0 },
	};

	memcpy(cv->cols, proto, sizeof(proto));
	if (cv->name_w > cv->cols[CAT_COL_NAME].want)
		cv->cols[CAT_COL_NAME].want = cv->name_w < w / 2 ? cv->name_w :
		    w / 2;
	ui_columns_layout(cv->cols, CAT_COL_COUNT, w - 2, 2);
}

static void
categories_header(void *ctx, int y, int x, int w)
{
	struct categories_view *cv = ctx;

	ui_fill(cv->view.ui, y, x, 1, THEME_HEADER);
	ui_columns_header(cv->view.ui, cv->cols, CAT_COL_COUNT, y, x + 1,
	    w - 1);
}

static void
categories_row(void *ctx, size_t i, int y, int x, int w, int selected)
{
	struct categories_view *cv = ctx;
	struct ui *ui = cv->view.ui;
	const struct category_row *r = &cv->rows[i];

	ui_fill(ui, y, x, w, selected ? THEME_SELECTED : THEME_NORMAL);
	ui_column_put(ui, &cv->cols[CAT_COL_NAME], y, x + 1, r->name,
	    selected ? THEME_SELECTED : THEME_TITLE);
	ui_column_put(ui, &cv->cols[CAT_COL_THREADS], y, x + 1, r->threads,
	    selected ? THEME_SELECTED : THEME_DIM);
	ui_column_put(ui, &cv->cols[CAT_COL_DESC], y, x + 1, r->description,
	    selected ? THEME_SELECTED : THEME_DIM);
}

static const struct pager_ops categories_ops = {
	categories_take, categories_reset, categories_count, categories_text,
	categories_id, categories_layout, categories_header, categories_row,
};

static void
categories_draw(struct view *v, int y, int x, int h, int w)
{
	pager_draw(&((struct categories_view *)v)->pager, y, x, h, w);
}

/* Opens the threads of the selected category. */
static void
categories_open(struct categories_view *cv)
{
	size_t row;

	if (pager_selected(&cv->pager, &row) < 0)
		return;
	ui_push(cv->view.ui, threads_view_new(cv->view.ui, cv->rows[row].id,
	    cv->rows[row].name));
}

/*
 * The list of categories: the keys it gives a meaning of its own,
 * for the help overlay.
 */
static const struct view_key_help categories_keys[] = {
	{ ACT_COMPOSE, NULL, "Start a thread: open its category first" },
	{ ACT_NONE, NULL, NULL }
};

static int
categories_key(struct view *v, enum action a, int key)
{
	struct categories_view *cv = (struct categories_view *)v;

	if (pager_key(&cv->pager, a, key))
		return 1;
	switch (a) {
	case ACT_OPEN:
		categories_open(cv);
		return 1;
	case ACT_COMPOSE:
		ui_message(v->ui, UI_MSG_INFO, "Open a category (Enter) to "
		    "start a thread in it");
		return 1;
	default:
		return 0;
	}
}

static int
categories_mouse(struct view *v, int y, int x, mmask_t bstate)
{
	struct categories_view *cv = (struct categories_view *)v;
	int hit = pager_click(&cv->pager, y, x);

	(void)bstate;
	if (hit == 2)
		categories_open(cv);
	return hit > 0;
}

static int
categories_status(struct view *v, char *buf, size_t bufsz, int *editing)
{
	return pager_status(&((struct categories_view *)v)->pager, buf, bufsz,
	    editing);
}

static void
categories_free(struct view *v)
{
	struct categories_view *cv = (struct categories_view *)v;

	pager_release(&cv->pager);
	categories_reset(cv);
	free(cv);
}

struct view *
categories_view_new(struct ui *ui)
{
	struct categories_view *cv = xcalloc(1, sizeof(*cv));

	cv->view.name = "categories";
	cv->view.ui = ui;
	cv->view.pane = (int)ui->cur;
	cv->view.draw = categories_draw;
	cv->view.key = categories_key;
	cv->view.keys_help = categories_keys;
	cv->view.mouse = categories_mouse;
	cv->view.status = categories_status;
	cv->view.free = categories_free;
	view_set_title(&cv->view, "Discussions");
	pager_init(&cv->pager, &cv->view, &categories_ops, cv, "categories",
	    0);
	cv->pager.empty = "No categories yet.";
	cv->pager.what_load = "Loading categories";
	cv->pager.what_refresh = "Refreshing categories";
	pager_open(&cv->pager, "/api/v1/categories");
	return &cv->view;
}

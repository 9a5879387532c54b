/*
 * The Library pane: the courses the member owns (GET /api/v1/me/library,
 * most recently enrolled first, paged as the cursor nears the end) with
 * a progress bar of lessons completed out of the total. Enter opens the
 * course. A purchase or a lesson marked complete anywhere in the UI
 * makes it fetch the first page again when next drawn.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

#define LIBRARY_PAGE		20
#define LIBRARY_FIRST_PATH	"/api/v1/me/library?limit=20"
/* Fetch the next page when the cursor is this close to the last row. */
#define LIBRARY_MORE_ROWS	5
/* Cells of the progress bar. */
#define LIBRARY_BAR		12

/* An owned course as shown: strings sanitized when the page arrived. */
struct library_row {
	int64_t	 id;
	char	*title;
	char	*enrolled;	/* "2026-11-26" */
	int	 done;
	int	 total;
};

enum library_col {
	LCOL_TITLE = 0,
	LCOL_PROGRESS,
	LCOL_ENROLLED,
	LCOL_COUNT
};

struct library_view {
	struct view		 view;
	struct library_row	*rows;
	size_t			 n;
	size_t			 cap;
	struct ui_list		 list;
	struct ui_fetch		 fetch;
	int			 more;		/* the request is a next page */
	char			*next_cursor;	/* raw, for URLs */
	int			 loaded;
	int			 reloading;
	int			 more_failed;
	char			*error;		/* sanitized, or NULL */
	unsigned		 gen;		/* ui's owned + progress gens */
	struct ui_column	 cols[LCOL_COUNT];
};

static void
library_clear(struct library_view *lv)
{
	size_t i;

	for (i = 0; i < lv->n; i++) {
		free(lv->rows[i].title);
		free(lv->rows[i].enrolled);
	}
	lv->n = 0;
	lv->list.n = 0;
}

/*
 * Reads a page (server or cache); replace drops the rows first, keeping
 * the cursor on the same course. 0, or -1 with err.
 */
static int
library_take(struct library_view *lv, json_t *body, int replace,
    struct gerr *err)
{
	struct ui *ui = lv->view.ui;
	struct library_page page;
	int64_t keep = lv->list.cur < lv->n ? lv->rows[lv->list.cur].id : -1;
	char day[16];
	size_t i;

	memset(&page, 0, sizeof(page));
	if (library_page_from_json(body, &page, err) < 0) {
		library_page_release(&page);
		return -1;
	}
	if (replace)
		library_clear(lv);
	if (lv->n + page.n > lv->cap) {
		lv->cap = (lv->n + page.n) * 2 + 16;
		lv->rows = xrealloc(lv->rows, lv->cap * sizeof(*lv->rows));
	}
	for (i = 0; i < page.n; i++) {
		const struct library_item *it = &page.items[i];
		struct library_row *r = &lv->rows[lv->n++];

		r->id = it->course.id;
		r->title = ui_clean(ui, it->course.title);
		snprintf(day, sizeof(day), "%.10s", it->enrolled_at != NULL ?
		    it->enrolled_at : "");
		r->enrolled = ui_clean(ui, day);
		r->done = it->progress.completed;
		r->total = it->progress.total;
	}
	FREE(&lv->next_cursor);
	if (page.has_more && page.next_cursor != NULL)
		lv->next_cursor = xstrdup(page.next_cursor);
	library_page_release(&page);
	lv->list.n = lv->n;
	if (replace) {
		lv->list.cur = 0;
		for (i = 0; i < lv->n && keep >= 0; i++) {
			if (lv->rows[i].id == keep)
				lv->list.cur = i;
		}
	}
	lv->loaded = 1;
	FREE(&lv->error);
	return 0;
}

/* Fetches the first page again, or (more) the page after next_cursor. */
static void
library_request(struct library_view *lv, int more)
{
	char *cursor, *path;

	lv->more = more;
	if (!more) {
		ui_fetch_get(&lv->fetch, LIBRARY_FIRST_PATH, lv->loaded ?
		    "Refreshing the library" : "Loading the library");
		return;
	}
	cursor = ui_url_escape(lv->next_cursor != NULL ? lv->next_cursor : "");
	path = xasprintf("/api/v1/me/library?limit=%d&cursor=%s",
	    LIBRARY_PAGE, cursor);
	ui_fetch_get(&lv->fetch, path, "Loading more");
	free(path);
	free(cursor);
}

static void
library_done(void *arg, json_t *body, const struct gerr *err, unsigned flags)
{
	struct library_view *lv = arg;
	struct ui *ui = lv->view.ui;
	int reloading = lv->reloading;
	struct gerr perr;

	lv->reloading = 0;
	if (body == NULL) {
		if (lv->more) {
			lv->more_failed = 1;
			ui_error(ui, "cannot load more of the library", err);
			return;
		}
		FREE(&lv->error);
		lv->error = ui_clean(ui, err->msg);
		ui_error(ui, "cannot load the library", err);
		return;
	}
	gerr_clear(&perr);
	if (!lv->more && (flags & API_NOT_MODIFIED) && lv->loaded)
		return;
	if (library_take(lv, body, !lv->more, &perr) < 0) {
		FREE(&lv->error);
		lv->error = ui_clean(ui, perr.msg);
		ui_error(ui, "cannot read the library", &perr);
		return;
	}
	if (!lv->more)
		lv->more_failed = 0;
	if (reloading)
		ui_message(ui, UI_MSG_INFO, "Reloaded: %zu course%s", lv->n,
		    lv->n == 1 ? "" : "s");
}

/* Fetches the next page when the cursor nears the last row. */
static void
library_maybe_more(struct library_view *lv)
{
	if (lv->next_cursor == NULL || lv->more_failed ||
	    ui_fetch_busy(&lv->fetch) || lv->fetch.canceled)
		return;
	if (lv->list.cur + LIBRARY_MORE_ROWS >= lv->n ||
	    (lv->list.height > 0 && lv->n <= (size_t)lv->list.height))
		library_request(lv, 1);
}

/* ---- Drawing ------------------------------------------------------- */

static void
library_row_draw(void *ctx, size_t i, int y, int x, int w, int selected)
{
	struct library_view *lv = ctx;
	struct ui *ui = lv->view.ui;
	const struct library_row *r = &lv->rows[i];
	const struct ui_column *c = &lv->cols[LCOL_PROGRESS];
	struct ui_lines ls = { NULL, 0, 0 };
	struct ui_line *line;
	char count[32];

	ui_fill(ui, y, x, w, selected ? THEME_SELECTED : THEME_NORMAL);
	ui_column_put(ui, &lv->cols[LCOL_TITLE], y, x + 1, r->title,
	    selected ? THEME_SELECTED : THEME_TITLE);
	ui_column_put(ui, &lv->cols[LCOL_ENROLLED], y, x + 1, r->enrolled,
	    selected ? THEME_SELECTED : THEME_DIM);
	if (c->w <= 0)
		return;
	line = ui_lines_add(&ls);
	ui_line_progress(ui, line, r->done, r->total, LIBRARY_BAR);
	snprintf(count, sizeof(count), " %d/%d", r->done, r->total);
	ui_line_add(line, selected ? THEME_SELECTED : THEME_NORMAL, count);
	ui_line_draw(ui, line, y, x + 1 + c->x, c->w);
	ui_lines_release(&ls);
}

/* What the pane says when it has no row to show. */
static const char *
library_empty(const struct library_view *lv, char *buf, size_t bufsz)
{
	struct ui *ui = lv->view.ui;

	if (ui->client->token == NULL) {
		snprintf(buf, bufsz, "Not logged in%srun guild login in a "
		    "shell, then start guild again.", ui->g->dash);
		return buf;
	}
	if (lv->loaded)
		return "You own no course yet: open one in the Catalog and "
		    "press b to buy it.";
	if (ui_fetch_busy(&lv->fetch))
		return "Loading...";
	if (lv->fetch.canceled)
		return "Canceled; press r to load your library.";
	if (lv->error != NULL) {
		snprintf(buf, bufsz, "Could not load your library: %s (press r "
		    "to retry)", lv->error);
		return buf;
	}
	return "Loading...";
}

static void
library_draw(struct view *v, int y, int x, int h, int w)
{
	static const struct ui_column proto[LCOL_COUNT] = {
		[LCOL_TITLE] = { "Course", 0, 16, 1, 0, 0, 0, 0 },
		[LCOL_PROGRESS] = { "Progress", LIBRARY_BAR + 8,
		    LIBRARY_BAR + 2, 0, 0, 0, 0, 0 },
		[LCOL_ENROLLED] = { "Since", 10, 10, 0, 1, 0, 0, 0 },
	};
	struct library_view *lv = (struct library_view *)v;
	struct ui *ui = v->ui;
	unsigned gen = ui->owned_gen + ui->progress_gen;
	char text[600];

	if (h < 2 || w < 4)
		return;
	if (lv->gen != gen && ui->client->token != NULL) {
		lv->gen = gen;
		library_request(lv, 0);
	}
	memcpy(lv->cols, proto, sizeof(proto));
	ui_columns_layout(lv->cols, LCOL_COUNT, w - 2, 2);
	ui_fill(ui, y, x, 1, THEME_HEADER);
	ui_columns_header(ui, lv->cols, LCOL_COUNT, y, x + 1, w - 1);
	if (lv->n == 0) {
		lv->list.height = 0;
		ui_put(ui, y + 2, x + 2, w - 2, library_empty(lv, text,
		    sizeof(text)), lv->error != NULL && !lv->loaded ?
		    THEME_ERROR : THEME_DIM);
		return;
	}
	ui_list_draw(&lv->list, y + 1, x, h - 1, w, library_row_draw, lv);
	ui->rows_shown = 1;
	library_maybe_more(lv);
}

/* ---- Keys ---------------------------------------------------------- */

static void
library_open(struct library_view *lv)
{
	const struct library_row *r;

	if (lv->list.cur >= lv->n)
		return;
	r = &lv->rows[lv->list.cur];
	ui_push(lv->view.ui, course_view_new(lv->view.ui, r->id, r->title, 0));
}

static int
library_key(struct view *v, enum action a, int key)
{
	struct library_view *lv = (struct library_view *)v;

	(void)key;
	if (ui_list_action(&lv->list, a)) {
		lv->fetch.canceled = 0;
		library_maybe_more(lv);
		return 1;
	}
	switch (a) {
	case ACT_OPEN:
		library_open(lv);
		return 1;
	case ACT_RELOAD:
		if (v->ui->client->token == NULL) {
			ui_message(v->ui, UI_MSG_INFO, "Not logged in: run "
			    "guild login");
			return 1;
		}
		lv->reloading = 1;
		library_request(lv, 0);
		return 1;
	default:
		return 0;
	}
}

/* A click selects a row; a click on the selected row opens it. */
static int
library_mouse(struct view *v, int y, int x, mmask_t bstate)
{
	struct library_view *lv = (struct library_view *)v;
	size_t row;

	(void)x;
	(void)bstate;
	if (ui_list_hit(&lv->list, y, &row) < 0)
		return 0;
	if (row == lv->list.cur)
		library_open(lv);
	else
		lv->list.cur = row;
	return 1;
}

static void
library_free(struct view *v)
{
	struct library_view *lv = (struct library_view *)v;

	library_clear(lv);
	free(lv->rows);
	free(lv->next_cursor);
	free(lv->error);
	free(lv);
}

struct view *
library_view_new(struct ui *ui)
{
	struct library_view *lv = xcalloc(1, sizeof(*lv));
	struct gerr err;
	json_t *cached;

	lv->view.name = "library";
	lv->view.ui = ui;
	lv->view.pane = (int)ui->cur;
	lv->view.draw = library_draw;
	lv->view.key = library_key;
	lv->view.mouse = library_mouse;
	lv->view.free = library_free;
	view_set_title(&lv->view, "Library");
	lv->gen = ui->owned_gen + ui->progress_gen;
	ui_fetch_init(&lv->fetch, ui, &lv->view, library_done, lv);
	if (ui->client->token == NULL)
		return &lv->view;
	cached = api_cached(ui->client, LIBRARY_FIRST_PATH);
	if (cached != NULL) {
		gerr_clear(&err);
		library_take(lv, cached, 1, &err);
		json_decref(cached);
	}
	library_request(lv, 0);
	return &lv->view;
}

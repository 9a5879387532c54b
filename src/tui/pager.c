/*
 * A paged list: the rows of a cursor-paginated route (categories,
 * threads, questions), fetched a page at a time as the cursor nears the
 * end, painted from the cache first, with the / filter over the loaded
 * rows and G following the pages to the last one. The view that embeds
 * it keeps the rows and says how to read a page and draw a row (struct
 * pager_ops); the pager keeps everything about paging.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/util.h"

#include "ui.h"

/* Fetch the next page when the cursor is this close to the last row. */
#define PAGER_MORE_ROWS		5
/* Rows per page while following the pages to the end (G). */
#define PAGER_PAGE_BULK		100

enum pager_fetch {
	PAGER_FETCH_NONE = 0,
	PAGER_FETCH_FIRST,
	PAGER_FETCH_MORE
};

/* The row shown at list position i. */
static size_t
pager_row(const struct pager *p, size_t i)
{
	return p->vis[i];
}

int
pager_selected(const struct pager *p, size_t *row)
{
	if (p->list.n == 0 || p->list.cur >= p->list.n)
		return -1;
	*row = pager_row(p, p->list.cur);
	return 0;
}

void
pager_select_id(struct pager *p, int64_t id)
{
	size_t i;

	for (i = 0; i < p->list.n; i++) {
		if (p->ops->id(p->ctx, pager_row(p, i)) == id) {
			p->list.cur = i;
			return;
		}
	}
}

/* Makes room in vis for every row the owner has. */
static void
pager_grow(struct pager *p)
{
	size_t n = p->ops->count(p->ctx);

	if (n <= p->viscap)
		return;
	p->viscap = n * 2 + 32;
	p->vis = xrealloc(p->vis, p->viscap * sizeof(*p->vis));
}

/* Shows the rows whose text holds the filter, keeping the cursor's row. */
static void
pager_refilter(struct pager *p)
{
	size_t n = p->ops->count(p->ctx), i, row;
	int64_t keep = pager_selected(p, &row) == 0 ?
	    p->ops->id(p->ctx, row) : -1;

	pager_grow(p);
	p->list.n = 0;
	for (i = 0; i < n; i++) {
		if (ui_contains(p->ops->text(p->ctx, i), p->filter.text))
			p->vis[p->list.n++] = i;
	}
	p->list.cur = 0;
	if (keep >= 0)
		pager_select_id(p, keep);
}

/*
 * Reads a page into the rows (replacing them for a first page) and
 * remembers its cursor. 0, or -1 with err.
 */
static int
pager_take(struct pager *p, json_t *body, int replace, struct gerr *err)
{
	size_t row;
	int64_t keep = replace && pager_selected(p, &row) == 0 ?
	    p->ops->id(p->ctx, row) : -1;
	size_t before = replace ? 0 : p->ops->count(p->ctx), i, n;
	char *next = NULL;

	if (p->ops->take(p->ctx, body, replace, &next, err) < 0)
		return -1;
	FREE(&p->next_cursor);
	p->next_cursor = next;
	p->has_more = next != NULL;
	pager_grow(p);
	n = p->ops->count(p->ctx);
	if (replace) {
		p->list.n = 0;
		p->list.cur = 0;
	}
	for (i = before; i < n; i++) {
		if (ui_contains(p->ops->text(p->ctx, i), p->filter.text))
			p->vis[p->list.n++] = i;
	}
	if (keep >= 0)
		pager_select_id(p, keep);
	if (p->select_id != 0) {
		size_t was = p->list.cur;

		p->list.cur = SIZE_MAX;
		pager_select_id(p, p->select_id);
		if (p->list.cur != SIZE_MAX)
			p->select_id = 0;
		else
			p->list.cur = was;
	}
	p->loaded = 1;
	p->failed = 0;
	return 0;
}

/* The path of the first page, or of the page after next_cursor. */
static char *
pager_path(const struct pager *p, int more)
{
	char sep = strchr(p->base, '?') != NULL ? '&' : '?';
	char *cursor, *path;
	int limit = p->to_end ? PAGER_PAGE_BULK : p->page;

	if (!more && p->page <= 0)
		return xstrdup(p->base);
	if (!more)
		return xasprintf("%s%climit=%d", p->base, sep, p->page);
	cursor = ui_url_escape(p->next_cursor != NULL ? p->next_cursor : "");
	if (p->page > 0)
		path = xasprintf("%s%climit=%d&cursor=%s", p->base, sep, limit,
		    cursor);
	else
		path = xasprintf("%s%ccursor=%s", p->base, sep, cursor);
	free(cursor);
	return path;
}

/* Starts fetching the first page, or the page after next_cursor. */
static void
pager_request(struct pager *p, int more)
{
	char *path = pager_path(p, more);

	p->kind = more ? PAGER_FETCH_MORE : PAGER_FETCH_FIRST;
	if (!more)
		ui_fetch_get(&p->fetch, path, p->loaded ? p->what_refresh :
		    p->what_load);
	else
		ui_fetch_get(&p->fetch, path, p->to_end ? p->what_all :
		    "Loading more");
	free(path);
}

/* Starts fetching the next page when the cursor nears the last row. */
static void
pager_maybe_more(struct pager *p)
{
	size_t near = PAGER_MORE_ROWS;

	if (p->list.height > 0 && (size_t)p->list.height > near)
		near = (size_t)p->list.height;
	if (!p->has_more || p->more_failed || ui_fetch_busy(&p->fetch))
		return;
	if (p->fetch.canceled) {
		p->to_end = 0;
		return;
	}
	if (p->filter.len > 0 && !p->to_end)
		return;
	if (p->to_end || p->list.cur + near >= p->list.n)
		pager_request(p, 1);
}

/* The answer to a page request. */
static void
pager_done(void *arg, json_t *body, const struct gerr *err, unsigned flags)
{
	struct pager *p = arg;
	struct ui *ui = p->view->ui;
	enum pager_fetch kind = (enum pager_fetch)p->kind;
	struct gerr perr;
	char doing[96];

	p->kind = PAGER_FETCH_NONE;
	if (body == NULL) {
		p->to_end = 0;
		if (kind == PAGER_FETCH_MORE) {
			p->more_failed = 1;
			snprintf(doing, sizeof(doing), "cannot load more %s",
			    p->noun);
			ui_error(ui, doing, err);
		} else {
			p->reloading = 0;
			p->failed = !p->loaded;
			ui_error(ui, NULL, err);
		}
		return;
	}
	gerr_clear(&perr);
	snprintf(doing, sizeof(doing), "cannot read the %s", p->noun);
	if (kind == PAGER_FETCH_FIRST) {
		/* 304: what the cache painted is current. */
		if (!((flags & API_NOT_MODIFIED) && p->loaded) &&
		    pager_take(p, body, 1, &perr) < 0) {
			ui_error(ui, doing, &perr);
			p->reloading = 0;
			p->failed = !p->loaded;
			return;
		}
		p->more_failed = 0;
		if (p->reloading)
			ui_message(ui, UI_MSG_INFO, "Reloaded: %zu %s%s",
			    p->ops->count(p->ctx), p->noun,
			    p->has_more ? " so far" : "");
		p->reloading = 0;
	} else if (pager_take(p, body, 0, &perr) < 0) {
		p->more_failed = 1;
		p->to_end = 0;
		ui_error(ui, doing, &perr);
		return;
	}
	if (p->to_end) {
		if (p->list.n > 0)
			p->list.cur = p->list.n - 1;
		if (p->has_more)
			pager_request(p, 1);
		else
			p->to_end = 0;
	}
}

void
pager_init(struct pager *p, struct view *owner, const struct pager_ops *ops,
    void *ctx, const char *noun, int page)
{
	memset(p, 0, sizeof(*p));
	p->view = owner;
	p->ops = ops;
	p->ctx = ctx;
	p->noun = noun;
	p->page = page;
	p->what_load = "Loading";
	p->what_refresh = "Refreshing";
	p->what_all = "Loading all";
	ui_fetch_init(&p->fetch, owner->ui, owner, pager_done, p);
}

void
pager_open(struct pager *p, const char *base)
{
	struct gerr err;
	json_t *cached;
	char *path;

	ui_fetch_cancel(&p->fetch);
	FREE(&p->base);
	p->base = xstrdup(base);
	FREE(&p->next_cursor);
	p->has_more = 0;
	p->loaded = 0;
	p->failed = 0;
	p->more_failed = 0;
	p->to_end = 0;
	p->list.n = 0;
	p->list.cur = 0;
	p->list.top = 0;
	p->ops->reset(p->ctx);
	/* Paint from the cache at once; the request revalidates. */
	path = pager_path(p, 0);
	cached = api_cached(p->view->ui->client, path);
	free(path);
	if (cached != NULL) {
		gerr_clear(&err);
		if (pager_take(p, cached, 1, &err) < 0)
			p->ops->reset(p->ctx);
		json_decref(cached);
	}
	pager_request(p, 0);
}

void
pager_reload(struct pager *p)
{
	p->reloading = 1;
	p->to_end = 0;
	pager_request(p, 0);
}

void
pager_release(struct pager *p)
{
	ui_fetch_cancel(&p->fetch);
	FREE(&p->vis);
	FREE(&p->base);
	FREE(&p->next_cursor);
}

/* Draws list position i through the owner's row function. */
static void
pager_row_draw(void *ctx, size_t i, int y, int x, int w, int selected)
{
	struct pager *p = ctx;

	p->ops->row(p->ctx, pager_row(p, i), y, x, w, selected);
}

/* What the list area says when it has no row. */
static const char *
pager_empty_text(const struct pager *p, char *buf, size_t bufsz)
{
	if (p->loaded && p->ops->count(p->ctx) > 0)
		snprintf(buf, bufsz, "None of the loaded %s has '%s' in it.",
		    p->noun, p->filter.text);
	else if (p->loaded)
		snprintf(buf, bufsz, "%s", p->empty != NULL ? p->empty :
		    "Nothing here yet.");
	else if (ui_fetch_busy(&p->fetch))
		snprintf(buf, bufsz, "Loading %s...", p->noun);
	else if (p->fetch.canceled)
		snprintf(buf, bufsz, "Canceled; press r to load the %s.",
		    p->noun);
	else
		snprintf(buf, bufsz, "Could not load the %s; press r to "
		    "retry.", p->noun);
	return buf;
}

void
pager_draw(struct pager *p, int y, int x, int h, int w)
{
	struct ui *ui = p->view->ui;
	char empty[400];

	if (h < 2 || w <= 0)
		return;
	p->x = x;
	p->w = w;
	p->ops->layout(p->ctx, w);
	p->ops->header(p->ctx, y, x, w);
	if (p->list.n == 0) {
		p->list.height = 0;
		ui_put(ui, y + 2, x + 2, w - 2,
		    pager_empty_text(p, empty, sizeof(empty)), THEME_DIM);
	} else {
		ui_list_draw(&p->list, y + 1, x, h - 1, w, pager_row_draw, p);
		ui->rows_shown = 1;
	}
	pager_maybe_more(p);
}

/* A key while the filter is being typed; 1 when it was used. */
static int
pager_filter_key(struct pager *p, int key)
{
	switch (ui_input_key(&p->filter, key)) {
	case UI_INPUT_EDIT:
		pager_refilter(p);
		return 1;
	case UI_INPUT_DONE:
		p->editing = 0;
		return 1;
	case UI_INPUT_ABORT:
		p->editing = 0;
		ui_input_clear(&p->filter);
		pager_refilter(p);
		return 1;
	case UI_INPUT_PASS:
		break;
	}
	return 0;
}

int
pager_key(struct pager *p, enum action a, int key)
{
	struct view *v = p->view;

	if (p->editing && pager_filter_key(p, key))
		return 1;
	if (ui_list_action(&p->list, a)) {
		p->fetch.canceled = 0;
		if (a == ACT_BOTTOM && p->has_more) {
			p->to_end = 1;
			p->more_failed = 0;
		}
		pager_maybe_more(p);
		return 1;
	}
	switch (a) {
	case ACT_RELOAD:
		pager_reload(p);
		return 1;
	case ACT_FILTER:
		p->editing = 1;
		ui_message(v->ui, UI_MSG_NONE, NULL);
		return 1;
	case ACT_CANCEL:
		/* Loading is canceled by the UI; else Esc clears a filter. */
		if (p->filter.len == 0 || ui_fetch_pane_busy(v->ui, v->pane))
			return 0;
		ui_input_clear(&p->filter);
		pager_refilter(p);
		return 1;
	default:
		return 0;
	}
}

int
pager_click(struct pager *p, int y, int x)
{
	size_t row;

	if (x < p->x || x >= p->x + p->w || ui_list_hit(&p->list, y, &row) < 0)
		return 0;
	if (row == p->list.cur)
		return 2;
	p->list.cur = row;
	pager_maybe_more(p);
	return 1;
}

int
pager_status(struct pager *p, char *buf, size_t bufsz, int *editing)
{
	*editing = 0;
	if (!p->editing && p->filter.len == 0)
		return 0;
	snprintf(buf, bufsz, "filter: %s%s (%zu of %zu)", p->filter.text,
	    p->editing ? "_" : "", p->list.n, p->ops->count(p->ctx));
	return 1;
}

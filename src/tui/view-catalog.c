/*
 * The catalog pane: the course list with title, level, price and
 * instructor columns, fetched a page at a time as the cursor nears the
 * end. Enter opens the course detail.
 */
#include <stdlib.h>
#include <string.h>

#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

/* Fetch the next page when the cursor is this close to the last row. */
#define CATALOG_MORE_ROWS	5

/* One course as shown: every string sanitized when the page arrived. */
struct catalog_row {
	int64_t	 id;
	char	*title;
	char	*level;
	char	*price;
	char	*instructor;
};

enum catalog_fetch {
	CATALOG_FETCH_NONE = 0,
	CATALOG_FETCH_FIRST,	/* the first page (start, reload) */
	CATALOG_FETCH_MORE	/* the page after next_cursor */
};

enum catalog_col {
	COL_TITLE = 0,
	COL_LEVEL,
	COL_PRICE,
	COL_INSTRUCTOR,
	COL_COUNT
};

struct catalog {
	struct view		 view;
	struct catalog_row	*rows;
	size_t			 cap;
	struct ui_list		 list;
	char			*next_cursor;	/* raw from the server, for URLs */
	int			 has_more;
	int			 loaded;	/* a first page has arrived */
	int			 more_failed;	/* stop paging until reload */
	int			 reloading;	/* a user-asked reload */
	enum catalog_fetch	 fetch;
	struct ui_column	 cols[COL_COUNT];
	int			 width[COL_COUNT]; /* widest cell so far */
};

static void
catalog_row_release(struct catalog_row *r)
{
	FREE(&r->title);
	FREE(&r->level);
	FREE(&r->price);
	FREE(&r->instructor);
}

/* Notes the widest text seen in column col, for the layout. */
static void
catalog_widen(struct catalog *c, enum catalog_col col, const char *s)
{
	int w = text_width(s);

	if (w > c->width[col])
		c->width[col] = w;
}

/* Fills row from a course of the page, sanitizing every string. */
static void
catalog_row_set(struct catalog *c, struct catalog_row *r,
    const struct course *co)
{
	char price[64];
	const char *who;

	r->id = co->id;
	r->title = ui_clean(c->view.ui, co->title);
	r->level = ui_clean(c->view.ui, level_name(co->level));
	money_format(&co->price, c->view.ui->ascii, price, sizeof(price));
	r->price = ui_clean(c->view.ui, price);
	who = co->instructor_name != NULL && co->instructor_name[0] != '\0' ?
	    co->instructor_name : co->instructor;
	r->instructor = ui_clean(c->view.ui, who);
	catalog_widen(c, COL_LEVEL, r->level);
	catalog_widen(c, COL_PRICE, r->price);
	catalog_widen(c, COL_INSTRUCTOR, r->instructor);
}

/* Appends the courses of page to the rows. */
static void
catalog_append(struct catalog *c, const struct course_page *page)
{
	size_t i;

	if (c->list.n + page->n > c->cap) {
		c->cap = c->list.n + page->n + 32;
		c->rows = xrealloc(c->rows, c->cap * sizeof(*c->rows));
	}
	for (i = 0; i < page->n; i++) {
		struct catalog_row *r = &c->rows[c->list.n++];

		memset(r, 0, sizeof(*r));
		catalog_row_set(c, r, &page->items[i]);
	}
	FREE(&c->next_cursor);
	if (page->has_more && page->next_cursor != NULL)
		c->next_cursor = xstrdup(page->next_cursor);
	c->has_more = c->next_cursor != NULL;
}

/* Drops every row, keeping the column widths at their minimum. */
static void
catalog_clear(struct catalog *c)
{
	size_t i;

	for (i = 0; i < c->list.n; i++)
		catalog_row_release(&c->rows[i]);
	c->list.n = 0;
	memset(c->width, 0, sizeof(c->width));
}

/* Asks the loop to fetch: what for the status bar, kind of fetch. */
static void
catalog_request(struct catalog *c, enum catalog_fetch kind)
{
	c->fetch = kind;
	c->view.pending = 1;
	ui_busy(c->view.ui, kind == CATALOG_FETCH_FIRST ?
	    "Loading courses..." : "Loading more...");
}

/* Starts fetching the next page when the cursor nears the last row. */
static void
catalog_maybe_more(struct catalog *c)
{
	size_t near = CATALOG_MORE_ROWS;

	if (c->list.height > 0 && (size_t)c->list.height > near)
		near = (size_t)c->list.height;
	if (!c->has_more || c->more_failed || c->fetch != CATALOG_FETCH_NONE)
		return;
	if (c->list.cur + near >= c->list.n)
		catalog_request(c, CATALOG_FETCH_MORE);
}

/* Runs the pending fetch (synchronously for now). */
static void
catalog_work(struct view *v)
{
	struct catalog *c = (struct catalog *)v;
	struct course_query q = { NULL, NULL, 0 };
	struct course_page page;
	struct gerr err;
	enum catalog_fetch kind = c->fetch;
	int64_t keep_id = -1;

	c->fetch = CATALOG_FETCH_NONE;
	if (kind == CATALOG_FETCH_NONE)
		return;
	if (kind == CATALOG_FETCH_MORE)
		q.cursor = c->next_cursor;
	memset(&page, 0, sizeof(page));
	gerr_clear(&err);
	if (api_courses(v->ui->client, &q, &page, NULL, &err) < 0) {
		if (kind == CATALOG_FETCH_MORE) {
			c->more_failed = 1;
			ui_error(v->ui, "cannot load more courses", &err);
		} else {
			c->reloading = 0;
			ui_error(v->ui, NULL, &err);
		}
		return;
	}
	if (kind == CATALOG_FETCH_FIRST) {
		if (c->list.n > 0)
			keep_id = c->rows[c->list.cur].id;
		catalog_clear(c);
		c->loaded = 1;
		c->more_failed = 0;
	}
	catalog_append(c, &page);
	course_page_release(&page);
	if (keep_id >= 0) {
		size_t i;

		c->list.cur = 0;
		for (i = 0; i < c->list.n; i++) {
			if (c->rows[i].id == keep_id)
				c->list.cur = i;
		}
	}
	if (c->reloading) {
		c->reloading = 0;
		ui_message(v->ui, UI_MSG_INFO, "Reloaded: %zu course%s%s",
		    c->list.n, c->list.n == 1 ? "" : "s",
		    c->has_more ? " so far" : "");
	}
}

/* Sizes the columns for width w from the widest cells seen. */
static void
catalog_layout(struct catalog *c, int w)
{
	static const struct ui_column proto[COL_COUNT] = {
		[COL_TITLE] = { "Title", 0, 16, 1, 0, 0, 0, 0 },
		[COL_LEVEL] = { "Level", 12, 5, 0, 1, 0, 0, 0 },
		[COL_PRICE] = { "Price", 8, 5, 0, 0, 1, 0, 0 },
		[COL_INSTRUCTOR] = { "Instructor", 10, 10, 0, 2, 0, 0, 0 },
	};
	int i;

	memcpy(c->cols, proto, sizeof(proto));
	for (i = COL_LEVEL; i < COL_COUNT; i++) {
		int want = c->width[i];

		if (want < text_width(proto[i].title))
			want = text_width(proto[i].title);
		if (i == COL_INSTRUCTOR && want > 24)
			want = 24;
		c->cols[i].want = want;
	}
	/* The title keeps two fifths of the width; instructor goes first. */
	if (c->cols[COL_TITLE].min < w * 2 / 5)
		c->cols[COL_TITLE].min = w * 2 / 5;
	ui_columns_layout(c->cols, COL_COUNT, w - 2, 2);
}

/* Draws row i of the list (a ui_row_fn). */
static void
catalog_row_draw(void *ctx, size_t i, int y, int x, int w, int selected)
{
	struct catalog *c = ctx;
	struct ui *ui = c->view.ui;
	const struct catalog_row *r = &c->rows[i];
	struct ui_column *cols = c->cols;

	ui_fill(ui, y, x, w, selected ? THEME_SELECTED : THEME_NORMAL);
	ui_column_put(ui, &cols[COL_TITLE], y, x + 1, r->title,
	    selected ? THEME_SELECTED : THEME_TITLE);
	ui_column_put(ui, &cols[COL_LEVEL], y, x + 1, r->level,
	    selected ? THEME_SELECTED : THEME_LEVEL);
	ui_column_put(ui, &cols[COL_PRICE], y, x + 1, r->price,
	    selected ? THEME_SELECTED : THEME_PRICE);
	ui_column_put(ui, &cols[COL_INSTRUCTOR], y, x + 1, r->instructor,
	    selected ? THEME_SELECTED : THEME_AUTHOR);
}

static void
catalog_draw(struct view *v, int y, int x, int h, int w)
{
	struct catalog *c = (struct catalog *)v;
	struct ui *ui = v->ui;
	char count[64];
	const char *empty = NULL;

	if (h < 2)
		return;
	catalog_layout(c, w);
	ui_columns_header(ui, c->cols, COL_COUNT, y, x + 1, w - 1);
	ui_fill(ui, y, x, 1, THEME_HEADER);
	if (c->loaded) {
		snprintf(count, sizeof(count), "%zu%s ", c->list.n,
		    c->has_more ? "+" : "");
		if ((int)strlen(count) + 1 < c->cols[COL_TITLE].w)
			ui_put_right(ui, y, x + 1 + c->cols[COL_TITLE].x +
			    c->cols[COL_TITLE].w - (int)strlen(count),
			    (int)strlen(count), count, THEME_HEADER);
	}
	if (c->list.n == 0) {
		if (!c->loaded && v->pending)
			empty = "Loading courses...";
		else if (!c->loaded)
			empty = "Could not load the catalog; press r to retry.";
		else
			empty = "No courses yet.";
		ui_put(ui, y + 2, x + 2, w - 2, empty, THEME_DIM);
		return;
	}
	ui_list_draw(&c->list, y + 1, x, h - 1, w, catalog_row_draw, c);
	catalog_maybe_more(c);
}

static int
catalog_key(struct view *v, enum action a, int key)
{
	struct catalog *c = (struct catalog *)v;

	(void)key;
	if (ui_list_action(&c->list, a)) {
		catalog_maybe_more(c);
		return 1;
	}
	switch (a) {
	case ACT_OPEN:
		if (c->list.n > 0) {
			const struct catalog_row *r = &c->rows[c->list.cur];

			ui_push(v->ui, course_view_new(v->ui, r->id, r->title));
		}
		return 1;
	case ACT_RELOAD:
		c->reloading = 1;
		catalog_request(c, CATALOG_FETCH_FIRST);
		return 1;
	default:
		return 0;
	}
}

static void
catalog_free(struct view *v)
{
	struct catalog *c = (struct catalog *)v;

	catalog_clear(c);
	free(c->rows);
	free(c->next_cursor);
	free(c);
}

struct view *
catalog_view_new(struct ui *ui)
{
	struct catalog *c = xcalloc(1, sizeof(*c));

	c->view.name = "catalog";
	c->view.ui = ui;
	c->view.draw = catalog_draw;
	c->view.key = catalog_key;
	c->view.work = catalog_work;
	c->view.free = catalog_free;
	view_set_title(&c->view, "Catalog");
	catalog_request(c, CATALOG_FETCH_FIRST);
	return &c->view;
}

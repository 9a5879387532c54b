/*
 * The catalog pane: the course list with title, level, price and
 * instructor columns, courses the member owns marked in the price
 * column. It paints at once from the cache, revalidates in the
 * background and fetches the next page as the cursor nears the end (G
 * follows the pages to the last one). / filters the loaded rows as you
 * type; the server narrows the catalog itself with a search (S), a level
 * (v), a tag (t), free or paid (f) and a sort order (s), shown in a line
 * above the list while any is set (Esc clears them). On terminals 120
 * columns or wider the selected course's detail is shown beside the
 * list, fetched once the cursor rests. A logged-in member sees a short
 * "Recommended for you" section between the column header and the list
 * (GET /api/v1/me/recommendations, painted from the cache, refreshed
 * with the catalog): k from the first row moves into it. It is hidden
 * while a filter or search is set, when there is nothing to recommend
 * and when the pane is short.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/buf.h"
#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

/* Fetch the next page when the cursor is this close to the last row. */
#define CATALOG_MORE_ROWS	5
/* Rows per page, and per page while following the pages to the end. */
#define CATALOG_PAGE		20
#define CATALOG_PAGE_BULK	100
/* The first page's path: the cache key the next start paints from. */
#define CATALOG_FIRST_PATH	"/api/v1/courses?limit=20"
/* Columns from which the preview is shown beside the list. */
#define CATALOG_PREVIEW_COLS	120
/* Milliseconds the cursor must rest before the preview is fetched. */
#define CATALOG_PREVIEW_MS	150
/* The member's recommendations; the section needs this many pane rows. */
#define CATALOG_RECS_PATH	"/api/v1/me/recommendations"
#define CATALOG_RECS_MIN_H	18
/* Recommendations shown: a few, more on a tall pane. */
#define CATALOG_RECS_FEW	3
#define CATALOG_RECS_MANY	5
#define CATALOG_RECS_MANY_H	30

/* One course as shown: every string sanitized when the page arrived. */
struct catalog_row {
	int64_t	 id;
	int	 owned;		/* the price column says so instead */
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

/* The server's filters: ?price= and ?sort= as they cycle. */
enum catalog_price {
	PRICE_ALL = 0,
	PRICE_FREE,
	PRICE_PAID,
	PRICE_COUNT
};

enum catalog_sort {
	SORT_NEWEST = 0,
	SORT_POPULAR,
	SORT_PRICE,
	SORT_COUNT
};

static const char *const price_names[PRICE_COUNT] = { NULL, "free", "paid" };
static const char *const sort_names[SORT_COUNT] = { "newest", "popular",
    "price" };

/* What the status-bar prompt is typing, if anything. */
enum catalog_prompt {
	PROMPT_NONE = 0,
	PROMPT_SEARCH,		/* S: the server's ?q= */
	PROMPT_TAG		/* t: ?tag= */
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
	size_t			 nrows;
	size_t			 cap;
	size_t			*vis;		/* rows the filter lets through */
	struct ui_list		 list;		/* over vis */
	char			*next_cursor;	/* raw from the server, for URLs */
	int			 has_more;
	int			 loaded;	/* a first page has arrived */
	int			 failed;	/* the first page failed */
	int			 more_failed;	/* stop paging until reload */
	int			 reloading;	/* a user-asked reload */
	int			 to_end;	/* G: follow the pages to the end */
	enum catalog_fetch	 kind;
	struct ui_fetch		 fetch;
	struct ui_input		 filter;
	int			 editing;	/* typing the filter */
	/* The server's filters; raw text (only sent in URLs, escaped). */
	char			*q;		/* NULL for none */
	char			*tag;		/* NULL for none */
	int			 level;		/* enum level, or -1 for all */
	enum catalog_price	 price;
	enum catalog_sort	 sort;
	char			*filters;	/* sanitized, for the line */
	int			 fresh;		/* new filters: cursor to 0 */
	enum catalog_prompt	 prompt;
	struct ui_input		 input;		/* the prompt's text */
	unsigned		 owned_gen;	/* ui's when last fetched */
	struct view		*preview;	/* course beside the list */
	int64_t			 preview_id;
	long long		 preview_due;	/* when to fetch it, 0 none */
	int			 wide;		/* the preview fits */
	int			 list_x, list_w; /* the list's columns */
	struct ui_column	 cols[COL_COUNT];
	int			 width[COL_COUNT]; /* widest cell so far */
	/* "Recommended for you": at most CATALOG_RECS_MANY rows. */
	struct catalog_row	*recs;
	size_t			 nrecs;
	char			*rec_level;	/* sanitized, or NULL */
	struct ui_fetch		 rec_fetch;
	int			 in_recs;	/* the cursor is in it */
	size_t			 rec_cur;
	int			 rec_y;		/* screen row of the first */
	size_t			 rec_shown;	/* rows at the last draw, 0 hidden */
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
	r->owned = co->owned;
	r->title = ui_clean(c->view.ui, co->title);
	r->level = ui_clean(c->view.ui, level_name(co->level));
	if (co->owned)
		snprintf(price, sizeof(price), "%s", c->view.ui->ascii ?
		    "[owned]" : "\xe2\x9c\x93 owned");
	else
		money_format(&co->price, c->view.ui->ascii, price,
		    sizeof(price));
	r->price = ui_clean(c->view.ui, price);
	who = co->instructor_name != NULL && co->instructor_name[0] != '\0' ?
	    co->instructor_name : co->instructor;
	r->instructor = ui_clean(c->view.ui, who);
	catalog_widen(c, COL_LEVEL, r->level);
	catalog_widen(c, COL_PRICE, r->price);
	catalog_widen(c, COL_INSTRUCTOR, r->instructor);
}

/* The list's row under its cursor, or NULL when the list is empty. */
static const struct catalog_row *
catalog_list_selected(const struct catalog *c)
{
	if (c->list.n == 0 || c->list.cur >= c->list.n)
		return NULL;
	return &c->rows[c->vis[c->list.cur]];
}

/* The row under the cursor: a recommendation or the list's; or NULL. */
static const struct catalog_row *
catalog_selected(const struct catalog *c)
{
	if (c->in_recs && c->rec_cur < c->nrecs)
		return &c->recs[c->rec_cur];
	return catalog_list_selected(c);
}

/* Puts the cursor on the row of course id when it is shown. */
static void
catalog_select_id(struct catalog *c, int64_t id)
{
	size_t i;

	for (i = 0; i < c->list.n; i++) {
		if (c->rows[c->vis[i]].id == id) {
			c->list.cur = i;
			return;
		}
	}
}

/* Shows the rows whose title holds the filter text, keeping the cursor. */
static void
catalog_refilter(struct catalog *c)
{
	const struct catalog_row *sel = catalog_list_selected(c);
	int64_t keep = sel != NULL ? sel->id : -1;
	size_t i;

	c->list.n = 0;
	for (i = 0; i < c->nrows; i++) {
		if (ui_contains(c->rows[i].title, c->filter.text))
			c->vis[c->list.n++] = i;
	}
	c->list.cur = 0;
	if (keep >= 0)
		catalog_select_id(c, keep);
}

/* Appends the courses of page to the rows. */
static void
catalog_append(struct catalog *c, const struct course_page *page)
{
	size_t i;

	if (c->nrows + page->n > c->cap) {
		c->cap = (c->nrows + page->n) * 2 + 32;
		c->rows = xrealloc(c->rows, c->cap * sizeof(*c->rows));
		c->vis = xrealloc(c->vis, c->cap * sizeof(*c->vis));
	}
	for (i = 0; i < page->n; i++) {
		struct catalog_row *r = &c->rows[c->nrows];

		memset(r, 0, sizeof(*r));
		catalog_row_set(c, r, &page->items[i]);
		if (ui_contains(r->title, c->filter.text))
			c->vis[c->list.n++] = c->nrows;
		c->nrows++;
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

	for (i = 0; i < c->nrows; i++)
		catalog_row_release(&c->rows[i]);
	c->nrows = 0;
	c->list.n = 0;
	memset(c->width, 0, sizeof(c->width));
	/* The recommendations share the columns. */
	for (i = 0; i < c->nrecs; i++) {
		catalog_widen(c, COL_LEVEL, c->recs[i].level);
		catalog_widen(c, COL_PRICE, c->recs[i].price);
		catalog_widen(c, COL_INSTRUCTOR, c->recs[i].instructor);
	}
}

/*
 * Replaces the rows with a first page (JSON from the server or the
 * cache), keeping the cursor on the same course. 0, or -1 with err when
 * the page cannot be read.
 */
static int
catalog_take_first(struct catalog *c, json_t *body, struct gerr *err)
{
	const struct catalog_row *sel = catalog_list_selected(c);
	int64_t keep = sel != NULL ? sel->id : -1;
	struct course_page page;

	memset(&page, 0, sizeof(page));
	if (course_page_from_json(body, &page, err) < 0) {
		course_page_release(&page);
		return -1;
	}
	catalog_clear(c);
	catalog_append(c, &page);
	course_page_release(&page);
	c->loaded = 1;
	c->failed = 0;
	c->more_failed = 0;
	c->list.cur = 0;
	if (c->fresh) {
		c->fresh = 0;
		c->list.top = 0;
	} else if (keep >= 0) {
		catalog_select_id(c, keep);
	}
	return 0;
}

/* 1 when any of the server's filters or a sort other than newest is set. */
static int
catalog_filtered(const struct catalog *c)
{
	return c->q != NULL || c->tag != NULL || c->level >= 0 ||
	    c->price != PRICE_ALL || c->sort != SORT_NEWEST;
}

/*
 * The path of a page: limit, the filters, then the cursor when not NULL
 * (a cursor belongs to its sort, so every page repeats the filters). With
 * no filter the first page is CATALOG_FIRST_PATH, the cache key a start
 * paints from. Caller frees.
 */
static char *
catalog_path(const struct catalog *c, int limit, const char *cursor)
{
	struct buf b = BUF_INIT;
	char *e;

	buf_printf(&b, "/api/v1/courses?limit=%d", limit);
	if (c->q != NULL) {
		e = ui_url_escape(c->q);
		buf_printf(&b, "&q=%s", e);
		free(e);
	}
	if (c->level >= 0)
		buf_printf(&b, "&level=%s", level_name((enum level)c->level));
	if (c->tag != NULL) {
		e = ui_url_escape(c->tag);
		buf_printf(&b, "&tag=%s", e);
		free(e);
	}
	if (c->price != PRICE_ALL)
		buf_printf(&b, "&price=%s", price_names[c->price]);
	if (c->sort != SORT_NEWEST)
		buf_printf(&b, "&sort=%s", sort_names[c->sort]);
	if (cursor != NULL) {
		e = ui_url_escape(cursor);
		buf_printf(&b, "&cursor=%s", e);
		free(e);
	}
	if (b.failed) {
		buf_release(&b);
		return xstrdup(CATALOG_FIRST_PATH);
	}
	return buf_detach(&b);
}

/* Words the filter line is made of: "search "x" · level advanced". */
static void
catalog_describe(struct catalog *c)
{
	struct ui *ui = c->view.ui;
	struct buf b = BUF_INIT;
	const char *sep = "";

	FREE(&c->filters);
	if (!catalog_filtered(c))
		return;
	if (c->q != NULL) {
		buf_printf(&b, "search \"%s\"", c->q);
		sep = ui->g->sep;
	}
	if (c->level >= 0) {
		buf_printf(&b, "%slevel %s", sep,
		    level_name((enum level)c->level));
		sep = ui->g->sep;
	}
	if (c->tag != NULL) {
		buf_printf(&b, "%stag %s", sep, c->tag);
		sep = ui->g->sep;
	}
	if (c->price != PRICE_ALL) {
		buf_printf(&b, "%s%s only", sep, price_names[c->price]);
		sep = ui->g->sep;
	}
	if (c->sort != SORT_NEWEST)
		buf_printf(&b, "%ssorted by %s", sep, c->sort == SORT_POPULAR ?
		    "popularity" : "price, cheapest first");
	c->filters = ui_clean(ui, buf_str(&b));
	buf_release(&b);
}

/* Starts fetching: the first page, or the page after next_cursor. */
static void
catalog_request(struct catalog *c, enum catalog_fetch kind)
{
	char *path;

	c->kind = kind;
	if (kind == CATALOG_FETCH_FIRST) {
		path = catalog_path(c, CATALOG_PAGE, NULL);
		ui_fetch_get(&c->fetch, path, c->loaded ? "Refreshing courses" :
		    catalog_filtered(c) ? "Searching courses" :
		    "Loading courses");
		free(path);
		return;
	}
	path = catalog_path(c, c->to_end ? CATALOG_PAGE_BULK : CATALOG_PAGE,
	    c->next_cursor != NULL ? c->next_cursor : "");
	ui_fetch_get(&c->fetch, path, c->to_end ? "Loading all courses" :
	    "Loading more");
	free(path);
}

/*
 * The server's filters changed: the first page of the new selection,
 * painted from the cache when it is there, with the cursor on its first
 * row; until it arrives the list says it is searching.
 */
static void
catalog_refine(struct catalog *c)
{
	char *path = catalog_path(c, CATALOG_PAGE, NULL);
	json_t *cached = api_cached(c->view.ui->client, path);
	struct gerr err;

	free(path);
	catalog_describe(c);
	c->to_end = 0;
	c->more_failed = 0;
	c->reloading = 0;
	c->fresh = 1;
	c->list.cur = 0;
	c->list.top = 0;
	catalog_clear(c);
	FREE(&c->next_cursor);
	c->has_more = 0;
	c->loaded = 0;
	c->failed = 0;
	if (cached != NULL) {
		gerr_clear(&err);
		catalog_take_first(c, cached, &err);
		json_decref(cached);
	}
	catalog_request(c, CATALOG_FETCH_FIRST);
}

/* Starts fetching the next page when the cursor nears the last row. */
static void
catalog_maybe_more(struct catalog *c)
{
	size_t near = CATALOG_MORE_ROWS;

	if (c->list.height > 0 && (size_t)c->list.height > near)
		near = (size_t)c->list.height;
	if (!c->has_more || c->more_failed || ui_fetch_busy(&c->fetch))
		return;
	/* Esc stopped the paging: wait for the user to move again. */
	if (c->fetch.canceled) {
		c->to_end = 0;
		return;
	}
	/* A filter narrows what is loaded; it does not page. */
	if (c->filter.len > 0 && !c->to_end)
		return;
	if (c->to_end || c->list.cur + near >= c->list.n)
		catalog_request(c, CATALOG_FETCH_MORE);
}

/* The answer to a page request. */
static void
catalog_done(void *arg, json_t *body, const struct gerr *err, unsigned flags)
{
	struct catalog *c = arg;
	struct ui *ui = c->view.ui;
	enum catalog_fetch kind = c->kind;
	struct course_page page;
	struct gerr perr;

	c->kind = CATALOG_FETCH_NONE;
	if (body == NULL) {
		c->to_end = 0;
		if (kind == CATALOG_FETCH_MORE) {
			c->more_failed = 1;
			ui_error(ui, "cannot load more courses", err);
		} else {
			c->reloading = 0;
			c->failed = !c->loaded;
			ui_error(ui, NULL, err);
		}
		return;
	}
	gerr_clear(&perr);
	if (kind == CATALOG_FETCH_FIRST) {
		/* 304: what the cache painted is current. */
		if (!((flags & API_NOT_MODIFIED) && c->loaded) &&
		    catalog_take_first(c, body, &perr) < 0) {
			ui_error(ui, "cannot read the catalog", &perr);
			c->reloading = 0;
			return;
		}
		if (c->reloading)
			ui_message(ui, UI_MSG_INFO, "Reloaded: %zu course%s%s",
			    c->nrows, c->nrows == 1 ? "" : "s",
			    c->has_more ? " so far" : "");
		c->reloading = 0;
		c->fresh = 0;
	} else {
		memset(&page, 0, sizeof(page));
		if (course_page_from_json(body, &page, &perr) < 0) {
			c->more_failed = 1;
			c->to_end = 0;
			ui_error(ui, "cannot read the catalog", &perr);
			course_page_release(&page);
			return;
		}
		catalog_append(c, &page);
		course_page_release(&page);
	}
	if (c->to_end) {
		if (c->list.n > 0)
			c->list.cur = c->list.n - 1;
		if (c->has_more)
			catalog_request(c, CATALOG_FETCH_MORE);
		else
			c->to_end = 0;
	}
}

/* ---- Recommended for you ------------------------------------------- */

/* Drops the recommendations. */
static void
catalog_recs_clear(struct catalog *c)
{
	size_t i;

	for (i = 0; i < c->nrecs; i++)
		catalog_row_release(&c->recs[i]);
	FREE(&c->recs);
	c->nrecs = 0;
	FREE(&c->rec_level);
	c->in_recs = 0;
	c->rec_cur = 0;
}

/*
 * Replaces the recommendations with those of body (the server's answer
 * or the cache's copy): the first CATALOG_RECS_MANY courses, sanitized.
 * On an answer it cannot read it shows none.
 */
static void
catalog_recs_take(struct catalog *c, const json_t *body)
{
	const json_t *items = json_object_get(body, "items");
	const char *level = json_string_value(json_object_get(body, "level"));
	int64_t keep = c->in_recs && c->rec_cur < c->nrecs ?
	    c->recs[c->rec_cur].id : -1;
	struct course co;
	struct gerr err;
	size_t i, n = json_array_size(items);

	catalog_recs_clear(c);
	if (n > CATALOG_RECS_MANY)
		n = CATALOG_RECS_MANY;
	if (n == 0)
		return;
	c->recs = xcalloc(n, sizeof(*c->recs));
	for (i = 0; i < n; i++) {
		memset(&co, 0, sizeof(co));
		gerr_clear(&err);
		if (course_from_json(json_array_get(items, i), &co, &err) < 0) {
			course_release(&co);
			catalog_recs_clear(c);
			return;
		}
		catalog_row_set(c, &c->recs[c->nrecs], &co);
		course_release(&co);
		if (c->recs[c->nrecs].id == keep) {
			c->in_recs = 1;
			c->rec_cur = c->nrecs;
		}
		c->nrecs++;
	}
	if (level != NULL)
		c->rec_level = ui_clean(c->view.ui, level);
}

/* The answer to GET /me/recommendations: a failure just hides them. */
static void
catalog_recs_done(void *arg, json_t *body, const struct gerr *err,
    unsigned flags)
{
	struct catalog *c = arg;

	(void)err;
	if (body == NULL) {
		catalog_recs_clear(c);
		return;
	}
	if (!(flags & API_NOT_MODIFIED) || c->nrecs == 0)
		catalog_recs_take(c, body);
}

/*
 * Asks for the member's recommendations when logged in. Called before
 * the catalog's own request, so the status bar names the catalog's.
 */
static void
catalog_recs_request(struct catalog *c)
{
	if (c->view.ui->client->token == NULL)
		return;
	ui_fetch_get(&c->rec_fetch, CATALOG_RECS_PATH,
	    "Loading recommendations");
}

/* Refreshes the recommendations, then the first page of the catalog. */
static void
catalog_reload(struct catalog *c)
{
	catalog_recs_request(c);
	catalog_request(c, CATALOG_FETCH_FIRST);
}

/*
 * How many recommendations fit a pane h rows tall: none when logged out,
 * when there are none, while a filter or search narrows the catalog or
 * when the pane is short.
 */
static size_t
catalog_recs_rows(const struct catalog *c, int h)
{
	size_t n = c->nrecs;
	size_t max = h >= CATALOG_RECS_MANY_H ? CATALOG_RECS_MANY :
	    CATALOG_RECS_FEW;

	if (n == 0 || c->view.ui->client->token == NULL ||
	    h < CATALOG_RECS_MIN_H || catalog_filtered(c) ||
	    c->filter.len > 0 || c->editing)
		return 0;
	return n < max ? n : max;
}

/* ---- The preview --------------------------------------------------- */

/* Replaces the preview with the selected course's detail. */
static void
catalog_preview_make(struct catalog *c)
{
	const struct catalog_row *r = catalog_selected(c);

	c->preview_due = 0;
	c->view.wake = 0;
	view_destroy(c->preview);
	c->preview = NULL;
	if (r == NULL)
		return;
	c->preview = course_view_new(c->view.ui, r->id, r->title, 1);
	c->preview->pane = c->view.pane;
	c->preview_id = r->id;
}

/*
 * The selection may have changed: fetch the new preview once the cursor
 * has rested, so holding j does not send a request per row.
 */
static void
catalog_preview_want(struct catalog *c)
{
	const struct catalog_row *r = catalog_selected(c);

	if (!c->wide || r == NULL)
		return;
	if (c->preview != NULL && c->preview_id == r->id) {
		c->preview_due = 0;
		c->view.wake = 0;
		return;
	}
	c->preview_due = ui_now() + CATALOG_PREVIEW_MS;
	c->view.wake = c->preview_due;
}

static void
catalog_tick(struct view *v, long long now)
{
	struct catalog *c = (struct catalog *)v;

	if (c->preview_due != 0 && now >= c->preview_due)
		catalog_preview_make(c);
	else if (c->preview_due != 0)
		v->wake = c->preview_due;
}

/* ---- Drawing ------------------------------------------------------- */

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

/* Draws course row r at y,x in w columns. */
static void
catalog_row_paint(struct catalog *c, const struct catalog_row *r, int y,
    int x, int w, int selected)
{
	struct ui *ui = c->view.ui;
	struct ui_column *cols = c->cols;

	ui_fill(ui, y, x, w, selected ? THEME_SELECTED : THEME_NORMAL);
	ui_column_put(ui, &cols[COL_TITLE], y, x + 1, r->title,
	    selected ? THEME_SELECTED : THEME_TITLE);
	ui_column_put(ui, &cols[COL_LEVEL], y, x + 1, r->level,
	    selected ? THEME_SELECTED : THEME_LEVEL);
	ui_column_put(ui, &cols[COL_PRICE], y, x + 1, r->price,
	    selected ? THEME_SELECTED : r->owned ? THEME_OWNED : THEME_PRICE);
	ui_column_put(ui, &cols[COL_INSTRUCTOR], y, x + 1, r->instructor,
	    selected ? THEME_SELECTED : THEME_AUTHOR);
}

/* Draws row i of the list (a ui_row_fn). */
static void
catalog_row_draw(void *ctx, size_t i, int y, int x, int w, int selected)
{
	struct catalog *c = ctx;

	catalog_row_paint(c, &c->rows[c->vis[i]], y, x, w,
	    selected && !c->in_recs);
}

/*
 * The "Recommended for you" section at y,x, w columns: a heading, n
 * rows and a line naming the full list below. Returns the rows used.
 */
static int
catalog_draw_recs(struct catalog *c, int y, int x, int w, size_t n)
{
	struct ui *ui = c->view.ui;
	char note[160];
	size_t i;
	int used;

	ui_fill(ui, y, x, w, THEME_NORMAL);
	used = ui_puts(ui, y, x + 1, w - 1, "Recommended for you",
	    THEME_HEADING);
	if (c->rec_level != NULL) {
		snprintf(note, sizeof(note), "  %s level or the next, not "
		    "owned", c->rec_level);
		ui_puts(ui, y, x + 1 + used, w - 1 - used, note, THEME_DIM);
	}
	if (c->rec_cur >= n)
		c->rec_cur = n - 1;
	c->rec_y = y + 1;
	for (i = 0; i < n; i++)
		catalog_row_paint(c, &c->recs[i], y + 1 + (int)i, x, w,
		    c->in_recs && i == c->rec_cur);
	ui_fill(ui, y + 1 + (int)n, x, w, THEME_NORMAL);
	ui_puts(ui, y + 1 + (int)n, x + 1, w - 1, "All courses", THEME_DIM);
	return (int)n + 2;
}

/* What the list area says when it has no row. */
static const char *
catalog_empty_text(const struct catalog *c, char *buf, size_t bufsz)
{
	if (c->loaded && c->nrows > 0) {
		snprintf(buf, bufsz, "No loaded course title contains '%s'.",
		    c->filter.text);
		return buf;
	}
	if (c->loaded && catalog_filtered(c))
		return "No course matches these filters (Esc clears them).";
	if (c->loaded)
		return "No courses yet.";
	if (ui_fetch_busy(&c->fetch))
		return catalog_filtered(c) ? "Searching courses..." :
		    "Loading courses...";
	if (c->fetch.canceled)
		return "Canceled; press r to load the catalog.";
	return "Could not load the catalog; press r to retry.";
}

/* The list with its header in h rows by w columns at y,x. */
static void
catalog_draw_list(struct catalog *c, int y, int x, int h, int w)
{
	struct ui *ui = c->view.ui;
	char count[64], empty[400];
	int cw, used;

	catalog_layout(c, w);
	ui_columns_header(ui, c->cols, COL_COUNT, y, x + 1, w - 1);
	ui_fill(ui, y, x, 1, THEME_HEADER);
	if (c->loaded) {
		if (c->filter.len > 0)
			snprintf(count, sizeof(count), "%zu of %zu%s ",
			    c->list.n, c->nrows, c->has_more ? "+" : "");
		else
			snprintf(count, sizeof(count), "%zu%s course%s ",
			    c->nrows, c->has_more ? "+" : "",
			    c->nrows == 1 && !c->has_more ? "" : "s");
		cw = (int)strlen(count);
		if (cw + 1 < c->cols[COL_TITLE].w)
			ui_put_right(ui, y, x + 1 + c->cols[COL_TITLE].x +
			    c->cols[COL_TITLE].w - cw, cw, count,
			    THEME_HEADER);
	}
	c->rec_shown = catalog_recs_rows(c, h);
	if (c->rec_shown == 0)
		c->in_recs = 0;
	else {
		used = catalog_draw_recs(c, y + 1, x, w, c->rec_shown);
		y += used;
		h -= used;
	}
	if (c->list.n == 0) {
		c->list.height = 0;
		ui_put(ui, y + 2, x + 2, w - 2,
		    catalog_empty_text(c, empty, sizeof(empty)), THEME_DIM);
		return;
	}
	ui_list_draw(&c->list, y + 1, x, h - 1, w, catalog_row_draw, c);
	ui->rows_shown = 1;
}

/* The line of the server's filters above the list, w columns at y,x. */
static void
catalog_draw_filters(struct catalog *c, int y, int x, int w)
{
	struct ui *ui = c->view.ui;
	char keys[48], hint[80];
	int used;

	keys_for_action(ACT_CANCEL, keys, sizeof(keys));
	keys[strcspn(keys, ",")] = '\0';
	snprintf(hint, sizeof(hint), "  (%s clears)", keys);
	ui_fill(ui, y, x, w, THEME_FILTER);
	used = ui_puts(ui, y, x + 1, w - 2, c->filters, THEME_FILTER);
	ui_puts(ui, y, x + 1 + used, w - 2 - used, hint, THEME_DIM);
}

static void
catalog_draw(struct view *v, int y, int x, int h, int w)
{
	struct catalog *c = (struct catalog *)v;
	const struct catalog_row *sel;
	int lw = w, ly = y, lh = h;

	if (h < 2)
		return;
	c->wide = w >= CATALOG_PREVIEW_COLS;
	if (!c->wide && c->preview != NULL) {
		view_destroy(c->preview);
		c->preview = NULL;
		c->preview_due = 0;
		c->view.wake = 0;
	}
	if (c->wide)
		lw = w * 45 / 100;
	c->list_x = x;
	c->list_w = lw;
	/* A purchase or a completed lesson changed what the member owns. */
	if (c->owned_gen != v->ui->owned_gen) {
		c->owned_gen = v->ui->owned_gen;
		catalog_reload(c);
	}
	if (c->filters != NULL && h > 3) {
		catalog_draw_filters(c, y, x, lw);
		ly++;
		lh--;
	}
	catalog_draw_list(c, ly, x, lh, lw);
	catalog_maybe_more(c);
	if (!c->wide)
		return;
	ui_vline(v->ui, y, x + lw, h, THEME_BORDER);
	sel = catalog_selected(c);
	if (sel != NULL && c->preview == NULL)
		catalog_preview_make(c);
	else if (sel != NULL && c->preview_id != sel->id &&
	    c->preview_due == 0)
		catalog_preview_want(c);
	if (c->preview != NULL)
		c->preview->draw(c->preview, y, x + lw + 1, h, w - lw - 1);
}

/* ---- Keys and the mouse -------------------------------------------- */

/* Opens the selected course in its own view. */
static void
catalog_open(struct catalog *c)
{
	const struct catalog_row *r = catalog_selected(c);

	if (r != NULL)
		ui_push(c->view.ui, course_view_new(c->view.ui, r->id,
		    r->title, 0));
}

/* A key while the filter is being typed; 1 when it was used. */
static int
catalog_filter_key(struct catalog *c, int key)
{
	switch (ui_input_key(&c->filter, key)) {
	case UI_INPUT_EDIT:
		catalog_refilter(c);
		catalog_preview_want(c);
		return 1;
	case UI_INPUT_DONE:
		c->editing = 0;
		return 1;
	case UI_INPUT_ABORT:
		c->editing = 0;
		ui_input_clear(&c->filter);
		catalog_refilter(c);
		catalog_preview_want(c);
		return 1;
	case UI_INPUT_PASS:
		break;
	}
	return 0;
}

/* Replaces *field with the text typed (trimmed), NULL when it is empty. */
static void
catalog_take_text(char **field, const char *text)
{
	size_t len;

	FREE(field);
	text += strspn(text, " ");
	len = strlen(text);
	while (len > 0 && text[len - 1] == ' ')
		len--;
	if (len > 0)
		*field = xstrndup(text, len);
}

/* Opens the search (S) or tag (t) prompt, holding the current value. */
static void
catalog_prompt_open(struct catalog *c, enum catalog_prompt p)
{
	const char *now = p == PROMPT_SEARCH ? c->q : c->tag;

	c->prompt = p;
	ui_input_clear(&c->input);
	if (now != NULL) {
		snprintf(c->input.text, sizeof(c->input.text), "%s", now);
		c->input.len = strlen(c->input.text);
	}
	ui_message(c->view.ui, UI_MSG_NONE, NULL);
}

/* A key at the search or tag prompt; 1 when it was used. */
static int
catalog_prompt_key(struct catalog *c, int key)
{
	switch (ui_input_key(&c->input, key)) {
	case UI_INPUT_EDIT:
		return 1;
	case UI_INPUT_DONE:
		catalog_take_text(c->prompt == PROMPT_SEARCH ? &c->q : &c->tag,
		    c->input.text);
		c->prompt = PROMPT_NONE;
		catalog_refine(c);
		return 1;
	case UI_INPUT_ABORT:
		c->prompt = PROMPT_NONE;
		return 1;
	case UI_INPUT_PASS:
		break;
	}
	return 0;
}

/* The server-side keys: level, price and sort cycle; S and t prompt. */
static int
catalog_refine_key(struct catalog *c, enum action a)
{
	switch (a) {
	case ACT_SEARCH:
		catalog_prompt_open(c, PROMPT_SEARCH);
		return 1;
	case ACT_TAG:
		catalog_prompt_open(c, PROMPT_TAG);
		return 1;
	case ACT_LEVEL:
		c->level = c->level >= LEVEL_ADVANCED ? -1 : c->level + 1;
		break;
	case ACT_PRICE:
		c->price = (enum catalog_price)((c->price + 1) % PRICE_COUNT);
		break;
	case ACT_SORT:
		c->sort = (enum catalog_sort)((c->sort + 1) % SORT_COUNT);
		break;
	default:
		return 0;
	}
	catalog_refine(c);
	return 1;
}

/* Esc with nothing loading: clears the / filter, else the server's. */
static int
catalog_cancel(struct catalog *c)
{
	if (ui_fetch_pane_busy(c->view.ui, c->view.pane))
		return 0;
	if (c->filter.len > 0) {
		ui_input_clear(&c->filter);
		catalog_refilter(c);
		catalog_preview_want(c);
		return 1;
	}
	if (!catalog_filtered(c))
		return 0;
	FREE(&c->q);
	FREE(&c->tag);
	c->level = -1;
	c->price = PRICE_ALL;
	c->sort = SORT_NEWEST;
	catalog_refine(c);
	return 1;
}

/*
 * Moving through "Recommended for you": k on the list's first row goes
 * up into it, j on its last row back down to the list. 1 when used.
 */
static int
catalog_recs_key(struct catalog *c, enum action a)
{
	if (c->rec_shown == 0)
		return 0;
	if (!c->in_recs) {
		if (a != ACT_UP || c->list.cur != 0)
			return 0;
		c->in_recs = 1;
		c->rec_cur = c->rec_shown - 1;
	} else if (a == ACT_UP || a == ACT_TOP) {
		c->rec_cur = a == ACT_TOP || c->rec_cur == 0 ? 0 :
		    c->rec_cur - 1;
	} else if (a == ACT_DOWN) {
		if (c->rec_cur + 1 < c->rec_shown)
			c->rec_cur++;
		else {
			c->in_recs = 0;
			c->list.cur = 0;
		}
	} else
		return 0;
	catalog_preview_want(c);
	return 1;
}

/* The catalog list: the keys it gives a meaning of its own, for the help. */
static const struct view_key_help catalog_keys[] = {
	{ ACT_SEARCH, NULL, "Search the courses (titles, summaries, tags)" },
	{ ACT_LEVEL, NULL, "Level: beginner, intermediate, advanced, all" },
	{ ACT_TAG, NULL, "Show the courses with a tag" },
	{ ACT_PRICE, NULL, "Show free courses, paid courses, or all" },
	{ ACT_SORT, NULL, "Sort: newest, popular, price" },
	{ ACT_UP, NULL, "From the first row: Recommended for you" },
	{ ACT_CANCEL, NULL, "Clear the filter, then every choice above" },
	{ ACT_NONE, NULL, NULL }
};

static int
catalog_key(struct view *v, enum action a, int key)
{
	struct catalog *c = (struct catalog *)v;

	if (c->prompt != PROMPT_NONE && catalog_prompt_key(c, key))
		return 1;
	if (c->editing && catalog_filter_key(c, key))
		return 1;
	if (catalog_refine_key(c, a))
		return 1;
	if (catalog_recs_key(c, a))
		return 1;
	if (ui_list_action(&c->list, a)) {
		c->in_recs = 0;
		c->fetch.canceled = 0;
		if (a == ACT_BOTTOM && c->has_more) {
			c->to_end = 1;
			c->more_failed = 0;
		}
		catalog_maybe_more(c);
		catalog_preview_want(c);
		return 1;
	}
	switch (a) {
	case ACT_OPEN:
		catalog_open(c);
		return 1;
	case ACT_RELOAD:
		c->reloading = 1;
		c->to_end = 0;
		catalog_reload(c);
		/* The preview is fetched again too. */
		if (c->preview != NULL)
			catalog_preview_make(c);
		return 1;
	case ACT_FILTER:
		c->editing = 1;
		ui_message(v->ui, UI_MSG_NONE, NULL);
		return 1;
	case ACT_CANCEL:
		/* Loading is canceled by the UI; else Esc clears a filter. */
		return catalog_cancel(c);
	default:
		return 0;
	}
}

/* A click selects a row; a click on the selected row opens it. */
static int
catalog_mouse(struct view *v, int y, int x, mmask_t bstate)
{
	struct catalog *c = (struct catalog *)v;
	size_t row;

	(void)bstate;
	if (x < c->list_x || x >= c->list_x + c->list_w)
		return 0;
	if (c->rec_shown > 0 && y >= c->rec_y &&
	    y < c->rec_y + (int)c->rec_shown) {
		row = (size_t)(y - c->rec_y);
		if (c->in_recs && row == c->rec_cur)
			catalog_open(c);
		c->in_recs = 1;
		c->rec_cur = row;
		catalog_preview_want(c);
		return 1;
	}
	if (ui_list_hit(&c->list, y, &row) < 0)
		return 0;
	if (row == c->list.cur && !c->in_recs) {
		catalog_open(c);
		return 1;
	}
	c->in_recs = 0;
	c->list.cur = row;
	catalog_maybe_more(c);
	catalog_preview_want(c);
	return 1;
}

/* "filter: text (k of n)" while a filter is typed or kept. */
static int
catalog_status(struct view *v, char *buf, size_t bufsz, int *editing)
{
	struct catalog *c = (struct catalog *)v;

	*editing = 0;
	if (c->prompt != PROMPT_NONE) {
		*editing = 1;
		snprintf(buf, bufsz, "%s: %s", c->prompt == PROMPT_SEARCH ?
		    "search" : "tag", c->input.text);
		return 1;
	}
	if (!c->editing && c->filter.len == 0)
		return 0;
	snprintf(buf, bufsz, "filter: %s%s (%zu of %zu)", c->filter.text,
	    c->editing ? "_" : "", c->list.n, c->nrows);
	return 1;
}

static void
catalog_free(struct view *v)
{
	struct catalog *c = (struct catalog *)v;

	view_destroy(c->preview);
	catalog_recs_clear(c);
	catalog_clear(c);
	free(c->rows);
	free(c->vis);
	free(c->next_cursor);
	free(c->q);
	free(c->tag);
	free(c->filters);
	free(c);
}

struct view *
catalog_view_new(struct ui *ui)
{
	struct catalog *c = xcalloc(1, sizeof(*c));
	struct gerr err;
	json_t *cached;

	c->view.name = "catalog";
	c->view.ui = ui;
	c->view.draw = catalog_draw;
	c->view.key = catalog_key;
	c->view.keys_help = catalog_keys;
	c->view.mouse = catalog_mouse;
	c->view.tick = catalog_tick;
	c->view.status = catalog_status;
	c->view.free = catalog_free;
	view_set_title(&c->view, "Catalog");
	c->level = -1;
	c->owned_gen = ui->owned_gen;
	ui_fetch_init(&c->fetch, ui, &c->view, catalog_done, c);
	ui_fetch_init(&c->rec_fetch, ui, &c->view, catalog_recs_done, c);
	/* Paint from the cache at once; the requests below revalidate. */
	if (ui->client->token != NULL) {
		cached = api_cached(ui->client, CATALOG_RECS_PATH);
		if (cached != NULL) {
			catalog_recs_take(c, cached);
			json_decref(cached);
		}
	}
	cached = api_cached(ui->client, CATALOG_FIRST_PATH);
	if (cached != NULL) {
		gerr_clear(&err);
		catalog_take_first(c, cached, &err);
		json_decref(cached);
	}
	catalog_reload(c);
	return &c->view;
}

/*
 * The threads of a category: title (with pinned and locked marks),
 * author, replies and how long ago the last activity was; pinned
 * threads first, then by latest activity or by likes (s toggles). Pages
 * load as the cursor nears the end. Enter opens a thread, c starts one
 * in this category in the member's editor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/drafts.h"
#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

#define THREADS_PAGE	30

/* A thread as shown: strings sanitized when the page arrived. */
struct thread_row {
	int64_t	 id;
	char	*title;
	char	*shown;		/* the title after its marks */
	char	*author;
	char	*replies;
	char	*likes;
	char	*age;
	int	 pinned;
	int	 locked;
};

enum {
	TH_COL_TITLE = 0,
	TH_COL_AUTHOR,
	TH_COL_REPLIES,
	TH_COL_LIKES,
	TH_COL_AGE,
	TH_COL_COUNT
};

enum threads_sort {
	THREADS_LATEST = 0,
	THREADS_TOP
};

struct threads_view {
	struct view		 view;
	int64_t			 category;
	char			*name;		/* sanitized */
	enum threads_sort	 sort;
	struct thread_row	*rows;
	size_t			 n;
	size_t			 cap;
	struct pager		 pager;
	struct ui_column	 cols[TH_COL_COUNT];
	int			 width[TH_COL_COUNT];
};

static const char *const threads_sort_names[] = { "latest", "top" };

static void
threads_reset(void *ctx)
{
	struct threads_view *tv = ctx;
	size_t i;

	for (i = 0; i < tv->n; i++) {
		free(tv->rows[i].title);
		free(tv->rows[i].shown);
		free(tv->rows[i].author);
		free(tv->rows[i].replies);
		free(tv->rows[i].likes);
		free(tv->rows[i].age);
	}
	tv->n = 0;
	memset(tv->width, 0, sizeof(tv->width));
}

/* Notes the widest cell of column col. */
static void
threads_widen(struct threads_view *tv, int col, const char *s)
{
	int w = text_width(s);

	if (w > tv->width[col])
		tv->width[col] = w;
}

/* The title (sanitized) with its marks in front: "📌 🔒 Title". */
static char *
threads_shown(const struct ui *ui, const struct thread *t,
    const char *title)
{
	const char *pin = ui->ascii ? "[pinned] " : "\xf0\x9f\x93\x8c ";

	return xasprintf("%s%s%s%s", t->pinned ? pin : "",
	    t->locked ? ui->g->lock : "", t->locked ? " " : "", title);
}

static int
threads_take(void *ctx, json_t *body, int replace, char **next,
    struct gerr *err)
{
	struct threads_view *tv = ctx;
	struct ui *ui = tv->view.ui;
	struct thread_page page;
	size_t i;

	memset(&page, 0, sizeof(page));
	if (thread_page_from_json(body, &page, err) < 0) {
		thread_page_release(&page);
		return -1;
	}
	if (replace)
		threads_reset(tv);
	if (tv->n + page.n > tv->cap) {
		tv->cap = (tv->n + page.n) * 2 + 16;
		tv->rows = xrealloc(tv->rows, tv->cap * sizeof(*tv->rows));
	}
	for (i = 0; i < page.n; i++) {
		const struct thread *t = &page.items[i];
		struct thread_row *r = &tv->rows[tv->n++];
		char num[32], age[32];

		r->id = t->id;
		r->pinned = t->pinned;
		r->locked = t->locked;
		r->title = ui_clean(ui, t->title);
		r->shown = threads_shown(ui, t, r->title);
		r->author = ui_clean(ui, t->author.username);
		snprintf(num, sizeof(num), "%lld", (long long)t->reply_count);
		r->replies = xstrdup(num);
		snprintf(num, sizeof(num), "%lld", (long long)t->like_count);
		r->likes = xstrdup(num);
		r->age = ui_clean(ui, ui_ago(t->last_activity_at, age,
		    sizeof(age)));
		threads_widen(tv, TH_COL_AUTHOR, r->author);
		threads_widen(tv, TH_COL_AGE, r->age);
	}
	*next = page.has_more && page.next_cursor != NULL ?
	    xstrdup(page.next_cursor) : NULL;
	thread_page_release(&page);
	return 0;
}

static size_t
threads_count(void *ctx)
{
	return ((struct threads_view *)ctx)->n;
}

static const char *
threads_text(void *ctx, size_t row)
{
	return ((struct threads_view *)ctx)->rows[row].title;
}

static int64_t
threads_id(void *ctx, size_t row)
{
	return ((struct threads_view *)ctx)->rows[row].id;
}

static void
threads_layout(void *ctx, int w)
{
	struct threads_view *tv = ctx;
	static const struct ui_column proto[TH_COL_COUNT] = {
		[TH_COL_TITLE] = { "Thread", 0, 20, 1, 0, 0, 0, 0 },
		[TH_COL_AUTHOR] = { "Author", 8, 6, 0, 2, 0, 0, 0 },
		[TH_COL_REPLIES] = { "Replies", 7, 7, 0, 0, 1, 0, 0 },
		[TH_COL_LIKES] = { "Likes", 5, 5, 0, 3, 1, 0, 0 },
		[TH_COL_AGE] = { "Active", 10, 6, 0, 1, 1, 0, 0 },
	};
	int want;

	memcpy(tv->cols, proto, sizeof(proto));
	want = tv->width[TH_COL_AUTHOR];
	if (want > 16)
		want = 16;
	if (want > tv->cols[TH_COL_AUTHOR].want)
		tv->cols[TH_COL_AUTHOR].want = want;
	if (tv->cols[TH_COL_TITLE].min < w * 2 / 5)
		tv->cols[TH_COL_TITLE].min = w * 2 / 5;
	ui_columns_layout(tv->cols, TH_COL_COUNT, w - 2, 2);
}

static void
threads_header(void *ctx, int y, int x, int w)
{
	struct threads_view *tv = ctx;
	struct ui *ui = tv->view.ui;
	char sort[64];
	const struct ui_column *t = &tv->cols[TH_COL_TITLE];
	int sw;

	ui_fill(ui, y, x, 1, THEME_HEADER);
	ui_columns_header(ui, tv->cols, TH_COL_COUNT, y, x + 1, w - 1);
	snprintf(sort, sizeof(sort), "by %s ", tv->sort == THREADS_TOP ?
	    "likes" : "latest activity");
	sw = text_width(sort);
	if (sw + 8 < t->w)
		ui_put_right(ui, y, x + 1 + t->x + t->w - sw, sw, sort,
		    THEME_HEADER);
}

static void
threads_row(void *ctx, size_t i, int y, int x, int w, int selected)
{
	struct threads_view *tv = ctx;
	struct ui *ui = tv->view.ui;
	const struct thread_row *r = &tv->rows[i];
	const struct ui_column *c = tv->cols;

	ui_fill(ui, y, x, w, selected ? THEME_SELECTED : THEME_NORMAL);
	ui_column_put(ui, &c[TH_COL_TITLE], y, x + 1, r->shown,
	    selected ? THEME_SELECTED : r->pinned ? THEME_PINNED :
	    THEME_TITLE);
	ui_column_put(ui, &c[TH_COL_AUTHOR], y, x + 1, r->author,
	    selected ? THEME_SELECTED : THEME_AUTHOR);
	ui_column_put(ui, &c[TH_COL_REPLIES], y, x + 1, r->replies,
	    selected ? THEME_SELECTED : THEME_NORMAL);
	ui_column_put(ui, &c[TH_COL_LIKES], y, x + 1, r->likes,
	    selected ? THEME_SELECTED : THEME_DIM);
	ui_column_put(ui, &c[TH_COL_AGE], y, x + 1, r->age,
	    selected ? THEME_SELECTED : THEME_DIM);
}

static const struct pager_ops threads_ops = {
	threads_take, threads_reset, threads_count, threads_text, threads_id,
	threads_layout, threads_header, threads_row,
};

/* Shows the category in the current sort order. */
static void
threads_open_list(struct threads_view *tv)
{
	char *path = xasprintf("/api/v1/threads?category=%lld&sort=%s",
	    (long long)tv->category, threads_sort_names[tv->sort]);

	pager_open(&tv->pager, path);
	free(path);
}

static void
threads_draw(struct view *v, int y, int x, int h, int w)
{
	pager_draw(&((struct threads_view *)v)->pager, y, x, h, w);
}

static void
threads_open(struct threads_view *tv)
{
	size_t row;

	if (pager_selected(&tv->pager, &row) < 0)
		return;
	ui_push(tv->view.ui, thread_view_new(tv->view.ui, tv->rows[row].id,
	    tv->rows[row].title));
}

/* A new thread was posted: show it, and the list with it. */
static void
threads_sent(struct view *origin, json_t *created)
{
	struct threads_view *tv = (struct threads_view *)origin;
	struct ui *ui = origin->ui;
	struct thread t;
	struct gerr err;
	char *title;

	memset(&t, 0, sizeof(t));
	gerr_clear(&err);
	if (created != NULL && thread_from_json(created, &t, &err) == 0) {
		/* The list shows it, selected, once it is loaded again. */
		tv->pager.select_id = t.id;
		title = ui_clean(ui, t.title);
		ui_push(ui, thread_view_new(ui, t.id, title));
		free(title);
	}
	thread_release(&t);
	pager_reload(&tv->pager);
	tv->pager.reloading = 0;
}

/* c: a new thread in this category, written in the editor. */
static void
threads_compose(struct threads_view *tv)
{
	struct draft d;
	char what[300];

	memset(&d, 0, sizeof(d));
	d.kind = DRAFT_THREAD;
	d.target = tv->category;
	snprintf(what, sizeof(what), "thread in %s", tv->name);
	compose_start(tv->view.ui, &tv->view, threads_sent, &d, NULL, what);
}

/*
 * A category's threads: the keys it gives a meaning of its own,
 * for the help overlay.
 */
static const struct view_key_help threads_keys[] = {
	{ ACT_SORT, NULL, "Sort: latest activity, or most liked" },
	{ ACT_COMPOSE, NULL, "Start a thread in this category" },
	{ ACT_NONE, NULL, NULL }
};

static int
threads_key(struct view *v, enum action a, int key)
{
	struct threads_view *tv = (struct threads_view *)v;

	if (pager_key(&tv->pager, a, key))
		return 1;
	switch (a) {
	case ACT_OPEN:
		threads_open(tv);
		return 1;
	case ACT_SORT:
		tv->sort = tv->sort == THREADS_LATEST ? THREADS_TOP :
		    THREADS_LATEST;
		threads_open_list(tv);
		ui_message(v->ui, UI_MSG_INFO, "Threads by %s",
		    tv->sort == THREADS_TOP ? "likes (top)" :
		    "latest activity");
		return 1;
	case ACT_COMPOSE:
		threads_compose(tv);
		return 1;
	default:
		return 0;
	}
}

static int
threads_mouse(struct view *v, int y, int x, mmask_t bstate)
{
	struct threads_view *tv = (struct threads_view *)v;
	int hit = pager_click(&tv->pager, y, x);

	(void)bstate;
	if (hit == 2)
		threads_open(tv);
	return hit > 0;
}

static int
threads_status(struct view *v, char *buf, size_t bufsz, int *editing)
{
	struct threads_view *tv = (struct threads_view *)v;
	char k[3][32];

	if (pager_status(&tv->pager, buf, bufsz, editing))
		return 1;
	snprintf(buf, bufsz, "%s new thread%s%s sort%s%s filter",
	    ui_key_hint(ACT_COMPOSE, k[0], sizeof(k[0])), v->ui->g->sep,
	    ui_key_hint(ACT_SORT, k[1], sizeof(k[1])), v->ui->g->sep,
	    ui_key_hint(ACT_FILTER, k[2], sizeof(k[2])));
	return 1;
}

static void
threads_free(struct view *v)
{
	struct threads_view *tv = (struct threads_view *)v;

	pager_release(&tv->pager);
	threads_reset(tv);
	free(tv->rows);
	free(tv->name);
	free(tv);
}

struct view *
threads_view_new(struct ui *ui, int64_t category, const char *name)
{
	struct threads_view *tv = xcalloc(1, sizeof(*tv));

	tv->view.name = "threads";
	tv->view.ui = ui;
	tv->view.pane = (int)ui->cur;
	tv->view.draw = threads_draw;
	tv->view.key = threads_key;
	tv->view.keys_help = threads_keys;
	tv->view.mouse = threads_mouse;
	tv->view.status = threads_status;
	tv->view.free = threads_free;
	tv->category = category;
	tv->name = xstrdup(name != NULL ? name : "");
	view_set_title(&tv->view, tv->name);
	pager_init(&tv->pager, &tv->view, &threads_ops, tv, "threads",
	    THREADS_PAGE);
	tv->pager.empty = "No threads here yet: c starts one.";
	tv->pager.what_load = "Loading threads";
	tv->pager.what_refresh = "Refreshing threads";
	tv->pager.what_all = "Loading all threads";
	threads_open_list(tv);
	return &tv->view;
}

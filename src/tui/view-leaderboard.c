/*
 * The Leaderboard pane: rank, member, level and points for the week, the
 * month or all time (w / m / a), best first, pages loaded as the cursor
 * nears the end so 100,000 members scroll as smoothly as twenty. The
 * viewer's own row is marked and highlighted, and . jumps to it (the
 * server starts a page just above it: ?around=me), and End (G) shows
 * the last members at once (?around=last) rather than walking every
 * page. Enter opens the member's profile (view-member.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

#define BOARD_PAGE	100
#define BOARD_JUMP_KEY	'.'

/* A member's row, kept small: 100,000 of them may be loaded. */
struct board_row {
	int64_t	 rank;
	int64_t	 points;
	int64_t	 hash;		/* of the user name, for the pager's ids */
	char	*username;	/* sanitized */
	int	 level;
};

enum {
	BD_COL_RANK = 0,
	BD_COL_MEMBER,
	BD_COL_LEVEL,
	BD_COL_POINTS,
	BD_COL_COUNT
};

enum board_period {
	BOARD_WEEK = 0,
	BOARD_MONTH,
	BOARD_ALL,
	BOARD_PERIODS
};

static const char *const board_periods[BOARD_PERIODS] = {
	"week", "month", "all"
};
static const char *const board_period_titles[BOARD_PERIODS] = {
	"Week", "Month", "All"
};

/* Where the rows shown start. */
enum board_from {
	BOARD_FROM_TOP = 0,	/* rank 1, pages loaded as they are needed */
	BOARD_FROM_ME,		/* just above my row (.) */
	BOARD_FROM_END		/* the last page: the end of the board (End) */
};

struct board_view {
	struct view		 view;
	enum board_period	 period;
	enum board_from		 from;
	int			 want_last;	/* End: select the last row */
	struct board_row	*rows;
	size_t			 n;
	size_t			 cap;
	struct pager		 pager;
	struct ui_column	 cols[BD_COL_COUNT];
	/* "me" of the last page: rank 0 when not on this board. */
	int			 has_me;
	int64_t			 me_rank;
	int64_t			 me_points;
	int64_t			 me_level;
};

/* A stable id for a user name (FNV-1a, positive and never 0). */
static int64_t
board_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	h &= INT64_MAX;
	return h == 0 ? 1 : (int64_t)h;
}

static void
board_reset(void *ctx)
{
	struct board_view *bv = ctx;
	size_t i;

	for (i = 0; i < bv->n; i++)
		free(bv->rows[i].username);
	bv->n = 0;
}

/* 1 when row r is the viewer's own. */
static int
board_is_me(const struct board_view *bv, const struct board_row *r)
{
	const char *me = ui_me(bv->view.ui);

	return me != NULL && strcmp(me, r->username) == 0;
}

/* Selects my row when it is loaded; 1 when it was. */
static int
board_select_me(struct board_view *bv)
{
	const char *me = ui_me(bv->view.ui);
	size_t i;

	if (me == NULL)
		return 0;
	for (i = 0; i < bv->pager.list.n; i++) {
		if (strcmp(bv->rows[bv->pager.vis[i]].username, me) == 0) {
			bv->pager.list.cur = i;
			return 1;
		}
	}
	return 0;
}

static int
board_take(void *ctx, json_t *body, int replace, char **next,
    struct gerr *err)
{
	struct board_view *bv = ctx;
	struct ui *ui = bv->view.ui;
	struct leaderboard_page page;
	size_t i;

	memset(&page, 0, sizeof(page));
	if (leaderboard_page_from_json(body, &page, err) < 0) {
		leaderboard_page_release(&page);
		return -1;
	}
	if (replace)
		board_reset(bv);
	if (bv->n + page.n > bv->cap) {
		bv->cap = (bv->n + page.n) * 2 + 64;
		bv->rows = xrealloc(bv->rows, bv->cap * sizeof(*bv->rows));
	}
	for (i = 0; i < page.n; i++) {
		const struct leaderboard_entry *e = &page.items[i];
		struct board_row *r = &bv->rows[bv->n++];

		r->rank = e->rank;
		r->points = e->points;
		r->level = (int)e->level;
		r->username = ui_clean(ui, e->username);
		r->hash = board_hash(r->username);
	}
	/* End: the last row once it arrives (from the cache, then anew). */
	if (replace && bv->want_last && bv->n > 0)
		bv->pager.select_id = bv->rows[bv->n - 1].hash;
	bv->has_me = page.has_me;
	if (page.has_me) {
		bv->me_rank = page.me.rank;
		bv->me_points = page.me.points;
		bv->me_level = page.me.level;
	}
	*next = page.has_more && page.next_cursor != NULL ?
	    xstrdup(page.next_cursor) : NULL;
	leaderboard_page_release(&page);
	return 0;
}

static size_t
board_count(void *ctx)
{
	return ((struct board_view *)ctx)->n;
}

static const char *
board_text(void *ctx, size_t row)
{
	return ((struct board_view *)ctx)->rows[row].username;
}

static int64_t
board_id(void *ctx, size_t row)
{
	return ((struct board_view *)ctx)->rows[row].hash;
}

static void
board_layout(void *ctx, int w)
{
	struct board_view *bv = ctx;
	static const struct ui_column proto[BD_COL_COUNT] = {
		[BD_COL_RANK] = { "Rank", 7, 4, 0, 0, 1, 0, 0 },
		[BD_COL_MEMBER] = { "Member", 0, 8, 1, 0, 0, 0, 0 },
		[BD_COL_LEVEL] = { "Level", 5, 5, 0, 1, 1, 0, 0 },
		[BD_COL_POINTS] = { "Points", 10, 6, 0, 0, 1, 0, 0 },
	};

	memcpy(bv->cols, proto, sizeof(proto));
	/* Two columns on the left: the mark of my row and a blank. */
	ui_columns_layout(bv->cols, BD_COL_COUNT, w - 3, 2);
}

static void
board_header(void *ctx, int y, int x, int w)
{
	struct board_view *bv = ctx;

	ui_fill(bv->view.ui, y, x, 2, THEME_HEADER);
	ui_columns_header(bv->view.ui, bv->cols, BD_COL_COUNT, y, x + 2,
	    w - 2);
}

static void
board_row(void *ctx, size_t i, int y, int x, int w, int selected)
{
	struct board_view *bv = ctx;
	struct ui *ui = bv->view.ui;
	const struct board_row *r = &bv->rows[i];
	const struct ui_column *c = bv->cols;
	int mine = board_is_me(bv, r);
	enum theme_elem e = selected ? THEME_SELECTED : mine ? THEME_OWNED :
	    THEME_NORMAL;
	char num[32];

	ui_fill(ui, y, x, w, e);
	if (mine)
		ui_put(ui, y, x, 1, ui->ascii ? ">" : "\xe2\x96\xb6", e);
	snprintf(num, sizeof(num), "%lld", (long long)r->rank);
	ui_column_put(ui, &c[BD_COL_RANK], y, x + 2, num, e);
	ui_column_put(ui, &c[BD_COL_MEMBER], y, x + 2, r->username,
	    selected || mine ? e : THEME_AUTHOR);
	snprintf(num, sizeof(num), "L%d", r->level);
	ui_column_put(ui, &c[BD_COL_LEVEL], y, x + 2, num,
	    selected || mine ? e : THEME_LEVEL);
	snprintf(num, sizeof(num), "%lld", (long long)r->points);
	ui_column_put(ui, &c[BD_COL_POINTS], y, x + 2, num,
	    selected || mine ? e : THEME_POINTS);
}

static const struct pager_ops board_ops = {
	board_take, board_reset, board_count, board_text, board_id,
	board_layout, board_header, board_row,
};

/* Shows the board of the period from the top, around my row or its end. */
static void
board_open(struct board_view *bv, enum board_from from)
{
	char *path = xasprintf("/api/v1/leaderboard?period=%s%s",
	    board_periods[bv->period], from == BOARD_FROM_ME ? "&around=me" :
	    from == BOARD_FROM_END ? "&around=last" : "");

	bv->from = from;
	pager_open(&bv->pager, path);
	free(path);
}

/*
 * The top line: the periods ("Week · Month · All", the one shown
 * highlighted) and where I stand on the right.
 */
static void
board_periods_draw(struct board_view *bv, int y, int x, int w)
{
	struct ui *ui = bv->view.ui;
	char me[128], hint[16];
	int i, cx = x + 1, mw;

	ui_fill(ui, y, x, w, THEME_NORMAL);
	for (i = 0; i < BOARD_PERIODS && cx < x + w; i++) {
		if (i > 0)
			cx += ui_puts(ui, y, cx, x + w - cx, ui->g->sep,
			    THEME_DIM);
		cx += ui_puts(ui, y, cx, x + w - cx, board_period_titles[i],
		    i == (int)bv->period ? THEME_TAB_ACTIVE : THEME_TAB);
	}
	if (bv->from == BOARD_FROM_END && cx < x + w)
		cx += ui_puts(ui, y, cx, x + w - cx, "  End of the board",
		    THEME_TITLE);
	if (!bv->has_me)
		return;
	snprintf(hint, sizeof(hint), "%c", BOARD_JUMP_KEY);
	if (bv->me_rank > 0)
		snprintf(me, sizeof(me), "You: #%lld, %lld pts (%s jumps) ",
		    (long long)bv->me_rank, (long long)bv->me_points, hint);
	else
		snprintf(me, sizeof(me), "You: no points this %s ",
		    bv->period == BOARD_ALL ? "far" : board_periods[bv->period]);
	mw = text_width(me);
	if (cx + 2 + mw <= x + w)
		ui_put_right(ui, y, x + w - mw, mw, me, THEME_OWNED);
}

static void
board_draw(struct view *v, int y, int x, int h, int w)
{
	struct board_view *bv = (struct board_view *)v;

	if (h < 3 || w <= 0)
		return;
	board_periods_draw(bv, y, x, w);
	pager_draw(&bv->pager, y + 1, x, h - 1, w);
}

/* .: to my row, loading the page around it unless it is loaded. */
static void
board_jump(struct board_view *bv)
{
	struct ui *ui = bv->view.ui;
	const char *me = ui_me(ui);

	if (me == NULL) {
		ui_message(ui, UI_MSG_INFO, "Not logged in: you have no rank");
		return;
	}
	if (bv->has_me && bv->me_rank == 0) {
		ui_message(ui, UI_MSG_INFO, "You have no points this %s",
		    bv->period == BOARD_ALL ? "far" :
		    board_periods[bv->period]);
		return;
	}
	if (board_select_me(bv))
		return;
	/* The pager selects the row with this id once it arrives. */
	bv->pager.select_id = board_hash(me);
	board_open(bv, BOARD_FROM_ME);
}

/* End / G on a board not all loaded: its last page, the last row chosen. */
static void
board_end(struct board_view *bv)
{
	char k[32];

	bv->want_last = 1;
	bv->pager.select_id = 0;
	board_open(bv, BOARD_FROM_END);
	ui_message(bv->view.ui, UI_MSG_INFO, "The end of the board: %s goes "
	    "to rank 1", ui_key_hint(ACT_TOP, k, sizeof(k)));
}

static void
board_open_member(struct board_view *bv)
{
	size_t row;

	if (pager_selected(&bv->pager, &row) < 0)
		return;
	ui_push(bv->view.ui, member_view_new(bv->view.ui,
	    bv->rows[row].username));
}

/* The keys of the pane itself; 1 when key was one. */
static int
board_own_key(struct board_view *bv, int key)
{
	enum board_period p;

	switch (key) {
	case 'w':
		p = BOARD_WEEK;
		break;
	case 'm':
		p = BOARD_MONTH;
		break;
	case 'a':
		p = BOARD_ALL;
		break;
	case BOARD_JUMP_KEY:
		board_jump(bv);
		return 1;
	default:
		return 0;
	}
	bv->period = p;
	bv->pager.select_id = 0;
	board_open(bv, BOARD_FROM_TOP);
	ui_message(bv->view.ui, UI_MSG_INFO, "Leaderboard: %s",
	    p == BOARD_ALL ? "all time" : p == BOARD_WEEK ? "this week" :
	    "this month");
	return 1;
}

static int
board_key(struct view *v, enum action a, int key)
{
	struct board_view *bv = (struct board_view *)v;

	/* Any other key than End: keep the cursor where it goes. */
	if (a != ACT_BOTTOM)
		bv->want_last = 0;
	if (!bv->pager.editing && board_own_key(bv, key))
		return 1;
	/*
	 * End with pages still to load: the last page itself. A filter
	 * wants its last match, so it follows the pages as before.
	 */
	if (a == ACT_BOTTOM && !bv->pager.editing && bv->pager.has_more &&
	    bv->pager.filter.len == 0) {
		board_end(bv);
		return 1;
	}
	/* A board that starts near my row or at its end: g to rank 1. */
	if (bv->from != BOARD_FROM_TOP && !bv->pager.editing &&
	    (a == ACT_TOP || (bv->pager.list.cur == 0 && (a == ACT_UP ||
	    a == ACT_PAGE_UP)))) {
		if (a == ACT_TOP) {
			bv->pager.select_id = 0;
			board_open(bv, BOARD_FROM_TOP);
		} else {
			char k[32];

			ui_message(v->ui, UI_MSG_INFO, "These rows %s: %s goes "
			    "to rank 1", bv->from == BOARD_FROM_END ?
			    "are the end of the board" : "start near yours",
			    ui_key_hint(ACT_TOP, k, sizeof(k)));
		}
		return 1;
	}
	/* r: the status bar's standing is fetched again too. */
	if (a == ACT_RELOAD && !bv->pager.editing)
		v->ui->points_gen++;
	if (pager_key(&bv->pager, a, key))
		return 1;
	if (a == ACT_OPEN) {
		board_open_member(bv);
		return 1;
	}
	return 0;
}

static int
board_mouse(struct view *v, int y, int x, mmask_t bstate)
{
	struct board_view *bv = (struct board_view *)v;
	int hit;

	(void)bstate;
	bv->want_last = 0;
	hit = pager_click(&bv->pager, y, x);
	if (hit == 2)
		board_open_member(bv);
	return hit > 0;
}

static int
board_status(struct view *v, char *buf, size_t bufsz, int *editing)
{
	struct board_view *bv = (struct board_view *)v;
	const char *sep = v->ui->g->sep;
	char k[32];

	if (pager_status(&bv->pager, buf, bufsz, editing))
		return 1;
	snprintf(buf, bufsz, "w/m/a week, month, all%s%c my rank%s"
	    "Enter profile%s%s filter", sep, BOARD_JUMP_KEY, sep, sep,
	    ui_key_hint(ACT_FILTER, k, sizeof(k)));
	return 1;
}

static void
board_free(struct view *v)
{
	struct board_view *bv = (struct board_view *)v;

	pager_release(&bv->pager);
	board_reset(bv);
	free(bv->rows);
	free(bv);
}

/* The pane's own keys, for the help overlay. */
static const struct view_key_help board_keys_help[] = {
	{ ACT_NONE, "w m a", "The week's, the month's or the all-time board" },
	{ ACT_NONE, ".", "Jump to my rank" },
	{ ACT_OPEN, "Enter", "Open the member's profile" },
	{ ACT_RELOAD, "r", "Reload the board and my standing" },
	{ ACT_BOTTOM, "End G", "The last member (the end of the board)" },
	{ ACT_TOP, "g", "Back to rank 1" },
	{ ACT_FILTER, "/", "Filter the loaded rows by name" },
	{ ACT_NONE, NULL, NULL }
};

struct view *
leaderboard_view_new(struct ui *ui)
{
	struct board_view *bv = xcalloc(1, sizeof(*bv));

	bv->view.name = "leaderboard";
	bv->view.ui = ui;
	bv->view.pane = (int)ui->cur;
	bv->view.draw = board_draw;
	bv->view.key = board_key;
	bv->view.mouse = board_mouse;
	bv->view.status = board_status;
	bv->view.free = board_free;
	bv->view.keys_help = board_keys_help;
	bv->period = BOARD_ALL;
	view_set_title(&bv->view, "Leaderboard");
	pager_init(&bv->pager, &bv->view, &board_ops, bv, "members",
	    BOARD_PAGE);
	bv->pager.empty = "No one has points in this period yet.";
	bv->pager.what_load = "Loading the leaderboard";
	bv->pager.what_refresh = "Refreshing the leaderboard";
	bv->pager.what_all = "Loading the whole leaderboard";
	board_open(bv, BOARD_FROM_TOP);
	return &bv->view;
}

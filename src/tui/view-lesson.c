/*
 * The lesson reader: one lesson of a course (GET /api/v1/lessons/ID),
 * its Markdown rendered for the width, scrollable, with "Lesson 3 of 8"
 * above the text and how far you are in the status bar. n / N (and ] /
 * [) go to the next and previous lesson of the outline the course view
 * handed over; m marks the lesson complete (POST .../completion), which
 * the course view and the Library show when next drawn. A locked lesson
 * says to buy the course, and b goes back to the course view and asks.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

struct lesson_view {
	struct view		 view;
	int64_t			 course_id;
	struct lesson_ref	*lessons;	/* the outline, titles owned */
	size_t			 n;
	size_t			 cur;		/* the lesson shown */
	struct ui_fetch		 fetch;		/* GET the lesson */
	struct ui_fetch		 mark;		/* POST its completion */
	int			 loaded;
	int			 reloading;
	int			 locked;	/* 403: not readable */
	char			*error;		/* sanitized, or NULL */
	char			*body;		/* raw Markdown: md sanitizes */
	int			 duration_min;
	struct md_cache		 md;
	const struct md_doc	*doc;		/* in md, or NULL */
	struct ui_lines		 lines;
	int			 lines_width;	/* -1: stale */
	size_t			 top;
	int			 height;
	int			 width;
};

/* The first key bound to a ("n"), into out; "" when none is. */
static char *
first_key(enum action a, char *out, size_t outsz)
{
	keys_for_action(a, out, outsz);
	out[strcspn(out, ",")] = '\0';
	return out;
}

/* "/api/v1/lessons/ID" of the lesson shown, into out. */
static char *
lesson_path(const struct lesson_view *lv, char *out, size_t outsz)
{
	snprintf(out, outsz, "/api/v1/lessons/%" PRId64,
	    lv->lessons[lv->cur].id);
	return out;
}

/* Forgets what was shown of the lesson before another one loads. */
static void
lesson_clear(struct lesson_view *lv)
{
	FREE(&lv->body);
	FREE(&lv->error);
	lv->loaded = 0;
	lv->locked = 0;
	lv->duration_min = 0;
	lv->top = 0;
	lv->doc = NULL;
	lv->lines_width = -1;
}

/* Reads a lesson body (server or cache). 0, or -1 with err. */
static int
lesson_read(struct lesson_view *lv, json_t *body, struct gerr *err)
{
	struct lesson_ref *ref = &lv->lessons[lv->cur];
	struct lesson l;
	char *title;

	memset(&l, 0, sizeof(l));
	if (lesson_from_json(body, &l, err) < 0) {
		lesson_release(&l);
		return -1;
	}
	FREE(&lv->body);
	lv->body = xstrdup(l.body != NULL ? l.body : "");
	lv->duration_min = l.duration_min;
	ref->completed = l.completed;
	ref->locked = l.locked;
	title = ui_clean(lv->view.ui, l.title);
	free(ref->title);
	ref->title = title;
	view_set_title(&lv->view, title);
	lesson_release(&l);
	lv->loaded = 1;
	lv->locked = 0;
	FREE(&lv->error);
	lv->lines_width = -1;
	return 0;
}

/* The answer to GET /lessons/ID. */
static void
lesson_done(void *arg, json_t *body, const struct gerr *err, unsigned flags)
{
	struct lesson_view *lv = arg;
	struct ui *ui = lv->view.ui;
	int reloading = lv->reloading;
	struct gerr perr;

	lv->reloading = 0;
	lv->lines_width = -1;
	if (body == NULL) {
		if (err->kind == GERR_HTTP && err->status == 403) {
			lv->locked = 1;
			lv->lessons[lv->cur].locked = 1;
			return;
		}
		FREE(&lv->error);
		lv->error = ui_clean(ui, err->msg);
		ui_error(ui, "cannot load the lesson", err);
		return;
	}
	gerr_clear(&perr);
	if (!((flags & API_NOT_MODIFIED) && lv->loaded) &&
	    lesson_read(lv, body, &perr) < 0) {
		FREE(&lv->error);
		lv->error = ui_clean(ui, perr.msg);
		ui_error(ui, "cannot read the lesson", &perr);
		return;
	}
	if (reloading)
		ui_message(ui, UI_MSG_INFO, "Reloaded");
}

/*
 * Shows lesson i of the outline: painted from the cache when it is
 * there, then asked of the server. A lesson known to be locked is not
 * asked for: it says how to buy the course.
 */
static void
lesson_show(struct lesson_view *lv, size_t i)
{
	struct ui *ui = lv->view.ui;
	char path[64];
	json_t *cached;
	struct gerr err;

	ui_fetch_cancel(&lv->fetch);
	lesson_clear(lv);
	lv->cur = i;
	view_set_title(&lv->view, lv->lessons[i].title);
	if (lv->lessons[i].locked) {
		lv->locked = 1;
		return;
	}
	lesson_path(lv, path, sizeof(path));
	cached = api_cached(ui->client, path);
	if (cached != NULL) {
		gerr_clear(&err);
		lesson_read(lv, cached, &err);
		json_decref(cached);
	}
	ui_fetch_get(&lv->fetch, path, "Loading the lesson");
}

/* The answer to POST /lessons/ID/completion. */
static void
lesson_mark_done(void *arg, json_t *body, const struct gerr *err,
    unsigned flags)
{
	struct lesson_view *lv = arg;
	struct ui *ui = lv->view.ui;
	struct completion c;
	struct gerr perr;

	(void)flags;
	if (body == NULL) {
		ui_error(ui, "cannot mark the lesson complete", err);
		return;
	}
	memset(&c, 0, sizeof(c));
	gerr_clear(&perr);
	if (completion_from_json(body, &c, &perr) < 0) {
		ui_error(ui, "cannot read the answer", &perr);
		completion_release(&c);
		return;
	}
	if (c.lesson_id == lv->lessons[lv->cur].id) {
		lv->lessons[lv->cur].completed = 1;
		lv->lines_width = -1;
	}
	ui_message(ui, UI_MSG_INFO, "Marked complete: %d of %d lessons of "
	    "this course done", c.progress.completed, c.progress.total);
	completion_release(&c);
	ui->progress_gen++;
}

/* m: marks the lesson shown complete, unless it is already. */
static void
lesson_complete(struct lesson_view *lv)
{
	struct ui *ui = lv->view.ui;
	char path[96];

	if (!lv->loaded) {
		ui_message(ui, UI_MSG_INFO, "%s", lv->locked ? "This lesson is "
		    "locked" : "Still loading the lesson");
		return;
	}
	if (lv->lessons[lv->cur].completed) {
		ui_message(ui, UI_MSG_INFO, "You completed this lesson "
		    "already");
		return;
	}
	if (ui->client->token == NULL) {
		ui_message(ui, UI_MSG_INFO, "Not logged in: run guild login in "
		    "a shell to keep your progress");
		return;
	}
	snprintf(path, sizeof(path), "/api/v1/lessons/%" PRId64
	    "/completion", lv->lessons[lv->cur].id);
	ui_fetch_call(&lv->mark, "POST", path, NULL, "Marking it complete");
}

/* ---- Lines --------------------------------------------------------- */

/* "Lesson 3 of 8 · 35 min · ✓ done" above the title. */
static void
lesson_add_head(struct lesson_view *lv, struct ui_lines *ls, int margin)
{
	const struct ui *ui = lv->view.ui;
	struct ui_line *l = ui_lines_add(ls);
	char text[128], pad[64];

	snprintf(pad, sizeof(pad), "%*s", margin, "");
	ui_line_add(l, THEME_NORMAL, pad);
	snprintf(text, sizeof(text), "Lesson %zu of %zu", lv->cur + 1, lv->n);
	ui_line_add(l, THEME_HEADER, text);
	if (lv->duration_min > 0) {
		snprintf(text, sizeof(text), "%s%d min", ui->g->sep,
		    lv->duration_min);
		ui_line_add(l, THEME_DIM, text);
	}
	if (lv->lessons[lv->cur].completed) {
		ui_line_add(l, THEME_DIM, ui->g->sep);
		ui_line_add(l, THEME_OWNED, ui->ascii ? "[done]" :
		    "\xe2\x9c\x93 done");
	}
}

/* What the end of the text says: how to go on. */
static void
lesson_tail(const struct lesson_view *lv, char *buf, size_t bufsz)
{
	char mark[32], next[32];
	int done = lv->lessons[lv->cur].completed;
	int last = lv->cur + 1 >= lv->n;

	first_key(ACT_COMPLETE, mark, sizeof(mark));
	first_key(ACT_SEARCH_NEXT, next, sizeof(next));
	snprintf(buf, bufsz, "End of lesson %zu of %zu.%s%s%s%s%s%s",
	    lv->cur + 1, lv->n,
	    done ? " Completed." : mark[0] != '\0' ? " " : "",
	    done ? "" : mark, done || mark[0] == '\0' ? "" :
	    " marks it complete.",
	    last ? " This is the last lesson." : next[0] != '\0' ? " " : "",
	    last ? "" : next, last || next[0] == '\0' ? "" :
	    " goes to the next one.");
}

/* Rebuilds the lines for width w. */
static void
lesson_build(struct lesson_view *lv, int w)
{
	struct ui *ui = lv->view.ui;
	struct ui_lines *ls = &lv->lines;
	int margin = w >= 40 ? 2 : 1, tw = w - 2 * margin;
	unsigned opts = MD_OPT_CLIP | (ui->ascii ? MD_OPT_ASCII : 0);
	char text[600], buy[32];

	ui_lines_release(ls);
	lv->lines_width = w;
	lv->doc = NULL;
	if (tw < 1)
		return;
	ui_lines_add(ls);
	lesson_add_head(lv, ls, margin);
	if (lv->loaded)
		lv->doc = md_cache_get(&lv->md, lv->body, strlen(lv->body), tw,
		    opts);
	/* The title, unless the text starts with it as a heading. */
	if (lv->doc == NULL || lv->doc->n == 0 || !lv->doc->lines[0].heading ||
	    strcmp(lv->doc->lines[0].text, lv->lessons[lv->cur].title) != 0) {
		ui_lines_wrap(ls, lv->lessons[lv->cur].title, tw, margin,
		    THEME_TITLE);
	}
	ui_lines_add(ls);
	if (lv->locked) {
		first_key(ACT_BUY, buy, sizeof(buy));
		snprintf(text, sizeof(text), "buy the course to read this "
		    "lesson (%s)", buy[0] != '\0' ? buy : "buy");
		ui_lines_wrap(ls, text, tw, margin, THEME_ERROR);
		return;
	}
	if (!lv->loaded) {
		if (lv->error != NULL)
			snprintf(text, sizeof(text), "Could not load this "
			    "lesson: %s (press r to retry)", lv->error);
		else
			snprintf(text, sizeof(text), "%s",
			    lv->fetch.canceled ? "Canceled; press r to load "
			    "the lesson." : "Loading...");
		ui_lines_wrap(ls, text, tw, margin, lv->error != NULL ?
		    THEME_ERROR : THEME_DIM);
		return;
	}
	if (lv->doc != NULL) {
		ui_lines_markdown(ls, lv->doc, margin);
	} else {
		char *clean = ui_clean_text(ui, lv->body);

		ui_lines_wrap(ls, clean, tw, margin, THEME_NORMAL);
		free(clean);
	}
	ui_lines_add(ls);
	lesson_tail(lv, text, sizeof(text));
	ui_lines_wrap(ls, text, tw, margin, THEME_DIM);
}

/* ---- The view ------------------------------------------------------ */

static size_t
lesson_max_top(const struct lesson_view *lv)
{
	size_t h = lv->height > 0 ? (size_t)lv->height : 1;

	return lv->lines.n > h ? lv->lines.n - h : 0;
}

static void
lesson_draw(struct view *v, int y, int x, int h, int w)
{
	struct lesson_view *lv = (struct lesson_view *)v;

	if (h <= 0 || w <= 0)
		return;
	if (lv->lines_width != w || !lv->loaded)
		lesson_build(lv, w);
	lv->height = h;
	lv->width = w;
	if (lv->top > lesson_max_top(lv))
		lv->top = lesson_max_top(lv);
	ui_lines_draw(v->ui, &lv->lines, lv->top, y, x, h, w, NULL);
}

/* Goes to the lesson dir (1 or -1) away, when there is one. */
static void
lesson_step(struct lesson_view *lv, int dir)
{
	if (dir > 0 && lv->cur + 1 >= lv->n) {
		ui_message(lv->view.ui, UI_MSG_INFO, "This is the last lesson");
		return;
	}
	if (dir < 0 && lv->cur == 0) {
		ui_message(lv->view.ui, UI_MSG_INFO, "This is the first "
		    "lesson");
		return;
	}
	ui_message(lv->view.ui, UI_MSG_NONE, NULL);
	lesson_show(lv, dir > 0 ? lv->cur + 1 : lv->cur - 1);
}

/*
 * b: back to the course view this reader was opened from, which asks
 * whether to buy. The reader is freed by the pop: nothing of it is used
 * after.
 */
static void
lesson_buy(struct lesson_view *lv, int key)
{
	struct ui *ui = lv->view.ui;
	struct view *below = lv->view.below;

	if (below == NULL || strcmp(below->name, "course") != 0 ||
	    course_view_id(below) != lv->course_id) {
		ui_message(ui, UI_MSG_INFO, "Open the course to buy it");
		return;
	}
	ui_pop(ui);
	below->key(below, ACT_BUY, key);
}

/* The lesson reader: the keys it gives a meaning of its own, for the help. */
static const struct view_key_help lesson_keys[] = {
	{ ACT_COMPLETE, NULL, "Mark this lesson complete" },
	{ ACT_SEARCH_NEXT, NULL, "Next lesson" },
	{ ACT_SEARCH_PREV, NULL, "Previous lesson" },
	{ ACT_NEXT_POST, NULL, "Next lesson" },
	{ ACT_PREV_POST, NULL, "Previous lesson" },
	{ ACT_BUY, NULL, "Buy the course, to read a locked lesson" },
	{ ACT_NONE, NULL, NULL }
};

static int
lesson_key(struct view *v, enum action a, int key)
{
	struct lesson_view *lv = (struct lesson_view *)v;
	size_t page = lv->height > 2 ? (size_t)lv->height - 1 : 1;
	size_t max;

	if (lv->width > 0 && lv->lines_width != lv->width)
		lesson_build(lv, lv->width);
	max = lesson_max_top(lv);
	switch (a) {
	case ACT_DOWN:
		if (lv->top < max)
			lv->top++;
		return 1;
	case ACT_UP:
		if (lv->top > 0)
			lv->top--;
		return 1;
	case ACT_PAGE_DOWN:
		lv->top = lv->top + page < max ? lv->top + page : max;
		return 1;
	case ACT_PAGE_UP:
		lv->top = lv->top > page ? lv->top - page : 0;
		return 1;
	case ACT_TOP:
		lv->top = 0;
		return 1;
	case ACT_BOTTOM:
		lv->top = lv->width > 0 ? max : (size_t)-1;
		return 1;
	case ACT_SEARCH_NEXT:
	case ACT_NEXT_POST:
		lesson_step(lv, 1);
		return 1;
	case ACT_SEARCH_PREV:
	case ACT_PREV_POST:
		lesson_step(lv, -1);
		return 1;
	case ACT_COMPLETE:
		lesson_complete(lv);
		return 1;
	case ACT_BUY:
		if (!lv->locked) {
			ui_message(v->ui, UI_MSG_INFO, "You can read this "
			    "lesson already");
			return 1;
		}
		lesson_buy(lv, key);
		return 1;
	case ACT_RELOAD:
		if (lv->lessons[lv->cur].locked && !lv->loaded)
			lv->lessons[lv->cur].locked = 0;
		lv->reloading = 1;
		lesson_show(lv, lv->cur);
		return 1;
	case ACT_LINKS:
		if (lv->doc != NULL && lv->doc->nlinks > 0)
			ui_push(v->ui, links_view_new(v->ui, lv->doc->links,
			    lv->doc->nlinks));
		else
			ui_message(v->ui, UI_MSG_INFO, "This lesson has no "
			    "links");
		return 1;
	default:
		return 0;
	}
}

/* "Lesson 3 of 8 · 40%" while a lesson is shown. */
static int
lesson_status(struct view *v, char *buf, size_t bufsz, int *editing)
{
	struct lesson_view *lv = (struct lesson_view *)v;
	size_t max = lesson_max_top(lv);

	*editing = 0;
	if (!lv->loaded || lv->lines.n == 0)
		return 0;
	if (max == 0)
		snprintf(buf, bufsz, "Lesson %zu of %zu%sall shown",
		    lv->cur + 1, lv->n, v->ui->g->sep);
	else
		snprintf(buf, bufsz, "Lesson %zu of %zu%s%zu%%", lv->cur + 1,
		    lv->n, v->ui->g->sep, lv->top * 100 / max);
	return 1;
}

static void
lesson_free(struct view *v)
{
	struct lesson_view *lv = (struct lesson_view *)v;
	size_t i;

	lesson_clear(lv);
	for (i = 0; i < lv->n; i++)
		free(lv->lessons[i].title);
	free(lv->lessons);
	md_cache_release(&lv->md);
	ui_lines_release(&lv->lines);
	free(lv);
}

struct view *
lesson_view_new(struct ui *ui, int64_t course_id,
    const struct lesson_ref *lessons, size_t n, size_t cur)
{
	struct lesson_view *lv = xcalloc(1, sizeof(*lv));
	size_t i;

	lv->view.name = "lesson";
	lv->view.ui = ui;
	lv->view.pane = (int)ui->cur;
	lv->view.draw = lesson_draw;
	lv->view.key = lesson_key;
	lv->view.keys_help = lesson_keys;
	lv->view.status = lesson_status;
	lv->view.free = lesson_free;
	lv->course_id = course_id;
	lv->lessons = xcalloc(n > 0 ? n : 1, sizeof(*lv->lessons));
	for (i = 0; i < n; i++) {
		lv->lessons[i] = lessons[i];
		lv->lessons[i].title = xstrdup(lessons[i].title != NULL ?
		    lessons[i].title : "");
	}
	lv->n = n;
	lv->lines_width = -1;
	md_cache_init(&lv->md);
	ui_fetch_init(&lv->fetch, ui, &lv->view, lesson_done, lv);
	ui_fetch_init(&lv->mark, ui, &lv->view, lesson_mark_done, lv);
	view_set_title(&lv->view, "Lesson");
	if (n > 0)
		lesson_show(lv, cur < n ? cur : 0);
	return &lv->view;
}

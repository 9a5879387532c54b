/*
 * The course detail view: title, facts (level, price, instructor,
 * lessons, progress when owned), summary, the description rendered from
 * Markdown, and the lesson outline with lock, preview and completed
 * marks. It paints from the cache at once and revalidates; lines are
 * rebuilt when the width changes. / searches the text (n / N jump
 * between matches), L lists the description's links. Moving down past
 * the end of the text selects a lesson in the outline (G selects the
 * last); Enter opens it in the reader when it is readable. b buys the
 * course after a y/n question in the status bar. The same view, drawn
 * beside the catalog, is its preview.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/buf.h"
#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

/* A lesson of the outline, strings sanitized. */
struct course_lesson {
	int64_t	 id;
	int	 completed;
	int	 position;
	char	*title;
	int	 duration_min;
	int	 preview;
	int	 locked;
};

struct course_view {
	struct view		 view;
	int64_t			 id;
	int			 preview;	/* drawn beside the catalog */
	struct ui_fetch		 fetch;
	int			 loaded;
	int			 reloading;
	char			*error;		/* why it did not load, or NULL */
	/* Sanitized copies of the course, made when it arrived. */
	char			*title;
	char			*summary;
	char			*level;
	char			*price;
	char			*instructor;
	char			*tags;
	char			*description;	/* raw Markdown: md sanitizes */
	int			 lesson_count;
	int			 enrolled;
	int			 owned;
	int64_t			 price_amount;	/* 0 for a free course */
	struct course_lesson	*lessons;
	size_t			 nlessons;
	/* The description rendered, and the lines for lines_width. */
	struct md_cache		 md;
	const struct md_doc	*doc;		/* in md, or NULL */
	struct ui_lines		 lines;
	int			 lines_width;	/* -1: stale */
	size_t			 top;
	int			 height;
	int			 width;		/* at the last draw, 0 before */
	/* Search: the prompt, the text searched for and the lines with it. */
	struct ui_input		 search;
	int			 searching;	/* typing at the prompt */
	size_t			*hits;
	size_t			 nhits;
	size_t			 hit;		/* the current one */
	/* The lesson selected in the outline, and where the outline is. */
	long			 sel;		/* -1 for none */
	size_t			 outline_line;	/* its first line in lines */
	int			 draw_y;	/* screen row of lines[top] */
	int			 confirm;	/* asking whether to buy */
	unsigned		 gen;		/* ui's owned_gen + progress_gen */
};

static void
course_view_clear(struct course_view *cv)
{
	size_t i;

	FREE(&cv->summary);
	FREE(&cv->level);
	FREE(&cv->price);
	FREE(&cv->instructor);
	FREE(&cv->tags);
	FREE(&cv->description);
	for (i = 0; i < cv->nlessons; i++)
		free(cv->lessons[i].title);
	FREE(&cv->lessons);
	cv->nlessons = 0;
}

/* "45 min", "2 h 05 min" into out. */
static char *
format_duration(int minutes, char *out, size_t outsz)
{
	if (minutes < 60)
		snprintf(out, outsz, "%d min", minutes);
	else
		snprintf(out, outsz, "%d h %02d min", minutes / 60,
		    minutes % 60);
	return out;
}

/* Takes what the view shows from c, sanitizing every string. */
static void
course_view_take(struct course_view *cv, const struct course *c)
{
	struct ui *ui = cv->view.ui;
	struct buf tags = BUF_INIT;
	char price[64];
	const char *who;
	size_t i;

	course_view_clear(cv);
	FREE(&cv->title);
	cv->title = ui_clean(ui, c->title);
	view_set_title(&cv->view, cv->title);
	cv->summary = ui_clean_text(ui, c->summary);
	cv->description = xstrdup(c->description != NULL ? c->description :
	    "");
	cv->level = ui_clean(ui, level_name(c->level));
	money_format(&c->price, ui->ascii, price, sizeof(price));
	cv->price = ui_clean(ui, price);
	who = c->instructor_name != NULL && c->instructor_name[0] != '\0' ?
	    c->instructor_name : c->instructor;
	if (who != NULL && c->instructor != NULL && who != c->instructor) {
		char *both = xasprintf("%s (%s)", who, c->instructor);

		cv->instructor = ui_clean(ui, both);
		free(both);
	} else {
		cv->instructor = ui_clean(ui, who);
	}
	for (i = 0; i < c->ntags; i++)
		buf_printf(&tags, "%s%s", i > 0 ? ", " : "", c->tags[i]);
	cv->tags = ui_clean(ui, buf_str(&tags));
	buf_release(&tags);
	cv->lesson_count = c->lesson_count;
	cv->enrolled = c->enrolled_count;
	cv->owned = c->owned;
	cv->price_amount = c->price.amount;
	cv->lessons = xcalloc(c->nlessons > 0 ? c->nlessons : 1,
	    sizeof(*cv->lessons));
	for (i = 0; i < c->nlessons; i++) {
		struct course_lesson *l = &cv->lessons[i];

		l->id = c->lessons[i].id;
		l->completed = c->lessons[i].completed;
		l->position = c->lessons[i].position;
		l->title = ui_clean(ui, c->lessons[i].title);
		l->duration_min = c->lessons[i].duration_min;
		l->preview = c->lessons[i].preview;
		l->locked = c->lessons[i].locked;
	}
	cv->nlessons = c->nlessons;
	if (cv->sel >= (long)cv->nlessons)
		cv->sel = (long)cv->nlessons - 1;
	cv->loaded = 1;
	FREE(&cv->error);
	cv->lines_width = -1;
}

/* Reads a course body (server or cache) into the view. 0 or -1 with err. */
static int
course_view_read(struct course_view *cv, json_t *body, struct gerr *err)
{
	struct course c;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = course_from_json(body, &c, err);
	if (rc == 0)
		course_view_take(cv, &c);
	course_release(&c);
	return rc;
}

/* The path of the course: "/api/v1/courses/ID" into out. */
static char *
course_path(const struct course_view *cv, char *out, size_t outsz)
{
	snprintf(out, outsz, "/api/v1/courses/%" PRId64, cv->id);
	return out;
}

/* The answer to GET /courses/ID. */
static void
course_view_done(void *arg, json_t *body, const struct gerr *err,
    unsigned flags)
{
	struct course_view *cv = arg;
	struct ui *ui = cv->view.ui;
	struct gerr perr;
	int reloading = cv->reloading;

	cv->reloading = 0;
	if (body == NULL) {
		FREE(&cv->error);
		cv->error = ui_clean(ui, err->msg);
		cv->lines_width = -1;
		if (!cv->preview || reloading)
			ui_error(ui, "cannot load the course", err);
		return;
	}
	gerr_clear(&perr);
	if (!((flags & API_NOT_MODIFIED) && cv->loaded) &&
	    course_view_read(cv, body, &perr) < 0) {
		FREE(&cv->error);
		cv->error = ui_clean(ui, perr.msg);
		cv->lines_width = -1;
		ui_error(ui, "cannot read the course", &perr);
		return;
	}
	if (reloading)
		ui_message(ui, UI_MSG_INFO, "Reloaded");
}

/* ---- Building the lines -------------------------------------------- */

/* Adds "Label       value" with the value in elem. */
static void
add_fact(struct ui_lines *ls, int margin, const char *label,
    const char *value, enum theme_elem elem)
{
	struct ui_line *l;
	char pad[64];

	if (value == NULL || value[0] == '\0')
		return;
	l = ui_lines_add(ls);
	snprintf(pad, sizeof(pad), "%*s%-12s", margin, "", label);
	ui_line_add(l, THEME_DIM, pad);
	ui_line_add(l, elem, value);
}

static void
add_blank(struct ui_lines *ls)
{
	ui_lines_add(ls);
}

static void
add_heading(struct ui_lines *ls, int margin, const char *text)
{
	struct ui_line *l = ui_lines_add(ls);
	char pad[64];

	snprintf(pad, sizeof(pad), "%*s", margin, "");
	ui_line_add(l, THEME_NORMAL, pad);
	ui_line_add(l, THEME_HEADING, text);
}

/*
 * The description, rendered from Markdown for width columns (cached per
 * width by the md cache); as plain wrapped text if that fails.
 */
static void
add_description(struct course_view *cv, struct ui_lines *ls, int width,
    int margin)
{
	struct ui *ui = cv->view.ui;
	unsigned opts = MD_OPT_CLIP | (ui->ascii ? MD_OPT_ASCII : 0);

	cv->doc = md_cache_get(&cv->md, cv->description,
	    strlen(cv->description), width, opts);
	if (cv->doc != NULL) {
		ui_lines_markdown(ls, cv->doc, margin);
	} else {
		char *text = ui_clean_text(ui, cv->description);

		ui_lines_wrap(ls, text, width, margin, THEME_NORMAL);
		free(text);
	}
}

/* s cut to w columns, padded on the left (right) or the right. */
static char *
cell(const struct ui *ui, const char *s, int w, int right)
{
	char *fit = text_fit(s, w, 0, ui->ascii);
	int fw, pad;
	char *r;

	if (fit == NULL)
		return xstrdup("");
	fw = text_width(fit);
	pad = w > fw ? w - fw : 0;
	r = right ? xasprintf("%*s%s", pad, "", fit) :
	    xasprintf("%s%*s", fit, pad, "");
	free(fit);
	return r;
}

/* The mark of a completed lesson. */
static const char *
done_mark(const struct ui *ui)
{
	return ui->ascii ? "[done]" : "\xe2\x9c\x93 done";
}

/*
 * A lesson's mark and its style: done when completed, the lock when it
 * cannot be read, "preview" for a free lesson of a course not owned.
 */
static const char *
lesson_mark(const struct course_view *cv, const struct course_lesson *l,
    enum theme_elem *e)
{
	const struct ui *ui = cv->view.ui;

	if (l->completed) {
		*e = THEME_OWNED;
		return done_mark(ui);
	}
	if (l->locked) {
		*e = THEME_DIM;
		return ui->g->lock;
	}
	*e = THEME_PRICE;
	return l->preview && !cv->owned ? "preview" : "";
}

/* Adds one lesson row laid out in cols. */
static void
add_lesson(struct ui_lines *ls, const struct course_view *cv,
    struct ui_column *cols, int margin, const struct course_lesson *l)
{
	const struct ui *ui = cv->view.ui;
	struct ui_line *line = ui_lines_add(ls);
	char num[16], dur[32], pad[64];
	enum theme_elem elems[4] = {
		THEME_DIM, THEME_NORMAL, THEME_PRICE, THEME_DIM
	};
	const char *mark = lesson_mark(cv, l, &elems[2]);
	const char *texts[4];
	int i, x = 0;

	snprintf(num, sizeof(num), "%d.", l->position);
	format_duration(l->duration_min, dur, sizeof(dur));
	texts[0] = num;
	texts[1] = l->title;
	texts[2] = mark;
	texts[3] = dur;
	snprintf(pad, sizeof(pad), "%*s", margin, "");
	ui_line_add(line, THEME_NORMAL, pad);
	for (i = 0; i < 4; i++) {
		char *c;

		if (cols[i].w <= 0)
			continue;
		if (cols[i].x > x) {
			snprintf(pad, sizeof(pad), "%*s", cols[i].x - x, "");
			ui_line_add(line, THEME_NORMAL, pad);
		}
		c = cell(ui, texts[i], cols[i].w, cols[i].right);
		ui_line_add(line, elems[i], c);
		free(c);
		x = cols[i].x + cols[i].w;
	}
}

/* Lays out the lesson outline in width columns and adds it. */
static void
add_outline(struct course_view *cv, struct ui_lines *ls, int width,
    int margin)
{
	const struct ui *ui = cv->view.ui;
	struct ui_column cols[4] = {
		{ "#", 3, 3, 0, 0, 1, 0, 0 },
		{ "Lesson", 0, 8, 1, 0, 0, 0, 0 },
		{ "", 7, 7, 0, 1, 0, 0, 0 },
		{ "Time", 10, 6, 0, 2, 1, 0, 0 },
	};
	size_t i;
	int maxpos = 0;

	for (i = 0; i < cv->nlessons; i++) {
		if (cv->lessons[i].position > maxpos)
			maxpos = cv->lessons[i].position;
	}
	cols[0].want = maxpos >= 100 ? 4 : 3;
	cols[2].want = text_width(ui->g->lock) > 7 ? text_width(ui->g->lock) :
	    7;
	if (text_width(done_mark(ui)) > cols[2].want)
		cols[2].want = text_width(done_mark(ui));
	ui_columns_layout(cols, G_NELEM(cols), width, 2);
	cv->outline_line = ls->n;
	for (i = 0; i < cv->nlessons; i++)
		add_lesson(ls, cv, cols, margin, &cv->lessons[i]);
}

/* What the view says when there is no course to show. */
static const char *
course_view_empty(const struct course_view *cv, char *buf, size_t bufsz)
{
	if (ui_fetch_busy(&cv->fetch))
		return "Loading...";
	if (cv->fetch.canceled)
		return "Canceled; press r to load this course.";
	if (cv->error != NULL) {
		snprintf(buf, bufsz, "Could not load this course: %s%s",
		    cv->error, cv->preview ? "" : " (press r to retry)");
		return buf;
	}
	return "Loading...";
}

/* Finds the lines that hold the search text. */
static void
course_view_find(struct course_view *cv)
{
	size_t i;

	FREE(&cv->hits);
	cv->nhits = 0;
	cv->hit = 0;
	if (cv->search.len == 0)
		return;
	cv->hits = xcalloc(cv->lines.n > 0 ? cv->lines.n : 1,
	    sizeof(*cv->hits));
	for (i = 0; i < cv->lines.n; i++) {
		char *t = ui_line_text(&cv->lines.v[i]);

		if (ui_contains(t, cv->search.text))
			cv->hits[cv->nhits++] = i;
		free(t);
	}
}

/* "Progress    ████░░░░  2 of 8 lessons" for a course the member owns. */
static void
add_progress(const struct course_view *cv, struct ui_lines *ls, int margin)
{
	struct ui_line *l = ui_lines_add(ls);
	char pad[64], text[64];
	size_t i;
	int done = 0;

	for (i = 0; i < cv->nlessons; i++)
		done += cv->lessons[i].completed != 0;
	snprintf(pad, sizeof(pad), "%*s%-12s", margin, "", "Progress");
	ui_line_add(l, THEME_DIM, pad);
	ui_line_progress(cv->view.ui, l, done, (int)cv->nlessons, 16);
	snprintf(text, sizeof(text), "  %d of %zu lessons", done,
	    cv->nlessons);
	ui_line_add(l, THEME_NORMAL, text);
}

/* The first key bound to a, "Enter", into out. */
static char *
first_key(enum action a, char *out, size_t outsz)
{
	keys_for_action(a, out, outsz);
	out[strcspn(out, ",")] = '\0';
	return out;
}

/* The line under the outline: how to read a lesson, and to buy. */
static void
course_view_hint(const struct course_view *cv, char *buf, size_t bufsz)
{
	char down[32], open[32], buy[32];

	first_key(ACT_DOWN, down, sizeof(down));
	first_key(ACT_OPEN, open, sizeof(open));
	first_key(ACT_BUY, buy, sizeof(buy));
	if (cv->owned || buy[0] == '\0')
		snprintf(buf, bufsz, "%s selects a lesson, %s reads it.", down,
		    open);
	else
		snprintf(buf, bufsz, "%s selects a lesson, %s reads a free "
		    "preview; %s buys the course to read them all.", down,
		    open, buy);
}

/* Rebuilds every line for width w. */
static void
course_view_build(struct course_view *cv, int w)
{
	struct ui_lines *ls = &cv->lines;
	int margin = cv->preview ? 1 : w >= 40 ? 2 : 1;
	int tw = w - 2 * margin;
	char buf[600], dur[32];
	size_t i;
	int total = 0;

	ui_lines_release(ls);
	cv->lines_width = w;
	cv->doc = NULL;
	if (tw < 1)
		return;
	if (!cv->preview)
		add_blank(ls);
	ui_lines_wrap(ls, cv->title, tw, margin, THEME_TITLE);
	add_blank(ls);
	if (!cv->loaded) {
		ui_lines_wrap(ls, course_view_empty(cv, buf, sizeof(buf)), tw,
		    margin, cv->error != NULL ? THEME_ERROR : THEME_DIM);
		course_view_find(cv);
		return;
	}
	add_fact(ls, margin, "Level", cv->level, THEME_LEVEL);
	add_fact(ls, margin, "Price", cv->price, THEME_PRICE);
	add_fact(ls, margin, "Instructor", cv->instructor, THEME_AUTHOR);
	for (i = 0; i < cv->nlessons; i++)
		total += cv->lessons[i].duration_min;
	if (total > 0)
		snprintf(buf, sizeof(buf), "%d%s%s", cv->lesson_count,
		    cv->view.ui->g->sep, format_duration(total, dur,
		    sizeof(dur)));
	else
		snprintf(buf, sizeof(buf), "%d", cv->lesson_count);
	add_fact(ls, margin, "Lessons", buf, THEME_NORMAL);
	snprintf(buf, sizeof(buf), "%d", cv->enrolled);
	add_fact(ls, margin, "Enrolled", buf, THEME_NORMAL);
	add_fact(ls, margin, "Tags", cv->tags, THEME_DIM);
	if (cv->owned) {
		add_fact(ls, margin, "Status", "You own this course",
		    THEME_OWNED);
		add_progress(cv, ls, margin);
	}
	if (cv->summary[0] != '\0') {
		add_blank(ls);
		ui_lines_wrap(ls, cv->summary, tw, margin, THEME_NORMAL);
	}
	if (cv->description[0] != '\0') {
		add_blank(ls);
		add_heading(ls, margin, "Description");
		add_blank(ls);
		add_description(cv, ls, tw, margin);
	}
	add_blank(ls);
	snprintf(buf, sizeof(buf), "Lessons (%zu)", cv->nlessons);
	add_heading(ls, margin, buf);
	add_blank(ls);
	if (cv->nlessons == 0)
		ui_lines_wrap(ls, "No lessons yet.", tw, margin, THEME_DIM);
	add_outline(cv, ls, tw, margin);
	add_blank(ls);
	if (!cv->preview && cv->nlessons > 0) {
		course_view_hint(cv, buf, sizeof(buf));
		ui_lines_wrap(ls, buf, tw, margin, THEME_DIM);
	}
	course_view_find(cv);
}

/* ---- The view ------------------------------------------------------ */

/* The largest first line that still fills the screen. */
static size_t
course_view_max_top(const struct course_view *cv)
{
	size_t h = cv->height > 0 ? (size_t)cv->height : 1;

	return cv->lines.n > h ? cv->lines.n - h : 0;
}

/* Scrolls the least that puts line i on screen. */
static void
course_view_reveal(struct course_view *cv, size_t i)
{
	size_t h = cv->height > 0 ? (size_t)cv->height : 1;

	if (i < cv->top)
		cv->top = i;
	else if (i >= cv->top + h)
		cv->top = i - h + 1;
}

static void
course_view_draw(struct view *v, int y, int x, int h, int w)
{
	struct course_view *cv = (struct course_view *)v;
	const char *match = cv->search.len > 0 ? cv->search.text : NULL;
	char path[64];
	size_t line;
	int rebuilt;

	if (h <= 0 || w <= 0)
		return;
	/* A purchase or a completed lesson changed the marks: fetch again. */
	if (cv->gen != v->ui->owned_gen + v->ui->progress_gen) {
		cv->gen = v->ui->owned_gen + v->ui->progress_gen;
		ui_fetch_get(&cv->fetch, course_path(cv, path, sizeof(path)),
		    "Refreshing the course");
	}
	/* A view still loading shows the state of its request. */
	rebuilt = cv->lines_width != w || !cv->loaded;
	if (rebuilt)
		course_view_build(cv, w);
	cv->height = h;
	cv->width = w;
	cv->draw_y = y;
	/* New lines (a refresh) keep the selected lesson on screen. */
	if (rebuilt && cv->sel >= 0 && cv->loaded && !cv->preview)
		course_view_reveal(cv, cv->outline_line + (size_t)cv->sel);
	if (cv->top > course_view_max_top(cv))
		cv->top = course_view_max_top(cv);
	ui_lines_draw(v->ui, &cv->lines, cv->top, y, x, h, w, match);
	if (cv->sel < 0 || cv->preview || !cv->loaded)
		return;
	line = cv->outline_line + (size_t)cv->sel;
	if (line >= cv->top && line < cv->top + (size_t)h &&
	    line < cv->lines.n) {
		char *t = ui_line_text(&cv->lines.v[line]);

		ui_put(v->ui, y + (int)(line - cv->top), x, w, t,
		    THEME_SELECTED);
		free(t);
	}
}

/* Scrolls so that line i is on screen, a little below the top. */
static void
course_view_show_line(struct course_view *cv, size_t i)
{
	size_t h = cv->height > 0 ? (size_t)cv->height : 1;

	if (i >= cv->top && i < cv->top + h)
		return;
	cv->top = i > 2 ? i - 2 : 0;
	if (cv->top > course_view_max_top(cv))
		cv->top = course_view_max_top(cv);
}

/* Moves to the next (dir 1) or previous (-1) match from the screen. */
static void
course_view_jump(struct course_view *cv, int dir)
{
	size_t i;

	if (cv->search.len == 0) {
		ui_message(cv->view.ui, UI_MSG_INFO, "No search: press / to "
		    "search the text");
		return;
	}
	if (cv->nhits == 0) {
		ui_message(cv->view.ui, UI_MSG_INFO, "No match for '%s'",
		    cv->search.text);
		return;
	}
	if (dir > 0) {
		for (i = 0; i < cv->nhits && cv->hits[i] <= cv->hits[cv->hit];)
			i++;
		cv->hit = i < cv->nhits ? i : 0;
	} else {
		cv->hit = cv->hit > 0 ? cv->hit - 1 : cv->nhits - 1;
	}
	course_view_show_line(cv, cv->hits[cv->hit]);
}

/* Jumps to the first match at or below the top of the screen. */
static void
course_view_jump_first(struct course_view *cv)
{
	size_t i;

	if (cv->nhits == 0)
		return;
	for (i = 0; i < cv->nhits && cv->hits[i] < cv->top; i++)
		;
	cv->hit = i < cv->nhits ? i : 0;
	course_view_show_line(cv, cv->hits[cv->hit]);
}

/* A key at the search prompt; 1 when it was used. */
static int
course_view_search_key(struct course_view *cv, int key)
{
	switch (ui_input_key(&cv->search, key)) {
	case UI_INPUT_EDIT:
		course_view_find(cv);
		course_view_jump_first(cv);
		return 1;
	case UI_INPUT_DONE:
		cv->searching = 0;
		if (cv->search.len > 0 && cv->nhits == 0)
			ui_message(cv->view.ui, UI_MSG_INFO, "No match for "
			    "'%s'", cv->search.text);
		return 1;
	case UI_INPUT_ABORT:
		cv->searching = 0;
		ui_input_clear(&cv->search);
		course_view_find(cv);
		return 1;
	case UI_INPUT_PASS:
		break;
	}
	return 0;
}

/* Selects lesson i of the outline (-1: none) and scrolls to it. */
static void
course_view_select(struct course_view *cv, long i)
{
	cv->sel = i;
	if (i >= 0)
		course_view_reveal(cv, cv->outline_line + (size_t)i);
}

/*
 * j at the end of the text steps into the outline; in the outline j and
 * k move between lessons, and k above the first goes back to scrolling.
 */
static void
course_view_move(struct course_view *cv, int dir, size_t max)
{
	size_t h = cv->height > 0 ? (size_t)cv->height : 1;
	long n = cv->loaded && !cv->preview ? (long)cv->nlessons : 0;

	if (cv->sel >= 0 && dir > 0) {
		if (cv->sel + 1 < n)
			course_view_select(cv, cv->sel + 1);
		else if (cv->top < max)
			cv->top++;
	} else if (cv->sel >= 0) {
		if (cv->sel > 0)
			course_view_select(cv, cv->sel - 1);
		else
			cv->sel = -1;
	} else if (dir > 0 && cv->top < max) {
		cv->top++;
	} else if (dir > 0 && n > 0) {
		/* The first lesson on screen. */
		long i = 0;

		while (i + 1 < n && cv->outline_line + (size_t)i < cv->top)
			i++;
		if (cv->outline_line + (size_t)i < cv->top + h)
			course_view_select(cv, i);
	} else if (dir < 0 && cv->top > 0) {
		cv->top--;
	}
}

/* The lesson to start with: the first not completed that can be read. */
static long
course_view_next_lesson(const struct course_view *cv)
{
	size_t i;

	for (i = 0; i < cv->nlessons; i++) {
		if (!cv->lessons[i].completed && !cv->lessons[i].locked)
			return (long)i;
	}
	return 0;
}

/* Opens the selected lesson in the reader, or says why it cannot. */
static void
course_view_open(struct course_view *cv)
{
	struct ui *ui = cv->view.ui;
	struct lesson_ref *refs;
	char buy[32];
	size_t i;

	if (!cv->loaded || cv->nlessons == 0) {
		ui_message(ui, UI_MSG_INFO, "%s", cv->loaded ? "This course "
		    "has no lessons yet" : "Still loading the course");
		return;
	}
	if (cv->sel < 0) {
		course_view_select(cv, course_view_next_lesson(cv));
		return;
	}
	if (cv->lessons[cv->sel].locked) {
		first_key(ACT_BUY, buy, sizeof(buy));
		ui_message(ui, UI_MSG_INFO, "buy the course to read this "
		    "lesson (%s)", buy);
		return;
	}
	refs = xcalloc(cv->nlessons, sizeof(*refs));
	for (i = 0; i < cv->nlessons; i++) {
		refs[i].id = cv->lessons[i].id;
		refs[i].title = cv->lessons[i].title;
		refs[i].locked = cv->lessons[i].locked;
		refs[i].completed = cv->lessons[i].completed;
	}
	ui_push(ui, lesson_view_new(ui, cv->id, refs, cv->nlessons,
	    (size_t)cv->sel));
	free(refs);
}

/* b: asks whether to buy, or says why there is nothing to buy. */
static void
course_view_buy(struct course_view *cv)
{
	struct ui *ui = cv->view.ui;

	if (!cv->loaded) {
		ui_message(ui, UI_MSG_INFO, "Still loading the course");
		return;
	}
	if (cv->owned) {
		ui_message(ui, UI_MSG_INFO, "You own this course already");
		return;
	}
	if (ui->client->token == NULL) {
		ui_message(ui, UI_MSG_INFO, "Not logged in: run guild login in "
		    "a shell to buy courses");
		return;
	}
	ui_message(ui, UI_MSG_NONE, NULL);
	cv->confirm = 1;
}

/* The answer to "Buy TITLE for PRICE? y/n": y buys, anything else not. */
static void
course_view_confirm_key(struct course_view *cv, int key)
{
	struct ui *ui = cv->view.ui;

	cv->confirm = 0;
	if (key != 'y' && key != 'Y') {
		ui_message(ui, UI_MSG_INFO, "Not bought");
		return;
	}
	ui_push(ui, buy_view_new(ui, cv->id, cv->title, cv->price));
}

/* A course's page: the keys it gives a meaning of its own, for the help. */
static const struct view_key_help course_view_keys[] = {
	{ ACT_OPEN, NULL, "Read the selected lesson, else pick the next" },
	{ ACT_BUY, NULL, "Buy this course (asks first)" },
	{ ACT_LINKS, NULL, "The links of the course's description" },
	{ ACT_NONE, NULL, NULL }
};

static int
course_view_key(struct view *v, enum action a, int key)
{
	struct course_view *cv = (struct course_view *)v;
	size_t page = cv->height > 2 ? (size_t)cv->height - 1 : 1;
	size_t max;
	char path[64];

	if (cv->confirm) {
		course_view_confirm_key(cv, key);
		return 1;
	}
	if (cv->searching && course_view_search_key(cv, key))
		return 1;
	/* Keys may come before the lines of new data are drawn. */
	if (cv->width > 0 && cv->lines_width != cv->width)
		course_view_build(cv, cv->width);
	max = course_view_max_top(cv);
	switch (a) {
	case ACT_DOWN:
		course_view_move(cv, 1, max);
		return 1;
	case ACT_UP:
		course_view_move(cv, -1, max);
		return 1;
	case ACT_PAGE_DOWN:
		cv->sel = -1;
		cv->top = cv->top + page < max ? cv->top + page : max;
		return 1;
	case ACT_PAGE_UP:
		cv->sel = -1;
		cv->top = cv->top > page ? cv->top - page : 0;
		return 1;
	case ACT_TOP:
		cv->sel = -1;
		cv->top = 0;
		return 1;
	case ACT_BOTTOM:
		/* Before the first draw the end is not known: draw finds it. */
		cv->top = cv->width > 0 ? max : (size_t)-1;
		if (cv->loaded && !cv->preview && cv->nlessons > 0)
			cv->sel = (long)cv->nlessons - 1;
		return 1;
	case ACT_OPEN:
		course_view_open(cv);
		return 1;
	case ACT_BUY:
		course_view_buy(cv);
		return 1;
	case ACT_RELOAD:
		cv->reloading = 1;
		ui_fetch_get(&cv->fetch, course_path(cv, path, sizeof(path)),
		    "Loading course");
		return 1;
	case ACT_FILTER:
		cv->searching = 1;
		ui_input_clear(&cv->search);
		course_view_find(cv);
		ui_message(v->ui, UI_MSG_NONE, NULL);
		return 1;
	case ACT_SEARCH_NEXT:
		course_view_jump(cv, 1);
		return 1;
	case ACT_SEARCH_PREV:
		course_view_jump(cv, -1);
		return 1;
	case ACT_LINKS:
		if (cv->doc != NULL && cv->doc->nlinks > 0)
			ui_push(v->ui, links_view_new(v->ui, cv->doc->links,
			    cv->doc->nlinks));
		else if (!cv->loaded && ui_fetch_busy(&cv->fetch))
			ui_message(v->ui, UI_MSG_INFO, "Still loading the "
			    "course; its links come with it");
		else
			ui_message(v->ui, UI_MSG_INFO, "This course's text has "
			    "no links");
		return 1;
	case ACT_CANCEL:
		/* Loading is canceled by the UI; else Esc ends a search. */
		if (cv->search.len == 0 || ui_fetch_pane_busy(v->ui, v->pane))
			return 0;
		ui_input_clear(&cv->search);
		course_view_find(cv);
		return 1;
	default:
		return 0;
	}
}

/* A click on a lesson selects it; a click on the selected one opens it. */
static int
course_view_mouse(struct view *v, int y, int x, mmask_t bstate)
{
	struct course_view *cv = (struct course_view *)v;
	size_t line;

	(void)x;
	(void)bstate;
	if (!cv->loaded || y < cv->draw_y || y >= cv->draw_y + cv->height)
		return 0;
	line = cv->top + (size_t)(y - cv->draw_y);
	if (line < cv->outline_line ||
	    line >= cv->outline_line + cv->nlessons)
		return 0;
	if (cv->sel == (long)(line - cv->outline_line)) {
		course_view_open(cv);
		return 1;
	}
	cv->sel = (long)(line - cv->outline_line);
	return 1;
}

/* "/text" at the prompt; "/text (3 of 12)" while a search is kept. */
static int
course_view_status(struct view *v, char *buf, size_t bufsz, int *editing)
{
	struct course_view *cv = (struct course_view *)v;

	*editing = cv->searching;
	if (cv->confirm) {
		*editing = 1;
		if (cv->price_amount == 0)
			snprintf(buf, bufsz, "Enroll in %s for free? y/n",
			    cv->title);
		else
			snprintf(buf, bufsz, "Buy %s for %s? y/n", cv->title,
			    cv->price);
		return 1;
	}
	if (cv->searching) {
		snprintf(buf, bufsz, "/%s", cv->search.text);
		return 1;
	}
	if (cv->search.len == 0)
		return 0;
	if (cv->nhits == 0)
		snprintf(buf, bufsz, "/%s (no match)", cv->search.text);
	else
		snprintf(buf, bufsz, "/%s (%zu of %zu; n and N jump)",
		    cv->search.text, cv->hit + 1, cv->nhits);
	return 1;
}

static void
course_view_free(struct view *v)
{
	struct course_view *cv = (struct course_view *)v;

	course_view_clear(cv);
	free(cv->title);
	free(cv->error);
	free(cv->hits);
	md_cache_release(&cv->md);
	ui_lines_release(&cv->lines);
	free(cv);
}

int64_t
course_view_id(const struct view *v)
{
	return ((const struct course_view *)v)->id;
}

struct view *
course_view_new(struct ui *ui, int64_t id, const char *title, int preview)
{
	struct course_view *cv = xcalloc(1, sizeof(*cv));
	char path[64];
	struct gerr err;
	json_t *cached;

	cv->view.name = "course";
	cv->view.ui = ui;
	cv->view.pane = (int)ui->cur;
	cv->view.draw = course_view_draw;
	cv->view.key = course_view_key;
	cv->view.keys_help = course_view_keys;
	cv->view.mouse = course_view_mouse;
	cv->view.status = course_view_status;
	cv->view.free = course_view_free;
	cv->id = id;
	cv->preview = preview;
	cv->sel = -1;
	cv->gen = ui->owned_gen + ui->progress_gen;
	cv->title = xstrdup(title != NULL ? title : "");
	view_set_title(&cv->view, cv->title);
	cv->summary = xstrdup("");
	cv->description = xstrdup("");
	cv->lines_width = -1;
	md_cache_init(&cv->md);
	ui_fetch_init(&cv->fetch, ui, &cv->view, course_view_done, cv);
	course_path(cv, path, sizeof(path));
	/* Paint from the cache at once; the request below revalidates. */
	cached = api_cached(ui->client, path);
	if (cached != NULL) {
		gerr_clear(&err);
		course_view_read(cv, cached, &err);
		json_decref(cached);
	}
	ui_fetch_get(&cv->fetch, path, preview ? "Loading preview" :
	    "Loading course");
	return &cv->view;
}

/*
 * The course detail view: title, facts (level, price, instructor,
 * lessons), summary, the description wrapped to the width, and the
 * lesson outline with lock marks. Lines are rebuilt when the width
 * changes and scrolled with the movement keys.
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
	int	 position;
	char	*title;
	int	 duration_min;
	int	 preview;
	int	 locked;
};

struct course_view {
	struct view		 view;
	int64_t			 id;
	int			 loaded;
	int			 failed;
	/* Sanitized copies of the course, made when it arrived. */
	char			*title;
	char			*summary;
	char			*description;	/* newlines kept */
	char			*level;
	char			*price;
	char			*instructor;
	char			*tags;
	int			 lesson_count;
	int			 enrolled;
	int			 owned;
	struct course_lesson	*lessons;
	size_t			 nlessons;
	/* The rendered lines for lines_width columns (-1: stale). */
	struct ui_lines		 lines;
	int			 lines_width;
	size_t			 top;
	int			 height;
};

static void
course_view_clear(struct course_view *cv)
{
	size_t i;

	FREE(&cv->summary);
	FREE(&cv->description);
	FREE(&cv->level);
	FREE(&cv->price);
	FREE(&cv->instructor);
	FREE(&cv->tags);
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
	cv->description = ui_clean_text(ui, c->description);
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
	cv->lessons = xcalloc(c->nlessons > 0 ? c->nlessons : 1,
	    sizeof(*cv->lessons));
	for (i = 0; i < c->nlessons; i++) {
		struct course_lesson *l = &cv->lessons[i];

		l->position = c->lessons[i].position;
		l->title = ui_clean(ui, c->lessons[i].title);
		l->duration_min = c->lessons[i].duration_min;
		l->preview = c->lessons[i].preview;
		l->locked = c->lessons[i].locked;
	}
	cv->nlessons = c->nlessons;
}

static void
course_view_work(struct view *v)
{
	struct course_view *cv = (struct course_view *)v;
	struct course c;
	struct gerr err;
	char id[32];

	snprintf(id, sizeof(id), "%" PRId64, cv->id);
	memset(&c, 0, sizeof(c));
	gerr_clear(&err);
	if (api_course(v->ui->client, id, &c, NULL, &err) < 0) {
		cv->failed = 1;
		ui_error(v->ui, "cannot load the course", &err);
	} else {
		course_view_take(cv, &c);
		course_release(&c);
		cv->loaded = 1;
		cv->failed = 0;
	}
	cv->lines_width = -1;
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
 * The description is Markdown shown as text: each source line wrapped
 * on its own, headings and quotes and fenced code in their styles.
 */
static void
add_description(struct ui_lines *ls, const char *text, int width, int margin)
{
	const char *p = text;
	int fenced = 0;

	while (*p != '\0') {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		const char *s = line + strspn(line, " ");
		enum theme_elem e = THEME_NORMAL;

		if (strncmp(s, "```", 3) == 0 || strncmp(s, "~~~", 3) == 0) {
			fenced = !fenced;
			e = THEME_CODE;
		} else if (fenced) {
			e = THEME_CODE;
		} else if (s[0] == '#') {
			e = THEME_HEADING;
		} else if (s[0] == '>') {
			e = THEME_QUOTE;
		}
		if (line[0] == '\0')
			add_blank(ls);
		else
			ui_lines_wrap(ls, line, width, margin, e);
		free(line);
		p += n;
		if (*p == '\n')
			p++;
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

/* Adds one lesson row laid out in cols. */
static void
add_lesson(struct ui_lines *ls, const struct ui *ui, struct ui_column *cols,
    int margin, const struct course_lesson *l)
{
	struct ui_line *line = ui_lines_add(ls);
	char num[16], dur[32], pad[64];
	const char *mark = l->locked ? ui->g->lock : l->preview ? "preview" : "";
	const char *texts[4];
	static const enum theme_elem elems[4] = {
		THEME_DIM, THEME_NORMAL, THEME_PRICE, THEME_DIM
	};
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
		ui_line_add(line, l->locked && i == 2 ? THEME_DIM : elems[i], c);
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
	ui_columns_layout(cols, G_NELEM(cols), width, 2);
	for (i = 0; i < cv->nlessons; i++)
		add_lesson(ls, ui, cols, margin, &cv->lessons[i]);
}

/* Rebuilds every line for width w. */
static void
course_view_build(struct course_view *cv, int w)
{
	struct ui_lines *ls = &cv->lines;
	int margin = w >= 40 ? 2 : 1;
	int tw = w - 2 * margin;
	char buf[96], dur[32];
	size_t i;
	int total = 0;

	ui_lines_release(ls);
	cv->lines_width = w;
	if (tw < 1)
		return;
	add_blank(ls);
	ui_lines_wrap(ls, cv->title, tw, margin, THEME_TITLE);
	add_blank(ls);
	if (!cv->loaded) {
		ui_lines_wrap(ls, cv->failed ?
		    "Could not load this course; press r to retry." :
		    "Loading...", tw, margin, THEME_DIM);
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
	if (cv->owned)
		add_fact(ls, margin, "Status", "You own this course",
		    THEME_POINTS);
	if (cv->summary[0] != '\0') {
		add_blank(ls);
		ui_lines_wrap(ls, cv->summary, tw, margin, THEME_NORMAL);
	}
	if (cv->description[0] != '\0') {
		add_blank(ls);
		add_heading(ls, margin, "Description");
		add_blank(ls);
		add_description(ls, cv->description, tw, margin);
	}
	add_blank(ls);
	snprintf(buf, sizeof(buf), "Lessons (%zu)", cv->nlessons);
	add_heading(ls, margin, buf);
	add_blank(ls);
	if (cv->nlessons == 0)
		ui_lines_wrap(ls, "No lessons yet.", tw, margin, THEME_DIM);
	add_outline(cv, ls, tw, margin);
	add_blank(ls);
}

/* ---- The view ------------------------------------------------------ */

/* The largest first line that still fills the screen. */
static size_t
course_view_max_top(const struct course_view *cv)
{
	size_t h = cv->height > 0 ? (size_t)cv->height : 1;

	return cv->lines.n > h ? cv->lines.n - h : 0;
}

static void
course_view_draw(struct view *v, int y, int x, int h, int w)
{
	struct course_view *cv = (struct course_view *)v;

	if (h <= 0 || w <= 0)
		return;
	if (cv->lines_width != w)
		course_view_build(cv, w);
	cv->height = h;
	if (cv->top > course_view_max_top(cv))
		cv->top = course_view_max_top(cv);
	ui_lines_draw(v->ui, &cv->lines, cv->top, y, x, h, w);
}

static int
course_view_key(struct view *v, enum action a, int key)
{
	struct course_view *cv = (struct course_view *)v;
	size_t page = cv->height > 2 ? (size_t)cv->height - 1 : 1;
	size_t max = course_view_max_top(cv);

	(void)key;
	switch (a) {
	case ACT_DOWN:
		if (cv->top < max)
			cv->top++;
		return 1;
	case ACT_UP:
		if (cv->top > 0)
			cv->top--;
		return 1;
	case ACT_PAGE_DOWN:
		cv->top = cv->top + page < max ? cv->top + page : max;
		return 1;
	case ACT_PAGE_UP:
		cv->top = cv->top > page ? cv->top - page : 0;
		return 1;
	case ACT_TOP:
		cv->top = 0;
		return 1;
	case ACT_BOTTOM:
		cv->top = max;
		return 1;
	case ACT_OPEN:
		return 1;
	case ACT_RELOAD:
		v->pending = 1;
		ui_busy(v->ui, "Loading course...");
		return 1;
	default:
		return 0;
	}
}

static void
course_view_free(struct view *v)
{
	struct course_view *cv = (struct course_view *)v;

	course_view_clear(cv);
	free(cv->title);
	ui_lines_release(&cv->lines);
	free(cv);
}

struct view *
course_view_new(struct ui *ui, int64_t id, const char *title)
{
	struct course_view *cv = xcalloc(1, sizeof(*cv));

	cv->view.name = "course";
	cv->view.ui = ui;
	cv->view.draw = course_view_draw;
	cv->view.key = course_view_key;
	cv->view.work = course_view_work;
	cv->view.free = course_view_free;
	cv->id = id;
	cv->title = xstrdup(title != NULL ? title : "");
	view_set_title(&cv->view, cv->title);
	cv->summary = xstrdup("");
	cv->description = xstrdup("");
	cv->lines_width = -1;
	cv->view.pending = 1;
	ui_busy(ui, "Loading course...");
	return &cv->view;
}

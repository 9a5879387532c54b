/*
 * The Q&A pane: questions with their score, their number of answers
 * (marked when one is accepted), tags, who asked and when; newest first,
 * by votes or unanswered only (s cycles), all or those of one tag (t
 * asks for it). Pages load as the cursor nears the end. Enter opens a
 * question, c asks one in the member's editor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/buf.h"
#include "guild/drafts.h"
#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

#define QUESTIONS_PAGE	30

/* A question as shown: strings sanitized when the page arrived. */
struct question_row {
	int64_t	 id;
	char	*title;
	char	*score;
	char	*answers;	/* "✓ 2" when one is accepted */
	char	*tags;
	char	*author;
	char	*age;
	int	 accepted;
};

enum {
	Q_COL_SCORE = 0,
	Q_COL_ANSWERS,
	Q_COL_TITLE,
	Q_COL_TAGS,
	Q_COL_AUTHOR,
	Q_COL_AGE,
	Q_COL_COUNT
};

enum questions_sort {
	QUESTIONS_NEWEST = 0,
	QUESTIONS_VOTES,
	QUESTIONS_UNANSWERED,
	QUESTIONS_SORTS
};

static const char *const questions_sort_names[QUESTIONS_SORTS] = {
	"newest", "votes", "unanswered"
};

struct questions_view {
	struct view		 view;
	enum questions_sort	 sort;
	char			*tag;		/* raw, for the URL; or NULL */
	struct question_row	*rows;
	size_t			 n;
	size_t			 cap;
	struct pager		 pager;
	struct ui_column	 cols[Q_COL_COUNT];
	int			 width[Q_COL_COUNT];
	struct ui_input		 tag_input;
	int			 tagging;	/* typing a tag */
};

static void
questions_reset(void *ctx)
{
	struct questions_view *qv = ctx;
	size_t i;

	for (i = 0; i < qv->n; i++) {
		free(qv->rows[i].title);
		free(qv->rows[i].score);
		free(qv->rows[i].answers);
		free(qv->rows[i].tags);
		free(qv->rows[i].author);
		free(qv->rows[i].age);
	}
	qv->n = 0;
	memset(qv->width, 0, sizeof(qv->width));
}

static void
questions_widen(struct questions_view *qv, int col, const char *s)
{
	int w = text_width(s);

	if (w > qv->width[col])
		qv->width[col] = w;
}

static int
questions_take(void *ctx, json_t *body, int replace, char **next,
    struct gerr *err)
{
	struct questions_view *qv = ctx;
	struct ui *ui = qv->view.ui;
	struct question_page page;
	size_t i, j;

	memset(&page, 0, sizeof(page));
	if (question_page_from_json(body, &page, err) < 0) {
		question_page_release(&page);
		return -1;
	}
	if (replace)
		questions_reset(qv);
	if (qv->n + page.n > qv->cap) {
		qv->cap = (qv->n + page.n) * 2 + 16;
		qv->rows = xrealloc(qv->rows, qv->cap * sizeof(*qv->rows));
	}
	for (i = 0; i < page.n; i++) {
		const struct question *q = &page.items[i];
		struct question_row *r = &qv->rows[qv->n++];
		struct buf tags = BUF_INIT;
		char num[48], age[32];

		r->id = q->id;
		r->title = ui_clean(ui, q->title);
		snprintf(num, sizeof(num), "%lld", (long long)q->score);
		r->score = xstrdup(num);
		r->accepted = q->accepted_answer_id != 0;
		snprintf(num, sizeof(num), "%s%lld", r->accepted ?
		    (ui->ascii ? "+ " : "\xe2\x9c\x93 ") : "",
		    (long long)q->answer_count);
		r->answers = xstrdup(num);
		for (j = 0; j < q->ntags; j++)
			buf_printf(&tags, "%s%s", j > 0 ? " " : "", q->tags[j]);
		r->tags = ui_clean(ui, buf_str(&tags));
		buf_release(&tags);
		r->author = ui_clean(ui, q->author.username);
		r->age = ui_clean(ui, ui_ago(q->created_at, age, sizeof(age)));
		questions_widen(qv, Q_COL_TAGS, r->tags);
		questions_widen(qv, Q_COL_AUTHOR, r->author);
	}
	*next = page.has_more && page.next_cursor != NULL ?
	    xstrdup(page.next_cursor) : NULL;
	question_page_release(&page);
	return 0;
}

static size_t
questions_count(void *ctx)
{
	return ((struct questions_view *)ctx)->n;
}

static const char *
questions_text(void *ctx, size_t row)
{
	return ((struct questions_view *)ctx)->rows[row].title;
}

static int64_t
questions_id(void *ctx, size_t row)
{
	return ((struct questions_view *)ctx)->rows[row].id;
}

static void
questions_layout(void *ctx, int w)
{
	struct questions_view *qv = ctx;
	static const struct ui_column proto[Q_COL_COUNT] = {
		[Q_COL_SCORE] = { "Score", 5, 5, 0, 0, 1, 0, 0 },
		[Q_COL_ANSWERS] = { "Answers", 7, 7, 0, 0, 1, 0, 0 },
		[Q_COL_TITLE] = { "Question", 0, 20, 1, 0, 0, 0, 0 },
		[Q_COL_TAGS] = { "Tags", 12, 6, 0, 3, 0, 0, 0 },
		[Q_COL_AUTHOR] = { "Asked by", 8, 8, 0, 2, 0, 0, 0 },
		[Q_COL_AGE] = { "Age", 10, 5, 0, 1, 1, 0, 0 },
	};
	int want;

	memcpy(qv->cols, proto, sizeof(proto));
	want = qv->width[Q_COL_TAGS] < 24 ? qv->width[Q_COL_TAGS] : 24;
	if (want > qv->cols[Q_COL_TAGS].want)
		qv->cols[Q_COL_TAGS].want = want;
	want = qv->width[Q_COL_AUTHOR] < 14 ? qv->width[Q_COL_AUTHOR] : 14;
	if (want > qv->cols[Q_COL_AUTHOR].want)
		qv->cols[Q_COL_AUTHOR].want = want;
	if (qv->cols[Q_COL_TITLE].min < w * 2 / 5)
		qv->cols[Q_COL_TITLE].min = w * 2 / 5;
	ui_columns_layout(qv->cols, Q_COL_COUNT, w - 2, 2);
}

static void
questions_header(void *ctx, int y, int x, int w)
{
	struct questions_view *qv = ctx;
	struct ui *ui = qv->view.ui;
	const struct ui_column *t = &qv->cols[Q_COL_TITLE];
	char what[128], *safe;
	int sw;

	ui_fill(ui, y, x, 1, THEME_HEADER);
	ui_columns_header(ui, qv->cols, Q_COL_COUNT, y, x + 1, w - 1);
	snprintf(what, sizeof(what), "%s%s%s", qv->tag != NULL ? "tag " : "",
	    qv->tag != NULL ? qv->tag : "", qv->tag != NULL ? ", " : "");
	snprintf(what + strlen(what), sizeof(what) - strlen(what), "%s ",
	    qv->sort == QUESTIONS_VOTES ? "by votes" :
	    qv->sort == QUESTIONS_UNANSWERED ? "unanswered" : "newest");
	safe = ui_clean(ui, what);
	sw = text_width(safe);
	if (sw + 10 < t->w)
		ui_put_right(ui, y, x + 1 + t->x + t->w - sw, sw, safe,
		    THEME_HEADER);
	free(safe);
}

static void
questions_row(void *ctx, size_t i, int y, int x, int w, int selected)
{
	struct questions_view *qv = ctx;
	struct ui *ui = qv->view.ui;
	const struct question_row *r = &qv->rows[i];
	const struct ui_column *c = qv->cols;

	ui_fill(ui, y, x, w, selected ? THEME_SELECTED : THEME_NORMAL);
	ui_column_put(ui, &c[Q_COL_SCORE], y, x + 1, r->score,
	    selected ? THEME_SELECTED : THEME_SCORE);
	ui_column_put(ui, &c[Q_COL_ANSWERS], y, x + 1, r->answers,
	    selected ? THEME_SELECTED : r->accepted ? THEME_ACCEPTED :
	    THEME_DIM);
	ui_column_put(ui, &c[Q_COL_TITLE], y, x + 1, r->title,
	    selected ? THEME_SELECTED : THEME_TITLE);
	ui_column_put(ui, &c[Q_COL_TAGS], y, x + 1, r->tags,
	    selected ? THEME_SELECTED : THEME_DIM);
	ui_column_put(ui, &c[Q_COL_AUTHOR], y, x + 1, r->author,
	    selected ? THEME_SELECTED : THEME_AUTHOR);
	ui_column_put(ui, &c[Q_COL_AGE], y, x + 1, r->age,
	    selected ? THEME_SELECTED : THEME_DIM);
}

static const struct pager_ops questions_ops = {
	questions_take, questions_reset, questions_count, questions_text,
	questions_id, questions_layout, questions_header, questions_row,
};

/* Shows the questions for the current sort and tag. */
static void
questions_open_list(struct questions_view *qv)
{
	char *path, *tag = NULL;

	if (qv->tag != NULL)
		tag = ui_url_escape(qv->tag);
	path = xasprintf("/api/v1/questions?sort=%s%s%s",
	    questions_sort_names[qv->sort], tag != NULL ? "&tag=" : "",
	    tag != NULL ? tag : "");
	pager_open(&qv->pager, path);
	free(path);
	free(tag);
}

static void
questions_draw(struct view *v, int y, int x, int h, int w)
{
	pager_draw(&((struct questions_view *)v)->pager, y, x, h, w);
}

static void
questions_open(struct questions_view *qv)
{
	size_t row;

	if (pager_selected(&qv->pager, &row) < 0)
		return;
	ui_push(qv->view.ui, question_view_new(qv->view.ui,
	    qv->rows[row].id, qv->rows[row].title));
}

/* A question was asked: show it, and the list with it. */
static void
questions_sent(struct view *origin, json_t *created)
{
	struct questions_view *qv = (struct questions_view *)origin;
	struct ui *ui = origin->ui;
	struct question q;
	struct gerr err;
	char *title;

	memset(&q, 0, sizeof(q));
	gerr_clear(&err);
	if (created != NULL && question_from_json(created, &q, &err) == 0) {
		/* The list shows it, selected, once it is loaded again. */
		qv->pager.select_id = q.id;
		title = ui_clean(ui, q.title);
		ui_push(ui, question_view_new(ui, q.id, title));
		free(title);
	}
	question_release(&q);
	pager_reload(&qv->pager);
	qv->pager.reloading = 0;
}

/* c: a new question, tagged with the tag shown if any. */
static void
questions_compose(struct questions_view *qv)
{
	struct draft d;

	memset(&d, 0, sizeof(d));
	d.kind = DRAFT_QUESTION;
	if (qv->tag != NULL) {
		d.tags = xcalloc(1, sizeof(*d.tags));
		d.tags[0] = xstrdup(qv->tag);
		d.ntags = 1;
	}
	compose_start(qv->view.ui, &qv->view, questions_sent, &d, NULL,
	    "question");
}

/* A key at the tag prompt; 1 when it was used. */
static int
questions_tag_key(struct questions_view *qv, int key)
{
	struct ui *ui = qv->view.ui;
	char *t;

	switch (ui_input_key(&qv->tag_input, key)) {
	case UI_INPUT_EDIT:
		return 1;
	case UI_INPUT_DONE:
		qv->tagging = 0;
		FREE(&qv->tag);
		/* Blanks around are not part of a tag. */
		t = qv->tag_input.text;
		t += strspn(t, " ");
		t[strcspn(t, " ")] = '\0';
		if (t[0] != '\0')
			qv->tag = xstrdup(t);
		questions_open_list(qv);
		if (qv->tag != NULL)
			ui_message(ui, UI_MSG_INFO, "Questions tagged %s", t);
		else
			ui_message(ui, UI_MSG_INFO, "All questions");
		return 1;
	case UI_INPUT_ABORT:
		qv->tagging = 0;
		return 1;
	case UI_INPUT_PASS:
		break;
	}
	return 1;
}

/*
 * The list of questions: the keys it gives a meaning of its own,
 * for the help overlay.
 */
static const struct view_key_help questions_keys[] = {
	{ ACT_SORT, NULL, "Sort: newest, by votes, unanswered only" },
	{ ACT_TAG, NULL, "Show the questions with a tag" },
	{ ACT_COMPOSE, NULL, "Ask a question" },
	{ ACT_CANCEL, NULL, "Clear the filter, then the tag" },
	{ ACT_NONE, NULL, NULL }
};

static int
questions_key(struct view *v, enum action a, int key)
{
	struct questions_view *qv = (struct questions_view *)v;

	if (qv->tagging)
		return questions_tag_key(qv, key);
	if (pager_key(&qv->pager, a, key))
		return 1;
	switch (a) {
	case ACT_OPEN:
		questions_open(qv);
		return 1;
	case ACT_SORT:
		qv->sort = (enum questions_sort)((qv->sort + 1) %
		    QUESTIONS_SORTS);
		questions_open_list(qv);
		ui_message(v->ui, UI_MSG_INFO, "Questions: %s",
		    qv->sort == QUESTIONS_VOTES ? "by votes" :
		    qv->sort == QUESTIONS_UNANSWERED ? "unanswered only" :
		    "newest first");
		return 1;
	case ACT_TAG:
		qv->tagging = 1;
		ui_input_clear(&qv->tag_input);
		if (qv->tag != NULL) {
			snprintf(qv->tag_input.text, sizeof(qv->tag_input.text),
			    "%s", qv->tag);
			qv->tag_input.len = strlen(qv->tag_input.text);
		}
		ui_message(v->ui, UI_MSG_NONE, NULL);
		return 1;
	case ACT_COMPOSE:
		questions_compose(qv);
		return 1;
	case ACT_CANCEL:
		/* With no filter to clear, Esc drops the tag. */
		if (qv->tag == NULL || ui_fetch_pane_busy(v->ui, v->pane))
			return 0;
		FREE(&qv->tag);
		questions_open_list(qv);
		ui_message(v->ui, UI_MSG_INFO, "All questions");
		return 1;
	default:
		return 0;
	}
}

static int
questions_mouse(struct view *v, int y, int x, mmask_t bstate)
{
	struct questions_view *qv = (struct questions_view *)v;
	int hit = pager_click(&qv->pager, y, x);

	(void)bstate;
	if (hit == 2)
		questions_open(qv);
	return hit > 0;
}

static int
questions_status(struct view *v, char *buf, size_t bufsz, int *editing)
{
	struct questions_view *qv = (struct questions_view *)v;
	const char *sep = v->ui->g->sep;
	char k[3][32];

	if (qv->tagging) {
		*editing = 1;
		snprintf(buf, bufsz, "tag (empty for all): %s",
		    qv->tag_input.text);
		return 1;
	}
	if (pager_status(&qv->pager, buf, bufsz, editing))
		return 1;
	snprintf(buf, bufsz, "%s ask%s%s sort%s%s tag",
	    ui_key_hint(ACT_COMPOSE, k[0], sizeof(k[0])), sep,
	    ui_key_hint(ACT_SORT, k[1], sizeof(k[1])), sep,
	    ui_key_hint(ACT_TAG, k[2], sizeof(k[2])));
	return 1;
}

static void
questions_free(struct view *v)
{
	struct questions_view *qv = (struct questions_view *)v;

	pager_release(&qv->pager);
	questions_reset(qv);
	free(qv->rows);
	free(qv->tag);
	free(qv);
}

struct view *
questions_view_new(struct ui *ui)
{
	struct questions_view *qv = xcalloc(1, sizeof(*qv));

	qv->view.name = "questions";
	qv->view.ui = ui;
	qv->view.pane = (int)ui->cur;
	qv->view.draw = questions_draw;
	qv->view.key = questions_key;
	qv->view.keys_help = questions_keys;
	qv->view.mouse = questions_mouse;
	qv->view.status = questions_status;
	qv->view.free = questions_free;
	view_set_title(&qv->view, "Q&A");
	pager_init(&qv->pager, &qv->view, &questions_ops, qv, "questions",
	    QUESTIONS_PAGE);
	qv->pager.empty = "No questions here: c asks one.";
	qv->pager.what_load = "Loading questions";
	qv->pager.what_refresh = "Refreshing questions";
	qv->pager.what_all = "Loading all questions";
	questions_open_list(qv);
	return &qv->view;
}

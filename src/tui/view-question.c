/*
 * A question with its answers, the accepted one first, then by score:
 * each rendered from Markdown with its score, its author and your vote.
 * ] and [ move between posts; + and - vote the selected post up or down
 * (the same key again takes the vote back, as does 0); a answers in the
 * editor; A accepts the selected answer, or takes the acceptance back,
 * for the member who asked, and says so to everyone else. Every change
 * shows what the server answered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/buf.h"
#include "guild/drafts.h"
#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

/* The widest text of a post, in columns. */
#define QUESTION_TEXT_MAX	100

/* The question itself or one of its answers; strings as noted. */
struct question_post {
	int64_t	 id;
	char	*author;	/* "Ada Okafor (ada)", sanitized */
	char	*username;	/* sanitized */
	char	*body;		/* raw Markdown: the renderer sanitizes */
	char	*created;	/* RFC 3339, as sent */
	int64_t	 score;
	int	 my_vote;
	int	 accepted;
	int	 edited;
};

struct question_view {
	struct view		 view;
	int64_t			 id;
	char			*title;		/* sanitized */
	char			*tags;		/* "c, gcc", sanitized */
	int64_t			 views;
	int64_t			 accepted_id;
	struct question_post	 q;		/* post 0 */
	struct question_post	*answers;	/* posts 1..n */
	size_t			 n;
	int			 loaded;
	int			 reloading;
	char			*error;		/* sanitized, or NULL */
	int64_t			 select_id;	/* select it once it shows */
	struct ui_fetch		 fetch;
	struct ui_fetch		 fetch_act;	/* a vote or an acceptance */
	int64_t			 act_id;	/* the post voted on */
	int			 act_question;	/* ... is the question */
	struct post_list	 pl;
	struct ui_input		 search;
	int			 searching;
};

static void
qpost_release(struct question_post *p)
{
	FREE(&p->author);
	FREE(&p->username);
	FREE(&p->body);
	FREE(&p->created);
}

static struct question_post *
question_post(struct question_view *qv, size_t i)
{
	return i == 0 ? &qv->q : &qv->answers[i - 1];
}

/* The post with id (the question when question is set), or NULL. */
static struct question_post *
question_find(struct question_view *qv, int64_t id, int question,
    size_t *index)
{
	size_t i;

	if (question) {
		*index = 0;
		return qv->q.id == id ? &qv->q : NULL;
	}
	for (i = 0; i < qv->n; i++) {
		if (qv->answers[i].id == id) {
			*index = i + 1;
			return &qv->answers[i];
		}
	}
	return NULL;
}

/* Replaces what is shown with a question (with its answers). */
static void
question_take(struct question_view *qv, const struct question *q)
{
	struct ui *ui = qv->view.ui;
	struct buf tags = BUF_INIT;
	int64_t keep = qv->select_id;
	size_t i;

	if (keep == 0 && qv->pl.cur > 0 && qv->pl.cur <= qv->n)
		keep = qv->answers[qv->pl.cur - 1].id;
	qpost_release(&qv->q);
	for (i = 0; i < qv->n; i++)
		qpost_release(&qv->answers[i]);
	FREE(&qv->answers);
	FREE(&qv->title);
	FREE(&qv->tags);
	qv->title = ui_clean(ui, q->title);
	view_set_title(&qv->view, qv->title);
	for (i = 0; i < q->ntags; i++)
		buf_printf(&tags, "%s%s", i > 0 ? ", " : "", q->tags[i]);
	qv->tags = ui_clean(ui, buf_str(&tags));
	buf_release(&tags);
	qv->views = q->views;
	qv->accepted_id = q->accepted_answer_id;
	qv->q.id = q->id;
	qv->q.author = ui_author(ui, &q->author);
	qv->q.username = ui_clean(ui, q->author.username);
	qv->q.body = xstrdup(q->body != NULL ? q->body : "");
	qv->q.created = xstrdup(q->created_at != NULL ? q->created_at : "");
	qv->q.score = q->score;
	qv->q.my_vote = q->my_vote;
	qv->q.edited = q->edited_at != NULL;
	qv->answers = xcalloc(q->nanswers + 1, sizeof(*qv->answers));
	for (i = 0; i < q->nanswers; i++) {
		const struct answer *a = &q->answers[i];
		struct question_post *p = &qv->answers[i];

		p->id = a->id;
		p->author = ui_author(ui, &a->author);
		p->username = ui_clean(ui, a->author.username);
		p->body = xstrdup(a->body != NULL ? a->body : "");
		p->created = xstrdup(a->created_at != NULL ? a->created_at :
		    "");
		p->score = a->score;
		p->my_vote = a->my_vote;
		p->accepted = a->accepted;
		p->edited = a->edited_at != NULL;
	}
	qv->n = q->nanswers;
	qv->loaded = 1;
	FREE(&qv->error);
	post_list_dirty_all(&qv->pl);
	post_list_set_count(&qv->pl, qv->n + 1);
	/* The selection stays on its answer, wherever the order put it. */
	if (keep != 0) {
		size_t at;

		if (question_find(qv, keep, 0, &at) != NULL) {
			qv->pl.cur = at;
			if (qv->select_id != 0)
				post_list_select(&qv->pl, at);
		}
		qv->select_id = 0;
	}
}

/* Reads a question body (GET, PATCH, accept). 0 or -1 with err. */
static int
question_read(struct question_view *qv, json_t *body, struct gerr *err)
{
	struct question q;
	int rc;

	memset(&q, 0, sizeof(q));
	rc = question_from_json(body, &q, err);
	if (rc == 0)
		question_take(qv, &q);
	question_release(&q);
	return rc;
}

static char *
question_path(const struct question_view *qv, char *out, size_t outsz)
{
	snprintf(out, outsz, "/api/v1/questions/%lld", (long long)qv->id);
	return out;
}

static void
question_done(void *arg, json_t *body, const struct gerr *err,
    unsigned flags)
{
	struct question_view *qv = arg;
	struct ui *ui = qv->view.ui;
	struct gerr perr;
	int reloading = qv->reloading;

	qv->reloading = 0;
	if (body == NULL) {
		FREE(&qv->error);
		qv->error = ui_clean(ui, err->msg);
		post_list_dirty(&qv->pl, 0);
		ui_error(ui, "cannot load the question", err);
		return;
	}
	if ((flags & API_NOT_MODIFIED) && qv->loaded)
		return;
	gerr_clear(&perr);
	if (question_read(qv, body, &perr) < 0) {
		FREE(&qv->error);
		qv->error = ui_clean(ui, perr.msg);
		post_list_dirty(&qv->pl, 0);
		ui_error(ui, "cannot read the question", &perr);
		return;
	}
	if (reloading)
		ui_message(ui, UI_MSG_INFO, "Reloaded");
}

/* ---- Building the lines of a post ---------------------------------- */

/* "score 3 (your vote +1) · author · age · edited" into the line. */
static void
add_score(struct question_view *qv, struct ui_line *l,
    const struct question_post *p)
{
	const char *sep = qv->view.ui->g->sep;
	char s[48];

	snprintf(s, sizeof(s), "score %lld", (long long)p->score);
	ui_line_add(l, THEME_SCORE, s);
	if (p->my_vote != 0)
		ui_line_add(l, THEME_POINTS, p->my_vote > 0 ?
		    " (your vote +1)" : " (your vote -1)");
	ui_line_add(l, THEME_DIM, sep);
	ui_line_add(l, THEME_AUTHOR, p->author);
	ui_ago(p->created, s, sizeof(s));
	if (s[0] != '\0') {
		ui_line_add(l, THEME_DIM, sep);
		ui_line_add(l, THEME_DIM, s);
	}
	if (p->edited) {
		ui_line_add(l, THEME_DIM, sep);
		ui_line_add(l, THEME_DIM, "edited");
	}
}

static void
add_body(struct ui *ui, struct ui_lines *ls, const char *body, int tw)
{
	unsigned opts = MD_OPT_CLIP | (ui->ascii ? MD_OPT_ASCII : 0);
	struct md_doc doc;

	if (md_render(body, strlen(body), tw, opts, &doc) == 0) {
		ui_lines_markdown(ls, &doc, 2);
		md_doc_release(&doc);
	} else {
		char *t = ui_clean_text(ui, body);

		ui_lines_wrap(ls, t, tw, 2, THEME_NORMAL);
		free(t);
	}
}

/* The question: title, its line of facts, tags, body, answer count. */
static void
build_question(struct question_view *qv, struct ui_lines *ls, int tw)
{
	struct ui *ui = qv->view.ui;
	const char *me = ui_me(ui);
	struct ui_line *l;
	char line[700];

	ui_lines_add(ls);
	ui_lines_wrap(ls, qv->title != NULL ? qv->title : "", tw, 2,
	    THEME_TITLE);
	if (!qv->loaded) {
		ui_lines_add(ls);
		if (qv->error != NULL)
			snprintf(line, sizeof(line), "Could not load this "
			    "question: %s (press r to retry)", qv->error);
		else
			snprintf(line, sizeof(line), "%s",
			    qv->fetch.canceled ? "Canceled; press r to load "
			    "this question." : "Loading...");
		ui_lines_wrap(ls, line, tw, 2, qv->error != NULL ?
		    THEME_ERROR : THEME_DIM);
		return;
	}
	l = ui_lines_add(ls);
	ui_line_add(l, THEME_NORMAL, "  ");
	add_score(qv, l, &qv->q);
	snprintf(line, sizeof(line), "%s%lld view%s%squestion #%lld",
	    ui->g->sep, (long long)qv->views, qv->views == 1 ? "" : "s",
	    ui->g->sep, (long long)qv->id);
	ui_line_add(l, THEME_DIM, line);
	if (qv->tags[0] != '\0') {
		l = ui_lines_add(ls);
		ui_line_add(l, THEME_DIM, "  Tags: ");
		ui_line_add(l, THEME_NORMAL, qv->tags);
	}
	ui_lines_add(ls);
	add_body(ui, ls, qv->q.body, tw);
	ui_lines_add(ls);
	if (qv->n == 0)
		snprintf(line, sizeof(line), "No answers yet.");
	else
		snprintf(line, sizeof(line), "%zu answer%s%s", qv->n,
		    qv->n == 1 ? "" : "s", qv->accepted_id != 0 ?
		    (me != NULL && strcmp(me, qv->q.username) == 0 ?
		    ", one accepted by you" : ", one accepted") :
		    (me != NULL && strcmp(me, qv->q.username) == 0 ?
		    ": you asked, so A accepts the selected one" : ""));
	ui_lines_wrap(ls, line, tw, 2, THEME_HEADING);
	ui_lines_add(ls);
}

/* Builds the lines of post i for width w (a post_build_fn). */
static void
question_build(void *ctx, size_t i, int w, struct ui_lines *ls)
{
	struct question_view *qv = ctx;
	const struct question_post *p;
	struct ui_line *l;
	int tw = w - 4;

	/* Long lines are hard to read: text stops at a comfortable width. */
	if (tw > QUESTION_TEXT_MAX)
		tw = QUESTION_TEXT_MAX;
	if (tw < 4)
		tw = 4;
	if (i == 0) {
		build_question(qv, ls, tw);
		return;
	}
	p = question_post(qv, i);
	l = ui_lines_add(ls);
	ui_line_add(l, THEME_NORMAL, "  ");
	if (p->accepted) {
		ui_line_add(l, THEME_ACCEPTED, qv->view.ui->ascii ?
		    "[accepted]" : "\xe2\x9c\x93 accepted");
		ui_line_add(l, THEME_DIM, qv->view.ui->g->sep);
	}
	add_score(qv, l, p);
	ui_lines_add(ls);
	add_body(qv->view.ui, ls, p->body, tw);
	ui_lines_add(ls);
}

static void
question_draw(struct view *v, int y, int x, int h, int w)
{
	struct question_view *qv = (struct question_view *)v;
	const char *match = qv->search.len > 0 ? qv->search.text : NULL;

	if (h <= 0 || w <= 0)
		return;
	post_list_draw(v->ui, &qv->pl, y, x, h, w, match);
}

/* ---- Votes and acceptance ------------------------------------------ */

/* The answer to a vote: {"vote", "score"} for the post voted on. */
static void
question_vote_done(struct question_view *qv, json_t *body)
{
	struct ui *ui = qv->view.ui;
	struct question_post *p;
	struct vote_state st;
	struct gerr perr;
	size_t i = 0;

	gerr_clear(&perr);
	if (vote_state_from_json(body, &st, &perr) < 0) {
		ui_error(ui, "cannot read the answer to the vote", &perr);
		return;
	}
	p = question_find(qv, qv->act_id, qv->act_question, &i);
	if (p != NULL) {
		p->score = st.score;
		p->my_vote = st.vote;
		post_list_dirty(&qv->pl, i);
	}
	ui_message(ui, UI_MSG_INFO, "%s: score %lld", st.vote > 0 ?
	    "Voted up" : st.vote < 0 ? "Voted down" : "Vote taken back",
	    (long long)st.score);
}

/* The answer to a vote or an acceptance. */
static void
question_act_done(void *arg, json_t *body, const struct gerr *err,
    unsigned flags)
{
	struct question_view *qv = arg;
	struct ui *ui = qv->view.ui;
	struct gerr perr;

	(void)flags;
	if (body == NULL) {
		ui_error(ui, qv->act_id == 0 ? "cannot accept it" :
		    "cannot vote", err);
		return;
	}
	if (qv->act_id != 0) {
		question_vote_done(qv, body);
		return;
	}
	/* An acceptance answers with the whole question. */
	gerr_clear(&perr);
	if (question_read(qv, body, &perr) < 0) {
		ui_error(ui, "cannot read the question", &perr);
		return;
	}
	/* Accepting earns the asker points; unaccepting takes them back. */
	ui->points_gen++;
	if (qv->accepted_id != 0) {
		size_t at;
		const struct question_post *a = question_find(qv,
		    qv->accepted_id, 0, &at);

		ui_message(ui, UI_MSG_INFO, "Accepted the answer by %s",
		    a != NULL ? a->username : "?");
	} else {
		ui_message(ui, UI_MSG_INFO, "No answer is accepted now");
	}
}

/* 1 when the member may act now; says why not otherwise. */
static int
question_can_act(struct question_view *qv, const char *doing)
{
	struct ui *ui = qv->view.ui;

	if (ui->client->token == NULL) {
		ui_message(ui, UI_MSG_ERROR, "Not logged in: run guild login "
		    "to %s", doing);
		return 0;
	}
	if (!qv->loaded)
		return 0;
	if (ui_fetch_busy(&qv->fetch_act)) {
		ui_message(ui, UI_MSG_INFO, "Still waiting for the server");
		return 0;
	}
	return 1;
}

/*
 * Votes the selected post: value 1 or -1, or 0 to take the vote back.
 * The same vote again takes it back.
 */
static void
question_vote(struct question_view *qv, int value)
{
	struct ui *ui = qv->view.ui;
	struct question_post *p = question_post(qv, qv->pl.cur);
	const char *me = ui_me(ui);
	char path[96];
	json_t *body = NULL;

	if (!question_can_act(qv, "vote"))
		return;
	if (me != NULL && strcmp(me, p->username) == 0) {
		ui_message(ui, UI_MSG_INFO, "That is your own %s: others vote "
		    "on it", qv->pl.cur == 0 ? "question" : "answer");
		return;
	}
	if (value != 0 && p->my_vote == value)
		value = 0;
	if (value == 0 && p->my_vote == 0) {
		ui_message(ui, UI_MSG_INFO, "You have not voted on it");
		return;
	}
	qv->act_question = qv->pl.cur == 0;
	qv->act_id = p->id;
	snprintf(path, sizeof(path), "/api/v1/%s/%lld/vote",
	    qv->act_question ? "questions" : "answers", (long long)p->id);
	if (value != 0) {
		body = json_pack("{s:i}", "value", value);
		ui_fetch_call(&qv->fetch_act, "PUT", path, body, "Voting");
	} else {
		ui_fetch_call(&qv->fetch_act, "DELETE", path, NULL,
		    "Taking the vote back");
	}
	json_decref(body);
}

/* A: accepts the selected answer (or takes it back), for the asker. */
static void
question_accept(struct question_view *qv)
{
	struct ui *ui = qv->view.ui;
	const char *me = ui_me(ui);
	const struct question_post *p;
	char path[96];
	json_t *body;

	if (!question_can_act(qv, "accept an answer"))
		return;
	if (me == NULL || strcmp(me, qv->q.username) != 0) {
		ui_message(ui, UI_MSG_INFO, "Only %s, who asked, can accept an "
		    "answer", qv->q.username);
		return;
	}
	if (qv->pl.cur == 0) {
		ui_message(ui, UI_MSG_INFO, "Select an answer (] moves to the "
		    "next) and press A to accept it");
		return;
	}
	p = question_post(qv, qv->pl.cur);
	qv->act_id = 0;
	qv->select_id = p->id;
	question_path(qv, path, sizeof(path));
	snprintf(path + strlen(path), sizeof(path) - strlen(path),
	    "/accepted-answer");
	if (p->accepted) {
		ui_fetch_call(&qv->fetch_act, "DELETE", path, NULL,
		    "Taking the acceptance back");
		return;
	}
	body = json_pack("{s:I}", "answer_id", (json_int_t)p->id);
	ui_fetch_call(&qv->fetch_act, "PUT", path, body, "Accepting");
	json_decref(body);
}

/* An answer was posted: load the question again and select it. */
static void
question_sent(struct view *origin, json_t *created)
{
	struct question_view *qv = (struct question_view *)origin;
	struct answer a;
	struct gerr err;
	char path[64];

	memset(&a, 0, sizeof(a));
	gerr_clear(&err);
	if (created != NULL && answer_from_json(created, &a, &err) == 0)
		qv->select_id = a.id;
	answer_release(&a);
	ui_fetch_get(&qv->fetch, question_path(qv, path, sizeof(path)),
	    "Loading the question");
}

/* a: an answer, written in the editor. */
static void
question_answer(struct question_view *qv)
{
	struct draft d;

	if (qv->view.ui->client->token == NULL) {
		ui_message(qv->view.ui, UI_MSG_ERROR, "Not logged in: run "
		    "guild login to answer");
		return;
	}
	memset(&d, 0, sizeof(d));
	d.kind = DRAFT_ANSWER;
	d.target = qv->id;
	compose_start(qv->view.ui, &qv->view, question_sent, &d, NULL,
	    "answer");
}

/* 1 when post i has text in it. */
static int
question_matches(struct question_view *qv, size_t i, const char *text)
{
	const struct question_post *p = question_post(qv, i);

	if (i == 0 && qv->title != NULL && ui_contains(qv->title, text))
		return 1;
	return (p->author != NULL && ui_contains(p->author, text)) ||
	    (p->body != NULL && ui_contains(p->body, text));
}

/* Selects the next (dir 1) or previous (-1) post with the search text. */
static int
question_jump(struct question_view *qv, int dir, int from_here)
{
	size_t n = qv->pl.n, i = qv->pl.cur, k;

	if (qv->search.len == 0 || n == 0)
		return 0;
	for (k = from_here ? 0 : 1; k <= n; k++) {
		size_t j = dir > 0 ? (i + k) % n : (i + n - k % n) % n;

		if (question_matches(qv, j, qv->search.text)) {
			post_list_select(&qv->pl, j);
			return 1;
		}
	}
	return 0;
}

static int
question_search_key(struct question_view *qv, int key)
{
	switch (ui_input_key(&qv->search, key)) {
	case UI_INPUT_EDIT:
		question_jump(qv, 1, 1);
		return 1;
	case UI_INPUT_DONE:
		qv->searching = 0;
		if (qv->search.len > 0 && !question_jump(qv, 1, 1))
			ui_message(qv->view.ui, UI_MSG_INFO, "No post has '%s'",
			    qv->search.text);
		return 1;
	case UI_INPUT_ABORT:
		qv->searching = 0;
		ui_input_clear(&qv->search);
		return 1;
	case UI_INPUT_PASS:
		break;
	}
	return 0;
}

/* L: the links of the selected post. */
static void
question_links(struct question_view *qv)
{
	struct ui *ui = qv->view.ui;
	const struct question_post *p = question_post(qv, qv->pl.cur);
	struct md_doc doc;

	if (p->body == NULL || md_render(p->body, strlen(p->body), 80,
	    MD_OPT_NOLINKS, &doc) < 0) {
		ui_message(ui, UI_MSG_INFO, "This post has no links");
		return;
	}
	if (doc.nlinks > 0)
		ui_push(ui, links_view_new(ui, doc.links, doc.nlinks));
	else
		ui_message(ui, UI_MSG_INFO, "This post has no links");
	md_doc_release(&doc);
}

/*
 * A question and its answers: the keys it gives a meaning of its own,
 * for the help overlay.
 */
static const struct view_key_help question_keys[] = {
	{ ACT_NEXT_POST, NULL, "Next answer" },
	{ ACT_PREV_POST, NULL, "Previous answer, then the question" },
	{ ACT_LIKE, NULL, "Vote the post up (again: take it back)" },
	{ ACT_VOTE_DOWN, NULL, "Vote it down (again: take it back)" },
	{ ACT_UNVOTE, NULL, "Take my vote back" },
	{ ACT_ACCEPT, NULL, "Accept the selected answer (if I asked)" },
	{ ACT_ANSWER, NULL, "Answer the question in my editor" },
	{ ACT_REPLY, NULL, "Answer the question in my editor" },
	{ ACT_NONE, NULL, NULL }
};

static int
question_key(struct view *v, enum action a, int key)
{
	struct question_view *qv = (struct question_view *)v;
	struct ui *ui = v->ui;
	char path[64];

	if (qv->searching && question_search_key(qv, key))
		return 1;
	if (post_list_key(&qv->pl, a))
		return 1;
	switch (a) {
	case ACT_NEXT_POST:
		if (qv->pl.cur + 1 < qv->pl.n)
			post_list_select(&qv->pl, qv->pl.cur + 1);
		else
			ui_message(ui, UI_MSG_INFO, "This is the last answer");
		return 1;
	case ACT_PREV_POST:
		if (qv->pl.cur > 0)
			post_list_select(&qv->pl, qv->pl.cur - 1);
		return 1;
	case ACT_LIKE:
		question_vote(qv, 1);
		return 1;
	case ACT_VOTE_DOWN:
		question_vote(qv, -1);
		return 1;
	case ACT_UNVOTE:
		question_vote(qv, 0);
		return 1;
	case ACT_ACCEPT:
		question_accept(qv);
		return 1;
	case ACT_ANSWER:
	case ACT_REPLY:
		question_answer(qv);
		return 1;
	case ACT_RELOAD:
		qv->reloading = 1;
		ui_fetch_get(&qv->fetch, question_path(qv, path, sizeof(path)),
		    "Loading the question");
		return 1;
	case ACT_LINKS:
		question_links(qv);
		return 1;
	case ACT_FILTER:
		qv->searching = 1;
		ui_input_clear(&qv->search);
		ui_message(ui, UI_MSG_NONE, NULL);
		return 1;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		if (qv->search.len == 0)
			ui_message(ui, UI_MSG_INFO, "No search: press / to "
			    "search the question and its answers");
		else if (!question_jump(qv, a == ACT_SEARCH_NEXT ? 1 : -1, 0))
			ui_message(ui, UI_MSG_INFO, "No post has '%s'",
			    qv->search.text);
		return 1;
	case ACT_OPEN:
		return 1;
	case ACT_CANCEL:
		if (qv->search.len == 0 || ui_fetch_pane_busy(ui, v->pane))
			return 0;
		ui_input_clear(&qv->search);
		return 1;
	default:
		return 0;
	}
}

static int
question_mouse(struct view *v, int y, int x, mmask_t bstate)
{
	struct question_view *qv = (struct question_view *)v;
	size_t item;

	(void)x;
	(void)bstate;
	if (post_list_hit(&qv->pl, y, &item) < 0)
		return 0;
	qv->pl.cur = item;
	return 1;
}

static int
question_status(struct view *v, char *buf, size_t bufsz, int *editing)
{
	struct question_view *qv = (struct question_view *)v;
	const char *sep = v->ui->g->sep, *me = ui_me(v->ui);
	char k[5][32], where[64];
	int asker;

	*editing = 0;
	if (qv->searching) {
		*editing = 1;
		snprintf(buf, bufsz, "/%s", qv->search.text);
		return 1;
	}
	if (qv->search.len > 0) {
		snprintf(buf, bufsz, "/%s (n and N jump)", qv->search.text);
		return 1;
	}
	if (!qv->loaded)
		return 0;
	asker = me != NULL && qv->q.username != NULL &&
	    strcmp(me, qv->q.username) == 0;
	if (qv->pl.cur == 0)
		snprintf(where, sizeof(where), "question");
	else
		snprintf(where, sizeof(where), "answer %zu of %zu", qv->pl.cur,
		    qv->n);
	snprintf(buf, bufsz, "%s%s%s %s vote%s%s answer%s%s next", where,
	    sep, ui_key_hint(ACT_LIKE, k[0], sizeof(k[0])),
	    ui_key_hint(ACT_VOTE_DOWN, k[1], sizeof(k[1])), sep,
	    ui_key_hint(ACT_ANSWER, k[2], sizeof(k[2])), sep,
	    ui_key_hint(ACT_NEXT_POST, k[3], sizeof(k[3])));
	if (asker)
		snprintf(buf + strlen(buf), bufsz - strlen(buf), "%s%s accept "
		    "(you asked)", sep, ui_key_hint(ACT_ACCEPT, k[4],
		    sizeof(k[4])));
	return 1;
}

static void
question_free(struct view *v)
{
	struct question_view *qv = (struct question_view *)v;
	size_t i;

	qpost_release(&qv->q);
	for (i = 0; i < qv->n; i++)
		qpost_release(&qv->answers[i]);
	free(qv->answers);
	free(qv->title);
	free(qv->tags);
	free(qv->error);
	post_list_release(&qv->pl);
	free(qv);
}

struct view *
question_view_new(struct ui *ui, int64_t id, const char *title)
{
	struct question_view *qv = xcalloc(1, sizeof(*qv));
	char path[64];
	struct gerr err;
	json_t *cached;

	qv->view.name = "question";
	qv->view.ui = ui;
	qv->view.pane = (int)ui->cur;
	qv->view.draw = question_draw;
	qv->view.key = question_key;
	qv->view.keys_help = question_keys;
	qv->view.mouse = question_mouse;
	qv->view.status = question_status;
	qv->view.free = question_free;
	qv->id = id;
	qv->title = xstrdup(title != NULL ? title : "");
	qv->tags = xstrdup("");
	view_set_title(&qv->view, qv->title);
	post_list_init(&qv->pl, question_build, qv);
	post_list_set_count(&qv->pl, 1);
	ui_fetch_init(&qv->fetch, ui, &qv->view, question_done, qv);
	ui_fetch_init(&qv->fetch_act, ui, &qv->view, question_act_done, qv);
	question_path(qv, path, sizeof(path));
	cached = api_cached(ui->client, path);
	if (cached != NULL) {
		gerr_clear(&err);
		question_read(qv, cached, &err);
		json_decref(cached);
	}
	ui_fetch_get(&qv->fetch, path, "Loading the question");
	return &qv->view;
}

/*
 * A discussion thread: its body and its replies rendered from Markdown,
 * each reply with author, age and likes, a reply to a reply opening
 * with an indented quote of its parent. Replies arrive a page at a time
 * as the reading nears the end of those loaded, and only the replies on
 * screen are laid out (struct post_list), so a thread of thousands of
 * replies scrolls like a short one. ] and [ move between posts, u jumps
 * to the first reply not read before (read marks), + likes or unlikes
 * the selected post, R replies to it in the editor and i with one line
 * typed in place; / searches the loaded posts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/buf.h"
#include "guild/drafts.h"
#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

/* Replies per page (the most the server gives). */
#define THREAD_PAGE		100
/* Fetch more replies when this few loaded posts are left below. */
#define THREAD_MORE_POSTS	20
/* Lines of a parent reply quoted above a reply to it. */
#define THREAD_QUOTE_LINES	2
/* The widest text of a post, in columns. */
#define THREAD_TEXT_MAX		100

/* The thread itself or one of its replies; strings as noted. */
struct thread_post {
	int64_t	 id;
	int64_t	 reply_to;
	char	*author;	/* "李静 (lijing)", sanitized */
	char	*username;	/* sanitized */
	char	*body;		/* raw Markdown: the renderer sanitizes */
	char	*created;	/* RFC 3339, as sent */
	int64_t	 likes;
	int	 liked;
	int	 deleted;
	int	 edited;
};

enum thread_fetch {
	THREAD_FETCH_NONE = 0,
	THREAD_FETCH_FIRST,
	THREAD_FETCH_MORE
};

struct thread_view {
	struct view		 view;
	int64_t			 id;
	/* The thread (post 0 of the list). */
	char			*title;		/* sanitized */
	int			 loaded;
	char			*error;		/* sanitized, or NULL */
	int			 pinned;
	int			 locked;
	int64_t			 reply_count;
	struct thread_post	 head;
	int			 reloading;
	/* The replies loaded so far, oldest first (posts 1..n). */
	struct thread_post	*replies;
	size_t			 n;
	size_t			 cap;
	char			*next_cursor;	/* raw, for URLs */
	int			 has_more;
	int			 replies_loaded;
	int			 more_failed;
	enum thread_fetch	 kind;
	int			 to_end;	/* G: follow the pages */
	int			 seek_unread;	/* u: page to the first unread */
	int64_t			 select_id;	/* select it once it is loaded */
	struct ui_fetch		 fetch_thread;
	struct ui_fetch		 fetch_replies;
	struct ui_fetch		 fetch_like;
	int64_t			 like_id;	/* the post being liked */
	int			 like_head;	/* ... is the thread */
	struct post_list	 pl;
	/* Read marks: the newest reply read before, and shown now. */
	char			*server;	/* raw, the key of the marks */
	int64_t			 read_before;
	int64_t			 read_max;
	/* Search among the loaded posts. */
	struct ui_input		 search;
	int			 searching;
	/* The one-line reply. */
	struct ui_edit		 edit;
	int			 editing;
	int64_t			 edit_to;	/* the reply it answers, or 0 */
	char			*edit_what;	/* "reply to ada" */
};

static void
post_release(struct thread_post *p)
{
	FREE(&p->author);
	FREE(&p->username);
	FREE(&p->body);
	FREE(&p->created);
}

/* Fills p from a reply, sanitizing what is shown as it is. */
static void
post_from_reply(struct ui *ui, struct thread_post *p, const struct reply *r)
{
	memset(p, 0, sizeof(*p));
	p->id = r->id;
	p->reply_to = r->reply_to;
	p->author = ui_author(ui, &r->author);
	p->username = ui_clean(ui, r->author.username);
	p->body = xstrdup(r->body != NULL ? r->body : "");
	p->created = xstrdup(r->created_at != NULL ? r->created_at : "");
	p->likes = r->like_count;
	p->liked = r->liked;
	p->deleted = r->deleted;
	p->edited = r->edited_at != NULL;
}

/* Post i of the list: 0 the thread, then the replies. */
static struct thread_post *
thread_post(struct thread_view *tv, size_t i)
{
	return i == 0 ? &tv->head : &tv->replies[i - 1];
}

/* The index of reply id among those loaded, or 0 when it is not. */
static size_t
thread_find(const struct thread_view *tv, int64_t id)
{
	size_t lo = 0, hi = tv->n, i;

	/* Replies come oldest first, so their ids ascend. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (tv->replies[mid].id == id)
			return mid + 1;
		if (tv->replies[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = 0; i < tv->n; i++) {
		if (tv->replies[i].id == id)
			return i + 1;
	}
	return 0;
}

/* The paths of the thread and of its first page of replies. */
static char *
thread_path(const struct thread_view *tv, char *out, size_t outsz)
{
	snprintf(out, outsz, "/api/v1/threads/%lld", (long long)tv->id);
	return out;
}

static char *
thread_replies_path(const struct thread_view *tv, int more)
{
	char *cursor, *path;

	if (!more)
		return xasprintf("/api/v1/threads/%lld/replies?limit=%d",
		    (long long)tv->id, THREAD_PAGE);
	cursor = ui_url_escape(tv->next_cursor != NULL ? tv->next_cursor :
	    "");
	path = xasprintf("/api/v1/threads/%lld/replies?limit=%d&cursor=%s",
	    (long long)tv->id, THREAD_PAGE, cursor);
	free(cursor);
	return path;
}

/* ---- The data ------------------------------------------------------- */

/* Takes the thread from a GET /threads/ID body. 0 or -1 with err. */
static int
thread_take(struct thread_view *tv, json_t *body, struct gerr *err)
{
	struct ui *ui = tv->view.ui;
	struct thread t;

	memset(&t, 0, sizeof(t));
	if (thread_from_json(body, &t, err) < 0) {
		thread_release(&t);
		return -1;
	}
	post_release(&tv->head);
	tv->head.id = t.id;
	tv->head.author = ui_author(ui, &t.author);
	tv->head.username = ui_clean(ui, t.author.username);
	tv->head.body = xstrdup(t.body != NULL ? t.body : "");
	tv->head.created = xstrdup(t.created_at != NULL ? t.created_at : "");
	tv->head.likes = t.like_count;
	tv->head.liked = t.liked;
	tv->head.edited = t.edited_at != NULL;
	FREE(&tv->title);
	tv->title = ui_clean(ui, t.title);
	view_set_title(&tv->view, tv->title);
	tv->pinned = t.pinned;
	tv->locked = t.locked;
	tv->reply_count = t.reply_count;
	tv->loaded = 1;
	FREE(&tv->error);
	thread_release(&t);
	post_list_dirty(&tv->pl, 0);
	return 0;
}

static void
thread_done(void *arg, json_t *body, const struct gerr *err, unsigned flags)
{
	struct thread_view *tv = arg;
	struct ui *ui = tv->view.ui;
	struct gerr perr;

	if (body == NULL) {
		FREE(&tv->error);
		tv->error = ui_clean(ui, err->msg);
		post_list_dirty(&tv->pl, 0);
		ui_error(ui, "cannot load the thread", err);
		return;
	}
	if ((flags & API_NOT_MODIFIED) && tv->loaded)
		return;
	gerr_clear(&perr);
	if (thread_take(tv, body, &perr) < 0) {
		FREE(&tv->error);
		tv->error = ui_clean(ui, perr.msg);
		post_list_dirty(&tv->pl, 0);
		ui_error(ui, "cannot read the thread", &perr);
	}
}

/* Starts fetching the first page of replies, or the next one. */
static void
thread_request(struct thread_view *tv, int more)
{
	char *path = thread_replies_path(tv, more);

	tv->kind = more ? THREAD_FETCH_MORE : THREAD_FETCH_FIRST;
	ui_fetch_get(&tv->fetch_replies, path, more ? (tv->to_end ?
	    "Loading all replies" : "Loading more replies") :
	    "Loading replies");
	free(path);
}

/* Selects post i, shown at the top as far as the end allows. */
static void
thread_select(struct thread_view *tv, size_t i)
{
	post_list_select(&tv->pl, i);
}

/* 1 when reply p came after the last visit (and is not one's own). */
static int
thread_unread(const struct thread_view *tv, const struct thread_post *p)
{
	const char *me = ui_me(tv->view.ui);

	return p->id > tv->read_before && !p->deleted &&
	    (me == NULL || p->username == NULL || strcmp(me, p->username) != 0);
}

/* The first reply not read before this visit, or 0. */
static size_t
thread_first_unread(const struct thread_view *tv)
{
	size_t i;

	for (i = 0; i < tv->n; i++) {
		if (thread_unread(tv, &tv->replies[i]))
			return i + 1;
	}
	return 0;
}

/* Goes on with what was waiting for more replies: u, G, a new reply. */
static void
thread_after_page(struct thread_view *tv)
{
	struct ui *ui = tv->view.ui;
	size_t i;

	if (tv->select_id != 0) {
		i = thread_find(tv, tv->select_id);
		if (i > 0 || !tv->has_more) {
			tv->select_id = 0;
			tv->to_end = 0;
			if (i > 0)
				thread_select(tv, i);
		}
	}
	if (tv->seek_unread) {
		i = thread_first_unread(tv);
		if (i > 0) {
			tv->seek_unread = 0;
			thread_select(tv, i);
			ui_message(ui, UI_MSG_NONE, NULL);
		} else if (!tv->has_more) {
			tv->seek_unread = 0;
			ui_message(ui, UI_MSG_INFO, "No unread replies: you "
			    "have read them all");
		}
	}
	if (tv->to_end && !tv->has_more) {
		tv->to_end = 0;
		post_list_key(&tv->pl, ACT_BOTTOM);
	} else if (tv->to_end) {
		post_list_key(&tv->pl, ACT_BOTTOM);
	}
	if (tv->has_more && !tv->more_failed && (tv->to_end ||
	    tv->seek_unread || tv->select_id != 0))
		thread_request(tv, 1);
}

/*
 * Reads a page of replies: a first page replaces those loaded (keeping
 * the selection on its post), a later one is appended. 0 or -1 with err.
 */
static int
thread_take_replies(struct thread_view *tv, json_t *body, int replace,
    struct gerr *err)
{
	struct ui *ui = tv->view.ui;
	struct reply_page page;
	int64_t keep = 0;
	size_t i;

	memset(&page, 0, sizeof(page));
	if (reply_page_from_json(body, &page, err) < 0) {
		reply_page_release(&page);
		return -1;
	}
	if (replace) {
		if (tv->pl.cur > 0)
			keep = thread_post(tv, tv->pl.cur)->id;
		for (i = 0; i < tv->n; i++)
			post_release(&tv->replies[i]);
		tv->n = 0;
		post_list_dirty_all(&tv->pl);
	}
	if (tv->n + page.n > tv->cap) {
		tv->cap = (tv->n + page.n) * 2 + 16;
		tv->replies = xrealloc(tv->replies,
		    tv->cap * sizeof(*tv->replies));
	}
	for (i = 0; i < page.n; i++)
		post_from_reply(ui, &tv->replies[tv->n++], &page.items[i]);
	FREE(&tv->next_cursor);
	if (page.has_more && page.next_cursor != NULL)
		tv->next_cursor = xstrdup(page.next_cursor);
	tv->has_more = tv->next_cursor != NULL;
	reply_page_release(&page);
	tv->replies_loaded = 1;
	post_list_set_count(&tv->pl, tv->n + 1);
	/* The head's reply count line may change with what is loaded. */
	post_list_dirty(&tv->pl, 0);
	if (replace && keep != 0) {
		i = thread_find(tv, keep);
		if (i > 0)
			tv->pl.cur = i;
		else
			tv->select_id = keep;
	}
	return 0;
}

static void
thread_replies_done(void *arg, json_t *body, const struct gerr *err,
    unsigned flags)
{
	struct thread_view *tv = arg;
	struct ui *ui = tv->view.ui;
	enum thread_fetch kind = tv->kind;
	struct gerr perr;

	tv->kind = THREAD_FETCH_NONE;
	if (body == NULL) {
		tv->to_end = 0;
		tv->seek_unread = 0;
		tv->reloading = 0;
		if (kind == THREAD_FETCH_MORE)
			tv->more_failed = 1;
		post_list_dirty(&tv->pl, 0);
		ui_error(ui, "cannot load the replies", err);
		return;
	}
	gerr_clear(&perr);
	if (!(kind == THREAD_FETCH_FIRST && (flags & API_NOT_MODIFIED) &&
	    tv->replies_loaded) &&
	    thread_take_replies(tv, body, kind == THREAD_FETCH_FIRST,
	    &perr) < 0) {
		tv->more_failed = 1;
		tv->to_end = 0;
		tv->seek_unread = 0;
		tv->reloading = 0;
		ui_error(ui, "cannot read the replies", &perr);
		return;
	}
	if (kind == THREAD_FETCH_FIRST) {
		tv->more_failed = 0;
		if (tv->reloading)
			ui_message(ui, UI_MSG_INFO, "Reloaded: %zu repl%s%s",
			    tv->n, tv->n == 1 ? "y" : "ies",
			    tv->has_more ? " so far" : "");
		tv->reloading = 0;
	}
	thread_after_page(tv);
}

/* Starts the next page when the reading nears the end of those loaded. */
static void
thread_maybe_more(struct thread_view *tv)
{
	if (!tv->replies_loaded || !tv->has_more || tv->more_failed ||
	    ui_fetch_busy(&tv->fetch_replies))
		return;
	if (tv->fetch_replies.canceled) {
		tv->to_end = 0;
		tv->seek_unread = 0;
		return;
	}
	if (tv->to_end || tv->seek_unread || tv->select_id != 0 ||
	    tv->pl.bottom + THREAD_MORE_POSTS >= tv->pl.n)
		thread_request(tv, 1);
}

/* ---- Building the lines of a post ---------------------------------- */

/* "3 likes", "1 like" into out. */
static char *
likes_text(int64_t n, char *out, size_t outsz)
{
	snprintf(out, outsz, "%lld like%s", (long long)n, n == 1 ? "" : "s");
	return out;
}

/* The header of a post: author · age · likes · edited · new. */
static void
add_post_header(struct thread_view *tv, struct ui_lines *ls,
    const struct thread_post *p, int is_reply)
{
	struct ui *ui = tv->view.ui;
	struct ui_line *l = ui_lines_add(ls);
	const char *sep = ui->g->sep;
	char age[32], likes[48];

	ui_line_add(l, THEME_NORMAL, "  ");
	ui_line_add(l, THEME_AUTHOR, p->deleted ? "[deleted]" : p->author);
	ui_ago(p->created, age, sizeof(age));
	if (age[0] != '\0') {
		ui_line_add(l, THEME_DIM, sep);
		ui_line_add(l, THEME_DIM, age);
	}
	if (!p->deleted) {
		ui_line_add(l, THEME_DIM, sep);
		ui_line_add(l, THEME_DIM, likes_text(p->likes, likes,
		    sizeof(likes)));
	}
	if (p->liked) {
		ui_line_add(l, THEME_DIM, sep);
		ui_line_add(l, THEME_POINTS, "liked");
	}
	if (p->edited && !p->deleted) {
		ui_line_add(l, THEME_DIM, sep);
		ui_line_add(l, THEME_DIM, "edited");
	}
	if (is_reply && thread_unread(tv, p) && tv->read_before > 0) {
		ui_line_add(l, THEME_DIM, sep);
		ui_line_add(l, THEME_UNREAD, "new");
	}
}

/* A Markdown body rendered for tw columns after a margin of 2. */
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

/*
 * The quote of a reply's parent: its author and the start of its text
 * as plain words, behind a bar, at most THREAD_QUOTE_LINES lines.
 */
static void
add_quote(struct thread_view *tv, struct ui_lines *ls,
    const struct thread_post *p, int tw)
{
	struct ui *ui = tv->view.ui;
	size_t pi = thread_find(tv, p->reply_to), i;
	const struct thread_post *parent = pi > 0 ? thread_post(tv, pi) : NULL;
	struct text_lines tl = { NULL, 0, 0 };
	struct buf text = BUF_INIT;
	char bar[16];
	int qw = tw - 4;

	if (qw < 8)
		return;
	snprintf(bar, sizeof(bar), "  %s ", ui->ascii ? "|" : "\xe2\x94\x82");
	if (parent == NULL) {
		buf_printf(&text, "In answer to reply #%lld",
		    (long long)p->reply_to);
	} else if (parent->deleted) {
		buf_adds(&text, "In answer to a deleted reply");
	} else {
		struct md_doc doc;
		unsigned opts = MD_OPT_NOLINKS | MD_OPT_CLIP |
		    (ui->ascii ? MD_OPT_ASCII : 0);

		buf_printf(&text, "%s: ", parent->username);
		if (md_render(parent->body, strlen(parent->body), qw, opts,
		    &doc) == 0) {
			for (i = 0; i < doc.n && text.len < 2000; i++) {
				const char *t = doc.lines[i].text +
				    doc.lines[i].indent;

				if (*t != '\0')
					buf_printf(&text, "%s ", t);
			}
			md_doc_release(&doc);
		}
	}
	if (text_wrap(buf_str(&text), qw, &tl) == 0) {
		for (i = 0; i < tl.n && i < THREAD_QUOTE_LINES; i++) {
			struct ui_line *l = ui_lines_add(ls);
			char *fit = NULL;

			ui_line_add(l, THEME_QUOTE, bar);
			if (i + 1 == THREAD_QUOTE_LINES && tl.n > i + 1) {
				char *more = xasprintf("%s %s", tl.lines[i],
				    ui->ascii ? "~" : "\xe2\x80\xa6");

				fit = text_fit(more, qw, 0, ui->ascii);
				free(more);
			}
			ui_line_add(l, THEME_DIM, fit != NULL ? fit :
			    tl.lines[i]);
			free(fit);
		}
	}
	text_lines_release(&tl);
	buf_release(&text);
}

/* The thread: title, marks, author line, body, the reply count. */
static void
build_head(struct thread_view *tv, struct ui_lines *ls, int tw)
{
	struct ui *ui = tv->view.ui;
	struct ui_line *l;
	char line[700];

	ui_lines_add(ls);
	if (tv->pinned || tv->locked) {
		l = ui_lines_add(ls);
		ui_line_add(l, THEME_NORMAL, "  ");
		if (tv->pinned)
			ui_line_add(l, THEME_PINNED, ui->ascii ? "[pinned] " :
			    "\xf0\x9f\x93\x8c pinned  ");
		if (tv->locked) {
			ui_line_add(l, THEME_DIM, ui->g->lock);
			ui_line_add(l, THEME_DIM, " locked: no new replies");
		}
	}
	ui_lines_wrap(ls, tv->title != NULL ? tv->title : "", tw, 2,
	    THEME_TITLE);
	if (!tv->loaded) {
		ui_lines_add(ls);
		if (tv->error != NULL)
			snprintf(line, sizeof(line), "Could not load this "
			    "thread: %s (press r to retry)", tv->error);
		else
			snprintf(line, sizeof(line), "%s",
			    tv->fetch_thread.canceled ? "Canceled; press r to "
			    "load this thread." : "Loading...");
		ui_lines_wrap(ls, line, tw, 2, tv->error != NULL ?
		    THEME_ERROR : THEME_DIM);
		ui_lines_add(ls);
		return;
	}
	add_post_header(tv, ls, &tv->head, 0);
	ui_lines_add(ls);
	add_body(ui, ls, tv->head.body, tw);
	ui_lines_add(ls);
	if (tv->reply_count == 0 && tv->n == 0)
		snprintf(line, sizeof(line), "No replies yet.");
	else
		snprintf(line, sizeof(line), "%lld repl%s%sthread #%lld",
		    (long long)tv->reply_count, tv->reply_count == 1 ? "y" :
		    "ies", ui->g->sep, (long long)tv->id);
	ui_lines_wrap(ls, line, tw, 2, THEME_HEADING);
	ui_lines_add(ls);
}

/* Builds the lines of post i for width w (a post_build_fn). */
static void
thread_build(void *ctx, size_t i, int w, struct ui_lines *ls)
{
	struct thread_view *tv = ctx;
	const struct thread_post *p;
	int tw = w - 4;

	/* Long lines are hard to read: text stops at a comfortable width. */
	if (tw > THREAD_TEXT_MAX)
		tw = THREAD_TEXT_MAX;
	if (tw < 4)
		tw = 4;
	if (i == 0) {
		build_head(tv, ls, tw);
		return;
	}
	p = thread_post(tv, i);
	add_post_header(tv, ls, p, 1);
	if (p->reply_to != 0)
		add_quote(tv, ls, p, tw);
	if (p->deleted)
		ui_lines_wrap(ls, "This reply was deleted.", tw, 2, THEME_DIM);
	else
		add_body(tv->view.ui, ls, p->body, tw);
	ui_lines_add(ls);
}

/* ---- Drawing --------------------------------------------------------- */

/* The line under the last post: what is still coming. */
static void
thread_draw_footer(struct thread_view *tv, int y, int x, int w)
{
	const char *s = NULL;

	if (!tv->replies_loaded && ui_fetch_busy(&tv->fetch_replies))
		s = "  Loading replies...";
	else if (tv->more_failed)
		s = "  Could not load more replies (r reloads the thread)";
	else if (tv->has_more)
		s = "  Loading more replies...";
	if (s != NULL)
		ui_put(tv->view.ui, y, x, w, s, THEME_DIM);
}

static void
thread_draw(struct view *v, int y, int x, int h, int w)
{
	struct thread_view *tv = (struct thread_view *)v;
	const char *match = tv->search.len > 0 ? tv->search.text : NULL;
	char prompt[300];
	int bh = tv->editing ? h - 1 : h, rows;

	if (bh <= 0 || w <= 0)
		return;
	rows = post_list_draw(v->ui, &tv->pl, y, x, bh, w, match);
	if (rows < bh && post_list_at_end(&tv->pl))
		thread_draw_footer(tv, y + rows, x, w);
	/* What came on screen is read. */
	if (tv->pl.last_head != SIZE_MAX && tv->pl.last_head > 0) {
		int64_t id = thread_post(tv, tv->pl.last_head)->id;

		if (id > tv->read_max)
			tv->read_max = id;
	}
	thread_maybe_more(tv);
	if (tv->editing) {
		snprintf(prompt, sizeof(prompt), " %s: ", tv->edit_what);
		ui_edit_draw(v->ui, &tv->edit, y + h - 1, x, w, prompt);
	}
}

/* ---- Actions ----------------------------------------------------------- */

/* The answer to a like or unlike. */
static void
thread_like_done(void *arg, json_t *body, const struct gerr *err,
    unsigned flags)
{
	struct thread_view *tv = arg;
	struct ui *ui = tv->view.ui;
	struct like_state st;
	struct gerr perr;
	struct thread_post *p = NULL;
	size_t i = 0;
	char likes[48];

	(void)flags;
	if (body == NULL) {
		ui_error(ui, "cannot like it", err);
		return;
	}
	gerr_clear(&perr);
	if (like_state_from_json(body, &st, &perr) < 0) {
		ui_error(ui, "cannot read the answer to the like", &perr);
		return;
	}
	if (tv->like_head) {
		p = &tv->head;
	} else {
		i = thread_find(tv, tv->like_id);
		if (i > 0)
			p = thread_post(tv, i);
	}
	if (p != NULL) {
		p->liked = st.liked;
		p->likes = st.like_count;
		post_list_dirty(&tv->pl, i);
	}
	ui_message(ui, UI_MSG_INFO, "%s: %s", st.liked ? "Liked" : "Unliked",
	    likes_text(st.like_count, likes, sizeof(likes)));
}

/* + : likes the selected post, or takes the like back. */
static void
thread_like(struct thread_view *tv)
{
	struct ui *ui = tv->view.ui;
	struct thread_post *p = thread_post(tv, tv->pl.cur);
	const char *me = ui_me(ui);
	char path[96];

	if (ui->client->token == NULL) {
		ui_message(ui, UI_MSG_ERROR, "Not logged in: run guild login "
		    "to like posts");
		return;
	}
	if (tv->pl.cur == 0 && !tv->loaded)
		return;
	if (p->deleted) {
		ui_message(ui, UI_MSG_INFO, "This reply was deleted");
		return;
	}
	if (me != NULL && p->username != NULL && strcmp(me, p->username) == 0) {
		ui_message(ui, UI_MSG_INFO, "That is your own post: you cannot "
		    "like it");
		return;
	}
	if (ui_fetch_busy(&tv->fetch_like)) {
		ui_message(ui, UI_MSG_INFO, "Still sending the last like");
		return;
	}
	tv->like_head = tv->pl.cur == 0;
	tv->like_id = p->id;
	if (tv->like_head)
		snprintf(path, sizeof(path), "/api/v1/threads/%lld/like",
		    (long long)tv->id);
	else
		snprintf(path, sizeof(path), "/api/v1/replies/%lld/like",
		    (long long)p->id);
	ui_fetch_call(&tv->fetch_like, p->liked ? "DELETE" : "PUT", path,
	    NULL, p->liked ? "Unliking" : "Liking");
}

/* A reply was posted: show it, selected. */
static void
thread_sent(struct view *origin, json_t *created)
{
	struct thread_view *tv = (struct thread_view *)origin;
	struct ui *ui = origin->ui;
	struct reply r;
	struct gerr err;

	memset(&r, 0, sizeof(r));
	gerr_clear(&err);
	if (created == NULL || reply_from_json(created, &r, &err) < 0) {
		reply_release(&r);
		return;
	}
	tv->reply_count++;
	post_list_dirty(&tv->pl, 0);
	if (tv->replies_loaded && !tv->has_more) {
		if (thread_find(tv, r.id) == 0) {
			if (tv->n == tv->cap) {
				tv->cap = tv->cap * 2 + 16;
				tv->replies = xrealloc(tv->replies,
				    tv->cap * sizeof(*tv->replies));
			}
			post_from_reply(ui, &tv->replies[tv->n++], &r);
			post_list_set_count(&tv->pl, tv->n + 1);
		}
		thread_select(tv, thread_find(tv, r.id));
	} else {
		/* The end is not loaded yet: go there, then to it. */
		tv->select_id = r.id;
		tv->to_end = 1;
		tv->more_failed = 0;
		thread_maybe_more(tv);
	}
	reply_release(&r);
}

/* The draft of a reply to the selected post; what names it. */
static void
thread_draft(struct thread_view *tv, struct draft *d, const char **quote,
    char *what, size_t whatsz)
{
	const struct thread_post *p = thread_post(tv, tv->pl.cur);

	memset(d, 0, sizeof(*d));
	d->kind = DRAFT_REPLY;
	d->target = tv->id;
	*quote = NULL;
	if (tv->pl.cur > 0 && !p->deleted) {
		d->reply_to = p->id;
		*quote = p->body;
		snprintf(what, whatsz, "reply to %s", p->username);
	} else {
		snprintf(what, whatsz, "reply to the thread");
	}
}

/* 1 when replies can be written here; says why not otherwise. */
static int
thread_can_reply(struct thread_view *tv)
{
	struct ui *ui = tv->view.ui;

	if (ui->client->token == NULL) {
		ui_message(ui, UI_MSG_ERROR, "Not logged in: run guild login "
		    "to reply");
		return 0;
	}
	if (tv->locked) {
		ui_message(ui, UI_MSG_INFO, "This thread is locked: it takes no "
		    "new replies");
		return 0;
	}
	return 1;
}

/* R: a reply to the selected post, written in the editor. */
static void
thread_reply(struct thread_view *tv)
{
	struct draft d;
	const char *quote;
	char what[200];

	if (!thread_can_reply(tv))
		return;
	thread_draft(tv, &d, &quote, what, sizeof(what));
	compose_start(tv->view.ui, &tv->view, thread_sent, &d, quote, what);
}

/* i: the one-line reply. */
static void
thread_quick_reply(struct thread_view *tv)
{
	const struct thread_post *p = thread_post(tv, tv->pl.cur);

	if (!thread_can_reply(tv))
		return;
	ui_edit_clear(&tv->edit);
	tv->editing = 1;
	tv->edit_to = tv->pl.cur > 0 && !p->deleted ? p->id : 0;
	free(tv->edit_what);
	tv->edit_what = tv->edit_to != 0 ? xasprintf("Reply to %s",
	    p->username) : xstrdup("Reply to the thread");
	ui_message(tv->view.ui, UI_MSG_NONE, NULL);
}

/* The one-line reply as a draft; what names it. */
static void
thread_edit_draft(struct thread_view *tv, struct draft *d, char *what,
    size_t whatsz)
{
	size_t i = tv->edit_to != 0 ? thread_find(tv, tv->edit_to) : 0;

	memset(d, 0, sizeof(*d));
	d->kind = DRAFT_REPLY;
	d->target = tv->id;
	d->reply_to = tv->edit_to;
	d->body = xstrdup(tv->edit.text);
	if (i > 0)
		snprintf(what, whatsz, "reply to %s",
		    thread_post(tv, i)->username);
	else
		snprintf(what, whatsz, "reply");
}

/* A key while the one-line reply is typed: every key is the editor's. */
static int
thread_edit_key(struct thread_view *tv, int key)
{
	struct ui *ui = tv->view.ui;
	struct draft d;
	char what[200];
	const char *p;
	int blank = 1;

	for (p = tv->edit.text; *p != '\0'; p++)
		blank &= *p == ' ';
	switch (ui_edit_key(&tv->edit, key)) {
	case UI_INPUT_DONE:
		if (blank) {
			ui_message(ui, UI_MSG_INFO, "Nothing typed: nothing "
			    "sent (Esc closes the reply)");
			return 1;
		}
		tv->editing = 0;
		thread_edit_draft(tv, &d, what, sizeof(what));
		compose_send_now(ui, &tv->view, thread_sent, &d, what);
		return 1;
	case UI_INPUT_ABORT:
		tv->editing = 0;
		if (blank)
			return 1;
		thread_edit_draft(tv, &d, what, sizeof(what));
		compose_keep(ui, &d, what);
		return 1;
	case UI_INPUT_EDIT:
	case UI_INPUT_PASS:
		break;
	}
	return 1;
}

/* 1 when post i has text in it. */
static int
thread_matches(struct thread_view *tv, size_t i, const char *text)
{
	const struct thread_post *p = thread_post(tv, i);

	if (i == 0 && tv->title != NULL && ui_contains(tv->title, text))
		return 1;
	return (p->author != NULL && ui_contains(p->author, text)) ||
	    (p->body != NULL && !p->deleted && ui_contains(p->body, text));
}

/* Selects the next (dir 1) or previous (-1) post with the search text. */
static int
thread_jump(struct thread_view *tv, int dir, int from_here)
{
	size_t n = tv->pl.n, i = tv->pl.cur, k;

	if (tv->search.len == 0 || n == 0)
		return 0;
	for (k = from_here ? 0 : 1; k <= n; k++) {
		size_t j = dir > 0 ? (i + k) % n : (i + n - k % n) % n;

		if (thread_matches(tv, j, tv->search.text)) {
			thread_select(tv, j);
			return 1;
		}
	}
	return 0;
}

/* A key at the search prompt; 1 when it was used. */
static int
thread_search_key(struct thread_view *tv, int key)
{
	switch (ui_input_key(&tv->search, key)) {
	case UI_INPUT_EDIT:
		thread_jump(tv, 1, 1);
		return 1;
	case UI_INPUT_DONE:
		tv->searching = 0;
		if (tv->search.len > 0 && !thread_jump(tv, 1, 1))
			ui_message(tv->view.ui, UI_MSG_INFO, "No loaded post "
			    "has '%s'", tv->search.text);
		return 1;
	case UI_INPUT_ABORT:
		tv->searching = 0;
		ui_input_clear(&tv->search);
		return 1;
	case UI_INPUT_PASS:
		break;
	}
	return 0;
}

/* u: the first reply not read before this visit, loading up to it. */
static void
thread_goto_unread(struct thread_view *tv)
{
	size_t i = thread_first_unread(tv);

	if (i > 0) {
		thread_select(tv, i);
		return;
	}
	if (tv->has_more) {
		tv->seek_unread = 1;
		tv->more_failed = 0;
		tv->fetch_replies.canceled = 0;
		thread_maybe_more(tv);
		ui_message(tv->view.ui, UI_MSG_INFO, "Looking for the first "
		    "unread reply...");
		return;
	}
	ui_message(tv->view.ui, UI_MSG_INFO, tv->replies_loaded ?
	    "No unread replies: you have read them all" :
	    "Still loading the replies");
}

/* L: the links of the selected post. */
static void
thread_links(struct thread_view *tv)
{
	struct ui *ui = tv->view.ui;
	const struct thread_post *p = thread_post(tv, tv->pl.cur);
	struct md_doc doc;

	if (p->body == NULL || p->deleted || md_render(p->body,
	    strlen(p->body), 80, MD_OPT_NOLINKS, &doc) < 0) {
		ui_message(ui, UI_MSG_INFO, "This post has no links");
		return;
	}
	if (doc.nlinks > 0)
		ui_push(ui, links_view_new(ui, doc.links, doc.nlinks));
	else
		ui_message(ui, UI_MSG_INFO, "This post has no links");
	md_doc_release(&doc);
}

/* r: the thread and its first page of replies again. */
static void
thread_reload(struct thread_view *tv)
{
	char path[64], *rpath;

	tv->reloading = 1;
	tv->to_end = 0;
	tv->seek_unread = 0;
	ui_fetch_get(&tv->fetch_thread, thread_path(tv, path, sizeof(path)),
	    "Loading the thread");
	rpath = thread_replies_path(tv, 0);
	tv->kind = THREAD_FETCH_FIRST;
	ui_fetch_get(&tv->fetch_replies, rpath, "Loading replies");
	free(rpath);
}

/* A thread: the keys it gives a meaning of its own, for the help. */
static const struct view_key_help thread_keys[] = {
	{ ACT_NEXT_POST, NULL, "Next reply" },
	{ ACT_PREV_POST, NULL, "Previous reply" },
	{ ACT_FIRST_UNREAD, NULL, "The first reply I have not read" },
	{ ACT_LIKE, NULL, "Like or unlike the selected post" },
	{ ACT_REPLY, NULL, "Reply to the selected post in my editor" },
	{ ACT_QUICK_REPLY, NULL, "Reply with one line typed here" },
	{ ACT_NONE, NULL, NULL }
};

static int
thread_key(struct view *v, enum action a, int key)
{
	struct thread_view *tv = (struct thread_view *)v;
	struct ui *ui = v->ui;

	if (tv->editing)
		return thread_edit_key(tv, key);
	if (tv->searching && thread_search_key(tv, key))
		return 1;
	if (post_list_key(&tv->pl, a)) {
		tv->fetch_replies.canceled = 0;
		if (a == ACT_BOTTOM && tv->has_more) {
			tv->to_end = 1;
			tv->more_failed = 0;
		}
		thread_maybe_more(tv);
		return 1;
	}
	switch (a) {
	case ACT_NEXT_POST:
		if (tv->pl.cur + 1 < tv->pl.n)
			thread_select(tv, tv->pl.cur + 1);
		else if (tv->has_more)
			ui_message(ui, UI_MSG_INFO, "Loading more replies...");
		else
			ui_message(ui, UI_MSG_INFO, "This is the last reply");
		thread_maybe_more(tv);
		return 1;
	case ACT_PREV_POST:
		if (tv->pl.cur > 0)
			thread_select(tv, tv->pl.cur - 1);
		return 1;
	case ACT_FIRST_UNREAD:
		thread_goto_unread(tv);
		return 1;
	case ACT_LIKE:
		thread_like(tv);
		return 1;
	case ACT_REPLY:
		thread_reply(tv);
		return 1;
	case ACT_QUICK_REPLY:
		thread_quick_reply(tv);
		return 1;
	case ACT_RELOAD:
		thread_reload(tv);
		return 1;
	case ACT_LINKS:
		thread_links(tv);
		return 1;
	case ACT_FILTER:
		tv->searching = 1;
		ui_input_clear(&tv->search);
		ui_message(ui, UI_MSG_NONE, NULL);
		return 1;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		if (tv->search.len == 0)
			ui_message(ui, UI_MSG_INFO, "No search: press / to "
			    "search the posts loaded");
		else if (!thread_jump(tv, a == ACT_SEARCH_NEXT ? 1 : -1, 0))
			ui_message(ui, UI_MSG_INFO, "No loaded post has '%s'",
			    tv->search.text);
		return 1;
	case ACT_OPEN:
		return 1;
	case ACT_CANCEL:
		/* Loading is canceled by the UI; else Esc ends a search. */
		if (tv->search.len == 0 || ui_fetch_pane_busy(ui, v->pane))
			return 0;
		ui_input_clear(&tv->search);
		return 1;
	default:
		return 0;
	}
}

static int
thread_mouse(struct view *v, int y, int x, mmask_t bstate)
{
	struct thread_view *tv = (struct thread_view *)v;
	size_t item;

	(void)x;
	(void)bstate;
	if (tv->editing || post_list_hit(&tv->pl, y, &item) < 0)
		return 0;
	tv->pl.cur = item;
	return 1;
}

static int
thread_status(struct view *v, char *buf, size_t bufsz, int *editing)
{
	struct thread_view *tv = (struct thread_view *)v;
	const char *sep = v->ui->g->sep;
	char k[4][32], where[64];

	*editing = 0;
	if (tv->editing) {
		snprintf(buf, bufsz, "Enter sends%sEsc keeps it as a draft",
		    sep);
		return 1;
	}
	if (tv->searching) {
		*editing = 1;
		snprintf(buf, bufsz, "/%s", tv->search.text);
		return 1;
	}
	if (tv->search.len > 0) {
		snprintf(buf, bufsz, "/%s (n and N jump)", tv->search.text);
		return 1;
	}
	if (tv->pl.cur == 0)
		snprintf(where, sizeof(where), "thread");
	else
		snprintf(where, sizeof(where), "reply %zu/%zu%s", tv->pl.cur,
		    tv->n, tv->has_more ? "+" : "");
	snprintf(buf, bufsz, "%s%s%s reply%s%s quick reply%s%s like%s%s "
	    "unread", where, sep, ui_key_hint(ACT_REPLY, k[0], sizeof(k[0])),
	    sep, ui_key_hint(ACT_QUICK_REPLY, k[1], sizeof(k[1])), sep,
	    ui_key_hint(ACT_LIKE, k[2], sizeof(k[2])), sep,
	    ui_key_hint(ACT_FIRST_UNREAD, k[3], sizeof(k[3])));
	return 1;
}

static void
thread_free(struct view *v)
{
	struct thread_view *tv = (struct thread_view *)v;
	size_t i;

	if (tv->read_max > tv->read_before && tv->server != NULL)
		readmark_set(tv->server, tv->id, tv->read_max);
	post_release(&tv->head);
	for (i = 0; i < tv->n; i++)
		post_release(&tv->replies[i]);
	free(tv->replies);
	free(tv->next_cursor);
	free(tv->title);
	free(tv->error);
	free(tv->server);
	free(tv->edit_what);
	post_list_release(&tv->pl);
	free(tv);
}

struct view *
thread_view_new(struct ui *ui, int64_t id, const char *title)
{
	struct thread_view *tv = xcalloc(1, sizeof(*tv));
	char path[64], *rpath;
	struct gerr err;
	json_t *cached;

	tv->view.name = "thread";
	tv->view.ui = ui;
	tv->view.pane = (int)ui->cur;
	tv->view.draw = thread_draw;
	tv->view.key = thread_key;
	tv->view.keys_help = thread_keys;
	tv->view.mouse = thread_mouse;
	tv->view.status = thread_status;
	tv->view.free = thread_free;
	tv->id = id;
	tv->title = xstrdup(title != NULL ? title : "");
	view_set_title(&tv->view, tv->title);
	tv->server = xstrdup(ui->client->server);
	tv->read_before = readmark_get(tv->server, id);
	tv->read_max = tv->read_before;
	post_list_init(&tv->pl, thread_build, tv);
	post_list_set_count(&tv->pl, 1);
	ui_fetch_init(&tv->fetch_thread, ui, &tv->view, thread_done, tv);
	ui_fetch_init(&tv->fetch_replies, ui, &tv->view, thread_replies_done,
	    tv);
	ui_fetch_init(&tv->fetch_like, ui, &tv->view, thread_like_done, tv);
	/* Paint from the cache at once; the requests revalidate. */
	thread_path(tv, path, sizeof(path));
	cached = api_cached(ui->client, path);
	if (cached != NULL) {
		gerr_clear(&err);
		thread_take(tv, cached, &err);
		json_decref(cached);
	}
	rpath = thread_replies_path(tv, 0);
	cached = api_cached(ui->client, rpath);
	if (cached != NULL) {
		gerr_clear(&err);
		thread_take_replies(tv, cached, 1, &err);
		json_decref(cached);
	}
	ui_fetch_get(&tv->fetch_thread, path, "Loading the thread");
	tv->kind = THREAD_FETCH_FIRST;
	ui_fetch_get(&tv->fetch_replies, rpath, "Loading replies");
	free(rpath);
	return &tv->view;
}

/*
 * The Inbox pane: the member's notifications (GET /api/v1/me/notifications),
 * unread ones marked and bold, with the server's one-line text and how
 * long ago; Enter marks one read and opens what it is about (a thread,
 * a question, an order, an event or a member: ui_open_subject), R marks
 * them all read, u shows the unread ones only. In the background the
 * unread count is polled (every 60 s, GUILD_INBOX_POLL_MS) for the
 * "Inbox (N)" on the tab. Also the small order view a paid-order
 * notification opens.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

#define INBOX_PAGE		30
#define INBOX_PATH		"/api/v1/me/notifications"
#define INBOX_UNREAD_PATH	"/api/v1/me/notifications?unread=1"
#define INBOX_READ_PATH		"/api/v1/me/notifications/read"
/* The unread count: one row is enough, the page carries the total. */
#define INBOX_POLL_PATH		"/api/v1/me/notifications?unread=1&limit=1"
#define INBOX_POLL_MS		60000
/* The inbox poll's slot in ui->bg_wake: the order of the tasks in tui.c. */
#define INBOX_BG		1

/* ---- The background poll ------------------------------------------- */

struct inbox_poll {
	struct ui_fetch	 fetch;
	long long	 interval;	/* ms */
};

/* The poll interval: GUILD_INBOX_POLL_MS when it is sane, else 60 s. */
static long long
inbox_poll_interval(void)
{
	const char *s = getenv("GUILD_INBOX_POLL_MS");
	int64_t ms;

	if (s != NULL && parse_int64(s, 100, 86400000, &ms) == 0)
		return (long long)ms;
	return INBOX_POLL_MS;
}

/* The unread count arrived; failures keep the old count, silently. */
static void
inbox_poll_done(void *arg, json_t *body, const struct gerr *err,
    unsigned flags)
{
	struct ui *ui = arg;
	struct notification_page page;
	struct gerr perr;

	(void)err;
	(void)flags;
	if (body == NULL)
		return;
	memset(&page, 0, sizeof(page));
	gerr_clear(&perr);
	if (notification_page_from_json(body, &page, &perr) == 0 &&
	    page.unread >= 0)
		ui->unread = page.unread;
	notification_page_release(&page);
}

void
inbox_poll_start(struct ui *ui)
{
	struct inbox_poll *p;

	if (ui->inbox_poll != NULL)
		return;
	p = xcalloc(1, sizeof(*p));
	p->interval = inbox_poll_interval();
	ui_fetch_init(&p->fetch, ui, NULL, inbox_poll_done, ui);
	ui->inbox_poll = p;
}

long long
inbox_poll_tick(struct ui *ui, long long now)
{
	struct inbox_poll *p = ui->inbox_poll;

	if (p == NULL || ui->client->token == NULL || ui->client->offline)
		return 0;
	if (!ui_fetch_busy(&p->fetch))
		ui_fetch_get(&p->fetch, INBOX_POLL_PATH, "Checking the inbox");
	return now + p->interval;
}

void
inbox_poll_free(struct ui *ui)
{
	struct inbox_poll *p = ui->inbox_poll;

	if (p == NULL)
		return;
	ui_fetch_cancel(&p->fetch);
	free(p);
	ui->inbox_poll = NULL;
}

/* Polls the unread count now (after marking read), when polling at all. */
static void
inbox_poll_soon(struct ui *ui)
{
	if (ui->inbox_poll != NULL && ui->bg_wake[INBOX_BG] != 0)
		ui->bg_wake[INBOX_BG] = ui_now();
}

/* ---- Opening what a notification is about -------------------------- */

/* A paid order: GET /orders/{id}, its course, status and amount. */
struct order_view {
	struct view	 view;
	int64_t		 id;
	struct ui_fetch	 fetch;
	int		 loaded;
	char		*error;		/* sanitized, or NULL */
	int64_t		 course_id;
	char		*course;	/* sanitized */
	char		*status;
	char		*amount;
	char		*paid;
	struct ui_lines	 lines;
	int		 lines_width;
};

static void
order_view_clear(struct order_view *ov)
{
	FREE(&ov->course);
	FREE(&ov->status);
	FREE(&ov->amount);
	FREE(&ov->paid);
}

static void
order_view_done(void *arg, json_t *body, const struct gerr *err,
    unsigned flags)
{
	struct order_view *ov = arg;
	struct ui *ui = ov->view.ui;
	struct order o;
	struct gerr perr;
	char buf[64];

	(void)flags;
	ov->lines_width = -1;
	memset(&o, 0, sizeof(o));
	gerr_clear(&perr);
	if (body == NULL || order_from_json(body, &o, &perr) < 0) {
		FREE(&ov->error);
		ov->error = ui_clean(ui, body == NULL ? err->msg : perr.msg);
		ui_error(ui, "cannot load the order", body == NULL ? err :
		    &perr);
		order_release(&o);
		return;
	}
	order_view_clear(ov);
	ov->course_id = o.course_id;
	ov->course = ui_clean(ui, o.course_title != NULL ? o.course_title :
	    o.course_slug);
	ov->status = ui_clean(ui, order_status_name(o.status));
	ov->amount = ui_clean(ui, money_format(&o.amount, ui->ascii, buf,
	    sizeof(buf)));
	/* The day of an RFC 3339 time: "2026-11-26". */
	snprintf(buf, sizeof(buf), "%.10s", o.paid_at != NULL ? o.paid_at :
	    "");
	ov->paid = ui_clean(ui, buf);
	order_release(&o);
	ov->loaded = 1;
	FREE(&ov->error);
}

/* Adds "Label       value" when there is a value. */
static void
order_fact(struct ui_lines *ls, const char *label, const char *value,
    enum theme_elem e)
{
	struct ui_line *l;
	char pad[32];

	if (value == NULL || value[0] == '\0')
		return;
	l = ui_lines_add(ls);
	snprintf(pad, sizeof(pad), "  %-10s", label);
	ui_line_add(l, THEME_DIM, pad);
	ui_line_add(l, e, value);
}

static void
order_view_draw(struct view *v, int y, int x, int h, int w)
{
	struct order_view *ov = (struct order_view *)v;
	struct ui_lines *ls = &ov->lines;
	char text[600], k[32];

	if (h <= 0 || w <= 4)
		return;
	ui_lines_release(ls);
	ui_lines_add(ls);
	if (!ov->loaded) {
		snprintf(text, sizeof(text), "%s%s%s", ov->error != NULL ?
		    "Could not load the order: " : "Loading...",
		    ov->error != NULL ? ov->error : "",
		    ov->error != NULL ? " (press r to retry)" : "");
		ui_lines_wrap(ls, text, w - 4, 2, ov->error != NULL ?
		    THEME_ERROR : THEME_DIM);
	} else {
		snprintf(text, sizeof(text), "Order %lld", (long long)ov->id);
		ui_lines_wrap(ls, text, w - 4, 2, THEME_TITLE);
		ui_lines_add(ls);
		order_fact(ls, "Course", ov->course, THEME_TITLE);
		order_fact(ls, "Status", ov->status, THEME_OWNED);
		order_fact(ls, "Amount", ov->amount, THEME_PRICE);
		order_fact(ls, "Paid", ov->paid, THEME_NORMAL);
		ui_lines_add(ls);
		snprintf(text, sizeof(text), "%s opens the course",
		    ui_key_hint(ACT_OPEN, k, sizeof(k)));
		ui_lines_wrap(ls, text, w - 4, 2, THEME_DIM);
	}
	ui_lines_draw(v->ui, ls, 0, y, x, h, w, NULL);
}

/*
 * An order opened from the inbox: the keys it gives a meaning of its own,
 * for the help overlay.
 */
static const struct view_key_help order_view_keys[] = {
	{ ACT_OPEN, NULL, "Open the course of the order" },
	{ ACT_NONE, NULL, NULL }
};

static int
order_view_key(struct view *v, enum action a, int key)
{
	struct order_view *ov = (struct order_view *)v;
	char path[64];

	(void)key;
	switch (a) {
	case ACT_OPEN:
		if (ov->loaded && ov->course_id > 0)
			ui_push(v->ui, course_view_new(v->ui, ov->course_id,
			    ov->course, 0));
		return 1;
	case ACT_RELOAD:
		snprintf(path, sizeof(path), "/api/v1/orders/%lld",
		    (long long)ov->id);
		ui_fetch_get(&ov->fetch, path, "Loading the order");
		return 1;
	default:
		return 0;
	}
}

static void
order_view_free(struct view *v)
{
	struct order_view *ov = (struct order_view *)v;

	order_view_clear(ov);
	free(ov->error);
	ui_lines_release(&ov->lines);
	free(ov);
}

/* The order view of order id. */
static struct view *
order_view_new(struct ui *ui, int64_t id)
{
	struct order_view *ov = xcalloc(1, sizeof(*ov));
	char path[64];

	ov->view.name = "order";
	ov->view.ui = ui;
	ov->view.pane = (int)ui->cur;
	ov->view.draw = order_view_draw;
	ov->view.key = order_view_key;
	ov->view.keys_help = order_view_keys;
	ov->view.free = order_view_free;
	ov->id = id;
	ov->lines_width = -1;
	snprintf(path, sizeof(path), "Order %lld", (long long)id);
	view_set_title(&ov->view, path);
	ui_fetch_init(&ov->fetch, ui, &ov->view, order_view_done, ov);
	order_view_key(&ov->view, ACT_RELOAD, 0);
	return &ov->view;
}

int
ui_open_subject(struct ui *ui, const char *type, int64_t id,
    const char *name)
{
	const char *title = name != NULL ? name : "";
	char *clean;

	if (type == NULL) {
		ui_message(ui, UI_MSG_ERROR, "This notification points at "
		    "nothing to open");
		return -1;
	}
	if (strcmp(type, "user") == 0) {
		if (name == NULL || name[0] == '\0') {
			ui_message(ui, UI_MSG_ERROR, "This notification does "
			    "not name the member");
			return -1;
		}
		ui_push(ui, member_view_new(ui, name));
		return 0;
	}
	if (id <= 0) {
		ui_message(ui, UI_MSG_ERROR, "This notification points at "
		    "nothing to open");
		return -1;
	}
	clean = ui_clean(ui, title);
	if (strcmp(type, "thread") == 0)
		ui_push(ui, thread_view_new(ui, id, clean));
	else if (strcmp(type, "question") == 0)
		ui_push(ui, question_view_new(ui, id, clean));
	else if (strcmp(type, "event") == 0)
		ui_push(ui, event_view_new(ui, id, clean));
	else if (strcmp(type, "order") == 0)
		ui_push(ui, order_view_new(ui, id));
	else {
		ui_message(ui, UI_MSG_ERROR, "Cannot open a %s from here",
		    type);
		free(clean);
		return -1;
	}
	free(clean);
	return 0;
}

/* ---- The list ------------------------------------------------------ */

/* A notification as shown: text sanitized when the page arrived. */
struct inbox_row {
	int64_t	 id;
	char	*text;
	char	*age;
	char	*subject_type;	/* raw: compared, never drawn */
	char	*subject_name;	/* raw: a user name, checked by the view */
	int64_t	 subject_id;
	int	 read;
};

enum {
	IN_COL_MARK = 0,
	IN_COL_TEXT,
	IN_COL_AGE,
	IN_COL_COUNT
};

struct inbox_view {
	struct view		 view;
	struct inbox_row	*rows;
	size_t			 n;
	size_t			 cap;
	struct pager		 pager;
	struct ui_fetch		 mark;		/* POST .../read */
	int			 mark_all;	/* the request marks all */
	int			 unread_only;
	int64_t			 seen_unread;	/* ui->unread at the last load */
	struct ui_column	 cols[IN_COL_COUNT];
};

static void
inbox_reset(void *ctx)
{
	struct inbox_view *iv = ctx;
	size_t i;

	for (i = 0; i < iv->n; i++) {
		free(iv->rows[i].text);
		free(iv->rows[i].age);
		free(iv->rows[i].subject_type);
		free(iv->rows[i].subject_name);
	}
	iv->n = 0;
}

static int
inbox_take(void *ctx, json_t *body, int replace, char **next,
    struct gerr *err)
{
	struct inbox_view *iv = ctx;
	struct ui *ui = iv->view.ui;
	struct notification_page page;
	size_t i;

	memset(&page, 0, sizeof(page));
	if (notification_page_from_json(body, &page, err) < 0) {
		notification_page_release(&page);
		return -1;
	}
	if (replace)
		inbox_reset(iv);
	if (iv->n + page.n > iv->cap) {
		iv->cap = (iv->n + page.n) * 2 + 16;
		iv->rows = xrealloc(iv->rows, iv->cap * sizeof(*iv->rows));
	}
	for (i = 0; i < page.n; i++) {
		const struct notification *nt = &page.items[i];
		struct inbox_row *r = &iv->rows[iv->n++];
		char age[32];

		r->id = nt->id;
		r->text = ui_clean(ui, nt->text);
		r->age = ui_clean(ui, ui_ago(nt->created_at, age,
		    sizeof(age)));
		r->subject_type = nt->subject_type != NULL ?
		    xstrdup(nt->subject_type) : NULL;
		r->subject_name = nt->subject_name != NULL ?
		    xstrdup(nt->subject_name) : NULL;
		r->subject_id = nt->subject_id;
		r->read = nt->read;
	}
	/* The first page is fresher than the last poll. */
	if (replace && page.unread >= 0) {
		ui->unread = page.unread;
		iv->seen_unread = page.unread;
	}
	*next = page.has_more && page.next_cursor != NULL ?
	    xstrdup(page.next_cursor) : NULL;
	notification_page_release(&page);
	return 0;
}

static size_t
inbox_count(void *ctx)
{
	return ((struct inbox_view *)ctx)->n;
}

static const char *
inbox_text(void *ctx, size_t row)
{
	return ((struct inbox_view *)ctx)->rows[row].text;
}

static int64_t
inbox_id(void *ctx, size_t row)
{
	return ((struct inbox_view *)ctx)->rows[row].id;
}

static void
inbox_layout(void *ctx, int w)
{
	struct inbox_view *iv = ctx;
	static const struct ui_column proto[IN_COL_COUNT] = {
		[IN_COL_MARK] = { "", 1, 1, 0, 0, 0, 0, 0 },
		[IN_COL_TEXT] = { "Notification", 0, 16, 1, 0, 0, 0, 0 },
		[IN_COL_AGE] = { "When", 8, 4, 0, 1, 1, 0, 0 },
	};

	memcpy(iv->cols, proto, sizeof(proto));
	ui_columns_layout(iv->cols, IN_COL_COUNT, w - 2, 1);
}

static void
inbox_header(void *ctx, int y, int x, int w)
{
	struct inbox_view *iv = ctx;
	struct ui *ui = iv->view.ui;
	const struct ui_column *t = &iv->cols[IN_COL_TEXT];
	const char *which = iv->unread_only ? "unread only " : "";
	int sw = text_width(which);

	ui_fill(ui, y, x, 1, THEME_HEADER);
	ui_columns_header(ui, iv->cols, IN_COL_COUNT, y, x + 1, w - 1);
	if (sw > 0 && sw + 14 < t->w)
		ui_put_right(ui, y, x + 1 + t->x + t->w - sw, sw, which,
		    THEME_HEADER);
}

static void
inbox_row_draw(void *ctx, size_t i, int y, int x, int w, int selected)
{
	struct inbox_view *iv = ctx;
	struct ui *ui = iv->view.ui;
	const struct inbox_row *r = &iv->rows[i];
	const struct ui_column *c = iv->cols;
	unsigned bold = r->read ? 0 : THEME_ATTR_BOLD;

	ui_fill(ui, y, x, w, selected ? THEME_SELECTED : THEME_NORMAL);
	if (!r->read && c[IN_COL_MARK].w > 0)
		ui_puts(ui, y, x + 1 + c[IN_COL_MARK].x, c[IN_COL_MARK].w,
		    ui->ascii ? "*" : "\xe2\x97\x8f",
		    selected ? THEME_SELECTED : THEME_UNREAD);
	if (c[IN_COL_TEXT].w > 0)
		ui_puts_attr(ui, y, x + 1 + c[IN_COL_TEXT].x, c[IN_COL_TEXT].w,
		    r->text, selected ? THEME_SELECTED : r->read ?
		    THEME_DIM : THEME_NORMAL, bold);
	ui_column_put(ui, &c[IN_COL_AGE], y, x + 1, r->age,
	    selected ? THEME_SELECTED : THEME_DIM);
}

static const struct pager_ops inbox_ops = {
	inbox_take, inbox_reset, inbox_count, inbox_text, inbox_id,
	inbox_layout, inbox_header, inbox_row_draw,
};

/* Shows all notifications or the unread ones. */
static void
inbox_open_list(struct inbox_view *iv)
{
	iv->seen_unread = iv->view.ui->unread;
	iv->pager.empty = iv->unread_only ? "No unread notifications." :
	    "Nothing in your inbox yet.";
	pager_open(&iv->pager, iv->unread_only ? INBOX_UNREAD_PATH :
	    INBOX_PATH);
}

static void
inbox_draw(struct view *v, int y, int x, int h, int w)
{
	struct inbox_view *iv = (struct inbox_view *)v;
	struct ui *ui = v->ui;
	char text[300];

	if (h < 2 || w < 4)
		return;
	if (ui->client->token == NULL) {
		snprintf(text, sizeof(text), "Not logged in%srun guild login "
		    "in a shell, then start guild again to see your inbox.",
		    ui->g->dash);
		ui_put(ui, y + 1, x + 2, w - 2, text, THEME_DIM);
		return;
	}
	/* The poll saw the count change: something new came, or was read
	   elsewhere. Load the first page again, quietly. */
	if (ui->unread >= 0 && ui->unread != iv->seen_unread &&
	    iv->pager.loaded && !ui_fetch_busy(&iv->pager.fetch)) {
		iv->seen_unread = ui->unread;
		pager_reload(&iv->pager);
		iv->pager.reloading = 0;
	}
	pager_draw(&iv->pager, y, x, h, w);
}

/* The answer to POST /me/notifications/read: poll the count again. */
static void
inbox_mark_done(void *arg, json_t *body, const struct gerr *err,
    unsigned flags)
{
	struct inbox_view *iv = arg;
	struct ui *ui = iv->view.ui;

	(void)flags;
	if (body == NULL && err != NULL) {
		ui_error(ui, "cannot mark read", err);
		return;
	}
	if (iv->mark_all) {
		ui_message(ui, UI_MSG_INFO, "All marked read");
		if (iv->unread_only)
			pager_reload(&iv->pager);
		iv->pager.reloading = 0;
	}
	inbox_poll_soon(ui);
}

/* Marks the notification with id read (all of them when id is 0). */
static void
inbox_mark(struct inbox_view *iv, int64_t id)
{
	json_t *body, *ids;

	iv->mark_all = id == 0;
	if (id == 0) {
		body = json_pack("{s:b}", "all", 1);
	} else {
		ids = json_array();
		json_array_append_new(ids, json_integer(id));
		body = json_pack("{s:o}", "ids", ids);
	}
	ui_fetch_call(&iv->mark, "POST", INBOX_READ_PATH, body,
	    iv->mark_all ? "Marking all read" : "Marking read");
	json_decref(body);
}

/* Enter: marks the notification read and opens what it is about. */
static void
inbox_open(struct inbox_view *iv)
{
	struct ui *ui = iv->view.ui;
	struct inbox_row *r;
	size_t row;

	if (pager_selected(&iv->pager, &row) < 0)
		return;
	r = &iv->rows[row];
	if (!r->read) {
		r->read = 1;
		if (ui->unread > 0)
			ui->unread--;
		iv->seen_unread = ui->unread;
		inbox_mark(iv, r->id);
	}
	ui_open_subject(ui, r->subject_type, r->subject_id, r->subject_name);
}

/* R: marks every notification read. */
static void
inbox_mark_all(struct inbox_view *iv)
{
	struct ui *ui = iv->view.ui;
	size_t i;

	for (i = 0; i < iv->n; i++)
		iv->rows[i].read = 1;
	ui->unread = 0;
	iv->seen_unread = 0;
	inbox_mark(iv, 0);
}

/* The inbox: the keys it gives a meaning of its own, for the help. */
static const struct view_key_help inbox_keys[] = {
	{ ACT_OPEN, NULL, "Open what it is about, marking it read" },
	{ ACT_REPLY, NULL, "Mark all read" },
	{ ACT_FIRST_UNREAD, NULL, "Unread only, or all again" },
	{ ACT_NONE, NULL, NULL }
};

static int
inbox_key(struct view *v, enum action a, int key)
{
	struct inbox_view *iv = (struct inbox_view *)v;

	if (v->ui->client->token == NULL) {
		if (a != ACT_OPEN && a != ACT_RELOAD && a != ACT_REPLY &&
		    a != ACT_FIRST_UNREAD)
			return 0;
		ui_message(v->ui, UI_MSG_INFO, "Not logged in: run guild "
		    "login");
		return 1;
	}
	if (pager_key(&iv->pager, a, key))
		return 1;
	switch (a) {
	case ACT_OPEN:
		inbox_open(iv);
		return 1;
	case ACT_REPLY:
		inbox_mark_all(iv);
		return 1;
	case ACT_FIRST_UNREAD:
		iv->unread_only = !iv->unread_only;
		inbox_open_list(iv);
		ui_message(v->ui, UI_MSG_INFO, "%s", iv->unread_only ?
		    "Unread notifications only" : "All notifications");
		return 1;
	default:
		return 0;
	}
}

static int
inbox_mouse(struct view *v, int y, int x, mmask_t bstate)
{
	struct inbox_view *iv = (struct inbox_view *)v;
	int hit;

	(void)bstate;
	if (v->ui->client->token == NULL)
		return 0;
	hit = pager_click(&iv->pager, y, x);
	if (hit == 2)
		inbox_open(iv);
	return hit > 0;
}

static int
inbox_status(struct view *v, char *buf, size_t bufsz, int *editing)
{
	struct inbox_view *iv = (struct inbox_view *)v;
	char k[3][32];

	if (v->ui->client->token == NULL)
		return 0;
	if (pager_status(&iv->pager, buf, bufsz, editing))
		return 1;
	snprintf(buf, bufsz, "%s open%s%s mark all read%s%s %s",
	    ui_key_hint(ACT_OPEN, k[0], sizeof(k[0])), v->ui->g->sep,
	    ui_key_hint(ACT_REPLY, k[1], sizeof(k[1])), v->ui->g->sep,
	    ui_key_hint(ACT_FIRST_UNREAD, k[2], sizeof(k[2])),
	    iv->unread_only ? "show all" : "unread only");
	return 1;
}

static void
inbox_free(struct view *v)
{
	struct inbox_view *iv = (struct inbox_view *)v;

	ui_fetch_cancel(&iv->mark);
	pager_release(&iv->pager);
	inbox_reset(iv);
	free(iv->rows);
	free(iv);
}

struct view *
inbox_view_new(struct ui *ui)
{
	struct inbox_view *iv = xcalloc(1, sizeof(*iv));

	iv->view.name = "inbox";
	iv->view.ui = ui;
	iv->view.pane = (int)ui->cur;
	iv->view.draw = inbox_draw;
	iv->view.key = inbox_key;
	iv->view.keys_help = inbox_keys;
	iv->view.mouse = inbox_mouse;
	iv->view.status = inbox_status;
	iv->view.free = inbox_free;
	view_set_title(&iv->view, "Inbox");
	pager_init(&iv->pager, &iv->view, &inbox_ops, iv, "notifications",
	    INBOX_PAGE);
	iv->pager.what_load = "Loading the inbox";
	iv->pager.what_refresh = "Refreshing the inbox";
	iv->pager.what_all = "Loading the whole inbox";
	ui_fetch_init(&iv->mark, ui, &iv->view, inbox_mark_done, iv);
	iv->seen_unread = ui->unread;
	if (ui->client->token != NULL)
		inbox_open_list(iv);
	return &iv->view;
}

/*
 * Buying a course from the TUI, the same flow as `guild buy`: the
 * Idempotency-Key is saved (purchase_key) before POST /api/v1/orders is
 * sent, so a retry can never buy twice; then the view shows the checkout
 * link in full, its QR code (when the terminal has room) and the order's
 * status, polled in the background with backoff until it is final:
 * "paid ✓ — the course is in your Library", "declined: insufficient
 * funds", ... Nothing here blocks: the order and every poll are
 * asynchronous requests, the polls and the spinner run on the view's
 * timer. Esc leaves without canceling the order; polling stops with the
 * view, and b on the course again shows the same order (the saved key
 * brings its answer back).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/shop.h"
#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

/* Milliseconds between spinner frames while waiting. */
#define BUY_SPIN_MS		100
/* The text beside the QR code needs at least this many columns. */
#define BUY_TEXT_MIN		36

enum buy_phase {
	BUY_CREATING = 0,	/* POST /orders in flight */
	BUY_WAITING,		/* pending: polling the order */
	BUY_FINAL,		/* paid, failed, canceled, refunded */
	BUY_STOPPED		/* the order could not be made (error) */
};

struct buy_view {
	struct view		 view;
	int64_t			 course_id;
	char			*title;		/* sanitized */
	char			*price;		/* sanitized */
	char			*key;		/* the Idempotency-Key */
	struct ui_fetch		 create;
	struct ui_fetch		 poll;
	enum buy_phase		 phase;
	int64_t			 order_id;
	enum order_status	 status;
	char			*amount;	/* sanitized, "¥199.00" */
	char			*url;		/* sanitized checkout URL */
	char			*reason;	/* failure_reason, sanitized */
	char			*error;		/* why it stopped, sanitized */
	int			 net_trouble;	/* the last poll failed */
	struct text_lines	 qr;		/* the QR code of url */
	char			*qr_error;	/* why there is none, or NULL */
	long long		 next_poll;	/* ms, 0 none */
	int			 polls;		/* made so far, for the backoff */
	long long		 next_spin;
	unsigned		 spin;
};

/* Forgets the purchase key once the order is final. */
static void
buy_forget(struct buy_view *bv)
{
	struct gerr err;

	gerr_clear(&err);
	if (purchase_forget(bv->view.ui->client, bv->course_id, &err) < 0)
		ui_error(bv->view.ui, "cannot forget the purchase key", &err);
	FREE(&bv->key);
}

/* Sets the wake time: the next poll, or the next spinner frame. */
static void
buy_schedule(struct buy_view *bv)
{
	long long when = bv->next_poll;

	if (bv->phase == BUY_WAITING && (when == 0 || bv->next_spin < when))
		when = bv->next_spin;
	bv->view.wake = when;
}

/* Makes the QR code of the checkout URL, or notes why it cannot. */
static void
buy_make_qr(struct buy_view *bv)
{
	struct gerr err;

	text_lines_release(&bv->qr);
	FREE(&bv->qr_error);
	if (bv->url == NULL || bv->url[0] == '\0')
		return;
	gerr_clear(&err);
	if (qr_render(bv->url, bv->view.ui->ascii, &bv->qr, &err) < 0) {
		text_lines_release(&bv->qr);
		bv->qr_error = ui_clean(bv->view.ui, err.msg[0] != '\0' ?
		    err.msg : "cannot make the QR code");
	}
}

/*
 * Takes an order from the server: its status, amount and checkout link.
 * A final status forgets the key and tells the views of the library.
 * 0, or -1 with err when the body is not an order.
 */
static int
buy_take(struct buy_view *bv, json_t *body, struct gerr *err)
{
	struct ui *ui = bv->view.ui;
	struct order o;
	char money[64];
	char *url;

	memset(&o, 0, sizeof(o));
	if (order_from_json(body, &o, err) < 0) {
		order_release(&o);
		return -1;
	}
	bv->order_id = o.id;
	bv->status = o.status;
	money_format(&o.amount, ui->ascii, money, sizeof(money));
	FREE(&bv->amount);
	bv->amount = ui_clean(ui, money);
	FREE(&bv->reason);
	if (o.failure_reason != NULL)
		bv->reason = ui_clean(ui, o.failure_reason);
	url = o.checkout_url != NULL ? ui_clean(ui, o.checkout_url) : NULL;
	if (url == NULL || bv->url == NULL || strcmp(url, bv->url) != 0) {
		FREE(&bv->url);
		bv->url = url;
		buy_make_qr(bv);
	} else {
		free(url);
	}
	order_release(&o);
	if (bv->status == ORDER_PENDING) {
		bv->phase = BUY_WAITING;
		return 0;
	}
	bv->phase = BUY_FINAL;
	bv->next_poll = 0;
	buy_forget(bv);
	if (bv->status == ORDER_PAID || (bv->status == ORDER_CANCELED &&
	    bv->reason != NULL && strcmp(bv->reason, "already_owned") == 0))
		ui->owned_gen++;
	return 0;
}

/* The answer to POST /api/v1/orders. */
static void
buy_created(void *arg, json_t *body, const struct gerr *err, unsigned flags)
{
	struct buy_view *bv = arg;
	struct ui *ui = bv->view.ui;
	struct gerr perr;

	(void)flags;
	if (body == NULL) {
		FREE(&bv->error);
		bv->error = ui_clean(ui, err->msg);
		bv->phase = BUY_STOPPED;
		/*
		 * An answer the server kept for this key (404, 409, 422, a
		 * malformed key) comes back the same every time: forget the
		 * key so that the next try starts afresh. No answer, 401,
		 * 429 or 5xx: keep it, a retry must reuse it.
		 */
		if (err->kind == GERR_HTTP && err->status >= 400 &&
		    err->status < 500 && err->status != 408 &&
		    err->status != 429)
			buy_forget(bv);
		if (err->kind == GERR_HTTP && err->status == 409)
			ui->owned_gen++;
		return;
	}
	gerr_clear(&perr);
	if (buy_take(bv, body, &perr) < 0) {
		FREE(&bv->error);
		bv->error = ui_clean(ui, perr.msg);
		bv->phase = BUY_STOPPED;
		return;
	}
	if (bv->phase == BUY_WAITING) {
		bv->polls = 0;
		bv->next_poll = ui_now() + purchase_poll_delay(bv->polls);
		bv->next_spin = ui_now() + BUY_SPIN_MS;
		buy_schedule(bv);
	}
}

/* Sends POST /api/v1/orders with the saved key (a retry reuses it). */
static void
buy_send(struct buy_view *bv)
{
	struct ui *ui = bv->view.ui;
	const char *hdrs[2] = { NULL, NULL };
	struct gerr err;
	char *hdr;
	json_t *body;
	size_t i;

	FREE(&bv->error);
	bv->phase = BUY_CREATING;
	if (bv->key == NULL) {
		gerr_clear(&err);
		bv->key = purchase_key(ui->client, bv->course_id, &err);
		if (bv->key == NULL) {
			bv->error = ui_clean(ui, err.msg);
			bv->phase = BUY_STOPPED;
			return;
		}
	}
	/* The key goes into a header: printable ASCII only. */
	for (i = 0; bv->key[i] != '\0'; i++) {
		if ((unsigned char)bv->key[i] <= ' ' ||
		    (unsigned char)bv->key[i] > '~')
			break;
	}
	if (i == 0 || bv->key[i] != '\0') {
		bv->error = xstrdup("the saved purchase key is not usable");
		buy_forget(bv);
		bv->phase = BUY_STOPPED;
		return;
	}
	hdr = xasprintf("Idempotency-Key: %s", bv->key);
	hdrs[0] = hdr;
	body = json_pack("{s:I}", "course_id", (json_int_t)bv->course_id);
	ui_fetch_call_hdr(&bv->create, "POST", "/api/v1/orders", body, hdrs,
	    "Creating the order");
	json_decref(body);
	free(hdr);
}

/* The answer to a poll of GET /api/v1/orders/ID. */
static void
buy_polled(void *arg, json_t *body, const struct gerr *err, unsigned flags)
{
	struct buy_view *bv = arg;
	struct gerr perr;

	(void)flags;
	if (bv->phase != BUY_WAITING)
		return;
	gerr_clear(&perr);
	bv->net_trouble = body == NULL;
	if (body == NULL)
		perr = *err;
	else if (buy_take(bv, body, &perr) < 0)
		bv->net_trouble = 1;
	if (bv->net_trouble) {
		FREE(&bv->error);
		bv->error = ui_clean(bv->view.ui, perr.msg);
	} else {
		FREE(&bv->error);
	}
	if (bv->phase != BUY_WAITING)
		return;
	/* The same backoff as guild buy: 1 s, growing to 5 s. */
	bv->polls++;
	bv->next_poll = ui_now() + purchase_poll_delay(bv->polls);
	buy_schedule(bv);
}

/* Asks the server for the order now. */
static void
buy_poll(struct buy_view *bv)
{
	char path[64];

	bv->next_poll = 0;
	snprintf(path, sizeof(path), "/api/v1/orders/%" PRId64, bv->order_id);
	ui_fetch_get(&bv->poll, path, "Checking the order");
}

/* The timer: a poll when it is due, and the spinner's next frame. */
static void
buy_tick(struct view *v, long long now)
{
	struct buy_view *bv = (struct buy_view *)v;

	if (bv->phase != BUY_WAITING)
		return;
	if (now >= bv->next_spin) {
		bv->spin++;
		bv->next_spin = now + BUY_SPIN_MS;
	}
	if (bv->next_poll != 0 && now >= bv->next_poll &&
	    !ui_fetch_busy(&bv->poll))
		buy_poll(bv);
	buy_schedule(bv);
}

/* ---- Drawing ------------------------------------------------------- */

/* The status line: what the order is doing now, in its style. */
static const char *
buy_status_text(struct buy_view *bv, char *buf, size_t bufsz,
    enum theme_elem *e)
{
	const struct ui_glyphs *g = bv->view.ui->g;
	unsigned nframes = 0;
	const char *why;

	*e = THEME_NORMAL;
	switch (bv->phase) {
	case BUY_CREATING:
		if (!ui_fetch_busy(&bv->create) && bv->create.canceled) {
			*e = THEME_ERROR;
			return "Canceled before the server answered; r "
			    "sends it again (with the same key: it cannot "
			    "buy twice)";
		}
		return "Creating the order...";
	case BUY_STOPPED:
		*e = THEME_ERROR;
		snprintf(buf, bufsz, "No order: %s", bv->error != NULL ?
		    bv->error : "unknown error");
		return buf;
	case BUY_WAITING:
		while (g->spinner[nframes] != NULL)
			nframes++;
		snprintf(buf, bufsz, "waiting for payment %s%s",
		    g->spinner[bv->spin % nframes], bv->net_trouble ?
		    " (cannot check the order now; trying again)" : "");
		return buf;
	case BUY_FINAL:
		break;
	}
	why = purchase_reason_text(bv->reason);
	switch (bv->status) {
	case ORDER_PAID:
		*e = THEME_OWNED;
		snprintf(buf, bufsz, "paid%s%sthe course is in your Library",
		    bv->view.ui->ascii ? "" : " \xe2\x9c\x93", g->dash);
		break;
	case ORDER_FAILED:
		*e = THEME_ERROR;
		snprintf(buf, bufsz, "declined: %s", why);
		break;
	case ORDER_CANCELED:
		*e = THEME_ERROR;
		snprintf(buf, bufsz, "canceled: %s; nothing was charged", why);
		break;
	case ORDER_REFUNDED:
		*e = THEME_DIM;
		snprintf(buf, bufsz, "refunded");
		break;
	case ORDER_PENDING:
		snprintf(buf, bufsz, "pending");
		break;
	}
	return buf;
}

/*
 * The lines of text beside (or above) the QR code, for width w; qr says
 * whether the code is shown with them.
 */
static void
buy_text(struct buy_view *bv, struct ui_lines *ls, int w, int qr)
{
	struct ui *ui = bv->view.ui;
	char line[700], open[32], copy[32], back[32];
	const char *status;
	enum theme_elem e;

	keys_for_action(ACT_OPEN, open, sizeof(open));
	open[strcspn(open, ",")] = '\0';
	keys_for_action(ACT_COPY, copy, sizeof(copy));
	copy[strcspn(copy, ",")] = '\0';
	keys_for_action(ACT_CANCEL, back, sizeof(back));
	back[strcspn(back, ",")] = '\0';
	snprintf(line, sizeof(line), "Buy %s", bv->title);
	ui_lines_wrap(ls, line, w, 0, THEME_TITLE);
	if (bv->order_id > 0)
		snprintf(line, sizeof(line), "Order %" PRId64 "%s%s",
		    bv->order_id, ui->g->sep, bv->amount != NULL ? bv->amount :
		    bv->price);
	else
		snprintf(line, sizeof(line), "%s", bv->price);
	ui_lines_wrap(ls, line, w, 0, THEME_DIM);
	ui_lines_add(ls);
	if (bv->phase == BUY_WAITING && bv->url != NULL) {
		snprintf(line, sizeof(line), "Pay at this link (%s opens it, "
		    "%s prints it to copy)%s", open, copy, qr ?
		    " or scan the code with your phone:" : ":");
		ui_lines_wrap(ls, line, w, 0, THEME_NORMAL);
		ui_lines_wrap(ls, bv->url, w, 0, THEME_LINK);
		ui_lines_add(ls);
	}
	status = buy_status_text(bv, line, sizeof(line), &e);
	ui_lines_wrap(ls, status, w, 0, e);
	ui_lines_add(ls);
	if (bv->phase == BUY_WAITING)
		snprintf(line, sizeof(line), "%s leaves; the order stays open "
		    "(b on the course shows it again).", back);
	else if (bv->phase == BUY_STOPPED)
		snprintf(line, sizeof(line), "r tries again; %s goes back.",
		    back);
	else if (bv->phase == BUY_FINAL)
		snprintf(line, sizeof(line), "%s goes back to the course.",
		    back);
	else
		line[0] = '\0';
	if (line[0] != '\0')
		ui_lines_wrap(ls, line, w, 0, THEME_DIM);
}

/* Draws the QR code with its top left corner at y,x. */
static void
buy_draw_qr(struct buy_view *bv, int y, int x)
{
	size_t i;

	for (i = 0; i < bv->qr.n; i++)
		ui_puts(bv->view.ui, y + (int)i, x, COLS - x, bv->qr.lines[i],
		    THEME_QR);
}

static void
buy_draw(struct view *v, int y, int x, int h, int w)
{
	struct buy_view *bv = (struct buy_view *)v;
	struct ui_lines ls = { NULL, 0, 0 };
	int qw = 0, qh = (int)bv->qr.n, m = w >= 40 ? 2 : 1, tw;
	int show_qr = bv->phase == BUY_WAITING && qh > 0;
	char note[200];

	if (h <= 0 || w <= 0)
		return;
	if (qh > 0)
		qw = text_width(bv->qr.lines[0]);
	if (show_qr && w >= m + qw + 2 + BUY_TEXT_MIN && h >= qh) {
		/* Side by side: the code on the left, the text beside it. */
		tw = w - m - qw - 2 - m;
		buy_text(bv, &ls, tw, 1);
		buy_draw_qr(bv, y, x + m);
		ui_lines_draw(v->ui, &ls, 0, y + 1, x + m + qw + 2, h - 1, tw,
		    NULL);
		ui_lines_release(&ls);
		return;
	}
	tw = w - 2 * m;
	if (tw < 1)
		return;
	buy_text(bv, &ls, tw, show_qr);
	if (show_qr && w >= m + qw && h >= (int)ls.n + 1 + qh + 1) {
		/* Stacked: the text, then the code under it. */
		ui_lines_draw(v->ui, &ls, 0, y + 1, x + m, h - 1, tw, NULL);
		buy_draw_qr(bv, y + 1 + (int)ls.n, x + m);
		ui_lines_release(&ls);
		return;
	}
	if (show_qr) {
		ui_lines_release(&ls);
		buy_text(bv, &ls, tw, 0);
	}
	if (bv->phase == BUY_WAITING && bv->url != NULL) {
		ui_lines_add(&ls);
		if (bv->qr_error != NULL)
			snprintf(note, sizeof(note), "No QR code: %s.",
			    bv->qr_error);
		else
			snprintf(note, sizeof(note), "The terminal is too "
			    "small for the QR code (it needs %d columns by %d "
			    "rows); use the link above.", qw + 2 * m, qh + 2);
		ui_lines_wrap(&ls, note, tw, 0, THEME_DIM);
	}
	ui_lines_draw(v->ui, &ls, 0, y + 1, x + m, h - 1, tw, NULL);
	ui_lines_release(&ls);
}

/* ---- Keys ---------------------------------------------------------- */

/* Buying a course: the keys it gives a meaning of its own, for the help. */
static const struct view_key_help buy_keys[] = {
	{ ACT_OPEN, NULL, "Open the checkout page in my browser" },
	{ ACT_COPY, NULL, "Print the checkout link in full" },
	{ ACT_RELOAD, NULL, "Check the payment again, or retry the order" },
	{ ACT_NONE, NULL, NULL }
};

static int
buy_key(struct view *v, enum action a, int key)
{
	struct buy_view *bv = (struct buy_view *)v;
	struct ui *ui = v->ui;

	(void)key;
	switch (a) {
	case ACT_OPEN:
		if (bv->phase == BUY_WAITING && bv->url != NULL)
			ui_open_url(ui, bv->url);
		return 1;
	case ACT_COPY:
		if (bv->phase == BUY_WAITING && bv->url != NULL)
			ui_print_url(ui, "The checkout link of your order:",
			    bv->url);
		return 1;
	case ACT_RELOAD:
		if (bv->phase == BUY_WAITING && !ui_fetch_busy(&bv->poll)) {
			bv->polls = 0;
			buy_poll(bv);
		} else if (bv->phase == BUY_STOPPED || (bv->phase ==
		    BUY_CREATING && !ui_fetch_busy(&bv->create))) {
			buy_send(bv);
		}
		return 1;
	case ACT_CANCEL:
	case ACT_BACK:
		/* Canceling the order in flight is the UI's; else leave. */
		if (a == ACT_CANCEL && bv->phase == BUY_CREATING &&
		    ui_fetch_busy(&bv->create))
			return 0;
		if (bv->phase == BUY_WAITING)
			ui_message(ui, UI_MSG_INFO, "Order %" PRId64 " is "
			    "still waiting for payment; b on the course shows "
			    "it again", bv->order_id);
		ui_pop(ui);
		return 1;
	default:
		return 0;
	}
}

static void
buy_free(struct view *v)
{
	struct buy_view *bv = (struct buy_view *)v;

	free(bv->title);
	free(bv->price);
	free(bv->key);
	free(bv->amount);
	free(bv->url);
	free(bv->reason);
	free(bv->error);
	free(bv->qr_error);
	text_lines_release(&bv->qr);
	free(bv);
}

struct view *
buy_view_new(struct ui *ui, int64_t course_id, const char *title,
    const char *price)
{
	struct buy_view *bv = xcalloc(1, sizeof(*bv));

	bv->view.name = "buy";
	bv->view.ui = ui;
	bv->view.pane = (int)ui->cur;
	bv->view.draw = buy_draw;
	bv->view.key = buy_key;
	bv->view.keys_help = buy_keys;
	bv->view.tick = buy_tick;
	bv->view.free = buy_free;
	view_set_title(&bv->view, "Buy");
	bv->course_id = course_id;
	bv->title = xstrdup(title != NULL ? title : "");
	bv->price = xstrdup(price != NULL ? price : "");
	ui_fetch_init(&bv->create, ui, &bv->view, buy_created, bv);
	ui_fetch_init(&bv->poll, ui, &bv->view, buy_polled, bv);
	buy_send(bv);
	return &bv->view;
}

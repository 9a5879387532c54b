/*
 * The sandbox's hosted checkout: GET /checkout/{session} serves a plain
 * HTML form (no JavaScript: it works in w3m and lynx), POST takes the
 * card, and the outcome goes through the signed webhook path like any
 * provider's event would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/buf.h"
#include "guild/timeutil.h"
#include "db.h"
#include "pay.h"
#include "server.h"

#define CHECKOUT_TTL	(24 * 60 * 60)	/* a session expires after a day */

/* Appends s with &, <, >, " and ' escaped. */
static void
html_escape(struct buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		case '\'':
			buf_adds(b, "&#39;");
			break;
		default:
			buf_addc(b, *s);
			break;
		}
	}
}

/* The top of every page, with the order's summary. */
static void
page_head(struct buf *b, const char *heading, const struct order *o)
{
	char	amount[64];

	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>");
	html_escape(b, heading);
	buf_adds(b, " - Guild checkout</title>\n"
	    "<style>body{font-family:sans-serif;max-width:34em;margin:2em "
	    "auto;padding:0 1em;line-height:1.5}"
	    "input{font-size:1.1em;padding:.2em}.error{color:#a00}"
	    ".note{color:#555;font-size:.9em}</style>\n"
	    "</head>\n<body>\n<h1>");
	html_escape(b, heading);
	buf_adds(b, "</h1>\n");
	if (o == NULL)
		return;
	money_format(&o->amount, 0, amount, sizeof amount);
	buf_adds(b, "<p>Course: <strong>");
	html_escape(b, o->course_title);
	buf_adds(b, "</strong><br>\nAmount: <strong>");
	html_escape(b, amount);
	buf_printf(b, "</strong><br>\nOrder: #%lld</p>\n", (long long)o->id);
}

static void
page_foot(struct buf *b)
{
	buf_adds(b, "<p class=\"note\">Guild sandbox checkout: no real money "
	    "moves.</p>\n</body>\n</html>\n");
}

/* Hands the page in b to the http layer with status s. */
static enum gstatus
page_send(struct srv_req *req, struct buf *b, enum gstatus s)
{
	if (b->failed) {
		buf_release(b);
		return srv_fail(req, G_INTERNAL, "out of memory");
	}
	req->raw = buf_detach(b);
	req->raw_type = "text/html; charset=utf-8";
	srv_header_add(req, "Cache-Control", "no-store");
	srv_header_add(req, "Referrer-Policy", "no-referrer");
	srv_header_add(req, "X-Frame-Options", "DENY");
	srv_header_add(req, "Content-Security-Policy", "default-src 'none'; "
	    "style-src 'unsafe-inline'; form-action 'self'; "
	    "frame-ancestors 'none'");
	return s;
}

/* The card form, with an error line when error is not NULL. */
static enum gstatus
page_form(struct srv_req *req, const char *session, const struct order *o,
    const char *error, const char *exp, enum gstatus s)
{
	struct buf	b = BUF_INIT;
	char		amount[64];

	money_format(&o->amount, 0, amount, sizeof amount);
	page_head(&b, "Pay for your course", o);
	if (error != NULL) {
		buf_adds(&b, "<p class=\"error\"><strong>");
		html_escape(&b, error);
		buf_adds(&b, "</strong></p>\n");
	}
	buf_adds(&b, "<form method=\"post\" action=\"/checkout/");
	html_escape(&b, session);
	buf_adds(&b, "\">\n"
	    "<p><label for=\"card_number\">Card number</label><br>\n"
	    "<input id=\"card_number\" name=\"card_number\" "
	    "inputmode=\"numeric\" autocomplete=\"cc-number\" size=\"24\" "
	    "maxlength=\"32\" required></p>\n"
	    "<p><label for=\"exp\">Expiry (MM/YY)</label><br>\n"
	    "<input id=\"exp\" name=\"exp\" autocomplete=\"cc-exp\" "
	    "size=\"8\" maxlength=\"9\" required value=\"");
	html_escape(&b, exp != NULL ? exp : "");
	buf_adds(&b, "\"></p>\n"
	    "<p><label for=\"cvc\">CVC</label><br>\n"
	    "<input id=\"cvc\" name=\"cvc\" inputmode=\"numeric\" "
	    "autocomplete=\"cc-csc\" size=\"5\" maxlength=\"4\" required>"
	    "</p>\n<p><input type=\"submit\" value=\"Pay ");
	html_escape(&b, amount);
	buf_adds(&b, "\"></p>\n</form>\n"
	    "<p class=\"note\">Test cards: 4242 4242 4242 4242 pays; "
	    "4000 0000 0000 0002 is declined; 4000 0000 0000 9995 is declined "
	    "for insufficient funds. Any future expiry and any 3 digits "
	    "work.</p>\n");
	page_foot(&b);
	return page_send(req, &b, s);
}

/* Words for a failure reason. */
static const char *
reason_words(const char *reason)
{
	if (reason == NULL)
		return "the payment did not go through";
	if (strcmp(reason, "card_declined") == 0)
		return "your card was declined";
	if (strcmp(reason, "insufficient_funds") == 0)
		return "your card has insufficient funds";
	if (strcmp(reason, "expired") == 0)
		return "this checkout expired";
	if (strcmp(reason, "already_owned") == 0)
		return "you already own this course";
	return reason;
}

/* The page for an order that is no longer pending. */
static enum gstatus
page_status(struct srv_req *req, const struct order *o)
{
	struct buf	b = BUF_INIT;

	switch (o->status) {
	case ORDER_PAID:
		page_head(&b, "Payment received", o);
		buf_adds(&b, "<p><strong>Paid.</strong> The course is in your "
		    "library now; a receipt is on its way by email.</p>\n"
		    "<p>You can close this page and go back to your "
		    "terminal (<code>guild library</code>).</p>\n");
		break;
	case ORDER_FAILED:
		page_head(&b, "Payment declined", o);
		buf_adds(&b, "<p class=\"error\"><strong>Declined:</strong> ");
		html_escape(&b, reason_words(o->failure_reason));
		buf_adds(&b, " (");
		html_escape(&b, o->failure_reason != NULL ? o->failure_reason :
		    "declined");
		buf_adds(&b, ").</p>\n<p>Nothing was charged. Start a new "
		    "purchase to try another card.</p>\n");
		break;
	case ORDER_CANCELED:
		page_head(&b, "Order canceled", o);
		buf_adds(&b, "<p>This order is canceled: ");
		html_escape(&b, reason_words(o->failure_reason));
		buf_adds(&b, ". Nothing was charged.</p>\n");
		break;
	case ORDER_REFUNDED:
	default:
		page_head(&b, "Order refunded", o);
		buf_adds(&b, "<p>This order was paid and then refunded.</p>\n");
		break;
	}
	page_foot(&b);
	return page_send(req, &b, G_OK);
}

static enum gstatus
page_not_found(struct srv_req *req)
{
	struct buf	b = BUF_INIT;

	page_head(&b, "No such checkout", NULL);
	buf_adds(&b, "<p>This checkout link is not valid. Check that you "
	    "copied all of it, or start the purchase again.</p>\n");
	page_foot(&b);
	return page_send(req, &b, G_NOT_FOUND);
}

/*
 * Loads the order of the session in the path into *o, canceling it first
 * when it has been pending for longer than a day. G_OK, G_NOT_FOUND or a
 * failure.
 */
static enum gstatus
checkout_order(struct srv_req *req, const char *session, struct order *o)
{
	enum db_order_outcome	outcome;
	enum gstatus		s;
	time_t			created;

	s = db_order_by_session(req->db, session, o);
	if (s != G_OK || o->status != ORDER_PENDING)
		return s;
	if (o->created_at == NULL ||
	    time_parse_rfc3339(o->created_at, &created) != 0 ||
	    req->now - created <= CHECKOUT_TTL)
		return G_OK;
	order_release(o);
	if (db_begin(req->db) != 0)
		return G_UNAVAILABLE;
	s = db_order_by_session(req->db, session, o);
	if (s == G_OK && o->status == ORDER_PENDING) {
		s = db_order_fail(req->db, o->id, ORDER_CANCELED, "expired",
		    req->now, &outcome);
		order_release(o);
		if (s == G_OK)
			s = db_order_by_session(req->db, session, o);
	}
	if (s == G_OK && db_commit(req->db) != 0)
		s = G_INTERNAL;
	if (s != G_OK)
		db_rollback(req->db);
	return s;
}

enum gstatus
route_checkout_get(struct srv_req *req)
{
	const char	*session = route_param(&req->params, "session");
	struct order	 o;
	enum gstatus	 s;

	s = checkout_order(req, session, &o);
	if (s == G_NOT_FOUND)
		return page_not_found(req);
	if (s != G_OK)
		return srv_fail(req, s, "cannot load this checkout; reload the "
		    "page");
	s = o.status == ORDER_PENDING ?
	    page_form(req, session, &o, NULL, NULL, G_OK) :
	    page_status(req, &o);
	order_release(&o);
	return s;
}

/*
 * Delivers the sandbox's verdict on order o as a signed event through
 * the webhook path. G_OK, or the failure with the detail in req.
 */
static enum gstatus
checkout_deliver(struct srv_req *req, const struct order *o,
    const char *session, enum pay_card card)
{
	struct pay_event	 ev;
	json_t			*answer = NULL;
	char			*body, sig[128];
	enum gstatus		 s;

	memset(&ev, 0, sizeof ev);
	snprintf(ev.type, sizeof ev.type, "%s", card == PAY_CARD_PAID ?
	    PAY_EVENT_COMPLETED : PAY_EVENT_FAILED);
	ev.order_id = o->id;
	snprintf(ev.session, sizeof ev.session, "%s", session);
	ev.amount = o->amount;
	if (card != PAY_CARD_PAID)
		snprintf(ev.reason, sizeof ev.reason, "%s",
		    pay_card_reason(card));
	body = pay_event_build(&ev, req->now);
	if (body == NULL)
		return srv_fail(req, G_INTERNAL, "out of memory");
	if (pay_signature_header(pay_secret(), (int64_t)req->now, body,
	    strlen(body), sig, sizeof sig) != 0) {
		free(body);
		return srv_fail(req, G_INTERNAL, "cannot sign the event");
	}
	s = pay_webhook_receive(req->db, sig, body, strlen(body), req->now,
	    &answer, req->detail, sizeof req->detail);
	free(body);
	json_decref(answer);
	return s;
}

enum gstatus
route_checkout_post(struct srv_req *req)
{
	const char	*session = route_param(&req->params, "session");
	struct order	 o;
	enum pay_card	 card;
	enum gstatus	 s;
	char		 number[40], exp[16], cvc[8];
	const char	*error = NULL;
	size_t		 i;
	int		 owned;

	s = checkout_order(req, session, &o);
	if (s == G_NOT_FOUND)
		return page_not_found(req);
	if (s != G_OK)
		return srv_fail(req, s, "cannot load this checkout; go back and "
		    "try again");
	if (o.status != ORDER_PENDING) {
		s = page_status(req, &o);
		order_release(&o);
		return s;
	}
	if (pay_form_field(req->body, req->body_len, "card_number", number,
	    sizeof number) != 0)
		number[0] = '\0';
	if (pay_form_field(req->body, req->body_len, "exp", exp,
	    sizeof exp) != 0)
		exp[0] = '\0';
	if (pay_form_field(req->body, req->body_len, "cvc", cvc,
	    sizeof cvc) != 0)
		cvc[0] = '\0';
	card = pay_card_outcome(number);
	if (card == PAY_CARD_INVALID)
		error = "Declined (invalid number): use one of the test cards "
		    "below.";
	else if (pay_expiry_valid(exp, req->now) != 0)
		error = "The expiry date must be a month that has not passed, "
		    "as MM/YY.";
	for (i = 0; error == NULL && cvc[i] != '\0'; i++) {
		if (cvc[i] < '0' || cvc[i] > '9')
			break;
	}
	if (error == NULL && (cvc[i] != '\0' || i < 3 || i > 4))
		error = "The CVC is the 3 or 4 digits on the back of the card.";
	if (error != NULL) {
		s = page_form(req, session, &o, error, exp, G_UNPROCESSABLE);
		order_release(&o);
		return s;
	}
	/* Never charge for a course the buyer got meanwhile. */
	s = db_enrolled(req->db, o.user_id, o.course_id, &owned);
	if (s == G_OK && owned) {
		enum db_order_outcome outcome;

		s = db_begin(req->db) == 0 ? G_OK : G_UNAVAILABLE;
		if (s == G_OK)
			s = db_order_fail(req->db, o.id, ORDER_CANCELED,
			    "already_owned", req->now, &outcome);
		if (s == G_OK && db_commit(req->db) != 0)
			s = G_INTERNAL;
		if (s != G_OK)
			db_rollback(req->db);
	} else if (s == G_OK) {
		s = checkout_deliver(req, &o, session, card);
	}
	order_release(&o);
	if (s != G_OK)
		return s;
	s = db_order_by_session(req->db, session, &o);
	if (s != G_OK)
		return s;
	s = page_status(req, &o);
	order_release(&o);
	return s;
}

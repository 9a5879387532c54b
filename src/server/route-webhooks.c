/*
 * POST /api/v1/webhooks/payments: signed payment events from the
 * provider, verified, deduplicated by event id and applied to their
 * order in one transaction. The sandbox checkout delivers its events
 * through the same function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "mail.h"
#include "pay.h"
#include "server.h"

/*
 * Applies ev inside the caller's transaction. *result is "applied" or
 * "ignored" (with why), *fulfilled set when an order turned paid.
 */
static enum gstatus
webhook_apply(sqlite3 *db, const struct pay_event *ev, time_t now,
    const char **result, char *why, size_t whysz, int *fulfilled)
{
	enum db_order_outcome	 outcome = DB_ORDER_UNCHANGED;
	struct order		 o;
	char			*session = NULL;
	enum gstatus		 s;
	int			 completed, failed;

	*result = "ignored";
	*fulfilled = 0;
	why[0] = '\0';
	completed = strcmp(ev->type, PAY_EVENT_COMPLETED) == 0;
	failed = strcmp(ev->type, PAY_EVENT_FAILED) == 0;
	if (!completed && !failed) {
		snprintf(why, whysz, "guildd does not handle %.40s events",
		    ev->type);
		return G_OK;
	}
	s = ev->order_id > 0 ? db_order_get(db, ev->order_id, &o, &session) :
	    G_NOT_FOUND;
	if (s == G_NOT_FOUND) {
		snprintf(why, whysz, "no order %lld", (long long)ev->order_id);
		return G_OK;
	}
	if (s != G_OK)
		return s;
	if (session == NULL || strcmp(session, ev->session) != 0 ||
	    o.amount.amount != ev->amount.amount ||
	    strcmp(o.amount.currency, ev->amount.currency) != 0) {
		snprintf(why, whysz, "the event's session or amount does not "
		    "match order %lld", (long long)o.id);
	} else if (o.status != ORDER_PENDING) {
		snprintf(why, whysz, "order %lld is already %s", (long long)o.id,
		    order_status_name(o.status));
	} else if (completed) {
		s = db_order_fulfil(db, o.id, now, &outcome);
		*fulfilled = s == G_OK && outcome == DB_ORDER_APPLIED;
		if (s == G_OK && outcome == DB_ORDER_OWNED)
			snprintf(why, whysz, "the buyer already owns the "
			    "course: order %lld is canceled", (long long)o.id);
	} else {
		s = db_order_fail(db, o.id, ORDER_FAILED, ev->reason[0] != '\0' ?
		    ev->reason : "declined", now, &outcome);
	}
	if (s == G_OK && outcome != DB_ORDER_UNCHANGED)
		*result = "applied";
	free(session);
	order_release(&o);
	return s;
}

enum gstatus
pay_webhook_receive(sqlite3 *db, const char *signature, const char *body,
    size_t len, time_t now, json_t **answer, char *detail, size_t detailsz)
{
	struct pay_event	 ev;
	struct order		 o;
	const char		*result;
	char			 why[256];
	enum gstatus		 s;
	int			 duplicate = 0, fulfilled = 0;

	*answer = NULL;
	switch (pay_sig_verify(pay_secret(), signature, body != NULL ? body :
	    "", len, now, PAY_TOLERANCE)) {
	case PAY_SIG_OK:
		break;
	case PAY_SIG_MALFORMED:
		snprintf(detail, detailsz, "missing or malformed "
		    "Stripe-Signature header (want t=TIMESTAMP,v1=HEX)");
		return G_BAD_REQUEST;
	case PAY_SIG_MISMATCH:
		snprintf(detail, detailsz, "the signature does not match the "
		    "body: check the webhook secret");
		return G_BAD_REQUEST;
	case PAY_SIG_STALE:
	default:
		snprintf(detail, detailsz, "the signature's timestamp is more "
		    "than %d seconds from the server's clock; old deliveries "
		    "are refused", PAY_TOLERANCE);
		return G_BAD_REQUEST;
	}
	if (pay_event_parse(body, len, &ev, why, sizeof why) != 0) {
		snprintf(detail, detailsz, "%s", why);
		return G_BAD_REQUEST;
	}
	if (db_begin(db) != 0) {
		snprintf(detail, detailsz, "the database is busy; deliver the "
		    "event again");
		return G_UNAVAILABLE;
	}
	s = webhook_apply(db, &ev, now, &result, why, sizeof why, &fulfilled);
	if (s == G_OK)
		s = db_webhook_event_record(db, ev.id, ev.type, ev.order_id,
		    result, now, &duplicate);
	if (s == G_OK && duplicate) {
		/* Seen before: whatever apply did is undone. */
		db_rollback(db);
		result = "duplicate";
		fulfilled = 0;
		snprintf(why, sizeof why, "event %.60s was processed before",
		    ev.id);
	} else if (s != G_OK || db_commit(db) != 0) {
		db_rollback(db);
		snprintf(detail, detailsz, "cannot apply the event; deliver it "
		    "again");
		return G_INTERNAL;
	}
	if (fulfilled)
		mail_kick();
	*answer = json_pack("{s:b, s:s, s:s}", "received", 1, "result", result,
	    "event_id", ev.id);
	if (*answer == NULL)
		return G_INTERNAL;
	if (why[0] != '\0')
		json_object_set_new(*answer, "detail", json_string(why));
	if (ev.order_id > 0 && db_order_get(db, ev.order_id, &o, NULL) == G_OK) {
		json_object_set_new(*answer, "order_id",
		    json_integer((json_int_t)o.id));
		json_object_set_new(*answer, "order_status",
		    json_string(order_status_name(o.status)));
		order_release(&o);
	}
	return G_OK;
}

enum gstatus
route_webhooks_payments(struct srv_req *req)
{
	json_t		*answer;
	enum gstatus	 s;

	if (req->body_len > PAY_EVENT_MAX)
		return srv_fail(req, G_PAYLOAD_TOO_LARGE, "a webhook event is "
		    "at most %d bytes", PAY_EVENT_MAX);
	if (req->body == NULL || req->body_len == 0)
		return srv_fail(req, G_BAD_REQUEST, "the event body is empty");
	s = pay_webhook_receive(req->db, srv_header(req, "Stripe-Signature"),
	    req->body, req->body_len, req->now, &answer, req->detail,
	    sizeof req->detail);
	if (s != G_OK)
		return s;
	req->out = answer;
	return G_OK;
}

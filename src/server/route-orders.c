/*
 * Orders: POST /api/v1/orders (with an Idempotency-Key), GET
 * /api/v1/orders/{id}, GET /api/v1/me/orders and the operator's POST
 * /api/v1/orders/{id}/refund.
 */
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "db.h"
#include "idempotency.h"
#include "mail.h"
#include "pay.h"
#include "server.h"

#define REFUND_REASON_MAX	500	/* characters */

/* Reads the {id} path parameter as an order id; 0 when it is not one. */
static int64_t
order_param(const struct srv_req *req)
{
	const char	*v = route_param(&req->params, "id");
	int64_t		 id;

	if (v == NULL || parse_int64(v, 1, INT64_MAX, &id) != 0)
		return 0;
	return id;
}

/* Puts order id into req->out. G_OK, or the failure. */
static enum gstatus
order_answer(struct srv_req *req, int64_t id)
{
	struct order	o;
	enum gstatus	s;

	s = db_order_get(req->db, id, &o, NULL);
	if (s != G_OK)
		return s;
	req->out = order_to_json(&o);
	order_release(&o);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

/*
 * Creates the order for course_id inside the caller's transaction and
 * fills req->out (201) or the problem. A free course is enrolled at once:
 * the order is paid with amount 0. *paid says so (mail to send).
 */
static enum gstatus
order_create(struct srv_req *req, int64_t course_id, int *paid)
{
	const struct pay_provider	*pp = pay_provider();
	struct db_course_access		 acc;
	struct pay_checkout		 co;
	enum db_order_outcome		 outcome;
	enum gstatus			 s;
	char				 session[PAY_SESSION_SIZE];
	int64_t				 id;

	*paid = 0;
	s = db_course_access(req->db, course_id, NULL, req->viewer.user_id,
	    &acc);
	if (s == G_OK && !catalog_can_see(req, &acc))
		s = G_NOT_FOUND;
	if (s == G_NOT_FOUND)
		return srv_fail(req, G_NOT_FOUND, "no course %lld",
		    (long long)course_id);
	if (s != G_OK)
		return s;
	if (acc.owned)
		return srv_fail(req, G_CONFLICT, "you already own this course; "
		    "it is in your library (GET /api/v1/me/library)");
	if (!acc.published)
		return srv_fail(req, G_CONFLICT, "course %lld is not published, "
		    "so it cannot be bought yet", (long long)course_id);
	if (acc.price.amount == 0) {
		s = db_order_insert(req->db, req->viewer.user_id, course_id,
		    &acc.price, "free", NULL, req->now, &id);
		if (s == G_OK)
			s = db_order_fulfil(req->db, id, req->now, &outcome);
		if (s == G_OK && outcome != DB_ORDER_APPLIED)
			s = G_INTERNAL;
		*paid = s == G_OK;
	} else {
		memset(&co, 0, sizeof co);
		co.amount = &acc.price;
		if (pp->open(&co, session, sizeof session) != 0)
			return srv_fail(req, G_INTERNAL, "cannot open a "
			    "checkout session");
		s = db_order_insert(req->db, req->viewer.user_id, course_id,
		    &acc.price, pp->name, session, req->now, &id);
	}
	if (s == G_OK)
		s = order_answer(req, id);
	return s == G_OK ? G_CREATED : s;
}

enum gstatus
route_orders_create(struct srv_req *req)
{
	const char	*key = srv_header(req, "Idempotency-Key");
	const json_t	*cid;
	json_t		*in;
	struct idem	 k;
	enum idem_state	 state;
	enum gstatus	 s, replay;
	int		 paid = 0;

	if (key == NULL || key[0] == '\0')
		return srv_fail(req, G_BAD_REQUEST, "POST /api/v1/orders needs "
		    "an Idempotency-Key header: a unique string (a UUID) made "
		    "for this purchase and sent again with every retry of it");
	if (!idem_key_valid(key))
		return srv_fail(req, G_BAD_REQUEST, "the Idempotency-Key must "
		    "be 1 to %d printable ASCII characters without spaces",
		    IDEM_KEY_MAX);
	s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	cid = json_object_get(in, "course_id");
	if (cid == NULL || json_is_null(cid))
		srv_field_error(req, "course_id", "is required");
	else if (!json_is_integer(cid) || json_integer_value(cid) < 1)
		srv_field_error(req, "course_id", "must be a course id (a "
		    "positive integer)");
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	memset(&k, 0, sizeof k);
	k.user_id = req->viewer.user_id;
	snprintf(k.key, sizeof k.key, "%s", key);
	idem_request_hash(req->method, req->path, req->body, req->body_len,
	    k.hash);

	/* The key is reserved, used and stored in one write transaction. */
	if (db_begin(req->db) != 0) {
		json_decref(in);
		return srv_fail(req, G_UNAVAILABLE, "the database is busy; "
		    "retry with the same Idempotency-Key");
	}
	s = idem_lookup(req->db, req, &k, req->now, &state, &replay);
	if (s == G_OK && state == IDEM_REPLAY) {
		json_decref(in);
		db_commit(req->db);
		return replay;
	}
	if (s == G_OK && state == IDEM_MISMATCH) {
		json_decref(in);
		db_rollback(req->db);
		return srv_fail(req, G_UNPROCESSABLE, "this Idempotency-Key "
		    "was already used for a different request; make a new key "
		    "for a new purchase");
	}
	if (s == G_OK)
		s = order_create(req, (int64_t)json_integer_value(cid), &paid);
	json_decref(in);
	if (s == G_INTERNAL || s == G_UNAVAILABLE ||
	    idem_store(req->db, &k, req, s, req->now) != G_OK ||
	    db_commit(req->db) != 0) {
		db_rollback(req->db);
		json_decref(req->out);
		req->out = NULL;
		return srv_fail(req, G_INTERNAL, "cannot record the order; "
		    "retry with the same Idempotency-Key");
	}
	if (paid)
		mail_kick();
	return s;
}

enum gstatus
route_orders_get(struct srv_req *req)
{
	struct order	o;
	int64_t		id = order_param(req);
	enum gstatus	s = id > 0 ? db_order_get(req->db, id, &o, NULL) :
			    G_NOT_FOUND;

	/* Someone else's order is as absent as one that never was. */
	if (s == G_OK && o.user_id != req->viewer.user_id &&
	    !srv_viewer_is_operator(req)) {
		order_release(&o);
		s = G_NOT_FOUND;
	}
	if (s == G_NOT_FOUND)
		return srv_fail(req, G_NOT_FOUND, "no order %s among yours",
		    route_param(&req->params, "id") != NULL && id > 0 ?
		    route_param(&req->params, "id") : "with that id");
	if (s != G_OK)
		return s;
	req->out = order_to_json(&o);
	order_release(&o);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

enum gstatus
route_me_orders(struct srv_req *req)
{
	struct order	*items;
	json_t		*arr;
	enum gstatus	 s;
	size_t		 i, n;
	int		 limit, has_after, has_more;
	int64_t		 after_key, after_id, last = 0, last_id = 0;

	s = page_query(req, &limit, &has_after, &after_key, &after_id);
	if (s != G_OK)
		return s;
	s = db_orders_of_user(req->db, req->viewer.user_id, has_after,
	    after_key, after_id, limit, &items, &n, &has_more, &last);
	if (s != G_OK)
		return s;
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++) {
		if (json_array_append_new(arr, order_to_json(&items[i])) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	if (n > 0)
		last_id = items[n - 1].id;
	db_orders_free(items, n);
	if (arr == NULL)
		return G_INTERNAL;
	return page_answer(req, arr, has_more, last, last_id,
	    "/api/v1/me/orders", limit);
}

enum gstatus
route_orders_refund(struct srv_req *req)
{
	json_t		*in = NULL;
	const char	*reason = NULL;
	struct order	 o;
	enum gstatus	 s;
	int64_t		 id = order_param(req);

	if (!srv_viewer_is_operator(req))
		return srv_fail(req, G_FORBIDDEN, "only operators refund "
		    "orders");
	if (req->body_len > 0) {
		s = srv_json_body(req, &in);
		if (s != G_OK)
			return s;
		srv_json_string(req, in, "reason", 0, &reason);
		if (reason != NULL && (srv_utf8_len(reason) > REFUND_REASON_MAX ||
		    !catalog_one_line(reason)))
			srv_field_error(req, "reason", "must be one line of at "
			    "most %d characters", REFUND_REASON_MAX);
		if (req->nerrors > 0) {
			json_decref(in);
			return srv_invalid(req);
		}
	}
	if (id == 0) {
		json_decref(in);
		return srv_fail(req, G_NOT_FOUND, "no such order");
	}
	if (db_begin(req->db) != 0) {
		json_decref(in);
		return srv_fail(req, G_UNAVAILABLE, "the database is busy; "
		    "try again");
	}
	s = db_order_refund(req->db, id, req->viewer.user_id, reason, req->now);
	json_decref(in);
	if (s == G_OK && db_commit(req->db) != 0)
		s = G_INTERNAL;
	if (s != G_OK)
		db_rollback(req->db);
	if (s == G_NOT_FOUND)
		return srv_fail(req, G_NOT_FOUND, "no order %lld",
		    (long long)id);
	if (s == G_CONFLICT) {
		if (db_order_get(req->db, id, &o, NULL) == G_OK) {
			srv_fail(req, G_CONFLICT, "only a paid order can be "
			    "refunded; order %lld is %s", (long long)id,
			    order_status_name(o.status));
			order_release(&o);
			return G_CONFLICT;
		}
		return srv_fail(req, G_CONFLICT, "only a paid order can be "
		    "refunded");
	}
	if (s != G_OK)
		return s;
	return order_answer(req, id);
}

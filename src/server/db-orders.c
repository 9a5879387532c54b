/*
 * The orders tables: orders and their payment outcomes (paid: enrolled,
 * mailed and announced in one transaction), refunds, webhook event
 * deduplication, and the settings table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/buf.h"
#include "db.h"
#include "events.h"
#include "mail.h"
#include "pay.h"

/* ---- settings -------------------------------------------------------- */

enum gstatus
db_setting_get(sqlite3 *db, const char *name, char **out)
{
	sqlite3_stmt	*st;
	int		 rc;
	enum gstatus	 s;

	*out = NULL;
	if (db_prepare(db, "SELECT value FROM settings WHERE name = ?1",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		s = db_col_text(st, 0, out) == 0 ? G_OK : G_INTERNAL;
	else
		s = rc == SQLITE_DONE ? G_NOT_FOUND : G_INTERNAL;
	sqlite3_finalize(st);
	return s;
}

enum gstatus
db_setting_init(sqlite3 *db, const char *name, const char *value)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, "INSERT OR IGNORE INTO settings (name, value)"
	    " VALUES (?1, ?2)", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "setting");
		return G_INTERNAL;
	}
	return G_OK;
}

enum gstatus
db_enrolled(sqlite3 *db, int64_t user_id, int64_t course_id, int *owned)
{
	sqlite3_stmt	*st;
	int		 rc;

	*owned = 0;
	if (db_prepare(db, "SELECT 1 FROM enrollments WHERE user_id = ?1"
	    " AND course_id = ?2", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, course_id);
	rc = sqlite3_step(st);
	*owned = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? G_OK : G_INTERNAL;
}

/* ---- reading orders -------------------------------------------------- */

#define ORDER_COLUMNS \
	"o.id, o.status, o.amount, o.currency, o.course_id, c.slug," \
	" c.title, o.user_id, o.session, o.failure_reason, o.created_at," \
	" o.paid_at, (SELECT r.created_at FROM refunds r" \
	"   WHERE r.order_id = o.id)"
#define ORDER_FROM " FROM orders o JOIN courses c ON c.id = o.course_id"

/*
 * Fills o from a row of ORDER_COLUMNS; checkout_url is set while the
 * order is pending. *session (when not NULL) receives the session id.
 */
static enum gstatus
order_from_row(sqlite3_stmt *st, struct order *o, char **session)
{
	char	*status = NULL, *currency = NULL, *sess = NULL;
	char	 url[PAY_URL_MAX];
	int	 bad;

	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(st, 0);
	o->amount.amount = sqlite3_column_int64(st, 2);
	o->course_id = sqlite3_column_int64(st, 4);
	o->user_id = sqlite3_column_int64(st, 7);
	bad = db_col_text(st, 1, &status) ||
	    db_col_text(st, 3, &currency) ||
	    db_col_text(st, 5, &o->course_slug) ||
	    db_col_text(st, 6, &o->course_title) ||
	    db_col_text(st, 8, &sess) ||
	    db_col_text(st, 9, &o->failure_reason) ||
	    db_col_time(st, 10, &o->created_at) ||
	    db_col_time(st, 11, &o->paid_at) ||
	    db_col_time(st, 12, &o->refunded_at);
	if (!bad) {
		if (order_status_parse(status, &o->status) != 0)
			o->status = ORDER_PENDING;
		memcpy(o->amount.currency, currency != NULL &&
		    strlen(currency) == 3 ? currency : "CNY", 4);
		if (o->status == ORDER_PENDING && sess != NULL &&
		    pay_provider()->checkout_url(sess, url, sizeof url) == 0) {
			o->checkout_url = strdup(url);
			bad = o->checkout_url == NULL;
		}
	}
	free(status);
	free(currency);
	if (!bad && session != NULL)
		*session = sess;
	else
		free(sess);
	if (bad) {
		order_release(o);
		return G_INTERNAL;
	}
	return G_OK;
}

/* Runs a one-row order query bound to one value. */
static enum gstatus
order_query(sqlite3 *db, const char *sql, int64_t id, const char *text,
    struct order *out, char **session)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;
	int		 rc;

	memset(out, 0, sizeof *out);
	if (session != NULL)
		*session = NULL;
	if (db_prepare(db, sql, &st) != 0)
		return G_INTERNAL;
	if (text != NULL)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s = order_from_row(st, out, session);
	} else if (rc == SQLITE_DONE) {
		s = G_NOT_FOUND;
	} else {
		db_log(db, "order get");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	return s;
}

enum gstatus
db_order_get(sqlite3 *db, int64_t id, struct order *out, char **session)
{
	return order_query(db, "SELECT " ORDER_COLUMNS ORDER_FROM
	    " WHERE o.id = ?1", id, NULL, out, session);
}

enum gstatus
db_order_by_session(sqlite3 *db, const char *session, struct order *out)
{
	return order_query(db, "SELECT " ORDER_COLUMNS ORDER_FROM
	    " WHERE o.session = ?1", 0, session, out, NULL);
}

void
db_orders_free(struct order *items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		order_release(&items[i]);
	free(items);
}

enum gstatus
db_orders_of_user(sqlite3 *db, int64_t user_id, int has_after,
    int64_t after_created, int64_t after_id, int limit, struct order **items,
    size_t *n, int *has_more, int64_t *last_created)
{
	sqlite3_stmt	*st;
	enum gstatus	 s = G_OK;
	int		 rc = SQLITE_DONE;

	*items = NULL;
	*n = 0;
	*has_more = 0;
	*last_created = 0;
	if (limit <= 0)
		return G_OK;
	if (db_prepare(db, "SELECT " ORDER_COLUMNS ORDER_FROM
	    " WHERE o.user_id = ?1 AND (?2 IS NULL OR o.created_at < ?2"
	    "   OR (o.created_at = ?2 AND o.id < ?3))"
	    " ORDER BY o.created_at DESC, o.id DESC LIMIT ?4", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, user_id);
	if (has_after) {
		sqlite3_bind_int64(st, 2, after_created);
		sqlite3_bind_int64(st, 3, after_id);
	}
	sqlite3_bind_int(st, 4, limit + 1);
	*items = calloc((size_t)limit, sizeof **items);
	if (*items == NULL) {
		sqlite3_finalize(st);
		return G_INTERNAL;
	}
	while (s == G_OK) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW || *n == (size_t)limit)
			break;
		s = order_from_row(st, &(*items)[*n], NULL);
		if (s == G_OK) {
			*last_created = sqlite3_column_int64(st, 10);
			(*n)++;
		}
	}
	if (s == G_OK && rc == SQLITE_ROW)
		*has_more = 1;
	else if (s == G_OK && rc != SQLITE_DONE) {
		db_log(db, "order list");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	if (s != G_OK) {
		db_orders_free(*items, *n);
		*items = NULL;
		*n = 0;
	}
	return s;
}

/* ---- writing orders -------------------------------------------------- */

enum gstatus
db_order_insert(sqlite3 *db, int64_t user_id, int64_t course_id,
    const struct money *amount, const char *provider, const char *session,
    time_t now, int64_t *id)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, "INSERT INTO orders (user_id, course_id, amount,"
	    " currency, provider, session, created_at, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, course_id);
	sqlite3_bind_int64(st, 3, amount->amount);
	sqlite3_bind_text(st, 4, amount->currency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, provider, -1, SQLITE_STATIC);
	if (session != NULL)
		sqlite3_bind_text(st, 6, session, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "order insert");
		return G_INTERNAL;
	}
	*id = sqlite3_last_insert_rowid(db);
	return G_OK;
}

/* Runs one prepared write that must change exactly one row. */
static enum gstatus
write_one(sqlite3 *db, sqlite3_stmt *st, const char *what)
{
	int	rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, what);
		return G_INTERNAL;
	}
	return sqlite3_changes(db) == 1 ? G_OK : G_CONFLICT;
}

/* What a fulfilment needs to know about an order and its buyer. */
struct order_facts {
	char		 status[16];
	int64_t		 user_id;
	int64_t		 course_id;
	struct money	 amount;
	char		*email;
	char		*name;
	char		*title;
	char		*slug;
};

static void
order_facts_release(struct order_facts *f)
{
	free(f->email);
	free(f->name);
	free(f->title);
	free(f->slug);
	memset(f, 0, sizeof *f);
}

static enum gstatus
order_facts_get(sqlite3 *db, int64_t id, struct order_facts *f)
{
	sqlite3_stmt	*st;
	const char	*status, *cur;
	int		 rc;
	enum gstatus	 s = G_OK;

	memset(f, 0, sizeof *f);
	if (db_prepare(db, "SELECT o.status, o.user_id, o.course_id, o.amount,"
	    " o.currency, u.email, CASE WHEN u.display_name = ''"
	    " THEN u.username ELSE u.display_name END, c.title, c.slug"
	    " FROM orders o JOIN users u ON u.id = o.user_id"
	    " JOIN courses c ON c.id = o.course_id WHERE o.id = ?1", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		status = (const char *)sqlite3_column_text(st, 0);
		cur = (const char *)sqlite3_column_text(st, 4);
		snprintf(f->status, sizeof f->status, "%s",
		    status != NULL ? status : "");
		f->user_id = sqlite3_column_int64(st, 1);
		f->course_id = sqlite3_column_int64(st, 2);
		f->amount.amount = sqlite3_column_int64(st, 3);
		snprintf(f->amount.currency, sizeof f->amount.currency, "%s",
		    cur != NULL ? cur : "CNY");
		if (db_col_text(st, 5, &f->email) != 0 ||
		    db_col_text(st, 6, &f->name) != 0 ||
		    db_col_text(st, 7, &f->title) != 0 ||
		    db_col_text(st, 8, &f->slug) != 0)
			s = G_INTERNAL;
	} else {
		s = rc == SQLITE_DONE ? G_NOT_FOUND : G_INTERNAL;
	}
	sqlite3_finalize(st);
	if (s != G_OK)
		order_facts_release(f);
	return s;
}

/* Queues the confirmation mail of order id to its buyer (if they have an
 * address). */
static enum gstatus
order_mail(sqlite3 *db, int64_t id, const struct order_facts *f, time_t now)
{
	struct mail_order	m;
	struct buf		subject = BUF_INIT, body = BUF_INIT;
	enum gstatus		s;

	if (f->email == NULL || f->email[0] == '\0')
		return G_OK;
	memset(&m, 0, sizeof m);
	m.order_id = id;
	m.name = f->name != NULL ? f->name : "";
	m.course_title = f->title != NULL ? f->title : "";
	m.course_slug = f->slug != NULL ? f->slug : "";
	m.amount = &f->amount;
	m.paid_at = now;
	m.public_url = pay_public_url();
	if (mail_order_compose(&m, &subject, &body) != 0)
		s = G_INTERNAL;
	else
		s = mail_queue(db, f->email, buf_str(&subject), buf_str(&body),
		    id, now);
	buf_release(&subject);
	buf_release(&body);
	return s;
}

/* Sets pending order id to status with reason (failed or canceled). */
static enum gstatus
order_close(sqlite3 *db, int64_t id, const char *status, const char *reason,
    time_t now)
{
	sqlite3_stmt	*st;

	if (db_prepare(db, "UPDATE orders SET status = ?2, failure_reason = ?3,"
	    " updated_at = ?4 WHERE id = ?1 AND status = 'pending'", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
	return write_one(db, st, "order close");
}

enum gstatus
db_order_fulfil(sqlite3 *db, int64_t id, time_t now,
    enum db_order_outcome *out)
{
	struct order_facts	f;
	struct srv_event	ev;
	sqlite3_stmt		*st;
	enum gstatus		 s;
	int			 owned;

	*out = DB_ORDER_UNCHANGED;
	s = order_facts_get(db, id, &f);
	if (s != G_OK)
		return s;
	if (strcmp(f.status, "pending") != 0) {
		order_facts_release(&f);
		return G_OK;
	}
	s = db_enrolled(db, f.user_id, f.course_id, &owned);
	if (s == G_OK && owned) {
		/* Bought meanwhile through another order: never twice. */
		s = order_close(db, id, "canceled", "already_owned", now);
		if (s == G_OK)
			*out = DB_ORDER_OWNED;
		order_facts_release(&f);
		return s;
	}
	if (s == G_OK && db_prepare(db, "UPDATE orders SET status = 'paid',"
	    " paid_at = ?2, updated_at = ?2, failure_reason = NULL"
	    " WHERE id = ?1 AND status = 'pending'", &st) != 0)
		s = G_INTERNAL;
	if (s == G_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
		s = write_one(db, st, "order paid");
	}
	if (s == G_OK && db_prepare(db, "INSERT INTO enrollments (user_id,"
	    " course_id, created_at, order_id) VALUES (?1, ?2, ?3, ?4)",
	    &st) != 0)
		s = G_INTERNAL;
	if (s == G_OK) {
		sqlite3_bind_int64(st, 1, f.user_id);
		sqlite3_bind_int64(st, 2, f.course_id);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
		sqlite3_bind_int64(st, 4, id);
		s = write_one(db, st, "enrollment");
	}
	if (s == G_OK)
		s = order_mail(db, id, &f, now);
	if (s == G_OK) {
		memset(&ev, 0, sizeof ev);
		ev.kind = EV_ORDER_PAID;
		ev.actor_id = f.user_id;
		ev.subject_type = "order";
		ev.subject_id = id;
		ev.value = f.amount.amount;
		ev.at = now;
		if (srv_event_emit(db, &ev) != 0)
			s = G_INTERNAL;
	}
	order_facts_release(&f);
	if (s == G_OK)
		*out = DB_ORDER_APPLIED;
	return s == G_CONFLICT ? G_INTERNAL : s;
}

enum gstatus
db_order_fail(sqlite3 *db, int64_t id, enum order_status status,
    const char *reason, time_t now, enum db_order_outcome *out)
{
	struct order_facts	f;
	enum gstatus		s;

	*out = DB_ORDER_UNCHANGED;
	s = order_facts_get(db, id, &f);
	if (s != G_OK)
		return s;
	if (strcmp(f.status, "pending") == 0) {
		s = order_close(db, id, order_status_name(status), reason, now);
		if (s == G_OK)
			*out = DB_ORDER_APPLIED;
	}
	order_facts_release(&f);
	return s == G_CONFLICT ? G_INTERNAL : s;
}

enum gstatus
db_order_refund(sqlite3 *db, int64_t id, int64_t operator_id,
    const char *reason, time_t now)
{
	struct order_facts	f;
	struct srv_event	ev;
	sqlite3_stmt		*st;
	enum gstatus		 s;

	s = order_facts_get(db, id, &f);
	if (s != G_OK)
		return s;
	if (strcmp(f.status, "paid") != 0) {
		order_facts_release(&f);
		return G_CONFLICT;
	}
	if (db_prepare(db, "UPDATE orders SET status = 'refunded',"
	    " updated_at = ?2 WHERE id = ?1 AND status = 'paid'", &st) != 0)
		s = G_INTERNAL;
	if (s == G_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
		s = write_one(db, st, "order refund");
	}
	if (s == G_OK && db_prepare(db, "INSERT INTO refunds (order_id,"
	    " operator_id, amount, reason, created_at)"
	    " VALUES (?1, NULLIF(?2, 0), ?3, ?4, ?5)", &st) != 0)
		s = G_INTERNAL;
	if (s == G_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, operator_id);
		sqlite3_bind_int64(st, 3, f.amount.amount);
		sqlite3_bind_text(st, 4, reason != NULL ? reason : "", -1,
		    SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, (sqlite3_int64)now);
		s = write_one(db, st, "refund");
	}
	if (s == G_OK && db_prepare(db, "DELETE FROM enrollments"
	    " WHERE order_id = ?1", &st) != 0)
		s = G_INTERNAL;
	if (s == G_OK) {
		sqlite3_bind_int64(st, 1, id);
		s = write_one(db, st, "refund enrollment");
		/* An enrollment already gone (a bug elsewhere) is not ours
		 * to fail on: the refund still stands. */
		if (s == G_CONFLICT)
			s = G_OK;
	}
	if (s == G_OK) {
		memset(&ev, 0, sizeof ev);
		ev.kind = EV_ORDER_REFUNDED;
		ev.actor_id = operator_id;
		ev.target_user_id = f.user_id;
		ev.subject_type = "order";
		ev.subject_id = id;
		ev.value = f.amount.amount;
		ev.at = now;
		if (srv_event_emit(db, &ev) != 0)
			s = G_INTERNAL;
	}
	order_facts_release(&f);
	return s == G_CONFLICT ? G_INTERNAL : s;
}

enum gstatus
db_webhook_event_record(sqlite3 *db, const char *id, const char *type,
    int64_t order_id, const char *result, time_t now, int *duplicate)
{
	sqlite3_stmt	*st;
	int		 rc;

	*duplicate = 0;
	if (db_prepare(db, "INSERT OR IGNORE INTO webhook_events (id, type,"
	    " order_id, result, received_at) VALUES (?1, ?2, NULLIF(?3, 0),"
	    " ?4, ?5)", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, order_id);
	sqlite3_bind_text(st, 4, result, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "webhook event");
		return G_INTERNAL;
	}
	*duplicate = sqlite3_changes(db) == 0;
	return G_OK;
}

/*
 * The inbox: notifications written inside the transactions of what they
 * tell (the events.c subscriber, badges, RSVP promotions), the lazy
 * "event starting soon" ones, and the reads and marks the
 * /me/notifications routes make.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "inbox.h"

#define INBOX_TEXT_MAX	512	/* bytes of a notification's text */
#define INBOX_KEY_MAX	64	/* bytes of a batch or dedupe key */
#define SOON_WINDOW	86400	/* "starting soon": within 24 hours */

char *
inbox_quote_title(const char *title, char *out, size_t outsz)
{
	static const char	 open[] = "\xe2\x80\x9c", close[] = "\xe2\x80\x9d",
				 ell[] = "\xe2\x80\xa6";
	const unsigned char	*s = (const unsigned char *)(title ? title : "");
	size_t			 o = 0, cps = 0, room;

	if (outsz < sizeof open + sizeof close + sizeof ell) {
		if (outsz > 0)
			out[0] = '\0';
		return out;
	}
	/* Room for the title: leave the closing quote, "…" and the NUL. */
	room = outsz - (sizeof close - 1) - (sizeof ell - 1) - 1;
	memcpy(out, open, sizeof open - 1);
	o = sizeof open - 1;
	while (*s != '\0') {
		size_t	len = 1;

		if (*s >= 0xf0)
			len = 4;
		else if (*s >= 0xe0)
			len = 3;
		else if (*s >= 0xc0)
			len = 2;
		if (cps == INBOX_TITLE_MAX || o + len > room) {
			memcpy(out + o, ell, sizeof ell - 1);
			o += sizeof ell - 1;
			break;
		}
		if (*s < 0x20 || *s == 0x7f) {
			out[o++] = ' ';
			s++;
		} else {
			while (len-- > 0 && *s != '\0')
				out[o++] = (char)*s++;
		}
		cps++;
	}
	memcpy(out + o, close, sizeof close);
	return out;
}

/*
 * Runs a one-integer query with one bound int64 and one optional text
 * parameter; *out gets the first column (dflt when no row). 0 or -1.
 */
static int
query_one(sqlite3 *db, const char *sql, int64_t a, const char *b,
    int64_t dflt, int64_t *out)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, sql, &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, a);
	if (b != NULL)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	*out = dflt;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "inbox query");
		return -1;
	}
	return 0;
}

/*
 * Inserts one notification row. batch_key folds it into the unread row
 * with that key; dedupe_key makes it once ever (nothing when the member
 * already had it). 0 or -1.
 */
static int
inbox_insert(sqlite3 *db, int64_t user_id, const char *kind,
    const char *subject_type, int64_t subject_id, int64_t actor_id,
    const char *text, const char *batch_key, const char *dedupe_key,
    time_t at)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, batch_key != NULL ?
	    "INSERT INTO notifications (user_id, kind, subject_type,"
	    " subject_id, actor_id, text, batch_key, dedupe_key, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, NULLIF(?5, 0), ?6, ?7, ?8, ?9)"
	    " ON CONFLICT (user_id, batch_key)"
	    " WHERE batch_key IS NOT NULL AND read_at IS NULL"
	    " DO UPDATE SET count = count + 1, text = excluded.text,"
	    " actor_id = excluded.actor_id, created_at = excluded.created_at" :
	    "INSERT OR IGNORE INTO notifications (user_id, kind, subject_type,"
	    " subject_id, actor_id, text, batch_key, dedupe_key, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, NULLIF(?5, 0), ?6, ?7, ?8, ?9)", &st) !=
	    0)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, subject_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, subject_id);
	sqlite3_bind_int64(st, 5, actor_id);
	sqlite3_bind_text(st, 6, text, -1, SQLITE_STATIC);
	if (batch_key != NULL)
		sqlite3_bind_text(st, 7, batch_key, -1, SQLITE_STATIC);
	if (dedupe_key != NULL)
		sqlite3_bind_text(st, 8, dedupe_key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)at);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "notification");
		return -1;
	}
	return 0;
}

int
inbox_add(sqlite3 *db, int64_t user_id, const char *kind,
    const char *subject_type, int64_t subject_id, int64_t actor_id,
    const char *text, const char *batch_key, time_t at)
{
	if (user_id <= 0 || user_id == actor_id)
		return 0;
	return inbox_insert(db, user_id, kind, subject_type, subject_id,
	    actor_id, text, batch_key, NULL, at);
}

/* What an event's subject resolves to: the thread or question it is in. */
struct inbox_subject {
	int64_t	 id;		/* the thread, question or order */
	int64_t	 author;	/* who is told (the owner of the item) */
	int64_t	 other;		/* a second member to tell, or 0 */
	char	 title[INBOX_TITLE_SIZE];	/* quoted */
	char	 actor[40];	/* the actor's username */
};

/*
 * Fills *sub from sql, which takes the subject id as ?1 and the actor as
 * ?2 and returns (id, title, author, other, actor's username). *found is
 * 0 when the subject is gone. 0 or -1.
 */
static int
subject_load(sqlite3 *db, const char *sql, const struct srv_event *ev,
    struct inbox_subject *sub, int *found)
{
	sqlite3_stmt	*st;
	const char	*name;
	int		 rc;

	memset(sub, 0, sizeof *sub);
	*found = 0;
	if (db_prepare(db, sql, &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, ev->subject_id);
	sqlite3_bind_int64(st, 2, ev->actor_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*found = 1;
		sub->id = sqlite3_column_int64(st, 0);
		inbox_quote_title((const char *)sqlite3_column_text(st, 1),
		    sub->title, sizeof sub->title);
		sub->author = sqlite3_column_int64(st, 2);
		sub->other = sqlite3_column_int64(st, 3);
		name = (const char *)sqlite3_column_text(st, 4);
		snprintf(sub->actor, sizeof sub->actor, "%s",
		    name != NULL ? name : "someone");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "notification subject");
		return -1;
	}
	return 0;
}

/* The lookups of subject_load, by what the event is about. */
#define ACTOR_NAME "(SELECT username FROM users WHERE id = ?2)"
static const char sql_reply[] =
    "SELECT t.id, t.title, t.author_id, COALESCE(p.author_id, 0), "
    ACTOR_NAME " FROM replies r JOIN threads t ON t.id = r.thread_id"
    " LEFT JOIN replies p ON p.id = r.reply_to WHERE r.id = ?1";
static const char sql_thread[] =
    "SELECT id, title, author_id, 0, " ACTOR_NAME
    " FROM threads WHERE id = ?1";
static const char sql_answer[] =
    "SELECT q.id, q.title, q.author_id, a.author_id, " ACTOR_NAME
    " FROM answers a JOIN questions q ON q.id = a.question_id"
    " WHERE a.id = ?1";
static const char sql_question[] =
    "SELECT id, title, author_id, 0, " ACTOR_NAME
    " FROM questions WHERE id = ?1";
static const char sql_order[] =
    "SELECT o.id, c.title, o.user_id, 0, " ACTOR_NAME
    " FROM orders o JOIN courses c ON c.id = o.course_id WHERE o.id = ?1";

/*
 * A vote or like: one unread line per item that counts them ("mei
 * upvoted ..." for the first, "3 upvotes on ..." after). The subject is
 * the thread or question the item is in.
 */
static int
inbox_batched(sqlite3 *db, const struct srv_event *ev, int like)
{
	struct inbox_subject	 sub;
	const char		*st = ev->subject_type;
	const char		*what;
	char			 key[INBOX_KEY_MAX], text[INBOX_TEXT_MAX];
	int64_t			 owner, count;
	int			 found, item_is_top;

	item_is_top = strcmp(st, like ? "thread" : "question") == 0;
	if (subject_load(db, like ? (item_is_top ? sql_thread : sql_reply) :
	    (item_is_top ? sql_question : sql_answer), ev, &sub, &found) != 0)
		return -1;
	owner = ev->target_user_id;
	if (!found || owner <= 0 || owner == ev->actor_id)
		return 0;
	snprintf(key, sizeof key, "%s:%s:%lld", like ? "likes" : "votes", st,
	    (long long)ev->subject_id);
	if (query_one(db, "SELECT count FROM notifications WHERE user_id = ?1"
	    " AND batch_key = ?2 AND read_at IS NULL", owner, key, 0,
	    &count) != 0)
		return -1;
	if (like)
		what = item_is_top ? "your thread" : "your reply in";
	else
		what = item_is_top ? "your question" : "your answer to";
	if (count == 0)
		snprintf(text, sizeof text, "%s %s %s %s", sub.actor,
		    like ? "liked" : "upvoted", what, sub.title);
	else
		snprintf(text, sizeof text, "%lld %s on %s %s",
		    (long long)count + 1, like ? "likes" : "upvotes", what,
		    sub.title);
	return inbox_add(db, owner, "votes", like ? "thread" : "question",
	    sub.id, ev->actor_id, text, key, ev->at);
}

int
inbox_on_event(sqlite3 *db, const struct srv_event *ev)
{
	struct inbox_subject	 sub;
	char			 text[INBOX_TEXT_MAX];
	const char		*st = ev->subject_type != NULL ?
				    ev->subject_type : "";
	int			 found;

	switch (ev->kind) {
	case EV_REPLY_CREATED:
		if (subject_load(db, sql_reply, ev, &sub, &found) != 0)
			return -1;
		if (!found)
			return 0;
		snprintf(text, sizeof text, "%s replied to %s", sub.actor,
		    sub.title);
		if (inbox_add(db, sub.author, "reply", "thread", sub.id,
		    ev->actor_id, text, NULL, ev->at) != 0)
			return -1;
		if (sub.other == sub.author)
			return 0;
		snprintf(text, sizeof text, "%s replied to you in %s",
		    sub.actor, sub.title);
		return inbox_add(db, sub.other, "reply", "thread", sub.id,
		    ev->actor_id, text, NULL, ev->at);
	case EV_ANSWER_CREATED:
		if (subject_load(db, sql_answer, ev, &sub, &found) != 0)
			return -1;
		if (!found)
			return 0;
		snprintf(text, sizeof text, "%s answered %s", sub.actor,
		    sub.title);
		return inbox_add(db, sub.author, "answer", "question", sub.id,
		    ev->actor_id, text, NULL, ev->at);
	case EV_ANSWER_ACCEPTED:
		if (subject_load(db, sql_answer, ev, &sub, &found) != 0)
			return -1;
		if (!found)
			return 0;
		snprintf(text, sizeof text, "%s accepted your answer to %s",
		    sub.actor, sub.title);
		return inbox_add(db, sub.other, "accepted", "question", sub.id,
		    ev->actor_id, text, NULL, ev->at);
	case EV_VOTE_CAST:
		if (ev->value <= 0 || (strcmp(st, "question") != 0 &&
		    strcmp(st, "answer") != 0))
			return 0;
		return inbox_batched(db, ev, 0);
	case EV_LIKE_ADDED:
		if (strcmp(st, "thread") != 0 && strcmp(st, "reply") != 0)
			return 0;
		return inbox_batched(db, ev, 1);
	case EV_ORDER_PAID:
		if (subject_load(db, sql_order, ev, &sub, &found) != 0)
			return -1;
		if (!found)
			return 0;
		snprintf(text, sizeof text, "Your order for %s is paid",
		    sub.title);
		/* The payment is the system's news, told to the buyer. */
		return inbox_add(db, sub.author, "order_paid", "order", sub.id,
		    0, text, NULL, ev->at);
	default:
		return 0;
	}
}

/* Adds the event_soon rows found by inbox_event_soon's query. 0 or -1. */
static int
soon_add(sqlite3 *db, sqlite3_stmt *st, int64_t user_id, time_t now)
{
	char	key[INBOX_KEY_MAX], title[INBOX_TITLE_SIZE];
	char	when[40], text[INBOX_TEXT_MAX];
	int64_t	id;
	time_t	starts;
	struct tm tm;
	int	rc;

	for (;;) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		id = sqlite3_column_int64(st, 0);
		inbox_quote_title((const char *)sqlite3_column_text(st, 1),
		    title, sizeof title);
		starts = (time_t)sqlite3_column_int64(st, 2);
		if (gmtime_r(&starts, &tm) == NULL || strftime(when,
		    sizeof when, "%Y-%m-%d %H:%M UTC", &tm) == 0)
			snprintf(when, sizeof when, "within 24 hours");
		snprintf(text, sizeof text, "%s starts soon: %s", title, when);
		snprintf(key, sizeof key, "event_soon:%lld", (long long)id);
		if (inbox_insert(db, user_id, "event_soon", "event", id, 0,
		    text, NULL, key, now) != 0)
			return -1;
	}
	if (rc != SQLITE_DONE) {
		db_log(db, "event soon");
		return -1;
	}
	return 0;
}

int
inbox_event_soon(sqlite3 *db, int64_t user_id, time_t now)
{
	static const char sql[] = "SELECT e.id, e.title, e.starts_at"
	    " FROM event_rsvps r JOIN events e ON e.id = r.event_id"
	    " WHERE r.user_id = ?1 AND r.status = 'confirmed'"
	    " AND e.starts_at > ?2 AND e.starts_at <= ?2 + ?3"
	    " AND NOT EXISTS (SELECT 1 FROM notifications n"
	    "  WHERE n.user_id = ?1 AND n.dedupe_key = 'event_soon:' || e.id)"
	    " ORDER BY e.starts_at, e.id";
	sqlite3_stmt	*st;
	int64_t		 pending;
	int		 own, rc;

	if (db_prepare(db, sql, &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	sqlite3_bind_int(st, 3, SOON_WINDOW);
	rc = sqlite3_step(st);
	pending = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "event soon");
		return -1;
	}
	if (!pending)
		return 0;
	own = sqlite3_get_autocommit(db);
	if (own && db_begin(db) != 0)
		return -1;
	rc = -1;
	if (db_prepare(db, sql, &st) == 0) {
		sqlite3_bind_int64(st, 1, user_id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
		sqlite3_bind_int(st, 3, SOON_WINDOW);
		rc = soon_add(db, st, user_id, now);
		sqlite3_finalize(st);
	}
	if (own) {
		if (rc == 0 && db_commit(db) != 0)
			rc = -1;
		if (rc != 0)
			db_rollback(db);
	}
	return rc;
}

int
inbox_unread(sqlite3 *db, int64_t user_id, int64_t *n)
{
	return query_one(db, "SELECT COUNT(*) FROM notifications"
	    " WHERE user_id = ?1 AND read_at IS NULL", user_id, NULL, 0, n);
}

void
inbox_items_free(struct notification *items, size_t n)
{
	size_t	i;

	if (items == NULL)
		return;
	for (i = 0; i < n; i++)
		notification_release(&items[i]);
	free(items);
}

/* Fills n from a row of inbox_list's query. 0 or -1 (memory). */
static int
item_read(sqlite3_stmt *st, struct notification *n)
{
	memset(n, 0, sizeof *n);
	n->id = sqlite3_column_int64(st, 0);
	n->subject_id = sqlite3_column_int64(st, 4);
	n->count = sqlite3_column_int64(st, 7);
	n->read = sqlite3_column_int(st, 8);
	if (db_col_text(st, 1, &n->kind) != 0 ||
	    db_col_text(st, 2, &n->text) != 0 ||
	    db_col_text(st, 3, &n->subject_type) != 0 ||
	    db_col_text(st, 5, &n->subject_name) != 0 ||
	    db_col_text(st, 6, &n->actor) != 0 ||
	    db_col_time(st, 9, &n->created_at) != 0) {
		notification_release(n);
		return -1;
	}
	return 0;
}

int
inbox_list(sqlite3 *db, int64_t user_id, int unread_only, int has_after,
    int64_t after_at, int64_t after_id, int limit,
    struct notification **items, size_t *n, int *has_more)
{
	sqlite3_stmt		*st;
	struct notification	*out;
	size_t			 i = 0;
	int			 rc, bad = 0;

	*items = NULL;
	*n = 0;
	*has_more = 0;
	if (limit < 1)
		return -1;
	out = calloc((size_t)limit + 1, sizeof *out);
	if (out == NULL)
		return -1;
	if (db_prepare(db, "SELECT n.id, n.kind, n.text, n.subject_type,"
	    " n.subject_id, su.username, a.username, n.count,"
	    " n.read_at IS NOT NULL, n.created_at FROM notifications n"
	    " LEFT JOIN users a ON a.id = n.actor_id"
	    " LEFT JOIN users su ON n.subject_type = 'user'"
	    "  AND su.id = n.subject_id"
	    " WHERE n.user_id = ?1 AND (?2 = 0 OR n.read_at IS NULL)"
	    " AND (?3 = 0 OR n.created_at < ?4"
	    "  OR (n.created_at = ?4 AND n.id < ?5))"
	    " ORDER BY n.created_at DESC, n.id DESC LIMIT ?6", &st) != 0) {
		free(out);
		return -1;
	}
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int(st, 2, unread_only != 0);
	sqlite3_bind_int(st, 3, has_after != 0);
	sqlite3_bind_int64(st, 4, after_at);
	sqlite3_bind_int64(st, 5, after_id);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)limit + 1);
	for (;;) {
		rc = sqlite3_step(st);
		if (bad || rc != SQLITE_ROW)
			break;
		if (i == (size_t)limit) {
			*has_more = 1;
			break;
		}
		if (item_read(st, &out[i]) != 0)
			bad = 1;
		else
			i++;
	}
	sqlite3_finalize(st);
	if (bad || (rc != SQLITE_ROW && rc != SQLITE_DONE)) {
		db_log(db, "notifications");
		inbox_items_free(out, i);
		return -1;
	}
	*items = out;
	*n = i;
	return 0;
}

int
inbox_mark_read(sqlite3 *db, int64_t user_id, const int64_t *ids,
    size_t nids, int all, time_t now)
{
	sqlite3_stmt	*st;
	size_t		 i;
	int		 rc = SQLITE_DONE;

	if (db_prepare(db, all ? "UPDATE notifications SET read_at = ?2"
	    " WHERE user_id = ?1 AND read_at IS NULL" :
	    "UPDATE notifications SET read_at = ?2"
	    " WHERE user_id = ?1 AND id = ?3 AND read_at IS NULL", &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	for (i = 0; rc == SQLITE_DONE && i < (all ? 1 : nids); i++) {
		if (!all)
			sqlite3_bind_int64(st, 3, ids[i]);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "mark notifications read");
		return -1;
	}
	return 0;
}

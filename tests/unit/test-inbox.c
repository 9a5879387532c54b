/*
 * Unit tests of the inbox and referrals on an in-memory database: each
 * notification kind goes to the right member and never to the actor,
 * votes batch into one unread row until it is read, marking read only
 * touches the caller's rows, the unread count, "event starting soon"
 * once per member and event, titles cut to length, referral codes and
 * their points, and the codecs' round trips.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "guild/model.h"
#include "server/db.h"
#include "server/events.h"
#include "server/inbox.h"
#include "server/points.h"
#include "server/referrals.h"

#define T0	((time_t)1767225600)	/* 2026-01-01 00:00:00 UTC */
#define ANN	1
#define BOB	2
#define CAT	3
#define DAN	4

static void
exec(sqlite3 *db, const char *sql)
{
	char	*msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg != NULL ? msg : "?");
}

/*
 * A fresh schema with ann, bob, cat and dan; ann's thread 1 ("Hello")
 * with bob's reply 1; ann's question 1 ("Why?") with bob's answer 1;
 * course 1 ("Course") and cat's paid order 1.
 */
static sqlite3 *
fresh_db(void)
{
	sqlite3		*db;
	struct gerr	 err;
	int		 from, to;

	assert_int_equal(db_open(":memory:", &db, &err), 0);
	assert_int_equal(db_migrate(db, &from, &to, &err), 0);
	exec(db, "INSERT INTO users (id, username, password_hash, created_at)"
	    " VALUES (1, 'ann', 'x', 0), (2, 'bob', 'x', 0),"
	    " (3, 'cat', 'x', 0), (4, 'dan', 'x', 0);"
	    "INSERT INTO categories (id, slug, name) VALUES (1, 'c', 'C');"
	    "INSERT INTO threads (id, category_id, author_id, title, body,"
	    " last_activity_at, created_at) VALUES (1, 1, 1, 'Hello', 'b', 0,"
	    " 0);"
	    "INSERT INTO replies (id, thread_id, author_id, body, created_at)"
	    " VALUES (1, 1, 2, 'r', 0);"
	    "INSERT INTO questions (id, author_id, title, body, created_at)"
	    " VALUES (1, 1, 'Why?', 'b', 0);"
	    "INSERT INTO answers (id, question_id, author_id, body, created_at)"
	    " VALUES (1, 1, 2, 'a', 0);"
	    "INSERT INTO courses (id, slug, title, level, instructor_id,"
	    " created_at, updated_at) VALUES (1, 'c', 'Course', 'beginner', 4,"
	    " 0, 0);"
	    "INSERT INTO orders (id, user_id, course_id, status, amount,"
	    " currency, created_at, paid_at, updated_at)"
	    " VALUES (1, 3, 1, 'paid', 100, 'CNY', 0, 0, 0);");
	return db;
}

static int64_t
query1(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*st;
	int64_t		 n = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Emits one event through the whole subscriber chain. */
static void
emit(sqlite3 *db, enum srv_event_kind kind, int64_t actor, int64_t target,
    const char *subject, int64_t id, int64_t value, time_t at)
{
	struct srv_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.actor_id = actor;
	ev.target_user_id = target;
	ev.subject_type = subject;
	ev.subject_id = id;
	ev.value = value;
	ev.at = at;
	assert_int_equal(srv_event_emit(db, &ev), 0);
}

static int64_t
unread(sqlite3 *db, int64_t user)
{
	int64_t	n;

	assert_int_equal(inbox_unread(db, user, &n), 0);
	return n;
}

/* user's whole inbox, newest first (free with inbox_items_free). */
static struct notification *
inbox(sqlite3 *db, int64_t user, size_t *n)
{
	struct notification	*items;
	int			 more;

	assert_int_equal(inbox_list(db, user, 0, 0, 0, 0, 100, &items, n,
	    &more), 0);
	assert_false(more);
	return items;
}

static void
test_kinds(void **state)
{
	struct notification	*it;
	size_t			 n;
	sqlite3			*db = fresh_db();

	(void)state;
	/* bob replied to ann's thread: ann is told, bob is not. */
	emit(db, EV_REPLY_CREATED, BOB, ANN, "reply", 1, 0, T0);
	it = inbox(db, ANN, &n);
	assert_int_equal(n, 1);
	assert_string_equal(it[0].kind, "reply");
	assert_string_equal(it[0].subject_type, "thread");
	assert_int_equal(it[0].subject_id, 1);
	assert_string_equal(it[0].actor, "bob");
	assert_string_equal(it[0].text,
	    "bob replied to \xe2\x80\x9cHello\xe2\x80\x9d");
	assert_int_equal(it[0].count, 1);
	assert_false(it[0].read);
	inbox_items_free(it, n);
	assert_int_equal(unread(db, BOB), 0);

	/* cat replied to bob's reply: ann and bob are told. */
	exec(db, "INSERT INTO replies (id, thread_id, author_id, reply_to,"
	    " body, created_at) VALUES (2, 1, 3, 1, 'r2', 1)");
	emit(db, EV_REPLY_CREATED, CAT, ANN, "reply", 2, 0, T0 + 1);
	assert_int_equal(unread(db, ANN), 2);
	it = inbox(db, BOB, &n);
	assert_int_equal(n, 1);
	assert_string_equal(it[0].text,
	    "cat replied to you in \xe2\x80\x9cHello\xe2\x80\x9d");
	inbox_items_free(it, n);
	assert_int_equal(unread(db, CAT), 0);

	/* ann replying in her own thread tells nobody. */
	exec(db, "INSERT INTO replies (id, thread_id, author_id, body,"
	    " created_at) VALUES (3, 1, 1, 'r3', 2)");
	emit(db, EV_REPLY_CREATED, ANN, ANN, "reply", 3, 0, T0 + 2);
	assert_int_equal(unread(db, ANN), 2);

	/* An answer to ann's question, then ann accepts it. */
	emit(db, EV_ANSWER_CREATED, BOB, ANN, "answer", 1, 0, T0 + 3);
	it = inbox(db, ANN, &n);
	assert_string_equal(it[0].kind, "answer");
	assert_string_equal(it[0].subject_type, "question");
	assert_int_equal(it[0].subject_id, 1);
	inbox_items_free(it, n);
	emit(db, EV_ANSWER_ACCEPTED, ANN, BOB, "answer", 1, 0, T0 + 4);
	it = inbox(db, BOB, &n);
	assert_string_equal(it[0].kind, "accepted");
	assert_string_equal(it[0].subject_type, "question");
	assert_string_equal(it[0].text, "ann accepted your answer to "
	    "\xe2\x80\x9cWhy?\xe2\x80\x9d");
	inbox_items_free(it, n);
	assert_int_equal(unread(db, ANN), 3);

	/* cat's order was paid: the system tells cat. */
	emit(db, EV_ORDER_PAID, CAT, 0, "order", 1, 100, T0 + 5);
	it = inbox(db, CAT, &n);
	assert_int_equal(n, 1);
	assert_string_equal(it[0].kind, "order_paid");
	assert_string_equal(it[0].subject_type, "order");
	assert_null(it[0].actor);
	assert_string_equal(it[0].text, "Your order for "
	    "\xe2\x80\x9c" "Course\xe2\x80\x9d is paid");
	inbox_items_free(it, n);

	/* A badge names the member as its subject. */
	assert_int_equal(points_badge_add(db, DAN, "helper", "", "kind", ANN,
	    T0 + 6), G_CREATED);
	it = inbox(db, DAN, &n);
	assert_int_equal(n, 1);
	assert_string_equal(it[0].kind, "badge");
	assert_string_equal(it[0].subject_type, "user");
	assert_int_equal(it[0].subject_id, DAN);
	assert_string_equal(it[0].subject_name, "dan");
	inbox_items_free(it, n);
	assert_int_equal(points_badge_add(db, DAN, "helper", "", "again", ANN,
	    T0 + 7), G_CONFLICT);
	assert_int_equal(unread(db, DAN), 1);
	sqlite3_close(db);
}

static void
test_votes_batch(void **state)
{
	struct notification	*it;
	size_t			 n;
	sqlite3			*db = fresh_db();

	(void)state;
	emit(db, EV_VOTE_CAST, ANN, BOB, "answer", 1, 1, T0);
	it = inbox(db, BOB, &n);
	assert_int_equal(n, 1);
	assert_string_equal(it[0].text, "ann upvoted your answer to "
	    "\xe2\x80\x9cWhy?\xe2\x80\x9d");
	inbox_items_free(it, n);
	emit(db, EV_VOTE_CAST, CAT, BOB, "answer", 1, 1, T0 + 1);
	emit(db, EV_VOTE_CAST, DAN, BOB, "answer", 1, 1, T0 + 2);
	emit(db, EV_VOTE_CAST, DAN, BOB, "answer", 1, -1, T0 + 3);
	emit(db, EV_VOTE_CAST, BOB, BOB, "answer", 1, 1, T0 + 4);
	it = inbox(db, BOB, &n);
	assert_int_equal(n, 1);
	assert_string_equal(it[0].kind, "votes");
	assert_string_equal(it[0].subject_type, "question");
	assert_int_equal(it[0].subject_id, 1);
	assert_int_equal(it[0].count, 3);
	assert_string_equal(it[0].actor, "dan");
	assert_string_equal(it[0].text, "3 upvotes on your answer to "
	    "\xe2\x80\x9cWhy?\xe2\x80\x9d");
	assert_int_equal(unread(db, BOB), 1);
	assert_int_equal(inbox_mark_read(db, BOB, &it[0].id, 1, 0, T0 + 5),
	    0);
	inbox_items_free(it, n);
	/* After it is read a new vote starts a new line. */
	emit(db, EV_VOTE_CAST, CAT, BOB, "answer", 1, 1, T0 + 6);
	it = inbox(db, BOB, &n);
	assert_int_equal(n, 2);
	assert_int_equal(it[0].count, 1);
	assert_false(it[0].read);
	assert_int_equal(it[1].count, 3);
	assert_true(it[1].read);
	inbox_items_free(it, n);
	/* Likes batch the same way under "votes", apart from votes. */
	emit(db, EV_LIKE_ADDED, CAT, BOB, "reply", 1, 0, T0 + 7);
	emit(db, EV_LIKE_ADDED, DAN, BOB, "reply", 1, 0, T0 + 8);
	it = inbox(db, BOB, &n);
	assert_int_equal(n, 3);
	assert_string_equal(it[0].kind, "votes");
	assert_string_equal(it[0].subject_type, "thread");
	assert_int_equal(it[0].count, 2);
	assert_string_equal(it[0].text, "2 likes on your reply in "
	    "\xe2\x80\x9cHello\xe2\x80\x9d");
	inbox_items_free(it, n);
	assert_int_equal(unread(db, BOB), 2);
	sqlite3_close(db);
}

static void
test_mark_read(void **state)
{
	struct notification	*it;
	size_t			 n;
	int64_t			 ids[3];
	int			 more;
	sqlite3			*db = fresh_db();

	(void)state;
	assert_int_equal(inbox_add(db, ANN, "reply", "thread", 1, BOB, "a",
	    NULL, T0), 0);
	assert_int_equal(inbox_add(db, ANN, "reply", "thread", 1, BOB, "b",
	    NULL, T0 + 1), 0);
	assert_int_equal(inbox_add(db, BOB, "reply", "thread", 1, ANN, "c",
	    NULL, T0 + 2), 0);
	/* Nothing for the actor, nothing for nobody. */
	assert_int_equal(inbox_add(db, CAT, "reply", "thread", 1, CAT, "d",
	    NULL, T0), 0);
	assert_int_equal(inbox_add(db, 0, "reply", "thread", 1, CAT, "e",
	    NULL, T0), 0);
	assert_int_equal(query1(db, "SELECT COUNT(*) FROM notifications"), 3);
	assert_int_equal(unread(db, ANN), 2);
	ids[0] = query1(db, "SELECT id FROM notifications WHERE text = 'a'");
	ids[1] = query1(db, "SELECT id FROM notifications WHERE text = 'c'");
	ids[2] = 9999;
	assert_int_equal(inbox_mark_read(db, ANN, ids, 3, 0, T0 + 3), 0);
	assert_int_equal(unread(db, ANN), 1);
	assert_int_equal(unread(db, BOB), 1);
	/* The unread-only list and its keyset pages. */
	assert_int_equal(inbox_list(db, ANN, 1, 0, 0, 0, 10, &it, &n, &more),
	    0);
	assert_int_equal(n, 1);
	assert_string_equal(it[0].text, "b");
	inbox_items_free(it, n);
	assert_int_equal(inbox_list(db, ANN, 0, 0, 0, 0, 1, &it, &n, &more),
	    0);
	assert_int_equal(n, 1);
	assert_true(more);
	assert_string_equal(it[0].text, "b");
	inbox_items_free(it, n);
	assert_int_equal(inbox_list(db, ANN, 0, 1, T0 + 1, ids[0] + 1, 1, &it,
	    &n, &more), 0);
	assert_int_equal(n, 1);
	assert_false(more);
	assert_string_equal(it[0].text, "a");
	inbox_items_free(it, n);
	assert_int_equal(inbox_mark_read(db, ANN, NULL, 0, 1, T0 + 4), 0);
	assert_int_equal(unread(db, ANN), 0);
	assert_int_equal(unread(db, BOB), 1);
	sqlite3_close(db);
}

static void
test_event_soon(void **state)
{
	struct notification	*it;
	size_t			 n;
	sqlite3			*db = fresh_db();
	char			 sql[512];

	(void)state;
	snprintf(sql, sizeof sql, "INSERT INTO events (id, title, type,"
	    " starts_at, ends_at, created_at, updated_at) VALUES"
	    " (1, 'Salon', 'salon', %lld, %lld, 0, 0),"
	    " (2, 'Later', 'meetup', %lld, %lld, 0, 0);"
	    "INSERT INTO event_rsvps (event_id, user_id, status, seq,"
	    " created_at) VALUES (1, 1, 'confirmed', 1, 0),"
	    " (1, 2, 'waitlisted', 2, 0), (2, 1, 'confirmed', 1, 0)",
	    (long long)T0 + 7200, (long long)T0 + 10800,
	    (long long)T0 + 3 * 86400, (long long)T0 + 3 * 86400 + 3600);
	exec(db, sql);
	assert_int_equal(inbox_event_soon(db, ANN, T0), 0);
	assert_int_equal(inbox_event_soon(db, BOB, T0), 0);
	it = inbox(db, ANN, &n);
	assert_int_equal(n, 1);
	assert_string_equal(it[0].kind, "event_soon");
	assert_string_equal(it[0].subject_type, "event");
	assert_int_equal(it[0].subject_id, 1);
	assert_string_equal(it[0].text, "\xe2\x80\x9cSalon\xe2\x80\x9d starts "
	    "soon: 2026-01-01 02:00 UTC");
	inbox_items_free(it, n);
	assert_int_equal(unread(db, BOB), 0);
	/* Once: again, and again after it was read. */
	assert_int_equal(inbox_event_soon(db, ANN, T0 + 60), 0);
	assert_int_equal(unread(db, ANN), 1);
	assert_int_equal(inbox_mark_read(db, ANN, NULL, 0, 1, T0 + 120), 0);
	assert_int_equal(inbox_event_soon(db, ANN, T0 + 180), 0);
	assert_int_equal(query1(db, "SELECT COUNT(*) FROM notifications"), 1);
	/* The later event's turn comes within its last 24 hours. */
	assert_int_equal(inbox_event_soon(db, ANN, T0 + 2 * 86400 + 60), 0);
	assert_int_equal(unread(db, ANN), 1);
	sqlite3_close(db);
}

static void
test_quote_title(void **state)
{
	char	out[400], want[400], title[220];
	size_t	i;

	(void)state;
	assert_string_equal(inbox_quote_title("Hi\nthere", out, sizeof out),
	    "\xe2\x80\x9cHi there\xe2\x80\x9d");
	for (i = 0; i < 70; i++)
		memcpy(title + i * 2, "\xc3\xa9", 2);	/* é */
	title[140] = '\0';
	inbox_quote_title(title, out, sizeof out);
	snprintf(want, sizeof want, "\xe2\x80\x9c%.*s\xe2\x80\xa6\xe2\x80\x9d",
	    INBOX_TITLE_MAX * 2, title);
	assert_string_equal(out, want);
	inbox_quote_title(title, out, 20);
	assert_true(strlen(out) < 20);
	/* Wide characters keep their 60 too in an INBOX_TITLE_SIZE buffer. */
	for (i = 0; i < 66; i++)
		memcpy(title + i * 3, "\xe6\x95\xb0", 3);	/* 数 */
	title[198] = '\0';
	assert_true(strlen(inbox_quote_title(title, out, INBOX_TITLE_SIZE)) ==
	    3 + INBOX_TITLE_MAX * 3 + 3 + 3);
}

static int64_t
balance(sqlite3 *db, int64_t user)
{
	int64_t	v;

	assert_int_equal(points_balance(db, user, &v), 0);
	return v;
}

static void
test_referrals(void **state)
{
	char	a[REFERRAL_CODE_LEN + 1], b[REFERRAL_CODE_LEN + 1];
	char	lower[REFERRAL_CODE_LEN + 3];
	int64_t	who;
	size_t	i;
	sqlite3	*db = fresh_db();

	(void)state;
	assert_int_equal(referral_code_ensure(db, ANN, a, sizeof a), 0);
	assert_int_equal(strlen(a), REFERRAL_CODE_LEN);
	assert_null(strpbrk(a, "01ILO"));
	assert_int_equal(referral_code_ensure(db, ANN, b, sizeof b), 0);
	assert_string_equal(a, b);
	assert_int_equal(referral_code_ensure(db, BOB, b, sizeof b), 0);
	assert_string_not_equal(a, b);
	lower[0] = ' ';
	for (i = 0; i < REFERRAL_CODE_LEN; i++)
		lower[i + 1] = (char)(a[i] >= 'A' ? a[i] - 'A' + 'a' : a[i]);
	lower[REFERRAL_CODE_LEN + 1] = '\0';
	assert_int_equal(referral_code_find(db, lower, &who), 0);
	assert_int_equal(who, ANN);
	assert_int_equal(referral_code_find(db, "NOPE", &who), 0);
	assert_int_equal(who, 0);
	assert_int_equal(referral_code_find(db, "22222222", &who), 0);
	assert_int_equal(who, 0);

	/* cat joined with ann's code: +10 once, even if replayed. */
	assert_int_equal(referral_join(db, CAT, ANN, T0), 0);
	assert_int_equal(referral_join(db, CAT, ANN, T0), 0);
	emit(db, EV_USER_REGISTERED, CAT, ANN, "user", CAT, 0, T0);
	assert_int_equal(query1(db, "SELECT referred_by FROM users"
	    " WHERE id = 3"), ANN);
	assert_int_equal(balance(db, ANN), 10);
	/* cat's purchases: +50 for the first, nothing for the second. */
	emit(db, EV_ORDER_PAID, CAT, 0, "order", 1, 100, T0 + 1);
	assert_int_equal(balance(db, ANN), 60);
	exec(db, "INSERT INTO orders (id, user_id, course_id, status, amount,"
	    " currency, created_at, paid_at, updated_at)"
	    " VALUES (2, 3, 1, 'paid', 100, 'CNY', 0, 0, 0)");
	emit(db, EV_ORDER_PAID, CAT, 0, "order", 2, 100, T0 + 2);
	assert_int_equal(balance(db, ANN), 60);
	/* Refunds take it back only when no paid order is left. */
	exec(db, "UPDATE orders SET status = 'refunded' WHERE id = 1");
	emit(db, EV_ORDER_REFUNDED, DAN, CAT, "order", 1, 100, T0 + 3);
	assert_int_equal(balance(db, ANN), 60);
	exec(db, "UPDATE orders SET status = 'refunded' WHERE id = 2");
	emit(db, EV_ORDER_REFUNDED, DAN, CAT, "order", 2, 100, T0 + 4);
	assert_int_equal(balance(db, ANN), 10);
	/* dan, whom nobody referred, earns nobody anything. */
	emit(db, EV_ORDER_PAID, DAN, 0, "order", 1, 100, T0 + 5);
	assert_int_equal(balance(db, ANN), 10);
	sqlite3_close(db);
}

static void
test_codecs(void **state)
{
	struct notification		 n, back;
	struct notification_page	 page;
	struct referral_info		 ri, rb;
	struct referral			 r;
	struct referral_page		 rp;
	struct gerr			 err;
	json_t				*o, *p;

	(void)state;
	memset(&n, 0, sizeof n);
	n.id = 7;
	n.kind = "votes";
	n.text = "3 upvotes on your answer";
	n.subject_type = "question";
	n.subject_id = 9;
	n.actor = "mei";
	n.count = 3;
	n.read = 1;
	n.created_at = "2026-01-01T00:00:00Z";
	o = notification_to_json(&n);
	assert_non_null(o);
	assert_int_equal(notification_from_json(o, &back, &err), 0);
	assert_int_equal(back.id, 7);
	assert_string_equal(back.kind, "votes");
	assert_string_equal(back.text, n.text);
	assert_string_equal(back.subject_type, "question");
	assert_int_equal(back.subject_id, 9);
	assert_null(back.subject_name);
	assert_string_equal(back.actor, "mei");
	assert_int_equal(back.count, 3);
	assert_true(back.read);
	assert_string_equal(back.created_at, n.created_at);
	notification_release(&back);
	p = json_pack("{s:[o], s:s, s:b, s:i}", "items", o, "next_cursor",
	    "abc", "has_more", 1, "unread", 4);
	assert_int_equal(notification_page_from_json(p, &page, &err), 0);
	assert_int_equal(page.n, 1);
	assert_int_equal(page.items[0].count, 3);
	assert_string_equal(page.next_cursor, "abc");
	assert_true(page.has_more);
	assert_int_equal(page.unread, 4);
	notification_page_release(&page);
	json_decref(p);
	/* A notification without a kind is the server's mistake. */
	p = json_pack("{s:i, s:s}", "id", 1, "text", "x");
	assert_int_not_equal(notification_from_json(p, &back, &err), 0);
	json_decref(p);

	ri.code = "ABCD2345";
	ri.link = "https://guild.example/join?ref=ABCD2345";
	ri.joined = 2;
	ri.points = 70;
	o = referral_info_to_json(&ri);
	assert_int_equal(referral_info_from_json(o, &rb, &err), 0);
	assert_string_equal(rb.code, ri.code);
	assert_string_equal(rb.link, ri.link);
	assert_int_equal(rb.joined, 2);
	assert_int_equal(rb.points, 70);
	referral_info_release(&rb);
	json_decref(o);

	r.username = "bob";
	r.joined_at = "2026-01-02T00:00:00Z";
	r.purchased = 1;
	r.points = 60;
	p = json_pack("{s:[o], s:n, s:b}", "items", referral_to_json(&r),
	    "next_cursor", "has_more", 0);
	assert_int_equal(referral_page_from_json(p, &rp, &err), 0);
	assert_int_equal(rp.n, 1);
	assert_string_equal(rp.items[0].username, "bob");
	assert_string_equal(rp.items[0].joined_at, r.joined_at);
	assert_true(rp.items[0].purchased);
	assert_int_equal(rp.items[0].points, 60);
	assert_null(rp.next_cursor);
	referral_page_release(&rp);
	json_decref(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_votes_batch),
		cmocka_unit_test(test_mark_read),
		cmocka_unit_test(test_event_soon),
		cmocka_unit_test(test_quote_title),
		cmocka_unit_test(test_referrals),
		cmocka_unit_test(test_codecs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

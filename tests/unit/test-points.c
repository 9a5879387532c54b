/*
 * Unit tests of points: every rule through the event subscriber on an
 * in-memory database, the daily vote cap, reversals (unvote, unlike,
 * unaccept, refund) that net across cycles, a balance that never drops
 * below zero, level thresholds at their boundaries, dense ranking with
 * ties and cursors, and the week and month windows at their edges.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "server/db.h"
#include "server/events.h"
#include "server/points.h"

#define T0	((time_t)1767225600)	/* 2026-01-01 00:00:00 UTC */
#define DAYS	86400

/* A fresh schema with members 1..40 (ann is 1, bob 2, cat 3, dan 4). */
static sqlite3 *
fresh_db(void)
{
	sqlite3		*db;
	struct gerr	 err;
	char		 sql[160];
	int		 from, to, i;

	assert_int_equal(db_open(":memory:", &db, &err), 0);
	assert_int_equal(db_migrate(db, &from, &to, &err), 0);
	for (i = 1; i <= 40; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO users (id, username,"
		    " password_hash, created_at) VALUES (%d, 'user%02d', 'x',"
		    " 0)", i, i);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
		    SQLITE_OK);
	}
	return db;
}

static int64_t
balance(sqlite3 *db, int64_t user)
{
	int64_t	v;

	assert_int_equal(points_balance(db, user, &v), 0);
	return v;
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

/* Emits one event and expects the subscriber chain to accept it. */
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

/* The aggregates agree with the ledger (what points rebuild makes). */
static void
assert_aggregates(sqlite3 *db)
{
	assert_int_equal(query1(db, "SELECT COUNT(*) FROM (SELECT user_id,"
	    " SUM(delta) AS s FROM points_ledger GROUP BY user_id) l"
	    " LEFT JOIN points_totals t USING (user_id)"
	    " WHERE COALESCE(t.points, 0) <> l.s"), 0);
	assert_int_equal(query1(db, "SELECT COUNT(*) FROM (SELECT user_id,"
	    " created_at / 86400 AS day, SUM(delta) AS s FROM points_ledger"
	    " GROUP BY 1, 2) l LEFT JOIN points_daily d USING (user_id, day)"
	    " WHERE COALESCE(d.points, 0) <> l.s"), 0);
}

static void
test_every_rule(void **state)
{
	sqlite3	*db = fresh_db();

	(void)state;
	emit(db, EV_THREAD_CREATED, 1, 0, "thread", 1, 0, T0);
	assert_int_equal(balance(db, 1), 5);
	emit(db, EV_REPLY_CREATED, 2, 1, "reply", 1, 0, T0);
	assert_int_equal(balance(db, 2), 2);
	emit(db, EV_LIKE_ADDED, 2, 1, "thread", 1, 0, T0);
	assert_int_equal(balance(db, 1), 6);
	emit(db, EV_QUESTION_CREATED, 3, 0, "question", 1, 0, T0);
	assert_int_equal(balance(db, 3), 5);
	emit(db, EV_ANSWER_CREATED, 4, 3, "answer", 1, 0, T0);
	assert_int_equal(balance(db, 4), 2);
	emit(db, EV_VOTE_CAST, 1, 3, "question", 1, 1, T0);
	assert_int_equal(balance(db, 3), 10);
	emit(db, EV_VOTE_CAST, 1, 4, "answer", 1, 1, T0);
	assert_int_equal(balance(db, 4), 12);
	emit(db, EV_VOTE_CAST, 2, 4, "answer", 1, -1, T0);
	assert_int_equal(balance(db, 4), 10);
	emit(db, EV_ANSWER_ACCEPTED, 3, 4, "answer", 1, 0, T0);
	assert_int_equal(balance(db, 4), 25);
	assert_int_equal(balance(db, 3), 12);
	emit(db, EV_ORDER_PAID, 5, 0, "order", 1, 1000, T0);
	assert_int_equal(balance(db, 5), 20);
	emit(db, EV_LESSON_COMPLETED, 5, 0, "lesson", 1, 0, T0);
	assert_int_equal(balance(db, 5), 21);
	emit(db, EV_EVENT_ATTENDED, 1, 6, "event", 1, 0, T0);
	assert_int_equal(balance(db, 6), 10);
	emit(db, EV_USER_REGISTERED, 8, 7, "user", 8, 0, T0);
	assert_int_equal(balance(db, 7), 10);
	/* Replaying an event awards nothing more. */
	emit(db, EV_THREAD_CREATED, 1, 0, "thread", 1, 0, T0 + 5);
	emit(db, EV_VOTE_CAST, 1, 4, "answer", 1, 1, T0 + 5);
	emit(db, EV_ANSWER_ACCEPTED, 3, 4, "answer", 1, 0, T0 + 5);
	assert_int_equal(balance(db, 1), 6);
	assert_int_equal(balance(db, 4), 25);
	assert_int_equal(balance(db, 3), 12);
	/* Self-likes and self-accepts earn nothing. */
	emit(db, EV_LIKE_ADDED, 1, 1, "thread", 1, 0, T0);
	emit(db, EV_ANSWER_ACCEPTED, 9, 9, "answer", 9, 0, T0);
	assert_int_equal(balance(db, 1), 6);
	assert_int_equal(balance(db, 9), 0);
	assert_aggregates(db);
	sqlite3_close(db);
}

static void
test_reversals_net(void **state)
{
	sqlite3	*db = fresh_db();
	int	 i;

	(void)state;
	/* vote, unvote, vote again, three times over: each cycle nets. */
	for (i = 0; i < 3; i++) {
		emit(db, EV_VOTE_CAST, 1, 2, "answer", 7, 1, T0 + i);
		assert_int_equal(balance(db, 2), 10);
		emit(db, EV_VOTE_REMOVED, 1, 2, "answer", 7, 1, T0 + i);
		assert_int_equal(balance(db, 2), 0);
		/* A replayed removal reverses nothing more. */
		emit(db, EV_VOTE_REMOVED, 1, 2, "answer", 7, 1, T0 + i);
	}
	emit(db, EV_VOTE_CAST, 1, 2, "answer", 7, 1, T0 + 9);
	assert_int_equal(balance(db, 2), 10);
	/* A changed vote: the upvote taken back, a downvote cast. */
	emit(db, EV_VOTE_REMOVED, 1, 2, "answer", 7, 1, T0 + 10);
	emit(db, EV_VOTE_CAST, 1, 2, "answer", 7, -1, T0 + 10);
	assert_int_equal(balance(db, 2), 0);	/* clamped, not -2 */
	assert_int_equal(query1(db, "SELECT COUNT(*) FROM points_ledger"
	    " WHERE rule = 'reversal:answer_upvote'"), 4);
	/* Unaccept reverses both sides; accept again awards again. */
	emit(db, EV_ANSWER_ACCEPTED, 3, 4, "answer", 8, 0, T0);
	emit(db, EV_ANSWER_UNACCEPTED, 3, 4, "answer", 8, 0, T0);
	assert_int_equal(balance(db, 4), 0);
	assert_int_equal(balance(db, 3), 0);
	emit(db, EV_ANSWER_ACCEPTED, 3, 4, "answer", 8, 0, T0);
	assert_int_equal(balance(db, 4), 15);
	assert_int_equal(balance(db, 3), 2);
	/* Unlike and refund. */
	emit(db, EV_LIKE_ADDED, 5, 6, "reply", 1, 0, T0);
	emit(db, EV_LIKE_REMOVED, 5, 6, "reply", 1, 0, T0);
	assert_int_equal(balance(db, 6), 0);
	emit(db, EV_ORDER_PAID, 7, 0, "order", 3, 900, T0);
	emit(db, EV_ORDER_REFUNDED, 1, 7, "order", 3, 900, T0);
	assert_int_equal(balance(db, 7), 0);
	assert_aggregates(db);
	sqlite3_close(db);
}

static void
test_never_below_zero(void **state)
{
	sqlite3	*db = fresh_db();
	int64_t	 applied;

	(void)state;
	emit(db, EV_REPLY_CREATED, 1, 0, "reply", 1, 0, T0);	/* 2 */
	emit(db, EV_VOTE_CAST, 2, 1, "answer", 1, -1, T0);	/* 0 */
	emit(db, EV_VOTE_CAST, 3, 1, "answer", 1, -1, T0);	/* 0 */
	assert_int_equal(balance(db, 1), 0);
	assert_int_equal(query1(db, "SELECT delta FROM points_ledger"
	    " WHERE user_id = 1 AND actor_id = 3"), 0);
	/* Reversing a clamped downvote gives back what was taken. */
	emit(db, EV_VOTE_REMOVED, 2, 1, "answer", 1, -1, T0);
	assert_int_equal(balance(db, 1), 2);
	assert_int_equal(points_adjust(db, 1, -50, "spam", 9, T0, &applied),
	    0);
	assert_int_equal(applied, -2);
	assert_int_equal(balance(db, 1), 0);
	assert_int_equal(points_adjust(db, 1, 30, "helpful", 9, T0, &applied),
	    0);
	assert_int_equal(balance(db, 1), 30);
	assert_aggregates(db);
	sqlite3_close(db);
}

static void
test_daily_vote_cap(void **state)
{
	sqlite3	*db = fresh_db();
	int	 v;

	(void)state;
	/* 25 answer upvotes in a day are 250 points, capped to 200. */
	for (v = 2; v <= 26; v++)
		emit(db, EV_VOTE_CAST, v, 1, "answer", 1, 1, T0 + v);
	assert_int_equal(balance(db, 1), 200);
	/* Other rules are not capped. */
	emit(db, EV_THREAD_CREATED, 1, 0, "thread", 1, 0, T0 + 100);
	assert_int_equal(balance(db, 1), 205);
	/* Question upvotes share the cap. */
	emit(db, EV_VOTE_CAST, 30, 1, "question", 2, 1, T0 + 101);
	assert_int_equal(balance(db, 1), 205);
	/* The next UTC day has its own cap. */
	emit(db, EV_VOTE_CAST, 30, 1, "question", 3, 1, T0 + DAYS);
	assert_int_equal(balance(db, 1), 210);
	/* Reversing a capped (zero) award takes nothing. */
	emit(db, EV_VOTE_REMOVED, 30, 1, "question", 2, 1, T0 + DAYS);
	assert_int_equal(balance(db, 1), 210);
	assert_aggregates(db);
	sqlite3_close(db);
}

static void
test_levels(void **state)
{
	sqlite3	*db = fresh_db();
	int64_t	 th[POINTS_LEVELS], next;
	int	 i;
	static const int64_t want[POINTS_LEVELS] = { 0, 5, 20, 65, 155, 515,
	    2015, 8015, 33015 };

	(void)state;
	assert_int_equal(points_levels(db, th), 0);
	for (i = 0; i < POINTS_LEVELS; i++) {
		assert_int_equal(th[i], want[i]);
		assert_int_equal(points_level_of(th, want[i], &next), i + 1);
		assert_int_equal(next, i + 1 < POINTS_LEVELS ? want[i + 1] :
		    -1);
		if (i > 0) {
			assert_int_equal(points_level_of(th, want[i] - 1,
			    &next), i);
			assert_int_equal(next, want[i]);
		}
	}
	assert_int_equal(points_level_of(th, 0, &next), 1);
	assert_int_equal(next, 5);
	assert_int_equal(points_level_of(th, 1000000, &next), 9);
	assert_int_equal(next, -1);
	sqlite3_close(db);
}

/* Gives member user exactly pts points at time at (an adjustment). */
static void
give(sqlite3 *db, int64_t user, int64_t pts, time_t at)
{
	int64_t	applied;

	assert_int_equal(points_adjust(db, user, pts, "test", 40, at,
	    &applied), 0);
	assert_int_equal(applied, pts);
}

static void
test_dense_ranking(void **state)
{
	sqlite3			*db = fresh_db();
	struct points_row	*rows, me, above, below;
	size_t			 i, n;
	int			 more;
	static const int64_t	 ranks[] = { 1, 2, 2, 2, 3, 4 };
	static const int64_t	 ids[] = { 5, 1, 2, 4, 3, 6 };

	(void)state;
	give(db, 1, 50, T0);
	give(db, 2, 50, T0);
	give(db, 3, 20, T0);
	give(db, 4, 50, T0);
	give(db, 5, 90, T0);
	give(db, 6, 10, T0);
	assert_int_equal(points_board_page(db, POINTS_ALL, T0, 0, 0, 0, 10,
	    &rows, &n, &more), G_OK);
	assert_int_equal(n, 6);
	assert_false(more);
	for (i = 0; i < n; i++) {
		assert_int_equal(rows[i].rank, ranks[i]);
		assert_int_equal(rows[i].user_id, ids[i]);
	}
	points_rows_free(rows, n);
	/* A cursor in the middle of a tie keeps ranks and order. */
	assert_int_equal(points_board_page(db, POINTS_ALL, T0, 1, 50, 1, 2,
	    &rows, &n, &more), G_OK);
	assert_int_equal(n, 2);
	assert_true(more);
	assert_int_equal(rows[0].user_id, 2);
	assert_int_equal(rows[0].rank, 2);
	assert_int_equal(rows[1].user_id, 4);
	assert_int_equal(rows[1].rank, 2);
	points_rows_free(rows, n);
	/* Me and my neighbours. */
	assert_int_equal(points_board_me(db, POINTS_ALL, T0, 4, &me, &above,
	    &below), G_OK);
	assert_int_equal(me.rank, 2);
	assert_int_equal(me.points, 50);
	assert_int_equal(above.user_id, 2);
	assert_string_equal(above.username, "user02");
	assert_int_equal(below.user_id, 3);
	assert_int_equal(below.rank, 3);
	points_row_release(&above);
	points_row_release(&below);
	/* A member with no points: no rank, the last row above. */
	assert_int_equal(points_board_me(db, POINTS_ALL, T0, 7, &me, &above,
	    &below), G_OK);
	assert_int_equal(me.rank, 0);
	assert_int_equal(above.user_id, 6);
	assert_int_equal(above.rank, 4);
	assert_int_equal(below.user_id, 0);
	points_row_release(&above);
	sqlite3_close(db);
}

static void
test_windows(void **state)
{
	sqlite3			*db = fresh_db();
	struct points_row	*rows, me, above, below;
	size_t			 n;
	int			 more;
	time_t			 now = T0 + 40 * DAYS + 3600;

	(void)state;
	give(db, 1, 7, now - 6 * DAYS - 3600);	/* day -6: in the week */
	give(db, 2, 8, now - 7 * DAYS);		/* day -7: month only */
	give(db, 3, 9, now - 29 * DAYS - 3600);	/* day -29: in the month */
	give(db, 4, 11, now - 30 * DAYS);	/* day -30: all time only */
	assert_int_equal(points_board_page(db, POINTS_WEEK, now, 0, 0, 0, 10,
	    &rows, &n, &more), G_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].user_id, 1);
	points_rows_free(rows, n);
	assert_int_equal(points_board_page(db, POINTS_MONTH, now, 0, 0, 0, 10,
	    &rows, &n, &more), G_OK);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].user_id, 3);
	assert_int_equal(rows[1].user_id, 2);
	assert_int_equal(rows[2].user_id, 1);
	points_rows_free(rows, n);
	assert_int_equal(points_board_page(db, POINTS_ALL, now, 0, 0, 0, 10,
	    &rows, &n, &more), G_OK);
	assert_int_equal(n, 4);
	assert_int_equal(rows[0].user_id, 4);
	points_rows_free(rows, n);
	assert_int_equal(points_board_me(db, POINTS_WEEK, now, 2, &me, &above,
	    &below), G_OK);
	assert_int_equal(me.rank, 0);
	assert_int_equal(me.points, 0);
	points_row_release(&above);
	/* The windows kept on award agree with the bucket sums. */
	assert_int_equal(query1(db, "SELECT SUM(points) FROM points_window"
	    " WHERE period = 1"), 7 + 8 + 9);
	assert_int_equal(query1(db, "SELECT SUM(points) FROM points_window"
	    " WHERE period = 0"), 7);
	/* An award today joins the windows as they stand. */
	give(db, 5, 4, now);
	assert_int_equal(points_board_page(db, POINTS_WEEK, now, 0, 0, 0, 10,
	    &rows, &n, &more), G_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].user_id, 1);
	assert_int_equal(rows[1].user_id, 5);
	points_rows_free(rows, n);
	/* A week later only today's award is in the week. */
	assert_int_equal(points_board_page(db, POINTS_WEEK, now + 6 * DAYS,
	    0, 0, 0, 10, &rows, &n, &more), G_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].user_id, 5);
	points_rows_free(rows, n);
	/* Asking about a day before the window's: summed from buckets. */
	assert_int_equal(points_board_page(db, POINTS_MONTH, now, 0, 0, 0, 10,
	    &rows, &n, &more), G_OK);
	assert_int_equal(n, 4);
	points_rows_free(rows, n);
	/* Rebuilding the aggregates from the ledger changes nothing. */
	assert_int_equal(points_rebuild(db), 0);
	assert_aggregates(db);
	assert_int_equal(query1(db, "SELECT COUNT(*) FROM points_daily"), 5);
	assert_int_equal(points_board_page(db, POINTS_MONTH, now, 0, 0, 0, 10,
	    &rows, &n, &more), G_OK);
	assert_int_equal(n, 4);
	assert_int_equal(rows[0].user_id, 3);
	points_rows_free(rows, n);
	sqlite3_close(db);
}

#define OCT	((time_t)1759276800)	/* 2025-10-01 00:00:00 UTC */
#define NOV	((time_t)1761955200)
#define DEC	((time_t)1764547200)

static void
test_member_of_the_month(void **state)
{
	sqlite3	*db = fresh_db();
	int	 n;

	(void)state;
	give(db, 1, 10, OCT);			/* the first second */
	give(db, 2, 30, NOV - 1);		/* the last second */
	give(db, 3, 20, OCT + 15 * DAYS);
	give(db, 4, 20, OCT + 16 * DAYS);	/* ties 3: 3 joined first */
	give(db, 5, 500, NOV);			/* November's */
	give(db, 6, 500, OCT - 1);		/* September's */
	assert_int_equal(points_award_monthly(db, 2025, 10, NOV, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(query1(db, "SELECT COUNT(*) FROM badges WHERE"
	    " period = '2025-10' AND user_id IN (2, 3, 4)"), 3);
	/* Idempotent. */
	assert_int_equal(points_award_monthly(db, 2025, 10, NOV, &n), 0);
	assert_int_equal(n, 0);
	/* The check on a December request awards November once. */
	assert_int_equal(points_monthly_check(db, DEC + 3600), 0);
	assert_int_equal(query1(db, "SELECT user_id FROM badges WHERE"
	    " period = '2025-11'"), 5);
	assert_int_equal(query1(db, "DELETE FROM badges WHERE"
	    " period = '2025-11' RETURNING 1"), 1);
	assert_int_equal(points_monthly_check(db, DEC + 7200), 0);
	assert_int_equal(query1(db, "SELECT COUNT(*) FROM badges WHERE"
	    " period = '2025-11'"), 0);
	/* January's check wraps to December of the year before. */
	assert_int_equal(points_monthly_check(db, T0), 0);
	assert_int_equal(query1(db, "SELECT day FROM points_window_state"
	    " WHERE period = 100"), 2025 * 12 + 11);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_rule),
		cmocka_unit_test(test_reversals_net),
		cmocka_unit_test(test_never_below_zero),
		cmocka_unit_test(test_daily_vote_cap),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_dense_ranking),
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_member_of_the_month),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

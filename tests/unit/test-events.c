/*
 * Unit tests of the activity hook: an emitted event lands in the activity
 * table with its names and numbers, inside the caller's transaction, and
 * rolls back with it; the analytics counters count the right member.
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

static sqlite3 *
fresh_db(void)
{
	sqlite3		*db;
	struct gerr	 err;
	int		 from, to;

	/* An in-memory database holds the whole schema. */
	assert_int_equal(db_open(":memory:", &db, &err), 0);
	assert_int_equal(db_migrate(db, &from, &to, &err), 0);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO users (id, username,"
	    " password_hash, created_at) VALUES (1, 'ann', 'x', 0),"
	    " (2, 'bob', 'x', 0)", NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static int64_t
count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*st;
	int64_t		 n = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
test_emit_records_activity(void **state)
{
	struct srv_event	 ev = { 0 };
	sqlite3			*db = fresh_db();

	(void)state;
	ev.kind = EV_VOTE_CAST;
	ev.actor_id = 1;
	ev.target_user_id = 2;
	ev.subject_type = "answer";
	ev.subject_id = 77;
	ev.value = -1;
	ev.at = 1700000000;
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(srv_event_emit(db, &ev), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM activity WHERE"
	    " kind = 'vote_cast' AND actor_id = 1 AND target_user_id = 2"
	    " AND subject_type = 'answer' AND subject_id = 77 AND value = -1"
	    " AND created_at = 1700000000"), 1);

	/* A system event has no actor: stored as NULL, not as user 0. */
	ev.kind = EV_ORDER_REFUNDED;
	ev.actor_id = 0;
	assert_int_equal(srv_event_emit(db, &ev), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM activity WHERE"
	    " kind = 'order_refunded' AND actor_id IS NULL"), 1);
	sqlite3_close(db);
}

static void
test_emit_rolls_back_with_the_caller(void **state)
{
	struct srv_event	 ev = { 0 };
	sqlite3			*db = fresh_db();

	(void)state;
	ev.kind = EV_THREAD_CREATED;
	ev.actor_id = 1;
	ev.subject_type = "thread";
	ev.subject_id = 5;
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(srv_event_emit(db, &ev), 0);
	db_rollback(db);
	assert_int_equal(count(db, "SELECT count(*) FROM activity"), 0);
	sqlite3_close(db);
}

/*
 * Who an event makes active in the analytics counters: registering with
 * a referral code makes nobody active (a referred member must not look
 * more active than others); a check-in makes the attendee active, not
 * the organizer who did it.
 */
static void
test_counters_who_is_active(void **state)
{
	struct srv_event	 ev = { 0 };
	sqlite3			*db = fresh_db();

	(void)state;
	ev.kind = EV_USER_REGISTERED;
	ev.actor_id = 2;
	ev.target_user_id = 1;
	ev.subject_type = "user";
	ev.subject_id = 2;
	ev.at = 1700000000;
	assert_int_equal(srv_event_emit(db, &ev), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM member_day_activity"),
	    0);

	ev.kind = EV_EVENT_ATTENDED;
	ev.actor_id = 1;	/* the organizer */
	ev.target_user_id = 2;	/* the attendee */
	ev.subject_type = "event";
	ev.subject_id = 9;
	assert_int_equal(srv_event_emit(db, &ev), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM member_day_activity"
	    " WHERE user_id = 2 AND actions = 1 AND interactions = 0"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM member_day_activity"
	    " WHERE user_id = 1"), 0);
	sqlite3_close(db);
}

static void
test_event_names(void **state)
{
	int	k;

	(void)state;
	for (k = 0; k < EV_KIND_COUNT; k++)
		assert_string_not_equal(srv_event_name((enum srv_event_kind)k),
		    "unknown");
	assert_string_equal(srv_event_name(EV_ANSWER_ACCEPTED),
	    "answer_accepted");
	assert_string_equal(srv_event_name(EV_KIND_COUNT), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_emit_records_activity),
		cmocka_unit_test(test_emit_rolls_back_with_the_caller),
		cmocka_unit_test(test_counters_who_is_active),
		cmocka_unit_test(test_event_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests of operator analytics: each formula on hand-built numbers
 * (the worked examples of doc/analytics.md), "undefined" instead of a
 * division by zero, windows and steps, and the per-day counters the
 * event hook keeps, split by segment.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "server/analytics.h"
#include "server/db.h"
#include "server/events.h"

#define EPS	1e-9
#define DAY	86400
#define T0	1767225600	/* 2026-01-01T00:00:00Z, a Thursday */

static void
assert_value(struct an_value v, double want)
{
	assert_true(v.defined);
	assert_null(v.reason);
	assert_true(v.value > want - EPS && v.value < want + EPS);
}

static void
assert_undefined(struct an_value v)
{
	assert_false(v.defined);
	assert_non_null(v.reason);
	assert_true(v.value == 0.0);
}

/* The worked examples: R(1) = 0.8, G(1) = 500, A = 0.1, CLV = 125. */
static void
test_worked_examples(void **state)
{
	(void)state;
	assert_value(an_retention(800, 1000), 0.8);
	assert_int_equal(an_growth(1500, 1000), 500);
	assert_value(an_activity(100, 1000), 0.1);
	assert_value(an_clv(an_avg_spend(100, 1), an_retention(800, 1000)),
	    125.0);
}

static void
test_undefined(void **state)
{
	struct an_value	none[2], r;

	(void)state;
	assert_undefined(an_retention(0, 0));
	assert_undefined(an_activity(5, 0));
	assert_undefined(an_avg_spend(100, 0));
	assert_undefined(an_clv(an_avg_spend(100, 10), an_retention(0, 10)));
	assert_undefined(an_clv(an_avg_spend(100, 0), an_retention(1, 1)));
	assert_undefined(an_clv(an_avg_spend(100, 1), an_retention(1, 0)));
	none[0] = an_retention(0, 0);
	none[1] = an_retention(3, 0);
	assert_undefined(an_mean(none, 2));
	assert_undefined(an_mean(none, 0));
	assert_string_equal(an_mean(none, 2).reason, none[0].reason);
	assert_undefined(an_cohort_share(0, 0));
	assert_value(an_cohort_share(3, 4), 0.75);
	assert_undefined(an_arpu(an_avg_spend(10, 1), 0));
	assert_undefined(an_churn(an_mean(none, 2)));
	/* Nobody leaves: churn 0 has no finite ARPU estimate. */
	r = an_churn(an_retention(5, 5));
	assert_value(r, 0.0);
	assert_undefined(an_clv_arpu(an_arpu(an_avg_spend(10, 1), 1), r));
	assert_int_equal(an_growth(0, 0), 0);
	assert_int_equal(an_growth(0, 3), -3);
}

/* The ARPU / churn companion on the worked example's numbers. */
static void
test_arpu_churn(void **state)
{
	struct an_value	r[2], mean, churn, arpu;

	(void)state;
	r[0] = an_retention(800, 1000);
	r[1] = an_retention(600, 1000);
	mean = an_mean(r, 2);
	assert_value(mean, 0.7);
	churn = an_churn(mean);
	assert_value(churn, 0.3);
	arpu = an_arpu(an_avg_spend(100000, 1000), 2);
	assert_value(arpu, 50.0);
	assert_value(an_clv_arpu(arpu, churn), 50.0 / 0.3);
}

static void
test_single_member(void **state)
{
	(void)state;
	assert_value(an_retention(1, 1), 1.0);
	assert_value(an_retention(0, 1), 0.0);
	assert_value(an_activity(3, 1), 3.0);
	assert_value(an_clv(an_avg_spend(990, 1), an_retention(1, 1)), 990.0);
	assert_undefined(an_clv(an_avg_spend(990, 1), an_retention(0, 1)));
}

static void
test_dates_and_steps(void **state)
{
	time_t	t, starts[AN_MAX_STEPS + 1];
	int	n;
	enum an_step s;

	(void)state;
	assert_int_equal(an_date_parse("2026-01-01", &t), 0);
	assert_int_equal((int64_t)t, T0);
	assert_int_equal(an_date_parse("2026-01-01T12:00:00Z", &t), 0);
	assert_int_equal((int64_t)t, T0 + 12 * 3600);
	assert_int_equal(an_date_parse("2024-02-29", &t), 0);
	assert_int_equal(an_date_parse("2026-02-29", &t), -1);
	assert_int_equal(an_date_parse("2026-13-01", &t), -1);
	assert_int_equal(an_date_parse("yesterday", &t), -1);
	assert_int_equal(an_date_parse("", &t), -1);
	assert_int_equal(an_step_parse("week", &s), 0);
	assert_int_equal(s, AN_STEP_WEEK);
	assert_int_equal(an_step_parse("year", &s), -1);
	assert_string_equal(an_step_name(AN_STEP_MONTH), "month");
	/* Months follow the calendar: Jan 31 -> Feb 28 -> Mar 28. */
	assert_int_equal(an_date_parse("2026-01-31", &t), 0);
	t = an_step_next(t, AN_STEP_MONTH);
	assert_int_equal((int64_t)t, T0 + (31 + 27) * DAY);
	assert_int_equal(an_steps(T0, T0 + 365 * DAY, AN_STEP_MONTH, starts,
	    AN_MAX_STEPS, &n), 0);
	assert_int_equal(n, 12);
	assert_int_equal((int64_t)starts[1], T0 + 31 * DAY);
	assert_int_equal((int64_t)starts[12], T0 + 365 * DAY);
	/* A window that ends mid-step cuts the last step short. */
	assert_int_equal(an_steps(T0, T0 + 10 * DAY, AN_STEP_WEEK, starts,
	    AN_MAX_STEPS, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal((int64_t)starts[2], T0 + 10 * DAY);
	assert_int_equal(an_steps(T0, T0, AN_STEP_DAY, starts, AN_MAX_STEPS,
	    &n), -1);
	assert_int_equal(an_steps(T0, T0 + 500 * DAY, AN_STEP_DAY, starts,
	    AN_MAX_STEPS, &n), -1);
	assert_int_equal(an_day(T0 + DAY - 1), T0 / DAY);
	assert_int_equal(an_day(-1), -1);
}

/* A schema with members u1..u4 of mixed levels joining on days 0..3. */
static sqlite3 *
fresh_db(void)
{
	sqlite3		*db;
	struct gerr	 err;
	int		 from, to;
	char		 sql[512];

	assert_int_equal(db_open(":memory:", &db, &err), 0);
	assert_int_equal(db_migrate(db, &from, &to, &err), 0);
	snprintf(sql, sizeof sql, "INSERT INTO users (id, username,"
	    " password_hash, level, created_at) VALUES"
	    " (1, 'ann', 'x', 'beginner', %d), (2, 'bob', 'x', 'beginner', %d),"
	    " (3, 'cyd', 'x', 'advanced', %d), (4, 'dee', 'x', 'intermediate',"
	    " %d)", T0 - DAY, T0 - DAY, T0 - DAY, T0 + 8 * DAY);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static void
emit(sqlite3 *db, enum srv_event_kind k, int64_t actor, int64_t target,
    int64_t value, time_t at)
{
	struct srv_event	ev = { 0 };

	ev.kind = k;
	ev.actor_id = actor;
	ev.target_user_id = target;
	ev.subject_type = "x";
	ev.subject_id = 1;
	ev.value = value;
	ev.at = at;
	assert_int_equal(srv_event_emit(db, &ev), 0);
}

/*
 * Two weekly steps: ann posts twice and buys in week 1, cy votes in
 * week 1 and week 2, bob is quiet, dee joins in week 2 and likes; ann's
 * purchase is refunded in week 2 (the operator, 9, is not a member).
 */
static void
test_counters(void **state)
{
	sqlite3			*db = fresh_db();
	time_t			 starts[AN_MAX_STEPS + 1];
	struct an_step_counts	 c[2], seg[3][2];
	struct an_filter	 all = { 0, LEVEL_BEGINNER }, f;
	int64_t			 n0, segn0[3], sum;
	int			 n, i, k;

	(void)state;
	emit(db, EV_THREAD_CREATED, 1, 0, 0, T0 + 3600);
	emit(db, EV_REPLY_CREATED, 1, 0, 0, T0 + 2 * DAY);
	emit(db, EV_ORDER_PAID, 1, 0, 9900, T0 + 2 * DAY);
	emit(db, EV_VOTE_CAST, 3, 1, 1, T0 + 3 * DAY);
	emit(db, EV_VOTE_CAST, 3, 1, 1, T0 + 9 * DAY);
	emit(db, EV_LIKE_ADDED, 4, 1, 0, T0 + 9 * DAY);
	emit(db, EV_LESSON_COMPLETED, 2, 0, 0, T0 - DAY);
	emit(db, EV_ORDER_REFUNDED, 0, 1, 9900, T0 + 10 * DAY);
	assert_int_equal(an_steps(T0, T0 + 14 * DAY, AN_STEP_WEEK, starts,
	    AN_MAX_STEPS, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(an_db_counts(db, starts, n, &all, &n0, c), G_OK);
	assert_int_equal(n0, 3);
	assert_int_equal(c[0].members, 3);
	assert_int_equal(c[1].members, 4);
	assert_int_equal(c[0].active, 2);	/* ann, cy */
	assert_int_equal(c[1].active, 1);	/* cy; dee joined later */
	assert_int_equal(c[0].interactions, 3);
	assert_int_equal(c[1].interactions, 2);
	assert_int_equal(c[0].spent, 9900);
	assert_int_equal(c[1].spent, -9900);
	assert_value(an_retention(c[0].active, n0), 2.0 / 3.0);
	assert_int_equal(an_growth(c[1].members, n0), 1);
	assert_value(an_activity(c[1].interactions, c[1].members), 0.5);
	/* The segments sum to the whole for every additive count. */
	for (k = 0; k < 3; k++) {
		f.has_segment = 1;
		f.segment = (enum level)k;
		assert_int_equal(an_db_counts(db, starts, n, &f, &segn0[k],
		    seg[k]), G_OK);
	}
	assert_int_equal(segn0[0] + segn0[1] + segn0[2], n0);
	for (i = 0; i < n; i++) {
		sum = 0;
		for (k = 0; k < 3; k++)
			sum += seg[k][i].members;
		assert_int_equal(sum, c[i].members);
		sum = 0;
		for (k = 0; k < 3; k++)
			sum += seg[k][i].active;
		assert_int_equal(sum, c[i].active);
		sum = 0;
		for (k = 0; k < 3; k++)
			sum += seg[k][i].interactions;
		assert_int_equal(sum, c[i].interactions);
		sum = 0;
		for (k = 0; k < 3; k++)
			sum += seg[k][i].spent;
		assert_int_equal(sum, c[i].spent);
	}
	assert_int_equal(seg[LEVEL_BEGINNER][0].active, 1);
	/* An empty window before anyone joined: nothing is defined. */
	assert_int_equal(an_steps(T0 - 30 * DAY, T0 - 20 * DAY, AN_STEP_WEEK,
	    starts, AN_MAX_STEPS, &n), 0);
	assert_int_equal(an_db_counts(db, starts, n, &all, &n0, c), G_OK);
	assert_int_equal(n0, 0);
	assert_undefined(an_retention(c[0].active, n0));
	assert_undefined(an_activity(c[0].interactions, c[0].members));
	sqlite3_close(db);
}

/* Counters roll back with the write that emitted the event. */
static void
test_counters_rolled_back(void **state)
{
	sqlite3	*db = fresh_db();
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(db_begin(db), 0);
	emit(db, EV_THREAD_CREATED, 1, 0, 0, T0);
	db_rollback(db);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM"
	    " member_day_activity", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_examples),
		cmocka_unit_test(test_undefined),
		cmocka_unit_test(test_arpu_churn),
		cmocka_unit_test(test_single_member),
		cmocka_unit_test(test_dates_and_steps),
		cmocka_unit_test(test_counters),
		cmocka_unit_test(test_counters_rolled_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

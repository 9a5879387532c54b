/*
 * Points: the event subscriber, the ledger writes (awards, reversals,
 * adjustments) with the aggregates they keep, levels, and the
 * leaderboard queries over those aggregates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/util.h"
#include "db.h"
#include "inbox.h"
#include "points.h"

#define DAY	86400

/* UTC days since the epoch of t. */
static int64_t
day_of(time_t t)
{
	int64_t	v = (int64_t)t;

	return v >= 0 ? v / DAY : (v - (DAY - 1)) / DAY;
}

/* Runs st to completion; 0 on SQLITE_DONE, else -1 (logged). Finalizes. */
static int
step_done(sqlite3 *db, sqlite3_stmt *st, const char *what)
{
	int	rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, what);
		return -1;
	}
	return 0;
}

/*
 * Runs a one-integer query with bound int64 arguments (n of them, in
 * order) and stores the first column in *out (dflt when no row or NULL).
 * Returns 0 or -1.
 */
static int
query_int(sqlite3 *db, const char *sql, int64_t *out, int64_t dflt,
    size_t n, const int64_t *args)
{
	sqlite3_stmt	*st;
	size_t		 i;
	int		 rc;

	if (db_prepare(db, sql, &st) != 0)
		return -1;
	for (i = 0; i < n; i++)
		sqlite3_bind_int64(st, (int)i + 1, args[i]);
	*out = dflt;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "points query");
		return -1;
	}
	return 0;
}

int
points_balance(sqlite3 *db, int64_t user_id, int64_t *out)
{
	return query_int(db, "SELECT points FROM points_totals"
	    " WHERE user_id = ?", out, 0, 1, &user_id);
}

/* The points rule is worth into *out (0 when there is no such rule). */
static int
rule_points(sqlite3 *db, const char *rule, int64_t *out)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, "SELECT points FROM point_rules WHERE rule = ?",
	    &st) != 0)
		return -1;
	sqlite3_bind_text(st, 1, rule, -1, SQLITE_STATIC);
	*out = 0;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "point rule");
		return -1;
	}
	return 0;
}

/*
 * How many reversals (rule, subject, user, actor) has had: the
 * generation its next award belongs to. Returns 0 or -1.
 */
static int
generation(sqlite3 *db, const char *rule, const char *subject_type,
    int64_t subject_id, int64_t user_id, int64_t actor_id, int64_t *gen)
{
	sqlite3_stmt	*st;
	char		 rev[POINTS_RULE_MAX + 16];
	int		 rc;

	snprintf(rev, sizeof rev, "reversal:%s", rule);
	if (db_prepare(db, "SELECT COUNT(*) FROM points_ledger WHERE rule = ?"
	    " AND subject_type = ? AND subject_id = ? AND user_id = ?"
	    " AND actor_id = ?", &st) != 0)
		return -1;
	sqlite3_bind_text(st, 1, rev, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, subject_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, subject_id);
	sqlite3_bind_int64(st, 4, user_id);
	sqlite3_bind_int64(st, 5, actor_id);
	*gen = 0;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*gen = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		db_log(db, "points generation");
		return -1;
	}
	return 0;
}

/* Clamps delta so user's balance stays >= 0. Returns 0 or -1. */
static int
clamp_balance(sqlite3 *db, int64_t user_id, int64_t *delta)
{
	int64_t	bal;

	if (*delta >= 0)
		return 0;
	if (points_balance(db, user_id, &bal) != 0)
		return -1;
	if (bal + *delta < 0)
		*delta = bal > 0 ? -bal : 0;
	return 0;
}

/* Days in the week (window 0) and month (window 1) boards. */
static const int64_t window_span[2] = { 7, 30 };

/*
 * Brings window w up to day: drops the buckets that left it, or
 * recomputes it from the daily buckets when it has no state or is a
 * whole span behind. A window already at or past day stays. *asof gets
 * its day afterwards. Call inside a transaction. Returns 0 or -1.
 */
static int
window_advance(sqlite3 *db, int w, int64_t day, int64_t *asof)
{
	sqlite3_stmt	*st;
	int64_t		 at = 0, args[3];
	int		 rc, have;

	if (db_prepare(db, "SELECT day FROM points_window_state"
	    " WHERE period = ?", &st) != 0)
		return -1;
	sqlite3_bind_int(st, 1, w);
	rc = sqlite3_step(st);
	have = rc == SQLITE_ROW;
	if (have)
		at = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "points window");
		return -1;
	}
	*asof = at;
	if (have && at >= day)
		return 0;
	args[0] = w;
	if (!have || day - at >= window_span[w]) {
		args[1] = day - window_span[w] + 1;
		args[2] = day;
		if (query_int(db, "DELETE FROM points_window WHERE period = ?1",
		    &at, 0, 1, args) != 0 ||
		    query_int(db, "INSERT INTO points_window (period, user_id,"
		    " points) SELECT ?1, user_id, SUM(points) FROM points_daily"
		    " WHERE day BETWEEN ?2 AND ?3 GROUP BY user_id", &at, 0, 3,
		    args) != 0)
			return -1;
	} else {
		args[1] = at - window_span[w] + 1;
		args[2] = day - window_span[w];
		if (query_int(db, "UPDATE points_window SET points = points -"
		    " (SELECT SUM(d.points) FROM points_daily d"
		    "  WHERE d.user_id = points_window.user_id"
		    "  AND d.day BETWEEN ?2 AND ?3)"
		    " WHERE period = ?1 AND user_id IN (SELECT user_id"
		    "  FROM points_daily WHERE day BETWEEN ?2 AND ?3)", &at, 0,
		    3, args) != 0 ||
		    query_int(db, "DELETE FROM points_window WHERE period = ?1"
		    " AND points = 0", &at, 0, 1, args) != 0)
			return -1;
	}
	args[1] = day;
	if (query_int(db, "INSERT INTO points_window_state (period, day)"
	    " VALUES (?1, ?2) ON CONFLICT (period) DO UPDATE"
	    " SET day = excluded.day", &at, 0, 2, args) != 0)
		return -1;
	*asof = day;
	return 0;
}

/*
 * Adds delta, earned on day, to the week and month windows it falls in
 * (moving a window on first when day is past it). Call before the daily
 * bucket is updated. Returns 0 or -1.
 */
static int
window_award(sqlite3 *db, int64_t user_id, int64_t delta, int64_t day)
{
	int64_t	asof, args[3];
	int	w;

	for (w = 0; w < 2; w++) {
		if (window_advance(db, w, day, &asof) != 0)
			return -1;
		if (day <= asof - window_span[w] || day > asof)
			continue;
		args[0] = w;
		args[1] = user_id;
		args[2] = delta;
		if (query_int(db, "INSERT INTO points_window (period, user_id,"
		    " points) VALUES (?1, ?2, ?3) ON CONFLICT (period, user_id)"
		    " DO UPDATE SET points = points + excluded.points", &asof,
		    0, 3, args) != 0)
			return -1;
	}
	return 0;
}

/*
 * Appends one ledger entry and, when it is new and non-zero, adds delta
 * to the member's total and daily bucket. *inserted says whether the
 * entry was new (0 when the unique key already held it). Returns 0 or -1.
 */
static int
ledger_append(sqlite3 *db, int64_t user_id, int64_t delta, const char *rule,
    const char *subject_type, int64_t subject_id, int64_t actor_id,
    int64_t gen, const char *reason, time_t at, int *inserted)
{
	sqlite3_stmt	*st;

	*inserted = 0;
	if (db_prepare(db, "INSERT OR IGNORE INTO points_ledger (user_id,"
	    " delta, rule, subject_type, subject_id, actor_id, gen, reason,"
	    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, delta);
	sqlite3_bind_text(st, 3, rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, subject_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, subject_id);
	sqlite3_bind_int64(st, 6, actor_id);
	sqlite3_bind_int64(st, 7, gen);
	if (reason != NULL)
		sqlite3_bind_text(st, 8, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)at);
	if (step_done(db, st, "points ledger") != 0)
		return -1;
	if (sqlite3_changes(db) == 0)
		return 0;
	*inserted = 1;
	if (delta == 0)
		return 0;
	if (db_prepare(db, "INSERT INTO points_totals (user_id, points)"
	    " VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE"
	    " SET points = points + excluded.points", &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, delta);
	if (step_done(db, st, "points total") != 0 ||
	    window_award(db, user_id, delta, day_of(at)) != 0)
		return -1;
	if (db_prepare(db, "INSERT INTO points_daily (user_id, day, points)"
	    " VALUES (?, ?, ?) ON CONFLICT (day, user_id) DO UPDATE"
	    " SET points = points + excluded.points", &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, day_of(at));
	sqlite3_bind_int64(st, 3, delta);
	return step_done(db, st, "points daily");
}

/* 1 when rule's points count toward the daily vote cap. */
static int
vote_capped(const char *rule)
{
	return strcmp(rule, "question_upvote") == 0 ||
	    strcmp(rule, "answer_upvote") == 0;
}

int
points_award(sqlite3 *db, int64_t user_id, const char *rule,
    const char *subject_type, int64_t subject_id, int64_t actor_id, time_t at)
{
	int64_t	delta, gen, used, args[3];
	int	inserted;

	if (user_id <= 0 || strlen(rule) >= POINTS_RULE_MAX)
		return user_id <= 0 ? 0 : -1;
	if (rule_points(db, rule, &delta) != 0)
		return -1;
	if (delta == 0)
		return 0;
	if (generation(db, rule, subject_type, subject_id, user_id, actor_id,
	    &gen) != 0 || clamp_balance(db, user_id, &delta) != 0)
		return -1;
	if (delta > 0 && vote_capped(rule)) {
		args[0] = user_id;
		args[1] = day_of(at) * DAY;
		args[2] = args[1] + DAY;
		if (query_int(db, "SELECT SUM(delta) FROM points_ledger"
		    " WHERE user_id = ?1 AND created_at >= ?2"
		    " AND created_at < ?3 AND delta > 0 AND rule IN"
		    " ('question_upvote', 'answer_upvote')", &used, 0, 3,
		    args) != 0)
			return -1;
		if (used + delta > POINTS_VOTE_DAILY_CAP)
			delta = used >= POINTS_VOTE_DAILY_CAP ? 0 :
			    POINTS_VOTE_DAILY_CAP - used;
	}
	return ledger_append(db, user_id, delta, rule, subject_type,
	    subject_id, actor_id, gen, NULL, at, &inserted);
}

int
points_reverse(sqlite3 *db, int64_t user_id, const char *rule,
    const char *subject_type, int64_t subject_id, int64_t actor_id, time_t at)
{
	sqlite3_stmt	*st;
	char		 rev[POINTS_RULE_MAX + 16];
	int64_t		 gen, delta = 0;
	int		 rc, found, inserted;

	if (user_id <= 0)
		return 0;
	if (strlen(rule) >= POINTS_RULE_MAX)
		return -1;
	if (generation(db, rule, subject_type, subject_id, user_id, actor_id,
	    &gen) != 0)
		return -1;
	if (db_prepare(db, "SELECT delta FROM points_ledger WHERE rule = ?"
	    " AND subject_type = ? AND subject_id = ? AND user_id = ?"
	    " AND actor_id = ? AND gen = ?", &st) != 0)
		return -1;
	sqlite3_bind_text(st, 1, rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, subject_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, subject_id);
	sqlite3_bind_int64(st, 4, user_id);
	sqlite3_bind_int64(st, 5, actor_id);
	sqlite3_bind_int64(st, 6, gen);
	rc = sqlite3_step(st);
	found = rc == SQLITE_ROW;
	if (found)
		delta = -sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "points reversal");
		return -1;
	}
	if (!found)
		return 0;
	if (clamp_balance(db, user_id, &delta) != 0)
		return -1;
	snprintf(rev, sizeof rev, "reversal:%s", rule);
	return ledger_append(db, user_id, delta, rev, subject_type,
	    subject_id, actor_id, gen, NULL, at, &inserted);
}

int
points_adjust(sqlite3 *db, int64_t user_id, int64_t delta, const char *reason,
    int64_t operator_id, time_t at, int64_t *applied)
{
	int64_t	next;
	int	inserted;

	*applied = 0;
	if (query_int(db, "SELECT COALESCE(MAX(id), 0) + 1 FROM points_ledger",
	    &next, 1, 0, NULL) != 0 || clamp_balance(db, user_id, &delta) != 0)
		return -1;
	if (ledger_append(db, user_id, delta, "adjustment", "adjustment",
	    next, operator_id, 0, reason, at, &inserted) != 0)
		return -1;
	*applied = delta;
	return 0;
}

/* The upvote or downvote rule for a vote of value on subject_type. */
static const char *
vote_rule(const char *subject_type, int64_t value)
{
	if (value < 0)
		return "downvote";
	return strcmp(subject_type, "question") == 0 ? "question_upvote" :
	    "answer_upvote";
}

/*
 * The buyer's referrer and referral_first_purchase: on a payment
 * (refunded 0) awards it once ever, keyed by the buyer ("user", buyer);
 * on the refund of order refunded takes it back when the buyer has no
 * other paid order left, so a later purchase earns it again. Nothing
 * for a member nobody referred. Returns 0 or -1.
 */
static int
referral_purchase(sqlite3 *db, int64_t buyer, int64_t refunded, time_t at)
{
	int64_t	referrer, paid, args[2];

	args[0] = buyer;
	args[1] = refunded;
	if (query_int(db, "SELECT referred_by FROM users WHERE id = ?1",
	    &referrer, 0, 1, args) != 0)
		return -1;
	if (referrer <= 0)
		return 0;
	if (refunded == 0)
		return points_award(db, referrer, "referral_first_purchase",
		    "user", buyer, 0, at);
	if (query_int(db, "SELECT COUNT(*) FROM orders WHERE user_id = ?1"
	    " AND status = 'paid' AND id <> ?2", &paid, 0, 2, args) != 0)
		return -1;
	if (paid > 0)
		return 0;
	return points_reverse(db, referrer, "referral_first_purchase", "user",
	    buyer, 0, at);
}

int
points_on_event(sqlite3 *db, const struct srv_event *ev)
{
	const char	*st = ev->subject_type != NULL ? ev->subject_type : "";
	int64_t		 sid = ev->subject_id;
	time_t		 at = ev->at;

	switch (ev->kind) {
	case EV_THREAD_CREATED:
		return points_award(db, ev->actor_id, "thread_created", st,
		    sid, 0, at);
	case EV_REPLY_CREATED:
		return points_award(db, ev->actor_id, "reply_created", st,
		    sid, 0, at);
	case EV_QUESTION_CREATED:
		return points_award(db, ev->actor_id, "question_created", st,
		    sid, 0, at);
	case EV_ANSWER_CREATED:
		return points_award(db, ev->actor_id, "answer_created", st,
		    sid, 0, at);
	case EV_LIKE_ADDED:
		if (ev->target_user_id == ev->actor_id)
			return 0;
		return points_award(db, ev->target_user_id, "like_received",
		    st, sid, ev->actor_id, at);
	case EV_LIKE_REMOVED:
		return points_reverse(db, ev->target_user_id, "like_received",
		    st, sid, ev->actor_id, at);
	case EV_VOTE_CAST:
		if (ev->target_user_id == ev->actor_id)
			return 0;
		return points_award(db, ev->target_user_id,
		    vote_rule(st, ev->value), st, sid, ev->actor_id, at);
	case EV_VOTE_REMOVED:
		return points_reverse(db, ev->target_user_id,
		    vote_rule(st, ev->value), st, sid, ev->actor_id, at);
	case EV_ANSWER_ACCEPTED:
		if (ev->target_user_id == ev->actor_id)
			return 0;
		if (points_award(db, ev->target_user_id, "answer_accepted",
		    st, sid, ev->actor_id, at) != 0)
			return -1;
		return points_award(db, ev->actor_id, "accepted_an_answer",
		    st, sid, 0, at);
	case EV_ANSWER_UNACCEPTED:
		if (points_reverse(db, ev->target_user_id, "answer_accepted",
		    st, sid, ev->actor_id, at) != 0)
			return -1;
		return points_reverse(db, ev->actor_id, "accepted_an_answer",
		    st, sid, 0, at);
	case EV_ORDER_PAID:
		if (points_award(db, ev->actor_id, "course_purchased", st,
		    sid, 0, at) != 0)
			return -1;
		return referral_purchase(db, ev->actor_id, 0, at);
	case EV_ORDER_REFUNDED:
		if (points_reverse(db, ev->target_user_id,
		    "course_purchased", st, sid, 0, at) != 0)
			return -1;
		return referral_purchase(db, ev->target_user_id, sid, at);
	case EV_LESSON_COMPLETED:
		return points_award(db, ev->actor_id, "lesson_completed", st,
		    sid, 0, at);
	case EV_EVENT_ATTENDED:
		return points_award(db, ev->target_user_id, "event_attended",
		    st, sid, 0, at);
	case EV_USER_REGISTERED:
		return points_award(db, ev->target_user_id, "referral_joined",
		    "user", ev->actor_id, 0, at);
	case EV_KIND_COUNT:
		break;
	}
	return 0;
}

int
points_levels(sqlite3 *db, int64_t thresholds[POINTS_LEVELS])
{
	static const int64_t	 dflt[POINTS_LEVELS] = { 0, 5, 20, 65, 155,
	    515, 2015, 8015, 33015 };
	sqlite3_stmt		*st;
	int64_t			 lv;
	int			 rc;

	memcpy(thresholds, dflt, sizeof dflt);
	if (db_prepare(db, "SELECT level, threshold FROM point_levels", &st) !=
	    0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		lv = sqlite3_column_int64(st, 0);
		if (lv >= 1 && lv <= POINTS_LEVELS)
			thresholds[lv - 1] = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "point levels");
		return -1;
	}
	return 0;
}

int
points_level_of(const int64_t thresholds[POINTS_LEVELS], int64_t points,
    int64_t *next_at)
{
	int	i, level = 1;

	for (i = 1; i < POINTS_LEVELS; i++) {
		if (points >= thresholds[i])
			level = i + 1;
	}
	*next_at = level < POINTS_LEVELS ? thresholds[level] : -1;
	return level;
}

int
points_period_parse(const char *s, enum points_period *out)
{
	if (strcmp(s, "week") == 0)
		*out = POINTS_WEEK;
	else if (strcmp(s, "month") == 0)
		*out = POINTS_MONTH;
	else if (strcmp(s, "all") == 0)
		*out = POINTS_ALL;
	else
		return -1;
	return 0;
}

/* Where a board's rows come from, resolved once per request. */
enum board_source {
	BOARD_TOTALS = 0,	/* all time: points_totals */
	BOARD_WINDOW,		/* week or month: points_window */
	BOARD_BUCKETS		/* a window in the past: bucket sums */
};

struct board {
	enum board_source	 src;
	int			 window;	/* 0 week, 1 month */
	int64_t			 from, to;	/* days, for BOARD_BUCKETS */
};

/*
 * Resolves the board of period as of now into *b: the all-time totals,
 * or the week or month window moved on to today (in a transaction of its
 * own when the caller has none, and only when it is behind), or, for a
 * day before the window's, the sums of the daily buckets. 0 or -1.
 */
static int
board_open(sqlite3 *db, enum points_period p, time_t now, struct board *b)
{
	int64_t	today = day_of(now), asof, args[1];
	int	own, rc;

	memset(b, 0, sizeof *b);
	if (p == POINTS_ALL)
		return 0;
	b->window = p == POINTS_WEEK ? 0 : 1;
	b->to = today;
	b->from = today - window_span[b->window] + 1;
	args[0] = b->window;
	if (query_int(db, "SELECT day FROM points_window_state"
	    " WHERE period = ?1", &asof, -1, 1, args) != 0)
		return -1;
	if (asof < today) {
		own = sqlite3_get_autocommit(db);
		if (own && db_begin(db) != 0)
			return -1;
		rc = window_advance(db, b->window, today, &asof);
		if (own) {
			if (rc == 0 && db_commit(db) != 0)
				rc = -1;
			if (rc != 0)
				db_rollback(db);
		}
		if (rc != 0)
			return -1;
	}
	b->src = asof == today ? BOARD_WINDOW : BOARD_BUCKETS;
	return 0;
}

/*
 * The board's rows as a CTE "s(user_id, points)": members with positive
 * points only. The totals and windows are read through their
 * (points DESC, user_id) indexes; bucket sums group at most 30 days.
 */
static const char *
board_sql(const struct board *b)
{
	switch (b->src) {
	case BOARD_TOTALS:
		return "WITH s(user_id, points) AS (SELECT user_id, points"
		    " FROM points_totals WHERE points > 0) ";
	case BOARD_WINDOW:
		return "WITH s(user_id, points) AS (SELECT user_id, points"
		    " FROM points_window WHERE period = :per AND points > 0) ";
	case BOARD_BUCKETS:
		break;
	}
	return "WITH s(user_id, points) AS (SELECT user_id, SUM(points)"
	    " FROM points_daily WHERE day BETWEEN :from AND :to"
	    " GROUP BY user_id HAVING SUM(points) > 0) ";
}

static void	bind_named(sqlite3_stmt *, const char *, int64_t);

/* Prepares board_sql(b) followed by tail, with its parameters bound. */
static int
board_prepare(sqlite3 *db, const struct board *b, const char *tail,
    sqlite3_stmt **st)
{
	char	sql[1024];

	snprintf(sql, sizeof sql, "%s%s", board_sql(b), tail);
	if (db_prepare(db, sql, st) != 0)
		return -1;
	bind_named(*st, ":per", b->window);
	bind_named(*st, ":from", b->from);
	bind_named(*st, ":to", b->to);
	return 0;
}

/* Binds int64 v to the named parameter when the statement has it. */
static void
bind_named(sqlite3_stmt *st, const char *name, int64_t v)
{
	int	i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		sqlite3_bind_int64(st, i, v);
}

/* The dense rank of points in period: 1 + distinct totals above it. */
static int
board_rank(sqlite3 *db, const struct board *b, int64_t points,
    int64_t *rank)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (board_prepare(db, b, "SELECT COUNT(DISTINCT points) FROM s"
	    " WHERE points > :p", &st) != 0)
		return -1;
	bind_named(st, ":p", points);
	rc = sqlite3_step(st);
	*rank = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) + 1 : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		db_log(db, "leaderboard rank");
		return -1;
	}
	return 0;
}

void
points_row_release(struct points_row *r)
{
	if (r == NULL)
		return;
	free(r->username);
	memset(r, 0, sizeof *r);
}

void
points_rows_free(struct points_row *rows, size_t n)
{
	size_t	i;

	if (rows == NULL)
		return;
	for (i = 0; i < n; i++)
		points_row_release(&rows[i]);
	free(rows);
}

/* Fills r from a (user_id, username, points) row. 0 or -1 (memory). */
static int
row_read(sqlite3_stmt *st, struct points_row *r)
{
	memset(r, 0, sizeof *r);
	r->user_id = sqlite3_column_int64(st, 0);
	r->points = sqlite3_column_int64(st, 2);
	return db_col_text(st, 1, &r->username);
}

/*
 * Runs the board query tail (rows of user_id, username, points) with
 * :ap, :aid and :lim bound, reading at most lim rows into *rows (free
 * with points_rows_free) and *n. Returns 0 or -1 (logged).
 */
static int
board_fetch(sqlite3 *db, const struct board *b, const char *tail,
    int64_t after_points, int64_t after_id, int64_t lim,
    struct points_row **rows, size_t *n)
{
	sqlite3_stmt		*st;
	struct points_row	*out;
	size_t			 i = 0;
	int			 rc = SQLITE_DONE, bad = 0;

	*rows = NULL;
	*n = 0;
	out = calloc((size_t)lim, sizeof *out);
	if (out == NULL)
		return -1;
	if (board_prepare(db, b, tail, &st) != 0) {
		free(out);
		return -1;
	}
	bind_named(st, ":ap", after_points);
	bind_named(st, ":aid", after_id);
	bind_named(st, ":lim", lim);
	while (i < (size_t)lim && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (row_read(st, &out[i++]) != 0) {
			bad = 1;
			break;
		}
	}
	if (rc == SQLITE_ROW && !bad)
		rc = SQLITE_DONE;	/* lim rows read: the rest unwanted */
	sqlite3_finalize(st);
	if (bad || (rc != SQLITE_ROW && rc != SQLITE_DONE)) {
		db_log(db, "leaderboard page");
		points_rows_free(out, i);
		return -1;
	}
	*rows = out;
	*n = i;
	return 0;
}

/*
 * Gives the n rows (best first) their dense ranks: that of the first
 * from the distinct totals above it, then +1 at each change. 0 or -1.
 */
static int
board_rank_rows(sqlite3 *db, const struct board *b, struct points_row *rows,
    size_t n)
{
	int64_t	rank = 0;
	size_t	k;

	if (n > 0 && board_rank(db, b, rows[0].points, &rank) != 0)
		return -1;
	for (k = 0; k < n; k++) {
		if (k > 0 && rows[k].points != rows[k - 1].points)
			rank++;
		rows[k].rank = rank;
	}
	return 0;
}

enum gstatus
points_board_page(sqlite3 *db, enum points_period p, time_t now,
    int has_after, int64_t after_points, int64_t after_id, int limit,
    struct points_row **rows, size_t *n, int *has_more)
{
	struct points_row	*out;
	struct board		 bd, *b = &bd;
	size_t			 i;

	*rows = NULL;
	*n = 0;
	*has_more = 0;
	if (board_open(db, p, now, b) != 0 || board_fetch(db, b, has_after ?
	    "SELECT s.user_id, u.username, s.points FROM s"
	    " JOIN users u ON u.id = s.user_id WHERE s.points <= :ap"
	    " AND (s.points < :ap OR s.user_id > :aid)"
	    " ORDER BY s.points DESC, s.user_id LIMIT :lim" :
	    "SELECT s.user_id, u.username, s.points FROM s"
	    " JOIN users u ON u.id = s.user_id"
	    " ORDER BY s.points DESC, s.user_id LIMIT :lim", after_points,
	    after_id, (int64_t)limit + 1, &out, &i) != 0)
		return G_INTERNAL;
	if (i > (size_t)limit) {
		*has_more = 1;
		points_row_release(&out[limit]);
		i = (size_t)limit;
	}
	if (board_rank_rows(db, b, out, i) != 0) {
		points_rows_free(out, i);
		return G_INTERNAL;
	}
	*rows = out;
	*n = i;
	return G_OK;
}

enum gstatus
points_board_last(sqlite3 *db, enum points_period p, time_t now, int limit,
    struct points_row **rows, size_t *n)
{
	struct points_row	*out, t;
	struct board		 bd, *b = &bd;
	size_t			 i, k;

	*rows = NULL;
	*n = 0;
	/* The (points DESC, user_id) indexes read backwards: the tail. */
	if (board_open(db, p, now, b) != 0 || board_fetch(db, b,
	    "SELECT s.user_id, u.username, s.points FROM s"
	    " JOIN users u ON u.id = s.user_id"
	    " ORDER BY s.points, s.user_id DESC LIMIT :lim", 0, 0,
	    (int64_t)limit, &out, &i) != 0)
		return G_INTERNAL;
	for (k = 0; k < i / 2; k++) {
		t = out[k];
		out[k] = out[i - 1 - k];
		out[i - 1 - k] = t;
	}
	if (board_rank_rows(db, b, out, i) != 0) {
		points_rows_free(out, i);
		return G_INTERNAL;
	}
	*rows = out;
	*n = i;
	return G_OK;
}

/*
 * The neighbour of (points, user_id) on the board: the row just above
 * (up) or just below, into *r (user_id 0 when none), with its rank.
 * Ranks are dense, so when rank (that of points) is known the
 * neighbour's follows from it: the same on a tie, else one off.
 */
static int
board_neighbour(sqlite3 *db, const struct board *b, int up,
    int64_t points, int64_t user_id, int64_t rank, struct points_row *r)
{
	sqlite3_stmt	*st;
	int		 rc, bad = 0;

	memset(r, 0, sizeof *r);
	if (board_prepare(db, b, up ?
	    "SELECT s.user_id, u.username, s.points FROM s"
	    " JOIN users u ON u.id = s.user_id WHERE s.points >= :p"
	    " AND (s.points > :p OR s.user_id < :id)"
	    " ORDER BY s.points, s.user_id DESC LIMIT 1" :
	    "SELECT s.user_id, u.username, s.points FROM s"
	    " JOIN users u ON u.id = s.user_id WHERE s.points <= :p"
	    " AND (s.points < :p OR s.user_id > :id)"
	    " ORDER BY s.points DESC, s.user_id LIMIT 1", &st) != 0)
		return -1;
	bind_named(st, ":p", points);
	bind_named(st, ":id", user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		bad = row_read(st, r) != 0;
	sqlite3_finalize(st);
	if (bad || (rc != SQLITE_ROW && rc != SQLITE_DONE)) {
		db_log(db, "leaderboard neighbour");
		points_row_release(r);
		return -1;
	}
	if (r->user_id == 0)
		return 0;
	if (rank > 0) {
		r->rank = r->points == points ? rank : up ? rank - 1 :
		    rank + 1;
		return 0;
	}
	if (board_rank(db, b, r->points, &r->rank) != 0) {
		points_row_release(r);
		return -1;
	}
	return 0;
}

enum gstatus
points_board_me(sqlite3 *db, enum points_period p, time_t now,
    int64_t user_id, struct points_row *me, struct points_row *above,
    struct points_row *below)
{
	struct board	 bd, *b = &bd;
	sqlite3_stmt	*st;
	int		 rc;

	memset(me, 0, sizeof *me);
	memset(above, 0, sizeof *above);
	memset(below, 0, sizeof *below);
	me->user_id = user_id;
	if (board_open(db, p, now, b) != 0 || board_prepare(db, b,
	    "SELECT points FROM s WHERE user_id = :id", &st) != 0)
		return G_INTERNAL;
	bind_named(st, ":id", user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		me->points = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "leaderboard me");
		return G_INTERNAL;
	}
	if (me->points > 0 && board_rank(db, b, me->points, &me->rank) !=
	    0)
		return G_INTERNAL;
	if (me->points < 0)
		me->points = 0;
	if (board_neighbour(db, b, 1, me->points, user_id, me->rank,
	    above) != 0)
		return G_INTERNAL;
	if (me->rank > 0 && board_neighbour(db, b, 0, me->points,
	    user_id, me->rank, below) != 0) {
		points_row_release(above);
		return G_INTERNAL;
	}
	return G_OK;
}

int
points_rebuild(sqlite3 *db)
{
	if (sqlite3_exec(db, "DELETE FROM points_totals;"
	    "DELETE FROM points_daily;"
	    "DELETE FROM points_window;"
	    "DELETE FROM points_window_state;"
	    "INSERT INTO points_totals (user_id, points)"
	    "  SELECT user_id, SUM(delta) FROM points_ledger GROUP BY user_id;"
	    "INSERT INTO points_daily (user_id, day, points)"
	    "  SELECT user_id, created_at / 86400, SUM(delta)"
	    "  FROM points_ledger GROUP BY user_id, created_at / 86400;",
	    NULL, NULL, NULL) != SQLITE_OK) {
		db_log(db, "points rebuild");
		return -1;
	}
	return 0;
}

/* Days since 1970-01-01 of the civil date y-m-d (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The civil year and month of day (days since the epoch). */
static void
civil_from_days(int64_t z, int *year, int *month)
{
	int64_t	era, doe, yoe, y, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(y + (*month <= 2));
}

/* Tells user through the inbox that badge (of period) is theirs. */
static int
badge_notify(sqlite3 *db, int64_t user_id, const char *badge,
    const char *period, int64_t awarded_by, time_t at)
{
	char	name[INBOX_TITLE_SIZE], text[INBOX_TITLE_SIZE + 48];

	inbox_quote_title(badge, name, sizeof name);
	if (period[0] != '\0')
		snprintf(text, sizeof text, "You earned the badge %s (%s)",
		    name, period);
	else
		snprintf(text, sizeof text, "You earned the badge %s", name);
	return inbox_add(db, user_id, "badge", "user", user_id, awarded_by,
	    text, NULL, at);
}

enum gstatus
points_badge_add(sqlite3 *db, int64_t user_id, const char *badge,
    const char *period, const char *reason, int64_t awarded_by, time_t at)
{
	sqlite3_stmt	*st;

	if (db_prepare(db, "INSERT OR IGNORE INTO badges (user_id, badge,"
	    " period, reason, awarded_by, created_at)"
	    " VALUES (?, ?, ?, ?, NULLIF(?, 0), ?)", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_text(st, 2, badge, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, period, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, awarded_by);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)at);
	if (step_done(db, st, "badge") != 0)
		return G_INTERNAL;
	if (sqlite3_changes(db) == 0)
		return G_CONFLICT;
	return badge_notify(db, user_id, badge, period, awarded_by, at) == 0 ?
	    G_CREATED : G_INTERNAL;
}

int
points_award_monthly(sqlite3 *db, int year, int month, time_t now,
    int *awarded)
{
	sqlite3_stmt	*st;
	int64_t		 users[3], first, last;
	char		 period[16];
	size_t		 i, n = 0;
	int		 rc;

	*awarded = 0;
	if (month < 1 || month > 12)
		return -1;
	first = days_from_civil(year, month, 1);
	last = days_from_civil(month == 12 ? year + 1 : year,
	    month == 12 ? 1 : month + 1, 1) - 1;
	snprintf(period, sizeof period, "%04d-%02d", year, month);
	if (db_prepare(db, "SELECT user_id FROM points_daily"
	    " WHERE day BETWEEN ? AND ? GROUP BY user_id"
	    " HAVING SUM(points) > 0 ORDER BY SUM(points) DESC, user_id"
	    " LIMIT 3", &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, first);
	sqlite3_bind_int64(st, 2, last);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 3)
		users[n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_log(db, "member of the month");
		return -1;
	}
	for (i = 0; i < n; i++) {
		switch (points_badge_add(db, users[i], POINTS_MOTM, period,
		    "top 3 in points this month", 0, now)) {
		case G_CREATED:
			(*awarded)++;
			break;
		case G_CONFLICT:
			break;
		default:
			return -1;
		}
	}
	return 0;
}

/* points_window_state's row that remembers the last month awarded. */
#define MONTHLY_STATE	100

int
points_monthly_check(sqlite3 *db, time_t now)
{
	int64_t	done, key, args[2];
	int	y, m, own, rc, n;

	civil_from_days(day_of(now), &y, &m);
	y = m == 1 ? y - 1 : y;
	m = m == 1 ? 12 : m - 1;
	key = (int64_t)y * 12 + (m - 1);
	args[0] = MONTHLY_STATE;
	if (query_int(db, "SELECT day FROM points_window_state"
	    " WHERE period = ?1", &done, -1, 1, args) != 0)
		return -1;
	if (done >= key)
		return 0;
	own = sqlite3_get_autocommit(db);
	if (own && db_begin(db) != 0)
		return -1;
	rc = points_award_monthly(db, y, m, now, &n);
	args[1] = key;
	if (rc == 0)
		rc = query_int(db, "INSERT INTO points_window_state (period, day)"
		    " VALUES (?1, ?2) ON CONFLICT (period) DO UPDATE"
		    " SET day = max(day, excluded.day)", &done, 0, 2, args);
	if (own) {
		if (rc == 0 && db_commit(db) != 0)
			rc = -1;
		if (rc != 0)
			db_rollback(db);
	}
	return rc;
}

/*
 * Replays the activity log (events the demo recorded, including history
 * written straight into it) through the subscriber, oldest first. What
 * was already awarded from the tables is not awarded again. 0 or -1.
 */
static int
demo_replay_activity(sqlite3 *db)
{
	sqlite3_stmt		*st;
	struct srv_event	 ev;
	const char		*kind;
	int			 k, rc, bad = 0;

	if (db_prepare(db, "SELECT kind, COALESCE(actor_id, 0),"
	    " COALESCE(target_user_id, 0), subject_type, subject_id, value,"
	    " created_at FROM activity ORDER BY created_at, id", &st) != 0)
		return -1;
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		kind = (const char *)sqlite3_column_text(st, 0);
		for (k = 0; k < EV_KIND_COUNT; k++) {
			if (kind != NULL && strcmp(kind, srv_event_name(
			    (enum srv_event_kind)k)) == 0)
				break;
		}
		if (k == EV_KIND_COUNT)
			continue;
		memset(&ev, 0, sizeof ev);
		ev.kind = (enum srv_event_kind)k;
		ev.actor_id = sqlite3_column_int64(st, 1);
		ev.target_user_id = sqlite3_column_int64(st, 2);
		ev.subject_type = (const char *)sqlite3_column_text(st, 3);
		ev.subject_id = sqlite3_column_int64(st, 4);
		ev.value = sqlite3_column_int64(st, 5);
		ev.at = (time_t)sqlite3_column_int64(st, 6);
		bad = points_on_event(db, &ev) != 0;
	}
	sqlite3_finalize(st);
	if (bad || rc != SQLITE_DONE) {
		db_log(db, "demo activity points");
		return -1;
	}
	return 0;
}

int
points_demo_seed(sqlite3 *db)
{
	sqlite3_stmt		*st;
	struct srv_event	 ev;
	int			 rc, bad = 0;

	if (db_prepare(db, "SELECT kind, actor, target, stype, sid, value, at"
	    " FROM ("
	    " SELECT ?1 AS kind, author_id AS actor, 0 AS target,"
	    "   'thread' AS stype, id AS sid, 0 AS value, created_at AS at"
	    "   FROM threads"
	    " UNION ALL SELECT ?2, r.author_id, t.author_id, 'reply', r.id, 0,"
	    "   r.created_at FROM replies r JOIN threads t ON t.id = r.thread_id"
	    " UNION ALL SELECT ?3, l.user_id, t.author_id, 'thread', t.id, 0,"
	    "   l.created_at FROM thread_likes l"
	    "   JOIN threads t ON t.id = l.thread_id"
	    " UNION ALL SELECT ?3, l.user_id, r.author_id, 'reply', r.id, 0,"
	    "   l.created_at FROM reply_likes l"
	    "   JOIN replies r ON r.id = l.reply_id"
	    " UNION ALL SELECT ?4, author_id, 0, 'question', id, 0, created_at"
	    "   FROM questions"
	    " UNION ALL SELECT ?5, a.author_id, q.author_id, 'answer', a.id, 0,"
	    "   a.created_at FROM answers a"
	    "   JOIN questions q ON q.id = a.question_id"
	    " UNION ALL SELECT ?6, v.user_id, q.author_id, 'question', q.id,"
	    "   v.value, v.created_at FROM question_votes v"
	    "   JOIN questions q ON q.id = v.question_id"
	    " UNION ALL SELECT ?6, v.user_id, a.author_id, 'answer', a.id,"
	    "   v.value, v.created_at FROM answer_votes v"
	    "   JOIN answers a ON a.id = v.answer_id"
	    " UNION ALL SELECT ?7, q.author_id, a.author_id, 'answer', a.id, 0,"
	    "   a.created_at + 3600 FROM questions q"
	    "   JOIN answers a ON a.id = q.accepted_answer_id"
	    " UNION ALL SELECT ?8, user_id, 0, 'order', id, amount, paid_at"
	    "   FROM orders WHERE status = 'paid'"
	    " UNION ALL SELECT ?9, user_id, 0, 'lesson', lesson_id, 0,"
	    "   completed_at FROM lesson_completions"
	    ") ORDER BY at", &st) != 0)
		return -1;
	sqlite3_bind_int(st, 1, EV_THREAD_CREATED);
	sqlite3_bind_int(st, 2, EV_REPLY_CREATED);
	sqlite3_bind_int(st, 3, EV_LIKE_ADDED);
	sqlite3_bind_int(st, 4, EV_QUESTION_CREATED);
	sqlite3_bind_int(st, 5, EV_ANSWER_CREATED);
	sqlite3_bind_int(st, 6, EV_VOTE_CAST);
	sqlite3_bind_int(st, 7, EV_ANSWER_ACCEPTED);
	sqlite3_bind_int(st, 8, EV_ORDER_PAID);
	sqlite3_bind_int(st, 9, EV_LESSON_COMPLETED);
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&ev, 0, sizeof ev);
		ev.kind = (enum srv_event_kind)sqlite3_column_int(st, 0);
		ev.actor_id = sqlite3_column_int64(st, 1);
		ev.target_user_id = sqlite3_column_int64(st, 2);
		ev.subject_type = (const char *)sqlite3_column_text(st, 3);
		ev.subject_id = sqlite3_column_int64(st, 4);
		ev.value = sqlite3_column_int64(st, 5);
		ev.at = (time_t)sqlite3_column_int64(st, 6);
		bad = points_on_event(db, &ev) != 0;
	}
	sqlite3_finalize(st);
	if (bad || rc != SQLITE_DONE) {
		db_log(db, "demo points");
		return -1;
	}
	return demo_replay_activity(db);
}

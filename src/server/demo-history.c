/*
 * Demo history for operator analytics: several hundred members joining
 * over half a year (more of them lately), each with a habit that fades
 * at their own pace, posting, voting, finishing lessons and buying
 * courses (a few refunded). Written straight into the activity log, the
 * per-day counters, orders with their receipts and refunds, and
 * enrollments inside demo_seed's transaction, so every chart of the
 * Insights pane has a shape.
 */
#include <stdio.h>
#include <string.h>

#include "guild/util.h"
#include "analytics.h"
#include "db.h"

#define HIST_MEMBERS	360
#define HIST_WEEKS	26
#define HIST_COURSES	64	/* at most this many courses are sold */

/* A small deterministic generator, so every demo looks the same. */
static uint32_t
hist_rand(uint64_t *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*state >> 33);
}

struct hist_course {
	int64_t		id;
	int64_t		price;
	char		currency[4];
	enum level	level;
};

/* The statements the generator runs, prepared once. */
struct hist {
	sqlite3		*db;
	sqlite3_stmt	*user, *event, *count, *enroll;
	sqlite3_stmt	*order, *receipt, *refund;
	struct hist_course courses[HIST_COURSES];
	int		 ncourses;
	int64_t		 operator_id;
};

/* Steps st (bound) once; 0, or -1 logged. */
static int
hist_step(struct hist *h, sqlite3_stmt *st, const char *what)
{
	int	rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_log(h->db, what);
		return -1;
	}
	return 0;
}

/* Records one event in the log and in its member's day counter. */
static int
hist_event(struct hist *h, const char *kind, int64_t user, int64_t target,
    const char *subject, int64_t subject_id, int64_t value, time_t at,
    int interaction)
{
	int64_t	counted = target != 0 ? target : user;
	int	refund = target != 0;

	sqlite3_bind_text(h->event, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(h->event, 2, refund ? h->operator_id : user);
	sqlite3_bind_int64(h->event, 3, target);
	sqlite3_bind_text(h->event, 4, subject, -1, SQLITE_STATIC);
	sqlite3_bind_int64(h->event, 5, subject_id);
	sqlite3_bind_int64(h->event, 6, value);
	sqlite3_bind_int64(h->event, 7, (sqlite3_int64)at);
	if (hist_step(h, h->event, "demo activity") != 0)
		return -1;
	sqlite3_bind_int64(h->count, 1, an_day(at));
	sqlite3_bind_int64(h->count, 2, counted);
	sqlite3_bind_int64(h->count, 3, interaction);
	sqlite3_bind_int64(h->count, 4, refund ? 0 : 1);
	sqlite3_bind_int64(h->count, 5, !strcmp(kind, "order_paid") ? value :
	    refund ? -value : 0);
	return hist_step(h, h->count, "demo counters");
}

/*
 * Member user buys course c at time at (refunded two days later when
 * refund is set), as the shop would have recorded it: a paid order with
 * its receipt (already sent), the payment (and refund) in the activity
 * log and the counters, and an enrollment for a kept purchase or a
 * refund row for the other. Revenue analytics read these orders. 0 or
 * -1.
 */
static int
hist_buy(struct hist *h, int64_t user, const struct hist_course *c,
    time_t at, int refund)
{
	int64_t	order;

	sqlite3_bind_int64(h->order, 1, user);
	sqlite3_bind_int64(h->order, 2, c->id);
	sqlite3_bind_text(h->order, 3, refund ? "refunded" : "paid", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(h->order, 4, c->price);
	sqlite3_bind_text(h->order, 5, c->currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(h->order, 6, (sqlite3_int64)at);
	sqlite3_bind_int64(h->order, 7, (sqlite3_int64)(refund ?
	    at + 2 * 86400 : at));
	if (hist_step(h, h->order, "demo order") != 0)
		return -1;
	order = sqlite3_last_insert_rowid(h->db);
	sqlite3_bind_int64(h->receipt, 1, order);
	if (hist_step(h, h->receipt, "demo receipt") != 0)
		return -1;
	if (hist_event(h, "order_paid", user, 0, "order", order, c->price,
	    at, 0) != 0)
		return -1;
	if (refund) {
		sqlite3_bind_int64(h->refund, 1, order);
		sqlite3_bind_int64(h->refund, 2, h->operator_id);
		sqlite3_bind_int64(h->refund, 3, c->price);
		sqlite3_bind_int64(h->refund, 4, (sqlite3_int64)(at +
		    2 * 86400));
		if (hist_step(h, h->refund, "demo refund") != 0)
			return -1;
		return hist_event(h, "order_refunded", user, user, "order",
		    order, c->price, at + 2 * 86400, 0);
	}
	sqlite3_bind_int64(h->enroll, 1, user);
	sqlite3_bind_int64(h->enroll, 2, c->id);
	sqlite3_bind_int64(h->enroll, 3, (sqlite3_int64)at);
	sqlite3_bind_int64(h->enroll, 4, order);
	return hist_step(h, h->enroll, "demo enrollment");
}

/* Loads the paid published courses and the first operator. 0 or -1. */
static int
hist_load(struct hist *h)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(h->db, "SELECT id, price_amount, currency, level"
	    " FROM courses WHERE published = 1 AND price_amount > 0"
	    " ORDER BY id", &st) != 0)
		return -1;
	for (;;) {
		struct hist_course *c;
		const char *cur, *lv;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW || h->ncourses >= HIST_COURSES)
			break;
		c = &h->courses[h->ncourses];
		cur = (const char *)sqlite3_column_text(st, 2);
		lv = (const char *)sqlite3_column_text(st, 3);
		c->id = sqlite3_column_int64(st, 0);
		c->price = sqlite3_column_int64(st, 1);
		snprintf(c->currency, sizeof c->currency, "%s",
		    cur != NULL ? cur : "CNY");
		if (level_parse(lv, &c->level) != 0)
			c->level = LEVEL_BEGINNER;
		h->ncourses++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return -1;
	if (db_prepare(h->db, "SELECT id FROM users WHERE role = 'operator'"
	    " ORDER BY id LIMIT 1", &st) != 0)
		return -1;
	h->operator_id = sqlite3_step(st) == SQLITE_ROW ?
	    sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return 0;
}

/* One member's life: joins at joined, then week by week. 0 or -1. */
static int
hist_member(struct hist *h, uint64_t *rng, int64_t user, enum level lv,
    time_t joined, time_t now)
{
	static const char *const kinds[] = { "thread_created",
	    "reply_created", "reply_created", "question_created",
	    "answer_created", "vote_cast", "vote_cast", "like_added",
	    "like_added", "lesson_completed" };
	static const int stick[] = { 60, 80, 93 };
	uint64_t	owned = 0;
	time_t		week;
	int		p = 90, s = stick[hist_rand(rng) % 3], k, e, n;

	for (week = joined; week < now; week += 7 * 86400) {
		if ((int)(hist_rand(rng) % 100) < p) {
			n = 1 + (int)(hist_rand(rng) % 5);
			for (e = 0; e < n; e++) {
				time_t	at = week + (time_t)(hist_rand(rng) %
				    (7 * 86400));

				if (at >= now)
					continue;
				k = (int)(hist_rand(rng) % G_NELEM(kinds));
				if (hist_event(h, kinds[k], user, 0, "demo", 0,
				    0, at, k != 9) != 0)
					return -1;
			}
			k = h->ncourses > 0 ? (int)(hist_rand(rng) %
			    (unsigned)h->ncourses) : 0;
			if (h->ncourses > 0 && hist_rand(rng) % 100 < 12 &&
			    !(owned & (1ULL << k)) &&
			    (h->courses[k].level == lv ||
			    h->courses[k].level == lv + 1) &&
			    week + 86400 < now - 3 * 86400) {
				owned |= 1ULL << k;
				if (hist_buy(h, user, &h->courses[k],
				    week + 86400, hist_rand(rng) % 10 == 0))
					return -1;
			}
		}
		p = p * s / 100;
		if (p < 4)
			p = 4;
	}
	return 0;
}

int
demo_seed_history(sqlite3 *db, time_t now, const char *member_hash)
{
	struct hist	 h;
	uint64_t	 rng = 20261126;
	time_t		 start = now - (time_t)HIST_WEEKS * 7 * 86400;
	int		 i, rc = -1;
	char		 name[32], display[32];

	memset(&h, 0, sizeof h);
	h.db = db;
	if (hist_load(&h) != 0 ||
	    db_prepare(db, "INSERT INTO users (username, password_hash,"
	    " display_name, level, created_at, email)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?1 || '@demo.guild.invalid')",
	    &h.user) != 0 ||
	    db_prepare(db, "INSERT INTO activity (kind, actor_id,"
	    " target_user_id, subject_type, subject_id, value, created_at)"
	    " VALUES (?, NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, ?)",
	    &h.event) != 0 ||
	    db_prepare(db, "INSERT INTO member_day_activity (day, user_id,"
	    " joined, level, interactions, actions, spent)"
	    " SELECT ?1, id, created_at, level, ?3, ?4, ?5 FROM users"
	    " WHERE id = ?2"
	    " ON CONFLICT (day, user_id) DO UPDATE SET"
	    " interactions = interactions + excluded.interactions,"
	    " actions = actions + excluded.actions,"
	    " spent = spent + excluded.spent", &h.count) != 0 ||
	    db_prepare(db, "INSERT INTO enrollments (user_id, course_id,"
	    " created_at, order_id) VALUES (?, ?, ?, ?)", &h.enroll) != 0 ||
	    db_prepare(db, "INSERT INTO orders (user_id, course_id, status,"
	    " amount, currency, provider, created_at, paid_at, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, 'sandbox', ?6 - 120, ?6, ?7)",
	    &h.order) != 0 ||
	    db_prepare(db, "INSERT INTO mail_outbox (to_addr, subject, body,"
	    " order_id, attempts, next_attempt_at, sent_at, created_at)"
	    " SELECT u.email, 'Your Guild order #' || o.id || ': ' ||"
	    " c.title, 'The demo receipt of order #' || o.id || '.' ||"
	    " char(10), o.id, 1, o.paid_at, o.paid_at, o.paid_at"
	    " FROM orders o JOIN users u ON u.id = o.user_id"
	    " JOIN courses c ON c.id = o.course_id WHERE o.id = ?1",
	    &h.receipt) != 0 ||
	    db_prepare(db, "INSERT INTO refunds (order_id, operator_id,"
	    " amount, reason, created_at) VALUES (?, NULLIF(?, 0), ?,"
	    " 'changed their mind', ?)", &h.refund) != 0)
		goto out;
	for (i = 0; i < HIST_MEMBERS; i++) {
		/* Joins cluster towards now: day = span * sqrt(i / n). */
		int64_t	span = (int64_t)HIST_WEEKS * 7, d = 0;
		time_t	joined;
		enum level lv;
		uint32_t r = hist_rand(&rng) % 10;

		while ((d + 1) * (d + 1) * HIST_MEMBERS <= (int64_t)i * span *
		    span)
			d++;
		joined = start + (time_t)d * 86400 +
		    (time_t)(hist_rand(&rng) % 86400);
		if (joined >= now)
			joined = now - 3600;
		lv = r < 5 ? LEVEL_BEGINNER : r < 8 ? LEVEL_INTERMEDIATE :
		    LEVEL_ADVANCED;
		snprintf(name, sizeof name, "learner%03d", i + 1);
		snprintf(display, sizeof display, "Learner %d", i + 1);
		sqlite3_bind_text(h.user, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(h.user, 2, member_hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(h.user, 3, display, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(h.user, 4, level_name(lv), -1,
		    SQLITE_STATIC);
		sqlite3_bind_int64(h.user, 5, (sqlite3_int64)joined);
		if (hist_step(&h, h.user, "demo member") != 0 ||
		    hist_member(&h, &rng, sqlite3_last_insert_rowid(db), lv,
		    joined, now) != 0)
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(h.user);
	sqlite3_finalize(h.event);
	sqlite3_finalize(h.count);
	sqlite3_finalize(h.enroll);
	sqlite3_finalize(h.order);
	sqlite3_finalize(h.receipt);
	sqlite3_finalize(h.refund);
	return rc;
}

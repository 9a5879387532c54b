/*
 * The demo's referrals and inbox (guildd --demo): every seeded member
 * gets a referral code, two members joined with demo's, and demo's
 * inbox holds what the seeded replies, answers, votes and likes on their
 * posts would have told them, the newest few still unread.
 */
#include <string.h>

#include "db.h"
#include "inbox.h"
#include "points.h"
#include "referrals.h"

#define DEMO_UNREAD	4	/* notifications left unread */

/*
 * Gives every member without a referral code one, a member at a time
 * (the lookup reads the index the update changes). 0 or -1.
 */
static int
demo_codes(sqlite3 *db)
{
	sqlite3_stmt	*st;
	char		 code[REFERRAL_CODE_LEN + 1];
	int64_t		 id;
	int		 rc;

	for (;;) {
		if (db_prepare(db, "SELECT id FROM users"
		    " WHERE referral_code IS NULL LIMIT 1", &st) != 0)
			return -1;
		rc = sqlite3_step(st);
		id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW)
			return rc == SQLITE_DONE ? 0 : -1;
		if (referral_code_ensure(db, id, code, sizeof code) != 0)
			return -1;
	}
}

/*
 * Two members who joined after demo with demo's code: the newest who
 * bought a course (so demo also earned referral_first_purchase) and the
 * newest who did not. 0 or -1.
 */
static int
demo_referrals(sqlite3 *db, int64_t demo)
{
	sqlite3_stmt	*st;
	int64_t		 id, paid_at;
	int		 rc = SQLITE_DONE, bought, bad = 0;

	for (bought = 1; !bad && bought >= 0; bought--) {
		if (db_prepare(db, "SELECT id, created_at, paid FROM ("
		    " SELECT u.id, u.created_at, (SELECT MIN(o.paid_at)"
		    "  FROM orders o WHERE o.user_id = u.id"
		    "  AND o.status = 'paid') AS paid FROM users u, users d"
		    " WHERE d.id = ?1 AND u.created_at > d.created_at"
		    " AND u.role = 'member' AND u.referred_by IS NULL)"
		    " WHERE (paid IS NOT NULL) = ?2"
		    " ORDER BY created_at DESC, id DESC LIMIT 1", &st) != 0)
			return -1;
		sqlite3_bind_int64(st, 1, demo);
		sqlite3_bind_int(st, 2, bought);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			id = sqlite3_column_int64(st, 0);
			paid_at = sqlite3_column_int64(st, 2);
			bad = referral_join(db, id, demo,
			    (time_t)sqlite3_column_int64(st, 1)) != 0;
			if (!bad && paid_at > 0)
				bad = points_award(db, demo,
				    "referral_first_purchase", "user", id, 0,
				    (time_t)paid_at) != 0;
			rc = SQLITE_DONE;
		}
		sqlite3_finalize(st);
		bad = bad || rc != SQLITE_DONE;
	}
	return bad ? -1 : 0;
}

/*
 * Replays what others did to demo's posts through the inbox subscriber
 * (not the whole hook: the activity log and points have them already),
 * oldest first. 0 or -1.
 */
static int
demo_told(sqlite3 *db, int64_t demo)
{
	sqlite3_stmt		*st;
	struct srv_event	 ev;
	int			 rc, bad = 0;

	if (db_prepare(db, "SELECT kind, actor, stype, sid, value, at FROM ("
	    " SELECT ?2 AS kind, r.author_id AS actor, 'reply' AS stype,"
	    "   r.id AS sid, 0 AS value, r.created_at AS at FROM replies r"
	    "   JOIN threads t ON t.id = r.thread_id WHERE t.author_id = ?1"
	    " UNION ALL SELECT ?3, a.author_id, 'answer', a.id, 0,"
	    "   a.created_at FROM answers a"
	    "   JOIN questions q ON q.id = a.question_id WHERE q.author_id = ?1"
	    " UNION ALL SELECT ?4, v.user_id, 'question', q.id, v.value,"
	    "   v.created_at FROM question_votes v"
	    "   JOIN questions q ON q.id = v.question_id WHERE q.author_id = ?1"
	    " UNION ALL SELECT ?4, v.user_id, 'answer', a.id, v.value,"
	    "   v.created_at FROM answer_votes v"
	    "   JOIN answers a ON a.id = v.answer_id WHERE a.author_id = ?1"
	    " UNION ALL SELECT ?5, l.user_id, 'reply', r.id, 0, l.created_at"
	    "   FROM reply_likes l JOIN replies r ON r.id = l.reply_id"
	    "   WHERE r.author_id = ?1"
	    " UNION ALL SELECT ?5, l.user_id, 'thread', t.id, 0, l.created_at"
	    "   FROM thread_likes l JOIN threads t ON t.id = l.thread_id"
	    "   WHERE t.author_id = ?1"
	    ") ORDER BY at", &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, demo);
	sqlite3_bind_int(st, 2, EV_REPLY_CREATED);
	sqlite3_bind_int(st, 3, EV_ANSWER_CREATED);
	sqlite3_bind_int(st, 4, EV_VOTE_CAST);
	sqlite3_bind_int(st, 5, EV_LIKE_ADDED);
	for (;;) {
		rc = sqlite3_step(st);
		if (bad || rc != SQLITE_ROW)
			break;
		memset(&ev, 0, sizeof ev);
		ev.kind = (enum srv_event_kind)sqlite3_column_int(st, 0);
		ev.actor_id = sqlite3_column_int64(st, 1);
		ev.target_user_id = demo;
		ev.subject_type = (const char *)sqlite3_column_text(st, 2);
		ev.subject_id = sqlite3_column_int64(st, 3);
		ev.value = sqlite3_column_int64(st, 4);
		ev.at = (time_t)sqlite3_column_int64(st, 5);
		bad = inbox_on_event(db, &ev) != 0;
	}
	sqlite3_finalize(st);
	return bad || rc != SQLITE_DONE ? -1 : 0;
}

/* Marks demo's notifications read but the newest DEMO_UNREAD. 0 or -1. */
static int
demo_read(sqlite3 *db, int64_t demo, time_t now)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, "UPDATE notifications SET read_at = ?2"
	    " WHERE user_id = ?1 AND id NOT IN (SELECT id FROM notifications"
	    "  WHERE user_id = ?1 ORDER BY created_at DESC, id DESC"
	    "  LIMIT ?3)", &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, demo);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	sqlite3_bind_int(st, 3, DEMO_UNREAD);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "demo inbox");
		return -1;
	}
	return 0;
}

int
demo_seed_inbox(sqlite3 *db, time_t now)
{
	sqlite3_stmt	*st;
	int64_t		 demo = 0;
	int		 rc;

	if (db_prepare(db, "SELECT id FROM users WHERE username = 'demo'",
	    &st) != 0)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		demo = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (demo_codes(db) != 0)
		return -1;
	if (demo == 0)
		return 0;
	if (demo_referrals(db, demo) != 0 || demo_told(db, demo) != 0 ||
	    demo_read(db, demo, now) != 0) {
		db_log(db, "demo inbox");
		return -1;
	}
	return 0;
}

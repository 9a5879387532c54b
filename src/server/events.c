/*
 * The activity hook: records every event handlers emit and hands it to
 * the subscribers registered in the table below.
 */
#include <stddef.h>

#include "guild/util.h"
#include "db.h"
#include "events.h"
#include "inbox.h"
#include "points.h"

static const char *const event_names[EV_KIND_COUNT] = {
	[EV_USER_REGISTERED]	= "user_registered",
	[EV_THREAD_CREATED]	= "thread_created",
	[EV_REPLY_CREATED]	= "reply_created",
	[EV_LIKE_ADDED]		= "like_added",
	[EV_LIKE_REMOVED]	= "like_removed",
	[EV_QUESTION_CREATED]	= "question_created",
	[EV_ANSWER_CREATED]	= "answer_created",
	[EV_VOTE_CAST]		= "vote_cast",
	[EV_VOTE_REMOVED]	= "vote_removed",
	[EV_ANSWER_ACCEPTED]	= "answer_accepted",
	[EV_ANSWER_UNACCEPTED]	= "answer_unaccepted",
	[EV_ORDER_PAID]		= "order_paid",
	[EV_ORDER_REFUNDED]	= "order_refunded",
	[EV_LESSON_COMPLETED]	= "lesson_completed",
	[EV_EVENT_ATTENDED]	= "event_attended",
};

const char *
srv_event_name(enum srv_event_kind k)
{
	if ((unsigned)k >= EV_KIND_COUNT || event_names[k] == NULL)
		return "unknown";
	return event_names[k];
}

/* The first subscriber: the activity table analytics reads. */
static int
activity_record(sqlite3 *db, const struct srv_event *ev)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, "INSERT INTO activity (kind, actor_id,"
	    " target_user_id, subject_type, subject_id, value, created_at)"
	    " VALUES (?, NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, ?)", &st) != 0)
		return -1;
	sqlite3_bind_text(st, 1, srv_event_name(ev->kind), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ev->actor_id);
	sqlite3_bind_int64(st, 3, ev->target_user_id);
	sqlite3_bind_text(st, 4, ev->subject_type != NULL ? ev->subject_type :
	    "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, ev->subject_id);
	sqlite3_bind_int64(st, 6, ev->value);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)ev->at);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "activity");
		return -1;
	}
	return 0;
}

/* True for the kinds analytics counts as interactions (doc/analytics.md). */
static int
counts_as_interaction(enum srv_event_kind k)
{
	return k == EV_THREAD_CREATED || k == EV_REPLY_CREATED ||
	    k == EV_QUESTION_CREATED || k == EV_ANSWER_CREATED ||
	    k == EV_VOTE_CAST || k == EV_LIKE_ADDED;
}

/*
 * The analytics counters: adds the event to its member's row for the
 * UTC day (member_day_activity). The actor is active that day; an
 * order paid adds to their spending, a refund takes it off the buyer's
 * (the target's) spending without making them active. Registering is
 * not an action (only referred sign-ups emit it, and they must not look
 * more active than the others); attending an event is the attendee's
 * action, not the organizer's who checked them in.
 */
static int
analytics_count(sqlite3 *db, const struct srv_event *ev)
{
	sqlite3_stmt	*st;
	int64_t		 user, inter = 0, acts = 1, spent = 0;
	int		 rc;

	if (ev->kind == EV_USER_REGISTERED)
		return 0;
	if (ev->kind == EV_ORDER_REFUNDED) {
		user = ev->target_user_id;
		acts = 0;
		spent = -ev->value;
	} else if (ev->kind == EV_EVENT_ATTENDED) {
		user = ev->target_user_id;
	} else {
		user = ev->actor_id;
		inter = counts_as_interaction(ev->kind);
		if (ev->kind == EV_ORDER_PAID)
			spent = ev->value;
	}
	if (user <= 0 || ev->at < 0)
		return 0;
	if (db_prepare(db, "INSERT INTO member_day_activity (day, user_id,"
	    " joined, level, interactions, actions, spent)"
	    " SELECT ?1, id, created_at, level, ?3, ?4, ?5 FROM users"
	    " WHERE id = ?2"
	    " ON CONFLICT (day, user_id) DO UPDATE SET"
	    " interactions = interactions + excluded.interactions,"
	    " actions = actions + excluded.actions,"
	    " spent = spent + excluded.spent", &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)ev->at / 86400);
	sqlite3_bind_int64(st, 2, user);
	sqlite3_bind_int64(st, 3, inter);
	sqlite3_bind_int64(st, 4, acts);
	sqlite3_bind_int64(st, 5, spent);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "member_day_activity");
		return -1;
	}
	return 0;
}

/*
 * Everything that reacts to events, in order. Points, notifications and
 * analytics counters register here, so handlers never change for them.
 */
static srv_event_hook *const event_hooks[] = {
	activity_record,
	analytics_count,
	points_on_event,
	inbox_on_event,
};

int
srv_event_emit(sqlite3 *db, const struct srv_event *ev)
{
	size_t	i;

	for (i = 0; i < G_NELEM(event_hooks); i++) {
		if (event_hooks[i](db, ev) != 0)
			return -1;
	}
	return 0;
}

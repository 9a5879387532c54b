/*
 * Activity events: the one internal hook through which handlers report
 * what happened (a thread created, a vote received, an order paid). Each
 * event is recorded in the activity table, which analytics reads, and
 * handed to every subscriber in events.c's table (points and the inbox
 * subscribe there), inside the caller's transaction, so an event and its
 * consequences commit or roll back together.
 */
#ifndef GUILD_SERVER_EVENTS_H
#define GUILD_SERVER_EVENTS_H

#include <stdint.h>
#include <time.h>

#include <sqlite3.h>

enum srv_event_kind {
	EV_USER_REGISTERED = 0,	/* actor joined; target = referrer or 0 */
	EV_THREAD_CREATED,	/* actor created thread subject */
	EV_REPLY_CREATED,	/* actor replied; target = thread author */
	EV_LIKE_ADDED,		/* actor liked subject; target = its author */
	EV_LIKE_REMOVED,
	EV_QUESTION_CREATED,
	EV_ANSWER_CREATED,	/* target = question author */
	EV_VOTE_CAST,		/* value +1 or -1; target = the item's author */
	EV_VOTE_REMOVED,	/* value = the vote removed */
	EV_ANSWER_ACCEPTED,	/* actor accepted subject; target = answerer */
	EV_ANSWER_UNACCEPTED,
	EV_ORDER_PAID,		/* actor paid order subject; value = amount */
	EV_ORDER_REFUNDED,	/* target = the buyer; value = amount */
	EV_LESSON_COMPLETED,
	EV_EVENT_ATTENDED,	/* target = the attendee; actor = organizer */
	EV_KIND_COUNT
};

struct srv_event {
	enum srv_event_kind	 kind;
	int64_t			 actor_id;	/* who did it; 0 for the system */
	int64_t			 target_user_id; /* who it happened to, or 0 */
	const char		*subject_type;	/* "thread", "answer", "order" */
	int64_t			 subject_id;
	int64_t			 value;		/* vote value, amount in fen */
	time_t			 at;
};

/* "thread_created", the name stored in activity.kind and used in docs. */
const char	*srv_event_name(enum srv_event_kind);

/*
 * A subscriber: called for every event inside the emitting transaction.
 * Returns 0, or -1 to make the whole write fail (the caller rolls back).
 */
typedef int srv_event_hook(sqlite3 *, const struct srv_event *);

/*
 * Records ev in the activity table and runs every subscriber. Call it
 * inside the transaction that made the change. Returns 0, or -1 when
 * recording or a subscriber failed (the caller rolls back and answers
 * 500).
 */
int		 srv_event_emit(sqlite3 *, const struct srv_event *);

#endif

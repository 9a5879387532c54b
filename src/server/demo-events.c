/*
 * Demo community events for `guildd --demo`: a salon, a hackathon, a
 * livestream and a meetup around now (one salon already over, with
 * check-ins), and RSVPs taken through the real queue, so "demo" holds
 * one confirmed seat and one waitlist place. Seeded inside demo_seed's
 * transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "events.h"
#include "meetups.h"

#define HOUR	3600
#define DAY	(24 * HOUR)

struct demo_event {
	const char	*title;
	const char	*type;
	const char	*description;
	long		 starts;	/* seconds from now, on the hour */
	long		 length;	/* seconds */
	const char	*venue;
	const char	*online_url;
	int64_t		 capacity;
	const char	*rsvps;		/* comma-separated, in order */
	const char	*checked_in;	/* comma-separated */
};

static const struct demo_event demo_events[] = {
	{ "Salon: reading SQLite's B-tree", "salon",
	  "We read `btree.c` together and draw the pages on a whiteboard.\n\n"
	  "Bring a laptop with the SQLite sources checked out.",
	  -10 * DAY, 2 * HOUR, "Guild Hall, 2F, 88 Yuyuan Road, Shanghai",
	  NULL, 20, "ada,chenmei,kai,demo", "ada,chenmei,demo" },
	{ "Livestream: epoll from first principles", "livestream",
	  "A live walk through `epoll_wait`, edge vs level triggering and "
	  "the thundering herd. Questions in the chat.",
	  1 * DAY + 12 * HOUR, 90 * 60, NULL,
	  "https://live.example.org/guild/epoll", 0, "wanglei,lijing", NULL },
	{ "Salon: terminal UIs that feel instant", "salon",
	  "Kai shows how the Guild TUI draws, scrolls and stays under a "
	  "millisecond per keypress; then we critique each other's tools.",
	  3 * DAY + 6 * HOUR, 2 * HOUR, "Guild Hall, 2F, 88 Yuyuan Road, "
	  "Shanghai", "https://live.example.org/guild/tui", 12,
	  "kai,tomas,demo", NULL },
	{ "Hackathon: build a tiny database", "hackathon",
	  "48 hours, teams of two or three: a key-value store with a "
	  "write-ahead log, crash-tested. Prizes for the smallest correct "
	  "one.\n\nSeats are few: the room holds three teams' leads.",
	  10 * DAY, 2 * DAY, "Makerspace 42, Hangzhou", NULL, 3,
	  "ada,chenmei,sofia,wanglei,demo,lijing", NULL },
	{ "Meetup: Guild members in Shanghai", "meetup",
	  "Dinner and talk with members in town. Everyone welcome.",
	  14 * DAY + 11 * HOUR, 3 * HOUR, "Noodle House, 12 Fuxing Road, "
	  "Shanghai", NULL, 30, "sofia,tomas", NULL },
};

/* The id of username into *id (0 when there is none). 0 or -1. */
static int
user_id(sqlite3 *db, const char *username, int64_t *id)
{
	sqlite3_stmt	*st;
	int		 rc;

	*id = 0;
	if (db_prepare(db, "SELECT id FROM users WHERE username = ?1",
	    &st) != 0)
		return -1;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Runs each username of the comma-separated list through an RSVP (or,
 * with checkin, a check-in that emits EV_EVENT_ATTENDED as the
 * organizer's would). Unknown names are skipped. 0 or -1.
 */
static int
for_each_member(sqlite3 *db, int64_t event_id, const char *list,
    int checkin, int64_t organizer, time_t at)
{
	struct srv_event	 ev;
	char			 name[40];
	const char		*p = list;
	size_t			 len;
	int64_t			 uid;
	int			 done;

	while (p != NULL && *p != '\0') {
		len = strcspn(p, ",");
		snprintf(name, sizeof name, "%.*s", (int)len, p);
		p += len + (p[len] == ',');
		if (user_id(db, name, &uid) != 0)
			return -1;
		if (uid == 0)
			continue;
		if (!checkin) {
			if (db_rsvp_put(db, event_id, uid, at, &done) != G_OK)
				return -1;
			continue;
		}
		if (db_rsvp_checkin(db, event_id, uid, at, &done) != G_OK)
			return -1;
		memset(&ev, 0, sizeof ev);
		ev.kind = EV_EVENT_ATTENDED;
		ev.actor_id = organizer;
		ev.target_user_id = uid;
		ev.subject_type = "event";
		ev.subject_id = event_id;
		ev.at = at;
		if (done && srv_event_emit(db, &ev) != 0)
			return -1;
	}
	return 0;
}

int
demo_seed_events(sqlite3 *db, time_t now)
{
	const struct demo_event	*d;
	struct meetup_write	 w;
	time_t			 hour = now - now % HOUR;
	int64_t			 organizer, id;
	size_t			 i;

	if (user_id(db, "admin", &organizer) != 0)
		return -1;
	for (i = 0; i < G_NELEM(demo_events); i++) {
		d = &demo_events[i];
		memset(&w, 0, sizeof w);
		w.title = d->title;
		w.type = d->type;
		w.description = d->description;
		w.venue = d->venue;
		w.online_url = d->online_url;
		w.starts = hour + d->starts;
		w.ends = w.starts + d->length;
		w.capacity = d->capacity;
		if (db_meetup_insert(db, &w, organizer, now - 20 * DAY,
		    &id) != G_OK)
			return -1;
		/* RSVPs came in before the event, check-ins during it. */
		if (for_each_member(db, id, d->rsvps, 0, organizer,
		    w.starts < now ? w.starts - 2 * DAY : now - DAY) != 0 ||
		    (d->checked_in != NULL && for_each_member(db, id,
		    d->checked_in, 1, organizer, w.starts + HOUR) != 0))
			return -1;
	}
	return 0;
}

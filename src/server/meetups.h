/*
 * Community events inside guildd (issue 6): the input limits, the
 * storage of events and RSVPs (db-events.c), the iCalendar writer
 * (route-events.c) and the demo events (demo-events.c). Named
 * "meetups" to keep apart from events.h, the activity-event hook.
 */
#ifndef GUILD_SERVER_MEETUPS_H
#define GUILD_SERVER_MEETUPS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <sqlite3.h>

#include "guild/buf.h"
#include "guild/model.h"
#include "guild/problem.h"

#define MEETUP_PLACE_MAX	500	/* bytes of an online URL */
#define MEETUP_CAPACITY_MAX	1000000
#define MEETUP_LENGTH_MAX	(31 * 24 * 3600)	/* longest event */
#define MEETUP_ICS_WIDTH	75	/* octets per iCalendar line */

/* 1 when s is an event type: salon, hackathon, livestream or meetup. */
int		 meetup_type_valid(const char *s);

/*
 * The fields of an event write. For an update, NULL strings and has_*
 * flags left 0 mean "unchanged"; an empty venue or online_url clears it.
 */
struct meetup_write {
	const char	*title;
	const char	*type;
	const char	*description;
	const char	*venue;
	const char	*online_url;
	int		 has_starts;
	time_t		 starts;
	int		 has_ends;
	time_t		 ends;
	int		 has_capacity;
	int64_t		 capacity;	/* 0: no limit */
};

/* A list of events: those ending after from and starting before to. */
struct meetup_query {
	int64_t		 viewer_id;	/* for my_status; 0 when anonymous */
	const char	*type;		/* NULL: every type */
	time_t		 from;
	int		 has_to;
	time_t		 to;
	int		 has_after;	/* keyset cursor: after this row */
	int64_t		 after[2];	/* starts_at, id */
	int		 limit;
};

/*
 * Inserts an event (the caller holds a write transaction); *id receives
 * its id.
 */
enum gstatus	 db_meetup_insert(sqlite3 *, const struct meetup_write *,
		    int64_t creator, time_t now, int64_t *id);

/*
 * Updates event id inside the caller's transaction, then promotes
 * waitlisted members into any seats the new capacity opens (in waitlist
 * order, each told through the inbox). G_NOT_FOUND when there is none;
 * G_UNPROCESSABLE when the times would end before they start.
 */
enum gstatus	 db_meetup_update(sqlite3 *, int64_t id,
		    const struct meetup_write *, time_t now);

/* An event's times as stored (Unix seconds). */
struct meetup_times {
	time_t	starts;
	time_t	ends;
	time_t	updated;	/* the last change: the iCalendar DTSTAMP */
};

/*
 * Event id as viewer_id (0: anonymous) sees it: description, counts and
 * the viewer's RSVP into *out (release with event_release); *t (may be
 * NULL) receives its times. G_NOT_FOUND.
 */
enum gstatus	 db_meetup_get(sqlite3 *, int64_t id, int64_t viewer_id,
		    struct event *out, struct meetup_times *t);

/*
 * The events matching q, starts_at ascending (ties by id), after the
 * cursor: at most q->limit in *items (free with db_meetups_free, no
 * descriptions) and *n; *has_more, and last[] the sort key of the last
 * item for the next cursor.
 */
enum gstatus	 db_meetup_list(sqlite3 *, const struct meetup_query *q,
		    struct event **items, size_t *n, int *has_more,
		    int64_t last[2]);
void		 db_meetups_free(struct event *, size_t n);

/*
 * Fills free seats of event id from its waitlist, first come first
 * served (by seq), inside the caller's transaction; each promoted member
 * gets an "rsvp_promoted" notification. *promoted (may be NULL) receives
 * how many moved up.
 */
enum gstatus	 db_meetup_promote(sqlite3 *, int64_t event_id, time_t now,
		    int64_t *promoted);

/*
 * RSVPs for user_id inside the caller's transaction: confirmed while
 * seats remain (or always, with no limit), waitlisted after. A member
 * who already answered keeps their place; *created says whether a row
 * was added.
 */
enum gstatus	 db_rsvp_put(sqlite3 *, int64_t event_id, int64_t user_id,
		    time_t now, int *created);

/*
 * Cancels user_id's RSVP inside the caller's transaction; when it held a
 * seat, the first waitlisted member takes it. *removed says whether
 * there was an RSVP.
 */
enum gstatus	 db_rsvp_delete(sqlite3 *, int64_t event_id, int64_t user_id,
		    time_t now, int *removed);

/*
 * user_id's answer for event_id into *out (release with
 * rsvp_state_release): status "confirmed", "waitlisted" or "none",
 * position in the waitlist (1-based, else 0), seats left (-1 for no
 * limit). *checked_in (may be NULL) when the member was checked in.
 */
enum gstatus	 db_rsvp_state(sqlite3 *, int64_t event_id, int64_t user_id,
		    struct rsvp_state *out, int *checked_in);

/*
 * Checks user_id in at event_id once: *first is 1 when this call set the
 * time (the caller then emits EV_EVENT_ATTENDED), 0 when it was already
 * set. G_CONFLICT when the member has no confirmed RSVP.
 */
enum gstatus	 db_rsvp_checkin(sqlite3 *, int64_t event_id, int64_t user_id,
		    time_t now, int *first);

/*
 * Appends one iCalendar content line "NAME:VALUE" to out, the value
 * escaped as TEXT (backslash, semicolon, comma, newline) when text is
 * set, folded at MEETUP_ICS_WIDTH octets without splitting a UTF-8
 * character, ended by CRLF.
 */
void		 meetup_ics_line(struct buf *out, const char *name,
		    const char *value, int text);

/*
 * The RFC 5545 calendar of event e (one VEVENT; UID event-ID@host,
 * DTSTAMP stamp, its last change) into out. 0, or -1 when e's times are
 * unreadable or memory ran out.
 */
int		 meetup_ics(const struct event *e, const char *host,
		    time_t stamp, struct buf *out);

/*
 * Seeds the demo events (a salon, a hackathon, a livestream, a meetup,
 * one of them past) with RSVPs, one confirmed and one waitlisted for
 * "demo", inside demo_seed's transaction. 0 or -1.
 */
int		 demo_seed_events(sqlite3 *, time_t now);

#endif

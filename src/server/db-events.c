/*
 * Storage of community events and RSVPs (migration 7): events with their
 * seat counts as a member sees them, the list, and the RSVP queue
 * (confirmed while seats remain, then a waitlist by seq) with promotion
 * and check-in. Callers hold the write transaction for every change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "inbox.h"
#include "meetups.h"
#include "posts.h"

static const char *const meetup_types[] = {
	"salon", "hackathon", "livestream", "meetup"
};

int
meetup_type_valid(const char *s)
{
	size_t	i;

	for (i = 0; s != NULL && i < G_NELEM(meetup_types); i++) {
		if (strcmp(s, meetup_types[i]) == 0)
			return 1;
	}
	return 0;
}

/*
 * The columns of an event as viewer ?1 sees it, in the order
 * meetup_from_row reads them (description last, at column 13).
 */
#define MEETUP_COLUMNS							\
	"e.id, e.title, e.type, e.starts_at, e.ends_at, e.venue,"	\
	" e.online_url, e.capacity,"					\
	" (SELECT count(*) FROM event_rsvps c WHERE c.event_id = e.id"	\
	"   AND c.status = 'confirmed'),"				\
	" (SELECT count(*) FROM event_rsvps c WHERE c.event_id = e.id"	\
	"   AND c.status = 'waitlisted'),"				\
	" r.status,"							\
	" CASE WHEN r.status = 'waitlisted' THEN (SELECT count(*)"	\
	"   FROM event_rsvps w WHERE w.event_id = e.id"			\
	"   AND w.status = 'waitlisted' AND w.seq <= r.seq) ELSE 0 END,"\
	" r.checked_in_at IS NOT NULL"
#define MEETUP_FROM							\
	" FROM events e LEFT JOIN event_rsvps r ON r.event_id = e.id"	\
	" AND r.user_id = ?1"

/* Seats left for capacity and confirmed: -1 for no limit, never < 0. */
static int64_t
seats_left(int64_t capacity, int64_t confirmed)
{
	if (capacity == 0)
		return -1;
	return confirmed < capacity ? capacity - confirmed : 0;
}

/* A text column that is NULL when empty (venue, online_url). */
static int
col_optional(sqlite3_stmt *st, int col, char **out)
{
	const unsigned char	*v = sqlite3_column_text(st, col);

	*out = NULL;
	if (v == NULL || v[0] == '\0')
		return 0;
	return db_col_text(st, col, out);
}

/* Reads one MEETUP_COLUMNS row (and the description when detail). */
static enum gstatus
meetup_from_row(sqlite3_stmt *st, struct event *e, int detail)
{
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	e->capacity = sqlite3_column_int64(st, 7);
	e->confirmed = sqlite3_column_int64(st, 8);
	e->waitlisted = sqlite3_column_int64(st, 9);
	e->seats_left = seats_left(e->capacity, e->confirmed);
	e->my_position = sqlite3_column_int64(st, 11);
	e->checked_in = sqlite3_column_int(st, 12);
	if (db_col_text(st, 1, &e->title) != 0 ||
	    db_col_text(st, 2, &e->type) != 0 ||
	    db_col_time(st, 3, &e->starts_at) != 0 ||
	    db_col_time(st, 4, &e->ends_at) != 0 ||
	    col_optional(st, 5, &e->venue) != 0 ||
	    col_optional(st, 6, &e->online_url) != 0 ||
	    db_col_text(st, 10, &e->my_status) != 0 ||
	    (detail && db_col_text(st, 13, &e->description) != 0)) {
		event_release(e);
		return G_INTERNAL;
	}
	return G_OK;
}

enum gstatus
db_meetup_insert(sqlite3 *db, const struct meetup_write *w, int64_t creator,
    time_t now, int64_t *id)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;

	if (db_prepare(db, "INSERT INTO events (title, type, description,"
	    " starts_at, ends_at, venue, online_url, capacity, created_by,"
	    " created_at, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_text(st, 1, w->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, w->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, w->description ? w->description : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)w->starts);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)w->ends);
	sqlite3_bind_text(st, 6, w->venue ? w->venue : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, w->online_url ? w->online_url : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, w->capacity);
	if (creator > 0)
		sqlite3_bind_int64(st, 9, creator);
	sqlite3_bind_int64(st, 10, (sqlite3_int64)now);
	s = post_step_done(db, st, "event insert");
	if (s == G_OK)
		*id = sqlite3_last_insert_rowid(db);
	return s;
}

/* Binds string v at i, or NULL (unchanged) when v is NULL. */
static void
bind_opt_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v != NULL)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

enum gstatus
db_meetup_update(sqlite3 *db, int64_t id, const struct meetup_write *w,
    time_t now)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, "UPDATE events SET title = coalesce(?2, title),"
	    " type = coalesce(?3, type),"
	    " description = coalesce(?4, description),"
	    " starts_at = coalesce(?5, starts_at),"
	    " ends_at = coalesce(?6, ends_at),"
	    " venue = coalesce(?7, venue),"
	    " online_url = coalesce(?8, online_url),"
	    " capacity = coalesce(?9, capacity), updated_at = ?10"
	    " WHERE id = ?1", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	bind_opt_text(st, 2, w->title);
	bind_opt_text(st, 3, w->type);
	bind_opt_text(st, 4, w->description);
	if (w->has_starts)
		sqlite3_bind_int64(st, 5, (sqlite3_int64)w->starts);
	if (w->has_ends)
		sqlite3_bind_int64(st, 6, (sqlite3_int64)w->ends);
	bind_opt_text(st, 7, w->venue);
	bind_opt_text(st, 8, w->online_url);
	if (w->has_capacity)
		sqlite3_bind_int64(st, 9, w->capacity);
	sqlite3_bind_int64(st, 10, (sqlite3_int64)now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_CONSTRAINT)
		return G_UNPROCESSABLE;
	if (rc != SQLITE_DONE) {
		db_log(db, "event update");
		return G_INTERNAL;
	}
	if (sqlite3_changes(db) == 0)
		return G_NOT_FOUND;
	return db_meetup_promote(db, id, now, NULL);
}

enum gstatus
db_meetup_get(sqlite3 *db, int64_t id, int64_t viewer_id, struct event *out,
    struct meetup_times *t)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;
	int		 rc;

	memset(out, 0, sizeof *out);
	if (db_prepare(db, "SELECT " MEETUP_COLUMNS ", e.description,"
	    " e.updated_at" MEETUP_FROM " WHERE e.id = ?2", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, viewer_id);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s = meetup_from_row(st, out, 1);
		if (t != NULL) {
			t->starts = (time_t)sqlite3_column_int64(st, 3);
			t->ends = (time_t)sqlite3_column_int64(st, 4);
			t->updated = (time_t)sqlite3_column_int64(st, 14);
		}
	} else if (rc == SQLITE_DONE) {
		s = G_NOT_FOUND;
	} else {
		db_log(db, "event get");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	return s;
}

enum gstatus
db_meetup_list(sqlite3 *db, const struct meetup_query *q,
    struct event **items, size_t *n, int *has_more, int64_t last[2])
{
	sqlite3_stmt	*st;
	enum gstatus	 s = G_OK;
	int		 rc = SQLITE_DONE;

	*items = NULL;
	*n = 0;
	*has_more = 0;
	if (q->limit <= 0)
		return G_OK;
	/* The order and the row-value comparison follow events_starts. */
	if (db_prepare(db, "SELECT " MEETUP_COLUMNS MEETUP_FROM
	    " WHERE (e.starts_at, e.id) > (?2, ?3) AND e.ends_at > ?4"
	    " AND e.starts_at < ?5 AND (?6 IS NULL OR e.type = ?6)"
	    " ORDER BY e.starts_at, e.id LIMIT ?7", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, q->viewer_id);
	sqlite3_bind_int64(st, 2, q->has_after ? q->after[0] : INT64_MIN);
	sqlite3_bind_int64(st, 3, q->has_after ? q->after[1] : INT64_MIN);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)q->from);
	sqlite3_bind_int64(st, 5, q->has_to ? (sqlite3_int64)q->to :
	    INT64_MAX);
	bind_opt_text(st, 6, q->type);
	sqlite3_bind_int(st, 7, q->limit + 1);	/* one more: has_more */
	*items = calloc((size_t)q->limit, sizeof **items);
	if (*items == NULL) {
		sqlite3_finalize(st);
		return G_INTERNAL;
	}
	while (s == G_OK) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW || *n == (size_t)q->limit)
			break;
		s = meetup_from_row(st, &(*items)[*n], 0);
		if (s == G_OK) {
			last[0] = sqlite3_column_int64(st, 3);
			last[1] = sqlite3_column_int64(st, 0);
			(*n)++;
		}
	}
	if (s == G_OK && rc == SQLITE_ROW) {
		*has_more = 1;
	} else if (s == G_OK && rc != SQLITE_DONE) {
		db_log(db, "event list");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	if (s != G_OK) {
		db_meetups_free(*items, *n);
		*items = NULL;
		*n = 0;
	}
	return s;
}

/* Frees n events and the array. */
void
db_meetups_free(struct event *items, size_t n)
{
	size_t	i;

	for (i = 0; items != NULL && i < n; i++)
		event_release(&items[i]);
	free(items);
}

/*
 * Capacity, confirmed count, next waitlist seq and title of event id
 * (*title may be NULL: not wanted; else the caller frees). G_NOT_FOUND.
 */
static enum gstatus
meetup_seats(sqlite3 *db, int64_t id, int64_t *capacity, int64_t *confirmed,
    int64_t *next_seq, char **title)
{
	sqlite3_stmt	*st;
	enum gstatus	 s = G_OK;
	int		 rc;

	if (db_prepare(db, "SELECT e.capacity,"
	    " (SELECT count(*) FROM event_rsvps c WHERE c.event_id = e.id"
	    "   AND c.status = 'confirmed'),"
	    " (SELECT coalesce(max(seq), 0) + 1 FROM event_rsvps q"
	    "   WHERE q.event_id = e.id), e.title"
	    " FROM events e WHERE e.id = ?1", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*capacity = sqlite3_column_int64(st, 0);
		*confirmed = sqlite3_column_int64(st, 1);
		*next_seq = sqlite3_column_int64(st, 2);
		if (title != NULL && db_col_text(st, 3, title) != 0)
			s = G_INTERNAL;
	} else if (rc == SQLITE_DONE) {
		s = G_NOT_FOUND;
	} else {
		db_log(db, "event seats");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	return s;
}

/*
 * Runs sql, a change with ?1 event_id and ?2 user_id, logging a failure
 * under what. G_OK or G_INTERNAL.
 */
static enum gstatus
rsvp_exec(sqlite3 *db, const char *sql, int64_t event_id, int64_t user_id,
    const char *what)
{
	sqlite3_stmt	*st;

	if (db_prepare(db, sql, &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, event_id);
	sqlite3_bind_int64(st, 2, user_id);
	return post_step_done(db, st, what);
}

/*
 * Moves user_id from the waitlist to a seat and tells them. G_OK or
 * G_INTERNAL.
 */
static enum gstatus
promote_one(sqlite3 *db, int64_t event_id, int64_t user_id,
    const char *title, time_t now)
{
	char		 text[400], quoted[INBOX_TITLE_SIZE];
	enum gstatus	 s;

	s = rsvp_exec(db, "UPDATE event_rsvps SET status = 'confirmed'"
	    " WHERE event_id = ?1 AND user_id = ?2", event_id, user_id,
	    "rsvp promote");
	if (s != G_OK)
		return s;
	snprintf(text, sizeof text, "A seat opened up: you are going to %s",
	    inbox_quote_title(title != NULL ? title : "", quoted,
	    sizeof quoted));
	if (inbox_add(db, user_id, "rsvp_promoted", "event", event_id, 0,
	    text, NULL, now) != 0)
		return G_INTERNAL;
	return G_OK;
}

enum gstatus
db_meetup_promote(sqlite3 *db, int64_t event_id, time_t now,
    int64_t *promoted)
{
	sqlite3_stmt	*st;
	int64_t		 capacity, confirmed, seq, *users = NULL, nusers = 0;
	int64_t		 free_seats, i;
	char		*title = NULL;
	enum gstatus	 s;
	int		 rc;

	if (promoted != NULL)
		*promoted = 0;
	s = meetup_seats(db, event_id, &capacity, &confirmed, &seq, &title);
	if (s != G_OK)
		return s;
	free_seats = capacity == 0 ? -1 : capacity - confirmed;
	if (free_seats == 0 || free_seats < -1) {
		free(title);
		return G_OK;
	}
	if (db_prepare(db, "SELECT user_id FROM event_rsvps WHERE event_id = ?1"
	    " AND status = 'waitlisted' ORDER BY seq LIMIT ?2", &st) != 0) {
		free(title);
		return G_INTERNAL;
	}
	sqlite3_bind_int64(st, 1, event_id);
	sqlite3_bind_int64(st, 2, free_seats);	/* -1: no limit */
	/* Collect first: the updates below change the rows read. */
	for (;;) {
		int64_t *grown;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		grown = realloc(users, (size_t)(nusers + 1) * sizeof *users);
		if (grown == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		users = grown;
		users[nusers++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "rsvp waitlist");
		s = G_INTERNAL;
	}
	for (i = 0; s == G_OK && i < nusers; i++)
		s = promote_one(db, event_id, users[i], title, now);
	if (s == G_OK && promoted != NULL)
		*promoted = nusers;
	free(users);
	free(title);
	return s;
}

/*
 * The status of user_id's RSVP for event_id into status (at least 16
 * bytes; "" for none) and *checked_in. G_OK or G_INTERNAL.
 */
static enum gstatus
rsvp_status(sqlite3 *db, int64_t event_id, int64_t user_id, char *status,
    size_t statussz, int *checked_in)
{
	sqlite3_stmt		*st;
	const unsigned char	*v;
	int			 rc;

	status[0] = '\0';
	*checked_in = 0;
	if (db_prepare(db, "SELECT status, checked_in_at IS NOT NULL"
	    " FROM event_rsvps WHERE event_id = ?1 AND user_id = ?2", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, event_id);
	sqlite3_bind_int64(st, 2, user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		v = sqlite3_column_text(st, 0);
		snprintf(status, statussz, "%s", v != NULL ? (const char *)v :
		    "");
		*checked_in = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "rsvp status");
		return G_INTERNAL;
	}
	return G_OK;
}

enum gstatus
db_rsvp_put(sqlite3 *db, int64_t event_id, int64_t user_id, time_t now,
    int *created)
{
	sqlite3_stmt	*st;
	char		 status[16];
	int64_t		 capacity, confirmed, seq;
	enum gstatus	 s;
	int		 checked_in;

	*created = 0;
	s = meetup_seats(db, event_id, &capacity, &confirmed, &seq, NULL);
	if (s == G_OK)
		s = rsvp_status(db, event_id, user_id, status, sizeof status,
		    &checked_in);
	if (s != G_OK || status[0] != '\0')
		return s;
	if (db_prepare(db, "INSERT INTO event_rsvps (event_id, user_id,"
	    " status, seq, created_at) VALUES (?1, ?2, ?3, ?4, ?5)", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, event_id);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, capacity == 0 || confirmed < capacity ?
	    "confirmed" : "waitlisted", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, seq);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)now);
	s = post_step_done(db, st, "rsvp insert");
	*created = s == G_OK;
	return s;
}

enum gstatus
db_rsvp_delete(sqlite3 *db, int64_t event_id, int64_t user_id, time_t now,
    int *removed)
{
	char		 status[16];
	enum gstatus	 s;
	int		 checked_in;

	*removed = 0;
	s = rsvp_status(db, event_id, user_id, status, sizeof status,
	    &checked_in);
	if (s != G_OK || status[0] == '\0')
		return s;
	s = rsvp_exec(db, "DELETE FROM event_rsvps WHERE event_id = ?1"
	    " AND user_id = ?2", event_id, user_id, "rsvp delete");
	if (s != G_OK)
		return s;
	*removed = 1;
	if (strcmp(status, "confirmed") == 0)
		s = db_meetup_promote(db, event_id, now, NULL);
	return s;
}

enum gstatus
db_rsvp_state(sqlite3 *db, int64_t event_id, int64_t user_id,
    struct rsvp_state *out, int *checked_in)
{
	struct event	e;
	enum gstatus	s;

	memset(out, 0, sizeof *out);
	s = db_meetup_get(db, event_id, user_id, &e, NULL);
	if (s != G_OK)
		return s;
	out->event_id = event_id;
	out->status = strdup(e.my_status != NULL ? e.my_status : "none");
	out->position = e.my_position;
	out->seats_left = e.seats_left;
	if (checked_in != NULL)
		*checked_in = e.checked_in;
	event_release(&e);
	return out->status != NULL ? G_OK : G_INTERNAL;
}

enum gstatus
db_rsvp_checkin(sqlite3 *db, int64_t event_id, int64_t user_id, time_t now,
    int *first)
{
	sqlite3_stmt	*st;
	char		 status[16];
	enum gstatus	 s;
	int		 checked_in;

	*first = 0;
	s = rsvp_status(db, event_id, user_id, status, sizeof status,
	    &checked_in);
	if (s != G_OK)
		return s;
	if (strcmp(status, "confirmed") != 0)
		return G_CONFLICT;
	if (checked_in)
		return G_OK;
	if (db_prepare(db, "UPDATE event_rsvps SET checked_in_at = ?3"
	    " WHERE event_id = ?1 AND user_id = ?2"
	    " AND checked_in_at IS NULL", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, event_id);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
	s = post_step_done(db, st, "rsvp check-in");
	if (s == G_OK)
		*first = sqlite3_changes(db) > 0;
	return s;
}

/*
 * Community events: GET and POST /api/v1/events, GET and PATCH
 * /api/v1/events/{id}, PUT and DELETE .../rsvp, POST .../attendance, and
 * the iCalendar export GET /api/v1/events/{id}.ics.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/buf.h"
#include "guild/timeutil.h"
#include "db.h"
#include "events.h"
#include "meetups.h"
#include "pay.h"
#include "posts.h"
#include "server.h"

#define EVENT_CURSOR	"ev"

/* 1 when the date part of an RFC 3339 string names a real day. */
static int
date_real(const char *s)
{
	static const int mdays[] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int	y = 0, m = 0, d = 0, i, leap;

	for (i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	return m != 2 || d < 29 || leap;
}

/*
 * Reads time member key of obj (RFC 3339 with Z or an offset) into *out
 * and sets *present. A bad value records a field error. 0 or -1.
 */
static int
json_time(struct srv_req *req, const json_t *obj, const char *key,
    int required, time_t *out, int *present)
{
	const char	*v;

	*present = 0;
	if (srv_json_string(req, obj, key, required, &v) != 0 || v == NULL)
		return required ? -1 : 0;
	if (time_parse_rfc3339(v, out) != 0 || !date_real(v)) {
		srv_field_error(req, key, "must be an RFC 3339 time with a "
		    "zone, like 2026-12-01T19:00:00+08:00");
		return -1;
	}
	*present = 1;
	return 0;
}

/* Field rule of an online link: empty, or http(s) without spaces. */
static void
url_check(struct srv_req *req, const char *url)
{
	const unsigned char	*p;

	if (url[0] == '\0')
		return;
	if (strlen(url) > MEETUP_PLACE_MAX ||
	    (strncmp(url, "https://", 8) != 0 &&
	    strncmp(url, "http://", 7) != 0)) {
		srv_field_error(req, "online_url", "must be an http or https "
		    "URL of at most %d bytes", MEETUP_PLACE_MAX);
		return;
	}
	for (p = (const unsigned char *)url; *p != '\0'; p++) {
		if (*p <= 0x20 || *p >= 0x7f) {
			srv_field_error(req, "online_url", "must not contain "
			    "spaces, control or non-ASCII characters "
			    "(percent-encode them)");
			return;
		}
	}
}

/*
 * Reads and checks the fields of an event write from in into *w
 * (strings borrowed from in). create: title, type, starts_at and
 * ends_at are required. Field errors are recorded in req.
 */
static void
read_write(struct srv_req *req, const json_t *in, int create,
    struct meetup_write *w)
{
	int	present;

	memset(w, 0, sizeof *w);
	if (srv_json_string(req, in, "title", create, &w->title) == 0 &&
	    w->title != NULL)
		post_title_check(req, "title", w->title);
	if (srv_json_string(req, in, "type", create, &w->type) == 0 &&
	    w->type != NULL && !meetup_type_valid(w->type))
		srv_field_error(req, "type", "must be salon, hackathon, "
		    "livestream or meetup");
	if (srv_json_string(req, in, "description", 0, &w->description) ==
	    0 && w->description != NULL && w->description[0] != '\0')
		post_body_check(req, "description", w->description);
	if (srv_json_string(req, in, "venue", 0, &w->venue) == 0 &&
	    w->venue != NULL && w->venue[0] != '\0')
		post_title_check(req, "venue", w->venue);
	if (srv_json_string(req, in, "online_url", 0, &w->online_url) == 0 &&
	    w->online_url != NULL)
		url_check(req, w->online_url);
	json_time(req, in, "starts_at", create, &w->starts, &w->has_starts);
	json_time(req, in, "ends_at", create, &w->ends, &w->has_ends);
	post_json_int(req, in, "capacity", 0, 0, MEETUP_CAPACITY_MAX,
	    &w->capacity, &present);
	w->has_capacity = present;
}

/* Field errors for a start and end in the wrong order or too far apart. */
static void
times_check(struct srv_req *req, time_t starts, time_t ends)
{
	if (ends <= starts)
		srv_field_error(req, "ends_at", "must be after starts_at");
	else if (ends - starts > MEETUP_LENGTH_MAX)
		srv_field_error(req, "ends_at", "must be at most 31 days after "
		    "starts_at");
}

/* 403 unless the viewer is an operator; G_OK when they are. */
static enum gstatus
need_organizer(struct srv_req *req, const char *what)
{
	if (srv_viewer_is_operator(req))
		return G_OK;
	return srv_fail(req, G_FORBIDDEN, "only operators %s", what);
}

/*
 * Answers with event id as the viewer sees it, with status s. Answers
 * other than a GET's (where the http layer does it) carry the ETag the
 * same body would have.
 */
static enum gstatus
event_answer(struct srv_req *req, int64_t id, enum gstatus s)
{
	struct event	 e;
	enum gstatus	 r;
	char		*body, etag[48];

	r = db_meetup_get(req->db, id, req->viewer.user_id, &e, NULL);
	if (r == G_NOT_FOUND)
		return srv_fail(req, G_NOT_FOUND, "no event %lld",
		    (long long)id);
	if (r != G_OK)
		return r;
	req->out = event_to_json(&e);
	event_release(&e);
	if (req->out == NULL)
		return G_INTERNAL;
	if (strcmp(req->method, "GET") != 0 &&
	    strcmp(req->method, "HEAD") != 0) {
		body = json_dumps(req->out, JSON_COMPACT);
		if (body != NULL) {
			http_etag(body, strlen(body), etag, sizeof etag);
			srv_header_add(req, "ETag", "%s", etag);
			free(body);
		}
	}
	return s;
}

/*
 * Reads time query argument name into *out and sets *present; a bad one
 * records a field error. An offset's '+' sent unencoded arrives as a
 * space, so a space there is read as '+'.
 */
static void
query_time(struct srv_req *req, const char *name, time_t *out, int *present)
{
	const char	*v = post_query(req, name);
	char		 t[64];

	*present = 0;
	if (v == NULL)
		return;
	snprintf(t, sizeof t, "%s", v);
	if (strlen(t) > 19 && t[19] == ' ')
		t[19] = '+';
	if (time_parse_rfc3339(t, out) != 0 || !date_real(t))
		srv_field_error(req, name, "must be an RFC 3339 time, like "
		    "2026-12-01T00:00:00Z");
	else
		*present = 1;
}

/* Reads ?type= ?from= ?to= ?limit= ?cursor= into q; G_OK or the problem. */
static enum gstatus
list_query(struct srv_req *req, struct meetup_query *q)
{
	const char	*cursor = post_query(req, "cursor");
	int		 has_from;

	memset(q, 0, sizeof *q);
	q->viewer_id = req->viewer.user_id;
	q->from = req->now;
	q->type = post_query(req, "type");
	post_list_limit(req, &q->limit);
	if (q->type != NULL && !meetup_type_valid(q->type))
		srv_field_error(req, "type", "must be salon, hackathon, "
		    "livestream or meetup");
	query_time(req, "from", &q->from, &has_from);
	query_time(req, "to", &q->to, &q->has_to);
	if (req->nerrors > 0)
		return srv_invalid(req);
	if (cursor != NULL) {
		if (post_cursor_decode(cursor, EVENT_CURSOR, q->after, 2, NULL,
		    0) != 0)
			return srv_fail(req, G_BAD_REQUEST, "the cursor is not "
			    "one this server issued; start again without it");
		q->has_after = 1;
	}
	return G_OK;
}

/* The list's path with its filters, for the Link header, into b. */
static void
list_path(const struct srv_req *req, const struct meetup_query *q,
    struct buf *b)
{
	static const char *const keys[] = { "type", "from", "to" };
	const char	*v;
	char		 enc[200];
	size_t		 i;

	buf_printf(b, "/api/v1/events?limit=%d", q->limit);
	for (i = 0; i < G_NELEM(keys); i++) {
		v = post_query(req, keys[i]);
		if (v != NULL)
			buf_printf(b, "&%s=%s", keys[i],
			    post_url_encode(v, enc, sizeof enc));
	}
}

/*
 * GET /api/v1/events: events not over yet (or ending after ?from=),
 * starting before ?to=, of ?type=, soonest first.
 */
enum gstatus
route_events_list(struct srv_req *req)
{
	struct meetup_query	 q;
	struct event		*items;
	struct buf		 path = BUF_INIT;
	json_t			*arr;
	char			 next[POST_CURSOR_SIZE];
	enum gstatus		 s;
	size_t			 i, n;
	int			 has_more;
	int64_t			 last[2];

	s = list_query(req, &q);
	if (s != G_OK)
		return s;
	s = db_meetup_list(req->db, &q, &items, &n, &has_more, last);
	if (s != G_OK)
		return s;
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++) {
		if (json_array_append_new(arr, event_to_json(&items[i])) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	db_meetups_free(items, n);
	if (arr == NULL)
		return G_INTERNAL;
	next[0] = '\0';
	if (has_more && post_cursor_encode(EVENT_CURSOR, last, 2, NULL, next,
	    sizeof next) != 0)
		has_more = 0;
	list_path(req, &q, &path);
	if (path.failed) {
		json_decref(arr);
		buf_release(&path);
		return G_INTERNAL;
	}
	s = post_page(req, arr, has_more, next, buf_str(&path));
	buf_release(&path);
	return s;
}

/* POST /api/v1/events (operators): 201 with the event. */
enum gstatus
route_events_create(struct srv_req *req)
{
	struct meetup_write	 w;
	json_t			*in;
	enum gstatus		 s;
	int64_t			 id = 0;

	s = need_organizer(req, "create events");
	if (s != G_OK)
		return s;
	s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	read_write(req, in, 1, &w);
	if (w.has_starts && w.has_ends)
		times_check(req, w.starts, w.ends);
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	s = post_begin(req);
	if (s == G_OK)
		s = db_meetup_insert(req->db, &w, req->viewer.user_id, req->now,
		    &id);
	json_decref(in);
	if (s == G_OK)
		s = post_commit(req);
	else
		db_rollback(req->db);
	if (s != G_OK)
		return s;
	s = event_answer(req, id, G_CREATED);
	if (s == G_CREATED)
		srv_header_add(req, "Location", "/api/v1/events/%lld",
		    (long long)id);
	return s;
}

/* GET /api/v1/events/{id}. */
enum gstatus
route_events_get(struct srv_req *req)
{
	enum gstatus	s;
	int64_t		id;

	s = post_path_id(req, "event", &id);
	if (s != G_OK)
		return s;
	return event_answer(req, id, G_OK);
}

/*
 * PATCH /api/v1/events/{id} (operators): any of the create fields; a
 * larger capacity promotes waitlisted members in order.
 */
enum gstatus
route_events_patch(struct srv_req *req)
{
	struct meetup_write	 w;
	struct event		 e;
	json_t			*in;
	enum gstatus		 s;
	struct meetup_times	 t;
	int64_t			 id;

	s = need_organizer(req, "edit events");
	if (s == G_OK)
		s = post_path_id(req, "event", &id);
	if (s == G_OK)
		s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	read_write(req, in, 0, &w);
	if (req->nerrors == 0 && w.title == NULL && w.type == NULL &&
	    w.description == NULL && w.venue == NULL && w.online_url == NULL &&
	    !w.has_starts && !w.has_ends && !w.has_capacity)
		srv_field_error(req, "title", "nothing to change: send title, "
		    "type, description, starts_at, ends_at, venue, online_url "
		    "or capacity");
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	s = post_begin(req);
	if (s == G_OK) {
		s = db_meetup_get(req->db, id, 0, &e, &t);
		if (s == G_NOT_FOUND)
			s = srv_fail(req, G_NOT_FOUND, "no event %lld",
			    (long long)id);
		else if (s == G_OK)
			event_release(&e);
	}
	if (s == G_OK) {
		times_check(req, w.has_starts ? w.starts : t.starts,
		    w.has_ends ? w.ends : t.ends);
		if (req->nerrors > 0)
			s = srv_invalid(req);
	}
	if (s == G_OK)
		s = db_meetup_update(req->db, id, &w, req->now);
	json_decref(in);
	if (s == G_OK)
		s = post_commit(req);
	if (s != G_OK) {
		db_rollback(req->db);
		return s;
	}
	return event_answer(req, id, G_OK);
}

/*
 * The common part of an RSVP change: opens the transaction and checks
 * that event {id} exists and has not ended. G_OK with *id set inside the
 * transaction, or the problem (no transaction open).
 */
static enum gstatus
rsvp_begin(struct srv_req *req, int64_t *id)
{
	struct meetup_times	t;
	struct event		e;
	enum gstatus		s;

	s = post_path_id(req, "event", id);
	if (s == G_OK)
		s = post_begin(req);
	if (s != G_OK)
		return s;
	s = db_meetup_get(req->db, *id, 0, &e, &t);
	if (s == G_NOT_FOUND)
		s = srv_fail(req, G_NOT_FOUND, "no event %lld", (long long)*id);
	if (s == G_OK) {
		if (t.ends <= req->now)
			s = srv_fail(req, G_CONFLICT, "event %lld has ended; "
			    "its RSVPs are closed", (long long)*id);
		event_release(&e);
	}
	if (s != G_OK)
		db_rollback(req->db);
	return s;
}

/* Commits an RSVP change and answers with the viewer's state. */
static enum gstatus
rsvp_finish(struct srv_req *req, int64_t id, enum gstatus s)
{
	struct rsvp_state	r;

	if (s == G_OK)
		s = db_rsvp_state(req->db, id, req->viewer.user_id, &r, NULL);
	if (s == G_OK) {
		s = post_commit(req);
		if (s == G_OK) {
			req->out = rsvp_state_to_json(&r);
			if (req->out == NULL)
				s = G_INTERNAL;
		}
		rsvp_state_release(&r);
		return s;
	}
	db_rollback(req->db);
	return s;
}

/*
 * PUT /api/v1/events/{id}/rsvp: confirmed while seats remain, else
 * waitlisted, all in one write transaction; repeating it changes
 * nothing. 200 with {event_id, status, position, seats_left}.
 */
enum gstatus
route_event_rsvp_put(struct srv_req *req)
{
	enum gstatus	s;
	int64_t		id;
	int		created;

	s = rsvp_begin(req, &id);
	if (s != G_OK)
		return s;
	s = db_rsvp_put(req->db, id, req->viewer.user_id, req->now, &created);
	return rsvp_finish(req, id, s);
}

/*
 * DELETE /api/v1/events/{id}/rsvp: cancels; a freed seat goes to the
 * first waitlisted member in the same transaction. 200 with status
 * "none".
 */
enum gstatus
route_event_rsvp_delete(struct srv_req *req)
{
	enum gstatus	s;
	int64_t		id;
	int		removed;

	s = rsvp_begin(req, &id);
	if (s != G_OK)
		return s;
	s = db_rsvp_delete(req->db, id, req->viewer.user_id, req->now,
	    &removed);
	return rsvp_finish(req, id, s);
}

/*
 * Checks member user (named name) in at event id inside an open
 * transaction and emits EV_EVENT_ATTENDED the first time. *first says
 * whether this call did it. G_OK or the problem.
 */
static enum gstatus
checkin(struct srv_req *req, int64_t id, const struct user *u, int *first)
{
	struct srv_event	 ev;
	struct rsvp_state	 r;
	enum gstatus		 s;
	char			 q[64];

	s = db_rsvp_checkin(req->db, id, u->id, req->now, first);
	if (s == G_CONFLICT) {
		srv_quote(u->username, q, sizeof q);
		if (db_rsvp_state(req->db, id, u->id, &r, NULL) != G_OK)
			return G_INTERNAL;
		if (strcmp(r.status, "waitlisted") == 0)
			s = srv_fail(req, G_CONFLICT, "%s is on the waitlist "
			    "(position %lld), not confirmed: only confirmed "
			    "members can be checked in", q,
			    (long long)r.position);
		else
			s = srv_fail(req, G_CONFLICT, "%s has not RSVPed to "
			    "event %lld: only confirmed members can be checked "
			    "in", q, (long long)id);
		rsvp_state_release(&r);
		return s;
	}
	if (s != G_OK || !*first)
		return s;
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EVENT_ATTENDED;
	ev.actor_id = req->viewer.user_id;
	ev.target_user_id = u->id;
	ev.subject_type = "event";
	ev.subject_id = id;
	ev.at = req->now;
	return srv_event_emit(req->db, &ev) == 0 ? G_OK : G_INTERNAL;
}

/*
 * POST /api/v1/events/{id}/attendance (operators): {username}; the
 * member must hold a confirmed seat. Checking in twice changes nothing.
 * 200 with {event_id, username, status, checked_in, newly_checked_in}.
 */
enum gstatus
route_event_attendance(struct srv_req *req)
{
	struct user	 u;
	struct event	 e;
	json_t		*in;
	const char	*username = NULL;
	char		*hash = NULL, q[64];
	enum gstatus	 s;
	int64_t		 id;
	int		 first = 0;

	s = need_organizer(req, "check members in");
	if (s == G_OK)
		s = post_path_id(req, "event", &id);
	if (s == G_OK)
		s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	memset(&u, 0, sizeof u);
	srv_json_string(req, in, "username", 1, &username);
	if (username != NULL) {
		s = db_user_find_login(req->db, username, &u, &hash);
		free(hash);
		if (s == G_NOT_FOUND)
			srv_field_error(req, "username", "no member is called "
			    "%s", srv_quote(username, q, sizeof q));
		else if (s != G_OK) {
			json_decref(in);
			return s;
		}
	}
	json_decref(in);
	if (req->nerrors > 0) {
		user_release(&u);
		return srv_invalid(req);
	}
	s = post_begin(req);
	if (s == G_OK) {
		s = db_meetup_get(req->db, id, 0, &e, NULL);
		if (s == G_NOT_FOUND)
			s = srv_fail(req, G_NOT_FOUND, "no event %lld",
			    (long long)id);
		else if (s == G_OK)
			event_release(&e);
		if (s == G_OK)
			s = checkin(req, id, &u, &first);
		if (s == G_OK)
			s = post_commit(req);
		else
			db_rollback(req->db);
	}
	if (s == G_OK) {
		req->out = json_pack("{s:I, s:s, s:s, s:b, s:b}",
		    "event_id", (json_int_t)id, "username", u.username,
		    "status", "confirmed", "checked_in", 1,
		    "newly_checked_in", first);
		if (req->out == NULL)
			s = G_INTERNAL;
	}
	user_release(&u);
	return s;
}

/* Appends an iCalendar time property "NAME:YYYYMMDDTHHMMSSZ". */
static void
ics_time(struct buf *out, const char *name, time_t t)
{
	struct tm	tm;
	char		v[32];

	gmtime_r(&t, &tm);
	strftime(v, sizeof v, "%Y%m%dT%H%M%SZ", &tm);
	meetup_ics_line(out, name, v, 0);
}

void
meetup_ics_line(struct buf *out, const char *name, const char *value,
    int text)
{
	struct buf		 line = BUF_INIT;
	const unsigned char	*p;
	size_t			 i, col, n;

	buf_printf(&line, "%s:", name);
	for (p = (const unsigned char *)value; text && *p != '\0'; p++) {
		if (*p == '\\' || *p == ';' || *p == ',')
			buf_addc(&line, '\\');
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\n' || *p == '\r')
			buf_adds(&line, "\\n");
		else
			buf_addc(&line, (char)*p);
	}
	if (!text)
		buf_adds(&line, value);
	if (line.failed) {
		out->failed = 1;
		buf_release(&line);
		return;
	}
	/* Fold: at most 75 octets a line, never inside a UTF-8 sequence. */
	p = (const unsigned char *)line.data;
	for (i = 0, col = 0; i < line.len; i += n) {
		for (n = 1; i + n < line.len && (p[i + n] & 0xc0) == 0x80; n++)
			continue;
		if (col + n > MEETUP_ICS_WIDTH) {
			buf_adds(out, "\r\n ");
			col = 1;
		}
		buf_add(out, p + i, n);
		col += n;
	}
	buf_adds(out, "\r\n");
	buf_release(&line);
}

int
meetup_ics(const struct event *e, const char *host, time_t stamp,
    struct buf *out)
{
	time_t	starts, ends;
	char	uid[128];

	if (e->starts_at == NULL || e->ends_at == NULL ||
	    time_parse_rfc3339(e->starts_at, &starts) != 0 ||
	    time_parse_rfc3339(e->ends_at, &ends) != 0)
		return -1;
	snprintf(uid, sizeof uid, "event-%lld@%s", (long long)e->id,
	    host != NULL && host[0] != '\0' ? host : "guild.invalid");
	buf_adds(out, "BEGIN:VCALENDAR\r\n");
	meetup_ics_line(out, "VERSION", "2.0", 0);
	meetup_ics_line(out, "PRODID", "-//Guild//guildd events//EN", 0);
	meetup_ics_line(out, "CALSCALE", "GREGORIAN", 0);
	buf_adds(out, "BEGIN:VEVENT\r\n");
	meetup_ics_line(out, "UID", uid, 0);
	ics_time(out, "DTSTAMP", stamp);
	ics_time(out, "DTSTART", starts);
	ics_time(out, "DTEND", ends);
	meetup_ics_line(out, "SUMMARY", e->title != NULL ? e->title : "", 1);
	if (e->description != NULL && e->description[0] != '\0')
		meetup_ics_line(out, "DESCRIPTION", e->description, 1);
	if (e->venue != NULL)
		meetup_ics_line(out, "LOCATION", e->venue, 1);
	else if (e->online_url != NULL)
		meetup_ics_line(out, "LOCATION", e->online_url, 1);
	if (e->online_url != NULL)
		meetup_ics_line(out, "URL", e->online_url, 0);
	if (e->type != NULL)
		meetup_ics_line(out, "CATEGORIES", e->type, 1);
	buf_adds(out, "END:VEVENT\r\nEND:VCALENDAR\r\n");
	return out->failed ? -1 : 0;
}

/* The host part of the public URL ("guild.example" of https://...:8080). */
static void
public_host(char *out, size_t outsz)
{
	const char	*u = pay_public_url(), *p;
	size_t		 len;

	p = u != NULL ? strstr(u, "://") : NULL;
	p = p != NULL ? p + 3 : "";
	if (p[0] == '[') {
		p++;
		len = strcspn(p, "]/");
	} else
		len = strcspn(p, ":/");
	snprintf(out, outsz, "%.*s", (int)len, p);
}

/*
 * GET /api/v1/events/{id}.ics: the event as an RFC 5545 calendar
 * (text/calendar), with an ETag; If-None-Match answers 304.
 */
enum gstatus
route_event_ics(struct srv_req *req)
{
	struct meetup_times	 t;
	struct event		 e;
	struct buf		 ics = BUF_INIT;
	char			 host[128], etag[48];
	enum gstatus		 s;
	int64_t			 id;

	s = post_path_id(req, "event", &id);
	if (s != G_OK)
		return s;
	s = db_meetup_get(req->db, id, 0, &e, &t);
	if (s == G_NOT_FOUND)
		return srv_fail(req, G_NOT_FOUND, "no event %lld",
		    (long long)id);
	if (s != G_OK)
		return s;
	public_host(host, sizeof host);
	/* DTSTAMP is the last change: an unchanged event keeps its ETag. */
	if (meetup_ics(&e, host, t.updated, &ics) != 0) {
		event_release(&e);
		buf_release(&ics);
		return G_INTERNAL;
	}
	event_release(&e);
	http_etag(ics.data, ics.len, etag, sizeof etag);
	srv_header_add(req, "ETag", "%s", etag);
	srv_header_add(req, "Content-Disposition", "attachment; "
	    "filename=\"event-%lld.ics\"", (long long)id);
	if (http_etag_match(srv_header(req, "If-None-Match"), etag)) {
		buf_release(&ics);
		return G_NOT_MODIFIED;
	}
	req->raw = buf_detach(&ics);
	req->raw_type = "text/calendar; charset=utf-8";
	return req->raw != NULL ? G_OK : G_INTERNAL;
}

/*
 * Unit tests of community events on a real SQLite database in a
 * temporary file: RSVPs confirmed up to capacity then waitlisted with
 * positions, a cancel promoting exactly the first waitlisted member (who
 * gets an inbox notification), no limit at capacity 0, a larger capacity
 * promoting in order, check-in once; iCalendar escaping and folding; the
 * event and RSVP codecs; and the router's "{id}.ics" suffix.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "guild/buf.h"
#include "guild/model.h"
#include "server/db.h"
#include "server/meetups.h"
#include "server/router.h"

#define T0	((time_t)1767225600)	/* 2026-01-01 00:00:00 UTC */

static char	db_dir[64];

/* A fresh schema in a temporary file with members 1..30. */
static sqlite3 *
fresh_db(void)
{
	sqlite3		*db;
	struct gerr	 err;
	char		 sql[160], path[96];
	int		 from, to, i;

	snprintf(db_dir, sizeof db_dir, "/tmp/guild-meetups.XXXXXX");
	assert_non_null(mkdtemp(db_dir));
	snprintf(path, sizeof path, "%s/guild.db", db_dir);
	assert_int_equal(db_open(path, &db, &err), 0);
	assert_int_equal(db_migrate(db, &from, &to, &err), 0);
	for (i = 1; i <= 30; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO users (id, username,"
		    " password_hash, created_at) VALUES (%d, 'user%02d', 'x',"
		    " 0)", i, i);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
		    SQLITE_OK);
	}
	return db;
}

/* Closes db and removes its temporary directory. */
static void
drop_db(sqlite3 *db)
{
	char	path[96];

	sqlite3_close(db);
	snprintf(path, sizeof path, "%s/guild.db", db_dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/guild.db-wal", db_dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/guild.db-shm", db_dir);
	unlink(path);
	rmdir(db_dir);
}

static int64_t
query1(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*st;
	int64_t		 n = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Inserts an event with capacity starting a day after T0; its id. */
static int64_t
new_event(sqlite3 *db, int64_t capacity)
{
	struct meetup_write	w;
	int64_t			id;

	memset(&w, 0, sizeof w);
	w.title = "Salon";
	w.type = "salon";
	w.starts = T0 + 86400;
	w.ends = T0 + 86400 + 7200;
	w.capacity = capacity;
	assert_int_equal(db_meetup_insert(db, &w, 1, T0, &id), G_OK);
	return id;
}

/* RSVPs user for ev in a write transaction; returns whether it was new. */
static int
rsvp(sqlite3 *db, int64_t ev, int64_t user)
{
	int	created;

	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_rsvp_put(db, ev, user, T0, &created), G_OK);
	assert_int_equal(db_commit(db), 0);
	return created;
}

static void
cancel(sqlite3 *db, int64_t ev, int64_t user)
{
	int	removed;

	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_rsvp_delete(db, ev, user, T0, &removed), G_OK);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(removed, 1);
}

/* Asserts user's status and position for ev. */
static void
expect_state(sqlite3 *db, int64_t ev, int64_t user, const char *status,
    int64_t position)
{
	struct rsvp_state	r;

	assert_int_equal(db_rsvp_state(db, ev, user, &r, NULL), G_OK);
	assert_string_equal(r.status, status);
	assert_int_equal(r.position, position);
	rsvp_state_release(&r);
}

static int64_t
promoted_notes(sqlite3 *db, int64_t user)
{
	char	sql[160];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM notifications"
	    " WHERE user_id = %lld AND kind = 'rsvp_promoted'"
	    " AND subject_type = 'event'", (long long)user);
	return query1(db, sql);
}

static void
test_capacity_then_waitlist(void **state)
{
	sqlite3		*db = fresh_db();
	struct event	 e;
	int64_t		 ev = new_event(db, 3), u;

	(void)state;
	for (u = 1; u <= 6; u++)
		assert_int_equal(rsvp(db, ev, u), 1);
	for (u = 1; u <= 3; u++)
		expect_state(db, ev, u, "confirmed", 0);
	for (u = 4; u <= 6; u++)
		expect_state(db, ev, u, "waitlisted", u - 3);
	expect_state(db, ev, 7, "none", 0);
	/* Idempotent: a second RSVP keeps the place and adds nothing. */
	assert_int_equal(rsvp(db, ev, 5), 0);
	expect_state(db, ev, 5, "waitlisted", 2);
	assert_int_equal(db_meetup_get(db, ev, 5, &e, NULL), G_OK);
	assert_int_equal(e.capacity, 3);
	assert_int_equal(e.confirmed, 3);
	assert_int_equal(e.waitlisted, 3);
	assert_int_equal(e.seats_left, 0);
	assert_string_equal(e.my_status, "waitlisted");
	assert_int_equal(e.my_position, 2);
	event_release(&e);
	drop_db(db);
}

static void
test_cancel_promotes_first(void **state)
{
	sqlite3		*db = fresh_db();
	int64_t		 ev = new_event(db, 2), u;

	(void)state;
	for (u = 1; u <= 5; u++)
		rsvp(db, ev, u);
	/* A waitlisted member leaving frees no seat: nobody moves up. */
	cancel(db, ev, 4);
	expect_state(db, ev, 3, "waitlisted", 1);
	expect_state(db, ev, 5, "waitlisted", 2);
	assert_int_equal(promoted_notes(db, 3), 0);
	/* Re-answering puts 4 at the end of the queue. */
	rsvp(db, ev, 4);
	expect_state(db, ev, 4, "waitlisted", 3);
	/* A confirmed member leaving promotes exactly the first in line. */
	cancel(db, ev, 1);
	expect_state(db, ev, 3, "confirmed", 0);
	expect_state(db, ev, 5, "waitlisted", 1);
	expect_state(db, ev, 4, "waitlisted", 2);
	assert_int_equal(promoted_notes(db, 3), 1);
	assert_int_equal(promoted_notes(db, 5), 0);
	assert_int_equal(promoted_notes(db, 4), 0);
	assert_int_equal(query1(db, "SELECT count(*) FROM event_rsvps"
	    " WHERE status = 'confirmed'"), 2);
	drop_db(db);
}

static void
test_unlimited_and_raise(void **state)
{
	sqlite3			*db = fresh_db();
	struct meetup_write	 w;
	struct rsvp_state	 r;
	int64_t			 open = new_event(db, 0), small, u;

	(void)state;
	for (u = 1; u <= 20; u++)
		rsvp(db, open, u);
	for (u = 1; u <= 20; u++)
		expect_state(db, open, u, "confirmed", 0);
	assert_int_equal(db_rsvp_state(db, open, 1, &r, NULL), G_OK);
	assert_int_equal(r.seats_left, -1);
	rsvp_state_release(&r);
	/* Raising a capacity promotes the waitlist in order. */
	small = new_event(db, 1);
	for (u = 1; u <= 5; u++)
		rsvp(db, small, u);
	memset(&w, 0, sizeof w);
	w.has_capacity = 1;
	w.capacity = 3;
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_meetup_update(db, small, &w, T0), G_OK);
	assert_int_equal(db_commit(db), 0);
	expect_state(db, small, 2, "confirmed", 0);
	expect_state(db, small, 3, "confirmed", 0);
	expect_state(db, small, 4, "waitlisted", 1);
	assert_int_equal(promoted_notes(db, 2), 1);
	assert_int_equal(promoted_notes(db, 4), 0);
	/* And no limit at all lets everyone in. */
	w.capacity = 0;
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_meetup_update(db, small, &w, T0), G_OK);
	assert_int_equal(db_commit(db), 0);
	expect_state(db, small, 5, "confirmed", 0);
	drop_db(db);
}

static void
test_checkin_once(void **state)
{
	sqlite3		*db = fresh_db();
	int64_t		 ev = new_event(db, 1);
	int		 first, in;
	struct rsvp_state r;

	(void)state;
	rsvp(db, ev, 1);
	rsvp(db, ev, 2);
	assert_int_equal(db_rsvp_checkin(db, ev, 2, T0, &first), G_CONFLICT);
	assert_int_equal(db_rsvp_checkin(db, ev, 3, T0, &first), G_CONFLICT);
	assert_int_equal(db_rsvp_checkin(db, ev, 1, T0, &first), G_OK);
	assert_int_equal(first, 1);
	assert_int_equal(db_rsvp_checkin(db, ev, 1, T0 + 60, &first), G_OK);
	assert_int_equal(first, 0);
	assert_int_equal(db_rsvp_state(db, ev, 1, &r, &in), G_OK);
	assert_int_equal(in, 1);
	rsvp_state_release(&r);
	assert_int_equal(query1(db, "SELECT checked_in_at FROM event_rsvps"
	    " WHERE user_id = 1"), T0);
	drop_db(db);
}

/* Joins folded lines back (drops each CRLF + space). Caller frees. */
static char *
unfold(const char *s)
{
	struct buf	b = BUF_INIT;

	for (; *s != '\0'; s++) {
		if (s[0] == '\r' && s[1] == '\n' && s[2] == ' ') {
			s += 2;
			continue;
		}
		buf_addc(&b, *s);
	}
	return buf_detach(&b);
}

/* Every line ends in CRLF, is at most 75 octets and starts on a char. */
static void
assert_lines_ok(const char *s)
{
	const char	*eol;

	while (*s != '\0') {
		eol = strstr(s, "\r\n");
		assert_non_null(eol);
		assert_true(eol - s <= MEETUP_ICS_WIDTH);
		assert_null(memchr(s, '\n', (size_t)(eol - s)));
		if (s[0] == ' ')
			assert_true((s[1] & 0xc0) != 0x80);
		s = eol + 2;
	}
}

static void
test_ics_escape_and_fold(void **state)
{
	struct buf	 b = BUF_INIT;
	struct event	 e;
	char		*flat, title[400];
	size_t		 i;

	(void)state;
	meetup_ics_line(&b, "SUMMARY", "a,b;c\\d\ne\r\nf", 1);
	assert_string_equal(buf_str(&b), "SUMMARY:a\\,b\\;c\\\\d\\ne\\nf\r\n");
	buf_reset(&b);
	meetup_ics_line(&b, "URL", "https://x.example/a,b", 0);
	assert_string_equal(buf_str(&b), "URL:https://x.example/a,b\r\n");
	buf_reset(&b);
	/* Multi-byte text folds between characters, never inside one. */
	title[0] = '\0';
	for (i = 0; i < 60; i++)
		memcpy(title + i * 3, "\xe6\xb4\xbb", 4);
	meetup_ics_line(&b, "SUMMARY", title, 1);
	assert_lines_ok(buf_str(&b));
	flat = unfold(buf_str(&b));
	assert_non_null(strstr(flat, title));
	assert_int_equal(strlen(flat), strlen("SUMMARY:") + 180 + 2);
	free(flat);
	buf_reset(&b);
	/* A whole calendar. */
	memset(&e, 0, sizeof e);
	e.id = 7;
	e.title = "Salon; C, SQLite \\ and you";
	e.type = "salon";
	e.description = "Line one\nLine two, with a comma; and a long tail "
	    "that goes on and on well past the seventy-five octet limit of "
	    "a line";
	e.starts_at = "2026-12-01T11:00:00Z";
	e.ends_at = "2026-12-01T13:30:00Z";
	e.online_url = "https://live.example.org/guild";
	assert_int_equal(meetup_ics(&e, "guild.example", T0, &b), 0);
	assert_lines_ok(buf_str(&b));
	flat = unfold(buf_str(&b));
	assert_non_null(strstr(flat, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
	assert_non_null(strstr(flat, "\r\nUID:event-7@guild.example\r\n"));
	assert_non_null(strstr(flat, "\r\nDTSTAMP:20260101T000000Z\r\n"));
	assert_non_null(strstr(flat, "\r\nDTSTART:20261201T110000Z\r\n"));
	assert_non_null(strstr(flat, "\r\nDTEND:20261201T133000Z\r\n"));
	assert_non_null(strstr(flat,
	    "\r\nSUMMARY:Salon\\; C\\, SQLite \\\\ and you\r\n"));
	assert_non_null(strstr(flat, "\r\nDESCRIPTION:Line one\\nLine two\\, "
	    "with a comma\\; and a long tail"));
	assert_non_null(strstr(flat,
	    "\r\nLOCATION:https://live.example.org/guild\r\n"));
	assert_non_null(strstr(flat, "\r\nURL:https://live.example.org/guild"));
	assert_non_null(strstr(flat, "END:VEVENT\r\nEND:VCALENDAR\r\n"));
	free(flat);
	buf_release(&b);
}

static void
test_codecs(void **state)
{
	struct event		 e, d;
	struct rsvp_state	 r, q;
	struct gerr		 err;
	json_t			*j;

	(void)state;
	memset(&e, 0, sizeof e);
	e.id = 9;
	e.title = "Hackathon";
	e.type = "hackathon";
	e.description = "Build *things*.";
	e.starts_at = "2026-12-06T20:00:00Z";
	e.ends_at = "2026-12-08T20:00:00Z";
	e.venue = "Makerspace";
	e.capacity = 3;
	e.confirmed = 3;
	e.waitlisted = 2;
	e.seats_left = 0;
	e.my_status = "waitlisted";
	e.my_position = 2;
	j = event_to_json(&e);
	assert_non_null(j);
	assert_true(json_is_null(json_object_get(j, "online_url")));
	assert_int_equal(event_from_json(j, &d, &err), 0);
	json_decref(j);
	assert_int_equal(d.id, 9);
	assert_string_equal(d.title, "Hackathon");
	assert_string_equal(d.type, "hackathon");
	assert_string_equal(d.description, "Build *things*.");
	assert_string_equal(d.starts_at, e.starts_at);
	assert_string_equal(d.ends_at, e.ends_at);
	assert_string_equal(d.venue, "Makerspace");
	assert_null(d.online_url);
	assert_int_equal(d.capacity, 3);
	assert_int_equal(d.confirmed, 3);
	assert_int_equal(d.waitlisted, 2);
	assert_int_equal(d.seats_left, 0);
	assert_string_equal(d.my_status, "waitlisted");
	assert_int_equal(d.my_position, 2);
	assert_int_equal(d.checked_in, 0);
	event_release(&d);
	/* No limit travels as null and comes back as -1; lists omit text. */
	e.capacity = 0;
	e.seats_left = -1;
	e.description = NULL;
	e.my_status = NULL;
	e.checked_in = 1;
	j = event_to_json(&e);
	assert_true(json_is_null(json_object_get(j, "seats_left")));
	assert_null(json_object_get(j, "description"));
	assert_int_equal(event_from_json(j, &d, &err), 0);
	json_decref(j);
	assert_int_equal(d.seats_left, -1);
	assert_null(d.description);
	assert_null(d.my_status);
	assert_int_equal(d.checked_in, 1);
	event_release(&d);
	/* A malformed event is refused. */
	j = json_pack("{s:s}", "title", "x");
	assert_int_equal(event_from_json(j, &d, &err), -1);
	json_decref(j);

	r.event_id = 4;
	r.status = "waitlisted";
	r.position = 3;
	r.seats_left = -1;
	j = rsvp_state_to_json(&r);
	assert_true(json_is_null(json_object_get(j, "seats_left")));
	assert_int_equal(rsvp_state_from_json(j, &q, &err), 0);
	json_decref(j);
	assert_int_equal(q.event_id, 4);
	assert_string_equal(q.status, "waitlisted");
	assert_int_equal(q.position, 3);
	assert_int_equal(q.seats_left, -1);
	rsvp_state_release(&q);
}

static void
test_page_codec(void **state)
{
	struct event_page	 p;
	struct gerr		 err;
	json_t			*j;

	(void)state;
	j = json_loads("{\"items\": [{\"id\": 1, \"title\": \"A\", \"type\":"
	    " \"salon\", \"starts_at\": \"2026-12-01T11:00:00Z\","
	    " \"seats_left\": 4}, {\"id\": 2, \"title\": \"B\","
	    " \"type\": \"meetup\", \"starts_at\": \"2026-12-02T11:00:00Z\","
	    " \"seats_left\": null}],"
	    " \"next_cursor\": \"abc\", \"has_more\": true}", 0, NULL);
	assert_non_null(j);
	assert_int_equal(event_page_from_json(j, &p, &err), 0);
	json_decref(j);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.items[1].title, "B");
	assert_int_equal(p.items[0].seats_left, 4);
	assert_int_equal(p.items[1].seats_left, -1);
	assert_string_equal(p.next_cursor, "abc");
	assert_int_equal(p.has_more, 1);
	event_page_release(&p);
}

static void
test_router_suffix(void **state)
{
	struct route_params	 params;
	const struct route	*found;
	char			 allow[64];

	(void)state;
	assert_int_equal(router_match("/api/v1/events/{id}.ics",
	    "/api/v1/events/42.ics", &params), 1);
	assert_string_equal(route_param(&params, "id"), "42");
	assert_int_equal(router_match("/api/v1/events/{id}.ics",
	    "/api/v1/events/.ics", NULL), 0);
	assert_int_equal(router_match("/api/v1/events/{id}.ics",
	    "/api/v1/events/42", NULL), 0);
	assert_int_equal(router_match("/api/v1/events/{id}.ics",
	    "/api/v1/events/42.ics/x", NULL), 0);
	assert_int_equal(router_match("/api/v1/events/{id}.ics",
	    "/api/v1/events/42.icsx", NULL), 0);
	assert_int_equal(router_match("/a/{x}/b", "/a/1/b", &params), 1);
	assert_string_equal(route_param(&params, "x"), "1");
	assert_int_equal(router_find(router_routes, router_nroutes, "GET",
	    "/api/v1/events/42.ics", &found, &params, allow, sizeof allow),
	    ROUTER_FOUND);
	assert_ptr_equal(found->handler, route_event_ics);
	assert_string_equal(route_param(&params, "id"), "42");
	assert_int_equal(router_find(router_routes, router_nroutes, "GET",
	    "/api/v1/events/42", &found, &params, allow, sizeof allow),
	    ROUTER_FOUND);
	assert_ptr_equal(found->handler, route_events_get);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capacity_then_waitlist),
		cmocka_unit_test(test_cancel_promotes_first),
		cmocka_unit_test(test_unlimited_and_raise),
		cmocka_unit_test(test_checkin_once),
		cmocka_unit_test(test_ics_escape_and_fold),
		cmocka_unit_test(test_codecs),
		cmocka_unit_test(test_page_codec),
		cmocka_unit_test(test_router_suffix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Referrals: the codes (referrals.h) and the self-only routes that show
 * mine, GET /api/v1/me/referral and GET /api/v1/me/referrals.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "guild/buf.h"
#include "db.h"
#include "events.h"
#include "pay.h"
#include "posts.h"
#include "referrals.h"
#include "server.h"

#define REFERRAL_CURSOR	"rf"
#define REFERRAL_TRIES	16

static const char code_alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/* The ledger rules a referral earns through, reversals included. */
#define REFERRAL_RULES "('referral_joined', 'referral_first_purchase'," \
	" 'reversal:referral_joined', 'reversal:referral_first_purchase')"

/* A fresh random code into out (REFERRAL_CODE_LEN + 1 bytes). */
static void
code_new(char *out)
{
	size_t	i;

	for (i = 0; i < REFERRAL_CODE_LEN; i++)
		out[i] = code_alphabet[randombytes_uniform(
		    (uint32_t)(sizeof code_alphabet - 1))];
	out[REFERRAL_CODE_LEN] = '\0';
}

/* user_id's stored code into out ("" when none). 0 or -1. */
static int
code_get(sqlite3 *db, int64_t user_id, char *out, size_t outsz)
{
	sqlite3_stmt	*st;
	const char	*c;
	int		 rc;

	out[0] = '\0';
	if (db_prepare(db, "SELECT referral_code FROM users WHERE id = ?",
	    &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		c = (const char *)sqlite3_column_text(st, 0);
		snprintf(out, outsz, "%s", c != NULL ? c : "");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "referral code");
		return -1;
	}
	return 0;
}

int
referral_code_ensure(sqlite3 *db, int64_t user_id, char *out, size_t outsz)
{
	sqlite3_stmt	*st;
	char		 code[REFERRAL_CODE_LEN + 1];
	int		 i, rc;

	if (outsz < sizeof code || code_get(db, user_id, out, outsz) != 0)
		return -1;
	for (i = 0; out[0] == '\0' && i < REFERRAL_TRIES; i++) {
		code_new(code);
		if (db_prepare(db, "UPDATE users SET referral_code = ?"
		    " WHERE id = ? AND referral_code IS NULL", &st) != 0)
			return -1;
		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, user_id);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		/* A code another member holds: draw again. */
		if ((rc & 0xff) == SQLITE_CONSTRAINT)
			continue;
		if (rc != SQLITE_DONE) {
			db_log(db, "referral code");
			return -1;
		}
		if (code_get(db, user_id, out, outsz) != 0)
			return -1;
	}
	if (out[0] == '\0') {
		db_log(db, "no free referral code");
		return -1;
	}
	return 0;
}

int
referral_code_find(sqlite3 *db, const char *code, int64_t *user_id)
{
	sqlite3_stmt	*st;
	char		 c[REFERRAL_CODE_LEN + 1];
	size_t		 n = 0;
	int		 rc;

	*user_id = 0;
	while (*code == ' ')
		code++;
	for (; *code != '\0' && *code != ' '; code++) {
		if (n == REFERRAL_CODE_LEN || strchr(code_alphabet,
		    toupper((unsigned char)*code)) == NULL)
			return 0;
		c[n++] = (char)toupper((unsigned char)*code);
	}
	while (*code == ' ')
		code++;
	if (n != REFERRAL_CODE_LEN || *code != '\0')
		return 0;
	c[n] = '\0';
	if (db_prepare(db, "SELECT id FROM users WHERE referral_code = ?",
	    &st) != 0)
		return -1;
	sqlite3_bind_text(st, 1, c, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*user_id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "referral code");
		return -1;
	}
	return 0;
}

int
referral_join(sqlite3 *db, int64_t user_id, int64_t referrer, time_t at)
{
	struct srv_event	 ev;
	sqlite3_stmt		*st;

	if (referrer <= 0 || referrer == user_id)
		return 0;
	if (db_prepare(db, "UPDATE users SET referred_by = ?"
	    " WHERE id = ? AND referred_by IS NULL", &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, referrer);
	sqlite3_bind_int64(st, 2, user_id);
	if (post_step_done(db, st, "referred by") != G_OK)
		return -1;
	if (sqlite3_changes(db) == 0)
		return 0;
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_USER_REGISTERED;
	ev.actor_id = user_id;
	ev.target_user_id = referrer;
	ev.subject_type = "user";
	ev.subject_id = user_id;
	ev.at = at;
	return srv_event_emit(db, &ev);
}

/*
 * GET /api/v1/me/referral: {code, link, joined, points}: my code (given
 * now when I had none), the link to share, how many joined with it and
 * what the referral rules earned me.
 */
enum gstatus
route_me_referral(struct srv_req *req)
{
	struct referral_info	 ri;
	sqlite3_stmt		*st;
	char			 code[REFERRAL_CODE_LEN + 1];
	int			 rc;

	if (referral_code_ensure(req->db, req->viewer.user_id, code,
	    sizeof code) != 0)
		return G_INTERNAL;
	memset(&ri, 0, sizeof ri);
	if (db_prepare(req->db, "SELECT (SELECT COUNT(*) FROM users"
	    " WHERE referred_by = ?1), (SELECT COALESCE(SUM(delta), 0)"
	    " FROM points_ledger WHERE user_id = ?1 AND rule IN "
	    REFERRAL_RULES ")", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, req->viewer.user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		ri.joined = sqlite3_column_int64(st, 0);
		ri.points = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		db_log(req->db, "referral summary");
		return G_INTERNAL;
	}
	ri.code = code;
	ri.link = xasprintf("%s/join?ref=%s", pay_public_url(), code);
	req->out = referral_info_to_json(&ri);
	free(ri.link);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

/* The wire item of a row of route_me_referrals' query; NULL on failure. */
static json_t *
referral_row(sqlite3_stmt *st)
{
	struct referral	 r;
	json_t		*o = NULL;

	memset(&r, 0, sizeof r);
	r.username = (char *)sqlite3_column_text(st, 1);
	r.purchased = sqlite3_column_int(st, 3);
	r.points = sqlite3_column_int64(st, 4);
	if (db_col_time(st, 2, &r.joined_at) == 0)
		o = referral_to_json(&r);
	free(r.joined_at);
	return o;
}

/*
 * GET /api/v1/me/referrals: the members who joined with my code, newest
 * first: {username, joined_at, purchased, points}.
 */
enum gstatus
route_me_referrals(struct srv_req *req)
{
	const char	*cursor = post_query(req, "cursor");
	sqlite3_stmt	*st;
	json_t		*arr;
	char		 next[POST_CURSOR_SIZE], path[64];
	int64_t		 after[2] = { 0, 0 }, last[2] = { 0, 0 };
	int		 limit, rc = SQLITE_DONE, n = 0, has_more = 0;

	if (post_list_limit(req, &limit) != 0)
		return srv_invalid(req);
	if (cursor != NULL && post_cursor_decode(cursor, REFERRAL_CURSOR,
	    after, 2, NULL, 0) != 0)
		return srv_fail(req, G_BAD_REQUEST, "the cursor is not one "
		    "this server issued; start again without it");
	if (db_prepare(req->db, "SELECT u.id, u.username, u.created_at,"
	    " EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id"
	    "  AND o.status = 'paid'),"
	    " (SELECT COALESCE(SUM(l.delta), 0) FROM points_ledger l"
	    "  WHERE l.user_id = ?1 AND l.subject_type = 'user'"
	    "  AND l.subject_id = u.id AND l.rule IN " REFERRAL_RULES ")"
	    " FROM users u WHERE u.referred_by = ?1"
	    " AND (?2 = 0 OR u.created_at < ?3"
	    "  OR (u.created_at = ?3 AND u.id < ?4))"
	    " ORDER BY u.created_at DESC, u.id DESC LIMIT ?5", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, req->viewer.user_id);
	sqlite3_bind_int(st, 2, cursor != NULL);
	sqlite3_bind_int64(st, 3, after[0]);
	sqlite3_bind_int64(st, 4, after[1]);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)limit + 1);
	arr = json_array();
	for (;;) {
		rc = sqlite3_step(st);
		if (arr == NULL || rc != SQLITE_ROW)
			break;
		if (n == limit) {
			has_more = 1;
			break;
		}
		last[0] = sqlite3_column_int64(st, 2);
		last[1] = sqlite3_column_int64(st, 0);
		if (json_array_append_new(arr, referral_row(st)) != 0) {
			json_decref(arr);
			arr = NULL;
		}
		n++;
	}
	sqlite3_finalize(st);
	if (arr == NULL || (rc != SQLITE_ROW && rc != SQLITE_DONE)) {
		db_log(req->db, "referrals");
		json_decref(arr);
		return G_INTERNAL;
	}
	next[0] = '\0';
	if (has_more && post_cursor_encode(REFERRAL_CURSOR, last, 2, NULL,
	    next, sizeof next) != 0)
		has_more = 0;
	snprintf(path, sizeof path, "/api/v1/me/referrals?limit=%d", limit);
	return post_page(req, arr, has_more, next, path);
}

/* 1 when s prints in HTML as it is: letters, digits and URL punctuation. */
static int
html_plain(const char *s)
{
	for (; *s != '\0'; s++) {
		if (!isalnum((unsigned char)*s) && strchr(":/.-_[]", *s) == NULL)
			return 0;
	}
	return 1;
}

/*
 * The referrer's username and stored code for the code in ref, into
 * name and code ("" when ref is no member's). 0 or -1.
 */
static int
join_lookup(sqlite3 *db, const char *ref, char *name, size_t namesz,
    char *code, size_t codesz)
{
	sqlite3_stmt	*st;
	int64_t		 who = 0;
	int		 rc;

	name[0] = code[0] = '\0';
	if (ref == NULL || referral_code_find(db, ref, &who) != 0)
		return ref == NULL ? 0 : -1;
	if (who == 0)
		return 0;
	if (db_prepare(db, "SELECT username, referral_code FROM users"
	    " WHERE id = ?", &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, who);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(name, namesz, "%s", sqlite3_column_text(st, 0));
		snprintf(code, codesz, "%s", sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/*
 * GET /join?ref=CODE: the page a shared referral link opens, a plain
 * HTML page naming who invited the reader and how to register with the
 * code; 404 (with a page saying so) for a code that is no member's.
 */
enum gstatus
route_join(struct srv_req *req)
{
	struct buf	 b;
	char		 name[64], code[REFERRAL_CODE_LEN + 1];
	const char	*url = pay_public_url();
	enum gstatus	 s = G_OK;

	if (join_lookup(req->db, post_query(req, "ref"), name, sizeof name,
	    code, sizeof code) != 0)
		return G_INTERNAL;
	buf_init(&b);
	buf_adds(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>Join Guild</title>\n"
	    "<style>body{font-family:sans-serif;max-width:40em;margin:2em "
	    "auto;padding:0 1em;line-height:1.5}pre{white-space:pre-wrap}"
	    "</style>\n</head>\n<body>\n<h1>Join Guild</h1>\n");
	if (code[0] == '\0') {
		buf_adds(&b, "<p>This invitation link is not valid. Ask the "
		    "member who shared it for their referral code.</p>\n");
		s = G_NOT_FOUND;
	} else {
		/* Usernames are [a-z0-9_-] and codes [2-9A-Z]: plain. */
		buf_printf(&b, "<p><strong>%s</strong> invited you. Your "
		    "referral code is <code>%s</code>.</p>\n<p>Register "
		    "from the terminal with the Guild client:</p>\n"
		    "<pre>guild --server %s register --referral-code %s"
		    "</pre>\n<p>or give it as <code>referral_code</code> to "
		    "<code>POST /api/v1/users</code>.</p>\n", name, code,
		    html_plain(url) ? url : "https://GUILD-SERVER", code);
	}
	buf_adds(&b, "</body>\n</html>\n");
	if (b.failed) {
		buf_release(&b);
		return srv_fail(req, G_INTERNAL, "out of memory");
	}
	req->raw = buf_detach(&b);
	req->raw_type = "text/html; charset=utf-8";
	srv_header_add(req, "Content-Security-Policy", "default-src 'none'; "
	    "style-src 'unsafe-inline'; frame-ancestors 'none'");
	srv_header_add(req, "Referrer-Policy", "no-referrer");
	return s;
}

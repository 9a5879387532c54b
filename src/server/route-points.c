/*
 * Points routes: the rules and levels (read by anyone, changed by
 * operators), a member's points and their own ledger, operator
 * adjustments, and the leaderboard.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "points.h"
#include "posts.h"
#include "server.h"

#define LEDGER_CURSOR	"pl"
#define BOARD_CURSOR	"lb"
#define REASON_MAX	500

/*
 * Finds the member named by the {username} path parameter: *id and the
 * stored spelling in name (at least 33 bytes). G_OK, G_NOT_FOUND (with a
 * detail) or G_INTERNAL.
 */
static enum gstatus
find_member(struct srv_req *req, const char *username, int64_t *id,
    char *name, size_t namesz)
{
	sqlite3_stmt	*st;
	char		 q[64];
	int		 rc;

	if (username == NULL || !srv_username_valid(username))
		return srv_fail(req, G_NOT_FOUND, "no member is called %s",
		    srv_quote(username != NULL ? username : "", q, sizeof q));
	if (db_prepare(req->db, "SELECT id, username FROM users"
	    " WHERE username = ?", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		snprintf(name, namesz, "%s",
		    (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return srv_fail(req, G_NOT_FOUND, "no member is called %s",
		    srv_quote(username, q, sizeof q));
	if (rc != SQLITE_ROW) {
		db_log(req->db, "member");
		return G_INTERNAL;
	}
	return G_OK;
}

/* 403 unless the viewer is an operator; G_OK when they are. */
static enum gstatus
need_operator(struct srv_req *req)
{
	if (!srv_viewer_is_operator(req))
		return srv_fail(req, G_FORBIDDEN, "only operators may do this");
	return G_OK;
}

/* GET /api/v1/point-rules: {"items": [{rule, points, description}]}. */
enum gstatus
route_point_rules_list(struct srv_req *req)
{
	sqlite3_stmt	*st;
	json_t		*arr, *o;
	int		 rc;

	if (db_prepare(req->db, "SELECT rule, points, description"
	    " FROM point_rules ORDER BY rule", &st) != 0)
		return G_INTERNAL;
	arr = json_array();
	while (arr != NULL && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		o = json_pack("{s:s, s:I, s:s}",
		    "rule", (const char *)sqlite3_column_text(st, 0),
		    "points", (json_int_t)sqlite3_column_int64(st, 1),
		    "description", (const char *)sqlite3_column_text(st, 2));
		if (json_array_append_new(arr, o) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	sqlite3_finalize(st);
	if (arr == NULL)
		return G_INTERNAL;
	req->out = json_pack("{s:o, s:I}", "items", arr, "vote_daily_cap",
	    (json_int_t)POINTS_VOTE_DAILY_CAP);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

/*
 * PUT /api/v1/point-rules (operators): body {"RULE": POINTS, ...} sets
 * the points of existing rules, all or none. Answers the rules.
 */
enum gstatus
route_point_rules_put(struct srv_req *req)
{
	sqlite3_stmt	*st;
	json_t		*in, *v;
	const char	*key;
	enum gstatus	 s;
	char		 q[64];

	if ((s = need_operator(req)) != G_OK)
		return s;
	if ((s = srv_json_body(req, &in)) != G_OK)
		return s;
	json_object_foreach(in, key, v) {
		if (!json_is_integer(v) || json_integer_value(v) < -1000 ||
		    json_integer_value(v) > 1000)
			srv_field_error(req, srv_quote(key, q, sizeof q),
			    "must be a whole number from -1000 to 1000");
	}
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	if (db_begin(req->db) != 0) {
		json_decref(in);
		return G_INTERNAL;
	}
	s = G_OK;
	json_object_foreach(in, key, v) {
		if (s != G_OK)
			break;
		if (db_prepare(req->db, "UPDATE point_rules SET points = ?"
		    " WHERE rule = ?", &st) != 0) {
			s = G_INTERNAL;
			break;
		}
		sqlite3_bind_int64(st, 1, json_integer_value(v));
		sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
		s = post_step_done(req->db, st, "point rule");
		if (s == G_OK && sqlite3_changes(req->db) == 0) {
			srv_field_error(req, srv_quote(key, q, sizeof q),
			    "is not a points rule");
			s = srv_invalid(req);
		}
	}
	json_decref(in);
	if (s == G_OK && db_commit(req->db) != 0)
		s = G_INTERNAL;
	if (s != G_OK) {
		db_rollback(req->db);
		return s;
	}
	return route_point_rules_list(req);
}

/* GET /api/v1/levels: {"items": [{level, threshold}]}. */
enum gstatus
route_levels_list(struct srv_req *req)
{
	int64_t	th[POINTS_LEVELS];
	json_t	*arr;
	int	i;

	if (points_levels(req->db, th) != 0)
		return G_INTERNAL;
	arr = json_array();
	for (i = 0; arr != NULL && i < POINTS_LEVELS; i++) {
		if (json_array_append_new(arr, json_pack("{s:i, s:I}",
		    "level", i + 1, "threshold", (json_int_t)th[i])) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	if (arr == NULL)
		return G_INTERNAL;
	req->out = json_pack("{s:o}", "items", arr);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

/*
 * PUT /api/v1/levels (operators): body {"thresholds": [9 numbers]},
 * starting at 0 and strictly increasing. Answers the levels.
 */
enum gstatus
route_levels_put(struct srv_req *req)
{
	sqlite3_stmt	*st;
	json_t		*in, *arr;
	enum gstatus	 s;
	json_int_t	 prev = -1, v;
	size_t		 i;

	if ((s = need_operator(req)) != G_OK)
		return s;
	if ((s = srv_json_body(req, &in)) != G_OK)
		return s;
	arr = json_object_get(in, "thresholds");
	if (!json_is_array(arr) || json_array_size(arr) != POINTS_LEVELS)
		srv_field_error(req, "thresholds", "must be an array of %d "
		    "numbers", POINTS_LEVELS);
	for (i = 0; req->nerrors == 0 && i < POINTS_LEVELS; i++) {
		v = json_integer_value(json_array_get(arr, i));
		if (!json_is_integer(json_array_get(arr, i)) ||
		    (i == 0 && v != 0) || v <= prev || v > INT32_MAX)
			srv_field_error(req, "thresholds", "must start at 0 "
			    "and increase strictly");
		prev = v;
	}
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	if (db_begin(req->db) != 0) {
		json_decref(in);
		return G_INTERNAL;
	}
	s = G_OK;
	for (i = 0; s == G_OK && i < POINTS_LEVELS; i++) {
		if (db_prepare(req->db, "UPDATE point_levels SET threshold = ?"
		    " WHERE level = ?", &st) != 0) {
			s = G_INTERNAL;
			break;
		}
		sqlite3_bind_int64(st, 1,
		    json_integer_value(json_array_get(arr, i)));
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		s = post_step_done(req->db, st, "level");
	}
	json_decref(in);
	if (s == G_OK && db_commit(req->db) != 0)
		s = G_INTERNAL;
	if (s != G_OK) {
		db_rollback(req->db);
		return s;
	}
	return route_levels_list(req);
}

/*
 * The points summary of member id: {username, points, level,
 * next_level_at, points_to_next} (the last two null at level 9).
 */
static json_t *
points_summary(sqlite3 *db, int64_t id, const char *username)
{
	struct points_summary	ps;
	int64_t			th[POINTS_LEVELS], next;

	memset(&ps, 0, sizeof ps);
	if (points_balance(db, id, &ps.points) != 0 ||
	    points_levels(db, th) != 0)
		return NULL;
	ps.username = (char *)username;
	ps.level = points_level_of(th, ps.points, &next);
	ps.next_level_at = next;
	ps.points_to_next = next >= 0 ? next - ps.points : -1;
	return points_summary_to_json(&ps);
}

/* GET /api/v1/users/{username}/points. */
enum gstatus
route_user_points(struct srv_req *req)
{
	char		name[64];
	int64_t		id;
	enum gstatus	s;

	s = find_member(req, route_param(&req->params, "username"), &id,
	    name, sizeof name);
	if (s != G_OK)
		return s;
	req->out = points_summary(req->db, id, name);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

/* GET /api/v1/me/points/ledger: the viewer's entries, newest first. */
enum gstatus
route_me_points_ledger(struct srv_req *req)
{
	const char	*cursor = post_query(req, "cursor");
	sqlite3_stmt	*st;
	json_t		*arr, *o;
	char		 next[POST_CURSOR_SIZE], path[64];
	int64_t		 after = INT64_MAX, last = 0;
	int		 limit, rc, n = 0, has_more = 0;

	if (post_list_limit(req, &limit) != 0)
		return srv_invalid(req);
	if (cursor != NULL && post_cursor_decode(cursor, LEDGER_CURSOR,
	    &after, 1, NULL, 0) != 0)
		return srv_fail(req, G_BAD_REQUEST, "the cursor is not one "
		    "this server issued; start again without it");
	if (db_prepare(req->db, "SELECT id, delta, rule, subject_type,"
	    " subject_id, reason, created_at FROM points_ledger"
	    " WHERE user_id = ? AND id < ? ORDER BY id DESC LIMIT ?", &st) !=
	    0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, req->viewer.user_id);
	sqlite3_bind_int64(st, 2, after);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)limit + 1);
	arr = json_array();
	while (arr != NULL && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ledger_entry	e;
		char			*at = NULL;

		if (n == limit) {
			has_more = 1;
			break;
		}
		last = sqlite3_column_int64(st, 0);
		memset(&e, 0, sizeof e);
		e.id = last;
		e.delta = sqlite3_column_int64(st, 1);
		e.rule = (char *)sqlite3_column_text(st, 2);
		e.subject_type = (char *)sqlite3_column_text(st, 3);
		e.subject_id = sqlite3_column_int64(st, 4);
		e.reason = (char *)sqlite3_column_text(st, 5);
		o = NULL;
		if (db_col_time(st, 6, &at) == 0) {
			e.created_at = at;
			o = ledger_entry_to_json(&e);
		}
		free(at);
		if (json_array_append_new(arr, o) != 0) {
			json_decref(arr);
			arr = NULL;
		}
		n++;
	}
	sqlite3_finalize(st);
	if (arr == NULL)
		return G_INTERNAL;
	next[0] = '\0';
	if (has_more && post_cursor_encode(LEDGER_CURSOR, &last, 1, NULL, next,
	    sizeof next) != 0)
		has_more = 0;
	snprintf(path, sizeof path, "/api/v1/me/points/ledger?limit=%d",
	    limit);
	return post_page(req, arr, has_more, next, path);
}

/*
 * POST /api/v1/point-adjustments (operators): {username, delta, reason}.
 * Answers 201 with {username, delta (as applied), reason, points...}.
 */
enum gstatus
route_point_adjustments_create(struct srv_req *req)
{
	json_t		*in, *sum;
	const char	*username = NULL, *reason = NULL;
	char		 name[64];
	int64_t		 delta = 0, id, applied;
	enum gstatus	 s;
	int		 present;

	if ((s = need_operator(req)) != G_OK)
		return s;
	if ((s = srv_json_body(req, &in)) != G_OK)
		return s;
	srv_json_string(req, in, "username", 1, &username);
	post_json_int(req, in, "delta", 1, -1000000, 1000000, &delta,
	    &present);
	srv_json_string(req, in, "reason", 1, &reason);
	if (reason != NULL && (reason[0] == '\0' ||
	    srv_utf8_len(reason) > REASON_MAX))
		srv_field_error(req, "reason", "must be 1 to %d characters",
		    REASON_MAX);
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	s = find_member(req, username, &id, name, sizeof name);
	if (s == G_OK && db_begin(req->db) != 0)
		s = G_INTERNAL;
	else if (s == G_OK) {
		if (points_adjust(req->db, id, delta, reason,
		    req->viewer.user_id, req->now, &applied) != 0 ||
		    db_commit(req->db) != 0) {
			db_rollback(req->db);
			s = G_INTERNAL;
		}
	}
	if (s == G_OK) {
		sum = points_summary(req->db, id, name);
		if (sum == NULL || json_object_set_new(sum, "delta",
		    json_integer(applied)) != 0 || json_object_set_new(sum,
		    "reason", json_string(reason)) != 0) {
			json_decref(sum);
			s = G_INTERNAL;
		} else {
			req->out = sum;
			s = G_CREATED;
		}
	}
	json_decref(in);
	return s;
}

/* The wire row of r (username borrowed; none when user_id is 0). */
static struct leaderboard_entry
row_entry(const struct points_row *r, const int64_t th[POINTS_LEVELS])
{
	struct leaderboard_entry	e;
	int64_t				next;

	memset(&e, 0, sizeof e);
	if (r->user_id == 0)
		return e;
	e.rank = r->rank;
	e.username = r->username != NULL ? r->username : "";
	e.points = r->points;
	e.level = points_level_of(th, r->points, &next);
	return e;
}

/*
 * GET /api/v1/leaderboard?period=week|month|all&limit=N&cursor=C: the
 * page with dense ranks, and "me" for an authenticated caller. With
 * around=me (no cursor) the page starts at the row just above the
 * caller's own, so it shows them; the first page when they have no rank.
 * With around=last (no cursor, anyone) it is the board's last limit
 * rows, ranked as the pages end, and no next_cursor.
 */
enum gstatus
route_leaderboard(struct srv_req *req)
{
	static const char *const names[] = { "week", "month", "all" };
	const char		*ps = post_query(req, "period");
	const char		*cursor = post_query(req, "cursor");
	const char		*around = post_query(req, "around");
	struct points_row	*rows, me, above, below, *start;
	struct leaderboard_page	 pg;
	enum points_period	 p = POINTS_ALL;
	char			 next[POST_CURSOR_SIZE];
	int64_t			 th[POINTS_LEVELS], key[3] = { 0, 0, 0 };
	int64_t			 nl;
	enum gstatus		 s;
	size_t			 i, n;
	int			 limit, has_more, after = cursor != NULL;
	int			 last = around != NULL &&
				    strcmp(around, "last") == 0;

	if (ps != NULL && points_period_parse(ps, &p) != 0)
		srv_field_error(req, "period", "must be week, month or all");
	if (around != NULL && ((!last && strcmp(around, "me") != 0) ||
	    cursor != NULL))
		srv_field_error(req, "around", "must be me or last, without a "
		    "cursor");
	if (post_list_limit(req, &limit) != 0 || req->nerrors > 0)
		return srv_invalid(req);
	if (around != NULL && !last && req->viewer.user_id == 0)
		return srv_fail(req, G_UNAUTHORIZED, "around=me needs a "
		    "member's token");
	if (cursor != NULL && (post_cursor_decode(cursor, BOARD_CURSOR, key,
	    3, NULL, 0) != 0 || key[0] != (int64_t)p))
		return srv_fail(req, G_BAD_REQUEST, "the cursor is not one "
		    "this server issued for this period; start again without "
		    "it");
	/* The first board of a month names last month's members. */
	if (points_levels(req->db, th) != 0 ||
	    points_monthly_check(req->db, req->now) != 0)
		return G_INTERNAL;
	memset(&me, 0, sizeof me);
	memset(&above, 0, sizeof above);
	memset(&below, 0, sizeof below);
	if (req->viewer.user_id != 0 && points_board_me(req->db, p, req->now,
	    req->viewer.user_id, &me, &above, &below) != G_OK)
		return G_INTERNAL;
	if (around != NULL && !last && me.rank > 0) {
		/* Rows after (points, id - 1) start with that row itself. */
		start = above.user_id != 0 ? &above : &me;
		after = 1;
		key[1] = start->points;
		key[2] = start->user_id - 1;
	}
	has_more = 0;
	s = last ? points_board_last(req->db, p, req->now, limit, &rows, &n) :
	    points_board_page(req->db, p, req->now, after, key[1], key[2],
	    limit, &rows, &n, &has_more);
	if (s != G_OK) {
		points_row_release(&above);
		points_row_release(&below);
		return s;
	}
	memset(&pg, 0, sizeof pg);
	pg.items = n > 0 ? calloc(n, sizeof *pg.items) : NULL;
	for (i = 0; pg.items != NULL && i < n; i++)
		pg.items[i] = row_entry(&rows[i], th);
	pg.n = n;
	next[0] = '\0';
	if (has_more && n > 0) {
		key[0] = (int64_t)p;
		key[1] = rows[n - 1].points;
		key[2] = rows[n - 1].user_id;
		if (post_cursor_encode(BOARD_CURSOR, key, 3, NULL, next,
		    sizeof next) != 0)
			has_more = 0;
	}
	pg.next_cursor = next;
	pg.has_more = has_more;
	pg.period = (char *)names[p];
	pg.has_me = req->viewer.user_id != 0;
	pg.me.rank = me.rank;
	pg.me.points = me.points;
	pg.me.level = points_level_of(th, me.points, &nl);
	pg.above = row_entry(&above, th);
	pg.below = row_entry(&below, th);
	if (n == 0 || pg.items != NULL)
		req->out = leaderboard_page_to_json(&pg);
	free(pg.items);
	points_rows_free(rows, n);
	points_row_release(&above);
	points_row_release(&below);
	if (req->out == NULL)
		return G_INTERNAL;
	if (has_more)
		srv_header_add(req, "Link", "</api/v1/leaderboard?period=%s"
		    "&limit=%d&cursor=%s>; rel=\"next\"", names[p], limit,
		    next);
	return G_OK;
}

#define BADGE_MAX	64

/*
 * POST /api/v1/badges (operators): {username, badge, reason}. Answers
 * 201 with the badge, 409 when the member already has it.
 */
enum gstatus
route_badges_create(struct srv_req *req)
{
	json_t		*in;
	const char	*username = NULL, *badge = NULL, *reason = NULL;
	char		 name[64];
	int64_t		 id;
	enum gstatus	 s;

	if ((s = need_operator(req)) != G_OK)
		return s;
	if ((s = srv_json_body(req, &in)) != G_OK)
		return s;
	srv_json_string(req, in, "username", 1, &username);
	srv_json_string(req, in, "badge", 1, &badge);
	srv_json_string(req, in, "reason", 1, &reason);
	if (badge != NULL && (badge[0] == '\0' ||
	    srv_utf8_len(badge) > BADGE_MAX ||
	    strcmp(badge, POINTS_MOTM) == 0))
		srv_field_error(req, "badge", "must be 1 to %d characters "
		    "and not \"%s\" (the server awards that)", BADGE_MAX,
		    POINTS_MOTM);
	if (reason != NULL && (reason[0] == '\0' ||
	    srv_utf8_len(reason) > REASON_MAX))
		srv_field_error(req, "reason", "must be 1 to %d characters",
		    REASON_MAX);
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	s = find_member(req, username, &id, name, sizeof name);
	if (s == G_OK && db_begin(req->db) != 0)
		s = G_INTERNAL;
	else if (s == G_OK) {
		s = points_badge_add(req->db, id, badge, "", reason,
		    req->viewer.user_id, req->now);
		if (s == G_CREATED && db_commit(req->db) != 0)
			s = G_INTERNAL;
		if (s != G_CREATED)
			db_rollback(req->db);
		if (s == G_CONFLICT)
			s = srv_fail(req, G_CONFLICT, "%s already has that "
			    "badge", name);
	}
	if (s == G_CREATED) {
		req->out = json_pack("{s:s, s:s, s:n, s:s}", "username", name,
		    "badge", badge, "period", "reason", reason);
		if (req->out == NULL)
			s = G_INTERNAL;
	}
	json_decref(in);
	return s;
}

/* The member's badges, newest first, as a JSON array (NULL on error). */
static json_t *
badges_json(sqlite3 *db, int64_t id)
{
	sqlite3_stmt	*st;
	json_t		*arr, *o;
	char		*at;
	int		 rc;

	if (db_prepare(db, "SELECT badge, period, reason, created_at"
	    " FROM badges WHERE user_id = ? ORDER BY created_at DESC, id DESC",
	    &st) != 0)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	arr = json_array();
	while (arr != NULL && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct badge	b;

		memset(&b, 0, sizeof b);
		b.badge = (char *)sqlite3_column_text(st, 0);
		b.period = (char *)sqlite3_column_text(st, 1);
		if (b.period != NULL && b.period[0] == '\0')
			b.period = NULL;
		b.reason = (char *)sqlite3_column_text(st, 2);
		at = NULL;
		o = NULL;
		if (db_col_time(st, 3, &at) == 0) {
			b.awarded_at = at;
			o = badge_to_json(&b);
		}
		free(at);
		if (json_array_append_new(arr, o) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	sqlite3_finalize(st);
	return arr;
}

/*
 * GET /api/v1/users/{username}: the public profile: username,
 * display_name, points, level, next_level_at, points_to_next, badges.
 */
enum gstatus
route_user_profile(struct srv_req *req)
{
	sqlite3_stmt	*st;
	json_t		*badges;
	char		 name[64];
	char		*display = NULL;
	int64_t		 id;
	enum gstatus	 s;
	int		 rc;

	s = find_member(req, route_param(&req->params, "username"), &id,
	    name, sizeof name);
	if (s != G_OK)
		return s;
	if (db_prepare(req->db, "SELECT display_name FROM users WHERE id = ?",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && db_col_text(st, 0, &display) != 0)
		rc = SQLITE_ERROR;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		free(display);
		return G_INTERNAL;
	}
	req->out = points_summary(req->db, id, name);
	badges = badges_json(req->db, id);
	if (req->out == NULL || badges == NULL ||
	    json_object_set_new(req->out, "badges", badges) != 0 ||
	    json_object_set_new(req->out, "display_name",
	    json_string(display != NULL ? display : "")) != 0) {
		if (req->out == NULL || badges == NULL)
			json_decref(badges);
		free(display);
		return G_INTERNAL;
	}
	free(display);
	return G_OK;
}

/*
 * PATCH /api/v1/me (a member changes their display name, bio, time zone
 * or level) and GET /api/v1/me/recommendations (courses for their level).
 */
#include <string.h>

#include "analytics.h"
#include "db.h"
#include "server.h"

#define ME_DISPLAY_NAME_MAX	64	/* code points */
#define ME_BIO_MAX		1000	/* code points */
#define ME_TIMEZONE_MAX		64	/* bytes */
#define RECOMMEND_MAX		10

/* 1 when s has no control characters (one-line display text). */
static int
one_line(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	}
	return 1;
}

/* 1 when s looks like an IANA zone name ("UTC", "Asia/Shanghai"). */
static int
timezone_valid(const char *s)
{
	size_t	i, n = strlen(s);

	if (n == 0 || n > ME_TIMEZONE_MAX || s[0] == '/' || s[n - 1] == '/')
		return 0;
	for (i = 0; i < n; i++) {
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789_+-/", s[i]) == NULL)
			return 0;
		if (s[i] == '/' && s[i + 1] == '/')
			return 0;
	}
	return 1;
}

enum gstatus
route_me_patch(struct srv_req *req)
{
	json_t		*in = NULL;
	const char	*name = NULL, *bio = NULL, *tz = NULL, *lv = NULL;
	enum level	 level;
	struct user	 u;
	enum gstatus	 s;

	s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	srv_json_string(req, in, "display_name", 0, &name);
	srv_json_string(req, in, "bio", 0, &bio);
	srv_json_string(req, in, "timezone", 0, &tz);
	srv_json_string(req, in, "level", 0, &lv);
	if (name != NULL && (srv_utf8_len(name) > ME_DISPLAY_NAME_MAX ||
	    !one_line(name)))
		srv_field_error(req, "display_name", "must be one line of at "
		    "most %d characters", ME_DISPLAY_NAME_MAX);
	if (bio != NULL && srv_utf8_len(bio) > ME_BIO_MAX)
		srv_field_error(req, "bio", "must be at most %d characters",
		    ME_BIO_MAX);
	if (tz != NULL && !timezone_valid(tz))
		srv_field_error(req, "timezone", "must be a time zone name "
		    "such as UTC or Asia/Shanghai");
	if (lv != NULL && level_parse(lv, &level) != 0)
		srv_field_error(req, "level", "one of beginner, intermediate, "
		    "advanced");
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	if (db_begin(req->db) != 0) {
		json_decref(in);
		return G_INTERNAL;
	}
	s = db_user_update(req->db, req->viewer.user_id, name, bio, tz,
	    lv != NULL ? &level : NULL);
	json_decref(in);
	if (s == G_OK)
		s = db_user_get(req->db, req->viewer.user_id, &u);
	if (s != G_OK || db_commit(req->db) != 0) {
		if (s == G_OK)
			user_release(&u);
		db_rollback(req->db);
		if (s == G_NOT_FOUND)
			return srv_fail(req, G_UNAUTHORIZED, "the account of "
			    "this token no longer exists");
		return G_INTERNAL;
	}
	req->out = user_to_json(&u, 1);
	user_release(&u);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

enum gstatus
route_me_recommendations(struct srv_req *req)
{
	struct user	u;
	struct course	c;
	int64_t		ids[RECOMMEND_MAX], pop[RECOMMEND_MAX];
	int		n, i;
	enum gstatus	s;
	json_t		*items, *o;

	s = db_user_get(req->db, req->viewer.user_id, &u);
	if (s == G_NOT_FOUND)
		return srv_fail(req, G_UNAUTHORIZED, "the account of this "
		    "token no longer exists");
	if (s != G_OK)
		return s;
	s = an_db_recommend(req->db, u.id, u.level, ids, pop, RECOMMEND_MAX,
	    &n);
	if (s != G_OK) {
		user_release(&u);
		return s;
	}
	o = json_pack("{s:s,s:[]}", "level", level_name(u.level), "items");
	user_release(&u);
	if (o == NULL)
		return G_INTERNAL;
	items = json_object_get(o, "items");
	for (i = 0; i < n; i++) {
		json_t	*cj;

		if (db_course_get(req->db, ids[i], NULL, req->viewer.user_id,
		    &c) != G_OK)
			continue;
		cj = course_to_json(&c, 0);
		course_release(&c);
		if (cj == NULL || json_array_append_new(items, cj) != 0 ||
		    json_object_set_new(cj, "popularity",
		    json_integer(pop[i])) != 0) {
			json_decref(o);
			return G_INTERNAL;
		}
	}
	req->out = o;
	return G_OK;
}

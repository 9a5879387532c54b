/* GET /api/v1/courses (the catalog) and GET /api/v1/courses/{id or slug}. */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "server.h"

#define COURSES_LIMIT_DEFAULT	20
#define COURSES_LIMIT_MAX	100

/* Reads ?limit=, ?level= and ?cursor= into q; G_OK or the problem. */
static enum gstatus
list_query(struct srv_req *req, struct db_course_query *q)
{
	const char	*limit = srv_query(req, "limit");
	const char	*level = srv_query(req, "level");
	const char	*cursor = srv_query(req, "cursor");
	int64_t		 n;

	/* An empty parameter ("?cursor=&limit=20") is an absent one. */
	if (limit != NULL && limit[0] == '\0')
		limit = NULL;
	if (level != NULL && level[0] == '\0')
		level = NULL;
	if (cursor != NULL && cursor[0] == '\0')
		cursor = NULL;

	memset(q, 0, sizeof *q);
	q->viewer_id = req->viewer.user_id;
	q->limit = COURSES_LIMIT_DEFAULT;
	if (limit != NULL) {
		if (parse_int64(limit, 1, COURSES_LIMIT_MAX, &n) == 0)
			q->limit = (int)n;
		else
			srv_field_error(req, "limit", "must be a whole number "
			    "from 1 to %d", COURSES_LIMIT_MAX);
	}
	if (level != NULL) {
		if (level_parse(level, &q->level) == 0)
			q->has_level = 1;
		else
			srv_field_error(req, "level", "must be beginner, "
			    "intermediate or advanced");
	}
	if (req->nerrors > 0)
		return srv_invalid(req);
	if (cursor != NULL) {
		if (cursor_decode(cursor, &q->after_created, &q->after_id) != 0)
			return srv_fail(req, G_BAD_REQUEST, "the cursor is not "
			    "one this server issued; start again without it");
		q->has_after = 1;
	}
	return G_OK;
}

enum gstatus
route_courses_list(struct srv_req *req)
{
	struct db_course_query	 q;
	struct course		*items;
	json_t			*arr;
	char			 next[CURSOR_SIZE];
	enum gstatus		 s;
	size_t			 i, n;
	int			 has_more;
	int64_t			 last_created;

	s = list_query(req, &q);
	if (s != G_OK)
		return s;
	s = db_course_list(req->db, &q, &items, &n, &has_more, &last_created);
	if (s != G_OK)
		return s;
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++) {
		if (json_array_append_new(arr, course_to_json(&items[i], 0)) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	next[0] = '\0';
	if (has_more && n > 0 &&
	    cursor_encode(last_created, items[n - 1].id, next, sizeof next) != 0)
		has_more = 0;
	db_courses_free(items, n);
	if (arr == NULL)
		return G_INTERNAL;
	req->out = page_to_json(arr, has_more ? next : NULL, has_more);
	if (req->out == NULL)
		return G_INTERNAL;
	if (has_more)
		srv_header_add(req, "Link", "</api/v1/courses?limit=%d%s%s"
		    "&cursor=%s>; rel=\"next\"", q.limit,
		    q.has_level ? "&level=" : "",
		    q.has_level ? level_name(q.level) : "", next);
	return G_OK;
}

enum gstatus
route_courses_get(struct srv_req *req)
{
	const char	*key = route_param(&req->params, "id");
	struct course	 c;
	enum gstatus	 s;
	int64_t		 id = 0;
	int		 privileged;
	size_t		 i;
	char		 q[80];

	if (key == NULL)
		return G_NOT_FOUND;
	if (parse_int64(key, 1, INT64_MAX, &id) != 0)
		id = 0;
	s = db_course_get(req->db, id, key, req->viewer.user_id, &c);
	if (s == G_OK) {
		privileged = srv_viewer_is_operator(req) ||
		    (req->viewer.user_id != 0 &&
		    req->viewer.user_id == c.instructor_id);
		if (!c.published && !privileged) {
			course_release(&c);
			s = G_NOT_FOUND;
		}
	}
	if (s == G_NOT_FOUND)
		return srv_fail(req, G_NOT_FOUND, "no course '%s'",
		    srv_quote(key, q, sizeof q));
	if (s != G_OK)
		return s;
	for (i = 0; i < c.nlessons; i++)
		c.lessons[i].locked = !(c.lessons[i].preview || c.owned ||
		    privileged);
	req->out = course_to_json(&c, 1);
	course_release(&c);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

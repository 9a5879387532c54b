/* Helpers shared by the catalog, lesson, order and library routes. */
#include <stdio.h>
#include <string.h>

#include "catalog.h"

int
catalog_can_edit(const struct srv_req *req, int64_t instructor_id)
{
	return srv_viewer_is_operator(req) || (req->viewer.user_id != 0 &&
	    req->viewer.user_id == instructor_id);
}

int
catalog_can_see(const struct srv_req *req, const struct db_course_access *a)
{
	return a->published || a->owned ||
	    catalog_can_edit(req, a->instructor_id);
}

int
catalog_one_line(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	}
	return 1;
}

enum gstatus
page_query(struct srv_req *req, int *limit, int *has_after,
    int64_t *after_key, int64_t *after_id)
{
	const char	*l = srv_query(req, "limit");
	const char	*c = srv_query(req, "cursor");
	int64_t		 n;

	*limit = PAGE_LIMIT_DEFAULT;
	*has_after = 0;
	*after_key = 0;
	*after_id = 0;
	if (l != NULL && l[0] != '\0') {
		if (parse_int64(l, 1, PAGE_LIMIT_MAX, &n) != 0) {
			srv_field_error(req, "limit", "must be a whole number "
			    "from 1 to %d", PAGE_LIMIT_MAX);
			return srv_invalid(req);
		}
		*limit = (int)n;
	}
	if (c != NULL && c[0] != '\0') {
		if (cursor_decode(c, after_key, after_id) != 0)
			return srv_fail(req, G_BAD_REQUEST, "the cursor is not "
			    "one this server issued; start again without it");
		*has_after = 1;
	}
	return G_OK;
}

enum gstatus
page_answer(struct srv_req *req, json_t *arr, int has_more, int64_t last_key,
    int64_t last_id, const char *path, int limit)
{
	char	next[CURSOR_SIZE];

	next[0] = '\0';
	if (has_more && cursor_encode(last_key, last_id, next,
	    sizeof next) != 0)
		has_more = 0;
	req->out = page_to_json(arr, has_more ? next : NULL, has_more);
	if (req->out == NULL)
		return G_INTERNAL;
	if (has_more)
		srv_header_add(req, "Link", "<%s%climit=%d&cursor=%s>; "
		    "rel=\"next\"", path, strchr(path, '?') != NULL ? '&' : '?',
		    limit, next);
	return G_OK;
}

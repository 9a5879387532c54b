/* GET /api/v1/tags: question tags with their question counts. */
#include <stdio.h>

#include "db.h"
#include "posts.h"
#include "server.h"

#define TAG_CURSOR	"tg"

enum gstatus
route_tags_list(struct srv_req *req)
{
	const char		*cursor = post_query(req, "cursor");
	struct tag_count	*items;
	json_t			*arr;
	char			 after_name[POST_TAG_MAX + 1];
	char			 next[POST_CURSOR_SIZE], path[64];
	enum gstatus		 s;
	size_t			 i, n;
	int			 limit, has_more, has_after = 0;
	int64_t			 after_count = 0;

	if (post_list_limit(req, &limit) != 0)
		return srv_invalid(req);
	if (cursor != NULL) {
		if (post_cursor_decode(cursor, TAG_CURSOR, &after_count, 1,
		    after_name, sizeof after_name) != 0)
			return srv_fail(req, G_BAD_REQUEST, "the cursor is not "
			    "one this server issued; start again without it");
		has_after = 1;
	}
	s = db_tag_list(req->db, after_count, has_after ? after_name : NULL,
	    limit, &items, &n, &has_more);
	if (s != G_OK)
		return s;
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++) {
		if (json_array_append_new(arr, tag_count_to_json(&items[i])) !=
		    0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	next[0] = '\0';
	if (has_more && n > 0 && post_cursor_encode(TAG_CURSOR,
	    &items[n - 1].count, 1, items[n - 1].name, next, sizeof next) != 0)
		has_more = 0;
	db_tags_free(items, n);
	if (arr == NULL)
		return G_INTERNAL;
	snprintf(path, sizeof path, "/api/v1/tags?limit=%d", limit);
	return post_page(req, arr, has_more, next, path);
}

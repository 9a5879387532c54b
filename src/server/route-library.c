/* GET /api/v1/me/library: the courses the caller owns, with progress. */
#include "catalog.h"
#include "db.h"
#include "server.h"

enum gstatus
route_me_library(struct srv_req *req)
{
	struct library_item	*items;
	json_t			*arr;
	enum gstatus		 s;
	size_t			 i, n;
	int			 limit, has_after, has_more;
	int64_t			 after_key, after_id, last = 0, last_id = 0;

	s = page_query(req, &limit, &has_after, &after_key, &after_id);
	if (s != G_OK)
		return s;
	s = db_library(req->db, req->viewer.user_id, has_after, after_key,
	    after_id, limit, &items, &n, &has_more, &last);
	if (s != G_OK)
		return s;
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++) {
		if (json_array_append_new(arr,
		    library_item_to_json(&items[i])) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	if (n > 0)
		last_id = items[n - 1].course.id;
	db_library_free(items, n);
	if (arr == NULL)
		return G_INTERNAL;
	return page_answer(req, arr, has_more, last, last_id,
	    "/api/v1/me/library", limit);
}

/* GET /api/v1/categories: the discussion categories and study groups. */
#include "db.h"
#include "posts.h"
#include "server.h"

enum gstatus
route_categories_list(struct srv_req *req)
{
	struct category	*items;
	json_t		*arr;
	enum gstatus	 s;
	size_t		 i, n;

	s = db_category_list(req->db, &items, &n);
	if (s != G_OK)
		return s;
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++) {
		if (json_array_append_new(arr, category_to_json(&items[i])) !=
		    0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	db_categories_free(items, n);
	if (arr == NULL)
		return G_INTERNAL;
	req->out = page_to_json(arr, NULL, 0);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

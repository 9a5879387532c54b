/*
 * GET /api/v1/search?q=: threads and questions (titles and bodies, by
 * FTS5 relevance) and published courses, Chinese included.
 */
#include <string.h>

#include "db.h"
#include "posts.h"
#include "server.h"

/* Reads ?type= (a comma-separated list) into *types; 0, or -1. */
static int
search_types(struct srv_req *req, unsigned *types)
{
	static const struct {
		const char	*name;
		unsigned	 bit;
	} names[] = {
		{ "thread", SEARCH_THREADS },
		{ "question", SEARCH_QUESTIONS },
		{ "course", SEARCH_COURSES },
	};
	const char	*p = post_query(req, "type");
	size_t		 len, i;

	*types = SEARCH_ALL;
	if (p == NULL)
		return 0;
	*types = 0;
	while (*p != '\0') {
		len = strcspn(p, ",");
		for (i = 0; i < G_NELEM(names); i++) {
			if (strlen(names[i].name) == len &&
			    strncmp(p, names[i].name, len) == 0)
				break;
		}
		if (i == G_NELEM(names)) {
			srv_field_error(req, "type", "must be thread, question "
			    "or course, or a comma-separated list of them");
			return -1;
		}
		*types |= names[i].bit;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

enum gstatus
route_search(struct srv_req *req)
{
	const char		*q = post_query(req, "q");
	const char		*limit_s = post_query(req, "limit");
	struct search_hit	*items;
	json_t			*arr;
	enum gstatus		 s;
	unsigned		 types;
	size_t			 i, n, nwords;
	int			 has_more;
	int64_t			 limit = POST_SEARCH_DEFAULT;

	if (q == NULL)
		srv_field_error(req, "q", "is required: the words to search "
		    "for");
	else if (strlen(q) > POST_QUERY_MAX)
		srv_field_error(req, "q", "must be at most %d bytes",
		    POST_QUERY_MAX);
	if (limit_s != NULL && parse_int64(limit_s, 1, POST_SEARCH_MAX,
	    &limit) != 0)
		srv_field_error(req, "limit", "must be a whole number from 1 "
		    "to %d", POST_SEARCH_MAX);
	search_types(req, &types);
	if (req->nerrors > 0)
		return srv_invalid(req);
	s = db_search(req->db, q, types, (int)limit, &items, &n, &has_more,
	    &nwords);
	if (s != G_OK)
		return s;
	if (nwords == 0) {
		srv_field_error(req, "q", "has no word to search for");
		return srv_invalid(req);
	}
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++) {
		if (json_array_append_new(arr, search_hit_to_json(&items[i])) !=
		    0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	db_search_free(items, n);
	if (arr == NULL)
		return G_INTERNAL;
	req->out = page_to_json(arr, NULL, has_more);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

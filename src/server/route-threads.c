/*
 * Discussion threads: GET and POST /api/v1/threads, GET, PATCH and
 * DELETE /api/v1/threads/{id}, and PUT and DELETE .../like.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "posts.h"
#include "server.h"

/* Cursor kinds: the sort travels in the cursor, so it cannot change. */
static const char *const thread_cursor_kind[] = {
	[POST_SORT_LATEST] = "tl",
	[POST_SORT_TOP] = "tt",
};

/* Reads ?category= ?sort= ?limit= ?cursor= into q; G_OK or the problem. */
static enum gstatus
list_query(struct srv_req *req, struct db_thread_query *q)
{
	const char	*category = post_query(req, "category");
	const char	*sort = post_query(req, "sort");
	const char	*cursor = post_query(req, "cursor");
	enum gstatus	 s;

	memset(q, 0, sizeof *q);
	q->viewer_id = req->viewer.user_id;
	q->sort = POST_SORT_LATEST;
	post_list_limit(req, &q->limit);
	if (sort != NULL) {
		if (strcmp(sort, "top") == 0)
			q->sort = POST_SORT_TOP;
		else if (strcmp(sort, "latest") != 0)
			srv_field_error(req, "sort", "must be latest or top");
	}
	if (category != NULL) {
		s = db_category_find(req->db, category, &q->category_id);
		if (s == G_NOT_FOUND)
			srv_field_error(req, "category", "is not a category id "
			    "or slug (see GET /api/v1/categories)");
		else if (s != G_OK)
			return s;
	}
	if (req->nerrors > 0)
		return srv_invalid(req);
	if (cursor != NULL) {
		if (post_cursor_decode(cursor, thread_cursor_kind[q->sort],
		    q->after, 3, NULL, 0) != 0)
			return srv_fail(req, G_BAD_REQUEST, "the cursor is not "
			    "one this server issued for this sort; start "
			    "again without it");
		q->has_after = 1;
	}
	return G_OK;
}

enum gstatus
route_threads_list(struct srv_req *req)
{
	struct db_thread_query	 q;
	struct thread		*items;
	json_t			*arr;
	char			 next[POST_CURSOR_SIZE], path[160];
	enum gstatus		 s;
	size_t			 i, n;
	int			 has_more;
	int64_t			 last[3];

	s = list_query(req, &q);
	if (s != G_OK)
		return s;
	s = db_thread_list(req->db, &q, &items, &n, &has_more, last);
	if (s != G_OK)
		return s;
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++) {
		if (json_array_append_new(arr, thread_to_json(&items[i], 0)) !=
		    0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	db_threads_free(items, n);
	if (arr == NULL)
		return G_INTERNAL;
	next[0] = '\0';
	if (has_more && post_cursor_encode(thread_cursor_kind[q.sort], last,
	    3, NULL, next, sizeof next) != 0)
		has_more = 0;
	if (q.category_id != 0)
		snprintf(path, sizeof path, "/api/v1/threads?limit=%d&sort=%s"
		    "&category=%lld", q.limit, q.sort == POST_SORT_TOP ? "top" :
		    "latest", (long long)q.category_id);
	else
		snprintf(path, sizeof path, "/api/v1/threads?limit=%d&sort=%s",
		    q.limit, q.sort == POST_SORT_TOP ? "top" : "latest");
	return post_page(req, arr, has_more, next, path);
}

/* Answers with thread id as the viewer sees it, with status s. */
static enum gstatus
thread_answer(struct srv_req *req, int64_t id, enum gstatus s)
{
	struct thread	t;
	enum gstatus	r;

	r = db_thread_get(req->db, id, req->viewer.user_id, &t);
	if (r == G_NOT_FOUND)
		return srv_fail(req, G_NOT_FOUND, "no thread %lld",
		    (long long)id);
	if (r != G_OK)
		return r;
	req->out = thread_to_json(&t, 1);
	thread_release(&t);
	return req->out != NULL ? s : G_INTERNAL;
}

enum gstatus
route_threads_get(struct srv_req *req)
{
	enum gstatus	s;
	int64_t		id;

	s = post_path_id(req, "thread", &id);
	if (s != G_OK)
		return s;
	return thread_answer(req, id, G_OK);
}

enum gstatus
route_threads_create(struct srv_req *req)
{
	struct post_idem pi;
	json_t		*in;
	const char	*title = NULL, *body = NULL;
	char		 key[24];
	enum gstatus	 s;
	int64_t		 category_id = 0, found, id = 0;
	int		 present, replayed;

	s = post_idem_key(req, &pi);
	if (s != G_OK)
		return s;
	s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	post_json_int(req, in, "category_id", 1, 1, INT64_MAX, &category_id,
	    &present);
	if (srv_json_string(req, in, "title", 1, &title) == 0)
		post_title_check(req, "title", title);
	if (srv_json_string(req, in, "body", 1, &body) == 0)
		post_body_check(req, "body", body);
	if (req->nerrors == 0) {
		snprintf(key, sizeof key, "%lld", (long long)category_id);
		s = db_category_find(req->db, key, &found);
		if (s == G_NOT_FOUND)
			srv_field_error(req, "category_id", "is not a category "
			    "(see GET /api/v1/categories)");
		else if (s != G_OK) {
			json_decref(in);
			return s;
		}
	}
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	/* A replayed key answers as before, even over the posting rate. */
	s = post_idem_begin(req, &pi, &replayed);
	if (replayed) {
		json_decref(in);
		return s;
	}
	if (s == G_OK)
		s = post_rate_take(req);
	if (s == G_OK)
		s = db_thread_insert(req->db, category_id, req->viewer.user_id,
		    title, body, req->now, &id);
	json_decref(in);
	if (s == G_OK && post_emit(req, EV_THREAD_CREATED, POST_THREAD, id,
	    0, 0) != 0)
		s = G_INTERNAL;
	if (s == G_OK)
		s = thread_answer(req, id, G_CREATED);
	s = post_idem_end(req, &pi, s);
	if (s == G_CREATED)
		srv_header_add(req, "Location", "/api/v1/threads/%lld",
		    (long long)id);
	return s;
}

enum gstatus
route_threads_update(struct srv_req *req)
{
	struct db_thread_edit	 e;
	struct thread		 t;
	json_t			*in;
	enum gstatus		 s;
	int64_t			 id;
	int			 any;

	s = post_path_id(req, "thread", &id);
	if (s != G_OK)
		return s;
	s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	memset(&e, 0, sizeof e);
	if (srv_json_string(req, in, "title", 0, &e.title) == 0 &&
	    e.title != NULL)
		post_title_check(req, "title", e.title);
	if (srv_json_string(req, in, "body", 0, &e.body) == 0 &&
	    e.body != NULL)
		post_body_check(req, "body", e.body);
	post_json_bool(req, in, "pinned", &e.pinned, &e.set_pinned);
	post_json_bool(req, in, "locked", &e.locked, &e.set_locked);
	any = e.title != NULL || e.body != NULL || e.set_pinned ||
	    e.set_locked;
	if (req->nerrors == 0 && !any)
		srv_field_error(req, "body", "is required when nothing else "
		    "changes (send title, body, pinned or locked)");
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	s = post_begin(req);
	if (s == G_OK) {
		s = db_thread_get(req->db, id, 0, &t);
		if (s == G_NOT_FOUND)
			s = srv_fail(req, G_NOT_FOUND, "no thread %lld",
			    (long long)id);
	}
	if (s == G_OK) {
		if ((e.title != NULL || e.body != NULL) &&
		    !post_may_modify(req, t.author.id))
			s = srv_fail(req, G_FORBIDDEN, "only its author or an "
			    "operator may edit this thread");
		else if ((e.set_pinned || e.set_locked) &&
		    !srv_viewer_is_operator(req))
			s = srv_fail(req, G_FORBIDDEN, "only operators pin or "
			    "lock threads");
		thread_release(&t);
	}
	if (s == G_OK)
		s = db_thread_update(req->db, id, &e, req->now);
	json_decref(in);
	if (s == G_OK)
		s = post_commit(req);
	if (s != G_OK) {
		db_rollback(req->db);
		return s;
	}
	return thread_answer(req, id, G_OK);
}

enum gstatus
route_threads_delete(struct srv_req *req)
{
	struct thread	t;
	enum gstatus	s;
	int64_t		id;

	s = post_path_id(req, "thread", &id);
	if (s != G_OK)
		return s;
	s = post_begin(req);
	if (s != G_OK)
		return s;
	s = db_thread_get(req->db, id, 0, &t);
	if (s == G_NOT_FOUND)
		s = srv_fail(req, G_NOT_FOUND, "no thread %lld", (long long)id);
	if (s == G_OK) {
		if (!post_may_modify(req, t.author.id))
			s = srv_fail(req, G_FORBIDDEN, "only its author or an "
			    "operator may delete this thread");
		thread_release(&t);
	}
	if (s == G_OK)
		s = db_thread_delete(req->db, id);
	if (s == G_OK)
		s = post_commit(req);
	if (s != G_OK) {
		db_rollback(req->db);
		return s;
	}
	return G_NO_CONTENT;
}

enum gstatus
route_thread_like_put(struct srv_req *req)
{
	return post_like(req, POST_THREAD, 1);
}

enum gstatus
route_thread_like_delete(struct srv_req *req)
{
	return post_like(req, POST_THREAD, 0);
}

/*
 * Replies: GET and POST /api/v1/threads/{id}/replies, PATCH and DELETE
 * /api/v1/replies/{id}, and PUT and DELETE /api/v1/replies/{id}/like.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "posts.h"
#include "server.h"

#define REPLY_CURSOR	"r"

/* G_OK when thread id exists, else a 404 (or the failure). */
static enum gstatus
thread_exists(struct srv_req *req, int64_t id, struct thread *t)
{
	enum gstatus	s;

	s = db_thread_get(req->db, id, 0, t);
	if (s == G_NOT_FOUND)
		return srv_fail(req, G_NOT_FOUND, "no thread %lld",
		    (long long)id);
	return s;
}

enum gstatus
route_thread_replies_list(struct srv_req *req)
{
	const char	*cursor = post_query(req, "cursor");
	struct reply	*items;
	struct thread	 t;
	json_t		*arr;
	char		 next[POST_CURSOR_SIZE], path[96];
	enum gstatus	 s;
	size_t		 i, n;
	int		 limit, has_more;
	int64_t		 id, after = 0;

	s = post_path_id(req, "thread", &id);
	if (s != G_OK)
		return s;
	if (post_list_limit(req, &limit) != 0)
		return srv_invalid(req);
	if (cursor != NULL && post_cursor_decode(cursor, REPLY_CURSOR, &after,
	    1, NULL, 0) != 0)
		return srv_fail(req, G_BAD_REQUEST, "the cursor is not one "
		    "this server issued; start again without it");
	s = thread_exists(req, id, &t);
	if (s != G_OK)
		return s;
	thread_release(&t);
	s = db_reply_list(req->db, id, req->viewer.user_id, after, limit,
	    &items, &n, &has_more);
	if (s != G_OK)
		return s;
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++) {
		if (json_array_append_new(arr, reply_to_json(&items[i])) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	next[0] = '\0';
	if (has_more && n > 0 && post_cursor_encode(REPLY_CURSOR,
	    &items[n - 1].id, 1, NULL, next, sizeof next) != 0)
		has_more = 0;
	db_replies_free(items, n);
	if (arr == NULL)
		return G_INTERNAL;
	snprintf(path, sizeof path, "/api/v1/threads/%lld/replies?limit=%d",
	    (long long)id, limit);
	return post_page(req, arr, has_more, next, path);
}

/* Answers with reply id as the viewer sees it, with status s. */
static enum gstatus
reply_answer(struct srv_req *req, int64_t id, enum gstatus s)
{
	struct reply	r;
	enum gstatus	g;

	g = db_reply_get(req->db, id, req->viewer.user_id, &r);
	if (g != G_OK)
		return g == G_NOT_FOUND ? G_INTERNAL : g;
	req->out = reply_to_json(&r);
	reply_release(&r);
	return req->out != NULL ? s : G_INTERNAL;
}

enum gstatus
route_thread_replies_create(struct srv_req *req)
{
	struct post_idem pi;
	struct thread	 t;
	struct reply	 parent;
	json_t		*in;
	const char	*body = NULL;
	enum gstatus	 s;
	int64_t		 id, reply_to = 0, rid = 0, thread_author = 0;
	int		 present, replayed;

	s = post_path_id(req, "thread", &id);
	if (s != G_OK)
		return s;
	s = post_idem_key(req, &pi);
	if (s != G_OK)
		return s;
	s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	if (srv_json_string(req, in, "body", 1, &body) == 0)
		post_body_check(req, "body", body);
	post_json_int(req, in, "reply_to", 0, 1, INT64_MAX, &reply_to,
	    &present);
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	s = post_idem_begin(req, &pi, &replayed);
	if (replayed) {
		json_decref(in);
		return s;
	}
	if (s == G_OK)
		s = thread_exists(req, id, &t);
	if (s == G_OK) {
		thread_author = t.author.id;
		if (t.locked)
			s = srv_fail(req, G_CONFLICT, "the thread is locked: "
			    "it takes no new replies");
		thread_release(&t);
	}
	/* A reply to a reply joins its top-level parent: one level. */
	if (s == G_OK && reply_to != 0) {
		s = db_reply_get(req->db, reply_to, 0, &parent);
		if (s == G_OK && parent.thread_id != id)
			s = G_NOT_FOUND;
		if (s == G_OK && parent.reply_to != 0)
			reply_to = parent.reply_to;
		reply_release(&parent);
		if (s == G_NOT_FOUND) {
			srv_field_error(req, "reply_to", "is not a reply in "
			    "thread %lld", (long long)id);
			s = srv_invalid(req);
		}
	}
	if (s == G_OK)
		s = post_rate_take(req);
	if (s == G_OK)
		s = db_reply_insert(req->db, id, req->viewer.user_id, reply_to,
		    body, req->now, &rid);
	json_decref(in);
	if (s == G_OK && post_emit(req, EV_REPLY_CREATED, POST_REPLY, rid,
	    thread_author, 0) != 0)
		s = G_INTERNAL;
	if (s == G_OK)
		s = reply_answer(req, rid, G_CREATED);
	return post_idem_end(req, &pi, s);
}

/*
 * Loads reply id for a change by the viewer: 404 for none or a deleted
 * one, 403 unless the viewer wrote it or is an operator.
 */
static enum gstatus
reply_for_change(struct srv_req *req, int64_t id, const char *verb)
{
	struct reply	r;
	enum gstatus	s;

	s = db_reply_get(req->db, id, 0, &r);
	if (s == G_OK && r.deleted)
		s = G_NOT_FOUND;
	if (s == G_OK && !post_may_modify(req, r.author.id))
		s = srv_fail(req, G_FORBIDDEN, "only its author or an operator "
		    "may %s this reply", verb);
	if (s == G_NOT_FOUND)
		s = srv_fail(req, G_NOT_FOUND, "no reply %lld", (long long)id);
	reply_release(&r);
	return s;
}

enum gstatus
route_replies_update(struct srv_req *req)
{
	json_t		*in;
	const char	*body = NULL;
	enum gstatus	 s;
	int64_t		 id;

	s = post_path_id(req, "reply", &id);
	if (s != G_OK)
		return s;
	s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	if (srv_json_string(req, in, "body", 1, &body) == 0)
		post_body_check(req, "body", body);
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	s = post_begin(req);
	if (s == G_OK)
		s = reply_for_change(req, id, "edit");
	if (s == G_OK)
		s = db_reply_update(req->db, id, body, req->now);
	json_decref(in);
	if (s == G_OK)
		s = post_commit(req);
	if (s != G_OK) {
		db_rollback(req->db);
		return s;
	}
	return reply_answer(req, id, G_OK);
}

enum gstatus
route_replies_delete(struct srv_req *req)
{
	enum gstatus	s;
	int64_t		id;

	s = post_path_id(req, "reply", &id);
	if (s != G_OK)
		return s;
	s = post_begin(req);
	if (s == G_OK)
		s = reply_for_change(req, id, "delete");
	if (s == G_OK)
		s = db_reply_delete(req->db, id, req->now);
	if (s == G_OK)
		s = post_commit(req);
	if (s != G_OK) {
		db_rollback(req->db);
		return s;
	}
	return G_NO_CONTENT;
}

enum gstatus
route_reply_like_put(struct srv_req *req)
{
	return post_like(req, POST_REPLY, 1);
}

enum gstatus
route_reply_like_delete(struct srv_req *req)
{
	return post_like(req, POST_REPLY, 0);
}

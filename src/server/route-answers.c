/*
 * Answers: GET, PATCH and DELETE /api/v1/answers/{id}, and PUT and
 * DELETE /api/v1/answers/{id}/vote. Answering is POST
 * /api/v1/questions/{id}/answers (route-questions.c).
 */
#include <string.h>

#include "db.h"
#include "posts.h"
#include "server.h"

/*
 * Loads answer id for a change by the viewer into *a: 404 for none, 403
 * unless the viewer wrote it or is an operator. The caller releases *a
 * on G_OK.
 */
static enum gstatus
answer_for_change(struct srv_req *req, int64_t id, const char *verb,
    struct answer *a)
{
	enum gstatus	s;

	s = db_answer_get(req->db, id, 0, a);
	if (s == G_NOT_FOUND)
		return srv_fail(req, G_NOT_FOUND, "no answer %lld",
		    (long long)id);
	if (s == G_OK && !post_may_modify(req, a->author.id)) {
		answer_release(a);
		return srv_fail(req, G_FORBIDDEN, "only its author or an "
		    "operator may %s this answer", verb);
	}
	return s;
}

enum gstatus
route_answers_get(struct srv_req *req)
{
	struct answer	a;
	enum gstatus	s;
	int64_t		id;

	s = post_path_id(req, "answer", &id);
	if (s != G_OK)
		return s;
	s = db_answer_get(req->db, id, req->viewer.user_id, &a);
	if (s == G_NOT_FOUND)
		return srv_fail(req, G_NOT_FOUND, "no answer %lld",
		    (long long)id);
	if (s != G_OK)
		return s;
	req->out = answer_to_json(&a);
	answer_release(&a);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

enum gstatus
route_answers_update(struct srv_req *req)
{
	struct answer	 a;
	json_t		*in;
	const char	*body = NULL;
	enum gstatus	 s;
	int64_t		 id;

	s = post_path_id(req, "answer", &id);
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
		s = answer_for_change(req, id, "edit", &a);
	if (s == G_OK) {
		answer_release(&a);
		s = db_answer_update(req->db, id, body, req->now);
	}
	json_decref(in);
	if (s == G_OK)
		s = post_commit(req);
	if (s != G_OK) {
		db_rollback(req->db);
		return s;
	}
	s = db_answer_get(req->db, id, req->viewer.user_id, &a);
	if (s != G_OK)
		return s == G_NOT_FOUND ? G_INTERNAL : s;
	req->out = answer_to_json(&a);
	answer_release(&a);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

enum gstatus
route_answers_delete(struct srv_req *req)
{
	struct answer	a;
	enum gstatus	s;
	int64_t		id;

	s = post_path_id(req, "answer", &id);
	if (s != G_OK)
		return s;
	s = post_begin(req);
	if (s == G_OK)
		s = answer_for_change(req, id, "delete", &a);
	if (s == G_OK) {
		/* An accepted answer that goes takes its mark along. */
		if (a.accepted && post_emit(req, EV_ANSWER_UNACCEPTED,
		    POST_ANSWER, id, a.author.id, 0) != 0)
			s = G_INTERNAL;
		answer_release(&a);
	}
	if (s == G_OK)
		s = db_answer_delete(req->db, id);
	if (s == G_OK)
		s = post_commit(req);
	if (s != G_OK) {
		db_rollback(req->db);
		return s;
	}
	return G_NO_CONTENT;
}

enum gstatus
route_answer_vote_put(struct srv_req *req)
{
	return post_vote(req, POST_ANSWER, 1);
}

enum gstatus
route_answer_vote_delete(struct srv_req *req)
{
	return post_vote(req, POST_ANSWER, 0);
}

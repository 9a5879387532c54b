/*
 * Questions: GET and POST /api/v1/questions, GET and PATCH
 * /api/v1/questions/{id}, answering (POST .../answers), voting (PUT and
 * DELETE .../vote) and accepting an answer (PUT and DELETE
 * .../accepted-answer).
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "posts.h"
#include "server.h"

static const struct {
	const char	*name;
	enum post_sort	 sort;
	const char	*cursor;	/* the sort travels in the cursor */
} question_sorts[] = {
	{ "newest", POST_SORT_NEWEST, "qn" },
	{ "votes", POST_SORT_VOTES, "qv" },
	{ "unanswered", POST_SORT_UNANSWERED, "qu" },
};

enum gstatus
route_questions_list(struct srv_req *req)
{
	struct db_question_query	 q;
	struct question			*items;
	const char			*tag = post_query(req, "tag");
	const char			*sort = post_query(req, "sort");
	const char			*cursor = post_query(req, "cursor");
	char				 folded[POST_TAG_MAX + 1];
	char				 next[POST_CURSOR_SIZE], path[256];
	char				 enc[POST_TAG_MAX * 3 + 1];
	json_t				*arr;
	enum gstatus			 s;
	size_t				 i, n, si = 0;
	int				 has_more;
	int64_t				 last_key = 0, after[2];

	memset(&q, 0, sizeof q);
	q.viewer_id = req->viewer.user_id;
	post_list_limit(req, &q.limit);
	if (sort != NULL) {
		for (si = 0; si < G_NELEM(question_sorts); si++) {
			if (strcmp(sort, question_sorts[si].name) == 0)
				break;
		}
		if (si == G_NELEM(question_sorts)) {
			srv_field_error(req, "sort", "must be newest, votes or "
			    "unanswered");
			si = 0;
		}
	}
	q.sort = question_sorts[si].sort;
	if (tag != NULL) {
		if (post_tag_fold(tag, folded, sizeof folded) == 0)
			q.tag = folded;
		else
			srv_field_error(req, "tag", "is not a tag: 1 to %d "
			    "bytes of letters, digits, '+', '#', '.', '-' or "
			    "'_'", POST_TAG_MAX);
	}
	if (req->nerrors > 0)
		return srv_invalid(req);
	if (cursor != NULL) {
		if (post_cursor_decode(cursor, question_sorts[si].cursor, after,
		    2, NULL, 0) != 0)
			return srv_fail(req, G_BAD_REQUEST, "the cursor is not "
			    "one this server issued for this sort; start "
			    "again without it");
		q.has_after = 1;
		q.after[0] = after[0];
		q.after[1] = after[1];
	}
	s = db_question_list(req->db, &q, &items, &n, &has_more, &last_key);
	if (s != G_OK)
		return s;
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++) {
		if (json_array_append_new(arr,
		    question_to_json(&items[i], 0)) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	next[0] = '\0';
	if (has_more && n > 0) {
		after[0] = last_key;
		after[1] = items[n - 1].id;
		if (post_cursor_encode(question_sorts[si].cursor, after, 2,
		    NULL, next, sizeof next) != 0)
			has_more = 0;
	}
	db_questions_free(items, n);
	if (arr == NULL)
		return G_INTERNAL;
	snprintf(path, sizeof path, "/api/v1/questions?limit=%d&sort=%s%s%s",
	    q.limit, question_sorts[si].name, q.tag != NULL ? "&tag=" : "",
	    q.tag != NULL ? post_url_encode(q.tag, enc, sizeof enc) : "");
	return post_page(req, arr, has_more, next, path);
}

/* Answers with question id (and its answers) as the viewer sees it. */
static enum gstatus
question_answer(struct srv_req *req, int64_t id, enum gstatus s)
{
	struct question	q;
	enum gstatus	g;

	g = db_question_get(req->db, id, req->viewer.user_id, 1, &q);
	if (g == G_NOT_FOUND)
		return srv_fail(req, G_NOT_FOUND, "no question %lld",
		    (long long)id);
	if (g != G_OK)
		return g;
	req->out = question_to_json(&q, 1);
	question_release(&q);
	return req->out != NULL ? s : G_INTERNAL;
}

enum gstatus
route_questions_get(struct srv_req *req)
{
	enum gstatus	s;
	int64_t		id;

	s = post_path_id(req, "question", &id);
	if (s != G_OK)
		return s;
	/* Once per viewer an hour; a failure to count is not an error. */
	if (post_view_counts(req, id))
		db_question_view(req->db, id);
	return question_answer(req, id, G_OK);
}

enum gstatus
route_questions_create(struct srv_req *req)
{
	struct post_idem pi;
	json_t		*in;
	const char	*title = NULL, *body = NULL;
	char		 tags[POST_TAGS_MAX][POST_TAG_MAX + 1];
	size_t		 ntags = 0;
	enum gstatus	 s;
	int64_t		 id = 0;
	int		 replayed;

	s = post_idem_key(req, &pi);
	if (s != G_OK)
		return s;
	s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	if (srv_json_string(req, in, "title", 1, &title) == 0)
		post_title_check(req, "title", title);
	if (srv_json_string(req, in, "body", 1, &body) == 0)
		post_body_check(req, "body", body);
	post_tags_read(req, in, 1, tags, &ntags);
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
		s = db_question_insert(req->db, req->viewer.user_id, title,
		    body, tags, ntags, req->now, &id);
	json_decref(in);
	if (s == G_OK && post_emit(req, EV_QUESTION_CREATED, POST_QUESTION,
	    id, 0, 0) != 0)
		s = G_INTERNAL;
	if (s == G_OK)
		s = question_answer(req, id, G_CREATED);
	s = post_idem_end(req, &pi, s);
	if (s == G_CREATED)
		srv_header_add(req, "Location", "/api/v1/questions/%lld",
		    (long long)id);
	return s;
}

/*
 * Loads question id into q inside the open transaction: 404 when there
 * is none. The caller releases q on G_OK.
 */
static enum gstatus
question_load(struct srv_req *req, int64_t id, struct question *q)
{
	enum gstatus	s;

	s = db_question_get(req->db, id, 0, 0, q);
	if (s == G_NOT_FOUND)
		return srv_fail(req, G_NOT_FOUND, "no question %lld",
		    (long long)id);
	return s;
}

enum gstatus
route_questions_update(struct srv_req *req)
{
	struct question	 q;
	json_t		*in;
	const char	*title = NULL, *body = NULL;
	char		 tags[POST_TAGS_MAX][POST_TAG_MAX + 1];
	size_t		 ntags = 0;
	enum gstatus	 s;
	int64_t		 id;

	s = post_path_id(req, "question", &id);
	if (s != G_OK)
		return s;
	s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	if (srv_json_string(req, in, "title", 0, &title) == 0 && title != NULL)
		post_title_check(req, "title", title);
	if (srv_json_string(req, in, "body", 0, &body) == 0 && body != NULL)
		post_body_check(req, "body", body);
	post_tags_read(req, in, 0, tags, &ntags);
	if (req->nerrors == 0 && title == NULL && body == NULL && ntags == 0)
		srv_field_error(req, "body", "is required when nothing else "
		    "changes (send title, body or tags)");
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	s = post_begin(req);
	if (s == G_OK)
		s = question_load(req, id, &q);
	if (s == G_OK) {
		if (!post_may_modify(req, q.author.id))
			s = srv_fail(req, G_FORBIDDEN, "only its author or an "
			    "operator may edit this question");
		question_release(&q);
	}
	if (s == G_OK)
		s = db_question_update(req->db, id, title, body, tags, ntags,
		    req->now);
	json_decref(in);
	if (s == G_OK)
		s = post_commit(req);
	if (s != G_OK) {
		db_rollback(req->db);
		return s;
	}
	return question_answer(req, id, G_OK);
}

enum gstatus
route_question_answers_create(struct srv_req *req)
{
	struct post_idem pi;
	struct question	 q;
	struct answer	 a;
	json_t		*in;
	const char	*body = NULL;
	enum gstatus	 s;
	int64_t		 id, aid = 0, asker = 0;
	int		 replayed;

	s = post_path_id(req, "question", &id);
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
		s = question_load(req, id, &q);
	if (s == G_OK) {
		asker = q.author.id;
		question_release(&q);
		s = post_rate_take(req);
	}
	if (s == G_OK)
		s = db_answer_insert(req->db, id, req->viewer.user_id, body,
		    req->now, &aid);
	json_decref(in);
	if (s == G_OK && post_emit(req, EV_ANSWER_CREATED, POST_ANSWER, aid,
	    asker, 0) != 0)
		s = G_INTERNAL;
	if (s == G_OK) {
		s = db_answer_get(req->db, aid, req->viewer.user_id, &a);
		if (s == G_NOT_FOUND)
			s = G_INTERNAL;
	}
	if (s == G_OK) {
		req->out = answer_to_json(&a);
		answer_release(&a);
		s = req->out != NULL ? G_CREATED : G_INTERNAL;
	}
	return post_idem_end(req, &pi, s);
}

enum gstatus
route_question_vote_put(struct srv_req *req)
{
	return post_vote(req, POST_QUESTION, 1);
}

enum gstatus
route_question_vote_delete(struct srv_req *req)
{
	return post_vote(req, POST_QUESTION, 0);
}

/* The author of answer id, or 0 when it is gone. */
static int64_t
answerer(struct srv_req *req, int64_t id)
{
	struct answer	a;
	int64_t		who = 0;

	if (db_answer_get(req->db, id, 0, &a) == G_OK)
		who = a.author.id;
	answer_release(&a);
	return who;
}

/*
 * PUT (answer_id > 0) or DELETE (0) the accepted answer of the question
 * named by {id}: 404, 403 unless the viewer asked it, 422 for an answer
 * of another question. Emits EV_ANSWER_UNACCEPTED for an answer that
 * loses the mark and EV_ANSWER_ACCEPTED for the one that gains it.
 */
static enum gstatus
accept_answer(struct srv_req *req, int64_t id, int64_t answer_id)
{
	struct question	q;
	struct answer	a;
	enum gstatus	s;
	int64_t		old = 0;

	s = post_begin(req);
	if (s == G_OK)
		s = question_load(req, id, &q);
	if (s == G_OK) {
		old = q.accepted_answer_id;
		if (q.author.id != req->viewer.user_id)
			s = srv_fail(req, G_FORBIDDEN, "only the member who "
			    "asked question %lld may accept an answer",
			    (long long)id);
		question_release(&q);
	}
	if (s == G_OK && answer_id != 0) {
		s = db_answer_get(req->db, answer_id, 0, &a);
		if (s == G_OK && a.question_id != id)
			s = G_NOT_FOUND;
		answer_release(&a);
		if (s == G_NOT_FOUND) {
			srv_field_error(req, "answer_id", "is not an answer to "
			    "question %lld", (long long)id);
			s = srv_invalid(req);
		}
	}
	if (s == G_OK && old != answer_id) {
		if (old != 0 && post_emit(req, EV_ANSWER_UNACCEPTED,
		    POST_ANSWER, old, answerer(req, old), 0) != 0)
			s = G_INTERNAL;
		if (s == G_OK)
			s = db_question_accept(req->db, id, answer_id);
		if (s == G_OK && answer_id != 0 && post_emit(req,
		    EV_ANSWER_ACCEPTED, POST_ANSWER, answer_id,
		    answerer(req, answer_id), 0) != 0)
			s = G_INTERNAL;
	}
	if (s == G_OK)
		s = post_commit(req);
	if (s != G_OK) {
		db_rollback(req->db);
		return s;
	}
	return question_answer(req, id, G_OK);
}

enum gstatus
route_question_accept_put(struct srv_req *req)
{
	json_t		*in;
	enum gstatus	 s;
	int64_t		 id, answer_id = 0;
	int		 present;

	s = post_path_id(req, "question", &id);
	if (s != G_OK)
		return s;
	s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	post_json_int(req, in, "answer_id", 1, 1, INT64_MAX, &answer_id,
	    &present);
	json_decref(in);
	if (req->nerrors > 0)
		return srv_invalid(req);
	return accept_answer(req, id, answer_id);
}

enum gstatus
route_question_accept_delete(struct srv_req *req)
{
	enum gstatus	s;
	int64_t		id;

	s = post_path_id(req, "question", &id);
	if (s != G_OK)
		return s;
	return accept_answer(req, id, 0);
}

/*
 * Lessons: the outline of a course and adding to it (GET, POST
 * /api/v1/courses/{id}/lessons), reading, editing and deleting one lesson
 * (/api/v1/lessons/{id}), and marking it complete.
 */
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "db.h"
#include "events.h"
#include "server.h"

#define LESSON_TITLE_MAX	200		/* characters */
#define LESSON_BODY_MAX		(256 * 1024)	/* bytes */
#define LESSON_DURATION_MAX	1440		/* minutes */
#define LESSONS_PER_COURSE	500

/* Resolves the {id} parameter (an id or a slug) into a visible course. */
static enum gstatus
course_param(struct srv_req *req, struct db_course_access *acc)
{
	const char	*key = route_param(&req->params, "id");
	char		 q[80];
	int64_t		 id = 0;
	enum gstatus	 s;

	if (key == NULL)
		return G_NOT_FOUND;
	if (parse_int64(key, 1, INT64_MAX, &id) != 0)
		id = 0;
	s = db_course_access(req->db, id, key, req->viewer.user_id, acc);
	if (s == G_OK && !catalog_can_see(req, acc))
		s = G_NOT_FOUND;
	if (s == G_NOT_FOUND)
		return srv_fail(req, G_NOT_FOUND, "no course '%s'",
		    srv_quote(key, q, sizeof q));
	return s;
}

/* Loads lesson {id} with its body and course into *l and *acc. */
static enum gstatus
lesson_param(struct srv_req *req, struct lesson *l,
    struct db_course_access *acc)
{
	const char	*key = route_param(&req->params, "id");
	int64_t		 id = 0;
	enum gstatus	 s = G_NOT_FOUND;

	memset(l, 0, sizeof *l);
	if (key != NULL && parse_int64(key, 1, INT64_MAX, &id) == 0)
		s = db_lesson_get(req->db, id, req->viewer.user_id, l, acc);
	if (s == G_OK && !catalog_can_see(req, acc)) {
		lesson_release(l);
		s = G_NOT_FOUND;
	}
	if (s == G_NOT_FOUND)
		return srv_fail(req, G_NOT_FOUND, "no such lesson");
	return s;
}

/*
 * Reads the lesson fields of in into w, recording a field error for each
 * bad one. create requires a title; max_position is the last position
 * the lesson may take.
 */
static void
lesson_fields(struct srv_req *req, const json_t *in, int create,
    int max_position, struct db_lesson_write *w)
{
	const json_t	*v;

	memset(w, 0, sizeof *w);
	if (srv_json_string(req, in, "title", create, &w->title) == 0 &&
	    w->title != NULL && (srv_utf8_len(w->title) < 1 ||
	    srv_utf8_len(w->title) > LESSON_TITLE_MAX ||
	    !catalog_one_line(w->title)))
		srv_field_error(req, "title", "must be one line of 1 to %d "
		    "characters", LESSON_TITLE_MAX);
	if (srv_json_string(req, in, "body", 0, &w->body) == 0 &&
	    w->body != NULL && strlen(w->body) > LESSON_BODY_MAX)
		srv_field_error(req, "body", "must be at most %d KiB",
		    LESSON_BODY_MAX / 1024);
	v = json_object_get(in, "duration_min");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > LESSON_DURATION_MAX)
			srv_field_error(req, "duration_min", "must be a whole "
			    "number of minutes from 0 to %d",
			    LESSON_DURATION_MAX);
		else {
			w->has_duration = 1;
			w->duration_min = (int)json_integer_value(v);
		}
	}
	v = json_object_get(in, "preview");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_boolean(v))
			srv_field_error(req, "preview", "must be true or false");
		else {
			w->has_preview = 1;
			w->preview = json_is_true(v);
		}
	}
	v = json_object_get(in, "position");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > max_position)
			srv_field_error(req, "position", "must be from 1 to %d",
			    max_position);
		else
			w->position = (int)json_integer_value(v);
	}
}

/* Answers lesson id (with its body) as req->out. */
static enum gstatus
lesson_answer(struct srv_req *req, int64_t id)
{
	struct db_course_access	acc;
	struct lesson		l;
	enum gstatus		s;

	s = db_lesson_get(req->db, id, req->viewer.user_id, &l, &acc);
	if (s != G_OK)
		return s;
	req->out = lesson_to_json(&l);
	lesson_release(&l);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

enum gstatus
route_course_lessons_list(struct srv_req *req)
{
	struct db_course_access	 acc;
	struct lesson		*items;
	json_t			*arr;
	enum gstatus		 s;
	size_t			 i, n;
	int			 open;

	s = course_param(req, &acc);
	if (s != G_OK)
		return s;
	s = db_lessons_list(req->db, acc.course_id, req->viewer.user_id,
	    &items, &n);
	if (s != G_OK)
		return s;
	open = acc.owned || catalog_can_edit(req, acc.instructor_id);
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++) {
		items[i].locked = !(items[i].preview || open);
		if (json_array_append_new(arr, lesson_to_json(&items[i])) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	db_lessons_free(items, n);
	if (arr == NULL)
		return G_INTERNAL;
	req->out = page_to_json(arr, NULL, 0);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

enum gstatus
route_course_lessons_create(struct srv_req *req)
{
	struct db_course_access	 acc;
	struct db_lesson_write	 w;
	json_t			*in;
	enum gstatus		 s;
	int64_t			 id;

	s = course_param(req, &acc);
	if (s != G_OK)
		return s;
	if (!catalog_can_edit(req, acc.instructor_id))
		return srv_fail(req, G_FORBIDDEN, "only the course's instructor "
		    "or an operator adds lessons");
	s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	lesson_fields(req, in, 1, acc.lesson_count + 1, &w);
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	if (acc.lesson_count >= LESSONS_PER_COURSE) {
		json_decref(in);
		return srv_fail(req, G_CONFLICT, "a course has at most %d "
		    "lessons", LESSONS_PER_COURSE);
	}
	if (db_begin(req->db) != 0) {
		json_decref(in);
		return srv_fail(req, G_UNAVAILABLE, "the database is busy; "
		    "try again");
	}
	s = db_lesson_insert(req->db, acc.course_id, &w, req->now, &id);
	json_decref(in);
	if (s == G_OK && db_commit(req->db) != 0)
		s = G_INTERNAL;
	if (s != G_OK) {
		db_rollback(req->db);
		return s;
	}
	s = lesson_answer(req, id);
	return s == G_OK ? G_CREATED : s;
}

enum gstatus
route_lessons_get(struct srv_req *req)
{
	struct db_course_access	acc;
	struct lesson		l;
	enum gstatus		s;

	s = lesson_param(req, &l, &acc);
	if (s != G_OK)
		return s;
	if (!l.preview && !acc.owned &&
	    !catalog_can_edit(req, acc.instructor_id)) {
		lesson_release(&l);
		return srv_fail(req, G_FORBIDDEN, "buy the course to read this "
		    "lesson (POST /api/v1/orders with course_id %lld)",
		    (long long)acc.course_id);
	}
	req->out = lesson_to_json(&l);
	lesson_release(&l);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

enum gstatus
route_lessons_patch(struct srv_req *req)
{
	struct db_course_access	 acc;
	struct db_lesson_write	 w;
	struct lesson		 l;
	json_t			*in;
	enum gstatus		 s;
	int64_t			 id;

	s = lesson_param(req, &l, &acc);
	if (s != G_OK)
		return s;
	id = l.id;
	lesson_release(&l);
	if (!catalog_can_edit(req, acc.instructor_id))
		return srv_fail(req, G_FORBIDDEN, "only the course's instructor "
		    "or an operator edits its lessons");
	s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	lesson_fields(req, in, 0, acc.lesson_count, &w);
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	if (db_begin(req->db) != 0) {
		json_decref(in);
		return srv_fail(req, G_UNAVAILABLE, "the database is busy; "
		    "try again");
	}
	s = db_lesson_update(req->db, id, acc.course_id, &w, req->now);
	json_decref(in);
	if (s == G_OK && db_commit(req->db) != 0)
		s = G_INTERNAL;
	if (s != G_OK) {
		db_rollback(req->db);
		return s;
	}
	return lesson_answer(req, id);
}

enum gstatus
route_lessons_delete(struct srv_req *req)
{
	struct db_course_access	acc;
	struct lesson		l;
	enum gstatus		s;
	int64_t			id;

	s = lesson_param(req, &l, &acc);
	if (s != G_OK)
		return s;
	id = l.id;
	lesson_release(&l);
	if (!catalog_can_edit(req, acc.instructor_id))
		return srv_fail(req, G_FORBIDDEN, "only the course's instructor "
		    "or an operator deletes its lessons");
	if (db_begin(req->db) != 0)
		return srv_fail(req, G_UNAVAILABLE, "the database is busy; "
		    "try again");
	s = db_lesson_delete(req->db, id, acc.course_id, req->now);
	if (s == G_OK && db_commit(req->db) != 0)
		s = G_INTERNAL;
	if (s != G_OK) {
		db_rollback(req->db);
		return s;
	}
	return G_NO_CONTENT;
}

enum gstatus
route_lessons_complete(struct srv_req *req)
{
	struct db_course_access	acc;
	struct completion	c;
	struct srv_event	ev;
	struct lesson		l;
	enum gstatus		s;
	int			created = 0;

	s = lesson_param(req, &l, &acc);
	if (s != G_OK)
		return s;
	if (!acc.owned) {
		lesson_release(&l);
		return srv_fail(req, G_FORBIDDEN, "only members enrolled in the "
		    "course mark its lessons complete");
	}
	if (db_begin(req->db) != 0) {
		lesson_release(&l);
		return srv_fail(req, G_UNAVAILABLE, "the database is busy; "
		    "try again");
	}
	s = db_lesson_complete(req->db, req->viewer.user_id, l.id,
	    acc.course_id, req->now, &created, &c);
	if (s != G_OK)
		memset(&c, 0, sizeof c);
	if (s == G_OK && created) {
		memset(&ev, 0, sizeof ev);
		ev.kind = EV_LESSON_COMPLETED;
		ev.actor_id = req->viewer.user_id;
		ev.subject_type = "lesson";
		ev.subject_id = l.id;
		ev.at = req->now;
		if (srv_event_emit(req->db, &ev) != 0)
			s = G_INTERNAL;
	}
	lesson_release(&l);
	if (s == G_OK && db_commit(req->db) != 0)
		s = G_INTERNAL;
	if (s != G_OK) {
		db_rollback(req->db);
		completion_release(&c);
		return s;
	}
	req->out = completion_to_json(&c);
	completion_release(&c);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

/*
 * The Q&A tables: questions (listed newest, by votes or unanswered,
 * overall or per tag, each order on its own index), answers (accepted
 * first, then by score), votes and tags. Scores and counts are kept by
 * the triggers of migration 4; the search index by search_index_*.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "db.h"
#include "posts.h"

/*
 * The columns of a question; ?1 is the viewer's id for `my_vote`. Tags
 * come back as a JSON array built by SQLite. Column 13 is the sort key
 * in lists and the body in a single read.
 */
#define QUESTION_COLUMNS \
	"q.id, q.title, q.author_id, u.username, u.display_name, q.score," \
	" q.answer_count, q.accepted_answer_id, q.views," \
	" coalesce((SELECT v.value FROM question_votes v" \
	"   WHERE v.question_id = q.id AND v.user_id = ?1), 0)," \
	" q.created_at, q.edited_at," \
	" (SELECT json_group_array(tag) FROM (SELECT t.tag" \
	"   FROM question_tags t WHERE t.question_id = q.id ORDER BY t.tag))"

/* An answer's columns; ?1 is the viewer's id. */
#define ANSWER_COLUMNS \
	"a.id, a.question_id, a.author_id, u.username, u.display_name," \
	" a.body, a.score," \
	" coalesce(a.id = (SELECT q.accepted_answer_id FROM questions q" \
	"   WHERE q.id = a.question_id), 0) AS accepted," \
	" coalesce((SELECT v.value FROM answer_votes v" \
	"   WHERE v.answer_id = a.id AND v.user_id = ?1), 0)," \
	" a.created_at, a.edited_at"
#define ANSWER_FROM " FROM answers a JOIN users u ON u.id = a.author_id"

/* ---- questions ---------------------------------------------------------- */

void
db_questions_free(struct question *items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		question_release(&items[i]);
	free(items);
}

/* Decodes the tags column (a JSON array of strings) into q. 0 or -1. */
static int
tags_from_column(sqlite3_stmt *st, int col, struct question *q)
{
	const char	*s = (const char *)sqlite3_column_text(st, col);
	json_t		*arr;
	size_t		 i, n;
	int		 rc = 0;

	if (s == NULL)
		return 0;
	arr = json_loads(s, 0, NULL);
	if (!json_is_array(arr)) {
		json_decref(arr);
		return -1;
	}
	n = json_array_size(arr);
	if (n > 0) {
		q->tags = calloc(n, sizeof *q->tags);
		if (q->tags == NULL)
			rc = -1;
	}
	for (i = 0; rc == 0 && i < n; i++) {
		const char *t = json_string_value(json_array_get(arr, i));

		if (t == NULL)
			continue;
		q->tags[q->ntags] = strdup(t);
		if (q->tags[q->ntags] == NULL)
			rc = -1;
		else
			q->ntags++;
	}
	json_decref(arr);
	return rc;
}

/* Fills q from a QUESTION_COLUMNS row; the body (column 13) with detail. */
static enum gstatus
question_from_row(sqlite3_stmt *st, struct question *q, int detail)
{
	memset(q, 0, sizeof *q);
	q->id = sqlite3_column_int64(st, 0);
	q->score = sqlite3_column_int64(st, 5);
	q->answer_count = sqlite3_column_int64(st, 6);
	q->accepted_answer_id = sqlite3_column_int64(st, 7);
	q->views = sqlite3_column_int64(st, 8);
	q->my_vote = sqlite3_column_int(st, 9);
	if (db_col_text(st, 1, &q->title) != 0 ||
	    post_col_author(st, 2, &q->author) != 0 ||
	    db_col_time(st, 10, &q->created_at) != 0 ||
	    db_col_time(st, 11, &q->edited_at) != 0 ||
	    tags_from_column(st, 12, q) != 0 ||
	    (detail && db_col_text(st, 13, &q->body) != 0)) {
		question_release(q);
		return G_INTERNAL;
	}
	return G_OK;
}

enum gstatus
db_question_list(sqlite3 *db, const struct db_question_query *q,
    struct question **items, size_t *n, int *has_more, int64_t *last_key)
{
	sqlite3_stmt	*st;
	const char	*key, *filter;
	char		 sql[1280];
	enum gstatus	 s = G_OK;
	int		 rc = SQLITE_DONE;

	*items = NULL;
	*n = 0;
	*has_more = 0;
	if (q->limit <= 0)
		return G_OK;
	/*
	 * Each order walks one index: questions_newest, _votes or
	 * _unanswered, or their question_tags twins under a tag, which
	 * carry copies of the sort keys for that purpose.
	 */
	key = q->sort == POST_SORT_VOTES ? "score" : "created_at";
	filter = q->sort == POST_SORT_UNANSWERED ? "answer_count = 0 AND" : "";
	if (q->tag != NULL)
		snprintf(sql, sizeof sql, "SELECT " QUESTION_COLUMNS
		    ", qt.%s FROM question_tags qt"
		    " JOIN questions q ON q.id = qt.question_id"
		    " JOIN users u ON u.id = q.author_id"
		    " WHERE qt.tag = ?5 AND %s%s (qt.%s, qt.question_id) <"
		    " (?2, ?3) ORDER BY qt.%s DESC, qt.question_id DESC"
		    " LIMIT ?4", key, *filter != '\0' ? "qt." : "", filter,
		    key, key);
	else
		snprintf(sql, sizeof sql, "SELECT " QUESTION_COLUMNS
		    ", q.%s FROM questions q JOIN users u ON u.id = q.author_id"
		    " WHERE %s%s (q.%s, q.id) < (?2, ?3)"
		    " ORDER BY q.%s DESC, q.id DESC LIMIT ?4", key,
		    *filter != '\0' ? "q." : "", filter, key, key);
	if (db_prepare(db, sql, &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, q->viewer_id);
	sqlite3_bind_int64(st, 2, q->has_after ? q->after[0] : INT64_MAX);
	sqlite3_bind_int64(st, 3, q->has_after ? q->after[1] : INT64_MAX);
	sqlite3_bind_int(st, 4, q->limit + 1);	/* one more: has_more */
	if (q->tag != NULL)
		sqlite3_bind_text(st, 5, q->tag, -1, SQLITE_STATIC);
	*items = calloc((size_t)q->limit, sizeof **items);
	if (*items == NULL) {
		sqlite3_finalize(st);
		return G_INTERNAL;
	}
	while (s == G_OK) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW || *n == (size_t)q->limit)
			break;
		s = question_from_row(st, &(*items)[*n], 0);
		if (s == G_OK) {
			*last_key = sqlite3_column_int64(st, 13);
			(*n)++;
		}
	}
	if (s == G_OK && rc == SQLITE_ROW) {
		*has_more = 1;
	} else if (s == G_OK && rc != SQLITE_DONE) {
		db_log(db, "question list");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	if (s != G_OK) {
		db_questions_free(*items, *n);
		*items = NULL;
		*n = 0;
	}
	return s;
}

static enum gstatus
answer_from_row(sqlite3_stmt *st, struct answer *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	a->question_id = sqlite3_column_int64(st, 1);
	a->score = sqlite3_column_int64(st, 6);
	a->accepted = sqlite3_column_int(st, 7);
	a->my_vote = sqlite3_column_int(st, 8);
	if (post_col_author(st, 2, &a->author) != 0 ||
	    db_col_text(st, 5, &a->body) != 0 ||
	    db_col_time(st, 9, &a->created_at) != 0 ||
	    db_col_time(st, 10, &a->edited_at) != 0) {
		answer_release(a);
		return G_INTERNAL;
	}
	return G_OK;
}

/* Reads the answers of q: accepted first, then by score, oldest first. */
static enum gstatus
answers_load(sqlite3 *db, int64_t viewer_id, struct question *q)
{
	sqlite3_stmt	*st;
	enum gstatus	 s = G_OK;
	size_t		 cap;
	int		 rc = SQLITE_DONE;

	cap = q->answer_count < POST_ANSWERS_MAX ?
	    (size_t)(q->answer_count > 0 ? q->answer_count : 0) :
	    POST_ANSWERS_MAX;
	if (cap == 0)
		return G_OK;
	q->answers = calloc(cap, sizeof *q->answers);
	if (q->answers == NULL)
		return G_INTERNAL;
	if (db_prepare(db, "SELECT " ANSWER_COLUMNS ANSWER_FROM
	    " WHERE a.question_id = ?2"
	    " ORDER BY accepted DESC, a.score DESC, a.id LIMIT ?3", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, viewer_id);
	sqlite3_bind_int64(st, 2, q->id);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)cap);
	while (s == G_OK && q->nanswers < cap) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		s = answer_from_row(st, &q->answers[q->nanswers]);
		if (s == G_OK)
			q->nanswers++;
	}
	if (s == G_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_log(db, "answer list");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	return s;
}

enum gstatus
db_question_get(sqlite3 *db, int64_t id, int64_t viewer_id, int with_answers,
    struct question *out)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;
	int		 rc;

	memset(out, 0, sizeof *out);
	if (db_prepare(db, "SELECT " QUESTION_COLUMNS ", q.body"
	    " FROM questions q JOIN users u ON u.id = q.author_id"
	    " WHERE q.id = ?2", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, viewer_id);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s = question_from_row(st, out, 1);
	} else if (rc == SQLITE_DONE) {
		s = G_NOT_FOUND;
	} else {
		db_log(db, "question get");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	if (s == G_OK && with_answers) {
		s = answers_load(db, viewer_id, out);
		if (s != G_OK)
			question_release(out);
	}
	return s;
}

/* Gives question id the tags, with copies of its sort keys. */
static enum gstatus
tags_insert(sqlite3 *db, int64_t id, char tags[][POST_TAG_MAX + 1],
    size_t ntags)
{
	sqlite3_stmt	*st;
	size_t		 i;
	int		 rc = SQLITE_DONE;

	if (db_prepare(db, "INSERT INTO question_tags (question_id, tag,"
	    " created_at, score, answer_count)"
	    " SELECT id, ?2, created_at, score, answer_count FROM questions"
	    " WHERE id = ?1", &st) != 0)
		return G_INTERNAL;
	for (i = 0; i < ntags && rc == SQLITE_DONE; i++) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, tags[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "question tags");
		return G_INTERNAL;
	}
	return G_OK;
}

enum gstatus
db_question_insert(sqlite3 *db, int64_t author_id, const char *title,
    const char *body, char tags[][POST_TAG_MAX + 1], size_t ntags,
    time_t now, int64_t *id)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;

	if (db_prepare(db, "INSERT INTO questions (author_id, title, body,"
	    " created_at) VALUES (?1, ?2, ?3, ?4)", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, author_id);
	sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
	s = post_step_done(db, st, "question insert");
	if (s != G_OK)
		return s;
	*id = sqlite3_last_insert_rowid(db);
	s = tags_insert(db, *id, tags, ntags);
	if (s == G_OK)
		s = search_index_put(db, POST_QUESTION, *id, title, body);
	return s;
}

enum gstatus
db_question_update(sqlite3 *db, int64_t id, const char *title,
    const char *body, char tags[][POST_TAG_MAX + 1], size_t ntags, time_t now)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;
	int		 rc;

	if (db_prepare(db, "UPDATE questions SET title = coalesce(?2, title),"
	    " body = coalesce(?3, body), edited_at = ?4 WHERE id = ?1",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	if (title != NULL)
		sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
	if (body != NULL)
		sqlite3_bind_text(st, 3, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
	s = post_step_done(db, st, "question update");
	if (s == G_OK && sqlite3_changes(db) == 0)
		return G_NOT_FOUND;
	if (s == G_OK && ntags > 0) {
		if (db_prepare(db, "DELETE FROM question_tags"
		    " WHERE question_id = ?1", &st) != 0)
			return G_INTERNAL;
		sqlite3_bind_int64(st, 1, id);
		s = post_step_done(db, st, "question tags");
		if (s == G_OK)
			s = tags_insert(db, id, tags, ntags);
	}
	if (s != G_OK || (title == NULL && body == NULL))
		return s;
	if (db_prepare(db, "SELECT title, body FROM questions WHERE id = ?1",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		s = search_index_put(db, POST_QUESTION, id,
		    (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1));
	else
		s = G_INTERNAL;
	sqlite3_finalize(st);
	return s;
}

enum gstatus
db_question_view(sqlite3 *db, int64_t id)
{
	sqlite3_stmt	*st;

	if (db_prepare(db, "UPDATE questions SET views = views + 1"
	    " WHERE id = ?1", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	return post_step_done(db, st, "question view");
}

enum gstatus
db_question_accept(sqlite3 *db, int64_t id, int64_t answer_id)
{
	sqlite3_stmt	*st;

	if (db_prepare(db, "UPDATE questions"
	    " SET accepted_answer_id = NULLIF(?2, 0) WHERE id = ?1", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, answer_id);
	return post_step_done(db, st, "accept");
}

/* ---- answers ------------------------------------------------------------ */

enum gstatus
db_answer_get(sqlite3 *db, int64_t id, int64_t viewer_id, struct answer *out)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;
	int		 rc;

	memset(out, 0, sizeof *out);
	if (db_prepare(db, "SELECT " ANSWER_COLUMNS ANSWER_FROM
	    " WHERE a.id = ?2", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, viewer_id);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s = answer_from_row(st, out);
	} else if (rc == SQLITE_DONE) {
		s = G_NOT_FOUND;
	} else {
		db_log(db, "answer get");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	return s;
}

enum gstatus
db_answer_insert(sqlite3 *db, int64_t question_id, int64_t author_id,
    const char *body, time_t now, int64_t *id)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;

	if (db_prepare(db, "INSERT INTO answers (question_id, author_id, body,"
	    " created_at) VALUES (?1, ?2, ?3, ?4)", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, question_id);
	sqlite3_bind_int64(st, 2, author_id);
	sqlite3_bind_text(st, 3, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
	s = post_step_done(db, st, "answer insert");
	if (s == G_OK)
		*id = sqlite3_last_insert_rowid(db);
	return s;
}

enum gstatus
db_answer_update(sqlite3 *db, int64_t id, const char *body, time_t now)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;

	if (db_prepare(db, "UPDATE answers SET body = ?2, edited_at = ?3"
	    " WHERE id = ?1", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
	s = post_step_done(db, st, "answer update");
	if (s == G_OK && sqlite3_changes(db) == 0)
		return G_NOT_FOUND;
	return s;
}

enum gstatus
db_answer_delete(sqlite3 *db, int64_t id)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;

	if (db_prepare(db, "DELETE FROM answers WHERE id = ?1", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	s = post_step_done(db, st, "answer delete");
	if (s == G_OK && sqlite3_changes(db) == 0)
		return G_NOT_FOUND;
	return s;
}

/* ---- votes -------------------------------------------------------------- */

enum gstatus
db_vote_set(sqlite3 *db, enum post_kind kind, int64_t id, int64_t user_id,
    int value, time_t now, int *old, int64_t *score)
{
	/* [answer?][get, insert, update, delete, score] */
	static const char *const vote_sql[2][5] = {
		{ "SELECT value FROM question_votes WHERE question_id = ?1"
		  " AND user_id = ?2",
		  "INSERT INTO question_votes (question_id, user_id, value,"
		  " created_at) VALUES (?1, ?2, ?3, ?4)",
		  "UPDATE question_votes SET value = ?3, created_at = ?4"
		  " WHERE question_id = ?1 AND user_id = ?2",
		  "DELETE FROM question_votes WHERE question_id = ?1"
		  " AND user_id = ?2",
		  "SELECT score FROM questions WHERE id = ?1" },
		{ "SELECT value FROM answer_votes WHERE answer_id = ?1"
		  " AND user_id = ?2",
		  "INSERT INTO answer_votes (answer_id, user_id, value,"
		  " created_at) VALUES (?1, ?2, ?3, ?4)",
		  "UPDATE answer_votes SET value = ?3, created_at = ?4"
		  " WHERE answer_id = ?1 AND user_id = ?2",
		  "DELETE FROM answer_votes WHERE answer_id = ?1"
		  " AND user_id = ?2",
		  "SELECT score FROM answers WHERE id = ?1" },
	};
	const char *const	*sql = vote_sql[kind == POST_ANSWER];
	sqlite3_stmt		*st;
	enum gstatus		 s = G_OK;
	int			 rc, op = -1;

	*old = 0;
	*score = 0;
	if (db_prepare(db, sql[0], &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*old = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "vote get");
		return G_INTERNAL;
	}
	if (value == 0 && *old != 0)
		op = 3;
	else if (value != 0 && *old == 0)
		op = 1;
	else if (value != 0 && *old != value)
		op = 2;
	if (op > 0) {
		if (db_prepare(db, sql[op], &st) != 0)
			return G_INTERNAL;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, user_id);
		if (op != 3) {
			sqlite3_bind_int(st, 3, value);
			sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
		}
		s = post_step_done(db, st, "vote");
		if (s != G_OK)
			return s;
	}
	if (db_prepare(db, sql[4], &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*score = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? G_OK : G_NOT_FOUND;
}

/* ---- tags --------------------------------------------------------------- */

void
db_tags_free(struct tag_count *items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		tag_count_release(&items[i]);
	free(items);
}

enum gstatus
db_tag_list(sqlite3 *db, int64_t after_count, const char *after_name,
    int limit, struct tag_count **items, size_t *n, int *has_more)
{
	sqlite3_stmt	*st;
	enum gstatus	 s = G_OK;
	int		 rc = SQLITE_DONE;

	*items = NULL;
	*n = 0;
	*has_more = 0;
	if (limit <= 0)
		return G_OK;
	if (db_prepare(db, "SELECT name, question_count FROM tags"
	    " WHERE question_count > 0 AND (?1 IS NULL"
	    "   OR question_count < ?2"
	    "   OR (question_count = ?2 AND name > ?1))"
	    " ORDER BY question_count DESC, name LIMIT ?3", &st) != 0)
		return G_INTERNAL;
	if (after_name != NULL)
		sqlite3_bind_text(st, 1, after_name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, after_count);
	sqlite3_bind_int(st, 3, limit + 1);
	*items = calloc((size_t)limit, sizeof **items);
	if (*items == NULL) {
		sqlite3_finalize(st);
		return G_INTERNAL;
	}
	while (s == G_OK) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW || *n == (size_t)limit)
			break;
		(*items)[*n].count = sqlite3_column_int64(st, 1);
		if (db_col_text(st, 0, &(*items)[*n].name) != 0)
			s = G_INTERNAL;
		else
			(*n)++;
	}
	if (s == G_OK && rc == SQLITE_ROW) {
		*has_more = 1;
	} else if (s == G_OK && rc != SQLITE_DONE) {
		db_log(db, "tag list");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	if (s != G_OK) {
		db_tags_free(*items, *n);
		*items = NULL;
		*n = 0;
	}
	return s;
}

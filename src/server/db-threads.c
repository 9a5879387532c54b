/*
 * The discussion tables: categories, threads (listed pinned first, by
 * last activity or likes, keyset-paginated on an index per order),
 * replies in the order they were written, and likes. Counters are kept
 * by the triggers of migration 4; the search index by search_index_*.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "posts.h"

/*
 * The columns of a thread; ?1 is the viewer's id for `liked`. Column 14
 * is the sort key in lists and the body in a single read.
 */
#define THREAD_COLUMNS \
	"t.id, t.category_id, t.title, t.author_id, u.username," \
	" u.display_name, t.pinned, t.locked, t.reply_count, t.like_count," \
	" EXISTS (SELECT 1 FROM thread_likes l" \
	"   WHERE l.thread_id = t.id AND l.user_id = ?1)," \
	" t.last_activity_at, t.created_at, t.edited_at"
#define THREAD_FROM " FROM threads t JOIN users u ON u.id = t.author_id"

/* A reply's columns; a deleted reply's body is never sent. */
#define REPLY_COLUMNS \
	"r.id, r.thread_id, r.reply_to, r.author_id, u.username," \
	" u.display_name," \
	" CASE WHEN r.deleted_at IS NULL THEN r.body ELSE '' END," \
	" r.like_count, EXISTS (SELECT 1 FROM reply_likes l" \
	"   WHERE l.reply_id = r.id AND l.user_id = ?1)," \
	" r.created_at, r.edited_at, r.deleted_at IS NOT NULL"
#define REPLY_FROM " FROM replies r JOIN users u ON u.id = r.author_id"

/* ---- categories --------------------------------------------------------- */

void
db_categories_free(struct category *items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		category_release(&items[i]);
	free(items);
}

enum gstatus
db_category_list(sqlite3 *db, struct category **items, size_t *n)
{
	sqlite3_stmt	*st;
	struct category	*c, *grown;
	size_t		 cap = 0;
	int		 rc;

	*items = NULL;
	*n = 0;
	if (db_prepare(db, "SELECT c.id, c.slug, c.name, c.description,"
	    " c.course_id, (SELECT count(*) FROM threads t"
	    "   WHERE t.category_id = c.id)"
	    " FROM categories c ORDER BY c.position, c.id", &st) != 0)
		return G_INTERNAL;
	for (;;) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		if (*n == cap) {
			cap = cap > 0 ? cap * 2 : 16;
			grown = realloc(*items, cap * sizeof **items);
			if (grown == NULL)
				break;
			*items = grown;
		}
		c = &(*items)[*n];
		memset(c, 0, sizeof *c);
		c->id = sqlite3_column_int64(st, 0);
		c->course_id = sqlite3_column_int64(st, 4);
		c->thread_count = sqlite3_column_int64(st, 5);
		(*n)++;
		if (db_col_text(st, 1, &c->slug) != 0 ||
		    db_col_text(st, 2, &c->name) != 0 ||
		    db_col_text(st, 3, &c->description) != 0)
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "category list");
		db_categories_free(*items, *n);
		*items = NULL;
		*n = 0;
		return G_INTERNAL;
	}
	return G_OK;
}

enum gstatus
db_category_find(sqlite3 *db, const char *key, int64_t *id)
{
	sqlite3_stmt	*st;
	int64_t		 num;
	int		 rc;

	if (db_prepare(db, "SELECT id FROM categories WHERE id = ?1 OR"
	    " slug = ?2", &st) != 0)
		return G_INTERNAL;
	if (parse_int64(key, 1, INT64_MAX, &num) == 0)
		sqlite3_bind_int64(st, 1, num);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return G_OK;
	if (rc == SQLITE_DONE)
		return G_NOT_FOUND;
	db_log(db, "category find");
	return G_INTERNAL;
}

/* ---- threads ------------------------------------------------------------ */

void
db_threads_free(struct thread *items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		thread_release(&items[i]);
	free(items);
}

/* Fills t from a THREAD_COLUMNS row; the body (column 14) with detail. */
static enum gstatus
thread_from_row(sqlite3_stmt *st, struct thread *t, int detail)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(st, 0);
	t->category_id = sqlite3_column_int64(st, 1);
	t->pinned = sqlite3_column_int(st, 6);
	t->locked = sqlite3_column_int(st, 7);
	t->reply_count = sqlite3_column_int64(st, 8);
	t->like_count = sqlite3_column_int64(st, 9);
	t->liked = sqlite3_column_int(st, 10);
	if (db_col_text(st, 2, &t->title) != 0 ||
	    post_col_author(st, 3, &t->author) != 0 ||
	    db_col_time(st, 11, &t->last_activity_at) != 0 ||
	    db_col_time(st, 12, &t->created_at) != 0 ||
	    db_col_time(st, 13, &t->edited_at) != 0 ||
	    (detail && db_col_text(st, 14, &t->body) != 0)) {
		thread_release(t);
		return G_INTERNAL;
	}
	return G_OK;
}

enum gstatus
db_thread_list(sqlite3 *db, const struct db_thread_query *q,
    struct thread **items, size_t *n, int *has_more, int64_t last[3])
{
	sqlite3_stmt	*st;
	const char	*key;
	char		 sql[1024];
	enum gstatus	 s = G_OK;
	int		 rc = SQLITE_DONE;

	*items = NULL;
	*n = 0;
	*has_more = 0;
	if (q->limit <= 0)
		return G_OK;
	/*
	 * The row-value comparison and the order follow one index
	 * (threads_latest, threads_top or their per-category twins), so a
	 * page costs the same however deep it is.
	 */
	key = q->sort == POST_SORT_TOP ? "t.like_count" : "t.last_activity_at";
	snprintf(sql, sizeof sql, "SELECT " THREAD_COLUMNS ", %s" THREAD_FROM
	    " WHERE %s (t.pinned, %s, t.id) < (?2, ?3, ?4)"
	    " ORDER BY t.pinned DESC, %s DESC, t.id DESC LIMIT ?5", key,
	    q->category_id != 0 ? "t.category_id = ?6 AND" : "", key, key);
	if (db_prepare(db, sql, &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, q->viewer_id);
	sqlite3_bind_int64(st, 2, q->has_after ? q->after[0] : 2);
	sqlite3_bind_int64(st, 3, q->has_after ? q->after[1] : INT64_MAX);
	sqlite3_bind_int64(st, 4, q->has_after ? q->after[2] : INT64_MAX);
	sqlite3_bind_int(st, 5, q->limit + 1);	/* one more: has_more */
	if (q->category_id != 0)
		sqlite3_bind_int64(st, 6, q->category_id);
	*items = calloc((size_t)q->limit, sizeof **items);
	if (*items == NULL) {
		sqlite3_finalize(st);
		return G_INTERNAL;
	}
	while (s == G_OK) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW || *n == (size_t)q->limit)
			break;
		s = thread_from_row(st, &(*items)[*n], 0);
		if (s == G_OK) {
			last[0] = sqlite3_column_int64(st, 6);
			last[1] = sqlite3_column_int64(st, 14);
			last[2] = sqlite3_column_int64(st, 0);
			(*n)++;
		}
	}
	if (s == G_OK && rc == SQLITE_ROW) {
		*has_more = 1;
	} else if (s == G_OK && rc != SQLITE_DONE) {
		db_log(db, "thread list");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	if (s != G_OK) {
		db_threads_free(*items, *n);
		*items = NULL;
		*n = 0;
	}
	return s;
}

enum gstatus
db_thread_get(sqlite3 *db, int64_t id, int64_t viewer_id, struct thread *out)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;
	int		 rc;

	memset(out, 0, sizeof *out);
	if (db_prepare(db, "SELECT " THREAD_COLUMNS ", t.body" THREAD_FROM
	    " WHERE t.id = ?2", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, viewer_id);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s = thread_from_row(st, out, 1);
	} else if (rc == SQLITE_DONE) {
		s = G_NOT_FOUND;
	} else {
		db_log(db, "thread get");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	return s;
}

enum gstatus
db_thread_insert(sqlite3 *db, int64_t category_id, int64_t author_id,
    const char *title, const char *body, time_t now, int64_t *id)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;

	if (db_prepare(db, "INSERT INTO threads (category_id, author_id,"
	    " title, body, last_activity_at, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?5)", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, category_id);
	sqlite3_bind_int64(st, 2, author_id);
	sqlite3_bind_text(st, 3, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)now);
	s = post_step_done(db, st, "thread insert");
	if (s != G_OK)
		return s;
	*id = sqlite3_last_insert_rowid(db);
	return search_index_put(db, POST_THREAD, *id, title, body);
}

/* Re-indexes thread or question id from its stored title and body. */
static enum gstatus
reindex(sqlite3 *db, enum post_kind kind, int64_t id)
{
	sqlite3_stmt	*st;
	enum gstatus	 s = G_NOT_FOUND;
	int		 rc;

	if (db_prepare(db, kind == POST_THREAD ?
	    "SELECT title, body FROM threads WHERE id = ?1" :
	    "SELECT title, body FROM questions WHERE id = ?1", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		s = search_index_put(db, kind, id,
		    (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1));
	else if (rc != SQLITE_DONE)
		s = G_INTERNAL;
	sqlite3_finalize(st);
	return s;
}

enum gstatus
db_thread_update(sqlite3 *db, int64_t id, const struct db_thread_edit *e,
    time_t now)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;

	if (db_prepare(db, "UPDATE threads SET"
	    " title = coalesce(?2, title), body = coalesce(?3, body),"
	    " pinned = CASE WHEN ?4 THEN ?5 ELSE pinned END,"
	    " locked = CASE WHEN ?6 THEN ?7 ELSE locked END,"
	    " edited_at = CASE WHEN ?2 IS NULL AND ?3 IS NULL THEN edited_at"
	    "   ELSE ?8 END"
	    " WHERE id = ?1", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	if (e->title != NULL)
		sqlite3_bind_text(st, 2, e->title, -1, SQLITE_STATIC);
	if (e->body != NULL)
		sqlite3_bind_text(st, 3, e->body, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, e->set_pinned);
	sqlite3_bind_int(st, 5, e->pinned != 0);
	sqlite3_bind_int(st, 6, e->set_locked);
	sqlite3_bind_int(st, 7, e->locked != 0);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)now);
	s = post_step_done(db, st, "thread update");
	if (s == G_OK && sqlite3_changes(db) == 0)
		return G_NOT_FOUND;
	if (s == G_OK && (e->title != NULL || e->body != NULL))
		s = reindex(db, POST_THREAD, id);
	return s;
}

enum gstatus
db_thread_delete(sqlite3 *db, int64_t id)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;

	if (db_prepare(db, "DELETE FROM threads WHERE id = ?1", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	s = post_step_done(db, st, "thread delete");
	if (s == G_OK && sqlite3_changes(db) == 0)
		return G_NOT_FOUND;
	if (s == G_OK)
		s = search_index_delete(db, POST_THREAD, id);
	return s;
}

/* ---- replies ------------------------------------------------------------ */

void
db_replies_free(struct reply *items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		reply_release(&items[i]);
	free(items);
}

static enum gstatus
reply_from_row(sqlite3_stmt *st, struct reply *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->thread_id = sqlite3_column_int64(st, 1);
	r->reply_to = sqlite3_column_int64(st, 2);
	r->like_count = sqlite3_column_int64(st, 7);
	r->liked = sqlite3_column_int(st, 8);
	r->deleted = sqlite3_column_int(st, 11);
	if (post_col_author(st, 3, &r->author) != 0 ||
	    db_col_text(st, 6, &r->body) != 0 ||
	    db_col_time(st, 9, &r->created_at) != 0 ||
	    db_col_time(st, 10, &r->edited_at) != 0) {
		reply_release(r);
		return G_INTERNAL;
	}
	return G_OK;
}

enum gstatus
db_reply_list(sqlite3 *db, int64_t thread_id, int64_t viewer_id,
    int64_t after_id, int limit, struct reply **items, size_t *n,
    int *has_more)
{
	sqlite3_stmt	*st;
	enum gstatus	 s = G_OK;
	int		 rc = SQLITE_DONE;

	*items = NULL;
	*n = 0;
	*has_more = 0;
	if (limit <= 0)
		return G_OK;
	if (db_prepare(db, "SELECT " REPLY_COLUMNS REPLY_FROM
	    " WHERE r.thread_id = ?2 AND r.id > ?3 ORDER BY r.id LIMIT ?4",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, viewer_id);
	sqlite3_bind_int64(st, 2, thread_id);
	sqlite3_bind_int64(st, 3, after_id);
	sqlite3_bind_int(st, 4, limit + 1);
	*items = calloc((size_t)limit, sizeof **items);
	if (*items == NULL) {
		sqlite3_finalize(st);
		return G_INTERNAL;
	}
	while (s == G_OK) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW || *n == (size_t)limit)
			break;
		s = reply_from_row(st, &(*items)[*n]);
		if (s == G_OK)
			(*n)++;
	}
	if (s == G_OK && rc == SQLITE_ROW) {
		*has_more = 1;
	} else if (s == G_OK && rc != SQLITE_DONE) {
		db_log(db, "reply list");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	if (s != G_OK) {
		db_replies_free(*items, *n);
		*items = NULL;
		*n = 0;
	}
	return s;
}

enum gstatus
db_reply_get(sqlite3 *db, int64_t id, int64_t viewer_id, struct reply *out)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;
	int		 rc;

	memset(out, 0, sizeof *out);
	if (db_prepare(db, "SELECT " REPLY_COLUMNS REPLY_FROM
	    " WHERE r.id = ?2", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, viewer_id);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s = reply_from_row(st, out);
	} else if (rc == SQLITE_DONE) {
		s = G_NOT_FOUND;
	} else {
		db_log(db, "reply get");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	return s;
}

enum gstatus
db_reply_insert(sqlite3 *db, int64_t thread_id, int64_t author_id,
    int64_t reply_to, const char *body, time_t now, int64_t *id)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;

	if (db_prepare(db, "INSERT INTO replies (thread_id, author_id,"
	    " reply_to, body, created_at)"
	    " VALUES (?1, ?2, NULLIF(?3, 0), ?4, ?5)", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, thread_id);
	sqlite3_bind_int64(st, 2, author_id);
	sqlite3_bind_int64(st, 3, reply_to);
	sqlite3_bind_text(st, 4, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)now);
	s = post_step_done(db, st, "reply insert");
	if (s == G_OK)
		*id = sqlite3_last_insert_rowid(db);
	return s;
}

enum gstatus
db_reply_update(sqlite3 *db, int64_t id, const char *body, time_t now)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;

	if (db_prepare(db, "UPDATE replies SET body = ?2, edited_at = ?3"
	    " WHERE id = ?1 AND deleted_at IS NULL", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
	s = post_step_done(db, st, "reply update");
	if (s == G_OK && sqlite3_changes(db) == 0)
		return G_NOT_FOUND;
	return s;
}

enum gstatus
db_reply_delete(sqlite3 *db, int64_t id, time_t now)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;

	if (db_prepare(db, "UPDATE replies SET body = '', deleted_at = ?2"
	    " WHERE id = ?1 AND deleted_at IS NULL", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	s = post_step_done(db, st, "reply delete");
	if (s == G_OK && sqlite3_changes(db) == 0)
		return G_NOT_FOUND;
	return s;
}

/* ---- likes -------------------------------------------------------------- */

enum gstatus
db_like_set(sqlite3 *db, enum post_kind kind, int64_t id, int64_t user_id,
    int on, time_t now, int *changed, int64_t *like_count)
{
	static const char *const like_sql[2][2] = {
		{ "DELETE FROM thread_likes WHERE thread_id = ?1"
		  " AND user_id = ?2",
		  "INSERT OR IGNORE INTO thread_likes (thread_id, user_id,"
		  " created_at) VALUES (?1, ?2, ?3)" },
		{ "DELETE FROM reply_likes WHERE reply_id = ?1"
		  " AND user_id = ?2",
		  "INSERT OR IGNORE INTO reply_likes (reply_id, user_id,"
		  " created_at) VALUES (?1, ?2, ?3)" },
	};
	sqlite3_stmt	*st;
	enum gstatus	 s;
	int		 k = kind == POST_REPLY, rc;

	*changed = 0;
	*like_count = 0;
	if (db_prepare(db, like_sql[k][on != 0], &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, user_id);
	if (on)
		sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
	s = post_step_done(db, st, "like");
	if (s != G_OK)
		return s;
	*changed = sqlite3_changes(db) > 0;
	if (db_prepare(db, k ? "SELECT like_count FROM replies WHERE id = ?1" :
	    "SELECT like_count FROM threads WHERE id = ?1", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*like_count = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? G_OK : G_NOT_FOUND;
}

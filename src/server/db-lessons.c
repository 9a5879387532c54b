/* The lessons table: reading one lesson, writing and ordering lessons,
 * and lesson completions. */
#include <stdlib.h>
#include <string.h>

#include "db.h"

/* Positions are moved out of the way by this much while renumbering, so
 * UNIQUE (course_id, position) holds after every row update. */
#define LESSON_SHIFT	1000000

/* Runs a prepared write and finalizes it. G_OK or G_INTERNAL (logged). */
static enum gstatus
step_done(sqlite3 *db, sqlite3_stmt *st, const char *what)
{
	int	rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, what);
		return G_INTERNAL;
	}
	return G_OK;
}

/*
 * Adds delta (+1 or -1) to the positions from..to of course_id, in two
 * steps through LESSON_SHIFT so no two rows ever share a position.
 */
static enum gstatus
lessons_shift(sqlite3 *db, int64_t course_id, int from, int to, int delta)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;

	if (from > to)
		return G_OK;
	if (db_prepare(db, "UPDATE lessons SET position = position + ?4"
	    " WHERE course_id = ?1 AND position BETWEEN ?2 AND ?3", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_int(st, 2, from);
	sqlite3_bind_int(st, 3, to);
	sqlite3_bind_int(st, 4, LESSON_SHIFT);
	s = step_done(db, st, "lesson shift");
	if (s != G_OK)
		return s;
	if (db_prepare(db, "UPDATE lessons SET position = position - ?4"
	    " WHERE course_id = ?1 AND position BETWEEN ?2 AND ?3", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_int(st, 2, from + LESSON_SHIFT);
	sqlite3_bind_int(st, 3, to + LESSON_SHIFT);
	sqlite3_bind_int(st, 4, LESSON_SHIFT - delta);
	return step_done(db, st, "lesson shift");
}

/* Bumps the course's updated_at: its outline changed. */
static enum gstatus
course_touch(sqlite3 *db, int64_t course_id, time_t now)
{
	sqlite3_stmt	*st;

	if (db_prepare(db, "UPDATE courses SET updated_at = ?2 WHERE id = ?1",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	return step_done(db, st, "course touch");
}

/* Number of lessons in course_id into *n. */
static enum gstatus
lesson_count(sqlite3 *db, int64_t course_id, int *n)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, "SELECT count(*) FROM lessons WHERE course_id = ?1",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, course_id);
	rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? G_OK : G_INTERNAL;
}

enum gstatus
db_lesson_get(sqlite3 *db, int64_t id, int64_t viewer_id, struct lesson *out,
    struct db_course_access *acc)
{
	sqlite3_stmt	*st;
	int		 rc;
	enum gstatus	 s = G_OK;

	memset(out, 0, sizeof *out);
	memset(acc, 0, sizeof *acc);
	if (db_prepare(db, "SELECT l.id, l.course_id, l.position, l.title,"
	    " l.duration_min, l.preview, l.body,"
	    " EXISTS (SELECT 1 FROM lesson_completions lc"
	    "   WHERE lc.user_id = ?2 AND lc.lesson_id = l.id),"
	    " c.instructor_id, c.published,"
	    " EXISTS (SELECT 1 FROM enrollments e"
	    "   WHERE e.course_id = c.id AND e.user_id = ?2),"
	    " (SELECT count(*) FROM lessons x WHERE x.course_id = c.id)"
	    " FROM lessons l JOIN courses c ON c.id = l.course_id"
	    " WHERE l.id = ?1", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, viewer_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->course_id = sqlite3_column_int64(st, 1);
		out->position = sqlite3_column_int(st, 2);
		out->duration_min = sqlite3_column_int(st, 4);
		out->preview = sqlite3_column_int(st, 5);
		out->completed = sqlite3_column_int(st, 7);
		acc->course_id = out->course_id;
		acc->instructor_id = sqlite3_column_int64(st, 8);
		acc->published = sqlite3_column_int(st, 9);
		acc->owned = sqlite3_column_int(st, 10);
		acc->lesson_count = sqlite3_column_int(st, 11);
		if (db_col_text(st, 3, &out->title) != 0 ||
		    db_col_text(st, 6, &out->body) != 0) {
			lesson_release(out);
			s = G_INTERNAL;
		}
	} else if (rc == SQLITE_DONE) {
		s = G_NOT_FOUND;
	} else {
		db_log(db, "lesson get");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	return s;
}

enum gstatus
db_lesson_insert(sqlite3 *db, int64_t course_id,
    const struct db_lesson_write *w, time_t now, int64_t *id)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;
	int		 n, pos;

	s = lesson_count(db, course_id, &n);
	if (s != G_OK)
		return s;
	pos = w->position > 0 && w->position <= n ? w->position : n + 1;
	s = lessons_shift(db, course_id, pos, n, +1);
	if (s != G_OK)
		return s;
	if (db_prepare(db, "INSERT INTO lessons (course_id, position, title,"
	    " body, duration_min, preview) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_int(st, 2, pos);
	sqlite3_bind_text(st, 3, w->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, w->body != NULL ? w->body : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(st, 5, w->has_duration ? w->duration_min : 0);
	sqlite3_bind_int(st, 6, w->has_preview ? w->preview : 0);
	s = step_done(db, st, "lesson insert");
	if (s != G_OK)
		return s;
	*id = sqlite3_last_insert_rowid(db);
	return course_touch(db, course_id, now);
}

/* The position of lesson id into *pos. G_NOT_FOUND when there is none. */
static enum gstatus
lesson_position(sqlite3 *db, int64_t id, int *pos)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, "SELECT position FROM lessons WHERE id = ?1",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	*pos = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return G_OK;
	return rc == SQLITE_DONE ? G_NOT_FOUND : G_INTERNAL;
}

/* Moves lesson id of course_id from position from to position to. */
static enum gstatus
lesson_move(sqlite3 *db, int64_t id, int64_t course_id, int from, int to)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;

	if (from == to)
		return G_OK;
	if (db_prepare(db, "UPDATE lessons SET position = ?2 WHERE id = ?1",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, 2 * LESSON_SHIFT);	/* out of the way */
	s = step_done(db, st, "lesson move");
	if (s == G_OK)
		s = to < from ? lessons_shift(db, course_id, to, from - 1, +1) :
		    lessons_shift(db, course_id, from + 1, to, -1);
	if (s != G_OK)
		return s;
	if (db_prepare(db, "UPDATE lessons SET position = ?2 WHERE id = ?1",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, to);
	return step_done(db, st, "lesson move");
}

enum gstatus
db_lesson_update(sqlite3 *db, int64_t id, int64_t course_id,
    const struct db_lesson_write *w, time_t now)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;
	int		 from;

	s = lesson_position(db, id, &from);
	if (s == G_OK && w->position > 0)
		s = lesson_move(db, id, course_id, from, w->position);
	if (s != G_OK)
		return s;
	if (db_prepare(db, "UPDATE lessons SET title = coalesce(?2, title),"
	    " body = coalesce(?3, body),"
	    " duration_min = coalesce(?4, duration_min),"
	    " preview = coalesce(?5, preview) WHERE id = ?1", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	if (w->title != NULL)
		sqlite3_bind_text(st, 2, w->title, -1, SQLITE_STATIC);
	if (w->body != NULL)
		sqlite3_bind_text(st, 3, w->body, -1, SQLITE_STATIC);
	if (w->has_duration)
		sqlite3_bind_int(st, 4, w->duration_min);
	if (w->has_preview)
		sqlite3_bind_int(st, 5, w->preview);
	s = step_done(db, st, "lesson update");
	return s == G_OK ? course_touch(db, course_id, now) : s;
}

enum gstatus
db_lesson_delete(sqlite3 *db, int64_t id, int64_t course_id, time_t now)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;
	int		 pos, n;

	s = lesson_position(db, id, &pos);
	if (s != G_OK)
		return s;
	if (db_prepare(db, "DELETE FROM lessons WHERE id = ?1", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	s = step_done(db, st, "lesson delete");
	if (s == G_OK)
		s = lesson_count(db, course_id, &n);
	if (s == G_OK)
		s = lessons_shift(db, course_id, pos + 1, n + 1, -1);
	return s == G_OK ? course_touch(db, course_id, now) : s;
}

enum gstatus
db_lesson_complete(sqlite3 *db, int64_t user_id, int64_t lesson_id,
    int64_t course_id, time_t now, int *created, struct completion *out)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;
	int		 rc;

	memset(out, 0, sizeof *out);
	*created = 0;
	if (db_prepare(db, "INSERT OR IGNORE INTO lesson_completions (user_id,"
	    " lesson_id, course_id, completed_at) VALUES (?1, ?2, ?3, ?4)",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, lesson_id);
	sqlite3_bind_int64(st, 3, course_id);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
	s = step_done(db, st, "lesson completion");
	if (s != G_OK)
		return s;
	*created = sqlite3_changes(db) > 0;
	if (db_prepare(db, "SELECT (SELECT completed_at FROM lesson_completions"
	    "   WHERE user_id = ?1 AND lesson_id = ?2),"
	    " (SELECT count(*) FROM lesson_completions lc JOIN lessons l"
	    "   ON l.id = lc.lesson_id WHERE lc.user_id = ?1"
	    "   AND l.course_id = ?3),"
	    " (SELECT count(*) FROM lessons WHERE course_id = ?3)", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, lesson_id);
	sqlite3_bind_int64(st, 3, course_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->lesson_id = lesson_id;
		out->course_id = course_id;
		out->progress.completed = sqlite3_column_int(st, 1);
		out->progress.total = sqlite3_column_int(st, 2);
		if (db_col_time(st, 0, &out->completed_at) != 0)
			rc = SQLITE_NOMEM;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		completion_release(out);
		return G_INTERNAL;
	}
	return G_OK;
}

/* The catalog tables: course lists, course detail and lesson outlines. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "db.h"

/*
 * The columns of a course card; ?1 is the viewer's user id (0 when
 * anonymous) for `owned`. Tags come back as a JSON array built by
 * SQLite, so a page of courses is one query.
 */
#define COURSE_COLUMNS \
	"c.id, c.slug, c.title, c.summary, c.level, c.price_amount," \
	" c.currency, c.instructor_id, u.username, u.display_name," \
	" c.published, c.created_at, c.updated_at," \
	" (SELECT count(*) FROM lessons l WHERE l.course_id = c.id)," \
	" (SELECT count(*) FROM enrollments e WHERE e.course_id = c.id)," \
	" EXISTS (SELECT 1 FROM enrollments e" \
	"   WHERE e.course_id = c.id AND e.user_id = ?1)," \
	" (SELECT json_group_array(tag) FROM (SELECT tag FROM course_tags t" \
	"   WHERE t.course_id = c.id ORDER BY tag))," \
	" c.description"
#define COURSE_FROM " FROM courses c JOIN users u ON u.id = c.instructor_id"

/* Decodes the tags column (a JSON array of strings) into c. 0 or -1. */
static int
tags_from_column(sqlite3_stmt *st, int col, struct course *c)
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
		c->tags = calloc(n, sizeof *c->tags);
		if (c->tags == NULL)
			rc = -1;
	}
	for (i = 0; rc == 0 && i < n; i++) {
		const char *t = json_string_value(json_array_get(arr, i));

		if (t == NULL)
			continue;
		c->tags[c->ntags] = strdup(t);
		if (c->tags[c->ntags] == NULL)
			rc = -1;
		else
			c->ntags++;
	}
	json_decref(arr);
	return rc;
}

/*
 * Fills c from a row of COURSE_COLUMNS; the description only when
 * detail is set. G_OK or G_INTERNAL (out of memory).
 */
static enum gstatus
course_from_row(sqlite3_stmt *st, struct course *c, int detail)
{
	char	*level = NULL, *currency = NULL;
	int	 bad;

	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	c->price.amount = sqlite3_column_int64(st, 5);
	c->instructor_id = sqlite3_column_int64(st, 7);
	c->published = sqlite3_column_int(st, 10);
	c->lesson_count = sqlite3_column_int(st, 13);
	c->enrolled_count = sqlite3_column_int(st, 14);
	c->owned = sqlite3_column_int(st, 15);
	bad = db_col_text(st, 1, &c->slug) ||
	    db_col_text(st, 2, &c->title) ||
	    db_col_text(st, 3, &c->summary) ||
	    db_col_text(st, 4, &level) ||
	    db_col_text(st, 6, &currency) ||
	    db_col_text(st, 8, &c->instructor) ||
	    db_col_text(st, 9, &c->instructor_name) ||
	    db_col_time(st, 11, &c->created_at) ||
	    db_col_time(st, 12, &c->updated_at) ||
	    tags_from_column(st, 16, c) ||
	    (detail && db_col_text(st, 17, &c->description));
	if (!bad) {
		if (level_parse(level, &c->level) != 0)
			c->level = LEVEL_BEGINNER;
		if (currency != NULL && strlen(currency) == 3)
			memcpy(c->price.currency, currency, 4);
		else
			memcpy(c->price.currency, "CNY", 4);
	}
	free(level);
	free(currency);
	if (bad) {
		course_release(c);
		return G_INTERNAL;
	}
	return G_OK;
}

void
db_courses_free(struct course *items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		course_release(&items[i]);
	free(items);
}

enum gstatus
db_course_list(sqlite3 *db, const struct db_course_query *q,
    struct course **items, size_t *n, int *has_more, int64_t *last_created)
{
	sqlite3_stmt	*st;
	enum gstatus	 s = G_OK;
	int		 rc = SQLITE_DONE;

	*items = NULL;
	*n = 0;
	*has_more = 0;
	*last_created = 0;
	if (q->limit <= 0)
		return G_OK;
	if (db_prepare(db, "SELECT " COURSE_COLUMNS COURSE_FROM
	    " WHERE c.published = 1 AND (?2 IS NULL OR c.level = ?2)"
	    " AND (?3 IS NULL OR c.created_at < ?3"
	    "      OR (c.created_at = ?3 AND c.id < ?4))"
	    " ORDER BY c.created_at DESC, c.id DESC LIMIT ?5", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, q->viewer_id);
	if (q->has_level)
		sqlite3_bind_text(st, 2, level_name(q->level), -1,
		    SQLITE_STATIC);
	if (q->has_after) {
		sqlite3_bind_int64(st, 3, q->after_created);
		sqlite3_bind_int64(st, 4, q->after_id);
	}
	sqlite3_bind_int(st, 5, q->limit + 1);	/* one more: has_more */
	*items = calloc((size_t)q->limit, sizeof **items);
	if (*items == NULL) {
		sqlite3_finalize(st);
		return G_INTERNAL;
	}
	/* Up to limit rows, then one more step to learn whether more follow. */
	while (s == G_OK) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW || *n == (size_t)q->limit)
			break;
		s = course_from_row(st, &(*items)[*n], 0);
		if (s == G_OK) {
			*last_created = sqlite3_column_int64(st, 11);
			(*n)++;
		}
	}
	if (s == G_OK && rc == SQLITE_ROW)
		*has_more = 1;
	else if (s == G_OK && rc != SQLITE_DONE) {
		db_log(db, "course list");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	if (s != G_OK) {
		db_courses_free(*items, *n);
		*items = NULL;
		*n = 0;
	}
	return s;
}

/* Reads the lesson outline of course c (no bodies). */
static enum gstatus
lessons_load(sqlite3 *db, struct course *c)
{
	sqlite3_stmt	*st;
	struct lesson	*l;
	int		 rc;
	size_t		 cap = c->lesson_count > 0 ? (size_t)c->lesson_count : 0;

	if (cap == 0)
		return G_OK;
	c->lessons = calloc(cap, sizeof *c->lessons);
	if (c->lessons == NULL)
		return G_INTERNAL;
	if (db_prepare(db, "SELECT id, position, title, duration_min, preview"
	    " FROM lessons WHERE course_id = ?1 ORDER BY position", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, c->id);
	while (c->nlessons < cap) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		l = &c->lessons[c->nlessons];
		l->id = sqlite3_column_int64(st, 0);
		l->course_id = c->id;
		l->position = sqlite3_column_int(st, 1);
		l->duration_min = sqlite3_column_int(st, 3);
		l->preview = sqlite3_column_int(st, 4);
		if (db_col_text(st, 2, &l->title) != 0) {
			sqlite3_finalize(st);
			return G_INTERNAL;
		}
		c->nlessons++;
	}
	sqlite3_finalize(st);
	return G_OK;
}

enum gstatus
db_course_get(sqlite3 *db, int64_t id, const char *slug, int64_t viewer_id,
    struct course *out)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;
	int		 rc;

	memset(out, 0, sizeof *out);
	if (db_prepare(db, id > 0 ?
	    "SELECT " COURSE_COLUMNS COURSE_FROM " WHERE c.id = ?2" :
	    "SELECT " COURSE_COLUMNS COURSE_FROM " WHERE c.slug = ?2",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, viewer_id);
	if (id > 0)
		sqlite3_bind_int64(st, 2, id);
	else
		sqlite3_bind_text(st, 2, slug != NULL ? slug : "", -1,
		    SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s = course_from_row(st, out, 1);
	} else if (rc == SQLITE_DONE) {
		s = G_NOT_FOUND;
	} else {
		db_log(db, "course get");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	if (s == G_OK) {
		s = lessons_load(db, out);
		if (s != G_OK)
			course_release(out);
	}
	return s;
}

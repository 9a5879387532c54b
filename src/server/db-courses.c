/*
 * The catalog tables: course lists (search, filters, three sort orders),
 * course detail with lesson outlines, and writing courses.
 */
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

/* The enrolled count of c, the popularity sort key. */
#define COURSE_POPULARITY \
	"(SELECT count(*) FROM enrollments e WHERE e.course_id = c.id)"

/*
 * The filters every sort shares: ?2 level, ?6 LIKE pattern for the text
 * search, ?7 tag, ?8 price filter (0 any, 1 free, 2 paid); ?3 is NULL on
 * the first page.
 */
#define COURSE_FILTERS \
	" WHERE c.published = 1 AND (?2 IS NULL OR c.level = ?2)" \
	" AND (?6 IS NULL OR c.title LIKE ?6 ESCAPE '\\'" \
	"      OR c.summary LIKE ?6 ESCAPE '\\'" \
	"      OR c.description LIKE ?6 ESCAPE '\\'" \
	"      OR EXISTS (SELECT 1 FROM course_tags t WHERE t.course_id = c.id" \
	"                 AND t.tag LIKE ?6 ESCAPE '\\'))" \
	" AND (?7 IS NULL OR EXISTS (SELECT 1 FROM course_tags t" \
	"      WHERE t.course_id = c.id AND t.tag = ?7))" \
	" AND (?8 = 0 OR (?8 = 1 AND c.price_amount = 0)" \
	"      OR (?8 = 2 AND c.price_amount > 0))"

/* One statement per sort order: the keyset condition and the order. */
static const char *const course_list_sql[] = {
	[DB_SORT_NEWEST] = "SELECT " COURSE_COLUMNS COURSE_FROM COURSE_FILTERS
	    " AND (?3 IS NULL OR c.created_at < ?3"
	    "      OR (c.created_at = ?3 AND c.id < ?4))"
	    " ORDER BY c.created_at DESC, c.id DESC LIMIT ?5",
	[DB_SORT_POPULAR] = "SELECT " COURSE_COLUMNS COURSE_FROM COURSE_FILTERS
	    " AND (?3 IS NULL OR " COURSE_POPULARITY " < ?3"
	    "      OR (" COURSE_POPULARITY " = ?3 AND c.id < ?4))"
	    " ORDER BY " COURSE_POPULARITY " DESC, c.id DESC LIMIT ?5",
	[DB_SORT_PRICE] = "SELECT " COURSE_COLUMNS COURSE_FROM COURSE_FILTERS
	    " AND (?3 IS NULL OR c.price_amount > ?3"
	    "      OR (c.price_amount = ?3 AND c.id > ?4))"
	    " ORDER BY c.price_amount ASC, c.id ASC LIMIT ?5",
};

/* The column of COURSE_COLUMNS holding each sort's key. */
static const int course_sort_col[] = {
	[DB_SORT_NEWEST] = 11,
	[DB_SORT_POPULAR] = 14,
	[DB_SORT_PRICE] = 5,
};

/*
 * "%text%" for LIKE with \, % and _ escaped by backslashes. Returns a
 * string the caller frees, or NULL when memory runs out.
 */
static char *
like_pattern(const char *q)
{
	size_t	 len = strlen(q), o = 0;
	char	*p = malloc(len * 2 + 3);

	if (p == NULL)
		return NULL;
	p[o++] = '%';
	for (; *q != '\0'; q++) {
		if (*q == '\\' || *q == '%' || *q == '_')
			p[o++] = '\\';
		p[o++] = *q;
	}
	p[o++] = '%';
	p[o] = '\0';
	return p;
}

enum gstatus
db_course_list(sqlite3 *db, const struct db_course_query *q,
    struct course **items, size_t *n, int *has_more, int64_t *last_created)
{
	sqlite3_stmt	*st;
	enum gstatus	 s = G_OK;
	char		*like = NULL;
	int		 rc = SQLITE_DONE, sort;

	*items = NULL;
	*n = 0;
	*has_more = 0;
	*last_created = 0;
	if (q->limit <= 0)
		return G_OK;
	sort = (unsigned)q->sort < G_NELEM(course_list_sql) ? (int)q->sort :
	    DB_SORT_NEWEST;
	if (q->q != NULL) {
		like = like_pattern(q->q);
		if (like == NULL)
			return G_INTERNAL;
	}
	if (db_prepare(db, course_list_sql[sort], &st) != 0) {
		free(like);
		return G_INTERNAL;
	}
	sqlite3_bind_int64(st, 1, q->viewer_id);
	if (q->has_level)
		sqlite3_bind_text(st, 2, level_name(q->level), -1,
		    SQLITE_STATIC);
	if (q->has_after) {
		sqlite3_bind_int64(st, 3, q->after_created);
		sqlite3_bind_int64(st, 4, q->after_id);
	}
	sqlite3_bind_int(st, 5, q->limit + 1);	/* one more: has_more */
	if (like != NULL)
		sqlite3_bind_text(st, 6, like, -1, free);
	if (q->tag != NULL)
		sqlite3_bind_text(st, 7, q->tag, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 8, (int)q->price);
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
			*last_created = sqlite3_column_int64(st,
			    course_sort_col[sort]);
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

void
db_lessons_free(struct lesson *items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		lesson_release(&items[i]);
	free(items);
}

enum gstatus
db_lessons_list(sqlite3 *db, int64_t course_id, int64_t viewer_id,
    struct lesson **items, size_t *n)
{
	sqlite3_stmt	*st;
	struct lesson	*l, *grown;
	size_t		 cap = 0;
	int		 rc;

	*items = NULL;
	*n = 0;
	if (db_prepare(db, "SELECT id, position, title, duration_min, preview,"
	    " EXISTS (SELECT 1 FROM lesson_completions lc"
	    "   WHERE lc.user_id = ?2 AND lc.lesson_id = lessons.id)"
	    " FROM lessons WHERE course_id = ?1 ORDER BY position", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_int64(st, 2, viewer_id);
	for (;;) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		if (*n == cap) {
			cap = cap > 0 ? cap * 2 : 16;
			grown = realloc(*items, cap * sizeof **items);
			if (grown == NULL)
				goto fail;
			*items = grown;
		}
		l = &(*items)[*n];
		memset(l, 0, sizeof *l);
		l->id = sqlite3_column_int64(st, 0);
		l->course_id = course_id;
		l->position = sqlite3_column_int(st, 1);
		l->duration_min = sqlite3_column_int(st, 3);
		l->preview = sqlite3_column_int(st, 4);
		l->completed = sqlite3_column_int(st, 5);
		if (db_col_text(st, 2, &l->title) != 0)
			goto fail;
		(*n)++;
	}
	if (rc != SQLITE_DONE) {
		db_log(db, "lesson list");
		goto fail;
	}
	sqlite3_finalize(st);
	return G_OK;
fail:
	sqlite3_finalize(st);
	db_lessons_free(*items, *n);
	*items = NULL;
	*n = 0;
	return G_INTERNAL;
}

/* Reads the lesson outline of course c (no bodies). */
static enum gstatus
lessons_load(sqlite3 *db, struct course *c, int64_t viewer_id)
{
	return db_lessons_list(db, c->id, viewer_id, &c->lessons,
	    &c->nlessons);
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
		s = lessons_load(db, out, viewer_id);
		if (s != G_OK)
			course_release(out);
	}
	return s;
}

/* ---- writing courses ----------------------------------------------- */

/* Replaces the tags of course id with w's. The caller holds a transaction. */
static enum gstatus
course_tags_set(sqlite3 *db, int64_t id, const struct db_course_write *w)
{
	sqlite3_stmt	*del, *ins;
	size_t		 i;
	int		 rc = SQLITE_DONE;

	if (db_prepare(db, "DELETE FROM course_tags WHERE course_id = ?1",
	    &del) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(del, 1, id);
	rc = sqlite3_step(del);
	sqlite3_finalize(del);
	if (rc != SQLITE_DONE) {
		db_log(db, "course tags");
		return G_INTERNAL;
	}
	if (db_prepare(db, "INSERT OR IGNORE INTO course_tags (course_id, tag)"
	    " VALUES (?1, ?2)", &ins) != 0)
		return G_INTERNAL;
	for (i = 0; rc == SQLITE_DONE && i < w->ntags; i++) {
		sqlite3_bind_int64(ins, 1, id);
		sqlite3_bind_text(ins, 2, w->tags[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	if (rc != SQLITE_DONE) {
		db_log(db, "course tag");
		return G_INTERNAL;
	}
	return G_OK;
}

/* Maps a failed write step: a unique slug clash is G_CONFLICT. */
static enum gstatus
course_write_failed(sqlite3 *db, int rc, const char *what)
{
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return G_CONFLICT;
	db_log(db, what);
	return G_INTERNAL;
}

enum gstatus
db_course_insert(sqlite3 *db, const struct db_course_write *w, time_t now,
    int64_t *id)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, "INSERT INTO courses (slug, title, summary,"
	    " description, level, price_amount, currency, instructor_id,"
	    " published, created_at, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_text(st, 1, w->slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, w->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, w->summary != NULL ? w->summary : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 4, w->description != NULL ? w->description : "",
	    -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, level_name(w->level), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, w->has_price ? w->price_amount : 0);
	sqlite3_bind_text(st, 7, w->currency != NULL ? w->currency : "CNY", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, w->instructor_id);
	sqlite3_bind_int(st, 9, w->has_published ? w->published : 0);
	sqlite3_bind_int64(st, 10, (sqlite3_int64)now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return course_write_failed(db, rc, "course insert");
	*id = sqlite3_last_insert_rowid(db);
	return w->has_tags ? course_tags_set(db, *id, w) : G_OK;
}

enum gstatus
db_course_update(sqlite3 *db, int64_t id, const struct db_course_write *w,
    time_t now)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, "UPDATE courses SET slug = coalesce(?2, slug),"
	    " title = coalesce(?3, title), summary = coalesce(?4, summary),"
	    " description = coalesce(?5, description),"
	    " level = coalesce(?6, level),"
	    " price_amount = coalesce(?7, price_amount),"
	    " currency = coalesce(?8, currency),"
	    " published = coalesce(?9, published),"
	    " instructor_id = coalesce(?10, instructor_id),"
	    " updated_at = ?11 WHERE id = ?1", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	if (w->slug != NULL)
		sqlite3_bind_text(st, 2, w->slug, -1, SQLITE_STATIC);
	if (w->title != NULL)
		sqlite3_bind_text(st, 3, w->title, -1, SQLITE_STATIC);
	if (w->summary != NULL)
		sqlite3_bind_text(st, 4, w->summary, -1, SQLITE_STATIC);
	if (w->description != NULL)
		sqlite3_bind_text(st, 5, w->description, -1, SQLITE_STATIC);
	if (w->has_level)
		sqlite3_bind_text(st, 6, level_name(w->level), -1,
		    SQLITE_STATIC);
	if (w->has_price)
		sqlite3_bind_int64(st, 7, w->price_amount);
	if (w->currency != NULL)
		sqlite3_bind_text(st, 8, w->currency, -1, SQLITE_STATIC);
	if (w->has_published)
		sqlite3_bind_int(st, 9, w->published);
	if (w->instructor_id > 0)
		sqlite3_bind_int64(st, 10, w->instructor_id);
	sqlite3_bind_int64(st, 11, (sqlite3_int64)now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return course_write_failed(db, rc, "course update");
	if (sqlite3_changes(db) == 0)
		return G_NOT_FOUND;
	return w->has_tags ? course_tags_set(db, id, w) : G_OK;
}

enum gstatus
db_course_access(sqlite3 *db, int64_t id, const char *slug,
    int64_t viewer_id, struct db_course_access *out)
{
	sqlite3_stmt	*st;
	const char	*cur;
	int		 rc;

	memset(out, 0, sizeof *out);
	if (db_prepare(db, id > 0 ?
	    "SELECT c.id, c.instructor_id, c.published, EXISTS (SELECT 1"
	    " FROM enrollments e WHERE e.course_id = c.id AND e.user_id = ?1),"
	    " (SELECT count(*) FROM lessons l WHERE l.course_id = c.id),"
	    " c.price_amount, c.currency FROM courses c WHERE c.id = ?2" :
	    "SELECT c.id, c.instructor_id, c.published, EXISTS (SELECT 1"
	    " FROM enrollments e WHERE e.course_id = c.id AND e.user_id = ?1),"
	    " (SELECT count(*) FROM lessons l WHERE l.course_id = c.id),"
	    " c.price_amount, c.currency FROM courses c WHERE c.slug = ?2",
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
		out->course_id = sqlite3_column_int64(st, 0);
		out->instructor_id = sqlite3_column_int64(st, 1);
		out->published = sqlite3_column_int(st, 2);
		out->owned = sqlite3_column_int(st, 3);
		out->lesson_count = sqlite3_column_int(st, 4);
		out->price.amount = sqlite3_column_int64(st, 5);
		cur = (const char *)sqlite3_column_text(st, 6);
		memcpy(out->price.currency, cur != NULL && strlen(cur) == 3 ?
		    cur : "CNY", 4);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return G_OK;
	if (rc == SQLITE_DONE)
		return G_NOT_FOUND;
	db_log(db, "course access");
	return G_INTERNAL;
}

/* ---- the library ----------------------------------------------------- */

void
db_library_free(struct library_item *items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		library_item_release(&items[i]);
	free(items);
}

enum gstatus
db_library(sqlite3 *db, int64_t user_id, int has_after, int64_t after_created,
    int64_t after_id, int limit, struct library_item **items, size_t *n,
    int *has_more, int64_t *last_created)
{
	sqlite3_stmt		*st;
	struct library_item	*it;
	enum gstatus		 s = G_OK;
	int			 rc = SQLITE_DONE;

	*items = NULL;
	*n = 0;
	*has_more = 0;
	*last_created = 0;
	if (limit <= 0)
		return G_OK;
	/* Columns after COURSE_COLUMNS: 18 enrolled at, 19 order, 20 done. */
	if (db_prepare(db, "SELECT " COURSE_COLUMNS ", e.created_at,"
	    " e.order_id, (SELECT count(*) FROM lesson_completions lc"
	    "   JOIN lessons l ON l.id = lc.lesson_id"
	    "   WHERE lc.user_id = ?1 AND l.course_id = c.id)"
	    " FROM enrollments e JOIN courses c ON c.id = e.course_id"
	    " JOIN users u ON u.id = c.instructor_id"
	    " WHERE e.user_id = ?1 AND (?2 IS NULL OR e.created_at < ?2"
	    "   OR (e.created_at = ?2 AND c.id < ?3))"
	    " ORDER BY e.created_at DESC, c.id DESC LIMIT ?4", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, user_id);
	if (has_after) {
		sqlite3_bind_int64(st, 2, after_created);
		sqlite3_bind_int64(st, 3, after_id);
	}
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
		it = &(*items)[*n];
		s = course_from_row(st, &it->course, 0);
		if (s != G_OK)
			break;
		it->order_id = sqlite3_column_int64(st, 19);
		it->progress.completed = sqlite3_column_int(st, 20);
		it->progress.total = it->course.lesson_count;
		if (db_col_time(st, 18, &it->enrolled_at) != 0) {
			course_release(&it->course);
			s = G_INTERNAL;
			break;
		}
		*last_created = sqlite3_column_int64(st, 18);
		(*n)++;
	}
	if (s == G_OK && rc == SQLITE_ROW)
		*has_more = 1;
	else if (s == G_OK && rc != SQLITE_DONE) {
		db_log(db, "library");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	if (s != G_OK) {
		db_library_free(*items, *n);
		*items = NULL;
		*n = 0;
	}
	return s;
}

/*
 * The queries behind operator analytics: member counts from users and
 * activity from the per-day counters (member_day_activity), never from
 * the raw activity log, so a window costs the days it covers.
 */
#include <stdlib.h>
#include <string.h>

#include "guild/timeutil.h"
#include "guild/util.h"
#include "analytics.h"
#include "db.h"

/* Binds the segment (or NULL: every level) at parameter i. */
static void
bind_segment(sqlite3_stmt *st, int i, const struct an_filter *f)
{
	if (f->has_segment)
		sqlite3_bind_text(st, i, level_name(f->segment), -1,
		    SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/*
 * memb[j] = the members (in the segment) who joined before starts[j], for
 * j = 0..n, from one pass over the users(created_at, level) index.
 * 0 or -1.
 */
static int
members_at(sqlite3 *db, const time_t *starts, int n,
    const struct an_filter *f, int64_t *memb)
{
	sqlite3_stmt	*st;
	int64_t		 cnt = 0;
	int		 j = 0, rc;

	if (db_prepare(db, "SELECT created_at FROM users WHERE created_at < ?1"
	    " AND (?2 IS NULL OR level = ?2) ORDER BY created_at", &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)starts[n]);
	bind_segment(st, 2, f);
	for (;;) {
		time_t	t;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		t = (time_t)sqlite3_column_int64(st, 0);
		while (j <= n && t >= starts[j])
			memb[j++] = cnt;
		cnt++;
	}
	sqlite3_finalize(st);
	while (j <= n)
		memb[j++] = cnt;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The step of starts[0..n] that day falls in (by UTC day), or -1. */
static int
step_of_day(const time_t *starts, int n, int64_t day)
{
	int	lo = 0, hi = n, mid;

	if (day < an_day(starts[0]) || day >= an_day(starts[n]))
		return -1;
	while (hi - lo > 1) {
		mid = (lo + hi) / 2;
		if (an_day(starts[mid]) <= day)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/*
 * A per-member mark of the last step (plus one) a member was counted
 * active in, indexed by user id: calloc'd for the largest id, so one
 * scan of the counters counts each (member, step) once. NULL on failure.
 */
static int32_t *
seen_new(sqlite3 *db, int64_t *max_id)
{
	sqlite3_stmt	*st;
	int64_t		 max = 0;

	if (db_prepare(db, "SELECT coalesce(max(id), 0) FROM users", &st) != 0)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		max = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (max < 0 || max > 100000000)
		return NULL;
	*max_id = max;
	return calloc((size_t)max + 1, sizeof(int32_t));
}

enum gstatus
an_db_counts(sqlite3 *db, const time_t *starts, int n,
    const struct an_filter *f, int64_t *n0, struct an_step_counts *out)
{
	sqlite3_stmt	*rows = NULL;
	enum gstatus	 s = G_INTERNAL;
	int32_t		*seen = NULL;
	int64_t		 max_id = 0, user, *memb = NULL;
	int		 i, k, rc;

	seen = seen_new(db, &max_id);
	if (seen != NULL)
		memb = calloc((size_t)n + 1, sizeof *memb);
	if (seen == NULL || memb == NULL ||
	    db_prepare(db, "SELECT day, user_id, joined, actions,"
	    " interactions, spent FROM member_day_activity"
	    " WHERE day >= ?1 AND day < ?2 AND (?3 IS NULL OR level = ?3)"
	    " ORDER BY day", &rows) != 0)
		goto out;
	if (members_at(db, starts, n, f, memb) != 0)
		goto fail;
	*n0 = memb[0];
	for (i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof out[i]);
		out[i].start = starts[i];
		out[i].end = starts[i + 1];
		out[i].members = memb[i + 1];
	}
	/* One pass over the window's days, in day order. */
	sqlite3_bind_int64(rows, 1, an_day(starts[0]));
	sqlite3_bind_int64(rows, 2, an_day(starts[n]) > an_day(starts[0]) ?
	    an_day(starts[n]) : an_day(starts[0]) + 1);
	bind_segment(rows, 3, f);
	for (;;) {
		rc = sqlite3_step(rows);
		if (rc != SQLITE_ROW)
			break;
		k = step_of_day(starts, n, sqlite3_column_int64(rows, 0));
		if (k < 0)
			k = 0;
		user = sqlite3_column_int64(rows, 1);
		out[k].interactions += sqlite3_column_int64(rows, 4);
		out[k].spent += sqlite3_column_int64(rows, 5);
		if (sqlite3_column_int64(rows, 2) < (int64_t)starts[0] &&
		    sqlite3_column_int64(rows, 3) > 0 && user >= 0 &&
		    user <= max_id && seen[user] != k + 1) {
			seen[user] = k + 1;
			out[k].active++;
		}
	}
	if (rc != SQLITE_DONE)
		goto fail;
	s = G_OK;
	goto out;
fail:
	db_log(db, "analytics");
out:
	free(seen);
	free(memb);
	sqlite3_finalize(rows);
	return s;
}

/* The step of starts[0..n] time t falls in, or -1. */
static int
step_of_time(const time_t *starts, int n, time_t t)
{
	int	lo = 0, hi = n, mid;

	if (t < starts[0] || t >= starts[n])
		return -1;
	while (hi - lo > 1) {
		mid = (lo + hi) / 2;
		if (starts[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

enum gstatus
an_db_cohorts(sqlite3 *db, const time_t *starts, int n,
    const struct an_filter *f, int64_t *sizes, int64_t *active)
{
	sqlite3_stmt	*size = NULL, *rows = NULL;
	enum gstatus	 s = G_INTERNAL;
	int32_t		*seen = NULL;
	int64_t		 max_id = 0, user;
	int		 c, k, rc;

	memset(active, 0, (size_t)n * (size_t)n * sizeof *active);
	seen = seen_new(db, &max_id);
	if (seen == NULL ||
	    db_prepare(db, "SELECT count(*) FROM users WHERE created_at >= ?1"
	    " AND created_at < ?2 AND (?3 IS NULL OR level = ?3)", &size) != 0 ||
	    db_prepare(db, "SELECT day, user_id, joined FROM"
	    " member_day_activity WHERE day >= ?1 AND day < ?2"
	    " AND joined >= ?3 AND joined < ?4 AND actions > 0"
	    " AND (?5 IS NULL OR level = ?5) ORDER BY day", &rows) != 0)
		goto out;
	for (c = 0; c < n; c++) {
		sqlite3_reset(size);
		sqlite3_bind_int64(size, 1, (sqlite3_int64)starts[c]);
		sqlite3_bind_int64(size, 2, (sqlite3_int64)starts[c + 1]);
		bind_segment(size, 3, f);
		if (sqlite3_step(size) != SQLITE_ROW)
			goto fail;
		sizes[c] = sqlite3_column_int64(size, 0);
	}
	/* One pass in day order: each (member, step) counts once, in the
	 * cohort of the step the member joined in. */
	sqlite3_bind_int64(rows, 1, an_day(starts[0]));
	sqlite3_bind_int64(rows, 2, an_day(starts[n]) + 1);
	sqlite3_bind_int64(rows, 3, (sqlite3_int64)starts[0]);
	sqlite3_bind_int64(rows, 4, (sqlite3_int64)starts[n]);
	bind_segment(rows, 5, f);
	for (;;) {
		rc = sqlite3_step(rows);
		if (rc != SQLITE_ROW)
			break;
		k = step_of_day(starts, n, sqlite3_column_int64(rows, 0));
		user = sqlite3_column_int64(rows, 1);
		c = step_of_time(starts, n,
		    (time_t)sqlite3_column_int64(rows, 2));
		if (k < c || c < 0 || user < 0 || user > max_id ||
		    seen[user] == k + 1)
			continue;
		seen[user] = k + 1;
		active[c * n + k]++;
	}
	if (rc != SQLITE_DONE)
		goto fail;
	s = G_OK;
	goto out;
fail:
	db_log(db, "cohorts");
out:
	free(seen);
	sqlite3_finalize(size);
	sqlite3_finalize(rows);
	return s;
}

/* Finds or appends the revenue entry for a course in arr. NULL on no
 * memory. */
static json_t *
revenue_course(json_t *arr, sqlite3_stmt *st, const time_t *starts, int n)
{
	int64_t		 id = sqlite3_column_int64(st, 0);
	size_t		 i;
	json_t		*e, *periods, *p;
	char		 t0[32], t1[32];
	int		 k;

	json_array_foreach(arr, i, e) {
		if (json_integer_value(json_object_get(e, "course_id")) == id)
			return e;
	}
	periods = json_array();
	if (periods == NULL)
		return NULL;
	for (k = 0; k < n; k++) {
		time_rfc3339(starts[k], t0, sizeof t0);
		time_rfc3339(starts[k + 1], t1, sizeof t1);
		p = json_pack("{s:s,s:s,s:i,s:i,s:i,s:i}", "start", t0, "end",
		    t1, "orders", 0, "paid", 0, "refunded", 0, "net", 0);
		if (p == NULL || json_array_append_new(periods, p) != 0) {
			json_decref(periods);
			return NULL;
		}
	}
	e = json_pack("{s:I,s:s?,s:s?,s:i,s:i,s:i,s:o}", "course_id",
	    (json_int_t)id, "slug", (const char *)sqlite3_column_text(st, 1),
	    "title", (const char *)sqlite3_column_text(st, 2), "paid", 0,
	    "refunded", 0, "net", 0, "periods", periods);
	if (e == NULL || json_array_append_new(arr, e) != 0)
		return NULL;
	return e;
}

/* Adds amount to integer member key of obj. */
static void
add_to(json_t *obj, const char *key, int64_t amount)
{
	json_object_set_new(obj, key, json_integer(json_integer_value(
	    json_object_get(obj, key)) + amount));
}

/* Orders by "net", highest first, then by course id. */
static int
revenue_cmp(const void *a, const void *b)
{
	const json_t	*x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t	 nx = json_integer_value(json_object_get(x, "net"));
	json_int_t	 ny = json_integer_value(json_object_get(y, "net"));
	json_int_t	 ix = json_integer_value(json_object_get(x,
			    "course_id"));
	json_int_t	 iy = json_integer_value(json_object_get(y,
			    "course_id"));

	if (nx != ny)
		return nx > ny ? -1 : 1;
	return (ix > iy) - (ix < iy);
}

enum gstatus
an_db_revenue(sqlite3 *db, const time_t *starts, int n,
    const struct an_filter *f, json_t **out)
{
	sqlite3_stmt	*st = NULL;
	json_t		*arr = NULL, *sorted = NULL, *e, *p, **v = NULL;
	size_t		 i, len;
	int		 rc, k, pass;
	enum gstatus	 s = G_INTERNAL;

	*out = NULL;
	arr = json_array();
	if (arr == NULL)
		goto out;
	/* Pass 0: payments by paid_at; pass 1: refunds by their time. */
	for (pass = 0; pass < 2; pass++) {
		if (db_prepare(db, pass == 0 ?
		    "SELECT c.id, c.slug, c.title, o.amount, o.paid_at"
		    " FROM orders o JOIN courses c ON c.id = o.course_id"
		    " JOIN users u ON u.id = o.user_id"
		    " WHERE o.paid_at >= ?1 AND o.paid_at < ?2"
		    " AND o.status IN ('paid', 'refunded')"
		    " AND (?3 IS NULL OR u.level = ?3)" :
		    "SELECT c.id, c.slug, c.title, r.amount, r.created_at"
		    " FROM refunds r JOIN orders o ON o.id = r.order_id"
		    " JOIN courses c ON c.id = o.course_id"
		    " JOIN users u ON u.id = o.user_id"
		    " WHERE r.created_at >= ?1 AND r.created_at < ?2"
		    " AND (?3 IS NULL OR u.level = ?3)", &st) != 0)
			goto out;
		sqlite3_bind_int64(st, 1, (sqlite3_int64)starts[0]);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)starts[n]);
		bind_segment(st, 3, f);
		for (;;) {
			int64_t	amount;
			time_t	at;

			rc = sqlite3_step(st);
			if (rc != SQLITE_ROW)
				break;
			amount = sqlite3_column_int64(st, 3);
			at = (time_t)sqlite3_column_int64(st, 4);
			for (k = n - 1; k > 0 && at < starts[k]; k--)
				;
			e = revenue_course(arr, st, starts, n);
			if (e == NULL)
				goto out;
			p = json_array_get(json_object_get(e, "periods"),
			    (size_t)k);
			if (pass == 0) {
				add_to(e, "paid", amount);
				add_to(p, "paid", amount);
				add_to(p, "orders", 1);
			} else {
				add_to(e, "refunded", amount);
				add_to(p, "refunded", amount);
				amount = -amount;
			}
			add_to(e, "net", amount);
			add_to(p, "net", amount);
		}
		if (rc != SQLITE_DONE) {
			db_log(db, "revenue");
			goto out;
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	len = json_array_size(arr);
	v = calloc(len + 1, sizeof *v);
	if (v != NULL)
		sorted = json_array();
	if (v == NULL || sorted == NULL)
		goto out;
	for (i = 0; i < len; i++)
		v[i] = json_array_get(arr, i);
	qsort(v, len, sizeof *v, revenue_cmp);
	for (i = 0; i < len; i++) {
		if (json_array_append(sorted, v[i]) != 0)
			goto out;
	}
	*out = sorted;
	sorted = NULL;
	s = G_OK;
out:
	sqlite3_finalize(st);
	free(v);
	json_decref(sorted);
	json_decref(arr);
	return s;
}

/* Runs st (bound) and appends one object per row to arr, its columns
 * named by names[0..ncol-1] (integers or text). 0 or -1. */
static int
rows_to_json(sqlite3_stmt *st, const char *const *names, int ncol,
    json_t *arr)
{
	json_t	*o, *v;
	int	 rc, i;

	for (;;) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		o = json_object();
		if (o == NULL || json_array_append_new(arr, o) != 0)
			return -1;
		for (i = 0; i < ncol; i++) {
			if (sqlite3_column_type(st, i) == SQLITE_INTEGER)
				v = json_integer(sqlite3_column_int64(st, i));
			else
				v = json_string((const char *)
				    sqlite3_column_text(st, i));
			if (v == NULL || json_object_set_new(o, names[i], v))
				return -1;
		}
	}
	return rc == SQLITE_DONE ? 0 : -1;
}

enum gstatus
an_db_top(sqlite3 *db, time_t from, time_t to, int limit, json_t **out)
{
	static const char *const sql[3] = {
		"SELECT id, title, reply_count, like_count FROM threads"
		" WHERE last_activity_at >= ?1 AND last_activity_at < ?2"
		" ORDER BY reply_count + like_count DESC, id LIMIT ?3",
		"SELECT id, title, answer_count, score FROM questions"
		" WHERE created_at >= ?1 AND created_at < ?2"
		" ORDER BY answer_count + score DESC, id LIMIT ?3",
		"SELECT c.id, c.slug, c.title, count(*), sum(o.amount)"
		" FROM orders o JOIN courses c ON c.id = o.course_id"
		" WHERE o.paid_at >= ?1 AND o.paid_at < ?2"
		" AND o.status = 'paid'"
		" GROUP BY c.id ORDER BY count(*) DESC, sum(o.amount) DESC,"
		" c.id LIMIT ?3",
	};
	static const char *const keys[3] = { "threads", "questions",
	    "courses" };
	static const char *const names[3][5] = {
		{ "id", "title", "replies", "likes" },
		{ "id", "title", "answers", "score" },
		{ "id", "slug", "title", "sold", "revenue" },
	};
	static const int ncol[3] = { 4, 4, 5 };
	sqlite3_stmt	*st = NULL;
	json_t		*o, *arr;
	int		 i;

	o = json_object();
	if (o == NULL)
		return G_INTERNAL;
	for (i = 0; i < 3; i++) {
		arr = json_array();
		if (arr == NULL || json_object_set_new(o, keys[i], arr) != 0 ||
		    db_prepare(db, sql[i], &st) != 0)
			goto fail;
		sqlite3_bind_int64(st, 1, (sqlite3_int64)from);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)to);
		sqlite3_bind_int(st, 3, limit);
		if (rows_to_json(st, names[i], ncol[i], arr) != 0) {
			db_log(db, "top");
			goto fail;
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	*out = o;
	return G_OK;
fail:
	sqlite3_finalize(st);
	json_decref(o);
	return G_INTERNAL;
}

enum gstatus
an_db_recommend(sqlite3 *db, int64_t user_id, enum level lvl, int64_t *ids,
    int64_t *pop, int max, int *n)
{
	sqlite3_stmt	*st;
	enum level	 next = lvl == LEVEL_ADVANCED ? lvl : (enum level)(lvl + 1);
	int		 rc;

	*n = 0;
	if (db_prepare(db, "SELECT c.id, (SELECT count(*) FROM enrollments e"
	    " JOIN users u ON u.id = e.user_id WHERE e.course_id = c.id"
	    " AND u.level = ?2) AS pop FROM courses c"
	    " WHERE c.published = 1 AND c.level IN (?2, ?3)"
	    " AND NOT EXISTS (SELECT 1 FROM enrollments o"
	    "   WHERE o.user_id = ?1 AND o.course_id = c.id)"
	    " ORDER BY pop DESC, c.created_at DESC, c.id DESC LIMIT ?4",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_text(st, 2, level_name(lvl), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, level_name(next), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, max);
	for (;;) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW || *n >= max)
			break;
		ids[*n] = sqlite3_column_int64(st, 0);
		pop[*n] = sqlite3_column_int64(st, 1);
		(*n)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_log(db, "recommendations");
		return G_INTERNAL;
	}
	return G_OK;
}

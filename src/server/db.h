/*
 * guildd's storage: SQLite connections (pragmas, a per-worker pool),
 * schema migrations, transactions, and the queries for each resource.
 * Every statement is prepared with bound parameters.
 */
#ifndef GUILD_SERVER_DB_H
#define GUILD_SERVER_DB_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <sqlite3.h>

#include "guild/err.h"
#include "guild/model.h"
#include "guild/problem.h"

struct srv_viewer;

/* The schema version this guildd writes (PRAGMA user_version). */
int		 db_schema_latest(void);

/*
 * Opens (creating if needed) the database at path and sets the pragmas
 * every connection uses: WAL, foreign keys, busy timeout 5 s,
 * synchronous FULL. Returns 0 and *out (close with sqlite3_close), or -1
 * with err.
 */
int		 db_open(const char *path, sqlite3 **out, struct gerr *err);

/*
 * Brings the schema up to date, each step in its own transaction.
 * *from and *to (either may be NULL) receive the versions before and
 * after. A database newer than this guildd is refused. 0 or -1 with err.
 */
int		 db_migrate(sqlite3 *, int *from, int *to, struct gerr *err);

/* PRAGMA user_version into *out. 0 or -1. */
int		 db_user_version(sqlite3 *, int *out);

/*
 * A fixed set of n connections shared by the worker threads: acquire
 * blocks until one is free. Free the pool only once every connection is
 * released; it closes them all.
 */
struct db_pool;
struct db_pool	*db_pool_new(const char *path, unsigned n, struct gerr *err);
sqlite3		*db_pool_acquire(struct db_pool *);
void		 db_pool_release(struct db_pool *, sqlite3 *);
void		 db_pool_free(struct db_pool *);

/*
 * Replaces the busy timeout of db by one that waits for a lock in 1 ms
 * steps (still at most 5 s): SQLite's own steps grow to 100 ms, which
 * shows as long tail latencies when connections contend for the write
 * lock. The pool's and the mail sender's connections use it.
 */
void		 db_busy_fine(sqlite3 *);

/* BEGIN IMMEDIATE, COMMIT, ROLLBACK. 0 or -1 (logged). */
int		 db_begin(sqlite3 *);
int		 db_commit(sqlite3 *);
void		 db_rollback(sqlite3 *);

/* sqlite3_prepare_v2 that logs failures to stderr. 0 or -1. */
int		 db_prepare(sqlite3 *, const char *sql, sqlite3_stmt **);

/* Logs "guildd: db: WHAT: sqlite message" to stderr. */
void		 db_log(sqlite3 *, const char *what);

/*
 * Copies text column col into *out (NULL for SQL NULL). Returns 0, or -1
 * when memory runs out. The caller frees *out.
 */
int		 db_col_text(sqlite3_stmt *, int col, char **out);
/* Integer column col as an RFC 3339 string in *out (NULL for NULL). */
int		 db_col_time(sqlite3_stmt *, int col, char **out);

/* ---- users and tokens (db-users.c) --------------------------------- */

/* Reads user id into *out (release with user_release). */
enum gstatus	 db_user_get(sqlite3 *, int64_t id, struct user *out);

/*
 * Finds a user by username or email (case-insensitive) into *out and
 * their password hash into *hash (caller frees). G_NOT_FOUND if none.
 */
enum gstatus	 db_user_find_login(sqlite3 *, const char *login,
		    struct user *out, char **hash);

/* Sets *taken when a user already has this username or email. */
enum gstatus	 db_user_taken(sqlite3 *, const char *username,
		    const char *email, int *username_taken, int *email_taken);

/*
 * Inserts u (username, email or NULL, display_name, role, level) with a
 * password hash and a fresh referral code (referrals.h); the caller
 * holds a write transaction. *id receives the new id. G_CONFLICT on a
 * duplicate username or email.
 */
enum gstatus	 db_user_insert(sqlite3 *, const struct user *u,
		    const char *hash, time_t now, int64_t *id);

/*
 * Updates user id's profile: each field that is not NULL replaces the
 * stored one (the caller validated them). G_NOT_FOUND when there is no
 * such user.
 */
enum gstatus	 db_user_update(sqlite3 *, int64_t id, const char *display_name,
		    const char *bio, const char *tz,
		    const enum level *level);

/* Number of users, for demo seeding. */
enum gstatus	 db_user_count(sqlite3 *, int64_t *n);

/* Stores a token by its SHA-256 hash; *id receives its row id. */
enum gstatus	 db_token_insert(sqlite3 *, int64_t user_id,
		    const unsigned char hash[32], const char *label,
		    time_t now, int64_t *id);

/*
 * Finds the live token with this hash and fills the viewer from it and
 * its user; *last_used is its last use (0 if never). G_UNAUTHORIZED when
 * no such token exists or it was revoked.
 */
enum gstatus	 db_token_lookup(sqlite3 *, const unsigned char hash[32],
		    struct srv_viewer *out, int64_t *last_used);

/* Records a use of the token. */
enum gstatus	 db_token_touch(sqlite3 *, int64_t token_id, time_t now);

/* Revokes the token (idempotent). */
enum gstatus	 db_token_revoke(sqlite3 *, int64_t token_id, time_t now);

/* ---- courses (db-courses.c) ---------------------------------------- */

/* Catalog orders: newest first, most enrolled first, cheapest first. */
enum db_course_sort {
	DB_SORT_NEWEST = 0,	/* key: created_at, descending */
	DB_SORT_POPULAR,	/* key: enrolled count, descending */
	DB_SORT_PRICE		/* key: price amount, ascending */
};

enum db_price_filter {
	DB_PRICE_ANY = 0,
	DB_PRICE_FREE,
	DB_PRICE_PAID
};

struct db_course_query {
	int64_t		viewer_id;	/* for `owned`; 0 when anonymous */
	int		has_level;
	enum level	level;
	const char	*q;		/* text in title, summary, description
					   or tags (case-insensitive for
					   ASCII), or NULL */
	const char	*tag;		/* exact tag, or NULL */
	enum db_price_filter price;
	enum db_course_sort sort;
	int		has_after;	/* keyset cursor: after this row */
	int64_t		after_created;	/* the sort key of that row */
	int64_t		after_id;
	int		limit;		/* rows to return */
};

/*
 * Published courses matching q in q->sort order (ties by id), after the
 * cursor: at most q->limit of them in *items (free with
 * db_courses_free) and *n. *has_more says whether more follow;
 * *last_created is the sort key of the last item (created_at, enrolled
 * count or price), for the next cursor.
 */
enum gstatus	 db_course_list(sqlite3 *, const struct db_course_query *,
		    struct course **items, size_t *n, int *has_more,
		    int64_t *last_created);

/*
 * One course by id (when id > 0) or slug, with description, tags and
 * lesson outline (locked flags left 0 for the caller to set). G_NOT_FOUND
 * when there is none, published or not.
 */
enum gstatus	 db_course_get(sqlite3 *, int64_t id, const char *slug,
		    int64_t viewer_id, struct course *out);

void		 db_courses_free(struct course *, size_t n);

/* ---- course and lesson authoring (db-courses.c, db-lessons.c) ------ */

/*
 * The fields of a course write. For an update, NULL strings and has_*
 * flags left 0 mean "unchanged"; tags (when has_tags) replace the list.
 */
struct db_course_write {
	const char		*slug;
	const char		*title;
	const char		*summary;
	const char		*description;
	int			 has_level;
	enum level		 level;
	int			 has_price;
	int64_t			 price_amount;
	const char		*currency;	/* NULL: unchanged / CNY */
	int			 has_tags;
	const char *const	*tags;
	size_t			 ntags;
	int			 has_published;
	int			 published;
	int64_t			 instructor_id;	/* insert; or a new owner */
};

/*
 * Inserts a course (the caller holds a write transaction); *id receives
 * its id. G_CONFLICT when the slug is taken.
 */
enum gstatus	 db_course_insert(sqlite3 *, const struct db_course_write *,
		    time_t now, int64_t *id);
/* Updates course id. G_CONFLICT for a taken slug, G_NOT_FOUND. */
enum gstatus	 db_course_update(sqlite3 *, int64_t id,
		    const struct db_course_write *, time_t now);

/* Who may see and change a course, and whether the viewer owns it. */
struct db_course_access {
	int64_t	course_id;
	int64_t	instructor_id;
	int	published;
	int	owned;		/* the viewer is enrolled */
	int	lesson_count;
	struct money price;
};

/*
 * Resolves a course by id (when id > 0) or slug and fills *out for
 * viewer_id (0: anonymous). G_NOT_FOUND when there is none.
 */
enum gstatus	 db_course_access(sqlite3 *, int64_t id, const char *slug,
		    int64_t viewer_id, struct db_course_access *out);

/*
 * The lesson outline of a course, in order, without bodies, with the
 * viewer's completion marks: *items (free with db_lessons_free) and *n.
 */
enum gstatus	 db_lessons_list(sqlite3 *, int64_t course_id,
		    int64_t viewer_id, struct lesson **items, size_t *n);
void		 db_lessons_free(struct lesson *, size_t n);

/*
 * Lesson id with its body and the viewer's completion mark into *out
 * (release with lesson_release), and its course's access into *acc.
 * G_NOT_FOUND when there is none.
 */
enum gstatus	 db_lesson_get(sqlite3 *, int64_t id, int64_t viewer_id,
		    struct lesson *out, struct db_course_access *acc);

/* A lesson write: NULL / has_* 0 mean unchanged; position 0 = at the end
 * (insert) or unchanged (update). */
struct db_lesson_write {
	const char	*title;
	const char	*body;
	int		 has_duration;
	int		 duration_min;
	int		 has_preview;
	int		 preview;
	int		 position;
};

/*
 * Adds a lesson at w->position (shifting later ones down) or at the
 * end; the caller holds a write transaction and checked the position
 * is within 1..lesson_count + 1. *id receives the new id.
 */
enum gstatus	 db_lesson_insert(sqlite3 *, int64_t course_id,
		    const struct db_lesson_write *, time_t now, int64_t *id);
/* Updates lesson id, moving it when w->position is set (1..count). */
enum gstatus	 db_lesson_update(sqlite3 *, int64_t id, int64_t course_id,
		    const struct db_lesson_write *, time_t now);
/* Deletes lesson id and closes the gap in the positions. */
enum gstatus	 db_lesson_delete(sqlite3 *, int64_t id, int64_t course_id,
		    time_t now);

/*
 * Marks lesson_id complete for user_id (idempotent); *created says
 * whether this call recorded it. Fills *out with the completion time
 * and the course progress (release with completion_release).
 */
enum gstatus	 db_lesson_complete(sqlite3 *, int64_t user_id,
		    int64_t lesson_id, int64_t course_id, time_t now,
		    int *created, struct completion *out);

/* ---- orders, payments, library (db-orders.c) ----------------------- */

/* Reads setting name into *out (caller frees). G_NOT_FOUND if unset. */
enum gstatus	 db_setting_get(sqlite3 *, const char *name, char **out);
/* Stores setting name unless it is already set (first writer wins). */
enum gstatus	 db_setting_init(sqlite3 *, const char *name,
		    const char *value);

/* Sets *owned when user_id is enrolled in course_id. */
enum gstatus	 db_enrolled(sqlite3 *, int64_t user_id, int64_t course_id,
		    int *owned);

/*
 * Order id (or the order of a checkout session) into *out, release with
 * order_release; checkout_url is filled while it is pending. *session
 * (when not NULL) receives the session id (caller frees). G_NOT_FOUND.
 */
enum gstatus	 db_order_get(sqlite3 *, int64_t id, struct order *out,
		    char **session);
enum gstatus	 db_order_by_session(sqlite3 *, const char *session,
		    struct order *out);

/*
 * Inserts a pending order (with its checkout session) for user_id and
 * course_id at amount; the caller holds a write transaction.
 */
enum gstatus	 db_order_insert(sqlite3 *, int64_t user_id,
		    int64_t course_id, const struct money *amount,
		    const char *provider, const char *session, time_t now,
		    int64_t *id);

/* What applying a payment outcome did. */
enum db_order_outcome {
	DB_ORDER_APPLIED = 0,	/* the order changed */
	DB_ORDER_UNCHANGED,	/* it was no longer pending */
	DB_ORDER_OWNED		/* already owned: the order was canceled */
};

/*
 * Turns pending order id paid, inside the caller's transaction: the
 * buyer is enrolled, the confirmation mail queued, EV_ORDER_PAID
 * emitted, all or nothing. A buyer who owns the course by now gets the
 * order canceled ("already_owned") instead.
 */
enum gstatus	 db_order_fulfil(sqlite3 *, int64_t id, time_t now,
		    enum db_order_outcome *out);
/* Turns pending order id failed (or canceled) with reason. */
enum gstatus	 db_order_fail(sqlite3 *, int64_t id,
		    enum order_status status, const char *reason, time_t now,
		    enum db_order_outcome *out);

/*
 * Refunds paid order id in the caller's transaction: the order turns
 * refunded, the refund is recorded (who, when, why), the enrollment it
 * bought is removed and EV_ORDER_REFUNDED emitted. G_CONFLICT when the
 * order is not paid, G_NOT_FOUND.
 */
enum gstatus	 db_order_refund(sqlite3 *, int64_t id, int64_t operator_id,
		    const char *reason, time_t now);

/*
 * A page of user_id's orders, newest first, after (after_created,
 * after_id) when has_after: *items (free with db_orders_free), *n,
 * *has_more.
 */
enum gstatus	 db_orders_of_user(sqlite3 *, int64_t user_id, int has_after,
		    int64_t after_created, int64_t after_id, int limit,
		    struct order **items, size_t *n, int *has_more,
		    int64_t *last_created);
void		 db_orders_free(struct order *, size_t n);

/*
 * Records webhook event id (type, order, what it did). *duplicate is set,
 * and nothing is written, when the event was seen before.
 */
enum gstatus	 db_webhook_event_record(sqlite3 *, const char *id,
		    const char *type, int64_t order_id, const char *result,
		    time_t now, int *duplicate);

/*
 * A page of user_id's library (courses enrolled in, most recent first)
 * with progress: *items (free with db_library_free), *n, *has_more.
 */
enum gstatus	 db_library(sqlite3 *, int64_t user_id, int has_after,
		    int64_t after_created, int64_t after_id, int limit,
		    struct library_item **items, size_t *n, int *has_more,
		    int64_t *last_created);
void		 db_library_free(struct library_item *, size_t n);

#endif

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
 * password hash; the caller holds a write transaction. *id receives the
 * new id. G_CONFLICT on a duplicate username or email.
 */
enum gstatus	 db_user_insert(sqlite3 *, const struct user *u,
		    const char *hash, time_t now, int64_t *id);

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

struct db_course_query {
	int64_t		viewer_id;	/* for `owned`; 0 when anonymous */
	int		has_level;
	enum level	level;
	int		has_after;	/* keyset cursor: after this row */
	int64_t		after_created;
	int64_t		after_id;
	int		limit;		/* rows to return */
};

/*
 * Published courses, newest first, after the cursor: at most q->limit
 * of them in *items (free with db_courses_free) and *n. *has_more says
 * whether more follow; *last_created is the created_at (unix seconds) of
 * the last item, for the next cursor.
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

#endif

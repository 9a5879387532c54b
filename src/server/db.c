/*
 * SQLite for guildd: opening connections with the pragmas we rely on, the
 * per-worker connection pool, transactions and the schema migrations.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/timeutil.h"
#include "db.h"

/*
 * The migrations, in order: step i brings the schema from version i to
 * i + 1. Append new steps; never edit a released one. Version 1 is the
 * platform's core: members, tokens, the catalog and who owns what.
 * Orders, discussions, Q&A, points, events and analytics follow as later
 * steps that reference these tables.
 */
static const char *const migrations[] = {
	/* 1: users, tokens, courses, tags, lessons, enrollments */
	"CREATE TABLE users ("
	"  id            INTEGER PRIMARY KEY,"
	"  username      TEXT NOT NULL COLLATE NOCASE UNIQUE"
	"                CHECK (length(username) BETWEEN 3 AND 32),"
	"  email         TEXT COLLATE NOCASE UNIQUE,"
	"  password_hash TEXT NOT NULL,"
	"  display_name  TEXT NOT NULL DEFAULT '',"
	"  bio           TEXT NOT NULL DEFAULT '',"
	"  timezone      TEXT NOT NULL DEFAULT 'UTC',"
	"  role          TEXT NOT NULL DEFAULT 'member'"
	"                CHECK (role IN ('member', 'instructor', 'operator')),"
	"  level         TEXT NOT NULL DEFAULT 'beginner'"
	"                CHECK (level IN ('beginner', 'intermediate',"
	"                                 'advanced')),"
	"  created_at    INTEGER NOT NULL"
	");"
	"CREATE TABLE tokens ("
	"  id            INTEGER PRIMARY KEY,"
	"  user_id       INTEGER NOT NULL REFERENCES users(id)"
	"                ON DELETE CASCADE,"
	"  hash          BLOB NOT NULL UNIQUE CHECK (length(hash) = 32),"
	"  label         TEXT NOT NULL DEFAULT '',"
	"  created_at    INTEGER NOT NULL,"
	"  last_used_at  INTEGER,"
	"  revoked_at    INTEGER"
	");"
	"CREATE INDEX tokens_user ON tokens(user_id);"
	"CREATE TABLE courses ("
	"  id            INTEGER PRIMARY KEY,"
	"  slug          TEXT NOT NULL UNIQUE"
	"                CHECK (length(slug) BETWEEN 1 AND 64),"
	"  title         TEXT NOT NULL,"
	"  summary       TEXT NOT NULL DEFAULT '',"
	"  description   TEXT NOT NULL DEFAULT '',"
	"  level         TEXT NOT NULL"
	"                CHECK (level IN ('beginner', 'intermediate',"
	"                                 'advanced')),"
	"  price_amount  INTEGER NOT NULL DEFAULT 0 CHECK (price_amount >= 0),"
	"  currency      TEXT NOT NULL DEFAULT 'CNY'"
	"                CHECK (length(currency) = 3),"
	"  instructor_id INTEGER NOT NULL REFERENCES users(id),"
	"  published     INTEGER NOT NULL DEFAULT 0"
	"                CHECK (published IN (0, 1)),"
	"  created_at    INTEGER NOT NULL,"
	"  updated_at    INTEGER NOT NULL"
	");"
	"CREATE INDEX courses_catalog"
	"  ON courses(published, created_at DESC, id DESC);"
	"CREATE INDEX courses_catalog_level"
	"  ON courses(published, level, created_at DESC, id DESC);"
	"CREATE INDEX courses_instructor ON courses(instructor_id);"
	"CREATE TABLE course_tags ("
	"  course_id     INTEGER NOT NULL REFERENCES courses(id)"
	"                ON DELETE CASCADE,"
	"  tag           TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 32),"
	"  PRIMARY KEY (course_id, tag)"
	") WITHOUT ROWID;"
	"CREATE INDEX course_tags_tag ON course_tags(tag, course_id);"
	"CREATE TABLE lessons ("
	"  id            INTEGER PRIMARY KEY,"
	"  course_id     INTEGER NOT NULL REFERENCES courses(id)"
	"                ON DELETE CASCADE,"
	"  position      INTEGER NOT NULL CHECK (position >= 1),"
	"  title         TEXT NOT NULL,"
	"  body          TEXT NOT NULL DEFAULT '',"
	"  duration_min  INTEGER NOT NULL DEFAULT 0 CHECK (duration_min >= 0),"
	"  preview       INTEGER NOT NULL DEFAULT 0 CHECK (preview IN (0, 1)),"
	"  UNIQUE (course_id, position)"
	");"
	"CREATE TABLE enrollments ("
	"  user_id       INTEGER NOT NULL REFERENCES users(id)"
	"                ON DELETE CASCADE,"
	"  course_id     INTEGER NOT NULL REFERENCES courses(id)"
	"                ON DELETE CASCADE,"
	"  created_at    INTEGER NOT NULL,"
	"  PRIMARY KEY (user_id, course_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX enrollments_course ON enrollments(course_id, user_id);",

	/*
	 * 2: the activity log every emitted event lands in (events.c);
	 * analytics reads it by time, by actor and by kind.
	 */
	"CREATE TABLE activity ("
	"  id             INTEGER PRIMARY KEY,"
	"  kind           TEXT NOT NULL,"
	"  actor_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  target_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  subject_type   TEXT NOT NULL,"
	"  subject_id     INTEGER NOT NULL,"
	"  value          INTEGER NOT NULL DEFAULT 0,"
	"  created_at     INTEGER NOT NULL"
	");"
	"CREATE INDEX activity_time ON activity(created_at);"
	"CREATE INDEX activity_actor ON activity(actor_id, created_at);"
	"CREATE INDEX activity_kind ON activity(kind, created_at);",
};

int
db_schema_latest(void)
{
	return (int)(sizeof migrations / sizeof migrations[0]);
}

void
db_log(sqlite3 *db, const char *what)
{
	fprintf(stderr, "guildd: db: %s: %s\n", what,
	    db != NULL ? sqlite3_errmsg(db) : "out of memory");
}

int
db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
		db_log(db, "prepare");
		*st = NULL;
		return -1;
	}
	return 0;
}

/* Runs one constant statement that returns no rows we need. 0 or -1. */
static int
db_exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int
db_begin(sqlite3 *db)
{
	if (db_exec(db, "BEGIN IMMEDIATE") != 0) {
		db_log(db, "begin");
		return -1;
	}
	return 0;
}

int
db_commit(sqlite3 *db)
{
	if (db_exec(db, "COMMIT") != 0) {
		db_log(db, "commit");
		db_rollback(db);
		return -1;
	}
	return 0;
}

void
db_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		db_exec(db, "ROLLBACK");
}

int
db_col_text(sqlite3_stmt *st, int col, char **out)
{
	const unsigned char	*s = sqlite3_column_text(st, col);
	int			 len = sqlite3_column_bytes(st, col);

	*out = NULL;
	if (s == NULL)
		return sqlite3_column_type(st, col) == SQLITE_NULL ? 0 : -1;
	*out = malloc((size_t)len + 1);
	if (*out == NULL)
		return -1;
	memcpy(*out, s, (size_t)len);
	(*out)[len] = '\0';
	return 0;
}

int
db_col_time(sqlite3_stmt *st, int col, char **out)
{
	char	buf[40];

	*out = NULL;
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return 0;
	time_rfc3339((time_t)sqlite3_column_int64(st, col), buf, sizeof buf);
	*out = strdup(buf);
	return *out != NULL ? 0 : -1;
}

int
db_user_version(sqlite3 *db, int *out)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, "PRAGMA user_version", &st) != 0)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
db_open(const char *path, sqlite3 **out, struct gerr *err)
{
	sqlite3		*db = NULL;
	int		 rc;
	static const char *const pragmas[] = {
		"PRAGMA journal_mode = WAL",
		"PRAGMA foreign_keys = ON",
		"PRAGMA synchronous = FULL",
	};
	size_t		 i;

	*out = NULL;
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		gerr_set(err, GERR_LOCAL, 0, "cannot open database %s: %s",
		    path, db != NULL ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return -1;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, 5000);
	for (i = 0; i < G_NELEM(pragmas); i++) {
		if (db_exec(db, pragmas[i]) != 0) {
			gerr_set(err, GERR_LOCAL, 0, "cannot set up database "
			    "%s: %s (is it an SQLite database?)", path,
			    sqlite3_errmsg(db));
			sqlite3_close(db);
			return -1;
		}
	}
	*out = db;
	return 0;
}

int
db_migrate(sqlite3 *db, int *from, int *to, struct gerr *err)
{
	int	version, latest = db_schema_latest();
	char	sql[64];

	if (db_user_version(db, &version) != 0)
		return gerr_set(err, GERR_LOCAL, 0,
		    "cannot read the schema version: %s", sqlite3_errmsg(db));
	if (from != NULL)
		*from = version;
	if (version > latest)
		return gerr_set(err, GERR_LOCAL, 0, "the database has schema "
		    "version %d but this guildd knows only up to %d; use a "
		    "newer guildd", version, latest);
	while (version < latest) {
		if (db_begin(db) != 0)
			return gerr_set(err, GERR_LOCAL, 0, "cannot start a "
			    "migration: %s", sqlite3_errmsg(db));
		/* Re-read inside the lock: another process may have won. */
		if (db_user_version(db, &version) != 0 || version >= latest) {
			db_rollback(db);
			break;
		}
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
		    version + 1);
		if (db_exec(db, migrations[version]) != 0 ||
		    db_exec(db, sql) != 0) {
			gerr_set(err, GERR_LOCAL, 0, "migration to schema "
			    "version %d failed: %s", version + 1,
			    sqlite3_errmsg(db));
			db_rollback(db);
			return -1;
		}
		if (db_commit(db) != 0)
			return gerr_set(err, GERR_LOCAL, 0, "cannot commit "
			    "migration %d: %s", version + 1, sqlite3_errmsg(db));
		version++;
	}
	if (to != NULL && db_user_version(db, to) != 0)
		*to = version;
	return 0;
}

/* ---- the connection pool ------------------------------------------- */

struct db_pool {
	pthread_mutex_t	  lock;
	pthread_cond_t	  freed;
	sqlite3		**conns;
	int		 *busy;
	unsigned	  n;
};

struct db_pool *
db_pool_new(const char *path, unsigned n, struct gerr *err)
{
	struct db_pool	*p;
	unsigned	 i;

	p = calloc(1, sizeof *p);
	if (p != NULL) {
		p->conns = calloc(n, sizeof *p->conns);
		p->busy = calloc(n, sizeof *p->busy);
	}
	if (p == NULL || p->conns == NULL || p->busy == NULL) {
		if (p != NULL) {
			free(p->conns);
			free(p->busy);
		}
		free(p);
		gerr_set(err, GERR_LOCAL, 0, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	p->n = n;
	for (i = 0; i < n; i++) {
		if (db_open(path, &p->conns[i], err) != 0) {
			db_pool_free(p);
			return NULL;
		}
	}
	return p;
}

sqlite3 *
db_pool_acquire(struct db_pool *p)
{
	sqlite3		*db = NULL;
	unsigned	 i;

	pthread_mutex_lock(&p->lock);
	while (db == NULL) {
		for (i = 0; i < p->n; i++) {
			if (!p->busy[i]) {
				p->busy[i] = 1;
				db = p->conns[i];
				break;
			}
		}
		if (db == NULL)
			pthread_cond_wait(&p->freed, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return db;
}

void
db_pool_release(struct db_pool *p, sqlite3 *db)
{
	unsigned	i;

	if (db == NULL)
		return;
	/* A handler that failed mid-transaction leaves nothing behind. */
	db_rollback(db);
	pthread_mutex_lock(&p->lock);
	for (i = 0; i < p->n; i++) {
		if (p->conns[i] == db)
			p->busy[i] = 0;
	}
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

void
db_pool_free(struct db_pool *p)
{
	unsigned	i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		sqlite3_close(p->conns[i]);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->freed);
	free(p->conns);
	free(p->busy);
	free(p);
}

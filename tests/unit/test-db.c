/*
 * Unit tests of guildd's storage: migrations on a fresh database, the
 * pragmas every connection sets, the schema's constraints, the user and
 * token queries, the pool, and the demo catalog read back page by page.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "server/auth.h"
#include "server/db.h"
#include "server/server.h"

struct fixture {
	char	 dir[256];
	char	 path[300];
	sqlite3	*db;
};

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof *f);
	const char	*tmp = getenv("TMPDIR");
	struct gerr	 err;

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof f->dir, "%s/guild-db.XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	if (db_open(f->path, &f->db, &err) != 0)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;
	char		 p[320];

	sqlite3_close(f->db);
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	unlink(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* The first column of the first row of a constant query, as text. */
static void
query_text(sqlite3 *db, const char *sql, char *out, size_t outsz)
{
	sqlite3_stmt		*st;
	const unsigned char	*s;

	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	s = sqlite3_column_text(st, 0);
	snprintf(out, outsz, "%s", s != NULL ? (const char *)s : "");
	sqlite3_finalize(st);
}

/* The first column of the first row of a constant query, as a number. */
static int64_t
query_int(sqlite3 *db, const char *sql)
{
	char	s[32];
	int64_t	n = -1;

	query_text(db, sql, s, sizeof s);
	assert_int_equal(parse_int64(s, INT64_MIN, INT64_MAX, &n), 0);
	return n;
}

/* 1 if s holds a character from the CJK blocks (UTF-8 lead E4..E9). */
static int
has_cjk(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s >= 0xe4 && (unsigned char)*s <= 0xe9)
			return 1;
	}
	return 0;
}

/* Runs sql; returns its primary result code. */
static int
exec_rc(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) & 0xff;
}

static void
migrate(sqlite3 *db)
{
	struct gerr	err;

	gerr_clear(&err);
	assert_int_equal(db_migrate(db, NULL, NULL, &err), 0);
}

static void
test_migrate_fresh_and_again(void **state)
{
	struct fixture	*f = *state;
	struct gerr	 err;
	int		 from = -1, to = -1, v;
	char		 s[128];

	gerr_clear(&err);
	assert_int_equal(db_user_version(f->db, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(db_migrate(f->db, &from, &to, &err), 0);
	assert_int_equal(from, 0);
	assert_int_equal(to, db_schema_latest());
	assert_true(db_schema_latest() >= 1);
	assert_int_equal(query_int(f->db, "PRAGMA user_version"),
	    db_schema_latest());

	/* Running it twice is a no-op. */
	assert_int_equal(db_migrate(f->db, &from, &to, &err), 0);
	assert_int_equal(from, db_schema_latest());
	assert_int_equal(to, db_schema_latest());

	/* Every table of the core schema is there (later steps add more). */
	query_text(f->db, "SELECT group_concat(name, ',') FROM (SELECT name"
	    " FROM sqlite_schema WHERE type = 'table' AND name IN ('users',"
	    " 'tokens', 'courses', 'course_tags', 'lessons', 'enrollments',"
	    " 'activity') ORDER BY name)", s, sizeof s);
	assert_string_equal(s, "activity,course_tags,courses,enrollments,"
	    "lessons,tokens,users");
}

static void
test_pragmas(void **state)
{
	struct fixture	*f = *state;
	char		 s[32];

	query_text(f->db, "PRAGMA journal_mode", s, sizeof s);
	assert_string_equal(s, "wal");
	query_text(f->db, "PRAGMA foreign_keys", s, sizeof s);
	assert_string_equal(s, "1");
	query_text(f->db, "PRAGMA busy_timeout", s, sizeof s);
	assert_string_equal(s, "5000");
	query_text(f->db, "PRAGMA synchronous", s, sizeof s);
	assert_string_equal(s, "2");	/* FULL */
}

static void
test_newer_schema_refused(void **state)
{
	struct fixture	*f = *state;
	struct gerr	 err;

	gerr_clear(&err);
	assert_int_equal(exec_rc(f->db, "PRAGMA user_version = 999"), SQLITE_OK);
	assert_int_equal(db_migrate(f->db, NULL, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "newer guildd"));
}

static void
test_not_a_database(void **state)
{
	struct fixture	*f = *state;
	struct gerr	 err;
	sqlite3		*db;
	char		 p[320];
	FILE		*fp;

	snprintf(p, sizeof p, "%s/junk.db", f->dir);
	fp = fopen(p, "w");
	assert_non_null(fp);
	fputs("this is not an SQLite database, just text that is long enough "
	    "to fill a header and then some more bytes to be sure.\n", fp);
	fclose(fp);
	gerr_clear(&err);
	assert_int_equal(db_open(p, &db, &err), -1);
	assert_null(db);
	assert_true(strlen(err.msg) > 0);
	unlink(p);
}

/* Inserts a user through the same query registration uses. */
static enum gstatus
add_user(sqlite3 *db, const char *name, const char *email, int64_t *id)
{
	struct user	u;

	memset(&u, 0, sizeof u);
	u.username = (char *)name;
	u.email = (char *)email;
	u.display_name = (char *)name;
	u.role = ROLE_MEMBER;
	u.level = LEVEL_INTERMEDIATE;
	return db_user_insert(db, &u, "$argon2id$not-a-real-hash", 1700000000,
	    id);
}

static void
test_constraints(void **state)
{
	struct fixture	*f = *state;
	sqlite3_stmt	*st;
	int64_t		 id, id2;
	char		 s[64];

	migrate(f->db);
	assert_int_equal(add_user(f->db, "mei", "mei@example.com", &id), G_OK);
	/* username and email are unique without regard to case */
	assert_int_equal(add_user(f->db, "MEI", "other@example.com", &id2),
	    G_CONFLICT);
	assert_int_equal(add_user(f->db, "mei2", "MEI@EXAMPLE.COM", &id2),
	    G_CONFLICT);
	/* members without an email (added by an operator) may be many */
	assert_int_equal(add_user(f->db, "noemail1", NULL, &id2), G_OK);
	assert_int_equal(add_user(f->db, "noemail2", NULL, &id2), G_OK);

	/* CHECK constraints on the enumerations and lengths */
	assert_int_equal(exec_rc(f->db, "INSERT INTO users (username,"
	    " password_hash, role, created_at) VALUES ('bob', 'h', 'king', 0)"),
	    SQLITE_CONSTRAINT);
	assert_int_equal(exec_rc(f->db, "INSERT INTO users (username,"
	    " password_hash, level, created_at) VALUES ('bob', 'h', 'expert',"
	    " 0)"), SQLITE_CONSTRAINT);
	assert_int_equal(exec_rc(f->db, "INSERT INTO users (username,"
	    " password_hash, created_at) VALUES ('ab', 'h', 0)"),
	    SQLITE_CONSTRAINT);

	/* foreign keys are enforced */
	assert_int_equal(exec_rc(f->db, "INSERT INTO courses (slug, title,"
	    " level, instructor_id, created_at, updated_at) VALUES ('x', 'X',"
	    " 'beginner', 9999, 0, 0)"), SQLITE_CONSTRAINT);
	assert_int_equal(sqlite3_prepare_v2(f->db, "INSERT INTO courses (slug,"
	    " title, level, instructor_id, created_at, updated_at)"
	    " VALUES ('c1', 'C', 'beginner', ?1, 0, 0)", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(exec_rc(f->db, "INSERT INTO courses (slug, title,"
	    " level, price_amount, instructor_id, created_at, updated_at)"
	    " VALUES ('c2', 'C', 'beginner', -1, 1, 0, 0)"), SQLITE_CONSTRAINT);
	assert_int_equal(exec_rc(f->db, "INSERT INTO lessons (course_id,"
	    " position, title) VALUES (1, 1, 'one')"), SQLITE_OK);
	assert_int_equal(exec_rc(f->db, "INSERT INTO lessons (course_id,"
	    " position, title) VALUES (1, 1, 'again')"), SQLITE_CONSTRAINT);
	assert_int_equal(exec_rc(f->db, "INSERT INTO lessons (course_id,"
	    " position, title) VALUES (1, 0, 'zero')"), SQLITE_CONSTRAINT);
	assert_int_equal(exec_rc(f->db, "INSERT INTO course_tags VALUES"
	    " (1, 'c'), (1, 'c')"), SQLITE_CONSTRAINT);
	/* the default currency is CNY */
	query_text(f->db, "SELECT currency FROM courses WHERE slug = 'c1'", s,
	    sizeof s);
	assert_string_equal(s, "CNY");
}

static void
test_tokens(void **state)
{
	struct fixture		*f = *state;
	struct srv_viewer	 v;
	unsigned char		 h[32], other[32];
	char			 tok[AUTH_TOKEN_SIZE], s[16];
	int64_t			 uid, tid, last;

	assert_int_equal(auth_init(0), 0);
	migrate(f->db);
	assert_int_equal(add_user(f->db, "kai", "kai@example.com", &uid), G_OK);
	auth_token_new(tok, h);
	assert_int_equal(strncmp(tok, "gld_", 4), 0);
	assert_int_equal(strlen(tok), AUTH_TOKEN_SIZE - 1);
	assert_int_equal(db_token_insert(f->db, uid, h, "laptop", 1700000000,
	    &tid), G_OK);

	/* The token itself is nowhere in the database, only its hash. */
	assert_int_equal(query_int(f->db, "SELECT length(hash) FROM tokens"),
	    32);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM tokens"
	    " WHERE instr(CAST(hash AS TEXT), 'gld_') > 0"), 0);
	assert_int_equal(db_token_lookup(f->db, h, &v, &last), G_OK);
	assert_int_equal(v.user_id, uid);
	assert_int_equal(v.token_id, tid);
	assert_int_equal(v.role, ROLE_MEMBER);
	assert_int_equal(last, 0);
	assert_int_equal(db_token_touch(f->db, tid, 1700000100), G_OK);
	assert_int_equal(db_token_lookup(f->db, h, &v, &last), G_OK);
	assert_int_equal(last, 1700000100);

	auth_token_hash("gld_somebody-else", other);
	assert_int_equal(db_token_lookup(f->db, other, &v, &last),
	    G_UNAUTHORIZED);
	assert_int_equal(db_token_revoke(f->db, tid, 1700000200), G_OK);
	assert_int_equal(db_token_lookup(f->db, h, &v, &last), G_UNAUTHORIZED);

	/* Deleting a user deletes their tokens. */
	assert_int_equal(exec_rc(f->db, "DELETE FROM users"), SQLITE_OK);
	query_text(f->db, "SELECT count(*) FROM tokens", s, sizeof s);
	assert_string_equal(s, "0");
}

static void
test_user_queries(void **state)
{
	struct fixture	*f = *state;
	struct user	 u;
	char		*hash;
	int64_t		 id;
	int		 ut, et;

	migrate(f->db);
	assert_int_equal(add_user(f->db, "lijing", "li@example.com", &id), G_OK);
	assert_int_equal(db_user_get(f->db, id, &u), G_OK);
	assert_string_equal(u.username, "lijing");
	assert_string_equal(u.email, "li@example.com");
	assert_int_equal(u.level, LEVEL_INTERMEDIATE);
	assert_string_equal(u.created_at, "2023-11-14T22:13:20Z");
	user_release(&u);
	assert_int_equal(db_user_get(f->db, id + 100, &u), G_NOT_FOUND);

	assert_int_equal(db_user_find_login(f->db, "LI@example.com", &u, &hash),
	    G_OK);
	assert_int_equal(u.id, id);
	assert_string_equal(hash, "$argon2id$not-a-real-hash");
	free(hash);
	user_release(&u);
	assert_int_equal(db_user_find_login(f->db, "' OR 1=1 --", &u, &hash),
	    G_NOT_FOUND);
	assert_null(hash);

	assert_int_equal(db_user_taken(f->db, "LiJing", "x@example.com", &ut,
	    &et), G_OK);
	assert_true(ut && !et);
	assert_int_equal(db_user_taken(f->db, "other", NULL, &ut, &et), G_OK);
	assert_true(!ut && !et);
}

static void
test_pool(void **state)
{
	struct fixture	*f = *state;
	struct db_pool	*pool;
	struct gerr	 err;
	sqlite3		*a, *b, *c;

	migrate(f->db);
	gerr_clear(&err);
	pool = db_pool_new(f->path, 2, &err);
	assert_non_null(pool);
	a = db_pool_acquire(pool);
	b = db_pool_acquire(pool);
	assert_non_null(a);
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	/* A transaction left open is rolled back on release. */
	assert_int_equal(db_begin(a), 0);
	db_pool_release(pool, a);
	c = db_pool_acquire(pool);
	assert_ptr_equal(c, a);
	assert_int_equal(sqlite3_get_autocommit(c), 1);
	db_pool_release(pool, c);
	db_pool_release(pool, b);
	db_pool_free(pool);
}

/* Seeds the demo data and reads the catalog back as the API does. */
static void
test_demo_catalog(void **state)
{
	struct fixture		*f = *state;
	struct db_course_query	 q;
	struct course		*items, c;
	struct gerr		 err;
	size_t			 n, i, total = 0;
	int			 more, zh = 0, pages = 0;
	int64_t			 last, id, users;
	char			 s[32];

	assert_int_equal(auth_init(0), 0);
	migrate(f->db);
	gerr_clear(&err);
	assert_int_equal(demo_seed(f->db, &err), 1);
	assert_int_equal(demo_seed(f->db, &err), 0);	/* seeded already */
	assert_int_equal(db_user_count(f->db, &users), G_OK);
	assert_true(users >= 7);

	memset(&q, 0, sizeof q);
	q.limit = 7;
	do {
		assert_int_equal(db_course_list(f->db, &q, &items, &n, &more,
		    &last), G_OK);
		assert_true(n <= 7);
		for (i = 0; i < n; i++) {
			assert_true(items[i].published);
			assert_true(items[i].lesson_count >= 3 &&
			    items[i].lesson_count <= 8);
			assert_true(items[i].ntags > 0);
			assert_non_null(items[i].instructor);
			assert_null(items[i].description);
			zh += has_cjk(items[i].title);
		}
		total += n;
		if (n > 0) {
			q.has_after = 1;
			q.after_created = last;
			q.after_id = items[n - 1].id;
		}
		db_courses_free(items, n);
		pages++;
	} while (more && pages < 20);
	assert_true(total >= 30);
	assert_true(zh >= 8);

	assert_int_equal(query_int(f->db, "SELECT count(*) FROM courses"),
	    (int64_t)total);

	assert_int_equal(db_course_get(f->db, 0, "modern-c", 0, &c), G_OK);
	assert_non_null(c.description);
	assert_non_null(strstr(c.description, "```"));
	assert_non_null(strstr(c.description, "## "));
	assert_non_null(strstr(c.description, "]("));
	assert_true(c.nlessons >= 3);
	assert_int_equal(c.lessons[0].position, 1);
	assert_true(c.lessons[0].preview);
	assert_false(c.owned);
	assert_int_equal(c.price.amount, 19900);
	assert_string_equal(c.price.currency, "CNY");
	id = c.id;
	course_release(&c);
	assert_int_equal(db_course_get(f->db, id, NULL, 0, &c), G_OK);
	assert_string_equal(c.slug, "modern-c");
	course_release(&c);
	assert_int_equal(db_course_get(f->db, 0, "no-such-course", 0, &c),
	    G_NOT_FOUND);

	/* The demo member owns two courses. */
	query_text(f->db, "SELECT count(*) FROM enrollments e JOIN users u"
	    " ON u.id = e.user_id WHERE u.username = 'demo'", s, sizeof s);
	assert_string_equal(s, "2");
	assert_true(query_int(f->db, "SELECT count(DISTINCT instructor_id)"
	    " FROM courses") >= 5);
	query_text(f->db, "SELECT group_concat(DISTINCT level) FROM (SELECT"
	    " level FROM courses ORDER BY level)", s, sizeof s);
	assert_string_equal(s, "advanced,beginner,intermediate");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrate_fresh_and_again,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_pragmas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_database, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_constraints, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_queries, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo_catalog, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The users and tokens tables: the queries behind registration and login. */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "referrals.h"
#include "server.h"

#define USER_COLUMNS \
	"id, username, email, display_name, bio, timezone, role, level, " \
	"created_at"

/* Fills u from a row selected with USER_COLUMNS at offset 0. */
static enum gstatus
user_from_row(sqlite3_stmt *st, struct user *u)
{
	char	*role = NULL, *level = NULL;
	int	 bad;

	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, 0);
	bad = db_col_text(st, 1, &u->username) ||
	    db_col_text(st, 2, &u->email) ||
	    db_col_text(st, 3, &u->display_name) ||
	    db_col_text(st, 4, &u->bio) ||
	    db_col_text(st, 5, &u->timezone) ||
	    db_col_text(st, 6, &role) ||
	    db_col_text(st, 7, &level) ||
	    db_col_time(st, 8, &u->created_at);
	if (!bad) {
		/* The schema's CHECK constraints keep these parseable. */
		if (role_parse(role, &u->role) != 0)
			u->role = ROLE_MEMBER;
		if (level_parse(level, &u->level) != 0)
			u->level = LEVEL_BEGINNER;
	}
	free(role);
	free(level);
	if (bad) {
		user_release(u);
		return G_INTERNAL;
	}
	return G_OK;
}

enum gstatus
db_user_get(sqlite3 *db, int64_t id, struct user *out)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;
	int		 rc;

	memset(out, 0, sizeof *out);
	if (db_prepare(db, "SELECT " USER_COLUMNS " FROM users WHERE id = ?1",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		s = user_from_row(st, out);
	else if (rc == SQLITE_DONE)
		s = G_NOT_FOUND;
	else {
		db_log(db, "user get");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	return s;
}

enum gstatus
db_user_find_login(sqlite3 *db, const char *login, struct user *out,
    char **hash)
{
	sqlite3_stmt	*st;
	enum gstatus	 s;
	int		 rc;

	memset(out, 0, sizeof *out);
	*hash = NULL;
	if (db_prepare(db, "SELECT " USER_COLUMNS ", password_hash FROM users"
	    " WHERE username = ?1 OR email = ?1 ORDER BY username = ?1 DESC"
	    " LIMIT 1", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s = user_from_row(st, out);
		if (s == G_OK && db_col_text(st, 9, hash) != 0) {
			user_release(out);
			s = G_INTERNAL;
		}
	} else if (rc == SQLITE_DONE) {
		s = G_NOT_FOUND;
	} else {
		db_log(db, "user find");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	return s;
}

enum gstatus
db_user_taken(sqlite3 *db, const char *username, const char *email,
    int *username_taken, int *email_taken)
{
	sqlite3_stmt	*st;
	int		 rc;

	*username_taken = *email_taken = 0;
	if (db_prepare(db, "SELECT EXISTS (SELECT 1 FROM users"
	    " WHERE username = ?1), EXISTS (SELECT 1 FROM users"
	    " WHERE email = ?2)", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	if (email != NULL)
		sqlite3_bind_text(st, 2, email, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*username_taken = sqlite3_column_int(st, 0);
		*email_taken = sqlite3_column_int(st, 1);
	} else {
		db_log(db, "user taken");
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? G_OK : G_INTERNAL;
}

enum gstatus
db_user_insert(sqlite3 *db, const struct user *u, const char *hash,
    time_t now, int64_t *id)
{
	sqlite3_stmt	*st;
	char		 code[REFERRAL_CODE_LEN + 1];
	int		 rc;

	if (db_prepare(db, "INSERT INTO users (username, email, password_hash,"
	    " display_name, role, level, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_text(st, 1, u->username, -1, SQLITE_STATIC);
	if (u->email != NULL)
		sqlite3_bind_text(st, 2, u->email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, u->display_name != NULL ? u->display_name :
	    "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, role_name(u->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, level_name(u->level), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		*id = sqlite3_last_insert_rowid(db);
	else if ((rc & 0xff) != SQLITE_CONSTRAINT)
		db_log(db, "user insert");
	sqlite3_finalize(st);
	/* Every new member gets a referral code of their own. */
	if (rc == SQLITE_DONE)
		return referral_code_ensure(db, *id, code, sizeof code) == 0 ?
		    G_OK : G_INTERNAL;
	return (rc & 0xff) == SQLITE_CONSTRAINT ? G_CONFLICT : G_INTERNAL;
}

enum gstatus
db_user_count(sqlite3 *db, int64_t *n)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, "SELECT count(*) FROM users", &st) != 0)
		return G_INTERNAL;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? G_OK : G_INTERNAL;
}

enum gstatus
db_token_insert(sqlite3 *db, int64_t user_id, const unsigned char hash[32],
    const char *label, time_t now, int64_t *id)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, "INSERT INTO tokens (user_id, hash, label,"
	    " created_at) VALUES (?1, ?2, ?3, ?4)", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_blob(st, 2, hash, 32, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, label != NULL ? label : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		*id = sqlite3_last_insert_rowid(db);
	else
		db_log(db, "token insert");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? G_OK : G_INTERNAL;
}

enum gstatus
db_token_lookup(sqlite3 *db, const unsigned char hash[32],
    struct srv_viewer *out, int64_t *last_used)
{
	sqlite3_stmt	*st;
	enum gstatus	 s = G_UNAUTHORIZED;
	int		 rc;
	const char	*role;

	memset(out, 0, sizeof *out);
	*last_used = 0;
	if (db_prepare(db, "SELECT t.id, t.user_id, u.role,"
	    " coalesce(t.last_used_at, 0) FROM tokens t"
	    " JOIN users u ON u.id = t.user_id"
	    " WHERE t.hash = ?1 AND t.revoked_at IS NULL", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->token_id = sqlite3_column_int64(st, 0);
		out->user_id = sqlite3_column_int64(st, 1);
		role = (const char *)sqlite3_column_text(st, 2);
		if (role == NULL || role_parse(role, &out->role) != 0)
			out->role = ROLE_MEMBER;
		*last_used = sqlite3_column_int64(st, 3);
		s = G_OK;
	} else if (rc != SQLITE_DONE) {
		db_log(db, "token lookup");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	return s;
}

/* Runs "UPDATE tokens SET <column> = ?2 WHERE id = ?1 ..." style sql. */
static enum gstatus
token_update(sqlite3 *db, const char *sql, int64_t token_id, time_t now)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, sql, &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, token_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		db_log(db, "token update");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? G_OK : G_INTERNAL;
}

enum gstatus
db_token_touch(sqlite3 *db, int64_t token_id, time_t now)
{
	return token_update(db, "UPDATE tokens SET last_used_at = ?2"
	    " WHERE id = ?1", token_id, now);
}

enum gstatus
db_token_revoke(sqlite3 *db, int64_t token_id, time_t now)
{
	return token_update(db, "UPDATE tokens SET revoked_at = ?2"
	    " WHERE id = ?1 AND revoked_at IS NULL", token_id, now);
}

enum gstatus
db_user_update(sqlite3 *db, int64_t id, const char *display_name,
    const char *bio, const char *tz, const enum level *level)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, "UPDATE users SET"
	    " display_name = coalesce(?2, display_name),"
	    " bio = coalesce(?3, bio), timezone = coalesce(?4, timezone),"
	    " level = coalesce(?5, level) WHERE id = ?1", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, bio, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, tz, -1, SQLITE_STATIC);
	if (level != NULL)
		sqlite3_bind_text(st, 5, level_name(*level), -1,
		    SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "user update");
		return G_INTERNAL;
	}
	return sqlite3_changes(db) > 0 ? G_OK : G_NOT_FOUND;
}

/*
 * Idempotency keys: hashing a request, finding a stored response to
 * replay, and storing the first response (see idempotency.h).
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "db.h"
#include "idempotency.h"
#include "server.h"

int
idem_key_valid(const char *key)
{
	size_t	i, len;

	if (key == NULL)
		return 0;
	len = strlen(key);
	if (len == 0 || len > IDEM_KEY_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		if ((unsigned char)key[i] < 0x21 || (unsigned char)key[i] > 0x7e)
			return 0;
	}
	return 1;
}

void
idem_request_hash(const char *method, const char *path, const char *body,
    size_t len, unsigned char out[32])
{
	crypto_hash_sha256_state	 st;
	json_t				*v = NULL;
	char				*canon = NULL;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)method,
	    strlen(method));
	crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)path,
	    strlen(path));
	crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
	if (body != NULL && len > 0)
		v = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
	if (v != NULL)
		canon = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS |
		    JSON_ENCODE_ANY);
	if (canon != NULL)
		crypto_hash_sha256_update(&st, (const unsigned char *)canon,
		    strlen(canon));
	else if (body != NULL)
		crypto_hash_sha256_update(&st, (const unsigned char *)body,
		    len);
	crypto_hash_sha256_final(&st, out);
	free(canon);
	json_decref(v);
}

/* Deletes the record of (user, key) when it is older than the TTL. */
static enum gstatus
idem_expire(sqlite3 *db, const struct idem *k, time_t now)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, "DELETE FROM idempotency_keys WHERE user_id = ?1"
	    " AND key = ?2 AND created_at < ?3", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, k->user_id);
	sqlite3_bind_text(st, 2, k->key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)(now - IDEM_TTL));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? G_OK : G_INTERNAL;
}

enum gstatus
idem_lookup(sqlite3 *db, struct srv_req *req, const struct idem *k,
    time_t now, enum idem_state *state, enum gstatus *replay)
{
	sqlite3_stmt	*st;
	const void	*hash;
	const char	*ctype;
	int		 rc;
	enum gstatus	 s = G_OK;

	*state = IDEM_NEW;
	*replay = G_OK;
	if (idem_expire(db, k, now) != G_OK)
		return G_INTERNAL;
	if (db_prepare(db, "SELECT request_hash, status, content_type, response"
	    " FROM idempotency_keys WHERE user_id = ?1 AND key = ?2",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, k->user_id);
	sqlite3_bind_text(st, 2, k->key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		hash = sqlite3_column_blob(st, 0);
		if (hash == NULL || sqlite3_column_bytes(st, 0) != 32 ||
		    !mem_equal_ct(hash, k->hash, 32)) {
			*state = IDEM_MISMATCH;
		} else {
			*state = IDEM_REPLAY;
			*replay = gstatus_from_http(sqlite3_column_int(st, 1));
			ctype = (const char *)sqlite3_column_text(st, 2);
			req->raw_type = ctype != NULL &&
			    strcmp(ctype, "application/json") == 0 ?
			    "application/json" : "application/problem+json";
			if (db_col_text(st, 3, &req->raw) != 0 ||
			    req->raw == NULL)
				s = G_INTERNAL;
			else
				srv_header_add(req, "Idempotent-Replayed",
				    "true");
		}
	} else if (rc != SQLITE_DONE) {
		db_log(db, "idempotency lookup");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	return s;
}

/* The problem+json text req would answer with status s; caller frees. */
static char *
idem_problem_text(const struct srv_req *req, enum gstatus s)
{
	struct problem		 p;
	struct field_error	 fe[SRV_MAX_FIELD_ERRORS];
	json_t			*o;
	char			*text;
	size_t			 i;

	memset(&p, 0, sizeof p);
	p.status = gstatus_http(s);
	p.type = (char *)gstatus_type(s);
	p.title = (char *)gstatus_title(s);
	p.detail = (char *)(req->detail[0] != '\0' ? req->detail :
	    gstatus_title(s));
	for (i = 0; s == G_UNPROCESSABLE && i < req->nerrors; i++) {
		fe[i].field = (char *)req->errors[i].field;
		fe[i].message = (char *)req->errors[i].message;
	}
	p.errors = fe;
	p.nerrors = s == G_UNPROCESSABLE ? req->nerrors : 0;
	o = problem_to_json(&p);
	if (o == NULL)
		return NULL;
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return text;
}

enum gstatus
idem_store(sqlite3 *db, const struct idem *k, struct srv_req *req,
    enum gstatus s, time_t now)
{
	sqlite3_stmt	*st;
	char		*text;
	int		 ok = s == G_OK || s == G_CREATED, rc;

	text = ok ? json_dumps(req->out != NULL ? req->out : json_null(),
	    JSON_COMPACT | JSON_ENCODE_ANY) : idem_problem_text(req, s);
	if (text == NULL)
		return G_INTERNAL;
	if (db_prepare(db, "DELETE FROM idempotency_keys WHERE created_at < ?1",
	    &st) != 0) {
		free(text);
		return G_INTERNAL;
	}
	sqlite3_bind_int64(st, 1, (sqlite3_int64)(now - IDEM_TTL));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE ||
	    db_prepare(db, "INSERT INTO idempotency_keys (user_id, key,"
	    " request_hash, status, content_type, response, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &st) != 0) {
		free(text);
		return G_INTERNAL;
	}
	sqlite3_bind_int64(st, 1, k->user_id);
	sqlite3_bind_text(st, 2, k->key, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, k->hash, 32, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, gstatus_http(s));
	sqlite3_bind_text(st, 5, ok ? "application/json" :
	    "application/problem+json", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, text, -1, free);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "idempotency store");
		return G_INTERNAL;
	}
	return G_OK;
}

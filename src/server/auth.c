/*
 * Authentication: argon2id password hashes, bearer tokens that are only
 * ever stored as their SHA-256, and identifying the caller of a request.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "db.h"
#include "server.h"

/* A token's last_used_at is refreshed at most this often (seconds). */
#define AUTH_TOUCH_INTERVAL	60
/* Longest Authorization value worth hashing. */
#define AUTH_HEADER_MAX		512

static char	dummy_hash[AUTH_HASH_SIZE];
static int	have_dummy;

int
auth_init(int login)
{
	char	pw[25];

	if (sodium_init() < 0)
		return -1;
	if (login && !have_dummy) {
		auth_random_password(pw);
		if (auth_password_hash(pw, dummy_hash) != 0)
			return -1;
		sodium_memzero(pw, sizeof pw);
		have_dummy = 1;
	}
	return 0;
}

int
auth_password_hash(const char *password, char out[AUTH_HASH_SIZE])
{
	return crypto_pwhash_str(out, password, strlen(password),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0 ? 0 : -1;
}

int
auth_password_check(const char *hash, const char *password)
{
	size_t	len = strlen(password);

	if (hash == NULL) {
		/* The result is ignored: there is no user to log in. */
		if (have_dummy && crypto_pwhash_str_verify(dummy_hash, password,
		    len) == 0)
			return 0;
		return 0;
	}
	return crypto_pwhash_str_verify(hash, password, len) == 0;
}

void
auth_token_new(char tok[AUTH_TOKEN_SIZE], unsigned char hash[32])
{
	unsigned char	raw[AUTH_TOKEN_BYTES];

	randombytes_buf(raw, sizeof raw);
	memcpy(tok, AUTH_TOKEN_PREFIX, 4);
	sodium_bin2base64(tok + 4, AUTH_TOKEN_SIZE - 4, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	auth_token_hash(tok, hash);
}

void
auth_token_hash(const char *tok, unsigned char hash[32])
{
	crypto_hash_sha256(hash, (const unsigned char *)tok, strlen(tok));
}

void
auth_random_password(char out[25])
{
	unsigned char	raw[18];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, 25, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

/* Records the token's use unless that was done recently; failures only log. */
static void
auth_touch(sqlite3 *db, int64_t token_id, int64_t last_used, time_t now)
{
	if (now - last_used < AUTH_TOUCH_INTERVAL)
		return;
	if (db_begin(db) != 0)
		return;
	if (db_token_touch(db, token_id, now) != G_OK) {
		db_rollback(db);
		return;
	}
	db_commit(db);
}

enum gstatus
auth_identify(struct srv_req *req)
{
	const char	*h = srv_header(req, "Authorization");
	char		 tok[AUTH_HEADER_MAX];
	unsigned char	 hash[32];
	size_t		 len;
	int64_t		 last_used;
	enum gstatus	 s;

	memset(&req->viewer, 0, sizeof req->viewer);
	if (h == NULL)
		return G_OK;
	while (*h == ' ' || *h == '\t')
		h++;
	if (strncasecmp(h, "Bearer", 6) != 0 || (h[6] != ' ' && h[6] != '\t'))
		return srv_fail(req, G_UNAUTHORIZED, "the Authorization header "
		    "must be 'Bearer <token>'");
	h += 6;
	while (*h == ' ' || *h == '\t')
		h++;
	len = strlen(h);
	while (len > 0 && (h[len - 1] == ' ' || h[len - 1] == '\t'))
		len--;
	if (len == 0 || len >= sizeof tok)
		return srv_fail(req, G_UNAUTHORIZED, "the bearer token is "
		    "malformed; log in again");
	memcpy(tok, h, len);
	tok[len] = '\0';
	auth_token_hash(tok, hash);
	sodium_memzero(tok, sizeof tok);
	s = db_token_lookup(req->db, hash, &req->viewer, &last_used);
	if (s == G_UNAUTHORIZED)
		return srv_fail(req, G_UNAUTHORIZED, "the token is not valid "
		    "or was revoked; log in again");
	if (s != G_OK)
		return srv_fail(req, s, "cannot check the token right now");
	auth_touch(req->db, req->viewer.token_id, last_used, req->now);
	return G_OK;
}

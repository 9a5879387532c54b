/* Passwords (argon2id) and bearer tokens (random, stored as SHA-256). */
#ifndef GUILD_SERVER_AUTH_H
#define GUILD_SERVER_AUTH_H

#include <stddef.h>

#include <sodium.h>
#include <sqlite3.h>

#include "guild/problem.h"

#define AUTH_TOKEN_PREFIX	"gld_"
#define AUTH_TOKEN_BYTES	32
/* "gld_" + 43 base64url characters + NUL. */
#define AUTH_TOKEN_SIZE		(4 + 43 + 1)
#define AUTH_HASH_SIZE		crypto_pwhash_STRBYTES
#define AUTH_PASSWORD_MIN	8
#define AUTH_PASSWORD_MAX	1024

struct srv_viewer;
struct srv_req;

/*
 * Initialises libsodium; with login set also prepares the dummy hash that
 * unknown-user logins are verified against. Returns 0 or -1.
 */
int		 auth_init(int login);

/* Hashes password with argon2id into out. Returns 0, or -1 (out of memory). */
int		 auth_password_hash(const char *password, char out[AUTH_HASH_SIZE]);

/*
 * Checks password against hash. A NULL hash (no such user) still costs a
 * full verification against the dummy hash, so timing does not reveal
 * which usernames exist. Returns 1 on a match, 0 otherwise.
 */
int		 auth_password_check(const char *hash, const char *password);

/*
 * Makes a new token: 32 random bytes, written as "gld_" + base64url into
 * tok, and its SHA-256 into hash (what the database stores).
 */
void		 auth_token_new(char tok[AUTH_TOKEN_SIZE],
		    unsigned char hash[32]);

/* SHA-256 of a token string as presented by a client. */
void		 auth_token_hash(const char *tok, unsigned char hash[32]);

/* A random password for `guildd user add`: 24 base64url characters. */
void		 auth_random_password(char out[25]);

/*
 * Identifies the caller of req from its Authorization header. No header
 * leaves the viewer anonymous (G_OK); "Bearer <token>" for a live token
 * fills req->viewer. Anything else is G_UNAUTHORIZED with a detail.
 */
enum gstatus	 auth_identify(struct srv_req *req);

#endif

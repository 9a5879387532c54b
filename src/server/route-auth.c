/* POST /api/v1/auth/tokens (log in) and DELETE .../current (log out). */
#include <string.h>

#include "auth.h"
#include "db.h"
#include "server.h"

#define LABEL_MAX	64	/* code points */

enum gstatus
route_auth_tokens_create(struct srv_req *req)
{
	json_t			*in;
	const char		*login = NULL, *password, *label;
	const char		*keys[] = { "login", "username", "email" };
	char			*hash = NULL, tok[AUTH_TOKEN_SIZE];
	unsigned char		 th[32];
	struct token_grant	 grant;
	struct user		 u;
	enum gstatus		 s;
	int64_t			 token_id;
	size_t			 i;
	int			 match;

	s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	for (i = 0; i < G_NELEM(keys) && login == NULL; i++) {
		if (srv_json_string(req, in, keys[i], 0, &login) != 0)
			break;
	}
	if (login == NULL && req->nerrors == 0)
		srv_field_error(req, "login", "is required (a username or an "
		    "email address)");
	srv_json_string(req, in, "password", 1, &password);
	srv_json_string(req, in, "label", 0, &label);
	if (label != NULL && srv_utf8_len(label) > LABEL_MAX)
		srv_field_error(req, "label", "must be at most %d characters",
		    LABEL_MAX);
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	s = db_user_find_login(req->db, login, &u, &hash);
	if (s != G_OK && s != G_NOT_FOUND) {
		json_decref(in);
		return s;
	}
	/* An unknown user costs the same argon2id verification. */
	match = auth_password_check(hash, password);
	free(hash);
	if (s == G_NOT_FOUND || !match) {
		user_release(&u);
		json_decref(in);
		return srv_fail(req, G_UNAUTHORIZED, "bad username or password");
	}
	auth_token_new(tok, th);
	s = G_UNAVAILABLE;
	if (db_begin(req->db) == 0) {
		s = db_token_insert(req->db, u.id, th, label, req->now,
		    &token_id);
		if (s == G_OK && db_commit(req->db) != 0)
			s = G_INTERNAL;
	}
	json_decref(in);
	if (s != G_OK) {
		sodium_memzero(tok, sizeof tok);
		user_release(&u);
		return srv_fail(req, s, "cannot store the token; try again");
	}
	grant.token = tok;
	grant.user = u;
	req->out = token_grant_to_json(&grant);
	sodium_memzero(tok, sizeof tok);
	user_release(&u);
	srv_header_add(req, "Cache-Control", "no-store");
	return req->out != NULL ? G_CREATED : G_INTERNAL;
}

enum gstatus
route_auth_tokens_delete_current(struct srv_req *req)
{
	enum gstatus	s;

	if (db_begin(req->db) != 0)
		return srv_fail(req, G_UNAVAILABLE, "the database is busy; "
		    "try again");
	s = db_token_revoke(req->db, req->viewer.token_id, req->now);
	if (s == G_OK && db_commit(req->db) != 0)
		s = G_INTERNAL;
	if (s != G_OK)
		return srv_fail(req, s, "cannot revoke the token; try again");
	return G_NO_CONTENT;
}

/* POST /api/v1/users: registration, and the input rules for accounts. */
#include <ctype.h>
#include <string.h>

#include "auth.h"
#include "db.h"
#include "referrals.h"
#include "server.h"

#define DISPLAY_NAME_MAX	64	/* code points */
#define EMAIL_MAX		254	/* bytes, RFC 5321 */

size_t
srv_utf8_len(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	}
	return n;
}

int
srv_username_valid(const char *s)
{
	size_t	i, len = strlen(s);

	if (len < 3 || len > 32)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && c != '_' && c != '-')
			return 0;
	}
	return 1;
}

void
srv_username_fold(const char *s, char *out, size_t outsz)
{
	size_t	i;

	for (i = 0; s[i] != '\0' && i + 1 < outsz; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = '\0';
}

int
srv_email_valid(const char *s)
{
	const char	*at = strchr(s, '@');
	size_t		 i, len = strlen(s);

	if (len < 3 || len > EMAIL_MAX || at == NULL || at == s ||
	    strchr(at + 1, '@') != NULL || at[1] == '\0')
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c == 0x7f)
			return 0;
	}
	/* A dot inside the domain, not at either end. */
	at++;
	return strchr(at, '.') != NULL && at[0] != '.' &&
	    s[len - 1] != '.';
}

/* 1 when s has no control characters (one-line display text). */
static int
is_one_line(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	}
	return 1;
}

/* Checks the registration fields, recording a field error for each bad one. */
static void
check_registration(struct srv_req *req, const char *username,
    const char *email, const char *password, const char *level,
    const char *display_name, enum level *lv)
{
	size_t	plen;

	if (username != NULL && !srv_username_valid(username))
		srv_field_error(req, "username", "must be 3 to 32 characters "
		    "of a-z, 0-9, '_' and '-'");
	if (email != NULL && !srv_email_valid(email))
		srv_field_error(req, "email", "must be an email address like "
		    "name@example.com");
	if (password != NULL) {
		plen = srv_utf8_len(password);
		if (plen < AUTH_PASSWORD_MIN)
			srv_field_error(req, "password", "must be at least %d "
			    "characters", AUTH_PASSWORD_MIN);
		else if (strlen(password) > AUTH_PASSWORD_MAX)
			srv_field_error(req, "password", "must be at most %d "
			    "bytes", AUTH_PASSWORD_MAX);
	}
	*lv = LEVEL_BEGINNER;
	if (level != NULL && level_parse(level, lv) != 0)
		srv_field_error(req, "level", "must be beginner, intermediate "
		    "or advanced");
	if (display_name != NULL && (srv_utf8_len(display_name) >
	    DISPLAY_NAME_MAX || !is_one_line(display_name)))
		srv_field_error(req, "display_name", "must be one line of at "
		    "most %d characters", DISPLAY_NAME_MAX);
}

enum gstatus
route_users_create(struct srv_req *req)
{
	json_t		*in;
	const char	*username, *email, *password, *level, *display_name;
	const char	*ref;
	char		 name[33], hash[AUTH_HASH_SIZE];
	struct user	 u;
	enum gstatus	 s;
	int		 utaken, etaken;
	int64_t		 id, referrer = 0;

	s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	srv_json_string(req, in, "username", 1, &username);
	srv_json_string(req, in, "email", 1, &email);
	srv_json_string(req, in, "password", 1, &password);
	srv_json_string(req, in, "level", 0, &level);
	srv_json_string(req, in, "display_name", 0, &display_name);
	srv_json_string(req, in, "referral_code", 0, &ref);
	memset(&u, 0, sizeof u);
	check_registration(req, username, email, password, level,
	    display_name, &u.level);
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	srv_username_fold(username, name, sizeof name);
	u.username = name;
	u.email = (char *)email;
	u.display_name = (char *)(display_name != NULL ? display_name : "");
	u.role = ROLE_MEMBER;
	if (auth_password_hash(password, hash) != 0) {
		json_decref(in);
		return srv_fail(req, G_INTERNAL, "cannot hash the password");
	}
	if (db_begin(req->db) != 0) {
		json_decref(in);
		return srv_fail(req, G_UNAVAILABLE, "the database is busy; "
		    "try again");
	}
	s = db_user_taken(req->db, name, email, &utaken, &etaken);
	/* A referral code that is given must be some member's. */
	if (s == G_OK && ref != NULL && ref[0] != '\0') {
		if (referral_code_find(req->db, ref, &referrer) != 0)
			s = G_INTERNAL;
		else if (referrer == 0) {
			srv_field_error(req, "referral_code", "is not a "
			    "member's referral code");
			s = srv_invalid(req);
		}
	}
	if (s == G_OK && utaken)
		s = srv_fail(req, G_CONFLICT, "the username '%s' is taken",
		    name);
	else if (s == G_OK && etaken)
		s = srv_fail(req, G_CONFLICT, "that email address is already "
		    "registered; log in instead");
	if (s == G_OK)
		s = db_user_insert(req->db, &u, hash, req->now, &id);
	if (s == G_OK && referral_join(req->db, id, referrer, req->now) != 0)
		s = G_INTERNAL;
	sodium_memzero(hash, sizeof hash);
	json_decref(in);
	if (s == G_OK && db_commit(req->db) != 0)
		s = G_INTERNAL;
	if (s != G_OK) {
		db_rollback(req->db);
		if (s == G_CONFLICT && req->detail[0] == '\0')
			return srv_fail(req, s, "that username or email is "
			    "already registered");
		return s;
	}
	s = db_user_get(req->db, id, &u);
	if (s != G_OK)
		return s;
	req->out = user_to_json(&u, 1);
	user_release(&u);
	return req->out != NULL ? G_CREATED : G_INTERNAL;
}

/* The client side of the platform API: requests, JSON and error mapping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/api.h"
#include "guild/buf.h"
#include "guild/problem.h"
#include "guild/util.h"

/* Request flags. */
#define API_ANONYMOUS	0x1	/* never send the token */
#define API_CREDENTIALS	0x2	/* a 401 means bad credentials, not token */

/* Percent-encodes s for a path segment or query value; caller frees. */
static char *
api_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf	b = BUF_INIT;
	unsigned char	ch;

	buf_adds(&b, "");
	for (; *s != '\0'; s++) {
		ch = (unsigned char)*s;
		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' ||
		    ch == '_' || ch == '~') {
			buf_addc(&b, (char)ch);
		} else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[ch >> 4]);
			buf_addc(&b, hex[ch & 15]);
		}
	}
	if (b.failed) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	return buf_detach(&b);
}

/*
 * Words an error status: the server's problem+json line, with what to do
 * where it is obvious. 401 becomes GERR_AUTH. Always returns -1.
 */
static int
api_error(struct client *c, const struct net_response *r, int sent_token,
    int flags, struct gerr *err)
{
	struct problem	 p;
	json_error_t	 jerr;
	json_t		*j;
	char		 line[400], hint[120];
	int		 have;

	memset(&p, 0, sizeof p);
	j = json_loadb(r->body, r->len, 0, &jerr);
	have = j != NULL && problem_from_json(j, &p) == 0;
	json_decref(j);
	if (have)
		problem_format(&p, line, sizeof line);
	else
		snprintf(line, sizeof line, "HTTP %ld from %s, not a guild "
		    "answer (is [server] url a guild server?)", r->status,
		    c->server);
	problem_release(&p);

	if (r->status == 401) {
		if (flags & API_CREDENTIALS)
			return gerr_set(err, GERR_AUTH, 401, "%s", line);
		if (sent_token && c->token_source != NULL &&
		    strcmp(c->token_source, "GUILD_TOKEN") == 0)
			return gerr_set(err, GERR_AUTH, 401, "the server "
			    "refused the token in GUILD_TOKEN (expired or "
			    "revoked?): set a valid one, or unset it and run "
			    "guild login");
		if (sent_token)
			return gerr_set(err, GERR_AUTH, 401, "the server "
			    "refused the token (expired or revoked?): run "
			    "guild login");
		return gerr_set(err, GERR_AUTH, 401, "not logged in to %s: "
		    "run guild login", c->server);
	}
	hint[0] = '\0';
	if (r->status == 429 && r->retry_after > 0)
		snprintf(hint, sizeof hint, " (too many requests: retry in "
		    "%ld s)", r->retry_after);
	else if (r->status == 429)
		snprintf(hint, sizeof hint, " (too many requests: wait a "
		    "little and retry)");
	else if (r->status == 403)
		snprintf(hint, sizeof hint, " (this account may not do that)");
	else if (r->status >= 500 && have)
		snprintf(hint, sizeof hint, " (the server failed: try again "
		    "later, or tell its operator)");
	return gerr_set(err, GERR_HTTP, (int)r->status, "%s%s", line, hint);
}

/*
 * One request to the API. path starts with "/api/v1". On a 2xx answer
 * *out is its JSON (NULL for 204 or an empty body; caller decrefs).
 */
static int
api_request(struct client *c, const char *method, const char *path,
    json_t *body, int flags, json_t **out, struct gerr *err)
{
	struct net_response	 r;
	json_error_t		 jerr;
	const char		*token = NULL;
	char			*url, *text = NULL;
	size_t			 textlen = 0;
	int			 rc;

	*out = NULL;
	if (!(flags & API_ANONYMOUS))
		token = c->token;
	if (body != NULL) {
		text = json_dumps(body, JSON_COMPACT);
		if (text == NULL) {
			fprintf(stderr, "guild: out of memory\n");
			exit(1);
		}
		textlen = strlen(text);
	}
	url = xasprintf("%s%s", c->server, path);
	rc = net_request(c->net, method, url, token, NULL, text, textlen, &r,
	    err);
	free(url);
	if (text != NULL) {
		/* The body may hold a password. */
		explicit_bzero(text, textlen);
		free(text);
	}
	if (rc != 0)
		return -1;
	if (r.status < 200 || r.status > 299) {
		api_error(c, &r, token != NULL, flags, err);
		net_response_release(&r);
		return -1;
	}
	if (r.status != 204 && r.len > 0) {
		*out = json_loadb(r.body, r.len, 0, &jerr);
		if (*out == NULL) {
			gerr_set(err, GERR_PROTO, (int)r.status, "the answer "
			    "from %s to %s %s is not JSON (HTTP %ld, %s; is "
			    "[server] url a guild server?)", c->server,
			    method, path, r.status, r.content_type != NULL ?
			    r.content_type : "no content type");
			net_response_release(&r);
			return -1;
		}
	}
	net_response_release(&r);
	return 0;
}

int
api_call(struct client *c, const char *method, const char *path,
    json_t *body, json_t **out, struct gerr *err)
{
	return api_request(c, method, path, body, 0, out, err);
}

/*
 * Rewords a decoding failure of an answer as GERR_PROTO naming the
 * server. Always returns -1.
 */
static int
api_unreadable(struct client *c, const char *what, const struct gerr *why,
    struct gerr *err)
{
	return gerr_set(err, GERR_PROTO, 0, "cannot read the %s sent by %s: "
	    "%s (do guild and guildd versions match?)", what, c->server,
	    why->msg[0] ? why->msg : "unexpected shape");
}

/* Requires an object answer; 0, or -1 with GERR_PROTO. */
static int
api_need_object(struct client *c, const char *what, json_t *j,
    struct gerr *err)
{
	if (json_is_object(j))
		return 0;
	return gerr_set(err, GERR_PROTO, 0, "cannot read the %s sent by %s: "
	    "expected a JSON object (do guild and guildd versions match?)",
	    what, c->server);
}

int
api_register(struct client *c, const char *username, const char *email,
    const char *password, const char *level, struct user *out,
    struct gerr *err)
{
	json_t		*body, *res = NULL;
	struct gerr	 why;
	int		 rc;

	memset(out, 0, sizeof *out);
	body = json_pack("{s:s, s:s, s:s}", "username", username, "email",
	    email, "password", password);
	if (body == NULL)
		return gerr_set(err, GERR_USAGE, 0, "username, email and "
		    "password must be valid UTF-8");
	if (level != NULL)
		json_object_set_new(body, "level", json_string(level));
	rc = api_request(c, "POST", "/api/v1/users", body, API_ANONYMOUS,
	    &res, err);
	json_decref(body);
	if (rc == 0)
		rc = api_need_object(c, "new account", res, err);
	if (rc == 0) {
		gerr_clear(&why);
		if (user_from_json(res, out, &why) != 0) {
			user_release(out);
			rc = api_unreadable(c, "new account", &why, err);
		}
	}
	json_decref(res);
	return rc;
}

int
api_login(struct client *c, const char *login, const char *password,
    const char *label, struct token_grant *out, struct gerr *err)
{
	json_t		*body, *res = NULL;
	struct gerr	 why;
	int		 rc;

	memset(out, 0, sizeof *out);
	body = json_pack("{s:s, s:s}", strchr(login, '@') != NULL ? "email" :
	    "username", login, "password", password);
	if (body == NULL)
		return gerr_set(err, GERR_USAGE, 0, "user name and password "
		    "must be valid UTF-8");
	if (label != NULL)
		json_object_set_new(body, "label", json_string(label));
	rc = api_request(c, "POST", "/api/v1/auth/tokens", body,
	    API_ANONYMOUS | API_CREDENTIALS, &res, err);
	json_decref(body);
	if (rc == 0)
		rc = api_need_object(c, "login answer", res, err);
	if (rc == 0) {
		gerr_clear(&why);
		if (token_grant_from_json(res, out, &why) != 0) {
			token_grant_release(out);
			rc = api_unreadable(c, "login answer", &why, err);
		}
	}
	json_decref(res);
	return rc;
}

int
api_logout(struct client *c, struct gerr *err)
{
	json_t	*res = NULL;
	int	 rc;

	if (c->token == NULL)
		return gerr_set(err, GERR_AUTH, 401, "not logged in to %s: "
		    "run guild login", c->server);
	rc = api_request(c, "DELETE", "/api/v1/auth/tokens/current", NULL, 0,
	    &res, err);
	json_decref(res);
	return rc;
}

int
api_me(struct client *c, struct user *out, struct gerr *err)
{
	json_t		*res = NULL;
	struct gerr	 why;
	int		 rc;

	memset(out, 0, sizeof *out);
	if (c->token == NULL)
		return gerr_set(err, GERR_AUTH, 401, "not logged in to %s: "
		    "run guild login", c->server);
	rc = api_request(c, "GET", "/api/v1/me", NULL, 0, &res, err);
	if (rc == 0)
		rc = api_need_object(c, "profile", res, err);
	if (rc == 0) {
		gerr_clear(&why);
		if (user_from_json(res, out, &why) != 0) {
			user_release(out);
			rc = api_unreadable(c, "profile", &why, err);
		}
	}
	json_decref(res);
	return rc;
}

/* Appends "?k=v" or "&k=v" with v escaped. */
static void
api_query_add(struct buf *b, const char *key, const char *value)
{
	char *v = api_escape(value);

	buf_printf(b, "%c%s=%s", strchr(buf_str(b), '?') ? '&' : '?', key, v);
	free(v);
}

int
api_courses(struct client *c, const struct course_query *q,
    struct course_page *out, json_t **raw, struct gerr *err)
{
	struct buf	 path = BUF_INIT;
	struct gerr	 why;
	json_t		*res = NULL;
	char		 num[32];
	int		 rc;

	memset(out, 0, sizeof *out);
	if (raw != NULL)
		*raw = NULL;
	buf_adds(&path, "/api/v1/courses");
	if (q != NULL && q->level != NULL)
		api_query_add(&path, "level", q->level);
	if (q != NULL && q->cursor != NULL)
		api_query_add(&path, "cursor", q->cursor);
	if (q != NULL && q->limit > 0) {
		snprintf(num, sizeof num, "%d", q->limit);
		api_query_add(&path, "limit", num);
	}
	if (path.failed) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	rc = api_request(c, "GET", buf_str(&path), NULL, 0, &res, err);
	buf_release(&path);
	if (rc == 0)
		rc = api_need_object(c, "course list", res, err);
	if (rc == 0) {
		gerr_clear(&why);
		if (course_page_from_json(res, out, &why) != 0) {
			course_page_release(out);
			rc = api_unreadable(c, "course list", &why, err);
		}
	}
	if (rc == 0 && raw != NULL)
		*raw = res;
	else
		json_decref(res);
	return rc;
}

int
api_course(struct client *c, const char *id_or_slug, struct course *out,
    json_t **raw, struct gerr *err)
{
	struct gerr	 why;
	json_t		*res = NULL;
	char		*seg, *path;
	int		 rc;

	memset(out, 0, sizeof *out);
	if (raw != NULL)
		*raw = NULL;
	seg = api_escape(id_or_slug);
	path = xasprintf("/api/v1/courses/%s", seg);
	free(seg);
	rc = api_request(c, "GET", path, NULL, 0, &res, err);
	free(path);
	if (rc == 0)
		rc = api_need_object(c, "course", res, err);
	if (rc == 0) {
		gerr_clear(&why);
		if (course_from_json(res, out, &why) != 0) {
			course_release(out);
			rc = api_unreadable(c, "course", &why, err);
		}
	}
	if (rc == 0 && raw != NULL)
		*raw = res;
	else
		json_decref(res);
	return rc;
}

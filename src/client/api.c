/*
 * The client side of the platform API: requests (blocking and
 * asynchronous), the response cache and offline mode, JSON and error
 * mapping.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/api.h"
#include "guild/buf.h"
#include "guild/cache.h"
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

/* ---- the cache ---------------------------------------------------- */

/* A GET's cached copy, looked up before the request. */
struct api_copy {
	char	*key;		/* NULL when the call is not cached at all */
	char	*body;		/* NULL when there is no copy */
	size_t	 len;
	char	*etag;
	time_t	 stored;
};

static void
api_copy_release(struct api_copy *cc)
{
	FREE(&cc->key);
	FREE(&cc->body);
	FREE(&cc->etag);
	cc->len = 0;
	cc->stored = 0;
}

/*
 * The cache key of path for whoever the client is: server, identity and
 * path on three lines. The identity is "user NAME" for a token whose user
 * is known, "token HASH" (a 64-bit FNV-1a of the token, never the token)
 * for one that is not (GUILD_TOKEN), else "anonymous". Caller frees.
 */
static char *
api_cache_key(const struct client *c, const char *path)
{
	const unsigned char	*p;
	uint64_t		 h = 0xcbf29ce484222325ULL;

	if (c->token == NULL)
		return xasprintf("%s\nanonymous\n%s", c->server, path);
	if (c->username != NULL)
		return xasprintf("%s\nuser %s\n%s", c->server, c->username,
		    path);
	for (p = (const unsigned char *)c->token; *p != '\0'; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	return xasprintf("%s\ntoken %016llx\n%s", c->server,
	    (unsigned long long)h, path);
}

/* Looks up the cached copy of GET path (cc->body NULL when none). */
static void
api_copy_lookup(struct client *c, const char *path, struct api_copy *cc)
{
	memset(cc, 0, sizeof *cc);
	if (c->cache == NULL)
		return;
	cc->key = api_cache_key(c, path);
	if (cache_get(c->cache, cc->key, &cc->body, &cc->len, &cc->etag,
	    &cc->stored) != 0) {
		cc->body = NULL;
		cc->etag = NULL;
	}
}

/* 1 when etag can go back in a header: printable ASCII, no CR LF. */
static int
api_etag_ok(const char *etag)
{
	size_t i;

	for (i = 0; etag[i] != '\0'; i++)
		if ((unsigned char)etag[i] < 0x20 ||
		    (unsigned char)etag[i] > 0x7e)
			return 0;
	return i > 0 && i <= 256;
}

/* "If-None-Match: ETAG" for the cached copy, or NULL; caller frees. */
static char *
api_inm(const struct api_copy *cc)
{
	if (cc->body == NULL || cc->etag == NULL || !api_etag_ok(cc->etag))
		return NULL;
	return xasprintf("If-None-Match: %s", cc->etag);
}

/* ---- answers --------------------------------------------------------- */

/*
 * Reads the answer r to method path: a 2xx gives *out (its JSON, NULL for
 * 204 or an empty body; caller decrefs), any other status the worded
 * error (api_error). 0, or -1 with err. Both paths and the cache use it.
 */
static int
api_decode(struct client *c, const char *method, const char *path,
    const struct net_response *r, int sent_token, int flags, json_t **out,
    struct gerr *err)
{
	json_error_t jerr;

	*out = NULL;
	if (r->status < 200 || r->status > 299)
		return api_error(c, r, sent_token, flags, err);
	if (r->status == 204 || r->len == 0)
		return 0;
	*out = json_loadb(r->body, r->len, 0, &jerr);
	if (*out == NULL)
		return gerr_set(err, GERR_PROTO, (int)r->status, "the answer "
		    "from %s to %s %s is not JSON (HTTP %ld, %s; is [server] "
		    "url a guild server?)", c->server, method, path, r->status,
		    r->content_type != NULL ? r->content_type :
		    "no content type");
	return 0;
}

/* Decodes a cached copy as if the server had just sent it. 0 or -1. */
static int
api_decode_copy(struct client *c, const char *path,
    const struct api_copy *cc, json_t **out, struct gerr *err)
{
	struct net_response r;

	memset(&r, 0, sizeof r);
	r.status = 200;
	r.body = cc->body;
	r.len = cc->len;
	r.content_type = (char *)"application/json (cached)";
	return api_decode(c, "GET", path, &r, 0, 0, out, err);
}

/*
 * Handles the answer to a GET that may be cached: a 304 (when a copy was
 * offered) answers with the copy, confirmed now; a 200 with an ETag is
 * stored; anything else as api_decode. Sets API_* bits in *aflags.
 */
static int
api_answer(struct client *c, const char *method, const char *path,
    struct api_copy *cc, const struct net_response *r, int sent_token,
    int flags, json_t **out, unsigned *aflags, struct gerr *err)
{
	int rc;

	if (r->status == 304 && cc->body != NULL) {
		*aflags |= API_FROM_CACHE | API_NOT_MODIFIED;
		rc = api_decode_copy(c, path, cc, out, err);
		if (rc == 0)
			cache_put(c->cache, cc->key, cc->body, cc->len,
			    cc->etag);
		return rc;
	}
	rc = api_decode(c, method, path, r, sent_token, flags, out, err);
	if (rc == 0 && r->status == 200 && cc->key != NULL &&
	    r->etag != NULL && api_etag_ok(r->etag))
		cache_put(c->cache, cc->key, r->body, r->len, r->etag);
	return rc;
}

/*
 * Answers GET path offline from the copy, noting its age in
 * c->cache_shown. 0 with *out, or -1 with err when there is no copy.
 */
static int
api_offline_get(struct client *c, const char *path,
    const struct api_copy *cc, json_t **out, struct gerr *err)
{
	*out = NULL;
	if (cc->body == NULL)
		return gerr_set(err, GERR_NET, 0, "offline: %s is not in the "
		    "cache (run once online first)", path);
	if (api_decode_copy(c, path, cc, out, err) != 0)
		return -1;
	if (c->cache_shown == 0 || cc->stored < c->cache_shown)
		c->cache_shown = cc->stored;
	return 0;
}

/* The refusal of every change while offline. Always returns -1. */
static int
api_offline_write(struct gerr *err)
{
	return gerr_set(err, GERR_NET, 0, "offline: cannot change anything "
	    "while offline");
}

/* The JSON text of body for the wire, or NULL; caller wipes and frees. */
static char *
api_body_text(json_t *body, size_t *len)
{
	char *text;

	*len = 0;
	if (body == NULL)
		return NULL;
	text = json_dumps(body, JSON_COMPACT);
	if (text == NULL) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	*len = strlen(text);
	return text;
}

/* Wipes (it may hold a password) and frees a request body. */
static void
api_body_free(char *text, size_t len)
{
	if (text == NULL)
		return;
	explicit_bzero(text, len);
	free(text);
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
	struct api_copy		 cc;
	const char		*token = NULL, *hdrs[2] = { NULL, NULL };
	char			*url, *text, *inm = NULL;
	size_t			 textlen;
	unsigned		 aflags = 0;
	int			 rc, is_get = strcmp(method, "GET") == 0;

	*out = NULL;
	if (c->offline && !is_get)
		return api_offline_write(err);
	memset(&cc, 0, sizeof cc);
	if (is_get)
		api_copy_lookup(c, path, &cc);
	if (c->offline) {
		rc = api_offline_get(c, path, &cc, out, err);
		api_copy_release(&cc);
		return rc;
	}
	if (!(flags & API_ANONYMOUS))
		token = c->token;
	inm = api_inm(&cc);
	hdrs[0] = inm;
	text = api_body_text(body, &textlen);
	url = xasprintf("%s%s", c->server, path);
	rc = net_request(c->net, method, url, token, hdrs, text, textlen, &r,
	    err);
	free(url);
	free(inm);
	api_body_free(text, textlen);
	if (rc == 0) {
		rc = api_answer(c, method, path, &cc, &r, token != NULL, flags,
		    out, &aflags, err);
		net_response_release(&r);
	}
	api_copy_release(&cc);
	return rc;
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
    const char *password, const char *level, const char *referral_code,
    struct user *out, struct gerr *err)
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
	if (referral_code != NULL)
		json_object_set_new(body, "referral_code",
		    json_string(referral_code));
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

/* ---- asynchronous calls ---------------------------------------------- */

/* One asynchronous call: what its answer needs once the network is done. */
struct api_req {
	struct client	*c;
	struct net_req	*nr;
	char		*method;
	char		*path;
	struct api_copy	 cc;
	int		 sent_token;
	int		 offline;	/* answered by a net_defer */
	int		 text;		/* the body is text, not JSON */
	api_done_fn	*done;
	void		*arg;
};

static void
api_req_free(struct api_req *q)
{
	api_copy_release(&q->cc);
	free(q->method);
	free(q->path);
	free(q);
}

/* The net layer's done: turns the answer into JSON and calls ours. */
static void
api_req_done(void *arg, const struct net_response *r, const struct gerr *err)
{
	struct api_req	*q = arg;
	struct gerr	 e;
	json_t		*body = NULL;
	unsigned	 aflags = 0;
	int		 rc;

	gerr_clear(&e);
	if (q->offline) {
		aflags = API_OFFLINE;
		if (strcmp(q->method, "GET") != 0)
			rc = api_offline_write(&e);
		else
			rc = api_offline_get(q->c, q->path, &q->cc, &body, &e);
		if (rc == 0)
			aflags |= API_FROM_CACHE;
	} else if (r == NULL) {
		e = *err;
		rc = -1;
	} else if (q->text && (r->status < 200 || r->status > 299)) {
		rc = api_error(q->c, r, q->sent_token, 0, &e);
	} else if (q->text) {
		body = json_stringn_nocheck(r->body != NULL ? r->body : "",
		    r->len);
		rc = body != NULL ? 0 : gerr_set(&e, GERR_PROTO, (int)r->status,
		    "cannot keep the answer to GET %s", q->path);
	} else {
		rc = api_answer(q->c, q->method, q->path, &q->cc, r,
		    q->sent_token, 0, &body, &aflags, &e);
	}
	q->done(q->arg, rc == 0 ? body : NULL, rc == 0 ? NULL : &e, aflags);
	json_decref(body);
	api_req_free(q);
}

/*
 * Starts method path with body and the extra "Name: value" headers
 * (NULL-terminated list, or NULL); GETs are cached. Never NULL.
 */
static struct api_req *
api_start(struct client *c, const char *method, const char *path,
    json_t *body, const char *const *extra, api_done_fn *done, void *arg)
{
	struct api_req	*q = xcalloc(1, sizeof *q);
	const char	**hdrs;
	char		*url, *text, *inm;
	size_t		 textlen, nextra = 0, nh = 0;

	q->c = c;
	q->method = xstrdup(method);
	q->path = xstrdup(path);
	q->done = done;
	q->arg = arg;
	if (strcmp(method, "GET") == 0)
		api_copy_lookup(c, path, &q->cc);
	if (c->offline) {
		q->offline = 1;
		q->nr = net_defer(c->net, api_req_done, q);
		return q;
	}
	q->sent_token = c->token != NULL;
	inm = api_inm(&q->cc);
	while (extra != NULL && extra[nextra] != NULL)
		nextra++;
	hdrs = xcalloc(nextra + 2, sizeof(*hdrs));
	if (inm != NULL)
		hdrs[nh++] = inm;
	while (extra != NULL && *extra != NULL)
		hdrs[nh++] = *extra++;
	text = api_body_text(body, &textlen);
	url = xasprintf("%s%s", c->server, path);
	q->nr = net_start(c->net, method, url, c->token, hdrs, text, textlen,
	    api_req_done, q);
	free(url);
	free(hdrs);
	free(inm);
	api_body_free(text, textlen);
	return q;
}

json_t *
api_cached(struct client *c, const char *path)
{
	struct api_copy	 cc;
	struct gerr	 err;
	json_t		*j = NULL;

	api_copy_lookup(c, path, &cc);
	if (cc.body != NULL && api_decode_copy(c, path, &cc, &j, &err) != 0)
		j = NULL;
	api_copy_release(&cc);
	return j;
}

struct api_req *
api_get_async(struct client *c, const char *path, api_done_fn *done,
    void *arg)
{
	return api_start(c, "GET", path, NULL, NULL, done, arg);
}

struct api_req *
api_get_text_async(struct client *c, const char *path, api_done_fn *done,
    void *arg)
{
	struct api_req *q = api_start(c, "GET", path, NULL, NULL, done, arg);

	/* done runs from net_perform only, so this is in time. */
	q->text = 1;
	return q;
}

struct api_req *
api_call_async(struct client *c, const char *method, const char *path,
    json_t *body, api_done_fn *done, void *arg)
{
	return api_start(c, method, path, body, NULL, done, arg);
}

struct api_req *
api_call_async_hdr(struct client *c, const char *method, const char *path,
    json_t *body, const char *const *headers, api_done_fn *done, void *arg)
{
	return api_start(c, method, path, body, headers, done, arg);
}

void
api_cancel(struct client *c, struct api_req *q)
{
	if (q == NULL)
		return;
	net_cancel(c->net, q->nr);
	api_req_free(q);
}

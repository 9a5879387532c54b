/*
 * What the discussion and Q&A routes share: the input rules for titles,
 * bodies and tags, JSON and path readers, authorization, the posting
 * rate limit and the view counter, events, transactions, cursors and
 * list pages.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "db.h"
#include "posts.h"
#include "server.h"

/* Keys tracked by the two limits; beyond that they fail open. */
#define POST_RATE_KEYS		65536
#define POST_VIEW_KEYS		65536

static struct ratelimit	post_rate = RATELIMIT_INIT(10, 60, POST_RATE_KEYS);
static struct ratelimit	post_views = RATELIMIT_INIT(1, POST_VIEW_INTERVAL,
			    POST_VIEW_KEYS);

static const char *const post_kind_names[] = {
	[POST_THREAD] = "thread",
	[POST_REPLY] = "reply",
	[POST_QUESTION] = "question",
	[POST_ANSWER] = "answer",
};

const char *
post_kind_name(enum post_kind k)
{
	return (unsigned)k < G_NELEM(post_kind_names) ? post_kind_names[k] :
	    "post";
}

/* Milliseconds on the monotonic clock. */
static int64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- rate limit and views ----------------------------------------------- */

int
post_rate_configure(const char *spec)
{
	unsigned	count, period;

	if (ratelimit_parse(spec, &count, &period) != 0)
		return -1;
	ratelimit_set(&post_rate, count, period);
	return 0;
}

enum gstatus
post_rate_take(struct srv_req *req)
{
	unsigned	wait;

	wait = ratelimit_take(&post_rate, (uint64_t)req->viewer.user_id,
	    now_ms());
	if (wait == 0)
		return G_OK;
	srv_header_add(req, "Retry-After", "%u", wait);
	return srv_fail(req, G_TOO_MANY_REQUESTS, "you are posting too fast "
	    "(at most %u posts every %u seconds); try again in %u second%s",
	    post_rate.count, post_rate.period, wait, wait == 1 ? "" : "s");
}

int
post_view_counts(const struct srv_req *req, int64_t question_id)
{
	unsigned char	h[8];
	char		who[96], addr[64];
	uint64_t	key;

	if (req->viewer.user_id != 0)
		snprintf(who, sizeof who, "q%lld:u%lld", (long long)question_id,
		    (long long)req->viewer.user_id);
	else
		snprintf(who, sizeof who, "q%lld:a%s", (long long)question_id,
		    srv_client_address(req, addr, sizeof addr));
	crypto_generichash(h, sizeof h, (const unsigned char *)who,
	    strlen(who), NULL, 0);
	memcpy(&key, h, sizeof key);
	return ratelimit_take(&post_views, key, now_ms()) == 0;
}

/* ---- field rules -------------------------------------------------------- */

/* 1 when s has a character other than white space. */
static int
has_text(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 1;
	}
	return 0;
}

int
post_title_check(struct srv_req *req, const char *field, const char *s)
{
	const unsigned char	*p;

	if (!has_text(s)) {
		srv_field_error(req, field, "must not be empty");
		return -1;
	}
	if (srv_utf8_len(s) > POST_TITLE_MAX) {
		srv_field_error(req, field, "must be at most %d characters",
		    POST_TITLE_MAX);
		return -1;
	}
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			srv_field_error(req, field, "must be one line without "
			    "control characters");
			return -1;
		}
	}
	return 0;
}

int
post_body_check(struct srv_req *req, const char *field, const char *s)
{
	const unsigned char	*p;

	if (strlen(s) > POST_BODY_MAX) {
		srv_field_error(req, field, "must be at most %d bytes (64 KiB)",
		    POST_BODY_MAX);
		return -1;
	}
	if (!has_text(s)) {
		srv_field_error(req, field, "must not be empty");
		return -1;
	}
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r') ||
		    *p == 0x7f) {
			srv_field_error(req, field, "must not contain control "
			    "characters other than tab and newline");
			return -1;
		}
	}
	return 0;
}

int
post_tag_fold(const char *s, char *out, size_t outsz)
{
	size_t	i, len = strlen(s);

	if (len == 0 || len > POST_TAG_MAX || outsz <= len)
		return -1;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '+' || c == '#' || c == '.' || c == '-' || c == '_' ||
		    c >= 0x80))
			return -1;
		out[i] = (char)c;
	}
	out[len] = '\0';
	/* Non-ASCII text must not hide spaces or controls (U+0080-U+00A0). */
	for (i = 0; i + 1 < len; i++) {
		if ((unsigned char)out[i] == 0xc2 &&
		    (unsigned char)out[i + 1] <= 0xa0)
			return -1;
	}
	return 0;
}

int
post_tags_read(struct srv_req *req, const json_t *obj, int required,
    char tags[][POST_TAG_MAX + 1], size_t *n)
{
	const json_t	*v = json_object_get(obj, "tags");
	char		 t[POST_TAG_MAX + 1];
	size_t		 i, j, len;

	*n = 0;
	if (v == NULL || json_is_null(v)) {
		if (required)
			srv_field_error(req, "tags", "is required: a list of 1 "
			    "to %d tags", POST_TAGS_MAX);
		return required ? -1 : 0;
	}
	if (!json_is_array(v)) {
		srv_field_error(req, "tags", "must be a list of strings");
		return -1;
	}
	len = json_array_size(v);
	if (len < 1 || len > POST_TAGS_MAX) {
		srv_field_error(req, "tags", "must have 1 to %d tags",
		    POST_TAGS_MAX);
		return -1;
	}
	for (i = 0; i < len; i++) {
		const char *s = json_string_value(json_array_get(v, i));

		if (s == NULL) {
			srv_field_error(req, "tags", "must be a list of "
			    "strings");
			return -1;
		}
		if (post_tag_fold(s, t, sizeof t) != 0) {
			srv_field_error(req, "tags", "must each be 1 to %d "
			    "bytes of letters, digits, '+', '#', '.', '-' or "
			    "'_'", POST_TAG_MAX);
			return -1;
		}
		for (j = 0; j < *n && strcmp(tags[j], t) != 0; j++)
			continue;
		if (j == *n)
			memcpy(tags[(*n)++], t, sizeof t);
	}
	return 0;
}

int
post_json_int(struct srv_req *req, const json_t *obj, const char *key,
    int required, int64_t min, int64_t max, int64_t *out, int *present)
{
	const json_t	*v = json_object_get(obj, key);
	json_int_t	 n;

	*present = 0;
	if (v == NULL || json_is_null(v)) {
		if (required)
			srv_field_error(req, key, "is required");
		return required ? -1 : 0;
	}
	if (!json_is_integer(v)) {
		srv_field_error(req, key, "must be a whole number");
		return -1;
	}
	n = json_integer_value(v);
	if (n < min || n > max) {
		srv_field_error(req, key, "must be from %lld to %lld",
		    (long long)min, (long long)max);
		return -1;
	}
	*out = n;
	*present = 1;
	return 0;
}

int
post_json_bool(struct srv_req *req, const json_t *obj, const char *key,
    int *out, int *present)
{
	const json_t	*v = json_object_get(obj, key);

	*present = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_boolean(v)) {
		srv_field_error(req, key, "must be true or false");
		return -1;
	}
	*out = json_is_true(v);
	*present = 1;
	return 0;
}

/* ---- paths, queries, authorization -------------------------------------- */

enum gstatus
post_path_id(struct srv_req *req, const char *what, int64_t *id)
{
	const char	*v = route_param(&req->params, "id");
	char		 q[48];

	if (v != NULL && parse_int64(v, 1, INT64_MAX, id) == 0)
		return G_OK;
	return srv_fail(req, G_NOT_FOUND, "no %s '%s'", what,
	    srv_quote(v != NULL ? v : "", q, sizeof q));
}

const char *
post_query(const struct srv_req *req, const char *name)
{
	const char	*v = srv_query(req, name);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

int
post_list_limit(struct srv_req *req, int *limit)
{
	const char	*v = post_query(req, "limit");
	int64_t		 n;

	*limit = POST_LIMIT_DEFAULT;
	if (v == NULL)
		return 0;
	if (parse_int64(v, 1, POST_LIMIT_MAX, &n) != 0) {
		srv_field_error(req, "limit", "must be a whole number from 1 "
		    "to %d", POST_LIMIT_MAX);
		return -1;
	}
	*limit = (int)n;
	return 0;
}

int
post_may_modify(const struct srv_req *req, int64_t author_id)
{
	return req->viewer.user_id != 0 &&
	    (req->viewer.user_id == author_id || srv_viewer_is_operator(req));
}

int
post_emit(struct srv_req *req, enum srv_event_kind kind, enum post_kind subject,
    int64_t subject_id, int64_t target_user_id, int64_t value)
{
	struct srv_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.actor_id = req->viewer.user_id;
	ev.target_user_id = target_user_id;
	ev.subject_type = post_kind_name(subject);
	ev.subject_id = subject_id;
	ev.value = value;
	ev.at = req->now;
	return srv_event_emit(req->db, &ev);
}

enum gstatus
post_begin(struct srv_req *req)
{
	if (db_begin(req->db) != 0)
		return srv_fail(req, G_UNAVAILABLE, "the database is busy; try "
		    "again");
	return G_OK;
}

enum gstatus
post_commit(struct srv_req *req)
{
	if (db_commit(req->db) != 0)
		return srv_fail(req, G_INTERNAL, "cannot save the change; try "
		    "again");
	return G_OK;
}

/* ---- Idempotency-Key on creates ----------------------------------------- */

enum gstatus
post_idem_key(struct srv_req *req, struct post_idem *pi)
{
	const char	*key = srv_header(req, "Idempotency-Key");

	memset(pi, 0, sizeof *pi);
	if (key == NULL)
		return G_OK;
	if (!idem_key_valid(key))
		return srv_fail(req, G_BAD_REQUEST, "the Idempotency-Key must "
		    "be 1 to %d printable ASCII characters without spaces",
		    IDEM_KEY_MAX);
	pi->on = 1;
	pi->k.user_id = req->viewer.user_id;
	snprintf(pi->k.key, sizeof pi->k.key, "%s", key);
	idem_request_hash(req->method, req->path, req->body, req->body_len,
	    pi->k.hash);
	return G_OK;
}

enum gstatus
post_idem_begin(struct srv_req *req, const struct post_idem *pi,
    int *replayed)
{
	enum idem_state	state;
	enum gstatus	s, replay;

	*replayed = 0;
	s = post_begin(req);
	if (s != G_OK || !pi->on)
		return s;
	s = idem_lookup(req->db, req, &pi->k, req->now, &state, &replay);
	if (s == G_OK && state == IDEM_REPLAY) {
		db_commit(req->db);
		*replayed = 1;
		return replay;
	}
	if (s == G_OK && state == IDEM_MISMATCH)
		s = srv_fail(req, G_UNPROCESSABLE, "this Idempotency-Key was "
		    "already used for a different request; make a new key for "
		    "a new post");
	if (s != G_OK)
		db_rollback(req->db);
	return s;
}

enum gstatus
post_idem_end(struct srv_req *req, const struct post_idem *pi,
    enum gstatus s)
{
	if (s != G_CREATED) {
		db_rollback(req->db);
		return s;
	}
	if ((pi->on && idem_store(req->db, &pi->k, req, s, req->now) !=
	    G_OK) || post_commit(req) != G_OK) {
		db_rollback(req->db);
		json_decref(req->out);
		req->out = NULL;
		return srv_fail(req, G_INTERNAL, "cannot save the post; try "
		    "again");
	}
	return G_CREATED;
}

/* ---- cursors and pages -------------------------------------------------- */

int
post_cursor_encode(const char *kind, const int64_t *v, size_t n,
    const char *text, char *out, size_t outsz)
{
	char	raw[128];
	size_t	len, i;
	int	w;

	w = snprintf(raw, sizeof raw, "%s", kind);
	len = w > 0 ? (size_t)w : 0;
	for (i = 0; i < n && len < sizeof raw; i++) {
		w = snprintf(raw + len, sizeof raw - len, "|%lld",
		    (long long)v[i]);
		len += w > 0 ? (size_t)w : 0;
	}
	if (text != NULL && len < sizeof raw) {
		w = snprintf(raw + len, sizeof raw - len, "|%s", text);
		len += w > 0 ? (size_t)w : 0;
	}
	if (len >= sizeof raw || outsz < sodium_base64_ENCODED_LEN(len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return -1;
	sodium_bin2base64(out, outsz, (const unsigned char *)raw, len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

int
post_cursor_decode(const char *s, const char *kind, int64_t *v, size_t n,
    char *text, size_t textsz)
{
	unsigned char	 raw[128];
	char		 buf[129], *p, *bar;
	size_t		 len, klen = strlen(kind), i;
	int		 last;

	if (s == NULL || strlen(s) >= POST_CURSOR_SIZE)
		return -1;
	if (sodium_base642bin(raw, sizeof raw, s, strlen(s), NULL, &len,
	    NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return -1;
	memcpy(buf, raw, len);
	buf[len] = '\0';
	if (strlen(buf) != len || strncmp(buf, kind, klen) != 0 ||
	    buf[klen] != '|')
		return -1;
	/* n numbers, each followed by '|' unless it ends the cursor. */
	p = buf + klen + 1;
	for (i = 0; i < n; i++) {
		last = i + 1 == n && text == NULL;
		bar = strchr(p, '|');
		if ((bar == NULL) != last)
			return -1;
		if (bar != NULL)
			*bar = '\0';
		if (parse_int64(p, INT64_MIN, INT64_MAX, &v[i]) != 0)
			return -1;
		if (bar != NULL)
			p = bar + 1;
	}
	if (text == NULL)
		return 0;
	len = strlen(p);
	if (len == 0 || len >= textsz)
		return -1;
	memcpy(text, p, len + 1);
	return 0;
}

enum gstatus
post_page(struct srv_req *req, json_t *items, int has_more, const char *next,
    const char *path)
{
	req->out = page_to_json(items, has_more ? next : NULL, has_more);
	if (req->out == NULL)
		return G_INTERNAL;
	if (has_more)
		srv_header_add(req, "Link", "<%s&cursor=%s>; rel=\"next\"",
		    path, next);
	return G_OK;
}

/* ---- storage helpers ---------------------------------------------------- */

enum gstatus
post_step_done(sqlite3 *db, sqlite3_stmt *st, const char *what)
{
	int	rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, what);
		return G_INTERNAL;
	}
	return G_OK;
}

int
post_col_author(sqlite3_stmt *st, int col, struct post_author *a)
{
	a->id = sqlite3_column_int64(st, col);
	if (db_col_text(st, col + 1, &a->username) != 0 ||
	    db_col_text(st, col + 2, &a->display_name) != 0)
		return -1;
	return 0;
}

char *
post_url_encode(const char *s, char *out, size_t outsz)
{
	static const char	hex[] = "0123456789ABCDEF";
	size_t			o = 0;

	if (outsz == 0)
		return out;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			if (o + 1 >= outsz)
				break;
			out[o++] = (char)c;
		} else {
			if (o + 3 >= outsz)
				break;
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return out;
}

/* ---- likes and votes ---------------------------------------------------- */

/*
 * Reads the author of the thread, reply, question or answer id into
 * *author (404 when there is none, or the reply was deleted).
 */
static enum gstatus
post_author_of(struct srv_req *req, enum post_kind kind, int64_t id,
    int64_t *author)
{
	struct thread	t;
	struct reply	r;
	struct question	q;
	struct answer	a;
	enum gstatus	s;
	int		deleted = 0;

	*author = 0;
	switch (kind) {
	case POST_THREAD:
		s = db_thread_get(req->db, id, 0, &t);
		*author = t.author.id;
		thread_release(&t);
		break;
	case POST_REPLY:
		s = db_reply_get(req->db, id, 0, &r);
		*author = r.author.id;
		deleted = r.deleted;
		reply_release(&r);
		break;
	case POST_QUESTION:
		s = db_question_get(req->db, id, 0, 0, &q);
		*author = q.author.id;
		question_release(&q);
		break;
	default:
		s = db_answer_get(req->db, id, 0, &a);
		*author = a.author.id;
		answer_release(&a);
		break;
	}
	if (s == G_OK && deleted)
		s = G_NOT_FOUND;
	if (s == G_NOT_FOUND)
		return srv_fail(req, G_NOT_FOUND, "no %s %lld",
		    post_kind_name(kind), (long long)id);
	return s;
}

enum gstatus
post_like(struct srv_req *req, enum post_kind kind, int on)
{
	struct like_state	ls;
	enum gstatus		s;
	int64_t			id, author;
	int			changed;

	s = post_path_id(req, post_kind_name(kind), &id);
	if (s != G_OK)
		return s;
	s = post_begin(req);
	if (s != G_OK)
		return s;
	s = post_author_of(req, kind, id, &author);
	if (s == G_OK && on && author == req->viewer.user_id)
		s = srv_fail(req, G_UNPROCESSABLE, "you cannot like your own "
		    "%s", post_kind_name(kind));
	if (s == G_OK)
		s = db_like_set(req->db, kind, id, req->viewer.user_id, on,
		    req->now, &changed, &ls.like_count);
	if (s == G_OK && changed && post_emit(req, on ? EV_LIKE_ADDED :
	    EV_LIKE_REMOVED, kind, id, author, 0) != 0)
		s = G_INTERNAL;
	if (s == G_OK)
		s = post_commit(req);
	if (s != G_OK) {
		db_rollback(req->db);
		return s;
	}
	ls.liked = on;
	req->out = like_state_to_json(&ls);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

enum gstatus
post_vote(struct srv_req *req, enum post_kind kind, int on)
{
	struct vote_state	 vs;
	json_t			*in = NULL;
	enum gstatus		 s;
	int64_t			 id, author, value = 0;
	int			 present, old;

	s = post_path_id(req, post_kind_name(kind), &id);
	if (s != G_OK)
		return s;
	if (on) {
		s = srv_json_body(req, &in);
		if (s != G_OK)
			return s;
		if (post_json_int(req, in, "value", 1, INT64_MIN, INT64_MAX,
		    &value, &present) == 0 && value != 1 && value != -1)
			srv_field_error(req, "value", "must be 1 or -1 (to "
			    "take a vote back, DELETE it)");
		json_decref(in);
		if (req->nerrors > 0)
			return srv_invalid(req);
	}
	s = post_begin(req);
	if (s != G_OK)
		return s;
	s = post_author_of(req, kind, id, &author);
	if (s == G_OK && on && author == req->viewer.user_id)
		s = srv_fail(req, G_UNPROCESSABLE, "you cannot vote on your "
		    "own %s", post_kind_name(kind));
	if (s == G_OK)
		s = db_vote_set(req->db, kind, id, req->viewer.user_id,
		    (int)value, req->now, &old, &vs.score);
	/* A change is the old vote taken back, then the new one cast. */
	if (s == G_OK && old != 0 && old != value &&
	    post_emit(req, EV_VOTE_REMOVED, kind, id, author, old) != 0)
		s = G_INTERNAL;
	if (s == G_OK && value != 0 && old != value &&
	    post_emit(req, EV_VOTE_CAST, kind, id, author, value) != 0)
		s = G_INTERNAL;
	if (s == G_OK)
		s = post_commit(req);
	if (s != G_OK) {
		db_rollback(req->db);
		return s;
	}
	vs.vote = (int)value;
	req->out = vote_state_to_json(&vs);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

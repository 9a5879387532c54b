/*
 * The catalog and course authoring: GET /api/v1/courses (search, filters,
 * sorts), GET /api/v1/courses/{id or slug}, POST /api/v1/courses and
 * PATCH /api/v1/courses/{id}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "guild/buf.h"
#include "catalog.h"
#include "db.h"
#include "server.h"

#define COURSES_LIMIT_DEFAULT	20
#define COURSES_LIMIT_MAX	100

#define COURSE_Q_MAX		100		/* characters of ?q= */
#define COURSE_TITLE_MAX	200		/* characters */
#define COURSE_SUMMARY_MAX	500		/* characters */
#define COURSE_TEXT_MAX		(256 * 1024)	/* description, bytes */
#define COURSE_SLUG_MAX		64
#define COURSE_TAGS_MAX		10
#define COURSE_TAG_MAX		32		/* characters */
#define COURSE_PRICE_MAX	100000000	/* minor units: 1 000 000.00 */

static const char *const sort_names[] = {
	[DB_SORT_NEWEST] = "newest",
	[DB_SORT_POPULAR] = "popular",
	[DB_SORT_PRICE] = "price",
};

/* The letter naming each sort inside its cursors ("s1:p:KEY:ID"). */
static const char sort_letters[] = {
	[DB_SORT_NEWEST] = 'n',
	[DB_SORT_POPULAR] = 'p',
	[DB_SORT_PRICE] = 'r',
};

/*
 * A cursor for sort: newest keeps the plain "c1" cursor (cursor.c); the
 * others are base64url of "s1:LETTER:KEY:ID", so a cursor of one sort is
 * refused by another. 0 or -1.
 */
static int
sort_cursor_encode(enum db_course_sort sort, int64_t key, int64_t id,
    char *out, size_t outsz)
{
	char	raw[64];
	int	len;

	if (sort == DB_SORT_NEWEST)
		return cursor_encode(key, id, out, outsz);
	len = snprintf(raw, sizeof raw, "s1:%c:%lld:%lld", sort_letters[sort],
	    (long long)key, (long long)id);
	if (len < 0 || (size_t)len >= sizeof raw ||
	    outsz < sodium_base64_ENCODED_LEN((size_t)len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return -1;
	sodium_bin2base64(out, outsz, (const unsigned char *)raw, (size_t)len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

static int
sort_cursor_decode(enum db_course_sort sort, const char *s, int64_t *key,
    int64_t *id)
{
	unsigned char	 raw[64];
	char		 text[65], *colon;
	size_t		 len;

	if (sort == DB_SORT_NEWEST)
		return cursor_decode(s, key, id);
	if (strlen(s) >= CURSOR_SIZE ||
	    sodium_base642bin(raw, sizeof raw - 1, s, strlen(s), NULL, &len,
	    NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return -1;
	memcpy(text, raw, len);
	text[len] = '\0';
	if (strlen(text) != len || len < 5 || strncmp(text, "s1:", 3) != 0 ||
	    text[3] != sort_letters[sort] || text[4] != ':')
		return -1;
	colon = strchr(text + 5, ':');
	if (colon == NULL)
		return -1;
	*colon = '\0';
	if (parse_int64(text + 5, INT64_MIN, INT64_MAX, key) != 0 ||
	    parse_int64(colon + 1, 1, INT64_MAX, id) != 0)
		return -1;
	return 0;
}

/* Appends s percent-encoded for a query string (RFC 3986 unreserved). */
static void
url_encode(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			buf_addc(b, (char)c);
		else
			buf_printf(b, "%%%02X", c);
	}
}

/* Lower-cases ASCII letters of s in place. */
static void
ascii_lower(char *s)
{
	for (; *s != '\0'; s++) {
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
	}
}

/* An empty query parameter ("?cursor=&limit=20") is an absent one. */
static const char *
query_arg(struct srv_req *req, const char *name)
{
	const char	*v = srv_query(req, name);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

/*
 * Reads ?limit=, ?level=, ?q=, ?tag=, ?price=, ?sort= and ?cursor= into
 * q (tag is lower-cased into tagbuf); G_OK or the problem.
 */
static enum gstatus
list_query(struct srv_req *req, struct db_course_query *q, char *tagbuf,
    size_t tagsz)
{
	const char	*limit = query_arg(req, "limit");
	const char	*level = query_arg(req, "level");
	const char	*cursor = query_arg(req, "cursor");
	const char	*text = query_arg(req, "q");
	const char	*tag = query_arg(req, "tag");
	const char	*price = query_arg(req, "price");
	const char	*sort = query_arg(req, "sort");
	size_t		 i;
	int64_t		 n;

	memset(q, 0, sizeof *q);
	q->viewer_id = req->viewer.user_id;
	q->limit = COURSES_LIMIT_DEFAULT;
	if (limit != NULL) {
		if (parse_int64(limit, 1, COURSES_LIMIT_MAX, &n) == 0)
			q->limit = (int)n;
		else
			srv_field_error(req, "limit", "must be a whole number "
			    "from 1 to %d", COURSES_LIMIT_MAX);
	}
	if (level != NULL) {
		if (level_parse(level, &q->level) == 0)
			q->has_level = 1;
		else
			srv_field_error(req, "level", "must be beginner, "
			    "intermediate or advanced");
	}
	if (text != NULL) {
		if (srv_utf8_len(text) > COURSE_Q_MAX ||
		    !catalog_one_line(text))
			srv_field_error(req, "q", "must be one line of at most "
			    "%d characters", COURSE_Q_MAX);
		else
			q->q = text;
	}
	if (tag != NULL) {
		if (srv_utf8_len(tag) > COURSE_TAG_MAX || strlen(tag) >= tagsz ||
		    !catalog_one_line(tag)) {
			srv_field_error(req, "tag", "must be at most %d "
			    "characters", COURSE_TAG_MAX);
		} else {
			snprintf(tagbuf, tagsz, "%s", tag);
			ascii_lower(tagbuf);
			q->tag = tagbuf;
		}
	}
	if (price != NULL) {
		if (strcmp(price, "free") == 0)
			q->price = DB_PRICE_FREE;
		else if (strcmp(price, "paid") == 0)
			q->price = DB_PRICE_PAID;
		else
			srv_field_error(req, "price", "must be free or paid");
	}
	if (sort != NULL) {
		for (i = 0; i < G_NELEM(sort_names); i++) {
			if (strcmp(sort, sort_names[i]) == 0)
				break;
		}
		if (i < G_NELEM(sort_names))
			q->sort = (enum db_course_sort)i;
		else
			srv_field_error(req, "sort", "must be newest, popular "
			    "or price");
	}
	if (req->nerrors > 0)
		return srv_invalid(req);
	if (cursor != NULL) {
		if (sort_cursor_decode(q->sort, cursor, &q->after_created,
		    &q->after_id) != 0)
			return srv_fail(req, G_BAD_REQUEST, "the cursor is not "
			    "one this server issued for this sort; start again "
			    "without it");
		q->has_after = 1;
	}
	return G_OK;
}

/* The Link rel="next" header of a catalog page: every filter, then the
 * cursor. Left out when it would not fit in a header. */
static void
list_link(struct srv_req *req, const struct db_course_query *q,
    const char *next)
{
	struct buf	b = BUF_INIT;

	buf_printf(&b, "</api/v1/courses?limit=%d", q->limit);
	if (q->has_level)
		buf_printf(&b, "&level=%s", level_name(q->level));
	if (q->q != NULL) {
		buf_adds(&b, "&q=");
		url_encode(&b, q->q);
	}
	if (q->tag != NULL) {
		buf_adds(&b, "&tag=");
		url_encode(&b, q->tag);
	}
	if (q->price != DB_PRICE_ANY)
		buf_printf(&b, "&price=%s", q->price == DB_PRICE_FREE ?
		    "free" : "paid");
	if (q->sort != DB_SORT_NEWEST)
		buf_printf(&b, "&sort=%s", sort_names[q->sort]);
	buf_printf(&b, "&cursor=%s>; rel=\"next\"", next);
	if (!b.failed && b.len < sizeof req->headers[0].value)
		srv_header_add(req, "Link", "%s", buf_str(&b));
	buf_release(&b);
}

enum gstatus
route_courses_list(struct srv_req *req)
{
	struct db_course_query	 q;
	struct course		*items;
	json_t			*arr;
	char			 next[CURSOR_SIZE], tag[COURSE_TAG_MAX * 4 + 1];
	enum gstatus		 s;
	size_t			 i, n;
	int			 has_more;
	int64_t			 last_created;

	s = list_query(req, &q, tag, sizeof tag);
	if (s != G_OK)
		return s;
	s = db_course_list(req->db, &q, &items, &n, &has_more, &last_created);
	if (s != G_OK)
		return s;
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++) {
		if (json_array_append_new(arr, course_to_json(&items[i], 0)) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	next[0] = '\0';
	if (has_more && n > 0 && sort_cursor_encode(q.sort, last_created,
	    items[n - 1].id, next, sizeof next) != 0)
		has_more = 0;
	db_courses_free(items, n);
	if (arr == NULL)
		return G_INTERNAL;
	req->out = page_to_json(arr, has_more ? next : NULL, has_more);
	if (req->out == NULL)
		return G_INTERNAL;
	if (has_more)
		list_link(req, &q, next);
	return G_OK;
}

enum gstatus
route_courses_get(struct srv_req *req)
{
	const char	*key = route_param(&req->params, "id");
	struct course	 c;
	enum gstatus	 s;
	int64_t		 id = 0;
	int		 privileged;
	size_t		 i;
	char		 q[80];

	if (key == NULL)
		return G_NOT_FOUND;
	if (parse_int64(key, 1, INT64_MAX, &id) != 0)
		id = 0;
	s = db_course_get(req->db, id, key, req->viewer.user_id, &c);
	if (s == G_OK) {
		privileged = srv_viewer_is_operator(req) ||
		    (req->viewer.user_id != 0 &&
		    req->viewer.user_id == c.instructor_id);
		if (!c.published && !privileged && !c.owned) {
			course_release(&c);
			s = G_NOT_FOUND;
		}
	}
	if (s == G_NOT_FOUND)
		return srv_fail(req, G_NOT_FOUND, "no course '%s'",
		    srv_quote(key, q, sizeof q));
	if (s != G_OK)
		return s;
	for (i = 0; i < c.nlessons; i++)
		c.lessons[i].locked = !(c.lessons[i].preview || c.owned ||
		    privileged);
	req->out = course_to_json(&c, 1);
	course_release(&c);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

/* ---- authoring ------------------------------------------------------ */

/* A course write as read from a request, with storage for its tags. */
struct course_input {
	struct db_course_write	 w;
	char			 tagv[COURSE_TAGS_MAX][COURSE_TAG_MAX * 4 + 1];
	const char		*tagp[COURSE_TAGS_MAX];
	char			 currency[4];
	const char		*instructor;	/* username, operators only */
};

/* 1 when s is a slug: 1-64 of a-z, 0-9 and '-', with a letter. */
static int
slug_valid(const char *s)
{
	size_t	len = strlen(s), i;
	int	letter = 0;

	if (len == 0 || len > COURSE_SLUG_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] >= 'a' && s[i] <= 'z')
			letter = 1;
		else if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '-')
			return 0;
	}
	return letter;
}

/* Reads "price": {"amount", "currency"?} into ci. */
static void
price_field(struct srv_req *req, const json_t *v, struct course_input *ci)
{
	const json_t	*amount, *cur;
	const char	*c;

	if (!json_is_object(v)) {
		srv_field_error(req, "price", "must be an object {\"amount\": "
		    "minor units, \"currency\": \"CNY\"}");
		return;
	}
	amount = json_object_get(v, "amount");
	if (!json_is_integer(amount) || json_integer_value(amount) < 0 ||
	    json_integer_value(amount) > COURSE_PRICE_MAX) {
		srv_field_error(req, "price.amount", "must be a whole number of "
		    "minor units (fen) from 0 to %d", COURSE_PRICE_MAX);
		return;
	}
	cur = json_object_get(v, "currency");
	if (cur != NULL && !json_is_null(cur)) {
		c = json_string_value(cur);
		if (c == NULL || strlen(c) != 3 || c[0] < 'A' || c[0] > 'Z' ||
		    c[1] < 'A' || c[1] > 'Z' || c[2] < 'A' || c[2] > 'Z') {
			srv_field_error(req, "price.currency", "must be three "
			    "capital letters (ISO 4217, e.g. CNY)");
			return;
		}
		memcpy(ci->currency, c, 4);
		ci->w.currency = ci->currency;
	}
	ci->w.has_price = 1;
	ci->w.price_amount = json_integer_value(amount);
}

/* Reads "tags": [...] into ci: trimmed, ASCII lower-cased, deduplicated. */
static void
tags_field(struct srv_req *req, const json_t *v, struct course_input *ci)
{
	const char	*t;
	char		*tag;
	size_t		 i, j, n, len;

	if (!json_is_array(v) || json_array_size(v) > COURSE_TAGS_MAX) {
		srv_field_error(req, "tags", "must be a list of at most %d tags",
		    COURSE_TAGS_MAX);
		return;
	}
	n = 0;
	for (i = 0; i < json_array_size(v); i++) {
		t = json_string_value(json_array_get(v, i));
		if (t == NULL) {
			srv_field_error(req, "tags", "must all be strings");
			return;
		}
		while (*t == ' ')
			t++;
		len = strlen(t);
		while (len > 0 && t[len - 1] == ' ')
			len--;
		if (len == 0 || len >= sizeof ci->tagv[0]) {
			srv_field_error(req, "tags", "must be 1 to %d "
			    "characters each", COURSE_TAG_MAX);
			return;
		}
		tag = ci->tagv[n];
		memcpy(tag, t, len);
		tag[len] = '\0';
		if (srv_utf8_len(tag) > COURSE_TAG_MAX ||
		    !catalog_one_line(tag) || strchr(tag, ',') != NULL) {
			srv_field_error(req, "tags", "must be 1 to %d "
			    "characters each, one line, without commas",
			    COURSE_TAG_MAX);
			return;
		}
		ascii_lower(tag);
		for (j = 0; j < n; j++) {
			if (strcmp(ci->tagv[j], tag) == 0)
				break;
		}
		if (j == n)
			ci->tagp[n++] = tag;
	}
	ci->w.has_tags = 1;
	ci->w.tags = ci->tagp;
	ci->w.ntags = n;
}

/*
 * Reads the course fields of in into ci, recording a field error for
 * each bad one. create requires slug, title and level.
 */
static void
course_fields(struct srv_req *req, const json_t *in, int create,
    struct course_input *ci)
{
	struct db_course_write	*w = &ci->w;
	const char		*level = NULL;
	const json_t		*v;

	memset(ci, 0, sizeof *ci);
	if (srv_json_string(req, in, "slug", create, &w->slug) == 0 &&
	    w->slug != NULL && !slug_valid(w->slug))
		srv_field_error(req, "slug", "must be 1 to %d of a-z, 0-9 and "
		    "'-', with at least one letter", COURSE_SLUG_MAX);
	if (srv_json_string(req, in, "title", create, &w->title) == 0 &&
	    w->title != NULL && (srv_utf8_len(w->title) < 1 ||
	    srv_utf8_len(w->title) > COURSE_TITLE_MAX ||
	    !catalog_one_line(w->title)))
		srv_field_error(req, "title", "must be one line of 1 to %d "
		    "characters", COURSE_TITLE_MAX);
	if (srv_json_string(req, in, "summary", 0, &w->summary) == 0 &&
	    w->summary != NULL && (srv_utf8_len(w->summary) >
	    COURSE_SUMMARY_MAX || !catalog_one_line(w->summary)))
		srv_field_error(req, "summary", "must be one line of at most "
		    "%d characters", COURSE_SUMMARY_MAX);
	if (srv_json_string(req, in, "description", 0, &w->description) == 0 &&
	    w->description != NULL && strlen(w->description) > COURSE_TEXT_MAX)
		srv_field_error(req, "description", "must be at most %d KiB",
		    COURSE_TEXT_MAX / 1024);
	if (srv_json_string(req, in, "level", create, &level) == 0 &&
	    level != NULL) {
		if (level_parse(level, &w->level) == 0)
			w->has_level = 1;
		else
			srv_field_error(req, "level", "must be beginner, "
			    "intermediate or advanced");
	}
	v = json_object_get(in, "price");
	if (v != NULL && !json_is_null(v))
		price_field(req, v, ci);
	v = json_object_get(in, "tags");
	if (v != NULL && !json_is_null(v))
		tags_field(req, v, ci);
	v = json_object_get(in, "published");
	if (v != NULL && !json_is_null(v)) {
		if (json_is_boolean(v)) {
			w->has_published = 1;
			w->published = json_is_true(v);
		} else {
			srv_field_error(req, "published", "must be true or "
			    "false");
		}
	}
	srv_json_string(req, in, "instructor", 0, &ci->instructor);
}

/*
 * Resolves ci->instructor (a username) into ci->w.instructor_id: only
 * operators may name someone else, and only an instructor or operator
 * can teach. G_OK or the problem.
 */
static enum gstatus
course_instructor(struct srv_req *req, struct course_input *ci)
{
	struct user	 u;
	char		*hash = NULL, q[48];
	enum gstatus	 s;

	if (ci->instructor == NULL)
		return G_OK;
	s = db_user_find_login(req->db, ci->instructor, &u, &hash);
	free(hash);
	if (s == G_NOT_FOUND || (s == G_OK && strchr(ci->instructor, '@'))) {
		if (s == G_OK)
			user_release(&u);
		srv_field_error(req, "instructor", "must be the username of an "
		    "instructor ('%s' is not one)",
		    srv_quote(ci->instructor, q, sizeof q));
		return srv_invalid(req);
	}
	if (s != G_OK)
		return s;
	if (u.id != req->viewer.user_id && !srv_viewer_is_operator(req)) {
		user_release(&u);
		return srv_fail(req, G_FORBIDDEN, "only operators give a course "
		    "to another instructor");
	}
	if (u.role == ROLE_MEMBER) {
		user_release(&u);
		srv_field_error(req, "instructor", "must be an instructor or "
		    "an operator, not a member");
		return srv_invalid(req);
	}
	ci->w.instructor_id = u.id;
	user_release(&u);
	return G_OK;
}

/* Answers course id in full (description, outline) with status s. */
static enum gstatus
course_answer(struct srv_req *req, int64_t id, enum gstatus ok)
{
	struct course	c;
	enum gstatus	s;
	size_t		i;

	s = db_course_get(req->db, id, NULL, req->viewer.user_id, &c);
	if (s != G_OK)
		return s;
	for (i = 0; i < c.nlessons; i++)
		c.lessons[i].locked = 0;	/* its editor is asking */
	req->out = course_to_json(&c, 1);
	course_release(&c);
	return req->out != NULL ? ok : G_INTERNAL;
}

/* Runs write (insert when id is 0, else update) in a transaction. */
static enum gstatus
course_write(struct srv_req *req, struct course_input *ci, int64_t *id)
{
	enum gstatus	s;
	char		q[80];

	if (db_begin(req->db) != 0)
		return srv_fail(req, G_UNAVAILABLE, "the database is busy; "
		    "try again");
	s = *id == 0 ? db_course_insert(req->db, &ci->w, req->now, id) :
	    db_course_update(req->db, *id, &ci->w, req->now);
	if (s == G_OK && db_commit(req->db) != 0)
		s = G_INTERNAL;
	if (s != G_OK)
		db_rollback(req->db);
	if (s == G_CONFLICT)
		return srv_fail(req, G_CONFLICT, "the slug '%s' is taken; "
		    "choose another", srv_quote(ci->w.slug, q, sizeof q));
	return s;
}

enum gstatus
route_courses_create(struct srv_req *req)
{
	struct course_input	 ci;
	json_t			*in;
	enum gstatus		 s;
	int64_t			 id = 0;

	if (req->viewer.role == ROLE_MEMBER)
		return srv_fail(req, G_FORBIDDEN, "only instructors and "
		    "operators create courses");
	s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	course_fields(req, in, 1, &ci);
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	ci.w.instructor_id = req->viewer.user_id;
	s = course_instructor(req, &ci);
	if (s == G_OK)
		s = course_write(req, &ci, &id);
	json_decref(in);
	if (s != G_OK)
		return s;
	return course_answer(req, id, G_CREATED);
}

enum gstatus
route_courses_patch(struct srv_req *req)
{
	const char		*key = route_param(&req->params, "id");
	struct db_course_access	 acc;
	struct course_input	 ci;
	json_t			*in;
	enum gstatus		 s;
	int64_t			 id = 0;
	char			 q[80];

	if (key == NULL)
		return G_NOT_FOUND;
	if (parse_int64(key, 1, INT64_MAX, &id) != 0)
		id = 0;
	s = db_course_access(req->db, id, key, req->viewer.user_id, &acc);
	if (s == G_OK && !catalog_can_see(req, &acc))
		s = G_NOT_FOUND;
	if (s == G_NOT_FOUND)
		return srv_fail(req, G_NOT_FOUND, "no course '%s'",
		    srv_quote(key, q, sizeof q));
	if (s != G_OK)
		return s;
	if (!catalog_can_edit(req, acc.instructor_id))
		return srv_fail(req, G_FORBIDDEN, "only the course's instructor "
		    "or an operator edits it");
	s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	course_fields(req, in, 0, &ci);
	if (req->nerrors > 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	id = acc.course_id;
	s = course_instructor(req, &ci);
	if (s == G_OK)
		s = course_write(req, &ci, &id);
	json_decref(in);
	if (s != G_OK)
		return s;
	return course_answer(req, id, G_OK);
}

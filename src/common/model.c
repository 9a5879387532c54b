/*
 * JSON codecs of the wire model: guildd encodes with *_to_json, guild
 * decodes with *_from_json, so each resource's shape is written once.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/model.h"
#include "model-priv.h"

static const char *const role_names[] = { "member", "instructor", "operator" };
static const char *const level_names[] = {
	"beginner", "intermediate", "advanced"
};

/* Index of s in names, or -1. */
static int
name_index(const char *const *names, size_t n, const char *s)
{
	size_t	i;

	for (i = 0; s != NULL && i < n; i++) {
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	}
	return -1;
}

const char *
role_name(enum role r)
{
	return (unsigned)r < G_NELEM(role_names) ? role_names[r] : "member";
}

int
role_parse(const char *s, enum role *out)
{
	int	i = name_index(role_names, G_NELEM(role_names), s);

	if (i < 0)
		return -1;
	*out = (enum role)i;
	return 0;
}

const char *
level_name(enum level l)
{
	return (unsigned)l < G_NELEM(level_names) ? level_names[l] : "beginner";
}

int
level_parse(const char *s, enum level *out)
{
	int	i = name_index(level_names, G_NELEM(level_names), s);

	if (i < 0)
		return -1;
	*out = (enum level)i;
	return 0;
}

/* ---- decoding helpers ------------------------------------------------ */

/*
 * Copies string member key of o into *out (NULL when absent or null).
 * A required member that is missing, or a member of the wrong type, fails
 * with GERR_PROTO naming what.
 */
int
mdl_get_str(const json_t *o, const char *key, int required, char **out,
    const char *what, struct gerr *err)
{
	const json_t	*v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return gerr_set(err, GERR_PROTO, 0,
			    "the server sent %s without '%s'", what, key);
		return 0;
	}
	if (!json_is_string(v))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent %s whose '%s' is not a string", what, key);
	*out = strdup(json_string_value(v));
	if (*out == NULL)
		return gerr_set(err, GERR_LOCAL, 0, "out of memory");
	return 0;
}

int
mdl_get_int(const json_t *o, const char *key, int required, int64_t *out,
    const char *what, struct gerr *err)
{
	const json_t	*v = json_object_get(o, key);

	if (v == NULL || json_is_null(v)) {
		if (required)
			return gerr_set(err, GERR_PROTO, 0,
			    "the server sent %s without '%s'", what, key);
		return 0;
	}
	if (!json_is_integer(v))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent %s whose '%s' is not an integer", what, key);
	*out = json_integer_value(v);
	return 0;
}

int
mdl_get_bool(const json_t *o, const char *key, int *out)
{
	const json_t	*v = json_object_get(o, key);

	if (json_is_boolean(v))
		*out = json_is_true(v);
	return 0;
}

static int
get_enum(const json_t *o, const char *key, int (*parse)(const char *, void *),
    void *out, const char *what, struct gerr *err)
{
	const char	*s = json_string_value(json_object_get(o, key));

	if (s == NULL)
		return 0;
	if (parse(s, out) != 0)
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent %s with an unknown %s '%.32s'", what, key, s);
	return 0;
}

static int
parse_role_v(const char *s, void *out)
{
	return role_parse(s, out);
}

static int
parse_level_v(const char *s, void *out)
{
	return level_parse(s, out);
}

/* json_string that tolerates NULL (as JSON null). */
json_t *
mdl_str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

/* ---- money ------------------------------------------------------------ */

json_t *
money_to_json(const struct money *m)
{
	return json_pack("{s:I, s:s}", "amount", (json_int_t)m->amount,
	    "currency", m->currency[0] ? m->currency : "CNY");
}

int
money_from_json(const json_t *o, struct money *m, struct gerr *err)
{
	const char	*cur;

	memset(m, 0, sizeof *m);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a price that is not an object");
	if (mdl_get_int(o, "amount", 1, &m->amount, "a price", err) != 0)
		return -1;
	cur = json_string_value(json_object_get(o, "currency"));
	if (cur == NULL || strlen(cur) != 3)
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a price without a currency code");
	memcpy(m->currency, cur, 4);
	return 0;
}

/* Currencies without minor units (ISO 4217 exponent 0). */
static int
currency_exponent(const char *c)
{
	return strcmp(c, "JPY") == 0 || strcmp(c, "KRW") == 0 ? 0 : 2;
}

char *
money_format(const struct money *m, int ascii, char *out, size_t outsz)
{
	const char	*cur = m->currency[0] ? m->currency : "CNY";
	const char	*sign = m->amount < 0 ? "-" : "";
	uint64_t	 a = m->amount < 0 ? (uint64_t)0 - (uint64_t)m->amount :
			     (uint64_t)m->amount;

	if (m->amount == 0) {
		snprintf(out, outsz, "free");
		return out;
	}
	if (currency_exponent(cur) == 0)
		snprintf(out, outsz, "%s%s %" PRIu64, sign, cur, a);
	else if (!ascii && strcmp(cur, "CNY") == 0)
		snprintf(out, outsz, "%s\xc2\xa5%" PRIu64 ".%02" PRIu64, sign,
		    a / 100, a % 100);
	else
		snprintf(out, outsz, "%s%s %" PRIu64 ".%02" PRIu64, sign, cur,
		    a / 100, a % 100);
	return out;
}

/* ---- user ------------------------------------------------------------- */

json_t *
user_to_json(const struct user *u, int include_private)
{
	json_t	*o;

	o = json_pack("{s:I, s:s, s:o, s:s, s:s, s:o, s:o, s:o}",
	    "id", (json_int_t)u->id,
	    "username", u->username ? u->username : "",
	    "display_name", mdl_str_or_null(u->display_name),
	    "role", role_name(u->role),
	    "level", level_name(u->level),
	    "bio", mdl_str_or_null(u->bio),
	    "timezone", mdl_str_or_null(u->timezone),
	    "created_at", mdl_str_or_null(u->created_at));
	if (o != NULL && include_private)
		json_object_set_new(o, "email", mdl_str_or_null(u->email));
	return o;
}

int
user_from_json(const json_t *o, struct user *u, struct gerr *err)
{
	memset(u, 0, sizeof *u);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a user that is not an object");
	if (mdl_get_int(o, "id", 1, &u->id, "a user", err) ||
	    mdl_get_str(o, "username", 1, &u->username, "a user", err) ||
	    mdl_get_str(o, "email", 0, &u->email, "a user", err) ||
	    mdl_get_str(o, "display_name", 0, &u->display_name, "a user", err) ||
	    mdl_get_str(o, "bio", 0, &u->bio, "a user", err) ||
	    mdl_get_str(o, "timezone", 0, &u->timezone, "a user", err) ||
	    mdl_get_str(o, "created_at", 0, &u->created_at, "a user", err) ||
	    get_enum(o, "role", parse_role_v, &u->role, "a user", err) ||
	    get_enum(o, "level", parse_level_v, &u->level, "a user", err)) {
		user_release(u);
		return -1;
	}
	return 0;
}

void
user_release(struct user *u)
{
	free(u->username);
	free(u->email);
	free(u->display_name);
	free(u->bio);
	free(u->timezone);
	free(u->created_at);
	memset(u, 0, sizeof *u);
}

/* ---- lesson ----------------------------------------------------------- */

json_t *
lesson_to_json(const struct lesson *l)
{
	json_t	*o;

	o = json_pack("{s:I, s:I, s:i, s:s, s:i, s:b, s:b, s:b}",
	    "id", (json_int_t)l->id,
	    "course_id", (json_int_t)l->course_id,
	    "position", l->position,
	    "title", l->title ? l->title : "",
	    "duration_min", l->duration_min,
	    "preview", l->preview,
	    "locked", l->locked,
	    "completed", l->completed);
	if (o != NULL && l->body != NULL)
		json_object_set_new(o, "body", json_string(l->body));
	return o;
}

int
lesson_from_json(const json_t *o, struct lesson *l, struct gerr *err)
{
	int64_t	pos = 0, dur = 0;

	memset(l, 0, sizeof *l);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a lesson that is not an object");
	if (mdl_get_int(o, "id", 1, &l->id, "a lesson", err) ||
	    mdl_get_int(o, "course_id", 0, &l->course_id, "a lesson", err) ||
	    mdl_get_int(o, "position", 0, &pos, "a lesson", err) ||
	    mdl_get_int(o, "duration_min", 0, &dur, "a lesson", err) ||
	    mdl_get_str(o, "title", 1, &l->title, "a lesson", err) ||
	    mdl_get_str(o, "body", 0, &l->body, "a lesson", err)) {
		lesson_release(l);
		return -1;
	}
	l->position = (int)pos;
	l->duration_min = (int)dur;
	mdl_get_bool(o, "preview", &l->preview);
	mdl_get_bool(o, "locked", &l->locked);
	mdl_get_bool(o, "completed", &l->completed);
	return 0;
}

void
lesson_release(struct lesson *l)
{
	free(l->title);
	free(l->body);
	memset(l, 0, sizeof *l);
}

/* ---- course ----------------------------------------------------------- */

json_t *
course_to_json(const struct course *c, int detail)
{
	json_t	*o, *tags, *lessons;
	size_t	 i;

	tags = json_array();
	for (i = 0; i < c->ntags; i++)
		json_array_append_new(tags, json_string(c->tags[i]));
	o = json_pack("{s:I, s:s, s:s, s:o, s:s, s:o, s:o, s:{s:I, s:s?, s:o},"
	    " s:b, s:i, s:i, s:b, s:o, s:o}",
	    "id", (json_int_t)c->id,
	    "slug", c->slug ? c->slug : "",
	    "title", c->title ? c->title : "",
	    "summary", mdl_str_or_null(c->summary),
	    "level", level_name(c->level),
	    "price", money_to_json(&c->price),
	    "tags", tags,
	    "instructor",
	    "id", (json_int_t)c->instructor_id,
	    "username", c->instructor,
	    "display_name", mdl_str_or_null(c->instructor_name),
	    "published", c->published,
	    "lesson_count", c->lesson_count,
	    "enrolled_count", c->enrolled_count,
	    "owned", c->owned,
	    "created_at", mdl_str_or_null(c->created_at),
	    "updated_at", mdl_str_or_null(c->updated_at));
	if (o == NULL || !detail)
		return o;
	json_object_set_new(o, "description", mdl_str_or_null(c->description));
	lessons = json_array();
	for (i = 0; i < c->nlessons; i++)
		json_array_append_new(lessons, lesson_to_json(&c->lessons[i]));
	json_object_set_new(o, "lessons", lessons);
	return o;
}

static int
course_tags_from_json(const json_t *tags, struct course *c, struct gerr *err)
{
	size_t	i, n;

	if (tags == NULL || json_is_null(tags))
		return 0;
	if (!json_is_array(tags))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a course whose tags are not a list");
	n = json_array_size(tags);
	if (n == 0)
		return 0;
	c->tags = calloc(n, sizeof *c->tags);
	if (c->tags == NULL)
		return gerr_set(err, GERR_LOCAL, 0, "out of memory");
	for (i = 0; i < n; i++) {
		const char *s = json_string_value(json_array_get(tags, i));

		if (s == NULL)
			return gerr_set(err, GERR_PROTO, 0,
			    "the server sent a course with a tag that is not "
			    "a string");
		c->tags[c->ntags] = strdup(s);
		if (c->tags[c->ntags] == NULL)
			return gerr_set(err, GERR_LOCAL, 0, "out of memory");
		c->ntags++;
	}
	return 0;
}

static int
course_lessons_from_json(const json_t *ls, struct course *c, struct gerr *err)
{
	size_t	i, n;

	if (ls == NULL || json_is_null(ls))
		return 0;
	if (!json_is_array(ls))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a course whose lessons are not a list");
	n = json_array_size(ls);
	if (n == 0)
		return 0;
	c->lessons = calloc(n, sizeof *c->lessons);
	if (c->lessons == NULL)
		return gerr_set(err, GERR_LOCAL, 0, "out of memory");
	for (i = 0; i < n; i++) {
		if (lesson_from_json(json_array_get(ls, i), &c->lessons[i],
		    err) != 0)
			return -1;
		c->nlessons++;
	}
	return 0;
}

int
course_from_json(const json_t *o, struct course *c, struct gerr *err)
{
	const json_t	*ins;
	int64_t		 lc = 0, ec = 0;

	memset(c, 0, sizeof *c);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a course that is not an object");
	ins = json_object_get(o, "instructor");
	if (mdl_get_int(o, "id", 1, &c->id, "a course", err) ||
	    mdl_get_str(o, "slug", 0, &c->slug, "a course", err) ||
	    mdl_get_str(o, "title", 1, &c->title, "a course", err) ||
	    mdl_get_str(o, "summary", 0, &c->summary, "a course", err) ||
	    mdl_get_str(o, "description", 0, &c->description, "a course", err) ||
	    mdl_get_str(o, "created_at", 0, &c->created_at, "a course", err) ||
	    mdl_get_str(o, "updated_at", 0, &c->updated_at, "a course", err) ||
	    mdl_get_int(o, "lesson_count", 0, &lc, "a course", err) ||
	    mdl_get_int(o, "enrolled_count", 0, &ec, "a course", err) ||
	    get_enum(o, "level", parse_level_v, &c->level, "a course", err))
		goto fail;
	if (json_object_get(o, "price") != NULL &&
	    money_from_json(json_object_get(o, "price"), &c->price, err) != 0)
		goto fail;
	if (json_is_object(ins) &&
	    (mdl_get_int(ins, "id", 0, &c->instructor_id, "an instructor", err) ||
	    mdl_get_str(ins, "username", 0, &c->instructor, "an instructor", err) ||
	    mdl_get_str(ins, "display_name", 0, &c->instructor_name,
	    "an instructor", err)))
		goto fail;
	if (course_tags_from_json(json_object_get(o, "tags"), c, err) != 0 ||
	    course_lessons_from_json(json_object_get(o, "lessons"), c,
	    err) != 0)
		goto fail;
	c->lesson_count = (int)lc;
	c->enrolled_count = (int)ec;
	mdl_get_bool(o, "published", &c->published);
	mdl_get_bool(o, "owned", &c->owned);
	return 0;
fail:
	course_release(c);
	return -1;
}

void
course_release(struct course *c)
{
	size_t	i;

	free(c->slug);
	free(c->title);
	free(c->summary);
	free(c->description);
	for (i = 0; i < c->ntags; i++)
		free(c->tags[i]);
	free(c->tags);
	free(c->instructor);
	free(c->instructor_name);
	free(c->created_at);
	free(c->updated_at);
	for (i = 0; i < c->nlessons; i++)
		lesson_release(&c->lessons[i]);
	free(c->lessons);
	memset(c, 0, sizeof *c);
}

/* ---- pages ------------------------------------------------------------ */

json_t *
page_to_json(json_t *items, const char *next_cursor, int has_more)
{
	return json_pack("{s:o, s:o, s:b}", "items", items,
	    "next_cursor", mdl_str_or_null(next_cursor), "has_more", has_more);
}

/* ---- login ------------------------------------------------------------ */

json_t *
token_grant_to_json(const struct token_grant *g)
{
	return json_pack("{s:s, s:o}", "token", g->token ? g->token : "",
	    "user", user_to_json(&g->user, 1));
}

int
token_grant_from_json(const json_t *o, struct token_grant *g, struct gerr *err)
{
	memset(g, 0, sizeof *g);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a login answer that is not an object");
	if (mdl_get_str(o, "token", 1, &g->token, "a login answer", err) != 0)
		return -1;
	if (user_from_json(json_object_get(o, "user"), &g->user, err) != 0) {
		token_grant_release(g);
		return -1;
	}
	return 0;
}

void
token_grant_release(struct token_grant *g)
{
	if (g->token != NULL) {
		memset(g->token, 0, strlen(g->token));
		free(g->token);
	}
	user_release(&g->user);
	memset(g, 0, sizeof *g);
}

/* ---- orders ----------------------------------------------------------- */

static const char *const order_status_names[] = {
	"pending", "paid", "failed", "canceled", "refunded"
};

const char *
order_status_name(enum order_status st)
{
	return (unsigned)st < G_NELEM(order_status_names) ?
	    order_status_names[st] : "pending";
}

int
order_status_parse(const char *s, enum order_status *out)
{
	int	i = name_index(order_status_names,
		    G_NELEM(order_status_names), s);

	if (i < 0)
		return -1;
	*out = (enum order_status)i;
	return 0;
}

static int
parse_order_status_v(const char *s, void *out)
{
	return order_status_parse(s, out);
}

json_t *
order_to_json(const struct order *o)
{
	return json_pack("{s:I, s:s, s:I, s:s, s:I, s:o, s:o, s:I, s:o, s:o,"
	    " s:o, s:o, s:o}",
	    "id", (json_int_t)o->id,
	    "status", order_status_name(o->status),
	    "amount", (json_int_t)o->amount.amount,
	    "currency", o->amount.currency[0] ? o->amount.currency : "CNY",
	    "course_id", (json_int_t)o->course_id,
	    "course_slug", mdl_str_or_null(o->course_slug),
	    "course_title", mdl_str_or_null(o->course_title),
	    "user_id", (json_int_t)o->user_id,
	    "checkout_url", mdl_str_or_null(o->checkout_url),
	    "failure_reason", mdl_str_or_null(o->failure_reason),
	    "created_at", mdl_str_or_null(o->created_at),
	    "paid_at", mdl_str_or_null(o->paid_at),
	    "refunded_at", mdl_str_or_null(o->refunded_at));
}

int
order_from_json(const json_t *o, struct order *out, struct gerr *err)
{
	const char	*cur;

	memset(out, 0, sizeof *out);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent an order that is not an object");
	if (mdl_get_int(o, "id", 1, &out->id, "an order", err) ||
	    mdl_get_int(o, "amount", 1, &out->amount.amount, "an order", err) ||
	    mdl_get_int(o, "course_id", 1, &out->course_id, "an order", err) ||
	    mdl_get_int(o, "user_id", 0, &out->user_id, "an order", err) ||
	    mdl_get_str(o, "course_slug", 0, &out->course_slug, "an order", err) ||
	    mdl_get_str(o, "course_title", 0, &out->course_title, "an order",
	    err) ||
	    mdl_get_str(o, "checkout_url", 0, &out->checkout_url, "an order",
	    err) ||
	    mdl_get_str(o, "failure_reason", 0, &out->failure_reason, "an order",
	    err) ||
	    mdl_get_str(o, "created_at", 0, &out->created_at, "an order", err) ||
	    mdl_get_str(o, "paid_at", 0, &out->paid_at, "an order", err) ||
	    mdl_get_str(o, "refunded_at", 0, &out->refunded_at, "an order", err))
		goto fail;
	if (json_string_value(json_object_get(o, "status")) == NULL) {
		gerr_set(err, GERR_PROTO, 0,
		    "the server sent an order without a status");
		goto fail;
	}
	if (get_enum(o, "status", parse_order_status_v, &out->status,
	    "an order", err) != 0)
		goto fail;
	cur = json_string_value(json_object_get(o, "currency"));
	if (cur == NULL || strlen(cur) != 3) {
		gerr_set(err, GERR_PROTO, 0,
		    "the server sent an order without a currency code");
		goto fail;
	}
	memcpy(out->amount.currency, cur, 4);
	return 0;
fail:
	order_release(out);
	return -1;
}

void
order_release(struct order *o)
{
	free(o->course_slug);
	free(o->course_title);
	free(o->checkout_url);
	free(o->failure_reason);
	free(o->created_at);
	free(o->paid_at);
	free(o->refunded_at);
	memset(o, 0, sizeof *o);
}

/* ---- library and progress --------------------------------------------- */

static json_t *
progress_to_json(const struct progress *pr)
{
	return json_pack("{s:i, s:i}", "completed", pr->completed,
	    "total", pr->total);
}

static int
progress_from_json(const json_t *o, struct progress *pr, const char *what,
    struct gerr *err)
{
	int64_t	c = 0, t = 0;

	memset(pr, 0, sizeof *pr);
	if (o == NULL || json_is_null(o))
		return 0;
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0, "the server sent %s whose "
		    "progress is not an object", what);
	if (mdl_get_int(o, "completed", 1, &c, what, err) ||
	    mdl_get_int(o, "total", 1, &t, what, err))
		return -1;
	if (c < 0 || t < 0 || c > INT32_MAX || t > INT32_MAX)
		return gerr_set(err, GERR_PROTO, 0, "the server sent %s with "
		    "an impossible progress", what);
	pr->completed = (int)c;
	pr->total = (int)t;
	return 0;
}

json_t *
library_item_to_json(const struct library_item *it)
{
	json_t	*o = course_to_json(&it->course, 0);

	if (o == NULL)
		return NULL;
	if (json_object_set_new(o, "progress",
	    progress_to_json(&it->progress)) != 0 ||
	    json_object_set_new(o, "enrolled_at",
	    mdl_str_or_null(it->enrolled_at)) != 0 ||
	    json_object_set_new(o, "order_id", it->order_id > 0 ?
	    json_integer((json_int_t)it->order_id) : json_null()) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int
library_item_from_json(const json_t *o, struct library_item *it,
    struct gerr *err)
{
	memset(it, 0, sizeof *it);
	if (course_from_json(o, &it->course, err) != 0)
		return -1;
	if (progress_from_json(json_object_get(o, "progress"), &it->progress,
	    "a library item", err) != 0 ||
	    mdl_get_int(o, "order_id", 0, &it->order_id, "a library item", err) ||
	    mdl_get_str(o, "enrolled_at", 0, &it->enrolled_at, "a library item",
	    err)) {
		library_item_release(it);
		return -1;
	}
	return 0;
}

void
library_item_release(struct library_item *it)
{
	course_release(&it->course);
	free(it->enrolled_at);
	memset(it, 0, sizeof *it);
}

json_t *
completion_to_json(const struct completion *c)
{
	return json_pack("{s:I, s:I, s:b, s:o, s:o}",
	    "lesson_id", (json_int_t)c->lesson_id,
	    "course_id", (json_int_t)c->course_id,
	    "completed", 1,
	    "completed_at", mdl_str_or_null(c->completed_at),
	    "progress", progress_to_json(&c->progress));
}

int
completion_from_json(const json_t *o, struct completion *c, struct gerr *err)
{
	memset(c, 0, sizeof *c);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a completion that is not an object");
	if (mdl_get_int(o, "lesson_id", 1, &c->lesson_id, "a completion", err) ||
	    mdl_get_int(o, "course_id", 0, &c->course_id, "a completion", err) ||
	    mdl_get_str(o, "completed_at", 0, &c->completed_at, "a completion",
	    err) ||
	    progress_from_json(json_object_get(o, "progress"), &c->progress,
	    "a completion", err)) {
		completion_release(c);
		return -1;
	}
	return 0;
}

void
completion_release(struct completion *c)
{
	free(c->completed_at);
	memset(c, 0, sizeof *c);
}

/* ---- discussions and Q&A ------------------------------------------------ */

/* An id that may be absent: 0 is written as null. */
static json_t *
id_or_null(int64_t id)
{
	return id != 0 ? json_integer((json_int_t)id) : json_null();
}

static json_t *
author_to_json(const struct post_author *a)
{
	return json_pack("{s:I, s:s, s:o}", "id", (json_int_t)a->id,
	    "username", a->username ? a->username : "",
	    "display_name", mdl_str_or_null(a->display_name));
}

static void
author_release(struct post_author *a)
{
	free(a->username);
	free(a->display_name);
	memset(a, 0, sizeof *a);
}

/* Reads member "author" of o into a; an absent author stays zeroed. */
static int
author_from_json(const json_t *o, struct post_author *a, const char *what,
    struct gerr *err)
{
	const json_t	*v = json_object_get(o, "author");

	memset(a, 0, sizeof *a);
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent %s whose author is not an object", what);
	if (mdl_get_int(v, "id", 0, &a->id, what, err) ||
	    mdl_get_str(v, "username", 0, &a->username, what, err) ||
	    mdl_get_str(v, "display_name", 0, &a->display_name, what, err)) {
		author_release(a);
		return -1;
	}
	return 0;
}

/* A vote member (-1, 0 or 1); anything else reads as 0. */
static int
get_vote(const json_t *o, const char *key)
{
	json_int_t	v = json_integer_value(json_object_get(o, key));

	return v == 1 || v == -1 ? (int)v : 0;
}

static json_t *
strings_to_json(char *const *s, size_t n)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; a != NULL && i < n; i++)
		json_array_append_new(a, json_string(s[i]));
	return a;
}

/* Reads an array of strings (absent or null: none) into *out and *n. */
static int
strings_from_json(const json_t *a, char ***out, size_t *n, const char *what,
    struct gerr *err)
{
	size_t	i, len;

	*out = NULL;
	*n = 0;
	if (a == NULL || json_is_null(a))
		return 0;
	if (!json_is_array(a))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent %s whose tags are not a list", what);
	len = json_array_size(a);
	if (len == 0)
		return 0;
	*out = calloc(len, sizeof **out);
	if (*out == NULL)
		return gerr_set(err, GERR_LOCAL, 0, "out of memory");
	for (i = 0; i < len; i++) {
		const char *s = json_string_value(json_array_get(a, i));

		if (s == NULL)
			return gerr_set(err, GERR_PROTO, 0,
			    "the server sent %s with a tag that is not a "
			    "string", what);
		(*out)[*n] = strdup(s);
		if ((*out)[*n] == NULL)
			return gerr_set(err, GERR_LOCAL, 0, "out of memory");
		(*n)++;
	}
	return 0;
}

static void
strings_release(char **s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

/* ---- category ----------------------------------------------------------- */

json_t *
category_to_json(const struct category *c)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:I}",
	    "id", (json_int_t)c->id,
	    "slug", c->slug ? c->slug : "",
	    "name", c->name ? c->name : "",
	    "description", c->description ? c->description : "",
	    "course_id", id_or_null(c->course_id),
	    "thread_count", (json_int_t)c->thread_count);
}

int
category_from_json(const json_t *o, struct category *c, struct gerr *err)
{
	memset(c, 0, sizeof *c);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a category that is not an object");
	if (mdl_get_int(o, "id", 1, &c->id, "a category", err) ||
	    mdl_get_str(o, "slug", 0, &c->slug, "a category", err) ||
	    mdl_get_str(o, "name", 1, &c->name, "a category", err) ||
	    mdl_get_str(o, "description", 0, &c->description, "a category",
	    err) ||
	    mdl_get_int(o, "course_id", 0, &c->course_id, "a category", err) ||
	    mdl_get_int(o, "thread_count", 0, &c->thread_count, "a category",
	    err)) {
		category_release(c);
		return -1;
	}
	return 0;
}

void
category_release(struct category *c)
{
	free(c->slug);
	free(c->name);
	free(c->description);
	memset(c, 0, sizeof *c);
}

/* ---- thread ------------------------------------------------------------- */

json_t *
thread_to_json(const struct thread *t, int detail)
{
	json_t	*o;

	o = json_pack("{s:I, s:I, s:s, s:o, s:b, s:b, s:I, s:I, s:b,"
	    " s:o, s:o, s:o}",
	    "id", (json_int_t)t->id,
	    "category_id", (json_int_t)t->category_id,
	    "title", t->title ? t->title : "",
	    "author", author_to_json(&t->author),
	    "pinned", t->pinned,
	    "locked", t->locked,
	    "reply_count", (json_int_t)t->reply_count,
	    "like_count", (json_int_t)t->like_count,
	    "liked", t->liked,
	    "last_activity_at", mdl_str_or_null(t->last_activity_at),
	    "created_at", mdl_str_or_null(t->created_at),
	    "edited_at", mdl_str_or_null(t->edited_at));
	if (o != NULL && detail)
		json_object_set_new(o, "body", json_string(t->body ? t->body :
		    ""));
	return o;
}

int
thread_from_json(const json_t *o, struct thread *t, struct gerr *err)
{
	memset(t, 0, sizeof *t);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a thread that is not an object");
	if (mdl_get_int(o, "id", 1, &t->id, "a thread", err) ||
	    mdl_get_int(o, "category_id", 0, &t->category_id, "a thread", err) ||
	    mdl_get_str(o, "title", 1, &t->title, "a thread", err) ||
	    mdl_get_str(o, "body", 0, &t->body, "a thread", err) ||
	    mdl_get_int(o, "reply_count", 0, &t->reply_count, "a thread", err) ||
	    mdl_get_int(o, "like_count", 0, &t->like_count, "a thread", err) ||
	    mdl_get_str(o, "last_activity_at", 0, &t->last_activity_at,
	    "a thread", err) ||
	    mdl_get_str(o, "created_at", 0, &t->created_at, "a thread", err) ||
	    mdl_get_str(o, "edited_at", 0, &t->edited_at, "a thread", err) ||
	    author_from_json(o, &t->author, "a thread", err)) {
		thread_release(t);
		return -1;
	}
	mdl_get_bool(o, "pinned", &t->pinned);
	mdl_get_bool(o, "locked", &t->locked);
	mdl_get_bool(o, "liked", &t->liked);
	return 0;
}

void
thread_release(struct thread *t)
{
	free(t->title);
	free(t->body);
	author_release(&t->author);
	free(t->last_activity_at);
	free(t->created_at);
	free(t->edited_at);
	memset(t, 0, sizeof *t);
}

/* ---- reply -------------------------------------------------------------- */

json_t *
reply_to_json(const struct reply *r)
{
	return json_pack("{s:I, s:I, s:o, s:o, s:s, s:I, s:b, s:b, s:o, s:o}",
	    "id", (json_int_t)r->id,
	    "thread_id", (json_int_t)r->thread_id,
	    "reply_to", id_or_null(r->reply_to),
	    "author", author_to_json(&r->author),
	    "body", r->body ? r->body : "",
	    "like_count", (json_int_t)r->like_count,
	    "liked", r->liked,
	    "deleted", r->deleted,
	    "created_at", mdl_str_or_null(r->created_at),
	    "edited_at", mdl_str_or_null(r->edited_at));
}

int
reply_from_json(const json_t *o, struct reply *r, struct gerr *err)
{
	memset(r, 0, sizeof *r);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a reply that is not an object");
	if (mdl_get_int(o, "id", 1, &r->id, "a reply", err) ||
	    mdl_get_int(o, "thread_id", 0, &r->thread_id, "a reply", err) ||
	    mdl_get_int(o, "reply_to", 0, &r->reply_to, "a reply", err) ||
	    mdl_get_str(o, "body", 0, &r->body, "a reply", err) ||
	    mdl_get_int(o, "like_count", 0, &r->like_count, "a reply", err) ||
	    mdl_get_str(o, "created_at", 0, &r->created_at, "a reply", err) ||
	    mdl_get_str(o, "edited_at", 0, &r->edited_at, "a reply", err) ||
	    author_from_json(o, &r->author, "a reply", err)) {
		reply_release(r);
		return -1;
	}
	mdl_get_bool(o, "liked", &r->liked);
	mdl_get_bool(o, "deleted", &r->deleted);
	return 0;
}

void
reply_release(struct reply *r)
{
	author_release(&r->author);
	free(r->body);
	free(r->created_at);
	free(r->edited_at);
	memset(r, 0, sizeof *r);
}

/* ---- answer ------------------------------------------------------------- */

json_t *
answer_to_json(const struct answer *a)
{
	return json_pack("{s:I, s:I, s:o, s:s, s:I, s:b, s:i, s:o, s:o}",
	    "id", (json_int_t)a->id,
	    "question_id", (json_int_t)a->question_id,
	    "author", author_to_json(&a->author),
	    "body", a->body ? a->body : "",
	    "score", (json_int_t)a->score,
	    "accepted", a->accepted,
	    "my_vote", a->my_vote,
	    "created_at", mdl_str_or_null(a->created_at),
	    "edited_at", mdl_str_or_null(a->edited_at));
}

int
answer_from_json(const json_t *o, struct answer *a, struct gerr *err)
{
	memset(a, 0, sizeof *a);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent an answer that is not an object");
	if (mdl_get_int(o, "id", 1, &a->id, "an answer", err) ||
	    mdl_get_int(o, "question_id", 0, &a->question_id, "an answer", err) ||
	    mdl_get_str(o, "body", 0, &a->body, "an answer", err) ||
	    mdl_get_int(o, "score", 0, &a->score, "an answer", err) ||
	    mdl_get_str(o, "created_at", 0, &a->created_at, "an answer", err) ||
	    mdl_get_str(o, "edited_at", 0, &a->edited_at, "an answer", err) ||
	    author_from_json(o, &a->author, "an answer", err)) {
		answer_release(a);
		return -1;
	}
	mdl_get_bool(o, "accepted", &a->accepted);
	a->my_vote = get_vote(o, "my_vote");
	return 0;
}

void
answer_release(struct answer *a)
{
	author_release(&a->author);
	free(a->body);
	free(a->created_at);
	free(a->edited_at);
	memset(a, 0, sizeof *a);
}

/* ---- question ----------------------------------------------------------- */

json_t *
question_to_json(const struct question *q, int detail)
{
	json_t	*o, *answers;
	size_t	 i;

	o = json_pack("{s:I, s:s, s:o, s:I, s:I, s:o, s:I, s:o, s:i,"
	    " s:o, s:o}",
	    "id", (json_int_t)q->id,
	    "title", q->title ? q->title : "",
	    "tags", strings_to_json(q->tags, q->ntags),
	    "score", (json_int_t)q->score,
	    "answer_count", (json_int_t)q->answer_count,
	    "accepted_answer_id", id_or_null(q->accepted_answer_id),
	    "views", (json_int_t)q->views,
	    "author", author_to_json(&q->author),
	    "my_vote", q->my_vote,
	    "created_at", mdl_str_or_null(q->created_at),
	    "edited_at", mdl_str_or_null(q->edited_at));
	if (o == NULL || !detail)
		return o;
	json_object_set_new(o, "body", json_string(q->body ? q->body : ""));
	answers = json_array();
	for (i = 0; answers != NULL && i < q->nanswers; i++)
		json_array_append_new(answers, answer_to_json(&q->answers[i]));
	json_object_set_new(o, "answers", answers);
	return o;
}

/* Reads member "answers" of o (absent or null: none) into q. */
static int
question_answers_from_json(const json_t *o, struct question *q,
    struct gerr *err)
{
	const json_t	*a = json_object_get(o, "answers");
	size_t		 i, n;

	if (a == NULL || json_is_null(a))
		return 0;
	if (!json_is_array(a))
		return gerr_set(err, GERR_PROTO, 0, "the server sent a "
		    "question whose answers are not a list");
	n = json_array_size(a);
	if (n == 0)
		return 0;
	q->answers = calloc(n, sizeof *q->answers);
	if (q->answers == NULL)
		return gerr_set(err, GERR_LOCAL, 0, "out of memory");
	for (i = 0; i < n; i++) {
		if (answer_from_json(json_array_get(a, i), &q->answers[i],
		    err) != 0)
			return -1;
		q->nanswers++;
	}
	return 0;
}

int
question_from_json(const json_t *o, struct question *q, struct gerr *err)
{
	memset(q, 0, sizeof *q);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a question that is not an object");
	if (mdl_get_int(o, "id", 1, &q->id, "a question", err) ||
	    mdl_get_str(o, "title", 1, &q->title, "a question", err) ||
	    mdl_get_str(o, "body", 0, &q->body, "a question", err) ||
	    mdl_get_int(o, "score", 0, &q->score, "a question", err) ||
	    mdl_get_int(o, "answer_count", 0, &q->answer_count, "a question",
	    err) ||
	    mdl_get_int(o, "accepted_answer_id", 0, &q->accepted_answer_id,
	    "a question", err) ||
	    mdl_get_int(o, "views", 0, &q->views, "a question", err) ||
	    mdl_get_str(o, "created_at", 0, &q->created_at, "a question", err) ||
	    mdl_get_str(o, "edited_at", 0, &q->edited_at, "a question", err) ||
	    author_from_json(o, &q->author, "a question", err) ||
	    strings_from_json(json_object_get(o, "tags"), &q->tags,
	    &q->ntags, "a question", err) ||
	    question_answers_from_json(o, q, err)) {
		question_release(q);
		return -1;
	}
	q->my_vote = get_vote(o, "my_vote");
	return 0;
}

void
question_release(struct question *q)
{
	size_t	i;

	free(q->title);
	free(q->body);
	strings_release(q->tags, q->ntags);
	author_release(&q->author);
	free(q->created_at);
	free(q->edited_at);
	for (i = 0; i < q->nanswers; i++)
		answer_release(&q->answers[i]);
	free(q->answers);
	memset(q, 0, sizeof *q);
}

/* ---- tags, search hits, like and vote states ---------------------------- */

json_t *
tag_count_to_json(const struct tag_count *t)
{
	return json_pack("{s:s, s:I}", "name", t->name ? t->name : "",
	    "count", (json_int_t)t->count);
}

int
tag_count_from_json(const json_t *o, struct tag_count *t, struct gerr *err)
{
	memset(t, 0, sizeof *t);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a tag that is not an object");
	if (mdl_get_str(o, "name", 1, &t->name, "a tag", err) ||
	    mdl_get_int(o, "count", 0, &t->count, "a tag", err)) {
		tag_count_release(t);
		return -1;
	}
	return 0;
}

void
tag_count_release(struct tag_count *t)
{
	free(t->name);
	memset(t, 0, sizeof *t);
}

json_t *
search_hit_to_json(const struct search_hit *h)
{
	return json_pack("{s:s, s:I, s:s, s:s, s:f}",
	    "type", h->type ? h->type : "",
	    "id", (json_int_t)h->id,
	    "title", h->title ? h->title : "",
	    "snippet", h->snippet ? h->snippet : "",
	    "score", h->score);
}

int
search_hit_from_json(const json_t *o, struct search_hit *h, struct gerr *err)
{
	const json_t	*score;

	memset(h, 0, sizeof *h);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a search result that is not an object");
	if (mdl_get_str(o, "type", 1, &h->type, "a search result", err) ||
	    mdl_get_int(o, "id", 1, &h->id, "a search result", err) ||
	    mdl_get_str(o, "title", 0, &h->title, "a search result", err) ||
	    mdl_get_str(o, "snippet", 0, &h->snippet, "a search result", err)) {
		search_hit_release(h);
		return -1;
	}
	score = json_object_get(o, "score");
	if (json_is_number(score))
		h->score = json_number_value(score);
	return 0;
}

void
search_hit_release(struct search_hit *h)
{
	free(h->type);
	free(h->title);
	free(h->snippet);
	memset(h, 0, sizeof *h);
}

json_t *
like_state_to_json(const struct like_state *l)
{
	return json_pack("{s:b, s:I}", "liked", l->liked,
	    "like_count", (json_int_t)l->like_count);
}

int
like_state_from_json(const json_t *o, struct like_state *l, struct gerr *err)
{
	memset(l, 0, sizeof *l);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a like answer that is not an object");
	mdl_get_bool(o, "liked", &l->liked);
	return mdl_get_int(o, "like_count", 1, &l->like_count, "a like answer",
	    err);
}

json_t *
vote_state_to_json(const struct vote_state *v)
{
	return json_pack("{s:i, s:I}", "vote", v->vote,
	    "score", (json_int_t)v->score);
}

int
vote_state_from_json(const json_t *o, struct vote_state *v, struct gerr *err)
{
	memset(v, 0, sizeof *v);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a vote answer that is not an object");
	v->vote = get_vote(o, "vote");
	return mdl_get_int(o, "score", 1, &v->score, "a vote answer", err);
}

/* ---- pages of discussions and Q&A --------------------------------------- */


/*
 * Reads a page (items, next_cursor, has_more) whose items are decoded by
 * dec into an array of elements of size bytes. On failure everything
 * decoded so far is released and *items is NULL. 0 or -1 with err.
 */
int
mdl_page_decode(const json_t *o, const char *what, size_t size,
    page_item_decode *dec, page_item_release *rel, void **items, size_t *n,
    char **next_cursor, int *has_more, struct gerr *err)
{
	const json_t	*arr = json_object_get(o, "items");
	unsigned char	*buf = NULL;
	size_t		 i, len;

	*items = NULL;
	*n = 0;
	*next_cursor = NULL;
	*has_more = 0;
	if (!json_is_object(o) || !json_is_array(arr))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent %s without 'items'", what);
	if (mdl_get_str(o, "next_cursor", 0, next_cursor, what, err) != 0)
		return -1;
	mdl_get_bool(o, "has_more", has_more);
	len = json_array_size(arr);
	if (len > 0) {
		buf = calloc(len, size);
		if (buf == NULL) {
			FREE(next_cursor);
			return gerr_set(err, GERR_LOCAL, 0, "out of memory");
		}
	}
	for (i = 0; i < len; i++) {
		if (dec(json_array_get(arr, i), buf + i * size, err) != 0) {
			while (i-- > 0)
				rel(buf + i * size);
			free(buf);
			FREE(next_cursor);
			*has_more = 0;
			return -1;
		}
	}
	*items = buf;
	*n = len;
	return 0;
}

PAGE_CODEC(course, course, "a course list")
PAGE_CODEC(order, order, "an order list")
PAGE_CODEC(library, library_item, "a library")
PAGE_CODEC(category, category, "a category list")
PAGE_CODEC(thread, thread, "a thread list")
PAGE_CODEC(reply, reply, "a reply list")
PAGE_CODEC(question, question, "a question list")
PAGE_CODEC(tag, tag_count, "a tag list")
PAGE_CODEC(search, search_hit, "search results")

/* ---- points, levels, the leaderboard, badges ------------------------- */

/* An integer, or JSON null for a negative one (-1 means "none"). */
static json_t *
int_or_null(int64_t v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

json_t *
points_summary_to_json(const struct points_summary *s)
{
	return json_pack("{s:s, s:I, s:I, s:o, s:o}",
	    "username", s->username ? s->username : "",
	    "points", (json_int_t)s->points, "level", (json_int_t)s->level,
	    "next_level_at", int_or_null(s->next_level_at),
	    "points_to_next", int_or_null(s->points_to_next));
}

int
points_summary_from_json(const json_t *o, struct points_summary *s,
    struct gerr *err)
{
	memset(s, 0, sizeof *s);
	s->next_level_at = s->points_to_next = -1;
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent points that are not an object");
	if (mdl_get_str(o, "username", 1, &s->username, "points", err) ||
	    mdl_get_int(o, "points", 1, &s->points, "points", err) ||
	    mdl_get_int(o, "level", 1, &s->level, "points", err) ||
	    mdl_get_int(o, "next_level_at", 0, &s->next_level_at, "points", err) ||
	    mdl_get_int(o, "points_to_next", 0, &s->points_to_next, "points",
	    err)) {
		points_summary_release(s);
		return -1;
	}
	return 0;
}

void
points_summary_release(struct points_summary *s)
{
	free(s->username);
	memset(s, 0, sizeof *s);
}

json_t *
ledger_entry_to_json(const struct ledger_entry *e)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:I, s:s?, s:s}",
	    "id", (json_int_t)e->id, "delta", (json_int_t)e->delta,
	    "rule", e->rule ? e->rule : "",
	    "subject_type", e->subject_type ? e->subject_type : "",
	    "subject_id", (json_int_t)e->subject_id, "reason", e->reason,
	    "created_at", e->created_at ? e->created_at : "");
}

int
ledger_entry_from_json(const json_t *o, struct ledger_entry *e,
    struct gerr *err)
{
	const char	*w = "a ledger entry";

	memset(e, 0, sizeof *e);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a ledger entry that is not an object");
	if (mdl_get_int(o, "id", 1, &e->id, w, err) ||
	    mdl_get_int(o, "delta", 1, &e->delta, w, err) ||
	    mdl_get_str(o, "rule", 1, &e->rule, w, err) ||
	    mdl_get_str(o, "subject_type", 0, &e->subject_type, w, err) ||
	    mdl_get_int(o, "subject_id", 0, &e->subject_id, w, err) ||
	    mdl_get_str(o, "reason", 0, &e->reason, w, err) ||
	    mdl_get_str(o, "created_at", 0, &e->created_at, w, err)) {
		ledger_entry_release(e);
		return -1;
	}
	return 0;
}

void
ledger_entry_release(struct ledger_entry *e)
{
	free(e->rule);
	free(e->subject_type);
	free(e->reason);
	free(e->created_at);
	memset(e, 0, sizeof *e);
}

PAGE_CODEC(ledger, ledger_entry, "a points ledger")

json_t *
leaderboard_entry_to_json(const struct leaderboard_entry *e)
{
	if (e->username == NULL)
		return json_null();
	return json_pack("{s:o, s:s, s:I, s:I}", "rank",
	    e->rank > 0 ? json_integer(e->rank) : json_null(),
	    "username", e->username, "points", (json_int_t)e->points,
	    "level", (json_int_t)e->level);
}

int
leaderboard_entry_from_json(const json_t *o, struct leaderboard_entry *e,
    struct gerr *err)
{
	const char	*w = "a leaderboard row";

	memset(e, 0, sizeof *e);
	if (json_is_null(o))
		return 0;
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a leaderboard row that is not an object");
	if (mdl_get_int(o, "rank", 0, &e->rank, w, err) ||
	    mdl_get_str(o, "username", 1, &e->username, w, err) ||
	    mdl_get_int(o, "points", 1, &e->points, w, err) ||
	    mdl_get_int(o, "level", 1, &e->level, w, err)) {
		leaderboard_entry_release(e);
		return -1;
	}
	return 0;
}

void
leaderboard_entry_release(struct leaderboard_entry *e)
{
	free(e->username);
	memset(e, 0, sizeof *e);
}

json_t *
leaderboard_page_to_json(const struct leaderboard_page *p)
{
	json_t	*items, *o, *me;
	size_t	 i;

	items = json_array();
	for (i = 0; items != NULL && i < p->n; i++) {
		if (json_array_append_new(items,
		    leaderboard_entry_to_json(&p->items[i])) != 0) {
			json_decref(items);
			items = NULL;
		}
	}
	if (items == NULL)
		return NULL;
	o = page_to_json(items, p->has_more ? p->next_cursor : NULL,
	    p->has_more);
	if (o == NULL)
		return NULL;
	if (json_object_set_new(o, "period", json_string(p->period ?
	    p->period : "all")) != 0) {
		json_decref(o);
		return NULL;
	}
	if (!p->has_me)
		return o;
	me = json_pack("{s:o, s:I, s:I, s:[oo]}", "rank", p->me.rank > 0 ?
	    json_integer(p->me.rank) : json_null(),
	    "points", (json_int_t)p->me.points,
	    "level", (json_int_t)p->me.level,
	    "neighbours", leaderboard_entry_to_json(&p->above),
	    leaderboard_entry_to_json(&p->below));
	if (me == NULL || json_object_set_new(o, "me", me) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int
leaderboard_item_dec(const json_t *o, void *p, struct gerr *err)
{
	if (json_is_null(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a null leaderboard row");
	return leaderboard_entry_from_json(o, p, err);
}

static void
leaderboard_item_rel(void *p)
{
	leaderboard_entry_release(p);
}

int
leaderboard_page_from_json(const json_t *o, struct leaderboard_page *p,
    struct gerr *err)
{
	const char	*w = "a leaderboard";
	const json_t	*me, *nb;
	void		*items;

	memset(p, 0, sizeof *p);
	if (mdl_page_decode(o, w, sizeof *p->items, leaderboard_item_dec,
	    leaderboard_item_rel, &items, &p->n, &p->next_cursor,
	    &p->has_more, err) != 0)
		return -1;
	p->items = items;
	if (mdl_get_str(o, "period", 0, &p->period, w, err) != 0)
		goto fail;
	me = json_object_get(o, "me");
	if (me == NULL || json_is_null(me))
		return 0;
	nb = json_object_get(me, "neighbours");
	if (!json_is_object(me) || !json_is_array(nb) ||
	    json_array_size(nb) != 2) {
		gerr_set(err, GERR_PROTO, 0, "the server sent a leaderboard "
		    "whose 'me' is malformed");
		goto fail;
	}
	p->has_me = 1;
	if (mdl_get_int(me, "rank", 0, &p->me.rank, w, err) ||
	    mdl_get_int(me, "points", 1, &p->me.points, w, err) ||
	    mdl_get_int(me, "level", 1, &p->me.level, w, err) ||
	    leaderboard_entry_from_json(json_array_get(nb, 0), &p->above,
	    err) ||
	    leaderboard_entry_from_json(json_array_get(nb, 1), &p->below, err))
		goto fail;
	return 0;
fail:
	leaderboard_page_release(p);
	return -1;
}

void
leaderboard_page_release(struct leaderboard_page *p)
{
	size_t	i;

	for (i = 0; i < p->n; i++)
		leaderboard_entry_release(&p->items[i]);
	free(p->items);
	free(p->next_cursor);
	free(p->period);
	leaderboard_entry_release(&p->me);
	leaderboard_entry_release(&p->above);
	leaderboard_entry_release(&p->below);
	memset(p, 0, sizeof *p);
}

json_t *
badge_to_json(const struct badge *b)
{
	return json_pack("{s:s, s:s?, s:s, s:s?}", "badge",
	    b->badge ? b->badge : "", "period", b->period,
	    "reason", b->reason ? b->reason : "", "awarded_at", b->awarded_at);
}

int
badge_from_json(const json_t *o, struct badge *b, struct gerr *err)
{
	memset(b, 0, sizeof *b);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a badge that is not an object");
	if (mdl_get_str(o, "badge", 1, &b->badge, "a badge", err) ||
	    mdl_get_str(o, "period", 0, &b->period, "a badge", err) ||
	    mdl_get_str(o, "reason", 0, &b->reason, "a badge", err) ||
	    mdl_get_str(o, "awarded_at", 0, &b->awarded_at, "a badge", err)) {
		badge_release(b);
		return -1;
	}
	return 0;
}

void
badge_release(struct badge *b)
{
	free(b->badge);
	free(b->period);
	free(b->reason);
	free(b->awarded_at);
	memset(b, 0, sizeof *b);
}

json_t *
profile_to_json(const struct profile *p)
{
	json_t	*o, *arr;
	size_t	 i;

	o = points_summary_to_json(&p->points);
	arr = json_array();
	for (i = 0; arr != NULL && i < p->nbadges; i++) {
		if (json_array_append_new(arr, badge_to_json(&p->badges[i])) !=
		    0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	if (o == NULL || arr == NULL) {
		json_decref(o);
		json_decref(arr);
		return NULL;
	}
	if (json_object_set_new(o, "badges", arr) != 0 ||
	    json_object_set_new(o, "display_name", json_string(
	    p->display_name ? p->display_name : "")) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int
profile_from_json(const json_t *o, struct profile *p, struct gerr *err)
{
	const json_t	*arr;
	size_t		 i, n;

	memset(p, 0, sizeof *p);
	if (points_summary_from_json(o, &p->points, err) != 0)
		return -1;
	if (mdl_get_str(o, "display_name", 0, &p->display_name, "a profile",
	    err) != 0)
		goto fail;
	arr = json_object_get(o, "badges");
	if (arr == NULL || json_is_null(arr))
		return 0;
	if (!json_is_array(arr)) {
		gerr_set(err, GERR_PROTO, 0, "the server sent a profile whose "
		    "'badges' is not an array");
		goto fail;
	}
	n = json_array_size(arr);
	if (n > 0) {
		p->badges = calloc(n, sizeof *p->badges);
		if (p->badges == NULL) {
			gerr_set(err, GERR_LOCAL, 0, "out of memory");
			goto fail;
		}
	}
	for (i = 0; i < n; i++) {
		if (badge_from_json(json_array_get(arr, i), &p->badges[i],
		    err) != 0)
			goto fail;
		p->nbadges++;
	}
	return 0;
fail:
	profile_release(p);
	return -1;
}

void
profile_release(struct profile *p)
{
	size_t	i;

	points_summary_release(&p->points);
	free(p->display_name);
	for (i = 0; i < p->nbadges; i++)
		badge_release(&p->badges[i]);
	free(p->badges);
	memset(p, 0, sizeof *p);
}

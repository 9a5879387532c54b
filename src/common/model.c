/*
 * JSON codecs of the wire model: guildd encodes with *_to_json, guild
 * decodes with *_from_json, so each resource's shape is written once.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/model.h"

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
static int
get_str(const json_t *o, const char *key, int required, char **out,
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

static int
get_int(const json_t *o, const char *key, int required, int64_t *out,
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

static int
get_bool(const json_t *o, const char *key, int *out)
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
static json_t *
str_or_null(const char *s)
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
	if (get_int(o, "amount", 1, &m->amount, "a price", err) != 0)
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
	    "display_name", str_or_null(u->display_name),
	    "role", role_name(u->role),
	    "level", level_name(u->level),
	    "bio", str_or_null(u->bio),
	    "timezone", str_or_null(u->timezone),
	    "created_at", str_or_null(u->created_at));
	if (o != NULL && include_private)
		json_object_set_new(o, "email", str_or_null(u->email));
	return o;
}

int
user_from_json(const json_t *o, struct user *u, struct gerr *err)
{
	memset(u, 0, sizeof *u);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a user that is not an object");
	if (get_int(o, "id", 1, &u->id, "a user", err) ||
	    get_str(o, "username", 1, &u->username, "a user", err) ||
	    get_str(o, "email", 0, &u->email, "a user", err) ||
	    get_str(o, "display_name", 0, &u->display_name, "a user", err) ||
	    get_str(o, "bio", 0, &u->bio, "a user", err) ||
	    get_str(o, "timezone", 0, &u->timezone, "a user", err) ||
	    get_str(o, "created_at", 0, &u->created_at, "a user", err) ||
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

	o = json_pack("{s:I, s:I, s:i, s:s, s:i, s:b, s:b}",
	    "id", (json_int_t)l->id,
	    "course_id", (json_int_t)l->course_id,
	    "position", l->position,
	    "title", l->title ? l->title : "",
	    "duration_min", l->duration_min,
	    "preview", l->preview,
	    "locked", l->locked);
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
	if (get_int(o, "id", 1, &l->id, "a lesson", err) ||
	    get_int(o, "course_id", 0, &l->course_id, "a lesson", err) ||
	    get_int(o, "position", 0, &pos, "a lesson", err) ||
	    get_int(o, "duration_min", 0, &dur, "a lesson", err) ||
	    get_str(o, "title", 1, &l->title, "a lesson", err) ||
	    get_str(o, "body", 0, &l->body, "a lesson", err)) {
		lesson_release(l);
		return -1;
	}
	l->position = (int)pos;
	l->duration_min = (int)dur;
	get_bool(o, "preview", &l->preview);
	get_bool(o, "locked", &l->locked);
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
	    "summary", str_or_null(c->summary),
	    "level", level_name(c->level),
	    "price", money_to_json(&c->price),
	    "tags", tags,
	    "instructor",
	    "id", (json_int_t)c->instructor_id,
	    "username", c->instructor,
	    "display_name", str_or_null(c->instructor_name),
	    "published", c->published,
	    "lesson_count", c->lesson_count,
	    "enrolled_count", c->enrolled_count,
	    "owned", c->owned,
	    "created_at", str_or_null(c->created_at),
	    "updated_at", str_or_null(c->updated_at));
	if (o == NULL || !detail)
		return o;
	json_object_set_new(o, "description", str_or_null(c->description));
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
	if (get_int(o, "id", 1, &c->id, "a course", err) ||
	    get_str(o, "slug", 0, &c->slug, "a course", err) ||
	    get_str(o, "title", 1, &c->title, "a course", err) ||
	    get_str(o, "summary", 0, &c->summary, "a course", err) ||
	    get_str(o, "description", 0, &c->description, "a course", err) ||
	    get_str(o, "created_at", 0, &c->created_at, "a course", err) ||
	    get_str(o, "updated_at", 0, &c->updated_at, "a course", err) ||
	    get_int(o, "lesson_count", 0, &lc, "a course", err) ||
	    get_int(o, "enrolled_count", 0, &ec, "a course", err) ||
	    get_enum(o, "level", parse_level_v, &c->level, "a course", err))
		goto fail;
	if (json_object_get(o, "price") != NULL &&
	    money_from_json(json_object_get(o, "price"), &c->price, err) != 0)
		goto fail;
	if (json_is_object(ins) &&
	    (get_int(ins, "id", 0, &c->instructor_id, "an instructor", err) ||
	    get_str(ins, "username", 0, &c->instructor, "an instructor", err) ||
	    get_str(ins, "display_name", 0, &c->instructor_name,
	    "an instructor", err)))
		goto fail;
	if (course_tags_from_json(json_object_get(o, "tags"), c, err) != 0 ||
	    course_lessons_from_json(json_object_get(o, "lessons"), c,
	    err) != 0)
		goto fail;
	c->lesson_count = (int)lc;
	c->enrolled_count = (int)ec;
	get_bool(o, "published", &c->published);
	get_bool(o, "owned", &c->owned);
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
	    "next_cursor", str_or_null(next_cursor), "has_more", has_more);
}

int
course_page_from_json(const json_t *o, struct course_page *p, struct gerr *err)
{
	const json_t	*items;
	size_t		 i, n;

	memset(p, 0, sizeof *p);
	items = json_object_get(o, "items");
	if (!json_is_object(o) || !json_is_array(items))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a course list without 'items'");
	if (get_str(o, "next_cursor", 0, &p->next_cursor, "a course list",
	    err) != 0)
		return -1;
	get_bool(o, "has_more", &p->has_more);
	n = json_array_size(items);
	if (n > 0) {
		p->items = calloc(n, sizeof *p->items);
		if (p->items == NULL) {
			course_page_release(p);
			return gerr_set(err, GERR_LOCAL, 0, "out of memory");
		}
	}
	for (i = 0; i < n; i++) {
		if (course_from_json(json_array_get(items, i), &p->items[i],
		    err) != 0) {
			course_page_release(p);
			return -1;
		}
		p->n++;
	}
	return 0;
}

void
course_page_release(struct course_page *p)
{
	size_t	i;

	for (i = 0; i < p->n; i++)
		course_release(&p->items[i]);
	free(p->items);
	free(p->next_cursor);
	memset(p, 0, sizeof *p);
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
	if (get_str(o, "token", 1, &g->token, "a login answer", err) != 0)
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

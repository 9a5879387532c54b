/* Unit tests of the wire model: every codec round-trips what guildd sends. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guild/model.h"

static void
test_user_round_trip(void **state)
{
	struct user	 u = { 0 }, v;
	struct gerr	 err;
	json_t		*j;

	(void)state;
	u.id = 42;
	u.username = "lin";
	u.email = "lin@example.org";
	u.display_name = "林晓";
	u.role = ROLE_INSTRUCTOR;
	u.level = LEVEL_ADVANCED;
	u.created_at = "2026-01-02T03:04:05Z";

	j = user_to_json(&u, 1);
	assert_non_null(j);
	assert_int_equal(user_from_json(j, &v, &err), 0);
	assert_int_equal(v.id, 42);
	assert_string_equal(v.username, "lin");
	assert_string_equal(v.email, "lin@example.org");
	assert_string_equal(v.display_name, "林晓");
	assert_int_equal(v.role, ROLE_INSTRUCTOR);
	assert_int_equal(v.level, LEVEL_ADVANCED);
	assert_null(v.bio);
	user_release(&v);
	json_decref(j);

	/* The public form never carries the email. */
	j = user_to_json(&u, 0);
	assert_null(json_object_get(j, "email"));
	json_decref(j);
}

static void
test_user_rejects_bad_input(void **state)
{
	struct user	 v;
	struct gerr	 err;
	json_t		*j;

	(void)state;
	j = json_loads("{\"username\": \"x\"}", 0, NULL);
	assert_int_equal(user_from_json(j, &v, &err), -1);
	assert_int_equal(err.kind, GERR_PROTO);
	assert_non_null(strstr(err.msg, "'id'"));
	json_decref(j);

	j = json_loads("{\"id\": 1, \"username\": \"x\", \"role\": \"king\"}",
	    0, NULL);
	assert_int_equal(user_from_json(j, &v, &err), -1);
	assert_non_null(strstr(err.msg, "king"));
	json_decref(j);

	j = json_loads("{\"id\": \"1\", \"username\": \"x\"}", 0, NULL);
	assert_int_equal(user_from_json(j, &v, &err), -1);
	json_decref(j);

	assert_int_equal(user_from_json(NULL, &v, &err), -1);
}

static void
test_course_round_trip(void **state)
{
	struct course	 c = { 0 }, d;
	struct lesson	 ls[2] = { { 0 }, { 0 } };
	char		*tags[] = { "c", "内存" };
	struct gerr	 err;
	json_t		*j;

	(void)state;
	c.id = 7;
	c.slug = "modern-c";
	c.title = "Modern C";
	c.summary = "Memory safety from day one";
	c.description = "# Hello\n\n中文 **bold**";
	c.level = LEVEL_INTERMEDIATE;
	c.price.amount = 19900;
	memcpy(c.price.currency, "CNY", 4);
	c.tags = tags;
	c.ntags = 2;
	c.instructor_id = 3;
	c.instructor = "lin";
	c.instructor_name = "林晓";
	c.published = 1;
	c.lesson_count = 2;
	c.owned = 1;
	ls[0].id = 11;
	ls[0].course_id = 7;
	ls[0].position = 1;
	ls[0].title = "Intro";
	ls[0].duration_min = 12;
	ls[0].preview = 1;
	ls[1].id = 12;
	ls[1].position = 2;
	ls[1].title = "Pointers";
	ls[1].locked = 1;
	c.lessons = ls;
	c.nlessons = 2;

	j = course_to_json(&c, 1);
	assert_non_null(j);
	assert_int_equal(course_from_json(j, &d, &err), 0);
	assert_int_equal(d.id, 7);
	assert_string_equal(d.slug, "modern-c");
	assert_string_equal(d.description, c.description);
	assert_int_equal(d.level, LEVEL_INTERMEDIATE);
	assert_int_equal(d.price.amount, 19900);
	assert_string_equal(d.price.currency, "CNY");
	assert_int_equal(d.ntags, 2);
	assert_string_equal(d.tags[1], "内存");
	assert_string_equal(d.instructor, "lin");
	assert_string_equal(d.instructor_name, "林晓");
	assert_int_equal(d.published, 1);
	assert_int_equal(d.owned, 1);
	assert_int_equal(d.nlessons, 2);
	assert_int_equal(d.lessons[0].preview, 1);
	assert_int_equal(d.lessons[0].duration_min, 12);
	assert_int_equal(d.lessons[1].locked, 1);
	assert_string_equal(d.lessons[1].title, "Pointers");
	course_release(&d);
	json_decref(j);

	/* List items leave out the description and the outline. */
	j = course_to_json(&c, 0);
	assert_null(json_object_get(j, "description"));
	assert_null(json_object_get(j, "lessons"));
	json_decref(j);
}

static void
test_course_page(void **state)
{
	struct course		 c = { 0 };
	struct course_page	 p;
	struct gerr		 err;
	json_t			*items, *j;

	(void)state;
	c.id = 1;
	c.title = "A";
	items = json_array();
	json_array_append_new(items, course_to_json(&c, 0));
	c.id = 2;
	c.title = "B";
	json_array_append_new(items, course_to_json(&c, 0));
	j = page_to_json(items, "Mg", 1);
	assert_int_equal(course_page_from_json(j, &p, &err), 0);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.items[1].id, 2);
	assert_string_equal(p.next_cursor, "Mg");
	assert_int_equal(p.has_more, 1);
	course_page_release(&p);
	json_decref(j);

	j = page_to_json(json_array(), NULL, 0);
	assert_int_equal(course_page_from_json(j, &p, &err), 0);
	assert_int_equal(p.n, 0);
	assert_null(p.next_cursor);
	assert_int_equal(p.has_more, 0);
	course_page_release(&p);
	json_decref(j);

	j = json_loads("{\"items\": [{\"title\": \"no id\"}]}", 0, NULL);
	assert_int_equal(course_page_from_json(j, &p, &err), -1);
	json_decref(j);
}

static void
test_money(void **state)
{
	struct money	m = { 19900, "CNY" };
	char		out[32];

	(void)state;
	assert_string_equal(money_format(&m, 0, out, sizeof out), "¥199.00");
	assert_string_equal(money_format(&m, 1, out, sizeof out), "CNY 199.00");
	m.amount = 5;
	assert_string_equal(money_format(&m, 1, out, sizeof out), "CNY 0.05");
	m.amount = 0;
	assert_string_equal(money_format(&m, 0, out, sizeof out), "free");
	m.amount = 1500;
	memcpy(m.currency, "JPY", 4);
	assert_string_equal(money_format(&m, 0, out, sizeof out), "JPY 1500");
	m.amount = -250;
	memcpy(m.currency, "USD", 4);
	assert_string_equal(money_format(&m, 0, out, sizeof out), "-USD 2.50");
}

static void
test_token_grant(void **state)
{
	struct token_grant	 g = { 0 }, h;
	struct gerr		 err;
	json_t			*j;

	(void)state;
	g.token = "gld_abc";
	g.user.id = 5;
	g.user.username = "demo";
	g.user.email = "demo@example.org";
	j = token_grant_to_json(&g);
	assert_int_equal(token_grant_from_json(j, &h, &err), 0);
	assert_string_equal(h.token, "gld_abc");
	assert_string_equal(h.user.username, "demo");
	assert_string_equal(h.user.email, "demo@example.org");
	token_grant_release(&h);
	json_decref(j);
}

static void
test_enums(void **state)
{
	enum role	r;
	enum level	l;

	(void)state;
	assert_int_equal(role_parse("operator", &r), 0);
	assert_int_equal(r, ROLE_OPERATOR);
	assert_int_equal(role_parse("Operator", &r), -1);
	assert_int_equal(level_parse("beginner", &l), 0);
	assert_int_equal(level_parse("expert", &l), -1);
	assert_int_equal(level_parse(NULL, &l), -1);
	assert_string_equal(level_name(LEVEL_ADVANCED), "advanced");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user_round_trip),
		cmocka_unit_test(test_user_rejects_bad_input),
		cmocka_unit_test(test_course_round_trip),
		cmocka_unit_test(test_course_page),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_token_grant),
		cmocka_unit_test(test_enums),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

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

static void
test_order_round_trip(void **state)
{
	struct order	 o, back;
	struct gerr	 err;
	json_t		*j;
	enum order_status st;

	(void)state;
	memset(&o, 0, sizeof o);
	o.id = 12;
	o.status = ORDER_PENDING;
	o.amount.amount = 19900;
	memcpy(o.amount.currency, "CNY", 4);
	o.course_id = 4;
	o.course_slug = "sqlite-internals";
	o.course_title = "SQLite \xe5\x86\x85\xe5\xb9\x95";
	o.user_id = 8;
	o.checkout_url = "http://127.0.0.1:8080/checkout/cs_x";
	o.created_at = "2026-11-26T18:00:00Z";
	j = order_to_json(&o);
	assert_non_null(j);
	/* Flat money on the wire, nulls for what has not happened. */
	assert_int_equal(json_integer_value(json_object_get(j, "amount")),
	    19900);
	assert_string_equal(json_string_value(json_object_get(j, "currency")),
	    "CNY");
	assert_string_equal(json_string_value(json_object_get(j, "status")),
	    "pending");
	assert_true(json_is_null(json_object_get(j, "paid_at")));
	assert_true(json_is_null(json_object_get(j, "failure_reason")));
	assert_int_equal(order_from_json(j, &back, &err), 0);
	assert_int_equal(back.id, 12);
	assert_int_equal(back.status, ORDER_PENDING);
	assert_int_equal(back.amount.amount, 19900);
	assert_string_equal(back.amount.currency, "CNY");
	assert_int_equal(back.course_id, 4);
	assert_int_equal(back.user_id, 8);
	assert_string_equal(back.course_title, o.course_title);
	assert_string_equal(back.checkout_url, o.checkout_url);
	assert_null(back.paid_at);
	order_release(&back);

	json_object_set_new(j, "status", json_string("shipped"));
	assert_int_equal(order_from_json(j, &back, &err), -1);
	json_object_del(j, "status");
	assert_int_equal(order_from_json(j, &back, &err), -1);
	json_object_set_new(j, "status", json_string("failed"));
	json_object_set_new(j, "currency", json_string("YUAN"));
	assert_int_equal(order_from_json(j, &back, &err), -1);
	json_decref(j);

	assert_int_equal(order_status_parse("refunded", &st), 0);
	assert_int_equal(st, ORDER_REFUNDED);
	assert_int_equal(order_status_parse("Paid", &st), -1);
	assert_string_equal(order_status_name(ORDER_CANCELED), "canceled");
}

static void
test_order_page(void **state)
{
	struct order_page	 p;
	struct gerr		 err;
	json_t			*j;

	(void)state;
	j = json_loads("{\"items\": [{\"id\": 1, \"status\": \"paid\","
	    " \"amount\": 0, \"currency\": \"CNY\", \"course_id\": 2}],"
	    " \"next_cursor\": \"abc\", \"has_more\": true}", 0, NULL);
	assert_int_equal(order_page_from_json(j, &p, &err), 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.items[0].status, ORDER_PAID);
	assert_string_equal(p.next_cursor, "abc");
	assert_true(p.has_more);
	order_page_release(&p);
	json_decref(j);
	j = json_loads("{\"items\": [{\"id\": 1}]}", 0, NULL);
	assert_int_equal(order_page_from_json(j, &p, &err), -1);
	json_decref(j);
}

static void
test_library_and_completion(void **state)
{
	struct library_item	 it, back;
	struct library_page	 p;
	struct completion	 c, cb;
	struct gerr		 err;
	json_t			*j, *page;

	(void)state;
	memset(&it, 0, sizeof it);
	it.course.id = 3;
	it.course.slug = "ncurses-tui";
	it.course.title = "Writing a TUI with ncurses";
	it.course.instructor = "kai";
	memcpy(it.course.price.currency, "CNY", 4);
	it.course.price.amount = 9900;
	it.course.owned = 1;
	it.progress.completed = 2;
	it.progress.total = 8;
	it.order_id = 5;
	it.enrolled_at = "2026-11-25T10:00:00Z";
	j = library_item_to_json(&it);
	assert_non_null(j);
	assert_int_equal(library_item_from_json(j, &back, &err), 0);
	assert_string_equal(back.course.slug, "ncurses-tui");
	assert_int_equal(back.progress.completed, 2);
	assert_int_equal(back.progress.total, 8);
	assert_int_equal(back.order_id, 5);
	assert_string_equal(back.enrolled_at, "2026-11-25T10:00:00Z");
	library_item_release(&back);
	page = page_to_json(json_pack("[O]", j), NULL, 0);
	assert_int_equal(library_page_from_json(page, &p, &err), 0);
	assert_int_equal(p.n, 1);
	assert_null(p.next_cursor);
	library_page_release(&p);
	json_decref(page);
	json_object_set_new(j, "progress", json_pack("{s:i, s:i}",
	    "completed", -1, "total", 3));
	assert_int_equal(library_item_from_json(j, &back, &err), -1);
	json_decref(j);

	memset(&c, 0, sizeof c);
	c.lesson_id = 14;
	c.course_id = 3;
	c.completed_at = "2026-11-26T12:00:00Z";
	c.progress.completed = 3;
	c.progress.total = 8;
	j = completion_to_json(&c);
	assert_true(json_is_true(json_object_get(j, "completed")));
	assert_int_equal(completion_from_json(j, &cb, &err), 0);
	assert_int_equal(cb.lesson_id, 14);
	assert_int_equal(cb.progress.completed, 3);
	assert_string_equal(cb.completed_at, c.completed_at);
	completion_release(&cb);
	json_decref(j);
}

static void
test_thread_and_reply(void **state)
{
	struct thread	 t = { 0 }, u;
	struct reply	 r = { 0 }, s;
	struct gerr	 err;
	json_t		*j;

	(void)state;
	t.id = 12;
	t.category_id = 2;
	t.title = "How do you test C?";
	t.body = "With **cmocka**.";
	t.author.id = 8;
	t.author.username = "demo";
	t.author.display_name = "Demo";
	t.pinned = 1;
	t.reply_count = 4;
	t.like_count = 3;
	t.liked = 1;
	t.last_activity_at = "2026-01-02T03:04:05Z";
	t.created_at = "2026-01-01T00:00:00Z";
	j = thread_to_json(&t, 1);
	assert_true(json_is_null(json_object_get(j, "edited_at")));
	assert_int_equal(thread_from_json(j, &u, &err), 0);
	assert_int_equal(u.id, 12);
	assert_int_equal(u.category_id, 2);
	assert_string_equal(u.body, "With **cmocka**.");
	assert_string_equal(u.author.username, "demo");
	assert_int_equal(u.author.id, 8);
	assert_int_equal(u.pinned, 1);
	assert_int_equal(u.locked, 0);
	assert_int_equal(u.reply_count, 4);
	assert_int_equal(u.like_count, 3);
	assert_int_equal(u.liked, 1);
	assert_null(u.edited_at);
	thread_release(&u);
	json_decref(j);
	/* List items leave out the body. */
	j = thread_to_json(&t, 0);
	assert_null(json_object_get(j, "body"));
	json_decref(j);

	r.id = 30;
	r.thread_id = 12;
	r.author.username = "ann";
	r.body = "回复";
	r.like_count = 1;
	j = reply_to_json(&r);
	assert_true(json_is_null(json_object_get(j, "reply_to")));
	assert_int_equal(reply_from_json(j, &s, &err), 0);
	assert_int_equal(s.reply_to, 0);
	assert_string_equal(s.body, "回复");
	reply_release(&s);
	json_decref(j);
	r.reply_to = 29;
	r.deleted = 1;
	j = reply_to_json(&r);
	assert_int_equal(reply_from_json(j, &s, &err), 0);
	assert_int_equal(s.reply_to, 29);
	assert_int_equal(s.deleted, 1);
	reply_release(&s);
	json_decref(j);

	j = json_loads("{\"id\": 1, \"title\": \"t\", \"author\": 5}", 0, NULL);
	assert_int_equal(thread_from_json(j, &u, &err), -1);
	assert_int_equal(err.kind, GERR_PROTO);
	json_decref(j);
}

static void
test_question_and_answers(void **state)
{
	struct question	 q = { 0 }, p;
	struct answer	 a[2] = { { 0 }, { 0 } };
	char		*tags[] = { "c", "内存" };
	struct gerr	 err;
	json_t		*j;

	(void)state;
	q.id = 5;
	q.title = "Why -O2?";
	q.body = "It crashes.";
	q.tags = tags;
	q.ntags = 2;
	q.score = -2;
	q.answer_count = 2;
	q.accepted_answer_id = 9;
	q.views = 40;
	q.my_vote = -1;
	q.author.username = "demo";
	a[0].id = 9;
	a[0].question_id = 5;
	a[0].body = "UB.";
	a[0].accepted = 1;
	a[0].score = 3;
	a[0].my_vote = 1;
	a[1].id = 10;
	a[1].body = "-Wall.";
	q.answers = a;
	q.nanswers = 2;
	j = question_to_json(&q, 1);
	assert_int_equal(question_from_json(j, &p, &err), 0);
	assert_int_equal(p.score, -2);
	assert_int_equal(p.accepted_answer_id, 9);
	assert_int_equal(p.views, 40);
	assert_int_equal(p.my_vote, -1);
	assert_int_equal(p.ntags, 2);
	assert_string_equal(p.tags[1], "内存");
	assert_string_equal(p.body, "It crashes.");
	assert_int_equal(p.nanswers, 2);
	assert_int_equal(p.answers[0].accepted, 1);
	assert_int_equal(p.answers[0].my_vote, 1);
	assert_int_equal(p.answers[0].score, 3);
	assert_int_equal(p.answers[1].id, 10);
	question_release(&p);
	json_decref(j);
	/* A list item: no body, no answers, and no accepted answer is null. */
	q.accepted_answer_id = 0;
	j = question_to_json(&q, 0);
	assert_null(json_object_get(j, "body"));
	assert_null(json_object_get(j, "answers"));
	assert_true(json_is_null(json_object_get(j, "accepted_answer_id")));
	assert_int_equal(question_from_json(j, &p, &err), 0);
	assert_int_equal(p.nanswers, 0);
	assert_null(p.body);
	question_release(&p);
	json_decref(j);
}

static void
test_community_pages(void **state)
{
	struct category		 c = { 0 };
	struct tag_count	 t = { 0 };
	struct search_hit	 h = { 0 };
	struct like_state	 l = { 1, 7 }, l2;
	struct vote_state	 v = { -1, -3 }, v2;
	struct category_page	 cp;
	struct tag_page		 tp;
	struct search_page	 sp;
	struct thread_page	 thp;
	struct gerr		 err;
	json_t			*items, *j;

	(void)state;
	c.id = 4;
	c.slug = "study-modern-c";
	c.name = "Study group";
	c.course_id = 1;
	c.thread_count = 2;
	items = json_array();
	json_array_append_new(items, category_to_json(&c));
	j = page_to_json(items, NULL, 0);
	assert_int_equal(category_page_from_json(j, &cp, &err), 0);
	assert_int_equal(cp.n, 1);
	assert_int_equal(cp.items[0].course_id, 1);
	assert_int_equal(cp.items[0].thread_count, 2);
	assert_string_equal(cp.items[0].slug, "study-modern-c");
	category_page_release(&cp);
	json_decref(j);

	t.name = "c++";
	t.count = 12;
	items = json_array();
	json_array_append_new(items, tag_count_to_json(&t));
	j = page_to_json(items, "dGc", 1);
	assert_int_equal(tag_page_from_json(j, &tp, &err), 0);
	assert_string_equal(tp.items[0].name, "c++");
	assert_int_equal(tp.items[0].count, 12);
	assert_string_equal(tp.next_cursor, "dGc");
	assert_int_equal(tp.has_more, 1);
	tag_page_release(&tp);
	json_decref(j);

	h.type = "thread";
	h.id = 3;
	h.title = "用 SQLite 做词典";
	h.snippet = "…FTS5…";
	h.score = 4.25;
	items = json_array();
	json_array_append_new(items, search_hit_to_json(&h));
	j = page_to_json(items, NULL, 0);
	assert_int_equal(search_page_from_json(j, &sp, &err), 0);
	assert_string_equal(sp.items[0].type, "thread");
	assert_string_equal(sp.items[0].snippet, "…FTS5…");
	assert_true(sp.items[0].score > 4.24 && sp.items[0].score < 4.26);
	search_page_release(&sp);
	json_decref(j);

	j = like_state_to_json(&l);
	assert_int_equal(like_state_from_json(j, &l2, &err), 0);
	assert_int_equal(l2.liked, 1);
	assert_int_equal(l2.like_count, 7);
	json_decref(j);
	j = vote_state_to_json(&v);
	assert_int_equal(vote_state_from_json(j, &v2, &err), 0);
	assert_int_equal(v2.vote, -1);
	assert_int_equal(v2.score, -3);
	json_decref(j);

	/* One bad item fails the page and leaks nothing. */
	j = json_loads("{\"items\": [{\"id\": 1, \"title\": \"a\"},"
	    " {\"title\": \"no id\"}], \"next_cursor\": \"x\"}", 0, NULL);
	assert_int_equal(thread_page_from_json(j, &thp, &err), -1);
	assert_null(thp.items);
	assert_null(thp.next_cursor);
	json_decref(j);
	j = json_loads("{\"nope\": []}", 0, NULL);
	assert_int_equal(search_page_from_json(j, &sp, &err), -1);
	json_decref(j);
}

static void
test_points_models(void **state)
{
	struct points_summary	 ps = { "ann", 27, 3, 65, 38 }, ps2;
	struct ledger_entry	 le = { 41, -2, "reversal:downvote", "answer", 7,
	    NULL, "2026-11-26T19:40:00Z" };
	struct ledger_page	 lp;
	struct leaderboard_entry rows[2] = { { 1, "bob", 120, 4 },
	    { 1, "cat", 120, 4 } };
	struct leaderboard_page	 pg = { 0 }, pg2;
	struct badge		 b[2] = { { "member of the month", "2025-10",
	    "top 3", "2025-11-01T00:00:00Z" }, { "helper", NULL, "kind", NULL } };
	struct profile		 pr = { 0 }, pr2;
	struct gerr		 err;
	json_t			*items, *j;

	(void)state;
	j = points_summary_to_json(&ps);
	assert_int_equal(points_summary_from_json(j, &ps2, &err), 0);
	assert_string_equal(ps2.username, "ann");
	assert_int_equal(ps2.points, 27);
	assert_int_equal(ps2.level, 3);
	assert_int_equal(ps2.next_level_at, 65);
	assert_int_equal(ps2.points_to_next, 38);
	points_summary_release(&ps2);
	json_decref(j);
	/* At the top level the next threshold is null, -1 here. */
	ps.level = 9;
	ps.next_level_at = ps.points_to_next = -1;
	j = points_summary_to_json(&ps);
	assert_true(json_is_null(json_object_get(j, "next_level_at")));
	assert_int_equal(points_summary_from_json(j, &ps2, &err), 0);
	assert_int_equal(ps2.next_level_at, -1);
	assert_int_equal(ps2.points_to_next, -1);
	points_summary_release(&ps2);
	json_decref(j);

	items = json_array();
	json_array_append_new(items, ledger_entry_to_json(&le));
	j = page_to_json(items, "cGw", 1);
	assert_int_equal(ledger_page_from_json(j, &lp, &err), 0);
	assert_int_equal(lp.n, 1);
	assert_int_equal(lp.items[0].id, 41);
	assert_int_equal(lp.items[0].delta, -2);
	assert_string_equal(lp.items[0].rule, "reversal:downvote");
	assert_string_equal(lp.items[0].subject_type, "answer");
	assert_int_equal(lp.items[0].subject_id, 7);
	assert_null(lp.items[0].reason);
	assert_string_equal(lp.next_cursor, "cGw");
	ledger_page_release(&lp);
	json_decref(j);

	pg.items = rows;
	pg.n = 2;
	pg.next_cursor = "bGI";
	pg.has_more = 1;
	pg.period = "week";
	pg.has_me = 1;
	pg.me.rank = 5;
	pg.me.points = 12;
	pg.me.level = 2;
	pg.above.rank = 4;
	pg.above.username = "dan";
	pg.above.points = 13;
	pg.above.level = 2;
	j = leaderboard_page_to_json(&pg);
	assert_non_null(j);
	assert_true(json_is_null(json_array_get(json_object_get(
	    json_object_get(j, "me"), "neighbours"), 1)));
	assert_int_equal(leaderboard_page_from_json(j, &pg2, &err), 0);
	assert_int_equal(pg2.n, 2);
	assert_int_equal(pg2.items[1].rank, 1);
	assert_string_equal(pg2.items[1].username, "cat");
	assert_int_equal(pg2.items[1].points, 120);
	assert_string_equal(pg2.period, "week");
	assert_string_equal(pg2.next_cursor, "bGI");
	assert_int_equal(pg2.has_me, 1);
	assert_int_equal(pg2.me.rank, 5);
	assert_int_equal(pg2.me.points, 12);
	assert_string_equal(pg2.above.username, "dan");
	assert_int_equal(pg2.above.rank, 4);
	assert_null(pg2.below.username);
	leaderboard_page_release(&pg2);
	json_decref(j);
	/* Without me, and with a member off the board (rank null). */
	pg.has_me = 0;
	rows[0].rank = 0;
	j = leaderboard_page_to_json(&pg);
	assert_int_equal(leaderboard_page_from_json(j, &pg2, &err), 0);
	assert_int_equal(pg2.has_me, 0);
	assert_int_equal(pg2.items[0].rank, 0);
	leaderboard_page_release(&pg2);
	json_decref(j);
	/* A malformed me is refused. */
	j = json_pack("{s:[], s:n, s:b, s:{s:I}}", "items", "next_cursor",
	    "has_more", 0, "me", "rank", (json_int_t)1);
	assert_int_equal(leaderboard_page_from_json(j, &pg2, &err), -1);
	json_decref(j);

	ps.level = 3;
	ps.next_level_at = 65;
	ps.points_to_next = 38;
	pr.points = ps;
	pr.display_name = "Ann";
	pr.badges = b;
	pr.nbadges = 2;
	j = profile_to_json(&pr);
	assert_int_equal(profile_from_json(j, &pr2, &err), 0);
	assert_string_equal(pr2.points.username, "ann");
	assert_int_equal(pr2.points.points, 27);
	assert_string_equal(pr2.display_name, "Ann");
	assert_int_equal(pr2.nbadges, 2);
	assert_string_equal(pr2.badges[0].badge, "member of the month");
	assert_string_equal(pr2.badges[0].period, "2025-10");
	assert_string_equal(pr2.badges[0].awarded_at, "2025-11-01T00:00:00Z");
	assert_null(pr2.badges[1].period);
	assert_string_equal(pr2.badges[1].reason, "kind");
	profile_release(&pr2);
	json_decref(j);
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
		cmocka_unit_test(test_order_round_trip),
		cmocka_unit_test(test_order_page),
		cmocka_unit_test(test_library_and_completion),
		cmocka_unit_test(test_thread_and_reply),
		cmocka_unit_test(test_question_and_answers),
		cmocka_unit_test(test_community_pages),
		cmocka_unit_test(test_points_models),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

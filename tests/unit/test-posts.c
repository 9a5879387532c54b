/*
 * Unit tests of the discussion and Q&A storage on an in-memory database:
 * the CJK pieces the search index sees and the FTS5 queries built from
 * what members type, tags, cursors, the counters kept by triggers,
 * votes, keyset pages in every order, and search in English and Chinese.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "server/db.h"
#include "server/posts.h"

static int
setup(void **state)
{
	sqlite3		*db;
	struct gerr	 err;
	int		 from, to;

	if (db_open(":memory:", &db, &err) != 0 ||
	    db_migrate(db, &from, &to, &err) != 0)
		return -1;
	if (sqlite3_exec(db, "INSERT INTO users (id, username, password_hash,"
	    " created_at) VALUES (1, 'ann', 'x', 0), (2, 'bob', 'x', 0),"
	    " (3, 'cat', 'x', 0);"
	    "INSERT INTO categories (id, slug, name) VALUES (1, 'general',"
	    " 'General'), (2, 'other', 'Other')", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return -1;
	*state = db;
	return 0;
}

static int
teardown(void **state)
{
	sqlite3_close(*state);
	return 0;
}

static int64_t
query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*st;
	int64_t		 n = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
expect_text(const char *in, const char *want)
{
	char	*got = search_text(in);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
test_search_text(void **state)
{
	(void)state;
	expect_text("", "");
	expect_text("hello, world", "hello, world");
	expect_text("数据库", " 数据 据库 ");
	expect_text("数据", " 数据 ");
	expect_text("中", " 中 ");
	expect_text("C语言", "C 语言 ");
	expect_text("a中b", "a 中 b");
	expect_text("用 SQLite 做词典", " 用  SQLite  做词 词典 ");
	expect_text("カタカナ", " カタ タカ カナ ");
	expect_text("한국어", " 한국 국어 ");
	/* Punctuation is not part of a run. */
	expect_text("你好，世界", " 你好 ， 世界 ");
	/* Malformed UTF-8 passes through untouched. */
	expect_text("a\xff\xfe", "a\xff\xfe");
}

static void
expect_expr(const char *q, const char *want, size_t want_words)
{
	char	*expr;
	size_t	 n;

	assert_int_equal(search_match_expr(q, &expr, &n), 0);
	assert_int_equal(n, want_words);
	if (want == NULL) {
		assert_null(expr);
		return;
	}
	assert_non_null(expr);
	assert_string_equal(expr, want);
	free(expr);
}

static void
test_match_expr(void **state)
{
	(void)state;
	expect_expr("sqlite", "\"sqlite\"*", 1);
	expect_expr("  sqlite   数据库 ", "\"sqlite\"* \" 数据 据库 \"", 2);
	expect_expr("C语言", "\"C 语言 \"", 1);
	/* Quotes are data; FTS5 operators stay inside a phrase. */
	expect_expr("say\"hi\" NEAR(x", "\"say\"\"hi\"\"\"* \"NEAR(x\"*", 2);
	/* Words without letters or digits would match everything. */
	expect_expr("++ !!! ，。 ?", NULL, 0);
	expect_expr("", NULL, 0);
	expect_expr("c++ 😀", "\"c++\"*", 1);
	/* At most eight words. */
	expect_expr("a b c d e f g h i j", "\"a\"* \"b\"* \"c\"* \"d\"* \"e\"* "
	    "\"f\"* \"g\"* \"h\"*", 8);
}

static void
test_tags_and_urls(void **state)
{
	char	out[POST_TAG_MAX + 1], enc[64];

	(void)state;
	assert_int_equal(post_tag_fold("C++", out, sizeof out), 0);
	assert_string_equal(out, "c++");
	assert_int_equal(post_tag_fold("Distributed-Systems", out, sizeof out),
	    0);
	assert_string_equal(out, "distributed-systems");
	assert_int_equal(post_tag_fold("数据库", out, sizeof out), 0);
	assert_string_equal(out, "数据库");
	assert_int_equal(post_tag_fold("c#", out, sizeof out), 0);
	assert_int_equal(post_tag_fold("", out, sizeof out), -1);
	assert_int_equal(post_tag_fold("two words", out, sizeof out), -1);
	assert_int_equal(post_tag_fold("a'b", out, sizeof out), -1);
	assert_int_equal(post_tag_fold("a/b", out, sizeof out), -1);
	assert_int_equal(post_tag_fold("a\xc2\xa0" "b", out, sizeof out), -1);
	assert_int_equal(post_tag_fold("0123456789012345678901234567890123",
	    out, sizeof out), -1);
	assert_string_equal(post_url_encode("c++ 数", enc, sizeof enc),
	    "c%2B%2B%20%E6%95%B0");
	assert_string_equal(post_url_encode("abc-._~", enc, 4), "abc");
}

static void
test_cursors(void **state)
{
	int64_t	v[3] = { 1, -5, INT64_MAX }, w[3];
	char	c[POST_CURSOR_SIZE], text[40];

	(void)state;
	assert_int_equal(post_cursor_encode("tl", v, 3, NULL, c, sizeof c), 0);
	assert_int_equal(post_cursor_decode(c, "tl", w, 3, NULL, 0), 0);
	assert_memory_equal(v, w, sizeof v);
	/* Another kind, count or shape is refused. */
	assert_int_equal(post_cursor_decode(c, "tt", w, 3, NULL, 0), -1);
	assert_int_equal(post_cursor_decode(c, "t", w, 3, NULL, 0), -1);
	assert_int_equal(post_cursor_decode(c, "tl", w, 2, NULL, 0), -1);
	assert_int_equal(post_cursor_decode(c, "tl", w, 3, text,
	    sizeof text), -1);
	assert_int_equal(post_cursor_encode("tg", v, 1, "c++", c, sizeof c),
	    0);
	assert_int_equal(post_cursor_decode(c, "tg", w, 1, text, sizeof text),
	    0);
	assert_int_equal(w[0], 1);
	assert_string_equal(text, "c++");
	assert_int_equal(post_cursor_decode(c, "tg", w, 1, text, 3), -1);
	assert_int_equal(post_cursor_decode("!!!", "tl", w, 3, NULL, 0), -1);
	assert_int_equal(post_cursor_decode("", "tl", w, 3, NULL, 0), -1);
	/* "tl|1|x|3" */
	assert_int_equal(post_cursor_decode("dGx8MXx4fDM", "tl", w, 3, NULL,
	    0), -1);
}

static void
test_thread_counters(void **state)
{
	sqlite3		*db = *state;
	struct thread	 t;
	int64_t		 th, r1, r2, r3, count;
	int		 changed;

	assert_int_equal(db_thread_insert(db, 1, 1, "Title", "Body", 100, &th),
	    G_OK);
	assert_int_equal(db_reply_insert(db, th, 2, 0, "one", 200, &r1), G_OK);
	assert_int_equal(db_reply_insert(db, th, 3, r1, "two", 300, &r2), G_OK);
	assert_int_equal(db_reply_insert(db, th, 2, 0, "three", 250, &r3),
	    G_OK);
	assert_int_equal(db_thread_get(db, th, 2, &t), G_OK);
	assert_int_equal(t.reply_count, 3);
	assert_string_equal(t.last_activity_at, "1970-01-01T00:05:00Z");
	assert_string_equal(t.body, "Body");
	thread_release(&t);

	assert_int_equal(db_reply_delete(db, r2, 400), G_OK);
	assert_int_equal(db_reply_delete(db, r2, 400), G_NOT_FOUND);
	assert_int_equal(query_int(db, "SELECT reply_count FROM threads"), 2);

	assert_int_equal(db_like_set(db, POST_THREAD, th, 2, 1, 0, &changed,
	    &count), G_OK);
	assert_true(changed);
	assert_int_equal(count, 1);
	assert_int_equal(db_like_set(db, POST_THREAD, th, 2, 1, 0, &changed,
	    &count), G_OK);
	assert_false(changed);
	assert_int_equal(count, 1);
	assert_int_equal(db_like_set(db, POST_REPLY, r1, 1, 1, 0, &changed,
	    &count), G_OK);
	assert_int_equal(count, 1);
	assert_int_equal(db_thread_get(db, th, 2, &t), G_OK);
	assert_true(t.liked);
	thread_release(&t);
	assert_int_equal(db_thread_get(db, th, 3, &t), G_OK);
	assert_false(t.liked);
	thread_release(&t);
	assert_int_equal(db_like_set(db, POST_THREAD, th, 2, 0, 0, &changed,
	    &count), G_OK);
	assert_true(changed);
	assert_int_equal(count, 0);

	/* Deleting the thread takes replies, likes and its index entry. */
	assert_int_equal(db_thread_delete(db, th), G_OK);
	assert_int_equal(query_int(db, "SELECT count(*) FROM replies"), 0);
	assert_int_equal(query_int(db, "SELECT count(*) FROM reply_likes"), 0);
	assert_int_equal(query_int(db, "SELECT count(*) FROM search_docs"), 0);
	assert_int_equal(db_thread_delete(db, th), G_NOT_FOUND);
}

static void
test_thread_pages(void **state)
{
	sqlite3			*db = *state;
	struct db_thread_query	 q;
	struct thread		*items;
	struct db_thread_edit	 e;
	size_t			 n, seen = 0;
	int			 has_more, i;
	int64_t			 id, last[3], prev = INT64_MAX;

	for (i = 0; i < 10; i++)
		assert_int_equal(db_thread_insert(db, 1 + i % 2, 1, "t", "b",
		    1000 + i, &id), G_OK);
	memset(&e, 0, sizeof e);
	e.set_pinned = e.pinned = 1;
	assert_int_equal(db_thread_update(db, 2, &e, 0), G_OK);

	memset(&q, 0, sizeof q);
	q.limit = 3;
	q.sort = POST_SORT_LATEST;
	for (;;) {
		assert_int_equal(db_thread_list(db, &q, &items, &n, &has_more,
		    last), G_OK);
		for (size_t j = 0; j < n; j++, seen++) {
			/* The pinned thread first, then newest activity. */
			if (seen == 0)
				assert_int_equal(items[j].id, 2);
			else
				assert_true(items[j].id < prev);
			if (seen > 0)
				prev = items[j].id;
		}
		db_threads_free(items, n);
		if (!has_more)
			break;
		q.has_after = 1;
		memcpy(q.after, last, sizeof q.after);
	}
	assert_int_equal(seen, 10);

	q.has_after = 0;
	q.category_id = 2;
	q.limit = 100;
	assert_int_equal(db_thread_list(db, &q, &items, &n, &has_more, last),
	    G_OK);
	assert_int_equal(n, 5);
	assert_int_equal(items[0].id, 2);
	assert_false(has_more);
	db_threads_free(items, n);
}

static void
test_votes_and_answers(void **state)
{
	sqlite3		*db = *state;
	char		 tags[2][POST_TAG_MAX + 1] = { "c", "perf" };
	struct question	 q;
	int64_t		 qid, a1, a2, score;
	int		 old;

	assert_int_equal(db_question_insert(db, 1, "Why?", "Because.", tags, 2,
	    500, &qid), G_OK);
	assert_int_equal(query_int(db, "SELECT sum(question_count) FROM tags"),
	    2);
	assert_int_equal(db_vote_set(db, POST_QUESTION, qid, 2, 1, 0, &old,
	    &score), G_OK);
	assert_int_equal(old, 0);
	assert_int_equal(score, 1);
	assert_int_equal(db_vote_set(db, POST_QUESTION, qid, 2, 1, 0, &old,
	    &score), G_OK);
	assert_int_equal(old, 1);
	assert_int_equal(score, 1);
	assert_int_equal(db_vote_set(db, POST_QUESTION, qid, 2, -1, 0, &old,
	    &score), G_OK);
	assert_int_equal(score, -1);
	assert_int_equal(db_vote_set(db, POST_QUESTION, qid, 3, -1, 0, &old,
	    &score), G_OK);
	assert_int_equal(score, -2);
	/* The per-tag copies of the score follow. */
	assert_int_equal(query_int(db, "SELECT min(score) FROM question_tags"),
	    -2);
	assert_int_equal(db_vote_set(db, POST_QUESTION, qid, 2, 0, 0, &old,
	    &score), G_OK);
	assert_int_equal(old, -1);
	assert_int_equal(score, -1);

	assert_int_equal(db_answer_insert(db, qid, 2, "first", 600, &a1), G_OK);
	assert_int_equal(db_answer_insert(db, qid, 3, "second", 700, &a2),
	    G_OK);
	assert_int_equal(db_vote_set(db, POST_ANSWER, a2, 1, 1, 0, &old,
	    &score), G_OK);
	assert_int_equal(query_int(db, "SELECT max(answer_count) FROM"
	    " question_tags"), 2);
	assert_int_equal(db_question_get(db, qid, 1, 1, &q), G_OK);
	assert_int_equal(q.answer_count, 2);
	assert_int_equal(q.answers[0].id, a2);	/* by score */
	assert_int_equal(q.answers[0].my_vote, 1);
	question_release(&q);
	assert_int_equal(db_question_accept(db, qid, a1), G_OK);
	assert_int_equal(db_question_get(db, qid, 0, 1, &q), G_OK);
	assert_int_equal(q.answers[0].id, a1);	/* accepted first */
	assert_true(q.answers[0].accepted);
	assert_int_equal(q.accepted_answer_id, a1);
	question_release(&q);
	/* Deleting the accepted answer clears the mark. */
	assert_int_equal(db_answer_delete(db, a1), G_OK);
	assert_int_equal(query_int(db, "SELECT coalesce(accepted_answer_id, 0)"
	    " FROM questions"), 0);
	assert_int_equal(query_int(db, "SELECT answer_count FROM questions"),
	    1);
	assert_int_equal(db_question_update(db, qid, NULL, NULL, tags, 1, 800),
	    G_OK);
	assert_int_equal(query_int(db, "SELECT question_count FROM tags"
	    " WHERE name = 'perf'"), 0);
}

static void
test_question_pages(void **state)
{
	sqlite3				*db = *state;
	char				 tags[1][POST_TAG_MAX + 1] = { "go" };
	struct db_question_query	 q;
	struct question			*items;
	size_t				 n;
	int				 has_more, i, old;
	int64_t				 id, last, score;

	for (i = 0; i < 6; i++) {
		assert_int_equal(db_question_insert(db, 1, "q", "b", tags, 1,
		    100 + i, &id), G_OK);
		if (i == 2)
			db_vote_set(db, POST_QUESTION, id, 2, 1, 0, &old,
			    &score);
		if (i % 2 == 0)
			db_answer_insert(db, id, 2, "a", 200, &id);
	}
	memset(&q, 0, sizeof q);
	q.limit = 10;
	q.tag = "go";
	q.sort = POST_SORT_VOTES;
	assert_int_equal(db_question_list(db, &q, &items, &n, &has_more,
	    &last), G_OK);
	assert_int_equal(n, 6);
	assert_int_equal(items[0].score, 1);
	assert_int_equal(items[0].ntags, 1);
	assert_string_equal(items[0].tags[0], "go");
	assert_null(items[0].body);
	db_questions_free(items, n);
	q.sort = POST_SORT_UNANSWERED;
	assert_int_equal(db_question_list(db, &q, &items, &n, &has_more,
	    &last), G_OK);
	assert_int_equal(n, 3);
	for (i = 0; i < 3; i++)
		assert_int_equal(items[i].answer_count, 0);
	db_questions_free(items, n);
	q.tag = NULL;
	q.sort = POST_SORT_NEWEST;
	q.limit = 4;
	assert_int_equal(db_question_list(db, &q, &items, &n, &has_more,
	    &last), G_OK);
	assert_int_equal(n, 4);
	assert_true(has_more);
	assert_int_equal(last, 102);
	db_questions_free(items, n);
}

static void
test_search(void **state)
{
	sqlite3			*db = *state;
	char			 tags[1][POST_TAG_MAX + 1] = { "算法" };
	struct search_hit	*hits;
	size_t			 n, words;
	int			 has_more;
	int64_t			 q, t;

	assert_int_equal(db_question_insert(db, 1, "缓存淘汰策略怎么选？",
	    "我们用哈希表加双向链表实现了 LRU 缓存。", tags, 1, 0, &q), G_OK);
	assert_int_equal(db_thread_insert(db, 1, 2, "Testing in C",
	    "We use cmocka and AddressSanitizer for every module.", 0, &t),
	    G_OK);
	assert_int_equal(db_search(db, "哈希表", SEARCH_ALL, 10, &hits, &n,
	    &has_more, &words), G_OK);
	assert_int_equal(words, 1);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].type, "question");
	assert_int_equal(hits[0].id, q);
	assert_non_null(strstr(hits[0].snippet, "哈希表"));
	db_search_free(hits, n);
	/* Two characters, and a substring of a longer word. */
	assert_int_equal(db_search(db, "链表", SEARCH_ALL, 10, &hits, &n,
	    &has_more, &words), G_OK);
	assert_int_equal(n, 1);
	db_search_free(hits, n);
	assert_int_equal(db_search(db, "Address", SEARCH_ALL, 10, &hits, &n,
	    &has_more, &words), G_OK);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].type, "thread");
	assert_string_equal(hits[0].title, "Testing in C");
	assert_true(hits[0].score > 0);
	db_search_free(hits, n);
	assert_int_equal(db_search(db, "cmocka", SEARCH_QUESTIONS, 10, &hits,
	    &n, &has_more, &words), G_OK);
	assert_int_equal(n, 0);
	db_search_free(hits, n);
	assert_int_equal(db_search(db, "!!!", SEARCH_ALL, 10, &hits, &n,
	    &has_more, &words), G_OK);
	assert_int_equal(words, 0);
	/* An edit re-indexes. */
	assert_int_equal(db_question_update(db, q, NULL, "换成了跳表。", NULL, 0,
	    5), G_OK);
	assert_int_equal(db_search(db, "哈希表", SEARCH_ALL, 10, &hits, &n,
	    &has_more, &words), G_OK);
	assert_int_equal(n, 0);
	db_search_free(hits, n);
	assert_int_equal(db_search(db, "跳表", SEARCH_ALL, 10, &hits, &n,
	    &has_more, &words), G_OK);
	assert_int_equal(n, 1);
	db_search_free(hits, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_text),
		cmocka_unit_test(test_match_expr),
		cmocka_unit_test(test_tags_and_urls),
		cmocka_unit_test(test_cursors),
		cmocka_unit_test_setup_teardown(test_thread_counters, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_thread_pages, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_votes_and_answers, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_question_pages, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

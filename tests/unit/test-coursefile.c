/*
 * Unit tests of the course file: parsing, validation errors with their
 * line numbers, exact prices, and writing back what was parsed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "guild/buf.h"
#include "guild/coursefile.h"
#include "guild/util.h"

static const char good[] =
    "---\n"
    "# a comment, then a blank line\n"
    "\n"
    "title: SQLite 内幕\n"
    "Slug: sqlite-internals\n"
    "level: advanced\n"
    "tags: [Database, sqlite, 数据库, database]\n"
    "price: 499\n"
    "currency: CNY\n"
    "summary: \"  深入 B 树与 WAL  \"\n"
    "published: yes\n"
    "---\n"
    "\n"
    "深入 SQLite 的**页缓存**。\n"
    "\n"
    "\\## Not a lesson\n"
    "\n"
    "```c\n"
    "## inside code, not a lesson\n"
    "```\n"
    "\n"
    "## 第一课：B 树 {preview}\n"
    "duration: 25 min\n"
    "\n"
    "Body one.\n"
    "\n"
    "## Pages\n"
    "duration: 40\n"
    "Body two, right under the duration.\n"
    "## Empty\n";

/* Parses text as "course.md"; asserts success. */
static void
parse_ok(const char *text, struct coursefile *cf)
{
	struct gerr err;

	gerr_clear(&err);
	if (coursefile_parse(cf, text, strlen(text), "course.md", &err) != 0)
		fail_msg("parse failed: %s", err.msg);
}

static void
test_parse_good(void **state)
{
	struct coursefile cf;

	(void)state;
	parse_ok(good, &cf);
	assert_string_equal(cf.title, "SQLite 内幕");
	assert_string_equal(cf.slug, "sqlite-internals");
	assert_true(cf.has_level);
	assert_int_equal(cf.level, LEVEL_ADVANCED);
	assert_true(cf.has_tags);
	assert_int_equal(cf.ntags, 3);
	assert_string_equal(cf.tags[0], "database");
	assert_string_equal(cf.tags[1], "sqlite");
	assert_string_equal(cf.tags[2], "数据库");
	assert_true(cf.has_price);
	assert_int_equal(cf.price.amount, 49900);
	assert_string_equal(cf.price.currency, "CNY");
	assert_string_equal(cf.summary, "  深入 B 树与 WAL  ");
	assert_true(cf.has_published);
	assert_true(cf.published);
	assert_string_equal(cf.description, "深入 SQLite 的**页缓存**。\n\n"
	    "## Not a lesson\n\n```c\n## inside code, not a lesson\n```");
	assert_int_equal(cf.nlessons, 3);
	assert_string_equal(cf.lessons[0].title, "第一课：B 树");
	assert_true(cf.lessons[0].preview);
	assert_int_equal(cf.lessons[0].duration_min, 25);
	assert_string_equal(cf.lessons[0].body, "Body one.");
	assert_int_equal(cf.lessons[0].line, 22);
	assert_string_equal(cf.lessons[1].title, "Pages");
	assert_false(cf.lessons[1].preview);
	assert_int_equal(cf.lessons[1].duration_min, 40);
	assert_string_equal(cf.lessons[1].body,
	    "Body two, right under the duration.");
	assert_string_equal(cf.lessons[2].title, "Empty");
	assert_string_equal(cf.lessons[2].body, "");
	assert_int_equal(cf.lessons[2].duration_min, 0);
	coursefile_release(&cf);
}

static void
test_parse_minimal(void **state)
{
	struct coursefile	cf;
	struct gerr		err;

	(void)state;
	parse_ok("---\n---\n", &cf);
	assert_null(cf.title);
	assert_null(cf.slug);
	assert_false(cf.has_level);
	assert_false(cf.has_tags);
	assert_false(cf.has_price);
	assert_false(cf.has_published);
	assert_string_equal(cf.description, "");
	assert_int_equal(cf.nlessons, 0);
	gerr_clear(&err);
	assert_int_equal(coursefile_check_new(&cf, "x.md", &err), -1);
	assert_string_equal(err.msg, "x.md:1: a new course needs title:, "
	    "slug: and level: in its front matter (title: is missing)");
	coursefile_release(&cf);

	/* CRLF, a BOM, tags without brackets, a price as "free". */
	parse_ok("\xef\xbb\xbf---\r\ntitle: T\r\nslug: t1\r\nlevel: beginner\r\n"
	    "tags: c,  Unix \r\nprice: free\r\npublished: no\r\n---\r\n"
	    "Text\r\n", &cf);
	assert_string_equal(cf.title, "T");
	assert_int_equal(cf.ntags, 2);
	assert_string_equal(cf.tags[1], "unix");
	assert_int_equal(cf.price.amount, 0);
	assert_true(cf.has_published);
	assert_false(cf.published);
	assert_string_equal(cf.description, "Text");
	gerr_clear(&err);
	assert_int_equal(coursefile_check_new(&cf, "x.md", &err), 0);
	coursefile_release(&cf);

	parse_ok("---\ntags: []\n---\n", &cf);
	assert_true(cf.has_tags);
	assert_int_equal(cf.ntags, 0);
	coursefile_release(&cf);
}

static void
test_prices(void **state)
{
	static const struct {
		const char	*s;
		int64_t		 fen;
	} ok[] = {
		{ "199", 19900 }, { "199.5", 19950 }, { "199.50", 19950 },
		{ "0", 0 }, { "0.01", 1 }, { "free", 0 }, { "FREE", 0 },
		{ "1000000", 100000000 }, { "007.7", 770 },
	};
	static const char *const bad[] = {
		"1e3", "-1", "1.234", "", "1.", ".5", "1,000", "+5", " 5",
		"1000000.01", "99999999999", "1.5.0", "０", "¥199",
	};
	int64_t	v;
	size_t	i;

	(void)state;
	for (i = 0; i < G_NELEM(ok); i++) {
		v = -1;
		if (coursefile_price_parse(ok[i].s, "CNY", &v) != 0)
			fail_msg("price '%s' refused", ok[i].s);
		assert_int_equal(v, ok[i].fen);
	}
	for (i = 0; i < G_NELEM(bad); i++)
		if (coursefile_price_parse(bad[i], "CNY", &v) == 0)
			fail_msg("bad price '%s' accepted", bad[i]);
	assert_int_equal(coursefile_price_parse("1500", "JPY", &v), 0);
	assert_int_equal(v, 1500);
	assert_int_equal(coursefile_price_parse("15.5", "JPY", &v), -1);
}

/* Every validation error names its file and line. */
static void
test_errors(void **state)
{
	static const struct {
		const char	*text;
		const char	*msg;
	} cases[] = {
		{ "title: x\n", "course.md:1: a course file starts with its "
		    "front matter" },
		{ "", "course.md:1: a course file starts" },
		{ "---\ntitle: x\n", "course.md:1: the front matter is never "
		    "closed" },
		{ "---\ntitle: x\nlevel: expert\n---\n", "course.md:3: unknown "
		    "level 'expert' (beginner, intermediate, advanced)" },
		{ "---\n\n\nprice: 1e3\n---\n", "course.md:4: bad price "
		    "'1e3'" },
		{ "---\nprice: -1\n---\n", "course.md:2: bad price '-1'" },
		{ "---\nprice: 1.234\ncurrency: CNY\n---\n", "course.md:2: bad "
		    "price '1.234' (CNY with at most two decimals" },
		{ "---\ncurrency: JPY\nprice: 1.5\n---\n", "course.md:3: bad "
		    "price '1.5' (whole JPY" },
		{ "---\ncurrency: yuan\n---\n", "course.md:2: bad currency "
		    "'yuan'" },
		{ "---\ncolour: red\n---\n", "course.md:2: unknown key "
		    "'colour'" },
		{ "---\ntitle: a\ntitle: b\n---\n", "course.md:3: title is set "
		    "twice (first on line 2)" },
		{ "---\njust words\n---\n", "course.md:2: expected 'key: "
		    "value'" },
		{ "---\nslug: Big Slug\n---\n", "course.md:2: bad slug 'Big "
		    "Slug'" },
		{ "---\nslug: 123\n---\n", "course.md:2: bad slug '123'" },
		{ "---\ntitle:\n---\n", "course.md:2: the title must be one "
		    "line of 1 to 200 characters" },
		{ "---\npublished: maybe\n---\n", "course.md:2: published must "
		    "be yes or no, not 'maybe'" },
		{ "---\ntags: a,,b\n---\n", "course.md:2: an empty tag" },
		{ "---\ntags: 1,2,3,4,5,6,7,8,9,10,11\n---\n", "course.md:2: "
		    "more than 10 tags" },
		{ "---\ntags: [aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa]\n---\n",
		    "course.md:2: tag 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' must "
		    "be one line of 1 to 32 characters" },
		{ "---\n---\n\n## \n", "course.md:4: a lesson needs a title" },
		{ "---\n---\n## {preview}\n", "course.md:3: a lesson needs a "
		    "title" },
		{ "---\n---\n## A\nduration: long\n", "course.md:4: bad "
		    "duration 'long' (whole minutes, 0 to 1440)" },
		{ "---\n---\n## A\nduration: 1441\n", "course.md:4: bad "
		    "duration '1441'" },
		{ "---\n---\ntext\n\n~~~\ncode\n## B\n", "course.md:5: this "
		    "code block is never closed (add a line ~~~ after it)" },
		{ "---\n---\nok\nbad \xff byte\n", "course.md:4: invalid "
		    "UTF-8" },
	};
	struct coursefile	cf;
	struct gerr		err;
	size_t			i;

	(void)state;
	for (i = 0; i < G_NELEM(cases); i++) {
		gerr_clear(&err);
		if (coursefile_parse(&cf, cases[i].text,
		    strlen(cases[i].text), "course.md", &err) == 0) {
			coursefile_release(&cf);
			fail_msg("case %zu parsed: %s", i, cases[i].text);
		}
		assert_int_equal(err.kind, GERR_USAGE);
		if (strncmp(err.msg, cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("case %zu: got '%s', want '%s...'", i,
			    err.msg, cases[i].msg);
		assert_int_equal(cf.nlessons, 0);
		assert_null(cf.title);
	}
	/* A NUL byte, which strlen would hide. */
	gerr_clear(&err);
	assert_int_equal(coursefile_parse(&cf, "---\n---\na\0b\n", 11,
	    "course.md", &err), -1);
	assert_string_equal(err.msg, "course.md:3: a NUL byte (is this a text "
	    "file?)");
}

/* Asserts two parsed courses are equal. */
static void
assert_same(const struct coursefile *a, const struct coursefile *b)
{
	size_t i;

	assert_string_equal(a->title ? a->title : "(none)",
	    b->title ? b->title : "(none)");
	assert_string_equal(a->slug ? a->slug : "(none)",
	    b->slug ? b->slug : "(none)");
	assert_string_equal(a->summary ? a->summary : "(none)",
	    b->summary ? b->summary : "(none)");
	assert_string_equal(a->description, b->description);
	assert_int_equal(a->has_level, b->has_level);
	assert_int_equal(a->level, b->level);
	assert_int_equal(a->has_tags, b->has_tags);
	assert_int_equal(a->ntags, b->ntags);
	for (i = 0; i < a->ntags; i++)
		assert_string_equal(a->tags[i], b->tags[i]);
	assert_int_equal(a->has_price, b->has_price);
	assert_int_equal(a->price.amount, b->price.amount);
	assert_string_equal(a->price.currency, b->price.currency);
	assert_int_equal(a->has_published, b->has_published);
	assert_int_equal(a->published, b->published);
	assert_int_equal(a->nlessons, b->nlessons);
	for (i = 0; i < a->nlessons; i++) {
		assert_string_equal(a->lessons[i].title, b->lessons[i].title);
		assert_string_equal(a->lessons[i].body, b->lessons[i].body);
		assert_int_equal(a->lessons[i].preview, b->lessons[i].preview);
		assert_int_equal(a->lessons[i].duration_min,
		    b->lessons[i].duration_min);
	}
}

/* Writes cf, parses the result and compares; returns the text (free it). */
static char *
round_trip(const struct coursefile *cf)
{
	struct coursefile	 back;
	struct buf		 b = BUF_INIT;
	struct gerr		 err;

	gerr_clear(&err);
	if (coursefile_write(cf, &b, &err) != 0)
		fail_msg("write failed: %s", err.msg);
	gerr_clear(&err);
	if (coursefile_parse(&back, buf_str(&b), b.len, "rt.md", &err) != 0)
		fail_msg("the written file does not parse: %s\n%s", err.msg,
		    buf_str(&b));
	assert_same(cf, &back);
	coursefile_release(&back);
	return buf_detach(&b);
}

static void
test_round_trip_parsed(void **state)
{
	struct coursefile	 cf, again;
	struct gerr		 err;
	char			*text, *text2;

	(void)state;
	parse_ok(good, &cf);
	text = round_trip(&cf);
	/* The writer's output is a fixed point. */
	gerr_clear(&err);
	assert_int_equal(coursefile_parse(&again, text, strlen(text), "rt.md",
	    &err), 0);
	text2 = round_trip(&again);
	assert_string_equal(text, text2);
	free(text);
	free(text2);
	coursefile_release(&again);
	coursefile_release(&cf);
}

/* Texts that look like structure survive writing and reading. */
static void
test_round_trip_tricky(void **state)
{
	static const char *const texts[] = {
		"## A heading that is not a lesson\n\nand text",
		"\\## already escaped\n\\\\## twice",
		"##\n##\tTab",
		"```\nnever closed\n## so this stays text",
		"~~~\n## inside a closed fence\n~~~\n## outside again",
		"````\n```\n## nested shorter fence\n````\nafter",
		"\\```\nan escaped fence line",
		"   ```py\n## indented fence\n   ```",
		"``` not ` a fence\n## heading after",
		"duration: 5\nlooks like a duration",
		"---\nlooks like front matter\n---",
		"  indented first line\ttab",
		"中文 ## 不是标题\n## 是标题",
		"",
	};
	struct coursefile	cf;
	char			*text;
	size_t			i;

	(void)state;
	coursefile_init(&cf);
	cf.title = xstrdup("\"Quoted\"");
	cf.slug = xstrdup("tricky-1");
	cf.summary = xstrdup(" leading and trailing ");
	cf.level = LEVEL_INTERMEDIATE;
	cf.has_level = 1;
	cf.tags = xcalloc(2, sizeof *cf.tags);
	cf.tags[0] = xstrdup("[x]");
	cf.tags[1] = xstrdup("y z");
	cf.ntags = 2;
	cf.has_tags = 1;
	cf.price.amount = 19950;
	cf.has_price = 1;
	cf.has_currency = 1;
	cf.published = 0;
	cf.has_published = 1;
	cf.description = xstrdup(texts[0]);
	cf.lessons = xcalloc(G_NELEM(texts), sizeof *cf.lessons);
	for (i = 0; i < G_NELEM(texts); i++) {
		cf.lessons[i].title = xasprintf("Lesson %zu {preview}", i);
		cf.lessons[i].preview = (int)(i % 2);
		cf.lessons[i].duration_min = (int)i * 7;
		cf.lessons[i].body = coursefile_text_norm(texts[i]);
		if (i % 2 == 0) {
			/* Not a preview: the title cannot end in the mark. */
			free(cf.lessons[i].title);
			cf.lessons[i].title = xasprintf("第 %zu 课", i);
		}
	}
	cf.nlessons = G_NELEM(texts);
	text = round_trip(&cf);
	assert_non_null(strstr(text, "title: \"\"Quoted\"\"\n"));
	assert_non_null(strstr(text, "summary: \" leading and trailing \"\n"));
	assert_non_null(strstr(text, "tags: [[x], y z]\n"));
	assert_non_null(strstr(text, "price: 199.50\ncurrency: CNY\n"));
	assert_non_null(strstr(text, "\n\\## A heading that is not a lesson"));
	assert_non_null(strstr(text, "\n\\```\nnever closed\n\\## so this"));
	free(text);
	coursefile_release(&cf);
}

static void
test_write_refuses(void **state)
{
	struct coursefile	cf;
	struct buf		b = BUF_INIT;
	struct gerr		err;

	(void)state;
	coursefile_init(&cf);
	cf.description = xstrdup("");
	cf.lessons = xcalloc(1, sizeof *cf.lessons);
	cf.lessons[0].title = xstrdup("Ends in the mark {preview}");
	cf.lessons[0].body = xstrdup("");
	cf.nlessons = 1;
	gerr_clear(&err);
	assert_int_equal(coursefile_write(&cf, &b, &err), -1);
	assert_non_null(strstr(err.msg, "lesson 1's title"));
	cf.lessons[0].preview = 1;
	buf_reset(&b);
	gerr_clear(&err);
	assert_int_equal(coursefile_write(&cf, &b, &err), 0);
	assert_non_null(strstr(buf_str(&b),
	    "## Ends in the mark {preview} {preview}\n"));
	cf.title = xstrdup("two\nlines");
	buf_reset(&b);
	assert_int_equal(coursefile_write(&cf, &b, &err), -1);
	assert_non_null(strstr(err.msg, "line break"));
	buf_release(&b);
	coursefile_release(&cf);
}

/* A course from the server becomes the file pull writes. */
static void
test_from_course(void **state)
{
	static const char want[] =
	    "---\n"
	    "title: Writing a TUI\n"
	    "slug: ncurses-tui\n"
	    "level: intermediate\n"
	    "tags: [c, tui]\n"
	    "price: 99.00\n"
	    "currency: CNY\n"
	    "summary:\n"
	    "published: yes\n"
	    "---\n"
	    "\n"
	    "Terminal UIs.\n"
	    "\n"
	    "\\## What you will learn\n"
	    "\n"
	    "## Hello {preview}\n"
	    "duration: 15\n"
	    "\n"
	    "\\## Hello\n"
	    "\n"
	    "Text.\n"
	    "\n"
	    "## Panes\n"
	    "duration: 0\n";
	struct coursefile	 cf, back;
	struct lesson		 ls[2];
	struct course		 c;
	struct buf		 b = BUF_INIT;
	struct gerr		 err;
	char			*tags[] = { "c", "tui" };
	char			*bodies[] = { "## Hello\n\nText.\n\n", NULL };

	(void)state;
	memset(&c, 0, sizeof c);
	memset(ls, 0, sizeof ls);
	c.title = "Writing a TUI";
	c.slug = "ncurses-tui";
	c.level = LEVEL_INTERMEDIATE;
	c.description = "\n\nTerminal UIs.\n\n## What you will learn\n  \n";
	c.tags = tags;
	c.ntags = 2;
	c.price.amount = 9900;
	memcpy(c.price.currency, "CNY", 4);
	c.published = 1;
	ls[0].title = "Hello";
	ls[0].preview = 1;
	ls[0].duration_min = 15;
	ls[1].title = "Panes";
	c.lessons = ls;
	c.nlessons = 2;
	coursefile_from_course(&cf, &c, bodies);
	gerr_clear(&err);
	assert_int_equal(coursefile_write(&cf, &b, &err), 0);
	assert_string_equal(buf_str(&b), want);
	assert_int_equal(coursefile_parse(&back, buf_str(&b), b.len, "p.md",
	    &err), 0);
	assert_same(&cf, &back);
	assert_string_equal(back.lessons[0].body, "## Hello\n\nText.");
	buf_release(&b);
	coursefile_release(&back);
	coursefile_release(&cf);
}

static void
test_text_norm(void **state)
{
	char *s;

	(void)state;
	s = coursefile_text_norm("\n  \n\t\n  code\n\nend  \n\n");
	assert_string_equal(s, "  code\n\nend");
	free(s);
	s = coursefile_text_norm(NULL);
	assert_string_equal(s, "");
	free(s);
	s = coursefile_text_norm(" \n \n");
	assert_string_equal(s, "");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_minimal),
		cmocka_unit_test(test_prices),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_round_trip_parsed),
		cmocka_unit_test(test_round_trip_tricky),
		cmocka_unit_test(test_write_refuses),
		cmocka_unit_test(test_from_course),
		cmocka_unit_test(test_text_norm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

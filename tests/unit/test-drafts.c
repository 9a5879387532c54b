/*
 * Unit tests of drafts: files that round-trip every kind, their modes
 * and atomic writes, listing and removal, the compose template and its
 * parser, the member's editor, a send that fails keeping the draft,
 * and the two halves of an asynchronous send (its request, its end).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "guild/api.h"
#include "guild/config.h"
#include "guild/drafts.h"
#include "guild/util.h"

/* The private state directory of the running test. */
static char	*test_dir;

/* Removes dir and everything under it. */
static void
rm_tree(const char *dir)
{
	struct dirent	*de;
	DIR		*d = opendir(dir);
	char		*p;

	if (d != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			p = xasprintf("%s/%s", dir, de->d_name);
			if (unlink(p) != 0)
				rm_tree(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* Each test gets XDG_STATE_HOME and TMPDIR of its own. */
static int
setup(void **state)
{
	char *tmp;

	(void)state;
	test_dir = xstrdup("/tmp/guild-drafts-test.XXXXXX");
	if (mkdtemp(test_dir) == NULL)
		return -1;
	setenv("XDG_STATE_HOME", test_dir, 1);
	tmp = xasprintf("%s/tmp dir", test_dir);
	mkdir(tmp, 0700);
	setenv("TMPDIR", tmp, 1);
	free(tmp);
	unsetenv("VISUAL");
	unsetenv("EDITOR");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	rm_tree(test_dir);
	FREE(&test_dir);
	return 0;
}

/* Entries of dir; dots counts those starting with '.' (temp files). */
static int
count_entries(const char *dir, int *dots)
{
	struct dirent	*de;
	DIR		*d = opendir(dir);
	int		 n = 0;

	*dots = 0;
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		n++;
		if (de->d_name[0] == '.')
			(*dots)++;
	}
	closedir(d);
	return n;
}

/* Writes text to path with mode. */
static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

/* Saves d and loads it back into out, checking every field. */
static void
round_trip(struct draft *d, struct draft *out)
{
	struct gerr	err;
	size_t		i;

	gerr_clear(&err);
	assert_int_equal(draft_save(d, &err), 0);
	assert_non_null(d->id);
	assert_int_equal(draft_load(d->id, out, &err), 0);
	assert_string_equal(out->id, d->id);
	assert_int_equal(out->kind, d->kind);
	assert_int_equal(out->target, d->target);
	assert_int_equal(out->reply_to, d->reply_to);
	if (d->title == NULL)
		assert_null(out->title);
	else
		assert_string_equal(out->title, d->title);
	assert_int_equal(out->ntags, d->ntags);
	for (i = 0; i < d->ntags; i++)
		assert_string_equal(out->tags[i], d->tags[i]);
	assert_string_equal(out->body, d->body);
	assert_int_equal(out->created, d->created);
	if (d->server == NULL)
		assert_null(out->server);
	else
		assert_string_equal(out->server, d->server);
}

static void
test_kind_names(void **state)
{
	enum draft_kind k;

	(void)state;
	assert_string_equal(draft_kind_name(DRAFT_REPLY), "reply");
	assert_int_equal(draft_kind_parse("question", &k), 0);
	assert_int_equal(k, DRAFT_QUESTION);
	assert_int_equal(draft_kind_parse("comment", &k), -1);
}

static void
test_round_trip_every_kind(void **state)
{
	static char	 tag_c[] = "c", tag_mem[] = "memory", tag_cjk[] = "数据库";
	char		*tags[] = { tag_c, tag_mem, tag_cjk };
	struct draft	 d, out;

	(void)state;
	/* A thread, its body with lines that look like header lines. */
	memset(&d, 0, sizeof d);
	d.kind = DRAFT_THREAD;
	d.target = 2;
	d.title = xstrdup("How do you test C?");
	d.body = xstrdup("Kind: question\nTitle: not a title\n\nTarget: 9\n"
	    "last line without newline");
	d.server = xstrdup("http://127.0.0.1:8080");
	round_trip(&d, &out);
	draft_release(&out);
	draft_release(&d);

	/* A reply to a reply, a CJK body with a trailing newline. */
	memset(&d, 0, sizeof d);
	d.kind = DRAFT_REPLY;
	d.target = 9;
	d.reply_to = 24;
	d.body = xstrdup("我也好奇，模糊查询会不会很慢？\n\n> 引用\n");
	round_trip(&d, &out);
	assert_null(out.server);
	draft_release(&out);
	draft_release(&d);

	/* A question with tags. */
	memset(&d, 0, sizeof d);
	d.kind = DRAFT_QUESTION;
	d.title = xstrdup("为什么 LIKE 不走索引？");
	d.tags = xcalloc(3, sizeof *d.tags);
	d.tags[0] = xstrdup(tags[0]);
	d.tags[1] = xstrdup(tags[1]);
	d.tags[2] = xstrdup(tags[2]);
	d.ntags = 3;
	d.body = xstrdup("```c\nint main(void) { return 0; }\n```\n");
	d.created = 1700000000;
	round_trip(&d, &out);
	assert_int_equal(out.created, 1700000000);
	draft_release(&out);
	draft_release(&d);

	/* An answer; saving again keeps its id and replaces the text. */
	memset(&d, 0, sizeof d);
	d.kind = DRAFT_ANSWER;
	d.target = 1;
	d.body = xstrdup("first");
	round_trip(&d, &out);
	draft_release(&out);
	free(d.body);
	d.body = xstrdup("second");
	round_trip(&d, &out);
	assert_string_equal(out.body, "second");
	draft_release(&out);
	draft_release(&d);
}

static void
test_save_refuses_what_cannot_be_written(void **state)
{
	struct draft	d;
	struct gerr	err;

	(void)state;
	memset(&d, 0, sizeof d);
	d.kind = DRAFT_THREAD;
	d.target = 1;
	d.title = xstrdup("two\nlines");
	d.body = xstrdup("x");
	gerr_clear(&err);
	assert_int_equal(draft_save(&d, &err), -1);
	assert_null(d.id);
	assert_int_equal(err.kind, GERR_USAGE);
	draft_release(&d);

	memset(&d, 0, sizeof d);
	d.kind = DRAFT_QUESTION;
	d.title = xstrdup("t");
	d.tags = xcalloc(1, sizeof *d.tags);
	d.tags[0] = xstrdup("a,b");
	d.ntags = 1;
	d.body = xstrdup("x");
	assert_int_equal(draft_save(&d, &err), -1);
	draft_release(&d);
}

static void
test_modes_and_atomic_write(void **state)
{
	struct draft	 d;
	struct gerr	 err;
	struct stat	 st;
	char		*dir, *path;
	mode_t		 old;
	int		 dots, i;

	(void)state;
	/* A drafts directory made too open is tightened. */
	dir = draft_dir();
	path = xasprintf("%s/guild", test_dir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(mkdir(dir, 0755), 0);
	free(path);
	old = umask(0);
	memset(&d, 0, sizeof d);
	d.kind = DRAFT_REPLY;
	d.target = 3;
	d.body = xstrdup("hello");
	gerr_clear(&err);
	for (i = 0; i < 5; i++)
		assert_int_equal(draft_save(&d, &err), 0);
	umask(old);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	path = draft_path(&d);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_true(S_ISREG(st.st_mode));
	/* One file, no temp file left behind. */
	assert_int_equal(count_entries(dir, &dots), 1);
	assert_int_equal(dots, 0);
	free(path);
	free(dir);
	draft_release(&d);
}

static void
test_fresh_directories_are_private(void **state)
{
	struct draft	 d;
	struct gerr	 err;
	struct stat	 st;
	char		*dir;

	(void)state;
	memset(&d, 0, sizeof d);
	d.kind = DRAFT_ANSWER;
	d.target = 4;
	d.body = xstrdup("x");
	gerr_clear(&err);
	assert_int_equal(draft_save(&d, &err), 0);
	dir = draft_dir();
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	free(dir);
	dir = xasprintf("%s/guild", test_dir);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	free(dir);
	draft_release(&d);
}

static void
test_list_and_remove(void **state)
{
	struct draft	 d, *v;
	struct gerr	 err;
	char		*dir, *junk;
	size_t		 n, i;
	time_t		 when[] = { 1700000300, 1700000100, 1700000200 };

	(void)state;
	gerr_clear(&err);
	assert_int_equal(draft_list(&v, &n, &err), 0);
	assert_int_equal(n, 0);
	free(v);
	for (i = 0; i < 3; i++) {
		memset(&d, 0, sizeof d);
		d.kind = DRAFT_REPLY;
		d.target = (int64_t)i + 1;
		d.created = when[i];
		d.body = xasprintf("reply %zu", i);
		assert_int_equal(draft_save(&d, &err), 0);
		draft_release(&d);
	}
	/* Temp files, editor backups and broken files are not drafts. */
	dir = draft_dir();
	junk = xasprintf("%s/.20261126-000000-0000.tmp", dir);
	write_file(junk, "Kind: reply\nTarget: 1\n\nx", 0600);
	free(junk);
	junk = xasprintf("%s/backup~", dir);
	write_file(junk, "Kind: reply\nTarget: 1\n\nx", 0600);
	free(junk);
	junk = xasprintf("%s/broken", dir);
	write_file(junk, "no header at all", 0600);
	free(junk);

	assert_int_equal(draft_list(&v, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(v[0].created, 1700000100);
	assert_int_equal(v[1].created, 1700000200);
	assert_int_equal(v[2].created, 1700000300);
	assert_string_equal(v[0].body, "reply 1");
	assert_int_equal(draft_remove(&v[1], &err), 0);
	/* Removing what is gone is not an error. */
	assert_int_equal(draft_remove(&v[1], &err), 0);
	for (i = 0; i < n; i++)
		draft_release(&v[i]);
	free(v);
	assert_int_equal(draft_list(&v, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].created, 1700000100);
	assert_int_equal(v[1].created, 1700000300);
	for (i = 0; i < n; i++)
		draft_release(&v[i]);
	free(v);
	free(dir);
}

static void
test_load_errors(void **state)
{
	struct draft	 d;
	struct gerr	 err;
	char		*dir, *path;

	(void)state;
	gerr_clear(&err);
	assert_int_equal(draft_load("../tokens", &d, &err), -1);
	assert_int_equal(err.kind, GERR_USAGE);
	assert_int_equal(draft_load("", &d, &err), -1);
	assert_int_equal(draft_load("20990101-000000-00000000", &d, &err),
	    -1);
	assert_non_null(strstr(err.msg, "no draft"));

	dir = draft_dir();
	path = xasprintf("%s/guild", test_dir);
	mkdir(path, 0700);
	free(path);
	mkdir(dir, 0700);
	path = xasprintf("%s/bad1", dir);
	write_file(path, "Kind: reply\nTarget: 3\nbody without a blank line",
	    0600);
	gerr_clear(&err);
	assert_int_equal(draft_load("bad1", &d, &err), -1);
	assert_non_null(strstr(err.msg, path));
	free(path);
	path = xasprintf("%s/bad2", dir);
	write_file(path, "Kind: comment\nTarget: 3\n\nbody", 0600);
	assert_int_equal(draft_load("bad2", &d, &err), -1);
	assert_non_null(strstr(err.msg, "line 1"));
	free(path);
	path = xasprintf("%s/bad3", dir);
	write_file(path, "Kind: answer\n\nbody", 0600);
	assert_int_equal(draft_load("bad3", &d, &err), -1);
	assert_non_null(strstr(err.msg, "Target"));
	free(path);
	/* Unknown header lines are skipped (a newer guild may add some). */
	path = xasprintf("%s/ok1", dir);
	write_file(path, "Kind: answer\r\nTarget: 3\r\nMood: happy\r\n\r\nbody",
	    0600);
	assert_int_equal(draft_load("ok1", &d, &err), 0);
	assert_int_equal(d.kind, DRAFT_ANSWER);
	assert_string_equal(d.body, "body");
	assert_true(d.created > 0);
	draft_release(&d);
	free(path);
	free(dir);
}

/* Replaces the first "from" in s by "to"; returns a new string. */
static char *
replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);

	assert_non_null(at);
	return xasprintf("%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
}

static void
test_template_and_parse(void **state)
{
	struct draft	 d;
	struct gerr	 err;
	char		*t, *e, *e2;

	(void)state;
	/* A thread: the title line and the body below the marker. */
	memset(&d, 0, sizeof d);
	d.kind = DRAFT_THREAD;
	d.target = 2;
	t = draft_template(&d, NULL);
	assert_non_null(strstr(t, "\nTitle: \n"));
	assert_non_null(strstr(t, "--- write below this line ---\n"));
	assert_null(strstr(t, "Tags:"));
	e = replace(t, "Title: \n", "Title:   Testing C  \n");
	e2 = xasprintf("%s\n\nUse **cmocka**.\nTitle: stays in the body\n\n",
	    e);
	gerr_clear(&err);
	assert_int_equal(draft_parse(&d, e2, &err), 0);
	assert_string_equal(d.title, "Testing C");
	assert_string_equal(d.body,
	    "Use **cmocka**.\nTitle: stays in the body");
	free(t);
	free(e);
	free(e2);

	/* No title: an error, and d keeps what it had. */
	t = draft_template(&d, NULL);
	assert_non_null(strstr(t, "Title: Testing C\n"));
	e = replace(t, "Title: Testing C\n", "Title:\n");
	e2 = xasprintf("%snew body\n", e);
	assert_int_equal(draft_parse(&d, e2, &err), -1);
	assert_non_null(strstr(err.msg, "title"));
	assert_string_equal(d.title, "Testing C");
	free(t);
	free(e);
	free(e2);
	/* An empty body. */
	assert_int_equal(draft_parse(&d, "Title: x\n"
	    "--- write below this line ---\n\n  \n", &err), -1);
	assert_non_null(strstr(err.msg, "nothing written"));
	/* No marker at all for a thread. */
	assert_int_equal(draft_parse(&d, "Title: x\nbody\n", &err), -1);
	draft_release(&d);

	/* A question: title and tags. */
	memset(&d, 0, sizeof d);
	d.kind = DRAFT_QUESTION;
	t = draft_template(&d, NULL);
	assert_non_null(strstr(t, "\nTags:\n"));
	e = replace(t, "Title: \n", "Title: Leaks?\n");
	e2 = replace(e, "Tags:\n", "Tags: c, memory,,  valgrind\n");
	free(e);
	e = xasprintf("%sWhy does this leak?\n", e2);
	assert_int_equal(draft_parse(&d, e, &err), 0);
	assert_string_equal(d.title, "Leaks?");
	assert_int_equal(d.ntags, 3);
	assert_string_equal(d.tags[0], "c");
	assert_string_equal(d.tags[1], "memory");
	assert_string_equal(d.tags[2], "valgrind");
	assert_string_equal(d.body, "Why does this leak?");
	free(t);
	free(e);
	free(e2);
	/* The template shows the tags it has; none is an error. */
	t = draft_template(&d, NULL);
	assert_non_null(strstr(t, "Tags: c, memory, valgrind\n"));
	e = replace(t, "Tags: c, memory, valgrind\n", "Tags:\n");
	assert_int_equal(draft_parse(&d, e, &err), -1);
	assert_non_null(strstr(err.msg, "tags"));
	assert_int_equal(d.ntags, 3);
	free(t);
	free(e);
	/* No title for a question. */
	assert_int_equal(draft_parse(&d, "Tags: c\n"
	    "--- write below this line ---\nbody\n", &err), -1);
	draft_release(&d);

	/* A reply: the parent quoted; kept, removed, or left alone. */
	memset(&d, 0, sizeof d);
	d.kind = DRAFT_REPLY;
	d.target = 9;
	d.reply_to = 24;
	t = draft_template(&d, "厉害！\n\nHow fast is it?");
	assert_null(strstr(t, "Title:"));
	assert_non_null(strstr(t, "---\n> 厉害！\n>\n> How fast is it?\n\n"));
	e = xasprintf("%sVery fast.\n", t);
	assert_int_equal(draft_parse(&d, e, &err), 0);
	assert_string_equal(d.body,
	    "> 厉害！\n>\n> How fast is it?\n\nVery fast.");
	assert_null(d.title);
	free(e);
	e = replace(t, "> 厉害！\n>\n> How fast is it?\n", "Very fast.\n");
	assert_int_equal(draft_parse(&d, e, &err), 0);
	assert_string_equal(d.body, "Very fast.");
	free(e);
	/* Only the quote: nothing was written. */
	assert_int_equal(draft_parse(&d, t, &err), -1);
	assert_non_null(strstr(err.msg, "nothing written"));
	assert_string_equal(d.body, "Very fast.");
	/* A reply written over the whole template is all body. */
	assert_int_equal(draft_parse(&d, "Just this.\r\nAnd this.\r\n", &err),
	    0);
	assert_string_equal(d.body, "Just this.\nAnd this.");
	free(t);
	draft_release(&d);

	/* An answer with a body prefilled (-m with --edit). */
	memset(&d, 0, sizeof d);
	d.kind = DRAFT_ANSWER;
	d.target = 1;
	d.body = xstrdup("    indented code\n");
	t = draft_template(&d, NULL);
	assert_int_equal(draft_parse(&d, t, &err), 0);
	assert_string_equal(d.body, "    indented code");
	free(t);
	draft_release(&d);
}

/* Writes an executable shell script into the test dir; caller frees. */
static char *
script(const char *name, const char *body)
{
	char *path = xasprintf("%s/%s", test_dir, name);

	write_file(path, body, 0700);
	return path;
}

static void
test_editor(void **state)
{
	struct gerr	 err;
	char		*ed, *cmd, *out = NULL, *tmp;
	const char	*orig = "original text\n";
	int		 dots;

	(void)state;
	/* EDITOR rewrites the file it is given as $1. */
	ed = script("ed.sh", "#!/bin/sh\nprintf 'edited: ' > \"$1.new\"\n"
	    "cat \"$1\" >> \"$1.new\"\nmv \"$1.new\" \"$1\"\n");
	setenv("EDITOR", ed, 1);
	gerr_clear(&err);
	assert_int_equal(editor_edit(orig, &out, &err), 0);
	assert_string_equal(out, "edited: original text\n");
	FREE(&out);
	free(ed);

	/* An EDITOR with arguments; a TMPDIR with a space in it. */
	ed = script("ed2.sh", "#!/bin/sh\n[ \"$1\" = --flag ] || exit 3\n"
	    "[ \"$2\" = two ] || exit 4\nprintf 'args ok' > \"$3\"\n");
	cmd = xasprintf("sh '%s' --flag two", ed);
	setenv("EDITOR", cmd, 1);
	/* "$1" is the file, never spliced into the command: no injection. */
	assert_int_equal(editor_edit("x", &out, &err), 0);
	assert_string_equal(out, "args ok");
	FREE(&out);
	free(cmd);
	free(ed);

	/* VISUAL wins over EDITOR. */
	ed = script("vis.sh", "#!/bin/sh\nprintf 'from visual' > \"$1\"\n");
	setenv("VISUAL", ed, 1);
	setenv("EDITOR", "false", 1);
	assert_int_equal(editor_edit("x", &out, &err), 0);
	assert_string_equal(out, "from visual");
	FREE(&out);
	free(ed);
	unsetenv("VISUAL");

	/* An editor that fails: an error, nothing taken. */
	ed = script("fail.sh", "#!/bin/sh\nprintf 'half' > \"$1\"\nexit 1\n");
	setenv("EDITOR", ed, 1);
	gerr_clear(&err);
	assert_int_equal(editor_edit(orig, &out, &err), -1);
	assert_null(out);
	assert_non_null(strstr(err.msg, "status 1"));
	assert_string_equal(orig, "original text\n");
	free(ed);

	/* An editor that is not there. */
	setenv("EDITOR", "/nonexistent/editor", 1);
	assert_int_equal(editor_edit(orig, &out, &err), -1);
	assert_null(out);

	/* The temp files are gone. */
	tmp = xasprintf("%s/tmp dir", test_dir);
	assert_int_equal(count_entries(tmp, &dots), 0);
	free(tmp);
	unsetenv("EDITOR");
}

static void
test_send_failure_keeps_draft(void **state)
{
	struct config	 cfg;
	struct client	 c;
	struct draft	 d, back;
	struct gerr	 err;
	json_t		*created = (json_t *)1;
	char		*path;

	(void)state;
	config_init(&cfg);
	gerr_clear(&err);
	/* Port 1 on loopback: nobody listens. */
	assert_int_equal(config_set_server(&cfg, "http://127.0.0.1:1", "test",
	    &err), 0);
	cfg.connect_timeout = 2;
	cfg.timeout = 2;
	client_init(&c, &cfg);
	client_set_token(&c, "gld_test", "test", NULL);
	memset(&d, 0, sizeof d);
	d.kind = DRAFT_REPLY;
	d.target = 3;
	d.body = xstrdup("kept");
	assert_int_equal(draft_send(&c, &d, &created, &err), -1);
	assert_null(created);
	assert_int_equal(err.kind, GERR_NET);
	assert_non_null(d.id);
	path = draft_path(&d);
	assert_non_null(strstr(err.msg, "could not send: "));
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "guild drafts send "));
	assert_int_equal(access(path, F_OK), 0);
	assert_int_equal(draft_load(d.id, &back, &err), 0);
	assert_string_equal(back.body, "kept");
	draft_release(&back);

	/* Offline: refused before any request, the draft stays. */
	c.offline = 1;
	assert_int_equal(draft_send(&c, &d, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "offline"));
	assert_int_equal(access(path, F_OK), 0);
	free(path);
	draft_release(&d);
	client_release(&c);
	config_release(&cfg);
}

static void
test_async_send_halves(void **state)
{
	struct config		 cfg;
	struct client		 c;
	struct draft		 d;
	struct draft_req	 req;
	struct gerr		 err, why;
	char			*path, *key;

	(void)state;
	config_init(&cfg);
	gerr_clear(&err);
	assert_int_equal(config_set_server(&cfg, "http://127.0.0.1:1", "test",
	    &err), 0);
	client_init(&c, &cfg);
	memset(&d, 0, sizeof d);
	d.kind = DRAFT_REPLY;
	d.target = 7;
	d.reply_to = 12;
	d.body = xstrdup("async");

	/* Not logged in: refused, but saved, and the message says where. */
	assert_int_equal(draft_send_begin(&c, &d, &req, &err), -1);
	assert_non_null(d.id);
	assert_null(req.path);
	assert_non_null(strstr(err.msg, "not logged in"));
	assert_non_null(strstr(err.msg, "kept as draft"));
	path = draft_path(&d);
	assert_int_equal(access(path, F_OK), 0);

	/* The request is draft_send's: route, body, Idempotency-Key. */
	client_set_token(&c, "gld_test", "test", NULL);
	assert_int_equal(draft_send_begin(&c, &d, &req, &err), 0);
	assert_string_equal(req.path, "/api/v1/threads/7/replies");
	assert_string_equal(json_string_value(json_object_get(req.body,
	    "body")), "async");
	assert_int_equal(json_integer_value(json_object_get(req.body,
	    "reply_to")), 12);
	key = xasprintf("Idempotency-Key: %s", d.id);
	assert_string_equal(req.headers[0], key);
	assert_null(req.headers[1]);
	free(key);
	draft_req_release(&req);
	assert_null(req.path);

	/* Canceled: the draft stays, the message names it. */
	gerr_clear(&why);
	gerr_set(&why, GERR_NET, 0, "sending was canceled");
	assert_int_equal(draft_send_end(&d, &why, &err), -1);
	assert_non_null(strstr(err.msg, "could not send: sending was "
	    "canceled"));
	assert_non_null(strstr(err.msg, d.id));
	assert_non_null(strstr(err.msg, path));
	assert_int_equal(access(path, F_OK), 0);

	/* Confirmed: the file goes. */
	assert_int_equal(draft_send_end(&d, NULL, &err), 0);
	assert_int_equal(access(path, F_OK), -1);
	free(path);
	draft_release(&d);
	client_release(&c);
	config_release(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test_setup_teardown(test_round_trip_every_kind,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_save_refuses_what_cannot_be_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_modes_and_atomic_write,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_fresh_directories_are_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_and_remove, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_template_and_parse, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_editor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_failure_keeps_draft,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_async_send_halves, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

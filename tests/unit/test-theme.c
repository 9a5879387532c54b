/* Unit tests of the theme parser, search path and nearest-color mapping. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "guild/buf.h"
#include "guild/err.h"
#include "guild/util.h"
#include "tui/theme.h"

/* Parses text over the built-in theme; returns theme_parse's result. */
static int
parse(struct theme *t, const char *text, struct gerr *err)
{
	theme_init(t);
	gerr_clear(err);
	return theme_parse(t, text, strlen(text), "test.theme", err);
}

/* Expects text to fail with exactly the message want. */
static void
expect_error(const char *text, const char *want)
{
	struct theme t;
	struct gerr err;

	assert_int_equal(parse(&t, text, &err), -1);
	assert_int_equal(err.kind, GERR_LOCAL);
	if (strcmp(err.msg, want) != 0)
		fail_msg("got '%s', want '%s'", err.msg, want);
	theme_release(&t);
}

/* Expects text to fail with a message that starts with prefix. */
static void
expect_error_prefix(const char *text, const char *prefix)
{
	struct theme t;
	struct gerr err;

	assert_int_equal(parse(&t, text, &err), -1);
	if (strncmp(err.msg, prefix, strlen(prefix)) != 0)
		fail_msg("got '%s', want it to start with '%s'", err.msg,
		    prefix);
	theme_release(&t);
}

static void
test_parse_good(void **state)
{
	struct theme t;
	struct gerr err;
	const struct theme_style *s;

	(void)state;
	assert_int_equal(parse(&t,
	    "# a comment\n"
	    "\n"
	    "   # an indented comment\n"
	    "color title blue default bold underline\n"
	    "color\tselected  brightwhite\tcolor123 reverse # trailing\n"
	    "color price #FF8000 #00005f\r\n"
	    "color status_error Red GREY italic dim standout\n"
	    "color normal default default", &err), 0);
	s = &t.style[THEME_TITLE];
	assert_int_equal(s->fg.kind, THEME_COLOR_INDEX);
	assert_int_equal(s->fg.index, 4);
	assert_int_equal(s->bg.kind, THEME_COLOR_DEFAULT);
	assert_int_equal(s->attrs, THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE);
	s = &t.style[THEME_SELECTED];
	assert_int_equal(s->fg.index, 15);
	assert_int_equal(s->bg.kind, THEME_COLOR_INDEX);
	assert_int_equal(s->bg.index, 123);
	assert_int_equal(s->attrs, THEME_ATTR_REVERSE);
	s = &t.style[THEME_PRICE];
	assert_int_equal(s->fg.kind, THEME_COLOR_RGB);
	assert_int_equal(s->fg.rgb, 0xff8000);
	assert_int_equal(s->bg.rgb, 0x00005f);
	assert_int_equal(s->attrs, 0);
	s = &t.style[THEME_ERROR];
	assert_int_equal(s->fg.index, 1);
	assert_int_equal(s->bg.index, 8);
	assert_int_equal(s->attrs, THEME_ATTR_ITALIC | THEME_ATTR_DIM |
	    THEME_ATTR_STANDOUT);
	s = &t.style[THEME_NORMAL];
	assert_int_equal(s->fg.kind, THEME_COLOR_DEFAULT);
	assert_int_equal(s->bg.kind, THEME_COLOR_DEFAULT);
	/* Elements the text does not mention keep the built-in style. */
	assert_int_equal(t.style[THEME_DIM].attrs, THEME_ATTR_DIM);
	theme_release(&t);
}

static void
test_names(void **state)
{
	struct theme_color c;
	enum theme_elem e;
	unsigned bit;
	int i;

	(void)state;
	for (i = 0; i < THEME_ELEM_COUNT; i++) {
		assert_int_equal(theme_elem_parse(
		    theme_elem_name((enum theme_elem)i), &e), 0);
		assert_int_equal(e, i);
	}
	assert_int_equal(theme_elem_parse("status_error", &e), 0);
	assert_int_equal(e, THEME_ERROR);
	assert_int_equal(theme_elem_parse("Title", &e), -1);
	assert_int_equal(theme_color_parse("color0", &c), 0);
	assert_int_equal(c.index, 0);
	assert_int_equal(theme_color_parse("color255", &c), 0);
	assert_int_equal(c.index, 255);
	assert_int_equal(theme_color_parse("color256", &c), -1);
	assert_int_equal(theme_color_parse("color-1", &c), -1);
	assert_int_equal(theme_color_parse("color", &c), -1);
	assert_int_equal(theme_color_parse("color12x", &c), -1);
	assert_int_equal(theme_color_parse("brightmagenta", &c), 0);
	assert_int_equal(c.index, 13);
	assert_int_equal(theme_color_parse("gray", &c), 0);
	assert_int_equal(c.index, 8);
	assert_int_equal(theme_color_parse("#abcdef", &c), 0);
	assert_int_equal(c.rgb, 0xabcdef);
	assert_int_equal(theme_color_parse("#abcde", &c), -1);
	assert_int_equal(theme_color_parse("#abcdefa", &c), -1);
	assert_int_equal(theme_color_parse("#gg0000", &c), -1);
	assert_int_equal(theme_color_parse("purple", &c), -1);
	assert_int_equal(theme_attr_parse("underline", &bit), 0);
	assert_int_equal(bit, THEME_ATTR_UNDERLINE);
	assert_int_equal(theme_attr_parse("blink", &bit), -1);
}

static void
test_bad_lines(void **state)
{
	(void)state;
	expect_error("# ok\ncolor titel red default\n",
	    "test.theme:2: unknown element 'titel'");
	expect_error("\n\n\ncolor title purple default\n",
	    "test.theme:4: unknown color 'purple' (a name such as red or "
	    "brightblue, color0..color255, #RRGGBB or default)");
	expect_error("color title red chartreuse",
	    "test.theme:1: unknown color 'chartreuse' (a name such as red or "
	    "brightblue, color0..color255, #RRGGBB or default)");
	expect_error("color title #12345 default",
	    "test.theme:1: bad color '#12345' (expected #RRGGBB with six hex "
	    "digits)");
	expect_error("color title default #12345g",
	    "test.theme:1: bad color '#12345g' (expected #RRGGBB with six hex "
	    "digits)");
	expect_error("color title color300 default",
	    "test.theme:1: unknown color 'color300' (a name such as red or "
	    "brightblue, color0..color255, #RRGGBB or default)");
	expect_error("color title red\n",
	    "test.theme:1: missing background color for 'title' (expected "
	    "'color ELEMENT FG BG [ATTR...]')");
	expect_error("color title\n",
	    "test.theme:1: missing foreground and background color for "
	    "'title' (expected 'color ELEMENT FG BG [ATTR...]')");
	expect_error("color\n",
	    "test.theme:1: missing element, foreground and background after "
	    "'color'");
	expect_error("color title red default bold blink\n",
	    "test.theme:1: unknown attribute 'blink' (bold, underline, "
	    "reverse, dim, italic or standout)");
	expect_error("colour title red default\n",
	    "test.theme:1: unknown directive 'colour' (expected "
	    "'color ELEMENT FG BG [ATTR...]')");
	expect_error_prefix("color normal default default\r\n"
	    "color title red default\r\ncolor x y z\r\n", "test.theme:3: ");
	expect_error_prefix("color title red default bold bold bold bold bold "
	    "bold bold bold bold bold bold bold\n", "test.theme:1: too many");
}

static void
test_nul_byte(void **state)
{
	struct theme t;
	struct gerr err;
	static const char text[] = "color title red default\ncolor\0x\n";

	(void)state;
	theme_init(&t);
	gerr_clear(&err);
	assert_int_equal(theme_parse(&t, text, sizeof(text) - 1, "nul.theme",
	    &err), -1);
	assert_string_equal(err.msg, "nul.theme:2: NUL byte in a theme file");
	theme_release(&t);
}

static void
test_palette(void **state)
{
	(void)state;
	assert_int_equal(theme_index_rgb(1), 0xcd0000);
	assert_int_equal(theme_index_rgb(16), 0x000000);
	assert_int_equal(theme_index_rgb(67), 0x5f87af);
	assert_int_equal(theme_index_rgb(196), 0xff0000);
	assert_int_equal(theme_index_rgb(231), 0xffffff);
	assert_int_equal(theme_index_rgb(232), 0x080808);
	assert_int_equal(theme_index_rgb(244), 0x808080);
	assert_int_equal(theme_index_rgb(255), 0xeeeeee);
}

static void
test_nearest_256(void **state)
{
	int i;

	(void)state;
	/* Exact cube and gray ramp values map to themselves. */
	for (i = 16; i < 256; i++)
		assert_int_equal(theme_nearest(theme_index_rgb(i), 256), i);
	assert_int_equal(theme_nearest(0xff0000, 256), 196);
	assert_int_equal(theme_nearest(0x5f87af, 256), 67);
	assert_int_equal(theme_nearest(0x808080, 256), 244);
	/* Near-grays take the gray ramp, hues the cube. */
	assert_int_equal(theme_nearest(0x777777, 256), 243);
	assert_int_equal(theme_nearest(0x002b36, 256), 234);
	assert_int_equal(theme_nearest(0x073642, 256), 23);
	assert_int_equal(theme_nearest(0x268bd2, 256), 31);
	assert_int_equal(theme_nearest(0xfe0102, 256), 196);
}

static void
test_nearest_basic(void **state)
{
	(void)state;
	assert_int_equal(theme_nearest(0xff0000, 16), 9);
	assert_int_equal(theme_nearest(0xff0000, 8), 1);
	assert_int_equal(theme_nearest(0xffffff, 16), 15);
	assert_int_equal(theme_nearest(0xffffff, 8), 7);
	assert_int_equal(theme_nearest(0x000000, 8), 0);
	assert_int_equal(theme_nearest(0x808080, 16), 8);
	/* A gray never becomes a hue: mid gray is white, not yellow. */
	assert_int_equal(theme_nearest(0x808080, 8), 7);
	assert_int_equal(theme_nearest(0x586e75, 8), 0);
	assert_int_equal(theme_nearest(0x268bd2, 8), 6);
	assert_int_equal(theme_nearest(0x000080, 8), 4);
	assert_int_equal(theme_nearest(0x00cd00, 8), 2);
	assert_int_equal(theme_nearest(0x002b36, 8), 0);
	/* 88-color terminals use the 16 basic colors. */
	assert_int_equal(theme_nearest(0xff0000, 88), 9);
	assert_int_equal(theme_nearest(0xff0000, 2), -1);
	assert_int_equal(theme_nearest(0xff0000, 0), -1);
}

static void
test_resolve(void **state)
{
	struct theme_color c;

	(void)state;
	assert_int_equal(theme_color_parse("default", &c), 0);
	assert_int_equal(theme_color_resolve(&c, 256), -1);
	assert_int_equal(theme_color_resolve(&c, 8), -1);
	assert_int_equal(theme_color_parse("red", &c), 0);
	assert_int_equal(theme_color_resolve(&c, 8), 1);
	assert_int_equal(theme_color_parse("brightred", &c), 0);
	assert_int_equal(theme_color_resolve(&c, 256), 9);
	assert_int_equal(theme_color_resolve(&c, 16), 9);
	assert_int_equal(theme_color_resolve(&c, 8), 1);
	assert_int_equal(theme_color_parse("color196", &c), 0);
	assert_int_equal(theme_color_resolve(&c, 256), 196);
	assert_int_equal(theme_color_resolve(&c, 16), 9);
	assert_int_equal(theme_color_resolve(&c, 8), 1);
	assert_int_equal(theme_color_parse("#ff0000", &c), 0);
	assert_int_equal(theme_color_resolve(&c, 256), 196);
	assert_int_equal(theme_color_resolve(&c, 8), 1);
	assert_int_equal(theme_color_resolve(&c, 0), -1);
}

/* Reads a whole file into a NUL-terminated string; caller frees. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = xmalloc((size_t)n + 1);
	*len = fread(s, 1, (size_t)n, f);
	s[*len] = '\0';
	fclose(f);
	return s;
}

/* The top of the source tree: $GUILD_TOP, or "." (tests/run cds there). */
static const char *
top_dir(void)
{
	const char *top = getenv("GUILD_TOP");

	return top != NULL && top[0] != '\0' ? top : ".";
}

static void
test_shipped_themes(void **state)
{
	static const char *const names[] = {
		"default", "light", "solarized-dark", "mono"
	};
	size_t i;

	(void)state;
	for (i = 0; i < G_NELEM(names); i++) {
		struct theme t;
		struct gerr err;
		char *path = xasprintf("%s/themes/%s.theme", top_dir(),
		    names[i]);

		theme_init(&t);
		gerr_clear(&err);
		if (theme_load(&t, path, &err) < 0)
			fail_msg("%s", err.msg);
		assert_string_equal(t.path, path);
		theme_release(&t);
		free(path);
	}
}

/* default.theme and the built-in theme must stay the same. */
static void
test_builtin_matches_default_file(void **state)
{
	struct theme builtin, file;
	struct gerr err;
	char *path = xasprintf("%s/themes/default.theme", top_dir());
	char *text;
	size_t len = 0;
	int i;

	(void)state;
	text = slurp(path, &len);
	assert_non_null(text);
	theme_init(&builtin);
	theme_init(&file);
	/* Start the file's parse from all-default so every line counts. */
	memset(file.style, 0, sizeof(file.style));
	gerr_clear(&err);
	assert_int_equal(theme_parse(&file, text, len, path, &err), 0);
	for (i = 0; i < THEME_ELEM_COUNT; i++) {
		if (memcmp(&builtin.style[i], &file.style[i],
		    sizeof(file.style[i])) != 0)
			fail_msg("element %s differs between default.theme and "
			    "the built-in theme", theme_elem_name(
			    (enum theme_elem)i));
	}
	theme_release(&builtin);
	theme_release(&file);
	free(text);
	free(path);
}

/* The example in doc/themes.md, the indented block after "## Example". */
static void
test_doc_example(void **state)
{
	char *path = xasprintf("%s/doc/themes.md", top_dir());
	struct theme t;
	struct gerr err;
	char *text, *p, *end;
	struct buf example = BUF_INIT;
	size_t len = 0;

	(void)state;
	text = slurp(path, &len);
	assert_non_null(text);
	p = strstr(text, "\n## Example\n");
	assert_non_null(p);
	for (p = strchr(p + 1, '\n') + 1; *p != '\0'; p = end + 1) {
		end = strchr(p, '\n');
		if (end == NULL)
			end = p + strlen(p);
		if (strncmp(p, "    ", 4) == 0) {
			buf_add(&example, p + 4, (size_t)(end - p - 4));
			buf_addc(&example, '\n');
		}
		if (*end == '\0')
			break;
	}
	assert_true(strstr(buf_str(&example), "color selected") != NULL);
	theme_init(&t);
	gerr_clear(&err);
	if (theme_parse(&t, buf_str(&example), example.len, "example",
	    &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(t.style[THEME_TITLE].fg.rgb, 0xffaf00);
	theme_release(&t);
	buf_release(&example);
	free(text);
	free(path);
}

/* Writes text to dir/name. */
static void
write_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

static void
test_find_and_open(void **state)
{
	char tmpl[] = "/tmp/guild-theme-test.XXXXXX";
	char *dir, *envdir, *xdg, *xdgthemes, *path;
	struct theme t;
	struct gerr err;

	(void)state;
	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	envdir = xasprintf("%s/env", dir);
	xdg = xasprintf("%s/xdg", dir);
	xdgthemes = xasprintf("%s/xdg/guild/themes", dir);
	assert_int_equal(mkdir(envdir, 0700), 0);
	assert_int_equal(mkdir(xdg, 0700), 0);
	path = xasprintf("%s/xdg/guild", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	free(path);
	assert_int_equal(mkdir(xdgthemes, 0700), 0);
	write_file(envdir, "both.theme", "color title red default\n");
	write_file(xdgthemes, "both.theme", "color title blue default\n");
	write_file(xdgthemes, "mine.theme", "color title green default\n");
	write_file(xdgthemes, "broken.theme", "color title green\n");
	setenv("GUILD_THEMES", envdir, 1);
	setenv("XDG_CONFIG_HOME", xdg, 1);

	/* $GUILD_THEMES comes first, then $XDG_CONFIG_HOME/guild/themes. */
	gerr_clear(&err);
	path = theme_find("both", &err);
	assert_non_null(path);
	assert_true(strstr(path, "/env/both.theme") != NULL);
	free(path);
	path = theme_find("mine", &err);
	assert_non_null(path);
	assert_true(strstr(path, "/xdg/guild/themes/mine.theme") != NULL);
	free(path);
	/* A name with a slash is a path, used as it is. */
	path = theme_find("./some/where.theme", &err);
	assert_string_equal(path, "./some/where.theme");
	free(path);
	assert_null(theme_find(".hidden", &err));
	assert_true(strstr(err.msg, "bad theme name") != NULL);
	gerr_clear(&err);
	assert_null(theme_find("nosuch", &err));
	assert_true(strstr(err.msg, "theme 'nosuch' not found (looked in ")
	    == err.msg);
	assert_true(strstr(err.msg, envdir) != NULL);

	theme_init(&t);
	assert_int_equal(theme_open(&t, "mine", &err), 0);
	assert_string_equal(t.name, "mine");
	assert_int_equal(t.style[THEME_TITLE].fg.index, 2);
	/* A bad theme leaves the built-in one and says which line. */
	gerr_clear(&err);
	assert_int_equal(theme_open(&t, "broken", &err), -1);
	assert_true(strstr(err.msg, "broken.theme:1: missing background")
	    != NULL);
	assert_string_equal(t.name, "default");
	assert_null(t.path);
	assert_int_equal(t.style[THEME_TITLE].fg.kind, THEME_COLOR_DEFAULT);
	assert_int_equal(t.style[THEME_TITLE].attrs, THEME_ATTR_BOLD);
	gerr_clear(&err);
	assert_int_equal(theme_open(&t, "nosuch", &err), -1);
	assert_string_equal(t.name, "default");
	/* Unreadable path. */
	gerr_clear(&err);
	path = xasprintf("%s/missing.theme", dir);
	assert_int_equal(theme_open(&t, path, &err), -1);
	assert_true(strstr(err.msg, "cannot read theme") != NULL);
	free(path);
	theme_release(&t);

	unsetenv("GUILD_THEMES");
	unsetenv("XDG_CONFIG_HOME");
	path = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
	free(path);
	free(envdir);
	free(xdg);
	free(xdgthemes);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_palette),
		cmocka_unit_test(test_nearest_256),
		cmocka_unit_test(test_nearest_basic),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_shipped_themes),
		cmocka_unit_test(test_builtin_matches_default_file),
		cmocka_unit_test(test_doc_example),
		cmocka_unit_test(test_find_and_open),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

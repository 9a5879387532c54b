/* Unit tests of the TUI's key table: key names, actions, bind lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "guild/config.h"
#include "guild/util.h"
#include "tui/ui.h"

/* Every key table test starts from the defaults. */
static int
setup(void **state)
{
	(void)state;
	keys_reset();
	return 0;
}

/* The keys of action a as the help overlay lists them. */
static const char *
keys_of(enum action a)
{
	static char out[128];

	return keys_for_action(a, out, sizeof(out));
}

static void
test_key_names(void **state)
{
	static const struct {
		const char	*name;
		int		 key;
		const char	*canonical;	/* keys_name's spelling */
	} cases[] = {
		{ "j", 'j', "j" }, { "J", 'J', "J" }, { "/", '/', "/" },
		{ "?", '?', "?" }, { "1", '1', "1" }, { "~", '~', "~" },
		{ "C-f", KEY_CTRL('f'), "C-f" },
		{ "C-F", KEY_CTRL('f'), "C-f" },
		{ "c-a", KEY_CTRL('a'), "C-a" },
		{ "C-z", KEY_CTRL('z'), "C-z" },
		{ "Enter", '\n', "Enter" }, { "enter", '\n', "Enter" },
		{ "Return", '\n', "Enter" },
		{ "Esc", KEY_ESCAPE, "Esc" }, { "Escape", KEY_ESCAPE, "Esc" },
		{ "Tab", '\t', "Tab" }, { "S-Tab", KEY_BTAB, "S-Tab" },
		{ "BackTab", KEY_BTAB, "S-Tab" },
		{ "Space", ' ', "Space" },
		{ "Backspace", KEY_BACKSPACE, "Backspace" },
		{ "Up", KEY_UP, "Up" }, { "Down", KEY_DOWN, "Down" },
		{ "Left", KEY_LEFT, "Left" }, { "Right", KEY_RIGHT, "Right" },
		{ "PgDn", KEY_NPAGE, "PgDn" }, { "PageDown", KEY_NPAGE, "PgDn" },
		{ "PgUp", KEY_PPAGE, "PgUp" }, { "pageup", KEY_PPAGE, "PgUp" },
		{ "Home", KEY_HOME, "Home" }, { "End", KEY_END, "End" },
		{ "Insert", KEY_IC, "Insert" }, { "Delete", KEY_DC, "Delete" },
		{ "Del", KEY_DC, "Delete" },
		{ "F1", KEY_F(1), "F1" }, { "F9", KEY_F(9), "F9" },
		{ "F10", KEY_F(10), "F10" }, { "F12", KEY_F(12), "F12" },
		{ "f5", KEY_F(5), "F5" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < G_NELEM(cases); i++) {
		char name[32];
		int key = -1;

		if (keys_parse(cases[i].name, &key) != 0)
			fail_msg("'%s' does not parse", cases[i].name);
		if (key != cases[i].key)
			fail_msg("'%s' is %d, want %d", cases[i].name, key,
			    cases[i].key);
		keys_name(key, name, sizeof(name));
		if (strcmp(name, cases[i].canonical) != 0)
			fail_msg("'%s' is named '%s', want '%s'",
			    cases[i].name, name, cases[i].canonical);
		/* What keys_name writes reads back as the same key. */
		assert_int_equal(keys_parse(name, &key), 0);
		assert_int_equal(key, cases[i].key);
	}
}

static void
test_key_names_bad(void **state)
{
	static const char *const bad[] = {
		"", "jj", "Ctrl-x", "C-", "C-1", "C-ab", "M-x", "F0", "F13",
		"F1x", "Shift-Tab", "Entr", " ", "\t", "\x7f", "é",
		"C-é", "Up ", "PgDown",
	};
	size_t i;

	(void)state;
	for (i = 0; i < G_NELEM(bad); i++) {
		int key = 12345;

		if (keys_parse(bad[i], &key) != -1)
			fail_msg("'%s' parsed as %d", bad[i], key);
	}
}

static void
test_actions(void **state)
{
	enum action a;
	int i;

	(void)state;
	/* Every action has a unique name that parses back, and help. */
	for (i = 1; i < ACT_COUNT; i++) {
		const char *name = action_name((enum action)i);

		assert_int_equal(action_parse(name, &a), 0);
		assert_int_equal(a, i);
		assert_true(action_help((enum action)i)[0] != '\0');
		/* Every action has a default key. */
		if (keys_of((enum action)i)[0] == '\0')
			fail_msg("action %s has no default key", name);
	}
	assert_int_equal(action_parse("none", &a), 0);
	assert_int_equal(a, ACT_NONE);
	assert_int_equal(action_parse("frobnicate", &a), -1);
	assert_int_equal(action_parse("Down", &a), -1);
	assert_int_equal(action_parse("", &a), -1);
	assert_string_equal(action_name(ACT_COUNT), "none");
}

static void
test_default_keys(void **state)
{
	(void)state;
	assert_int_equal(keys_action('j'), ACT_DOWN);
	assert_int_equal(keys_action(KEY_DOWN), ACT_DOWN);
	assert_int_equal(keys_action('k'), ACT_UP);
	assert_int_equal(keys_action('\n'), ACT_OPEN);
	assert_int_equal(keys_action('\r'), ACT_OPEN);
	assert_int_equal(keys_action(KEY_ENTER), ACT_OPEN);
	assert_int_equal(keys_action(KEY_ESCAPE), ACT_CANCEL);
	assert_int_equal(keys_action('h'), ACT_BACK);
	assert_int_equal(keys_action('/'), ACT_FILTER);
	assert_int_equal(keys_action('n'), ACT_SEARCH_NEXT);
	assert_int_equal(keys_action('N'), ACT_SEARCH_PREV);
	assert_int_equal(keys_action('L'), ACT_LINKS);
	assert_int_equal(keys_action('y'), ACT_COPY);
	assert_int_equal(keys_action('\t'), ACT_NEXT_PANE);
	assert_int_equal(keys_action(KEY_BTAB), ACT_PREV_PANE);
	assert_int_equal(keys_action('1'), ACT_PANE_1);
	assert_int_equal(keys_action('9'), ACT_PANE_9);
	assert_int_equal(keys_action('r'), ACT_RELOAD);
	assert_int_equal(keys_action('?'), ACT_HELP);
	assert_int_equal(keys_action('q'), ACT_QUIT);
	assert_int_equal(keys_action('Z'), ACT_NONE);
	assert_string_equal(keys_of(ACT_DOWN), "j, Down, C-n");
	/* Enter's three codes are named once. */
	assert_string_equal(keys_of(ACT_OPEN), "Enter, l, Right");
	assert_string_equal(keys_of(ACT_BACK), "h, Left, Backspace");
	assert_string_equal(keys_of(ACT_CANCEL), "Esc");
	assert_string_equal(keys_of(ACT_PREV_PANE), "S-Tab");
}

static void
test_bind(void **state)
{
	(void)state;
	keys_bind('J', ACT_DOWN);
	assert_int_equal(keys_action('J'), ACT_DOWN);
	assert_string_equal(keys_of(ACT_DOWN), "j, Down, C-n, J");
	/* Rebinding a key takes it from its old action. */
	keys_bind('j', ACT_TOP);
	assert_int_equal(keys_action('j'), ACT_TOP);
	assert_string_equal(keys_of(ACT_DOWN), "Down, C-n, J");
	assert_string_equal(keys_of(ACT_TOP), "j, g, Home");
	/* Enter is rebound as one key, all its codes. */
	keys_bind('\n', ACT_LINKS);
	assert_int_equal(keys_action('\r'), ACT_LINKS);
	assert_int_equal(keys_action(KEY_ENTER), ACT_LINKS);
	assert_string_equal(keys_of(ACT_OPEN), "l, Right");
	assert_string_equal(keys_of(ACT_LINKS), "Enter, L");
	/* ACT_NONE unbinds; so does Backspace's DEL code with it. */
	keys_bind(KEY_BACKSPACE, ACT_NONE);
	assert_int_equal(keys_action(KEY_BACKSPACE), ACT_NONE);
	assert_int_equal(keys_action(127), ACT_NONE);
	assert_string_equal(keys_of(ACT_BACK), "h, Left");
	keys_bind('q', ACT_NONE);
	assert_string_equal(keys_of(ACT_QUIT), "");
	/* Unbinding a key that has no action is harmless. */
	keys_bind('Z', ACT_NONE);
	assert_int_equal(keys_action('Z'), ACT_NONE);
	keys_reset();
	assert_int_equal(keys_action('j'), ACT_DOWN);
	assert_int_equal(keys_action('q'), ACT_QUIT);
	assert_string_equal(keys_of(ACT_DOWN), "j, Down, C-n");
}

/* Binds from a config: good lines apply, bad ones are counted. */
static void
test_apply(void **state)
{
	static const char text[] =
	    "[keys]\n"
	    "bind J down\n"
	    "bind K up\n"
	    "unbind j\n"
	    "bind x frobnicate\n"
	    "\n"
	    "bind Ctrl-x top\n"
	    "bind C-g top\n"
	    "bind S-Tab next-pane\n"
	    "bind F5 reload\n"
	    "bind Space none\n";
	struct config cfg;
	struct gerr err;

	(void)state;
	config_init(&cfg);
	gerr_clear(&err);
	assert_int_equal(config_parse(&cfg, text, "/home/ann/guild.conf",
	    &err), 0);
	assert_int_equal(keys_apply(cfg.binds, cfg.nbinds, &err), 2);
	assert_string_equal(err.msg, "/home/ann/guild.conf:5: unknown action "
	    "'frobnicate' (see the ? overlay or guild(1) for their names)");
	assert_int_equal(keys_action('J'), ACT_DOWN);
	assert_int_equal(keys_action('K'), ACT_UP);
	assert_int_equal(keys_action('j'), ACT_NONE);
	assert_int_equal(keys_action('x'), ACT_NONE);
	assert_int_equal(keys_action(KEY_CTRL('g')), ACT_TOP);
	assert_int_equal(keys_action(KEY_BTAB), ACT_NEXT_PANE);
	assert_int_equal(keys_action(KEY_F(5)), ACT_RELOAD);
	assert_int_equal(keys_action(' '), ACT_NONE);
	/* The help overlay's text follows the live table. */
	assert_string_equal(keys_of(ACT_DOWN), "Down, C-n, J");
	assert_string_equal(keys_of(ACT_UP), "k, Up, C-p, K");
	assert_string_equal(keys_of(ACT_TOP), "g, Home, C-g");
	assert_string_equal(keys_of(ACT_NEXT_PANE), "Tab, S-Tab");
	assert_string_equal(keys_of(ACT_PREV_PANE), "");
	assert_string_equal(keys_of(ACT_PAGE_DOWN), "PgDn, C-f");
	config_release(&cfg);

	/* The first bad line is the one reported: a key name this time. */
	keys_reset();
	config_init(&cfg);
	assert_int_equal(config_parse(&cfg, "[keys]\n\n\nbind Ctrl-x top\n"
	    "bind y nothing\n", "c", &err), 0);
	gerr_clear(&err);
	assert_int_equal(keys_apply(cfg.binds, cfg.nbinds, &err), 2);
	assert_string_equal(err.msg, "c:4: unknown key 'Ctrl-x' (write keys "
	    "like j, J, C-f, Enter, Esc, Tab, S-Tab, Up, PgDn, F1, Space)");
	config_release(&cfg);

	/* Nothing to apply. */
	keys_reset();
	gerr_clear(&err);
	assert_int_equal(keys_apply(NULL, 0, &err), 0);
	assert_string_equal(err.msg, "");
}

/* The text input of the filter and search prompts. */
static void
test_input(void **state)
{
	struct ui_input in;

	(void)state;
	ui_input_clear(&in);
	assert_int_equal(ui_input_key(&in, 's'), UI_INPUT_EDIT);
	assert_int_equal(ui_input_key(&in, 'q'), UI_INPUT_EDIT);
	/* UTF-8 arrives a byte at a time; Backspace takes the character. */
	assert_int_equal(ui_input_key(&in, 0xc3), UI_INPUT_EDIT);
	assert_int_equal(ui_input_key(&in, 0xa9), UI_INPUT_EDIT);
	assert_string_equal(in.text, "sq\xc3\xa9");
	assert_int_equal(ui_input_key(&in, KEY_BACKSPACE), UI_INPUT_EDIT);
	assert_string_equal(in.text, "sq");
	assert_int_equal(ui_input_key(&in, 127), UI_INPUT_EDIT);
	assert_string_equal(in.text, "s");
	assert_int_equal(ui_input_key(&in, KEY_DOWN), UI_INPUT_PASS);
	assert_int_equal(ui_input_key(&in, '\t'), UI_INPUT_PASS);
	assert_int_equal(ui_input_key(&in, '\r'), UI_INPUT_DONE);
	assert_int_equal(ui_input_key(&in, KEY_ENTER), UI_INPUT_DONE);
	assert_int_equal(ui_input_key(&in, KEY_ESCAPE), UI_INPUT_ABORT);
	assert_int_equal(ui_input_key(&in, KEY_CTRL('u')), UI_INPUT_EDIT);
	assert_string_equal(in.text, "");
	assert_int_equal(in.len, 0);
	/* Backspace on nothing stays at nothing. */
	assert_int_equal(ui_input_key(&in, KEY_BACKSPACE), UI_INPUT_EDIT);
	assert_int_equal(in.len, 0);
	/* The text stops growing at its size. */
	while (in.len + 1 < sizeof(in.text))
		ui_input_key(&in, 'x');
	ui_input_key(&in, 'y');
	assert_int_equal(in.len, sizeof(in.text) - 1);
	assert_null(strchr(in.text, 'y'));
}

static void
test_contains(void **state)
{
	(void)state;
	assert_true(ui_contains("SQLite 内幕", "sqlite"));
	assert_true(ui_contains("SQLite 内幕", "内幕"));
	assert_true(ui_contains("anything", ""));
	assert_true(ui_contains("anything", NULL));
	assert_false(ui_contains("Modern C", "rust"));
	assert_false(ui_contains("", "x"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_key_names, setup),
		cmocka_unit_test_setup(test_key_names_bad, setup),
		cmocka_unit_test_setup(test_actions, setup),
		cmocka_unit_test_setup(test_default_keys, setup),
		cmocka_unit_test_setup(test_bind, setup),
		cmocka_unit_test_setup(test_apply, setup),
		cmocka_unit_test_setup(test_input, setup),
		cmocka_unit_test_setup(test_contains, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests of the TUI's one-line editor: moving and cutting by character. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tui/ui.h"

/* Types s into e, one byte per key as the terminal delivers UTF-8. */
static void
type(struct ui_edit *e, const char *s)
{
	for (; *s != '\0'; s++)
		assert_int_equal(ui_edit_key(e, (unsigned char)*s),
		    UI_INPUT_EDIT);
}

static void
test_typing(void **state)
{
	struct ui_edit e;

	(void)state;
	ui_edit_clear(&e);
	type(&e, "hello");
	assert_string_equal(e.text, "hello");
	assert_int_equal(e.pos, 5);
	assert_int_equal(ui_edit_key(&e, KEY_LEFT), UI_INPUT_EDIT);
	assert_int_equal(ui_edit_key(&e, KEY_LEFT), UI_INPUT_EDIT);
	type(&e, "X");
	assert_string_equal(e.text, "helXlo");
	/* A tab is typed as a space; Enter and Esc end the edit. */
	type(&e, "\t");
	assert_string_equal(e.text, "helX lo");
	assert_int_equal(ui_edit_key(&e, '\n'), UI_INPUT_DONE);
	assert_int_equal(ui_edit_key(&e, KEY_ENTER), UI_INPUT_DONE);
	assert_int_equal(ui_edit_key(&e, 27), UI_INPUT_ABORT);
	/* Keys that do not edit pass. */
	assert_int_equal(ui_edit_key(&e, KEY_F(1)), UI_INPUT_PASS);
	assert_int_equal(ui_edit_key(&e, KEY_CTRL('g')), UI_INPUT_PASS);
	assert_string_equal(e.text, "helX lo");
}

static void
test_wide_and_combining(void **state)
{
	struct ui_edit e;

	(void)state;
	ui_edit_clear(&e);
	/* 回 (3 bytes), e + U+0301 (a combining acute), 复. */
	type(&e, "a\xe5\x9b\x9e" "e\xcc\x81" "\xe5\xa4\x8d");
	assert_int_equal(e.len, 10);
	/* Left steps over a whole character, its mark included. */
	ui_edit_key(&e, KEY_LEFT);
	assert_int_equal(e.pos, 7);
	ui_edit_key(&e, KEY_LEFT);
	assert_int_equal(e.pos, 4);
	ui_edit_key(&e, KEY_LEFT);
	assert_int_equal(e.pos, 1);
	ui_edit_key(&e, KEY_RIGHT);
	assert_int_equal(e.pos, 4);
	/* Backspace takes 回 whole; Delete takes e with its mark. */
	ui_edit_key(&e, KEY_BACKSPACE);
	assert_string_equal(e.text, "ae\xcc\x81\xe5\xa4\x8d");
	assert_int_equal(e.pos, 1);
	ui_edit_key(&e, KEY_DC);
	assert_string_equal(e.text, "a\xe5\xa4\x8d");
	ui_edit_key(&e, KEY_END);
	ui_edit_key(&e, 127);
	assert_string_equal(e.text, "a");
	/* Nothing left of the start, nothing right of the end. */
	ui_edit_key(&e, KEY_HOME);
	ui_edit_key(&e, KEY_BACKSPACE);
	ui_edit_key(&e, KEY_LEFT);
	assert_int_equal(e.pos, 0);
	ui_edit_key(&e, KEY_END);
	ui_edit_key(&e, KEY_DC);
	ui_edit_key(&e, KEY_RIGHT);
	assert_int_equal(e.pos, 1);
	assert_string_equal(e.text, "a");
}

static void
test_emacs_keys(void **state)
{
	struct ui_edit e;

	(void)state;
	ui_edit_clear(&e);
	type(&e, "one two three");
	ui_edit_key(&e, KEY_CTRL('a'));
	assert_int_equal(e.pos, 0);
	ui_edit_key(&e, KEY_CTRL('f'));
	ui_edit_key(&e, KEY_CTRL('f'));
	ui_edit_key(&e, KEY_CTRL('f'));
	ui_edit_key(&e, KEY_CTRL('f'));
	/* C-k cuts to the end, C-u to the start. */
	ui_edit_key(&e, KEY_CTRL('k'));
	assert_string_equal(e.text, "one ");
	ui_edit_key(&e, KEY_CTRL('b'));
	ui_edit_key(&e, KEY_CTRL('u'));
	assert_string_equal(e.text, " ");
	assert_int_equal(e.pos, 0);
	ui_edit_key(&e, KEY_CTRL('e'));
	assert_int_equal(e.pos, 1);
	ui_edit_key(&e, KEY_CTRL('h'));
	assert_string_equal(e.text, "");
	ui_edit_key(&e, KEY_CTRL('d'));
	assert_string_equal(e.text, "");
}

static void
test_full(void **state)
{
	struct ui_edit e;
	size_t i;

	(void)state;
	ui_edit_clear(&e);
	for (i = 0; i < UI_EDIT_MAX + 10; i++)
		ui_edit_key(&e, 'x');
	assert_int_equal(e.len, UI_EDIT_MAX - 1);
	assert_int_equal(strlen(e.text), UI_EDIT_MAX - 1);
	ui_edit_key(&e, KEY_HOME);
	ui_edit_key(&e, 'y');
	assert_int_equal(e.text[0], 'x');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typing),
		cmocka_unit_test(test_wide_and_combining),
		cmocka_unit_test(test_emacs_keys),
		cmocka_unit_test(test_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests of the TUI's drawing helpers that need no terminal. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "guild/text.h"
#include "guild/util.h"
#include "tui/ui.h"

/* The progress bar of done of total in width columns, as one string. */
static char *
bar(int ascii, int done, int total, int width, struct ui_lines *ls)
{
	struct ui ui;
	struct ui_line *l;

	memset(&ui, 0, sizeof(ui));
	ui.ascii = ascii;
	ui.utf8 = !ascii;
	l = ui_lines_add(ls);
	ui_line_progress(&ui, l, done, total, width);
	return ui_line_text(l);
}

static void
test_progress_ascii(void **state)
{
	struct ui_lines ls = { NULL, 0, 0 };
	char *s;

	(void)state;
	s = bar(1, 0, 8, 10, &ls);
	assert_string_equal(s, "[--------]");
	free(s);
	s = bar(1, 8, 8, 10, &ls);
	assert_string_equal(s, "[########]");
	free(s);
	s = bar(1, 2, 8, 10, &ls);
	assert_string_equal(s, "[##------]");
	free(s);
	/* One lesson of many still shows, and the bar is never full early. */
	s = bar(1, 1, 100, 10, &ls);
	assert_string_equal(s, "[#-------]");
	free(s);
	s = bar(1, 99, 100, 10, &ls);
	assert_string_equal(s, "[#######-]");
	free(s);
	/* Out of range and empty courses stay in the bar. */
	s = bar(1, 9, 8, 10, &ls);
	assert_string_equal(s, "[########]");
	free(s);
	s = bar(1, 0, 0, 10, &ls);
	assert_string_equal(s, "[--------]");
	free(s);
	ui_lines_release(&ls);
}

static void
test_progress_utf8(void **state)
{
	struct ui_lines ls = { NULL, 0, 0 };
	char *s;

	(void)state;
	s = bar(0, 3, 6, 4, &ls);
	assert_string_equal(s, "\xe2\x96\x88\xe2\x96\x88\xe2\x96\x91"
	    "\xe2\x96\x91");
	assert_int_equal(text_width(s), 4);
	free(s);
	/* The filled part is in the progress style, the rest dim. */
	assert_int_equal(ls.v[0].n, 2);
	assert_int_equal(ls.v[0].spans[0].elem, THEME_PROGRESS);
	assert_int_equal(ls.v[0].spans[1].elem, THEME_DIM);
	s = bar(0, 0, 6, 0, &ls);
	assert_string_equal(s, "");
	free(s);
	ui_lines_release(&ls);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_progress_ascii),
		cmocka_unit_test(test_progress_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

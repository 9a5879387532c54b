/*
 * A one-line editor with a cursor, for short replies typed in place:
 * moving and deleting by character (a UTF-8 sequence, with the
 * combining marks that follow it), the usual Emacs keys, and a drawing
 * that scrolls sideways so the cursor stays in view, counting display
 * columns (a CJK character takes two).
 */
#include <stdlib.h>
#include <string.h>

#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

void
ui_edit_clear(struct ui_edit *e)
{
	e->len = 0;
	e->pos = 0;
	e->text[0] = '\0';
}

/* The code point at byte i, and its length (1 for a bad byte). */
static size_t
edit_cp(const struct ui_edit *e, size_t i, uint32_t *cp)
{
	int n = text_decode(e->text + i, e->len - i, cp);

	if (n < 0) {
		*cp = (unsigned char)e->text[i];
		return 1;
	}
	return (size_t)n;
}

/* The start of the character after byte i (combining marks included). */
static size_t
edit_next(const struct ui_edit *e, size_t i)
{
	uint32_t cp;

	if (i >= e->len)
		return e->len;
	i += edit_cp(e, i, &cp);
	while (i < e->len) {
		size_t n = edit_cp(e, i, &cp);

		if (text_cpwidth(cp) != 0)
			break;
		i += n;
	}
	return i;
}

/* The start of the character before byte i. */
static size_t
edit_prev(const struct ui_edit *e, size_t i)
{
	size_t p = 0, q = 0;

	/* Walk from the start: characters are not self-delimiting backwards
	   once combining marks count with their base. */
	while (q < i) {
		p = q;
		q = edit_next(e, q);
	}
	return p;
}

/* Removes bytes [from, to). */
static void
edit_cut(struct ui_edit *e, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(e->text + from, e->text + to, e->len - to + 1);
	e->len -= to - from;
	if (e->pos >= to)
		e->pos -= to - from;
	else if (e->pos > from)
		e->pos = from;
}

enum ui_input_result
ui_edit_key(struct ui_edit *e, int key)
{
	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		return UI_INPUT_DONE;
	case KEY_ESCAPE:
		return UI_INPUT_ABORT;
	case KEY_LEFT:
	case KEY_CTRL('b'):
		e->pos = edit_prev(e, e->pos);
		return UI_INPUT_EDIT;
	case KEY_RIGHT:
	case KEY_CTRL('f'):
		e->pos = edit_next(e, e->pos);
		return UI_INPUT_EDIT;
	case KEY_HOME:
	case KEY_CTRL('a'):
		e->pos = 0;
		return UI_INPUT_EDIT;
	case KEY_END:
	case KEY_CTRL('e'):
		e->pos = e->len;
		return UI_INPUT_EDIT;
	case KEY_BACKSPACE:
	case 127:
	case KEY_CTRL('h'):
		edit_cut(e, edit_prev(e, e->pos), e->pos);
		return UI_INPUT_EDIT;
	case KEY_DC:
	case KEY_CTRL('d'):
		edit_cut(e, e->pos, edit_next(e, e->pos));
		return UI_INPUT_EDIT;
	case KEY_CTRL('u'):
		edit_cut(e, 0, e->pos);
		return UI_INPUT_EDIT;
	case KEY_CTRL('k'):
		edit_cut(e, e->pos, e->len);
		return UI_INPUT_EDIT;
	default:
		break;
	}
	if (key == '\t')
		key = ' ';
	if (key >= KEY_MIN || key < 0x20)
		return UI_INPUT_PASS;
	if (key > 0xff)
		return UI_INPUT_EDIT;
	if (e->len + 1 < sizeof(e->text)) {
		memmove(e->text + e->pos + 1, e->text + e->pos,
		    e->len - e->pos + 1);
		e->text[e->pos++] = (char)key;
		e->len++;
	}
	return UI_INPUT_EDIT;
}

/* Display columns of bytes [from, to) of the text, sanitized. */
static int
edit_width(const struct ui_edit *e, size_t from, size_t to)
{
	char *safe = text_sanitize(e->text + from, to - from, 0);
	int w = safe != NULL ? text_width(safe) : 0;

	free(safe);
	return w;
}

/* Draws bytes [from, to) of the text at y,x within w columns. */
static int
edit_put(struct ui *ui, const struct ui_edit *e, size_t from, size_t to,
    int y, int x, int w, enum theme_elem elem)
{
	char *safe = text_sanitize(e->text + from, to - from, 0), *clean;
	int used;

	if (safe == NULL)
		return 0;
	clean = ui_clean(ui, safe);
	used = ui_puts(ui, y, x, w, clean, elem);
	free(clean);
	free(safe);
	return used;
}

void
ui_edit_draw(struct ui *ui, const struct ui_edit *e, int y, int x, int w,
    const char *prompt)
{
	size_t start = 0, end;
	int pw, avail, col;

	ui_fill(ui, y, x, w, THEME_FILTER);
	pw = ui_puts(ui, y, x, w, prompt, THEME_FILTER);
	avail = w - pw - 1;
	if (avail < 4)
		return;
	/* Scroll right until the cursor (and one cell for it) fits. */
	while (start < e->pos && edit_width(e, start, e->pos) > avail - 1)
		start = edit_next(e, start);
	end = e->pos;
	col = x + pw;
	col += edit_put(ui, e, start, e->pos, y, col, avail, THEME_FILTER);
	if (e->pos < e->len) {
		end = edit_next(e, e->pos);
		col += edit_put(ui, e, e->pos, end, y, col, x + w - col,
		    THEME_SELECTED);
		edit_put(ui, e, end, e->len, y, col, x + w - col, THEME_FILTER);
	} else {
		ui_puts(ui, y, col, 1, " ", THEME_SELECTED);
	}
}

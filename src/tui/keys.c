/*
 * The key table: which key triggers which action, the actions' names and
 * help lines. The help overlay is generated from this table, so it always
 * tells the truth.
 */
#include <stdio.h>
#include <string.h>

#include "ui.h"

#define KEY_CTRL(c)	((c) & 0x1f)
#define KEY_ESCAPE	27

struct key_binding {
	int		key;
	enum action	action;
};

static const struct key_binding key_table[] = {
	{ 'j', ACT_DOWN },
	{ KEY_DOWN, ACT_DOWN },
	{ KEY_CTRL('n'), ACT_DOWN },
	{ 'k', ACT_UP },
	{ KEY_UP, ACT_UP },
	{ KEY_CTRL('p'), ACT_UP },
	{ KEY_NPAGE, ACT_PAGE_DOWN },
	{ KEY_CTRL('f'), ACT_PAGE_DOWN },
	{ ' ', ACT_PAGE_DOWN },
	{ KEY_PPAGE, ACT_PAGE_UP },
	{ KEY_CTRL('b'), ACT_PAGE_UP },
	{ 'g', ACT_TOP },
	{ KEY_HOME, ACT_TOP },
	{ 'G', ACT_BOTTOM },
	{ KEY_END, ACT_BOTTOM },
	{ '\n', ACT_OPEN },
	{ '\r', ACT_OPEN },
	{ KEY_ENTER, ACT_OPEN },
	{ 'l', ACT_OPEN },
	{ KEY_RIGHT, ACT_OPEN },
	{ KEY_ESCAPE, ACT_BACK },
	{ 'h', ACT_BACK },
	{ KEY_LEFT, ACT_BACK },
	{ KEY_BACKSPACE, ACT_BACK },
	{ 127, ACT_BACK },
	{ 'r', ACT_RELOAD },
	{ '?', ACT_HELP },
	{ KEY_F(1), ACT_HELP },
	{ KEY_CTRL('l'), ACT_REDRAW },
	{ 'q', ACT_QUIT },
};

static const struct {
	const char	*name;
	const char	*help;
} actions[ACT_COUNT] = {
	[ACT_NONE] = { "none", "" },
	[ACT_DOWN] = { "down", "Move down one line" },
	[ACT_UP] = { "up", "Move up one line" },
	[ACT_PAGE_DOWN] = { "page-down", "Move down one page" },
	[ACT_PAGE_UP] = { "page-up", "Move up one page" },
	[ACT_TOP] = { "top", "Go to the first line" },
	[ACT_BOTTOM] = { "bottom", "Go to the last line" },
	[ACT_OPEN] = { "open", "Open the selected item" },
	[ACT_BACK] = { "back", "Go back to the previous view" },
	[ACT_RELOAD] = { "reload", "Reload from the server" },
	[ACT_HELP] = { "help", "Show or hide this help" },
	[ACT_REDRAW] = { "redraw", "Redraw the screen" },
	[ACT_QUIT] = { "quit", "Quit guild" },
};

enum action
keys_action(int key)
{
	size_t i;

	for (i = 0; i < G_NELEM(key_table); i++) {
		if (key_table[i].key == key)
			return key_table[i].action;
	}
	return ACT_NONE;
}

const char *
action_name(enum action a)
{
	if ((int)a < 0 || a >= ACT_COUNT)
		return "none";
	return actions[a].name;
}

const char *
action_help(enum action a)
{
	if ((int)a < 0 || a >= ACT_COUNT)
		return "";
	return actions[a].help;
}

char *
keys_name(int key, char *out, size_t outsz)
{
	static const struct {
		int		 key;
		const char	*name;
	} names[] = {
		{ KEY_DOWN, "Down" }, { KEY_UP, "Up" }, { KEY_LEFT, "Left" },
		{ KEY_RIGHT, "Right" }, { KEY_NPAGE, "PgDn" },
		{ KEY_PPAGE, "PgUp" }, { KEY_HOME, "Home" }, { KEY_END, "End" },
		{ KEY_ENTER, "Enter" }, { '\n', "Enter" }, { '\r', "Enter" },
		{ KEY_ESCAPE, "Esc" }, { KEY_BACKSPACE, "Backspace" },
		{ 127, "Backspace" },
		{ ' ', "Space" }, { '\t', "Tab" },
	};
	size_t i;

	for (i = 0; i < G_NELEM(names); i++) {
		if (names[i].key == key) {
			snprintf(out, outsz, "%s", names[i].name);
			return out;
		}
	}
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(out, outsz, "F%d", key - KEY_F(0));
	else if (key > 0 && key < 32)
		snprintf(out, outsz, "C-%c", key + 'a' - 1);
	else if (key > 32 && key < 127)
		snprintf(out, outsz, "%c", key);
	else
		snprintf(out, outsz, "key %d", key);
	return out;
}

char *
keys_for_action(enum action a, char *out, size_t outsz)
{
	char names[G_NELEM(key_table)][32];
	size_t i, j, nnames = 0, len = 0;

	if (outsz == 0)
		return out;
	out[0] = '\0';
	for (i = 0; i < G_NELEM(key_table); i++) {
		int n, dup = 0;

		if (key_table[i].action != a)
			continue;
		keys_name(key_table[i].key, names[nnames], sizeof(names[0]));
		/* Enter has three key codes; name it once. */
		for (j = 0; j < nnames; j++)
			dup |= strcmp(names[j], names[nnames]) == 0;
		if (dup)
			continue;
		n = snprintf(out + len, outsz - len, "%s%s",
		    len > 0 ? ", " : "", names[nnames]);
		nnames++;
		if (n < 0 || (size_t)n >= outsz - len)
			break;
		len += (size_t)n;
	}
	return out;
}

/*
 * The key table: which key triggers which action, the actions' names and
 * help lines, key names, and the `bind KEY ACTION` lines of the config
 * that change the table. The help overlay is generated from the live
 * table, so it always tells the truth.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "guild/util.h"

#include "ui.h"

struct key_binding {
	int		key;
	enum action	action;
};

/* The defaults, in the order the help lists an action's keys. */
static const struct key_binding key_defaults[] = {
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
	{ 'h', ACT_BACK },
	{ KEY_LEFT, ACT_BACK },
	{ KEY_BACKSPACE, ACT_BACK },
	{ 127, ACT_BACK },
	{ KEY_ESCAPE, ACT_CANCEL },
	{ 'r', ACT_RELOAD },
	{ '/', ACT_FILTER },
	{ 'n', ACT_SEARCH_NEXT },
	{ 'N', ACT_SEARCH_PREV },
	{ 'L', ACT_LINKS },
	{ 'y', ACT_COPY },
	{ 'p', ACT_COPY },
	{ 's', ACT_SORT },
	{ 't', ACT_TAG },
	{ 'c', ACT_COMPOSE },
	{ 'R', ACT_REPLY },
	{ 'i', ACT_QUICK_REPLY },
	{ 'a', ACT_ANSWER },
	{ '+', ACT_LIKE },
	{ '-', ACT_VOTE_DOWN },
	{ '0', ACT_UNVOTE },
	{ 'A', ACT_ACCEPT },
	{ ']', ACT_NEXT_POST },
	{ '[', ACT_PREV_POST },
	{ 'u', ACT_FIRST_UNREAD },
	{ 'S', ACT_SEARCH },
	{ 'v', ACT_LEVEL },
	{ 'f', ACT_PRICE },
	{ 'b', ACT_BUY },
	{ 'm', ACT_COMPLETE },
	{ '\t', ACT_NEXT_PANE },
	{ KEY_BTAB, ACT_PREV_PANE },
	{ '1', ACT_PANE_1 },
	{ '2', ACT_PANE_2 },
	{ '3', ACT_PANE_3 },
	{ '4', ACT_PANE_4 },
	{ '5', ACT_PANE_5 },
	{ '6', ACT_PANE_6 },
	{ '7', ACT_PANE_7 },
	{ '8', ACT_PANE_8 },
	{ '9', ACT_PANE_9 },
	{ '?', ACT_HELP },
	{ KEY_F(1), ACT_HELP },
	{ KEY_CTRL('l'), ACT_REDRAW },
	{ 'q', ACT_QUIT },
};

/* The live table: the defaults, then what `bind` changed. */
static struct key_binding *key_table;
static size_t key_n, key_cap;

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
	[ACT_BOTTOM] = { "bottom", "Go to the last line (loading the rest "
	    "of a list)" },
	[ACT_OPEN] = { "open", "Open the selected item" },
	[ACT_BACK] = { "back", "Go back to the previous view" },
	[ACT_CANCEL] = { "cancel", "Cancel loading; else go back or clear "
	    "the filter" },
	[ACT_RELOAD] = { "reload", "Reload from the server" },
	[ACT_FILTER] = { "filter", "Filter a list as you type; search a "
	    "text" },
	[ACT_SEARCH_NEXT] = { "search-next", "Jump to the next match; the "
	    "next lesson in the reader" },
	[ACT_SEARCH_PREV] = { "search-prev", "Jump to the previous match; "
	    "the previous lesson in the reader" },
	[ACT_LINKS] = { "links", "List the links of the text" },
	[ACT_COPY] = { "copy", "Print the selected link in full, to copy "
	    "it" },
	[ACT_SORT] = { "sort", "Change the order of courses, threads or "
	    "questions" },
	[ACT_TAG] = { "tag", "Show only the courses or questions with a "
	    "tag" },
	[ACT_COMPOSE] = { "new", "Start a thread, or ask a question" },
	[ACT_REPLY] = { "reply", "Reply to the selected post in your "
	    "editor" },
	[ACT_QUICK_REPLY] = { "quick-reply", "Reply with one line typed "
	    "here" },
	[ACT_ANSWER] = { "answer", "Answer the question in your editor" },
	[ACT_LIKE] = { "like", "Like or unlike a post; vote a question or "
	    "answer up" },
	[ACT_VOTE_DOWN] = { "vote-down", "Vote a question or answer down "
	    "(again: take it back)" },
	[ACT_UNVOTE] = { "unvote", "Take your vote back" },
	[ACT_ACCEPT] = { "accept", "Accept the selected answer (the asker "
	    "only)" },
	[ACT_NEXT_POST] = { "next-post", "Go to the next reply or answer" },
	[ACT_PREV_POST] = { "prev-post", "Go to the previous reply or "
	    "answer" },
	[ACT_FIRST_UNREAD] = { "first-unread", "Jump to the first reply "
	    "you have not read" },
	[ACT_SEARCH] = { "search", "Search the catalog on the server "
	    "(titles, summaries, tags)" },
	[ACT_LEVEL] = { "level", "Show the courses of one level, or all" },
	[ACT_PRICE] = { "price", "Show free courses, paid courses, or all" },
	[ACT_BUY] = { "buy", "Buy the course shown" },
	[ACT_COMPLETE] = { "complete", "Mark the lesson you read complete" },
	[ACT_NEXT_PANE] = { "next-pane", "Show the next pane" },
	[ACT_PREV_PANE] = { "prev-pane", "Show the previous pane" },
	[ACT_PANE_1] = { "pane-1", "Show pane 1" },
	[ACT_PANE_2] = { "pane-2", "Show pane 2" },
	[ACT_PANE_3] = { "pane-3", "Show pane 3" },
	[ACT_PANE_4] = { "pane-4", "Show pane 4" },
	[ACT_PANE_5] = { "pane-5", "Show pane 5" },
	[ACT_PANE_6] = { "pane-6", "Show pane 6" },
	[ACT_PANE_7] = { "pane-7", "Show pane 7" },
	[ACT_PANE_8] = { "pane-8", "Show pane 8" },
	[ACT_PANE_9] = { "pane-9", "Show pane 9" },
	[ACT_HELP] = { "help", "Show or hide this help" },
	[ACT_REDRAW] = { "redraw", "Redraw the screen" },
	[ACT_QUIT] = { "quit", "Quit guild" },
};

/*
 * Key names: the first spelling of a code is the one keys_name writes;
 * the others are accepted by keys_parse. Several codes of one key (Enter)
 * share a name.
 */
static const struct {
	int		 key;
	const char	*name;
} key_names[] = {
	{ KEY_DOWN, "Down" }, { KEY_UP, "Up" }, { KEY_LEFT, "Left" },
	{ KEY_RIGHT, "Right" },
	{ KEY_NPAGE, "PgDn" }, { KEY_NPAGE, "PageDown" },
	{ KEY_PPAGE, "PgUp" }, { KEY_PPAGE, "PageUp" },
	{ KEY_HOME, "Home" }, { KEY_END, "End" },
	{ KEY_IC, "Insert" }, { KEY_DC, "Delete" }, { KEY_DC, "Del" },
	{ '\n', "Enter" }, { '\r', "Enter" }, { KEY_ENTER, "Enter" },
	{ '\n', "Return" },
	{ KEY_ESCAPE, "Esc" }, { KEY_ESCAPE, "Escape" },
	{ KEY_BACKSPACE, "Backspace" }, { 127, "Backspace" },
	{ KEY_BACKSPACE, "BS" },
	{ ' ', "Space" },
	{ '\t', "Tab" },
	{ KEY_BTAB, "S-Tab" }, { KEY_BTAB, "BackTab" }, { KEY_BTAB, "BTab" },
};

/* Makes the live table when it does not exist yet. */
static void
keys_ensure(void)
{
	if (key_table != NULL)
		return;
	key_cap = G_NELEM(key_defaults) + 16;
	key_table = xcalloc(key_cap, sizeof(*key_table));
	memcpy(key_table, key_defaults, sizeof(key_defaults));
	key_n = G_NELEM(key_defaults);
}

void
keys_reset(void)
{
	FREE(&key_table);
	key_n = 0;
	key_cap = 0;
	keys_ensure();
}

enum action
keys_action(int key)
{
	size_t i;

	keys_ensure();
	for (i = 0; i < key_n; i++) {
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

int
action_parse(const char *name, enum action *out)
{
	int a;

	for (a = 0; a < ACT_COUNT; a++) {
		if (strcmp(name, actions[a].name) == 0) {
			*out = (enum action)a;
			return 0;
		}
	}
	return -1;
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
	size_t i;

	for (i = 0; i < G_NELEM(key_names); i++) {
		if (key_names[i].key == key) {
			snprintf(out, outsz, "%s", key_names[i].name);
			return out;
		}
	}
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(out, outsz, "F%d", key - KEY_F(0));
	else if (key > 0 && key <= 26)
		snprintf(out, outsz, "C-%c", key + 'a' - 1);
	else if (key > 32 && key < 127)
		snprintf(out, outsz, "%c", key);
	else
		snprintf(out, outsz, "key %d", key);
	return out;
}

int
keys_parse(const char *name, int *key)
{
	size_t i, len = strlen(name);
	int64_t n;

	if (len == 1 && name[0] > 32 && name[0] < 127) {
		*key = name[0];
		return 0;
	}
	if (len == 3 && (name[0] == 'C' || name[0] == 'c') &&
	    name[1] == '-' && ((name[2] >= 'a' && name[2] <= 'z') ||
	    (name[2] >= 'A' && name[2] <= 'Z'))) {
		*key = KEY_CTRL(name[2]);
		return 0;
	}
	if (len >= 2 && len <= 3 && (name[0] == 'F' || name[0] == 'f') &&
	    name[1] >= '1' && name[1] <= '9' &&
	    parse_int64(name + 1, 1, 12, &n) == 0) {
		*key = KEY_F((int)n);
		return 0;
	}
	for (i = 0; i < G_NELEM(key_names); i++) {
		if (strcasecmp(name, key_names[i].name) == 0) {
			*key = key_names[i].key;
			return 0;
		}
	}
	return -1;
}

/* Sets the action of one key code, adding it to the table if new. */
static void
keys_bind_code(int key, enum action a)
{
	size_t i;

	keys_ensure();
	for (i = 0; i < key_n; i++) {
		if (key_table[i].key != key)
			continue;
		if (a != ACT_NONE) {
			key_table[i].action = a;
			return;
		}
		memmove(&key_table[i], &key_table[i + 1],
		    (key_n - i - 1) * sizeof(*key_table));
		key_n--;
		return;
	}
	if (a == ACT_NONE)
		return;
	if (key_n == key_cap) {
		key_cap *= 2;
		key_table = xrealloc(key_table, key_cap * sizeof(*key_table));
	}
	key_table[key_n].key = key;
	key_table[key_n].action = a;
	key_n++;
}

void
keys_bind(int key, enum action a)
{
	char name[32];
	size_t i;
	int named = 0;

	/* Every code of a named key (Enter, Backspace) changes together. */
	keys_name(key, name, sizeof(name));
	for (i = 0; i < G_NELEM(key_names); i++) {
		if (strcmp(key_names[i].name, name) == 0) {
			keys_bind_code(key_names[i].key, a);
			named = 1;
		}
	}
	if (!named)
		keys_bind_code(key, a);
}

size_t
keys_apply(const struct config_bind *b, size_t n, struct gerr *err)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++) {
		enum action a;
		int key;
		const char *file = b[i].file != NULL ? b[i].file : "config";

		if (keys_parse(b[i].key, &key) < 0) {
			if (bad++ == 0)
				gerr_set(err, GERR_LOCAL, 0, "%s:%d: unknown key "
				    "'%s' (write keys like j, J, C-f, Enter, Esc, "
				    "Tab, S-Tab, Up, PgDn, F1, Space)", file,
				    b[i].line, b[i].key);
			continue;
		}
		if (action_parse(b[i].action, &a) < 0) {
			if (bad++ == 0)
				gerr_set(err, GERR_LOCAL, 0, "%s:%d: unknown "
				    "action '%s' (see the ? overlay or guild(1) "
				    "for their names)", file, b[i].line,
				    b[i].action);
			continue;
		}
		keys_bind(key, a);
	}
	return bad;
}

char *
keys_for_action(enum action a, char *out, size_t outsz)
{
	char names[16][32];
	size_t i, j, nnames = 0, len = 0;

	if (outsz == 0)
		return out;
	out[0] = '\0';
	keys_ensure();
	for (i = 0; i < key_n && nnames < G_NELEM(names); i++) {
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

/*
 * The terminal UI: terminal setup and restore, the main loop, the view
 * stack, the title bar and the status bar. Views live in view-*.c and
 * help.c; shared drawing in draw.c.
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>

#include "guild/text.h"
#include "guild/tui.h"
#include "guild/util.h"

#include "ui.h"

/* Seconds an info message stays in the status bar. */
#define UI_INFO_SECONDS	5
/* getch() timeout in milliseconds: how often the loop ticks when idle. */
#define UI_TICK_MS	500

static const struct ui_glyphs glyphs_utf8 = {
	"\xe2\x94\x80", "\xe2\x94\x82", "\xe2\x94\x8c", "\xe2\x94\x90",
	"\xe2\x94\x94", "\xe2\x94\x98",
	" \xc2\xb7 ",			/* " · " */
	" \xe2\x80\xba ",		/* " › " */
	"\xf0\x9f\x94\x92",		/* 🔒 */
};

static const struct ui_glyphs glyphs_ascii = {
	"-", "|", "+", "+", "+", "+",
	" | ",
	" > ",
	"[locked]",
};

/* ---- Terminal restore on signals and exit -------------------------- */

/*
 * What a fatal signal needs to give the terminal back: the tty modes from
 * before curses and the escape sequences that leave its modes. Written
 * with tcsetattr() and write() only, which are async-signal-safe.
 */
static struct termios saved_tio;
static int saved_tio_ok;
static char reset_seq[256];
static size_t reset_len;
static volatile sig_atomic_t quit_signal;
static int curses_active;

static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
static const int quit_signals[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction old_fatal[G_NELEM(fatal_signals)];
static struct sigaction old_quit[G_NELEM(quit_signals)];

static void
restore_terminal_raw(void)
{
	ssize_t G_UNUSED n;

	if (reset_len > 0)
		n = write(STDOUT_FILENO, reset_seq, reset_len);
	if (saved_tio_ok)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
}

/*
 * A crash: give the terminal back, then let the previous handler (the
 * default, or a sanitizer's) see the same signal. A fault re-executes
 * the faulting instruction on return; a sent signal is raised again.
 */
static void
on_fatal_signal(int sig, siginfo_t *info, void *ctx)
{
	size_t i;

	(void)ctx;
	restore_terminal_raw();
	for (i = 0; i < G_NELEM(fatal_signals); i++) {
		if (fatal_signals[i] == sig)
			sigaction(sig, &old_fatal[i], NULL);
	}
	if (sig == SIGABRT || info == NULL || info->si_code <= 0)
		raise(sig);
}

/* Ctrl-C, SIGTERM, SIGHUP: leave the loop and clean up normally. */
static void
on_quit_signal(int sig)
{
	quit_signal = sig;
}

static void
signals_install(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_sigaction = on_fatal_signal;
	sa.sa_flags = SA_SIGINFO;
	for (i = 0; i < G_NELEM(fatal_signals); i++)
		sigaction(fatal_signals[i], &sa, &old_fatal[i]);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit_signal;
	for (i = 0; i < G_NELEM(quit_signals); i++)
		sigaction(quit_signals[i], &sa, &old_quit[i]);
}

static void
signals_restore(void)
{
	size_t i;

	for (i = 0; i < G_NELEM(fatal_signals); i++)
		sigaction(fatal_signals[i], &old_fatal[i], NULL);
	for (i = 0; i < G_NELEM(quit_signals); i++)
		sigaction(quit_signals[i], &old_quit[i], NULL);
}

/* Appends terminfo capability cap to the reset sequence, when present. */
static void
reset_add(const char *cap)
{
	char *s = tigetstr(cap);
	size_t n;

	if (s == NULL || s == (char *)-1)
		return;
	n = strlen(s);
	if (reset_len + n < sizeof(reset_seq)) {
		memcpy(reset_seq + reset_len, s, n);
		reset_len += n;
	}
}

/* exit() while curses runs (xmalloc out of memory): restore the screen. */
static void
at_exit_endwin(void)
{
	if (curses_active && !isendwin())
		endwin();
}

/* ---- Messages and the view stack ----------------------------------- */

void
ui_message(struct ui *ui, enum ui_msg_kind kind, const char *fmt, ...)
{
	va_list ap;
	char text[1024];

	FREE(&ui->msg);
	ui->msg_kind = UI_MSG_NONE;
	if (fmt == NULL || kind == UI_MSG_NONE)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	ui->msg = ui_clean(ui, text);
	ui->msg_kind = kind;
	ui->msg_time = time(NULL);
}

void
ui_error(struct ui *ui, const char *doing, const struct gerr *err)
{
	const char *what = err->msg[0] != '\0' ? err->msg : "unknown error";

	if (doing != NULL)
		ui_message(ui, UI_MSG_ERROR, "%s: %s", doing, what);
	else
		ui_message(ui, UI_MSG_ERROR, "%s", what);
}

void
ui_busy(struct ui *ui, const char *what)
{
	ui->busy = what;
}

void
view_set_title(struct view *v, const char *title)
{
	FREE(&v->title);
	v->title = xstrdup(title != NULL ? title : "");
}

void
ui_push(struct ui *ui, struct view *v)
{
	v->ui = ui;
	v->below = ui->top;
	ui->top = v;
}

/* Frees one view (its own fields, then the view through its free). */
static void
view_free(struct view *v)
{
	FREE(&v->title);
	v->free(v);
}

void
ui_pop(struct ui *ui)
{
	struct view *v = ui->top;

	if (v == NULL || v->below == NULL)
		return;
	ui->top = v->below;
	view_free(v);
}

/* ---- Drawing the frame --------------------------------------------- */

/* Title bar: "Guild › Catalog › Course" on the left, the help key right. */
static void
draw_title(struct ui *ui, int y, int w)
{
	struct view *stack[32];
	size_t n = 0, i;
	struct view *v;
	char help[64], keys[48];
	int x, hw, end;

	for (v = ui->top; v != NULL && n < G_NELEM(stack); v = v->below) {
		if (!v->overlay)
			stack[n++] = v;
	}
	ui_fill(ui, y, 0, w, THEME_TITLE);
	keys_for_action(ACT_HELP, keys, sizeof(keys));
	/* Only the first key, "? help". */
	keys[strcspn(keys, ",")] = '\0';
	snprintf(help, sizeof(help), "%s help ", keys);
	hw = text_width(help);
	if (hw > w / 3)
		hw = 0;
	/* The titles end one column before the help text. */
	end = w - hw - 1;
	x = ui_puts(ui, y, 1, end - 1, "Guild", THEME_TITLE) + 1;
	for (i = n; i-- > 0 && x < end;) {
		x += ui_puts(ui, y, x, end - x, ui->g->crumb, THEME_DIM);
		x += ui_puts(ui, y, x, end - x,
		    stack[i]->title != NULL ? stack[i]->title : stack[i]->name,
		    THEME_TITLE);
	}
	if (hw > 0)
		ui_put_right(ui, y, w - hw, hw, help, THEME_DIM);
}

/*
 * Status bar: the message on the left (errors in the error style), then
 * what is loading, the user and the server on the right. The message
 * wins when space is short.
 */
static void
draw_status(struct ui *ui, int y, int w)
{
	char *right;
	int rw, mw = 0, x = 0;

	right = xasprintf("%s%s%s%s%s ", ui->busy != NULL ? ui->busy : "",
	    ui->busy != NULL ? ui->g->sep : "", ui->identity, ui->g->sep,
	    ui->server);
	rw = text_width(right);
	if (ui->msg != NULL)
		mw = text_width(ui->msg) + 2;
	if (mw + rw > w)
		rw = w - mw >= 16 ? w - mw : 0;
	ui_fill(ui, y, 0, w, THEME_STATUS);
	if (ui->msg != NULL) {
		enum theme_elem e = ui->msg_kind == UI_MSG_ERROR ?
		    THEME_ERROR : THEME_STATUS;

		x = ui_puts(ui, y, 0, w - rw, " ", e);
		x += ui_puts(ui, y, x, w - rw - x, ui->msg, e);
		x += ui_puts(ui, y, x, w - rw - x, " ", e);
	}
	if (rw > 0)
		ui_put_right(ui, y, w - rw, rw, right, THEME_STATUS);
	free(right);
}

/* Draws v, after the views under it when it is an overlay. */
static void
draw_view(struct view *v, int y, int x, int h, int w)
{
	if (v->overlay && v->below != NULL)
		draw_view(v->below, y, x, h, w);
	v->draw(v, y, x, h, w);
}

/* Paints the whole screen at its current size. */
static void
ui_draw(struct ui *ui)
{
	erase();
	if (LINES < 3 || COLS < 20) {
		ui_put(ui, 0, 0, COLS, "Terminal too small", THEME_ERROR);
		refresh();
		return;
	}
	draw_title(ui, 0, COLS);
	if (ui->top != NULL)
		draw_view(ui->top, 1, 0, LINES - 2, COLS);
	draw_status(ui, LINES - 1, COLS);
	refresh();
}

/* ---- The loop ------------------------------------------------------ */

/* Looks up who the token belongs to, for the status bar. */
static void
ui_fetch_me(struct ui *ui)
{
	struct user u;
	struct gerr err;

	memset(&u, 0, sizeof(u));
	gerr_clear(&err);
	if (api_me(ui->client, &u, &err) == 0) {
		FREE(&ui->identity);
		ui->identity = ui_clean(ui, u.username);
		user_release(&u);
		return;
	}
	FREE(&ui->identity);
	ui->identity = xstrdup(err.kind == GERR_AUTH ? "not logged in" :
	    "user unknown");
	ui_error(ui, err.kind == GERR_AUTH ? "login" : NULL, &err);
}

/* The topmost view with pending work, or NULL. */
static struct view *
ui_pending(struct ui *ui)
{
	struct view *v;

	for (v = ui->top; v != NULL; v = v->below) {
		if (v->pending && v->work != NULL)
			return v;
	}
	return NULL;
}

static void
ui_key(struct ui *ui, int key)
{
	enum action a = keys_action(key);

	if (ui->top != NULL && ui->top->key(ui->top, a, key))
		return;
	switch (a) {
	case ACT_QUIT:
		ui->quit = 1;
		break;
	case ACT_BACK:
		ui_pop(ui);
		break;
	case ACT_HELP:
		ui_push(ui, help_view_new(ui));
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	default:
		break;
	}
}

/*
 * Draws when something changed, runs pending work once the screen shows
 * it is loading, and reads keys with a timeout so info messages fade.
 */
static void
ui_run(struct ui *ui)
{
	int dirty = 1;

	while (!ui->quit) {
		struct view *v;
		int key;

		if (quit_signal != 0) {
			ui->exit_code = 128 + (int)quit_signal;
			break;
		}
		if (dirty) {
			ui_draw(ui);
			dirty = 0;
		}
		if (ui->need_me) {
			ui->need_me = 0;
			ui_fetch_me(ui);
			dirty = 1;
			continue;
		}
		v = ui_pending(ui);
		if (v != NULL) {
			v->pending = 0;
			v->work(v);
			if (!v->pending)
				ui->busy = NULL;
			dirty = 1;
			continue;
		}
		key = getch();
		if (key == ERR) {
			if (ui->msg_kind == UI_MSG_INFO &&
			    time(NULL) - ui->msg_time >= UI_INFO_SECONDS) {
				ui_message(ui, UI_MSG_NONE, NULL);
				dirty = 1;
			}
			continue;
		}
		dirty = 1;
		if (key == KEY_RESIZE)
			continue;
		ui_key(ui, key);
	}
}

/* ---- Entry point --------------------------------------------------- */

/* 1 when the locale's character set is UTF-8. */
static int
locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 ||
	    strcasecmp(cs, "utf8") == 0);
}

/*
 * Loads the theme asked for. A missing default theme is quietly the
 * built-in one (they are the same); anything else that fails says so in
 * the status bar and falls back to the built-in theme.
 */
static void
ui_load_theme(struct ui *ui, const char *name)
{
	struct gerr err;

	gerr_clear(&err);
	if (strcmp(name, "default") == 0) {
		char *path = theme_find(name, NULL);

		if (path == NULL)
			return;
		free(path);
	}
	if (theme_open(&ui->theme, name, &err) < 0)
		ui_message(ui, UI_MSG_ERROR, "%s (using the built-in theme)",
		    err.msg);
}

/* Sets up the terminal; returns the screen, or NULL with a message. */
static SCREEN *
ui_terminal_init(struct ui *ui)
{
	const char *no_color = getenv("NO_COLOR");
	SCREEN *scr;

	saved_tio_ok = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
	scr = newterm(NULL, stdout, stdin);
	if (scr == NULL) {
		const char *term = getenv("TERM");

		fprintf(stderr, "guild: cannot start the terminal UI for "
		    "TERM=%s (set TERM to your terminal's type, or use the "
		    "subcommands: guild --help)\n",
		    term != NULL ? term : "(unset)");
		return NULL;
	}
	set_term(scr);
	curses_active = 1;
	reset_len = 0;
	reset_add("sgr0");
	reset_add("cnorm");
	reset_add("rmkx");
	reset_add("rmcup");
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	timeout(UI_TICK_MS);
	if (has_colors() && (no_color == NULL || no_color[0] == '\0')) {
		start_color();
		ui->default_colors = use_default_colors() == OK;
		ui->colors = COLORS;
	}
	return scr;
}

int
tui_main(struct client *client, const struct tui_options *opt)
{
	static int atexit_done;
	struct ui ui;
	SCREEN *scr;
	const char *theme = "default";

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "guild: the terminal UI needs a terminal; "
		    "for scripts use the subcommands (guild --help)\n");
		return 1;
	}
	setlocale(LC_ALL, "");
	memset(&ui, 0, sizeof(ui));
	ui.client = client;
	ui.utf8 = locale_is_utf8();
	ui.ascii = !ui.utf8 || (client->cfg != NULL && client->cfg->ascii == 1);
	ui.g = ui.ascii ? &glyphs_ascii : &glyphs_utf8;
	ui.server = ui_clean(&ui, client->server);
	if (client->token == NULL) {
		ui.identity = xstrdup("not logged in");
	} else if (client->username != NULL) {
		ui.identity = ui_clean(&ui, client->username);
	} else {
		ui.identity = xstrdup("...");
		ui.need_me = 1;
	}
	if (opt != NULL && opt->theme != NULL && opt->theme[0] != '\0')
		theme = opt->theme;
	else if (client->cfg != NULL && client->cfg->theme != NULL &&
	    client->cfg->theme[0] != '\0')
		theme = client->cfg->theme;
	theme_init(&ui.theme);
	ui_load_theme(&ui, theme);

	quit_signal = 0;
	signals_install();
	if (!atexit_done) {
		atexit(at_exit_endwin);
		atexit_done = 1;
	}
	scr = ui_terminal_init(&ui);
	if (scr == NULL) {
		signals_restore();
		theme_release(&ui.theme);
		free(ui.server);
		free(ui.identity);
		return 1;
	}
	style_apply(&ui);
	ui_push(&ui, catalog_view_new(&ui));
	ui_run(&ui);

	while (ui.top != NULL) {
		struct view *v = ui.top;

		ui.top = v->below;
		view_free(v);
	}
	endwin();
	curses_active = 0;
	delscreen(scr);
	signals_restore();
	theme_release(&ui.theme);
	free(ui.server);
	free(ui.identity);
	free(ui.msg);
	return ui.exit_code;
}

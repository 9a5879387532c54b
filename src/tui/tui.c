/*
 * The terminal UI: terminal setup and restore, the one-thread event loop
 * (poll over the terminal, a self-pipe for signals and libcurl's sockets,
 * with a timeout for timers), the panes and their view stacks, the tab
 * bar and the status bar, the mouse, and running the link opener. Views
 * live in view-*.c and help.c; shared drawing in draw.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "guild/text.h"
#include "guild/tui.h"
#include "guild/util.h"

#include "ui.h"

/* Milliseconds an info message stays in the status bar. */
#define UI_INFO_MS	5000
/* Milliseconds between spinner frames. */
#define UI_SPIN_MS	100
/* Sockets libcurl may ask us to watch at once. */
#define UI_MAX_NET_FDS	64

static const char *const spinner_utf8[] = {
	"\xe2\xa0\x8b", "\xe2\xa0\x99", "\xe2\xa0\xb9", "\xe2\xa0\xb8",
	"\xe2\xa0\xbc", "\xe2\xa0\xb4", "\xe2\xa0\xa6", "\xe2\xa0\xa7",
	"\xe2\xa0\x87", "\xe2\xa0\x8f", NULL
};
static const char *const spinner_ascii[] = { "|", "/", "-", "\\", NULL };

static const struct ui_glyphs glyphs_utf8 = {
	"\xe2\x94\x80", "\xe2\x94\x82", "\xe2\x94\x8c", "\xe2\x94\x90",
	"\xe2\x94\x94", "\xe2\x94\x98",
	" \xc2\xb7 ",			/* " · " */
	" \xe2\x80\xba ",		/* " › " */
	"\xf0\x9f\x94\x92",		/* 🔒 */
	" \xe2\x80\x94 ",		/* " — " */
	spinner_utf8,
};

static const struct ui_glyphs glyphs_ascii = {
	"-", "|", "+", "+", "+", "+",
	" | ",
	" > ",
	"[locked]",
	" - ",
	spinner_ascii,
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
/* The self-pipe: signal handlers write the signal's number to [1]. */
static int sig_pipe[2] = { -1, -1 };

static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
static const int loop_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH,
    SIGCONT };
static struct sigaction old_fatal[G_NELEM(fatal_signals)];
static struct sigaction old_loop[G_NELEM(loop_signals)];

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

/*
 * Ctrl-C, SIGTERM, SIGHUP (leave the loop and clean up normally),
 * SIGWINCH and SIGCONT: noted, and the loop woken through the pipe.
 */
static void
on_loop_signal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;
	ssize_t G_UNUSED n;

	if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP)
		quit_signal = sig;
	if (sig_pipe[1] >= 0)
		n = write(sig_pipe[1], &b, 1);
	errno = saved;
}

/* Makes the self-pipe, both ends non-blocking and close-on-exec. */
static int
sig_pipe_open(void)
{
	int i;

	if (pipe(sig_pipe) < 0)
		return -1;
	for (i = 0; i < 2; i++) {
		int fl = fcntl(sig_pipe[i], F_GETFL);

		fcntl(sig_pipe[i], F_SETFL, fl | O_NONBLOCK);
		fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	return 0;
}

static void
sig_pipe_close(void)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (sig_pipe[i] >= 0)
			close(sig_pipe[i]);
		sig_pipe[i] = -1;
	}
}

/*
 * Installs the handlers before curses starts, so curses leaves SIGWINCH,
 * SIGINT and SIGTERM to us (it keeps SIGTSTP, which suspends properly).
 */
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
	sa.sa_handler = on_loop_signal;
	for (i = 0; i < G_NELEM(loop_signals); i++)
		sigaction(loop_signals[i], &sa, &old_loop[i]);
}

static void
signals_restore(void)
{
	size_t i;

	for (i = 0; i < G_NELEM(fatal_signals); i++)
		sigaction(fatal_signals[i], &old_fatal[i], NULL);
	for (i = 0; i < G_NELEM(loop_signals); i++)
		sigaction(loop_signals[i], &old_loop[i], NULL);
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

/* ---- Clock and trace ----------------------------------------------- */

long long
ui_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Microseconds of the monotonic clock, for the trace. */
static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static FILE *trace_fp;
static long long trace_start;

int
ui_tracing(void)
{
	return trace_fp != NULL;
}

void
ui_trace(const char *fmt, ...)
{
	va_list ap;

	if (trace_fp == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(trace_fp, fmt, ap);
	va_end(ap);
	fputc('\n', trace_fp);
	fflush(trace_fp);
}

/* Opens $GUILD_TRACE for appending (0600), when set. */
static void
trace_open(void)
{
	const char *path = getenv("GUILD_TRACE");
	int fd;

	trace_start = now_us();
	if (path == NULL || path[0] == '\0')
		return;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	trace_fp = fdopen(fd, "a");
	if (trace_fp == NULL)
		close(fd);
}

static void
trace_close(void)
{
	if (trace_fp != NULL)
		fclose(trace_fp);
	trace_fp = NULL;
}

/* ---- Messages, panes and view stacks ------------------------------- */

void
ui_message(struct ui *ui, enum ui_msg_kind kind, const char *fmt, ...)
{
	va_list ap;
	char text[1024];

	FREE(&ui->msg);
	ui->msg_kind = UI_MSG_NONE;
	ui->dirty = 1;
	if (fmt == NULL || kind == UI_MSG_NONE)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	ui->msg = ui_clean(ui, text);
	ui->msg_kind = kind;
	ui->msg_time = ui_now();
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
view_set_title(struct view *v, const char *title)
{
	FREE(&v->title);
	v->title = xstrdup(title != NULL ? title : "");
}

void
view_destroy(struct view *v)
{
	if (v == NULL)
		return;
	ui_fetch_cancel_owner(v->ui, v);
	FREE(&v->title);
	v->free(v);
}

struct view *
ui_top(struct ui *ui)
{
	struct ui_pane *p;

	if (ui->cur >= ui->npanes)
		return NULL;
	p = &ui->panes[ui->cur];
	if (p->top == NULL) {
		struct view *v = p->entry->create(ui);

		v->ui = ui;
		v->pane = (int)ui->cur;
		v->below = NULL;
		p->top = v;
	}
	return p->top;
}

void
ui_push(struct ui *ui, struct view *v)
{
	struct ui_pane *p = &ui->panes[ui->cur];

	ui_top(ui);
	v->ui = ui;
	v->pane = (int)ui->cur;
	v->below = p->top;
	p->top = v;
	ui->dirty = 1;
}

void
ui_pop(struct ui *ui)
{
	struct ui_pane *p = &ui->panes[ui->cur];
	struct view *v = p->top;

	if (v == NULL || v->below == NULL)
		return;
	p->top = v->below;
	view_destroy(v);
	ui->dirty = 1;
}

int
ui_pane_visible(const struct ui *ui, size_t i)
{
	return i < ui->npanes &&
	    (!ui->panes[i].entry->operator_only || ui->is_operator);
}

void
ui_show_pane(struct ui *ui, size_t i)
{
	if (i >= ui->npanes)
		return;
	if (!ui_pane_visible(ui, i)) {
		ui_message(ui, UI_MSG_INFO, "The %s pane is for operators",
		    ui->panes[i].entry->title);
		return;
	}
	ui->cur = i;
	ui_top(ui);
	ui->dirty = 1;
}

const char *
ui_pane_title(const struct ui *ui, size_t i)
{
	return ui_pane_visible(ui, i) ? ui->panes[i].entry->title : NULL;
}

/* The next visible pane from the shown one, dir +1 or -1. */
static size_t
next_pane(const struct ui *ui, int dir)
{
	size_t i = ui->cur, k;

	for (k = 0; k < ui->npanes; k++) {
		i = (i + ui->npanes + (size_t)(long)dir) % ui->npanes;
		if (ui_pane_visible(ui, i))
			return i;
	}
	return ui->cur;
}

/*
 * The request whose "what" the status bar shows: the top view's, else
 * another of the pane shown, else any.
 */
static const struct ui_fetch *
busy_fetch(const struct ui *ui)
{
	const struct view *top = ui->panes[ui->cur].top;
	const struct ui_fetch *f, *pane = NULL;

	for (f = ui->fetches; f != NULL; f = f->next) {
		if (f->owner != NULL && f->owner == top)
			return f;
		if (pane == NULL && f->owner != NULL &&
		    f->owner->pane == (int)ui->cur)
			pane = f;
	}
	return pane != NULL ? pane : ui->fetches;
}

/* ---- Drawing the frame --------------------------------------------- */

/*
 * Writes " (N)" for a tab that carries a count (the Inbox's unread
 * notifications) into buf when given; returns the count, 0 for none.
 */
static int64_t
tab_count(const struct ui *ui, size_t i, char *buf, size_t bufsz)
{
	int64_t n = strcmp(ui->panes[i].entry->name, "inbox") == 0 ?
	    ui->unread : 0;

	if (buf != NULL && bufsz > 0) {
		buf[0] = '\0';
		if (n > 0)
			snprintf(buf, bufsz, n > 99 ? " (99+)" : " (%lld)",
			    (long long)n);
	}
	return n > 0 ? n : 0;
}

/* The widest title of a visible tab. */
static int
tabs_widest(const struct ui *ui)
{
	size_t i;
	int tw, widest = 0;

	for (i = 0; i < ui->npanes; i++) {
		if (!ui_pane_visible(ui, i))
			continue;
		tw = text_width(ui->panes[i].entry->title);
		if (tw > widest)
			widest = tw;
	}
	return widest;
}

/* Columns the visible tabs take with inactive titles cut to cut. */
static int
tabs_need(const struct ui *ui, int cut)
{
	size_t i;
	int tw, need = 0;

	for (i = 0; i < ui->npanes; i++) {
		if (!ui_pane_visible(ui, i))
			continue;
		tw = text_width(ui->panes[i].entry->title);
		need += (i == ui->cur || tw < cut ? tw : cut) + 5 +
		    (tab_count(ui, i, NULL, 0) > 0 ? 6 : 0);
	}
	return need;
}

/*
 * The top line: the tabs of the panes (the shown one highlighted), the
 * titles of the views opened in it, and the help key on the right.
 */
static void
draw_tabs(struct ui *ui, int y, int w)
{
	struct view *stack[32];
	size_t n = 0, i;
	struct view *v;
	char help[64], keys[48];
	int x, hw, end, cut = 0, crumbs = 0, brand;

	for (v = ui->panes[ui->cur].top; v != NULL && n < G_NELEM(stack);
	    v = v->below) {
		if (!v->overlay)
			stack[n++] = v;
	}
	ui_fill(ui, y, 0, w, THEME_TITLE);
	keys_for_action(ACT_HELP, keys, sizeof(keys));
	/* Only the first key, "? help". */
	keys[strcspn(keys, ",")] = '\0';
	snprintf(help, sizeof(help), "%s help ", keys);
	hw = keys[0] != '\0' ? text_width(help) : 0;
	if (hw > w / 3)
		hw = 0;
	end = w - hw - 1;
	/*
	 * The titles of the views above the pane's first (the crumbs) keep
	 * up to half the line; then the "Guild" brand goes, then inactive
	 * tabs' titles shrink (to no fewer than 3 columns), and last they
	 * become bare numbers.
	 */
	for (i = n > 0 ? n - 1 : 0; i-- > 0;)
		crumbs += text_width(ui->g->crumb) + text_width(
		    stack[i]->title != NULL ? stack[i]->title : stack[i]->name);
	if (crumbs > end / 2)
		crumbs = end / 2;
	if (n > 1 && crumbs < 12)
		crumbs = 12;
	for (brand = w >= 60; brand >= 0; brand--) {
		x = brand ? 8 : 1;
		for (cut = tabs_widest(ui); cut >= 3; cut--)
			if (x + tabs_need(ui, cut) <= end - crumbs)
				break;
		if (cut >= 3)
			break;
	}
	if (brand < 0) {
		brand = w >= 60;
		x = brand ? 8 : 1;
	}
	if (brand)
		ui_puts(ui, y, 1, end - 1, "Guild", THEME_TITLE);
	for (i = 0; i < ui->npanes && x < end; i++) {
		char label[96], count[24];
		int active = i == ui->cur;

		if (!ui_pane_visible(ui, i))
			continue;
		tab_count(ui, i, count, sizeof(count));
		if (cut >= 3 || active) {
			const char *t = ui->panes[i].entry->title;
			size_t tb = active ? strlen(t) :
			    text_prefix_bytes(t, cut);

			snprintf(label, sizeof(label), " %zu %.*s%s ", i + 1,
			    (int)tb, t, count);
		} else
			snprintf(label, sizeof(label), " %zu%s ", i + 1, count);
		ui->panes[i].tab_x = x;
		ui->panes[i].tab_w = ui_puts(ui, y, x, end - x, label,
		    active ? THEME_TAB_ACTIVE : THEME_TAB);
		x += ui->panes[i].tab_w + 1;
	}
	/* The pane's first view is its tab; the titles of those above it. */
	for (i = n > 0 ? n - 1 : 0; i-- > 0 && x < end;) {
		x += ui_puts(ui, y, x, end - x, ui->g->crumb, THEME_DIM);
		x += ui_puts(ui, y, x, end - x,
		    stack[i]->title != NULL ? stack[i]->title : stack[i]->name,
		    THEME_TITLE);
	}
	if (hw > 0)
		ui_put_right(ui, y, w - hw, hw, help, THEME_DIM);
}

/*
 * Status bar: the message on the left (errors in the error style), or
 * else the view's own line (a prompt or the filter); on the right the
 * spinner and what is loading, "offline", the user and the server. The
 * message wins when space is short. Returns the column of the text
 * cursor when the view is editing, else -1.
 */
static int
draw_status(struct ui *ui, int y, int w)
{
	const struct ui_fetch *busy = busy_fetch(ui);
	struct view *v = ui_top(ui);
	const char *spin = NULL;
	char line[512], standing[64] = "", *rest, *left = NULL;
	enum theme_elem le = THEME_STATUS;
	int rw, sw = 0, lw = 0, x = 0, editing = 0, cursor = -1;

	if (busy != NULL) {
		unsigned nframes = 0;

		while (ui->g->spinner[nframes] != NULL)
			nframes++;
		spin = ui->g->spinner[ui->spin % nframes];
		sw = text_width(spin);
	}
	if (ui->have_points)
		snprintf(standing, sizeof(standing), "%lld pts L%lld%s",
		    (long long)ui->my_points, (long long)ui->my_level,
		    ui->g->sep);
	rest = xasprintf("%s%s%s%s%s%s%s%s%s ", busy != NULL ? " " : "",
	    busy != NULL ? (busy->what != NULL ? busy->what : "Loading") : "",
	    busy != NULL ? ui->g->sep : "",
	    ui->client->offline ? "offline" : "",
	    ui->client->offline ? ui->g->sep : "",
	    standing, ui->identity, ui->g->sep, ui->server);
	if (ui->msg != NULL) {
		left = xstrdup(ui->msg);
		le = ui->msg_kind == UI_MSG_ERROR ? THEME_ERROR : THEME_STATUS;
	} else if (v != NULL && v->status != NULL &&
	    v->status(v, line, sizeof(line), &editing)) {
		left = ui_clean(ui, line);
		le = THEME_FILTER;
	}
	rw = sw + text_width(rest);
	if (left != NULL)
		lw = text_width(left) + 2 + (editing ? 1 : 0);
	if (lw + rw > w)
		rw = w - lw >= 16 ? w - lw : 0;
	ui_fill(ui, y, 0, w, THEME_STATUS);
	if (left != NULL) {
		x = ui_puts(ui, y, 0, w - rw, " ", le);
		x += ui_puts(ui, y, x, w - rw - x, left, le);
		if (editing)
			cursor = x < w - rw ? x : -1;
		x += ui_puts(ui, y, x, w - rw - x, editing ? "  " : " ", le);
	}
	if (rw > 0) {
		int rx = w - rw;

		if (spin != NULL && rw > sw) {
			ui_puts(ui, y, rx, sw, spin, THEME_SPINNER);
			rx += sw;
		}
		ui_put_right(ui, y, rx, w - rx, rest, THEME_STATUS);
	}
	free(rest);
	free(left);
	return cursor;
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
	static int first_frame = 1, first_rows = 1;
	struct view *v = ui_top(ui);
	int cursor = -1;

	ui->dirty = 0;
	erase();
	if (LINES < 3 || COLS < 20) {
		ui_put(ui, 0, 0, COLS, "Terminal too small", THEME_ERROR);
	} else {
		if (v != NULL)
			draw_view(v, 1, 0, LINES - 2, COLS);
		/* After the view: its draw may start a fetch the bars show. */
		draw_tabs(ui, 0, COLS);
		cursor = draw_status(ui, LINES - 1, COLS);
	}
	if (cursor >= 0) {
		move(LINES - 1, cursor);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
	if (trace_fp != NULL && first_frame) {
		first_frame = 0;
		ui_trace("first-frame %.3f", (now_us() - trace_start) / 1e3);
	}
	if (trace_fp != NULL && first_rows && ui->rows_shown) {
		first_rows = 0;
		ui_trace("first-rows %.3f", (now_us() - trace_start) / 1e3);
	}
}

/* ---- Keys and the mouse -------------------------------------------- */

/* Gives action a to the view on top, then handles what it left. */
static void
ui_action(struct ui *ui, enum action a, int key)
{
	struct view *v = ui_top(ui);

	if (v != NULL && v->key(v, a, key))
		return;
	switch (a) {
	case ACT_QUIT:
		ui->quit = 1;
		break;
	case ACT_CANCEL:
		/* Esc: stop what is loading, or else go back. */
		if (ui_fetch_cancel_pane(ui, (int)ui->cur) > 0) {
			ui_message(ui, UI_MSG_INFO, "Canceled");
			break;
		}
		if (v != NULL && v->key(v, ACT_BACK, key))
			break;
		ui_pop(ui);
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
	case ACT_NEXT_PANE:
		ui_show_pane(ui, next_pane(ui, 1));
		break;
	case ACT_PREV_PANE:
		ui_show_pane(ui, next_pane(ui, -1));
		break;
	case ACT_PANE_1: case ACT_PANE_2: case ACT_PANE_3:
	case ACT_PANE_4: case ACT_PANE_5: case ACT_PANE_6:
	case ACT_PANE_7: case ACT_PANE_8: case ACT_PANE_9:
		if ((size_t)(a - ACT_PANE_1) < ui->npanes)
			ui_show_pane(ui, (size_t)(a - ACT_PANE_1));
		else
			ui_message(ui, UI_MSG_INFO, "There is no pane %d",
			    (int)(a - ACT_PANE_1) + 1);
		break;
	default:
		break;
	}
}

/*
 * A mouse event: the wheel scrolls the view, a click on a tab shows its
 * pane, other clicks go to the view.
 */
static void
ui_mouse(struct ui *ui)
{
	MEVENT ev;
	struct view *v;
	size_t i;
	int k;

	if (getmouse(&ev) != OK)
		return;
#ifdef BUTTON5_PRESSED
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		enum action a = ev.bstate & BUTTON4_PRESSED ? ACT_UP : ACT_DOWN;

		for (k = 0; k < 3; k++)
			ui_action(ui, a, 0);
		return;
	}
#else
	(void)k;
#endif
	if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
		return;
	if (ev.y == 0) {
		for (i = 0; i < ui->npanes; i++) {
			const struct ui_pane *p = &ui->panes[i];

			if (ev.x >= p->tab_x && ev.x < p->tab_x + p->tab_w)
				ui_show_pane(ui, i);
		}
		return;
	}
	v = ui_top(ui);
	if (v != NULL && v->mouse != NULL)
		v->mouse(v, ev.y, ev.x, ev.bstate);
}

/* Reads every key waiting (curses is in nodelay mode); returns how many. */
static size_t
ui_read_keys(struct ui *ui)
{
	size_t n = 0;

	for (;;) {
		int key = getch();

		if (key == ERR)
			break;
		ui->dirty = 1;
		if (key == KEY_RESIZE)
			continue;
		n++;
		if (key == KEY_MOUSE)
			ui_mouse(ui);
		else
			ui_action(ui, keys_action(key), key);
		if (ui->quit || quit_signal != 0)
			break;
	}
	return n;
}

/* ---- Signals, timers and the loop ---------------------------------- */

/* Takes the terminal's size after SIGWINCH or SIGCONT. */
static void
ui_resize(struct ui *ui)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	ui->dirty = 1;
}

/* Drains the self-pipe and acts on the signals it carried. */
static void
ui_signals(struct ui *ui)
{
	unsigned char b[64];
	ssize_t n, i;

	for (;;) {
		n = read(sig_pipe[0], b, sizeof(b));
		if (n <= 0)
			break;
		for (i = 0; i < n; i++) {
			if (b[i] == SIGWINCH) {
				ui_resize(ui);
			} else if (b[i] == SIGCONT) {
				ui_resize(ui);
				clearok(curscr, TRUE);
			}
		}
	}
}

/* Calls fn on every view of every pane's stack. */
static void
each_view(struct ui *ui, void (*fn)(struct view *, void *), void *arg)
{
	size_t i;

	for (i = 0; i < ui->npanes; i++) {
		struct view *v = ui->panes[i].top;

		while (v != NULL) {
			struct view *below = v->below;

			fn(v, arg);
			v = below;
		}
	}
}

/* Runs the tick of a view whose time has come. */
static void
tick_one(struct view *v, void *arg)
{
	long long now = *(long long *)arg;

	if (v->wake == 0 || v->wake > now || v->tick == NULL)
		return;
	v->wake = 0;
	v->tick(v, now);
	v->ui->dirty = 1;
}

/* Lowers *when to the view's wake time. */
static void
earliest_wake(struct view *v, void *arg)
{
	long long *when = arg;

	if (v->wake != 0 && (*when == 0 || v->wake < *when))
		*when = v->wake;
}

/* The background tasks: the member's standing, the unread count. */
static const struct {
	void		(*start)(struct ui *);
	long long	(*tick)(struct ui *, long long);
	void		(*free)(struct ui *);
} backgrounds[] = {
	{ standing_start, standing_tick, standing_free },
	{ inbox_poll_start, inbox_poll_tick, inbox_poll_free },
};

/* Runs the background tasks whose time has come. */
static void
ui_background(struct ui *ui, long long now)
{
	size_t i;

	for (i = 0; i < G_NELEM(backgrounds); i++) {
		if (ui->bg_wake[i] == 0 || ui->bg_wake[i] > now)
			continue;
		ui->bg_wake[i] = backgrounds[i].tick(ui, now);
		ui->dirty = 1;
	}
}

/* The spinner, the message fade and the views' timers. */
static void
ui_timers(struct ui *ui, long long now)
{
	if (ui->fetches != NULL && now - ui->spin_time >= UI_SPIN_MS) {
		ui->spin++;
		ui->spin_time = now;
		ui->dirty = 1;
	}
	if (ui->msg_kind == UI_MSG_INFO && now - ui->msg_time >= UI_INFO_MS)
		ui_message(ui, UI_MSG_NONE, NULL);
	each_view(ui, tick_one, &now);
	ui_background(ui, now);
}

/* Milliseconds poll may sleep before a timer is due; -1 for none. */
static int
ui_timeout(struct ui *ui, long long now)
{
	long long when = 0, t = -1;
	size_t i;

	if (ui->fetches != NULL)
		t = ui->spin_time + UI_SPIN_MS - now;
	if (ui->msg_kind == UI_MSG_INFO) {
		long long f = ui->msg_time + UI_INFO_MS - now;

		if (t < 0 || f < t)
			t = f;
	}
	each_view(ui, earliest_wake, &when);
	for (i = 0; i < G_NELEM(backgrounds); i++)
		if (ui->bg_wake[i] != 0 && (when == 0 || ui->bg_wake[i] < when))
			when = ui->bg_wake[i];
	if (when != 0 && (t < 0 || when - now < t))
		t = when - now;
	if (t < 0 && (ui->fetches != NULL || when != 0 ||
	    ui->msg_kind == UI_MSG_INFO))
		t = 0;
	return t > 60000 ? 60000 : (int)t;
}

/*
 * The loop: draw when something changed, then sleep in poll() until the
 * terminal has keys, a signal arrives, a socket of libcurl is ready or a
 * timer is due; then let libcurl work (done functions update views) and
 * read every key waiting before drawing once.
 */
static void
ui_run(struct ui *ui)
{
	struct pollfd fds[2 + UI_MAX_NET_FDS];

	ui->dirty = 1;
	while (!ui->quit) {
		long long t0;
		size_t nkeys;
		int timeout, nnet, n;

		if (quit_signal != 0) {
			ui->exit_code = 128 + (int)quit_signal;
			break;
		}
		ui_timers(ui, ui_now());
		if (ui->dirty)
			ui_draw(ui);
		timeout = ui_timeout(ui, ui_now());
		fds[0].fd = STDIN_FILENO;
		fds[0].events = POLLIN;
		fds[0].revents = 0;
		fds[1].fd = sig_pipe[0];
		fds[1].events = POLLIN;
		fds[1].revents = 0;
		nnet = net_poll_fds(ui->client->net, fds + 2, UI_MAX_NET_FDS,
		    &timeout);
		n = poll(fds, (nfds_t)(2 + nnet), timeout);
		if (n < 0 && errno != EINTR) {
			ui_message(ui, UI_MSG_ERROR, "poll: %s", strerror(errno));
			ui->exit_code = 1;
			break;
		}
		if (n > 0 && (fds[1].revents & POLLIN))
			ui_signals(ui);
		net_perform(ui->client->net, fds + 2, n > 0 ? nnet : 0);
		if (n > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) &&
		    !(fds[0].revents & POLLIN)) {
			/* The terminal went away. */
			ui->exit_code = 1;
			break;
		}
		/* Keys wait in the terminal, or a resize queued KEY_RESIZE. */
		if (n <= 0 || !(fds[0].revents & POLLIN || fds[1].revents &
		    POLLIN))
			continue;
		t0 = trace_fp != NULL ? now_us() : 0;
		nkeys = ui_read_keys(ui);
		if (nkeys > 0 && trace_fp != NULL) {
			double per;
			size_t i;

			if (ui->dirty && !ui->quit)
				ui_draw(ui);
			per = (now_us() - t0) / 1e3 / (double)nkeys;
			for (i = 0; i < nkeys; i++)
				ui_trace("key %.3f", per);
		}
	}
	if (quit_signal != 0 && ui->exit_code == 0)
		ui->exit_code = 128 + (int)quit_signal;
}

/* ---- The link opener ----------------------------------------------- */

/* Leaves curses for the terminal's own screen. */
static void
ui_suspend(void)
{
	def_prog_mode();
	endwin();
	fflush(stdout);
}

/* Back to curses after ui_suspend, repainting everything. */
static void
ui_resume(struct ui *ui)
{
	reset_prog_mode();
	clearok(curscr, TRUE);
	ui_resize(ui);
	refresh();
	ui->dirty = 1;
}

void
ui_open_url(struct ui *ui, const char *url)
{
	const char *browser = ui->cfg->browser != NULL &&
	    ui->cfg->browser[0] != '\0' ? ui->cfg->browser : "xdg-open";
	char *words = xstrdup(browser), *argv[34], *p = words;
	size_t argc = 0;
	pid_t pid;
	int status = 0, rc;

	/* The opener's words (no shell, no quoting), then the URL. */
	while (argc < G_NELEM(argv) - 2) {
		p += strspn(p, " \t");
		if (*p == '\0')
			break;
		argv[argc++] = p;
		p += strcspn(p, " \t");
		if (*p != '\0')
			*p++ = '\0';
	}
	if (argc == 0)
		argv[argc++] = (char *)"xdg-open";
	argv[argc++] = (char *)url;
	argv[argc] = NULL;
	ui_suspend();
	pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid > 0) {
		do {
			rc = waitpid(pid, &status, 0);
		} while (rc < 0 && errno == EINTR);
	}
	ui_resume(ui);
	if (pid < 0)
		ui_message(ui, UI_MSG_ERROR, "cannot start %s: %s", argv[0],
		    strerror(errno));
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		ui_message(ui, UI_MSG_ERROR, "cannot run '%s' (set browser in "
		    "[ui] of guild.conf(5))", argv[0]);
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		ui_message(ui, UI_MSG_ERROR, "%s exited with status %d",
		    argv[0], WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		ui_message(ui, UI_MSG_ERROR, "%s was killed by signal %d",
		    argv[0], WTERMSIG(status));
	else
		ui_message(ui, UI_MSG_INFO, "Opened with %s", argv[0]);
	free(words);
}

void
ui_print_url(struct ui *ui, const char *label, const char *url)
{
	char *safe_label = ui_clean(ui, label), *safe = ui_clean(ui, url);
	unsigned char c;

	ui_suspend();
	printf("\n%s\n\n%s\n\n(select it to copy it; press Enter to go back "
	    "to guild)\n", safe_label, safe);
	fflush(stdout);
	for (;;) {
		ssize_t n = read(STDIN_FILENO, &c, 1);

		if (n < 0 && errno == EINTR && quit_signal == 0)
			continue;
		if (n <= 0 || c == '\n' || c == '\r')
			break;
	}
	ui_resume(ui);
	free(safe_label);
	free(safe);
}

/* ---- Who is logged in ---------------------------------------------- */

/* Sets the identity in the status bar from a GET /me body. */
static void
ui_take_me(struct ui *ui, json_t *body)
{
	struct user u;
	struct gerr err;

	memset(&u, 0, sizeof(u));
	if (user_from_json(body, &u, &err) == 0 && u.username != NULL) {
		FREE(&ui->identity);
		ui->identity = ui_clean(ui, u.username);
		ui->is_operator = u.role == ROLE_OPERATOR;
		ui->dirty = 1;
	}
	user_release(&u);
}

/* The answer to GET /me for the status bar. */
static void
ui_me_done(void *arg, json_t *body, const struct gerr *err, unsigned flags)
{
	struct ui *ui = arg;

	(void)flags;
	if (body != NULL) {
		ui_take_me(ui, body);
		return;
	}
	FREE(&ui->identity);
	ui->identity = xstrdup(err->kind == GERR_AUTH ? "not logged in" :
	    "user unknown");
	ui_error(ui, err->kind == GERR_AUTH ? "login" : NULL, err);
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

/* Applies the [keys] lines of the config; a bad one is reported. */
static void
ui_load_keys(struct ui *ui)
{
	struct gerr err;
	size_t bad;

	keys_reset();
	gerr_clear(&err);
	bad = keys_apply(ui->cfg->binds, ui->cfg->nbinds, &err);
	if (bad == 1)
		ui_message(ui, UI_MSG_ERROR, "%s", err.msg);
	else if (bad > 1)
		ui_message(ui, UI_MSG_ERROR, "%s (and %zu more bad bind lines)",
		    err.msg, bad - 1);
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
	nodelay(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	if (ui->cfg->mouse) {
		mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
		    | BUTTON5_PRESSED
#endif
		    , NULL);
		mouseinterval(0);
	}
	if (has_colors() && (no_color == NULL || no_color[0] == '\0')) {
		start_color();
		ui->default_colors = use_default_colors() == OK;
		ui->colors = COLORS;
	}
	return scr;
}

/* Frees every pane's views, the UI's own request and strings. */
static void
ui_release(struct ui *ui)
{
	size_t i;

	for (i = 0; i < ui->npanes; i++) {
		while (ui->panes[i].top != NULL) {
			struct view *v = ui->panes[i].top;

			ui->panes[i].top = v->below;
			view_destroy(v);
		}
	}
	ui_fetch_cancel(&ui->me);
	for (i = 0; i < G_NELEM(backgrounds); i++)
		backgrounds[i].free(ui);
	theme_release(&ui->theme);
	FREE(&ui->server);
	FREE(&ui->identity);
	FREE(&ui->msg);
}

int
tui_main(struct client *client, const struct tui_options *opt)
{
	static int atexit_done;
	static struct config no_config;
	struct ui ui;
	SCREEN *scr;
	const char *theme = "default";
	size_t i;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "guild: the terminal UI needs a terminal; "
		    "for scripts use the subcommands (guild --help)\n");
		return 1;
	}
	trace_open();
	setlocale(LC_ALL, "");
	memset(&ui, 0, sizeof(ui));
	ui.client = client;
	ui.cfg = client->cfg != NULL ? client->cfg : &no_config;
	ui.utf8 = locale_is_utf8();
	ui.ascii = !ui.utf8 || ui.cfg->ascii == 1;
	ui.g = ui.ascii ? &glyphs_ascii : &glyphs_utf8;
	ui.server = ui_clean(&ui, client->server);
	ui_fetch_init(&ui.me, &ui, NULL, ui_me_done, &ui);
	if (client->token == NULL) {
		ui.identity = xstrdup("not logged in");
	} else {
		/* The role (for operator panes) comes from GET /me. */
		json_t *me = api_cached(client, "/api/v1/me");

		ui.identity = client->username != NULL ?
		    ui_clean(&ui, client->username) : xstrdup("...");
		if (me != NULL) {
			ui_take_me(&ui, me);
			json_decref(me);
		}
		ui_fetch_get(&ui.me, "/api/v1/me", "Checking the login");
	}
	if (opt != NULL && opt->theme != NULL && opt->theme[0] != '\0')
		theme = opt->theme;
	else if (ui.cfg->theme != NULL && ui.cfg->theme[0] != '\0')
		theme = ui.cfg->theme;
	theme_init(&ui.theme);
	ui_load_keys(&ui);
	ui_load_theme(&ui, theme);
	for (i = 0; i < pane_count && i < UI_MAX_PANES; i++)
		ui.panes[i].entry = &pane_table[i];
	ui.npanes = i;

	quit_signal = 0;
	if (sig_pipe_open() < 0) {
		fprintf(stderr, "guild: cannot make a pipe: %s\n",
		    strerror(errno));
		ui_release(&ui);
		trace_close();
		return 1;
	}
	signals_install();
	if (!atexit_done) {
		atexit(at_exit_endwin);
		atexit_done = 1;
	}
	scr = ui_terminal_init(&ui);
	if (scr == NULL) {
		signals_restore();
		sig_pipe_close();
		ui_release(&ui);
		trace_close();
		return 1;
	}
	style_apply(&ui);
	ui_show_pane(&ui, 0);
	ui.unread = -1;
	for (i = 0; i < G_NELEM(backgrounds); i++) {
		backgrounds[i].start(&ui);
		ui.bg_wake[i] = ui_now();
	}
	ui_run(&ui);

	ui_release(&ui);
	endwin();
	curses_active = 0;
	delscreen(scr);
	signals_restore();
	sig_pipe_close();
	keys_reset();
	trace_close();
	return ui.exit_code;
}

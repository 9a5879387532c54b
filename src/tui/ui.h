/*
 * The terminal UI's private interface: the application state, the panes
 * and their view stacks, asynchronous fetches, the key table and the
 * drawing helpers every view shares. Only src/tui includes this (it
 * pulls in curses).
 */
#ifndef GUILD_TUI_UI_H
#define GUILD_TUI_UI_H

#include <curses.h>
#include <stddef.h>
#include <time.h>

#include "guild/api.h"
#include "guild/markdown.h"

#include "theme.h"

/* ---- Keys ---------------------------------------------------------- */

/* What a key does; views act on these, never on raw key codes. */
enum action {
	ACT_NONE = 0,
	ACT_DOWN,
	ACT_UP,
	ACT_PAGE_DOWN,
	ACT_PAGE_UP,
	ACT_TOP,
	ACT_BOTTOM,
	ACT_OPEN,
	ACT_BACK,
	ACT_CANCEL,
	ACT_RELOAD,
	ACT_FILTER,
	ACT_SEARCH_NEXT,
	ACT_SEARCH_PREV,
	ACT_LINKS,
	ACT_COPY,
	ACT_NEXT_PANE,
	ACT_PREV_PANE,
	ACT_PANE_1,
	ACT_PANE_2,
	ACT_PANE_3,
	ACT_PANE_4,
	ACT_PANE_5,
	ACT_PANE_6,
	ACT_PANE_7,
	ACT_PANE_8,
	ACT_PANE_9,
	ACT_HELP,
	ACT_REDRAW,
	ACT_QUIT,
	ACT_COUNT
};

#define KEY_CTRL(c)	((c) & 0x1f)
#define KEY_ESCAPE	27

/* The action bound to key, ACT_NONE when there is none. */
enum action	 keys_action(int key);
/* Short name of an action ("page-down"), as `bind` spells it. */
const char	*action_name(enum action);
/* The action called name; 0, or -1 when there is none. */
int		 action_parse(const char *name, enum action *out);
/* One line saying what the action does, for the help overlay. */
const char	*action_help(enum action);
/* The keys bound to action, "j, Down", into out (always terminated). */
char		*keys_for_action(enum action, char *out, size_t outsz);
/* A key's printable name ("Enter", "C-f", "PgDn", "q") into out. */
char		*keys_name(int key, char *out, size_t outsz);
/*
 * The key code of a key name as keys_name writes it (also "Escape",
 * "Return", "PageDown", "BackTab", ...; names of more than one letter in
 * any case). 0, or -1 when the name means no key.
 */
int		 keys_parse(const char *name, int *key);
/* Puts the default key table back. */
void		 keys_reset(void);
/*
 * Binds key to action, replacing what key did; ACT_NONE unbinds it.
 * Keys with several codes (Enter is '\n', '\r' and KEY_ENTER;
 * Backspace is KEY_BACKSPACE and DEL) are bound as one.
 */
void		 keys_bind(int key, enum action);
/*
 * Applies the `bind KEY ACTION` lines of the configuration (action
 * "none" unbinds). Bad lines are skipped; returns how many there were,
 * with the first one's message in err: "FILE:LINE: unknown action 'foo'
 * (...)".
 */
size_t		 keys_apply(const struct config_bind *, size_t n,
		    struct gerr *err);

/* ---- Views --------------------------------------------------------- */

struct ui;

/*
 * A view on a pane's stack. Concrete views embed this as their first
 * member. draw paints the rectangle it is given; key handles an action
 * (key is the raw code, for text input) and returns 1 when it did (0
 * passes it to the global handler); the optional hooks: mouse handles a
 * click or wheel at screen y,x (1 when it did), tick runs once the
 * monotonic clock reaches wake (ms; 0 for none), status writes the
 * view's own status-bar line (a prompt, a filter) and returns 1 when it
 * has one. free releases the view; requests it started are canceled
 * before free runs (see view_destroy). Data arrives through the done
 * functions of the view's fetches (struct ui_fetch).
 */
struct view {
	const char	*name;		/* "catalog", "course", "help" */
	struct ui	*ui;
	struct view	*below;		/* the next view down the stack */
	int		 pane;		/* index of the pane it belongs to */
	char		*title;		/* sanitized, for the title bar */
	int		 overlay;	/* drawn over the view below it */
	long long	 wake;		/* when tick wants to run, 0 never */
	void		(*draw)(struct view *, int y, int x, int h, int w);
	int		(*key)(struct view *, enum action, int key);
	int		(*mouse)(struct view *, int y, int x, mmask_t);
	void		(*tick)(struct view *, long long now);
	int		(*status)(struct view *, char *buf, size_t bufsz,
			    int *editing);
	void		(*free)(struct view *);
};

/* Pushes v (now owned by the stack) on top of the pane shown. */
void		 ui_push(struct ui *, struct view *);
/* Pops and frees the top view of the pane shown; the last one stays. */
void		 ui_pop(struct ui *);
/* The top view of the pane shown (made on first use), or NULL. */
struct view	*ui_top(struct ui *);
/* Sets v's title from sanitized text (copied). */
void		 view_set_title(struct view *, const char *);
/* Cancels v's requests and frees it; for views not on a stack too. */
void		 view_destroy(struct view *);

struct view	*catalog_view_new(struct ui *);
/*
 * The detail of course id (title, sanitized, shown while it loads).
 * A preview is drawn beside a list: no keys, a frame of its own.
 */
struct view	*course_view_new(struct ui *, int64_t id, const char *title,
		    int preview);
/* The id of the course a course view shows. */
int64_t		 course_view_id(const struct view *);
struct view	*profile_view_new(struct ui *);
struct view	*help_view_new(struct ui *);
/*
 * The link list of a text: urls (sanitized, copied) numbered from 1;
 * Enter confirms and opens one, the copy key prints it in full.
 */
struct view	*links_view_new(struct ui *, char *const *urls, size_t n);

/* ---- Panes (panes.c) ----------------------------------------------- */

/* A pane of the tab bar: one entry each in the table in panes.c. */
struct pane_entry {
	const char	*name;		/* "catalog" */
	const char	*title;		/* "Catalog", on its tab */
	struct view	*(*create)(struct ui *);	/* its first view */
};

extern const struct pane_entry	pane_table[];
extern const size_t		pane_count;

#define UI_MAX_PANES	9

/* ---- Asynchronous fetches (fetch.c) -------------------------------- */

/*
 * One request a view (or the UI) makes, embedded in its owner. The
 * answer goes to done(arg, ...) through the event loop, which then
 * redraws; freeing the owner cancels it (view_destroy), so done never
 * runs on freed memory. Esc cancels the requests of the pane shown.
 */
struct ui_fetch {
	struct ui	*ui;
	struct view	*owner;		/* NULL for the UI's own */
	api_done_fn	*done;
	void		*arg;
	struct api_req	*req;		/* in flight, or NULL */
	const char	*what;		/* "Loading courses", static */
	int		 canceled;	/* the last one was canceled */
	struct ui_fetch	*next;		/* the UI's list of those in flight */
};

void		 ui_fetch_init(struct ui_fetch *, struct ui *,
		    struct view *owner, api_done_fn *, void *arg);
/*
 * Starts GET path (which may be answered from the cache first: see
 * api_get_async), canceling the request in flight if any. what says in
 * the status bar what is loading.
 */
void		 ui_fetch_get(struct ui_fetch *, const char *path,
		    const char *what);
/* Cancels the request in flight, if any; done is not called. */
void		 ui_fetch_cancel(struct ui_fetch *);
/* 1 while a request is in flight. */
int		 ui_fetch_busy(const struct ui_fetch *);
/* Cancels every request of owner. */
void		 ui_fetch_cancel_owner(struct ui *, struct view *owner);
/*
 * Cancels the requests of the views of pane (the user pressed Esc),
 * marking each canceled; returns how many there were.
 */
size_t		 ui_fetch_cancel_pane(struct ui *, int pane);
/* 1 when a view of pane has a request in flight. */
int		 ui_fetch_pane_busy(const struct ui *, int pane);
/* Percent-encodes s for a query value; caller frees. */
char		*ui_url_escape(const char *s);

/* ---- The application ----------------------------------------------- */

/* Glyphs that differ between UTF-8 and ASCII terminals. */
struct ui_glyphs {
	const char	*hline, *vline, *tl, *tr, *bl, *br;
	const char	*sep;		/* between fields: " · " */
	const char	*crumb;		/* between titles: " › " */
	const char	*lock;		/* a locked lesson */
	const char	*dash;		/* " — " */
	const char	*const *spinner;	/* frames, NULL-terminated */
};

enum ui_msg_kind {
	UI_MSG_NONE = 0,
	UI_MSG_INFO,	/* fades after a few seconds */
	UI_MSG_ERROR	/* stays until the next message */
};

/* A pane: its tab and its own view stack. */
struct ui_pane {
	const struct pane_entry	*entry;
	struct view		*top;		/* NULL until first shown */
	int			 tab_x, tab_w;	/* its tab at the last draw */
};

struct ui {
	struct client		*client;
	struct config		*cfg;		/* never NULL */
	struct theme		 theme;
	attr_t			 attr[THEME_ELEM_COUNT];
	int			 utf8;		/* the locale can show UTF-8 */
	int			 ascii;		/* ASCII glyphs */
	int			 colors;	/* colors in use; 0 for mono */
	int			 default_colors; /* -1 works as a color */
	const struct ui_glyphs	*g;
	struct ui_pane		 panes[UI_MAX_PANES];
	size_t			 npanes;
	size_t			 cur;		/* the pane shown */
	char			*server;	/* sanitized base URL */
	char			*identity;	/* sanitized user or "not logged in" */
	struct ui_fetch		 me;		/* who the token belongs to */
	char			*msg;		/* sanitized, or NULL */
	enum ui_msg_kind	 msg_kind;
	long long		 msg_time;	/* ms */
	struct ui_fetch		*fetches;	/* in flight */
	unsigned		 spin;		/* spinner frame */
	long long		 spin_time;
	int			 dirty;		/* redraw before waiting */
	int			 rows_shown;	/* a list has drawn rows */
	int			 quit;
	int			 exit_code;
};

/* Milliseconds of a monotonic clock. */
long long	 ui_now(void);
/*
 * Sets the status message (any text: it is sanitized here), or clears
 * it when fmt is NULL.
 */
void		 ui_message(struct ui *, enum ui_msg_kind, const char *fmt, ...)
		    G_PRINTF(3, 4);
/* Shows the error of a failed call, after what was being done if any. */
void		 ui_error(struct ui *, const char *doing, const struct gerr *);
/* Switches to pane i (0-based); its first view is made when needed. */
void		 ui_show_pane(struct ui *, size_t i);
/* Title of pane i, or NULL when there is none. */
const char	*ui_pane_title(const struct ui *, size_t i);
/*
 * Opens url (sanitized) with the configured opener ([ui] browser, split
 * at blanks, the URL one more argument; never a shell) while curses is
 * suspended. Says in the status bar what went wrong, if anything.
 */
void		 ui_open_url(struct ui *, const char *url);
/*
 * Prints url in full on the terminal's own screen (curses suspended), so
 * it can be selected and copied, until the user presses Enter.
 */
void		 ui_print_url(struct ui *, const char *label, const char *url);

/* style.c: computes ui->attr from ui->theme for this terminal. */
void		 style_apply(struct ui *);
attr_t		 style_attrs(unsigned theme_attrs);

/* ---- Drawing (draw.c) ---------------------------------------------- */

/*
 * Every drawing call takes text that is already sanitized (server text
 * goes through text_sanitize when it arrives) and a width in columns;
 * nothing drawn spills past that width or off the screen.
 */

/* Draws s at y,x cut to w columns and padded to fill them. */
void		 ui_put(struct ui *, int y, int x, int w, const char *s,
		    enum theme_elem);
/* Draws s at y,x cut to w columns, not padded; returns columns drawn. */
int		 ui_puts(struct ui *, int y, int x, int w, const char *s,
		    enum theme_elem);
/* ui_puts with extra THEME_ATTR_* attributes on top of the element's. */
int		 ui_puts_attr(struct ui *, int y, int x, int w, const char *s,
		    enum theme_elem, unsigned extra);
/* Draws s right-aligned in the w columns at y,x, padding on the left. */
void		 ui_put_right(struct ui *, int y, int x, int w, const char *s,
		    enum theme_elem);
/* Paints w blank columns at y,x. */
void		 ui_fill(struct ui *, int y, int x, int w, enum theme_elem);
/* Draws a frame around h rows by w columns at y,x and clears inside. */
void		 ui_box(struct ui *, int y, int x, int h, int w,
		    enum theme_elem frame, enum theme_elem inside);
/* Draws a vertical rule of h rows at y,x. */
void		 ui_vline(struct ui *, int y, int x, int h, enum theme_elem);

/*
 * Columns of a table sized to a width: fixed columns take want (at
 * least min) columns, the one flex column takes what is left; while the
 * flex column is narrower than its min, columns with drop > 0 are hidden,
 * highest drop first. Sets x and w (0 when hidden) of each.
 */
struct ui_column {
	const char	*title;
	int		 want;
	int		 min;
	int		 flex;
	int		 drop;
	int		 right;		/* right-aligned */
	int		 x, w;		/* computed */
};

void		 ui_columns_layout(struct ui_column *, size_t n, int width,
		    int gap);
/* Draws the column titles in the header style across w columns. */
void		 ui_columns_header(struct ui *, const struct ui_column *,
		    size_t n, int y, int x, int w);
/* Draws s in column c of row y (x is the table's left edge). */
void		 ui_column_put(struct ui *, const struct ui_column *, int y,
		    int x, const char *s, enum theme_elem);

/*
 * A virtual list: n rows, a cursor and the first visible row; only the
 * rows on screen are drawn, through a callback.
 */
struct ui_list {
	size_t	n;
	size_t	cur;
	size_t	top;
	int	height;		/* rows shown at the last draw */
	int	y;		/* screen row of the first one, for clicks */
};

typedef void ui_row_fn(void *ctx, size_t i, int y, int x, int w,
    int selected);

/* Moves the cursor for a movement action; 1 when the action was one. */
int		 ui_list_action(struct ui_list *, enum action);
/* Keeps the cursor in range and on screen, then draws visible rows. */
void		 ui_list_draw(struct ui_list *, int y, int x, int h, int w,
		    ui_row_fn *, void *ctx);
/*
 * The row at screen row y at the last draw: 0 with *row set, or -1 when
 * y is outside the rows drawn.
 */
int		 ui_list_hit(const struct ui_list *, int y, size_t *row);

/* Styled text: lines of spans, each span in one theme element. */
struct ui_span {
	enum theme_elem	 elem;
	unsigned	 extra;		/* THEME_ATTR_* added to elem's */
	char		*text;		/* sanitized, owned */
};

struct ui_line {
	struct ui_span	*spans;
	size_t		 n;
};

struct ui_lines {
	struct ui_line	*v;
	size_t		 n;
	size_t		 cap;
};

/* Appends an empty line and returns it (owned by lines). */
struct ui_line	*ui_lines_add(struct ui_lines *);
/* Appends a span with a copy of text to line. */
void		 ui_line_add(struct ui_line *, enum theme_elem, const char *);
/* Appends a span of len bytes of text with extra attributes. */
void		 ui_line_addn(struct ui_line *, enum theme_elem, unsigned extra,
		    const char *text, size_t len);
/* The text of line, its spans joined (caller frees). */
char		*ui_line_text(const struct ui_line *);
/*
 * Word-wraps text (sanitized; newlines kept) to width columns after an
 * indent of indent spaces and appends the lines in elem's style.
 */
void		 ui_lines_wrap(struct ui_lines *, const char *text, int width,
		    int indent, enum theme_elem);
/*
 * Appends the lines of a rendered Markdown document after margin
 * columns of indent, its styles mapped to theme elements: headings to
 * heading, code to code, quote bars to quote, links to link, references
 * and markers to dim, rules and tables to border; bold and italic as
 * attributes.
 */
void		 ui_lines_markdown(struct ui_lines *, const struct md_doc *,
		    int margin);
void		 ui_lines_release(struct ui_lines *);
/*
 * Draws lines from index top into h rows by w columns at y,x. When
 * match is not NULL or empty, every case-insensitive occurrence of it is
 * drawn in the match style.
 */
void		 ui_lines_draw(struct ui *, const struct ui_lines *, size_t top,
		    int y, int x, int h, int w, const char *match);
/* 1 when s contains needle, ASCII letters compared without case. */
int		 ui_contains(const char *s, const char *needle);

/*
 * A line of text input (the filter and search prompts): bytes as typed,
 * so UTF-8 arrives whole; ui_input_key edits it.
 */
struct ui_input {
	char	text[256];
	size_t	len;
};

enum ui_input_result {
	UI_INPUT_EDIT = 0,	/* the text changed (or not): keep editing */
	UI_INPUT_DONE,		/* Enter */
	UI_INPUT_ABORT,		/* Esc */
	UI_INPUT_PASS		/* not an editing key: act on it */
};

void		 ui_input_clear(struct ui_input *);
enum ui_input_result ui_input_key(struct ui_input *, int key);

/*
 * Server text made fit for the screen: text_sanitize for one-line fields
 * (newlines and tabs become spaces), and when the locale cannot show
 * UTF-8, every non-ASCII character becomes '?' so widths stay true.
 * "" for NULL. Caller frees.
 */
char		*ui_clean(const struct ui *, const char *);
/* The same for multi-line text: newlines and tabs are kept. */
char		*ui_clean_text(const struct ui *, const char *);

/* ---- Tracing (GUILD_TRACE=FILE) ------------------------------------ */

/* Appends a line to the trace file when tracing; nothing otherwise. */
void		 ui_trace(const char *fmt, ...) G_PRINTF(1, 2);
/* 1 when GUILD_TRACE is set. */
int		 ui_tracing(void);

#endif

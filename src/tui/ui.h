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
	ACT_SORT,		/* discussions and Q&A (issue 5) */
	ACT_TAG,
	ACT_COMPOSE,
	ACT_REPLY,
	ACT_QUICK_REPLY,
	ACT_ANSWER,
	ACT_LIKE,
	ACT_VOTE_DOWN,
	ACT_UNVOTE,
	ACT_ACCEPT,
	ACT_NEXT_POST,
	ACT_PREV_POST,
	ACT_FIRST_UNREAD,
	ACT_SEARCH,		/* courses, lessons and buying (issue 4) */
	ACT_LEVEL,
	ACT_PRICE,
	ACT_BUY,
	ACT_COMPLETE,
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
/*
 * A key a view gives a meaning of its own, for the help overlay: the
 * keys bound to act when act is not ACT_NONE (so rebinding shows), else
 * the fixed keys text; what it does here.
 */
struct view_key_help {
	enum action	 act;
	const char	*keys;
	const char	*what;
};

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
	/* The view's own keys, ended by a NULL what; or NULL. The help
	   overlay lists them first, under the view's name. */
	const struct view_key_help *keys_help;
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
/* The Library pane: the courses the member owns, with progress. */
struct view	*library_view_new(struct ui *);
/* A lesson of a course's outline, as the reader gets it from the view. */
struct lesson_ref {
	int64_t	 id;
	char	*title;		/* sanitized */
	int	 locked;
	int	 completed;
};
/*
 * The lesson reader on lessons[cur] of the n > 0 lessons (copied) of
 * course_id; n / N (and ] / [) go to the next and previous lesson.
 */
struct view	*lesson_view_new(struct ui *, int64_t course_id,
		    const struct lesson_ref *lessons, size_t n, size_t cur);
/*
 * The purchase of course_id (title and price sanitized): creates the
 * order with the saved Idempotency-Key, then shows the checkout link,
 * its QR code and the order's live status.
 */
struct view	*buy_view_new(struct ui *, int64_t course_id,
		    const char *title, const char *price);
struct view	*help_view_new(struct ui *);
/* The Leaderboard pane (view-leaderboard.c). */
struct view	*leaderboard_view_new(struct ui *);
/* A member's public profile: points, level progress, badges, history. */
struct view	*member_view_new(struct ui *, const char *username);
/* The Events pane (view-events.c) and one event's detail. */
struct view	*events_view_new(struct ui *);
struct view	*event_view_new(struct ui *, int64_t id, const char *title);
/* The Inbox pane (view-inbox.c). */
struct view	*inbox_view_new(struct ui *);
/* The Insights pane for operators (view-insights.c). */
struct view	*insights_view_new(struct ui *);
/*
 * Opens the thread, question, order, event or member a notification or
 * a link points to, on the pane shown: subject_type as in struct
 * notification. Returns 0, or -1 (with a message) for an unknown type.
 */
int		 ui_open_subject(struct ui *, const char *subject_type,
		    int64_t id, const char *name);
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
	int		 operator_only;	/* shown to operators only */
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
/*
 * Starts method path with an optional JSON body (borrowed) through
 * api_call_async: a like, a vote; never cached. Cancels the request in
 * flight, if any.
 */
void		 ui_fetch_call(struct ui_fetch *, const char *method,
		    const char *path, json_t *body, const char *what);
/*
 * ui_fetch_call with extra request headers (a NULL-terminated list of
 * "Name: value", copied): "Idempotency-Key: KEY" for an order.
 */
void		 ui_fetch_call_hdr(struct ui_fetch *, const char *method,
		    const char *path, json_t *body,
		    const char *const *headers, const char *what);
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
	/* Bumped when the member buys a course or completes a lesson:
	   views that show what changed fetch it again when drawn. */
	unsigned		 owned_gen;
	unsigned		 progress_gen;
	int			 quit;
	int			 exit_code;
	int			 is_operator;	/* GET /me said so */
	/* The member's standing for the status bar (standing.c). */
	struct standing		*standing;
	int			 have_points;
	int64_t			 my_points;
	int64_t			 my_level;
	/* Bumped when something may have changed the member's points (a
	   post, a vote, an RSVP): standing.c fetches them again soon. */
	unsigned		 points_gen;
	/* The unread count on the Inbox tab (inbox-poll in view-inbox.c). */
	struct inbox_poll	*inbox_poll;
	int64_t			 unread;	/* -1 unknown */
	long long		 bg_wake[4];	/* background tasks' next run */
};

/*
 * Background tasks of the UI, run by the loop in tui.c: start once after
 * the screen is set up, tick when their wake time (ms of ui_now; 0 for
 * none) in ui->bg_wake has come, returning the next one; free at exit
 * (canceling their requests).
 */
void		 standing_start(struct ui *);
long long	 standing_tick(struct ui *, long long now);
void		 standing_free(struct ui *);
void		 inbox_poll_start(struct ui *);
long long	 inbox_poll_tick(struct ui *, long long now);
void		 inbox_poll_free(struct ui *);
/* 1 when pane i is shown to this user (operator-only panes). */
int		 ui_pane_visible(const struct ui *, size_t i);

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
/*
 * Appends a progress bar of width columns for done of total: filled
 * cells in the progress style, the rest dim ("[###---]" in ASCII).
 */
void		 ui_line_progress(const struct ui *, struct ui_line *,
		    int done, int total, int width);
/* Draws one styled line at y,x in w columns; returns the columns used. */
int		 ui_line_draw(struct ui *, const struct ui_line *, int y, int x,
		    int w);
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

/* ---- Paged lists (pager.c) ----------------------------------------- */

/*
 * What a view that embeds a pager supplies: its rows live in the view.
 * take reads one page (a page_to_json object; replace drops the rows
 * first) and sets *next to the page's next cursor (caller frees) or
 * NULL; 0, or -1 with err. reset drops every row. text is what the /
 * filter looks in (sanitized), id keeps the cursor on its row across
 * reloads; layout sizes the columns for a width, header draws their
 * titles on row y, row draws row i.
 */
struct pager_ops {
	int		(*take)(void *ctx, json_t *body, int replace,
			    char **next, struct gerr *);
	void		(*reset)(void *ctx);
	size_t		(*count)(void *ctx);
	const char	*(*text)(void *ctx, size_t row);
	int64_t		(*id)(void *ctx, size_t row);
	void		(*layout)(void *ctx, int w);
	void		(*header)(void *ctx, int y, int x, int w);
	void		(*row)(void *ctx, size_t row, int y, int x, int w,
			    int selected);
};

struct pager {
	struct view		*view;		/* the owner */
	const struct pager_ops	*ops;
	void			*ctx;
	const char		*noun;		/* "threads", for messages */
	const char		*empty;		/* "No threads yet.", or NULL */
	const char		*what_load;	/* status while loading, static */
	const char		*what_refresh;
	const char		*what_all;
	char			*base;		/* the route without limit */
	int			 page;		/* limit per page; 0 none */
	struct ui_fetch		 fetch;
	size_t			*vis;		/* rows the filter lets through */
	size_t			 viscap;
	struct ui_list		 list;		/* over vis */
	char			*next_cursor;	/* raw, for URLs */
	int			 has_more;
	int			 loaded;
	int			 failed;
	int			 more_failed;
	int			 reloading;
	int			 to_end;	/* G: follow the pages */
	int64_t			 select_id;	/* select it once it is loaded */
	int			 kind;		/* the page being fetched */
	struct ui_input		 filter;
	int			 editing;	/* typing the filter */
	int			 x, w;		/* the list at the last draw */
};

/* Sets p up for owner; noun names the rows ("threads"); page: limit. */
void		 pager_init(struct pager *, struct view *owner,
		    const struct pager_ops *, void *ctx, const char *noun,
		    int page);
/*
 * Shows the route base ("/api/v1/threads?sort=top"): drops the rows,
 * paints the first page from the cache when it is there and fetches it.
 */
void		 pager_open(struct pager *, const char *base);
/* Fetches the first page again (r), saying so when it arrives. */
void		 pager_reload(struct pager *);
void		 pager_release(struct pager *);
/* The header and the rows (or why there are none) in h rows by w. */
void		 pager_draw(struct pager *, int y, int x, int h, int w);
/* Movement, paging, reload and the filter; 1 when the key was used. */
int		 pager_key(struct pager *, enum action, int key);
/* A click at y,x: 0 not on a row, 1 selected a row, 2 on the selected. */
int		 pager_click(struct pager *, int y, int x);
/* "filter: text (k of n)" while filtering; 1 when there is a line. */
int		 pager_status(struct pager *, char *buf, size_t bufsz,
		    int *editing);
/* 0 with the row under the cursor in *row, or -1 when there is none. */
int		 pager_selected(const struct pager *, size_t *row);
/* Puts the cursor on the row with id, when it is shown. */
void		 pager_select_id(struct pager *, int64_t id);

/* ---- Posts (posts.c) ----------------------------------------------- */

/*
 * A scrolling list of posts (a thread and its replies, a question and
 * its answers), each many lines long. Only the posts that come on
 * screen have their lines built (by build, for the width shown) and
 * drawn, so a thread of thousands of replies scrolls as fast as a short
 * one. One post is selected: the one the post keys act on, marked with
 * a bar on the left; build leaves column 0 free for it.
 */
typedef void post_build_fn(void *ctx, size_t item, int width,
    struct ui_lines *out);

struct post_list {
	size_t		 n;		/* posts */
	size_t		 cap;
	struct ui_lines	*lines;		/* per post, when built */
	unsigned char	*built;
	int		 width;		/* lines are built for it; 0 none */
	size_t		 top;		/* the post at the top of the screen */
	size_t		 top_line;	/* its first line shown */
	size_t		 cur;		/* the selected post */
	int		 height;	/* rows at the last draw */
	size_t		 last_head;	/* the last post whose first line was
					   drawn, or SIZE_MAX */
	size_t		 bottom;	/* the last post drawn */
	int		 end_shown;	/* the last line of the last post was */
	int		 y;		/* screen row of the first line */
	int		 drawn;		/* rows drawn */
	size_t		*row_item;	/* the post on each row drawn */
	size_t		 nrows;		/* room in row_item */
	post_build_fn	*build;
	void		*ctx;
};

void		 post_list_init(struct post_list *, post_build_fn *,
		    void *ctx);
void		 post_list_release(struct post_list *);
/* Sets the number of posts; lines of posts kept stay built. */
void		 post_list_set_count(struct post_list *, size_t n);
/* Rebuilds post i's lines when next needed (its data changed). */
void		 post_list_dirty(struct post_list *, size_t i);
void		 post_list_dirty_all(struct post_list *);
/*
 * Scrolls for a movement action (down, up, pages, top, bottom); the
 * selection follows what is on screen. 1 when the action was one.
 */
int		 post_list_key(struct post_list *, enum action);
/* Selects post i and scrolls it to the top (as far as the end allows). */
void		 post_list_select(struct post_list *, size_t i);
/* Draws h rows by w from the top post; returns the rows drawn. */
int		 post_list_draw(struct ui *, struct post_list *, int y, int x,
		    int h, int w, const char *match);
/* 1 when the last line of the last post was on screen at the last draw. */
int		 post_list_at_end(const struct post_list *);
/* The post on screen row y at the last draw: 0 with *item, or -1. */
int		 post_list_hit(const struct post_list *, int y, size_t *item);

/* ---- Read marks (readmarks.c) -------------------------------------- */

/*
 * What was read of each thread, in $XDG_STATE_HOME/guild/read: the
 * newest reply shown on screen, per server and thread, so "new" marks
 * and the jump to the first unread reply mean something across runs.
 */
/* The id of the last reply of thread read on server, 0 for none. */
int64_t		 readmark_get(const char *server, int64_t thread);
/* Records reply as read in thread (never going back). 0, or -1. */
int		 readmark_set(const char *server, int64_t thread,
		    int64_t reply);

/* ---- A one-line editor (lineedit.c) -------------------------------- */

/*
 * A line of text with a cursor: left and right (by character), Home /
 * C-a, End / C-e, Backspace, Delete / C-d, C-u (to the start), C-k (to
 * the end); Enter is done, Esc aborts. Bytes arrive as typed, so UTF-8
 * comes whole; widths are display columns (wide characters are two).
 */
#define UI_EDIT_MAX	2048

struct ui_edit {
	char	text[UI_EDIT_MAX];
	size_t	len;
	size_t	pos;		/* the cursor, a byte offset */
};

void		 ui_edit_clear(struct ui_edit *);
enum ui_input_result ui_edit_key(struct ui_edit *, int key);
/*
 * Draws prompt and the text in w columns at y,x, scrolled so the cursor
 * shows; the cursor is the cell in the selected style.
 */
void		 ui_edit_draw(struct ui *, const struct ui_edit *, int y, int x,
		    int w, const char *prompt);

/* ---- Composing (view-compose.c) ------------------------------------ */

struct draft;

/*
 * Told the object the server created for a sent draft (borrowed, NULL
 * if the answer had no body). origin, the view that started the
 * compose, is on top of its pane then (the preview has closed), so it
 * may push a view of what was created.
 */
typedef void compose_sent_fn(struct view *origin, json_t *created);

/*
 * Composes d (taken; a reply, thread, question or answer) in the
 * member's editor, with curses suspended: the template has quote (a
 * parent post's Markdown, quoted; may be NULL). When the editor gives
 * text back, the draft is saved and a preview shows it rendered, asking
 * to send (y, Enter), edit again (e), keep it as a draft (d) or discard
 * it (x). what names it in messages: "reply to ada".
 */
void		 compose_start(struct ui *, struct view *origin,
		    compose_sent_fn *, struct draft *d, const char *quote,
		    const char *what);
/*
 * Saves and sends d (taken) at once, as typed in the one-line editor:
 * its preview opens in the sending state (Esc cancels, keeping the
 * draft) and closes when the server has it. When the send fails the
 * draft is kept and the preview says why.
 */
void		 compose_send_now(struct ui *, struct view *origin,
		    compose_sent_fn *, struct draft *d, const char *what);
/* Saves d (taken) as a draft and says where, for a later send. */
void		 compose_keep(struct ui *, struct draft *d, const char *what);

/* ---- Discussions and Q&A ------------------------------------------- */

struct view	*categories_view_new(struct ui *);
/* The threads of a category (name sanitized, for the title). */
struct view	*threads_view_new(struct ui *, int64_t category,
		    const char *name);
/* Thread id with its replies (title sanitized, shown while it loads). */
struct view	*thread_view_new(struct ui *, int64_t id, const char *title);
struct view	*questions_view_new(struct ui *);
/* Question id with its answers (title sanitized, shown while loading). */
struct view	*question_view_new(struct ui *, int64_t id, const char *title);
/*
 * The user name of the member logged in (sanitized), or NULL when not
 * logged in or not known yet.
 */
const char	*ui_me(const struct ui *);
/*
 * "2h", "3d": how long ago an RFC 3339 time was, into out; "" when the
 * time cannot be read.
 */
char		*ui_ago(const char *rfc3339, char *out, size_t outsz);
/* "李静 (lijing)", or the user name alone; sanitized, caller frees. */
char		*ui_author(const struct ui *, const struct post_author *);
/* The first key bound to action ("R"), into out; "" when there is none. */
char		*ui_key_hint(enum action, char *out, size_t outsz);

/* ---- Tracing (GUILD_TRACE=FILE) ------------------------------------ */

/* Appends a line to the trace file when tracing; nothing otherwise. */
void		 ui_trace(const char *fmt, ...) G_PRINTF(1, 2);
/* 1 when GUILD_TRACE is set. */
int		 ui_tracing(void);

#endif

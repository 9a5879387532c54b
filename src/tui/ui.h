/*
 * The terminal UI's private interface: the application state, the view
 * stack, the key table and the drawing helpers every view shares. Only
 * src/tui includes this (it pulls in curses).
 */
#ifndef GUILD_TUI_UI_H
#define GUILD_TUI_UI_H

#include <curses.h>
#include <stddef.h>
#include <time.h>

#include "guild/api.h"

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
	ACT_RELOAD,
	ACT_HELP,
	ACT_REDRAW,
	ACT_QUIT,
	ACT_COUNT
};

/* The action bound to key, ACT_NONE when there is none. */
enum action	 keys_action(int key);
/* Short name of an action ("page-down"), as `bind` will spell it. */
const char	*action_name(enum action);
/* One line saying what the action does, for the help overlay. */
const char	*action_help(enum action);
/* The keys bound to action, "j, Down", into out (always terminated). */
char		*keys_for_action(enum action, char *out, size_t outsz);
/* A key's printable name ("Enter", "C-f", "PgDn", "q") into out. */
char		*keys_name(int key, char *out, size_t outsz);

/* ---- Views --------------------------------------------------------- */

struct ui;

/*
 * A pane on the view stack. Concrete views embed this as their first
 * member. draw paints the rectangle it is given; key handles an action
 * and returns 1 when it did (0 passes it to the global handler); work,
 * when pending is set, runs the view's deferred job (a fetch) after the
 * screen has shown that it is loading; free releases the view.
 */
struct view {
	const char	*name;		/* "catalog", "course", "help" */
	struct ui	*ui;
	struct view	*below;		/* the next view down the stack */
	char		*title;		/* sanitized, for the title bar */
	int		 overlay;	/* drawn over the view below it */
	int		 pending;	/* work wanted */
	void		(*draw)(struct view *, int y, int x, int h, int w);
	int		(*key)(struct view *, enum action, int key);
	void		(*work)(struct view *);
	void		(*free)(struct view *);
};

/* Pushes v (now owned by the stack) on top. */
void		 ui_push(struct ui *, struct view *);
/* Pops and frees the top view; the last one stays. */
void		 ui_pop(struct ui *);
/* Sets v's title from sanitized text (copied). */
void		 view_set_title(struct view *, const char *);

struct view	*catalog_view_new(struct ui *);
/* The detail of course id (title, sanitized, shown while it loads). */
struct view	*course_view_new(struct ui *, int64_t id, const char *title);
struct view	*help_view_new(struct ui *);

/* ---- The application ----------------------------------------------- */

/* Glyphs that differ between UTF-8 and ASCII terminals. */
struct ui_glyphs {
	const char	*hline, *vline, *tl, *tr, *bl, *br;
	const char	*sep;		/* between fields: " · " */
	const char	*crumb;		/* between titles: " › " */
	const char	*lock;		/* a locked lesson */
};

enum ui_msg_kind {
	UI_MSG_NONE = 0,
	UI_MSG_INFO,	/* fades after a few seconds */
	UI_MSG_ERROR	/* stays until the next message */
};

struct ui {
	struct client		*client;
	struct theme		 theme;
	attr_t			 attr[THEME_ELEM_COUNT];
	int			 utf8;		/* the locale can show UTF-8 */
	int			 ascii;		/* ASCII glyphs */
	int			 colors;	/* colors in use; 0 for mono */
	int			 default_colors; /* -1 works as a color */
	const struct ui_glyphs	*g;
	struct view		*top;
	char			*server;	/* sanitized base URL */
	char			*identity;	/* sanitized user or "not logged in" */
	int			 need_me;	/* look the user up */
	char			*msg;		/* sanitized, or NULL */
	enum ui_msg_kind	 msg_kind;
	time_t			 msg_time;
	const char		*busy;		/* "Loading…" while work runs */
	int			 quit;
	int			 exit_code;
};

/*
 * Sets the status message (any text: it is sanitized here), or clears
 * it when fmt is NULL.
 */
void		 ui_message(struct ui *, enum ui_msg_kind, const char *fmt, ...)
		    G_PRINTF(3, 4);
/* Shows the error of a failed call, after what was being done if any. */
void		 ui_error(struct ui *, const char *doing, const struct gerr *);
/* Shows what the pending work is doing (a static string) until it ends. */
void		 ui_busy(struct ui *, const char *);

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
/* Draws s right-aligned in the w columns at y,x, padding on the left. */
void		 ui_put_right(struct ui *, int y, int x, int w, const char *s,
		    enum theme_elem);
/* Paints w blank columns at y,x. */
void		 ui_fill(struct ui *, int y, int x, int w, enum theme_elem);
/* Draws a frame around h rows by w columns at y,x and clears inside. */
void		 ui_box(struct ui *, int y, int x, int h, int w,
		    enum theme_elem frame, enum theme_elem inside);

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
};

typedef void ui_row_fn(void *ctx, size_t i, int y, int x, int w,
    int selected);

/* Moves the cursor for a movement action; 1 when the action was one. */
int		 ui_list_action(struct ui_list *, enum action);
/* Keeps the cursor in range and on screen, then draws visible rows. */
void		 ui_list_draw(struct ui_list *, int y, int x, int h, int w,
		    ui_row_fn *, void *ctx);

/* Styled text: lines of spans, each span in one theme element. */
struct ui_span {
	enum theme_elem	 elem;
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
 * Word-wraps text (sanitized; newlines kept) to width columns after an
 * indent of indent spaces and appends the lines in elem's style.
 */
void		 ui_lines_wrap(struct ui_lines *, const char *text, int width,
		    int indent, enum theme_elem);
void		 ui_lines_release(struct ui_lines *);
/* Draws lines from index top into h rows by w columns at y,x. */
void		 ui_lines_draw(struct ui *, const struct ui_lines *, size_t top,
		    int y, int x, int h, int w);

/*
 * Server text made fit for the screen: text_sanitize for one-line fields
 * (newlines and tabs become spaces), and when the locale cannot show
 * UTF-8, every non-ASCII character becomes '?' so widths stay true.
 * "" for NULL. Caller frees.
 */
char		*ui_clean(const struct ui *, const char *);
/* The same for multi-line text: newlines and tabs are kept. */
char		*ui_clean_text(const struct ui *, const char *);

#endif

/*
 * Themes: themes/NAME.theme files parsed into one style per named element,
 * the search path that finds them, and the mapping of any color to the
 * colors a terminal has. No curses here (src/tui/style.c applies a theme
 * to the screen), so all of it is unit-tested without a terminal.
 */
#ifndef GUILD_TUI_THEME_H
#define GUILD_TUI_THEME_H

#include <stddef.h>
#include <stdint.h>

#include "guild/err.h"

/* The named slots views draw with; views never use raw colors. */
enum theme_elem {
	THEME_NORMAL = 0,	/* body text */
	THEME_TITLE,		/* title bar, course titles */
	THEME_HEADER,		/* column headers */
	THEME_SELECTED,		/* the cursor row */
	THEME_STATUS,		/* status bar */
	THEME_ERROR,		/* errors ("status_error" is an alias) */
	THEME_BORDER,		/* boxes and rules */
	THEME_AUTHOR,		/* instructors, authors */
	THEME_LEVEL,		/* beginner / intermediate / advanced */
	THEME_PRICE,
	THEME_POINTS,
	THEME_CODE,
	THEME_QUOTE,
	THEME_LINK,
	THEME_HEADING,		/* section headings in a detail view */
	THEME_DIM,		/* secondary text: counts, durations */
	THEME_HELP,		/* the help overlay */
	THEME_TAB,		/* a pane's tab in the top line */
	THEME_TAB_ACTIVE,	/* the tab of the pane shown */
	THEME_SPINNER,		/* the activity spinner in the status bar */
	THEME_FILTER,		/* the filter and search prompts */
	THEME_MATCH,		/* a search match in a detail view */
	THEME_SCORE,		/* the score of a question or answer */
	THEME_ACCEPTED,		/* the mark of an accepted answer */
	THEME_PINNED,		/* the mark of a pinned thread */
	THEME_UNREAD,		/* the mark of a reply not read yet */
	THEME_OWNED,		/* owned courses, completed lessons, paid */
	THEME_PROGRESS,		/* the filled part of a progress bar */
	THEME_QR,		/* a QR code: ink on its background */
	THEME_ELEM_COUNT
};

enum theme_color_kind {
	THEME_COLOR_DEFAULT = 0,	/* the terminal's own color */
	THEME_COLOR_INDEX,		/* a palette index 0..255 */
	THEME_COLOR_RGB			/* #RRGGBB, mapped to the nearest */
};

struct theme_color {
	enum theme_color_kind	kind;
	int			index;	/* THEME_COLOR_INDEX */
	uint32_t		rgb;	/* THEME_COLOR_RGB: 0xRRGGBB */
};

/* Attribute bits of a style; style.c maps them to curses attributes. */
#define THEME_ATTR_BOLD		0x01u
#define THEME_ATTR_UNDERLINE	0x02u
#define THEME_ATTR_REVERSE	0x04u
#define THEME_ATTR_DIM		0x08u
#define THEME_ATTR_ITALIC	0x10u
#define THEME_ATTR_STANDOUT	0x20u

struct theme_style {
	struct theme_color	fg;
	struct theme_color	bg;
	unsigned		attrs;	/* THEME_ATTR_* */
};

struct theme {
	char			*name;	/* as asked for; "default" built in */
	char			*path;	/* file it came from, NULL if built in */
	struct theme_style	 style[THEME_ELEM_COUNT];
};

/* Fills the built-in default theme (the same as themes/default.theme). */
void		 theme_init(struct theme *);
void		 theme_release(struct theme *);

/* "selected" for THEME_SELECTED. */
const char	*theme_elem_name(enum theme_elem);
/* Element by name (also "status_error" for THEME_ERROR); 0 or -1. */
int		 theme_elem_parse(const char *, enum theme_elem *);
/*
 * A color by name: default, black..white, brightblack..brightwhite (gray
 * and grey are brightblack), color0..color255 or #RRGGBB. 0 or -1.
 */
int		 theme_color_parse(const char *, struct theme_color *);
/* An attribute name to its THEME_ATTR_* bit; 0 or -1. */
int		 theme_attr_parse(const char *, unsigned *);

/*
 * Parses theme text (len bytes) as if read from a file called name,
 * applying each `color ELEMENT FG BG [ATTR...]` line on top of what t
 * already holds. Returns 0, or -1 with err (GERR_LOCAL) naming the first
 * bad line: "NAME:LINE: unknown element 'titel'". t may be partly
 * changed on error; theme_open never shows such a theme.
 */
int		 theme_parse(struct theme *, const char *text, size_t len,
		    const char *name, struct gerr *);
/* Reads and parses the file at path over the built-in defaults. */
int		 theme_load(struct theme *, const char *path, struct gerr *);

/* 1 when name is a plain theme name: [A-Za-z0-9._-], not starting '.'. */
int		 theme_name_ok(const char *name);

/* One directory of the theme search path and what put it there. */
struct theme_dir {
	char		*path;		/* owned */
	const char	*origin;	/* "$GUILD_THEMES", "user", "installed" */
};

/*
 * The search path, first match first: $GUILD_THEMES,
 * $XDG_CONFIG_HOME/guild/themes (~/.config/guild/themes), then
 * GUILD_DATADIR/themes. Fills up to max entries and returns how many;
 * the caller frees each path.
 */
size_t		 theme_dirs(struct theme_dir *dirs, size_t max);

/*
 * Finds the file for a theme name: a name containing '/' is a path;
 * otherwise NAME.theme in $GUILD_THEMES, $XDG_CONFIG_HOME/guild/themes
 * (~/.config/guild/themes), then GUILD_DATADIR/themes. Returns a path
 * the caller frees, or NULL with err when there is none.
 */
char		*theme_find(const char *name, struct gerr *);

/*
 * Finds and loads theme name into t. On any failure t is the built-in
 * default theme and err says why; returns 0 or -1. t must be initialized.
 */
int		 theme_open(struct theme *, const char *name, struct gerr *);

/* The xterm palette: the RGB value of color index 0..255. */
uint32_t	 theme_index_rgb(int index);
/*
 * The nearest of the first ncolors palette colors to rgb: the 6x6x6 cube
 * and the gray ramp when ncolors >= 256, the 16 basic colors when it is
 * at least 16, the 8 basic colors when it is at least 8; -1 when
 * ncolors < 8.
 */
int		 theme_nearest(uint32_t rgb, int ncolors);
/*
 * The palette index to use for c on a terminal with ncolors colors: -1
 * for the terminal's default, an index below ncolors otherwise (indexes
 * the terminal lacks and #RRGGBB go to the nearest color it has).
 */
int		 theme_color_resolve(const struct theme_color *, int ncolors);

#endif

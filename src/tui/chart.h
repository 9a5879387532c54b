/*
 * Charts as text for the Insights pane: sparklines, vertical and
 * horizontal bars (negative values too) and shades for a share, in
 * Unicode block characters or an ASCII fallback. Pure functions over
 * numbers and widths, no curses, so all of it is unit-tested without a
 * terminal. A value that is NAN is undefined: it is left blank.
 */
#ifndef GUILD_TUI_CHART_H
#define GUILD_TUI_CHART_H

#include <stddef.h>

/* Levels of a sparkline cell: eight in Unicode, five in ASCII. */
#define CHART_SPARK_LEVELS	8
#define CHART_SPARK_ASCII	5
/* Shade levels of a share (chart_shade). */
#define CHART_SHADES		5

/*
 * The level 0..levels-1 of v on the scale lo..hi (nearest, clamped). A
 * flat scale (hi <= lo) puts everything at the middle level, or at 0
 * when v is 0. -1 when v is undefined.
 */
int	 chart_level(double v, double lo, double hi, int levels);

/*
 * A sparkline of the n values v in at most width cells: one cell per
 * value when they fit, else each cell the mean of its share of the
 * values (undefined ones skipped). Cells are scaled from the lowest to
 * the highest defined value: "▁▂▃▄▅▆▇█", or "_.-=#" when ascii; an
 * undefined cell is a space. Returns the string (min(n, width) cells;
 * "" when n or width is 0); caller frees.
 */
char	*chart_sparkline(const double *v, size_t n, int width, int ascii);

/* What a cell of a bar chart holds. */
enum chart_kind {
	CHART_EMPTY = 0,
	CHART_UP,		/* a positive vertical bar, eighths from below */
	CHART_DOWN,		/* a negative vertical bar, whole cells */
	CHART_RIGHT,		/* a positive horizontal bar, eighths from left */
	CHART_LEFT,		/* a negative horizontal bar, whole cells */
	CHART_AXIS		/* the zero line of a horizontal bar */
};

struct chart_cell {
	unsigned char	kind;		/* enum chart_kind */
	unsigned char	eighths;	/* 1..8 filled; 8 for whole cells */
};

/* The glyph of a cell: one column, static; "█", or "#" in ASCII. */
const char	*chart_glyph(const struct chart_cell *, int ascii);
/* The glyphs of n cells joined; caller frees. */
char		*chart_cells_text(const struct chart_cell *, size_t n,
		    int ascii);

/*
 * Vertical bars of n values in h rows by w columns: cells[row * w +
 * col], row 0 at the top. Every value gets bar columns of the same
 * width (w / n, a blank column between bars when that is 3 or more)
 * from the left; when n > w, each column is the mean of its share of
 * the values. The scale runs from min(0, lowest) to max(0, highest):
 * positive bars rise from the zero line in eighths of a row, negative
 * ones hang below it in whole rows; a value other than 0 always shows.
 */
struct chart_bars {
	int			 w, h;
	struct chart_cell	*cells;		/* h * w */
	int			 zero_row;	/* first row below zero, h when none */
	int			 bar_w;		/* columns per value */
	int			 step;		/* bar_w plus the gap */
	size_t			 shown;		/* bars drawn */
	double			 lo, hi;	/* the scale */
};

/*
 * Lays the bars out into b (released with chart_bars_release). 0, or -1
 * when there is nothing to draw (w, h or n is 0).
 */
int	 chart_bars_layout(struct chart_bars *, const double *v, size_t n,
	    int w, int h);
void	 chart_bars_release(struct chart_bars *);

/*
 * A horizontal bar of v in width cells, on the scale lo..hi (lo <= 0 <=
 * hi, as for several rows sharing it): when lo < 0 the zero line is the
 * column lo's share of the width in, negative bars grow left of it in
 * whole cells and positive ones right of it in eighths. Fills out[0..
 * width-1].
 */
void	 chart_hbar(double v, double lo, double hi, int width,
	    struct chart_cell *out);

/*
 * The shade level of a share of 0..1: 0 below 0.2, 1 below 0.4, ... 4
 * from 0.8; -1 when undefined (NAN or negative).
 */
int		 chart_shade(double share);
/* Its glyph: " ░▒▓█", or " .:*#" in ASCII; "?" for -1. Static. */
const char	*chart_shade_glyph(int level, int ascii);

#endif

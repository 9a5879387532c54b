/*
 * Charts as text for the Insights pane (see chart.h): sparklines, bar
 * layouts and shades, computed from numbers and widths alone.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "guild/buf.h"
#include "guild/util.h"

#include "chart.h"

static const char *const spark_utf8[CHART_SPARK_LEVELS] = {
	"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
	"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"
};
static const char spark_ascii[CHART_SPARK_ASCII + 1] = "_.-=#";

/* Eighths of a cell filled from below, and from the left; [0] blank. */
static const char *const up_utf8[9] = {
	" ", "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
	"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"
};
static const char *const right_utf8[9] = {
	" ", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d", "\xe2\x96\x8c",
	"\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89", "\xe2\x96\x88"
};
/* Negative bars are shaded, so they differ without colors too. */
#define GLYPH_NEG_UTF8	"\xe2\x96\x92"
#define GLYPH_AXIS_UTF8	"\xe2\x94\x82"

static const char *const shade_utf8[CHART_SHADES] = {
	" ", "\xe2\x96\x91", "\xe2\x96\x92", "\xe2\x96\x93", "\xe2\x96\x88"
};
static const char *const shade_ascii[CHART_SHADES] = {
	" ", ".", ":", "*", "#"
};

int
chart_level(double v, double lo, double hi, int levels)
{
	double pos;
	int l;

	if (isnan(v) || levels <= 0)
		return -1;
	if (!(hi > lo))
		return v == 0 ? 0 : levels / 2;
	pos = (v - lo) / (hi - lo) * (levels - 1);
	if (pos <= 0)
		return 0;
	l = (int)floor(pos + 0.5);
	return l >= levels ? levels - 1 : l;
}

/*
 * The mean of the defined values among v[from..to), or NAN when there
 * is none.
 */
static double
chart_mean(const double *v, size_t from, size_t to)
{
	double sum = 0;
	size_t i, k = 0;

	for (i = from; i < to; i++) {
		if (!isnan(v[i])) {
			sum += v[i];
			k++;
		}
	}
	return k > 0 ? sum / (double)k : NAN;
}

/*
 * n values fitted to at most width cells: v itself copied when it fits,
 * else the mean of each cell's share. Sets *cells; caller frees.
 */
static double *
chart_fit(const double *v, size_t n, size_t width, size_t *cells)
{
	size_t i, m = n <= width ? n : width;
	double *out = xcalloc(m > 0 ? m : 1, sizeof(*out));

	for (i = 0; i < m; i++) {
		if (m == n)
			out[i] = v[i];
		else
			out[i] = chart_mean(v, i * n / m, (i + 1) * n / m);
	}
	*cells = m;
	return out;
}

/* The lowest and highest defined value of v; 0 (none) or 1. */
static int
chart_range(const double *v, size_t n, double *lo, double *hi)
{
	size_t i;
	int any = 0;

	*lo = 0;
	*hi = 0;
	for (i = 0; i < n; i++) {
		if (isnan(v[i]))
			continue;
		if (!any || v[i] < *lo)
			*lo = v[i];
		if (!any || v[i] > *hi)
			*hi = v[i];
		any = 1;
	}
	return any;
}

char *
chart_sparkline(const double *v, size_t n, int width, int ascii)
{
	struct buf b = BUF_INIT;
	size_t i, m;
	double *fit, lo, hi;
	int levels = ascii ? CHART_SPARK_ASCII : CHART_SPARK_LEVELS, l;

	if (n == 0 || width <= 0)
		return xstrdup("");
	fit = chart_fit(v, n, (size_t)width, &m);
	chart_range(fit, m, &lo, &hi);
	for (i = 0; i < m; i++) {
		l = chart_level(fit[i], lo, hi, levels);
		if (l < 0)
			buf_addc(&b, ' ');
		else if (ascii)
			buf_addc(&b, spark_ascii[l]);
		else
			buf_adds(&b, spark_utf8[l]);
	}
	free(fit);
	if (b.failed) {
		buf_release(&b);
		return xstrdup("");
	}
	return buf_detach(&b);
}

const char *
chart_glyph(const struct chart_cell *c, int ascii)
{
	unsigned e = c->eighths > 8 ? 8 : c->eighths;

	switch ((enum chart_kind)c->kind) {
	case CHART_UP:
	case CHART_RIGHT:
		if (ascii)
			return e == 0 ? " " : e >= 4 ? "#" : ".";
		return c->kind == CHART_UP ? up_utf8[e] : right_utf8[e];
	case CHART_DOWN:
	case CHART_LEFT:
		return ascii ? "-" : GLYPH_NEG_UTF8;
	case CHART_AXIS:
		return ascii ? "|" : GLYPH_AXIS_UTF8;
	case CHART_EMPTY:
		break;
	}
	return " ";
}

char *
chart_cells_text(const struct chart_cell *c, size_t n, int ascii)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		buf_adds(&b, chart_glyph(&c[i], ascii));
	if (b.failed || b.len == 0) {
		buf_release(&b);
		return xstrdup("");
	}
	return buf_detach(&b);
}

/* Fills one bar's columns of rows [from, to) of b with kind. */
static void
chart_bars_fill(struct chart_bars *b, int col, int from, int to,
    enum chart_kind kind, int top_eighths)
{
	int r, c;

	for (r = from; r < to; r++) {
		for (c = col; c < col + b->bar_w && c < b->w; c++) {
			struct chart_cell *cell = &b->cells[r * b->w + c];

			cell->kind = (unsigned char)kind;
			cell->eighths = (unsigned char)(kind == CHART_UP &&
			    r == from ? top_eighths : 8);
		}
	}
}

int
chart_bars_layout(struct chart_bars *b, const double *v, size_t n, int w,
    int h)
{
	double *fit, lo, hi;
	size_t i, m;
	int pos_rows, neg_rows;

	memset(b, 0, sizeof(*b));
	if (n == 0 || w <= 0 || h <= 0)
		return -1;
	b->w = w;
	b->h = h;
	b->cells = xcalloc((size_t)w * (size_t)h, sizeof(*b->cells));
	fit = chart_fit(v, n, (size_t)w, &m);
	chart_range(fit, m, &lo, &hi);
	b->lo = lo < 0 ? lo : 0;
	b->hi = hi > 0 ? hi : 0;
	b->shown = m;
	b->step = w / (int)m;
	if (b->step > 8)
		b->step = 8;
	b->bar_w = b->step >= 3 ? b->step - 1 : b->step;
	/* Rows above the zero line in proportion to the scale. */
	if (b->lo < 0 && b->hi > 0) {
		pos_rows = (int)floor(h * b->hi / (b->hi - b->lo) + 0.5);
		if (h >= 2 && pos_rows < 1)
			pos_rows = 1;
		if (h >= 2 && pos_rows > h - 1)
			pos_rows = h - 1;
	} else {
		pos_rows = b->lo < 0 ? 0 : h;
	}
	neg_rows = h - pos_rows;
	b->zero_row = pos_rows;
	for (i = 0; i < m; i++) {
		int col = (int)i * b->step, e, rows;

		if (isnan(fit[i]) || fit[i] == 0)
			continue;
		if (fit[i] > 0 && pos_rows > 0) {
			e = (int)floor(pos_rows * 8 * fit[i] / b->hi + 0.5);
			if (e < 1)
				e = 1;
			if (e > pos_rows * 8)
				e = pos_rows * 8;
			rows = (e + 7) / 8;
			chart_bars_fill(b, col, pos_rows - rows, pos_rows,
			    CHART_UP, e - (rows - 1) * 8);
		} else if (fit[i] < 0 && neg_rows > 0) {
			rows = (int)ceil(neg_rows * fit[i] / b->lo - 1e-9);
			if (rows < 1)
				rows = 1;
			if (rows > neg_rows)
				rows = neg_rows;
			chart_bars_fill(b, col, pos_rows, pos_rows + rows,
			    CHART_DOWN, 8);
		}
	}
	free(fit);
	return 0;
}

void
chart_bars_release(struct chart_bars *b)
{
	free(b->cells);
	memset(b, 0, sizeof(*b));
}

void
chart_hbar(double v, double lo, double hi, int width, struct chart_cell *out)
{
	int zero = 0, room, i, k;

	if (width <= 0)
		return;
	memset(out, 0, (size_t)width * sizeof(*out));
	if (lo > 0)
		lo = 0;
	if (hi < 0)
		hi = 0;
	if (lo < 0) {
		zero = (int)floor((width - 1) * -lo / (hi - lo) + 0.5);
		out[zero].kind = CHART_AXIS;
		out[zero].eighths = 8;
	}
	if (isnan(v) || v == 0)
		return;
	if (v > 0 && hi > 0) {
		room = width - zero - (lo < 0 ? 1 : 0);
		k = (int)floor(room * 8 * v / hi + 0.5);
		if (k < 1)
			k = 1;
		if (k > room * 8)
			k = room * 8;
		for (i = 0; k > 0 && i < room; i++, k -= 8) {
			struct chart_cell *c = &out[width - room + i];

			c->kind = CHART_RIGHT;
			c->eighths = (unsigned char)(k >= 8 ? 8 : k);
		}
	} else if (v < 0 && zero > 0) {
		k = (int)ceil(zero * v / lo - 1e-9);
		if (k < 1)
			k = 1;
		if (k > zero)
			k = zero;
		for (i = zero - k; i < zero; i++) {
			out[i].kind = CHART_LEFT;
			out[i].eighths = 8;
		}
	}
}

int
chart_shade(double share)
{
	int l;

	if (isnan(share) || share < 0)
		return -1;
	l = (int)floor(share * CHART_SHADES + 1e-9);
	return l >= CHART_SHADES ? CHART_SHADES - 1 : l;
}

const char *
chart_shade_glyph(int level, int ascii)
{
	if (level < 0 || level >= CHART_SHADES)
		return "?";
	return ascii ? shade_ascii[level] : shade_utf8[level];
}

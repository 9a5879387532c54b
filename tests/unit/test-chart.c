/* Unit tests of the text charts: sparklines, bars and cohort shades. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "guild/text.h"
#include "guild/util.h"
#include "tui/chart.h"

#define S1 "\xe2\x96\x81"	/* ▁ */
#define S4 "\xe2\x96\x84"	/* ▄ */
#define S5 "\xe2\x96\x85"	/* ▅ */
#define S8 "\xe2\x96\x88"	/* █ */

/* 1 when every byte of s is printable ASCII. */
static int
all_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/* Asserts the sparkline of v is want (UTF-8 or ASCII). */
static void
spark_is(const double *v, size_t n, int width, int ascii, const char *want)
{
	char *s = chart_sparkline(v, n, width, ascii);

	assert_string_equal(s, want);
	free(s);
}

static void
test_sparkline_shapes(void **state)
{
	static const double rising[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	static const double flat[] = { 3, 3, 3 };
	static const double zeros[] = { 0, 0 };
	static const double dip[] = { 4, 0, 8 };
	static const double one[] = { 42 };
	double undef[] = { 1, NAN, 3 };

	(void)state;
	spark_is(rising, 8, 80, 0, S1 "\xe2\x96\x82\xe2\x96\x83" S4 S5
	    "\xe2\x96\x86\xe2\x96\x87" S8);
	spark_is(rising, 8, 80, 1, "_..--==#");
	/* Flat: the middle level; all zero: the lowest. */
	spark_is(flat, 3, 80, 0, S5 S5 S5);
	spark_is(flat, 3, 80, 1, "---");
	spark_is(zeros, 2, 80, 0, S1 S1);
	/* A zero in the middle is the lowest cell. */
	spark_is(dip, 3, 80, 0, S5 S1 S8);
	spark_is(dip, 3, 80, 1, "-_#");
	spark_is(one, 1, 80, 0, S5);
	spark_is(one, 1, 80, 1, "-");
	/* Empty series, no room. */
	spark_is(rising, 0, 80, 0, "");
	spark_is(rising, 8, 0, 0, "");
	/* An undefined point is a blank. */
	spark_is(undef, 3, 80, 0, S1 " " S8);
	spark_is(undef, 3, 80, 1, "_ #");
}

static void
test_sparkline_widths(void **state)
{
	double v[200];
	size_t n, i;
	int w, ascii;

	(void)state;
	for (i = 0; i < G_NELEM(v); i++)
		v[i] = sin((double)i / 7.0) * 100 + (double)i;
	for (n = 1; n <= G_NELEM(v); n += 37) {
		for (w = 1; w <= 80; w++) {
			for (ascii = 0; ascii <= 1; ascii++) {
				char *s = chart_sparkline(v, n, w, ascii);
				int want = (int)n < w ? (int)n : w;

				assert_int_equal(text_width(s), want);
				if (ascii) {
					assert_true(all_ascii(s));
					assert_int_equal((int)strlen(s), want);
				}
				free(s);
			}
		}
	}
	/* Squeezed, the cells are means: a rising series still rises. */
	{
		char *s = chart_sparkline(v, 200, 2, 1);

		assert_int_equal(strlen(s), 2);
		assert_true(s[0] == '_' && s[1] == '#');
		free(s);
	}
}

static void
test_level(void **state)
{
	(void)state;
	assert_int_equal(chart_level(0, 0, 1, 8), 0);
	assert_int_equal(chart_level(1, 0, 1, 8), 7);
	assert_int_equal(chart_level(0.5, 0, 1, 5), 2);
	assert_int_equal(chart_level(2, 0, 1, 8), 7);
	assert_int_equal(chart_level(-1, 0, 1, 8), 0);
	assert_int_equal(chart_level(NAN, 0, 1, 8), -1);
	assert_int_equal(chart_level(5, 5, 5, 8), 4);
	assert_int_equal(chart_level(0, 0, 0, 8), 0);
}

/* The glyphs of row r of b as text; caller frees. */
static char *
bars_row(const struct chart_bars *b, int r, int ascii)
{
	return chart_cells_text(&b->cells[r * b->w], (size_t)b->w, ascii);
}

static void
test_bars_positive(void **state)
{
	static const double v[] = { 1, 2, 4 };
	struct chart_bars b;
	char *row;

	(void)state;
	assert_int_equal(chart_bars_layout(&b, v, 3, 6, 2), 0);
	/* Two columns per value, no gap; 4 is both rows full. */
	assert_int_equal(b.bar_w, 2);
	assert_int_equal(b.zero_row, 2);
	row = bars_row(&b, 0, 1);
	assert_string_equal(row, "    ##");
	free(row);
	row = bars_row(&b, 1, 1);
	assert_string_equal(row, "######");
	free(row);
	row = bars_row(&b, 1, 0);
	/* 1 of 4 in two rows is four eighths: a half block. */
	assert_string_equal(row, S4 S4 S8 S8 S8 S8);
	free(row);
	chart_bars_release(&b);

	/* Wide: a gap between bars, each at most 7 columns. */
	assert_int_equal(chart_bars_layout(&b, v, 3, 80, 4), 0);
	assert_int_equal(b.step, 8);
	assert_int_equal(b.bar_w, 7);
	assert_int_equal(b.shown, 3);
	chart_bars_release(&b);

	/* Nothing to lay out. */
	assert_int_equal(chart_bars_layout(&b, v, 0, 10, 4), -1);
	assert_int_equal(chart_bars_layout(&b, v, 3, 0, 4), -1);
	chart_bars_release(&b);
}

static void
test_bars_negative(void **state)
{
	static const double v[] = { 300, -100, 0, 1 };
	struct chart_bars b;
	char *row;
	int r;

	(void)state;
	assert_int_equal(chart_bars_layout(&b, v, 4, 4, 4), 0);
	/* 300 over -100: three rows above zero, one below. */
	assert_int_equal(b.zero_row, 3);
	assert_true(b.lo == -100 && b.hi == 300);
	for (r = 0; r < 3; r++)
		assert_int_equal(b.cells[r * 4].kind, CHART_UP);
	assert_int_equal(b.cells[3 * 4 + 1].kind, CHART_DOWN);
	assert_int_equal(b.cells[2 * 4 + 1].kind, CHART_EMPTY);
	/* 0 draws nothing; 1 still shows an eighth. */
	for (r = 0; r < 4; r++)
		assert_int_equal(b.cells[r * 4 + 2].kind, CHART_EMPTY);
	assert_int_equal(b.cells[2 * 4 + 3].kind, CHART_UP);
	assert_int_equal(b.cells[2 * 4 + 3].eighths, 1);
	row = bars_row(&b, 3, 1);
	assert_string_equal(row, " -  ");
	free(row);
	row = bars_row(&b, 3, 0);
	assert_true(strstr(row, "\xe2\x96\x92") != NULL);
	free(row);
	chart_bars_release(&b);

	/* Only negative values: every row hangs below zero. */
	{
		static const double neg[] = { -1, -2 };

		assert_int_equal(chart_bars_layout(&b, neg, 2, 2, 2), 0);
		assert_int_equal(b.zero_row, 0);
		row = bars_row(&b, 0, 1);
		assert_string_equal(row, "--");
		free(row);
		row = bars_row(&b, 1, 1);
		assert_string_equal(row, " -");
		free(row);
		chart_bars_release(&b);
	}
}

static void
test_bars_widths_ascii(void **state)
{
	double v[50];
	struct chart_bars b;
	size_t i;
	int w, h, r;

	(void)state;
	for (i = 0; i < G_NELEM(v); i++)
		v[i] = (double)i * ((i % 3) == 0 ? -1 : 1);
	for (w = 1; w <= 80; w++) {
		for (h = 1; h <= 6; h++) {
			assert_int_equal(chart_bars_layout(&b, v, G_NELEM(v), w,
			    h), 0);
			assert_true(b.shown <= (size_t)w);
			for (r = 0; r < h; r++) {
				char *row = bars_row(&b, r, 1);

				assert_int_equal((int)strlen(row), w);
				assert_true(all_ascii(row));
				free(row);
				row = bars_row(&b, r, 0);
				assert_int_equal(text_width(row), w);
				free(row);
			}
			chart_bars_release(&b);
		}
	}
}

static void
test_hbar(void **state)
{
	struct chart_cell c[11];
	char *s;

	(void)state;
	/* No negatives: 0..10 in 10 cells. */
	chart_hbar(5, 0, 10, 10, c);
	s = chart_cells_text(c, 10, 1);
	assert_string_equal(s, "#####     ");
	free(s);
	chart_hbar(10, 0, 10, 10, c);
	s = chart_cells_text(c, 10, 0);
	assert_string_equal(s, S8 S8 S8 S8 S8 S8 S8 S8 S8 S8);
	free(s);
	/* A sliver still shows. */
	chart_hbar(0.01, 0, 10, 10, c);
	assert_int_equal(c[0].kind, CHART_RIGHT);
	assert_int_equal(c[0].eighths, 1);
	/* -10..10 in 11 cells: the axis in the middle. */
	chart_hbar(-10, -10, 10, 11, c);
	s = chart_cells_text(c, 11, 1);
	assert_string_equal(s, "-----|     ");
	free(s);
	chart_hbar(5, -10, 10, 11, c);
	s = chart_cells_text(c, 11, 1);
	assert_string_equal(s, "     |###  ");
	free(s);
	chart_hbar(NAN, -10, 10, 11, c);
	s = chart_cells_text(c, 11, 1);
	assert_string_equal(s, "     |     ");
	free(s);
}

static void
test_shade(void **state)
{
	(void)state;
	assert_int_equal(chart_shade(0), 0);
	assert_int_equal(chart_shade(0.19), 0);
	assert_int_equal(chart_shade(0.2), 1);
	assert_int_equal(chart_shade(0.39), 1);
	assert_int_equal(chart_shade(0.4), 2);
	assert_int_equal(chart_shade(0.6), 3);
	assert_int_equal(chart_shade(0.79), 3);
	assert_int_equal(chart_shade(0.8), 4);
	assert_int_equal(chart_shade(1), 4);
	assert_int_equal(chart_shade(1.5), 4);
	assert_int_equal(chart_shade(NAN), -1);
	assert_int_equal(chart_shade(-0.1), -1);
	assert_string_equal(chart_shade_glyph(4, 0), S8);
	assert_string_equal(chart_shade_glyph(2, 1), ":");
	assert_string_equal(chart_shade_glyph(-1, 0), "?");
	assert_true(all_ascii(chart_shade_glyph(3, 1)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sparkline_shapes),
		cmocka_unit_test(test_sparkline_widths),
		cmocka_unit_test(test_level),
		cmocka_unit_test(test_bars_positive),
		cmocka_unit_test(test_bars_negative),
		cmocka_unit_test(test_bars_widths_ascii),
		cmocka_unit_test(test_hbar),
		cmocka_unit_test(test_shade),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Applies a parsed theme to the terminal: one color pair per element when
 * the terminal has colors (and NO_COLOR is unset), attributes only
 * otherwise.
 */
#include "ui.h"

attr_t
style_attrs(unsigned a)
{
	attr_t r = A_NORMAL;

	if (a & THEME_ATTR_BOLD)
		r |= A_BOLD;
	if (a & THEME_ATTR_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & THEME_ATTR_REVERSE)
		r |= A_REVERSE;
	if (a & THEME_ATTR_DIM)
		r |= A_DIM;
	if (a & THEME_ATTR_ITALIC)
		r |= A_ITALIC;
	if (a & THEME_ATTR_STANDOUT)
		r |= A_STANDOUT;
	return r;
}

/*
 * A monochrome terminal keeps each element's attributes; the cursor row,
 * the status bar, the active tab, the spinner, search matches and errors
 * are always reversed (errors also bold), so they stay visible whatever
 * the theme relied on colors for.
 */
static attr_t
style_mono(const struct theme_style *s, enum theme_elem e)
{
	attr_t a = style_attrs(s->attrs);

	switch (e) {
	case THEME_SELECTED:
	case THEME_STATUS:
	case THEME_TAB_ACTIVE:
	case THEME_SPINNER:
	case THEME_MATCH:
		a |= A_REVERSE;
		break;
	case THEME_ERROR:
		a |= A_REVERSE | A_BOLD;
		break;
	default:
		break;
	}
	return a;
}

/* Resolves one color for this terminal, -1 meaning its default. */
static short
style_color(const struct ui *ui, const struct theme_color *c, int is_bg)
{
	int i = theme_color_resolve(c, ui->colors);

	if (i < 0 && !ui->default_colors)
		i = is_bg ? COLOR_BLACK : COLOR_WHITE;
	return (short)i;
}

void
style_apply(struct ui *ui)
{
	int e;

	if (ui->colors > 0 && COLOR_PAIRS <= THEME_ELEM_COUNT)
		ui->colors = 0;
	for (e = 0; e < THEME_ELEM_COUNT; e++) {
		const struct theme_style *s = &ui->theme.style[e];

		if (ui->colors == 0) {
			ui->attr[e] = style_mono(s, (enum theme_elem)e);
			continue;
		}
		init_pair((short)(e + 1), style_color(ui, &s->fg, 0),
		    style_color(ui, &s->bg, 1));
		ui->attr[e] = style_attrs(s->attrs) | COLOR_PAIR(e + 1);
	}
}

/*
 * Drawing helpers shared by every view: text cut to a width, boxes, table
 * columns, the virtual list and styled lines. All text passed here is
 * already sanitized; these functions only make sure it stays in its box.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "guild/buf.h"
#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

/*
 * Folds s for one screen row: control bytes left (a newline or tab in
 * multi-line text) become spaces unless keep_lines, and when the locale
 * cannot show UTF-8 each non-ASCII character becomes '?' (combining
 * marks vanish). Caller frees.
 */
static char *
fold_text(const struct ui *ui, const char *s, int keep_lines)
{
	size_t len = strlen(s), i = 0, o = 0;
	char *r = xmalloc(len + 1);

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		int n;

		if (c < 0x80) {
			if (keep_lines && (c == '\n' || c == '\t'))
				r[o++] = (char)c;
			else
				r[o++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
			i++;
			continue;
		}
		if (ui->utf8) {
			r[o++] = (char)c;
			i++;
			continue;
		}
		n = text_decode(s + i, len - i, &cp);
		if (n < 0) {
			r[o++] = '?';
			i++;
			continue;
		}
		if (text_cpwidth(cp) > 0)
			r[o++] = '?';
		i += (size_t)n;
	}
	r[o] = '\0';
	return r;
}

/* Sanitizes s (keeping newlines or not) and folds it for this locale. */
static char *
clean(const struct ui *ui, const char *s, int keep_lines)
{
	char *safe, *r;

	if (s == NULL)
		return xstrdup("");
	safe = text_sanitize(s, strlen(s), keep_lines);
	if (safe == NULL)
		return xstrdup("");
	if (ui->utf8)
		return safe;
	r = fold_text(ui, safe, keep_lines);
	free(safe);
	return r;
}

char *
ui_clean(const struct ui *ui, const char *s)
{
	return clean(ui, s, 0);
}

char *
ui_clean_text(const struct ui *ui, const char *s)
{
	return clean(ui, s, 1);
}

/* A copy of s ready for one screen row (see fold_text). Caller frees. */
static char *
row_text(const struct ui *ui, const char *s)
{
	return fold_text(ui, s, 0);
}

/* Draws s at y,x within w columns, padded when pad; returns columns used. */
static int
put_text(struct ui *ui, int y, int x, int w, const char *s,
    enum theme_elem e, unsigned extra, int pad)
{
	char *row, *fit;
	int used;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS || w <= 0)
		return 0;
	if (w > COLS - x)
		w = COLS - x;
	row = row_text(ui, s != NULL ? s : "");
	fit = text_fit(row, w, pad, ui->ascii);
	free(row);
	if (fit == NULL)
		return 0;
	attrset(ui->attr[e] | style_attrs(extra));
	mvaddstr(y, x, fit);
	used = text_width(fit);
	free(fit);
	attrset(A_NORMAL);
	return used;
}

void
ui_put(struct ui *ui, int y, int x, int w, const char *s, enum theme_elem e)
{
	put_text(ui, y, x, w, s, e, 0, 1);
}

int
ui_puts(struct ui *ui, int y, int x, int w, const char *s, enum theme_elem e)
{
	return put_text(ui, y, x, w, s, e, 0, 0);
}

int
ui_puts_attr(struct ui *ui, int y, int x, int w, const char *s,
    enum theme_elem e, unsigned extra)
{
	return put_text(ui, y, x, w, s, e, extra, 0);
}

void
ui_put_right(struct ui *ui, int y, int x, int w, const char *s,
    enum theme_elem e)
{
	char *row = row_text(ui, s != NULL ? s : "");
	int sw = text_width(row);

	if (sw >= w) {
		ui_put(ui, y, x, w, row, e);
	} else {
		ui_fill(ui, y, x, w - sw, e);
		ui_put(ui, y, x + w - sw, sw, row, e);
	}
	free(row);
}

void
ui_fill(struct ui *ui, int y, int x, int w, enum theme_elem e)
{
	int i;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS || w <= 0)
		return;
	if (w > COLS - x)
		w = COLS - x;
	attrset(ui->attr[e]);
	move(y, x);
	for (i = 0; i < w; i++)
		addch(' ');
	attrset(A_NORMAL);
}

/* Draws glyph (one column wide) n times from y,x, clipped to the screen. */
static void
put_glyphs(struct ui *ui, int y, int x, int n, const char *glyph,
    enum theme_elem e)
{
	int i;

	if (y < 0 || y >= LINES)
		return;
	attrset(ui->attr[e]);
	for (i = 0; i < n && x + i < COLS; i++) {
		if (x + i >= 0)
			mvaddstr(y, x + i, glyph);
	}
	attrset(A_NORMAL);
}

/*
 * Blanks the two-column characters of row y that columns x and last cut
 * in half, before a box is drawn from x to last over what a view drew:
 * ncurses leaves the other half of such a character in its picture of
 * the screen when one half is overwritten, and the terminal, which got
 * a space there, then disagrees with it until a full redraw.
 */
static void
keep_wide_whole(int y, int x, int last)
{
	int c = 0;

	if (y < 0 || y >= LINES)
		return;
	while (c <= last && c < COLS - 1) {
		wchar_t wc[CCHARW_MAX + 1];
		cchar_t cc;
		attr_t a;
		short pair;

		if (mvin_wch(y, c, &cc) == ERR ||
		    getcchar(&cc, wc, &a, &pair, NULL) == ERR ||
		    wcwidth(wc[0]) != 2) {
			c++;
			continue;
		}
		if ((c < x && c + 1 >= x) || (c <= last && c + 1 > last)) {
			attrset(A_NORMAL);
			mvaddstr(y, c, " ");
			mvaddstr(y, c + 1, " ");
		}
		c += 2;
	}
}

void
ui_box(struct ui *ui, int y, int x, int h, int w, enum theme_elem frame,
    enum theme_elem inside)
{
	const struct ui_glyphs *g = ui->g;
	int i;

	if (h < 2 || w < 2)
		return;
	for (i = 0; i < h; i++)
		keep_wide_whole(y + i, x, x + w - 1);
	put_glyphs(ui, y, x, 1, g->tl, frame);
	put_glyphs(ui, y, x + 1, w - 2, g->hline, frame);
	put_glyphs(ui, y, x + w - 1, 1, g->tr, frame);
	for (i = 1; i < h - 1; i++) {
		put_glyphs(ui, y + i, x, 1, g->vline, frame);
		ui_fill(ui, y + i, x + 1, w - 2, inside);
		put_glyphs(ui, y + i, x + w - 1, 1, g->vline, frame);
	}
	put_glyphs(ui, y + h - 1, x, 1, g->bl, frame);
	put_glyphs(ui, y + h - 1, x + 1, w - 2, g->hline, frame);
	put_glyphs(ui, y + h - 1, x + w - 1, 1, g->br, frame);
}

void
ui_vline(struct ui *ui, int y, int x, int h, enum theme_elem e)
{
	int i;

	for (i = 0; i < h; i++)
		put_glyphs(ui, y + i, x, 1, ui->g->vline, e);
}

/* ---- Table columns ------------------------------------------------- */

/* Sums the widths of visible fixed columns and counts visible columns. */
static int
columns_fixed(const struct ui_column *c, size_t n, const int *hidden,
    int use_min, int *nvisible)
{
	size_t i;
	int sum = 0;

	*nvisible = 0;
	for (i = 0; i < n; i++) {
		if (hidden[i])
			continue;
		(*nvisible)++;
		if (!c[i].flex)
			sum += use_min ? c[i].min :
			    (c[i].want > c[i].min ? c[i].want : c[i].min);
	}
	return sum;
}

void
ui_columns_layout(struct ui_column *c, size_t n, int width, int gap)
{
	int hidden[16] = { 0 };
	int use_min = 0, nvis, rest, x;
	size_t i, flex = n;

	if (n == 0 || n > G_NELEM(hidden))
		return;
	for (i = 0; i < n; i++) {
		if (c[i].flex && flex == n)
			flex = i;
	}
	for (;;) {
		size_t victim = n;

		rest = width - columns_fixed(c, n, hidden, use_min, &nvis) -
		    gap * (nvis - 1);
		if (flex == n || rest >= c[flex].min)
			break;
		for (i = 0; i < n; i++) {
			if (!hidden[i] && c[i].drop > 0 &&
			    (victim == n || c[i].drop > c[victim].drop))
				victim = i;
		}
		if (victim < n) {
			hidden[victim] = 1;
			continue;
		}
		if (use_min)
			break;
		use_min = 1;
	}
	x = 0;
	for (i = 0; i < n; i++) {
		int w;

		if (hidden[i]) {
			c[i].x = 0;
			c[i].w = 0;
			continue;
		}
		if (c[i].flex)
			w = i == flex ? (rest > 0 ? rest : 0) : 0;
		else if (use_min)
			w = c[i].min;
		else
			w = c[i].want > c[i].min ? c[i].want : c[i].min;
		if (x + w > width)
			w = width - x > 0 ? width - x : 0;
		c[i].x = x;
		c[i].w = w;
		if (w > 0)
			x += w + gap;
	}
}

void
ui_columns_header(struct ui *ui, const struct ui_column *c, size_t n, int y,
    int x, int w)
{
	size_t i;

	ui_fill(ui, y, x, w, THEME_HEADER);
	for (i = 0; i < n; i++)
		ui_column_put(ui, &c[i], y, x, c[i].title, THEME_HEADER);
}

void
ui_column_put(struct ui *ui, const struct ui_column *c, int y, int x,
    const char *s, enum theme_elem e)
{
	if (c->w <= 0)
		return;
	if (c->right)
		ui_put_right(ui, y, x + c->x, c->w, s, e);
	else
		ui_put(ui, y, x + c->x, c->w, s, e);
}

/* ---- The virtual list ---------------------------------------------- */

int
ui_list_action(struct ui_list *l, enum action a)
{
	size_t page = l->height > 2 ? (size_t)l->height - 1 : 1;

	switch (a) {
	case ACT_DOWN:
		if (l->cur + 1 < l->n)
			l->cur++;
		return 1;
	case ACT_UP:
		if (l->cur > 0)
			l->cur--;
		return 1;
	case ACT_PAGE_DOWN:
		if (l->n == 0)
			return 1;
		l->cur = l->cur + page < l->n ? l->cur + page : l->n - 1;
		l->top += page;
		return 1;
	case ACT_PAGE_UP:
		l->cur = l->cur > page ? l->cur - page : 0;
		l->top = l->top > page ? l->top - page : 0;
		return 1;
	case ACT_TOP:
		l->cur = 0;
		return 1;
	case ACT_BOTTOM:
		l->cur = l->n > 0 ? l->n - 1 : 0;
		return 1;
	default:
		return 0;
	}
}

void
ui_list_draw(struct ui_list *l, int y, int x, int h, int w, ui_row_fn *row,
    void *ctx)
{
	size_t rows, i;

	if (h <= 0 || w <= 0)
		return;
	l->height = h;
	l->y = y;
	rows = (size_t)h;
	if (l->n == 0) {
		l->cur = 0;
		l->top = 0;
		return;
	}
	if (l->cur >= l->n)
		l->cur = l->n - 1;
	if (l->top > l->cur)
		l->top = l->cur;
	if (l->cur >= l->top + rows)
		l->top = l->cur - rows + 1;
	if (l->top + rows > l->n)
		l->top = l->n > rows ? l->n - rows : 0;
	for (i = 0; i < rows && l->top + i < l->n; i++)
		row(ctx, l->top + i, y + (int)i, x, w, l->top + i == l->cur);
}

int
ui_list_hit(const struct ui_list *l, int y, size_t *row)
{
	size_t r;

	if (l->height <= 0 || y < l->y || y >= l->y + l->height)
		return -1;
	r = l->top + (size_t)(y - l->y);
	if (r >= l->n)
		return -1;
	*row = r;
	return 0;
}

/* ---- Styled lines -------------------------------------------------- */

struct ui_line *
ui_lines_add(struct ui_lines *ls)
{
	if (ls->n == ls->cap) {
		ls->cap = ls->cap > 0 ? ls->cap * 2 : 64;
		ls->v = xrealloc(ls->v, ls->cap * sizeof(*ls->v));
	}
	memset(&ls->v[ls->n], 0, sizeof(ls->v[0]));
	return &ls->v[ls->n++];
}

void
ui_line_addn(struct ui_line *l, enum theme_elem e, unsigned extra,
    const char *text, size_t len)
{
	l->spans = xrealloc(l->spans, (l->n + 1) * sizeof(*l->spans));
	l->spans[l->n].elem = e;
	l->spans[l->n].extra = extra;
	l->spans[l->n].text = xstrndup(text != NULL ? text : "", len);
	l->n++;
}

void
ui_line_add(struct ui_line *l, enum theme_elem e, const char *text)
{
	if (text == NULL)
		text = "";
	ui_line_addn(l, e, 0, text, strlen(text));
}

char *
ui_line_text(const struct ui_line *l)
{
	size_t i, len = 0, o = 0;
	char *r;

	for (i = 0; i < l->n; i++)
		len += strlen(l->spans[i].text);
	r = xmalloc(len + 1);
	for (i = 0; i < l->n; i++) {
		size_t n = strlen(l->spans[i].text);

		memcpy(r + o, l->spans[i].text, n);
		o += n;
	}
	r[o] = '\0';
	return r;
}

void
ui_lines_wrap(struct ui_lines *ls, const char *text, int width, int indent,
    enum theme_elem e)
{
	struct text_lines tl = { NULL, 0, 0 };
	char pad[64];
	size_t i;

	if (indent < 0)
		indent = 0;
	if (indent >= (int)sizeof(pad))
		indent = (int)sizeof(pad) - 1;
	if (width - indent < 1)
		indent = width > 1 ? width - 1 : 0;
	memset(pad, ' ', (size_t)indent);
	pad[indent] = '\0';
	if (text_wrap(text, width - indent > 0 ? width - indent : 1, &tl) < 0)
		tl.n = 0;
	for (i = 0; i < tl.n; i++) {
		struct ui_line *l = ui_lines_add(ls);

		if (indent > 0)
			ui_line_add(l, THEME_NORMAL, pad);
		ui_line_add(l, e, tl.lines[i]);
	}
	text_lines_release(&tl);
}

void
ui_lines_release(struct ui_lines *ls)
{
	size_t i, j;

	for (i = 0; i < ls->n; i++) {
		for (j = 0; j < ls->v[i].n; j++)
			free(ls->v[i].spans[j].text);
		free(ls->v[i].spans);
	}
	free(ls->v);
	ls->v = NULL;
	ls->n = 0;
	ls->cap = 0;
}

/*
 * Markdown styles to a theme element and extra attributes: the most
 * specific style wins the element (a link in a heading is a heading,
 * underlined).
 */
static enum theme_elem
md_elem(unsigned st, unsigned *extra)
{
	*extra = 0;
	if (st & MD_ST_BOLD)
		*extra |= THEME_ATTR_BOLD;
	if (st & MD_ST_ITALIC)
		*extra |= THEME_ATTR_ITALIC;
	if (st & MD_ST_STRIKE)
		*extra |= THEME_ATTR_DIM;
	if (st & MD_ST_HEADING) {
		if (st & MD_ST_LINK)
			*extra |= THEME_ATTR_UNDERLINE;
		return THEME_HEADING;
	}
	if (st & (MD_ST_CODE | MD_ST_CODEBLOCK))
		return THEME_CODE;
	if (st & MD_ST_LINK)
		return THEME_LINK;
	if (st & MD_ST_QUOTE)
		return THEME_QUOTE;
	if (st & (MD_ST_DIM | MD_ST_LISTMARK))
		return THEME_DIM;
	if (st & (MD_ST_RULE | MD_ST_TABLE))
		return THEME_BORDER;
	return THEME_NORMAL;
}

void
ui_lines_markdown(struct ui_lines *ls, const struct md_doc *doc, int margin)
{
	char pad[64];
	size_t i, j;

	if (margin < 0)
		margin = 0;
	if (margin >= (int)sizeof(pad))
		margin = (int)sizeof(pad) - 1;
	memset(pad, ' ', (size_t)margin);
	pad[margin] = '\0';
	for (i = 0; i < doc->n; i++) {
		const struct md_line *ml = &doc->lines[i];
		struct ui_line *l = ui_lines_add(ls);

		if (ml->nspans == 0)
			continue;
		if (margin > 0)
			ui_line_add(l, THEME_NORMAL, pad);
		for (j = 0; j < ml->nspans; j++) {
			const struct md_span *sp = &ml->spans[j];
			unsigned extra;
			enum theme_elem e = md_elem(sp->style, &extra);

			ui_line_addn(l, e, extra, ml->text + sp->off, sp->len);
		}
	}
}

/* ASCII lower case of c; other bytes as they are. */
static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/* The first occurrence of needle (n bytes) in s, or NULL. */
static const char *
find_nocase(const char *s, const char *needle, size_t n)
{
	const char *p;

	if (n == 0)
		return NULL;
	for (p = s; *p != '\0'; p++) {
		size_t k;

		for (k = 0; k < n && p[k] != '\0'; k++) {
			if (lower((unsigned char)p[k]) !=
			    lower((unsigned char)needle[k]))
				break;
		}
		if (k == n)
			return p;
	}
	return NULL;
}

int
ui_contains(const char *s, const char *needle)
{
	if (needle == NULL || needle[0] == '\0')
		return 1;
	return find_nocase(s, needle, strlen(needle)) != NULL;
}

/*
 * Draws one line, its spans in their styles, the byte ranges that match
 * in the match style. Returns the columns used.
 */
static int
draw_line(struct ui *ui, const struct ui_line *l, int y, int x, int w,
    const char *match)
{
	size_t mlen = match != NULL ? strlen(match) : 0;
	char *text = NULL;
	const char *hit = NULL;
	size_t base = 0, j;
	int col = 0;

	if (mlen > 0) {
		text = ui_line_text(l);
		hit = find_nocase(text, match, mlen);
	}
	for (j = 0; j < l->n && col < w; j++) {
		const struct ui_span *sp = &l->spans[j];
		size_t len = strlen(sp->text), off = 0;

		while (off < len && col < w) {
			size_t hs, he, n;
			enum theme_elem e = sp->elem;
			char *piece;

			/* The part before the next match, or the match. */
			while (hit != NULL &&
			    (size_t)(hit - text) + mlen <= base + off)
				hit = find_nocase(hit + mlen, match, mlen);
			hs = hit != NULL ? (size_t)(hit - text) : (size_t)-1;
			he = hit != NULL ? hs + mlen : (size_t)-1;
			if (hs <= base + off) {
				n = (he < base + len ? he : base + len) -
				    (base + off);
				e = THEME_MATCH;
			} else {
				n = (hs < base + len ? hs : base + len) -
				    (base + off);
			}
			piece = xstrndup(sp->text + off, n);
			col += ui_puts_attr(ui, y, x + col, w - col, piece, e,
			    e == THEME_MATCH ? 0 : sp->extra);
			free(piece);
			off += n;
		}
		base += len;
	}
	free(text);
	return col;
}

int
ui_line_draw(struct ui *ui, const struct ui_line *l, int y, int x, int w)
{
	return draw_line(ui, l, y, x, w, NULL);
}

void
ui_line_progress(const struct ui *ui, struct ui_line *l, int done, int total,
    int width)
{
	struct buf full = BUF_INIT, empty = BUF_INIT;
	int cells = ui->ascii ? width - 2 : width, n, i;

	if (cells < 1)
		return;
	if (total < 1)
		total = 1;
	if (done < 0)
		done = 0;
	if (done > total)
		done = total;
	/* Whole cells only: full when done, never full before. */
	n = (int)((long long)done * cells / total);
	if (n == 0 && done > 0)
		n = 1;
	if (n == cells && done < total)
		n = cells - 1;
	for (i = 0; i < cells; i++) {
		if (i < n)
			buf_adds(&full, ui->ascii ? "#" : "\xe2\x96\x88");
		else
			buf_adds(&empty, ui->ascii ? "-" : "\xe2\x96\x91");
	}
	if (ui->ascii)
		ui_line_add(l, THEME_DIM, "[");
	if (n > 0)
		ui_line_add(l, THEME_PROGRESS, buf_str(&full));
	if (n < cells)
		ui_line_add(l, THEME_DIM, buf_str(&empty));
	if (ui->ascii)
		ui_line_add(l, THEME_DIM, "]");
	buf_release(&full);
	buf_release(&empty);
}

void
ui_lines_draw(struct ui *ui, const struct ui_lines *ls, size_t top, int y,
    int x, int h, int w, const char *match)
{
	int r;

	for (r = 0; r < h && top + (size_t)r < ls->n; r++)
		draw_line(ui, &ls->v[top + (size_t)r], y + r, x, w, match);
}

/* ---- Text input ---------------------------------------------------- */

void
ui_input_clear(struct ui_input *in)
{
	in->len = 0;
	in->text[0] = '\0';
}

enum ui_input_result
ui_input_key(struct ui_input *in, int key)
{
	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		return UI_INPUT_DONE;
	case KEY_ESCAPE:
		return UI_INPUT_ABORT;
	case KEY_BACKSPACE:
	case 127:
	case KEY_CTRL('h'):
		/* One character: its continuation bytes, then its lead. */
		while (in->len > 0 &&
		    ((unsigned char)in->text[in->len - 1] & 0xc0) == 0x80)
			in->len--;
		if (in->len > 0)
			in->len--;
		in->text[in->len] = '\0';
		return UI_INPUT_EDIT;
	case KEY_CTRL('u'):
		ui_input_clear(in);
		return UI_INPUT_EDIT;
	default:
		break;
	}
	if (key >= KEY_MIN || key < 0x20)
		return UI_INPUT_PASS;
	if (key > 0xff)
		return UI_INPUT_EDIT;
	if (in->len + 1 < sizeof(in->text)) {
		in->text[in->len++] = (char)key;
		in->text[in->len] = '\0';
	}
	return UI_INPUT_EDIT;
}

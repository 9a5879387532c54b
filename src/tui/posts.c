/*
 * The scrolling list of posts shared by the thread and question views: a
 * virtual list whose items are many lines long. Lines are built per post
 * only when the post comes on screen (or is passed while scrolling), for
 * the width shown, and only the rows on screen are drawn; the position
 * is a post and a line in it, so nothing ever counts the lines of the
 * whole thread. Also the small helpers those views share: who is logged
 * in, ages and author names.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guild/timeutil.h"
#include "guild/util.h"

#include "ui.h"

void
post_list_init(struct post_list *pl, post_build_fn *build, void *ctx)
{
	memset(pl, 0, sizeof(*pl));
	pl->build = build;
	pl->ctx = ctx;
	pl->last_head = SIZE_MAX;
}

void
post_list_dirty(struct post_list *pl, size_t i)
{
	if (i >= pl->n || !pl->built[i])
		return;
	ui_lines_release(&pl->lines[i]);
	pl->built[i] = 0;
}

void
post_list_dirty_all(struct post_list *pl)
{
	size_t i;

	for (i = 0; i < pl->n; i++)
		post_list_dirty(pl, i);
}

void
post_list_release(struct post_list *pl)
{
	post_list_dirty_all(pl);
	FREE(&pl->lines);
	FREE(&pl->built);
	FREE(&pl->row_item);
	pl->n = 0;
	pl->cap = 0;
}

void
post_list_set_count(struct post_list *pl, size_t n)
{
	size_t i;

	for (i = n; i < pl->n; i++)
		post_list_dirty(pl, i);
	if (n > pl->cap) {
		size_t cap = n * 2 + 16;

		pl->lines = xrealloc(pl->lines, cap * sizeof(*pl->lines));
		pl->built = xrealloc(pl->built, cap * sizeof(*pl->built));
		memset(pl->built + pl->cap, 0, cap - pl->cap);
		memset(pl->lines + pl->cap, 0,
		    (cap - pl->cap) * sizeof(*pl->lines));
		pl->cap = cap;
	}
	pl->n = n;
	if (n == 0) {
		pl->top = pl->top_line = pl->cur = 0;
		return;
	}
	if (pl->cur >= n)
		pl->cur = n - 1;
	if (pl->top >= n) {
		pl->top = n - 1;
		pl->top_line = 0;
	}
}

/* The lines of post i, built for the current width when needed. */
static const struct ui_lines *
post_lines(struct post_list *pl, size_t i)
{
	if (!pl->built[i]) {
		memset(&pl->lines[i], 0, sizeof(pl->lines[i]));
		pl->build(pl->ctx, i, pl->width > 0 ? pl->width : 80,
		    &pl->lines[i]);
		/* Every post takes at least a line, so positions move. */
		if (pl->lines[i].n == 0)
			ui_lines_add(&pl->lines[i]);
		pl->built[i] = 1;
	}
	return &pl->lines[i];
}

static size_t
post_count(struct post_list *pl, size_t i)
{
	return post_lines(pl, i)->n;
}

/*
 * The furthest the top may go: the position from which the last line
 * of the last post is on the last row. Builds only the last few posts.
 */
static void
post_max_top(struct post_list *pl, size_t *item, size_t *line)
{
	size_t rest = pl->height > 0 ? (size_t)pl->height : 1, i = pl->n;

	*item = 0;
	*line = 0;
	while (i-- > 0) {
		size_t c = post_count(pl, i);

		if (c >= rest) {
			*item = i;
			*line = c - rest;
			return;
		}
		rest -= c;
	}
}

/* Keeps the top within the posts and not past the end. */
static void
post_clamp(struct post_list *pl)
{
	size_t mi, ml;

	if (pl->n == 0) {
		pl->top = pl->top_line = pl->cur = 0;
		return;
	}
	if (pl->top >= pl->n) {
		pl->top = pl->n - 1;
		pl->top_line = 0;
	}
	if (pl->top_line >= post_count(pl, pl->top))
		pl->top_line = post_count(pl, pl->top) - 1;
	post_max_top(pl, &mi, &ml);
	if (pl->top > mi || (pl->top == mi && pl->top_line > ml)) {
		pl->top = mi;
		pl->top_line = ml;
	}
	if (pl->cur >= pl->n)
		pl->cur = pl->n - 1;
}

/* Moves the top k lines down (never past the end). */
static void
post_scroll_down(struct post_list *pl, size_t k)
{
	while (k > 0 && pl->top < pl->n) {
		size_t c = post_count(pl, pl->top);

		if (pl->top_line + k < c) {
			pl->top_line += k;
			break;
		}
		if (pl->top + 1 >= pl->n) {
			pl->top_line = c - 1;
			break;
		}
		k -= c - pl->top_line;
		pl->top++;
		pl->top_line = 0;
	}
	post_clamp(pl);
}

/* Moves the top k lines up. */
static void
post_scroll_up(struct post_list *pl, size_t k)
{
	while (k > 0) {
		if (pl->top_line >= k) {
			pl->top_line -= k;
			break;
		}
		k -= pl->top_line;
		pl->top_line = 0;
		if (pl->top == 0)
			break;
		pl->top--;
		pl->top_line = post_count(pl, pl->top);
	}
	post_clamp(pl);
}

/*
 * The posts on screen from the top: the last with a line on it, and the
 * first whose first line is on it (SIZE_MAX when none).
 */
static void
post_visible(struct post_list *pl, size_t *last, size_t *first_head)
{
	size_t rows = 0, h = pl->height > 0 ? (size_t)pl->height : 1;
	size_t i = pl->top, line = pl->top_line;

	*last = pl->top;
	*first_head = SIZE_MAX;
	while (i < pl->n && rows < h) {
		size_t c = post_count(pl, i);

		if (line == 0 && *first_head == SIZE_MAX)
			*first_head = i;
		*last = i;
		rows += c - line;
		line = 0;
		i++;
	}
}

/* After scrolling: a selection that left the screen follows it. */
static void
post_follow(struct post_list *pl)
{
	size_t last, head;

	if (pl->n == 0)
		return;
	post_visible(pl, &last, &head);
	if (pl->cur >= pl->top && pl->cur <= last)
		return;
	pl->cur = head != SIZE_MAX ? head : pl->top;
}

int
post_list_key(struct post_list *pl, enum action a)
{
	size_t page = pl->height > 2 ? (size_t)pl->height - 1 : 1;
	size_t mi, ml;

	switch (a) {
	case ACT_DOWN:
		post_scroll_down(pl, 1);
		break;
	case ACT_UP:
		post_scroll_up(pl, 1);
		break;
	case ACT_PAGE_DOWN:
		post_scroll_down(pl, page);
		break;
	case ACT_PAGE_UP:
		post_scroll_up(pl, page);
		break;
	case ACT_TOP:
		pl->top = pl->top_line = pl->cur = 0;
		return 1;
	case ACT_BOTTOM:
		if (pl->n == 0)
			return 1;
		post_max_top(pl, &mi, &ml);
		pl->top = mi;
		pl->top_line = ml;
		pl->cur = pl->n - 1;
		return 1;
	default:
		return 0;
	}
	post_follow(pl);
	return 1;
}

void
post_list_select(struct post_list *pl, size_t i)
{
	if (i >= pl->n)
		return;
	pl->cur = i;
	pl->top = i;
	pl->top_line = 0;
	post_clamp(pl);
}

int
post_list_draw(struct ui *ui, struct post_list *pl, int y, int x, int h,
    int w, const char *match)
{
	size_t i, line;
	int r = 0;

	if (h <= 0 || w <= 0)
		return 0;
	if (pl->width != w) {
		post_list_dirty_all(pl);
		pl->width = w;
	}
	pl->height = h;
	pl->y = y;
	if ((size_t)h > pl->nrows) {
		pl->row_item = xrealloc(pl->row_item,
		    (size_t)h * sizeof(*pl->row_item));
		pl->nrows = (size_t)h;
	}
	pl->last_head = SIZE_MAX;
	pl->bottom = pl->top;
	post_clamp(pl);
	i = pl->top;
	line = pl->top_line;
	while (r < h && i < pl->n) {
		const struct ui_lines *ls = post_lines(pl, i);

		if (line == 0)
			pl->last_head = i;
		for (; line < ls->n && r < h; line++, r++) {
			ui_lines_draw(ui, ls, line, y + r, x, 1, w, match);
			if (i == pl->cur)
				ui_puts(ui, y + r, x, 1, " ", THEME_SELECTED);
			pl->row_item[r] = i;
		}
		pl->bottom = i;
		if (line >= ls->n) {
			line = 0;
			i++;
		}
	}
	pl->end_shown = i >= pl->n;
	pl->drawn = r;
	return r;
}

int
post_list_at_end(const struct post_list *pl)
{
	return pl->n == 0 || pl->end_shown;
}

int
post_list_hit(const struct post_list *pl, int y, size_t *item)
{
	int r = y - pl->y;

	if (pl->row_item == NULL || r < 0 || r >= pl->drawn)
		return -1;
	*item = pl->row_item[r];
	return *item < pl->n ? 0 : -1;
}

/* ---- Helpers of the posts views ------------------------------------ */

const char *
ui_me(const struct ui *ui)
{
	const char *p;

	if (ui->client->token == NULL || ui->identity == NULL ||
	    ui->identity[0] == '\0')
		return NULL;
	/* A user name, not "..." or "not logged in" while it is not known. */
	for (p = ui->identity; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '_' || *p == '-'))
			return NULL;
	}
	return ui->identity;
}

char *
ui_ago(const char *rfc3339, char *out, size_t outsz)
{
	time_t t;

	if (outsz == 0)
		return out;
	out[0] = '\0';
	if (rfc3339 != NULL && time_parse_rfc3339(rfc3339, &t) == 0)
		time_ago(t, time(NULL), out, outsz);
	return out;
}

char *
ui_author(const struct ui *ui, const struct post_author *a)
{
	char *both, *r;

	if (a->display_name == NULL || a->display_name[0] == '\0' ||
	    (a->username != NULL && strcmp(a->display_name, a->username) == 0))
		return ui_clean(ui, a->username != NULL ? a->username : "?");
	both = xasprintf("%s (%s)", a->display_name,
	    a->username != NULL ? a->username : "?");
	r = ui_clean(ui, both);
	free(both);
	return r;
}

char *
ui_key_hint(enum action a, char *out, size_t outsz)
{
	keys_for_action(a, out, outsz);
	out[strcspn(out, ",")] = '\0';
	return out;
}

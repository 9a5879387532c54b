/*
 * Helpers of the commands for buying and reading courses: tokens, lists
 * followed to the end, progress bars, local times and tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "guild/buf.h"
#include "guild/text.h"
#include "guild/timeutil.h"
#include "guild/util.h"
#include "learn.h"

/* Pages followed before giving up on a list that never ends. */
#define LEARN_MAX_PAGES	1000

void
learn_oom(void)
{
	fputs("guild: out of memory\n", stderr);
	exit(1);
}

int
learn_need_token(struct cli_ctx *ctx)
{
	struct gerr err;

	gerr_clear(&err);
	if (client_load_token(&ctx->client, &err) != 0)
		return cli_fail(&err);
	return 0;
}

int
learn_get(struct cli_ctx *ctx, const char *path, int anonymous, json_t **out,
    struct gerr *err)
{
	int rc;

	rc = api_call(&ctx->client, "GET", path, NULL, out, err);
	if (rc != 0 && anonymous && cli_drop_refused_token(ctx, err))
		rc = api_call(&ctx->client, "GET", path, NULL, out, err);
	if (rc == 0 && !json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return gerr_set(err, GERR_PROTO, 0, "the answer from %s to GET "
		    "%s is not a JSON object (do guild and guildd versions "
		    "match?)", ctx->client.server, path);
	}
	return rc;
}

/* Appends "?cursor=C" or "&cursor=C" (percent-encoded) to b. */
static void
learn_add_cursor(struct buf *b, const char *path, const char *cursor)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	buf_printf(b, "%s%ccursor=", path, strchr(path, '?') ? '&' : '?');
	for (p = (const unsigned char *)cursor; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.' || *p == '~')
			buf_addc(b, (char)*p);
		else
			buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

int
learn_get_all(struct cli_ctx *ctx, const char *path, json_t **out,
    struct gerr *err)
{
	struct buf	 p = BUF_INIT;
	json_t		*page = NULL, *all, *items, *next;
	char		*cursor = NULL;
	int		 pages = 0, rc = 0;

	*out = NULL;
	all = json_pack("{s:[], s:n, s:b}", "items", "next_cursor",
	    "has_more", 0);
	if (all == NULL)
		learn_oom();
	do {
		buf_reset(&p);
		if (cursor != NULL)
			learn_add_cursor(&p, path, cursor);
		else
			buf_adds(&p, path);
		if (p.failed)
			learn_oom();
		rc = api_call(&ctx->client, "GET", buf_str(&p), NULL, &page,
		    err);
		if (rc != 0)
			break;
		items = json_object_get(page, "items");
		if (!json_is_array(items)) {
			rc = gerr_set(err, GERR_PROTO, 0, "the answer from %s "
			    "to GET %s has no items (do guild and guildd "
			    "versions match?)", ctx->client.server, path);
			break;
		}
		json_array_extend(json_object_get(all, "items"), items);
		next = json_object_get(page, "next_cursor");
		FREE(&cursor);
		if (json_is_true(json_object_get(page, "has_more")) &&
		    json_string_value(next) != NULL)
			cursor = xstrdup(json_string_value(next));
		json_decref(page);
		page = NULL;
	} while (cursor != NULL && ++pages < LEARN_MAX_PAGES);
	json_decref(page);
	free(cursor);
	buf_release(&p);
	if (rc != 0) {
		json_decref(all);
		return -1;
	}
	*out = all;
	return 0;
}

int
learn_course(struct cli_ctx *ctx, const char *id_or_slug, struct course *out,
    json_t **raw, struct gerr *err)
{
	int rc;

	rc = api_course(&ctx->client, id_or_slug, out, raw, err);
	if (rc != 0 && cli_drop_refused_token(ctx, err))
		rc = api_course(&ctx->client, id_or_slug, out, raw, err);
	return rc;
}

char *
learn_progress(int done, int total, int ascii)
{
	struct buf	b = BUF_INIT;
	int		cells, filled, i;

	if (total < 0)
		total = 0;
	if (done < 0)
		done = 0;
	if (done > total)
		done = total;
	cells = total < 10 ? total : 10;
	filled = total > 0 ? (done * cells + total / 2) / total : 0;
	if (done > 0 && filled == 0)
		filled = 1;
	if (done < total && filled == cells && cells > 0)
		filled = cells - 1;
	buf_printf(&b, "%d/%d", done, total);
	if (cells > 0)
		buf_addc(&b, ' ');
	for (i = 0; i < cells; i++)
		buf_adds(&b, ascii ? (i < filled ? "#" : "-") :
		    (i < filled ? "\xe2\x96\xb0" : "\xe2\x96\xb1"));
	if (b.failed)
		learn_oom();
	return buf_detach(&b);
}

char *
learn_when(const char *rfc3339, char *out, size_t outsz)
{
	struct tm	 tm;
	time_t		 t;
	char		*clean;

	if (rfc3339 == NULL || *rfc3339 == '\0') {
		snprintf(out, outsz, "-");
		return out;
	}
	if (time_parse_rfc3339(rfc3339, &t) == 0 &&
	    localtime_r(&t, &tm) != NULL &&
	    strftime(out, outsz, "%Y-%m-%d %H:%M", &tm) > 0)
		return out;
	clean = cli_clean(rfc3339, 0);
	snprintf(out, outsz, "%s", clean);
	free(clean);
	return out;
}

int
learn_sgr(void)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0');
}

/* ---- tables ----------------------------------------------------------- */

void
learn_table_add(struct learn_table *t, char **row)
{
	size_t n = (size_t)t->ncols;

	t->cells = xrealloc(t->cells, (t->nrows + 1) * n * sizeof *t->cells);
	memcpy(t->cells + t->nrows * n, row, n * sizeof *row);
	t->nrows++;
}

void
learn_table_release(struct learn_table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * (size_t)t->ncols; i++)
		free(t->cells[i]);
	FREE(&t->cells);
	t->nrows = 0;
}

/* Appends s fitted to w columns, right-aligned or padded as asked. */
static void
learn_cell(struct buf *b, const char *s, int w, int right, int pad, int ascii)
{
	char	*fit;
	int	 sw;

	fit = text_fit(s, w, 0, ascii);
	if (fit == NULL)
		learn_oom();
	sw = text_width(fit);
	if (right)
		buf_printf(b, "%*s%s", w - sw, "", fit);
	else if (pad)
		buf_printf(b, "%s%*s", fit, w - sw, "");
	else
		buf_adds(b, fit);
	free(fit);
}

void
learn_table_print(const struct learn_table *t, int width, int ascii)
{
	struct buf	 b = BUF_INIT;
	const char	*s;
	int		*w, c, used, spare, cw;
	size_t		 r;

	w = xcalloc((size_t)t->ncols, sizeof *w);
	for (c = 0; c < t->ncols; c++)
		w[c] = text_width(t->cols[c].head);
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			cw = text_width(t->cells[r * (size_t)t->ncols +
			    (size_t)c]);
			if (cw > w[c])
				w[c] = cw;
		}
	used = 2 * (t->ncols - 1);
	for (c = 0; c < t->ncols; c++) {
		if (t->cols[c].max > 0 && w[c] > t->cols[c].max)
			w[c] = t->cols[c].max;
		used += w[c];
	}
	spare = width - used;
	for (c = 0; spare < 0 && c < t->ncols; c++) {
		if (!t->cols[c].shrink)
			continue;
		cw = w[c] + spare < 10 ? 10 : w[c] + spare;
		if (cw < w[c]) {
			spare += w[c] - cw;
			w[c] = cw;
		}
	}
	for (r = 0; r <= t->nrows; r++) {
		buf_reset(&b);
		for (c = 0; c < t->ncols; c++) {
			s = r == 0 ? t->cols[c].head :
			    t->cells[(r - 1) * (size_t)t->ncols + (size_t)c];
			if (c > 0)
				buf_adds(&b, "  ");
			learn_cell(&b, s, w[c], t->cols[c].right,
			    c + 1 < t->ncols, ascii);
		}
		if (b.failed)
			learn_oom();
		puts(buf_str(&b));
	}
	buf_release(&b);
	free(w);
}

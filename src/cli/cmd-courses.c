/* guild courses: the course catalog as a table or as JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "guild/buf.h"
#include "guild/text.h"
#include "guild/util.h"

static int	cmd_courses_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_courses_entry = {
	.name = "courses",
	.usage = "[--level LEVEL] [--limit N] [--all] [--json] | --for-me "
	    "[--json]",
	.summary = "list the course catalog",
	.help =
	    "Options:\n"
	    "  --level LEVEL  only beginner, intermediate or advanced courses\n"
	    "  --limit N      at most N courses per page (1-100; default: "
	    "the server's, 20)\n"
	    "  --all          follow the pages to the end of the catalog\n"
	    "  --json         print the server's JSON (with --all, one "
	    "object holding every item)\n"
	    "  --for-me       courses recommended for you (logged in): at "
	    "your level or the\n"
	    "                 next one up, none you own, most popular at "
	    "your level first\n",
	.exec = cmd_courses_exec,
};

/* Pages followed by --all before giving up on a server that never ends. */
#define COURSES_MAX_PAGES	1000

/* The catalog gathered from one or more pages. */
struct courses_list {
	struct course	*items;
	size_t		 n;
	int		 has_more;	/* after the last page fetched */
	json_t		*raw;		/* for --json: the page, or all items */
};

/* One table row, every cell sanitized and owned. */
struct courses_row {
	char	*cell[5];
};

enum { COL_ID, COL_TITLE, COL_LEVEL, COL_PRICE, COL_INSTRUCTOR, COL_N };

static const char *const courses_head[COL_N] = {
	"ID", "TITLE", "LEVEL", "PRICE", "INSTRUCTOR"
};

/* Moves a page's courses into the list (the page keeps no items). */
static void
courses_take(struct courses_list *l, struct course_page *p)
{
	l->items = xrealloc(l->items, (l->n + p->n + 1) * sizeof *l->items);
	memcpy(l->items + l->n, p->items, p->n * sizeof *p->items);
	l->n += p->n;
	p->n = 0;
	l->has_more = p->has_more;
}

/* Adds a page's raw items to the --all JSON object. */
static void
courses_take_raw(struct courses_list *l, json_t *page)
{
	json_t *items = json_object_get(page, "items");

	if (l->raw == NULL)
		l->raw = json_pack("{s:[], s:n, s:b}", "items", "next_cursor",
		    "has_more", 0);
	if (json_is_array(items))
		json_array_extend(json_object_get(l->raw, "items"), items);
}

/*
 * Fetches the first page, or with all every page. Retries anonymously
 * once if the server refuses a stored token. 0, or -1 with err.
 */
static int
courses_fetch(struct cli_ctx *ctx, struct course_query *q, int all,
    int want_json, struct courses_list *l, struct gerr *err)
{
	struct course_page	 page;
	json_t			*raw;
	char			*cursor = NULL;
	int			 pages = 0, rc = 0;

	do {
		q->cursor = cursor;
		rc = api_courses(&ctx->client, q, &page,
		    want_json ? &raw : NULL, err);
		if (rc != 0 && pages == 0 &&
		    cli_drop_refused_token(ctx, err))
			rc = api_courses(&ctx->client, q, &page,
			    want_json ? &raw : NULL, err);
		if (rc != 0)
			break;
		if (want_json && !all)
			l->raw = raw;
		else if (want_json) {
			courses_take_raw(l, raw);
			json_decref(raw);
		}
		courses_take(l, &page);
		free(cursor);
		cursor = page.next_cursor != NULL ?
		    xstrdup(page.next_cursor) : NULL;
		if (all && page.has_more && cursor == NULL)
			rc = gerr_set(err, GERR_PROTO, 0, "the server says "
			    "there are more courses but gives no next_cursor "
			    "(do guild and guildd versions match?)");
		course_page_release(&page);
	} while (rc == 0 && all && l->has_more &&
	    ++pages < COURSES_MAX_PAGES);
	free(cursor);
	return rc;
}

/* Fills a row of sanitized cells for c. */
static void
courses_row(const struct course *c, int ascii, struct courses_row *r)
{
	char money[64];

	r->cell[COL_ID] = xasprintf("%lld", (long long)c->id);
	r->cell[COL_TITLE] = cli_clean(c->title, 0);
	r->cell[COL_LEVEL] = xstrdup(level_name(c->level));
	r->cell[COL_PRICE] = xstrdup(money_format(&c->price, ascii, money,
	    sizeof money));
	r->cell[COL_INSTRUCTOR] = cli_clean(c->instructor_name != NULL &&
	    *c->instructor_name != '\0' ? c->instructor_name : c->instructor,
	    0);
}

/* Appends s fitted to w columns; right aligns when right is set. */
static void
courses_cell(struct buf *b, const char *s, int w, int right, int pad,
    int ascii)
{
	char	*fit;
	int	 sw;

	fit = text_fit(s, w, 0, ascii);
	if (fit == NULL) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	sw = text_width(fit);
	if (right)
		buf_printf(b, "%*s%s", w - sw, "", fit);
	else if (pad)
		buf_printf(b, "%s%*s", fit, w - sw, "");
	else
		buf_adds(b, fit);
	free(fit);
}

/*
 * Column widths for the terminal width: every column as wide as its
 * widest cell, then the title and instructor give way when too wide.
 */
static void
courses_widths(struct courses_row *rows, size_t n, int width, int *w)
{
	size_t	i;
	int	c, cw, used, spare;

	for (c = 0; c < COL_N; c++)
		w[c] = text_width(courses_head[c]);
	for (i = 0; i < n; i++)
		for (c = 0; c < COL_N; c++) {
			cw = text_width(rows[i].cell[c]);
			if (cw > w[c])
				w[c] = cw;
		}
	if (w[COL_INSTRUCTOR] > 24)
		w[COL_INSTRUCTOR] = 24;
	used = 2 * (COL_N - 1);
	for (c = 0; c < COL_N; c++)
		used += w[c];
	spare = width - used;
	if (spare >= 0)
		return;
	/* Narrow terminal: the title shrinks to 16, then the instructor. */
	cw = w[COL_TITLE] + spare < 16 ? 16 : w[COL_TITLE] + spare;
	spare += w[COL_TITLE] - cw;
	w[COL_TITLE] = cw;
	if (spare < 0)
		w[COL_INSTRUCTOR] = w[COL_INSTRUCTOR] + spare < 10 ? 10 :
		    w[COL_INSTRUCTOR] + spare;
}

/* Prints the list as a table fitted to the terminal. */
static void
courses_print(const struct courses_list *l, int ascii)
{
	struct courses_row	*rows;
	struct buf		 b = BUF_INIT;
	size_t			 i;
	int			 w[COL_N], c;

	rows = xcalloc(l->n + 1, sizeof *rows);
	for (i = 0; i < l->n; i++)
		courses_row(&l->items[i], ascii, &rows[i]);
	courses_widths(rows, l->n, cli_width(), w);
	for (i = 0; i <= l->n; i++) {
		buf_reset(&b);
		for (c = 0; c < COL_N; c++) {
			if (c > 0)
				buf_adds(&b, "  ");
			courses_cell(&b, i == 0 ? courses_head[c] :
			    rows[i - 1].cell[c], w[c],
			    c == COL_ID || c == COL_PRICE, c + 1 < COL_N,
			    ascii);
		}
		puts(buf_str(&b));
	}
	for (i = 0; i < l->n; i++)
		for (c = 0; c < COL_N; c++)
			free(rows[i].cell[c]);
	free(rows);
	buf_release(&b);
}

/*
 * guild courses --for-me: GET /api/v1/me/recommendations as the same
 * table, under a line saying which level picked them. Returns the exit
 * code; without a token says to log in (4).
 */
static int
courses_for_me(struct cli_ctx *ctx, int json)
{
	struct courses_list	 l;
	struct gerr		 err;
	const json_t		*items;
	json_t			*res = NULL;
	char			*level = NULL;
	size_t			 i;
	int			 rc;

	gerr_clear(&err);
	if (client_load_token(&ctx->client, &err) != 0 ||
	    api_call(&ctx->client, "GET", "/api/v1/me/recommendations", NULL,
	    &res, &err) != 0) {
		if (err.kind == GERR_AUTH) {
			cli_error("%s (recommendations are picked for a "
			    "logged-in member)", err.msg);
			return gerr_exit_code(&err);
		}
		return cli_fail(&err);
	}
	if (json) {
		rc = cli_print_json(res);
		json_decref(res);
		return rc;
	}
	memset(&l, 0, sizeof l);
	items = json_object_get(res, "items");
	if (!json_is_array(items))
		gerr_set(&err, GERR_PROTO, 0, "no items");
	l.items = xcalloc(json_array_size(items) + 1, sizeof *l.items);
	for (i = 0; err.kind == GERR_NONE && i < json_array_size(items);
	    i++) {
		if (course_from_json(json_array_get(items, i), &l.items[i],
		    &err) == 0)
			l.n = i + 1;
	}
	if (err.kind != GERR_NONE)
		rc = cli_error("cannot read the recommendations sent by %s: %s",
		    ctx->client.server, err.msg);
	else {
		level = cli_clean(json_string_value(json_object_get(res,
		    "level")), 0);
		printf("Recommended for you (%s): your level or the next one "
		    "up, none you own,\nmost popular at your level first.\n",
		    *level != '\0' ? level : "your level");
		if (l.n == 0)
			printf("Nothing to recommend right now: you own every "
			    "course at your level.\n");
		else
			courses_print(&l, cli_ascii(ctx));
		rc = 0;
	}
	for (i = 0; i < l.n; i++)
		course_release(&l.items[i]);
	free(l.items);
	free(level);
	json_decref(res);
	return rc;
}

static int
cmd_courses_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "level", required_argument, NULL, 'l' },
		{ "limit", required_argument, NULL, 'n' },
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "for-me", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct course_query	 q;
	struct courses_list	 l;
	struct gerr		 err;
	enum level		 lv;
	int64_t			 n;
	int			 ch, all = 0, json = 0, for_me = 0, rc;
	size_t			 i;

	memset(&q, 0, sizeof q);
	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'l':
			if (level_parse(optarg, &lv) != 0)
				return cli_usage_error(&cmd_courses_entry,
				    "bad level '%s' (use beginner, "
				    "intermediate or advanced)", optarg);
			q.level = level_name(lv);
			break;
		case 'n':
			if (parse_int64(optarg, 1, 100, &n) != 0)
				return cli_usage_error(&cmd_courses_entry,
				    "bad --limit '%s' (use 1 to 100)", optarg);
			q.limit = (int)n;
			break;
		case 'a':
			all = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'r':
			for_me = 1;
			break;
		case 'h':
			return cli_help(&cmd_courses_entry);
		default:
			return cli_usage(&cmd_courses_entry);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_courses_entry, "unexpected "
		    "argument '%s'", argv[optind]);
	if (for_me && (all || q.level != NULL || q.limit != 0))
		return cli_usage_error(&cmd_courses_entry, "--for-me goes "
		    "with --json only");
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	if (for_me)
		return courses_for_me(ctx, json);
	cli_token_optional(ctx);
	if (all && q.limit == 0)
		q.limit = 100;

	memset(&l, 0, sizeof l);
	gerr_clear(&err);
	rc = courses_fetch(ctx, &q, all, json, &l, &err);
	if (rc != 0)
		rc = cli_fail(&err);
	else if (json)
		rc = cli_print_json(l.raw);
	else if (l.n == 0)
		printf("No %s%scourses.\n", q.level ? q.level : "",
		    q.level ? " " : "");
	else {
		courses_print(&l, cli_ascii(ctx));
		if (l.has_more && !all)
			printf("more: guild courses%s%s --all\n",
			    q.level ? " --level " : "", q.level ? q.level : "");
	}
	for (i = 0; i < l.n; i++)
		course_release(&l.items[i]);
	free(l.items);
	json_decref(l.raw);
	return rc;
}

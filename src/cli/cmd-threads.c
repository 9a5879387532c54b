/* guild threads: discussion threads, as a table or as JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "discuss.h"
#include "guild/buf.h"
#include "guild/util.h"

static int	cmd_threads_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_threads_entry = {
	.name = "threads",
	.usage = "[--category SLUG|ID] [--sort latest|top] [--limit N] [--all] "
	    "[--json]",
	.summary = "list discussion threads",
	.help =
	    "Options:\n"
	    "  --category C   only threads of category C (a slug or an id; "
	    "see guild categories)\n"
	    "  --sort S       latest (recent activity first, the default) or "
	    "top (most liked)\n"
	    "  --limit N      at most N threads per page (1-100; default: the "
	    "server's, 20)\n"
	    "  --all          follow the pages to the end\n"
	    "  --json         print the server's JSON (with --all, one object "
	    "holding every item)\n"
	    "Pinned threads come first; the title shows pinned and locked "
	    "marks.\n",
	.exec = cmd_threads_exec,
};

static const struct discuss_col threads_cols[] = {
	{ "ID", 1, 0, 0, 0 },
	{ "TITLE", 0, 0, 1, 16 },
	{ "AUTHOR", 0, 20, 2, 8 },
	{ "REPLIES", 1, 0, 0, 0 },
	{ "ACTIVE", 0, 0, 0, 0 },
};

/* Prints the threads of page as a table. 0, or 1 on a bad answer. */
static int
threads_print(struct cli_ctx *ctx, const json_t *page)
{
	struct thread_page	 p;
	struct discuss_table	 t;
	struct gerr		 err;
	char			*row[5], *title, age[32];
	int			 ascii = cli_ascii(ctx);
	size_t			 i;

	gerr_clear(&err);
	if (thread_page_from_json(page, &p, &err) != 0) {
		thread_page_release(&p);
		return cli_error("cannot read the threads sent by %s: %s",
		    ctx->client.server, err.msg);
	}
	memset(&t, 0, sizeof t);
	t.cols = threads_cols;
	t.ncols = (int)G_NELEM(threads_cols);
	for (i = 0; i < p.n; i++) {
		const struct thread *th = &p.items[i];

		title = cli_clean(th->title, 0);
		row[0] = xasprintf("%lld", (long long)th->id);
		row[1] = xasprintf("%s%s%s",
		    th->pinned ? (ascii ? "[pinned] " : "\xf0\x9f\x93\x8c ") : "",
		    th->locked ? (ascii ? "[locked] " : "\xf0\x9f\x94\x92 ") : "",
		    title);
		row[2] = discuss_username(&th->author);
		row[3] = xasprintf("%lld", (long long)th->reply_count);
		row[4] = xstrdup(discuss_age(th->last_activity_at, age,
		    sizeof age));
		free(title);
		discuss_table_add(&t, row);
	}
	if (p.n == 0)
		printf("No threads.\n");
	else
		discuss_table_print(&t, cli_width(), ascii);
	discuss_table_release(&t);
	thread_page_release(&p);
	return 0;
}

static int
cmd_threads_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "category", required_argument, NULL, 'c' },
		{ "sort", required_argument, NULL, 's' },
		{ "limit", required_argument, NULL, 'n' },
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf	 path = BUF_INIT;
	struct gerr	 err;
	json_t		*page = NULL;
	const char	*category = NULL, *sort = NULL;
	char		*esc;
	int64_t		 limit = 0;
	int		 ch, all = 0, json = 0, rc;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'c':
			category = optarg;
			break;
		case 's':
			if (strcmp(optarg, "latest") != 0 &&
			    strcmp(optarg, "top") != 0)
				return cli_usage_error(&cmd_threads_entry,
				    "bad --sort '%s' (use latest or top)",
				    optarg);
			sort = optarg;
			break;
		case 'n':
			if (parse_int64(optarg, 1, 100, &limit) != 0)
				return cli_usage_error(&cmd_threads_entry,
				    "bad --limit '%s' (use 1 to 100)", optarg);
			break;
		case 'a':
			all = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(&cmd_threads_entry);
		default:
			return cli_usage(&cmd_threads_entry);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_threads_entry, "unexpected "
		    "argument '%s'", argv[optind]);
	if (category != NULL && *category == '\0')
		return cli_usage_error(&cmd_threads_entry, "empty --category");
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	cli_token_optional(ctx);
	if (all && limit == 0)
		limit = 100;
	buf_adds(&path, "/api/v1/threads");
	if (category != NULL) {
		esc = discuss_escape(category);
		buf_printf(&path, "?category=%s", esc);
		free(esc);
	}
	if (sort != NULL)
		buf_printf(&path, "%csort=%s", category ? '&' : '?', sort);
	if (limit > 0)
		buf_printf(&path, "%climit=%lld", category || sort ? '&' : '?',
		    (long long)limit);
	gerr_clear(&err);
	rc = discuss_get_pages(ctx, buf_str(&path), all, &page, &err);
	buf_release(&path);
	if (rc != 0) {
		if (err.kind == GERR_HTTP && err.status == 422 &&
		    category != NULL)
			return cli_error("%s (guild categories lists them)",
			    err.msg);
		return cli_fail(&err);
	}
	if (json)
		rc = cli_print_json(page);
	else {
		rc = threads_print(ctx, page);
		if (rc == 0 && !all &&
		    json_is_true(json_object_get(page, "has_more")))
			printf("more: add --all\n");
	}
	json_decref(page);
	return rc;
}

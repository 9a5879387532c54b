/* guild categories: the discussion categories, as a table or as JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "discuss.h"
#include "guild/util.h"

static int	cmd_categories_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_categories_entry = {
	.name = "categories",
	.usage = "[--json]",
	.summary = "list the discussion categories",
	.help =
	    "Options:\n"
	    "  --json    print the server's JSON\n",
	.exec = cmd_categories_exec,
};

static const struct discuss_col categories_cols[] = {
	{ "ID", 1, 0, 0, 0 },
	{ "SLUG", 0, 32, 2, 8 },
	{ "NAME", 0, 0, 1, 12 },
	{ "THREADS", 1, 0, 0, 0 },
};

/* Prints the categories of page as a table. 0, or 1 on a bad answer. */
static int
categories_print(struct cli_ctx *ctx, const json_t *page)
{
	struct category_page	 p;
	struct discuss_table	 t;
	struct gerr		 err;
	char			*row[4];
	size_t			 i;

	gerr_clear(&err);
	if (category_page_from_json(page, &p, &err) != 0) {
		category_page_release(&p);
		return cli_error("cannot read the categories sent by %s: %s",
		    ctx->client.server, err.msg);
	}
	if (p.n == 0) {
		printf("No categories.\n");
		category_page_release(&p);
		return 0;
	}
	memset(&t, 0, sizeof t);
	t.cols = categories_cols;
	t.ncols = (int)G_NELEM(categories_cols);
	for (i = 0; i < p.n; i++) {
		row[0] = xasprintf("%lld", (long long)p.items[i].id);
		row[1] = cli_clean(p.items[i].slug, 0);
		row[2] = cli_clean(p.items[i].name, 0);
		row[3] = xasprintf("%lld", (long long)p.items[i].thread_count);
		discuss_table_add(&t, row);
	}
	discuss_table_print(&t, cli_width(), cli_ascii(ctx));
	discuss_table_release(&t);
	category_page_release(&p);
	return 0;
}

static int
cmd_categories_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct gerr	 err;
	json_t		*page = NULL;
	int		 ch, json = 0, rc;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(&cmd_categories_entry);
		default:
			return cli_usage(&cmd_categories_entry);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_categories_entry, "unexpected "
		    "argument '%s'", argv[optind]);
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	cli_token_optional(ctx);
	gerr_clear(&err);
	if (discuss_get_pages(ctx, "/api/v1/categories", 0, &page, &err) != 0)
		return cli_fail(&err);
	rc = json ? cli_print_json(page) : categories_print(ctx, page);
	json_decref(page);
	return rc;
}

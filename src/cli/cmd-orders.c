/* guild orders: the member's orders, newest first, as a table or JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "guild/util.h"
#include "learn.h"

static int	cmd_orders_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_orders_entry = {
	.name = "orders",
	.usage = "[--json]",
	.summary = "list your orders and their status",
	.help =
	    "Options:\n"
	    "  --json    print every order as one page object {items, "
	    "next_cursor, has_more}\n",
	.exec = cmd_orders_exec,
};

static const struct learn_col orders_cols[] = {
	{ "ID", 1, 0, 0 },
	{ "STATUS", 0, 0, 0 },
	{ "AMOUNT", 1, 0, 0 },
	{ "COURSE", 0, 0, 1 },
	{ "CREATED", 0, 0, 0 },
};

/* Prints the orders as a table. */
static void
orders_print(const struct order_page *p, int ascii)
{
	struct learn_table	 t;
	char			*row[G_NELEM(orders_cols)], money[64], when[64];
	size_t			 i;

	memset(&t, 0, sizeof t);
	t.cols = orders_cols;
	t.ncols = (int)G_NELEM(orders_cols);
	for (i = 0; i < p->n; i++) {
		const struct order *o = &p->items[i];

		row[0] = xasprintf("%lld", (long long)o->id);
		row[1] = xstrdup(order_status_name(o->status));
		row[2] = xstrdup(money_format(&o->amount, ascii, money,
		    sizeof money));
		row[3] = cli_clean(o->course_title != NULL &&
		    *o->course_title != '\0' ? o->course_title :
		    o->course_slug, 0);
		row[4] = xstrdup(learn_when(o->created_at, when, sizeof when));
		learn_table_add(&t, row);
	}
	learn_table_print(&t, cli_width(), ascii);
	learn_table_release(&t);
}

static int
cmd_orders_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct order_page	 page;
	struct gerr		 err, why;
	json_t			*all = NULL;
	int			 ch, json = 0, rc;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(&cmd_orders_entry);
		default:
			return cli_usage(&cmd_orders_entry);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_orders_entry, "unexpected argument "
		    "'%s'", argv[optind]);
	rc = cli_setup(ctx);
	if (rc == 0)
		rc = learn_need_token(ctx);
	if (rc != 0)
		return rc;
	gerr_clear(&err);
	if (learn_get_all(ctx, "/api/v1/me/orders?limit=100", &all, &err) != 0)
		return cli_fail(&err);
	if (json) {
		rc = cli_print_json(all);
		json_decref(all);
		return rc;
	}
	gerr_clear(&why);
	if (order_page_from_json(all, &page, &why) != 0) {
		order_page_release(&page);
		json_decref(all);
		return cli_error("cannot read the orders sent by %s: %s (do "
		    "guild and guildd versions match?)", ctx->client.server,
		    why.msg);
	}
	if (page.n == 0)
		printf("No orders yet: guild courses lists the courses, guild "
		    "buy COURSE buys one.\n");
	else
		orders_print(&page, cli_ascii(ctx));
	order_page_release(&page);
	json_decref(all);
	return 0;
}

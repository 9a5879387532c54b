/* guild order: one of the member's orders, its checkout link or outcome. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "guild/shop.h"
#include "guild/util.h"
#include "learn.h"

static int	cmd_order_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_order_entry = {
	.name = "order",
	.usage = "ID [--json]",
	.summary = "show one order: status, amount, checkout link or outcome",
	.help =
	    "Arguments:\n"
	    "  ID        the order's number, as guild orders and guild buy "
	    "show it\n"
	    "Options:\n"
	    "  --json    print the server's JSON\n",
	.exec = cmd_order_exec,
};

/* Prints the order for people. */
static void
order_print(const struct order *o, int ascii)
{
	char	*title, *slug, *s, money[64], when[64];

	title = cli_clean(o->course_title, 0);
	slug = cli_clean(o->course_slug, 0);
	printf("Order %lld: %s\n", (long long)o->id,
	    order_status_name(o->status));
	printf("  course      %s (%s)\n", title, slug);
	printf("  amount      %s\n", money_format(&o->amount, ascii, money,
	    sizeof money));
	printf("  created     %s\n", learn_when(o->created_at, when,
	    sizeof when));
	if (o->paid_at != NULL)
		printf("  paid at     %s\n", learn_when(o->paid_at, when,
		    sizeof when));
	if (o->refunded_at != NULL)
		printf("  refunded    %s\n", learn_when(o->refunded_at, when,
		    sizeof when));
	if (o->failure_reason != NULL) {
		s = cli_clean(purchase_reason_text(o->failure_reason), 0);
		printf("  reason      %s\n", s);
		free(s);
	}
	if (o->status == ORDER_PENDING && o->checkout_url != NULL) {
		s = cli_clean(o->checkout_url, 0);
		printf("  pay at      %s\n", s);
		free(s);
	}
	if (o->status == ORDER_PAID)
		printf("Read it: guild lesson %s 1\n", slug);
	else if (o->status == ORDER_FAILED || o->status == ORDER_CANCELED)
		printf("Buy again: guild buy %s\n", slug);
	free(title);
	free(slug);
}

static int
cmd_order_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct order	 o;
	struct gerr	 err, why;
	json_t		*raw = NULL;
	int64_t		 id;
	char		 path[64];
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
			return cli_help(&cmd_order_entry);
		default:
			return cli_usage(&cmd_order_entry);
		}
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_order_entry, "missing the order "
		    "ID");
	if (optind + 1 < argc)
		return cli_usage_error(&cmd_order_entry, "unexpected argument "
		    "'%s'", argv[optind + 1]);
	if (parse_int64(argv[optind], 1, INT64_MAX, &id) != 0)
		return cli_usage_error(&cmd_order_entry, "bad order ID '%s' "
		    "(a number, as guild orders shows)", argv[optind]);
	rc = cli_setup(ctx);
	if (rc == 0)
		rc = learn_need_token(ctx);
	if (rc != 0)
		return rc;
	snprintf(path, sizeof path, "/api/v1/orders/%lld", (long long)id);
	gerr_clear(&err);
	if (learn_get(ctx, path, 0, &raw, &err) != 0) {
		if (err.kind == GERR_HTTP && err.status == 404)
			return cli_error("%s (guild orders lists yours)",
			    err.msg);
		return cli_fail(&err);
	}
	if (json) {
		rc = cli_print_json(raw);
		json_decref(raw);
		return rc;
	}
	gerr_clear(&why);
	if (order_from_json(raw, &o, &why) != 0) {
		order_release(&o);
		json_decref(raw);
		return cli_error("cannot read the order sent by %s: %s (do "
		    "guild and guildd versions match?)", ctx->client.server,
		    why.msg);
	}
	order_print(&o, cli_ascii(ctx));
	order_release(&o);
	json_decref(raw);
	return 0;
}

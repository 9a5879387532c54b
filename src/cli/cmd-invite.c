/*
 * guild invite: my referral code and the link to share, what it has
 * brought, and with --list the members who joined with it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "community.h"
#include "discuss.h"
#include "guild/util.h"

static int	cmd_invite_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_invite_entry = {
	.name = "invite",
	.usage = "[--list] [--json]",
	.summary = "your referral code and link, and who joined with it",
	.help =
	    "Prints your referral code, the link to share, how many members "
	    "joined with it\nand the points it earned you. A friend who "
	    "registers through the link (or\nsends the code as "
	    "referral_code when registering) is linked to you.\n"
	    "Options:\n"
	    "  --list         also list the members who joined with your "
	    "code\n"
	    "  --json         print the server's JSON (with --list, a "
	    "\"referrals\" member\n"
	    "                 holding them)\n"
	    "Needs guild login.\n",
	.exec = cmd_invite_exec,
};

static const struct discuss_col invite_cols[] = {
	{ "MEMBER", 0, 0, 1, 8 },
	{ "JOINED", 0, 0, 0, 0 },
	{ "BOUGHT", 0, 0, 0, 0 },
	{ "POINTS", 1, 0, 0, 0 },
};

/* The code, link and counts. 0, or 1 on a bad answer. */
static int
invite_print_info(struct cli_ctx *ctx, const json_t *j)
{
	struct referral_info	 r;
	struct gerr		 err;
	char			*code, *link;

	gerr_clear(&err);
	if (referral_info_from_json(j, &r, &err) != 0)
		return community_unreadable(ctx, "referral code", &err);
	code = cli_clean(r.code, 0);
	link = cli_clean(r.link, 0);
	printf("Your referral code: %s\n", code);
	if (*link != '\0')
		printf("Share this link:    %s\n", link);
	printf("%lld member%s joined with it; it earned you %lld point%s.\n",
	    (long long)r.joined, r.joined == 1 ? "" : "s",
	    (long long)r.points, r.points == 1 ? "" : "s");
	free(link);
	free(code);
	referral_info_release(&r);
	return 0;
}

/* The members who joined, as a table. 0, or 1 on a bad answer. */
static int
invite_print_list(struct cli_ctx *ctx, const json_t *j)
{
	struct referral_page	 p;
	struct discuss_table	 t;
	struct gerr		 err;
	char			*row[4], when[32];
	size_t			 i;

	gerr_clear(&err);
	memset(&p, 0, sizeof p);
	if (referral_page_from_json(j, &p, &err) != 0) {
		referral_page_release(&p);
		return community_unreadable(ctx, "referrals", &err);
	}
	putchar('\n');
	if (p.n == 0) {
		printf("No one has joined with your code yet.\n");
		referral_page_release(&p);
		return 0;
	}
	memset(&t, 0, sizeof t);
	t.cols = invite_cols;
	t.ncols = (int)G_NELEM(invite_cols);
	for (i = 0; i < p.n; i++) {
		row[0] = cli_clean(p.items[i].username, 0);
		row[1] = xstrdup(community_local_time(p.items[i].joined_at,
		    "%Y-%m-%d", when, sizeof when));
		row[2] = xstrdup(p.items[i].purchased ? "yes" : "no");
		row[3] = xasprintf("%lld", (long long)p.items[i].points);
		discuss_table_add(&t, row);
	}
	discuss_table_print(&t, cli_width(), cli_ascii(ctx));
	discuss_table_release(&t);
	referral_page_release(&p);
	return 0;
}

static int
cmd_invite_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "list", no_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct gerr	 err;
	json_t		*info = NULL, *list = NULL;
	int		 ch, json = 0, want_list = 0, rc;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'l':
			want_list = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(&cmd_invite_entry);
		default:
			return cli_usage(&cmd_invite_entry);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_invite_entry, "unexpected "
		    "argument '%s'", argv[optind]);
	rc = cli_setup(ctx);
	if (rc == 0)
		rc = discuss_need_token(ctx);
	if (rc != 0)
		return rc;
	gerr_clear(&err);
	if (api_call(&ctx->client, "GET", "/api/v1/me/referral", NULL, &info,
	    &err) != 0)
		return cli_fail(&err);
	if (want_list && discuss_get_pages(ctx, "/api/v1/me/referrals?"
	    "limit=100", 1, &list, &err) != 0) {
		json_decref(info);
		return cli_fail(&err);
	}
	if (json) {
		if (list != NULL)
			json_object_set(info, "referrals",
			    json_object_get(list, "items"));
		rc = cli_print_json(info);
	} else {
		rc = invite_print_info(ctx, info);
		if (rc == 0 && list != NULL)
			rc = invite_print_list(ctx, list);
	}
	json_decref(list);
	json_decref(info);
	return rc;
}

/*
 * guild inbox: my notifications, newest first with the unread ones
 * marked, and guild inbox read to mark them read.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "community.h"
#include "discuss.h"
#include "guild/buf.h"
#include "guild/util.h"

static int	cmd_inbox_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_inbox_entry = {
	.name = "inbox",
	.usage = "[--unread] [--limit N] [--all] [--json] | "
	    "read --all | read ID...",
	.summary = "your notifications; mark them read",
	.help =
	    "guild inbox lists your notifications, newest first; unread ones "
	    "are marked\n(* in ASCII terminals). OPEN names what it is "
	    "about (guild thread, question,\norder, event or profile shows "
	    "it).\n"
	    "  --unread       only the unread ones\n"
	    "  --limit N      at most N per page (1-100; default: the "
	    "server's, 20)\n"
	    "  --all          follow the pages to the end\n"
	    "  --json         print the server's JSON\n\n"
	    "guild inbox read --all marks every notification read; guild "
	    "inbox read ID...\nmarks those. Both print how many are left "
	    "unread.\n"
	    "Needs guild login.\n",
	.exec = cmd_inbox_exec,
};

static const struct discuss_col inbox_cols[] = {
	{ "", 0, 0, 0, 0 },
	{ "ID", 1, 0, 0, 0 },
	{ "WHEN", 0, 0, 0, 0 },
	{ "WHAT", 0, 0, 1, 16 },
	{ "OPEN", 0, 0, 2, 6 },
};

/* What a notification opens, "thread 12" or "profile ann"; caller frees. */
static char *
inbox_subject(const struct notification *n)
{
	char *s, *r;

	if (n->subject_type == NULL)
		return xstrdup("");
	if (strcmp(n->subject_type, "user") == 0) {
		s = cli_clean(n->subject_name, 0);
		r = xasprintf("profile %s", s);
		free(s);
		return r;
	}
	s = cli_clean(n->subject_type, 0);
	r = n->subject_id > 0 ? xasprintf("%s %lld", s,
	    (long long)n->subject_id) : xstrdup(s);
	free(s);
	return r;
}

/* Prints a page of the inbox. 0, or 1 on a bad answer. */
static int
inbox_print(struct cli_ctx *ctx, const json_t *j, int unread_only)
{
	struct notification_page p;
	struct discuss_table	 t;
	struct gerr		 err;
	char			*row[5], age[32];
	int			 ascii = cli_ascii(ctx);
	size_t			 i;

	gerr_clear(&err);
	memset(&p, 0, sizeof p);
	if (notification_page_from_json(j, &p, &err) != 0) {
		notification_page_release(&p);
		return community_unreadable(ctx, "inbox", &err);
	}
	printf("%lld unread\n", (long long)p.unread);
	if (p.n == 0) {
		printf(unread_only ? "No unread notifications.\n" :
		    "No notifications.\n");
		notification_page_release(&p);
		return 0;
	}
	putchar('\n');
	memset(&t, 0, sizeof t);
	t.cols = inbox_cols;
	t.ncols = (int)G_NELEM(inbox_cols);
	for (i = 0; i < p.n; i++) {
		const struct notification *n = &p.items[i];

		row[0] = xstrdup(n->read ? "" : ascii ? "*" :
		    "\xe2\x97\x8f");	/* ● */
		row[1] = xasprintf("%lld", (long long)n->id);
		row[2] = xstrdup(discuss_age(n->created_at, age, sizeof age));
		row[3] = cli_clean(n->text, 0);
		row[4] = inbox_subject(n);
		discuss_table_add(&t, row);
	}
	discuss_table_print(&t, cli_width(), ascii);
	discuss_table_release(&t);
	notification_page_release(&p);
	return 0;
}

/* guild inbox [--unread] [--limit N] [--all] [--json] */
static int
inbox_list(struct cli_ctx *ctx, int unread, int64_t limit, int all, int json)
{
	struct buf	 path = BUF_INIT;
	struct gerr	 err;
	json_t		*page = NULL;
	int		 rc;

	rc = cli_setup(ctx);
	if (rc == 0)
		rc = discuss_need_token(ctx);
	if (rc != 0)
		return rc;
	if (all && limit == 0)
		limit = 100;
	buf_adds(&path, "/api/v1/me/notifications");
	if (unread)
		buf_adds(&path, "?unread=1");
	if (limit > 0)
		buf_printf(&path, "%climit=%lld", unread ? '&' : '?',
		    (long long)limit);
	gerr_clear(&err);
	rc = discuss_get_pages(ctx, buf_str(&path), all, &page, &err);
	buf_release(&path);
	if (rc != 0)
		return cli_fail(&err);
	if (all) {
		/* The merged page lacks the count: take it from a small page. */
		json_t *first = NULL;

		if (discuss_get(ctx, "/api/v1/me/notifications?unread=1&"
		    "limit=1", &first, &err) == 0)
			json_object_set(page, "unread",
			    json_object_get(first, "unread"));
		json_decref(first);
	}
	rc = community_show_list(ctx, page, json, all, inbox_print, unread);
	json_decref(page);
	return rc;
}

/*
 * guild inbox read --all | ID...: marks them read, then prints how many
 * are left unread (from the answer, else asked for).
 */
static int
inbox_read(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct gerr	 err;
	json_t		*body, *ids, *res = NULL;
	int64_t		 id, unread = -1;
	int		 ch, all = 0, i, rc;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'a':
			all = 1;
			break;
		case 'h':
			return cli_help(&cmd_inbox_entry);
		default:
			return cli_usage(&cmd_inbox_entry);
		}
	}
	if (all == (optind < argc))
		return cli_usage_error(&cmd_inbox_entry, "inbox read takes "
		    "--all or notification ids (one of the two)");
	ids = json_array();
	for (i = optind; i < argc; i++) {
		if (discuss_parse_id(argv[i], 0, &id) != 0) {
			json_decref(ids);
			return cli_usage_error(&cmd_inbox_entry, "bad "
			    "notification id '%s' (the numbers in guild "
			    "inbox)", argv[i]);
		}
		json_array_append_new(ids, json_integer((json_int_t)id));
	}
	if (all) {
		json_decref(ids);
		body = json_pack("{s:b}", "all", 1);
	} else {
		body = json_pack("{s:o}", "ids", ids);
	}
	if (body == NULL) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	rc = cli_setup(ctx);
	if (rc == 0)
		rc = discuss_need_token(ctx);
	if (rc != 0) {
		json_decref(body);
		return rc;
	}
	gerr_clear(&err);
	rc = api_call(&ctx->client, "POST", "/api/v1/me/notifications/read",
	    body, &res, &err);
	json_decref(body);
	if (rc != 0)
		return cli_fail(&err);
	if (json_is_integer(json_object_get(res, "unread")))
		unread = json_integer_value(json_object_get(res, "unread"));
	json_decref(res);
	res = NULL;
	if (unread < 0 && api_call(&ctx->client, "GET",
	    "/api/v1/me/notifications?unread=1&limit=1", NULL, &res, &err) == 0)
		unread = json_integer_value(json_object_get(res, "unread"));
	json_decref(res);
	if (unread < 0)
		return cli_fail(&err);
	printf("%lld unread\n", (long long)unread);
	return 0;
}

static int
cmd_inbox_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "unread", no_argument, NULL, 'u' },
		{ "limit", required_argument, NULL, 'n' },
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int64_t	limit = 0;
	int	ch, unread = 0, all = 0, json = 0;

	if (argc > 1 && strcmp(argv[1], "read") == 0) {
		argv[1] = argv[0];
		return inbox_read(ctx, argc - 1, argv + 1);
	}
	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'u':
			unread = 1;
			break;
		case 'n':
			if (parse_int64(optarg, 1, 100, &limit) != 0)
				return cli_usage_error(&cmd_inbox_entry,
				    "bad --limit '%s' (use 1 to 100)", optarg);
			break;
		case 'a':
			all = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(&cmd_inbox_entry);
		default:
			return cli_usage(&cmd_inbox_entry);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_inbox_entry, "unexpected "
		    "argument '%s' (did you mean guild inbox read?)",
		    argv[optind]);
	return inbox_list(ctx, unread, limit, all, json);
}

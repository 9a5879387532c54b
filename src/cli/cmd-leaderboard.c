/* guild leaderboard: members ranked by points, with my own rank marked. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "community.h"
#include "discuss.h"
#include "guild/util.h"

static int	cmd_leaderboard_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_leaderboard_entry = {
	.name = "leaderboard",
	.usage = "[--period week|month|all] [--limit N] [--json]",
	.summary = "members ranked by points",
	.help =
	    "Options:\n"
	    "  --period P     week (the last 7 days), month (the last 30 "
	    "days) or all\n"
	    "                 (all time, the default)\n"
	    "  --limit N      show the top N members (1-10000; default 20)\n"
	    "  --json         print the server's JSON: one page object "
	    "holding the top N\n"
	    "Members with equal points share a rank. Logged in, your row is "
	    "marked \"(you)\";\nwhen you are not among the top N, your rank "
	    "and the members around you\nfollow below a separator. Anyone "
	    "may look without logging in.\n",
	.exec = cmd_leaderboard_exec,
};

#define LEADERBOARD_DEFAULT	20
#define LEADERBOARD_MAX		10000
#define LEADERBOARD_PAGE	100	/* the server's largest page */

static const struct discuss_col leaderboard_cols[] = {
	{ "RANK", 1, 0, 0, 0 },
	{ "MEMBER", 0, 0, 1, 8 },
	{ "LEVEL", 1, 0, 0, 0 },
	{ "POINTS", 1, 0, 0, 0 },
};

/*
 * The top limit rows of period: pages of at most 100 followed through
 * next_cursor, merged into the first page's object (its "me" kept; the
 * cursor and has_more are the last page's). 0 with *out (caller
 * decrefs), or -1 with err.
 */
static int
leaderboard_fetch(struct cli_ctx *ctx, const char *period, int64_t limit,
    json_t **out, struct gerr *err)
{
	json_t		*acc = NULL, *page = NULL, *items, *next;
	char		*path, *cur = NULL;
	int64_t		 left = limit, n;

	*out = NULL;
	for (;;) {
		n = left < LEADERBOARD_PAGE ? left : LEADERBOARD_PAGE;
		if (cur == NULL)
			path = xasprintf("/api/v1/leaderboard?period=%s&"
			    "limit=%lld", period, (long long)n);
		else
			path = xasprintf("/api/v1/leaderboard?period=%s&"
			    "limit=%lld&cursor=%s", period, (long long)n, cur);
		FREE(&cur);
		if (discuss_get(ctx, path, &page, err) != 0) {
			free(path);
			json_decref(acc);
			return -1;
		}
		free(path);
		items = json_object_get(page, "items");
		if (!json_is_array(items)) {
			json_decref(page);
			json_decref(acc);
			return gerr_set(err, GERR_PROTO, 0, "cannot read the "
			    "leaderboard sent by %s: no items (do guild and "
			    "guildd versions match?)", ctx->client.server);
		}
		if (acc == NULL) {
			acc = page;
		} else {
			json_array_extend(json_object_get(acc, "items"),
			    items);
			json_object_set(acc, "next_cursor",
			    json_object_get(page, "next_cursor"));
			json_object_set(acc, "has_more",
			    json_object_get(page, "has_more"));
			json_decref(page);
		}
		page = NULL;
		left = limit - (int64_t)json_array_size(json_object_get(acc,
		    "items"));
		next = json_object_get(acc, "next_cursor");
		if (left <= 0 || !json_is_true(json_object_get(acc,
		    "has_more")) || !json_is_string(next) ||
		    json_array_size(items) == 0)
			break;
		cur = discuss_escape(json_string_value(next));
	}
	*out = acc;
	return 0;
}

/* Adds row e to t, "(you)" after the name when mine. */
static void
leaderboard_add(struct discuss_table *t, const struct leaderboard_entry *e,
    int mine)
{
	char *row[4], *name;

	name = cli_clean(e->username, 0);
	row[0] = e->rank > 0 ? xasprintf("%lld", (long long)e->rank) :
	    xstrdup("-");
	row[1] = mine ? xasprintf("%s (you)", name) : xstrdup(name);
	row[2] = xasprintf("%lld", (long long)e->level);
	row[3] = xasprintf("%lld", (long long)e->points);
	free(name);
	discuss_table_add(t, row);
}

/* 1 when a row of p names user. */
static int
leaderboard_has(const struct leaderboard_page *p, const char *user)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->items[i].username != NULL &&
		    strcmp(p->items[i].username, user) == 0)
			return 1;
	return 0;
}

/* Words for a period. */
static const char *
leaderboard_period_words(const char *period)
{
	if (strcmp(period, "week") == 0)
		return "this week (the last 7 days)";
	if (strcmp(period, "month") == 0)
		return "this month (the last 30 days)";
	return "all time";
}

/*
 * Prints the page as a table; me (may be NULL) is my username. Rows
 * around mine follow a separator when I am not on the page. 0, or 1 on
 * a bad answer.
 */
static int
leaderboard_print(struct cli_ctx *ctx, const json_t *j, const char *period,
    const char *me)
{
	struct leaderboard_page	 p;
	struct leaderboard_entry self;
	struct discuss_table	 t;
	struct gerr		 err;
	char			*sep[4];
	int			 ascii = cli_ascii(ctx), on_page, i;
	size_t			 k;

	gerr_clear(&err);
	memset(&p, 0, sizeof p);
	if (leaderboard_page_from_json(j, &p, &err) != 0) {
		leaderboard_page_release(&p);
		return community_unreadable(ctx, "leaderboard", &err);
	}
	printf("Leaderboard, %s\n\n", leaderboard_period_words(period));
	memset(&t, 0, sizeof t);
	t.cols = leaderboard_cols;
	t.ncols = (int)G_NELEM(leaderboard_cols);
	for (k = 0; k < p.n; k++)
		leaderboard_add(&t, &p.items[k], me != NULL &&
		    p.items[k].username != NULL &&
		    strcmp(p.items[k].username, me) == 0);
	on_page = me != NULL && leaderboard_has(&p, me);
	if (p.has_me && me != NULL && !on_page && p.me.rank > 0) {
		for (i = 0; i < 4; i++)
			sep[i] = xstrdup(i == 0 ? (ascii ? "..." :
			    "\xe2\x80\xa6") : "");
		discuss_table_add(&t, sep);
		if (p.above.username != NULL &&
		    !leaderboard_has(&p, p.above.username))
			leaderboard_add(&t, &p.above, 0);
		self = p.me;
		self.username = (char *)me;
		leaderboard_add(&t, &self, 1);
		if (p.below.username != NULL)
			leaderboard_add(&t, &p.below, 0);
	}
	if (t.nrows == 0)
		printf("No one has points for %s yet.\n",
		    leaderboard_period_words(period));
	else
		discuss_table_print(&t, cli_width(), ascii);
	if (p.has_me && p.me.rank == 0)
		printf("\nYou have no points for %s yet.\n",
		    leaderboard_period_words(period));
	else if (p.has_me && me != NULL && !on_page && p.me.rank > 0)
		printf("\nYou are #%lld with %lld point%s.\n",
		    (long long)p.me.rank, (long long)p.me.points,
		    p.me.points == 1 ? "" : "s");
	discuss_table_release(&t);
	leaderboard_page_release(&p);
	return 0;
}

static int
cmd_leaderboard_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "period", required_argument, NULL, 'p' },
		{ "limit", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct gerr	 err;
	json_t		*page = NULL;
	const char	*period = "all";
	char		*me = NULL;
	int64_t		 limit = LEADERBOARD_DEFAULT;
	int		 ch, json = 0, rc;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'p':
			if (strcmp(optarg, "week") != 0 &&
			    strcmp(optarg, "month") != 0 &&
			    strcmp(optarg, "all") != 0)
				return cli_usage_error(&cmd_leaderboard_entry,
				    "bad --period '%s' (use week, month or "
				    "all)", optarg);
			period = optarg;
			break;
		case 'n':
			if (parse_int64(optarg, 1, LEADERBOARD_MAX, &limit) != 0)
				return cli_usage_error(&cmd_leaderboard_entry,
				    "bad --limit '%s' (use 1 to %d)", optarg,
				    LEADERBOARD_MAX);
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(&cmd_leaderboard_entry);
		default:
			return cli_usage(&cmd_leaderboard_entry);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_leaderboard_entry, "unexpected "
		    "argument '%s'", argv[optind]);
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	cli_token_optional(ctx);
	gerr_clear(&err);
	if (leaderboard_fetch(ctx, period, limit, &page, &err) != 0)
		return cli_fail(&err);
	if (json) {
		rc = cli_print_json(page);
		json_decref(page);
		return rc;
	}
	/* Only a logged-in caller gets "me"; then find my name to mark. */
	if (json_is_object(json_object_get(page, "me")) &&
	    community_me(ctx, &me, &err) != 0) {
		cli_warn("%s; your row is not marked", err.msg);
		me = NULL;
	}
	rc = leaderboard_print(ctx, page, period, me);
	free(me);
	json_decref(page);
	return rc;
}

/*
 * guild points: a member's balance and level and, for myself, the recent
 * ledger entries with their rules in words.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "community.h"
#include "discuss.h"
#include "guild/util.h"

static int	cmd_points_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_points_entry = {
	.name = "points",
	.usage = "[MEMBER] [--limit N] [--json]",
	.summary = "points, level and the points history",
	.help =
	    "Without MEMBER: your own points, level and points to the next "
	    "level, then your\nrecent points history (needs guild login). "
	    "With MEMBER: that member's points\nand level (anyone may look).\n"
	    "Options:\n"
	    "  --limit N      history entries to show (1-100; default 10)\n"
	    "  --json         print the server's JSON (the summary; for "
	    "yourself with a\n"
	    "                 \"ledger\" member holding the history "
	    "entries)\n"
	    "The rules and level thresholds are in guild(1), POINTS AND "
	    "LEVELS.\n",
	.exec = cmd_points_exec,
};

static const struct discuss_col ledger_cols[] = {
	{ "WHEN", 0, 0, 0, 0 },
	{ "POINTS", 1, 0, 0, 0 },
	{ "FOR", 0, 0, 1, 12 },
	{ "ON", 0, 0, 2, 6 },
};

/*
 * The words for rule: the server's description from rules (GET
 * /point-rules; may be NULL), "taken back: ..." for a reversal, the
 * reason of an adjustment. Sanitized; caller frees.
 */
static char *
points_rule_words(const json_t *rules, const struct ledger_entry *e)
{
	const char	*rule = e->rule != NULL ? e->rule : "?";
	const char	*desc = NULL, *name;
	const json_t	*it;
	char		*words, *clean, *p;
	int		 reversal = 0;
	size_t		 i;

	if (str_starts(rule, "reversal:")) {
		reversal = 1;
		rule += strlen("reversal:");
	}
	if (strcmp(rule, "adjustment") == 0) {
		clean = cli_clean(e->reason != NULL ? e->reason : "", 0);
		words = xasprintf("%sadjusted by an operator%s%s",
		    reversal ? "taken back: " : "", *clean ? ": " : "", clean);
		free(clean);
		return words;
	}
	json_array_foreach(json_object_get(rules, "items"), i, it) {
		name = json_string_value(json_object_get(it, "rule"));
		if (name != NULL && strcmp(name, rule) == 0)
			desc = json_string_value(json_object_get(it,
			    "description"));
	}
	if (desc != NULL) {
		clean = cli_clean(desc, 0);
	} else {
		clean = cli_clean(rule, 0);
		for (p = clean; *p != '\0'; p++)
			if (*p == '_')
				*p = ' ';
	}
	words = xasprintf("%s%s", reversal ? "taken back: " : "", clean);
	free(clean);
	return words;
}

/* Prints my ledger entries as a table. 0, or 1 on a bad answer. */
static int
points_print_ledger(struct cli_ctx *ctx, const json_t *j, const json_t *rules)
{
	struct ledger_page	 p;
	struct discuss_table	 t;
	struct gerr		 err;
	char			*row[4], *type, age[32];
	size_t			 i;

	gerr_clear(&err);
	memset(&p, 0, sizeof p);
	if (ledger_page_from_json(j, &p, &err) != 0) {
		ledger_page_release(&p);
		return community_unreadable(ctx, "points history", &err);
	}
	if (p.n == 0) {
		printf("\nNo points earned yet.\n");
		ledger_page_release(&p);
		return 0;
	}
	printf("\nRecent points:\n");
	memset(&t, 0, sizeof t);
	t.cols = ledger_cols;
	t.ncols = (int)G_NELEM(ledger_cols);
	for (i = 0; i < p.n; i++) {
		const struct ledger_entry *e = &p.items[i];

		row[0] = xstrdup(discuss_ago_str(e->created_at, age,
		    sizeof age));
		row[1] = xasprintf("%+lld", (long long)e->delta);
		row[2] = points_rule_words(rules, e);
		type = cli_clean(e->subject_type, 0);
		row[3] = *type != '\0' && e->subject_id > 0 ?
		    xasprintf("%s %lld", type, (long long)e->subject_id) :
		    xstrdup("");
		free(type);
		discuss_table_add(&t, row);
	}
	discuss_table_print(&t, cli_width(), cli_ascii(ctx));
	if (p.has_more)
		printf("more: --limit 100 shows up to 100 entries\n");
	discuss_table_release(&t);
	ledger_page_release(&p);
	return 0;
}

/* The summary line: "ann: 27 points, level 3 (38 to level 4 at 65)". */
static int
points_print_summary(struct cli_ctx *ctx, const json_t *j)
{
	struct points_summary	 s;
	struct gerr		 err;
	char			*name;

	gerr_clear(&err);
	memset(&s, 0, sizeof s);
	if (points_summary_from_json(j, &s, &err) != 0) {
		points_summary_release(&s);
		return community_unreadable(ctx, "points", &err);
	}
	name = cli_clean(s.username, 0);
	printf("%s: %lld point%s, level %lld", name, (long long)s.points,
	    s.points == 1 ? "" : "s", (long long)s.level);
	if (s.points_to_next >= 0)
		printf(" (%lld more to reach level %lld at %lld)\n",
		    (long long)s.points_to_next, (long long)s.level + 1,
		    (long long)s.next_level_at);
	else
		printf(" (the top level)\n");
	free(name);
	points_summary_release(&s);
	return 0;
}

static int
cmd_points_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "limit", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct gerr	 err;
	json_t		*sum = NULL, *ledger = NULL, *rules = NULL;
	const char	*member = NULL;
	char		*me = NULL, *path;
	int64_t		 limit = 10;
	int		 ch, json = 0, rc;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'n':
			if (parse_int64(optarg, 1, 100, &limit) != 0)
				return cli_usage_error(&cmd_points_entry,
				    "bad --limit '%s' (use 1 to 100)", optarg);
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(&cmd_points_entry);
		default:
			return cli_usage(&cmd_points_entry);
		}
	}
	rc = community_member_arg(&cmd_points_entry, argc, argv, &member);
	if (rc != 0)
		return rc;
	rc = community_member_get(ctx, member, "/points", &sum, &me);
	if (rc != 0)
		return rc;
	gerr_clear(&err);
	if (me != NULL) {
		path = xasprintf("/api/v1/me/points/ledger?limit=%lld",
		    (long long)limit);
		rc = api_call(&ctx->client, "GET", path, NULL, &ledger, &err);
		free(path);
		free(me);
		if (rc != 0) {
			json_decref(sum);
			return cli_fail(&err);
		}
	}
	if (json) {
		if (ledger != NULL)
			json_object_set(sum, "ledger",
			    json_object_get(ledger, "items"));
		rc = cli_print_json(sum);
	} else {
		rc = points_print_summary(ctx, sum);
		/* Words for the rules; the names stand in without them. */
		if (rc == 0 && ledger != NULL &&
		    api_call(&ctx->client, "GET", "/api/v1/point-rules", NULL,
		    &rules, &err) != 0)
			rules = NULL;
		if (rc == 0 && ledger != NULL)
			rc = points_print_ledger(ctx, ledger, rules);
	}
	json_decref(rules);
	json_decref(ledger);
	json_decref(sum);
	return rc;
}

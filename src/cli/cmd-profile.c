/*
 * guild profile: a member's public profile: name, level with a progress
 * bar toward the next one, points and badges.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "community.h"
#include "discuss.h"
#include "guild/util.h"

static int	cmd_profile_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_profile_entry = {
	.name = "profile",
	.usage = "[MEMBER] [--json]",
	.summary = "a member's level, points and badges",
	.help =
	    "Without MEMBER: your own profile (needs guild login). Anyone "
	    "may look at a\nmember's profile.\n"
	    "Options:\n"
	    "  --json         print the server's JSON\n"
	    "The bar shows the way from the start of the level to the next "
	    "one ('#' and '.'\nin ASCII terminals).\n",
	.exec = cmd_profile_exec,
};

#define PROFILE_BAR_WIDTH	20

/*
 * The threshold at which level starts, from GET /levels; 0 when it
 * cannot be had (the bar then counts from zero).
 */
static int64_t
profile_level_start(struct cli_ctx *ctx, int64_t level)
{
	struct gerr	 err;
	json_t		*j = NULL, *it;
	int64_t		 at = 0;
	size_t		 i;

	gerr_clear(&err);
	if (api_call(&ctx->client, "GET", "/api/v1/levels", NULL, &j, &err)
	    != 0)
		return 0;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		if (json_integer_value(json_object_get(it, "level")) == level)
			at = json_integer_value(json_object_get(it,
			    "threshold"));
	}
	json_decref(j);
	return at;
}

/* One badge line: "member of the month (2025-10): reason". */
static void
profile_print_badge(const struct badge *b, int width)
{
	char	*name, *period, *reason, *line;

	name = cli_clean(b->badge, 0);
	period = cli_clean(b->period, 0);
	reason = cli_clean(b->reason, 0);
	line = xasprintf("%s%s%s%s%s%s", name, *period ? " (" : "", period,
	    *period ? ")" : "", *reason ? ": " : "", reason);
	cli_print_wrapped(line, width, "  ");
	free(line);
	free(reason);
	free(period);
	free(name);
}

/* The profile for people. 0, or 1 on a bad answer. */
static int
profile_print(struct cli_ctx *ctx, const json_t *j)
{
	struct profile	 p;
	struct gerr	 err;
	char		*user, *name, *bar;
	int64_t		 start;
	int		 ascii = cli_ascii(ctx), width = cli_width();
	size_t		 i;

	gerr_clear(&err);
	memset(&p, 0, sizeof p);
	if (profile_from_json(j, &p, &err) != 0) {
		profile_release(&p);
		return community_unreadable(ctx, "profile", &err);
	}
	user = cli_clean(p.points.username, 0);
	name = cli_clean(p.display_name, 0);
	if (*name != '\0' && strcmp(name, user) != 0)
		printf("%s (@%s)\n", name, user);
	else
		printf("@%s\n", user);
	if (p.points.next_level_at >= 0) {
		start = profile_level_start(ctx, p.points.level);
		bar = community_bar(p.points.points - start,
		    p.points.next_level_at - start, PROFILE_BAR_WIDTH, ascii);
		printf("Level %lld %s %lld more to level %lld (at %lld)\n",
		    (long long)p.points.level, bar,
		    (long long)p.points.points_to_next,
		    (long long)p.points.level + 1,
		    (long long)p.points.next_level_at);
	} else {
		bar = community_bar(1, 1, PROFILE_BAR_WIDTH, ascii);
		printf("Level %lld %s the top level\n",
		    (long long)p.points.level, bar);
	}
	printf("Points: %lld\n", (long long)p.points.points);
	if (p.nbadges == 0) {
		printf("Badges: none yet\n");
	} else {
		printf("Badges:\n");
		for (i = 0; i < p.nbadges; i++)
			profile_print_badge(&p.badges[i], width);
	}
	free(bar);
	free(name);
	free(user);
	profile_release(&p);
	return 0;
}

static int
cmd_profile_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	json_t		*j = NULL;
	const char	*member = NULL;
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
			return cli_help(&cmd_profile_entry);
		default:
			return cli_usage(&cmd_profile_entry);
		}
	}
	rc = community_member_arg(&cmd_profile_entry, argc, argv, &member);
	if (rc != 0)
		return rc;
	rc = community_member_get(ctx, member, "", &j, NULL);
	if (rc != 0)
		return rc;
	rc = json ? cli_print_json(j) : profile_print(ctx, j);
	json_decref(j);
	return rc;
}

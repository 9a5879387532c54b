/* guild: the member's client. Global options, the command table, the TUI. */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "community.h"
#include "guild/cache.h"
#include "guild/tui.h"
#include "guild/util.h"

static int	cmd_help_exec(struct cli_ctx *, int, char **);

static const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.usage = "[COMMAND]",
	.summary = "show the commands, or one command's options",
	.help = "",
	.exec = cmd_help_exec,
};

/* Every command, in the order `guild help` lists them. */
static const struct cmd_entry *const cmd_table[] = {
	&cmd_courses_entry,
	&cmd_course_entry,
	/* Buying and reading courses (issue 4). */
	&cmd_buy_entry,
	&cmd_orders_entry,
	&cmd_order_entry,
	&cmd_library_entry,
	&cmd_lesson_entry,
	/* Discussions and Q&A (issue 5). */
	&cmd_categories_entry,
	&cmd_threads_entry,
	&cmd_thread_entry,
	&cmd_post_entry,
	&cmd_questions_entry,
	&cmd_question_entry,
	&cmd_ask_entry,
	&cmd_answer_entry,
	&cmd_vote_entry,
	&cmd_accept_entry,
	&cmd_search_entry,
	&cmd_drafts_entry,
	/* Points, events, referrals and the inbox (issue 6). */
	&cmd_leaderboard_entry,
	&cmd_points_entry,
	&cmd_profile_entry,
	&cmd_events_entry,
	&cmd_event_entry,
	&cmd_rsvp_entry,
	&cmd_invite_entry,
	&cmd_inbox_entry,
	/* Operator insights (issue 7). */
	&cmd_insights_entry,
	&cmd_register_entry,
	&cmd_login_entry,
	&cmd_logout_entry,
	&cmd_whoami_entry,
	&cmd_themes_entry,
	&cmd_help_entry,
};

/* The entry called name, or NULL. */
static const struct cmd_entry *
cmd_find(const char *name)
{
	size_t i;

	for (i = 0; i < G_NELEM(cmd_table); i++)
		if (strcmp(cmd_table[i]->name, name) == 0)
			return cmd_table[i];
	return NULL;
}

static void
main_usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: guild [--server URL] [--config FILE] [--theme NAME] "
	    "[--offline]\n"
	    "             [COMMAND [ARGS]]\n"
	    "       guild --help | --version\n\n"
	    "Guild's client. With no command it opens the terminal UI.\n\n"
	    "Commands:\n");
	for (i = 0; i < G_NELEM(cmd_table); i++)
		fprintf(f, "  %-11s %s\n", cmd_table[i]->name,
		    cmd_table[i]->summary);
	fprintf(f, "\nGlobal options (before the command):\n"
	    "  --server URL    the guildd to talk to (else GUILD_SERVER, else "
	    "[server] url)\n"
	    "  --config FILE   read FILE instead of "
	    "~/.config/guild/config\n"
	    "  --theme NAME    colour theme of the terminal UI\n"
	    "  --offline       show what is cached; never ask the server\n"
	    "  --help          show this help\n"
	    "  --version       show guild's version\n\n"
	    "Run 'guild COMMAND --help' for a command's options; see "
	    "guild(1).\n");
}

/* guild help [COMMAND] */
static int
cmd_help_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cmd_entry *e;

	(void)ctx;
	if (argc > 2)
		return cli_usage(&cmd_help_entry);
	if (argc == 2 && strcmp(argv[1], "--help") != 0 &&
	    strcmp(argv[1], "-h") != 0) {
		e = cmd_find(argv[1]);
		if (e == NULL) {
			cli_error("unknown command '%s' (see guild help)",
			    argv[1]);
			return 2;
		}
		return cli_help(e);
	}
	main_usage(stdout);
	return 0;
}

/* guild with no command: the terminal UI, logged in if a token is found. */
static int
main_tui(struct cli_ctx *ctx)
{
	struct tui_options	opts;
	int			rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_error("the terminal UI needs a terminal on stdin and "
		    "stdout (in scripts, use a command: guild help)");
		return 1;
	}
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	cli_token_optional(ctx);
	memset(&opts, 0, sizeof opts);
	opts.theme = ctx->theme;
	return tui_main(&ctx->client, &opts);
}

/*
 * --offline: sets up the client early and makes it answer from the cache
 * only. 0, or the exit code after saying why there is nothing to show.
 */
static int
main_offline(struct cli_ctx *ctx)
{
	struct gerr	 err;
	struct cache	*c;
	char		*dir;
	int		 rc;

	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	ctx->client.offline = 1;
	if (ctx->client.cache != NULL)
		return 0;
	/* Open it again only to learn why it failed. */
	dir = config_cache_dir();
	gerr_clear(&err);
	c = cache_open(dir, 1, &err);
	if (c == NULL)
		cli_error("offline: nothing to show: %s", err.msg);
	else
		cli_error("offline: nothing to show: cannot use the cache in "
		    "%s", dir);
	cache_close(c);
	free(dir);
	return 1;
}

/* After an offline command: says on stderr how old the data shown is. */
static void
main_offline_notice(const struct cli_ctx *ctx)
{
	struct tm	tm;
	time_t		then = ctx->client.cache_shown, now = time(NULL);
	long long	d = (long long)now - (long long)then;
	char		when[64], ago[48];

	if (!ctx->ready || !ctx->client.offline || then == 0)
		return;
	if (localtime_r(&then, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%d %H:%M %Z", &tm) == 0)
		snprintf(when, sizeof when, "an unknown time");
	if (d < 60)
		snprintf(ago, sizeof ago, "less than a minute ago");
	else if (d < 3600)
		snprintf(ago, sizeof ago, "%lld min ago", d / 60);
	else if (d < 2 * 86400)
		snprintf(ago, sizeof ago, "%lld h ago", d / 3600);
	else
		snprintf(ago, sizeof ago, "%lld days ago", d / 86400);
	fflush(stdout);
	fprintf(stderr, "guild: offline: showing what is cached (from %s, "
	    "%s)\n", when, ago);
}

/* Runs command e with argv[0] replaced by "guild NAME" for getopt. */
static int
main_exec(struct cli_ctx *ctx, const struct cmd_entry *e, int argc,
    char **argv)
{
	char	**av, *name;
	int	  i, rc;

	name = xasprintf("guild %s", e->name);
	av = xcalloc((size_t)argc + 1, sizeof *av);
	av[0] = name;
	for (i = 1; i < argc; i++)
		av[i] = argv[i];
	/* 0, not 1: glibc then also forgets the global parse's "+" mode. */
	optind = 0;
	rc = e->exec(ctx, argc, av);
	free(av);
	free(name);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "server", required_argument, NULL, 's' },
		{ "config", required_argument, NULL, 'c' },
		{ "theme", required_argument, NULL, 't' },
		{ "offline", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry	*e;
	struct cli_ctx		 ctx;
	int			 ch, rc, offline = 0;

	setlocale(LC_ALL, "");
	memset(&ctx, 0, sizeof ctx);
	argv[0] = (char *)"guild";
	for (;;) {
		ch = getopt_long(argc, argv, "+hV", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 's':
			ctx.server = optarg;
			break;
		case 'c':
			ctx.config_path = optarg;
			break;
		case 't':
			ctx.theme = optarg;
			break;
		case 'o':
			offline = 1;
			break;
		case 'h':
			main_usage(stdout);
			return 0;
		case 'V':
			printf("guild %s\n", GUILD_VERSION);
			return 0;
		default:
			fprintf(stderr, "usage: guild [--server URL] "
			    "[--config FILE] [--theme NAME] [--offline] "
			    "[COMMAND [ARGS]] (see guild --help)\n");
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (offline) {
		rc = main_offline(&ctx);
		if (rc != 0) {
			cli_teardown(&ctx);
			return rc;
		}
	}
	if (argc == 0) {
		rc = main_tui(&ctx);
	} else {
		e = cmd_find(argv[0]);
		if (e == NULL) {
			cli_error("unknown command '%s' (see guild help)",
			    argv[0]);
			return 2;
		}
		rc = main_exec(&ctx, e, argc, argv);
		main_offline_notice(&ctx);
	}
	cli_teardown(&ctx);
	if (fflush(stdout) != 0 && rc == 0)
		rc = cli_error("cannot write to stdout");
	return rc;
}

/* guild register: create an account on the server. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "guild/util.h"

static int	cmd_register_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_register_entry = {
	.name = "register",
	.usage = "[--username NAME] [--email EMAIL] [--level LEVEL] "
	    "[--referral-code CODE] [--password-stdin]",
	.summary = "create an account on the server",
	.help =
	    "Options:\n"
	    "  --username NAME    the name to sign in with\n"
	    "  --email EMAIL      where the platform writes to you\n"
	    "  --level LEVEL      beginner, intermediate or advanced "
	    "(default: beginner)\n"
	    "  --referral-code CODE  the code of the member who invited you "
	    "(guild invite)\n"
	    "  --password-stdin   read the password from the first line of "
	    "stdin\n"
	    "Missing answers are asked when stdin is a terminal (the "
	    "password twice,\nwithout echo).\n",
	.exec = cmd_register_exec,
};

/* Fills *v from opt, else asks question when interactive. */
static int
register_ask(const char *opt, const char *question, const char *flag,
    char **v, struct gerr *err)
{
	if (opt != NULL) {
		*v = xstrdup(opt);
		return 0;
	}
	if (!cli_interactive())
		return gerr_set(err, GERR_USAGE, 0, "missing %s (or run guild "
		    "register in a terminal to be asked)", flag);
	return cli_prompt(question, 1, v, err);
}

/* The password from stdin, or asked twice without echo. */
static int
register_password(int from_stdin, char **pw, struct gerr *err)
{
	char	*again = NULL;
	int	 same;

	if (from_stdin)
		return cli_read_stdin("password", 0, pw, err);
	if (!cli_interactive())
		return gerr_set(err, GERR_USAGE, 0, "no terminal to ask for the "
		    "password (use --password-stdin)");
	if (cli_prompt("Password: ", 0, pw, err) != 0)
		return -1;
	if (cli_prompt("Password again: ", 0, &again, err) != 0) {
		cli_secret_free(pw);
		return -1;
	}
	same = strcmp(*pw, again) == 0;
	cli_secret_free(&again);
	if (!same) {
		cli_secret_free(pw);
		return gerr_set(err, GERR_USAGE, 0, "the two passwords differ "
		    "(run guild register again)");
	}
	return 0;
}

static int
cmd_register_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "username", required_argument, NULL, 'u' },
		{ "email", required_argument, NULL, 'e' },
		{ "level", required_argument, NULL, 'l' },
		{ "referral-code", required_argument, NULL, 'r' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*opt_user = NULL, *opt_email = NULL, *level = NULL;
	const char	*referral = NULL;
	char		*username = NULL, *email = NULL, *password = NULL;
	char		*answer = NULL, *name;
	struct user	 u;
	struct gerr	 err;
	enum level	 lv;
	int		 ch, pw_stdin = 0, rc;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'u':
			opt_user = optarg;
			break;
		case 'e':
			opt_email = optarg;
			break;
		case 'l':
			if (level_parse(optarg, &lv) != 0)
				return cli_usage_error(&cmd_register_entry,
				    "bad level '%s' (use beginner, "
				    "intermediate or advanced)", optarg);
			level = level_name(lv);
			break;
		case 'r':
			referral = optarg;
			break;
		case 'p':
			pw_stdin = 1;
			break;
		case 'h':
			return cli_help(&cmd_register_entry);
		default:
			return cli_usage(&cmd_register_entry);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_register_entry, "unexpected "
		    "argument '%s'", argv[optind]);
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;

	gerr_clear(&err);
	rc = register_ask(opt_user, "Username: ", "--username", &username,
	    &err);
	if (rc == 0)
		rc = register_ask(opt_email, "Email: ", "--email", &email,
		    &err);
	if (rc == 0 && level == NULL && opt_user == NULL && cli_interactive()) {
		rc = cli_prompt("Level (beginner, intermediate, advanced) "
		    "[beginner]: ", 1, &answer, &err);
		if (rc == 0 && *answer != '\0' && level_parse(answer, &lv) != 0)
			rc = gerr_set(&err, GERR_USAGE, 0, "bad level '%s' "
			    "(use beginner, intermediate or advanced)", answer);
		else if (rc == 0 && *answer != '\0')
			level = level_name(lv);
		free(answer);
	}
	if (rc == 0)
		rc = register_password(pw_stdin, &password, &err);
	if (rc == 0) {
		rc = api_register(&ctx->client, username, email, password,
		    level, referral, &u, &err);
		cli_secret_free(&password);
	}
	free(username);
	free(email);
	if (rc != 0)
		return cli_fail(&err);
	name = cli_clean(u.username, 0);
	printf("Registered %s on %s (%s). Log in with: guild login "
	    "--username %s\n", name, ctx->client.server, level_name(u.level),
	    name);
	free(name);
	user_release(&u);
	return 0;
}

/* guild whoami: who the stored token belongs to, asked of the server. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "guild/util.h"

static int	cmd_whoami_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_whoami_entry = {
	.name = "whoami",
	.usage = "[--json]",
	.summary = "show who you are logged in as, and where the token is",
	.help =
	    "Options:\n"
	    "  --json    print the server's JSON for GET /me\n"
	    "Exits with 4 when not logged in or when the server refuses the "
	    "token.\n",
	.exec = cmd_whoami_exec,
};

static int
cmd_whoami_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct client	*c;
	struct user	 u;
	struct gerr	 err;
	json_t		*me = NULL;
	char		*name, *dir, *where;
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
			return cli_help(&cmd_whoami_entry);
		default:
			return cli_usage(&cmd_whoami_entry);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_whoami_entry, "unexpected "
		    "argument '%s'", argv[optind]);
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	c = &ctx->client;
	gerr_clear(&err);
	if (client_load_token(c, &err) != 0 ||
	    api_call(c, "GET", "/api/v1/me", NULL, &me, &err) != 0)
		return cli_fail(&err);
	if (json) {
		rc = cli_print_json(me);
		json_decref(me);
		return rc;
	}
	memset(&u, 0, sizeof u);
	if (user_from_json(me, &u, &err) != 0) {
		json_decref(me);
		user_release(&u);
		return cli_error("cannot read the profile sent by %s: %s (do "
		    "guild and guildd versions match?)", c->server, err.msg);
	}
	json_decref(me);
	if (strcmp(c->token_source, "file") == 0) {
		dir = config_state_dir();
		where = xasprintf("the file %s/tokens", dir);
		free(dir);
	} else {
		where = xstrdup(c->token_source);
	}
	name = cli_clean(u.username, 0);
	printf("%s (%s, %s) on %s %s token from %s\n", name,
	    role_name(u.role), level_name(u.level), c->server,
	    cli_ascii(ctx) ? "-" : "\xe2\x80\x94", where);
	free(name);
	free(where);
	user_release(&u);
	return 0;
}

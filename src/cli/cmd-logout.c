/* guild logout: revoke the stored token on the server and forget it here. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "guild/cache.h"
#include "guild/keyring.h"
#include "guild/util.h"

static int	cmd_logout_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_logout_entry = {
	.name = "logout",
	.usage = "",
	.summary = "revoke the stored token and remove it from this machine",
	.help =
	    "Revokes the token on the server, then removes it from the "
	    "keyring and the\n"
	    "token file, and empties the cache of server answers. When the "
	    "server cannot\n"
	    "be reached the token is still removed here.\n"
	    "A token in GUILD_TOKEN is left alone: unset it yourself.\n",
	.exec = cmd_logout_exec,
};

/* A stored token and where it came from. */
struct logout_place {
	const char	*where;		/* "keyring" or "token file" */
	int		(*lookup)(const char *, char **, char **,
			    struct gerr *);
	int		(*clear)(const char *, struct gerr *);
};

static const struct logout_place logout_places[] = {
	{ "keyring", keyring_lookup, keyring_clear },
	{ "token file", tokenfile_lookup, tokenfile_clear },
};

/*
 * Revokes token on the server. Returns 0 when it is revoked or the server
 * already refuses it, else 1 after saying what went wrong.
 */
static int
logout_revoke(struct cli_ctx *ctx, const char *token, const char *where)
{
	struct gerr err;

	client_set_token(&ctx->client, token, where, NULL);
	gerr_clear(&err);
	if (api_logout(&ctx->client, &err) == 0 || err.kind == GERR_AUTH)
		return 0;
	cli_error("could not revoke the token on the server: %s; removed it "
	    "from the %s anyway (it stays valid on the server until it "
	    "expires)", err.msg, where);
	return 1;
}

static int
cmd_logout_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct logout_place	*p;
	struct gerr			 err;
	const char			*server, *env;
	char				*token, *user, *name;
	size_t				 i;
	int				 ch, rc, found = 0, failed = 0;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'h':
			return cli_help(&cmd_logout_entry);
		default:
			return cli_usage(&cmd_logout_entry);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_logout_entry, "unexpected "
		    "argument '%s'", argv[optind]);
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	server = ctx->client.server;

	for (i = 0; i < G_NELEM(logout_places); i++) {
		p = &logout_places[i];
		gerr_clear(&err);
		rc = p->lookup(server, &token, &user, &err);
		if (rc < 0 && i > 0) {
			/* An unsafe token file; no keyring is normal. */
			cli_error("%s", err.msg);
			failed = 1;
		}
		if (rc != 0)
			continue;
		found = 1;
		rc = logout_revoke(ctx, token, p->where);
		failed |= rc;
		cli_secret_free(&token);
		if (p->clear(server, &err) != 0) {
			cli_error("%s", err.msg);
			failed = 1;
		} else if (rc == 0) {
			name = cli_clean(user, 0);
			printf("Logged out of %s as %s (token revoked, removed "
			    "from the %s)\n", server, name, p->where);
			free(name);
		}
		free(user);
	}
	client_set_token(&ctx->client, NULL, NULL, NULL);
	/* Nothing fetched as that user stays on this machine. */
	if (ctx->client.cache != NULL && cache_clear(ctx->client.cache) != 0)
		cli_warn("could not empty the cache of server answers (see "
		    "CACHE AND OFFLINE in guild(1))");

	env = getenv("GUILD_TOKEN");
	if (env != NULL && *env != '\0') {
		cli_error("GUILD_TOKEN is set in the environment and guild "
		    "cannot unset it: run unset GUILD_TOKEN%s",
		    found ? "" : " (no token was stored for this server)");
		return found && !failed ? 0 : 1;
	}
	if (!found && !failed) {
		cli_error("not logged in to %s (nothing to log out)", server);
		return 4;
	}
	return failed ? 1 : 0;
}

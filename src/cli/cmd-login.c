/* guild login: get a token and keep it in the keyring (or, if asked, a file). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "guild/keyring.h"
#include "guild/util.h"

static int	cmd_login_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_login_entry = {
	.name = "login",
	.usage = "[--username NAME] [--password-stdin] [--with-token] "
	    "[--insecure-storage] [--label LABEL]",
	.summary = "log in and keep the token in the system keyring",
	.help =
	    "Options:\n"
	    "  --username NAME     user name or email (asked when missing)\n"
	    "  --password-stdin    read the password from the first line of "
	    "stdin\n"
	    "  --with-token        read an existing token from stdin, check "
	    "it and store it\n"
	    "  --insecure-storage  keep the token in a 0600 file in "
	    "~/.local/state/guild\n"
	    "                      instead of the keyring (for machines "
	    "without one)\n"
	    "  --label LABEL       name the token on the server (default: "
	    "guild on HOST)\n"
	    "The password is asked without echo when stdin is a terminal.\n",
	.exec = cmd_login_exec,
};

struct login_opts {
	const char	*username;
	const char	*label;
	int		 password_stdin;
	int		 with_token;
	int		 insecure_storage;
};

/* Gets a new token for user and password; *token and *user to free. */
static int
login_password(struct cli_ctx *ctx, const struct login_opts *o,
    char **token, char **user, struct gerr *err)
{
	struct token_grant	 grant;
	char			*login = NULL, *password = NULL, *label;
	char			 host[256];
	int			 rc;

	if (o->username != NULL)
		login = xstrdup(o->username);
	else if (!cli_interactive())
		return gerr_set(err, GERR_USAGE, 0, "missing --username (or "
		    "run guild login in a terminal to be asked)");
	else if (cli_prompt("Username or email: ", 1, &login, err) != 0)
		return -1;
	if (*login == '\0') {
		free(login);
		return gerr_set(err, GERR_USAGE, 0, "empty user name");
	}
	if (o->password_stdin)
		rc = cli_read_stdin("password", 0, &password, err);
	else if (cli_interactive())
		rc = cli_prompt("Password: ", 0, &password, err);
	else
		rc = gerr_set(err, GERR_USAGE, 0, "no terminal to ask for the "
		    "password (use --password-stdin)");
	if (rc != 0) {
		free(login);
		return -1;
	}
	if (o->label != NULL) {
		label = xstrdup(o->label);
	} else {
		if (gethostname(host, sizeof host) != 0)
			snprintf(host, sizeof host, "unknown host");
		host[sizeof host - 1] = '\0';
		/* The server takes labels of up to 64 characters. */
		label = xasprintf("guild on %.40s", host);
	}
	rc = api_login(&ctx->client, login, password, label, &grant, err);
	cli_secret_free(&password);
	free(login);
	free(label);
	if (rc != 0)
		return -1;
	*token = xstrdup(grant.token);
	*user = xstrdup(grant.user.username);
	explicit_bzero(grant.token, strlen(grant.token));
	token_grant_release(&grant);
	return 0;
}

/* Checks a token read from stdin with GET /me; *token and *user to free. */
static int
login_token(struct cli_ctx *ctx, char **token, char **user, struct gerr *err)
{
	struct user u;

	if (cli_read_stdin("token", 1, token, err) != 0)
		return -1;
	client_set_token(&ctx->client, *token, "stdin", NULL);
	if (api_me(&ctx->client, &u, err) != 0) {
		cli_secret_free(token);
		if (err->kind == GERR_AUTH)
			return gerr_set(err, GERR_AUTH, 401, "the server at %s "
			    "refused this token (expired or revoked?)",
			    ctx->client.server);
		return -1;
	}
	*user = xstrdup(u.username);
	user_release(&u);
	return 0;
}

/* Revokes a token this command just made, so none is left dangling. */
static void
login_revoke(struct cli_ctx *ctx, const char *token)
{
	struct gerr err;

	client_set_token(&ctx->client, token, "new", NULL);
	gerr_clear(&err);
	if (api_logout(&ctx->client, &err) != 0)
		cli_warn("could not revoke the new token on the server: %s",
		    err.msg);
}

static int
cmd_login_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "username", required_argument, NULL, 'u' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "with-token", no_argument, NULL, 't' },
		{ "insecure-storage", no_argument, NULL, 'i' },
		{ "label", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct login_opts	 o;
	struct gerr		 err, ignored;
	const char		*server;
	char			*token = NULL, *user = NULL, *name, *dir;
	int			 ch, rc;

	memset(&o, 0, sizeof o);
	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'u':
			o.username = optarg;
			break;
		case 'p':
			o.password_stdin = 1;
			break;
		case 't':
			o.with_token = 1;
			break;
		case 'i':
			o.insecure_storage = 1;
			break;
		case 'l':
			o.label = optarg;
			break;
		case 'h':
			return cli_help(&cmd_login_entry);
		default:
			return cli_usage(&cmd_login_entry);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_login_entry, "unexpected argument "
		    "'%s'", argv[optind]);
	if (o.with_token && (o.username != NULL || o.password_stdin ||
	    o.label != NULL))
		return cli_usage_error(&cmd_login_entry, "--with-token takes "
		    "the token on stdin, without --username, --password-stdin "
		    "or --label");
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	server = ctx->client.server;

	gerr_clear(&err);
	if (o.with_token)
		rc = login_token(ctx, &token, &user, &err);
	else
		rc = login_password(ctx, &o, &token, &user, &err);
	if (rc != 0)
		return cli_fail(&err);

	/* Exactly one stored token per server: the other place is cleared. */
	if (o.insecure_storage) {
		rc = tokenfile_store(server, user, token, &err);
		if (rc == 0)
			keyring_clear(server, &ignored);
	} else {
		rc = keyring_store(server, user, token, &err);
		if (rc == 0 && tokenfile_clear(server, &ignored) != 0)
			cli_warn("%s", ignored.msg);
	}
	if (rc != 0) {
		cli_fail(&err);
		if (!o.with_token)
			login_revoke(ctx, token);
		cli_secret_free(&token);
		free(user);
		return 1;
	}

	name = cli_clean(user, 0);
	if (o.insecure_storage) {
		dir = config_state_dir();
		printf("Logged in to %s as %s (token in %s/tokens, mode 0600)\n",
		    server, name, dir);
		free(dir);
	} else {
		printf("Logged in to %s as %s (token in keyring)\n", server,
		    name);
	}
	if (getenv("GUILD_TOKEN") != NULL && *getenv("GUILD_TOKEN") != '\0')
		cli_warn("GUILD_TOKEN is set in the environment and takes "
		    "precedence over the stored token (unset GUILD_TOKEN)");
	free(name);
	cli_secret_free(&token);
	free(user);
	return 0;
}

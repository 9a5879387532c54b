/*
 * The client's connection state: server, net handle, response cache and
 * the token in use.
 */
#include <stdlib.h>
#include <string.h>

#include "guild/api.h"
#include "guild/cache.h"
#include "guild/keyring.h"
#include "guild/util.h"

/* The cache bound when [cache] max_kb is unset or 0: 50 MiB. */
#define CLIENT_CACHE_DEFAULT_KB	51200L

void
client_init(struct client *c, struct config *cfg)
{
	struct net_options	 o;
	struct gerr		 ignored;
	char			*dir;
	long			 kb;

	memset(c, 0, sizeof *c);
	memset(&o, 0, sizeof o);
	o.connect_timeout = cfg->connect_timeout;
	o.timeout = cfg->timeout;
	o.allow_insecure_http = cfg->allow_insecure_http;
	o.ca_file = cfg->ca_file;
	c->cfg = cfg;
	c->net = net_new(&o);
	c->server = xstrdup(cfg->server);
	/* No cache (a read-only home) only costs speed: carry on quietly. */
	kb = cfg->cache_max_kb > 0 ? cfg->cache_max_kb :
	    CLIENT_CACHE_DEFAULT_KB;
	dir = config_cache_dir();
	c->cache = cache_open(dir, (size_t)kb * 1024, &ignored);
	free(dir);
}

void
client_set_token(struct client *c, const char *token, const char *source,
    const char *user)
{
	if (c->token != NULL)
		explicit_bzero(c->token, strlen(c->token));
	FREE(&c->token);
	FREE(&c->token_source);
	FREE(&c->username);
	if (token == NULL)
		return;
	c->token = xstrdup(token);
	c->token_source = xstrdup(source != NULL ? source : "unknown");
	if (user != NULL && *user != '\0')
		c->username = xstrdup(user);
}

void
client_release(struct client *c)
{
	client_set_token(c, NULL, NULL, NULL);
	net_free(c->net);
	c->net = NULL;
	cache_close(c->cache);
	c->cache = NULL;
	FREE(&c->server);
}

/* Uses a token from storage, then wipes and frees it and the user. */
static void
client_take_token(struct client *c, char *token, char *user,
    const char *source)
{
	client_set_token(c, token, source, user);
	explicit_bzero(token, strlen(token));
	free(token);
	free(user);
}

int
client_load_token(struct client *c, struct gerr *err)
{
	const char	*env = getenv("GUILD_TOKEN");
	char		*token, *user;
	struct gerr	 ignored;
	int		 rc;

	client_set_token(c, NULL, NULL, NULL);
	if (env != NULL && *env != '\0') {
		client_set_token(c, env, "GUILD_TOKEN", NULL);
		return 0;
	}
	/* No keyring (SSH without D-Bus) is normal: fall through quietly. */
	if (keyring_lookup(c->server, &token, &user, &ignored) == 0) {
		client_take_token(c, token, user, "keyring");
		return 0;
	}
	rc = tokenfile_lookup(c->server, &token, &user, err);
	if (rc == 0) {
		client_take_token(c, token, user, "file");
		return 0;
	}
	if (rc < 0)
		return -1;
	return gerr_set(err, GERR_AUTH, 401, "not logged in to %s: run "
	    "guild login", c->server);
}

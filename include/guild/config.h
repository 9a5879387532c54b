/*
 * guild's configuration: an INI-style file at $XDG_CONFIG_HOME/guild/config
 * (see config.example and guild.conf(5)), overridden by GUILD_SERVER and
 * the command line.
 */
#ifndef GUILD_CONFIG_H
#define GUILD_CONFIG_H

#include <stddef.h>

#include "err.h"

/* One `bind KEY ACTION` line of [keys], kept raw with where it came from. */
struct config_bind {
	char	*key;
	char	*action;
	char	*file;		/* for messages: "FILE:LINE: ..." */
	int	 line;
};

struct config {
	char	*path;			/* file it was read from, or NULL */
	/* [server] */
	char	*server;		/* base URL, no trailing slash */
	long	 connect_timeout;	/* seconds */
	long	 timeout;		/* seconds, whole request */
	int	 allow_insecure_http;	/* plain http to non-loopback hosts */
	char	*ca_file;		/* extra CA bundle, or NULL */
	/* [ui] */
	char	*theme;
	int	 ascii;			/* -1 auto (from locale), 0 no, 1 yes */
	char	*browser;		/* link opener, default "xdg-open" */
	int	 mouse;			/* wheel and click in the TUI */
	/* [cache] */
	long	 cache_max_kb;		/* on-disk cache bound, KiB */
	/* [keys]: `bind KEY ACTION` lines, checked by the TUI's key table */
	struct config_bind	*binds;
	size_t			 nbinds;
};

/* Fills the defaults documented in config.example. */
void	 config_init(struct config *);
void	 config_release(struct config *);

/*
 * Reads path, or the default location when path is NULL (a missing
 * default file is not an error; a missing explicit one is). Errors name
 * the file and line: "config:12: unknown key 'colour' in [ui]".
 * GUILD_SERVER, when set, then overrides [server] url.
 */
int	 config_load(struct config *, const char *path, struct gerr *);
/*
 * Sets cfg->server from url (GUILD_SERVER, --server) after checking it is
 * http(s)://HOST...; drops trailing slashes. origin names the source in
 * the message. 0, or -1 with GERR_USAGE.
 */
int	 config_set_server(struct config *, const char *url,
	    const char *origin, struct gerr *);
/* Parses text as if read from a file called name. For tests and fuzzing. */
int	 config_parse(struct config *, const char *text, const char *name,
	    struct gerr *);
/* The default path: $XDG_CONFIG_HOME/guild/config or ~/.config/...; caller frees. */
char	*config_default_path(void);

/* $XDG_STATE_HOME/guild (~/.local/state/guild) and the cache twin; caller frees. */
char	*config_state_dir(void);
char	*config_cache_dir(void);

#endif

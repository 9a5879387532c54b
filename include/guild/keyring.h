/*
 * Token storage: the system keyring through libsecret (schema
 * "dev.guild.Token" with attributes server and user), and the explicit
 * 0600 file fallback for machines without a Secret Service.
 */
#ifndef GUILD_KEYRING_H
#define GUILD_KEYRING_H

#include "err.h"

/*
 * Stores token for server and user. Returns 0, or -1 with a GERR_LOCAL
 * message that explains the alternatives when no Secret Service answers
 * (GUILD_TOKEN, or `guild login --insecure-storage`).
 */
int	 keyring_store(const char *server, const char *user, const char *token,
	    struct gerr *);
/*
 * Looks up the token for server (any user). Returns 0 with *token and
 * *user set (caller frees both), 1 when none is stored, -1 when the
 * keyring cannot be reached.
 */
int	 keyring_lookup(const char *server, char **token, char **user,
	    struct gerr *);
/* Removes the tokens stored for server. 0 or -1. */
int	 keyring_clear(const char *server, struct gerr *);

/* The fallback file: $XDG_STATE_HOME/guild/tokens, mode 0600. */
int	 tokenfile_store(const char *server, const char *user,
	    const char *token, struct gerr *);
int	 tokenfile_lookup(const char *server, char **token, char **user,
	    struct gerr *);
int	 tokenfile_clear(const char *server, struct gerr *);

#endif

/* Error details passed out of a call: a kind, an HTTP status and words. */
#ifndef GUILD_ERR_H
#define GUILD_ERR_H

#include "util.h"

enum gerr_kind {
	GERR_NONE = 0,
	GERR_USAGE,	/* the caller asked for something malformed: exit 2 */
	GERR_LOCAL,	/* a local failure: file, config, keyring */
	GERR_NET,	/* could not talk to the server at all */
	GERR_HTTP,	/* the server answered with an error status */
	GERR_AUTH,	/* not logged in, or the token was refused: exit 4 */
	GERR_PROTO	/* the server answered something we cannot read */
};

/*
 * msg says what went wrong first, then what to do, in one line fit for
 * the terminal. status is the HTTP status for GERR_HTTP and GERR_AUTH.
 */
struct gerr {
	enum gerr_kind	kind;
	int		status;
	char		msg[512];
};

void	gerr_clear(struct gerr *);
/* Sets e (if not NULL) and returns -1, so callers can `return gerr_set(..)`. */
int	gerr_set(struct gerr *, enum gerr_kind, int status, const char *, ...)
	    G_PRINTF(4, 5);
/* Exit code for the shell: 0 none, 2 usage, 4 auth, 1 anything else. */
int	gerr_exit_code(const struct gerr *);

#endif

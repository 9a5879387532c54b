/* Entry point of the terminal UI; the only curses user is src/tui. */
#ifndef GUILD_TUI_H
#define GUILD_TUI_H

#include "api.h"

struct tui_options {
	const char	*theme;		/* theme name or path, NULL for config */
};

/* Runs the TUI until the user quits. Returns the process exit code. */
int	 tui_main(struct client *, const struct tui_options *);

#endif

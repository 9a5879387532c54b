/* Time as the API writes it (RFC 3339, UTC) and as people read it. */
#ifndef GUILD_TIMEUTIL_H
#define GUILD_TIMEUTIL_H

#include <stddef.h>
#include <time.h>

/* Formats t as "2026-11-26T18:01:11Z" into out (at least 21 bytes). */
char	*time_rfc3339(time_t t, char *out, size_t outsz);
/* Parses "YYYY-MM-DDTHH:MM:SS[.frac](Z|+hh:mm)". 0 or -1. */
int	 time_parse_rfc3339(const char *, time_t *);
/* "just now", "5m", "3h", "2d", "4w", or a date for older; into out. */
char	*time_ago(time_t then, time_t now, char *out, size_t outsz);

#endif

/*
 * The client's on-disk cache of GET responses under $XDG_CACHE_HOME/guild:
 * one file per server, user and path with its ETag, written to a temp file
 * and renamed so a crash mid-write never leaves a torn entry, and bounded
 * in size (least recently stored entries go first).
 */
#ifndef GUILD_CACHE_H
#define GUILD_CACHE_H

#include <stddef.h>
#include <time.h>

#include "err.h"

struct cache;

/*
 * Opens (creating, mode 0700) the cache directory dir, bounded to
 * max_bytes. Returns NULL with err when dir cannot be made or used.
 */
struct cache	*cache_open(const char *dir, size_t max_bytes, struct gerr *);
void		 cache_close(struct cache *);

/*
 * Looks up key (any string: server, user and path joined by the caller).
 * Returns 0 with *body (NUL-terminated), *len, *etag (NULL if none) and
 * *stored set — the caller frees body and etag — or -1 when absent or
 * unreadable (a damaged entry is removed).
 */
int		 cache_get(struct cache *, const char *key, char **body,
		    size_t *len, char **etag, time_t *stored);
/* Stores body under key atomically, then trims the cache. 0 or -1. */
int		 cache_put(struct cache *, const char *key, const char *body,
		    size_t len, const char *etag);
/* Removes every entry (guild logout, a changed user). 0 or -1. */
int		 cache_clear(struct cache *);

#endif

/*
 * The client side of the platform API: one function per route. Each
 * returns 0 and fills its out struct (release it with the model's
 * *_release), or -1 with err: GERR_NET (no answer), GERR_AUTH (401),
 * GERR_HTTP (other 4xx/5xx, msg from the problem+json detail) or
 * GERR_PROTO (an answer we cannot read).
 */
#ifndef GUILD_API_H
#define GUILD_API_H

#include <time.h>

#include <jansson.h>

#include "config.h"
#include "err.h"
#include "model.h"
#include "net.h"

struct cache;

struct client {
	struct config	*cfg;
	struct net	*net;
	char		*server;	/* base URL, no trailing slash */
	char		*token;		/* NULL when anonymous */
	char		*token_source;	/* "GUILD_TOKEN", "keyring", "file" */
	char		*username;	/* known user for the token, or NULL */
	struct cache	*cache;		/* GET responses on disk, or NULL */
	int		 offline;	/* --offline: answer from the cache only */
	time_t		 cache_shown;	/* offline: when the oldest cached
					   answer used was stored, or 0 */
};

/*
 * Sets up the client for cfg->server and opens the response cache at
 * config_cache_dir(), bounded by cfg->cache_max_kb (0: 50 MiB); without
 * a cache (cache NULL) when it cannot be made. Does not look up a token.
 */
void	 client_init(struct client *, struct config *);
void	 client_release(struct client *);

/*
 * Finds a token: GUILD_TOKEN, then the keyring, then the 0600 file
 * written by `guild login --insecure-storage`. Returns 0 when one was
 * found, -1 (GERR_AUTH "not logged in to URL; run guild login") when not.
 */
int	 client_load_token(struct client *, struct gerr *);
/*
 * Uses token (copied) from source ("keyring", "file", "stdin", ...) for
 * user (may be NULL). A NULL token forgets the one in use, wiping it.
 */
void	 client_set_token(struct client *, const char *token,
	    const char *source, const char *user);

/*
 * Generic call for routes without a typed wrapper: method and path
 * ("/api/v1/..."), optional JSON body. On success *out is the decoded
 * JSON body (NULL for 204); caller decrefs.
 *
 * Every call below goes through here. With a cache, a GET sends the
 * cached ETag in If-None-Match (a 304 answers with the cached body) and a
 * 200 with an ETag is stored, keyed by server, user and path. Offline, a
 * GET answers from the cache only (GERR_NET "offline: PATH is not in the
 * cache ..." when absent, noting cache_shown) and anything else fails
 * with GERR_NET "offline: cannot change anything while offline".
 */
int	 api_call(struct client *, const char *method, const char *path,
	    json_t *body, json_t **out, struct gerr *);

/* level and referral_code (someone's invitation) may be NULL. */
int	 api_register(struct client *, const char *username, const char *email,
	    const char *password, const char *level,
	    const char *referral_code, struct user *out, struct gerr *);
int	 api_login(struct client *, const char *login, const char *password,
	    const char *label, struct token_grant *out, struct gerr *);
/* Revokes the client's current token on the server. */
int	 api_logout(struct client *, struct gerr *);
int	 api_me(struct client *, struct user *out, struct gerr *);

struct course_query {
	const char	*level;		/* NULL for all */
	const char	*cursor;	/* NULL for the first page */
	int		 limit;		/* 0 for the server default */
};

/* raw, when not NULL, receives the decoded body for --json output. */
int	 api_courses(struct client *, const struct course_query *,
	    struct course_page *out, json_t **raw, struct gerr *);
int	 api_course(struct client *, const char *id_or_slug,
	    struct course *out, json_t **raw, struct gerr *);

/* ---- Asynchronous calls (the TUI) ------------------------------------ */

/* Flags of an answer handed to an api_done_fn. */
#define API_FROM_CACHE		0x1	/* read from the cache, not the server */
#define API_NOT_MODIFIED	0x2	/* the server said 304: cached copy is current */
#define API_OFFLINE		0x4	/* --offline: the server was not asked
				   (also set on an offline error) */

/*
 * A finished asynchronous call: body is the decoded JSON (borrowed: valid
 * during the call; json_incref to keep it; NULL for a 204) and err NULL,
 * or body NULL and err set (GERR_NET, GERR_AUTH, GERR_HTTP, GERR_PROTO).
 */
typedef void api_done_fn(void *arg, json_t *body, const struct gerr *err,
    unsigned flags);

struct api_req;

/*
 * The cached body of GET path, or NULL; the caller decrefs. Lets a view
 * paint at once from the cache before its request returns.
 */
json_t		*api_cached(struct client *, const char *path);
/*
 * Starts GET path ("/api/v1/courses?limit=20"). With a cached copy the
 * request carries If-None-Match and a 304 answers with the cached body
 * and API_NOT_MODIFIED; a 200 refreshes the cache. Offline, the cached
 * body (API_FROM_CACHE | API_OFFLINE) or an error "offline and not
 * cached" is delivered on the next net_perform. done is called exactly
 * once unless the request is canceled. Never NULL.
 */
struct api_req	*api_get_async(struct client *, const char *path,
		    api_done_fn *done, void *arg);
/*
 * Starts GET path for a body that is not JSON (an event's .ics): done
 * gets it whole as a JSON string (bytes as sent, not checked as UTF-8;
 * json_string_length gives its length). Never stored in the cache.
 * Never NULL.
 */
struct api_req	*api_get_text_async(struct client *, const char *path,
		    api_done_fn *done, void *arg);
/* Starts a call with a JSON body (POST, PUT, PATCH, DELETE); never cached. */
struct api_req	*api_call_async(struct client *, const char *method,
		    const char *path, json_t *body, api_done_fn *done, void *arg);
/*
 * api_call_async with extra request headers: a NULL-terminated list of
 * "Name: value" strings (copied), e.g. "Idempotency-Key: KEY".
 */
struct api_req	*api_call_async_hdr(struct client *, const char *method,
		    const char *path, json_t *body,
		    const char *const *headers, api_done_fn *done,
		    void *arg);
/* Cancels a call that has not finished; its done is never called. */
void		 api_cancel(struct client *, struct api_req *);

#endif

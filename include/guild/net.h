/*
 * The HTTP layer of the client over libcurl: one reused handle, timeouts,
 * TLS verification always on, and clear words for every failure. Nothing
 * here knows about curses or about the API's resources.
 */
#ifndef GUILD_NET_H
#define GUILD_NET_H

#include <stddef.h>

#include "err.h"

struct net_options {
	long		 connect_timeout;	/* seconds */
	long		 timeout;		/* seconds */
	int		 allow_insecure_http;
	const char	*ca_file;
};

struct net_response {
	long	 status;
	char	*body;		/* NUL-terminated, owned */
	size_t	 len;
	char	*etag;		/* owned, or NULL */
	char	*content_type;	/* owned, or NULL */
	long	 retry_after;	/* seconds, 0 if absent */
};

struct net;

/* Creates the client's one curl handle. Exits on OOM (client only). */
struct net	*net_new(const struct net_options *);
void		 net_free(struct net *);

/*
 * Performs one request. url is absolute. token, when not NULL, is sent as
 * "Authorization: Bearer" and never logged. extra_headers is a
 * NULL-terminated list of "Name: value" or NULL. body may be NULL.
 * Returns 0 when an HTTP answer arrived (any status: the caller reads
 * out->status), or -1 with err (GERR_NET) when none did: connection
 * refused, DNS failure, timeout, TLS failure, or plain http to a host
 * that is not loopback without allow_insecure_http.
 */
int	 net_request(struct net *, const char *method, const char *url,
	    const char *token, const char *const *extra_headers,
	    const char *body, size_t bodylen, struct net_response *out,
	    struct gerr *err);
void	 net_response_release(struct net_response *);

/* 1 when url's host is 127.0.0.0/8, ::1 or localhost. */
int	 net_url_is_loopback(const char *url);

#endif

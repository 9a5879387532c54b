/*
 * The HTTP layer of the client over libcurl: one reused handle, timeouts,
 * TLS verification always on, and clear words for every failure. Nothing
 * here knows about curses or about the API's resources.
 */
#ifndef GUILD_NET_H
#define GUILD_NET_H

#include <poll.h>
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

/* ---- Asynchronous requests (the TUI's event loop) ------------------- */

/*
 * Requests started with net_start run concurrently on a curl multi
 * handle that shares connections with net_request. The event loop asks
 * net_poll_fds which sockets to watch and for how long, polls them with
 * the terminal, then calls net_perform, which drives the transfers and
 * calls the done function of each finished request exactly once.
 */
struct net_req;

/*
 * A finished request: r is the answer (any HTTP status) and err is NULL,
 * or r is NULL and err says why no answer came (GERR_NET); both NULL for
 * a net_defer. Both are valid only during the call; the request is freed
 * after it returns.
 */
typedef void net_done_fn(void *arg, const struct net_response *r,
    const struct gerr *err);

/*
 * Starts a request; arguments as for net_request (copied). Never NULL;
 * a failure known at once (plain http to a remote host) is delivered
 * through done on the next net_perform, never from inside net_start.
 */
struct net_req	*net_start(struct net *, const char *method, const char *url,
		    const char *token, const char *const *extra_headers,
		    const char *body, size_t bodylen, net_done_fn *done,
		    void *arg);
/*
 * Queues done(arg, NULL, NULL) for the next net_perform without asking
 * the network: an answer known locally (the offline cache) arrives the
 * same way as one from the server. A request like any other: counted by
 * net_active, stopped by net_cancel. Never NULL.
 */
struct net_req	*net_defer(struct net *, net_done_fn *done, void *arg);
/* Stops a request that has not finished; done is never called for it. */
void		 net_cancel(struct net *, struct net_req *);
/* Requests started and not yet finished or canceled. */
size_t		 net_active(const struct net *);
/*
 * Fills up to max entries of fds with the sockets libcurl waits on and
 * returns how many; lowers *timeout_ms (-1 meaning none) to libcurl's
 * next timer, and to 0 when a result is waiting to be delivered.
 */
int		 net_poll_fds(struct net *, struct pollfd *fds, int max,
		    int *timeout_ms);
/*
 * Call after poll() with the same fds (revents filled) — or with
 * nfds 0 after a timeout: runs libcurl on the ready sockets and its
 * timers, and completes finished requests through their done functions.
 */
void		 net_perform(struct net *, const struct pollfd *fds, int nfds);

/* 1 when url's host is 127.0.0.0/8, ::1 or localhost. */
int	 net_url_is_loopback(const char *url);

#endif

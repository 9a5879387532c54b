/*
 * The client's HTTP layer over libcurl: a blocking easy handle for the
 * shell commands and a multi handle driven by the caller's poll() for the
 * TUI, sharing connections, DNS answers and TLS sessions.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <time.h>

#include <curl/curl.h>

#include "guild/buf.h"
#include "guild/net.h"
#include "guild/util.h"

/* Larger answers are refused: no API response comes near this. */
#define NET_MAX_RESPONSE	(16 * 1024 * 1024)
/* Poll timeout while more sockets are open than the caller can watch. */
#define NET_OVERFLOW_MS		20
/* Expired libcurl timers run per net_perform before polling again. */
#define NET_TIMER_ROUNDS	8

/* A socket libcurl asked to be watched, and for what (CURL_POLL_*). */
struct net_sock {
	curl_socket_t	fd;
	int		what;
};

struct net {
	CURL		*curl;		/* net_request's handle */
	CURLM		*multi;		/* net_start's transfers */
	CURLSH		*share;		/* connections, DNS, TLS sessions */
	long		 connect_timeout;
	long		 timeout;
	int		 allow_insecure_http;
	char		*ca_file;
	/* What libcurl's socket and timer callbacks told us. */
	struct net_sock	*socks;
	size_t		 nsocks;
	size_t		 capsocks;
	int		 overflow;	/* net_poll_fds could not list all */
	int		 timer_set;
	int64_t		 timer_due;	/* microseconds, CLOCK_MONOTONIC */
	/* Every request started and not yet delivered or canceled. */
	struct net_req	*reqs;
	size_t		 nreqs;
	size_t		 nqueued;	/* of which finished, awaiting done */
	unsigned long	 seq;		/* order of finishing */
};

/* What the write and header callbacks fill during one transfer. */
struct net_transfer {
	struct buf		 body;
	int			 too_big;
	struct net_response	*out;
};

/* The parts of a URL the layer needs; strings owned. */
struct net_url {
	char	*scheme;
	char	*host;		/* without IPv6 brackets */
	char	*origin;	/* scheme://host[:port], for messages */
};

/* One asynchronous request and everything its transfer points at. */
struct net_req {
	struct net		*net;
	struct net_req		*prev, *next;	/* in net->reqs */
	CURL			*easy;		/* NULL once finished, or never */
	struct curl_slist	*headers;
	char			*auth;		/* the bearer line, wiped */
	char			*body;		/* copy, wiped */
	size_t			 bodylen;
	struct net_url		 u;
	struct net_transfer	 t;
	struct net_response	 resp;
	char			 errbuf[CURL_ERROR_SIZE];
	net_done_fn		*done;
	void			*arg;
	int			 queued;	/* finished: done is due */
	unsigned long		 seq;		/* when it was queued */
	int			 failed;	/* err says why no answer */
	int			 deferred;	/* net_defer: r and err NULL */
	struct gerr		 err;
};

/* curl_global_init is process-wide; count handles to pair the cleanup. */
static int net_users;

static int	net_sock_cb(CURL *, curl_socket_t, int, void *, void *);
static int	net_timer_cb(CURLM *, long, void *);
static void	net_req_free(struct net_req *);

/* Exits with a message: libcurl cannot even start (client only). */
static void
net_die(void)
{
	fprintf(stderr, "guild: cannot initialise libcurl\n");
	exit(1);
}

struct net *
net_new(const struct net_options *opts)
{
	struct net *n = xcalloc(1, sizeof *n);

	if (net_users++ == 0 && curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		net_die();
	n->curl = curl_easy_init();
	n->multi = curl_multi_init();
	n->share = curl_share_init();
	if (n->curl == NULL || n->multi == NULL || n->share == NULL)
		net_die();
	/* One thread: the share needs no lock functions. */
	curl_share_setopt(n->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
	curl_share_setopt(n->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(n->share, CURLSHOPT_SHARE,
	    CURL_LOCK_DATA_SSL_SESSION);
	curl_multi_setopt(n->multi, CURLMOPT_SOCKETFUNCTION, net_sock_cb);
	curl_multi_setopt(n->multi, CURLMOPT_SOCKETDATA, n);
	curl_multi_setopt(n->multi, CURLMOPT_TIMERFUNCTION, net_timer_cb);
	curl_multi_setopt(n->multi, CURLMOPT_TIMERDATA, n);
	n->connect_timeout = opts->connect_timeout > 0 ?
	    opts->connect_timeout : 10;
	n->timeout = opts->timeout > 0 ? opts->timeout : 30;
	n->allow_insecure_http = opts->allow_insecure_http;
	if (opts->ca_file != NULL)
		n->ca_file = xstrdup(opts->ca_file);
	return n;
}

void
net_free(struct net *n)
{
	if (n == NULL)
		return;
	while (n->reqs != NULL)
		net_cancel(n, n->reqs);
	/* The handles go before the share they use. */
	curl_multi_cleanup(n->multi);
	curl_easy_cleanup(n->curl);
	curl_share_cleanup(n->share);
	free(n->socks);
	free(n->ca_file);
	free(n);
	if (--net_users == 0)
		curl_global_cleanup();
}

void
net_response_release(struct net_response *r)
{
	FREE(&r->body);
	FREE(&r->etag);
	FREE(&r->content_type);
	r->len = 0;
	r->status = 0;
	r->retry_after = 0;
}

static void
net_url_release(struct net_url *u)
{
	FREE(&u->scheme);
	FREE(&u->host);
	FREE(&u->origin);
}

/* Splits url with curl's own parser. 0, or -1 when it is not a URL. */
static int
net_url_parse(const char *url, struct net_url *u)
{
	CURLU	*h = curl_url();
	char	*scheme = NULL, *host = NULL, *port = NULL;
	size_t	 len;
	int	 rc = -1;

	memset(u, 0, sizeof *u);
	if (h == NULL)
		return -1;
	if (curl_url_set(h, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		if (curl_url_get(h, CURLUPART_PORT, &port, 0) != CURLUE_OK)
			port = NULL;
		u->scheme = xstrdup(scheme);
		u->origin = port != NULL ? xasprintf("%s://%s:%s", scheme,
		    host, port) : xasprintf("%s://%s", scheme, host);
		len = strlen(host);
		if (len >= 2 && host[0] == '[' && host[len - 1] == ']')
			u->host = xstrndup(host + 1, len - 2);
		else
			u->host = xstrdup(host);
		rc = 0;
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(h);
	return rc;
}

/* 1 when host names the local machine's loopback interface. */
static int
net_host_is_loopback(const char *host)
{
	unsigned char	a4[4], a6[16];
	static const unsigned char mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	size_t		i;

	if (strcasecmp(host, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, host, a4) == 1)
		return a4[0] == 127;
	if (inet_pton(AF_INET6, host, a6) == 1) {
		if (memcmp(a6, mapped, sizeof mapped) == 0)
			return a6[12] == 127;
		for (i = 0; i < 15; i++)
			if (a6[i] != 0)
				return 0;
		return a6[15] == 1;
	}
	return 0;
}

int
net_url_is_loopback(const char *url)
{
	struct net_url	u;
	int		r;

	if (net_url_parse(url, &u) != 0)
		return 0;
	r = net_host_is_loopback(u.host);
	net_url_release(&u);
	return r;
}

/* Collects the body, refusing more than NET_MAX_RESPONSE bytes. */
static size_t
net_write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct net_transfer	*t = arg;
	size_t			 n = size * nmemb;

	if (t->body.len + n > NET_MAX_RESPONSE) {
		t->too_big = 1;
		return 0;
	}
	buf_add(&t->body, data, n);
	return t->body.failed ? 0 : n;
}

/* Copies a header value without surrounding blanks and CR LF. */
static char *
net_header_value(const char *v, size_t len)
{
	while (len > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		len--;
	}
	while (len > 0 && (v[len - 1] == '\r' || v[len - 1] == '\n' ||
	    v[len - 1] == ' ' || v[len - 1] == '\t'))
		len--;
	return xstrndup(v, len);
}

/* Keeps ETag, Content-Type and Retry-After of the final response. */
static size_t
net_header_cb(char *data, size_t size, size_t nitems, void *arg)
{
	struct net_transfer	*t = arg;
	struct net_response	*r = t->out;
	size_t			 n = size * nitems;
	const char		*colon;
	char			*v;
	int64_t			 secs;

	if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		/* A new response (after 100 Continue): forget the last. */
		FREE(&r->etag);
		FREE(&r->content_type);
		r->retry_after = 0;
		return n;
	}
	colon = memchr(data, ':', n);
	if (colon == NULL)
		return n;
	v = net_header_value(colon + 1, n - (size_t)(colon + 1 - data));
	if ((size_t)(colon - data) == 4 && strncasecmp(data, "etag", 4) == 0) {
		free(r->etag);
		r->etag = v;
	} else if ((size_t)(colon - data) == 12 &&
	    strncasecmp(data, "content-type", 12) == 0) {
		free(r->content_type);
		r->content_type = v;
	} else {
		if ((size_t)(colon - data) == 11 &&
		    strncasecmp(data, "retry-after", 11) == 0 &&
		    parse_int64(v, 0, 86400 * 7, &secs) == 0)
			r->retry_after = (long)secs;
		free(v);
	}
	return n;
}

/*
 * Words a failed transfer: what went wrong first, then what to do.
 * Always returns -1.
 */
static int
net_fail(const struct net *n, CURL *c, CURLcode rc, const struct net_url *u,
    const char *detail, const struct net_transfer *t, struct gerr *err)
{
	long		 oserr = 0;
	curl_off_t	 connected = 0;
	const char	*what = *detail ? detail : curl_easy_strerror(rc);

	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &oserr);
		if (oserr == ECONNREFUSED || oserr == 0)
			return gerr_set(err, GERR_NET, 0, "cannot reach %s: "
			    "connection refused (is guildd running? check "
			    "the server URL; see guild(1))", u->origin);
		return gerr_set(err, GERR_NET, 0, "cannot reach %s: %s (check "
		    "the network and the server URL; see guild(1))",
		    u->origin, strerror((int)oserr));
	case CURLE_COULDNT_RESOLVE_HOST:
		return gerr_set(err, GERR_NET, 0, "cannot resolve host '%s' "
		    "(check [server] url in ~/.config/guild/config or "
		    "GUILD_SERVER)", u->host);
	case CURLE_OPERATION_TIMEDOUT:
		curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connected);
		if (connected == 0)
			return gerr_set(err, GERR_NET, 0, "no answer from %s "
			    "after %ld s while connecting (is the host up? "
			    "raise [server] connect_timeout)", u->origin,
			    n->connect_timeout);
		return gerr_set(err, GERR_NET, 0, "no answer from %s after "
		    "%ld s (slow link? raise [server] timeout)", u->origin,
		    n->timeout);
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		return gerr_set(err, GERR_NET, 0, "TLS verification failed "
		    "for %s: %s (is the certificate trusted? set [server] "
		    "ca_file)", u->host, what);
	case CURLE_SSL_CACERT_BADFILE:
		return gerr_set(err, GERR_NET, 0, "cannot use the CA file "
		    "for %s: %s (check [server] ca_file)", u->host, what);
	case CURLE_SSL_CONNECT_ERROR:
		return gerr_set(err, GERR_NET, 0, "TLS handshake with %s "
		    "failed: %s (does the server speak https on that port? "
		    "is the certificate trusted? set [server] ca_file)",
		    u->host, what);
	case CURLE_WRITE_ERROR:
		if (t->too_big)
			return gerr_set(err, GERR_NET, 0, "the answer from %s "
			    "is larger than %d MiB; refusing it (is [server] "
			    "url a guild server?)", u->origin,
			    NET_MAX_RESPONSE / (1024 * 1024));
		if (t->body.failed)
			return gerr_set(err, GERR_NET, 0, "out of memory "
			    "reading the answer from %s", u->origin);
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		return gerr_set(err, GERR_NET, 0, "bad server URL %s: %s "
		    "(use http://HOST:PORT or https://HOST)", u->origin, what);
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
		return gerr_set(err, GERR_NET, 0, "the connection to %s broke: "
		    "%s (try again; is [server] url a guild server?)",
		    u->origin, what);
	default:
		break;
	}
	return gerr_set(err, GERR_NET, 0, "request to %s failed: %s (check "
	    "the network and the server URL)", u->origin, what);
}

/* Builds the header list; the bearer line is returned in *auth to wipe. */
static struct curl_slist *
net_headers(const char *token, const char *const *extra, int has_body,
    char **auth)
{
	struct curl_slist	*h = NULL, *next;
	size_t			 i;

	*auth = NULL;
#define NET_ADD(s) do {							\
	next = curl_slist_append(h, (s));				\
	if (next == NULL) {						\
		fprintf(stderr, "guild: out of memory\n");		\
		exit(1);						\
	}								\
	h = next;							\
} while (0)
	NET_ADD("Accept: application/json");
	NET_ADD("Expect:");
	if (has_body)
		NET_ADD("Content-Type: application/json");
	if (token != NULL) {
		*auth = xasprintf("Authorization: Bearer %s", token);
		NET_ADD(*auth);
	}
	for (i = 0; extra != NULL && extra[i] != NULL; i++)
		NET_ADD(extra[i]);
#undef NET_ADD
	return h;
}

/* Frees a header list after overwriting every line (one holds a token). */
static void
net_headers_free(struct curl_slist *h, char *auth)
{
	struct curl_slist *l;

	for (l = h; l != NULL; l = l->next)
		explicit_bzero(l->data, strlen(l->data));
	curl_slist_free_all(h);
	if (auth != NULL) {
		explicit_bzero(auth, strlen(auth));
		free(auth);
	}
}

/*
 * Checks url before anything is sent: a URL, http or https, and plain
 * http only to loopback unless allowed. Returns 0 with *u filled (release
 * it), or -1 with err.
 */
static int
net_check_url(const struct net *n, const char *url, struct net_url *u,
    struct gerr *err)
{
	if (net_url_parse(url, u) != 0)
		return gerr_set(err, GERR_NET, 0, "bad server URL '%s' (use "
		    "http://HOST:PORT or https://HOST)", url);
	if (strcasecmp(u->scheme, "http") != 0 &&
	    strcasecmp(u->scheme, "https") != 0) {
		gerr_set(err, GERR_NET, 0, "bad server URL %s: only http and "
		    "https are supported (use https://HOST)", u->origin);
		net_url_release(u);
		return -1;
	}
	if (strcasecmp(u->scheme, "http") == 0 && !n->allow_insecure_http &&
	    !net_host_is_loopback(u->host)) {
		gerr_set(err, GERR_NET, 0, "refusing plain http to %s: "
		    "passwords and tokens would cross the network unencrypted "
		    "(use https://, or set allow_insecure_http = yes in "
		    "[server] if the network is trusted)", u->host);
		net_url_release(u);
		return -1;
	}
	return 0;
}

/*
 * Sets every option of one request on handle c (reset first): the same
 * for the blocking and the asynchronous path.
 */
static void
net_setup(const struct net *n, CURL *c, const char *method, const char *url,
    struct curl_slist *headers, const char *body, size_t bodylen,
    struct net_transfer *t, char *errbuf)
{
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_SHARE, n->share);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, n->connect_timeout);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, n->timeout);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (n->ca_file != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, n->ca_file);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "guild/" GUILD_VERSION);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, net_write_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, net_header_cb);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, t);
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)bodylen);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		if (strcmp(method, "POST") != 0)
			curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	} else if (strcmp(method, "GET") == 0) {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	} else if (strcmp(method, "POST") == 0) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, 0L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
	} else {
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	}
}

/*
 * Turns the end of a transfer on handle c into the answer: *out filled
 * (0) or err set and *out released (-1). Consumes t's body either way.
 * Shared by both paths so a failure has the same words in each.
 */
static int
net_finish(const struct net *n, CURL *c, CURLcode rc,
    const struct net_url *u, const char *errbuf, struct net_transfer *t,
    struct net_response *out, struct gerr *err)
{
	if (rc != CURLE_OK) {
		net_fail(n, c, rc, u, errbuf, t, err);
		buf_release(&t->body);
		net_response_release(out);
		return -1;
	}
	if (t->body.failed) {
		gerr_set(err, GERR_NET, 0, "out of memory reading the answer "
		    "from %s", u->origin);
		buf_release(&t->body);
		net_response_release(out);
		return -1;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	out->len = t->body.len;
	out->body = t->body.data != NULL ? buf_detach(&t->body) :
	    xstrdup("");
	return 0;
}

int
net_request(struct net *n, const char *method, const char *url,
    const char *token, const char *const *extra_headers, const char *body,
    size_t bodylen, struct net_response *out, struct gerr *err)
{
	struct net_transfer	 t;
	struct net_url		 u;
	struct curl_slist	*headers;
	char			 errbuf[CURL_ERROR_SIZE];
	char			*auth;
	CURLcode		 rc;
	int			 ret;

	memset(out, 0, sizeof *out);
	if (net_check_url(n, url, &u, err) != 0)
		return -1;
	memset(&t, 0, sizeof t);
	buf_init(&t.body);
	t.out = out;
	errbuf[0] = '\0';
	headers = net_headers(token, extra_headers, body != NULL, &auth);
	net_setup(n, n->curl, method, url, headers, body, bodylen, &t, errbuf);
	rc = curl_easy_perform(n->curl);
	/* Drop the handle's pointers to the headers and this stack frame. */
	curl_easy_setopt(n->curl, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(n->curl, CURLOPT_ERRORBUFFER, NULL);
	curl_easy_setopt(n->curl, CURLOPT_POSTFIELDS, NULL);
	net_headers_free(headers, auth);
	ret = net_finish(n, n->curl, rc, &u, errbuf, &t, out, err);
	net_url_release(&u);
	return ret;
}

/* ---- asynchronous requests ------------------------------------------ */

/* Now on the monotonic clock, in microseconds. */
static int64_t
net_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The index of fd in the socket table, or -1. */
static ssize_t
net_sock_find(const struct net *n, curl_socket_t fd)
{
	size_t i;

	for (i = 0; i < n->nsocks; i++)
		if (n->socks[i].fd == fd)
			return (ssize_t)i;
	return -1;
}

/* libcurl's socket callback: keeps the table of sockets to watch. */
static int
net_sock_cb(CURL *easy, curl_socket_t fd, int what, void *arg, void *sockp)
{
	struct net	*n = arg;
	ssize_t		 i = net_sock_find(n, fd);

	(void)easy;
	(void)sockp;
	if (what == CURL_POLL_REMOVE) {
		if (i >= 0)
			n->socks[i] = n->socks[--n->nsocks];
		return 0;
	}
	if (i < 0) {
		if (n->nsocks == n->capsocks) {
			n->capsocks = n->capsocks ? 2 * n->capsocks : 8;
			n->socks = xrealloc(n->socks, n->capsocks *
			    sizeof *n->socks);
		}
		i = (ssize_t)n->nsocks++;
		n->socks[i].fd = fd;
	}
	n->socks[i].what = what;
	return 0;
}

/* libcurl's timer callback: when to call it back (-1: no timer). */
static int
net_timer_cb(CURLM *multi, long ms, void *arg)
{
	struct net *n = arg;

	(void)multi;
	n->timer_set = ms >= 0;
	if (ms >= 0)
		n->timer_due = net_now_us() + (int64_t)ms * 1000;
	return 0;
}

/* Reads libcurl's current timer, in case no callback reported it. */
static void
net_timer_refresh(struct net *n)
{
	long ms = -1;

	if (curl_multi_timeout(n->multi, &ms) != CURLM_OK)
		return;
	net_timer_cb(n->multi, ms, n);
}

/* Links a new request at the end of the list. */
static void
net_req_link(struct net *n, struct net_req *r)
{
	struct net_req *last = n->reqs;

	r->net = n;
	if (last == NULL) {
		n->reqs = r;
	} else {
		while (last->next != NULL)
			last = last->next;
		last->next = r;
		r->prev = last;
	}
	n->nreqs++;
}

/* Takes a request out of the list (and the queue count). */
static void
net_req_unlink(struct net_req *r)
{
	struct net *n = r->net;

	if (r->prev != NULL)
		r->prev->next = r->next;
	else
		n->reqs = r->next;
	if (r->next != NULL)
		r->next->prev = r->prev;
	r->prev = r->next = NULL;
	n->nreqs--;
	if (r->queued)
		n->nqueued--;
}

/* Marks a request finished: its done is called on the next delivery. */
static void
net_req_queue(struct net_req *r)
{
	r->queued = 1;
	r->seq = ++r->net->seq;
	r->net->nqueued++;
}

/*
 * Detaches the transfer from libcurl and frees what only the transfer
 * needed, wiping the header list (it holds the token) and the body.
 */
static void
net_req_end_transfer(struct net_req *r)
{
	if (r->easy != NULL) {
		curl_multi_remove_handle(r->net->multi, r->easy);
		curl_easy_cleanup(r->easy);
		r->easy = NULL;
	}
	net_headers_free(r->headers, r->auth);
	r->headers = NULL;
	r->auth = NULL;
	if (r->body != NULL) {
		explicit_bzero(r->body, r->bodylen);
		FREE(&r->body);
	}
	buf_release(&r->t.body);
}

/* Frees an unlinked request. */
static void
net_req_free(struct net_req *r)
{
	net_req_end_transfer(r);
	net_response_release(&r->resp);
	net_url_release(&r->u);
	free(r);
}

/* A new request with its done function, linked but not started. */
static struct net_req *
net_req_new(struct net *n, net_done_fn *done, void *arg)
{
	struct net_req *r = xcalloc(1, sizeof *r);

	r->done = done;
	r->arg = arg;
	buf_init(&r->t.body);
	r->t.out = &r->resp;
	gerr_clear(&r->err);
	net_req_link(n, r);
	return r;
}

struct net_req *
net_start(struct net *n, const char *method, const char *url,
    const char *token, const char *const *extra_headers, const char *body,
    size_t bodylen, net_done_fn *done, void *arg)
{
	struct net_req *r = net_req_new(n, done, arg);

	if (net_check_url(n, url, &r->u, &r->err) != 0) {
		r->failed = 1;
		net_req_queue(r);
		return r;
	}
	if (body != NULL) {
		r->body = xmalloc(bodylen + 1);
		memcpy(r->body, body, bodylen);
		r->body[bodylen] = '\0';
		r->bodylen = bodylen;
	}
	r->headers = net_headers(token, extra_headers, body != NULL, &r->auth);
	r->easy = curl_easy_init();
	if (r->easy == NULL)
		net_die();
	net_setup(n, r->easy, method, url, r->headers, r->body, bodylen,
	    &r->t, r->errbuf);
	curl_easy_setopt(r->easy, CURLOPT_PRIVATE, r);
	if (curl_multi_add_handle(n->multi, r->easy) != CURLM_OK) {
		curl_easy_cleanup(r->easy);
		r->easy = NULL;
		gerr_set(&r->err, GERR_NET, 0, "cannot start a request to %s "
		    "(out of memory?)", r->u.origin);
		r->failed = 1;
		net_req_queue(r);
	}
	return r;
}

struct net_req *
net_defer(struct net *n, net_done_fn *done, void *arg)
{
	struct net_req *r = net_req_new(n, done, arg);

	r->deferred = 1;
	net_req_queue(r);
	return r;
}

void
net_cancel(struct net *n, struct net_req *r)
{
	(void)n;
	if (r == NULL)
		return;
	net_req_unlink(r);
	net_req_free(r);
}

size_t
net_active(const struct net *n)
{
	return n->nreqs;
}

int
net_poll_fds(struct net *n, struct pollfd *fds, int max, int *timeout_ms)
{
	int64_t	rem;
	size_t	i;
	int	k = 0, t = -1;

	for (i = 0; i < n->nsocks && k < max; i++, k++) {
		fds[k].fd = n->socks[i].fd;
		fds[k].events = 0;
		fds[k].revents = 0;
		if (n->socks[i].what & CURL_POLL_IN)
			fds[k].events |= POLLIN;
		if (n->socks[i].what & CURL_POLL_OUT)
			fds[k].events |= POLLOUT;
	}
	n->overflow = (size_t)k < n->nsocks;
	if (n->nqueued > 0) {
		t = 0;
	} else if (n->timer_set) {
		rem = (n->timer_due - net_now_us() + 999) / 1000;
		t = rem < 0 ? 0 : rem > INT_MAX ? INT_MAX : (int)rem;
	}
	if (n->overflow && (t < 0 || t > NET_OVERFLOW_MS))
		t = NET_OVERFLOW_MS;
	if (t >= 0 && (*timeout_ms < 0 || t < *timeout_ms))
		*timeout_ms = t;
	return k;
}

/* 1 when fd is among the first nfds entries of fds. */
static int
net_fds_have(const struct pollfd *fds, int nfds, curl_socket_t fd)
{
	int i;

	for (i = 0; i < nfds; i++)
		if (fds[i].fd == fd)
			return 1;
	return 0;
}

/* Moves every transfer libcurl has finished to the delivery queue. */
static void
net_collect(struct net *n)
{
	struct net_req	*r;
	CURLMsg		*msg;
	char		*p;
	int		 left;

	for (;;) {
		msg = curl_multi_info_read(n->multi, &left);
		if (msg == NULL)
			break;
		if (msg->msg != CURLMSG_DONE)
			continue;
		p = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &p);
		r = (struct net_req *)(void *)p;
		if (r == NULL || r->easy != msg->easy_handle)
			continue;
		if (net_finish(n, r->easy, msg->data.result, &r->u, r->errbuf,
		    &r->t, &r->resp, &r->err) != 0)
			r->failed = 1;
		net_req_end_transfer(r);
		net_req_queue(r);
	}
}

/*
 * Calls done for each request finished before this delivery began, one at
 * a time and oldest first, so a done function may start or cancel others.
 */
static void
net_deliver(struct net *n)
{
	struct net_req	*r, *best;
	unsigned long	 stop = n->seq;

	for (;;) {
		best = NULL;
		for (r = n->reqs; r != NULL; r = r->next)
			if (r->queued && r->seq <= stop &&
			    (best == NULL || r->seq < best->seq))
				best = r;
		if (best == NULL)
			break;
		net_req_unlink(best);
		if (best->deferred)
			best->done(best->arg, NULL, NULL);
		else if (best->failed)
			best->done(best->arg, NULL, &best->err);
		else
			best->done(best->arg, &best->resp, NULL);
		net_req_free(best);
	}
}

void
net_perform(struct net *n, const struct pollfd *fds, int nfds)
{
	size_t	i;
	int	k, mask, running;

	for (k = 0; k < nfds; k++) {
		if (fds[k].revents == 0 || net_sock_find(n, fds[k].fd) < 0)
			continue;
		mask = 0;
		if (fds[k].revents & (POLLIN | POLLPRI | POLLHUP))
			mask |= CURL_CSELECT_IN;
		if (fds[k].revents & POLLOUT)
			mask |= CURL_CSELECT_OUT;
		if (fds[k].revents & (POLLERR | POLLNVAL))
			mask |= CURL_CSELECT_ERR;
		curl_multi_socket_action(n->multi, fds[k].fd, mask, &running);
	}
	/* Sockets the caller had no room for: libcurl checks them itself. */
	if (n->overflow) {
		for (i = 0; i < n->nsocks; i++)
			if (!net_fds_have(fds, nfds, n->socks[i].fd))
				curl_multi_socket_action(n->multi,
				    n->socks[i].fd, 0, &running);
		n->overflow = 0;
	}
	for (k = 0; k < NET_TIMER_ROUNDS && n->timer_set &&
	    net_now_us() >= n->timer_due; k++) {
		curl_multi_socket_action(n->multi, CURL_SOCKET_TIMEOUT, 0,
		    &running);
		net_timer_refresh(n);
	}
	net_collect(n);
	net_deliver(n);
}

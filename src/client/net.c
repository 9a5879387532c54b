/* The client's HTTP layer over one reused libcurl handle. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "guild/buf.h"
#include "guild/net.h"
#include "guild/util.h"

/* Larger answers are refused: no API response comes near this. */
#define NET_MAX_RESPONSE	(16 * 1024 * 1024)

struct net {
	CURL		*curl;
	long		 connect_timeout;
	long		 timeout;
	int		 allow_insecure_http;
	char		*ca_file;
};

/* What the write and header callbacks fill during one transfer. */
struct net_transfer {
	struct buf		 body;
	int			 too_big;
	struct net_response	*out;
};

/* curl_global_init is process-wide; count handles to pair the cleanup. */
static int net_users;

struct net *
net_new(const struct net_options *opts)
{
	struct net *n = xcalloc(1, sizeof *n);

	if (net_users++ == 0 && curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		fprintf(stderr, "guild: cannot initialise libcurl\n");
		exit(1);
	}
	n->curl = curl_easy_init();
	if (n->curl == NULL) {
		fprintf(stderr, "guild: cannot initialise libcurl\n");
		exit(1);
	}
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
	curl_easy_cleanup(n->curl);
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

/* The parts of a URL the layer needs; strings owned. */
struct net_url {
	char	*scheme;
	char	*host;		/* without IPv6 brackets */
	char	*origin;	/* scheme://host[:port], for messages */
};

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
net_fail(struct net *n, CURLcode rc, const struct net_url *u,
    const char *detail, const struct net_transfer *t, struct gerr *err)
{
	long		 oserr = 0;
	curl_off_t	 connected = 0;
	const char	*what = *detail ? detail : curl_easy_strerror(rc);

	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		curl_easy_getinfo(n->curl, CURLINFO_OS_ERRNO, &oserr);
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
		curl_easy_getinfo(n->curl, CURLINFO_CONNECT_TIME_T, &connected);
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

/* Sets every option of one request on the (reset) handle. */
static void
net_setup(struct net *n, const char *method, const char *url,
    struct curl_slist *headers, const char *body, size_t bodylen,
    struct net_transfer *t, char *errbuf)
{
	CURL *c = n->curl;

	curl_easy_reset(c);
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
	int			 ret = 0;

	memset(out, 0, sizeof *out);
	if (net_url_parse(url, &u) != 0)
		return gerr_set(err, GERR_NET, 0, "bad server URL '%s' (use "
		    "http://HOST:PORT or https://HOST)", url);
	if (strcasecmp(u.scheme, "http") != 0 &&
	    strcasecmp(u.scheme, "https") != 0) {
		gerr_set(err, GERR_NET, 0, "bad server URL %s: only http and "
		    "https are supported (use https://HOST)", u.origin);
		net_url_release(&u);
		return -1;
	}
	if (strcasecmp(u.scheme, "http") == 0 && !n->allow_insecure_http &&
	    !net_host_is_loopback(u.host)) {
		gerr_set(err, GERR_NET, 0, "refusing plain http to %s: "
		    "passwords and tokens would cross the network unencrypted "
		    "(use https://, or set allow_insecure_http = yes in "
		    "[server] if the network is trusted)", u.host);
		net_url_release(&u);
		return -1;
	}

	memset(&t, 0, sizeof t);
	buf_init(&t.body);
	t.out = out;
	errbuf[0] = '\0';
	headers = net_headers(token, extra_headers, body != NULL, &auth);
	net_setup(n, method, url, headers, body, bodylen, &t, errbuf);
	rc = curl_easy_perform(n->curl);
	/* Drop the handle's pointers to the headers and this stack frame. */
	curl_easy_setopt(n->curl, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(n->curl, CURLOPT_ERRORBUFFER, NULL);
	net_headers_free(headers, auth);

	if (rc != CURLE_OK) {
		ret = net_fail(n, rc, &u, errbuf, &t, err);
		buf_release(&t.body);
		net_response_release(out);
	} else if (t.body.failed) {
		ret = gerr_set(err, GERR_NET, 0, "out of memory reading the "
		    "answer from %s", u.origin);
		buf_release(&t.body);
		net_response_release(out);
	} else {
		curl_easy_getinfo(n->curl, CURLINFO_RESPONSE_CODE,
		    &out->status);
		out->len = t.body.len;
		out->body = t.body.data != NULL ? buf_detach(&t.body) :
		    xstrdup("");
	}
	net_url_release(&u);
	return ret;
}

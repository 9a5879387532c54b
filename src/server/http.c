/*
 * guildd's HTTP layer on libmicrohttpd: the listening socket, limits,
 * reading request bodies, dispatch through the route table, and the one
 * place a handler's status becomes a response (JSON, problem+json, ETag
 * and 304, access log).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "guild/buf.h"
#include "auth.h"
#include "db.h"
#include "server.h"

struct http_server {
	struct MHD_Daemon	*daemon;
	struct db_pool		*pool;
	size_t			 body_max;
	int			 fd;		/* the listening socket */
	int			 family;	/* AF_INET or AF_INET6 */
	char			 url[128];
};

/* Per-request state kept by libmicrohttpd between access-handler calls. */
struct http_ctx {
	struct buf	body;
	int		too_large;
	int		responded;
	struct timespec	start;
};

/* ---- small helpers ------------------------------------------------- */

const char *
srv_query(const struct srv_req *req, const char *name)
{
	if (req->conn == NULL)
		return NULL;
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND,
	    name);
}

const char *
srv_header(const struct srv_req *req, const char *name)
{
	if (req->conn == NULL)
		return NULL;
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *
srv_client_address(const struct srv_req *req, char *out, size_t outsz)
{
	const union MHD_ConnectionInfo	*ci = NULL;
	const struct sockaddr		*sa;

	if (outsz == 0)
		return out;
	out[0] = '\0';
	if (req->conn != NULL)
		ci = MHD_get_connection_info(req->conn,
		    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL)
		return out;
	sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)
		    (const void *)sa)->sin_addr, out, (socklen_t)outsz);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
		    (const void *)sa)->sin6_addr, out, (socklen_t)outsz);
	return out;
}

void
http_etag(const char *body, size_t len, char *out, size_t outsz)
{
	unsigned char	h[16];
	char		hex[sizeof h * 2 + 1];

	crypto_generichash(h, sizeof h, (const unsigned char *)body, len,
	    NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(out, outsz, "\"%s\"", hex);
}

int
http_etag_match(const char *inm, const char *etag)
{
	const char	*p = inm;
	size_t		 elen = strlen(etag), len;

	if (inm == NULL)
		return 0;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		len = strcspn(p, ", \t");
		if (len == elen && strncmp(p, etag, len) == 0)
			return 1;
		p += len;
	}
	return 0;
}

int
http_parse_listen(const char *listen, char *host, size_t hostsz,
    unsigned *port)
{
	const char	*colon, *hstart = listen;
	size_t		 hlen;
	int64_t		 p;

	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');

		if (close == NULL || close[1] != ':')
			return -1;
		hstart = listen + 1;
		hlen = (size_t)(close - hstart);
		colon = close + 1;
	} else {
		colon = strrchr(listen, ':');
		if (colon == NULL)
			return -1;
		hlen = (size_t)(colon - listen);
		if (memchr(listen, ':', hlen) != NULL)
			return -1;	/* IPv6 needs brackets */
	}
	if (hlen == 0 || hlen >= hostsz)
		return -1;
	if (parse_int64(colon + 1, 0, 65535, &p) != 0)
		return -1;
	memcpy(host, hstart, hlen);
	host[hlen] = '\0';
	*port = (unsigned)p;
	return 0;
}

/* Writes path for the log with anything unprintable as \xNN. */
static void
log_escape(const char *s, char *out, size_t outsz)
{
	size_t	o = 0;

	for (; s != NULL && *s != '\0' && o + 5 < outsz; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x21 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, outsz - o, "\\x%02x", c);
	}
	out[o] = '\0';
}

/* One access-log line: address, method, path (no query), status, time. */
static void
http_log(struct MHD_Connection *conn, const char *method, const char *path,
    int code, const struct timespec *start)
{
	const union MHD_ConnectionInfo	*ci;
	struct timespec			 now;
	char				 addr[INET6_ADDRSTRLEN] = "-";
	char				 p[256], m[24];
	double				 ms;

	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci != NULL && ci->client_addr != NULL) {
		const struct sockaddr *sa = ci->client_addr;

		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)
			    (const void *)sa)->sin_addr, addr, sizeof addr);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
			    (const void *)sa)->sin6_addr, addr, sizeof addr);
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (double)(now.tv_sec - start->tv_sec) * 1e3 +
	    (double)(now.tv_nsec - start->tv_nsec) / 1e6;
	log_escape(method, m, sizeof m);
	/* A checkout link is a secret: its session never reaches the log. */
	if (str_starts(path, "/checkout/"))
		path = "/checkout/(session)";
	log_escape(path, p, sizeof p);
	fprintf(stderr, "guildd: %s %s %s %d %.1fms\n", addr, m, p, code, ms);
}

/* The media type of a Content-Type value is want. */
static int
is_media_type(const char *ct, const char *want)
{
	size_t	len, wlen = strlen(want);

	if (ct == NULL)
		return 0;
	while (*ct == ' ')
		ct++;
	len = strcspn(ct, "; \t");
	return len == wlen && strncasecmp(ct, want, wlen) == 0;
}

static int
is_json_type(const char *ct)
{
	return is_media_type(ct, "application/json");
}

static int
method_has_body(const char *m)
{
	return strcmp(m, "POST") == 0 || strcmp(m, "PUT") == 0 ||
	    strcmp(m, "PATCH") == 0;
}

/* ---- responses ----------------------------------------------------- */

/* The problem+json text for status s with req's detail and field errors. */
static char *
problem_body(enum gstatus s, const struct srv_req *req)
{
	struct problem		 p;
	struct field_error	 fe[SRV_MAX_FIELD_ERRORS];
	json_t			*o;
	char			*text;
	size_t			 i;

	memset(&p, 0, sizeof p);
	p.status = gstatus_http(s);
	p.type = (char *)gstatus_type(s);
	p.title = (char *)gstatus_title(s);
	p.detail = (char *)(req->detail[0] != '\0' ? req->detail :
	    gstatus_title(s));
	for (i = 0; s == G_UNPROCESSABLE && i < req->nerrors; i++) {
		fe[i].field = (char *)req->errors[i].field;
		fe[i].message = (char *)req->errors[i].message;
	}
	p.errors = fe;
	p.nerrors = s == G_UNPROCESSABLE ? req->nerrors : 0;
	o = problem_to_json(&p);
	if (o == NULL)
		return NULL;
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return text;
}

/*
 * Turns the handler's status into the response and queues it: JSON for
 * 200/201 (with a strong ETag, and 304 on a matching If-None-Match, for
 * every GET), nothing for 204, problem+json for every error. Logs the
 * request. Returns libmicrohttpd's verdict.
 */
static enum MHD_Result
http_respond(struct MHD_Connection *conn, struct http_ctx *ctx,
    struct srv_req *req, enum gstatus s, const char *allow)
{
	struct MHD_Response	*resp;
	enum MHD_Result		 ret;
	char			*body = NULL;
	const char		*ctype = NULL;
	char			 etag[48] = "";
	int			 code, is_get;
	size_t			 i, len = 0;

	is_get = strcmp(req->method, "GET") == 0 ||
	    strcmp(req->method, "HEAD") == 0;
	if ((unsigned)s >= G_STATUS_COUNT)
		s = G_INTERNAL;
	if (req->raw != NULL) {
		/* A page or a replayed answer: as is, never cached. */
		body = req->raw;
		req->raw = NULL;
		ctype = req->raw_type != NULL ? req->raw_type :
		    "application/octet-stream";
		is_get = 0;
	} else if (s == G_OK || s == G_CREATED) {
		body = json_dumps(req->out != NULL ? req->out :
		    json_object(), JSON_COMPACT);
		if (body == NULL)
			s = srv_fail(req, G_INTERNAL, "cannot encode the "
			    "response");
		else
			ctype = "application/json";
	}
	if (ctype == NULL && s != G_OK && s != G_CREATED &&
	    s != G_NO_CONTENT && s != G_NOT_MODIFIED) {
		body = problem_body(s, req);
		ctype = "application/problem+json";
	}
	code = gstatus_http(s);
	len = body != NULL ? strlen(body) : 0;
	if (s == G_OK && is_get && body != NULL) {
		http_etag(body, len, etag, sizeof etag);
		if (http_etag_match(srv_header(req, "If-None-Match"), etag)) {
			free(body);
			body = NULL;
			len = 0;
			ctype = NULL;
			code = MHD_HTTP_NOT_MODIFIED;
		}
	}
	resp = MHD_create_response_from_buffer(len, body,
	    body != NULL ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	if (ctype != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		    ctype);
	if (etag[0] != '\0') {
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
		    "no-cache");
		MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY,
		    "Authorization");
	}
	if (code == MHD_HTTP_UNAUTHORIZED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		    "Bearer realm=\"guild\"");
	if (code == MHD_HTTP_METHOD_NOT_ALLOWED && allow != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
	if (code == 413 || ctx->too_large)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION,
		    "close");
	for (i = 0; i < req->nheaders; i++)
		MHD_add_response_header(resp, req->headers[i].name,
		    req->headers[i].value);
	ret = MHD_queue_response(conn, (unsigned)code, resp);
	MHD_destroy_response(resp);
	ctx->responded = 1;
	http_log(conn, req->method, req->path, code, &ctx->start);
	return ret;
}

/* ---- dispatch ------------------------------------------------------ */

/* Runs the route for a fully received request and responds. */
static enum MHD_Result
http_dispatch(struct http_server *srv, struct MHD_Connection *conn,
    struct http_ctx *ctx, const char *url, const char *method)
{
	const struct route	*route;
	struct srv_req		*req;
	enum router_result	 rr;
	enum gstatus		 s;
	enum MHD_Result		 ret;
	char			 allow[64], q[128];

	req = calloc(1, sizeof *req);
	if (req == NULL)
		return MHD_NO;
	req->method = method;
	req->path = url;
	req->conn = conn;
	req->now = time(NULL);
	allow[0] = '\0';
	rr = router_find(router_routes, router_nroutes, method, url, &route,
	    &req->params, allow, sizeof allow);
	if (ctx->too_large) {
		s = srv_fail(req, G_PAYLOAD_TOO_LARGE, "the request body is "
		    "larger than %zu bytes", srv->body_max);
	} else if (ctx->body.failed) {
		s = srv_fail(req, G_INTERNAL, "out of memory reading the "
		    "request body");
	} else if (rr == ROUTER_NOT_FOUND) {
		s = srv_fail(req, G_NOT_FOUND, "no such resource: %s",
		    srv_quote(url, q, sizeof q));
	} else if (rr == ROUTER_BAD_METHOD) {
		s = srv_fail(req, G_METHOD_NOT_ALLOWED, "%s is not allowed "
		    "here; use %s", srv_quote(method, q, 24), allow);
	} else if (route->auth == ROUTE_FORM && method_has_body(method) &&
	    !is_media_type(MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE),
	    "application/x-www-form-urlencoded")) {
		s = srv_fail(req, G_UNSUPPORTED_MEDIA, "send the form as "
		    "application/x-www-form-urlencoded");
	} else if (route->auth != ROUTE_FORM && method_has_body(method) &&
	    ctx->body.len > 0 &&
	    !is_json_type(MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE))) {
		s = srv_fail(req, G_UNSUPPORTED_MEDIA, "send the body as "
		    "JSON with Content-Type: application/json");
	} else {
		req->body = ctx->body.data;
		req->body_len = ctx->body.len;
		req->db = db_pool_acquire(srv->pool);
		s = auth_identify(req);
		if (s == G_OK && route->auth == ROUTE_USER &&
		    req->viewer.user_id == 0)
			s = srv_fail(req, G_UNAUTHORIZED, "this needs a login: "
			    "send Authorization: Bearer <token> (see guild "
			    "login)");
		if (s == G_OK)
			s = route->handler(req);
		db_pool_release(srv->pool, req->db);
		req->db = NULL;
	}
	ret = http_respond(conn, ctx, req, s, allow);
	json_decref(req->out);
	free(req->raw);
	free(req);
	return ret;
}

/*
 * libmicrohttpd's access handler: called once when the headers are in
 * (a declared oversize body is refused right there), once per chunk of
 * body, and once more at the end, when the request is dispatched.
 */
static enum MHD_Result
http_access(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct http_server	*srv = cls;
	struct http_ctx		*ctx = *con_cls;
	const char		*cl;
	int64_t			 n;

	(void)version;
	if (ctx == NULL) {
		ctx = calloc(1, sizeof *ctx);
		if (ctx == NULL)
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &ctx->start);
		buf_init(&ctx->body);
		*con_cls = ctx;
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl != NULL && (parse_int64(cl, 0, INT64_MAX, &n) != 0 ||
		    (uint64_t)n > srv->body_max)) {
			ctx->too_large = 1;
			return http_dispatch(srv, conn, ctx, url, method);
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (!ctx->too_large && !ctx->responded) {
			if (ctx->body.len + *upload_data_size > srv->body_max) {
				ctx->too_large = 1;
				buf_release(&ctx->body);
			} else {
				buf_add(&ctx->body, upload_data,
				    *upload_data_size);
			}
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (ctx->responded)
		return MHD_YES;
	return http_dispatch(srv, conn, ctx, url, method);
}

/* Frees the per-request state when libmicrohttpd is done with it. */
static void
http_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct http_ctx	*ctx = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (ctx == NULL)
		return;
	buf_release(&ctx->body);
	free(ctx);
	*con_cls = NULL;
}

/* libmicrohttpd's own messages, prefixed so they read like ours. */
static void
http_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char	msg[512];
	size_t	len;

	(void)cls;
	vsnprintf(msg, sizeof msg, fmt, ap);
	len = strlen(msg);
	while (len > 0 && msg[len - 1] == '\n')
		msg[--len] = '\0';
	fprintf(stderr, "guildd: http: %s\n", msg);
}

/* ---- start and stop ------------------------------------------------ */

/*
 * Binds and listens on cfg->listen; fills url with the address actually
 * bound (port 0 becomes the chosen port). Returns the socket or -1.
 */
static int
http_listen(const char *listen_addr, char *url, size_t urlsz, int *family,
    struct gerr *err)
{
	struct addrinfo		 hints, *res = NULL;
	struct sockaddr_storage	 ss;
	socklen_t		 sslen = sizeof ss;
	char			 host[256], addr[INET6_ADDRSTRLEN], port[8];
	unsigned		 portnum;
	int			 fd, one = 1, rc;

	if (http_parse_listen(listen_addr, host, sizeof host, &portnum) != 0) {
		gerr_set(err, GERR_USAGE, 0, "cannot parse listen address '%s'"
		    " (use ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080)",
		    listen_addr);
		return -1;
	}
	snprintf(port, sizeof port, "%u", portnum);
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0) {
		gerr_set(err, GERR_LOCAL, 0, "cannot resolve listen address "
		    "'%s': %s", host, gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(fd, res->ai_addr, res->ai_addrlen) != 0 ||
	    listen(fd, 128) != 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &sslen) != 0) {
		gerr_set(err, GERR_LOCAL, 0, "cannot listen on %s: %s",
		    listen_addr, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(res);
		return -1;
	}
	*family = res->ai_family;
	freeaddrinfo(res);
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(void *)&ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, addr, sizeof addr);
		snprintf(url, urlsz, "http://[%s]:%u", addr,
		    (unsigned)ntohs(s6->sin6_port));
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)(void *)&ss;

		inet_ntop(AF_INET, &s4->sin_addr, addr, sizeof addr);
		snprintf(url, urlsz, "http://%s:%u", addr,
		    (unsigned)ntohs(s4->sin_port));
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return fd;
}

struct http_server *
http_start(const struct srv_config *cfg, struct gerr *err)
{
	struct http_server	*srv;

	srv = calloc(1, sizeof *srv);
	if (srv == NULL) {
		gerr_set(err, GERR_LOCAL, 0, "out of memory");
		return NULL;
	}
	srv->fd = http_listen(cfg->listen, srv->url, sizeof srv->url,
	    &srv->family, err);
	if (srv->fd < 0) {
		free(srv);
		return NULL;
	}
	return srv;
}

int
http_serve(struct http_server *srv, const struct srv_config *cfg,
    struct db_pool *pool, struct gerr *err)
{
	unsigned	flags;

	srv->pool = pool;
	srv->body_max = cfg->body_max > 0 ? cfg->body_max : SRV_BODY_MAX;
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO |
	    MHD_USE_ERROR_LOG;
	if (srv->family == AF_INET6)
		flags |= MHD_USE_IPv6;
	srv->daemon = MHD_start_daemon(flags, 0, NULL, NULL, http_access, srv,
	    MHD_OPTION_EXTERNAL_LOGGER, http_mhd_log, (void *)NULL,
	    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)srv->fd,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)SRV_CONN_LIMIT,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)SRV_PER_IP_LIMIT,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)SRV_CONN_TIMEOUT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SRV_CONN_MEMORY,
	    MHD_OPTION_NOTIFY_COMPLETED, http_completed, (void *)NULL,
	    MHD_OPTION_END);
	if (srv->daemon == NULL)
		return gerr_set(err, GERR_LOCAL, 0, "cannot start the HTTP "
		    "server on %s (see the messages above)", cfg->listen);
	return 0;
}

const char *
http_url(const struct http_server *srv)
{
	return srv->url;
}

void
http_stop(struct http_server *srv)
{
	if (srv == NULL)
		return;
	/* libmicrohttpd closes the listening socket it was given. */
	if (srv->daemon != NULL)
		MHD_stop_daemon(srv->daemon);
	else if (srv->fd >= 0)
		close(srv->fd);
	free(srv);
}

/*
 * Unit tests of the client's HTTP layer against tiny loopback servers
 * forked by the test: headers, status, refusals and the words of each
 * failure, for blocking requests and for asynchronous ones driven by
 * net_poll_fds, poll and net_perform.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <poll.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "guild/net.h"
#include "guild/util.h"

/* A listening loopback socket; *port gets its port. */
static int
listen_loopback(int *port)
{
	struct sockaddr_in	sa;
	socklen_t		len = sizeof sa;
	int			fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	*port = ntohs(sa.sin_port);
	return fd;
}

/* 1 when path exists. */
static int
file_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/*
 * Forks a server that answers one connection with head (and then
 * bodylen bytes of 'x'), after reading the request; records the request
 * in reqfile. With waitfile, it answers only once that file exists (or
 * after 5 s). Returns the child's pid.
 */
static pid_t
serve_once_after(int lfd, const char *head, size_t bodylen,
    const char *reqfile, const char *waitfile)
{
	pid_t	 pid = fork();
	char	 req[8192], chunk[65536];
	ssize_t	 n;
	size_t	 got = 0, k;
	FILE	*f;
	int	 c, i;

	assert_true(pid >= 0);
	if (pid > 0)
		return pid;
	c = accept(lfd, NULL, NULL);
	if (c < 0)
		_exit(1);
	/* Read the request head (and a small body) until a pause. */
	while (got < sizeof req - 1) {
		n = read(c, req + got, sizeof req - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		req[got] = '\0';
		if (strstr(req, "\r\n\r\n") != NULL) {
			const char *cl = strstr(req, "Content-Length: ");
			size_t want = cl ? strtoul(cl + 16, NULL, 10) : 0;

			if (got - (size_t)(strstr(req, "\r\n\r\n") + 4 - req)
			    >= want)
				break;
		}
	}
	if (reqfile != NULL) {
		f = fopen(reqfile, "w");
		if (f != NULL) {
			fwrite(req, 1, got, f);
			fclose(f);
		}
	}
	for (i = 0; waitfile != NULL && !file_exists(waitfile) && i < 500; i++)
		poll(NULL, 0, 10);
	if (write(c, head, strlen(head)) < 0)
		_exit(1);
	memset(chunk, 'x', sizeof chunk);
	while (bodylen > 0) {
		k = bodylen < sizeof chunk ? bodylen : sizeof chunk;
		if (write(c, chunk, k) < 0)
			break;
		bodylen -= k;
	}
	close(c);
	_exit(0);
}

static pid_t
serve_once(int lfd, const char *head, size_t bodylen, const char *reqfile)
{
	return serve_once_after(lfd, head, bodylen, reqfile, NULL);
}

/*
 * Forks a server that accepts one connection only and answers count
 * requests on it with head (a complete response, kept alive). Returns
 * the child's pid.
 */
static pid_t
serve_keepalive(int lfd, const char *head, int count)
{
	pid_t	 pid = fork();
	char	 req[8192];
	ssize_t	 n;
	size_t	 got;
	int	 c, i;

	assert_true(pid >= 0);
	if (pid > 0)
		return pid;
	c = accept(lfd, NULL, NULL);
	if (c < 0)
		_exit(1);
	for (i = 0; i < count; i++) {
		got = 0;
		while (got < sizeof req - 1) {
			n = read(c, req + got, sizeof req - 1 - got);
			if (n <= 0)
				_exit(1);
			got += (size_t)n;
			req[got] = '\0';
			if (strstr(req, "\r\n\r\n") != NULL)
				break;
		}
		if (write(c, head, strlen(head)) < 0)
			_exit(1);
	}
	/* Hold the connection until the parent is done. */
	while (read(c, req, sizeof req) > 0)
		continue;
	_exit(0);
}

static void
reap(pid_t pid)
{
	int st;

	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
}

/* Reads a whole small file into a new string. */
static char *
slurp(const char *path)
{
	char	*s = xcalloc(1, 65536);
	FILE	*f = fopen(path, "r");

	assert_non_null(f);
	if (fread(s, 1, 65535, f) == 0)
		s[0] = '\0';
	fclose(f);
	return s;
}

static void
test_net_loopback(void **state)
{
	(void)state;
	assert_true(net_url_is_loopback("http://127.0.0.1:8080"));
	assert_true(net_url_is_loopback("http://127.1.2.3/api"));
	assert_true(net_url_is_loopback("http://localhost:1"));
	assert_true(net_url_is_loopback("http://LOCALHOST"));
	assert_true(net_url_is_loopback("http://[::1]:8080/"));
	assert_true(net_url_is_loopback("http://[::ffff:127.0.0.1]/"));
	assert_false(net_url_is_loopback("http://128.0.0.1"));
	assert_false(net_url_is_loopback("http://example.org"));
	assert_false(net_url_is_loopback("http://localhost.example.org"));
	assert_false(net_url_is_loopback("http://[::2]/"));
	assert_false(net_url_is_loopback("not a url"));
}

static void
test_net_refuses_plain_http(void **state)
{
	struct net_options	 o = { 5, 5, 0, NULL };
	struct net_response	 r;
	struct gerr		 err;
	struct net		*n;

	(void)state;
	n = net_new(&o);
	assert_int_equal(net_request(n, "GET", "http://192.0.2.1/api/v1/me",
	    "secret", NULL, NULL, 0, &r, &err), -1);
	assert_int_equal(err.kind, GERR_NET);
	assert_true(str_starts(err.msg, "refusing plain http to 192.0.2.1"));
	assert_non_null(strstr(err.msg, "allow_insecure_http"));
	assert_int_equal(net_request(n, "GET", "ftp://127.0.0.1/", NULL, NULL,
	    NULL, 0, &r, &err), -1);
	assert_non_null(strstr(err.msg, "only http and https"));
	net_free(n);
}

static void
test_net_connection_refused(void **state)
{
	struct net_options	 o = { 5, 5, 0, NULL };
	struct net_response	 r;
	struct gerr		 err;
	struct net		*n;
	char			*url, *want;
	int			 fd, port;

	(void)state;
	fd = listen_loopback(&port);
	close(fd);
	url = xasprintf("http://127.0.0.1:%d/api/v1/courses", port);
	want = xasprintf("cannot reach http://127.0.0.1:%d: connection "
	    "refused (is guildd running?", port);
	n = net_new(&o);
	assert_int_equal(net_request(n, "GET", url, NULL, NULL, NULL, 0, &r,
	    &err), -1);
	assert_int_equal(err.kind, GERR_NET);
	if (!str_starts(err.msg, want))
		fail_msg("got '%s'", err.msg);
	net_free(n);
	free(url);
	free(want);
}

static void
test_net_timeout(void **state)
{
	struct net_options	 o = { 1, 1, 0, NULL };
	struct net_response	 r;
	struct gerr		 err;
	struct net		*n;
	char			*url;
	int			 fd, port;

	(void)state;
	/* The kernel completes the handshake; nobody ever answers. */
	fd = listen_loopback(&port);
	url = xasprintf("http://127.0.0.1:%d/", port);
	n = net_new(&o);
	assert_int_equal(net_request(n, "GET", url, NULL, NULL, NULL, 0, &r,
	    &err), -1);
	if (strstr(err.msg, "no answer from") == NULL ||
	    strstr(err.msg, "after 1 s") == NULL ||
	    strstr(err.msg, "raise [server] timeout") == NULL)
		fail_msg("got '%s'", err.msg);
	net_free(n);
	close(fd);
	free(url);
}

static void
test_net_request_and_headers(void **state)
{
	static const char head[] =
	    "HTTP/1.1 429 Too Many Requests\r\n"
	    "Content-Type: application/problem+json\r\n"
	    "ETag:  \"v1\" \r\n"
	    "Retry-After: 17\r\n"
	    "Content-Length: 11\r\n"
	    "Connection: close\r\n\r\n"
	    "{\"a\": true}";
	static const char *const extra[] = { "Idempotency-Key: k1", NULL };
	struct net_options	 o = { 5, 5, 0, NULL };
	struct net_response	 r;
	struct gerr		 err;
	struct net		*n;
	char			*url, *req, reqfile[] = "/tmp/guild-net.XXXXXX";
	pid_t			 pid;
	int			 fd, port, tmp;

	(void)state;
	tmp = mkstemp(reqfile);
	assert_true(tmp >= 0);
	close(tmp);
	fd = listen_loopback(&port);
	pid = serve_once(fd, head, 0, reqfile);
	url = xasprintf("http://127.0.0.1:%d/api/v1/orders", port);
	n = net_new(&o);
	assert_int_equal(net_request(n, "POST", url, "tok123", extra,
	    "{\"x\":1}", 7, &r, &err), 0);
	assert_int_equal(r.status, 429);
	assert_string_equal(r.body, "{\"a\": true}");
	assert_int_equal(r.len, 11);
	assert_string_equal(r.content_type, "application/problem+json");
	assert_string_equal(r.etag, "\"v1\"");
	assert_int_equal(r.retry_after, 17);
	net_response_release(&r);
	reap(pid);

	req = slurp(reqfile);
	assert_true(str_starts(req, "POST /api/v1/orders HTTP/1.1\r\n"));
	assert_non_null(strstr(req, "User-Agent: guild/" GUILD_VERSION
	    "\r\n"));
	assert_non_null(strstr(req, "Accept: application/json\r\n"));
	assert_non_null(strstr(req, "Content-Type: application/json\r\n"));
	assert_non_null(strstr(req, "Authorization: Bearer tok123\r\n"));
	assert_non_null(strstr(req, "Idempotency-Key: k1\r\n"));
	assert_non_null(strstr(req, "\r\n\r\n{\"x\":1}"));
	free(req);

	/* No token, no body: neither header is sent; DELETE is kept. */
	pid = serve_once(fd, "HTTP/1.1 204 No Content\r\n\r\n", 0, reqfile);
	assert_int_equal(net_request(n, "DELETE", url, NULL, NULL, NULL, 0,
	    &r, &err), 0);
	assert_int_equal(r.status, 204);
	assert_string_equal(r.body, "");
	assert_null(r.etag);
	net_response_release(&r);
	reap(pid);
	req = slurp(reqfile);
	assert_true(str_starts(req, "DELETE /api/v1/orders HTTP/1.1\r\n"));
	assert_null(strstr(req, "Authorization"));
	assert_null(strstr(req, "Content-Type"));
	free(req);

	net_free(n);
	close(fd);
	unlink(reqfile);
	free(url);
}

static void
test_net_no_redirects_and_size_cap(void **state)
{
	struct net_options	 o = { 5, 20, 0, NULL };
	struct net_response	 r;
	struct gerr		 err;
	struct net		*n;
	char			*url, *head;
	pid_t			 pid;
	int			 fd, port;

	(void)state;
	fd = listen_loopback(&port);
	url = xasprintf("http://127.0.0.1:%d/", port);
	n = net_new(&o);

	pid = serve_once(fd, "HTTP/1.1 302 Found\r\nLocation: "
	    "http://192.0.2.1/\r\nContent-Length: 0\r\n\r\n", 0, NULL);
	assert_int_equal(net_request(n, "GET", url, NULL, NULL, NULL, 0, &r,
	    &err), 0);
	assert_int_equal(r.status, 302);
	net_response_release(&r);
	reap(pid);

	head = xasprintf("HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n",
	    17 * 1024 * 1024);
	pid = serve_once(fd, head, 17 * 1024 * 1024, NULL);
	assert_int_equal(net_request(n, "GET", url, NULL, NULL, NULL, 0, &r,
	    &err), -1);
	if (strstr(err.msg, "larger than 16 MiB") == NULL)
		fail_msg("got '%s'", err.msg);
	assert_null(r.body);
	reap(pid);

	net_free(n);
	close(fd);
	free(head);
	free(url);
}

/* ---- asynchronous requests ------------------------------------------ */

/* What a done function saw. */
struct seen {
	int	 calls;
	long	 status;
	char	*body;
	char	*err;		/* NULL when an answer came */
	int	 both_null;
};

static void
seen_release(struct seen *s)
{
	free(s->body);
	free(s->err);
	memset(s, 0, sizeof *s);
}

static void
record_done(void *arg, const struct net_response *r, const struct gerr *err)
{
	struct seen *s = arg;

	s->calls++;
	if (r != NULL) {
		s->status = r->status;
		s->body = xstrdup(r->body);
	} else if (err != NULL) {
		assert_int_equal(err->kind, GERR_NET);
		s->err = xstrdup(err->msg);
	} else {
		s->both_null = 1;
	}
}

/* Milliseconds on the monotonic clock. */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Runs the event loop as the TUI does for up to ms milliseconds, or
 * until no request is active. Returns the number of rounds.
 */
static int
drive(struct net *n, long long ms)
{
	struct pollfd	fds[16];
	long long	end = now_ms() + ms;
	int		k, timeout, rounds = 0;

	while (net_active(n) > 0 && now_ms() < end) {
		timeout = 100;
		k = net_poll_fds(n, fds, 16, &timeout);
		assert_true(k >= 0 && k <= 16);
		assert_true(timeout >= 0 && timeout <= 100);
		if (poll(fds, (nfds_t)k, timeout) < 0)
			fail_msg("poll failed");
		net_perform(n, fds, k);
		rounds++;
	}
	return rounds;
}

static void
test_net_async_two_at_once(void **state)
{
	static const char head_a[] =
	    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nETag: \"a\"\r\n"
	    "Connection: close\r\n\r\nfirst";
	static const char head_b[] =
	    "HTTP/1.1 201 Created\r\nContent-Length: 6\r\n"
	    "Connection: close\r\n\r\nsecond";
	struct net_options	 o = { 5, 5, 0, NULL };
	struct seen		 a, b;
	struct net		*n;
	char			*url_a, *url_b, *req;
	char			 req_a[] = "/tmp/guild-net-a.XXXXXX";
	char			 req_b[] = "/tmp/guild-net-b.XXXXXX";
	pid_t			 pa, pb;
	int			 fa, fb, port_a, port_b, tmp;

	(void)state;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	tmp = mkstemp(req_a);
	close(tmp);
	unlink(req_a);
	tmp = mkstemp(req_b);
	close(tmp);
	unlink(req_b);
	fa = listen_loopback(&port_a);
	fb = listen_loopback(&port_b);
	/*
	 * A answers only once B has read its request: both must be in
	 * flight together for either to finish.
	 */
	pa = serve_once_after(fa, head_a, 0, req_a, req_b);
	pb = serve_once(fb, head_b, 0, req_b);
	url_a = xasprintf("http://127.0.0.1:%d/api/v1/a", port_a);
	url_b = xasprintf("http://127.0.0.1:%d/api/v1/b", port_b);
	n = net_new(&o);
	assert_non_null(net_start(n, "GET", url_a, "tok-a", NULL, NULL, 0,
	    record_done, &a));
	assert_non_null(net_start(n, "POST", url_b, NULL, NULL, "{}", 2,
	    record_done, &b));
	assert_int_equal(net_active(n), 2);
	assert_int_equal(a.calls + b.calls, 0);
	drive(n, 5000);
	assert_int_equal(net_active(n), 0);
	assert_int_equal(a.calls, 1);
	assert_int_equal(b.calls, 1);
	if (a.err != NULL || b.err != NULL)
		fail_msg("a: %s; b: %s", a.err ? a.err : "-",
		    b.err ? b.err : "-");
	assert_int_equal(a.status, 200);
	assert_string_equal(a.body, "first");
	assert_int_equal(b.status, 201);
	assert_string_equal(b.body, "second");
	/* The same options as the blocking path. */
	req = slurp(req_a);
	assert_true(str_starts(req, "GET /api/v1/a HTTP/1.1\r\n"));
	assert_non_null(strstr(req, "Authorization: Bearer tok-a\r\n"));
	assert_non_null(strstr(req, "User-Agent: guild/" GUILD_VERSION));
	free(req);
	req = slurp(req_b);
	assert_true(str_starts(req, "POST /api/v1/b HTTP/1.1\r\n"));
	assert_null(strstr(req, "Authorization"));
	assert_non_null(strstr(req, "\r\n\r\n{}"));
	free(req);
	reap(pa);
	reap(pb);
	net_free(n);
	close(fa);
	close(fb);
	unlink(req_a);
	unlink(req_b);
	seen_release(&a);
	seen_release(&b);
	free(url_a);
	free(url_b);
}

static void
test_net_async_cancel(void **state)
{
	struct net_options	 o = { 5, 5, 0, NULL };
	struct seen		 s;
	struct net_req		*r;
	struct net		*n;
	char			*url;
	int			 fd, port;

	(void)state;
	memset(&s, 0, sizeof s);
	/* The kernel accepts; nobody ever answers. */
	fd = listen_loopback(&port);
	url = xasprintf("http://127.0.0.1:%d/slow", port);
	n = net_new(&o);
	r = net_start(n, "GET", url, "tok", NULL, NULL, 0, record_done, &s);
	assert_non_null(r);
	assert_true(drive(n, 300) > 0);
	assert_int_equal(net_active(n), 1);
	assert_int_equal(s.calls, 0);
	net_cancel(n, r);
	assert_int_equal(net_active(n), 0);
	drive(n, 50);
	assert_int_equal(s.calls, 0);
	/* A canceled deferral is never delivered either. */
	r = net_defer(n, record_done, &s);
	assert_int_equal(net_active(n), 1);
	net_cancel(n, r);
	net_perform(n, NULL, 0);
	assert_int_equal(s.calls, 0);
	/* Requests still running when the handle goes are freed with it. */
	net_start(n, "GET", url, NULL, NULL, NULL, 0, record_done, &s);
	drive(n, 50);
	net_free(n);
	assert_int_equal(s.calls, 0);
	close(fd);
	free(url);
}

static void
test_net_async_refused_and_timeout(void **state)
{
	struct net_options	 o = { 1, 1, 0, NULL };
	struct seen		 s, t;
	struct net		*n;
	char			*url, *slow, *want;
	int			 fd, port, lfd, lport;

	(void)state;
	memset(&s, 0, sizeof s);
	memset(&t, 0, sizeof t);
	fd = listen_loopback(&port);
	close(fd);
	lfd = listen_loopback(&lport);
	url = xasprintf("http://127.0.0.1:%d/api/v1/courses", port);
	slow = xasprintf("http://127.0.0.1:%d/", lport);
	want = xasprintf("cannot reach http://127.0.0.1:%d: connection "
	    "refused (is guildd running?", port);
	n = net_new(&o);
	net_start(n, "GET", url, NULL, NULL, NULL, 0, record_done, &s);
	net_start(n, "GET", slow, NULL, NULL, NULL, 0, record_done, &t);
	drive(n, 5000);
	assert_int_equal(s.calls, 1);
	assert_non_null(s.err);
	if (!str_starts(s.err, want))
		fail_msg("got '%s'", s.err);
	/* libcurl's timer, run by net_perform, ends the silent one. */
	assert_int_equal(t.calls, 1);
	if (t.err == NULL || strstr(t.err, "no answer from") == NULL ||
	    strstr(t.err, "after 1 s") == NULL)
		fail_msg("got '%s'", t.err ? t.err : "an answer");
	net_free(n);
	close(lfd);
	seen_release(&s);
	seen_release(&t);
	free(url);
	free(slow);
	free(want);
}

static void
test_net_async_early_failure(void **state)
{
	struct net_options	 o = { 5, 5, 0, NULL };
	struct pollfd		 fds[4];
	struct seen		 s, d;
	struct net		*n;
	int			 timeout = -1, k;

	(void)state;
	memset(&s, 0, sizeof s);
	memset(&d, 0, sizeof d);
	n = net_new(&o);
	net_start(n, "GET", "http://192.0.2.1/api/v1/me", "secret", NULL,
	    NULL, 0, record_done, &s);
	net_defer(n, record_done, &d);
	/* Never from inside net_start: on the next net_perform. */
	assert_int_equal(s.calls, 0);
	assert_int_equal(net_active(n), 2);
	k = net_poll_fds(n, fds, 4, &timeout);
	assert_int_equal(k, 0);
	assert_int_equal(timeout, 0);
	net_perform(n, fds, k);
	assert_int_equal(s.calls, 1);
	assert_non_null(s.err);
	assert_true(str_starts(s.err, "refusing plain http to 192.0.2.1"));
	assert_int_equal(d.calls, 1);
	assert_true(d.both_null);
	assert_int_equal(net_active(n), 0);
	timeout = -1;
	net_poll_fds(n, fds, 4, &timeout);
	assert_int_equal(timeout, -1);
	net_free(n);
	seen_release(&s);
	seen_release(&d);
}

static void
test_net_shares_connections(void **state)
{
	static const char head[] =
	    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
	struct net_options	 o = { 5, 5, 0, NULL };
	struct net_response	 r;
	struct gerr		 err;
	struct seen		 s;
	struct net		*n;
	char			*url;
	pid_t			 pid;
	int			 fd, port;

	(void)state;
	memset(&s, 0, sizeof s);
	fd = listen_loopback(&port);
	/* One connection only: the second request must reuse it. */
	pid = serve_keepalive(fd, head, 2);
	url = xasprintf("http://127.0.0.1:%d/x", port);
	n = net_new(&o);
	assert_int_equal(net_request(n, "GET", url, NULL, NULL, NULL, 0, &r,
	    &err), 0);
	assert_string_equal(r.body, "ok");
	net_response_release(&r);
	net_start(n, "GET", url, NULL, NULL, NULL, 0, record_done, &s);
	drive(n, 3000);
	assert_int_equal(s.calls, 1);
	if (s.err != NULL)
		fail_msg("got '%s'", s.err);
	assert_string_equal(s.body, "ok");
	net_free(n);
	reap(pid);
	close(fd);
	seen_release(&s);
	free(url);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_net_loopback),
		cmocka_unit_test(test_net_refuses_plain_http),
		cmocka_unit_test(test_net_connection_refused),
		cmocka_unit_test(test_net_timeout),
		cmocka_unit_test(test_net_request_and_headers),
		cmocka_unit_test(test_net_no_redirects_and_size_cap),
		cmocka_unit_test(test_net_async_two_at_once),
		cmocka_unit_test(test_net_async_cancel),
		cmocka_unit_test(test_net_async_refused_and_timeout),
		cmocka_unit_test(test_net_async_early_failure),
		cmocka_unit_test(test_net_shares_connections),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

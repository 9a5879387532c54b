/*
 * Unit tests of the client's HTTP layer against tiny loopback servers
 * forked by the test: headers, status, refusals and the words of each
 * failure.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
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

/*
 * Forks a server that answers one connection with head (and then
 * bodylen bytes of 'x'), after reading the request; records the request
 * in reqfile. Returns the child's pid.
 */
static pid_t
serve_once(int lfd, const char *head, size_t bodylen, const char *reqfile)
{
	pid_t	 pid = fork();
	char	 req[8192], chunk[65536];
	ssize_t	 n;
	size_t	 got = 0, k;
	FILE	*f;
	int	 c;

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
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

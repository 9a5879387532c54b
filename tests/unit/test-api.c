/*
 * Unit tests of the client's API layer against a tiny loopback server
 * forked by the test: the response cache (If-None-Match, 304, per-user
 * keys), offline answers and refusals, and the asynchronous calls.
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
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "guild/api.h"
#include "guild/config.h"
#include "guild/util.h"

/* The ETag the test server gives every answer. */
#define ETAG	"\"v1\""

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
	assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	*port = ntohs(sa.sin_port);
	return fd;
}

/*
 * Forks a server for count connections, one request each: 304 when the
 * request carries If-None-Match: ETAG, else 200 with ETAG and a JSON body
 * naming the path. Each request head is appended to log.
 */
static pid_t
serve(int lfd, int count, const char *log)
{
	pid_t	 pid = fork();
	char	 req[8192], path[256], *resp;
	ssize_t	 n;
	size_t	 got;
	FILE	*f;
	int	 c, i;

	assert_true(pid >= 0);
	if (pid > 0)
		return pid;
	for (i = 0; i < count; i++) {
		c = accept(lfd, NULL, NULL);
		if (c < 0)
			_exit(1);
		got = 0;
		while (got < sizeof req - 1) {
			n = read(c, req + got, sizeof req - 1 - got);
			if (n <= 0)
				break;
			got += (size_t)n;
			req[got] = '\0';
			if (strstr(req, "\r\n\r\n") != NULL)
				break;
		}
		req[got] = '\0';
		f = fopen(log, "a");
		if (f != NULL) {
			fputs(req, f);
			fclose(f);
		}
		if (sscanf(req, "%*s %255s", path) != 1)
			_exit(1);
		if (strstr(req, "If-None-Match: " ETAG "\r\n") != NULL)
			resp = xasprintf("HTTP/1.1 304 Not Modified\r\n"
			    "ETag: " ETAG "\r\nConnection: close\r\n\r\n");
		else
			resp = xasprintf("HTTP/1.1 200 OK\r\nETag: " ETAG
			    "\r\nContent-Type: application/json\r\n"
			    "Content-Length: %zu\r\nConnection: close\r\n\r\n"
			    "{\"path\":\"%s\"}", strlen(path) + 11, path);
		if (write(c, resp, strlen(resp)) < 0)
			_exit(1);
		free(resp);
		close(c);
	}
	_exit(0);
}

static void
reap(pid_t pid)
{
	int st;

	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
}

/* Counts the occurrences of s in the file at path. */
static int
count_in(const char *path, const char *s)
{
	char	 buf[65536], *p;
	size_t	 n;
	FILE	*f = fopen(path, "r");
	int	 k = 0;

	if (f == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	for (p = strstr(buf, s); p != NULL; p = strstr(p + 1, s))
		k++;
	return k;
}

/* The test's world: a private cache dir, a config and a client. */
struct world {
	char		*dir;
	char		*log;
	struct config	 cfg;
	struct client	 c;
	int		 lfd;
	int		 port;
};

static void
world_init(struct world *w)
{
	char *cache;

	w->dir = xstrdup("/tmp/guild-api-test.XXXXXX");
	assert_non_null(mkdtemp(w->dir));
	w->log = xasprintf("%s/requests", w->dir);
	cache = xasprintf("%s/guild", w->dir);
	setenv("XDG_CACHE_HOME", w->dir, 1);
	w->lfd = listen_loopback(&w->port);
	config_init(&w->cfg);
	free(w->cfg.server);
	w->cfg.server = xasprintf("http://127.0.0.1:%d", w->port);
	client_init(&w->c, &w->cfg);
	assert_non_null(w->c.cache);
	assert_int_equal(access(cache, F_OK), 0);
	free(cache);
}

static void
world_release(struct world *w)
{
	char *cmd;

	client_release(&w->c);
	config_release(&w->cfg);
	if (w->lfd >= 0)
		close(w->lfd);
	cmd = xasprintf("rm -rf '%s'", w->dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(w->log);
	free(w->dir);
}

/* What an api_done_fn saw. */
struct got {
	int	 calls;
	char	*path;		/* "path" of the body, or NULL */
	char	*err;
	unsigned flags;
};

static void
got_done(void *arg, json_t *body, const struct gerr *err, unsigned flags)
{
	struct got *g = arg;

	g->calls++;
	g->flags = flags;
	if (body != NULL)
		g->path = xstrdup(json_string_value(json_object_get(body,
		    "path")));
	if (err != NULL)
		g->err = xstrdup(err->msg);
	assert_true((body == NULL) != (err == NULL));
}

static void
got_release(struct got *g)
{
	free(g->path);
	free(g->err);
	memset(g, 0, sizeof *g);
}

/* Runs the event loop until nothing is active (at most rounds x 10 ms). */
static void
drive_for(struct client *c, int rounds)
{
	struct pollfd	fds[8];
	int		k, timeout, i;

	for (i = 0; i < rounds && net_active(c->net) > 0; i++) {
		timeout = 10;
		k = net_poll_fds(c->net, fds, 8, &timeout);
		poll(fds, (nfds_t)k, timeout);
		net_perform(c->net, fds, k);
	}
}

static void
drive(struct client *c)
{
	drive_for(c, 500);
}

static void
test_api_sync_cache(void **state)
{
	struct world	 w;
	struct gerr	 err;
	json_t		*j;
	pid_t		 pid;

	(void)state;
	world_init(&w);
	pid = serve(w.lfd, 3, w.log);
	/* First: a 200, stored. Second: If-None-Match, a 304, same body. */
	assert_int_equal(api_call(&w.c, "GET", "/api/v1/x", NULL, &j, &err),
	    0);
	assert_string_equal(json_string_value(json_object_get(j, "path")),
	    "/api/v1/x");
	json_decref(j);
	assert_int_equal(count_in(w.log, "If-None-Match"), 0);
	assert_int_equal(api_call(&w.c, "GET", "/api/v1/x", NULL, &j, &err),
	    0);
	assert_int_equal(count_in(w.log, "If-None-Match: " ETAG), 1);
	assert_string_equal(json_string_value(json_object_get(j, "path")),
	    "/api/v1/x");
	json_decref(j);
	j = api_cached(&w.c, "/api/v1/x");
	assert_non_null(j);
	json_decref(j);
	/* Another identity has its own entries: no If-None-Match. */
	client_set_token(&w.c, "tok-secret", "test", "ada");
	assert_null(api_cached(&w.c, "/api/v1/x"));
	assert_int_equal(api_call(&w.c, "GET", "/api/v1/x", NULL, &j, &err),
	    0);
	json_decref(j);
	assert_int_equal(count_in(w.log, "If-None-Match"), 1);
	reap(pid);

	/* Offline: cached answers, the age noted, nothing else. */
	w.c.offline = 1;
	assert_int_equal(w.c.cache_shown, 0);
	assert_int_equal(api_call(&w.c, "GET", "/api/v1/x", NULL, &j, &err),
	    0);
	json_decref(j);
	assert_true(w.c.cache_shown > 0);
	assert_int_equal(api_call(&w.c, "GET", "/api/v1/y", NULL, &j, &err),
	    -1);
	assert_int_equal(err.kind, GERR_NET);
	assert_string_equal(err.msg, "offline: /api/v1/y is not in the cache "
	    "(run once online first)");
	assert_int_equal(api_call(&w.c, "POST", "/api/v1/x", NULL, &j, &err),
	    -1);
	assert_int_equal(err.kind, GERR_NET);
	assert_string_equal(err.msg, "offline: cannot change anything while "
	    "offline");
	world_release(&w);
}

static void
test_api_async(void **state)
{
	struct world	 w;
	struct got	 a, b, c;
	struct api_req	*q;
	json_t		*body;
	pid_t		 pid;

	(void)state;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	memset(&c, 0, sizeof c);
	world_init(&w);
	pid = serve(w.lfd, 3, w.log);
	api_get_async(&w.c, "/api/v1/a", got_done, &a);
	assert_int_equal(a.calls, 0);
	drive(&w.c);
	assert_int_equal(a.calls, 1);
	assert_string_equal(a.path, "/api/v1/a");
	assert_int_equal(a.flags, 0);
	got_release(&a);
	/* Cached now: revalidated, 304, the cached body. */
	api_get_async(&w.c, "/api/v1/a", got_done, &a);
	drive(&w.c);
	assert_int_equal(a.calls, 1);
	assert_string_equal(a.path, "/api/v1/a");
	assert_int_equal(a.flags, API_FROM_CACHE | API_NOT_MODIFIED);
	assert_int_equal(count_in(w.log, "If-None-Match: " ETAG), 1);
	/* A call with a body is never cached. */
	body = json_pack("{s:i}", "n", 1);
	api_call_async(&w.c, "POST", "/api/v1/p", body, got_done, &b);
	json_decref(body);
	drive(&w.c);
	assert_int_equal(b.calls, 1);
	assert_int_equal(b.flags, 0);
	assert_int_equal(count_in(w.log, "POST /api/v1/p"), 1);
	reap(pid);
	got_release(&a);
	got_release(&b);

	/* Offline: delivered by net_perform, never from inside the call. */
	w.c.offline = 1;
	api_get_async(&w.c, "/api/v1/a", got_done, &a);
	api_get_async(&w.c, "/api/v1/none", got_done, &b);
	api_call_async(&w.c, "DELETE", "/api/v1/a", NULL, got_done, &c);
	q = api_get_async(&w.c, "/api/v1/a", got_done, &c);
	api_cancel(&w.c, q);
	assert_int_equal(a.calls + b.calls + c.calls, 0);
	drive(&w.c);
	assert_int_equal(a.calls, 1);
	assert_string_equal(a.path, "/api/v1/a");
	assert_int_equal(a.flags, API_FROM_CACHE | API_OFFLINE);
	assert_int_equal(b.calls, 1);
	assert_non_null(strstr(b.err, "not in the cache"));
	assert_int_equal(b.flags, API_OFFLINE);
	assert_int_equal(c.calls, 1);
	assert_non_null(strstr(c.err, "cannot change anything"));
	got_release(&a);
	got_release(&b);
	got_release(&c);
	world_release(&w);
}

static void
test_api_async_cancel_and_refused(void **state)
{
	struct world	 w;
	struct got	 a, b;
	struct api_req	*q;

	(void)state;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	world_init(&w);
	/* Nobody accepts: the request waits until canceled. */
	q = api_get_async(&w.c, "/api/v1/slow", got_done, &a);
	drive_for(&w.c, 20);
	assert_int_equal(net_active(w.c.net), 1);
	api_cancel(&w.c, q);
	assert_int_equal(net_active(w.c.net), 0);
	drive(&w.c);
	assert_int_equal(a.calls, 0);
	/* A closed port: the net layer's words reach done. */
	close(w.lfd);
	w.lfd = -1;
	api_get_async(&w.c, "/api/v1/x", got_done, &b);
	drive(&w.c);
	assert_int_equal(b.calls, 1);
	assert_non_null(strstr(b.err, "connection refused"));
	got_release(&b);
	world_release(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_api_sync_cache),
		cmocka_unit_test(test_api_async),
		cmocka_unit_test(test_api_async_cancel_and_refused),
	};

	signal(SIGPIPE, SIG_IGN);
	unsetenv("GUILD_TOKEN");
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Read marks: how far each thread was read, so the thread view can mark
 * the replies that are new since the last visit and jump to the first of
 * them. One small text file, $XDG_STATE_HOME/guild/read (0600), one line
 * per thread, "THREAD REPLY SERVER", the most recently read last; it
 * keeps the newest READMARK_MAX threads and is replaced atomically.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guild/buf.h"
#include "guild/config.h"
#include "guild/util.h"

#include "ui.h"

/* Threads remembered; the least recently read go first. */
#define READMARK_MAX		2000
/* Longest file read back. */
#define READMARK_FILE_MAX	(1u << 20)

struct readmark {
	int64_t	 thread;
	int64_t	 reply;
	char	*server;
};

/* The file's path; caller frees. */
static char *
readmark_path(void)
{
	char *dir = config_state_dir(), *path;

	path = xasprintf("%s/read", dir);
	free(dir);
	return path;
}

/* mkdir -p with mode 0700 for every directory it creates. 0 or -1. */
static int
readmark_mkdirs(const char *dir)
{
	char *p = xstrdup(dir), *s, c;
	int rc = 0;

	for (s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		c = *s;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = -1;
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return rc;
}

static void
readmarks_free(struct readmark *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].server);
	free(v);
}

/*
 * Reads every mark of the file (none when it is missing); lines that do
 * not parse are skipped. Returns the array (caller frees with
 * readmarks_free) and its length in *n.
 */
static struct readmark *
readmarks_load(size_t *n)
{
	char *path = readmark_path(), line[600];
	struct readmark *v = NULL;
	size_t cap = 0, total = 0;
	FILE *f;

	*n = 0;
	f = fopen(path, "r");
	free(path);
	if (f == NULL)
		return NULL;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *t = line, *r, *srv, *end;
		int64_t thread, reply;

		total += strlen(line);
		if (total > READMARK_FILE_MAX)
			break;
		line[strcspn(line, "\r\n")] = '\0';
		r = strchr(t, ' ');
		if (r == NULL)
			continue;
		*r++ = '\0';
		srv = strchr(r, ' ');
		if (srv == NULL)
			continue;
		*srv++ = '\0';
		end = srv + strcspn(srv, " \t");
		*end = '\0';
		if (parse_int64(t, 1, INT64_MAX, &thread) < 0 ||
		    parse_int64(r, 0, INT64_MAX, &reply) < 0 || srv[0] == '\0')
			continue;
		if (*n == cap) {
			cap = cap > 0 ? cap * 2 : 64;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[*n].thread = thread;
		v[*n].reply = reply;
		v[*n].server = xstrdup(srv);
		(*n)++;
	}
	fclose(f);
	return v;
}

int64_t
readmark_get(const char *server, int64_t thread)
{
	struct readmark *v;
	int64_t reply = 0;
	size_t n, i;

	v = readmarks_load(&n);
	for (i = 0; i < n; i++) {
		if (v[i].thread == thread && strcmp(v[i].server, server) == 0)
			reply = v[i].reply;
	}
	readmarks_free(v, n);
	return reply;
}

/* Writes text to path through a temp file and a rename. 0 or -1. */
static int
readmarks_write(const char *path, const char *text, size_t len)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp), rc = 0;
	size_t off = 0;

	if (fd < 0) {
		free(tmp);
		return -1;
	}
	if (fchmod(fd, 0600) != 0)
		rc = -1;
	while (rc == 0 && off < len) {
		ssize_t w = write(fd, text + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rc = -1;
		else
			off += (size_t)w;
	}
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

int
readmark_set(const char *server, int64_t thread, int64_t reply)
{
	struct readmark *v;
	struct buf b = BUF_INIT;
	char *path, *dir;
	size_t n, i, first;
	int64_t best = reply;
	int rc;

	if (server == NULL || server[0] == '\0' ||
	    strpbrk(server, " \t\r\n") != NULL || thread <= 0)
		return -1;
	v = readmarks_load(&n);
	for (i = 0; i < n; i++) {
		if (v[i].thread == thread && strcmp(v[i].server, server) == 0 &&
		    v[i].reply > best)
			best = v[i].reply;
	}
	/* The others, oldest first, minus the oldest beyond the bound. */
	first = n >= READMARK_MAX ? n - (READMARK_MAX - 1) : 0;
	for (i = first; i < n; i++) {
		if (v[i].thread == thread && strcmp(v[i].server, server) == 0)
			continue;
		buf_printf(&b, "%lld %lld %s\n", (long long)v[i].thread,
		    (long long)v[i].reply, v[i].server);
	}
	buf_printf(&b, "%lld %lld %s\n", (long long)thread, (long long)best,
	    server);
	readmarks_free(v, n);
	if (b.failed) {
		buf_release(&b);
		return -1;
	}
	dir = config_state_dir();
	path = readmark_path();
	rc = readmark_mkdirs(dir) == 0 ?
	    readmarks_write(path, buf_str(&b), b.len) : -1;
	free(dir);
	free(path);
	buf_release(&b);
	return rc;
}

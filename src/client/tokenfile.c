/*
 * The explicit token file for machines without a keyring (`guild login
 * --insecure-storage`): $XDG_STATE_HOME/guild/tokens, mode 0600, one
 * "server<TAB>user<TAB>token" line per server, replaced atomically.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guild/buf.h"
#include "guild/config.h"
#include "guild/keyring.h"
#include "guild/util.h"

#define TOKENFILE_MAX_SIZE	(1024 * 1024)

struct tokenfile_entry {
	char	*server;
	char	*user;
	char	*token;
};

struct tokenfile {
	char			*dir;
	char			*path;
	struct tokenfile_entry	*v;
	size_t			 n;
};

/* Wipes and frees a string that may hold a token. */
static void
tokenfile_wipe(char **p)
{
	if (*p != NULL) {
		explicit_bzero(*p, strlen(*p));
		FREE(p);
	}
}

static void
tokenfile_release(struct tokenfile *tf)
{
	size_t i;

	for (i = 0; i < tf->n; i++) {
		free(tf->v[i].server);
		free(tf->v[i].user);
		tokenfile_wipe(&tf->v[i].token);
	}
	FREE(&tf->v);
	tf->n = 0;
	FREE(&tf->dir);
	FREE(&tf->path);
}

static void
tokenfile_add(struct tokenfile *tf, const char *server, size_t slen,
    const char *user, size_t ulen, const char *token, size_t tlen)
{
	struct tokenfile_entry *e;

	tf->v = xrealloc(tf->v, (tf->n + 1) * sizeof *tf->v);
	e = &tf->v[tf->n++];
	e->server = xstrndup(server, slen);
	e->user = xstrndup(user, ulen);
	e->token = xstrndup(token, tlen);
}

/* Parses the file's text into tf->v. 0, or -1 naming the bad line. */
static int
tokenfile_parse(struct tokenfile *tf, const char *text, struct gerr *err)
{
	const char	*p = text, *nl, *t1, *t2;
	int		 line = 0;

	while (*p != '\0') {
		line++;
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (nl > p) {
			t1 = memchr(p, '\t', (size_t)(nl - p));
			t2 = t1 != NULL ? memchr(t1 + 1, '\t',
			    (size_t)(nl - t1 - 1)) : NULL;
			if (t1 == NULL || t2 == NULL || t1 == p || t2 + 1 == nl)
				return gerr_set(err, GERR_LOCAL, 0, "%s:%d: "
				    "malformed entry (remove the line or the "
				    "file, then run guild login)", tf->path,
				    line);
			tokenfile_add(tf, p, (size_t)(t1 - p), t1 + 1,
			    (size_t)(t2 - t1 - 1), t2 + 1,
			    (size_t)(nl - t2 - 1));
		}
		p = *nl == '\n' ? nl + 1 : nl;
	}
	return 0;
}

/*
 * Opens and reads the file into tf (which gets dir and path). A missing
 * file is an empty list. Refuses a file that is not a regular file of
 * ours with mode 0600 or stricter. 0 or -1 with err.
 */
static int
tokenfile_load(struct tokenfile *tf, struct gerr *err)
{
	struct stat	 st;
	struct buf	 b = BUF_INIT;
	char		 chunk[4096];
	ssize_t		 n;
	int		 fd, rc;

	memset(tf, 0, sizeof *tf);
	tf->dir = config_state_dir();
	tf->path = xasprintf("%s/tokens", tf->dir);
	fd = open(tf->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		return gerr_set(err, GERR_LOCAL, 0, "cannot open %s: %s "
		    "(remove it, then run guild login)", tf->path,
		    strerror(errno));
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return gerr_set(err, GERR_LOCAL, 0, "%s is not a regular file "
		    "(remove it, then run guild login)", tf->path);
	}
	if (st.st_uid != getuid()) {
		close(fd);
		return gerr_set(err, GERR_LOCAL, 0, "refusing to use %s: it "
		    "belongs to another user (remove it, then run guild "
		    "login)", tf->path);
	}
	if ((st.st_mode & 077) != 0) {
		close(fd);
		return gerr_set(err, GERR_LOCAL, 0, "refusing to use %s: it is "
		    "readable or writable by group or others (mode %04o); "
		    "its tokens may have leaked (run chmod 600 on it, or "
		    "remove it and log in again)", tf->path,
		    (unsigned)(st.st_mode & 07777));
	}
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n <= 0 || b.len + (size_t)n > TOKENFILE_MAX_SIZE)
			break;
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (n != 0 || b.failed) {
		if (b.data != NULL)
			explicit_bzero(b.data, b.len);
		buf_release(&b);
		return gerr_set(err, GERR_LOCAL, 0, "cannot read %s: %s "
		    "(remove it, then run guild login)", tf->path,
		    n < 0 ? strerror(errno) : "too large");
	}
	rc = tokenfile_parse(tf, buf_str(&b), err);
	if (b.data != NULL)
		explicit_bzero(b.data, b.len);
	buf_release(&b);
	return rc;
}

/* mkdir -p with mode 0700 for every directory it creates. 0 or -1. */
static int
tokenfile_mkdirs(const char *dir)
{
	char	*p = xstrdup(dir), *s, c;
	int	 rc = 0;

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

/* Writes all of buf to fd. 0 or -1. */
static int
tokenfile_write_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Replaces the file with tf's entries: a new 0600 file under a temporary
 * name, then rename, so a crash leaves the old or the new file and the
 * umask cannot widen its mode. No entries left removes the file.
 */
static int
tokenfile_save(struct tokenfile *tf, struct gerr *err)
{
	struct buf	 b = BUF_INIT;
	char		*tmp;
	size_t		 i;
	int		 fd, rc = 0;

	if (tf->n == 0) {
		if (unlink(tf->path) != 0 && errno != ENOENT)
			return gerr_set(err, GERR_LOCAL, 0, "cannot remove "
			    "%s: %s", tf->path, strerror(errno));
		return 0;
	}
	if (tokenfile_mkdirs(tf->dir) != 0)
		return gerr_set(err, GERR_LOCAL, 0, "cannot create %s: %s "
		    "(check XDG_STATE_HOME)", tf->dir, strerror(errno));
	for (i = 0; i < tf->n; i++)
		buf_printf(&b, "%s\t%s\t%s\n", tf->v[i].server, tf->v[i].user,
		    tf->v[i].token);
	if (b.failed) {
		buf_release(&b);
		return gerr_set(err, GERR_LOCAL, 0, "out of memory");
	}
	tmp = xasprintf("%s.XXXXXX", tf->path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = gerr_set(err, GERR_LOCAL, 0, "cannot create a file in %s: "
		    "%s", tf->dir, strerror(errno));
	} else {
		if (fchmod(fd, 0600) != 0 ||
		    tokenfile_write_all(fd, b.data, b.len) != 0 ||
		    fsync(fd) != 0)
			rc = gerr_set(err, GERR_LOCAL, 0, "cannot write %s: %s",
			    tmp, strerror(errno));
		if (close(fd) != 0 && rc == 0)
			rc = gerr_set(err, GERR_LOCAL, 0, "cannot write %s: %s",
			    tmp, strerror(errno));
		if (rc == 0 && rename(tmp, tf->path) != 0)
			rc = gerr_set(err, GERR_LOCAL, 0, "cannot replace %s: "
			    "%s", tf->path, strerror(errno));
		if (rc != 0)
			unlink(tmp);
	}
	free(tmp);
	explicit_bzero(b.data, b.len);
	buf_release(&b);
	return rc;
}

/* Drops every entry for server; returns how many went. */
static size_t
tokenfile_remove(struct tokenfile *tf, const char *server)
{
	size_t i = 0, gone = 0;

	while (i < tf->n) {
		if (strcmp(tf->v[i].server, server) != 0) {
			i++;
			continue;
		}
		free(tf->v[i].server);
		free(tf->v[i].user);
		tokenfile_wipe(&tf->v[i].token);
		memmove(&tf->v[i], &tf->v[i + 1],
		    (tf->n - i - 1) * sizeof *tf->v);
		tf->n--;
		gone++;
	}
	return gone;
}

int
tokenfile_store(const char *server, const char *user, const char *token,
    struct gerr *err)
{
	struct tokenfile	tf;
	int			rc;

	if (strpbrk(server, "\t\n\r") != NULL ||
	    strpbrk(user, "\t\n\r") != NULL ||
	    strpbrk(token, "\t\n\r") != NULL || *token == '\0')
		return gerr_set(err, GERR_LOCAL, 0, "cannot store a token or "
		    "name with tabs or newlines in the token file");
	rc = tokenfile_load(&tf, err);
	if (rc == 0) {
		tokenfile_remove(&tf, server);
		tokenfile_add(&tf, server, strlen(server), user, strlen(user),
		    token, strlen(token));
		rc = tokenfile_save(&tf, err);
	}
	tokenfile_release(&tf);
	return rc;
}

/* 0 with *token and *user (caller frees), 1 when none, -1 on error. */
int
tokenfile_lookup(const char *server, char **token, char **user,
    struct gerr *err)
{
	struct tokenfile	tf;
	size_t			i;
	int			rc;

	*token = NULL;
	*user = NULL;
	rc = tokenfile_load(&tf, err);
	if (rc == 0) {
		rc = 1;
		for (i = 0; i < tf.n; i++) {
			if (strcmp(tf.v[i].server, server) == 0) {
				*token = xstrdup(tf.v[i].token);
				*user = xstrdup(tf.v[i].user);
				rc = 0;
				break;
			}
		}
	}
	tokenfile_release(&tf);
	return rc;
}

int
tokenfile_clear(const char *server, struct gerr *err)
{
	struct tokenfile	tf;
	int			rc;

	rc = tokenfile_load(&tf, err);
	if (rc == 0 && tokenfile_remove(&tf, server) > 0)
		rc = tokenfile_save(&tf, err);
	tokenfile_release(&tf);
	return rc;
}

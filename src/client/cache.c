/*
 * The client's on-disk cache of GET responses: one file per key, named by
 * a 64-bit FNV-1a hash of the key, written to a temp file in the same
 * directory, synced and renamed, and checked in full when read back.
 *
 * An entry file is a 70-byte header line, then the key, a newline, the
 * ETag (empty when none), a newline and the body:
 *
 *	guild-cache 1 SSSSSSSSSSSSSSSSSSSS KKKKKKKKKK EEEEEEEEEE BBBBBBBBBBBB\n
 *
 * with the stored time (seconds since the epoch) and the key, ETag and
 * body lengths as zero-padded decimals, so the stored time can be
 * rewritten in place when the server confirms an entry (a 304).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "guild/cache.h"
#include "guild/util.h"

#define CACHE_MAGIC		"guild-cache 1 "
#define CACHE_MAGIC_LEN		14
#define CACHE_STORED_OFF	CACHE_MAGIC_LEN
#define CACHE_STORED_W		20
#define CACHE_KEY_W		10
#define CACHE_ETAG_W		10
#define CACHE_BODY_W		12
/* magic, the four fields with a blank after each but the last, newline */
#define CACHE_HEAD_LEN		(CACHE_MAGIC_LEN + CACHE_STORED_W + 1 + \
				    CACHE_KEY_W + 1 + CACHE_ETAG_W + 1 + \
				    CACHE_BODY_W + 1)
/* An entry name: the key's hash as 16 lowercase hex digits. */
#define CACHE_NAME_LEN		16
#define CACHE_TMP_PREFIX	".tmp-"
/* Temp files left by a crash are removed after this many seconds. */
#define CACHE_TMP_STALE		3600
/* No entry file is read if larger (the network layer caps bodies at 16). */
#define CACHE_FILE_MAX		((size_t)64 * 1024 * 1024)
/* Longest key and ETag stored (both fit their fields easily). */
#define CACHE_KEY_MAX		65536
#define CACHE_ETAG_MAX		1024

struct cache {
	int		 dirfd;
	char		*dir;
	size_t		 max_bytes;
	int		 scanned;	/* total is known */
	uint64_t	 total;		/* bytes in entry files */
	unsigned	 tmpseq;
};

/* One entry file seen by a directory scan. */
struct cache_file {
	char		name[CACHE_NAME_LEN + 1];
	uint64_t	size;
	int64_t		mtime_ns;
};

/* A parsed entry; pointers into the file's bytes. */
struct cache_entry {
	int64_t		 stored;
	const char	*key;
	size_t		 keylen;
	const char	*etag;
	size_t		 etaglen;
	const char	*body;
	size_t		 bodylen;
};

/* The file name of key: its FNV-1a 64-bit hash in hex. */
static void
cache_name(const char *key, char name[CACHE_NAME_LEN + 1])
{
	uint64_t		 h = 0xcbf29ce484222325ULL;
	const unsigned char	*p;

	for (p = (const unsigned char *)key; *p != '\0'; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	snprintf(name, CACHE_NAME_LEN + 1, "%016llx", (unsigned long long)h);
}

/* 1 when name looks like an entry file (16 lowercase hex digits). */
static int
cache_is_entry_name(const char *name)
{
	size_t i;

	for (i = 0; i < CACHE_NAME_LEN; i++)
		if (!((name[i] >= '0' && name[i] <= '9') ||
		    (name[i] >= 'a' && name[i] <= 'f')))
			return 0;
	return name[CACHE_NAME_LEN] == '\0';
}

/* Creates dir and its missing parents, mode 0700. 0, or -1 with errno. */
static int
cache_mkdirs(const char *dir)
{
	char	*p = xstrdup(dir), *s;
	int	 rc = 0;

	for (s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		if (s[-1] != '/') {
			char keep = *s;

			*s = '\0';
			if (mkdir(p, 0700) != 0 && errno != EEXIST)
				rc = -1;
			*s = keep;
		}
		if (*s == '\0')
			break;
	}
	free(p);
	return rc;
}

struct cache *
cache_open(const char *dir, size_t max_bytes, struct gerr *err)
{
	struct cache	*c;
	struct stat	 st;
	int		 fd;

	if (dir == NULL || *dir != '/') {
		gerr_set(err, GERR_LOCAL, 0, "cannot use the cache directory "
		    "'%s': not an absolute path (check XDG_CACHE_HOME)",
		    dir != NULL ? dir : "");
		return NULL;
	}
	if (cache_mkdirs(dir) != 0) {
		gerr_set(err, GERR_LOCAL, 0, "cannot create the cache "
		    "directory %s: %s", dir, strerror(errno));
		return NULL;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		gerr_set(err, GERR_LOCAL, 0, "cannot open the cache directory "
		    "%s: %s", dir, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || st.st_uid != geteuid()) {
		gerr_set(err, GERR_LOCAL, 0, "cannot use the cache directory "
		    "%s: it belongs to another user (remove it, or set "
		    "XDG_CACHE_HOME)", dir);
		close(fd);
		return NULL;
	}
	if ((st.st_mode & 07777) != 0700 && fchmod(fd, 0700) != 0) {
		gerr_set(err, GERR_LOCAL, 0, "cannot make the cache directory "
		    "%s private (mode 0700): %s", dir, strerror(errno));
		close(fd);
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->dirfd = fd;
	c->dir = xstrdup(dir);
	c->max_bytes = max_bytes;
	return c;
}

void
cache_close(struct cache *c)
{
	if (c == NULL)
		return;
	close(c->dirfd);
	free(c->dir);
	free(c);
}

/* Parses w decimal digits at p. 0, or -1 if any is not a digit. */
static int
cache_digits(const char *p, size_t w, uint64_t *out)
{
	uint64_t	v = 0;
	size_t		i;

	for (i = 0; i < w; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(p[i] - '0');
	}
	*out = v;
	return 0;
}

/*
 * Checks the whole file data (len bytes) and points e into it: magic,
 * fields, separators and a length that matches exactly. 0, or -1.
 */
static int
cache_parse(const char *data, size_t len, struct cache_entry *e)
{
	const char	*p = data + CACHE_MAGIC_LEN;
	uint64_t	 stored, klen, elen, blen;

	if (len < CACHE_HEAD_LEN ||
	    memcmp(data, CACHE_MAGIC, CACHE_MAGIC_LEN) != 0)
		return -1;
	if (cache_digits(p, CACHE_STORED_W, &stored) != 0 ||
	    p[CACHE_STORED_W] != ' ')
		return -1;
	p += CACHE_STORED_W + 1;
	if (cache_digits(p, CACHE_KEY_W, &klen) != 0 || p[CACHE_KEY_W] != ' ')
		return -1;
	p += CACHE_KEY_W + 1;
	if (cache_digits(p, CACHE_ETAG_W, &elen) != 0 ||
	    p[CACHE_ETAG_W] != ' ')
		return -1;
	p += CACHE_ETAG_W + 1;
	if (cache_digits(p, CACHE_BODY_W, &blen) != 0 ||
	    p[CACHE_BODY_W] != '\n')
		return -1;
	if (klen > len || elen > len || blen > len ||
	    CACHE_HEAD_LEN + klen + 1 + elen + 1 + blen != len)
		return -1;
	e->stored = (int64_t)stored;
	e->key = data + CACHE_HEAD_LEN;
	e->keylen = (size_t)klen;
	e->etag = e->key + klen + 1;
	e->etaglen = (size_t)elen;
	e->body = e->etag + elen + 1;
	e->bodylen = (size_t)blen;
	if (e->key[klen] != '\n' || e->etag[elen] != '\n')
		return -1;
	return 0;
}

/*
 * Reads the entry file name whole. Returns 0 with *data (caller frees)
 * and *len; -1 when there is none; -2 when it is there but is not a
 * readable regular file of sane size.
 */
static int
cache_read(struct cache *c, const char *name, char **data, size_t *len)
{
	struct stat	 st;
	size_t		 got = 0;
	ssize_t		 n;
	char		*buf;
	int		 fd;

	*data = NULL;
	fd = openat(c->dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
	    O_NONBLOCK);
	if (fd < 0)
		return errno == ENOENT ? -1 : -2;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
	    (uint64_t)st.st_size > CACHE_FILE_MAX) {
		close(fd);
		return -2;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != (size_t)st.st_size) {
		free(buf);
		return -2;
	}
	buf[got] = '\0';
	*data = buf;
	*len = got;
	return 0;
}

/* Removes an entry file, keeping the running total right. */
static void
cache_remove(struct cache *c, const char *name)
{
	struct stat st;

	if (fstatat(c->dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return;
	if (unlinkat(c->dirfd, name, 0) == 0 && c->scanned &&
	    S_ISREG(st.st_mode))
		c->total -= (uint64_t)st.st_size < c->total ?
		    (uint64_t)st.st_size : c->total;
}

int
cache_get(struct cache *c, const char *key, char **body, size_t *len,
    char **etag, time_t *stored)
{
	struct cache_entry	 e;
	char			 name[CACHE_NAME_LEN + 1];
	char			*data;
	size_t			 dlen;
	int			 rc;

	*body = NULL;
	*etag = NULL;
	*len = 0;
	*stored = 0;
	if (c == NULL)
		return -1;
	cache_name(key, name);
	rc = cache_read(c, name, &data, &dlen);
	if (rc == -1)
		return -1;
	if (rc != 0 || cache_parse(data, dlen, &e) != 0) {
		/* Torn, truncated or foreign: it can never be used. */
		free(data);
		cache_remove(c, name);
		return -1;
	}
	if (e.keylen != strlen(key) || memcmp(e.key, key, e.keylen) != 0) {
		/* Another key with the same hash: absent for this one. */
		free(data);
		return -1;
	}
	*body = xmalloc(e.bodylen + 1);
	memcpy(*body, e.body, e.bodylen);
	(*body)[e.bodylen] = '\0';
	*len = e.bodylen;
	if (e.etaglen > 0)
		*etag = xstrndup(e.etag, e.etaglen);
	*stored = (time_t)e.stored;
	free(data);
	return 0;
}

/* Writes all of len bytes at p to fd. 0, or -1. */
static int
cache_write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Orders scanned files oldest first. */
static int
cache_file_cmp(const void *a, const void *b)
{
	const struct cache_file *x = a, *y = b;

	if (x->mtime_ns != y->mtime_ns)
		return x->mtime_ns < y->mtime_ns ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * Scans the directory: removes temp files a crash left behind (all of
 * them when all is set, with every entry), sums the entries and, when
 * the sum exceeds the bound, removes the oldest stored until it fits.
 * 0, or -1 when the directory cannot be read.
 */
static int
cache_scan(struct cache *c, int all)
{
	struct cache_file	*files = NULL;
	struct dirent		*de;
	struct stat		 st;
	size_t			 n = 0, cap = 0, i;
	uint64_t		 total = 0;
	time_t			 now = time(NULL);
	DIR			*d;
	int			 fd, rc = 0;

	fd = dup(c->dirfd);
	if (fd < 0)
		return -1;
	d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
		return -1;
	}
	rewinddir(d);
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (de == NULL) {
			if (errno != 0)
				rc = -1;
			break;
		}
		if (str_starts(de->d_name, CACHE_TMP_PREFIX)) {
			if (all || (fstatat(c->dirfd, de->d_name, &st,
			    AT_SYMLINK_NOFOLLOW) == 0 &&
			    now - st.st_mtime > CACHE_TMP_STALE))
				unlinkat(c->dirfd, de->d_name, 0);
			continue;
		}
		if (!cache_is_entry_name(de->d_name))
			continue;
		if (all) {
			if (unlinkat(c->dirfd, de->d_name, 0) != 0 &&
			    errno != ENOENT)
				rc = -1;
			continue;
		}
		if (fstatat(c->dirfd, de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			files = xrealloc(files, cap * sizeof *files);
		}
		memcpy(files[n].name, de->d_name, CACHE_NAME_LEN + 1);
		files[n].size = (uint64_t)st.st_size;
		files[n].mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 +
		    st.st_mtim.tv_nsec;
		total += files[n].size;
		n++;
	}
	closedir(d);
	if (total > c->max_bytes) {
		qsort(files, n, sizeof *files, cache_file_cmp);
		for (i = 0; i < n && total > c->max_bytes; i++)
			if (unlinkat(c->dirfd, files[i].name, 0) == 0 ||
			    errno == ENOENT)
				total -= files[i].size;
	}
	free(files);
	c->total = total;
	c->scanned = rc == 0;
	return rc;
}

/*
 * When the entry name already holds key with this etag and body, sets its
 * stored time to now in place (no rewrite). 1 when done, else 0.
 */
static int
cache_touch_same(struct cache *c, const char *name, const char *key,
    const char *body, size_t len, const char *etag)
{
	struct cache_entry	 e;
	char			*data, field[CACHE_STORED_W + 1];
	size_t			 dlen, elen = etag != NULL ? strlen(etag) : 0;
	int			 fd, same;

	if (cache_read(c, name, &data, &dlen) != 0)
		return 0;
	same = cache_parse(data, dlen, &e) == 0 &&
	    e.keylen == strlen(key) && memcmp(e.key, key, e.keylen) == 0 &&
	    e.etaglen == elen &&
	    (elen == 0 || memcmp(e.etag, etag, elen) == 0) &&
	    e.bodylen == len && memcmp(e.body, body, len) == 0;
	free(data);
	if (!same)
		return 0;
	fd = openat(c->dirfd, name, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	snprintf(field, sizeof field, "%0*lld", CACHE_STORED_W,
	    (long long)time(NULL));
	same = pwrite(fd, field, CACHE_STORED_W, CACHE_STORED_OFF) ==
	    CACHE_STORED_W;
	close(fd);
	return same;
}

int
cache_put(struct cache *c, const char *key, const char *body, size_t len,
    const char *etag)
{
	char		 name[CACHE_NAME_LEN + 1], tmp[64];
	char		 head[128];
	struct stat	 st;
	size_t		 klen = strlen(key), elen;
	uint64_t	 size, old = 0;
	int		 fd, rc;

	if (c == NULL)
		return -1;
	elen = etag != NULL ? strlen(etag) : 0;
	cache_name(key, name);
	size = (uint64_t)CACHE_HEAD_LEN + klen + 1 + elen + 1 + len;
	if (size > c->max_bytes || size > CACHE_FILE_MAX ||
	    klen > CACHE_KEY_MAX || elen > CACHE_ETAG_MAX ||
	    memchr(etag != NULL ? etag : "", '\n', elen) != NULL) {
		/* It can never fit: drop any older copy rather than lie. */
		cache_remove(c, name);
		return -1;
	}
	if (cache_touch_same(c, name, key, body, len, etag))
		return 0;
	if (snprintf(head, sizeof head, "%s%0*lld %0*zu %0*zu %0*zu\n",
	    CACHE_MAGIC, CACHE_STORED_W, (long long)time(NULL), CACHE_KEY_W,
	    klen, CACHE_ETAG_W, elen, CACHE_BODY_W, len) != CACHE_HEAD_LEN)
		return -1;
	snprintf(tmp, sizeof tmp, "%s%s-%ld-%u", CACHE_TMP_PREFIX, name,
	    (long)getpid(), c->tmpseq++);
	fd = openat(c->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	rc = cache_write_all(fd, head, CACHE_HEAD_LEN);
	if (rc == 0)
		rc = cache_write_all(fd, key, klen);
	if (rc == 0)
		rc = cache_write_all(fd, "\n", 1);
	if (rc == 0 && elen > 0)
		rc = cache_write_all(fd, etag, elen);
	if (rc == 0)
		rc = cache_write_all(fd, "\n", 1);
	if (rc == 0 && len > 0)
		rc = cache_write_all(fd, body, len);
	if (rc == 0)
		rc = fsync(fd);
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0 &&
	    fstatat(c->dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode))
		old = (uint64_t)st.st_size;
	if (rc == 0)
		rc = renameat(c->dirfd, tmp, c->dirfd, name);
	if (rc != 0) {
		unlinkat(c->dirfd, tmp, 0);
		return -1;
	}
	if (!c->scanned) {
		/* The first put of this run learns the total (and trims). */
		cache_scan(c, 0);
		return 0;
	}
	c->total = c->total - (old < c->total ? old : c->total) + size;
	if (c->total > c->max_bytes)
		cache_scan(c, 0);
	return 0;
}

int
cache_clear(struct cache *c)
{
	if (c == NULL)
		return -1;
	return cache_scan(c, 1);
}

/*
 * Buying from the terminal: the Idempotency-Key of each purchase, kept in
 * $XDG_STATE_HOME/guild/purchases from before the order is sent until it
 * is final; the order request itself; poll delays and failure words; and the
 * checkout link as a QR code of half blocks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <qrencode.h>

#include "guild/buf.h"
#include "guild/config.h"
#include "guild/problem.h"
#include "guild/shop.h"
#include "guild/timeutil.h"
#include "guild/util.h"

/* The largest key file read back; real ones are about 200 bytes. */
#define SHOP_FILE_MAX	4096
/* Modules of blank margin around a QR code. */
#define QR_QUIET	2

/* ---- where a purchase's key lives ------------------------------------- */

/* 64-bit FNV-1a of s, continuing from h. */
static uint64_t
shop_fnv(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/*
 * Who buys: "user NAME" when the token's user is known, else "token
 * HASH" (a hash of the token, never the token). Caller frees. NULL with
 * err (GERR_AUTH) when there is no token.
 */
static char *
shop_identity(const struct client *c, struct gerr *err)
{
	if (c->token == NULL) {
		gerr_set(err, GERR_AUTH, 401, "not logged in to %s: run guild "
		    "login", c->server);
		return NULL;
	}
	if (c->username != NULL)
		return xasprintf("user %s", c->username);
	return xasprintf("token %016llx", (unsigned long long)shop_fnv(
	    0xcbf29ce484222325ULL, c->token));
}

/* The purchases directory; caller frees. */
static char *
shop_dir(void)
{
	char	*state = config_state_dir(), *dir;

	dir = xasprintf("%s/purchases", state);
	free(state);
	return dir;
}

/*
 * The key file of (server, who, course): DIR/HASH-COURSE, the hash over
 * the server and the buyer. Caller frees.
 */
static char *
shop_path(const char *dir, const struct client *c, const char *who,
    int64_t course_id)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = shop_fnv(h, c->server);
	h = shop_fnv(h, "\n");
	h = shop_fnv(h, who);
	return xasprintf("%s/%016llx-%lld", dir, (unsigned long long)h,
	    (long long)course_id);
}

/* mkdir -p, 0700 for what it makes; the last one tightened if ours. */
static int
shop_mkdirs(const char *dir)
{
	struct stat	 st;
	char		*p = xstrdup(dir), *s, ch;
	int		 rc = 0;

	for (s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		ch = *s;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = -1;
		*s = ch;
		if (ch == '\0')
			break;
	}
	free(p);
	if (rc == 0 && lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) &&
	    st.st_uid == getuid() && (st.st_mode & 077) != 0)
		rc = chmod(dir, 0700);
	return rc;
}

/* 1 when k can be an Idempotency-Key: 1-255 printable ASCII, no space. */
static int
shop_key_ok(const char *k)
{
	size_t i;

	for (i = 0; k[i] != '\0'; i++)
		if ((unsigned char)k[i] <= 0x20 || (unsigned char)k[i] >= 0x7f)
			return 0;
	return i > 0 && i <= 255;
}

/* A new random key, a UUID version 4. Caller frees. NULL without entropy. */
static char *
shop_new_key(void)
{
	unsigned char	r[16];
	size_t		got = 0;
	ssize_t		n;

	while (got < sizeof r) {
		n = getrandom(r + got, sizeof r - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return NULL;
		got += (size_t)n;
	}
	r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
	r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
	return xasprintf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3], r[4], r[5],
	    r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]);
}

/* The file's text for a key. Caller frees. */
static char *
shop_file_text(const struct client *c, const char *who, int64_t course_id,
    const char *key)
{
	char when[32];

	return xasprintf("# guild: the Idempotency-Key of a purchase that is "
	    "not final yet\nserver %s\nbuyer %s\ncourse %lld\nkey %s\n"
	    "created %s\n", c->server, who, (long long)course_id, key,
	    time_rfc3339(time(NULL), when, sizeof when));
}

/*
 * The value of line "NAME value" in text, or NULL; caller frees.
 */
static char *
shop_field(const char *text, const char *name)
{
	const char	*p = text, *nl;
	size_t		 nlen = strlen(name);

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if ((size_t)(nl - p) > nlen && memcmp(p, name, nlen) == 0 &&
		    p[nlen] == ' ')
			return xstrndup(p + nlen + 1, (size_t)(nl - p) - nlen - 1);
		p = *nl != '\0' ? nl + 1 : nl;
	}
	return NULL;
}

/*
 * Reads the key stored in path for (server, who, course). The key (caller
 * frees), or NULL with err; errno ENOENT (err untouched) when there is no
 * file.
 */
static char *
shop_read_key(const char *path, const struct client *c, const char *who,
    int64_t course_id, struct gerr *err)
{
	char	 text[SHOP_FILE_MAX + 1], num[32];
	char	*server, *buyer, *course, *key = NULL;
	ssize_t	 n;
	size_t	 len = 0;
	int	 fd, ok;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT)
			gerr_set(err, GERR_LOCAL, 0, "cannot read the saved "
			    "purchase key %s: %s", path, strerror(errno));
		return NULL;
	}
	while (len < SHOP_FILE_MAX) {
		n = read(fd, text + len, SHOP_FILE_MAX - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	text[len] = '\0';
	server = shop_field(text, "server");
	buyer = shop_field(text, "buyer");
	course = shop_field(text, "course");
	key = shop_field(text, "key");
	snprintf(num, sizeof num, "%lld", (long long)course_id);
	ok = server != NULL && buyer != NULL && course != NULL &&
	    key != NULL && strcmp(server, c->server) == 0 &&
	    strcmp(buyer, who) == 0 && strcmp(course, num) == 0 &&
	    shop_key_ok(key) && strlen(text) == len;
	free(server);
	free(buyer);
	free(course);
	if (!ok) {
		FREE(&key);
		gerr_set(err, GERR_LOCAL, 0, "the saved purchase key %s is "
		    "damaged or belongs to another purchase; if no order of "
		    "this course is pending (guild orders), remove it and try "
		    "again", path);
		errno = EINVAL;
	}
	return key;
}

/* Writes all of data to fd. 0 or -1. */
static int
shop_write_all(int fd, const char *data, size_t len)
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

/* Flushes dir's entries to disk (the new link survives a crash). */
static void
shop_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/*
 * Writes text to a temporary file in dir (0600, synced) and links it as
 * path, never replacing a file already there. 0 when ours is in place,
 * 1 when another file was there first, -1 with errno.
 */
static int
shop_publish(const char *dir, const char *path, const char *text)
{
	char	*tmp;
	int	 fd, rc = 0, saved;

	tmp = xasprintf("%s/.new.XXXXXX", dir);
	fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return -1;
	}
	if (fchmod(fd, 0600) != 0 ||
	    shop_write_all(fd, text, strlen(text)) != 0 || fsync(fd) != 0)
		rc = -1;
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0 && link(tmp, path) != 0) {
		if (errno == EEXIST) {
			rc = 1;
		} else {
			/* No hard links here: rename, if nothing is there. */
			if (access(path, F_OK) == 0)
				rc = 1;
			else if (rename(tmp, path) != 0)
				rc = -1;
		}
	}
	saved = errno;
	unlink(tmp);
	free(tmp);
	if (rc == 0)
		shop_sync_dir(dir);
	errno = saved;
	return rc;
}

char *
purchase_key(struct client *c, int64_t course_id, struct gerr *err)
{
	struct gerr	 rerr;
	char		*who, *dir, *path, *key = NULL, *text;
	int		 rc, tries;

	who = shop_identity(c, err);
	if (who == NULL)
		return NULL;
	dir = shop_dir();
	path = shop_path(dir, c, who, course_id);
	if (shop_mkdirs(dir) != 0) {
		gerr_set(err, GERR_LOCAL, 0, "cannot create %s: %s (the key "
		    "of a purchase is saved there before it is sent; check "
		    "XDG_STATE_HOME)", dir, strerror(errno));
		goto out;
	}
	/* A file removed between the link and the read: start over. */
	for (tries = 0; key == NULL && tries < 3; tries++) {
		gerr_clear(&rerr);
		key = shop_read_key(path, c, who, course_id, &rerr);
		if (key != NULL)
			break;
		if (errno != ENOENT) {
			*err = rerr;
			goto out;
		}
		key = shop_new_key();
		if (key == NULL) {
			gerr_set(err, GERR_LOCAL, 0, "cannot make a purchase "
			    "key: no random numbers (%s)", strerror(errno));
			goto out;
		}
		text = shop_file_text(c, who, course_id, key);
		rc = shop_publish(dir, path, text);
		free(text);
		if (rc == 0)
			break;
		FREE(&key);
		if (rc < 0) {
			gerr_set(err, GERR_LOCAL, 0, "cannot save the purchase "
			    "key in %s: %s (nothing was sent)", dir,
			    strerror(errno));
			goto out;
		}
	}
	if (key == NULL)
		gerr_set(err, GERR_LOCAL, 0, "cannot save the purchase key in "
		    "%s: it keeps changing under us", dir);
out:
	free(path);
	free(dir);
	free(who);
	return key;
}

int
purchase_forget(struct client *c, int64_t course_id, struct gerr *err)
{
	char	*who, *dir, *path;
	int	 rc = 0;

	who = shop_identity(c, err);
	if (who == NULL)
		return -1;
	dir = shop_dir();
	path = shop_path(dir, c, who, course_id);
	if (unlink(path) != 0 && errno != ENOENT)
		rc = gerr_set(err, GERR_LOCAL, 0, "cannot remove the purchase "
		    "key %s: %s", path, strerror(errno));
	free(path);
	free(dir);
	free(who);
	return rc;
}

/* ---- the order request ------------------------------------------------ */

/* The body and headers of the request; free with shop_req_release. */
struct shop_req_parts {
	char	*url;
	char	*body;
	char	*key_header;
	const char *hdrs[2];
};

/*
 * Builds the request, or -1 with err when it cannot be sent at all
 * (offline, not logged in, a bad key).
 */
static int
shop_req_parts(struct client *c, int64_t course_id, const char *key,
    struct shop_req_parts *rp, struct gerr *err)
{
	memset(rp, 0, sizeof *rp);
	if (c->offline)
		return gerr_set(err, GERR_NET, 0, "offline: cannot buy while "
		    "offline");
	if (c->token == NULL)
		return gerr_set(err, GERR_AUTH, 401, "not logged in to %s: "
		    "run guild login", c->server);
	if (key == NULL || !shop_key_ok(key))
		return gerr_set(err, GERR_USAGE, 0, "bad purchase key");
	rp->url = xasprintf("%s/api/v1/orders", c->server);
	rp->body = xasprintf("{\"course_id\":%lld}", (long long)course_id);
	rp->key_header = xasprintf("Idempotency-Key: %s", key);
	rp->hdrs[0] = rp->key_header;
	rp->hdrs[1] = NULL;
	return 0;
}

static void
shop_req_release(struct shop_req_parts *rp)
{
	free(rp->url);
	free(rp->body);
	free(rp->key_header);
	memset(rp, 0, sizeof *rp);
}

/*
 * Reads the answer r: 0 with *out its JSON object (caller decrefs), or
 * -1 with err worded for the buyer.
 */
static int
shop_answer(const struct client *c, const struct net_response *r,
    json_t **out, struct gerr *err)
{
	struct problem	 p;
	json_t		*j;
	char		 line[400];
	int		 have;

	*out = NULL;
	if (r->status >= 200 && r->status <= 299) {
		j = json_loadb(r->body, r->len, 0, NULL);
		if (!json_is_object(j)) {
			json_decref(j);
			return gerr_set(err, GERR_PROTO, (int)r->status, "the "
			    "answer from %s to the order is not JSON (HTTP "
			    "%ld); guild order or guild orders shows whether "
			    "it was made", c->server, r->status);
		}
		*out = j;
		return 0;
	}
	memset(&p, 0, sizeof p);
	j = json_loadb(r->body, r->len, 0, NULL);
	have = j != NULL && problem_from_json(j, &p) == 0;
	json_decref(j);
	if (have)
		problem_format(&p, line, sizeof line);
	else
		snprintf(line, sizeof line, "HTTP %ld from %s, not a guild "
		    "answer (is [server] url a guild server?)", r->status,
		    c->server);
	problem_release(&p);
	if (r->status == 401)
		return gerr_set(err, GERR_AUTH, 401, "the server refused the "
		    "token (expired or revoked?): run guild login");
	if (r->status == 429 && r->retry_after > 0)
		return gerr_set(err, GERR_HTTP, 429, "%s (retry in %ld s)",
		    line, r->retry_after);
	return gerr_set(err, GERR_HTTP, (int)r->status, "%s", line);
}

int
purchase_order(struct client *c, int64_t course_id, const char *key,
    struct order *out, json_t **raw, struct gerr *err)
{
	struct shop_req_parts	 rp;
	struct net_response	 r;
	struct gerr		 why;
	json_t			*j = NULL;
	int			 rc;

	memset(out, 0, sizeof *out);
	if (raw != NULL)
		*raw = NULL;
	if (shop_req_parts(c, course_id, key, &rp, err) != 0)
		return -1;
	rc = net_request(c->net, "POST", rp.url, c->token, rp.hdrs, rp.body,
	    strlen(rp.body), &r, err);
	shop_req_release(&rp);
	if (rc != 0)
		return -1;
	rc = shop_answer(c, &r, &j, err);
	net_response_release(&r);
	if (rc != 0)
		return -1;
	gerr_clear(&why);
	if (order_from_json(j, out, &why) != 0) {
		order_release(out);
		json_decref(j);
		return gerr_set(err, GERR_PROTO, 0, "cannot read the order sent "
		    "by %s: %s (do guild and guildd versions match?)",
		    c->server, why.msg[0] ? why.msg : "unexpected shape");
	}
	if (raw != NULL)
		*raw = j;
	else
		json_decref(j);
	return 0;
}

int
purchase_poll_delay(int n)
{
	int ms = 1000;

	while (n-- > 0 && ms < 5000)
		ms += ms / 2;
	return ms < 5000 ? ms : 5000;
}

const char *
purchase_reason_text(const char *reason)
{
	static const struct {
		const char	*reason;
		const char	*text;
	} words[] = {
		{ "card_declined", "your card was declined" },
		{ "insufficient_funds", "insufficient funds" },
		{ "expired", "the checkout link expired before payment" },
		{ "already_owned", "you already own the course" },
	};
	size_t i;

	if (reason == NULL || *reason == '\0')
		return "unknown reason";
	for (i = 0; i < G_NELEM(words); i++)
		if (strcmp(reason, words[i].reason) == 0)
			return words[i].text;
	return reason;
}

/* ---- QR codes ------------------------------------------------------- */

/* Appends s (taken) to out. */
static void
qr_push(struct text_lines *out, char *s)
{
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 32;
		out->lines = xrealloc(out->lines, out->cap * sizeof *out->lines);
	}
	out->lines[out->n++] = s;
}

/* 1 when module (x, y) of the code with its quiet zone is dark. */
static int
qr_dark(const QRcode *q, int x, int y)
{
	x -= QR_QUIET;
	y -= QR_QUIET;
	if (x < 0 || y < 0 || x >= q->width || y >= q->width)
		return 0;
	return q->data[y * q->width + x] & 1;
}

int
qr_render(const char *text, int ascii, struct text_lines *out,
    struct gerr *err)
{
	static const char *const half[4] = {
		" ", "\xe2\x96\x84", "\xe2\x96\x80", "\xe2\x96\x88"
	};	/* none, lower (▄), upper (▀), both (█) */
	struct buf	 b = BUF_INIT;
	QRcode		*q;
	int		 size, x, y, top, bottom;

	if (text == NULL || *text == '\0')
		return gerr_set(err, GERR_USAGE, 0, "nothing to draw as a QR "
		    "code");
	errno = 0;
	q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (q == NULL)
		return gerr_set(err, GERR_LOCAL, 0, "cannot draw the link as a "
		    "QR code: %s", errno == ERANGE ? "it is too long" :
		    errno != 0 ? strerror(errno) : "libqrencode failed");
	size = q->width + 2 * QR_QUIET;
	for (y = 0; y < size; y += ascii ? 1 : 2) {
		buf_reset(&b);
		buf_adds(&b, "");
		for (x = 0; x < size; x++) {
			top = qr_dark(q, x, y);
			if (ascii) {
				buf_adds(&b, top ? "##" : "  ");
				continue;
			}
			bottom = y + 1 < size && qr_dark(q, x, y + 1);
			buf_adds(&b, half[top * 2 + bottom]);
		}
		if (b.failed) {
			fputs("guild: out of memory\n", stderr);
			exit(1);
		}
		qr_push(out, buf_detach(&b));
	}
	buf_release(&b);
	QRcode_free(q);
	return 0;
}

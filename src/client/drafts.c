/*
 * Drafts: what a member composes, kept as one readable file under
 * $XDG_STATE_HOME/guild/drafts until the server confirms it; sending a
 * draft with its id as the Idempotency-Key; composing in the member's
 * editor; the compose template and its parser.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guild/buf.h"
#include "guild/config.h"
#include "guild/drafts.h"
#include "guild/problem.h"
#include "guild/timeutil.h"
#include "guild/util.h"

/* Longest draft file read back, and longest text read from an editor. */
#define DRAFT_FILE_MAX		(4u << 20)
/* Longest draft id accepted from a command line or a file name. */
#define DRAFT_ID_MAX		64

/* The line between the template's header and the body. */
#define DRAFT_MARKER		"--- write below this line ---"

static const char *const draft_kind_names[] = {
	[DRAFT_THREAD] = "thread",
	[DRAFT_REPLY] = "reply",
	[DRAFT_QUESTION] = "question",
	[DRAFT_ANSWER] = "answer",
};

const char *
draft_kind_name(enum draft_kind k)
{
	return (unsigned)k < G_NELEM(draft_kind_names) ? draft_kind_names[k] :
	    "draft";
}

int
draft_kind_parse(const char *s, enum draft_kind *out)
{
	size_t i;

	for (i = 0; i < G_NELEM(draft_kind_names); i++) {
		if (strcmp(s, draft_kind_names[i]) == 0) {
			*out = (enum draft_kind)i;
			return 0;
		}
	}
	return -1;
}

/* 1 when id can name a draft file: 1 to 64 of [A-Za-z0-9_-], no leading '-'. */
static int
draft_id_valid(const char *id)
{
	size_t i;

	if (id == NULL || id[0] == '\0' || id[0] == '-')
		return 0;
	for (i = 0; id[i] != '\0'; i++) {
		if (i >= DRAFT_ID_MAX)
			return 0;
		if (!((id[i] >= 'a' && id[i] <= 'z') ||
		    (id[i] >= 'A' && id[i] <= 'Z') ||
		    (id[i] >= '0' && id[i] <= '9') || id[i] == '-' ||
		    id[i] == '_'))
			return 0;
	}
	return 1;
}

char *
draft_dir(void)
{
	char	*state = config_state_dir(), *dir;

	dir = xasprintf("%s/drafts", state);
	free(state);
	return dir;
}

char *
draft_path(const struct draft *d)
{
	char	*dir = draft_dir(), *path;

	path = xasprintf("%s/%s", dir, d->id != NULL ? d->id : "(unsaved)");
	free(dir);
	return path;
}

void
draft_release(struct draft *d)
{
	size_t i;

	if (d == NULL)
		return;
	free(d->id);
	free(d->title);
	for (i = 0; i < d->ntags; i++)
		free(d->tags[i]);
	free(d->tags);
	free(d->body);
	free(d->server);
	memset(d, 0, sizeof *d);
}

/* ---- files ------------------------------------------------------------ */

/*
 * mkdir -p with mode 0700 for what it creates; the last directory (the
 * drafts directory itself) is tightened to 0700 when it is ours. 0 or -1.
 */
static int
draft_mkdirs(const char *dir)
{
	struct stat	 st;
	char		*p = xstrdup(dir), *s, c;
	int		 rc = 0;

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
	if (rc == 0 && lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) &&
	    st.st_uid == getuid() && (st.st_mode & 077) != 0)
		rc = chmod(dir, 0700);
	return rc;
}

/* Writes all of data to fd. 0 or -1. */
static int
draft_write_all(int fd, const char *data, size_t len)
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

/* Reads all of fd, at most max bytes, into *out (caller frees). 0 or -1. */
static int
draft_read_all(int fd, size_t max, char **out, size_t *len)
{
	struct buf	b = BUF_INIT;
	char		chunk[8192];
	ssize_t		n;

	*out = NULL;
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (b.len + (size_t)n > max) {
			buf_release(&b);
			errno = EFBIG;
			return -1;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	if (n < 0 || b.failed) {
		buf_release(&b);
		if (n == 0)
			errno = ENOMEM;
		return -1;
	}
	if (len != NULL)
		*len = b.len;
	*out = b.data != NULL ? buf_detach(&b) : xstrdup("");
	return 0;
}

/* A new draft id: the time and 32 random bits, "20261126-180111-3fa9c2d1". */
static char *
draft_new_id(void)
{
	unsigned char	r[4];
	struct tm	tm;
	time_t		now = time(NULL);
	char		when[32];
	size_t		i;

	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
		unsigned long x = (unsigned long)now ^
		    ((unsigned long)getpid() << 16) ^ (unsigned long)clock();

		for (i = 0; i < sizeof r; i++)
			r[i] = (unsigned char)(x >> (8 * i));
	}
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y%m%d-%H%M%S", &tm) == 0)
		snprintf(when, sizeof when, "%lld", (long long)now);
	return xasprintf("%s-%02x%02x%02x%02x", when, r[0], r[1], r[2], r[3]);
}

/* 1 when s has a character that cannot stay on one header line. */
static int
draft_has_newline(const char *s)
{
	return s != NULL && strpbrk(s, "\r\n") != NULL;
}

/* Checks what draft_save cannot write faithfully. 0, or -1 with err. */
static int
draft_check(const struct draft *d, struct gerr *err)
{
	size_t i;

	if ((unsigned)d->kind >= G_NELEM(draft_kind_names))
		return gerr_set(err, GERR_USAGE, 0, "unknown kind of draft");
	if (draft_has_newline(d->title))
		return gerr_set(err, GERR_USAGE, 0, "a title is one line "
		    "(remove the line break from it)");
	if (draft_has_newline(d->server))
		return gerr_set(err, GERR_USAGE, 0, "bad server URL");
	for (i = 0; i < d->ntags; i++) {
		if (d->tags[i] == NULL || d->tags[i][0] == '\0' ||
		    strpbrk(d->tags[i], ", \t\r\n") != NULL)
			return gerr_set(err, GERR_USAGE, 0, "bad tag '%s': a "
			    "tag is one word, without commas or spaces",
			    d->tags[i] != NULL ? d->tags[i] : "");
	}
	return 0;
}

/* The text of d's file: header lines, a blank line, the body. */
static void
draft_format(const struct draft *d, struct buf *b)
{
	char	when[32];
	size_t	i;

	buf_printf(b, "Kind: %s\n", draft_kind_name(d->kind));
	if (d->target != 0)
		buf_printf(b, "Target: %lld\n", (long long)d->target);
	if (d->reply_to != 0)
		buf_printf(b, "Reply-To: %lld\n", (long long)d->reply_to);
	if (d->title != NULL)
		buf_printf(b, "Title: %s\n", d->title);
	if (d->ntags > 0) {
		buf_adds(b, "Tags:");
		for (i = 0; i < d->ntags; i++)
			buf_printf(b, "%s %s", i > 0 ? "," : "", d->tags[i]);
		buf_addc(b, '\n');
	}
	if (d->server != NULL)
		buf_printf(b, "Server: %s\n", d->server);
	buf_printf(b, "Created: %s\n\n", time_rfc3339(d->created, when,
	    sizeof when));
	if (d->body != NULL)
		buf_adds(b, d->body);
}

int
draft_save(struct draft *d, struct gerr *err)
{
	struct buf	 b = BUF_INIT;
	char		*dir, *tmp, *path;
	int		 fd, rc = 0, fresh = d->id == NULL;

	if (draft_check(d, err) != 0)
		return -1;
	if (!fresh && !draft_id_valid(d->id))
		return gerr_set(err, GERR_USAGE, 0, "bad draft id '%s'", d->id);
	dir = draft_dir();
	if (draft_mkdirs(dir) != 0) {
		rc = gerr_set(err, GERR_LOCAL, 0, "cannot create %s: %s "
		    "(check XDG_STATE_HOME)", dir, strerror(errno));
		free(dir);
		return rc;
	}
	if (d->created == 0)
		d->created = time(NULL);
	if (fresh)
		d->id = draft_new_id();
	draft_format(d, &b);
	if (b.failed) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	path = xasprintf("%s/%s", dir, d->id);
	/* A dot name: never listed as a draft, even if left behind. */
	tmp = xasprintf("%s/.%s.XXXXXX", dir, d->id);
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = gerr_set(err, GERR_LOCAL, 0, "cannot create a file in "
		    "%s: %s", dir, strerror(errno));
	} else {
		if (fchmod(fd, 0600) != 0 ||
		    draft_write_all(fd, b.data, b.len) != 0 || fsync(fd) != 0)
			rc = -1;
		if (close(fd) != 0)
			rc = -1;
		if (rc == 0 && rename(tmp, path) != 0)
			rc = -1;
		if (rc != 0) {
			gerr_set(err, GERR_LOCAL, 0, "cannot write %s: %s",
			    path, strerror(errno));
			unlink(tmp);
		}
	}
	if (rc != 0 && fresh)
		FREE(&d->id);
	buf_release(&b);
	free(tmp);
	free(path);
	free(dir);
	return rc;
}

/* Sets err to "draft ID (PATH): what" and returns -1. */
static int
draft_bad(struct gerr *err, const char *id, const char *path, int line,
    const char *what)
{
	if (line > 0)
		return gerr_set(err, GERR_LOCAL, 0, "draft %s (%s): line %d: "
		    "%s", id, path, line, what);
	return gerr_set(err, GERR_LOCAL, 0, "draft %s (%s): %s", id, path,
	    what);
}

/* Splits "a, b c" into d's tags (replacing them); empty words dropped. */
static void
draft_set_tags(struct draft *d, const char *s)
{
	const char	*p = s, *start;
	size_t		 i;

	for (i = 0; i < d->ntags; i++)
		free(d->tags[i]);
	FREE(&d->tags);
	d->ntags = 0;
	for (;;) {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && *p != ',' && *p != ' ' && *p != '\t')
			p++;
		d->tags = xrealloc(d->tags, (d->ntags + 1) * sizeof *d->tags);
		d->tags[d->ntags++] = xstrndup(start, (size_t)(p - start));
	}
}

/* Parses one header line "Key: value" of file id into d. 0 or -1. */
static int
draft_header(struct draft *d, const char *key, const char *val,
    const char *id, const char *path, int line, struct gerr *err)
{
	int64_t	n;
	time_t	t;

	if (strcasecmp(key, "Kind") == 0) {
		if (draft_kind_parse(val, &d->kind) != 0)
			return draft_bad(err, id, path, line, "unknown Kind "
			    "(thread, reply, question or answer)");
	} else if (strcasecmp(key, "Target") == 0) {
		if (parse_int64(val, 1, INT64_MAX, &n) != 0)
			return draft_bad(err, id, path, line, "Target is not "
			    "a positive number");
		d->target = n;
	} else if (strcasecmp(key, "Reply-To") == 0) {
		if (parse_int64(val, 0, INT64_MAX, &n) != 0)
			return draft_bad(err, id, path, line, "Reply-To is not "
			    "a number");
		d->reply_to = n;
	} else if (strcasecmp(key, "Title") == 0) {
		free(d->title);
		d->title = xstrdup(val);
	} else if (strcasecmp(key, "Tags") == 0) {
		draft_set_tags(d, val);
	} else if (strcasecmp(key, "Server") == 0) {
		free(d->server);
		d->server = *val != '\0' ? xstrdup(val) : NULL;
	} else if (strcasecmp(key, "Created") == 0) {
		if (time_parse_rfc3339(val, &t) != 0)
			return draft_bad(err, id, path, line, "Created is not "
			    "a time (2026-11-26T18:01:11Z)");
		d->created = t;
	}
	/* Other keys are ignored: a newer guild may add some. */
	return 0;
}

/*
 * Parses the text of draft id's file into d: header lines up to the
 * first empty line, then the body verbatim. 0, or -1 with err.
 */
static int
draft_decode(const char *text, const char *id, const char *path,
    struct draft *d, struct gerr *err)
{
	const char	*p = text, *eol, *colon, *val;
	char		*key, *value;
	size_t		 len;
	int		 line = 0, have_kind = 0, rc;

	for (;;) {
		line++;
		eol = strchr(p, '\n');
		if (eol == NULL)
			return draft_bad(err, id, path, 0, "no empty line "
			    "after the header lines");
		len = (size_t)(eol - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len == 0)
			break;
		colon = memchr(p, ':', len);
		if (colon == NULL || colon == p)
			return draft_bad(err, id, path, line, "not a "
			    "\"Key: value\" header line");
		key = xstrndup(p, (size_t)(colon - p));
		val = colon + 1;
		while (val < p + len && (*val == ' ' || *val == '\t'))
			val++;
		value = xstrndup(val, (size_t)(p + len - val));
		rc = draft_header(d, key, value, id, path, line, err);
		if (strcasecmp(key, "Kind") == 0)
			have_kind = 1;
		free(key);
		free(value);
		if (rc != 0)
			return -1;
		p = eol + 1;
	}
	if (!have_kind)
		return draft_bad(err, id, path, 0, "no Kind header line");
	if (d->target == 0 && d->kind != DRAFT_QUESTION)
		return draft_bad(err, id, path, 0, "no Target header line");
	d->body = xstrdup(eol + 1);
	return 0;
}

int
draft_load(const char *id, struct draft *d, struct gerr *err)
{
	struct stat	 st;
	char		*dir, *path, *text = NULL;
	int		 fd, rc;

	memset(d, 0, sizeof *d);
	if (!draft_id_valid(id))
		return gerr_set(err, GERR_USAGE, 0, "'%s' is not a draft id "
		    "(guild drafts lists them)", id);
	dir = draft_dir();
	path = xasprintf("%s/%s", dir, id);
	free(dir);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			rc = gerr_set(err, GERR_USAGE, 0, "no draft %s (guild "
			    "drafts lists them)", id);
		else
			rc = gerr_set(err, GERR_LOCAL, 0, "cannot open draft "
			    "%s (%s): %s", id, path, strerror(errno));
		free(path);
		return rc;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		rc = draft_bad(err, id, path, 0, "not a regular file");
	else if (draft_read_all(fd, DRAFT_FILE_MAX, &text, NULL) != 0)
		rc = gerr_set(err, GERR_LOCAL, 0, "cannot read draft %s "
		    "(%s): %s", id, path, strerror(errno));
	else
		rc = draft_decode(text, id, path, d, err);
	close(fd);
	if (rc == 0) {
		d->id = xstrdup(id);
		if (d->created == 0)
			d->created = st.st_mtime;
	} else {
		draft_release(d);
	}
	free(text);
	free(path);
	return rc;
}

/* Oldest first, then by id. */
static int
draft_cmp(const void *a, const void *b)
{
	const struct draft *x = a, *y = b;

	if (x->created != y->created)
		return x->created < y->created ? -1 : 1;
	return strcmp(x->id, y->id);
}

int
draft_list(struct draft **out, size_t *n, struct gerr *err)
{
	struct dirent	*e;
	struct draft	*v = NULL, d;
	struct gerr	 why;
	DIR		*dp;
	char		*dir;
	size_t		 cnt = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	dir = draft_dir();
	dp = opendir(dir);
	if (dp == NULL) {
		rc = errno == ENOENT ? 0 : gerr_set(err, GERR_LOCAL, 0,
		    "cannot read %s: %s", dir, strerror(errno));
		free(dir);
		return rc;
	}
	for (;;) {
		e = readdir(dp);
		if (e == NULL)
			break;
		/* Temp files start with a dot and never pass as ids. */
		if (!draft_id_valid(e->d_name))
			continue;
		gerr_clear(&why);
		if (draft_load(e->d_name, &d, &why) != 0)
			continue;
		v = xrealloc(v, (cnt + 1) * sizeof *v);
		v[cnt++] = d;
	}
	closedir(dp);
	free(dir);
	if (cnt > 1)
		qsort(v, cnt, sizeof *v, draft_cmp);
	*out = v;
	*n = cnt;
	return 0;
}

int
draft_remove(const struct draft *d, struct gerr *err)
{
	char	*path;
	int	 rc = 0;

	if (d->id == NULL)
		return 0;
	if (!draft_id_valid(d->id))
		return gerr_set(err, GERR_USAGE, 0, "bad draft id '%s'", d->id);
	path = draft_path(d);
	if (unlink(path) != 0 && errno != ENOENT)
		rc = gerr_set(err, GERR_LOCAL, 0, "cannot remove draft %s "
		    "(%s): %s", d->id, path, strerror(errno));
	free(path);
	return rc;
}

/* ---- sending ---------------------------------------------------------- */

/* The route and JSON body for d; caller frees *path and decrefs *body. */
static int
draft_request(const struct draft *d, char **path, json_t **body,
    struct gerr *err)
{
	json_t	*tags;
	size_t	 i;

	*path = NULL;
	*body = json_object();
	if (*body == NULL) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	if (d->body == NULL || json_object_set_new(*body, "body",
	    json_string(d->body)) != 0)
		goto bad;
	switch (d->kind) {
	case DRAFT_THREAD:
		if (d->title == NULL || json_object_set_new(*body, "title",
		    json_string(d->title)) != 0)
			goto bad;
		json_object_set_new(*body, "category_id",
		    json_integer(d->target));
		*path = xstrdup("/api/v1/threads");
		break;
	case DRAFT_REPLY:
		if (d->reply_to != 0)
			json_object_set_new(*body, "reply_to",
			    json_integer(d->reply_to));
		*path = xasprintf("/api/v1/threads/%lld/replies",
		    (long long)d->target);
		break;
	case DRAFT_QUESTION:
		tags = json_array();
		for (i = 0; tags != NULL && i < d->ntags; i++)
			if (json_array_append_new(tags,
			    json_string(d->tags[i])) != 0) {
				json_decref(tags);
				goto bad;
			}
		if (d->title == NULL || tags == NULL ||
		    json_object_set_new(*body, "tags", tags) != 0 ||
		    json_object_set_new(*body, "title",
		    json_string(d->title)) != 0)
			goto bad;
		*path = xstrdup("/api/v1/questions");
		break;
	case DRAFT_ANSWER:
		*path = xasprintf("/api/v1/questions/%lld/answers",
		    (long long)d->target);
		break;
	default:
		goto bad;
	}
	return 0;
bad:
	json_decref(*body);
	*body = NULL;
	return gerr_set(err, GERR_USAGE, 0, "the draft is incomplete or not "
	    "valid UTF-8 (a %s needs %s)", draft_kind_name(d->kind),
	    d->kind == DRAFT_THREAD || d->kind == DRAFT_QUESTION ?
	    "a title and a body" : "a body");
}

/*
 * Words the error answer r (not 2xx): the problem's line, the wait of a
 * 429 from Retry-After, GERR_AUTH for a 401. Always returns -1.
 */
static int
draft_http_error(const struct client *c, const struct net_response *r,
    struct gerr *err)
{
	struct problem	 p;
	json_t		*j;
	struct tm	 tm;
	time_t		 at;
	char		 line[300], when[16];
	int		 have;

	memset(&p, 0, sizeof p);
	j = json_loadb(r->body, r->len, 0, NULL);
	have = j != NULL && problem_from_json(j, &p) == 0;
	json_decref(j);
	if (have)
		problem_format(&p, line, sizeof line);
	else
		snprintf(line, sizeof line, "HTTP %ld from %s, not a guild "
		    "answer", r->status, c->server);
	problem_release(&p);
	if (r->status == 401)
		return gerr_set(err, GERR_AUTH, 401, "the server refused the "
		    "token (expired or revoked?): run guild login");
	if (r->status == 429 && r->retry_after > 0) {
		at = time(NULL) + r->retry_after;
		if (localtime_r(&at, &tm) == NULL ||
		    strftime(when, sizeof when, "%H:%M:%S", &tm) == 0)
			snprintf(when, sizeof when, "then");
		return gerr_set(err, GERR_HTTP, 429, "you are posting too "
		    "fast: retry in %ld s (after %s)", r->retry_after, when);
	}
	return gerr_set(err, GERR_HTTP, (int)r->status, "%s", line);
}

/* Sets err to draft_send's failure: why, and where the text is kept. -1. */
static int
draft_kept(const struct draft *d, const struct gerr *why, struct gerr *err)
{
	char *path = draft_path(d);

	gerr_set(err, why->kind, why->status, "could not send: %.300s. "
	    "Your text is kept as draft %s in %s; retry with: guild drafts "
	    "send %s", why->msg, d->id != NULL ? d->id : "(unsaved)", path,
	    d->id != NULL ? d->id : "ID");
	free(path);
	return -1;
}

void
draft_req_release(struct draft_req *req)
{
	free(req->path);
	json_decref(req->body);
	free(req->key);
	memset(req, 0, sizeof *req);
}

/*
 * The request of d (saved, with an id): checks that it can be sent now,
 * then fills req. 0, or -1 with err saying why (not where d is kept).
 */
static int
draft_req_fill(struct client *c, const struct draft *d,
    struct draft_req *req, struct gerr *err)
{
	memset(req, 0, sizeof *req);
	if (c->offline)
		return gerr_set(err, GERR_NET, 0, "offline: cannot post while "
		    "offline");
	if (c->token == NULL)
		return gerr_set(err, GERR_AUTH, 401, "not logged in to %s: "
		    "run guild login", c->server);
	if (draft_request(d, &req->path, &req->body, err) != 0)
		return -1;
	req->key = xasprintf("Idempotency-Key: %s", d->id);
	req->headers[0] = req->key;
	req->headers[1] = NULL;
	return 0;
}

int
draft_send_begin(struct client *c, struct draft *d, struct draft_req *req,
    struct gerr *err)
{
	struct gerr why;

	memset(req, 0, sizeof *req);
	if (d->id == NULL && draft_save(d, err) != 0)
		return -1;
	gerr_clear(&why);
	if (draft_req_fill(c, d, req, &why) != 0)
		return draft_kept(d, &why, err);
	return 0;
}

int
draft_send_end(struct draft *d, const struct gerr *why, struct gerr *err)
{
	struct gerr rm;

	if (why != NULL)
		return draft_kept(d, why, err);
	/*
	 * Posted. A draft that cannot be removed is harmless: sending it
	 * again answers the same post (same Idempotency-Key).
	 */
	gerr_clear(&rm);
	draft_remove(d, &rm);
	return 0;
}

/*
 * The one POST of req, blocking: 0 with *out (the created object;
 * caller decrefs), or -1 with err saying why (not where the draft is).
 */
static int
draft_post(struct client *c, const struct draft_req *req, json_t **out,
    struct gerr *err)
{
	struct net_response	 r;
	char			*url, *text;
	int			 rc;

	*out = NULL;
	text = json_dumps(req->body, JSON_COMPACT);
	if (text == NULL)
		return gerr_set(err, GERR_USAGE, 0, "the draft is not valid "
		    "UTF-8");
	url = xasprintf("%s%s", c->server, req->path);
	rc = net_request(c->net, "POST", url, c->token, req->headers, text,
	    strlen(text), &r, err);
	free(url);
	free(text);
	if (rc == 0) {
		if (r.status < 200 || r.status > 299) {
			rc = draft_http_error(c, &r, err);
		} else if (r.len > 0) {
			*out = json_loadb(r.body, r.len, 0, NULL);
			if (*out == NULL)
				rc = gerr_set(err, GERR_PROTO, (int)r.status,
				    "the answer from %s to POST %s is not JSON "
				    "(it may have been posted; sending the "
				    "draft again cannot post it twice)",
				    c->server, req->path);
		}
		net_response_release(&r);
	}
	return rc;
}

int
draft_send(struct client *c, struct draft *d, json_t **created,
    struct gerr *err)
{
	struct draft_req	 req;
	struct gerr		 why;
	json_t			*out = NULL;
	int			 rc;

	if (created != NULL)
		*created = NULL;
	if (draft_send_begin(c, d, &req, err) != 0)
		return -1;
	gerr_clear(&why);
	rc = draft_post(c, &req, &out, &why);
	draft_req_release(&req);
	if (draft_send_end(d, rc == 0 ? NULL : &why, err) != 0)
		return -1;
	if (created != NULL)
		*created = out;
	else
		json_decref(out);
	return 0;
}

/* ---- the editor ------------------------------------------------------- */

/* The member's editor command: $VISUAL, else $EDITOR, else vi. */
static const char *
editor_command(void)
{
	const char *e = getenv("VISUAL");

	if (e == NULL || *e == '\0')
		e = getenv("EDITOR");
	if (e == NULL || *e == '\0')
		e = "vi";
	return e;
}

/* Removes the files in dir (not recursing) and dir itself. */
static void
editor_cleanup(const char *dir)
{
	struct dirent	*e;
	DIR		*dp;
	char		*p;

	dp = opendir(dir);
	if (dp != NULL) {
		for (;;) {
			e = readdir(dp);
			if (e == NULL)
				break;
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			p = xasprintf("%s/%s", dir, e->d_name);
			unlink(p);
			free(p);
		}
		closedir(dp);
	}
	rmdir(dir);
}

/*
 * Runs cmd on file through /bin/sh (file as "$1") with the caller's
 * terminal, ignoring SIGINT and SIGQUIT while it runs as system() does.
 * Returns the wait status, or -1 with errno when it cannot start.
 */
static int
editor_run(const char *cmd, const char *file)
{
	struct sigaction	 ign, old_int, old_quit;
	char			*script;
	pid_t			 pid, w;
	int			 status = -1, saved;

	script = xasprintf("exec %s \"$1\"", cmd);
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		execl("/bin/sh", "sh", "-c", script, "sh", file, (char *)NULL);
		_exit(127);
	}
	saved = errno;
	if (pid > 0) {
		do
			w = waitpid(pid, &status, 0);
		while (w < 0 && errno == EINTR);
		saved = errno;
		if (w < 0)
			status = -1;
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	free(script);
	errno = saved;
	return pid < 0 ? -1 : status;
}

int
editor_edit(const char *text, char **out, struct gerr *err)
{
	const char	*tmpdir = getenv("TMPDIR"), *cmd = editor_command();
	char		*dir, *file = NULL;
	int		 fd, status, rc = 0;

	*out = NULL;
	if (tmpdir == NULL || *tmpdir != '/')
		tmpdir = "/tmp";
	dir = xasprintf("%s/guild-edit-XXXXXX", tmpdir);
	if (mkdtemp(dir) == NULL) {
		rc = gerr_set(err, GERR_LOCAL, 0, "cannot make a directory in "
		    "%s for the editor: %s (check TMPDIR)", tmpdir,
		    strerror(errno));
		free(dir);
		return rc;
	}
	file = xasprintf("%s/post.md", dir);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0 || draft_write_all(fd, text, strlen(text)) != 0) {
		rc = gerr_set(err, GERR_LOCAL, 0, "cannot write %s: %s", file,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		goto done;
	}
	if (close(fd) != 0) {
		rc = gerr_set(err, GERR_LOCAL, 0, "cannot write %s: %s", file,
		    strerror(errno));
		goto done;
	}
	status = editor_run(cmd, file);
	if (status == -1) {
		rc = gerr_set(err, GERR_LOCAL, 0, "cannot run the editor "
		    "'%s': %s (set VISUAL or EDITOR)", cmd, strerror(errno));
		goto done;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		rc = gerr_set(err, GERR_LOCAL, 0, "cannot run the editor "
		    "'%s' (not found? set VISUAL or EDITOR)", cmd);
		goto done;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (WIFSIGNALED(status))
			rc = gerr_set(err, GERR_LOCAL, 0, "the editor '%s' was "
			    "killed by signal %d; nothing was taken from it",
			    cmd, WTERMSIG(status));
		else
			rc = gerr_set(err, GERR_LOCAL, 0, "the editor '%s' "
			    "exited with status %d; nothing was taken from it",
			    cmd, WEXITSTATUS(status));
		goto done;
	}
	/* The editor may have replaced the file: open it by name again. */
	fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || draft_read_all(fd, DRAFT_FILE_MAX, out, NULL) != 0) {
		rc = gerr_set(err, GERR_LOCAL, 0, "cannot read back %s: %s",
		    file, strerror(errno));
		*out = NULL;
	}
	if (fd >= 0)
		close(fd);
done:
	editor_cleanup(dir);
	free(file);
	free(dir);
	return rc;
}

/* ---- the compose template --------------------------------------------- */

char *
draft_template(const struct draft *d, const char *quoted_parent)
{
	struct buf	 b = BUF_INIT;
	const char	*p, *eol;
	size_t		 i;

	switch (d->kind) {
	case DRAFT_THREAD:
		buf_printf(&b, "# A new thread in category %lld.\n",
		    (long long)d->target);
		break;
	case DRAFT_REPLY:
		buf_printf(&b, "# A reply to thread %lld", (long long)d->target);
		if (d->reply_to != 0)
			buf_printf(&b, ", answering reply %lld",
			    (long long)d->reply_to);
		buf_adds(&b, ".\n");
		break;
	case DRAFT_QUESTION:
		buf_adds(&b, "# A new question. Tags: 1 to 5, separated by "
		    "commas.\n");
		break;
	case DRAFT_ANSWER:
		buf_printf(&b, "# An answer to question %lld.\n",
		    (long long)d->target);
		break;
	}
	buf_adds(&b, "# Write Markdown below the marker line, save and quit "
	    "to send;\n# an empty text sends nothing. Lines starting with # "
	    "above the marker\n# are ignored.\n");
	if (d->kind == DRAFT_THREAD || d->kind == DRAFT_QUESTION)
		buf_printf(&b, "Title: %s\n", d->title != NULL ? d->title : "");
	if (d->kind == DRAFT_QUESTION) {
		buf_adds(&b, "Tags:");
		for (i = 0; i < d->ntags; i++)
			buf_printf(&b, "%s %s", i > 0 ? "," : "", d->tags[i]);
		buf_addc(&b, '\n');
	}
	buf_adds(&b, DRAFT_MARKER "\n");
	if (quoted_parent != NULL && *quoted_parent != '\0') {
		for (p = quoted_parent; *p != '\0'; p = eol + 1) {
			eol = strchr(p, '\n');
			if (eol == NULL)
				eol = p + strlen(p);
			buf_adds(&b, ">");
			if (eol > p)
				buf_addc(&b, ' ');
			buf_add(&b, p, (size_t)(eol - p));
			buf_addc(&b, '\n');
			if (*eol == '\0')
				break;
		}
		buf_addc(&b, '\n');
	}
	if (d->body != NULL)
		buf_adds(&b, d->body);
	if (b.failed) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	return buf_detach(&b);
}

/* s without blanks at both ends, as a new string. */
static char *
draft_trim(const char *s, size_t len)
{
	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\r'))
		len--;
	return xstrndup(s, len);
}

/* 1 when the line [p, p + len) is the marker (blanks around allowed). */
static int
draft_is_marker(const char *p, size_t len)
{
	char	*t = draft_trim(p, len);
	int	 yes = strcmp(t, DRAFT_MARKER) == 0;

	free(t);
	return yes;
}

/*
 * The body from the text after the marker: leading blank lines and
 * trailing white space dropped, CR LF as LF. Caller frees.
 */
static char *
draft_body_text(const char *s)
{
	struct buf	 b = BUF_INIT;
	const char	*p, *line;

	/* Skip whole blank lines at the start, keep indentation after. */
	for (p = line = s; *p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n'; p++)
		if (*p == '\n')
			line = p + 1;
	for (p = line; *p != '\0'; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		buf_addc(&b, *p);
	}
	while (b.len > 0 && (b.data[b.len - 1] == ' ' ||
	    b.data[b.len - 1] == '\t' || b.data[b.len - 1] == '\n' ||
	    b.data[b.len - 1] == '\r'))
		b.data[--b.len] = '\0';
	if (b.failed) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	return b.data != NULL ? buf_detach(&b) : xstrdup("");
}

/* 1 when every non-blank line of body is a "> " quote. */
static int
draft_only_quote(const char *body)
{
	const char	*p = body;
	int		 quoted = 0;

	while (*p != '\0') {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '\n' && *p != '\0') {
			if (*p != '>')
				return 0;
			quoted = 1;
		}
		p = strchr(p, '\n');
		if (p == NULL)
			break;
		p++;
	}
	return quoted;
}

int
draft_parse(struct draft *d, const char *text, struct gerr *err)
{
	const char	*p = text, *eol, *colon, *body_start = NULL;
	struct draft	 t;
	char		*title = NULL, *tags = NULL, *body, *key;
	size_t		 len, i;
	int		 wants_title;

	wants_title = d->kind == DRAFT_THREAD || d->kind == DRAFT_QUESTION;
	/* The header: comments, Title: and Tags: lines up to the marker. */
	while (*p != '\0') {
		eol = strchr(p, '\n');
		len = eol != NULL ? (size_t)(eol - p) : strlen(p);
		if (draft_is_marker(p, len)) {
			body_start = eol != NULL ? eol + 1 : p + len;
			break;
		}
		colon = memchr(p, ':', len);
		key = colon != NULL ? draft_trim(p, (size_t)(colon - p)) : NULL;
		if (key != NULL && strcasecmp(key, "Title") == 0) {
			free(title);
			title = draft_trim(colon + 1,
			    (size_t)(p + len - colon - 1));
		} else if (key != NULL && strcasecmp(key, "Tags") == 0) {
			free(tags);
			tags = draft_trim(colon + 1,
			    (size_t)(p + len - colon - 1));
		}
		free(key);
		if (eol == NULL)
			break;
		p = eol + 1;
	}
	if (body_start == NULL) {
		free(title);
		free(tags);
		/* A reply or answer may be written over the whole template. */
		if (wants_title)
			return gerr_set(err, GERR_USAGE, 0, "the line \""
			    DRAFT_MARKER "\" is missing: keep it and write "
			    "the text below it");
		body_start = text;
	}
	body = draft_body_text(body_start);
	if (*body == '\0' || draft_only_quote(body)) {
		free(body);
		free(title);
		free(tags);
		return gerr_set(err, GERR_USAGE, 0, "nothing written: the "
		    "text is empty, so nothing was sent");
	}
	if (wants_title && (title == NULL || *title == '\0')) {
		free(body);
		free(title);
		free(tags);
		return gerr_set(err, GERR_USAGE, 0, "the title is empty: "
		    "write it on the \"Title:\" line");
	}
	if (d->kind == DRAFT_QUESTION) {
		memset(&t, 0, sizeof t);
		draft_set_tags(&t, tags != NULL ? tags : "");
		free(tags);
		if (t.ntags == 0) {
			free(body);
			free(title);
			return gerr_set(err, GERR_USAGE, 0, "no tags: write 1 "
			    "to 5 on the \"Tags:\" line, separated by commas");
		}
		for (i = 0; i < d->ntags; i++)
			free(d->tags[i]);
		free(d->tags);
		d->tags = t.tags;
		d->ntags = t.ntags;
	} else {
		free(tags);
	}
	free(d->body);
	d->body = body;
	if (wants_title) {
		free(d->title);
		d->title = title;
	} else {
		free(title);
	}
	return 0;
}

/*
 * guild course new|push|pull: instructors keep a course as one Markdown
 * file (guild/coursefile.h) and create the course from it, push their
 * edits to it, or pull it back into a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "guild/buf.h"
#include "guild/coursefile.h"
#include "guild/text.h"
#include "guild/util.h"
#include "learn.h"

/* ---- files -------------------------------------------------------------- */

/*
 * Reads path ("-" for stdin) whole, at most CF_FILE_MAX bytes, into *out
 * (caller frees). 0, or -1 with err.
 */
static int
cfile_read(const char *path, char **out, size_t *len, struct gerr *err)
{
	struct buf	b = BUF_INIT;
	char		chunk[65536];
	ssize_t		n;
	int		fd;

	*out = NULL;
	*len = 0;
	fd = strcmp(path, "-") == 0 ? STDIN_FILENO :
	    open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return gerr_set(err, GERR_LOCAL, 0, "cannot open %s: %s", path,
		    strerror(errno));
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (b.len + (size_t)n > CF_FILE_MAX) {
			n = -1;
			errno = EFBIG;
			break;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (n < 0) {
		buf_release(&b);
		return gerr_set(err, GERR_LOCAL, 0, "cannot read %s: %s", path,
		    errno == EFBIG ? "larger than 64 MiB" : strerror(errno));
	}
	if (b.failed)
		learn_oom();
	*len = b.len;
	*out = b.data != NULL ? buf_detach(&b) : xstrdup("");
	return 0;
}

/*
 * Reads and parses the course file at path. 0, or -1 with err (GERR_LOCAL:
 * the file is bad, not the command line).
 */
static int
cfile_load(const char *path, struct coursefile *cf, struct gerr *err)
{
	char	*text;
	size_t	 len;
	int	 rc;

	coursefile_init(cf);
	if (cfile_read(path, &text, &len, err) != 0)
		return -1;
	rc = coursefile_parse(cf, text, len, strcmp(path, "-") == 0 ?
	    "stdin" : path, err);
	free(text);
	/* A bad file is not a bad command line: exit 1, not 2. */
	if (rc != 0)
		err->kind = GERR_LOCAL;
	return rc;
}

/* Writes all of data to fd. 0 or -1. */
static int
cfile_write_all(int fd, const char *data, size_t len)
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
 * Writes data to path through a temporary file beside it: renamed over
 * the old file with force, else linked so that a file that appeared
 * meanwhile is never replaced. 0, or -1 with err.
 */
static int
cfile_save(const char *path, const char *data, size_t len, int force,
    struct gerr *err)
{
	const char	*slash = strrchr(path, '/');
	char		*tmp;
	mode_t		 mask;
	int		 fd, rc = 0;

	tmp = slash != NULL ? xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path),
	    path, slash + 1) : xasprintf(".%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = gerr_set(err, GERR_LOCAL, 0, "cannot create a file beside "
		    "%s: %s", path, strerror(errno));
		free(tmp);
		return rc;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 ||
	    cfile_write_all(fd, data, len) != 0 || fsync(fd) != 0)
		rc = -1;
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0 && force && rename(tmp, path) != 0)
		rc = -1;
	if (rc == 0 && !force && link(tmp, path) != 0)
		rc = -1;
	if (rc != 0)
		gerr_set(err, GERR_LOCAL, 0, "cannot write %s: %s%s", path,
		    strerror(errno), errno == EEXIST ? " (use --force to "
		    "replace it)" : "");
	unlink(tmp);
	free(tmp);
	return rc;
}

/* ---- the course on the server ------------------------------------------- */

/* A course as the server has it, with the body of every lesson. */
struct cfile_remote {
	struct course	  c;
	char		**bodies;	/* one per c.lessons[i], owned */
};

static void
cfile_remote_release(struct cfile_remote *r)
{
	size_t i;

	for (i = 0; r->bodies != NULL && i < r->c.nlessons; i++)
		free(r->bodies[i]);
	free(r->bodies);
	course_release(&r->c);
	memset(r, 0, sizeof *r);
}

/* Fetches course id_or_slug and its lessons' bodies. 0, or -1 with err. */
static int
cfile_remote_load(struct cli_ctx *ctx, const char *id_or_slug,
    struct cfile_remote *r, struct gerr *err)
{
	json_t		*res;
	const char	*body;
	char		 path[64];
	size_t		 i;

	memset(r, 0, sizeof *r);
	if (api_course(&ctx->client, id_or_slug, &r->c, NULL, err) != 0)
		return -1;
	r->bodies = xcalloc(r->c.nlessons + 1, sizeof *r->bodies);
	for (i = 0; i < r->c.nlessons; i++) {
		snprintf(path, sizeof path, "/api/v1/lessons/%lld",
		    (long long)r->c.lessons[i].id);
		res = NULL;
		if (api_call(&ctx->client, "GET", path, NULL, &res, err) != 0) {
			gerr_set(err, err->kind, err->status, "cannot read "
			    "lesson %d: %.400s", r->c.lessons[i].position,
			    err->msg);
			cfile_remote_release(r);
			return -1;
		}
		body = json_string_value(json_object_get(res, "body"));
		r->bodies[i] = xstrdup(body != NULL ? body : "");
		json_decref(res);
	}
	return 0;
}

/* ---- comparing ---------------------------------------------------------- */

/* 1 when the two texts differ once normalized as the file keeps them. */
static int
cfile_text_differs(const char *a, const char *b)
{
	char	*na = coursefile_text_norm(a), *nb = coursefile_text_norm(b);
	int	 d = strcmp(na, nb) != 0;

	free(na);
	free(nb);
	return d;
}

/* 1 when two one-line values differ, blanks around them ignored. */
static int
cfile_line_differs(const char *a, const char *b)
{
	char	*ta, *tb;
	int	 d;

	ta = coursefile_text_norm(a != NULL ? a : "");
	tb = coursefile_text_norm(b != NULL ? b : "");
	d = strcmp(ta, tb) != 0;
	free(ta);
	free(tb);
	return d;
}

static int
cfile_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 when the tag lists differ as sets (the server keeps them sorted). */
static int
cfile_tags_differ(char **a, size_t na, char **b, size_t nb)
{
	char	**sa, **sb;
	size_t	  i;
	int	  d = na != nb;

	if (d)
		return 1;
	sa = xcalloc(na + 1, sizeof *sa);
	sb = xcalloc(nb + 1, sizeof *sb);
	memcpy(sa, a, na * sizeof *sa);
	memcpy(sb, b, nb * sizeof *sb);
	qsort(sa, na, sizeof *sa, cfile_strcmp);
	qsort(sb, nb, sizeof *sb, cfile_strcmp);
	for (i = 0; !d && i < na; i++)
		d = strcmp(sa[i], sb[i]) != 0;
	free(sa);
	free(sb);
	return d;
}

/* Adds member key (a new reference) to o and its name to the list. */
static void
cfile_set(json_t *o, const char *key, json_t *v, struct buf *what)
{
	if (v == NULL)
		learn_oom();
	json_object_set_new(o, key, v);
	if (what != NULL)
		buf_printf(what, "%s%s", what->len > 0 ? ", " : "", key);
}

/* The tags as a JSON array. */
static json_t *
cfile_tags_json(const struct coursefile *cf)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; a != NULL && i < cf->ntags; i++)
		json_array_append_new(a, json_string(cf->tags[i]));
	return a;
}

/*
 * The course fields of cf that differ from c (everything cf sets when c
 * is NULL: a new course), naming each in what.
 */
static json_t *
cfile_course_json(const struct coursefile *cf, const struct course *c,
    struct buf *what)
{
	struct money	 want;
	json_t		*o = json_object();
	char		*d;

	if (o == NULL)
		learn_oom();
	if (cf->title != NULL && (c == NULL ||
	    strcmp(cf->title, c->title != NULL ? c->title : "") != 0))
		cfile_set(o, "title", json_string(cf->title), what);
	if (cf->slug != NULL && (c == NULL ||
	    strcmp(cf->slug, c->slug != NULL ? c->slug : "") != 0))
		cfile_set(o, "slug", json_string(cf->slug), what);
	if (cf->has_level && (c == NULL || cf->level != c->level))
		cfile_set(o, "level", json_string(level_name(cf->level)), what);
	if (cf->summary != NULL && (c == NULL ||
	    cfile_line_differs(cf->summary, c->summary)))
		cfile_set(o, "summary", json_string(cf->summary), what);
	if (c == NULL || cfile_text_differs(cf->description, c->description)) {
		d = coursefile_text_norm(cf->description);
		cfile_set(o, "description", json_string(d), what);
		free(d);
	}
	want = c != NULL ? c->price : cf->price;
	if (cf->has_price)
		want.amount = cf->price.amount;
	if (cf->has_currency || c == NULL)
		memcpy(want.currency, cf->price.currency, 4);
	if ((cf->has_price || cf->has_currency) && (c == NULL ||
	    want.amount != c->price.amount ||
	    strcmp(want.currency, c->price.currency) != 0))
		cfile_set(o, "price", json_pack("{s:I, s:s}", "amount",
		    (json_int_t)want.amount, "currency", want.currency), what);
	if (cf->has_tags && (c == NULL || cfile_tags_differ(cf->tags,
	    cf->ntags, c->tags, c->ntags)))
		cfile_set(o, "tags", cfile_tags_json(cf), what);
	if (cf->has_published && (c == NULL ||
	    cf->published != c->published))
		cfile_set(o, "published", json_boolean(cf->published), what);
	return o;
}

/*
 * The lesson fields of l that differ from the server's lesson s with
 * body sbody (every field when s is NULL: a new lesson).
 */
static json_t *
cfile_lesson_json(const struct coursefile_lesson *l, const struct lesson *s,
    const char *sbody)
{
	json_t	*o = json_object();
	char	*body;

	if (o == NULL)
		learn_oom();
	if (s == NULL || cfile_line_differs(l->title, s->title))
		cfile_set(o, "title", json_string(l->title), NULL);
	if (s == NULL || cfile_text_differs(l->body, sbody)) {
		body = coursefile_text_norm(l->body);
		cfile_set(o, "body", json_string(body), NULL);
		free(body);
	}
	if (s == NULL || l->duration_min != s->duration_min)
		cfile_set(o, "duration_min", json_integer(l->duration_min),
		    NULL);
	if (s == NULL || !l->preview != !s->preview)
		cfile_set(o, "preview", json_boolean(l->preview), NULL);
	return o;
}

/* POSTs lesson l (the file's lesson number n) to course id. 0 or -1. */
static int
cfile_lesson_add(struct cli_ctx *ctx, int64_t id,
    const struct coursefile_lesson *l, struct gerr *err)
{
	json_t	*body, *res = NULL;
	char	 path[80];
	int	 rc;

	snprintf(path, sizeof path, "/api/v1/courses/%lld/lessons",
	    (long long)id);
	body = cfile_lesson_json(l, NULL, NULL);
	rc = api_call(&ctx->client, "POST", path, body, &res, err);
	json_decref(body);
	json_decref(res);
	return rc;
}

/* ---- new ---------------------------------------------------------------- */

/* guild course new FILE: creates the course and its lessons. */
static int
cfile_new(struct cli_ctx *ctx, const char *file, int json)
{
	struct coursefile	 cf;
	struct gerr		 err;
	json_t			*body, *res = NULL;
	char			*path;
	int64_t			 id;
	size_t			 i;
	int			 rc;

	gerr_clear(&err);
	if (cfile_load(file, &cf, &err) != 0)
		return cli_fail(&err);
	if (coursefile_check_new(&cf, strcmp(file, "-") == 0 ? "stdin" : file,
	    &err) != 0) {
		coursefile_release(&cf);
		return cli_error("%s", err.msg);
	}
	rc = cli_setup(ctx);
	if (rc == 0)
		rc = learn_need_token(ctx);
	if (rc != 0) {
		coursefile_release(&cf);
		return rc;
	}
	body = cfile_course_json(&cf, NULL, NULL);
	rc = api_call(&ctx->client, "POST", "/api/v1/courses", body, &res,
	    &err);
	json_decref(body);
	if (rc != 0) {
		coursefile_release(&cf);
		return cli_fail(&err);
	}
	id = json_integer_value(json_object_get(res, "id"));
	json_decref(res);
	res = NULL;
	for (i = 0; i < cf.nlessons; i++) {
		if (cfile_lesson_add(ctx, id, &cf.lessons[i], &err) != 0) {
			rc = cli_error("created course %lld (%s), but lesson "
			    "%zu (%s:%d) failed: %s. Fix the file and run: "
			    "guild course push %lld %s", (long long)id,
			    cf.slug, i + 1, file, cf.lessons[i].line, err.msg,
			    (long long)id, file);
			coursefile_release(&cf);
			return rc;
		}
	}
	if (json) {
		path = xasprintf("/api/v1/courses/%lld", (long long)id);
		gerr_clear(&err);
		rc = learn_get(ctx, path, 0, &res, &err);
		free(path);
		rc = rc == 0 ? cli_print_json(res) : cli_fail(&err);
		json_decref(res);
	} else {
		printf("Created course %lld (%s) with %zu lesson%s%s.\n",
		    (long long)id, cf.slug, cf.nlessons,
		    cf.nlessons == 1 ? "" : "s", cf.has_published &&
		    cf.published ? ", published" : ", not published yet");
		printf("Edit %s and run: guild course push %lld %s\n", file,
		    (long long)id, file);
		rc = 0;
	}
	coursefile_release(&cf);
	return rc;
}

/* ---- push --------------------------------------------------------------- */

/* What a push changes, counted for the summary. */
struct cfile_plan {
	json_t		*course;	/* the PATCH body; empty: no change */
	struct buf	 what;		/* names of the changed course fields */
	json_t		**lessons;	/* PATCH bodies of the common lessons */
	size_t		 ncommon;
	size_t		 changed, added, removed;
};

static void
cfile_plan_release(struct cfile_plan *p)
{
	size_t i;

	json_decref(p->course);
	buf_release(&p->what);
	for (i = 0; i < p->ncommon; i++)
		json_decref(p->lessons[i]);
	free(p->lessons);
	memset(p, 0, sizeof *p);
}

/* Works out what the push of cf over r changes. */
static void
cfile_plan(const struct coursefile *cf, const struct cfile_remote *r,
    struct cfile_plan *p)
{
	size_t i;

	memset(p, 0, sizeof *p);
	p->course = cfile_course_json(cf, &r->c, &p->what);
	p->ncommon = cf->nlessons < r->c.nlessons ? cf->nlessons :
	    r->c.nlessons;
	p->lessons = xcalloc(p->ncommon + 1, sizeof *p->lessons);
	for (i = 0; i < p->ncommon; i++) {
		p->lessons[i] = cfile_lesson_json(&cf->lessons[i],
		    &r->c.lessons[i], r->bodies[i]);
		if (json_object_size(p->lessons[i]) > 0)
			p->changed++;
	}
	if (cf->nlessons > r->c.nlessons)
		p->added = cf->nlessons - r->c.nlessons;
	else
		p->removed = r->c.nlessons - cf->nlessons;
}

/* Prints the plan's summary after "prefix". */
static void
cfile_plan_print(const struct cfile_plan *p, const char *prefix)
{
	printf("%s", prefix);
	if (json_object_size(p->course) > 0)
		printf(" course: %s;", buf_str(&p->what));
	printf(" lessons: %zu changed, %zu added, %zu removed.\n", p->changed,
	    p->added, p->removed);
}

/*
 * Applies the plan: the course first, then the lessons in order, new
 * ones appended, surplus ones deleted from the end. 0, or -1 with err
 * saying how far it got.
 */
static int
cfile_apply(struct cli_ctx *ctx, const struct coursefile *cf,
    const struct cfile_remote *r, const struct cfile_plan *p,
    const char *file, struct gerr *err)
{
	json_t	*res = NULL;
	char	 path[80];
	size_t	 i;
	int64_t	 id = r->c.id;

	if (json_object_size(p->course) > 0) {
		snprintf(path, sizeof path, "/api/v1/courses/%lld",
		    (long long)id);
		if (api_call(&ctx->client, "PATCH", path, p->course, &res,
		    err) != 0)
			return -1;
		json_decref(res);
		res = NULL;
	}
	for (i = 0; i < p->ncommon; i++) {
		if (json_object_size(p->lessons[i]) == 0)
			continue;
		snprintf(path, sizeof path, "/api/v1/lessons/%lld",
		    (long long)r->c.lessons[i].id);
		if (api_call(&ctx->client, "PATCH", path, p->lessons[i], &res,
		    err) != 0)
			goto lesson_failed;
		json_decref(res);
		res = NULL;
	}
	for (i = r->c.nlessons; i < cf->nlessons; i++)
		if (cfile_lesson_add(ctx, id, &cf->lessons[i], err) != 0)
			goto lesson_failed;
	for (i = r->c.nlessons; i > cf->nlessons; i--) {
		snprintf(path, sizeof path, "/api/v1/lessons/%lld",
		    (long long)r->c.lessons[i - 1].id);
		if (api_call(&ctx->client, "DELETE", path, NULL, &res,
		    err) != 0)
			return gerr_set(err, err->kind, err->status, "cannot "
			    "remove lesson %zu: %.300s (run the push again to "
			    "finish)", i, err->msg);
		json_decref(res);
		res = NULL;
	}
	return 0;
lesson_failed:
	return gerr_set(err, err->kind, err->status, "lesson %zu (%s:%d): "
	    "%.300s (the lessons before it are pushed; fix the file and run "
	    "the push again)", i + 1, file, cf->lessons[i].line, err->msg);
}

/*
 * guild course push ID FILE: makes the course match the file. Lessons
 * the file no longer has are removed only with del (--delete): their
 * text and the members' progress in them would be lost.
 */
static int
cfile_push(struct cli_ctx *ctx, const char *id, const char *file, int dry,
    int del)
{
	struct coursefile	 cf;
	struct cfile_remote	 r;
	struct cfile_plan	 p;
	struct gerr		 err;
	char			*slug, *prefix, which[64];
	int			 rc;

	gerr_clear(&err);
	if (cfile_load(file, &cf, &err) != 0)
		return cli_fail(&err);
	rc = cli_setup(ctx);
	if (rc == 0)
		rc = learn_need_token(ctx);
	if (rc != 0) {
		coursefile_release(&cf);
		return rc;
	}
	if (cfile_remote_load(ctx, id, &r, &err) != 0) {
		coursefile_release(&cf);
		return cli_fail(&err);
	}
	cfile_plan(&cf, &r, &p);
	slug = cli_clean(r.c.slug, 0);
	if (json_object_size(p.course) == 0 && p.changed == 0 &&
	    p.added == 0 && p.removed == 0) {
		printf("Course %lld (%s) is up to date with %s.\n",
		    (long long)r.c.id, slug, file);
	} else if (dry) {
		prefix = xasprintf("Would update course %lld (%s):",
		    (long long)r.c.id, slug);
		cfile_plan_print(&p, prefix);
		free(prefix);
	} else if (p.removed > 0 && !del) {
		if (p.removed == 1)
			snprintf(which, sizeof which, "lesson %zu",
			    r.c.nlessons);
		else
			snprintf(which, sizeof which, "lessons %zu to %zu",
			    cf.nlessons + 1, r.c.nlessons);
		rc = cli_error("%s has %zu lesson%s and course %lld has %zu: "
		    "pushing would remove %s and the members' progress in "
		    "them. Nothing was changed; add --delete to remove them",
		    file, cf.nlessons, cf.nlessons == 1 ? "" : "s",
		    (long long)r.c.id, r.c.nlessons, which);
	} else if (cfile_apply(ctx, &cf, &r, &p, file, &err) != 0) {
		rc = cli_fail(&err);
	} else {
		prefix = xasprintf("Updated course %lld (%s) from %s:",
		    (long long)r.c.id, cf.slug != NULL ? cf.slug : slug, file);
		cfile_plan_print(&p, prefix);
		free(prefix);
	}
	free(slug);
	cfile_plan_release(&p);
	cfile_remote_release(&r);
	coursefile_release(&cf);
	return rc;
}

/* ---- pull --------------------------------------------------------------- */

/* 1 when slug can name a file here: a-z, 0-9 and '-' only. */
static int
cfile_slug_is_safe(const char *slug)
{
	size_t i;

	for (i = 0; slug[i] != '\0'; i++)
		if (!((slug[i] >= 'a' && slug[i] <= 'z') ||
		    (slug[i] >= '0' && slug[i] <= '9') || slug[i] == '-'))
			return 0;
	return i > 0 && i <= CF_SLUG_MAX;
}

/* guild course pull ID [-o FILE] [--force]: writes the course's file. */
static int
cfile_pull(struct cli_ctx *ctx, const char *id, const char *out, int force)
{
	struct cfile_remote	 r;
	struct coursefile	 cf;
	struct stat		 st;
	struct gerr		 err;
	struct buf		 b = BUF_INIT;
	char			*path = NULL, *clean;
	int			 rc;

	if (out != NULL && strcmp(out, "-") != 0 && !force &&
	    lstat(out, &st) == 0)
		return cli_error("%s exists; pull will not overwrite it (use "
		    "--force, or -o - for stdout)", out);
	rc = cli_setup(ctx);
	if (rc == 0)
		rc = learn_need_token(ctx);
	if (rc != 0)
		return rc;
	gerr_clear(&err);
	if (cfile_remote_load(ctx, id, &r, &err) != 0)
		return cli_fail(&err);
	coursefile_from_course(&cf, &r.c, r.bodies);
	rc = coursefile_write(&cf, &b, &err);
	if (rc == 0 && out == NULL) {
		if (!cfile_slug_is_safe(cf.slug))
			rc = gerr_set(&err, GERR_USAGE, 0, "the course's slug "
			    "cannot name a file: give one with -o FILE");
		else
			path = xasprintf("%s.md", cf.slug);
		if (rc == 0 && !force && lstat(path, &st) == 0)
			rc = gerr_set(&err, GERR_LOCAL, 0, "%s exists; pull "
			    "will not overwrite it (use --force, or -o FILE)",
			    path);
	} else if (rc == 0) {
		path = xstrdup(out);
	}
	if (rc != 0) {
		rc = cli_fail(&err);
	} else if (strcmp(path, "-") == 0) {
		/* A terminal gets the file sanitized; a pipe gets it as is. */
		if (isatty(STDOUT_FILENO)) {
			clean = cli_clean(buf_str(&b), 1);
			fputs(clean, stdout);
			free(clean);
		} else {
			fwrite(buf_str(&b), 1, b.len, stdout);
		}
	} else if (cfile_save(path, buf_str(&b), b.len, force, &err) != 0) {
		rc = cli_fail(&err);
	} else {
		clean = cli_clean(cf.slug, 0);
		printf("Wrote %s: course %lld (%s) with %zu lesson%s.\n", path,
		    (long long)r.c.id, clean, cf.nlessons,
		    cf.nlessons == 1 ? "" : "s");
		free(clean);
	}
	free(path);
	buf_release(&b);
	coursefile_release(&cf);
	cfile_remote_release(&r);
	return rc;
}

/* ---- the subcommands ---------------------------------------------------- */

int
course_file_is_sub(const char *word)
{
	return strcmp(word, "new") == 0 || strcmp(word, "push") == 0 ||
	    strcmp(word, "pull") == 0;
}

int
course_file_exec(struct cli_ctx *ctx, const struct cmd_entry *e, int argc,
    char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "force", no_argument, NULL, 'f' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "delete", no_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*sub = argv[1], *out = NULL;
	char		 name[32];
	int		 ch, json = 0, force = 0, dry = 0, del = 0, want;

	/* getopt sees "guild course SUB" as the program, then the rest. */
	snprintf(name, sizeof name, "guild course %s", sub);
	argc--;
	argv++;
	argv[0] = name;
	for (;;) {
		ch = getopt_long(argc, argv, "fho:", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'f':
			force = 1;
			break;
		case 'n':
			dry = 1;
			break;
		case 'd':
			del = 1;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			return cli_help(e);
		default:
			return cli_usage(e);
		}
	}
	want = strcmp(sub, "push") == 0 ? 2 : 1;
	if (argc - optind != want)
		return cli_usage_error(e, "%s takes %s", sub,
		    strcmp(sub, "new") == 0 ? "one file: guild course new "
		    "FILE.md" : strcmp(sub, "push") == 0 ? "the course and a "
		    "file: guild course push ID FILE.md" : "the course: "
		    "guild course pull ID [-o FILE]");
	if ((out != NULL || force) && strcmp(sub, "pull") != 0)
		return cli_usage_error(e, "-o and --force go with pull");
	if ((dry || del) && strcmp(sub, "push") != 0)
		return cli_usage_error(e, "--dry-run and --delete go with "
		    "push");
	if (json && strcmp(sub, "new") != 0)
		return cli_usage_error(e, "--json goes with new (or a course "
		    "shown with guild course ID --json)");
	if (strcmp(sub, "new") == 0)
		return cfile_new(ctx, argv[optind], json);
	if (strcmp(sub, "push") == 0)
		return cfile_push(ctx, argv[optind], argv[optind + 1], dry,
		    del);
	return cfile_pull(ctx, argv[optind], out, force);
}

/*
 * Helpers shared by the discussion and Q&A commands: composing a post,
 * sending it through a draft, ids, tables and Markdown output.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "discuss.h"
#include "guild/buf.h"
#include "guild/markdown.h"
#include "guild/text.h"
#include "guild/timeutil.h"
#include "guild/util.h"

/* Longest text read from -m's file, --file or stdin. */
#define DISCUSS_TEXT_MAX	(1u << 20)

/* ---- composing ---------------------------------------------------------- */

int
discuss_uses_editor(const struct compose *c)
{
	if (c->edit)
		return 1;
	return c->message == NULL && c->file == NULL && cli_interactive();
}

/*
 * Reads all of fd (what names it in messages) into *out, at most
 * DISCUSS_TEXT_MAX bytes. 0, or the exit code after printing.
 */
static int
discuss_read_fd(int fd, const char *what, char **out)
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
		if (b.len + (size_t)n > DISCUSS_TEXT_MAX) {
			buf_release(&b);
			cli_error("%s is too long (at most %u KiB)", what,
			    DISCUSS_TEXT_MAX >> 10);
			return 1;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	if (n < 0) {
		buf_release(&b);
		cli_error("cannot read %s: %s", what, strerror(errno));
		return 1;
	}
	if (b.failed) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	*out = b.data != NULL ? buf_detach(&b) : xstrdup("");
	return 0;
}

/* Reads --file F ("-": stdin) into *out. 0, or the exit code. */
static int
discuss_read_file(const char *file, char **out)
{
	int fd, rc;

	if (strcmp(file, "-") == 0)
		return discuss_read_fd(STDIN_FILENO, "the text on stdin", out);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		cli_error("cannot open %s: %s", file, strerror(errno));
		return 1;
	}
	rc = discuss_read_fd(fd, file, out);
	close(fd);
	return rc;
}

/* Drops trailing white space and a leading run of blank lines, in place. */
static void
discuss_trim_body(char *s)
{
	size_t	len = strlen(s), start = 0, i;

	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\n' || s[len - 1] == '\r'))
		s[--len] = '\0';
	for (i = 0; i < len && (s[i] == ' ' || s[i] == '\t' ||
	    s[i] == '\r' || s[i] == '\n'); i++)
		if (s[i] == '\n')
			start = i + 1;
	memmove(s, s + start, len - start + 1);
}

/* "# guild: MSG" in front of text, dropping such lines left from before. */
static char *
discuss_mark_error(const char *text, const char *msg)
{
	const char *p = text, *eol;

	while (str_starts(p, "# guild: ")) {
		eol = strchr(p, '\n');
		if (eol == NULL) {
			p += strlen(p);
			break;
		}
		p = eol + 1;
	}
	return xasprintf("# guild: %s\n%s", msg, p);
}

/*
 * The editor loop: the template until it parses, asking on the
 * terminal before opening it again. 0, or the exit code.
 */
static int
discuss_edit(struct draft *d, const char *quoted)
{
	struct gerr	 err;
	char		*text, *edited = NULL, *answer = NULL, why[512];

	text = draft_template(d, quoted);
	for (;;) {
		gerr_clear(&err);
		if (editor_edit(text, &edited, &err) != 0) {
			free(text);
			return cli_fail(&err);
		}
		free(text);
		gerr_clear(&err);
		if (draft_parse(d, edited, &err) == 0) {
			free(edited);
			return 0;
		}
		if (str_starts(err.msg, "nothing written")) {
			free(edited);
			return cli_fail(&err);
		}
		cli_error("%s", err.msg);
		snprintf(why, sizeof why, "%s", err.msg);
		gerr_clear(&err);
		if (cli_prompt("Edit again? [Y/n] ", 1, &answer, &err) != 0 ||
		    strcasecmp(answer, "n") == 0 ||
		    strcasecmp(answer, "no") == 0) {
			free(answer);
			free(edited);
			cli_error("nothing was sent");
			return 1;
		}
		FREE(&answer);
		text = discuss_mark_error(edited, why);
		free(edited);
		edited = NULL;
	}
}

int
discuss_compose(struct draft *d, const struct compose *c, const char *quoted)
{
	char	*text = NULL;
	int	 rc;

	if (c->message != NULL && c->file != NULL) {
		cli_error("give the text with -m or with --file, not both");
		return 2;
	}
	if (c->message != NULL)
		text = xstrdup(c->message);
	else if (c->file != NULL) {
		rc = discuss_read_file(c->file, &text);
		if (rc != 0)
			return rc;
	} else if (!discuss_uses_editor(c)) {
		rc = discuss_read_fd(STDIN_FILENO, "the text on stdin", &text);
		if (rc != 0)
			return rc;
	}
	if (discuss_uses_editor(c)) {
		free(d->body);
		d->body = text;
		return discuss_edit(d, quoted);
	}
	discuss_trim_body(text);
	if (*text == '\0') {
		free(text);
		cli_error("the text is empty: nothing to send");
		return 2;
	}
	free(d->body);
	d->body = text;
	return 0;
}

int
discuss_need_token(struct cli_ctx *ctx)
{
	struct gerr err;

	gerr_clear(&err);
	if (client_load_token(&ctx->client, &err) != 0)
		return cli_fail(&err);
	return 0;
}

/* The id member of a created object, or 0. */
static int64_t
discuss_created_id(const json_t *j)
{
	const json_t *id = json_object_get(j, "id");

	return json_is_integer(id) ? (int64_t)json_integer_value(id) : 0;
}

int
discuss_send(struct cli_ctx *ctx, struct draft *d, json_t **created)
{
	struct gerr	 err;
	json_t		*out = NULL;
	long long	 id, target = (long long)d->target;

	if (created != NULL)
		*created = NULL;
	if (d->server == NULL)
		d->server = xstrdup(ctx->client.server);
	gerr_clear(&err);
	if (draft_send(&ctx->client, d, &out, &err) != 0)
		return cli_fail(&err);
	id = (long long)discuss_created_id(out);
	switch (d->kind) {
	case DRAFT_THREAD:
		printf("Posted thread %lld (guild thread %lld).\n", id, id);
		break;
	case DRAFT_REPLY:
		printf("Posted reply %lld in thread %lld (guild thread "
		    "%lld).\n", id, target, target);
		break;
	case DRAFT_QUESTION:
		printf("Asked question %lld (guild question %lld).\n", id, id);
		break;
	case DRAFT_ANSWER:
		printf("Posted answer %lld to question %lld (guild question "
		    "%lld).\n", id, target, target);
		break;
	}
	if (created != NULL)
		*created = out;
	else
		json_decref(out);
	return 0;
}

/* ---- ids, times, names -------------------------------------------------- */

int
discuss_parse_id(const char *s, char prefix, int64_t *out)
{
	if (prefix != 0 && (*s == prefix || *s == (prefix ^ 0x20)))
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	return parse_int64(s, 1, INT64_MAX, out);
}

char *
discuss_age(const char *when, char *out, size_t outsz)
{
	time_t t;

	if (when == NULL || time_parse_rfc3339(when, &t) != 0) {
		snprintf(out, outsz, "?");
		return out;
	}
	return time_ago(t, time(NULL), out, outsz);
}

char *
discuss_ago(time_t then, char *out, size_t outsz)
{
	char short_form[32];

	time_ago(then, time(NULL), short_form, sizeof short_form);
	if (strcmp(short_form, "just now") == 0)
		snprintf(out, outsz, "just now");
	else if (strchr(short_form, '-') != NULL)
		snprintf(out, outsz, "on %s", short_form);
	else
		snprintf(out, outsz, "%s ago", short_form);
	return out;
}

char *
discuss_ago_str(const char *when, char *out, size_t outsz)
{
	time_t t;

	if (when == NULL || time_parse_rfc3339(when, &t) != 0) {
		snprintf(out, outsz, "at an unknown time");
		return out;
	}
	return discuss_ago(t, out, outsz);
}

char *
discuss_author(const struct post_author *a)
{
	char	*name = cli_clean(a->display_name, 0);
	char	*user = cli_clean(a->username, 0);
	char	*r;

	if (*name != '\0' && strcmp(name, user) != 0)
		r = xasprintf("%s (@%s)", name, user);
	else
		r = xasprintf("@%s", user);
	free(name);
	free(user);
	return r;
}

char *
discuss_username(const struct post_author *a)
{
	return cli_clean(a->username, 0);
}

/* ---- output ------------------------------------------------------------- */

int
discuss_sgr(void)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0');
}

/* Prints each line of text after indent. */
static void
discuss_print_indented(const char *text, size_t len, const char *indent)
{
	const char	*p = text, *end = text + len, *eol;

	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		if (eol > p)
			printf("%s%.*s\n", indent, (int)(eol - p), p);
		else
			putchar('\n');
		p = eol + 1;
	}
}

void
discuss_markdown(const char *body, int width, const char *indent, int ascii,
    int sgr)
{
	struct md_doc	 doc;
	FILE		*fp;
	char		*text = NULL, *clean;
	size_t		 len = 0, i;
	int		 w = width - text_width(indent);

	if (w < 20)
		w = 20;
	memset(&doc, 0, sizeof doc);
	if (md_render(body, strlen(body), w, ascii ? MD_OPT_ASCII : 0,
	    &doc) != 0) {
		clean = cli_clean(body, 1);
		cli_print_wrapped(clean, width, indent);
		free(clean);
		return;
	}
	fp = sgr ? open_memstream(&text, &len) : NULL;
	if (fp != NULL) {
		md_doc_print(fp, &doc, MD_PRINT_SGR);
		if (fclose(fp) == 0 && text != NULL) {
			discuss_print_indented(text, len, indent);
			free(text);
			md_doc_release(&doc);
			return;
		}
		free(text);
	}
	for (i = 0; i < doc.n; i++) {
		if (doc.lines[i].text[0] == '\0')
			putchar('\n');
		else
			printf("%s%s\n", indent, doc.lines[i].text);
	}
	md_doc_release(&doc);
}

char *
discuss_first_line(const char *s, int width, int ascii)
{
	const char	*p = s != NULL ? s : "";
	char		*line, *clean, *fit;
	size_t		 len;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	len = strcspn(p, "\n");
	line = xstrndup(p, len);
	clean = cli_clean(line, 0);
	fit = text_fit(clean, width < 4 ? 4 : width, 0, ascii);
	if (fit == NULL) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	free(line);
	free(clean);
	return fit;
}

/* ---- tables ------------------------------------------------------------- */

void
discuss_table_add(struct discuss_table *t, char **row)
{
	size_t	nc = (size_t)t->ncols;

	t->cells = xrealloc(t->cells, (t->nrows + 1) * nc * sizeof *t->cells);
	memcpy(t->cells + t->nrows * nc, row, nc * sizeof *row);
	t->nrows++;
}

void
discuss_table_release(struct discuss_table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * (size_t)t->ncols; i++)
		free(t->cells[i]);
	FREE(&t->cells);
	t->nrows = 0;
}

/* Widths of t's columns for the terminal width, into w. */
static void
discuss_widths(const struct discuss_table *t, int width, int *w)
{
	size_t	i;
	int	c, cw, used, spare, pass, nw;

	for (c = 0; c < t->ncols; c++)
		w[c] = text_width(t->cols[c].head);
	for (i = 0; i < t->nrows; i++)
		for (c = 0; c < t->ncols; c++) {
			cw = text_width(t->cells[i * (size_t)t->ncols +
			    (size_t)c]);
			if (cw > w[c])
				w[c] = cw;
		}
	used = 2 * (t->ncols - 1);
	for (c = 0; c < t->ncols; c++) {
		if (t->cols[c].max > 0 && w[c] > t->cols[c].max)
			w[c] = t->cols[c].max;
		used += w[c];
	}
	spare = width - used;
	for (pass = 1; spare < 0 && pass <= t->ncols; pass++)
		for (c = 0; spare < 0 && c < t->ncols; c++) {
			if (t->cols[c].shrink != pass)
				continue;
			nw = w[c] + spare;
			if (nw < t->cols[c].min)
				nw = t->cols[c].min;
			if (nw > w[c])
				nw = w[c];
			spare += w[c] - nw;
			w[c] = nw;
		}
}

/* Appends s fitted to w columns, right-aligned or padded. */
static void
discuss_cell(struct buf *b, const char *s, int w, int right, int pad,
    int ascii)
{
	char	*fit;
	int	 sw;

	fit = text_fit(s, w, 0, ascii);
	if (fit == NULL) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	sw = text_width(fit);
	if (right)
		buf_printf(b, "%*s%s", w - sw, "", fit);
	else if (pad)
		buf_printf(b, "%s%*s", fit, w - sw, "");
	else
		buf_adds(b, fit);
	free(fit);
}

void
discuss_table_print(const struct discuss_table *t, int width, int ascii)
{
	struct buf	 b = BUF_INIT;
	int		*w = xcalloc((size_t)t->ncols, sizeof *w);
	size_t		 i;
	int		 c;
	const char	*s;

	discuss_widths(t, width, w);
	for (i = 0; i <= t->nrows; i++) {
		buf_reset(&b);
		for (c = 0; c < t->ncols; c++) {
			s = i == 0 ? t->cols[c].head :
			    t->cells[(i - 1) * (size_t)t->ncols + (size_t)c];
			if (c > 0)
				buf_adds(&b, "  ");
			discuss_cell(&b, s, w[c], t->cols[c].right,
			    c + 1 < t->ncols, ascii);
		}
		if (b.failed) {
			fprintf(stderr, "guild: out of memory\n");
			exit(1);
		}
		puts(buf_str(&b));
	}
	buf_release(&b);
	free(w);
}

/* ---- requests ----------------------------------------------------------- */

int
discuss_get(struct cli_ctx *ctx, const char *path, json_t **out,
    struct gerr *err)
{
	int rc;

	rc = api_call(&ctx->client, "GET", path, NULL, out, err);
	if (rc != 0 && cli_drop_refused_token(ctx, err)) {
		gerr_clear(err);
		rc = api_call(&ctx->client, "GET", path, NULL, out, err);
	}
	return rc;
}

/* Pages followed by --all before giving up on a server that never ends. */
#define DISCUSS_MAX_PAGES	1000

int
discuss_get_pages(struct cli_ctx *ctx, const char *path, int all,
    json_t **out, struct gerr *err)
{
	json_t		*page = NULL, *acc = NULL, *items, *next;
	char		*url, *cur;
	int		 pages = 0, more;

	*out = NULL;
	url = xstrdup(path);
	for (;;) {
		if (discuss_get(ctx, url, &page, err) != 0) {
			free(url);
			json_decref(acc);
			return -1;
		}
		items = json_object_get(page, "items");
		if (!json_is_array(items)) {
			free(url);
			json_decref(page);
			json_decref(acc);
			return gerr_set(err, GERR_PROTO, 0, "cannot read the "
			    "list sent by %s: no items (do guild and guildd "
			    "versions match?)", ctx->client.server);
		}
		if (!all) {
			free(url);
			*out = page;
			return 0;
		}
		if (acc == NULL)
			acc = json_pack("{s:[], s:n, s:b}", "items",
			    "next_cursor", "has_more", 0);
		if (acc == NULL) {
			fprintf(stderr, "guild: out of memory\n");
			exit(1);
		}
		json_array_extend(json_object_get(acc, "items"), items);
		more = json_is_true(json_object_get(page, "has_more"));
		next = json_object_get(page, "next_cursor");
		free(url);
		url = NULL;
		if (more && json_is_string(next) &&
		    ++pages < DISCUSS_MAX_PAGES) {
			cur = discuss_escape(json_string_value(next));
			url = xasprintf("%s%ccursor=%s", path,
			    strchr(path, '?') != NULL ? '&' : '?', cur);
			free(cur);
		}
		json_decref(page);
		page = NULL;
		if (url == NULL) {
			*out = acc;
			return 0;
		}
	}
}

char *
discuss_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf	b = BUF_INIT;
	unsigned char	ch;

	buf_adds(&b, "");
	for (; *s != '\0'; s++) {
		ch = (unsigned char)*s;
		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' ||
		    ch == '_' || ch == '~') {
			buf_addc(&b, (char)ch);
		} else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[ch >> 4]);
			buf_addc(&b, hex[ch & 15]);
		}
	}
	if (b.failed) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	return buf_detach(&b);
}

/*
 * guild thread: one discussion thread with all its replies rendered as
 * Markdown, or (guild thread new) starting a thread.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "discuss.h"
#include "guild/buf.h"
#include "guild/text.h"
#include "guild/util.h"

static int	cmd_thread_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_thread_entry = {
	.name = "thread",
	.usage = "ID [--json] | new [--category C] [--title T] "
	    "[-m TEXT | --file F] [--edit]",
	.summary = "read a thread with its replies, or start one",
	.help =
	    "guild thread ID shows thread ID and all its replies, oldest "
	    "first; a reply to\nanother is indented under \"> @user wrote\".\n"
	    "  --json          print the thread's JSON with a \"replies\" "
	    "member holding\n"
	    "                  every reply (the server's objects)\n\n"
	    "guild thread new starts a thread:\n"
	    "  --category C    its category, a slug or an id (default: "
	    "general; see\n"
	    "                  guild categories)\n"
	    "  --title T       its title (else written in the editor)\n"
	    "  -m TEXT         the Markdown body\n"
	    "  --file F        the body from file F (- for stdin)\n"
	    "  -e, --edit      open the editor even with -m or --file\n"
	    "Without -m or --file the body is read from stdin when it is not "
	    "a terminal,\nelse written in $VISUAL or $EDITOR. The post is "
	    "kept as a draft until the\nserver has it (see guild drafts).\n",
	.exec = cmd_thread_exec,
};

/* Prose is wrapped to the terminal, but not wider than this. */
#define THREAD_MAX_WIDTH	100

/* The line of facts under the title. */
static void
thread_print_facts(const struct thread *t, int width, int ascii)
{
	const char	*sep = ascii ? " - " : " \xc2\xb7 ";
	struct buf	 b = BUF_INIT;
	char		*author, age[32];

	author = discuss_author(&t->author);
	buf_printf(&b, "by %s%s%s%s%lld repl%s%s%lld like%s",
	    author, sep, discuss_ago_str(t->created_at, age, sizeof age), sep,
	    (long long)t->reply_count, t->reply_count == 1 ? "y" : "ies",
	    sep, (long long)t->like_count, t->like_count == 1 ? "" : "s");
	if (t->liked)
		buf_printf(&b, " (you like it)");
	if (t->pinned)
		buf_printf(&b, "%spinned", sep);
	if (t->locked)
		buf_printf(&b, "%slocked", sep);
	if (t->edited_at != NULL)
		buf_printf(&b, "%sedited", sep);
	cli_print_wrapped(buf_str(&b), width, "");
	buf_release(&b);
	free(author);
}

/* The reply called id among p's, or NULL. */
static const struct reply *
thread_find_reply(const struct reply_page *p, int64_t id)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->items[i].id == id)
			return &p->items[i];
	return NULL;
}

/* One reply: the quote of its parent, its header line and its body. */
static void
thread_print_reply(const struct reply_page *p, const struct reply *r,
    int width, int ascii, int sgr)
{
	const char		*sep = ascii ? " - " : " \xc2\xb7 ";
	const char		*indent = r->reply_to != 0 ? "    " : "";
	const char		*body_indent = r->reply_to != 0 ? "      " :
				    "  ";
	const struct reply	*parent;
	struct buf		 b = BUF_INIT;
	char			*who, *line, age[32];

	putchar('\n');
	if (r->reply_to != 0) {
		parent = thread_find_reply(p, r->reply_to);
		if (parent == NULL) {
			printf("%s> in reply to #%lld\n", indent,
			    (long long)r->reply_to);
		} else if (parent->deleted) {
			printf("%s> in reply to #%lld (deleted)\n", indent,
			    (long long)r->reply_to);
		} else {
			who = discuss_username(&parent->author);
			line = discuss_first_line(parent->body,
			    width - 2 - (int)strlen(indent), ascii);
			printf("%s> @%s wrote:\n%s> %s\n", indent, who, indent,
			    line);
			free(who);
			free(line);
		}
	}
	if (r->deleted) {
		printf("%s#%lld (deleted)%s%s\n", indent, (long long)r->id,
		    sep, discuss_ago_str(r->created_at, age, sizeof age));
		return;
	}
	who = discuss_author(&r->author);
	buf_printf(&b, "%s#%lld %s%s%s", indent, (long long)r->id, who,
	    sep, discuss_ago_str(r->created_at, age, sizeof age));
	if (r->like_count > 0)
		buf_printf(&b, "%s%lld like%s", sep, (long long)r->like_count,
		    r->like_count == 1 ? "" : "s");
	if (r->edited_at != NULL)
		buf_printf(&b, "%sedited", sep);
	free(who);
	line = text_fit(buf_str(&b), width, 0, ascii);
	if (line == NULL) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	puts(line);
	free(line);
	buf_release(&b);
	discuss_markdown(r->body != NULL ? r->body : "", width, body_indent,
	    ascii, sgr);
}

/* The whole thread for people. */
static void
thread_print(const struct thread *t, const struct reply_page *p, int ascii)
{
	struct buf	 b = BUF_INIT;
	int		 width = cli_width(), sgr = discuss_sgr(), n;
	char		*title;
	size_t		 i;

	if (width > THREAD_MAX_WIDTH)
		width = THREAD_MAX_WIDTH;
	title = cli_clean(t->title, 0);
	if (sgr)
		fputs("\x1b[1m", stdout);
	cli_print_wrapped(title, width, "");
	if (sgr)
		fputs("\x1b[0m", stdout);
	free(title);
	thread_print_facts(t, width, ascii);
	putchar('\n');
	discuss_markdown(t->body != NULL ? t->body : "", width, "", ascii, sgr);
	putchar('\n');
	buf_printf(&b, "%zu repl%s", p->n, p->n == 1 ? "y" : "ies");
	printf("%s\n", buf_str(&b));
	n = (int)b.len;
	buf_reset(&b);
	for (i = 0; i < (size_t)n; i++)
		buf_adds(&b, ascii ? "-" : "\xe2\x94\x80");
	printf("%s\n", buf_str(&b));
	buf_release(&b);
	for (i = 0; i < p->n; i++)
		thread_print_reply(p, &p->items[i], width, ascii, sgr);
}

/* guild thread ID [--json] */
static int
thread_show(struct cli_ctx *ctx, const char *arg, int json)
{
	struct thread		 t;
	struct reply_page	 p;
	struct gerr		 err;
	json_t			*tj = NULL, *rj = NULL;
	char			*path;
	int64_t			 id;
	int			 rc;

	if (discuss_parse_id(arg, 't', &id) != 0)
		return cli_usage_error(&cmd_thread_entry, "bad thread id '%s' "
		    "(a number, as guild threads lists them)", arg);
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	cli_token_optional(ctx);
	gerr_clear(&err);
	path = xasprintf("/api/v1/threads/%lld", (long long)id);
	rc = discuss_get(ctx, path, &tj, &err);
	free(path);
	if (rc == 0) {
		path = xasprintf("/api/v1/threads/%lld/replies?limit=100",
		    (long long)id);
		rc = discuss_get_pages(ctx, path, 1, &rj, &err);
		free(path);
	}
	if (rc != 0) {
		json_decref(tj);
		if (err.kind == GERR_HTTP && err.status == 404)
			return cli_error("%s (guild threads lists them)",
			    err.msg);
		return cli_fail(&err);
	}
	if (json) {
		json_object_set(tj, "replies", json_object_get(rj, "items"));
		rc = cli_print_json(tj);
		json_decref(tj);
		json_decref(rj);
		return rc;
	}
	memset(&t, 0, sizeof t);
	memset(&p, 0, sizeof p);
	if (thread_from_json(tj, &t, &err) != 0 ||
	    reply_page_from_json(rj, &p, &err) != 0)
		rc = cli_error("cannot read thread %lld sent by %s: %s",
		    (long long)id, ctx->client.server, err.msg);
	else
		thread_print(&t, &p, cli_ascii(ctx));
	thread_release(&t);
	reply_page_release(&p);
	json_decref(tj);
	json_decref(rj);
	return rc;
}

/*
 * The id of category key (an id or a slug; NULL for "general") into
 * *id. A number is taken as it is. 0, or the exit code after printing.
 */
static int
thread_category(struct cli_ctx *ctx, const char *key, int64_t *id)
{
	struct category_page	 p;
	struct gerr		 err;
	json_t			*page = NULL;
	size_t			 i;
	int			 rc = 0;

	if (key != NULL && discuss_parse_id(key, 0, id) == 0)
		return 0;
	gerr_clear(&err);
	if (discuss_get_pages(ctx, "/api/v1/categories", 0, &page, &err) != 0)
		return cli_fail(&err);
	memset(&p, 0, sizeof p);
	if (category_page_from_json(page, &p, &err) != 0)
		rc = cli_error("cannot read the categories sent by %s: %s",
		    ctx->client.server, err.msg);
	*id = 0;
	for (i = 0; rc == 0 && i < p.n; i++)
		if (p.items[i].slug != NULL && strcmp(p.items[i].slug,
		    key != NULL ? key : "general") == 0)
			*id = p.items[i].id;
	if (rc == 0 && *id == 0) {
		if (key != NULL)
			rc = cli_error("no category '%s' (guild categories "
			    "lists them)", key);
		else
			rc = cli_error("this server has no 'general' "
			    "category: give --category (guild categories "
			    "lists them)");
	}
	category_page_release(&p);
	json_decref(page);
	return rc;
}

/* guild thread new ... (argv[1] on are its options). */
static int
thread_new(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "category", required_argument, NULL, 'c' },
		{ "title", required_argument, NULL, 't' },
		{ "file", required_argument, NULL, 'f' },
		{ "edit", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct compose	 c;
	struct draft	 d;
	const char	*category = NULL, *title = NULL;
	int		 ch, rc;

	memset(&c, 0, sizeof c);
	optind = 0;
	for (;;) {
		ch = getopt_long(argc, argv, "hm:e", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'c':
			category = optarg;
			break;
		case 't':
			title = optarg;
			break;
		case 'm':
			c.message = optarg;
			break;
		case 'f':
			c.file = optarg;
			break;
		case 'e':
			c.edit = 1;
			break;
		case 'h':
			return cli_help(&cmd_thread_entry);
		default:
			return cli_usage(&cmd_thread_entry);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_thread_entry, "unexpected "
		    "argument '%s'", argv[optind]);
	if (title != NULL && (*title == '\0' || strpbrk(title, "\r\n")))
		return cli_usage_error(&cmd_thread_entry, "the --title must "
		    "be one line, not empty");
	if (title == NULL && !discuss_uses_editor(&c))
		return cli_usage_error(&cmd_thread_entry, "a new thread needs "
		    "--title (or write it in the editor: --edit)");
	rc = cli_setup(ctx);
	if (rc == 0)
		rc = discuss_need_token(ctx);
	if (rc != 0)
		return rc;
	memset(&d, 0, sizeof d);
	d.kind = DRAFT_THREAD;
	rc = thread_category(ctx, category, &d.target);
	if (rc == 0) {
		d.title = title != NULL ? xstrdup(title) : NULL;
		rc = discuss_compose(&d, &c, NULL);
	}
	if (rc == 0)
		rc = discuss_send(ctx, &d, NULL);
	draft_release(&d);
	return rc;
}

static int
cmd_thread_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int ch, json = 0;

	/* "guild thread new ...": getopt's messages still name the command. */
	if (argc >= 2 && strcmp(argv[1], "new") == 0) {
		argv[1] = argv[0];
		return thread_new(ctx, argc - 1, argv + 1);
	}
	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(&cmd_thread_entry);
		default:
			return cli_usage(&cmd_thread_entry);
		}
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_thread_entry, "missing the thread "
		    "ID (or new)");
	if (optind + 1 < argc)
		return cli_usage_error(&cmd_thread_entry, "unexpected "
		    "argument '%s'", argv[optind + 1]);
	if (strcmp(argv[optind], "new") == 0)
		return cli_usage_error(&cmd_thread_entry, "put 'new' first: "
		    "guild thread new [OPTIONS]");
	return thread_show(ctx, argv[optind], json);
}

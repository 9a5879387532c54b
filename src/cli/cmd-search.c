/* guild search: full-text search of threads, questions and courses. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "discuss.h"
#include "guild/buf.h"
#include "guild/text.h"
#include "guild/util.h"

static int	cmd_search_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_search_entry = {
	.name = "search",
	.usage = "TEXT... [--type thread,question,course] [--limit N] [--json]",
	.summary = "search threads, questions and courses",
	.help =
	    "Arguments:\n"
	    "  TEXT      the words to find (all must match; a word matches "
	    "as a prefix,\n"
	    "            Chinese, Japanese and Korean text by any two "
	    "characters)\n"
	    "Options:\n"
	    "  --type T  only these kinds: thread, question, course, or a "
	    "comma-separated list\n"
	    "  --limit N at most N results (1-50; default 20)\n"
	    "  --json    print the server's JSON\n"
	    "Each result names the command that opens it.\n",
	.exec = cmd_search_exec,
};

/* Prints the hits of page. 0, or 1 on a bad answer. */
static int
search_print(struct cli_ctx *ctx, const json_t *page, const char *q)
{
	struct search_page	 p;
	struct gerr		 err;
	struct buf		 b = BUF_INIT;
	char			*type, *title, *snip, *line, *clean;
	int			 width = cli_width(), ascii = cli_ascii(ctx);
	size_t			 i;

	if (width > 100)
		width = 100;
	gerr_clear(&err);
	if (search_page_from_json(page, &p, &err) != 0) {
		search_page_release(&p);
		return cli_error("cannot read the results sent by %s: %s",
		    ctx->client.server, err.msg);
	}
	if (p.n == 0) {
		clean = cli_clean(q, 0);
		printf("Nothing found for '%s'.\n", clean);
		free(clean);
	}
	for (i = 0; i < p.n; i++) {
		const struct search_hit *h = &p.items[i];

		type = cli_clean(h->type, 0);
		title = cli_clean(h->title, 0);
		buf_reset(&b);
		buf_printf(&b, "%s %lld  %s", type, (long long)h->id, title);
		line = text_fit(buf_str(&b), width, 0, ascii);
		if (line == NULL) {
			fprintf(stderr, "guild: out of memory\n");
			exit(1);
		}
		if (i > 0)
			putchar('\n');
		puts(line);
		if (h->snippet != NULL && *h->snippet != '\0') {
			snip = cli_clean(h->snippet, 0);
			cli_print_wrapped(snip, width, "    ");
			free(snip);
		}
		free(line);
		free(type);
		free(title);
	}
	if (p.has_more)
		printf("\nmore results: add words to narrow the search, or "
		    "--limit 50\n");
	else if (p.n > 0)
		printf("\nopen one with guild thread ID, guild question ID or "
		    "guild course ID\n");
	buf_release(&b);
	search_page_release(&p);
	return 0;
}

static int
cmd_search_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "limit", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf	 q = BUF_INIT, path = BUF_INIT;
	struct gerr	 err;
	json_t		*page = NULL;
	const char	*type = NULL;
	char		*esc;
	int64_t		 limit = 0;
	int		 ch, json = 0, rc, i;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 't':
			type = optarg;
			break;
		case 'n':
			if (parse_int64(optarg, 1, 50, &limit) != 0)
				return cli_usage_error(&cmd_search_entry,
				    "bad --limit '%s' (use 1 to 50)", optarg);
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(&cmd_search_entry);
		default:
			return cli_usage(&cmd_search_entry);
		}
	}
	for (i = optind; i < argc; i++)
		buf_printf(&q, "%s%s", i > optind ? " " : "", argv[i]);
	if (q.len == 0) {
		buf_release(&q);
		return cli_usage_error(&cmd_search_entry, "missing the words "
		    "to search for");
	}
	rc = cli_setup(ctx);
	if (rc != 0) {
		buf_release(&q);
		return rc;
	}
	cli_token_optional(ctx);
	esc = discuss_escape(buf_str(&q));
	buf_printf(&path, "/api/v1/search?q=%s", esc);
	free(esc);
	if (type != NULL) {
		esc = discuss_escape(type);
		buf_printf(&path, "&type=%s", esc);
		free(esc);
	}
	if (limit > 0)
		buf_printf(&path, "&limit=%lld", (long long)limit);
	gerr_clear(&err);
	rc = discuss_get_pages(ctx, buf_str(&path), 0, &page, &err);
	buf_release(&path);
	if (rc != 0)
		rc = cli_fail(&err);
	else if (json)
		rc = cli_print_json(page);
	else
		rc = search_print(ctx, page, buf_str(&q));
	json_decref(page);
	buf_release(&q);
	return rc;
}

/* guild questions: Q&A questions, as a table or as JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "discuss.h"
#include "guild/buf.h"
#include "guild/util.h"

static int	cmd_questions_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_questions_entry = {
	.name = "questions",
	.usage = "[--tag T] [--sort newest|votes|unanswered] [--limit N] "
	    "[--all] [--json]",
	.summary = "list Q&A questions",
	.help =
	    "Options:\n"
	    "  --tag T        only questions tagged T\n"
	    "  --sort S       newest (the default), votes (highest score "
	    "first) or\n"
	    "                 unanswered (no answers yet)\n"
	    "  --limit N      at most N questions per page (1-100; default: "
	    "the server's, 20)\n"
	    "  --all          follow the pages to the end\n"
	    "  --json         print the server's JSON (with --all, one object "
	    "holding every item)\n"
	    "ANSWERS is marked with a check (+ in ASCII) when one is "
	    "accepted.\n",
	.exec = cmd_questions_exec,
};

static const struct discuss_col questions_cols[] = {
	{ "ID", 1, 0, 0, 0 },
	{ "SCORE", 1, 0, 0, 0 },
	{ "ANSWERS", 1, 0, 0, 0 },
	{ "TITLE", 0, 0, 1, 16 },
	{ "TAGS", 0, 24, 2, 6 },
	{ "AUTHOR", 0, 16, 3, 6 },
	{ "ASKED", 0, 0, 0, 0 },
};

/* "c, memory" from a question's tags, sanitized; caller frees. */
static char *
questions_tags(const struct question *q)
{
	struct buf	 b = BUF_INIT;
	char		*tag;
	size_t		 i;

	buf_adds(&b, "");
	for (i = 0; i < q->ntags; i++) {
		tag = cli_clean(q->tags[i], 0);
		buf_printf(&b, "%s%s", i ? "," : "", tag);
		free(tag);
	}
	if (b.failed) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	return buf_detach(&b);
}

/* Prints the questions of page as a table. 0, or 1 on a bad answer. */
static int
questions_print(struct cli_ctx *ctx, const json_t *page)
{
	struct question_page	 p;
	struct discuss_table	 t;
	struct gerr		 err;
	char			*row[7], age[32];
	int			 ascii = cli_ascii(ctx);
	size_t			 i;

	gerr_clear(&err);
	if (question_page_from_json(page, &p, &err) != 0) {
		question_page_release(&p);
		return cli_error("cannot read the questions sent by %s: %s",
		    ctx->client.server, err.msg);
	}
	memset(&t, 0, sizeof t);
	t.cols = questions_cols;
	t.ncols = (int)G_NELEM(questions_cols);
	for (i = 0; i < p.n; i++) {
		const struct question *q = &p.items[i];

		row[0] = xasprintf("%lld", (long long)q->id);
		row[1] = xasprintf("%lld", (long long)q->score);
		row[2] = xasprintf("%s%lld", q->accepted_answer_id == 0 ? "" :
		    ascii ? "+ " : "\xe2\x9c\x93 ", (long long)q->answer_count);
		row[3] = cli_clean(q->title, 0);
		row[4] = questions_tags(q);
		row[5] = discuss_username(&q->author);
		row[6] = xstrdup(discuss_age(q->created_at, age, sizeof age));
		discuss_table_add(&t, row);
	}
	if (p.n == 0)
		printf("No questions.\n");
	else
		discuss_table_print(&t, cli_width(), ascii);
	discuss_table_release(&t);
	question_page_release(&p);
	return 0;
}

static int
cmd_questions_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "tag", required_argument, NULL, 't' },
		{ "sort", required_argument, NULL, 's' },
		{ "limit", required_argument, NULL, 'n' },
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf	 path = BUF_INIT;
	struct gerr	 err;
	json_t		*page = NULL;
	const char	*tag = NULL, *sort = NULL;
	char		*esc;
	int64_t		 limit = 0;
	int		 ch, all = 0, json = 0, rc;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 't':
			tag = optarg;
			break;
		case 's':
			if (strcmp(optarg, "newest") != 0 &&
			    strcmp(optarg, "votes") != 0 &&
			    strcmp(optarg, "unanswered") != 0)
				return cli_usage_error(&cmd_questions_entry,
				    "bad --sort '%s' (use newest, votes or "
				    "unanswered)", optarg);
			sort = optarg;
			break;
		case 'n':
			if (parse_int64(optarg, 1, 100, &limit) != 0)
				return cli_usage_error(&cmd_questions_entry,
				    "bad --limit '%s' (use 1 to 100)", optarg);
			break;
		case 'a':
			all = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(&cmd_questions_entry);
		default:
			return cli_usage(&cmd_questions_entry);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_questions_entry, "unexpected "
		    "argument '%s'", argv[optind]);
	if (tag != NULL && *tag == '\0')
		return cli_usage_error(&cmd_questions_entry, "empty --tag");
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	cli_token_optional(ctx);
	if (all && limit == 0)
		limit = 100;
	buf_adds(&path, "/api/v1/questions");
	if (tag != NULL) {
		esc = discuss_escape(tag);
		buf_printf(&path, "?tag=%s", esc);
		free(esc);
	}
	if (sort != NULL)
		buf_printf(&path, "%csort=%s", tag ? '&' : '?', sort);
	if (limit > 0)
		buf_printf(&path, "%climit=%lld", tag || sort ? '&' : '?',
		    (long long)limit);
	gerr_clear(&err);
	rc = discuss_get_pages(ctx, buf_str(&path), all, &page, &err);
	buf_release(&path);
	if (rc != 0)
		return cli_fail(&err);
	if (json)
		rc = cli_print_json(page);
	else {
		rc = questions_print(ctx, page);
		if (rc == 0 && !all &&
		    json_is_true(json_object_get(page, "has_more")))
			printf("more: add --all\n");
	}
	json_decref(page);
	return rc;
}

/* guild question: one question with its answers, accepted first. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "discuss.h"
#include "guild/buf.h"
#include "guild/text.h"
#include "guild/util.h"

static int	cmd_question_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_question_entry = {
	.name = "question",
	.usage = "ID [--json]",
	.summary = "read a question with its answers",
	.help =
	    "Arguments:\n"
	    "  ID        the question's number (12 or q12), as guild "
	    "questions lists them\n"
	    "Options:\n"
	    "  --json    print the server's JSON\n"
	    "Answers come accepted first (marked), then by score. Vote with "
	    "guild vote,\nanswer with guild answer, accept with guild "
	    "accept.\n",
	.exec = cmd_question_exec,
};

/* Prose is wrapped to the terminal, but not wider than this. */
#define QUESTION_MAX_WIDTH	100

/* "up", "down" or NULL for a vote. */
static const char *
question_vote_word(int v)
{
	return v > 0 ? "up" : v < 0 ? "down" : NULL;
}

/* The title, tags and facts. */
static void
question_print_head(const struct question *q, int width, int ascii, int sgr)
{
	const char	*sep = ascii ? " - " : " \xc2\xb7 ";
	struct buf	 b = BUF_INIT;
	char		*s, age[32];
	size_t		 i;

	s = cli_clean(q->title, 0);
	if (sgr)
		fputs("\x1b[1m", stdout);
	cli_print_wrapped(s, width, "");
	if (sgr)
		fputs("\x1b[0m", stdout);
	free(s);
	if (q->ntags > 0) {
		buf_adds(&b, "tags: ");
		for (i = 0; i < q->ntags; i++) {
			s = cli_clean(q->tags[i], 0);
			buf_printf(&b, "%s%s", i ? ", " : "", s);
			free(s);
		}
		cli_print_wrapped(buf_str(&b), width, "");
		buf_reset(&b);
	}
	s = discuss_author(&q->author);
	buf_printf(&b, "score %lld%s%lld answer%s%s%lld view%s%sasked by "
	    "%s%s%s", (long long)q->score, sep, (long long)q->answer_count,
	    q->answer_count == 1 ? "" : "s", sep, (long long)q->views,
	    q->views == 1 ? "" : "s", sep, s, sep,
	    discuss_ago_str(q->created_at, age, sizeof age));
	free(s);
	if (question_vote_word(q->my_vote) != NULL)
		buf_printf(&b, "%syour vote: %s", sep,
		    question_vote_word(q->my_vote));
	if (q->edited_at != NULL)
		buf_printf(&b, "%sedited", sep);
	cli_print_wrapped(buf_str(&b), width, "");
	buf_release(&b);
}

/* One answer: its header line and its body. */
static void
question_print_answer(const struct answer *a, int width, int ascii, int sgr)
{
	const char	*sep = ascii ? " - " : " \xc2\xb7 ";
	struct buf	 b = BUF_INIT;
	char		*who, *line, age[32];

	who = discuss_author(&a->author);
	buf_printf(&b, "Answer %lld", (long long)a->id);
	if (a->accepted)
		buf_printf(&b, "%s%s", sep, ascii ? "[accepted]" :
		    "\xe2\x9c\x93 accepted");
	buf_printf(&b, "%sscore %lld%s%s%s%s", sep, (long long)a->score,
	    sep, who, sep, discuss_ago_str(a->created_at, age, sizeof age));
	if (question_vote_word(a->my_vote) != NULL)
		buf_printf(&b, "%syour vote: %s", sep,
		    question_vote_word(a->my_vote));
	if (a->edited_at != NULL)
		buf_printf(&b, "%sedited", sep);
	free(who);
	line = text_fit(buf_str(&b), width, 0, ascii);
	if (line == NULL) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	if (sgr && a->accepted)
		printf("\x1b[1m%s\x1b[0m\n", line);
	else
		puts(line);
	free(line);
	buf_release(&b);
	discuss_markdown(a->body != NULL ? a->body : "", width, "  ", ascii,
	    sgr);
}

/* The whole question for people. */
static void
question_print(const struct question *q, int ascii)
{
	struct buf	 b = BUF_INIT;
	size_t		 i, n;
	int		 width = cli_width(), sgr = discuss_sgr();

	if (width > QUESTION_MAX_WIDTH)
		width = QUESTION_MAX_WIDTH;
	question_print_head(q, width, ascii, sgr);
	putchar('\n');
	discuss_markdown(q->body != NULL ? q->body : "", width, "", ascii, sgr);
	putchar('\n');
	buf_printf(&b, "%zu answer%s", q->nanswers, q->nanswers == 1 ? "" :
	    "s");
	printf("%s\n", buf_str(&b));
	n = b.len;
	buf_reset(&b);
	for (i = 0; i < n; i++)
		buf_adds(&b, ascii ? "-" : "\xe2\x94\x80");
	printf("%s\n", buf_str(&b));
	buf_release(&b);
	for (i = 0; i < q->nanswers; i++) {
		putchar('\n');
		question_print_answer(&q->answers[i], width, ascii, sgr);
	}
}

static int
cmd_question_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct question	 q;
	struct gerr	 err;
	json_t		*raw = NULL;
	char		*path;
	int64_t		 id;
	int		 ch, json = 0, rc;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(&cmd_question_entry);
		default:
			return cli_usage(&cmd_question_entry);
		}
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_question_entry, "missing the "
		    "question ID");
	if (optind + 1 < argc)
		return cli_usage_error(&cmd_question_entry, "unexpected "
		    "argument '%s'", argv[optind + 1]);
	if (discuss_parse_id(argv[optind], 'q', &id) != 0)
		return cli_usage_error(&cmd_question_entry, "bad question id "
		    "'%s' (a number, as guild questions lists them)",
		    argv[optind]);
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	cli_token_optional(ctx);
	gerr_clear(&err);
	path = xasprintf("/api/v1/questions/%lld", (long long)id);
	rc = discuss_get(ctx, path, &raw, &err);
	free(path);
	if (rc != 0) {
		if (err.kind == GERR_HTTP && err.status == 404)
			return cli_error("%s (guild questions lists them)",
			    err.msg);
		return cli_fail(&err);
	}
	if (json) {
		rc = cli_print_json(raw);
		json_decref(raw);
		return rc;
	}
	memset(&q, 0, sizeof q);
	if (question_from_json(raw, &q, &err) != 0)
		rc = cli_error("cannot read question %lld sent by %s: %s",
		    (long long)id, ctx->client.server, err.msg);
	else
		question_print(&q, cli_ascii(ctx));
	question_release(&q);
	json_decref(raw);
	return rc;
}

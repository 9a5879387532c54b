/* guild answer: an answer to a Q&A question, sent through a draft. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "discuss.h"
#include "guild/util.h"

static int	cmd_answer_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_answer_entry = {
	.name = "answer",
	.usage = "QID [-m TEXT | --file F] [--edit]",
	.summary = "answer a question",
	.help =
	    "Arguments:\n"
	    "  QID             the question (12 or q12)\n"
	    "Options:\n"
	    "  -m TEXT         the Markdown text\n"
	    "  --file F        the text from file F (- for stdin)\n"
	    "  -e, --edit      open the editor even with -m or --file\n"
	    "Without -m or --file the text is read from stdin when it is not "
	    "a terminal,\nelse written in $VISUAL or $EDITOR. The answer is "
	    "kept as a draft until the\nserver has it (see guild drafts).\n",
	.exec = cmd_answer_exec,
};

/*
 * Checks that question id exists before anything is written; a server
 * that cannot be reached is no reason to stop (the draft keeps the
 * text). 0, or the exit code after printing.
 */
static int
answer_check_question(struct cli_ctx *ctx, int64_t id)
{
	struct gerr	 err;
	json_t		*q = NULL;
	char		*path;
	int		 rc;

	gerr_clear(&err);
	path = xasprintf("/api/v1/questions/%lld", (long long)id);
	rc = discuss_get(ctx, path, &q, &err);
	free(path);
	json_decref(q);
	if (rc != 0 && err.kind == GERR_HTTP && err.status == 404)
		return cli_error("%s (guild questions lists them)", err.msg);
	return 0;
}

static int
cmd_answer_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "edit", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct compose	 c;
	struct draft	 d;
	int64_t		 qid;
	int		 ch, rc;

	memset(&c, 0, sizeof c);
	for (;;) {
		ch = getopt_long(argc, argv, "hm:e", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
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
			return cli_help(&cmd_answer_entry);
		default:
			return cli_usage(&cmd_answer_entry);
		}
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_answer_entry, "missing the "
		    "question ID");
	if (optind + 1 < argc)
		return cli_usage_error(&cmd_answer_entry, "unexpected "
		    "argument '%s' (quote the text: -m \"...\")",
		    argv[optind + 1]);
	if (discuss_parse_id(argv[optind], 'q', &qid) != 0)
		return cli_usage_error(&cmd_answer_entry, "bad question id "
		    "'%s'", argv[optind]);
	rc = cli_setup(ctx);
	if (rc == 0)
		rc = discuss_need_token(ctx);
	if (rc == 0)
		rc = answer_check_question(ctx, qid);
	if (rc != 0)
		return rc;
	memset(&d, 0, sizeof d);
	d.kind = DRAFT_ANSWER;
	d.target = qid;
	rc = discuss_compose(&d, &c, NULL);
	if (rc == 0)
		rc = discuss_send(ctx, &d, NULL);
	draft_release(&d);
	return rc;
}

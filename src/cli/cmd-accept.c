/* guild accept: accept an answer to your question, or take it back. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "discuss.h"
#include "guild/util.h"

static int	cmd_accept_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_accept_entry = {
	.name = "accept",
	.usage = "AID [--undo]",
	.summary = "accept an answer to your question",
	.help =
	    "Arguments:\n"
	    "  AID       the answer (34 or a34), as guild question shows it\n"
	    "Options:\n"
	    "  --undo    take the acceptance back: the question has no "
	    "accepted answer\n"
	    "Only the member who asked may accept; accepting another answer "
	    "moves the mark.\n",
	.exec = cmd_accept_exec,
};

static int
cmd_accept_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "undo", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct answer	 a;
	struct gerr	 err;
	json_t		*res = NULL, *body = NULL;
	char		*path;
	int64_t		 aid, qid;
	int		 ch, rc, undo = 0;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'u':
			undo = 1;
			break;
		case 'h':
			return cli_help(&cmd_accept_entry);
		default:
			return cli_usage(&cmd_accept_entry);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(&cmd_accept_entry, "give one answer id");
	if (discuss_parse_id(argv[optind], 'a', &aid) != 0)
		return cli_usage_error(&cmd_accept_entry, "bad answer id '%s'",
		    argv[optind]);
	rc = cli_setup(ctx);
	if (rc == 0)
		rc = discuss_need_token(ctx);
	if (rc != 0)
		return rc;

	/* The answer names its question. */
	gerr_clear(&err);
	path = xasprintf("/api/v1/answers/%lld", (long long)aid);
	rc = api_call(&ctx->client, "GET", path, NULL, &res, &err);
	free(path);
	if (rc != 0) {
		if (err.kind == GERR_HTTP && err.status == 404)
			return cli_error("%s (guild question QID shows the "
			    "answers)", err.msg);
		return cli_fail(&err);
	}
	memset(&a, 0, sizeof a);
	rc = answer_from_json(res, &a, &err);
	json_decref(res);
	res = NULL;
	if (rc != 0) {
		answer_release(&a);
		return cli_error("cannot read answer %lld sent by %s: %s",
		    (long long)aid, ctx->client.server, err.msg);
	}
	qid = a.question_id;
	if (undo && !a.accepted) {
		answer_release(&a);
		return cli_error("answer %lld is not the accepted answer of "
		    "question %lld: nothing to undo", (long long)aid,
		    (long long)qid);
	}
	answer_release(&a);

	path = xasprintf("/api/v1/questions/%lld/accepted-answer",
	    (long long)qid);
	if (!undo)
		body = json_pack("{s:I}", "answer_id", (json_int_t)aid);
	rc = api_call(&ctx->client, undo ? "DELETE" : "PUT", path, body, &res,
	    &err);
	free(path);
	json_decref(body);
	json_decref(res);
	if (rc != 0)
		return cli_fail(&err);
	if (undo)
		printf("Answer %lld is no longer accepted on question %lld.\n",
		    (long long)aid, (long long)qid);
	else
		printf("Accepted answer %lld on question %lld.\n",
		    (long long)aid, (long long)qid);
	return 0;
}

/* guild vote: vote a question or an answer up or down, or take it back. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "discuss.h"
#include "guild/util.h"

static int	cmd_vote_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_vote_entry = {
	.name = "vote",
	.usage = "qID|aID up|down|none",
	.summary = "vote on a question or an answer",
	.help =
	    "Arguments:\n"
	    "  qID | aID     q12 names question 12, a34 answer 34 (as guild "
	    "question shows\n"
	    "                them); a bare number is a question unless "
	    "--answer is given\n"
	    "  up|down|none  +1, -1, or take your vote back\n"
	    "Options:\n"
	    "  --answer      the bare number names an answer\n"
	    "  --question    the bare number names a question (the "
	    "default)\n"
	    "One vote per member and item: voting the same way again changes "
	    "nothing.\nYou cannot vote on your own posts.\n",
	.exec = cmd_vote_exec,
};

static int
cmd_vote_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "answer", no_argument, NULL, 'a' },
		{ "question", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct vote_state	 vs;
	struct gerr		 err;
	json_t			*body = NULL, *res = NULL;
	const char		*arg, *kind;
	char			*path;
	int64_t			 id;
	int			 ch, rc, answer = -1, value;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'a':
			answer = 1;
			break;
		case 'q':
			answer = 0;
			break;
		case 'h':
			return cli_help(&cmd_vote_entry);
		default:
			return cli_usage(&cmd_vote_entry);
		}
	}
	if (argc - optind != 2)
		return cli_usage_error(&cmd_vote_entry, "give the item and the "
		    "vote: guild vote q12 up");
	arg = argv[optind];
	if ((arg[0] == 'a' || arg[0] == 'A') && answer != 0)
		answer = 1;
	else if ((arg[0] == 'q' || arg[0] == 'Q') && answer != 1)
		answer = 0;
	else if (arg[0] < '0' || arg[0] > '9')
		return cli_usage_error(&cmd_vote_entry, "bad item '%s' (q12 "
		    "for a question, a34 for an answer)", arg);
	if (discuss_parse_id(arg, answer == 1 ? 'a' : 'q', &id) != 0)
		return cli_usage_error(&cmd_vote_entry, "bad item '%s' (q12 "
		    "for a question, a34 for an answer)", arg);
	if (strcmp(argv[optind + 1], "up") == 0)
		value = 1;
	else if (strcmp(argv[optind + 1], "down") == 0)
		value = -1;
	else if (strcmp(argv[optind + 1], "none") == 0)
		value = 0;
	else
		return cli_usage_error(&cmd_vote_entry, "bad vote '%s' (up, "
		    "down or none)", argv[optind + 1]);
	kind = answer == 1 ? "answer" : "question";
	rc = cli_setup(ctx);
	if (rc == 0)
		rc = discuss_need_token(ctx);
	if (rc != 0)
		return rc;
	path = xasprintf("/api/v1/%ss/%lld/vote", kind, (long long)id);
	if (value != 0)
		body = json_pack("{s:i}", "value", value);
	gerr_clear(&err);
	rc = api_call(&ctx->client, value != 0 ? "PUT" : "DELETE", path, body,
	    &res, &err);
	free(path);
	json_decref(body);
	if (rc != 0)
		return cli_fail(&err);
	memset(&vs, 0, sizeof vs);
	if (vote_state_from_json(res, &vs, &err) != 0)
		rc = cli_error("cannot read the answer of %s: %s",
		    ctx->client.server, err.msg);
	else if (vs.vote == 0)
		printf("No vote of yours on %s %lld; its score is %lld.\n",
		    kind, (long long)id, (long long)vs.score);
	else
		printf("You vote %s %s %lld; its score is %lld.\n",
		    vs.vote > 0 ? "up" : "down", kind, (long long)id,
		    (long long)vs.score);
	json_decref(res);
	return rc;
}

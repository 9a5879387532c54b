/* guild post: a reply in a discussion thread, sent through a draft. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "discuss.h"
#include "guild/util.h"

static int	cmd_post_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_post_entry = {
	.name = "post",
	.usage = "--thread ID [--reply-to RID] [-m TEXT | --file F] [--edit]",
	.summary = "reply in a discussion thread",
	.help =
	    "Options:\n"
	    "  --thread ID     the thread to reply in (guild threads lists "
	    "them)\n"
	    "  --reply-to RID  answer reply RID of that thread (shown as a "
	    "quote)\n"
	    "  -m TEXT         the Markdown text\n"
	    "  --file F        the text from file F (- for stdin)\n"
	    "  -e, --edit      open the editor even with -m or --file\n"
	    "Without -m or --file the text is read from stdin when it is not "
	    "a terminal\n(echo hi | guild post --thread 3), else written in "
	    "$VISUAL or $EDITOR, with\nthe parent reply quoted. The reply is "
	    "kept as a draft until the server has it\n(see guild drafts).\n",
	.exec = cmd_post_exec,
};

/*
 * Checks that thread id exists and is not locked before anything is
 * written. A server
 * that cannot be reached is no reason to stop: the draft will keep the
 * text. 0, or the exit code after printing.
 */
static int
post_check_thread(struct cli_ctx *ctx, int64_t id)
{
	struct gerr	 err;
	json_t		*t = NULL;
	char		*path;
	int		 rc, locked;

	gerr_clear(&err);
	path = xasprintf("/api/v1/threads/%lld", (long long)id);
	rc = discuss_get(ctx, path, &t, &err);
	free(path);
	locked = rc == 0 && json_is_true(json_object_get(t, "locked"));
	json_decref(t);
	if (rc != 0 && err.kind == GERR_HTTP && err.status == 404)
		return cli_error("%s (guild threads lists them)", err.msg);
	if (locked)
		return cli_error("thread %lld is locked: it takes no new "
		    "replies", (long long)id);
	return 0;
}

/*
 * The body of reply rid in thread id, sanitized for the editor's quote,
 * or NULL (caller frees). Looks through the thread's replies page by page.
 */
static char *
post_parent_body(struct cli_ctx *ctx, int64_t id, int64_t rid)
{
	struct gerr	 err;
	json_t		*page = NULL, *r;
	char		*path, *body = NULL;
	size_t		 i;

	gerr_clear(&err);
	path = xasprintf("/api/v1/threads/%lld/replies?limit=100",
	    (long long)id);
	if (discuss_get_pages(ctx, path, 1, &page, &err) == 0) {
		json_array_foreach(json_object_get(page, "items"), i, r) {
			if (json_integer_value(json_object_get(r, "id")) ==
			    rid && json_is_string(json_object_get(r, "body")))
				body = cli_clean(json_string_value(
				    json_object_get(r, "body")), 1);
		}
	}
	free(path);
	json_decref(page);
	return body;
}

static int
cmd_post_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "thread", required_argument, NULL, 't' },
		{ "reply-to", required_argument, NULL, 'r' },
		{ "file", required_argument, NULL, 'f' },
		{ "edit", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct compose	 c;
	struct draft	 d;
	char		*quoted = NULL;
	int64_t		 thread = 0, reply_to = 0;
	int		 ch, rc;

	memset(&c, 0, sizeof c);
	for (;;) {
		ch = getopt_long(argc, argv, "hm:e", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 't':
			if (discuss_parse_id(optarg, 't', &thread) != 0)
				return cli_usage_error(&cmd_post_entry, "bad "
				    "--thread '%s' (a thread id)", optarg);
			break;
		case 'r':
			if (discuss_parse_id(optarg, 'r', &reply_to) != 0)
				return cli_usage_error(&cmd_post_entry, "bad "
				    "--reply-to '%s' (a reply id)", optarg);
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
			return cli_help(&cmd_post_entry);
		default:
			return cli_usage(&cmd_post_entry);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_post_entry, "unexpected argument "
		    "'%s'", argv[optind]);
	if (thread == 0)
		return cli_usage_error(&cmd_post_entry, "missing --thread ID");
	rc = cli_setup(ctx);
	if (rc == 0)
		rc = discuss_need_token(ctx);
	if (rc == 0)
		rc = post_check_thread(ctx, thread);
	if (rc != 0)
		return rc;
	memset(&d, 0, sizeof d);
	d.kind = DRAFT_REPLY;
	d.target = thread;
	d.reply_to = reply_to;
	if (reply_to != 0 && discuss_uses_editor(&c))
		quoted = post_parent_body(ctx, thread, reply_to);
	rc = discuss_compose(&d, &c, quoted);
	free(quoted);
	if (rc == 0)
		rc = discuss_send(ctx, &d, NULL);
	draft_release(&d);
	return rc;
}

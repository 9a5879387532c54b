/* guild ask: a new Q&A question, sent through a draft. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "discuss.h"
#include "guild/util.h"

static int	cmd_ask_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_ask_entry = {
	.name = "ask",
	.usage = "[--title T] [--tags A,B] [-m TEXT | --file F] [--edit]",
	.summary = "ask a question",
	.help =
	    "Options:\n"
	    "  --title T       the question's title\n"
	    "  --tags A,B      1 to 5 tags, separated by commas\n"
	    "  -m TEXT         the Markdown body\n"
	    "  --file F        the body from file F (- for stdin)\n"
	    "  -e, --edit      open the editor even with -m or --file\n"
	    "Without -m or --file the body is read from stdin when it is not "
	    "a terminal,\nelse written in $VISUAL or $EDITOR (with the title "
	    "and tags on their own\nlines). The question is kept as a draft "
	    "until the server has it (see\nguild drafts).\n",
	.exec = cmd_ask_exec,
};

/* Splits "a,b c" into d's tags. */
static void
ask_tags(struct draft *d, const char *s)
{
	const char *p = s, *start;

	for (;;) {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && *p != ',' && *p != ' ' && *p != '\t')
			p++;
		d->tags = xrealloc(d->tags, (d->ntags + 1) * sizeof *d->tags);
		d->tags[d->ntags++] = xstrndup(start, (size_t)(p - start));
	}
}

static int
cmd_ask_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "title", required_argument, NULL, 't' },
		{ "tags", required_argument, NULL, 'g' },
		{ "file", required_argument, NULL, 'f' },
		{ "edit", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct compose	 c;
	struct draft	 d;
	const char	*title = NULL, *tags = NULL;
	int		 ch, rc;

	memset(&c, 0, sizeof c);
	for (;;) {
		ch = getopt_long(argc, argv, "hm:e", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 't':
			title = optarg;
			break;
		case 'g':
			tags = optarg;
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
			return cli_help(&cmd_ask_entry);
		default:
			return cli_usage(&cmd_ask_entry);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_ask_entry, "unexpected argument "
		    "'%s' (quote the title: --title \"...\")", argv[optind]);
	if (title != NULL && (*title == '\0' || strpbrk(title, "\r\n")))
		return cli_usage_error(&cmd_ask_entry, "the --title must be "
		    "one line, not empty");
	memset(&d, 0, sizeof d);
	d.kind = DRAFT_QUESTION;
	if (tags != NULL)
		ask_tags(&d, tags);
	if (!discuss_uses_editor(&c) && (title == NULL || d.ntags == 0)) {
		draft_release(&d);
		return cli_usage_error(&cmd_ask_entry, "a question needs "
		    "--title and --tags (or write them in the editor: "
		    "--edit)");
	}
	rc = cli_setup(ctx);
	if (rc == 0)
		rc = discuss_need_token(ctx);
	if (rc == 0) {
		d.title = title != NULL ? xstrdup(title) : NULL;
		rc = discuss_compose(&d, &c, NULL);
	}
	if (rc == 0)
		rc = discuss_send(ctx, &d, NULL);
	draft_release(&d);
	return rc;
}

/*
 * guild drafts: the posts kept under $XDG_STATE_HOME/guild/drafts
 * because they were not sent yet (or sending failed); show, send again
 * or remove one.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "discuss.h"
#include "guild/buf.h"
#include "guild/timeutil.h"
#include "guild/util.h"

static int	cmd_drafts_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_drafts_entry = {
	.name = "drafts",
	.usage = "[--json] | show ID | send ID | rm ID",
	.summary = "list, show, send or remove unsent drafts",
	.help =
	    "Every post (guild post, thread new, ask, answer) is saved as a "
	    "draft before it\nis sent and removed once the server has it; a "
	    "send that fails keeps it.\n"
	    "  guild drafts [--json]  list the drafts, oldest first\n"
	    "  guild drafts show ID   print one, with its file\n"
	    "  guild drafts send ID   send it again (never posted twice: its "
	    "id is the\n"
	    "                         request's Idempotency-Key)\n"
	    "  guild drafts rm ID     throw it away\n",
	.exec = cmd_drafts_exec,
};

static const struct discuss_col drafts_cols[] = {
	{ "ID", 0, 0, 0, 0 },
	{ "KIND", 0, 0, 0, 0 },
	{ "TARGET", 0, 0, 2, 8 },
	{ "TITLE OR FIRST LINE", 0, 0, 1, 12 },
	{ "AGE", 0, 0, 0, 0 },
};

/* "thread 3, reply to #12" and the like for d; caller frees. */
static char *
drafts_target(const struct draft *d)
{
	switch (d->kind) {
	case DRAFT_THREAD:
		return xasprintf("category %lld", (long long)d->target);
	case DRAFT_REPLY:
		if (d->reply_to != 0)
			return xasprintf("thread %lld, reply to #%lld",
			    (long long)d->target, (long long)d->reply_to);
		return xasprintf("thread %lld", (long long)d->target);
	case DRAFT_QUESTION:
		return xstrdup("-");
	case DRAFT_ANSWER:
		return xasprintf("question %lld", (long long)d->target);
	}
	return xstrdup("?");
}

/* One draft as JSON; the caller decrefs. */
static json_t *
drafts_json(const struct draft *d)
{
	json_t	*o, *tags;
	char	*path, when[32];
	size_t	 i;

	path = draft_path(d);
	tags = json_array();
	for (i = 0; tags != NULL && i < d->ntags; i++)
		json_array_append_new(tags, json_string(d->tags[i]));
	o = json_pack("{s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:s, s:s}",
	    "id", d->id, "kind", draft_kind_name(d->kind),
	    "target", (json_int_t)d->target,
	    "reply_to", d->reply_to != 0 ? json_integer(d->reply_to) :
	    json_null(),
	    "title", d->title != NULL ? json_string(d->title) : json_null(),
	    "tags", tags != NULL ? tags : json_array(),
	    "body", json_string(d->body != NULL ? d->body : ""),
	    "server", d->server != NULL ? json_string(d->server) : json_null(),
	    "created_at", time_rfc3339(d->created, when, sizeof when),
	    "path", path);
	free(path);
	return o;
}

/* guild drafts [--json] */
static int
drafts_list(struct cli_ctx *ctx, int json)
{
	struct discuss_table	 t;
	struct draft		*v;
	struct gerr		 err;
	json_t			*items, *o;
	char			*row[5], *path, age[32];
	size_t			 n, i;
	int			 rc = 0;

	gerr_clear(&err);
	if (draft_list(&v, &n, &err) != 0)
		return cli_fail(&err);
	if (json) {
		items = json_array();
		for (i = 0; items != NULL && i < n; i++) {
			o = drafts_json(&v[i]);
			if (o != NULL)
				json_array_append_new(items, o);
		}
		o = json_pack("{s:o}", "items", items);
		rc = o != NULL ? cli_print_json(o) :
		    cli_error("cannot make the JSON (a draft that is not "
		    "UTF-8?)");
		json_decref(o);
	} else if (n == 0) {
		printf("No drafts.\n");
	} else {
		memset(&t, 0, sizeof t);
		t.cols = drafts_cols;
		t.ncols = (int)G_NELEM(drafts_cols);
		for (i = 0; i < n; i++) {
			row[0] = xstrdup(v[i].id);
			row[1] = xstrdup(draft_kind_name(v[i].kind));
			row[2] = drafts_target(&v[i]);
			row[3] = v[i].title != NULL ? cli_clean(v[i].title, 0) :
			    discuss_first_line(v[i].body, 200,
			    cli_ascii(ctx));
			row[4] = xstrdup(time_ago(v[i].created, time(NULL),
			    age, sizeof age));
			discuss_table_add(&t, row);
		}
		discuss_table_print(&t, cli_width(), cli_ascii(ctx));
		discuss_table_release(&t);
		path = draft_dir();
		printf("in %s; send one again with guild drafts send ID\n",
		    path);
		free(path);
	}
	for (i = 0; i < n; i++)
		draft_release(&v[i]);
	free(v);
	return rc;
}

/* guild drafts show ID */
static void
drafts_show(const struct draft *d)
{
	char	*path = draft_path(d), *target = drafts_target(d), *s;
	char	 when[32];
	size_t	 i;

	printf("draft %s: %s, %s\n", d->id, draft_kind_name(d->kind), target);
	printf("file: %s\n", path);
	if (d->server != NULL) {
		s = cli_clean(d->server, 0);
		printf("server: %s\n", s);
		free(s);
	}
	printf("created: %s\n", discuss_ago(d->created, when, sizeof when));
	if (d->title != NULL) {
		s = cli_clean(d->title, 0);
		printf("title: %s\n", s);
		free(s);
	}
	if (d->ntags > 0) {
		printf("tags:");
		for (i = 0; i < d->ntags; i++) {
			s = cli_clean(d->tags[i], 0);
			printf("%s %s", i > 0 ? "," : "", s);
			free(s);
		}
		putchar('\n');
	}
	putchar('\n');
	s = cli_clean(d->body, 1);
	fputs(s, stdout);
	if (*s != '\0' && s[strlen(s) - 1] != '\n')
		putchar('\n');
	free(s);
	free(target);
	free(path);
}

/* guild drafts show|send|rm ID */
static int
drafts_one(struct cli_ctx *ctx, const char *verb, const char *id)
{
	struct draft	 d;
	struct gerr	 err;
	int		 rc = 0;

	gerr_clear(&err);
	if (draft_load(id, &d, &err) != 0)
		return cli_fail(&err);
	if (strcmp(verb, "show") == 0) {
		drafts_show(&d);
	} else if (strcmp(verb, "rm") == 0) {
		if (draft_remove(&d, &err) != 0)
			rc = cli_fail(&err);
		else
			printf("Removed draft %s.\n", d.id);
	} else {
		rc = cli_setup(ctx);
		if (rc == 0)
			rc = discuss_need_token(ctx);
		if (rc == 0 && d.server != NULL &&
		    strcmp(d.server, ctx->client.server) != 0)
			cli_warn("draft %s was written for %s; sending it to "
			    "%s", d.id, d.server, ctx->client.server);
		if (rc == 0)
			rc = discuss_send(ctx, &d, NULL);
	}
	draft_release(&d);
	return rc;
}

static int
cmd_drafts_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*verb;
	int		 ch, json = 0;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(&cmd_drafts_entry);
		default:
			return cli_usage(&cmd_drafts_entry);
		}
	}
	if (optind >= argc || strcmp(argv[optind], "list") == 0) {
		if (optind + 1 < argc)
			return cli_usage_error(&cmd_drafts_entry, "unexpected "
			    "argument '%s'", argv[optind + 1]);
		return drafts_list(ctx, json);
	}
	verb = argv[optind];
	if (strcmp(verb, "show") != 0 && strcmp(verb, "send") != 0 &&
	    strcmp(verb, "rm") != 0)
		return cli_usage_error(&cmd_drafts_entry, "unknown action '%s' "
		    "(show, send or rm)", verb);
	if (argc - optind != 2)
		return cli_usage_error(&cmd_drafts_entry, "guild drafts %s "
		    "takes one draft ID", verb);
	if (json)
		return cli_usage_error(&cmd_drafts_entry, "--json is for the "
		    "list only");
	return drafts_one(ctx, verb, argv[optind + 1]);
}

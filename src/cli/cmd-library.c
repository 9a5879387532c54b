/* guild library: the courses the member owns, with their progress. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "guild/util.h"
#include "learn.h"

static int	cmd_library_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_library_entry = {
	.name = "library",
	.usage = "[--json]",
	.summary = "list the courses you own, with your progress",
	.help =
	    "Options:\n"
	    "  --json    print every course as one page object {items, "
	    "next_cursor, has_more}\n",
	.exec = cmd_library_exec,
};

static const struct learn_col library_cols[] = {
	{ "ID", 1, 0, 0 },
	{ "SLUG", 0, 0, 0 },
	{ "TITLE", 0, 0, 1 },
	{ "PROGRESS", 0, 0, 0 },
};

/* Prints the library as a table. */
static void
library_print(const struct library_page *p, int ascii)
{
	struct learn_table	 t;
	char			*row[G_NELEM(library_cols)];
	size_t			 i;

	memset(&t, 0, sizeof t);
	t.cols = library_cols;
	t.ncols = (int)G_NELEM(library_cols);
	for (i = 0; i < p->n; i++) {
		const struct library_item *it = &p->items[i];

		row[0] = xasprintf("%lld", (long long)it->course.id);
		row[1] = cli_clean(it->course.slug, 0);
		row[2] = cli_clean(it->course.title, 0);
		row[3] = learn_progress(it->progress.completed,
		    it->progress.total, ascii);
		learn_table_add(&t, row);
	}
	learn_table_print(&t, cli_width(), ascii);
	learn_table_release(&t);
}

static int
cmd_library_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct library_page	 page;
	struct gerr		 err, why;
	json_t			*all = NULL;
	int			 ch, json = 0, rc;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(&cmd_library_entry);
		default:
			return cli_usage(&cmd_library_entry);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_library_entry, "unexpected "
		    "argument '%s'", argv[optind]);
	rc = cli_setup(ctx);
	if (rc == 0)
		rc = learn_need_token(ctx);
	if (rc != 0)
		return rc;
	gerr_clear(&err);
	if (learn_get_all(ctx, "/api/v1/me/library?limit=100", &all,
	    &err) != 0)
		return cli_fail(&err);
	if (json) {
		rc = cli_print_json(all);
		json_decref(all);
		return rc;
	}
	gerr_clear(&why);
	if (library_page_from_json(all, &page, &why) != 0) {
		library_page_release(&page);
		json_decref(all);
		return cli_error("cannot read the library sent by %s: %s (do "
		    "guild and guildd versions match?)", ctx->client.server,
		    why.msg);
	}
	if (page.n == 0)
		printf("No courses yet: guild courses lists them, guild buy "
		    "COURSE buys one.\n");
	else
		library_print(&page, cli_ascii(ctx));
	library_page_release(&page);
	json_decref(all);
	return 0;
}

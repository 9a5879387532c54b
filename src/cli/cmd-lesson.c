/* guild lesson: reads one lesson of a course, its Markdown rendered. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "guild/markdown.h"
#include "guild/util.h"
#include "learn.h"

static int	cmd_lesson_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_lesson_entry = {
	.name = "lesson",
	.usage = "COURSE N [--json] [--done]",
	.summary = "read lesson N of a course, or mark it done",
	.help =
	    "Arguments:\n"
	    "  COURSE    the course's number or slug\n"
	    "  N         the lesson's position in the course: 1, 2, ...\n"
	    "Options:\n"
	    "  --done    mark the lesson complete (a course you own) and "
	    "show your progress\n"
	    "  --json    print the server's JSON (the lesson, or with --done "
	    "the completion)\n",
	.exec = cmd_lesson_exec,
};

/* Lessons are laid out for the terminal, but not wider than this. */
#define LESSON_MAX_WIDTH	100

/* Prints the lesson: a heading line, then the body rendered. */
static int
lesson_print(const struct course *c, const struct lesson *l, int ascii)
{
	struct md_doc	 doc;
	char		*course, *title, *slug;
	const char	*sep = ascii ? " - " : " \xc2\xb7 ";
	int		 width = cli_width(), rc = 0;

	if (width > LESSON_MAX_WIDTH)
		width = LESSON_MAX_WIDTH;
	course = cli_clean(c->title, 0);
	title = cli_clean(l->title, 0);
	slug = cli_clean(c->slug, 0);
	printf("%s%slesson %d of %zu\n", course, sep, l->position,
	    c->nlessons);
	printf("%s", title);
	if (l->duration_min > 0)
		printf("%s%d min", sep, l->duration_min);
	if (l->preview)
		printf("%sfree preview", sep);
	if (l->completed)
		printf("%s%s", sep, ascii ? "done" : "\xe2\x9c\x93 done");
	printf("\n\n");
	memset(&doc, 0, sizeof doc);
	if (l->body != NULL && *l->body != '\0') {
		if (md_render(l->body, strlen(l->body), width,
		    ascii ? MD_OPT_ASCII : 0, &doc) != 0)
			rc = cli_error("cannot lay out the lesson's Markdown");
		else if (md_doc_print(stdout, &doc, learn_sgr() ?
		    MD_PRINT_SGR : 0) != 0)
			rc = cli_error("cannot write to stdout");
		md_doc_release(&doc);
	} else {
		printf("(this lesson has no text yet)\n");
	}
	if (rc == 0) {
		putchar('\n');
		if (c->owned && !l->completed)
			printf("Done? guild lesson %s %d --done\n", slug,
			    l->position);
		if ((size_t)l->position < c->nlessons)
			printf("Next: guild lesson %s %d\n", slug,
			    l->position + 1);
	}
	free(course);
	free(title);
	free(slug);
	return rc;
}

/* Marks lesson l complete and says how far along the course is. */
static int
lesson_done(struct cli_ctx *ctx, const struct course *c,
    const struct lesson *l, int json)
{
	struct completion	 done;
	struct gerr		 err, why;
	json_t			*res = NULL;
	char			 path[80], *bar, *slug;
	int			 rc;

	rc = learn_need_token(ctx);
	if (rc != 0)
		return rc;
	snprintf(path, sizeof path, "/api/v1/lessons/%lld/completion",
	    (long long)l->id);
	gerr_clear(&err);
	if (api_call(&ctx->client, "POST", path, NULL, &res, &err) != 0) {
		if (err.kind == GERR_HTTP && err.status == 403) {
			slug = cli_clean(c->slug, 0);
			rc = cli_error("only a course you own can be marked "
			    "done: guild buy %s", slug);
			free(slug);
			return rc;
		}
		return cli_fail(&err);
	}
	if (json) {
		rc = cli_print_json(res);
		json_decref(res);
		return rc;
	}
	gerr_clear(&why);
	if (completion_from_json(res, &done, &why) != 0) {
		completion_release(&done);
		json_decref(res);
		return cli_error("cannot read the answer of %s: %s",
		    ctx->client.server, why.msg);
	}
	bar = learn_progress(done.progress.completed, done.progress.total,
	    cli_ascii(ctx));
	printf("Lesson %d is done. Progress: %s\n", l->position, bar);
	free(bar);
	completion_release(&done);
	json_decref(res);
	return 0;
}

/* Reads lesson l and prints it (or its JSON). */
static int
lesson_read(struct cli_ctx *ctx, const struct course *c,
    const struct lesson *l, int json)
{
	struct lesson	 full;
	struct gerr	 err, why;
	json_t		*res = NULL;
	char		 path[64], *slug;
	int		 rc;

	snprintf(path, sizeof path, "/api/v1/lessons/%lld", (long long)l->id);
	gerr_clear(&err);
	if (learn_get(ctx, path, 1, &res, &err) != 0) {
		if (err.kind == GERR_HTTP && err.status == 403) {
			slug = cli_clean(c->slug, 0);
			rc = cli_error("buy the course to read this lesson: "
			    "guild buy %s", slug);
			free(slug);
			return rc;
		}
		return cli_fail(&err);
	}
	if (json) {
		rc = cli_print_json(res);
		json_decref(res);
		return rc;
	}
	gerr_clear(&why);
	if (lesson_from_json(res, &full, &why) != 0) {
		lesson_release(&full);
		json_decref(res);
		return cli_error("cannot read the lesson sent by %s: %s (do "
		    "guild and guildd versions match?)", ctx->client.server,
		    why.msg);
	}
	rc = lesson_print(c, &full, cli_ascii(ctx));
	lesson_release(&full);
	json_decref(res);
	return rc;
}

static int
cmd_lesson_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "done", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct lesson	*l = NULL;
	struct course		 c;
	struct gerr		 err;
	int64_t			 n;
	char			*title;
	size_t			 i;
	int			 ch, json = 0, done = 0, rc;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'd':
			done = 1;
			break;
		case 'h':
			return cli_help(&cmd_lesson_entry);
		default:
			return cli_usage(&cmd_lesson_entry);
		}
	}
	if (argc - optind < 2)
		return cli_usage_error(&cmd_lesson_entry, "give the course and "
		    "the lesson's number, e.g. guild lesson modern-c 1");
	if (argc - optind > 2)
		return cli_usage_error(&cmd_lesson_entry, "unexpected argument "
		    "'%s'", argv[optind + 2]);
	if (*argv[optind] == '\0')
		return cli_usage_error(&cmd_lesson_entry, "empty course ID");
	if (parse_int64(argv[optind + 1], 1, 100000, &n) != 0)
		return cli_usage_error(&cmd_lesson_entry, "bad lesson number "
		    "'%s' (1 for the first lesson, 2 for the next, ...)",
		    argv[optind + 1]);
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	cli_token_optional(ctx);
	gerr_clear(&err);
	if (learn_course(ctx, argv[optind], &c, NULL, &err) != 0) {
		if (err.kind == GERR_HTTP && err.status == 404)
			return cli_error("%s (guild courses lists them)",
			    err.msg);
		return cli_fail(&err);
	}
	for (i = 0; i < c.nlessons; i++)
		if (c.lessons[i].position == n)
			l = &c.lessons[i];
	if (l == NULL) {
		title = cli_clean(c.title, 0);
		rc = cli_error("%s has %zu lesson%s; there is no lesson %lld "
		    "(guild course %lld lists them)", title, c.nlessons,
		    c.nlessons == 1 ? "" : "s", (long long)n, (long long)c.id);
		free(title);
	} else if (done) {
		rc = lesson_done(ctx, &c, l, json);
	} else {
		rc = lesson_read(ctx, &c, l, json);
	}
	course_release(&c);
	return rc;
}

/* guild course: one course with its description and lesson outline (and
 * new, push and pull of course files, in cmd-course-file.c). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "guild/buf.h"
#include "guild/text.h"
#include "guild/util.h"
#include "learn.h"

static int	cmd_course_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_course_entry = {
	.name = "course",
	.usage = "ID|SLUG [--json]\n"
	    "       guild course new FILE.md [--json]\n"
	    "       guild course push ID FILE.md [--dry-run] [--delete]\n"
	    "       guild course pull ID [-o FILE] [--force]",
	.summary = "show one course; instructors: create, push, pull it as "
	    "a file",
	.help =
	    "Arguments:\n"
	    "  ID|SLUG      the course's number or its slug, as guild "
	    "courses lists them\n"
	    "Options:\n"
	    "  --json       print the server's JSON\n"
	    "Instructors keep a course as one Markdown file (see guild(1), "
	    "COURSE FILES):\n"
	    "  new FILE.md  create the course and its lessons from the file\n"
	    "  push ID FILE.md\n"
	    "               make the course match the file: its fields, and "
	    "its lessons\n"
	    "               by position (changed, added, removed)\n"
	    "  --dry-run    with push: say what would change, change "
	    "nothing\n"
	    "  --delete     with push: remove the lessons the file no longer "
	    "has\n"
	    "  pull ID      write the course as a file, SLUG.md unless -o "
	    "FILE (- for\n"
	    "               stdout); an existing file is kept unless "
	    "--force\n"
	    "A course whose slug is new, push or pull is shown by its "
	    "number.\n",
	.exec = cmd_course_exec,
};

/* Prose is wrapped to the terminal, but not wider than this. */
#define COURSE_MAX_WIDTH	100

/* "4 h 10 min", "25 min" into out. */
static char *
course_duration(int minutes, char *out, size_t outsz)
{
	if (minutes >= 60 && minutes % 60 != 0)
		snprintf(out, outsz, "%d h %d min", minutes / 60, minutes % 60);
	else if (minutes >= 60)
		snprintf(out, outsz, "%d h", minutes / 60);
	else
		snprintf(out, outsz, "%d min", minutes);
	return out;
}

/* The title and the line of facts under it. */
static void
course_print_head(const struct course *c, int width, int ascii)
{
	const char	*sep = ascii ? " - " : " \xc2\xb7 ";
	struct buf	 b = BUF_INIT;
	char		*title, *name, *user, *tag, money[64], dur[32];
	size_t		 i;
	int		 total = 0;

	title = cli_clean(c->title, 0);
	cli_print_wrapped(title, width, "");
	free(title);

	name = cli_clean(c->instructor_name, 0);
	user = cli_clean(c->instructor, 0);
	for (i = 0; i < c->nlessons; i++)
		total += c->lessons[i].duration_min;
	buf_printf(&b, "%s%s%s%sby %s", level_name(c->level), sep,
	    money_format(&c->price, ascii, money, sizeof money), sep,
	    *name ? name : user);
	if (*name && *user && strcmp(name, user) != 0)
		buf_printf(&b, " (%s)", user);
	cli_print_wrapped(buf_str(&b), width, "");
	buf_reset(&b);
	buf_printf(&b, "%d lesson%s", c->lesson_count,
	    c->lesson_count == 1 ? "" : "s");
	if (total > 0)
		buf_printf(&b, ", %s", course_duration(total, dur, sizeof dur));
	buf_printf(&b, "%s%d enrolled", sep, c->enrolled_count);
	if (c->owned)
		buf_printf(&b, "%syou own it", sep);
	cli_print_wrapped(buf_str(&b), width, "");
	free(name);
	free(user);
	if (c->ntags > 0) {
		buf_reset(&b);
		buf_adds(&b, "tags: ");
		for (i = 0; i < c->ntags; i++) {
			tag = cli_clean(c->tags[i], 0);
			buf_printf(&b, "%s%s", i ? ", " : "", tag);
			free(tag);
		}
		cli_print_wrapped(buf_str(&b), width, "");
	}
	buf_release(&b);
}

/* The lesson outline: number, title, duration and a lock mark. */
static void
course_print_lessons(const struct course *c, int width, int ascii)
{
	const char	*lock = ascii ? "[locked]" : "\xf0\x9f\x94\x92 locked";
	struct buf	 b = BUF_INIT;
	char		*title, *fit, dur[32];
	const char	*mark;
	size_t		 i;
	int		 tw, widest;

	printf("\nLessons\n");
	if (c->nlessons == 0)
		printf("  (none yet)\n");
	/* "  NN. TITLE  DURATION  MARK": the title takes what is left. */
	widest = 0;
	for (i = 0; i < c->nlessons; i++) {
		title = cli_clean(c->lessons[i].title, 0);
		if (text_width(title) > widest)
			widest = text_width(title);
		free(title);
	}
	tw = width - (2 + 4 + 2 + 10 + 2 + 9);
	if (tw > widest)
		tw = widest;
	if (tw < 12)
		tw = 12;
	for (i = 0; i < c->nlessons; i++) {
		const struct lesson *l = &c->lessons[i];

		mark = l->locked ? lock : l->preview ? "preview" : "";
		title = cli_clean(l->title, 0);
		fit = text_fit(title, tw, 1, ascii);
		if (fit == NULL) {
			fprintf(stderr, "guild: out of memory\n");
			exit(1);
		}
		buf_reset(&b);
		buf_printf(&b, "  %2d. %s  %10s", l->position, fit,
		    course_duration(l->duration_min, dur, sizeof dur));
		if (*mark != '\0')
			buf_printf(&b, "  %s", mark);
		puts(buf_str(&b));
		free(fit);
		free(title);
	}
	buf_release(&b);
}

/* The whole course for people. */
static void
course_print(const struct course *c, int width, int ascii)
{
	char *text;

	if (width > COURSE_MAX_WIDTH)
		width = COURSE_MAX_WIDTH;
	course_print_head(c, width, ascii);
	if (c->summary != NULL && *c->summary != '\0') {
		putchar('\n');
		text = cli_clean(c->summary, 1);
		cli_print_wrapped(text, width, "");
		free(text);
	}
	if (c->description != NULL && *c->description != '\0') {
		putchar('\n');
		text = cli_clean(c->description, 1);
		cli_print_wrapped(text, width, "");
		free(text);
	}
	course_print_lessons(c, width, ascii);
}

static int
cmd_course_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct course	 c;
	struct gerr	 err;
	json_t		*raw = NULL;
	const char	*id;
	int		 ch, json = 0, rc;

	if (argc >= 2 && course_file_is_sub(argv[1]))
		return course_file_exec(ctx, &cmd_course_entry, argc, argv);
	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(&cmd_course_entry);
		default:
			return cli_usage(&cmd_course_entry);
		}
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_course_entry, "missing the course "
		    "ID or slug");
	if (optind + 1 < argc)
		return cli_usage_error(&cmd_course_entry, "unexpected "
		    "argument '%s'", argv[optind + 1]);
	id = argv[optind];
	if (*id == '\0')
		return cli_usage_error(&cmd_course_entry, "empty course ID");
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	cli_token_optional(ctx);

	gerr_clear(&err);
	rc = api_course(&ctx->client, id, &c, json ? &raw : NULL, &err);
	if (rc != 0 && cli_drop_refused_token(ctx, &err))
		rc = api_course(&ctx->client, id, &c, json ? &raw : NULL, &err);
	if (rc != 0) {
		if (err.kind == GERR_HTTP && err.status == 404)
			return cli_error("%s (guild courses lists them)",
			    err.msg);
		return cli_fail(&err);
	}
	if (json)
		rc = cli_print_json(raw);
	else
		course_print(&c, cli_width(), cli_ascii(ctx));
	json_decref(raw);
	course_release(&c);
	return rc;
}

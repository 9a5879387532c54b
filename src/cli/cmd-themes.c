/* guild themes: the colour themes found, where each is from, which is used. */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "guild/buf.h"
#include "guild/util.h"

#include "../tui/theme.h"

static int	cmd_themes_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_themes_entry = {
	.name = "themes",
	.usage = "",
	.summary = "list the colour themes of the terminal UI",
	.help =
	    "Lists every NAME.theme in the theme directories ($GUILD_THEMES,\n"
	    "~/.config/guild/themes, the installed themes), first match\n"
	    "first, with the file and where it comes from. '*' marks the\n"
	    "theme in use (--theme, else theme = in the config). A theme\n"
	    "with a bad line is listed with the error. Exits with 1 when the\n"
	    "theme in use cannot be found or read.\n",
	.exec = cmd_themes_exec,
};

/* One theme file found. */
struct theme_file {
	char		*name;
	char		*path;
	const char	*origin;
	const char	*hidden_by;	/* origin of a file of the same name
					   found before it, or NULL */
};

static int
theme_file_cmp(const void *a, const void *b)
{
	const struct theme_file *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/*
 * Appends the themes of dir (sorted by name) to *files; names already
 * found in an earlier directory are marked hidden.
 */
static void
themes_scan(const struct theme_dir *dir, struct theme_file **files,
    size_t *n)
{
	DIR *d = opendir(dir->path);
	struct dirent *e;
	size_t first = *n, i;

	if (d == NULL)
		return;
	for (;;) {
		size_t len;
		char *name;

		e = readdir(d);
		if (e == NULL)
			break;
		len = strlen(e->d_name);
		if (len <= 6 || strcmp(e->d_name + len - 6, ".theme") != 0)
			continue;
		name = xstrndup(e->d_name, len - 6);
		if (!theme_name_ok(name)) {
			free(name);
			continue;
		}
		*files = xrealloc(*files, (*n + 1) * sizeof(**files));
		(*files)[*n].name = name;
		(*files)[*n].path = xasprintf("%s/%s", dir->path, e->d_name);
		(*files)[*n].origin = dir->origin;
		(*files)[*n].hidden_by = NULL;
		(*n)++;
	}
	closedir(d);
	qsort(*files + first, *n - first, sizeof(**files), theme_file_cmp);
	for (i = first; i < *n; i++) {
		size_t j;

		for (j = 0; j < first; j++) {
			if ((*files)[i].hidden_by == NULL &&
			    strcmp((*files)[j].name, (*files)[i].name) == 0)
				(*files)[i].hidden_by = (*files)[j].origin;
		}
	}
}

/* Prints one theme line; err when the file does not parse. */
static void
themes_print(const struct theme_file *f, int active)
{
	struct theme t;
	struct gerr err;
	char *name = cli_clean(f->name, 0), *path = cli_clean(f->path, 0);

	theme_init(&t);
	gerr_clear(&err);
	printf("%c %-16s %s (%s", active ? '*' : ' ', name, path, f->origin);
	if (f->hidden_by != NULL)
		printf(", hidden by the %s one", f->hidden_by);
	putchar(')');
	if (theme_load(&t, f->path, &err) < 0) {
		char *msg = cli_clean(err.msg, 0);

		printf(": error: %s", msg);
		free(msg);
	}
	putchar('\n');
	theme_release(&t);
	free(name);
	free(path);
}

static int
cmd_themes_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct theme_dir dirs[3];
	struct theme_file *files = NULL;
	struct theme t;
	struct gerr err;
	const char *active;
	char *found, *why;
	size_t ndirs, n = 0, i;
	int ch, rc = 0, shown = 0;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'h':
			return cli_help(&cmd_themes_entry);
		default:
			return cli_usage(&cmd_themes_entry);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_themes_entry, "unexpected "
		    "argument '%s'", argv[optind]);
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	active = ctx->cfg.theme != NULL && ctx->cfg.theme[0] != '\0' ?
	    ctx->cfg.theme : "default";
	if (ctx->theme != NULL)
		why = xstrdup("from --theme");
	else if (ctx->cfg.path != NULL && strcmp(active, "default") != 0)
		why = xasprintf("from theme = in %s", ctx->cfg.path);
	else
		why = xstrdup("nothing chosen");
	ndirs = theme_dirs(dirs, G_NELEM(dirs));
	for (i = 0; i < ndirs; i++)
		themes_scan(&dirs[i], &files, &n);
	/* The file the UI would load for the active name. */
	gerr_clear(&err);
	found = theme_find(active, &err);
	for (i = 0; i < n; i++) {
		int on = found != NULL && files[i].hidden_by == NULL &&
		    strcmp(files[i].path, found) == 0;

		themes_print(&files[i], on);
		shown |= on;
	}
	if (found == NULL && strcmp(active, "default") == 0) {
		printf("* %-16s (built in)\n", "default");
	} else if (found != NULL && !shown) {
		const char *base = strrchr(found, '/');
		struct theme_file f = { NULL, found, "a path", NULL };

		base = base != NULL ? base + 1 : found;
		f.name = xstrndup(base, strcspn(base, "."));
		themes_print(&f, 1);
		free(f.name);
	}
	printf("In use: %s (%s)\n", active, why);
	free(why);
	fflush(stdout);
	if (found == NULL && strcmp(active, "default") != 0) {
		rc = cli_error("%s", err.msg);
	} else if (found != NULL) {
		theme_init(&t);
		if (theme_load(&t, found, &err) < 0)
			rc = cli_error("%s (the UI uses the built-in theme)",
			    err.msg);
		theme_release(&t);
	}
	free(found);
	for (i = 0; i < n; i++) {
		free(files[i].name);
		free(files[i].path);
	}
	free(files);
	for (i = 0; i < ndirs; i++)
		free(dirs[i].path);
	return rc;
}

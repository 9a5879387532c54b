/*
 * What guild's commands for buying and reading courses share (buy,
 * orders, order, library, lesson, course new|push|pull): the token they
 * need, lists followed to their last page, progress bars, times and
 * tables fitted to the terminal.
 */
#ifndef GUILD_CLI_LEARN_H
#define GUILD_CLI_LEARN_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "cli.h"
#include "guild/model.h"

/* Loads the token a command needs. 0, or the exit code after printing. */
int	 learn_need_token(struct cli_ctx *);

/*
 * GET path through api_call, retrying anonymously once when the server
 * refuses a stored token and anonymous is set. 0 with *out (caller
 * decrefs), or -1 with err.
 */
int	 learn_get(struct cli_ctx *, const char *path, int anonymous,
	    json_t **out, struct gerr *);

/*
 * GET a list route and follow next_cursor to its last page (at most
 * 1000 pages): *out is one page object {"items": [every item],
 * "next_cursor": null, "has_more": false} (caller decrefs). 0, or -1.
 */
int	 learn_get_all(struct cli_ctx *, const char *path, json_t **out,
	    struct gerr *);

/* The course by id or slug, as api_course. 0, or -1 with err. */
int	 learn_course(struct cli_ctx *, const char *id_or_slug,
	    struct course *out, json_t **raw, struct gerr *);

/*
 * "3/8 ▰▰▰▱▱▱▱▱": done out of total with a bar of one cell per lesson
 * (at most 10 cells, then scaled); "###-----" when ascii. Caller frees.
 */
char	*learn_progress(int done, int total, int ascii);

/*
 * An RFC 3339 time from the server as local time, "2026-11-26 19:45";
 * the text itself, sanitized, when it cannot be read; "-" for NULL.
 */
char	*learn_when(const char *rfc3339, char *out, size_t outsz);

/* 1 when Markdown and the like may carry SGR styles. */
int	 learn_sgr(void);

/*
 * A table of cells fitted to width: columns as wide as their widest
 * cell (at most max when max > 0); when too wide, the column marked
 * shrink gives way down to 10 columns.
 */
struct learn_col {
	const char	*head;
	int		 right;
	int		 max;
	int		 shrink;
};

struct learn_table {
	const struct learn_col	 *cols;
	int			  ncols;
	char			**cells;	/* nrows * ncols, owned */
	size_t			  nrows;
};

/* Adds a row: ncols cells, each taken (owned by the table). */
void	 learn_table_add(struct learn_table *, char **row);
void	 learn_table_print(const struct learn_table *, int width, int ascii);
void	 learn_table_release(struct learn_table *);

/* 1 when word is a subcommand of guild course: new, push or pull. */
int	 course_file_is_sub(const char *word);
/*
 * guild course new|push|pull (cmd-course-file.c): argv[0] is "guild
 * course", argv[1] the subcommand; e is the course command's entry for
 * its help. Returns the exit code.
 */
int	 course_file_exec(struct cli_ctx *, const struct cmd_entry *e,
	    int argc, char **argv);

/* Out of memory in the client: says so and exits 1. */
void	 learn_oom(void);

#endif

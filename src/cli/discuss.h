/*
 * What guild's discussion and Q&A commands share: reading what the
 * member writes (-m, --file, stdin or the editor), sending it through a
 * draft, ids such as q12 and a34, tables fitted to the terminal, and
 * posts printed as rendered Markdown.
 */
#ifndef GUILD_CLI_DISCUSS_H
#define GUILD_CLI_DISCUSS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "cli.h"
#include "guild/drafts.h"
#include "guild/model.h"

/* Where the text of a post comes from (the command's options). */
struct compose {
	const char	*message;	/* -m TEXT, or NULL */
	const char	*file;		/* --file F ("-" for stdin), or NULL */
	int		 edit;		/* --edit: the editor, even with -m */
};

/* 1 when the editor will be used: --edit, or nothing given on a terminal. */
int	 discuss_uses_editor(const struct compose *);

/*
 * Fills d->body from -m, --file, stdin (when it is not a terminal) or the
 * editor; the editor's template also sets d's title and tags. quoted is
 * the parent of a reply, quoted in the template (may be NULL). Returns 0,
 * or the exit code after printing what went wrong (nothing was saved).
 */
int	 discuss_compose(struct draft *d, const struct compose *,
	    const char *quoted);

/*
 * Sends d through a draft (saved first, removed once the server has it)
 * and says what was posted; on failure prints where the draft is kept.
 * *created (may be NULL) gets the new object; caller decrefs. Returns
 * the exit code.
 */
int	 discuss_send(struct cli_ctx *, struct draft *d, json_t **created);

/* Loads the token a write needs. 0, or the exit code after printing. */
int	 discuss_need_token(struct cli_ctx *);

/*
 * Reads a positive id, optionally with the letter prefix ("q12" or "12"
 * for prefix 'q'; prefix 0 takes digits only). 0 or -1.
 */
int	 discuss_parse_id(const char *s, char prefix, int64_t *out);

/* "3h" from an RFC 3339 time, "?" when it cannot be read. Returns out. */
char	*discuss_age(const char *when, char *out, size_t outsz);
/* "just now", "3h ago" or "on 2026-01-05" for a time; returns out. */
char	*discuss_ago(time_t then, char *out, size_t outsz);
/* The same from an RFC 3339 time ("at an unknown time" when unreadable). */
char	*discuss_ago_str(const char *when, char *out, size_t outsz);
/* "Display Name (@user)" or "@user", sanitized; caller frees. */
char	*discuss_author(const struct post_author *);
/* The username alone, sanitized; caller frees. */
char	*discuss_username(const struct post_author *);

/* 1 when Markdown should carry SGR styles (stdout a terminal, no NO_COLOR). */
int	 discuss_sgr(void);
/*
 * Prints Markdown body rendered for width columns, each line after
 * indent; sgr adds bold, italics and the like.
 */
void	 discuss_markdown(const char *body, int width, const char *indent,
	    int ascii, int sgr);
/* The first line of s, sanitized, fitted to width columns; caller frees. */
char	*discuss_first_line(const char *s, int width, int ascii);

/*
 * A table fitted to the terminal. A column with shrink > 0 gives way
 * when the table is too wide, shrink 1 first, down to min columns; max
 * > 0 caps a column's width.
 */
struct discuss_col {
	const char	*head;
	int		 right;		/* right-aligned (numbers) */
	int		 max;
	int		 shrink;
	int		 min;
};

struct discuss_table {
	const struct discuss_col	 *cols;
	int				  ncols;
	char				**cells;	/* nrows * ncols, owned */
	size_t				  nrows;
};

/* Adds a row of ncols cells, taking ownership of each. */
void	 discuss_table_add(struct discuss_table *, char **row);
void	 discuss_table_print(const struct discuss_table *, int width,
	    int ascii);
void	 discuss_table_release(struct discuss_table *);

/*
 * GET path through api_call, retrying anonymously once when the server
 * refuses a stored token. 0 with *out (caller decrefs), or -1 with err.
 */
int	 discuss_get(struct cli_ctx *, const char *path, json_t **out,
	    struct gerr *);
/*
 * GET path (a list route, with or without a query string): its first
 * page, or with all every page followed through next_cursor (at most
 * 1000), merged into one page object whose items are all of them.
 * 0 with *out (caller decrefs), or -1 with err.
 */
int	 discuss_get_pages(struct cli_ctx *, const char *path, int all,
	    json_t **out, struct gerr *);
/* Percent-encoded copy of s for a query string; caller frees. */
char	*discuss_escape(const char *s);

#endif

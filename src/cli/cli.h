/*
 * guild's shell commands: one cmd-NAME.c per command, registered in the
 * table in main.c, and the helpers they share (cli.c).
 */
#ifndef GUILD_CLI_H
#define GUILD_CLI_H

#include <jansson.h>

#include "guild/api.h"
#include "guild/config.h"
#include "guild/err.h"

/* What every command gets: global options and, after cli_setup, a client. */
struct cli_ctx {
	const char	*config_path;	/* --config, or NULL */
	const char	*server;	/* --server, or NULL */
	const char	*theme;		/* --theme, or NULL */
	int		 ready;		/* cfg and client are set up */
	struct config	 cfg;
	struct client	 client;
};

/*
 * A command. exec gets argv[0] = "guild NAME" (getopt's messages name the
 * command) with getopt reset, and returns the process exit code.
 */
struct cmd_entry {
	const char	*name;
	const char	*usage;		/* what follows "guild NAME" */
	const char	*summary;	/* one line for `guild help` */
	const char	*help;		/* option lines for `guild NAME --help` */
	int		(*exec)(struct cli_ctx *, int argc, char **argv);
};

extern const struct cmd_entry cmd_register_entry;
extern const struct cmd_entry cmd_login_entry;
extern const struct cmd_entry cmd_logout_entry;
extern const struct cmd_entry cmd_whoami_entry;
extern const struct cmd_entry cmd_courses_entry;
extern const struct cmd_entry cmd_course_entry;
extern const struct cmd_entry cmd_themes_entry;
/* Buying and reading courses (issue 4). */
extern const struct cmd_entry cmd_buy_entry;
extern const struct cmd_entry cmd_orders_entry;
extern const struct cmd_entry cmd_order_entry;
extern const struct cmd_entry cmd_library_entry;
extern const struct cmd_entry cmd_lesson_entry;
/* Discussions and Q&A (issue 5). */
extern const struct cmd_entry cmd_categories_entry;
extern const struct cmd_entry cmd_threads_entry;
extern const struct cmd_entry cmd_thread_entry;
extern const struct cmd_entry cmd_post_entry;
extern const struct cmd_entry cmd_questions_entry;
extern const struct cmd_entry cmd_question_entry;
extern const struct cmd_entry cmd_ask_entry;
extern const struct cmd_entry cmd_answer_entry;
extern const struct cmd_entry cmd_vote_entry;
extern const struct cmd_entry cmd_accept_entry;
extern const struct cmd_entry cmd_search_entry;
extern const struct cmd_entry cmd_drafts_entry;
/* Operator insights (issue 7). */
extern const struct cmd_entry cmd_insights_entry;

/*
 * Loads the configuration, applies --server and --theme and sets up the
 * client (once). Returns 0, or the exit code after printing the error.
 */
int	 cli_setup(struct cli_ctx *);
/* Releases what cli_setup made. */
void	 cli_teardown(struct cli_ctx *);

/*
 * Looks up a token but carries on anonymously when there is none; other
 * trouble (an unsafe token file) is printed as a warning.
 */
void	 cli_token_optional(struct cli_ctx *);
/*
 * After a 401 on a route that also answers anonymously: warns, drops
 * the refused token and returns 1 so the caller retries; else 0.
 */
int	 cli_drop_refused_token(struct cli_ctx *, const struct gerr *);

/* "guild: MESSAGE" on stderr (sanitized); returns 1. */
int	 cli_error(const char *, ...) G_PRINTF(1, 2);
/* "guild: warning: MESSAGE" on stderr (sanitized). */
void	 cli_warn(const char *, ...) G_PRINTF(1, 2);
/* Prints err as "guild: MESSAGE"; returns its exit code (1, 2 or 4). */
int	 cli_fail(const struct gerr *);
/* The usage line on stderr; returns 2. */
int	 cli_usage(const struct cmd_entry *);
/* The command's full help on stdout; returns 0. */
int	 cli_help(const struct cmd_entry *);
/* "guild NAME: what (see guild NAME --help)" on stderr; returns 2. */
int	 cli_usage_error(const struct cmd_entry *, const char *, ...)
	    G_PRINTF(2, 3);

/* Output width: $COLUMNS, else the terminal's, else 80. */
int	 cli_width(void);
/* 1 when output should be ASCII only ([ui] ascii, or a non-UTF-8 locale). */
int	 cli_ascii(const struct cli_ctx *);
/* Sanitized copy of server text (never NULL; caller frees). */
char	*cli_clean(const char *, int keep_newlines);
/* Writes s word-wrapped to width, each line after indent. */
void	 cli_print_wrapped(const char *s, int width, const char *indent);
/* Pretty-prints JSON to stdout with a final newline. 0, or 1 on error. */
int	 cli_print_json(const json_t *);

/* 1 when guild may ask questions (stdin is a terminal). */
int	 cli_interactive(void);
/*
 * Asks on /dev/tty; echo 0 turns echo off (passwords). *out is the answer
 * without its newline (caller frees with cli_secret_free). 0, or -1.
 */
int	 cli_prompt(const char *prompt, int echo, char **out, struct gerr *);
/*
 * Reads one line from stdin (what names it in messages); trim also drops
 * blanks around it. *out as for cli_prompt. 0, or -1.
 */
int	 cli_read_stdin(const char *what, int trim, char **out, struct gerr *);
/* Wipes and frees a secret, setting *p to NULL. */
void	 cli_secret_free(char **p);

#endif

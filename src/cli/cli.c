/* Helpers shared by guild's shell commands: setup, messages, terminal I/O. */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "guild/buf.h"
#include "guild/text.h"
#include "guild/util.h"

/* Longest line read for a password, user name or token. */
#define CLI_LINE_MAX	4096

/* ---- setup ------------------------------------------------------------ */

int
cli_setup(struct cli_ctx *ctx)
{
	struct gerr err;

	if (ctx->ready)
		return 0;
	gerr_clear(&err);
	config_init(&ctx->cfg);
	if (config_load(&ctx->cfg, ctx->config_path, &err) != 0 ||
	    (ctx->server != NULL &&
	    config_set_server(&ctx->cfg, ctx->server, "--server", &err) != 0)) {
		config_release(&ctx->cfg);
		return cli_fail(&err);
	}
	if (ctx->theme != NULL) {
		free(ctx->cfg.theme);
		ctx->cfg.theme = xstrdup(ctx->theme);
	}
	client_init(&ctx->client, &ctx->cfg);
	ctx->ready = 1;
	return 0;
}

void
cli_teardown(struct cli_ctx *ctx)
{
	if (!ctx->ready)
		return;
	client_release(&ctx->client);
	config_release(&ctx->cfg);
	ctx->ready = 0;
}

void
cli_token_optional(struct cli_ctx *ctx)
{
	struct gerr err;

	gerr_clear(&err);
	if (client_load_token(&ctx->client, &err) != 0 &&
	    err.kind != GERR_AUTH)
		cli_warn("%s; carrying on without logging in", err.msg);
}

int
cli_drop_refused_token(struct cli_ctx *ctx, const struct gerr *err)
{
	if (err->kind != GERR_AUTH || ctx->client.token == NULL)
		return 0;
	cli_warn("%s; showing what anyone can see", err->msg);
	client_set_token(&ctx->client, NULL, NULL, NULL);
	return 1;
}

/* ---- messages --------------------------------------------------------- */

/* Prints prefix and the formatted message, sanitized, on one line. */
static void
cli_vmessage(const char *prefix, const char *fmt, va_list ap)
{
	char	 msg[1024], *clean;

	vsnprintf(msg, sizeof msg, fmt, ap);
	clean = text_sanitize(msg, strlen(msg), 0);
	fprintf(stderr, "%s%s\n", prefix, clean != NULL ? clean : msg);
	free(clean);
}

int
cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vmessage("guild: ", fmt, ap);
	va_end(ap);
	return 1;
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vmessage("guild: warning: ", fmt, ap);
	va_end(ap);
}

int
cli_fail(const struct gerr *err)
{
	cli_error("%s", err->msg[0] ? err->msg : "failed");
	return err->kind == GERR_NONE ? 1 : gerr_exit_code(err);
}

int
cli_usage(const struct cmd_entry *e)
{
	fprintf(stderr, "usage: guild %s%s%s\n", e->name, *e->usage ? " " : "",
	    e->usage);
	return 2;
}

int
cli_help(const struct cmd_entry *e)
{
	printf("usage: guild %s%s%s\n\n%s.\n", e->name, *e->usage ? " " : "",
	    e->usage, e->summary);
	if (e->help != NULL && *e->help != '\0')
		printf("\n%s", e->help);
	printf("\nSee guild(1) for more.\n");
	return 0;
}

int
cli_usage_error(const struct cmd_entry *e, const char *fmt, ...)
{
	char	msg[512];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "guild %s: %s (see guild %s --help)\n", e->name, msg,
	    e->name);
	return 2;
}

/* ---- output ----------------------------------------------------------- */

int
cli_width(void)
{
	struct winsize	 ws;
	const char	*env = getenv("COLUMNS");
	int64_t		 n;

	if (env != NULL && parse_int64(env, 20, 1000, &n) == 0)
		return (int)n;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

int
cli_ascii(const struct cli_ctx *ctx)
{
	const char *cs;

	if (ctx->ready && ctx->cfg.ascii >= 0)
		return ctx->cfg.ascii;
	cs = nl_langinfo(CODESET);
	return cs == NULL || (strcasecmp(cs, "UTF-8") != 0 &&
	    strcasecmp(cs, "utf8") != 0);
}

char *
cli_clean(const char *s, int keep_newlines)
{
	char *r;

	if (s == NULL)
		return xstrdup("");
	r = text_sanitize(s, strlen(s), keep_newlines);
	if (r == NULL) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	return r;
}

void
cli_print_wrapped(const char *s, int width, const char *indent)
{
	struct text_lines	lines;
	size_t			i;
	int			w = width - text_width(indent);

	memset(&lines, 0, sizeof lines);
	if (text_wrap(s, w < 10 ? 10 : w, &lines) != 0) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	for (i = 0; i < lines.n; i++) {
		if (lines.lines[i][0] == '\0')
			putchar('\n');
		else
			printf("%s%s\n", indent, lines.lines[i]);
	}
	text_lines_release(&lines);
}

int
cli_print_json(const json_t *j)
{
	if (json_dumpf(j, stdout, JSON_INDENT(2)) != 0 || putchar('\n') == EOF)
		return cli_error("cannot write the JSON to stdout");
	return 0;
}

/* ---- input ------------------------------------------------------------ */

int
cli_interactive(void)
{
	return isatty(STDIN_FILENO);
}

/* The terminal whose echo is off, restored if a signal arrives. */
static volatile sig_atomic_t	cli_tty_fd = -1;
static struct termios		cli_tty_saved;

/* Restores the echo and dies of the signal as if nothing caught it. */
static void
cli_tty_signal(int sig)
{
	if (cli_tty_fd >= 0)
		tcsetattr(cli_tty_fd, TCSAFLUSH, &cli_tty_saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * Reads up to a newline from fd into b, at most CLI_LINE_MAX bytes; b is
 * sized once so no copy of a secret is left behind by a realloc. 0 for a
 * line, 1 for end of input before any byte, -1 with errno.
 */
static int
cli_read_line_fd(int fd, struct buf *b)
{
	ssize_t	n;
	char	ch;

	if (buf_grow(b, CLI_LINE_MAX + 1) != 0) {
		errno = ENOMEM;
		return -1;
	}
	for (;;) {
		n = read(fd, &ch, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return b->len > 0 ? 0 : 1;
		if (ch == '\n')
			return 0;
		if (b->len >= CLI_LINE_MAX) {
			errno = E2BIG;
			return -1;
		}
		buf_addc(b, ch);
	}
}

/* Turns b into the answer: drops a trailing CR, trims, detaches. */
static char *
cli_take_line(struct buf *b, int trim)
{
	char	*s, *start, *end;

	if (b->failed) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	s = b->data != NULL ? buf_detach(b) : xstrdup("");
	end = s + strlen(s);
	if (end > s && end[-1] == '\r')
		*--end = '\0';
	if (trim) {
		while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		start = s;
		while (*start == ' ' || *start == '\t')
			start++;
		memmove(s, start, strlen(start) + 1);
	}
	return s;
}

int
cli_prompt(const char *prompt, int echo, char **out, struct gerr *err)
{
	struct termios	 t;
	struct buf	 b = BUF_INIT;
	void		(*old_int)(int), (*old_term)(int), (*old_hup)(int);
	int		 fd, rc, quiet = 0;

	*out = NULL;
	fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return gerr_set(err, GERR_USAGE, 0, "no terminal to ask on "
		    "(give the answer as an option or on stdin)");
	if (write(fd, prompt, strlen(prompt)) < 0) {
		close(fd);
		return gerr_set(err, GERR_LOCAL, 0, "cannot write to the "
		    "terminal: %s", strerror(errno));
	}
	old_int = old_term = old_hup = SIG_DFL;
	if (!echo && tcgetattr(fd, &t) == 0) {
		cli_tty_saved = t;
		cli_tty_fd = fd;
		old_int = signal(SIGINT, cli_tty_signal);
		old_term = signal(SIGTERM, cli_tty_signal);
		old_hup = signal(SIGHUP, cli_tty_signal);
		t.c_lflag &= ~(tcflag_t)ECHO;
		t.c_lflag |= ECHONL;
		quiet = tcsetattr(fd, TCSAFLUSH, &t) == 0;
	}
	rc = cli_read_line_fd(fd, &b);
	if (quiet)
		tcsetattr(fd, TCSAFLUSH, &cli_tty_saved);
	if (!echo) {
		cli_tty_fd = -1;
		signal(SIGINT, old_int);
		signal(SIGTERM, old_term);
		signal(SIGHUP, old_hup);
	}
	close(fd);
	if (rc != 0) {
		if (b.data != NULL)
			explicit_bzero(b.data, b.len);
		buf_release(&b);
		if (rc > 0)
			return gerr_set(err, GERR_USAGE, 0, "no answer given");
		return gerr_set(err, GERR_LOCAL, 0, "cannot read the answer: "
		    "%s", strerror(errno));
	}
	*out = cli_take_line(&b, echo);
	return 0;
}

int
cli_read_stdin(const char *what, int trim, char **out, struct gerr *err)
{
	struct buf	b = BUF_INIT;
	int		rc;

	*out = NULL;
	rc = cli_read_line_fd(STDIN_FILENO, &b);
	if (rc != 0) {
		if (b.data != NULL)
			explicit_bzero(b.data, b.len);
		buf_release(&b);
		if (rc > 0)
			return gerr_set(err, GERR_USAGE, 0, "no %s on stdin "
			    "(pipe it in, e.g. from a password manager)",
			    what);
		return gerr_set(err, GERR_USAGE, 0, "cannot read the %s from "
		    "stdin: %s", what, strerror(errno));
	}
	*out = cli_take_line(&b, trim);
	if (**out == '\0') {
		cli_secret_free(out);
		return gerr_set(err, GERR_USAGE, 0, "empty %s on stdin", what);
	}
	return 0;
}

void
cli_secret_free(char **p)
{
	if (*p != NULL)
		explicit_bzero(*p, strlen(*p));
	FREE(p);
}

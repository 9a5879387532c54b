/*
 * guild buy: buys a course from the shell. Confirms, saves the purchase's
 * Idempotency-Key, creates the order, shows the checkout link (and its QR
 * code on a terminal), waits for the payment and prints the receipt.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "guild/shop.h"
#include "guild/text.h"
#include "guild/util.h"
#include "learn.h"

static int	cmd_buy_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_buy_entry = {
	.name = "buy",
	.usage = "ID|SLUG [--yes] [--no-wait] [--json]",
	.summary = "buy a course: pay at the checkout link, get the receipt",
	.help =
	    "Arguments:\n"
	    "  ID|SLUG    the course's number or slug\n"
	    "Options:\n"
	    "  --yes      buy without asking (needed when stdin is not a "
	    "terminal)\n"
	    "  --no-wait  print the checkout link and return (exit 0) "
	    "without waiting\n"
	    "  --json     print the final order as JSON (the link goes to "
	    "stderr)\n"
	    "Exit status: 0 when paid (or already yours; with --no-wait, once "
	    "the order\nis made), 1 when declined or failed, 130 after "
	    "Ctrl-C (the order stays\npending). A failed attempt can be run "
	    "again: it reuses the purchase's key,\nso it never buys twice.\n",
	.exec = cmd_buy_exec,
};

/* Give up polling after the server has failed this long in a row. */
#define BUY_GIVE_UP_SECONDS	120
/* Spinner frame time, milliseconds. */
#define BUY_TICK_MS		100

struct buy_opts {
	const char	*course;
	int		 yes;
	int		 no_wait;
	int		 json;
};

static volatile sig_atomic_t	buy_interrupted;

static void
buy_on_sigint(int sig)
{
	(void)sig;
	buy_interrupted = 1;
}

/* ---- what is shown ------------------------------------------------------ */

/* Prints the receipt of a paid order on stdout. */
static void
buy_receipt(const struct order *o, int ascii)
{
	char	*title, *slug, money[64], when[64];

	title = cli_clean(o->course_title, 0);
	slug = cli_clean(o->course_slug, 0);
	printf("Paid. Receipt:\n");
	printf("  order    %lld\n", (long long)o->id);
	printf("  course   %s (%s)\n", title, slug);
	printf("  amount   %s\n", money_format(&o->amount, ascii, money,
	    sizeof money));
	printf("  paid at  %s\n", learn_when(o->paid_at, when, sizeof when));
	printf("Start reading: guild lesson %s 1\n", slug);
	free(title);
	free(slug);
}

/*
 * Shows the checkout link (on stderr with --json) and, when stdout is a
 * terminal, its QR code.
 */
static void
buy_show_link(const struct buy_opts *opts, const struct order *o, int ascii)
{
	struct text_lines	 qr;
	struct gerr		 err;
	char			*url;
	size_t			 i;

	url = cli_clean(o->checkout_url, 0);
	if (opts->json) {
		fprintf(stderr, "guild: pay for order %lld at %s\n",
		    (long long)o->id, url);
		free(url);
		return;
	}
	printf("Pay at this link (keep it to yourself: whoever holds it can "
	    "pay):\n  %s\n", url);
	memset(&qr, 0, sizeof qr);
	gerr_clear(&err);
	if (isatty(STDOUT_FILENO)) {
		if (qr_render(url, ascii, &qr, &err) == 0) {
			printf("\nOr scan it with a phone:\n\n");
			for (i = 0; i < qr.n; i++)
				printf("  %s\n", qr.lines[i]);
			putchar('\n');
		} else {
			cli_warn("%s", err.msg);
		}
	}
	text_lines_release(&qr);
	free(url);
	fflush(stdout);
}

/* Says how to follow an order left pending by --no-wait. */
static void
buy_pending(const struct order *o)
{
	char *slug = cli_clean(o->course_slug, 0);

	printf("Order %lld is pending: guild order %lld shows its status, and "
	    "guild buy %s\nagain waits for it.\n", (long long)o->id,
	    (long long)o->id, slug);
	free(slug);
}

/* ---- waiting ------------------------------------------------------------ */

/* Draws the spinner's next frame on stderr. */
static void
buy_spin(int frame, int64_t id, int ascii)
{
	static const char *const braille[] = {
		"\xe2\xa0\x8b", "\xe2\xa0\x99", "\xe2\xa0\xb9", "\xe2\xa0\xb8",
		"\xe2\xa0\xbc", "\xe2\xa0\xb4", "\xe2\xa0\xa6", "\xe2\xa0\xa7",
		"\xe2\xa0\x87", "\xe2\xa0\x8f"
	};
	static const char *const plain[] = { "|", "/", "-", "\\" };
	const char *f = ascii ? plain[frame % 4] : braille[frame % 10];

	fprintf(stderr, "\r%s waiting for the payment of order %lld "
	    "(Ctrl-C stops waiting)\033[K", f, (long long)id);
	fflush(stderr);
}

/* Sleeps ms milliseconds in spinner ticks; stops early on Ctrl-C. */
static void
buy_sleep(int ms, int spinner, int *frame, int64_t id, int ascii)
{
	struct timespec ts;

	while (ms > 0 && !buy_interrupted) {
		if (spinner)
			buy_spin((*frame)++, id, ascii);
		ts.tv_sec = 0;
		ts.tv_nsec = (long)(ms < BUY_TICK_MS ? ms : BUY_TICK_MS) *
		    1000000L;
		nanosleep(&ts, NULL);
		ms -= BUY_TICK_MS;
	}
}

/*
 * Polls order o until it is no longer pending. 0 with *o (and *raw when
 * not NULL) replaced by the final order; 130 after Ctrl-C; or the exit
 * code after printing why waiting failed.
 */
static int
buy_wait(struct cli_ctx *ctx, struct order *o, json_t **raw, int ascii)
{
	struct sigaction	 sa, old;
	struct order		 now;
	struct gerr		 err, why;
	json_t			*j = NULL;
	time_t			 failing = 0;
	char			 path[64];
	int			 n = 0, frame = 0, rc = -1;
	int			 spinner = isatty(STDERR_FILENO);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = buy_on_sigint;
	sigemptyset(&sa.sa_mask);
	buy_interrupted = 0;
	sigaction(SIGINT, &sa, &old);
	if (!spinner)
		fprintf(stderr, "guild: waiting for the payment of order %lld "
		    "(Ctrl-C stops waiting)\n", (long long)o->id);
	snprintf(path, sizeof path, "/api/v1/orders/%lld", (long long)o->id);
	while (rc < 0) {
		buy_sleep(purchase_poll_delay(n++), spinner, &frame, o->id,
		    ascii);
		if (buy_interrupted) {
			rc = 130;
			break;
		}
		gerr_clear(&err);
		if (api_call(&ctx->client, "GET", path, NULL, &j, &err) != 0) {
			if (err.kind == GERR_AUTH || (err.kind == GERR_HTTP &&
			    err.status == 404)) {
				rc = -2;
				break;
			}
			if (failing == 0)
				failing = time(NULL);
			if (time(NULL) - failing > BUY_GIVE_UP_SECONDS) {
				rc = -2;
				break;
			}
			continue;
		}
		failing = 0;
		gerr_clear(&why);
		memset(&now, 0, sizeof now);
		if (order_from_json(j, &now, &why) != 0) {
			order_release(&now);
			json_decref(j);
			j = NULL;
			gerr_set(&err, GERR_PROTO, 0, "cannot read order %lld "
			    "sent by %s: %s", (long long)o->id,
			    ctx->client.server, why.msg);
			rc = -2;
			break;
		}
		if (now.status == ORDER_PENDING) {
			order_release(&now);
			json_decref(j);
			j = NULL;
			continue;
		}
		order_release(o);
		*o = now;
		if (raw != NULL) {
			json_decref(*raw);
			*raw = j;
		} else {
			json_decref(j);
		}
		j = NULL;
		rc = 0;
	}
	sigaction(SIGINT, &old, NULL);
	if (spinner) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	if (rc == 130) {
		cli_error("still pending: guild order %lld shows its status; "
		    "the checkout link stays valid", (long long)o->id);
		return 130;
	}
	if (rc == -2) {
		cli_error("stopped waiting for order %lld: %s (guild order "
		    "%lld shows its status later; the checkout link stays "
		    "valid)", (long long)o->id, err.msg, (long long)o->id);
		return err.kind == GERR_AUTH ? 4 : 1;
	}
	return 0;
}

/* ---- the outcome -------------------------------------------------------- */

/*
 * Reports a final order and forgets its key. Returns the exit code:
 * 0 paid (or canceled because the course is already the buyer's), 1
 * otherwise.
 */
static int
buy_final(struct cli_ctx *ctx, const struct buy_opts *opts,
    const struct order *o, json_t *raw, int ascii)
{
	struct gerr	 err;
	char		*why, *slug;
	int		 rc = 1, out_err;

	gerr_clear(&err);
	if (purchase_forget(&ctx->client, o->course_id, &err) != 0)
		cli_warn("%s", err.msg);
	why = cli_clean(purchase_reason_text(o->failure_reason), 0);
	slug = cli_clean(o->course_slug, 0);
	out_err = opts->json && raw != NULL && cli_print_json(raw) != 0;
	switch (o->status) {
	case ORDER_PAID:
		if (!opts->json)
			buy_receipt(o, ascii);
		rc = 0;
		break;
	case ORDER_FAILED:
		cli_error("payment declined: %s (order %lld); nothing was "
		    "charged. Try again, with another card: guild buy %s", why,
		    (long long)o->id, slug);
		rc = 1;
		break;
	case ORDER_CANCELED:
		if (o->failure_reason != NULL &&
		    strcmp(o->failure_reason, "already_owned") == 0) {
			if (!opts->json)
				printf("Order %lld was canceled: you already "
				    "own %s, so nothing was charged (guild "
				    "library).\n", (long long)o->id, slug);
			rc = 0;
		} else {
			cli_error("order %lld was canceled: %s; nothing was "
			    "charged. Buy again: guild buy %s",
			    (long long)o->id, why, slug);
			rc = 1;
		}
		break;
	default:
		cli_error("order %lld is %s", (long long)o->id,
		    order_status_name(o->status));
		rc = 1;
		break;
	}
	free(why);
	free(slug);
	return out_err ? 1 : rc;
}

/* The course is already the member's: says so. Returns 0. */
static int
buy_owned(const struct buy_opts *opts, const struct course *c)
{
	char *title = cli_clean(c->title, 0), *slug = cli_clean(c->slug, 0);

	if (opts->json)
		fprintf(stderr, "guild: you already own %s (%s)\n", title,
		    slug);
	else
		printf("You already own %s: it is in your library (guild "
		    "library); read it with guild lesson %s 1.\n", title, slug);
	free(title);
	free(slug);
	return 0;
}

/* Asks "Buy TITLE for PRICE? [y/N]". 0 for yes, else the exit code. */
static int
buy_confirm(const struct course *c, int ascii)
{
	struct gerr	 err;
	char		*title, *answer = NULL, *prompt, money[64];
	int		 yes;

	title = cli_clean(c->title, 0);
	prompt = xasprintf("Buy %s for %s? [y/N] ", title,
	    money_format(&c->price, ascii, money, sizeof money));
	free(title);
	gerr_clear(&err);
	fflush(stdout);
	if (cli_prompt(prompt, 1, &answer, &err) != 0) {
		free(prompt);
		return cli_fail(&err);
	}
	free(prompt);
	yes = strcasecmp(answer, "y") == 0 || strcasecmp(answer, "yes") == 0;
	free(answer);
	if (!yes) {
		fprintf(stderr, "guild: not bought\n");
		return 1;
	}
	return 0;
}

/* Makes sure the buyer's name is known: the purchase's key is theirs. */
static int
buy_know_user(struct cli_ctx *ctx)
{
	struct user	u;
	struct gerr	err;

	if (ctx->client.username != NULL)
		return 0;
	gerr_clear(&err);
	if (api_me(&ctx->client, &u, &err) != 0)
		return cli_fail(&err);
	ctx->client.username = xstrdup(u.username != NULL ? u.username : "");
	user_release(&u);
	return 0;
}

/*
 * Handles a failed order request: keeps the key when the request may be
 * sent again, forgets it when the answer is final. Returns the exit code.
 */
static int
buy_order_failed(struct cli_ctx *ctx, const struct buy_opts *opts,
    const struct course *c, const struct gerr *err)
{
	struct course	now;
	struct gerr	e;
	int		final;

	if (err->kind == GERR_NET)
		return cli_error("could not reach the server (%s); run the "
		    "same command again: it reuses the saved key, so it "
		    "cannot buy twice", err->msg);
	final = err->kind == GERR_HTTP && (err->status == 404 ||
	    err->status == 409 || err->status == 422);
	gerr_clear(&e);
	if (final && purchase_forget(&ctx->client, c->id, &e) != 0)
		cli_warn("%s", e.msg);
	if (err->kind == GERR_HTTP && err->status == 409) {
		gerr_clear(&e);
		if (api_course(&ctx->client, c->slug, &now, NULL, &e) == 0 &&
		    now.owned) {
			course_release(&now);
			return buy_owned(opts, c);
		}
		if (e.kind == GERR_NONE)
			course_release(&now);
	}
	if (err->kind == GERR_HTTP && err->status == 422)
		return cli_error("%s (run the command again: it will use a new "
		    "key)", err->msg);
	return cli_fail(err);
}

static int
cmd_buy_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "yes", no_argument, NULL, 'y' },
		{ "no-wait", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct buy_opts	 opts;
	struct course	 c;
	struct order	 o;
	struct gerr	 err;
	json_t		*raw = NULL;
	char		*key, *title, money[64];
	int		 ch, rc, ascii;

	memset(&opts, 0, sizeof opts);
	for (;;) {
		ch = getopt_long(argc, argv, "hy", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'y':
			opts.yes = 1;
			break;
		case 'n':
			opts.no_wait = 1;
			break;
		case 'j':
			opts.json = 1;
			break;
		case 'h':
			return cli_help(&cmd_buy_entry);
		default:
			return cli_usage(&cmd_buy_entry);
		}
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_buy_entry, "missing the course ID "
		    "or slug");
	if (optind + 1 < argc)
		return cli_usage_error(&cmd_buy_entry, "unexpected argument "
		    "'%s'", argv[optind + 1]);
	opts.course = argv[optind];
	if (*opts.course == '\0')
		return cli_usage_error(&cmd_buy_entry, "empty course ID");
	if (!opts.yes && !cli_interactive())
		return cli_usage_error(&cmd_buy_entry, "stdin is not a "
		    "terminal, so there is nobody to confirm: add --yes to buy "
		    "without asking");
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	if (ctx->client.offline)
		return cli_error("offline: cannot buy while offline");
	rc = learn_need_token(ctx);
	if (rc != 0)
		return rc;
	ascii = cli_ascii(ctx);

	gerr_clear(&err);
	if (api_course(&ctx->client, opts.course, &c, NULL, &err) != 0) {
		if (err.kind == GERR_HTTP && err.status == 404)
			return cli_error("%s (guild courses lists them)",
			    err.msg);
		return cli_fail(&err);
	}
	/*
	 * A course already owned is not asked about, but still goes through
	 * the order: a key saved by an earlier attempt gets that attempt's
	 * order and receipt; a new key gets 409, "already owned".
	 */
	rc = buy_know_user(ctx);
	if (rc == 0 && !opts.json && !c.owned) {
		title = cli_clean(c.title, 0);
		printf("%s\n%s\n", title, money_format(&c.price, ascii, money,
		    sizeof money));
		free(title);
	}
	if (rc == 0 && !opts.yes && !c.owned)
		rc = buy_confirm(&c, ascii);
	if (rc != 0) {
		course_release(&c);
		return rc;
	}

	/* The key is on disk before anything is sent. */
	key = purchase_key(&ctx->client, c.id, &err);
	if (key == NULL) {
		course_release(&c);
		return cli_fail(&err);
	}
	rc = purchase_order(&ctx->client, c.id, key, &o, opts.json ? &raw :
	    NULL, &err);
	free(key);
	if (rc != 0) {
		rc = buy_order_failed(ctx, &opts, &c, &err);
		course_release(&c);
		return rc;
	}
	course_release(&c);
	if (o.status == ORDER_PENDING) {
		buy_show_link(&opts, &o, ascii);
		if (opts.no_wait) {
			if (opts.json)
				rc = cli_print_json(raw);
			else
				buy_pending(&o);
			json_decref(raw);
			order_release(&o);
			return rc;
		}
		rc = buy_wait(ctx, &o, opts.json ? &raw : NULL, ascii);
		if (rc != 0) {
			json_decref(raw);
			order_release(&o);
			return rc;
		}
	}
	rc = buy_final(ctx, &opts, &o, raw, ascii);
	json_decref(raw);
	order_release(&o);
	return rc;
}

/*
 * guild insights: the operator's retention, growth, activity and
 * lifetime value over a window (with the series per step), the cohort
 * triangle and the revenue per course, as tables or as the server's JSON.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "discuss.h"
#include "guild/buf.h"
#include "guild/insights.h"
#include "guild/model.h"
#include "guild/util.h"

static int	cmd_insights_exec(struct cli_ctx *, int, char **);

const struct cmd_entry cmd_insights_entry = {
	.name = "insights",
	.usage = "[cohorts|revenue] [--from DATE] [--to DATE] "
	    "[--step day|week|month]\n"
	    "                [--segment LEVEL] [--json]",
	.summary = "retention, growth, activity, CLV (operators)",
	.help =
	    "Without a report: the summary (retention R, growth G, activity "
	    "A, CLV and\nthe ARPU / churn estimate, with the counts they come "
	    "from) and the series,\none line per step. Reports:\n"
	    "  cohorts        the cohort triangle: members by the step they "
	    "joined in,\n"
	    "                 the share active in each later step\n"
	    "  revenue        net revenue per course (paid minus refunded), "
	    "with totals\n"
	    "Options:\n"
	    "  --from DATE    start of the window: YYYY-MM-DD or RFC 3339 "
	    "(default: --to\n"
	    "                 minus 28 days)\n"
	    "  --to DATE      end of the window, excluded (default: the end "
	    "of today)\n"
	    "  --step STEP    day, week (the default) or month\n"
	    "  --segment L    only members at level L: beginner, intermediate "
	    "or advanced\n"
	    "  --json         print the server's JSON (without a report: "
	    "{\"summary\": ...,\n"
	    "                 \"series\": ...}, the two answers it is made "
	    "of)\n"
	    "Dates and steps are UTC whatever the local time zone. Operators "
	    "only.\n",
	.exec = cmd_insights_exec,
};

/* The window options, as given (NULL: the server's default). */
struct insights_opts {
	const char	*from;
	const char	*to;
	const char	*step;
	const char	*segment;
	int		 json;
	int		 ascii;
};

/* ---- requests ----------------------------------------------------------- */

/* "/api/v1/analytics/ROUTE?..." with the options escaped; caller frees. */
static char *
insights_path(const char *route, const struct insights_opts *o)
{
	const char	*keys[4] = { "from", "to", "step", "segment" };
	const char	*vals[4];
	struct buf	 b = BUF_INIT;
	char		*esc;
	int		 i, first = 1;

	vals[0] = o->from;
	vals[1] = o->to;
	vals[2] = o->step;
	vals[3] = o->segment;
	buf_printf(&b, "/api/v1/analytics/%s", route);
	for (i = 0; i < 4; i++) {
		if (vals[i] == NULL)
			continue;
		esc = discuss_escape(vals[i]);
		buf_printf(&b, "%c%s=%s", first ? '?' : '&', keys[i], esc);
		free(esc);
		first = 0;
	}
	if (b.failed) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	return buf_detach(&b);
}

/*
 * Says why a member may not see insights: "insights are for operators;
 * you are logged in as NAME (ROLE)". Returns 1, the exit code of an
 * error answer.
 */
static int
insights_forbidden(struct cli_ctx *ctx)
{
	struct user	 me;
	struct gerr	 err;
	json_t		*j = NULL;
	char		*name;
	int		 rc;

	memset(&me, 0, sizeof me);
	gerr_clear(&err);
	if (api_call(&ctx->client, "GET", "/api/v1/me", NULL, &j, &err) != 0 ||
	    user_from_json(j, &me, &err) != 0) {
		json_decref(j);
		user_release(&me);
		return cli_error("insights are for operators; you are not "
		    "one on %s", ctx->client.server);
	}
	name = cli_clean(me.username, 0);
	rc = cli_error("insights are for operators; you are logged in as %s "
	    "(%s)", name, role_name(me.role));
	free(name);
	json_decref(j);
	user_release(&me);
	return rc;
}

/*
 * GET analytics route with the options. 0 with *out (caller decrefs),
 * or the exit code after printing why not (403: insights_forbidden).
 */
static int
insights_get(struct cli_ctx *ctx, const char *route,
    const struct insights_opts *o, json_t **out)
{
	struct gerr	 err;
	char		*path = insights_path(route, o);
	int		 rc;

	gerr_clear(&err);
	*out = NULL;
	rc = api_call(&ctx->client, "GET", path, NULL, out, &err);
	free(path);
	if (rc == 0)
		return 0;
	if (err.kind == GERR_HTTP && err.status == 403)
		return insights_forbidden(ctx);
	return cli_fail(&err);
}

/* "cannot read the insights sent by URL: WHY"; returns 1. */
static int
insights_unreadable(struct cli_ctx *ctx, const struct gerr *why)
{
	return cli_error("cannot read the insights sent by %s: %s",
	    ctx->client.server, why->msg);
}

/* ---- formatting --------------------------------------------------------- */

/* fen as money: "¥100.00" (also for 0, where money_format says free). */
static char *
insights_money(int64_t fen, int ascii, char *out, size_t outsz)
{
	struct money	m;

	if (fen == 0) {
		snprintf(out, outsz, "%s0.00", ascii ? "CNY " : "\xc2\xa5");
		return out;
	}
	m.amount = fen;
	memcpy(m.currency, "CNY", 4);
	return money_format(&m, ascii, out, outsz);
}

/* A ratio as "0.33", or "undefined (REASON)" (sanitized). */
static char *
insights_ratio(const struct ratio *r, int pct, char *out, size_t outsz)
{
	char	*why;

	if (r->defined)
		return ratio_format(r, pct, out, outsz);
	why = cli_clean(r->reason, 0);
	snprintf(out, outsz, "undefined (%s)", why);
	free(why);
	return out;
}

/* A ratio of fen as money, or "undefined (REASON)" (sanitized). */
static char *
insights_money_ratio(const struct ratio *r, int ascii, char *out,
    size_t outsz)
{
	if (r->defined)
		return insights_money((int64_t)llround(r->value), ascii, out,
		    outsz);
	return insights_ratio(r, 0, out, outsz);
}

/* The date of an RFC 3339 time ("2026-11-24"), sanitized; caller frees. */
static char *
insights_date(const char *when)
{
	char	*s = cli_clean(when, 0);

	if (strlen(s) > 10 && s[10] == 'T' && strcmp(s + 11, "00:00:00Z") == 0)
		s[10] = '\0';
	return s;
}

/* "Insights from A to B (UTC, B excluded), by STEP, SEGMENT" and a blank. */
static void
insights_title(const char *what, const struct insights_window *w)
{
	char	*from = insights_date(w->from), *to = insights_date(w->to);
	char	*step = cli_clean(w->step, 0);
	char	*seg = w->segment != NULL ? cli_clean(w->segment, 0) : NULL;

	printf("%s from %s to %s (UTC, %s excluded), by %s, %s members\n\n",
	    what, from, to, to, step, seg != NULL ? seg : "all");
	free(from);
	free(to);
	free(step);
	free(seg);
}

/* ---- the summary and series -------------------------------------------- */

/* Prints the summary table of s. */
static void
insights_print_summary(const struct insights_summary *s,
    const struct insights_opts *o)
{
	char	a[160], b[64], c[64], d[64];
	char	*label = cli_clean(s->arpu_label != NULL ? s->arpu_label :
		    "ARPU / churn estimate", 0);
	char	*step = cli_clean(s->window.step, 0);

	printf("  %-18s %s\n", "Retention R", insights_ratio(&s->retention,
	    0, a, sizeof a));
	printf("  %-18s %+lld  (members %lld at the start, %lld at the "
	    "end)\n", "Growth G", (long long)s->growth,
	    (long long)s->members_start, (long long)s->members_end);
	printf("  %-18s %s  (%lld interaction%s)\n", "Activity A",
	    insights_ratio(&s->activity, 0, a, sizeof a),
	    (long long)s->interactions, s->interactions == 1 ? "" : "s");
	printf("  %-18s %s  (%s net spent)\n", "Average spend C",
	    insights_money_ratio(&s->average_spend, o->ascii, a, sizeof a),
	    insights_money(s->spent, o->ascii, b, sizeof b));
	printf("  %-18s %s  (C / R)\n", "CLV",
	    insights_money_ratio(&s->clv, o->ascii, a, sizeof a));
	printf("  %-18s %s  (%s: ARPU %s and churn %s per %s)\n",
	    "CLV estimate", insights_money_ratio(&s->arpu_clv, o->ascii, a,
	    sizeof a), label, insights_money_ratio(&s->arpu_per_step,
	    o->ascii, b, sizeof b), insights_ratio(&s->churn_per_step, 0, c,
	    sizeof c), step);
	printf("\n  Members at start %lld, at end %lld; interactions %lld; "
	    "spent %s\n", (long long)s->members_start,
	    (long long)s->members_end, (long long)s->interactions,
	    insights_money(s->spent, o->ascii, d, sizeof d));
	free(label);
	free(step);
}

static const struct discuss_col series_cols[] = {
	{ "START", 0, 0, 0, 0 },
	{ "MEMBERS", 1, 0, 0, 0 },
	{ "ACTIVE", 1, 0, 0, 0 },
	{ "R", 1, 0, 0, 0 },
	{ "G", 1, 0, 0, 0 },
	{ "A", 1, 0, 0, 0 },
	{ "SPENT", 1, 0, 0, 0 },
};

/* A ratio cell: "0.33" or "undefined" (its reason goes below the table). */
static char *
insights_cell(const struct ratio *r, int pct)
{
	char	buf[32];

	return xstrdup(ratio_format(r, pct, buf, sizeof buf));
}

/*
 * Adds r's reason to the list of distinct reasons (sanitized, owned) so
 * each is explained once below a table.
 */
static void
insights_note(const struct ratio *r, char ***notes, size_t *n)
{
	char	*why;
	size_t	 i;

	if (r->defined || r->reason == NULL)
		return;
	why = cli_clean(r->reason, 0);
	for (i = 0; i < *n; i++) {
		if (strcmp((*notes)[i], why) == 0) {
			free(why);
			return;
		}
	}
	*notes = xrealloc(*notes, (*n + 1) * sizeof **notes);
	(*notes)[(*n)++] = why;
}

/* Prints "undefined: REASON" for each note, then frees them. */
static void
insights_notes_print(char **notes, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		printf("undefined: %s\n", notes[i]);
		free(notes[i]);
	}
	free(notes);
}

/* Prints the series as a table, one line per step. */
static void
insights_print_series(const struct insights_series *s,
    const struct insights_opts *o)
{
	struct discuss_table	 t = { series_cols, 7, NULL, 0 };
	const struct insights_step *st;
	char			*row[7], money[64], **notes = NULL;
	size_t			 i, nnotes = 0;

	for (i = 0; i < s->n; i++) {
		st = &s->items[i];
		row[0] = insights_date(st->start);
		row[1] = xasprintf("%lld", (long long)st->members);
		row[2] = xasprintf("%lld", (long long)st->active);
		row[3] = insights_cell(&st->retention, 0);
		row[4] = xasprintf("%+lld", (long long)st->growth);
		row[5] = insights_cell(&st->activity, 0);
		row[6] = xstrdup(insights_money(st->spent, o->ascii, money,
		    sizeof money));
		discuss_table_add(&t, row);
		insights_note(&st->retention, &notes, &nnotes);
		insights_note(&st->activity, &notes, &nnotes);
	}
	discuss_table_print(&t, cli_width(), o->ascii);
	discuss_table_release(&t);
	insights_notes_print(notes, nnotes);
}

/* guild insights: the summary, then the series. */
static int
insights_summary_run(struct cli_ctx *ctx, const struct insights_opts *o)
{
	struct insights_summary	 s;
	struct insights_series	 r;
	struct gerr		 why;
	json_t			*js, *jr, *both;
	int			 rc;

	rc = insights_get(ctx, "summary", o, &js);
	if (rc != 0)
		return rc;
	rc = insights_get(ctx, "series", o, &jr);
	if (rc != 0) {
		json_decref(js);
		return rc;
	}
	if (o->json) {
		both = json_pack("{s:o,s:o}", "summary", js, "series", jr);
		rc = both != NULL ? cli_print_json(both) : 1;
		json_decref(both);
		return rc;
	}
	gerr_clear(&why);
	if (insights_summary_from_json(js, &s, &why) != 0)
		rc = insights_unreadable(ctx, &why);
	else if (insights_series_from_json(jr, &r, &why) != 0) {
		insights_summary_release(&s);
		rc = insights_unreadable(ctx, &why);
	} else {
		insights_title("Insights", &s.window);
		insights_print_summary(&s, o);
		printf("\n");
		insights_print_series(&r, o);
		insights_summary_release(&s);
		insights_series_release(&r);
	}
	json_decref(js);
	json_decref(jr);
	return rc;
}

/* ---- cohorts ------------------------------------------------------------ */

/* Prints the cohort triangle: a row per cohort, a column per step after. */
static void
insights_print_cohorts(const struct insights_cohorts *c,
    const struct insights_opts *o)
{
	struct discuss_col	*cols;
	struct discuss_table	 t;
	char			**row, **heads, **notes = NULL;
	size_t			 i, j, ncols = c->n + 2, nnotes = 0;

	cols = xcalloc(ncols, sizeof *cols);
	heads = xcalloc(ncols, sizeof *heads);
	cols[0].head = "COHORT";
	cols[1].head = "SIZE";
	cols[1].right = 1;
	for (j = 0; j < c->n; j++) {
		heads[j + 2] = xasprintf("+%zu", j);
		cols[j + 2].head = heads[j + 2];
		cols[j + 2].right = 1;
	}
	memset(&t, 0, sizeof t);
	t.cols = cols;
	t.ncols = (int)ncols;
	row = xcalloc(ncols, sizeof *row);
	for (i = 0; i < c->n; i++) {
		row[0] = insights_date(c->items[i].start);
		row[1] = xasprintf("%lld", (long long)c->items[i].size);
		for (j = 0; j < c->n; j++) {
			if (j >= c->items[i].n) {
				row[j + 2] = xstrdup("");
				continue;
			}
			row[j + 2] = insights_cell(&c->items[i].retention[j],
			    1);
			insights_note(&c->items[i].retention[j], &notes,
			    &nnotes);
		}
		discuss_table_add(&t, row);
	}
	discuss_table_print(&t, cli_width(), o->ascii);
	discuss_table_release(&t);
	insights_notes_print(notes, nnotes);
	for (j = 0; j < ncols; j++)
		free(heads[j]);
	free(heads);
	free(cols);
	free(row);
}

/* ---- revenue ------------------------------------------------------------ */

static const struct discuss_col revenue_cols[] = {
	{ "COURSE", 0, 0, 1, 12 },
	{ "PAID", 1, 0, 0, 0 },
	{ "REFUNDED", 1, 0, 0, 0 },
	{ "NET", 1, 0, 0, 0 },
};

/* Prints the revenue per course and the totals. */
static void
insights_print_revenue(const struct insights_revenue *r,
    const struct insights_opts *o)
{
	struct discuss_table	 t = { revenue_cols, 4, NULL, 0 };
	const struct revenue_course *c;
	char			*row[4], *title, *slug, m[64];
	int64_t			 paid = 0, refunded = 0, net = 0;
	size_t			 i;

	if (r->n == 0) {
		printf("No course was paid for or refunded in this window.\n");
		return;
	}
	for (i = 0; i < r->n; i++) {
		c = &r->items[i];
		title = cli_clean(c->title != NULL ? c->title : "", 0);
		slug = cli_clean(c->slug != NULL ? c->slug : "", 0);
		if (*slug == '\0')
			row[0] = xasprintf("%s (course %lld)", title,
			    (long long)c->course_id);
		else if (strcmp(title, slug) == 0)
			row[0] = xstrdup(title);
		else
			row[0] = xasprintf("%s (%s)", title, slug);
		free(title);
		free(slug);
		row[1] = xstrdup(insights_money(c->paid, o->ascii, m,
		    sizeof m));
		row[2] = xstrdup(insights_money(c->refunded, o->ascii, m,
		    sizeof m));
		row[3] = xstrdup(insights_money(c->net, o->ascii, m,
		    sizeof m));
		discuss_table_add(&t, row);
		paid += c->paid;
		refunded += c->refunded;
		net += c->net;
	}
	row[0] = xstrdup("TOTAL");
	row[1] = xstrdup(insights_money(paid, o->ascii, m, sizeof m));
	row[2] = xstrdup(insights_money(refunded, o->ascii, m, sizeof m));
	row[3] = xstrdup(insights_money(net, o->ascii, m, sizeof m));
	discuss_table_add(&t, row);
	discuss_table_print(&t, cli_width(), o->ascii);
	discuss_table_release(&t);
}

/* ---- reports ------------------------------------------------------------- */

/* guild insights cohorts|revenue: one answer, decoded and printed. */
static int
insights_report_run(struct cli_ctx *ctx, const char *report,
    const struct insights_opts *o)
{
	struct insights_cohorts	 c;
	struct insights_revenue	 r;
	struct gerr		 why;
	json_t			*j;
	int			 rc, cohorts = strcmp(report, "cohorts") == 0;

	rc = insights_get(ctx, report, o, &j);
	if (rc != 0)
		return rc;
	if (o->json) {
		rc = cli_print_json(j);
		json_decref(j);
		return rc;
	}
	gerr_clear(&why);
	if (cohorts && insights_cohorts_from_json(j, &c, &why) == 0) {
		insights_title("Cohorts", &c.window);
		insights_print_cohorts(&c, o);
		insights_cohorts_release(&c);
	} else if (!cohorts && insights_revenue_from_json(j, &r, &why) == 0) {
		insights_title("Revenue", &r.window);
		insights_print_revenue(&r, o);
		insights_revenue_release(&r);
	} else
		rc = insights_unreadable(ctx, &why);
	json_decref(j);
	return rc;
}

static int
cmd_insights_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "step", required_argument, NULL, 's' },
		{ "segment", required_argument, NULL, 'g' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct insights_opts	 o;
	const char		*report = NULL;
	enum level		 lv;
	int			 ch, rc;

	memset(&o, 0, sizeof o);
	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'f':
			o.from = optarg;
			break;
		case 't':
			o.to = optarg;
			break;
		case 's':
			if (strcmp(optarg, "day") != 0 &&
			    strcmp(optarg, "week") != 0 &&
			    strcmp(optarg, "month") != 0)
				return cli_usage_error(&cmd_insights_entry,
				    "bad --step '%s' (use day, week or month)",
				    optarg);
			o.step = optarg;
			break;
		case 'g':
			if (level_parse(optarg, &lv) != 0)
				return cli_usage_error(&cmd_insights_entry,
				    "bad --segment '%s' (use beginner, "
				    "intermediate or advanced)", optarg);
			o.segment = level_name(lv);
			break;
		case 'j':
			o.json = 1;
			break;
		case 'h':
			return cli_help(&cmd_insights_entry);
		default:
			return cli_usage(&cmd_insights_entry);
		}
	}
	if (optind < argc)
		report = argv[optind++];
	if (optind < argc)
		return cli_usage_error(&cmd_insights_entry, "unexpected "
		    "argument '%s'", argv[optind]);
	if (report != NULL && strcmp(report, "cohorts") != 0 &&
	    strcmp(report, "revenue") != 0)
		return cli_usage_error(&cmd_insights_entry, "unknown report "
		    "'%s' (use cohorts or revenue)", report);
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	rc = discuss_need_token(ctx);
	if (rc != 0)
		return rc;
	o.ascii = cli_ascii(ctx);
	if (report == NULL)
		return insights_summary_run(ctx, &o);
	return insights_report_run(ctx, report, &o);
}

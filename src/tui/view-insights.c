/*
 * The Insights pane, for operators: retention, growth, activity and
 * lifetime value as numbers with sparklines over the window's steps, a
 * bar chart of the members gained per step, one of the net revenue per
 * step (with the best-selling courses), and the cohort triangle shaded
 * by retention. s cycles the segment (all, beginner, intermediate,
 * advanced), d asks for a window ("2026-06-01 2026-11-01 week"), r
 * reloads. Four requests run side by side (summary, series, cohorts,
 * revenue); every draw lays the charts out again from the data for the
 * size shown: stacked and scrolled (j/k, PgDn) on a small terminal, in
 * two columns on a wide one. Undefined ratios say "undefined" and why.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guild/buf.h"
#include "guild/insights.h"
#include "guild/text.h"
#include "guild/timeutil.h"
#include "guild/util.h"

#include "chart.h"
#include "ui.h"

/* The default window: this many days up to the end of today (UTC). */
#define INS_DEFAULT_DAYS	84
/* From this many columns the sections stand in two columns. */
#define INS_WIDE_COLS		140
/* Chart rows when stacked; between these when side by side. */
#define INS_CHART_ROWS		6
#define INS_CHART_MIN		4
#define INS_CHART_MAX		12
/* Columns of the y-axis labels beside a chart. */
#define INS_AXIS_COLS		11
/* Courses listed under the revenue chart. */
#define INS_TOP_COURSES		5

/* The answers the pane is made of, one request each. */
enum ins_part {
	PART_SUMMARY = 0,
	PART_SERIES,
	PART_COHORTS,
	PART_REVENUE,
	PART_COUNT
};

static const char *const part_route[PART_COUNT] = {
	"summary", "series", "cohorts", "revenue"
};
static const char *const part_what[PART_COUNT] = {
	"Loading the summary", "Loading the series", "Loading the cohorts",
	"Loading the revenue"
};

/* The segments s cycles through; NULL is everyone. */
static const char *const segments[] = {
	NULL, "beginner", "intermediate", "advanced"
};

struct insights_view;

/* One request and what became of it. */
struct ins_slot {
	struct ui_fetch		 fetch;
	struct insights_view	*iv;
	enum ins_part		 part;
	int			 loaded;	/* its data is there */
	int			 failed;	/* the last request failed */
};

/* The window asked for: dates as typed (YYYY-MM-DD) and the step. */
struct ins_window {
	char	from[16];
	char	to[16];
	char	step[8];
};

struct insights_view {
	struct view		 view;
	struct ins_slot		 slot[PART_COUNT];
	struct insights_summary	 sum;
	struct insights_series	 ser;
	struct insights_cohorts	 coh;
	struct insights_revenue	 rev;
	struct ins_window	 win;
	struct ins_window	 prev;		/* before the last change */
	int			 trying;	/* prev is to come back on 422 */
	int			 refused;	/* a 422 of this round was shown */
	size_t			 segment;	/* index into segments */
	int			 reloading;	/* say so when all arrived */
	int			 forbidden;	/* the server said 403 */
	size_t			 top;		/* first line shown */
	size_t			 lines;		/* lines at the last draw */
	int			 height;	/* rows at the last draw */
	int			 prompting;	/* d: typing a window */
	struct ui_edit		 edit;
};

/* ---- Requests ------------------------------------------------------ */

/* The path of part for the window and segment asked for; caller frees. */
static char *
ins_path(const struct insights_view *iv, enum ins_part part)
{
	const char *seg = segments[iv->segment];

	return xasprintf("/api/v1/analytics/%s?from=%s&to=%s&step=%s%s%s",
	    part_route[part], iv->win.from, iv->win.to, iv->win.step,
	    seg != NULL ? "&segment=" : "", seg != NULL ? seg : "");
}

static int	ins_take(struct insights_view *, enum ins_part, json_t *,
		    struct gerr *);

/*
 * Starts every request again (they cancel the ones in flight). A part
 * not shown yet is painted at once from the cache when it has this
 * window, then revalidated.
 */
static void
ins_request(struct insights_view *iv)
{
	struct gerr perr;
	json_t *cached;
	size_t i;
	char *path;

	iv->refused = 0;
	for (i = 0; i < PART_COUNT; i++) {
		path = ins_path(iv, (enum ins_part)i);
		if (!iv->slot[i].loaded) {
			cached = api_cached(iv->view.ui->client, path);
			gerr_clear(&perr);
			if (cached != NULL && ins_take(iv, (enum ins_part)i,
			    cached, &perr) == 0)
				iv->slot[i].loaded = 1;
			json_decref(cached);
		}
		ui_fetch_get(&iv->slot[i].fetch, path, part_what[i]);
		free(path);
	}
}

/* 1 while any request is in flight. */
static int
ins_busy(const struct insights_view *iv)
{
	size_t i;

	for (i = 0; i < PART_COUNT; i++)
		if (ui_fetch_busy(&iv->slot[i].fetch))
			return 1;
	return 0;
}

/* Decodes body into part's data, replacing what was there. 0 or -1. */
static int
ins_take(struct insights_view *iv, enum ins_part part, json_t *body,
    struct gerr *err)
{
	switch (part) {
	case PART_SUMMARY: {
		struct insights_summary s;

		memset(&s, 0, sizeof(s));
		if (insights_summary_from_json(body, &s, err) < 0) {
			insights_summary_release(&s);
			return -1;
		}
		insights_summary_release(&iv->sum);
		iv->sum = s;
		return 0;
	}
	case PART_SERIES: {
		struct insights_series s;

		memset(&s, 0, sizeof(s));
		if (insights_series_from_json(body, &s, err) < 0) {
			insights_series_release(&s);
			return -1;
		}
		insights_series_release(&iv->ser);
		iv->ser = s;
		return 0;
	}
	case PART_COHORTS: {
		struct insights_cohorts c;

		memset(&c, 0, sizeof(c));
		if (insights_cohorts_from_json(body, &c, err) < 0) {
			insights_cohorts_release(&c);
			return -1;
		}
		insights_cohorts_release(&iv->coh);
		iv->coh = c;
		return 0;
	}
	case PART_REVENUE: {
		struct insights_revenue r;

		memset(&r, 0, sizeof(r));
		if (insights_revenue_from_json(body, &r, err) < 0) {
			insights_revenue_release(&r);
			return -1;
		}
		insights_revenue_release(&iv->rev);
		iv->rev = r;
		return 0;
	}
	case PART_COUNT:
		break;
	}
	return -1;
}

/*
 * A request failed: a 403 says the pane is not for this account, a 422
 * for a new window puts the window back as it was (the data shown is
 * still its; the message is shown once for the four requests), anything
 * else is shown as it is.
 */
static void
ins_failed(struct insights_view *iv, struct ins_slot *s,
    const struct gerr *err)
{
	struct ui *ui = iv->view.ui;

	s->failed = 1;
	iv->reloading = 0;
	if (err->kind == GERR_HTTP && err->status == 403) {
		iv->forbidden = 1;
		ui_message(ui, UI_MSG_ERROR, "Insights are for operators: "
		    "this account cannot read them");
		return;
	}
	/* Each request of the round says the same: show it once. */
	if (err->kind == GERR_HTTP && err->status == 422 && iv->refused)
		return;
	if (err->kind == GERR_HTTP && err->status == 422 && iv->trying) {
		iv->trying = 0;
		iv->refused = 1;
		iv->win = iv->prev;
		ui_error(ui, "the server refused that window", err);
		return;
	}
	ui_error(ui, NULL, err);
}

/* The answer to one of the requests. */
static void
ins_done(void *arg, json_t *body, const struct gerr *err, unsigned flags)
{
	struct ins_slot *s = arg;
	struct insights_view *iv = s->iv;
	struct gerr perr;

	(void)flags;
	if (body == NULL) {
		ins_failed(iv, s, err);
		return;
	}
	gerr_clear(&perr);
	if (ins_take(iv, s->part, body, &perr) < 0) {
		s->failed = 1;
		ui_error(iv->view.ui, "cannot read the insights", &perr);
		return;
	}
	s->loaded = 1;
	s->failed = 0;
	iv->forbidden = 0;
	if (s->part == PART_SUMMARY)
		iv->trying = 0;
	if (iv->reloading && !ins_busy(iv)) {
		iv->reloading = 0;
		ui_message(iv->view.ui, UI_MSG_INFO, "Reloaded the insights");
	}
}

/* ---- Formatting ---------------------------------------------------- */

/* A ratio as a double, NAN when undefined. */
static double
ins_value(const struct ratio *r)
{
	return r->defined ? r->value : NAN;
}

/* An amount in fen as money: "¥62.83" ("CNY 62.83" in ASCII). */
static char *
ins_money(const struct ui *ui, double fen, char *out, size_t outsz)
{
	double yuan = fen / 100.0;

	snprintf(out, outsz, "%s%s%.2f", yuan < 0 ? "-" : "",
	    ui->ascii ? "CNY " : "\xc2\xa5", fabs(yuan));
	return out;
}

/* A ratio of money: the amount, or "undefined". */
static char *
ins_money_ratio(const struct ui *ui, const struct ratio *r, char *out,
    size_t outsz)
{
	if (!r->defined)
		return ratio_format(r, 0, out, outsz);
	return ins_money(ui, r->value, out, outsz);
}

/* "2026-10-30" of an RFC 3339 time from the server, sanitized. */
static void
ins_date(const struct ui *ui, const char *rfc3339, char *out, size_t outsz)
{
	char date[16], *clean;

	snprintf(date, sizeof(date), "%.10s", rfc3339 != NULL ? rfc3339 : "");
	clean = ui_clean(ui, date);
	snprintf(out, outsz, "%s", clean);
	free(clean);
}

/* Appends text in width columns, cut or padded, left or right aligned. */
static void
ins_cell(const struct ui *ui, struct ui_line *l, const char *text,
    int width, enum theme_elem e, int right)
{
	char *fit;
	int tw = text_width(text);

	if (width <= 0)
		return;
	if (right && tw < width) {
		fit = xasprintf("%*s%s", width - tw, "", text);
	} else {
		fit = text_fit(text, width, 1, ui->ascii);
	}
	ui_line_add(l, e, fit);
	free(fit);
}

/* Appends a sanitized copy of server text. */
static void
ins_add_clean(struct ui *ui, struct ui_line *l, enum theme_elem e,
    const char *text)
{
	char *c = ui_clean(ui, text);

	ui_line_add(l, e, c);
	free(c);
}

/* Appends a line of one span. */
static void
ins_say(struct ui_lines *ls, enum theme_elem e, const char *text)
{
	ui_line_add(ui_lines_add(ls), e, text);
}

/*
 * The line saying why a part has no data, or NULL when it has some: it
 * is loading, the request was canceled or failed.
 */
static const char *
ins_missing(const struct insights_view *iv, enum ins_part part)
{
	const struct ins_slot *s = &iv->slot[part];

	if (s->loaded)
		return NULL;
	if (iv->forbidden)
		return "  Insights are for operators.";
	if (ui_fetch_busy(&s->fetch))
		return "  Loading...";
	if (s->fetch.canceled)
		return "  Canceled; press r to load it.";
	return "  Could not load it; press r to retry.";
}

/* The cells of a chart row as spans, a span per run of one kind. */
static void
ins_cells(struct ui *ui, struct ui_line *l, const struct chart_cell *c,
    size_t n)
{
	size_t i = 0, j;

	while (i < n) {
		enum theme_elem e;
		char *text;

		for (j = i + 1; j < n && c[j].kind == c[i].kind; j++)
			;
		switch ((enum chart_kind)c[i].kind) {
		case CHART_UP:
		case CHART_RIGHT:
			e = THEME_PROGRESS;
			break;
		case CHART_DOWN:
		case CHART_LEFT:
			e = THEME_ERROR;
			break;
		case CHART_AXIS:
			e = THEME_BORDER;
			break;
		default:
			e = THEME_NORMAL;
			break;
		}
		text = chart_cells_text(&c[i], j - i, ui->ascii);
		ui_line_add(l, e, text);
		free(text);
		i = j;
	}
}

/* ---- Sections ------------------------------------------------------ */

/* The window line: dates, step, steps and segment, and the keys. */
static void
ins_build_header(struct insights_view *iv, struct ui_lines *ls)
{
	struct ui *ui = iv->view.ui;
	const struct insights_window *w = &iv->sum.window;
	struct ui_line *l = ui_lines_add(ls);
	char from[16], to[16], *text;
	const char *seg = segments[iv->segment];

	if (iv->slot[PART_SUMMARY].loaded) {
		ins_date(ui, w->from, from, sizeof(from));
		ins_date(ui, w->to, to, sizeof(to));
		text = xasprintf("%s to %s%sby %s%s%lld steps%ssegment: %s",
		    from, to, ui->g->sep, w->step != NULL ? w->step : "",
		    ui->g->sep, (long long)w->steps, ui->g->sep,
		    w->segment != NULL ? w->segment : "all");
	} else {
		text = xasprintf("%s to %s%sby %s%ssegment: %s", iv->win.from,
		    iv->win.to, ui->g->sep, iv->win.step, ui->g->sep,
		    seg != NULL ? seg : "all");
	}
	ui_line_add(l, THEME_HEADING, " ");
	ins_add_clean(ui, l, THEME_HEADING, text);
	free(text);
	l = ui_lines_add(ls);
	ui_line_add(l, THEME_DIM, " s segment  d dates  r reload  j/k scroll");
}

/* One metric: label, value, sparkline and detail. */
static void
ins_metric(struct insights_view *iv, struct ui_lines *ls, int w,
    const char *label, const char *value, const double *series, size_t n,
    const char *detail, enum theme_elem detail_elem)
{
	struct ui *ui = iv->view.ui;
	struct ui_line *l = ui_lines_add(ls);
	int sw = w - 1 - 14 - 12 - 2 - 20;
	char *spark;

	if (sw > (int)n)
		sw = (int)n;
	if (sw < 4)
		sw = w >= 40 ? 4 : 0;
	ui_line_add(l, THEME_NORMAL, " ");
	ins_cell(ui, l, label, 14, THEME_HEADER, 0);
	ins_cell(ui, l, value, 12, strcmp(value, "undefined") == 0 ?
	    THEME_DIM : THEME_POINTS, 1);
	ui_line_add(l, THEME_NORMAL, "  ");
	spark = series != NULL && sw > 0 ? chart_sparkline(series, n, sw,
	    ui->ascii) : xstrdup("");
	ins_cell(ui, l, spark, sw, THEME_PROGRESS, 0);
	free(spark);
	ui_line_add(l, THEME_NORMAL, "  ");
	ins_add_clean(ui, l, detail_elem, detail);
}

/* The series of one number per step; caller frees. */
static double *
ins_series_of(const struct insights_view *iv, int which)
{
	const struct insights_series *s = &iv->ser;
	double *v = xcalloc(s->n > 0 ? s->n : 1, sizeof(*v));
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct insights_step *t = &s->items[i];

		switch (which) {
		case 0:
			v[i] = ins_value(&t->retention);
			break;
		case 1:
			v[i] = (double)t->growth;
			break;
		case 2:
			v[i] = ins_value(&t->activity);
			break;
		case 3:
			v[i] = (double)t->spent;
			break;
		default:
			v[i] = (double)t->growth - (i > 0 ?
			    (double)s->items[i - 1].growth : 0);
			break;
		}
	}
	return v;
}

/* The value of a ratio, or "undefined" with its reason as the detail. */
static const char *
ins_detail(const struct ratio *r, const char *defined_detail)
{
	if (r->defined)
		return defined_detail;
	return r->reason != NULL ? r->reason : "undefined";
}

/* The four metrics and the labelled ARPU / churn estimate. */
static void
ins_build_metrics(struct insights_view *iv, struct ui_lines *ls, int w)
{
	struct ui *ui = iv->view.ui;
	const struct insights_summary *s = &iv->sum;
	const char *missing = ins_missing(iv, PART_SUMMARY);
	size_t n = iv->slot[PART_SERIES].loaded ? iv->ser.n : 0;
	double *v[4];
	char val[64], a[64], c[64], *d;
	int i;

	ins_say(ls, THEME_HEADING, " Metrics");
	if (missing != NULL) {
		ins_say(ls, THEME_DIM, missing);
		return;
	}
	for (i = 0; i < 4; i++)
		v[i] = ins_series_of(iv, i);
	d = xasprintf("mean of R(t); N(0) = %lld",
	    (long long)s->members_start);
	ins_metric(iv, ls, w, "Retention R", ratio_format(&s->retention, 1,
	    val, sizeof(val)), v[0], n, ins_detail(&s->retention, d),
	    s->retention.defined ? THEME_DIM : THEME_ERROR);
	free(d);
	snprintf(val, sizeof(val), "%lld", (long long)s->growth);
	d = xasprintf("%lld to %lld members", (long long)s->members_start,
	    (long long)s->members_end);
	ins_metric(iv, ls, w, "Growth G", val, v[1], n, d, THEME_DIM);
	free(d);
	d = xasprintf("mean of A(t); %lld interactions",
	    (long long)s->interactions);
	ins_metric(iv, ls, w, "Activity A", ratio_format(&s->activity, 0,
	    val, sizeof(val)), v[2], n, ins_detail(&s->activity, d),
	    s->activity.defined ? THEME_DIM : THEME_ERROR);
	free(d);
	d = xasprintf("C / R; C = %s per member",
	    ins_money_ratio(ui, &s->average_spend, a, sizeof(a)));
	ins_metric(iv, ls, w, "CLV", ins_money_ratio(ui, &s->clv, val,
	    sizeof(val)), v[3], n, ins_detail(&s->clv, d),
	    s->clv.defined ? THEME_DIM : THEME_ERROR);
	free(d);
	/* The standard estimate, under the server's label. */
	ins_metric(iv, ls, w, "CLV estimate", ins_money_ratio(ui,
	    &s->arpu_clv, val, sizeof(val)), NULL, 0,
	    ins_detail(&s->arpu_clv, s->arpu_label != NULL ? s->arpu_label :
	    "ARPU / churn estimate"),
	    s->arpu_clv.defined ? THEME_DIM : THEME_ERROR);
	d = xasprintf("ARPU %s per step, churn %s per step",
	    ins_money_ratio(ui, &s->arpu_per_step, a, sizeof(a)),
	    ratio_format(&s->churn_per_step, 1, c, sizeof(c)));
	ins_metric(iv, ls, w, "", "", NULL, 0, d, THEME_DIM);
	free(d);
	for (i = 0; i < 4; i++)
		free(v[i]);
	if (!iv->slot[PART_SERIES].loaded &&
	    ins_missing(iv, PART_SERIES) != NULL) {
		d = xasprintf("  Sparklines: %s", ins_missing(iv,
		    PART_SERIES) + 2);
		ins_say(ls, THEME_DIM, d);
		free(d);
	}
}

/*
 * A bar chart of v (n values, one per step from the series' or the
 * revenue's periods) in rows by w columns with its scale on the left:
 * money when money is set. first and last date the x axis.
 */
static void
ins_chart(struct insights_view *iv, struct ui_lines *ls, const double *v,
    size_t n, int w, int rows, int money, const char *first,
    const char *last)
{
	struct ui *ui = iv->view.ui;
	struct chart_bars b;
	char label[64], d1[16], d2[16];
	struct ui_line *l;
	int r, cw = w - INS_AXIS_COLS - 2, end;

	if (cw < 1 || chart_bars_layout(&b, v, n, cw, rows) < 0) {
		ins_say(ls, THEME_DIM, "  Nothing to chart.");
		return;
	}
	for (r = 0; r < b.h; r++) {
		l = ui_lines_add(ls);
		label[0] = '\0';
		if (r == 0 || (r == b.zero_row - 1 && b.lo < 0) ||
		    r == b.h - 1) {
			double at = r == 0 ? b.hi : r == b.h - 1 ? b.lo : 0;

			if (r == 0 && b.zero_row == 0)
				at = 0;
			if (money)
				ins_money(ui, at, label, sizeof(label));
			else
				snprintf(label, sizeof(label), "%.0f", at);
		}
		ins_cell(ui, l, label, INS_AXIS_COLS, THEME_DIM, 1);
		ui_line_add(l, THEME_BORDER, ui->ascii ? " |" :
		    " \xe2\x94\x82");
		ins_cells(ui, l, &b.cells[r * b.w], (size_t)b.w);
	}
	/* The x axis: the first step's date and the last one's. */
	ins_date(ui, first, d1, sizeof(d1));
	ins_date(ui, last, d2, sizeof(d2));
	l = ui_lines_add(ls);
	ins_cell(ui, l, "", INS_AXIS_COLS + 2, THEME_DIM, 0);
	end = (int)(b.shown - 1) * b.step + b.bar_w;
	if (end < (int)strlen(d1) + (int)strlen(d2) + 1)
		end = (int)strlen(d1) + (int)strlen(d2) + 1;
	if (end > cw)
		end = cw;
	ui_line_add(l, THEME_DIM, d1);
	if (n > 1)
		ins_cell(ui, l, d2, end - (int)strlen(d1), THEME_DIM, 1);
	chart_bars_release(&b);
}

/* Growth: the members gained in each step, N(t) - N(t-1). */
static void
ins_build_growth(struct insights_view *iv, struct ui_lines *ls, int w,
    int rows)
{
	const char *missing = ins_missing(iv, PART_SERIES);
	const struct insights_series *s = &iv->ser;
	double *v;

	ins_say(ls, THEME_HEADING, " Growth: members gained per step");
	if (missing != NULL) {
		ins_say(ls, THEME_DIM, missing);
		return;
	}
	if (s->n == 0) {
		ins_say(ls, THEME_DIM, "  No steps in this window.");
		return;
	}
	v = ins_series_of(iv, 4);
	ins_chart(iv, ls, v, s->n, w, rows, 0, s->items[0].start,
	    s->items[s->n - 1].start);
	free(v);
}

/* Revenue: net per step over every course, then the top courses. */
static void
ins_build_revenue(struct insights_view *iv, struct ui_lines *ls, int w,
    int rows)
{
	struct ui *ui = iv->view.ui;
	const char *missing = ins_missing(iv, PART_REVENUE);
	const struct insights_revenue *rv = &iv->rev;
	size_t i, j, n = 0, top;
	double *v, lo = 0, hi = 0;
	const struct revenue_course *longest = NULL;
	struct chart_cell *cells;
	char money[64];
	int bw;

	ins_say(ls, THEME_HEADING, " Revenue: net per step, refunds "
	    "subtracted");
	if (missing != NULL) {
		ins_say(ls, THEME_DIM, missing);
		return;
	}
	for (i = 0; i < rv->n; i++) {
		if (rv->items[i].n > n) {
			n = rv->items[i].n;
			longest = &rv->items[i];
		}
	}
	if (longest == NULL) {
		ins_say(ls, THEME_DIM, "  Nothing paid or refunded in this "
		    "window.");
		return;
	}
	v = xcalloc(n, sizeof(*v));
	for (i = 0; i < rv->n; i++)
		for (j = 0; j < rv->items[i].n && j < n; j++)
			v[j] += (double)rv->items[i].periods[j].net;
	ins_chart(iv, ls, v, n, w, rows, 1, longest->periods[0].start,
	    longest->periods[n - 1].start);
	free(v);
	/* The courses, highest net first as the server sends them. */
	top = rv->n < INS_TOP_COURSES ? rv->n : INS_TOP_COURSES;
	for (i = 0; i < top; i++) {
		double net = (double)rv->items[i].net;

		if (net < lo)
			lo = net;
		if (net > hi)
			hi = net;
	}
	bw = w - 2 - 24 - 2 - 14;
	if (bw > 30)
		bw = 30;
	if (bw < 4)
		return;
	cells = xcalloc((size_t)bw, sizeof(*cells));
	for (i = 0; i < top; i++) {
		const struct revenue_course *c = &rv->items[i];
		struct ui_line *l = ui_lines_add(ls);
		char *title = ui_clean(ui, c->title);

		ui_line_add(l, THEME_NORMAL, "  ");
		ins_cell(ui, l, title, 24, THEME_TITLE, 0);
		free(title);
		ui_line_add(l, THEME_NORMAL, "  ");
		chart_hbar((double)c->net, lo, hi, bw, cells);
		ins_cells(ui, l, cells, (size_t)bw);
		ins_cell(ui, l, ins_money(ui, (double)c->net, money,
		    sizeof(money)), 14, c->net < 0 ? THEME_ERROR : THEME_PRICE,
		    1);
	}
	free(cells);
}

/* The cohort triangle, each cell shaded by its share still active. */
static void
ins_build_cohorts(struct insights_view *iv, struct ui_lines *ls, int w)
{
	struct ui *ui = iv->view.ui;
	const char *missing = ins_missing(iv, PART_COHORTS);
	const struct insights_cohorts *co = &iv->coh;
	const char *reason = NULL;
	size_t i, j, most = 0;
	struct ui_line *l;
	char buf[64];
	int cellw, k;

	ins_say(ls, THEME_HEADING, " Cohorts: share active in each step "
	    "after joining");
	if (missing != NULL) {
		ins_say(ls, THEME_DIM, missing);
		return;
	}
	if (co->n == 0) {
		ins_say(ls, THEME_DIM, "  Nobody joined in this window.");
		return;
	}
	for (i = 0; i < co->n; i++)
		if (co->items[i].n > most)
			most = co->items[i].n;
	/* Percentages when they fit, else wide shades, else one cell. */
	cellw = 5;
	if (1 + 10 + 7 + (int)most * cellw > w)
		cellw = 3;
	if (1 + 10 + 7 + (int)most * cellw > w)
		cellw = 1;
	l = ui_lines_add(ls);
	ui_line_add(l, THEME_HEADER, " ");
	ins_cell(ui, l, "Joined", 10, THEME_HEADER, 0);
	ins_cell(ui, l, "Size", 6, THEME_HEADER, 1);
	ui_line_add(l, THEME_HEADER, " ");
	for (j = 0; j < most && cellw > 1; j++) {
		snprintf(buf, sizeof(buf), "+%zu", j);
		ins_cell(ui, l, buf, cellw, THEME_HEADER, 1);
	}
	for (i = 0; i < co->n; i++) {
		const struct insights_cohort *c = &co->items[i];

		l = ui_lines_add(ls);
		ins_date(ui, c->start, buf, sizeof(buf));
		ui_line_add(l, THEME_NORMAL, " ");
		ins_cell(ui, l, buf, 10, THEME_NORMAL, 0);
		snprintf(buf, sizeof(buf), "%lld", (long long)c->size);
		ins_cell(ui, l, buf, 6, THEME_DIM, 1);
		ui_line_add(l, THEME_NORMAL, " ");
		for (j = 0; j < c->n; j++) {
			const struct ratio *r = &c->retention[j];
			int lvl = r->defined ? chart_shade(r->value) : -1;
			const char *g = lvl >= 0 ?
			    chart_shade_glyph(lvl, ui->ascii) : "-";

			if (!r->defined && reason == NULL)
				reason = r->reason;
			for (k = 0; k < (cellw == 5 ? 1 : cellw); k++)
				ui_line_add(l, lvl >= 0 ? THEME_PROGRESS :
				    THEME_DIM, g);
			if (cellw != 5)
				continue;
			if (r->defined)
				snprintf(buf, sizeof(buf), "%.0f%%",
				    r->value * 100.0);
			else
				snprintf(buf, sizeof(buf), "-");
			ins_cell(ui, l, buf, 4, r->defined ? THEME_NORMAL :
			    THEME_DIM, 1);
		}
	}
	if (reason != NULL) {
		l = ui_lines_add(ls);
		ui_line_add(l, THEME_DIM, "  - undefined: ");
		ins_add_clean(ui, l, THEME_DIM, reason);
	}
}

/* ---- Drawing and keys ---------------------------------------------- */

/* A blank line between sections. */
static void
ins_gap(struct ui_lines *ls)
{
	ui_lines_add(ls);
}

static void
insights_draw(struct view *v, int y, int x, int h, int w)
{
	struct insights_view *iv = (struct insights_view *)v;
	struct ui_lines left = { NULL, 0, 0 }, right = { NULL, 0, 0 };
	int bh = iv->prompting ? h - 1 : h, wide = w >= INS_WIDE_COLS;
	int lw = wide ? w / 2 : w, rows = INS_CHART_ROWS;
	size_t most, max_top;

	if (bh <= 0 || w <= 0)
		return;
	ins_build_header(iv, &left);
	ins_gap(&left);
	ins_build_metrics(iv, &left, lw);
	ins_gap(&left);
	if (wide) {
		/* Two charts beside the metrics and cohorts, as tall as fit. */
		rows = (bh - 8) / 2;
		if (rows < INS_CHART_MIN)
			rows = INS_CHART_MIN;
		if (rows > INS_CHART_MAX)
			rows = INS_CHART_MAX;
		ins_build_cohorts(iv, &left, lw);
		ins_build_growth(iv, &right, w - lw - 1, rows);
		ins_gap(&right);
		ins_build_revenue(iv, &right, w - lw - 1, rows);
	} else {
		ins_build_growth(iv, &left, w, rows);
		ins_gap(&left);
		ins_build_revenue(iv, &left, w, rows);
		ins_gap(&left);
		ins_build_cohorts(iv, &left, w);
	}
	most = left.n > right.n ? left.n : right.n;
	max_top = most > (size_t)bh ? most - (size_t)bh : 0;
	if (iv->top > max_top)
		iv->top = max_top;
	iv->lines = most;
	iv->height = bh;
	ui_lines_draw(v->ui, &left, iv->top, y, x, bh, lw, NULL);
	if (wide) {
		ui_vline(v->ui, y, x + lw, bh, THEME_BORDER);
		ui_lines_draw(v->ui, &right, iv->top, y, x + lw + 1, bh,
		    w - lw - 1, NULL);
	}
	ui_lines_release(&left);
	ui_lines_release(&right);
	if (iv->prompting)
		ui_edit_draw(v->ui, &iv->edit, y + h - 1, x, w,
		    " from to step: ");
	v->ui->rows_shown = 1;
}

/* Scrolls for a movement action; 1 when it was one. */
static int
ins_scroll(struct insights_view *iv, enum action a)
{
	size_t page = iv->height > 1 ? (size_t)iv->height - 1 : 1;

	switch (a) {
	case ACT_DOWN:
		iv->top++;
		break;
	case ACT_UP:
		if (iv->top > 0)
			iv->top--;
		break;
	case ACT_PAGE_DOWN:
		iv->top += page;
		break;
	case ACT_PAGE_UP:
		iv->top = iv->top > page ? iv->top - page : 0;
		break;
	case ACT_TOP:
		iv->top = 0;
		break;
	case ACT_BOTTOM:
		iv->top = iv->lines;
		break;
	default:
		return 0;
	}
	/* The draw keeps top within the lines. */
	return 1;
}

/* 1 when s is a date YYYY-MM-DD that exists. */
static int
ins_date_ok(const char *s)
{
	char stamp[32];
	time_t t;
	struct tm tm;
	size_t i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	snprintf(stamp, sizeof(stamp), "%sT00:00:00Z", s);
	if (time_parse_rfc3339(stamp, &t) < 0 || gmtime_r(&t, &tm) == NULL)
		return 0;
	/* 2026-02-30 would come back as March. */
	strftime(stamp, sizeof(stamp), "%Y-%m-%d", &tm);
	return strcmp(stamp, s) == 0;
}

/*
 * Reads "FROM TO [STEP]" into w (the step kept when not given). 0, or
 * -1 with a message saying what is wrong in why.
 */
static int
ins_window_parse(const char *text, struct ins_window *w, char *why,
    size_t whysz)
{
	char buf[UI_EDIT_MAX], *word[4], *p = buf;
	size_t n = 0;

	snprintf(buf, sizeof(buf), "%s", text);
	while (n < G_NELEM(word)) {
		p += strspn(p, " ");
		if (*p == '\0')
			break;
		word[n++] = p;
		p += strcspn(p, " ");
		if (*p != '\0')
			*p++ = '\0';
	}
	p += strspn(p, " ");
	if (n < 2 || n > 3 || *p != '\0') {
		snprintf(why, whysz, "Type FROM TO [STEP], as in 2026-06-01 "
		    "2026-11-01 week");
		return -1;
	}
	if (!ins_date_ok(word[0]) || !ins_date_ok(word[1])) {
		snprintf(why, whysz, "Dates are YYYY-MM-DD, as in 2026-06-01");
		return -1;
	}
	if (strcmp(word[0], word[1]) >= 0) {
		snprintf(why, whysz, "The end (%s) must come after the "
		    "start (%s)", word[1], word[0]);
		return -1;
	}
	if (n == 3 && strcmp(word[2], "day") != 0 &&
	    strcmp(word[2], "week") != 0 && strcmp(word[2], "month") != 0) {
		snprintf(why, whysz, "The step is day, week or month");
		return -1;
	}
	snprintf(w->from, sizeof(w->from), "%s", word[0]);
	snprintf(w->to, sizeof(w->to), "%s", word[1]);
	if (n == 3)
		snprintf(w->step, sizeof(w->step), "%s", word[2]);
	return 0;
}

/* Opens the window prompt holding the window shown. */
static void
ins_prompt_open(struct insights_view *iv)
{
	ui_edit_clear(&iv->edit);
	snprintf(iv->edit.text, sizeof(iv->edit.text), "%s %s %s",
	    iv->win.from, iv->win.to, iv->win.step);
	iv->edit.len = strlen(iv->edit.text);
	iv->edit.pos = iv->edit.len;
	iv->prompting = 1;
	ui_message(iv->view.ui, UI_MSG_NONE, NULL);
}

/* A key at the window prompt: every key is the editor's. */
static int
ins_prompt_key(struct insights_view *iv, int key)
{
	struct ins_window w;
	char why[200];

	switch (ui_edit_key(&iv->edit, key)) {
	case UI_INPUT_DONE:
		w = iv->win;
		if (ins_window_parse(iv->edit.text, &w, why,
		    sizeof(why)) < 0) {
			/* The prompt stays open with the text as typed. */
			ui_message(iv->view.ui, UI_MSG_ERROR, "%s", why);
			return 1;
		}
		iv->prompting = 0;
		iv->prev = iv->win;
		iv->trying = 1;
		iv->win = w;
		iv->top = 0;
		ins_request(iv);
		return 1;
	case UI_INPUT_ABORT:
		iv->prompting = 0;
		return 1;
	case UI_INPUT_EDIT:
	case UI_INPUT_PASS:
		break;
	}
	return 1;
}

/*
 * The Insights pane: the keys it gives a meaning of its own, for the
 * help overlay (d is read raw).
 */
static const struct view_key_help insights_keys[] = {
	{ ACT_SORT, NULL, "Segment: all members, or one level" },
	{ ACT_LEVEL, NULL, "Segment: all members, or one level" },
	{ ACT_NONE, "d", "Choose the date range: FROM TO [STEP]" },
	{ ACT_RELOAD, NULL, "Reload every section" },
	{ ACT_NONE, NULL, NULL }
};

static int
insights_key(struct view *v, enum action a, int key)
{
	struct insights_view *iv = (struct insights_view *)v;

	if (iv->prompting)
		return ins_prompt_key(iv, key);
	if (key == 'd') {
		ins_prompt_open(iv);
		return 1;
	}
	if (ins_scroll(iv, a))
		return 1;
	switch (a) {
	case ACT_SORT:
	case ACT_LEVEL:
		iv->segment = (iv->segment + 1) % G_NELEM(segments);
		ui_message(v->ui, UI_MSG_INFO, "Segment: %s",
		    segments[iv->segment] != NULL ? segments[iv->segment] :
		    "all members");
		ins_request(iv);
		return 1;
	case ACT_RELOAD:
		iv->reloading = 1;
		ins_request(iv);
		return 1;
	default:
		return 0;
	}
}

/* What the prompt takes, while it is open. */
static int
insights_status(struct view *v, char *buf, size_t bufsz, int *editing)
{
	struct insights_view *iv = (struct insights_view *)v;

	*editing = 0;
	if (!iv->prompting)
		return 0;
	snprintf(buf, bufsz, "Enter shows that window%sEsc keeps this one",
	    v->ui->g->sep);
	return 1;
}

static void
insights_free(struct view *v)
{
	struct insights_view *iv = (struct insights_view *)v;

	insights_summary_release(&iv->sum);
	insights_series_release(&iv->ser);
	insights_cohorts_release(&iv->coh);
	insights_revenue_release(&iv->rev);
	free(iv);
}

/* The default window: INS_DEFAULT_DAYS up to the end of today (UTC). */
static void
ins_window_default(struct ins_window *w)
{
	time_t end = time(NULL) / 86400 * 86400 + 86400;
	time_t start = end - (time_t)INS_DEFAULT_DAYS * 86400;
	struct tm tm;

	gmtime_r(&end, &tm);
	strftime(w->to, sizeof(w->to), "%Y-%m-%d", &tm);
	gmtime_r(&start, &tm);
	strftime(w->from, sizeof(w->from), "%Y-%m-%d", &tm);
	snprintf(w->step, sizeof(w->step), "week");
}

struct view *
insights_view_new(struct ui *ui)
{
	struct insights_view *iv = xcalloc(1, sizeof(*iv));
	size_t i;

	iv->view.name = "insights";
	iv->view.ui = ui;
	iv->view.draw = insights_draw;
	iv->view.key = insights_key;
	iv->view.keys_help = insights_keys;
	iv->view.status = insights_status;
	iv->view.free = insights_free;
	view_set_title(&iv->view, "Insights");
	ins_window_default(&iv->win);
	iv->prev = iv->win;
	for (i = 0; i < PART_COUNT; i++) {
		iv->slot[i].iv = iv;
		iv->slot[i].part = (enum ins_part)i;
		ui_fetch_init(&iv->slot[i].fetch, ui, &iv->view, ins_done,
		    &iv->slot[i]);
	}
	ins_request(iv);
	return &iv->view;
}

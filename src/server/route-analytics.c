/*
 * GET /api/v1/analytics/summary, series, segments, cohorts, revenue and
 * top: the operator's retention, growth, activity and lifetime value
 * over a window, whole, per step and per segment, the cohort triangle,
 * revenue and top content (doc/analytics.md). Operators only: every
 * route goes through an_answer, which checks the caller and reads the
 * window before its report is filled in.
 */
#include <stdlib.h>

#include "guild/timeutil.h"
#include "analytics.h"
#include "server.h"

/* A parsed window: steps[0..n] are the boundaries. */
struct an_query {
	time_t			 from, to;
	enum an_step		 step;
	struct an_filter	 filter;
	time_t			 starts[AN_MAX_STEPS + 1];
	int			 n;
};

/*
 * Checks the caller is an operator and reads from, to, step and segment
 * (defaults: the four weeks up to the end of today, by week, every
 * segment). Returns G_OK, or the failing status with the problem set.
 */
static enum gstatus
an_query_read(struct srv_req *req, struct an_query *q)
{
	const char	*from = srv_query(req, "from");
	const char	*to = srv_query(req, "to");
	const char	*step = srv_query(req, "step");
	const char	*seg = srv_query(req, "segment");

	if (!srv_viewer_is_operator(req))
		return srv_fail(req, G_FORBIDDEN, "analytics are for "
		    "operators only");
	q->to = (time_t)((an_day(req->now) + 1) * 86400);
	q->step = AN_STEP_WEEK;
	q->filter.has_segment = 0;
	if (to != NULL && an_date_parse(to, &q->to) != 0)
		srv_field_error(req, "to", "not a date (RFC 3339 or "
		    "YYYY-MM-DD)");
	q->from = q->to - 28 * 86400;
	if (from != NULL && an_date_parse(from, &q->from) != 0)
		srv_field_error(req, "from", "not a date (RFC 3339 or "
		    "YYYY-MM-DD)");
	if (step != NULL && an_step_parse(step, &q->step) != 0)
		srv_field_error(req, "step", "one of day, week, month");
	if (seg != NULL) {
		if (level_parse(seg, &q->filter.segment) != 0)
			srv_field_error(req, "segment", "one of beginner, "
			    "intermediate, advanced");
		else
			q->filter.has_segment = 1;
	}
	if (req->nerrors > 0)
		return srv_invalid(req);
	if (q->from >= q->to) {
		srv_field_error(req, "to", "must be after from");
		return srv_invalid(req);
	}
	if (an_steps(q->from, q->to, q->step, q->starts, AN_MAX_STEPS,
	    &q->n) != 0) {
		srv_field_error(req, "step", "the window has more than %d "
		    "steps", AN_MAX_STEPS);
		return srv_invalid(req);
	}
	return G_OK;
}

/* {"value": v} or {"value": null, "reason": "..."}; NULL on no memory. */
static json_t *
value_json(struct an_value v)
{
	if (v.defined)
		return json_pack("{s:f}", "value", v.value);
	return json_pack("{s:n,s:s}", "value", "reason", v.reason);
}

/* Sets key on obj to a new reference; -1 when v is NULL or it fails. */
static int
set_new(json_t *obj, const char *key, json_t *v)
{
	return v == NULL ? -1 : json_object_set_new(obj, key, v);
}

/* The window's fields every answer starts with; NULL on no memory. */
static json_t *
window_json(const struct an_query *q)
{
	char	from[32], to[32];

	time_rfc3339(q->from, from, sizeof from);
	time_rfc3339(q->to, to, sizeof to);
	return json_pack("{s:s,s:s,s:s,s:s?,s:i}", "from", from, "to", to,
	    "step", an_step_name(q->step), "segment",
	    q->filter.has_segment ? level_name(q->filter.segment) : NULL,
	    "steps", q->n);
}

/* Reads the counts of q; G_OK with *c (caller frees) and *n0. */
static enum gstatus
counts_read(struct srv_req *req, const struct an_query *q, int64_t *n0,
    struct an_step_counts **c)
{
	enum gstatus	s;

	*c = calloc((size_t)q->n, sizeof **c);
	if (*c == NULL)
		return G_INTERNAL;
	s = an_db_counts(req->db, q->starts, q->n, &q->filter, n0, *c);
	if (s != G_OK) {
		free(*c);
		*c = NULL;
	}
	return s;
}

/*
 * The summary of counts c[0..n-1] with n0 starting members: the window
 * figures of doc/analytics.md added to o. 0, or -1 on no memory.
 */
static int
summary_fill(json_t *o, int64_t n0, const struct an_step_counts *c, int n)
{
	struct an_value	*r, *a, mean_r, mean_a, avg, arpu, churn;
	int64_t		 inter = 0, spent = 0;
	int		 i, bad = 0;

	r = calloc((size_t)n, sizeof *r);
	a = calloc((size_t)n, sizeof *a);
	if (r == NULL || a == NULL) {
		free(r);
		free(a);
		return -1;
	}
	for (i = 0; i < n; i++) {
		r[i] = an_retention(c[i].active, n0);
		a[i] = an_activity(c[i].interactions, c[i].members);
		inter += c[i].interactions;
		spent += c[i].spent;
	}
	mean_r = an_mean(r, n);
	mean_a = an_mean(a, n);
	free(r);
	free(a);
	avg = an_avg_spend(spent, c[n - 1].members);
	arpu = an_arpu(avg, n);
	churn = an_churn(mean_r);
	bad |= set_new(o, "counts", json_pack("{s:I,s:I,s:I,s:I}",
	    "members_start", (json_int_t)n0, "members_end",
	    (json_int_t)c[n - 1].members, "interactions",
	    (json_int_t)inter, "spent", (json_int_t)spent));
	bad |= set_new(o, "retention", value_json(mean_r));
	bad |= set_new(o, "growth", json_integer(an_growth(c[n - 1].members,
	    n0)));
	bad |= set_new(o, "activity", value_json(mean_a));
	bad |= set_new(o, "average_spend", value_json(avg));
	bad |= set_new(o, "clv", value_json(an_clv(avg, mean_r)));
	bad |= set_new(o, "arpu_estimate", json_pack("{s:o,s:o,s:o,s:s}",
	    "arpu_per_step", value_json(arpu), "churn_per_step",
	    value_json(churn), "clv", value_json(an_clv_arpu(arpu, churn)),
	    "label", "standard ARPU / churn estimate"));
	return bad ? -1 : 0;
}

/*
 * Fills o, which already holds the window, with a report's own fields.
 * Returns G_OK, or the status to answer with.
 */
typedef enum gstatus an_fill_fn(struct srv_req *, struct an_query *,
    json_t *o);

/*
 * What every analytics route does around its report: checks the caller
 * and reads the window (an_query_read), starts the answer with the
 * window's fields, lets fill add the rest and answers it.
 */
static enum gstatus
an_answer(struct srv_req *req, an_fill_fn *fill)
{
	struct an_query	*q;
	json_t		*o = NULL;
	enum gstatus	 s;

	q = calloc(1, sizeof *q);
	if (q == NULL)
		return G_INTERNAL;
	s = an_query_read(req, q);
	if (s == G_OK) {
		o = window_json(q);
		s = o != NULL ? fill(req, q, o) : G_INTERNAL;
	}
	if (s == G_OK) {
		req->out = o;
		o = NULL;
	}
	json_decref(o);
	free(q);
	return s;
}

/* The summary: the window's figures with their counts. */
static enum gstatus
fill_summary(struct srv_req *req, struct an_query *q, json_t *o)
{
	struct an_step_counts	*c = NULL;
	int64_t			 n0 = 0;
	enum gstatus		 s;

	s = counts_read(req, q, &n0, &c);
	if (s == G_OK && summary_fill(o, n0, c, q->n) != 0)
		s = G_INTERNAL;
	free(c);
	return s;
}

/* The summary of each level under "segments", and of everyone as "all". */
static enum gstatus
fill_segments(struct srv_req *req, struct an_query *q, json_t *o)
{
	struct an_step_counts	*c = NULL;
	int64_t			 n0 = 0;
	enum gstatus		 s;
	json_t			*segs, *one;
	int			 k;

	if (set_new(o, "segments", json_object()) != 0)
		return G_INTERNAL;
	segs = json_object_get(o, "segments");
	/* Each level, then everyone (k = 3) as "all". */
	for (k = 0; k <= 3; k++) {
		q->filter.has_segment = k < 3;
		q->filter.segment = (enum level)(k < 3 ? k : 0);
		s = counts_read(req, q, &n0, &c);
		if (s != G_OK)
			return s;
		one = json_object();
		if (one == NULL || summary_fill(one, n0, c, q->n) != 0 ||
		    json_object_set_new(k < 3 ? segs : o, k < 3 ?
		    level_name((enum level)k) : "all", one) != 0) {
			json_decref(one);
			free(c);
			return G_INTERNAL;
		}
		free(c);
		c = NULL;
	}
	json_object_del(o, "segment");
	return G_OK;
}

/* The cohort triangle: per joining step, its size and who stayed. */
static enum gstatus
fill_cohorts(struct srv_req *req, struct an_query *q, json_t *o)
{
	int64_t		*sizes, *active;
	enum gstatus	 s = G_INTERNAL;
	json_t		*arr, *row, *shares;
	char		 t0[32];
	int		 c, k;

	sizes = calloc((size_t)q->n, sizeof *sizes);
	active = calloc((size_t)q->n * (size_t)q->n, sizeof *active);
	if (sizes == NULL || active == NULL ||
	    an_db_cohorts(req->db, q->starts, q->n, &q->filter, sizes,
	    active) != G_OK || set_new(o, "cohorts", json_array()) != 0)
		goto out;
	arr = json_object_get(o, "cohorts");
	for (c = 0; c < q->n; c++) {
		time_rfc3339(q->starts[c], t0, sizeof t0);
		row = json_pack("{s:s,s:I,s:[],s:[]}", "start", t0, "size",
		    (json_int_t)sizes[c], "active", "retention");
		if (row == NULL || json_array_append_new(arr, row) != 0)
			goto out;
		shares = json_object_get(row, "retention");
		for (k = c; k < q->n; k++) {
			if (json_array_append_new(json_object_get(row,
			    "active"), json_integer(active[c * q->n + k])) ||
			    json_array_append_new(shares, value_json(
			    an_cohort_share(active[c * q->n + k], sizes[c]))))
				goto out;
		}
	}
	s = G_OK;
out:
	free(sizes);
	free(active);
	return s;
}

/* Net revenue per course and step. */
static enum gstatus
fill_revenue(struct srv_req *req, struct an_query *q, json_t *o)
{
	json_t		*items = NULL;
	enum gstatus	 s;

	s = an_db_revenue(req->db, q->starts, q->n, &q->filter, &items);
	if (s != G_OK)
		return s;
	/* json_object_set_new takes items even when it fails. */
	return json_object_set_new(o, "items", items) == 0 ? G_OK :
	    G_INTERNAL;
}

/* The most active threads and questions, the best-selling courses. */
static enum gstatus
fill_top(struct srv_req *req, struct an_query *q, json_t *o)
{
	const char	*lim = srv_query(req, "limit");
	int64_t		 limit = 10;
	json_t		*top = NULL;
	enum gstatus	 s;

	/* route_analytics_top refused a bad limit before the window. */
	if (lim != NULL && parse_int64(lim, 1, 100, &limit) != 0)
		return G_INTERNAL;
	s = an_db_top(req->db, q->from, q->to, (int)limit, &top);
	if (s == G_OK && json_object_update(o, top) != 0)
		s = G_INTERNAL;
	json_decref(top);
	json_object_del(o, "segment");
	return s;
}

/* Each metric per step. */
static enum gstatus
fill_series(struct srv_req *req, struct an_query *q, json_t *o)
{
	struct an_step_counts	*c = NULL;
	int64_t			 n0 = 0;
	enum gstatus		 s;
	json_t			*items, *it;
	char			 t0[32], t1[32];
	int			 i;

	s = counts_read(req, q, &n0, &c);
	if (s != G_OK)
		return s;
	s = G_INTERNAL;
	if (set_new(o, "members_start", json_integer(n0)) != 0 ||
	    set_new(o, "items", json_array()) != 0)
		goto out;
	items = json_object_get(o, "items");
	for (i = 0; i < q->n; i++) {
		time_rfc3339(c[i].start, t0, sizeof t0);
		time_rfc3339(c[i].end, t1, sizeof t1);
		it = json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:o,s:I,s:o}",
		    "start", t0, "end", t1,
		    "members", (json_int_t)c[i].members,
		    "active", (json_int_t)c[i].active,
		    "interactions", (json_int_t)c[i].interactions,
		    "spent", (json_int_t)c[i].spent,
		    "retention", value_json(an_retention(c[i].active, n0)),
		    "growth", (json_int_t)an_growth(c[i].members, n0),
		    "activity", value_json(an_activity(c[i].interactions,
		    c[i].members)));
		if (it == NULL || json_array_append_new(items, it) != 0)
			goto out;
	}
	s = G_OK;
out:
	free(c);
	return s;
}

enum gstatus
route_analytics_summary(struct srv_req *req)
{
	return an_answer(req, fill_summary);
}

enum gstatus
route_analytics_segments(struct srv_req *req)
{
	return an_answer(req, fill_segments);
}

enum gstatus
route_analytics_cohorts(struct srv_req *req)
{
	return an_answer(req, fill_cohorts);
}

enum gstatus
route_analytics_revenue(struct srv_req *req)
{
	return an_answer(req, fill_revenue);
}

enum gstatus
route_analytics_top(struct srv_req *req)
{
	const char	*lim = srv_query(req, "limit");
	int64_t		 limit;

	/* Recorded now, so the window's check answers 422 with it. */
	if (lim != NULL && parse_int64(lim, 1, 100, &limit) != 0)
		srv_field_error(req, "limit", "a whole number from 1 to 100");
	return an_answer(req, fill_top);
}

enum gstatus
route_analytics_series(struct srv_req *req)
{
	return an_answer(req, fill_series);
}

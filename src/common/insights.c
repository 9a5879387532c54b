/*
 * Decoders for the operator insights answers (the GET /api/v1/analytics
 * routes): the shapes route-analytics.c writes and doc/api.md documents,
 * read into the structs of guild/insights.h for the shell and the TUI.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/insights.h"
#include "model-priv.h"

/* ---- pieces ------------------------------------------------------------ */

/* Frees the reason of r and clears it. */
static void
ratio_release(struct ratio *r)
{
	free(r->reason);
	memset(r, 0, sizeof *r);
}

/*
 * Reads the ratio object v ({"value": n} or {"value": null, "reason":
 * s}) into *r. what names the field in the error. 0, or -1 with
 * GERR_PROTO; *r holds nothing to free on failure.
 */
static int
ratio_decode(const json_t *v, struct ratio *r, const char *what,
    struct gerr *err)
{
	const json_t	*val, *why;

	memset(r, 0, sizeof *r);
	if (!json_is_object(v))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent insights whose %s is not a ratio", what);
	val = json_object_get(v, "value");
	if (json_is_number(val)) {
		r->defined = 1;
		r->value = json_number_value(val);
		return 0;
	}
	if (val != NULL && !json_is_null(val))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent insights whose %s value is not a number",
		    what);
	why = json_object_get(v, "reason");
	if (why != NULL && !json_is_string(why))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent insights whose %s reason is not a string",
		    what);
	r->reason = strdup(why != NULL ? json_string_value(why) :
	    "undefined");
	if (r->reason == NULL)
		return gerr_set(err, GERR_LOCAL, 0, "out of memory");
	return 0;
}

/* The ratio in member key of o (required); as ratio_decode. */
static int
ratio_get(const json_t *o, const char *key, struct ratio *r,
    struct gerr *err)
{
	return ratio_decode(json_object_get(o, key), r, key, err);
}

/* Member key of o as an array; NULL with GERR_PROTO when it is not. */
static const json_t *
array_get(const json_t *o, const char *key, const char *what,
    struct gerr *err)
{
	const json_t	*a = json_object_get(o, key);

	if (!json_is_array(a)) {
		gerr_set(err, GERR_PROTO, 0, "the server sent %s without "
		    "an array '%s'", what, key);
		return NULL;
	}
	return a;
}

/*
 * Allocates *out with room for n elements of size bytes (NULL for none).
 * 0, or -1 with GERR_LOCAL.
 */
static int
items_alloc(size_t n, size_t size, void **out, struct gerr *err)
{
	*out = NULL;
	if (n == 0)
		return 0;
	if ((*out = calloc(n, size)) == NULL)
		return gerr_set(err, GERR_LOCAL, 0, "out of memory");
	return 0;
}

/* Decodes one element of an array into the element at p. */
typedef int elem_decode(const json_t *, void *, struct gerr *);

/*
 * Decodes the array member key of o into *items (size bytes each, NULL
 * for none), counting in *n every element started, so the caller's
 * release frees what a failure left. 0, or -1 with err.
 */
static int
array_decode(const json_t *o, const char *key, const char *what,
    size_t size, elem_decode *dec, void **items, size_t *n,
    struct gerr *err)
{
	const json_t	*a = array_get(o, key, what, err);
	size_t		 i;

	*items = NULL;
	*n = 0;
	if (a == NULL ||
	    items_alloc(json_array_size(a), size, items, err) != 0)
		return -1;
	for (i = 0; i < json_array_size(a); i++) {
		*n = i + 1;
		if (dec(json_array_get(a, i), (char *)*items + i * size,
		    err) != 0)
			return -1;
	}
	return 0;
}

/* Frees the strings of w and clears it. */
static void
window_release(struct insights_window *w)
{
	free(w->from);
	free(w->to);
	free(w->step);
	free(w->segment);
	memset(w, 0, sizeof *w);
}

/*
 * Reads the window every answer starts with: from, to, step, steps and
 * the optional segment. 0, or -1 with err (w may hold strings to free).
 */
static int
window_decode(const json_t *o, struct insights_window *w, const char *what,
    struct gerr *err)
{
	memset(w, 0, sizeof *w);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent %s that is not an object", what);
	if (mdl_get_str(o, "from", 1, &w->from, what, err) ||
	    mdl_get_str(o, "to", 1, &w->to, what, err) ||
	    mdl_get_str(o, "step", 1, &w->step, what, err) ||
	    mdl_get_str(o, "segment", 0, &w->segment, what, err) ||
	    mdl_get_int(o, "steps", 1, &w->steps, what, err))
		return -1;
	return 0;
}

/* ---- summary and segments ---------------------------------------------- */

/* The summary figures of o without the window; as window_decode. */
static int
summary_body_decode(const json_t *o, struct insights_summary *s,
    struct gerr *err)
{
	const json_t	*c = json_object_get(o, "counts");
	const json_t	*est = json_object_get(o, "arpu_estimate");
	const char	*what = "a summary";

	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent %s that is not an object", what);
	if (!json_is_object(c))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent %s without 'counts'", what);
	if (!json_is_object(est))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent %s without 'arpu_estimate'", what);
	if (mdl_get_int(c, "members_start", 1, &s->members_start, what, err) ||
	    mdl_get_int(c, "members_end", 1, &s->members_end, what, err) ||
	    mdl_get_int(c, "interactions", 1, &s->interactions, what, err) ||
	    mdl_get_int(c, "spent", 1, &s->spent, what, err) ||
	    mdl_get_int(o, "growth", 1, &s->growth, what, err) ||
	    ratio_get(o, "retention", &s->retention, err) ||
	    ratio_get(o, "activity", &s->activity, err) ||
	    ratio_get(o, "average_spend", &s->average_spend, err) ||
	    ratio_get(o, "clv", &s->clv, err) ||
	    ratio_get(est, "arpu_per_step", &s->arpu_per_step, err) ||
	    ratio_get(est, "churn_per_step", &s->churn_per_step, err) ||
	    ratio_decode(json_object_get(est, "clv"), &s->arpu_clv,
	    "arpu_estimate clv", err) ||
	    mdl_get_str(est, "label", 0, &s->arpu_label, what, err))
		return -1;
	return 0;
}

int
insights_summary_from_json(const json_t *o, struct insights_summary *s,
    struct gerr *err)
{
	memset(s, 0, sizeof *s);
	if (window_decode(o, &s->window, "a summary", err) != 0 ||
	    summary_body_decode(o, s, err) != 0) {
		insights_summary_release(s);
		return -1;
	}
	return 0;
}

void
insights_summary_release(struct insights_summary *s)
{
	window_release(&s->window);
	ratio_release(&s->retention);
	ratio_release(&s->activity);
	ratio_release(&s->average_spend);
	ratio_release(&s->clv);
	ratio_release(&s->arpu_per_step);
	ratio_release(&s->churn_per_step);
	ratio_release(&s->arpu_clv);
	free(s->arpu_label);
	memset(s, 0, sizeof *s);
}

int
insights_segments_from_json(const json_t *o, struct insights_segments *s,
    struct gerr *err)
{
	static const char *const names[INSIGHTS_SEGMENTS] = {
		"beginner", "intermediate", "advanced"
	};
	const json_t	*segs = json_object_get(o, "segments");
	int		 k;

	memset(s, 0, sizeof *s);
	if (window_decode(o, &s->window, "segments", err) != 0)
		goto fail;
	if (!json_is_object(segs)) {
		gerr_set(err, GERR_PROTO, 0,
		    "the server sent segments without 'segments'");
		goto fail;
	}
	for (k = 0; k < INSIGHTS_SEGMENTS; k++) {
		if (summary_body_decode(json_object_get(segs, names[k]),
		    &s->seg[k], err) != 0)
			goto fail;
	}
	if (summary_body_decode(json_object_get(o, "all"), &s->all, err) != 0)
		goto fail;
	return 0;
fail:
	insights_segments_release(s);
	return -1;
}

void
insights_segments_release(struct insights_segments *s)
{
	int	k;

	window_release(&s->window);
	for (k = 0; k < INSIGHTS_SEGMENTS; k++)
		insights_summary_release(&s->seg[k]);
	insights_summary_release(&s->all);
	memset(s, 0, sizeof *s);
}

/* ---- series ------------------------------------------------------------ */

/* Reads one step of a series (an elem_decode); as window_decode. */
static int
step_decode(const json_t *o, void *p, struct gerr *err)
{
	struct insights_step	*st = p;
	const char		*what = "a series step";

	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent %s that is not an object", what);
	if (mdl_get_str(o, "start", 1, &st->start, what, err) ||
	    mdl_get_str(o, "end", 1, &st->end, what, err) ||
	    mdl_get_int(o, "members", 1, &st->members, what, err) ||
	    mdl_get_int(o, "active", 1, &st->active, what, err) ||
	    mdl_get_int(o, "interactions", 1, &st->interactions, what, err) ||
	    mdl_get_int(o, "spent", 1, &st->spent, what, err) ||
	    mdl_get_int(o, "growth", 1, &st->growth, what, err) ||
	    ratio_get(o, "retention", &st->retention, err) ||
	    ratio_get(o, "activity", &st->activity, err))
		return -1;
	return 0;
}

int
insights_series_from_json(const json_t *o, struct insights_series *s,
    struct gerr *err)
{
	void	*p = NULL;
	int	 rc;

	memset(s, 0, sizeof *s);
	rc = window_decode(o, &s->window, "a series", err) != 0 ||
	    mdl_get_int(o, "members_start", 1, &s->members_start, "a series",
	    err) != 0 ||
	    array_decode(o, "items", "a series", sizeof *s->items,
	    step_decode, &p, &s->n, err) != 0;
	s->items = p;
	if (rc) {
		insights_series_release(s);
		return -1;
	}
	return 0;
}

void
insights_series_release(struct insights_series *s)
{
	size_t	i;

	window_release(&s->window);
	for (i = 0; i < s->n; i++) {
		free(s->items[i].start);
		free(s->items[i].end);
		ratio_release(&s->items[i].retention);
		ratio_release(&s->items[i].activity);
	}
	free(s->items);
	memset(s, 0, sizeof *s);
}

/* ---- cohorts ----------------------------------------------------------- */

/* Frees one cohort row and clears it. */
static void
cohort_release(struct insights_cohort *c)
{
	size_t	j;

	free(c->start);
	for (j = 0; j < c->n; j++)
		ratio_release(&c->retention[j]);
	free(c->retention);
	free(c->active);
	memset(c, 0, sizeof *c);
}

/*
 * Reads one row of the triangle: active and retention must be arrays of
 * the same length. As window_decode (c may hold memory to free).
 */
static int
cohort_decode(const json_t *o, void *row, struct gerr *err)
{
	struct insights_cohort	*c = row;
	const char		*what = "a cohort";
	const json_t		*act, *ret, *v;
	void		*p, *q;
	size_t		 j, n;

	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent %s that is not an object", what);
	if (mdl_get_str(o, "start", 1, &c->start, what, err) ||
	    mdl_get_int(o, "size", 1, &c->size, what, err) ||
	    (act = array_get(o, "active", what, err)) == NULL ||
	    (ret = array_get(o, "retention", what, err)) == NULL)
		return -1;
	n = json_array_size(act);
	if (json_array_size(ret) != n)
		return gerr_set(err, GERR_PROTO, 0, "the server sent %s whose "
		    "'active' and 'retention' differ in length", what);
	if (items_alloc(n, sizeof *c->active, &p, err) != 0)
		return -1;
	c->active = p;
	if (items_alloc(n, sizeof *c->retention, &q, err) != 0)
		return -1;
	c->retention = q;
	for (j = 0; j < n; j++) {
		v = json_array_get(act, j);
		if (!json_is_integer(v))
			return gerr_set(err, GERR_PROTO, 0, "the server sent %s "
			    "whose 'active' holds a non-integer", what);
		c->active[j] = json_integer_value(v);
		c->n = j + 1;
		if (ratio_decode(json_array_get(ret, j), &c->retention[j],
		    "cohort retention", err) != 0)
			return -1;
	}
	return 0;
}

int
insights_cohorts_from_json(const json_t *o, struct insights_cohorts *s,
    struct gerr *err)
{
	void	*p = NULL;
	int	 rc;

	memset(s, 0, sizeof *s);
	rc = window_decode(o, &s->window, "cohorts", err) != 0 ||
	    array_decode(o, "cohorts", "cohorts", sizeof *s->items,
	    cohort_decode, &p, &s->n, err) != 0;
	s->items = p;
	if (rc) {
		insights_cohorts_release(s);
		return -1;
	}
	return 0;
}

void
insights_cohorts_release(struct insights_cohorts *s)
{
	size_t	i;

	window_release(&s->window);
	for (i = 0; i < s->n; i++)
		cohort_release(&s->items[i]);
	free(s->items);
	memset(s, 0, sizeof *s);
}

/* ---- revenue ----------------------------------------------------------- */

/* Reads one period of a course's revenue; as window_decode. */
static int
period_decode(const json_t *o, void *elem, struct gerr *err)
{
	struct revenue_period	*p = elem;
	const char		*what = "a revenue period";

	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent %s that is not an object", what);
	if (mdl_get_str(o, "start", 1, &p->start, what, err) ||
	    mdl_get_str(o, "end", 1, &p->end, what, err) ||
	    mdl_get_int(o, "orders", 1, &p->orders, what, err) ||
	    mdl_get_int(o, "paid", 1, &p->paid, what, err) ||
	    mdl_get_int(o, "refunded", 1, &p->refunded, what, err) ||
	    mdl_get_int(o, "net", 1, &p->net, what, err))
		return -1;
	return 0;
}

/* Frees one course's revenue and clears it. */
static void
revenue_course_release(struct revenue_course *c)
{
	size_t	k;

	free(c->slug);
	free(c->title);
	for (k = 0; k < c->n; k++) {
		free(c->periods[k].start);
		free(c->periods[k].end);
	}
	free(c->periods);
	memset(c, 0, sizeof *c);
}

/* Reads one course's revenue with its periods; as cohort_decode. */
static int
revenue_course_decode(const json_t *o, void *elem, struct gerr *err)
{
	struct revenue_course	*c = elem;
	const char		*what = "a course's revenue";
	void			*p = NULL;
	int			 rc;

	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent %s that is not an object", what);
	if (mdl_get_int(o, "course_id", 1, &c->course_id, what, err) ||
	    mdl_get_str(o, "slug", 0, &c->slug, what, err) ||
	    mdl_get_str(o, "title", 0, &c->title, what, err) ||
	    mdl_get_int(o, "paid", 1, &c->paid, what, err) ||
	    mdl_get_int(o, "refunded", 1, &c->refunded, what, err) ||
	    mdl_get_int(o, "net", 1, &c->net, what, err))
		return -1;
	rc = array_decode(o, "periods", what, sizeof *c->periods,
	    period_decode, &p, &c->n, err);
	c->periods = p;
	return rc;
}

int
insights_revenue_from_json(const json_t *o, struct insights_revenue *s,
    struct gerr *err)
{
	void	*p = NULL;
	int	 rc;

	memset(s, 0, sizeof *s);
	rc = window_decode(o, &s->window, "revenue", err) != 0 ||
	    array_decode(o, "items", "revenue", sizeof *s->items,
	    revenue_course_decode, &p, &s->n, err) != 0;
	s->items = p;
	if (rc) {
		insights_revenue_release(s);
		return -1;
	}
	return 0;
}

void
insights_revenue_release(struct insights_revenue *s)
{
	size_t	i;

	window_release(&s->window);
	for (i = 0; i < s->n; i++)
		revenue_course_release(&s->items[i]);
	free(s->items);
	memset(s, 0, sizeof *s);
}

/* ---- top --------------------------------------------------------------- */

/* The member names of a and b in each list of GET /analytics/top. */
struct top_kind {
	const char	*key;
	const char	*a;
	const char	*b;
	int		 has_slug;
};

/* Frees n top items and the array. */
static void
top_items_free(struct top_item *t, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(t[i].slug);
		free(t[i].title);
	}
	free(t);
}

/*
 * Reads the list k->key of o into *out (caller frees with top_items_free
 * of *n). 0, or -1 with err and whatever was read kept in *out, *n.
 */
static int
top_list_decode(const json_t *o, const struct top_kind *k,
    struct top_item **out, size_t *n, struct gerr *err)
{
	const char	*what = "a top entry";
	const json_t	*arr, *e;
	void		*p;
	size_t		 i;

	*out = NULL;
	*n = 0;
	if ((arr = array_get(o, k->key, "top content", err)) == NULL ||
	    items_alloc(json_array_size(arr), sizeof **out, &p, err) != 0)
		return -1;
	*out = p;
	for (i = 0; i < json_array_size(arr); i++) {
		e = json_array_get(arr, i);
		*n = i + 1;
		if (!json_is_object(e))
			return gerr_set(err, GERR_PROTO, 0,
			    "the server sent %s that is not an object", what);
		if (mdl_get_int(e, "id", 1, &(*out)[i].id, what, err) ||
		    (k->has_slug && mdl_get_str(e, "slug", 0, &(*out)[i].slug,
		    what, err)) ||
		    mdl_get_str(e, "title", 0, &(*out)[i].title, what, err) ||
		    mdl_get_int(e, k->a, 1, &(*out)[i].a, what, err) ||
		    mdl_get_int(e, k->b, 1, &(*out)[i].b, what, err))
			return -1;
	}
	return 0;
}

int
insights_top_from_json(const json_t *o, struct insights_top *s,
    struct gerr *err)
{
	static const struct top_kind kinds[3] = {
		{ "threads", "replies", "likes", 0 },
		{ "questions", "answers", "score", 0 },
		{ "courses", "sold", "revenue", 1 },
	};

	memset(s, 0, sizeof *s);
	if (window_decode(o, &s->window, "top content", err) != 0 ||
	    top_list_decode(o, &kinds[0], &s->threads, &s->nthreads, err) ||
	    top_list_decode(o, &kinds[1], &s->questions, &s->nquestions,
	    err) ||
	    top_list_decode(o, &kinds[2], &s->courses, &s->ncourses, err)) {
		insights_top_release(s);
		return -1;
	}
	return 0;
}

void
insights_top_release(struct insights_top *s)
{
	window_release(&s->window);
	top_items_free(s->threads, s->nthreads);
	top_items_free(s->questions, s->nquestions);
	top_items_free(s->courses, s->ncourses);
	memset(s, 0, sizeof *s);
}

/* ---- formatting -------------------------------------------------------- */

char *
ratio_format(const struct ratio *r, int pct, char *out, size_t outsz)
{
	if (outsz == 0)
		return out;
	if (!r->defined)
		snprintf(out, outsz, "undefined");
	else if (pct)
		snprintf(out, outsz, "%.1f%%", r->value * 100.0);
	else
		snprintf(out, outsz, "%.2f", r->value);
	return out;
}

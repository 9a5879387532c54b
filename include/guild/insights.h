/*
 * The operator insights as guild reads them: decoders for the answers of
 * GET /api/v1/analytics/summary, series, cohorts, segments, revenue and
 * top (doc/api.md, doc/analytics.md). guildd writes these answers in
 * route-analytics.c; the shapes are documented once, in doc/api.md.
 * Implemented in src/common/insights.c.
 */
#ifndef GUILD_INSIGHTS_H
#define GUILD_INSIGHTS_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "err.h"

/*
 * A ratio: {"value": 0.8}, or {"value": null, "reason": "..."} when it
 * is undefined (a division by zero). reason is NULL when defined.
 */
struct ratio {
	int	 defined;
	double	 value;
	char	*reason;
};

/* The window every answer starts with. segment is NULL for everyone. */
struct insights_window {
	char	*from;		/* RFC 3339 UTC */
	char	*to;
	char	*step;		/* "day", "week", "month" */
	char	*segment;
	int64_t	 steps;
};

/* GET /analytics/summary, and each entry of segments. */
struct insights_summary {
	struct insights_window	 window;	/* empty in segments */
	int64_t			 members_start;	/* counts.members_start */
	int64_t			 members_end;
	int64_t			 interactions;
	int64_t			 spent;		/* fen, refunds subtracted */
	struct ratio		 retention;
	int64_t			 growth;
	struct ratio		 activity;
	struct ratio		 average_spend;
	struct ratio		 clv;
	struct ratio		 arpu_per_step;	/* the labelled estimate */
	struct ratio		 churn_per_step;
	struct ratio		 arpu_clv;
	char			*arpu_label;
};

/* One step of GET /analytics/series. */
struct insights_step {
	char		*start;
	char		*end;
	int64_t		 members;	/* N(t) */
	int64_t		 active;
	int64_t		 interactions;
	int64_t		 spent;
	struct ratio	 retention;
	int64_t		 growth;
	struct ratio	 activity;
};

struct insights_series {
	struct insights_window	 window;
	int64_t			 members_start;
	struct insights_step	*items;
	size_t			 n;
};

/* One row of the cohort triangle: active[j], retention[j] for step +j. */
struct insights_cohort {
	char		*start;
	int64_t		 size;
	int64_t		*active;
	struct ratio	*retention;
	size_t		 n;
};

struct insights_cohorts {
	struct insights_window	 window;
	struct insights_cohort	*items;
	size_t			 n;
};

/* GET /analytics/segments: beginner, intermediate, advanced, then all. */
#define INSIGHTS_SEGMENTS	3
struct insights_segments {
	struct insights_window	 window;
	struct insights_summary	 seg[INSIGHTS_SEGMENTS];
	struct insights_summary	 all;
};

struct revenue_period {
	char	*start;
	char	*end;
	int64_t	 orders;
	int64_t	 paid;
	int64_t	 refunded;
	int64_t	 net;
};

struct revenue_course {
	int64_t			 course_id;
	char			*slug;
	char			*title;
	int64_t			 paid;
	int64_t			 refunded;
	int64_t			 net;
	struct revenue_period	*periods;
	size_t			 n;
};

struct insights_revenue {
	struct insights_window	 window;
	struct revenue_course	*items;
	size_t			 n;
};

/* GET /analytics/top: a, b are replies+likes, answers+score, sold+revenue. */
struct top_item {
	int64_t	 id;
	char	*slug;		/* courses only */
	char	*title;
	int64_t	 a;
	int64_t	 b;
};

struct insights_top {
	struct insights_window	 window;
	struct top_item		*threads, *questions, *courses;
	size_t			 nthreads, nquestions, ncourses;
};

/* Each returns 0, or -1 with a GERR_PROTO naming what was wrong. */
int	insights_summary_from_json(const json_t *, struct insights_summary *,
	    struct gerr *);
void	insights_summary_release(struct insights_summary *);
int	insights_series_from_json(const json_t *, struct insights_series *,
	    struct gerr *);
void	insights_series_release(struct insights_series *);
int	insights_cohorts_from_json(const json_t *, struct insights_cohorts *,
	    struct gerr *);
void	insights_cohorts_release(struct insights_cohorts *);
int	insights_segments_from_json(const json_t *,
	    struct insights_segments *, struct gerr *);
void	insights_segments_release(struct insights_segments *);
int	insights_revenue_from_json(const json_t *, struct insights_revenue *,
	    struct gerr *);
void	insights_revenue_release(struct insights_revenue *);
int	insights_top_from_json(const json_t *, struct insights_top *,
	    struct gerr *);
void	insights_top_release(struct insights_top *);

/*
 * "0.80", "undefined" for an undefined ratio; pct writes "80.0%".
 * Both return out.
 */
char	*ratio_format(const struct ratio *, int pct, char *out, size_t outsz);

#endif

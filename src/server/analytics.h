/*
 * Operator analytics, the pure half: the formulas (retention, growth,
 * activity, lifetime value and the ARPU / churn companion), each giving
 * "undefined" rather than a number when it would divide by zero, and the
 * calendar arithmetic of windows and steps. No SQL here (db-analytics.c
 * gathers the counts); doc/analytics.md explains every definition.
 */
#ifndef GUILD_SERVER_ANALYTICS_H
#define GUILD_SERVER_ANALYTICS_H

#include <stdint.h>
#include <time.h>

#include <jansson.h>
#include <sqlite3.h>

#include "guild/model.h"
#include "guild/problem.h"

/* A figure that may be undefined (a division by zero): then value is 0
 * and reason says why, for the API's {"value": null, "reason": ...}. */
struct an_value {
	int		 defined;
	double		 value;
	const char	*reason;	/* static; NULL when defined */
};

enum an_step {
	AN_STEP_DAY = 0,
	AN_STEP_WEEK,
	AN_STEP_MONTH
};

/* Longest window, in steps, one request may ask for. */
#define AN_MAX_STEPS	400

/* R(t) = N_active(t) / N(0); undefined when N(0) = 0. */
struct an_value	 an_retention(int64_t n_active, int64_t n0);
/* G(t) = N(t) - N(0), members; always defined. */
int64_t		 an_growth(int64_t n_t, int64_t n0);
/* A(t) = I(t) / N(t); undefined when N(t) = 0. */
struct an_value	 an_activity(int64_t interactions, int64_t n_t);
/* C = spent / members (fen per member); undefined when members = 0. */
struct an_value	 an_avg_spend(int64_t spent, int64_t members);
/* CLV = C / R; undefined when C or R is undefined or R = 0. */
struct an_value	 an_clv(struct an_value c, struct an_value r);
/*
 * The mean of the defined values among r[0..n-1]; undefined, with the
 * reason of the first (or "no steps"), when none is defined.
 */
struct an_value	 an_mean(const struct an_value *r, int n);
/* A cohort's share active in a step: active / size; undefined when the
 * cohort is empty. */
struct an_value	 an_cohort_share(int64_t active, int64_t size);
/* ARPU per step = C / steps; undefined when C is or steps = 0. */
struct an_value	 an_arpu(struct an_value c, int steps);
/* Churn per step = 1 - mean R; undefined when mean R is. */
struct an_value	 an_churn(struct an_value mean_r);
/* The standard estimate: lifetime value = ARPU / churn; undefined when
 * either is, or churn = 0 (nobody leaves: no finite estimate). */
struct an_value	 an_clv_arpu(struct an_value arpu, struct an_value churn);

/* "day", "week", "month" into *out. 0, or -1 for anything else. */
int		 an_step_parse(const char *, enum an_step *out);
const char	*an_step_name(enum an_step);
/*
 * The start of the step after the one starting at t (UTC): t + 1 day,
 * t + 7 days, or the same day and time one calendar month on (clamped
 * to the month's last day).
 */
time_t		 an_step_next(time_t t, enum an_step);
/*
 * Parses a date: RFC 3339 ("2026-11-01T00:00:00Z") or "YYYY-MM-DD"
 * (midnight UTC). 0 and *out, or -1.
 */
int		 an_date_parse(const char *, time_t *out);
/*
 * Cuts [from, to) into steps: the starts go into starts[0..*n] (the last
 * entry is to, or the end of the last step cut short by to). Returns 0,
 * or -1 when from >= to or there would be more than max steps.
 */
int		 an_steps(time_t from, time_t to, enum an_step, time_t *starts,
		    int max, int *n);
/* The UTC day number of t (days since 1970-01-01), the counters' key. */
int64_t		 an_day(time_t t);


/* ---- the counts behind the formulas (db-analytics.c) ------------- */

/* One step's counts: members N(t) at its end, the starting members
 * active in it, interactions and net spending (fen) in it. */
struct an_step_counts {
	time_t	start, end;
	int64_t	members;
	int64_t	active;
	int64_t	interactions;
	int64_t	spent;
};

/* Which members a query counts: all, or one segment (level). */
struct an_filter {
	int		has_segment;
	enum level	segment;
};

/*
 * Counts members at from into *n0 and fills out[0..n-1] for the steps
 * whose boundaries are starts[0..n] (an_steps), reading the per-day
 * counters only (days are UTC; a boundary inside a day counts from
 * that day). Returns G_OK or G_INTERNAL (logged).
 */
enum gstatus	 an_db_counts(sqlite3 *, const time_t *starts, int n,
		    const struct an_filter *, int64_t *n0,
		    struct an_step_counts *out);

/*
 * The cohort triangle over steps starts[0..n]: sizes[c] members joined
 * in step c; active[c * n + k] (k >= c) of them were active in step k
 * (entries with k < c are 0). Callers allocate n and n * n entries.
 * Returns G_OK or G_INTERNAL (logged).
 */
enum gstatus	 an_db_cohorts(sqlite3 *, const time_t *starts, int n,
		    const struct an_filter *, int64_t *sizes, int64_t *active);

/*
 * Net revenue per course and step over starts[0..n] into *out, a JSON
 * array of {course_id, slug, title, paid, refunded, net, periods: [{start,
 * end, orders, paid, refunded, net}]} (amounts in fen) ordered by net,
 * highest first; payments count when paid, refunds when made. The
 * segment filters by the buyer's level. G_OK (caller decrefs *out).
 */
enum gstatus	 an_db_revenue(sqlite3 *, const time_t *starts, int n,
		    const struct an_filter *, json_t **out);

/*
 * The top content of [from, to) into *out (caller decrefs): threads
 * with the most replies and likes among those active in the window,
 * questions asked in it with the most answers and votes, and the
 * courses with the most paid orders in it (refunded ones excluded).
 * At most limit of each.
 */
enum gstatus	 an_db_top(sqlite3 *, time_t from, time_t to, int limit,
		    json_t **out);

/*
 * Course ids for user_id's recommendations: published courses at level
 * or the one above that the member does not own, most enrolled among
 * members at level first (ties: newest). ids[0..*n] with popularity in
 * pop; at most max. G_OK or G_INTERNAL.
 */
enum gstatus	 an_db_recommend(sqlite3 *, int64_t user_id, enum level,
		    int64_t *ids, int64_t *pop, int max, int *n);

/*
 * Seeds half a year of history (members joining, posting, buying, going
 * quiet) for `guildd --demo`, inside demo_seed's transaction, after the
 * catalog exists. Members log in with the demo password (member_hash).
 * 0, or -1 (logged).
 */
int		 demo_seed_history(sqlite3 *, time_t now,
		    const char *member_hash);

#endif

/*
 * Operator analytics, the pure half: the formulas of doc/analytics.md
 * and the calendar arithmetic of windows and steps (UTC).
 */
#include <stdio.h>
#include <string.h>

#include "guild/timeutil.h"
#include "guild/util.h"
#include "analytics.h"

static struct an_value
an_def(double v)
{
	struct an_value	r = { 1, v, NULL };

	return r;
}

static struct an_value
an_undef(const char *why)
{
	struct an_value	r = { 0, 0.0, why };

	return r;
}

struct an_value
an_retention(int64_t n_active, int64_t n0)
{
	if (n0 <= 0)
		return an_undef("no members at the start (N(0) = 0)");
	return an_def((double)n_active / (double)n0);
}

int64_t
an_growth(int64_t n_t, int64_t n0)
{
	return n_t - n0;
}

struct an_value
an_activity(int64_t interactions, int64_t n_t)
{
	if (n_t <= 0)
		return an_undef("no members in the step (N(t) = 0)");
	return an_def((double)interactions / (double)n_t);
}

struct an_value
an_avg_spend(int64_t spent, int64_t members)
{
	if (members <= 0)
		return an_undef("no members in the window");
	return an_def((double)spent / (double)members);
}

struct an_value
an_clv(struct an_value c, struct an_value r)
{
	if (!c.defined)
		return c;
	if (!r.defined)
		return r;
	if (r.value == 0.0)
		return an_undef("retention is 0");
	return an_def(c.value / r.value);
}

struct an_value
an_mean(const struct an_value *r, int n)
{
	double	sum = 0.0;
	int	i, k = 0;

	for (i = 0; i < n; i++) {
		if (r[i].defined) {
			sum += r[i].value;
			k++;
		}
	}
	if (k == 0)
		return n > 0 ? r[0] : an_undef("the window has no steps");
	return an_def(sum / k);
}

struct an_value
an_cohort_share(int64_t active, int64_t size)
{
	if (size <= 0)
		return an_undef("nobody joined in this step");
	return an_def((double)active / (double)size);
}

struct an_value
an_arpu(struct an_value c, int steps)
{
	if (!c.defined)
		return c;
	if (steps <= 0)
		return an_undef("the window has no steps");
	return an_def(c.value / steps);
}

struct an_value
an_churn(struct an_value mean_r)
{
	if (!mean_r.defined)
		return mean_r;
	return an_def(1.0 - mean_r.value);
}

struct an_value
an_clv_arpu(struct an_value arpu, struct an_value churn)
{
	if (!arpu.defined)
		return arpu;
	if (!churn.defined)
		return churn;
	if (churn.value <= 0.0)
		return an_undef("churn is 0: no finite estimate");
	return an_def(arpu.value / churn.value);
}

static const char *const step_names[] = { "day", "week", "month" };

int
an_step_parse(const char *s, enum an_step *out)
{
	size_t	i;

	for (i = 0; s != NULL && i < G_NELEM(step_names); i++) {
		if (strcmp(s, step_names[i]) == 0) {
			*out = (enum an_step)i;
			return 0;
		}
	}
	return -1;
}

const char *
an_step_name(enum an_step s)
{
	return (unsigned)s < G_NELEM(step_names) ? step_names[s] : "day";
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t		era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
days_in_month(int64_t y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

time_t
an_step_next(time_t t, enum an_step step)
{
	struct tm	tm;
	int64_t		y;
	int		m, d;

	if (step == AN_STEP_DAY)
		return t + 86400;
	if (step == AN_STEP_WEEK)
		return t + 7 * 86400;
	if (gmtime_r(&t, &tm) == NULL)
		return t + 31 * 86400;
	y = (int64_t)tm.tm_year + 1900;
	m = tm.tm_mon + 2;
	if (m > 12) {
		m = 1;
		y++;
	}
	d = tm.tm_mday;
	if (d > days_in_month(y, m))
		d = days_in_month(y, m);
	return (time_t)(days_from_civil(y, m, d) * 86400 +
	    tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec);
}

int
an_date_parse(const char *s, time_t *out)
{
	int64_t		y, m, d;
	char		part[8];

	if (s == NULL)
		return -1;
	if (strlen(s) != 10)
		return time_parse_rfc3339(s, out);
	if (s[4] != '-' || s[7] != '-')
		return -1;
	memcpy(part, s, 4);
	part[4] = '\0';
	if (parse_int64(part, 1970, 9999, &y) != 0)
		return -1;
	memcpy(part, s + 5, 2);
	part[2] = '\0';
	if (parse_int64(part, 1, 12, &m) != 0)
		return -1;
	memcpy(part, s + 8, 2);
	if (parse_int64(part, 1, days_in_month(y, (int)m), &d) != 0)
		return -1;
	*out = (time_t)(days_from_civil(y, (int)m, (int)d) * 86400);
	return 0;
}

int
an_steps(time_t from, time_t to, enum an_step step, time_t *starts, int max,
    int *n)
{
	time_t	t = from;
	int	k = 0;

	if (from >= to)
		return -1;
	while (t < to) {
		if (k >= max)
			return -1;
		starts[k++] = t;
		t = an_step_next(t, step);
	}
	starts[k] = t < to ? t : to;
	*n = k;
	return 0;
}

int64_t
an_day(time_t t)
{
	int64_t	v = (int64_t)t;

	return v >= 0 ? v / 86400 : -((-v + 86399) / 86400);
}

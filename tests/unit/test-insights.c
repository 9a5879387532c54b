/*
 * Unit tests of the insights decoders (src/common/insights.c): the
 * answers guildd's analytics routes really write (run in-process on a
 * small database), the documented examples, undefined ratios with their
 * reasons, ratio_format, and malformed answers refused with GERR_PROTO.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "guild/insights.h"
#include "server/db.h"
#include "server/router.h"
#include "server/server.h"

#define DAY	86400
#define T0	1767225600	/* 2026-01-01T00:00:00Z */
#define EPS	1e-9

/*
 * A database with three members who joined long before the default
 * window (four weeks up to the end of T0's day) and one who joined in
 * it, nobody active: retention is 0, so CLV is undefined.
 */
static sqlite3 *
fresh_db(void)
{
	sqlite3		*db;
	struct gerr	 err;
	int		 from, to;
	char		 sql[512];

	assert_int_equal(db_open(":memory:", &db, &err), 0);
	assert_int_equal(db_migrate(db, &from, &to, &err), 0);
	snprintf(sql, sizeof sql, "INSERT INTO users (id, username,"
	    " password_hash, level, created_at) VALUES"
	    " (1, 'ann', 'x', 'beginner', %d), (2, 'bob', 'x', 'beginner', %d),"
	    " (3, 'cyd', 'x', 'advanced', %d), (4, 'dee', 'x', 'intermediate',"
	    " %d)", T0 - 60 * DAY, T0 - 60 * DAY, T0 - 60 * DAY,
	    T0 - 10 * DAY);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	return db;
}

/* Runs an analytics route as an operator at T0; the answer (caller frees). */
static json_t *
server_answer(sqlite3 *db, enum gstatus (*route)(struct srv_req *))
{
	struct srv_req	*req = calloc(1, sizeof *req);
	json_t		*out;

	assert_non_null(req);
	req->method = "GET";
	req->path = "/api/v1/analytics";
	req->db = db;
	req->now = T0;
	req->viewer.user_id = 9;
	req->viewer.role = ROLE_OPERATOR;
	assert_int_equal(route(req), G_OK);
	out = req->out;
	assert_non_null(out);
	free(req);
	return out;
}

/* A's integer member key equals v. */
static void
assert_member_int(const json_t *o, const char *key, int64_t v)
{
	assert_true(json_is_integer(json_object_get(o, key)));
	assert_int_equal(json_integer_value(json_object_get(o, key)), v);
}

/* r is what the ratio object o says. */
static void
assert_ratio_is(const struct ratio *r, const json_t *o)
{
	const json_t	*v = json_object_get(o, "value");

	if (json_is_null(v)) {
		assert_false(r->defined);
		assert_non_null(r->reason);
		assert_string_equal(r->reason, json_string_value(
		    json_object_get(o, "reason")));
	} else {
		assert_true(r->defined);
		assert_null(r->reason);
		assert_true(r->value > json_number_value(v) - EPS &&
		    r->value < json_number_value(v) + EPS);
	}
}

static void
assert_window_is(const struct insights_window *w, const json_t *o)
{
	assert_string_equal(w->from, json_string_value(json_object_get(o,
	    "from")));
	assert_string_equal(w->to, json_string_value(json_object_get(o, "to")));
	assert_string_equal(w->step, "week");
	assert_null(w->segment);
	assert_member_int(o, "steps", w->steps);
}

/* The figures of s are those of the summary object o. */
static void
assert_summary_is(const struct insights_summary *s, const json_t *o)
{
	const json_t	*c = json_object_get(o, "counts");
	const json_t	*est = json_object_get(o, "arpu_estimate");

	assert_member_int(c, "members_start", s->members_start);
	assert_member_int(c, "members_end", s->members_end);
	assert_member_int(c, "interactions", s->interactions);
	assert_member_int(c, "spent", s->spent);
	assert_member_int(o, "growth", s->growth);
	assert_ratio_is(&s->retention, json_object_get(o, "retention"));
	assert_ratio_is(&s->activity, json_object_get(o, "activity"));
	assert_ratio_is(&s->average_spend, json_object_get(o,
	    "average_spend"));
	assert_ratio_is(&s->clv, json_object_get(o, "clv"));
	assert_ratio_is(&s->arpu_per_step, json_object_get(est,
	    "arpu_per_step"));
	assert_ratio_is(&s->churn_per_step, json_object_get(est,
	    "churn_per_step"));
	assert_ratio_is(&s->arpu_clv, json_object_get(est, "clv"));
	assert_string_equal(s->arpu_label, "standard ARPU / churn estimate");
}

/* The summary and segments guildd writes decode to the same figures. */
static void
test_server_summary(void **state)
{
	sqlite3			*db = fresh_db();
	json_t			*o = server_answer(db, route_analytics_summary);
	struct insights_summary	 s;
	struct insights_segments g;
	struct gerr		 err;
	char			 buf[32];
	int			 k;

	(void)state;
	gerr_clear(&err);
	assert_int_equal(insights_summary_from_json(o, &s, &err), 0);
	assert_window_is(&s.window, o);
	assert_summary_is(&s, o);
	/* three members at the start, four at the end, nobody active */
	assert_int_equal(s.members_start, 3);
	assert_int_equal(s.members_end, 4);
	assert_int_equal(s.growth, 1);
	assert_true(s.retention.defined);
	assert_false(s.clv.defined);
	assert_string_equal(ratio_format(&s.clv, 0, buf, sizeof buf),
	    "undefined");
	assert_string_equal(ratio_format(&s.retention, 1, buf, sizeof buf),
	    "0.0%");
	insights_summary_release(&s);
	assert_null(s.window.from);
	json_decref(o);

	o = server_answer(db, route_analytics_segments);
	assert_int_equal(insights_segments_from_json(o, &g, &err), 0);
	assert_null(g.window.segment);
	assert_summary_is(&g.seg[0], json_object_get(json_object_get(o,
	    "segments"), "beginner"));
	assert_summary_is(&g.seg[2], json_object_get(json_object_get(o,
	    "segments"), "advanced"));
	assert_summary_is(&g.all, json_object_get(o, "all"));
	for (k = 0; k < INSIGHTS_SEGMENTS; k++)
		assert_null(g.seg[k].window.from);
	assert_int_equal(g.seg[0].members_start + g.seg[1].members_start +
	    g.seg[2].members_start, g.all.members_start);
	insights_segments_release(&g);
	json_decref(o);
	sqlite3_close(db);
}

/* Series, cohorts, revenue and top as guildd writes them. */
static void
test_server_series_cohorts(void **state)
{
	sqlite3			*db = fresh_db();
	json_t			*o = server_answer(db, route_analytics_series);
	const json_t		*it, *row;
	struct insights_series	 s;
	struct insights_cohorts	 c;
	struct insights_revenue	 r;
	struct insights_top	 t;
	struct gerr		 err;
	size_t			 i, j;

	(void)state;
	assert_int_equal(insights_series_from_json(o, &s, &err), 0);
	assert_window_is(&s.window, o);
	assert_int_equal(s.n, json_array_size(json_object_get(o, "items")));
	assert_int_equal(s.n, 4);
	assert_int_equal(s.members_start, 3);
	for (i = 0; i < s.n; i++) {
		it = json_array_get(json_object_get(o, "items"), i);
		assert_string_equal(s.items[i].start, json_string_value(
		    json_object_get(it, "start")));
		assert_member_int(it, "members", s.items[i].members);
		assert_member_int(it, "active", s.items[i].active);
		assert_member_int(it, "growth", s.items[i].growth);
		assert_ratio_is(&s.items[i].retention, json_object_get(it,
		    "retention"));
		assert_ratio_is(&s.items[i].activity, json_object_get(it,
		    "activity"));
	}
	insights_series_release(&s);
	json_decref(o);

	o = server_answer(db, route_analytics_cohorts);
	assert_int_equal(insights_cohorts_from_json(o, &c, &err), 0);
	assert_int_equal(c.n, 4);
	for (i = 0; i < c.n; i++) {
		row = json_array_get(json_object_get(o, "cohorts"), i);
		assert_member_int(row, "size", c.items[i].size);
		/* a triangle: the first row has every step, the last one */
		assert_int_equal(c.items[i].n, c.n - i);
		for (j = 0; j < c.items[i].n; j++)
			assert_ratio_is(&c.items[i].retention[j],
			    json_array_get(json_object_get(row, "retention"),
			    j));
	}
	/* nobody joined in the first step: its shares are undefined */
	assert_int_equal(c.items[0].size, 0);
	assert_false(c.items[0].retention[0].defined);
	insights_cohorts_release(&c);
	json_decref(o);

	o = server_answer(db, route_analytics_revenue);
	assert_int_equal(insights_revenue_from_json(o, &r, &err), 0);
	assert_int_equal(r.n, 0);
	insights_revenue_release(&r);
	json_decref(o);

	o = server_answer(db, route_analytics_top);
	assert_int_equal(insights_top_from_json(o, &t, &err), 0);
	assert_int_equal(t.nthreads + t.nquestions + t.ncourses, 0);
	insights_top_release(&t);
	json_decref(o);
	sqlite3_close(db);
}

/* The documented examples of doc/api.md, with revenue and top filled in. */
static void
test_documented_shapes(void **state)
{
	static const char summary[] =
	    "{\"from\": \"2026-10-01T00:00:00Z\", \"to\": "
	    "\"2026-11-01T00:00:00Z\", \"step\": \"week\", \"segment\": "
	    "\"beginner\", \"steps\": 5, \"counts\": {\"members_start\": 1000,"
	    " \"members_end\": 1500, \"interactions\": 9000, \"spent\": 150000},"
	    " \"retention\": {\"value\": 0.8}, \"growth\": 500, \"activity\": "
	    "{\"value\": 1.5}, \"average_spend\": {\"value\": 100.0}, \"clv\": "
	    "{\"value\": 125.0}, \"arpu_estimate\": {\"arpu_per_step\": "
	    "{\"value\": 20.0}, \"churn_per_step\": {\"value\": 0.2}, \"clv\": "
	    "{\"value\": 100}, \"label\": \"standard ARPU / churn estimate\"}}";
	static const char revenue[] =
	    "{\"from\": \"a\", \"to\": \"b\", \"step\": \"month\", \"segment\":"
	    " null, \"steps\": 1, \"items\": [{\"course_id\": 3, \"slug\": "
	    "\"c-basics\", \"title\": \"C basics\", \"paid\": 9900, "
	    "\"refunded\": 4900, \"net\": 5000, \"periods\": [{\"start\": \"a\","
	    " \"end\": \"b\", \"orders\": 2, \"paid\": 9900, \"refunded\": 4900,"
	    " \"net\": 5000}]}]}";
	static const char top[] =
	    "{\"from\": \"a\", \"to\": \"b\", \"step\": \"week\", \"steps\": 1,"
	    " \"threads\": [{\"id\": 1, \"title\": \"t\", \"replies\": 4, "
	    "\"likes\": 2}], \"questions\": [{\"id\": 2, \"title\": \"q\", "
	    "\"answers\": 1, \"score\": -1}], \"courses\": [{\"id\": 3, "
	    "\"slug\": \"c\", \"title\": \"C\", \"sold\": 2, \"revenue\": 9900}"
	    "]}";
	struct insights_summary	 s;
	struct insights_revenue	 r;
	struct insights_top	 t;
	struct gerr		 err;
	json_t			*o;
	char			 buf[32];

	(void)state;
	o = json_loads(summary, 0, NULL);
	assert_int_equal(insights_summary_from_json(o, &s, &err), 0);
	assert_string_equal(s.window.segment, "beginner");
	assert_int_equal(s.window.steps, 5);
	assert_int_equal(s.members_end, 1500);
	assert_int_equal(s.spent, 150000);
	assert_int_equal(s.growth, 500);
	assert_string_equal(ratio_format(&s.retention, 0, buf, sizeof buf),
	    "0.80");
	assert_string_equal(ratio_format(&s.retention, 1, buf, sizeof buf),
	    "80.0%");
	assert_string_equal(ratio_format(&s.clv, 0, buf, sizeof buf),
	    "125.00");
	/* an integer where a ratio's value is expected is still a number */
	assert_string_equal(ratio_format(&s.arpu_clv, 0, buf, sizeof buf),
	    "100.00");
	assert_string_equal(ratio_format(&s.retention, 0, buf, 3), "0.");
	insights_summary_release(&s);
	json_decref(o);

	o = json_loads(revenue, 0, NULL);
	assert_int_equal(insights_revenue_from_json(o, &r, &err), 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.items[0].slug, "c-basics");
	assert_int_equal(r.items[0].net, 5000);
	assert_int_equal(r.items[0].n, 1);
	assert_int_equal(r.items[0].periods[0].orders, 2);
	assert_int_equal(r.items[0].periods[0].refunded, 4900);
	insights_revenue_release(&r);
	json_decref(o);

	o = json_loads(top, 0, NULL);
	assert_int_equal(insights_top_from_json(o, &t, &err), 0);
	assert_int_equal(t.nthreads, 1);
	assert_int_equal(t.threads[0].a, 4);
	assert_int_equal(t.threads[0].b, 2);
	assert_null(t.threads[0].slug);
	assert_int_equal(t.questions[0].b, -1);
	assert_string_equal(t.courses[0].slug, "c");
	assert_int_equal(t.courses[0].b, 9900);
	insights_top_release(&t);
	json_decref(o);
}

/* Decodes text with dec into a scratch struct; expects GERR_PROTO. */
static void
expect_proto(const char *text,
    int (*dec)(const json_t *, void *, struct gerr *),
    void (*rel)(void *))
{
	union {
		struct insights_summary		s;
		struct insights_series		r;
		struct insights_cohorts		c;
		struct insights_segments	g;
		struct insights_revenue		v;
		struct insights_top		t;
	} u;
	struct gerr	 err;
	json_t		*o = json_loads(text, 0, NULL);

	assert_non_null(o);
	gerr_clear(&err);
	assert_int_equal(dec(o, &u, &err), -1);
	assert_int_equal(err.kind, GERR_PROTO);
	assert_true(err.msg[0] != '\0');
	rel(&u);	/* the decoder left nothing behind: a second release */
	json_decref(o);
}

/* Adapters from the typed decoders to expect_proto's. */
#define ADAPT(name)							\
static int								\
name##_dec(const json_t *o, void *p, struct gerr *err)			\
{									\
	return insights_##name##_from_json(o, p, err);			\
}									\
static void								\
name##_rel(void *p)							\
{									\
	insights_##name##_release(p);					\
}
ADAPT(summary)
ADAPT(series)
ADAPT(cohorts)
ADAPT(segments)
ADAPT(revenue)
ADAPT(top)

#define WIN	"\"from\": \"a\", \"to\": \"b\", \"step\": \"week\", \"steps\": 1"
#define COUNTS	"\"counts\": {\"members_start\": 1, \"members_end\": 1, " \
		"\"interactions\": 0, \"spent\": 0}"
#define EST	"\"arpu_estimate\": {\"arpu_per_step\": {\"value\": 1}, " \
		"\"churn_per_step\": {\"value\": 1}, \"clv\": {\"value\": 1}}"
#define RATIOS	"\"retention\": {\"value\": 1}, \"activity\": {\"value\": 1}," \
		" \"average_spend\": {\"value\": 1}, \"clv\": {\"value\": 1}"

static void
test_malformed(void **state)
{
	struct insights_summary	 s;
	struct gerr		 err;
	json_t			*o;

	(void)state;
	/* the well-formed base the others break */
	o = json_loads("{" WIN ", " COUNTS ", " EST ", " RATIOS
	    ", \"growth\": 0}", 0, NULL);
	assert_int_equal(insights_summary_from_json(o, &s, &err), 0);
	assert_null(s.arpu_label);
	insights_summary_release(&s);
	json_decref(o);

	expect_proto("[]", summary_dec, summary_rel);
	expect_proto("{}", summary_dec, summary_rel);
	expect_proto("{" WIN ", " EST ", " RATIOS ", \"growth\": 0}",
	    summary_dec, summary_rel);
	expect_proto("{" WIN ", " COUNTS ", " EST ", " RATIOS
	    ", \"growth\": \"0\"}", summary_dec, summary_rel);
	expect_proto("{" WIN ", " COUNTS ", " EST ", \"growth\": 0, "
	    "\"retention\": 0.8, \"activity\": {\"value\": 1}, "
	    "\"average_spend\": {\"value\": 1}, \"clv\": {\"value\": 1}}",
	    summary_dec, summary_rel);
	expect_proto("{" WIN ", " COUNTS ", " EST ", \"growth\": 0, "
	    "\"retention\": {\"value\": \"0.8\"}, \"activity\": {\"value\": 1},"
	    " \"average_spend\": {\"value\": 1}, \"clv\": {\"value\": 1}}",
	    summary_dec, summary_rel);
	expect_proto("{" WIN ", " COUNTS ", " EST ", \"growth\": 0, "
	    "\"retention\": {\"value\": null, \"reason\": 3}, \"activity\": "
	    "{\"value\": 1}, \"average_spend\": {\"value\": 1}, \"clv\": "
	    "{\"value\": 1}}", summary_dec, summary_rel);
	expect_proto("{\"from\": 1, \"to\": \"b\", \"step\": \"week\", "
	    "\"steps\": 1}", series_dec, series_rel);
	expect_proto("{" WIN ", \"members_start\": 1, \"items\": {}}",
	    series_dec, series_rel);
	expect_proto("{" WIN ", \"members_start\": 1, \"items\": [{\"start\":"
	    " \"a\", \"end\": \"b\", \"members\": 1, \"active\": 1, "
	    "\"interactions\": 0, \"spent\": 0, \"growth\": 0, \"retention\": "
	    "{\"value\": 1}, \"activity\": {\"value\": 1}}, 7]}",
	    series_dec, series_rel);
	expect_proto("{" WIN ", \"cohorts\": [{\"start\": \"a\", \"size\": 1,"
	    " \"active\": [1, 0], \"retention\": [{\"value\": 1}]}]}",
	    cohorts_dec, cohorts_rel);
	expect_proto("{" WIN ", \"cohorts\": [{\"start\": \"a\", \"size\": 1,"
	    " \"active\": [1, \"x\"], \"retention\": [{\"value\": 1}, "
	    "{\"value\": 0}]}]}", cohorts_dec, cohorts_rel);
	expect_proto("{" WIN ", \"cohorts\": [{\"start\": \"a\", \"size\": 1,"
	    " \"active\": [1, 1], \"retention\": [{\"value\": 1}, null]}]}",
	    cohorts_dec, cohorts_rel);
	expect_proto("{" WIN ", \"segments\": {\"beginner\": {}}}",
	    segments_dec, segments_rel);
	expect_proto("{" WIN ", \"segments\": []}", segments_dec,
	    segments_rel);
	expect_proto("{" WIN ", \"items\": [{\"course_id\": 1, \"paid\": 1, "
	    "\"refunded\": 0, \"net\": 1, \"periods\": [{\"start\": \"a\"}]}]}",
	    revenue_dec, revenue_rel);
	expect_proto("{" WIN ", \"items\": [{\"course_id\": \"1\"}]}",
	    revenue_dec, revenue_rel);
	expect_proto("{" WIN ", \"threads\": [], \"questions\": [], "
	    "\"courses\": [{\"id\": 1, \"sold\": 1}]}", top_dec, top_rel);
	expect_proto("{" WIN ", \"threads\": [], \"questions\": [7], "
	    "\"courses\": []}", top_dec, top_rel);
	expect_proto("{" WIN ", \"threads\": []}", top_dec, top_rel);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_server_summary),
		cmocka_unit_test(test_server_series_cohorts),
		cmocka_unit_test(test_documented_shapes),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * The route table (every route guildd serves is registered here, in one
 * place) and the matcher that picks a route for a method and path.
 */
#include <stdio.h>
#include <string.h>

#include "router.h"

/*
 * Literal routes come before parameterised ones that could shadow them.
 * `guildd routes` prints this table and doc/api.md documents each entry
 * (tests/integration/test-api-doc.sh keeps the two in step).
 */
const struct route router_routes[] = {
	{ "GET",    "/healthz", route_healthz, ROUTE_PUBLIC },
	{ "POST",   "/api/v1/users", route_users_create, ROUTE_PUBLIC },
	{ "POST",   "/api/v1/auth/tokens", route_auth_tokens_create,
	    ROUTE_PUBLIC },
	{ "DELETE", "/api/v1/auth/tokens/current",
	    route_auth_tokens_delete_current, ROUTE_USER },
	{ "GET",    "/api/v1/me", route_me_get, ROUTE_USER },
	{ "PATCH",  "/api/v1/me", route_me_patch, ROUTE_USER },
	{ "GET",    "/api/v1/me/recommendations", route_me_recommendations,
	    ROUTE_USER },
	{ "GET",    "/api/v1/courses", route_courses_list, ROUTE_PUBLIC },
	{ "GET",    "/api/v1/courses/{id}", route_courses_get, ROUTE_PUBLIC },
	/* Course authoring, lessons, orders, payments, the library. */
	{ "POST",   "/api/v1/courses", route_courses_create, ROUTE_USER },
	{ "PATCH",  "/api/v1/courses/{id}", route_courses_patch, ROUTE_USER },
	{ "GET",    "/api/v1/courses/{id}/lessons", route_course_lessons_list,
	    ROUTE_PUBLIC },
	{ "POST",   "/api/v1/courses/{id}/lessons",
	    route_course_lessons_create, ROUTE_USER },
	{ "GET",    "/api/v1/lessons/{id}", route_lessons_get, ROUTE_PUBLIC },
	{ "PATCH",  "/api/v1/lessons/{id}", route_lessons_patch, ROUTE_USER },
	{ "DELETE", "/api/v1/lessons/{id}", route_lessons_delete, ROUTE_USER },
	{ "POST",   "/api/v1/lessons/{id}/completion", route_lessons_complete,
	    ROUTE_USER },
	{ "POST",   "/api/v1/orders", route_orders_create, ROUTE_USER },
	{ "GET",    "/api/v1/orders/{id}", route_orders_get, ROUTE_USER },
	{ "POST",   "/api/v1/orders/{id}/refund", route_orders_refund,
	    ROUTE_USER },
	{ "GET",    "/api/v1/me/orders", route_me_orders, ROUTE_USER },
	{ "GET",    "/api/v1/me/library", route_me_library, ROUTE_USER },
	{ "POST",   "/api/v1/webhooks/payments", route_webhooks_payments,
	    ROUTE_PUBLIC },
	{ "GET",    "/checkout/{session}", route_checkout_get, ROUTE_PUBLIC },
	{ "POST",   "/checkout/{session}", route_checkout_post, ROUTE_FORM },
	/* Discussions and Q&A. */
	{ "GET",    "/api/v1/categories", route_categories_list, ROUTE_PUBLIC },
	{ "GET",    "/api/v1/threads", route_threads_list, ROUTE_PUBLIC },
	{ "POST",   "/api/v1/threads", route_threads_create, ROUTE_USER },
	{ "GET",    "/api/v1/threads/{id}", route_threads_get, ROUTE_PUBLIC },
	{ "PATCH",  "/api/v1/threads/{id}", route_threads_update, ROUTE_USER },
	{ "DELETE", "/api/v1/threads/{id}", route_threads_delete, ROUTE_USER },
	{ "GET",    "/api/v1/threads/{id}/replies", route_thread_replies_list,
	    ROUTE_PUBLIC },
	{ "POST",   "/api/v1/threads/{id}/replies",
	    route_thread_replies_create, ROUTE_USER },
	{ "PUT",    "/api/v1/threads/{id}/like", route_thread_like_put,
	    ROUTE_USER },
	{ "DELETE", "/api/v1/threads/{id}/like", route_thread_like_delete,
	    ROUTE_USER },
	{ "PATCH",  "/api/v1/replies/{id}", route_replies_update, ROUTE_USER },
	{ "DELETE", "/api/v1/replies/{id}", route_replies_delete, ROUTE_USER },
	{ "PUT",    "/api/v1/replies/{id}/like", route_reply_like_put,
	    ROUTE_USER },
	{ "DELETE", "/api/v1/replies/{id}/like", route_reply_like_delete,
	    ROUTE_USER },
	{ "GET",    "/api/v1/questions", route_questions_list, ROUTE_PUBLIC },
	{ "POST",   "/api/v1/questions", route_questions_create, ROUTE_USER },
	{ "GET",    "/api/v1/questions/{id}", route_questions_get,
	    ROUTE_PUBLIC },
	{ "PATCH",  "/api/v1/questions/{id}", route_questions_update,
	    ROUTE_USER },
	{ "POST",   "/api/v1/questions/{id}/answers",
	    route_question_answers_create, ROUTE_USER },
	{ "PUT",    "/api/v1/questions/{id}/vote", route_question_vote_put,
	    ROUTE_USER },
	{ "DELETE", "/api/v1/questions/{id}/vote", route_question_vote_delete,
	    ROUTE_USER },
	{ "PUT",    "/api/v1/questions/{id}/accepted-answer",
	    route_question_accept_put, ROUTE_USER },
	{ "DELETE", "/api/v1/questions/{id}/accepted-answer",
	    route_question_accept_delete, ROUTE_USER },
	{ "GET",    "/api/v1/answers/{id}", route_answers_get, ROUTE_PUBLIC },
	{ "PATCH",  "/api/v1/answers/{id}", route_answers_update, ROUTE_USER },
	{ "DELETE", "/api/v1/answers/{id}", route_answers_delete, ROUTE_USER },
	{ "PUT",    "/api/v1/answers/{id}/vote", route_answer_vote_put,
	    ROUTE_USER },
	{ "DELETE", "/api/v1/answers/{id}/vote", route_answer_vote_delete,
	    ROUTE_USER },
	{ "GET",    "/api/v1/tags", route_tags_list, ROUTE_PUBLIC },
	{ "GET",    "/api/v1/search", route_search, ROUTE_PUBLIC },
	/* Points, levels and the leaderboard (issue 6). */
	{ "GET",    "/api/v1/point-rules", route_point_rules_list,
	    ROUTE_PUBLIC },
	{ "PUT",    "/api/v1/point-rules", route_point_rules_put, ROUTE_USER },
	{ "GET",    "/api/v1/levels", route_levels_list, ROUTE_PUBLIC },
	{ "PUT",    "/api/v1/levels", route_levels_put, ROUTE_USER },
	{ "GET",    "/api/v1/users/{username}/points", route_user_points,
	    ROUTE_PUBLIC },
	{ "GET",    "/api/v1/me/points/ledger", route_me_points_ledger,
	    ROUTE_USER },
	{ "POST",   "/api/v1/point-adjustments",
	    route_point_adjustments_create, ROUTE_USER },
	{ "GET",    "/api/v1/leaderboard", route_leaderboard, ROUTE_PUBLIC },
	{ "POST",   "/api/v1/badges", route_badges_create, ROUTE_USER },
	{ "GET",    "/api/v1/users/{username}", route_user_profile,
	    ROUTE_PUBLIC },
	/* Referrals and the inbox (issue 6). */
	{ "GET",    "/api/v1/me/referral", route_me_referral, ROUTE_USER },
	{ "GET",    "/join", route_join, ROUTE_PUBLIC },
	{ "GET",    "/api/v1/me/referrals", route_me_referrals, ROUTE_USER },
	{ "GET",    "/api/v1/me/notifications", route_me_notifications,
	    ROUTE_USER },
	{ "POST",   "/api/v1/me/notifications/read",
	    route_me_notifications_read, ROUTE_USER },
	/* Operator analytics. */
	{ "GET",    "/api/v1/analytics/summary", route_analytics_summary,
	    ROUTE_USER },
	{ "GET",    "/api/v1/analytics/series", route_analytics_series,
	    ROUTE_USER },
	{ "GET",    "/api/v1/analytics/cohorts", route_analytics_cohorts,
	    ROUTE_USER },
	{ "GET",    "/api/v1/analytics/segments", route_analytics_segments,
	    ROUTE_USER },
	{ "GET",    "/api/v1/analytics/revenue", route_analytics_revenue,
	    ROUTE_USER },
	{ "GET",    "/api/v1/analytics/top", route_analytics_top, ROUTE_USER },
	/* Community events (issue 6); {id}.ics before {id} would take it. */
	{ "GET",    "/api/v1/events", route_events_list, ROUTE_PUBLIC },
	{ "POST",   "/api/v1/events", route_events_create, ROUTE_USER },
	{ "GET",    "/api/v1/events/{id}.ics", route_event_ics, ROUTE_PUBLIC },
	{ "GET",    "/api/v1/events/{id}", route_events_get, ROUTE_PUBLIC },
	{ "PATCH",  "/api/v1/events/{id}", route_events_patch, ROUTE_USER },
	{ "PUT",    "/api/v1/events/{id}/rsvp", route_event_rsvp_put,
	    ROUTE_USER },
	{ "DELETE", "/api/v1/events/{id}/rsvp", route_event_rsvp_delete,
	    ROUTE_USER },
	{ "POST",   "/api/v1/events/{id}/attendance", route_event_attendance,
	    ROUTE_USER },
};

const size_t router_nroutes = sizeof router_routes / sizeof router_routes[0];

int
router_match(const char *pattern, const char *path, struct route_params *params)
{
	const char	*p = pattern, *s = path;
	size_t		 nlen, vlen, slen;

	if (params != NULL)
		params->n = 0;
	while (*p != '\0' && *s != '\0') {
		if (*p == '{') {
			const char *close = strchr(p, '}');

			if (close == NULL)
				return 0;
			nlen = (size_t)(close - p - 1);
			vlen = strcspn(s, "/");
			/* A literal suffix in the segment: "{id}.ics". */
			slen = strcspn(close + 1, "/{");
			if (vlen <= slen || strncmp(s + vlen - slen, close + 1,
			    slen) != 0)
				return 0;
			vlen -= slen;
			if (vlen == 0 || vlen >= ROUTE_PARAM_VALUE ||
			    nlen == 0 || nlen >= ROUTE_PARAM_NAME)
				return 0;
			if (params != NULL) {
				if (params->n >= ROUTE_MAX_PARAMS)
					return 0;
				memcpy(params->p[params->n].name, p + 1, nlen);
				params->p[params->n].name[nlen] = '\0';
				memcpy(params->p[params->n].value, s, vlen);
				params->p[params->n].value[vlen] = '\0';
				params->n++;
			}
			p = close + 1 + slen;
			s += vlen + slen;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	return *p == '\0' && *s == '\0';
}

/* Appends ", M" (or "M" first) to allow unless it is already listed. */
static void
allow_add(char *allow, size_t allowsz, const char *method)
{
	size_t		 len = strlen(allow), mlen = strlen(method);
	const char	*at;

	for (at = strstr(allow, method); at != NULL;
	    at = strstr(at + mlen, method)) {
		if ((at == allow || at[-1] == ' ') &&
		    (at[mlen] == ',' || at[mlen] == '\0'))
			return;
	}
	snprintf(allow + len, allowsz - len, "%s%s", len > 0 ? ", " : "",
	    method);
}

enum router_result
router_find(const struct route *table, size_t n, const char *method,
    const char *path, const struct route **found, struct route_params *params,
    char *allow, size_t allowsz)
{
	size_t	i;
	int	path_known = 0;
	int	is_head = strcmp(method, "HEAD") == 0;

	*found = NULL;
	if (allowsz > 0)
		allow[0] = '\0';
	for (i = 0; i < n; i++) {
		if (!router_match(table[i].pattern, path, NULL))
			continue;
		path_known = 1;
		if (strcmp(table[i].method, method) == 0 ||
		    (is_head && strcmp(table[i].method, "GET") == 0)) {
			router_match(table[i].pattern, path, params);
			*found = &table[i];
			return ROUTER_FOUND;
		}
		if (allowsz > 0) {
			allow_add(allow, allowsz, table[i].method);
			if (strcmp(table[i].method, "GET") == 0)
				allow_add(allow, allowsz, "HEAD");
		}
	}
	return path_known ? ROUTER_BAD_METHOD : ROUTER_NOT_FOUND;
}

const char *
route_param(const struct route_params *params, const char *name)
{
	size_t	i;

	for (i = 0; i < params->n; i++) {
		if (strcmp(params->p[i].name, name) == 0)
			return params->p[i].value;
	}
	return NULL;
}

/* guildd's route table: {method, path pattern, handler, auth} and matching. */
#ifndef GUILD_SERVER_ROUTER_H
#define GUILD_SERVER_ROUTER_H

#include <stddef.h>

#include "guild/problem.h"

#define ROUTE_MAX_PARAMS	4
#define ROUTE_PARAM_NAME	32
#define ROUTE_PARAM_VALUE	256

struct srv_req;

/*
 * A handler reads the request and fills req->out (for 200/201) or the
 * problem detail (srv_fail), and returns the status. It never talks to
 * libmicrohttpd: the http layer turns the status into the response.
 */
typedef enum gstatus (*route_fn)(struct srv_req *);

/* Who may call a route. Anonymous callers are identified when they can be. */
enum route_auth {
	ROUTE_PUBLIC = 0,	/* anyone; a token, when sent, must be valid */
	ROUTE_USER,		/* a valid bearer token is required (else 401) */
	ROUTE_FORM		/* anyone, and the body is an HTML form
				   (application/x-www-form-urlencoded),
				   not JSON: the sandbox checkout page */
};

struct route {
	const char	*method;	/* "GET", "POST", ... */
	const char	*pattern;	/* "/api/v1/courses/{id}" */
	route_fn	 handler;
	enum route_auth	 auth;
};

/* Path parameters captured by a match, e.g. {id} = "42". */
struct route_params {
	size_t	n;
	struct {
		char	name[ROUTE_PARAM_NAME];
		char	value[ROUTE_PARAM_VALUE];
	} p[ROUTE_MAX_PARAMS];
};

enum router_result {
	ROUTER_FOUND = 0,
	ROUTER_NOT_FOUND,	/* no pattern matches the path: 404 */
	ROUTER_BAD_METHOD	/* the path is known, the method is not: 405 */
};

/* The table every route is registered in (router.c), in match order. */
extern const struct route	router_routes[];
extern const size_t		router_nroutes;

/*
 * Matches one pattern against a path ("/a/{x}/b" against "/a/1/b"). A
 * {name} segment matches one non-empty segment of at most
 * ROUTE_PARAM_VALUE - 1 bytes; literal text after it in the segment
 * ("{id}.ics") must end the segment and is not part of the value.
 * Returns 1 on a match and fills params (when not NULL), 0 otherwise.
 */
int		 router_match(const char *pattern, const char *path,
		    struct route_params *params);

/*
 * Finds the route for method and path in table. ROUTER_FOUND sets *found
 * and params. ROUTER_BAD_METHOD writes the methods the path does accept
 * into allow ("GET, HEAD, POST"). HEAD is served by GET routes.
 */
enum router_result router_find(const struct route *table, size_t n,
		    const char *method, const char *path,
		    const struct route **found, struct route_params *params,
		    char *allow, size_t allowsz);

/* The value of path parameter name, or NULL. */
const char	*route_param(const struct route_params *, const char *name);

/* The handlers, one file per resource family (route-*.c). */
enum gstatus	 route_healthz(struct srv_req *);
enum gstatus	 route_users_create(struct srv_req *);
enum gstatus	 route_auth_tokens_create(struct srv_req *);
enum gstatus	 route_auth_tokens_delete_current(struct srv_req *);
enum gstatus	 route_me_get(struct srv_req *);
enum gstatus	 route_courses_list(struct srv_req *);
enum gstatus	 route_courses_get(struct srv_req *);
/* Course authoring, lessons, orders, payments, the library (issue 4). */
enum gstatus	 route_courses_create(struct srv_req *);
enum gstatus	 route_courses_patch(struct srv_req *);
enum gstatus	 route_course_lessons_list(struct srv_req *);
enum gstatus	 route_course_lessons_create(struct srv_req *);
enum gstatus	 route_lessons_get(struct srv_req *);
enum gstatus	 route_lessons_patch(struct srv_req *);
enum gstatus	 route_lessons_delete(struct srv_req *);
enum gstatus	 route_lessons_complete(struct srv_req *);
enum gstatus	 route_orders_create(struct srv_req *);
enum gstatus	 route_orders_get(struct srv_req *);
enum gstatus	 route_orders_refund(struct srv_req *);
enum gstatus	 route_me_orders(struct srv_req *);
enum gstatus	 route_me_library(struct srv_req *);
enum gstatus	 route_webhooks_payments(struct srv_req *);
enum gstatus	 route_checkout_get(struct srv_req *);
enum gstatus	 route_checkout_post(struct srv_req *);
/* Discussions and Q&A (issue 5). */
enum gstatus	 route_categories_list(struct srv_req *);
enum gstatus	 route_threads_list(struct srv_req *);
enum gstatus	 route_threads_create(struct srv_req *);
enum gstatus	 route_threads_get(struct srv_req *);
enum gstatus	 route_threads_update(struct srv_req *);
enum gstatus	 route_threads_delete(struct srv_req *);
enum gstatus	 route_thread_like_put(struct srv_req *);
enum gstatus	 route_thread_like_delete(struct srv_req *);
enum gstatus	 route_thread_replies_list(struct srv_req *);
enum gstatus	 route_thread_replies_create(struct srv_req *);
enum gstatus	 route_replies_update(struct srv_req *);
enum gstatus	 route_replies_delete(struct srv_req *);
enum gstatus	 route_reply_like_put(struct srv_req *);
enum gstatus	 route_reply_like_delete(struct srv_req *);
enum gstatus	 route_questions_list(struct srv_req *);
enum gstatus	 route_questions_create(struct srv_req *);
enum gstatus	 route_questions_get(struct srv_req *);
enum gstatus	 route_questions_update(struct srv_req *);
enum gstatus	 route_question_answers_create(struct srv_req *);
enum gstatus	 route_question_vote_put(struct srv_req *);
enum gstatus	 route_question_vote_delete(struct srv_req *);
enum gstatus	 route_question_accept_put(struct srv_req *);
enum gstatus	 route_question_accept_delete(struct srv_req *);
enum gstatus	 route_answers_get(struct srv_req *);
enum gstatus	 route_answers_update(struct srv_req *);
enum gstatus	 route_answers_delete(struct srv_req *);
enum gstatus	 route_answer_vote_put(struct srv_req *);
enum gstatus	 route_answer_vote_delete(struct srv_req *);
enum gstatus	 route_tags_list(struct srv_req *);
enum gstatus	 route_search(struct srv_req *);
/* Points, levels and the leaderboard (issue 6, route-points.c). */
enum gstatus	 route_point_rules_list(struct srv_req *);
enum gstatus	 route_point_rules_put(struct srv_req *);
enum gstatus	 route_levels_list(struct srv_req *);
enum gstatus	 route_levels_put(struct srv_req *);
enum gstatus	 route_user_points(struct srv_req *);
enum gstatus	 route_me_points_ledger(struct srv_req *);
enum gstatus	 route_point_adjustments_create(struct srv_req *);
enum gstatus	 route_leaderboard(struct srv_req *);
enum gstatus	 route_badges_create(struct srv_req *);
enum gstatus	 route_user_profile(struct srv_req *);
/* Referrals and the inbox (issue 6, route-referrals.c,
   route-notifications.c). */
enum gstatus	 route_me_referral(struct srv_req *);
enum gstatus	 route_me_referrals(struct srv_req *);
enum gstatus	 route_join(struct srv_req *);
enum gstatus	 route_me_notifications(struct srv_req *);
enum gstatus	 route_me_notifications_read(struct srv_req *);
/* Operator analytics (issue 7). */
enum gstatus	 route_analytics_summary(struct srv_req *);
enum gstatus	 route_analytics_series(struct srv_req *);
enum gstatus	 route_analytics_cohorts(struct srv_req *);
enum gstatus	 route_analytics_segments(struct srv_req *);
enum gstatus	 route_analytics_revenue(struct srv_req *);
enum gstatus	 route_analytics_top(struct srv_req *);
/* Community events (issue 6, route-events.c). */
enum gstatus	 route_events_list(struct srv_req *);
enum gstatus	 route_events_create(struct srv_req *);
enum gstatus	 route_events_get(struct srv_req *);
enum gstatus	 route_events_patch(struct srv_req *);
enum gstatus	 route_event_rsvp_put(struct srv_req *);
enum gstatus	 route_event_rsvp_delete(struct srv_req *);
enum gstatus	 route_event_attendance(struct srv_req *);
enum gstatus	 route_event_ics(struct srv_req *);
enum gstatus	 route_me_patch(struct srv_req *);
enum gstatus	 route_me_recommendations(struct srv_req *);

#endif

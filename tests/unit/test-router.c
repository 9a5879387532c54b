/* Unit tests of guildd's router: pattern matching, path params, 404 vs 405. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "server/router.h"

static enum gstatus
h_list(struct srv_req *req)
{
	(void)req;
	return G_OK;
}

static enum gstatus
h_create(struct srv_req *req)
{
	(void)req;
	return G_CREATED;
}

static enum gstatus
h_get(struct srv_req *req)
{
	(void)req;
	return G_OK;
}

static enum gstatus
h_nested(struct srv_req *req)
{
	(void)req;
	return G_OK;
}

static const struct route table[] = {
	{ "GET", "/things", h_list, ROUTE_PUBLIC },
	{ "POST", "/things", h_create, ROUTE_USER },
	{ "GET", "/things/{id}", h_get, ROUTE_PUBLIC },
	{ "PATCH", "/things/{id}", h_get, ROUTE_USER },
	{ "GET", "/things/{id}/parts/{part}", h_nested, ROUTE_PUBLIC },
};

static void
test_match_literal(void **state)
{
	struct route_params	p;

	(void)state;
	assert_int_equal(router_match("/a/b", "/a/b", &p), 1);
	assert_int_equal(p.n, 0);
	assert_int_equal(router_match("/a/b", "/a/bc", &p), 0);
	assert_int_equal(router_match("/a/b", "/a", &p), 0);
	assert_int_equal(router_match("/a/b", "/a/b/", &p), 0);
	assert_int_equal(router_match("/a", "/A", &p), 0);
	assert_int_equal(router_match("/", "/", NULL), 1);
	assert_int_equal(router_match("/a", "", NULL), 0);
}

static void
test_match_params(void **state)
{
	struct route_params	p;
	char			long_seg[300];

	(void)state;
	assert_int_equal(router_match("/c/{id}", "/c/42", &p), 1);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.p[0].name, "id");
	assert_string_equal(route_param(&p, "id"), "42");
	assert_null(route_param(&p, "slug"));

	assert_int_equal(router_match("/c/{id}/l/{n}", "/c/rust-101/l/3", &p),
	    1);
	assert_string_equal(route_param(&p, "id"), "rust-101");
	assert_string_equal(route_param(&p, "n"), "3");

	/* A parameter is one whole, non-empty segment. */
	assert_int_equal(router_match("/c/{id}", "/c/", &p), 0);
	assert_int_equal(router_match("/c/{id}", "/c/1/2", &p), 0);
	assert_int_equal(router_match("/c/{id}", "/c", &p), 0);
	assert_int_equal(router_match("/c/{id}/x", "/c//x", &p), 0);

	/* Values are taken as bytes, whatever they hold. */
	assert_int_equal(router_match("/c/{id}", "/c/' OR 1=1 --", &p), 1);
	assert_string_equal(route_param(&p, "id"), "' OR 1=1 --");
	assert_int_equal(router_match("/c/{id}", "/c/\xe6\x89\x80", &p), 1);

	/* An over-long segment is refused rather than cut. */
	memset(long_seg, 'x', sizeof long_seg - 1);
	long_seg[0] = '/';
	long_seg[1] = 'c';
	long_seg[2] = '/';
	long_seg[sizeof long_seg - 1] = '\0';
	assert_int_equal(router_match("/c/{id}", long_seg, &p), 0);
}

static void
test_find_decisions(void **state)
{
	const struct route	*r;
	struct route_params	 p;
	char			 allow[64];
	size_t			 n = sizeof table / sizeof table[0];

	(void)state;
	assert_int_equal(router_find(table, n, "GET", "/things", &r, &p,
	    allow, sizeof allow), ROUTER_FOUND);
	assert_ptr_equal(r, &table[0]);
	assert_int_equal(router_find(table, n, "POST", "/things", &r, &p,
	    allow, sizeof allow), ROUTER_FOUND);
	assert_ptr_equal(r->handler, h_create);
	assert_int_equal(r->auth, ROUTE_USER);

	assert_int_equal(router_find(table, n, "GET", "/things/7", &r, &p,
	    allow, sizeof allow), ROUTER_FOUND);
	assert_ptr_equal(r->handler, h_get);
	assert_string_equal(route_param(&p, "id"), "7");

	assert_int_equal(router_find(table, n, "GET", "/things/7/parts/x",
	    &r, &p, allow, sizeof allow), ROUTER_FOUND);
	assert_string_equal(route_param(&p, "id"), "7");
	assert_string_equal(route_param(&p, "part"), "x");

	/* HEAD is served by the GET route. */
	assert_int_equal(router_find(table, n, "HEAD", "/things/7", &r, &p,
	    allow, sizeof allow), ROUTER_FOUND);
	assert_ptr_equal(r->handler, h_get);

	/* Unknown path: 404, whatever the method. */
	assert_int_equal(router_find(table, n, "GET", "/nothing", &r, &p,
	    allow, sizeof allow), ROUTER_NOT_FOUND);
	assert_null(r);
	assert_int_equal(router_find(table, n, "DELETE", "/things/7/parts",
	    &r, &p, allow, sizeof allow), ROUTER_NOT_FOUND);

	/* Known path, wrong method: 405 with what is allowed. */
	assert_int_equal(router_find(table, n, "DELETE", "/things", &r, &p,
	    allow, sizeof allow), ROUTER_BAD_METHOD);
	assert_null(r);
	assert_string_equal(allow, "GET, HEAD, POST");
	assert_int_equal(router_find(table, n, "PUT", "/things/9", &r, &p,
	    allow, sizeof allow), ROUTER_BAD_METHOD);
	assert_string_equal(allow, "GET, HEAD, PATCH");
	assert_int_equal(router_find(table, n, "POST", "/things/9/parts/1",
	    &r, &p, allow, sizeof allow), ROUTER_BAD_METHOD);
	assert_string_equal(allow, "GET, HEAD");
}

/* guildd's own table: well formed, no duplicates, the API's shape. */
static void
test_real_table(void **state)
{
	const struct route	*r;
	struct route_params	 p;
	char			 allow[64];
	size_t			 i, j;

	(void)state;
	assert_true(router_nroutes >= 7);
	for (i = 0; i < router_nroutes; i++) {
		assert_non_null(router_routes[i].handler);
		assert_true(router_routes[i].pattern[0] == '/');
		for (j = i + 1; j < router_nroutes; j++)
			assert_false(strcmp(router_routes[i].method,
			    router_routes[j].method) == 0 &&
			    strcmp(router_routes[i].pattern,
			    router_routes[j].pattern) == 0);
	}
	assert_int_equal(router_find(router_routes, router_nroutes, "GET",
	    "/api/v1/courses/rust-ownership", &r, &p, allow, sizeof allow),
	    ROUTER_FOUND);
	assert_ptr_equal(r->handler, route_courses_get);
	assert_string_equal(route_param(&p, "id"), "rust-ownership");

	assert_int_equal(router_find(router_routes, router_nroutes, "DELETE",
	    "/api/v1/auth/tokens/current", &r, &p, allow, sizeof allow),
	    ROUTER_FOUND);
	assert_int_equal(r->auth, ROUTE_USER);
	assert_int_equal(router_find(router_routes, router_nroutes, "GET",
	    "/api/v1/auth/tokens/current", &r, &p, allow, sizeof allow),
	    ROUTER_BAD_METHOD);
	assert_string_equal(allow, "DELETE");

	assert_int_equal(router_find(router_routes, router_nroutes, "GET",
	    "/api/v1/me", &r, &p, allow, sizeof allow), ROUTER_FOUND);
	assert_int_equal(r->auth, ROUTE_USER);
	assert_int_equal(router_find(router_routes, router_nroutes, "GET",
	    "/api/v1/courses", &r, &p, allow, sizeof allow), ROUTER_FOUND);
	assert_int_equal(r->auth, ROUTE_PUBLIC);
	assert_int_equal(router_find(router_routes, router_nroutes, "GET",
	    "/api/v2/courses", &r, &p, allow, sizeof allow), ROUTER_NOT_FOUND);
	assert_int_equal(router_find(router_routes, router_nroutes, "POST",
	    "/healthz", &r, &p, allow, sizeof allow), ROUTER_BAD_METHOD);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_literal),
		cmocka_unit_test(test_match_params),
		cmocka_unit_test(test_find_decisions),
		cmocka_unit_test(test_real_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

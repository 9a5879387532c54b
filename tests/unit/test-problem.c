/* Unit tests of status codes and problem+json mapping. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guild/problem.h"

static void
test_status_mapping(void **state)
{
	static const struct { enum gstatus s; int http; } map[] = {
		{ G_OK, 200 }, { G_CREATED, 201 }, { G_NO_CONTENT, 204 },
		{ G_NOT_MODIFIED, 304 }, { G_BAD_REQUEST, 400 },
		{ G_UNAUTHORIZED, 401 }, { G_FORBIDDEN, 403 },
		{ G_NOT_FOUND, 404 }, { G_METHOD_NOT_ALLOWED, 405 },
		{ G_CONFLICT, 409 }, { G_PAYLOAD_TOO_LARGE, 413 },
		{ G_UNSUPPORTED_MEDIA, 415 }, { G_UNPROCESSABLE, 422 },
		{ G_TOO_MANY_REQUESTS, 429 }, { G_INTERNAL, 500 },
		{ G_UNAVAILABLE, 503 },
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		assert_int_equal(gstatus_http(map[i].s), map[i].http);
		assert_int_equal(gstatus_from_http(map[i].http), map[i].s);
		assert_true(strncmp(gstatus_type(map[i].s),
		    "urn:guild:problem:", 18) == 0);
	}
	assert_string_equal(gstatus_type(G_UNPROCESSABLE),
	    "urn:guild:problem:validation");
	assert_string_equal(gstatus_title(G_NOT_FOUND), "Not Found");
	/* Unknown codes fall into their class. */
	assert_int_equal(gstatus_from_http(418), G_BAD_REQUEST);
	assert_int_equal(gstatus_from_http(502), G_INTERNAL);
	assert_int_equal(gstatus_http((enum gstatus)999), 500);
}

static void
test_problem_round_trip(void **state)
{
	struct field_error	 fe[2] = {
		{ "username", "is taken" },
		{ "password", "must be at least 8 characters" },
	};
	struct problem		 p = { 0 }, q;
	json_t			*j;
	char			 line[256];

	(void)state;
	p.status = 422;
	p.detail = "the request has invalid fields";
	p.errors = fe;
	p.nerrors = 2;
	j = problem_to_json(&p);
	assert_string_equal(json_string_value(json_object_get(j, "type")),
	    "urn:guild:problem:validation");
	assert_string_equal(json_string_value(json_object_get(j, "title")),
	    "Unprocessable Content");
	assert_int_equal(json_integer_value(json_object_get(j, "status")), 422);

	assert_int_equal(problem_from_json(j, &q), 0);
	assert_int_equal(q.status, 422);
	assert_int_equal(q.nerrors, 2);
	assert_string_equal(q.errors[1].field, "password");
	problem_format(&q, line, sizeof line);
	assert_string_equal(line, "Unprocessable Content: the request has "
	    "invalid fields (username: is taken; password: must be at least "
	    "8 characters)");
	problem_release(&q);
	json_decref(j);
}

static void
test_problem_tolerates_foreign_bodies(void **state)
{
	struct problem	 q;
	json_t		*j;
	char		 line[64];

	(void)state;
	/* A proxy's JSON error without the problem members. */
	j = json_loads("{\"status\": 502}", 0, NULL);
	assert_int_equal(problem_from_json(j, &q), 0);
	problem_format(&q, line, sizeof line);
	assert_string_equal(line, "Internal Server Error (HTTP 502)");
	problem_release(&q);
	json_decref(j);

	j = json_loads("[1, 2]", 0, NULL);
	assert_int_equal(problem_from_json(j, &q), -1);
	problem_release(&q);
	json_decref(j);

	/* A small buffer truncates, never overflows. */
	j = json_loads("{\"status\": 404, \"title\": \"Not Found\", \"detail\":"
	    " \"no course with id 99999999999999999999\"}", 0, NULL);
	assert_int_equal(problem_from_json(j, &q), 0);
	problem_format(&q, line, 16);
	assert_int_equal(strlen(line), 15);
	problem_release(&q);
	json_decref(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_mapping),
		cmocka_unit_test(test_problem_round_trip),
		cmocka_unit_test(test_problem_tolerates_foreign_bodies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests of the small helpers: integer parsing, time formats, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "guild/err.h"
#include "guild/timeutil.h"
#include "guild/util.h"

static void
test_parse_int64(void **state)
{
	int64_t	v = 0;

	(void)state;
	assert_int_equal(parse_int64("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(parse_int64("-7", -10, 10, &v), 0);
	assert_int_equal(v, -7);
	assert_int_equal(parse_int64("", 0, 100, &v), -1);
	assert_int_equal(parse_int64("12abc", 0, 100, &v), -1);
	assert_int_equal(parse_int64(" 12", 0, 100, &v), -1);
	assert_int_equal(parse_int64("+12", 0, 100, &v), -1);
	assert_int_equal(parse_int64("101", 0, 100, &v), -1);
	assert_int_equal(parse_int64("99999999999999999999", INT64_MIN,
	    INT64_MAX, &v), -1);
	assert_int_equal(parse_int64(NULL, 0, 1, &v), -1);
}

static void
test_rfc3339(void **state)
{
	char	out[32];
	time_t	t;

	(void)state;
	assert_string_equal(time_rfc3339(0, out, sizeof out),
	    "1970-01-01T00:00:00Z");
	assert_int_equal(time_parse_rfc3339("2026-11-26T18:01:11Z", &t), 0);
	assert_string_equal(time_rfc3339(t, out, sizeof out),
	    "2026-11-26T18:01:11Z");
	assert_int_equal(time_parse_rfc3339("2026-11-26T20:01:11.250+02:00",
	    &t), 0);
	assert_string_equal(time_rfc3339(t, out, sizeof out),
	    "2026-11-26T18:01:11Z");
	assert_int_equal(time_parse_rfc3339("2026-13-01T00:00:00Z", &t), -1);
	assert_int_equal(time_parse_rfc3339("2026-11-26 18:01", &t), -1);
	assert_int_equal(time_parse_rfc3339("2026-11-26T18:01:11Zjunk", &t), -1);
}

static void
test_time_ago(void **state)
{
	char	out[32];

	(void)state;
	assert_string_equal(time_ago(1000, 1030, out, sizeof out), "just now");
	assert_string_equal(time_ago(1000, 1000 + 300, out, sizeof out), "5m");
	assert_string_equal(time_ago(0, 3 * 3600, out, sizeof out), "3h");
	assert_string_equal(time_ago(0, 2 * 86400, out, sizeof out), "2d");
	assert_string_equal(time_ago(0, 21 * 86400, out, sizeof out), "3w");
	assert_string_equal(time_ago(0, 400 * 86400, out, sizeof out),
	    "1970-01-01");
}

static void
test_gerr(void **state)
{
	struct gerr	e;

	(void)state;
	gerr_clear(&e);
	assert_int_equal(gerr_exit_code(&e), 0);
	assert_int_equal(gerr_set(&e, GERR_AUTH, 401, "not logged in to %s",
	    "http://x"), -1);
	assert_string_equal(e.msg, "not logged in to http://x");
	assert_int_equal(gerr_exit_code(&e), 4);
	gerr_set(&e, GERR_USAGE, 0, "bad");
	assert_int_equal(gerr_exit_code(&e), 2);
	gerr_set(&e, GERR_NET, 0, "refused");
	assert_int_equal(gerr_exit_code(&e), 1);
	assert_int_equal(gerr_set(NULL, GERR_NET, 0, "ignored"), -1);
	assert_true(mem_equal_ct("abc", "abc", 3));
	assert_false(mem_equal_ct("abc", "abd", 3));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_int64),
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test(test_time_ago),
		cmocka_unit_test(test_gerr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests of struct buf, the growable buffer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "guild/buf.h"

static void
test_buf_appends(void **state)
{
	struct buf	 b = BUF_INIT;
	char		*s;
	int		 i;

	(void)state;
	assert_string_equal(buf_str(&b), "");
	buf_adds(&b, "hello");
	buf_addc(&b, ' ');
	buf_printf(&b, "%s %d", "世界", 42);
	assert_string_equal(buf_str(&b), "hello 世界 42");
	assert_int_equal(b.len, strlen("hello 世界 42"));
	for (i = 0; i < 10000; i++)
		buf_addc(&b, 'x');
	assert_int_equal(b.len, strlen("hello 世界 42") + 10000);
	assert_int_equal(b.failed, 0);
	buf_reset(&b);
	assert_string_equal(buf_str(&b), "");
	buf_add(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	s = buf_detach(&b);
	assert_memory_equal(s, "a\0b", 4);
	assert_null(b.data);
	free(s);
	s = buf_detach(&b);
	assert_string_equal(s, "");
	free(s);
}

static void
test_buf_failure_is_sticky(void **state)
{
	struct buf	b = BUF_INIT;

	(void)state;
	buf_adds(&b, "x");
	assert_int_equal(buf_grow(&b, (size_t)-1 / 2), -1);
	assert_int_equal(b.failed, 1);
	assert_int_equal(buf_adds(&b, "more"), -1);
	assert_string_equal(buf_str(&b), "x");
	assert_null(buf_detach(&b));
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_appends),
		cmocka_unit_test(test_buf_failure_is_sticky),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

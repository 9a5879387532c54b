/*
 * Unit tests of the token-bucket rate limit: rate specs, bursts and
 * refills, Retry-After arithmetic, independent keys, bounded memory, and
 * exactly count takes from many threads at once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <pthread.h>
#include <cmocka.h>

#include "server/posts.h"

static void
test_parse(void **state)
{
	unsigned	c, p;

	(void)state;
	assert_int_equal(ratelimit_parse("10/min", &c, &p), 0);
	assert_int_equal(c, 10);
	assert_int_equal(p, 60);
	assert_int_equal(ratelimit_parse("3/30s", &c, &p), 0);
	assert_int_equal(c, 3);
	assert_int_equal(p, 30);
	assert_int_equal(ratelimit_parse("100/h", &c, &p), 0);
	assert_int_equal(p, 3600);
	assert_int_equal(ratelimit_parse("7/2hour", &c, &p), 0);
	assert_int_equal(p, 7200);
	assert_int_equal(ratelimit_parse("5/sec", &c, &p), 0);
	assert_int_equal(p, 1);
	assert_int_equal(ratelimit_parse("5", &c, &p), 0);
	assert_int_equal(c, 5);
	assert_int_equal(p, 60);
	assert_int_equal(ratelimit_parse("off", &c, &p), 0);
	assert_int_equal(c, 0);
	assert_int_equal(ratelimit_parse("0/min", &c, &p), 0);
	assert_int_equal(c, 0);

	assert_int_equal(ratelimit_parse("", &c, &p), -1);
	assert_int_equal(ratelimit_parse("/min", &c, &p), -1);
	assert_int_equal(ratelimit_parse("10/", &c, &p), -1);
	assert_int_equal(ratelimit_parse("10/day", &c, &p), -1);
	assert_int_equal(ratelimit_parse("-1/min", &c, &p), -1);
	assert_int_equal(ratelimit_parse("10/0s", &c, &p), -1);
	assert_int_equal(ratelimit_parse("ten/min", &c, &p), -1);
	assert_int_equal(ratelimit_parse("10/min/s", &c, &p), -1);
	assert_int_equal(ratelimit_parse("100001/min", &c, &p), -1);
	assert_int_equal(ratelimit_parse("1/9999999h", &c, &p), -1);
	assert_int_equal(ratelimit_parse(NULL, &c, &p), -1);
}

static void
test_burst_and_refill(void **state)
{
	struct ratelimit	rl;

	(void)state;
	ratelimit_init(&rl, 3, 60, 64);
	/* A full bucket: three posts at once. */
	assert_int_equal(ratelimit_take(&rl, 7, 1000), 0);
	assert_int_equal(ratelimit_take(&rl, 7, 1000), 0);
	assert_int_equal(ratelimit_take(&rl, 7, 1000), 0);
	/* One token comes back every 20 s. */
	assert_int_equal(ratelimit_take(&rl, 7, 1000), 20);
	assert_int_equal(ratelimit_take(&rl, 7, 11000), 10);
	assert_int_equal(ratelimit_take(&rl, 7, 20500), 1);
	assert_int_equal(ratelimit_take(&rl, 7, 21000), 0);
	assert_int_equal(ratelimit_take(&rl, 7, 21000), 20);
	/* A refused take costs nothing: the wait does not grow. */
	assert_int_equal(ratelimit_take(&rl, 7, 21000), 20);
	/* Other keys have their own buckets. */
	assert_int_equal(ratelimit_take(&rl, 8, 21000), 0);
	/* A long pause refills to the burst, never beyond. */
	assert_int_equal(ratelimit_take(&rl, 7, 10000000), 0);
	assert_int_equal(ratelimit_take(&rl, 7, 10000000), 0);
	assert_int_equal(ratelimit_take(&rl, 7, 10000000), 0);
	assert_int_equal(ratelimit_take(&rl, 7, 10000000), 20);
	/* A clock that steps back is no refill. */
	assert_int_equal(ratelimit_take(&rl, 7, 5000), 20);
	ratelimit_release(&rl);
}

static void
test_off_and_set(void **state)
{
	struct ratelimit	rl = RATELIMIT_INIT(0, 60, 16);
	int			i;

	(void)state;
	for (i = 0; i < 1000; i++)
		assert_int_equal(ratelimit_take(&rl, 1, 0), 0);
	ratelimit_set(&rl, 1, 3600);
	assert_int_equal(ratelimit_take(&rl, 1, 0), 0);
	assert_int_equal(ratelimit_take(&rl, 1, 0), 3600);
	/* A new rule starts every bucket full. */
	ratelimit_set(&rl, 2, 10);
	assert_int_equal(ratelimit_take(&rl, 1, 0), 0);
	assert_int_equal(ratelimit_take(&rl, 1, 0), 0);
	assert_int_equal(ratelimit_take(&rl, 1, 0), 5);
	ratelimit_release(&rl);
}

static void
test_bounded_keys(void **state)
{
	struct ratelimit	rl;
	uint64_t		k;

	(void)state;
	ratelimit_init(&rl, 2, 60, 8);
	/* Many active keys: never more than max_keys tracked; beyond that
	 * the limit fails open rather than refusing strangers. */
	for (k = 1; k <= 100; k++) {
		assert_int_equal(ratelimit_take(&rl, k, 0), 0);
		assert_true(rl.used <= 8);
	}
	/* Tracked keys are still limited. */
	assert_int_equal(ratelimit_take(&rl, 1, 0), 0);
	assert_int_equal(ratelimit_take(&rl, 1, 0), 30);
	/* Once their buckets refill, idle keys are forgotten. */
	assert_int_equal(ratelimit_take(&rl, 1000, 600000), 0);
	assert_int_equal(rl.used, 1);
	ratelimit_release(&rl);
}

static struct ratelimit	shared = RATELIMIT_INIT(100, 3600, 64);

static void *
taker(void *arg)
{
	int	*granted = arg, i;

	for (i = 0; i < 1000; i++) {
		if (ratelimit_take(&shared, 42, 5000) == 0)
			(*granted)++;
	}
	return NULL;
}

static void
test_threads(void **state)
{
	pthread_t	th[4];
	int		granted[4] = { 0, 0, 0, 0 }, i, total = 0;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, taker,
		    &granted[i]), 0);
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		total += granted[i];
	}
	assert_int_equal(total, 100);
	ratelimit_release(&shared);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_burst_and_refill),
		cmocka_unit_test(test_off_and_set),
		cmocka_unit_test(test_bounded_keys),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

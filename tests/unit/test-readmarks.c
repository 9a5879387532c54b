/* Unit tests of the TUI's read marks: how far each thread was read. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "guild/util.h"
#include "tui/ui.h"

static char state_dir[] = "/tmp/guild-readmarks-XXXXXX";

/* The marks file, read whole; caller frees. */
static char *
slurp_marks(void)
{
	char *path = xasprintf("%s/guild/read", state_dir), *text;
	FILE *f = fopen(path, "r");
	long n;

	free(path);
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = xcalloc(1, (size_t)n + 1);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return text;
}

static int
setup(void **state)
{
	(void)state;
	if (mkdtemp(state_dir) == NULL)
		return -1;
	setenv("XDG_STATE_HOME", state_dir, 1);
	return 0;
}

static int
teardown(void **state)
{
	char *path = xasprintf("%s/guild/read", state_dir);

	(void)state;
	unlink(path);
	free(path);
	path = xasprintf("%s/guild", state_dir);
	rmdir(path);
	free(path);
	rmdir(state_dir);
	return 0;
}

static void
test_get_set(void **state)
{
	const char *a = "http://127.0.0.1:8080", *b = "https://guild.example";
	struct stat st;
	char *path, *text;

	(void)state;
	assert_int_equal(readmark_get(a, 7), 0);
	assert_int_equal(readmark_set(a, 7, 120), 0);
	assert_int_equal(readmark_get(a, 7), 120);
	/* Threads and servers are apart. */
	assert_int_equal(readmark_get(a, 8), 0);
	assert_int_equal(readmark_get(b, 7), 0);
	assert_int_equal(readmark_set(b, 7, 5), 0);
	assert_int_equal(readmark_get(b, 7), 5);
	assert_int_equal(readmark_get(a, 7), 120);
	/* A mark never goes back. */
	assert_int_equal(readmark_set(a, 7, 100), 0);
	assert_int_equal(readmark_get(a, 7), 120);
	assert_int_equal(readmark_set(a, 7, 130), 0);
	assert_int_equal(readmark_get(a, 7), 130);
	/* One line per thread, the last read last, mode 0600. */
	text = slurp_marks();
	assert_non_null(text);
	assert_string_equal(text, "7 5 https://guild.example\n"
	    "7 130 http://127.0.0.1:8080\n");
	free(text);
	path = xasprintf("%s/guild/read", state_dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(path);
	/* What cannot be written is refused. */
	assert_int_equal(readmark_set("bad server", 7, 1), -1);
	assert_int_equal(readmark_set(a, 0, 1), -1);
}

static void
test_bad_lines_and_bound(void **state)
{
	const char *a = "http://h";
	char *path = xasprintf("%s/guild/read", state_dir), *text;
	FILE *f;
	int i;

	(void)state;
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("garbage\n3 x http://h\n-1 4 http://h\n4 9\n5 6 http://h\n", f);
	fclose(f);
	assert_int_equal(readmark_get(a, 5), 6);
	assert_int_equal(readmark_get(a, 3), 0);
	/* Writing drops the bad lines and keeps the good one. */
	assert_int_equal(readmark_set(a, 6, 1), 0);
	text = slurp_marks();
	assert_string_equal(text, "5 6 http://h\n6 1 http://h\n");
	free(text);
	/* The oldest go beyond the bound; the newest stay. */
	for (i = 1; i <= 2100; i++)
		assert_int_equal(readmark_set(a, 1000 + i, i), 0);
	assert_int_equal(readmark_get(a, 5), 0);
	assert_int_equal(readmark_get(a, 1050), 0);
	assert_int_equal(readmark_get(a, 1200), 200);
	assert_int_equal(readmark_get(a, 3100), 2100);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_set),
		cmocka_unit_test(test_bad_lines_and_bound),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

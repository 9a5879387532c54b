/*
 * Unit tests of the client's response cache: round trips, hash
 * collisions, torn files, the size bound, permissions and clearing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "guild/cache.h"
#include "guild/util.h"

/* A fresh private temp dir for one test; caller removes it (rm_tree). */
static char *
temp_dir(void)
{
	char *d = xstrdup("/tmp/guild-cache-test.XXXXXX");

	assert_non_null(mkdtemp(d));
	return d;
}

/* Removes dir and the files in it (one level: the cache is flat). */
static void
rm_tree(const char *dir)
{
	struct dirent	*de;
	DIR		*d = opendir(dir);
	char		*p;

	if (d != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			p = xasprintf("%s/%s", dir, de->d_name);
			if (unlink(p) != 0)
				rm_tree(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* Counts the files in dir; name gets the last entry-like one seen. */
static int
count_files(const char *dir, char *name, size_t namesz)
{
	struct dirent	*de;
	DIR		*d = opendir(dir);
	int		 n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		n++;
		if (name != NULL)
			snprintf(name, namesz, "%s", de->d_name);
	}
	closedir(d);
	return n;
}

/* Stores key with body and returns the path of its (only new) file. */
static char *
put_alone(struct cache *c, const char *dir, const char *key,
    const char *body)
{
	char name[256];

	assert_int_equal(count_files(dir, NULL, 0), 0);
	assert_int_equal(cache_put(c, key, body, strlen(body), "\"e\""), 0);
	assert_int_equal(count_files(dir, name, sizeof name), 1);
	return xasprintf("%s/%s", dir, name);
}

/* 1 when key is in the cache with body. */
static int
has(struct cache *c, const char *key, const char *body)
{
	char	*b, *e;
	size_t	 len;
	time_t	 t;
	int	 ok;

	if (cache_get(c, key, &b, &len, &e, &t) != 0)
		return 0;
	ok = len == strlen(body) && memcmp(b, body, len) == 0;
	free(b);
	free(e);
	return ok;
}

static void
test_cache_round_trip(void **state)
{
	static const char bin[] = "a\0b\nc";
	struct cache	*c;
	struct gerr	 err;
	char		*dir = temp_dir(), *body, *etag;
	size_t		 len;
	time_t		 stored, before = time(NULL);

	(void)state;
	c = cache_open(dir, 1024 * 1024, &err);
	assert_non_null(c);
	assert_int_equal(cache_get(c, "k", &body, &len, &etag, &stored), -1);
	assert_null(body);
	assert_null(etag);

	assert_int_equal(cache_put(c, "http://h\nanonymous\n/api/v1/courses",
	    "{\"items\":[]}", 12, "\"abc\""), 0);
	assert_int_equal(cache_get(c, "http://h\nanonymous\n/api/v1/courses",
	    &body, &len, &etag, &stored), 0);
	assert_int_equal(len, 12);
	assert_string_equal(body, "{\"items\":[]}");
	assert_string_equal(etag, "\"abc\"");
	assert_true(stored >= before && stored <= time(NULL));
	free(body);
	free(etag);

	/* Another user's copy of the same path is another entry. */
	assert_int_equal(cache_get(c, "http://h\nuser ada\n/api/v1/courses",
	    &body, &len, &etag, &stored), -1);

	/* No ETag, bytes of any kind, and a replacement. */
	assert_int_equal(cache_put(c, "bin", bin, sizeof bin - 1, NULL), 0);
	assert_int_equal(cache_get(c, "bin", &body, &len, &etag, &stored), 0);
	assert_int_equal(len, sizeof bin - 1);
	assert_memory_equal(body, bin, len);
	assert_int_equal(body[len], '\0');
	assert_null(etag);
	free(body);
	assert_int_equal(cache_put(c, "bin", "new", 3, "W/\"2\""), 0);
	assert_true(has(c, "bin", "new"));
	/* An empty body is a body. */
	assert_int_equal(cache_put(c, "empty", "", 0, "\"0\""), 0);
	assert_true(has(c, "empty", ""));

	cache_close(c);
	/* Entries survive closing and reopening. */
	c = cache_open(dir, 1024 * 1024, &err);
	assert_non_null(c);
	assert_true(has(c, "bin", "new"));
	cache_close(c);
	rm_tree(dir);
	free(dir);
}

/* The path of the file in dir other than path (there are two). */
static char *
other_file(const char *dir, const char *path)
{
	struct dirent	*de;
	DIR		*d = opendir(dir);
	char		*p, *found = NULL;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (strcmp(p, path) != 0 && found == NULL)
			found = p;
		else
			free(p);
	}
	closedir(d);
	assert_non_null(found);
	return found;
}

static void
test_cache_collision(void **state)
{
	struct cache	*c;
	struct gerr	 err;
	char		*dir = temp_dir(), *one, *two, *body, *etag;
	size_t		 len;
	time_t		 stored;

	(void)state;
	c = cache_open(dir, 1024 * 1024, &err);
	assert_non_null(c);
	one = put_alone(c, dir, "key-one", "body of one");
	assert_int_equal(cache_put(c, "key-two", "body of two", 11, NULL), 0);
	two = other_file(dir, one);
	/*
	 * Give key-two's entry key-one's file name: the same name for two
	 * keys, as a hash collision would.
	 */
	assert_int_equal(rename(two, one), 0);
	assert_int_equal(cache_get(c, "key-one", &body, &len, &etag, &stored),
	    -1);
	assert_null(body);
	assert_null(etag);
	/* The other key's entry is sound: it stays. */
	assert_int_equal(access(one, F_OK), 0);
	/* Storing key-one takes the name back. */
	assert_int_equal(cache_put(c, "key-one", "mine", 4, NULL), 0);
	assert_true(has(c, "key-one", "mine"));
	assert_false(has(c, "key-two", "body of two"));
	cache_close(c);
	rm_tree(dir);
	free(dir);
	free(one);
	free(two);
}

static void
test_cache_torn_file(void **state)
{
	struct cache	*c;
	struct gerr	 err;
	struct stat	 st;
	char		*dir = temp_dir(), *path, *body, *etag;
	size_t		 len;
	time_t		 stored;
	FILE		*f;

	(void)state;
	c = cache_open(dir, 1024 * 1024, &err);
	assert_non_null(c);
	path = put_alone(c, dir, "torn", "{\"a\":\"0123456789\"}");
	assert_int_equal(stat(path, &st), 0);
	/* A crash of another writer, or a disk that lied: cut the tail. */
	assert_int_equal(truncate(path, st.st_size - 5), 0);
	assert_int_equal(cache_get(c, "torn", &body, &len, &etag, &stored),
	    -1);
	assert_int_equal(access(path, F_OK), -1);
	/* Garbage under an entry name is removed the same way. */
	free(path);
	path = put_alone(c, dir, "junk", "{}");
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("not a cache file at all\n", f);
	fclose(f);
	assert_int_equal(cache_get(c, "junk", &body, &len, &etag, &stored),
	    -1);
	assert_int_equal(access(path, F_OK), -1);
	/* So is an empty file (a rename that beat its data to disk). */
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(cache_get(c, "junk", &body, &len, &etag, &stored),
	    -1);
	assert_int_equal(access(path, F_OK), -1);
	cache_close(c);
	rm_tree(dir);
	free(dir);
	free(path);
}

static void
test_cache_size_bound(void **state)
{
	struct cache	*c;
	struct gerr	 err;
	char		 body[301], big[2000], *dir = temp_dir();

	(void)state;
	memset(body, 'b', sizeof body - 1);
	body[sizeof body - 1] = '\0';
	memset(big, 'g', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	/* Each entry is a little under 400 bytes: two fit in 1000. */
	c = cache_open(dir, 1000, &err);
	assert_non_null(c);
	assert_int_equal(cache_put(c, "a", body, 300, "\"1\""), 0);
	assert_int_equal(cache_put(c, "b", body, 300, "\"1\""), 0);
	assert_true(has(c, "a", body) && has(c, "b", body));
	assert_int_equal(cache_put(c, "c", body, 300, "\"1\""), 0);
	assert_false(has(c, "a", body));
	assert_true(has(c, "b", body));
	assert_true(has(c, "c", body));
	assert_int_equal(count_files(dir, NULL, 0), 2);
	/* Confirming b (the same body again, as after a 304) renews it. */
	assert_int_equal(cache_put(c, "b", body, 300, "\"1\""), 0);
	assert_int_equal(cache_put(c, "d", body, 300, "\"1\""), 0);
	assert_true(has(c, "b", body));
	assert_false(has(c, "c", body));
	assert_true(has(c, "d", body));
	/* What can never fit is not stored, and drops an older copy. */
	assert_int_equal(cache_put(c, "d", big, sizeof big - 1, NULL), -1);
	assert_false(has(c, "d", body));
	assert_true(has(c, "b", body));
	cache_close(c);

	/* A new run with a smaller bound trims at its first store. */
	c = cache_open(dir, 420, &err);
	assert_non_null(c);
	assert_int_equal(cache_put(c, "e", "x", 1, NULL), 0);
	assert_false(has(c, "b", body));
	assert_true(has(c, "e", "x"));
	cache_close(c);
	rm_tree(dir);
	free(dir);
}

static void
test_cache_permissions(void **state)
{
	struct cache	*c;
	struct gerr	 err;
	struct stat	 st;
	char		*top = temp_dir(), *dir, *path;
	mode_t		 old = umask(022);

	(void)state;
	/* Missing parents are made, and the cache dir is private. */
	dir = xasprintf("%s/xdg/cache/guild", top);
	c = cache_open(dir, 1 << 20, &err);
	assert_non_null(c);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	path = put_alone(c, dir, "k", "v");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	cache_close(c);
	free(path);
	/* A directory made too open by someone else is closed up. */
	assert_int_equal(chmod(dir, 0755), 0);
	c = cache_open(dir, 1 << 20, &err);
	assert_non_null(c);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	cache_close(c);
	/* A relative path (a bad XDG_CACHE_HOME) is refused. */
	assert_null(cache_open("relative/guild", 1 << 20, &err));
	assert_int_equal(err.kind, GERR_LOCAL);
	/* So is a file where the directory should be. */
	path = xasprintf("%s/file", top);
	close(open(path, O_CREAT | O_WRONLY, 0600));
	assert_null(cache_open(path, 1 << 20, &err));
	assert_non_null(strstr(err.msg, path));
	free(path);
	umask(old);
	rm_tree(dir);
	path = xasprintf("%s/xdg/cache", top);
	rm_tree(path);
	free(path);
	path = xasprintf("%s/xdg", top);
	rm_tree(path);
	free(path);
	rm_tree(top);
	free(top);
	free(dir);
}

static void
test_cache_clear(void **state)
{
	struct cache	*c;
	struct gerr	 err;
	char		*dir = temp_dir(), *other, *tmp;
	FILE		*f;

	(void)state;
	c = cache_open(dir, 1 << 20, &err);
	assert_non_null(c);
	assert_int_equal(cache_put(c, "a", "1", 1, "\"1\""), 0);
	assert_int_equal(cache_put(c, "b", "2", 1, NULL), 0);
	/* A temp file a crash left behind, and a file that is not ours. */
	tmp = xasprintf("%s/.tmp-0123456789abcdef-1-0", dir);
	other = xasprintf("%s/README", dir);
	f = fopen(tmp, "w");
	assert_non_null(f);
	fclose(f);
	f = fopen(other, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(cache_clear(c), 0);
	assert_false(has(c, "a", "1"));
	assert_false(has(c, "b", "2"));
	assert_int_equal(access(tmp, F_OK), -1);
	assert_int_equal(access(other, F_OK), 0);
	assert_int_equal(count_files(dir, NULL, 0), 1);
	/* The cache works on after a clear. */
	assert_int_equal(cache_put(c, "a", "3", 1, NULL), 0);
	assert_true(has(c, "a", "3"));
	cache_close(c);
	rm_tree(dir);
	free(dir);
	free(tmp);
	free(other);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cache_round_trip),
		cmocka_unit_test(test_cache_collision),
		cmocka_unit_test(test_cache_torn_file),
		cmocka_unit_test(test_cache_size_bound),
		cmocka_unit_test(test_cache_permissions),
		cmocka_unit_test(test_cache_clear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests of shop.c: purchase keys on disk, QR codes, delays, reasons. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <qrencode.h>

#include "guild/shop.h"
#include "guild/text.h"
#include "guild/util.h"

static char	state_dir[] = "/tmp/guild-shop-test.XXXXXX";

/* A client with just what purchase keys need: server, token, user. */
static void
client_fake(struct client *c, const char *server, const char *token,
    const char *user)
{
	memset(c, 0, sizeof *c);
	c->server = (char *)server;
	c->token = (char *)token;
	c->username = (char *)user;
}

/* The one file in the purchases directory holding key, or NULL; free it. */
static char *
key_file(const char *key)
{
	char	 cmd[512], line[512], *found = NULL;
	FILE	*p;

	snprintf(cmd, sizeof cmd, "grep -l -x 'key %s' %s/guild/purchases/* "
	    "2>/dev/null", key, state_dir);
	p = popen(cmd, "r");
	assert_non_null(p);
	if (fgets(line, sizeof line, p) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		found = xstrdup(line);
	}
	pclose(p);
	return found;
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
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf %s", state_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_key_saved_and_reused(void **state)
{
	struct client	 c;
	struct gerr	 err;
	struct stat	 st;
	char		*k1, *k2, *file, dir[256];

	(void)state;
	client_fake(&c, "http://127.0.0.1:8080", "gld_x", "demo");
	gerr_clear(&err);
	k1 = purchase_key(&c, 12, &err);
	assert_non_null(k1);
	/* A UUID: 36 characters, version 4. */
	assert_int_equal(strlen(k1), 36);
	assert_int_equal(k1[14], '4');
	/* On disk before purchase_key returned, 0600 in a 0700 directory. */
	file = key_file(k1);
	assert_non_null(file);
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(dir, sizeof dir, "%s/guild/purchases", state_dir);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	/* The second attempt gets the same key. */
	k2 = purchase_key(&c, 12, &err);
	assert_non_null(k2);
	assert_string_equal(k1, k2);
	free(k2);
	/* Once forgotten, a new purchase gets a new key. */
	assert_int_equal(purchase_forget(&c, 12, &err), 0);
	assert_int_equal(access(file, F_OK), -1);
	assert_int_equal(purchase_forget(&c, 12, &err), 0);
	k2 = purchase_key(&c, 12, &err);
	assert_non_null(k2);
	assert_string_not_equal(k1, k2);
	assert_int_equal(purchase_forget(&c, 12, &err), 0);
	free(k1);
	free(k2);
	free(file);
}

static void
test_keys_differ(void **state)
{
	struct client	 c;
	struct gerr	 err;
	char		*k[6];
	size_t		 i, j;

	(void)state;
	gerr_clear(&err);
	client_fake(&c, "http://127.0.0.1:8080", "gld_x", "demo");
	k[0] = purchase_key(&c, 1, &err);
	k[1] = purchase_key(&c, 2, &err);
	client_fake(&c, "http://127.0.0.1:9090", "gld_x", "demo");
	k[2] = purchase_key(&c, 1, &err);
	client_fake(&c, "http://127.0.0.1:8080", "gld_y", "mei");
	k[3] = purchase_key(&c, 1, &err);
	/* A token whose user is unknown (GUILD_TOKEN): keyed by the token. */
	client_fake(&c, "http://127.0.0.1:8080", "gld_z1", NULL);
	k[4] = purchase_key(&c, 1, &err);
	client_fake(&c, "http://127.0.0.1:8080", "gld_z2", NULL);
	k[5] = purchase_key(&c, 1, &err);
	for (i = 0; i < G_NELEM(k); i++) {
		assert_non_null(k[i]);
		for (j = 0; j < i; j++)
			assert_string_not_equal(k[i], k[j]);
	}
	/* The token never reaches the file. */
	assert_int_equal(system("! grep -r gld_z "
	    "\"$XDG_STATE_HOME/guild/purchases\""), 0);
	for (i = 0; i < G_NELEM(k); i++)
		free(k[i]);
	/* Without a token there is nobody to buy for. */
	client_fake(&c, "http://127.0.0.1:8080", NULL, NULL);
	assert_null(purchase_key(&c, 1, &err));
	assert_int_equal(err.kind, GERR_AUTH);
}

static void
test_key_damaged(void **state)
{
	struct client	 c;
	struct gerr	 err;
	char		*k, *file;
	FILE		*f;

	(void)state;
	client_fake(&c, "http://damaged.example", "t", "demo");
	gerr_clear(&err);
	k = purchase_key(&c, 7, &err);
	assert_non_null(k);
	file = key_file(k);
	assert_non_null(file);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs("server http://other.example\nbuyer user demo\ncourse 7\n"
	    "key abc\n", f);
	fclose(f);
	free(k);
	gerr_clear(&err);
	assert_null(purchase_key(&c, 7, &err));
	assert_int_equal(err.kind, GERR_LOCAL);
	assert_non_null(strstr(err.msg, "damaged or belongs to another"));
	assert_int_equal(purchase_forget(&c, 7, &err), 0);
	free(file);
}

/* Processes racing for the key of one purchase all get the same one. */
static void
test_key_race(void **state)
{
	struct client	 c;
	struct gerr	 err;
	pid_t		 pid[8];
	char		 got[8][64], *k;
	int		 fd[8][2], i, st;
	ssize_t		 n;

	(void)state;
	client_fake(&c, "http://race.example", "t", "demo");
	for (i = 0; i < 8; i++) {
		assert_int_equal(pipe(fd[i]), 0);
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			gerr_clear(&err);
			k = purchase_key(&c, 99, &err);
			if (k == NULL ||
			    write(fd[i][1], k, strlen(k)) != (ssize_t)strlen(k))
				_exit(1);
			_exit(0);
		}
		close(fd[i][1]);
	}
	for (i = 0; i < 8; i++) {
		n = read(fd[i][0], got[i], sizeof got[i] - 1);
		assert_true(n > 0);
		got[i][n] = '\0';
		close(fd[i][0]);
		assert_int_equal(waitpid(pid[i], &st, 0), pid[i]);
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
		assert_string_equal(got[i], got[0]);
	}
	gerr_clear(&err);
	assert_int_equal(purchase_forget(&c, 99, &err), 0);
}

/* The module grid of a rendering read back: 1 dark, 0 light. */
static void
qr_read_back(const struct text_lines *l, int ascii, int size,
    unsigned char *grid)
{
	const char	*p;
	int		 x, y, row;

	memset(grid, 0, (size_t)size * (size_t)size);
	for (row = 0; row < (int)l->n; row++) {
		p = l->lines[row];
		for (x = 0; x < size; x++) {
			if (ascii) {
				y = row;
				grid[y * size + x] = p[0] == '#';
				assert_true(p[0] == p[1]);
				p += 2;
				continue;
			}
			y = row * 2;
			if (*p == ' ') {
				p++;
			} else {
				assert_int_equal((unsigned char)p[0], 0xe2);
				assert_int_equal((unsigned char)p[1], 0x96);
				if (p[2] == '\x80' || p[2] == '\x88')
					grid[y * size + x] = 1;
				if ((p[2] == '\x84' || p[2] == '\x88') &&
				    y + 1 < size)
					grid[(y + 1) * size + x] = 1;
				p += 3;
			}
		}
		assert_int_equal(*p, '\0');
	}
}

static void
test_qr(void **state)
{
	static const char url[] = "http://127.0.0.1:8080/checkout/"
	    "cs_X29igSdIHbq9bWR1rpABEsba-80zZyilo7VDBl1ggE0";
	struct text_lines	 a, b, asc;
	struct gerr		 err;
	QRcode			*q;
	unsigned char		*grid;
	size_t			 i;
	int			 size, x, y, want;

	(void)state;
	q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	assert_non_null(q);
	size = q->width + 4;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	memset(&asc, 0, sizeof asc);
	gerr_clear(&err);
	assert_int_equal(qr_render(url, 0, &a, &err), 0);
	assert_int_equal(qr_render(url, 0, &b, &err), 0);
	assert_int_equal(qr_render(url, 1, &asc, &err), 0);

	/* Half blocks: two module rows per line, one column per module. */
	assert_int_equal(a.n, (size_t)(size + 1) / 2);
	for (i = 0; i < a.n; i++) {
		assert_int_equal(text_width(a.lines[i]), size);
		assert_string_equal(a.lines[i], b.lines[i]);
	}
	/* ASCII: one row per line, "##" or "  " per module. */
	assert_int_equal(asc.n, (size_t)size);
	for (i = 0; i < asc.n; i++) {
		assert_int_equal(strlen(asc.lines[i]), (size_t)size * 2);
		for (x = 0; asc.lines[i][x] != '\0'; x++)
			assert_true((unsigned char)asc.lines[i][x] < 0x80);
	}
	/* The finder pattern's top row after the 2-module quiet zone. */
	assert_memory_equal(asc.lines[2], "    ##############  ", 20);
	assert_string_equal(asc.lines[0], asc.lines[size - 1]);

	/* Both renderings read back to libqrencode's modules. */
	grid = xmalloc((size_t)size * (size_t)size);
	qr_read_back(&asc, 1, size, grid);
	for (y = 0; y < size; y++)
		for (x = 0; x < size; x++) {
			want = x >= 2 && y >= 2 && x < size - 2 &&
			    y < size - 2 &&
			    (q->data[(y - 2) * q->width + (x - 2)] & 1);
			assert_int_equal(grid[y * size + x], want);
		}
	qr_read_back(&a, 0, size, grid);
	for (y = 0; y < size; y++)
		for (x = 0; x < size; x++) {
			want = x >= 2 && y >= 2 && x < size - 2 &&
			    y < size - 2 &&
			    (q->data[(y - 2) * q->width + (x - 2)] & 1);
			assert_int_equal(grid[y * size + x], want);
		}
	free(grid);
	QRcode_free(q);
	text_lines_release(&a);
	text_lines_release(&b);
	text_lines_release(&asc);

	/* Appends to what is there; refuses nothing to draw. */
	memset(&a, 0, sizeof a);
	assert_int_equal(qr_render("x", 1, &a, &err), 0);
	assert_int_equal(a.n, 21 + 4);
	assert_int_equal(qr_render("x", 1, &a, &err), 0);
	assert_int_equal(a.n, 2 * (21 + 4));
	text_lines_release(&a);
	assert_int_equal(qr_render("", 0, &a, &err), -1);
	assert_int_equal(qr_render(NULL, 0, &a, &err), -1);
}

static void
test_poll_delay_and_reasons(void **state)
{
	(void)state;
	assert_int_equal(purchase_poll_delay(0), 1000);
	assert_int_equal(purchase_poll_delay(1), 1500);
	assert_int_equal(purchase_poll_delay(2), 2250);
	assert_int_equal(purchase_poll_delay(3), 3375);
	assert_int_equal(purchase_poll_delay(4), 5000);
	assert_int_equal(purchase_poll_delay(1000), 5000);
	assert_string_equal(purchase_reason_text("insufficient_funds"),
	    "insufficient funds");
	assert_string_equal(purchase_reason_text("card_declined"),
	    "your card was declined");
	assert_string_equal(purchase_reason_text("something_new"),
	    "something_new");
	assert_string_equal(purchase_reason_text(NULL), "unknown reason");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_saved_and_reused),
		cmocka_unit_test(test_keys_differ),
		cmocka_unit_test(test_key_damaged),
		cmocka_unit_test(test_key_race),
		cmocka_unit_test(test_qr),
		cmocka_unit_test(test_poll_delay_and_reasons),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/* Unit tests of guild's configuration: defaults, good and bad files, paths. */
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

#include "guild/buf.h"
#include "guild/config.h"
#include "guild/util.h"

static void
test_config_defaults(void **state)
{
	struct config cfg;

	(void)state;
	config_init(&cfg);
	assert_null(cfg.path);
	assert_string_equal(cfg.server, "http://127.0.0.1:8080");
	assert_int_equal(cfg.connect_timeout, 10);
	assert_int_equal(cfg.timeout, 30);
	assert_int_equal(cfg.allow_insecure_http, 0);
	assert_null(cfg.ca_file);
	assert_string_equal(cfg.theme, "default");
	assert_int_equal(cfg.ascii, -1);
	assert_string_equal(cfg.browser, "xdg-open");
	assert_int_equal(cfg.mouse, 0);
	assert_int_equal(cfg.cache_max_kb, 51200);
	assert_null(cfg.binds);
	assert_int_equal(cfg.nbinds, 0);
	config_release(&cfg);
}

static void
test_config_good_file(void **state)
{
	static const char text[] =
	    "# guild configuration\n"
	    "; another comment style\n"
	    "\n"
	    "[server]\n"
	    "  url = https://guild.example.org/  \n"
	    "connect_timeout=5\n"
	    "timeout = 60\r\n"
	    "allow_insecure_http = yes\n"
	    "ca_file = \"/etc/ssl/my ca.pem\"\n"
	    "\t[ ui ]\n"
	    "theme = solarized-dark\n"
	    "ascii = no\n"
	    "browser = firefox --new-window\n"
	    "mouse = yes\n"
	    "[cache]\n"
	    "max_kb = 1024\n";
	struct config	cfg;
	struct gerr	err;

	(void)state;
	config_init(&cfg);
	gerr_clear(&err);
	assert_int_equal(config_parse(&cfg, text, "test.conf", &err), 0);
	assert_string_equal(cfg.server, "https://guild.example.org");
	assert_int_equal(cfg.connect_timeout, 5);
	assert_int_equal(cfg.timeout, 60);
	assert_int_equal(cfg.allow_insecure_http, 1);
	assert_string_equal(cfg.ca_file, "/etc/ssl/my ca.pem");
	assert_string_equal(cfg.theme, "solarized-dark");
	assert_int_equal(cfg.ascii, 0);
	assert_string_equal(cfg.browser, "firefox --new-window");
	assert_int_equal(cfg.mouse, 1);
	assert_int_equal(cfg.cache_max_kb, 1024);
	config_release(&cfg);
}

/* [keys]: bind and unbind lines kept raw, with their file and line. */
static void
test_config_keys(void **state)
{
	static const char text[] =
	    "[keys]\n"
	    "# comments are fine\n"
	    "bind J down\n"
	    "  bind\tC-f\t page-down  \n"
	    "unbind q\n"
	    "\n"
	    "bind x frobnicate\n"
	    "[ui]\n"
	    "mouse = no\n"
	    "[keys]\n"
	    "bind = top\n";
	struct config	cfg;
	struct gerr	err;

	(void)state;
	config_init(&cfg);
	gerr_clear(&err);
	/* Names are the TUI's business: an unknown action parses here. */
	if (config_parse(&cfg, text, "keys.conf", &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(cfg.nbinds, 5);
	assert_string_equal(cfg.binds[0].key, "J");
	assert_string_equal(cfg.binds[0].action, "down");
	assert_string_equal(cfg.binds[0].file, "keys.conf");
	assert_int_equal(cfg.binds[0].line, 3);
	assert_string_equal(cfg.binds[1].key, "C-f");
	assert_string_equal(cfg.binds[1].action, "page-down");
	assert_int_equal(cfg.binds[1].line, 4);
	assert_string_equal(cfg.binds[2].key, "q");
	assert_string_equal(cfg.binds[2].action, "none");
	assert_int_equal(cfg.binds[2].line, 5);
	assert_string_equal(cfg.binds[3].action, "frobnicate");
	assert_int_equal(cfg.binds[3].line, 7);
	/* "=" is a key like any other. */
	assert_string_equal(cfg.binds[4].key, "=");
	assert_string_equal(cfg.binds[4].action, "top");
	assert_int_equal(cfg.binds[4].line, 11);
	config_release(&cfg);
	assert_null(cfg.binds);
	assert_int_equal(cfg.nbinds, 0);
}

static void
test_config_booleans(void **state)
{
	static const struct {
		const char	*word;
		int		 value;
	} cases[] = {
		{ "yes", 1 }, { "true", 1 }, { "on", 1 }, { "1", 1 },
		{ "YES", 1 }, { "True", 1 },
		{ "no", 0 }, { "false", 0 }, { "off", 0 }, { "0", 0 },
		{ "No", 0 }, { "OFF", 0 },
	};
	struct config	 cfg;
	struct gerr	 err;
	char		*text;
	size_t		 i;

	(void)state;
	for (i = 0; i < G_NELEM(cases); i++) {
		config_init(&cfg);
		cfg.allow_insecure_http = !cases[i].value;
		text = xasprintf("[server]\nallow_insecure_http = %s\n",
		    cases[i].word);
		assert_int_equal(config_parse(&cfg, text, "b", &err), 0);
		assert_int_equal(cfg.allow_insecure_http, cases[i].value);
		free(text);
		config_release(&cfg);
	}
	config_init(&cfg);
	assert_int_equal(config_parse(&cfg, "[ui]\nascii = auto\n", "b",
	    &err), 0);
	assert_int_equal(cfg.ascii, -1);
	assert_int_equal(config_parse(&cfg, "[ui]\nascii = on\n", "b",
	    &err), 0);
	assert_int_equal(cfg.ascii, 1);
	config_release(&cfg);
}

static void
test_config_bad_files(void **state)
{
	static const struct {
		const char	*text;
		const char	*msg;
	} cases[] = {
		{ "[server]\nurl = http://x\n[colours]\n",
		  "bad.conf:3: unknown section [colours] (known: [server], "
		  "[ui], [cache], [keys])" },
		{ "[ui]\n\n# c\ncolour = red\n",
		  "bad.conf:4: unknown key 'colour' in [ui] (known: theme, "
		  "ascii, browser, mouse)" },
		{ "[ui]\nmouse = wheel\n",
		  "bad.conf:2: bad value 'wheel' for mouse (use yes or no)" },
		{ "[ui]\nbrowser =\n",
		  "bad.conf:2: empty browser" },
		{ "[cache]\nmax_kb = lots\n",
		  "bad.conf:2: bad number 'lots' for max_kb (use whole KiB "
		  "from 1 to 4194304)" },
		{ "[cache]\nmax_kb = 0\n",
		  "bad.conf:2: bad number '0' for max_kb" },
		{ "[cache]\nmax_kb = 4194305\n",
		  "bad.conf:2: bad number '4194305' for max_kb" },
		{ "[cache]\nsize = 1\n",
		  "bad.conf:2: unknown key 'size' in [cache] (known: max_kb)" },
		{ "[keys]\nbind j\n",
		  "bad.conf:2: expected 'bind KEY ACTION' or 'unbind KEY' in "
		  "[keys], got 'bind j' (see guild.conf(5))" },
		{ "[keys]\n\nbind j down now\n",
		  "bad.conf:3: expected 'bind KEY ACTION' or 'unbind KEY'" },
		{ "[keys]\nunbind\n",
		  "bad.conf:2: expected 'bind KEY ACTION' or 'unbind KEY'" },
		{ "[keys]\nunbind j k\n",
		  "bad.conf:2: expected 'bind KEY ACTION' or 'unbind KEY'" },
		{ "[keys]\nj = down\n",
		  "bad.conf:2: expected 'bind KEY ACTION' or 'unbind KEY' in "
		  "[keys], got 'j = down'" },
		{ "[ui]\nbind j down\n",
		  "bad.conf:2: expected 'key = value', got 'bind j down'" },
		{ "[server]\nport = 80\n",
		  "bad.conf:2: unknown key 'port' in [server]" },
		{ "[server]\njust some words\n",
		  "bad.conf:2: expected 'key = value', got 'just some words' "
		  "(see guild.conf(5))" },
		{ "url = http://127.0.0.1:1\n",
		  "bad.conf:1: key 'url' outside a section (put it under "
		  "[server], [ui] or [cache])" },
		{ "[server]\ntimeout = soon\n",
		  "bad.conf:2: bad number 'soon' for timeout (use whole seconds "
		  "from 1 to 3600)" },
		{ "[server]\nconnect_timeout = 0\n",
		  "bad.conf:2: bad number '0' for connect_timeout" },
		{ "[server]\ntimeout = 30 # seconds\n",
		  "bad.conf:2: bad number '30 # seconds' for timeout" },
		{ "[server]\nallow_insecure_http = maybe\n",
		  "bad.conf:2: bad value 'maybe' for allow_insecure_http (use "
		  "yes or no)" },
		{ "[ui]\nascii = sometimes\n",
		  "bad.conf:2: bad value 'sometimes' for ascii (use auto, yes "
		  "or no)" },
		{ "[server]\nurl = ftp://example.org\n",
		  "bad.conf:2: bad server URL 'ftp://example.org' (use "
		  "http://HOST:PORT or https://HOST)" },
		{ "[server]\nurl = \"http://x\n",
		  "bad.conf:2: unterminated quote in the value of url" },
		{ "[server\n",
		  "bad.conf:1: malformed section header '[server' (write "
		  "[server], [ui], [cache] or [keys])" },
		{ "[server]\n = x\n",
		  "bad.conf:2: missing key before '='" },
		{ "[ui]\ntheme =\n",
		  "bad.conf:2: empty theme" },
	};
	struct config	cfg;
	struct gerr	err;
	size_t		i;

	(void)state;
	for (i = 0; i < G_NELEM(cases); i++) {
		config_init(&cfg);
		gerr_clear(&err);
		assert_int_equal(config_parse(&cfg, cases[i].text, "bad.conf",
		    &err), -1);
		if (strncmp(err.msg, cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("case %zu: got '%s', want '%s...'", i,
			    err.msg, cases[i].msg);
		assert_int_equal(err.kind, GERR_LOCAL);
		config_release(&cfg);
	}
}

/* Makes a private directory and points the XDG variables into it. */
static char *
config_tmpdir(void)
{
	char *dir = xstrdup("/tmp/guild-test-config.XXXXXX");

	assert_non_null(mkdtemp(dir));
	return dir;
}

/* Writes text to dir/name and returns the path (caller frees). */
static char *
config_write(const char *dir, const char *name, const char *text)
{
	char	*path = xasprintf("%s/%s", dir, name);
	FILE	*f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void
test_config_load_and_precedence(void **state)
{
	struct config	 cfg;
	struct gerr	 err;
	char		*dir, *path, *sub, *missing;

	(void)state;
	dir = config_tmpdir();
	path = config_write(dir, "config",
	    "[server]\nurl = http://127.0.0.1:9000\ntimeout = 7\n");
	unsetenv("GUILD_SERVER");

	/* An explicit file. */
	config_init(&cfg);
	assert_int_equal(config_load(&cfg, path, &err), 0);
	assert_string_equal(cfg.path, path);
	assert_string_equal(cfg.server, "http://127.0.0.1:9000");
	assert_int_equal(cfg.timeout, 7);
	config_release(&cfg);

	/* GUILD_SERVER beats the file; the rest of the file still holds. */
	setenv("GUILD_SERVER", "http://[::1]:7000/", 1);
	config_init(&cfg);
	assert_int_equal(config_load(&cfg, path, &err), 0);
	assert_string_equal(cfg.server, "http://[::1]:7000");
	assert_int_equal(cfg.timeout, 7);
	/* --server (config_set_server by main) beats GUILD_SERVER. */
	assert_int_equal(config_set_server(&cfg, "https://guild.example.org",
	    "--server", &err), 0);
	assert_string_equal(cfg.server, "https://guild.example.org");
	assert_int_equal(config_set_server(&cfg, "guild.example.org",
	    "--server", &err), -1);
	assert_int_equal(err.kind, GERR_USAGE);
	assert_string_equal(err.msg, "--server: bad server URL "
	    "'guild.example.org' (use http://HOST:PORT or https://HOST)");
	config_release(&cfg);

	/* A bad GUILD_SERVER is an error naming it. */
	setenv("GUILD_SERVER", "127.0.0.1:8080", 1);
	config_init(&cfg);
	assert_int_equal(config_load(&cfg, path, &err), -1);
	assert_true(str_starts(err.msg, "GUILD_SERVER: bad server URL"));
	assert_int_equal(err.kind, GERR_LOCAL);
	config_release(&cfg);
	unsetenv("GUILD_SERVER");

	/* A missing explicit file is an error. */
	missing = xasprintf("%s/nope", dir);
	config_init(&cfg);
	assert_int_equal(config_load(&cfg, missing, &err), -1);
	assert_non_null(strstr(err.msg, "nope"));
	assert_non_null(strstr(err.msg, "check --config"));
	config_release(&cfg);

	/* The default file under XDG_CONFIG_HOME; missing is fine. */
	setenv("XDG_CONFIG_HOME", dir, 1);
	config_init(&cfg);
	assert_int_equal(config_load(&cfg, NULL, &err), 0);
	assert_null(cfg.path);
	assert_string_equal(cfg.server, "http://127.0.0.1:8080");
	config_release(&cfg);
	sub = xasprintf("%s/guild", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	free(config_write(sub, "config", "[ui]\ntheme = mono\n"));
	config_init(&cfg);
	assert_int_equal(config_load(&cfg, NULL, &err), 0);
	assert_non_null(cfg.path);
	assert_string_equal(cfg.theme, "mono");
	config_release(&cfg);

	/* Errors in the default file name it and the line. */
	free(config_write(sub, "config", "[ui]\n\nbogus = 1\n"));
	config_init(&cfg);
	assert_int_equal(config_load(&cfg, NULL, &err), -1);
	free(path);
	path = xasprintf("%s/guild/config:3: unknown key 'bogus'", dir);
	assert_true(str_starts(err.msg, path));
	config_release(&cfg);

	free(path);
	path = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
	free(path);
	free(missing);
	free(sub);
	free(dir);
	unsetenv("XDG_CONFIG_HOME");
}

static void
test_config_paths(void **state)
{
	char *p;

	(void)state;
	setenv("HOME", "/home/ann", 1);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("XDG_STATE_HOME");
	unsetenv("XDG_CACHE_HOME");
	p = config_default_path();
	assert_string_equal(p, "/home/ann/.config/guild/config");
	free(p);
	p = config_state_dir();
	assert_string_equal(p, "/home/ann/.local/state/guild");
	free(p);
	p = config_cache_dir();
	assert_string_equal(p, "/home/ann/.cache/guild");
	free(p);

	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	setenv("XDG_STATE_HOME", "/x/state", 1);
	setenv("XDG_CACHE_HOME", "relative/is/ignored", 1);
	p = config_default_path();
	assert_string_equal(p, "/x/conf/guild/config");
	free(p);
	p = config_state_dir();
	assert_string_equal(p, "/x/state/guild");
	free(p);
	p = config_cache_dir();
	assert_string_equal(p, "/home/ann/.cache/guild");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("XDG_STATE_HOME");
	unsetenv("XDG_CACHE_HOME");
}

/*
 * config.example documents every key with its default: uncommented, it
 * parses and changes nothing but the example ca_file.
 */
static void
test_config_example_matches_defaults(void **state)
{
	struct config	 def, cfg;
	struct gerr	 err;
	struct buf	 text = BUF_INIT;
	char		 line[512];
	const char	*top = getenv("GUILD_TOP");
	char		*path;
	FILE		*f;
	int		 keys = 0, binds = 0;

	(void)state;
	path = xasprintf("%s/config.example", top != NULL ? top : ".");
	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	while (fgets(line, sizeof line, f) != NULL) {
		if (line[0] == '#' && line[1] >= 'a' && line[1] <= 'z' &&
		    strchr(line, '=') != NULL) {
			buf_adds(&text, line + 1);
			keys++;
		} else if (strncmp(line, "#bind ", 6) == 0 ||
		    strncmp(line, "#unbind ", 8) == 0) {
			buf_adds(&text, line + 1);
			binds++;
		} else {
			buf_adds(&text, line);
		}
	}
	fclose(f);
	assert_int_equal(keys, 10);
	assert_true(binds >= 2);
	config_init(&def);
	config_init(&cfg);
	gerr_clear(&err);
	if (config_parse(&cfg, buf_str(&text), path, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(cfg.server, def.server);
	assert_int_equal(cfg.connect_timeout, def.connect_timeout);
	assert_int_equal(cfg.timeout, def.timeout);
	assert_int_equal(cfg.allow_insecure_http, def.allow_insecure_http);
	assert_non_null(cfg.ca_file);
	assert_string_equal(cfg.theme, def.theme);
	assert_int_equal(cfg.ascii, def.ascii);
	assert_string_equal(cfg.browser, def.browser);
	assert_int_equal(cfg.mouse, def.mouse);
	assert_int_equal(cfg.cache_max_kb, def.cache_max_kb);
	/* The example binds show the defaults: binding them changes nothing. */
	assert_int_equal(cfg.nbinds, (size_t)binds);
	config_release(&cfg);
	config_release(&def);
	buf_release(&text);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_defaults),
		cmocka_unit_test(test_config_good_file),
		cmocka_unit_test(test_config_booleans),
		cmocka_unit_test(test_config_keys),
		cmocka_unit_test(test_config_bad_files),
		cmocka_unit_test(test_config_load_and_precedence),
		cmocka_unit_test(test_config_paths),
		cmocka_unit_test(test_config_example_matches_defaults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

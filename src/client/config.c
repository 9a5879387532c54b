/* guild's configuration file: defaults, the INI-style parser and paths. */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guild/buf.h"
#include "guild/config.h"
#include "guild/util.h"

#define CONFIG_DEFAULT_SERVER	"http://127.0.0.1:8080"
#define CONFIG_MAX_SIZE		(1024 * 1024)

#define CONFIG_DEFAULT_BROWSER	"xdg-open"
#define CONFIG_DEFAULT_CACHE_KB	51200
#define CONFIG_MAX_CACHE_KB	(4L * 1024 * 1024)

enum config_section {
	SECTION_NONE,
	SECTION_SERVER,
	SECTION_UI,
	SECTION_CACHE,
	SECTION_KEYS
};

void
config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->server = xstrdup(CONFIG_DEFAULT_SERVER);
	cfg->connect_timeout = 10;
	cfg->timeout = 30;
	cfg->allow_insecure_http = 0;
	cfg->ca_file = NULL;
	cfg->theme = xstrdup("default");
	cfg->ascii = -1;
	cfg->browser = xstrdup(CONFIG_DEFAULT_BROWSER);
	cfg->mouse = 0;
	cfg->cache_max_kb = CONFIG_DEFAULT_CACHE_KB;
	cfg->binds = NULL;
	cfg->nbinds = 0;
}

void
config_release(struct config *cfg)
{
	size_t i;

	FREE(&cfg->path);
	FREE(&cfg->server);
	FREE(&cfg->ca_file);
	FREE(&cfg->theme);
	FREE(&cfg->browser);
	for (i = 0; i < cfg->nbinds; i++) {
		FREE(&cfg->binds[i].key);
		FREE(&cfg->binds[i].action);
		FREE(&cfg->binds[i].file);
	}
	FREE(&cfg->binds);
	cfg->nbinds = 0;
}

/*
 * Checks a server URL and stores it without trailing slashes. origin names
 * where the URL came from for the message. Returns 0, or -1 with
 * GERR_USAGE when the URL is not http(s)://HOST[...].
 */
int
config_set_server(struct config *cfg, const char *url, const char *origin,
    struct gerr *err)
{
	const char	*host;
	size_t		 len;

	if (str_starts(url, "https://"))
		host = url + 8;
	else if (str_starts(url, "http://"))
		host = url + 7;
	else
		host = NULL;
	if (host == NULL || *host == '\0' || *host == '/' ||
	    strpbrk(url, " \t\r\n?#") != NULL)
		return gerr_set(err, GERR_USAGE, 0, "%s: bad server URL '%s' "
		    "(use http://HOST:PORT or https://HOST)", origin, url);
	len = strlen(url);
	while (len > 0 && url[len - 1] == '/')
		len--;
	free(cfg->server);
	cfg->server = xstrndup(url, len);
	return 0;
}

/*
 * A bad URL from the file or the environment is a local error (exit 1),
 * not a usage error as on the command line. Returns -1.
 */
static int
config_not_usage(struct gerr *err)
{
	if (err != NULL)
		err->kind = GERR_LOCAL;
	return -1;
}

/* Returns 1 for a yes word, 0 for a no word, -1 for anything else. */
static int
config_bool(const char *v)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < G_NELEM(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* Trims spaces and tabs at both ends in place; returns the new start. */
static char *
config_trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r'))
		end--;
	*end = '\0';
	return s;
}

/* Where: "FILE:LINE: " before every message of the parser. */
struct config_where {
	const char	*name;
	int		 line;
};

/* Parses a whole number of seconds in 1..3600 for key into *out. */
static int
config_seconds(const struct config_where *w, const char *key,
    const char *value, long *out, struct gerr *err)
{
	int64_t n;

	if (parse_int64(value, 1, 3600, &n) != 0)
		return gerr_set(err, GERR_LOCAL, 0, "%s:%d: bad number '%s' "
		    "for %s (use whole seconds from 1 to 3600)", w->name,
		    w->line, value, key);
	*out = (long)n;
	return 0;
}

/* Parses a boolean for key into *out. */
static int
config_flag(const struct config_where *w, const char *key, const char *value,
    int *out, struct gerr *err)
{
	int b = config_bool(value);

	if (b < 0)
		return gerr_set(err, GERR_LOCAL, 0, "%s:%d: bad value '%s' "
		    "for %s (use yes or no)", w->name, w->line, value, key);
	*out = b;
	return 0;
}

/* Applies one key of [server]. 0 or -1 with err. */
static int
config_server_key(struct config *cfg, const struct config_where *w,
    const char *key, const char *value, struct gerr *err)
{
	char origin[300];

	if (strcmp(key, "url") == 0) {
		snprintf(origin, sizeof origin, "%s:%d", w->name, w->line);
		if (config_set_server(cfg, value, origin, err) != 0)
			return config_not_usage(err);
		return 0;
	}
	if (strcmp(key, "connect_timeout") == 0)
		return config_seconds(w, key, value, &cfg->connect_timeout, err);
	if (strcmp(key, "timeout") == 0)
		return config_seconds(w, key, value, &cfg->timeout, err);
	if (strcmp(key, "allow_insecure_http") == 0)
		return config_flag(w, key, value, &cfg->allow_insecure_http,
		    err);
	if (strcmp(key, "ca_file") == 0) {
		FREE(&cfg->ca_file);
		if (*value != '\0')
			cfg->ca_file = xstrdup(value);
		return 0;
	}
	return gerr_set(err, GERR_LOCAL, 0, "%s:%d: unknown key '%s' in "
	    "[server] (known: url, connect_timeout, timeout, "
	    "allow_insecure_http, ca_file)", w->name, w->line, key);
}

/* Applies one key of [ui]. 0 or -1 with err. */
static int
config_ui_key(struct config *cfg, const struct config_where *w,
    const char *key, const char *value, struct gerr *err)
{
	int b;

	if (strcmp(key, "theme") == 0) {
		if (*value == '\0')
			return gerr_set(err, GERR_LOCAL, 0, "%s:%d: empty "
			    "theme (name one, such as default)", w->name,
			    w->line);
		free(cfg->theme);
		cfg->theme = xstrdup(value);
		return 0;
	}
	if (strcmp(key, "ascii") == 0) {
		if (strcasecmp(value, "auto") == 0) {
			cfg->ascii = -1;
			return 0;
		}
		b = config_bool(value);
		if (b < 0)
			return gerr_set(err, GERR_LOCAL, 0, "%s:%d: bad value "
			    "'%s' for ascii (use auto, yes or no)", w->name,
			    w->line, value);
		cfg->ascii = b;
		return 0;
	}
	if (strcmp(key, "browser") == 0) {
		if (*value == '\0')
			return gerr_set(err, GERR_LOCAL, 0, "%s:%d: empty "
			    "browser (name a program, such as xdg-open)",
			    w->name, w->line);
		free(cfg->browser);
		cfg->browser = xstrdup(value);
		return 0;
	}
	if (strcmp(key, "mouse") == 0)
		return config_flag(w, key, value, &cfg->mouse, err);
	return gerr_set(err, GERR_LOCAL, 0, "%s:%d: unknown key '%s' in [ui] "
	    "(known: theme, ascii, browser, mouse)", w->name, w->line, key);
}

/* Applies one key of [cache]. 0 or -1 with err. */
static int
config_cache_key(struct config *cfg, const struct config_where *w,
    const char *key, const char *value, struct gerr *err)
{
	int64_t n;

	if (strcmp(key, "max_kb") == 0) {
		if (parse_int64(value, 1, CONFIG_MAX_CACHE_KB, &n) != 0)
			return gerr_set(err, GERR_LOCAL, 0, "%s:%d: bad number "
			    "'%s' for max_kb (use whole KiB from 1 to %ld)",
			    w->name, w->line, value, CONFIG_MAX_CACHE_KB);
		cfg->cache_max_kb = (long)n;
		return 0;
	}
	return gerr_set(err, GERR_LOCAL, 0, "%s:%d: unknown key '%s' in "
	    "[cache] (known: max_kb)", w->name, w->line, key);
}

/*
 * One line of [keys]: `bind KEY ACTION`, or `unbind KEY` (kept as the
 * action "none"). The words are stored as they are, with the file and
 * line: the TUI checks key and action names against its key table. 0 or
 * -1 with err for a line of another shape.
 */
static int
config_keys_line(struct config *cfg, const struct config_where *w,
    const char *line, struct gerr *err)
{
	char *words[4], *copy = xstrdup(line), *p = copy;
	size_t n = 0;
	struct config_bind *b;
	int rc = 0;

	while (n < G_NELEM(words)) {
		p += strspn(p, " \t");
		if (*p == '\0')
			break;
		words[n++] = p;
		p += strcspn(p, " \t");
		if (*p != '\0')
			*p++ = '\0';
	}
	if ((n == 3 && strcmp(words[0], "bind") == 0) ||
	    (n == 2 && strcmp(words[0], "unbind") == 0)) {
		cfg->binds = xrealloc(cfg->binds, (cfg->nbinds + 1) *
		    sizeof(*cfg->binds));
		b = &cfg->binds[cfg->nbinds++];
		b->key = xstrdup(words[1]);
		b->action = xstrdup(n == 3 ? words[2] : "none");
		b->file = xstrdup(w->name);
		b->line = w->line;
	} else {
		rc = gerr_set(err, GERR_LOCAL, 0, "%s:%d: expected 'bind KEY "
		    "ACTION' or 'unbind KEY' in [keys], got '%s' (see "
		    "guild.conf(5))", w->name, w->line, line);
	}
	free(copy);
	return rc;
}

/*
 * Parses one line that is not blank or a comment: a [section] header or
 * key = value. Updates *section. 0 or -1 with err.
 */
static int
config_line(struct config *cfg, const struct config_where *w, char *line,
    enum config_section *section, struct gerr *err)
{
	char	*eq, *key, *value, *end;
	size_t	 len;

	if (*line == '[') {
		end = strchr(line, ']');
		if (end == NULL || config_trim(end + 1)[0] != '\0')
			return gerr_set(err, GERR_LOCAL, 0, "%s:%d: malformed "
			    "section header '%s' (write [server], [ui], "
			    "[cache] or [keys])",
			    w->name, w->line, line);
		*end = '\0';
		key = config_trim(line + 1);
		if (strcmp(key, "server") == 0)
			*section = SECTION_SERVER;
		else if (strcmp(key, "ui") == 0)
			*section = SECTION_UI;
		else if (strcmp(key, "cache") == 0)
			*section = SECTION_CACHE;
		else if (strcmp(key, "keys") == 0)
			*section = SECTION_KEYS;
		else
			return gerr_set(err, GERR_LOCAL, 0, "%s:%d: unknown "
			    "section [%s] (known: [server], [ui], [cache], "
			    "[keys])", w->name, w->line, key);
		return 0;
	}
	if (*section == SECTION_KEYS)
		return config_keys_line(cfg, w, line, err);
	eq = strchr(line, '=');
	if (eq == NULL)
		return gerr_set(err, GERR_LOCAL, 0, "%s:%d: expected "
		    "'key = value', got '%s' (see guild.conf(5))", w->name,
		    w->line, line);
	*eq = '\0';
	key = config_trim(line);
	value = config_trim(eq + 1);
	if (*key == '\0')
		return gerr_set(err, GERR_LOCAL, 0, "%s:%d: missing key "
		    "before '=' (write key = value)", w->name, w->line);
	len = strlen(value);
	if (len > 0 && value[0] == '"') {
		if (len < 2 || value[len - 1] != '"')
			return gerr_set(err, GERR_LOCAL, 0, "%s:%d: unterminated "
			    "quote in the value of %s (close it with \")",
			    w->name, w->line, key);
		value[len - 1] = '\0';
		value++;
	}
	switch (*section) {
	case SECTION_SERVER:
		return config_server_key(cfg, w, key, value, err);
	case SECTION_UI:
		return config_ui_key(cfg, w, key, value, err);
	case SECTION_CACHE:
		return config_cache_key(cfg, w, key, value, err);
	case SECTION_KEYS:
	case SECTION_NONE:
		break;
	}
	return gerr_set(err, GERR_LOCAL, 0, "%s:%d: key '%s' outside a section "
	    "(put it under [server], [ui] or [cache])", w->name, w->line, key);
}

int
config_parse(struct config *cfg, const char *text, const char *name,
    struct gerr *err)
{
	enum config_section	 section = SECTION_NONE;
	struct config_where	 w = { name, 0 };
	const char		*p = text, *nl;
	char			*line, *s;
	int			 rc = 0;

	while (rc == 0 && *p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		w.line++;
		line = xstrndup(p, (size_t)(nl - p));
		s = config_trim(line);
		if (*s != '\0' && *s != '#' && *s != ';')
			rc = config_line(cfg, &w, s, &section, err);
		free(line);
		p = *nl == '\n' ? nl + 1 : nl;
	}
	return rc;
}

/* Reads a whole file into a new string (caller frees). NULL with errno. */
static char *
config_read_file(const char *path)
{
	struct buf	 b = BUF_INIT;
	char		 chunk[4096];
	size_t		 n;
	FILE		*f;

	f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	for (;;) {
		n = fread(chunk, 1, sizeof chunk, f);
		if (n == 0)
			break;
		if (b.len + n > CONFIG_MAX_SIZE) {
			fclose(f);
			buf_release(&b);
			errno = EFBIG;
			return NULL;
		}
		buf_add(&b, chunk, n);
	}
	if (ferror(f)) {
		fclose(f);
		buf_release(&b);
		errno = EIO;
		return NULL;
	}
	fclose(f);
	if (b.failed) {
		buf_release(&b);
		errno = ENOMEM;
		return NULL;
	}
	return b.data != NULL ? buf_detach(&b) : xstrdup("");
}

int
config_load(struct config *cfg, const char *path, struct gerr *err)
{
	char		*deflt = NULL, *text;
	const char	*env;
	int		 rc = 0;

	if (path == NULL)
		path = deflt = config_default_path();
	text = config_read_file(path);
	if (text == NULL) {
		if (deflt == NULL || errno != ENOENT)
			rc = gerr_set(err, GERR_LOCAL, 0, "cannot read %s: %s "
			    "(%s)", path, strerror(errno), deflt == NULL ?
			    "check --config" : "check the file or remove it");
	} else {
		rc = config_parse(cfg, text, path, err);
		free(text);
		if (rc == 0) {
			free(cfg->path);
			cfg->path = xstrdup(path);
		}
	}
	free(deflt);
	if (rc != 0)
		return rc;
	env = getenv("GUILD_SERVER");
	if (env != NULL && *env != '\0' &&
	    config_set_server(cfg, env, "GUILD_SERVER", err) != 0)
		return config_not_usage(err);
	return 0;
}

/* The home directory: $HOME, else the password database, else "/". */
static const char *
config_home(void)
{
	const char	*home = getenv("HOME");
	struct passwd	*pw;

	if (home != NULL && *home == '/')
		return home;
	pw = getpwuid(getuid());
	if (pw != NULL && pw->pw_dir != NULL && *pw->pw_dir == '/')
		return pw->pw_dir;
	return "/";
}

/*
 * $VAR/guild/leaf when VAR holds an absolute path (the XDG rule),
 * else ~/fallback/guild/leaf; leaf may be empty. Caller frees.
 */
static char *
config_xdg_path(const char *var, const char *fallback, const char *leaf)
{
	const char *base = getenv(var);

	if (base != NULL && *base == '/')
		return xasprintf("%s/guild%s%s", base, *leaf ? "/" : "", leaf);
	return xasprintf("%s/%s/guild%s%s", config_home(), fallback,
	    *leaf ? "/" : "", leaf);
}

char *
config_default_path(void)
{
	return config_xdg_path("XDG_CONFIG_HOME", ".config", "config");
}

char *
config_state_dir(void)
{
	return config_xdg_path("XDG_STATE_HOME", ".local/state", "");
}

char *
config_cache_dir(void)
{
	return config_xdg_path("XDG_CACHE_HOME", ".cache", "");
}

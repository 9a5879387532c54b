/* Theme files: parsing, the search path, and nearest-color mapping. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "guild/buf.h"
#include "guild/util.h"

#include "theme.h"

#define THEME_MAX_BYTES	(256 * 1024)

static const char *const elem_names[THEME_ELEM_COUNT] = {
	[THEME_NORMAL] = "normal",
	[THEME_TITLE] = "title",
	[THEME_HEADER] = "header",
	[THEME_SELECTED] = "selected",
	[THEME_STATUS] = "status",
	[THEME_ERROR] = "error",
	[THEME_BORDER] = "border",
	[THEME_AUTHOR] = "author",
	[THEME_LEVEL] = "level",
	[THEME_PRICE] = "price",
	[THEME_POINTS] = "points",
	[THEME_CODE] = "code",
	[THEME_QUOTE] = "quote",
	[THEME_LINK] = "link",
	[THEME_HEADING] = "heading",
	[THEME_DIM] = "dim",
	[THEME_HELP] = "help",
	[THEME_TAB] = "tab",
	[THEME_TAB_ACTIVE] = "tab_active",
	[THEME_SPINNER] = "spinner",
	[THEME_FILTER] = "filter",
	[THEME_MATCH] = "match",
	[THEME_SCORE] = "score",
	[THEME_ACCEPTED] = "accepted",
	[THEME_PINNED] = "pinned",
	[THEME_UNREAD] = "unread",
	[THEME_OWNED] = "owned",
	[THEME_PROGRESS] = "progress",
	[THEME_QR] = "qr",
};

static const char *const basic_names[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"brightblack", "brightred", "brightgreen", "brightyellow",
	"brightblue", "brightmagenta", "brightcyan", "brightwhite"
};

static const struct {
	const char	*name;
	unsigned	 bit;
} attr_names[] = {
	{ "bold", THEME_ATTR_BOLD },
	{ "underline", THEME_ATTR_UNDERLINE },
	{ "reverse", THEME_ATTR_REVERSE },
	{ "dim", THEME_ATTR_DIM },
	{ "italic", THEME_ATTR_ITALIC },
	{ "standout", THEME_ATTR_STANDOUT },
};

/* xterm's default values for the 16 basic colors. */
static const uint32_t basic_rgb[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00,
	0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
	0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00,
	0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff
};

/* The six levels of each channel in the 6x6x6 cube (indexes 16..231). */
static const int cube_level[6] = { 0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff };

/*
 * The built-in default: the terminal's own colors with attributes, so it
 * reads on dark and light backgrounds alike. themes/default.theme holds
 * the same lines.
 */
static const struct {
	enum theme_elem	elem;
	int		fg;	/* -1 default, else a basic color index */
	int		bg;
	unsigned	attrs;
} builtin[] = {
	{ THEME_NORMAL, -1, -1, 0 },
	{ THEME_TITLE, -1, -1, THEME_ATTR_BOLD },
	{ THEME_HEADER, -1, -1, THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE },
	{ THEME_SELECTED, -1, -1, THEME_ATTR_REVERSE },
	{ THEME_STATUS, -1, -1, THEME_ATTR_REVERSE },
	{ THEME_ERROR, 7, 1, THEME_ATTR_BOLD },
	{ THEME_BORDER, -1, -1, 0 },
	{ THEME_AUTHOR, -1, -1, 0 },
	{ THEME_LEVEL, -1, -1, 0 },
	{ THEME_PRICE, 2, -1, 0 },
	{ THEME_POINTS, 3, -1, THEME_ATTR_BOLD },
	{ THEME_CODE, -1, -1, THEME_ATTR_BOLD },
	{ THEME_QUOTE, -1, -1, THEME_ATTR_ITALIC },
	{ THEME_LINK, 4, -1, THEME_ATTR_UNDERLINE },
	{ THEME_HEADING, -1, -1, THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE },
	{ THEME_DIM, -1, -1, THEME_ATTR_DIM },
	{ THEME_HELP, -1, -1, 0 },
	{ THEME_TAB, -1, -1, 0 },
	{ THEME_TAB_ACTIVE, -1, -1, THEME_ATTR_BOLD | THEME_ATTR_REVERSE },
	{ THEME_SPINNER, -1, -1, THEME_ATTR_BOLD | THEME_ATTR_REVERSE },
	{ THEME_FILTER, -1, -1, THEME_ATTR_BOLD },
	{ THEME_MATCH, 0, 3, 0 },
	{ THEME_SCORE, -1, -1, THEME_ATTR_BOLD },
	{ THEME_ACCEPTED, 2, -1, THEME_ATTR_BOLD },
	{ THEME_PINNED, 3, -1, 0 },
	{ THEME_UNREAD, 6, -1, THEME_ATTR_BOLD },
	{ THEME_OWNED, 2, -1, THEME_ATTR_BOLD },
	{ THEME_PROGRESS, 6, -1, 0 },
	{ THEME_QR, 0, 7, 0 },
};

static void
builtin_color(struct theme_color *c, int index)
{
	memset(c, 0, sizeof(*c));
	if (index >= 0) {
		c->kind = THEME_COLOR_INDEX;
		c->index = index;
	}
}

void
theme_init(struct theme *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	t->name = xstrdup("default");
	for (i = 0; i < G_NELEM(builtin); i++) {
		struct theme_style *s = &t->style[builtin[i].elem];

		builtin_color(&s->fg, builtin[i].fg);
		builtin_color(&s->bg, builtin[i].bg);
		s->attrs = builtin[i].attrs;
	}
}

void
theme_release(struct theme *t)
{
	FREE(&t->name);
	FREE(&t->path);
}

const char *
theme_elem_name(enum theme_elem e)
{
	if ((int)e < 0 || e >= THEME_ELEM_COUNT)
		return "?";
	return elem_names[e];
}

int
theme_elem_parse(const char *s, enum theme_elem *out)
{
	int i;

	if (strcmp(s, "status_error") == 0) {
		*out = THEME_ERROR;
		return 0;
	}
	for (i = 0; i < THEME_ELEM_COUNT; i++) {
		if (strcmp(s, elem_names[i]) == 0) {
			*out = (enum theme_elem)i;
			return 0;
		}
	}
	return -1;
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
theme_color_parse(const char *s, struct theme_color *out)
{
	int64_t n;
	int i;

	memset(out, 0, sizeof(*out));
	if (strcasecmp(s, "default") == 0)
		return 0;
	if (s[0] == '#') {
		uint32_t rgb = 0;

		if (strlen(s) != 7)
			return -1;
		for (i = 1; i < 7; i++) {
			int d = hex_digit(s[i]);

			if (d < 0)
				return -1;
			rgb = rgb << 4 | (uint32_t)d;
		}
		out->kind = THEME_COLOR_RGB;
		out->rgb = rgb;
		return 0;
	}
	if (strncasecmp(s, "color", 5) == 0 && s[5] >= '0' && s[5] <= '9') {
		if (parse_int64(s + 5, 0, 255, &n) < 0)
			return -1;
		out->kind = THEME_COLOR_INDEX;
		out->index = (int)n;
		return 0;
	}
	if (strcasecmp(s, "gray") == 0 || strcasecmp(s, "grey") == 0) {
		out->kind = THEME_COLOR_INDEX;
		out->index = 8;
		return 0;
	}
	for (i = 0; i < 16; i++) {
		if (strcasecmp(s, basic_names[i]) == 0) {
			out->kind = THEME_COLOR_INDEX;
			out->index = i;
			return 0;
		}
	}
	return -1;
}

int
theme_attr_parse(const char *s, unsigned *bit)
{
	size_t i;

	for (i = 0; i < G_NELEM(attr_names); i++) {
		if (strcasecmp(s, attr_names[i].name) == 0) {
			*bit = attr_names[i].bit;
			return 0;
		}
	}
	return -1;
}

/* Splits line in place at blanks into at most max words; returns count. */
static size_t
split_words(char *line, char **words, size_t max)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' ||
		    *p == '\v')
			p++;
		if (*p == '\0' || n == max)
			break;
		words[n++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' &&
		    *p != '\f' && *p != '\v')
			p++;
		if (*p == '\0')
			break;
		*p++ = '\0';
	}
	return n;
}

/*
 * Parses one line (NUL-terminated, writable) into t. Returns 0, or -1
 * with err worded "NAME:LINE: what".
 */
static int
parse_line(struct theme *t, char *line, const char *name, size_t lineno,
    struct gerr *err)
{
	char *w[16];
	size_t n, i;
	enum theme_elem elem;
	struct theme_style st;

	n = split_words(line, w, G_NELEM(w));
	/* A word that is "#" or starts with "##" begins a trailing comment. */
	for (i = 0; i < n; i++) {
		if (strcmp(w[i], "#") == 0 || strncmp(w[i], "##", 2) == 0) {
			n = i;
			break;
		}
	}
	if (n == 0 || w[0][0] == '#')
		return 0;
	if (strcmp(w[0], "color") != 0)
		return gerr_set(err, GERR_LOCAL, 0,
		    "%s:%zu: unknown directive '%s' (expected "
		    "'color ELEMENT FG BG [ATTR...]')", name, lineno, w[0]);
	if (n < 2)
		return gerr_set(err, GERR_LOCAL, 0,
		    "%s:%zu: missing element, foreground and background "
		    "after 'color'", name, lineno);
	if (theme_elem_parse(w[1], &elem) < 0)
		return gerr_set(err, GERR_LOCAL, 0,
		    "%s:%zu: unknown element '%s'", name, lineno, w[1]);
	if (n < 4)
		return gerr_set(err, GERR_LOCAL, 0,
		    "%s:%zu: missing %s color for '%s' (expected "
		    "'color ELEMENT FG BG [ATTR...]')", name, lineno,
		    n < 3 ? "foreground and background" : "background", w[1]);
	if (n == G_NELEM(w))
		return gerr_set(err, GERR_LOCAL, 0,
		    "%s:%zu: too many words", name, lineno);
	memset(&st, 0, sizeof(st));
	for (i = 2; i < 4; i++) {
		struct theme_color *c = i == 2 ? &st.fg : &st.bg;

		if (theme_color_parse(w[i], c) == 0)
			continue;
		if (w[i][0] == '#')
			return gerr_set(err, GERR_LOCAL, 0,
			    "%s:%zu: bad color '%s' (expected #RRGGBB with six "
			    "hex digits)", name, lineno, w[i]);
		return gerr_set(err, GERR_LOCAL, 0,
		    "%s:%zu: unknown color '%s' (a name such as red or "
		    "brightblue, color0..color255, #RRGGBB or default)",
		    name, lineno, w[i]);
	}
	for (i = 4; i < n; i++) {
		unsigned bit;

		if (theme_attr_parse(w[i], &bit) < 0)
			return gerr_set(err, GERR_LOCAL, 0,
			    "%s:%zu: unknown attribute '%s' (bold, underline, "
			    "reverse, dim, italic or standout)", name, lineno,
			    w[i]);
		st.attrs |= bit;
	}
	t->style[elem] = st;
	return 0;
}

int
theme_parse(struct theme *t, const char *text, size_t len, const char *name,
    struct gerr *err)
{
	size_t pos = 0, lineno = 0;
	int rc = 0;

	while (pos < len && rc == 0) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - text) : len;
		char *line;

		lineno++;
		if (memchr(text + pos, '\0', end - pos) != NULL)
			return gerr_set(err, GERR_LOCAL, 0,
			    "%s:%zu: NUL byte in a theme file", name, lineno);
		line = xstrndup(text + pos, end - pos);
		rc = parse_line(t, line, name, lineno, err);
		free(line);
		pos = end + 1;
	}
	return rc;
}

int
theme_load(struct theme *t, const char *path, struct gerr *err)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f;
	int rc;

	f = fopen(path, "r");
	if (f == NULL)
		return gerr_set(err, GERR_LOCAL, 0, "cannot read theme %s: %s",
		    path, strerror(errno));
	for (;;) {
		n = fread(chunk, 1, sizeof(chunk), f);
		if (n == 0)
			break;
		if (b.len + n > THEME_MAX_BYTES) {
			fclose(f);
			buf_release(&b);
			return gerr_set(err, GERR_LOCAL, 0,
			    "%s: theme file larger than %d bytes", path,
			    THEME_MAX_BYTES);
		}
		buf_add(&b, chunk, n);
	}
	if (ferror(f) || b.failed) {
		int e = ferror(f) ? errno : ENOMEM;

		fclose(f);
		buf_release(&b);
		return gerr_set(err, GERR_LOCAL, 0, "cannot read theme %s: %s",
		    path, strerror(e));
	}
	fclose(f);
	rc = theme_parse(t, buf_str(&b), b.len, path, err);
	buf_release(&b);
	if (rc == 0) {
		FREE(&t->path);
		t->path = xstrdup(path);
	}
	return rc;
}

int
theme_name_ok(const char *name)
{
	const char *p;

	if (name[0] == '\0' || name[0] == '.')
		return 0;
	for (p = name; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		    *p == '-'))
			return 0;
	}
	return 1;
}

size_t
theme_dirs(struct theme_dir *dirs, size_t max)
{
	const char *env = getenv("GUILD_THEMES");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	size_t n = 0;

	if (n < max && env != NULL && env[0] != '\0') {
		dirs[n].path = xstrdup(env);
		dirs[n++].origin = "$GUILD_THEMES";
	}
	if (n < max && xdg != NULL && xdg[0] == '/') {
		dirs[n].path = xasprintf("%s/guild/themes", xdg);
		dirs[n++].origin = "user";
	} else if (n < max && home != NULL && home[0] != '\0') {
		dirs[n].path = xasprintf("%s/.config/guild/themes", home);
		dirs[n++].origin = "user";
	}
	if (n < max) {
		dirs[n].path = xstrdup(GUILD_DATADIR "/themes");
		dirs[n++].origin = "installed";
	}
	return n;
}

char *
theme_find(const char *name, struct gerr *err)
{
	struct theme_dir dirs[3];
	size_t ndirs, i;
	struct buf tried = BUF_INIT;
	char *found = NULL;

	if (name == NULL || name[0] == '\0')
		name = "default";
	if (strchr(name, '/') != NULL)
		return xstrdup(name);
	if (!theme_name_ok(name)) {
		gerr_set(err, GERR_LOCAL, 0, "bad theme name '%s' (letters, "
		    "digits, '.', '_' and '-', or a path)", name);
		return NULL;
	}
	ndirs = theme_dirs(dirs, G_NELEM(dirs));
	for (i = 0; i < ndirs; i++) {
		char *path = xasprintf("%s/%s.theme", dirs[i].path, name);

		if (found == NULL && access(path, R_OK) == 0) {
			found = path;
			continue;
		}
		buf_printf(&tried, "%s%s", tried.len > 0 ? ", " : "",
		    dirs[i].path);
		free(path);
	}
	if (found == NULL)
		gerr_set(err, GERR_LOCAL, 0, "theme '%s' not found (looked in %s)",
		    name, buf_str(&tried));
	buf_release(&tried);
	for (i = 0; i < ndirs; i++)
		free(dirs[i].path);
	return found;
}

int
theme_open(struct theme *t, const char *name, struct gerr *err)
{
	struct theme tmp;
	char *path;

	theme_release(t);
	theme_init(t);
	path = theme_find(name, err);
	if (path == NULL)
		return -1;
	theme_init(&tmp);
	if (theme_load(&tmp, path, err) < 0) {
		theme_release(&tmp);
		free(path);
		return -1;
	}
	free(path);
	FREE(&tmp.name);
	tmp.name = xstrdup(name != NULL && name[0] != '\0' ? name : "default");
	theme_release(t);
	*t = tmp;
	return 0;
}

uint32_t
theme_index_rgb(int index)
{
	if (index < 0 || index > 255)
		return 0;
	if (index < 16)
		return basic_rgb[index];
	if (index < 232) {
		int i = index - 16;

		return (uint32_t)cube_level[i / 36] << 16 |
		    (uint32_t)cube_level[i / 6 % 6] << 8 |
		    (uint32_t)cube_level[i % 6];
	}
	return (uint32_t)(8 + 10 * (index - 232)) * 0x010101u;
}

/* Chroma: how far a color is from gray (max channel minus min). */
static long
rgb_chroma(uint32_t c)
{
	long r = (long)(c >> 16 & 0xff), g = (long)(c >> 8 & 0xff);
	long b = (long)(c & 0xff);
	long max = r > g ? (r > b ? r : b) : (g > b ? g : b);
	long min = r < g ? (r < b ? r : b) : (g < b ? g : b);

	return max - min;
}

/*
 * How different two colors look: the squared RGB distance plus the
 * squared difference in chroma, so a gray never maps to a hue (mid gray
 * on 8 colors is white, not yellow) and a hue never maps to a gray when
 * a hue is near.
 */
static long
rgb_dist(uint32_t a, uint32_t b)
{
	long dr = (long)(a >> 16 & 0xff) - (long)(b >> 16 & 0xff);
	long dg = (long)(a >> 8 & 0xff) - (long)(b >> 8 & 0xff);
	long db = (long)(a & 0xff) - (long)(b & 0xff);
	long dc = rgb_chroma(a) - rgb_chroma(b);

	return dr * dr + dg * dg + db * db + dc * dc;
}

int
theme_nearest(uint32_t rgb, int ncolors)
{
	int i, first, last, best = -1;
	long bestd = 0;

	if (ncolors >= 256) {
		/* The cube and the gray ramp; 0..15 vary by terminal. */
		first = 16;
		last = 255;
	} else if (ncolors >= 16) {
		first = 0;
		last = 15;
	} else if (ncolors >= 8) {
		first = 0;
		last = 7;
	} else {
		return -1;
	}
	for (i = first; i <= last; i++) {
		long d = rgb_dist(rgb, theme_index_rgb(i));

		if (best < 0 || d < bestd) {
			best = i;
			bestd = d;
		}
	}
	return best;
}

int
theme_color_resolve(const struct theme_color *c, int ncolors)
{
	switch (c->kind) {
	case THEME_COLOR_INDEX:
		if (c->index < ncolors)
			return c->index;
		return theme_nearest(theme_index_rgb(c->index), ncolors);
	case THEME_COLOR_RGB:
		return theme_nearest(c->rgb, ncolors);
	case THEME_COLOR_DEFAULT:
		break;
	}
	return -1;
}

/*
 * The course file: one Markdown file per course (front matter, the
 * description, one "## " section per lesson) parsed into a struct
 * coursefile and written back from one. See guild/coursefile.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "guild/coursefile.h"
#include "guild/text.h"
#include "guild/util.h"

#define CF_PREVIEW_WORD	"{preview}"
#define CF_PREVIEW_MARK	" " CF_PREVIEW_WORD

/* One line of the input: [s, s + len), without its '\n'. */
struct cf_line {
	const char	*s;
	size_t		 len;
};

/* The parse in progress. */
struct cf_parse {
	const char	*name;		/* file name for messages */
	struct cf_line	*lines;
	size_t		 n;
	struct gerr	*err;
};

/* A front-matter value waiting for the whole block (price and currency). */
struct cf_raw {
	char	*value;
	int	 line;		/* 0: the key is absent */
};

/* ---- small helpers ------------------------------------------------------ */

void
coursefile_init(struct coursefile *cf)
{
	memset(cf, 0, sizeof *cf);
	memcpy(cf->price.currency, "CNY", 4);
}

void
coursefile_release(struct coursefile *cf)
{
	size_t i;

	free(cf->title);
	free(cf->slug);
	free(cf->summary);
	free(cf->description);
	for (i = 0; i < cf->ntags; i++)
		free(cf->tags[i]);
	free(cf->tags);
	for (i = 0; i < cf->nlessons; i++) {
		free(cf->lessons[i].title);
		free(cf->lessons[i].body);
	}
	free(cf->lessons);
	coursefile_init(cf);
}

/* Sets err to "NAME:LINE: message" (GERR_USAGE) and returns -1. */
static int G_PRINTF(3, 4)
cf_error(struct cf_parse *p, int line, const char *fmt, ...)
{
	char	msg[400];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return gerr_set(p->err, GERR_USAGE, 0, "%s:%d: %s", p->name, line,
	    msg);
}

/* Characters (code points) of valid UTF-8 s. */
static size_t
cf_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* 1 when s has a control character (tab excepted) or DEL. */
static int
cf_has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
			return 1;
	return 0;
}

/* A copy of [s, s + len) without blanks (and CR) around it; caller frees. */
static char *
cf_trimmed(const char *s, size_t len)
{
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\r'))
		len--;
	return xstrndup(s, len);
}

/* 1 when the line holds only blanks (and a CR). */
static int
cf_blank(const struct cf_line *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		if (l->s[i] != ' ' && l->s[i] != '\t' && l->s[i] != '\r')
			return 0;
	return 1;
}

/* 1 when the line, blanks and CR dropped at its end, is exactly word. */
static int
cf_line_is(const struct cf_line *l, const char *word)
{
	size_t len = l->len, wl = strlen(word);

	while (len > 0 && (l->s[len - 1] == ' ' || l->s[len - 1] == '\t' ||
	    l->s[len - 1] == '\r'))
		len--;
	return len == wl && memcmp(l->s, word, wl) == 0;
}

/* ---- headings, fences and their escapes --------------------------------- */

/*
 * 1 when [s, s + len) is a lesson heading: "##" then a blank, a CR or
 * the end of the line.
 */
static int
cf_is_heading(const char *s, size_t len)
{
	return len >= 2 && s[0] == '#' && s[1] == '#' &&
	    (len == 2 || s[2] == ' ' || s[2] == '\t' || s[2] == '\r');
}

/*
 * 1 when [s, s + len) opens a fenced code block (CommonMark: up to 3
 * spaces, then 3 or more backticks or tildes; a backtick fence's info
 * string has no backtick). *ch and *n get the fence's character and
 * length.
 */
static int
cf_fence_open(const char *s, size_t len, char *ch, size_t *n)
{
	size_t	i = 0, k;

	while (i < len && i < 3 && s[i] == ' ')
		i++;
	if (i >= len || (s[i] != '`' && s[i] != '~'))
		return 0;
	for (k = i; k < len && s[k] == s[i]; k++)
		;
	if (k - i < 3)
		return 0;
	if (s[i] == '`' && memchr(s + k, '`', len - k) != NULL)
		return 0;
	*ch = s[i];
	*n = k - i;
	return 1;
}

/* 1 when [s, s + len) closes a fence of n characters ch. */
static int
cf_fence_close(const char *s, size_t len, char ch, size_t n)
{
	size_t	i = 0, k;

	while (i < len && i < 3 && s[i] == ' ')
		i++;
	for (k = i; k < len && s[k] == ch; k++)
		;
	if (k - i < n)
		return 0;
	for (; k < len; k++)
		if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r')
			return 0;
	return 1;
}

/*
 * 1 when [s, s + len) is one or more backslashes followed by a lesson
 * heading or a fence opener: a line the writer escaped.
 */
static int
cf_is_escaped(const char *s, size_t len)
{
	size_t	i = 0, n;
	char	ch;

	while (i < len && s[i] == '\\')
		i++;
	if (i == 0)
		return 0;
	return cf_is_heading(s + i, len - i) ||
	    cf_fence_open(s + i, len - i, &ch, &n);
}

/* ---- texts ------------------------------------------------------------- */

char *
coursefile_text_norm(const char *s)
{
	const char	*start, *p, *end;

	if (s == NULL)
		return xstrdup("");
	/* Drop whole blank lines at the start. */
	start = s;
	for (p = s;; p++) {
		if (*p == '\n') {
			start = p + 1;
		} else if (*p != ' ' && *p != '\t' && *p != '\r') {
			break;
		}
	}
	end = start + strlen(start);
	while (end > start && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r' || end[-1] == '\n'))
		end--;
	return xstrndup(start, (size_t)(end - start));
}

/*
 * Gathers lines [from, to) into a text: escaped lines lose one
 * backslash outside code fences; then normalized. Caller frees. A fence
 * left open at the end is the caller's concern (it cannot happen here:
 * sections end only outside fences).
 */
static char *
cf_gather(const struct cf_parse *p, size_t from, size_t to)
{
	struct buf	 b = BUF_INIT;
	const char	*s;
	size_t		 i, len, fn = 0;
	char		*r, fc = 0;
	int		 in = 0;

	buf_adds(&b, "");
	for (i = from; i < to; i++) {
		s = p->lines[i].s;
		len = p->lines[i].len;
		if (in) {
			if (cf_fence_close(s, len, fc, fn))
				in = 0;
		} else if (cf_is_escaped(s, len)) {
			s++;
			len--;
		} else if (cf_fence_open(s, len, &fc, &fn)) {
			in = 1;
		}
		buf_add(&b, s, len);
		buf_addc(&b, '\n');
	}
	if (b.failed) {
		fputs("guild: out of memory\n", stderr);
		exit(1);
	}
	r = coursefile_text_norm(buf_str(&b));
	buf_release(&b);
	return r;
}

/* ---- front matter ------------------------------------------------------- */

/* A value without one pair of double quotes around it; caller frees. */
static char *
cf_unquote(const char *v)
{
	size_t len = strlen(v);

	if (len >= 2 && v[0] == '"' && v[len - 1] == '"')
		return xstrndup(v + 1, len - 2);
	return xstrdup(v);
}

/* 1 when s is a slug: 1 to 64 of a-z, 0-9 and '-', with a letter. */
static int
cf_slug_ok(const char *s)
{
	size_t	i, len = strlen(s);
	int	letter = 0;

	if (len == 0 || len > CF_SLUG_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] >= 'a' && s[i] <= 'z')
			letter = 1;
		else if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '-')
			return 0;
	}
	return letter;
}

/* ISO 4217 exponent: 0 for currencies without minor units, else 2. */
static int
cf_exponent(const char *currency)
{
	return strcmp(currency, "JPY") == 0 || strcmp(currency, "KRW") == 0 ?
	    0 : 2;
}

int
coursefile_price_parse(const char *s, const char *currency, int64_t *out)
{
	int64_t	units = 0, minor = 0;
	int	exp = cf_exponent(currency), digits = 0, decimals = 0;

	if (strcasecmp(s, "free") == 0) {
		*out = 0;
		return 0;
	}
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 9)
			return -1;
		units = units * 10 + (*s - '0');
	}
	if (digits == 0)
		return -1;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++) {
			if (++decimals > exp)
				return -1;
			minor = minor * 10 + (*s - '0');
		}
		if (decimals == 0)
			return -1;
	}
	if (*s != '\0')
		return -1;
	for (; decimals < exp; decimals++)
		minor *= 10;
	units = exp == 2 ? units * 100 + minor : units;
	if (units > CF_PRICE_MAX)
		return -1;
	*out = units;
	return 0;
}

/*
 * Reads the tags value ("[a, b]" or "a, b") into cf: trimmed, ASCII
 * letters lower-cased and duplicates dropped, as guildd stores them.
 */
static int
cf_tags(struct cf_parse *p, int line, const char *v, struct coursefile *cf)
{
	const char	*s, *comma, *end;
	size_t		 len = strlen(v), i;
	char		*tag, *c;
	int		 empty;

	s = v;
	end = v + len;
	if (len >= 2 && v[0] == '[' && v[len - 1] == ']') {
		s++;
		end--;
	}
	cf->has_tags = 1;
	tag = cf_trimmed(s, (size_t)(end - s));
	empty = *tag == '\0';
	free(tag);
	if (empty)
		return 0;
	for (;;) {
		comma = memchr(s, ',', (size_t)(end - s));
		if (comma == NULL)
			comma = end;
		tag = cf_trimmed(s, (size_t)(comma - s));
		if (*tag == '\0') {
			free(tag);
			return cf_error(p, line, "an empty tag in '%s' (tags: "
			    "[a, b])", v);
		}
		if (cf_chars(tag) > CF_TAG_MAX || cf_has_control(tag)) {
			cf_error(p, line, "tag '%s' must be one line of 1 to "
			    "%d characters", tag, CF_TAG_MAX);
			free(tag);
			return -1;
		}
		for (c = tag; *c != '\0'; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		for (i = 0; i < cf->ntags; i++)
			if (strcmp(cf->tags[i], tag) == 0)
				break;
		if (i < cf->ntags) {
			free(tag);
		} else if (cf->ntags == CF_TAGS_MAX) {
			free(tag);
			return cf_error(p, line, "more than %d tags",
			    CF_TAGS_MAX);
		} else {
			cf->tags = xrealloc(cf->tags, (cf->ntags + 1) *
			    sizeof *cf->tags);
			cf->tags[cf->ntags++] = tag;
		}
		if (comma == end)
			break;
		s = comma + 1;
	}
	return 0;
}

/* Reads yes/no (true/false) into *out. 0 or -1. */
static int
cf_bool(const char *v, int *out)
{
	if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0)
		*out = 1;
	else if (strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

static const char *const cf_keys[] = {
	"title", "slug", "level", "tags", "price", "currency", "summary",
	"published"
};

/* Applies one "key: value" line. 0, or -1 with the error. */
static int
cf_key(struct cf_parse *p, int line, int k, const char *v,
    struct coursefile *cf, struct cf_raw *price)
{
	char *u;

	switch (k) {
	case 0:		/* title */
		u = cf_unquote(v);
		if (cf_chars(u) < 1 || cf_chars(u) > CF_TITLE_MAX ||
		    cf_has_control(u)) {
			free(u);
			return cf_error(p, line, "the title must be one line "
			    "of 1 to %d characters", CF_TITLE_MAX);
		}
		cf->title = u;
		return 0;
	case 1:		/* slug */
		if (!cf_slug_ok(v))
			return cf_error(p, line, "bad slug '%s' (1 to %d of "
			    "a-z, 0-9 and '-', with at least one letter)", v,
			    CF_SLUG_MAX);
		cf->slug = xstrdup(v);
		return 0;
	case 2:		/* level */
		if (level_parse(v, &cf->level) != 0)
			return cf_error(p, line, "unknown level '%s' "
			    "(beginner, intermediate, advanced)", v);
		cf->has_level = 1;
		return 0;
	case 3:
		return cf_tags(p, line, v, cf);
	case 4:		/* price: read once the currency is known */
		price->value = xstrdup(v);
		price->line = line;
		return 0;
	case 5:		/* currency */
		if (strlen(v) != 3 || v[0] < 'A' || v[0] > 'Z' ||
		    v[1] < 'A' || v[1] > 'Z' || v[2] < 'A' || v[2] > 'Z')
			return cf_error(p, line, "bad currency '%s' (three "
			    "capital letters, e.g. CNY)", v);
		memcpy(cf->price.currency, v, 4);
		cf->has_currency = 1;
		return 0;
	case 6:		/* summary */
		u = cf_unquote(v);
		if (cf_chars(u) > CF_SUMMARY_MAX || cf_has_control(u)) {
			free(u);
			return cf_error(p, line, "the summary must be one line "
			    "of at most %d characters", CF_SUMMARY_MAX);
		}
		cf->summary = u;
		return 0;
	default:	/* published */
		if (cf_bool(v, &cf->published) != 0)
			return cf_error(p, line, "published must be yes or "
			    "no, not '%s'", v);
		cf->has_published = 1;
		return 0;
	}
}

/*
 * Reads the front matter from line 0; *next gets the index of the line
 * after its closing "---". 0, or -1 with the error.
 */
static int
cf_front(struct cf_parse *p, struct coursefile *cf, size_t *next)
{
	struct cf_raw	 price = { NULL, 0 };
	const char	*colon;
	char		*key, *val;
	int		 seen[G_NELEM(cf_keys)], k, rc = 0;
	size_t		 i;

	memset(seen, 0, sizeof seen);
	if (p->n == 0 || !cf_line_is(&p->lines[0], "---"))
		return cf_error(p, 1, "a course file starts with its front "
		    "matter: a line '---', lines such as 'title: ...', "
		    "'slug: ...' and 'level: ...', and another '---'");
	for (i = 1; rc == 0 && i < p->n; i++) {
		const struct cf_line *l = &p->lines[i];
		int line = (int)i + 1;

		if (cf_line_is(l, "---"))
			break;
		if (cf_blank(l) || l->s[0] == '#')
			continue;
		colon = memchr(l->s, ':', l->len);
		if (colon == NULL) {
			rc = cf_error(p, line, "expected 'key: value' in the "
			    "front matter (or '---' to end it)");
			break;
		}
		key = cf_trimmed(l->s, (size_t)(colon - l->s));
		val = cf_trimmed(colon + 1, l->len - (size_t)(colon - l->s) -
		    1);
		for (k = 0; k < (int)G_NELEM(cf_keys); k++)
			if (strcasecmp(key, cf_keys[k]) == 0)
				break;
		if (k == (int)G_NELEM(cf_keys))
			rc = cf_error(p, line, "unknown key '%s' (title, slug, "
			    "level, tags, price, currency, summary, "
			    "published)", key);
		else if (seen[k])
			rc = cf_error(p, line, "%s is set twice (first on line "
			    "%d)", cf_keys[k], seen[k]);
		else {
			seen[k] = line;
			rc = cf_key(p, line, k, val, cf, &price);
		}
		free(key);
		free(val);
	}
	if (rc == 0 && i >= p->n)
		rc = cf_error(p, 1, "the front matter is never closed: add a "
		    "line '---' after its last key");
	if (rc == 0 && price.line > 0) {
		if (coursefile_price_parse(price.value, cf->price.currency,
		    &cf->price.amount) != 0)
			rc = cf_error(p, price.line, cf_exponent(
			    cf->price.currency) == 2 ? "bad price '%s' (%s "
			    "with at most two decimals, e.g. 199 or 199.50, "
			    "from 0 to 1000000)" : "bad price '%s' (whole %s, "
			    "from 0 to 100000000)", price.value,
			    cf->price.currency);
		else
			cf->has_price = 1;
	}
	free(price.value);
	*next = i + 1;
	return rc;
}

/* ---- lessons ------------------------------------------------------------ */

/*
 * Reads "duration: N" (or "N min") from the line; 1 when the line is a
 * duration line (then *out is set or, for a bad number, -1 returned with
 * the error), 0 when it is not one.
 */
static int
cf_duration(struct cf_parse *p, const struct cf_line *l, int line, int *out)
{
	char	*v, *num;
	int64_t	 n;
	size_t	 len;
	int	 rc = 1;

	if (l->len < 9 || memcmp(l->s, "duration:", 9) != 0)
		return 0;
	v = cf_trimmed(l->s + 9, l->len - 9);
	len = strlen(v);
	if (len > 3 && strcmp(v + len - 3, "min") == 0)
		num = cf_trimmed(v, len - 3);
	else
		num = xstrdup(v);
	if (parse_int64(num, 0, CF_DURATION_MAX, &n) != 0)
		rc = cf_error(p, line, "bad duration '%s' (whole minutes, 0 "
		    "to %d)", v, CF_DURATION_MAX);
	else
		*out = (int)n;
	free(num);
	free(v);
	return rc;
}

/* Starts a lesson at heading line i. 0, or -1 with the error. */
static int
cf_lesson_head(struct cf_parse *p, size_t i, struct coursefile *cf)
{
	struct coursefile_lesson	*ls;
	char				*t;
	size_t				 len, ml = strlen(CF_PREVIEW_MARK);
	int				 line = (int)i + 1, preview = 0;

	if (cf->nlessons == CF_LESSONS_MAX)
		return cf_error(p, line, "more than %d lessons",
		    CF_LESSONS_MAX);
	t = cf_trimmed(p->lines[i].s + 2, p->lines[i].len - 2);
	len = strlen(t);
	if (strcmp(t, CF_PREVIEW_WORD) == 0) {
		preview = 1;
		t[0] = '\0';
	} else if (len >= ml && strcmp(t + len - ml, CF_PREVIEW_MARK) == 0) {
		preview = 1;
		t[len - ml] = '\0';
		len -= ml;
		while (len > 0 && (t[len - 1] == ' ' || t[len - 1] == '\t'))
			t[--len] = '\0';
	}
	if (cf_chars(t) < 1 || cf_chars(t) > CF_TITLE_MAX ||
	    cf_has_control(t)) {
		free(t);
		return cf_error(p, line, "a lesson needs a title of 1 to %d "
		    "characters after '## '", CF_TITLE_MAX);
	}
	cf->lessons = xrealloc(cf->lessons, (cf->nlessons + 1) *
	    sizeof *cf->lessons);
	ls = &cf->lessons[cf->nlessons++];
	memset(ls, 0, sizeof *ls);
	ls->title = t;
	ls->preview = preview;
	ls->line = line;
	return 0;
}

/*
 * Reads the description and the lessons from line `from` on. 0, or -1
 * with the error.
 */
static int
cf_sections(struct cf_parse *p, size_t from, struct coursefile *cf)
{
	struct coursefile_lesson	*ls = NULL;
	size_t				 i, start = from, fn = 0;
	int				 in = 0, opened = 0, rc;
	char				 fc = 0;

	for (i = from; i <= p->n; i++) {
		const char	*s = i < p->n ? p->lines[i].s : NULL;
		size_t		 len = i < p->n ? p->lines[i].len : 0;

		if (i < p->n && in) {
			if (cf_fence_close(s, len, fc, fn))
				in = 0;
			continue;
		}
		if (i < p->n && !cf_is_heading(s, len)) {
			if (!cf_is_escaped(s, len) &&
			    cf_fence_open(s, len, &fc, &fn)) {
				in = 1;
				opened = (int)i + 1;
			}
			continue;
		}
		/* A heading or the end: the section [start, i) is done. */
		if (ls == NULL) {
			cf->description = cf_gather(p, start, i);
			if (strlen(cf->description) > CF_TEXT_MAX)
				return cf_error(p, (int)from + 1, "the "
				    "description is longer than %d KiB",
				    CF_TEXT_MAX / 1024);
		} else {
			ls->body = cf_gather(p, start, i);
			if (strlen(ls->body) > CF_TEXT_MAX)
				return cf_error(p, ls->line, "the lesson's body "
				    "is longer than %d KiB", CF_TEXT_MAX / 1024);
		}
		if (i == p->n)
			break;
		if (cf_lesson_head(p, i, cf) != 0)
			return -1;
		ls = &cf->lessons[cf->nlessons - 1];
		start = i + 1;
		if (start < p->n) {
			rc = cf_duration(p, &p->lines[start], (int)start + 1,
			    &ls->duration_min);
			if (rc < 0)
				return -1;
			if (rc > 0)
				start++;
		}
		/* The loop's i++ moves past the heading; skip the duration. */
		i = start - 1;
	}
	if (in)
		return cf_error(p, opened, "this code block is never closed "
		    "(add a line %.*s after it), so the rest of the file is "
		    "code", (int)(fn < 20 ? fn : 20), fc == '`' ?
		    "````````````````````" : "~~~~~~~~~~~~~~~~~~~~");
	return 0;
}

/* ---- the parser --------------------------------------------------------- */

/*
 * Splits text into lines, checking that it is UTF-8 without NUL bytes.
 * 0, or -1 with the error.
 */
static int
cf_split(struct cf_parse *p, const char *text, size_t len)
{
	const char	*s = text, *end = text + len, *nl;
	size_t		 cap = 0, i;
	uint32_t	 cp;
	int		 n;

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		if (p->n == cap) {
			cap = cap ? cap * 2 : 64;
			p->lines = xrealloc(p->lines, cap * sizeof *p->lines);
		}
		p->lines[p->n].s = s;
		p->lines[p->n].len = (size_t)(nl - s);
		for (i = 0; i < p->lines[p->n].len; i += (size_t)n) {
			if (s[i] == '\0')
				return cf_error(p, (int)p->n + 1, "a NUL byte "
				    "(is this a text file?)");
			n = text_decode(s + i, p->lines[p->n].len - i, &cp);
			if (n < 0)
				return cf_error(p, (int)p->n + 1, "invalid "
				    "UTF-8 (save the file as UTF-8)");
		}
		p->n++;
		s = nl + 1;
	}
	return 0;
}

int
coursefile_parse(struct coursefile *cf, const char *text, size_t len,
    const char *name, struct gerr *err)
{
	struct cf_parse	p;
	size_t		next = 0;
	int		rc;

	coursefile_init(cf);
	memset(&p, 0, sizeof p);
	p.name = name != NULL ? name : "course";
	p.err = err;
	if (len > CF_FILE_MAX)
		return gerr_set(err, GERR_USAGE, 0, "%s: larger than %u MiB",
		    p.name, CF_FILE_MAX >> 20);
	rc = cf_split(&p, text, len);
	if (rc == 0)
		rc = cf_front(&p, cf, &next);
	if (rc == 0)
		rc = cf_sections(&p, next, cf);
	free(p.lines);
	if (rc != 0)
		coursefile_release(cf);
	return rc;
}

int
coursefile_check_new(const struct coursefile *cf, const char *name,
    struct gerr *err)
{
	const char *missing = NULL;

	if (cf->title == NULL)
		missing = "title";
	else if (cf->slug == NULL)
		missing = "slug";
	else if (!cf->has_level)
		missing = "level";
	if (missing == NULL)
		return 0;
	return gerr_set(err, GERR_USAGE, 0, "%s:1: a new course needs title:, "
	    "slug: and level: in its front matter (%s: is missing)",
	    name != NULL ? name : "course", missing);
}

/* ---- the writer ------------------------------------------------------- */

/* Appends "key: value", quoted when blanks or quotes would be lost. */
static int
cf_put_value(struct buf *b, const char *key, const char *v, struct gerr *err)
{
	size_t len = strlen(v);

	if (strchr(v, '\n') != NULL || strchr(v, '\r') != NULL)
		return gerr_set(err, GERR_USAGE, 0, "the %s has a line break, "
		    "which a course file cannot hold", key);
	if (len > 0 && (v[0] == ' ' || v[0] == '\t' || v[len - 1] == ' ' ||
	    v[len - 1] == '\t' || (len >= 2 && v[0] == '"' &&
	    v[len - 1] == '"')))
		buf_printf(b, "%s: \"%s\"\n", key, v);
	else
		buf_printf(b, "%s:%s%s\n", key, len > 0 ? " " : "", v);
	return 0;
}

/* Appends the price in decimal units of its currency. */
static void
cf_put_price(struct buf *b, const struct money *m)
{
	int64_t a = m->amount;

	if (a == 0)
		buf_adds(b, "price: free\n");
	else if (cf_exponent(m->currency) == 0)
		buf_printf(b, "price: %lld\n", (long long)a);
	else
		buf_printf(b, "price: %lld.%02lld\n", (long long)(a / 100),
		    (long long)(a % 100));
}

/* 1 when a closer of n characters ch follows in lines [s, end). */
static int
cf_closed_later(const char *s, const char *end, char ch, size_t n)
{
	const char *nl;

	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		if (cf_fence_close(s, (size_t)(nl - s), ch, n))
			return 1;
		s = nl + 1;
	}
	return 0;
}

/*
 * Appends text (normalized) line by line, escaping with a backslash the
 * lines outside code fences that would read as lesson headings, as
 * fences never closed, or as escaped lines; then a newline.
 */
static void
cf_put_text(struct buf *b, const char *text)
{
	const char	*s, *nl, *end;
	char		*t, fc = 0;
	size_t		 len, fn = 0;
	int		 in = 0;

	t = coursefile_text_norm(text);
	end = t + strlen(t);
	for (s = t; s < end; s = nl + 1) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		len = (size_t)(nl - s);
		if (in) {
			if (cf_fence_close(s, len, fc, fn))
				in = 0;
		} else if (cf_is_heading(s, len) || cf_is_escaped(s, len)) {
			buf_addc(b, '\\');
		} else if (cf_fence_open(s, len, &fc, &fn)) {
			if (cf_closed_later(nl < end ? nl + 1 : end, end, fc,
			    fn))
				in = 1;
			else
				buf_addc(b, '\\');
		}
		buf_add(b, s, len);
		buf_addc(b, '\n');
	}
	free(t);
}

int
coursefile_write(const struct coursefile *cf, struct buf *b,
    struct gerr *err)
{
	const struct coursefile_lesson	*ls;
	size_t				 i, len, ml = strlen(CF_PREVIEW_MARK);
	char				*t;

	buf_adds(b, "---\n");
	if (cf->title != NULL && cf_put_value(b, "title", cf->title, err) != 0)
		return -1;
	if (cf->slug != NULL && cf_put_value(b, "slug", cf->slug, err) != 0)
		return -1;
	if (cf->has_level)
		buf_printf(b, "level: %s\n", level_name(cf->level));
	if (cf->has_tags) {
		buf_adds(b, "tags: [");
		for (i = 0; i < cf->ntags; i++) {
			if (strchr(cf->tags[i], ',') != NULL ||
			    strchr(cf->tags[i], '\n') != NULL)
				return gerr_set(err, GERR_USAGE, 0, "tag '%s' "
				    "cannot be written in a course file",
				    cf->tags[i]);
			buf_printf(b, "%s%s", i ? ", " : "", cf->tags[i]);
		}
		buf_adds(b, "]\n");
	}
	if (cf->has_price)
		cf_put_price(b, &cf->price);
	if (cf->has_currency || cf->has_price)
		buf_printf(b, "currency: %s\n", cf->price.currency);
	if (cf->summary != NULL &&
	    cf_put_value(b, "summary", cf->summary, err) != 0)
		return -1;
	if (cf->has_published)
		buf_printf(b, "published: %s\n", cf->published ? "yes" : "no");
	buf_adds(b, "---\n");
	if (cf->description != NULL && *cf->description != '\0') {
		t = coursefile_text_norm(cf->description);
		if (*t != '\0') {
			buf_addc(b, '\n');
			cf_put_text(b, t);
		}
		free(t);
	}
	for (i = 0; i < cf->nlessons; i++) {
		ls = &cf->lessons[i];
		t = cf_trimmed(ls->title != NULL ? ls->title : "",
		    ls->title != NULL ? strlen(ls->title) : 0);
		len = strlen(t);
		if (len == 0 || strchr(t, '\n') != NULL ||
		    strchr(t, '\r') != NULL ||
		    (!ls->preview && ((len >= ml &&
		    strcmp(t + len - ml, CF_PREVIEW_MARK) == 0) ||
		    strcmp(t, CF_PREVIEW_WORD) == 0))) {
			gerr_set(err, GERR_USAGE, 0, "lesson %zu's title '%s' "
			    "cannot be written in a course file (empty, a "
			    "line break, or ending in '%s')", i + 1, t,
			    "{preview}");
			free(t);
			return -1;
		}
		buf_printf(b, "\n## %s%s\nduration: %d\n", t,
		    ls->preview ? CF_PREVIEW_MARK : "", ls->duration_min);
		free(t);
		t = coursefile_text_norm(ls->body);
		if (*t != '\0') {
			buf_addc(b, '\n');
			cf_put_text(b, t);
		}
		free(t);
	}
	if (b->failed) {
		fputs("guild: out of memory\n", stderr);
		exit(1);
	}
	return 0;
}

void
coursefile_from_course(struct coursefile *cf, const struct course *c,
    char *const *bodies)
{
	struct coursefile_lesson	*ls;
	size_t				 i;

	coursefile_init(cf);
	cf->title = xstrdup(c->title != NULL ? c->title : "");
	cf->slug = xstrdup(c->slug != NULL ? c->slug : "");
	cf->summary = xstrdup(c->summary != NULL ? c->summary : "");
	cf->description = coursefile_text_norm(c->description);
	cf->level = c->level;
	cf->has_level = 1;
	cf->tags = xcalloc(c->ntags + 1, sizeof *cf->tags);
	for (i = 0; i < c->ntags; i++)
		cf->tags[i] = xstrdup(c->tags[i]);
	cf->ntags = c->ntags;
	cf->has_tags = 1;
	cf->price.amount = c->price.amount;
	if (c->price.currency[0] != '\0')
		memcpy(cf->price.currency, c->price.currency, 4);
	cf->has_price = 1;
	cf->has_currency = 1;
	cf->published = c->published;
	cf->has_published = 1;
	cf->lessons = xcalloc(c->nlessons + 1, sizeof *cf->lessons);
	for (i = 0; i < c->nlessons; i++) {
		ls = &cf->lessons[i];
		ls->title = xstrdup(c->lessons[i].title != NULL ?
		    c->lessons[i].title : "");
		ls->preview = c->lessons[i].preview;
		ls->duration_min = c->lessons[i].duration_min;
		ls->body = coursefile_text_norm(bodies != NULL ?
		    bodies[i] : NULL);
	}
	cf->nlessons = c->nlessons;
}

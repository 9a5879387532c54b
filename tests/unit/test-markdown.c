/*
 * Unit tests of the Markdown renderer: golden renderings under
 * tests/unit/markdown (NAME.md rendered at widths 20, 40 and 80 must give
 * NAME.W.txt; GUILD_UPDATE_GOLDEN=1 rewrites them, to be reviewed by eye),
 * every example of the CommonMark spec at widths 20, 80 and 200 (no
 * crash, no control character, no line too wide, no visible word lost),
 * the caps against hostile input, and the smaller contracts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <time.h>
#include <cmocka.h>
#include <jansson.h>

#include "guild/buf.h"
#include "guild/markdown.h"
#include "guild/text.h"
#include "guild/util.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define ALL_STYLES	(MD_ST_BOLD | MD_ST_ITALIC | MD_ST_STRIKE | \
			 MD_ST_CODE | MD_ST_CODEBLOCK | MD_ST_LINK | \
			 MD_ST_HEADING | MD_ST_QUOTE | MD_ST_LISTMARK | \
			 MD_ST_RULE | MD_ST_TABLE | MD_ST_DIM)

static const int golden_widths[] = { 20, 40, 80 };
static const int spec_widths[] = { 20, 80, 200 };

/* ---- helpers --------------------------------------------------------- */

/* Renders the string s; fails the test if md_render does. */
static void
render(const char *s, int width, unsigned opts, struct md_doc *doc)
{
	if (md_render(s, strlen(s), width, opts, doc) != 0)
		fail_msg("md_render failed on \"%s\"", s);
}

/* Seconds on the monotonic clock. */
static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The time limit for the hostile inputs: sanitizers slow things down. */
static double
time_limit(void)
{
	const char	*asan = getenv("GUILD_ASAN");

	return asan != NULL && strcmp(asan, "1") == 0 ? 5.0 : 1.0;
}

/*
 * NULL when text is safe for a terminal (valid UTF-8, no C0 control, not
 * even a tab or newline, no DEL, no C1 code point, no bidi control),
 * else what is wrong, in buf.
 */
static const char *
unsafe(const char *text, char *buf, size_t bufsz)
{
	size_t		len = strlen(text), i = 0;
	uint32_t	cp;
	int		n;

	while (i < len) {
		n = text_decode(text + i, len - i, &cp);
		if (n < 0) {
			snprintf(buf, bufsz, "invalid UTF-8 at byte %zu", i);
			return buf;
		}
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
		    cp == 0x061c || cp == 0x200e || cp == 0x200f ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069)) {
			snprintf(buf, bufsz, "control U+%04X at byte %zu",
			    (unsigned)cp, i);
			return buf;
		}
		i += (size_t)n;
	}
	return NULL;
}

/*
 * Checks every invariant of a rendered document; NULL if all hold, else
 * a description in buf. The width rule, precisely: every line's width is
 * text_width(text) and at most doc->width, except a line flagged
 * MD_LINE_CODE in a document rendered without MD_OPT_CLIP (those are
 * the code block's lines in full, for horizontal scrolling). With
 * MD_OPT_CLIP every line fits.
 */
static const char *
doc_problem(const struct md_doc *doc, char *buf, size_t bufsz)
{
	const struct md_line	*l;
	const struct md_span	*sp;
	char			 why[96];
	size_t			 i, j, off, len;
	uint32_t		 cp;

	if (doc->n > MD_MAX_LINES || doc->nlinks > MD_MAX_LINKS) {
		snprintf(buf, bufsz, "%zu lines, %zu links", doc->n,
		    doc->nlinks);
		return buf;
	}
	for (i = 0; i < doc->nlinks; i++) {
		if (doc->links[i] == NULL ||
		    unsafe(doc->links[i], why, sizeof(why)) != NULL) {
			snprintf(buf, bufsz, "link %zu: %s", i + 1,
			    doc->links[i] == NULL ? "NULL" : why);
			return buf;
		}
	}
	for (i = 0; i < doc->n; i++) {
		l = &doc->lines[i];
		if (l->text == NULL) {
			snprintf(buf, bufsz, "line %zu: NULL text", i);
			return buf;
		}
		len = strlen(l->text);
		if (unsafe(l->text, why, sizeof(why)) != NULL) {
			snprintf(buf, bufsz, "line %zu: %s", i, why);
			return buf;
		}
		if (l->width != text_width(l->text)) {
			snprintf(buf, bufsz, "line %zu: width %d, text %d", i,
			    l->width, text_width(l->text));
			return buf;
		}
		if (l->width > doc->width && (!(l->flags & MD_LINE_CODE) ||
		    (doc->opts & MD_OPT_CLIP))) {
			snprintf(buf, bufsz, "line %zu: %d columns > %d: %s",
			    i, l->width, doc->width, l->text);
			return buf;
		}
		if (len > 0 && l->text[len - 1] == ' ') {
			snprintf(buf, bufsz, "line %zu: trailing blank", i);
			return buf;
		}
		if (l->indent > len) {
			snprintf(buf, bufsz, "line %zu: indent %zu > %zu", i,
			    l->indent, len);
			return buf;
		}
		if ((l->flags & MD_LINE_CLIPPED) &&
		    !(l->flags & MD_LINE_CODE)) {
			snprintf(buf, bufsz, "line %zu: clipped, not code", i);
			return buf;
		}
		for (j = 0, off = 0; j < l->nspans; j++) {
			sp = &l->spans[j];
			if (sp->off != off || sp->len == 0 ||
			    sp->off + sp->len > len ||
			    (sp->style & ~(unsigned)ALL_STYLES) != 0 ||
			    sp->link < 0 || (size_t)sp->link > doc->nlinks ||
			    ((sp->style & MD_ST_LINK) && sp->link == 0) ||
			    text_decode(l->text + sp->off, len - sp->off,
			    &cp) < 0) {
				snprintf(buf, bufsz, "line %zu: bad span %zu "
				    "(%zu+%zu style %#x link %d)", i, j,
				    sp->off, sp->len, sp->style, sp->link);
				return buf;
			}
			off += sp->len;
		}
		if (off != len) {
			snprintf(buf, bufsz, "line %zu: spans cover %zu of %zu",
			    i, off, len);
			return buf;
		}
	}
	return NULL;
}

/* Fails the test, naming what, unless doc keeps every invariant. */
static void
check_doc(const struct md_doc *doc, const char *what)
{
	char		 buf[512];
	const char	*p = doc_problem(doc, buf, sizeof(buf));

	if (p != NULL)
		fail_msg("%s: %s", what, p);
}

/* The buffer's string, handed over (the caller frees); fails on OOM. */
static char *
detach(struct buf *b)
{
	char	*s = buf_detach(b);

	if (s == NULL)
		fail_msg("out of memory");
	return s;
}

/* All lines joined by '\n' (with a final one); the caller frees. */
static char *
doc_text(const struct md_doc *doc)
{
	struct buf	b = BUF_INIT;
	size_t		i;

	for (i = 0; i < doc->n; i++) {
		buf_adds(&b, doc->lines[i].text);
		buf_addc(&b, '\n');
	}
	return detach(&b);
}

/* 1 for ASCII whitespace. */
static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

/*
 * The content of every line (after its decoration), without the MD_ST_DIM
 * spans (reference numbers, "[image: ...]" brackets, clip markers) and
 * without whitespace, concatenated; the caller frees.
 */
static char *
doc_visible(const struct md_doc *doc)
{
	const struct md_line	*l;
	const struct md_span	*sp;
	struct buf		 b = BUF_INIT;
	size_t			 i, j, k;

	for (i = 0; i < doc->n; i++) {
		l = &doc->lines[i];
		for (j = 0; j < l->nspans; j++) {
			sp = &l->spans[j];
			if (sp->style & MD_ST_DIM)
				continue;
			for (k = sp->off; k < sp->off + sp->len; k++)
				if (k >= l->indent && !is_blank(l->text[k]))
					buf_addc(&b, l->text[k]);
		}
	}
	return detach(&b);
}

/* The style of the span of l holding the first occurrence of s. */
static unsigned
style_at(const struct md_line *l, const char *s)
{
	const char	*p = strstr(l->text, s);
	size_t		 off, j;

	if (p == NULL)
		fail_msg("\"%s\" not in \"%s\"", s, l->text);
	off = (size_t)(p - l->text);
	for (j = 0; j < l->nspans; j++)
		if (off >= l->spans[j].off &&
		    off < l->spans[j].off + l->spans[j].len)
			return l->spans[j].style;
	fail_msg("no span at %zu in \"%s\"", off, l->text);
	return 0;
}

/* Reads a whole file; NULL if it cannot. The caller frees. */
static char *
slurp(const char *path, size_t *lenp)
{
	FILE	*fp = fopen(path, "rb");
	char	*s;
	long	 n;

	if (fp == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fclose(fp);
		return NULL;
	}
	s = xmalloc((size_t)n + 1);
	if (fread(s, 1, (size_t)n, fp) != (size_t)n) {
		fclose(fp);
		free(s);
		return NULL;
	}
	fclose(fp);
	s[n] = '\0';
	if (lenp != NULL)
		*lenp = (size_t)n;
	return s;
}

/* $GUILD_TOP/rel (GUILD_TOP as tests/run sets it, else "."); caller frees. */
static char *
top_path(const char *rel)
{
	const char	*top = getenv("GUILD_TOP");

	return xasprintf("%s/%s", top != NULL && *top != '\0' ? top : ".",
	    rel);
}

/* ---- golden files ---------------------------------------------------- */

/*
 * Letters of a style in the golden files' markup: B bold, I italic,
 * S strike, C code, K code block, L link, H heading, Q quote bar,
 * M list marker, R rule, T table border, D dim.
 */
static void
style_letters(unsigned style, struct buf *b)
{
	static const struct {
		unsigned	bit;
		char		letter;
	} map[] = {
		{ MD_ST_BOLD, 'B' }, { MD_ST_ITALIC, 'I' },
		{ MD_ST_STRIKE, 'S' }, { MD_ST_CODE, 'C' },
		{ MD_ST_CODEBLOCK, 'K' }, { MD_ST_LINK, 'L' },
		{ MD_ST_HEADING, 'H' }, { MD_ST_QUOTE, 'Q' },
		{ MD_ST_LISTMARK, 'M' }, { MD_ST_RULE, 'R' },
		{ MD_ST_TABLE, 'T' }, { MD_ST_DIM, 'D' },
	};
	size_t	i;

	for (i = 0; i < NELEM(map); i++)
		if (style & map[i].bit)
			buf_addc(b, map[i].letter);
}

/*
 * The golden form of a document: its lines as printed, a separator, then
 * each line again annotated: "F H Q N|" (F: C for a code line, X for a
 * clipped one, else '-'; H: the heading level or '-'; Q: the quote depth
 * or '-'; N: the columns of decoration before the content), then the
 * text with every styled span written {LETTERS[LINK]:text}, and '{', '}'
 * and '\' in the text escaped with '\'.
 */
static char *
golden_form(const struct md_doc *doc)
{
	const struct md_line	*l;
	const struct md_span	*sp;
	struct buf		 b = BUF_INIT;
	char			*deco;
	size_t			 i, j, k;

	for (i = 0; i < doc->n; i++)
		buf_printf(&b, "%s\n", doc->lines[i].text);
	buf_adds(&b, "---- styles ----\n");
	for (i = 0; i < doc->n; i++) {
		l = &doc->lines[i];
		deco = xstrndup(l->text, l->indent);
		buf_printf(&b, "%c %c %c %2d|",
		    (l->flags & MD_LINE_CLIPPED) ? 'X' :
		    (l->flags & MD_LINE_CODE) ? 'C' : '-',
		    l->heading > 0 ? '0' + l->heading : '-',
		    l->quote > 9 ? '+' : l->quote > 0 ? '0' + l->quote : '-',
		    text_width(deco));
		free(deco);
		for (j = 0; j < l->nspans; j++) {
			sp = &l->spans[j];
			if (sp->style != 0 || sp->link != 0) {
				buf_addc(&b, '{');
				style_letters(sp->style, &b);
				if (sp->link != 0)
					buf_printf(&b, "%d", sp->link);
				buf_addc(&b, ':');
			}
			for (k = sp->off; k < sp->off + sp->len; k++) {
				if (strchr("{}\\", l->text[k]) != NULL)
					buf_addc(&b, '\\');
				buf_addc(&b, l->text[k]);
			}
			if (sp->style != 0 || sp->link != 0)
				buf_addc(&b, '}');
		}
		buf_addc(&b, '\n');
	}
	return detach(&b);
}

/* The line number (1-based) where a and b first differ. */
static int
first_diff(const char *a, const char *b)
{
	int	line = 1;

	for (; *a != '\0' && *a == *b; a++, b++)
		if (*a == '\n')
			line++;
	return line;
}

/* Options a golden input is rendered with: by its name. */
static unsigned
golden_opts(const char *name)
{
	return MD_OPT_CLIP |
	    (strncmp(name, "ascii", 5) == 0 ? MD_OPT_ASCII : 0);
}

/*
 * One golden input (state: its name without ".md") at every golden width.
 * With GUILD_UPDATE_GOLDEN=1 the expected files are written instead.
 */
static void
test_golden(void **state)
{
	const char	*name = *state, *upd = getenv("GUILD_UPDATE_GOLDEN");
	struct md_doc	 doc;
	char		*dir, *path, *src, *want, *got, what[128];
	size_t		 len, i;
	FILE		*fp;

	dir = top_path("tests/unit/markdown");
	path = xasprintf("%s/%s.md", dir, name);
	src = slurp(path, &len);
	if (src == NULL)
		fail_msg("cannot read %s", path);
	free(path);
	for (i = 0; i < NELEM(golden_widths); i++) {
		if (md_render(src, len, golden_widths[i], golden_opts(name),
		    &doc) != 0)
			fail_msg("%s: md_render failed", name);
		snprintf(what, sizeof(what), "%s at %d", name,
		    golden_widths[i]);
		check_doc(&doc, what);
		got = golden_form(&doc);
		md_doc_release(&doc);
		path = xasprintf("%s/%s.%d.txt", dir, name, golden_widths[i]);
		if (upd != NULL && strcmp(upd, "1") == 0) {
			fp = fopen(path, "w");
			if (fp == NULL || fputs(got, fp) == EOF ||
			    fclose(fp) != 0)
				fail_msg("cannot write %s", path);
		}
		want = slurp(path, NULL);
		if (want == NULL)
			fail_msg("cannot read %s (GUILD_UPDATE_GOLDEN=1 makes "
			    "it; review it)", path);
		if (strcmp(want, got) != 0) {
			fprintf(stderr, "# %s: got\n%s", path, got);
			fail_msg("%s differs from the rendering at line %d",
			    path, first_diff(want, got));
		}
		free(want);
		free(got);
		free(path);
	}
	free(src);
	free(dir);
}

/* Golden inputs found by main; none would mean a broken checkout. */
static size_t	golden_count;

static void
test_golden_present(void **state)
{
	(void)state;
	if (golden_count < 10)
		fail_msg("only %zu golden inputs in tests/unit/markdown "
		    "(is GUILD_TOP right?)", golden_count);
}

/* ---- the CommonMark examples ----------------------------------------- */

/*
 * Examples whose text md4c 0.4.8 (which implements CommonMark 0.30) and
 * our dialect legitimately show differently from the 0.31.2 reference
 * HTML, so a word of the reference is not expected verbatim:
 */
static const struct {
	int		 example;
	const char	*why;
} spec_exceptions[] = {
	{ 173, "<textarea> starts an HTML block of type 1 only since "
	    "0.31: md4c ends it at the blank line and renders *foo* as "
	    "emphasis" },
	{ 356, "0.31 counts symbols such as \u00a3 and \u20ac as "
	    "punctuation, so *\u00a3*bravo is not emphasis there; it is "
	    "in 0.30 and md4c" },
};

/* The reason example is exempt from the word check, or NULL. */
static const char *
spec_exempt(int example)
{
	size_t	i;

	for (i = 0; i < NELEM(spec_exceptions); i++)
		if (spec_exceptions[i].example == example &&
		    spec_exceptions[i].why != NULL)
			return spec_exceptions[i].why;
	return NULL;
}

/*
 * The text content of an example's reference HTML: tags (and comments)
 * replaced by a space (raw HTML such as "<foo\nbar>" is a tag to this
 * and shown as written by us, so only the text around it is required), &amp; &lt; &gt; &quot; and numeric references decoded (the
 * reference writes other characters literally). The caller frees.
 */
static char *
html_text(const char *h)
{
	struct buf	 b = BUF_INIT;
	const char	*p = h, *q;
	char		 u[8], quote;
	unsigned long	 cp;
	char		*end;

	while (*p != '\0') {
		if (strncmp(p, "<!--", 4) == 0) {
			q = strstr(p + 4, "-->");
			p = q != NULL ? q + 3 : p + strlen(p);
			buf_addc(&b, ' ');
		} else if (*p == '<') {
			for (quote = 0, p++; *p != '\0'; p++) {
				if (quote != 0 && *p == quote)
					quote = 0;
				else if (quote == 0 && (*p == '"' ||
				    *p == '\''))
					quote = *p;
				else if (quote == 0 && *p == '>')
					break;
			}
			if (*p == '>')
				p++;
			buf_addc(&b, ' ');
		} else if (strncmp(p, "&amp;", 5) == 0) {
			buf_addc(&b, '&');
			p += 5;
		} else if (strncmp(p, "&lt;", 4) == 0) {
			buf_addc(&b, '<');
			p += 4;
		} else if (strncmp(p, "&gt;", 4) == 0) {
			buf_addc(&b, '>');
			p += 4;
		} else if (strncmp(p, "&quot;", 6) == 0) {
			buf_addc(&b, '"');
			p += 6;
		} else if (p[0] == '&' && p[1] == '#') {
			if (p[2] == 'x' || p[2] == 'X')
				cp = strtoul(p + 3, &end, 16);
			else
				cp = strtoul(p + 2, &end, 10);
			if (*end == ';' && end > p + 2) {
				buf_add(&b, u, (size_t)text_encode(cp == 0 ?
				    0xfffd : (uint32_t)cp, u));
				p = end + 1;
			} else
				buf_addc(&b, *p++);
		} else
			buf_addc(&b, *p++);
	}
	return detach(&b);
}

/*
 * The first word of the reference text (split on whitespace) that the
 * visible output lacks, in buf; NULL when none is missing.
 */
static const char *
missing_word(const char *html, const char *visible, char *buf,
    size_t bufsz)
{
	char		*text = html_text(html);
	const char	*p = text, *q;
	size_t		 n;

	for (;;) {
		while (*p != '\0' && is_blank(*p))
			p++;
		if (*p == '\0')
			break;
		for (q = p; *q != '\0' && !is_blank(*q); q++)
			continue;
		n = (size_t)(q - p);
		snprintf(buf, bufsz, "%.*s", (int)n, p);
		if (n < bufsz && strstr(visible, buf) == NULL) {
			free(text);
			return buf;
		}
		p = q;
	}
	free(text);
	return NULL;
}

/*
 * Every example of the CommonMark spec at widths 20, 80 and 200, plain
 * and clipped, Unicode and ASCII: no crash, every invariant of
 * doc_problem, and every word of the reference HTML's text among the
 * visible output (both without whitespace, as wrapping splits a word
 * only when it is longer than the line).
 */
static void
test_commonmark(void **state)
{
	json_t		*all, *ex;
	json_error_t	 jerr;
	struct md_doc	 doc;
	struct buf	 bad = BUF_INIT;
	char		*path, *visible, what[64], word[256], pbuf[512];
	const char	*md, *html, *p;
	size_t		 i, j, nfail = 0;
	int		 num;
	unsigned	 opts;

	(void)state;
	path = top_path("../shared/testdata/commonmark/examples.json");
	all = json_load_file(path, 0, &jerr);
	if (all == NULL)
		fail_msg("cannot load the CommonMark examples from %s: %s "
		    "(the spec's examples.json must sit in shared/testdata/"
		    "commonmark beside the repository)", path, jerr.text);
	if (!json_is_array(all) || json_array_size(all) < 600)
		fail_msg("%s: not the array of 600+ examples", path);
	json_array_foreach(all, i, ex) {
		md = json_string_value(json_object_get(ex, "markdown"));
		html = json_string_value(json_object_get(ex, "html"));
		num = (int)json_integer_value(json_object_get(ex, "example"));
		if (md == NULL || html == NULL)
			fail_msg("%s: example %zu has no markdown/html", path, i);
		for (j = 0; j < NELEM(spec_widths) * 3; j++) {
			opts = j % 3 == 1 ? MD_OPT_CLIP :
			    j % 3 == 2 ? MD_OPT_CLIP | MD_OPT_ASCII : 0;
			render(md, spec_widths[j / 3], opts, &doc);
			snprintf(what, sizeof(what), "example %d at %d opts %u",
			    num, spec_widths[j / 3], opts);
			p = doc_problem(&doc, pbuf, sizeof(pbuf));
			if (p == NULL && opts == 0 && spec_exempt(num) == NULL) {
				visible = doc_visible(&doc);
				p = missing_word(html, visible, word,
				    sizeof(word));
				if (p != NULL)
					p = xasprintf("lost \"%s\"", word);
				free(visible);
			}
			if (p != NULL) {
				nfail++;
				buf_printf(&bad, "# %s: %s\n", what, p);
				if (strncmp(p, "lost", 4) == 0)
					free((char *)p);
			}
			md_doc_release(&doc);
		}
	}
	json_decref(all);
	free(path);
	if (nfail > 0) {
		fputs(buf_str(&bad), stderr);
		fail_msg("%zu renderings of the CommonMark examples failed",
		    nfail);
	}
	buf_release(&bad);
}

/* ---- hostile input --------------------------------------------------- */

/* s repeated n times, then tail; the caller frees. */
static char *
repeat(const char *s, size_t n, const char *tail)
{
	struct buf	b = BUF_INIT;
	size_t		i;

	for (i = 0; i < n; i++)
		buf_adds(&b, s);
	buf_adds(&b, tail);
	return detach(&b);
}

/*
 * Renders src at width, within the time limit, with every invariant, at
 * most max_lines lines and the word "deep" kept (if want_deep).
 */
static void
hostile(const char *name, const char *src, int width, size_t max_lines,
    int want_deep)
{
	struct md_doc	 doc;
	double		 t0 = now(), dt;
	char		*vis;

	render(src, width, MD_OPT_CLIP, &doc);
	dt = now() - t0;
	if (dt > time_limit())
		fail_msg("%s: %.3f s", name, dt);
	check_doc(&doc, name);
	if (doc.n > max_lines)
		fail_msg("%s: %zu lines", name, doc.n);
	if (want_deep) {
		vis = doc_visible(&doc);
		if (strstr(vis, "deep") == NULL)
			fail_msg("%s: the innermost text is lost", name);
		free(vis);
	}
	md_doc_release(&doc);
}

/* 10,000 nested quotes and lists: flattened at the cap, fast, bounded. */
static void
test_deep_nesting(void **state)
{
	char	*s;
	int	 w;

	(void)state;
	for (w = 20; w <= 200; w += 180) {
		s = repeat(">", 10000, " deep\n");
		hostile("10000 quotes", s, w, 4, 1);
		free(s);
		s = repeat("- ", 10000, "deep\n");
		hostile("10000 bullet lists", s, w, 10000 / (w / 4), 1);
		free(s);
		s = repeat("1. ", 10000, "deep\n");
		hostile("10000 ordered lists", s, w, 20000 / (w / 4), 1);
		free(s);
		s = repeat("> - ", 5000, "deep\n");
		hostile("5000 quotes in lists", s, w, 10000 / (w / 4), 1);
		free(s);
		s = repeat("- a\n", 10000, "");
		hostile("10000 items", s, w, 10000, 0);
		free(s);
	}
}

/* The depth cap: no more than MD_MAX_DEPTH bars, and within half the width. */
static void
test_depth_cap(void **state)
{
	struct md_doc	 doc;
	char		*s, *bar;
	const char	*p;
	int		 bars;

	(void)state;
	s = repeat("> ", 40, "deep\n");
	render(s, 200, MD_OPT_ASCII, &doc);
	assert_int_equal(doc.n, 1);
	for (bars = 0, p = doc.lines[0].text; *p != '\0'; p++)
		bars += *p == '|';
	assert_int_equal(bars, MD_MAX_DEPTH);
	assert_int_equal(doc.lines[0].quote, MD_MAX_DEPTH);
	md_doc_release(&doc);
	render(s, 20, MD_OPT_ASCII, &doc);
	assert_string_equal(doc.lines[0].text, "| | | | | deep");
	md_doc_release(&doc);
	free(s);

	/* Items beyond the cap keep their markers and text, tight. */
	bar = repeat("> ", MD_MAX_DEPTH, "");
	s = xasprintf("%s- deep\n%s  - deeper\n%s- two\n", bar, bar, bar);
	render(s, 200, MD_OPT_ASCII, &doc);
	assert_int_equal(doc.n, 3);
	assert_non_null(strstr(doc.lines[0].text, "| | * deep"));
	assert_non_null(strstr(doc.lines[1].text, "| | * deeper"));
	assert_non_null(strstr(doc.lines[2].text, "| | * two"));
	assert_int_equal(doc.lines[2].quote, MD_MAX_DEPTH);
	md_doc_release(&doc);
	free(s);
	free(bar);

	s = repeat("- ", 40, "deep\n");
	render(s, 100, MD_OPT_ASCII, &doc);
	assert_int_equal(doc.n, 1);
	assert_true(strstr(doc.lines[0].text, "deep") != NULL);
	assert_true(doc.lines[0].width <= 100);
	md_doc_release(&doc);
	free(s);
}

/* A 1 MB table row, a table too wide to fit, 128 columns. */
static void
test_big_tables(void **state)
{
	struct buf	 b = BUF_INIT;
	char		*cell;
	size_t		 i;

	(void)state;
	cell = repeat("x ", 500000, "");
	buf_printf(&b, "| a | b |\n|---|---|\n| %s | deep |\n", cell);
	hostile("1 MB table row", buf_str(&b), 80, MD_MAX_LINES, 1);
	buf_reset(&b);
	buf_printf(&b, "| %s |\n|---|\n| deep |\n", cell);
	hostile("1 MB header", buf_str(&b), 20, MD_MAX_LINES, 1);
	buf_reset(&b);
	for (i = 0; i < 128; i++)
		buf_adds(&b, "| head ");
	buf_adds(&b, "|\n");
	for (i = 0; i < 128; i++)
		buf_adds(&b, "|------");
	buf_adds(&b, "|\n");
	for (i = 0; i < 2000; i++)
		buf_adds(&b, "| deep ");
	buf_adds(&b, "|\n");
	hostile("128 columns", buf_str(&b), 80, MD_MAX_LINES, 1);
	free(cell);
	buf_release(&b);
}

/* 100,000 links: numbered up to the cap, fast, bounded. */
static void
test_many_links(void **state)
{
	struct buf	b = BUF_INIT;
	struct md_doc	doc;
	double		t0;
	size_t		i;

	(void)state;
	for (i = 0; i < 100000; i++)
		buf_printf(&b, "[l%zu](http://x.org/%zu) ", i, i);
	t0 = now();
	render(buf_str(&b), 80, 0, &doc);
	if (now() - t0 > time_limit())
		fail_msg("100000 links: %.3f s", now() - t0);
	check_doc(&doc, "100000 links");
	assert_int_equal(doc.nlinks, MD_MAX_LINKS);
	assert_string_equal(doc.links[0], "http://x.org/0");
	assert_string_equal(doc.links[MD_MAX_LINKS - 1], "http://x.org/9999");
	md_doc_release(&doc);
	buf_release(&b);
}

/* Output beyond MD_MAX_LINES is cut, and the last line says so. */
static void
test_line_cap(void **state)
{
	struct md_doc	 doc;
	char		*s;

	(void)state;
	s = repeat("a\n\n", MD_MAX_LINES, "");
	render(s, 40, 0, &doc);
	check_doc(&doc, "line cap");
	assert_int_equal(doc.n, MD_MAX_LINES);
	assert_true(doc.truncated);
	assert_string_equal(doc.lines[doc.n - 1].text, "[\xe2\x80\xa6]");
	md_doc_release(&doc);
	free(s);
}

/* ---- contracts ------------------------------------------------------- */

/* Escape sequences anywhere in the source never reach a line. */
static void
test_sanitized(void **state)
{
	static const char *const srcs[] = {
		"a\033]0;title\007 b \033[2J c \033c d\2336n e",
		"```\n\x1b]52;c;SGVsbG8=\x07\n\t\x1b[31mred\n```\n",
		"[x](http://a\x1b[2J.org) <http://b.org/\x1b]0;t\x07>",
		"&#27;[2J &#x9b;6n &#x202e; &#0; &lrm; \x01\x7f",
		"| a\x1b[1m | b |\n|---|---|\n| \x1b]8;;http://x\x07 | c |\n",
		"<div>\x1b[5m\n</div>\n\n<b\x1b[1m>x</b>",
		"# \302\23331m \342\200\256 \377\376 \360\237\221",
	};
	struct md_doc	 doc;
	char		*all;
	size_t		 i, j;

	(void)state;
	for (i = 0; i < NELEM(srcs); i++) {
		for (j = 0; j < NELEM(spec_widths); j++) {
			render(srcs[i], spec_widths[j], j == 0 ? 0 :
			    MD_OPT_CLIP, &doc);
			check_doc(&doc, srcs[i]);
			all = doc_text(&doc);
			assert_non_null(strstr(all, TEXT_REPLACEMENT));
			free(all);
			md_doc_release(&doc);
		}
	}
}

/* A bold phrase broken across lines is bold on every line. */
static void
test_styles_survive_wrap(void **state)
{
	struct md_doc	doc;
	size_t		i, j;

	(void)state;
	render("**one two three four five six seven** and *eight nine ten "
	    "eleven*", 10, 0, &doc);
	assert_true(doc.n >= 6);
	for (i = 0; i < doc.n; i++) {
		for (j = 0; j < doc.lines[i].nspans; j++) {
			const struct md_span	*sp = &doc.lines[i].spans[j];
			const char		*t = doc.lines[i].text + sp->off;

			if (sp->style == 0 &&
			    strncmp(t + strspn(t, " "), "and", 3) == 0)
				continue;
			if (sp->style != MD_ST_BOLD &&
			    sp->style != MD_ST_ITALIC)
				fail_msg("line %zu \"%s\": span %zu style %#x",
				    i, doc.lines[i].text, j, sp->style);
		}
	}
	assert_string_equal(doc.lines[0].text, "one two");
	assert_int_equal(doc.lines[0].nspans, 1);
	md_doc_release(&doc);
}

/* Links: numbered in order, a repeated URL keeps its number, listed. */
static void
test_links(void **state)
{
	struct md_doc		 doc;
	const struct md_line	*l;
	size_t			 i;

	(void)state;
	render("[a](http://a.org) [b](http://b.org) [c](http://a.org) "
	    "<https://d.org/x?y=1&z> e@f.org ![pic](p.png \"t\") "
	    "[](http://g.org) [none]()", 80, 0, &doc);
	check_doc(&doc, "links");
	assert_int_equal(doc.nlinks, 6);
	assert_string_equal(doc.links[0], "http://a.org");
	assert_string_equal(doc.links[1], "http://b.org");
	assert_string_equal(doc.links[2], "https://d.org/x?y=1&z");
	assert_string_equal(doc.links[3], "mailto:e@f.org");
	assert_string_equal(doc.links[4], "p.png");
	assert_string_equal(doc.links[5], "http://g.org");
	l = &doc.lines[0];
	assert_string_equal(l->text, "a[1] b[2] c[1] https://d.org/x?y=1&z[3] "
	    "e@f.org[4] [image: pic][5] [6] none");
	assert_int_equal(style_at(l, "a["), MD_ST_LINK);
	assert_int_equal(style_at(l, "[1]"), MD_ST_DIM);
	assert_int_equal(style_at(l, "[image: "), MD_ST_DIM);
	assert_int_equal(style_at(l, "pic"), 0);
	assert_int_equal(style_at(l, "none"), 0);
	for (i = 0; i < l->nspans; i++)
		if (strncmp(l->text + l->spans[i].off, "c", 1) == 0)
			assert_int_equal(l->spans[i].link, 1);
	assert_string_equal(doc.lines[2].text, "[1] http://a.org");
	assert_string_equal(doc.lines[7].text, "[6] http://g.org");
	assert_int_equal(doc.lines[2].indent, 4);
	assert_int_equal(doc.lines[2].spans[0].link, 1);
	assert_int_equal(doc.n, 8);
	md_doc_release(&doc);

	render("[a](http://a.org)", 80, MD_OPT_NOLINKS, &doc);
	assert_int_equal(doc.n, 1);
	assert_int_equal(doc.nlinks, 1);
	md_doc_release(&doc);

	/* A long URL wraps, hanging under itself. */
	render("<http://example.org/a/very/long/path/name>", 20, 0, &doc);
	check_doc(&doc, "long URL");
	assert_string_equal(doc.lines[4].text, "[1] http://example.o");
	assert_string_equal(doc.lines[5].text, "    rg/a/very/long/p");
	md_doc_release(&doc);
}

/* CJK wraps between characters, never over the width, nothing lost. */
static void
test_cjk(void **state)
{
	static const char	src[] = "中文段落测试，这是一个很长的句子，"
	    "用于测试换行是否在字符之间发生。Mixed English 和中文 text "
	    "with e\xcc\x81\xcc\x81 combining marks, \xf0\x9f\x91\xa9\xe2\x80"
	    "\x8d\xf0\x9f\x92\xbb emoji.";
	struct md_doc		doc;
	struct buf		in = BUF_INIT;
	const char		*p;
	char			*vis;
	uint32_t		 cp;
	int			 w;

	(void)state;
	for (p = src; *p != '\0'; p++)
		if (*p != ' ')
			buf_addc(&in, *p);
	for (w = 2; w <= 40; w++) {
		render(src, w, 0, &doc);
		check_doc(&doc, "CJK");
		vis = doc_visible(&doc);
		assert_string_equal(vis, buf_str(&in));
		free(vis);
		for (size_t i = 0; i < doc.n; i++) {
			/* no line starts with a combining mark */
			if (text_decode(doc.lines[i].text,
			    strlen(doc.lines[i].text), &cp) > 0)
				assert_int_not_equal(text_cpwidth(cp), 0);
			/* nor with closing punctuation, when it can help */
			if (w >= 4)
				assert_true(strncmp(doc.lines[i].text,
				    "，", 3) != 0 &&
				    strncmp(doc.lines[i].text, "。", 3) != 0);
		}
		md_doc_release(&doc);
	}
	buf_release(&in);
}

/* Code: unwrapped, tabs expanded, clipped only with MD_OPT_CLIP. */
static void
test_code(void **state)
{
	static const char	src[] = "```\n\tx = 1;\t/* one */\n"
	    "a_rather_long_line_of_code(with, many, arguments);\n"
	    "中文中文中文中文中文中文\n```\n";
	struct md_doc		doc;

	(void)state;
	render(src, 20, 0, &doc);
	check_doc(&doc, "code");
	assert_int_equal(doc.n, 3);
	assert_string_equal(doc.lines[0].text, "      x = 1;  /* one */");
	assert_int_equal(doc.lines[0].indent, 2);
	assert_int_equal(doc.lines[0].flags, MD_LINE_CODE);
	assert_string_equal(doc.lines[1].text,
	    "  a_rather_long_line_of_code(with, many, arguments);");
	assert_int_equal(doc.lines[1].spans[1].style, MD_ST_CODEBLOCK);
	md_doc_release(&doc);

	render(src, 20, MD_OPT_CLIP, &doc);
	check_doc(&doc, "code clipped");
	assert_string_equal(doc.lines[1].text,
	    "  a_rather_long_lin\xe2\x80\xa6");
	assert_int_equal(doc.lines[1].flags, MD_LINE_CODE | MD_LINE_CLIPPED);
	/* a wide character that would straddle the marker is a space */
	assert_string_equal(doc.lines[2].text,
	    "  中文中文中文中文 \xe2\x80\xa6");
	assert_int_equal(doc.lines[2].width, 20);
	md_doc_release(&doc);

	render(src, 20, MD_OPT_CLIP | MD_OPT_ASCII, &doc);
	assert_string_equal(doc.lines[1].text, "  a_rather_long_lin~");
	md_doc_release(&doc);
}

/* Raw HTML is shown as written, in code style. */
static void
test_raw_html(void **state)
{
	struct md_doc	doc;

	(void)state;
	render("<div class=\"x\">\n  *kept*\n</div>\n\nsome <b>bold</b>", 40,
	    0, &doc);
	check_doc(&doc, "HTML");
	assert_int_equal(doc.n, 5);
	assert_string_equal(doc.lines[0].text, "<div class=\"x\">");
	assert_string_equal(doc.lines[1].text, "  *kept*");
	assert_int_equal(style_at(&doc.lines[1], "*kept*"), MD_ST_CODE);
	assert_string_equal(doc.lines[4].text, "some <b>bold</b>");
	assert_int_equal(style_at(&doc.lines[4], "<b>"), MD_ST_CODE);
	assert_int_equal(style_at(&doc.lines[4], "bold"), 0);
	md_doc_release(&doc);
}

/* Entities: numeric and known names decoded, unknown names as written. */
static void
test_entities(void **state)
{
	struct md_doc	doc;

	(void)state;
	render("&amp; &copy; &ngE; &#65;&#x42; &#0; &MadeUp; &#1114112;", 80,
	    0, &doc);
	assert_string_equal(doc.lines[0].text, "& \xc2\xa9 \xe2\x89\xa7\xcc\xb8 "
	    "AB \xef\xbf\xbd &MadeUp; \xef\xbf\xbd");
	md_doc_release(&doc);
}

/* Widths are clamped; empty input gives no lines. */
static void
test_widths_and_empty(void **state)
{
	static const int	widths[] = { -5, 0, 1, 2, 3, 4, 5, 100000 };
	struct md_doc		doc;
	size_t			i;

	(void)state;
	for (i = 0; i < NELEM(widths); i++) {
		render("# T\n\n> - 12345 中文 `x`\n\n| a | b |\n|---|---|\n"
		    "| 1 | 2 |\n\n---\n\n```\ncode\n```\n[l](u)", widths[i],
		    MD_OPT_CLIP, &doc);
		check_doc(&doc, "narrow");
		assert_int_equal(doc.width, widths[i] < MD_WIDTH_MIN ?
		    MD_WIDTH_MIN : widths[i] > MD_WIDTH_MAX ? MD_WIDTH_MAX :
		    widths[i]);
		md_doc_release(&doc);
	}
	render("", 40, 0, &doc);
	assert_int_equal(doc.n, 0);
	assert_int_equal(doc.nlinks, 0);
	md_doc_release(&doc);
	assert_int_equal(md_render(NULL, 0, 40, 0, &doc), 0);
	assert_int_equal(doc.n, 0);
	md_doc_release(&doc);
	md_doc_release(NULL);
}

/* The cache renders again only when source, width or options change. */
static void
test_cache(void **state)
{
	struct md_cache		 c;
	const struct md_doc	*d1, *d2;
	char			 src[] = "hello *world*";

	(void)state;
	md_cache_init(&c);
	d1 = md_cache_get(&c, src, strlen(src), 40, 0);
	assert_non_null(d1);
	assert_string_equal(d1->lines[0].text, "hello world");
	d2 = md_cache_get(&c, src, strlen(src), 40, 0);
	assert_ptr_equal(d1, d2);
	assert_ptr_equal(d1->lines, d2->lines);
	d2 = md_cache_get(&c, src, strlen(src), 8, 0);
	assert_int_equal(d2->n, 2);
	assert_int_equal(d2->width, 8);
	src[0] = 'j';
	d2 = md_cache_get(&c, src, strlen(src), 8, 0);
	assert_string_equal(d2->lines[0].text, "jello");
	d2 = md_cache_get(&c, src, strlen(src), 8, MD_OPT_ASCII);
	assert_int_equal(d2->opts, MD_OPT_ASCII);
	md_cache_release(&c);
	md_cache_release(&c);
}

/* md_doc_print: the lines, plain or with SGR of its own. */
static void
test_print(void **state)
{
	struct md_doc	 doc;
	char		*out = NULL;
	size_t		 len = 0;
	FILE		*fp;

	(void)state;
	render("**b** *i* ~~s~~ [l](u)\n\n> q", 40, 0, &doc);
	fp = open_memstream(&out, &len);
	assert_non_null(fp);
	assert_int_equal(md_doc_print(fp, &doc, 0), 0);
	fclose(fp);
	assert_string_equal(out, "b i s l[1]\n\n\xe2\x94\x82 q\n\n[1] u\n");
	free(out);
	fp = open_memstream(&out, &len);
	assert_int_equal(md_doc_print(fp, &doc, MD_PRINT_SGR), 0);
	fclose(fp);
	assert_non_null(strstr(out, "\033[1mb\033[0m"));
	assert_non_null(strstr(out, "\033[3mi\033[0m"));
	assert_non_null(strstr(out, "\033[9ms\033[0m"));
	assert_non_null(strstr(out, "\033[4ml\033[0m\033[2m[1]\033[0m"));
	free(out);
	md_doc_release(&doc);
}

/* ---- the runner ------------------------------------------------------ */

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(void)
{
	static const struct CMUnitTest	fixed[] = {
		cmocka_unit_test(test_golden_present),
		cmocka_unit_test(test_commonmark),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_depth_cap),
		cmocka_unit_test(test_big_tables),
		cmocka_unit_test(test_many_links),
		cmocka_unit_test(test_line_cap),
		cmocka_unit_test(test_sanitized),
		cmocka_unit_test(test_styles_survive_wrap),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_cjk),
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_raw_html),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_widths_and_empty),
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_print),
	};
	struct CMUnitTest	*tests;
	struct dirent		*de;
	DIR			*dir;
	char			*path, **names = NULL;
	size_t			 n = 0, i, len;
	int			 rc;

	/* One test per golden input, found in tests/unit/markdown. */
	path = top_path("tests/unit/markdown");
	dir = opendir(path);
	while (dir != NULL && (de = readdir(dir)) != NULL) {
		len = strlen(de->d_name);
		if (len < 4 || strcmp(de->d_name + len - 3, ".md") != 0)
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrndup(de->d_name, len - 3);
	}
	if (dir != NULL)
		closedir(dir);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_names);
	tests = xcalloc(n + NELEM(fixed), sizeof(*tests));
	for (i = 0; i < n; i++) {
		tests[i].name = xasprintf("golden %s", names[i]);
		tests[i].test_func = test_golden;
		tests[i].initial_state = names[i];
	}
	memcpy(tests + n, fixed, sizeof(fixed));
	golden_count = n;
	rc = _cmocka_run_group_tests("markdown", tests, n + NELEM(fixed),
	    NULL, NULL);
	for (i = 0; i < n; i++) {
		free((char *)tests[i].name);
		free(names[i]);
	}
	free(names);
	free(tests);
	free(path);
	return rc;
}

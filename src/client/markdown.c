/*
 * Markdown to styled lines (see guild/markdown.h). md4c parses the source
 * into a small tree of blocks whose inline text is already sanitized and
 * cut into styled spans; the tree is then laid out for a width. Building
 * the tree first lets a list right-align its numbers and a table size its
 * columns, and the depth cap keeps the tree, and the recursion over it,
 * shallow whatever the input. Memory comes from the x* allocators: the
 * client exits when it runs out.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <md4c.h>

#include "guild/markdown.h"
#include "guild/text.h"
#include "guild/util.h"

/* The md4c dialect; raw HTML is recognized so that it can be shown as is. */
#define MD_PARSE_FLAGS	(MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | \
			 MD_FLAG_PERMISSIVEAUTOLINKS)

/* Layout. */
#define MD_CODE_INDENT	2	/* code blocks, when the width allows */
#define MD_CODE_MINW	10	/* content width below which they are not */
#define MD_TAB		4	/* tab stops in code and raw HTML */
#define MD_COL_MIN	3	/* narrowest table column before stacking */
#define MD_STATIC_MAX	16	/* longest text md4c passes from outside
				   the source (its indentation constant) */
#define MD_PAD		64	/* zero bytes after the copy md4c parses */

/* ---- Glyphs ---------------------------------------------------------- */

/* Each glyph is one column wide. */
struct text_glyphs {
	const char	*bar;		/* quote bar */
	const char	*bullet[3];	/* by bullet list nesting */
	const char	*rule;		/* thematic break, heading 2 */
	const char	*rule2;		/* heading 1 */
	const char	*clip;		/* end of a clipped code line */
	const char	*tsep;		/* between table columns */
	const char	*tcross;	/* where a table rule meets tsep */
	const char	*cut;		/* last line of a truncated document */
};

static const struct text_glyphs md_glyphs_utf8 = {
	"\xe2\x94\x82",
	{ "\xe2\x80\xa2", "\xe2\x97\xa6", "\xe2\x96\xaa" },
	"\xe2\x94\x80",
	"\xe2\x95\x90",
	"\xe2\x80\xa6",
	" \xe2\x94\x82 ",
	"\xe2\x94\x80\xe2\x94\xbc\xe2\x94\x80",
	"[\xe2\x80\xa6]",
};

static const struct text_glyphs md_glyphs_ascii = {
	"|", { "*", "-", "+" }, "-", "=", "~", " | ", "-+-", "[...]",
};

/* ---- Styled runs of text --------------------------------------------- */

/*
 * Text with spans that tile it (the same contract as md_line's). Used for
 * the inline content of blocks, for lines being built and for the lines
 * the wrapper makes. text is NUL-terminated once anything was added.
 */
struct md_runs {
	char		*text;
	size_t		 len;
	size_t		 cap;
	struct md_span	*spans;
	size_t		 n;
	size_t		 ncap;
};

static void
md_runs_release(struct md_runs *r)
{
	free(r->text);
	free(r->spans);
	memset(r, 0, sizeof(*r));
}

/* Empties r, keeping its memory. */
static void
md_runs_clear(struct md_runs *r)
{
	r->len = 0;
	r->n = 0;
	if (r->text != NULL)
		r->text[0] = '\0';
}

/* Appends n bytes of s in one style; merges with the last span if alike. */
static void
md_runs_add(struct md_runs *r, const char *s, size_t n, unsigned style,
    int link)
{
	struct md_span	*sp;
	size_t		 cap;

	if (n == 0)
		return;
	if (r->len + n + 1 > r->cap) {
		cap = r->cap != 0 ? r->cap : 64;
		while (cap < r->len + n + 1)
			cap *= 2;
		r->text = xrealloc(r->text, cap);
		r->cap = cap;
	}
	memcpy(r->text + r->len, s, n);
	sp = r->n > 0 ? &r->spans[r->n - 1] : NULL;
	if (sp != NULL && sp->style == style && sp->link == link)
		sp->len += n;
	else {
		if (r->n == r->ncap) {
			r->ncap = r->ncap != 0 ? r->ncap * 2 : 8;
			r->spans = xrealloc(r->spans,
			    r->ncap * sizeof(*r->spans));
		}
		sp = &r->spans[r->n++];
		sp->off = r->len;
		sp->len = n;
		sp->style = style;
		sp->link = link;
	}
	r->len += n;
	r->text[r->len] = '\0';
}

static void
md_runs_adds(struct md_runs *r, const char *s, unsigned style, int link)
{
	md_runs_add(r, s, strlen(s), style, link);
}

/* Appends n spaces. */
static void
md_runs_spaces(struct md_runs *r, long n, unsigned style)
{
	static const char	sp[] = "                                ";

	while (n > 0) {
		size_t	k = (size_t)n < sizeof(sp) - 1 ?
		    (size_t)n : sizeof(sp) - 1;

		md_runs_add(r, sp, k, style, 0);
		n -= (long)k;
	}
}

/* Appends s repeated n times. */
static void
md_runs_repeat(struct md_runs *r, const char *s, long n, unsigned style)
{
	for (; n > 0; n--)
		md_runs_adds(r, s, style, 0);
}

/*
 * Appends n bytes of source text through text_sanitize: the one way text
 * from the source gets in. Newlines and tabs become spaces.
 */
static void
md_runs_add_clean(struct md_runs *r, const char *s, size_t n,
    unsigned style, int link)
{
	char	*clean;

	if (n == 0)
		return;
	clean = text_sanitize(s, n, 0);
	if (clean == NULL) {
		fputs("guild: out of memory\n", stderr);
		exit(1);
	}
	md_runs_add(r, clean, strlen(clean), style, link);
	free(clean);
}

/* Appends all of src. */
static void
md_runs_append(struct md_runs *dst, const struct md_runs *src)
{
	size_t	i;

	for (i = 0; i < src->n; i++)
		md_runs_add(dst, src->text + src->spans[i].off,
		    src->spans[i].len, src->spans[i].style,
		    src->spans[i].link);
}

/* Drops trailing spaces, shortening or removing the last spans. */
static void
md_runs_trim(struct md_runs *r)
{
	while (r->len > 0 && r->text[r->len - 1] == ' ') {
		r->len--;
		r->text[r->len] = '\0';
		if (--r->spans[r->n - 1].len == 0)
			r->n--;
	}
}

/* ---- Entities -------------------------------------------------------- */

struct md_entity {
	const char	*name;
	const char	*utf8;
};

/*
 * The 252 named entities of HTML 4, &apos; and the HTML 5 names the
 * CommonMark spec uses, sorted by name (strcmp) for bsearch. Generated
 * from Python's html.entities.
 */
static const struct md_entity md_entities[] = {
	{ "AElig", "\xc3\x86" }, { "Aacute", "\xc3\x81" },
	{ "Acirc", "\xc3\x82" }, { "Agrave", "\xc3\x80" },
	{ "Alpha", "\xce\x91" }, { "Aring", "\xc3\x85" },
	{ "Atilde", "\xc3\x83" }, { "Auml", "\xc3\x84" },
	{ "Beta", "\xce\x92" }, { "Ccedil", "\xc3\x87" },
	{ "Chi", "\xce\xa7" }, { "ClockwiseContourIntegral", "\xe2\x88\xb2" },
	{ "Dagger", "\xe2\x80\xa1" }, { "Dcaron", "\xc4\x8e" },
	{ "Delta", "\xce\x94" }, { "DifferentialD", "\xe2\x85\x86" },
	{ "ETH", "\xc3\x90" }, { "Eacute", "\xc3\x89" },
	{ "Ecirc", "\xc3\x8a" }, { "Egrave", "\xc3\x88" },
	{ "Epsilon", "\xce\x95" }, { "Eta", "\xce\x97" },
	{ "Euml", "\xc3\x8b" }, { "Gamma", "\xce\x93" },
	{ "HilbertSpace", "\xe2\x84\x8b" }, { "Iacute", "\xc3\x8d" },
	{ "Icirc", "\xc3\x8e" }, { "Igrave", "\xc3\x8c" },
	{ "Iota", "\xce\x99" }, { "Iuml", "\xc3\x8f" },
	{ "Kappa", "\xce\x9a" }, { "Lambda", "\xce\x9b" },
	{ "Mu", "\xce\x9c" }, { "Ntilde", "\xc3\x91" },
	{ "Nu", "\xce\x9d" }, { "OElig", "\xc5\x92" },
	{ "Oacute", "\xc3\x93" }, { "Ocirc", "\xc3\x94" },
	{ "Ograve", "\xc3\x92" }, { "Omega", "\xce\xa9" },
	{ "Omicron", "\xce\x9f" }, { "Oslash", "\xc3\x98" },
	{ "Otilde", "\xc3\x95" }, { "Ouml", "\xc3\x96" },
	{ "Phi", "\xce\xa6" }, { "Pi", "\xce\xa0" },
	{ "Prime", "\xe2\x80\xb3" }, { "Psi", "\xce\xa8" },
	{ "Rho", "\xce\xa1" }, { "Scaron", "\xc5\xa0" },
	{ "Sigma", "\xce\xa3" }, { "THORN", "\xc3\x9e" },
	{ "Tau", "\xce\xa4" }, { "Theta", "\xce\x98" },
	{ "Uacute", "\xc3\x9a" }, { "Ucirc", "\xc3\x9b" },
	{ "Ugrave", "\xc3\x99" }, { "Upsilon", "\xce\xa5" },
	{ "Uuml", "\xc3\x9c" }, { "Xi", "\xce\x9e" },
	{ "Yacute", "\xc3\x9d" }, { "Yuml", "\xc5\xb8" },
	{ "Zeta", "\xce\x96" }, { "aacute", "\xc3\xa1" },
	{ "acirc", "\xc3\xa2" }, { "acute", "\xc2\xb4" },
	{ "aelig", "\xc3\xa6" }, { "agrave", "\xc3\xa0" },
	{ "alefsym", "\xe2\x84\xb5" }, { "alpha", "\xce\xb1" },
	{ "amp", "&" }, { "and", "\xe2\x88\xa7" },
	{ "ang", "\xe2\x88\xa0" }, { "apos", "'" },
	{ "aring", "\xc3\xa5" }, { "asymp", "\xe2\x89\x88" },
	{ "atilde", "\xc3\xa3" }, { "auml", "\xc3\xa4" },
	{ "bdquo", "\xe2\x80\x9e" }, { "beta", "\xce\xb2" },
	{ "brvbar", "\xc2\xa6" }, { "bull", "\xe2\x80\xa2" },
	{ "cap", "\xe2\x88\xa9" }, { "ccedil", "\xc3\xa7" },
	{ "cedil", "\xc2\xb8" }, { "cent", "\xc2\xa2" },
	{ "chi", "\xcf\x87" }, { "circ", "\xcb\x86" },
	{ "clubs", "\xe2\x99\xa3" }, { "cong", "\xe2\x89\x85" },
	{ "copy", "\xc2\xa9" }, { "crarr", "\xe2\x86\xb5" },
	{ "cup", "\xe2\x88\xaa" }, { "curren", "\xc2\xa4" },
	{ "dArr", "\xe2\x87\x93" }, { "dagger", "\xe2\x80\xa0" },
	{ "darr", "\xe2\x86\x93" }, { "deg", "\xc2\xb0" },
	{ "delta", "\xce\xb4" }, { "diams", "\xe2\x99\xa6" },
	{ "divide", "\xc3\xb7" }, { "eacute", "\xc3\xa9" },
	{ "ecirc", "\xc3\xaa" }, { "egrave", "\xc3\xa8" },
	{ "empty", "\xe2\x88\x85" }, { "emsp", "\xe2\x80\x83" },
	{ "ensp", "\xe2\x80\x82" }, { "epsilon", "\xce\xb5" },
	{ "equiv", "\xe2\x89\xa1" }, { "eta", "\xce\xb7" },
	{ "eth", "\xc3\xb0" }, { "euml", "\xc3\xab" },
	{ "euro", "\xe2\x82\xac" }, { "exist", "\xe2\x88\x83" },
	{ "fnof", "\xc6\x92" }, { "forall", "\xe2\x88\x80" },
	{ "frac12", "\xc2\xbd" }, { "frac14", "\xc2\xbc" },
	{ "frac34", "\xc2\xbe" }, { "frasl", "\xe2\x81\x84" },
	{ "gamma", "\xce\xb3" }, { "ge", "\xe2\x89\xa5" },
	{ "gt", ">" }, { "hArr", "\xe2\x87\x94" },
	{ "harr", "\xe2\x86\x94" }, { "hearts", "\xe2\x99\xa5" },
	{ "hellip", "\xe2\x80\xa6" }, { "iacute", "\xc3\xad" },
	{ "icirc", "\xc3\xae" }, { "iexcl", "\xc2\xa1" },
	{ "igrave", "\xc3\xac" }, { "image", "\xe2\x84\x91" },
	{ "infin", "\xe2\x88\x9e" }, { "int", "\xe2\x88\xab" },
	{ "iota", "\xce\xb9" }, { "iquest", "\xc2\xbf" },
	{ "isin", "\xe2\x88\x88" }, { "iuml", "\xc3\xaf" },
	{ "kappa", "\xce\xba" }, { "lArr", "\xe2\x87\x90" },
	{ "lambda", "\xce\xbb" }, { "lang", "\xe2\x8c\xa9" },
	{ "laquo", "\xc2\xab" }, { "larr", "\xe2\x86\x90" },
	{ "lceil", "\xe2\x8c\x88" }, { "ldquo", "\xe2\x80\x9c" },
	{ "le", "\xe2\x89\xa4" }, { "lfloor", "\xe2\x8c\x8a" },
	{ "lowast", "\xe2\x88\x97" }, { "loz", "\xe2\x97\x8a" },
	{ "lrm", "\xe2\x80\x8e" }, { "lsaquo", "\xe2\x80\xb9" },
	{ "lsquo", "\xe2\x80\x98" }, { "lt", "<" },
	{ "macr", "\xc2\xaf" }, { "mdash", "\xe2\x80\x94" },
	{ "micro", "\xc2\xb5" }, { "middot", "\xc2\xb7" },
	{ "minus", "\xe2\x88\x92" }, { "mu", "\xce\xbc" },
	{ "nabla", "\xe2\x88\x87" }, { "nbsp", "\xc2\xa0" },
	{ "ndash", "\xe2\x80\x93" }, { "ne", "\xe2\x89\xa0" },
	{ "ngE", "\xe2\x89\xa7\xcc\xb8" }, { "ni", "\xe2\x88\x8b" },
	{ "not", "\xc2\xac" }, { "notin", "\xe2\x88\x89" },
	{ "nsub", "\xe2\x8a\x84" }, { "ntilde", "\xc3\xb1" },
	{ "nu", "\xce\xbd" }, { "oacute", "\xc3\xb3" },
	{ "ocirc", "\xc3\xb4" }, { "oelig", "\xc5\x93" },
	{ "ograve", "\xc3\xb2" }, { "oline", "\xe2\x80\xbe" },
	{ "omega", "\xcf\x89" }, { "omicron", "\xce\xbf" },
	{ "oplus", "\xe2\x8a\x95" }, { "or", "\xe2\x88\xa8" },
	{ "ordf", "\xc2\xaa" }, { "ordm", "\xc2\xba" },
	{ "oslash", "\xc3\xb8" }, { "otilde", "\xc3\xb5" },
	{ "otimes", "\xe2\x8a\x97" }, { "ouml", "\xc3\xb6" },
	{ "para", "\xc2\xb6" }, { "part", "\xe2\x88\x82" },
	{ "permil", "\xe2\x80\xb0" }, { "perp", "\xe2\x8a\xa5" },
	{ "phi", "\xcf\x86" }, { "pi", "\xcf\x80" },
	{ "piv", "\xcf\x96" }, { "plusmn", "\xc2\xb1" },
	{ "pound", "\xc2\xa3" }, { "prime", "\xe2\x80\xb2" },
	{ "prod", "\xe2\x88\x8f" }, { "prop", "\xe2\x88\x9d" },
	{ "psi", "\xcf\x88" }, { "quot", "\x22" },
	{ "rArr", "\xe2\x87\x92" }, { "radic", "\xe2\x88\x9a" },
	{ "rang", "\xe2\x8c\xaa" }, { "raquo", "\xc2\xbb" },
	{ "rarr", "\xe2\x86\x92" }, { "rceil", "\xe2\x8c\x89" },
	{ "rdquo", "\xe2\x80\x9d" }, { "real", "\xe2\x84\x9c" },
	{ "reg", "\xc2\xae" }, { "rfloor", "\xe2\x8c\x8b" },
	{ "rho", "\xcf\x81" }, { "rlm", "\xe2\x80\x8f" },
	{ "rsaquo", "\xe2\x80\xba" }, { "rsquo", "\xe2\x80\x99" },
	{ "sbquo", "\xe2\x80\x9a" }, { "scaron", "\xc5\xa1" },
	{ "sdot", "\xe2\x8b\x85" }, { "sect", "\xc2\xa7" },
	{ "shy", "\xc2\xad" }, { "sigma", "\xcf\x83" },
	{ "sigmaf", "\xcf\x82" }, { "sim", "\xe2\x88\xbc" },
	{ "spades", "\xe2\x99\xa0" }, { "sub", "\xe2\x8a\x82" },
	{ "sube", "\xe2\x8a\x86" }, { "sum", "\xe2\x88\x91" },
	{ "sup", "\xe2\x8a\x83" }, { "sup1", "\xc2\xb9" },
	{ "sup2", "\xc2\xb2" }, { "sup3", "\xc2\xb3" },
	{ "supe", "\xe2\x8a\x87" }, { "szlig", "\xc3\x9f" },
	{ "tau", "\xcf\x84" }, { "there4", "\xe2\x88\xb4" },
	{ "theta", "\xce\xb8" }, { "thetasym", "\xcf\x91" },
	{ "thinsp", "\xe2\x80\x89" }, { "thorn", "\xc3\xbe" },
	{ "tilde", "\xcb\x9c" }, { "times", "\xc3\x97" },
	{ "trade", "\xe2\x84\xa2" }, { "uArr", "\xe2\x87\x91" },
	{ "uacute", "\xc3\xba" }, { "uarr", "\xe2\x86\x91" },
	{ "ucirc", "\xc3\xbb" }, { "ugrave", "\xc3\xb9" },
	{ "uml", "\xc2\xa8" }, { "upsih", "\xcf\x92" },
	{ "upsilon", "\xcf\x85" }, { "uuml", "\xc3\xbc" },
	{ "weierp", "\xe2\x84\x98" }, { "xi", "\xce\xbe" },
	{ "yacute", "\xc3\xbd" }, { "yen", "\xc2\xa5" },
	{ "yuml", "\xc3\xbf" }, { "zeta", "\xce\xb6" },
	{ "zwj", "\xe2\x80\x8d" }, { "zwnj", "\xe2\x80\x8c" },
};

static int
md_entity_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct md_entity *)elem)->name);
}

/*
 * Decodes the entity s[0..n) as md4c reports it ("&name;", "&#65;",
 * "&#x41;") into out (room for 16 bytes). Returns the UTF-8 length, or 0
 * for a name the table does not know: the caller shows it as written.
 * Numeric references to nothing valid (0, surrogates, past U+10FFFF)
 * become U+FFFD; controls are left for text_sanitize.
 */
static size_t
md_entity_decode(const char *s, size_t n, char *out)
{
	const struct md_entity	*e;
	char			 name[64];
	uint32_t		 cp = 0;
	size_t			 i;
	int			 hex;

	if (n < 3 || s[0] != '&' || s[n - 1] != ';')
		return 0;
	if (s[1] == '#') {
		hex = n > 3 && (s[2] == 'x' || s[2] == 'X');
		for (i = hex ? 3 : 2; i < n - 1; i++) {
			unsigned	d;

			if (s[i] >= '0' && s[i] <= '9')
				d = (unsigned)(s[i] - '0');
			else if (hex && s[i] >= 'a' && s[i] <= 'f')
				d = (unsigned)(s[i] - 'a' + 10);
			else if (hex && s[i] >= 'A' && s[i] <= 'F')
				d = (unsigned)(s[i] - 'A' + 10);
			else
				return 0;
			if (cp <= 0x10ffff)
				cp = cp * (hex ? 16 : 10) + d;
		}
		if (cp == 0)
			cp = 0xfffd;
		return (size_t)text_encode(cp, out);	/* FFFD if invalid */
	}
	if (n - 2 >= sizeof(name))
		return 0;
	memcpy(name, s + 1, n - 2);
	name[n - 2] = '\0';
	e = bsearch(name, md_entities, G_NELEM(md_entities),
	    sizeof(md_entities[0]), md_entity_cmp);
	if (e == NULL)
		return 0;
	memcpy(out, e->utf8, strlen(e->utf8));
	return strlen(e->utf8);
}

/* Appends an entity, decoded when known, as text. */
static void
md_runs_add_entity(struct md_runs *r, const char *s, size_t n,
    unsigned style, int link)
{
	char	u[16];
	size_t	k;

	k = md_entity_decode(s, n, u);
	if (k > 0)
		md_runs_add_clean(r, u, k, style, link);
	else
		md_runs_add_clean(r, s, n, style, link);
}

/*
 * An md4c attribute (a link destination) as a sanitized string with its
 * entities decoded; the caller frees. An attribute longer than the whole
 * source (max) or with offsets out of order can only come from a broken
 * parser state and is taken as empty rather than read.
 */
static char *
md_attr_string(const MD_ATTRIBUTE *a, size_t max)
{
	struct md_runs	r;
	char		*s;
	size_t		 i, off, end;

	memset(&r, 0, sizeof(r));
	for (i = 0; a->text != NULL && a->size <= max &&
	    a->substr_offsets[i] < a->size; i++) {
		off = a->substr_offsets[i];
		end = a->substr_offsets[i + 1];
		if (end < off || end > a->size)
			break;
		if (a->substr_types[i] == MD_TEXT_ENTITY)
			md_runs_add_entity(&r, a->text + off, end - off, 0, 0);
		else if (a->substr_types[i] == MD_TEXT_NULLCHAR)
			md_runs_adds(&r, TEXT_REPLACEMENT, 0, 0);
		else
			md_runs_add_clean(&r, a->text + off, end - off, 0, 0);
	}
	s = r.text != NULL ? r.text : xstrdup("");
	free(r.spans);
	return s;
}

/* ---- Link numbers ---------------------------------------------------- */

/* The URLs by number, and a hash index so that a repeated URL reuses its. */
struct md_linktab {
	char	**urls;
	size_t	  n;
	size_t	  cap;
	size_t	 *slots;	/* open addressing: index + 1, 0 = free */
	size_t	  nslots;	/* a power of two, at least 2 * n */
};

/* FNV-1a. */
static size_t
md_hash(const char *s)
{
	uint64_t	h = 0xcbf29ce484222325ull;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return (size_t)h;
}

/* Rebuilds the hash index with room for twice as many URLs. */
static void
md_linktab_grow(struct md_linktab *t)
{
	size_t	i, j, mask;

	free(t->slots);
	t->nslots = t->nslots != 0 ? t->nslots * 2 : 64;
	t->slots = xcalloc(t->nslots, sizeof(*t->slots));
	mask = t->nslots - 1;
	for (i = 0; i < t->n; i++) {
		for (j = md_hash(t->urls[i]) & mask; t->slots[j] != 0;
		    j = (j + 1) & mask)
			continue;
		t->slots[j] = i + 1;
	}
}

/*
 * The reference number (1-based) of url, which the table takes over (and
 * frees if it is a repeat). Returns 0, freeing url, for an empty URL or
 * when MD_MAX_LINKS distinct URLs are numbered already.
 */
static int
md_linktab_add(struct md_linktab *t, char *url)
{
	size_t	j, mask;

	if (url[0] == '\0') {
		free(url);
		return 0;
	}
	if (2 * (t->n + 1) > t->nslots)
		md_linktab_grow(t);
	mask = t->nslots - 1;
	for (j = md_hash(url) & mask; t->slots[j] != 0; j = (j + 1) & mask) {
		if (strcmp(t->urls[t->slots[j] - 1], url) == 0) {
			free(url);
			return (int)t->slots[j];
		}
	}
	if (t->n >= MD_MAX_LINKS) {
		free(url);
		return 0;
	}
	if (t->n == t->cap) {
		t->cap = t->cap != 0 ? t->cap * 2 : 8;
		t->urls = xrealloc(t->urls, t->cap * sizeof(*t->urls));
	}
	t->urls[t->n++] = url;
	t->slots[j] = t->n;
	return (int)t->n;
}

static void
md_linktab_release(struct md_linktab *t)
{
	size_t	i;

	for (i = 0; i < t->n; i++)
		free(t->urls[i]);
	free(t->urls);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* ---- The block tree -------------------------------------------------- */

enum md_kind {
	MDN_DOC,
	MDN_QUOTE,
	MDN_LIST,
	MDN_ITEM,
	MDN_MARK,	/* the marker of an item flattened at the depth cap */
	MDN_PARA,
	MDN_HEADING,
	MDN_CODE,
	MDN_HTML,
	MDN_RULE,
	MDN_TABLE,
	MDN_ROW,
	MDN_CELL
};

struct md_node {
	enum md_kind	 kind;
	struct md_node	*parent;
	struct md_node	*first;
	struct md_node	*last;
	struct md_node	*next;
	size_t		 nkids;
	struct md_runs	 runs;		/* inline text; raw text of CODE, HTML */
	int		 level;		/* HEADING: 1..6 */
	int		 ordered;	/* LIST, MARK */
	int		 tight;		/* LIST; PARA: a tight item's text */
	char		 delim;		/* LIST, MARK: '.' or ')' */
	unsigned long long num;		/* LIST: first number; MARK: its */
	int		 head;		/* ROW: a header row */
	int		 align;		/* CELL: an MD_ALIGN */
};

/* A new node, last child of parent (if any). */
static struct md_node *
md_node_new(enum md_kind kind, struct md_node *parent)
{
	struct md_node	*n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->parent = parent;
	if (parent != NULL) {
		if (parent->last != NULL)
			parent->last->next = n;
		else
			parent->first = n;
		parent->last = n;
		parent->nkids++;
	}
	return n;
}

/*
 * Frees n and everything under it. The recursion is as deep as the tree,
 * which the builder keeps within MD_MAX_DEPTH containers (plus a table).
 */
static void
md_node_free(struct md_node *n)
{
	struct md_node	*c, *next;

	if (n == NULL)
		return;
	for (c = n->first; c != NULL; c = next) {
		next = c->next;
		md_node_free(c);
	}
	md_runs_release(&n->runs);
	free(n);
}

/* ---- Building the tree from md4c's callbacks ------------------------- */

/* What an open md4c block did to the tree, so leaving it can undo it. */
enum md_frame_kind {
	MDF_NONE,	/* nothing (document, table sections, flattened) */
	MDF_CONTAINER,	/* made the current container */
	MDF_LEAF	/* made the current leaf */
};

struct md_frame {
	enum md_frame_kind	 kind;
	int			 flat_list;	/* a list beyond the depth cap */
	int			 ordered;	/* its items' numbering */
	char			 delim;
	unsigned long long	 next;
};

/* An open link or image. */
struct md_target {
	int	num;		/* its reference number, 0 for none */
	int	eff;		/* the number its text belongs to */
	int	img;
	int	opened;		/* an image whose "[image: " is out */
};

struct md_build {
	const char		*src;		/* what md4c parses */
	size_t			 srclen;
	struct md_node		*root;
	struct md_node		*cur;		/* container being filled */
	struct md_node		*leaf;		/* block taking inline text */
	struct md_frame		*frames;	/* one per open md4c block */
	size_t			 nframes;
	size_t			 framecap;
	int			 depth;		/* quotes and items in cur */
	int			 implicit;	/* leaf is a tight item's text */
	int			 flat_lists;	/* open lists beyond the cap */
	int			 in_head;	/* inside a table's THEAD */
	int			 em, strong, del, code, live_links;
	struct md_target	*targets;
	size_t			 ntargets;
	size_t			 targetcap;
	struct md_linktab	*links;
};

static struct md_frame *
md_frame_push(struct md_build *b, enum md_frame_kind kind)
{
	struct md_frame	*f;

	if (b->nframes == b->framecap) {
		b->framecap = b->framecap != 0 ? b->framecap * 2 : 32;
		b->frames = xrealloc(b->frames,
		    b->framecap * sizeof(*b->frames));
	}
	f = &b->frames[b->nframes++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	return f;
}

/* Makes a leaf under the current container and directs text to it. */
static void
md_build_leaf(struct md_build *b, enum md_kind kind)
{
	b->leaf = md_node_new(kind, b->cur);
	b->em = b->strong = b->del = b->code = b->live_links = 0;
	b->ntargets = 0;
	md_frame_push(b, MDF_LEAF);
}

/*
 * The leaf inline text goes to. Text outside any leaf is a tight list
 * item's (md4c sends those paragraphs without a paragraph block): it gets
 * a paragraph of its own in the current container (the item, or the
 * container an item flattened at the depth cap joined), which ends with
 * the next block or the item.
 */
static struct md_node *
md_build_implicit(struct md_build *b)
{
	if (b->leaf != NULL)
		return b->leaf;
	b->leaf = md_node_new(MDN_PARA, b->cur);
	b->leaf->tight = 1;
	b->em = b->strong = b->del = b->code = b->live_links = 0;
	b->ntargets = 0;
	b->implicit = 1;
	return b->leaf;
}

/* Ends the paragraph md_build_implicit made, if any. */
static void
md_build_end_implicit(struct md_build *b)
{
	if (b->implicit) {
		b->leaf = NULL;
		b->implicit = 0;
	}
}

/* Makes a container under the current one and descends into it. */
static struct md_node *
md_build_container(struct md_build *b, enum md_kind kind)
{
	b->cur = md_node_new(kind, b->cur);
	md_frame_push(b, MDF_CONTAINER);
	return b->cur;
}

/*
 * md4c's enter_block. Quotes and list items count towards the depth cap;
 * beyond it they make no node: their blocks join the deepest container
 * still allowed, and each flattened item leaves a MARK for its marker.
 */
static int
md_cb_enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct md_build		*b = ud;
	struct md_frame		*f, *up;
	struct md_node		*n;
	MD_BLOCK_OL_DETAIL	*ol;

	md_build_end_implicit(b);
	up = b->nframes > 0 ? &b->frames[b->nframes - 1] : NULL;
	switch (type) {
	case MD_BLOCK_QUOTE:
		if (b->depth >= MD_MAX_DEPTH) {
			md_frame_push(b, MDF_NONE);
			break;
		}
		md_build_container(b, MDN_QUOTE);
		b->depth++;
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		ol = type == MD_BLOCK_OL ? detail : NULL;
		if (b->depth >= MD_MAX_DEPTH) {
			f = md_frame_push(b, MDF_NONE);
			f->flat_list = 1;
			b->flat_lists++;
			f->ordered = ol != NULL;
			f->delim = ol != NULL ? ol->mark_delimiter : 0;
			f->next = ol != NULL ? ol->start : 0;
			break;
		}
		n = md_build_container(b, MDN_LIST);
		n->ordered = ol != NULL;
		n->delim = ol != NULL ? ol->mark_delimiter : 0;
		n->num = ol != NULL ? ol->start : 0;
		n->tight = ol != NULL ? ol->is_tight :
		    ((MD_BLOCK_UL_DETAIL *)detail)->is_tight;
		break;
	case MD_BLOCK_LI:
		if (up != NULL && up->flat_list) {
			n = md_node_new(MDN_MARK, b->cur);
			n->ordered = up->ordered;
			n->delim = up->delim;
			n->num = up->next++;
			md_frame_push(b, MDF_NONE);
			break;
		}
		md_build_container(b, MDN_ITEM);
		b->depth++;
		break;
	case MD_BLOCK_HR:
		md_node_new(MDN_RULE, b->cur);
		md_frame_push(b, MDF_NONE);
		break;
	case MD_BLOCK_H:
		md_build_leaf(b, MDN_HEADING);
		b->leaf->level = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
		break;
	case MD_BLOCK_CODE:
		md_build_leaf(b, MDN_CODE);
		break;
	case MD_BLOCK_HTML:
		md_build_leaf(b, MDN_HTML);
		break;
	case MD_BLOCK_P:
		md_build_leaf(b, MDN_PARA);
		break;
	case MD_BLOCK_TABLE:
		md_build_container(b, MDN_TABLE);
		break;
	case MD_BLOCK_THEAD:
	case MD_BLOCK_TBODY:
		b->in_head = type == MD_BLOCK_THEAD;
		md_frame_push(b, MDF_NONE);
		break;
	case MD_BLOCK_TR:
		n = md_build_container(b, MDN_ROW);
		n->head = b->in_head;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		md_build_leaf(b, MDN_CELL);
		b->leaf->align = (int)((MD_BLOCK_TD_DETAIL *)detail)->align;
		break;
	default:			/* MD_BLOCK_DOC */
		md_frame_push(b, MDF_NONE);
		break;
	}
	return 0;
}

/* md4c's leave_block: undoes what the matching enter_block did. */
static int
md_cb_leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct md_build	*b = ud;
	struct md_frame	*f;

	(void)detail;
	md_build_end_implicit(b);
	if (b->nframes == 0)
		return 0;
	f = &b->frames[--b->nframes];
	if (f->flat_list && --b->flat_lists == 0 && b->cur->last != NULL &&
	    b->cur->last->kind == MDN_PARA)
		b->cur->last->tight = 0;	/* a blank line after the list */
	if (f->kind == MDF_LEAF)
		b->leaf = NULL;
	else if (f->kind == MDF_CONTAINER) {
		if (type == MD_BLOCK_QUOTE || type == MD_BLOCK_LI)
			b->depth--;
		b->cur = b->cur->parent;
	}
	return 0;
}

/* Writes the "[image: " of every open image that has not had text yet. */
static void
md_build_open_images(struct md_build *b)
{
	size_t	i;

	for (i = 0; i < b->ntargets; i++) {
		if (b->targets[i].img && !b->targets[i].opened) {
			md_runs_adds(&b->leaf->runs, "[image: ", MD_ST_DIM,
			    b->targets[i].eff);
			b->targets[i].opened = 1;
		}
	}
}

/* The style of inline text at this point of the current leaf. */
static unsigned
md_build_style(const struct md_build *b)
{
	unsigned	st = 0;

	if (b->leaf->kind == MDN_HEADING)
		st |= MD_ST_HEADING | MD_ST_BOLD;
	if (b->leaf->kind == MDN_CELL && b->cur->head)
		st |= MD_ST_BOLD;
	if (b->em > 0)
		st |= MD_ST_ITALIC;
	if (b->strong > 0)
		st |= MD_ST_BOLD;
	if (b->del > 0)
		st |= MD_ST_STRIKE;
	if (b->code > 0)
		st |= MD_ST_CODE;
	if (b->live_links > 0)
		st |= MD_ST_LINK;
	return st;
}

/* The reference number inline text at this point belongs to. */
static int
md_build_link(const struct md_build *b)
{
	return b->ntargets > 0 ? b->targets[b->ntargets - 1].eff : 0;
}

/* md4c's enter_span: links and images get their number here. */
static int
md_cb_enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct md_build		*b = ud;
	struct md_target	*t;
	const MD_ATTRIBUTE	*url;

	md_build_implicit(b);
	switch (type) {
	case MD_SPAN_EM:
		b->em++;
		break;
	case MD_SPAN_STRONG:
		b->strong++;
		break;
	case MD_SPAN_DEL:
		b->del++;
		break;
	case MD_SPAN_CODE:
		b->code++;
		break;
	case MD_SPAN_A:
	case MD_SPAN_IMG:
		md_build_open_images(b);
		url = type == MD_SPAN_A ? &((MD_SPAN_A_DETAIL *)detail)->href :
		    &((MD_SPAN_IMG_DETAIL *)detail)->src;
		if (b->ntargets == b->targetcap) {
			b->targetcap = b->targetcap != 0 ?
			    b->targetcap * 2 : 8;
			b->targets = xrealloc(b->targets,
			    b->targetcap * sizeof(*b->targets));
		}
		t = &b->targets[b->ntargets];
		t->num = md_linktab_add(b->links,
		    md_attr_string(url, b->srclen + MD_STATIC_MAX));
		t->eff = t->num != 0 ? t->num : md_build_link(b);
		t->img = type == MD_SPAN_IMG;
		t->opened = 0;
		b->ntargets++;
		if (!t->img && t->num != 0)
			b->live_links++;
		break;
	default:
		break;
	}
	return 0;
}

/* md4c's leave_span: a link or image ends with its "[N]". */
static int
md_cb_leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct md_build		*b = ud;
	struct md_target	 t;
	char			 ref[32];

	(void)detail;
	if (b->leaf == NULL)
		return 0;
	switch (type) {
	case MD_SPAN_EM:
		b->em--;
		break;
	case MD_SPAN_STRONG:
		b->strong--;
		break;
	case MD_SPAN_DEL:
		b->del--;
		break;
	case MD_SPAN_CODE:
		b->code--;
		break;
	case MD_SPAN_A:
	case MD_SPAN_IMG:
		if (b->ntargets == 0)
			break;
		t = b->targets[--b->ntargets];
		if (!t.img && t.num != 0)
			b->live_links--;
		if (t.img)
			md_runs_adds(&b->leaf->runs, t.opened ? "]" :
			    "[image]", MD_ST_DIM, t.eff);
		if (t.num != 0) {
			snprintf(ref, sizeof(ref), "[%d]", t.num);
			md_runs_adds(&b->leaf->runs, ref, MD_ST_DIM, t.num);
		}
		break;
	default:
		break;
	}
	return 0;
}

/*
 * 1 when md4c's text chunk (s, n) can be read: inside the source, or one
 * of md4c's own short constants (a newline, indentation spaces). md4c
 * 0.4.8 has known bugs that fuzzing reaches (reads of uninitialized
 * memory giving sizes near 3 GB); such a chunk is dropped, never read.
 */
static int
md_build_chunk_ok(const struct md_build *b, const char *s, size_t n)
{
	uintptr_t	p = (uintptr_t)s, lo = (uintptr_t)b->src;

	if (n <= MD_STATIC_MAX)
		return 1;
	return p >= lo && p <= lo + b->srclen && n <= lo + b->srclen - p;
}

/* md4c's text: sanitized into the current leaf's runs. */
static int
md_cb_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *ud)
{
	struct md_build	*b = ud;
	struct md_runs	*r;
	unsigned	 st;
	int		 link;

	if (!md_build_chunk_ok(b, s, n))
		return 0;
	r = &md_build_implicit(b)->runs;
	if (b->leaf->kind == MDN_CODE || b->leaf->kind == MDN_HTML) {
		if (type == MD_TEXT_NULLCHAR)
			md_runs_adds(r, TEXT_REPLACEMENT, 0, 0);
		else
			md_runs_add(r, s, n, 0, 0);	/* raw, cleaned later */
		return 0;
	}
	md_build_open_images(b);
	st = md_build_style(b);
	link = md_build_link(b);
	switch (type) {
	case MD_TEXT_NULLCHAR:
		md_runs_adds(r, TEXT_REPLACEMENT, st, link);
		break;
	case MD_TEXT_BR:
		md_runs_add(r, "\n", 1, st, link);
		break;
	case MD_TEXT_SOFTBR:
		md_runs_add(r, " ", 1, st, link);
		break;
	case MD_TEXT_ENTITY:
		md_runs_add_entity(r, s, n, st, link);
		break;
	case MD_TEXT_HTML:
		md_runs_add_clean(r, s, n, st | MD_ST_CODE, link);
		break;
	default:
		md_runs_add_clean(r, s, n, st, link);
		break;
	}
	return 0;
}

/*
 * Parses src into a tree (returned in *root, the caller frees it with
 * md_node_free) numbering links in links. Returns md_parse's result.
 * md4c 0.4.8 reads a byte or so past the end of its input in some
 * constructs (upstream fixed several such reads after that release), so
 * it parses a copy followed by MD_PAD zero bytes: what it reads there is
 * defined, and the caller's buffer is never overrun.
 */
static int
md_build_tree(const char *src, size_t len, struct md_linktab *links,
    struct md_node **root)
{
	struct md_build	 b;
	MD_PARSER	 p;
	char		*copy;
	int		 rc;

	memset(&b, 0, sizeof(b));
	memset(&p, 0, sizeof(p));
	p.flags = MD_PARSE_FLAGS;
	p.enter_block = md_cb_enter_block;
	p.leave_block = md_cb_leave_block;
	p.enter_span = md_cb_enter_span;
	p.leave_span = md_cb_leave_span;
	p.text = md_cb_text;
	copy = xmalloc(len + MD_PAD);
	if (len > 0)
		memcpy(copy, src, len);
	memset(copy + len, 0, MD_PAD);
	b.src = copy;
	b.srclen = len;
	b.root = b.cur = md_node_new(MDN_DOC, NULL);
	b.links = links;
	rc = md_parse(copy, (MD_SIZE)len, &p, &b);
	free(copy);
	free(b.frames);
	free(b.targets);
	*root = b.root;
	return rc;
}

/* ---- Word wrap with styles ------------------------------------------- */

/*
 * The same rules as text_wrap (guild/text.h), on styled runs: break at
 * spaces or between two glyphs one of which is wide (CJK, emoji), except
 * inside a ZWJ sequence, before closing or after opening punctuation;
 * a glyph is a code point with the zero-width ones after it, so combining
 * marks stay with their base; a word wider than the line is split at
 * glyph boundaries. Styles follow the bytes, so a bold phrase broken
 * across lines is bold on both.
 */

/* Lines made by the wrapper. */
struct md_wrapped {
	struct md_runs	*v;
	size_t		 n;
	size_t		 cap;
};

static void
md_wrapped_release(struct md_wrapped *w)
{
	size_t	i;

	for (i = 0; i < w->n; i++)
		md_runs_release(&w->v[i]);
	free(w->v);
	memset(w, 0, sizeof(*w));
}

struct md_wrapper {
	const struct md_runs	*in;
	size_t			 span;	/* first span not yet passed */
	int			 width;
	int			 col;
	struct md_runs		 line;
	struct md_wrapped	*out;
	size_t			 limit;	/* lines wanted at most */
};

/* Moves the line being built to out. */
static void
md_wrap_emit(struct md_wrapper *w)
{
	struct md_wrapped	*o = w->out;

	if (o->n >= w->limit) {
		md_runs_clear(&w->line);
		w->col = 0;
		return;
	}
	if (o->n == o->cap) {
		o->cap = o->cap != 0 ? o->cap * 2 : 8;
		o->v = xrealloc(o->v, o->cap * sizeof(*o->v));
	}
	o->v[o->n++] = w->line;
	memset(&w->line, 0, sizeof(w->line));
	w->col = 0;
}

/* Copies in[a..b) with its styles to the line. Calls move forward only. */
static void
md_wrap_copy(struct md_wrapper *w, size_t a, size_t b)
{
	const struct md_runs	*in = w->in;
	const struct md_span	*sp;
	size_t			 end;

	while (a < b) {
		while (w->span < in->n &&
		    in->spans[w->span].off + in->spans[w->span].len <= a)
			w->span++;
		if (w->span >= in->n)
			return;
		sp = &in->spans[w->span];
		end = sp->off + sp->len < b ? sp->off + sp->len : b;
		md_runs_add(&w->line, in->text + a, end - a, sp->style,
		    sp->link);
		a = end;
	}
}

/*
 * Places the word [wa, wb) of ww columns after the spaces [ba, bb): on
 * this line when both fit, else on the next (without the spaces), split
 * between glyphs when it is wider than a whole line.
 */
static void
md_wrap_word(struct md_wrapper *w, size_t ba, size_t bb, size_t wa,
    size_t wb, int ww)
{
	struct text_glyph	g;
	int		bw = (int)(bb - ba);

	if (w->col + bw + ww <= w->width) {
		md_wrap_copy(w, ba, bb);
		md_wrap_copy(w, wa, wb);
		w->col += bw + ww;
		return;
	}
	if (w->line.len > 0)
		md_wrap_emit(w);
	if (ww <= w->width) {
		md_wrap_copy(w, wa, wb);
		w->col = ww;
		return;
	}
	while (wa < wb && w->out->n < w->limit) {
		text_glyph_at(w->in->text, wa, wb, &g);
		if (w->col + g.width > w->width && w->line.len > 0)
			md_wrap_emit(w);
		md_wrap_copy(w, wa, wa + g.len);
		w->col += g.width;
		wa += g.len;
	}
}

/* Wraps the hard line [a, b) (no '\n' inside) and ends its last line. */
static void
md_wrap_hard(struct md_wrapper *w, size_t a, size_t b)
{
	const char	*s = w->in->text;
	struct text_glyph	 g, prev;
	size_t		 ba = a, bb = a, wa;
	int		 ww;

	while (a < b && w->out->n < w->limit) {
		if (s[a] == ' ') {
			ba = a;
			while (a < b && s[a] == ' ')
				a++;
			bb = a;
			continue;
		}
		wa = a;
		ww = 0;
		text_glyph_at(s, a, b, &prev);
		for (;;) {
			ww += prev.width;
			a += prev.len;
			if (a >= b || s[a] == ' ')
				break;
			text_glyph_at(s, a, b, &g);
			if (text_can_break(&prev, &g))
				break;
			prev = g;
		}
		md_wrap_word(w, ba, bb, wa, a, ww);
		ba = bb = a;
	}
	md_wrap_emit(w);
}

/*
 * Wraps in (sanitized text; '\n' is a hard break, spaces the only blanks)
 * to width columns, appending at most limit lines to out. Spaces at the
 * start of a hard line are kept as indentation, those at a break are
 * dropped. No line for empty input or after a final '\n'.
 */
static void
md_wrap(const struct md_runs *in, int width, size_t limit,
    struct md_wrapped *out)
{
	struct md_wrapper	w;
	size_t			a = 0, b;

	memset(&w, 0, sizeof(w));
	w.in = in;
	w.width = width < 1 ? 1 : width;
	w.out = out;
	w.limit = out->n + limit;
	while (a < in->len && out->n < w.limit) {
		for (b = a; b < in->len && in->text[b] != '\n'; b++)
			continue;
		md_wrap_hard(&w, a, b);
		a = b + 1;
	}
	md_runs_release(&w.line);
}

/* ---- Laying out lines ------------------------------------------------ */

/*
 * A container's decoration: a quote's bar, or a list item's marker
 * (bullet or right-aligned number) whose continuation lines get as many
 * spaces, so they hang under the item's text.
 */
struct md_seg {
	char		mark[48];
	unsigned	style;
	int		link;
	int		lead;		/* spaces before the mark */
	int		trail;		/* spaces after it */
	int		width;		/* lead + mark + trail */
	int		repeat;		/* every line shows the mark (quotes) */
	int		used;		/* a line has shown the mark */
};

struct md_out {
	struct md_doc		*doc;
	size_t			 cap;		/* of doc->lines */
	const struct text_glyphs	*g;
	unsigned		 opts;
	int			 width;
	struct md_seg		 segs[MD_MAX_DEPTH + 2];
	int			 nsegs;
	int			 prefix_w;	/* columns the segs take */
	int			 flat;		/* containers flattened */
	int			 bullets;	/* bullet lists around */
	int			 sep;		/* a blank line is due */
	int			 sep_depth;	/* segs it shows */
	struct md_runs		 pending;	/* markers of flattened items */
	int			 stop;		/* MD_MAX_LINES reached */
};

/* Columns left for content inside the current containers. */
static int
md_cw(const struct md_out *o)
{
	return o->width - o->prefix_w;
}

/* Lines that may still be added before the cap (one is kept for it). */
static size_t
md_room(const struct md_out *o)
{
	return o->doc->n + 1 < MD_MAX_LINES ? MD_MAX_LINES - 1 - o->doc->n : 0;
}

/* Adds line (taking its memory) to the document. */
static void
md_put(struct md_out *o, struct md_runs *line, size_t indent,
    unsigned flags, int heading, int quote)
{
	struct md_doc	*d = o->doc;
	struct md_line	*l;

	if (d->n == o->cap) {
		o->cap = o->cap != 0 ? o->cap * 2 : 32;
		d->lines = xrealloc(d->lines, o->cap * sizeof(*d->lines));
	}
	l = &d->lines[d->n++];
	memset(l, 0, sizeof(*l));
	l->text = line->text != NULL ? line->text : xstrdup("");
	l->spans = line->spans;
	l->nspans = line->n;
	l->indent = indent < line->len ? indent : line->len;
	l->width = text_width(l->text);
	l->flags = flags;
	l->heading = heading;
	l->quote = quote;
	memset(line, 0, sizeof(*line));
}

/* Ends the document with a marker saying it was cut short. */
static void
md_cut(struct md_out *o)
{
	struct md_runs	line;
	const char	*mark = o->g->cut;

	if (o->stop)
		return;
	o->stop = 1;
	o->doc->truncated = 1;
	memset(&line, 0, sizeof(line));
	if (text_width(mark) > o->width)
		mark = o->g->clip;
	md_runs_adds(&line, mark, MD_ST_DIM, 0);
	md_put(o, &line, 0, 0, 0, 0);
}

/*
 * Appends the decoration of the first depth containers to line: marks
 * where they show (every line of a quote, the first line of an item),
 * spaces elsewhere. A line that is not blank uses up the items' marks.
 * Returns the number of quotes among them.
 */
static int
md_prefix(struct md_out *o, struct md_runs *line, int depth, int blank)
{
	struct md_seg	*s;
	int		 i, quotes = 0;

	for (i = 0; i < depth; i++) {
		s = &o->segs[i];
		quotes += s->repeat;
		if (!s->repeat && (blank || s->used)) {
			md_runs_spaces(line, s->width, 0);
			continue;
		}
		md_runs_spaces(line, s->lead, 0);
		md_runs_adds(line, s->mark, s->style, s->link);
		md_runs_spaces(line, s->trail, 0);
		if (!blank)
			s->used = 1;
	}
	return quotes;
}

/* Emits the blank line due between two blocks. */
static void
md_blank(struct md_out *o, int depth)
{
	struct md_runs	line;
	int		quotes;

	if (md_room(o) == 0) {
		md_cut(o);
		return;
	}
	memset(&line, 0, sizeof(line));
	quotes = md_prefix(o, &line, depth, 1);
	md_runs_trim(&line);
	md_put(o, &line, line.len, 0, 0, quotes);
}

/*
 * Emits one line: the containers' decoration, then content (not taken).
 * extra is how many bytes at the start of content are decoration too (a
 * code block's indentation). Trailing spaces are dropped.
 */
static void
md_emit(struct md_out *o, const struct md_runs *content, size_t extra,
    unsigned flags, int heading)
{
	struct md_runs	line;
	size_t		indent;
	int		quotes;

	if (o->stop)
		return;
	if (o->sep) {
		o->sep = 0;
		if (o->doc->n > 0)
			md_blank(o, o->sep_depth);
		if (o->stop)
			return;
	}
	if (md_room(o) == 0) {
		md_cut(o);
		return;
	}
	memset(&line, 0, sizeof(line));
	quotes = md_prefix(o, &line, o->nsegs, 0);
	indent = line.len + extra;
	md_runs_append(&line, content);
	md_runs_trim(&line);
	md_put(o, &line, indent, flags, heading, quotes);
}

/* Asks for a blank line before whatever comes next at this depth. */
static void
md_want_sep(struct md_out *o)
{
	if (!o->sep || o->nsegs < o->sep_depth)
		o->sep_depth = o->nsegs;
	o->sep = 1;
}

/*
 * Enters a container with decoration s. Returns 1 if s is shown, 0 if
 * the container is flattened: its decoration would leave less than half
 * the width to the text, or one outside it was flattened already.
 */
static int
md_push(struct md_out *o, const struct md_seg *s)
{
	if (o->flat > 0 || o->nsegs >= (int)G_NELEM(o->segs) ||
	    o->prefix_w + s->width > o->width / 2) {
		o->flat++;
		return 0;
	}
	o->segs[o->nsegs++] = *s;
	o->prefix_w += s->width;
	return 1;
}

/* Leaves the container md_push entered (pushed is what it returned). */
static void
md_pop(struct md_out *o, int pushed)
{
	if (!pushed) {
		o->flat--;
		return;
	}
	o->nsegs--;
	o->prefix_w -= o->segs[o->nsegs].width;
	if (o->sep && o->sep_depth > o->nsegs)
		o->sep_depth = o->nsegs;
}


/*
 * Wraps content (after any pending markers) to the content width and
 * emits it. Returns the widest line's width.
 */
static int
md_emit_wrapped(struct md_out *o, const struct md_runs *content,
    int heading)
{
	struct md_wrapped	 w;
	struct md_runs		 all;
	const struct md_runs	*in = content;
	size_t			 i;
	int			 lw, maxw = 0;

	memset(&w, 0, sizeof(w));
	memset(&all, 0, sizeof(all));
	if (o->pending.len > 0) {
		md_runs_append(&all, &o->pending);
		md_runs_append(&all, content);
		md_runs_clear(&o->pending);
		in = &all;
	}
	md_wrap(in, md_cw(o), md_room(o) + 1, &w);
	for (i = 0; i < w.n && !o->stop; i++) {
		lw = text_width(w.v[i].text != NULL ? w.v[i].text : "");
		if (lw > maxw)
			maxw = lw;
		md_emit(o, &w.v[i], 0, 0, heading);
	}
	md_wrapped_release(&w);
	md_runs_release(&all);
	return maxw;
}

/* Emits (wrapped) the markers of flattened items no text has taken. */
static void
md_flush_pending(struct md_out *o)
{
	struct md_runs	empty;

	if (o->pending.len == 0)
		return;
	memset(&empty, 0, sizeof(empty));
	md_emit_wrapped(o, &empty, 0);
}

/* ---- Blocks ---------------------------------------------------------- */

/* A heading; levels 1 and 2 are underlined as wide as their text. */
static void
md_render_heading(struct md_out *o, const struct md_node *n)
{
	struct md_runs	rule;
	int		w;

	w = md_emit_wrapped(o, &n->runs, n->level);
	if (n->level > 2 || w == 0)
		return;
	memset(&rule, 0, sizeof(rule));
	md_runs_repeat(&rule, n->level == 1 ? o->g->rule2 : o->g->rule, w,
	    MD_ST_HEADING);
	md_emit(o, &rule, 0, 0, n->level);
	md_runs_release(&rule);
}

/* A thematic break: a rule across the content width. */
static void
md_render_rule(struct md_out *o)
{
	struct md_runs	rule;

	md_flush_pending(o);
	memset(&rule, 0, sizeof(rule));
	md_runs_repeat(&rule, o->g->rule, md_cw(o), MD_ST_RULE);
	md_emit(o, &rule, 0, 0, 0);
	md_runs_release(&rule);
}

/*
 * Sanitizes raw text (a code or HTML block, newlines kept), expands tabs
 * to stops every MD_TAB columns and drops the final newline. Returns a
 * string the caller frees.
 */
static char *
md_clean_raw(const struct md_runs *raw)
{
	struct md_runs	 r;
	struct text_glyph	 g;
	char		*clean;
	size_t		 i = 0, len;
	int		 col = 0;

	clean = text_sanitize(raw->text, raw->len, 1);
	if (clean == NULL) {
		fputs("guild: out of memory\n", stderr);
		exit(1);
	}
	memset(&r, 0, sizeof(r));
	len = strlen(clean);
	if (len > 0 && clean[len - 1] == '\n')
		len--;
	while (i < len) {
		if (clean[i] == '\t') {
			md_runs_spaces(&r, MD_TAB - col % MD_TAB, 0);
			col += MD_TAB - col % MD_TAB;
			i++;
		} else if (clean[i] == '\n') {
			md_runs_add(&r, "\n", 1, 0, 0);
			col = 0;
			i++;
		} else {
			text_glyph_at(clean, i, len, &g);
			md_runs_add(&r, clean + i, g.len, 0, 0);
			col += g.width;
			i += g.len;
		}
	}
	free(clean);
	free(r.spans);
	return r.text != NULL ? r.text : xstrdup("");
}

/*
 * One line of a code block: indented, never wrapped; with MD_OPT_CLIP
 * cut to the content width with a marker (a wide character that would
 * straddle the edge becomes a space).
 */
static void
md_emit_code_line(struct md_out *o, const char *s, size_t len, int indent)
{
	struct md_runs	 line;
	char		*text;
	size_t		 keep;
	int		 cw = md_cw(o), w, used;
	unsigned	 flags = MD_LINE_CODE;

	memset(&line, 0, sizeof(line));
	md_runs_spaces(&line, indent, 0);
	text = xstrndup(s, len);
	w = text_width(text);
	if ((o->opts & MD_OPT_CLIP) && indent + w > cw) {
		keep = text_prefix_bytes(text, cw - indent - 1);
		text[keep] = '\0';
		used = text_width(text);
		md_runs_add(&line, text, keep, MD_ST_CODEBLOCK, 0);
		md_runs_spaces(&line, cw - indent - 1 - used, MD_ST_CODEBLOCK);
		md_runs_adds(&line, o->g->clip, MD_ST_DIM, 0);
		flags |= MD_LINE_CLIPPED;
	} else
		md_runs_add(&line, text, len, MD_ST_CODEBLOCK, 0);
	md_emit(o, &line, (size_t)indent, flags, 0);
	md_runs_release(&line);
	free(text);
}

/* A code block, line by line. */
static void
md_render_code(struct md_out *o, const struct md_node *n)
{
	char	*s, *p, *nl;
	int	 indent = md_cw(o) >= MD_CODE_MINW ? MD_CODE_INDENT : 0;

	md_flush_pending(o);
	if (n->runs.len == 0)
		return;
	s = md_clean_raw(&n->runs);
	for (p = s; !o->stop; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL) {
			md_emit_code_line(o, p, strlen(p), indent);
			break;
		}
		md_emit_code_line(o, p, (size_t)(nl - p), indent);
	}
	free(s);
}

/* A raw HTML block: shown as written, line by line, wrapped. */
static void
md_render_html(struct md_out *o, const struct md_node *n)
{
	struct md_runs	 r;
	char		*s;

	s = md_clean_raw(&n->runs);
	memset(&r, 0, sizeof(r));
	md_runs_adds(&r, s, MD_ST_CODE, 0);
	md_emit_wrapped(o, &r, 0);
	md_runs_release(&r);
	free(s);
}

/* ---- Tables ---------------------------------------------------------- */

/* Cell c of row, or NULL when the row is shorter. */
static const struct md_node *
md_cell(const struct md_node *row, size_t c)
{
	const struct md_node	*n = row->first;

	for (; n != NULL && c > 0; c--)
		n = n->next;
	return n;
}

/* The display width of a cell's text. */
static int
md_cell_width(const struct md_node *cell)
{
	return cell != NULL && cell->runs.text != NULL ?
	    text_width(cell->runs.text) : 0;
}

/* A rule under the header (or between rows): ─── joined by ─┼─. */
static void
md_table_rule(struct md_out *o, const int *colw, size_t ncols)
{
	struct md_runs	line;
	size_t		c;

	memset(&line, 0, sizeof(line));
	for (c = 0; c < ncols; c++) {
		if (c > 0)
			md_runs_adds(&line, o->g->tcross, MD_ST_TABLE, 0);
		md_runs_repeat(&line, o->g->rule, colw[c], MD_ST_TABLE);
	}
	md_emit(o, &line, 0, 0, 0);
	md_runs_release(&line);
}

/* One table row: each cell wrapped in its column, aligned, side by side. */
static void
md_table_row(struct md_out *o, const struct md_node *row, const int *colw,
    const int *align, size_t ncols)
{
	struct md_wrapped	*cells;
	const struct md_node	*cell;
	const struct md_runs	*piece;
	struct md_runs		 line;
	size_t			 c, k, height = 1;
	int			 w, pad;

	cells = xcalloc(ncols, sizeof(*cells));
	for (c = 0, cell = row->first; c < ncols; c++) {
		if (cell != NULL) {
			md_wrap(&cell->runs, colw[c], md_room(o) + 1,
			    &cells[c]);
			cell = cell->next;
		}
		if (cells[c].n > height)
			height = cells[c].n;
	}
	memset(&line, 0, sizeof(line));
	for (k = 0; k < height && !o->stop; k++) {
		md_runs_clear(&line);
		for (c = 0; c < ncols; c++) {
			if (c > 0)
				md_runs_adds(&line, o->g->tsep, MD_ST_TABLE, 0);
			piece = k < cells[c].n ? &cells[c].v[k] : NULL;
			w = piece != NULL && piece->text != NULL ?
			    text_width(piece->text) : 0;
			pad = colw[c] - w;
			if (align[c] == MD_ALIGN_RIGHT)
				md_runs_spaces(&line, pad, 0);
			else if (align[c] == MD_ALIGN_CENTER)
				md_runs_spaces(&line, pad / 2, 0);
			if (piece != NULL)
				md_runs_append(&line, piece);
			if (align[c] == MD_ALIGN_CENTER)
				md_runs_spaces(&line, pad - pad / 2, 0);
			else if (align[c] != MD_ALIGN_RIGHT)
				md_runs_spaces(&line, pad, 0);
		}
		md_emit(o, &line, 0, 0, 0);
	}
	md_runs_release(&line);
	for (c = 0; c < ncols; c++)
		md_wrapped_release(&cells[c]);
	free(cells);
}

/*
 * Column widths for a table whose natural widths nat do not fit in avail
 * columns: the narrow columns keep theirs, the wide ones share the rest
 * (the largest cap T with sum(min(nat, T)) <= avail, the leftover spread
 * one column each). avail is at least MD_COL_MIN per column.
 */
static void
md_table_shrink(const int *nat, int *colw, size_t ncols, long avail)
{
	long	lo = MD_COL_MIN, hi = 0, mid, sum;
	size_t	c;

	for (c = 0; c < ncols; c++)
		if (nat[c] > hi)
			hi = nat[c];
	while (lo < hi) {
		mid = lo + (hi - lo + 1) / 2;
		for (sum = 0, c = 0; c < ncols; c++)
			sum += nat[c] < mid ? nat[c] : mid;
		if (sum <= avail)
			lo = mid;
		else
			hi = mid - 1;
	}
	for (sum = 0, c = 0; c < ncols; c++) {
		colw[c] = nat[c] < lo ? nat[c] : (int)lo;
		sum += colw[c];
	}
	for (c = 0; c < ncols && sum < avail; c++) {
		if (nat[c] > colw[c]) {
			colw[c]++;
			sum++;
		}
	}
}

/*
 * A table too wide for even MD_COL_MIN columns each: every body row as
 * "Header: value" lines (a value that wraps indented 2), rows apart by a
 * blank line. A table without a
 * body shows its header cells alone.
 */
static void
md_table_stacked(struct md_out *o, const struct md_node *t, size_t ncols)
{
	const struct md_node	*head = NULL, *row, *cell, *label;
	struct md_runs		 content;
	struct md_seg		 hang;
	size_t			 c;
	int			 body = 0, first = 1, pushed;

	for (row = t->first; row != NULL; row = row->next) {
		if (row->head && head == NULL)
			head = row;
		body |= !row->head;
	}
	memset(&content, 0, sizeof(content));
	memset(&hang, 0, sizeof(hang));
	hang.width = 2;		/* no mark: continuation lines indent 2 */
	for (row = t->first; row != NULL && !o->stop; row = row->next) {
		if (body && row->head)
			continue;
		if (!first)
			md_emit(o, &content, 0, 0, 0);	/* blank */
		first = 0;
		for (c = 0; c < ncols && !o->stop; c++) {
			cell = md_cell(row, c);
			label = body && head != NULL ? md_cell(head, c) : NULL;
			md_runs_clear(&content);
			if (label != NULL && label->runs.len > 0) {
				md_runs_append(&content, &label->runs);
				md_runs_adds(&content, ":", MD_ST_BOLD, 0);
				md_runs_adds(&content, " ", 0, 0);
			}
			if (cell != NULL)
				md_runs_append(&content, &cell->runs);
			if (content.len == 0)
				continue;
			pushed = md_push(o, &hang);
			md_emit_wrapped(o, &content, 0);
			md_pop(o, pushed);
		}
		md_runs_clear(&content);
	}
	md_runs_release(&content);
}

/*
 * A table: columns as wide as their widest cell, shrunk to fit the width
 * (cells then wrap, and a rule parts rows that take several lines), a
 * rule under the header; stacked when the columns cannot fit at all.
 */
static void
md_render_table(struct md_out *o, const struct md_node *t)
{
	const struct md_node	*row, *cell;
	size_t			 ncols = 0, c;
	int			*nat, *colw, *align, multi = 0;
	long			 avail, sum = 0;

	md_flush_pending(o);
	for (row = t->first; row != NULL; row = row->next)
		if (row->nkids > ncols)
			ncols = row->nkids;
	if (ncols == 0)
		return;
	avail = (long)md_cw(o) - (long)(ncols - 1) * text_width(o->g->tsep);
	if (avail < (long)ncols * MD_COL_MIN) {
		md_table_stacked(o, t, ncols);
		return;
	}
	nat = xcalloc(ncols, sizeof(*nat));
	colw = xcalloc(ncols, sizeof(*colw));
	align = xcalloc(ncols, sizeof(*align));
	for (row = t->first; row != NULL; row = row->next) {
		for (c = 0, cell = row->first; cell != NULL;
		    c++, cell = cell->next) {
			if (md_cell_width(cell) > nat[c])
				nat[c] = md_cell_width(cell);
			if (row->head)
				align[c] = cell->align;
		}
	}
	for (c = 0; c < ncols; c++) {
		if (nat[c] < 1)
			nat[c] = 1;
		sum += nat[c];
	}
	if (sum <= avail)
		memcpy(colw, nat, ncols * sizeof(*colw));
	else {
		md_table_shrink(nat, colw, ncols, avail);
		multi = 1;
	}
	for (row = t->first; row != NULL && !o->stop; row = row->next) {
		if (row != t->first && !row->head && multi)
			md_table_rule(o, colw, ncols);
		md_table_row(o, row, colw, align, ncols);
		if (row->head && (row->next == NULL || !row->next->head) &&
		    !multi)
			md_table_rule(o, colw, ncols);
	}
	free(nat);
	free(colw);
	free(align);
}

/* ---- Containers ------------------------------------------------------ */

static void	md_render_children(struct md_out *, const struct md_node *,
		    int);

/* A block quote: a bar before each of its lines, blank ones included. */
static void
md_render_quote(struct md_out *o, const struct md_node *n)
{
	struct md_seg	s;
	struct md_runs	empty;
	size_t		before = o->doc->n;
	int		pushed;

	memset(&s, 0, sizeof(s));
	snprintf(s.mark, sizeof(s.mark), "%s", o->g->bar);
	s.style = MD_ST_QUOTE;
	s.trail = 1;
	s.width = 2;
	s.repeat = 1;
	pushed = md_push(o, &s);
	md_render_children(o, n, 0);
	if (pushed && o->doc->n == before) {
		memset(&empty, 0, sizeof(empty));
		md_emit(o, &empty, 0, 0, 0);
	}
	md_pop(o, pushed);
}

/* Decimal digits of v. */
static int
md_digits(unsigned long long v)
{
	int	d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

/* The marker of a flattened item (a MARK) goes before its text. */
static void
md_render_mark(struct md_out *o, const struct md_node *n)
{
	char	mark[48];

	if (n->ordered)
		snprintf(mark, sizeof(mark), "%llu%c", n->num, n->delim);
	else
		snprintf(mark, sizeof(mark), "%s",
		    o->g->bullet[o->bullets % 3]);
	md_runs_adds(&o->pending, mark, MD_ST_LISTMARK, 0);
	md_runs_adds(&o->pending, " ", 0, 0);
}

/*
 * A list: each item behind its marker, continuation lines hanging under
 * its text; numbers right-aligned on the widest; loose lists have a blank
 * line between items.
 */
static void
md_render_list(struct md_out *o, const struct md_node *l)
{
	const struct md_node	*item;
	struct md_seg		 s;
	struct md_runs		 empty;
	unsigned long long	 num = l->num;
	size_t			 before;
	int			 pushed, numw;

	numw = md_digits(l->num + (l->nkids > 0 ? l->nkids - 1 : 0));
	memset(&empty, 0, sizeof(empty));
	for (item = l->first; item != NULL && !o->stop; item = item->next) {
		memset(&s, 0, sizeof(s));
		if (l->ordered) {
			snprintf(s.mark, sizeof(s.mark), "%llu%c", num,
			    l->delim);
			s.lead = numw - md_digits(num);
			num++;
		} else
			snprintf(s.mark, sizeof(s.mark), "%s",
			    o->g->bullet[o->bullets % 3]);
		s.style = MD_ST_LISTMARK;
		s.trail = 1;
		s.width = s.lead + text_width(s.mark) + s.trail;
		before = o->doc->n;
		pushed = md_push(o, &s);
		if (!pushed) {
			md_runs_adds(&o->pending, s.mark, MD_ST_LISTMARK, 0);
			md_runs_adds(&o->pending, " ", 0, 0);
		}
		if (!l->ordered)
			o->bullets++;
		md_render_children(o, item, l->tight);
		if (!l->ordered)
			o->bullets--;
		if (pushed && !o->segs[o->nsegs - 1].used)
			md_emit(o, &empty, 0, 0, 0);	/* an empty item */
		if (!pushed)
			md_flush_pending(o);
		md_pop(o, pushed);
		if (!l->tight && o->doc->n > before)
			md_want_sep(o);
	}
}

static void
md_render_node(struct md_out *o, const struct md_node *n)
{
	switch (n->kind) {
	case MDN_QUOTE:
		md_render_quote(o, n);
		break;
	case MDN_LIST:
		md_render_list(o, n);
		break;
	case MDN_MARK:
		md_render_mark(o, n);
		break;
	case MDN_PARA:
		md_emit_wrapped(o, &n->runs, 0);
		break;
	case MDN_HEADING:
		md_render_heading(o, n);
		break;
	case MDN_CODE:
		md_render_code(o, n);
		break;
	case MDN_HTML:
		md_render_html(o, n);
		break;
	case MDN_RULE:
		md_render_rule(o);
		break;
	case MDN_TABLE:
		md_render_table(o, n);
		break;
	default:		/* DOC, ITEM, ROW, CELL: handled by parents */
		md_render_children(o, n, 0);
		break;
	}
}

/*
 * The blocks under p, a blank line after each that showed anything
 * unless p is an item of a tight list, or the block is the text of a
 * tight item flattened into p.
 */
static void
md_render_children(struct md_out *o, const struct md_node *p, int tight)
{
	const struct md_node	*c;
	size_t			 before;

	for (c = p->first; c != NULL && !o->stop; c = c->next) {
		before = o->doc->n;
		md_render_node(o, c);
		if (!tight && !(c->kind == MDN_PARA && c->tight) &&
		    o->doc->n > before)
			md_want_sep(o);
	}
}

/* The numbered URLs under the text: "[N] URL", URLs hanging under. */
static void
md_render_links(struct md_out *o, const struct md_linktab *t)
{
	struct md_runs	content;
	struct md_seg	s;
	size_t		i;
	int		pushed;

	memset(&content, 0, sizeof(content));
	for (i = 0; i < t->n && !o->stop; i++) {
		memset(&s, 0, sizeof(s));
		snprintf(s.mark, sizeof(s.mark), "[%zu]", i + 1);
		s.style = MD_ST_DIM;
		s.link = (int)i + 1;
		s.trail = 1;
		s.width = (int)strlen(s.mark) + 1;
		md_runs_clear(&content);
		pushed = md_push(o, &s);
		if (!pushed) {
			md_runs_adds(&content, s.mark, MD_ST_DIM, s.link);
			md_runs_adds(&content, " ", 0, 0);
		}
		md_runs_adds(&content, t->urls[i], MD_ST_LINK, s.link);
		md_emit_wrapped(o, &content, 0);
		md_pop(o, pushed);
	}
	md_runs_release(&content);
}

/* ---- The interface --------------------------------------------------- */

/* See markdown.h. */
int
md_render(const char *src, size_t len, int width, unsigned opts,
    struct md_doc *out)
{
	struct md_linktab	 links;
	struct md_node		*root = NULL;
	struct md_out		 o;
	int			 cut = 0;

	memset(out, 0, sizeof(*out));
	memset(&links, 0, sizeof(links));
	if (src == NULL)
		len = 0;
	if (len > MD_MAX_INPUT) {
		len = MD_MAX_INPUT;
		cut = 1;
	}
	if (md_build_tree(src, len, &links, &root) != 0) {
		md_node_free(root);
		md_linktab_release(&links);
		return -1;
	}
	memset(&o, 0, sizeof(o));
	o.doc = out;
	o.opts = opts;
	o.g = (opts & MD_OPT_ASCII) ? &md_glyphs_ascii : &md_glyphs_utf8;
	o.width = width < MD_WIDTH_MIN ? MD_WIDTH_MIN :
	    width > MD_WIDTH_MAX ? MD_WIDTH_MAX : width;
	out->width = o.width;
	out->opts = opts;
	md_render_children(&o, root, 0);
	md_flush_pending(&o);
	md_node_free(root);
	if (!(opts & MD_OPT_NOLINKS) && links.n > 0) {
		md_want_sep(&o);
		md_render_links(&o, &links);
	}
	if (cut)
		md_cut(&o);
	md_runs_release(&o.pending);
	out->links = links.urls;
	out->nlinks = links.n;
	free(links.slots);
	if (out->lines == NULL)
		out->lines = xcalloc(1, sizeof(*out->lines));
	return 0;
}

void
md_doc_release(struct md_doc *doc)
{
	size_t	i;

	if (doc == NULL)
		return;
	for (i = 0; i < doc->n; i++) {
		free(doc->lines[i].text);
		free(doc->lines[i].spans);
	}
	free(doc->lines);
	for (i = 0; i < doc->nlinks; i++)
		free(doc->links[i]);
	free(doc->links);
	memset(doc, 0, sizeof(*doc));
}

/* The SGR parameters for a style ("1;4"), empty for none. */
static void
md_sgr(unsigned style, char *out, size_t outsz)
{
	static const struct {
		unsigned	 bits;
		const char	*sgr;
	} map[] = {
		{ MD_ST_BOLD | MD_ST_HEADING, "1" },
		{ MD_ST_DIM | MD_ST_QUOTE | MD_ST_TABLE | MD_ST_RULE, "2" },
		{ MD_ST_ITALIC, "3" },
		{ MD_ST_LINK, "4" },
		{ MD_ST_STRIKE, "9" },
	};
	size_t	i, len = 0;

	out[0] = '\0';
	for (i = 0; i < G_NELEM(map); i++) {
		if ((style & map[i].bits) == 0)
			continue;
		snprintf(out + len, outsz - len, "%s%s", len > 0 ? ";" : "",
		    map[i].sgr);
		len = strlen(out);
	}
}

/* See markdown.h. */
int
md_doc_print(FILE *fp, const struct md_doc *doc, unsigned flags)
{
	const struct md_line	*l;
	const struct md_span	*sp;
	char			 sgr[32];
	size_t			 i, j;

	for (i = 0; i < doc->n; i++) {
		l = &doc->lines[i];
		if (!(flags & MD_PRINT_SGR))
			fputs(l->text, fp);
		for (j = 0; (flags & MD_PRINT_SGR) && j < l->nspans; j++) {
			sp = &l->spans[j];
			md_sgr(sp->style, sgr, sizeof(sgr));
			if (sgr[0] != '\0')
				fprintf(fp, "\033[%sm", sgr);
			fwrite(l->text + sp->off, 1, sp->len, fp);
			if (sgr[0] != '\0')
				fputs("\033[0m", fp);
		}
		putc('\n', fp);
	}
	return ferror(fp) ? -1 : 0;
}

void
md_cache_init(struct md_cache *cache)
{
	memset(cache, 0, sizeof(*cache));
}

/* See markdown.h. */
const struct md_doc *
md_cache_get(struct md_cache *cache, const char *src, size_t len,
    int width, unsigned opts)
{
	if (src == NULL)
		len = 0;
	if (cache->valid && cache->width == width && cache->opts == opts &&
	    cache->len == len && (len == 0 ||
	    memcmp(cache->src, src, len) == 0))
		return &cache->doc;
	md_cache_release(cache);
	if (md_render(src, len, width, opts, &cache->doc) != 0)
		return NULL;
	if (len > 0) {
		cache->src = xmalloc(len);
		memcpy(cache->src, src, len);
	}
	cache->len = len;
	cache->width = width;
	cache->opts = opts;
	cache->valid = 1;
	return &cache->doc;
}

void
md_cache_release(struct md_cache *cache)
{
	md_doc_release(&cache->doc);
	free(cache->src);
	memset(cache, 0, sizeof(*cache));
}

/*
 * Markdown to styled lines: posts, answers, lessons and descriptions are
 * parsed with md4c and laid out for a given width as lines of sanitized
 * text, each cut into spans of one style. The TUI draws the lines with
 * theme colors; the CLI prints them. No curses here: all of it is
 * unit-tested headless.
 *
 * The dialect is CommonMark with GitHub's tables, strikethrough and
 * permissive autolinks (www.x.org, http://x.org, a@b.org without <>).
 * Raw HTML is not interpreted: it is shown as text, in MD_ST_CODE style,
 * exactly as written (HTML blocks keep their line breaks). Entities are
 * decoded (numeric ones and the named ones of HTML 4 plus the few HTML 5
 * names the CommonMark spec uses; unknown names stay as written).
 *
 * Layout, in short: a blank line between blocks; headings in
 * MD_ST_HEADING (levels 1 and 2 underlined with a rule); paragraphs
 * word-wrapped with text_wrap's rules (spaces, between CJK characters,
 * combining marks kept with their base) and styles kept across breaks;
 * code blocks indented 2 and never wrapped; block quotes with a bar on
 * every line; list items with a bullet or a right-aligned number and a
 * hanging indent; tables in aligned columns, shrunk and wrapped to fit,
 * or one "Header: value" line per cell when even that cannot fit;
 * thematic breaks as a rule across the width; links and images followed
 * by a reference "[N]" whose URL is in links[N - 1] and listed under the
 * text. Every byte of text comes from text_sanitize, so no control
 * character or escape sequence can reach the terminal.
 */
#ifndef GUILD_MARKDOWN_H
#define GUILD_MARKDOWN_H

#include <stddef.h>
#include <stdio.h>

/*
 * Style bits of a span. A span may carry several (bold italic link).
 * The TUI maps them to theme elements: HEADING to heading, CODE and
 * CODEBLOCK to code, QUOTE to quote, LINK to link, DIM to dim, RULE and
 * TABLE to border; BOLD, ITALIC and STRIKE to attributes.
 */
enum md_style {
	MD_ST_BOLD	= 1u << 0,	/* strong emphasis, table headers */
	MD_ST_ITALIC	= 1u << 1,	/* emphasis */
	MD_ST_STRIKE	= 1u << 2,	/* ~~strikethrough~~ */
	MD_ST_CODE	= 1u << 3,	/* `inline code` and raw HTML */
	MD_ST_CODEBLOCK	= 1u << 4,	/* text of a code block */
	MD_ST_LINK	= 1u << 5,	/* link text (span.link is set) */
	MD_ST_HEADING	= 1u << 6,	/* heading text and its underline */
	MD_ST_QUOTE	= 1u << 7,	/* the bar in front of quoted lines */
	MD_ST_LISTMARK	= 1u << 8,	/* a bullet or an item number */
	MD_ST_RULE	= 1u << 9,	/* a thematic break */
	MD_ST_TABLE	= 1u << 10,	/* table borders */
	MD_ST_DIM	= 1u << 11	/* "[N]" references, clip markers,
					   "[image: ...]" brackets */
};

/*
 * A run of a line's text in one style. The spans of a line tile its text
 * exactly: in order, without gaps or overlap, each on UTF-8 boundaries,
 * together covering all of it (an empty line has none). Text without any
 * style is a span whose style is 0. link is the 1-based number of the
 * link the run belongs to (its text or its "[N]"), or 0.
 */
struct md_span {
	size_t		off;		/* byte offset in md_line.text */
	size_t		len;		/* bytes */
	unsigned	style;		/* enum md_style bits */
	int		link;
};

/* md_line.flags */
#define MD_LINE_CODE	0x01u	/* preformatted (a code block): never
				   wrapped, may be wider than the width
				   unless rendered with MD_OPT_CLIP */
#define MD_LINE_CLIPPED	0x02u	/* a code line cut to the width; it ends
				   with a marker ("…" or "~", MD_ST_DIM) */

/*
 * One output line: sanitized, valid UTF-8 without any control character
 * (not even a tab) and without trailing blanks. text[0..indent) is
 * decoration (quote bars, list markers, the indentation of list items and
 * code blocks, the "[N] " before a listed URL); text + indent is the
 * content, what a view scrolls horizontally in a code line, searches or
 * copies. width is the line's display width (text_width(text)).
 */
struct md_line {
	char		*text;
	struct md_span	*spans;
	size_t		 nspans;
	size_t		 indent;	/* bytes of decoration at the start */
	int		 width;		/* display columns */
	unsigned	 flags;		/* MD_LINE_* */
	int		 heading;	/* 1..6 inside a heading, else 0 */
	int		 quote;		/* block quotes around the line */
};

/*
 * A rendered document. links[i] is the URL of reference number i + 1
 * (sanitized, entities decoded, never NULL); the same URL gets the same
 * number each time it appears. truncated is set when the output caps
 * (MD_MAX_LINES, MD_MAX_INPUT) cut the document short; the last line
 * then says so.
 */
struct md_doc {
	struct md_line	 *lines;
	size_t		  n;
	char		**links;
	size_t		  nlinks;
	int		  width;	/* the width it was laid out for */
	unsigned	  opts;
	int		  truncated;
};

/* md_render options. */
#define MD_OPT_ASCII	0x01u	/* ASCII glyphs: '|' bars, '*' '-' '+'
				   bullets, '-' rules, '~' clip marker;
				   else │ • ◦ ▪ ─ … */
#define MD_OPT_CLIP	0x02u	/* clip code lines to the width with a
				   marker, so that every line fits */
#define MD_OPT_NOLINKS	0x04u	/* leave the "[N] URL" list out of the
				   lines (doc->links is filled anyway) */

/* Limits that keep hostile input bounded in time and memory. */
#define MD_WIDTH_MIN	2		/* narrower widths render at this */
#define MD_WIDTH_MAX	1000		/* wider widths render at this */
#define MD_MAX_DEPTH	16		/* nested quotes and list items;
					   deeper ones are flattened */
#define MD_MAX_LINKS	10000		/* more distinct URLs get no number */
#define MD_MAX_LINES	100000		/* lines of output, links included */
#define MD_MAX_INPUT	(16u << 20)	/* bytes of source read */

/*
 * Renders len bytes of Markdown (any bytes: NUL, invalid UTF-8 and
 * escape sequences are made safe) for width columns into *out, which it
 * overwrites without releasing. Every line fits in the width (after the
 * clamp to MD_WIDTH_MIN..MD_WIDTH_MAX), except MD_LINE_CODE lines when
 * MD_OPT_CLIP is not given. Containers nested deeper than MD_MAX_DEPTH,
 * or whose decoration would take more than half the width, are
 * flattened: their text is kept, without bar or indentation (a list
 * item's marker then starts its text). Returns 0; -1 (with *out empty)
 * when md4c fails. Allocation failure exits (xmalloc). The caller
 * releases *out with md_doc_release.
 */
int	 md_render(const char *src, size_t len, int width, unsigned opts,
	    struct md_doc *out);

/* Frees everything doc owns and leaves it empty; NULL is a no-op. */
void	 md_doc_release(struct md_doc *doc);

/* md_doc_print flags. */
#define MD_PRINT_SGR	0x01u	/* bold, italic, underline (links), strike
				   and dim as SGR escape sequences */

/*
 * Writes each line of doc and a newline to fp, plain or (MD_PRINT_SGR)
 * with the escape sequences md_doc_print itself makes for the styles.
 * Returns 0, or -1 when writing fails.
 */
int	 md_doc_print(FILE *fp, const struct md_doc *doc, unsigned flags);

/*
 * A rendered document remembered with what it was rendered from, so a
 * view that redraws often renders again only when the source, the width
 * or the options change. One cache per view (or per width a view shows).
 */
struct md_cache {
	char		*src;		/* copy of the source, NULL if empty */
	size_t		 len;
	int		 width;		/* as asked, before clamping */
	unsigned	 opts;
	int		 valid;
	struct md_doc	 doc;
};

void	 md_cache_init(struct md_cache *cache);

/*
 * The document for (src, len, width, opts): the cached one when all four
 * are the same as last time, else a fresh rendering that replaces it.
 * The result belongs to the cache and stays valid until the next
 * md_cache_get or md_cache_release. Returns NULL when md_render fails.
 */
const struct md_doc	*md_cache_get(struct md_cache *cache, const char *src,
			    size_t len, int width, unsigned opts);

/* Frees the cached document and source; the cache is empty and reusable. */
void	 md_cache_release(struct md_cache *cache);

#endif

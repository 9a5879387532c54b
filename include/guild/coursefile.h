/*
 * A course as one Markdown file, for instructors who keep courses in git:
 * a front-matter block, the description, then one "## " section per
 * lesson. `guild course new|push|pull` read and write it; the parser and
 * the writer are headless and unit-tested, and the writer's output always
 * parses back to the same course.
 *
 *	---
 *	title: Zig for C programmers
 *	slug: zig-from-c
 *	level: intermediate
 *	tags: [zig, systems]
 *	price: 159.00
 *	currency: CNY
 *	summary: Comptime, slices and error unions.
 *	published: no
 *	---
 *
 *	The description, in Markdown.
 *
 *	## Why Zig {preview}
 *	duration: 15
 *
 *	The lesson's body, in Markdown.
 *
 * Front matter: "key: value" lines between two "---" lines, the first on
 * line 1; blank lines and lines starting with '#' are skipped. A value in
 * double quotes loses one pair of them (to keep blanks around it). Keys:
 * title, slug, level (beginner, intermediate, advanced), tags ("[a, b]"
 * or "a, b"), price (decimal units of the currency, "199", "199.5" or
 * "199.50", or "free"; read exactly into minor units, never through
 * floating point), currency (three capital letters, default CNY),
 * summary, published (yes or no). Each key at most once.
 *
 * After it, the description runs up to the first lesson heading: a line
 * starting with "## " outside a fenced code block. A heading ending in
 * " {preview}" is a free preview. A "duration: MINUTES" line right under
 * the heading gives the lesson's length. Inside the description and the
 * bodies, a line that would read as a lesson heading is written with a
 * backslash ("\## Not a lesson"), and a code fence that is never closed
 * likewise; one leading backslash is removed from such lines when read.
 * Texts lose their leading blank lines and trailing blanks.
 */
#ifndef GUILD_COURSEFILE_H
#define GUILD_COURSEFILE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "model.h"

/* Limits, the same as guildd's (doc/api.md). */
#define CF_TITLE_MAX		200		/* characters */
#define CF_SUMMARY_MAX		500		/* characters */
#define CF_SLUG_MAX		64
#define CF_TAGS_MAX		10
#define CF_TAG_MAX		32		/* characters */
#define CF_PRICE_MAX		100000000	/* minor units */
#define CF_TEXT_MAX		(256 * 1024)	/* description, body: bytes */
#define CF_DURATION_MAX		1440		/* minutes */
#define CF_LESSONS_MAX		500
#define CF_FILE_MAX		(64u << 20)	/* bytes of a course file */

struct coursefile_lesson {
	char	*title;
	int	 preview;
	int	 duration_min;
	char	*body;		/* Markdown, never NULL */
	int	 line;		/* of its heading, for messages */
};

/*
 * A parsed course file. Strings are owned and never NULL when their has_
 * flag is set (title, slug and summary: NULL when the key is absent).
 * The has_ flags say which keys the file sets: push changes only those,
 * besides the description and the lessons, which the file always sets.
 */
struct coursefile {
	char				*title;
	char				*slug;
	char				*summary;
	char				*description;	/* never NULL */
	enum level			 level;
	int				 has_level;
	char				**tags;
	size_t				 ntags;
	int				 has_tags;
	struct money			 price;		/* currency always set */
	int				 has_price;
	int				 has_currency;
	int				 published;
	int				 has_published;
	struct coursefile_lesson	*lessons;
	size_t				 nlessons;
};

void	 coursefile_init(struct coursefile *);
void	 coursefile_release(struct coursefile *);

/*
 * Parses len bytes of text (any bytes) read from the file called name.
 * 0 with *cf filled (release it), or -1 with err (GERR_USAGE) naming the
 * line: "course.md:7: unknown level 'expert' (beginner, intermediate,
 * advanced)"; *cf is then empty.
 */
int	 coursefile_parse(struct coursefile *cf, const char *text, size_t len,
	    const char *name, struct gerr *err);

/*
 * Checks what `guild course new` needs beyond a valid file: title, slug
 * and level. 0, or -1 with err naming the file ("course.md:1: ...").
 */
int	 coursefile_check_new(const struct coursefile *, const char *name,
	    struct gerr *err);

/*
 * Parses a price in decimal units of currency ("199", "199.5", "199.50",
 * "free"; whole units only for currencies without minor units) into minor
 * units, exactly. 0, or -1 when s is not such a price within 0 ..
 * CF_PRICE_MAX.
 */
int	 coursefile_price_parse(const char *s, const char *currency,
	    int64_t *out);

/*
 * Appends the file for cf to out: every key (title, slug, level, tags,
 * price, currency, summary, published, each as set), the description and
 * the lessons, so that coursefile_parse gives back an equal course.
 * 0, or -1 with err when a value cannot be written (a line break in a
 * one-line field, a lesson title that ends in " {preview}").
 */
int	 coursefile_write(const struct coursefile *cf, struct buf *out,
	    struct gerr *err);

/*
 * The course as a file: every key set from c (with its description and
 * lesson outline) and the lessons' bodies from bodies[i] (NULL for
 * empty), one per c->lessons[i]. Fills *cf (release it).
 */
void	 coursefile_from_course(struct coursefile *cf, const struct course *c,
	    char *const *bodies);

/*
 * Text as the file keeps it: leading blank lines and trailing blanks
 * dropped. Caller frees. Compare a server's text with this to tell
 * whether it changed.
 */
char	*coursefile_text_norm(const char *s);

#endif

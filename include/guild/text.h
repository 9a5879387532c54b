/*
 * Terminal text: UTF-8 decoding, display widths, the one sanitizer every
 * server string passes before it reaches the screen, and word wrapping.
 * Nothing here touches curses, so all of it is unit-tested headless.
 */
#ifndef GUILD_TEXT_H
#define GUILD_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* U+FFFD, what invalid or dangerous input becomes. */
#define TEXT_REPLACEMENT	"\xef\xbf\xbd"

/*
 * Decodes one UTF-8 sequence from s (len bytes available). Returns the
 * number of bytes used (1..4) and sets *cp, or -1 for an invalid,
 * overlong, surrogate or truncated sequence (then skip one byte).
 */
int	 text_decode(const char *s, size_t len, uint32_t *cp);

/* Encodes cp into out (4 bytes room); returns bytes written. */
int	 text_encode(uint32_t cp, char *out);

/*
 * Display columns of one code point: 0 for combining marks and zero-width
 * characters, 2 for East Asian wide and fullwidth characters and emoji,
 * 1 otherwise. Locale-independent, so widths agree in tests and on any
 * terminal the client supports.
 */
int	 text_cpwidth(uint32_t cp);

/* Display columns of a (sanitized, valid) UTF-8 string. */
int	 text_width(const char *s);

/*
 * The sanitizer. Returns a new string (caller frees; NULL only on OOM)
 * with: C0 controls except '\n' and '\t', DEL, C1 controls (U+0080..U+009F
 * and raw 0x80..0x9F bytes), ESC together with the whole escape sequence
 * it starts (CSI, OSC, DCS, APC, PM, SOS, up to its terminator or the end
 * of input), bidi controls (U+202A..U+202E, U+2066..U+2069, U+061C,
 * U+200E, U+200F) and invalid UTF-8 each replaced by one U+FFFD.
 * Valid printable text passes byte for byte. keep_newlines=0 also turns
 * '\n' and '\t' into spaces (for one-line fields such as titles).
 * A '\r' right before '\n' is dropped: CRLF reads as one newline.
 */
char	*text_sanitize(const char *s, size_t len, int keep_newlines);

/*
 * The longest prefix of s that fits in width columns, as a byte length;
 * never splits a code point or separates a combining mark from its base.
 */
size_t	 text_prefix_bytes(const char *s, int width);

/*
 * s cut to width columns with "…" (or "~" when ascii) when it is longer,
 * padded with spaces to exactly width columns when pad is set. Caller
 * frees. A wide character that would straddle the edge becomes a space.
 */
char	*text_fit(const char *s, int width, int pad, int ascii);

/* A glyph: one code point and the zero-width code points after it. */
struct text_glyph {
	size_t		len;	/* bytes */
	int		width;	/* columns */
	uint32_t	base;	/* first code point (U+FFFD if invalid) */
	uint32_t	last;	/* last code point */
};

/*
 * Reads the glyph at s[i..end) into g: the code point at i (an invalid
 * byte is a one-column glyph of its own) and every zero-width code point
 * after it, so combining marks stay with their base.
 */
void	 text_glyph_at(const char *s, size_t i, size_t end,
	    struct text_glyph *g);
/*
 * 1 when a line may break between the adjacent glyphs a and b without a
 * space: next to a wide (CJK, emoji) glyph, but never inside a ZWJ
 * sequence, before closing or after opening punctuation. text_wrap and
 * the Markdown wrapper share this rule.
 */
int	 text_can_break(const struct text_glyph *a, const struct text_glyph *b);

/* Lines produced by text_wrap; each line owned by the struct. */
struct text_lines {
	char	**lines;
	size_t	  n;
	size_t	  cap;
};

/*
 * Word-wraps s to width columns: breaks at spaces, may break between any
 * two CJK characters, splits a word longer than the width, keeps hard
 * newlines, expands tabs to 4 columns. Appends to out. Returns 0, -1 on OOM.
 */
int	 text_wrap(const char *s, int width, struct text_lines *out);
void	 text_lines_release(struct text_lines *);

#endif

/* Unit tests of the terminal text module: UTF-8, widths, sanitizer, wrap. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700	/* wcwidth() */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <wchar.h>
#include <cmocka.h>

#include "guild/text.h"

#define R	TEXT_REPLACEMENT
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- helpers ---- */

/* Sanitizes the first len bytes of s; the caller frees. */
static char *
san_n(const char *s, size_t len, int keep)
{
	char	*out = text_sanitize(s, len, keep);

	assert_non_null(out);
	return out;
}

static char *
san(const char *s, int keep)
{
	return san_n(s, strlen(s), keep);
}

/* Asserts that sanitizing len bytes of s gives exactly want. */
static void
expect_san_n(const char *s, size_t len, int keep, const char *want)
{
	char	*out = san_n(s, len, keep);

	assert_string_equal(out, want);
	free(out);
}

static void
expect_san(const char *s, int keep, const char *want)
{
	expect_san_n(s, strlen(s), keep, want);
}

/*
 * Asserts out is safe to print: valid UTF-8, no C0 control but '\n' and
 * '\t' (none at all when !keep), no DEL, no C1 code point, no bidi
 * control.
 */
static void
assert_safe(const char *out, int keep)
{
	size_t		len = strlen(out), i = 0;
	uint32_t	cp;
	int		n;

	while (i < len) {
		n = text_decode(out + i, len - i, &cp);
		if (n < 0)
			fail_msg("invalid UTF-8 at byte %zu", i);
		if (cp < 0x20 && !(keep && (cp == '\n' || cp == '\t')))
			fail_msg("control U+%04X at byte %zu", (unsigned)cp, i);
		if (cp >= 0x7f && cp <= 0x9f)
			fail_msg("DEL/C1 U+%04X at byte %zu", (unsigned)cp, i);
		if (cp == 0x061c || cp == 0x200e || cp == 0x200f ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			fail_msg("bidi U+%04X at byte %zu", (unsigned)cp, i);
		i += (size_t)n;
	}
}

/* Number of U+FFFD in s. */
static int
count_repl(const char *s)
{
	int		 n = 0;
	const char	*p = s;

	while ((p = strstr(p, R)) != NULL) {
		n++;
		p += 3;
	}
	return n;
}

/* ---- UTF-8 ---- */

static void
test_decode_valid(void **state)
{
	static const struct {
		const char	*s;
		uint32_t	 cp;
	} ok[] = {
		{ "A", 'A' }, { "\x7f", 0x7f }, { "\xc2\x80", 0x80 },
		{ "\xc3\xa9", 0xe9 }, { "\xdf\xbf", 0x7ff },
		{ "\xe0\xa0\x80", 0x800 }, { "\xe4\xb8\xad", 0x4e2d },
		{ "\xed\x9f\xbf", 0xd7ff }, { "\xee\x80\x80", 0xe000 },
		{ "\xef\xbf\xbd", 0xfffd }, { "\xef\xbf\xbf", 0xffff },
		{ "\xf0\x90\x80\x80", 0x10000 },
		{ "\xf0\x9f\x91\x8d", 0x1f44d },
		{ "\xf4\x8f\xbf\xbf", 0x10ffff },
	};
	size_t		i;
	uint32_t	cp;

	(void)state;
	for (i = 0; i < NELEM(ok); i++) {
		cp = 0;
		assert_int_equal(text_decode(ok[i].s, strlen(ok[i].s), &cp),
		    (int)strlen(ok[i].s));
		assert_int_equal(cp, ok[i].cp);
	}
	/* Only the first sequence is read. */
	assert_int_equal(text_decode("\xc3\xa9z", 3, &cp), 2);
	assert_int_equal(text_decode("", 0, &cp), -1);
}

static void
test_decode_invalid(void **state)
{
	static const char *const bad[] = {
		"\x80", "\xbf",				/* stray continuation */
		"\xc0\x80", "\xc1\xbf",			/* overlong 2 */
		"\xe0\x80\x80", "\xe0\x9f\xbf",		/* overlong 3 */
		"\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf",	/* overlong 4 */
		"\xed\xa0\x80", "\xed\xbf\xbf",		/* surrogates */
		"\xf4\x90\x80\x80", "\xf5\x80\x80\x80",	/* > U+10FFFF */
		"\xf7\xbf\xbf\xbf", "\xf8\x88\x80\x80\x80", "\xff", "\xfe",
		"\xc3", "\xe4\xb8", "\xf0\x9f\x91",	/* truncated */
		"\xc3(", "\xe4\xb8(", "\xf0\x9f\x91(",	/* cut short */
	};
	size_t		i;
	uint32_t	cp;

	(void)state;
	for (i = 0; i < NELEM(bad); i++)
		assert_int_equal(text_decode(bad[i], strlen(bad[i]), &cp), -1);
	/* A valid sequence with too few bytes available. */
	assert_int_equal(text_decode("\xe4\xb8\xad", 2, &cp), -1);
}

/* Every scalar value survives encode then decode. */
static void
test_encode_roundtrip(void **state)
{
	char		buf[4];
	uint32_t	cp, back;
	int		n;

	(void)state;
	for (cp = 0; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		n = text_encode(cp, buf);
		assert_int_equal(text_decode(buf, (size_t)n, &back), n);
		assert_int_equal(back, cp);
	}
	assert_int_equal(text_encode(0xd800, buf), 3);
	assert_memory_equal(buf, R, 3);
	assert_int_equal(text_encode(0x110000, buf), 3);
	assert_memory_equal(buf, R, 3);
}

/* ---- widths ---- */

static void
test_widths(void **state)
{
	(void)state;
	assert_int_equal(text_width("hello"), 5);
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width(NULL), 0);
	assert_int_equal(text_width("中文"), 4);
	assert_int_equal(text_width("日本語のかな"), 12);
	assert_int_equal(text_width("한국어"), 6);
	assert_int_equal(text_width("ｱｲｳ"), 3);		/* halfwidth kana */
	assert_int_equal(text_width("ＡＢ"), 4);		/* fullwidth */
	assert_int_equal(text_width("e\xcc\x81"), 1);	/* e + U+0301 */
	assert_int_equal(text_width("e\xcc\x87"), 1);	/* e + U+0307 */
	assert_int_equal(text_width("\xf0\x9f\x91\x8d"), 2);	/* 👍 */
	assert_int_equal(text_width("a中b👍e\xcc\x81"), 7);
	assert_int_equal(text_width("\xff"), 1);	/* shown as U+FFFD */
	assert_int_equal(text_cpwidth(0x0301), 0);
	assert_int_equal(text_cpwidth(0x200b), 0);
	assert_int_equal(text_cpwidth(0x200d), 0);
	assert_int_equal(text_cpwidth(0x2060), 0);
	assert_int_equal(text_cpwidth(0xfeff), 0);
	assert_int_equal(text_cpwidth(0xfe0f), 0);
	assert_int_equal(text_cpwidth(0xe0100), 0);
	assert_int_equal(text_cpwidth(0x1160), 0);
	assert_int_equal(text_cpwidth(0x11ff), 0);
	assert_int_equal(text_cpwidth(0x00ad), 1);	/* soft hyphen */
	assert_int_equal(text_cpwidth(0x1100), 2);
	assert_int_equal(text_cpwidth(0x3000), 2);
	assert_int_equal(text_cpwidth(0x303f), 1);
	assert_int_equal(text_cpwidth(0xac00), 2);
	assert_int_equal(text_cpwidth(0xd7a3), 2);
	assert_int_equal(text_cpwidth(0xff01), 2);
	assert_int_equal(text_cpwidth(0xff61), 1);
	assert_int_equal(text_cpwidth(0x20000), 2);
	assert_int_equal(text_cpwidth(0x3fffd), 2);
	assert_int_equal(text_cpwidth(0x1f600), 2);
	assert_int_equal(text_cpwidth(0x1f680), 2);
	assert_int_equal(text_cpwidth(0x1f92f), 2);
	assert_int_equal(text_cpwidth(0x2614), 2);	/* umbrella, W */
	assert_int_equal(text_cpwidth(0x2600), 1);	/* sun, N */
	assert_int_equal(text_cpwidth(0x1f1e6), 1);	/* regional A */
	assert_int_equal(text_cpwidth('A'), 1);
	assert_int_equal(text_cpwidth(0xe9), 1);
}

/*
 * Our tables against glibc's wcwidth() in C.UTF-8, over samples from the
 * scripts the client shows. Code points glibc does not know (newer than
 * its Unicode version) are skipped.
 */
static void
test_widths_match_glibc(void **state)
{
	static const struct {
		uint32_t	lo, hi;
	} sample[] = {
		{ 0x20, 0x7e }, { 0xa0, 0x24f }, { 0x300, 0x36f },
		{ 0x483, 0x489 }, { 0x591, 0x5c7 }, { 0x610, 0x61a },
		{ 0x900, 0x97f }, { 0xe00, 0xe7f }, { 0x1100, 0x11ff },
		{ 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff }, { 0x200b, 0x200f },
		{ 0x2010, 0x205f }, { 0x2060, 0x2064 }, { 0x20d0, 0x20f0 },
		{ 0x2190, 0x21ff }, { 0x2300, 0x23ff }, { 0x2500, 0x27bf },
		{ 0x2e80, 0x2fdf }, { 0x3000, 0x30ff }, { 0x3130, 0x318f },
		{ 0x3200, 0x33ff }, { 0x4dc0, 0x4e80 }, { 0x9f00, 0x9fff },
		{ 0xa960, 0xa97f }, { 0xac00, 0xac80 }, { 0xd780, 0xd7ff },
		{ 0xf900, 0xf9ff }, { 0xfe00, 0xfe6f }, { 0xfeff, 0xfeff },
		{ 0xff00, 0xffef }, { 0x1f000, 0x1faff },
		{ 0x20000, 0x20100 }, { 0x2f800, 0x2fa1d },
		{ 0xe0001, 0xe007f }, { 0xe0100, 0xe01ef },
	};
	size_t		i;
	uint32_t	cp;
	int		g, ours, checked = 0, differ = 0;

	(void)state;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		skip();
	for (i = 0; i < NELEM(sample); i++) {
		for (cp = sample[i].lo; cp <= sample[i].hi; cp++) {
			g = wcwidth((wchar_t)cp);
			if (g < 0)
				continue;
			ours = text_cpwidth(cp);
			checked++;
			if (ours != g) {
				differ++;
				print_message("# U+%04X ours %d glibc %d\n",
				    (unsigned)cp, ours, g);
			}
		}
	}
	setlocale(LC_CTYPE, "C");
	print_message("# %d code points checked against glibc\n", checked);
	assert_true(checked > 5000);
	assert_int_equal(differ, 0);
}

/* ---- sanitizer ---- */

/* Each of U+0000..U+00A0 alone, as UTF-8, in both modes. */
static void
test_sanitize_low_code_points(void **state)
{
	char		in[4], want[8];
	uint32_t	cp;
	int		n, keep;
	char		*out;

	(void)state;
	for (keep = 0; keep <= 1; keep++) {
		for (cp = 0; cp <= 0xa0; cp++) {
			n = text_encode(cp, in);
			out = san_n(in, (size_t)n, keep);
			if (cp == '\n' || cp == '\t') {
				want[0] = keep ? (char)cp : ' ';
				want[1] = '\0';
			} else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
				memcpy(want, R, 4);
			else {
				memcpy(want, in, (size_t)n);
				want[n] = '\0';
			}
			if (strcmp(out, want) != 0)
				fail_msg("U+%04X keep=%d", (unsigned)cp, keep);
			assert_safe(out, keep);
			free(out);
		}
	}
	/* Printable ASCII and U+00A0 pass in one piece too. */
	expect_san(" !\"#$%&'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~\xc2\xa0",
	    1, " !\"#$%&'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~\xc2\xa0");
	/* Embedded NUL: s need not be a C string. */
	expect_san_n("a\0b", 3, 1, "a" R "b");
	expect_san_n("", 0, 1, "");
}

static void
test_sanitize_newlines(void **state)
{
	(void)state;
	expect_san("a\nb\tc", 1, "a\nb\tc");
	expect_san("a\nb\tc", 0, "a b c");
	expect_san("a\r\nb", 1, "a\nb");
	expect_san("a\r\nb", 0, "a b");
	expect_san("a\rb", 1, "a" R "b");
	expect_san("a\r", 1, "a" R);
	expect_san("a\r\r\nb", 1, "a" R "\nb");
	expect_san("\x01\x07\x08\x0b\x0c\x7f", 1, R R R R R R);
}

static void
test_sanitize_bidi(void **state)
{
	static const uint32_t	bidi[] = {
		0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d,
		0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
	};
	char			in[16], *out;
	size_t			i;
	int			n;

	(void)state;
	for (i = 0; i < NELEM(bidi); i++) {
		in[0] = 'a';
		n = text_encode(bidi[i], in + 1);
		in[n + 1] = 'b';
		out = san_n(in, (size_t)n + 2, 1);
		assert_string_equal(out, "a" R "b");
		free(out);
	}
	/* Zero-width characters that are not bidi controls stay. */
	expect_san("a\xe2\x80\x8b" "b\xe2\x80\x8d" "c", 1,
	    "a\xe2\x80\x8b" "b\xe2\x80\x8d" "c");
}

/* Escape sequences: each becomes one U+FFFD, payload and all. */
static void
test_sanitize_escapes(void **state)
{
	static const struct {
		const char	*in;
		const char	*want;
	} t[] = {
		/* OSC 52 clipboard write, BEL and ST terminated. */
		{ "a\x1b]52;c;ZWNobyBvd25lZA==\x07z", "a" R "z" },
		{ "a\x1b]52;c;ZWNobyBvd25lZA==\x1b\\z", "a" R "z" },
		/* OSC 0 window title. */
		{ "\x1b]0;you have been pwned\x07ok", R "ok" },
		/* OSC 8 hyperlink around text. */
		{ "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\",
		    R "click" R },
		/* CSI: clear screen, cursor report, colours, private. */
		{ "x\x1b[2Jy", "x" R "y" },
		{ "x\x1b[6ny", "x" R "y" },
		{ "\x1b[38;5;196mred\x1b[0m", R "red" R },
		{ "\x1b[?1049h\x1b[?25l!", R R "!" },
		{ "\x1b[ q.", R "." },
		/* A CSI cut short by a byte that cannot belong to it. */
		{ "\x1b[12\nz", R "\nz" },
		{ "\x1b[1\x1b[2Jz", R R "z" },
		{ "\x1b[", R },
		/* Two-byte and designator sequences. */
		{ "a\x1b" "cb", "a" R "b" },
		{ "a\x1b" "7b\x1b" "8c", "a" R "b" R "c" },
		{ "\x1b(Bz", R "z" },
		{ "\x1b#8z", R "z" },
		{ "\x1b\x1b" "cz", R R "z" },
		{ "abc\x1b", "abc" R },
		{ "\x1b\xc3\xa9", R "\xc3\xa9" },
		/* Unterminated strings swallow the rest, one U+FFFD. */
		{ "x\x1b]0;never ends \x1b", "x" R R },
		{ "x\x1b]0;never ends", "x" R },
		{ "x\x1bPq#0;2;0;0;0#1;2;100;100;0", "x" R },
		/* DCS, SOS, PM, APC to ST. */
		{ "\x1bP+q544e\x1b\\after", R "after" },
		{ "\x1bXsos\x1b\\1", R "1" },
		{ "\x1b^pm\x1b\\2", R "2" },
		{ "\x1b_apc\x1b\\3", R "3" },
		/* An ESC inside a string ends it and starts its own. */
		{ "\x1bPpayload\x1b[2Jmore", R R "more" },
		/* Payload bytes that look like ST inside a character. */
		{ "\x1b]0;\xc5\x9c\xe4\xb8\xad\x07ok", R "ok" },
		/* 8-bit C1 forms as code points. */
		{ "\xc2\x9b" "31mred", R "red" },
		{ "\xc2\x9d" "0;title\xc2\x9cok", R "ok" },
		{ "\xc2\x9d" "0;title\x07ok", R "ok" },
		{ "\xc2\x90" "payload\x1b\\ok", R "ok" },
		{ "\xc2\x9f" "apc\xc2\x9cok", R "ok" },
		{ "\xc2\x85" "ok", R "ok" },
		/* ...and as raw bytes. */
		{ "\x9b" "2Jok", R "ok" },
		{ "\x9b" "6n", R },
		{ "\x9d" "52;c;aGk=\x07ok", R "ok" },
		{ "\x9d" "0;t\x9cok", R "ok" },
		{ "\x90" "q\x9cok", R "ok" },
		{ "\x9d" "unterminated", R },
		{ "\x85" "ok", R "ok" },
	};
	size_t	i;
	char	*out;

	(void)state;
	for (i = 0; i < NELEM(t); i++) {
		out = san(t[i].in, 1);
		if (strcmp(out, t[i].want) != 0)
			fail_msg("case %zu: got \"%s\"", i, out);
		assert_safe(out, 1);
		free(out);
		out = san(t[i].in, 0);
		assert_safe(out, 0);
		free(out);
	}
}

/* Invalid UTF-8: one U+FFFD per byte, nothing else lost. */
static void
test_sanitize_invalid(void **state)
{
	static const struct {
		const char	*in;
		int		 repl;
	} t[] = {
		{ "\xc0\x80", 2 }, { "\xc1\xbf", 2 },
		{ "\xe0\x80\x80", 3 }, { "\xe0\x9f\xbf", 3 },
		{ "\xf0\x80\x80\x80", 4 }, { "\xf0\x8f\xbf\xbf", 4 },
		{ "\xed\xa0\x80", 3 }, { "\xed\xbf\xbf", 3 },
		{ "\xed\xa0\xbd\xed\xb8\x80", 6 },	/* CESU-8 pair */
		{ "\xf4\x90\x80\x80", 4 }, { "\xf5\x80\x80\x80", 4 },
		{ "\xf7\xbf\xbf\xbf", 4 }, { "\xff\xfe", 2 },
		{ "\x80", 1 }, { "\xbf\xbf", 2 }, { "\xc3", 1 },
		{ "\xe4\xb8", 2 }, { "\xf0\x9f\x91", 3 },
	};
	char	buf[64], want[128], *out;
	size_t	i;
	int	k;

	(void)state;
	for (i = 0; i < NELEM(t); i++) {
		/* At the end of the input, then with text after it. */
		out = san(t[i].in, 1);
		assert_int_equal(count_repl(out), t[i].repl);
		assert_int_equal(strlen(out), 3 * (size_t)t[i].repl);
		free(out);
		snprintf(buf, sizeof(buf), "<%s>end", t[i].in);
		out = san(buf, 1);
		want[0] = '\0';
		snprintf(want, sizeof(want), "<");
		for (k = 0; k < t[i].repl; k++)
			snprintf(want + strlen(want), sizeof(want) - strlen(want),
			    "%s", R);
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
		    ">end");
		if (strcmp(out, want) != 0)
			fail_msg("case %zu: got \"%s\"", i, out);
		assert_safe(out, 1);
		free(out);
	}
	/* A cut-off character whose last byte is a raw C1 value. */
	expect_san("\xe6\x9d" "abc", 1, R R "abc");
	expect_san("ok\xf0\x9f\x91" "end", 1, "ok" R R R "end");
}

static void
test_sanitize_valid_untouched(void **state)
{
	static const char *const ok[] = {
		"plain ASCII, with punctuation!",
		"caf\xc3\xa9",				/* é precomposed */
		"e\xcc\x87",				/* e + U+0307 */
		"中文",
		"日本語のテキスト、ｶﾀｶﾅ",
		"한국어",
		"\xf0\x9f\x91\x8d",			/* 👍 */
		"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
		    "\xf0\x9f\x91\xa7",			/* 👨‍👩‍👧 */
		"\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",	/* 👍🏽 */
		"\xf0\x9f\x87\xab\xf0\x9f\x87\xb7",	/* flag */
		"\xe2\x98\xba\xef\xb8\x8f",		/* ☺️ */
		"non\xc2\xa0" "breaking",
		"\xef\xbf\xbd already a replacement",
		"\xf4\x8f\xbf\xbf\xee\x80\x80",		/* U+10FFFF, PUA */
		"line one\nline\ttwo",
	};
	size_t	i;
	char	*out;

	(void)state;
	for (i = 0; i < NELEM(ok); i++) {
		out = san(ok[i], 1);
		assert_string_equal(out, ok[i]);
		free(out);
	}
}

/* ---- prefix and fit ---- */

static void
test_prefix_bytes(void **state)
{
	(void)state;
	assert_int_equal(text_prefix_bytes("hello", 3), 3);
	assert_int_equal(text_prefix_bytes("hello", 10), 5);
	assert_int_equal(text_prefix_bytes("hello", 0), 0);
	assert_int_equal(text_prefix_bytes("hello", -4), 0);
	assert_int_equal(text_prefix_bytes(NULL, 4), 0);
	assert_int_equal(text_prefix_bytes("中文", 3), 3);
	assert_int_equal(text_prefix_bytes("中文", 4), 6);
	assert_int_equal(text_prefix_bytes("中", 1), 0);
	/* The mark stays with its base on either side of the cut. */
	assert_int_equal(text_prefix_bytes("e\xcc\x81x", 1), 3);
	assert_int_equal(text_prefix_bytes("ae\xcc\x81", 1), 1);
	assert_int_equal(text_prefix_bytes("\xf0\x9f\x91\x8d!", 2), 4);
	assert_int_equal(text_prefix_bytes("\xf0\x9f\x91\x8d!", 1), 0);
}

/* Asserts text_fit(s, width, pad, ascii) is want. */
static void
expect_fit(const char *s, int width, int pad, int ascii, const char *want)
{
	char	*out = text_fit(s, width, pad, ascii);

	assert_non_null(out);
	assert_string_equal(out, want);
	if (pad && width > 0)
		assert_int_equal(text_width(out), width);
	free(out);
}

static void
test_fit(void **state)
{
	(void)state;
	expect_fit("hello", 10, 0, 0, "hello");
	expect_fit("hello", 10, 1, 0, "hello     ");
	expect_fit("hello", 5, 1, 0, "hello");
	expect_fit("hello world", 8, 0, 0, "hello w…");
	expect_fit("hello world", 8, 1, 1, "hello w~");
	expect_fit("hello", 1, 1, 0, "…");
	expect_fit("hello", 0, 1, 0, "");
	expect_fit("hello", -3, 1, 0, "");
	expect_fit(NULL, 3, 1, 0, "   ");
	/* CJK at odd widths: the straddling character becomes a space. */
	expect_fit("中文字幕", 8, 1, 0, "中文字幕");
	expect_fit("中文字幕", 9, 1, 0, "中文字幕 ");
	expect_fit("中文字幕", 7, 1, 0, "中文字…");
	expect_fit("中文字幕", 6, 1, 0, "中文 …");
	expect_fit("中文字幕", 6, 0, 0, "中文 …");
	expect_fit("中文字幕", 5, 1, 1, "中文~");
	expect_fit("中文字幕", 2, 1, 0, " …");
	expect_fit("a中文", 4, 1, 0, "a中…");
	expect_fit("a中文", 3, 1, 0, "a …");
	/* Combining marks and emoji. */
	expect_fit("e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2, 1, 0,
	    "e\xcc\x81…");
	expect_fit("e\xcc\x81" "e\xcc\x81", 2, 1, 0, "e\xcc\x81" "e\xcc\x81");
	expect_fit("👍👍👍", 4, 1, 0, "👍 …");
	/* Raw input still comes out harmless. */
	expect_fit("a\x1b[2Jb", 10, 0, 0, "a" R "[2Jb");
	expect_fit("a\tb\n", 10, 0, 0, "a b ");
	expect_fit("\xff" "abc", 3, 1, 0, R "a…");
}

/* ---- wrap ---- */

/* s without ASCII blanks and newlines. */
static char *
visible(const char *s)
{
	char	*v = malloc(strlen(s) + 1), *p;

	assert_non_null(v);
	for (p = v; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n')
			*p++ = *s;
	*p = '\0';
	return v;
}

/*
 * Wraps s at width and checks the invariants: no line wider than the
 * width (but a lone wide glyph at width 1), no blank or newline at a
 * line's end or inside it but spaces, nothing visible lost or reordered.
 * want, when not NULL, lists the expected lines (NULL-terminated).
 */
static void
check_wrap(const char *s, int width, const char *const *want)
{
	struct text_lines	 tl = { NULL, 0, 0 };
	struct buf_like {
		char	*p;
		size_t	 len;
	}			 all = { NULL, 0 };
	char			*vin, *vout;
	size_t			 i, n;
	int			 w, lw;

	assert_int_equal(text_wrap(s, width, &tl), 0);
	w = width < 1 ? 1 : width;
	for (i = 0; i < tl.n; i++) {
		lw = text_width(tl.lines[i]);
		if (lw > w && !(w == 1 && lw == 2 &&
		    text_prefix_bytes(tl.lines[i], 2) == strlen(tl.lines[i])))
			fail_msg("line %zu \"%s\" is %d wide, width %d", i,
			    tl.lines[i], lw, width);
		if (strchr(tl.lines[i], '\n') != NULL ||
		    strchr(tl.lines[i], '\t') != NULL)
			fail_msg("line %zu has a newline or tab", i);
		n = strlen(tl.lines[i]);
		if (n > 0 && tl.lines[i][n - 1] == ' ')
			fail_msg("line %zu \"%s\" ends in a space", i,
			    tl.lines[i]);
		all.p = realloc(all.p, all.len + n + 1);
		assert_non_null(all.p);
		memcpy(all.p + all.len, tl.lines[i], n + 1);
		all.len += n;
	}
	vin = visible(s);
	vout = visible(all.p != NULL ? all.p : "");
	assert_string_equal(vout, vin);
	free(vin);
	free(vout);
	free(all.p);
	if (want != NULL) {
		for (i = 0; want[i] != NULL; i++) {
			if (i >= tl.n)
				fail_msg("line %zu missing, want \"%s\"", i,
				    want[i]);
			if (strcmp(tl.lines[i], want[i]) != 0)
				fail_msg("line %zu is \"%s\", want \"%s\"", i,
				    tl.lines[i], want[i]);
		}
		assert_int_equal(tl.n, i);
	}
	text_lines_release(&tl);
	assert_null(tl.lines);
	assert_int_equal(tl.n, 0);
}

static void
test_wrap_english(void **state)
{
	static const char *const w10[] = {
		"The quick", "brown fox", "jumps over", "the lazy", "dog",
		NULL,
	};
	static const char *const spaces[] = { "aaa", "bbb", NULL };
	static const char *const indent[] = { "  indented text", NULL };
	static const char *const big_indent[] = { "word", NULL };
	static const char *const blank[] = { "", NULL };
	static const char *const none[] = { NULL };

	(void)state;
	check_wrap("The quick brown fox jumps over the lazy dog", 10, w10);
	check_wrap("aaa   bbb", 4, spaces);
	check_wrap("aaa   bbb   ", 4, spaces);
	check_wrap("  indented text", 20, indent);
	check_wrap("        word", 6, big_indent);
	check_wrap("   ", 10, blank);
	check_wrap("", 10, none);
}

static void
test_wrap_cjk(void **state)
{
	static const char *const w6[] = {
		"中文没", "有空格", "也可以", "换行", NULL,
	};
	static const char *const w5[] = { "中文", "没有", NULL };
	static const char *const mixed[] = {
		"Hello世", "界 and", "more", NULL,
	};
	static const char *const punct[] = { "中", "文。", "中文", NULL };
	static const char *const quote[] = { "说「你", "好」", NULL };
	static const char *const kana[] = {
		"ひらがなカ", "タカナ", NULL,
	};

	(void)state;
	check_wrap("中文没有空格也可以换行", 6, w6);
	check_wrap("中文没有", 5, w5);
	check_wrap("Hello世界 and more", 7, mixed);
	/* No line starts with closing punctuation. */
	check_wrap("中文。中文", 4, punct);
	check_wrap("说「你好」", 8, quote);
	check_wrap("ひらがなカタカナ", 10, kana);
	check_wrap("한국어 문장도 줄바꿈이 됩니다", 7, NULL);
	check_wrap("日本語とEnglishが混ざった文章です。", 9, NULL);
}

static void
test_wrap_long_words(void **state)
{
	static const char *const w8[] = {
		"supercal", "ifragili", "stic is", "long", NULL,
	};
	static const char *const after[] = { "a", "abcdef", "gh", NULL };
	static const char *const w1[] = { "中", "a", "文", NULL };
	static const char *const zwj[] = {
		"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d",
		"\xf0\x9f\x91\xa7", NULL,
	};
	static const char *const zwj_whole[] = {
		"x",
		"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
		    "\xf0\x9f\x91\xa7", NULL,
	};

	(void)state;
	check_wrap("supercalifragilistic is long", 8, w8);
	check_wrap("a abcdefgh", 6, after);
	/* A wide character in width 1 (or less) goes alone. */
	check_wrap("中a文", 1, w1);
	check_wrap("中a文", 0, w1);
	check_wrap("中a文", -5, w1);
	/* ZWJ sequences are not broken unless they must be. */
	check_wrap("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
	    "\xf0\x9f\x91\xa7", 4, zwj);
	check_wrap("x\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
	    "\xf0\x9f\x91\xa7", 6, zwj_whole);
	check_wrap("https://example.com/a/very/long/path/that/never/ends", 10,
	    NULL);
}

static void
test_wrap_newlines_tabs_marks(void **state)
{
	static const char *const nl[] = { "one", "", "two three", NULL };
	static const char *const nl2[] = { "", "", "x", "", NULL };
	static const char *const tabs[] = {
		"a   b", "ab  c", "abcd    e", "    x", NULL,
	};
	static const char *const tab_break[] = { "ab", "c", NULL };
	static const char *const marks[] = {
		"e\xcc\x81" "e\xcc\x81", "e\xcc\x81" "e\xcc\x81", NULL,
	};
	static const char *const marks2[] = {
		"e\xcc\x87\xcc\x81" "a", "o\xcc\x88", NULL,
	};
	struct text_lines	tl = { NULL, 0, 0 };

	(void)state;
	check_wrap("one\n\ntwo three\n", 20, nl);
	check_wrap("\n\nx\n\n", 20, nl2);
	check_wrap("a\tb\nab\tc\nabcd\te\n\tx", 20, tabs);
	check_wrap("ab\tc", 3, tab_break);
	check_wrap("e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2, marks);
	check_wrap("e\xcc\x87\xcc\x81" "ao\xcc\x88", 2, marks2);
	check_wrap("na\xc3\xafve caf\xc3\xa9 r\xc3\xa9sum\xc3\xa9", 6, NULL);
	/* text_wrap appends. */
	assert_int_equal(text_wrap("a b", 1, &tl), 0);
	assert_int_equal(text_wrap("c", 1, &tl), 0);
	assert_int_equal(tl.n, 3);
	assert_string_equal(tl.lines[2], "c");
	text_lines_release(&tl);
	text_lines_release(&tl);
	assert_int_equal(text_wrap(NULL, 5, &tl), 0);
	assert_int_equal(tl.n, 0);
}

/*
 * Pseudo-random input built from the pieces that break sanitizers (ESC,
 * C1, cut sequences, CJK, marks, blanks), sanitized then wrapped at
 * several widths: the invariants hold every time.
 */
static void
test_random_roundtrip(void **state)
{
	static const char *const piece[] = {
		"\x1b", "[", "]", "P", "\\", "\x07", "\x9b", "\x9c", "\x9d",
		"\xc2\x9b", "\xc2\x9c", "\xc2\x9d", "\xc2\x90", "\r", "\n",
		"\t", " ", "  ", "a", "word", "中", "文", "。", "「", "ｱ",
		"e\xcc\x81", "\xcc\x81", "\xf0\x9f\x91\x8d", "\xe2\x80\x8d",
		"\xe2\x80\xae", "\xf0\x9f\x91", "\xe4\xb8", "\xc0\x80", "\xff",
		"\x00", "2J", ";", "\xed\xa0\x80", "\x7f",
	};
	char		in[256], *out;
	uint32_t	seed = 12345;
	size_t		len, k;
	int		iter, keep, width;

	(void)state;
	for (iter = 0; iter < 3000; iter++) {
		len = 0;
		for (k = 0; k < 24; k++) {
			const char	*p;
			size_t		 pl;

			seed = seed * 1103515245u + 12345u;
			p = piece[(seed >> 16) % NELEM(piece)];
			pl = p[0] == '\0' ? 1 : strlen(p);
			memcpy(in + len, p, pl);
			len += pl;
		}
		keep = iter & 1;
		out = san_n(in, len, keep);
		assert_safe(out, keep);
		for (width = 1; width <= 13; width += 4)
			check_wrap(out, width, NULL);
		free(out);
	}
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_invalid),
		cmocka_unit_test(test_encode_roundtrip),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_widths_match_glibc),
		cmocka_unit_test(test_sanitize_low_code_points),
		cmocka_unit_test(test_sanitize_newlines),
		cmocka_unit_test(test_sanitize_bidi),
		cmocka_unit_test(test_sanitize_escapes),
		cmocka_unit_test(test_sanitize_invalid),
		cmocka_unit_test(test_sanitize_valid_untouched),
		cmocka_unit_test(test_prefix_bytes),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_wrap_english),
		cmocka_unit_test(test_wrap_cjk),
		cmocka_unit_test(test_wrap_long_words),
		cmocka_unit_test(test_wrap_newlines_tabs_marks),
		cmocka_unit_test(test_random_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

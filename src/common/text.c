/*
 * Terminal text for libguild: strict UTF-8, locale-independent display
 * widths, the sanitizer every server string passes before the screen,
 * and prefix, fit and word-wrap helpers. Plain malloc/realloc only (the
 * server links this too): allocation failure is reported, never fatal.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guild/text.h"

/* An inclusive range of code points. */
struct text_range {
	uint32_t	lo;
	uint32_t	hi;
};

/*
 * Generated once from the Unicode 15.0 UCD (UnicodeData.txt, PropList.txt,
 * EastAsianWidth.txt), following glibc's rules so the widths agree with
 * wcwidth() (and so with curses) for every code point glibc knows:
 * zero = general categories Mn, Me and Cf, less U+00AD and the prepended
 * concatenation marks, plus the Hangul medial and final jamo U+1160..U+11FF
 * and the assigned U+D7B0..U+D7FF; wide = East_Asian_Width W or F, the
 * unassigned ideograph blocks and planes 2-3 that default to W,
 * U+3248..U+324F and U+4DC0..U+4DFF.
 */
static const struct text_range text_zero_ranges[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x05bf, 0x05bf }, { 0x05c1, 0x05c2 }, { 0x05c4, 0x05c5 },
	{ 0x05c7, 0x05c7 }, { 0x0610, 0x061a }, { 0x061c, 0x061c },
	{ 0x064b, 0x065f }, { 0x0670, 0x0670 }, { 0x06d6, 0x06dc },
	{ 0x06df, 0x06e4 }, { 0x06e7, 0x06e8 }, { 0x06ea, 0x06ed },
	{ 0x0711, 0x0711 }, { 0x0730, 0x074a }, { 0x07a6, 0x07b0 },
	{ 0x07eb, 0x07f3 }, { 0x07fd, 0x07fd }, { 0x0816, 0x0819 },
	{ 0x081b, 0x0823 }, { 0x0825, 0x0827 }, { 0x0829, 0x082d },
	{ 0x0859, 0x085b }, { 0x0898, 0x089f }, { 0x08ca, 0x08e1 },
	{ 0x08e3, 0x0902 }, { 0x093a, 0x093a }, { 0x093c, 0x093c },
	{ 0x0941, 0x0948 }, { 0x094d, 0x094d }, { 0x0951, 0x0957 },
	{ 0x0962, 0x0963 }, { 0x0981, 0x0981 }, { 0x09bc, 0x09bc },
	{ 0x09c1, 0x09c4 }, { 0x09cd, 0x09cd }, { 0x09e2, 0x09e3 },
	{ 0x09fe, 0x09fe }, { 0x0a01, 0x0a02 }, { 0x0a3c, 0x0a3c },
	{ 0x0a41, 0x0a42 }, { 0x0a47, 0x0a48 }, { 0x0a4b, 0x0a4d },
	{ 0x0a51, 0x0a51 }, { 0x0a70, 0x0a71 }, { 0x0a75, 0x0a75 },
	{ 0x0a81, 0x0a82 }, { 0x0abc, 0x0abc }, { 0x0ac1, 0x0ac5 },
	{ 0x0ac7, 0x0ac8 }, { 0x0acd, 0x0acd }, { 0x0ae2, 0x0ae3 },
	{ 0x0afa, 0x0aff }, { 0x0b01, 0x0b01 }, { 0x0b3c, 0x0b3c },
	{ 0x0b3f, 0x0b3f }, { 0x0b41, 0x0b44 }, { 0x0b4d, 0x0b4d },
	{ 0x0b55, 0x0b56 }, { 0x0b62, 0x0b63 }, { 0x0b82, 0x0b82 },
	{ 0x0bc0, 0x0bc0 }, { 0x0bcd, 0x0bcd }, { 0x0c00, 0x0c00 },
	{ 0x0c04, 0x0c04 }, { 0x0c3c, 0x0c3c }, { 0x0c3e, 0x0c40 },
	{ 0x0c46, 0x0c48 }, { 0x0c4a, 0x0c4d }, { 0x0c55, 0x0c56 },
	{ 0x0c62, 0x0c63 }, { 0x0c81, 0x0c81 }, { 0x0cbc, 0x0cbc },
	{ 0x0cbf, 0x0cbf }, { 0x0cc6, 0x0cc6 }, { 0x0ccc, 0x0ccd },
	{ 0x0ce2, 0x0ce3 }, { 0x0d00, 0x0d01 }, { 0x0d3b, 0x0d3c },
	{ 0x0d41, 0x0d44 }, { 0x0d4d, 0x0d4d }, { 0x0d62, 0x0d63 },
	{ 0x0d81, 0x0d81 }, { 0x0dca, 0x0dca }, { 0x0dd2, 0x0dd4 },
	{ 0x0dd6, 0x0dd6 }, { 0x0e31, 0x0e31 }, { 0x0e34, 0x0e3a },
	{ 0x0e47, 0x0e4e }, { 0x0eb1, 0x0eb1 }, { 0x0eb4, 0x0ebc },
	{ 0x0ec8, 0x0ece }, { 0x0f18, 0x0f19 }, { 0x0f35, 0x0f35 },
	{ 0x0f37, 0x0f37 }, { 0x0f39, 0x0f39 }, { 0x0f71, 0x0f7e },
	{ 0x0f80, 0x0f84 }, { 0x0f86, 0x0f87 }, { 0x0f8d, 0x0f97 },
	{ 0x0f99, 0x0fbc }, { 0x0fc6, 0x0fc6 }, { 0x102d, 0x1030 },
	{ 0x1032, 0x1037 }, { 0x1039, 0x103a }, { 0x103d, 0x103e },
	{ 0x1058, 0x1059 }, { 0x105e, 0x1060 }, { 0x1071, 0x1074 },
	{ 0x1082, 0x1082 }, { 0x1085, 0x1086 }, { 0x108d, 0x108d },
	{ 0x109d, 0x109d }, { 0x1160, 0x11ff }, { 0x135d, 0x135f },
	{ 0x1712, 0x1714 }, { 0x1732, 0x1733 }, { 0x1752, 0x1753 },
	{ 0x1772, 0x1773 }, { 0x17b4, 0x17b5 }, { 0x17b7, 0x17bd },
	{ 0x17c6, 0x17c6 }, { 0x17c9, 0x17d3 }, { 0x17dd, 0x17dd },
	{ 0x180b, 0x180f }, { 0x1885, 0x1886 }, { 0x18a9, 0x18a9 },
	{ 0x1920, 0x1922 }, { 0x1927, 0x1928 }, { 0x1932, 0x1932 },
	{ 0x1939, 0x193b }, { 0x1a17, 0x1a18 }, { 0x1a1b, 0x1a1b },
	{ 0x1a56, 0x1a56 }, { 0x1a58, 0x1a5e }, { 0x1a60, 0x1a60 },
	{ 0x1a62, 0x1a62 }, { 0x1a65, 0x1a6c }, { 0x1a73, 0x1a7c },
	{ 0x1a7f, 0x1a7f }, { 0x1ab0, 0x1ace }, { 0x1b00, 0x1b03 },
	{ 0x1b34, 0x1b34 }, { 0x1b36, 0x1b3a }, { 0x1b3c, 0x1b3c },
	{ 0x1b42, 0x1b42 }, { 0x1b6b, 0x1b73 }, { 0x1b80, 0x1b81 },
	{ 0x1ba2, 0x1ba5 }, { 0x1ba8, 0x1ba9 }, { 0x1bab, 0x1bad },
	{ 0x1be6, 0x1be6 }, { 0x1be8, 0x1be9 }, { 0x1bed, 0x1bed },
	{ 0x1bef, 0x1bf1 }, { 0x1c2c, 0x1c33 }, { 0x1c36, 0x1c37 },
	{ 0x1cd0, 0x1cd2 }, { 0x1cd4, 0x1ce0 }, { 0x1ce2, 0x1ce8 },
	{ 0x1ced, 0x1ced }, { 0x1cf4, 0x1cf4 }, { 0x1cf8, 0x1cf9 },
	{ 0x1dc0, 0x1dff }, { 0x200b, 0x200f }, { 0x202a, 0x202e },
	{ 0x2060, 0x2064 }, { 0x2066, 0x206f }, { 0x20d0, 0x20f0 },
	{ 0x2cef, 0x2cf1 }, { 0x2d7f, 0x2d7f }, { 0x2de0, 0x2dff },
	{ 0x302a, 0x302d }, { 0x3099, 0x309a }, { 0xa66f, 0xa672 },
	{ 0xa674, 0xa67d }, { 0xa69e, 0xa69f }, { 0xa6f0, 0xa6f1 },
	{ 0xa802, 0xa802 }, { 0xa806, 0xa806 }, { 0xa80b, 0xa80b },
	{ 0xa825, 0xa826 }, { 0xa82c, 0xa82c }, { 0xa8c4, 0xa8c5 },
	{ 0xa8e0, 0xa8f1 }, { 0xa8ff, 0xa8ff }, { 0xa926, 0xa92d },
	{ 0xa947, 0xa951 }, { 0xa980, 0xa982 }, { 0xa9b3, 0xa9b3 },
	{ 0xa9b6, 0xa9b9 }, { 0xa9bc, 0xa9bd }, { 0xa9e5, 0xa9e5 },
	{ 0xaa29, 0xaa2e }, { 0xaa31, 0xaa32 }, { 0xaa35, 0xaa36 },
	{ 0xaa43, 0xaa43 }, { 0xaa4c, 0xaa4c }, { 0xaa7c, 0xaa7c },
	{ 0xaab0, 0xaab0 }, { 0xaab2, 0xaab4 }, { 0xaab7, 0xaab8 },
	{ 0xaabe, 0xaabf }, { 0xaac1, 0xaac1 }, { 0xaaec, 0xaaed },
	{ 0xaaf6, 0xaaf6 }, { 0xabe5, 0xabe5 }, { 0xabe8, 0xabe8 },
	{ 0xabed, 0xabed }, { 0xd7b0, 0xd7c6 }, { 0xd7cb, 0xd7fb },
	{ 0xfb1e, 0xfb1e }, { 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f },
	{ 0xfeff, 0xfeff }, { 0xfff9, 0xfffb }, { 0x101fd, 0x101fd },
	{ 0x102e0, 0x102e0 }, { 0x10376, 0x1037a }, { 0x10a01, 0x10a03 },
	{ 0x10a05, 0x10a06 }, { 0x10a0c, 0x10a0f }, { 0x10a38, 0x10a3a },
	{ 0x10a3f, 0x10a3f }, { 0x10ae5, 0x10ae6 }, { 0x10d24, 0x10d27 },
	{ 0x10eab, 0x10eac }, { 0x10efd, 0x10eff }, { 0x10f46, 0x10f50 },
	{ 0x10f82, 0x10f85 }, { 0x11001, 0x11001 }, { 0x11038, 0x11046 },
	{ 0x11070, 0x11070 }, { 0x11073, 0x11074 }, { 0x1107f, 0x11081 },
	{ 0x110b3, 0x110b6 }, { 0x110b9, 0x110ba }, { 0x110c2, 0x110c2 },
	{ 0x11100, 0x11102 }, { 0x11127, 0x1112b }, { 0x1112d, 0x11134 },
	{ 0x11173, 0x11173 }, { 0x11180, 0x11181 }, { 0x111b6, 0x111be },
	{ 0x111c9, 0x111cc }, { 0x111cf, 0x111cf }, { 0x1122f, 0x11231 },
	{ 0x11234, 0x11234 }, { 0x11236, 0x11237 }, { 0x1123e, 0x1123e },
	{ 0x11241, 0x11241 }, { 0x112df, 0x112df }, { 0x112e3, 0x112ea },
	{ 0x11300, 0x11301 }, { 0x1133b, 0x1133c }, { 0x11340, 0x11340 },
	{ 0x11366, 0x1136c }, { 0x11370, 0x11374 }, { 0x11438, 0x1143f },
	{ 0x11442, 0x11444 }, { 0x11446, 0x11446 }, { 0x1145e, 0x1145e },
	{ 0x114b3, 0x114b8 }, { 0x114ba, 0x114ba }, { 0x114bf, 0x114c0 },
	{ 0x114c2, 0x114c3 }, { 0x115b2, 0x115b5 }, { 0x115bc, 0x115bd },
	{ 0x115bf, 0x115c0 }, { 0x115dc, 0x115dd }, { 0x11633, 0x1163a },
	{ 0x1163d, 0x1163d }, { 0x1163f, 0x11640 }, { 0x116ab, 0x116ab },
	{ 0x116ad, 0x116ad }, { 0x116b0, 0x116b5 }, { 0x116b7, 0x116b7 },
	{ 0x1171d, 0x1171f }, { 0x11722, 0x11725 }, { 0x11727, 0x1172b },
	{ 0x1182f, 0x11837 }, { 0x11839, 0x1183a }, { 0x1193b, 0x1193c },
	{ 0x1193e, 0x1193e }, { 0x11943, 0x11943 }, { 0x119d4, 0x119d7 },
	{ 0x119da, 0x119db }, { 0x119e0, 0x119e0 }, { 0x11a01, 0x11a0a },
	{ 0x11a33, 0x11a38 }, { 0x11a3b, 0x11a3e }, { 0x11a47, 0x11a47 },
	{ 0x11a51, 0x11a56 }, { 0x11a59, 0x11a5b }, { 0x11a8a, 0x11a96 },
	{ 0x11a98, 0x11a99 }, { 0x11c30, 0x11c36 }, { 0x11c38, 0x11c3d },
	{ 0x11c3f, 0x11c3f }, { 0x11c92, 0x11ca7 }, { 0x11caa, 0x11cb0 },
	{ 0x11cb2, 0x11cb3 }, { 0x11cb5, 0x11cb6 }, { 0x11d31, 0x11d36 },
	{ 0x11d3a, 0x11d3a }, { 0x11d3c, 0x11d3d }, { 0x11d3f, 0x11d45 },
	{ 0x11d47, 0x11d47 }, { 0x11d90, 0x11d91 }, { 0x11d95, 0x11d95 },
	{ 0x11d97, 0x11d97 }, { 0x11ef3, 0x11ef4 }, { 0x11f00, 0x11f01 },
	{ 0x11f36, 0x11f3a }, { 0x11f40, 0x11f40 }, { 0x11f42, 0x11f42 },
	{ 0x13430, 0x13440 }, { 0x13447, 0x13455 }, { 0x16af0, 0x16af4 },
	{ 0x16b30, 0x16b36 }, { 0x16f4f, 0x16f4f }, { 0x16f8f, 0x16f92 },
	{ 0x16fe4, 0x16fe4 }, { 0x1bc9d, 0x1bc9e }, { 0x1bca0, 0x1bca3 },
	{ 0x1cf00, 0x1cf2d }, { 0x1cf30, 0x1cf46 }, { 0x1d167, 0x1d169 },
	{ 0x1d173, 0x1d182 }, { 0x1d185, 0x1d18b }, { 0x1d1aa, 0x1d1ad },
	{ 0x1d242, 0x1d244 }, { 0x1da00, 0x1da36 }, { 0x1da3b, 0x1da6c },
	{ 0x1da75, 0x1da75 }, { 0x1da84, 0x1da84 }, { 0x1da9b, 0x1da9f },
	{ 0x1daa1, 0x1daaf }, { 0x1e000, 0x1e006 }, { 0x1e008, 0x1e018 },
	{ 0x1e01b, 0x1e021 }, { 0x1e023, 0x1e024 }, { 0x1e026, 0x1e02a },
	{ 0x1e08f, 0x1e08f }, { 0x1e130, 0x1e136 }, { 0x1e2ae, 0x1e2ae },
	{ 0x1e2ec, 0x1e2ef }, { 0x1e4ec, 0x1e4ef }, { 0x1e8d0, 0x1e8d6 },
	{ 0x1e944, 0x1e94a }, { 0xe0001, 0xe0001 }, { 0xe0020, 0xe007f },
	{ 0xe0100, 0xe01ef },
};

static const struct text_range text_wide_ranges[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a },
	{ 0x23e9, 0x23ec }, { 0x23f0, 0x23f0 }, { 0x23f3, 0x23f3 },
	{ 0x25fd, 0x25fe }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267f, 0x267f }, { 0x2693, 0x2693 }, { 0x26a1, 0x26a1 },
	{ 0x26aa, 0x26ab }, { 0x26bd, 0x26be }, { 0x26c4, 0x26c5 },
	{ 0x26ce, 0x26ce }, { 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea },
	{ 0x26f2, 0x26f3 }, { 0x26f5, 0x26f5 }, { 0x26fa, 0x26fa },
	{ 0x26fd, 0x26fd }, { 0x2705, 0x2705 }, { 0x270a, 0x270b },
	{ 0x2728, 0x2728 }, { 0x274c, 0x274c }, { 0x274e, 0x274e },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf }, { 0x2b1b, 0x2b1c },
	{ 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 }, { 0x2e80, 0x2e99 },
	{ 0x2e9b, 0x2ef3 }, { 0x2f00, 0x2fd5 }, { 0x2ff0, 0x2ffb },
	{ 0x3000, 0x3029 }, { 0x302e, 0x303e }, { 0x3041, 0x3096 },
	{ 0x309b, 0x30ff }, { 0x3105, 0x312f }, { 0x3131, 0x318e },
	{ 0x3190, 0x31e3 }, { 0x31f0, 0x321e }, { 0x3220, 0xa48c },
	{ 0xa490, 0xa4c6 }, { 0xa960, 0xa97c }, { 0xac00, 0xd7a3 },
	{ 0xf900, 0xfaff }, { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe52 },
	{ 0xfe54, 0xfe66 }, { 0xfe68, 0xfe6b }, { 0xff01, 0xff60 },
	{ 0xffe0, 0xffe6 }, { 0x16fe0, 0x16fe3 }, { 0x16ff0, 0x16ff1 },
	{ 0x17000, 0x187f7 }, { 0x18800, 0x18cd5 }, { 0x18d00, 0x18d08 },
	{ 0x1aff0, 0x1aff3 }, { 0x1aff5, 0x1affb }, { 0x1affd, 0x1affe },
	{ 0x1b000, 0x1b122 }, { 0x1b132, 0x1b132 }, { 0x1b150, 0x1b152 },
	{ 0x1b155, 0x1b155 }, { 0x1b164, 0x1b167 }, { 0x1b170, 0x1b2fb },
	{ 0x1f004, 0x1f004 }, { 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e },
	{ 0x1f191, 0x1f19a }, { 0x1f200, 0x1f202 }, { 0x1f210, 0x1f23b },
	{ 0x1f240, 0x1f248 }, { 0x1f250, 0x1f251 }, { 0x1f260, 0x1f265 },
	{ 0x1f300, 0x1f320 }, { 0x1f32d, 0x1f335 }, { 0x1f337, 0x1f37c },
	{ 0x1f37e, 0x1f393 }, { 0x1f3a0, 0x1f3ca }, { 0x1f3cf, 0x1f3d3 },
	{ 0x1f3e0, 0x1f3f0 }, { 0x1f3f4, 0x1f3f4 }, { 0x1f3f8, 0x1f43e },
	{ 0x1f440, 0x1f440 }, { 0x1f442, 0x1f4fc }, { 0x1f4ff, 0x1f53d },
	{ 0x1f54b, 0x1f54e }, { 0x1f550, 0x1f567 }, { 0x1f57a, 0x1f57a },
	{ 0x1f595, 0x1f596 }, { 0x1f5a4, 0x1f5a4 }, { 0x1f5fb, 0x1f64f },
	{ 0x1f680, 0x1f6c5 }, { 0x1f6cc, 0x1f6cc }, { 0x1f6d0, 0x1f6d2 },
	{ 0x1f6d5, 0x1f6d7 }, { 0x1f6dc, 0x1f6df }, { 0x1f6eb, 0x1f6ec },
	{ 0x1f6f4, 0x1f6fc }, { 0x1f7e0, 0x1f7eb }, { 0x1f7f0, 0x1f7f0 },
	{ 0x1f90c, 0x1f93a }, { 0x1f93c, 0x1f945 }, { 0x1f947, 0x1f9ff },
	{ 0x1fa70, 0x1fa7c }, { 0x1fa80, 0x1fa88 }, { 0x1fa90, 0x1fabd },
	{ 0x1fabf, 0x1fac5 }, { 0x1face, 0x1fadb }, { 0x1fae0, 0x1fae8 },
	{ 0x1faf0, 0x1faf8 }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

#define TEXT_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Binary search of a sorted range table: 1 when cp is in one, else 0. */
static int
text_in_table(const struct text_range *t, size_t n, uint32_t cp)
{
	size_t	lo = 0, hi = n;

	if (n == 0 || cp < t[0].lo || cp > t[n - 1].hi)
		return 0;
	while (lo < hi) {
		size_t	mid = lo + (hi - lo) / 2;

		if (cp < t[mid].lo)
			hi = mid;
		else if (cp > t[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* ---- UTF-8 ---- */

int
text_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 v, min;
	size_t			 need, i;

	if (len == 0)
		return -1;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] < 0xc2)		/* continuation byte, or overlong C0/C1 */
		return -1;
	if (u[0] < 0xe0) {
		need = 1;
		v = u[0] & 0x1f;
		min = 0x80;
	} else if (u[0] < 0xf0) {
		need = 2;
		v = u[0] & 0x0f;
		min = 0x800;
	} else if (u[0] < 0xf5) {
		need = 3;
		v = u[0] & 0x07;
		min = 0x10000;
	} else
		return -1;
	if (len < need + 1)
		return -1;
	for (i = 1; i <= need; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return -1;
		v = (v << 6) | (u[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return -1;
	*cp = v;
	return (int)need + 1;
}

/* Surrogates and values past U+10FFFF are written as U+FFFD. */
int
text_encode(uint32_t cp, char *out)
{
	unsigned char	*o = (unsigned char *)out;

	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* ---- Widths ---- */

/*
 * Controls count 1: whatever shows them (text_fit and text_wrap put U+FFFD
 * or a space in their place) takes one column. Everything below U+0300
 * other than that is one column too, so the tables are skipped there.
 */
int
text_cpwidth(uint32_t cp)
{
	if (cp < 0x300)
		return 1;
	if (text_in_table(text_zero_ranges, TEXT_NELEM(text_zero_ranges), cp))
		return 0;
	if (text_in_table(text_wide_ranges, TEXT_NELEM(text_wide_ranges), cp))
		return 2;
	return 1;
}

/* Invalid bytes count one column each, as the U+FFFD they stand for. */
int
text_width(const char *s)
{
	size_t		len, i = 0;
	uint32_t	cp;
	int		n, w = 0;

	if (s == NULL)
		return 0;
	len = strlen(s);
	while (i < len) {
		n = text_decode(s + i, len - i, &cp);
		if (n < 0) {
			w++;
			i++;
			continue;
		}
		w += text_cpwidth(cp);
		i += (size_t)n;
	}
	return w;
}

/* ---- The sanitizer ---- */

/*
 * Skips the parameter and intermediate bytes of a CSI starting at j and
 * returns the index past its final byte. A byte that cannot be part of a
 * CSI ends it there and is left for the caller to handle on its own.
 */
static size_t
text_skip_csi(const unsigned char *u, size_t j, size_t len)
{
	for (; j < len; j++) {
		if (u[j] >= 0x40 && u[j] <= 0x7e)
			return j + 1;
		if (u[j] < 0x20 || u[j] > 0x3f)
			return j;
	}
	return len;
}

/*
 * Skips the payload of a control string (OSC, DCS, SOS, PM, APC) starting
 * at j and returns the index past its terminator: ESC \, ST (U+009C or a
 * raw 0x9C byte), or BEL for OSC. Another ESC ends the string as it does on
 * a terminal and is left to start a sequence of its own. An unterminated
 * string runs to the end of the input.
 */
static size_t
text_skip_string(const unsigned char *u, size_t j, size_t len, int bel_ends)
{
	uint32_t	cp;
	int		n;

	while (j < len) {
		if (u[j] == 0x07 && bel_ends)
			return j + 1;
		if (u[j] == 0x1b) {
			if (j + 1 < len && u[j + 1] == '\\')
				return j + 2;
			return j;
		}
		if (u[j] < 0x80) {
			j++;
			continue;
		}
		n = text_decode((const char *)u + j, len - j, &cp);
		if (n < 0) {
			if (u[j] == 0x9c)
				return j + 1;
			j++;
			continue;
		}
		if (cp == 0x9c)
			return j + (size_t)n;
		j += (size_t)n;
	}
	return len;
}

/*
 * After the C1 control c1 (as U+0080..U+009F or a raw byte) ending at j,
 * skips the rest of the sequence it introduces; returns the next index.
 */
static size_t
text_skip_c1(const unsigned char *u, uint32_t c1, size_t j, size_t len)
{
	switch (c1) {
	case 0x9b:				/* CSI */
		return text_skip_csi(u, j, len);
	case 0x9d:				/* OSC */
		return text_skip_string(u, j, len, 1);
	case 0x90:				/* DCS */
	case 0x98:				/* SOS */
	case 0x9e:				/* PM */
	case 0x9f:				/* APC */
		return text_skip_string(u, j, len, 0);
	default:
		return j;
	}
}

/*
 * Skips the escape sequence whose ESC is at i; returns the index past it.
 * ESC [ is a CSI, ESC ] an OSC, ESC P / X / ^ / _ the other control
 * strings; anything else is ESC, any intermediate bytes (0x20..0x2F) and
 * one final byte (0x30..0x7E), as in ESC c, ESC 7 or ESC ( B.
 */
static size_t
text_skip_escape(const unsigned char *u, size_t i, size_t len)
{
	size_t	j = i + 1;

	if (j >= len)
		return j;
	switch (u[j]) {
	case '[':
		return text_skip_csi(u, j + 1, len);
	case ']':
		return text_skip_string(u, j + 1, len, 1);
	case 'P':
	case 'X':
	case '^':
	case '_':
		return text_skip_string(u, j + 1, len, 0);
	default:
		break;
	}
	while (j < len && u[j] >= 0x20 && u[j] <= 0x2f)
		j++;
	if (j < len && u[j] >= 0x30 && u[j] <= 0x7e)
		j++;
	return j;
}

/*
 * Length of the malformed sequence at u (which text_decode rejected): a
 * lead byte and the continuation bytes it claims, each of which becomes
 * one U+FFFD. A raw C1 byte inside such a sequence (as in a cut-off emoji,
 * F0 9F 91) is only a broken byte; a stray one (length 1) is a C1 control.
 */
static size_t
text_broken_len(const unsigned char *u, size_t len)
{
	size_t	need, j;

	if (u[0] >= 0xc0 && u[0] < 0xe0)
		need = 1;
	else if (u[0] >= 0xe0 && u[0] < 0xf0)
		need = 2;
	else if (u[0] >= 0xf0 && u[0] < 0xf8)
		need = 3;
	else
		need = 0;
	for (j = 1; j <= need && j < len; j++)
		if ((u[j] & 0xc0) != 0x80)
			break;
	return j;
}

/* 1 for the bidi controls the sanitizer replaces. */
static int
text_is_bidi(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * See text.h. The C1 controls that open a sequence (CSI U+009B, OSC
 * U+009D, DCS U+0090, SOS U+0098, PM U+009E, APC U+009F, as code points or
 * stray raw bytes) swallow it as their ESC forms do. The output is never
 * longer than three bytes per input byte (one U+FFFD for one byte at
 * most), so it is allocated once and trimmed.
 */
char *
text_sanitize(const char *s, size_t len, int keep_newlines)
{
	const unsigned char	*u = (const unsigned char *)s;
	char			*out, *p;
	size_t			 i = 0, o = 0, bad, k;
	uint32_t		 cp;
	int			 n;

	if (s == NULL)
		len = 0;
	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	out = malloc(len * 3 + 1);
	if (out == NULL)
		return NULL;
	while (i < len) {
		if (u[i] == '\n' || u[i] == '\t') {
			out[o++] = keep_newlines ? (char)u[i] : ' ';
			i++;
			continue;
		}
		if (u[i] == '\r' && i + 1 < len && u[i + 1] == '\n') {
			i++;			/* CRLF reads as LF */
			continue;
		}
		if (u[i] == 0x1b) {
			i = text_skip_escape(u, i, len);
			memcpy(out + o, TEXT_REPLACEMENT, 3);
			o += 3;
			continue;
		}
		if (u[i] < 0x20 || u[i] == 0x7f) {
			memcpy(out + o, TEXT_REPLACEMENT, 3);
			o += 3;
			i++;
			continue;
		}
		if (u[i] < 0x80) {
			out[o++] = (char)u[i++];
			continue;
		}
		n = text_decode(s + i, len - i, &cp);
		if (n < 0) {
			bad = text_broken_len(u + i, len - i);
			for (k = 0; k < bad; k++) {
				memcpy(out + o, TEXT_REPLACEMENT, 3);
				o += 3;
			}
			if (bad == 1)
				i = text_skip_c1(u, u[i], i + 1, len);
			else
				i += bad;
			continue;
		}
		if (cp < 0xa0 || text_is_bidi(cp)) {
			memcpy(out + o, TEXT_REPLACEMENT, 3);
			o += 3;
			i = text_skip_c1(u, cp, i + (size_t)n, len);
			continue;
		}
		memcpy(out + o, s + i, (size_t)n);
		o += (size_t)n;
		i += (size_t)n;
	}
	out[o] = '\0';
	p = realloc(out, o + 1);
	return p != NULL ? p : out;
}

/* ---- Output buffers and glyphs ---- */

/* A growable string; oom is sticky, so callers check it once at the end. */
struct text_buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
	int	 oom;
};

/* Appends n bytes of s to b (NUL-terminated); sets b->oom on failure. */
static void
text_buf_add(struct text_buf *b, const char *s, size_t n)
{
	size_t	 cap;
	char	*p;

	if (b->oom)
		return;
	if (n > SIZE_MAX - b->len - 1) {
		b->oom = 1;
		return;
	}
	if (b->len + n + 1 > b->cap) {
		cap = b->cap != 0 ? b->cap : 32;
		while (cap < b->len + n + 1)
			cap = cap > SIZE_MAX / 2 ? b->len + n + 1 : cap * 2;
		p = realloc(b->p, cap);
		if (p == NULL) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Appends n spaces. */
static void
text_buf_spaces(struct text_buf *b, size_t n)
{
	static const char	sp[] = "                ";

	while (n > 0 && !b->oom) {
		size_t	k = n < sizeof(sp) - 1 ? n : sizeof(sp) - 1;

		text_buf_add(b, sp, k);
		n -= k;
	}
}

/*
 * Appends n bytes of s as terminal-safe text: '\t' and '\n' become a
 * space, other controls and invalid bytes U+FFFD, so text_fit and
 * text_wrap stay safe (and their widths right) even on raw input.
 */
static void
text_buf_add_clean(struct text_buf *b, const char *s, size_t n)
{
	size_t		i = 0, run = 0;
	uint32_t	cp;
	int		k;

	while (i < n) {
		k = text_decode(s + i, n - i, &cp);
		if (k > 0 && !(cp < 0x20 || (cp >= 0x7f && cp < 0xa0))) {
			i += (size_t)k;
			continue;
		}
		text_buf_add(b, s + run, i - run);
		if (k > 0 && (cp == '\t' || cp == '\n'))
			text_buf_add(b, " ", 1);
		else
			text_buf_add(b, TEXT_REPLACEMENT, 3);
		i += k > 0 ? (size_t)k : 1;
		run = i;
	}
	text_buf_add(b, s + run, n - run);
}

/*
 * Reads the glyph at s[i..end) into g: the code point at i (an invalid
 * byte is a one-column glyph of its own) and every zero-width code point
 * after it, so combining marks stay with their base.
 */
void
text_glyph_at(const char *s, size_t i, size_t end, struct text_glyph *g)
{
	uint32_t	cp;
	int		n;

	n = text_decode(s + i, end - i, &cp);
	if (n < 0) {
		g->len = 1;
		g->width = 1;
		g->base = g->last = 0xfffd;
		return;
	}
	g->len = (size_t)n;
	g->width = text_cpwidth(cp);
	g->base = g->last = cp;
	while (i + g->len < end) {
		n = text_decode(s + i + g->len, end - i - g->len, &cp);
		if (n < 0 || text_cpwidth(cp) != 0)
			break;
		g->len += (size_t)n;
		g->last = cp;
	}
}

/* ---- Prefix and fit ---- */

/* Prefix of at most width columns; *used gets its width. */
static size_t
text_prefix(const char *s, int width, int *used)
{
	struct text_glyph	g;
	size_t			len, i = 0;
	int			w = 0;

	if (s != NULL && width > 0) {
		len = strlen(s);
		while (i < len) {
			text_glyph_at(s, i, len, &g);
			if (w + g.width > width)
				break;
			w += g.width;
			i += g.len;
		}
	}
	if (used != NULL)
		*used = w;
	return i;
}

size_t
text_prefix_bytes(const char *s, int width)
{
	return text_prefix(s, width, NULL);
}

/*
 * See text.h. A width of 0 or less gives "". Raw controls and invalid
 * bytes in s come out as U+FFFD ('\t' and '\n' as spaces). Returns NULL
 * only on OOM.
 */
char *
text_fit(const char *s, int width, int pad, int ascii)
{
	struct text_buf	b = { NULL, 0, 0, 0 };
	size_t		n;
	int		total, used;

	if (s == NULL)
		s = "";
	text_buf_add(&b, "", 0);
	if (width > 0) {
		total = text_width(s);
		if (total <= width) {
			text_buf_add_clean(&b, s, strlen(s));
			if (pad)
				text_buf_spaces(&b, (size_t)(width - total));
		} else {
			n = text_prefix(s, width - 1, &used);
			text_buf_add_clean(&b, s, n);
			text_buf_spaces(&b, (size_t)(width - 1 - used));
			if (ascii)
				text_buf_add(&b, "~", 1);
			else
				text_buf_add(&b, "\xe2\x80\xa6", 3);
		}
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

/* ---- Word wrap ---- */

/* 1 when no line may start with cp (closing punctuation). */
static int
text_no_break_before(uint32_t cp)
{
	static const uint32_t	set[] = {
		'!', ')', ',', '.', ':', ';', '?', ']', '}',
		0x2019, 0x201d, 0x2026, 0x3001, 0x3002, 0x3009, 0x300b,
		0x300d, 0x300f, 0x3011, 0x3015, 0x30fc, 0xff01, 0xff09,
		0xff0c, 0xff0e, 0xff1a, 0xff1b, 0xff1f,
	};
	size_t			i;

	for (i = 0; i < TEXT_NELEM(set); i++)
		if (set[i] == cp)
			return 1;
	return 0;
}

/* 1 when no line may end with cp (opening punctuation). */
static int
text_no_break_after(uint32_t cp)
{
	static const uint32_t	set[] = {
		'(', '[', '{', 0x2018, 0x201c, 0x3008, 0x300a, 0x300c,
		0x300e, 0x3010, 0x3014, 0xff08,
	};
	size_t			i;

	for (i = 0; i < TEXT_NELEM(set); i++)
		if (set[i] == cp)
			return 1;
	return 0;
}

/*
 * 1 when a line may break between the adjacent glyphs a and b without a
 * space: next to a wide (CJK, emoji) glyph, but never inside a ZWJ
 * sequence, before closing or after opening punctuation.
 */
int
text_can_break(const struct text_glyph *a, const struct text_glyph *b)
{
	if (a->last == 0x200d)
		return 0;
	if (a->width < 2 && b->width < 2)
		return 0;
	return !text_no_break_before(b->base) && !text_no_break_after(a->base);
}

/* The line being built by text_wrap and where finished lines go. */
struct text_wrapper {
	struct text_buf		 line;
	int			 col;
	int			 width;
	struct text_lines	*out;
	int			 oom;
};

/* Moves the current line (even an empty one) to out. */
static void
text_wrap_emit(struct text_wrapper *w)
{
	struct text_lines	*o = w->out;
	char			**lines, *line;
	size_t			  cap;

	if (w->oom || w->line.oom) {
		w->oom = 1;
		return;
	}
	if (o->n == o->cap) {
		cap = o->cap != 0 ? o->cap * 2 : 16;
		if (cap > SIZE_MAX / sizeof(*lines)) {
			w->oom = 1;
			return;
		}
		lines = realloc(o->lines, cap * sizeof(*lines));
		if (lines == NULL) {
			w->oom = 1;
			return;
		}
		o->lines = lines;
		o->cap = cap;
	}
	if (w->line.p == NULL) {
		line = malloc(1);
		if (line != NULL)
			line[0] = '\0';
	} else {
		line = realloc(w->line.p, w->line.len + 1);
		if (line == NULL)
			line = w->line.p;
	}
	if (line == NULL) {
		w->oom = 1;
		return;
	}
	o->lines[o->n++] = line;
	w->line.p = NULL;
	w->line.len = w->line.cap = 0;
	w->col = 0;
}

/* Columns the blanks s[a..b) (spaces and tabs) take from column col. */
static int
text_blank_width(const char *s, size_t a, size_t b, int col)
{
	int	c = col;

	for (; a < b; a++) {
		if (s[a] == '\t')
			c = (c / 4 + 1) * 4;
		else
			c++;
	}
	return c - col;
}

/*
 * Places the word s[a..b) of ww columns, preceded by the blanks
 * s[ba..bb): on the current line when both fit, else on a new line
 * (dropping the blanks), split at glyph boundaries when the word alone is
 * wider than the line. A glyph wider than the whole line goes alone.
 */
static void
text_wrap_word(struct text_wrapper *w, const char *s, size_t ba, size_t bb,
    size_t a, size_t b, int ww)
{
	struct text_glyph	g;
	int			bw;

	bw = text_blank_width(s, ba, bb, w->col);
	if (w->col + bw + ww <= w->width) {
		text_buf_spaces(&w->line, (size_t)bw);
		text_buf_add_clean(&w->line, s + a, b - a);
		w->col += bw + ww;
		return;
	}
	if (w->line.len > 0)
		text_wrap_emit(w);
	if (ww <= w->width) {
		text_buf_add_clean(&w->line, s + a, b - a);
		w->col = ww;
		return;
	}
	while (a < b && !w->oom) {
		text_glyph_at(s, a, b, &g);
		if (w->col + g.width > w->width && w->line.len > 0)
			text_wrap_emit(w);
		text_buf_add_clean(&w->line, s + a, g.len);
		w->col += g.width;
		a += g.len;
	}
}

/* Wraps one hard line s[a..b) (no '\n' inside) into lines. */
static void
text_wrap_para(struct text_wrapper *w, const char *s, size_t a, size_t b)
{
	struct text_glyph	g, prev;
	size_t			ba = a, bb = a, wa;
	int			ww;

	while (a < b && !w->oom) {
		if (s[a] == ' ' || s[a] == '\t') {
			ba = a;
			while (a < b && (s[a] == ' ' || s[a] == '\t'))
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
			if (a >= b || s[a] == ' ' || s[a] == '\t')
				break;
			text_glyph_at(s, a, b, &g);
			if (text_can_break(&prev, &g))
				break;
			prev = g;
		}
		text_wrap_word(w, s, ba, bb, wa, a, ww);
		ba = bb = a;
	}
	text_wrap_emit(w);
}

/*
 * See text.h. Each '\n' ends a line; a final empty line after a trailing
 * '\n' (or for empty input) is not produced, so "" gives no lines, "a\n"
 * one and "a\n\n" two. Blanks at the start of a line are kept as
 * indentation, those at a soft break or the end of a line are dropped.
 * On OOM the lines appended so far stay in out for text_lines_release.
 */
int
text_wrap(const char *s, int width, struct text_lines *out)
{
	struct text_wrapper	w;
	size_t			len, a = 0, b;

	if (s == NULL)
		return 0;
	memset(&w, 0, sizeof(w));
	w.width = width < 1 ? 1 : width;
	w.out = out;
	len = strlen(s);
	while (a < len && !w.oom) {
		b = a;
		while (b < len && s[b] != '\n')
			b++;
		text_wrap_para(&w, s, a, b);
		a = b + 1;
	}
	free(w.line.p);
	return w.oom ? -1 : 0;
}

/* Frees every line and the array; out is empty and reusable after. */
void
text_lines_release(struct text_lines *out)
{
	size_t	i;

	if (out == NULL)
		return;
	for (i = 0; i < out->n; i++)
		free(out->lines[i]);
	free(out->lines);
	out->lines = NULL;
	out->n = out->cap = 0;
}

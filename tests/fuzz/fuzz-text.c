/*
 * libFuzzer target for the terminal text module: sanitizes arbitrary
 * bytes, then fits and wraps the result, and aborts when an invariant
 * breaks (output not valid UTF-8, a control byte left, a line too wide,
 * a visible character lost). Build by hand:
 *   clang -g -fsanitize=fuzzer,address,undefined -Iinclude \
 *       src/common/text.c tests/fuzz/fuzz-text.c -o fuzz-text
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guild/text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Aborts unless s is valid UTF-8 with no control but '\n'/'\t' (if nl). */
static void
fuzz_check_safe(const char *s, int nl)
{
	size_t		len = strlen(s), i = 0;
	uint32_t	cp;
	int		n;

	while (i < len) {
		n = text_decode(s + i, len - i, &cp);
		if (n < 0)
			abort();
		if (cp < 0x20 && !(nl && (cp == '\n' || cp == '\t')))
			abort();
		if (cp >= 0x7f && cp <= 0x9f)
			abort();
		if (cp == 0x061c || cp == 0x200e || cp == 0x200f ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			abort();
		i += (size_t)n;
	}
}

/* Appends the bytes of s other than ' ', '\t' and '\n' to *p. */
static size_t
fuzz_visible(const char *s, char *p)
{
	size_t	n = 0;

	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n')
			p[n++] = *s;
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct text_lines	 tl = { NULL, 0, 0 };
	char			*clean, *fit, *vin, *vout;
	size_t			 i, nin, nout, len;
	int			 width, keep, lw;

	if (size < 1)
		return 0;
	width = (data[0] & 0x3f) - 2;	/* -2..61, width < 1 included */
	keep = data[0] >> 7;
	clean = text_sanitize((const char *)data + 1, size - 1, keep);
	if (clean == NULL)
		abort();
	fuzz_check_safe(clean, keep);
	len = strlen(clean);
	if (text_prefix_bytes(clean, width) > len)
		abort();

	fit = text_fit(clean, width, 1, data[0] & 0x40);
	if (fit == NULL)
		abort();
	fuzz_check_safe(fit, 0);
	if (width > 0 && text_width(fit) != width)
		abort();
	free(fit);

	if (text_wrap(clean, width, &tl) != 0)
		abort();
	nout = 1;
	for (i = 0; i < tl.n; i++)
		nout += strlen(tl.lines[i]);
	vin = malloc(len + 1);
	vout = malloc(nout);
	if (vin == NULL || vout == NULL)
		abort();
	nin = fuzz_visible(clean, vin);
	nout = 0;
	for (i = 0; i < tl.n; i++) {
		fuzz_check_safe(tl.lines[i], 0);
		lw = text_width(tl.lines[i]);
		if (lw > (width < 1 ? 1 : width) && !(width <= 1 && lw == 2 &&
		    text_prefix_bytes(tl.lines[i], 2) == strlen(tl.lines[i])))
			abort();
		nout += fuzz_visible(tl.lines[i], vout + nout);
	}
	if (nin != nout || memcmp(vin, vout, nin) != 0)
		abort();
	free(vin);
	free(vout);
	text_lines_release(&tl);
	free(clean);
	return 0;
}

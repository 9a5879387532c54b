/*
 * libFuzzer target for the Markdown renderer: renders arbitrary bytes at
 * a width taken from the first byte (its top bit asks for ASCII glyphs),
 * once plain and once clipped, and aborts when an invariant of
 * guild/markdown.h breaks: a line with a control character or invalid
 * UTF-8, a width that is not text_width, a line wider than the width (a
 * code line only may be, and only unclipped), spans that do not tile the
 * line, a link number out of range, output past the caps. Build by hand
 * (md4c itself is not instrumented) and seed with the CommonMark examples:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *       -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
 *       src/client/markdown.c src/common/text.c src/common/util.c \
 *       tests/fuzz/fuzz-markdown.c -lmd4c -o fuzz-markdown
 *   ./fuzz-markdown -max_total_time=180 corpus/
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guild/markdown.h"
#include "guild/text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Aborts unless s is valid UTF-8 without any control or bidi character. */
static void
fuzz_check_safe(const char *s)
{
	size_t		len = strlen(s), i = 0;
	uint32_t	cp;
	int		n;

	while (i < len) {
		n = text_decode(s + i, len - i, &cp);
		if (n < 0)
			abort();
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			abort();
		if (cp == 0x061c || cp == 0x200e || cp == 0x200f ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			abort();
		i += (size_t)n;
	}
}

/* Aborts unless doc keeps every invariant of markdown.h. */
static void
fuzz_check_doc(const struct md_doc *doc, int width)
{
	const struct md_line	*l;
	const struct md_span	*sp;
	size_t			 i, j, off, len;
	uint32_t		 cp;
	int			 want;

	want = width < MD_WIDTH_MIN ? MD_WIDTH_MIN : width;
	if (doc->width != want || doc->n > MD_MAX_LINES ||
	    doc->nlinks > MD_MAX_LINKS)
		abort();
	for (i = 0; i < doc->nlinks; i++)
		fuzz_check_safe(doc->links[i]);
	for (i = 0; i < doc->n; i++) {
		l = &doc->lines[i];
		fuzz_check_safe(l->text);
		len = strlen(l->text);
		if (l->width != text_width(l->text) || l->indent > len)
			abort();
		if (l->width > want && (!(l->flags & MD_LINE_CODE) ||
		    (doc->opts & MD_OPT_CLIP)))
			abort();
		if (len > 0 && l->text[len - 1] == ' ')
			abort();
		for (j = 0, off = 0; j < l->nspans; j++) {
			sp = &l->spans[j];
			if (sp->off != off || sp->len == 0 ||
			    sp->off + sp->len > len || sp->link < 0 ||
			    (size_t)sp->link > doc->nlinks ||
			    ((sp->style & MD_ST_LINK) && sp->link == 0) ||
			    text_decode(l->text + off, len - off, &cp) < 0)
				abort();
			off += sp->len;
		}
		if (off != len)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct md_doc	doc;
	unsigned	ascii;
	int		width;

	if (size < 1)
		return 0;
	width = data[0] & 0x7f;		/* 0..127: the clamp is tested too */
	ascii = (data[0] & 0x80) ? MD_OPT_ASCII : 0;
	if (md_render((const char *)data + 1, size - 1, width, ascii,
	    &doc) != 0)
		abort();
	fuzz_check_doc(&doc, width);
	md_doc_release(&doc);
	if (md_render((const char *)data + 1, size - 1, width,
	    ascii | MD_OPT_CLIP, &doc) != 0)
		abort();
	fuzz_check_doc(&doc, width);
	md_doc_release(&doc);
	return 0;
}

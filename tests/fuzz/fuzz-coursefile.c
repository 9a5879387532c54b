/*
 * libFuzzer target for the course-file parser: arbitrary bytes must parse
 * or fail with a "NAME:LINE: ..." message, never crash or leak; and a
 * course that parses must survive the writer: written out and parsed
 * again it is the same course, and writing that gives the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guild/buf.h"
#include "guild/coursefile.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* 0 when the two strings (either may be NULL) are equal. */
static int
differ(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

/* Aborts unless a and b are the same course. */
static void
same(const struct coursefile *a, const struct coursefile *b)
{
	size_t i;

	if (differ(a->title, b->title) || differ(a->slug, b->slug) ||
	    differ(a->summary, b->summary) ||
	    differ(a->description, b->description) ||
	    a->has_level != b->has_level || a->level != b->level ||
	    a->has_tags != b->has_tags || a->ntags != b->ntags ||
	    a->has_price != b->has_price ||
	    a->price.amount != b->price.amount ||
	    strcmp(a->price.currency, b->price.currency) != 0 ||
	    a->has_published != b->has_published ||
	    a->published != b->published || a->nlessons != b->nlessons)
		abort();
	for (i = 0; i < a->ntags; i++)
		if (strcmp(a->tags[i], b->tags[i]) != 0)
			abort();
	for (i = 0; i < a->nlessons; i++)
		if (differ(a->lessons[i].title, b->lessons[i].title) ||
		    differ(a->lessons[i].body, b->lessons[i].body) ||
		    a->lessons[i].preview != b->lessons[i].preview ||
		    a->lessons[i].duration_min != b->lessons[i].duration_min)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct coursefile	 cf, back;
	struct buf		 b1 = BUF_INIT, b2 = BUF_INIT;
	struct gerr		 err;

	gerr_clear(&err);
	if (coursefile_parse(&cf, (const char *)data, size, "fuzz.md",
	    &err) != 0) {
		if (strncmp(err.msg, "fuzz.md", 7) != 0)
			abort();
		coursefile_release(&cf);
		return 0;
	}
	gerr_clear(&err);
	if (coursefile_write(&cf, &b1, &err) != 0)
		abort();
	if (coursefile_parse(&back, buf_str(&b1), b1.len, "again.md",
	    &err) != 0)
		abort();
	same(&cf, &back);
	if (coursefile_write(&back, &b2, &err) != 0 || b1.len != b2.len ||
	    memcmp(buf_str(&b1), buf_str(&b2), b1.len) != 0)
		abort();
	buf_release(&b1);
	buf_release(&b2);
	coursefile_release(&back);
	coursefile_release(&cf);
	return 0;
}

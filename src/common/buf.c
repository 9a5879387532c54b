/* A growable, always NUL-terminated byte buffer that never aborts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/buf.h"

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

void
buf_release(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

/* Empties the buffer but keeps its memory and clears failed. */
void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Makes room for extra more bytes plus the NUL. 0, or -1 (sets failed). */
int
buf_grow(struct buf *b, size_t extra)
{
	size_t	 want, cap;
	char	*p;

	if (b->failed)
		return -1;
	if (extra > (size_t)-1 / 2 - b->len) {
		b->failed = 1;
		return -1;
	}
	want = b->len + extra + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap *= 2;
	p = realloc(b->data, cap);
	if (p == NULL) {
		b->failed = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

int
buf_add(struct buf *b, const void *p, size_t n)
{
	if (buf_grow(b, n) != 0)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

int
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	ap2;
	int	n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->failed = 1;
		return -1;
	}
	if (buf_grow(b, (size_t)n) != 0)
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;
	int	r;

	va_start(ap, fmt);
	r = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

const char *
buf_str(const struct buf *b)
{
	return b->data != NULL ? b->data : "";
}

/* Returns the data (caller frees) and leaves b empty; NULL if failed. */
char *
buf_detach(struct buf *b)
{
	char	*p;

	if (b->failed) {
		buf_release(b);
		return NULL;
	}
	if (b->data == NULL && buf_grow(b, 0) != 0)
		return NULL;
	p = b->data;
	p[b->len] = '\0';
	buf_init(b);
	return p;
}

/* Filling and reading struct gerr, the error details passed out of calls. */
#include <stdarg.h>
#include <stdio.h>

#include "guild/err.h"

void
gerr_clear(struct gerr *e)
{
	e->kind = GERR_NONE;
	e->status = 0;
	e->msg[0] = '\0';
}

int
gerr_set(struct gerr *e, enum gerr_kind kind, int status, const char *fmt, ...)
{
	va_list	ap;

	if (e == NULL)
		return -1;
	e->kind = kind;
	e->status = status;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

int
gerr_exit_code(const struct gerr *e)
{
	switch (e->kind) {
	case GERR_NONE:
		return 0;
	case GERR_USAGE:
		return 2;
	case GERR_AUTH:
		return 4;
	default:
		return 1;
	}
}

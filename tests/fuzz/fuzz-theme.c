/*
 * libFuzzer target for the theme parser: arbitrary bytes as a theme file
 * must parse or fail with a "NAME:LINE: ..." message, never crash, and a
 * failure must leave a theme that can still be released.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guild/err.h"
#include "../../src/tui/theme.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme	t;
	struct gerr	err;

	theme_init(&t);
	gerr_clear(&err);
	if (theme_parse(&t, (const char *)data, size, "fuzz", &err) != 0) {
		if (strncmp(err.msg, "fuzz:", 5) != 0)
			abort();
	}
	theme_release(&t);
	return 0;
}

/*
 * libFuzzer target for the config parser: arbitrary bytes as a config
 * file must parse or fail with a "NAME:LINE: ..." message, never crash
 * or leak, and a parsed config must keep its invariants (a server URL).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guild/config.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	 cfg;
	struct gerr	 err;
	char		*text;

	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	config_init(&cfg);
	gerr_clear(&err);
	if (config_parse(&cfg, text, "fuzz", &err) != 0) {
		if (strncmp(err.msg, "fuzz", 4) != 0)
			abort();
	} else if (cfg.server == NULL || strncmp(cfg.server, "http", 4) != 0)
		abort();
	config_release(&cfg);
	free(text);
	return 0;
}

/* Opaque pagination cursors: the sort key of a page's last row. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "server.h"

int
cursor_encode(int64_t created, int64_t id, char *out, size_t outsz)
{
	char	raw[64];
	int	len;

	len = snprintf(raw, sizeof raw, "c1:%lld:%lld", (long long)created,
	    (long long)id);
	if (len < 0 || (size_t)len >= sizeof raw ||
	    outsz < sodium_base64_ENCODED_LEN((size_t)len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return -1;
	sodium_bin2base64(out, outsz, (const unsigned char *)raw, (size_t)len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

int
cursor_decode(const char *s, int64_t *created, int64_t *id)
{
	unsigned char	 raw[64];
	char		 text[65], *colon;
	size_t		 len;

	if (s == NULL || strlen(s) >= CURSOR_SIZE)
		return -1;
	if (sodium_base642bin(raw, sizeof raw - 1, s, strlen(s), NULL, &len,
	    NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return -1;
	memcpy(text, raw, len);
	text[len] = '\0';
	if (strlen(text) != len || strncmp(text, "c1:", 3) != 0)
		return -1;
	colon = strchr(text + 3, ':');
	if (colon == NULL)
		return -1;
	*colon = '\0';
	if (parse_int64(text + 3, INT64_MIN, INT64_MAX, created) != 0 ||
	    parse_int64(colon + 1, 1, INT64_MAX, id) != 0)
		return -1;
	return 0;
}

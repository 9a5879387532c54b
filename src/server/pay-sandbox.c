/*
 * The sandbox payment provider, guildd's default: a hosted checkout page
 * served by guildd itself (route-checkout.c) where Stripe's test cards
 * decide the outcome. No money ever moves.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "pay.h"

/* A session id: "cs_" + 32 random bytes in base64url (the link's secret). */
static int
sandbox_open(const struct pay_checkout *co, char *session, size_t sessionsz)
{
	unsigned char	raw[32];

	(void)co;
	if (sessionsz < 3 + sodium_base64_ENCODED_LEN(sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return -1;
	randombytes_buf(raw, sizeof raw);
	memcpy(session, "cs_", 3);
	sodium_bin2base64(session + 3, sessionsz - 3, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	return 0;
}

static int
sandbox_checkout_url(const char *session, char *out, size_t outsz)
{
	int	n = snprintf(out, outsz, "%s/checkout/%s", pay_public_url(),
		    session);

	return n > 0 && (size_t)n < outsz ? 0 : -1;
}

const struct pay_provider pay_sandbox = {
	"sandbox",
	sandbox_open,
	sandbox_checkout_url,
};

enum pay_card
pay_card_outcome(const char *number)
{
	static const struct {
		const char	*digits;
		enum pay_card	 outcome;
	} cards[] = {
		{ "4242424242424242", PAY_CARD_PAID },
		{ "4000000000000002", PAY_CARD_DECLINED },
		{ "4000000000009995", PAY_CARD_INSUFFICIENT },
	};
	char	digits[24];
	size_t	n = 0, i;

	for (; number != NULL && *number != '\0'; number++) {
		if (*number == ' ' || *number == '-' || *number == '\t')
			continue;
		if (*number < '0' || *number > '9' || n + 1 >= sizeof digits)
			return PAY_CARD_INVALID;
		digits[n++] = *number;
	}
	digits[n] = '\0';
	for (i = 0; i < G_NELEM(cards); i++) {
		if (strcmp(digits, cards[i].digits) == 0)
			return cards[i].outcome;
	}
	return PAY_CARD_INVALID;
}

const char *
pay_card_reason(enum pay_card c)
{
	switch (c) {
	case PAY_CARD_DECLINED:
		return "card_declined";
	case PAY_CARD_INSUFFICIENT:
		return "insufficient_funds";
	case PAY_CARD_INVALID:
		return "invalid_number";
	case PAY_CARD_PAID:
	default:
		return NULL;
	}
}

/* The value of hex digit c, or -1. */
static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
pay_form_field(const char *body, size_t len, const char *name, char *out,
    size_t outsz)
{
	const char	*p = body, *end = body + len, *amp, *eq;
	size_t		 nlen = strlen(name), o;
	int		 hi, lo;

	while (p != NULL && p < end) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		eq = memchr(p, '=', (size_t)(amp - p));
		if (eq != NULL && (size_t)(eq - p) == nlen &&
		    memcmp(p, name, nlen) == 0) {
			o = 0;
			for (p = eq + 1; p < amp; p++) {
				char c = *p;

				if (c == '+') {
					c = ' ';
				} else if (c == '%') {
					if (amp - p < 3)
						return -1;
					hi = hexval(p[1]);
					lo = hexval(p[2]);
					if (hi < 0 || lo < 0)
						return -1;
					c = (char)(hi * 16 + lo);
					p += 2;
				}
				if (c == '\0' || o + 1 >= outsz)
					return -1;
				out[o++] = c;
			}
			out[o] = '\0';
			return 0;
		}
		p = amp + 1;
	}
	return -1;
}

int
pay_expiry_valid(const char *exp, time_t now)
{
	struct tm	tm;
	char		digits[8];
	size_t		n = 0, slash = 0;
	int		month, year;

	for (; *exp != '\0'; exp++) {
		if (*exp == ' ')
			continue;
		if (*exp == '/' && slash == 0 && n > 0) {
			slash = n;
			continue;
		}
		if (*exp < '0' || *exp > '9' || n + 1 >= sizeof digits)
			return -1;
		digits[n++] = *exp;
	}
	if (slash != 2 || (n != 4 && n != 6))
		return -1;
	month = (digits[0] - '0') * 10 + (digits[1] - '0');
	year = 0;
	for (slash = 2; slash < n; slash++)
		year = year * 10 + (digits[slash] - '0');
	if (n == 4)
		year += 2000;
	if (month < 1 || month > 12)
		return -1;
	gmtime_r(&now, &tm);
	if (year < tm.tm_year + 1900 ||
	    (year == tm.tm_year + 1900 && month < tm.tm_mon + 1))
		return -1;
	return year > tm.tm_year + 1900 + 50 ? -1 : 0;
}

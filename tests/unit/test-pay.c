/*
 * Unit tests of payments: the webhook signature against a vector computed
 * with `openssl dgst -sha256 -hmac`, Stripe-Signature header parsing, the
 * 300 s tolerance at its boundaries, events, the sandbox's test cards,
 * expiry dates and form decoding, and idempotency request hashing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "server/idempotency.h"
#include "server/pay.h"

#define SECRET	"whsec_unit_test_secret_0123"
#define BODY	"{\"id\":\"evt_test\",\"type\":\"checkout.completed\"}"
/*
 * printf '%s' '1700000000.{"id":"evt_test","type":"checkout.completed"}' |
 *     openssl dgst -sha256 -hmac 'whsec_unit_test_secret_0123'
 */
#define VECTOR	"605e85966701338301de3b688685cda5" \
		"7e4e747ea9f65388c97b77b85d1bf49e"
#define T0	1700000000

static void
test_sign_known_vector(void **state)
{
	char	hex[65], header[128];

	(void)state;
	pay_sign(SECRET, T0, BODY, strlen(BODY), hex, sizeof hex);
	assert_string_equal(hex, VECTOR);
	assert_int_equal(pay_signature_header(SECRET, T0, BODY, strlen(BODY),
	    header, sizeof header), 0);
	assert_string_equal(header, "t=1700000000,v1=" VECTOR);
	/* Too small a buffer is refused, not cut. */
	assert_int_equal(pay_signature_header(SECRET, T0, BODY, strlen(BODY),
	    header, 20), -1);
}

static void
test_parse_header(void **state)
{
	struct pay_sig	sig;

	(void)state;
	assert_int_equal(pay_sig_parse("t=12,v1=" VECTOR, &sig), 0);
	assert_int_equal(sig.t, 12);
	assert_int_equal(sig.nv1, 1);
	assert_string_equal(sig.v1[0], VECTOR);

	/* Any order, spaces, several v1, other schemes skipped. */
	assert_int_equal(pay_sig_parse(" v1=" VECTOR " , v0=abc, t=99 ,"
	    "v1=" VECTOR, &sig), 0);
	assert_int_equal(sig.t, 99);
	assert_int_equal(sig.nv1, 2);
	/* Upper-case hex is read as lower case. */
	assert_int_equal(pay_sig_parse("t=1,v1=605E85966701338301DE3B688685"
	    "CDA57E4E747EA9F65388C97B77B85D1BF49E", &sig), 0);
	assert_string_equal(sig.v1[0], VECTOR);

	assert_int_equal(pay_sig_parse(NULL, &sig), -1);
	assert_int_equal(pay_sig_parse("", &sig), -1);
	assert_int_equal(pay_sig_parse("v1=" VECTOR, &sig), -1);	/* no t */
	assert_int_equal(pay_sig_parse("t=1", &sig), -1);	/* no v1 */
	assert_int_equal(pay_sig_parse("t=1,t=2,v1=" VECTOR, &sig), -1);
	assert_int_equal(pay_sig_parse("t=abc,v1=" VECTOR, &sig), -1);
	assert_int_equal(pay_sig_parse("t=-5,v1=" VECTOR, &sig), -1);
	assert_int_equal(pay_sig_parse("t=1,v1=zz", &sig), -1);
	assert_int_equal(pay_sig_parse("t=1,v1=" VECTOR "00", &sig), -1);
	assert_int_equal(pay_sig_parse("t=1,garbage,v1=" VECTOR, &sig), -1);
}

static void
test_verify_and_tolerance(void **state)
{
	const char	*good = "t=1700000000,v1=" VECTOR;
	char		 other[200];

	(void)state;
	assert_int_equal(pay_sig_verify(SECRET, good, BODY, strlen(BODY), T0,
	    300), PAY_SIG_OK);
	/* Exactly 300 s either way is still in; 301 is out. */
	assert_int_equal(pay_sig_verify(SECRET, good, BODY, strlen(BODY),
	    T0 + 300, 300), PAY_SIG_OK);
	assert_int_equal(pay_sig_verify(SECRET, good, BODY, strlen(BODY),
	    T0 - 300, 300), PAY_SIG_OK);
	assert_int_equal(pay_sig_verify(SECRET, good, BODY, strlen(BODY),
	    T0 + 301, 300), PAY_SIG_STALE);
	assert_int_equal(pay_sig_verify(SECRET, good, BODY, strlen(BODY),
	    T0 - 301, 300), PAY_SIG_STALE);
	/* A changed body, secret or timestamp does not verify. */
	assert_int_equal(pay_sig_verify(SECRET, good, BODY " ",
	    strlen(BODY) + 1, T0, 300), PAY_SIG_MISMATCH);
	assert_int_equal(pay_sig_verify("whsec_another_secret_456", good, BODY,
	    strlen(BODY), T0, 300), PAY_SIG_MISMATCH);
	assert_int_equal(pay_sig_verify(SECRET, "t=1700000001,v1=" VECTOR,
	    BODY, strlen(BODY), T0, 300), PAY_SIG_MISMATCH);
	/* One good v1 among bad ones is enough (secret rotation). */
	snprintf(other, sizeof other, "t=1700000000,v1=%064d,v1=%s", 0,
	    VECTOR);
	assert_int_equal(pay_sig_verify(SECRET, other, BODY, strlen(BODY), T0,
	    300), PAY_SIG_OK);
	assert_int_equal(pay_sig_verify(SECRET, NULL, BODY, strlen(BODY), T0,
	    300), PAY_SIG_MALFORMED);
}

static void
test_event_round_trip(void **state)
{
	struct pay_event	 ev, back;
	char			*text, why[128];

	(void)state;
	memset(&ev, 0, sizeof ev);
	snprintf(ev.type, sizeof ev.type, "%s", PAY_EVENT_FAILED);
	ev.order_id = 42;
	snprintf(ev.session, sizeof ev.session, "cs_abc");
	ev.amount.amount = 19900;
	memcpy(ev.amount.currency, "CNY", 4);
	snprintf(ev.reason, sizeof ev.reason, "card_declined");
	text = pay_event_build(&ev, T0);
	assert_non_null(text);
	assert_int_equal(pay_event_parse(text, strlen(text), &back, why,
	    sizeof why), 0);
	assert_true(strncmp(back.id, "evt_", 4) == 0);
	assert_true(strlen(back.id) > 20);
	assert_string_equal(back.type, PAY_EVENT_FAILED);
	assert_int_equal(back.order_id, 42);
	assert_string_equal(back.session, "cs_abc");
	assert_int_equal(back.amount.amount, 19900);
	assert_string_equal(back.amount.currency, "CNY");
	assert_string_equal(back.reason, "card_declined");
	free(text);

	assert_int_equal(pay_event_parse("[]", 2, &back, why, sizeof why), -1);
	text = "{\"type\":\"x\",\"data\":{}}";
	assert_int_equal(pay_event_parse(text, strlen(text), &back, why,
	    sizeof why), -1);
	assert_non_null(strstr(why, "id"));
	text = "{\"id\":\"evt_1\",\"type\":\"x\"}";
	assert_int_equal(pay_event_parse(text, strlen(text), &back, why,
	    sizeof why), -1);
	assert_non_null(strstr(why, "data"));
}

static void
test_cards(void **state)
{
	(void)state;
	assert_int_equal(pay_card_outcome("4242424242424242"), PAY_CARD_PAID);
	assert_int_equal(pay_card_outcome("4242 4242 4242 4242"),
	    PAY_CARD_PAID);
	assert_int_equal(pay_card_outcome(" 4242-4242-4242-4242 "),
	    PAY_CARD_PAID);
	assert_int_equal(pay_card_outcome("4000 0000 0000 0002"),
	    PAY_CARD_DECLINED);
	assert_int_equal(pay_card_outcome("4000000000009995"),
	    PAY_CARD_INSUFFICIENT);
	assert_int_equal(pay_card_outcome("4111111111111111"),
	    PAY_CARD_INVALID);
	assert_int_equal(pay_card_outcome("4242x424242424242"),
	    PAY_CARD_INVALID);
	assert_int_equal(pay_card_outcome(""), PAY_CARD_INVALID);
	assert_int_equal(pay_card_outcome(NULL), PAY_CARD_INVALID);
	assert_int_equal(pay_card_outcome("42424242424242424242424242424242"),
	    PAY_CARD_INVALID);
	assert_string_equal(pay_card_reason(PAY_CARD_DECLINED),
	    "card_declined");
	assert_string_equal(pay_card_reason(PAY_CARD_INSUFFICIENT),
	    "insufficient_funds");
	assert_null(pay_card_reason(PAY_CARD_PAID));
}

static void
test_expiry(void **state)
{
	time_t	now = 1793000000;	/* 2026-10-26 */

	(void)state;
	assert_int_equal(pay_expiry_valid("12/34", now), 0);
	assert_int_equal(pay_expiry_valid("10/26", now), 0);	/* this month */
	assert_int_equal(pay_expiry_valid("09/26", now), -1);	/* last month */
	assert_int_equal(pay_expiry_valid("10 / 2030", now), 0);
	assert_int_equal(pay_expiry_valid("13/30", now), -1);
	assert_int_equal(pay_expiry_valid("00/30", now), -1);
	assert_int_equal(pay_expiry_valid("1/30", now), -1);
	assert_int_equal(pay_expiry_valid("", now), -1);
	assert_int_equal(pay_expiry_valid("12/99x", now), -1);
	assert_int_equal(pay_expiry_valid("12/2150", now), -1);
}

static void
test_form_fields(void **state)
{
	const char	*f = "card_number=4242+4242%204242+4242&exp=12%2F34"
			    "&cvc=123&empty=&bad=%zz";
	char		 out[32];

	(void)state;
	assert_int_equal(pay_form_field(f, strlen(f), "card_number", out,
	    sizeof out), 0);
	assert_string_equal(out, "4242 4242 4242 4242");
	assert_int_equal(pay_form_field(f, strlen(f), "exp", out, sizeof out),
	    0);
	assert_string_equal(out, "12/34");
	assert_int_equal(pay_form_field(f, strlen(f), "cvc", out, sizeof out),
	    0);
	assert_string_equal(out, "123");
	assert_int_equal(pay_form_field(f, strlen(f), "empty", out,
	    sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(pay_form_field(f, strlen(f), "bad", out, sizeof out),
	    -1);
	assert_int_equal(pay_form_field(f, strlen(f), "card", out, sizeof out),
	    -1);
	assert_int_equal(pay_form_field(f, strlen(f), "card_number", out, 5),
	    -1);
	assert_int_equal(pay_form_field("x=%00", 5, "x", out, sizeof out), -1);
	/* Only the given length is read. */
	assert_int_equal(pay_form_field("cvc=12345", 6, "cvc", out,
	    sizeof out), 0);
	assert_string_equal(out, "12");
}

static void
test_idempotency_hash(void **state)
{
	unsigned char	a[32], b[32];
	char		hex[65];

	(void)state;
	/*
	 * printf 'POST\n/api/v1/orders\n{"course_id":4}' | openssl dgst -sha256
	 */
	idem_request_hash("POST", "/api/v1/orders", "{\"course_id\": 4}", 16, a);
	sodium_bin2hex(hex, sizeof hex, a, sizeof a);
	assert_string_equal(hex, "19c750be9fcd42312328342c8f8b7ff37d6dd44d"
	    "4948b0da60bb7c8f1f356ac4");
	/* Whitespace and member order do not matter; values do. */
	idem_request_hash("POST", "/api/v1/orders",
	    "{ \"x\": [1, 2], \"course_id\" :4 }", 31, a);
	idem_request_hash("POST", "/api/v1/orders",
	    "{\"course_id\":4,\"x\":[1,2]}", 25, b);
	assert_memory_equal(a, b, 32);
	idem_request_hash("POST", "/api/v1/orders", "{\"course_id\":5}", 15, b);
	assert_memory_not_equal(a, b, 32);
	/* The path is part of the request. */
	idem_request_hash("POST", "/api/v1/orders", "{}", 2, a);
	idem_request_hash("POST", "/api/v1/orderz", "{}", 2, b);
	assert_memory_not_equal(a, b, 32);
	/* A body that is not JSON is hashed as bytes. */
	idem_request_hash("POST", "/p", "not json", 8, a);
	idem_request_hash("POST", "/p", "not  json", 9, b);
	assert_memory_not_equal(a, b, 32);

	assert_true(idem_key_valid("0b5c6f1e-6a7b-4f0e-9a34-8d6f0c3b2a11"));
	assert_false(idem_key_valid(""));
	assert_false(idem_key_valid(NULL));
	assert_false(idem_key_valid("has space"));
	assert_false(idem_key_valid("caf\xc3\xa9"));
	memset(hex, 'k', 64);
	hex[64] = '\0';
	assert_true(idem_key_valid(hex));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_known_vector),
		cmocka_unit_test(test_parse_header),
		cmocka_unit_test(test_verify_and_tolerance),
		cmocka_unit_test(test_event_round_trip),
		cmocka_unit_test(test_cards),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test(test_form_fields),
		cmocka_unit_test(test_idempotency_hash),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

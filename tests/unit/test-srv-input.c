/*
 * Unit tests of guildd's input handling: pagination cursors, account
 * field rules, the JSON body reader, problem wording helpers, ETag
 * matching and --listen parsing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "server/auth.h"
#include "server/server.h"

static void
test_cursor_round_trip(void **state)
{
	char	c[CURSOR_SIZE];
	int64_t	created, id;

	(void)state;
	assert_int_equal(auth_init(0), 0);
	assert_int_equal(cursor_encode(1795238144, 42, c, sizeof c), 0);
	assert_null(strpbrk(c, "+/=&?# "));	/* safe in a query string */
	assert_int_equal(cursor_decode(c, &created, &id), 0);
	assert_int_equal(created, 1795238144);
	assert_int_equal(id, 42);
	assert_int_equal(cursor_encode(INT64_MIN, INT64_MAX, c, sizeof c), 0);
	assert_int_equal(cursor_decode(c, &created, &id), 0);
	assert_true(created == INT64_MIN && id == INT64_MAX);
	assert_int_equal(cursor_encode(1, 2, c, 8), -1);	/* no room */
}

static void
test_cursor_rejects(void **state)
{
	int64_t	created, id;
	char	long_one[200];

	(void)state;
	assert_int_equal(auth_init(0), 0);
	assert_int_equal(cursor_decode("", &created, &id), -1);
	assert_int_equal(cursor_decode("not-a-cursor", &created, &id), -1);
	assert_int_equal(cursor_decode("YzE6MTox", &created, &id), 0);
	/* base64url of "c1:1:0" (id 0), "c2:1:1", "c1:1" and "c1:x:1" */
	assert_int_equal(cursor_decode("YzE6MTow", &created, &id), -1);
	assert_int_equal(cursor_decode("YzI6MTox", &created, &id), -1);
	assert_int_equal(cursor_decode("YzE6MQ", &created, &id), -1);
	assert_int_equal(cursor_decode("YzE6eDox", &created, &id), -1);
	/* standard base64 padding and alphabet are not ours */
	assert_int_equal(cursor_decode("YzE6MTox==", &created, &id), -1);
	assert_int_equal(cursor_decode("' OR 1=1", &created, &id), -1);
	memset(long_one, 'A', sizeof long_one - 1);
	long_one[sizeof long_one - 1] = '\0';
	assert_int_equal(cursor_decode(long_one, &created, &id), -1);
}

static void
test_account_rules(void **state)
{
	char	out[33];

	(void)state;
	assert_true(srv_username_valid("mei"));
	assert_true(srv_username_valid("Newbie_1-x"));
	assert_true(srv_username_valid("abcdefghijklmnopqrstuvwxyz012345"));
	assert_false(srv_username_valid("ab"));
	assert_false(srv_username_valid("abcdefghijklmnopqrstuvwxyz0123456"));
	assert_false(srv_username_valid("a b c"));
	assert_false(srv_username_valid("me@x"));
	assert_false(srv_username_valid("陈梅陈梅"));
	assert_false(srv_username_valid("robert'); DROP TABLE users;--"));
	srv_username_fold("Newbie_1", out, sizeof out);
	assert_string_equal(out, "newbie_1");

	assert_true(srv_email_valid("mei@example.com"));
	assert_true(srv_email_valid("a.b+tag@sub.example.cn"));
	assert_false(srv_email_valid("nope"));
	assert_false(srv_email_valid("@example.com"));
	assert_false(srv_email_valid("a@b"));
	assert_false(srv_email_valid("a@b@c.com"));
	assert_false(srv_email_valid("a b@example.com"));
	assert_false(srv_email_valid("a@example.com."));
	assert_false(srv_email_valid("a@.example.com"));

	assert_int_equal(srv_utf8_len("abc"), 3);
	assert_int_equal(srv_utf8_len("所有权"), 3);
	assert_int_equal(srv_utf8_len(""), 0);
}

static void
test_json_body(void **state)
{
	struct srv_req	*req = calloc(1, sizeof *req);
	json_t		*o;
	const char	*v;

	(void)state;
	assert_non_null(req);
	assert_int_equal(srv_json_body(req, &o), G_BAD_REQUEST);
	req->body = "{\"a\": 1, \"a\": 2}";
	req->body_len = strlen(req->body);
	assert_int_equal(srv_json_body(req, &o), G_BAD_REQUEST);
	assert_null(o);
	req->body = "[1, 2]";
	req->body_len = strlen(req->body);
	assert_int_equal(srv_json_body(req, &o), G_BAD_REQUEST);
	req->body = "{\"name\": \"\xff\"}";
	req->body_len = strlen(req->body);
	assert_int_equal(srv_json_body(req, &o), G_BAD_REQUEST);
	/* the detail quotes jansson's words but stays printable ASCII */
	for (v = req->detail; *v != '\0'; v++)
		assert_true(*v >= 0x20 && *v < 0x7f);

	req->body = "{\"name\": \"mei\", \"n\": 3, \"nul\": null}";
	req->body_len = strlen(req->body);
	assert_int_equal(srv_json_body(req, &o), G_OK);
	assert_int_equal(srv_json_string(req, o, "name", 1, &v), 0);
	assert_string_equal(v, "mei");
	assert_int_equal(srv_json_string(req, o, "nul", 0, &v), 0);
	assert_null(v);
	assert_int_equal(req->nerrors, 0);
	assert_int_equal(srv_json_string(req, o, "n", 0, &v), -1);
	assert_int_equal(srv_json_string(req, o, "missing", 1, &v), -1);
	assert_int_equal(req->nerrors, 2);
	assert_string_equal(req->errors[0].field, "n");
	assert_string_equal(req->errors[1].field, "missing");
	assert_int_equal(srv_invalid(req), G_UNPROCESSABLE);
	assert_string_equal(req->detail,
	    "n must be a string (and 1 more problem)");
	json_decref(o);
	free(req);
}

static void
test_quote_and_headers(void **state)
{
	struct srv_req	*req = calloc(1, sizeof *req);
	char		 q[8];
	int		 i;

	(void)state;
	assert_non_null(req);
	assert_string_equal(srv_quote("abc", q, sizeof q), "abc");
	assert_string_equal(srv_quote("a\x1b[2J", q, sizeof q), "a?[2J");
	assert_string_equal(srv_quote("\xe6\x89\x80", q, sizeof q), "???");
	assert_string_equal(srv_quote("abcdefghij", q, sizeof q), "abcd...");
	assert_string_equal(srv_quote(NULL, q, sizeof q), "");
	for (i = 0; i < SRV_MAX_HEADERS; i++)
		assert_int_equal(srv_header_add(req, "X-N", "%d", i), 0);
	assert_int_equal(srv_header_add(req, "X-N", "full"), -1);
	for (i = 0; i < SRV_MAX_FIELD_ERRORS + 5; i++)
		srv_field_error(req, "f", "bad %d", i);
	assert_int_equal(req->nerrors, SRV_MAX_FIELD_ERRORS);
	free(req);
}

static void
test_etag(void **state)
{
	char	a[48], b[128];

	(void)state;
	assert_int_equal(auth_init(0), 0);
	http_etag("{}", 2, a, sizeof a);
	http_etag("{} ", 3, b, sizeof b);
	assert_int_equal(strlen(a), 34);
	assert_true(a[0] == '"' && a[33] == '"');
	assert_string_not_equal(a, b);
	http_etag("{}", 2, b, sizeof b);
	assert_string_equal(a, b);

	assert_true(http_etag_match(a, a));
	assert_true(http_etag_match("*", a));
	assert_false(http_etag_match(NULL, a));
	assert_false(http_etag_match("", a));
	assert_false(http_etag_match("\"0000\"", a));
	snprintf(b, sizeof b, "\"x\", W/%s", a);
	assert_true(http_etag_match(b, a));
	snprintf(b, sizeof b, "%.33s", a);	/* no closing quote */
	assert_false(http_etag_match(b, a));
}

static void
test_listen_parse(void **state)
{
	char		host[64];
	unsigned	port;

	(void)state;
	assert_int_equal(http_parse_listen("127.0.0.1:8080", host, sizeof host,
	    &port), 0);
	assert_string_equal(host, "127.0.0.1");
	assert_int_equal(port, 8080);
	assert_int_equal(http_parse_listen("[::1]:0", host, sizeof host,
	    &port), 0);
	assert_string_equal(host, "::1");
	assert_int_equal(port, 0);
	assert_int_equal(http_parse_listen("localhost:65535", host,
	    sizeof host, &port), 0);
	assert_int_equal(http_parse_listen("localhost:65536", host,
	    sizeof host, &port), -1);
	assert_int_equal(http_parse_listen("nonsense", host, sizeof host,
	    &port), -1);
	assert_int_equal(http_parse_listen(":8080", host, sizeof host, &port),
	    -1);
	assert_int_equal(http_parse_listen("::1:8080", host, sizeof host,
	    &port), -1);
	assert_int_equal(http_parse_listen("[::1]8080", host, sizeof host,
	    &port), -1);
	assert_int_equal(http_parse_listen("1.2.3.4:-1", host, sizeof host,
	    &port), -1);
	assert_int_equal(http_parse_listen("1.2.3.4:", host, sizeof host,
	    &port), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cursor_round_trip),
		cmocka_unit_test(test_cursor_rejects),
		cmocka_unit_test(test_account_rules),
		cmocka_unit_test(test_json_body),
		cmocka_unit_test(test_quote_and_headers),
		cmocka_unit_test(test_etag),
		cmocka_unit_test(test_listen_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests of mail formatting: RFC 2047 subjects, quoted-printable
 * bodies, dates, addresses, the whole order confirmation message, the
 * retry backoff, and queueing into the outbox table.
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

#include "server/db.h"
#include "server/mail.h"

static void
test_header_encoding(void **state)
{
	struct buf	b = BUF_INIT;
	unsigned char	raw[256];
	size_t		len;
	const char	*p, *end;
	char		word[128];
	struct buf	decoded = BUF_INIT;

	(void)state;
	mail_header_encode(&b, "Your Guild order #12: Modern C", "\r\n");
	assert_string_equal(buf_str(&b), "Your Guild order #12: Modern C");
	buf_reset(&b);

	/* "SQLite 内幕": =?UTF-8?B?U1FMaXRlIOWGheW5lQ==?= */
	mail_header_encode(&b, "SQLite \xe5\x86\x85\xe5\xb9\x95", "\r\n");
	assert_string_equal(buf_str(&b), "=?UTF-8?B?U1FMaXRlIOWGheW5lQ==?=");
	buf_reset(&b);

	/*
	 * A long Chinese subject: several words, each at most 75
	 * characters, folded with CRLF SP, never splitting a character,
	 * decoding back to the original.
	 */
	{
		const char *subj = "Your Guild order #7: \xe6\xb7\xb1\xe5\x85"
		    "\xa5\xe7\x90\x86\xe8\xa7\xa3 SQLite \xe7\x9a\x84 B "
		    "\xe6\xa0\x91\xe3\x80\x81\xe9\xa1\xb5\xe7\xbc\x93\xe5\xad"
		    "\x98\xe4\xb8\x8e WAL \xe6\x97\xa5\xe5\xbf\x97";

		mail_header_encode(&b, subj, "\r\n");
		assert_non_null(strstr(buf_str(&b), "?=\r\n =?UTF-8?B?"));
		for (p = buf_str(&b); *p != '\0'; p = end) {
			end = strstr(p, "\r\n ");
			if (end == NULL)
				end = p + strlen(p);
			len = (size_t)(end - p);
			assert_true(len <= 75);
			assert_true(strncmp(p, "=?UTF-8?B?", 10) == 0);
			memcpy(word, p + 10, len - 12);
			word[len - 12] = '\0';
			assert_int_equal(sodium_base642bin(raw, sizeof raw,
			    word, strlen(word), NULL, &len, NULL,
			    sodium_base64_VARIANT_ORIGINAL), 0);
			/* Each word is whole UTF-8 on its own. */
			assert_true(len == 0 || (raw[0] & 0xc0) != 0x80);
			buf_add(&decoded, raw, len);
			if (*end != '\0')
				end += 3;
		}
		assert_string_equal(buf_str(&decoded), subj);
	}
	/* Control characters never reach a header raw (no injection). */
	buf_reset(&b);
	mail_header_encode(&b, "x\r\nBcc: evil@example.com", "\r\n");
	assert_null(strstr(buf_str(&b), "Bcc"));
	buf_release(&b);
	buf_release(&decoded);
}

static void
test_quoted_printable(void **state)
{
	struct buf	b = BUF_INIT;
	char		line[200];
	const char	*p;
	size_t		i;

	(void)state;
	mail_qp_encode(&b, "Amount: \xc2\xa5" "199.00\na=b \ntab\tend\t\n",
	    "\r\n");
	assert_string_equal(buf_str(&b), "Amount: =C2=A5199.00\r\n"
	    "a=3Db=20\r\ntab\tend=09\r\n");
	buf_reset(&b);
	/* Long lines get soft breaks and stay within 76 characters. */
	for (i = 0; i < 150; i++)
		line[i] = (char)('a' + i % 26);
	line[150] = '\0';
	mail_qp_encode(&b, line, "\n");
	for (p = buf_str(&b); *p != '\0';) {
		size_t n = strcspn(p, "\n");

		assert_true(n <= 76);
		p += n;
		if (*p == '\n')
			p++;
	}
	assert_non_null(strstr(buf_str(&b), "=\n"));
	buf_release(&b);
}

static void
test_date_and_address(void **state)
{
	char	out[64];

	(void)state;
	mail_date(1793000000, out, sizeof out);
	assert_string_equal(out, "Mon, 26 Oct 2026 07:33:20 +0000");
	assert_int_equal(mail_addr_spec("Guild <noreply@guild.example>", out,
	    sizeof out), 0);
	assert_string_equal(out, "noreply@guild.example");
	assert_int_equal(mail_addr_spec("a@b.c", out, sizeof out), 0);
	assert_string_equal(out, "a@b.c");
	assert_int_equal(mail_addr_spec("Guild <nobody>", out, sizeof out), -1);
	assert_int_equal(mail_addr_spec("Guild <a@b", out, sizeof out), -1);
	assert_int_equal(mail_addr_spec("", out, sizeof out), -1);
}

static void
test_backoff(void **state)
{
	(void)state;
	assert_int_equal(mail_backoff(1), 5);
	assert_int_equal(mail_backoff(2), 30);
	assert_int_equal(mail_backoff(3), 120);
	assert_true(mail_backoff(4) > mail_backoff(3));
	assert_int_equal(mail_backoff(50), 3600);
	assert_int_equal(mail_backoff(0), 5);
}

static void
test_order_message(void **state)
{
	struct mail_order	m;
	struct money		amount = { 19900, "CNY" };
	struct buf		subject = BUF_INIT, body = BUF_INIT;
	struct buf		msg = BUF_INIT;
	const char		*s;

	(void)state;
	memset(&m, 0, sizeof m);
	m.order_id = 12;
	m.name = "Demo Learner";
	m.course_title = "Rust \xe6\x89\x80\xe6\x9c\x89\xe6\x9d\x83";
	m.course_slug = "rust-ownership";
	m.amount = &amount;
	m.paid_at = 1793000000;
	m.public_url = "http://127.0.0.1:8080";
	assert_int_equal(mail_order_compose(&m, &subject, &body), 0);
	assert_string_equal(buf_str(&subject), "Your Guild order #12: Rust "
	    "\xe6\x89\x80\xe6\x9c\x89\xe6\x9d\x83");
	assert_non_null(strstr(buf_str(&body), "Order:   #12\n"));
	assert_non_null(strstr(buf_str(&body), "Amount:  \xc2\xa5" "199.00"));
	assert_non_null(strstr(buf_str(&body),
	    "http://127.0.0.1:8080/api/v1/courses/rust-ownership"));

	assert_int_equal(mail_format(&msg, "Guild <noreply@guild.example>",
	    "demo@guild.example", buf_str(&subject), buf_str(&body),
	    1793000000, "<guild.3.1793000000@guild.example>", "\r\n"), 0);
	s = buf_str(&msg);
	{
		const char *head = "From: Guild <noreply@guild.example>\r\n"
		    "To: demo@guild.example\r\nSubject: =?UTF-8?B?";

		assert_true(strncmp(s, head, strlen(head)) == 0);
	}
	assert_non_null(strstr(s, "\r\nDate: Mon, 26 Oct 2026 07:33:20 "
	    "+0000\r\n"));
	assert_non_null(strstr(s, "\r\nMessage-ID: "
	    "<guild.3.1793000000@guild.example>\r\n"));
	assert_non_null(strstr(s, "\r\nMIME-Version: 1.0\r\n"));
	assert_non_null(strstr(s, "\r\nContent-Type: text/plain; "
	    "charset=UTF-8\r\n"));
	assert_non_null(strstr(s, "\r\nContent-Transfer-Encoding: "
	    "quoted-printable\r\n"));
	assert_non_null(strstr(s, "\r\nAuto-Submitted: auto-generated\r\n"
	    "\r\nHello Demo Learner,\r\n"));
	assert_non_null(strstr(s, "Amount:  =C2=A5199.00\r\n"));
	/* Every line ends in CRLF: no bare LF. */
	for (; *s != '\0'; s++) {
		if (*s == '\n')
			assert_true(s[-1] == '\r');
	}
	assert_int_equal(msg.data[msg.len - 1], '\n');
	buf_release(&subject);
	buf_release(&body);
	buf_release(&msg);
}

static void
test_queue(void **state)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	struct gerr	 err;

	(void)state;
	assert_int_equal(db_open(":memory:", &db, &err), 0);
	assert_int_equal(db_migrate(db, NULL, NULL, &err), 0);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(mail_queue(db, "a@b.c", "Hi", "Body\n", 0, 1000),
	    G_OK);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT to_addr, subject,"
	    " attempts, next_attempt_at, sent_at IS NULL, order_id IS NULL"
	    " FROM mail_outbox", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "a@b.c");
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "Hi");
	assert_int_equal(sqlite3_column_int(st, 2), 0);
	assert_int_equal(sqlite3_column_int(st, 3), 1000);
	assert_int_equal(sqlite3_column_int(st, 4), 1);
	assert_int_equal(sqlite3_column_int(st, 5), 1);
	sqlite3_finalize(st);
	sqlite3_close(db);
	/* Kicking a sender that never started is harmless. */
	mail_kick();
	mail_stop();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_encoding),
		cmocka_unit_test(test_quoted_printable),
		cmocka_unit_test(test_date_and_address),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_order_message),
		cmocka_unit_test(test_queue),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

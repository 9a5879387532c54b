/*
 * Payment plumbing shared by every provider: the settings, Stripe-style
 * webhook signatures (HMAC-SHA256 over "timestamp.body"), and event
 * encoding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "db.h"
#include "pay.h"

static char	pay_url[PAY_URL_MAX];
static char	pay_key[PAY_SECRET_MAX];

int
pay_init(const char *public_url, const char *secret)
{
	size_t	len = strlen(public_url);

	while (len > 0 && public_url[len - 1] == '/')
		len--;
	if (len >= sizeof pay_url || strlen(secret) >= sizeof pay_key)
		return -1;
	memcpy(pay_url, public_url, len);
	pay_url[len] = '\0';
	snprintf(pay_key, sizeof pay_key, "%s", secret);
	return 0;
}

const char *
pay_public_url(void)
{
	return pay_url;
}

const char *
pay_secret(void)
{
	return pay_key;
}

const struct pay_provider *
pay_provider(void)
{
	return &pay_sandbox;
}

int
pay_secret_load(sqlite3 *db, const char *given, char *out, size_t outsz,
    struct gerr *err)
{
	unsigned char	 raw[32];
	char		 fresh[6 + 44];
	char		*stored = NULL;
	enum gstatus	 s;

	if (given != NULL && given[0] != '\0') {
		if (strlen(given) < 16 || strlen(given) >= outsz ||
		    strlen(given) >= PAY_SECRET_MAX)
			return gerr_set(err, GERR_USAGE, 0, "the webhook secret "
			    "must be 16 to %d bytes", PAY_SECRET_MAX - 1);
		snprintf(out, outsz, "%s", given);
		return 0;
	}
	randombytes_buf(raw, sizeof raw);
	memcpy(fresh, "whsec_", 6);
	sodium_bin2base64(fresh + 6, sizeof fresh - 6, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	/* First writer wins: two guildd starting together agree. */
	if (db_begin(db) != 0)
		return gerr_set(err, GERR_LOCAL, 0, "cannot store the webhook "
		    "secret: %s", sqlite3_errmsg(db));
	s = db_setting_init(db, "webhook_secret", fresh);
	if (s == G_OK)
		s = db_setting_get(db, "webhook_secret", &stored);
	if (s == G_OK && db_commit(db) != 0)
		s = G_INTERNAL;
	if (s != G_OK)
		db_rollback(db);
	sodium_memzero(fresh, sizeof fresh);
	if (s != G_OK || stored == NULL || strlen(stored) >= outsz) {
		free(stored);
		return gerr_set(err, GERR_LOCAL, 0, "cannot read or store the "
		    "webhook secret in the settings table");
	}
	snprintf(out, outsz, "%s", stored);
	sodium_memzero(stored, strlen(stored));
	free(stored);
	return 0;
}

/* ---- signatures ------------------------------------------------------ */

void
pay_sign(const char *secret, int64_t t, const char *body, size_t len,
    char *hex, size_t hexsz)
{
	crypto_auth_hmacsha256_state	st;
	unsigned char			mac[crypto_auth_hmacsha256_BYTES];
	char				ts[24];
	int				n;

	n = snprintf(ts, sizeof ts, "%lld.", (long long)t);
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
	    strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts,
	    (unsigned long long)n);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body,
	    (unsigned long long)len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(hex, hexsz, mac, sizeof mac);
	sodium_memzero(&st, sizeof st);
}

int
pay_signature_header(const char *secret, int64_t t, const char *body,
    size_t len, char *out, size_t outsz)
{
	char	hex[65];
	int	n;

	pay_sign(secret, t, body, len, hex, sizeof hex);
	n = snprintf(out, outsz, "t=%lld,v1=%s", (long long)t, hex);
	return n > 0 && (size_t)n < outsz ? 0 : -1;
}

/* 1 when s[0..len) is 64 hex digits. */
static int
is_hex64(const char *s, size_t len)
{
	size_t	i;

	if (len != 64)
		return 0;
	for (i = 0; i < len; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	}
	return 1;
}

int
pay_sig_parse(const char *header, struct pay_sig *out)
{
	const char	*p = header, *item, *eq;
	size_t		 len, klen, vlen, i;
	char		 num[24];
	int		 have_t = 0;

	memset(out, 0, sizeof *out);
	if (header == NULL)
		return -1;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		item = p;
		len = strcspn(p, ",");
		p += len;
		while (len > 0 && (item[len - 1] == ' ' ||
		    item[len - 1] == '\t'))
			len--;
		eq = memchr(item, '=', len);
		if (eq == NULL)
			return -1;
		klen = (size_t)(eq - item);
		vlen = len - klen - 1;
		if (klen == 1 && item[0] == 't') {
			if (have_t || vlen == 0 || vlen >= sizeof num)
				return -1;
			memcpy(num, eq + 1, vlen);
			num[vlen] = '\0';
			if (parse_int64(num, 0, INT64_MAX, &out->t) != 0)
				return -1;
			have_t = 1;
		} else if (klen == 2 && item[0] == 'v' && item[1] == '1') {
			if (!is_hex64(eq + 1, vlen) || out->nv1 == PAY_MAX_V1)
				continue;
			for (i = 0; i < 64; i++) {
				char c = eq[1 + i];

				out->v1[out->nv1][i] = c >= 'A' && c <= 'F' ?
				    (char)(c - 'A' + 'a') : c;
			}
			out->v1[out->nv1][64] = '\0';
			out->nv1++;
		}
		/* Other schemes (v0, a future v2) are skipped. */
	}
	return have_t && out->nv1 > 0 ? 0 : -1;
}

enum pay_verdict
pay_sig_verify(const char *secret, const char *header, const char *body,
    size_t len, time_t now, int64_t tolerance)
{
	struct pay_sig	sig;
	char		want[65];
	size_t		i;
	int		match = 0;
	int64_t		age;

	if (pay_sig_parse(header, &sig) != 0)
		return PAY_SIG_MALFORMED;
	pay_sign(secret, sig.t, body, len, want, sizeof want);
	for (i = 0; i < sig.nv1; i++)
		match |= mem_equal_ct(sig.v1[i], want, 64);
	if (!match)
		return PAY_SIG_MISMATCH;
	age = (int64_t)now - sig.t;
	if (age > tolerance || age < -tolerance)
		return PAY_SIG_STALE;
	return PAY_SIG_OK;
}

/* ---- events -------------------------------------------------------- */

char *
pay_event_build(const struct pay_event *ev, time_t now)
{
	unsigned char	 raw[18];
	char		 id[PAY_EVENT_ID_SIZE], *text;
	json_t		*o, *data;

	if (ev->id[0] != '\0') {
		snprintf(id, sizeof id, "%s", ev->id);
	} else {
		randombytes_buf(raw, sizeof raw);
		memcpy(id, "evt_", 4);
		sodium_bin2base64(id + 4, sizeof id - 4, raw, sizeof raw,
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	}
	data = json_pack("{s:I, s:s, s:I, s:s}",
	    "order_id", (json_int_t)ev->order_id,
	    "session", ev->session,
	    "amount", (json_int_t)ev->amount.amount,
	    "currency", ev->amount.currency);
	if (data != NULL && ev->reason[0] != '\0')
		json_object_set_new(data, "reason", json_string(ev->reason));
	o = json_pack("{s:s, s:s, s:I, s:o}", "id", id, "type", ev->type,
	    "created", (json_int_t)now, "data", data);
	if (o == NULL)
		return NULL;
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return text;
}

/* Copies string member key of o into out; -1 when absent or too long. */
static int
event_str(const json_t *o, const char *key, char *out, size_t outsz,
    int required)
{
	const char	*s = json_string_value(json_object_get(o, key));

	out[0] = '\0';
	if (s == NULL)
		return required ? -1 : 0;
	if (strlen(s) >= outsz)
		return -1;
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

int
pay_event_parse(const char *body, size_t len, struct pay_event *ev,
    char *why, size_t whysz)
{
	json_t		*o, *data;
	json_error_t	 jerr;
	int		 rc = -1;

	memset(ev, 0, sizeof *ev);
	o = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(o)) {
		snprintf(why, whysz, "the event is not a JSON object");
		goto out;
	}
	if (event_str(o, "id", ev->id, sizeof ev->id, 1) != 0 ||
	    ev->id[0] == '\0') {
		snprintf(why, whysz, "the event has no id (or one longer "
		    "than %d bytes)", PAY_EVENT_ID_SIZE - 1);
		goto out;
	}
	if (event_str(o, "type", ev->type, sizeof ev->type, 1) != 0) {
		snprintf(why, whysz, "the event has no type");
		goto out;
	}
	data = json_object_get(o, "data");
	if (!json_is_object(data)) {
		snprintf(why, whysz, "the event has no data object");
		goto out;
	}
	if (json_is_integer(json_object_get(data, "order_id")))
		ev->order_id = json_integer_value(json_object_get(data,
		    "order_id"));
	if (json_is_integer(json_object_get(data, "amount")))
		ev->amount.amount = json_integer_value(json_object_get(data,
		    "amount"));
	if (event_str(data, "session", ev->session, sizeof ev->session,
	    0) != 0 ||
	    event_str(data, "currency", ev->amount.currency,
	    sizeof ev->amount.currency, 0) != 0 ||
	    event_str(data, "reason", ev->reason, sizeof ev->reason, 0) != 0) {
		snprintf(why, whysz, "the event data has a session, currency "
		    "or reason that is too long");
		goto out;
	}
	rc = 0;
out:
	json_decref(o);
	return rc;
}

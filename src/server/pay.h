/*
 * Payments: the provider interface (the built-in sandbox is the default),
 * Stripe-style signed webhook events and their processing, and the
 * settings they share (public URL, webhook secret).
 */
#ifndef GUILD_SERVER_PAY_H
#define GUILD_SERVER_PAY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>
#include <sqlite3.h>

#include "guild/err.h"
#include "guild/model.h"
#include "guild/problem.h"

#define PAY_TOLERANCE		300	/* seconds a signature stays valid */
#define PAY_SESSION_SIZE	64	/* a checkout session id, with NUL */
#define PAY_EVENT_ID_SIZE	64	/* "evt_...", with NUL */
#define PAY_SECRET_MAX		256	/* longest webhook secret, bytes */
#define PAY_URL_MAX		512
#define PAY_MAX_V1		8	/* v1 signatures read from a header */
#define PAY_REASON_SIZE		64
#define PAY_EVENT_MAX		(64 * 1024)	/* webhook body cap, bytes */

/* ---- settings ------------------------------------------------------ */

/*
 * Sets what payments need before the server answers requests: the base
 * URL of checkout links (no trailing slash needed) and the webhook
 * secret. Call once, before any worker thread starts. 0, or -1 when a
 * value is too long.
 */
int		 pay_init(const char *public_url, const char *secret);
/* The public base URL, "http://127.0.0.1:8080" (no trailing slash). */
const char	*pay_public_url(void);
/* The webhook signing secret. */
const char	*pay_secret(void);

/*
 * The webhook secret guildd uses: given (from --webhook-secret or
 * GUILDD_WEBHOOK_SECRET) when not NULL, else the one stored in the
 * settings table, generated ("whsec_" + 32 random bytes in base64url)
 * and stored on first use. Copies it into out. 0, or -1 with err.
 */
int		 pay_secret_load(sqlite3 *, const char *given, char *out,
		    size_t outsz, struct gerr *err);

/* ---- providers ----------------------------------------------------- */

/* What a provider needs to open a checkout for an order. */
struct pay_checkout {
	int64_t			 order_id;
	const struct money	*amount;
	const char		*course_title;
};

/*
 * A payment provider. open() starts a hosted checkout and writes its
 * session id (an unguessable secret the order keeps) into session;
 * checkout_url() writes the URL where the buyer pays. Both return 0, or
 * -1 when out is too small. The outcome arrives later as a signed
 * webhook event at POST /api/v1/webhooks/payments.
 */
struct pay_provider {
	const char	*name;
	int		(*open)(const struct pay_checkout *, char *session,
			    size_t sessionsz);
	int		(*checkout_url)(const char *session, char *out,
			    size_t outsz);
};

/* The built-in sandbox (pay-sandbox.c) and the configured provider. */
extern const struct pay_provider pay_sandbox;
const struct pay_provider *pay_provider(void);

/* ---- the sandbox's test cards ------------------------------------- */

enum pay_card {
	PAY_CARD_PAID = 0,		/* 4242 4242 4242 4242 */
	PAY_CARD_DECLINED,		/* 4000 0000 0000 0002 */
	PAY_CARD_INSUFFICIENT,		/* 4000 0000 0000 9995 */
	PAY_CARD_INVALID		/* anything else */
};

/*
 * What Stripe's test cards do with number (spaces and dashes between
 * digits are ignored).
 */
enum pay_card	 pay_card_outcome(const char *number);
/* The failure reason of a declined card ("card_declined"...), or NULL. */
const char	*pay_card_reason(enum pay_card);

/*
 * Reads field name of an application/x-www-form-urlencoded body into out
 * ('+' and %XX decoded; the first occurrence). 0, or -1 when the field
 * is absent, malformed or does not fit.
 */
int		 pay_form_field(const char *body, size_t len, const char *name,
		    char *out, size_t outsz);

/*
 * Checks a card expiry "MM/YY" or "MM/YYYY" (spaces allowed) against
 * now: 0 when it is a valid month not in the past, -1 otherwise.
 */
int		 pay_expiry_valid(const char *exp, time_t now);

/* ---- signatures ------------------------------------------------------ */

/*
 * HMAC-SHA256(secret, "T.BODY") as 64 lower-case hex digits into hex
 * (at least 65 bytes).
 */
void		 pay_sign(const char *secret, int64_t t, const char *body,
		    size_t len, char *hex, size_t hexsz);

/* The header value "t=T,v1=HEX" for body signed at time t. 0 or -1. */
int		 pay_signature_header(const char *secret, int64_t t,
		    const char *body, size_t len, char *out, size_t outsz);

/* A parsed Stripe-Signature header: t and every v1 (other schemes are
 * skipped). */
struct pay_sig {
	int64_t	t;
	char	v1[PAY_MAX_V1][65];
	size_t	nv1;
};

/*
 * Parses "t=…,v1=…[,v1=…][,v0=…]" with the items in any order and
 * spaces around them tolerated. Returns 0, or -1 when there is no t, a
 * second t, a t that is not a number, or no well-formed v1.
 */
int		 pay_sig_parse(const char *header, struct pay_sig *out);

enum pay_verdict {
	PAY_SIG_OK = 0,
	PAY_SIG_MALFORMED,	/* no header, or one we cannot parse */
	PAY_SIG_MISMATCH,	/* no v1 matches */
	PAY_SIG_STALE		/* t is more than tolerance from now */
};

/*
 * Checks header against body: some v1 must equal HMAC(secret, "t.body")
 * (compared in constant time) and |now - t| must be at most tolerance
 * seconds.
 */
enum pay_verdict pay_sig_verify(const char *secret, const char *header,
		    const char *body, size_t len, time_t now,
		    int64_t tolerance);

/* ---- events -------------------------------------------------------- */

#define PAY_EVENT_COMPLETED	"checkout.completed"
#define PAY_EVENT_FAILED	"checkout.failed"

/*
 * A webhook event: {"id": "evt_…", "type": …, "created": T, "data":
 * {"order_id", "session", "amount", "currency", "reason"?}}.
 */
struct pay_event {
	char		id[PAY_EVENT_ID_SIZE];
	char		type[48];
	int64_t		order_id;
	char		session[PAY_SESSION_SIZE];
	struct money	amount;
	char		reason[PAY_REASON_SIZE];
};

/*
 * Builds the JSON text of an event with a fresh random id (caller
 * frees), or NULL when memory runs out.
 */
char		*pay_event_build(const struct pay_event *, time_t now);

/*
 * Parses body into *ev. 0, or -1 with why filled (fit for a 400
 * detail).
 */
int		 pay_event_parse(const char *body, size_t len,
		    struct pay_event *ev, char *why, size_t whysz);

/*
 * Receives one signed webhook delivery (the route and the sandbox both
 * come through here): verifies the signature, parses the event and, in
 * one transaction, deduplicates it by id and applies it to its order.
 * Returns G_OK with *answer ({"received": true, "result": "applied" |
 * "duplicate" | "ignored", ...}, caller decrefs), or the failure status
 * with detail filled (G_BAD_REQUEST for a bad signature, a stale
 * timestamp or a malformed event; G_UNAVAILABLE when the database is
 * busy).
 */
enum gstatus	 pay_webhook_receive(sqlite3 *, const char *signature,
		    const char *body, size_t len, time_t now, json_t **answer,
		    char *detail, size_t detailsz);

#endif

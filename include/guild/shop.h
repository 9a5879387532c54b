/*
 * Buying from the terminal, shared by `guild buy` and the TUI: the
 * Idempotency-Key of a purchase, stored before the request so a retry
 * after a network failure reuses it and can never buy twice, and the QR
 * code of a checkout link drawn with half-block characters.
 */
#ifndef GUILD_SHOP_H
#define GUILD_SHOP_H

#include <stdint.h>

#include <jansson.h>

#include "api.h"
#include "err.h"
#include "text.h"

/*
 * The Idempotency-Key for buying course_id from the client's server as
 * its user: the one saved by an earlier attempt that did not reach a
 * final state, or a new random key written (0600, atomically) under
 * $XDG_STATE_HOME/guild/purchases BEFORE this returns. Caller frees.
 * NULL with err when the key cannot be saved (then do not send).
 */
char	*purchase_key(struct client *, int64_t course_id, struct gerr *);
/* Forgets the key once its order is final (paid, failed, canceled). */
int	 purchase_forget(struct client *, int64_t course_id, struct gerr *);

/*
 * Creates the order: POST /api/v1/orders {course_id} with key as its
 * Idempotency-Key. 0 with *out filled (order_release) and, when raw is
 * not NULL, *raw the server's JSON (caller decrefs); or -1 with err:
 * GERR_NET when no answer came (send again with the same key: it cannot
 * buy twice), GERR_AUTH (401), GERR_HTTP with the status (409: already
 * owned or not published; 404: no such course; 422: the key was used
 * for another request), GERR_PROTO.
 */
int	 purchase_order(struct client *, int64_t course_id, const char *key,
	    struct order *out, json_t **raw, struct gerr *);

/*
 * Milliseconds to wait before poll number n (0, 1, ...) of a pending
 * order: 1 s growing by half each time to at most 5 s.
 */
int	 purchase_poll_delay(int n);

/*
 * Words for an order's failure_reason ("card_declined" -> "your card was
 * declined"; an unknown reason is returned as it is, NULL as "unknown
 * reason"). Not sanitized: pass it through text_sanitize for display.
 */
const char	*purchase_reason_text(const char *reason);

/*
 * Renders text as a QR code (libqrencode, error correction M) into
 * lines appended to out: two modules per character cell vertically with
 * the half blocks ▀ ▄ █ (ascii: "##" and "  " per module, one row per
 * line), a quiet zone of 2 modules, dark modules drawn as ink on the
 * terminal's background. 0, or -1 with err.
 */
int	 qr_render(const char *text, int ascii, struct text_lines *out,
	    struct gerr *);

#endif

/*
 * Buying from the terminal, shared by `guild buy` and the TUI: the
 * Idempotency-Key of a purchase, stored before the request so a retry
 * after a network failure reuses it and can never buy twice, and the QR
 * code of a checkout link drawn with half-block characters.
 */
#ifndef GUILD_SHOP_H
#define GUILD_SHOP_H

#include <stdint.h>

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
 * Renders text as a QR code (libqrencode, error correction M) into
 * lines appended to out: two modules per character cell vertically with
 * the half blocks ▀ ▄ █ (ascii: "##" and "  " per module, one row per
 * line), a quiet zone of 2 modules, dark modules drawn as ink on the
 * terminal's background. 0, or -1 with err.
 */
int	 qr_render(const char *text, int ascii, struct text_lines *out,
	    struct gerr *);

#endif

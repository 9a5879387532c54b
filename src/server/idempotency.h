/*
 * Idempotency keys for money-moving POSTs: the first request's response
 * is stored under (user, key) with a hash of the request, so a retry gets
 * that response again instead of a second effect.
 */
#ifndef GUILD_SERVER_IDEMPOTENCY_H
#define GUILD_SERVER_IDEMPOTENCY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <sqlite3.h>

#include "guild/problem.h"

#define IDEM_KEY_MAX	255		/* bytes */
#define IDEM_TTL	(24 * 60 * 60)	/* seconds a key is kept */

struct srv_req;

struct idem {
	int64_t		user_id;
	char		key[IDEM_KEY_MAX + 1];
	unsigned char	hash[32];
};

/* 1 when key is 1 to IDEM_KEY_MAX bytes of printable ASCII. */
int		 idem_key_valid(const char *key);

/*
 * SHA-256 of "METHOD\nPATH\n" and the body: a JSON body in canonical form
 * (keys sorted, no spaces), so the same request sent with other
 * whitespace or member order hashes the same; anything else as bytes.
 */
void		 idem_request_hash(const char *method, const char *path,
		    const char *body, size_t len, unsigned char out[32]);

enum idem_state {
	IDEM_NEW = 0,	/* no live record: go ahead, then idem_store */
	IDEM_REPLAY,	/* req holds the stored response (raw, status) */
	IDEM_MISMATCH	/* the key was used for another request */
};

/*
 * Looks up (k->user_id, k->key) inside the caller's write transaction
 * (BEGIN IMMEDIATE, so a concurrent request with the same key waits for
 * the first to commit and then sees its record). A record older than
 * IDEM_TTL counts as absent and is deleted. On IDEM_REPLAY the stored
 * body is put in req->raw (with an Idempotent-Replayed header) and
 * *replay receives its status. Returns G_OK or G_INTERNAL.
 */
enum gstatus	 idem_lookup(sqlite3 *, struct srv_req *req,
		    const struct idem *k, time_t now, enum idem_state *state,
		    enum gstatus *replay);

/*
 * Stores the response req is about to send with status s (its JSON out,
 * or the problem its detail and errors make) under k, inside the
 * caller's transaction, and purges records older than IDEM_TTL.
 */
enum gstatus	 idem_store(sqlite3 *, const struct idem *k,
		    struct srv_req *req, enum gstatus s, time_t now);

#endif

/*
 * The inbox: notifications for a member (replies to their threads,
 * answers to their questions, an accepted answer, votes received in
 * batches, an order paid, an RSVP promoted from the waitlist, a badge,
 * an event starting within 24 hours). Rows of the notifications table
 * (migration 8); read through GET /api/v1/me/notifications.
 */
#ifndef GUILD_SERVER_INBOX_H
#define GUILD_SERVER_INBOX_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <sqlite3.h>

#include "guild/model.h"
#include "events.h"

/*
 * Adds a notification for user_id inside the caller's transaction. kind
 * and subject_type as in struct notification (guild/model.h); text is
 * the one-line summary shown in the inbox (plain text, the server's own
 * words plus titles and names, sanitized by the client). batch_key, when
 * not NULL, folds this into the member's unread notification with the
 * same key (count + 1, time and text updated) instead of adding a row:
 * votes on one item are one line. Nothing is added when user_id is 0 or
 * is the actor. Returns 0, or -1 (logged) so the caller rolls back.
 */
int	inbox_add(sqlite3 *, int64_t user_id, const char *kind,
	    const char *subject_type, int64_t subject_id, int64_t actor_id,
	    const char *text, const char *batch_key, time_t at);

/* The events.c subscriber: notifications for replies, answers, votes,
   likes (as "votes"), accepted answers and paid orders. */
int	inbox_on_event(sqlite3 *, const struct srv_event *);

#define INBOX_TITLE_MAX	60	/* code points of a title in a text */
/* Bytes that always hold a quoted title: quotes, "…", 4-byte points. */
#define INBOX_TITLE_SIZE	(INBOX_TITLE_MAX * 4 + 16)

/*
 * Writes title as it appears in a notification's text: between curly
 * quotes, on one line, cut at INBOX_TITLE_MAX code points with "…".
 * Returns out.
 */
char	*inbox_quote_title(const char *title, char *out, size_t outsz);

/*
 * The lazy "event_soon" notifications of user_id as of now: one for each
 * event they are confirmed for that starts within the next 24 hours,
 * once ever per member and event (dedupe_key "event_soon:ID"). Writes
 * only when there is one to add, in a transaction of its own when the
 * caller has none. Returns 0 or -1 (logged).
 */
int	inbox_event_soon(sqlite3 *, int64_t user_id, time_t now);

/* user_id's unread notifications into *n. 0 or -1. */
int	inbox_unread(sqlite3 *, int64_t user_id, int64_t *n);

/*
 * One page of user_id's notifications, newest first (by created_at,
 * then id), only the unread ones when unread_only, after the keyset
 * (after_at, after_id) when has_after: at most limit in *items (free
 * with inbox_items_free) and *n; *has_more when more follow. Returns 0
 * or -1.
 */
int	inbox_list(sqlite3 *, int64_t user_id, int unread_only,
	    int has_after, int64_t after_at, int64_t after_id, int limit,
	    struct notification **items, size_t *n, int *has_more);
void	inbox_items_free(struct notification *, size_t n);

/*
 * Marks user_id's notifications read at now: those of ids (ids of other
 * members' notifications are skipped), or every unread one when all.
 * Call inside a transaction. Returns 0 or -1.
 */
int	inbox_mark_read(sqlite3 *, int64_t user_id, const int64_t *ids,
	    size_t nids, int all, time_t now);

/*
 * The demo's referral codes, referrals and inbox (demo-inbox.c), inside
 * demo_seed's transaction after the rest of the demo data. 0 or -1.
 */
int	demo_seed_inbox(sqlite3 *, time_t now);

#endif

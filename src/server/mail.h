/*
 * Outgoing mail: the outbox table that transactions queue into, the
 * background sender (SMTP through libcurl, or a maildir under the data
 * directory), and the message formatting both use.
 */
#ifndef GUILD_SERVER_MAIL_H
#define GUILD_SERVER_MAIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <sqlite3.h>

#include "guild/buf.h"
#include "guild/err.h"
#include "guild/model.h"
#include "guild/problem.h"

#define MAIL_DEFAULT_FROM	"Guild <guild@localhost>"
#define MAIL_BATCH		16	/* mails taken per pass */
#define MAIL_LEASE		300	/* seconds a claimed mail is reserved */

struct mail_config {
	const char	*smtp_url;	/* smtp://host:port, or NULL: maildir */
	const char	*from;		/* "Name <addr>" or "addr" */
	const char	*data_dir;	/* the maildir is DATA_DIR/outbox */
	const char	*db_path;	/* the sender opens its own connection */
};

/*
 * Starts the sender thread (and, without an SMTP URL, creates the
 * maildir DATA_DIR/outbox/{tmp,new,cur}). Mail already due is sent at
 * once. 0, or -1 with err.
 */
int		 mail_start(const struct mail_config *, struct gerr *err);
/* Wakes the sender: a transaction just committed new mail. */
void		 mail_kick(void);
/* Stops the sender (an SMTP transfer in flight is aborted) and joins it. */
void		 mail_stop(void);

/*
 * Queues one mail in the outbox inside the caller's transaction, due
 * now: it is sent once that transaction commits (and kicks the sender).
 */
enum gstatus	 mail_queue(sqlite3 *, const char *to, const char *subject,
		    const char *body, int64_t order_id, time_t now);

/* What an order confirmation says. */
struct mail_order {
	int64_t			 order_id;
	const char		*name;		/* display name or username */
	const char		*course_title;
	const char		*course_slug;
	const struct money	*amount;
	time_t			 paid_at;
	const char		*public_url;
};

/*
 * Writes the subject ("Your Guild order #ID: COURSE") and the UTF-8 text
 * body of an order confirmation into the two buffers. 0, or -1 when
 * memory runs out.
 */
int		 mail_order_compose(const struct mail_order *,
		    struct buf *subject, struct buf *body);

/*
 * The whole RFC 5322 message: From, To, Subject (RFC 2047 encoded when
 * not ASCII), Date, Message-ID, MIME headers, and the body in
 * quoted-printable UTF-8. eol is "\r\n" for SMTP, "\n" for a maildir.
 * 0, or -1 when memory runs out.
 */
int		 mail_format(struct buf *out, const char *from, const char *to,
		    const char *subject, const char *body, time_t date,
		    const char *message_id, const char *eol);

/*
 * Appends text as a header value: as is when it is printable ASCII,
 * otherwise as RFC 2047 "=?UTF-8?B?...?=" words of at most 75
 * characters, split between characters and folded with eol + space.
 */
void		 mail_header_encode(struct buf *, const char *text,
		    const char *eol);
/* Appends body in quoted-printable (RFC 2045), lines ended with eol. */
void		 mail_qp_encode(struct buf *, const char *body,
		    const char *eol);
/* "Thu, 26 Nov 2026 18:29:07 +0000" into out (at least 32 bytes). */
void		 mail_date(time_t, char *out, size_t outsz);
/*
 * The address inside "Name <addr>" (or the whole of "addr") into out.
 * 0, or -1 when there is none or out is too small.
 */
int		 mail_addr_spec(const char *from, char *out, size_t outsz);
/* Seconds to wait before attempt number attempts + 1 (attempts >= 1). */
int64_t		 mail_backoff(int attempts);

#endif

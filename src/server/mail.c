/*
 * Outgoing mail: queueing into the mail_outbox table, the sender thread
 * that delivers due mail by SMTP (libcurl) or into a maildir and retries
 * failures with backoff, and RFC 5322 / 2045 / 2047 formatting.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#include "guild/timeutil.h"
#include "db.h"
#include "mail.h"

#define MAIL_IDLE_WAIT	60	/* seconds between passes with nothing due */
#define MAIL_PATH_MAX	4096

/* ---- formatting ------------------------------------------------------ */

void
mail_date(time_t t, char *out, size_t outsz)
{
	static const char *const days[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char *const months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
		"Oct", "Nov", "Dec"
	};
	struct tm	tm;

	gmtime_r(&t, &tm);
	snprintf(out, outsz, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

int
mail_addr_spec(const char *from, char *out, size_t outsz)
{
	const char	*lt = strrchr(from, '<'), *gt;
	size_t		 len;

	if (lt != NULL) {
		gt = strchr(lt, '>');
		if (gt == NULL)
			return -1;
		from = lt + 1;
		len = (size_t)(gt - from);
	} else {
		while (*from == ' ')
			from++;
		len = strcspn(from, " \t\r\n");
	}
	if (len == 0 || len >= outsz || memchr(from, '@', len) == NULL)
		return -1;
	memcpy(out, from, len);
	out[len] = '\0';
	return 0;
}

int64_t
mail_backoff(int attempts)
{
	static const int64_t steps[] = { 5, 30, 120, 600, 1800, 3600 };

	if (attempts < 1)
		return steps[0];
	if ((size_t)attempts > G_NELEM(steps))
		return steps[G_NELEM(steps) - 1];
	return steps[attempts - 1];
}

/* 1 when s is printable ASCII only (fit for a header as is). */
static int
is_plain_ascii(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	}
	return 1;
}

void
mail_header_encode(struct buf *b, const char *text, const char *eol)
{
	/* 42 bytes are 56 base64 characters: a word of 68, a line < 78. */
	const size_t	 chunk = 42;
	const char	*p = text;
	char		 b64[sodium_base64_ENCODED_LEN(42,
			     sodium_base64_VARIANT_ORIGINAL)];
	size_t		 len, rest;

	if (is_plain_ascii(text)) {
		buf_adds(b, text);
		return;
	}
	rest = strlen(text);
	while (rest > 0) {
		len = rest < chunk ? rest : chunk;
		/* Never split a UTF-8 sequence between two words. */
		while (len < rest && len > 0 &&
		    ((unsigned char)p[len] & 0xc0) == 0x80)
			len--;
		if (len == 0)
			len = rest < chunk ? rest : chunk;
		sodium_bin2base64(b64, sizeof b64, (const unsigned char *)p,
		    len, sodium_base64_VARIANT_ORIGINAL);
		if (p != text)
			buf_printf(b, "%s ", eol);
		buf_printf(b, "=?UTF-8?B?%s?=", b64);
		p += len;
		rest -= len;
	}
}

void
mail_qp_encode(struct buf *b, const char *body, const char *eol)
{
	const unsigned char	*p = (const unsigned char *)body;
	size_t			 col = 0;
	char			 enc[4];
	int			 n;

	for (; *p != '\0'; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\n') {
			buf_adds(b, eol);
			col = 0;
			continue;
		}
		/* Space and tab stay literal unless they end a line. */
		if ((*p >= 33 && *p <= 126 && *p != '=') ||
		    ((*p == ' ' || *p == '\t') && p[1] != '\n' &&
		    p[1] != '\r' && p[1] != '\0')) {
			enc[0] = (char)*p;
			enc[1] = '\0';
			n = 1;
		} else {
			n = snprintf(enc, sizeof enc, "=%02X", *p);
		}
		/* Soft line break: lines stay within 76 characters. */
		if (col + (size_t)n > 75) {
			buf_printf(b, "=%s", eol);
			col = 0;
		}
		buf_adds(b, enc);
		col += (size_t)n;
	}
}

int
mail_format(struct buf *out, const char *from, const char *to,
    const char *subject, const char *body, time_t date,
    const char *message_id, const char *eol)
{
	char	d[40];

	mail_date(date, d, sizeof d);
	buf_printf(out, "From: ");
	mail_header_encode(out, from, eol);
	buf_printf(out, "%sTo: %s%s", eol, to, eol);
	buf_adds(out, "Subject: ");
	mail_header_encode(out, subject, eol);
	buf_printf(out, "%sDate: %s%s", eol, d, eol);
	buf_printf(out, "Message-ID: %s%s", message_id, eol);
	buf_printf(out, "MIME-Version: 1.0%s", eol);
	buf_printf(out, "Content-Type: text/plain; charset=UTF-8%s", eol);
	buf_printf(out, "Content-Transfer-Encoding: quoted-printable%s", eol);
	buf_printf(out, "Auto-Submitted: auto-generated%s%s", eol, eol);
	mail_qp_encode(out, body, eol);
	if (out->len >= strlen(eol) &&
	    strcmp(out->data + out->len - strlen(eol), eol) != 0)
		buf_adds(out, eol);
	return out->failed ? -1 : 0;
}

int
mail_order_compose(const struct mail_order *m, struct buf *subject,
    struct buf *body)
{
	char	amount[64], when[40];

	money_format(m->amount, 0, amount, sizeof amount);
	time_rfc3339(m->paid_at, when, sizeof when);
	buf_printf(subject, "Your Guild order #%lld: %s",
	    (long long)m->order_id, m->course_title);
	buf_printf(body,
	    "Hello %s,\n"
	    "\n"
	    "thank you for your order: the course is now in your library.\n"
	    "\n"
	    "  Order:   #%lld\n"
	    "  Course:  %s\n"
	    "  Amount:  %s\n"
	    "  Paid:    %s\n"
	    "\n"
	    "Course:    %s/api/v1/courses/%s\n"
	    "Read it:   guild lesson %s 1\n"
	    "Library:   guild library\n"
	    "\n"
	    "Keep this mail as your receipt. Questions about this order?\n"
	    "Reply with the order number.\n"
	    "\n"
	    "-- \n"
	    "Guild\n",
	    m->name, (long long)m->order_id, m->course_title, amount, when,
	    m->public_url, m->course_slug, m->course_slug);
	return subject->failed || body->failed ? -1 : 0;
}

enum gstatus
mail_queue(sqlite3 *db, const char *to, const char *subject,
    const char *body, int64_t order_id, time_t now)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, "INSERT INTO mail_outbox (to_addr, subject, body,"
	    " order_id, next_attempt_at, created_at)"
	    " VALUES (?1, ?2, ?3, NULLIF(?4, 0), ?5, ?5)", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_text(st, 1, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, order_id);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "mail queue");
		return G_INTERNAL;
	}
	return G_OK;
}

/* ---- the sender ------------------------------------------------------ */

struct mail_sender {
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 wake;
	int		 kicked;
	atomic_int	 stop;
	int		 running;
	sqlite3		*db;
	char		*smtp_url;
	char		*from;		/* header form */
	char		 from_addr[256];	/* envelope */
	char		 domain[256];	/* for Message-IDs */
	char		*outbox;	/* DATA_DIR/outbox */
	unsigned	 seq;
};

static struct mail_sender	 sender;

/* One mail as read from the outbox. */
struct mail_row {
	int64_t	 id;
	char	*to;
	char	*subject;
	char	*body;
	int	 attempts;
	int64_t	 created;
};

static void
mail_row_release(struct mail_row *r)
{
	free(r->to);
	free(r->subject);
	free(r->body);
	memset(r, 0, sizeof *r);
}

/* The message text of r for the configured sender; caller releases. */
static int
mail_message(const struct mail_row *r, const char *eol, struct buf *out)
{
	char	msgid[384];

	snprintf(msgid, sizeof msgid, "<guild.%lld.%lld@%s>",
	    (long long)r->id, (long long)r->created, sender.domain);
	return mail_format(out, sender.from, r->to, r->subject, r->body,
	    (time_t)r->created, msgid, eol);
}

struct smtp_upload {
	const char	*data;
	size_t		 len;
	size_t		 off;
};

static size_t
smtp_read(char *ptr, size_t size, size_t nmemb, void *userp)
{
	struct smtp_upload	*u = userp;
	size_t			 room = size * nmemb, n;

	n = u->len - u->off < room ? u->len - u->off : room;
	memcpy(ptr, u->data + u->off, n);
	u->off += n;
	return n;
}

/* Aborts a transfer once guildd is stopping. */
static int
smtp_progress(void *p, curl_off_t dt, curl_off_t dn, curl_off_t ut,
    curl_off_t un)
{
	(void)p;
	(void)dt;
	(void)dn;
	(void)ut;
	(void)un;
	return atomic_load(&sender.stop) ? 1 : 0;
}

/* Sends r through SMTP. 0, or -1 with why filled. */
static int
smtp_send(const struct mail_row *r, char *why, size_t whysz)
{
	struct curl_slist	*rcpt = NULL;
	struct smtp_upload	 up;
	struct buf		 msg = BUF_INIT;
	char			 env_from[300], env_to[300];
	char			 errbuf[CURL_ERROR_SIZE];
	CURL			*c;
	CURLcode		 rc;

	if (mail_message(r, "\r\n", &msg) != 0) {
		buf_release(&msg);
		snprintf(why, whysz, "out of memory");
		return -1;
	}
	c = curl_easy_init();
	snprintf(env_from, sizeof env_from, "<%s>", sender.from_addr);
	snprintf(env_to, sizeof env_to, "<%s>", r->to);
	rcpt = curl_slist_append(NULL, env_to);
	if (c == NULL || rcpt == NULL) {
		curl_easy_cleanup(c);
		curl_slist_free_all(rcpt);
		buf_release(&msg);
		snprintf(why, whysz, "out of memory");
		return -1;
	}
	up.data = msg.data;
	up.len = msg.len;
	up.off = 0;
	errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, sender.smtp_url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, env_from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, smtp_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg.len);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, smtp_progress);
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		snprintf(why, whysz, "%s", errbuf[0] != '\0' ? errbuf :
		    curl_easy_strerror(rc));
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	buf_release(&msg);
	return rc == CURLE_OK ? 0 : -1;
}

/* Writes all of data to fd. 0 or -1. */
static int
write_all(int fd, const char *data, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Delivers r into the maildir: written and synced in tmp/, then renamed
 * into new/, so a reader never sees half a mail. 0, or -1 with why.
 */
static int
maildir_send(const struct mail_row *r, char *why, size_t whysz)
{
	struct buf	msg = BUF_INIT;
	char		name[128], tmp[MAIL_PATH_MAX], dst[MAIL_PATH_MAX];
	int		fd, rc = -1;

	if (mail_message(r, "\n", &msg) != 0) {
		snprintf(why, whysz, "out of memory");
		goto out;
	}
	snprintf(name, sizeof name, "%lld.M%lldP%ldQ%u.guild",
	    (long long)time(NULL), (long long)r->id, (long)getpid(),
	    ++sender.seq);
	snprintf(tmp, sizeof tmp, "%s/tmp/%s", sender.outbox, name);
	snprintf(dst, sizeof dst, "%s/new/%s", sender.outbox, name);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(why, whysz, "cannot create %.300s: %s", tmp,
		    strerror(errno));
		goto out;
	}
	if (write_all(fd, msg.data, msg.len) != 0 || fsync(fd) != 0) {
		snprintf(why, whysz, "cannot write %.300s: %s", tmp,
		    strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	close(fd);
	if (rename(tmp, dst) != 0) {
		snprintf(why, whysz, "cannot move the mail into %.300s/new: %s",
		    sender.outbox, strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	buf_release(&msg);
	return rc;
}

/*
 * Reserves mail id for this sender for MAIL_LEASE seconds, so another
 * guildd on the same database does not send it too. 1 when claimed.
 */
static int
mail_claim(int64_t id, time_t now)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(sender.db, "UPDATE mail_outbox SET next_attempt_at = ?3"
	    " WHERE id = ?1 AND sent_at IS NULL AND next_attempt_at <= ?2",
	    &st) != 0)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)now + MAIL_LEASE);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE && sqlite3_changes(sender.db) == 1;
}

/* Records the outcome of one attempt at mail r. */
static void
mail_record(const struct mail_row *r, int sent, const char *why, time_t now)
{
	sqlite3_stmt	*st;

	if (db_prepare(sender.db, sent ?
	    "UPDATE mail_outbox SET sent_at = ?2, attempts = attempts + 1,"
	    " last_error = NULL WHERE id = ?1" :
	    "UPDATE mail_outbox SET attempts = attempts + 1,"
	    " next_attempt_at = ?3, last_error = ?4 WHERE id = ?1", &st) != 0)
		return;
	sqlite3_bind_int64(st, 1, r->id);
	if (sent) {
		sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	} else {
		sqlite3_bind_int64(st, 3, (sqlite3_int64)now +
		    mail_backoff(r->attempts + 1));
		sqlite3_bind_text(st, 4, why, -1, SQLITE_STATIC);
	}
	if (sqlite3_step(st) != SQLITE_DONE)
		db_log(sender.db, "mail outcome");
	sqlite3_finalize(st);
}

/*
 * Reads up to MAIL_BATCH due mails into rows. Returns how many, or -1.
 */
static int
mail_due(struct mail_row *rows, time_t now)
{
	sqlite3_stmt	*st;
	int		 n = 0;

	if (db_prepare(sender.db, "SELECT id, to_addr, subject, body,"
	    " attempts, created_at FROM mail_outbox WHERE sent_at IS NULL"
	    " AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id"
	    " LIMIT ?2", &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)now);
	sqlite3_bind_int(st, 2, MAIL_BATCH);
	while (n < MAIL_BATCH) {
		struct mail_row *r = &rows[n];

		if (sqlite3_step(st) != SQLITE_ROW)
			break;
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(st, 0);
		r->attempts = sqlite3_column_int(st, 4);
		r->created = sqlite3_column_int64(st, 5);
		if (db_col_text(st, 1, &r->to) != 0 ||
		    db_col_text(st, 2, &r->subject) != 0 ||
		    db_col_text(st, 3, &r->body) != 0 || r->to == NULL ||
		    r->subject == NULL || r->body == NULL) {
			mail_row_release(r);
			break;
		}
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

/* When the next mail falls due (unix seconds), or 0 when none waits. */
static time_t
mail_next_due(void)
{
	sqlite3_stmt	*st;
	time_t		 t = 0;

	if (db_prepare(sender.db, "SELECT min(next_attempt_at) FROM"
	    " mail_outbox WHERE sent_at IS NULL", &st) != 0)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		t = (time_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return t;
}

/* One pass: sends every due mail it can claim. Returns how many it tried. */
static int
mail_pass(void)
{
	struct mail_row	rows[MAIL_BATCH];
	char		why[512];
	time_t		now = time(NULL);
	int		n, i, tried = 0, sent;

	n = mail_due(rows, now);
	for (i = 0; i < n; i++) {
		if (!atomic_load(&sender.stop) && mail_claim(rows[i].id, now)) {
			why[0] = '\0';
			sent = (sender.smtp_url != NULL ?
			    smtp_send(&rows[i], why, sizeof why) :
			    maildir_send(&rows[i], why, sizeof why)) == 0;
			now = time(NULL);
			mail_record(&rows[i], sent, why, now);
			if (!sent)
				fprintf(stderr, "guildd: mail %lld to %s not "
				    "sent (attempt %d, retrying in %llds): "
				    "%s\n", (long long)rows[i].id, rows[i].to,
				    rows[i].attempts + 1,
				    (long long)mail_backoff(rows[i].attempts +
				    1), why);
			tried++;
		}
		mail_row_release(&rows[i]);
	}
	return tried;
}

static void *
mail_main(void *arg)
{
	struct timespec	until;
	time_t		next, now;
	int		tried;

	(void)arg;
	while (!atomic_load(&sender.stop)) {
		tried = mail_pass();
		next = mail_next_due();
		now = time(NULL);
		if (next == 0 || next > now + MAIL_IDLE_WAIT)
			next = now + MAIL_IDLE_WAIT;
		/* Nothing could be claimed (busy, or another sender)? Pause. */
		if (next <= now)
			next = now + (tried > 0 ? 0 : 1);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += next - now;
		pthread_mutex_lock(&sender.lock);
		while (!sender.kicked && !atomic_load(&sender.stop) &&
		    next > now) {
			if (pthread_cond_timedwait(&sender.wake, &sender.lock,
			    &until) != 0)
				break;
		}
		sender.kicked = 0;
		pthread_mutex_unlock(&sender.lock);
	}
	return NULL;
}

/* mkdir -p for one level at a time of path; 0 or -1 with errno. */
static int
mkdir_p(const char *path)
{
	char	tmp[MAIL_PATH_MAX], *p;

	if (strlen(path) >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(tmp, path, strlen(path) + 1);
	for (p = tmp + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* Frees what mail_start set up. */
static void
mail_clear(void)
{
	sqlite3_close(sender.db);
	free(sender.smtp_url);
	free(sender.from);
	free(sender.outbox);
	memset(&sender, 0, sizeof sender);
}

int
mail_start(const struct mail_config *cfg, struct gerr *err)
{
	static const char *const sub[] = { "tmp", "new", "cur" };
	const char	*from = cfg->from != NULL && cfg->from[0] != '\0' ?
			    cfg->from : MAIL_DEFAULT_FROM;
	const char	*at;
	char		 dir[MAIL_PATH_MAX];
	size_t		 i;

	memset(&sender, 0, sizeof sender);
	if (mail_addr_spec(from, sender.from_addr,
	    sizeof sender.from_addr) != 0)
		return gerr_set(err, GERR_USAGE, 0, "--mail-from '%s' has no "
		    "address (use 'Name <addr@example.org>' or an address)",
		    from);
	at = strchr(sender.from_addr, '@');
	snprintf(sender.domain, sizeof sender.domain, "%s", at + 1);
	sender.from = strdup(from);
	sender.outbox = malloc(strlen(cfg->data_dir) + 8);
	if (cfg->smtp_url != NULL && cfg->smtp_url[0] != '\0')
		sender.smtp_url = strdup(cfg->smtp_url);
	if (sender.from == NULL || sender.outbox == NULL ||
	    (cfg->smtp_url != NULL && cfg->smtp_url[0] != '\0' &&
	    sender.smtp_url == NULL)) {
		mail_clear();
		return gerr_set(err, GERR_LOCAL, 0, "out of memory");
	}
	snprintf(sender.outbox, strlen(cfg->data_dir) + 8, "%s/outbox",
	    cfg->data_dir);
	if (sender.smtp_url == NULL) {
		for (i = 0; i < G_NELEM(sub); i++) {
			snprintf(dir, sizeof dir, "%s/%s", sender.outbox,
			    sub[i]);
			if (mkdir_p(dir) != 0) {
				gerr_set(err, GERR_LOCAL, 0, "cannot create the "
				    "mail outbox %s: %s", dir, strerror(errno));
				mail_clear();
				return -1;
			}
		}
	}
	if (db_open(cfg->db_path, &sender.db, err) != 0) {
		mail_clear();
		return -1;
	}
	db_busy_fine(sender.db);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		mail_clear();
		return gerr_set(err, GERR_LOCAL, 0, "cannot initialise libcurl");
	}
	pthread_mutex_init(&sender.lock, NULL);
	pthread_cond_init(&sender.wake, NULL);
	atomic_init(&sender.stop, 0);
	if (pthread_create(&sender.thread, NULL, mail_main, NULL) != 0) {
		pthread_mutex_destroy(&sender.lock);
		pthread_cond_destroy(&sender.wake);
		curl_global_cleanup();
		mail_clear();
		return gerr_set(err, GERR_LOCAL, 0, "cannot start the mail "
		    "sender thread");
	}
	sender.running = 1;
	return 0;
}

void
mail_kick(void)
{
	if (!sender.running)
		return;
	pthread_mutex_lock(&sender.lock);
	sender.kicked = 1;
	pthread_cond_signal(&sender.wake);
	pthread_mutex_unlock(&sender.lock);
}

void
mail_stop(void)
{
	if (!sender.running)
		return;
	pthread_mutex_lock(&sender.lock);
	atomic_store(&sender.stop, 1);
	pthread_cond_signal(&sender.wake);
	pthread_mutex_unlock(&sender.lock);
	pthread_join(sender.thread, NULL);
	pthread_mutex_destroy(&sender.lock);
	pthread_cond_destroy(&sender.wake);
	curl_global_cleanup();
	mail_clear();
}

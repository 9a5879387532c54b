/*
 * guildd's private interfaces: the server configuration, the request
 * context every handler sees, the helpers handlers use to read input and
 * word failures, and the http layer's entry points.
 */
#ifndef GUILD_SERVER_H
#define GUILD_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>
#include <sqlite3.h>

#include "guild/err.h"
#include "guild/model.h"
#include "guild/problem.h"
#include "guild/util.h"
#include "router.h"

#define SRV_DEFAULT_LISTEN	"127.0.0.1:8080"
#define SRV_DEFAULT_DB		"guild.db"
#define SRV_DEFAULT_THREADS	4
#define SRV_MAX_THREADS		64
#define SRV_BODY_MAX		(1024 * 1024)	/* request body cap, bytes */
#define SRV_CONN_LIMIT		256	/* concurrent connections */
#define SRV_PER_IP_LIMIT	64	/* concurrent connections per address */
#define SRV_CONN_TIMEOUT	30	/* idle seconds before a close */
#define SRV_CONN_MEMORY		(64 * 1024)	/* per connection, headers */
#define SRV_MAX_HEADERS		6
#define SRV_MAX_FIELD_ERRORS	16

struct db_pool;

/* What the http layer needs to know; main.c fills it from the options. */
struct srv_config {
	const char	*listen;	/* "ADDR:PORT" or "[ADDR6]:PORT" */
	unsigned	 threads;	/* workers and database connections */
	size_t		 body_max;	/* request body cap, bytes */
};

/* The authenticated caller; user_id 0 means anonymous. */
struct srv_viewer {
	int64_t		user_id;
	int64_t		token_id;
	enum role	role;
};

struct srv_header {
	char	name[32];
	char	value[512];
};

struct srv_field_error {
	char	field[64];
	char	message[192];
};

/*
 * One request as a handler sees it. The http layer fills the input half
 * and owns the strings; the handler fills the output half.
 */
struct srv_req {
	/* input */
	const char		*method;
	const char		*path;		/* decoded, without the query */
	const char		*body;		/* NUL-terminated, or NULL */
	size_t			 body_len;
	struct route_params	 params;
	sqlite3			*db;		/* this worker's connection */
	struct srv_viewer	 viewer;
	void			*conn;		/* http layer's connection */
	time_t			 now;
	/* output */
	json_t			*out;		/* 200/201 body, owned */
	/*
	 * A non-JSON answer (an HTML page, a replayed response): sent as
	 * is, with raw_type, whatever the status; owned, freed by the
	 * http layer. Takes precedence over out and the problem body.
	 */
	char			*raw;
	const char		*raw_type;	/* static string */
	struct srv_header	 headers[SRV_MAX_HEADERS];
	size_t			 nheaders;
	char			 detail[512];
	struct srv_field_error	 errors[SRV_MAX_FIELD_ERRORS];
	size_t			 nerrors;
};

/*
 * Records the problem detail for a failing request and returns status,
 * so handlers can write `return srv_fail(req, G_NOT_FOUND, "...")`.
 */
enum gstatus	 srv_fail(struct srv_req *, enum gstatus, const char *fmt, ...)
		    G_PRINTF(3, 4);

/* Adds one {field, message} to a 422 answer (at most 16 are kept). */
void		 srv_field_error(struct srv_req *, const char *field,
		    const char *fmt, ...) G_PRINTF(3, 4);

/*
 * Ends a handler that collected field errors: a 422 whose detail names
 * the first bad field. Returns G_UNPROCESSABLE.
 */
enum gstatus	 srv_invalid(struct srv_req *);

/* Adds a response header (Link, Cache-Control...). 0, or -1 if full. */
int		 srv_header_add(struct srv_req *, const char *name,
		    const char *fmt, ...) G_PRINTF(3, 4);

/*
 * Parses the request body as a JSON object into *out (caller decrefs).
 * Returns G_OK, or G_BAD_REQUEST with a detail for an empty body,
 * malformed JSON (invalid UTF-8, duplicate keys, trailing bytes) or a
 * JSON value that is not an object.
 */
enum gstatus	 srv_json_body(struct srv_req *, json_t **out);

/*
 * Reads string member key of obj into *out (borrowed from obj). A member
 * that is absent or null leaves *out NULL and, when required, records a
 * field error; one of another type always does. Returns 0 or -1.
 */
int		 srv_json_string(struct srv_req *, const json_t *obj,
		    const char *key, int required, const char **out);

/* Query argument name (first occurrence, decoded), or NULL. */
const char	*srv_query(const struct srv_req *, const char *name);
/* Request header name, or NULL. */
const char	*srv_header(const struct srv_req *, const char *name);
/*
 * The client's address as text ("127.0.0.1", "::1") in out, or "" when
 * unknown. Returns out.
 */
const char	*srv_client_address(const struct srv_req *, char *out,
		    size_t outsz);

/*
 * Copies untrusted text into out for a problem detail: printable ASCII
 * passes, anything else becomes '?', and the copy is cut at outsz - 1
 * bytes (with "..." when cut). Returns out.
 */
char		*srv_quote(const char *s, char *out, size_t outsz);

/* True (1) when the viewer may see everything: an operator. */
int		 srv_viewer_is_operator(const struct srv_req *);

/*
 * Input rules shared by the routes and the command line: a username is
 * 3-32 of [A-Za-z0-9_-] (stored lower-cased), an email has one '@' with
 * text on both sides and a dot in the domain. Return 1 when valid.
 */
int		 srv_username_valid(const char *);
int		 srv_email_valid(const char *);
/* Lower-cases a valid username into out (at least 33 bytes). */
void		 srv_username_fold(const char *, char *out, size_t outsz);
/* Number of UTF-8 code points in s. */
size_t		 srv_utf8_len(const char *s);

/* ---- pagination cursors (cursor.c) --------------------------------- */

/* Longest cursor text cursor_encode writes, with its NUL. */
#define CURSOR_SIZE	96

/*
 * An opaque cursor naming the last row of a page by its sort key
 * (created_at, id): base64url of "c1:CREATED:ID". cursor_decode accepts
 * only what cursor_encode writes. Both return 0 or -1.
 */
int		 cursor_encode(int64_t created, int64_t id, char *out,
		    size_t outsz);
int		 cursor_decode(const char *s, int64_t *created, int64_t *id);

/* ---- http layer (http.c) ------------------------------------------- */

struct http_server;

/*
 * Binds and listens on cfg->listen, so a busy port is reported before
 * anything else is touched. Returns the server, or NULL with err set
 * (bad address, port in use...). Free with http_stop.
 */
struct http_server *http_start(const struct srv_config *cfg,
		    struct gerr *err);
/*
 * Starts answering requests with cfg->threads workers, each taking a
 * connection from pool per request. 0, or -1 with err.
 */
int		 http_serve(struct http_server *, const struct srv_config *cfg,
		    struct db_pool *pool, struct gerr *err);
/* The URL the server listens on, "http://127.0.0.1:PORT". */
const char	*http_url(const struct http_server *);
/* Stops accepting, waits for the workers, closes, frees the server. */
void		 http_stop(struct http_server *);

/*
 * Splits "ADDR:PORT" / "[ADDR6]:PORT" into host (brackets removed) and
 * port. Returns 0, or -1 when malformed.
 */
int		 http_parse_listen(const char *listen, char *host,
		    size_t hostsz, unsigned *port);

/*
 * The strong ETag of a response body: a quoted hex BLAKE2b hash, written
 * into out (at least 36 bytes).
 */
void		 http_etag(const char *body, size_t len, char *out,
		    size_t outsz);
/* 1 if an If-None-Match header value matches etag (weak comparison). */
int		 http_etag_match(const char *if_none_match, const char *etag);

/* ---- demo data (demo.c) -------------------------------------------- */

/*
 * Seeds the demo catalog, instructors and accounts in one transaction
 * when the database has no users. Returns 1 when it seeded, 0 when the
 * database already had users, -1 with err on failure.
 */
int		 demo_seed(sqlite3 *, struct gerr *err);

#endif

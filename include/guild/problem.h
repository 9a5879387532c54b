/* Status codes shared by every layer and their problem+json (RFC 9457) form. */
#ifndef GUILD_PROBLEM_H
#define GUILD_PROBLEM_H

#include <stddef.h>
#include <jansson.h>

/*
 * Server layers return one of these; the router maps it to an HTTP status
 * and a problem+json body, so every failure is worded in exactly one place.
 */
enum gstatus {
	G_OK = 0,
	G_CREATED,
	G_NO_CONTENT,
	G_NOT_MODIFIED,
	G_BAD_REQUEST,		/* malformed JSON, bad query syntax */
	G_UNAUTHORIZED,		/* no token, bad token, bad credentials */
	G_FORBIDDEN,		/* authenticated but not allowed */
	G_NOT_FOUND,
	G_METHOD_NOT_ALLOWED,
	G_CONFLICT,
	G_PAYLOAD_TOO_LARGE,
	G_UNSUPPORTED_MEDIA,
	G_UNPROCESSABLE,	/* a missing or bad field */
	G_TOO_MANY_REQUESTS,
	G_INTERNAL,
	G_UNAVAILABLE,
	G_STATUS_COUNT
};

int		 gstatus_http(enum gstatus);
enum gstatus	 gstatus_from_http(int http);
/* Short human title, "Not Found". */
const char	*gstatus_title(enum gstatus);
/* Problem type URI, "urn:guild:problem:not-found"; documented in api.md. */
const char	*gstatus_type(enum gstatus);

struct field_error {
	char	*field;
	char	*message;
};

/* A decoded or to-be-encoded problem document. All strings owned. */
struct problem {
	int			 status;
	char			*type;
	char			*title;
	char			*detail;
	struct field_error	*errors;	/* only for 422 */
	size_t			 nerrors;
	long			 retry_after;	/* seconds, from the header; 0 if none */
};

/* Builds the JSON for a problem; the caller owns the json_t. NULL on OOM. */
json_t	*problem_to_json(const struct problem *);
/*
 * Reads a problem+json body. Missing members are tolerated (a proxy's
 * error page is not a problem document); returns 0, or -1 if the body is
 * not a JSON object at all. Release with problem_release.
 */
int	 problem_from_json(const json_t *, struct problem *);
void	 problem_release(struct problem *);

/*
 * One line for the terminal: "title: detail (field: message; ...)".
 * Writes into out (always NUL-terminated) and returns out.
 */
char	*problem_format(const struct problem *, char *out, size_t outsz);

#endif

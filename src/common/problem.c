/* Status codes and their problem+json (RFC 9457) documents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/problem.h"
#include "guild/util.h"

static const struct {
	int		 http;
	const char	*type;
	const char	*title;
} statuses[G_STATUS_COUNT] = {
	[G_OK]			= { 200, "urn:guild:problem:ok", "OK" },
	[G_CREATED]		= { 201, "urn:guild:problem:created",
				    "Created" },
	[G_NO_CONTENT]		= { 204, "urn:guild:problem:no-content",
				    "No Content" },
	[G_NOT_MODIFIED]	= { 304, "urn:guild:problem:not-modified",
				    "Not Modified" },
	[G_BAD_REQUEST]		= { 400, "urn:guild:problem:bad-request",
				    "Bad Request" },
	[G_UNAUTHORIZED]	= { 401, "urn:guild:problem:unauthorized",
				    "Unauthorized" },
	[G_FORBIDDEN]		= { 403, "urn:guild:problem:forbidden",
				    "Forbidden" },
	[G_NOT_FOUND]		= { 404, "urn:guild:problem:not-found",
				    "Not Found" },
	[G_METHOD_NOT_ALLOWED]	= { 405, "urn:guild:problem:method-not-allowed",
				    "Method Not Allowed" },
	[G_CONFLICT]		= { 409, "urn:guild:problem:conflict",
				    "Conflict" },
	[G_PAYLOAD_TOO_LARGE]	= { 413, "urn:guild:problem:payload-too-large",
				    "Payload Too Large" },
	[G_UNSUPPORTED_MEDIA]	= { 415, "urn:guild:problem:unsupported-media-type",
				    "Unsupported Media Type" },
	[G_UNPROCESSABLE]	= { 422, "urn:guild:problem:validation",
				    "Unprocessable Content" },
	[G_TOO_MANY_REQUESTS]	= { 429, "urn:guild:problem:rate-limited",
				    "Too Many Requests" },
	[G_INTERNAL]		= { 500, "urn:guild:problem:internal",
				    "Internal Server Error" },
	[G_UNAVAILABLE]		= { 503, "urn:guild:problem:unavailable",
				    "Service Unavailable" },
};

int
gstatus_http(enum gstatus s)
{
	if ((unsigned)s >= G_STATUS_COUNT)
		return 500;
	return statuses[s].http;
}

enum gstatus
gstatus_from_http(int http)
{
	size_t	i;

	for (i = 0; i < G_STATUS_COUNT; i++) {
		if (statuses[i].http == http)
			return (enum gstatus)i;
	}
	if (http >= 200 && http < 300)
		return G_OK;
	if (http >= 500)
		return G_INTERNAL;
	return G_BAD_REQUEST;
}

const char *
gstatus_title(enum gstatus s)
{
	if ((unsigned)s >= G_STATUS_COUNT)
		s = G_INTERNAL;
	return statuses[s].title;
}

/* "urn:guild:problem:not-found": constant strings, safe from any thread. */
const char *
gstatus_type(enum gstatus s)
{
	if ((unsigned)s >= G_STATUS_COUNT)
		s = G_INTERNAL;
	return statuses[s].type;
}

json_t *
problem_to_json(const struct problem *p)
{
	json_t	*o, *errs, *e;
	size_t	 i;

	o = json_object();
	if (o == NULL)
		return NULL;
	json_object_set_new(o, "type", json_string(p->type != NULL ? p->type :
	    gstatus_type(gstatus_from_http(p->status))));
	json_object_set_new(o, "title", json_string(p->title != NULL ?
	    p->title : gstatus_title(gstatus_from_http(p->status))));
	json_object_set_new(o, "status", json_integer(p->status));
	json_object_set_new(o, "detail", json_string(p->detail != NULL ?
	    p->detail : ""));
	if (p->nerrors > 0) {
		errs = json_array();
		for (i = 0; i < p->nerrors; i++) {
			e = json_pack("{s:s, s:s}",
			    "field", p->errors[i].field ? p->errors[i].field : "",
			    "message", p->errors[i].message ?
			    p->errors[i].message : "");
			json_array_append_new(errs, e);
		}
		json_object_set_new(o, "errors", errs);
	}
	return o;
}

static char *
dup_member(const json_t *o, const char *key)
{
	const char	*s = json_string_value(json_object_get(o, key));

	return s != NULL ? strdup(s) : NULL;
}

int
problem_from_json(const json_t *o, struct problem *p)
{
	const json_t	*errs, *e;
	size_t		 i, n;

	memset(p, 0, sizeof *p);
	if (!json_is_object(o))
		return -1;
	p->type = dup_member(o, "type");
	p->title = dup_member(o, "title");
	p->detail = dup_member(o, "detail");
	if (json_is_integer(json_object_get(o, "status")))
		p->status = (int)json_integer_value(json_object_get(o, "status"));
	errs = json_object_get(o, "errors");
	n = json_is_array(errs) ? json_array_size(errs) : 0;
	if (n > 0) {
		p->errors = calloc(n, sizeof *p->errors);
		if (p->errors == NULL)
			return 0;
		for (i = 0; i < n; i++) {
			e = json_array_get(errs, i);
			p->errors[i].field = dup_member(e, "field");
			p->errors[i].message = dup_member(e, "message");
		}
		p->nerrors = n;
	}
	return 0;
}

void
problem_release(struct problem *p)
{
	size_t	i;

	free(p->type);
	free(p->title);
	free(p->detail);
	for (i = 0; i < p->nerrors; i++) {
		free(p->errors[i].field);
		free(p->errors[i].message);
	}
	free(p->errors);
	memset(p, 0, sizeof *p);
}

/*
 * "Unprocessable Content: the request has invalid fields (password: must
 * be at least 8 characters)". The caller sanitizes before display.
 */
char *
problem_format(const struct problem *p, char *out, size_t outsz)
{
	size_t		 len;
	size_t		 i;
	const char	*title;

	title = p->title != NULL && *p->title != '\0' ? p->title :
	    gstatus_title(gstatus_from_http(p->status));
	if (p->detail != NULL && *p->detail != '\0')
		snprintf(out, outsz, "%s: %s", title, p->detail);
	else
		snprintf(out, outsz, "%s (HTTP %d)", title, p->status);
	for (i = 0; i < p->nerrors; i++) {
		len = strlen(out);
		if (len + 1 >= outsz)
			break;
		snprintf(out + len, outsz - len, "%s%s: %s%s",
		    i == 0 ? " (" : "; ",
		    p->errors[i].field ? p->errors[i].field : "?",
		    p->errors[i].message ? p->errors[i].message : "invalid",
		    i + 1 == p->nerrors ? ")" : "");
	}
	return out;
}

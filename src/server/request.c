/*
 * What handlers use to read a request and word a failure: problem
 * details, 422 field errors, extra headers, and the JSON body reader.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "server.h"

enum gstatus
srv_fail(struct srv_req *req, enum gstatus s, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(req->detail, sizeof req->detail, fmt, ap);
	va_end(ap);
	return s;
}

void
srv_field_error(struct srv_req *req, const char *field, const char *fmt, ...)
{
	struct srv_field_error	*e;
	va_list			 ap;

	if (req->nerrors >= SRV_MAX_FIELD_ERRORS)
		return;
	e = &req->errors[req->nerrors++];
	snprintf(e->field, sizeof e->field, "%s", field);
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
}

enum gstatus
srv_invalid(struct srv_req *req)
{
	if (req->nerrors == 0)
		return srv_fail(req, G_UNPROCESSABLE, "the request is invalid");
	if (req->nerrors == 1)
		return srv_fail(req, G_UNPROCESSABLE, "%s %s",
		    req->errors[0].field, req->errors[0].message);
	return srv_fail(req, G_UNPROCESSABLE, "%s %s (and %zu more problem%s)",
	    req->errors[0].field, req->errors[0].message, req->nerrors - 1,
	    req->nerrors > 2 ? "s" : "");
}

int
srv_header_add(struct srv_req *req, const char *name, const char *fmt, ...)
{
	struct srv_header	*h;
	va_list			 ap;

	if (req->nheaders >= SRV_MAX_HEADERS)
		return -1;
	h = &req->headers[req->nheaders++];
	snprintf(h->name, sizeof h->name, "%s", name);
	va_start(ap, fmt);
	vsnprintf(h->value, sizeof h->value, fmt, ap);
	va_end(ap);
	return 0;
}

enum gstatus
srv_json_body(struct srv_req *req, json_t **out)
{
	json_error_t	 jerr;
	json_t		*v;
	char		 why[160];

	*out = NULL;
	if (req->body == NULL || req->body_len == 0)
		return srv_fail(req, G_BAD_REQUEST, "the request needs a JSON "
		    "object body (Content-Type: application/json)");
	v = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (v == NULL)
		return srv_fail(req, G_BAD_REQUEST, "malformed JSON at line %d "
		    "column %d: %s", jerr.line, jerr.column,
		    srv_quote(jerr.text, why, sizeof why));
	if (!json_is_object(v)) {
		json_decref(v);
		return srv_fail(req, G_BAD_REQUEST, "the request body must be "
		    "a JSON object");
	}
	*out = v;
	return G_OK;
}

int
srv_json_string(struct srv_req *req, const json_t *obj, const char *key,
    int required, const char **out)
{
	const json_t	*v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			srv_field_error(req, key, "is required");
		return required ? -1 : 0;
	}
	if (!json_is_string(v)) {
		srv_field_error(req, key, "must be a string");
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

char *
srv_quote(const char *s, char *out, size_t outsz)
{
	size_t	i, o = 0;

	if (outsz == 0)
		return out;
	for (i = 0; s != NULL && s[i] != '\0' && o + 1 < outsz; i++) {
		unsigned char c = (unsigned char)s[i];

		out[o++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	out[o] = '\0';
	if (s != NULL && s[i] != '\0' && outsz > 4)
		memcpy(out + outsz - 4, "...", 4);
	return out;
}

int
srv_viewer_is_operator(const struct srv_req *req)
{
	return req->viewer.user_id != 0 && req->viewer.role == ROLE_OPERATOR;
}

/*
 * JSON codecs of community events and RSVP states (issue 6): guildd
 * encodes with *_to_json, guild decodes with *_from_json.
 */
#include <stdlib.h>
#include <string.h>

#include "guild/model.h"
#include "model-priv.h"

/* A count that may be unlimited: -1 is written as JSON null. */
static json_t *
limit_to_json(int64_t v)
{
	return v < 0 ? json_null() : json_integer((json_int_t)v);
}

/*
 * The wire form of an event. description is present only when set (a
 * single event's answer). NULL on allocation failure; the caller owns it.
 */
json_t *
event_to_json(const struct event *e)
{
	json_t	*o;

	o = json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:I, s:I, s:I,"
	    " s:o, s:o, s:I, s:b}",
	    "id", (json_int_t)e->id,
	    "title", e->title ? e->title : "",
	    "type", e->type ? e->type : "",
	    "starts_at", mdl_str_or_null(e->starts_at),
	    "ends_at", mdl_str_or_null(e->ends_at),
	    "venue", mdl_str_or_null(e->venue),
	    "online_url", mdl_str_or_null(e->online_url),
	    "capacity", (json_int_t)e->capacity,
	    "confirmed", (json_int_t)e->confirmed,
	    "waitlisted", (json_int_t)e->waitlisted,
	    "seats_left", limit_to_json(e->seats_left),
	    "my_status", mdl_str_or_null(e->my_status),
	    "my_position", (json_int_t)e->my_position,
	    "checked_in", e->checked_in);
	if (o != NULL && e->description != NULL)
		json_object_set_new(o, "description",
		    json_string(e->description));
	return o;
}

/*
 * Decodes an event into *e (zeroed first; seats_left -1 when null).
 * 0, or -1 with err and *e released.
 */
int
event_from_json(const json_t *o, struct event *e, struct gerr *err)
{
	memset(e, 0, sizeof *e);
	e->seats_left = -1;
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent an event that is not an object");
	if (mdl_get_int(o, "id", 1, &e->id, "an event", err) ||
	    mdl_get_str(o, "title", 1, &e->title, "an event", err) ||
	    mdl_get_str(o, "type", 1, &e->type, "an event", err) ||
	    mdl_get_str(o, "description", 0, &e->description, "an event",
	    err) ||
	    mdl_get_str(o, "starts_at", 1, &e->starts_at, "an event", err) ||
	    mdl_get_str(o, "ends_at", 0, &e->ends_at, "an event", err) ||
	    mdl_get_str(o, "venue", 0, &e->venue, "an event", err) ||
	    mdl_get_str(o, "online_url", 0, &e->online_url, "an event",
	    err) ||
	    mdl_get_int(o, "capacity", 0, &e->capacity, "an event", err) ||
	    mdl_get_int(o, "confirmed", 0, &e->confirmed, "an event", err) ||
	    mdl_get_int(o, "waitlisted", 0, &e->waitlisted, "an event",
	    err) ||
	    mdl_get_int(o, "seats_left", 0, &e->seats_left, "an event",
	    err) ||
	    mdl_get_str(o, "my_status", 0, &e->my_status, "an event", err) ||
	    mdl_get_int(o, "my_position", 0, &e->my_position, "an event",
	    err)) {
		event_release(e);
		return -1;
	}
	mdl_get_bool(o, "checked_in", &e->checked_in);
	return 0;
}

/* Frees what *e owns and zeroes it. */
void
event_release(struct event *e)
{
	free(e->title);
	free(e->type);
	free(e->description);
	free(e->starts_at);
	free(e->ends_at);
	free(e->venue);
	free(e->online_url);
	free(e->my_status);
	memset(e, 0, sizeof *e);
}

PAGE_CODEC(event, event, "an event list")

/* The wire form of an RSVP state; NULL on allocation failure. */
json_t *
rsvp_state_to_json(const struct rsvp_state *r)
{
	return json_pack("{s:I, s:s, s:I, s:o}",
	    "event_id", (json_int_t)r->event_id,
	    "status", r->status ? r->status : "none",
	    "position", (json_int_t)r->position,
	    "seats_left", limit_to_json(r->seats_left));
}

/*
 * Decodes an RSVP state into *r (seats_left -1 when null). 0, or -1 with
 * err and *r released.
 */
int
rsvp_state_from_json(const json_t *o, struct rsvp_state *r,
    struct gerr *err)
{
	memset(r, 0, sizeof *r);
	r->seats_left = -1;
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent an RSVP that is not an object");
	if (mdl_get_int(o, "event_id", 1, &r->event_id, "an RSVP", err) ||
	    mdl_get_str(o, "status", 1, &r->status, "an RSVP", err) ||
	    mdl_get_int(o, "position", 0, &r->position, "an RSVP", err) ||
	    mdl_get_int(o, "seats_left", 0, &r->seats_left, "an RSVP", err)) {
		rsvp_state_release(r);
		return -1;
	}
	return 0;
}

/* Frees what *r owns and zeroes it. */
void
rsvp_state_release(struct rsvp_state *r)
{
	free(r->status);
	memset(r, 0, sizeof *r);
}

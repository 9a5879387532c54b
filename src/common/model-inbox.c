/*
 * JSON codecs of the inbox and referrals (issue 6): notification and its
 * page (with the caller's unread count), referral_info, referral and its
 * page. guildd encodes with *_to_json, guild decodes with *_from_json.
 */
#include <stdlib.h>
#include <string.h>

#include "guild/model.h"
#include "guild/util.h"
#include "model-priv.h"

/* ---- notifications ---------------------------------------------------- */

json_t *
notification_to_json(const struct notification *n)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:I, s:o, s:o, s:I, s:b, s:o}",
	    "id", (json_int_t)n->id,
	    "kind", n->kind ? n->kind : "",
	    "text", n->text ? n->text : "",
	    "subject_type", n->subject_type ? n->subject_type : "",
	    "subject_id", (json_int_t)n->subject_id,
	    "subject_name", mdl_str_or_null(n->subject_name),
	    "actor", mdl_str_or_null(n->actor),
	    "count", (json_int_t)n->count,
	    "read", n->read ? 1 : 0,
	    "created_at", mdl_str_or_null(n->created_at));
}

int
notification_from_json(const json_t *o, struct notification *n,
    struct gerr *err)
{
	const char	*w = "a notification";

	memset(n, 0, sizeof *n);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a notification that is not an object");
	n->count = 1;
	if (mdl_get_int(o, "id", 1, &n->id, w, err) ||
	    mdl_get_str(o, "kind", 1, &n->kind, w, err) ||
	    mdl_get_str(o, "text", 1, &n->text, w, err) ||
	    mdl_get_str(o, "subject_type", 0, &n->subject_type, w, err) ||
	    mdl_get_int(o, "subject_id", 0, &n->subject_id, w, err) ||
	    mdl_get_str(o, "subject_name", 0, &n->subject_name, w, err) ||
	    mdl_get_str(o, "actor", 0, &n->actor, w, err) ||
	    mdl_get_int(o, "count", 0, &n->count, w, err) ||
	    mdl_get_str(o, "created_at", 0, &n->created_at, w, err)) {
		notification_release(n);
		return -1;
	}
	mdl_get_bool(o, "read", &n->read);
	return 0;
}

void
notification_release(struct notification *n)
{
	free(n->kind);
	free(n->text);
	free(n->subject_type);
	free(n->subject_name);
	free(n->actor);
	free(n->created_at);
	memset(n, 0, sizeof *n);
}

static int
notification_item_dec(const json_t *o, void *p, struct gerr *err)
{
	return notification_from_json(o, p, err);
}

static void
notification_item_rel(void *p)
{
	notification_release(p);
}

/*
 * Reads an inbox page: the common page members plus "unread", the
 * caller's total unread count. 0 or -1 with err (p then empty).
 */
int
notification_page_from_json(const json_t *o, struct notification_page *p,
    struct gerr *err)
{
	void	*items;
	int	 rc;

	memset(p, 0, sizeof *p);
	rc = mdl_page_decode(o, "an inbox page", sizeof *p->items,
	    notification_item_dec, notification_item_rel, &items, &p->n,
	    &p->next_cursor, &p->has_more, err);
	p->items = items;
	if (rc != 0)
		return -1;
	if (mdl_get_int(o, "unread", 0, &p->unread, "an inbox page", err) !=
	    0) {
		notification_page_release(p);
		return -1;
	}
	return 0;
}

void
notification_page_release(struct notification_page *p)
{
	size_t	i;

	for (i = 0; i < p->n; i++)
		notification_release(&p->items[i]);
	free(p->items);
	free(p->next_cursor);
	memset(p, 0, sizeof *p);
}

/* ---- referrals -------------------------------------------------------- */

json_t *
referral_info_to_json(const struct referral_info *r)
{
	return json_pack("{s:s, s:s, s:I, s:I}",
	    "code", r->code ? r->code : "",
	    "link", r->link ? r->link : "",
	    "joined", (json_int_t)r->joined,
	    "points", (json_int_t)r->points);
}

int
referral_info_from_json(const json_t *o, struct referral_info *r,
    struct gerr *err)
{
	const char	*w = "a referral summary";

	memset(r, 0, sizeof *r);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a referral summary that is not an object");
	if (mdl_get_str(o, "code", 1, &r->code, w, err) ||
	    mdl_get_str(o, "link", 0, &r->link, w, err) ||
	    mdl_get_int(o, "joined", 0, &r->joined, w, err) ||
	    mdl_get_int(o, "points", 0, &r->points, w, err)) {
		referral_info_release(r);
		return -1;
	}
	return 0;
}

void
referral_info_release(struct referral_info *r)
{
	free(r->code);
	free(r->link);
	memset(r, 0, sizeof *r);
}

json_t *
referral_to_json(const struct referral *r)
{
	return json_pack("{s:s, s:o, s:b, s:I}",
	    "username", r->username ? r->username : "",
	    "joined_at", mdl_str_or_null(r->joined_at),
	    "purchased", r->purchased ? 1 : 0,
	    "points", (json_int_t)r->points);
}

int
referral_from_json(const json_t *o, struct referral *r, struct gerr *err)
{
	const char	*w = "a referral";

	memset(r, 0, sizeof *r);
	if (!json_is_object(o))
		return gerr_set(err, GERR_PROTO, 0,
		    "the server sent a referral that is not an object");
	if (mdl_get_str(o, "username", 1, &r->username, w, err) ||
	    mdl_get_str(o, "joined_at", 0, &r->joined_at, w, err) ||
	    mdl_get_int(o, "points", 0, &r->points, w, err)) {
		referral_release(r);
		return -1;
	}
	mdl_get_bool(o, "purchased", &r->purchased);
	return 0;
}

void
referral_release(struct referral *r)
{
	free(r->username);
	free(r->joined_at);
	memset(r, 0, sizeof *r);
}

PAGE_CODEC(referral, referral, "a referral list")

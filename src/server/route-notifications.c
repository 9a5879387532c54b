/*
 * The inbox routes (self only): GET /api/v1/me/notifications and
 * POST /api/v1/me/notifications/read. Storage is in inbox.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/timeutil.h"

#include "db.h"
#include "inbox.h"
#include "posts.h"
#include "server.h"

#define INBOX_CURSOR	"nt"
#define INBOX_READ_MAX	500	/* ids in one mark-read request */

/*
 * The ?unread= flag into *on: absent, "0" or "false" is 0, "1" or
 * "true" is 1. 0, or -1 with a field error recorded.
 */
static int
unread_flag(struct srv_req *req, int *on)
{
	const char	*v = post_query(req, "unread");

	*on = 0;
	if (v == NULL || strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
		return 0;
	if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) {
		*on = 1;
		return 0;
	}
	srv_field_error(req, "unread", "must be 1 or 0");
	return -1;
}

/*
 * GET /api/v1/me/notifications?unread=1&limit=N&cursor=C: my inbox,
 * newest first, with "unread", my total unread count. Adds the "event
 * starting soon" notifications that are due first.
 */
enum gstatus
route_me_notifications(struct srv_req *req)
{
	const char		*cursor = post_query(req, "cursor");
	struct notification	*items;
	json_t			*arr;
	char			 next[POST_CURSOR_SIZE], path[80];
	int64_t			 after[2] = { 0, 0 }, last[2], unread;
	size_t			 i, n;
	int			 limit, only, has_more, bad = 0;
	time_t			 t;

	if (unread_flag(req, &only) != 0 || post_list_limit(req, &limit) !=
	    0)
		return srv_invalid(req);
	if (cursor != NULL && post_cursor_decode(cursor, INBOX_CURSOR, after,
	    2, NULL, 0) != 0)
		return srv_fail(req, G_BAD_REQUEST, "the cursor is not one "
		    "this server issued; start again without it");
	if (inbox_event_soon(req->db, req->viewer.user_id, req->now) != 0 ||
	    inbox_list(req->db, req->viewer.user_id, only, cursor != NULL,
	    after[0], after[1], limit, &items, &n, &has_more) != 0)
		return G_INTERNAL;
	if (inbox_unread(req->db, req->viewer.user_id, &unread) != 0) {
		inbox_items_free(items, n);
		return G_INTERNAL;
	}
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++) {
		if (json_array_append_new(arr, notification_to_json(
		    &items[i])) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	next[0] = '\0';
	if (arr != NULL && has_more && n > 0) {
		bad = time_parse_rfc3339(items[n - 1].created_at, &t) != 0;
		last[0] = (int64_t)t;
		last[1] = items[n - 1].id;
		if (bad || post_cursor_encode(INBOX_CURSOR, last, 2, NULL,
		    next, sizeof next) != 0)
			has_more = 0;
	}
	inbox_items_free(items, n);
	if (arr == NULL)
		return G_INTERNAL;
	snprintf(path, sizeof path, "/api/v1/me/notifications?limit=%d%s",
	    limit, only ? "&unread=1" : "");
	if (post_page(req, arr, has_more, next, path) != G_OK)
		return G_INTERNAL;
	if (json_object_set_new(req->out, "unread", json_integer(unread)) !=
	    0)
		return G_INTERNAL;
	return G_OK;
}

/*
 * Reads the mark-read body: {"ids": [positive ids]} (at most
 * INBOX_READ_MAX) or {"all": true}, exactly one of them. *ids gets a
 * copy of the ids (the caller frees it; NULL for all) and *n their
 * number. 0, or -1 with field errors recorded.
 */
static int
read_body(struct srv_req *req, const json_t *in, int64_t **ids, size_t *n,
    int *all)
{
	const json_t	*a = json_object_get(in, "ids");
	const json_t	*f = json_object_get(in, "all");
	const json_t	*v;
	size_t		 i;

	*ids = NULL;
	*n = 0;
	*all = 0;
	if (f != NULL && !json_is_true(f))
		srv_field_error(req, "all", "must be true");
	if (a != NULL && (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > INBOX_READ_MAX))
		srv_field_error(req, "ids", "must be an array of 1 to %d "
		    "notification ids", INBOX_READ_MAX);
	if (a == NULL && f == NULL)
		srv_field_error(req, "ids", "give the ids to mark read, or "
		    "\"all\": true");
	if (a != NULL && f != NULL)
		srv_field_error(req, "all", "give either ids or all, not both");
	json_array_foreach(a, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0) {
			srv_field_error(req, "ids", "must hold notification "
			    "ids (positive whole numbers)");
			break;
		}
	}
	if (req->nerrors > 0)
		return -1;
	*all = f != NULL;
	if (a == NULL)
		return 0;
	*ids = xcalloc(json_array_size(a), sizeof **ids);
	json_array_foreach(a, i, v)
		(*ids)[i] = json_integer_value(v);
	*n = json_array_size(a);
	return 0;
}

/*
 * POST /api/v1/me/notifications/read: adds the "starting soon"
 * notifications that are due, marks mine read (ids of other members'
 * notifications are ignored) and answers {unread: N}.
 */
enum gstatus
route_me_notifications_read(struct srv_req *req)
{
	json_t		*in;
	int64_t		*ids, unread;
	size_t		 n;
	int		 all;
	enum gstatus	 s;

	s = srv_json_body(req, &in);
	if (s != G_OK)
		return s;
	if (read_body(req, in, &ids, &n, &all) != 0) {
		json_decref(in);
		return srv_invalid(req);
	}
	json_decref(in);
	s = post_begin(req);
	/* What is due comes first, so "all" covers it too. */
	if (s == G_OK && (inbox_event_soon(req->db, req->viewer.user_id,
	    req->now) != 0 || inbox_mark_read(req->db, req->viewer.user_id,
	    ids, n, all, req->now) != 0)) {
		db_rollback(req->db);
		s = G_INTERNAL;
	}
	free(ids);
	if (s == G_OK)
		s = post_commit(req);
	if (s != G_OK)
		return s;
	if (inbox_unread(req->db, req->viewer.user_id, &unread) != 0)
		return G_INTERNAL;
	req->out = json_pack("{s:I}", "unread", (json_int_t)unread);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

/* GET /api/v1/me: the caller's own (private) profile. */
#include "db.h"
#include "server.h"

enum gstatus
route_me_get(struct srv_req *req)
{
	struct user	u;
	enum gstatus	s;

	s = db_user_get(req->db, req->viewer.user_id, &u);
	if (s == G_NOT_FOUND)
		return srv_fail(req, G_UNAUTHORIZED, "the account of this token "
		    "no longer exists");
	if (s != G_OK)
		return s;
	req->out = user_to_json(&u, 1);
	user_release(&u);
	return req->out != NULL ? G_OK : G_INTERNAL;
}

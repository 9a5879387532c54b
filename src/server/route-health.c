/* GET /healthz: the server answers and its database can be read. */
#include "db.h"
#include "server.h"

enum gstatus
route_healthz(struct srv_req *req)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(req->db, "SELECT count(*) FROM sqlite_schema", &st) != 0)
		return srv_fail(req, G_UNAVAILABLE, "the database cannot be "
		    "read");
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return srv_fail(req, G_UNAVAILABLE, "the database cannot be "
		    "read");
	req->out = json_pack("{s:s}", "status", "ok");
	return req->out != NULL ? G_OK : G_INTERNAL;
}

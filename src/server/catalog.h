/*
 * Helpers shared by the course, lesson, order and library routes: who may
 * see or edit a course, the page query (?limit=&cursor=) and page answers.
 */
#ifndef GUILD_SERVER_CATALOG_H
#define GUILD_SERVER_CATALOG_H

#include <stdint.h>

#include "db.h"
#include "server.h"

#define PAGE_LIMIT_DEFAULT	20
#define PAGE_LIMIT_MAX		100

/* 1 when the viewer may edit the course: an operator or its instructor. */
int		 catalog_can_edit(const struct srv_req *, int64_t instructor_id);

/*
 * 1 when the viewer may see the course at all: it is published, or the
 * viewer edits it, or owns it (bought before it was unpublished).
 */
int		 catalog_can_see(const struct srv_req *,
		    const struct db_course_access *);

/*
 * Reads ?limit= (1..100, default 20) and ?cursor= (a "c1" cursor of
 * cursor.c) of req. G_OK, or 422 / 400 with the problem filled.
 */
enum gstatus	 page_query(struct srv_req *, int *limit, int *has_after,
		    int64_t *after_key, int64_t *after_id);

/*
 * Answers a page: req->out = {"items": arr, "next_cursor", "has_more"}
 * (arr stolen) with a Link rel="next" header to path (which carries its
 * own query, if any, and no cursor) while more follow.
 */
enum gstatus	 page_answer(struct srv_req *, json_t *arr, int has_more,
		    int64_t last_key, int64_t last_id, const char *path,
		    int limit);

/* 1 when s is one line: no control characters. */
int		 catalog_one_line(const char *s);

#endif

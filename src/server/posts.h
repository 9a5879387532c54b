/*
 * Discussions and Q&A inside guildd: the input rules and helpers their
 * routes share (posts.c), the posting rate limit (ratelimit.c), and the
 * storage of categories, threads, replies and likes (db-threads.c),
 * questions, answers, votes and tags (db-questions.c) and the full-text
 * search index (db-search.c).
 */
#ifndef GUILD_SERVER_POSTS_H
#define GUILD_SERVER_POSTS_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>
#include <sqlite3.h>

#include "guild/model.h"
#include "guild/problem.h"
#include "events.h"
#include "idempotency.h"

struct srv_req;

#define POST_TITLE_MAX		200	/* code points */
#define POST_BODY_MAX		65536	/* bytes: 64 KiB of Markdown */
#define POST_TAGS_MAX		5	/* per question, at least 1 */
#define POST_TAG_MAX		32	/* bytes of one tag */
#define POST_LIMIT_DEFAULT	20	/* list page size */
#define POST_LIMIT_MAX		100
#define POST_ANSWERS_MAX	500	/* answers in a question's detail */
#define POST_SEARCH_DEFAULT	20	/* search results */
#define POST_SEARCH_MAX		50
#define POST_QUERY_MAX		200	/* bytes of a search query */
#define POST_QUERY_WORDS	8	/* words of a search query */
#define POST_RATE_DEFAULT	"10/min"
#define POST_VIEW_INTERVAL	3600	/* a viewer counts once an hour */

/* The four kinds of post; likes go on the first two, votes on the rest. */
enum post_kind {
	POST_THREAD = 0,
	POST_REPLY,
	POST_QUESTION,
	POST_ANSWER
};

/* "thread", "reply", "question", "answer": the event subject types. */
const char	*post_kind_name(enum post_kind);

/* List orders. */
enum post_sort {
	POST_SORT_LATEST = 0,	/* threads: last activity */
	POST_SORT_TOP,		/* threads: most liked */
	POST_SORT_NEWEST,	/* questions: newest first */
	POST_SORT_VOTES,	/* questions: highest score */
	POST_SORT_UNANSWERED	/* questions without answers, newest first */
};

/* ---- the posting rate limit (ratelimit.c) ------------------------------- */

/*
 * Token buckets keyed by a 64-bit number: each key may take count tokens
 * per period seconds, refilled continuously, bursting up to count. Safe
 * from any thread. A count of 0 means no limit. At most max_keys keys are
 * tracked; when the table is full of active keys a take is allowed
 * rather than refused (the limit fails open, never shut).
 */
struct ratelimit_slot;
struct ratelimit {
	pthread_mutex_t		 lock;
	unsigned		 count;
	unsigned		 period;	/* seconds */
	size_t			 max_keys;
	struct ratelimit_slot	*slots;		/* open addressing */
	size_t			 cap;		/* a power of two, or 0 */
	size_t			 used;
};

#define RATELIMIT_INIT(count, period, max_keys) \
	{ PTHREAD_MUTEX_INITIALIZER, (count), (period), (max_keys), NULL, 0, 0 }

void		 ratelimit_init(struct ratelimit *, unsigned count,
		    unsigned period, size_t max_keys);
void		 ratelimit_release(struct ratelimit *);
/* Changes the rule; every bucket starts full again. */
void		 ratelimit_set(struct ratelimit *, unsigned count,
		    unsigned period);
/*
 * Takes one token from key's bucket at now_ms (a monotonic clock in
 * milliseconds). Returns 0 when the token was there, otherwise the whole
 * seconds (at least 1) until one will be.
 */
unsigned	 ratelimit_take(struct ratelimit *, uint64_t key,
		    int64_t now_ms);
/*
 * Parses a rate "N/PERIOD": N from 0 to 100000, PERIOD an optional
 * number and a unit s, sec, m, min, h or hour ("10/min", "3/30s",
 * "100/h"); a bare "N" is per minute and "0" or "off" turns the limit
 * off. Returns 0 and fills *count and *period (seconds), or -1.
 */
int		 ratelimit_parse(const char *spec, unsigned *count,
		    unsigned *period);

/* ---- input rules and route helpers (posts.c) ---------------------------- */

/*
 * Sets guildd's posting rate (threads, replies, questions and answers per
 * member) from a ratelimit_parse spec; call before serving. 0 or -1.
 */
int		 post_rate_configure(const char *spec);

/*
 * Takes a posting token for the viewer. G_OK, or G_TOO_MANY_REQUESTS with
 * a Retry-After header and a detail saying when to try again.
 */
enum gstatus	 post_rate_take(struct srv_req *);

/*
 * Whether this read of question id counts as a view: once per viewer (a
 * member, or an anonymous client address) per POST_VIEW_INTERVAL. 1 or 0.
 */
int		 post_view_counts(const struct srv_req *, int64_t question_id);

/*
 * Field rules; each records a field error under field and returns -1
 * when s breaks them. A title is 1 to POST_TITLE_MAX code points on one
 * line, not only spaces; a body is 1 byte to POST_BODY_MAX bytes, not
 * only spaces, without control characters other than tab and newline.
 */
int		 post_title_check(struct srv_req *, const char *field,
		    const char *s);
int		 post_body_check(struct srv_req *, const char *field,
		    const char *s);

/*
 * Folds a tag to its stored form: 1 to POST_TAG_MAX bytes of lower-case
 * ASCII letters, digits, '+', '#', '.', '-', '_' or non-ASCII letters
 * (anything from U+0080 up but spaces and punctuation of the ASCII
 * range), ASCII upper case lowered. Returns 0 with out filled (at least
 * POST_TAG_MAX + 1 bytes), or -1 when s is not a tag.
 */
int		 post_tag_fold(const char *s, char *out, size_t outsz);

/*
 * Reads member "tags" of obj: an array of 1 to POST_TAGS_MAX tags,
 * folded, duplicates dropped, into tags[]. Absent leaves *n 0 and, when
 * required, records a field error. Returns 0 or -1 (field error).
 */
int		 post_tags_read(struct srv_req *, const json_t *obj,
		    int required, char tags[][POST_TAG_MAX + 1], size_t *n);

/*
 * Reads integer member key of obj within [min, max] into *out and sets
 * *present. Absent or null: *present 0 and, when required, a field
 * error. Returns 0 or -1 (field error recorded).
 */
int		 post_json_int(struct srv_req *, const json_t *obj,
		    const char *key, int required, int64_t min, int64_t max,
		    int64_t *out, int *present);
/* The same for a boolean member. */
int		 post_json_bool(struct srv_req *, const json_t *obj,
		    const char *key, int *out, int *present);

/*
 * The {id} path parameter as a positive integer. G_OK, or G_NOT_FOUND
 * with "no WHAT 'ID'" for anything else.
 */
enum gstatus	 post_path_id(struct srv_req *, const char *what,
		    int64_t *id);

/* Query argument name, with an empty value treated as absent. */
const char	*post_query(const struct srv_req *, const char *name);

/*
 * ?limit= within 1 to POST_LIMIT_MAX (default POST_LIMIT_DEFAULT) into
 * *limit. 0, or -1 with a field error recorded.
 */
int		 post_list_limit(struct srv_req *, int *limit);

/* 1 when the viewer may edit or delete a post by author_id. */
int		 post_may_modify(const struct srv_req *, int64_t author_id);

/*
 * Emits one event for the viewer's action inside the open transaction.
 * 0, or -1 (the caller rolls back and answers 500).
 */
int		 post_emit(struct srv_req *, enum srv_event_kind,
		    enum post_kind subject, int64_t subject_id,
		    int64_t target_user_id, int64_t value);

/* Begins a write transaction: G_OK, or G_UNAVAILABLE with a detail. */
enum gstatus	 post_begin(struct srv_req *);
/* Commits: G_OK, or G_INTERNAL (rolled back). */
enum gstatus	 post_commit(struct srv_req *);

/*
 * The optional Idempotency-Key of a create (thread, reply, question,
 * answer), with the semantics of orders (idempotency.h) except that only
 * a 201 is stored: an error answer is not, so the same key can be sent
 * again once the problem (a locked thread, the posting rate) is gone.
 */
struct post_idem {
	int		on;		/* the request carries a key */
	struct idem	k;
};

/*
 * Reads the header into *pi (pi->on 0 without one). G_OK, or
 * G_BAD_REQUEST for a key that is not 1 to IDEM_KEY_MAX printable ASCII
 * characters.
 */
enum gstatus	 post_idem_key(struct srv_req *, struct post_idem *pi);
/*
 * Begins the create's write transaction and looks the key up. G_OK with
 * *replayed 0: go ahead inside the transaction. *replayed 1: the stored
 * answer is in req->raw and the status to return is the result (the
 * transaction is over). G_UNPROCESSABLE when the key was used for
 * another request; other failures as post_begin.
 */
enum gstatus	 post_idem_begin(struct srv_req *, const struct post_idem *pi,
		    int *replayed);
/*
 * Ends the create's transaction: for s == G_CREATED stores the answer
 * under the key (when there is one) and commits, returning G_CREATED or
 * G_INTERNAL (rolled back, req->out dropped); for any other s rolls back
 * and returns s.
 */
enum gstatus	 post_idem_end(struct srv_req *, const struct post_idem *pi,
		    enum gstatus s);

/*
 * Opaque list cursors: base64url of "KIND|N1|N2|...[|TEXT]". The decoder
 * accepts only a cursor of this kind with exactly n numbers (and TEXT
 * when text is not NULL). Both return 0 or -1.
 */
#define POST_CURSOR_SIZE	192
int		 post_cursor_encode(const char *kind, const int64_t *v,
		    size_t n, const char *text, char *out, size_t outsz);
int		 post_cursor_decode(const char *s, const char *kind, int64_t *v,
		    size_t n, char *text, size_t textsz);

/*
 * Finishes a list answer: req->out becomes the page of items (stolen)
 * with next as its cursor when has_more, and a Link rel="next" header to
 * path (which carries the filters, "?limit=N&...") is added.
 */
enum gstatus	 post_page(struct srv_req *, json_t *items, int has_more,
		    const char *next, const char *path);

/*
 * PUT (on) or DELETE a like on the thread or reply named by the {id}
 * path parameter, for the viewer: 404 for no such (or a deleted) post,
 * 422 for liking your own. Idempotent; emits EV_LIKE_ADDED or _REMOVED
 * only on a change. Answers {"liked", "like_count"}.
 */
enum gstatus	 post_like(struct srv_req *, enum post_kind, int on);

/*
 * PUT (on, body {"value": 1 or -1}) or DELETE the viewer's vote on the
 * question or answer named by {id}: 404, 422 for a bad value or a vote
 * on your own post. Repeating a vote changes nothing; changing it emits
 * EV_VOTE_REMOVED then EV_VOTE_CAST. Answers {"vote", "score"}.
 */
enum gstatus	 post_vote(struct srv_req *, enum post_kind, int on);

/*
 * Percent-encodes s for a query string into out (every byte but
 * A-Z a-z 0-9 - . _ ~). Returns out; an encoding that does not fit is
 * cut at a whole escape.
 */
char		*post_url_encode(const char *s, char *out, size_t outsz);

/*
 * Steps st once expecting no row, finalizes it, and logs a failure under
 * what. G_OK, or G_INTERNAL.
 */
enum gstatus	 post_step_done(sqlite3 *, sqlite3_stmt *, const char *what);
/*
 * Reads an author from three columns from col on (id, username,
 * display_name) into a. 0, or -1 when memory runs out.
 */
int		 post_col_author(sqlite3_stmt *, int col,
		    struct post_author *a);

/* ---- categories, threads, replies, likes (db-threads.c) ----------------- */

struct db_thread_query {
	int64_t		viewer_id;	/* for `liked`; 0 when anonymous */
	int64_t		category_id;	/* 0: every category */
	enum post_sort	sort;		/* LATEST or TOP */
	int		has_after;	/* keyset cursor: after this row */
	int64_t		after[3];	/* pinned, sort key, id */
	int		limit;
};

/* Every category, in display order. Free with db_categories_free. */
enum gstatus	 db_category_list(sqlite3 *, struct category **items,
		    size_t *n);
void		 db_categories_free(struct category *, size_t n);
/* The id of the category with this numeric id or slug; G_NOT_FOUND. */
enum gstatus	 db_category_find(sqlite3 *, const char *key, int64_t *id);

/*
 * A page of threads, pinned first, then by q->sort, after the cursor.
 * *last receives the sort key of the last item for the next cursor.
 * Free the items with db_threads_free.
 */
enum gstatus	 db_thread_list(sqlite3 *, const struct db_thread_query *q,
		    struct thread **items, size_t *n, int *has_more,
		    int64_t last[3]);
void		 db_threads_free(struct thread *, size_t n);
/* One thread with its body. G_NOT_FOUND. Release with thread_release. */
enum gstatus	 db_thread_get(sqlite3 *, int64_t id, int64_t viewer_id,
		    struct thread *out);
enum gstatus	 db_thread_insert(sqlite3 *, int64_t category_id,
		    int64_t author_id, const char *title, const char *body,
		    time_t now, int64_t *id);

/* What a PATCH changes; NULL strings and unset flags stay as they are. */
struct db_thread_edit {
	const char	*title;
	const char	*body;
	int		 set_pinned, pinned;
	int		 set_locked, locked;
};

enum gstatus	 db_thread_update(sqlite3 *, int64_t id,
		    const struct db_thread_edit *, time_t now);
/* Deletes the thread with its replies, likes and search entry. */
enum gstatus	 db_thread_delete(sqlite3 *, int64_t id);

/*
 * The replies of a thread in the order they were written, after reply
 * after_id (0 from the start). Free with db_replies_free.
 */
enum gstatus	 db_reply_list(sqlite3 *, int64_t thread_id,
		    int64_t viewer_id, int64_t after_id, int limit,
		    struct reply **items, size_t *n, int *has_more);
void		 db_replies_free(struct reply *, size_t n);
/* One reply, deleted or not. G_NOT_FOUND. Release with reply_release. */
enum gstatus	 db_reply_get(sqlite3 *, int64_t id, int64_t viewer_id,
		    struct reply *out);
enum gstatus	 db_reply_insert(sqlite3 *, int64_t thread_id,
		    int64_t author_id, int64_t reply_to, const char *body,
		    time_t now, int64_t *id);
enum gstatus	 db_reply_update(sqlite3 *, int64_t id, const char *body,
		    time_t now);
/* Soft delete: the reply keeps its place with an empty body. */
enum gstatus	 db_reply_delete(sqlite3 *, int64_t id, time_t now);

/*
 * Likes (on) or unlikes a thread or reply for user_id. *changed says
 * whether anything changed (liking twice changes nothing); *like_count
 * is the count afterwards.
 */
enum gstatus	 db_like_set(sqlite3 *, enum post_kind, int64_t id,
		    int64_t user_id, int on, time_t now, int *changed,
		    int64_t *like_count);

/* ---- questions, answers, votes, tags (db-questions.c) ------------------- */

struct db_question_query {
	int64_t		 viewer_id;	/* for `my_vote` */
	const char	*tag;		/* NULL: every question */
	enum post_sort	 sort;		/* NEWEST, VOTES or UNANSWERED */
	int		 has_after;
	int64_t		 after[2];	/* sort key, id */
	int		 limit;
};

/*
 * A page of questions (without bodies) by q->sort after the cursor;
 * *last_key is the sort key of the last item. Free with
 * db_questions_free.
 */
enum gstatus	 db_question_list(sqlite3 *, const struct db_question_query *,
		    struct question **items, size_t *n, int *has_more,
		    int64_t *last_key);
void		 db_questions_free(struct question *, size_t n);
/*
 * One question with its body and, when with_answers, its answers:
 * accepted first, then by score, then oldest first. G_NOT_FOUND.
 * Release with question_release.
 */
enum gstatus	 db_question_get(sqlite3 *, int64_t id, int64_t viewer_id,
		    int with_answers, struct question *out);
enum gstatus	 db_question_insert(sqlite3 *, int64_t author_id,
		    const char *title, const char *body,
		    char tags[][POST_TAG_MAX + 1], size_t ntags, time_t now,
		    int64_t *id);
/* Changes the title, body and tags that are not NULL (tags when ntags). */
enum gstatus	 db_question_update(sqlite3 *, int64_t id, const char *title,
		    const char *body, char tags[][POST_TAG_MAX + 1],
		    size_t ntags, time_t now);
/* Adds one view (autocommit, outside any transaction). */
enum gstatus	 db_question_view(sqlite3 *, int64_t id);
/* Sets (answer_id) or clears (0) the accepted answer. */
enum gstatus	 db_question_accept(sqlite3 *, int64_t id, int64_t answer_id);

/* One answer; accepted is filled in. G_NOT_FOUND. */
enum gstatus	 db_answer_get(sqlite3 *, int64_t id, int64_t viewer_id,
		    struct answer *out);
enum gstatus	 db_answer_insert(sqlite3 *, int64_t question_id,
		    int64_t author_id, const char *body, time_t now,
		    int64_t *id);
enum gstatus	 db_answer_update(sqlite3 *, int64_t id, const char *body,
		    time_t now);
enum gstatus	 db_answer_delete(sqlite3 *, int64_t id);

/*
 * Sets user_id's vote on a question or answer to value (1 or -1), or
 * removes it (0). *old receives the vote before (0 for none) and *score
 * the item's score after.
 */
enum gstatus	 db_vote_set(sqlite3 *, enum post_kind, int64_t id,
		    int64_t user_id, int value, time_t now, int *old,
		    int64_t *score);

/*
 * Tags carried by at least one question, most used first (then by name),
 * after the cursor (count, name) when after_name is not NULL. Free with
 * db_tags_free.
 */
enum gstatus	 db_tag_list(sqlite3 *, int64_t after_count,
		    const char *after_name, int limit, struct tag_count **items,
		    size_t *n, int *has_more);
void		 db_tags_free(struct tag_count *, size_t n);

/* ---- full-text search (db-search.c) ------------------------------------- */

/* Which kinds a search covers, as bits. */
#define SEARCH_THREADS		0x1u
#define SEARCH_QUESTIONS	0x2u
#define SEARCH_COURSES		0x4u
#define SEARCH_ALL		0x7u

/*
 * The text the index sees: runs of CJK characters (Han, kana, Hangul)
 * become their overlapping two-character pieces, set apart by spaces
 * ("数据库" -> " 数据 据库 "), so a search for any two or more
 * consecutive characters finds them; other text is unchanged. Returns a
 * string the caller frees, or NULL when memory runs out.
 */
char		*search_text(const char *s);

/*
 * The FTS5 query for what a member typed: each word (at most
 * POST_QUERY_WORDS) becomes a quoted phrase of its search_text pieces,
 * words without CJK match as prefixes, and all must match. Words with
 * nothing to search for (only punctuation) are skipped. Returns 0 with
 * *expr (caller frees; NULL when there is no word to search for) and
 * *nwords, or -1 when memory runs out.
 */
int		 search_match_expr(const char *q, char **expr, size_t *nwords);

/* Adds or replaces the index entry of a thread or question. */
enum gstatus	 search_index_put(sqlite3 *, enum post_kind, int64_t id,
		    const char *title, const char *body);
enum gstatus	 search_index_delete(sqlite3 *, enum post_kind, int64_t id);

/*
 * Searches thread and question titles and bodies (FTS5, best first) and
 * published course titles and summaries, as types says, for q: at most
 * limit hits in *items (free with db_search_free), *has_more when more
 * matched. *nwords is 0 when q has nothing to search for.
 */
enum gstatus	 db_search(sqlite3 *, const char *q, unsigned types,
		    int limit, struct search_hit **items, size_t *n,
		    int *has_more, size_t *nwords);
void		 db_search_free(struct search_hit *, size_t n);

/* ---- demo data (demo-posts.c) ------------------------------------------- */

/*
 * Seeds the discussion categories, threads with replies and likes, and
 * questions with answers, votes and tags, written by the demo people;
 * called inside demo_seed's transaction. 0, or -1 (logged).
 */
int		 demo_seed_posts(sqlite3 *, time_t now);

#endif

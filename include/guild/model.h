/*
 * The wire model: structs for every resource and their JSON codecs. guildd
 * writes responses with the *_to_json functions and guild reads them with
 * *_from_json, so the format is defined once, here.
 */
#ifndef GUILD_MODEL_H
#define GUILD_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "err.h"

enum role {
	ROLE_MEMBER = 0,
	ROLE_INSTRUCTOR,
	ROLE_OPERATOR
};

enum level {
	LEVEL_BEGINNER = 0,
	LEVEL_INTERMEDIATE,
	LEVEL_ADVANCED
};

const char	*role_name(enum role);
int		 role_parse(const char *, enum role *);	/* 0 or -1 */
const char	*level_name(enum level);
int		 level_parse(const char *, enum level *);	/* 0 or -1 */

/* Money is always integer minor units (fen for CNY), never floating point. */
struct money {
	int64_t	amount;
	char	currency[4];	/* ISO 4217, "CNY" */
};

json_t	*money_to_json(const struct money *);
int	 money_from_json(const json_t *, struct money *, struct gerr *);
/* "¥199.00", "free" when amount is 0; ascii selects "CNY 199.00". */
char	*money_format(const struct money *, int ascii, char *out, size_t outsz);

/*
 * A member. email is private: user_to_json writes it only when
 * include_private is set (GET /me, POST /users for the new user).
 */
struct user {
	int64_t		 id;
	char		*username;
	char		*email;
	char		*display_name;
	char		*bio;
	char		*timezone;
	enum role	 role;
	enum level	 level;
	char		*created_at;	/* RFC 3339 UTC */
};

json_t	*user_to_json(const struct user *, int include_private);
int	 user_from_json(const json_t *, struct user *, struct gerr *);
void	 user_release(struct user *);

/* A lesson as listed in a course outline; body only in a lesson read. */
struct lesson {
	int64_t	 id;
	int64_t	 course_id;
	int	 position;	/* 1-based order in the course */
	char	*title;
	int	 duration_min;
	int	 preview;	/* free preview */
	int	 locked;	/* the caller may not read the body */
	char	*body;		/* Markdown; NULL in outlines */
	int	 completed;	/* the caller marked it complete */
};

json_t	*lesson_to_json(const struct lesson *);
int	 lesson_from_json(const json_t *, struct lesson *, struct gerr *);
void	 lesson_release(struct lesson *);

struct course {
	int64_t		 id;
	char		*slug;
	char		*title;
	char		*summary;
	char		*description;	/* Markdown; NULL in list items */
	enum level	 level;
	struct money	 price;
	char		**tags;
	size_t		 ntags;
	int64_t		 instructor_id;
	char		*instructor;	/* username */
	char		*instructor_name;	/* display name */
	int		 published;
	int		 lesson_count;
	int		 enrolled_count;
	int		 owned;		/* the caller owns it (0 if anonymous) */
	char		*created_at;
	char		*updated_at;
	struct lesson	*lessons;	/* outline; only with detail */
	size_t		 nlessons;
};

/* detail adds description and the lesson outline. */
json_t	*course_to_json(const struct course *, int detail);
int	 course_from_json(const json_t *, struct course *, struct gerr *);
void	 course_release(struct course *);

/*
 * A page of any list: {"items": [...], "next_cursor": str|null,
 * "has_more": bool}. page_to_json steals the items array reference.
 */
json_t	*page_to_json(json_t *items, const char *next_cursor, int has_more);

struct course_page {
	struct course	*items;
	size_t		 n;
	char		*next_cursor;	/* NULL on the last page */
	int		 has_more;
};

int	 course_page_from_json(const json_t *, struct course_page *,
	    struct gerr *);
void	 course_page_release(struct course_page *);

/* Login answer: {"token": "...", "user": {...}}. */
struct token_grant {
	char		*token;
	struct user	 user;
};

json_t	*token_grant_to_json(const struct token_grant *);
int	 token_grant_from_json(const json_t *, struct token_grant *,
	    struct gerr *);
void	 token_grant_release(struct token_grant *);

/* ---- buying courses ------------------------------------------------- */

enum order_status {
	ORDER_PENDING = 0,	/* waiting for the checkout */
	ORDER_PAID,		/* paid: the buyer is enrolled */
	ORDER_FAILED,		/* the payment was declined */
	ORDER_CANCELED,		/* abandoned, expired, or already owned */
	ORDER_REFUNDED		/* paid, then refunded by an operator */
};

const char	*order_status_name(enum order_status);
int		 order_status_parse(const char *, enum order_status *);

/*
 * An order. On the wire the money is flat: "amount" (minor units) and
 * "currency" beside the other members. checkout_url is set only while
 * the order is pending; failure_reason only for failed and canceled
 * orders ("card_declined", "insufficient_funds", "expired",
 * "already_owned").
 */
struct order {
	int64_t			 id;
	enum order_status	 status;
	struct money		 amount;
	int64_t			 course_id;
	char			*course_slug;
	char			*course_title;
	int64_t			 user_id;
	char			*checkout_url;
	char			*failure_reason;
	char			*created_at;
	char			*paid_at;
	char			*refunded_at;
};

json_t	*order_to_json(const struct order *);
int	 order_from_json(const json_t *, struct order *, struct gerr *);
void	 order_release(struct order *);

struct order_page {
	struct order	*items;
	size_t		 n;
	char		*next_cursor;	/* NULL on the last page */
	int		 has_more;
};

int	 order_page_from_json(const json_t *, struct order_page *,
	    struct gerr *);
void	 order_page_release(struct order_page *);

/* Lessons completed out of a course's total: {"completed", "total"}. */
struct progress {
	int	completed;
	int	total;
};

/*
 * A course in the caller's library: the course card (as in the catalog)
 * plus "progress", "enrolled_at" and "order_id" (null when the course
 * was not bought through an order).
 */
struct library_item {
	struct course	 course;
	struct progress	 progress;
	int64_t		 order_id;
	char		*enrolled_at;
};

json_t	*library_item_to_json(const struct library_item *);
int	 library_item_from_json(const json_t *, struct library_item *,
	    struct gerr *);
void	 library_item_release(struct library_item *);

struct library_page {
	struct library_item	*items;
	size_t			 n;
	char			*next_cursor;
	int			 has_more;
};

int	 library_page_from_json(const json_t *, struct library_page *,
	    struct gerr *);
void	 library_page_release(struct library_page *);

/* The answer to marking a lesson complete. */
struct completion {
	int64_t		 lesson_id;
	int64_t		 course_id;
	char		*completed_at;
	struct progress	 progress;
};

json_t	*completion_to_json(const struct completion *);
int	 completion_from_json(const json_t *, struct completion *,
	    struct gerr *);
void	 completion_release(struct completion *);

/* ---- discussions and Q&A ---------------------------------------------- */

/* Who wrote a post: {"id", "username", "display_name"}. */
struct post_author {
	int64_t	 id;
	char	*username;
	char	*display_name;
};

/* A discussion category; a study group belongs to a course. */
struct category {
	int64_t	 id;
	char	*slug;
	char	*name;
	char	*description;
	int64_t	 course_id;	/* the study group's course; 0 for none */
	int64_t	 thread_count;
};

json_t	*category_to_json(const struct category *);
int	 category_from_json(const json_t *, struct category *, struct gerr *);
void	 category_release(struct category *);

/* A discussion thread; body (Markdown) only in the detail. */
struct thread {
	int64_t			 id;
	int64_t			 category_id;
	char			*title;
	char			*body;		/* NULL in list items */
	struct post_author	 author;
	int			 pinned;
	int			 locked;
	int64_t			 reply_count;
	int64_t			 like_count;
	int			 liked;		/* by the caller */
	char			*last_activity_at;
	char			*created_at;
	char			*edited_at;	/* NULL if never edited */
};

/* detail adds the body. */
json_t	*thread_to_json(const struct thread *, int detail);
int	 thread_from_json(const json_t *, struct thread *, struct gerr *);
void	 thread_release(struct thread *);

/*
 * A reply in a thread. reply_to names the top-level reply it answers (one
 * level of nesting), 0 for none. A deleted reply keeps its place with an
 * empty body and deleted set.
 */
struct reply {
	int64_t			 id;
	int64_t			 thread_id;
	int64_t			 reply_to;
	struct post_author	 author;
	char			*body;
	int64_t			 like_count;
	int			 liked;
	int			 deleted;
	char			*created_at;
	char			*edited_at;
};

json_t	*reply_to_json(const struct reply *);
int	 reply_from_json(const json_t *, struct reply *, struct gerr *);
void	 reply_release(struct reply *);

struct answer {
	int64_t			 id;
	int64_t			 question_id;
	struct post_author	 author;
	char			*body;
	int64_t			 score;
	int			 accepted;
	int			 my_vote;	/* the caller's: -1, 0 or 1 */
	char			*created_at;
	char			*edited_at;
};

json_t	*answer_to_json(const struct answer *);
int	 answer_from_json(const json_t *, struct answer *, struct gerr *);
void	 answer_release(struct answer *);

/* A question; body and answers only in the detail. */
struct question {
	int64_t			 id;
	char			*title;
	char			*body;		/* NULL in list items */
	char			**tags;
	size_t			 ntags;
	int64_t			 score;
	int64_t			 answer_count;
	int64_t			 accepted_answer_id;	/* 0 for none */
	int64_t			 views;
	struct post_author	 author;
	int			 my_vote;
	char			*created_at;
	char			*edited_at;
	struct answer		*answers;	/* accepted first, then score */
	size_t			 nanswers;
};

/* detail adds the body and the answers. */
json_t	*question_to_json(const struct question *, int detail);
int	 question_from_json(const json_t *, struct question *, struct gerr *);
void	 question_release(struct question *);

/* A tag with the number of questions that carry it. */
struct tag_count {
	char	*name;
	int64_t	 count;
};

json_t	*tag_count_to_json(const struct tag_count *);
int	 tag_count_from_json(const json_t *, struct tag_count *,
	    struct gerr *);
void	 tag_count_release(struct tag_count *);

/* One search result; type is "thread", "question" or "course". */
struct search_hit {
	char	*type;
	int64_t	 id;
	char	*title;
	char	*snippet;	/* plain text around the match, never HTML */
	double	 score;		/* higher is more relevant */
};

json_t	*search_hit_to_json(const struct search_hit *);
int	 search_hit_from_json(const json_t *, struct search_hit *,
	    struct gerr *);
void	 search_hit_release(struct search_hit *);

/* The answer to a like or unlike: {"liked": bool, "like_count": n}. */
struct like_state {
	int	liked;
	int64_t	like_count;
};

json_t	*like_state_to_json(const struct like_state *);
int	 like_state_from_json(const json_t *, struct like_state *,
	    struct gerr *);

/* The answer to a vote or its removal: {"vote": -1|0|1, "score": n}. */
struct vote_state {
	int	vote;
	int64_t	score;
};

json_t	*vote_state_to_json(const struct vote_state *);
int	 vote_state_from_json(const json_t *, struct vote_state *,
	    struct gerr *);

/*
 * Pages of the lists above, read from page_to_json's shape. Lists that
 * are not paginated (categories, search) have a null next_cursor.
 */
struct category_page {
	struct category	*items;
	size_t		 n;
	char		*next_cursor;	/* NULL on the last page */
	int		 has_more;
};

struct thread_page {
	struct thread	*items;
	size_t		 n;
	char		*next_cursor;	/* NULL on the last page */
	int		 has_more;
};

struct reply_page {
	struct reply	*items;
	size_t		 n;
	char		*next_cursor;	/* NULL on the last page */
	int		 has_more;
};

struct question_page {
	struct question	*items;
	size_t		 n;
	char		*next_cursor;	/* NULL on the last page */
	int		 has_more;
};

struct tag_page {
	struct tag_count	*items;
	size_t		 n;
	char		*next_cursor;	/* NULL on the last page */
	int		 has_more;
};

struct search_page {
	struct search_hit	*items;
	size_t		 n;
	char		*next_cursor;	/* NULL on the last page */
	int		 has_more;
};

int	 category_page_from_json(const json_t *, struct category_page *,
	    struct gerr *);
void	 category_page_release(struct category_page *);
int	 thread_page_from_json(const json_t *, struct thread_page *,
	    struct gerr *);
void	 thread_page_release(struct thread_page *);
int	 reply_page_from_json(const json_t *, struct reply_page *,
	    struct gerr *);
void	 reply_page_release(struct reply_page *);
int	 question_page_from_json(const json_t *, struct question_page *,
	    struct gerr *);
void	 question_page_release(struct question_page *);
int	 tag_page_from_json(const json_t *, struct tag_page *, struct gerr *);
void	 tag_page_release(struct tag_page *);
int	 search_page_from_json(const json_t *, struct search_page *,
	    struct gerr *);
void	 search_page_release(struct search_page *);

/* ---- points, levels, the leaderboard, badges (issue 6) -------------- */

/*
 * A member's points: {username, points, level, next_level_at,
 * points_to_next}; the last two are null (-1 here) at the top level.
 */
struct points_summary {
	char	*username;
	int64_t	 points;
	int64_t	 level;		/* 1-9 */
	int64_t	 next_level_at;	/* -1 at level 9 */
	int64_t	 points_to_next; /* -1 at level 9 */
};

json_t	*points_summary_to_json(const struct points_summary *);
int	 points_summary_from_json(const json_t *, struct points_summary *,
	    struct gerr *);
void	 points_summary_release(struct points_summary *);

/* One points ledger entry; reason is NULL except for adjustments. */
struct ledger_entry {
	int64_t	 id;
	int64_t	 delta;
	char	*rule;		/* "answer_upvote", "reversal:downvote" */
	char	*subject_type;
	int64_t	 subject_id;
	char	*reason;
	char	*created_at;	/* RFC 3339 UTC */
};

json_t	*ledger_entry_to_json(const struct ledger_entry *);
int	 ledger_entry_from_json(const json_t *, struct ledger_entry *,
	    struct gerr *);
void	 ledger_entry_release(struct ledger_entry *);

struct ledger_page {
	struct ledger_entry	*items;
	size_t			 n;
	char			*next_cursor;	/* NULL on the last page */
	int			 has_more;
};

int	 ledger_page_from_json(const json_t *, struct ledger_page *,
	    struct gerr *);
void	 ledger_page_release(struct ledger_page *);

/*
 * A leaderboard row {rank, username, points, level}. rank is 0 for JSON
 * null (a member with no points in the period). A row with a NULL
 * username stands for "none" and is written as JSON null.
 */
struct leaderboard_entry {
	int64_t	 rank;
	char	*username;
	int64_t	 points;
	int64_t	 level;
};

json_t	*leaderboard_entry_to_json(const struct leaderboard_entry *);
int	 leaderboard_entry_from_json(const json_t *,
	    struct leaderboard_entry *, struct gerr *);
void	 leaderboard_entry_release(struct leaderboard_entry *);

/*
 * A leaderboard page: the usual page members plus "period" and, for an
 * authenticated caller, "me" {rank, points, level, neighbours: [above,
 * below]} (has_me 0 when absent; above/below username NULL for none).
 */
struct leaderboard_page {
	struct leaderboard_entry	*items;
	size_t				 n;
	char				*next_cursor;
	int				 has_more;
	char				*period;	/* "week", "month", "all" */
	int				 has_me;
	struct leaderboard_entry	 me;		/* username unused */
	struct leaderboard_entry	 above, below;
};

/* Writes the page; steals nothing (items are encoded afresh). */
json_t	*leaderboard_page_to_json(const struct leaderboard_page *);
int	 leaderboard_page_from_json(const json_t *, struct leaderboard_page *,
	    struct gerr *);
void	 leaderboard_page_release(struct leaderboard_page *);

/* A badge on a profile; period is "YYYY-MM" or NULL. */
struct badge {
	char	*badge;
	char	*period;
	char	*reason;
	char	*awarded_at;	/* RFC 3339 UTC */
};

json_t	*badge_to_json(const struct badge *);
int	 badge_from_json(const json_t *, struct badge *, struct gerr *);
void	 badge_release(struct badge *);

/* A public profile: the points summary plus display_name and badges. */
struct profile {
	struct points_summary	 points;
	char			*display_name;
	struct badge		*badges;
	size_t			 nbadges;
};

json_t	*profile_to_json(const struct profile *);
int	 profile_from_json(const json_t *, struct profile *, struct gerr *);
void	 profile_release(struct profile *);

/* ---- events, RSVPs, referrals and the inbox (issue 6) --------------- */

/*
 * A community event (src/common/model-events.c). description is
 * Markdown and only in a single event's answer (NULL in lists). venue
 * and online_url are NULL when absent. my_status is "confirmed",
 * "waitlisted" or NULL (not going, or an anonymous caller); my_position
 * is the 1-based waitlist position, 0 otherwise. capacity 0 = no limit
 * (seats_left is then -1, JSON null).
 */
struct event {
	int64_t	 id;
	char	*title;
	char	*type;		/* "salon", "hackathon", "livestream", "meetup" */
	char	*description;
	char	*starts_at;	/* RFC 3339 UTC */
	char	*ends_at;
	char	*venue;
	char	*online_url;
	int64_t	 capacity;
	int64_t	 confirmed;
	int64_t	 waitlisted;
	int64_t	 seats_left;
	char	*my_status;
	int64_t	 my_position;
	int	 checked_in;	/* the caller was checked in */
};

json_t	*event_to_json(const struct event *);
int	 event_from_json(const json_t *, struct event *, struct gerr *);
void	 event_release(struct event *);

struct event_page {
	struct event	*items;
	size_t		 n;
	char		*next_cursor;	/* NULL on the last page */
	int		 has_more;
};

int	 event_page_from_json(const json_t *, struct event_page *,
	    struct gerr *);
void	 event_page_release(struct event_page *);

/*
 * The answer to PUT/DELETE /events/{id}/rsvp: {event_id, status,
 * position, seats_left}; status "confirmed", "waitlisted" or "none"
 * (after a cancel); position as in struct event.
 */
struct rsvp_state {
	int64_t	 event_id;
	char	*status;
	int64_t	 position;
	int64_t	 seats_left;	/* -1 for no limit */
};

json_t	*rsvp_state_to_json(const struct rsvp_state *);
int	 rsvp_state_from_json(const json_t *, struct rsvp_state *,
	    struct gerr *);
void	 rsvp_state_release(struct rsvp_state *);

/*
 * An inbox notification (src/common/model-inbox.c). kind is one of
 * "reply", "answer", "accepted", "votes", "order_paid", "rsvp_promoted",
 * "badge", "event_soon"; text is the server's one-line summary; the
 * subject is what Enter opens: "thread", "question", "order", "event"
 * or "user" (subject_id then the member's id, subject_name the name).
 * count > 1 for batched votes; actor NULL for the system.
 */
struct notification {
	int64_t	 id;
	char	*kind;
	char	*text;
	char	*subject_type;
	int64_t	 subject_id;
	char	*subject_name;	/* a username for "user", else NULL */
	char	*actor;
	int64_t	 count;
	int	 read;
	char	*created_at;	/* RFC 3339 UTC; the latest for a batch */
};

json_t	*notification_to_json(const struct notification *);
int	 notification_from_json(const json_t *, struct notification *,
	    struct gerr *);
void	 notification_release(struct notification *);

/* A page of the inbox plus "unread", the caller's total unread count. */
struct notification_page {
	struct notification	*items;
	size_t			 n;
	char			*next_cursor;	/* NULL on the last page */
	int			 has_more;
	int64_t			 unread;
};

int	 notification_page_from_json(const json_t *,
	    struct notification_page *, struct gerr *);
void	 notification_page_release(struct notification_page *);

/*
 * GET /me/referral: {code, link, joined, points}: my code, the link to
 * share (the server's public URL with ?ref=CODE), how many joined with
 * it and the points it earned me.
 */
struct referral_info {
	char	*code;
	char	*link;
	int64_t	 joined;
	int64_t	 points;
};

json_t	*referral_info_to_json(const struct referral_info *);
int	 referral_info_from_json(const json_t *, struct referral_info *,
	    struct gerr *);
void	 referral_info_release(struct referral_info *);

/* One member who joined with my code: {username, joined_at, purchased,
   points} (purchased: they have paid for a course; points: what they
   earned me). */
struct referral {
	char	*username;
	char	*joined_at;
	int	 purchased;
	int64_t	 points;
};

json_t	*referral_to_json(const struct referral *);
int	 referral_from_json(const json_t *, struct referral *, struct gerr *);
void	 referral_release(struct referral *);

struct referral_page {
	struct referral	*items;
	size_t		 n;
	char		*next_cursor;
	int		 has_more;
};

int	 referral_page_from_json(const json_t *, struct referral_page *,
	    struct gerr *);
void	 referral_page_release(struct referral_page *);

#endif

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

#endif

/*
 * What guild's community commands share (issue 6): points, the
 * leaderboard, profiles, events, referrals and the inbox. Their command
 * entries are declared here; tables, ids and Markdown come from
 * discuss.h.
 */
#ifndef GUILD_CLI_COMMUNITY_H
#define GUILD_CLI_COMMUNITY_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "cli.h"

extern const struct cmd_entry cmd_leaderboard_entry;
extern const struct cmd_entry cmd_points_entry;
extern const struct cmd_entry cmd_profile_entry;
extern const struct cmd_entry cmd_events_entry;
extern const struct cmd_entry cmd_event_entry;
extern const struct cmd_entry cmd_rsvp_entry;
extern const struct cmd_entry cmd_invite_entry;
extern const struct cmd_entry cmd_inbox_entry;

/*
 * The username of the logged-in member: the one known with the token,
 * else asked of GET /me. 0 with *out (caller frees; not sanitized: for
 * paths and comparisons), or -1 with err.
 */
int	 community_me(struct cli_ctx *, char **out, struct gerr *);

/*
 * The path "/api/v1/users/NAME" followed by suffix ("" or "/points"),
 * with NAME percent-encoded. Caller frees.
 */
char	*community_user_path(const char *name, const char *suffix);

/*
 * A progress bar of width cells showing have out of span: '#' and '.'
 * when ascii, else block characters. Caller frees.
 */
char	*community_bar(int64_t have, int64_t span, int width, int ascii);

/*
 * An RFC 3339 time in the local time zone (TZ, else the system's) with
 * strftime format fmt, "?" when it cannot be read. Returns out.
 */
char	*community_local_time(const char *when, const char *fmt, char *out,
	    size_t outsz);

/*
 * After getopt: the optional MEMBER operand of entry's command into
 * *member (NULL when absent). 0, or 2 after a usage message.
 */
int	 community_member_arg(const struct cmd_entry *, int argc, char **argv,
	    const char **member);

/*
 * GET the member's resource: /users/MEMBER plus suffix ("" or
 * "/points"); without member, my own (a token is needed: without one
 * this says so). *me (may be NULL) gets my username when member is NULL,
 * else NULL (caller frees). 0 with *out (caller decrefs), or the exit
 * code after printing what went wrong ("no member 'x'" for a 404).
 */
int	 community_member_get(struct cli_ctx *, const char *member,
	    const char *suffix, json_t **out, char **me);

/*
 * Shows a list page from discuss_get_pages: its JSON when json, else
 * print(ctx, page, flag) and "more: add --all" when the server has more
 * and all was not asked. Returns the exit code; page stays the caller's.
 */
int	 community_show_list(struct cli_ctx *, const json_t *page, int json,
	    int all, int (*print)(struct cli_ctx *, const json_t *, int),
	    int flag);

/* Prints the problem of a "cannot read" answer; returns 1. */
int	 community_unreadable(const struct cli_ctx *, const char *what,
	    const struct gerr *why);

#endif

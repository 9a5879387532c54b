/*
 * Points: the rules, the append-only ledger with its compensating
 * reversals, the aggregates the leaderboard reads (all-time totals and
 * per-member daily buckets), levels, and the event subscriber that turns
 * activity into points.
 */
#ifndef GUILD_SERVER_POINTS_H
#define GUILD_SERVER_POINTS_H

#include <stdint.h>
#include <time.h>

#include <sqlite3.h>

#include "guild/problem.h"
#include "events.h"

#define POINTS_VOTE_DAILY_CAP	200	/* upvote points per member per day */
#define POINTS_LEVELS		9
#define POINTS_RULE_MAX		64	/* longest rule name, bytes */

/*
 * The events.c subscriber: awards or reverses the points ev implies,
 * inside the emitting transaction. Returns 0, or -1 on a database error.
 */
int		 points_on_event(sqlite3 *, const struct srv_event *ev);

/*
 * Awards rule's points (from point_rules; nothing when the rule is
 * missing or worth 0) to user for subject, done by actor (0 when it does
 * not matter). The delta is clamped so the balance stays >= 0 and, for
 * upvote rules, so the member's upvote points that UTC day stay within
 * POINTS_VOTE_DAILY_CAP; the clamped delta is what is recorded. A second
 * award of the same (rule, subject, user, actor) before a reversal
 * records nothing. Returns 0 or -1.
 */
int		 points_award(sqlite3 *, int64_t user_id, const char *rule,
		    const char *subject_type, int64_t subject_id,
		    int64_t actor_id, time_t at);

/*
 * Reverses the latest unreversed award of (rule, subject, user, actor)
 * with a "reversal:RULE" entry of the opposite delta (clamped at a zero
 * balance). Nothing happens when there is no such award. After a
 * reversal the same award can be made again (the next generation).
 * Returns 0 or -1.
 */
int		 points_reverse(sqlite3 *, int64_t user_id, const char *rule,
		    const char *subject_type, int64_t subject_id,
		    int64_t actor_id, time_t at);

/*
 * An operator's adjustment: delta points (clamped at a zero balance) to
 * user with reason, by operator_id. *applied gets the recorded delta.
 * Returns 0 or -1.
 */
int		 points_adjust(sqlite3 *, int64_t user_id, int64_t delta,
		    const char *reason, int64_t operator_id, time_t at,
		    int64_t *applied);

/* The member's all-time balance into *out (0 when none). 0 or -1. */
int		 points_balance(sqlite3 *, int64_t user_id, int64_t *out);

/* Level thresholds, level 1 first (thresholds[0] is 0). 0 or -1. */
int		 points_levels(sqlite3 *, int64_t thresholds[POINTS_LEVELS]);

/*
 * The level for points given the thresholds (1-9), and in *next_at the
 * threshold of the next level (-1 at level 9).
 */
int		 points_level_of(const int64_t thresholds[POINTS_LEVELS],
		    int64_t points, int64_t *next_at);

enum points_period {
	POINTS_WEEK = 0,	/* the last 7 UTC days, today included */
	POINTS_MONTH,		/* the last 30 UTC days */
	POINTS_ALL
};

/* "week", "month", "all" into *out. 0, or -1 for anything else. */
int		 points_period_parse(const char *, enum points_period *out);

struct points_row {
	int64_t	 rank;		/* dense: ties share, the next is +1 */
	int64_t	 user_id;
	char	*username;	/* owned */
	int64_t	 points;
};

/*
 * One leaderboard page of period as of now: rows after the keyset
 * (after_points, after_id) when has_after, best first, at most limit.
 * *rows (free with points_rows_free) and *n; *has_more says whether more
 * follow. Reads only the aggregates. Returns G_OK or G_INTERNAL.
 */
enum gstatus	 points_board_page(sqlite3 *, enum points_period, time_t now,
		    int has_after, int64_t after_points, int64_t after_id,
		    int limit, struct points_row **rows, size_t *n,
		    int *has_more);

/*
 * The last page of period's board as of now: its last limit rows (all
 * of them when there are fewer), best first, with their dense ranks, as
 * the pages of points_board_page would end. *rows (free with
 * points_rows_free) and *n. Reads only the aggregates. Returns G_OK or
 * G_INTERNAL.
 */
enum gstatus	 points_board_last(sqlite3 *, enum points_period, time_t now,
		    int limit, struct points_row **rows, size_t *n);

/*
 * The member's own standing in period: *me (rank 0 when they have no
 * points in it) and the rows just above and below (*above / *below
 * user_id 0 when none). Free the usernames with points_row_release.
 * Returns G_OK or G_INTERNAL.
 */
enum gstatus	 points_board_me(sqlite3 *, enum points_period, time_t now,
		    int64_t user_id, struct points_row *me,
		    struct points_row *above, struct points_row *below);

void		 points_row_release(struct points_row *);
void		 points_rows_free(struct points_row *, size_t n);

#define POINTS_MOTM	"member of the month"

/*
 * Awards the POINTS_MOTM badge for month (UTC calendar month, 1-12) of
 * year to the top 3 members by points earned in it (ties by who joined
 * first), recorded with period "YYYY-MM". Idempotent: a member who has it
 * for that month is skipped. *awarded gets the number newly awarded.
 * Call inside a transaction. Returns 0 or -1.
 */
int		 points_award_monthly(sqlite3 *, int year, int month,
		    time_t now, int *awarded);

/*
 * Runs points_award_monthly for the month before now's once: a cheap
 * lookup when it has run, else the awards in a transaction of their own
 * (when the caller has none). Called by leaderboard requests, so the
 * first one of a month awards the last. Returns 0 or -1.
 */
int		 points_monthly_check(sqlite3 *, time_t now);

/*
 * Records badge (period "" for an operator's award) for user with
 * reason, by awarded_by (0 for the system). G_CREATED, G_CONFLICT when
 * the member already has it, or G_INTERNAL.
 */
enum gstatus	 points_badge_add(sqlite3 *, int64_t user_id,
		    const char *badge, const char *period, const char *reason,
		    int64_t awarded_by, time_t at);

/*
 * Gives a freshly seeded demo database its points history: replays the
 * posts, likes, votes, accepted answers, paid orders and completed
 * lessons already in it, oldest first, through the subscriber, as the
 * events that would have made them. Call inside the seeding transaction.
 * Returns 0 or -1.
 */
int		 points_demo_seed(sqlite3 *);

/*
 * Rebuilds points_totals and points_daily from the ledger in one pass
 * (a maintenance command and the bench's seeding). Returns 0 or -1.
 */
int		 points_rebuild(sqlite3 *);

#endif

/*
 * Referrals: every member's short code (given at registration, or on
 * first use to members who had none), the link between a new member and
 * who brought them, and the points the referral rules earned.
 */
#ifndef GUILD_SERVER_REFERRALS_H
#define GUILD_SERVER_REFERRALS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <sqlite3.h>

/* Code length; the alphabet leaves out 0, 1, I, L and O. */
#define REFERRAL_CODE_LEN	8

/*
 * user_id's referral code into out (at least REFERRAL_CODE_LEN + 1
 * bytes), giving them a fresh unique one when they have none. Returns 0,
 * or -1 (logged; out is then "").
 */
int	referral_code_ensure(sqlite3 *, int64_t user_id, char *out,
	    size_t outsz);

/*
 * The member whose code is code (letters in either case, surrounding
 * spaces ignored) into *user_id, 0 when there is none or code is not
 * shaped like one. Returns 0 or -1.
 */
int	referral_code_find(sqlite3 *, const char *code, int64_t *user_id);

/*
 * Inside the registration's transaction: records that user_id joined
 * with referrer's code and emits EV_USER_REGISTERED with the referrer as
 * target (points.c awards referral_joined). Returns 0 or -1.
 */
int	referral_join(sqlite3 *, int64_t user_id, int64_t referrer,
	    time_t at);

#endif

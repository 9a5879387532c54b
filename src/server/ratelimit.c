/*
 * Token-bucket rate limits held in memory: the posting limit per member
 * and the once-an-hour view counter use it. One mutex guards a small
 * open-addressing table; idle keys (whose bucket is full again) are
 * dropped whenever the table fills up, so memory stays bounded.
 */
#include <stdlib.h>
#include <string.h>

#include "guild/util.h"
#include "posts.h"

#define RATELIMIT_MIN_CAP	64
#define RATELIMIT_MAX_COUNT	100000
#define RATELIMIT_MAX_PERIOD	(7 * 24 * 3600)

struct ratelimit_slot {
	uint64_t	key;
	int64_t		last_ms;	/* when tokens was brought up to date */
	double		tokens;
	int		used;
};

void
ratelimit_init(struct ratelimit *rl, unsigned count, unsigned period,
    size_t max_keys)
{
	memset(rl, 0, sizeof *rl);
	pthread_mutex_init(&rl->lock, NULL);
	rl->count = count;
	rl->period = period > 0 ? period : 1;
	rl->max_keys = max_keys;
}

void
ratelimit_release(struct ratelimit *rl)
{
	free(rl->slots);
	rl->slots = NULL;
	rl->cap = rl->used = 0;
	pthread_mutex_destroy(&rl->lock);
}

void
ratelimit_set(struct ratelimit *rl, unsigned count, unsigned period)
{
	pthread_mutex_lock(&rl->lock);
	rl->count = count;
	rl->period = period > 0 ? period : 1;
	free(rl->slots);
	rl->slots = NULL;
	rl->cap = rl->used = 0;
	pthread_mutex_unlock(&rl->lock);
}

/* splitmix64's finaliser: spreads consecutive ids over the table. */
static size_t
slot_hash(uint64_t key, size_t cap)
{
	key ^= key >> 30;
	key *= 0xbf58476d1ce4e5b9ULL;
	key ^= key >> 27;
	key *= 0x94d049bb133111ebULL;
	key ^= key >> 31;
	return (size_t)(key & (cap - 1));
}

/* The slot holding key, or the empty slot where it would go. */
static struct ratelimit_slot *
slot_find(struct ratelimit_slot *slots, size_t cap, uint64_t key)
{
	size_t	i = slot_hash(key, cap);

	while (slots[i].used && slots[i].key != key)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

/* Tokens in slot s at now_ms, refilled since its last update. */
static double
slot_tokens(const struct ratelimit *rl, const struct ratelimit_slot *s,
    int64_t now_ms)
{
	double	t = s->tokens;

	if (now_ms > s->last_ms)
		t += (double)(now_ms - s->last_ms) * rl->count /
		    ((double)rl->period * 1000.0);
	return t > rl->count ? rl->count : t;
}

/*
 * Moves the live slots into a table of newcap slots, dropping keys whose
 * bucket has refilled completely: forgetting them changes nothing. 0, or
 * -1 when memory runs out (the old table stays).
 */
static int
slots_rebuild(struct ratelimit *rl, size_t newcap, int64_t now_ms)
{
	struct ratelimit_slot	*ns, *d;
	size_t			 i, used = 0;

	ns = calloc(newcap, sizeof *ns);
	if (ns == NULL)
		return -1;
	for (i = 0; i < rl->cap; i++) {
		const struct ratelimit_slot *s = &rl->slots[i];

		if (!s->used || slot_tokens(rl, s, now_ms) >= rl->count)
			continue;
		d = slot_find(ns, newcap, s->key);
		*d = *s;
		used++;
	}
	free(rl->slots);
	rl->slots = ns;
	rl->cap = newcap;
	rl->used = used;
	return 0;
}

/*
 * The slot for key, inserted with a full bucket when new; NULL when the
 * table cannot take another key.
 */
static struct ratelimit_slot *
slot_get(struct ratelimit *rl, uint64_t key, int64_t now_ms)
{
	struct ratelimit_slot	*s;
	size_t			 limit = rl->max_keys > 0 ? rl->max_keys :
				     RATELIMIT_MIN_CAP / 2;

	if (rl->slots != NULL) {
		s = slot_find(rl->slots, rl->cap, key);
		if (s->used)
			return s;
	}
	/*
	 * Keep the table at most half full and within max_keys: purge
	 * idle keys first, then grow.
	 */
	if (rl->slots == NULL || (rl->used + 1) * 2 > rl->cap ||
	    rl->used >= limit) {
		size_t cap = rl->cap > 0 ? rl->cap : RATELIMIT_MIN_CAP;

		if (slots_rebuild(rl, cap, now_ms) != 0)
			return NULL;
		while ((rl->used + 1) * 2 > cap && cap / 2 < limit)
			cap *= 2;
		if (cap != rl->cap && slots_rebuild(rl, cap, now_ms) != 0)
			return NULL;
		if ((rl->used + 1) * 2 > rl->cap || rl->used >= limit)
			return NULL;
	}
	s = slot_find(rl->slots, rl->cap, key);
	s->used = 1;
	s->key = key;
	s->last_ms = now_ms;
	s->tokens = rl->count;
	rl->used++;
	return s;
}

unsigned
ratelimit_take(struct ratelimit *rl, uint64_t key, int64_t now_ms)
{
	struct ratelimit_slot	*s;
	double			 wait_ms;
	unsigned		 secs = 0;

	pthread_mutex_lock(&rl->lock);
	if (rl->count == 0) {
		pthread_mutex_unlock(&rl->lock);
		return 0;
	}
	s = slot_get(rl, key, now_ms);
	if (s != NULL) {
		s->tokens = slot_tokens(rl, s, now_ms);
		if (now_ms > s->last_ms)
			s->last_ms = now_ms;
		if (s->tokens >= 1.0) {
			s->tokens -= 1.0;
		} else {
			wait_ms = (1.0 - s->tokens) * rl->period * 1000.0 /
			    rl->count;
			secs = (unsigned)((wait_ms + 999.0) / 1000.0);
			if (secs < 1)
				secs = 1;
		}
	}
	pthread_mutex_unlock(&rl->lock);
	return secs;
}

int
ratelimit_parse(const char *spec, unsigned *count, unsigned *period)
{
	static const struct {
		const char	*name;
		unsigned	 seconds;
	} units[] = {
		{ "s", 1 }, { "sec", 1 }, { "m", 60 }, { "min", 60 },
		{ "h", 3600 }, { "hour", 3600 },
	};
	const char	*slash, *unit;
	char		 num[16];
	int64_t		 n, mult = 1;
	size_t		 len, i;

	if (spec == NULL)
		return -1;
	if (strcmp(spec, "off") == 0) {
		*count = 0;
		*period = 60;
		return 0;
	}
	slash = strchr(spec, '/');
	len = slash != NULL ? (size_t)(slash - spec) : strlen(spec);
	if (len == 0 || len >= sizeof num)
		return -1;
	memcpy(num, spec, len);
	num[len] = '\0';
	if (parse_int64(num, 0, RATELIMIT_MAX_COUNT, &n) != 0)
		return -1;
	*count = (unsigned)n;
	*period = 60;
	if (slash == NULL)
		return 0;
	/* An optional multiplier, then the unit: "30s", "min". */
	unit = slash + 1;
	len = strspn(unit, "0123456789");
	if (len > 0) {
		if (len >= sizeof num)
			return -1;
		memcpy(num, unit, len);
		num[len] = '\0';
		if (parse_int64(num, 1, RATELIMIT_MAX_PERIOD, &mult) != 0)
			return -1;
		unit += len;
	}
	for (i = 0; i < G_NELEM(units); i++) {
		if (strcmp(unit, units[i].name) == 0)
			break;
	}
	if (i == G_NELEM(units) || mult * units[i].seconds >
	    RATELIMIT_MAX_PERIOD)
		return -1;
	*period = (unsigned)(mult * units[i].seconds);
	return 0;
}

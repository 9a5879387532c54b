/*
 * The member's standing in the status bar ("27 pts L3"): their points
 * summary (GET /api/v1/users/{me}/points) fetched once GET /me has named
 * them, again soon after ui->points_gen changes and every five minutes;
 * a level above the highest seen so far is announced once. Nothing for
 * anonymous users.
 */
#include <stdlib.h>
#include <string.h>

#include "guild/util.h"

#include "ui.h"

/* How often the summary is fetched anyway, and points_gen looked at. */
#define STANDING_EVERY_MS	(5 * 60 * 1000)
#define STANDING_CHECK_MS	3000
/* While GET /me has not named the member yet. */
#define STANDING_WAIT_MS	500

struct standing {
	struct ui_fetch	 fetch;
	unsigned	 gen;		/* points_gen of the last fetch */
	long long	 last;		/* when it started, 0 never */
	int64_t		 level;		/* the highest level seen, 0 none */
};

/* The answer to GET /users/{me}/points. */
static void
standing_done(void *arg, json_t *body, const struct gerr *err,
    unsigned flags)
{
	struct ui *ui = arg;
	struct standing *st = ui->standing;
	struct points_summary s;
	struct gerr perr;

	(void)err;
	(void)flags;
	if (body == NULL || st == NULL)
		return;
	memset(&s, 0, sizeof(s));
	gerr_clear(&perr);
	if (points_summary_from_json(body, &s, &perr) == 0) {
		ui->have_points = 1;
		ui->my_points = s.points;
		ui->my_level = s.level;
		if (st->level != 0 && s.level > st->level)
			ui_message(ui, UI_MSG_INFO, "Level %lld reached!",
			    (long long)s.level);
		if (s.level > st->level)
			st->level = s.level;
		ui->dirty = 1;
	}
	points_summary_release(&s);
}

void
standing_start(struct ui *ui)
{
	struct standing *st;

	if (ui->client->token == NULL || ui->standing != NULL)
		return;
	st = xcalloc(1, sizeof(*st));
	ui_fetch_init(&st->fetch, ui, NULL, standing_done, ui);
	st->gen = ui->points_gen;
	ui->standing = st;
}

long long
standing_tick(struct ui *ui, long long now)
{
	struct standing *st = ui->standing;
	const char *me;
	char *name, *path;

	if (st == NULL)
		return 0;
	me = ui_me(ui);
	if (me == NULL)
		return ui_fetch_busy(&ui->me) ?
		    now + STANDING_WAIT_MS : now + STANDING_CHECK_MS;
	if (ui_fetch_busy(&st->fetch))
		return now + STANDING_CHECK_MS;
	if (st->last != 0 && st->gen == ui->points_gen &&
	    now - st->last < STANDING_EVERY_MS)
		return now + STANDING_CHECK_MS;
	st->gen = ui->points_gen;
	st->last = now;
	name = ui_url_escape(me);
	path = xasprintf("/api/v1/users/%s/points", name);
	ui_fetch_get(&st->fetch, path, "Updating your points");
	free(path);
	free(name);
	return now + STANDING_CHECK_MS;
}

void
standing_free(struct ui *ui)
{
	if (ui->standing == NULL)
		return;
	ui_fetch_cancel(&ui->standing->fetch);
	FREE(&ui->standing);
}

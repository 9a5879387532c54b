/*
 * A member's profile, opened from the leaderboard: points, level and a
 * progress bar toward the next level, badges with their period and
 * reason and, for the viewer's own profile, the recent points history
 * (GET /api/v1/me/points/ledger). Scrolls like a text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

#define MEMBER_HISTORY	30
#define MEMBER_LEVELS	9
#define MEMBER_LABEL	14

struct member_view {
	struct view	 view;
	char		*username;	/* sanitized */
	int		 mine;		/* the viewer's own profile */
	struct ui_fetch	 fetch;		/* GET /users/{username} */
	struct ui_fetch	 levels_fetch;	/* GET /levels */
	struct ui_fetch	 ledger_fetch;	/* GET /me/points/ledger */
	struct profile	 profile;
	int		 loaded;
	char		*error;		/* sanitized, or NULL */
	int64_t		 thresholds[MEMBER_LEVELS];
	int		 have_levels;
	struct ledger_page ledger;
	int		 have_ledger;
	int		 reloading;
	struct ui_lines	 lines;
	int		 lines_width;	/* -1: build again */
	size_t		 top;
	int		 height;
};

/* Starts the requests the profile needs. */
static void
member_load(struct member_view *mv)
{
	char *name = ui_url_escape(mv->username);
	char *path = xasprintf("/api/v1/users/%s", name);

	ui_fetch_get(&mv->fetch, path, "Loading the profile");
	free(path);
	free(name);
	if (!mv->have_levels)
		ui_fetch_get(&mv->levels_fetch, "/api/v1/levels",
		    "Loading the levels");
	if (mv->mine) {
		path = xasprintf("/api/v1/me/points/ledger?limit=%d",
		    MEMBER_HISTORY);
		ui_fetch_get(&mv->ledger_fetch, path,
		    "Loading your points history");
		free(path);
	}
}

static void
member_done(void *arg, json_t *body, const struct gerr *err, unsigned flags)
{
	struct member_view *mv = arg;
	struct ui *ui = mv->view.ui;
	struct profile p;
	struct gerr perr;

	mv->lines_width = -1;
	if (body == NULL) {
		if (!mv->loaded) {
			FREE(&mv->error);
			mv->error = ui_clean(ui, err->msg);
		}
		ui_error(ui, "cannot load the profile", err);
		mv->reloading = 0;
		return;
	}
	if ((flags & API_NOT_MODIFIED) && mv->loaded)
		return;
	memset(&p, 0, sizeof(p));
	gerr_clear(&perr);
	if (profile_from_json(body, &p, &perr) < 0) {
		profile_release(&p);
		FREE(&mv->error);
		mv->error = ui_clean(ui, perr.msg);
		ui_error(ui, "cannot read the profile", &perr);
		return;
	}
	profile_release(&mv->profile);
	mv->profile = p;
	mv->loaded = 1;
	FREE(&mv->error);
	if (mv->reloading)
		ui_message(ui, UI_MSG_INFO, "Reloaded");
	mv->reloading = 0;
}

/* GET /levels: {"items": [{"level", "threshold"}]}. */
static void
member_levels_done(void *arg, json_t *body, const struct gerr *err,
    unsigned flags)
{
	struct member_view *mv = arg;
	json_t *items = json_object_get(body, "items");
	size_t i;

	(void)err;
	(void)flags;
	if (!json_is_array(items) || json_array_size(items) != MEMBER_LEVELS)
		return;
	for (i = 0; i < MEMBER_LEVELS; i++) {
		json_t *t = json_object_get(json_array_get(items, i),
		    "threshold");

		if (!json_is_integer(t))
			return;
		mv->thresholds[i] = json_integer_value(t);
	}
	mv->have_levels = 1;
	mv->lines_width = -1;
}

static void
member_ledger_done(void *arg, json_t *body, const struct gerr *err,
    unsigned flags)
{
	struct member_view *mv = arg;
	struct ledger_page page;
	struct gerr perr;

	(void)flags;
	if (body == NULL) {
		ui_error(mv->view.ui, "cannot load your points history", err);
		return;
	}
	memset(&page, 0, sizeof(page));
	gerr_clear(&perr);
	if (ledger_page_from_json(body, &page, &perr) < 0) {
		ledger_page_release(&page);
		ui_error(mv->view.ui, "cannot read your points history",
		    &perr);
		return;
	}
	ledger_page_release(&mv->ledger);
	mv->ledger = page;
	mv->have_ledger = 1;
	mv->lines_width = -1;
}

/* Adds "  Label         " in the dim style and returns the line. */
static struct ui_line *
member_label(struct ui_lines *ls, int margin, const char *label)
{
	struct ui_line *l = ui_lines_add(ls);
	char pad[64];

	snprintf(pad, sizeof(pad), "%*s%-*s", margin, "", MEMBER_LABEL,
	    label);
	ui_line_add(l, THEME_DIM, pad);
	return l;
}

/* The level line and its progress bar toward the next level. */
static void
member_level_lines(struct member_view *mv, int margin, int tw)
{
	struct ui *ui = mv->view.ui;
	const struct points_summary *s = &mv->profile.points;
	struct ui_line *l;
	int64_t base = 0;
	char text[160];
	int bar;

	l = member_label(&mv->lines, margin, "Level");
	snprintf(text, sizeof(text), "%lld", (long long)s->level);
	ui_line_add(l, THEME_LEVEL, text);
	l = member_label(&mv->lines, margin, "Next level");
	if (s->next_level_at < 0) {
		ui_line_add(l, THEME_OWNED, "the top level");
		return;
	}
	if (mv->have_levels && s->level >= 1 && s->level <= MEMBER_LEVELS)
		base = mv->thresholds[s->level - 1];
	snprintf(text, sizeof(text), " %lld to level %lld",
	    (long long)s->points_to_next, (long long)s->level + 1);
	bar = tw - MEMBER_LABEL - text_width(text);
	if (bar > 30)
		bar = 30;
	if (bar >= 5)
		ui_line_progress(ui, l, (int)(s->points - base),
		    (int)(s->next_level_at - base), bar);
	ui_line_add(l, THEME_NORMAL, text);
}

/* The badges, newest first, with period and reason. */
static void
member_badge_lines(struct member_view *mv, int margin, int tw)
{
	struct ui *ui = mv->view.ui;
	size_t i;

	ui_lines_wrap(&mv->lines, "Badges", tw, margin, THEME_HEADING);
	if (mv->profile.nbadges == 0)
		ui_lines_wrap(&mv->lines, "None yet.", tw, margin + 2,
		    THEME_DIM);
	for (i = 0; i < mv->profile.nbadges; i++) {
		const struct badge *b = &mv->profile.badges[i];
		char *name = ui_clean(ui, b->badge);
		char *period = ui_clean(ui, b->period);
		char *reason = ui_clean(ui, b->reason);
		char *text = xasprintf("%s%s%s%s%s%s", name,
		    period[0] != '\0' ? " (" : "", period,
		    period[0] != '\0' ? ")" : "",
		    reason[0] != '\0' ? ui->g->dash : "", reason);

		ui_lines_wrap(&mv->lines, text, tw - 2, margin + 2,
		    THEME_OWNED);
		free(text);
		free(name);
		free(period);
		free(reason);
	}
}

/* My recent points: "+10  answer_upvote  answer 7  2h". */
static void
member_history_lines(struct member_view *mv, int margin, int tw)
{
	struct ui *ui = mv->view.ui;
	size_t i;

	ui_lines_add(&mv->lines);
	ui_lines_wrap(&mv->lines, "Recent points", tw, margin, THEME_HEADING);
	if (!mv->have_ledger) {
		ui_lines_wrap(&mv->lines, "Loading...", tw, margin + 2,
		    THEME_DIM);
		return;
	}
	if (mv->ledger.n == 0)
		ui_lines_wrap(&mv->lines, "No points yet.", tw, margin + 2,
		    THEME_DIM);
	for (i = 0; i < mv->ledger.n; i++) {
		const struct ledger_entry *e = &mv->ledger.items[i];
		struct ui_line *l = ui_lines_add(&mv->lines);
		char *rule = ui_clean(ui, e->rule);
		char *what = ui_clean(ui, e->reason != NULL ? e->reason :
		    e->subject_type);
		char num[48], age[32], *ago;

		snprintf(num, sizeof(num), "%*s%+6lld  ", margin + 2, "",
		    (long long)e->delta);
		ui_line_add(l, e->delta < 0 ? THEME_ERROR : THEME_POINTS,
		    num);
		ui_line_add(l, THEME_NORMAL, rule);
		if (what[0] != '\0') {
			ui_line_add(l, THEME_DIM, ui->g->sep);
			ui_line_add(l, THEME_DIM, what);
			if (e->reason == NULL && e->subject_id > 0) {
				snprintf(num, sizeof(num), " %lld",
				    (long long)e->subject_id);
				ui_line_add(l, THEME_DIM, num);
			}
		}
		ago = ui_clean(ui, ui_ago(e->created_at, age, sizeof(age)));
		if (ago[0] != '\0') {
			ui_line_add(l, THEME_DIM, ui->g->sep);
			ui_line_add(l, THEME_DIM, ago);
		}
		free(ago);
		free(rule);
		free(what);
	}
}

/* Rebuilds the lines for width w. */
static void
member_build(struct member_view *mv, int w)
{
	struct ui_lines *ls = &mv->lines;
	int margin = w >= 40 ? 2 : 1, tw = w - 2 * margin;
	struct ui_line *l;
	char text[700], *dn;

	ui_lines_release(ls);
	mv->lines_width = w;
	if (tw < 1)
		return;
	ui_lines_add(ls);
	if (!mv->loaded) {
		if (mv->error != NULL)
			snprintf(text, sizeof(text), "Could not load %s: %s "
			    "(press r to retry)", mv->username, mv->error);
		else
			snprintf(text, sizeof(text), "%s",
			    mv->fetch.canceled ? "Canceled; press r to load "
			    "the profile." : "Loading...");
		ui_lines_wrap(ls, text, tw, margin, mv->error != NULL ?
		    THEME_ERROR : THEME_DIM);
		return;
	}
	dn = ui_clean(mv->view.ui, mv->profile.display_name);
	if (dn[0] != '\0' && strcmp(dn, mv->username) != 0)
		snprintf(text, sizeof(text), "%s (%s)", dn, mv->username);
	else
		snprintf(text, sizeof(text), "%s", mv->username);
	free(dn);
	ui_lines_wrap(ls, text, tw, margin, THEME_TITLE);
	ui_lines_add(ls);
	l = member_label(ls, margin, "Points");
	snprintf(text, sizeof(text), "%lld",
	    (long long)mv->profile.points.points);
	ui_line_add(l, THEME_POINTS, text);
	member_level_lines(mv, margin, tw);
	ui_lines_add(ls);
	member_badge_lines(mv, margin, tw);
	if (mv->mine)
		member_history_lines(mv, margin, tw);
}

static void
member_draw(struct view *v, int y, int x, int h, int w)
{
	struct member_view *mv = (struct member_view *)v;
	size_t max;

	if (h <= 0 || w <= 0)
		return;
	if (mv->lines_width != w || !mv->loaded)
		member_build(mv, w);
	mv->height = h;
	max = mv->lines.n > (size_t)h ? mv->lines.n - (size_t)h : 0;
	if (mv->top > max)
		mv->top = max;
	ui_lines_draw(v->ui, &mv->lines, mv->top, y, x, h, w, NULL);
}

static int
member_key(struct view *v, enum action a, int key)
{
	struct member_view *mv = (struct member_view *)v;
	size_t page = mv->height > 2 ? (size_t)mv->height - 1 : 1;

	(void)key;
	switch (a) {
	case ACT_DOWN:
		mv->top++;
		return 1;
	case ACT_UP:
		if (mv->top > 0)
			mv->top--;
		return 1;
	case ACT_PAGE_DOWN:
		mv->top += page;
		return 1;
	case ACT_PAGE_UP:
		mv->top = mv->top > page ? mv->top - page : 0;
		return 1;
	case ACT_TOP:
		mv->top = 0;
		return 1;
	case ACT_BOTTOM:
		mv->top = mv->lines.n;
		return 1;
	case ACT_RELOAD:
		mv->reloading = 1;
		member_load(mv);
		return 1;
	default:
		return 0;
	}
}

static void
member_free(struct view *v)
{
	struct member_view *mv = (struct member_view *)v;

	profile_release(&mv->profile);
	ledger_page_release(&mv->ledger);
	ui_lines_release(&mv->lines);
	free(mv->error);
	free(mv->username);
	free(mv);
}

/* The profile's own keys, for the help overlay. */
static const struct view_key_help member_keys_help[] = {
	{ ACT_RELOAD, "r", "Reload the profile, level and points" },
	{ ACT_TOP, "g", "The top of the profile" },
	{ ACT_BOTTOM, "End G", "The end of the profile (recent points)" },
	{ ACT_BACK, "h", "Back to the leaderboard" },
	{ ACT_NONE, NULL, NULL }
};

struct view *
member_view_new(struct ui *ui, const char *username)
{
	struct member_view *mv = xcalloc(1, sizeof(*mv));
	const char *me = ui_me(ui);

	mv->view.name = "member";
	mv->view.ui = ui;
	mv->view.pane = (int)ui->cur;
	mv->view.draw = member_draw;
	mv->view.key = member_key;
	mv->view.free = member_free;
	mv->view.keys_help = member_keys_help;
	mv->username = ui_clean(ui, username);
	mv->mine = me != NULL && strcmp(me, mv->username) == 0;
	mv->lines_width = -1;
	view_set_title(&mv->view, mv->username);
	ui_fetch_init(&mv->fetch, ui, &mv->view, member_done, mv);
	ui_fetch_init(&mv->levels_fetch, ui, &mv->view, member_levels_done,
	    mv);
	ui_fetch_init(&mv->ledger_fetch, ui, &mv->view, member_ledger_done,
	    mv);
	member_load(mv);
	return &mv->view;
}

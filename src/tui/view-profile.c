/*
 * The profile pane: who you are on this server (GET /api/v1/me): user
 * name, display name, role, level and the date you joined. Anonymous
 * users are told how to log in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

#define PROFILE_PATH	"/api/v1/me"

struct profile_view {
	struct view	 view;
	struct ui_fetch	 fetch;
	int		 loaded;
	int		 anonymous;	/* no token, or the server refused it */
	int		 reloading;
	char		*error;		/* sanitized, or NULL */
	/* Sanitized fields of the user. */
	char		*username;
	char		*display_name;
	char		*role;
	char		*level;
	char		*since;
	char		*bio;
	struct ui_lines	 lines;
	int		 lines_width;
	size_t		 top;
	int		 height;
};

static void
profile_clear(struct profile_view *pv)
{
	FREE(&pv->username);
	FREE(&pv->display_name);
	FREE(&pv->role);
	FREE(&pv->level);
	FREE(&pv->since);
	FREE(&pv->bio);
}

/* Reads a GET /me body into the view. 0, or -1 with err. */
static int
profile_read(struct profile_view *pv, json_t *body, struct gerr *err)
{
	struct ui *ui = pv->view.ui;
	struct user u;
	char day[16];

	memset(&u, 0, sizeof(u));
	if (user_from_json(body, &u, err) < 0) {
		user_release(&u);
		return -1;
	}
	profile_clear(pv);
	pv->username = ui_clean(ui, u.username);
	pv->display_name = ui_clean(ui, u.display_name);
	pv->role = ui_clean(ui, role_name(u.role));
	pv->level = ui_clean(ui, level_name(u.level));
	/* The day of an RFC 3339 time: "2026-11-26". */
	snprintf(day, sizeof(day), "%.10s", u.created_at != NULL ?
	    u.created_at : "");
	pv->since = ui_clean(ui, day);
	pv->bio = ui_clean_text(ui, u.bio);
	user_release(&u);
	pv->loaded = 1;
	pv->anonymous = 0;
	FREE(&pv->error);
	pv->lines_width = -1;
	return 0;
}

static void
profile_done(void *arg, json_t *body, const struct gerr *err, unsigned flags)
{
	struct profile_view *pv = arg;
	struct ui *ui = pv->view.ui;
	struct gerr perr;
	int reloading = pv->reloading;

	pv->reloading = 0;
	pv->lines_width = -1;
	if (body == NULL) {
		FREE(&pv->error);
		if (err->kind == GERR_AUTH) {
			pv->anonymous = 1;
			pv->loaded = 0;
		} else {
			pv->error = ui_clean(ui, err->msg);
		}
		if (reloading || err->kind != GERR_AUTH)
			ui_error(ui, "cannot load the profile", err);
		return;
	}
	gerr_clear(&perr);
	if (!((flags & API_NOT_MODIFIED) && pv->loaded) &&
	    profile_read(pv, body, &perr) < 0) {
		FREE(&pv->error);
		pv->error = ui_clean(ui, perr.msg);
		ui_error(ui, "cannot read the profile", &perr);
		return;
	}
	if (reloading)
		ui_message(ui, UI_MSG_INFO, "Reloaded");
}

/* Adds "Label       value" in the value's element. */
static void
profile_fact(struct ui_lines *ls, int margin, const char *label,
    const char *value, enum theme_elem e)
{
	struct ui_line *l;
	char pad[64];

	if (value == NULL || value[0] == '\0')
		return;
	l = ui_lines_add(ls);
	snprintf(pad, sizeof(pad), "%*s%-14s", margin, "", label);
	ui_line_add(l, THEME_DIM, pad);
	ui_line_add(l, e, value);
}

/* Rebuilds the lines for width w. */
static void
profile_build(struct profile_view *pv, int w)
{
	struct ui *ui = pv->view.ui;
	struct ui_lines *ls = &pv->lines;
	int margin = w >= 40 ? 2 : 1, tw = w - 2 * margin;
	char text[700];

	ui_lines_release(ls);
	pv->lines_width = w;
	if (tw < 1)
		return;
	ui_lines_add(ls);
	if (ui->client->token == NULL || pv->anonymous) {
		snprintf(text, sizeof(text), "Not logged in%srun guild login "
		    "in a shell, then start guild again.", ui->g->dash);
		ui_lines_wrap(ls, text, tw, margin, THEME_DIM);
		return;
	}
	if (!pv->loaded) {
		if (pv->error != NULL)
			snprintf(text, sizeof(text), "Could not load the "
			    "profile: %s (press r to retry)", pv->error);
		else
			snprintf(text, sizeof(text), "%s",
			    pv->fetch.canceled ? "Canceled; press r to load "
			    "the profile." : "Loading...");
		ui_lines_wrap(ls, text, tw, margin, pv->error != NULL ?
		    THEME_ERROR : THEME_DIM);
		return;
	}
	ui_lines_wrap(ls, pv->display_name[0] != '\0' ? pv->display_name :
	    pv->username, tw, margin, THEME_TITLE);
	ui_lines_add(ls);
	profile_fact(ls, margin, "User name", pv->username, THEME_AUTHOR);
	profile_fact(ls, margin, "Display name", pv->display_name,
	    THEME_NORMAL);
	profile_fact(ls, margin, "Role", pv->role, THEME_NORMAL);
	profile_fact(ls, margin, "Level", pv->level, THEME_LEVEL);
	profile_fact(ls, margin, "Member since", pv->since, THEME_NORMAL);
	if (pv->bio[0] != '\0') {
		ui_lines_add(ls);
		ui_lines_wrap(ls, pv->bio, tw, margin, THEME_NORMAL);
	}
}

static void
profile_draw(struct view *v, int y, int x, int h, int w)
{
	struct profile_view *pv = (struct profile_view *)v;
	size_t max;

	if (h <= 0 || w <= 0)
		return;
	if (pv->lines_width != w || !pv->loaded)
		profile_build(pv, w);
	pv->height = h;
	max = pv->lines.n > (size_t)h ? pv->lines.n - (size_t)h : 0;
	if (pv->top > max)
		pv->top = max;
	ui_lines_draw(v->ui, &pv->lines, pv->top, y, x, h, w, NULL);
}

static int
profile_key(struct view *v, enum action a, int key)
{
	struct profile_view *pv = (struct profile_view *)v;

	(void)key;
	switch (a) {
	case ACT_DOWN:
		if (pv->top + (size_t)pv->height < pv->lines.n)
			pv->top++;
		return 1;
	case ACT_UP:
		if (pv->top > 0)
			pv->top--;
		return 1;
	case ACT_TOP:
		pv->top = 0;
		return 1;
	case ACT_RELOAD:
		if (v->ui->client->token == NULL) {
			ui_message(v->ui, UI_MSG_INFO, "Not logged in: run "
			    "guild login");
			return 1;
		}
		pv->reloading = 1;
		ui_fetch_get(&pv->fetch, PROFILE_PATH, "Loading the profile");
		return 1;
	default:
		return 0;
	}
}

static void
profile_free(struct view *v)
{
	struct profile_view *pv = (struct profile_view *)v;

	profile_clear(pv);
	free(pv->error);
	ui_lines_release(&pv->lines);
	free(pv);
}

struct view *
profile_view_new(struct ui *ui)
{
	struct profile_view *pv = xcalloc(1, sizeof(*pv));
	struct gerr err;
	json_t *cached;

	pv->view.name = "profile";
	pv->view.ui = ui;
	pv->view.pane = (int)ui->cur;
	pv->view.draw = profile_draw;
	pv->view.key = profile_key;
	pv->view.free = profile_free;
	pv->lines_width = -1;
	view_set_title(&pv->view, "Profile");
	ui_fetch_init(&pv->fetch, ui, &pv->view, profile_done, pv);
	if (ui->client->token == NULL)
		return &pv->view;
	cached = api_cached(ui->client, PROFILE_PATH);
	if (cached != NULL) {
		gerr_clear(&err);
		profile_read(pv, cached, &err);
		json_decref(cached);
	}
	ui_fetch_get(&pv->fetch, PROFILE_PATH, "Loading the profile");
	return &pv->view;
}

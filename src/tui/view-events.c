/*
 * The Events pane: the community's events (GET /api/v1/events) with
 * their start in the member's time zone, type, title, seats left or the
 * waitlist, and the member's own RSVP; Enter opens one. The detail view
 * shows the whole event (times, venue or online link, capacity, the
 * member's status and waitlist position, the Markdown description);
 * Enter there RSVPs or cancels (asking first before a confirmed seat is
 * given up), c writes the event's iCalendar file to the downloads
 * folder, L lists its links.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "guild/text.h"
#include "guild/timeutil.h"
#include "guild/util.h"

#include "ui.h"

#define EVENTS_PAGE	30

/* ---- Shared by the list and the detail ------------------------------ */

/*
 * An RFC 3339 time in the member's time zone through strftime format
 * fmt, into out; "" when it cannot be read.
 */
static char *
event_local(const char *rfc3339, const char *fmt, char *out, size_t outsz)
{
	struct tm tm;
	time_t t;

	out[0] = '\0';
	if (rfc3339 == NULL || time_parse_rfc3339(rfc3339, &t) < 0 ||
	    localtime_r(&t, &tm) == NULL)
		return out;
	if (strftime(out, outsz, fmt, &tm) == 0)
		out[0] = '\0';
	return out;
}

/* "3 left", "full · waitlist 4", "open" (no limit), "12 going". */
static char *
event_seats(const struct ui *ui, const struct event *e, char *out,
    size_t outsz)
{
	if (e->capacity <= 0)
		snprintf(out, outsz, "open");
	else if (e->seats_left > 0)
		snprintf(out, outsz, "%lld left", (long long)e->seats_left);
	else if (e->waitlisted > 0)
		snprintf(out, outsz, "full%swaitlist %lld", ui->g->sep,
		    (long long)e->waitlisted);
	else
		snprintf(out, outsz, "full");
	return out;
}

/* The member's mark: "✓ confirmed", "waitlist #2", or "". */
static char *
event_mine(const struct ui *ui, const char *status, int64_t position,
    char *out, size_t outsz)
{
	out[0] = '\0';
	if (status == NULL)
		return out;
	if (strcmp(status, "confirmed") == 0)
		snprintf(out, outsz, "%s confirmed", ui->ascii ? "*" :
		    "\xe2\x9c\x93");
	else if (strcmp(status, "waitlisted") == 0)
		snprintf(out, outsz, "waitlist #%lld", (long long)position);
	return out;
}

/*
 * Saving an event's .ics: the request in flight (the body is text, so
 * it goes through api_get_text_async, not a ui_fetch), for one view.
 */
struct ics_save {
	struct ui	*ui;
	struct api_req	*req;
	int64_t		 id;
};

/*
 * The folder the file goes to: $XDG_DOWNLOAD_DIR when it is a folder,
 * else ~/Downloads when it exists, else $HOME, else ".". Caller frees.
 */
static char *
ics_dir(void)
{
	const char *xdg = getenv("XDG_DOWNLOAD_DIR");
	const char *home = getenv("HOME");
	struct stat st;
	char *dl;

	if (xdg != NULL && xdg[0] == '/' && stat(xdg, &st) == 0 &&
	    S_ISDIR(st.st_mode))
		return xstrdup(xdg);
	if (home == NULL || home[0] == '\0')
		return xstrdup(".");
	dl = xasprintf("%s/Downloads", home);
	if (stat(dl, &st) == 0 && S_ISDIR(st.st_mode))
		return dl;
	free(dl);
	return xstrdup(home);
}

/*
 * Writes data as path (0644) through a temporary file beside it and a
 * rename, so a reader never sees half a file. 0, or -1 with errno.
 */
static int
ics_write(const char *dir, const char *path, const char *data, size_t len)
{
	char *tmp = xasprintf("%s/.guild-ics.XXXXXX", dir);
	int fd, rc = 0, saved;
	FILE *f;

	fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return -1;
	}
	f = fdopen(fd, "w");
	if (f == NULL) {
		saved = errno;
		close(fd);
		unlink(tmp);
		free(tmp);
		errno = saved;
		return -1;
	}
	if (fchmod(fd, 0644) != 0 || fwrite(data, 1, len, f) != len ||
	    fflush(f) != 0 || fsync(fd) != 0)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	saved = errno;
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	errno = saved;
	return rc;
}

/* The answer to GET /events/{id}.ics: write it and say where. */
static void
ics_done(void *arg, json_t *body, const struct gerr *err, unsigned flags)
{
	struct ics_save *s = arg;
	struct ui *ui = s->ui;
	const char *text;
	char *dir, *path;
	size_t len;

	(void)flags;
	s->req = NULL;
	ui->dirty = 1;
	if (body == NULL) {
		ui_error(ui, "cannot get the calendar file", err);
		return;
	}
	text = json_string_value(body);
	len = json_string_length(body);
	if (text == NULL || len < 15 || strncmp(text, "BEGIN:VCALENDAR",
	    15) != 0) {
		ui_message(ui, UI_MSG_ERROR, "cannot get the calendar file: "
		    "the server did not send iCalendar");
		return;
	}
	dir = ics_dir();
	path = xasprintf("%s/guild-event-%lld.ics", dir, (long long)s->id);
	if (ics_write(dir, path, text, len) < 0)
		ui_message(ui, UI_MSG_ERROR, "cannot write %s: %s", path,
		    strerror(errno));
	else
		ui_message(ui, UI_MSG_INFO, "Saved %s", path);
	free(path);
	free(dir);
}

/* Starts saving event id's calendar file (one at a time per view). */
static void
ics_start(struct ics_save *s, struct ui *ui, int64_t id)
{
	char path[64];

	if (s->req != NULL) {
		ui_message(ui, UI_MSG_INFO, "Still saving the calendar file");
		return;
	}
	s->ui = ui;
	s->id = id;
	snprintf(path, sizeof(path), "/api/v1/events/%lld.ics",
	    (long long)id);
	s->req = api_get_text_async(ui->client, path, ics_done, s);
	ui_message(ui, UI_MSG_INFO, "Saving the calendar file...");
}

static void
ics_cancel(struct ics_save *s)
{
	if (s->req == NULL)
		return;
	api_cancel(s->ui->client, s->req);
	s->req = NULL;
}

/* ---- The list ------------------------------------------------------ */

/* An event as listed: strings sanitized when the page arrived. */
struct event_row {
	int64_t	 id;
	char	*title;
	char	*type;
	char	*when;
	char	*seats;
	char	*mine;
	int	 confirmed;	/* my status is confirmed */
};

enum {
	EV_COL_WHEN = 0,
	EV_COL_TYPE,
	EV_COL_TITLE,
	EV_COL_SEATS,
	EV_COL_MINE,
	EV_COL_COUNT
};

struct events_view {
	struct view		 view;
	struct event_row	*rows;
	size_t			 n;
	size_t			 cap;
	struct pager		 pager;
	struct ui_column	 cols[EV_COL_COUNT];
	int			 width[EV_COL_COUNT];
	struct ics_save		 ics;
};

static void
events_reset(void *ctx)
{
	struct events_view *ev = ctx;
	size_t i;

	for (i = 0; i < ev->n; i++) {
		free(ev->rows[i].title);
		free(ev->rows[i].type);
		free(ev->rows[i].when);
		free(ev->rows[i].seats);
		free(ev->rows[i].mine);
	}
	ev->n = 0;
	memset(ev->width, 0, sizeof(ev->width));
}

/* Notes the widest cell of column col. */
static void
events_widen(struct events_view *ev, int col, const char *s)
{
	int w = text_width(s);

	if (w > ev->width[col])
		ev->width[col] = w;
}

static int
events_take(void *ctx, json_t *body, int replace, char **next,
    struct gerr *err)
{
	struct events_view *ev = ctx;
	struct ui *ui = ev->view.ui;
	struct event_page page;
	size_t i;

	memset(&page, 0, sizeof(page));
	if (event_page_from_json(body, &page, err) < 0) {
		event_page_release(&page);
		return -1;
	}
	if (replace)
		events_reset(ev);
	if (ev->n + page.n > ev->cap) {
		ev->cap = (ev->n + page.n) * 2 + 16;
		ev->rows = xrealloc(ev->rows, ev->cap * sizeof(*ev->rows));
	}
	for (i = 0; i < page.n; i++) {
		const struct event *e = &page.items[i];
		struct event_row *r = &ev->rows[ev->n++];
		char buf[96];

		r->id = e->id;
		r->title = ui_clean(ui, e->title);
		r->type = ui_clean(ui, e->type);
		r->when = ui_clean(ui, event_local(e->starts_at,
		    "%Y-%m-%d %H:%M", buf, sizeof(buf)));
		r->seats = ui_clean(ui, event_seats(ui, e, buf, sizeof(buf)));
		r->mine = ui_clean(ui, event_mine(ui, e->my_status,
		    e->my_position, buf, sizeof(buf)));
		r->confirmed = e->my_status != NULL &&
		    strcmp(e->my_status, "confirmed") == 0;
		events_widen(ev, EV_COL_TYPE, r->type);
		events_widen(ev, EV_COL_SEATS, r->seats);
		events_widen(ev, EV_COL_MINE, r->mine);
	}
	*next = page.has_more && page.next_cursor != NULL ?
	    xstrdup(page.next_cursor) : NULL;
	event_page_release(&page);
	return 0;
}

static size_t
events_count(void *ctx)
{
	return ((struct events_view *)ctx)->n;
}

static const char *
events_text(void *ctx, size_t row)
{
	return ((struct events_view *)ctx)->rows[row].title;
}

static int64_t
events_id(void *ctx, size_t row)
{
	return ((struct events_view *)ctx)->rows[row].id;
}

static void
events_layout(void *ctx, int w)
{
	struct events_view *ev = ctx;
	static const struct ui_column proto[EV_COL_COUNT] = {
		[EV_COL_WHEN] = { "When", 16, 16, 0, 0, 0, 0, 0 },
		[EV_COL_TYPE] = { "Type", 10, 4, 0, 3, 0, 0, 0 },
		[EV_COL_TITLE] = { "Event", 0, 16, 1, 0, 0, 0, 0 },
		[EV_COL_SEATS] = { "Seats", 6, 5, 0, 1, 0, 0, 0 },
		[EV_COL_MINE] = { "You", 3, 3, 0, 2, 0, 0, 0 },
	};
	int col;

	memcpy(ev->cols, proto, sizeof(proto));
	for (col = EV_COL_TYPE; col < EV_COL_COUNT; col++) {
		int want = ev->width[col] > 20 ? 20 : ev->width[col];

		if (col != EV_COL_TITLE && want > ev->cols[col].want)
			ev->cols[col].want = want;
	}
	/* A third of the width for the title: the type goes first. */
	if (ev->cols[EV_COL_TITLE].min < w / 3)
		ev->cols[EV_COL_TITLE].min = w / 3;
	ui_columns_layout(ev->cols, EV_COL_COUNT, w - 2, 2);
}

static void
events_header(void *ctx, int y, int x, int w)
{
	struct events_view *ev = ctx;

	ui_fill(ev->view.ui, y, x, 1, THEME_HEADER);
	ui_columns_header(ev->view.ui, ev->cols, EV_COL_COUNT, y, x + 1,
	    w - 1);
}

static void
events_row(void *ctx, size_t i, int y, int x, int w, int selected)
{
	struct events_view *ev = ctx;
	struct ui *ui = ev->view.ui;
	const struct event_row *r = &ev->rows[i];
	const struct ui_column *c = ev->cols;

	ui_fill(ui, y, x, w, selected ? THEME_SELECTED : THEME_NORMAL);
	ui_column_put(ui, &c[EV_COL_WHEN], y, x + 1, r->when,
	    selected ? THEME_SELECTED : THEME_NORMAL);
	ui_column_put(ui, &c[EV_COL_TYPE], y, x + 1, r->type,
	    selected ? THEME_SELECTED : THEME_LEVEL);
	ui_column_put(ui, &c[EV_COL_TITLE], y, x + 1, r->title,
	    selected ? THEME_SELECTED : THEME_TITLE);
	ui_column_put(ui, &c[EV_COL_SEATS], y, x + 1, r->seats,
	    selected ? THEME_SELECTED : THEME_DIM);
	ui_column_put(ui, &c[EV_COL_MINE], y, x + 1, r->mine,
	    selected ? THEME_SELECTED : r->confirmed ? THEME_OWNED :
	    THEME_PRICE);
}

static const struct pager_ops events_ops = {
	events_take, events_reset, events_count, events_text, events_id,
	events_layout, events_header, events_row,
};

static void
events_draw(struct view *v, int y, int x, int h, int w)
{
	pager_draw(&((struct events_view *)v)->pager, y, x, h, w);
}

static void
events_open(struct events_view *ev)
{
	size_t row;

	if (pager_selected(&ev->pager, &row) < 0)
		return;
	ui_push(ev->view.ui, event_view_new(ev->view.ui, ev->rows[row].id,
	    ev->rows[row].title));
}

/* The list of events: the keys it gives a meaning of its own, for the help. */
static const struct view_key_help events_keys[] = {
	{ ACT_OPEN, NULL, "The event: times, seats, my place, RSVP" },
	{ ACT_COMPOSE, NULL, "Save the event to my calendar (.ics)" },
	{ ACT_NONE, NULL, NULL }
};

static int
events_key(struct view *v, enum action a, int key)
{
	struct events_view *ev = (struct events_view *)v;
	size_t row;

	if (pager_key(&ev->pager, a, key))
		return 1;
	switch (a) {
	case ACT_OPEN:
		events_open(ev);
		return 1;
	case ACT_COMPOSE:
		if (pager_selected(&ev->pager, &row) == 0)
			ics_start(&ev->ics, v->ui, ev->rows[row].id);
		return 1;
	default:
		return 0;
	}
}

static int
events_mouse(struct view *v, int y, int x, mmask_t bstate)
{
	struct events_view *ev = (struct events_view *)v;
	int hit = pager_click(&ev->pager, y, x);

	(void)bstate;
	if (hit == 2)
		events_open(ev);
	return hit > 0;
}

static int
events_status(struct view *v, char *buf, size_t bufsz, int *editing)
{
	struct events_view *ev = (struct events_view *)v;
	char k[3][32];

	if (pager_status(&ev->pager, buf, bufsz, editing))
		return 1;
	snprintf(buf, bufsz, "%s details and RSVP%s%s add to calendar%s%s "
	    "filter", ui_key_hint(ACT_OPEN, k[0], sizeof(k[0])),
	    v->ui->g->sep, ui_key_hint(ACT_COMPOSE, k[1], sizeof(k[1])),
	    v->ui->g->sep, ui_key_hint(ACT_FILTER, k[2], sizeof(k[2])));
	return 1;
}

static void
events_free(struct view *v)
{
	struct events_view *ev = (struct events_view *)v;

	ics_cancel(&ev->ics);
	pager_release(&ev->pager);
	events_reset(ev);
	free(ev->rows);
	free(ev);
}

struct view *
events_view_new(struct ui *ui)
{
	struct events_view *ev = xcalloc(1, sizeof(*ev));

	tzset();
	ev->view.name = "events";
	ev->view.ui = ui;
	ev->view.pane = (int)ui->cur;
	ev->view.draw = events_draw;
	ev->view.key = events_key;
	ev->view.keys_help = events_keys;
	ev->view.mouse = events_mouse;
	ev->view.status = events_status;
	ev->view.free = events_free;
	ev->ics.ui = ui;
	view_set_title(&ev->view, "Events");
	pager_init(&ev->pager, &ev->view, &events_ops, ev, "events",
	    EVENTS_PAGE);
	ev->pager.empty = "No events planned yet.";
	ev->pager.what_load = "Loading events";
	ev->pager.what_refresh = "Refreshing events";
	ev->pager.what_all = "Loading all events";
	pager_open(&ev->pager, "/api/v1/events");
	return &ev->view;
}

/* ---- One event ----------------------------------------------------- */

struct event_view {
	struct view	 view;
	int64_t		 id;
	struct ui_fetch	 fetch;
	struct ui_fetch	 rsvp;
	int		 loaded;
	int		 reloading;
	char		*error;		/* why it did not load, or NULL */
	/* Sanitized copies of the event, made when it arrived. */
	char		*title;
	char		*type;
	char		*when;
	char		*venue;
	char		*online;
	char		*online_raw;	/* for the link list: it sanitizes */
	char		*description;	/* raw Markdown: md sanitizes */
	char		*status;	/* "confirmed", "waitlisted" or NULL */
	int64_t		 position;
	int64_t		 capacity;
	int64_t		 confirmed;
	int64_t		 waitlisted;
	int64_t		 seats_left;
	int		 checked_in;
	struct md_cache	 md;
	const struct md_doc *doc;	/* in md, or NULL */
	struct ui_lines	 lines;
	int		 lines_width;	/* -1: stale */
	size_t		 top;
	int		 height;
	int		 confirm;	/* asking before giving a seat up */
	struct ics_save	 ics;
};

static void
event_view_clear(struct event_view *ev)
{
	FREE(&ev->type);
	FREE(&ev->when);
	FREE(&ev->venue);
	FREE(&ev->online);
	FREE(&ev->online_raw);
	FREE(&ev->description);
	FREE(&ev->status);
}

/* "Sat 2026-11-28 19:00 – 21:00 CST", the end's date when it differs. */
static char *
event_when(const struct ui *ui, const struct event *e, char *out,
    size_t outsz)
{
	char start[64], end[64], sday[16], eday[16];

	event_local(e->starts_at, "%a %Y-%m-%d %H:%M", start, sizeof(start));
	event_local(e->starts_at, "%Y-%m-%d", sday, sizeof(sday));
	event_local(e->ends_at, "%Y-%m-%d", eday, sizeof(eday));
	event_local(e->ends_at, strcmp(sday, eday) == 0 ? "%H:%M %Z" :
	    "%a %Y-%m-%d %H:%M %Z", end, sizeof(end));
	if (end[0] == '\0')
		event_local(e->starts_at, "%a %Y-%m-%d %H:%M %Z", start,
		    sizeof(start));
	snprintf(out, outsz, "%s%s%s", start, end[0] != '\0' ?
	    (ui->ascii ? " - " : " \xe2\x80\x93 ") : "", end);
	return out;
}

/* Reads GET /events/{id} into the view. 0, or -1 with err. */
static int
event_view_read(struct event_view *ev, json_t *body, struct gerr *err)
{
	struct ui *ui = ev->view.ui;
	struct event e;
	char buf[160];

	memset(&e, 0, sizeof(e));
	if (event_from_json(body, &e, err) < 0) {
		event_release(&e);
		return -1;
	}
	event_view_clear(ev);
	FREE(&ev->title);
	ev->title = ui_clean(ui, e.title);
	view_set_title(&ev->view, ev->title);
	ev->type = ui_clean(ui, e.type);
	ev->when = ui_clean(ui, event_when(ui, &e, buf, sizeof(buf)));
	ev->venue = ui_clean(ui, e.venue);
	ev->online = ui_clean(ui, e.online_url);
	ev->online_raw = e.online_url != NULL ? xstrdup(e.online_url) : NULL;
	ev->description = xstrdup(e.description != NULL ? e.description :
	    "");
	ev->status = e.my_status != NULL ? xstrdup(e.my_status) : NULL;
	ev->position = e.my_position;
	ev->capacity = e.capacity;
	ev->confirmed = e.confirmed;
	ev->waitlisted = e.waitlisted;
	ev->seats_left = e.seats_left;
	ev->checked_in = e.checked_in;
	event_release(&e);
	ev->loaded = 1;
	FREE(&ev->error);
	ev->lines_width = -1;
	return 0;
}

static void
event_view_done(void *arg, json_t *body, const struct gerr *err,
    unsigned flags)
{
	struct event_view *ev = arg;
	struct ui *ui = ev->view.ui;
	int reloading = ev->reloading;
	struct gerr perr;

	ev->reloading = 0;
	ev->lines_width = -1;
	if (body == NULL) {
		FREE(&ev->error);
		ev->error = ui_clean(ui, err->msg);
		ui_error(ui, "cannot load the event", err);
		return;
	}
	gerr_clear(&perr);
	if (!((flags & API_NOT_MODIFIED) && ev->loaded) &&
	    event_view_read(ev, body, &perr) < 0) {
		FREE(&ev->error);
		ev->error = ui_clean(ui, perr.msg);
		ui_error(ui, "cannot read the event", &perr);
		return;
	}
	if (reloading)
		ui_message(ui, UI_MSG_INFO, "Reloaded");
}

static char *
event_path(const struct event_view *ev, char *out, size_t outsz)
{
	snprintf(out, outsz, "/api/v1/events/%lld", (long long)ev->id);
	return out;
}

/* Adds "Label       value" in the value's element, when there is one. */
static void
event_fact(struct ui_lines *ls, int margin, const char *label,
    const char *value, enum theme_elem e)
{
	struct ui_line *l;
	char pad[64];

	if (value == NULL || value[0] == '\0')
		return;
	l = ui_lines_add(ls);
	snprintf(pad, sizeof(pad), "%*s%-10s", margin, "", label);
	ui_line_add(l, THEME_DIM, pad);
	ui_line_add(l, e, value);
}

/* "Confirmed ✓", "Waitlisted (position 2)", "Not going", into out. */
static const char *
event_my_status(const struct event_view *ev, char *out, size_t outsz,
    enum theme_elem *e)
{
	const struct ui *ui = ev->view.ui;

	*e = THEME_NORMAL;
	if (ui->client->token == NULL)
		return "Not logged in";
	if (ev->status != NULL && strcmp(ev->status, "confirmed") == 0) {
		*e = THEME_OWNED;
		snprintf(out, outsz, "Confirmed %s%s", ui->ascii ? "[x]" :
		    "\xe2\x9c\x93", ev->checked_in ? " (checked in)" : "");
		return out;
	}
	if (ev->status != NULL && strcmp(ev->status, "waitlisted") == 0) {
		*e = THEME_PRICE;
		snprintf(out, outsz, "Waitlisted (position %lld)",
		    (long long)ev->position);
		return out;
	}
	return "Not going";
}

/* The seats line: "3 of 20 left · 17 confirmed · 4 waitlisted". */
static char *
event_seats_line(const struct event_view *ev, char *out, size_t outsz)
{
	const char *sep = ev->view.ui->g->sep;

	if (ev->capacity <= 0)
		snprintf(out, outsz, "no limit%s%lld confirmed", sep,
		    (long long)ev->confirmed);
	else
		snprintf(out, outsz, "%lld of %lld left%s%lld confirmed%s%lld "
		    "waitlisted", (long long)(ev->seats_left > 0 ?
		    ev->seats_left : 0), (long long)ev->capacity, sep,
		    (long long)ev->confirmed, sep, (long long)ev->waitlisted);
	return out;
}

/* The line that says what Enter, c and L do here. */
static char *
event_hint(const struct event_view *ev, char *out, size_t outsz)
{
	const struct ui *ui = ev->view.ui;
	const char *what;
	char k[3][32];

	if (ui->client->token == NULL)
		what = "RSVP (log in first)";
	else if (ev->status != NULL && strcmp(ev->status, "confirmed") == 0)
		what = "cancel my seat";
	else if (ev->status != NULL)
		what = "leave the waitlist";
	else if (ev->capacity > 0 && ev->seats_left <= 0)
		what = "join the waitlist";
	else
		what = "RSVP";
	snprintf(out, outsz, "%s %s%s%s add to calendar%s%s links",
	    ui_key_hint(ACT_OPEN, k[0], sizeof(k[0])), what, ui->g->sep,
	    ui_key_hint(ACT_COMPOSE, k[1], sizeof(k[1])), ui->g->sep,
	    ui_key_hint(ACT_LINKS, k[2], sizeof(k[2])));
	return out;
}

/* Rebuilds the lines for width w. */
static void
event_view_build(struct event_view *ev, int w)
{
	struct ui *ui = ev->view.ui;
	struct ui_lines *ls = &ev->lines;
	int margin = w >= 40 ? 2 : 1, tw = w - 2 * margin;
	unsigned opts = MD_OPT_CLIP | (ui->ascii ? MD_OPT_ASCII : 0);
	enum theme_elem e;
	char text[600];
	const char *mine;

	ui_lines_release(ls);
	ev->lines_width = w;
	ev->doc = NULL;
	if (tw < 1)
		return;
	ui_lines_add(ls);
	if (!ev->loaded) {
		if (ev->error != NULL)
			snprintf(text, sizeof(text), "Could not load this event: "
			    "%s (press r to retry)", ev->error);
		else
			snprintf(text, sizeof(text), "%s", ev->fetch.canceled ?
			    "Canceled; press r to load this event." :
			    "Loading...");
		ui_lines_wrap(ls, text, tw, margin, ev->error != NULL ?
		    THEME_ERROR : THEME_DIM);
		return;
	}
	ui_lines_wrap(ls, ev->title, tw, margin, THEME_TITLE);
	ui_lines_add(ls);
	event_fact(ls, margin, "Type", ev->type, THEME_LEVEL);
	event_fact(ls, margin, "When", ev->when, THEME_NORMAL);
	event_fact(ls, margin, "Where", ev->venue, THEME_NORMAL);
	event_fact(ls, margin, "Online", ev->online, THEME_LINK);
	event_fact(ls, margin, "Seats", event_seats_line(ev, text,
	    sizeof(text)), THEME_NORMAL);
	mine = event_my_status(ev, text, sizeof(text), &e);
	event_fact(ls, margin, "You", mine, e);
	ui_lines_add(ls);
	ui_lines_wrap(ls, event_hint(ev, text, sizeof(text)), tw, margin,
	    THEME_DIM);
	if (ev->description[0] == '\0')
		return;
	ui_lines_add(ls);
	ev->doc = md_cache_get(&ev->md, ev->description,
	    strlen(ev->description), tw, opts);
	if (ev->doc != NULL) {
		ui_lines_markdown(ls, ev->doc, margin);
	} else {
		char *plain = ui_clean_text(ui, ev->description);

		ui_lines_wrap(ls, plain, tw, margin, THEME_NORMAL);
		free(plain);
	}
}

static size_t
event_view_max_top(const struct event_view *ev)
{
	return ev->lines.n > (size_t)ev->height ?
	    ev->lines.n - (size_t)ev->height : 0;
}

static void
event_view_draw(struct view *v, int y, int x, int h, int w)
{
	struct event_view *ev = (struct event_view *)v;

	if (h <= 0 || w <= 0)
		return;
	if (ev->lines_width != w || !ev->loaded)
		event_view_build(ev, w);
	ev->height = h;
	if (ev->top > event_view_max_top(ev))
		ev->top = event_view_max_top(ev);
	ui_lines_draw(v->ui, &ev->lines, ev->top, y, x, h, w, NULL);
}

/* Fetches the event again, quietly (after an RSVP). */
static void
event_view_refresh(struct event_view *ev)
{
	char path[64];

	ui_fetch_get(&ev->fetch, event_path(ev, path, sizeof(path)),
	    "Refreshing the event");
}

/* The list below, when the detail was opened from it, shows the change. */
static void
event_view_refresh_list(struct event_view *ev)
{
	struct view *below = ev->view.below;

	struct pager *p;

	if (below == NULL || strcmp(below->name, "events") != 0)
		return;
	p = &((struct events_view *)below)->pager;
	pager_reload(p);
	p->reloading = 0;	/* no "Reloaded" over the RSVP's message */
}

/* The answer to PUT or DELETE /events/{id}/rsvp. */
static void
event_rsvp_done(void *arg, json_t *body, const struct gerr *err,
    unsigned flags)
{
	struct event_view *ev = arg;
	struct ui *ui = ev->view.ui;
	struct rsvp_state st;
	struct gerr perr;

	(void)flags;
	if (body == NULL) {
		ui_error(ui, "cannot RSVP", err);
		return;
	}
	memset(&st, 0, sizeof(st));
	gerr_clear(&perr);
	if (rsvp_state_from_json(body, &st, &perr) < 0) {
		ui_error(ui, "cannot read the RSVP", &perr);
		rsvp_state_release(&st);
		return;
	}
	FREE(&ev->status);
	ev->position = st.position;
	if (st.status != NULL && strcmp(st.status, "confirmed") == 0) {
		ev->status = xstrdup("confirmed");
		ui_message(ui, UI_MSG_INFO, "Confirmed: see you there");
	} else if (st.status != NULL && strcmp(st.status, "waitlisted") == 0) {
		ev->status = xstrdup("waitlisted");
		ui_message(ui, UI_MSG_INFO, "Waitlisted (position %lld)",
		    (long long)st.position);
	} else {
		ui_message(ui, UI_MSG_INFO, "Canceled");
	}
	rsvp_state_release(&st);
	ev->lines_width = -1;
	ui->points_gen++;
	event_view_refresh(ev);
	event_view_refresh_list(ev);
}

/* Sends the RSVP (cancel: DELETE it). */
static void
event_rsvp_send(struct event_view *ev, int cancel)
{
	char path[80];

	snprintf(path, sizeof(path), "/api/v1/events/%lld/rsvp",
	    (long long)ev->id);
	ui_fetch_call(&ev->rsvp, cancel ? "DELETE" : "PUT", path, NULL,
	    cancel ? "Canceling the RSVP" : "Sending the RSVP");
}

/* Enter: RSVP, leave the waitlist, or ask before giving a seat up. */
static void
event_rsvp(struct event_view *ev)
{
	struct ui *ui = ev->view.ui;

	if (ui->client->token == NULL) {
		ui_message(ui, UI_MSG_INFO, "To RSVP, log in first: guild "
		    "login");
		return;
	}
	if (!ev->loaded) {
		ui_message(ui, UI_MSG_INFO, "Still loading the event");
		return;
	}
	if (ui_fetch_busy(&ev->rsvp)) {
		ui_message(ui, UI_MSG_INFO, "Still sending the RSVP");
		return;
	}
	if (ev->status != NULL && strcmp(ev->status, "confirmed") == 0) {
		ui_message(ui, UI_MSG_NONE, NULL);
		ev->confirm = 1;
		return;
	}
	event_rsvp_send(ev, ev->status != NULL);
}

static void
event_view_links(struct event_view *ev)
{
	struct ui *ui = ev->view.ui;
	size_t n = 0, i, nd = ev->doc != NULL ? ev->doc->nlinks : 0;
	char **urls;

	urls = xcalloc(nd + 1, sizeof(*urls));
	if (ev->online_raw != NULL && ev->online_raw[0] != '\0')
		urls[n++] = ev->online_raw;
	for (i = 0; i < nd; i++)
		urls[n++] = ev->doc->links[i];
	if (n > 0)
		ui_push(ui, links_view_new(ui, urls, n));
	else if (!ev->loaded)
		ui_message(ui, UI_MSG_INFO, "Still loading the event");
	else
		ui_message(ui, UI_MSG_INFO, "This event has no links");
	free(urls);
}

/* An event's page: the keys it gives a meaning of its own, for the help. */
static const struct view_key_help event_view_keys[] = {
	{ ACT_OPEN, NULL, "RSVP, or cancel my seat" },
	{ ACT_COMPOSE, NULL, "Save the event to my calendar (.ics)" },
	{ ACT_LINKS, NULL, "The event's links, its online link first" },
	{ ACT_NONE, NULL, NULL }
};

static int
event_view_key(struct view *v, enum action a, int key)
{
	struct event_view *ev = (struct event_view *)v;
	size_t page = ev->height > 2 ? (size_t)ev->height - 1 : 1;
	size_t max = event_view_max_top(ev);
	char path[64];

	if (ev->confirm) {
		ev->confirm = 0;
		if (key == 'y' || key == 'Y')
			event_rsvp_send(ev, 1);
		else
			ui_message(v->ui, UI_MSG_INFO, "You keep your seat");
		return 1;
	}
	switch (a) {
	case ACT_DOWN:
		if (ev->top < max)
			ev->top++;
		return 1;
	case ACT_UP:
		if (ev->top > 0)
			ev->top--;
		return 1;
	case ACT_PAGE_DOWN:
		ev->top = ev->top + page < max ? ev->top + page : max;
		return 1;
	case ACT_PAGE_UP:
		ev->top = ev->top > page ? ev->top - page : 0;
		return 1;
	case ACT_TOP:
		ev->top = 0;
		return 1;
	case ACT_BOTTOM:
		ev->top = max;
		return 1;
	case ACT_OPEN:
		event_rsvp(ev);
		return 1;
	case ACT_COMPOSE:
		ics_start(&ev->ics, v->ui, ev->id);
		return 1;
	case ACT_LINKS:
		event_view_links(ev);
		return 1;
	case ACT_RELOAD:
		ev->reloading = 1;
		ui_fetch_get(&ev->fetch, event_path(ev, path, sizeof(path)),
		    "Loading the event");
		return 1;
	default:
		return 0;
	}
}

static int
event_view_status(struct view *v, char *buf, size_t bufsz, int *editing)
{
	struct event_view *ev = (struct event_view *)v;

	*editing = 0;
	if (ev->confirm) {
		*editing = 1;
		snprintf(buf, bufsz, "Give up your seat%s? y/n",
		    ev->waitlisted > 0 ? " (it goes to the first on the "
		    "waitlist)" : "");
		return 1;
	}
	/* The keys are on the event's own page, above its description. */
	return 0;
}

static void
event_view_free(struct view *v)
{
	struct event_view *ev = (struct event_view *)v;

	ics_cancel(&ev->ics);
	event_view_clear(ev);
	free(ev->title);
	free(ev->error);
	md_cache_release(&ev->md);
	ui_lines_release(&ev->lines);
	free(ev);
}

struct view *
event_view_new(struct ui *ui, int64_t id, const char *title)
{
	struct event_view *ev = xcalloc(1, sizeof(*ev));
	char path[64];
	struct gerr err;
	json_t *cached;

	tzset();
	ev->view.name = "event";
	ev->view.ui = ui;
	ev->view.pane = (int)ui->cur;
	ev->view.draw = event_view_draw;
	ev->view.key = event_view_key;
	ev->view.keys_help = event_view_keys;
	ev->view.status = event_view_status;
	ev->view.free = event_view_free;
	ev->id = id;
	ev->ics.ui = ui;
	ev->title = xstrdup(title != NULL ? title : "");
	view_set_title(&ev->view, ev->title);
	ev->description = xstrdup("");
	ev->lines_width = -1;
	md_cache_init(&ev->md);
	ui_fetch_init(&ev->fetch, ui, &ev->view, event_view_done, ev);
	ui_fetch_init(&ev->rsvp, ui, &ev->view, event_rsvp_done, ev);
	event_path(ev, path, sizeof(path));
	/* Paint from the cache at once; the request below revalidates. */
	cached = api_cached(ui->client, path);
	if (cached != NULL) {
		gerr_clear(&err);
		event_view_read(ev, cached, &err);
		json_decref(cached);
	}
	ui_fetch_get(&ev->fetch, path, "Loading the event");
	return &ev->view;
}

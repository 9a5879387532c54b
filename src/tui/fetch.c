/*
 * Asynchronous fetches: the requests views make through api_get_async
 * (and api_call_async for likes and votes), tracked so the status bar
 * can show a spinner, Esc can cancel those of the pane shown, and a view
 * that goes away takes its requests with it.
 */
#include <stdlib.h>
#include <string.h>

#include "guild/buf.h"
#include "guild/util.h"

#include "ui.h"

/* Removes f from the UI's list of requests in flight. */
static void
fetch_unlink(struct ui_fetch *f)
{
	struct ui_fetch **pp;

	for (pp = &f->ui->fetches; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	}
	f->next = NULL;
}

/* The api_done_fn of every fetch: forget the request, then tell the owner. */
static void
fetch_done(void *arg, json_t *body, const struct gerr *err, unsigned flags)
{
	struct ui_fetch *f = arg;

	fetch_unlink(f);
	f->req = NULL;
	f->ui->dirty = 1;
	f->done(f->arg, body, err, flags);
}

void
ui_fetch_init(struct ui_fetch *f, struct ui *ui, struct view *owner,
    api_done_fn *done, void *arg)
{
	memset(f, 0, sizeof(*f));
	f->ui = ui;
	f->owner = owner;
	f->done = done;
	f->arg = arg;
}

void
ui_fetch_get(struct ui_fetch *f, const char *path, const char *what)
{
	ui_fetch_cancel(f);
	f->canceled = 0;
	f->what = what;
	f->req = api_get_async(f->ui->client, path, fetch_done, f);
	f->next = f->ui->fetches;
	f->ui->fetches = f;
	f->ui->dirty = 1;
}

void
ui_fetch_call(struct ui_fetch *f, const char *method, const char *path,
    json_t *body, const char *what)
{
	ui_fetch_cancel(f);
	f->canceled = 0;
	f->what = what;
	f->req = api_call_async(f->ui->client, method, path, body, fetch_done,
	    f);
	f->next = f->ui->fetches;
	f->ui->fetches = f;
	f->ui->dirty = 1;
}

void
ui_fetch_call_hdr(struct ui_fetch *f, const char *method, const char *path,
    json_t *body, const char *const *headers, const char *what)
{
	ui_fetch_cancel(f);
	f->canceled = 0;
	f->what = what;
	f->req = api_call_async_hdr(f->ui->client, method, path, body,
	    headers, fetch_done, f);
	f->next = f->ui->fetches;
	f->ui->fetches = f;
	f->ui->dirty = 1;
}

void
ui_fetch_cancel(struct ui_fetch *f)
{
	if (f->req == NULL)
		return;
	api_cancel(f->ui->client, f->req);
	f->req = NULL;
	fetch_unlink(f);
	f->ui->dirty = 1;
}

int
ui_fetch_busy(const struct ui_fetch *f)
{
	return f->req != NULL;
}

void
ui_fetch_cancel_owner(struct ui *ui, struct view *owner)
{
	struct ui_fetch *f = ui->fetches;

	while (f != NULL) {
		struct ui_fetch *next = f->next;

		if (f->owner == owner)
			ui_fetch_cancel(f);
		f = next;
	}
}

size_t
ui_fetch_cancel_pane(struct ui *ui, int pane)
{
	struct ui_fetch *f = ui->fetches;
	size_t n = 0;

	while (f != NULL) {
		struct ui_fetch *next = f->next;

		if (f->owner != NULL && f->owner->pane == pane) {
			ui_fetch_cancel(f);
			f->canceled = 1;
			n++;
		}
		f = next;
	}
	return n;
}

int
ui_fetch_pane_busy(const struct ui *ui, int pane)
{
	const struct ui_fetch *f;

	for (f = ui->fetches; f != NULL; f = f->next) {
		if (f->owner != NULL && f->owner->pane == pane)
			return 1;
	}
	return 0;
}

char *
ui_url_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = BUF_INIT;

	buf_adds(&b, "");
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			buf_addc(&b, (char)c);
		} else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[c >> 4]);
			buf_addc(&b, hex[c & 15]);
		}
	}
	if (b.failed)
		return xstrdup("");
	return buf_detach(&b);
}

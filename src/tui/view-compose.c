/*
 * Composing a thread, reply, question or answer without ever losing it:
 * the member's editor runs on the compose template with curses
 * suspended; what comes back is saved as a draft at once and shown
 * rendered in a preview that asks to send it, edit it again, keep it as
 * a draft or discard it. Sending is asynchronous (draft_send_begin and
 * draft_send_end around a ui_fetch: the draft id is the Idempotency-Key,
 * and the file is removed only when the server confirms): the preview
 * shows it sending while keys still act, Esc cancels it keeping the
 * draft, and a second send cannot start meanwhile. When it fails the
 * preview stays, saying why and which draft holds the text. The
 * one-line quick reply sends through here too, in the same preview.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "guild/buf.h"
#include "guild/drafts.h"
#include "guild/text.h"
#include "guild/util.h"

#include "ui.h"

struct compose_view {
	struct view	 view;
	struct view	*origin;	/* told what the server created */
	compose_sent_fn	*sent;
	struct draft	 d;
	char		*text;		/* the editor's last text */
	char		*what;		/* "reply to ada", sanitized */
	char		*error;		/* why it was not sent, sanitized */
	int		 invalid;	/* the text does not parse: no send */
	int		 confirm;	/* asking before discarding */
	struct ui_fetch	 send;		/* the POST in flight */
	char		 sending[240];	/* "Sending your reply", its what */
	int		 lines_busy;	/* the lines were built while sending */
	struct ui_lines	 lines;
	int		 lines_width;	/* -1: stale */
	size_t		 top;
	int		 height;
};

/* ---- The editor ---------------------------------------------------- */

/* Takes the terminal's size again: it may have changed meanwhile. */
static void
compose_take_size(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0 && is_term_resized(ws.ws_row, ws.ws_col))
		resizeterm(ws.ws_row, ws.ws_col);
}

/*
 * Runs the member's editor on text with curses suspended, then gives the
 * screen back (at the terminal's size now: a SIGWINCH while the editor
 * ran is also seen by the event loop). 0 with *out (caller frees), or -1
 * with err.
 */
static int
compose_edit(struct ui *ui, const char *text, char **out, struct gerr *err)
{
	int rc;

	def_prog_mode();
	endwin();
	fflush(stdout);
	rc = editor_edit(text, out, err);
	reset_prog_mode();
	compose_take_size();
	clearok(curscr, TRUE);
	refresh();
	ui->dirty = 1;
	return rc;
}

/*
 * The reason in draft_send's message, as drafts.h words it ("could not
 * send: WHY. Your text is kept as draft ID in PATH; ..."), without what
 * it says about the draft: into out.
 */
static void
compose_reason(const char *msg, char *out, size_t outsz)
{
	static const char prefix[] = "could not send: ";
	const char *end = strstr(msg, ". Your text is kept as draft");

	if (strncmp(msg, prefix, sizeof(prefix) - 1) == 0)
		msg += sizeof(prefix) - 1;
	if (end == NULL || end < msg)
		end = msg + strlen(msg);
	snprintf(out, outsz, "%.*s", (int)(end - msg), msg);
}

/*
 * Says in the status bar that d was not sent and which draft keeps it:
 * "could not send: WHY — kept as draft ID (guild drafts send ID)", the
 * reason cut short, then the command left out, when the line is too
 * long for the screen, so that the draft's id always shows.
 */
static void
compose_say_failed(struct ui *ui, const struct draft *d, const char *why)
{
	static const char head[] = "could not send: ";
	char kept[200], cmd[160], *safe = ui_clean(ui, why), *fit;
	int avail = COLS - 2, room;

	if (d->id == NULL) {
		ui_message(ui, UI_MSG_ERROR, "%s%s", head, safe);
		free(safe);
		return;
	}
	snprintf(kept, sizeof(kept), "%skept as draft %s", ui->g->dash,
	    d->id);
	snprintf(cmd, sizeof(cmd), " (guild drafts send %s)", d->id);
	room = avail - (int)strlen(head) - text_width(kept) - text_width(cmd);
	if (room < text_width(safe) && room < 12) {
		cmd[0] = '\0';
		room = avail - (int)strlen(head) - text_width(kept);
	}
	if (room < 8)
		room = 8;
	fit = text_fit(safe, room, 0, ui->ascii);
	ui_message(ui, UI_MSG_ERROR, "%s%s%s%s", head,
	    fit != NULL ? fit : safe, kept, cmd);
	free(fit);
	free(safe);
}

/*
 * The send failed, msg worded by draft_send_end ("could not send: WHY.
 * Your text is kept as draft ..."): the preview shows why, the status
 * bar why and which draft keeps the text.
 */
static void
compose_failed(struct compose_view *cv, const char *msg)
{
	struct ui *ui = cv->view.ui;
	char reason[600], *hint;

	compose_reason(msg, reason, sizeof(reason));
	free(cv->error);
	cv->error = ui_clean(ui, reason);
	cv->lines_width = -1;
	/* The status bar is one line: the draft's id matters more there
	   than the advice in parentheses, which the preview shows. */
	hint = strstr(reason, " (");
	if (hint != NULL && hint - reason >= 16)
		*hint = '\0';
	compose_say_failed(ui, &cv->d, reason);
}

/* ---- The preview --------------------------------------------------- */

static void
compose_free(struct view *v)
{
	struct compose_view *cv = (struct compose_view *)v;

	/* view_destroy has canceled it already; a view freed otherwise. */
	ui_fetch_cancel(&cv->send);
	draft_release(&cv->d);
	free(cv->text);
	free(cv->what);
	free(cv->error);
	ui_lines_release(&cv->lines);
	free(cv);
}

/* Adds "Label  value" lines for the title and tags. */
static void
compose_fact(struct ui_lines *ls, const char *label, const char *value,
    enum theme_elem e)
{
	struct ui_line *l = ui_lines_add(ls);
	char pad[32];

	snprintf(pad, sizeof(pad), "  %-7s", label);
	ui_line_add(l, THEME_DIM, pad);
	ui_line_add(l, e, value);
}

/* A rule across tw columns after the margin. */
static void
compose_rule(struct compose_view *cv, struct ui_lines *ls, int tw)
{
	struct ui_line *l = ui_lines_add(ls);
	struct buf b = BUF_INIT;
	int i;

	buf_adds(&b, "  ");
	for (i = 0; i < tw; i++)
		buf_adds(&b, cv->view.ui->g->hline);
	ui_line_add(l, THEME_BORDER, buf_str(&b));
	buf_release(&b);
}

/* Rebuilds the preview's lines for width w. */
static void
compose_build(struct compose_view *cv, int w)
{
	struct ui *ui = cv->view.ui;
	struct ui_lines *ls = &cv->lines;
	int tw = w - 4;
	char line[700];

	ui_lines_release(ls);
	cv->lines_width = w;
	cv->lines_busy = ui_fetch_busy(&cv->send);
	if (tw < 4)
		return;
	ui_lines_add(ls);
	snprintf(line, sizeof(line), "Preview of your %s", cv->what);
	ui_lines_wrap(ls, line, tw, 2, THEME_HEADING);
	ui_lines_add(ls);
	if (cv->d.title != NULL) {
		char *t = ui_clean(ui, cv->d.title);

		compose_fact(ls, "Title", t, THEME_TITLE);
		free(t);
	}
	if (cv->d.ntags > 0) {
		struct buf b = BUF_INIT;
		char *t;
		size_t i;

		for (i = 0; i < cv->d.ntags; i++)
			buf_printf(&b, "%s%s", i > 0 ? ", " : "", cv->d.tags[i]);
		t = ui_clean(ui, buf_str(&b));
		compose_fact(ls, "Tags", t, THEME_DIM);
		free(t);
		buf_release(&b);
	}
	compose_rule(cv, ls, tw);
	if (cv->invalid) {
		char *t = ui_clean_text(ui, cv->text);

		ui_lines_wrap(ls, t, tw, 2, THEME_NORMAL);
		free(t);
	} else if (cv->d.body != NULL) {
		struct md_doc doc;
		unsigned opts = MD_OPT_CLIP | (ui->ascii ? MD_OPT_ASCII : 0);

		if (md_render(cv->d.body, strlen(cv->d.body), tw, opts,
		    &doc) == 0) {
			ui_lines_markdown(ls, &doc, 2);
			md_doc_release(&doc);
		} else {
			char *t = ui_clean_text(ui, cv->d.body);

			ui_lines_wrap(ls, t, tw, 2, THEME_NORMAL);
			free(t);
		}
	}
	compose_rule(cv, ls, tw);
	if (cv->lines_busy) {
		ui_lines_add(ls);
		snprintf(line, sizeof(line), "Sending... (saved as draft %s: "
		    "Esc cancels and keeps it)", cv->d.id != NULL ? cv->d.id :
		    "");
		ui_lines_wrap(ls, line, tw, 2, THEME_DIM);
	} else if (cv->error != NULL) {
		ui_lines_add(ls);
		if (cv->invalid)
			snprintf(line, sizeof(line), "Cannot send this: %s "
			    "(e edits it again)", cv->error);
		else if (cv->d.id != NULL)
			snprintf(line, sizeof(line), "Could not send: %s. The "
			    "text is kept as draft %s: y tries again, or "
			    "later: guild drafts send %s", cv->error,
			    cv->d.id, cv->d.id);
		else
			snprintf(line, sizeof(line), "Could not send: %s",
			    cv->error);
		ui_lines_wrap(ls, line, tw, 2, THEME_ERROR);
	} else if (cv->d.id != NULL) {
		ui_lines_add(ls);
		snprintf(line, sizeof(line), "Saved as draft %s.", cv->d.id);
		ui_lines_wrap(ls, line, tw, 2, THEME_DIM);
	}
}

static void
compose_draw(struct view *v, int y, int x, int h, int w)
{
	struct compose_view *cv = (struct compose_view *)v;
	struct ui *ui = v->ui;
	char prompt[300];
	size_t max;
	int bh = h - 1;

	if (h < 2 || w <= 0)
		return;
	if (cv->lines_width != w || cv->lines_busy != ui_fetch_busy(&cv->send))
		compose_build(cv, w);
	cv->height = bh;
	max = cv->lines.n > (size_t)bh ? cv->lines.n - (size_t)bh : 0;
	if (cv->top > max)
		cv->top = max;
	ui_lines_draw(ui, &cv->lines, cv->top, y, x, bh, w, NULL);
	if (ui_fetch_busy(&cv->send)) {
		unsigned nframes = 0;

		while (ui->g->spinner[nframes] != NULL)
			nframes++;
		snprintf(prompt, sizeof(prompt), " %s Sending the %s...%sEsc: "
		    "cancel (the draft is kept)", ui->g->spinner[ui->spin %
		    (nframes > 0 ? nframes : 1)], draft_kind_name(cv->d.kind),
		    ui->g->sep);
	} else if (cv->confirm)
		snprintf(prompt, sizeof(prompt), " Discard this %s for good? "
		    "y: discard%sn: keep it", cv->what, ui->g->sep);
	else if (cv->invalid)
		snprintf(prompt, sizeof(prompt), " e: edit again%sd: keep as "
		    "draft%sx: discard", ui->g->sep, ui->g->sep);
	else
		snprintf(prompt, sizeof(prompt), " y, Enter: send%se: edit "
		    "again%sd: keep as draft%sx: discard", ui->g->sep,
		    ui->g->sep, ui->g->sep);
	ui_fill(ui, y + h - 1, x, w, THEME_FILTER);
	ui_puts(ui, y + h - 1, x, w, prompt, THEME_FILTER);
}

/* Reads the editor's text into the draft; notes why it cannot be sent. */
static void
compose_take(struct compose_view *cv, char *text)
{
	struct ui *ui = cv->view.ui;
	struct gerr err;

	free(cv->text);
	cv->text = text;
	FREE(&cv->error);
	gerr_clear(&err);
	cv->invalid = draft_parse(&cv->d, text, &err) < 0;
	if (cv->invalid) {
		cv->error = ui_clean(ui, err.msg);
		/* Kept as it is, so "keep as draft" keeps what was typed. */
		free(cv->d.body);
		cv->d.body = xstrdup(text);
	}
	/* Saved at once, even when it cannot be sent as it is. */
	gerr_clear(&err);
	if (draft_save(&cv->d, &err) < 0)
		ui_error(ui, "cannot save the draft", &err);
	cv->lines_width = -1;
	cv->top = 0;
}

/* Opens the editor again on the last text. */
static void
compose_again(struct compose_view *cv)
{
	struct ui *ui = cv->view.ui;
	struct gerr err;
	char *out = NULL;

	gerr_clear(&err);
	if (compose_edit(ui, cv->text, &out, &err) < 0) {
		ui_error(ui, NULL, &err);
		return;
	}
	compose_take(cv, out);
}

/*
 * Stops the send in flight, if any (the draft stays: the server may have
 * had it, and sending it again answers the same post). 1 when there was
 * one.
 */
static int
compose_stop(struct compose_view *cv)
{
	if (!ui_fetch_busy(&cv->send))
		return 0;
	ui_fetch_cancel(&cv->send);
	cv->send.canceled = 1;
	return 1;
}

/*
 * Keeps the draft on disk and closes the preview, saying where it is;
 * a send in flight is canceled first.
 */
static void
compose_close_keep(struct compose_view *cv)
{
	struct ui *ui = cv->view.ui;
	struct gerr err;
	int stopped = compose_stop(cv);

	gerr_clear(&err);
	if (draft_save(&cv->d, &err) < 0) {
		ui_error(ui, "cannot keep the draft", &err);
		return;
	}
	ui_message(ui, UI_MSG_INFO, "%s as draft %s (guild drafts send %s "
	    "sends it)", stopped ? "Canceled sending: kept" : "Kept",
	    cv->d.id, cv->d.id);
	ui_pop(ui);
}

/* Esc while sending: cancels the send; the preview stays, saying so. */
static void
compose_cancel(struct compose_view *cv)
{
	struct gerr why, err;

	compose_stop(cv);
	gerr_clear(&why);
	gerr_set(&why, GERR_NET, 0, "sending was canceled (it may have "
	    "reached the server: sending it again cannot post it twice)");
	gerr_clear(&err);
	draft_send_end(&cv->d, &why, &err);
	compose_failed(cv, err.msg);
}

/*
 * The send succeeded: closes the preview (wherever its pane is, even
 * when another pane is shown) and tells the origin, in the preview's
 * pane, what the server created (borrowed).
 */
static void
compose_finish(struct compose_view *cv, json_t *created)
{
	struct ui *ui = cv->view.ui;
	compose_sent_fn *sent = cv->sent;
	struct view *origin = cv->origin, **pp;
	size_t shown = ui->cur;

	ui->cur = (size_t)cv->view.pane;
	for (pp = &ui->panes[ui->cur].top; *pp != NULL; pp = &(*pp)->below) {
		if (*pp == &cv->view) {
			*pp = cv->view.below;
			break;
		}
	}
	view_destroy(&cv->view);
	/* The origin is on top of its pane now, and may push there. */
	if (sent != NULL && origin != NULL)
		sent(origin, created);
	ui->cur = shown;
	ui->dirty = 1;
}

/* The send's answer: the post created, or why not. */
static void
compose_done(void *arg, json_t *body, const struct gerr *why,
    unsigned flags)
{
	struct compose_view *cv = arg;
	struct ui *ui = cv->view.ui;
	struct gerr err;

	(void)flags;
	gerr_clear(&err);
	if (draft_send_end(&cv->d, why, &err) != 0) {
		compose_failed(cv, err.msg);
		return;
	}
	/* A post earns points: the status bar fetches them again. */
	ui->points_gen++;
	ui_message(ui, UI_MSG_INFO, "Sent your %s", cv->what);
	compose_finish(cv, body);
}

/* Starts sending the draft; compose_done hears how it went. */
static void
compose_send(struct compose_view *cv)
{
	struct ui *ui = cv->view.ui;
	struct draft_req req;
	struct gerr err;

	gerr_clear(&err);
	if (draft_send_begin(ui->client, &cv->d, &req, &err) < 0) {
		compose_failed(cv, err.msg);
		return;
	}
	FREE(&cv->error);
	snprintf(cv->sending, sizeof(cv->sending), "Sending your %s",
	    draft_kind_name(cv->d.kind));
	ui_fetch_call_hdr(&cv->send, "POST", req.path, req.body, req.headers,
	    cv->sending);
	draft_req_release(&req);
	cv->lines_width = -1;
	ui_message(ui, UI_MSG_NONE, NULL);
}

/* y: sends, unless it is sending already or cannot be sent. */
static void
compose_go(struct compose_view *cv)
{
	struct ui *ui = cv->view.ui;

	if (ui_fetch_busy(&cv->send)) {
		ui_message(ui, UI_MSG_INFO, "Already sending your %s (Esc "
		    "cancels)", cv->what);
		return;
	}
	if (cv->invalid) {
		ui_message(ui, UI_MSG_ERROR, "cannot send this: %s (e edits it "
		    "again)", cv->error != NULL ? cv->error : "");
		return;
	}
	compose_send(cv);
}

/*
 * The preview's keys, for the help overlay: raw letters, whatever they
 * are bound to.
 */
static const struct view_key_help compose_keys[] = {
	{ ACT_NONE, "y, Enter", "Send it" },
	{ ACT_NONE, "e", "Edit it again in my editor" },
	{ ACT_NONE, "d, q", "Keep it as a draft and close" },
	{ ACT_NONE, "x", "Discard the draft (asks first)" },
	{ ACT_NONE, "Esc", "While sending: cancel, keeping the draft" },
	{ ACT_NONE, NULL, NULL }
};

static int
compose_key(struct view *v, enum action a, int key)
{
	struct compose_view *cv = (struct compose_view *)v;
	struct ui *ui = v->ui;
	size_t page = cv->height > 2 ? (size_t)cv->height - 1 : 1;
	struct gerr err;

	if (cv->confirm) {
		cv->confirm = 0;
		if (key != 'y' && key != 'Y')
			return 1;
		gerr_clear(&err);
		if (draft_remove(&cv->d, &err) < 0) {
			ui_error(ui, "cannot discard the draft", &err);
			return 1;
		}
		ui_message(ui, UI_MSG_INFO, "Discarded your %s", cv->what);
		ui_pop(ui);
		return 1;
	}
	/* A question: raw letters, whatever they are bound to. */
	switch (key) {
	case 'y':
	case 'Y':
	case '\n':
	case '\r':
	case KEY_ENTER:
		compose_go(cv);
		return 1;
	case 'e':
	case 'E':
	case 'x':
	case 'X':
		if (ui_fetch_busy(&cv->send)) {
			ui_message(ui, UI_MSG_INFO, "Sending your %s: wait, or "
			    "Esc cancels it", cv->what);
			return 1;
		}
		if (key == 'x' || key == 'X')
			cv->confirm = 1;
		else
			compose_again(cv);
		return 1;
	case 'd':
	case 'D':
	case 'q':
		compose_close_keep(cv);
		return 1;
	default:
		break;
	}
	switch (a) {
	case ACT_DOWN:
		cv->top++;
		return 1;
	case ACT_UP:
		if (cv->top > 0)
			cv->top--;
		return 1;
	case ACT_PAGE_DOWN:
		cv->top += page;
		return 1;
	case ACT_PAGE_UP:
		cv->top = cv->top > page ? cv->top - page : 0;
		return 1;
	case ACT_TOP:
		cv->top = 0;
		return 1;
	case ACT_BOTTOM:
		cv->top = cv->lines.n;
		return 1;
	case ACT_CANCEL:
		/* Esc stops a send; else it leaves, as ACT_BACK does. */
		if (ui_fetch_busy(&cv->send)) {
			compose_cancel(cv);
			return 1;
		}
		/* FALLTHROUGH */
	case ACT_BACK:
		/* Leaving the preview never loses the text. */
		compose_close_keep(cv);
		return 1;
	case ACT_QUIT:
		/* The draft is on disk; quitting keeps it. */
	case ACT_NEXT_PANE:
	case ACT_PREV_PANE:
	case ACT_PANE_1: case ACT_PANE_2: case ACT_PANE_3:
	case ACT_PANE_4: case ACT_PANE_5: case ACT_PANE_6:
	case ACT_PANE_7: case ACT_PANE_8: case ACT_PANE_9:
	case ACT_HELP:
	case ACT_REDRAW:
		return 0;
	default:
		/* Nothing else acts while the question is asked. */
		return 1;
	}
}

/* A new preview of d (taken) for origin. */
static struct compose_view *
compose_view_new(struct ui *ui, struct view *origin, compose_sent_fn *sent,
    struct draft *d, const char *what)
{
	struct compose_view *cv = xcalloc(1, sizeof(*cv));
	char title[200];

	cv->view.name = "compose";
	cv->view.ui = ui;
	cv->view.pane = (int)ui->cur;
	cv->view.draw = compose_draw;
	cv->view.key = compose_key;
	cv->view.keys_help = compose_keys;
	cv->view.free = compose_free;
	cv->origin = origin;
	cv->sent = sent;
	cv->d = *d;
	memset(d, 0, sizeof(*d));
	cv->what = ui_clean(ui, what);
	cv->lines_width = -1;
	ui_fetch_init(&cv->send, ui, &cv->view, compose_done, cv);
	snprintf(title, sizeof(title), "Your %s", cv->what);
	view_set_title(&cv->view, title);
	return cv;
}

void
compose_start(struct ui *ui, struct view *origin, compose_sent_fn *sent,
    struct draft *d, const char *quote, const char *what)
{
	struct compose_view *cv;
	struct gerr err;
	char *tmpl, *safe = NULL, *out = NULL;

	if (ui->client->token == NULL) {
		ui_message(ui, UI_MSG_ERROR, "Not logged in: run guild login, "
		    "then start guild again");
		draft_release(d);
		return;
	}
	if (d->server == NULL)
		d->server = xstrdup(ui->client->server);
	if (quote != NULL)
		safe = text_sanitize(quote, strlen(quote), 1);
	tmpl = draft_template(d, safe);
	free(safe);
	gerr_clear(&err);
	if (compose_edit(ui, tmpl, &out, &err) < 0) {
		ui_error(ui, NULL, &err);
		free(tmpl);
		draft_release(d);
		return;
	}
	if (strcmp(out, tmpl) == 0) {
		ui_message(ui, UI_MSG_INFO, "Nothing written, so nothing was "
		    "sent");
		free(out);
		free(tmpl);
		draft_release(d);
		return;
	}
	free(tmpl);
	cv = compose_view_new(ui, origin, sent, d, what);
	compose_take(cv, out);
	ui_push(ui, &cv->view);
}

void
compose_send_now(struct ui *ui, struct view *origin, compose_sent_fn *sent,
    struct draft *d, const char *what)
{
	struct compose_view *cv;

	if (d->server == NULL)
		d->server = xstrdup(ui->client->server);
	/* Its preview shows it sending, then closes, or says why not. */
	cv = compose_view_new(ui, origin, sent, d, what);
	cv->text = xstrdup(cv->d.body != NULL ? cv->d.body : "");
	ui_push(ui, &cv->view);
	compose_send(cv);
}

void
compose_keep(struct ui *ui, struct draft *d, const char *what)
{
	struct gerr err;

	if (d->server == NULL)
		d->server = xstrdup(ui->client->server);
	gerr_clear(&err);
	if (draft_save(d, &err) < 0)
		ui_message(ui, UI_MSG_ERROR, "cannot keep your %s: %s", what,
		    err.msg);
	else
		ui_message(ui, UI_MSG_INFO, "Kept your %s as draft %s (guild "
		    "drafts send %s sends it)", what, d->id, d->id);
	draft_release(d);
}

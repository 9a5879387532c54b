/*
 * Drafts: what a member composes (a thread, a reply, a question, an
 * answer) is saved under $XDG_STATE_HOME/guild/drafts before it is sent
 * and removed only when the server confirms, so a failed send loses
 * nothing. Each draft is one readable text file (header lines, a blank
 * line, the Markdown body) and its id doubles as the Idempotency-Key of
 * the POST, so retrying a draft can never post it twice.
 */
#ifndef GUILD_DRAFTS_H
#define GUILD_DRAFTS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "api.h"
#include "err.h"

enum draft_kind {
	DRAFT_THREAD = 0,	/* target = category id; title required */
	DRAFT_REPLY,		/* target = thread id; reply_to optional */
	DRAFT_QUESTION,		/* target = 0; title and tags */
	DRAFT_ANSWER		/* target = question id */
};

struct draft {
	char		*id;		/* file name; NULL until first saved */
	enum draft_kind	 kind;
	int64_t		 target;
	int64_t		 reply_to;	/* reply: parent reply id, or 0 */
	char		*title;		/* thread, question; else NULL */
	char		**tags;		/* question */
	size_t		 ntags;
	char		*body;		/* Markdown */
	time_t		 created;
	char		*server;	/* the server it is meant for */
};

const char	*draft_kind_name(enum draft_kind);	/* "reply" */
int		 draft_kind_parse(const char *, enum draft_kind *);

/* The drafts directory ($XDG_STATE_HOME/guild/drafts); caller frees. */
char		*draft_dir(void);
/* The file of draft d, for messages ("kept in PATH"); caller frees. */
char		*draft_path(const struct draft *);

/*
 * Writes d (assigning a new unique id when d->id is NULL) to its file,
 * mode 0600 in a 0700 directory, through a temp file and rename. 0 or -1.
 */
int		 draft_save(struct draft *, struct gerr *);
/* Reads draft id. 0, or -1 with err naming the file and what is wrong. */
int		 draft_load(const char *id, struct draft *, struct gerr *);
/* All drafts, oldest first; release each and free the array. 0 or -1. */
int		 draft_list(struct draft **out, size_t *n, struct gerr *);
int		 draft_remove(const struct draft *, struct gerr *);
void		 draft_release(struct draft *);

/*
 * Sends d with the route for its kind, Idempotency-Key = d->id (saving d
 * first when it has no id). Removes the file only after the server
 * confirms; on failure the draft stays and err says where it is kept:
 * "could not send: WHY. Your text is kept as draft ID in PATH; retry
 * with: guild drafts send ID", err->kind and status those of WHY (a 429
 * reads "you are posting too fast: retry in N s (after HH:MM:SS)").
 * *created (may be NULL) receives the created object; caller decrefs.
 */
int		 draft_send(struct client *, struct draft *, json_t **created,
		    struct gerr *);

/*
 * An asynchronous send (the TUI, through api_call_async_hdr), in two
 * halves around the request, with the route, body and Idempotency-Key
 * of draft_send. draft_send_begin saves d when it has no id and fills
 * req: POST req->path with req->body and the NULL-terminated
 * req->headers (pointing into req: do not copy it); release req with
 * draft_req_release once the request is started. -1 with err worded as
 * draft_send's (offline, not logged in, an incomplete draft).
 */
struct draft_req {
	char		*path;		/* "/api/v1/threads/7/replies" */
	json_t		*body;
	char		*key;		/* "Idempotency-Key: ID" */
	const char	*headers[2];	/* { key, NULL } */
};

int		 draft_send_begin(struct client *, struct draft *,
		    struct draft_req *, struct gerr *);
void		 draft_req_release(struct draft_req *);
/*
 * The other half, given how the request ended: why NULL (the server
 * confirmed) removes d's file and returns 0; else -1 with err worded as
 * draft_send's ("could not send: WHY. Your text is kept as draft ID in
 * PATH; ..."), the draft left as it is. A canceled send is a failure
 * too: pass why saying so.
 */
int		 draft_send_end(struct draft *, const struct gerr *why,
		    struct gerr *err);

/*
 * Composing in the member's editor: writes text to a temp file (0600),
 * runs $VISUAL, else $EDITOR, else vi on it (through /bin/sh so an
 * EDITOR with arguments works; the file name is passed as "$1", never
 * spliced into the command), waits, and returns the edited text in
 * *out (caller frees). -1 with err when the editor cannot run or exits
 * non-zero; the caller's text is untouched then.
 */
int		 editor_edit(const char *text, char **out, struct gerr *);

/*
 * The compose template and its parser: "Title: ..." (thread, question),
 * "Tags: a, b" (question), a "--- write below this line ---" marker,
 * then the body; for replies the parent is quoted in "> " lines which
 * the author may keep or delete. draft_parse fills title, tags and body
 * of d from edited text; -1 with err (an empty body, a missing title).
 */
char		*draft_template(const struct draft *, const char *quoted_parent);
int		 draft_parse(struct draft *, const char *text, struct gerr *);

#endif

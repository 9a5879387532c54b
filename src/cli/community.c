/* Helpers shared by guild's points, leaderboard, event and inbox commands. */
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "community.h"
#include "discuss.h"
#include "guild/buf.h"
#include "guild/timeutil.h"
#include "guild/util.h"

int
community_me(struct cli_ctx *ctx, char **out, struct gerr *err)
{
	struct user	 u;
	json_t		*me = NULL;

	*out = NULL;
	if (ctx->client.username != NULL) {
		*out = xstrdup(ctx->client.username);
		return 0;
	}
	if (api_call(&ctx->client, "GET", "/api/v1/me", NULL, &me, err) != 0)
		return -1;
	memset(&u, 0, sizeof u);
	if (user_from_json(me, &u, err) != 0) {
		json_decref(me);
		user_release(&u);
		return gerr_set(err, GERR_PROTO, 0, "cannot read the profile "
		    "sent by %s (do guild and guildd versions match?)",
		    ctx->client.server);
	}
	json_decref(me);
	*out = u.username;
	u.username = NULL;
	user_release(&u);
	return 0;
}

char *
community_user_path(const char *name, const char *suffix)
{
	char *esc, *path;

	esc = discuss_escape(name);
	path = xasprintf("/api/v1/users/%s%s", esc, suffix);
	free(esc);
	return path;
}

char *
community_bar(int64_t have, int64_t span, int width, int ascii)
{
	struct buf	b = BUF_INIT;
	int64_t		full;
	int		i;

	if (span <= 0)
		full = width;
	else if (have <= 0)
		full = 0;
	else if (have >= span)
		full = width;
	else
		full = have * width / span;
	buf_addc(&b, '[');
	for (i = 0; i < width; i++) {
		if (i < full)
			buf_adds(&b, ascii ? "#" : "\xe2\x96\x88");	/* █ */
		else
			buf_adds(&b, ascii ? "." : "\xe2\x96\x91");	/* ░ */
	}
	buf_addc(&b, ']');
	if (b.failed) {
		fprintf(stderr, "guild: out of memory\n");
		exit(1);
	}
	return buf_detach(&b);
}

char *
community_local_time(const char *when, const char *fmt, char *out,
    size_t outsz)
{
	struct tm	tm;
	time_t		t;

	if (when == NULL || time_parse_rfc3339(when, &t) != 0 ||
	    localtime_r(&t, &tm) == NULL || strftime(out, outsz, fmt, &tm) == 0)
		snprintf(out, outsz, "?");
	return out;
}

int
community_show_list(struct cli_ctx *ctx, const json_t *page, int json,
    int all, int (*print)(struct cli_ctx *, const json_t *, int), int flag)
{
	int rc;

	if (json)
		return cli_print_json(page);
	rc = print(ctx, page, flag);
	if (rc == 0 && !all && json_is_true(json_object_get(page, "has_more")))
		printf("more: add --all\n");
	return rc;
}

int
community_unreadable(const struct cli_ctx *ctx, const char *what,
    const struct gerr *why)
{
	return cli_error("cannot read the %s sent by %s: %s (do guild and "
	    "guildd versions match?)", what, ctx->client.server,
	    why->msg[0] ? why->msg : "unexpected shape");
}

int
community_member_arg(const struct cmd_entry *e, int argc, char **argv,
    const char **member)
{
	*member = NULL;
	if (argc - optind > 1)
		return cli_usage_error(e, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (optind < argc && argv[optind][0] == '\0')
		return cli_usage_error(e, "empty MEMBER");
	if (optind < argc)
		*member = argv[optind];
	return 0;
}

int
community_member_get(struct cli_ctx *ctx, const char *member,
    const char *suffix, json_t **out, char **me)
{
	struct gerr	 err;
	char		*mine = NULL, *path;
	int		 rc;

	*out = NULL;
	if (me != NULL)
		*me = NULL;
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	gerr_clear(&err);
	if (member == NULL) {
		rc = discuss_need_token(ctx);
		if (rc != 0)
			return rc;
		if (community_me(ctx, &mine, &err) != 0)
			return cli_fail(&err);
	} else {
		cli_token_optional(ctx);
	}
	path = community_user_path(member != NULL ? member : mine, suffix);
	rc = discuss_get(ctx, path, out, &err);
	free(path);
	if (rc != 0) {
		free(mine);
		if (err.kind == GERR_HTTP && err.status == 404 &&
		    member != NULL)
			return cli_error("no member '%s' (names are as on the "
			    "leaderboard)", member);
		return cli_fail(&err);
	}
	if (me != NULL)
		*me = mine;
	else
		free(mine);
	return 0;
}

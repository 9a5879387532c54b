/*
 * guild events, guild event and guild rsvp: community events listed in
 * the member's time zone, one event in detail (and its .ics), and going
 * or not going.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "community.h"
#include "discuss.h"
#include "guild/buf.h"
#include "guild/problem.h"
#include "guild/timeutil.h"
#include "guild/util.h"

static int	cmd_events_exec(struct cli_ctx *, int, char **);
static int	cmd_event_exec(struct cli_ctx *, int, char **);
static int	cmd_rsvp_exec(struct cli_ctx *, int, char **);

static const char events_types[] = "salon, hackathon, livestream or meetup";

const struct cmd_entry cmd_events_entry = {
	.name = "events",
	.usage = "[--type T] [--past] [--limit N] [--all] [--json]",
	.summary = "list community events",
	.help =
	    "Upcoming and ongoing events, soonest first, with their times in "
	    "your time zone\n(TZ, else the system's).\n"
	    "Options:\n"
	    "  --type T       only events of type T: salon, hackathon, "
	    "livestream or meetup\n"
	    "  --past         events that have begun (past and ongoing), "
	    "oldest first\n"
	    "  --limit N      at most N events per page (1-100; default: "
	    "the server's, 20)\n"
	    "  --all          follow the pages to the end\n"
	    "  --json         print the server's JSON (times in UTC)\n"
	    "SEATS says how many are left, or \"full (waitlist N)\"; YOU is "
	    "your RSVP.\n",
	.exec = cmd_events_exec,
};

const struct cmd_entry cmd_event_entry = {
	.name = "event",
	.usage = "ID [--ics FILE] [--json]",
	.summary = "one event: when, where, seats and your RSVP",
	.help =
	    "Options:\n"
	    "  --ics FILE     also write the event as iCalendar (.ics) to "
	    "FILE (- for stdout,\n"
	    "                 then nothing else is printed), to add it to a "
	    "calendar\n"
	    "  --json         print the server's JSON (times in UTC)\n"
	    "Times are shown in your time zone (TZ, else the system's).\n",
	.exec = cmd_event_exec,
};

const struct cmd_entry cmd_rsvp_entry = {
	.name = "rsvp",
	.usage = "ID [--cancel]",
	.summary = "say you are going to an event, or cancel",
	.help =
	    "Prints \"confirmed\" while seats remain, else \"waitlisted "
	    "(position N)\": the\nfirst on the waitlist gets the seat someone "
	    "gives up. A full event is not an\nerror. Saying it again changes "
	    "nothing.\n"
	    "  --cancel       give up your seat or your place on the "
	    "waitlist; prints\n"
	    "                 \"canceled\"\n"
	    "Needs guild login. An event that has ended takes no RSVPs "
	    "(exit 1).\n",
	.exec = cmd_rsvp_exec,
};

static const struct discuss_col events_cols[] = {
	{ "ID", 1, 0, 0, 0 },
	{ "WHEN", 0, 0, 0, 0 },
	{ "TYPE", 0, 0, 3, 4 },
	{ "TITLE", 0, 0, 1, 12 },
	{ "SEATS", 0, 0, 2, 4 },
	{ "YOU", 0, 0, 2, 3 },
};

/* 1 when t is one of the event types. */
static int
events_type_ok(const char *t)
{
	return strcmp(t, "salon") == 0 || strcmp(t, "hackathon") == 0 ||
	    strcmp(t, "livestream") == 0 || strcmp(t, "meetup") == 0;
}

/* "3 left", "full (waitlist 2)", "full" or "open" (no limit); out. */
static char *
events_seats(const struct event *e, char *out, size_t outsz)
{
	if (e->capacity <= 0 || e->seats_left < 0)
		snprintf(out, outsz, "open");
	else if (e->seats_left > 0)
		snprintf(out, outsz, "%lld left", (long long)e->seats_left);
	else if (e->waitlisted > 0)
		snprintf(out, outsz, "full (waitlist %lld)",
		    (long long)e->waitlisted);
	else
		snprintf(out, outsz, "full");
	return out;
}

/* My RSVP in a few words ("going", "waitlist #2", ""); out. */
static char *
events_mine(const struct event *e, char *out, size_t outsz)
{
	if (e->checked_in)
		snprintf(out, outsz, "checked in");
	else if (e->my_status != NULL && strcmp(e->my_status, "confirmed") == 0)
		snprintf(out, outsz, "going");
	else if (e->my_status != NULL &&
	    strcmp(e->my_status, "waitlisted") == 0)
		snprintf(out, outsz, "waitlist #%lld",
		    (long long)e->my_position);
	else
		out[0] = '\0';
	return out;
}

/* The local time zone's name now ("CST"), for headings; out. */
static char *
events_zone(char *out, size_t outsz)
{
	struct tm	tm;
	time_t		now = time(NULL);

	if (localtime_r(&now, &tm) == NULL ||
	    strftime(out, outsz, "%Z", &tm) == 0)
		snprintf(out, outsz, "local time");
	return out;
}

/* Prints a page of events as a table. 0, or 1 on a bad answer. */
static int
events_print(struct cli_ctx *ctx, const json_t *j, int past)
{
	struct event_page	 p;
	struct discuss_table	 t;
	struct gerr		 err;
	char			*row[6], when[64], seats[64], mine[64], zone[64];
	size_t			 i;

	gerr_clear(&err);
	memset(&p, 0, sizeof p);
	if (event_page_from_json(j, &p, &err) != 0) {
		event_page_release(&p);
		return community_unreadable(ctx, "events", &err);
	}
	if (p.n == 0) {
		printf(past ? "No past events.\n" : "No upcoming events.\n");
		event_page_release(&p);
		return 0;
	}
	printf("%s events (times in %s):\n\n", past ? "Past" : "Upcoming",
	    events_zone(zone, sizeof zone));
	memset(&t, 0, sizeof t);
	t.cols = events_cols;
	t.ncols = (int)G_NELEM(events_cols);
	for (i = 0; i < p.n; i++) {
		const struct event *e = &p.items[i];

		row[0] = xasprintf("%lld", (long long)e->id);
		row[1] = xstrdup(community_local_time(e->starts_at,
		    "%a %Y-%m-%d %H:%M", when, sizeof when));
		row[2] = cli_clean(e->type, 0);
		row[3] = cli_clean(e->title, 0);
		row[4] = xstrdup(events_seats(e, seats, sizeof seats));
		row[5] = xstrdup(events_mine(e, mine, sizeof mine));
		discuss_table_add(&t, row);
	}
	discuss_table_print(&t, cli_width(), cli_ascii(ctx));
	discuss_table_release(&t);
	event_page_release(&p);
	return 0;
}

static int
cmd_events_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "past", no_argument, NULL, 'p' },
		{ "limit", required_argument, NULL, 'n' },
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf	 path = BUF_INIT;
	struct gerr	 err;
	json_t		*page = NULL;
	const char	*type = NULL;
	char		 now[32];
	int64_t		 limit = 0;
	int		 ch, past = 0, all = 0, json = 0, rc;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 't':
			if (!events_type_ok(optarg))
				return cli_usage_error(&cmd_events_entry,
				    "bad --type '%s' (use %s)", optarg,
				    events_types);
			type = optarg;
			break;
		case 'p':
			past = 1;
			break;
		case 'n':
			if (parse_int64(optarg, 1, 100, &limit) != 0)
				return cli_usage_error(&cmd_events_entry,
				    "bad --limit '%s' (use 1 to 100)", optarg);
			break;
		case 'a':
			all = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(&cmd_events_entry);
		default:
			return cli_usage(&cmd_events_entry);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_events_entry, "unexpected "
		    "argument '%s'", argv[optind]);
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	cli_token_optional(ctx);
	if (all && limit == 0)
		limit = 100;
	/*
	 * The server lists events ending after from (default now) and
	 * starting before to. The default keeps one URL, so --offline finds
	 * the cached answer.
	 */
	buf_adds(&path, "/api/v1/events");
	if (past) {
		time_rfc3339(time(NULL), now, sizeof now);
		buf_printf(&path, "?from=1970-01-01T00:00:00Z&to=%s", now);
	}
	if (type != NULL)
		buf_printf(&path, "%ctype=%s", past ? '&' : '?', type);
	if (limit > 0)
		buf_printf(&path, "%climit=%lld", past || type ? '&' : '?',
		    (long long)limit);
	gerr_clear(&err);
	rc = discuss_get_pages(ctx, buf_str(&path), all, &page, &err);
	buf_release(&path);
	if (rc != 0)
		return cli_fail(&err);
	rc = community_show_list(ctx, page, json, all, events_print, past);
	json_decref(page);
	return rc;
}

/* ---- guild event ------------------------------------------------------ */

/*
 * After getopt: the one ID operand of entry's command into *id. 0, or
 * 2 after a usage message.
 */
static int
event_id_arg(const struct cmd_entry *e, int argc, char **argv, int64_t *id)
{
	if (optind >= argc)
		return cli_usage(e);
	if (argc - optind > 1)
		return cli_usage_error(e, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (discuss_parse_id(argv[optind], 0, id) != 0)
		return cli_usage_error(e, "bad event id '%s' (the numbers in "
		    "guild events)", argv[optind]);
	return 0;
}

/* "Sat 2030-01-05 19:00-21:00 CST", the end's date only when it differs. */
static void
event_print_when(const struct event *e, int ascii)
{
	char	start[64], day_s[16], day_e[16], end[64];

	community_local_time(e->starts_at, "%a %Y-%m-%d %H:%M", start,
	    sizeof start);
	if (e->ends_at == NULL) {
		community_local_time(e->starts_at, " %Z", end, sizeof end);
		printf("When:   %s%s\n", start, end);
		return;
	}
	community_local_time(e->starts_at, "%Y-%m-%d", day_s, sizeof day_s);
	community_local_time(e->ends_at, "%Y-%m-%d", day_e, sizeof day_e);
	community_local_time(e->ends_at, strcmp(day_s, day_e) == 0 ?
	    "%H:%M %Z" : "%a %Y-%m-%d %H:%M %Z", end, sizeof end);
	printf("When:   %s %s %s\n", start, ascii ? "-" : "\xe2\x80\x93", end);
}

/* The event for people, description rendered as Markdown. */
static void
event_print(struct cli_ctx *ctx, const struct event *e)
{
	int	 ascii = cli_ascii(ctx), width = cli_width();
	char	*s;

	if (width > 100)
		width = 100;
	s = cli_clean(e->title, 0);
	printf("%s\n", s);
	free(s);
	s = cli_clean(e->type, 0);
	printf("Event %lld, a %s\n", (long long)e->id, s);
	free(s);
	event_print_when(e, ascii);
	if (e->venue != NULL) {
		s = cli_clean(e->venue, 0);
		printf("Where:  %s\n", s);
		free(s);
	}
	if (e->online_url != NULL) {
		s = cli_clean(e->online_url, 0);
		printf("Online: %s\n", s);
		free(s);
	}
	if (e->capacity > 0)
		printf("Seats:  %lld of %lld left (%lld going, %lld on the "
		    "waitlist)\n", (long long)(e->seats_left > 0 ?
		    e->seats_left : 0), (long long)e->capacity,
		    (long long)e->confirmed, (long long)e->waitlisted);
	else
		printf("Seats:  no limit (%lld going)\n",
		    (long long)e->confirmed);
	if (e->checked_in)
		printf("You:    checked in\n");
	else if (e->my_status != NULL &&
	    strcmp(e->my_status, "confirmed") == 0)
		printf("You:    going (confirmed; guild rsvp %lld --cancel "
		    "gives up the seat)\n", (long long)e->id);
	else if (e->my_status != NULL &&
	    strcmp(e->my_status, "waitlisted") == 0)
		printf("You:    on the waitlist, position %lld\n",
		    (long long)e->my_position);
	else if (ctx->client.token != NULL)
		printf("You:    not going (guild rsvp %lld to go)\n",
		    (long long)e->id);
	if (e->description != NULL && *e->description != '\0') {
		putchar('\n');
		discuss_markdown(e->description, width, "  ", ascii,
		    discuss_sgr());
	}
}

/*
 * Writes the server's iCalendar text of event id to file ("-" for
 * stdout; sanitized there when stdout is a terminal). 0, or the exit
 * code after printing what went wrong.
 */
static int
event_write_ics(struct cli_ctx *ctx, int64_t id, const char *file)
{
	struct net_response	 r;
	struct problem		 p;
	struct gerr		 err;
	json_error_t		 jerr;
	json_t			*j;
	FILE			*f;
	char			*url, *clean, line[400];
	int			 bad;

	if (ctx->client.offline)
		return cli_error("offline: the calendar file is not cached "
		    "(run without --offline)");
	memset(&r, 0, sizeof r);
	gerr_clear(&err);
	url = xasprintf("%s/api/v1/events/%lld.ics", ctx->client.server,
	    (long long)id);
	bad = net_request(ctx->client.net, "GET", url, ctx->client.token,
	    NULL, NULL, 0, &r, &err);
	free(url);
	if (bad != 0)
		return cli_fail(&err);
	if (r.status != 200 || r.body == NULL ||
	    !str_starts(r.body, "BEGIN:VCALENDAR")) {
		memset(&p, 0, sizeof p);
		j = r.body != NULL ? json_loadb(r.body, r.len, 0, &jerr) :
		    NULL;
		if (j != NULL && problem_from_json(j, &p) == 0)
			problem_format(&p, line, sizeof line);
		else
			snprintf(line, sizeof line, "HTTP %ld, not a "
			    "calendar", r.status);
		json_decref(j);
		problem_release(&p);
		net_response_release(&r);
		return cli_error("cannot get the calendar of event %lld: %s",
		    (long long)id, line);
	}
	if (strcmp(file, "-") == 0) {
		if (isatty(STDOUT_FILENO)) {
			clean = cli_clean(r.body, 1);
			fputs(clean, stdout);
			free(clean);
		} else {
			fwrite(r.body, 1, r.len, stdout);
		}
		net_response_release(&r);
		return 0;
	}
	f = fopen(file, "w");
	if (f == NULL) {
		net_response_release(&r);
		return cli_error("cannot write %s: %s", file, strerror(errno));
	}
	bad = fwrite(r.body, 1, r.len, f) != r.len;
	if (fclose(f) != 0)
		bad = 1;
	net_response_release(&r);
	if (bad)
		return cli_error("cannot write %s: %s", file, strerror(errno));
	return 0;
}

static int
cmd_event_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "ics", required_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct event	 e;
	struct gerr	 err;
	json_t		*j = NULL;
	const char	*ics = NULL;
	char		*path;
	int64_t		 id;
	int		 ch, json = 0, rc;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'i':
			if (*optarg == '\0')
				return cli_usage_error(&cmd_event_entry,
				    "empty --ics");
			ics = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(&cmd_event_entry);
		default:
			return cli_usage(&cmd_event_entry);
		}
	}
	rc = event_id_arg(&cmd_event_entry, argc, argv, &id);
	if (rc != 0)
		return rc;
	if (ics != NULL && strcmp(ics, "-") == 0 && json)
		return cli_usage_error(&cmd_event_entry, "--ics - and --json "
		    "both want stdout");
	rc = cli_setup(ctx);
	if (rc != 0)
		return rc;
	cli_token_optional(ctx);
	if (ics != NULL && strcmp(ics, "-") == 0)
		return event_write_ics(ctx, id, ics);
	gerr_clear(&err);
	path = xasprintf("/api/v1/events/%lld", (long long)id);
	rc = discuss_get(ctx, path, &j, &err);
	free(path);
	if (rc != 0) {
		if (err.kind == GERR_HTTP && err.status == 404)
			return cli_error("no event %lld (guild events lists "
			    "them)", (long long)id);
		return cli_fail(&err);
	}
	if (json) {
		rc = cli_print_json(j);
	} else if (event_from_json(j, &e, &err) != 0) {
		rc = community_unreadable(ctx, "event", &err);
	} else {
		event_print(ctx, &e);
		event_release(&e);
	}
	json_decref(j);
	if (rc == 0 && ics != NULL) {
		rc = event_write_ics(ctx, id, ics);
		if (rc == 0 && !json)
			printf("\nWrote the calendar file %s\n", ics);
	}
	return rc;
}

/* ---- guild rsvp ------------------------------------------------------- */

static int
cmd_rsvp_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "cancel", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct rsvp_state	 st;
	struct gerr		 err;
	json_t			*j = NULL;
	char			*path;
	int64_t			 id;
	int			 ch, cancel = 0, rc;

	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'c':
			cancel = 1;
			break;
		case 'h':
			return cli_help(&cmd_rsvp_entry);
		default:
			return cli_usage(&cmd_rsvp_entry);
		}
	}
	rc = event_id_arg(&cmd_rsvp_entry, argc, argv, &id);
	if (rc != 0)
		return rc;
	rc = cli_setup(ctx);
	if (rc == 0)
		rc = discuss_need_token(ctx);
	if (rc != 0)
		return rc;
	gerr_clear(&err);
	path = xasprintf("/api/v1/events/%lld/rsvp", (long long)id);
	rc = api_call(&ctx->client, cancel ? "DELETE" : "PUT", path, NULL, &j,
	    &err);
	free(path);
	if (rc != 0) {
		if (err.kind == GERR_HTTP && err.status == 404)
			return cli_error("no event %lld (guild events lists "
			    "them)", (long long)id);
		return cli_fail(&err);
	}
	if (cancel) {
		json_decref(j);
		printf("canceled\n");
		return 0;
	}
	if (rsvp_state_from_json(j, &st, &err) != 0) {
		json_decref(j);
		return community_unreadable(ctx, "RSVP", &err);
	}
	json_decref(j);
	if (st.status != NULL && strcmp(st.status, "waitlisted") == 0)
		printf("waitlisted (position %lld)\n", (long long)st.position);
	else if (st.status != NULL && strcmp(st.status, "confirmed") == 0)
		printf("confirmed\n");
	else
		rc = cli_error("the server kept no RSVP for event %lld",
		    (long long)id);
	rsvp_state_release(&st);
	return rc;
}

/*
 * guildd: the Guild platform API server, and the commands an operator
 * runs beside it (migrate, user add, user token, routes).
 */
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "auth.h"
#include "db.h"
#include "mail.h"
#include "pay.h"
#include "points.h"
#include "posts.h"
#include "server.h"

enum main_command {
	MAIN_SERVE = 0,
	MAIN_MIGRATE,
	MAIN_USER_ADD,
	MAIN_USER_TOKEN,
	MAIN_ROUTES,
	MAIN_POINTS_REBUILD,
	MAIN_BADGES_MONTHLY
};

/* Which commands accept an option, as a bit mask of enum main_command. */
#define ON(c)		(1u << (c))
#define ON_DB		(ON(MAIN_SERVE) | ON(MAIN_MIGRATE) | \
			    ON(MAIN_USER_ADD) | ON(MAIN_USER_TOKEN) | \
			    ON(MAIN_POINTS_REBUILD) | ON(MAIN_BADGES_MONTHLY))

struct main_opts {
	enum main_command	 cmd;
	const char		*name;		/* user add/token NAME */
	const char		*db;
	const char		*listen;
	const char		*threads;
	const char		*public_url;
	const char		*webhook_secret;
	const char		*smtp_url;
	const char		*mail_from;
	const char		*data_dir;
	const char		*post_rate;
	const char		*role;
	const char		*email;
	const char		*level;
	const char		*label;
	const char		*month;		/* badges award-monthly */
	int			 demo;
	int			 password_stdin;
};

static const char *const command_names[] = {
	"guildd", "migrate", "user add", "user token", "routes",
	"points rebuild", "badges award-monthly"
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: guildd [--listen ADDR:PORT] [--db FILE] [--demo] "
	    "[--threads N]\n"
	    "              [--post-rate N/PERIOD]\n"
	    "              [--public-url URL] [--webhook-secret S] "
	    "[--data-dir DIR]\n"
	    "              [--smtp-url smtp://HOST:PORT] [--mail-from ADDR]\n"
	    "       guildd migrate [--db FILE]\n"
	    "       guildd user add NAME [--role member|instructor|operator]\n"
	    "                  [--email E] [--level L] [--password-stdin] "
	    "[--db FILE]\n"
	    "       guildd user token NAME [--label L] [--db FILE]\n"
	    "       guildd routes\n"
	    "       guildd points rebuild [--db FILE]\n"
	    "       guildd badges award-monthly [--month YYYY-MM] "
	    "[--db FILE]\n"
	    "       guildd --help | --version\n"
	    "\n"
	    "Serves the Guild platform API (see guildd(8) and doc/api.md).\n"
	    "  --listen ADDR:PORT  address to listen on (default %s;\n"
	    "                      port 0 picks a free port)\n"
	    "  --db FILE           SQLite database (default ./%s)\n"
	    "  --demo              seed demo courses and accounts into an "
	    "empty database\n"
	    "  --threads N         worker threads, 1-%d (default %d)\n"
	    "  --public-url URL    base of checkout links (default: the "
	    "listen URL)\n"
	    "  --webhook-secret S  payment webhook signing secret (better:\n"
	    "                      GUILDD_WEBHOOK_SECRET; default: generated "
	    "and stored)\n"
	    "  --data-dir DIR      mail outbox and other files (default: the "
	    "database's\n"
	    "                      directory)\n"
	    "  --smtp-url URL      send mail by SMTP (default: write it to\n"
	    "                      DATA_DIR/outbox/new)\n"
	    "  --mail-from ADDR    sender of mail (default \"" MAIL_DEFAULT_FROM
	    "\")\n"
	    "  --post-rate N/PERIOD  posts per member (threads, replies,\n"
	    "                      questions, answers), e.g. 10/min, 3/30s,\n"
	    "                      off (default " POST_RATE_DEFAULT ")\n",
	    SRV_DEFAULT_LISTEN, SRV_DEFAULT_DB, SRV_MAX_THREADS,
	    SRV_DEFAULT_THREADS);
}

/* Prints a usage error and returns the usage exit status, 2. */
static int G_PRINTF(1, 2)
usage_error(const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "guildd: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see guildd --help)\n");
	return 2;
}

/*
 * Parses argv into o. Returns -1 when all is well, otherwise the exit
 * status to stop with (0 after --help or --version, 2 on a usage error).
 */
static int
parse_args(int argc, char **argv, struct main_opts *o)
{
	static const struct {
		const char	*name;
		unsigned	 on;
		size_t		 off;	/* offset of the const char * field */
	} valued[] = {
		{ "--db", ON_DB, offsetof(struct main_opts, db) },
		{ "--listen", ON(MAIN_SERVE),
		    offsetof(struct main_opts, listen) },
		{ "--threads", ON(MAIN_SERVE),
		    offsetof(struct main_opts, threads) },
		{ "--public-url", ON(MAIN_SERVE),
		    offsetof(struct main_opts, public_url) },
		{ "--webhook-secret", ON(MAIN_SERVE),
		    offsetof(struct main_opts, webhook_secret) },
		{ "--smtp-url", ON(MAIN_SERVE),
		    offsetof(struct main_opts, smtp_url) },
		{ "--mail-from", ON(MAIN_SERVE),
		    offsetof(struct main_opts, mail_from) },
		{ "--data-dir", ON(MAIN_SERVE),
		    offsetof(struct main_opts, data_dir) },
		{ "--post-rate", ON(MAIN_SERVE),
		    offsetof(struct main_opts, post_rate) },
		{ "--role", ON(MAIN_USER_ADD), offsetof(struct main_opts, role) },
		{ "--email", ON(MAIN_USER_ADD),
		    offsetof(struct main_opts, email) },
		{ "--level", ON(MAIN_USER_ADD),
		    offsetof(struct main_opts, level) },
		{ "--label", ON(MAIN_USER_TOKEN),
		    offsetof(struct main_opts, label) },
		{ "--month", ON(MAIN_BADGES_MONTHLY),
		    offsetof(struct main_opts, month) },
	};
	const char	*pos[3];
	size_t		 npos = 0, i, nlen;
	int		 a;

	memset(o, 0, sizeof *o);
	for (a = 1; a < argc; a++) {
		const char *arg = argv[a], *eq, *val = NULL;

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(arg, "--version") == 0 || strcmp(arg, "-V") == 0) {
			printf("guildd %s\n", GUILD_VERSION);
			return 0;
		}
		if (strcmp(arg, "--demo") == 0) {
			o->demo = 1;
			continue;
		}
		if (strcmp(arg, "--password-stdin") == 0) {
			o->password_stdin = 1;
			continue;
		}
		if (arg[0] != '-' || arg[1] == '\0') {
			if (npos == G_NELEM(pos))
				return usage_error("unexpected argument '%s'",
				    arg);
			pos[npos++] = arg;
			continue;
		}
		eq = strchr(arg, '=');
		nlen = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
		for (i = 0; i < G_NELEM(valued); i++) {
			if (strlen(valued[i].name) == nlen &&
			    strncmp(arg, valued[i].name, nlen) == 0)
				break;
		}
		if (i == G_NELEM(valued))
			return usage_error("unknown option '%s'", arg);
		if (eq != NULL)
			val = eq + 1;
		else if (a + 1 < argc)
			val = argv[++a];
		else
			return usage_error("%s needs a value", arg);
		*(const char **)(void *)((char *)o + valued[i].off) = val;
	}

	/* The command, from the positional words. */
	if (npos == 0) {
		o->cmd = MAIN_SERVE;
	} else if (strcmp(pos[0], "migrate") == 0 && npos == 1) {
		o->cmd = MAIN_MIGRATE;
	} else if (strcmp(pos[0], "routes") == 0 && npos == 1) {
		o->cmd = MAIN_ROUTES;
	} else if (strcmp(pos[0], "points") == 0) {
		if (npos != 2 || strcmp(pos[1], "rebuild") != 0)
			return usage_error("%s: say 'points rebuild'",
			    "points");
		o->cmd = MAIN_POINTS_REBUILD;
	} else if (strcmp(pos[0], "badges") == 0) {
		if (npos != 2 || strcmp(pos[1], "award-monthly") != 0)
			return usage_error("%s: say 'badges award-monthly'",
			    "badges");
		o->cmd = MAIN_BADGES_MONTHLY;
	} else if (strcmp(pos[0], "user") == 0) {
		if (npos < 2)
			return usage_error("%s: say 'user add NAME' or "
			    "'user token NAME'", "user");
		if (strcmp(pos[1], "add") == 0)
			o->cmd = MAIN_USER_ADD;
		else if (strcmp(pos[1], "token") == 0)
			o->cmd = MAIN_USER_TOKEN;
		else
			return usage_error("unknown user command '%s' (add, "
			    "token)", pos[1]);
		if (npos != 3)
			return usage_error("user %s needs a NAME", pos[1]);
		o->name = pos[2];
	} else {
		return usage_error("unknown command '%s' (migrate, user, "
		    "routes, points, badges)", pos[0]);
	}

	/* Options that do not belong to the command are mistakes. */
	for (i = 0; i < G_NELEM(valued); i++) {
		if (*(const char *const *)(const void *)((const char *)o +
		    valued[i].off) != NULL && !(valued[i].on & ON(o->cmd))) {
			fprintf(stderr, "guildd: %s does not apply to '%s'\n"
			    "(see guildd --help)\n", valued[i].name,
			    command_names[o->cmd]);
			return 2;
		}
	}
	if (o->demo && o->cmd != MAIN_SERVE)
		return usage_error("--demo applies only when serving (%s)",
		    "guildd --demo");
	if (o->password_stdin && o->cmd != MAIN_USER_ADD)
		return usage_error("%s applies only to 'user add'",
		    "--password-stdin");
	if (o->db == NULL)
		o->db = getenv("GUILDD_DB");
	if (o->db == NULL || o->db[0] == '\0')
		o->db = SRV_DEFAULT_DB;
	if (o->listen == NULL)
		o->listen = getenv("GUILDD_LISTEN");
	if (o->listen == NULL || o->listen[0] == '\0')
		o->listen = SRV_DEFAULT_LISTEN;
	return -1;
}

/* Opens the database and brings its schema up to date. 0 or -1. */
static int
open_migrated(const char *path, sqlite3 **db, int *from, int *to)
{
	struct gerr	err;

	gerr_clear(&err);
	if (db_open(path, db, &err) != 0 ||
	    db_migrate(*db, from, to, &err) != 0) {
		fprintf(stderr, "guildd: %s\n", err.msg);
		sqlite3_close(*db);
		*db = NULL;
		return -1;
	}
	return 0;
}

/* ---- guildd (serve) ------------------------------------------------- */

/*
 * Sets up payments and mail once the database is migrated: the webhook
 * secret (option, GUILDD_WEBHOOK_SECRET, or the stored one), the public
 * URL of checkout links, and the mail sender thread. 0 or -1 (said).
 */
static int
payments_start(const struct main_opts *o, struct http_server *srv,
    sqlite3 *db)
{
	struct mail_config	 mc;
	struct gerr		 err;
	const char		*given = o->webhook_secret, *slash;
	char			 secret[PAY_SECRET_MAX], dir[4096];
	size_t			 len;

	gerr_clear(&err);
	if (given == NULL)
		given = getenv("GUILDD_WEBHOOK_SECRET");
	if (pay_secret_load(db, given, secret, sizeof secret, &err) != 0) {
		fprintf(stderr, "guildd: %s\n", err.msg);
		return -1;
	}
	if (pay_init(o->public_url != NULL ? o->public_url : http_url(srv),
	    secret) != 0) {
		sodium_memzero(secret, sizeof secret);
		fprintf(stderr, "guildd: --public-url is too long\n");
		return -1;
	}
	sodium_memzero(secret, sizeof secret);
	memset(&mc, 0, sizeof mc);
	mc.smtp_url = o->smtp_url != NULL ? o->smtp_url :
	    getenv("GUILDD_SMTP_URL");
	mc.from = o->mail_from;
	mc.db_path = o->db;
	if (o->data_dir != NULL) {
		mc.data_dir = o->data_dir;
	} else {
		/* The database's directory. */
		slash = strrchr(o->db, '/');
		len = slash == NULL ? 0 : (size_t)(slash - o->db);
		if (slash == o->db)
			len = 1;
		if (len >= sizeof dir) {
			fprintf(stderr, "guildd: the database path is too "
			    "long\n");
			return -1;
		}
		memcpy(dir, slash == NULL ? "." : o->db, slash == NULL ? 1 :
		    len);
		dir[slash == NULL ? 1 : len] = '\0';
		mc.data_dir = dir;
	}
	if (mail_start(&mc, &err) != 0) {
		fprintf(stderr, "guildd: %s\n", err.msg);
		return -1;
	}
	fprintf(stderr, "guildd: checkout links at %s/checkout/, mail %s%s\n",
	    pay_public_url(), mc.smtp_url != NULL && mc.smtp_url[0] != '\0' ?
	    "by SMTP" : "to the maildir ", mc.smtp_url != NULL &&
	    mc.smtp_url[0] != '\0' ? "" : mc.data_dir);
	return 0;
}

static int
main_serve(const struct main_opts *o)
{
	struct srv_config	 cfg;
	struct gerr		 err;
	struct db_pool		*pool;
	struct http_server	*srv;
	sqlite3			*db;
	sigset_t		 set;
	int64_t			 threads = SRV_DEFAULT_THREADS;
	int			 sig = 0, seeded, version;
	char			 host[256];
	unsigned		 port;

	if (o->threads != NULL &&
	    parse_int64(o->threads, 1, SRV_MAX_THREADS, &threads) != 0)
		return usage_error("--threads wants a number from 1 to %d, not "
		    "'%s'", SRV_MAX_THREADS, o->threads);
	if (post_rate_configure(o->post_rate != NULL ? o->post_rate :
	    POST_RATE_DEFAULT) != 0)
		return usage_error("--post-rate wants N/PERIOD such as 10/min, "
		    "3/30s or off, not '%s'", o->post_rate);
	if (http_parse_listen(o->listen, host, sizeof host, &port) != 0)
		return usage_error("cannot parse listen address '%s' (use "
		    "ADDR:PORT, e.g. 127.0.0.1:8080)", o->listen);
	if (o->public_url != NULL && !str_starts(o->public_url, "http://") &&
	    !str_starts(o->public_url, "https://"))
		return usage_error("--public-url wants an http:// or https:// "
		    "URL, not '%s'", o->public_url);
	memset(&cfg, 0, sizeof cfg);
	cfg.listen = o->listen;
	cfg.threads = (unsigned)threads;
	cfg.body_max = SRV_BODY_MAX;

	/*
	 * SIGINT and SIGTERM are taken by sigwait below; block them before
	 * any thread starts so every thread inherits the mask.
	 */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* jansson's hash seed, set before any thread can race to set it. */
	json_object_seed(0);
	gerr_clear(&err);
	srv = http_start(&cfg, &err);
	if (srv == NULL) {
		fprintf(stderr, "guildd: %s\n", err.msg);
		return err.kind == GERR_USAGE ? 2 : 1;
	}
	if (auth_init(1) != 0) {
		fprintf(stderr, "guildd: cannot initialise libsodium\n");
		http_stop(srv);
		return 1;
	}
	if (open_migrated(o->db, &db, NULL, &version) != 0) {
		http_stop(srv);
		return 1;
	}
	seeded = o->demo ? demo_seed(db, &err) : 0;
	if (seeded < 0) {
		fprintf(stderr, "guildd: demo data: %s\n", err.msg);
		sqlite3_close(db);
		http_stop(srv);
		return 1;
	}
	if (payments_start(o, srv, db) != 0) {
		sqlite3_close(db);
		http_stop(srv);
		return 1;
	}
	sqlite3_close(db);
	fprintf(stderr, "guildd: database %s (schema version %d)%s\n", o->db,
	    version, seeded ? ", demo data seeded" : "");

	pool = db_pool_new(o->db, cfg.threads, &err);
	if (pool == NULL) {
		fprintf(stderr, "guildd: %s\n", err.msg);
		http_stop(srv);
		mail_stop();
		return 1;
	}
	if (http_serve(srv, &cfg, pool, &err) != 0) {
		fprintf(stderr, "guildd: %s\n", err.msg);
		http_stop(srv);
		mail_stop();
		db_pool_free(pool);
		return 1;
	}
	printf("guildd: listening on %s\n", http_url(srv));
	fflush(stdout);

	while (sigwait(&set, &sig) != 0)
		continue;
	fprintf(stderr, "guildd: %s received, stopping\n",
	    sig == SIGINT ? "SIGINT" : "SIGTERM");
	http_stop(srv);
	mail_stop();
	db_pool_free(pool);
	return 0;
}

/* ---- guildd migrate -------------------------------------------------- */

static int
main_migrate(const struct main_opts *o)
{
	sqlite3	*db;
	int	 from, to;

	if (open_migrated(o->db, &db, &from, &to) != 0)
		return 1;
	sqlite3_close(db);
	if (from == to)
		printf("guildd: %s is at schema version %d; nothing to do\n",
		    o->db, to);
	else
		printf("guildd: %s migrated from schema version %d to %d\n",
		    o->db, from, to);
	return 0;
}

/*
 * guildd points rebuild: recomputes the points aggregates (all-time
 * totals, daily buckets) from the ledger in one transaction. 0 or 1.
 */
static int
main_points_rebuild(const struct main_opts *o)
{
	sqlite3	*db;
	int	 from, to, rc = 1;

	if (open_migrated(o->db, &db, &from, &to) != 0)
		return 1;
	if (db_begin(db) == 0) {
		if (points_rebuild(db) == 0 && db_commit(db) == 0)
			rc = 0;
		else
			db_rollback(db);
	}
	sqlite3_close(db);
	if (rc == 0)
		printf("guildd: rebuilt the points aggregates of %s\n", o->db);
	else
		fprintf(stderr, "guildd: cannot rebuild the points "
		    "aggregates of %s\n", o->db);
	return rc;
}

/*
 * guildd badges award-monthly [--month YYYY-MM]: awards "member of the
 * month" for that month (default: the last one) to its top 3. Running
 * it again awards nothing new. 0, 1 on failure, 2 for a bad month.
 */
static int
main_badges_monthly(const struct main_opts *o)
{
	sqlite3	*db;
	time_t	 now = time(NULL);
	struct tm tm;
	int64_t	 y, m;
	char	 ys[5];
	int	 from, to, n = 0, rc = 1;

	if (o->month != NULL) {
		if (strlen(o->month) != 7 || o->month[4] != '-' ||
		    parse_int64(o->month + 5, 1, 12, &m) != 0) {
			fprintf(stderr, "guildd: --month wants YYYY-MM\n");
			return 2;
		}
		memcpy(ys, o->month, 4);
		ys[4] = '\0';
		if (parse_int64(ys, 1970, 9999, &y) != 0) {
			fprintf(stderr, "guildd: --month wants YYYY-MM\n");
			return 2;
		}
	} else {
		if (gmtime_r(&now, &tm) == NULL)
			return 1;
		y = tm.tm_year + 1900;
		m = tm.tm_mon + 1;
		if (--m == 0) {
			m = 12;
			y--;
		}
	}
	if (open_migrated(o->db, &db, &from, &to) != 0)
		return 1;
	if (db_begin(db) == 0) {
		if (points_award_monthly(db, (int)y, (int)m, now, &n) == 0 &&
		    db_commit(db) == 0)
			rc = 0;
		else
			db_rollback(db);
	}
	sqlite3_close(db);
	if (rc == 0)
		printf("guildd: member of the month %04d-%02d: %d badge(s) "
		    "awarded\n", (int)y, (int)m, n);
	else
		fprintf(stderr, "guildd: cannot award the monthly badges in "
		    "%s\n", o->db);
	return rc;
}

/* ---- guildd user add / user token ------------------------------------ */

/*
 * Reads the password for `user add --password-stdin`: the first line of
 * standard input without its line ending. Returns a string the caller
 * frees (after wiping), or NULL with a message printed.
 */
static char *
read_password_stdin(void)
{
	char	*line = NULL;
	size_t	 cap = 0;
	ssize_t	 len;

	len = getline(&line, &cap, stdin);
	if (len < 0) {
		free(line);
		fprintf(stderr, "guildd: --password-stdin: no password on "
		    "standard input\n");
		return NULL;
	}
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	return line;
}

static int
main_user_add(const struct main_opts *o)
{
	struct user	 u;
	char		 name[33], hash[AUTH_HASH_SIZE], generated[25];
	char		*password = NULL;
	sqlite3		*db;
	enum gstatus	 s;
	int		 utaken = 0, etaken = 0;
	int64_t		 id = 0;

	memset(&u, 0, sizeof u);
	if (!srv_username_valid(o->name))
		return usage_error("user name '%s' must be 3 to 32 characters "
		    "of a-z, 0-9, '_' and '-'", o->name);
	if (o->role != NULL && role_parse(o->role, &u.role) != 0)
		return usage_error("--role must be member, instructor or "
		    "operator, not '%s'", o->role);
	if (o->level != NULL && level_parse(o->level, &u.level) != 0)
		return usage_error("--level must be beginner, intermediate or "
		    "advanced, not '%s'", o->level);
	if (o->email != NULL && !srv_email_valid(o->email))
		return usage_error("--email '%s' is not an email address",
		    o->email);
	if (auth_init(0) != 0) {
		fprintf(stderr, "guildd: cannot initialise libsodium\n");
		return 1;
	}
	if (o->password_stdin) {
		password = read_password_stdin();
		if (password == NULL)
			return 1;
		if (srv_utf8_len(password) < AUTH_PASSWORD_MIN ||
		    strlen(password) > AUTH_PASSWORD_MAX) {
			sodium_memzero(password, strlen(password));
			free(password);
			fprintf(stderr, "guildd: the password must be %d to %d "
			    "characters\n", AUTH_PASSWORD_MIN,
			    AUTH_PASSWORD_MAX);
			return 1;
		}
	} else {
		auth_random_password(generated);
	}
	s = auth_password_hash(password != NULL ? password : generated, hash)
	    == 0 ? G_OK : G_INTERNAL;
	if (password != NULL) {
		sodium_memzero(password, strlen(password));
		free(password);
	}
	if (s != G_OK) {
		fprintf(stderr, "guildd: cannot hash the password\n");
		return 1;
	}
	srv_username_fold(o->name, name, sizeof name);
	u.username = name;
	u.email = (char *)o->email;

	umask(077);
	if (open_migrated(o->db, &db, NULL, NULL) != 0)
		return 1;
	if (db_begin(db) != 0) {
		sqlite3_close(db);
		return 1;
	}
	s = db_user_taken(db, name, o->email, &utaken, &etaken);
	if (s == G_OK && (utaken || etaken))
		s = G_CONFLICT;
	if (s == G_OK)
		s = db_user_insert(db, &u, hash, time(NULL), &id);
	if (s == G_OK && db_commit(db) != 0)
		s = G_INTERNAL;
	if (s != G_OK)
		db_rollback(db);
	sqlite3_close(db);
	sodium_memzero(hash, sizeof hash);
	if (s == G_CONFLICT) {
		fprintf(stderr, "guildd: %s '%s' is already taken\n",
		    utaken ? "user name" : "email", utaken ? name : o->email);
		return 1;
	}
	if (s != G_OK) {
		fprintf(stderr, "guildd: cannot add the user\n");
		return 1;
	}
	fprintf(stderr, "guildd: added %s %s (id %lld)\n", role_name(u.role),
	    name, (long long)id);
	if (!o->password_stdin) {
		fprintf(stderr, "guildd: their password (shown only now):\n");
		printf("%s\n", generated);
		sodium_memzero(generated, sizeof generated);
	}
	return 0;
}

static int
main_user_token(const struct main_opts *o)
{
	struct user	 u;
	char		*hash = NULL, tok[AUTH_TOKEN_SIZE];
	unsigned char	 th[32];
	sqlite3		*db;
	enum gstatus	 s;
	int64_t		 id;

	if (auth_init(0) != 0) {
		fprintf(stderr, "guildd: cannot initialise libsodium\n");
		return 1;
	}
	umask(077);
	if (open_migrated(o->db, &db, NULL, NULL) != 0)
		return 1;
	s = db_user_find_login(db, o->name, &u, &hash);
	free(hash);
	if (s == G_NOT_FOUND) {
		sqlite3_close(db);
		fprintf(stderr, "guildd: no user '%s' in %s\n", o->name, o->db);
		return 1;
	}
	auth_token_new(tok, th);
	if (s == G_OK)
		s = db_begin(db) == 0 ? G_OK : G_INTERNAL;
	if (s == G_OK)
		s = db_token_insert(db, u.id, th, o->label != NULL ? o->label :
		    "guildd user token", time(NULL), &id);
	if (s == G_OK && db_commit(db) != 0)
		s = G_INTERNAL;
	if (s != G_OK)
		db_rollback(db);
	sqlite3_close(db);
	user_release(&u);
	if (s != G_OK) {
		sodium_memzero(tok, sizeof tok);
		fprintf(stderr, "guildd: cannot store the token\n");
		return 1;
	}
	printf("%s\n", tok);
	fflush(stdout);
	sodium_memzero(tok, sizeof tok);
	return 0;
}

/* ---- guildd routes ---------------------------------------------------- */

static int
main_routes(void)
{
	size_t	i;

	for (i = 0; i < router_nroutes; i++)
		printf("%s %s\n", router_routes[i].method,
		    router_routes[i].pattern);
	return 0;
}

int
main(int argc, char **argv)
{
	struct main_opts	o;
	int			rc;

	rc = parse_args(argc, argv, &o);
	if (rc >= 0)
		return rc;
	switch (o.cmd) {
	case MAIN_SERVE:
		umask(077);
		rc = main_serve(&o);
		break;
	case MAIN_MIGRATE:
		umask(077);
		rc = main_migrate(&o);
		break;
	case MAIN_USER_ADD:
		rc = main_user_add(&o);
		break;
	case MAIN_USER_TOKEN:
		rc = main_user_token(&o);
		break;
	case MAIN_ROUTES:
		rc = main_routes();
		break;
	case MAIN_POINTS_REBUILD:
		rc = main_points_rebuild(&o);
		break;
	case MAIN_BADGES_MONTHLY:
		rc = main_badges_monthly(&o);
		break;
	default:
		rc = 2;
		break;
	}
	sqlite3_shutdown();
	return rc;
}

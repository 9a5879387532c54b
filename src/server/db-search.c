/*
 * Full-text search over thread and question titles and bodies with
 * SQLite FTS5, and over published course titles and summaries.
 *
 * FTS5's unicode61 tokenizer keeps a run of Chinese characters as one
 * token, so "数据库引擎" could only be found whole. The index therefore
 * sees each CJK run as its overlapping two-character pieces ("数据 据库
 * 库引 引擎"), and a query is cut the same way into a phrase of pieces
 * that must be adjacent: any two or more consecutive characters match.
 * The cutting happens here in C, so the index is written explicitly in
 * the transaction of each post (search_index_put), and snippets are cut
 * from the original text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/buf.h"
#include "db.h"
#include "posts.h"

#define SNIPPET_BEFORE	40	/* code points before the first match */
#define SNIPPET_LENGTH	160	/* code points in a snippet */
#define TITLE_WEIGHT	"4.0"	/* bm25 weight of a title over a body */

/* ---- text as the index sees it ----------------------------------------- */

/*
 * Decodes the UTF-8 sequence at s into *cp and returns its length; a
 * malformed byte is one U+FFFD.
 */
static size_t
utf8_decode(const unsigned char *s, uint32_t *cp)
{
	size_t		n, i;
	uint32_t	c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*cp = c;
	return n;
}

/* Han ideographs, kana and Hangul syllables: written without spaces. */
static int
is_cjk(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30ff) ||	/* hiragana, katakana */
	    (cp >= 0x31f0 && cp <= 0x31ff) ||
	    (cp >= 0x3400 && cp <= 0x4dbf) ||		/* extension A */
	    (cp >= 0x4e00 && cp <= 0x9fff) ||		/* unified */
	    (cp >= 0xac00 && cp <= 0xd7af) ||		/* Hangul */
	    (cp >= 0xf900 && cp <= 0xfaff) ||		/* compatibility */
	    (cp >= 0x20000 && cp <= 0x3ffff);		/* extensions B on */
}

/*
 * Code points that can be part of a token: ASCII letters and digits and
 * anything beyond ASCII except the common punctuation, symbol and emoji
 * blocks. A query word without one would be an empty phrase, which FTS5
 * takes to match everything.
 */
static int
is_word_char(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		    (cp >= 'A' && cp <= 'Z');
	return !((cp >= 0x80 && cp <= 0xbf) ||
	    (cp >= 0x2000 && cp <= 0x2bff) ||	/* punctuation, symbols */
	    (cp >= 0x3000 && cp <= 0x303f) ||	/* CJK punctuation */
	    (cp >= 0xfe30 && cp <= 0xfe4f) ||
	    (cp >= 0xff00 && cp <= 0xff0f) ||	/* fullwidth punctuation */
	    (cp >= 0xff1a && cp <= 0xff20) ||
	    (cp >= 0xff3b && cp <= 0xff40) ||
	    (cp >= 0xff5b && cp <= 0xff65) ||
	    (cp >= 0x1f000 && cp <= 0x1faff) ||	/* emoji */
	    cp == 0xfffd);
}

char *
search_text(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s, *prev = NULL;
	struct buf		 b = BUF_INIT;
	size_t			 n, prevlen = 0;
	uint32_t		 cp;
	int			 run = 0;	/* CJK characters so far */

	buf_adds(&b, "");
	for (;; p += n) {
		n = *p != '\0' ? utf8_decode(p, &cp) : 0;
		if (n > 0 && is_cjk(cp)) {
			/* Each character after the first closes a pair. */
			if (run == 0) {
				buf_addc(&b, ' ');
			} else {
				if (run > 1)
					buf_addc(&b, ' ');
				buf_add(&b, prev, prevlen);
				buf_add(&b, p, n);
			}
			run++;
			prev = p;
			prevlen = n;
			continue;
		}
		if (run == 1)		/* a lone character stays whole */
			buf_add(&b, prev, prevlen);
		if (run > 0)
			buf_addc(&b, ' ');
		run = 0;
		if (n == 0)
			break;
		buf_add(&b, p, n);
	}
	if (b.failed) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* 1 when word (len bytes) has a CJK character, or a token character. */
static int
word_has(const char *word, size_t len, int (*pred)(uint32_t))
{
	const unsigned char	*p = (const unsigned char *)word;
	const unsigned char	*end = p + len;
	uint32_t		 cp;

	while (p < end) {
		p += utf8_decode(p, &cp);
		if (pred(cp))
			return 1;
	}
	return 0;
}

/*
 * Splits q into at most POST_QUERY_WORDS words with something to search
 * for, calling fn for each. Returns the number of words.
 */
static size_t
query_words(const char *q, void (*fn)(const char *, size_t, void *),
    void *arg)
{
	size_t	len, n = 0;

	while (*q != '\0' && n < POST_QUERY_WORDS) {
		q += strspn(q, " \t\r\n");
		len = strcspn(q, " \t\r\n");
		if (len == 0)
			break;
		if (word_has(q, len, is_word_char)) {
			fn(q, len, arg);
			n++;
		}
		q += len;
	}
	return n;
}

/* Appends word to the FTS5 expression in arg as a quoted phrase. */
static void
expr_add_word(const char *word, size_t len, void *arg)
{
	struct buf	*b = arg;
	char		*w, *t, *p;

	w = malloc(len + 1);
	if (w == NULL) {
		b->failed = 1;
		return;
	}
	memcpy(w, word, len);
	w[len] = '\0';
	t = search_text(w);
	if (t == NULL) {
		free(w);
		b->failed = 1;
		return;
	}
	if (b->len > 0)
		buf_addc(b, ' ');
	buf_addc(b, '"');
	for (p = t; *p != '\0'; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
	/* Words in spaced scripts match as prefixes: "sql" finds sqlite. */
	if (!word_has(word, len, is_cjk))
		buf_addc(b, '*');
	free(t);
	free(w);
}

int
search_match_expr(const char *q, char **expr, size_t *nwords)
{
	struct buf	b = BUF_INIT;

	*expr = NULL;
	*nwords = query_words(q, expr_add_word, &b);
	if (b.failed) {
		buf_release(&b);
		return -1;
	}
	if (*nwords == 0) {
		buf_release(&b);
		return 0;
	}
	*expr = buf_detach(&b);
	return *expr != NULL ? 0 : -1;
}

/* ---- the index ---------------------------------------------------------- */

/* The search_docs rowid of a post: id * 4 + 1 (thread) or + 2 (question). */
static int64_t
doc_rowid(enum post_kind kind, int64_t id)
{
	return id * 4 + (kind == POST_QUESTION ? 2 : 1);
}

enum gstatus
search_index_delete(sqlite3 *db, enum post_kind kind, int64_t id)
{
	sqlite3_stmt	*st;

	if (db_prepare(db, "DELETE FROM search_docs WHERE rowid = ?1",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, doc_rowid(kind, id));
	return post_step_done(db, st, "search delete");
}

enum gstatus
search_index_put(sqlite3 *db, enum post_kind kind, int64_t id,
    const char *title, const char *body)
{
	sqlite3_stmt	*st;
	char		*t, *b;
	enum gstatus	 s;

	s = search_index_delete(db, kind, id);
	if (s != G_OK)
		return s;
	t = search_text(title != NULL ? title : "");
	b = search_text(body != NULL ? body : "");
	if (t == NULL || b == NULL || db_prepare(db, "INSERT INTO search_docs"
	    " (rowid, title, body) VALUES (?1, ?2, ?3)", &st) != 0) {
		free(t);
		free(b);
		return G_INTERNAL;
	}
	sqlite3_bind_int64(st, 1, doc_rowid(kind, id));
	sqlite3_bind_text(st, 2, t, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, b, -1, SQLITE_STATIC);
	s = post_step_done(db, st, "search insert");
	free(t);
	free(b);
	return s;
}

/* ---- searching ---------------------------------------------------------- */

/* The words of a query, kept for snippets and the course search. */
struct query_words {
	char	w[POST_QUERY_WORDS][POST_QUERY_MAX + 1];
	size_t	n;
};

static void
words_add(const char *word, size_t len, void *arg)
{
	struct query_words	*qw = arg;

	if (len > POST_QUERY_MAX)
		len = POST_QUERY_MAX;
	memcpy(qw->w[qw->n], word, len);
	qw->w[qw->n][len] = '\0';
	qw->n++;
}

/* strstr ignoring ASCII case; NULL when needle is not in hay. */
static const char *
find_fold(const char *hay, const char *needle)
{
	size_t	i, nlen = strlen(needle);

	if (nlen == 0)
		return NULL;
	for (; *hay != '\0'; hay++) {
		for (i = 0; i < nlen && hay[i] != '\0'; i++) {
			char a = hay[i], b = needle[i];

			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (char)(b - 'A' + 'a');
			if (a != b)
				break;
		}
		if (i == nlen)
			return hay;
	}
	return NULL;
}

/*
 * Plain text around the first place in text where a query word occurs
 * (the start when none does): white space runs become one space, "…"
 * marks a cut. Returns a string the caller frees, or NULL (no memory).
 */
static char *
snippet_make(const char *text, const struct query_words *qw)
{
	const char	*start = text, *at, *end;
	struct buf	 b = BUF_INIT;
	size_t		 i, cps;
	int		 space = 0;

	for (i = 0; i < qw->n; i++) {
		at = find_fold(text, qw->w[i]);
		if (at != NULL && (start == text || at < start))
			start = at;
	}
	for (cps = 0; start > text && cps < SNIPPET_BEFORE; ) {
		start--;
		if (((unsigned char)*start & 0xc0) != 0x80)
			cps++;
	}
	for (end = start, cps = 0; *end != '\0' && cps < SNIPPET_LENGTH; ) {
		end++;
		while (((unsigned char)*end & 0xc0) == 0x80)
			end++;
		cps++;
	}
	buf_adds(&b, start > text ? "\xe2\x80\xa6" : "");
	for (at = start; at < end; at++) {
		if (*at == ' ' || *at == '\t' || *at == '\n' || *at == '\r') {
			space = 1;
			continue;
		}
		if (space && b.len > 0)
			buf_addc(&b, ' ');
		space = 0;
		buf_addc(&b, *at);
	}
	if (*end != '\0')
		buf_adds(&b, "\xe2\x80\xa6");
	if (b.failed) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

void
db_search_free(struct search_hit *items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		search_hit_release(&items[i]);
	free(items);
}

/* Fills hit h with the title and a snippet of thread or question id. */
static enum gstatus
hit_fill(sqlite3 *db, struct search_hit *h, const struct query_words *qw)
{
	const char	*body;
	sqlite3_stmt	*st;
	enum gstatus	 s = G_OK;
	int		 rc;

	if (db_prepare(db, strcmp(h->type, "thread") == 0 ?
	    "SELECT title, body FROM threads WHERE id = ?1" :
	    "SELECT title, body FROM questions WHERE id = ?1", &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_int64(st, 1, h->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		body = (const char *)sqlite3_column_text(st, 1);
		h->snippet = snippet_make(body != NULL ? body : "", qw);
		if (db_col_text(st, 0, &h->title) != 0 || h->snippet == NULL)
			s = G_INTERNAL;
	} else {
		s = rc == SQLITE_DONE ? G_NOT_FOUND : G_INTERNAL;
	}
	sqlite3_finalize(st);
	return s;
}

/* Appends an empty hit to the array, growing it. NULL on no memory. */
static struct search_hit *
hit_new(struct search_hit **items, size_t *n, size_t *cap)
{
	struct search_hit	*grown;

	if (*n == *cap) {
		*cap = *cap > 0 ? *cap * 2 : 16;
		grown = realloc(*items, *cap * sizeof **items);
		if (grown == NULL)
			return NULL;
		*items = grown;
	}
	memset(&(*items)[*n], 0, sizeof **items);
	return &(*items)[(*n)++];
}

/* The FTS5 half: best first, at most limit + 1 hits. */
static enum gstatus
search_posts(sqlite3 *db, const char *expr, unsigned types, int limit,
    const struct query_words *qw, struct search_hit **items, size_t *n,
    size_t *cap)
{
	sqlite3_stmt		*st;
	struct search_hit	*h;
	enum gstatus		 s = G_OK;
	int64_t			 rowid;
	int			 rc;

	if (db_prepare(db, "SELECT rowid, -bm25(search_docs, " TITLE_WEIGHT
	    ", 1.0) FROM search_docs WHERE search_docs MATCH ?1"
	    " AND ((rowid % 4 = 1 AND ?2) OR (rowid % 4 = 2 AND ?3))"
	    " ORDER BY bm25(search_docs, " TITLE_WEIGHT ", 1.0) LIMIT ?4",
	    &st) != 0)
		return G_INTERNAL;
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (types & SEARCH_THREADS) != 0);
	sqlite3_bind_int(st, 3, (types & SEARCH_QUESTIONS) != 0);
	sqlite3_bind_int(st, 4, limit + 1);
	while (s == G_OK) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		h = hit_new(items, n, cap);
		if (h == NULL) {
			s = G_INTERNAL;
			break;
		}
		rowid = sqlite3_column_int64(st, 0);
		h->id = rowid / 4;
		h->type = strdup(rowid % 4 == 1 ? "thread" : "question");
		h->score = sqlite3_column_double(st, 1);
		s = h->type != NULL ? hit_fill(db, h, qw) : G_INTERNAL;
		if (s == G_NOT_FOUND) {		/* the index ran ahead */
			search_hit_release(h);
			(*n)--;
			s = G_OK;
		}
	}
	if (s == G_OK && rc != SQLITE_DONE) {
		db_log(db, "search");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	return s;
}

/*
 * The catalog half: published courses whose title or summary holds
 * every word, scored 2 per word in the title and 1 per word in the
 * summary. A catalog is small, so LIKE is cheap enough here.
 */
static enum gstatus
search_courses(sqlite3 *db, const struct query_words *qw, int limit,
    struct search_hit **items, size_t *n, size_t *cap)
{
	sqlite3_stmt		*st;
	struct search_hit	*h;
	struct buf		 sql = BUF_INIT, pat = BUF_INIT;
	const char		*title, *summary, *c;
	enum gstatus		 s = G_OK;
	size_t			 i;
	int			 rc;

	buf_adds(&sql, "SELECT id, title, summary FROM courses"
	    " WHERE published = 1");
	for (i = 0; i < qw->n; i++)
		buf_printf(&sql, " AND (title LIKE ?%zu ESCAPE '\\'"
		    " OR summary LIKE ?%zu ESCAPE '\\')", i + 1, i + 1);
	buf_printf(&sql, " ORDER BY id LIMIT %d", limit + 1);
	if (sql.failed || db_prepare(db, buf_str(&sql), &st) != 0) {
		buf_release(&sql);
		return G_INTERNAL;
	}
	buf_release(&sql);
	for (i = 0; i < qw->n; i++) {
		buf_reset(&pat);
		buf_addc(&pat, '%');
		for (c = qw->w[i]; *c != '\0'; c++) {
			if (*c == '%' || *c == '_' || *c == '\\')
				buf_addc(&pat, '\\');
			buf_addc(&pat, *c);
		}
		buf_addc(&pat, '%');
		sqlite3_bind_text(st, (int)i + 1, buf_str(&pat), -1,
		    SQLITE_TRANSIENT);
	}
	buf_release(&pat);
	while (s == G_OK) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		h = hit_new(items, n, cap);
		if (h == NULL) {
			s = G_INTERNAL;
			break;
		}
		h->id = sqlite3_column_int64(st, 0);
		h->type = strdup("course");
		title = (const char *)sqlite3_column_text(st, 1);
		summary = (const char *)sqlite3_column_text(st, 2);
		for (i = 0; i < qw->n; i++) {
			if (title != NULL && find_fold(title, qw->w[i]) != NULL)
				h->score += 2.0;
			if (summary != NULL &&
			    find_fold(summary, qw->w[i]) != NULL)
				h->score += 1.0;
		}
		h->title = str_dup_or_null(title != NULL ? title : "");
		h->snippet = str_dup_or_null(summary != NULL ? summary : "");
		if (h->type == NULL || h->title == NULL || h->snippet == NULL)
			s = G_INTERNAL;
	}
	if (s == G_OK && rc != SQLITE_DONE) {
		db_log(db, "course search");
		s = G_INTERNAL;
	}
	sqlite3_finalize(st);
	return s;
}

/* Best first; equal scores keep threads, questions, courses, by id. */
static int
hit_compare(const void *a, const void *b)
{
	const struct search_hit	*x = a, *y = b;
	int			 c;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	c = strcmp(y->type, x->type);
	if (c != 0)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

enum gstatus
db_search(sqlite3 *db, const char *q, unsigned types, int limit,
    struct search_hit **items, size_t *n, int *has_more, size_t *nwords)
{
	struct query_words	 qw;
	char			*expr = NULL;
	size_t			 cap = 0;
	enum gstatus		 s = G_OK;

	*items = NULL;
	*n = 0;
	*has_more = 0;
	memset(&qw, 0, sizeof qw);
	if (search_match_expr(q, &expr, nwords) != 0)
		return G_INTERNAL;
	if (*nwords == 0)
		return G_OK;
	query_words(q, words_add, &qw);
	if (types & (SEARCH_THREADS | SEARCH_QUESTIONS))
		s = search_posts(db, expr, types, limit, &qw, items, n, &cap);
	if (s == G_OK && (types & SEARCH_COURSES))
		s = search_courses(db, &qw, limit, items, n, &cap);
	free(expr);
	if (s != G_OK) {
		db_search_free(*items, *n);
		*items = NULL;
		*n = 0;
		return s;
	}
	if (*n > 0)
		qsort(*items, *n, sizeof **items, hit_compare);
	if (*n > (size_t)limit) {
		while (*n > (size_t)limit)
			search_hit_release(&(*items)[--(*n)]);
		*has_more = 1;
	}
	return G_OK;
}

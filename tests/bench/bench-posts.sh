#!/bin/sh
# Discussion and Q&A read latency with 100,000 posts: 20,000 threads,
# 40,000 replies, 20,000 questions and 20,000 answers bulk-loaded with
# sqlite3 (recursive CTEs; migration 4's triggers keep the counters, and
# the search index is filled with the same text, which is ASCII). Then a
# real guildd answers N requests per URL over one kept-alive connection:
# the thread list (first page and a page 15,000 threads deep), the
# replies (a thread with 2,000, first and last page), the question lists
# and a question with its 50 answers, tags and search. Prints
# p50 / p99 / requests per second; nothing is asserted.
. "$(dirname "$0")/../lib.sh"
N=${BENCH_N:-500}
DB="$T/guild.db"

"$GUILDD_BIN" migrate --db "$DB" >/dev/null || exit 1
start=$(date +%s.%N)
sqlite3 "$DB" >/dev/null <<'EOF' || exit 1
PRAGMA journal_mode = WAL;
PRAGMA foreign_keys = ON;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO users (id, username, password_hash, created_at)
  SELECT i, 'member' || i, 'x', 1700000000 FROM n;
INSERT INTO categories (id, slug, name, position) VALUES
  (1, 'announcements', 'Announcements', 0), (2, 'general', 'General', 1),
  (3, 'show-and-tell', 'Show and tell', 2), (4, 'help', 'Help', 3);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO threads (id, category_id, author_id, title, body, pinned,
    last_activity_at, created_at)
  SELECT i, 1 + i % 4, 1 + i % 200,
    'Thread ' || i || ' about ' || (i % 97) || ' things',
    'Body of thread ' || i || '. Markdown text with **bold** words, '
    || 'code like `make -j2` and a link or two, repeated a little: '
    || substr('lorem ipsum dolor sit amet consectetur adipiscing elit ', 1,
              20 + i % 40),
    i % 5000 = 0, 1700000000 + i * 60, 1700000000 + i * 60 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000)
INSERT INTO replies (id, thread_id, author_id, reply_to, body, created_at)
  SELECT i, CASE WHEN i <= 2000 THEN 1 ELSE 1 + (i * 7919) % 20000 END,
    1 + (i * 31) % 200,
    CASE WHEN i > 20000 AND i % 3 = 0 THEN i - 20000 END,
    'Reply ' || i || ': I agree, and here is why.',
    1700000000 + 20000 * 60 + i * 30 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO questions (id, author_id, title, body, created_at)
  SELECT i, 1 + (i * 13) % 200, 'Question ' || i || ': why does ' ||
    (i % 89) || ' fail?', 'Details of question ' || i ||
    ': it works on my machine but not in CI.', 1700000000 + i * 45 FROM n;
INSERT INTO question_tags (question_id, tag, created_at)
  SELECT id, 'tag' || (id % 50), created_at FROM questions;
INSERT INTO question_tags (question_id, tag, created_at)
  SELECT id, 'topic' || (id % 7), created_at FROM questions WHERE id % 2 = 0;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO answers (id, question_id, author_id, body, created_at)
  SELECT i, CASE WHEN i <= 50 THEN 1 ELSE 1 + (i * 7) % 5000 END,
    1 + (i * 17) % 200,
    'Answer ' || i || ': check the environment variables.',
    1700000000 + 20000 * 45 + i * 20 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT OR IGNORE INTO question_votes (question_id, user_id, value, created_at)
  SELECT 1 + (i * 37) % 20000, 1 + (i * 11) % 200,
    CASE WHEN i % 4 = 0 THEN -1 ELSE 1 END, 1700000000 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT OR IGNORE INTO answer_votes (answer_id, user_id, value, created_at)
  SELECT 1 + (i * 53) % 20000, 1 + (i * 19) % 200, 1, 1700000000 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000)
INSERT OR IGNORE INTO thread_likes (thread_id, user_id, created_at)
  SELECT 1 + (i * 101) % 20000, 1 + (i * 7) % 200, 1700000000 FROM n;
UPDATE questions SET accepted_answer_id =
  (SELECT min(a.id) FROM answers a WHERE a.question_id = questions.id)
  WHERE id % 3 = 0 OR id = 1;
INSERT INTO search_docs (rowid, title, body)
  SELECT id * 4 + 1, title, body FROM threads;
INSERT INTO search_docs (rowid, title, body)
  SELECT id * 4 + 2, title, body FROM questions;
COMMIT;
ANALYZE;
EOF
end=$(date +%s.%N)
posts=$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM threads) +
    (SELECT count(*) FROM replies) + (SELECT count(*) FROM questions) +
    (SELECT count(*) FROM answers)")
awk -v p="$posts" -v s="$start" -v e="$end" \
    'BEGIN { printf "loaded %d posts in %.1f s\n", p, e - s }'

guildd_start --post-rate off >/dev/null || exit 1

# A cursor 15,000 threads deep, in the server's format (tl|pinned|key|id).
deep=$(sqlite3 "$DB" "SELECT 'tl|' || pinned || '|' || last_activity_at ||
    '|' || id FROM threads ORDER BY pinned DESC, last_activity_at DESC,
    id DESC LIMIT 1 OFFSET 15000" | tr -d '\n' | base64 | tr '+/' '-_' |
    tr -d '=\n')
busy=$(sqlite3 "$DB" "SELECT id FROM threads ORDER BY reply_count DESC
    LIMIT 1")
q=$(sqlite3 "$DB" "SELECT id FROM questions ORDER BY answer_count DESC
    LIMIT 1")
qa=$(sqlite3 "$DB" "SELECT answer_count FROM questions WHERE id = $q")

# One curl process, N URLs: the connection is reused, so the figures are
# the server's, not process start-up.
measure() {
	_path=$1
	i=0
	while [ $i -lt "$N" ]; do
		echo "url = \"$GUILD_URL$_path\""
		echo "output = /dev/null"
		i=$((i + 1))
	done >"$T/urls"
	_start=$(date +%s.%N)
	curl -s -K "$T/urls" -w '%{http_code} %{time_total}\n' >"$T/times"
	_end=$(date +%s.%N)
	_bad=$(grep -vc '^200 ' "$T/times")
	cut -d' ' -f2 "$T/times" | sort -n | awk -v n="$N" -v s="$_start" \
	    -v e="$_end" -v p="$2" -v bad="$_bad" '
	    { t[NR] = $1 }
	    END {
		printf "%-44s p50 %6.2f ms  p99 %6.2f ms  %5.0f req/s%s\n",
		    p, t[int(NR * 0.50)] * 1000, t[int(NR * 0.99)] * 1000,
		    n / (e - s), (bad > 0 ? "  (" bad " not 200!)" : "")
	    }'
}
measure "/api/v1/threads" "threads, first page"
measure "/api/v1/threads?cursor=$deep" "threads, 15,000 deep"
measure "/api/v1/threads?sort=top&category=2" "threads, top, one category"
rc=$(sqlite3 "$DB" "SELECT reply_count FROM threads WHERE id = $busy")
last=$(sqlite3 "$DB" "SELECT 'r|' || id FROM replies WHERE thread_id = $busy
    ORDER BY id DESC LIMIT 1 OFFSET 100" | tr -d '\n' | base64 |
    tr '+/' '-_' | tr -d '=\n')
measure "/api/v1/threads/$busy/replies?limit=100" "$rc replies, first 100"
measure "/api/v1/threads/$busy/replies?limit=100&cursor=$last" \
    "$rc replies, last 100"
measure "/api/v1/questions" "questions, newest"
measure "/api/v1/questions?sort=votes" "questions, by votes"
measure "/api/v1/questions?tag=tag7&sort=unanswered" \
    "questions, tag, unanswered"
measure "/api/v1/questions/$q" "question with its $qa answers"
measure "/api/v1/tags" "tags"
measure "/api/v1/search?q=fail" "search, a word in 20,000 posts"
measure "/api/v1/search?q=question%2012345" "search, a rare phrase"

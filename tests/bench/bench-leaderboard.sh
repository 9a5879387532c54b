#!/bin/sh
# Leaderboard latency at 100,000 members and 2,000,000 ledger rows. The
# ledger is bulk-loaded with sqlite3 (recursive CTEs; rows spread over
# the last 60 days, every member with some), then `guildd points rebuild`
# recomputes the aggregates (all-time totals, daily buckets) with the
# same SQL the maintenance command uses, so they agree with the ledger.
# A real guildd then answers N requests per URL over one kept-alive
# connection: each period's first page anonymously, each period with the
# caller's `me` (rank and neighbours), and an all-time page deep in the
# board. Prints p50 / p99 / requests per second; nothing is asserted.
. "$(dirname "$0")/../lib.sh"
N=${BENCH_N:-200}
MEMBERS=${BENCH_MEMBERS:-100000}
ROWS=${BENCH_ROWS:-2000000}
DB="$T/guild.db"

"$GUILDD_BIN" migrate --db "$DB" >/dev/null || exit 1
start=$(date +%s.%N)
now=$(date +%s)
sqlite3 "$DB" >/dev/null <<EOF || exit 1
PRAGMA journal_mode = WAL;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
    WHERE i < $MEMBERS)
INSERT INTO users (id, username, password_hash, created_at)
  SELECT i, 'member' || i, 'x', 1700000000 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
    WHERE i < $ROWS)
INSERT INTO points_ledger (user_id, delta, rule, subject_type, subject_id,
    actor_id, created_at)
  SELECT 1 + (i * 7919) % $MEMBERS, 1 + (i * 13) % 10,
    CASE i % 4 WHEN 0 THEN 'answer_upvote' WHEN 1 THEN 'reply_created'
      WHEN 2 THEN 'like_received' ELSE 'question_created' END,
    'bench', i, 0, $now - (i * 2654435761) % (60 * 86400) FROM n;
COMMIT;
EOF
"$GUILDD_BIN" points rebuild --db "$DB" >/dev/null || exit 1
sqlite3 "$DB" "ANALYZE" || exit 1
end=$(date +%s.%N)
rows=$(sqlite3 "$DB" "SELECT count(*) FROM points_ledger")
buckets=$(sqlite3 "$DB" "SELECT count(*) FROM points_daily")
awk -v r="$rows" -v b="$buckets" -v m="$MEMBERS" -v s="$start" -v e="$end" \
    'BEGIN { printf "loaded %d members, %d ledger rows (%d daily buckets)" \
        " and rebuilt the aggregates in %.1f s\n", m, r, b, e - s }'

guildd_start >/dev/null || exit 1
# A member in the middle of the all-time board, for `me`.
mid=$(sqlite3 "$DB" "SELECT 'member' || user_id FROM points_totals
    ORDER BY points DESC, user_id LIMIT 1 OFFSET $((MEMBERS / 2))")
TOKEN=$("$GUILDD_BIN" user token "$mid" --db "$DB") || exit 1
# A cursor 50,000 rows deep, in the server's format (lb|period|points|id).
deep=$(sqlite3 "$DB" "SELECT 'lb|2|' || points || '|' || user_id
    FROM points_totals ORDER BY points DESC, user_id LIMIT 1
    OFFSET $((MEMBERS / 2))" | tr -d '\n' | base64 | tr '+/' '-_' |
    tr -d '=\n')

# One curl process, N URLs: the connection is reused, so the figures are
# the server's, not process start-up. The token goes in a config file,
# never on the command line.
measure() {
	_path=$1 _label=$2 _auth=${3:-}
	i=0
	while [ $i -lt "$N" ]; do
		echo "url = \"$GUILD_URL$_path\""
		echo "output = /dev/null"
		[ -n "$_auth" ] &&
		    echo "header = \"Authorization: Bearer $TOKEN\""
		i=$((i + 1))
	done >"$T/urls"
	_start=$(date +%s.%N)
	curl -s -K "$T/urls" -w '%{http_code} %{time_total}\n' >"$T/times"
	_end=$(date +%s.%N)
	_bad=$(grep -vc '^200 ' "$T/times")
	cut -d' ' -f2 "$T/times" | sort -n | awk -v n="$N" -v s="$_start" \
	    -v e="$_end" -v p="$_label" -v bad="$_bad" '
	    { t[NR] = $1 }
	    END {
		printf "%-40s p50 %7.2f ms  p99 %7.2f ms  %6.0f req/s%s\n",
		    p, t[int(NR * 0.50)] * 1000, t[int(NR * 0.99)] * 1000,
		    n / (e - s), (bad > 0 ? "  (" bad " not 200!)" : "")
	    }'
}
for p in week month all; do
	measure "/api/v1/leaderboard?period=$p" "$p, first page"
	measure "/api/v1/leaderboard?period=$p" "$p, first page + me" auth
done
measure "/api/v1/leaderboard?period=all&cursor=$deep" "all, 50,000 deep"

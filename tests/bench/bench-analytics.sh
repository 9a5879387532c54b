#!/bin/sh
# Operator analytics latency at 100,000 members and 2,000,000 events. The
# members (joining over the last year, levels mixed) and the activity log
# are bulk-loaded with sqlite3 (recursive CTEs), then the per-day
# counters are filled from the log with the same aggregate the schema
# migration uses (guildd keeps them per event in normal operation). A real
# guildd then answers N requests per URL over one kept-alive connection:
# summaries, series, cohorts and segments over several windows. Prints
# p50 / p99 / requests per second; nothing is asserted.
. "$(dirname "$0")/../lib.sh"
N=${BENCH_N:-10}
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
INSERT INTO users (id, username, password_hash, level, created_at)
  SELECT i, 'member' || i, 'x',
    CASE i % 3 WHEN 0 THEN 'beginner' WHEN 1 THEN 'intermediate'
      ELSE 'advanced' END,
    $now - 86400 * 365 + (i * 7919) % (365 * 86400) FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
    WHERE i < $ROWS)
INSERT INTO activity (kind, actor_id, subject_type, subject_id, value,
    created_at)
  SELECT CASE i % 8 WHEN 0 THEN 'thread_created' WHEN 1 THEN 'reply_created'
      WHEN 2 THEN 'question_created' WHEN 3 THEN 'answer_created'
      WHEN 4 THEN 'vote_cast' WHEN 5 THEN 'like_added'
      WHEN 6 THEN 'lesson_completed' ELSE 'order_paid' END,
    1 + (i * 7919) % $MEMBERS, 'bench', i,
    CASE i % 8 WHEN 7 THEN 9900 ELSE 0 END,
    $now - (i * 2654435761) % (365 * 86400) FROM n;
DELETE FROM member_day_activity;
INSERT INTO member_day_activity (day, user_id, joined, level,
    interactions, actions, spent)
  SELECT a.created_at / 86400, a.actor_id, u.created_at, u.level,
    sum(a.kind IN ('thread_created', 'reply_created', 'question_created',
      'answer_created', 'vote_cast', 'like_added')),
    count(*), sum(CASE WHEN a.kind = 'order_paid' THEN a.value ELSE 0 END)
  FROM activity a JOIN users u ON u.id = a.actor_id GROUP BY 1, 2;
COMMIT;
ANALYZE;
EOF
end=$(date +%s.%N)
users=$(sqlite3 "$DB" "SELECT count(*) FROM users")
rows=$(sqlite3 "$DB" "SELECT count(*) FROM activity")
buckets=$(sqlite3 "$DB" "SELECT count(*) FROM member_day_activity")
awk -v u="$users" -v r="$rows" -v b="$buckets" -v s="$start" -v e="$end" \
    'BEGIN { printf "loaded %d members, %d events (%d member-day" \
        " counters) in %.1f s\n", u, r, b, e - s }'

printf 'bench-operator-pw\n' | "$GUILDD_BIN" user add ops --role operator \
    --password-stdin --db "$DB" >/dev/null || exit 1
TOKEN=$("$GUILDD_BIN" user token ops --db "$DB") || exit 1
guildd_start >/dev/null || exit 1

# One curl process, N URLs: the connection is reused, so the figures are
# the server's, not process start-up. The token goes in a config file,
# never on the command line.
measure() {
	_path=$1 _label=$2
	i=0
	while [ $i -lt "$N" ]; do
		echo "url = \"$GUILD_URL$_path\""
		echo "output = /dev/null"
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
		printf "%-44s p50 %7.2f ms  p99 %7.2f ms  %6.1f req/s%s\n",
		    p, t[int(NR * 0.50) + 0] * 1000, t[NR] * 1000,
		    n / (e - s), (bad > 0 ? "  (" bad " not 200!)" : "")
	    }'
}
today=$(date -u +%Y-%m-%d)
m3=$(date -u -d "$today - 84 days" +%Y-%m-%d)
y1=$(date -u -d "$today - 364 days" +%Y-%m-%d)
A=/api/v1/analytics
measure "$A/summary" "summary, 4 weeks by week"
measure "$A/summary?from=$m3&step=week" "summary, 12 weeks by week"
measure "$A/summary?from=$y1&step=month" "summary, 1 year by month"
measure "$A/summary?from=$y1&step=month&segment=advanced" \
    "summary, 1 year by month, one segment"
measure "$A/series?from=$m3&step=day" "series, 84 days by day"
measure "$A/cohorts?from=$m3&step=week" "cohorts, 12 weeks by week"
measure "$A/cohorts?from=$y1&step=month" "cohorts, 1 year by month"
measure "$A/segments?from=$m3&step=week" "segments, 12 weeks by week"
measure "$A/revenue?from=$y1&step=month" "revenue, 1 year by month"
measure "$A/top?from=$m3" "top, 12 weeks"
guildd_stop

#!/bin/sh
# The thread view's figures on a long thread (BENCH_REPLIES replies,
# 2,000 by default, seeded with sqlite3), read from the TUI's trace
# (GUILD_TRACE: "key MS" per key handled and redrawn): how long G takes
# to reach the last reply from a fresh open, the cost of PgDn while
# pages of replies load behind, and of j and ] once they are all there.
# Figures only; nothing asserted.
. "$(dirname "$0")/../lib.sh"
. "$GUILD_TOP/tests/tui/tmux.sh"
NREPLIES=${BENCH_REPLIES:-2000}
NKEYS=${BENCH_KEYS:-200}

command -v sqlite3 >/dev/null 2>&1 || {
	echo "bench-tui-thread: needs sqlite3"; exit 1; }
guildd_start --demo >/dev/null || exit 1

sqlite3 "$T/guild.db" "PRAGMA busy_timeout = 10000;
INSERT INTO threads (category_id, author_id, title, body, last_activity_at,
    created_at)
  VALUES ((SELECT id FROM categories WHERE slug = 'general'),
    (SELECT id FROM users WHERE username = 'ada'), 'Bench thread',
    'A **long** thread.', strftime('%s', 'now'), strftime('%s', 'now'));
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
  WHERE i < $NREPLIES)
INSERT INTO replies (thread_id, author_id, reply_to, body, created_at)
  SELECT (SELECT max(id) FROM threads),
    (SELECT id FROM users WHERE username =
      CASE i % 3 WHEN 0 THEN 'ada' WHEN 1 THEN 'kai' ELSE 'sofia' END),
    NULL, 'Reply number ' || i || ' with *Markdown*, \`code\` and a ' ||
      '[link](https://example.org/' || i || ').' ||
      CASE WHEN i % 7 = 0 THEN char(10) || char(10) || '- one' ||
      char(10) || '- two' ELSE '' END,
    strftime('%s', 'now') + i FROM n;" >/dev/null || exit 1

# keystats NAME N: the last N key lines of the trace as figures.
keystats() {
	grep '^key ' "$T/trace" | tail -n "$2" | sed 's/^key //' | sort -n |
	    awk -v what="$1" '
		{ v[NR] = $1; sum += $1 }
		END {
			p99 = v[int(NR * 0.99 + 0.999)]
			printf "%s: %d keys, mean %.3f ms, p50 %.3f ms, " \
			    "p99 %.3f ms, max %.3f ms (handle + redraw)\n", what,
			    NR, sum / NR, v[int((NR + 1) / 2)], p99, v[NR]
		}'
}
# presses KEY N: N presses of KEY, then waits until the trace has them.
presses() {
	_before=$(grep -c '^key ' "$T/trace")
	_i=0
	while [ $_i -lt "$2" ]; do
		keys "$1"
		_i=$((_i + 1))
	done
	_want=$((_before + $2))
	wait_for 120 sh -c "[ \$(grep -c '^key ' '$T/trace') -ge $_want ]" || {
		echo "bench-tui-thread: only $(grep -c '^key ' "$T/trace") key" \
		    "lines"; exit 1; }
}

rm -f "$T/trace"
export GUILD_TOKEN="$("$GUILDD_BIN" user token demo --db "$T/guild.db")"
start_tui 100x30 "GUILD_TRACE='$T/trace' '$GUILD_BIN'"
wait_for 30 grep -q '^first-rows ' "$T/trace" || exit 1
keys 3
wait_for 10 pane_has "Announcements" || exit 1
keys j Enter
wait_for 10 line_has 3 'Bench thread' || { show_pane; exit 1; }
t0=$(date +%s.%N)
keys Enter
wait_for 30 pane_has "Reply number 1 " || { show_pane; exit 1; }
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" 'BEGIN {
	printf "open the thread: first replies on screen in %.0f ms\n",
	    (b - a) * 1000 }'
t0=$(date +%s.%N)
keys G
wait_for 120 pane_has "Reply number $NREPLIES " || { show_pane; exit 1; }
t1=$(date +%s.%N)
awk -v n="$NREPLIES" -v a="$t0" -v b="$t1" 'BEGIN {
	printf "G: reply %d on screen in %.2f s (100 replies a page)\n", n,
	    b - a }'
# Open it again: the pages load anew as PgDn reads on.
keys Escape
wait_for 10 line_has 3 'Bench thread' || exit 1
keys Enter
wait_for 30 pane_has "Reply number 1 " || { show_pane; exit 1; }
presses NPage "$NKEYS"
keystats "PgDn through $NREPLIES replies as pages load" "$NKEYS"
keys g
wait_for 10 pane_has "A long thread." || exit 1
presses j "$NKEYS"
keystats "j over the loaded thread" "$NKEYS"
presses ']' "$NKEYS"
keystats "] from reply to reply" "$NKEYS"
keys q
wait_for 20 exit_is 0

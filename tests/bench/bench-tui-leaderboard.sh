#!/bin/sh
# The Leaderboard pane's figures at 100,000 members and 2,000,000 ledger
# rows (seeded with sqlite3 as bench-leaderboard.sh does, aggregates
# rebuilt by `guildd points rebuild`), in a TUI of 80x24 logged in as a
# member in the middle of the board: how long the first rows and the
# jump to my rank (.) take, PgDn and j held while pages load behind, End
# showing the last member at once (the board's last page, ?around=last),
# End under a filter following every page to the last member as End did
# before, then k and PgUp over all 100,000 loaded rows (per key: handle +
# redraw, from GUILD_TRACE's "key MS" lines), and the client's memory
# (VmHWM / VmRSS from /proc) before and after. Figures only; nothing
# asserted.
. "$(dirname "$0")/../lib.sh"
. "$GUILD_TOP/tests/tui/tmux.sh"
MEMBERS=${BENCH_MEMBERS:-100000}
ROWS=${BENCH_ROWS:-2000000}
NKEYS=${BENCH_KEYS:-300}
DB="$T/guild.db"

command -v sqlite3 >/dev/null 2>&1 || {
	echo "bench-tui-leaderboard: needs sqlite3"; exit 1; }
"$GUILDD_BIN" migrate --db "$DB" >/dev/null || exit 1
seed0=$(date +%s.%N)
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
  SELECT 1 + (i * 7919) % $MEMBERS, 1 + (i * 13) % 10, 'reply_created',
    'bench', i, 0, $now - (i * 2654435761) % (60 * 86400) FROM n;
COMMIT;
EOF
"$GUILDD_BIN" points rebuild --db "$DB" >/dev/null || exit 1
sqlite3 "$DB" "ANALYZE" || exit 1
awk -v m="$MEMBERS" -v r="$ROWS" -v a="$seed0" -v b="$(date +%s.%N)" \
    'BEGIN { printf "seeded %d members and %d ledger rows in %.1f s\n", m, r,
        b - a }'

guildd_start >/dev/null || exit 1
# The member in the middle of the all-time board, and the last one.
mid=$(sqlite3 "$DB" "SELECT 'member' || user_id FROM points_totals
    ORDER BY points DESC, user_id LIMIT 1 OFFSET $((MEMBERS / 2))")
last=$(sqlite3 "$DB" "SELECT 'member' || user_id FROM points_totals
    ORDER BY points, user_id DESC LIMIT 1")
export GUILD_TOKEN="$("$GUILDD_BIN" user token "$mid" --db "$DB")"

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
	wait_for 300 sh -c "[ \$(grep -c '^key ' '$T/trace') -ge $_want ]" || {
		echo "bench-tui-leaderboard: only" \
		    "$(grep -c '^key ' "$T/trace") key lines"; exit 1; }
}
# memory WHEN: the guild process's peak and current resident memory.
memory() {
	_pid=$(pgrep -P "$(tm list-panes -t guild -F '#{pane_pid}')" -x guild)
	awk -v when="$1" '/^VmHWM|^VmRSS/ { v[$1] = $2 }
	    END { printf "memory %s: VmHWM %.1f MiB, VmRSS %.1f MiB\n", when,
	        v["VmHWM:"] / 1024, v["VmRSS:"] / 1024 }' "/proc/$_pid/status"
}
# elapsed LABEL T0: milliseconds since T0 (date +%s.%N).
elapsed() {
	awk -v what="$1" -v a="$2" -v b="$(date +%s.%N)" \
	    'BEGIN { printf "%s in %.0f ms\n", what, (b - a) * 1000 }'
}

rm -f "$T/trace"
start_tui 80x24 "GUILD_TRACE='$T/trace' '$GUILD_BIN'"
wait_for 30 pane_has "Catalog" || { show_pane; exit 1; }
memory "at start"
t0=$(date +%s.%N)
keys 6
wait_for 30 pane_has_re '^ +1 +member' || { show_pane; exit 1; }
elapsed "Leaderboard pane: first rows on screen" "$t0"
myrank=$(sqlite3 "$DB" "SELECT COUNT(DISTINCT points) + 1 FROM points_totals
    WHERE points > (SELECT points FROM points_totals
    WHERE user_id = ${mid#member})")
t0=$(date +%s.%N)
keys .
wait_for 30 pane_has_re "^[^ ]+ +[0-9]+ +$mid " || { show_pane; exit 1; }
elapsed ". to my row ($mid, rank $myrank, $((MEMBERS / 2)) rows down)" "$t0"
keys g
wait_for 30 pane_has_re '^ +1 +member' || { show_pane; exit 1; }
presses NPage "$NKEYS"
keystats "PgDn from the top as pages load" "$NKEYS"
presses j "$NKEYS"
keystats "j as pages load" "$NKEYS"
t0=$(date +%s.%N)
keys End
wait_for 60 pane_has_re " $last +L[0-9]+ +[0-9]+ *\$" || {
	show_pane; exit 1; }
elapsed "End: the last of $MEMBERS members on screen (its last page)" "$t0"
memory "after End"
keys g
wait_for 30 pane_has_re '^ +1 +member' || { show_pane; exit 1; }
# A filter wants its last match, so End follows the pages as it used to:
# every name holds "member", so all of them load.
keys / m e m b e r Enter
t0=$(date +%s.%N)
keys End
wait_for 600 pane_has_re " $last +L[0-9]+ +[0-9]+ *\$" || {
	show_pane; exit 1; }
elapsed "End under a filter: every page walked to the last member" "$t0"
memory "with all $MEMBERS rows loaded"
presses k "$NKEYS"
keystats "k over the loaded board" "$NKEYS"
presses PPage "$NKEYS"
keystats "PgUp over the loaded board" "$NKEYS"
t0=$(date +%s.%N)
presses g 1
presses G 1
elapsed "g then G over $MEMBERS loaded rows" "$t0"
memory "at the end"
keys q
wait_for 20 exit_is 0

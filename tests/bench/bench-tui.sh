#!/bin/sh
# The TUI's figures, read from its trace (GUILD_TRACE=FILE: "first-frame
# MS" and "first-rows MS" after start, "key MS" per key handled and
# redrawn): (a) time to the first frame and to the first rows, with a
# cold cache and a warm one, against a demo guildd; (b) the cost of one
# keypress and redraw on a 10,000-row list (seeded with sqlite3, loaded
# with G), over BENCH_KEYS presses of j. Figures only; nothing asserted.
. "$(dirname "$0")/../lib.sh"
. "$GUILD_TOP/tests/tui/tmux.sh"
RUNS=${BENCH_RUNS:-5}
NKEYS=${BENCH_KEYS:-200}

command -v sqlite3 >/dev/null 2>&1 || { echo "bench-tui: needs sqlite3"; exit 1; }
guildd_start --demo >/dev/null || exit 1

# trace_value NAME FILE: the first NAME line's figure.
trace_value() { sed -n "s/^$1 //p" "$2" | head -1; }
# median: the middle of the numbers on stdin.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# One start: the TUI until its first rows show, then q. $1 names the run.
one_start() {
	rm -f "$T/trace"
	start_tui 100x30 "GUILD_TRACE='$T/trace' '$GUILD_BIN'"
	wait_for 30 grep -q '^first-rows ' "$T/trace" || {
		echo "bench-tui: no rows in the trace of run $1"; show_pane; exit 1; }
	keys q
	wait_for 20 exit_is 0
	printf '%s %s\n' "$(trace_value first-frame "$T/trace")" \
		"$(trace_value first-rows "$T/trace")"
}

# (a) Cold: an empty cache each time. Warm: the cache the run before left.
: >"$T/cold"
: >"$T/warm"
i=0
while [ $i -lt "$RUNS" ]; do
	rm -rf "$XDG_CACHE_HOME/guild"
	one_start "cold $i" >>"$T/cold"
	one_start "warm $i" >>"$T/warm"
	i=$((i + 1))
done
echo "start-up, median of $RUNS runs (ms from tui_main to the screen):"
printf '  cold cache: first frame %s ms, first rows %s ms\n' \
	"$(cut -d' ' -f1 "$T/cold" | median)" "$(cut -d' ' -f2 "$T/cold" | median)"
printf '  warm cache: first frame %s ms, first rows %s ms\n' \
	"$(cut -d' ' -f1 "$T/warm" | median)" "$(cut -d' ' -f2 "$T/warm" | median)"

# (b) 10,000 more courses, all loaded, then j presses one at a time.
sqlite3 "$T/guild.db" "
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO courses (slug, title, summary, description, level, price_amount,
    currency, instructor_id, published, created_at, updated_at)
SELECT 'bench-' || i, 'Bench course number ' || i, 'A seeded course.', '',
    'beginner', (i % 50) * 100, 'CNY', (SELECT MIN(id) FROM users), 1,
    1500000000 + i, 1500000000 + i FROM n;" || exit 1
total=$(sqlite3 "$T/guild.db" "SELECT COUNT(*) FROM courses WHERE published = 1")
rm -f "$T/trace"
start_tui 100x30 "GUILD_TRACE='$T/trace' '$GUILD_BIN'"
wait_for 30 grep -q '^first-rows ' "$T/trace" || exit 1
t0=$(date +%s.%N)
keys G
if ! wait_for 300 line_has 2 " $total "; then
	echo "bench-tui: the list did not reach $total rows"; show_pane; exit 1
fi
t1=$(date +%s.%N)
awk -v n="$total" -v a="$t0" -v b="$t1" 'BEGIN {
	printf "G on the catalog: %d rows loaded, 100 a page, in %.2f s\n",
	    n, b - a }'
keys g
wait_for 10 line_has 3 '^ ' || exit 1
before=$(grep -c '^key ' "$T/trace")
i=0
while [ $i -lt "$NKEYS" ]; do
	keys j
	i=$((i + 1))
done
want=$((before + NKEYS))
wait_for 60 sh -c "[ \$(grep -c '^key ' '$T/trace') -ge $want ]" || {
	echo "bench-tui: only $(grep -c '^key ' "$T/trace") key lines"; exit 1; }
keys q
wait_for 20 exit_is 0
grep '^key ' "$T/trace" | tail -n "$NKEYS" | sed 's/^key //' | sort -n |
    awk -v rows="$total" '
	{ v[NR] = $1; sum += $1 }
	END {
		p99 = v[int(NR * 0.99 + 0.999)]
		printf "j on a %d-row list: %d keys, mean %.3f ms, p50 %.3f ms, " \
		    "p99 %.3f ms, max %.3f ms (handle + redraw)\n", rows, NR,
		    sum / NR, v[int((NR + 1) / 2)], p99, v[NR]
	}'

# The Insights pane against a real demo guildd, as the operator admin: 9
# shows retention, growth, activity and CLV equal to the API's summary
# for the same window, with sparklines, bar charts and the cohort
# triangle (its first row's share as the API gives it); s switches to the
# beginner segment and the numbers become the segment's; d with a date
# range shows that window, bad input only says why; r reloads. At 80x24
# the sections stack and scroll, at 160x48 they stand side by side, and
# under LANG=C TERM=vt100 every byte on screen is ASCII. A member sees no
# Insights tab and 9 says the pane is for operators.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

command -v jq >/dev/null 2>&1 || { fail "jq is installed"; exit 1; }
if ! guildd_start --demo; then fail "guildd starts with --demo"; exit 1; fi
ok "guildd starts with --demo"
ADMIN=$("$GUILDD_BIN" user token admin --db "$T/guild.db")
DEMO=$("$GUILDD_BIN" user token demo --db "$T/guild.db")
expect_match "guildd gives the operator admin a token" "$ADMIN" '^gld_'
expect_match "and the member demo one" "$DEMO" '^gld_'
printf '%s' "$ADMIN" >"$T/admin"
printf '%s' "$DEMO" >"$T/demo"
RUN="GUILD_TOKEN=\$(cat '$T/admin') '$GUILD_BIN'"

# The pane's first window: 84 days up to the end of today (UTC), weekly.
TO=$(date -u -d '+1 day' +%F)
FROM=$(date -u -d "$TO -84 days" +%F)

# analytics ROUTE QUERY: the operator's answer on stdout.
analytics() {
	curl -s -H "Authorization: Bearer $ADMIN" \
		"$GUILD_URL/api/v1/analytics/$1?$2"
}

# expect_summary QUERY ASCII: sets R G A CLV as the pane must show them
# for the summary of QUERY ("undefined" for an undefined ratio).
expect_summary() {
	_s=$(analytics summary "$1")
	R=$(printf '%s' "$_s" | jq -r 'if .retention.value == null then
		"undefined" else .retention.value * 100 end')
	[ "$R" = undefined ] || R=$(printf '%.1f%%' "$R")
	G=$(printf '%s' "$_s" | jq -r '.growth')
	A=$(printf '%s' "$_s" | jq -r '.activity.value // "undefined"')
	[ "$A" = undefined ] || A=$(printf '%.2f' "$A")
	CLV=$(printf '%s' "$_s" | jq -r 'if .clv.value == null then
		"undefined" else .clv.value / 100 end')
	if [ "$CLV" != undefined ]; then
		if [ "$2" = 1 ]; then CLV=$(printf 'CNY %.2f' "$CLV")
		else CLV=$(printf '\302\245%.2f' "$CLV"); fi
	fi
}

# row_has LABEL TEXT: the pane's row with LABEL shows TEXT after it.
row_has() { pane | grep -F -- "$1" | grep -qF -- " $2"; }

# metrics_are WHAT: one TAP line per metric, polled.
metrics_are() {
	poll "$1: Retention shows $R" 10 row_has "Retention R" "$R"
	poll "$1: Growth shows $G" 5 row_has "Growth G" "$G "
	poll "$1: Activity shows $A" 5 row_has "Activity A" "$A"
	poll "$1: CLV shows $CLV" 5 row_has "CLV  " "$CLV"
}

Q="from=$FROM&to=$TO&step=week"
expect_summary "$Q" 0
cohorts=$(analytics cohorts "$Q")
C0=$(printf '%s' "$cohorts" | jq -r '.cohorts[0].start[0:10]')
P0=$(printf '%s' "$cohorts" | jq -r '.cohorts[0].retention[0].value * 100')
P0=$(printf '%.0f%%' "$P0")
expect_match "the demo has a cohort in the first week" "$C0" \
	'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'

# ---- 80x24, UTF-8 ------------------------------------------------------

start_tui 80x24 "$RUN"
poll "80x24: the catalog shows first" 20 line_has 2 'Title'
poll "the operator has a ninth tab" 10 line_has 1 ' 9 '
keys 9
poll "9 shows the Insights pane with the window" 10 \
	pane_has "$FROM to $TO"
check "it says the segment is everyone" pane_has "segment: all"
metrics_are "80x24"
sparkline() { pane | grep -F "Retention R" | grep -q "  [$1]\{2,\}  "; }
poll "the retention has a sparkline of block characters" 10 \
	sparkline '▁▂▃▄▅▆▇█'
check "the growth chart is there" pane_has "Growth: members gained per step"
check "the estimate is labelled as such" \
	pane_has "standard ARPU / churn estimate"
# The cohorts are below the charts: scroll to them.
check "the cohort triangle is below the screen at first" \
	pane_lacks "Cohorts: share active"
keys G
poll "G scrolls down to the cohort triangle" 5 pane_has "Cohorts: share active"
poll "the first cohort's row shows its first share, $P0" 5 \
	row_has "$C0" "$P0"
shaded() { pane | grep -F -- "$C0" | grep -q '[░▒▓█]'; }
check "with a shade glyph before it" shaded
keys PPage
poll "the revenue chart is a page up" 5 pane_has "Revenue: net per step"
keys g
poll "g goes back to the top" 5 pane_has "Retention R"

# s: the beginner segment.
expect_summary "$Q&segment=beginner" 0
keys s
poll "s switches to the beginner segment" 10 pane_has "segment: beginner"
metrics_are "beginner"

# d: a window of months (beginners still).
FROM2=$(date -u -d "$TO -150 days" +%F)
TO2=$(date -u -d "$TO -30 days" +%F)
expect_summary "from=$FROM2&to=$TO2&step=month&segment=beginner" 0
keys d
poll "d opens the window prompt holding the window" 5 \
	pane_has "from to step: $FROM $TO week"
keys C-u "2026-13-01 $TO2 month" Enter
poll "a bad date only says why" 5 pane_has "Dates are YYYY-MM-DD"
check "and keeps what was typed" pane_has "from to step: 2026-13-01 $TO2 month"
keys C-u "$FROM2 $TO2 month" Enter
poll "Enter shows the new window" 10 pane_has "$FROM2 to $TO2"
check "by month" pane_has "by month"
check "the prompt is closed" pane_lacks "from to step:"
metrics_are "months"
# Before the community existed every ratio is undefined, and says why.
OLD="from=2020-01-06&to=2020-02-03&step=week&segment=beginner"
expect_summary "$OLD" 0
why=$(analytics summary "$OLD" | jq -r '.retention.reason')
expect_eq "the API calls retention undefined in 2020" "$R" undefined
keys d C-u "2020-01-06 2020-02-03 week" Enter
poll "d: 2020 shows its window" 10 pane_has "2020-01-06 to 2020-02-03"
metrics_are "2020"
check "the retention row gives the reason: $why" row_has "Retention R" "$why"
# A window the server refuses (more than 400 steps) is not taken.
keys d C-u "2020-01-01 2026-01-01 day" Enter
poll "a window of 2,000 days: the server's refusal is shown" 10 \
	pane_has "refused that window"
check "and the window shown stays" pane_has "2020-01-06 to 2020-02-03"
keys d
poll "the prompt holds the window shown again" 5 \
	pane_has "from to step: 2020-01-06 2020-02-03 week"
keys Escape
keys r
poll "r reloads the insights" 10 pane_has "Reloaded the insights"
quit_tui "the TUI quits cleanly after the insights at 80x24"

# ---- 160x48: side by side ----------------------------------------------

expect_summary "$Q" 0
start_tui 160x48 "$RUN"
poll "160x48: the catalog shows first" 20 line_has 2 'Title'
keys 9
poll "9 shows the Insights pane" 10 pane_has "$FROM to $TO"
metrics_are "160x48"
poll "the growth chart stands beside the window line" 5 \
	line_has 2 "segment: all.*Growth: members gained"
check "the cohort triangle shows without scrolling" \
	pane_has "Cohorts: share active"
poll "its first row shows $P0" 5 row_has "$C0" "$P0"
check "the revenue chart is on screen too" pane_has "Revenue: net per step"
tm resize-window -t guild -x 80 -y 24
poll "shrunk to 80x24, the sections stack again" 5 \
	pane_lacks "Cohorts: share active"
check "with the metrics still shown" row_has "Retention R" "$R"
quit_tui "the TUI quits cleanly after 160x48"

# ---- LANG=C TERM=vt100: ASCII only -------------------------------------

expect_summary "$Q" 1
start_tui 80x24 "LANG=C LC_ALL=C TERM=vt100 $RUN"
poll "LANG=C: the catalog shows first" 20 line_has 2 'Title'
keys 9
poll "LANG=C: 9 shows the Insights pane" 10 pane_has "$FROM to $TO"
metrics_are "LANG=C"
poll "LANG=C: the sparkline is ASCII" 10 sparkline '_.=#-'
keys G
poll "LANG=C: the cohort triangle" 5 row_has "$C0" "$P0"
if pane | LC_ALL=C grep -q '[^ -~]'; then
	fail "LANG=C: every byte on screen is printable ASCII"; show_pane
else ok "LANG=C: every byte on screen is printable ASCII"; fi
quit_tui "the TUI quits cleanly under LANG=C"

# ---- A slow server: Esc cancels, r loads ---------------------------------

slowproxy_start 0 || exit 1
expect_summary "$Q" 0
start_tui 100x30 "GUILD_SERVER='$SLOW' $RUN"
poll "slow: the catalog shows first" 20 line_has 2 'Title'
poll "slow: the operator has a ninth tab" 10 line_has 1 ' 9 '
echo 5 >"$T/delay"
keys 9
poll "slow: the sections say they are loading" 5 pane_has "Loading..."
keys Escape
poll "slow: Esc cancels the four requests" 5 \
	pane_has "Canceled; press r to load it."
echo 0 >"$T/delay"
keys r
metrics_are "slow, after r"
quit_tui "the TUI quits cleanly after the slow server"

# Started again with the server 8 s slow, the pane paints the cached
# window at once (with "Loading" in the status bar) and revalidates.
start_tui 100x30 "GUILD_SERVER='$SLOW' $RUN"
poll "cached: the catalog shows first" 20 line_has 2 'Title'
poll "cached: the operator has a ninth tab" 10 line_has 1 ' 9 '
echo 8 >"$T/delay"
keys 9
poll "cached: the retention shows before the server answers" 3 \
	row_has "Retention R" "$R"
check "cached: while the requests are still in flight" \
	line_has 30 "Loading"
echo 0 >"$T/delay"
quit_tui "the TUI quits cleanly with requests in flight"

# ---- A member ------------------------------------------------------------

start_tui 160x30 "GUILD_TOKEN=\$(cat '$T/demo') '$GUILD_BIN'"
poll "member: the catalog shows first" 20 line_has 2 'Title'
poll "member: the tab bar is complete" 10 line_has 1 '8 Inbox'
check "member: there is no Insights tab" line_lacks 1 'Insights'
keys 9
poll "member: 9 says the pane is for operators" 5 \
	pane_has "The Insights pane is for operators"
check "member: the catalog stays" line_has 2 'Title'
quit_tui "the member's TUI quits cleanly"

#!/bin/sh
# guild insights and guild courses --for-me against a real guildd, on the
# analytics dataset of lib-analytics.sh (made through the API): --json is
# the server's answer, the text shows the figures worked out in
# test-analytics.sh (R = 1/3, G = 2, A = 0.8/3, C = 20 yuan, CLV = 60
# yuan, estimate 10 yuan), the cohort percentages and the revenue; a
# member is told insights are for operators; recommendations respect the
# level, never list an owned course and follow a change of level.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-shop.sh"
. "$(dirname "$0")/lib-analytics.sh"

export COLUMNS=120

# cli TOKEN ARGS...: runs guild with that token (none for ""); keeps OUT,
# ERR and RC.
cli() {
	_tok=$1
	shift
	if [ -n "$_tok" ]; then
		GUILD_TOKEN=$_tok "$GUILD_BIN" "$@" >"$T/out" 2>"$T/err"
	else
		"$GUILD_BIN" "$@" >"$T/out" 2>"$T/err"
	fi
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}
# The first line of OUT starting with the fixed string S.
line() {
	printf '%s\n' "$OUT" | awk -v s="$1" 'index($0, s) == 1 { print; exit }'
}
# same_json NAME FILE PATH: FILE equals the server's answer to PATH.
same_json() {
	as "$OPS" GET "$3"
	if [ "$(jq -S . "$1")" = "$(jq -S . "$T/body")" ]; then ok "$2"; else
		fail "$2" "$(diff "$1" "$T/body" | head -10)"
	fi
}

OPTS="--from $FROM --to $TO --step day"

# ---- the summary and series ------------------------------------------------

cli "$OPS" insights $OPTS --json
expect_eq "insights --json exits 0" "$RC" 0
printf '%s\n' "$OUT" | jq .summary >"$T/summary.json"
printf '%s\n' "$OUT" | jq .series >"$T/series.json"
same_json "$T/summary.json" "--json holds the server's summary" \
    "/api/v1/analytics/summary?$WIN"
same_json "$T/series.json" "--json holds the server's series" \
    "/api/v1/analytics/series?$WIN"

cli "$OPS" insights $OPTS
expect_eq "insights exits 0" "$RC" 0
expect_match "the title names the window, UTC and the step" "$OUT" \
    "^Insights from $FROM to $TO \\(UTC, $TO excluded\\), by day, all members"
expect_match "R is the mean R(t) = 1/3" "$(line '  Retention R')" ' 0\.33$'
expect_match "G is +2 with the counts" "$(line '  Growth G')" \
    '\+2 +\(members 3 at the start, 5 at the end\)'
expect_match "A is 0.8 / 3 over 4 interactions" "$(line '  Activity A')" \
    ' 0\.27 +\(4 interactions\)'
expect_match "C is 20 yuan of 100 spent" "$(line '  Average spend C')" \
    '¥20\.00 +\(¥100\.00 net spent\)'
expect_match "CLV = C / R = 60 yuan" "$(line '  CLV  ')" '¥60\.00 +\(C / R\)'
expect_match "the ARPU / churn estimate is labelled: 10 yuan" \
    "$(line '  CLV estimate')" \
    '¥10\.00 +\(standard ARPU / churn estimate: ARPU ¥6\.67 and churn 0\.67 per day\)'
expect_match "the counts are listed" "$OUT" \
    'Members at start 3, at end 5; interactions 4; spent ¥100\.00'
expect_match "the series has a header" "$OUT" \
    '^START +MEMBERS +ACTIVE +R +G +A +SPENT$'
expect_match "a quiet day in the series" "$(line "$FROM ")" \
    "^$FROM +3 +0 +0\\.00 +\\+0 +0\\.00 +¥0\\.00$"
expect_match "today in the series: R 1, G +2, A 0.8, 100 yuan" \
    "$(line "$TODAY ")" "^$TODAY +5 +3 +1\\.00 +\\+2 +0\\.80 +¥100\\.00$"

cli "$OPS" insights $OPTS --segment intermediate
expect_match "an empty segment: R undefined, with the reason" \
    "$(line '  Retention R')" ' undefined \(.+\)$'
expect_match "... and CLV too" "$(line '  CLV  ')" ' undefined \(.+\)'
expect_match "... and the title names the segment" "$OUT" \
    'by day, intermediate members'

# ---- cohorts ---------------------------------------------------------------

cli "$OPS" insights cohorts $OPTS --json
same_json "$T/out" "cohorts --json is the server's answer" \
    "/api/v1/analytics/cohorts?$WIN"
cli "$OPS" insights cohorts $OPTS
expect_eq "insights cohorts exits 0" "$RC" 0
expect_match "the triangle's columns are the steps after joining" "$OUT" \
    '^COHORT +SIZE +\+0 +\+1 +\+2$'
expect_match "an empty cohort is undefined, not 0%" "$(line "$FROM ")" \
    "^$FROM +0 +undefined +undefined +undefined *$"
expect_match "today's cohort: 2 joined, 50% active" "$(line "$TODAY ")" \
    "^$TODAY +2 +50\\.0% *$"
expect_match "undefined cells are explained below" "$OUT" \
    '^undefined: .+'

# ---- revenue -----------------------------------------------------------------

cli "$OPS" insights revenue $OPTS --json
same_json "$T/out" "revenue --json is the server's answer" \
    "/api/v1/analytics/revenue?$WIN"
cli "$OPS" insights revenue $OPTS
expect_match "X: 100 yuan paid, nothing refunded" "$(line 'x-beginner')" \
    '¥100\.00 +¥0\.00 +¥100\.00$'
expect_match "Y: 50 yuan paid and refunded" "$(line 'y-intermediate')" \
    '¥50\.00 +¥50\.00 +¥0\.00$'
expect_match "the totals" "$(line 'TOTAL')" \
    '^TOTAL +¥150\.00 +¥50\.00 +¥100\.00$'

# ---- who may ask, and bad input ---------------------------------------------

cli "$ANN" insights $OPTS
expect_eq "a member gets the error exit code" "$RC" 1
expect_match "a member is told insights are for operators" "$ERR" \
    'insights are for operators; you are logged in as ann \(member\)'
expect_eq "... and nothing on stdout" "$OUT" ""
cli "$ANN" insights cohorts --json
expect_match "also for a report with --json" "$ERR" \
    'insights are for operators; you are logged in as ann'
cli "" insights
expect_eq "anonymous: exit 4" "$RC" 4
expect_match "anonymous: told to log in" "$ERR" 'run guild login'
cli "$OPS" insights --step year
expect_eq "a bad step is a usage error" "$RC" 2
cli "$OPS" insights --segment guru
expect_eq "a bad segment is a usage error" "$RC" 2
cli "$OPS" insights trends
expect_eq "an unknown report is a usage error" "$RC" 2
cli "$OPS" insights --from 2026-02-30
expect_eq "a bad date: the server's 422 exits 1" "$RC" 1
expect_match "... naming from" "$ERR" 'from'

# ---- courses --for-me ---------------------------------------------------------

cli "" courses --for-me
expect_eq "--for-me anonymous: exit 4" "$RC" 4
expect_match "--for-me anonymous: told to log in" "$ERR" \
    'run guild login.*recommendations'
cli "$CYD" courses --for-me --level beginner
expect_eq "--for-me with --level is a usage error" "$RC" 2

# cyd (advanced) owns X: only the advanced Z.
cli "$CYD" courses --for-me
expect_eq "--for-me exits 0" "$RC" 0
expect_match "--for-me names the level" "$OUT" \
    '^Recommended for you \(advanced\)'
expect_match "an advanced member: Z" "$OUT" 'z-advanced +advanced'
expect_eq "... and only Z" "$(printf '%s\n' "$OUT" | grep -c -- '-[a-z]* ')" 1
cli "$CYD" courses --for-me --json
expect_eq "--for-me --json: the server's ids" \
    "$(printf '%s\n' "$OUT" | jq -c '[.items[].id]')" "[$Z]"

# dee (intermediate) buys W: then Y and Z, never W.
cli "$DEE" courses --for-me
expect_match "an intermediate member sees W before buying it" "$OUT" \
    'w-intermediate'
purchase "$DEE" "$W"
expect_eq "dee buys W through the sandbox" "$PAGE_STATUS" 200
cli "$DEE" courses --for-me
expect_match "... then Y" "$OUT" 'y-intermediate +intermediate'
expect_match "... and Z, the next level up" "$OUT" 'z-advanced +advanced'
if printf '%s\n' "$OUT" | grep -q -- 'w-intermediate\|x-beginner'; then
	fail "never an owned course or one below the level" "$OUT"
else
	ok "never an owned course or one below the level"
fi

# cyd becomes a beginner: X is owned, so Y and W.
as "$CYD" PATCH /api/v1/me '{"level": "beginner"}'
cli "$CYD" courses --for-me
expect_match "after a change of level the list follows" "$OUT" \
    '^Recommended for you \(beginner\)'
expect_match "... Y and W" "$(printf '%s\n' "$OUT" | grep -o -- \
    '[wy]-intermediate' | sort | tr '\n' ' ')" '^w-intermediate y-intermediate $'
if printf '%s\n' "$OUT" | grep -q -- 'x-beginner\|z-advanced'; then
	fail "... not the owned X nor the advanced Z" "$OUT"
else
	ok "... not the owned X nor the advanced Z"
fi

stop_clean

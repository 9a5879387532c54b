# Points over raw HTTP: scripted Q&A activity by several members gives
# exactly the expected ledger and leaderboard; replaying the same requests
# awards nothing more; unvote/revote and unaccept/reaccept net; dense
# ranks with ties, cursors, `me` off the page, the period toggle, ETag;
# operator adjustments, rules and levels, and 403 for members.
. "$(dirname "$0")/../lib.sh"

JSON='Content-Type: application/json'

expect_jq() {
	if jq -e "$2" "$T/body" >/dev/null 2>&1; then ok "$1"; else
		fail "$1" "jq '$2' false for: $(head -c 400 "$T/body")"
	fi
}
as() {
	_tok=$1 _m=$2 _p=$3
	shift 3
	if [ $# -gt 0 ]; then
		http "$_m" "$_p" -H "Authorization: Bearer $_tok" -H "$JSON" \
		    --data-binary "$1"
	else
		http "$_m" "$_p" -H "Authorization: Bearer $_tok"
	fi
}
register() {
	http POST /api/v1/users -H "$JSON" --data-binary \
	    "{\"username\": \"$1\", \"email\": \"$1@example.com\",
	      \"password\": \"correct horse\"}"
}
login() {
	http POST /api/v1/auth/tokens -H "$JSON" --data-binary \
	    "{\"login\": \"$1\", \"password\": \"correct horse\"}"
	jq -r .token "$T/body"
}
db() { sqlite3 "$T/guild.db" "$1"; }
points() {
	http GET "/api/v1/users/$1/points"
	jq -r .points "$T/body"
}
ledger() {
	db "SELECT u.username || ' ' || l.rule || ' ' || l.delta
	    FROM points_ledger l JOIN users u ON u.id = l.user_id ORDER BY l.id"
}

if guildd_start --post-rate 1000/min; then ok "guildd starts"; else
	fail "guildd starts"; exit 1
fi
for m in ann bob cat dan eve boss; do register "$m"; done
db "UPDATE users SET role = 'operator' WHERE username = 'boss'"
ANN=$(login ann) BOB=$(login bob) CAT=$(login cat) DAN=$(login dan)
BOSS=$(login boss)

# ---- scripted activity ------------------------------------------------------

as "$ANN" POST /api/v1/questions '{"title": "How do I rank?",
    "body": "Dense or not?", "tags": ["sql"]}'
Q=$(jq -r .id "$T/body")
as "$BOB" POST "/api/v1/questions/$Q/answers" '{"body": "Dense ranks."}'
A1=$(jq -r .id "$T/body")
as "$CAT" POST "/api/v1/questions/$Q/answers" '{"body": "Row numbers."}'
A2=$(jq -r .id "$T/body")
as "$ANN" PUT "/api/v1/answers/$A1/vote" '{"value": 1}'
as "$CAT" PUT "/api/v1/answers/$A1/vote" '{"value": 1}'
as "$DAN" PUT "/api/v1/answers/$A2/vote" '{"value": -1}'
as "$BOB" PUT "/api/v1/questions/$Q/vote" '{"value": 1}'
as "$ANN" PUT "/api/v1/questions/$Q/accepted-answer" "{\"answer_id\": $A1}"
expect_eq "the activity went through" "$HTTP_STATUS" 200

want_ledger="ann question_created 5
bob answer_created 2
cat answer_created 2
bob answer_upvote 10
bob answer_upvote 10
cat downvote -2
ann question_upvote 5
bob answer_accepted 15
ann accepted_an_answer 2"
expect_eq "the ledger is exactly the expected entries" "$(ledger)" \
    "$want_ledger"
expect_eq "ann has 12 points" "$(points ann)" 12
expect_eq "bob has 37 points" "$(points bob)" 37
expect_eq "cat's downvote stops at 0" "$(points cat)" 0

# ---- replaying the same requests awards nothing -----------------------------

as "$ANN" PUT "/api/v1/answers/$A1/vote" '{"value": 1}'
as "$CAT" PUT "/api/v1/answers/$A1/vote" '{"value": 1}'
as "$DAN" PUT "/api/v1/answers/$A2/vote" '{"value": -1}'
as "$BOB" PUT "/api/v1/questions/$Q/vote" '{"value": 1}'
as "$ANN" PUT "/api/v1/questions/$Q/accepted-answer" "{\"answer_id\": $A1}"
expect_eq "replaying the requests adds no ledger entry" "$(ledger)" \
    "$want_ledger"

# ---- reversals net ----------------------------------------------------------

as "$ANN" DELETE "/api/v1/answers/$A1/vote"
expect_eq "unvoting takes the upvote back" "$(points bob)" 27
as "$ANN" PUT "/api/v1/answers/$A1/vote" '{"value": 1}'
expect_eq "voting again gives it again" "$(points bob)" 37
as "$ANN" DELETE "/api/v1/questions/$Q/accepted-answer"
expect_eq "unaccepting reverses the answerer's points" "$(points bob)" 22
expect_eq "and the accepter's" "$(points ann)" 10
as "$ANN" PUT "/api/v1/questions/$Q/accepted-answer" "{\"answer_id\": $A1}"
expect_eq "accepting again awards again (bob)" "$(points bob)" 37
expect_eq "accepting again awards again (ann)" "$(points ann)" 12
expect_eq "reversals are ledger entries of their own" \
    "$(db "SELECT group_concat(rule || ' ' || delta, ', ') FROM
        (SELECT rule, delta FROM points_ledger WHERE rule LIKE 'reversal:%'
         ORDER BY id)")" \
    "reversal:answer_upvote -10, reversal:answer_accepted -15, reversal:accepted_an_answer -2"
expect_eq "the aggregates agree with the ledger" \
    "$(db "SELECT COUNT(*) FROM (SELECT user_id, SUM(delta) s
        FROM points_ledger GROUP BY user_id) l JOIN points_totals t
        USING (user_id) WHERE t.points <> l.s")" 0

http GET /api/v1/users/bob/points
expect_jq "bob's summary has level and points to next" \
    '.points == 37 and .level == 3 and .next_level_at == 65 and
     .points_to_next == 28'
http GET /api/v1/users/nobody/points
expect_eq "an unknown member is 404" "$HTTP_STATUS" 404
as "$BOB" GET "/api/v1/me/points/ledger?limit=2"
expect_jq "my ledger pages newest first" \
    '(.items | length) == 2 and .has_more and
     .items[0].rule == "answer_accepted" and .items[0].delta == 15'
as "$BOB" GET "/api/v1/me/points/ledger?limit=100&cursor=$(jq -r .next_cursor "$T/body")"
expect_jq "the next page continues" \
    '(.items | length) == 6 and (.has_more | not) and
     .items[-1].rule == "answer_created"'

# ---- operators and members --------------------------------------------------

as "$BOB" POST /api/v1/point-adjustments \
    '{"username": "bob", "delta": 1000, "reason": "me"}'
expect_eq "a member may not adjust points (403)" "$HTTP_STATUS" 403
as "$BOB" PUT /api/v1/point-rules '{"answer_created": 100}'
expect_eq "a member may not change rules (403)" "$HTTP_STATUS" 403
as "$BOB" PUT /api/v1/levels '{"thresholds": [0,1,2,3,4,5,6,7,8]}'
expect_eq "a member may not change levels (403)" "$HTTP_STATUS" 403
as "$BOSS" POST /api/v1/point-adjustments \
    '{"username": "cat", "delta": 12, "reason": "helpful review"}'
expect_eq "an operator adjusts points (201)" "$HTTP_STATUS" 201
expect_jq "the adjustment answers the new summary" \
    '.username == "cat" and .points == 12 and .delta == 12 and
     .reason == "helpful review"'
as "$BOSS" POST /api/v1/point-adjustments \
    '{"username": "dan", "delta": 5, "reason": "welcome"}'
as "$BOSS" POST /api/v1/point-adjustments \
    '{"username": "dan", "delta": -50, "reason": "too much"}'
expect_jq "a negative adjustment is clamped at zero" \
    '.points == 0 and .delta == -5'
as "$BOSS" POST /api/v1/point-adjustments \
    '{"username": "dan", "delta": 5, "reason": "again"}'
as "$BOSS" POST /api/v1/point-adjustments '{"username": "dan", "delta": 5}'
expect_eq "an adjustment needs a reason (422)" "$HTTP_STATUS" 422
as "$BOSS" PUT /api/v1/point-rules '{"answer_created": 3}'
expect_jq "an operator changes a rule" \
    '.items[] | select(.rule == "answer_created") | .points == 3'
as "$BOSS" PUT /api/v1/point-rules '{"no_such_rule": 3}'
expect_eq "an unknown rule is 422" "$HTTP_STATUS" 422
as "$BOSS" PUT /api/v1/levels '{"thresholds": [0,5,5,65,155,515,2015,8015,33015]}'
expect_eq "thresholds must increase (422)" "$HTTP_STATUS" 422
http GET /api/v1/levels
expect_jq "levels are listed" \
    '[.items[].threshold] == [0,5,20,65,155,515,2015,8015,33015]'

# ---- the leaderboard --------------------------------------------------------

# bob 37, ann 12, cat 12, dan 5: dense ranks 1, 2, 2, 3.
http GET "/api/v1/leaderboard?period=all"
expect_jq "the all-time board has dense ranks" \
    '[.items[] | [.rank, .username, .points]] ==
     [[1,"bob",37],[2,"ann",12],[2,"cat",12],[3,"dan",5]] and
     .period == "all" and (has("me") | not)'
etag=$(grep -i '^etag:' "$T/headers" | sed 's/^[^:]*: *//' | tr -d '\r')
http GET "/api/v1/leaderboard?period=all" -H "If-None-Match: $etag"
expect_eq "the board answers 304 to its ETag" "$HTTP_STATUS" 304
as "$DAN" GET "/api/v1/leaderboard?period=all&limit=2"
expect_jq "me is there when I am off the page" \
    '(.items | length) == 2 and .has_more and .me.rank == 3 and
     .me.points == 5 and .me.neighbours[0].username == "cat" and
     .me.neighbours[0].rank == 2 and .me.neighbours[1] == null'
as "$DAN" GET "/api/v1/leaderboard?period=all&limit=2&cursor=$(jq -r .next_cursor "$T/body")"
expect_jq "the next page keeps the ranks" \
    '[.items[] | [.rank, .username]] == [[2,"cat"],[3,"dan"]] and
     (.has_more | not)'
http GET "/api/v1/leaderboard?period=week&limit=2"
c=$(jq -r .next_cursor "$T/body")
http GET "/api/v1/leaderboard?period=month&cursor=$c"
expect_eq "a cursor of another period is 400" "$HTTP_STATUS" 400
http GET "/api/v1/leaderboard?period=year"
expect_eq "an unknown period is 422" "$HTTP_STATUS" 422

# around=last: the tail of the board, as walking every page ends it.
walk="[]" c=""
while :; do
	http GET "/api/v1/leaderboard?period=all&limit=1${c:+&cursor=$c}"
	walk=$(jq -c --argjson w "$walk" '$w + .items' "$T/body")
	c=$(jq -r '.next_cursor // empty' "$T/body")
	[ -n "$c" ] || break
done
http GET "/api/v1/leaderboard?period=all&limit=3&around=last"
expect_jq "around=last is the tail of every page walked, ties and all" \
    "[.items[] | [.rank, .username, .points]] ==
     ($walk | .[-3:] | map([.rank, .username, .points])) and
     [.items[].rank] == [2, 2, 3] and (.has_more | not) and
     .next_cursor == null"
as "$DAN" GET "/api/v1/leaderboard?period=all&limit=1&around=last"
expect_jq "around=last for a member: the last row and me" \
    '[.items[] | [.rank, .username]] == [[3, "dan"]] and .me.rank == 3'
http GET "/api/v1/leaderboard?period=all&limit=50&around=last"
expect_jq "around=last on a short board is all of it" \
    "[.items[].username] == ($walk | map(.username))"
http GET "/api/v1/leaderboard?period=all&around=last&cursor=$(printf '%s' \
    "$walk" | jq -r '.[0].username')"
expect_eq "around=last with a cursor is 422" "$HTTP_STATUS" 422
http GET "/api/v1/leaderboard?period=all&around=first"
expect_eq "around=first is 422" "$HTTP_STATUS" 422

# eve earned 100 points ten days ago: the month and all time, not the week.
db "INSERT INTO points_ledger (user_id, delta, rule, subject_type,
        subject_id, created_at) SELECT id, 100, 'adjustment', 'adjustment',
        999999, strftime('%s', 'now') - 10 * 86400 FROM users
        WHERE username = 'eve';
    INSERT INTO points_totals (user_id, points)
        SELECT id, 100 FROM users WHERE username = 'eve';
    INSERT INTO points_daily (user_id, day, points)
        SELECT id, (strftime('%s', 'now') - 10 * 86400) / 86400, 100
        FROM users WHERE username = 'eve';"
"$GUILDD_BIN" points rebuild --db "$T/guild.db" >/dev/null
expect_eq "guildd points rebuild succeeds" "$?" 0
http GET "/api/v1/leaderboard?period=week"
expect_jq "the week leaves out older points" \
    '([.items[].username] | index("eve")) == null and .items[0].username == "bob"'
http GET "/api/v1/leaderboard?period=month"
expect_jq "the month has them" '.items[0] == {"rank": 1, "username": "eve",
     "points": 100, "level": 4}'
http GET "/api/v1/leaderboard"
expect_jq "all time is the default and has them" \
    '.period == "all" and .items[0].username == "eve" and
     .items[1].rank == 2'

# ---- badges and profiles ---------------------------------------------------

as "$BOB" POST /api/v1/badges \
    '{"username": "bob", "badge": "helper", "reason": "me"}'
expect_eq "a member may not award badges (403)" "$HTTP_STATUS" 403
as "$BOSS" POST /api/v1/badges \
    '{"username": "bob", "badge": "first responder", "reason": "fast answers"}'
expect_eq "an operator awards a badge (201)" "$HTTP_STATUS" 201
as "$BOSS" POST /api/v1/badges \
    '{"username": "bob", "badge": "first responder", "reason": "again"}'
expect_eq "the same badge twice is 409" "$HTTP_STATUS" 409
as "$BOSS" POST /api/v1/badges \
    '{"username": "bob", "badge": "member of the month", "reason": "x"}'
expect_eq "member of the month is the server's to give (422)" \
    "$HTTP_STATUS" 422
http GET /api/v1/users/bob
expect_jq "the public profile has points, level and badges" \
    '.username == "bob" and .points == 37 and .level == 3 and
     .points_to_next == 28 and (.badges | length) == 1 and
     .badges[0].badge == "first responder" and
     .badges[0].reason == "fast answers" and .badges[0].period == null and
     (has("email") | not)'
http GET /api/v1/users/nobody
expect_eq "an unknown profile is 404" "$HTTP_STATUS" 404

# Member of the month by hand: last October's top 3 (cat, dan, ann).
db "INSERT INTO points_daily (user_id, day, points)
        SELECT id, CAST(strftime('%s', '2025-10-15') AS INTEGER) / 86400,
        CASE username WHEN 'cat' THEN 30 WHEN 'dan' THEN 20
        WHEN 'ann' THEN 10 ELSE 5 END
        FROM users WHERE username IN ('ann', 'bob', 'cat', 'dan')"
out=$("$GUILDD_BIN" badges award-monthly --month 2025-10 --db "$T/guild.db")
expect_match "award-monthly says what it did" "$out" \
    "2025-10: 3 badge"
out=$("$GUILDD_BIN" badges award-monthly --month 2025-10 --db "$T/guild.db")
expect_match "running it again awards nothing" "$out" "2025-10: 0 badge"
expect_eq "the top 3 of the month have the badge" \
    "$(db "SELECT group_concat(u.username, ',') FROM (SELECT user_id
        FROM badges WHERE badge = 'member of the month' AND
        period = '2025-10' ORDER BY user_id) b JOIN users u ON u.id =
        b.user_id")" "ann,cat,dan"
"$GUILDD_BIN" badges award-monthly --month 2025-13 --db "$T/guild.db" \
    2>/dev/null
expect_eq "a bad month is a usage error" "$?" 2
http GET /api/v1/users/cat
expect_jq "the badge is on the profile" \
    '.badges[0].badge == "member of the month" and
     .badges[0].period == "2025-10"'

guildd_stop

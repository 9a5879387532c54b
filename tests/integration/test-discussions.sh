# Discussions over raw HTTP: categories, threads and replies in order,
# one level of nesting, likes that count once, edit and delete rules for
# authors and operators, pin and lock (a locked thread refuses replies
# with 409), lists pinned first in both orders, complete pagination
# without duplicates, and the events each write emits.
. "$(dirname "$0")/../lib.sh"

JSON='Content-Type: application/json'

header() {
	grep -i "^$1:" "$T/headers" | tail -1 | sed 's/^[^:]*: *//' | tr -d '\r'
}
expect_problem() {
	if [ "$HTTP_STATUS" = "$2" ] &&
	    [ "$(header Content-Type)" = "application/problem+json" ] &&
	    jq -e --argjson s "$2" '.status == $s and (.detail | length > 0)' \
	        "$T/body" >/dev/null 2>&1; then
		ok "$1"
	else
		fail "$1" "status $HTTP_STATUS (want $2): $(head -c 300 "$T/body")"
	fi
}
expect_jq() {
	if jq -e "$2" "$T/body" >/dev/null 2>&1; then ok "$1"; else
		fail "$1" "jq '$2' false for: $(head -c 400 "$T/body")"
	fi
}
# as TOKEN METHOD PATH [JSON]: a request as the member holding TOKEN.
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
# member NAME: registers NAME and prints a token.
member() {
	http POST /api/v1/users -H "$JSON" --data-binary \
	    "{\"username\": \"$1\", \"email\": \"$1@example.com\",
	      \"password\": \"correct horse\"}"
	http POST /api/v1/auth/tokens -H "$JSON" --data-binary \
	    "{\"login\": \"$1\", \"password\": \"correct horse\"}"
	jq -r .token "$T/body"
}
activity() {
	sqlite3 "$T/guild.db" "SELECT count(*) FROM activity WHERE $1"
}

if guildd_start --demo --post-rate 1000/min; then ok "guildd starts"; else
	fail "guildd starts"; exit 1
fi
ANN=$(member ann)
BOB=$(member bob)
http POST /api/v1/auth/tokens -H "$JSON" \
    --data-binary '{"login": "admin", "password": "guild-admin"}'
OPS=$(jq -r .token "$T/body")
ANN_ID=$(sqlite3 "$T/guild.db" "SELECT id FROM users WHERE username = 'ann'")
BOB_ID=$(sqlite3 "$T/guild.db" "SELECT id FROM users WHERE username = 'bob'")

# ---- categories ---------------------------------------------------------

http GET /api/v1/categories
expect_jq "categories are listed" '.items | length >= 6'
expect_jq "the demo categories are there" '[.items[].slug] |
    contains(["announcements", "general", "show-and-tell"])'
expect_jq "study groups name their course" \
    '[.items[] | select(.course_id != null)] | length >= 3'
GENERAL=$(jq -r '.items[] | select(.slug == "general") | .id' "$T/body")

# ---- a thread and its replies -------------------------------------------

http POST /api/v1/threads -H "$JSON" --data-binary \
    "{\"category_id\": $GENERAL, \"title\": \"t\", \"body\": \"b\"}"
expect_problem "posting without a token is 401" 401
as "$ANN" POST /api/v1/threads "{\"category_id\": $GENERAL,
    \"title\": \"How do you test C?\", \"body\": \"With **cmocka**?\"}"
expect_eq "a member creates a thread (201)" "$HTTP_STATUS" 201
expect_jq "the new thread is as posted" "(.title == \"How do you test C?\") and
    .body == \"With **cmocka**?\" and .author.username == \"ann\" and
    .category_id == $GENERAL and .reply_count == 0 and .like_count == 0 and
    (.pinned | not) and (.locked | not) and .edited_at == null"
TH=$(jq -r .id "$T/body")
expect_match "201 names the thread in Location" "$(header Location)" \
    "^/api/v1/threads/$TH\$"
created_at=$(jq -r .last_activity_at "$T/body")

for i in 1 2 3; do
	as "$BOB" POST "/api/v1/threads/$TH/replies" "{\"body\": \"reply $i\"}"
	eval "R$i=\$(jq -r .id \"\$T/body\")"
done
expect_eq "replies are created (201)" "$HTTP_STATUS" 201
as "$ANN" POST "/api/v1/threads/$TH/replies" \
    "{\"body\": \"answering reply 1\", \"reply_to\": $R1}"
expect_jq "a reply to a reply names it" ".reply_to == $R1"
N1=$(jq -r .id "$T/body")
as "$BOB" POST "/api/v1/threads/$TH/replies" \
    "{\"body\": \"deeper\", \"reply_to\": $N1}"
expect_jq "a reply to a nested reply joins its top-level parent" \
    ".reply_to == $R1"
http GET "/api/v1/threads/$TH/replies"
expect_jq "replies come back in the order they were written" \
    '[.items[].body] == ["reply 1", "reply 2", "reply 3",
     "answering reply 1", "deeper"]'
expect_jq "top-level replies have no reply_to" \
    '[.items[0:3][].reply_to] == [null, null, null]'
http GET "/api/v1/threads/$TH"
expect_jq "the thread counts its replies" '.reply_count == 5'
expect_jq "a reply is activity" ".last_activity_at >= \"$created_at\""

as "$BOB" POST /api/v1/threads "{\"category_id\": $GENERAL,
    \"title\": \"Another\", \"body\": \"elsewhere\"}"
OTHER=$(jq -r .id "$T/body")
as "$ANN" POST "/api/v1/threads/$OTHER/replies" \
    "{\"body\": \"x\", \"reply_to\": $R1}"
expect_problem "reply_to a reply of another thread is 422" 422

# ---- likes --------------------------------------------------------------

as "$BOB" PUT "/api/v1/threads/$TH/like"
expect_jq "a like counts" '.liked and .like_count == 1'
as "$BOB" PUT "/api/v1/threads/$TH/like"
expect_jq "liking twice is still one like" '.liked and .like_count == 1'
as "$BOB" GET "/api/v1/threads/$TH"
expect_jq "the liker sees liked" '.liked and .like_count == 1'
http GET "/api/v1/threads/$TH"
expect_jq "anonymous readers see the count, not liked" \
    '(.liked | not) and .like_count == 1'
expect_eq "one like_added event for two PUTs" \
    "$(activity "kind = 'like_added' AND subject_type = 'thread' AND
        subject_id = $TH AND target_user_id = $ANN_ID")" 1
as "$BOB" DELETE "/api/v1/threads/$TH/like"
expect_jq "unlike removes it" '(.liked | not) and .like_count == 0'
as "$BOB" DELETE "/api/v1/threads/$TH/like"
expect_jq "unliking twice is harmless" '.like_count == 0'
expect_eq "one like_removed event" \
    "$(activity "kind = 'like_removed' AND subject_id = $TH")" 1
as "$ANN" PUT "/api/v1/threads/$TH/like"
expect_problem "liking your own thread is 422" 422
as "$ANN" PUT "/api/v1/replies/$R2/like"
as "$ANN" PUT "/api/v1/replies/$R2/like"
expect_jq "a reply like counts once" '.liked and .like_count == 1'

# ---- edits --------------------------------------------------------------

as "$ANN" PATCH "/api/v1/threads/$TH" '{"title": "How do you test C code?"}'
expect_eq "the author edits the title (200)" "$HTTP_STATUS" 200
expect_jq "the edit shows, with edited_at" \
    '.title == "How do you test C code?" and .edited_at != null'
as "$BOB" PATCH "/api/v1/threads/$TH" '{"body": "hijacked"}'
expect_problem "editing another member's thread is 403" 403
as "$ANN" PATCH "/api/v1/threads/$TH" '{"pinned": true}'
expect_problem "a member cannot pin, even their own thread (403)" 403
as "$BOB" PATCH "/api/v1/replies/$R3" '{"body": "reply 3, edited"}'
expect_jq "the author edits a reply" \
    '.body == "reply 3, edited" and .edited_at != null'
as "$ANN" PATCH "/api/v1/replies/$R3" '{"body": "not yours"}'
expect_problem "editing another member's reply is 403" 403
as "$BOB" DELETE "/api/v1/threads/$TH"
expect_problem "deleting another member's thread is 403" 403

as "$OPS" PATCH "/api/v1/threads/$TH" '{"title": "Testing C (moderated)"}'
expect_jq "an operator edits any thread" '.title == "Testing C (moderated)"'
as "$OPS" PATCH "/api/v1/threads/$TH" '{"pinned": true}'
expect_jq "an operator pins" '.pinned'
as "$OPS" PATCH "/api/v1/replies/$R2" '{"body": "moderated"}'
expect_jq "an operator edits any reply" '.body == "moderated"'
as "$OPS" PATCH "/api/v1/threads/$TH" '{"locked": true}'
expect_jq "an operator locks" '.locked and .pinned'
as "$BOB" POST "/api/v1/threads/$TH/replies" '{"body": "too late"}'
expect_problem "a locked thread refuses replies with 409" 409
as "$OPS" POST "/api/v1/threads/$TH/replies" '{"body": "still locked"}'
expect_problem "even for operators (409)" 409

as "$ANN" DELETE "/api/v1/replies/$R1"
expect_problem "deleting another member's reply is 403" 403
as "$BOB" DELETE "/api/v1/replies/$R1"
expect_eq "the author deletes a reply (204)" "$HTTP_STATUS" 204
as "$OPS" DELETE "/api/v1/replies/$R3"
expect_eq "an operator deletes any reply (204)" "$HTTP_STATUS" 204
http GET "/api/v1/threads/$TH/replies"
expect_jq "deleted replies keep their place, without text" \
    "[.items[] | select(.deleted) | .id] == [$R1, $R3] and
     all(.items[] | select(.deleted); .body == \"\")"
expect_jq "their nested replies stay readable" \
    "[.items[] | select(.reply_to == $R1) | .body] ==
     [\"answering reply 1\", \"deeper\"]"
http GET "/api/v1/threads/$TH"
expect_jq "reply_count counts the replies left" '.reply_count == 3'
as "$BOB" DELETE "/api/v1/replies/$R1"
expect_problem "a deleted reply is gone for edits (404)" 404

# ---- lists: pinned first, both orders, complete pages --------------------

for i in 1 2 3 4 5 6 7; do
	as "$BOB" POST /api/v1/threads "{\"category_id\": $GENERAL,
	    \"title\": \"Filler $i\", \"body\": \"page me\"}"
done
as "$ANN" PUT "/api/v1/threads/$(jq -r .id "$T/body")/like"
http GET "/api/v1/threads?limit=100"
expect_jq "latest: pinned threads come first" \
    '[.items[].pinned] as $p | $p == ($p | sort | reverse)'
expect_jq "latest: then by last activity" \
    '[.items[] | select(.pinned | not) | .last_activity_at] as $t |
     $t == ($t | sort | reverse)'
http GET "/api/v1/threads?limit=100&sort=top"
expect_jq "top: pinned first, then most liked" \
    '[.items[] | [(if .pinned then 1 else 0 end), .like_count]] as $k |
     $k == ($k | sort | reverse)'

# walk SORT CATEGORY: pages of 3, ids into $T/walk; prints the page count
walk() {
	: >"$T/walk"
	_cursor= _pages=0
	while [ "$_pages" -lt 100 ]; do
		_q="limit=3&sort=$1"
		[ -n "$2" ] && _q="$_q&category=$2"
		[ -n "$_cursor" ] && _q="$_q&cursor=$_cursor"
		http GET "/api/v1/threads?$_q"
		[ "$HTTP_STATUS" = 200 ] || { echo "status $HTTP_STATUS"; return; }
		jq -r '.items[].id' "$T/body" >>"$T/walk"
		_pages=$((_pages + 1))
		[ "$(jq -r .has_more "$T/body")" = true ] || break
		_cursor=$(jq -r .next_cursor "$T/body")
	done
	echo "$_pages"
}
for sort in latest top; do
	for cat in "" general; do
		pages=$(walk "$sort" "$cat")
		total=$(wc -l <"$T/walk")
		distinct=$(sort -u "$T/walk" | wc -l)
		if [ -n "$cat" ]; then
			want=$(sqlite3 "$T/guild.db" "SELECT count(*) FROM threads
			    t JOIN categories c ON c.id = t.category_id
			    WHERE c.slug = '$cat'")
			cat=general
		else
			want=$(sqlite3 "$T/guild.db" "SELECT count(*) FROM threads")
			cat=all
		fi
		expect_eq "$sort/$cat: pages hold every thread ($pages pages)" \
		    "$total" "$want"
		expect_eq "$sort/$cat: no thread twice" "$distinct" "$total"
	done
done
http GET "/api/v1/threads?limit=3"
expect_match "a page with more carries Link rel=next" "$(header Link)" \
    '^</api/v1/threads\?limit=3&sort=latest&cursor=[A-Za-z0-9_-]+>; rel="next"$'
latest_cursor=$(jq -r .next_cursor "$T/body")
http GET "/api/v1/threads?sort=top&cursor=$latest_cursor"
expect_problem "a cursor of another sort is 400" 400

# A long thread, read in pages of 7.
as "$ANN" POST /api/v1/threads "{\"category_id\": $GENERAL,
    \"title\": \"Long\", \"body\": \"many replies\"}"
LONG=$(jq -r .id "$T/body")
i=0
while [ $i -lt 23 ]; do
	i=$((i + 1))
	as "$BOB" POST "/api/v1/threads/$LONG/replies" "{\"body\": \"n$i\"}"
done
: >"$T/replies"
cursor= pages=0
while [ $pages -lt 20 ]; do
	q="limit=7"
	[ -n "$cursor" ] && q="$q&cursor=$cursor"
	http GET "/api/v1/threads/$LONG/replies?$q"
	jq -r '.items[].body' "$T/body" >>"$T/replies"
	pages=$((pages + 1))
	[ "$(jq -r .has_more "$T/body")" = true ] || break
	cursor=$(jq -r .next_cursor "$T/body")
done
expect_eq "reply pages hold every reply, in order" \
    "$(tr '\n' ' ' <"$T/replies")" \
    "$(i=0; while [ $i -lt 23 ]; do i=$((i + 1)); printf 'n%d ' $i; done)"
expect_eq "23 replies in pages of 7 are 4 pages" "$pages" 4

# ---- events and deletion ------------------------------------------------

expect_eq "thread_created events name the thread" \
    "$(activity "kind = 'thread_created' AND subject_id = $TH AND
        actor_id = $ANN_ID")" 1
expect_eq "reply_created events target the thread's author" \
    "$(activity "kind = 'reply_created' AND actor_id = $BOB_ID AND
        target_user_id = $ANN_ID")" 27

as "$OPS" DELETE "/api/v1/threads/$TH"
expect_eq "an operator deletes any thread (204)" "$HTTP_STATUS" 204
http GET "/api/v1/threads/$TH"
expect_problem "a deleted thread is 404" 404
http GET "/api/v1/threads/$TH/replies"
expect_problem "its replies are gone too (404)" 404
as "$BOB" DELETE "/api/v1/threads/$OTHER"
expect_eq "the author deletes their own thread (204)" "$HTTP_STATUS" 204
http GET "/api/v1/search?q=moderated"
expect_jq "a deleted thread leaves the search index" \
    "all(.items[]; .id != $TH or .type != \"thread\")"

if guildd_alive; then ok "guildd is alive at the end"; else
	fail "guildd is alive at the end"
fi

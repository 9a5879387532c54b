# The inbox over raw HTTP against a real guildd: replies, answers, an
# accepted answer and votes give the author exactly the expected
# notifications (kinds, batched counts, the unread number); marking read
# by id and all, another member cannot mark mine, a new vote after the
# batch was read starts a new line; paging, ETag and 304; 401 without a
# token and 422 for bad bodies; an order paid through the sandbox
# checkout tells the buyer; "starting soon" once for a confirmed seat;
# the demo member's seeded inbox.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-shop.sh"

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
	post_json /api/v1/users "{\"username\": \"$1\",
	    \"email\": \"$1@example.com\", \"password\": \"correct horse\"}"
}
inbox() {
	as "$1" GET "/api/v1/me/notifications${2:-}"
}

if guildd_start --demo --post-rate 1000/min; then ok "guildd starts"; else
	fail "guildd starts"; exit 1
fi
for m in ann bob cat dan; do register "$m"; done
expect_eq "four members register" "$HTTP_STATUS" 201
ANN=$(login ann "correct horse") BOB=$(login bob "correct horse")
CAT=$(login cat "correct horse") DAN=$(login dan "correct horse")

inbox "$ANN"
expect_jq "a new member's inbox is empty" \
    '.items == [] and .unread == 0 and .has_more == false'
DEMO=$(login demo guild-demo)
inbox "$DEMO" "?limit=100"
expect_jq "the demo member has a seeded inbox, the newest few unread" \
    '.unread == 4 and (.items | length) > 10 and
     ([.items[:4][] | .read] | all(. == false)) and
     ([.items[4:][] | .read] | all) and
     ([.items[].kind] | contains(["reply", "answer", "votes", "order_paid"]))'

# ---- activity on ann's posts ---------------------------------------------

http GET /api/v1/categories
CATEGORY=$(jq -r '.items[0].id' "$T/body")
as "$ANN" POST /api/v1/threads "{\"category_id\": $CATEGORY,
    \"title\": \"Inbox: how do you test?\", \"body\": \"Tell me.\"}"
THREAD=$(jq -r .id "$T/body")
as "$BOB" POST "/api/v1/threads/$THREAD/replies" '{"body": "With tmux."}'
REPLY=$(jq -r .id "$T/body")
as "$ANN" POST "/api/v1/threads/$THREAD/replies" '{"body": "Thanks!"}'
as "$CAT" POST "/api/v1/threads/$THREAD/replies" \
    "{\"body\": \"And curl.\", \"reply_to\": $REPLY}"
expect_eq "the replies are posted" "$HTTP_STATUS" 201

as "$ANN" POST /api/v1/questions '{"title": "Why batch votes?",
    "body": "Curious.", "tags": ["inbox"]}'
QUESTION=$(jq -r .id "$T/body")
as "$BOB" POST "/api/v1/questions/$QUESTION/answers" '{"body": "Noise."}'
ANSWER=$(jq -r .id "$T/body")
for t in "$BOB" "$CAT" "$DAN"; do
	as "$t" PUT "/api/v1/questions/$QUESTION/vote" '{"value": 1}'
done
as "$ANN" PUT "/api/v1/questions/$QUESTION/vote" '{"value": 1}'
as "$ANN" PUT "/api/v1/questions/$QUESTION/accepted-answer" \
    "{\"answer_id\": $ANSWER}"
expect_eq "votes and the accept go through" "$HTTP_STATUS" 200

inbox "$ANN"
expect_jq "ann has reply, reply, answer, votes (newest first)" \
    '[.items[].kind] == ["votes", "answer", "reply", "reply"]'
expect_jq "three upvotes are one line with a count" \
    '.items[0].count == 3 and .items[0].subject_type == "question" and
     .items[0].text == "3 upvotes on your question “Why batch votes?”" and
     .items[0].actor == "dan"'
expect_jq "the answer names bob and the question" \
    ".items[1].actor == \"bob\" and .items[1].subject_id == $QUESTION and
     .items[1].text == \"bob answered “Why batch votes?”\""
expect_jq "replies name the thread, not ann's own reply" \
    "[.items[2, 3] | .subject_id] == [$THREAD, $THREAD] and
     [.items[2, 3] | .actor] == [\"cat\", \"bob\"]"
expect_jq "four unread, every item unread" \
    '.unread == 4 and all(.items[]; .read == false)'
inbox "$BOB"
expect_jq "bob is told of the accept and cat's reply to him" \
    '[.items[].kind] == ["accepted", "reply"] and
     .items[0].text == "ann accepted your answer to “Why batch votes?”" and
     .items[1].text == "cat replied to you in “Inbox: how do you test?”"'
inbox "$CAT"
expect_jq "cat, who only acted, has nothing" '.items == [] and .unread == 0'

# ---- ETag, paging, the unread filter ---------------------------------------

inbox "$ANN"
ETAG=$(header ETag)
http GET /api/v1/me/notifications -H "Authorization: Bearer $ANN" \
    -H "If-None-Match: $ETAG"
expect_eq "an unchanged inbox answers 304" "$HTTP_STATUS" 304
inbox "$ANN" "?limit=3"
expect_jq "a page of 3 says more follow" \
    '(.items | length) == 3 and .has_more and (.next_cursor | length) > 0'
NEXT=$(jq -r .next_cursor "$T/body")
inbox "$ANN" "?limit=3&cursor=$NEXT"
expect_jq "the next page has the oldest one" \
    '(.items | length) == 1 and .items[0].kind == "reply" and
     .items[0].actor == "bob" and .has_more == false'
inbox "$ANN" "?cursor=junk"
expect_problem "a cursor the server did not issue is 400" 400

# ---- marking read ---------------------------------------------------------

inbox "$ANN"
VOTES_ID=$(jq -r '.items[0].id' "$T/body")
REPLY_ID=$(jq -r '.items[3].id' "$T/body")
as "$BOB" POST /api/v1/me/notifications/read "{\"ids\": [$REPLY_ID]}"
expect_jq "bob marking ann's notification leaves bob's count" \
    '.unread == 2'
inbox "$ANN" "?unread=1"
expect_jq "and ann's is still unread" '.unread == 4 and (.items | length) == 4'
as "$ANN" POST /api/v1/me/notifications/read "{\"ids\": [$REPLY_ID]}"
expect_jq "ann marks one read: three left" '.unread == 3'
inbox "$ANN" "?unread=1"
expect_jq "the unread filter drops it" \
    "(.items | length) == 3 and all(.items[]; .id != $REPLY_ID)"
inbox "$ANN"
expect_jq "the full list shows it read" \
    "any(.items[]; .id == $REPLY_ID and .read == true)"
as "$ANN" POST /api/v1/me/notifications/read '{"all": true}'
expect_jq "mark all read: none left" '.unread == 0'
inbox "$ANN" "?unread=1"
expect_jq "the unread list is empty" '.items == [] and .unread == 0'

# A vote after the batch was read starts a new line.
as "$BOB" POST /api/v1/questions '{"title": "Second one?",
    "body": "Yes.", "tags": ["inbox"]}'
Q2=$(jq -r .id "$T/body")
as "$ANN" POST "/api/v1/questions/$Q2/answers" '{"body": "Mine."}'
A2=$(jq -r .id "$T/body")
as "$CAT" PUT "/api/v1/questions/$QUESTION/vote" '{"value": -1}'
as "$CAT" PUT "/api/v1/questions/$QUESTION/vote" '{"value": 1}'
as "$DAN" PUT "/api/v1/answers/$A2/vote" '{"value": 1}'
as "$BOB" PUT "/api/v1/answers/$A2/vote" '{"value": 1}'
inbox "$ANN" "?unread=1"
expect_jq "new votes after reading are new lines, one per item" \
    "[.items[] | [.kind, .count, .subject_id]] ==
     [[\"votes\", 2, $Q2], [\"votes\", 1, $QUESTION]] and .unread == 2"
expect_jq "an answer vote reads as such" \
    '.items[0].text == "2 upvotes on your answer to “Second one?”"'
inbox "$ANN"
expect_jq "the read batch keeps its count" \
    "any(.items[]; .id == $VOTES_ID and .count == 3 and .read)"

# ---- an event starting within 24 hours ---------------------------------------

OPS=$(login admin guild-admin)
STARTS=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:00Z)
ENDS=$(date -u -d '+3 hours' +%Y-%m-%dT%H:%M:00Z)
as "$OPS" POST /api/v1/events "{\"title\": \"Inbox salon\",
    \"type\": \"salon\", \"starts_at\": \"$STARTS\",
    \"ends_at\": \"$ENDS\", \"capacity\": 1}"
EVENT=$(jq -r .id "$T/body")
as "$ANN" PUT "/api/v1/events/$EVENT/rsvp"
as "$BOB" PUT "/api/v1/events/$EVENT/rsvp"
expect_jq "ann has the seat, bob waits" '.status == "waitlisted"'
inbox "$ANN" "?unread=1"
expect_jq "reading the inbox tells ann the event starts soon" \
    ".items[0].kind == \"event_soon\" and .items[0].subject_type == \"event\"
     and .items[0].subject_id == $EVENT and .items[0].actor == null and
     (.items[0].text | startswith(\"“Inbox salon” starts soon: \"))"
as "$ANN" POST /api/v1/me/notifications/read '{"all": true}'
inbox "$ANN"
expect_jq "once: read, it does not come back" \
    "[.items[] | select(.kind == \"event_soon\")] | length == 1"
inbox "$BOB" "?unread=1"
expect_jq "bob, waitlisted, is not told" \
    'all(.items[]; .kind != "event_soon")'
as "$ANN" DELETE "/api/v1/events/$EVENT/rsvp"
inbox "$BOB" "?unread=1"
expect_jq "promoted, bob is told both" \
    '[.items[].kind] | contains(["rsvp_promoted", "event_soon"])'

# ---- who may, and bad input ---------------------------------------------

http GET /api/v1/me/notifications
expect_problem "reading an inbox without a token is 401" 401
post_json /api/v1/me/notifications/read '{"all": true}'
expect_problem "marking without a token is 401" 401
for body in '{}' '{"ids": "1"}' '{"ids": []}' '{"ids": [0]}' \
    '{"ids": [1.5]}' '{"all": false}' '{"all": true, "ids": [1]}'; do
	as "$ANN" POST /api/v1/me/notifications/read "$body"
	expect_problem "mark read with $body is 422" 422
done
as "$ANN" POST /api/v1/me/notifications/read '{"ids": [1]'
expect_problem "a body that is not JSON is 400" 400
inbox "$ANN" "?unread=maybe"
expect_problem "?unread=maybe is 422" 422
inbox "$ANN" "?limit=0"
expect_problem "?limit=0 is 422" 422

# ---- an order paid through the sandbox ---------------------------------------

http GET "/api/v1/courses?price=paid&limit=1"
COURSE=$(jq -r '.items[0].id' "$T/body")
TITLE=$(jq -r '.items[0].title' "$T/body")
buy "$DAN" "$COURSE" "inbox-$$"
pay "$CHECKOUT_URL" "4242 4242 4242 4242"
expect_eq "dan pays with the sandbox card" "$PAGE_STATUS" 200
inbox "$DAN"
expect_jq "dan is told the order is paid" \
    ".items[0].kind == \"order_paid\" and .items[0].subject_type == \"order\"
     and .items[0].subject_id == $ORDER_ID and .items[0].actor == null and
     .items[0].text == \"Your order for “$TITLE” is paid\""

stop_clean

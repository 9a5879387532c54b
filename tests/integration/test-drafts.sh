#!/bin/sh
# Drafts survive a guildd that is gone: the post fails, the draft stays
# and says where it is, `guild drafts send` delivers it once guildd is
# back (on the same database, another port), and a draft sent twice
# (its answer lost) is posted exactly once thanks to its Idempotency-Key.
# Then the Idempotency-Key of each kind of post over plain HTTP.
. "$(dirname "$0")/../lib.sh"

export COLUMNS=120
JSON='Content-Type: application/json'
drafts="$XDG_STATE_HOME/guild/drafts"

run() {
	"$GUILD_BIN" "$@" >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}
# Replies of thread $TID with body $1, counted through the API.
count_replies() {
	http GET "/api/v1/threads/$TID/replies?limit=100"
	jq --arg b "$1" '[.items[] | select(.body == $b)] | length' "$T/body"
}

if guildd_start --demo; then ok "guildd starts"; else
	fail "guildd starts"; exit 1
fi
http POST /api/v1/users -H "$JSON" --data-binary \
    '{"username": "drafter", "email": "drafter@example.com",
      "password": "correct horse battery"}'
http POST /api/v1/auth/tokens -H "$JSON" --data-binary \
    '{"login": "drafter", "password": "correct horse battery"}'
# The token lives in the database, so it outlives the restarts below.
GUILD_TOKEN=$(jq -r .token "$T/body")
export GUILD_TOKEN
run thread new --category general --title "Drafts and crashes" \
    -m "Does guild lose my text?"
expect_eq "a thread to reply in" "$RC" 0
TID=$(printf '%s\n' "$OUT" | sed -n 's/^Posted thread \([0-9]*\).*/\1/p')
OLD_URL=$GUILD_URL

# ---- guildd is gone while sending -------------------------------------
guildd_stop
run post --thread "$TID" -m "Written while the server was down."
expect_eq "post with guildd stopped exits 1" "$RC" 1
expect_match "it says it could not send" "$ERR" \
    "^guild: could not send: cannot reach $OLD_URL"
expect_match "and names the draft and its file" "$ERR" \
    "Your text is kept as draft [0-9a-f-]+ in $drafts/[0-9a-f-]+; retry with: guild drafts send [0-9a-f-]+$"
D1=$(printf '%s\n' "$ERR" | sed -n 's/.*kept as draft \([^ ]*\) in.*/\1/p')
check "the draft file exists" test -f "$drafts/$D1"
expect_eq "the draft file is private" \
    "$(stat -c %a "$drafts/$D1")" 600
expect_eq "the drafts directory is private" "$(stat -c %a "$drafts")" 700
run drafts
expect_match "guild drafts lists it" "$OUT" \
    "^$D1 +reply +thread $TID +Written while the server was down\."
run drafts show "$D1"
expect_match "guild drafts show prints its text" "$OUT" \
    "^Written while the server was down\.$"
expect_match "and its file" "$OUT" "^file: $drafts/$D1$"
echo "A second one, sent twice." >"$T/in"
run post --thread "$TID" <"$T/in"
expect_eq "a second post from stdin fails too" "$RC" 1
D2=$(printf '%s\n' "$ERR" | sed -n 's/.*kept as draft \([^ ]*\) in.*/\1/p')
check "the second draft is kept" test -f "$drafts/$D2"

# ---- guildd is back, on the same database and another port ------------
if guildd_start; then ok "guildd starts again on the same database"; else
	fail "guildd starts again on the same database"; exit 1
fi
run drafts send "$D1"
expect_eq "drafts send delivers it (exit 0)" "$RC" 0
expect_match "and says what was posted" "$OUT" \
    "^Posted reply [0-9]+ in thread $TID"
expect_match "warning that the server moved" "$ERR" \
    "draft $D1 was written for $OLD_URL; sending it to $GUILD_URL"
check "the delivered draft is gone" test ! -e "$drafts/$D1"
expect_eq "the reply is on the server once" \
    "$(count_replies "Written while the server was down.")" 1
run drafts send "$D1"
expect_eq "a draft that is gone cannot be sent" "$RC" 2

# ---- a lost answer: the same draft sent twice posts once ----------------
cp -p "$drafts/$D2" "$T/d2.copy"
run drafts send "$D2"
expect_eq "the second draft is sent" "$RC" 0
FIRST=$OUT
check "and removed" test ! -e "$drafts/$D2"
# As if the answer had been lost before the file was removed.
cp -p "$T/d2.copy" "$drafts/$D2"
run drafts send "$D2"
expect_eq "sending the restored draft succeeds" "$RC" 0
expect_eq "with the original answer (the same reply)" "$OUT" "$FIRST"
check "and removes it" test ! -e "$drafts/$D2"
expect_eq "the reply exists exactly once" \
    "$(count_replies "A second one, sent twice.")" 1

# Changed after it was sent: the key cannot be used for other text.
sed 's/sent twice/changed afterwards/' "$T/d2.copy" >"$drafts/$D2"
chmod 600 "$drafts/$D2"
run drafts send "$D2"
expect_eq "a changed draft with a used key exits 1" "$RC" 1
expect_match "the server's 422 says why" "$ERR" \
    "Idempotency-Key was already used for a different request"
check "and the draft is kept" test -f "$drafts/$D2"
run drafts rm "$D2"
expect_eq "drafts rm removes it" "$RC" 0
run drafts
expect_eq "no drafts left" "$OUT" "No drafts."

# ---- Idempotency-Key on every kind of post, over HTTP ---------------------
# post KEY PATH BODY: an authenticated POST with an Idempotency-Key.
post() {
	http POST "$2" -H "Authorization: Bearer $GUILD_TOKEN" -H "$JSON" \
	    -H "Idempotency-Key: $1" --data-binary "$3"
}
replayed() {
	grep -i '^Idempotent-Replayed: true' "$T/headers" >/dev/null
}
QID=1	# a demo question
for kind in thread reply question answer; do
	case $kind in
	thread) path=/api/v1/threads
		body='{"category_id": 2, "title": "Keyed", "body": "once"}' ;;
	reply) path=/api/v1/threads/$TID/replies
		body='{"body": "keyed reply"}' ;;
	question) path=/api/v1/questions
		body='{"title": "Keyed?", "body": "once", "tags": ["c"]}' ;;
	answer) path=/api/v1/questions/$QID/answers
		body='{"body": "keyed answer"}' ;;
	esac
	post "key-$kind" "$path" "$body"
	first_status=$HTTP_STATUS
	first_id=$(jq -r .id "$T/body")
	post "key-$kind" "$path" "$body"
	if [ "$first_status" = 201 ] && [ "$HTTP_STATUS" = 201 ] &&
	    [ "$(jq -r .id "$T/body")" = "$first_id" ] && replayed; then
		ok "a $kind sent twice with one key is created once"
	else
		fail "a $kind sent twice with one key is created once" \
		    "$first_status then $HTTP_STATUS: $(head -c 200 "$T/body")"
	fi
	post "key-$kind" "$path" "$(printf '%s' "$body" | sed 's/"body": "/"body": "other /')"
	expect_eq "the same key with another $kind body is 422" "$HTTP_STATUS" 422
done
post "bad key" /api/v1/threads/"$TID"/replies '{"body": "x"}'
expect_eq "a malformed Idempotency-Key is 400" "$HTTP_STATUS" 400
http GET /api/v1/answers/999999
expect_eq "GET a missing answer is 404" "$HTTP_STATUS" 404

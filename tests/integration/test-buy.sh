#!/bin/sh
# Buying from the shell against a real guildd --demo: guild buy with the
# checkout form completed by curl (the sandbox's test cards), the
# receipt, library, lesson, orders and order; declines; --no-wait,
# --json and Ctrl-C; and the purchase's Idempotency-Key kept across a
# lost answer (a proxy that drops it), so a retry never buys twice.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-shop.sh"

# run ARGS...: guild with stdin from /dev/null, keeping out, err, status.
run() {
	"$GUILD_BIN" "$@" </dev/null >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}

# bg NAME ARGS...: guild in the background, output in $T/NAME.out/.err.
bg() {
	_n=$1
	shift
	"$GUILD_BIN" "$@" </dev/null >"$T/$_n.out" 2>"$T/$_n.err" &
	BG_PID=$!
}

# The checkout link printed in file $1, once it is there.
checkout_url() {
	wait_for 30 grep -q '/checkout/cs_' "$1" || return 1
	grep -o 'http://[^ ]*/checkout/cs_[A-Za-z0-9_-]*' "$1" | head -1
}

keys="$XDG_STATE_HOME/guild/purchases"
# Saved keys: all of them, or for course id $1 (files named HASH-ID).
nkeys() {
	find "$keys" -type f -name "*-${1:-*}" ! -name '.*' 2>/dev/null |
	    wc -l | tr -d ' '
}

# Orders of the demo member for course id $1.
norders() {
	curl -sS "$GUILD_URL/api/v1/me/orders?limit=100" \
	    -H "Authorization: Bearer $DEMO" |
	    jq --argjson c "$1" '[.items[] | select(.course_id == $c)] | length'
}

if guildd_start --demo; then ok "guildd --demo starts"; else
	fail "guildd --demo starts"; exit 1
fi
DEMO=$(login demo guild-demo)
printf 'guild-demo\n' | "$GUILD_BIN" login --username demo \
    --password-stdin --insecure-storage >/dev/null 2>&1
check "guild logs in as demo" "$GUILD_BIN" whoami

# Paid courses demo does not own, their slugs and prices; a free one.
http GET "/api/v1/courses?price=paid&limit=100" -H "Authorization: Bearer $DEMO"
jq -r '.items[] | select(.owned | not) | "\(.id) \(.slug) \(.price.amount)"' \
    "$T/body" >"$T/paid"
http GET "/api/v1/courses?price=free&limit=100" -H "Authorization: Bearer $DEMO"
FREE=$(jq -r '[.items[] | select(.owned | not)][0].slug' "$T/body")
pick() { sed -n "${1}p" "$T/paid" | cut -d' ' -f"$2"; }
C1=$(pick 1 1) S1=$(pick 1 2) P1=$(pick 1 3)
C2=$(pick 2 1) S2=$(pick 2 2)
C3=$(pick 3 1) S3=$(pick 3 2)
C4=$(pick 4 1) S4=$(pick 4 2)
C5=$(pick 5 1) S5=$(pick 5 2)
S6=$(pick 6 2)
yuan=$(printf '%d.%02d' $((P1 / 100)) $((P1 % 100)))

# ---- usage --------------------------------------------------------------

run buy "$S1"
expect_eq "buy without a terminal and without --yes exits 2" "$RC" 2
expect_match "it says to add --yes" "$ERR" 'add --yes to buy without asking'
expect_eq "nothing is saved when nothing is bought" "$(nkeys)" 0
run buy
expect_eq "buy without a course is a usage error" "$RC" 2
run buy no-such-course --yes
expect_eq "buying no such course exits 1" "$RC" 1
expect_match "it says the course is unknown" "$ERR" "no course 'no-such-course'"
HOME="$T/nobody" XDG_STATE_HOME="$T/nobody/state" run buy "$S1" --yes
expect_eq "buying when not logged in exits 4" "$RC" 4

# ---- a full purchase -------------------------------------------------------

bg buy1 buy "$S1" --yes
URL=$(checkout_url "$T/buy1.out")
expect_match "guild buy prints the checkout link" "$URL" '/checkout/cs_'
expect_eq "the purchase's key is saved while it is pending" "$(nkeys)" 1
expect_match "no QR code when stdout is not a terminal" \
    "$(grep -c '▀' "$T/buy1.out")" '^0$'
pay "$URL" '4242 4242 4242 4242'
expect_eq "the checkout form takes 4242 4242 4242 4242" "$PAGE_STATUS" 200
wait "$BG_PID"
expect_eq "guild buy exits 0 once paid" "$?" 0
OUT=$(cat "$T/buy1.out")
expect_match "it prints the receipt" "$OUT" 'Paid\. Receipt:'
expect_match "the receipt has the order" "$OUT" 'order +[0-9]+'
expect_match "the receipt has the course" "$OUT" "course .*\\($S1\\)"
expect_match "the receipt has the amount" "$OUT" "amount +¥$yuan"
expect_match "the receipt has the payment time" "$OUT" \
    'paid at +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}'
expect_match "the wait was announced on stderr" "$(cat "$T/buy1.err")" \
    'waiting for the payment of order [0-9]+'
expect_eq "the key is forgotten once the order is final" "$(nkeys)" 0
O1=$(printf '%s\n' "$OUT" | sed -n 's/^ *order *\([0-9]*\)$/\1/p')

run library
expect_match "guild library lists the course" "$OUT" "$S1"
expect_match "with its progress" "$OUT" "$S1 .* 0/[0-9]+ ▱"
run library --json
expect_eq "guild library --json is valid JSON" \
    "$(printf '%s' "$OUT" | jq -r --arg s "$S1" \
    '[.items[] | select(.slug == $s)] | length')" 1

http GET "/api/v1/courses/$S1" -H "Authorization: Bearer $DEMO"
T3=$(jq -r '.lessons[2].title' "$T/body")
P3=$(jq -r '.lessons[2].preview' "$T/body")
expect_eq "lesson 3 of the course is a paid lesson" "$P3" false
run lesson "$S1" 3
expect_eq "guild lesson opens the paid lesson" "$RC" 0
expect_match "it shows the lesson's title" "$OUT" "$T3"
expect_match "it shows the rendered body" "$OUT" 'Exercise'
run lesson "$S1" 3 --json
expect_eq "guild lesson --json has the body" \
    "$(printf '%s' "$OUT" | jq -r '.body | length > 0')" true
run lesson "$S1" 3 --done
expect_match "guild lesson --done marks it complete" "$OUT" \
    'Lesson 3 is done\. Progress: 1/[0-9]+'
run library --json
expect_eq "the library shows the progress" \
    "$(printf '%s' "$OUT" | jq -r --arg s "$S1" \
    '.items[] | select(.slug == $s) | .progress.completed')" 1
run lesson "$S1" 99
expect_eq "a lesson number past the end exits 1" "$RC" 1
run lesson "$S1" x
expect_eq "a bad lesson number is a usage error" "$RC" 2

run orders
expect_match "guild orders lists the paid order" "$OUT" "^ *$O1 +paid +¥$yuan"
run orders --json
expect_eq "guild orders --json is valid JSON" \
    "$(printf '%s' "$OUT" | jq -r --argjson o "$O1" \
    '.items[] | select(.id == $o) | .status')" paid
run order "$O1"
expect_match "guild order shows the order" "$OUT" "^Order $O1: paid"
run order "$O1" --json
expect_eq "guild order --json is the order" \
    "$(printf '%s' "$OUT" | jq -r .status)" paid
run order 999999
expect_eq "someone else's or no order exits 1" "$RC" 1

run buy "$S1" --yes
expect_eq "buying a course you own exits 0" "$RC" 0
expect_match "it says you own it" "$OUT" 'You already own'
expect_eq "and makes no order" "$(norders "$C1")" 1

# ---- locked lessons and declines -------------------------------------------

run lesson "$S2" 3
expect_eq "a paid lesson of a course you do not own exits 1" "$RC" 1
expect_match "it says how to buy it" "$ERR" \
    "buy the course to read this lesson: guild buy $S2"

before=$(norders "$C2")
for card in 4000000000000002:'your card was declined' \
    4000000000009995:'insufficient funds'; do
	number=${card%%:*}
	words=${card#*:}
	bg decline buy "$S2" --yes
	URL=$(checkout_url "$T/decline.out")
	pay "$URL" "$number"
	wait "$BG_PID"
	expect_eq "card $number: guild buy exits 1" "$?" 1
	expect_match "card $number: payment declined: $words" \
	    "$(cat "$T/decline.err")" "payment declined: $words"
	expect_eq "card $number: the key is forgotten" "$(nkeys)" 0
done
expect_eq "each declined attempt was its own order" "$(norders "$C2")" \
    $((before + 2))

# ---- --no-wait, --json, Ctrl-C ------------------------------------------------

run buy "$S3" --yes --no-wait
expect_eq "--no-wait exits 0 once the order is made" "$RC" 0
expect_match "--no-wait prints the link" "$OUT" '/checkout/cs_'
expect_match "--no-wait says how to follow the order" "$OUT" \
    'Order [0-9]+ is pending: guild order [0-9]+ shows its status'
O3=$(printf '%s\n' "$OUT" | sed -n 's/^Order \([0-9]*\) is pending.*/\1/p')
expect_eq "a pending order keeps its key" "$(nkeys "$C3")" 1
run buy "$S3" --yes --no-wait --json
expect_eq "--json prints the order" \
    "$(printf '%s' "$OUT" | jq -r '"\(.id) \(.status)"')" "$O3 pending"
expect_match "--json sends the link to stderr" "$ERR" '/checkout/cs_'
expect_eq "buying again reuses the key: one order" "$(norders "$C3")" 1

bg wait3 buy "$S3" --yes
wait_for 30 grep -q 'waiting for the payment' "$T/wait3.err"
kill -INT "$BG_PID"
wait "$BG_PID"
expect_eq "Ctrl-C while waiting exits 130" "$?" 130
expect_match "Ctrl-C says the order is still pending" "$(cat "$T/wait3.err")" \
    "still pending: guild order $O3 shows its status; the checkout link stays valid"
expect_eq "Ctrl-C keeps the key" "$(nkeys "$C3")" 1
run order "$O3" --json
expect_eq "Ctrl-C cancels nothing" "$(printf '%s' "$OUT" | jq -r .status)" \
    pending
pay "$(printf '%s' "$OUT" | jq -r .checkout_url)" '4242 4242 4242 4242'
bg json3 buy "$S3" --yes --json
wait "$BG_PID"
expect_eq "after paying, buy again exits 0" "$?" 0
expect_eq "and prints the paid order as JSON" \
    "$(jq -r '"\(.id) \(.status)"' "$T/json3.out")" "$O3 paid"
expect_eq "still one order for the course" "$(norders "$C3")" 1
expect_eq "no key is left once it is paid" "$(nkeys "$C3")" 0

# The same purchase started twice at once shares one key: one order.
bg twin1 buy "$S4" --yes --no-wait --json
P_A=$BG_PID
bg twin2 buy "$S4" --yes --no-wait --json
wait "$P_A"
r1=$?
wait "$BG_PID"
r2=$?
expect_eq "two buys at once both exit 0" "$r1 $r2" "0 0"
expect_eq "they answer the same order" "$(jq -r .id "$T/twin1.out")" \
    "$(jq -r .id "$T/twin2.out")"
expect_eq "two buys at once make one order" "$(norders "$C4")" 1

# ---- a lost answer: the retry reuses the key ----------------------------------

cat >"$T/cutproxy.py" <<'EOF'
# A proxy to guildd that, while the file MODE says "cut", forwards
# POST /api/v1/orders but drops the answer, as a network failure would.
import socket, sys, threading
up, mode = int(sys.argv[1]), sys.argv[2]
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", 0))
ls.listen(32)
print("port %d" % ls.getsockname()[1], flush=True)
def serve(c):
    try:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = c.recv(65536)
            if not chunk:
                return
            data += chunk
        head, body = data.split(b"\r\n\r\n", 1)
        lines = head.split(b"\r\n")
        keep, n = [lines[0]], 0
        for l in lines[1:]:
            k = l.split(b":", 1)[0].strip().lower()
            if k == b"content-length":
                n = int(l.split(b":", 1)[1])
            if k not in (b"connection", b"keep-alive"):
                keep.append(l)
        keep.append(b"Connection: close")
        while len(body) < n:
            chunk = c.recv(65536)
            if not chunk:
                break
            body += chunk
        u = socket.create_connection(("127.0.0.1", up))
        u.sendall(b"\r\n".join(keep) + b"\r\n\r\n" + body)
        answer = b""
        while True:
            chunk = u.recv(65536)
            if not chunk:
                break
            answer += chunk
        u.close()
        with open(mode) as f:
            cut = f.read().strip() == "cut"
        if not (cut and lines[0].startswith(b"POST /api/v1/orders ")):
            c.sendall(answer)
    finally:
        c.close()
while True:
    c, _ = ls.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
EOF
echo cut >"$T/mode"
port=${GUILD_URL##*:}
"$PY" "$T/cutproxy.py" "$port" "$T/mode" >"$T/proxy.out" 2>&1 &
PROXY_PID=$!
at_exit "kill $PROXY_PID"
wait_for 20 grep -q '^port ' "$T/proxy.out"
PROXY=http://127.0.0.1:$(sed -n 's/^port //p' "$T/proxy.out")

GUILD_TOKEN=$DEMO run --server "$PROXY" buy "$S5" --yes --no-wait
expect_eq "a lost answer to the order exits 1" "$RC" 1
expect_match "it says to run the same command again" "$ERR" \
    'run the same command again: it reuses the saved key, so it cannot buy twice'
expect_eq "the key is kept" "$(nkeys "$C5")" 1
expect_eq "the server did make the order" "$(norders "$C5")" 1
echo pass >"$T/mode"
GUILD_TOKEN=$DEMO run --server "$PROXY" buy "$S5" --yes --no-wait --json
expect_eq "the retry exits 0" "$RC" 0
O5=$(printf '%s' "$OUT" | jq -r .id)
expect_eq "the retry answers the order the lost answer made" \
    "$(curl -sS "$GUILD_URL/api/v1/me/orders?limit=100" \
    -H "Authorization: Bearer $DEMO" |
    jq --argjson c "$C5" '[.items[] | select(.course_id == $c)][0].id')" "$O5"
expect_eq "exactly one order for the course" "$(norders "$C5")" 1
kill "$PROXY_PID" 2>/dev/null

GUILD_TOKEN=$DEMO run --server http://127.0.0.1:1 buy "$S6" --yes
expect_eq "a server that refuses connections exits 1" "$RC" 1
expect_match "it says the server cannot be reached" "$ERR" 'cannot reach'

# ---- a free course, --json ---------------------------------------------------

run buy "$FREE" --yes --json
expect_eq "a free course is bought at once (exit 0)" "$RC" 0
expect_eq "its order is paid, amount 0" \
    "$(printf '%s' "$OUT" | jq -r '"\(.status) \(.amount)"')" "paid 0"
run library
expect_match "the free course is in the library" "$OUT" "$FREE"

expect_eq "only the pending purchases keep their keys" \
    "$(nkeys) $(nkeys "$C4") $(nkeys "$C5")" "2 1 1"
stop_clean

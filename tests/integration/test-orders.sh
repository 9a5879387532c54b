# Buying a course end to end with curl against a real guildd: orders and
# their Idempotency-Key, the sandbox checkout form and Stripe's test
# cards, signed webhook events (replays, bad signatures, old timestamps),
# the library, refunds, and who may see what.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-shop.sh"

if guildd_start --demo; then ok "guildd --demo starts"; else
	fail "guildd --demo starts"; exit 1
fi
DEMO=$(login demo guild-demo)
OPS=$(login admin guild-admin)
expect_match "the demo member and the operator log in" "$DEMO $OPS" \
    '^gld_.* gld_'
AUTH="Authorization: Bearer $DEMO"

# Paid courses the demo member does not own, and a free one.
http GET "/api/v1/courses?price=paid&limit=100" -H "$AUTH"
jq -r '.items[] | select(.owned | not) | .id' "$T/body" >"$T/paid"
n_paid=$(wc -l <"$T/paid")
if [ "$n_paid" -ge 12 ]; then ok "enough paid courses to buy ($n_paid)"; else
	fail "enough paid courses to buy" "only $n_paid"
fi
course() { sed -n "${1}p" "$T/paid"; }
C1=$(course 1)
http GET "/api/v1/courses/$C1"
C1_SLUG=$(jq -r .slug "$T/body")
C1_PRICE=$(jq -r .price.amount "$T/body")
C1_LOCKED=$(jq -r '[.lessons[] | select(.preview | not)][0].id' "$T/body")

# ---- creating an order ---------------------------------------------------

post_json /api/v1/orders "{\"course_id\": $C1}" -H "$AUTH"
expect_problem "an order without Idempotency-Key is 400" 400
expect_jq "the 400 names the header" '.detail | test("Idempotency-Key")'
post_json /api/v1/orders "{\"course_id\": $C1}" \
    -H "Idempotency-Key: k-$$-1"
expect_problem "an anonymous order is 401" 401
buy "$DEMO" '"four"' "k-$$-bad"
expect_problem "a course_id that is not a number is 422" 422
buy "$DEMO" 99999 "k-$$-none"
expect_problem "an order for no such course is 404" 404

buy "$DEMO" "$C1" "k-$$-1"
expect_eq "POST /orders answers 201" "$HTTP_STATUS" 201
expect_jq "the new order is pending with a checkout link" \
    ".status == \"pending\" and .course_id == $C1 and
     .amount == $C1_PRICE and .currency == \"CNY\" and .paid_at == null and
     (.checkout_url | test(\"/checkout/cs_[A-Za-z0-9_-]{40,}$\"))"
O1=$ORDER_ID
URL1=$CHECKOUT_URL
buy "$DEMO" "$C1" "k-$$-1"
expect_eq "the same key and body answer the same status" "$HTTP_STATUS" 201
expect_jq "the same key and body give the same order" ".id == $O1"
expect_eq "a replay says so" "$(header Idempotent-Replayed)" true
post_json /api/v1/orders "{ \"course_id\" : $C1 }" -H "$AUTH" \
    -H "Idempotency-Key: k-$$-1"
expect_jq "other whitespace is the same body" ".id == $O1"
buy "$DEMO" "$(course 2)" "k-$$-1"
expect_problem "the same key with another body is 422" 422
expect_jq "the 422 says the key was used" '.detail | test("already used")'

# ---- the checkout page -----------------------------------------------------

code=$(curl -sS -o "$T/page" -D "$T/headers" -w '%{http_code}' "$URL1")
expect_eq "the checkout page answers 200" "$code" 200
expect_match "the checkout page is HTML" "$(header Content-Type)" \
    '^text/html; charset=utf-8$'
expect_match "the checkout page has a card form" "$(cat "$T/page")" \
    '<form method="post" action="/checkout/cs_'
if grep -qi '<script' "$T/page"; then fail "no JavaScript on the page"; else
	ok "no JavaScript on the page"
fi
expect_match "the page shows the price" "$(cat "$T/page")" \
    "¥$((C1_PRICE / 100))\\.[0-9]{2}"
expect_eq "the page is never cached" "$(header Cache-Control)" no-store
if grep -q 'cs_' "$T/guildd.err"; then
	fail "checkout sessions stay out of the log"
else
	ok "checkout sessions stay out of the log"
fi

pay "$URL1" "4111 1111 1111 1111"
expect_eq "an unknown card number is 422" "$PAGE_STATUS" 422
expect_match "the form comes back with the reason" "$(cat "$T/page")" \
    'invalid number.*|<form'
expect_eq "the order stays pending" "$(order_field "$O1" "$DEMO" .status)" \
    pending

pay "$URL1" "4242 4242 4242 4242"
expect_eq "paying with 4242 answers 200" "$PAGE_STATUS" 200
expect_match "the result page says paid" "$(cat "$T/page")" \
    'Payment received'
http GET "/api/v1/orders/$O1" -H "$AUTH"
expect_jq "the order is paid" '.status == "paid" and .paid_at != null and
    .checkout_url == null and .failure_reason == null'
http GET /api/v1/me/library -H "$AUTH"
expect_jq "the course is in the library" \
    "any(.items[]; .id == $C1 and .order_id == $O1 and .owned and
     .progress.completed == 0 and .progress.total > 0)"
http GET "/api/v1/lessons/$C1_LOCKED" -H "$AUTH"
expect_jq "a paid lesson opens for its owner" '(.body | length) > 100'
pay "$URL1" "4242 4242 4242 4242"
expect_match "paying again only shows the receipt" "$(cat "$T/page")" \
    'Payment received'
expect_eq "one enrollment for the order" \
    "$(sql "SELECT count(*) FROM enrollments WHERE order_id = $O1")" 1

buy "$DEMO" "$C1" "k-$$-again"
expect_problem "buying a course you own is 409" 409
expect_jq "the 409 says you own it" '.detail | test("already own")'

# ---- declined cards ---------------------------------------------------------

buy "$DEMO" "$(course 2)" "k-$$-2"
O2=$ORDER_ID
pay "$CHECKOUT_URL" "4000 0000 0000 0002"
expect_match "4000…0002 is declined" "$(cat "$T/page")" \
    'Declined.*card_declined'
http GET "/api/v1/orders/$O2" -H "$AUTH"
expect_jq "the declined order failed with card_declined" \
    '.status == "failed" and .failure_reason == "card_declined" and
     .paid_at == null'
buy "$DEMO" "$(course 3)" "k-$$-3"
O3=$ORDER_ID
pay "$CHECKOUT_URL" "4000000000009995"
expect_match "4000…9995 is declined" "$(cat "$T/page")" \
    'insufficient_funds'
expect_eq "the order failed with insufficient_funds" \
    "$(order_field "$O3" "$DEMO" '.status + " " + .failure_reason')" \
    "failed insufficient_funds"
http GET "/api/v1/courses/$(course 2)" -H "$AUTH"
expect_jq "a declined course is not owned" '.owned == false'

# ---- the same key, ten times at once ----------------------------------------

C4=$(course 4)
pids=
i=0
while [ $i -lt 10 ]; do
	curl -sS -o "$T/conc.$i" -w '%{http_code}\n' -X POST \
	    "$GUILD_URL/api/v1/orders" -H "$JSON" -H "$AUTH" \
	    -H "Idempotency-Key: k-$$-concurrent" \
	    --data-binary "{\"course_id\": $C4}" >"$T/conc.$i.code" &
	pids="$pids $!"
	i=$((i + 1))
done
# shellcheck disable=SC2086
wait $pids
expect_eq "ten concurrent POSTs make one order row" \
    "$(sql "SELECT count(*) FROM orders o JOIN users u ON u.id = o.user_id
        WHERE o.course_id = $C4 AND u.username = 'demo'")" 1
expect_eq "all ten answer 201" "$(cat "$T"/conc.*.code | sort -u)" 201
expect_eq "all ten name the same order" \
    "$(cat "$T"/conc.[0-9] | jq -r .id | sort -u | wc -l | tr -d ' ')" 1

# ---- signed webhook events --------------------------------------------------

buy "$DEMO" "$(course 5)" "k-$$-5"
O5=$ORDER_ID
S5=${CHECKOUT_URL##*/}
A5=$(jq -r .amount "$T/body")
EV=$(event_json checkout.completed "$O5" "$S5" "$A5" "evt_test_$$_1")
post_event "$EV" "$(date +%s)" whsec_not_the_right_secret_00
expect_problem "a bad signature is 400" 400
expect_jq "the 400 says the signature does not match" \
    '.detail | test("signature")'
post_event "$EV" "$(( $(date +%s) - 600 ))"
expect_problem "a timestamp 10 minutes old is 400" 400
http POST /api/v1/webhooks/payments -H "$JSON" --data-binary "$EV"
expect_problem "an unsigned event is 400" 400
http POST /api/v1/webhooks/payments -H "$JSON" \
    -H "Stripe-Signature: t=$(date +%s),v1=zz" --data-binary "$EV"
expect_problem "a malformed signature header is 400" 400
expect_eq "refused events change nothing" \
    "$(order_field "$O5" "$DEMO" .status)" pending

post_event "$EV"
expect_eq "a signed event answers 200" "$HTTP_STATUS" 200
expect_jq "the event is applied" \
    ".result == \"applied\" and .order_id == $O5 and .order_status == \"paid\""
paid_at=$(order_field "$O5" "$DEMO" .paid_at)
before=$(sql "SELECT (SELECT count(*) FROM enrollments),
    (SELECT count(*) FROM mail_outbox), (SELECT count(*) FROM activity)")
post_event "$EV"
expect_eq "a replayed event answers 200" "$HTTP_STATUS" 200
expect_jq "the replay is a duplicate" '.result == "duplicate"'
expect_eq "the replay changes nothing" "$(sql "SELECT
    (SELECT count(*) FROM enrollments), (SELECT count(*) FROM mail_outbox),
    (SELECT count(*) FROM activity)")" "$before"
expect_eq "the paid time stays" "$(order_field "$O5" "$DEMO" .paid_at)" \
    "$paid_at"
post_event "$(event_json checkout.failed "$O5" "$S5" "$A5" "evt_test_$$_2" \
    card_declined)"
expect_jq "a late failure after paid is ignored" \
    '.result == "ignored" and .order_status == "paid"'
post_event "$(event_json checkout.completed "$O2" "cs_wrong" 1 \
    "evt_test_$$_3")"
expect_jq "an event that does not match its order is ignored" \
    '.result == "ignored" and .order_status == "failed"'
post_event "$(event_json customer.created 0 x 0 "evt_test_$$_4")"
expect_jq "unknown event types are acknowledged and ignored" \
    '.received and .result == "ignored"'
post_event '{"id": "evt_x"}'
expect_problem "an event without data is 400" 400

# ---- free courses, lists, who sees what -------------------------------------

http GET "/api/v1/courses?price=free&limit=100" -H "$AUTH"
FREE=$(jq -r '[.items[] | select(.owned | not)][0].id' "$T/body")
buy "$DEMO" "$FREE" "k-$$-free"
expect_eq "a free course order answers 201" "$HTTP_STATUS" 201
expect_jq "a free course is paid at once for 0" \
    '.status == "paid" and .amount == 0 and .checkout_url == null'

http GET "/api/v1/me/orders?limit=2" -H "$AUTH"
expect_jq "my orders, newest first, in pages" \
    '(.items | length) == 2 and .has_more and (.next_cursor | length > 0)'
expect_match "my orders carry a Link" "$(header Link)" \
    '^</api/v1/me/orders\?limit=2&cursor='
all=0 cursor=
while :; do
	http GET "/api/v1/me/orders?limit=3${cursor:+&cursor=$cursor}" -H "$AUTH"
	all=$((all + $(jq '.items | length' "$T/body")))
	cursor=$(jq -r '.next_cursor // empty' "$T/body")
	[ -n "$cursor" ] || break
done
expect_eq "walking my orders finds every one" "$all" \
    "$(sql "SELECT count(*) FROM orders o JOIN users u ON u.id = o.user_id
        WHERE u.username = 'demo'")"

post_json /api/v1/users '{"username": "other", "email": "other@example.com",
    "password": "correct horse"}' >/dev/null
OTHER=$(login other "correct horse")
http GET "/api/v1/orders/$O1" -H "Authorization: Bearer $OTHER"
expect_problem "someone else's order is 404" 404
http GET "/api/v1/orders/$O1" -H "Authorization: Bearer $OPS"
expect_jq "an operator sees any order" ".id == $O1"
http GET /api/v1/me/library -H "Authorization: Bearer $OTHER"
expect_jq "a new member's library is empty" '.items == []'
code=$(curl -sS -o "$T/page" -w '%{http_code}' \
    "$GUILD_URL/checkout/cs_no_such_session")
expect_eq "an unknown checkout session is 404" "$code" 404

# ---- refunds ------------------------------------------------------------------

http POST "/api/v1/orders/$O1/refund" -H "$AUTH"
expect_problem "a member cannot refund" 403
post_json "/api/v1/orders/$O1/refund" '{"reason": "asked by the member"}' \
    -H "Authorization: Bearer $OPS"
expect_eq "an operator's refund answers 200" "$HTTP_STATUS" 200
expect_jq "the order is refunded" \
    '.status == "refunded" and .refunded_at != null and .paid_at != null'
http GET "/api/v1/courses/$C1" -H "$AUTH"
expect_jq "the refund revokes the enrollment" '.owned == false'
http GET "/api/v1/lessons/$C1_LOCKED" -H "$AUTH"
expect_problem "the paid lesson is closed again" 403
expect_eq "the refund is recorded with who and why" "$(sql "SELECT
    u.username || ' ' || r.amount || ' ' || r.reason FROM refunds r
    JOIN users u ON u.id = r.operator_id WHERE r.order_id = $O1")" \
    "admin $C1_PRICE asked by the member"
expect_eq "the refund is in the activity log" "$(sql "SELECT count(*)
    FROM activity WHERE kind = 'order_refunded' AND subject_id = $O1")" 1
http POST "/api/v1/orders/$O1/refund" -H "Authorization: Bearer $OPS"
expect_problem "refunding twice is 409" 409
http POST "/api/v1/orders/$O2/refund" -H "Authorization: Bearer $OPS"
expect_problem "refunding a failed order is 409" 409
buy "$DEMO" "$C1" "k-$$-rebuy"
expect_eq "a refunded course can be bought again" "$HTTP_STATUS" 201

expect_eq "every paid order has one enrollment" "$(sql "SELECT count(*)
    FROM orders o WHERE o.status = 'paid' AND (SELECT count(*)
    FROM enrollments e WHERE e.order_id = o.id) != 1")" 0
expect_eq "every paid order queued one mail" "$(sql "SELECT count(*)
    FROM orders o WHERE o.status IN ('paid', 'refunded') AND (SELECT count(*)
    FROM mail_outbox m WHERE m.order_id = o.id) != 1")" 0
if guildd_alive; then ok "guildd is alive at the end"; else
	fail "guildd is alive at the end"
fi
stop_clean

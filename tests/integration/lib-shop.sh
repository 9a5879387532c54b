# Helpers for the course, order, mail and crash tests (sourced after
# lib.sh; not a test itself): raw API calls, problem checks, purchases
# through the sandbox checkout, and signed webhook events.
#
#   WEBHOOK_SECRET       exported as GUILDD_WEBHOOK_SECRET for guildd
#   login USER PASS      prints a token
#   buy TOKEN COURSE KEY POST /api/v1/orders; sets ORDER_ID, CHECKOUT_URL
#   pay URL CARD         POSTs the checkout form; page in $T/page,
#                        status in PAGE_STATUS
#   event_json TYPE ORDER SESSION AMOUNT [ID] [REASON]
#   post_event BODY [T] [SECRET]   signs and POSTs to the webhook route
#   sql QUERY            sqlite3 on $T/guild.db
JSON='Content-Type: application/json'
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
WEBHOOK_SECRET=whsec_integration_tests_secret_0001
export GUILDD_WEBHOOK_SECRET="$WEBHOOK_SECRET"

# The value of response header $1 (last occurrence), without the CR.
header() {
	grep -i "^$1:" "$T/headers" | tail -1 | sed 's/^[^:]*: *//' | tr -d '\r'
}

# One TAP line: the last response was problem+json for status $2.
expect_problem() {
	_ct=$(header Content-Type)
	if [ "$HTTP_STATUS" = "$2" ] &&
	    [ "$_ct" = "application/problem+json" ] &&
	    jq -e --argjson s "$2" '(.type | startswith("urn:guild:problem:"))
	        and .status == $s and (.detail | length > 0)' \
	        "$T/body" >/dev/null 2>&1; then
		ok "$1"
	else
		fail "$1" "status $HTTP_STATUS (want $2), type '$_ct':" \
		    "$(head -c 300 "$T/body")"
	fi
}

# One TAP line: jq expression $2 is true of the last body.
expect_jq() {
	if jq -e "$2" "$T/body" >/dev/null 2>&1; then ok "$1"; else
		fail "$1" "jq '$2' false for: $(head -c 300 "$T/body")"
	fi
}

post_json() {
	_p=$1 _d=$2; shift 2
	http POST "$_p" -H "$JSON" --data-binary "$_d" "$@"
}

login() {
	curl -sS -X POST "$GUILD_URL/api/v1/auth/tokens" -H "$JSON" \
	    --data-binary "{\"login\": \"$1\", \"password\": \"$2\"}" |
	    jq -r '.token // empty'
}

buy() {
	post_json /api/v1/orders "{\"course_id\": $2}" \
	    -H "Authorization: Bearer $1" -H "Idempotency-Key: $3"
	ORDER_ID=$(jq -r '.id // empty' "$T/body" 2>/dev/null)
	CHECKOUT_URL=$(jq -r '.checkout_url // empty' "$T/body" 2>/dev/null)
}

pay() {
	PAGE_STATUS=$(curl -sS -o "$T/page" -w '%{http_code}' -X POST \
	    --data-urlencode "card_number=$2" --data-urlencode "exp=12/34" \
	    --data-urlencode "cvc=123" "$1")
}

# Order $1 as the token $2 sees it; prints one jq expression's value.
order_field() {
	curl -sS "$GUILD_URL/api/v1/orders/$1" -H "Authorization: Bearer $2" |
	    jq -r "$3"
}

event_json() {
	printf '{"id":"%s","type":"%s","created":%s,"data":{"order_id":%s,' \
	    "${5:-evt_$(date +%s%N)}" "$1" "$(date +%s)" "$2"
	printf '"session":"%s","amount":%s,"currency":"CNY"%s}}' "$3" "$4" \
	    "${6:+,\"reason\":\"$6\"}"
}

# Stripe-Signature for body $1 at time $2 with secret $3.
sign() {
	"$PY" -c 'import hmac, hashlib, sys
t, secret, body = sys.argv[1], sys.argv[2], sys.argv[3]
mac = hmac.new(secret.encode(), (t + "." + body).encode(), hashlib.sha256)
print("t=%s,v1=%s" % (t, mac.hexdigest()))' "$2" "$3" "$1"
}

post_event() {
	_b=$1
	_sig=$(sign "$_b" "${2:-$(date +%s)}" "${3:-$WEBHOOK_SECRET}")
	http POST /api/v1/webhooks/payments -H "$JSON" \
	    -H "Stripe-Signature: $_sig" --data-binary "$_b"
}

sql() { sqlite3 -cmd '.timeout 5000' "$T/guild.db" "$1"; }

# Stops guildd with SIGTERM: one TAP line for a clean exit (status 0)
# and one for a log free of sanitizer reports (leaks at exit included).
stop_clean() {
	kill -TERM "$GUILDD_PID"
	wait "$GUILDD_PID"
	expect_eq "guildd stops cleanly on SIGTERM" "$?" 0
	GUILDD_PID=
	if grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error' \
	    "$T/guildd.err"; then
		fail "no sanitizer reports from guildd" \
		    "$(grep -E -A8 'Sanitizer|runtime error' "$T/guildd.err" |
		    head -30)"
	else
		ok "no sanitizer reports from guildd"
	fi
}

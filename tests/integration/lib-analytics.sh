# The analytics dataset (sourced after lib.sh and lib-shop.sh; not a test
# itself), made through the API by test-analytics.sh and
# test-cli-insights.sh: an operator (ops, token OPS) and members ann, bob
# and cyd who joined ten days ago (their created_at moved back with
# sqlite3, the only write outside the API) and dee who joins today.
# Today ann asks, bob answers, ann votes, dee asks, cyd buys X and bob
# buys Y, which the operator refunds. The window WIN (FROM .. TO) is the
# three days ending tonight, by day; the expected figures are worked out
# in test-analytics.sh.
#
#   member NAME LEVEL      registers NAME and prints a token
#   as TOKEN METHOD PATH [BODY]   an API call with that token
#   course SLUG LEVEL PRICE       a published course; prints its id
#   purchase TOKEN COURSE         buys and pays with the sandbox
#   ANN BOB CYD DEE OPS    tokens; X Y Z W course ids (beginner,
#                          intermediate, advanced, intermediate)
#   Q A BOB_ORDER          the question, its answer, bob's refunded order
#   TODAY FROM TO WIN      the window, as dates and as a query string

"$GUILDD_BIN" migrate --db "$T/guild.db" >/dev/null 2>&1
printf 'ops-secret-pw\n' | "$GUILDD_BIN" user add ops --role operator \
    --password-stdin --db "$T/guild.db" >/dev/null 2>&1
if guildd_start --post-rate 1000/min; then ok "guildd starts"; else
	fail "guildd starts"; exit 1
fi
OPS=$(login ops ops-secret-pw)
A_OPS="Authorization: Bearer $OPS"

# member NAME LEVEL: registers and prints a token.
member() {
	post_json /api/v1/users "{\"username\": \"$1\", \"email\":
	    \"$1@example.com\", \"password\": \"correct horse\",
	    \"level\": \"$2\"}"
	login "$1" "correct horse"
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
# course SLUG LEVEL PRICE: a published course by the operator; prints id.
course() {
	as "$OPS" POST /api/v1/courses "{\"slug\": \"$1\", \"title\": \"$1\",
	    \"level\": \"$2\", \"price\": {\"amount\": $3, \"currency\": \"CNY\"},
	    \"published\": true}"
	_id=$(jq -r .id "$T/body")
	as "$OPS" PATCH "/api/v1/courses/$_id" '{"published": true}'
	echo "$_id"
}
# purchase TOKEN COURSE: buys and pays with the sandbox's good card.
purchase() {
	buy "$1" "$2" "k-$$-$1-$2"
	pay "$CHECKOUT_URL" "4242 4242 4242 4242"
}

ANN=$(member ann beginner)
BOB=$(member bob beginner)
CYD=$(member cyd advanced)
expect_match "three members register" "$ANN $BOB $CYD" '^gld_.* gld_.* gld_'
# The starting population joined ten days ago.
sql "UPDATE users SET created_at = created_at - 10 * 86400
     WHERE username IN ('ann', 'bob', 'cyd')"
DEE=$(member dee intermediate)

X=$(course x-beginner beginner 10000)
Y=$(course y-intermediate intermediate 5000)
Z=$(course z-advanced advanced 3000)
W=$(course w-intermediate intermediate 2000)
expect_match "four courses" "$X $Y $Z $W" '^[0-9]+ [0-9]+ [0-9]+ [0-9]+$'

# Today: ann asks, bob answers, ann votes bob's answer up, dee asks;
# cyd buys X, bob buys Y and the operator refunds it.
as "$ANN" POST /api/v1/questions '{"title": "Why is it slow?", "body": "Because.", "tags": ["c"]}'
Q=$(jq -r .id "$T/body")
as "$BOB" POST "/api/v1/questions/$Q/answers" '{"body": "It depends."}'
A=$(jq -r .id "$T/body")
as "$ANN" PUT "/api/v1/answers/$A/vote" '{"value": 1}'
as "$DEE" POST /api/v1/questions '{"title": "How do I start?", "body": "Somehow.", "tags": ["c"]}'
expect_eq "dee's question is created" "$HTTP_STATUS" 201
purchase "$CYD" "$X"
purchase "$BOB" "$Y"
BOB_ORDER=$ORDER_ID
post_json "/api/v1/orders/$BOB_ORDER/refund" '{"reason": "test"}' -H "$A_OPS"
expect_eq "the operator refunds bob's order" "$HTTP_STATUS" 200

TODAY=$(date -u +%Y-%m-%d)
FROM=$(date -u -d "$TODAY - 2 days" +%Y-%m-%d)
TO=$(date -u -d "$TODAY + 1 day" +%Y-%m-%d)
WIN="from=$FROM&to=$TO&step=day"

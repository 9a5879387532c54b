# Crash safety of purchases: guildd is killed with SIGKILL while about
# thirty purchases (order + checkout) are in flight; after a restart on
# the same database every paid order has exactly one enrollment and one
# confirmation mail, every enrollment bought by an order has a paid
# order, nothing is half-done, and PRAGMA integrity_check is ok.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-shop.sh"

if guildd_start --demo; then ok "guildd --demo starts"; else
	fail "guildd --demo starts"; exit 1
fi
http GET "/api/v1/courses?price=paid&limit=100"
jq -r '.items[].id' "$T/body" | head -10 >"$T/courses"
: >"$T/tokens"
for u in 1 2 3; do
	post_json /api/v1/users "{\"username\": \"buyer$u\",
	    \"email\": \"buyer$u@example.com\", \"password\": \"correct horse\"}"
	login "buyer$u" "correct horse" >>"$T/tokens"
done
expect_eq "three buyers and ten courses" \
    "$(sort -u "$T/tokens" | grep -c '^gld_') $(wc -l <"$T/courses" | tr -d ' ')" \
    "3 10"

# One purchase: create the order, then pay it through the checkout form.
# Connection failures once guildd is gone are expected and ignored.
flow() {
	_o=$(curl -sS --max-time 20 -X POST "$GUILD_URL/api/v1/orders" \
	    -H "$JSON" -H "Authorization: Bearer $1" \
	    -H "Idempotency-Key: crash-$2-$3" \
	    --data-binary "{\"course_id\": $3}" 2>/dev/null)
	_id=$(printf '%s' "$_o" | jq -r '.id // empty' 2>/dev/null)
	[ -n "$_id" ] || return 0
	# A replayed answer is as old as the order: ask for its current
	# checkout link (guildd may have restarted on another port).
	_u=$(curl -sS --max-time 20 "$GUILD_URL/api/v1/orders/$_id" \
	    -H "Authorization: Bearer $1" 2>/dev/null |
	    jq -r '.checkout_url // empty' 2>/dev/null)
	[ -n "$_u" ] || return 0
	curl -sS --max-time 20 -o /dev/null -X POST \
	    --data-urlencode "card_number=4242 4242 4242 4242" \
	    --data-urlencode "exp=12/34" --data-urlencode "cvc=123" "$_u" \
	    2>/dev/null
}

pids=
n=0
for tok in $(cat "$T/tokens"); do
	n=$((n + 1))
	for c in $(cat "$T/courses"); do
		flow "$tok" "$n" "$c" &
		pids="$pids $!"
	done
done
# Kill as soon as some purchases have landed, while others are in flight.
some_paid() {
	[ "$(sql "SELECT count(*) FROM orders o JOIN users u ON u.id = o.user_id
	    WHERE u.username LIKE 'buyer%' AND o.status = 'paid'")" -ge 3 ]
}
wait_for 30 some_paid
kill -KILL "$GUILDD_PID"
wait "$GUILDD_PID" 2>/dev/null
GUILDD_PID=
# shellcheck disable=SC2086
wait $pids
at_kill=$(sql "SELECT count(*) || ' orders, ' || sum(status = 'paid') ||
    ' paid, ' || sum(status = 'pending') || ' pending' FROM orders o
    JOIN users u ON u.id = o.user_id WHERE u.username LIKE 'buyer%'")
echo "# at the kill: $at_kill"
expect_match "purchases were in flight at the kill" "$at_kill" \
    '^[1-9][0-9]* orders'

if guildd_start; then ok "guildd restarts on the same database"; else
	fail "guildd restarts on the same database"; exit 1
fi

# The invariants, checked on the database guildd just reopened.
invariants() {
	expect_eq "$1: integrity_check is ok" "$(sql 'PRAGMA integrity_check')" ok
	expect_eq "$1: every paid order has exactly one enrollment" \
	    "$(sql "SELECT count(*) FROM orders o WHERE o.status = 'paid' AND
	    (SELECT count(*) FROM enrollments e WHERE e.order_id = o.id) != 1")" 0
	expect_eq "$1: every enrollment from an order has a paid order" \
	    "$(sql "SELECT count(*) FROM enrollments e JOIN orders o
	    ON o.id = e.order_id WHERE o.status != 'paid'")" 0
	expect_eq "$1: no order is half-done" "$(sql "SELECT count(*)
	    FROM orders WHERE status NOT IN ('pending', 'paid', 'failed',
	    'canceled', 'refunded')
	    OR (status IN ('paid', 'refunded')) != (paid_at IS NOT NULL)
	    OR (status = 'pending' AND session IS NULL)")" 0
	expect_eq "$1: every paid order queued exactly one mail" \
	    "$(sql "SELECT count(*) FROM orders o WHERE o.status = 'paid' AND
	    (SELECT count(*) FROM mail_outbox m WHERE m.order_id = o.id) != 1")" 0
	expect_eq "$1: every paid order is in the activity log once" \
	    "$(sql "SELECT count(*) FROM orders o WHERE o.status = 'paid' AND
	    (SELECT count(*) FROM activity a WHERE a.kind = 'order_paid'
	    AND a.subject_id = o.id) != 1")" 0
	expect_eq "$1: no order without its idempotency record" \
	    "$(sql "SELECT (SELECT count(*) FROM orders o JOIN users u
	    ON u.id = o.user_id WHERE u.username LIKE 'buyer%') -
	    (SELECT count(*) FROM idempotency_keys WHERE key LIKE 'crash-%')")" 0
}
invariants "after the crash"

# Every purchase finishes after the restart: retries with the same keys
# reuse the orders made before the crash, never a second one.
pids=
n=0
for tok in $(cat "$T/tokens"); do
	n=$((n + 1))
	for c in $(cat "$T/courses"); do
		flow "$tok" "$n" "$c" &
		pids="$pids $!"
	done
done
# shellcheck disable=SC2086
wait $pids
expect_eq "retried purchases make no second order" \
    "$(sql "SELECT count(*) FROM orders o JOIN users u ON u.id = o.user_id
    WHERE u.username LIKE 'buyer%'")" 30
expect_eq "after the retries all thirty are paid" \
    "$(sql "SELECT count(*) FROM orders o JOIN users u ON u.id = o.user_id
    WHERE u.username LIKE 'buyer%' AND o.status = 'paid'")" 30
invariants "after the retries"
if guildd_alive; then ok "guildd is alive at the end"; else
	fail "guildd is alive at the end"
fi
stop_clean

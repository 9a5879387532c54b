#!/bin/sh
# Purchase throughput and latency with the default durability
# (synchronous=FULL): each purchase is POST /api/v1/orders (with an
# Idempotency-Key) then a signed checkout.completed event to POST
# /api/v1/webhooks/payments, the path a real provider takes. BENCH_N
# purchases (default 200) over BENCH_CLIENTS kept-alive connections
# (default 4). Prints purchases per second and latency percentiles.
# Figures only; nothing is asserted.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../integration/lib-shop.sh"
N=${BENCH_N:-200}
CLIENTS=${BENCH_CLIENTS:-4}
guildd_start --demo >/dev/null || exit 1

http GET "/api/v1/courses?price=paid&limit=100"
jq -r '.items[].id' "$T/body" >"$T/courses"
ncourses=$(wc -l <"$T/courses")
nusers=$(( (N + ncourses - 1) / ncourses ))
i=1
while [ $i -le "$nusers" ]; do
	post_json /api/v1/users "{\"username\": \"bench$i\",
	    \"email\": \"bench$i@example.com\", \"password\": \"correct horse\"}"
	login "bench$i" "correct horse" >>"$T/tokens"
	i=$((i + 1))
done

"$PY" - "$GUILD_URL" "$WEBHOOK_SECRET" "$N" "$CLIENTS" "$T/tokens" \
    "$T/courses" <<'EOF'
import hashlib, hmac, http.client, json, sys, threading, time, urllib.parse

url, secret, n, clients = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
tokens = open(sys.argv[5]).read().split()
courses = [int(c) for c in open(sys.argv[6]).read().split()]
jobs = [(tokens[i // len(courses)], courses[i % len(courses)]) for i in range(n)]
host = urllib.parse.urlsplit(url)
lock = threading.Lock()
purchase, create, hook, errors = [], [], [], []

def worker(k):
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    for j in range(k, n, clients):
        tok, course = jobs[j]
        t0 = time.perf_counter()
        body = json.dumps({"course_id": course})
        conn.request("POST", "/api/v1/orders", body, {
            "Content-Type": "application/json",
            "Authorization": "Bearer " + tok,
            "Idempotency-Key": "bench-%d" % j})
        r = conn.getresponse()
        order = json.loads(r.read())
        t1 = time.perf_counter()
        if r.status != 201:
            errors.append(r.status)
            continue
        session = order["checkout_url"].rsplit("/", 1)[1]
        ev = json.dumps({"id": "evt_bench_%d" % j, "type": "checkout.completed",
            "created": int(time.time()), "data": {"order_id": order["id"],
            "session": session, "amount": order["amount"],
            "currency": order["currency"]}}, separators=(",", ":"))
        ts = str(int(time.time()))
        mac = hmac.new(secret.encode(), (ts + "." + ev).encode(), hashlib.sha256)
        conn.request("POST", "/api/v1/webhooks/payments", ev, {
            "Content-Type": "application/json",
            "Stripe-Signature": "t=%s,v1=%s" % (ts, mac.hexdigest())})
        r = conn.getresponse()
        res = json.loads(r.read())
        t2 = time.perf_counter()
        if r.status != 200 or res.get("order_status") != "paid":
            errors.append(r.status)
            continue
        with lock:
            create.append(t1 - t0)
            hook.append(t2 - t1)
            purchase.append(t2 - t0)
    conn.close()

start = time.perf_counter()
threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
for t in threads: t.start()
for t in threads: t.join()
wall = time.perf_counter() - start

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))] * 1000 if xs else float("nan")

print("purchases: %d paid, %d failed, %d clients, synchronous=FULL" %
      (len(purchase), len(errors), clients))
print("throughput: %.1f purchases/s (%.2f s wall)" % (len(purchase) / wall, wall))
for name, xs in (("purchase (create + pay)", purchase),
                 ("POST /api/v1/orders", create),
                 ("POST /api/v1/webhooks/payments", hook)):
    print("%-32s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms" %
          (name, pct(xs, .50), pct(xs, .99), pct(xs, 1.0)))
EOF
echo "paid orders in the database: $(sql "SELECT count(*) FROM orders
    WHERE status = 'paid' AND user_id IN (SELECT id FROM users
    WHERE username LIKE 'bench%')")"

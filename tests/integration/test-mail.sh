# Order confirmation mail with a real SMTP receiver (python3-aiosmtpd):
# the mail arrives with the order id and amount; with the receiver down
# the payment still succeeds and the mail is delivered once it is back;
# without --smtp-url mail lands in the maildir under the data directory.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-shop.sh"

if ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then
	fail "python3-aiosmtpd is installed" "run: sh src/scripts/deps.sh test"
	exit 0
fi
PORT=$("$PY" -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MBOX="$T/mbox"
SMTP_PID=

smtp_start() {
	"$PY" -m aiosmtpd -n -l "127.0.0.1:$PORT" \
	    -c aiosmtpd.handlers.Mailbox "$MBOX" >>"$T/smtp.log" 2>&1 &
	SMTP_PID=$!
	wait_for 20 "$PY" -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$PORT"
}
smtp_stop() {
	[ -n "$SMTP_PID" ] || return 0
	kill "$SMTP_PID" 2>/dev/null
	wait "$SMTP_PID" 2>/dev/null
	SMTP_PID=
}
at_exit smtp_stop

# The mail in the receiver's maildir that mentions order $1 (decoded).
mail_for() {
	for f in "$MBOX"/new/*; do
		[ -f "$f" ] || continue
		"$PY" -c 'import email, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
body = m.get_payload(decode=True).decode("utf-8")
print("To: " + m["To"]); print("Subject: " + m["Subject"]); print(body)' \
		    "$f" >"$T/mail.txt" 2>/dev/null || continue
		if grep -q "Order:   #$1\$" "$T/mail.txt"; then
			cat "$T/mail.txt"
			return 0
		fi
	done
	return 1
}
has_mail() { mail_for "$1" >/dev/null; }

if smtp_start; then ok "the SMTP receiver starts"; else
	fail "the SMTP receiver starts" "$(cat "$T/smtp.log")"; exit 1
fi
if guildd_start --demo --smtp-url "smtp://127.0.0.1:$PORT" \
    --mail-from "Guild <noreply@guild.test>"; then
	ok "guildd starts with --smtp-url"
else
	fail "guildd starts with --smtp-url"; exit 1
fi
DEMO=$(login demo guild-demo)
http GET "/api/v1/courses?price=paid&limit=100" -H "Authorization: Bearer $DEMO"
jq -r '.items[] | select(.owned | not) | "\(.id) \(.price.amount)"' \
    "$T/body" >"$T/paid"
set -- $(sed -n 1p "$T/paid")
C1=$1 P1=$2
set -- $(sed -n 2p "$T/paid")
C2=$1 P2=$2

# ---- delivered at once ---------------------------------------------------

buy "$DEMO" "$C1" "mail-$$-1"
O1=$ORDER_ID
pay "$CHECKOUT_URL" "4242424242424242"
expect_match "the first purchase is paid" "$(cat "$T/page")" 'Payment received'
if wait_for 20 has_mail "$O1"; then ok "the confirmation mail arrives"; else
	fail "the confirmation mail arrives" "$(tail -5 "$T/guildd.err")"
fi
m=$(mail_for "$O1")
expect_match "it goes to the buyer" "$m" '^To: demo@guild\.example$'
expect_match "the subject names the order" "$m" "^Subject: Your Guild order #$O1: "
expect_match "it states the amount" "$m" \
    "Amount:  ¥$((P1 / 100))\\.$(printf '%02d' $((P1 % 100)))\$"
expect_match "it links the course" "$m" "Course: .*/api/v1/courses/"
expect_eq "the outbox row is marked sent" "$(sql "SELECT (sent_at IS NOT NULL)
    || ' ' || attempts FROM mail_outbox WHERE order_id = $O1")" "1 1"

# ---- the receiver is down ----------------------------------------------------

smtp_stop
buy "$DEMO" "$C2" "mail-$$-2"
O2=$ORDER_ID
pay "$CHECKOUT_URL" "4242 4242 4242 4242"
expect_match "with SMTP down the payment still succeeds" "$(cat "$T/page")" \
    'Payment received'
expect_eq "the order is paid" \
    "$(order_field "$O2" "$DEMO" .status)" paid
failed_once() {
	[ "$(sql "SELECT attempts >= 1 AND sent_at IS NULL FROM mail_outbox
	    WHERE order_id = $O2")" = 1 ]
}
if wait_for 20 failed_once; then ok "the mail waits in the outbox, attempted"
else
	fail "the mail waits in the outbox, attempted" \
	    "$(sql "SELECT * FROM mail_outbox WHERE order_id = $O2")"
fi
expect_match "the failure is recorded" \
    "$(sql "SELECT last_error FROM mail_outbox WHERE order_id = $O2")" '.+'
if smtp_start; then ok "the receiver comes back"; else
	fail "the receiver comes back"
fi
if wait_for 45 has_mail "$O2"; then ok "the mail arrives after the retry"; else
	fail "the mail arrives after the retry" \
	    "$(sql "SELECT attempts, next_attempt_at - strftime('%s'), last_error
	    FROM mail_outbox WHERE order_id = $O2")"
fi
expect_match "the retried mail has the amount" "$(mail_for "$O2")" \
    "Amount:  ¥$((P2 / 100))\\.$(printf '%02d' $((P2 % 100)))\$"
sent() {
	[ "$(sql "SELECT sent_at IS NOT NULL FROM mail_outbox
	    WHERE order_id = $O2")" = 1 ]
}
if wait_for 10 sent; then ok "the outbox row is sent after the retry"; else
	fail "the outbox row is sent after the retry"
fi
stop_clean

# ---- no SMTP: the maildir in the data directory -----------------------------

mkdir -p "$T/data"
rm -f "$T/guild.db" "$T/guild.db-wal" "$T/guild.db-shm"
guildd_start --demo --data-dir "$T/data"
DEMO=$(login demo guild-demo)
buy "$DEMO" "$C1" "mail-$$-3"
O3=$ORDER_ID
pay "$CHECKOUT_URL" "4242 4242 4242 4242"
in_maildir() { grep -l "Order:   #$O3\$" "$T/data/outbox/new/"* >/dev/null 2>&1; }
if wait_for 20 in_maildir; then ok "without --smtp-url the mail is a file in DATA_DIR/outbox/new"
else
	fail "without --smtp-url the mail is a file in DATA_DIR/outbox/new" \
	    "$(ls -la "$T/data/outbox/"* 2>&1)"
fi
f=$(grep -l "Order:   #$O3\$" "$T/data/outbox/new/"* 2>/dev/null | head -1)
expect_match "the file is a whole message" "$(cat "$f" 2>/dev/null)" \
    '^Message-ID: <guild\.[0-9]+\.[0-9]+@localhost>$'
expect_eq "nothing is left in tmp" "$(ls "$T/data/outbox/tmp" | wc -l | tr -d ' ')" 0
expect_eq "the mail file is private" "$(stat -c %a "$f" 2>/dev/null)" 600
stop_clean

# Community events over raw HTTP against a real guildd: an operator
# creates an event with 5 seats, 20 members RSVP at once and exactly 5
# get seats and 15 a waitlist place; a cancellation promotes exactly the
# first in line (with an inbox notification); check-in awards +10 points
# once; roles (403, 401), bad input (422 with errors[]), lists with
# filters and cursors, and the .ics export checked by a strict RFC 5545
# reader (and python3-icalendar when installed).
. "$(dirname "$0")/../lib.sh"

JSON='Content-Type: application/json'
mkdir -p "$T/auth"

expect_jq() {
	if jq -e "$2" "$T/body" >/dev/null 2>&1; then ok "$1"; else
		fail "$1" "jq '$2' false for: $(head -c 400 "$T/body")"
	fi
}
# as USER METHOD PATH [BODY]: the token travels in a header file, not argv.
as() {
	_u=$1 _m=$2 _p=$3
	shift 3
	if [ $# -gt 0 ]; then
		http "$_m" "$_p" -H @"$T/auth/$_u" -H "$JSON" --data-binary "$1"
	else
		http "$_m" "$_p" -H @"$T/auth/$_u"
	fi
}
register() {
	http POST /api/v1/users -H "$JSON" --data-binary \
	    "{\"username\": \"$1\", \"email\": \"$1@example.com\",
	      \"password\": \"correct horse\"}"
	http POST /api/v1/auth/tokens -H "$JSON" --data-binary \
	    "{\"login\": \"$1\", \"password\": \"correct horse\"}"
	printf 'Authorization: Bearer %s\n' "$(jq -r .token "$T/body")" \
	    >"$T/auth/$1"
}
db() { sqlite3 "$T/guild.db" "$1"; }
points() {
	http GET "/api/v1/users/$1/points"
	jq -r .points "$T/body"
}
header() { tr -d '\r' <"$T/headers" | sed -n "s/^$1: //Ip" | head -1; }
# iso EPOCH [OFFSET_HOURS]: RFC 3339 in UTC, or local time at +HH:00.
iso() {
	if [ $# -gt 1 ]; then
		date -u -d "@$(($1 + $2 * 3600))" "+%Y-%m-%dT%H:%M:%S+0$2:00"
	else
		date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ
	fi
}

if guildd_start; then ok "guildd starts"; else
	fail "guildd starts"; exit 1
fi
MEMBERS=$(seq -f 'm%02g' 1 20)
for m in boss $MEMBERS; do register "$m"; done
db "UPDATE users SET role = 'operator' WHERE username = 'boss'"

NOW=$(date +%s)
START=$(( (NOW / 3600 + 48) * 3600 ))
END=$((START + 2 * 3600))
TITLE='Salon; C, SQLite \ and "you"'
DESC='Line one
Line two: a long description that certainly needs folding because it goes on well past seventy-five octets, with commas, semicolons; and a backslash \ too.'
body=$(jq -n --arg t "$TITLE" --arg d "$DESC" --arg s "$(iso "$START" 8)" \
    --arg e "$(iso "$END" 8)" '{title: $t, type: "salon", description: $d,
    starts_at: $s, ends_at: $e, venue: "Guild Hall, 2F",
    online_url: "https://live.example.org/guild", capacity: 5}')

# ---- roles and input --------------------------------------------------------

as m01 POST /api/v1/events "$body"
expect_eq "a member cannot create events (403)" "$HTTP_STATUS" 403
http POST /api/v1/events -H "$JSON" --data-binary "$body"
expect_eq "an anonymous caller cannot create events (401)" "$HTTP_STATUS" 401

bad() {
	as boss POST /api/v1/events "$(printf '%s\n' "$body" | jq -c "$2")"
	if [ "$HTTP_STATUS" = 422 ] && jq -e --arg f "$3" \
	    'any(.errors[]; .field == $f)' "$T/body" >/dev/null 2>&1; then
		ok "422 with errors[$3] for $1"
	else
		fail "422 with errors[$3] for $1" \
		    "$HTTP_STATUS $(head -c 300 "$T/body")"
	fi
}
bad "a month 13" '.starts_at = "2026-13-01T10:00:00Z"' starts_at
bad "February 30" '.starts_at = "2027-02-30T10:00:00+08:00"' starts_at
bad "a time without a zone" '.ends_at = "2027-01-01T10:00:00"' ends_at
bad "words for a date" '.starts_at = "tomorrow"' starts_at
bad "an end before the start" ".ends_at = \"$(iso $((START - 60)))\"" ends_at
bad "an unknown type" '.type = "party"' type
bad "capacity -1" '.capacity = -1' capacity
bad "a huge title" ".title = \"$(head -c 300 /dev/zero | tr '\0' x)\"" title
bad "a missing title" 'del(.title)' title
bad "an ftp link" '.online_url = "ftp://x.example"' online_url
as boss POST /api/v1/events "$(printf '%s\n' "$body" | jq -c '.type = "party" |
    .capacity = -1 | .starts_at = "soon"')"
expect_jq "every bad field is reported" '[.errors[].field] | length >= 3'
expect_eq "nothing bad was stored" "$(db 'SELECT count(*) FROM events')" 0

as boss POST /api/v1/events "$body"
expect_eq "the operator creates an event (201)" "$HTTP_STATUS" 201
EV=$(jq -r .id "$T/body")
expect_eq "Location names it" "$(header Location)" "/api/v1/events/$EV"
check "the create answer carries an ETag" test -n "$(header ETag)"
expect_jq "the +08:00 start is stored as UTC" \
    ".starts_at == \"$(iso "$START")\" and .ends_at == \"$(iso "$END")\""
expect_jq "5 seats, all free" '.capacity == 5 and .seats_left == 5 and
    .confirmed == 0 and .waitlisted == 0'
expect_eq "the database holds UTC seconds" \
    "$(db "SELECT starts_at FROM events WHERE id = $EV")" "$START"

http GET "/api/v1/events/$EV"
expect_eq "anonymous GET works" "$HTTP_STATUS" 200
check "GET carries an ETag" test -n "$(header ETag)"
expect_jq "an anonymous caller has no status" '.my_status == null and
    .description != null'
http PUT "/api/v1/events/$EV/rsvp"
expect_eq "an anonymous RSVP is refused (401)" "$HTTP_STATUS" 401
http GET /api/v1/events/abc
expect_eq "a bad id is 404" "$HTTP_STATUS" 404

# ---- 20 concurrent RSVPs for 5 seats ----------------------------------------

pids=
for m in $MEMBERS; do
	curl -sS -o "$T/rsvp.$m" -w '%{http_code}\n' -X PUT -H @"$T/auth/$m" \
	    "$GUILD_URL/api/v1/events/$EV/rsvp" >"$T/code.$m" &
	pids="$pids $!"
done
# shellcheck disable=SC2086
wait $pids
expect_eq "all 20 RSVPs answer 200" "$(cat "$T"/code.m* | sort -u)" 200
cat "$T"/rsvp.m* | jq -s '.' >"$T/body"
expect_jq "the answers say exactly 5 confirmed" \
    '[.[] | select(.status == "confirmed")] | length == 5'
expect_jq "and 15 waitlisted at positions 1..15" \
    '[.[] | select(.status == "waitlisted") | .position] | sort ==
    [range(1; 16)]'
expect_eq "the database has 5 confirmed and 15 waitlisted" \
    "$(db "SELECT group_concat(n, ' ') FROM (SELECT count(*) AS n FROM
    event_rsvps WHERE event_id = $EV GROUP BY status ORDER BY status)")" \
    "5 15"
expect_eq "the queue order is unique" \
    "$(db "SELECT count(DISTINCT seq) FROM event_rsvps WHERE event_id = $EV")" 20
http GET "/api/v1/events/$EV"
expect_jq "GET counts 5 confirmed, 15 waitlisted, no seat left" \
    '.confirmed == 5 and .waitlisted == 15 and .seats_left == 0'

confirmed() {
	db "SELECT u.username FROM event_rsvps r JOIN users u ON u.id = r.user_id
	    WHERE r.event_id = $EV AND r.status = 'confirmed' ORDER BY u.username"
}
waiting() {	# the waitlist in order
	db "SELECT u.username FROM event_rsvps r JOIN users u ON u.id = r.user_id
	    WHERE r.event_id = $EV AND r.status = 'waitlisted' ORDER BY r.seq"
}
C=$(confirmed | head -1)
W1=$(waiting | sed -n 1p) W2=$(waiting | sed -n 2p) W3=$(waiting | sed -n 3p)
W4=$(waiting | sed -n 4p)
before=$(confirmed)

as "$C" PUT "/api/v1/events/$EV/rsvp"
expect_jq "a repeated RSVP keeps the seat (200)" '.status == "confirmed"'
as "$W2" PUT "/api/v1/events/$EV/rsvp"
expect_jq "a repeated RSVP keeps the waitlist place" \
    '.status == "waitlisted" and .position == 2'
as "$W2" GET "/api/v1/events/$EV"
expect_jq "the event shows my waitlist position" \
    '.my_status == "waitlisted" and .my_position == 2 and .checked_in == false'

# ---- a cancellation promotes exactly the first in line ----------------------

as "$C" DELETE "/api/v1/events/$EV/rsvp"
expect_eq "cancel answers 200" "$HTTP_STATUS" 200
expect_jq "cancel says none" '.status == "none" and .seats_left == 0'
want=$(printf '%s\n' "$before" | grep -vx "$C"; echo "$W1")
expect_eq "exactly the first waitlisted member took the seat" \
    "$(confirmed)" "$(printf '%s\n' "$want" | sort)"
expect_eq "14 are still waiting" "$(waiting | wc -l)" 14
as "$W1" GET "/api/v1/events/$EV"
expect_jq "the promoted member is confirmed" \
    '.my_status == "confirmed" and .my_position == 0'
as "$W2" GET "/api/v1/events/$EV"
expect_jq "the waitlist moved up by one" '.my_position == 1'
expect_eq "the promoted member got one rsvp_promoted notification" \
    "$(db "SELECT count(*) FROM notifications n JOIN users u ON
    u.id = n.user_id WHERE n.kind = 'rsvp_promoted' AND
    n.subject_type = 'event' AND n.subject_id = $EV AND
    u.username = '$W1'")" 1
expect_eq "nobody else was notified" "$(db "SELECT count(*) FROM
    notifications WHERE kind = 'rsvp_promoted'")" 1
as "$C" DELETE "/api/v1/events/$EV/rsvp"
expect_jq "cancelling again is harmless" '.status == "none"'
expect_eq "and promotes nobody" "$(waiting | wc -l)" 14

# ---- check-in and points ------------------------------------------------------

p0=$(points "$W1")
as boss POST "/api/v1/events/$EV/attendance" "{\"username\": \"$W1\"}"
expect_eq "check-in answers 200" "$HTTP_STATUS" 200
expect_jq "check-in is new" '.checked_in == true and .newly_checked_in == true'
expect_eq "check-in awards +10 points" "$(points "$W1")" $((p0 + 10))
as boss POST "/api/v1/events/$EV/attendance" "{\"username\": \"$W1\"}"
expect_eq "a second check-in answers 200" "$HTTP_STATUS" 200
expect_jq "it says already checked in" '.newly_checked_in == false'
expect_eq "a second check-in awards nothing" "$(points "$W1")" $((p0 + 10))
expect_eq "the database records one check-in" "$(db "SELECT count(*) FROM
    event_rsvps WHERE event_id = $EV AND checked_in_at IS NOT NULL")" 1
as "$W1" GET "/api/v1/events/$EV"
expect_jq "the member sees they were checked in" '.checked_in == true'
as boss POST "/api/v1/events/$EV/attendance" "{\"username\": \"$W2\"}"
expect_eq "a waitlisted member cannot be checked in (409)" "$HTTP_STATUS" 409
expect_jq "the detail says why" '.detail | test("waitlist")'
as boss POST "/api/v1/events/$EV/attendance" "{\"username\": \"$C\"}"
expect_eq "a member without an RSVP cannot be checked in (409)" \
    "$HTTP_STATUS" 409
as boss POST "/api/v1/events/$EV/attendance" '{"username": "nobody"}'
expect_eq "an unknown member is 422" "$HTTP_STATUS" 422
as m05 POST "/api/v1/events/$EV/attendance" "{\"username\": \"$W1\"}"
expect_eq "a member cannot check people in (403)" "$HTTP_STATUS" 403

# ---- raising the capacity promotes in order ---------------------------------

as m01 PATCH "/api/v1/events/$EV" '{"capacity": 7}'
expect_eq "a member cannot edit events (403)" "$HTTP_STATUS" 403
as boss PATCH "/api/v1/events/$EV" "{\"ends_at\": \"$(iso $((START - 1)))\"}"
expect_eq "an edit cannot end before the start (422)" "$HTTP_STATUS" 422
as boss PATCH "/api/v1/events/$EV" '{"capacity": 7}'
expect_eq "the operator raises the capacity" "$HTTP_STATUS" 200
check "the edit answer carries an ETag" test -n "$(header ETag)"
expect_jq "7 confirmed, 12 waiting" '.confirmed == 7 and .waitlisted == 12'
expect_eq "the next two in line were promoted" \
    "$(confirmed | grep -cxE "$W2|$W3")" 2
expect_eq "the one after them now leads the waitlist" \
    "$(waiting | head -1)" "$W4"

# ---- lists --------------------------------------------------------------------

PAST=$(( (NOW / 3600 - 72) * 3600 ))
as boss POST /api/v1/events "$(jq -n --arg s "$(iso $PAST)" \
    --arg e "$(iso $((PAST + 3600)))" '{title: "Last week'"'"'s hackathon",
    type: "hackathon", starts_at: $s, ends_at: $e, capacity: 0}')"
PASTEV=$(jq -r .id "$T/body")
expect_jq "capacity 0 is no limit" '.seats_left == null'
as m01 PUT "/api/v1/events/$PASTEV/rsvp"
expect_eq "an event that has ended takes no RSVP (409)" "$HTTP_STATUS" 409
http GET /api/v1/events
expect_jq "the default list is upcoming events only" \
    "[.items[].id] == [$EV]"
http GET "/api/v1/events?from=$(iso $((PAST - 3600)))"
expect_jq "from= includes past events, soonest first" \
    "[.items[].id] == [$PASTEV, $EV]"
http GET "/api/v1/events?from=$(iso $((PAST - 3600)) 8)"
expect_jq "from= takes an offset, even with its + unencoded" \
    "[.items[].id] == [$PASTEV, $EV]"
http GET "/api/v1/events?from=$(iso $((PAST - 3600)))&type=hackathon"
expect_jq "type= filters" "[.items[].id] == [$PASTEV]"
http GET "/api/v1/events?from=$(iso $((PAST - 3600)))&to=$(iso $NOW)"
expect_jq "to= filters" "[.items[].id] == [$PASTEV]"
http GET "/api/v1/events?from=$(iso $((PAST - 3600)))&limit=1"
expect_jq "a page of one has more" "[.items[].id] == [$PASTEV] and .has_more"
check "with a Link to the next page" grep -qi '^Link: .*rel="next"' \
    "$T/headers"
next=$(jq -r .next_cursor "$T/body")
http GET "/api/v1/events?from=$(iso $((PAST - 3600)))&limit=1&cursor=$next"
expect_jq "the cursor continues" "[.items[].id] == [$EV] and
    (.has_more | not)"
http GET '/api/v1/events?type=party'
expect_eq "an unknown type filter is 422" "$HTTP_STATUS" 422
http GET '/api/v1/events?from=yesterday'
expect_eq "a bad from= is 422" "$HTTP_STATUS" 422

# ---- iCalendar ------------------------------------------------------------------

http GET "/api/v1/events/$EV.ics"
expect_eq ".ics answers 200" "$HTTP_STATUS" 200
expect_match ".ics is text/calendar" "$(header Content-Type)" '^text/calendar'
ETAG=$(header ETag)
check ".ics carries an ETag" test -n "$ETAG"
cp "$T/body" "$T/event.ics"
http GET "/api/v1/events/$EV.ics" -H "If-None-Match: $ETAG"
expect_eq "If-None-Match answers 304" "$HTTP_STATUS" 304
http GET /api/v1/events/99999.ics
expect_eq "no such event's .ics is 404" "$HTTP_STATUS" 404

cat >"$T/ics.py" <<'EOF'
# A strict reader of one RFC 5545 calendar: exits 1 naming the problem.
import sys
raw = open(sys.argv[1], 'rb').read()
want_start, want_end, want_title = sys.argv[2], sys.argv[3], sys.argv[4]
def die(msg):
    print(msg)
    sys.exit(1)
if not raw.endswith(b'\r\n'):
    die('does not end in CRLF')
if b'\n' in raw.replace(b'\r\n', b''):
    die('a bare LF')
if b'\r' in raw.replace(b'\r\n', b''):
    die('a bare CR')
lines = raw[:-2].split(b'\r\n')
for n, l in enumerate(lines):
    if len(l) > 75:
        die('line %d is %d octets' % (n + 1, len(l)))
    if l[:1] in (b' ', b'\t') and n == 0:
        die('the first line is a continuation')
    l.decode('utf-8')
logical = []
for l in lines:
    if l[:1] in (b' ', b'\t'):
        logical[-1] += l[1:]
    else:
        logical.append(l)
logical = [l.decode('utf-8') for l in logical]
stack, props = [], {}
for l in logical:
    name, sep, value = l.partition(':')
    if not sep or not name:
        die('not a content line: %r' % l)
    name = name.split(';')[0].upper()
    if name == 'BEGIN':
        stack.append(value)
        props[value] = props.get(value, 0) + 1
    elif name == 'END':
        if not stack or stack.pop() != value:
            die('unbalanced END:%s' % value)
    else:
        if not stack:
            die('a property outside any component: %s' % name)
        props[stack[-1] + '.' + name] = value
if stack:
    die('unclosed: %s' % stack)
if logical[0] != 'BEGIN:VCALENDAR' or logical[-1] != 'END:VCALENDAR':
    die('not one VCALENDAR')
if props.get('VEVENT') != 1:
    die('not exactly one VEVENT')
for p in ('VCALENDAR.VERSION', 'VCALENDAR.PRODID', 'VEVENT.UID',
          'VEVENT.DTSTAMP', 'VEVENT.DTSTART', 'VEVENT.DTEND',
          'VEVENT.SUMMARY', 'VEVENT.DESCRIPTION', 'VEVENT.LOCATION',
          'VEVENT.URL'):
    if p not in props:
        die('missing ' + p)
if props['VCALENDAR.VERSION'] != '2.0':
    die('VERSION is not 2.0')
for p in ('DTSTAMP', 'DTSTART', 'DTEND'):
    v = props['VEVENT.' + p]
    if len(v) != 16 or v[8] != 'T' or not v.endswith('Z'):
        die('%s is not a UTC date-time: %s' % (p, v))
if props['VEVENT.DTSTART'] != want_start:
    die('DTSTART %s, want %s' % (props['VEVENT.DTSTART'], want_start))
if props['VEVENT.DTEND'] != want_end:
    die('DTEND %s, want %s' % (props['VEVENT.DTEND'], want_end))
def unescape(v):
    out, i = '', 0
    while i < len(v):
        c = v[i]
        if c == '\\':
            i += 1
            n = v[i]
            if n in 'nN':
                out += '\n'
            elif n in '\\;,':
                out += n
            else:
                die('bad escape \\%s' % n)
        elif c in ';,':
            die('unescaped %r in TEXT' % c)
        else:
            out += c
        i += 1
    return out
if unescape(props['VEVENT.SUMMARY']) != want_title:
    die('SUMMARY %r' % props['VEVENT.SUMMARY'])
if not props['VEVENT.UID'].startswith('event-'):
    die('UID ' + props['VEVENT.UID'])
print('ok')
EOF
ICS_START=$(date -u -d "@$START" +%Y%m%dT%H%M%SZ)
ICS_END=$(date -u -d "@$END" +%Y%m%dT%H%M%SZ)
out=$(python3 "$T/ics.py" "$T/event.ics" "$ICS_START" "$ICS_END" "$TITLE" 2>&1)
expect_eq "the .ics passes the strict RFC 5545 reader" "$out" ok
check "the description was long enough to fold" grep -q "^ " "$T/event.ics"

if /usr/bin/python3 -c 'import icalendar' 2>/dev/null; then
	out=$(/usr/bin/python3 - "$T/event.ics" "$START" "$TITLE" "$DESC" <<'EOF' 2>&1
import sys, datetime, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
evs = [c for c in cal.walk() if c.name == 'VEVENT']
assert len(evs) == 1, evs
e = evs[0]
start = e.decoded('dtstart')
want = datetime.datetime.fromtimestamp(int(sys.argv[2]), datetime.timezone.utc)
assert start == want and start.utcoffset() == datetime.timedelta(0), start
assert str(e.get('summary')) == sys.argv[3], e.get('summary')
assert str(e.get('description')) == sys.argv[4], e.get('description')
assert str(e.get('location')) == 'Guild Hall, 2F', e.get('location')
print('ok')
EOF
)
	expect_eq "python3-icalendar reads the .ics back exactly" "$out" ok
else
	ok "python3-icalendar reads the .ics # SKIP python3-icalendar is not installed"
fi

check "guildd is still running" guildd_alive

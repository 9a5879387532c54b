#!/bin/sh
# guild's community commands against a real guildd: profile (level bar,
# badges), events (list in the member's time zone, detail, rsvp and
# cancel with the waitlist, --ics writing a calendar that parses), invite
# (code, link, who joined) and inbox (list, --unread, read ID, read
# --all). Hostile server strings (escape sequences, bidi controls) in a
# display name, an event title and a notification reach the terminal
# sanitized; under LANG=C the bars are ASCII.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-community.sh"

export COLUMNS=120
JSON='Content-Type: application/json'
ESC=$(printf '\033')
RLO=$(printf '\342\200\256')	# U+202E RIGHT-TO-LEFT OVERRIDE

db() { sqlite3 "$T/guild.db" "$1"; }
# clean NAME: OUT holds no ESC and no bidi override.
clean() {
	case "$OUT" in
	*"$ESC"*|*"$RLO"*) fail "$1" "raw control characters in: $OUT" ;;
	*) ok "$1" ;;
	esac
}
# event JSON: creates an event as the operator ann; E gets its id.
event() {
	http POST /api/v1/events -H @"$T/hdr-ann" -H "$JSON" --data-binary "$1"
	E=$(jq -r .id "$T/body")
}

if guildd_start --post-rate 1000/min; then ok "guildd starts"; else
	fail "guildd starts"; exit 1
fi
for m in ann bob cat; do member "$m"; done
db "UPDATE users SET role = 'operator' WHERE username = 'ann'"

# ---- profile -----------------------------------------------------------------
as bob ask --title "First question here" --tags c -m "Body one."
expect_eq "bob asks (exit 0)" "$RC" 0
as bob ask --title "Second question here" --tags c -m "Body two."
# 10 points: level 2 runs from 5 to 20, so the bar is a third full.
db "UPDATE users SET display_name = 'Bob ' || char(27) || '[31mRed' ||
    char(8238) || 'x' WHERE username = 'bob'"
http POST /api/v1/badges -H @"$T/hdr-ann" -H "$JSON" --data-binary \
    '{"username": "bob", "badge": "first responder", "reason": "fast answers"}'
expect_eq "an operator awards a badge" "$HTTP_STATUS" 201
db "INSERT INTO badges (user_id, badge, period, reason, created_at)
    SELECT id, 'member of the month', '2026-10', 'top 3 in points', 1
    FROM users WHERE username = 'bob'"
LANG=C LC_ALL=C as bob profile
expect_eq "guild profile for myself exits 0" "$RC" 0
expect_match "LANG=C: an ASCII bar a third full" "$OUT" \
    '^Level 2 \[######\.\.\.\.\.\.\.\.\.\.\.\.\.\.\] 10 more to level 3 \(at 20\)$'
expect_match "the points" "$OUT" "^Points: 10$"
expect_match "an awarded badge with its reason" "$OUT" \
    "^  first responder: fast answers$"
expect_match "member of the month with its period" "$OUT" \
    "^  member of the month \(2026-10\): top 3 in points$"
clean "the hostile display name is sanitized"
expect_match "and still shown" "$OUT" "^Bob .*Red.*x \(@bob\)$"
anon profile bob
expect_match "UTF-8: a block bar" "$OUT" \
    '^Level 2 \[██████░░░░░░░░░░░░░░\]'
anon profile
expect_eq "profile without a login exits 4" "$RC" 4
expect_match "and says to log in" "$ERR" "guild login"
anon profile nobody
expect_eq "an unknown member exits 1" "$RC" 1

# ---- events ------------------------------------------------------------------
event '{"title": "Rust salon", "type": "salon", "capacity": 1,
    "description": "# Welcome\n\nBring **snacks** and `code`.",
    "starts_at": "2030-01-01T12:00:00Z", "ends_at": "2030-01-01T14:00:00Z",
    "venue": "Room 1, Old Library"}'
expect_eq "ann creates an event" "$HTTP_STATUS" 201
E1=$E
db "UPDATE events SET title = 'Rust ' || char(27) || ']0;pwned' ||
    char(7) || 'salon' || char(8238) WHERE id = $E1"
event '{"title": "Weekend hack", "type": "hackathon",
    "starts_at": "2030-02-01T01:00:00Z", "ends_at": "2030-02-02T01:00:00Z",
    "online_url": "https://meet.example/hack"}'
E2=$E
event '{"title": "Old meetup", "type": "meetup",
    "starts_at": "2020-01-01T10:00:00Z", "ends_at": "2020-01-01T12:00:00Z"}'
E3=$E
expect_eq "an event in the past can be recorded" "$HTTP_STATUS" 201

TZ=ABC-8 anon events
expect_eq "events anonymously exits 0" "$RC" 0
expect_match "times in the member's zone (UTC+8)" "$OUT" \
    "^ *$E1  Tue 2030-01-01 20:00  salon  .*Rust .*salon.* +1 left"
expect_match "the zone is named" "$OUT" "times in ABC"
clean "the hostile event title is sanitized"
case "$OUT" in *pwned*) fail "the OSC sequence is dropped whole" "$OUT" ;;
*) ok "the OSC sequence is dropped whole" ;; esac
expect_match "no seat limit reads open" "$OUT" \
    "^ *$E2  Fri 2030-02-01 09:00  hackathon  Weekend hack +open"
case "$OUT" in *"Old meetup"*) fail "past events are not listed" ;;
*) ok "past events are not listed" ;; esac
LIST=$OUT
TZ=ABC-8 anon --offline events
expect_eq "--offline events shows the cached list" "$OUT" "$LIST"
expect_match "and says it is cached" "$ERR" "offline: showing what is cached"
anon events --past
expect_match "--past lists the old one" "$OUT" "^ *$E3 .*Old meetup"
anon events --type hackathon --json
check "--type and --json: valid JSON with one event" \
    jq -e "(.items | length) == 1 and .items[0].id == $E2" "$T/out"
anon events --type party
expect_eq "a bad --type is a usage error (2)" "$RC" 2

as bob rsvp "$E1"
expect_eq "bob's rsvp exits 0" "$RC" 0
expect_eq "bob is confirmed" "$OUT" "confirmed"
as bob rsvp "$E1"
expect_eq "saying it again changes nothing" "$OUT" "confirmed"
as cat rsvp "$E1"
expect_eq "a full event is not an error" "$RC" 0
expect_eq "cat is waitlisted" "$OUT" "waitlisted (position 1)"
anon events
expect_match "the list says full, with the waitlist" "$OUT" \
    "full \(waitlist 1\)"
as cat events
expect_match "cat sees her place" "$OUT" "waitlist #1$"
TZ=UTC as cat event "$E1"
expect_eq "event exits 0" "$RC" 0
clean "the event detail is sanitized"
expect_match "when, in the member's zone" "$OUT" \
    "^When: +Tue 2030-01-01 12:00 . 14:00 UTC$"
expect_match "where" "$OUT" "^Where: +Room 1, Old Library$"
expect_match "seats" "$OUT" "^Seats: +0 of 1 left \(1 going, 1 on the waitlist\)$"
expect_match "my waitlist position" "$OUT" \
    "^You: +on the waitlist, position 1$"
expect_match "the description is rendered Markdown" "$OUT" \
    "^  Bring snacks and code\.$"
as bob rsvp "$E1" --cancel
expect_eq "cancel exits 0" "$RC" 0
expect_eq "cancel says canceled" "$OUT" "canceled"
as cat event "$E1"
expect_match "the first on the waitlist is promoted" "$OUT" \
    "^You: +going"
as bob rsvp "$E3"
expect_eq "an ended event exits 1" "$RC" 1
expect_match "and says so" "$ERR" "ended"
as bob rsvp 99999
expect_eq "a missing event exits 1" "$RC" 1
expect_match "and is named" "$ERR" "no event 99999"
anon rsvp "$E2"
expect_eq "rsvp without a login exits 4" "$RC" 4
expect_match "and says to log in" "$ERR" "guild login"

anon event "$E2" --ics "$T/hack.ics"
expect_eq "--ics exits 0" "$RC" 0
expect_match "--ics says where" "$OUT" "Wrote the calendar file"
check "the .ics parses as iCalendar" python3 - "$T/hack.ics" <<'PY'
import sys
raw = open(sys.argv[1], "rb").read().decode("utf-8")
assert raw.endswith("\r\n"), "lines end in CRLF"
lines = raw[:-2].split("\r\n")
unfolded = []
for l in lines:
    if l[:1] in (" ", "\t"):
        unfolded[-1] += l[1:]
    else:
        unfolded.append(l)
stack, props = [], {}
for l in unfolded:
    name, sep, value = l.partition(":")
    assert sep, "content line without a colon: %r" % l
    name = name.split(";")[0].upper()
    if name == "BEGIN":
        stack.append(value)
    elif name == "END":
        assert stack and stack.pop() == value, "unbalanced END:" + value
    elif stack and stack[-1] == "VEVENT":
        props[name] = value
assert not stack, "unclosed " + ",".join(stack)
assert unfolded[0] == "BEGIN:VCALENDAR" and unfolded[-1] == "END:VCALENDAR"
for p in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
    assert p in props, "VEVENT lacks " + p
assert props["DTSTART"] == "20300201T010000Z", props["DTSTART"]
assert props["SUMMARY"] == "Weekend hack", props["SUMMARY"]
PY
anon event "$E2" --ics -
expect_match "--ics - writes the calendar on stdout" "$OUT" "^BEGIN:VCALENDAR"
anon event 99999 --ics "$T/none.ics"
expect_eq "--ics of a missing event exits 1" "$RC" 1

# ---- invite ------------------------------------------------------------------
as bob invite
expect_eq "invite exits 0" "$RC" 0
CODE=$(printf '%s\n' "$OUT" | sed -n 's/^Your referral code: //p')
expect_match "a referral code" "$CODE" '^[A-Za-z0-9]+$'
expect_match "and the link to share" "$OUT" \
    "^Share this link: +http://.*$CODE"
http POST /api/v1/users -H "$JSON" --data-binary "{\"username\": \"dan\",
    \"email\": \"dan@example.com\", \"password\": \"correct horse battery\",
    \"referral_code\": \"$CODE\"}"
expect_eq "dan registers with bob's code" "$HTTP_STATUS" 201
as bob invite --list
expect_match "one member joined" "$OUT" "^1 member joined with it"
expect_match "dan is listed" "$OUT" "^dan +[0-9]{4}-[0-9]{2}-[0-9]{2} +no "
as bob invite --list --json
check "invite --json is valid JSON" \
    jq -e '.joined == 1 and .referrals[0].username == "dan"' "$T/out"
anon invite
expect_eq "invite without a login exits 4" "$RC" 4

# ---- inbox -------------------------------------------------------------------
# cat was promoted from the waitlist of the hostile-titled event.
as cat inbox
expect_eq "inbox exits 0" "$RC" 0
expect_match "cat was told about her seat" "$OUT" "1 unread"
clean "a notification with the hostile title is sanitized"
expect_match "the unread one is marked, with what it opens" "$OUT" \
    "^● +[0-9]+ +just now .*event $E1$"
LANG=C LC_ALL=C as cat inbox --unread
expect_match "LANG=C marks unread with *" "$OUT" "^\* +[0-9]+ "
as ann answer 1 -m "Here is an answer to your first question."
as ann answer 2 -m "And one to the second."
as bob inbox --unread --json
# Two answers and the badge from the profile part.
check "inbox --json is valid JSON with three unread" \
    jq -e '.unread == 3 and (.items | length) == 3 and
    .items[0].kind == "answer"' "$T/out"
N=$(jq -r '.items[0].id' "$T/out")
as bob inbox read "$N"
expect_eq "inbox read ID exits 0" "$RC" 0
expect_eq "and prints the unread left" "$OUT" "2 unread"
as bob inbox
expect_match "newest first, relative times; the read one unmarked" "$OUT" \
    "^ +$N +just now +ann answered .Second question here. +question 2$"
expect_match "the unread ones marked" "$OUT" \
    "^● +[0-9]+ +just now +ann answered .First question here. +question 1$"
expect_match "the badge opens the profile" "$OUT" "profile bob$"
as bob inbox --unread
case "$OUT" in *" $N  "*) fail "the read one is no longer unread" "$OUT" ;;
*) ok "the read one is no longer unread" ;; esac
as bob inbox read --all
expect_eq "read --all leaves none unread" "$OUT" "0 unread"
as bob inbox --unread
expect_match "inbox --unread is empty" "$OUT" "No unread notifications"
as bob inbox read
expect_eq "read with nothing to read is a usage error (2)" "$RC" 2
anon inbox
expect_eq "inbox without a login exits 4" "$RC" 4
expect_match "and says to log in" "$ERR" "guild login"

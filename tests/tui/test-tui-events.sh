# The Events pane against a real demo guildd: events made through the
# API by the operator are listed (key 7) with their start in the member's
# time zone (TZ=Asia/Shanghai: UTC+8); Enter opens one (venue, online
# link, seats, the Markdown description); Enter there RSVPs ("Confirmed"),
# a second member takes the last seat through the API and the next one
# sees "Waitlisted (position 1)" in an 80x24 LANG=C terminal (ASCII
# only); canceling a confirmed seat asks first, and then promotes the
# waitlisted member (checked through the API); c writes the event's
# iCalendar file to ~/Downloads (CRLF lines, BEGIN:VCALENDAR ...
# END:VCALENDAR, mode 0644); a hostile title reaches the screen only as
# replacements; without a token RSVP says to log in.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

command -v sqlite3 >/dev/null 2>&1 || { fail "sqlite3 is installed"; exit 1; }
if ! guildd_start --demo; then fail "guildd starts with --demo"; exit 1; fi
ok "guildd starts with --demo"
DB="$T/guild.db"
ADMIN=$("$GUILDD_BIN" user token admin --db "$DB")
DEMO=$("$GUILDD_BIN" user token demo --db "$DB")
ADA=$("$GUILDD_BIN" user token ada --db "$DB")
KAI=$("$GUILDD_BIN" user token kai --db "$DB")
expect_match "guildd gives the operator a token" "$ADMIN" '^gld_'

# api METHOD PATH TOKEN [JSON]: the body of the answer on stdout.
api() {
	if [ $# -ge 4 ]; then
		curl -s -X "$1" -H "Authorization: Bearer $3" \
			-H 'Content-Type: application/json' -d "$4" "$GUILD_URL$2"
	else
		curl -s -X "$1" -H "Authorization: Bearer $3" "$GUILD_URL$2"
	fi
}

# ---- events made by the operator ----------------------------------------

# 11:30 UTC is 19:30 in Shanghai; far ahead so it stays upcoming.
body=$(jq -n '{title: "Salon on ownership", type: "salon",
	description: "**Bring** a laptop.\n\nNotes: [the notes](https://notes.example/x).",
	starts_at: "2030-03-15T11:30:00Z", ends_at: "2030-03-15T13:00:00Z",
	venue: "Room 3, Hall B", online_url: "https://meet.example/abc",
	capacity: 2}')
eid=$(api POST /api/v1/events "$ADMIN" "$body" | jq -r .id)
expect_match "the operator creates an event with 2 seats" "$eid" '^[0-9]+$'
hostile=$(jq -n '{title: "Hostile placeholder", type: "meetup",
	starts_at: "2030-03-16T02:00:00Z", ends_at: "2030-03-16T03:00:00Z",
	capacity: 0}')
hid=$(api POST /api/v1/events "$ADMIN" "$hostile" | jq -r .id)
expect_match "and another one" "$hid" '^[0-9]+$'
# The server refuses control characters in titles: put them in the
# database behind its back (OSC title set, bidi override, clear screen).
hex() { printf "$1" | od -An -tx1 | tr -d ' \n'; }
evil='Evil AAA\033]0;HACKED-TITLE\007BBB\342\200\256CCC\033[2JDDD'
if sqlite3 "$DB" "UPDATE events SET title = CAST(X'$(hex "$evil")' AS TEXT)
    WHERE id = $hid"; then ok "its title is made hostile"
else fail "its title is made hostile"; fi

mkdir -p "$HOME/Downloads"
RUN="TZ=Asia/Shanghai GUILD_TOKEN='$DEMO' '$GUILD_BIN'"

# ---- the list and the detail, as demo -----------------------------------

start_tui 120x30 "$RUN"
poll "the catalog shows first" 20 line_has 2 'Title'
title_before=$(tm display-message -p -t guild '#{pane_title}')
keys 7
poll "7 shows the Events pane with the event" 20 pane_has "Salon on ownership"
poll "its start is in the member's time zone (UTC+8)" 5 \
	pane_has_re "2030-03-15 19:30 +salon +Salon on ownership"
poll "with its seats" 5 pane_has_re "Salon on ownership +2 left"
R='�'
poll "the hostile title shows only replacements" 5 \
	pane_has_re "Evil AAA${R}+BBB${R}+CCC${R}+DDD"
expect_eq "the pane title is unchanged" \
	"$(tm display-message -p -t guild '#{pane_title}')" "$title_before"
if pane | grep -q "$(printf '\342\200\256')"; then
	fail "no bidi override reaches the screen"
else
	ok "no bidi override reaches the screen"
fi
poll "the tab bar is intact" 5 line_has 1 '7 Events'

keys / ownership Enter
poll "the filter keeps the event" 5 pane_lacks "Evil AAA"
keys Enter
poll "Enter opens the event" 10 pane_has "Room 3, Hall B"
poll "the detail gives start and end in local time" 5 \
	pane_has_re "When +[A-Za-z]+ 2030-03-15 19:30 . 21:00 CST"
poll "the online link" 5 pane_has "https://meet.example/abc"
poll "the seats" 5 pane_has "2 of 2 left"
poll "not going yet" 5 pane_has_re "You +Not going"
poll "the Markdown description is rendered" 5 pane_has "Bring a laptop."
keys L
poll "L lists the online link and the description's links" 5 \
	pane_has "https://notes.example/x"
keys Escape
poll "and Esc closes the list" 5 pane_has "Room 3, Hall B"

keys Enter
poll "Enter RSVPs: Confirmed" 10 pane_has "Confirmed"
poll "the detail shows the seat taken" 10 pane_has "1 of 2 left"
got=$(api GET "/api/v1/events/$eid" "$DEMO" | jq -r .my_status)
expect_eq "the server has demo confirmed" "$got" confirmed

keys c
poll "c saves the calendar file and says where" 10 \
	pane_has "Saved $HOME/Downloads/guild-event-$eid.ics"
ics="$HOME/Downloads/guild-event-$eid.ics"
if [ -f "$ics" ] && [ "$(head -1 "$ics")" = "$(printf 'BEGIN:VCALENDAR\r')" ] &&
   [ "$(tail -1 "$ics")" = "$(printf 'END:VCALENDAR\r')" ]; then
	ok "the file is iCalendar from BEGIN:VCALENDAR to END:VCALENDAR"
else
	fail "the file is iCalendar from BEGIN:VCALENDAR to END:VCALENDAR"
	od -c "$ics" 2>&1 | head -5 | sed 's/^/#   /'
fi
expect_eq "every line ends in CRLF" \
	"$(grep -vc "$(printf '\r')\$" "$ics")" 0
expect_match "it has the event" "$(tr -d '\r' <"$ics")" \
	'SUMMARY:Salon on ownership'
expect_match "and its start" "$(tr -d '\r' <"$ics")" \
	'DTSTART[^:]*:20300315T113000Z'
expect_eq "the file is 0644" "$(stat -c %a "$ics")" 644
expect_eq "no temporary file is left" \
	"$(find "$HOME/Downloads" -name '.guild-ics*' | wc -l)" 0

keys h
poll "back in the list, demo's mark shows" 10 \
	pane_has_re "Salon on ownership +1 left +✓ confirmed"
quit_tui "the TUI exits cleanly"

# ---- the last seat goes, the next member is waitlisted -------------------

got=$(api PUT "/api/v1/events/$eid/rsvp" "$ADA" | jq -r .status)
expect_eq "ada takes the last seat through the API" "$got" confirmed

start_tui 80x24 "LANG=C LC_ALL=C TZ=Asia/Shanghai GUILD_TOKEN='$KAI' '$GUILD_BIN'"
poll "80x24 LANG=C: the catalog shows first" 20 line_has 2 'Title'
keys 7
poll "the event is full" 20 pane_has_re "Salon on ownership +full"
keys / ownership Enter Enter
poll "the detail opens" 10 pane_has "Room 3, Hall B"
poll "Enter says it would join the waitlist" 5 pane_has "join the waitlist"
keys Enter
poll "kai is waitlisted at position 1" 10 \
	pane_has "Waitlisted (position 1)"
if pane | LC_ALL=C grep -q '[^ -~]'; then
	fail "the screen is plain ASCII under LANG=C"; show_pane
else
	ok "the screen is plain ASCII under LANG=C"
fi
poll "the time is local under LANG=C too" 5 pane_has "19:30 - 21:00 CST"
keys h
poll "the list marks kai's place" 10 pane_has_re "waitlist #1"
quit_tui "the LANG=C TUI exits cleanly"
got=$(api GET "/api/v1/events/$eid" "$KAI" | jq -r '.my_status + " " + (.my_position | tostring)')
expect_eq "the server has kai waitlisted first" "$got" "waitlisted 1"

# ---- canceling asks, then promotes -------------------------------------

start_tui 120x30 "$RUN"
poll "demo's TUI starts again" 20 line_has 2 'Title'
keys 7
poll "the Events pane lists the event" 20 pane_has "Salon on ownership"
keys / ownership Enter Enter
poll "the detail shows demo confirmed" 10 pane_has_re "You +Confirmed"
keys Enter
poll "Enter on a confirmed seat asks first" 5 \
	pane_has "Give up your seat (it goes to the first on the waitlist)? y/n"
keys n
poll "n keeps the seat" 5 pane_has "You keep your seat"
got=$(api GET "/api/v1/events/$eid" "$DEMO" | jq -r .my_status)
expect_eq "the server still has demo confirmed" "$got" confirmed
keys Enter
poll "asked again" 5 pane_has "Give up your seat"
keys y
poll "y cancels: Canceled" 10 pane_has "Canceled"
poll "the detail says demo is not going" 10 pane_has_re "You +Not going"
got=$(api GET "/api/v1/events/$eid" "$KAI" | jq -r .my_status)
expect_eq "the cancel promoted kai" "$got" confirmed
got=$(api GET "/api/v1/events/$eid" "$DEMO" | jq -r '.my_status')
expect_eq "and demo holds no seat" "$got" null
quit_tui "the TUI exits cleanly after canceling"

# ---- anonymous -------------------------------------------------------

start_tui 100x30 "TZ=Asia/Shanghai '$GUILD_BIN'"
poll "anonymous: the catalog shows first" 20 line_has 2 'Title'
keys 7
poll "anonymous members see the events" 20 pane_has "Salon on ownership"
keys / ownership Enter Enter
poll "and the detail" 10 pane_has "Room 3, Hall B"
keys Enter
poll "RSVP says to log in first" 5 pane_has "log in first: guild login"
quit_tui "the anonymous TUI exits cleanly"

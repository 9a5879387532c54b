#!/bin/sh
# The Leaderboard pane against a real demo guildd at 80x24, under
# TERM=vt100 LANG=C (nothing but ASCII on screen), TERM=linux and
# TERM=xterm-256color in C.UTF-8: the top rows are the API's, w / m / a
# change them (an old award makes all time differ from the week), the
# viewer's row is marked and highlighted, . jumps to it far down the
# board (GET /leaderboard?around=me, checked here too), Enter opens the
# member's profile with level, progress and badges, Esc comes back, End
# (or G) shows the last member of the board at once, as walking every
# page ends (GET /leaderboard?around=last), g goes back to rank 1, ?
# lists the pane's and the profile's own keys, and the status bar shows
# the viewer's points and level. Anonymous users get the board without
# a row of their own.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
. "$(dirname "$0")/board.sh"

command -v sqlite3 >/dev/null 2>&1 || { fail "sqlite3 is installed"; exit 1; }
command -v jq >/dev/null 2>&1 || { fail "jq is installed"; exit 1; }
if ! guildd_start --demo; then fail "guildd starts with --demo"; exit 1; fi
ok "guildd starts with --demo"
DB="$T/guild.db"
ADMIN=$("$GUILDD_BIN" user token admin --db "$DB")
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
status_of() {
	curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $2" \
		"$GUILD_URL$1"
}

# An award two months old: all time is led by wanglei, the week is not.
sqlite3 "$DB" "PRAGMA busy_timeout = 10000;
INSERT INTO points_ledger (user_id, delta, rule, subject_type, subject_id,
    reason, created_at)
  SELECT id, 5000, 'adjustment', 'user', id, 'an old award',
    strftime('%s', 'now') - 60 * 86400 FROM users WHERE username = 'wanglei';" \
    >/dev/null
"$GUILDD_BIN" points rebuild --db "$DB" >/dev/null 2>&1
all1=$(curl -s "$GUILD_URL/api/v1/leaderboard?period=all&limit=1" |
    jq -r '.items[0].username')
week1=$(curl -s "$GUILD_URL/api/v1/leaderboard?period=week&limit=1" |
    jq -r '.items[0].username')
expect_eq "the old award leads all time" "$all1" wanglei
check "and not the week" [ "$week1" != wanglei ]

# The viewer: the member ranked 150th of all time, far below the first
# page, with a badge to show on the profile.
p2=$(curl -s "$GUILD_URL/api/v1/leaderboard?period=all&limit=100" |
    jq -r .next_cursor)
ME=$(curl -s "$GUILD_URL/api/v1/leaderboard?period=all&limit=100&cursor=$p2" |
    jq -r '.items[49].username')
TOKEN=$("$GUILDD_BIN" user token "$ME" --db "$DB")
expect_match "the viewer ($ME) has a token" "$TOKEN" '^gld_'
api POST /api/v1/badges "$ADMIN" "{\"username\": \"$ME\", \"badge\": \
\"steady helper\", \"reason\": \"kind answers\"}" >/dev/null
board=$(api GET '/api/v1/leaderboard?period=all&limit=100' "$TOKEN")
myrank=$(printf '%s' "$board" | jq -r .me.rank)
mypts=$(printf '%s' "$board" | jq -r .me.points)
mylevel=$(printf '%s' "$board" | jq -r .me.level)
check "the viewer (rank $myrank) is not on the first page of 100" sh -c \
    "! printf '%s' '$board' | jq -r '.items[].username' | grep -qx '$ME'"

# ---- around=me -----------------------------------------------------

around=$(api GET '/api/v1/leaderboard?period=all&limit=10&around=me' "$TOKEN")
expect_eq "around=me starts the page just above the caller" \
    "$(printf '%s' "$around" | jq -r '.items[1].username')" "$ME"
expect_eq "with the caller's rank on their row" \
    "$(printf '%s' "$around" | jq -r '.items[1].rank')" "$myrank"
expect_eq "and the board goes on from there" \
    "$(printf '%s' "$around" | jq -r .has_more)" true
expect_eq "around=me needs a token" \
    "$(status_of '/api/v1/leaderboard?around=me' '')" 401
expect_eq "around=you is refused" \
    "$(status_of '/api/v1/leaderboard?around=you' "$TOKEN")" 422
ABOVE=$(printf '%s' "$around" | jq -r '.items[0].username')
c=$(printf '%s' "$around" | jq -r .next_cursor)
expect_eq "around=me with a cursor is refused" \
    "$(status_of "/api/v1/leaderboard?around=me&cursor=$c" "$TOKEN")" 422

# ---- around=last ---------------------------------------------------

# The last page walked with the cursors, as a client without around=last.
c=
while :; do
	walked=$(curl -s \
	    "$GUILD_URL/api/v1/leaderboard?period=all&limit=100${c:+&cursor=$c}")
	c=$(printf '%s' "$walked" | jq -r '.next_cursor // empty')
	[ -n "$c" ] || break
done
LAST=$(printf '%s' "$walked" | jq -r '.items[-1].username')
lastrow=$(printf '%s' "$walked" |
    jq -r '.items[-1] | "\(.rank) +\(.username) +L\(.level) +\(.points)"')
tail=$(curl -s "$GUILD_URL/api/v1/leaderboard?period=all&limit=100&around=last")
expect_eq "around=last ends as walking every page does" \
    "$(printf '%s' "$tail" | jq -c '.items[-20:]')" \
    "$(printf '%s' "$walked" | jq -c '.items[-20:]')"
expect_eq "and has nothing after it" \
    "$(printf '%s' "$tail" | jq -c '[.has_more, .next_cursor]')" \
    '[false,null]'

# ---- the pane ------------------------------------------------------

# attrs_of NAME: the attributes the screen draws the word NAME with (b
# bold, r reverse), from the escape sequences of capture-pane -e, which
# only says what changes (so the state runs on from line to line).
attrs_of() {
	tm capture-pane -p -e -t guild | python3 -c '
import re, sys
name, bold, rev = sys.argv[1], False, False
for line in sys.stdin:
    for m in re.finditer(r"\x1b\[([0-9;]*)m|([^\x1b]+)", line):
        if m.group(2) is not None:
            if re.search(r"(^| )" + re.escape(name) + r"( |$)", m.group(2)):
                print(("b" if bold else "") + ("r" if rev else "") or "-")
                sys.exit(0)
            continue
        ps = [int(p or 0) for p in m.group(1).split(";")]
        i = 0
        while i < len(ps):
            p = ps[i]
            if p == 0:
                bold = rev = False
            elif p == 1:
                bold = True
            elif p == 22:
                bold = False
            elif p == 7:
                rev = True
            elif p == 27:
                rev = False
            elif p in (38, 48):
                i += 2 if i + 1 < len(ps) and ps[i + 1] == 5 else 4
            i += 1
' "$1"
}
attrs_are() { [ "$(attrs_of "$1")" = "$2" ]; }

export GUILD_TOKEN="$TOKEN"
for term in vt100 linux xterm-256color; do
	case $term in
	xterm-256color) loc=C.UTF-8 ;;
	*) loc=C ;;
	esac
	rm -f "$T/trace"
	start_tui 80x24 "TERM=$term LANG=$loc LC_ALL=$loc" \
	    "GUILD_TRACE='$T/trace' '$GUILD_BIN'"
	poll "$term: the TUI starts" 30 pane_has "Catalog"
	keys 6
	poll "$term: the leaderboard shows the top rows of all time" 20 \
	    rows_match all 15
	check "$term: in the rows of 80 columns" pane_rows 24
	poll "$term: the status bar shows my points and level" 20 \
	    line_has 24 "$mypts pts L$mylevel"
	poll "$term: the header names the periods and my rank" 10 \
	    line_has 2 "Week.*Month.*All.*You: #$myrank"
	keys w
	poll "$term: w shows the week's rows" 20 rows_match week 15
	check "$term: which are not all time's" sh -c \
	    "! tmux -S '$SOCK' capture-pane -p -t guild |
	     grep -qE '^ +1 +wanglei '"
	keys m
	poll "$term: m the month's" 20 rows_match month 15
	keys a
	poll "$term: a all time's again" 20 rows_match all 15
	keys .
	poll "$term: . jumps to my row" 20 sh -c \
	    "tmux -S '$SOCK' capture-pane -p -t guild |
	     grep -qE '^(>|\\S) +$myrank +$ME +L$mylevel +$mypts *\$'"
	if [ "$term" = xterm-256color ]; then
		check "$term: my row is marked with a triangle" sh -c \
		    "tmux -S '$SOCK' capture-pane -p -t guild |
		     grep -q '^▶ .* $ME '"
	else
		check "$term: my row is marked with >" sh -c \
		    "tmux -S '$SOCK' capture-pane -p -t guild |
		     grep -q '^> .* $ME '"
	fi
	# The cursor is on it: reverse video. Moved off it: mine stays bold.
	expect_match "$term: my row has the cursor (reverse)" \
	    "$(attrs_of "$ME")" r
	keys k
	poll "$term: off the cursor my row stays highlighted (bold)" 10 \
	    attrs_are "$ME" b
	expect_eq "$term: the name of the cursor's row is in reverse" \
	    "$(attrs_of "$ABOVE")" r
	keys j
	poll "$term: and not highlighted once the cursor is back on mine" 10 \
	    attrs_are "$ABOVE" -
	keys Enter
	poll "$term: Enter opens my profile" 20 pane_has "Badges"
	check "$term: with my points" pane_has_re "Points +$mypts"
	check "$term: my level" pane_has_re "Level +$mylevel"
	check "$term: the progress toward the next one" \
	    pane_has_re "to level $((mylevel + 1))"
	check "$term: the badge and its reason" \
	    pane_has_re "steady helper.*kind answers"
	poll "$term: and my recent points" 20 pane_has "Recent points"
	if [ "$term" = xterm-256color ]; then
		check "$term: a progress bar of blocks" pane_has "█"
	else
		check "$term: an ASCII progress bar" pane_has_re '\[#*-*\]'
		check "$term: nothing but ASCII on screen" ascii_only
	fi
	keys Escape
	poll "$term: Esc goes back to the board" 10 pane_has "Week"
	keys g
	poll "$term: g goes back to rank 1" 20 rows_match all 5
	# End, as the terminal sends it (tmux's own End is another
	# terminal's), or G under vt100, which has no End key.
	if [ "$term" = vt100 ]; then
		end=G
		keys G
	else
		end=End
		keys -l "$(tput -T "$term" kend)"
	fi
	poll "$term: $end shows the last member of the board ($LAST)" 20 \
	    pane_has_re "(^|[^0-9])$lastrow *\$"
	check "$term: after the board's other last rows" tail_match all 15
	expect_match "$term: with the cursor on the last member" \
	    "$(attrs_of "$LAST")" r
	check "$term: the header says it is the end of the board" \
	    line_has 2 "All +End of the board"
	# C-f / C-b: PgDn / PgUp (vt100 has no such keys).
	keys C-f j
	check "$term: j and PgDn stay on the last member" pane_has_re \
	    "(^|[^0-9])$lastrow *\$"
	keys C-b C-b C-b C-b C-b C-b C-b C-b
	poll "$term: PgUp at the top of the last rows says g goes to rank 1" \
	    10 pane_has "end of the board: g goes to rank 1"
	keys g
	poll "$term: g goes back to rank 1 from the end" 20 rows_match all 5
	check "$term: and the header no longer says the end" \
	    line_lacks 2 "End of the board"
	if [ "$term" != xterm-256color ]; then
		check "$term: still nothing but ASCII" ascii_only
	fi
	quit_tui "$term: q quits cleanly"
done

# ---- a new level ---------------------------------------------------

start_tui 80x24 "TERM=vt100 LANG=C LC_ALL=C '$GUILD_BIN'"
poll "level: the TUI starts" 30 pane_has "Catalog"
keys 6
poll "level: the status bar shows my level" 20 \
    line_has 24 "$mypts pts L$mylevel"
tonext=$(curl -s "$GUILD_URL/api/v1/users/$ME/points" | jq -r .points_to_next)
api POST /api/v1/point-adjustments "$ADMIN" "{\"username\": \"$ME\", \
\"delta\": $tonext, \"reason\": \"a level up\"}" >/dev/null
keys r
poll "level: r on the board says the new level once" 20 \
    pane_has "Level $((mylevel + 1)) reached!"
poll "level: and the status bar shows it" 20 \
    line_has 24 "$((mypts + tonext)) pts L$((mylevel + 1))"
poll "level: the message goes" 20 pane_lacks "reached!"
keys r
poll "level: r again reloads the board" 20 pane_has "Reloaded"
# The standing is fetched again within 3 s; the message fades after it.
poll "level: that message goes too" 20 pane_lacks "Reloaded"
check "level: without saying the level again" pane_lacks "reached!"
keys '?'
poll "help: ? lists the leaderboard's own keys first" 10 \
    pane_has_re "Leaderboard +here:"
check "help: the period keys" pane_has_re "w m a +The week's, the month's"
check "help: . for my rank" pane_has_re "[|] +\. +Jump to my rank"
check "help: End for the last member" pane_has_re "End.* +The last member"
keys q
poll "help: a key closes it" 10 pane_lacks "here:"
keys Enter
poll "help: Enter opens a profile" 20 pane_has "Badges"
keys '?'
poll "help: ? on the profile lists its own keys" 10 \
    pane_has_re "here:"
check "help: r reloads the profile" pane_has_re "r +Reload the profile"
keys q
poll "help: a key closes it there too" 10 pane_lacks "here:"
keys Escape
quit_tui "level: q quits cleanly"

# ---- anonymous -----------------------------------------------------

unset GUILD_TOKEN
start_tui 80x24 "TERM=vt100 LANG=C LC_ALL=C GUILD_TOKEN= '$GUILD_BIN'"
poll "anonymous: the TUI starts" 30 pane_has "Catalog"
keys 6
poll "anonymous: the leaderboard shows the top rows" 20 rows_match all 15
check "anonymous: without a rank of my own" pane_lacks "You:"
check "anonymous: no row is marked" sh -c \
    "! tmux -S '$SOCK' capture-pane -p -t guild | grep -q '^>'"
check "anonymous: no points in the status bar" pane_lacks " pts L"
keys .
poll "anonymous: . says there is no rank" 10 pane_has "Not logged in"
quit_tui "anonymous: q quits cleanly"
guildd_stop

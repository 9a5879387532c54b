#!/bin/sh
# "Recommended for you" in the TUI catalog against a real demo guildd:
# logged in as demo, a section between the column header and the list
# shows a course at demo's level (or the next one up) that demo does not
# own, as the server recommends; k from the first row moves into it and
# Enter opens the course; a purchase takes the course out of it; it is
# hidden while a search narrows the catalog, on a short terminal and
# when nobody is logged in.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../integration/lib-shop.sh"
. "$(dirname "$0")/tmux.sh"

if ! guildd_start --demo; then fail "guildd starts with --demo"; exit 1; fi
ok "guildd starts with --demo"
(umask 077 && "$GUILDD_BIN" user token demo --db "$T/guild.db" >"$T/token")
check "a token for demo" test -s "$T/token"
TOKEN=$(cat "$T/token")
api() {
	curl -sS "$GUILD_URL$1" -H "Authorization: Bearer $TOKEN"
}

# What the server recommends, and that it is at demo's level or the
# next one up and not owned.
api /api/v1/me/recommendations >"$T/recs"
level=$(api /api/v1/me | jq -r .level)
rid=$(jq -r '.items[0].id' "$T/recs")
rtitle=$(jq -r '.items[0].title' "$T/recs")
expect_match "the server recommends demo a course" "$rid" '^[0-9]+$'
api "/api/v1/courses/$rid" >"$T/course"
case $level in
beginner) ok_levels='beginner intermediate' ;;
intermediate) ok_levels='intermediate advanced' ;;
*) ok_levels='advanced' ;;
esac
expect_match "it is at demo's level ($level) or the next one up" \
    " $ok_levels " " $(jq -r .level "$T/course") "
expect_eq "demo does not own it" "$(jq -r .owned "$T/course")" false
# Its first two words, to find on screen.
short=$(printf '%s' "$rtitle" | awk '{ print $1 " " $2 }')

start_tui 100x30 "GUILD_TOKEN=\$(cat '$T/token')" "'$GUILD_BIN'"
poll "demo sees Recommended for you" 20 pane_has "Recommended for you"
expect_match "the column header stays on the second row" \
    "$(pane | sed -n 2p)" '^ Title'
expect_match "the section is right below it" "$(pane | sed -n 3p)" \
    "Recommended for you +$level level or the next, not owned"
poll "the recommended course is in it" 10 line_has 4 "$short"
# A 30-line terminal has room for three.
n=$(jq '.items | length' "$T/recs")
[ "$n" -gt 3 ] && n=3
expect_match "then the whole catalog" "$(pane | sed -n "$((4 + n))p")" \
    '^ All courses'
if pane | sed -n "4,$((3 + n))p" | grep -q 'owned'; then
	fail "no recommended course is owned" "$(pane)"
else
	ok "no recommended course is owned"
fi

# k from the first row goes up into the section; Enter opens the course.
keys k
keys g
keys Enter
poll "Enter on a recommendation opens that course" 10 \
	pane_has_re "Lessons +[0-9]+"
expect_match "it is the recommended course" "$(pane)" "$short"
expect_eq "demo does not own it yet" "$(pane | grep -c 'You own this')" 0
keys h
poll "back in the catalog" 10 pane_has "Recommended for you"

# A search hides the section; Esc brings it back.
keys S
keys -l "sqlite"
keys Enter
poll "a search hides the section" 10 line_has 2 'search "sqlite"'
expect_eq "... it is gone" "$(pane | grep -c 'Recommended for you')" 0
keys Escape
poll "Esc clears the search and the section is back" 10 \
	line_has 3 "Recommended for you"

# Buying the recommended course takes it out of the section.
buy "$TOKEN" "$rid" "k-rec-$$"
pay "$CHECKOUT_URL" "4242 4242 4242 4242"
expect_eq "demo buys it through the sandbox" "$PAGE_STATUS" 200
keys r
gone() { ! pane | sed -n '3,9p' | grep -qF "$short"; }
poll "after r the owned course is no longer recommended" 10 gone
quit_tui "q exits 0"

# A short terminal has no room for it.
start_tui 100x16 "GUILD_TOKEN=\$(cat '$T/token')" "'$GUILD_BIN'"
poll "the catalog renders at 100x16" 20 line_has 2 'Title'
poll "the catalog has its rows" 10 pane_has_re '(¥|free|owned)'
expect_eq "no section on a 16-line terminal" \
	"$(pane | grep -c 'Recommended for you')" 0
quit_tui "q exits 0 at 100x16"

# Nobody logged in: no section.
start_tui 100x30 "'$GUILD_BIN'"
poll "the anonymous catalog renders" 20 line_has 30 'not logged in'
poll "with its rows" 10 pane_has_re '¥'
expect_eq "no section when not logged in" \
	"$(pane | grep -c 'Recommended for you')" 0
quit_tui "q exits 0 when not logged in"

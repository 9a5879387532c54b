# Buying from the TUI against a real demo guildd, logged in as demo: the
# catalog's server-side search (S) and free/paid toggle (f); a course
# the member does not own, its locked lesson, b and y; the checkout link
# and its QR code on screen, the checkout form completed with curl in
# the background, the status turning paid on screen; the course unlocked,
# its lesson in the reader and marked complete, the Library pane with
# the course and its progress; a declined card; and the ASCII fallback,
# where the QR code does not fit 100x30 and the link is shown alone.
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
PURCHASES="$XDG_STATE_HOME/guild/purchases"

# Paid courses demo does not own, with ASCII titles (typed at prompts
# and matched in a C locale too): one to buy, one to be declined, a
# third for the ASCII run.
api "/api/v1/courses?limit=100&price=paid" >"$T/paid"
pick() {
	jq -r --argjson n "$1" "[.items[] | select((.owned | not) and
	    (.title | test(\"^[ -~]+\$\")))][\$n].$2" "$T/paid"
}
cid=$(pick 0 id) title=$(pick 0 title)
title2=$(pick 1 title) title3=$(pick 2 title)
expect_match "demo does not own some paid courses" "$title3" '.'
api "/api/v1/courses/$cid" >"$T/course"
nlessons=$(jq '.lessons | length' "$T/course")
last_id=$(jq '.lessons[-1].id' "$T/course")
last_title=$(jq -r '.lessons[-1].title' "$T/course")
expect_eq "its last lesson is locked for demo" \
	"$(jq '.lessons[-1].locked' "$T/course")" true

start_tui 100x30 "GUILD_TOKEN=\$(cat '$T/token')" "'$GUILD_BIN'"
poll "the catalog renders for demo" 20 pane_has "$title"
poll "owned courses are marked in the price column" 10 \
	pane_has_re '✓ owned'

# ---- search and filters on the server ----------------------------------

want=$(api "/api/v1/courses?limit=100&q=sqlite" | jq -r '.items[].title')
nwant=$(printf '%s\n' "$want" | grep -c .)
keys S
poll "S opens the search prompt" 5 line_has 30 '^ search: '
keys -l sqlite
keys Enter
poll "the active search is shown above the list" 10 \
	line_has 2 'search "sqlite"'
poll "the list narrows to the server's $nwant matches" 10 \
	line_has 3 "Title +$nwant "
missing=
for t in $(printf '%s\n' "$want" | awk '{ print $1 }'); do
	pane_has "$t" || missing="$missing $t"
done
expect_eq "every matching title is listed" "$missing" ""
expect_eq "and the first course (not a match) is not" \
	"$(pane | grep -cF "$title")" 0
keys Escape
poll "Esc clears the search" 10 pane_has "$title"
expect_eq "and the filter line" "$(pane | sed -n 2p | grep -c search)" 0

nfree=$(api "/api/v1/courses?limit=100&price=free" | jq '.items | length')
keys f
poll "f shows free courses only" 10 line_has 2 'free only'
poll "the list counts the $nfree free courses" 10 line_has 3 "Title +$nfree "
rows=$(pane | sed -n "4,$((3 + nfree))p")
expect_eq "every row is free" "$(printf '%s\n' "$rows" |
	grep -cE ' free +[^ ]')" "$nfree"
expect_eq "no paid course is left" "$(pane | grep -cF "$title")" 0
keys f
poll "f again shows paid courses only" 10 line_has 2 'paid only'
keys f
poll "and once more all courses" 10 line_has 2 'Title'

# ---- a locked lesson, b and y -------------------------------------------

keys S
keys -l "$title"
keys Enter
poll "a search for the course" 10 line_has 2 'search "'
keys /
keys -l "$title"
keys Enter
poll "the / filter leaves it alone" 10 line_has 30 'filter: .*\(1 of'
keys Enter
poll "the course opens" 10 pane_has_re "Lessons +$nlessons "
keys G
poll "its paid lessons are locked" 5 pane_has '🔒'
keys Enter
poll "Enter on a locked lesson says to buy the course" 5 \
	line_has 30 'buy the course to read this lesson \(b\)'
keys b
short=$(printf '%s' "$title" | cut -c1-20)
poll "b asks before buying" 5 \
	line_has 30 "Buy $short.* for ¥[0-9.]+\? y/n"
keys y
poll "the buy view waits for payment" 10 pane_has 'waiting for payment'
api "/api/v1/me/orders?limit=1" >"$T/orders"
url=$(jq -r '.items[0] | select(.status == "pending") | .checkout_url' \
	"$T/orders")
order=$(jq -r '.items[0].id' "$T/orders")
expect_match "the order is pending with a checkout link" "$url" \
	'^http://.*/checkout/'
check "its purchase key was saved" test -n "$(ls "$PURCHASES")"
screen=$(pane)
head=$(printf '%s' "$url" | cut -c1-40)
tail=$(printf '%s' "$url" | rev | cut -c1-12 | rev)
expect_match "the checkout link starts on screen" "$screen" "$head"
expect_match "and ends on screen" "$screen" "$tail"
expect_match "beside its QR code" "$screen" '█▀▀▀▀▀█.*█▀▀▀▀▀█'
expect_match "the order is named" "$screen" "Order $order"

(pay "$url" "4242 4242 4242 4242"; echo "$PAGE_STATUS" >"$T/paid.status") &
paypid=$!
poll "the status turns paid on screen" 30 \
	pane_has 'paid ✓ — the course is in your Library'
wait "$paypid"
expect_eq "the checkout form took the card" "$(cat "$T/paid.status")" 200
poll "the purchase key is forgotten" 5 test -z "$(ls "$PURCHASES")"
expect_eq "the order is paid" \
	"$(api "/api/v1/orders/$order" | jq -r .status)" paid

# ---- the lesson opens ---------------------------------------------------

keys Escape
unlocked() { pane_has "Lessons ($nlessons)" && pane_lacks '🔒'; }
poll "back in the course, no lesson is locked any more" 10 unlocked
words=$(api "/api/v1/lessons/$last_id" | jq -r .body |
	grep -E '^[A-Z][a-z]+ [a-z]+ [a-z]+' | grep -v '^Lesson' | head -1 |
	awk '{ print $1 " " $2 " " $3 }')
expect_match "the lesson has words to look for" "$words" '.'
keys G Enter
poll "the formerly locked lesson opens in the reader" 10 \
	pane_has "Lesson $nlessons of $nlessons"
poll "with its text" 10 pane_has "$words"
expect_match "and its title" "$(pane)" "$last_title"
keys m
poll "m marks it complete" 10 line_has 30 'Marked complete: 1 of'
poll "the reader says so" 5 pane_has '✓ done'
expect_eq "the server has it" "$(api "/api/v1/courses/$cid" |
	jq '.lessons[-1].completed')" true

# ---- the Library pane ---------------------------------------------------

# The Library is the fifth pane; its tab is named in full when shown.
keys 5
poll "5 shows the Library pane" 5 line_has 1 ' 5 Library '
poll "the Library lists the course" 10 pane_has "$title"
poll "with its progress" 10 pane_has_re "█+░+ 1/$nlessons"
keys Enter
poll "Enter opens the course from the Library" 10 \
	pane_has 'You own this course'
expect_match "with its progress" "$(pane)" "Progress +█+░+ +1 of $nlessons"
keys G
poll "and the lesson done" 5 pane_has '✓ done'

# ---- a declined card ----------------------------------------------------

keys 1
poll "back to the catalog pane (the reader on top)" 5 \
	pane_has "Lesson $nlessons of $nlessons"
keys h h
poll "the catalog under the course" 5 line_has 2 'search "'
poll "the catalog has caught up with the purchase" 10 pane_has '✓ owned'
keys Escape Escape
poll "Esc clears the / filter, then the search" 10 line_has 2 'Title'
keys S
keys -l "$title2"
keys Enter /
keys -l "$title2"
keys Enter
poll "the second course alone" 10 line_has 30 'filter: .*\(1 of'
keys Enter
poll "it opens" 10 pane_has 'Enrolled'
keys b y
poll "the second order waits for payment" 10 pane_has 'waiting for payment'
url2=$(api "/api/v1/me/orders?limit=1" | jq -r '.items[0].checkout_url')
expect_match "it has its own checkout link" "$url2" '/checkout/'
pay "$url2" "4000 0000 0000 9995" &
paypid=$!
poll "the decline shows on screen" 30 \
	pane_has 'declined: insufficient funds'
wait "$paypid"
poll "that key is forgotten too" 5 test -z "$(ls "$PURCHASES")"
keys Escape G
poll "Esc goes back to the course, still locked" 10 pane_has '🔒'
quit_tui "q exits 0 after buying"

# ---- ASCII: owned marks, and a QR code that does not fit ---------------

start_tui 100x30 "LC_ALL=C LANG=C GUILD_TOKEN=\$(cat '$T/token')" \
	"'$GUILD_BIN'"
poll "the ASCII catalog marks owned courses" 20 pane_has '[owned]'
keys S
keys -l "$title3"
keys Enter /
keys -l "$title3"
keys Enter
poll "the third course alone" 10 line_has 30 'filter: .*\(1 of'
keys Enter
poll "it opens" 10 pane_has 'Enrolled'
keys G
poll "its lessons are locked" 10 pane_has '[locked]'
keys b y
poll "the ASCII buy view waits for payment" 10 \
	pane_has_re 'waiting for payment [-|/\\]'
poll "it says the QR code does not fit" 5 \
	pane_has 'The terminal is too small for the QR code'
url3=$(api "/api/v1/me/orders?limit=1" | jq -r '.items[0].checkout_url')
expect_match "and shows the link" "$(pane)" \
	"$(printf '%s' "$url3" | cut -c1-40)"
keys Escape
poll "Esc leaves the order waiting and says so" 5 \
	line_has 30 'still waiting for payment'
check "its key is kept for the next b" test -n "$(ls "$PURCHASES")"
keys b y
poll "b shows the same order again" 10 pane_has "$(printf '%s' "$url3" |
	cut -c1-40)"
expect_eq "no second order was made" "$(api "/api/v1/me/orders?limit=100" |
	jq --arg t "$title3" '[.items[] | select(.course_title == $t)] |
	length')" 1
quit_tui "q exits 0 in ASCII"

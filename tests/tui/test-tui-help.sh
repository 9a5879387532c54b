# The help overlay (?) lists the keys the view under it gives a meaning
# of its own first, under "<view> here:", then "Everywhere": against a
# real demo guildd, logged in as demo, on the Events pane (7), an event's
# page, the Inbox (8) and the catalog; a key rebound with a `bind` line
# in the config shows in the "here:" row as it is now (and does what the
# row says); the overlay still scrolls with j/k and closes.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

if ! guildd_start --demo; then fail "guildd starts with --demo"; exit 1; fi
ok "guildd starts with --demo"
DEMO=$("$GUILDD_BIN" user token demo --db "$T/guild.db")
expect_match "guildd gives demo a token" "$DEMO" '^gld_'
mkdir -p "$HOME/Downloads"

# row_of RE: the first row of the pane matching RE (empty when none).
row_of() { pane | grep -nE -- "$1" | head -1 | cut -d: -f1; }

# in_order NAME RE...: the REs match rows of the pane, top to bottom.
in_order() {
	_name=$1
	shift
	_prev=0
	for _re in "$@"; do
		_r=$(row_of "$_re")
		if [ -z "$_r" ] || [ "$_r" -le "$_prev" ]; then
			fail "$_name" "/$_re/ is not below row $_prev"
			show_pane
			return
		fi
		_prev=$_r
	done
	ok "$_name"
}

# help_has NAME RE: the overlay shows a row matching RE (a key, then
# what it does), polled.
help_has() { poll "$1" 5 pane_has_re "│ *$2"; }

start_tui 120x30 "GUILD_TOKEN='$DEMO' '$GUILD_BIN'"
poll "the catalog shows first" 20 line_has 2 'Title'

# ---- the Events pane and an event's page --------------------------------

keys 7
poll "7 shows the Events pane" 20 pane_has "Salon:"
keys '?'
poll "? on Events heads the overlay with \"Events here:\"" 5 \
	pane_has_re '│ *Events +here:'
help_has "Enter opens an event there" \
	'Enter[^│]* +The event: times, seats, my place, RSVP'
help_has "c saves the event to my calendar" \
	'c +Save the event to my calendar \(\.ics\)'
in_order "the Events keys come first, then Everywhere, then the rest" \
	'Events +here:' 'Save the event to my calendar' '│ *Everywhere' \
	'Move down one line'
if pane_has "Mark all read"; then
	fail "another view's keys are not listed" "Mark all read is shown"
else ok "another view's keys are not listed"; fi

# Scrolling: j moves the rows up until the last action shows; k back.
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 \
    25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40; do
	keys j
done
poll "j scrolls the overlay down to the last action" 5 pane_has "Quit guild"
poll "the view's rows scroll off the top" 5 pane_lacks "Events here:"
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 \
    25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40; do
	keys k
done
poll "k scrolls back to the view's keys" 5 pane_has_re '│ *Events +here:'
keys Escape
poll "Esc closes the overlay" 5 pane_lacks "here:"
poll "and the Events pane is back" 5 pane_has "Salon:"

keys Enter
poll "Enter opens an event's page" 10 pane_has_re 'When +'
keys '?'
poll "? on the event heads the overlay with \"here:\"" 5 \
	pane_has_re '│ *[^│ ][^│]* +here:'
help_has "Enter RSVPs or cancels my seat" \
	'Enter[^│]* +RSVP, or cancel my seat'
help_has "c saves the event there too" \
	'c +Save the event to my calendar \(\.ics\)'
help_has "L lists the event's links" "L +The event's links"
in_order "the event's keys come before Everywhere" \
	'RSVP, or cancel my seat' '│ *Everywhere'
keys q
poll "any other key closes the overlay (q does not quit)" 5 \
	pane_lacks "here:"
poll "the event's page is still shown" 5 pane_has_re 'When +'

# ---- the Inbox -------------------------------------------------------------

keys 8
poll "8 shows the Inbox" 10 line_has 1 '8 Inbox'
keys '?'
poll "? on the Inbox heads the overlay with \"Inbox here:\"" 5 \
	pane_has_re '│ *Inbox +here:'
help_has "Enter opens what a notification is about" \
	'Enter[^│]* +Open what it is about, marking it read'
help_has "R marks all read" 'R +Mark all read'
help_has "u shows the unread ones only" 'u +Unread only, or all again'
in_order "the Inbox keys come before Everywhere" 'Inbox +here:' \
	'Mark all read' '│ *Everywhere'
keys Escape
poll "Esc closes it" 5 pane_lacks "here:"

# ---- the catalog -------------------------------------------------------------

keys 1
poll "1 shows the catalog" 10 line_has 2 'Title'
keys '?'
poll "? on the catalog heads the overlay with \"Catalog here:\"" 5 \
	pane_has_re '│ *Catalog +here:'
help_has "S searches" 'S +Search the courses'
help_has "v shows one level" 'v +Level: beginner, intermediate'
help_has "t shows a tag" 't +Show the courses with a tag'
help_has "f shows free or paid courses" 'f +Show free courses, paid courses'
help_has "s sorts" 's +Sort: newest, popular, price'
help_has "k goes up into Recommended for you" \
	'k, Up[^│]* +From the first row: Recommended for you'
keys Escape
poll "Esc closes it" 5 pane_lacks "here:"
quit_tui "q exits 0"

# ---- a rebound key --------------------------------------------------------

mkdir -p "$XDG_CONFIG_HOME/guild"
cat >"$XDG_CONFIG_HOME/guild/config" <<'EOF'
[keys]
unbind c
bind E new
EOF
start_tui 120x30 "GUILD_TOKEN='$DEMO' '$GUILD_BIN'"
poll "the catalog shows with the binds" 20 line_has 2 'Title'
keys 7
poll "7 shows the Events pane" 20 pane_has "Salon:"
keys '?'
poll "the \"here:\" row shows the rebound key" 5 \
	pane_has_re '│ *E +Save the event to my calendar \(\.ics\)'
if pane_has_re '│ *c +Save the event'; then
	fail "and not the key it replaced"; show_pane
else ok "and not the key it replaced"; fi
keys Escape
poll "Esc closes it" 5 pane_lacks "here:"
keys E
poll "E does what the row says: saves the calendar file" 10 \
	pane_has "Saved $HOME/Downloads/guild-event-"
quit_tui "q exits 0 with the binds"

# The TUI against a slow server (slowproxy.py holds every answer back 4
# seconds): while a request is in flight the spinner shows, keys act and
# Tab switches panes, Esc cancels, r brings the data; a resize while
# loading lays the data out for the new size; views freed while their
# request is in flight never hear from it (run under ASan by make asan).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

if ! guildd_start --demo; then fail "guildd starts with --demo"; exit 1; fi
ok "guildd starts with --demo"
slowproxy_start 4 || exit 1

list=$(curl -s "$GUILD_URL/api/v1/courses?limit=3")
title1=$(printf '%s' "$list" | jq -r '.items[0].title')
title2=$(printf '%s' "$list" | jq -r '.items[1].title')
# The first two words of each, to find on screen.
t1=$(printf '%s' "$title1" | awk '{ print $1 " " $2 }')
t2=$(printf '%s' "$title2" | awk '{ print $1 " " $2 }')

# The first request is in flight for 4 seconds.
start_tui 100x30 "GUILD_SERVER='$SLOW' '$GUILD_BIN'"
poll "the status bar shows the spinner while the catalog loads" 5 \
	line_has 30 '[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Loading courses'
poll "the list says it is loading" 5 pane_has "Loading courses..."
keys Tab
poll "Tab switches to the Profile pane while loading" 2 \
	pane_has "run guild login"
expect_match "the spinner goes on in the other pane" "$(pane | sed -n 30p)" \
	'Loading courses'
keys BTab
poll "S-Tab comes back to the catalog, still loading" 2 \
	pane_has "Loading courses..."
keys j k Escape
poll "Esc cancels the request: the status says so" 2 \
	line_has 30 'Canceled'
poll "the spinner stops after Esc" 2 line_lacks 30 'Loading courses'
poll "the list says it was canceled" 2 pane_has "Canceled; press r"
keys r
poll "r starts loading again" 2 line_has 30 'Loading courses'
poll "after r the data arrives" 15 pane_has "$t1"
poll "the canceled answer did not count: no error" 2 \
	line_lacks 30 'cannot|error'

# Resize during a request: the data lands laid out for the new size.
keys r
poll "a reload is in flight" 2 line_has 30 'Refreshing courses'
tm resize-window -t guild -x 130 -y 35
poll "the pane is 130x35" 5 pane_rows 35
poll "the reload lands after the resize" 15 line_has 35 'Reloaded'
poll "the status bar is on the new last row" 2 line_has 35 'not logged in'
poll "the list shows the preview beside it at 130 columns" 15 \
	pane_has_re "│ $t1"
poll "the preview's detail arrives" 15 pane_has_re '│ +Level +[a-z]'
widest=$(pane | wc -L)
expect_eq "no line is wider than 130 columns" \
	"$([ "$widest" -le 130 ] && echo yes || echo "no: $widest")" yes

# Keys act while a request is in flight: j moves the cursor and the
# preview follows at once (its detail comes later).
keys r
poll "another reload is in flight" 2 line_has 35 'Refreshing courses'
keys j
poll "j moves to the second course while loading" 2 pane_has_re "│ $t2"
keys k
poll "k moves back while loading" 2 pane_has_re "│ $t1"

# Views freed while their request is in flight: the preview of every row
# passed, and a course opened and left at once. Their answers arrive
# after they are gone; nothing may call into freed memory.
keys j j j j k k k k
keys Enter h Enter Escape h
poll "the catalog is back after leaving a loading course" 5 \
	line_lacks 1 '›'
keys r
poll "a reload after them lands (the freed views' answers came first)" \
	15 line_has 35 'Reloaded'
quit_tui "q exits 0 after requests were canceled and views freed"

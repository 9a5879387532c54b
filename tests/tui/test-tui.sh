# The real TUI inside tmux against a real demo guildd: the catalog renders,
# Enter opens the detail, the help overlay, resize to 60x20, a network
# failure in the status bar with the UI still answering keys, q exits 0,
# the ASCII fallback of a non-UTF-8 locale, a missing theme, every
# shipped theme, and the user's name in the status bar when logged in.
. "$(dirname "$0")/../lib.sh"

# Each TUI run gets its own tmux server (private socket), killed at exit.
run=0
SOCK=
start_tui() {
	_size=$1
	shift
	run=$((run + 1))
	SOCK="$T/tmux$run.sock"
	at_exit "tmux -S '$SOCK' kill-server"
	: >"$T/exit"
	: >"$T/guild.err"
	tmux -S "$SOCK" -f /dev/null new-session -d -s guild \
		-x "${_size%x*}" -y "${_size#*x}" \
		"$* 2>'$T/guild.err'; echo exit=\$? >'$T/exit'"
}
tm() { tmux -S "$SOCK" "$@"; }
keys() { tm send-keys -t guild "$@"; }

# The visible pane as text (empty once the pane is gone).
pane() { tm capture-pane -p -t guild 2>/dev/null; }
pane_has() { pane | grep -qF -- "$1"; }
pane_has_re() { pane | grep -qE -- "$1"; }
pane_lacks() { ! pane_has "$1"; }
# line_has N REGEX: row N (1-based) of the pane matches REGEX.
line_has() { pane | sed -n "$1p" | grep -qE -- "$2"; }
pane_rows() { [ "$(pane | wc -l)" -eq "$1" ]; }
show_pane() { pane | sed 's/^/#   | /'; }
show_err() {
	[ -s "$T/guild.err" ] && sed 's/^/#   err: /' "$T/guild.err" | head -40
}
# poll NAME SECONDS CMD...: one TAP line, the pane shown on failure.
poll() {
	_n=$1 _s=$2
	shift 2
	if wait_for "$_s" "$@"; then ok "$_n"; else
		fail "$_n" "timed out waiting for: $*"; show_pane; show_err
	fi
}
exit_is() { grep -qx "exit=$1" "$T/exit"; }

command -v tmux >/dev/null 2>&1 || { fail "tmux is installed"; exit 1; }
if ! guildd_start --demo; then fail "guildd starts with --demo"; exit 1; fi
ok "guildd starts with --demo"

first=$(curl -s "$GUILD_URL/api/v1/courses?limit=1")
title=$(printf '%s' "$first" | jq -r '.items[0].title')
id=$(printf '%s' "$first" | jq -r '.items[0].id')
total=$(curl -s "$GUILD_URL/api/v1/courses?limit=100" | jq '.items | length')
# A plain word from the first lines of the description, to find on screen.
word=$(curl -s "$GUILD_URL/api/v1/courses/$id" | jq -r '.description' |
	grep -v '^[[:space:]]*$' | head -3 | tr -s ' \t' '\n\n' |
	grep -E '^[A-Za-z]{5,}$' | head -1)
[ -n "$word" ] || word=Lessons
expect_match "the demo catalog has a first course" "$title" '.'
# The first page holds 20; a 30-row screen pulls in the second page too.
if [ "$total" -gt 40 ]; then count="40+ "; else count="$total "; fi

start_tui 100x30 "$GUILD_BIN"
poll "the catalog shows the first course title" 20 pane_has "$title"
poll "the catalog has column headers" 5 line_has 2 \
	'Title.*Level.*Price.*Instructor'
poll "the status bar says not logged in" 5 line_has 30 'not logged in'
expect_match "the status bar shows the server" "$(pane | sed -n 30p)" \
	"$(printf '%s' "$GUILD_URL" | sed 's/[.]/[.]/g')"
poll "the next page loads as the list fills the screen ($total courses)" \
	10 line_has 2 "$count"

keys '?'
poll "? opens the help overlay" 5 pane_has "Move down one line"
keys Escape
poll "Esc closes the help overlay" 5 pane_lacks "Move down one line"

keys Enter
poll "Enter opens the course detail" 20 pane_has "Lessons"
poll "the detail shows the description ($word)" 5 pane_has "$word"
poll "the detail shows the price" 5 pane_has_re "Price +(free|.*[0-9])"
keys G
poll "G scrolls to the lesson outline" 5 pane_has "Lessons ("

tm resize-window -t guild -x 60 -y 20
poll "the pane is 60x20" 10 pane_rows 20
poll "the detail redraws at 60x20 with its status bar" 10 \
	line_has 20 'not logged in'
widest=$(pane | wc -L)
expect_eq "no line is wider than 60 columns" \
	"$([ "$widest" -le 60 ] && echo yes || echo "no: $widest")" yes
keys Escape
poll "Esc goes back to the catalog" 10 line_has 2 '^ Title'
poll "the catalog lays its columns out again at 60 columns" 5 \
	line_has 2 'Title.*Price'
poll "the first title is still there at 60 columns" 5 \
	pane_has "$(printf '%s' "$title" | cut -c1-12)"

# A network failure: the status bar says so and the UI keeps going.
guildd_stop
keys r
poll "r with guildd down shows the connection error" 20 \
	line_has 20 'refused|cannot reach'
poll "the catalog rows stay after the failed reload" 5 \
	pane_has "$(printf '%s' "$title" | cut -c1-12)"
keys '?'
poll "the UI still answers keys after the failure" 5 \
	pane_has "Move down one line"
keys q q
poll "q exits with status 0" 20 exit_is 0

# A non-UTF-8 locale without colors: ASCII glyphs, no raw UTF-8 bytes.
guildd_start --demo || fail "guildd restarts"
start_tui 80x24 "LC_ALL=C LANG=C NO_COLOR=1 GUILD_SERVER='$GUILD_URL'" \
	"'$GUILD_BIN'"
poll "the catalog renders in the C locale" 20 line_has 2 'Instructor'
if pane | LC_ALL=C grep -q '[^ -~]'; then
	fail "the C locale shows only ASCII"; show_pane
else
	ok "the C locale shows only ASCII"
fi
keys Enter
poll "the detail opens in the C locale" 20 pane_has_re '^  Price +'
keys G
poll "locked lessons are marked [locked] in ASCII" 10 pane_has "[locked]"
keys q
poll "q exits 0 in the C locale" 20 exit_is 0

# A theme that does not exist: a message, the built-in theme, no crash.
start_tui 100x30 "GUILD_SERVER='$GUILD_URL' '$GUILD_BIN' --theme nosuch"
poll "a missing theme is reported in the status bar" 20 \
	pane_has "theme 'nosuch' not found"
poll "the catalog still renders with a missing theme" 20 pane_has "$title"
keys q
poll "q exits 0 after a missing theme" 20 exit_is 0

# Every shipped theme loads (no theme error in the status bar) and renders.
for th in "$GUILD_TOP"/themes/*.theme; do
	th=$(basename "$th" .theme)
	start_tui 100x30 "GUILD_SERVER='$GUILD_URL' '$GUILD_BIN' --theme $th"
	if wait_for 20 pane_has "$title" && ! line_has 30 'theme'; then
		ok "theme $th loads and renders"
	else
		fail "theme $th loads and renders"; show_pane
	fi
	keys q
	wait_for 20 exit_is 0 || fail "q exits 0 with theme $th"
done

# Logged in (the token travels in the environment, never in argv): the
# status bar names the user that GET /me returns.
creds=$(jq -nc '{username: "tuiuser", password: "correct horse 42"}')
http POST /api/v1/users -H 'Content-Type: application/json' \
	-d "$(printf '%s' "$creds" | jq -c '.email = "tui@example.com"')"
expect_eq "a member registers" "$HTTP_STATUS" 201
http POST /api/v1/auth/tokens -H 'Content-Type: application/json' \
	-d "$creds"
(umask 077 && jq -r .token "$T/body" >"$T/token")
start_tui 100x30 "GUILD_TOKEN=\$(cat '$T/token') GUILD_SERVER='$GUILD_URL'" \
	"'$GUILD_BIN'"
poll "the status bar names the logged-in user" 20 line_has 30 'tuiuser'
poll "the catalog renders when logged in" 20 pane_has "$title"
keys q
poll "q exits 0 when logged in" 20 exit_is 0

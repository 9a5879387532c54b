# Hostile text: a course whose title and description carry OSC 52
# (clipboard write), OSC 0 (title set), CSI 2J (clear), CSI 6n (cursor
# report request), ESC c (reset) and an unterminated OSC. The TUI shows a
# visible replacement where each was; the pane title, the tmux buffers
# (set-clipboard is on, so an OSC 52 would land there) and the rest of
# the screen stay as they were.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

command -v sqlite3 >/dev/null 2>&1 || { fail "sqlite3 is installed"; exit 1; }
if ! guildd_start --demo; then fail "guildd starts with --demo"; exit 1; fi
ok "guildd starts with --demo"

# hex TEXT: printf's interpretation of TEXT as hex for an SQL X'' literal.
hex() { printf "$1" | od -An -tx1 | tr -d ' \n'; }
E='\033'
B='\007'
osc52="$E]52;c;cHduZWQ=$B"		# clipboard := "pwned"
osc0="$E]0;HACKED-TITLE$B"
cls="$E[2J"
dsr="$E[6n"
ris="${E}c"
open_osc="$E]2;never ends"
title="Hostile AAA${osc52}BBB${osc0}CCC${cls}DDD${dsr}EEE${ris}FFF${open_osc}"
desc="First paragraph GGG${osc52}HHH${osc0}III.\n\nSecond JJJ${cls}KKK${dsr}LLL${ris}MMM.\n\nLast NNN${open_osc}"
if sqlite3 "$T/guild.db" "UPDATE courses
    SET title = CAST(X'$(hex "$title")' AS TEXT),
        description = CAST(X'$(hex "$desc")' AS TEXT)
    WHERE slug = 'modern-c';"; then ok "the hostile course is stored"
else fail "the hostile course is stored"; fi
got=$(curl -s "$GUILD_URL/api/v1/courses/modern-c" | jq -r .title)
expect_match "the server sends the escape sequences as they are" \
	"$(printf '%s' "$got" | od -c | tr -d '\n')" '033   ]   5   2'

start_tui 100x30 "'$GUILD_BIN'"
tm set-option -g set-clipboard on
title_before=$(tm display-message -p -t guild '#{pane_title}')
R='�'
poll "the catalog shows the hostile title with replacements" 20 \
	pane_has "Hostile AAA${R}BBB${R}CCC${R}DDD${R}EEE${R}FFF${R}"
# The course is the first of the catalog (the newest): open it.
keys g Enter
poll "the detail shows the title with replacements" 20 \
	line_has 3 "Hostile AAA${R}BBB"
poll "the description's escape sequences are replacements" 10 \
	pane_has_re "GGG${R}+HHH${R}+III"
poll "and the clear, report and reset ones too" 5 \
	pane_has_re "JJJ${R}+KKK${R}+LLL${R}+MMM"
poll "an unterminated OSC swallows nothing after the text" 5 \
	pane_has_re "NNN${R}"
poll "the tab bar is intact" 5 line_has 1 '1 Catalog +2 .*8 .*›'
poll "the status bar is intact" 5 line_has 30 'not logged in'
expect_eq "the pane title is unchanged" \
	"$(tm display-message -p -t guild '#{pane_title}')" "$title_before"
expect_eq "no tmux buffer was set (no clipboard write)" \
	"$(tm list-buffers 2>&1)" ""
if tm show-buffer >/dev/null 2>&1; then
	fail "show-buffer has nothing to show"
else
	ok "show-buffer has nothing to show"
fi
# A CSI 6n that reached the terminal would have typed its answer
# ("ESC [ row ; col R") into guild, whose "2" shows the Profile pane.
poll "no cursor report came back as keys: still on the course" 2 \
	line_has 1 '› Hostile'
if pane | LC_ALL=C grep -q "$(printf '\033')"; then
	fail "no escape character is on the screen"
else
	ok "no escape character is on the screen"
fi
keys q q
poll "q exits with status 0" 20 exit_is 0

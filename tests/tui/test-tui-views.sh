# The TUI's views and keys: guild themes and every theme's elements,
# bind lines from the config (the help overlay shows them, they work, a
# bad one is reported with FILE:LINE), the preview beside the catalog at
# 130 columns and not at 100, the / filter, search in a detail, the link
# list (a URL in full, printed to copy, opened with the configured opener
# as one argument and no shell), and the mouse when enabled.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

# ---- guild themes, and every element in every shipped theme ----------

out=$(guild themes 2>&1)
for th in default light mono solarized-dark; do
	expect_match "guild themes lists $th with its file and origin" "$out" \
		"^[ *] $th +$GUILD_TOP/themes/$th.theme \\(\\\$GUILD_THEMES\\)"
done
expect_match "guild themes marks the default in use" "$out" '^\* default '
out=$(guild --theme solarized-dark themes 2>&1)
expect_match "--theme moves the mark" "$out" '^\* solarized-dark '
expect_match "and says where the choice came from" "$out" \
	'In use: solarized-dark \(from --theme\)'
out=$(guild --theme nosuch themes 2>&1)
expect_eq "a theme that is not found exits 1" "$?" 1
expect_match "and says so" "$out" "theme 'nosuch' not found"
elements=$(sed -n '/^static const char \*const elem_names/,/^};/p' \
	"$GUILD_TOP/src/tui/theme.c" | sed -n 's/.*= "\([a-z_]*\)",/\1/p')
expect_match "the element list was read from theme.c" "$elements" 'match'
for th in "$GUILD_TOP"/themes/*.theme; do
	missing=
	for e in $elements; do
		grep -q "^color $e " "$th" || missing="$missing $e"
	done
	expect_eq "$(basename "$th") sets every element" "$missing" ""
done
missing=
for e in $elements; do
	grep -q "^| \`$e\`" "$GUILD_TOP/doc/themes.md" || missing="$missing $e"
done
expect_eq "doc/themes.md documents every element" "$missing" ""

if ! guildd_start --demo; then fail "guildd starts with --demo"; exit 1; fi
ok "guildd starts with --demo"
list=$(curl -s "$GUILD_URL/api/v1/courses?limit=3")
title1=$(printf '%s' "$list" | jq -r '.items[0].title')
title2=$(printf '%s' "$list" | jq -r '.items[1].title')
t1=$(printf '%s' "$title1" | awk '{ print $1 " " $2 }')
t2=$(printf '%s' "$title2" | awk '{ print $1 " " $2 }')

# ---- bind lines --------------------------------------------------------

mkdir -p "$XDG_CONFIG_HOME/guild"
CONF="$XDG_CONFIG_HOME/guild/config"
cat >"$CONF" <<'EOF'
[keys]
bind J down
bind K up
unbind j
bind x frobnicate
EOF
start_tui 130x35 "'$GUILD_BIN'"
poll "a bad bind line is shown with its file and line" 20 \
	line_has 35 "$CONF:5: unknown action 'frobnicate'"
poll "the catalog renders with the binds" 20 pane_has "$t1"
keys '?'
poll "the help overlay lists the rebound key" 5 \
	pane_has_re 'Down, C-n, J +Move down one line'
expect_match "and the other one" "$(pane)" 'k, Up, C-p, K +Move up one line'
keys Escape
poll "the help overlay closes" 5 pane_lacks "Move down one line"
poll "the preview shows the first course" 10 pane_has "│ $t1"
keys J
poll "J moves down (the preview follows)" 5 pane_has "│ $t2"
keys K
poll "K moves up" 5 pane_has "│ $t1"
quit_tui "q exits 0 with binds"
rm -f "$CONF"

# ---- the preview: beside the list at 130 columns, not at 100 ---------

start_tui 130x35 "'$GUILD_BIN'"
poll "at 130 columns the selected course's detail is beside the list" 20 \
	pane_has_re "│ +Level +[a-z]"
expect_match "the list and the preview share rows" "$(pane | sed -n 2p)" \
	"Title.*│ $t1"
keys G
poll "G follows the pages to the end of the catalog" 20 \
	line_lacks 2 '[0-9]+\+ '
keys g
poll "g goes back to the first course" 5 pane_has "│ $t1"
tm resize-window -t guild -x 100 -y 30
poll "at 100 columns there is no preview" 10 pane_lacks "│"
poll "the list has its columns back at 100" 5 line_has 2 'Instructor'

# ---- the / filter ------------------------------------------------------

keys / s q l i t e
poll "/ narrows the catalog as you type" 5 pane_has "SQLite"
poll "the status shows the filter and its count" 5 \
	line_has 30 'filter: sqlite_ \(1 of [0-9]+\)'
expect_match "only the matching course is left" "$(pane | sed -n 3,4p)" \
	'^ SQLite.*'
expect_eq "the second row is empty" "$(pane | sed -n 4p | tr -d ' ')" ""
keys Enter
poll "Enter keeps the filter" 5 line_has 30 'filter: sqlite \(1 of'
keys Escape
poll "Esc clears it" 5 pane_has "$t1"
poll "the status has no filter any more" 5 line_lacks 30 'filter'

# ---- search in a detail view -------------------------------------------

keys g Enter
poll "the first course opens" 10 pane_has "Description"
keys / s a n i t i z e r
poll "/ searches the text" 5 line_has 30 '/sanitizer'
keys Enter
poll "the status counts the matches" 5 \
	line_has 30 '/sanitizer \([0-9]+ of [0-9]+; n and N jump\)'
keys n
poll "n jumps to the next match" 5 \
	line_has 30 '/sanitizer \(2 of [0-9]+'
keys N
poll "N jumps back" 5 line_has 30 '/sanitizer \(1 of [0-9]+'
keys Escape
poll "Esc ends the search" 5 line_lacks 30 'sanitizer'

# ---- links: listed in full, printed to copy ----------------------------

keys L
poll "L lists the links with the URL in full" 5 \
	pane_has "[1] https://www.open-std.org/jtc1/sc22/wg14/www/docs/n1570.pdf"
keys y
poll "y prints the URL on the terminal's own screen" 5 \
	pane_has "(select it to copy it; press Enter to go back to guild)"
expect_match "the printed URL is whole" "$(pane)" \
	'^https://www.open-std.org/jtc1/sc22/wg14/www/docs/n1570.pdf$'
keys Enter
poll "Enter goes back to the link list" 5 pane_has " Links "
keys Escape Escape
poll "Esc closes the link list, then the course" 5 line_has 2 'Title'
quit_tui "q exits 0 after the filter, search and links"

# ---- the opener: one argument, no shell --------------------------------

url='https://example.org/a/long/path/that/goes/on/and/on/$(touch%20pwned);touch${IFS}pwned2&x=1|y=2/and/on/until/it/is/longer/than/the/screen/is/wide#the-end'
sqlite3 "$T/guild.db" "UPDATE courses SET description =
    'Read [the guide]($url) first.' WHERE slug = 'modern-c';" ||
	fail "the long link is stored"
cat >"$T/opener.sh" <<EOF
#!/bin/sh
{ echo "\$#"; for a in "\$@"; do printf '%s\n' "\$a"; done; } >'$T/opened'
EOF
chmod +x "$T/opener.sh"
printf '[ui]\nbrowser = %s --new-tab\nmouse = yes\n' "$T/opener.sh" >"$CONF"
start_tui 100x30 "cd '$T' && '$GUILD_BIN'"
poll "the catalog renders with an opener configured" 20 pane_has "$t1"
keys g Enter
poll "the course with the long link opens" 10 pane_has "the guide"
keys L
poll "the link list cuts the long URL to the box" 5 \
	pane_has_re '\[1\] https://example.org/a/long/path.*…'
keys Enter
poll "Enter asks before opening" 5 pane_has "Open link [1]?"
poll "the question shows the URL's start" 5 \
	pane_has 'https://example.org/a/long/path/that/goes/on'
poll "and its end: the URL is there in full" 5 pane_has '#the-end'
expect_match "and names the opener" "$(pane)" "y: open with $T/opener.sh"
keys y
poll "y runs the opener" 10 test -s "$T/opened"
expect_eq "the opener got its own argument and the URL as one more" \
	"$(cat "$T/opened")" "$(printf '2\n--new-tab\n%s' "$url")"
expect_eq "no shell ran the URL" "$(ls "$T" | grep -c pwned)" 0
poll "the UI comes back after the opener and says so" 5 \
	line_has 30 'Opened with'
keys Escape
poll "Esc closes the link list over the course" 5 pane_has "the guide"

# ---- the mouse ----------------------------------------------------------

# click COL ROW (0-based): an X10 press and release, as a terminal sends.
mouse_bytes() {
	printf '\033[M%s%s%s' "$(printf "\\$(printf %o "$1")")" \
		"$(printf "\\$(printf %o $(($2 + 33)))")" \
		"$(printf "\\$(printf %o $(($3 + 33)))")"
}
click() { keys -l "$(mouse_bytes 32 "$1" "$2")$(mouse_bytes 35 "$1" "$2")"; }
keys Escape
poll "back to the catalog for the mouse" 5 line_has 2 'Title'
tab2=$(pane | sed -n 1p | awk '{ print index($0, "2 Pro") }')
click "$tab2" 0
poll "a click on a tab shows its pane" 5 pane_has "run guild login"
tab1=$(pane | sed -n 1p | awk '{ print index($0, "1 Cat") }')
click "$tab1" 0
poll "a click on the other tab comes back" 5 line_has 2 'Title'
click 5 3
click 5 3
poll "a click selects a row, a second click opens it" 5 \
	line_has 1 "› $t2"
keys -l "$(mouse_bytes 97 5 10)$(mouse_bytes 97 5 10)"
poll "the wheel scrolls the detail" 5 line_lacks 3 "$t2"
quit_tui "q exits 0 after the opener and the mouse"

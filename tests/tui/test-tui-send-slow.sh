# Sending a post to a slow server (slowproxy.py holds the answers back)
# never freezes the TUI: while a reply is sending its preview says so with
# the spinner, panes switch and keys act, y cannot send it twice, Esc
# cancels keeping the draft (the status bar names it), and sending again
# with the server fast leaves exactly one reply (the Idempotency-Key)
# and no draft; a one-line reply that is slow but delivered posts once,
# even when it lands while another pane is shown; a preview closed with
# its send in flight keeps the draft (run under ASan by make asan).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

if ! guildd_start --demo; then fail "guildd starts with --demo"; exit 1; fi
ok "guildd starts with --demo"
DEMO=$("$GUILDD_BIN" user token demo --db "$T/guild.db")
expect_match "guildd gives demo a token" "$DEMO" '^gld_'
export GUILD_TOKEN="$DEMO"
unset VISUAL
slowproxy_start 0 || exit 1
DRAFTS="$XDG_STATE_HOME/guild/drafts"

# The editor writes $T/reply.txt over the template.
cat >"$T/editor.sh" <<EOF
#!/bin/sh
cat '$T/reply.txt' >"\$1"
EOF
chmod +x "$T/editor.sh"

tid=$(curl -s -H "Authorization: Bearer $DEMO" \
	"$GUILD_URL/api/v1/threads?category=general&limit=1" |
	jq -r '.items[0].id')
ttitle=$(curl -s -H "Authorization: Bearer $DEMO" \
	"$GUILD_URL/api/v1/threads/$tid" | jq -r '.title')
# count_body TEXT: how many replies of the thread have body TEXT.
count_body() {
	curl -s -H "Authorization: Bearer $DEMO" \
		"$GUILD_URL/api/v1/threads/$tid/replies?limit=100" |
		jq --arg t "$1" '[.items[] | select(.body == $t)] | length'
}
ndrafts() { ls "$DRAFTS" 2>/dev/null | wc -l | tr -d ' '; }

start_tui 100x30 "GUILD_SERVER='$SLOW' EDITOR='$T/editor.sh' '$GUILD_BIN'"
poll "the catalog shows first" 20 line_has 2 'Title'
keys 3
poll "3 shows the categories" 10 pane_has "Announcements"
keys j Enter
poll "Enter opens General" 10 pane_has "$(printf '%s' "$ttitle" | cut -c1-30)"
keys Enter
poll "Enter opens its newest thread" 10 line_has 30 'R reply'

# ---- a hung send: keys act, Esc cancels, the draft stays -------------------

text="Sent through a slow server, $$."
printf '%s\n' "$text" >"$T/reply.txt"
keys R
poll "R shows the preview" 10 pane_has "y, Enter: send"
echo 25 >"$T/delay"
keys y
poll "y: the preview says it is sending, with the spinner" 5 \
	line_has 29 '[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Sending the reply\.\.\..*Esc: cancel'
poll "the status bar says so too" 5 line_has 30 'Sending your reply'
keys y
poll "y again does not send twice: it says it is sending already" 5 \
	line_has 30 'Already sending'
keys 1
poll "1 switches to the catalog while the reply is sending" 5 \
	line_has 2 'Title'
keys j k
keys 3
poll "3 comes back to the preview, still sending" 5 \
	line_has 29 'Sending the reply'
keys Escape
poll "Esc cancels: the status bar names the draft that keeps the text" 5 \
	line_has 30 'could not send: sending was canceled.*kept as draft [0-9]{8}-'
id=$(pane | sed -n 30p | sed -n 's/.*kept as draft \([0-9A-Za-z_-]*\).*/\1/p')
check "the draft file exists" test -f "$DRAFTS/$id"
expect_match "and holds the text" "$(cat "$DRAFTS/$id" 2>/dev/null)" \
	"$text"
poll "the preview stays, saying it may have reached the server" 5 \
	pane_has "it may have reached the server"
poll "and offers to send again" 5 line_has 29 'y, Enter: send'

echo 0 >"$T/delay"
keys y
poll "y with the server fast: sent" 15 line_has 30 'Sent your reply'
poll "the reply shows in the thread" 10 pane_has "$text"
expect_eq "the server has exactly one such reply" "$(count_body "$text")" 1
expect_eq "the draft is gone" "$(ndrafts)" 0

# ---- slow but delivered: a one-line reply, landing in another pane --------

echo 3 >"$T/delay"
keys i
poll "i opens the one-line editor" 5 pane_has "Reply to"
keys -l "One slow line $$."
keys Enter
poll "Enter: its preview shows it sending" 5 line_has 29 'Sending the reply'
keys 1
poll "1 switches to the catalog meanwhile" 5 line_has 2 'Title'
poll "the send lands while the catalog is shown" 15 \
	line_has 30 'Sent your reply'
expect_eq "the server has it once" "$(count_body "One slow line $$.")" 1
expect_eq "and no draft is left" "$(ndrafts)" 0
echo 0 >"$T/delay"
keys 3
poll "back in the thread: the preview has closed, the reply shows" 10 \
	pane_has "One slow line $$."
poll "the thread's keys are offered again" 10 line_has 30 'R reply'

# ---- a preview closed with its send in flight ------------------------------

text2="Closed while sending, $$."
printf '%s\n' "$text2" >"$T/reply.txt"
keys R
poll "R shows the preview again" 10 pane_has "y, Enter: send"
echo 25 >"$T/delay"
keys y
poll "it is sending" 5 line_has 29 'Sending the reply'
keys d
poll "d cancels and closes, keeping the draft" 5 \
	line_has 30 'Canceled sending: kept as draft [0-9]{8}-'
thread_shown() { pane_has "thread #$tid" && pane_lacks "Preview of your"; }
poll "the preview has closed: the thread is shown again" 5 thread_shown
expect_eq "one draft is kept" "$(ndrafts)" 1
echo 0 >"$T/delay"
quit_tui "q exits 0 after sends canceled and views freed in flight"

# The Inbox pane against a real demo guildd, logged in as demo: another
# member replies to demo's thread through the API and the Inbox tab shows
# "(1)" within the poll period (GUILD_INBOX_POLL_MS); the pane (key 8)
# lists the notification, unread and bold; Enter marks it read and opens
# the thread, and the count goes; u shows the unread ones only; R marks
# everything read (checked through the API); a hostile notification text
# reaches the screen only as replacements; without a token the pane says
# how to log in.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

command -v sqlite3 >/dev/null 2>&1 || { fail "sqlite3 is installed"; exit 1; }
if ! guildd_start --demo; then fail "guildd starts with --demo"; exit 1; fi
ok "guildd starts with --demo"
DB="$T/guild.db"
DEMO=$("$GUILDD_BIN" user token demo --db "$DB")
ADA=$("$GUILDD_BIN" user token ada --db "$DB")
expect_match "guildd gives demo a token" "$DEMO" '^gld_'

# api METHOD PATH TOKEN [JSON]: the body of the answer on stdout.
api() {
	if [ $# -ge 4 ]; then
		curl -s -X "$1" -H "Authorization: Bearer $3" \
			-H 'Content-Type: application/json' -d "$4" "$GUILD_URL$2"
	else
		curl -s -X "$1" -H "Authorization: Bearer $3" "$GUILD_URL$2"
	fi
}
unread() {
	api GET '/api/v1/me/notifications?unread=1&limit=1' "$DEMO" | jq -r .unread
}

# Start from an empty inbox: whatever the demo seeding left is read.
api POST /api/v1/me/notifications/read "$DEMO" '{"all": true}' >/dev/null
expect_eq "demo starts with nothing unread" "$(unread)" 0

cat_id=$(api GET /api/v1/categories "$DEMO" | jq -r '.items[0].id')
tid=$(api POST /api/v1/threads "$DEMO" "$(jq -n --argjson c "$cat_id" \
	'{category_id: $c, title: "Inbox test: who answers?", body: "Anyone?"}')" |
	jq -r .id)
expect_match "demo starts a thread" "$tid" '^[0-9]+$'

start_tui 160x30 "GUILD_INBOX_POLL_MS=300 GUILD_TOKEN='$DEMO' '$GUILD_BIN'"
poll "the catalog shows first" 20 line_has 2 'Title'
poll "the tab bar has the Inbox" 5 line_has 1 '8 Inbox'
if line_lacks 1 'Inbox \('; then ok "no count while nothing is unread"
else fail "no count while nothing is unread"; show_pane; fi

api POST "/api/v1/threads/$tid/replies" "$ADA" \
	'{"body": "Me! A reply from ada."}' >/dev/null
expect_eq "the server counts one unread" "$(unread)" 1
poll "the Inbox tab shows (1) within the poll period" 10 \
	line_has 1 '8 Inbox \(1\)'

keys 8
poll "8 shows the Inbox with the notification" 10 pane_has_re "ada.*Inbox test"
poll "the unread one is marked" 5 pane_has_re "● .*ada"
keys Enter
poll "Enter opens the thread" 10 pane_has "Me! A reply from ada."
poll "the count goes" 10 line_lacks 1 'Inbox \(1\)'
expect_eq "the server has it read" "$(unread)" 0
keys h
poll "back in the Inbox the notification is read" 10 \
	pane_lacks "●"

# ---- R marks all read; u shows the unread only --------------------------

api POST "/api/v1/threads/$tid/replies" "$ADA" '{"body": "Second."}' >/dev/null
api POST "/api/v1/threads/$tid/replies" "$ADA" '{"body": "Third."}' >/dev/null
poll "the tab counts what came since" 10 line_has 1 '8 Inbox \([23]\)'
poll "and the list shows it without a key" 10 pane_has "●"
keys u
poll "u shows the unread only" 10 pane_has "unread only"
keys R
poll "R marks all read" 10 pane_has "All marked read"
poll "the count is gone" 10 line_lacks 1 'Inbox \('
expect_eq "the server has nothing unread" "$(unread)" 0
poll "the unread-only list is empty now" 10 pane_has "No unread notifications."
keys u
poll "u shows everything again" 10 pane_has_re "ada.*Inbox test"

# ---- hostile text ------------------------------------------------------

hex() { printf "$1" | od -An -tx1 | tr -d ' \n'; }
evil='Evil AAA\033]0;HACKED-TITLE\007BBB\033[2JCCC'
sqlite3 "$DB" "UPDATE notifications SET text = CAST(X'$(hex "$evil")' AS TEXT)
	WHERE id = (SELECT max(id) FROM notifications WHERE user_id =
	(SELECT id FROM users WHERE username = 'demo'))" 2>"$T/sql.err" &&
	ok "a notification's text is made hostile" ||
	{ fail "a notification's text is made hostile"; cat "$T/sql.err"; }
title_before=$(tm display-message -p -t guild '#{pane_title}')
keys r
R='�'
poll "the hostile text shows only replacements" 10 \
	pane_has_re "Evil AAA${R}+BBB${R}+CCC"
expect_eq "the pane title is unchanged" \
	"$(tm display-message -p -t guild '#{pane_title}')" "$title_before"
quit_tui "the TUI exits cleanly"

# ---- anonymous -------------------------------------------------------

start_tui 100x30 "'$GUILD_BIN'"
poll "anonymous: the catalog shows first" 20 line_has 2 'Title'
keys 8
poll "the Inbox says how to log in" 10 pane_has "run guild login"
quit_tui "the anonymous TUI exits cleanly"

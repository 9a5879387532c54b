#!/bin/sh
# guild and the system keyring: inside dbus-run-session with an unlocked
# gnome-keyring, login stores the token through libsecret, whoami finds
# it, logout removes it (checked with secret-tool). Without a session bus,
# login explains the alternatives, revokes its token and writes no file.
. "$(dirname "$0")/../lib.sh"

guildd_start --demo || exit 1
export XDG_RUNTIME_DIR="$T/run"
mkdir -p "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
tokens="$XDG_STATE_HOME/guild/tokens"
export GUILD_BIN tokens

# The part with a keyring runs inside the session bus and reports its own
# TAP lines; the runner counts them with the rest.
cat >"$T/inner.sh" <<'EOF'
set -u
ok() { echo "ok - $1"; }
fail() { echo "not ok - $1"; shift; [ $# -gt 0 ] && echo "#   $*"; return 0; }
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got '$2', want '$3'"; fi
}
expect_match() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then ok "$1"; else
		fail "$1" "no match for /$3/ in:"; printf '%s\n' "$2" | head -20 | sed 's/^/#   /'
	fi
}
me_status() {
	curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" \
		"$GUILD_URL/api/v1/me"
}

printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
expect_eq "gnome-keyring-daemon starts on the session bus" "$?" 0

printf 'guild-demo\n' >"$T/pw"
out=$("$GUILD_BIN" login --username demo --password-stdin <"$T/pw" 2>&1)
expect_eq "login with a keyring exits 0" "$?" 0
expect_match "login says the token is in the keyring" "$out" \
	"^Logged in to $GUILD_URL as demo \(token in keyring\)$"
token=$(secret-tool lookup server "$GUILD_URL")
[ -n "$token" ] && ok "secret-tool finds the token by server" ||
	fail "secret-tool finds the token by server"
expect_eq "the stored token is the one the server issued" "$(me_status "$token")" 200
item=$(secret-tool search --all server "$GUILD_URL" 2>&1)
expect_match "the item uses the dev.guild.Token schema" "$item" '^schema = dev\.guild\.Token$'
expect_match "the item carries the user attribute" "$item" '^attribute\.user = demo$'
expect_match "the item has a readable label" "$item" "^label = Guild token for demo@$GUILD_URL$"
[ -e "$tokens" ] && fail "no token file is written with a keyring" ||
	ok "no token file is written with a keyring"

out=$("$GUILD_BIN" whoami 2>&1)
expect_eq "whoami with the keyring exits 0" "$?" 0
expect_match "whoami finds the token in the keyring" "$out" \
	"^demo \(member, intermediate\) on $GUILD_URL — token from keyring$"

out=$("$GUILD_BIN" logout 2>&1)
expect_eq "logout exits 0" "$?" 0
expect_match "logout says it removed the token from the keyring" "$out" \
	'token revoked, removed from the keyring'
secret-tool lookup server "$GUILD_URL" >"$T/after" 2>&1
rc=$?
[ "$rc" -ne 0 ] && [ ! -s "$T/after" ] && ok "logout removes the keyring item" ||
	fail "logout removes the keyring item" "secret-tool: rc $rc, $(cat "$T/after")"
expect_eq "the server refuses the token after logout" "$(me_status "$token")" 401

# One stored token per server: a keyring login drops a file entry.
"$GUILD_BIN" login --username demo --password-stdin --insecure-storage \
	<"$T/pw" >/dev/null 2>&1
old=$(cut -f3 "$tokens" 2>/dev/null)
"$GUILD_BIN" login --username demo --password-stdin <"$T/pw" >/dev/null 2>&1
[ -n "$old" ] && [ ! -e "$tokens" ] && ok "a keyring login clears the file entry" ||
	fail "a keyring login clears the file entry"
"$GUILD_BIN" logout >/dev/null 2>&1
rm -f "$T/pw"
EOF

# POSIX sh has no "export -f": the inner script gets what it needs by env.
export T GUILD_URL
dbus-run-session -- sh "$T/inner.sh" 2>"$T/dbus.err"
rc=$?
[ "$rc" -eq 0 ] && ok "the keyring session ends cleanly" ||
	{ fail "the keyring session ends cleanly" "status $rc"; sed 's/^/#   /' "$T/dbus.err"; }

# ---- no session bus (SSH without D-Bus) -----------------------------------
printf 'guild-demo\n' >"$T/pw"
env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u WAYLAND_DISPLAY \
	"$GUILD_BIN" login --username demo --password-stdin --label no-bus-login \
	<"$T/pw" >"$T/out" 2>"$T/err"
rc=$?
rm -f "$T/pw"
[ "$rc" -ne 0 ] && ok "login without a session bus exits non-zero" ||
	fail "login without a session bus exits non-zero"
err=$(cat "$T/err")
expect_match "it says no keyring is available" "$err" 'no system keyring \(Secret Service\) is available'
expect_match "it offers GUILD_TOKEN" "$err" 'GUILD_TOKEN'
expect_match "it offers --insecure-storage" "$err" '--insecure-storage'
files=$(find "$XDG_STATE_HOME" -type f | wc -l)
expect_eq "no token file appears under XDG_STATE_HOME" "$files" 0
live=$(sqlite3 "$T/guild.db" "SELECT count(*) FROM tokens WHERE label = 'no-bus-login' AND revoked_at IS NULL")
made=$(sqlite3 "$T/guild.db" "SELECT count(*) FROM tokens WHERE label = 'no-bus-login'")
expect_eq "the token it got is revoked, not left dangling" "$made/$live" "1/0"

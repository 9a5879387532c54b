#!/bin/sh
# Guild over SSH: an OpenSSH server (Debian openssh-server) started here
# on a free loopback port with a temporary host key and an authorized
# client key; `ssh -t` into it runs guild in a tmux pane of 80x24 with
# TERM=vt100, no locale and no D-Bus session, the token and the server
# coming from a 0600 file sourced on the remote side (never in argv).
# The Leaderboard pane shows the API's top rows, q quits cleanly, and
# `guild leaderboard --json` over ssh prints valid JSON. Skipped only
# when sshd or ssh is not installed (src/scripts/deps.sh test has them).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
. "$(dirname "$0")/board.sh"

SSHD=/usr/sbin/sshd
if [ ! -x "$SSHD" ] || ! command -v ssh >/dev/null 2>&1 ||
    ! command -v ssh-keygen >/dev/null 2>&1; then
	ok "guild over ssh # SKIP openssh-server or openssh-client is not installed (sh src/scripts/deps.sh test)"
	exit 0
fi
command -v jq >/dev/null 2>&1 || { fail "jq is installed"; exit 1; }
command -v python3 >/dev/null 2>&1 || { fail "python3 is installed"; exit 1; }

if ! guildd_start --demo; then fail "guildd starts with --demo"; exit 1; fi
ok "guildd starts with --demo"
TOKEN=$("$GUILDD_BIN" user token demo --db "$T/guild.db")
expect_match "guildd gives demo a token" "$TOKEN" '^gld_'

# ---- the server ----------------------------------------------------

S="$T/ssh"
mkdir -p "$S"
chmod 700 "$S"
ssh-keygen -q -t ed25519 -N '' -f "$S/host" >/dev/null
ssh-keygen -q -t ed25519 -N '' -f "$S/id" >/dev/null
cp "$S/id.pub" "$S/authorized_keys"
chmod 600 "$S/authorized_keys"
# sshd wants its privilege separation directory (root only).
[ "$(id -u)" -ne 0 ] || [ -d /run/sshd ] || mkdir -p -m 755 /run/sshd
PORT=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
USER_NAME=$(id -un)
cat >"$S/sshd_config" <<EOF
Port $PORT
ListenAddress 127.0.0.1
HostKey $S/host
PidFile $S/sshd.pid
AuthorizedKeysFile $S/authorized_keys
AuthenticationMethods publickey
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
StrictModes no
X11Forwarding no
PrintMotd no
PrintLastLog no
EOF
"$SSHD" -D -e -f "$S/sshd_config" >"$S/sshd.log" 2>&1 &
SSHD_PID=$!
at_exit "kill $SSHD_PID 2>/dev/null"
if wait_for 20 grep -q "Server listening" "$S/sshd.log"; then
	ok "sshd listens on 127.0.0.1:$PORT"
else
	fail "sshd listens on 127.0.0.1:$PORT"
	sed 's/^/#   sshd: /' "$S/sshd.log"
	exit 1
fi

# What the remote side sources: the token stays in this 0600 file.
umask 077
{
	echo "unset DBUS_SESSION_BUS_ADDRESS LANG LC_ALL"
	for v in HOME XDG_CONFIG_HOME XDG_STATE_HOME XDG_CACHE_HOME \
	    XDG_DATA_HOME GUILD_THEMES ASAN_OPTIONS LSAN_OPTIONS \
	    UBSAN_OPTIONS; do
		eval "val=\${$v:-}"
		[ -n "$val" ] && printf "export %s='%s'\n" "$v" "$val"
	done
	printf "export GUILD_SERVER='%s'\n" "$GUILD_URL"
	printf "export GUILD_TOKEN='%s'\n" "$TOKEN"
	printf "export PATH='%s':\"\$PATH\"\n" "$GUILD_BUILD"
} >"$S/env"
umask 022
expect_eq "the remote environment file is private" \
    "$(stat -c %a "$S/env")" 600

SSH="ssh -F /dev/null -p $PORT -i '$S/id' -o IdentitiesOnly=yes \
-o BatchMode=yes -o StrictHostKeyChecking=no \
-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR $USER_NAME@127.0.0.1"

# ---- the TUI over ssh -t -----------------------------------------------

start_tui 80x24 "env -u DBUS_SESSION_BUS_ADDRESS -u GUILD_TOKEN TERM=vt100" \
    "$SSH -t '. $S/env; exec guild 2>$S/guild.err'"
poll "guild starts over ssh -t" 30 pane_has "Catalog"
check "at 80x24" pane_rows 24
poll "logged in with the token from the file" 20 line_has 24 "demo"
keys 6
poll "the Leaderboard pane shows the top rows" 20 rows_match all 15
poll "the status bar shows my points and level" 20 line_has 24 "pts L"
check "nothing but ASCII on screen" ascii_only
printf '%s\n' "$TOKEN" >"$S/token"
check "no token in any process's command line" sh -c \
    "! cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' '\\n' |
     grep -qF -f '$S/token'"
keys q
if wait_for 20 exit_is 0; then ok "q quits cleanly (ssh exits 0)"
else fail "q quits cleanly (ssh exits 0)" "$(cat "$T/exit")"; show_err; fi
if [ -s "$S/guild.err" ] || [ -s "$T/guild.err" ]; then
	fail "nothing on stderr"
	sed 's/^/#   /' "$S/guild.err" "$T/guild.err" | head -40
else
	ok "nothing on stderr"
fi

# ---- guild leaderboard --json over ssh ---------------------------------

if eval "$SSH '. $S/env; guild help leaderboard'" >/dev/null 2>&1; then
	eval "$SSH '. $S/env; guild leaderboard --json'" \
	    >"$T/board.json" 2>"$T/board.err"
	check "guild leaderboard --json over ssh prints valid JSON" \
	    jq -e . "$T/board.json"
	expect_eq "with the API's leader first" \
	    "$(jq -r '.items[0].username // .[0].username' "$T/board.json")" \
	    "$(curl -s "$GUILD_URL/api/v1/leaderboard?limit=1" |
	      jq -r '.items[0].username')"
else
	ok "guild leaderboard --json over ssh # SKIP guild has no leaderboard command yet"
fi
guildd_stop

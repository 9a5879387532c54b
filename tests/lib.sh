# Shared helpers for the shell tests (sourced, POSIX sh).
#
# Every script gets a private temp dir $T with HOME and the XDG dirs inside
# it, so no test touches the real user's files, keyring or config. Tests
# report TAP lines through ok/fail/check; the runner counts them.
#
#   guildd_start [ARGS]   start a real guildd on 127.0.0.1:0 with $T/guild.db;
#                         sets GUILD_URL and GUILDD_PID (stopped at exit)
#   guild ARGS            the real client binary, pointed at GUILD_URL
#   http METHOD PATH [CURL-ARGS...]
#                         raw curl to $GUILD_URL$PATH; sets HTTP_STATUS,
#                         body in $T/body, headers in $T/headers
#   ok NAME / fail NAME WHY / check NAME CMD... / expect_eq NAME GOT WANT
#   expect_match NAME TEXT REGEX (grep -E)
#   wait_for SECONDS CMD...   poll until CMD succeeds (no blind sleeps)
set -u
GUILD_TOP=${GUILD_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
GUILD_BUILD=${GUILD_BUILD:-$GUILD_TOP/build}
GUILD_BIN=$GUILD_BUILD/guild
GUILDD_BIN=$GUILD_BUILD/guildd
T=$(mktemp -d "${TMPDIR:-/tmp}/guild-t.XXXXXX")
export HOME="$T/home"
export XDG_CONFIG_HOME="$T/home/.config"
export XDG_STATE_HOME="$T/home/.local/state"
export XDG_CACHE_HOME="$T/home/.cache"
export XDG_DATA_HOME="$T/home/.local/share"
export GUILD_THEMES="$GUILD_TOP/themes"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset GUILD_TOKEN GUILD_SERVER DBUS_SESSION_BUS_ADDRESS
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME"
GUILDD_PID=
_cleanups=

at_exit() { _cleanups="$* ; $_cleanups"; }
_lib_exit() {
	eval "$_cleanups" 2>/dev/null
	[ -n "$GUILDD_PID" ] && kill "$GUILDD_PID" 2>/dev/null && wait "$GUILDD_PID" 2>/dev/null
	rm -rf "$T"
}
trap _lib_exit EXIT
trap 'exit 130' INT TERM

ok() { echo "ok - $1"; }
fail() { echo "not ok - $1"; shift; [ $# -gt 0 ] && echo "#   $*"; return 0; }
check() {
	_n=$1; shift
	if "$@" >"$T/check.out" 2>&1; then ok "$_n"; else
		fail "$_n" "command failed: $*"; sed 's/^/#   /' "$T/check.out" | head -20
	fi
}
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got '$2', want '$3'"; fi
}
expect_match() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then ok "$1"; else
		fail "$1" "no match for /$3/ in:"; printf '%s\n' "$2" | head -20 | sed 's/^/#   /'
	fi
}
wait_for() {
	_secs=$1; shift
	_end=$(( $(date +%s) + _secs ))
	while ! "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -ge "$_end" ] && return 1
		sleep 0.05
	done
	return 0
}

# Starts guildd on a free loopback port. Extra args pass through (--demo).
guildd_start() {
	: >"$T/guildd.out"
	"$GUILDD_BIN" --listen 127.0.0.1:0 --db "$T/guild.db" "$@" \
		>"$T/guildd.out" 2>"$T/guildd.err" &
	GUILDD_PID=$!
	if ! wait_for 60 grep -q 'http://' "$T/guildd.out"; then
		echo "# guildd did not start:"; sed 's/^/#   /' "$T/guildd.err"
		return 1
	fi
	GUILD_URL=$(grep -o 'http://[^ ]*' "$T/guildd.out" | head -1)
	export GUILD_URL GUILD_SERVER="$GUILD_URL"
}
guildd_stop() {
	[ -n "$GUILDD_PID" ] || return 0
	kill "$GUILDD_PID" 2>/dev/null
	wait "$GUILDD_PID" 2>/dev/null
	GUILDD_PID=
}
guildd_alive() { [ -n "$GUILDD_PID" ] && kill -0 "$GUILDD_PID" 2>/dev/null; }

guild() { "$GUILD_BIN" "$@"; }

http() {
	_m=$1 _p=$2; shift 2
	HTTP_STATUS=$(curl -sS -o "$T/body" -D "$T/headers" -w '%{http_code}' \
		-X "$_m" "$@" "$GUILD_URL$_p")
}

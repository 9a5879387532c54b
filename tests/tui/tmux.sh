# tmux helpers for the TUI tests (sourced after ../lib.sh): each TUI run
# gets its own tmux server on a private socket, killed at exit; keys are
# sent with send-keys and the screen read with capture-pane, polling.
#
#   start_tui WxH CMD...   run CMD (a shell command line) in a new session
#   keys KEYS...           tmux send-keys to it
#   pane / pane_has TEXT / pane_has_re RE / pane_lacks TEXT / line_has N RE
#   poll NAME SECONDS CMD...   one TAP line: CMD came true in time
#   exit_is N              the TUI exited with status N
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
		"$* 2>'$T/guild.err'; echo exit=\$? >'$T/exit'; sleep 600"
}
tm() { tmux -S "$SOCK" "$@"; }
keys() { tm send-keys -t guild "$@"; }

# The visible pane as text (-J: lines the terminal wrapped are joined).
pane() { tm capture-pane -p -J -t guild 2>/dev/null; }
pane_has() { pane | grep -qF -- "$1"; }
pane_has_re() { pane | grep -qE -- "$1"; }
pane_lacks() { ! pane_has "$1"; }
# line_has N REGEX: row N (1-based) of the pane matches REGEX.
line_has() { pane | sed -n "$1p" | grep -qE -- "$2"; }
line_lacks() { ! line_has "$@"; }
pane_rows() { [ "$(tm capture-pane -p -t guild | wc -l)" -eq "$1" ]; }
show_pane() { pane | sed 's/^/#   | /'; }
show_err() {
	[ -s "$T/guild.err" ] && sed 's/^/#   err: /' "$T/guild.err" | head -40
}
poll() {
	_n=$1 _s=$2
	shift 2
	if wait_for "$_s" "$@"; then ok "$_n"; else
		fail "$_n" "timed out waiting for: $*"; show_pane; show_err
	fi
}
exit_is() { grep -qx "exit=$1" "$T/exit"; }
# quit_tui NAME: q, then the exit status must be 0 with nothing on stderr
# (a sanitizer report lands there).
quit_tui() {
	keys q
	if wait_for 20 exit_is 0 && [ ! -s "$T/guild.err" ]; then ok "$1"
	else fail "$1" "$(cat "$T/exit")"; show_err; fi
}
command -v tmux >/dev/null 2>&1 || { fail "tmux is installed"; exit 1; }

# Starts tests/tui/slowproxy.py in front of guildd, holding every answer
# back for the seconds in $T/delay (DELAY to begin with; write the file
# to change it). Sets SLOW to its URL and PROXY_PID; 1 when it fails.
slowproxy_start() {
	echo "$1" >"$T/delay"
	/usr/bin/python3 "$GUILD_TOP/tests/tui/slowproxy.py" \
		"${GUILD_URL##*:}" "$T/delay" >"$T/proxy.out" 2>&1 &
	PROXY_PID=$!
	at_exit "kill $PROXY_PID"
	if wait_for 20 grep -q '^port ' "$T/proxy.out"; then
		ok "the slow proxy starts"
	else
		fail "the slow proxy starts"
		cat "$T/proxy.out"
		return 1
	fi
	SLOW="http://127.0.0.1:$(sed -n 's/^port //p' "$T/proxy.out")"
}

#!/bin/sh
# `make run`: starts a private guildd with demo data on a free loopback
# port, opens the guild TUI logged in as the demo member, and stops the
# server when the TUI quits. Nothing is written outside a temp directory.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${GUILD_BUILD:-build}
case "$build" in /*) ;; *) build="$top/$build" ;; esac
dir=$(mktemp -d "${TMPDIR:-/tmp}/guild-demo.XXXXXX")
pid=

cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

"$build/guildd" --listen 127.0.0.1:0 --db "$dir/guild.db" --demo \
	>"$dir/guildd.out" 2>"$dir/guildd.log" &
pid=$!
i=0
while ! grep -q 'http://' "$dir/guildd.out" 2>/dev/null; do
	if ! kill -0 "$pid" 2>/dev/null || [ $i -ge 600 ]; then
		echo "make run: guildd did not start:" >&2
		cat "$dir/guildd.log" >&2
		exit 1
	fi
	i=$((i + 1))
	sleep 0.1
done
url=$(grep -o 'http://[^ ]*' "$dir/guildd.out" | head -1)

# The demo member's token travels through the environment, never argv.
if ! GUILD_TOKEN=$("$build/guildd" user token demo --label "make run" \
    --db "$dir/guild.db"); then
	echo "make run: could not create a token for the demo member" >&2
	exit 1
fi
export GUILD_TOKEN GUILD_SERVER="$url" GUILD_THEMES="$top/themes"
export XDG_CONFIG_HOME="$dir/config" XDG_STATE_HOME="$dir/state"
export XDG_CACHE_HOME="$dir/cache"
echo "guildd with demo data at $url (log: make run keeps it in a temp dir)"
# shellcheck disable=SC2086
"$build/guild" ${ARGS:-}

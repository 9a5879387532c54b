#!/bin/sh
# guild's response cache and --offline against a real guildd: ETag
# revalidation (a 304 on the second run), answers from the cache offline
# with a notice, the refusal of changes offline, no stale data when the
# server is down without --offline, torn cache files, a private cache
# that never holds the token, and logout emptying it.
. "$(dirname "$0")/../lib.sh"

# run ARGS...: runs guild, keeping stdout, stderr and the status.
run() {
	COLUMNS=200 "$GUILD_BIN" "$@" >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}

# feed TEXT ARGS...: run with TEXT as the one line on stdin.
feed() {
	printf '%s\n' "$1" >"$T/in"
	shift
	run "$@" <"$T/in"
	rm -f "$T/in"
}

# hits STATUS PATH: access-log lines of guildd for GET PATH with STATUS.
hits() {
	grep -c "GET $2 $1 " "$T/guildd.err"
}

# entry PATH: the cache file whose key ends with PATH (empty if none).
entry() {
	grep -lx -- "$1" "$cache"/* 2>/dev/null | head -1
}

# entries: how many entry files the cache holds.
entries() {
	find "$cache" -type f -name '????????????????' | wc -l | tr -d ' '
}

cache="$XDG_CACHE_HOME/guild"
guildd_start --demo || exit 1

# ---- online: store, then revalidate -------------------------------------
run courses
expect_eq "courses online exits 0" "$RC" 0
online=$OUT
expect_eq "the first run fetches the catalog (200)" \
	"$(hits 200 /api/v1/courses)" 1
check "the first run stores the answer" test -n "$(entry /api/v1/courses)"
expect_eq "the cache directory is private (0700)" \
	"$(stat -c %a "$cache")" 700
run courses
expect_eq "a cached courses exits 0" "$RC" 0
expect_eq "the second run revalidates: guildd answers 304" \
	"$(hits 304 /api/v1/courses)" 1
expect_eq "the second run fetches no body (still one 200)" \
	"$(hits 200 /api/v1/courses)" 1
expect_eq "a 304 prints the same table" "$OUT" "$online"
expect_eq "online, nothing is said about the cache" "$ERR" ""

id=$(printf '%s\n' "$online" | awk 'NR == 2 { print $1 }')
other=$(printf '%s\n' "$online" | awk 'NR == 3 { print $1 }')
run course "$id"
expect_eq "course online exits 0" "$RC" 0
course_online=$OUT

# A torn entry (a crash mid-write elsewhere): ignored and fetched afresh.
torn=$(entry "/api/v1/courses/$id")
truncate -s -7 "$torn"
run course "$id"
expect_eq "a torn cache file is ignored online (exit 0)" "$RC" 0
expect_eq "a torn cache file means a full fetch (200)" \
	"$(hits 200 "/api/v1/courses/$id")" 2
expect_eq "the torn file is replaced by a sound one" "$OUT" "$course_online"

# ---- logged in: per-user entries, never the token -----------------------
printf '{"username":"demo","password":"guild-demo"}' >"$T/cred.json"
http POST /api/v1/auth/tokens -H 'Content-Type: application/json' \
	--data-binary @"$T/cred.json"
rm -f "$T/cred.json"
token=$(jq -r .token "$T/body")
feed "$token" login --with-token --insecure-storage
expect_eq "login --with-token exits 0" "$RC" 0
run whoami
expect_eq "whoami exits 0" "$RC" 0
run whoami
expect_eq "whoami revalidates its cached profile (304)" \
	"$(hits 304 /api/v1/me)" 1
GUILD_TOKEN=$token run whoami
expect_eq "whoami with GUILD_TOKEN exits 0" "$RC" 0
if grep -rqF -- "$token" "$cache"; then
	fail "no cache file holds the token" "found in $(grep -rlF -- "$token" "$cache")"
else
	ok "no cache file holds the token"
fi
mode_bad=$(find "$cache" -type f ! -perm 0600 | head -1)
expect_eq "every cache file is 0600" "$mode_bad" ""
if grep -q '^anonymous$' "$(entry /api/v1/me)"; then
	fail "the profile is cached for its user, not for anonymous"
else
	ok "the profile is cached for its user, not for anonymous"
fi

run logout
expect_eq "logout exits 0" "$RC" 0
expect_eq "logout empties the cache" "$(entries)" 0

# ---- offline --------------------------------------------------------------
run courses
run course "$id"
guildd_stop

run --offline courses
expect_eq "--offline courses exits 0 with the server down" "$RC" 0
expect_eq "--offline courses prints the cached table" "$OUT" "$online"
expect_match "--offline says it shows the cache, and from when" "$ERR" \
	'^guild: offline: showing what is cached \(from [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} .*, less than a minute ago\)$'
expect_eq "the offline notice is said once" "$(printf '%s\n' "$ERR" | wc -l)" 1
run --offline course "$id"
expect_eq "--offline course of a cached course exits 0" "$RC" 0
expect_eq "--offline course prints the cached course" "$OUT" "$course_online"
run --offline course "$other"
expect_eq "--offline course of an uncached course exits 1" "$RC" 1
expect_eq "--offline names what is not cached" "$ERR" \
	"guild: offline: /api/v1/courses/$other is not in the cache (run once online first)"
feed 'correct horse battery' --offline register --username ghost \
	--email ghost@example.org --password-stdin
expect_eq "--offline register exits 1" "$RC" 1
expect_match "--offline refuses changes" "$ERR" \
	'offline: cannot change anything while offline'

run courses
expect_eq "without --offline, a down server is an error (exit 1)" "$RC" 1
expect_match "without --offline, the error is the connection" "$ERR" \
	'connection refused \(is guildd running\?'
expect_eq "without --offline, no stale data is printed" "$OUT" ""

truncate -s 50 "$(entry /api/v1/courses)"
run --offline courses
expect_eq "a torn entry offline is a clean error (exit 1)" "$RC" 1
expect_match "a torn entry offline reads as not cached" "$ERR" \
	'offline: /api/v1/courses is not in the cache'
expect_eq "the torn entry is removed" "$(entry /api/v1/courses)" ""

# A cache that cannot be made: --offline says so.
: >"$T/not-a-dir"
XDG_CACHE_HOME="$T/not-a-dir" run --offline courses
expect_eq "--offline without a usable cache exits 1" "$RC" 1
expect_match "--offline without a usable cache says why" "$ERR" \
	'offline: nothing to show: cannot create the cache directory'

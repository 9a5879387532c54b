# Shared by the community command tests (test-cli-points.sh,
# test-cli-community.sh): members registered through guild, each with a
# token in $T/tok-NAME (used as GUILD_TOKEN) and a state dir of its own.
#
#   as WHO ARGS...   guild as member WHO; keeps OUT, ERR and RC
#   anon ARGS...     guild without a token
#   member NAME      registers NAME with guild and logs in over HTTP
#   num_after WORD   the number after WORD in OUT ("Asked question 12")

# shellcheck shell=sh
as() {
	_who=$1
	shift
	GUILD_TOKEN=$(cat "$T/tok-$_who" 2>/dev/null) \
	XDG_STATE_HOME="$T/state-$_who" "$GUILD_BIN" "$@" >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}
anon() {
	XDG_STATE_HOME="$T/state-anon" "$GUILD_BIN" "$@" >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}
member() {
	mkdir -p "$T/state-$1"
	printf 'correct horse battery\n' >"$T/pw"
	anon register --username "$1" --email "$1@example.com" \
	    --password-stdin <"$T/pw"
	expect_eq "$1 registers" "$RC" 0
	rm -f "$T/pw"
	http POST /api/v1/auth/tokens -H 'Content-Type: application/json' \
	    --data-binary "{\"login\": \"$1\", \"password\": \"correct horse battery\"}"
	(umask 077 && jq -r .token "$T/body" >"$T/tok-$1" &&
	    printf 'Authorization: Bearer %s\n' "$(cat "$T/tok-$1")" \
	    >"$T/hdr-$1")
}
num_after() {
	printf '%s\n' "$OUT" | sed -n "s/.*$1 \([0-9][0-9]*\).*/\1/p" | head -1
}

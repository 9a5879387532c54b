#!/bin/sh
# guild's shell commands against a real guildd with demo data: register,
# login with the 0600 token file, whoami, courses, course, logout, the
# token precedence, exit codes and the wording of failures.
. "$(dirname "$0")/../lib.sh"

# run NAME ARGS...: runs guild, keeping stdout, stderr and the status.
run() {
	"$GUILD_BIN" "$@" >"$T/out" 2>"$T/err"
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

# A token for USER from the API itself, the password passed in a file.
api_token() {
	printf '{"username":"%s","password":"%s"}' "$1" "$2" >"$T/cred.json"
	http POST /api/v1/auth/tokens -H 'Content-Type: application/json' \
		--data-binary @"$T/cred.json"
	rm -f "$T/cred.json"
	jq -r .token "$T/body"
}

tokens="$XDG_STATE_HOME/guild/tokens"

# ---- without a server --------------------------------------------------
run --version
expect_match "--version prints the version" "$OUT" '^guild [0-9]+\.[0-9]+\.[0-9]+$'
run --help
expect_eq "--help exits 0" "$RC" 0
expect_match "--help lists the commands" "$OUT" 'courses +list the course catalog'
run login --help
expect_match "login --help shows its options" "$OUT" '--insecure-storage'
run help course
expect_match "help COMMAND shows its usage" "$OUT" '^usage: guild course ID\|SLUG'
run courses --bogus
expect_eq "an unknown option is a usage error (2)" "$RC" 2
run frobnicate
expect_eq "an unknown command is a usage error (2)" "$RC" 2
expect_match "an unknown command is named" "$ERR" "unknown command 'frobnicate'"
run courses --level expert
expect_eq "a bad --level is a usage error (2)" "$RC" 2
run course
expect_eq "course without an ID is a usage error (2)" "$RC" 2

printf '[server]\nurl = http://127.0.0.1:1\n\n[ui]\ncolour = red\n' >"$T/bad.conf"
run --config "$T/bad.conf" courses
expect_eq "a bad config file exits 1" "$RC" 1
expect_match "a bad config file names the file and line" "$ERR" \
	"bad.conf:5: unknown key 'colour' in \[ui\]"

guildd_start --demo || exit 1

# ---- anonymous ---------------------------------------------------------
run whoami
expect_eq "whoami when logged out exits 4" "$RC" 4
expect_match "whoami when logged out says so" "$ERR" "not logged in to $GUILD_URL: run guild login"

http GET '/api/v1/courses?limit=1'
first_title=$(jq -r '.items[0].title' "$T/body")
first_id=$(jq -r '.items[0].id' "$T/body")
first_slug=$(jq -r '.items[0].slug' "$T/body")
COLUMNS=200 run courses
expect_eq "courses exits 0" "$RC" 0
expect_match "courses prints a table header" "$OUT" '^ *ID +TITLE +LEVEL +PRICE +INSTRUCTOR$'
if printf '%s\n' "$OUT" | grep -qF -- "$first_title"; then
	ok "courses shows the demo titles"
else
	fail "courses shows the demo titles" "no '$first_title' in the output"
fi
expect_match "courses hints at the next page" "$OUT" '^more: guild courses --all$'

run courses --json
check "courses --json is valid JSON with >= 20 items" \
	jq -e '(.items | length) >= 20 and has("has_more")' "$T/out"
run courses --all --json
check "courses --all --json has >= 30 items and no more pages" \
	jq -e '(.items | length) >= 30 and .has_more == false' "$T/out"
ids=$(jq -r '.items[].id' "$T/out" | sort -n | uniq -d)
expect_eq "courses --all lists each course once" "$ids" ""

run courses --level advanced --all --json
check "--level advanced --json gives only advanced courses" \
	jq -e '(.items | length) > 0 and all(.items[]; .level == "advanced")' "$T/out"
run courses --level advanced
levels=$(printf '%s\n' "$OUT" | sed 1d | grep -Eo ' (beginner|intermediate|advanced) ' | sort -u | tr -d ' ')
expect_eq "--level advanced shows only advanced rows" "$levels" advanced

# Display columns of each line (CJK counts 2), so alignment is checked.
COLUMNS=60 run courses
over=$(printf '%s\n' "$OUT" | python3 -c '
import sys, unicodedata
print(sum(1 for line in sys.stdin
          if sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
                 for c in line.rstrip("\n")) > 60))')
expect_eq "courses fits a 60-column terminal" "$over" 0
# The LEVEL column starts at the same display column on every row, CJK
# titles and instructors included.
starts=$(printf '%s\n' "$OUT" | python3 -c '
import re, sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
cols = set()
for line in sys.stdin:
    m = re.search(r"  (LEVEL|beginner|intermediate|advanced) ", line)
    if m:
        cols.add(w(line[:m.start()]))
print(len(cols))')
expect_eq "courses keeps its columns aligned with CJK text" "$starts" 1

http GET "/api/v1/courses/$first_id"
desc_start=$(jq -r '.description | split("\n")[0][0:10]' "$T/body")
lesson=$(jq -r '.lessons[0].title' "$T/body")
run course "$first_id"
expect_eq "course ID exits 0" "$RC" 0
by_id=$OUT
if printf '%s\n' "$OUT" | grep -qF -- "$desc_start"; then
	ok "course ID shows the description"
else
	fail "course ID shows the description" "no '$desc_start' in the output"
fi
expect_match "course ID shows the lesson outline" "$OUT" "^ +1\. .*[0-9]+ min"
if printf '%s\n' "$OUT" | grep -qF -- "$lesson"; then
	ok "course ID shows the lessons"
else
	fail "course ID shows the lessons" "no '$lesson' in the output"
fi
run course "$first_slug"
expect_eq "course SLUG shows the same course" "$OUT" "$by_id"
run course "$first_id" --json
check "course --json is the course with its lessons" \
	jq -e ".id == $first_id and (.lessons | length) > 0 and (.description | length) > 0" "$T/out"
run course no-such-course
expect_eq "course of an unknown slug exits 1" "$RC" 1
expect_match "course of an unknown slug says Not Found" "$ERR" '^guild: Not Found: '

# ---- register, login ---------------------------------------------------
feed 'correct horse battery' register --username newbie \
	--email newbie@example.org --level advanced --password-stdin
expect_eq "register exits 0" "$RC" 0
expect_match "register says who was registered" "$OUT" '^Registered newbie on .*\(advanced\)'
feed 'correct horse battery' register --username newbie \
	--email other@example.org --password-stdin
expect_eq "register of a taken name exits 1" "$RC" 1
expect_match "register of a taken name gives the server's detail" "$ERR" "newbie' is taken"

feed 'not the password' login --username demo --password-stdin --insecure-storage
[ "$RC" -ne 0 ] && ok "a bad login exits non-zero" || fail "a bad login exits non-zero"
expect_match "a bad login gives the server's detail" "$ERR" 'bad username or password'
[ -e "$tokens" ] && fail "a bad login writes no token file" || ok "a bad login writes no token file"

# The password goes through stdin only: it is never in the process list.
mkfifo "$T/pw"
"$GUILD_BIN" login --username demo --password-stdin --insecure-storage \
	<"$T/pw" >"$T/out" 2>"$T/err" &
login_pid=$!
exec 3>"$T/pw"
wait_for 10 kill -0 "$login_pid"
args=$(ps -o args= -p "$login_pid")
echo 'guild-demo' >&3
exec 3>&-
wait "$login_pid"
RC=$?
expect_eq "login --insecure-storage --password-stdin exits 0" "$RC" 0
expect_match "login says where the token is" "$(cat "$T/out")" \
	"^Logged in to $GUILD_URL as demo \(token in $tokens, mode 0600\)$"
case "$args" in
*guild-demo*) fail "the password is not in the process list" "$args" ;;
*login*) ok "the password is not in the process list" ;;
*) fail "the password is not in the process list" "login not seen: '$args'" ;;
esac
expect_eq "the token file has mode 600" "$(stat -c %a "$tokens" 2>&1)" 600
expect_eq "the token directory has mode 700" "$(stat -c %a "$(dirname "$tokens")" 2>&1)" 700
token=$(cut -f3 "$tokens")
expect_match "the token file holds server, user and token" \
	"$(cut -f1,2 "$tokens")" "^$GUILD_URL	demo$"
if ps -eo args | grep -F -- "$token" | grep -vq grep; then
	fail "the token is not in any process's arguments"
else
	ok "the token is not in any process's arguments"
fi

run whoami
expect_eq "whoami exits 0" "$RC" 0
expect_match "whoami names the user, role, level and token source" "$OUT" \
	"^demo \(member, intermediate\) on $GUILD_URL — token from the file $tokens$"
run whoami --json
check "whoami --json is the profile" jq -e '.username == "demo"' "$T/out"

# A world-readable token file is refused.
chmod 644 "$tokens"
run whoami
expect_eq "a group/world-readable token file is refused" "$RC" 1
expect_match "the refusal says what to do" "$ERR" "refusing to use $tokens: .*chmod 600"
chmod 600 "$tokens"

# ---- GUILD_TOKEN beats the file -----------------------------------------
newbie_token=$(api_token newbie 'correct horse battery')
GUILD_TOKEN=$newbie_token run whoami
expect_match "GUILD_TOKEN beats the token file" "$OUT" \
	"^newbie \(member, advanced\) on $GUILD_URL — token from GUILD_TOKEN$"
GUILD_TOKEN=bogus run whoami
expect_eq "a refused GUILD_TOKEN exits 4" "$RC" 4
expect_match "a refused GUILD_TOKEN is named" "$ERR" 'refused the token in GUILD_TOKEN'
GUILD_TOKEN=bogus run courses --limit 3
expect_eq "courses still work anonymously with a refused token" "$RC" 0
expect_match "courses warn about the refused token" "$ERR" '^guild: warning: .*refused'

# ---- --server and GUILD_SERVER -------------------------------------------
GUILD_SERVER=http://127.0.0.1:1 run --server "$GUILD_URL" courses --limit 1
expect_eq "--server beats GUILD_SERVER" "$RC" 0
run --server http://192.0.2.1:8080 courses
expect_eq "plain http to another host is refused" "$RC" 1
expect_match "the refusal explains allow_insecure_http" "$ERR" 'refusing plain http to 192\.0\.2\.1.*allow_insecure_http'

# ---- logout ------------------------------------------------------------
run logout
expect_eq "logout exits 0" "$RC" 0
expect_match "logout says what it did" "$OUT" "^Logged out of $GUILD_URL as demo \(token revoked"
http GET /api/v1/me -H "Authorization: Bearer $token"
expect_eq "the server refuses the token after logout" "$HTTP_STATUS" 401
if [ -f "$tokens" ] && grep -qF "$GUILD_URL	" "$tokens"; then
	fail "logout removes the token file entry"
else
	ok "logout removes the token file entry"
fi
run whoami
expect_eq "whoami after logout exits 4" "$RC" 4
run logout
expect_eq "logout when logged out exits 4" "$RC" 4
GUILD_TOKEN=$newbie_token run logout
expect_eq "logout with only GUILD_TOKEN exits 1" "$RC" 1
expect_match "logout says it cannot unset GUILD_TOKEN" "$ERR" 'cannot unset it'

# ---- --with-token -------------------------------------------------------
feed "$newbie_token" login --with-token --insecure-storage
expect_eq "login --with-token exits 0" "$RC" 0
expect_match "login --with-token checks the token's user" "$OUT" '^Logged in to .* as newbie '
feed bogus login --with-token --insecure-storage
expect_eq "login --with-token with a bad token exits 4" "$RC" 4

# ---- the server goes away -------------------------------------------------
guildd_stop
run courses
expect_eq "courses with the server down exits 1" "$RC" 1
expect_match "the server being down is worded clearly" "$ERR" \
	"^guild: cannot reach $GUILD_URL: connection refused \(is guildd running\?"
run logout
expect_eq "logout with the server down exits 1" "$RC" 1
expect_match "logout with the server down says the token was not revoked" "$ERR" 'could not revoke'
if [ -f "$tokens" ] && grep -qF "$GUILD_URL	" "$tokens"; then
	fail "logout with the server down still removes the token here"
else
	ok "logout with the server down still removes the token here"
fi

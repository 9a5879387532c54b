# guildd over raw HTTP: every error status as problem+json, registration,
# login and logout, the catalog's pagination, filters, detail, ETags, the
# body cap, the admin commands, and a clean stop.
. "$(dirname "$0")/../lib.sh"

JSON='Content-Type: application/json'

# The value of response header $1 (last occurrence), without the CR.
header() {
	grep -i "^$1:" "$T/headers" | tail -1 | sed 's/^[^:]*: *//' | tr -d '\r'
}

# One TAP line: the last response was a problem+json document for status
# $2 with type, title, status and a non-empty detail.
expect_problem() {
	_ct=$(header Content-Type)
	if [ "$HTTP_STATUS" = "$2" ] &&
	    [ "$_ct" = "application/problem+json" ] &&
	    jq -e --argjson s "$2" '(.type | startswith("urn:guild:problem:"))
	        and (.title | type == "string" and length > 0)
	        and .status == $s
	        and (.detail | type == "string" and length > 0)' \
	        "$T/body" >/dev/null 2>&1; then
		ok "$1"
	else
		fail "$1" "status $HTTP_STATUS (want $2), type '$_ct':" \
		    "$(head -c 300 "$T/body")"
	fi
}

# One TAP line: jq expression $2 is true of the last body.
expect_jq() {
	if jq -e "$2" "$T/body" >/dev/null 2>&1; then ok "$1"; else
		fail "$1" "jq '$2' false for: $(head -c 300 "$T/body")"
	fi
}

post_json() {
	_p=$1 _d=$2; shift 2
	http POST "$_p" -H "$JSON" --data-binary "$_d" "$@"
}

if guildd_start --demo; then ok "guildd --demo starts"; else
	fail "guildd --demo starts"; exit 1
fi

http GET /healthz
expect_eq "healthz answers 200" "$HTTP_STATUS" 200
expect_jq "healthz says ok" '.status == "ok"'

# ---- every error is problem+json, and guildd survives them all ----------

http GET /api/v1/no-such-thing
expect_problem "unknown route is 404" 404
http GET "/nowhere?x=1"
expect_problem "unknown path outside the API is 404" 404
http DELETE /api/v1/courses
expect_problem "wrong method is 405" 405
expect_match "405 carries Allow" "$(header Allow)" '^GET, HEAD, POST$'
http PUT /api/v1/me -H "$JSON" --data-binary '{}'
expect_problem "PUT on a GET route is 405" 405
post_json /api/v1/users '{"username": "x",'
expect_problem "truncated JSON is 400" 400
post_json /api/v1/users '{"username": "a"} trailing'
expect_problem "trailing bytes after JSON are 400" 400
post_json /api/v1/users "$(printf '{"username": "\377\376"}')"
expect_problem "invalid UTF-8 in JSON is 400" 400
post_json /api/v1/users '{"username": "a", "username": "b"}'
expect_problem "duplicate JSON keys are 400" 400
post_json /api/v1/users "$(printf '%05000d' 0 | tr 0 '[')"
expect_problem "deeply nested JSON is 400" 400
post_json /api/v1/users '{"username": 123456789012345678901234567890}'
expect_problem "a huge integer is 400" 400
post_json /api/v1/users '{"password": 1e999999}'
expect_problem "a huge real is 400" 400
post_json /api/v1/users '["not", "an", "object"]'
expect_problem "a JSON array body is 400" 400
http POST /api/v1/users -H "$JSON"
expect_problem "an empty body is 400" 400
post_json /api/v1/users '{}'
expect_problem "missing fields are 422" 422
expect_jq "422 lists each missing field" \
    '[.errors[].field] | sort == ["email", "password", "username"]'
post_json /api/v1/users '{"username": "a b", "email": "nope",
    "password": "short", "level": "expert", "display_name": 7}'
expect_problem "bad fields are 422" 422
expect_jq "422 names every bad field" '[.errors[].field] | sort ==
    ["display_name", "email", "level", "password", "username"]'
expect_jq "422 errors have messages" \
    'all(.errors[]; (.message | length) > 0)'
http POST /api/v1/users -H 'Content-Type: text/plain' --data-binary '{}'
expect_problem "a non-JSON content type is 415" 415
post_json /api/v1/auth/tokens '{"login": "demo", "password": "wrong-password"}'
expect_problem "a bad password is 401" 401
expect_match "401 asks for a bearer token" "$(header WWW-Authenticate)" \
    '^Bearer'
expect_jq "401 says bad username or password" \
    '.detail == "bad username or password"'
post_json /api/v1/auth/tokens '{"login": "nobody-here", "password": "whatever1"}'
expect_problem "an unknown user is the same 401" 401
expect_jq "unknown user gets the same words" \
    '.detail == "bad username or password"'
post_json /api/v1/auth/tokens \
    "{\"login\": \"' OR 1=1 --\", \"password\": \"x' OR '1'='1\"}"
expect_problem "SQL metacharacters in a login are just a 401" 401
http GET /api/v1/me
expect_problem "/me without a token is 401" 401
http GET /api/v1/me -H 'Authorization: Bearer gld_not-a-real-token'
expect_problem "/me with a bogus token is 401" 401
http GET /api/v1/courses -H 'Authorization: Basic ZGVtbzpndWlsZC1kZW1v'
expect_problem "a non-bearer Authorization is 401" 401
http GET "/api/v1/courses?limit=0"
expect_problem "limit=0 is 422" 422
http GET "/api/v1/courses?limit=101"
expect_problem "limit=101 is 422" 422
http GET "/api/v1/courses?limit=ten"
expect_problem "limit=ten is 422" 422
expect_jq "the limit error names the field" '.errors[0].field == "limit"'
http GET "/api/v1/courses?level=expert"
expect_problem "an unknown level is 422" 422
http GET "/api/v1/courses?cursor=not-a-cursor"
expect_problem "a forged cursor is 400" 400
http GET "/api/v1/courses/99999999999999999999999"
expect_problem "a huge course id is 404" 404
http GET "/api/v1/courses/-5"
expect_problem "a negative course id is 404" 404
http GET "/api/v1/courses/1%27%20OR%20%271%27%3D%271"
expect_problem "SQL in a course slug is 404" 404
http GET "/api/v1/courses/%ff%fe%1b%5b2J"
expect_problem "junk bytes in a slug are 404" 404

head -c 2097152 /dev/zero | tr '\0' 'a' >"$T/big"
http POST /api/v1/users -H "$JSON" --data-binary @"$T/big"
expect_problem "a 2 MiB body is 413" 413
http POST /api/v1/users -H "$JSON" -H 'Transfer-Encoding: chunked' \
    --data-binary @"$T/big"
expect_problem "a 2 MiB chunked body is 413" 413

if guildd_alive; then ok "guildd survives every bad request"; else
	fail "guildd survives every bad request"
fi

# ---- registration, login, logout ---------------------------------------

post_json /api/v1/users '{"username": "Newbie_1", "email": "newbie@example.com",
    "password": "correct horse", "level": "advanced"}'
expect_eq "register answers 201" "$HTTP_STATUS" 201
expect_jq "register returns the private user" '.username == "newbie_1" and
    .email == "newbie@example.com" and .level == "advanced" and
    .role == "member" and (.id | type == "number") and
    (.created_at | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$"))'
post_json /api/v1/users '{"username": "NEWBIE_1", "email": "other@example.com",
    "password": "correct horse"}'
expect_problem "a duplicate username (any case) is 409" 409
post_json /api/v1/users '{"username": "newbie_2", "email": "NEWBIE@example.com",
    "password": "correct horse"}'
expect_problem "a duplicate email (any case) is 409" 409

post_json /api/v1/auth/tokens '{"login": "newbie_1", "password": "wrong horse"}'
expect_problem "login with a bad password is 401" 401
post_json /api/v1/auth/tokens '{"username": "newbie_1", "password": "correct horse",
    "label": "test-server"}'
expect_eq "login answers 201" "$HTTP_STATUS" 201
expect_jq "login returns a token and the user" \
    '(.token | startswith("gld_")) and .user.username == "newbie_1"'
expect_eq "token answers are not cached" "$(header Cache-Control)" no-store
TOKEN=$(jq -r .token "$T/body")
post_json /api/v1/auth/tokens \
    '{"email": "Newbie@Example.com", "password": "correct horse"}'
expect_eq "login by email answers 201" "$HTTP_STATUS" 201

http GET /api/v1/me -H "Authorization: Bearer $TOKEN"
expect_eq "/me with the token answers 200" "$HTTP_STATUS" 200
expect_jq "/me is the private profile" \
    '.username == "newbie_1" and .email == "newbie@example.com"'
if grep -q "$TOKEN" "$T/guildd.err"; then
	fail "the token never reaches the log"
else
	ok "the token never reaches the log"
fi
http DELETE /api/v1/auth/tokens/current -H "Authorization: Bearer $TOKEN"
expect_eq "logout answers 204" "$HTTP_STATUS" 204
http GET /api/v1/me -H "Authorization: Bearer $TOKEN"
expect_problem "the revoked token is refused with 401" 401
http DELETE /api/v1/auth/tokens/current -H "Authorization: Bearer $TOKEN"
expect_problem "logging out twice is 401" 401

# ---- the catalog --------------------------------------------------------

http GET "/api/v1/courses?limit=7"
expect_eq "first page answers 200" "$HTTP_STATUS" 200
expect_match "a page with more carries Link rel=next" "$(header Link)" \
    '^</api/v1/courses\?limit=7&cursor=[A-Za-z0-9_-]+>; rel="next"$'
: >"$T/ids"
cursor= pages=0 bad_page=
while [ "$pages" -lt 20 ]; do
	q="limit=7"
	[ -n "$cursor" ] && q="$q&cursor=$cursor"
	http GET "/api/v1/courses?$q"
	if [ "$HTTP_STATUS" != 200 ]; then bad_page=$HTTP_STATUS; break; fi
	jq -r '.items[].id' "$T/body" >>"$T/ids"
	pages=$((pages + 1))
	[ "$(jq -r .has_more "$T/body")" = true ] || break
	cursor=$(jq -r '.next_cursor // empty' "$T/body")
	[ -n "$cursor" ] || { bad_page="has_more without next_cursor"; break; }
done
expect_eq "every page answers 200" "${bad_page:-200}" 200
expect_jq "the last page has a null cursor" '.next_cursor == null'
total=$(wc -l <"$T/ids")
distinct=$(sort -u "$T/ids" | wc -l)
if [ "$total" -ge 30 ]; then ok "walking the pages finds $total courses"; else
	fail "walking the pages finds >= 30 courses" "found $total"
fi
expect_eq "no course appears twice" "$distinct" "$total"
http GET "/api/v1/courses?limit=100"
expect_jq "one big page matches the walk" ".items | length == $total"
expect_jq "newest first" '[.items[].created_at] as $c | $c == ($c | sort | reverse)'
expect_jq "all three levels are present" \
    '[.items[].level] | unique == ["advanced", "beginner", "intermediate"]'
expect_jq "some courses are in Chinese" \
    '[.items[] | select(.title | test("[\u4e00-\u9fff]"))] | length >= 5'
expect_jq "free and paid prices in fen" '([.items[].price.amount] | min == 0)
    and ([.items[].price.currency] | unique == ["CNY"])'

http GET "/api/v1/courses?cursor=&level=&limit=5"
expect_jq "empty query parameters count as absent" \
    '(.items | length) == 5 and .has_more'
http GET "/api/v1/courses?level=advanced&limit=100"
expect_jq "level=advanced returns only advanced courses" \
    '(.items | length > 0) and all(.items[]; .level == "advanced")'
http GET "/api/v1/courses?level=beginner&limit=3"
expect_match "the level filter travels in the Link" "$(header Link)" \
    'level=beginner&cursor='

first=$(head -1 "$T/ids")
http GET "/api/v1/courses/$first"
expect_eq "a course by id answers 200" "$HTTP_STATUS" 200
expect_jq "course detail has a description and an outline" \
    "(.id == $first) and (.description | length > 200) and
     (.lessons | length >= 3) and ((.lessons | length) == .lesson_count)"
slug=$(jq -r .slug "$T/body")
http GET "/api/v1/courses/$slug"
expect_jq "the same course by slug" ".id == $first"

http GET /api/v1/courses/modern-c
expect_jq "anonymous: previews are open" \
    '.lessons[0].preview and (.lessons[0].locked | not)'
expect_jq "anonymous: other lessons are locked" \
    '[.lessons[] | select(.preview | not) | .locked] | (length > 0 and all)'
expect_jq "anonymous: nothing is owned" '.owned == false'

post_json /api/v1/auth/tokens '{"login": "demo", "password": "guild-demo"}'
expect_eq "the demo member logs in" "$HTTP_STATUS" 201
DEMO=$(jq -r .token "$T/body")
http GET /api/v1/courses/ncurses-tui -H "Authorization: Bearer $DEMO"
expect_jq "an owned course is owned and unlocked" \
    '.owned and all(.lessons[]; .locked | not)'
http GET /api/v1/courses/modern-c -H "Authorization: Bearer $DEMO"
expect_jq "a course not owned stays locked for a member" \
    '(.owned | not) and any(.lessons[]; .locked)'

http GET /api/v1/courses/modern-c
etag=$(header ETag)
expect_match "GET carries a strong ETag" "$etag" '^"[0-9a-f]{32}"$'
rm -f "$T/body"	# curl leaves -o alone when no body arrives
http GET /api/v1/courses/modern-c -H "If-None-Match: $etag"
expect_eq "If-None-Match answers 304" "$HTTP_STATUS" 304
expect_eq "a 304 has no body" "$(cat "$T/body" 2>/dev/null | wc -c | tr -d ' ')" 0
expect_eq "a 304 repeats the ETag" "$(header ETag)" "$etag"
http GET /api/v1/courses/modern-c -H 'If-None-Match: "0000"'
expect_eq "a stale ETag gets the full 200" "$HTTP_STATUS" 200
http HEAD /api/v1/courses -I
expect_eq "HEAD is served like GET" "$HTTP_STATUS" 200

# ---- admin commands against the same database --------------------------

if printf 'operator-pass\n' | "$GUILDD_BIN" user add opsy --role operator \
    --email ops@example.com --password-stdin --db "$T/guild.db" \
    >"$T/add.out" 2>&1; then
	ok "guildd user add works beside a running server"
else
	fail "guildd user add works beside a running server" "$(cat "$T/add.out")"
fi
OPS=$("$GUILDD_BIN" user token opsy --label test --db "$T/guild.db" 2>"$T/tok.err")
expect_match "guildd user token prints a token" "$OPS" '^gld_[A-Za-z0-9_-]{43}$'
http GET /api/v1/me -H "Authorization: Bearer $OPS"
expect_jq "the minted token works" '.username == "opsy" and .role == "operator"'
"$GUILDD_BIN" user add opsy --db "$T/guild.db" >/dev/null 2>&1
expect_eq "adding a taken name fails with 1" "$?" 1
"$GUILDD_BIN" --no-such-option >/dev/null 2>&1
expect_eq "an unknown option exits 2" "$?" 2
"$GUILDD_BIN" user add --db "$T/guild.db" >/dev/null 2>&1
expect_eq "user add without a name exits 2" "$?" 2
"$GUILDD_BIN" user add someone --role wizard --db "$T/guild.db" >/dev/null 2>&1
expect_eq "a bad role exits 2" "$?" 2
"$GUILDD_BIN" --listen "${GUILD_URL#http://}" --db "$T/busy.db" \
    >/dev/null 2>"$T/busy.err"
expect_eq "a busy port exits 1" "$?" 1
expect_match "a busy port is named" "$(cat "$T/busy.err")" \
    'cannot listen on 127\.0\.0\.1:[0-9]+: Address already in use'
if [ -e "$T/busy.db" ]; then fail "a busy port creates no database"; else
	ok "a busy port creates no database"
fi
"$GUILDD_BIN" --threads 0 >/dev/null 2>&1
expect_eq "--threads 0 exits 2" "$?" 2
"$GUILDD_BIN" --listen nonsense --db "$T/x.db" >/dev/null 2>&1
expect_eq "a bad --listen exits 2" "$?" 2
expect_match "guildd --version" "$("$GUILDD_BIN" --version)" '^guildd [0-9]'
"$GUILDD_BIN" migrate --db "$T/m.db" >"$T/m1" 2>&1 &&
    "$GUILDD_BIN" migrate --db "$T/m.db" >"$T/m2" 2>&1
expect_match "migrate twice: the second does nothing" "$(cat "$T/m2")" \
    'nothing to do'

if guildd_alive; then ok "guildd is alive at the end"; else
	fail "guildd is alive at the end"
fi

# ---- a clean stop, and --demo again changes nothing ---------------------

kill -TERM "$GUILDD_PID"
wait "$GUILDD_PID"
expect_eq "SIGTERM stops guildd with status 0" "$?" 0
GUILDD_PID=
if grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error' "$T/guildd.err"; then
	fail "no sanitizer reports from guildd" \
	    "$(grep -E -A5 'Sanitizer|runtime error' "$T/guildd.err" | head -20)"
else
	ok "no sanitizer reports from guildd"
fi
guildd_start --demo
http GET "/api/v1/courses?limit=100"
expect_jq "--demo on a seeded database adds nothing" ".items | length == $total"
kill -INT "$GUILDD_PID"
wait "$GUILDD_PID"
expect_eq "SIGINT stops guildd with status 0" "$?" 0
GUILDD_PID=

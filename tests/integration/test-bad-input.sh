# Malformed and hostile requests to the discussion and Q&A routes: each
# gets exactly the expected 4xx as problem+json (type, title, status,
# detail), SQL metacharacters are only ever data, and guildd stays
# healthy afterwards.
. "$(dirname "$0")/../lib.sh"

JSON='Content-Type: application/json'

header() {
	grep -i "^$1:" "$T/headers" | tail -1 | sed 's/^[^:]*: *//' | tr -d '\r'
}
# The last response was problem+json for status $2, complete.
expect_problem() {
	if [ "$HTTP_STATUS" = "$2" ] &&
	    [ "$(header Content-Type)" = "application/problem+json" ] &&
	    jq -e --argjson s "$2" '(.type | startswith("urn:guild:problem:"))
	        and (.title | type == "string" and length > 0)
	        and .status == $s
	        and (.detail | type == "string" and length > 0)' \
	        "$T/body" >/dev/null 2>&1; then
		ok "$1"
	else
		fail "$1" "status $HTTP_STATUS (want $2), type" \
		    "'$(header Content-Type)': $(head -c 300 "$T/body")"
	fi
}
expect_jq() {
	if jq -e "$2" "$T/body" >/dev/null 2>&1; then ok "$1"; else
		fail "$1" "jq '$2' false for: $(head -c 300 "$T/body")"
	fi
}
as() {
	_tok=$1 _m=$2 _p=$3
	shift 3
	if [ $# -gt 0 ]; then
		http "$_m" "$_p" -H "Authorization: Bearer $_tok" -H "$JSON" \
		    --data-binary "$1"
	else
		http "$_m" "$_p" -H "Authorization: Bearer $_tok"
	fi
}
member() {
	http POST /api/v1/users -H "$JSON" --data-binary \
	    "{\"username\": \"$1\", \"email\": \"$1@example.com\",
	      \"password\": \"correct horse\"}"
	http POST /api/v1/auth/tokens -H "$JSON" --data-binary \
	    "{\"login\": \"$1\", \"password\": \"correct horse\"}"
	jq -r .token "$T/body"
}

if guildd_start --demo --post-rate 1000/min; then ok "guildd starts"; else
	fail "guildd starts"; exit 1
fi
EVE=$(member eve)
MAL=$(member mallory)
as "$MAL" POST /api/v1/threads \
    '{"category_id": 2, "title": "Mallory thread", "body": "mine"}'
MT=$(jq -r .id "$T/body")
as "$MAL" POST "/api/v1/threads/$MT/replies" '{"body": "my reply"}'
MR=$(jq -r .id "$T/body")
as "$MAL" POST /api/v1/questions \
    '{"title": "Mallory asks", "body": "why?", "tags": ["x"]}'
MQ=$(jq -r .id "$T/body")
as "$EVE" POST "/api/v1/questions/$MQ/answers" '{"body": "because"}'
EA=$(jq -r .id "$T/body")

# ---- bodies: types, encodings, sizes --------------------------------------

http POST /api/v1/threads -H "$JSON" \
    --data-binary '{"category_id": 2, "title": "t", "body": "b"}'
expect_problem "no token is 401" 401
as "$EVE" POST /api/v1/threads '{"category_id": 2, "title": "t",'
expect_problem "truncated JSON is 400" 400
as "$EVE" POST /api/v1/threads \
    "$(printf '{"category_id": 2, "title": "\377\376", "body": "b"}')"
expect_problem "invalid UTF-8 inside JSON is 400" 400
as "$EVE" POST /api/v1/threads '[{"category_id": 2}]'
expect_problem "a JSON array body is 400" 400
as "$EVE" POST /api/v1/threads '{"title": "a", "title": "b"}'
expect_problem "duplicate keys are 400" 400
as "$EVE" POST /api/v1/threads \
    '{"category_id": 2, "title": "t", "body": "a\u0000b"}'
expect_problem "a NUL escape in a string is 400" 400
http POST /api/v1/threads -H "Authorization: Bearer $EVE" \
    -H 'Content-Type: text/plain' --data-binary '{}'
expect_problem "a non-JSON content type is 415" 415
as "$EVE" POST /api/v1/threads '{}'
expect_problem "missing fields are 422" 422
expect_jq "422 lists each missing field" \
    '[.errors[].field] | sort == ["body", "category_id", "title"]'
as "$EVE" POST /api/v1/threads '{"category_id": "2", "title": 7, "body": []}'
expect_problem "wrong types are 422" 422
expect_jq "422 names every wrongly typed field" \
    '[.errors[].field] | sort == ["body", "category_id", "title"]'
as "$EVE" POST /api/v1/threads \
    '{"category_id": 999999, "title": "t", "body": "b"}'
expect_problem "an unknown category is 422" 422
as "$EVE" POST /api/v1/threads '{"category_id": -3, "title": "t", "body": "b"}'
expect_problem "a negative category id is 422" 422
as "$EVE" POST /api/v1/threads '{"category_id": 2, "title": "", "body": "b"}'
expect_problem "an empty title is 422" 422
as "$EVE" POST /api/v1/threads '{"category_id": 2, "title": "   ", "body": "b"}'
expect_problem "a blank title is 422" 422
as "$EVE" POST /api/v1/threads "{\"category_id\": 2, \"title\":
    \"$(printf '%0201d' 0)\", \"body\": \"b\"}"
expect_problem "a 201-character title is 422" 422
as "$EVE" POST /api/v1/threads \
    '{"category_id": 2, "title": "two\nlines", "body": "b"}'
expect_problem "a title with a newline is 422" 422
head -c 65537 /dev/zero | tr '\0' 'x' >"$T/big"
printf '{"category_id": 2, "title": "big", "body": "%s"}' "$(cat "$T/big")" \
    >"$T/big.json"
http POST /api/v1/threads -H "Authorization: Bearer $EVE" -H "$JSON" \
    --data-binary @"$T/big.json"
expect_problem "a body over 64 KiB is 422" 422
expect_jq "the 422 says the limit" '.detail | test("65536 bytes")'
head -c 65536 /dev/zero | tr '\0' 'y' >"$T/max"
printf '{"category_id": 2, "title": "max", "body": "%s"}' "$(cat "$T/max")" \
    >"$T/max.json"
http POST /api/v1/threads -H "Authorization: Bearer $EVE" -H "$JSON" \
    --data-binary @"$T/max.json"
expect_eq "a body of exactly 64 KiB is accepted (201)" "$HTTP_STATUS" 201
head -c 2097152 /dev/zero | tr '\0' 'z' >"$T/huge"
http POST /api/v1/threads -H "Authorization: Bearer $EVE" -H "$JSON" \
    --data-binary @"$T/huge"
expect_problem "a 2 MiB request is 413" 413
as "$EVE" POST "/api/v1/threads/$MT/replies" '{"body": "bell \u0007 here"}'
expect_problem "a control character in a body is 422" 422
as "$EVE" POST "/api/v1/threads/$MT/replies" '{"body": "x", "reply_to": "1"}'
expect_problem "a string reply_to is 422" 422
as "$EVE" POST "/api/v1/threads/$MT/replies" \
    '{"body": "x", "reply_to": 9223372036854775807}'
expect_problem "a reply_to that does not exist is 422" 422
as "$EVE" PATCH "/api/v1/replies/$MR" '{}'
expect_problem "an edit with nothing in it is 422" 422
as "$EVE" PATCH "/api/v1/threads/$MT" '{"pinned": "yes"}'
expect_problem "a non-boolean pinned is 422" 422

# ---- questions, tags, votes, accepting -------------------------------------

as "$EVE" POST /api/v1/questions \
    '{"title": "q", "body": "b", "tags": ["a", "b", "c", "d", "e", "f"]}'
expect_problem "six tags are 422" 422
as "$EVE" POST /api/v1/questions '{"title": "q", "body": "b", "tags": []}'
expect_problem "no tags are 422" 422
as "$EVE" POST /api/v1/questions '{"title": "q", "body": "b", "tags": "c"}'
expect_problem "tags as a string are 422" 422
as "$EVE" POST /api/v1/questions \
    '{"title": "q", "body": "b", "tags": ["two words"]}'
expect_problem "a tag with a space is 422" 422
as "$EVE" POST /api/v1/questions "{\"title\": \"q\", \"body\": \"b\",
    \"tags\": [\"$(printf '%033d' 0)\"]}"
expect_problem "a 33-byte tag is 422" 422
as "$EVE" PUT "/api/v1/questions/$MQ/vote" '{"value": 5}'
expect_problem "a vote of 5 is 422" 422
as "$EVE" PUT "/api/v1/questions/$MQ/vote" '{"value": "up"}'
expect_problem "a vote of \"up\" is 422" 422
as "$EVE" PUT "/api/v1/questions/$MQ/vote" '{"value": 0}'
expect_problem "a vote of 0 is 422 (DELETE takes a vote back)" 422
http PUT "/api/v1/questions/$MQ/vote" -H "Authorization: Bearer $EVE"
expect_problem "a vote without a body is 400" 400
as "$EVE" PUT "/api/v1/answers/$EA/vote" '{"value": 1}'
expect_problem "a vote on your own answer is 422" 422
as "$EVE" PUT "/api/v1/questions/$MQ/accepted-answer" "{\"answer_id\": $EA}"
expect_problem "accepting on another member's question is 403" 403
as "$MAL" PUT "/api/v1/questions/$MQ/accepted-answer" '{"answer_id": -1}'
expect_problem "a negative answer_id is 422" 422
as "$MAL" PUT "/api/v1/questions/$MQ/accepted-answer" '{"answer_id": 1.5}'
expect_problem "a fractional answer_id is 422" 422

# ---- other members' items --------------------------------------------------

as "$EVE" PATCH "/api/v1/threads/$MT" '{"title": "mine now"}'
expect_problem "editing another member's thread is 403" 403
as "$EVE" DELETE "/api/v1/replies/$MR"
expect_problem "deleting another member's reply is 403" 403
as "$EVE" PATCH "/api/v1/questions/$MQ" '{"body": "mine now"}'
expect_problem "editing another member's question is 403" 403
as "$MAL" DELETE "/api/v1/answers/$EA"
expect_problem "deleting another member's answer is 403" 403

# ---- ids and query parameters ----------------------------------------------

http GET /api/v1/threads/-1
expect_problem "a negative thread id is 404" 404
http GET /api/v1/threads/0
expect_problem "thread id 0 is 404" 404
http GET /api/v1/questions/99999999999999999999999
expect_problem "a question id past 64 bits is 404" 404
http GET "/api/v1/questions/1%20OR%201=1"
expect_problem "SQL in a path id is 404" 404
as "$EVE" DELETE /api/v1/threads/9223372036854775807/like
expect_problem "unliking a thread that does not exist is 404" 404
as "$EVE" POST /api/v1/questions/424242/answers '{"body": "hello?"}'
expect_problem "answering a question that does not exist is 404" 404
http PUT "/api/v1/threads/$MT" -H "Authorization: Bearer $EVE"
expect_problem "PUT on a thread is 405" 405
expect_match "405 lists the methods" "$(header Allow)" \
    'GET, HEAD, PATCH, DELETE'
http GET "/api/v1/threads?sort=hot"
expect_problem "an unknown thread sort is 422" 422
http GET "/api/v1/threads?sort=latest%27%3B%20DROP%20TABLE%20threads%3B--"
expect_problem "SQL in ?sort= is 422" 422
http GET "/api/v1/threads?category=1%20OR%201%3D1"
expect_problem "SQL in ?category= is 422" 422
http GET "/api/v1/questions?tag=%27%20OR%20%271%27%3D%271"
expect_problem "SQL in ?tag= is 422" 422
http GET "/api/v1/questions?sort=random"
expect_problem "an unknown question sort is 422" 422
http GET "/api/v1/threads?limit=0"
expect_problem "limit=0 is 422" 422
http GET "/api/v1/questions?limit=-5"
expect_problem "a negative limit is 422" 422
http GET "/api/v1/tags?limit=1000000"
expect_problem "a huge limit is 422" 422
http GET "/api/v1/threads?cursor=bm90LWEtY3Vyc29y"
expect_problem "a forged cursor is 400" 400
http GET "/api/v1/threads/$MT/replies?cursor=%ff%fe"
expect_problem "a cursor of junk bytes is 400" 400
http GET /api/v1/search
expect_problem "search without q is 422" 422
http GET /api/v1/search -G --data-urlencode "q=$(printf '%0201d' 0)"
expect_problem "a query over 200 bytes is 422" 422
http GET /api/v1/search -G --data-urlencode 'q=!!! ??? ...'
expect_problem "a query with no word is 422" 422
http GET /api/v1/search -G --data-urlencode 'q=x' --data-urlencode 'type=user'
expect_problem "an unknown search type is 422" 422
http GET /api/v1/threads -H 'Authorization: Bearer gld_forged'
expect_problem "a forged token is 401, even on a public list" 401

# ---- SQL and FTS syntax are data, never code ---------------------------------

as "$EVE" POST /api/v1/threads \
    "{\"category_id\": 2, \"title\": \"'); DROP TABLE threads; --\",
      \"body\": \"\\\" OR 1=1 -- NEAR(a b) * ^col:x\"}"
expect_eq "SQL metacharacters in a title are stored as text (201)" \
    "$HTTP_STATUS" 201
expect_jq "and read back verbatim" \
    '.title == "'"'"'); DROP TABLE threads; --"'
http GET /api/v1/search -G --data-urlencode 'q=" OR 1=1 -- NEAR(a b) * ^col:x'
expect_eq "FTS5 syntax in a query is searched for, not run (200)" \
    "$HTTP_STATUS" 200
http GET /api/v1/search -G --data-urlencode "q=DROP TABLE"
expect_jq "and finds the post that contains it" \
    'any(.items[]; .type == "thread" and (.title | contains("DROP TABLE")))'
expect_eq "the threads table is still there" \
    "$(sqlite3 "$T/guild.db" "SELECT count(*) > 20 FROM threads")" 1

# ---- still healthy -------------------------------------------------------

http GET /healthz
expect_eq "healthz still answers 200" "$HTTP_STATUS" 200
if guildd_alive; then ok "guildd survives every bad request"; else
	fail "guildd survives every bad request"
fi
if grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error' "$T/guildd.err"; then
	fail "no sanitizer reports" "$(grep -E -A5 'Sanitizer|runtime error' \
	    "$T/guildd.err" | head -20)"
else
	ok "no sanitizer reports"
fi

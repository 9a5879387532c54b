# Q&A over raw HTTP: one member asks, another answers, the asker accepts
# (nobody else may); votes that count once, change and come back, never
# on your own post; answers ordered accepted first, then by score; tags
# with counts; views; edit and delete rules; full-text search that finds
# English and Chinese; and the posting rate limit's 429 with Retry-After.
. "$(dirname "$0")/../lib.sh"

JSON='Content-Type: application/json'

header() {
	grep -i "^$1:" "$T/headers" | tail -1 | sed 's/^[^:]*: *//' | tr -d '\r'
}
expect_problem() {
	if [ "$HTTP_STATUS" = "$2" ] &&
	    [ "$(header Content-Type)" = "application/problem+json" ] &&
	    jq -e --argjson s "$2" '.status == $s and (.detail | length > 0)' \
	        "$T/body" >/dev/null 2>&1; then
		ok "$1"
	else
		fail "$1" "status $HTTP_STATUS (want $2): $(head -c 300 "$T/body")"
	fi
}
expect_jq() {
	if jq -e "$2" "$T/body" >/dev/null 2>&1; then ok "$1"; else
		fail "$1" "jq '$2' false for: $(head -c 400 "$T/body")"
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
activity() {
	sqlite3 "$T/guild.db" "SELECT count(*) FROM activity WHERE $1"
}

if guildd_start --demo --post-rate 1000/min; then ok "guildd starts"; else
	fail "guildd starts"; exit 1
fi
ASKER=$(member asker)
HELPER=$(member helper)
THIRD=$(member third)
http POST /api/v1/auth/tokens -H "$JSON" \
    --data-binary '{"login": "admin", "password": "guild-admin"}'
OPS=$(jq -r .token "$T/body")
uid() { sqlite3 "$T/guild.db" "SELECT id FROM users WHERE username = '$1'"; }
ASKER_ID=$(uid asker)
HELPER_ID=$(uid helper)

# ---- ask, answer, accept -------------------------------------------------

as "$ASKER" POST /api/v1/questions '{"title": "Why is zanzibarquux slow?",
    "body": "My **zanzibarquux** loop takes ages.", "tags": ["C", "Perf", "c"]}'
expect_eq "a member asks (201)" "$HTTP_STATUS" 201
expect_jq "tags are folded and deduplicated" '.tags == ["c", "perf"]'
expect_jq "a new question has no score, answers or views" \
    '.score == 0 and .answer_count == 0 and .accepted_answer_id == null and
     .answers == [] and .author.username == "asker"'
Q=$(jq -r .id "$T/body")
expect_match "201 names the question in Location" "$(header Location)" \
    "^/api/v1/questions/$Q\$"
as "$HELPER" POST "/api/v1/questions/$Q/answers" \
    '{"body": "Hoist the allocation out of the loop."}'
expect_eq "another member answers (201)" "$HTTP_STATUS" 201
A1=$(jq -r .id "$T/body")
expect_jq "the answer is as posted" ".question_id == $Q and
    .author.username == \"helper\" and .score == 0 and (.accepted | not)"
as "$THIRD" POST "/api/v1/questions/$Q/answers" '{"body": "Profile first."}'
A2=$(jq -r .id "$T/body")
expect_eq "answer_created targets the asker" \
    "$(activity "kind = 'answer_created' AND subject_id = $A1 AND
        actor_id = $HELPER_ID AND target_user_id = $ASKER_ID")" 1

as "$HELPER" PUT "/api/v1/questions/$Q/accepted-answer" "{\"answer_id\": $A1}"
expect_problem "only the asker accepts (403)" 403
as "$OPS" PUT "/api/v1/questions/$Q/accepted-answer" "{\"answer_id\": $A1}"
expect_problem "not even an operator accepts for them (403)" 403
as "$ASKER" PUT "/api/v1/questions/$Q/accepted-answer" "{\"answer_id\": $A1}"
expect_eq "the asker accepts (200)" "$HTTP_STATUS" 200
expect_jq "the question names its accepted answer" \
    ".accepted_answer_id == $A1 and .answers[0].id == $A1 and
     .answers[0].accepted and (.answers[1].accepted | not)"
expect_eq "answer_accepted targets the answerer" \
    "$(activity "kind = 'answer_accepted' AND subject_id = $A1 AND
        target_user_id = $HELPER_ID")" 1
as "$ASKER" PUT "/api/v1/questions/$Q/accepted-answer" "{\"answer_id\": $A1}"
expect_eq "accepting again changes nothing" \
    "$(activity "kind = 'answer_accepted' AND subject_id = $A1")" 1
DEMO_ANSWER=$(sqlite3 "$T/guild.db" "SELECT min(id) FROM answers
    WHERE question_id <> $Q")
as "$ASKER" PUT "/api/v1/questions/$Q/accepted-answer" \
    "{\"answer_id\": $DEMO_ANSWER}"
expect_problem "accepting another question's answer is 422" 422
expect_jq "the 422 names answer_id" '.errors[0].field == "answer_id"'

# ---- votes ---------------------------------------------------------------

as "$HELPER" PUT "/api/v1/questions/$Q/vote" '{"value": 1}'
expect_jq "an upvote scores 1" '.vote == 1 and .score == 1'
as "$HELPER" PUT "/api/v1/questions/$Q/vote" '{"value": 1}'
expect_jq "the same vote again is still 1" '.vote == 1 and .score == 1'
as "$HELPER" PUT "/api/v1/questions/$Q/vote" '{"value": -1}'
expect_jq "changing the vote to -1 scores -1" '.vote == -1 and .score == -1'
as "$HELPER" GET "/api/v1/questions/$Q"
expect_jq "the voter sees their vote" '.my_vote == -1 and .score == -1'
as "$HELPER" DELETE "/api/v1/questions/$Q/vote"
expect_jq "removing the vote brings the score back to 0" \
    '.vote == 0 and .score == 0'
as "$HELPER" DELETE "/api/v1/questions/$Q/vote"
expect_jq "removing it twice is harmless" '.score == 0'
expect_eq "votes cast: +1 and -1 (the repeat is not an event)" \
    "$(activity "kind = 'vote_cast' AND subject_type = 'question' AND
        subject_id = $Q AND target_user_id = $ASKER_ID")" 2
expect_eq "votes removed: the +1 on change, the -1 on delete" \
    "$(activity "kind = 'vote_removed' AND subject_id = $Q")" 2
as "$ASKER" PUT "/api/v1/questions/$Q/vote" '{"value": 1}'
expect_problem "voting on your own question is 422" 422
as "$HELPER" PUT "/api/v1/answers/$A1/vote" '{"value": 1}'
expect_problem "voting on your own answer is 422" 422

# Ordering: accepted first, then score, then oldest.
as "$ASKER" PUT "/api/v1/answers/$A2/vote" '{"value": 1}'
as "$HELPER" PUT "/api/v1/answers/$A2/vote" '{"value": 1}'
expect_jq "answer votes add up" '.score == 2'
http GET "/api/v1/questions/$Q"
expect_jq "the accepted answer is listed first, above a better score" \
    "[.answers[].id] == [$A1, $A2]"
as "$ASKER" DELETE "/api/v1/questions/$Q/accepted-answer"
expect_jq "unaccepting clears the mark" '.accepted_answer_id == null and
    all(.answers[]; .accepted | not)'
expect_jq "then answers go by score" "[.answers[].id] == [$A2, $A1]"
expect_eq "answer_unaccepted is emitted" \
    "$(activity "kind = 'answer_unaccepted' AND subject_id = $A1")" 1
as "$ASKER" PUT "/api/v1/questions/$Q/accepted-answer" "{\"answer_id\": $A2}"
as "$ASKER" PUT "/api/v1/questions/$Q/accepted-answer" "{\"answer_id\": $A1}"
expect_jq "switching the accepted answer" ".accepted_answer_id == $A1 and
    [.answers[].id] == [$A1, $A2]"
expect_eq "switching unaccepts the old one" \
    "$(activity "kind = 'answer_unaccepted' AND subject_id = $A2")" 1

# ---- lists, tags, views --------------------------------------------------

http GET "/api/v1/tags?limit=100"
expect_jq "tags come with counts" \
    '(.items | length > 5) and any(.items[]; .name == "perf" and .count == 1)'
expect_jq "tags: most used first" \
    '[.items[].count] as $c | $c == ($c | sort | reverse)'
http GET "/api/v1/questions?tag=perf"
expect_jq "?tag= lists that tag's questions" "[.items[].id] == [$Q]"
http GET "/api/v1/questions?tag=PERF"
expect_jq "?tag= ignores ASCII case" "[.items[].id] == [$Q]"
http GET "/api/v1/questions?sort=unanswered&limit=100"
expect_jq "unanswered lists no answered question" \
    "(.items | length > 0) and all(.items[]; .answer_count == 0)"
http GET "/api/v1/questions?sort=votes&limit=100"
expect_jq "votes: highest score first" \
    '[.items[].score] as $s | $s == ($s | sort | reverse)'
http GET "/api/v1/questions?limit=100"
expect_jq "newest first, with tags and counts" \
    "(.items[0].id == $Q) and .items[0].answer_count == 2 and
     .items[0].body == null"

# Views: once per viewer an hour, however often they read.
v0=$(sqlite3 "$T/guild.db" "SELECT views FROM questions WHERE id = $Q")
as "$THIRD" GET "/api/v1/questions/$Q"
as "$THIRD" GET "/api/v1/questions/$Q"
as "$THIRD" GET "/api/v1/questions/$Q"
v1=$(sqlite3 "$T/guild.db" "SELECT views FROM questions WHERE id = $Q")
expect_eq "three reads by one member are one view" "$((v1 - v0))" 1

# ---- edits and deletes ---------------------------------------------------

as "$HELPER" PATCH "/api/v1/questions/$Q" '{"title": "Not my question"}'
expect_problem "editing another member's question is 403" 403
as "$ASKER" PATCH "/api/v1/questions/$Q" \
    '{"title": "Why is my zanzibarquux loop slow?", "tags": ["c", "loops"]}'
expect_jq "the asker edits title and tags" \
    '.title == "Why is my zanzibarquux loop slow?" and
     .tags == ["c", "loops"] and .edited_at != null'
http GET "/api/v1/questions?tag=perf"
expect_jq "a dropped tag no longer lists the question" '.items == []'
as "$OPS" PATCH "/api/v1/questions/$Q" '{"body": "Moderated body."}'
expect_jq "an operator edits any question" '.body == "Moderated body."'
as "$ASKER" PATCH "/api/v1/answers/$A1" '{"body": "not mine"}'
expect_problem "editing another member's answer is 403" 403
as "$HELPER" PATCH "/api/v1/answers/$A1" '{"body": "Hoist it, and reuse it."}'
expect_jq "the answerer edits their answer" \
    '.body == "Hoist it, and reuse it." and .edited_at != null'
as "$ASKER" DELETE "/api/v1/answers/$A2"
expect_problem "deleting another member's answer is 403" 403
as "$OPS" DELETE "/api/v1/answers/$A1"
expect_eq "an operator deletes any answer (204)" "$HTTP_STATUS" 204
http GET "/api/v1/questions/$Q"
expect_jq "deleting the accepted answer clears the mark" \
    ".accepted_answer_id == null and .answer_count == 1 and
     [.answers[].id] == [$A2]"
as "$THIRD" DELETE "/api/v1/answers/$A2"
expect_eq "the answerer deletes their own answer (204)" "$HTTP_STATUS" 204

# ---- search ---------------------------------------------------------------

as "$ASKER" POST /api/v1/questions '{"title": "缓存淘汰策略怎么选？",
    "body": "我们用哈希表加双向链表实现了 LRU 缓存。", "tags": ["算法"]}'
ZH=$(jq -r .id "$T/body")
http GET "/api/v1/search" -G --data-urlencode "q=zanzibarquux"
expect_jq "search finds an English post by a word of its title" \
    "any(.items[]; .type == \"question\" and .id == $Q)"
http GET "/api/v1/search" -G --data-urlencode "q=哈希表"
expect_jq "search finds a Chinese post by a word in its body" \
    "any(.items[]; .type == \"question\" and .id == $ZH)"
http GET "/api/v1/search" -G --data-urlencode "q=缓存"
expect_jq "a two-character Chinese word is enough" \
    "any(.items[]; .id == $ZH and (.snippet | contains(\"缓存\")))"
http GET "/api/v1/search" -G --data-urlencode "q=淘汰 策略"
expect_jq "every word must match" "any(.items[]; .id == $ZH)"
http GET "/api/v1/search" -G --data-urlencode "q=缓存 zanzibarquux"
expect_jq "words of two posts find neither" "all(.items[]; .id != $ZH)"
http GET "/api/v1/search" -G --data-urlencode "q=zanzib"
expect_jq "English words match as prefixes" "any(.items[]; .id == $Q)"
http GET "/api/v1/search" -G --data-urlencode "q=sqlite"
expect_jq "demo threads, questions and courses are all found" \
    '[.items[].type] | unique | contains(["course", "question", "thread"])'
expect_jq "results carry title, snippet and a score" \
    'all(.items[]; (.title | length > 0) and (.snippet | type == "string")
     and (.score | type == "number"))'
http GET "/api/v1/search" -G --data-urlencode "q=sqlite" \
    --data-urlencode "type=question"
expect_jq "?type= narrows the kinds" \
    '(.items | length > 0) and all(.items[]; .type == "question")'

# ---- the posting rate limit ------------------------------------------------

guildd_stop
if guildd_start --post-rate 2/min; then ok "guildd restarts with 2/min"; else
	fail "guildd restarts with 2/min"; exit 1
fi
as "$HELPER" POST "/api/v1/questions/$Q/answers" '{"body": "one"}'
as "$HELPER" POST "/api/v1/questions/$Q/answers" '{"body": "two"}'
expect_eq "posts within the rate pass" "$HTTP_STATUS" 201
as "$HELPER" POST "/api/v1/questions/$Q/answers" '{"body": "three"}'
expect_problem "one post too many is 429" 429
retry=$(header Retry-After)
expect_match "429 carries Retry-After in seconds" "$retry" '^[0-9]+$'
if [ "${retry:-0}" -ge 1 ] && [ "${retry:-0}" -le 30 ]; then
	ok "Retry-After is when one post frees up ($retry s)"
else
	fail "Retry-After is when one post frees up" "got '$retry'"
fi
expect_jq "the problem says when to try again" \
    '.type == "urn:guild:problem:rate-limited" and
     (.detail | test("try again in [0-9]+ seconds?"))'
as "$THIRD" POST "/api/v1/questions/$Q/answers" '{"body": "mine"}'
expect_eq "the limit is per member" "$HTTP_STATUS" 201
as "$HELPER" PUT "/api/v1/questions/$Q/vote" '{"value": 1}'
expect_eq "votes are not posts" "$HTTP_STATUS" 200
as "$HELPER" POST /api/v1/threads \
    '{"category_id": 1, "title": "t", "body": "b"}'
expect_problem "threads share the posting limit (429)" 429
expect_eq "a refused post leaves nothing behind" \
    "$(sqlite3 "$T/guild.db" "SELECT count(*) FROM answers
        WHERE body = 'three'")" 0

if guildd_alive; then ok "guildd is alive at the end"; else
	fail "guildd is alive at the end"
fi

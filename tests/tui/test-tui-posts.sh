# Discussions and Q&A in the TUI against a real demo guildd, logged in as
# demo: categories, threads (s sorts them) and a thread's replies; R
# replies through $EDITOR (a script) and the reply appears, on screen and
# in the API; + likes; a one-line reply typed in place; c starts a
# thread and asks a question; in Q&A t filters by tag and s sorts, + and
# - vote and the score follows, A accepts on one's own question and only
# says why not on another's; a resize while the editor runs; with guildd
# stopped a reply is kept as a draft whose id the status bar gives; a
# thread of 2,000 replies scrolls to its end with every key handled
# (GUILD_TRACE); u jumps to the first reply posted since the last visit;
# hostile text in posts reaches the screen only as replacements.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

command -v sqlite3 >/dev/null 2>&1 || { fail "sqlite3 is installed"; exit 1; }
if ! guildd_start --demo; then fail "guildd starts with --demo"; exit 1; fi
ok "guildd starts with --demo"
DB="$T/guild.db"
DEMO=$("$GUILDD_BIN" user token demo --db "$DB")
ADA=$("$GUILDD_BIN" user token ada --db "$DB")
expect_match "guildd gives demo a token" "$DEMO" '^gld_'
expect_match "and ada one" "$ADA" '^gld_'
export GUILD_TOKEN="$DEMO"
unset VISUAL

# line_is N TEXT: row N (1-based) of the pane has TEXT (no pattern).
line_is() { pane | sed -n "$1p" | grep -qF -- "$2"; }

# api METHOD PATH TOKEN [JSON]: the body of the answer on stdout.
api() {
	if [ $# -ge 4 ]; then
		curl -s -X "$1" -H "Authorization: Bearer $3" \
			-H 'Content-Type: application/json' -d "$4" "$GUILD_URL$2"
	else
		curl -s -X "$1" -H "Authorization: Bearer $3" "$GUILD_URL$2"
	fi
}

# The editor: writes $T/reply.txt over the template (a reply needs no
# marker line), after waiting for $T/go when $T/hold exists.
cat >"$T/editor.sh" <<EOF
#!/bin/sh
cp "\$1" '$T/template.txt'
: >'$T/editing'
if [ -e '$T/hold' ]; then
	while [ ! -e '$T/go' ]; do sleep 0.05; done
fi
cat '$T/reply.txt' >"\$1"
EOF
chmod +x "$T/editor.sh"
RUN="EDITOR='$T/editor.sh' GUILD_TRACE='$T/trace' '$GUILD_BIN'"

# ---- browse: categories, threads, a thread ------------------------------

thread=$(api GET '/api/v1/threads?category=general&limit=1' "$DEMO")
tid=$(printf '%s' "$thread" | jq -r '.items[0].id')
ttitle=$(printf '%s' "$thread" | jq -r '.items[0].title')
replies=$(api GET "/api/v1/threads/$tid/replies?limit=100" "$DEMO")
# A reply by someone else, to like and to answer.
rid=$(printf '%s' "$replies" |
	jq -r '[.items[] | select(.author.username != "demo")][0].id')
rauthor=$(printf '%s' "$replies" | jq -r ".items[] | select(.id == $rid) |
	.author.username")
rlikes=$(printf '%s' "$replies" | jq -r ".items[] | select(.id == $rid) |
	.like_count")
rliked=$(printf '%s' "$replies" | jq -r ".items[] | select(.id == $rid) |
	.liked")
rpos=$(printf '%s' "$replies" | jq -r "[.items[].id] | index($rid) + 1")
expect_match "the newest general thread has a reply by another member" \
	"$rid" '^[0-9]+$'

start_tui 100x30 "$RUN"
poll "the catalog shows first" 20 line_has 2 'Title'
keys 3
poll "3 shows the Discussions pane with its categories" 10 \
	pane_has "Announcements"
expect_match "the tab bar names the pane" "$(pane | sed -n 1p)" \
	'3 Discussions'
poll "a study group in Chinese is listed" 5 pane_has "学习小组"
keys j Enter
poll "Enter opens General: its threads, newest activity first" 10 \
	line_is 3 "$(printf '%s' "$ttitle" | cut -c1-30)"
expect_match "the list has its columns" "$(pane | sed -n 2p)" \
	'Thread.*Author.*Replies'
top=$(api GET '/api/v1/threads?category=general&sort=top&limit=1' "$DEMO" |
	jq -r '.items[0].title')
keys s
poll "s orders the threads by likes" 10 line_has 2 'by likes'
poll "the most liked thread comes first" 10 \
	line_is 3 "$(printf '%s' "$top" | cut -c1-30)"
keys s
poll "s again: by latest activity" 10 line_has 2 'by latest activity'
poll "the newest thread is first again" 10 \
	line_is 3 "$(printf '%s' "$ttitle" | cut -c1-30)"
keys Enter
poll "Enter opens the thread: its title" 10 pane_has "$ttitle"
poll "and its replies, each with its author" 10 pane_has "($rauthor)"
poll "the status bar offers the post keys" 10 \
	line_has 30 'R reply.*\+ like'

# ---- R: a reply through the editor ---------------------------------------

# select N: g, then ] N times, selects reply N.
select() {
	keys g
	_i=0
	while [ "$_i" -lt "$1" ]; do keys ']'; _i=$((_i + 1)); done
}
select "$rpos"
poll "] moves the selection to the reply by $rauthor" 5 \
	line_has 30 "reply $rpos/"
text="A reply from the tmux test, $$."
printf '%s\n' "$text" >"$T/reply.txt"
keys R
poll "R runs the editor, then shows the preview" 10 \
	pane_has "Preview of your reply to $rauthor"
expect_match "the template quotes the reply answered" \
	"$(cat "$T/template.txt")" '^> '
poll "the preview shows the text" 5 pane_has "$text"
poll "and asks what to do" 5 pane_has "y, Enter: send"
poll "the draft is saved before it is sent" 5 \
	pane_has_re 'Saved as draft [0-9]{8}-'
keys y
poll "y sends it: the reply appears in the thread" 10 pane_has "$text"
poll "the status says so" 5 line_has 30 "Sent your reply to $rauthor"
got=$(api GET "/api/v1/threads/$tid/replies?limit=100" "$DEMO" |
	jq -r --arg t "$text" '.items[] | select(.body == $t) | .reply_to')
expect_eq "the API has the reply, answering that reply" "$got" "$rid"
expect_eq "the sent draft is gone" \
	"$(ls "$XDG_STATE_HOME/guild/drafts" 2>/dev/null | wc -l | tr -d ' ')" 0

# ---- + likes --------------------------------------------------------------

nrep=$(api GET "/api/v1/threads/$tid/replies?limit=100" "$DEMO" |
	jq '.items | length')
poll "the new reply is selected, the last one" 10 \
	line_has 30 "reply $nrep/$nrep "
keys '['
poll "[ selects the one before it" 10 line_has 30 "reply $((nrep - 1))/"
select "$rpos"
poll "g and ] select the reply by $rauthor again" 10 \
	line_has 30 "reply $rpos/"
if [ "$rliked" = true ]; then want=$((rlikes - 1)); else want=$((rlikes + 1)); fi
if [ "$want" -eq 1 ]; then wl="1 like"; else wl="$want likes"; fi
keys +
poll "+ changes the like count on screen ($rlikes to $want)" 10 \
	pane_has_re "\\($rauthor\\) · [^·]+ · $wl"
got=$(api GET "/api/v1/threads/$tid/replies?limit=100" "$DEMO" |
	jq -r ".items[] | select(.id == $rid) | .like_count")
expect_eq "the API agrees" "$got" "$want"

# ---- i: a one-line reply, typed in place ----------------------------------

keys i
poll "i opens the one-line editor" 5 pane_has "Reply to $rauthor:"
keys -l 'quick 回复 tset'
keys BSpace BSpace BSpace BSpace
keys -l 'test'
keys C-a
keys -l '> '
poll "the line edits in place (C-a, Backspace, wide characters)" 5 \
	pane_has "Reply to $rauthor: > quick 回复 test"
keys C-a Right Right C-k
keys -l 'One line, 回复.'
poll "C-k cuts to the end, typing inserts at the cursor" 5 \
	pane_has "Reply to $rauthor: > One line, 回复."
keys C-a Delete Delete Enter
poll "Enter sends it: the editor closes" 10 \
	pane_lacks "Reply to $rauthor: >"
poll "and it appears in the thread" 10 pane_has "One line, 回复."
one_line_author() {
	api GET "/api/v1/threads/$tid/replies?limit=100" "$DEMO" |
		jq -r '.items[] | select(.body == "One line, 回复.") |
		.author.username'
}
api_has_one_line() { [ "$(one_line_author)" = demo ]; }
poll "the API has the one-line reply" 10 api_has_one_line

# ---- c: a new thread, a new question ---------------------------------------

printf 'Title: A thread from the tmux test\n--- write below this line ---\nStarted with **c**.\n' >"$T/reply.txt"
keys Escape
poll "Esc goes back to the threads of General" 10 line_has 2 'Thread.*Author'
keys c
poll "c composes a thread: the preview shows its title" 10 \
	pane_has "A thread from the tmux test"
poll "and names the category" 5 pane_has "Preview of your thread in General"
keys y
poll "y posts it and opens it" 10 line_has 3 'A thread from the tmux test'
poll "with its body" 5 pane_has "Started with c."
keys Escape
poll "the list has it first" 10 line_is 3 "A thread from the tmux test"
keys Enter
poll "back in the new thread" 10 pane_has "Started with c."

# ---- Q&A: votes ------------------------------------------------------------

qs=$(api GET '/api/v1/questions?sort=newest&limit=100' "$DEMO")
qid=$(printf '%s' "$qs" | jq -r '[.items[] | select(.author.username !=
	"demo" and .my_vote == 0 and (.title | test("^[ -~]+$")))][0].id')
qtitle=$(printf '%s' "$qs" | jq -r ".items[] | select(.id == $qid) | .title")
qscore=$(printf '%s' "$qs" | jq -r ".items[] | select(.id == $qid) | .score")
qauthor=$(printf '%s' "$qs" | jq -r ".items[] | select(.id == $qid) |
	.author.username")
qword=$(printf '%s' "$qtitle" | cut -c1-20)
keys 4
poll "4 shows the Q&A pane with scores and answer counts" 10 \
	line_has 2 'Score.*Answers.*Question'
poll "an accepted answer is marked in the list" 5 pane_has_re '✓ [0-9]'
nsql=$(api GET '/api/v1/questions?tag=sqlite&limit=100' "$DEMO" |
	jq '.items | length')
keys t
poll "t asks for a tag" 5 line_has 30 'tag \(empty for all\): '
keys -l sqlite
keys Enter
poll "Enter shows the questions tagged sqlite" 10 line_has 2 'tag sqlite, newest'
poll "all $nsql of them, and no others" 10 \
	sh -c "[ \"\$(tmux -S '$SOCK' capture-pane -p -t guild |
	sed -n '3,29p' | grep -c '[^ ]')\" -eq $nsql ]"
keys s
poll "s sorts them by votes" 10 line_has 2 'tag sqlite, by votes'
keys s
poll "s again: the unanswered ones" 10 line_has 2 'tag sqlite, unanswered'
keys s
poll "s again: the newest first" 10 line_has 2 'tag sqlite, newest'
poll "the list has loaded" 10 line_lacks 30 'Loading|Refreshing'
keys Escape
poll "Esc drops the tag: all questions again" 10 line_lacks 2 'tag sqlite'
keys /
keys -l "$qword"
keys Enter Enter
# The question's own line of facts ends with its number.
qline="· question #$qid"
poll "/ finds the question by $qauthor and Enter opens it" 10 \
	pane_has_re "score $qscore · .*$qline"
keys +
poll "+ votes it up: the score follows ($qscore to $((qscore + 1)))" 10 \
	pane_has_re "score $((qscore + 1)) \\(your vote \\+1\\) · .*$qline"
keys +
poll "+ again takes the vote back" 10 pane_has_re "score $qscore · .*$qline"
keys -
poll "- votes it down" 10 \
	pane_has_re "score $((qscore - 1)) \\(your vote -1\\) · .*$qline"
got=$(api GET "/api/v1/questions/$qid" "$DEMO" | jq -r '.score')
expect_eq "the API has the down vote" "$got" "$((qscore - 1))"
keys 0
poll "0 takes the vote back" 10 pane_has_re "score $qscore · .*$qline"
keys A
poll "A on another member's question only says who may accept" 5 \
	line_has 30 "Only $qauthor, who asked, can accept an answer"
got=$(api GET "/api/v1/questions/$qid" "$DEMO" | jq -r '.accepted_answer_id')
expect_eq "and nothing changed" "$got" \
	"$(printf '%s' "$qs" | jq -r ".items[] | select(.id == $qid) |
	.accepted_answer_id")"
keys Escape

printf 'Title: Asked from the tmux test?\nTags: testing, tmux\n--- write below this line ---\nWith `c` in Q&A.\n' >"$T/reply.txt"
keys Escape
poll "Esc goes back to the questions" 10 line_has 2 'Score.*Question'
keys c
poll "c asks a question: the preview has its title" 10 \
	pane_has "Asked from the tmux test?"
poll "and its tags" 5 pane_has_re "Tags +testing, tmux"
keys y
poll "y asks it and opens it" 10 line_has 3 'Asked from the tmux test\?'
poll "with its tags and body" 5 pane_has "Tags: testing, tmux"
got=$(api GET '/api/v1/questions?tag=tmux' "$DEMO" | jq -r '.items[0].title')
expect_eq "the API has the question" "$got" "Asked from the tmux test?"
keys Escape

# ---- Q&A: accepting on one's own question ---------------------------------

mine=$(api POST /api/v1/questions "$DEMO" '{"title": "Tmux test: which answer wins?", "body": "Asked by **demo**.", "tags": ["testing"]}' |
	jq -r '.id')
expect_match "demo asks a question through the API" "$mine" '^[0-9]+$'
aid=$(api POST "/api/v1/questions/$mine/answers" "$ADA" \
	'{"body": "Ada answers: this one."}' | jq -r '.id')
expect_match "ada answers it" "$aid" '^[0-9]+$'
keys r
poll "r reloads the questions: the new one is there" 10 \
	pane_has "Tmux test: which"
keys /
keys -l 'which answer wins'
keys Enter Enter
poll "the question opens with ada's answer" 10 pane_has "Ada answers: this one."
poll "the asker is told that A accepts" 5 \
	pane_has "you asked, so A accepts the selected one"
keys ']'
poll "] selects the answer" 5 line_has 30 'answer 1 of 1.*A accept \(you asked\)'
keys A
poll "A accepts it: the accepted mark shows" 10 pane_has "✓ accepted"
poll "the status names whose answer" 5 \
	line_has 30 "Accepted the answer by ada"
got=$(api GET "/api/v1/questions/$mine" "$DEMO" | jq -r '.accepted_answer_id')
expect_eq "the API has the accepted answer" "$got" "$aid"
keys A
poll "A again takes the acceptance back" 10 pane_lacks "✓ accepted"
keys A
poll "and A accepts it again" 10 pane_has "✓ accepted"

# ---- a resize while the editor runs ----------------------------------------

keys 3
poll "back in the new thread" 5 pane_has "Started with c."
: >"$T/hold"
rm -f "$T/editing" "$T/go"
printf 'Written while the window changed.\n' >"$T/reply.txt"
keys R
poll "the editor runs" 10 test -e "$T/editing"
tm resize-window -t guild -x 80 -y 24
poll "the terminal is 80x24 now" 5 pane_rows 24
: >"$T/go"
poll "after the editor the preview is drawn at the new size" 10 \
	line_has 23 'y, Enter: send'
widest=$(pane | wc -L)
expect_eq "no line is wider than 80 columns" \
	"$([ "$widest" -le 80 ] && echo yes || echo "no: $widest")" yes
rm -f "$T/hold"
keys x
poll "x asks before discarding" 5 pane_has "Discard this"
keys y
poll "y discards it" 5 line_has 24 "Discarded your reply"
expect_eq "and its draft is gone" \
	"$(ls "$XDG_STATE_HOME/guild/drafts" 2>/dev/null | wc -l | tr -d ' ')" 0

# ---- the server is gone: drafts keep the text -------------------------------

guildd_stop
printf 'Sent while guildd was down.\n' >"$T/reply.txt"
keys R
poll "with guildd stopped R still composes" 10 pane_has "Preview of your"
keys y
poll "the send fails: the status bar says it is kept, and where" 15 \
	line_has 24 'could not send: .*kept as draft [0-9]{8}-'
id=$(pane | sed -n 24p | sed -n 's/.*kept as draft \([0-9A-Za-z_-]*\).*/\1/p')
expect_match "the status bar gives the draft's id" "$id" '^[0-9]{8}-'
check "the draft file exists" test -f "$XDG_STATE_HOME/guild/drafts/$id"
expect_match "and holds the text" \
	"$(cat "$XDG_STATE_HOME/guild/drafts/$id")" 'Sent while guildd was down'
poll "the preview stays with why and how to retry" 5 \
	pane_has "y tries again"
keys d
poll "d keeps it as a draft" 5 line_has 24 "Kept as draft $id"
keys i
keys -l 'A quick one, offline.'
keys Enter
poll "a failed one-line reply opens its preview with why" 15 \
	pane_has "Could not send"
keys Escape
poll "Esc keeps it as a draft too" 5 line_has 24 "Kept as draft"
expect_eq "two drafts are kept" \
	"$(ls "$XDG_STATE_HOME/guild/drafts" | wc -l | tr -d ' ')" 2
quit_tui "q exits 0 after composing, voting and the failed sends"

# ---- 2,000 replies ----------------------------------------------------------

if ! guildd_start; then fail "guildd starts again"; exit 1; fi
ok "guildd starts again"
sqlite3 "$DB" "PRAGMA busy_timeout = 10000;
INSERT INTO threads (category_id, author_id, title, body, last_activity_at,
    created_at)
  VALUES ((SELECT id FROM categories WHERE slug = 'general'),
    (SELECT id FROM users WHERE username = 'ada'), 'Two thousand replies',
    'A **long** thread.', strftime('%s', 'now') - 9000,
    strftime('%s', 'now') - 9000);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO replies (thread_id, author_id, reply_to, body, created_at)
  SELECT (SELECT max(id) FROM threads),
    (SELECT id FROM users WHERE username =
      CASE i % 3 WHEN 0 THEN 'ada' WHEN 1 THEN 'kai' ELSE 'sofia' END),
    NULL, 'Reply number ' || i || ' of the long thread, with *Markdown*.' ||
      CASE WHEN i % 7 = 0 THEN char(10) || char(10) || '- one' || char(10) ||
      '- two' ELSE '' END,
    strftime('%s', 'now') - 2000 + i FROM n;" >/dev/null ||
	fail "the long thread is inserted"
long=$(sqlite3 "$DB" "SELECT max(id) FROM threads")
expect_eq "the long thread counts its 2000 replies" \
	"$(api GET "/api/v1/threads/$long" "$DEMO" | jq -r '.reply_count')" 2000
rm -f "$T/trace"
start_tui 100x30 "$RUN"
poll "the TUI starts again" 20 line_has 2 'Title'
keys 3
poll "the Discussions pane" 10 pane_has "Announcements"
keys j Enter
poll "the long thread leads General" 10 line_has 3 'Two thousand replies'
keys Enter
poll "it opens" 10 pane_has "A long thread."
poll "the first page of replies shows" 10 pane_has "Reply number 1 of"
sent=0
while [ "$sent" -lt 60 ]; do keys NPage; sent=$((sent + 1)); done
poll "60 PgDn read on through the pages as they load" 20 \
	line_has 30 'reply [0-9]{3,}/[0-9]+\+'
keys G
sent=$((sent + 1))
poll "G goes to the last reply" 30 pane_has "Reply number 2000 of"
poll "the status bar counts it" 5 line_has 30 'reply 2000/2000 '
keys k k g
sent=$((sent + 3))
poll "g comes back to the top" 5 pane_has "A long thread."
keys ']' ']' ']'
sent=$((sent + 3))
poll "] steps through the replies" 5 line_has 30 'reply 3/2000 '
poll "every key was handled ($sent)" 10 \
	test "$(grep -c '^key ' "$T/trace")" -ge "$sent"
slow=$(awk '/^key / && $2 > 250 { n++ } END { print n + 0 }' "$T/trace")
expect_eq "no key took a quarter of a second" "$slow" 0
keys G
poll "G again" 10 pane_has "Reply number 2000 of"
quit_tui "q exits 0 after the long thread"
check "the read marks are saved" grep -qE "^$long [0-9]+ http" \
	"$XDG_STATE_HOME/guild/read"

# ---- u: the first reply since the last visit --------------------------------

api POST "/api/v1/threads/$long/replies" "$ADA" \
	'{"body": "Posted after your last visit."}' >/dev/null
start_tui 100x30 "$RUN"
poll "the TUI starts a third time" 20 line_has 2 'Title'
keys 3 j Enter
poll "General again" 10 line_has 3 'Two thousand replies'
keys Enter
poll "the long thread opens at its top" 10 pane_has "A long thread."
keys u
poll "u pages on to the first unread reply" 30 \
	pane_has "Posted after your last visit."
poll "it is marked new" 5 pane_has_re '\(ada\) · [^·]+ · 0 likes · new'
expect_match "and selected" "$(pane | sed -n 30p)" 'reply 2001/2001 '
quit_tui "q exits 0 after the unread jump"

# ---- hostile text in posts ---------------------------------------------------

# hex TEXT: printf's interpretation of TEXT as hex for an SQL X'' literal.
hex() { printf "$1" | od -An -tx1 | tr -d ' \n'; }
E='\033'
osc52="$E]52;c;cHduZWQ=\007"		# clipboard := "pwned"
osc0="$E]0;HACKED-TITLE\007"
cls="$E[2J"
R='�'
sqlite3 "$DB" "PRAGMA busy_timeout = 10000;
UPDATE categories SET name = CAST(X'$(hex "Cat AAA${osc0}BBB")' AS TEXT)
  WHERE slug = 'announcements';
UPDATE threads SET title = CAST(X'$(hex "Evil CCC${osc52}DDD")' AS TEXT),
    body = CAST(X'$(hex "Body EEE${cls}FFF")' AS TEXT)
  WHERE id = (SELECT min(t.id) FROM threads t JOIN categories c
    ON c.id = t.category_id WHERE c.slug = 'announcements');
UPDATE replies SET body = CAST(X'$(hex "Reply GGG${osc0}HHH")' AS TEXT)
  WHERE id = (SELECT min(r.id) FROM replies r JOIN threads t
    ON t.id = r.thread_id JOIN categories c ON c.id = t.category_id
    WHERE c.slug = 'announcements' AND t.id = (SELECT min(t2.id) FROM
    threads t2 WHERE t2.category_id = c.id));
UPDATE users SET display_name = CAST(X'$(hex "Op III${cls}JJJ")' AS TEXT)
  WHERE username = 'admin';
UPDATE questions SET title = CAST(X'$(hex "Ask KKK${osc52}LLL")' AS TEXT)
  WHERE id = (SELECT max(id) FROM questions);" >/dev/null ||
	fail "the hostile posts are stored"
start_tui 100x30 "$RUN"
tm set-option -g set-clipboard on
title_before=$(tm display-message -p -t guild '#{pane_title}')
poll "the TUI starts a fourth time" 20 line_has 2 'Title'
keys 3
poll "a hostile category name shows a replacement" 10 \
	pane_has "Cat AAA${R}BBB"
keys g Enter
poll "so does a hostile thread title" 10 pane_has "Evil CCC${R}DDD"
keys Enter
poll "the thread's body shows one" 10 pane_has_re "Body EEE${R}+FFF"
poll "so does a hostile author name" 5 pane_has_re "Op III${R}+JJJ"
poll "and a hostile reply" 5 pane_has_re "Reply GGG${R}+HHH"
keys 4
poll "a hostile question title shows a replacement" 10 \
	pane_has "Ask KKK${R}LLL"
poll "the tab bar is intact" 5 line_has 1 '1 Cat[a-z]* +2 Pro.*4 Q&A'
expect_eq "the pane title is unchanged" \
	"$(tm display-message -p -t guild '#{pane_title}')" "$title_before"
expect_eq "no tmux buffer was set (no clipboard write)" \
	"$(tm list-buffers 2>&1)" ""
quit_tui "q exits 0 after the hostile posts"

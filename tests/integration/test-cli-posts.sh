#!/bin/sh
# guild's discussion and Q&A commands driven by two members through the
# real binaries: ask, answer, accept; votes and their scores; threads
# and replies from -m, stdin and the editor, read back in order with the
# reply-to quotes; search in English and Chinese; --json output; the
# posting rate limit (429) keeping the draft and saying when to retry.
. "$(dirname "$0")/../lib.sh"

export COLUMNS=120

# as WHO ARGS...: runs guild as alice (a) or bob (b), each with a state
# dir of its own (token file, drafts); keeps OUT, ERR and RC.
as() {
	_who=$1
	shift
	XDG_STATE_HOME="$T/state-$_who" "$GUILD_BIN" "$@" >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}
# anon ARGS...: guild without a token.
anon() {
	XDG_STATE_HOME="$T/state-anon" "$GUILD_BIN" "$@" >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}
# member WHO NAME: registers NAME and logs in with a 0600 token file.
member() {
	mkdir -p "$T/state-$1"
	printf 'correct horse battery\n' >"$T/pw"
	as "$1" register --username "$2" --email "$2@example.com" \
	    --password-stdin <"$T/pw"
	expect_eq "register $2" "$RC" 0
	as "$1" login --username "$2" --password-stdin --insecure-storage \
	    <"$T/pw"
	expect_eq "login $2" "$RC" 0
	rm -f "$T/pw"
}
# The number after WORD in OUT ("Asked question 12" -> 12).
num_after() {
	printf '%s\n' "$OUT" | sed -n "s/.*$1 \([0-9][0-9]*\).*/\1/p" | head -1
}
# The first line number of OUT matching the fixed string S, or 0.
line_of() {
	printf '%s\n' "$OUT" | grep -nF -- "$1" | head -1 | cut -d: -f1 |
	    grep . || echo 0
}

if guildd_start --demo --post-rate 1000/min; then ok "guildd starts"; else
	fail "guildd starts"; exit 1
fi
member a alice
member b bob

# ---- usage and auth ------------------------------------------------------
anon post --thread 1 -m "hello"
expect_eq "post without a token exits 4" "$RC" 4
expect_match "post without a token says to log in" "$ERR" "run guild login"
as a ask -m "no title"
expect_eq "ask without --title is a usage error (2)" "$RC" 2
as a vote q1 sideways
expect_eq "a bad vote is a usage error (2)" "$RC" 2
as a vote x1 up
expect_eq "a bad vote item is a usage error (2)" "$RC" 2
as a post --thread 1 -m "one" --file /dev/null
expect_eq "-m and --file together is a usage error (2)" "$RC" 2
as a post --thread 999999 -m "nowhere"
expect_eq "a reply to a missing thread exits 1" "$RC" 1
expect_match "a missing thread is named" "$ERR" "no thread 999999"
as a drafts
expect_eq "a missing thread leaves no draft" "$OUT" "No drafts."

# ---- Q&A: ask, answer, accept ------------------------------------------
as a ask --title "How do I free a linked list without leaks?" \
    --tags c,memory -m "Every node I \`malloc\` leaks. What is the idiom?"
expect_eq "alice asks (exit 0)" "$RC" 0
expect_match "ask names the question" "$OUT" '^Asked question [0-9]+'
QID=$(num_after question)
as b answer "$QID" -m "Keep the next pointer before you \`free\` the node."
expect_eq "bob answers (exit 0)" "$RC" 0
AID=$(num_after answer)
expect_match "answer names the answer and question" "$OUT" \
    "^Posted answer $AID to question $QID"
as b accept "$AID"
expect_eq "bob may not accept on alice's question (exit 1)" "$RC" 1
expect_match "the refusal is the server's 403" "$ERR" "Forbidden"
as a accept "a$AID"
expect_eq "alice accepts (exit 0)" "$RC" 0
expect_match "accept says so" "$OUT" "Accepted answer $AID on question $QID"
http GET "/api/v1/questions/$QID"
expect_eq "the question's accepted answer" \
    "$(jq -r .accepted_answer_id "$T/body")" "$AID"
as a accept "$AID" --undo
expect_eq "accept --undo exits 0" "$RC" 0
http GET "/api/v1/questions/$QID"
expect_eq "after --undo nothing is accepted" \
    "$(jq -r .accepted_answer_id "$T/body")" "null"
as a accept "$AID" --undo
expect_eq "undoing again exits 1" "$RC" 1
as a accept "$AID"
expect_eq "accept again exits 0" "$RC" 0

# A second answer, voted up, still comes after the accepted one.
as a answer "q$QID" -m "Answering my own: a loop with a temporary."
AID2=$(num_after answer)
as b vote "a$AID2" up
expect_eq "bob votes an answer up" "$RC" 0
as a question "$QID"
expect_eq "question exits 0" "$RC" 0
acc=$(line_of "Answer $AID ")
other=$(line_of "Answer $AID2 ")
if [ "$acc" -gt 0 ] && [ "$other" -gt "$acc" ]; then
	ok "the accepted answer comes first"
else
	fail "the accepted answer comes first" "lines $acc and $other"
fi
expect_match "the accepted answer is marked" "$OUT" \
    "Answer $AID · ✓ accepted · score 0"
expect_match "the other answer shows its score" "$OUT" \
    "Answer $AID2 · score 1"
expect_match "the body is rendered Markdown" "$OUT" \
    "Keep the next pointer before you free the node"
as a questions --tag memory
expect_match "questions marks the accepted answer" "$OUT" \
    "^ *$QID +0 +✓ 2 +How do I free a linked list"

# ---- votes ---------------------------------------------------------------
as b vote "q$QID" up
expect_match "bob votes up: score 1" "$OUT" "score is 1\.$"
as b vote "q$QID" up
expect_match "the same vote again: still 1" "$OUT" "score is 1\.$"
http GET "/api/v1/questions/$QID"
expect_eq "the server agrees: score 1" "$(jq -r .score "$T/body")" 1
as b vote "$QID" none
expect_match "bob takes the vote back: score 0" "$OUT" "score is 0\.$"
as b vote "$QID" down
expect_match "a bare number is a question: score -1" "$OUT" "score is -1\.$"
as b vote "$QID" none
as a vote "q$QID" up
expect_eq "voting on your own question exits 1" "$RC" 1
expect_match "with the server's 422 detail" "$ERR" \
    "^guild: .*you cannot vote on your own question"
as a vote "$AID" up --answer
expect_eq "vote N --answer votes on the answer" "$RC" 0
expect_match "the answer's score" "$OUT" "answer $AID; its score is 1\.$"
as b vote "a$AID" up
expect_eq "voting on your own answer exits 1" "$RC" 1
expect_match "with the server's detail" "$ERR" \
    "you cannot vote on your own answer"

# ---- threads and replies ---------------------------------------------------
as a thread new --category general --title "Testing in C" \
    -m "What do you use for **unit tests**?"
expect_eq "thread new exits 0" "$RC" 0
TID=$(num_after thread)
expect_match "thread new names the thread" "$OUT" "^Posted thread $TID"
echo "cmocka, with one file per module." >"$T/in"
as b post --thread "$TID" <"$T/in"
expect_eq "a reply from stdin" "$RC" 0
R1=$(num_after reply)
as a post --thread "$TID" --reply-to "$R1" -m "Same, with **ASan** on."
expect_eq "a reply with -m and --reply-to" "$RC" 0
R2=$(num_after reply)
cat >"$T/editor.sh" <<'EOF'
#!/bin/sh
# The member's editor: keeps a copy of the template, writes below it.
cp "$1" "$EDITOR_SEEN"
printf 'Written in the editor.\n' >>"$1"
EOF
chmod +x "$T/editor.sh"
EDITOR_SEEN="$T/seen.md" EDITOR="sh $T/editor.sh" \
    as b post --thread "$TID" --reply-to "$R1" --edit </dev/null
expect_eq "a reply written in EDITOR" "$RC" 0
R3=$(num_after reply)
check "the template quotes the parent reply" \
    grep -qxF "> cmocka, with one file per module." "$T/seen.md"
check "the template has the marker" \
    grep -qxF -- "--- write below this line ---" "$T/seen.md"
as b post --thread "$TID" -m "A top-level reply again."
R4=$(num_after reply)

as a thread "$TID"
expect_eq "thread exits 0" "$RC" 0
l1=$(line_of "#$R1 ")
l2=$(line_of "#$R2 ")
l3=$(line_of "#$R3 ")
l4=$(line_of "#$R4 ")
if [ "$l1" -gt 0 ] && [ "$l2" -gt "$l1" ] && [ "$l3" -gt "$l2" ] &&
    [ "$l4" -gt "$l3" ]; then
	ok "the replies come in the order they were written"
else
	fail "the replies come in the order they were written" \
	    "lines $l1 $l2 $l3 $l4"
fi
expect_match "a top-level reply is not indented" "$OUT" "^#$R1 @bob"
expect_match "a reply to a reply is indented" "$OUT" "^    #$R2 @alice"
expect_match "under a quote of its parent" "$OUT" "^    > @bob wrote:"
expect_match "the parent's first line is quoted" "$OUT" \
    "^    > cmocka, with one file per module\."
expect_match "the nested body is indented more" "$OUT" \
    "^      Same, with ASan on\.$"
expect_match "the editor's reply is there" "$OUT" \
    "^      Written in the editor\.$"
expect_match "the thread body is rendered" "$OUT" \
    "^What do you use for unit tests\?$"
as a thread "$TID" --json
if printf '%s\n' "$OUT" | jq -e --argjson r1 "$R1" \
    '(.replies | length) == 4 and .replies[1].reply_to == $r1 and
     .replies[3].reply_to == null' >/dev/null 2>&1; then
	ok "thread --json holds every reply"
else
	fail "thread --json holds every reply" "$(printf '%s' "$OUT" | head -c 300)"
fi
as a threads --category general
expect_match "threads lists the new thread" "$OUT" \
    "^ *$TID +Testing in C +alice +4 +"
as a threads --json
check "threads --json is JSON with items" \
    jq -e '.items | length > 0' "$T/out"
as a questions --json --sort votes
check "questions --json is JSON with items" \
    jq -e '.items | length > 0' "$T/out"
as a categories --json
check "categories --json is JSON" jq -e '.items[0].slug' "$T/out"

# ---- search ------------------------------------------------------------------
as a thread new --title "链表内存泄漏怎么排查" -m "每个节点都没有释放，valgrind 报告很多泄漏。"
CTID=$(num_after thread)
as b search 内存泄漏
expect_eq "search exits 0" "$RC" 0
expect_match "search finds the Chinese post" "$OUT" "^thread $CTID  链表内存泄漏"
as b search linked list
expect_match "search finds the English post" "$OUT" "^question $QID  How do I free"
as b search --json linked
check "search --json is JSON" jq -e --argjson q "$QID" \
    '[.items[] | select(.type == "question" and .id == $q)] | length == 1' \
    "$T/out"
as b search zzqqxxnothing
expect_match "an empty search says so" "$OUT" "^Nothing found"

# ---- drafts are gone after success ---------------------------------------
as a drafts
expect_eq "alice has no drafts left" "$OUT" "No drafts."
as b drafts --json
check "drafts --json is JSON" jq -e '.items | length == 0' "$T/out"

# ---- the posting rate limit ------------------------------------------------
guildd_stop
if guildd_start --post-rate 2/min; then ok "guildd restarts with 2 posts a minute"; else
	fail "guildd restarts with 2 posts a minute"; exit 1
fi
# The token file is kept per server URL, and the port is new.
printf 'correct horse battery\n' >"$T/pw"
as b login --username bob --password-stdin --insecure-storage <"$T/pw"
rm -f "$T/pw"
expect_eq "bob logs in to the new guildd" "$RC" 0
n=0
RC=0
while [ "$RC" -eq 0 ] && [ "$n" -lt 5 ]; do
	n=$((n + 1))
	as b post --thread "$TID" -m "Post number $n."
done
expect_eq "the third post is refused (exit 1)" "$n/$RC" "3/1"
expect_match "guild says when to retry" "$ERR" \
    "^guild: could not send: you are posting too fast: retry in [0-9]+ s"
expect_match "and where the draft is kept" "$ERR" \
    "Your text is kept as draft [0-9a-f-]+ in $T/state-b/guild/drafts/[0-9a-f-]+; retry with: guild drafts send"
DID=$(printf '%s\n' "$ERR" | sed -n 's/.*kept as draft \([^ ]*\) in.*/\1/p')
check "the draft file is there" test -f "$T/state-b/guild/drafts/$DID"
as b drafts
expect_match "guild drafts lists it" "$OUT" "^$DID +reply +thread $TID +Post number 3\."
as b drafts send "$DID"
expect_eq "sending it again while limited exits 1" "$RC" 1
check "the draft is still kept" test -f "$T/state-b/guild/drafts/$DID"

#!/bin/sh
# Points through the real binaries: four members ask, answer, vote,
# accept, start threads, reply and like with guild commands; then
# guild leaderboard (text and --json) and guild points show exactly the
# points the rules give; replaying the same votes, accepts and likes
# awards nothing more; unvote and unaccept take points back; ties share
# a dense rank; my own row is marked, and shown below the page when I am
# not on it.
. "$(dirname "$0")/../lib.sh"

export COLUMNS=100

. "$(dirname "$0")/lib-community.sh"

# pts NAME: NAME's balance as guild points prints it.
pts() {
	anon points "$1"
	printf '%s\n' "$OUT" | sed -n "s/^$1: \([0-9]*\) point.*/\1/p"
}
# board: "rank name points" lines of guild leaderboard --json.
board() {
	anon leaderboard --json "$@"
	printf '%s\n' "$OUT" | jq -r '.items[] | "\(.rank) \(.username) \(.points)"'
}
# like WHO THREAD: a like through the API (guild has no like command).
like() {
	http PUT "/api/v1/threads/$2/like" -H @"$T/hdr-$1"
}

if guildd_start --post-rate 1000/min; then ok "guildd starts"; else
	fail "guildd starts"; exit 1
fi
# A fresh database has no categories (--demo would add members with points).
sqlite3 "$T/guild.db" "INSERT INTO categories (slug, name) VALUES
    ('general', 'General')"
for m in ann bob cat dan; do member "$m"; done

# ---- scripted activity ------------------------------------------------------
as ann ask --title "How do I rank members?" --tags sql -m "Dense or not?"
Q=$(num_after question)
as bob answer "$Q" -m "Dense ranks: ties share one."
A1=$(num_after answer)
as cat answer "$Q" -m "Row numbers, surely."
as ann vote "a$A1" up
as dan vote "a$A1" up
as dan vote "q$Q" up
as cat vote "a$A1" down
as ann accept "$A1"
expect_eq "ann accepts bob's answer" "$RC" 0
as cat thread new --category general --title "Ranking ideas" -m "Share them."
T1=$(num_after thread)
expect_match "cat starts a thread" "$OUT$ERR" "^Posted thread [0-9]+"
as dan post --thread "$T1" -m "Dense, please."
expect_eq "dan replies" "$RC" 0
as ann post --thread "$T1" -m "Agreed."
expect_eq "ann replies" "$RC" 0
like bob "$T1"
expect_eq "bob likes cat's thread" "$HTTP_STATUS" 200
like ann "$T1"

# question +5, reply +2, accepted an answer +2, question upvote +5
expect_eq "ann: 5 + 2 + 2 + 5 = 14" "$(pts ann)" 14
# answer +2, two answer upvotes +10 +10, a downvote -2, accepted +15
expect_eq "bob: 2 + 10 + 10 - 2 + 15 = 35" "$(pts bob)" 35
# answer +2, thread +5, two likes received +1 +1
expect_eq "cat: 2 + 5 + 1 + 1 = 9" "$(pts cat)" 9
expect_eq "dan: a reply, 2" "$(pts dan)" 2
expect_eq "the leaderboard has them in order" \
    "$(board | tr '\n' ',')" "1 bob 35,2 ann 14,3 cat 9,4 dan 2,"

# ---- replaying awards nothing ------------------------------------------------
as ann vote "a$A1" up
expect_match "the same vote again keeps the score" "$OUT" "score is 1\.$"
as dan vote "q$Q" up
as dan vote "a$A1" up
as ann accept "$A1"
expect_eq "accepting again exits 0" "$RC" 0
like bob "$T1"
like ann "$T1"
expect_eq "replayed: the board is unchanged" \
    "$(board | tr '\n' ',')" "1 bob 35,2 ann 14,3 cat 9,4 dan 2,"

# ---- reversals ---------------------------------------------------------------
as ann accept "$A1" --undo
expect_eq "unaccept takes back 15 from bob" "$(pts bob)" 20
expect_eq "and 2 from ann" "$(pts ann)" 12
as ann accept "$A1"
expect_eq "accepting again gives bob the 15 again" "$(pts bob)" 35
expect_eq "and ann her 2" "$(pts ann)" 14
as cat vote "a$A1" none
expect_eq "removing the downvote gives bob 2 back" "$(pts bob)" 37
as dan vote "q$Q" none
expect_eq "removing the upvote takes 5 from ann" "$(pts ann)" 9

# ---- the board ---------------------------------------------------------------
expect_eq "ties share a dense rank" "$(board | sort | tr '\n' ',')" \
    "1 bob 37,2 ann 9,2 cat 9,3 dan 2,"
anon leaderboard --json --period week
check "--json is valid JSON" jq -e '.period == "week" and
    (.items | length) == 4' "$T/out"
expect_eq "the week board has the same points" \
    "$(jq -r '[.items[].points] | join(" ")' "$T/out")" "37 9 9 2"
anon leaderboard --json --limit 2
check "--limit 2 gives two rows and says there are more" \
    jq -e '(.items | length) == 2 and .has_more == true' "$T/out"
anon leaderboard --json --limit 3
check "--limit 3 follows the cursor to the third row" \
    jq -e '(.items | length) == 3' "$T/out"
anon leaderboard
expect_eq "anonymous: exit 0" "$RC" 0
expect_match "anonymous: bob first" "$OUT" "^ *1  bob +3 +37$"
case "$OUT" in *"(you)"*) fail "anonymous: no row is marked" "$OUT" ;;
*) ok "anonymous: no row is marked" ;; esac
as ann leaderboard
expect_match "ann's row is marked" "$OUT" "^ *2  ann \(you\) +2 +9$"
expect_match "cat shares rank 2" "$OUT" "^ *2  cat +2 +9$"
as dan leaderboard --limit 2
expect_match "off the page: a separator" "$OUT" "^ *…"
expect_match "then the member above dan" "$OUT" "^ *2  (ann|cat) +2 +9$"
expect_match "then dan's row, marked" "$OUT" "^ *3  dan \(you\) +1 +2$"
expect_match "and a line with dan's rank" "$OUT" "You are #3 with 2 points"
LANG=C LC_ALL=C as dan leaderboard --limit 2
expect_match "LANG=C: an ASCII separator" "$OUT" "^ *\.\.\."
check "LANG=C: the output is ASCII" sh -c \
    "! LC_ALL=C grep -q '[^ -~]' '$T/out'"
as dan leaderboard --period sometimes
expect_eq "a bad --period is a usage error (2)" "$RC" 2

# ---- points and the ledger ---------------------------------------------------
anon points bob
expect_eq "guild points MEMBER works anonymously" "$RC" 0
expect_eq "bob's level and the way to the next" "$OUT" \
    "bob: 37 points, level 3 (28 more to reach level 4 at 65)"
as bob points --json --limit 100
expect_eq "bob's ledger is exactly the rules' entries" \
    "$(jq -r '[.ledger[] | "\(.rule) \(.delta)"] | sort | join(",")' \
    "$T/out")" \
    "answer_accepted 15,answer_accepted 15,answer_created 2,answer_upvote 10,answer_upvote 10,downvote -2,reversal:answer_accepted -15,reversal:downvote 2"
as ann points
expect_eq "guild points for myself exits 0" "$RC" 0
expect_match "my summary" "$OUT" "^ann: 9 points, level 2 \(11 more"
expect_match "rules in words" "$OUT" "\+5 +you asked a question +question $Q"
expect_match "a reversal in words" "$OUT" "-5 +taken back: "
anon points
expect_eq "guild points without a login exits 4" "$RC" 4
expect_match "and says to log in" "$ERR" "guild login"
anon points nobody
expect_eq "an unknown member exits 1" "$RC" 1
expect_match "and is named" "$ERR" "no member 'nobody'"

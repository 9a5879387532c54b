# Referrals over raw HTTP against a real guildd: a member's code and
# link, which opens a page with the code; registering with it links the
# new member and gives the referrer referral_joined (+10) once, even when
# the registration is replayed; an unknown code is 422 on referral_code
# and creates nobody; the referred member's first paid purchase gives
# referral_first_purchase (+50) once; /me/referrals lists them; 401
# without a token; `guildd user add` gives a code too; the demo's
# referrals.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-shop.sh"

register() {
	post_json /api/v1/users "{\"username\": \"$1\",
	    \"email\": \"$1@example.com\", \"password\": \"correct horse\"
	    ${2:+, \"referral_code\": \"$2\"}}"
}
me() { http GET "$2" -H "Authorization: Bearer $1"; }
points() {
	http GET "/api/v1/users/$1/points"
	jq -r .points "$T/body"
}

if guildd_start --demo; then ok "guildd starts"; else
	fail "guildd starts"; exit 1
fi
register amy
A=$(login amy "correct horse")
me "$A" /api/v1/me/referral
expect_jq "amy has a code of 8 unambiguous characters" \
    '.code | test("^[2-9A-HJKMNP-Z]{8}$")'
CODE=$(jq -r .code "$T/body")
expect_jq "the link is the server's with the code" \
    ".link == \"$GUILD_URL/join?ref=$CODE\" and .joined == 0 and
     .points == 0"
me "$A" /api/v1/me/referral
expect_jq "the code stays the same" ".code == \"$CODE\""
me "$A" /api/v1/me/referrals
expect_jq "nobody joined yet" '.items == [] and .has_more == false'
http GET "/join?ref=$CODE"
expect_eq "the link opens a page" "$HTTP_STATUS" 200
expect_match "the page names amy and the code" "$(cat "$T/body")" \
    "<strong>amy</strong> invited you.*<code>$CODE</code>"
expect_match "it is HTML" "$(header Content-Type)" '^text/html'
http GET "/join?ref=%3Cscript%3E"
expect_eq "a link with a bad code is 404" "$HTTP_STATUS" 404
expect_match "whose page says so" "$(cat "$T/body")" 'not valid'

# ---- registering with the code ---------------------------------------------

register zed NOTACODE
expect_problem "an unknown code is 422" 422
expect_jq "the 422 names referral_code" \
    '.errors[0].field == "referral_code"'
expect_eq "and nobody was created" \
    "$(sql "SELECT count(*) FROM users WHERE username = 'zed'")" 0

LOWER=$(printf '%s' "$CODE" | tr 'A-Z' 'a-z')
register ben "$LOWER"
expect_eq "ben registers with amy's code (any case)" "$HTTP_STATUS" 201
expect_eq "ben is referred by amy" "$(sql "SELECT r.username FROM users u
    JOIN users r ON r.id = u.referred_by WHERE u.username = 'ben'")" amy
expect_eq "amy has 10 points" "$(points amy)" 10
me "$A" /api/v1/me/points/ledger
expect_jq "amy's ledger has referral_joined +10" \
    '[.items[] | [.rule, .delta]] == [["referral_joined", 10]]'
register ben "$CODE"
expect_problem "replaying the registration is a conflict" 409
expect_eq "and awards nothing more" "$(points amy)" 10
register cyd
expect_eq "a member may register without a code" "$HTTP_STATUS" 201
expect_eq "cyd is nobody's referral" \
    "$(sql "SELECT referred_by IS NULL FROM users WHERE username = 'cyd'")" 1
expect_eq "cyd has a code of their own" "$(sql "SELECT length(referral_code)
    FROM users WHERE username = 'cyd'")" 8

me "$A" /api/v1/me/referrals
expect_jq "amy's referrals list ben, not purchased, 10 points" \
    '[.items[] | [.username, .purchased, .points]] ==
     [["ben", false, 10]] and (.items[0].joined_at | length) > 0'
me "$A" /api/v1/me/referral
expect_jq "amy's summary: one joined, 10 points" \
    '.joined == 1 and .points == 10'

# ---- ben's purchases ---------------------------------------------------------

B=$(login ben "correct horse")
http GET "/api/v1/courses?price=paid&limit=2"
C1=$(jq -r '.items[0].id' "$T/body")
C2=$(jq -r '.items[1].id' "$T/body")
buy "$B" "$C1" "ref-$$-1"
pay "$CHECKOUT_URL" "4242 4242 4242 4242"
expect_eq "ben pays for a course" "$PAGE_STATUS" 200
expect_eq "amy has 60 points after ben's first purchase" "$(points amy)" 60
buy "$B" "$C2" "ref-$$-2"
pay "$CHECKOUT_URL" "4242 4242 4242 4242"
expect_eq "ben pays for another" "$PAGE_STATUS" 200
expect_eq "the second purchase gives amy nothing more" "$(points amy)" 60
me "$A" /api/v1/me/points/ledger
expect_jq "amy's ledger: referral_first_purchase +50 once" \
    '[.items[] | select(.rule == "referral_first_purchase") | .delta] ==
     [50]'
me "$A" /api/v1/me/referrals
expect_jq "ben now shows purchased and 60 points" \
    '[.items[] | [.username, .purchased, .points]] == [["ben", true, 60]]'
me "$A" /api/v1/me/referral
expect_jq "amy's summary: 60 points" '.joined == 1 and .points == 60'
me "$B" /api/v1/me/referrals
expect_jq "ben referred nobody" '.items == []'

DEMO=$(login demo guild-demo)
me "$DEMO" /api/v1/me/referrals
expect_jq "the demo member has two seeded referrals, one who bought" \
    '([.items[] | [.purchased, .points]] | sort) ==
     [[false, 10], [true, 60]]'

# ---- from the shell ---------------------------------------------------------

expect_match "the join page shows the guild command" "$(curl -s \
    "$GUILD_URL/join?ref=$CODE")" "guild --server .* register --referral-code $CODE"
if printf 'correct horse\n' | "$GUILD_BIN" register --username cat \
    --email cat@example.com --referral-code "$CODE" --password-stdin \
    >"$T/reg.out" 2>&1; then
	ok "guild register --referral-code succeeds"
else
	fail "guild register --referral-code succeeds" "$(cat "$T/reg.out")"
fi
expect_eq "cat is referred by amy" "$(sql "SELECT r.username FROM users u
    JOIN users r ON r.id = u.referred_by WHERE u.username = 'cat'")" amy
if printf 'correct horse\n' | "$GUILD_BIN" register --username cid \
    --email cid@example.com --referral-code NOPE2345 --password-stdin \
    >"$T/reg.out" 2>&1; then
	fail "an unknown code fails in the shell too"
else
	ok "an unknown code fails in the shell too"
fi
expect_match "saying which field" "$(cat "$T/reg.out")" "referral_code"

# ---- who may ---------------------------------------------------------------

http GET /api/v1/me/referral
expect_problem "my code without a token is 401" 401
http GET /api/v1/me/referrals
expect_problem "my referrals without a token is 401" 401

stop_clean
if "$GUILDD_BIN" user add dee --email dee@example.com --db "$T/guild.db" \
    </dev/null >/dev/null 2>&1; then
	ok "guildd user add adds dee"
else
	fail "guildd user add adds dee"
fi
expect_eq "dee got a code too" "$(sql "SELECT length(referral_code)
    FROM users WHERE username = 'dee'")" 8

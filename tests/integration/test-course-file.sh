#!/bin/sh
# Courses kept as Markdown files against a real guildd: an instructor
# (made with guildd user add) creates a course with guild course new,
# pulls it back byte for byte, edits and pushes it; members are refused;
# a bad file is refused with FILE:LINE.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-shop.sh"

run() {
	"$GUILD_BIN" "$@" </dev/null >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}

if guildd_start --demo; then ok "guildd --demo starts"; else
	fail "guildd --demo starts"; exit 1
fi
printf 'teach-pass-1\n' | "$GUILDD_BIN" user add teach --role instructor \
    --password-stdin --db "$T/guild.db" >"$T/useradd.out" 2>&1
expect_eq "guildd user add makes an instructor while guildd runs" "$?" 0
printf 'teach-pass-1\n' | "$GUILD_BIN" login --username teach \
    --password-stdin --insecure-storage >/dev/null 2>&1
check "the instructor logs in" "$GUILD_BIN" whoami
TEACH=$(login teach teach-pass-1)

# The file, written as pull writes it, so a pull gives it back byte for byte.
cat >"$T/course.md" <<'EOF'
---
title: Zig 入门：写给 C 程序员
slug: zig-from-c
level: intermediate
tags: [systems, zig]
price: 159.00
currency: CNY
summary: Comptime, slices and error unions, from a C point of view.
published: yes
---

Zig 是给**喜欢 C** 的人的语言。

\## What you will learn

```sh
## a shell comment, not a lesson
zig build run
```

## Why Zig {preview}
duration: 15

没有隐藏的控制流，没有隐藏的内存分配。

## Slices and pointers
duration: 30

A slice is a pointer and a length.
EOF

# ---- new ------------------------------------------------------------------

run course new
expect_eq "course new without a file is a usage error" "$RC" 2
run course new "$T/course.md"
expect_eq "guild course new exits 0" "$RC" 0
expect_match "it says what it made" "$OUT" \
    '^Created course [0-9]+ \(zig-from-c\) with 2 lessons, published\.'
CID=$(printf '%s\n' "$OUT" | sed -n 's/^Created course \([0-9]*\).*/\1/p')

http GET /api/v1/courses/zig-from-c
expect_eq "the course exists (anyone sees it: published)" "$HTTP_STATUS" 200
expect_jq "its fields are the file's" \
    '.title == "Zig 入门：写给 C 程序员" and .level == "intermediate" and
     .price == {"amount": 15900, "currency": "CNY"} and
     .tags == ["systems", "zig"] and .instructor.username == "teach" and
     (.description | startswith("Zig 是给**喜欢 C** 的人的语言。\n\n## What you will learn\n\n```sh\n## a shell comment"))'
expect_jq "it has the two lessons, the first a free preview" \
    '[.lessons[] | [.position, .title, .preview, .duration_min]] ==
     [[1, "Why Zig", true, 15], [2, "Slices and pointers", false, 30]]'
L2=$(jq -r '.lessons[1].id' "$T/body")
http GET "/api/v1/lessons/$L2" -H "Authorization: Bearer $TEACH"
expect_jq "the lesson's body is the section's text" \
    '.body == "A slice is a pointer and a length."'

# ---- pull -----------------------------------------------------------------

mkdir "$T/work"
(cd "$T/work" && "$GUILD_BIN" course pull zig-from-c >"$T/out" 2>"$T/err")
expect_eq "guild course pull exits 0" "$?" 0
expect_match "it names the file" "$(cat "$T/out")" \
    "^Wrote zig-from-c.md: course $CID \\(zig-from-c\\) with 2 lessons\\."
if cmp -s "$T/course.md" "$T/work/zig-from-c.md"; then
	ok "new then pull gives the file back byte for byte"
else
	fail "new then pull gives the file back byte for byte" \
	    "$(diff "$T/course.md" "$T/work/zig-from-c.md" | head -20)"
fi
(cd "$T/work" && "$GUILD_BIN" course pull zig-from-c >"$T/out" 2>"$T/err")
expect_eq "pull does not overwrite a file" "$?" 1
expect_match "it says how to" "$(cat "$T/err")" 'exists; pull will not overwrite it'
run course pull "$CID" -o -
expect_eq "pull -o - writes to stdout" "$OUT" "$(cat "$T/course.md")"
echo old >"$T/old.md"
run course pull "$CID" -o "$T/old.md"
expect_eq "pull -o FILE keeps an existing FILE" "$(cat "$T/old.md")" old
run course pull "$CID" -o "$T/old.md" --force
check "pull --force replaces it" cmp "$T/course.md" "$T/old.md"

# ---- push -----------------------------------------------------------------

run course push "$CID" "$T/course.md"
expect_eq "push of an unchanged file exits 0" "$RC" 0
expect_match "and changes nothing" "$OUT" \
    "^Course $CID \\(zig-from-c\\) is up to date with"

sed -e 's/^title: .*/title: Zig for C programmers/' \
    -e 's/^price: 159.00/price: 199.5/' \
    -e 's/^A slice is a pointer and a length\./A slice is a pointer and a length, checked./' \
    "$T/course.md" >"$T/edited.md"
printf '\n## Error unions\nduration: 20\n\nErrors are values.\n' >>"$T/edited.md"
run course push "$CID" "$T/edited.md" --dry-run
expect_match "push --dry-run says what would change" "$OUT" \
    'Would update course [0-9]+ \(zig-from-c\): course: title, price; lessons: 1 changed, 1 added, 0 removed\.'
http GET /api/v1/courses/zig-from-c
expect_jq "a dry run changes nothing" '.price.amount == 15900'
run course push "$CID" "$T/edited.md"
expect_eq "push of an edited file exits 0" "$RC" 0
expect_match "it says what changed" "$OUT" \
    'Updated course [0-9]+ \(zig-from-c\) from .*: course: title, price; lessons: 1 changed, 1 added, 0 removed\.'
http GET /api/v1/courses/zig-from-c
expect_jq "the changes are visible" \
    '.title == "Zig for C programmers" and .price.amount == 19950 and
     [.lessons[].title] == ["Why Zig", "Slices and pointers", "Error unions"]'
http GET "/api/v1/lessons/$L2" -H "Authorization: Bearer $TEACH"
expect_jq "the edited lesson kept its id" \
    '.body == "A slice is a pointer and a length, checked."'
run course pull "$CID" -o -
expect_eq "pull gives the edited file back (prices with two decimals)" \
    "$OUT" "$(sed 's/^price: 199.5$/price: 199.50/' "$T/edited.md")"
run course push zig-from-c "$T/edited.md"
expect_match "pull then push is a no-op" "$OUT" 'is up to date'

# Removing a lesson needs --delete: it loses the members' progress.
run course push "$CID" "$T/course.md"
expect_eq "a push that would remove a lesson exits 1" "$RC" 1
expect_match "it asks for --delete" "$ERR" \
    'pushing would remove lesson 3 .*add --delete'
http GET /api/v1/courses/zig-from-c
expect_jq "and changes nothing" '(.lessons | length) == 3 and .price.amount == 19950'
run course push "$CID" "$T/course.md" --delete
expect_eq "push --delete exits 0" "$RC" 0
http GET /api/v1/courses/zig-from-c
expect_jq "the course is the file again" \
    '(.lessons | length) == 2 and .price.amount == 15900 and
     .title == "Zig 入门：写给 C 程序员"'

# ---- refusals ------------------------------------------------------------------

cat >"$T/bad.md" <<'EOF'
---
title: Bad
slug: bad-course
level: expert
---
EOF
run course new "$T/bad.md"
expect_eq "a bad file exits 1" "$RC" 1
expect_match "the error names the file and line" "$ERR" \
    "$T/bad.md:4: unknown level 'expert' \\(beginner, intermediate, advanced\\)"
printf -- '---\ntitle: Bad\nslug: bad-course\nlevel: beginner\nprice: 1e3\n---\n' \
    >"$T/bad.md"
run course push "$CID" "$T/bad.md"
expect_eq "push of a bad file exits 1" "$RC" 1
expect_match "a bad price names its line" "$ERR" "$T/bad.md:5: bad price '1e3'"
printf -- '---\ntitle: No slug\nlevel: beginner\n---\n' >"$T/bad.md"
run course new "$T/bad.md"
expect_match "new needs a slug" "$ERR" "$T/bad.md:1: a new course needs .*slug: is missing"
run course new "$T/missing.md"
expect_eq "a missing file exits 1" "$RC" 1
expect_match "it names the file" "$ERR" "cannot open $T/missing.md"

# A member may not create courses.
sed 's/^slug: zig-from-c/slug: zig-by-a-member/' "$T/course.md" >"$T/member.md"
mkdir -p "$T/member"
HOME=$T/member XDG_STATE_HOME=$T/member/state XDG_CONFIG_HOME=$T/member/config \
    XDG_CACHE_HOME=$T/member/cache sh -c '
	printf "guild-demo\n" | "$1" login --username demo --password-stdin \
	    --insecure-storage >/dev/null 2>&1
	"$1" course new "$2" >"$3/out" 2>"$3/err" </dev/null
	echo $? >"$3/rc"' sh "$GUILD_BIN" "$T/member.md" "$T"
expect_eq "a member running course new exits 1" "$(cat "$T/rc")" 1
expect_match "with the server's 403" "$(cat "$T/err")" \
    'only instructors and operators create courses'
http GET /api/v1/courses/zig-by-a-member
expect_eq "and no course is made" "$HTTP_STATUS" 404

stop_clean

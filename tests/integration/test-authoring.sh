# Course authoring against a real guildd: who may create and edit courses
# and lessons (instructor: own; operator: any; member: none), paid lessons
# closed to non-owners, free previews open to all, validation, lesson
# order, completion, and the catalog's search, filters and sorts.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-shop.sh"

if guildd_start --demo; then ok "guildd --demo starts"; else
	fail "guildd --demo starts"; exit 1
fi
ADA=$(login ada guild-demo)
KAI=$(login kai guild-demo)
DEMO=$(login demo guild-demo)
OPS=$(login admin guild-admin)
A_ADA="Authorization: Bearer $ADA"
A_KAI="Authorization: Bearer $KAI"
A_DEMO="Authorization: Bearer $DEMO"
A_OPS="Authorization: Bearer $OPS"

COURSE='{"slug": "zig-from-c", "title": "Zig for C programmers",
  "summary": "Comptime, slices and error unions, from a C point of view.",
  "description": "# Zig\n\nA language for people who **like** C.",
  "level": "intermediate", "price": {"amount": 15900, "currency": "CNY"},
  "tags": ["Zig", " systems ", "zig"]}'

# ---- creating and editing courses --------------------------------------

post_json /api/v1/courses "$COURSE" -H "$A_DEMO"
expect_problem "a member cannot create a course" 403
post_json /api/v1/courses "$COURSE"
expect_problem "an anonymous caller cannot create a course" 401
post_json /api/v1/courses "$COURSE" -H "$A_ADA"
expect_eq "an instructor creates a course (201)" "$HTTP_STATUS" 201
expect_jq "the new course is theirs, unpublished, as sent" \
    '.slug == "zig-from-c" and .instructor.username == "ada" and
     .published == false and .price.amount == 15900 and
     .level == "intermediate" and .tags == ["systems", "zig"] and
     (.description | startswith("# Zig")) and .lessons == []'
CID=$(jq -r .id "$T/body")

http GET /api/v1/courses/zig-from-c
expect_problem "an unpublished course is 404 to anonymous callers" 404
http GET /api/v1/courses/zig-from-c -H "$A_KAI"
expect_problem "an unpublished course is 404 to other instructors" 404
http GET /api/v1/courses/zig-from-c -H "$A_OPS"
expect_eq "an operator sees an unpublished course" "$HTTP_STATUS" 200
http PATCH "/api/v1/courses/$CID" -H "$JSON" -H "$A_KAI" \
    --data-binary '{"title": "Mine now"}'
expect_problem "editing someone else's unpublished course is 404" 404

http PATCH "/api/v1/courses/$CID" -H "$JSON" -H "$A_ADA" \
    --data-binary '{"title": "Zig for C programmers, 2nd ed.", "published": true}'
expect_eq "the instructor edits their course" "$HTTP_STATUS" 200
expect_jq "the edit is applied, the rest kept" \
    '.title == "Zig for C programmers, 2nd ed." and .published and
     .price.amount == 15900 and .tags == ["systems", "zig"]'
http PATCH "/api/v1/courses/$CID" -H "$JSON" -H "$A_KAI" \
    --data-binary '{"title": "Mine now"}'
expect_problem "another instructor editing it is 403" 403
http PATCH "/api/v1/courses/$CID" -H "$JSON" -H "$A_DEMO" \
    --data-binary '{"title": "Mine now"}'
expect_problem "a member editing it is 403" 403
http PATCH "/api/v1/courses/$CID" -H "$JSON" -H "$A_OPS" \
    --data-binary '{"summary": "Edited by the operator.", "tags": ["zig"]}'
expect_eq "an operator edits any course" "$HTTP_STATUS" 200
expect_jq "the operator's edit is applied" \
    '.summary == "Edited by the operator." and .tags == ["zig"]'
http PATCH /api/v1/courses/modern-c -H "$JSON" -H "$A_OPS" \
    --data-binary '{"level": "intermediate"}'
expect_jq "an operator edits a course by slug" '.level == "intermediate"'
http PATCH /api/v1/courses/modern-c -H "$JSON" -H "$A_KAI" \
    --data-binary '{"level": "beginner"}'
expect_problem "an instructor cannot edit another's published course" 403
post_json /api/v1/courses "$COURSE" -H "$A_KAI"
expect_problem "a taken slug is 409" 409
post_json /api/v1/courses '{"slug": "ops-course", "title": "Run a guild",
    "level": "beginner", "instructor": "kai"}' -H "$A_OPS"
expect_jq "an operator creates a course for an instructor" \
    '.instructor.username == "kai" and .price.amount == 0'
post_json /api/v1/courses '{"slug": "k-course", "title": "K",
    "level": "beginner", "instructor": "ada"}' -H "$A_KAI"
expect_problem "an instructor cannot create for someone else" 403

# ---- validation ----------------------------------------------------------------

post_json /api/v1/courses '{}' -H "$A_ADA"
expect_problem "an empty course is 422" 422
expect_jq "slug, title and level are required" \
    '[.errors[].field] | sort == ["level", "slug", "title"]'
long=$(printf '%0201d' 0)
post_json /api/v1/courses "{\"slug\": \"Bad Slug!\", \"title\": \"$long\",
    \"level\": \"expert\", \"price\": {\"amount\": -1},
    \"tags\": [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]}" \
    -H "$A_ADA"
expect_problem "bad course fields are 422" 422
expect_jq "each bad field is named" '[.errors[].field] | sort ==
    ["level", "price.amount", "slug", "tags", "title"]'
post_json /api/v1/courses "{\"slug\": \"ok-1\", \"title\": \"T\",
    \"level\": \"beginner\", \"price\": {\"amount\": 100, \"currency\": \"yuan\"},
    \"tags\": [\"$(printf '%033d' 0)\"]}" -H "$A_ADA"
expect_jq "a bad currency and a long tag are named" \
    '[.errors[].field] | sort == ["price.currency", "tags"]'
post_json /api/v1/courses '{"slug": "12345", "title": "T", "level": "beginner",
    "price": {"amount": 1.5}}' -H "$A_ADA"
expect_jq "an all-digit slug and a fractional price are refused" \
    '[.errors[].field] | sort == ["price.amount", "slug"]'

# ---- lessons ---------------------------------------------------------------------

post_json "/api/v1/courses/$CID/lessons" '{"title": "Hello, Zig",
    "body": "# Hello\n\nA free lesson.", "duration_min": 10, "preview": true}' \
    -H "$A_ADA"
expect_eq "the instructor adds a lesson (201)" "$HTTP_STATUS" 201
expect_jq "the lesson is first and a preview" \
    '.position == 1 and .preview and .body == "# Hello\n\nA free lesson."'
L1=$(jq -r .id "$T/body")
post_json "/api/v1/courses/$CID/lessons" '{"title": "Comptime",
    "body": "# Comptime\n\nThe paid part.", "duration_min": 30}' -H "$A_ADA"
L2=$(jq -r .id "$T/body")
post_json "/api/v1/courses/$CID/lessons" '{"title": "Before everything",
    "body": "Setup.", "position": 1}' -H "$A_OPS"
expect_eq "an operator inserts a lesson at position 1" "$HTTP_STATUS" 201
L0=$(jq -r .id "$T/body")
post_json "/api/v1/courses/$CID/lessons" '{"title": "Nope"}' -H "$A_KAI"
expect_problem "another instructor cannot add lessons" 403
post_json "/api/v1/courses/$CID/lessons" '{"title": "Nope"}' -H "$A_DEMO"
expect_problem "a member cannot add lessons" 403
http GET "/api/v1/courses/$CID/lessons"
expect_jq "the outline is in order, with lock marks" \
    "[.items[] | [.id, .position, .locked]] ==
     [[$L0, 1, true], [$L1, 2, false], [$L2, 3, true]]"
expect_jq "an outline has no bodies" 'all(.items[]; has("body") | not)'

http GET "/api/v1/lessons/$L2"
expect_problem "a paid lesson without owning the course is 403" 403
expect_jq "the 403 says to buy the course" \
    '.detail | test("buy the course to read this lesson")'
http GET "/api/v1/lessons/$L2" -H "$A_DEMO"
expect_problem "a member who does not own it gets 403 too" 403
http GET "/api/v1/lessons/$L1"
expect_jq "a free preview is readable anonymously" \
    '.preview and (.body | test("free lesson"))'
http GET "/api/v1/lessons/$L2" -H "$A_ADA"
expect_jq "the instructor reads their paid lesson" '.body | test("paid part")'
http GET "/api/v1/lessons/$L2" -H "$A_OPS"
expect_jq "an operator reads any lesson" '.body | test("paid part")'

http PATCH "/api/v1/lessons/$L2" -H "$JSON" -H "$A_ADA" \
    --data-binary '{"position": 1, "title": "Comptime first"}'
expect_jq "the instructor moves and renames a lesson" \
    '.position == 1 and .title == "Comptime first"'
http GET "/api/v1/courses/$CID/lessons"
expect_jq "positions stay 1..n after a move" \
    "[.items[] | [.id, .position]] == [[$L2, 1], [$L0, 2], [$L1, 3]]"
http PATCH "/api/v1/lessons/$L2" -H "$JSON" -H "$A_KAI" \
    --data-binary '{"title": "x"}'
expect_problem "another instructor cannot edit a lesson" 403
http DELETE "/api/v1/lessons/$L0" -H "$A_KAI"
expect_problem "another instructor cannot delete a lesson" 403
http DELETE "/api/v1/lessons/$L0" -H "$A_ADA"
expect_eq "the instructor deletes a lesson (204)" "$HTTP_STATUS" 204
http GET "/api/v1/courses/$CID/lessons"
expect_jq "the gap closes" "[.items[] | [.id, .position]] == [[$L2, 1], [$L1, 2]]"
http GET "/api/v1/lessons/$L0"
expect_problem "a deleted lesson is 404" 404

post_json "/api/v1/courses/$CID/lessons" "{\"title\": \"$long\",
    \"duration_min\": -3, \"preview\": \"yes\", \"position\": 9}" -H "$A_ADA"
expect_problem "bad lesson fields are 422" 422
expect_jq "each bad lesson field is named" '[.errors[].field] | sort ==
    ["duration_min", "position", "preview", "title"]'
head -c 262145 /dev/zero | tr '\0' 'x' >"$T/bigbody"
printf '{"title": "Big", "body": "%s"}' "$(cat "$T/bigbody")" >"$T/biglesson"
http POST "/api/v1/courses/$CID/lessons" -H "$JSON" -H "$A_ADA" \
    --data-binary @"$T/biglesson"
expect_problem "a body over 256 KiB is 422" 422
expect_jq "the body is named" '.errors[0].field == "body"'

# ---- completion ------------------------------------------------------------------

post_json "/api/v1/lessons/$L1/completion" '{}' -H "$A_DEMO"
expect_problem "completing a lesson of a course not owned is 403" 403
http GET /api/v1/courses/ncurses-tui -H "$A_DEMO"
NL=$(jq -r '.lessons[2].id' "$T/body")
http POST "/api/v1/lessons/$NL/completion" -H "$A_DEMO"
expect_eq "an owner marks a lesson complete" "$HTTP_STATUS" 200
expect_jq "the answer carries the progress" \
    ".lesson_id == $NL and .completed and .progress.total == 8 and
     .progress.completed >= 1"
done1=$(jq -r .progress.completed "$T/body")
http POST "/api/v1/lessons/$NL/completion" -H "$A_DEMO"
expect_jq "marking it twice changes nothing" \
    ".progress.completed == $done1"
http GET /api/v1/me/library -H "$A_DEMO"
expect_jq "the library shows the progress" \
    "any(.items[]; .slug == \"ncurses-tui\" and
     .progress.completed == $done1 and .progress.total == 8)"
http GET /api/v1/courses/ncurses-tui -H "$A_DEMO"
expect_jq "the outline marks the completed lesson" \
    ".lessons[2].completed and .lessons[2].id == $NL"

# ---- the catalog: search, filters, sorts -------------------------------------

http GET "/api/v1/courses?q=people%20who"
expect_jq "q finds the new course by its description" \
    "[.items[].id] == [$CID]"
http GET "/api/v1/courses?q=PEOPLE+WHO"
expect_jq "q ignores ASCII case" "[.items[].id] == [$CID]"
http GET "/api/v1/courses?q=%E6%95%B0%E6%8D%AE%E5%BA%93&limit=100"
expect_jq "q finds Chinese text" '(.items | length) >= 1'
http GET "/api/v1/courses?q=100%25_"
expect_jq "LIKE wildcards in q are literal" '.items == []'
http GET "/api/v1/courses?tag=ZIG"
expect_jq "tag filters exactly, any case" "[.items[].id] == [$CID]"
http GET "/api/v1/courses?price=free&limit=100"
expect_jq "price=free lists only free courses" \
    '(.items | length) > 0 and all(.items[]; .price.amount == 0)'
http GET "/api/v1/courses?price=paid&limit=100"
expect_jq "price=paid lists only paid courses" \
    '(.items | length) > 0 and all(.items[]; .price.amount > 0)'
http GET "/api/v1/courses?sort=price&limit=100"
expect_jq "sort=price is cheapest first" \
    '[.items[].price.amount] as $p | $p == ($p | sort)'
total=$(jq '.items | length' "$T/body")
http GET "/api/v1/courses?sort=popular&limit=100"
expect_jq "sort=popular is most enrolled first" \
    '[.items[].enrolled_count] as $p | $p == ($p | sort | reverse)'
for sort in price popular newest; do
	: >"$T/walk"
	cursor= pages=0
	while [ $pages -lt 40 ]; do
		http GET "/api/v1/courses?sort=$sort&limit=4${cursor:+&cursor=$cursor}"
		[ "$HTTP_STATUS" = 200 ] || break
		jq -r '.items[].id' "$T/body" >>"$T/walk"
		pages=$((pages + 1))
		cursor=$(jq -r '.next_cursor // empty' "$T/body")
		[ -n "$cursor" ] || break
	done
	expect_eq "paging sort=$sort visits every course once" \
	    "$(sort -u "$T/walk" | wc -l | tr -d ' ') $(wc -l <"$T/walk" | tr -d ' ')" \
	    "$total $total"
done
http GET "/api/v1/courses?sort=price&limit=3"
expect_match "the Link keeps the sort" "$(header Link)" \
    'sort=price&cursor='
pc=$(jq -r .next_cursor "$T/body")
http GET "/api/v1/courses?sort=popular&cursor=$pc"
expect_problem "a cursor of another sort is 400" 400
http GET "/api/v1/courses?q=zig&tag=zig&price=paid&level=intermediate&limit=1"
expect_jq "filters combine" "[.items[].id] == [$CID]"
http GET "/api/v1/courses?sort=cheap&price=maybe"
expect_problem "an unknown sort or price is 422" 422
expect_jq "both are named" '[.errors[].field] | sort == ["price", "sort"]'

if guildd_alive; then ok "guildd is alive at the end"; else
	fail "guildd is alive at the end"
fi
stop_clean

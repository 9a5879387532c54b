# Operator analytics against a real guildd, on a dataset made through the
# API: members register, ask, answer, vote and buy; an operator refunds.
# The API cannot backdate, so the starting members' created_at is moved
# ten days back with sqlite3 (the only write outside the API) and the
# window is three days ending tonight, by day (the dataset is built in
# lib-analytics.sh): the figures must be exactly the ones worked out
# below. Also: who may call the routes, input errors, and
# recommendations (never owned, at the right level).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-shop.sh"
. "$(dirname "$0")/lib-analytics.sh"

# ---- who may ask ---------------------------------------------------------

http GET "/api/v1/analytics/summary?$WIN"
expect_problem "an anonymous caller gets 401" 401
for r in summary series cohorts segments revenue top; do
	as "$ANN" GET "/api/v1/analytics/$r?$WIN"
	expect_problem "a member calling analytics/$r gets 403" 403
done

# ---- summary ---------------------------------------------------------------

# N(0) = 3 (ann, bob, cyd). Today N = 5 (dee and ops joined), all three
# starting members active (ann and bob posted, cyd bought): R = 0, 0, 1.
# I = 4 today: A = 0, 0, 4/5. Net spending 10000: C = 10000 / 5 = 2000,
# mean R = 1/3, CLV = 6000; ARPU = 2000/3, churn = 2/3, estimate 1000.
as "$OPS" GET "/api/v1/analytics/summary?$WIN"
expect_eq "the operator gets the summary" "$HTTP_STATUS" 200
expect_jq "the summary counts" '.counts == {"members_start": 3,
    "members_end": 5, "interactions": 4, "spent": 10000} and .steps == 3
    and .step == "day" and .segment == null'
expect_jq "retention is the mean R(t) = 1/3" \
    '(.retention.value - 1/3 | fabs) < 1e-9'
expect_jq "growth is 2" '.growth == 2'
expect_jq "activity is the mean A(t) = 0.8 / 3" \
    '(.activity.value - 0.8/3 | fabs) < 1e-9'
expect_jq "C is 2000 and CLV = C / R = 6000" \
    '(.average_spend.value - 2000 | fabs) < 1e-9 and
     (.clv.value - 6000 | fabs) < 1e-6'
expect_jq "the ARPU / churn estimate is labeled and = 1000" \
    '.arpu_estimate.label == "standard ARPU / churn estimate" and
     (.arpu_estimate.arpu_per_step.value - 2000/3 | fabs) < 1e-9 and
     (.arpu_estimate.churn_per_step.value - 2/3 | fabs) < 1e-9 and
     (.arpu_estimate.clv.value - 1000 | fabs) < 1e-6'

as "$OPS" GET "/api/v1/analytics/summary?$WIN&segment=intermediate"
expect_jq "a segment with no starting members: retention undefined" \
    '.segment == "intermediate" and .counts.members_start == 0 and
     .retention.value == null and (.retention.reason | length > 0) and
     .clv.value == null and .growth == 1'

# ---- series ----------------------------------------------------------------

as "$OPS" GET "/api/v1/analytics/series?$WIN"
expect_jq "the series has three days" '.members_start == 3 and
    (.items | length) == 3 and .items[0].start == "'"$FROM"'T00:00:00Z"'
expect_jq "quiet days: nobody active, R = 0, A = 0" \
    '[.items[0,1] | .members == 3 and .active == 0 and
      .interactions == 0 and .retention.value == 0 and .growth == 0 and
      .activity.value == 0] == [true, true]'
expect_jq "today: R = 1, G = 2, A = 0.8, spent 10000" \
    '.items[2] | .members == 5 and .active == 3 and .interactions == 4 and
     .spent == 10000 and .retention.value == 1 and .growth == 2 and
     (.activity.value - 0.8 | fabs) < 1e-9'

# ---- cohorts ---------------------------------------------------------------

as "$OPS" GET "/api/v1/analytics/cohorts?$WIN"
expect_jq "the triangle: 3, 2, 1 cells" \
    '[.cohorts[] | .active | length] == [3, 2, 1]'
expect_jq "empty cohorts are undefined, not 0" \
    '.cohorts[0].size == 0 and .cohorts[0].retention[0].value == null'
expect_jq "today's cohort: dee and ops joined, dee active: 0.5" \
    '.cohorts[2].size == 2 and .cohorts[2].active == [1] and
     .cohorts[2].retention[0].value == 0.5'

# ---- segments --------------------------------------------------------------

as "$OPS" GET "/api/v1/analytics/segments?$WIN"
expect_jq "segments sum to the whole" \
    '([.segments[] | .counts.members_start] | add) ==
       .all.counts.members_start and
     ([.segments[] | .counts.members_end] | add) ==
       .all.counts.members_end and
     ([.segments[] | .counts.interactions] | add) ==
       .all.counts.interactions and
     ([.segments[] | .counts.spent] | add) == .all.counts.spent'
expect_jq "each segment's counts" \
    '.segments.beginner.counts == {"members_start": 2, "members_end": 3,
       "interactions": 3, "spent": 0} and
     .segments.advanced.counts == {"members_start": 1, "members_end": 1,
       "interactions": 0, "spent": 10000} and
     .segments.intermediate.counts.interactions == 1'

# ---- revenue and top -------------------------------------------------------

as "$OPS" GET "/api/v1/analytics/revenue?$WIN"
expect_jq "revenue per course, refunds subtracted" \
    '[.items[] | {course_id, paid, refunded, net}] ==
     [{"course_id": '"$X"', "paid": 10000, "refunded": 0, "net": 10000},
      {"course_id": '"$Y"', "paid": 5000, "refunded": 5000, "net": 0}]'
expect_jq "revenue per period: all of it today" \
    '.items[0].periods | length == 3 and .[2].net == 10000 and
     .[2].orders == 1 and .[0].net == 0'
as "$OPS" GET "/api/v1/analytics/top?$WIN&limit=5"
expect_jq "top: the answered question first, X the best seller" \
    '.questions[0].id == '"$Q"' and .questions[0].answers == 1 and
     .courses == [{"id": '"$X"', "slug": "x-beginner", "title": "x-beginner",
                   "sold": 1, "revenue": 10000}]'

# ---- bad input ---------------------------------------------------------------

as "$OPS" GET "/api/v1/analytics/summary?from=2026-02-30"
expect_problem "a bad date is 422" 422
expect_jq "the 422 names from" '.errors[0].field == "from"'
as "$OPS" GET "/api/v1/analytics/top?$WIN&limit=500"
expect_problem "a top limit over 100 is 422" 422
expect_jq "naming limit" '[.errors[].field] == ["limit"]'
as "$ANN" GET "/api/v1/analytics/top?$WIN&limit=500"
expect_problem "a member still gets 403, whatever the limit" 403
as "$OPS" GET "/api/v1/analytics/series?step=year"
expect_jq "a bad step is 422 naming step" '.status == 422 and
    .errors[0].field == "step"'
as "$OPS" GET "/api/v1/analytics/summary?segment=guru"
expect_jq "a bad segment is 422" '.errors[0].field == "segment"'
as "$OPS" GET "/api/v1/analytics/summary?from=$TO&to=$FROM"
expect_jq "to before from is 422" '.errors[0].field == "to"'
as "$OPS" GET "/api/v1/analytics/cohorts?from=2000-01-01&step=day"
expect_jq "more than 400 steps is 422" '.errors[0].field == "step"'

# ---- recommendations ---------------------------------------------------------

http GET /api/v1/me/recommendations
expect_problem "recommendations need a token" 401
as "$CYD" GET /api/v1/me/recommendations
expect_jq "an advanced member: advanced courses they do not own" \
    '.level == "advanced" and [.items[].id] == ['"$Z"']'
as "$BOB" GET /api/v1/me/recommendations
expect_jq "a beginner: beginner and intermediate courses, none owned" \
    '([.items[].level] | all(. == "beginner" or . == "intermediate")) and
     ([.items[].id] | sort) == (['"$X, $Y, $W"'] | sort) and
     all(.items[]; .owned == false)'
as "$CYD" PATCH /api/v1/me '{"level": "beginner"}'
expect_jq "a member changes their level" '.level == "beginner"'
as "$CYD" GET /api/v1/me/recommendations
expect_jq "owned courses never come back" \
    '.level == "beginner" and ([.items[].id] | index('"$X"') == null) and
     ([.items[].id] | sort) == (['"$Y, $W"'] | sort)'
as "$ANN" PATCH /api/v1/me '{"level": "expert", "display_name": "a\nb"}'
expect_problem "a bad level is 422" 422
expect_jq "the 422 names both fields" \
    '[.errors[].field] | sort == ["display_name", "level"]'
as "$ANN" PATCH /api/v1/me '{"display_name": "Ann", "bio": "hi",
    "timezone": "Asia/Shanghai"}'
expect_jq "display name, bio and time zone change" \
    '.display_name == "Ann" and .bio == "hi" and
     .timezone == "Asia/Shanghai" and .level == "beginner"'

# The most popular course among beginners comes first.
DAN=$(member dan beginner)
purchase "$DAN" "$W"
as "$ANN" GET /api/v1/me/recommendations
expect_jq "ranked by popularity among the same level" \
    '.items[0].id == '"$W"' and .items[0].popularity == 1'

stop_clean

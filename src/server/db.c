/*
 * SQLite for guildd: opening connections with the pragmas we rely on, the
 * per-worker connection pool, transactions and the schema migrations.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guild/timeutil.h"
#include "db.h"

/*
 * The migrations, in order: step i brings the schema from version i to
 * i + 1. Append new steps; never edit a released one. Version 1 is the
 * platform's core: members, tokens, the catalog and who owns what.
 * Orders, discussions, Q&A, points, events and analytics follow as later
 * steps that reference these tables.
 */
static const char *const migrations[] = {
	/* 1: users, tokens, courses, tags, lessons, enrollments */
	"CREATE TABLE users ("
	"  id            INTEGER PRIMARY KEY,"
	"  username      TEXT NOT NULL COLLATE NOCASE UNIQUE"
	"                CHECK (length(username) BETWEEN 3 AND 32),"
	"  email         TEXT COLLATE NOCASE UNIQUE,"
	"  password_hash TEXT NOT NULL,"
	"  display_name  TEXT NOT NULL DEFAULT '',"
	"  bio           TEXT NOT NULL DEFAULT '',"
	"  timezone      TEXT NOT NULL DEFAULT 'UTC',"
	"  role          TEXT NOT NULL DEFAULT 'member'"
	"                CHECK (role IN ('member', 'instructor', 'operator')),"
	"  level         TEXT NOT NULL DEFAULT 'beginner'"
	"                CHECK (level IN ('beginner', 'intermediate',"
	"                                 'advanced')),"
	"  created_at    INTEGER NOT NULL"
	");"
	"CREATE TABLE tokens ("
	"  id            INTEGER PRIMARY KEY,"
	"  user_id       INTEGER NOT NULL REFERENCES users(id)"
	"                ON DELETE CASCADE,"
	"  hash          BLOB NOT NULL UNIQUE CHECK (length(hash) = 32),"
	"  label         TEXT NOT NULL DEFAULT '',"
	"  created_at    INTEGER NOT NULL,"
	"  last_used_at  INTEGER,"
	"  revoked_at    INTEGER"
	");"
	"CREATE INDEX tokens_user ON tokens(user_id);"
	"CREATE TABLE courses ("
	"  id            INTEGER PRIMARY KEY,"
	"  slug          TEXT NOT NULL UNIQUE"
	"                CHECK (length(slug) BETWEEN 1 AND 64),"
	"  title         TEXT NOT NULL,"
	"  summary       TEXT NOT NULL DEFAULT '',"
	"  description   TEXT NOT NULL DEFAULT '',"
	"  level         TEXT NOT NULL"
	"                CHECK (level IN ('beginner', 'intermediate',"
	"                                 'advanced')),"
	"  price_amount  INTEGER NOT NULL DEFAULT 0 CHECK (price_amount >= 0),"
	"  currency      TEXT NOT NULL DEFAULT 'CNY'"
	"                CHECK (length(currency) = 3),"
	"  instructor_id INTEGER NOT NULL REFERENCES users(id),"
	"  published     INTEGER NOT NULL DEFAULT 0"
	"                CHECK (published IN (0, 1)),"
	"  created_at    INTEGER NOT NULL,"
	"  updated_at    INTEGER NOT NULL"
	");"
	"CREATE INDEX courses_catalog"
	"  ON courses(published, created_at DESC, id DESC);"
	"CREATE INDEX courses_catalog_level"
	"  ON courses(published, level, created_at DESC, id DESC);"
	"CREATE INDEX courses_instructor ON courses(instructor_id);"
	"CREATE TABLE course_tags ("
	"  course_id     INTEGER NOT NULL REFERENCES courses(id)"
	"                ON DELETE CASCADE,"
	"  tag           TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 32),"
	"  PRIMARY KEY (course_id, tag)"
	") WITHOUT ROWID;"
	"CREATE INDEX course_tags_tag ON course_tags(tag, course_id);"
	"CREATE TABLE lessons ("
	"  id            INTEGER PRIMARY KEY,"
	"  course_id     INTEGER NOT NULL REFERENCES courses(id)"
	"                ON DELETE CASCADE,"
	"  position      INTEGER NOT NULL CHECK (position >= 1),"
	"  title         TEXT NOT NULL,"
	"  body          TEXT NOT NULL DEFAULT '',"
	"  duration_min  INTEGER NOT NULL DEFAULT 0 CHECK (duration_min >= 0),"
	"  preview       INTEGER NOT NULL DEFAULT 0 CHECK (preview IN (0, 1)),"
	"  UNIQUE (course_id, position)"
	");"
	"CREATE TABLE enrollments ("
	"  user_id       INTEGER NOT NULL REFERENCES users(id)"
	"                ON DELETE CASCADE,"
	"  course_id     INTEGER NOT NULL REFERENCES courses(id)"
	"                ON DELETE CASCADE,"
	"  created_at    INTEGER NOT NULL,"
	"  PRIMARY KEY (user_id, course_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX enrollments_course ON enrollments(course_id, user_id);",

	/*
	 * 2: the activity log every emitted event lands in (events.c);
	 * analytics reads it by time, by actor and by kind.
	 */
	"CREATE TABLE activity ("
	"  id             INTEGER PRIMARY KEY,"
	"  kind           TEXT NOT NULL,"
	"  actor_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  target_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  subject_type   TEXT NOT NULL,"
	"  subject_id     INTEGER NOT NULL,"
	"  value          INTEGER NOT NULL DEFAULT 0,"
	"  created_at     INTEGER NOT NULL"
	");"
	"CREATE INDEX activity_time ON activity(created_at);"
	"CREATE INDEX activity_actor ON activity(actor_id, created_at);"
	"CREATE INDEX activity_kind ON activity(kind, created_at);",

	/*
	 * 3: buying courses: orders, refunds, idempotency keys, payment
	 * webhook events, the mail outbox, lesson completions, and settings
	 * (the webhook secret). An enrollment bought by an order names it.
	 */
	"CREATE TABLE settings ("
	"  name          TEXT PRIMARY KEY,"
	"  value         TEXT NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE orders ("
	"  id             INTEGER PRIMARY KEY,"
	"  user_id        INTEGER NOT NULL REFERENCES users(id),"
	"  course_id      INTEGER NOT NULL REFERENCES courses(id),"
	"  status         TEXT NOT NULL DEFAULT 'pending'"
	"                 CHECK (status IN ('pending', 'paid', 'failed',"
	"                                   'canceled', 'refunded')),"
	"  amount         INTEGER NOT NULL CHECK (amount >= 0),"
	"  currency       TEXT NOT NULL CHECK (length(currency) = 3),"
	"  provider       TEXT NOT NULL DEFAULT 'sandbox',"
	"  session        TEXT UNIQUE,"
	"  failure_reason TEXT,"
	"  created_at     INTEGER NOT NULL,"
	"  paid_at        INTEGER,"
	"  updated_at     INTEGER NOT NULL,"
	"  CHECK ((paid_at IS NOT NULL) = (status IN ('paid', 'refunded')))"
	");"
	"CREATE INDEX orders_user ON orders(user_id, created_at DESC, id DESC);"
	"CREATE INDEX orders_course ON orders(course_id, status);"
	"CREATE TABLE refunds ("
	"  id             INTEGER PRIMARY KEY,"
	"  order_id       INTEGER NOT NULL UNIQUE REFERENCES orders(id),"
	"  operator_id    INTEGER REFERENCES users(id),"
	"  amount         INTEGER NOT NULL CHECK (amount >= 0),"
	"  reason         TEXT NOT NULL DEFAULT '',"
	"  created_at     INTEGER NOT NULL"
	");"
	"ALTER TABLE enrollments ADD COLUMN order_id INTEGER"
	"  REFERENCES orders(id);"
	"CREATE UNIQUE INDEX enrollments_order ON enrollments(order_id)"
	"  WHERE order_id IS NOT NULL;"
	"CREATE TABLE idempotency_keys ("
	"  user_id        INTEGER NOT NULL REFERENCES users(id)"
	"                 ON DELETE CASCADE,"
	"  key            TEXT NOT NULL,"
	"  request_hash   BLOB NOT NULL CHECK (length(request_hash) = 32),"
	"  status         INTEGER NOT NULL,"
	"  content_type   TEXT NOT NULL,"
	"  response       TEXT NOT NULL,"
	"  created_at     INTEGER NOT NULL,"
	"  PRIMARY KEY (user_id, key)"
	") WITHOUT ROWID;"
	"CREATE INDEX idempotency_age ON idempotency_keys(created_at);"
	"CREATE TABLE webhook_events ("
	"  id             TEXT PRIMARY KEY,"
	"  type           TEXT NOT NULL,"
	"  order_id       INTEGER,"
	"  result         TEXT NOT NULL,"
	"  received_at    INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE mail_outbox ("
	"  id             INTEGER PRIMARY KEY,"
	"  to_addr        TEXT NOT NULL,"
	"  subject        TEXT NOT NULL,"
	"  body           TEXT NOT NULL,"
	"  order_id       INTEGER REFERENCES orders(id),"
	"  attempts       INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt_at INTEGER NOT NULL,"
	"  sent_at        INTEGER,"
	"  last_error     TEXT,"
	"  created_at     INTEGER NOT NULL"
	");"
	"CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at)"
	"  WHERE sent_at IS NULL;"
	"CREATE TABLE lesson_completions ("
	"  user_id        INTEGER NOT NULL REFERENCES users(id)"
	"                 ON DELETE CASCADE,"
	"  lesson_id      INTEGER NOT NULL REFERENCES lessons(id)"
	"                 ON DELETE CASCADE,"
	"  course_id      INTEGER NOT NULL REFERENCES courses(id)"
	"                 ON DELETE CASCADE,"
	"  completed_at   INTEGER NOT NULL,"
	"  PRIMARY KEY (user_id, lesson_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX lesson_completions_course"
	"  ON lesson_completions(user_id, course_id);"
	"CREATE INDEX courses_price ON courses(published, price_amount, id);",

	/*
	 * 4: discussions (categories, threads, replies, likes) and Q&A
	 * (questions, answers, votes, tags), with the full-text index of
	 * thread and question titles and bodies. Triggers keep every
	 * counter (replies, likes, answers, scores, tag counts) and the
	 * copies of a question's sort keys in question_tags in step, so
	 * any writer, even a bulk load in sqlite3, leaves them right.
	 */
	"CREATE TABLE categories ("
	"  id            INTEGER PRIMARY KEY,"
	"  slug          TEXT NOT NULL UNIQUE"
	"                CHECK (length(slug) BETWEEN 1 AND 64),"
	"  name          TEXT NOT NULL,"
	"  description   TEXT NOT NULL DEFAULT '',"
	"  course_id     INTEGER REFERENCES courses(id) ON DELETE SET NULL,"
	"  position      INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX categories_course ON categories(course_id);"
	"CREATE TABLE threads ("
	"  id               INTEGER PRIMARY KEY,"
	"  category_id      INTEGER NOT NULL REFERENCES categories(id)"
	"                   ON DELETE CASCADE,"
	"  author_id        INTEGER NOT NULL REFERENCES users(id)"
	"                   ON DELETE CASCADE,"
	"  title            TEXT NOT NULL,"
	"  body             TEXT NOT NULL,"
	"  pinned           INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),"
	"  locked           INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),"
	"  reply_count      INTEGER NOT NULL DEFAULT 0,"
	"  like_count       INTEGER NOT NULL DEFAULT 0,"
	"  last_activity_at INTEGER NOT NULL,"
	"  created_at       INTEGER NOT NULL,"
	"  edited_at        INTEGER"
	");"
	"CREATE INDEX threads_latest ON threads(pinned, last_activity_at, id);"
	"CREATE INDEX threads_top ON threads(pinned, like_count, id);"
	"CREATE INDEX threads_category_latest"
	"  ON threads(category_id, pinned, last_activity_at, id);"
	"CREATE INDEX threads_category_top"
	"  ON threads(category_id, pinned, like_count, id);"
	"CREATE INDEX threads_author ON threads(author_id);"
	"CREATE TABLE replies ("
	"  id            INTEGER PRIMARY KEY,"
	"  thread_id     INTEGER NOT NULL REFERENCES threads(id)"
	"                ON DELETE CASCADE,"
	"  author_id     INTEGER NOT NULL REFERENCES users(id)"
	"                ON DELETE CASCADE,"
	"  reply_to      INTEGER REFERENCES replies(id) ON DELETE SET NULL,"
	"  body          TEXT NOT NULL,"
	"  like_count    INTEGER NOT NULL DEFAULT 0,"
	"  created_at    INTEGER NOT NULL,"
	"  edited_at     INTEGER,"
	"  deleted_at    INTEGER"
	");"
	"CREATE INDEX replies_thread ON replies(thread_id, id);"
	"CREATE INDEX replies_reply_to ON replies(reply_to);"
	"CREATE INDEX replies_author ON replies(author_id);"
	"CREATE TABLE thread_likes ("
	"  thread_id     INTEGER NOT NULL REFERENCES threads(id)"
	"                ON DELETE CASCADE,"
	"  user_id       INTEGER NOT NULL REFERENCES users(id)"
	"                ON DELETE CASCADE,"
	"  created_at    INTEGER NOT NULL,"
	"  PRIMARY KEY (thread_id, user_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX thread_likes_user ON thread_likes(user_id);"
	"CREATE TABLE reply_likes ("
	"  reply_id      INTEGER NOT NULL REFERENCES replies(id)"
	"                ON DELETE CASCADE,"
	"  user_id       INTEGER NOT NULL REFERENCES users(id)"
	"                ON DELETE CASCADE,"
	"  created_at    INTEGER NOT NULL,"
	"  PRIMARY KEY (reply_id, user_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX reply_likes_user ON reply_likes(user_id);"
	"CREATE TABLE questions ("
	"  id                 INTEGER PRIMARY KEY,"
	"  author_id          INTEGER NOT NULL REFERENCES users(id)"
	"                     ON DELETE CASCADE,"
	"  title              TEXT NOT NULL,"
	"  body               TEXT NOT NULL,"
	"  score              INTEGER NOT NULL DEFAULT 0,"
	"  answer_count       INTEGER NOT NULL DEFAULT 0,"
	"  accepted_answer_id INTEGER REFERENCES answers(id)"
	"                     ON DELETE SET NULL,"
	"  views              INTEGER NOT NULL DEFAULT 0,"
	"  created_at         INTEGER NOT NULL,"
	"  edited_at          INTEGER"
	");"
	"CREATE INDEX questions_newest ON questions(created_at, id);"
	"CREATE INDEX questions_votes ON questions(score, id);"
	"CREATE INDEX questions_unanswered ON questions(created_at, id)"
	"  WHERE answer_count = 0;"
	"CREATE INDEX questions_author ON questions(author_id);"
	"CREATE INDEX questions_accepted ON questions(accepted_answer_id);"
	"CREATE TABLE answers ("
	"  id            INTEGER PRIMARY KEY,"
	"  question_id   INTEGER NOT NULL REFERENCES questions(id)"
	"                ON DELETE CASCADE,"
	"  author_id     INTEGER NOT NULL REFERENCES users(id)"
	"                ON DELETE CASCADE,"
	"  body          TEXT NOT NULL,"
	"  score         INTEGER NOT NULL DEFAULT 0,"
	"  created_at    INTEGER NOT NULL,"
	"  edited_at     INTEGER"
	");"
	"CREATE INDEX answers_question ON answers(question_id, score, id);"
	"CREATE INDEX answers_author ON answers(author_id);"
	"CREATE TABLE question_votes ("
	"  question_id   INTEGER NOT NULL REFERENCES questions(id)"
	"                ON DELETE CASCADE,"
	"  user_id       INTEGER NOT NULL REFERENCES users(id)"
	"                ON DELETE CASCADE,"
	"  value         INTEGER NOT NULL CHECK (value IN (-1, 1)),"
	"  created_at    INTEGER NOT NULL,"
	"  PRIMARY KEY (question_id, user_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX question_votes_user ON question_votes(user_id);"
	"CREATE TABLE answer_votes ("
	"  answer_id     INTEGER NOT NULL REFERENCES answers(id)"
	"                ON DELETE CASCADE,"
	"  user_id       INTEGER NOT NULL REFERENCES users(id)"
	"                ON DELETE CASCADE,"
	"  value         INTEGER NOT NULL CHECK (value IN (-1, 1)),"
	"  created_at    INTEGER NOT NULL,"
	"  PRIMARY KEY (answer_id, user_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX answer_votes_user ON answer_votes(user_id);"
	"CREATE TABLE tags ("
	"  name           TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 32),"
	"  question_count INTEGER NOT NULL DEFAULT 0"
	") WITHOUT ROWID;"
	"CREATE INDEX tags_count ON tags(question_count DESC, name);"
	/* A question's tags, with copies of its sort keys for tag lists. */
	"CREATE TABLE question_tags ("
	"  question_id   INTEGER NOT NULL REFERENCES questions(id)"
	"                ON DELETE CASCADE,"
	"  tag           TEXT NOT NULL,"
	"  created_at    INTEGER NOT NULL,"
	"  score         INTEGER NOT NULL DEFAULT 0,"
	"  answer_count  INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (question_id, tag)"
	") WITHOUT ROWID;"
	"CREATE INDEX question_tags_newest"
	"  ON question_tags(tag, created_at, question_id);"
	"CREATE INDEX question_tags_votes"
	"  ON question_tags(tag, score, question_id);"
	"CREATE INDEX question_tags_unanswered"
	"  ON question_tags(tag, created_at, question_id)"
	"  WHERE answer_count = 0;"
	/*
	 * Thread and question titles and bodies as the search sees them
	 * (CJK runs cut into overlapping pairs, db-search.c); rowid is
	 * id * 4 + kind.
	 */
	"CREATE VIRTUAL TABLE search_docs USING fts5(title, body,"
	"  tokenize = 'unicode61 remove_diacritics 2');"
	"CREATE TRIGGER replies_added AFTER INSERT ON replies"
	"  WHEN NEW.deleted_at IS NULL BEGIN"
	"  UPDATE threads SET reply_count = reply_count + 1,"
	"    last_activity_at = max(last_activity_at, NEW.created_at)"
	"    WHERE id = NEW.thread_id;"
	"END;"
	"CREATE TRIGGER replies_withdrawn AFTER UPDATE OF deleted_at ON replies"
	"  WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL BEGIN"
	"  UPDATE threads SET reply_count = reply_count - 1"
	"    WHERE id = NEW.thread_id;"
	"END;"
	"CREATE TRIGGER replies_removed AFTER DELETE ON replies"
	"  WHEN OLD.deleted_at IS NULL BEGIN"
	"  UPDATE threads SET reply_count = reply_count - 1"
	"    WHERE id = OLD.thread_id;"
	"END;"
	"CREATE TRIGGER thread_likes_added AFTER INSERT ON thread_likes BEGIN"
	"  UPDATE threads SET like_count = like_count + 1"
	"    WHERE id = NEW.thread_id;"
	"END;"
	"CREATE TRIGGER thread_likes_removed AFTER DELETE ON thread_likes BEGIN"
	"  UPDATE threads SET like_count = like_count - 1"
	"    WHERE id = OLD.thread_id;"
	"END;"
	"CREATE TRIGGER reply_likes_added AFTER INSERT ON reply_likes BEGIN"
	"  UPDATE replies SET like_count = like_count + 1"
	"    WHERE id = NEW.reply_id;"
	"END;"
	"CREATE TRIGGER reply_likes_removed AFTER DELETE ON reply_likes BEGIN"
	"  UPDATE replies SET like_count = like_count - 1"
	"    WHERE id = OLD.reply_id;"
	"END;"
	"CREATE TRIGGER answers_added AFTER INSERT ON answers BEGIN"
	"  UPDATE questions SET answer_count = answer_count + 1"
	"    WHERE id = NEW.question_id;"
	"  UPDATE question_tags SET answer_count = answer_count + 1"
	"    WHERE question_id = NEW.question_id;"
	"END;"
	"CREATE TRIGGER answers_removed AFTER DELETE ON answers BEGIN"
	"  UPDATE questions SET answer_count = answer_count - 1"
	"    WHERE id = OLD.question_id;"
	"  UPDATE question_tags SET answer_count = answer_count - 1"
	"    WHERE question_id = OLD.question_id;"
	"END;"
	"CREATE TRIGGER question_votes_added AFTER INSERT ON question_votes"
	"  BEGIN"
	"  UPDATE questions SET score = score + NEW.value"
	"    WHERE id = NEW.question_id;"
	"  UPDATE question_tags SET score = score + NEW.value"
	"    WHERE question_id = NEW.question_id;"
	"END;"
	"CREATE TRIGGER question_votes_changed"
	"  AFTER UPDATE OF value ON question_votes BEGIN"
	"  UPDATE questions SET score = score - OLD.value + NEW.value"
	"    WHERE id = NEW.question_id;"
	"  UPDATE question_tags SET score = score - OLD.value + NEW.value"
	"    WHERE question_id = NEW.question_id;"
	"END;"
	"CREATE TRIGGER question_votes_removed AFTER DELETE ON question_votes"
	"  BEGIN"
	"  UPDATE questions SET score = score - OLD.value"
	"    WHERE id = OLD.question_id;"
	"  UPDATE question_tags SET score = score - OLD.value"
	"    WHERE question_id = OLD.question_id;"
	"END;"
	"CREATE TRIGGER answer_votes_added AFTER INSERT ON answer_votes BEGIN"
	"  UPDATE answers SET score = score + NEW.value WHERE id = NEW.answer_id;"
	"END;"
	"CREATE TRIGGER answer_votes_changed"
	"  AFTER UPDATE OF value ON answer_votes BEGIN"
	"  UPDATE answers SET score = score - OLD.value + NEW.value"
	"    WHERE id = NEW.answer_id;"
	"END;"
	"CREATE TRIGGER answer_votes_removed AFTER DELETE ON answer_votes BEGIN"
	"  UPDATE answers SET score = score - OLD.value WHERE id = OLD.answer_id;"
	"END;"
	"CREATE TRIGGER question_tags_added AFTER INSERT ON question_tags BEGIN"
	"  INSERT INTO tags (name, question_count) VALUES (NEW.tag, 1)"
	"    ON CONFLICT (name) DO UPDATE SET question_count = question_count + 1;"
	"END;"
	"CREATE TRIGGER question_tags_removed AFTER DELETE ON question_tags BEGIN"
	"  UPDATE tags SET question_count = question_count - 1"
	"    WHERE name = OLD.tag;"
	"END;",
	/*
	 * 5: points (points.c). The rules and level thresholds operators
	 * change; the append-only ledger, unique per (rule, subject, member,
	 * actor, generation) so an event replayed awards nothing; and the
	 * aggregates the leaderboard reads: an all-time total per member,
	 * per-member daily buckets (day = UTC days since the epoch) and the
	 * rolling week and month totals. Badges.
	 */
	"CREATE TABLE point_rules ("
	"  rule          TEXT PRIMARY KEY,"
	"  points        INTEGER NOT NULL,"
	"  description   TEXT NOT NULL"
	");"
	"INSERT INTO point_rules (rule, points, description) VALUES"
	"  ('thread_created', 5, 'you started a thread'),"
	"  ('reply_created', 2, 'you replied in a thread'),"
	"  ('like_received', 1, 'someone liked your thread or reply'),"
	"  ('question_created', 5, 'you asked a question'),"
	"  ('answer_created', 2, 'you answered a question'),"
	"  ('question_upvote', 5, 'your question was voted up'),"
	"  ('answer_upvote', 10, 'your answer was voted up'),"
	"  ('downvote', -2, 'your question or answer was voted down'),"
	"  ('answer_accepted', 15, 'your answer was accepted'),"
	"  ('accepted_an_answer', 2, 'you accepted an answer'),"
	"  ('course_purchased', 20, 'you bought a course'),"
	"  ('lesson_completed', 1, 'you completed a lesson'),"
	"  ('event_attended', 10, 'you attended an event'),"
	"  ('referral_joined', 10, 'someone you referred joined'),"
	"  ('referral_first_purchase', 50,"
	"    'someone you referred made a first purchase');"
	"CREATE TABLE point_levels ("
	"  level         INTEGER PRIMARY KEY CHECK (level BETWEEN 1 AND 9),"
	"  threshold     INTEGER NOT NULL CHECK (threshold >= 0)"
	");"
	"INSERT INTO point_levels (level, threshold) VALUES (1, 0), (2, 5),"
	"  (3, 20), (4, 65), (5, 155), (6, 515), (7, 2015), (8, 8015),"
	"  (9, 33015);"
	"CREATE TABLE points_ledger ("
	"  id            INTEGER PRIMARY KEY,"
	"  user_id       INTEGER NOT NULL REFERENCES users(id),"
	"  delta         INTEGER NOT NULL,"
	"  rule          TEXT NOT NULL,"
	"  subject_type  TEXT NOT NULL,"
	"  subject_id    INTEGER NOT NULL,"
	"  actor_id      INTEGER NOT NULL DEFAULT 0,"
	"  gen           INTEGER NOT NULL DEFAULT 0,"
	"  reason        TEXT,"
	"  created_at    INTEGER NOT NULL,"
	"  UNIQUE (rule, subject_type, subject_id, user_id, actor_id, gen)"
	");"
	"CREATE INDEX points_ledger_user ON points_ledger(user_id, id);"
	"CREATE INDEX points_ledger_user_time"
	"  ON points_ledger(user_id, created_at);"
	"CREATE TABLE points_totals ("
	"  user_id       INTEGER PRIMARY KEY REFERENCES users(id),"
	"  points        INTEGER NOT NULL"
	");"
	"CREATE INDEX points_totals_rank ON points_totals(points DESC, user_id);"
	"CREATE TABLE points_daily ("
	"  user_id       INTEGER NOT NULL REFERENCES users(id),"
	"  day           INTEGER NOT NULL,"
	"  points        INTEGER NOT NULL,"
	"  PRIMARY KEY (day, user_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX points_daily_user ON points_daily(user_id, day);"
	/*
	 * The week (period 0) and month (1) totals, kept as points are
	 * awarded and moved on lazily a day at a time: as of the day in
	 * points_window_state, each is the sum of the member's buckets of
	 * the 7 or 30 days up to it.
	 */
	"CREATE TABLE points_window ("
	"  period        INTEGER NOT NULL,"
	"  user_id       INTEGER NOT NULL,"
	"  points        INTEGER NOT NULL,"
	"  PRIMARY KEY (period, user_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX points_window_rank"
	"  ON points_window(period, points DESC, user_id);"
	"CREATE TABLE points_window_state ("
	"  period        INTEGER PRIMARY KEY,"
	"  day           INTEGER NOT NULL"
	");"
	/*
	 * Badges on profiles: an operator's award (period '') or "member of
	 * the month" for period 'YYYY-MM', once per (badge, period, member).
	 */
	"CREATE TABLE badges ("
	"  id            INTEGER PRIMARY KEY,"
	"  user_id       INTEGER NOT NULL REFERENCES users(id),"
	"  badge         TEXT NOT NULL,"
	"  period        TEXT NOT NULL DEFAULT '',"
	"  reason        TEXT NOT NULL DEFAULT '',"
	"  awarded_by    INTEGER,"
	"  created_at    INTEGER NOT NULL,"
	"  UNIQUE (badge, period, user_id)"
	");"
	"CREATE INDEX badges_user ON badges(user_id, created_at);",

	/*
	 * 6: analytics counters (events.c keeps them as events happen, and
	 * this step fills them from the activity recorded so far): one row
	 * per member and UTC day with their interactions, all their
	 * actions and their net spending, keyed by day first so a window
	 * reads only its days, with copies of the member's join time and
	 * level (kept in step by triggers) so a window is one scan without
	 * joins. doc/analytics.md explains why.
	 */
	"CREATE TABLE member_day_activity ("
	"  day           INTEGER NOT NULL,"
	"  user_id       INTEGER NOT NULL REFERENCES users(id)"
	"                ON DELETE CASCADE,"
	"  joined        INTEGER NOT NULL,"
	"  level         TEXT NOT NULL,"
	"  interactions  INTEGER NOT NULL DEFAULT 0,"
	"  actions       INTEGER NOT NULL DEFAULT 0,"
	"  spent         INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (day, user_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX member_day_activity_user"
	"  ON member_day_activity(user_id, day);"
	"CREATE INDEX users_created ON users(created_at, level);"
	"CREATE INDEX orders_paid ON orders(paid_at) WHERE paid_at IS NOT NULL;"
	"CREATE INDEX refunds_time ON refunds(created_at);"
	"INSERT INTO member_day_activity (day, user_id, joined, level,"
	"  interactions, actions, spent)"
	"  SELECT a.created_at / 86400, a.actor_id, u.created_at, u.level,"
	"    sum(a.kind IN ('thread_created', 'reply_created',"
	"      'question_created', 'answer_created', 'vote_cast',"
	"      'like_added')),"
	"    count(*),"
	"    sum(CASE WHEN a.kind = 'order_paid' THEN a.value ELSE 0 END)"
	"  FROM activity a JOIN users u ON u.id = a.actor_id"
	"  WHERE a.created_at >= 0 AND a.kind <> 'order_refunded'"
	"  GROUP BY 1, 2;"
	"INSERT INTO member_day_activity (day, user_id, joined, level, spent)"
	"  SELECT a.created_at / 86400, a.target_user_id, u.created_at,"
	"    u.level, -sum(a.value)"
	"  FROM activity a JOIN users u ON u.id = a.target_user_id"
	"  WHERE a.kind = 'order_refunded' AND a.created_at >= 0"
	"  GROUP BY 1, 2"
	"  ON CONFLICT (day, user_id) DO UPDATE SET"
	"    spent = spent + excluded.spent;"
	"CREATE TRIGGER users_level_analytics AFTER UPDATE OF level ON users"
	"  BEGIN"
	"  UPDATE member_day_activity SET level = NEW.level"
	"    WHERE user_id = NEW.id;"
	"END;"
	"CREATE TRIGGER users_joined_analytics"
	"  AFTER UPDATE OF created_at ON users BEGIN"
	"  UPDATE member_day_activity SET joined = NEW.created_at"
	"    WHERE user_id = NEW.id;"
	"END;",

	/*
	 * 7: community events and RSVPs (route-events.c). A seat is taken
	 * by a 'confirmed' row; 'waitlisted' rows queue by seq; capacity 0
	 * means no limit. Times are Unix seconds, UTC.
	 */
	"CREATE TABLE events ("
	"  id            INTEGER PRIMARY KEY,"
	"  title         TEXT NOT NULL,"
	"  type          TEXT NOT NULL CHECK (type IN ('salon', 'hackathon',"
	"                'livestream', 'meetup')),"
	"  description   TEXT NOT NULL DEFAULT '',"
	"  starts_at     INTEGER NOT NULL,"
	"  ends_at       INTEGER NOT NULL,"
	"  venue         TEXT NOT NULL DEFAULT '',"
	"  online_url    TEXT NOT NULL DEFAULT '',"
	"  capacity      INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),"
	"  created_by    INTEGER REFERENCES users(id),"
	"  created_at    INTEGER NOT NULL,"
	"  updated_at    INTEGER NOT NULL,"
	"  CHECK (ends_at > starts_at)"
	");"
	"CREATE INDEX events_starts ON events(starts_at, id);"
	"CREATE TABLE event_rsvps ("
	"  event_id      INTEGER NOT NULL REFERENCES events(id)"
	"                ON DELETE CASCADE,"
	"  user_id       INTEGER NOT NULL REFERENCES users(id),"
	"  status        TEXT NOT NULL CHECK (status IN ('confirmed',"
	"                'waitlisted')),"
	"  seq           INTEGER NOT NULL,"
	"  created_at    INTEGER NOT NULL,"
	"  checked_in_at INTEGER,"
	"  PRIMARY KEY (event_id, user_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX event_rsvps_queue ON event_rsvps(event_id, status, seq);"
	"CREATE INDEX event_rsvps_user ON event_rsvps(user_id, event_id);",

	/*
	 * 8: referrals and the inbox (route-referrals.c, inbox.c). Every
	 * member has a referral code; referred_by links who brought them.
	 * A notification row per thing to tell; batched votes share a row
	 * through batch_key until it is read; dedupe_key makes a
	 * notification once ever per member (an event starting soon).
	 * Codes are given by registration (or on first use for members
	 * who had none), never by this step.
	 */
	"ALTER TABLE users ADD COLUMN referral_code TEXT;"
	"ALTER TABLE users ADD COLUMN referred_by INTEGER REFERENCES users(id);"
	"CREATE UNIQUE INDEX users_referral_code ON users(referral_code);"
	"CREATE INDEX users_referred_by ON users(referred_by);"
	"CREATE TABLE notifications ("
	"  id            INTEGER PRIMARY KEY,"
	"  user_id       INTEGER NOT NULL REFERENCES users(id)"
	"                ON DELETE CASCADE,"
	"  kind          TEXT NOT NULL,"
	"  subject_type  TEXT NOT NULL,"
	"  subject_id    INTEGER NOT NULL,"
	"  actor_id      INTEGER REFERENCES users(id),"
	"  count         INTEGER NOT NULL DEFAULT 1,"
	"  text          TEXT NOT NULL,"
	"  batch_key     TEXT,"
	"  dedupe_key    TEXT,"
	"  created_at    INTEGER NOT NULL,"
	"  read_at       INTEGER"
	");"
	"CREATE INDEX notifications_user"
	"  ON notifications(user_id, created_at, id);"
	"CREATE INDEX notifications_unread ON notifications(user_id)"
	"  WHERE read_at IS NULL;"
	"CREATE UNIQUE INDEX notifications_batch"
	"  ON notifications(user_id, batch_key)"
	"  WHERE batch_key IS NOT NULL AND read_at IS NULL;"
	"CREATE UNIQUE INDEX notifications_dedupe"
	"  ON notifications(user_id, dedupe_key) WHERE dedupe_key IS NOT NULL;",
};

int
db_schema_latest(void)
{
	return (int)(sizeof migrations / sizeof migrations[0]);
}

void
db_log(sqlite3 *db, const char *what)
{
	fprintf(stderr, "guildd: db: %s: %s\n", what,
	    db != NULL ? sqlite3_errmsg(db) : "out of memory");
}

int
db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
		db_log(db, "prepare");
		*st = NULL;
		return -1;
	}
	return 0;
}

/* Runs one constant statement that returns no rows we need. 0 or -1. */
static int
db_exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int
db_begin(sqlite3 *db)
{
	if (db_exec(db, "BEGIN IMMEDIATE") != 0) {
		db_log(db, "begin");
		return -1;
	}
	return 0;
}

int
db_commit(sqlite3 *db)
{
	if (db_exec(db, "COMMIT") != 0) {
		db_log(db, "commit");
		db_rollback(db);
		return -1;
	}
	return 0;
}

void
db_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		db_exec(db, "ROLLBACK");
}

int
db_col_text(sqlite3_stmt *st, int col, char **out)
{
	const unsigned char	*s = sqlite3_column_text(st, col);
	int			 len = sqlite3_column_bytes(st, col);

	*out = NULL;
	if (s == NULL)
		return sqlite3_column_type(st, col) == SQLITE_NULL ? 0 : -1;
	*out = malloc((size_t)len + 1);
	if (*out == NULL)
		return -1;
	memcpy(*out, s, (size_t)len);
	(*out)[len] = '\0';
	return 0;
}

int
db_col_time(sqlite3_stmt *st, int col, char **out)
{
	char	buf[40];

	*out = NULL;
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return 0;
	time_rfc3339((time_t)sqlite3_column_int64(st, col), buf, sizeof buf);
	*out = strdup(buf);
	return *out != NULL ? 0 : -1;
}

int
db_user_version(sqlite3 *db, int *out)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_prepare(db, "PRAGMA user_version", &st) != 0)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/*
 * The busy handler: wait for a lock in steps of a millisecond, for up to
 * 5 s. SQLite's own busy timeout sleeps in steps growing to 100 ms,
 * which shows as long tail latencies when the workers (and the mail
 * sender) take turns at the write lock. Returns 1 to retry, 0 to give up.
 */
static int
db_busy(void *arg, int count)
{
	struct timespec	ts = { 0, 1000000 };

	(void)arg;
	if (count >= 5000)
		return 0;
	nanosleep(&ts, NULL);
	return 1;
}

void
db_busy_fine(sqlite3 *db)
{
	sqlite3_busy_handler(db, db_busy, NULL);
}

int
db_open(const char *path, sqlite3 **out, struct gerr *err)
{
	sqlite3		*db = NULL;
	int		 rc;
	static const char *const pragmas[] = {
		"PRAGMA journal_mode = WAL",
		"PRAGMA foreign_keys = ON",
		"PRAGMA synchronous = FULL",
	};
	size_t		 i;

	*out = NULL;
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		gerr_set(err, GERR_LOCAL, 0, "cannot open database %s: %s",
		    path, db != NULL ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return -1;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, 5000);
	for (i = 0; i < G_NELEM(pragmas); i++) {
		if (db_exec(db, pragmas[i]) != 0) {
			gerr_set(err, GERR_LOCAL, 0, "cannot set up database "
			    "%s: %s (is it an SQLite database?)", path,
			    sqlite3_errmsg(db));
			sqlite3_close(db);
			return -1;
		}
	}
	*out = db;
	return 0;
}

int
db_migrate(sqlite3 *db, int *from, int *to, struct gerr *err)
{
	int	version, latest = db_schema_latest();
	char	sql[64];

	if (db_user_version(db, &version) != 0)
		return gerr_set(err, GERR_LOCAL, 0,
		    "cannot read the schema version: %s", sqlite3_errmsg(db));
	if (from != NULL)
		*from = version;
	if (version > latest)
		return gerr_set(err, GERR_LOCAL, 0, "the database has schema "
		    "version %d but this guildd knows only up to %d; use a "
		    "newer guildd", version, latest);
	while (version < latest) {
		if (db_begin(db) != 0)
			return gerr_set(err, GERR_LOCAL, 0, "cannot start a "
			    "migration: %s", sqlite3_errmsg(db));
		/* Re-read inside the lock: another process may have won. */
		if (db_user_version(db, &version) != 0 || version >= latest) {
			db_rollback(db);
			break;
		}
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
		    version + 1);
		if (db_exec(db, migrations[version]) != 0 ||
		    db_exec(db, sql) != 0) {
			gerr_set(err, GERR_LOCAL, 0, "migration to schema "
			    "version %d failed: %s", version + 1,
			    sqlite3_errmsg(db));
			db_rollback(db);
			return -1;
		}
		if (db_commit(db) != 0)
			return gerr_set(err, GERR_LOCAL, 0, "cannot commit "
			    "migration %d: %s", version + 1, sqlite3_errmsg(db));
		version++;
	}
	if (to != NULL && db_user_version(db, to) != 0)
		*to = version;
	return 0;
}

/* ---- the connection pool ------------------------------------------- */

struct db_pool {
	pthread_mutex_t	  lock;
	pthread_cond_t	  freed;
	sqlite3		**conns;
	int		 *busy;
	unsigned	  n;
};

struct db_pool *
db_pool_new(const char *path, unsigned n, struct gerr *err)
{
	struct db_pool	*p;
	unsigned	 i;

	p = calloc(1, sizeof *p);
	if (p != NULL) {
		p->conns = calloc(n, sizeof *p->conns);
		p->busy = calloc(n, sizeof *p->busy);
	}
	if (p == NULL || p->conns == NULL || p->busy == NULL) {
		if (p != NULL) {
			free(p->conns);
			free(p->busy);
		}
		free(p);
		gerr_set(err, GERR_LOCAL, 0, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	p->n = n;
	for (i = 0; i < n; i++) {
		if (db_open(path, &p->conns[i], err) != 0) {
			db_pool_free(p);
			return NULL;
		}
		db_busy_fine(p->conns[i]);
	}
	return p;
}

sqlite3 *
db_pool_acquire(struct db_pool *p)
{
	sqlite3		*db = NULL;
	unsigned	 i;

	pthread_mutex_lock(&p->lock);
	while (db == NULL) {
		for (i = 0; i < p->n; i++) {
			if (!p->busy[i]) {
				p->busy[i] = 1;
				db = p->conns[i];
				break;
			}
		}
		if (db == NULL)
			pthread_cond_wait(&p->freed, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return db;
}

void
db_pool_release(struct db_pool *p, sqlite3 *db)
{
	unsigned	i;

	if (db == NULL)
		return;
	/* A handler that failed mid-transaction leaves nothing behind. */
	db_rollback(db);
	pthread_mutex_lock(&p->lock);
	for (i = 0; i < p->n; i++) {
		if (p->conns[i] == db)
			p->busy[i] = 0;
	}
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

void
db_pool_free(struct db_pool *p)
{
	unsigned	i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		sqlite3_close(p->conns[i]);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->freed);
	free(p->conns);
	free(p->busy);
	free(p);
}

/*
 * Demo discussions and Q&A for `guildd --demo`: categories (with study
 * groups for three courses), threads in English and Chinese with
 * replies, one level of nesting and likes, a pinned announcement and a
 * locked one, and questions with tags, answers, votes and accepted
 * answers. Seeded inside demo_seed's transaction; the counters follow
 * from migration 4's triggers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "posts.h"

#define HOUR		3600
#define DEMO_REPLIES	6
#define DEMO_ANSWERS	4

struct demo_category {
	const char	*slug;
	const char	*name;
	const char	*description;
	const char	*course;	/* slug of a study group's course */
};

static const struct demo_category demo_categories[] = {
	{ "announcements", "Announcements",
	  "News from the people who run this Guild.", NULL },
	{ "general", "General",
	  "Programming, learning and everything in between.", NULL },
	{ "show-and-tell", "Show and tell",
	  "Share what you built, however small.", NULL },
	{ "study-modern-c", "Study group: Modern C",
	  "Work through *Modern C* together: exercises, questions, notes.",
	  "modern-c" },
	{ "study-sqlite-internals", "学习小组：SQLite 内幕",
	  "一起读《SQLite 内幕》：每周一章，讨论实验结果。",
	  "sqlite-internals" },
	{ "study-linux-syscalls", "学习小组：Linux 系统编程实战",
	  "系统调用、信号与 epoll 的练习和答疑。", "linux-syscalls" },
};

struct demo_reply {
	const char	*author;
	int		 parent;	/* 1-based index of a reply, or 0 */
	const char	*body;
};

struct demo_thread {
	const char		*category;
	const char		*author;
	const char		*title;
	const char		*body;
	int			 pinned;
	int			 locked;
	int			 age;		/* hours */
	const char		*likers;	/* comma-separated */
	struct demo_reply	 replies[DEMO_REPLIES];
};

static const struct demo_thread demo_threads[] = {
	{ "announcements", "admin",
	  "Welcome to the Guild forums: read this first",
	  "Welcome! A few ground rules keep this place useful:\n\n"
	  "1. **Be kind.** Everyone here is learning something.\n"
	  "2. **Show your work.** Post the code, the command and the exact "
	  "error.\n"
	  "3. **Search first.** `guild search` finds threads and questions, "
	  "in English and 中文.\n\n"
	  "Questions with one right answer go to **Q&A**; discussions go "
	  "here.", 1, 0, 720, "demo,ada,kai,chenmei,sofia",
	  { { "demo", 0, "Thanks! Happy to be here." },
	    { "chenmei", 0, "欢迎大家！用中文讨论也完全没问题。" },
	    { "wanglei", 2, "好的，那我以后就用中文提问了 :)" } } },
	{ "announcements", "admin", "Scheduled maintenance on Saturday",
	  "The server will be down for about ten minutes on Saturday at "
	  "02:00 UTC while we upgrade the database. Drafts in `guild` are "
	  "kept locally, so nothing you write is lost.", 0, 1, 200, "tomas",
	  { { "kai", 0, "Will the API be down too, or only the web pages?" },
	    { "admin", 1, "The API too, for the same ten minutes." } } },
	{ "general", "demo", "How do you keep notes while learning C?",
	  "I keep forgetting which functions allocate and which do not. "
	  "Do you keep notes in a file, in comments, somewhere else?", 0, 0,
	  96, "ada,kai",
	  { { "ada", 0, "In the code. Every function gets one comment line "
	      "saying who frees what it returns. Future you will thank you." },
	    { "kai", 1, "+1, and a `NOTES.md` per project for the bigger "
	      "picture." },
	    { "sofia", 0, "Flashcards, honestly. Spaced repetition works "
	      "for APIs too." } } },
	{ "general", "wanglei", "大家平时用什么终端和字体？",
	  "最近想换一个终端，主要写 C 和 Go，需要中文显示对齐。"
	  "大家有什么推荐吗？", 0, 0, 80, "chenmei,lijing,kai",
	  { { "chenmei", 0, "我用 foot 加 Sarasa Mono，中英文宽度刚好是 2:1。" },
	    { "lijing", 1, "同推荐更纱黑体（Sarasa），对齐非常舒服。" },
	    { "kai", 0, "Not Chinese-specific, but any terminal with good "
	      "wcwidth handling will do. Avoid fonts with ambiguous-width "
	      "glyphs." } } },
	{ "general", "sofia", "Reading group: Lamport clocks this week",
	  "This week we read *Time, Clocks, and the Ordering of Events*. "
	  "Post your questions here before Thursday's call.", 0, 0, 60,
	  "ada,tomas",
	  { { "ada", 0, "The proof of the total order clicked only after I "
	      "drew the space-time diagram by hand." },
	    { "tomas", 0, "Why does the paper need the tie-breaking process "
	      "order at all?" },
	    { "sofia", 2, "Without it two events could have the same clock "
	      "value and the order would not be total." } } },
	{ "general", "tomas",
	  "Makefile tricks you wish you had learned earlier",
	  "Mine: `-MMD -MP` for automatic dependencies. What are yours?", 0, 0,
	  55, "kai,ada,demo",
	  { { "kai", 0, "`$(@D)` in `mkdir -p` so out-of-tree builds just "
	      "work." },
	    { "ada", 1, "And order-only prerequisites for the build "
	      "directories." },
	    { "demo", 0, "`make -n` to see what would run. Saved me twice "
	      "this week." } } },
	{ "general", "lijing", "后端工程师如何学习系统编程？",
	  "我做了三年 Java 后端，想补一补操作系统和系统编程的知识，"
	  "应该从哪里开始？", 0, 0, 50, "wanglei,chenmei",
	  { { "wanglei", 0, "推荐先读 APUE，再配合我们的《Linux 系统编程实战》课程"
	      "动手写一个小服务。" },
	    { "chenmei", 1, "同意，另外可以用 strace 观察自己熟悉的 Java "
	      "程序做了哪些系统调用，很有启发。" },
	    { "demo", 0, "我也在学，可以一起组队！" } } },
	{ "show-and-tell", "kai", "A tiny TUI for tailing logs, 300 lines of C",
	  "It follows several files at once, colours lines by level and "
	  "never blocks on a slow disk. Source and screenshots inside.\n\n"
	  "```c\nwhile (poll(fds, n, 250) >= 0)\n\tdrain_ready(fds, n);\n"
	  "```", 0, 0, 45, "demo,tomas,ada,sofia",
	  { { "demo", 0, "This is great. How do you handle log rotation?" },
	    { "tomas", 0, "Packaging it for Debian would be easy with that "
	      "Makefile." },
	    { "kai", 1, "It reopens the file when the inode changes; "
	      "`stat` every second is cheap." } } },
	{ "show-and-tell", "chenmei", "用 SQLite 做了一个离线词典",
	  "把开源词库导入 SQLite，用 FTS5 做全文检索，中文和英文都能查，"
	  "单个文件不到 40 MB。", 0, 0, 40, "wanglei,lijing,sofia",
	  { { "wanglei", 0, "厉害！查询速度怎么样？" },
	    { "lijing", 1, "我也好奇，模糊查询会不会很慢？" },
	    { "sofia", 0, "Nice! Which tokenizer did you use for Chinese?" },
	    { "chenmei", 3, "Overlapping two-character pieces, like this "
	      "forum does. Every lookup is under a millisecond." } } },
	{ "show-and-tell", "demo", "My first program that survived ASan",
	  "A word counter that reads stdin, 120 lines, zero AddressSanitizer "
	  "reports after a week of fixing. Small win, but I am proud.", 0, 0,
	  30, "ada,kai,chenmei,wanglei",
	  { { "ada", 0, "That is not a small win. Well done!" },
	    { "kai", 0, "Now try it under UBSan with `-fsanitize=undefined` "
	      "too :)" } } },
	{ "study-modern-c", "ada", "Week 1: ownership conventions, questions "
	  "here",
	  "Post your questions about the first two lessons here. Code "
	  "snippets welcome; please include the compiler output.", 0, 0, 160,
	  "demo,tomas",
	  { { "demo", 0, "Should `buf_release` also set the pointer to NULL?" },
	    { "ada", 1, "The buffer's own fields, yes. The caller's pointer "
	      "to the buffer is theirs to manage." },
	    { "tomas", 0, "Is there a convention for functions that return "
	      "borrowed pointers?" } } },
	{ "study-modern-c", "demo", "Exercise 3: is this a leak or a false "
	  "positive?",
	  "LeakSanitizer reports 24 bytes from `strdup` in `parse_line`, but "
	  "I free the result in `main`...", 0, 0, 20, "",
	  { { "ada", 0, "Check the early return when the line is empty: the "
	      "copy is made before that check." },
	    { "kai", 1, "Classic. Move the `strdup` after the check." },
	    { "demo", 0, "That was it, thanks both!" } } },
	{ "study-sqlite-internals", "chenmei", "第一周：B 树页面布局讨论帖",
	  "本周阅读文件格式和 B 树页面布局。大家用十六进制查看器看过"
	  "自己的数据库文件了吗？把发现贴上来吧。", 0, 0, 150, "wanglei,lijing",
	  { { "wanglei", 0, "第一页的前 100 字节是文件头，magic string 是 "
	      "\"SQLite format 3\"。" },
	    { "lijing", 1, "页面大小在偏移 16 处，两个字节，大端序。" },
	    { "demo", 0, "原来空闲页也有链表，学到了。" } } },
	{ "study-sqlite-internals", "wanglei", "WAL 模式下 checkpoint "
	  "什么时候发生？",
	  "默认的 wal_autocheckpoint 是 1000 页，但我观察到 WAL 文件有时"
	  "远大于这个值，为什么？", 0, 0, 26, "chenmei",
	  { { "chenmei", 0, "有长时间的读事务时，checkpoint 无法越过它"
	      "正在读的快照，WAL 就会继续增长。" },
	    { "wanglei", 1, "明白了，原来是一个忘记 finalize 的语句。" } } },
	{ "study-linux-syscalls", "wanglei", "epoll 边缘触发和水平触发的区别",
	  "边缘触发（EPOLLET）下为什么必须一直读到 EAGAIN？", 0, 0, 70,
	  "lijing,kai",
	  { { "lijing", 0, "因为边缘触发只在状态变化时通知一次，"
	      "没读完的数据不会再次触发事件。" },
	    { "kai", 0, "Same reason non-blocking sockets are mandatory "
	      "with EPOLLET." },
	    { "wanglei", 1, "清楚了，谢谢！" } } },
	{ "study-linux-syscalls", "lijing", "信号处理函数里能调用 printf 吗？",
	  "书上说不行，但我试了好像也没问题？", 0, 0, 15, "wanglei",
	  { { "wanglei", 0, "printf 不是异步信号安全的，"
	      "出问题的概率低但一定会出问题。用 write(2)。" },
	    { "ada", 0, "The usual pattern: set a `volatile sig_atomic_t` "
	      "flag and do the work in the main loop." } } },
	{ "general", "kai", "Unicode width bugs I have known",
	  "Combining marks, emoji with variation selectors, and my "
	  "favourite: ambiguous-width characters that are narrow in one "
	  "locale and wide in another.", 0, 0, 12, "chenmei,sofia,demo",
	  { { "chenmei", 0, "中文全角标点也是个坑，尤其是在表格里。" },
	    { "sofia", 0, "Zero-width joiners in family emoji broke our "
	      "table renderer last year." } } },
	{ "general", "ada", "Code review etiquette for open-source newcomers",
	  "What helped you most when your first patches were reviewed?", 0,
	  0, 9, "tomas,demo,sofia",
	  { { "tomas", 0, "Reviewers who explained *why*, not only *what*." },
	    { "demo", 0, "Small patches. My first big one sat for a month." },
	    { "sofia", 2, "Same here; splitting it into five made it land "
	      "in a week." } } },
	{ "show-and-tell", "sofia", "Visualizing Raft elections in the "
	  "terminal",
	  "A small simulator that draws each node's term and role every tick, "
	  "so you can watch split votes happen.", 0, 0, 6, "kai,ada",
	  { { "kai", 0, "Love it. Can you slow the ticks down with a key?" },
	    { "ada", 0, "Great teaching tool for the reading group." } } },
	{ "general", "demo", "Off-topic: what are you reading this month?",
	  "Books, papers, blogs: anything goes.", 0, 0, 3, "lijing,tomas",
	  { { "lijing", 0, "《程序员修炼之道》第二版，常读常新。" },
	    { "tomas", 0, "\"A Philosophy of Software Design\"." },
	    { "kai", 2, "Seconded, chapter 4 on deep modules especially." } } },
};

struct demo_answer {
	const char	*author;
	const char	*body;
	const char	*votes;		/* "+user,-user" */
};

struct demo_question {
	const char		*author;
	const char		*title;
	const char		*body;
	const char		*tags;		/* comma-separated */
	int			 age;		/* hours */
	const char		*votes;
	int			 views;
	int			 accepted;	/* 1-based answer, or 0 */
	struct demo_answer	 answers[DEMO_ANSWERS];
};

static const struct demo_question demo_questions[] = {
	{ "demo", "Why does my C program crash only when compiled with -O2?",
	  "It works with `-O0`, crashes with `-O2`:\n\n```c\nint a[4];\n"
	  "for (int i = 0; i <= 4; i++)\n\ta[i] = i;\n```",
	  "c,gcc,undefined-behavior",
	  90, "+ada,+kai,+sofia", 57, 1,
	  { { "ada", "`i <= 4` writes `a[4]`, one past the end: undefined "
	      "behaviour. The optimiser assumes it cannot happen and "
	      "rearranges the loop. Build with `-fsanitize=address` and it "
	      "points at the line.", "+demo,+kai,+chenmei" },
	    { "kai", "Also turn on `-Wall -Wextra`; recent GCC warns about "
	      "this loop with `-O2`.", "+demo" } } },
	{ "wanglei", "SQLite 的 WAL 模式适合多线程写入吗？",
	  "我们的服务有 8 个工作线程，每个线程一个连接，写入时经常 "
	  "SQLITE_BUSY。", "sqlite,数据库,并发", 85, "+chenmei,+lijing", 41, 1,
	  { { "chenmei", "WAL 允许一个写者和多个读者并发，但写者仍然只有一个。"
	      "用 BEGIN IMMEDIATE 开始写事务，并设置 busy_timeout，"
	      "就不会在事务中途遇到 SQLITE_BUSY。", "+wanglei,+lijing,+ada" },
	    { "lijing", "也可以把所有写操作放到一个专门的线程里排队执行。",
	      "+wanglei" } } },
	{ "kai", "How do I get the display width of a UTF-8 string in C?",
	  "`strlen` counts bytes and `mbstowcs` counts code points, but CJK "
	  "characters take two columns.", "c,unicode,terminal", 80,
	  "+chenmei,+demo", 38, 0,
	  { { "chenmei", "Decode to code points and sum `wcwidth()` of each; "
	      "treat -1 (non-printable) as a replacement character of width "
	      "1.", "+kai,+ada" },
	    { "ada", "And call `setlocale(LC_CTYPE, \"\")` first, or "
	      "`wcwidth` only knows ASCII.", "+kai" } } },
	{ "lijing", "Go 中如何优雅地关闭一个 channel？",
	  "多个 goroutine 写同一个 channel 时，谁来关闭它？", "go,并发", 75,
	  "+wanglei", 22, 1,
	  { { "wanglei", "原则是只由发送方关闭，而且只有一个发送方时才关闭。"
	      "多个发送方时用 sync.WaitGroup 等所有发送方结束，"
	      "再由一个单独的 goroutine 关闭。", "+lijing" } } },
	{ "tomas", "Recursive make or one Makefile for the whole tree?",
	  "Our project has six directories. Is recursive make still "
	  "considered harmful?", "make,build", 70, "+kai", 19, 0,
	  { { "kai", "One Makefile with wildcards per directory: make sees "
	      "the whole graph and `-j` just works.", "+tomas,+ada" },
	    { "ada", "Recursive make is fine for truly independent "
	      "sub-projects; otherwise, one graph.", "" } } },
	{ "sofia", "What is the difference between Paxos and Raft in practice?",
	  "Both give consensus; why do most new systems pick Raft?",
	  "distributed-systems,consensus", 66, "+ada,+tomas", 30, 1,
	  { { "ada", "Raft specifies the whole system (leader election, log "
	      "replication, membership changes) in one understandable "
	      "design; Multi-Paxos leaves much of that to the implementer.",
	      "+sofia,+kai" } } },
	{ "demo", "git rebase -i 之后提交丢了怎么找回？",
	  "交互式变基时误删了一行 pick，那个提交还能找回来吗？", "git", 60,
	  "+tomas", 27, 1,
	  { { "tomas", "能。`git reflog` 会列出 HEAD 的每一次移动，找到变基前的"
	      "位置，然后 `git cherry-pick <hash>` 或 `git reset --hard "
	      "<hash>`。", "+demo,+kai" } } },
	{ "chenmei", "Is `volatile` enough for sharing a flag between threads?",
	  "One thread sets `done = 1`, another polls it.", "c,concurrency", 55,
	  "+ada,+wanglei,-tomas", 33, 1,
	  { { "ada", "No: `volatile` stops the compiler caching the value but "
	      "gives no ordering or atomicity between threads. Use "
	      "`_Atomic int` or a mutex.", "+chenmei,+wanglei,+kai" },
	    { "wanglei", "C11 `atomic_store_explicit` with release and "
	      "acquire on the reader is the cheap correct version.",
	      "+chenmei" } } },
	{ "ada", "Best way to test a CLI tool end to end?",
	  "Unit tests are fine, but I want to run the real binary.",
	  "testing,shell", 50, "+tomas", 18, 0,
	  { { "tomas", "Shell scripts that run the binary in a temp dir and "
	      "print TAP lines. Git's test suite is the model.", "+ada" },
	    { "kai", "And for a TUI, drive it in tmux with send-keys and "
	      "capture-pane.", "+ada,+demo" } } },
	{ "wanglei", "epoll_wait 返回 EINTR 应该怎么处理？",
	  "程序收到 SIGCHLD 后 epoll_wait 返回 -1，errno 是 EINTR。",
	  "linux,c,系统编程", 45, "+lijing", 16, 1,
	  { { "lijing", "EINTR 不是错误，直接重新调用 epoll_wait 即可。"
	      "或者用 signalfd 把信号也变成一个文件描述符事件。",
	      "+wanglei,+chenmei" } } },
	{ "kai", "ncurses: colors look wrong inside tmux",
	  "Outside tmux my 256-colour theme is fine; inside, everything is "
	  "washed out.", "ncurses,terminal,tmux", 40, "+sofia", 12, 0,
	  { { NULL, NULL, NULL } } },
	{ "demo", "Rust 借用检查器报错 cannot borrow as mutable 怎么理解？",
	  "```rust\nlet first = &v[0];\nv.push(4);\n```\n为什么这里不能 push？",
	  "rust", 35, "+ada,+chenmei", 29, 0,
	  { { "ada", "`first` borrows `v` immutably until its last use; "
	      "`push` may reallocate the vector and leave `first` dangling, "
	      "so Rust refuses the mutable borrow.", "+demo" },
	    { "chenmei", "把 `first` 的使用放到 push 之前，或者先复制出值："
	      "`let first = v[0];`。", "+demo,+lijing" } } },
	{ "lijing", "How do I paginate with a cursor instead of OFFSET?",
	  "OFFSET gets slow on page 500 of our list.", "sqlite,api,database",
	  30, "+chenmei,+kai,+ada", 44, 1,
	  { { "chenmei", "Keyset pagination: remember the sort key and id of "
	      "the last row and ask for rows after it, `WHERE (created_at, "
	      "id) < (?, ?) ORDER BY created_at DESC, id DESC`, with an "
	      "index on those columns. Every page costs the same.",
	      "+lijing,+kai,+tomas" } } },
	{ "sofia", "How to write a man page from scratch?",
	  "mdoc or man macros? Where do I start?", "documentation,unix", 25,
	  "", 9, 0,
	  { { "kai", "Start from an existing page you like (`man -w ls`), "
	      "copy its structure. `man` macros are simpler; `mdoc` is "
	      "richer and more portable to the BSDs.", "+sofia" } } },
	{ "tomas", "shellcheck 提示 SC2086 是什么意思？",
	  "它说 Double quote to prevent globbing and word splitting.",
	  "shell", 20, "", 11, 0,
	  { { "kai", "变量没有加引号时，值里的空格会把它拆成多个参数，"
	      "通配符也会被展开。写成 \"$var\" 即可。", "+tomas" } } },
	{ "chenmei", "为什么 SQLite 的 LIKE 查询不走索引？",
	  "`WHERE name LIKE '%abc%'` 在十万行上要几十毫秒。",
	  "sqlite,数据库", 16, "+wanglei", 14, 0,
	  { { NULL, NULL, NULL } } },
	{ "demo", "When should I use `size_t` vs `int` for lengths?",
	  "My code mixes both and the compiler warns about comparisons.", "c",
	  12, "+ada", 20, 0,
	  { { "ada", "`size_t` for sizes and indexes of objects in memory; "
	      "`int` when the value can be negative or is a small count.",
	      "+demo" },
	    { "kai", "And never compare them without a cast you have "
	      "thought about.", "" },
	    { "sofia", "`-Wsign-compare` will find the spots.", "+demo" } } },
	{ "wanglei", "How to debug a deadlock in a multi-threaded C server?",
	  "It hangs once a day under load.", "c,debugging,concurrency", 8,
	  "+kai", 10, 0,
	  { { "kai", "Attach gdb and `thread apply all bt`: the two threads "
	      "waiting on each other's mutex stand out. Then make the lock "
	      "order a documented rule.", "+wanglei" } } },
	{ "ada", "What does -fsanitize=undefined actually catch?",
	  "Signed overflow, sure, but what else?", "c,sanitizers", 5, "", 6,
	  0, { { NULL, NULL, NULL } } },
	{ "lijing", "编写 HTTP 服务器时如何限制请求体大小？",
	  "防止有人发一个几 GB 的请求把内存打满。", "http,c", 2, "+wanglei", 8,
	  1,
	  { { "ada", "先看 Content-Length，超过上限直接回 413；对 chunked 请求"
	      "边读边累计，超过上限立刻停止读取并关闭连接。",
	      "+lijing,+wanglei" } } },
};

/* ---- inserting ---------------------------------------------------------- */

/* The id of the user or course named name, or 0. */
static int64_t
id_of(sqlite3 *db, const char *sql, const char *name)
{
	sqlite3_stmt	*st;
	int64_t		 id = 0;

	if (name == NULL || db_prepare(db, sql, &st) != 0)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

static int64_t
user_id(sqlite3 *db, const char *username)
{
	return id_of(db, "SELECT id FROM users WHERE username = ?1", username);
}

/* Runs a prepared insert with the values bound; 0 or -1 (logged). */
static int
insert_step(sqlite3 *db, sqlite3_stmt *st, const char *what)
{
	int	rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		db_log(db, what);
		return -1;
	}
	return 0;
}

/*
 * For each "user" or "+user"/"-user" in list (comma-separated), binds
 * subject, the user's id, the value (for votes; likes have no ?3) and at
 * to ?1 to ?4 of st and steps it, skipping the subject's own author.
 * 0 or -1.
 */
static int
insert_people_on(sqlite3 *db, sqlite3_stmt *st, int64_t subject,
    int64_t author, const char *list, int64_t at, const char *what)
{
	const char	*p = list, *comma;
	char		 name[40];
	size_t		 len;
	int		 value;
	int64_t		 uid;

	while (p != NULL && *p != '\0') {
		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		value = 1;
		if (len > 0 && (*p == '+' || *p == '-')) {
			value = *p == '-' ? -1 : 1;
			p++;
			len--;
		}
		if (len > 0 && len < sizeof name) {
			memcpy(name, p, len);
			name[len] = '\0';
			uid = user_id(db, name);
			if (uid != 0 && uid != author) {
				sqlite3_bind_int64(st, 1, subject);
				sqlite3_bind_int64(st, 2, uid);
				sqlite3_bind_int(st, 3, value);
				sqlite3_bind_int64(st, 4, at);
				if (insert_step(db, st, what) != 0)
					return -1;
			}
		}
		p = comma != NULL ? comma + 1 : NULL;
	}
	return 0;
}

static int
insert_categories(sqlite3 *db)
{
	sqlite3_stmt	*st;
	size_t		 i;
	int		 rc = 0;
	int64_t		 course;

	if (db_prepare(db, "INSERT INTO categories (slug, name, description,"
	    " course_id, position) VALUES (?1, ?2, ?3, NULLIF(?4, 0), ?5)",
	    &st) != 0)
		return -1;
	for (i = 0; rc == 0 && i < G_NELEM(demo_categories); i++) {
		const struct demo_category *c = &demo_categories[i];

		course = id_of(db, "SELECT id FROM courses WHERE slug = ?1",
		    c->course);
		sqlite3_bind_text(st, 1, c->slug, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, c->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, c->description, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, course);
		sqlite3_bind_int(st, 5, (int)i);
		rc = insert_step(db, st, "demo category");
	}
	sqlite3_finalize(st);
	return rc;
}

/* The replies of demo thread t (id thread), started at created. */
static int
insert_replies(sqlite3 *db, sqlite3_stmt *reply, sqlite3_stmt *like,
    const struct demo_thread *t, int64_t thread, int64_t created)
{
	int64_t	ids[DEMO_REPLIES], parents[DEMO_REPLIES], at, author;
	size_t	i;
	int	p;

	for (i = 0; i < DEMO_REPLIES && t->replies[i].author != NULL; i++) {
		const struct demo_reply *r = &t->replies[i];

		p = r->parent;
		parents[i] = 0;
		if (p >= 1 && (size_t)p <= i)
			parents[i] = parents[p - 1] != 0 ? parents[p - 1] :
			    ids[p - 1];
		at = created + (int64_t)(i + 1) * 37 * 60;
		author = user_id(db, r->author);
		sqlite3_bind_int64(reply, 1, thread);
		sqlite3_bind_int64(reply, 2, author);
		sqlite3_bind_int64(reply, 3, parents[i]);
		sqlite3_bind_text(reply, 4, r->body, -1, SQLITE_STATIC);
		sqlite3_bind_int64(reply, 5, at);
		if (insert_step(db, reply, "demo reply") != 0)
			return -1;
		ids[i] = sqlite3_last_insert_rowid(db);
		/* The thread's author likes every first reply. */
		if (i == 0 && insert_people_on(db, like, ids[i], author,
		    t->author, at, "demo reply like") != 0)
			return -1;
	}
	return 0;
}

static int
insert_threads(sqlite3 *db, time_t now)
{
	sqlite3_stmt	*thread = NULL, *reply = NULL, *tlike = NULL;
	sqlite3_stmt	*rlike = NULL;
	size_t		 i;
	int		 rc = -1;
	int64_t		 id, author, created;

	if (db_prepare(db, "INSERT INTO threads (category_id, author_id,"
	    " title, body, pinned, locked, last_activity_at, created_at)"
	    " SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?7 FROM categories"
	    " WHERE slug = ?1", &thread) != 0 ||
	    db_prepare(db, "INSERT INTO replies (thread_id, author_id,"
	    " reply_to, body, created_at) VALUES (?1, ?2, NULLIF(?3, 0), ?4,"
	    " ?5)", &reply) != 0 ||
	    db_prepare(db, "INSERT INTO thread_likes (thread_id, user_id,"
	    " created_at) VALUES (?1, ?2, ?4)", &tlike) != 0 ||
	    db_prepare(db, "INSERT INTO reply_likes (reply_id, user_id,"
	    " created_at) VALUES (?1, ?2, ?4)", &rlike) != 0)
		goto out;
	for (i = 0; i < G_NELEM(demo_threads); i++) {
		const struct demo_thread *t = &demo_threads[i];

		created = (int64_t)now - (int64_t)t->age * HOUR;
		author = user_id(db, t->author);
		sqlite3_bind_text(thread, 1, t->category, -1, SQLITE_STATIC);
		sqlite3_bind_int64(thread, 2, author);
		sqlite3_bind_text(thread, 3, t->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(thread, 4, t->body, -1, SQLITE_STATIC);
		sqlite3_bind_int(thread, 5, t->pinned);
		sqlite3_bind_int(thread, 6, t->locked);
		sqlite3_bind_int64(thread, 7, created);
		if (insert_step(db, thread, "demo thread") != 0)
			goto out;
		id = sqlite3_last_insert_rowid(db);
		if (search_index_put(db, POST_THREAD, id, t->title, t->body) !=
		    G_OK ||
		    insert_people_on(db, tlike, id, author, t->likers,
		    created + HOUR, "demo like") != 0 ||
		    insert_replies(db, reply, rlike, t, id, created) != 0)
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(thread);
	sqlite3_finalize(reply);
	sqlite3_finalize(tlike);
	sqlite3_finalize(rlike);
	return rc;
}

/* Inserts the tags of question id from a comma-separated list. */
static int
insert_question_tags(sqlite3 *db, sqlite3_stmt *st, int64_t id,
    const char *list)
{
	const char	*p = list, *comma;
	size_t		 len;

	while (*p != '\0') {
		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, p, (int)len, SQLITE_STATIC);
		if (insert_step(db, st, "demo tag") != 0)
			return -1;
		p = comma != NULL ? comma + 1 : p + len;
	}
	return 0;
}

static int
insert_questions(sqlite3 *db, time_t now)
{
	sqlite3_stmt	*question = NULL, *answer = NULL, *qvote = NULL;
	sqlite3_stmt	*avote = NULL, *tag = NULL, *fix = NULL;
	size_t		 i, j;
	int		 rc = -1;
	int64_t		 id, aid, accepted, author, created, at;

	if (db_prepare(db, "INSERT INTO questions (author_id, title, body,"
	    " views, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	    &question) != 0 ||
	    db_prepare(db, "INSERT INTO answers (question_id, author_id, body,"
	    " created_at) VALUES (?1, ?2, ?3, ?4)", &answer) != 0 ||
	    db_prepare(db, "INSERT INTO question_votes (question_id, user_id,"
	    " value, created_at) VALUES (?1, ?2, ?3, ?4)", &qvote) != 0 ||
	    db_prepare(db, "INSERT INTO answer_votes (answer_id, user_id,"
	    " value, created_at) VALUES (?1, ?2, ?3, ?4)", &avote) != 0 ||
	    db_prepare(db, "INSERT INTO question_tags (question_id, tag,"
	    " created_at) SELECT id, ?2, created_at FROM questions"
	    " WHERE id = ?1", &tag) != 0 ||
	    db_prepare(db, "UPDATE questions SET accepted_answer_id ="
	    " NULLIF(?2, 0) WHERE id = ?1", &fix) != 0)
		goto out;
	for (i = 0; i < G_NELEM(demo_questions); i++) {
		const struct demo_question *q = &demo_questions[i];

		created = (int64_t)now - (int64_t)q->age * HOUR;
		author = user_id(db, q->author);
		sqlite3_bind_int64(question, 1, author);
		sqlite3_bind_text(question, 2, q->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(question, 3, q->body, -1, SQLITE_STATIC);
		sqlite3_bind_int(question, 4, q->views);
		sqlite3_bind_int64(question, 5, created);
		if (insert_step(db, question, "demo question") != 0)
			goto out;
		id = sqlite3_last_insert_rowid(db);
		if (insert_question_tags(db, tag, id, q->tags) != 0 ||
		    search_index_put(db, POST_QUESTION, id, q->title,
		    q->body) != G_OK ||
		    insert_people_on(db, qvote, id, author, q->votes,
		    created + HOUR, "demo vote") != 0)
			goto out;
		accepted = 0;
		for (j = 0; j < DEMO_ANSWERS && q->answers[j].author != NULL;
		    j++) {
			const struct demo_answer *a = &q->answers[j];
			int64_t who = user_id(db, a->author);

			at = created + (int64_t)(j + 1) * 2 * HOUR;
			sqlite3_bind_int64(answer, 1, id);
			sqlite3_bind_int64(answer, 2, who);
			sqlite3_bind_text(answer, 3, a->body, -1,
			    SQLITE_STATIC);
			sqlite3_bind_int64(answer, 4, at);
			if (insert_step(db, answer, "demo answer") != 0)
				goto out;
			aid = sqlite3_last_insert_rowid(db);
			if ((int)j + 1 == q->accepted)
				accepted = aid;
			if (insert_people_on(db, avote, aid, who, a->votes,
			    at + HOUR, "demo answer vote") != 0)
				goto out;
		}
		sqlite3_bind_int64(fix, 1, id);
		sqlite3_bind_int64(fix, 2, accepted);
		if (insert_step(db, fix, "demo accept") != 0)
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(question);
	sqlite3_finalize(answer);
	sqlite3_finalize(qvote);
	sqlite3_finalize(avote);
	sqlite3_finalize(tag);
	sqlite3_finalize(fix);
	return rc;
}

int
demo_seed_posts(sqlite3 *db, time_t now)
{
	if (insert_categories(db) != 0 || insert_threads(db, now) != 0 ||
	    insert_questions(db, now) != 0)
		return -1;
	return 0;
}

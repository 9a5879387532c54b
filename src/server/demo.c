/*
 * Demo data for `guildd --demo`: a bilingual catalog of courses with
 * Markdown descriptions and lesson outlines, their instructors, a demo
 * member and an operator, seeded in one transaction into an empty
 * database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guild/buf.h"
#include "auth.h"
#include "analytics.h"
#include "db.h"
#include "events.h"
#include "inbox.h"
#include "meetups.h"
#include "points.h"
#include "posts.h"
#include "server.h"

#define DEMO_PASSWORD		"guild-demo"
#define DEMO_ADMIN_PASSWORD	"guild-admin"
#define DAY			(24 * 60 * 60)

struct demo_person {
	const char	*username;
	const char	*display_name;
	const char	*role;
	const char	*level;
	const char	*timezone;
	const char	*bio;
};

/* Instructors first; demo_courses refer to them by index. */
static const struct demo_person demo_people[] = {
	{ "ada", "Ada Okafor", "instructor", "advanced", "Europe/London",
	  "Systems programmer. Writes C for a living and Rust for fun." },
	{ "chenmei", "陈梅", "instructor", "advanced", "Asia/Shanghai",
	  "数据库工程师，十年存储引擎开发经验。" },
	{ "kai", "Kai Lindqvist", "instructor", "advanced", "Europe/Stockholm",
	  "Terminal tools, text rendering and too many dotfiles." },
	{ "wanglei", "王磊", "instructor", "advanced", "Asia/Shanghai",
	  "Linux 内核与网络协议栈爱好者，开源贡献者。" },
	{ "sofia", "Sofia Marquez", "instructor", "advanced",
	  "America/Mexico_City",
	  "Distributed systems researcher turned teacher." },
	{ "lijing", "李静", "instructor", "advanced", "Asia/Shanghai",
	  "后端工程师，喜欢把复杂的东西讲简单。" },
	{ "tomas", "Tomás Novak", "instructor", "intermediate", "Europe/Prague",
	  "Tooling, build systems and developer experience." },
	{ "demo", "Demo Learner", "member", "intermediate", "Asia/Shanghai",
	  "The demo account. Password: guild-demo." },
	{ "admin", "Guild Operator", "operator", "advanced", "UTC",
	  "Runs this Guild." },
};

#define DEMO_MEMBER		7	/* index of "demo" */
#define DEMO_ADMIN		8

struct demo_course {
	const char	*slug;
	const char	*title;
	const char	*summary;
	const char	*level;
	int64_t		 price;		/* fen */
	int		 instructor;	/* index into demo_people */
	int		 zh;		/* written in Chinese */
	const char	*tags;		/* comma-separated */
	const char	*intro;		/* the opening paragraphs */
	const char	*learn;		/* newline-separated list items */
	const char	*lang;		/* code block language */
	const char	*code;
	const char	*before;	/* what to know before starting */
	const char	*link_title;
	const char	*link_url;
	const char	*lessons;	/* "title|minutes" lines */
};

static const struct demo_course demo_courses[] = {
	{ "modern-c", "Modern C: memory safety from day one",
	  "Write C that does not crash: ownership rules, bounds, and tools "
	  "that catch what you miss.",
	  "beginner", 19900, 0, 0, "c,memory,safety",
	  "C gives you the whole machine and trusts you with it. This course "
	  "teaches the habits that make that trust safe: every allocation "
	  "has one owner, every buffer has a length that travels with it, "
	  "and every function says who frees what it returns.\n\n"
	  "We write small, real programs from the first hour, and run each "
	  "one under AddressSanitizer so mistakes show up as a clear report "
	  "instead of a mystery crash three weeks later.",
	  "Ownership conventions that make leaks obvious in review\n"
	  "Strings and buffers with explicit lengths\n"
	  "Reading AddressSanitizer and UBSan reports\n"
	  "Error handling that never loses a resource",
	  "c",
	  "struct buf {\n\tchar\t*data;\n\tsize_t\t len, cap;\n};\n\n"
	  "/* Appends n bytes; returns 0 or -1 when memory runs out. */\n"
	  "int\tbuf_add(struct buf *, const void *, size_t n);",
	  "You have written a few programs in any language and can use a "
	  "terminal.",
	  "The C11 standard (N1570)",
	  "https://www.open-std.org/jtc1/sc22/wg14/www/docs/n1570.pdf",
	  "Why C still matters|12\nThe toolchain: cc, make, sanitizers|25\n"
	  "Pointers without fear|35\nOwnership and lifetimes|40\n"
	  "Strings done right|30\nError paths that clean up|28" },
	{ "rust-ownership", "Rust 所有权与借用",
	  "从编译器报错中学会 Rust 的所有权、借用和生命周期。",
	  "intermediate", 19900, 0, 1, "rust,memory,内存安全",
	  "Rust 最让初学者困惑的，是编译器对所有权的严格检查。本课程不回避这些"
	  "报错，而是把每一条报错当作一次讲解：它在保护你免于哪一类内存错误？\n\n"
	  "我们会对照 C 语言中常见的悬垂指针和数据竞争，说明借用检查器为什么这样"
	  "设计，以及在真实项目中如何与它合作而不是对抗。",
	  "移动语义与 Copy 的区别\n共享借用与可变借用的规则\n"
	  "生命周期标注什么时候需要写\n用 Rc、RefCell 与 Arc 处理共享所有权",
	  "rust",
	  "fn longest<'a>(a: &'a str, b: &'a str) -> &'a str {\n"
	  "    if a.len() >= b.len() { a } else { b }\n}",
	  "需要会写基本的 Rust 或任意一门系统语言，了解栈和堆的区别。",
	  "The Rust Programming Language（中文版）",
	  "https://kaisery.github.io/trpl-zh-cn/",
	  "所有权：谁负责释放内存|20\n移动、复制与克隆|25\n借用规则|30\n"
	  "生命周期入门|35\n智能指针|30\n与借用检查器和平相处|25\n"
	  "实战：重写一个 C 模块|45" },
	{ "ncurses-tui", "Writing a TUI with ncurses",
	  "Build a fast, resizable terminal interface with panes, key "
	  "bindings and themes.",
	  "intermediate", 9900, 2, 0, "c,terminal,ncurses,tui",
	  "Terminal interfaces are back: they start instantly, work over SSH "
	  "and respect the keyboard. In this course we build a complete "
	  "two-pane application with ncursesw, from the first `initscr()` to "
	  "a themed, resizable interface.\n\n"
	  "Along the way we deal with the hard parts nobody mentions: wide "
	  "characters, SIGWINCH, and keeping the screen responsive while the "
	  "network is slow.",
	  "An event loop around poll() that never blocks the UI\n"
	  "Windows, panes and a view stack\n"
	  "CJK text and emoji that keep columns aligned\n"
	  "Colour themes and a readable monochrome fallback",
	  "c",
	  "for (;;) {\n\tif (poll(fds, nfds, timeout_ms) > 0)\n"
	  "\t\thandle_input();\n\tif (dirty)\n\t\tredraw();\n}",
	  "Comfortable C and a Unix terminal.",
	  "ncurses programming HOWTO",
	  "https://tldp.org/HOWTO/NCURSES-Programming-HOWTO/",
	  "Hello, curses|15\nThe event loop|30\nPanes and layout|35\n"
	  "Keys and bindings|25\nResizing correctly|20\nWide characters|30\n"
	  "Themes|20\nShipping it|15" },
	{ "sqlite-internals", "SQLite 内幕",
	  "深入 SQLite 的 B 树、页缓存、WAL 与查询规划器。",
	  "advanced", 49900, 1, 1, "sqlite,database,数据库",
	  "SQLite 是世界上部署最广泛的数据库，却只有一个文件和几十万行 C 代码。"
	  "本课程从文件格式讲起，一路走到虚拟机和查询规划器，让你真正理解每一次 "
	  "`sqlite3_step()` 背后发生了什么。\n\n"
	  "每节课都配有可以在自己电脑上复现的实验：我们会用十六进制查看器读页，"
	  "用 `EXPLAIN QUERY PLAN` 观察索引选择，并亲手制造和排查锁冲突。",
	  "数据库文件格式与 B 树页面布局\n回滚日志与 WAL 的取舍\n"
	  "VDBE 字节码如何执行\n用 EXPLAIN 优化真实查询",
	  "sql",
	  "PRAGMA journal_mode = WAL;\n"
	  "EXPLAIN QUERY PLAN\n"
	  "SELECT id FROM courses WHERE published = 1\n"
	  " ORDER BY created_at DESC LIMIT 20;",
	  "熟悉 SQL，读过中等规模的 C 代码。",
	  "SQLite 官方文档：Database File Format",
	  "https://www.sqlite.org/fileformat.html",
	  "文件格式总览|25\nB 树与页面|40\n页缓存|30\n事务与锁|35\n"
	  "WAL 模式|35\n虚拟机 VDBE|40\n查询规划器|45\n性能实验|30" },
	{ "linux-syscalls", "Linux 系统编程实战",
	  "进程、文件、信号、管道与 epoll：用系统调用写出可靠的服务程序。",
	  "intermediate", 19900, 3, 1, "linux,c,系统编程",
	  "很多程序员每天都在用 Linux，却很少直接和内核打交道。本课程从 "
	  "`open`、`read`、`write` 开始，逐步构建一个支持并发连接的小型服务程序。"
	  "\n\n我们特别关注那些让线上服务出问题的细节：被信号打断的系统调用、"
	  "文件描述符泄漏、僵尸进程，以及如何用 `strace` 找到它们。",
	  "文件描述符与 I/O 模型\n进程创建、exec 与回收\n"
	  "信号处理的正确姿势\n用 epoll 写事件驱动服务",
	  "c",
	  "int fd = open(path, O_RDONLY | O_CLOEXEC);\n"
	  "if (fd == -1) {\n\tperror(path);\n\treturn -1;\n}",
	  "会写 C 语言，了解基本的命令行操作。",
	  "man7.org：Linux man pages",
	  "https://man7.org/linux/man-pages/",
	  "系统调用是什么|15\n文件与描述符|30\n进程与 exec|35\n信号|35\n"
	  "管道与重定向|25\nepoll 事件循环|40\n用 strace 排错|20" },
	{ "distributed-reading-group", "Distributed systems reading group",
	  "Read the classic papers together: clocks, consensus, replication "
	  "and what fails in practice.",
	  "advanced", 0, 4, 0, "distributed-systems,papers,consensus",
	  "Each week we read one classic paper, discuss it in the forum and "
	  "meet to argue about it. The reading group is free and open to "
	  "anyone who is willing to do the reading.\n\n"
	  "We start with Lamport clocks and work our way to Raft, Dynamo and "
	  "the failure studies that show how real systems break.",
	  "Logical time and causality\nConsensus: Paxos and Raft\n"
	  "Replication and consistency models\nHow production systems fail",
	  "text",
	  "happened-before:  a -> b  if a precedes b in one process,\n"
	  "                  or a is a send and b its receive,\n"
	  "                  or a -> c and c -> b",
	  "Some experience building services; no maths beyond algebra.",
	  "Time, Clocks, and the Ordering of Events (Lamport, 1978)",
	  "https://lamport.azurewebsites.net/pubs/time-clocks.pdf",
	  "Time, clocks and ordering|60\nThe Byzantine generals|60\n"
	  "Paxos made simple|60\nRaft|60\nDynamo|60\nSimple testing can "
	  "prevent most critical failures|60" },
	{ "git-inside-out", "Git from the inside out",
	  "Objects, refs and the index: understand Git well enough to fix "
	  "any mess.",
	  "intermediate", 9900, 6, 0, "git,tools",
	  "Most Git confusion disappears once you see the four kinds of "
	  "objects and the few files that point at them. We build that "
	  "picture by poking at a real repository with the plumbing "
	  "commands.\n\n"
	  "Then we use it: rebasing with confidence, recovering lost commits "
	  "from the reflog, and bisecting a regression in minutes.",
	  "Blobs, trees, commits and tags\nRefs, HEAD and the reflog\n"
	  "Rebase, cherry-pick and conflict resolution\nBisect and blame",
	  "sh",
	  "git cat-file -p HEAD\ngit cat-file -p 'HEAD^{tree}'\n"
	  "git reflog --date=relative | head",
	  "You use Git daily but sometimes fear it.",
	  "Pro Git, chapter 10: Git Internals",
	  "https://git-scm.com/book/en/v2/Git-Internals-Plumbing-and-Porcelain",
	  "The object database|25\nRefs and branches|20\nThe index|25\n"
	  "Rewriting history safely|35\nRecovering anything|20" },
	{ "go-concurrency", "Go 并发编程入门",
	  "goroutine、channel 与 context：写出不泄漏、不死锁的并发程序。",
	  "beginner", 9900, 5, 1, "go,并发",
	  "Go 让启动一个并发任务变得只需要一个关键字，但正确地结束它却需要更多"
	  "思考。本课程用一系列小练习，带你掌握 goroutine 的生命周期管理。\n\n"
	  "课程最后，我们会一起实现一个带超时和取消的并发爬虫，并用竞态检测器"
	  "验证它的正确性。",
	  "goroutine 与调度器的基本概念\n无缓冲与有缓冲 channel\n"
	  "用 context 传递取消信号\n使用 -race 发现数据竞争",
	  "go",
	  "ctx, cancel := context.WithTimeout(ctx, 2*time.Second)\n"
	  "defer cancel()\nselect {\ncase r := <-results:\n\treturn r, nil\n"
	  "case <-ctx.Done():\n\treturn nil, ctx.Err()\n}",
	  "了解 Go 的基本语法即可。",
	  "Go 官方博客：Go Concurrency Patterns",
	  "https://go.dev/blog/pipelines",
	  "为什么需要并发|15\ngoroutine|20\nchannel|30\nselect|25\n"
	  "context 与取消|30\n实战：并发爬虫|45" },
	{ "gnu-make", "GNU make for real projects",
	  "Dependency tracking, pattern rules and out-of-tree builds without "
	  "the magic.",
	  "beginner", 0, 6, 0, "make,build,tools",
	  "A Makefile is a small program that describes how files depend on "
	  "each other. Written well, it rebuilds exactly what changed and "
	  "nothing else; written badly, it is the reason people run `make "
	  "clean` out of fear.\n\n"
	  "This free course writes one Makefile for a multi-directory C "
	  "project, step by step, and explains every line.",
	  "Targets, prerequisites and recipes\n"
	  "Automatic dependencies with -MMD -MP\n"
	  "Pattern rules and wildcard source lists\n"
	  "install, DESTDIR and PREFIX the way packagers expect",
	  "make",
	  "$(BUILD)/%.o: %.c\n\t@mkdir -p $(@D)\n"
	  "\t$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<",
	  "You can compile a C file by hand.",
	  "GNU make manual", "https://www.gnu.org/software/make/manual/",
	  "Rules and recipes|15\nVariables|20\nDependencies|25\n"
	  "Out-of-tree builds|20" },
	{ "posix-shell", "POSIX shell scripting that survives production",
	  "Quoting, error handling and portable idioms for scripts other "
	  "people will run.",
	  "beginner", 9900, 2, 0, "shell,tools,unix",
	  "Shell scripts glue systems together, and they fail in the most "
	  "creative ways: a space in a file name, a missing variable, a "
	  "command that failed silently halfway through.\n\n"
	  "We learn the small set of rules that prevents almost all of "
	  "those failures, and test every script with shellcheck.",
	  "Quoting rules that never surprise you\n"
	  "set -eu and checking every command\n"
	  "Loops over files with odd names\nTemporary files and traps",
	  "sh",
	  "set -eu\ntmp=$(mktemp -d)\ntrap 'rm -rf \"$tmp\"' EXIT\n"
	  "for f in ./*.log; do\n\t[ -e \"$f\" ] || continue\n"
	  "\tgzip -- \"$f\"\ndone",
	  "You have typed commands in a terminal.",
	  "POSIX Shell Command Language",
	  "https://pubs.opengroup.org/onlinepubs/9699919799/utilities/"
	  "V3_chap02.html",
	  "Words and quoting|20\nExit status|15\nLoops and files|25\n"
	  "Functions|20\nTraps and cleanup|20" },
	{ "data-structures-zh", "数据结构与算法：从链表到 B 树",
	  "用 C 实现常用数据结构，理解它们在真实系统中的取舍。",
	  "beginner", 0, 5, 1, "算法,数据结构,c",
	  "数据结构不只是面试题。文件系统用 B 树，编辑器用绳索，网络栈用哈希表"
	  "——理解它们，才能在自己的程序里做出正确的选择。\n\n"
	  "本课程免费开放。每种结构我们都先画图，再用不超过一百行的 C 代码实现，"
	  "最后测量它在不同数据规模下的表现。",
	  "链表、动态数组与环形缓冲区\n哈希表与冲突处理\n"
	  "二叉搜索树与平衡\nB 树为什么适合磁盘",
	  "c",
	  "struct node {\n\tint\t\t key;\n\tstruct node\t*left, *right;\n};",
	  "会写简单的 C 程序。",
	  "可视化数据结构（USFCA）",
	  "https://www.cs.usfca.edu/~galles/visualization/Algorithms.html",
	  "复杂度分析|20\n链表与数组|25\n哈希表|30\n树|30\nB 树|35" },
	{ "http-from-scratch", "HTTP/1.1 from scratch in C",
	  "Parse requests, stream bodies and handle keep-alive in a server "
	  "you write yourself.",
	  "intermediate", 19900, 0, 0, "http,c,networking",
	  "Frameworks hide HTTP; this course takes the lid off. We write a "
	  "small HTTP/1.1 server in C, then throw malformed requests at it "
	  "until it stops crashing.\n\n"
	  "You will come away knowing exactly what Content-Length, chunked "
	  "encoding and keep-alive mean for your code, and why request size "
	  "limits matter.",
	  "The request line, headers and their limits\n"
	  "Content-Length versus chunked bodies\n"
	  "Keep-alive and pipelining\nStatus codes and problem+json errors",
	  "http",
	  "POST /api/v1/users HTTP/1.1\nHost: localhost\n"
	  "Content-Type: application/json\nContent-Length: 52\n\n"
	  "{\"username\":\"mei\",\"email\":\"mei@example.com\"}",
	  "Sockets basics and comfortable C.",
	  "RFC 9112: HTTP/1.1", "https://www.rfc-editor.org/rfc/rfc9112",
	  "Anatomy of a request|20\nA parser that says no|35\nBodies|30\n"
	  "Connections|25\nErrors worth reading|20\nFuzzing the parser|30" },
	{ "gdb-and-rr", "Debugging with gdb and rr",
	  "Breakpoints, watchpoints and time-travel debugging for C and C++.",
	  "intermediate", 19900, 2, 0, "debugging,c,tools",
	  "printf debugging works until it does not. gdb lets you stop a "
	  "program anywhere and ask it questions; rr records a run so you "
	  "can go backwards from the crash to its cause.\n\n"
	  "Every lesson starts from a buggy program and ends with the bug "
	  "found, explained and fixed.",
	  "Breakpoints, conditions and watchpoints\n"
	  "Reading a core dump\nReverse execution with rr\n"
	  "Scripting gdb for repetitive work",
	  "gdb",
	  "(gdb) break parse_header if len > 8192\n(gdb) run\n"
	  "(gdb) watch -l req->state\n(gdb) reverse-continue",
	  "You can build C programs with debug info (-g).",
	  "Debugging with GDB",
	  "https://sourceware.org/gdb/current/onlinedocs/gdb/",
	  "First steps|20\nBreakpoints that matter|25\nCore dumps|20\n"
	  "Watchpoints|25\nRecord and replay|35" },
	{ "kernel-modules", "Linux 内核模块开发",
	  "从 hello world 模块到字符设备驱动，安全地在内核中写代码。",
	  "advanced", 49900, 3, 1, "linux,内核,c",
	  "内核代码没有标准库，没有内存保护，出错就是整机崩溃。本课程在虚拟机中"
	  "进行所有实验，让你可以放心地犯错。\n\n"
	  "我们会实现一个完整的字符设备驱动，并学习内核中的并发原语、内存分配和"
	  "调试手段。",
	  "模块的加载、卸载与参数\n字符设备与文件操作\n"
	  "自旋锁、互斥锁与 RCU\n用 printk、ftrace 和 KASAN 调试",
	  "c",
	  "static int __init hello_init(void)\n{\n"
	  "\tpr_info(\"hello, kernel\\n\");\n\treturn 0;\n}\n"
	  "module_init(hello_init);",
	  "熟练掌握 C 语言，学过操作系统课程。",
	  "The Linux Kernel Module Programming Guide",
	  "https://sysprog21.github.io/lkmpg/",
	  "搭建实验环境|30\n第一个模块|20\n字符设备|40\n并发与锁|45\n"
	  "内存管理|40\n调试内核|35" },
	{ "sanitizers-and-fuzzing", "Finding bugs with sanitizers and fuzzers",
	  "ASan, UBSan and libFuzzer: make your test suite find the bugs "
	  "before your users do.",
	  "advanced", 49900, 0, 0, "testing,security,c,fuzzing",
	  "Sanitizers turn silent memory corruption into loud, precise "
	  "reports. Fuzzers feed your parsers millions of inputs you would "
	  "never think of. Together they find the bugs that code review "
	  "misses.\n\n"
	  "We add both to an existing project, write fuzz targets for its "
	  "parsers, and triage what they find.",
	  "AddressSanitizer and LeakSanitizer\n"
	  "UndefinedBehaviorSanitizer in CI\n"
	  "Writing libFuzzer targets\nMinimising and triaging crashes",
	  "c",
	  "int\nLLVMFuzzerTestOneInput(const uint8_t *data, size_t size)\n{\n"
	  "\tparse_config((const char *)data, size);\n\treturn 0;\n}",
	  "You maintain a C or C++ code base with tests.",
	  "Clang AddressSanitizer documentation",
	  "https://clang.llvm.org/docs/AddressSanitizer.html",
	  "Why tests miss bugs|15\nAddressSanitizer|30\nUBSan|25\n"
	  "Your first fuzz target|35\nCorpus and coverage|30\n"
	  "Triage|25\nFuzzing in CI|20" },
	{ "unicode-terminal", "Unicode in the terminal",
	  "Display widths, wrapping, combining marks and bidi controls: text "
	  "that lines up in every language.",
	  "advanced", 19900, 2, 0, "unicode,terminal,text",
	  "A terminal is a grid, and Unicode was not designed for grids. "
	  "Chinese characters take two columns, combining accents take zero, "
	  "and some control characters can rewrite what your user sees.\n\n"
	  "This course builds a small text library that measures, wraps and "
	  "sanitizes UTF-8 for terminal display, with tests for every edge "
	  "case.",
	  "UTF-8 decoding and invalid sequences\n"
	  "East Asian width and emoji\nWrapping CJK and Latin text\n"
	  "Sanitizing escape sequences and bidi controls",
	  "c",
	  "/* Columns of one code point: 0, 1 or 2. */\n"
	  "int\ttext_cpwidth(uint32_t cp);",
	  "Comfortable C; no Unicode knowledge needed.",
	  "Unicode Standard Annex #11: East Asian Width",
	  "https://www.unicode.org/reports/tr11/",
	  "Bytes, code points, graphemes|25\nDecoding UTF-8|25\nWidths|30\n"
	  "Wrapping|30\nSanitizing|25" },
	{ "network-protocols-zh", "计算机网络：从 TCP 到 QUIC",
	  "抓包看懂 TCP 握手、拥塞控制、TLS 与 QUIC。",
	  "intermediate", 19900, 3, 1, "网络,tcp,协议",
	  "教科书里的网络分层图很整齐，真实的数据包却常常出人意料。本课程的每一"
	  "个概念都从一次抓包开始：我们用 tcpdump 和 Wireshark 观察真实的连接。"
	  "\n\n从三次握手到拥塞窗口，从 TLS 1.3 握手到 QUIC 的连接迁移，你会看到"
	  "协议设计背后的权衡。",
	  "TCP 连接的建立与关闭\n流量控制与拥塞控制\nTLS 1.3 握手过程\n"
	  "QUIC 解决了什么问题",
	  "sh",
	  "tcpdump -i lo -nn 'tcp port 8080' -w handshake.pcap\n"
	  "curl -s http://127.0.0.1:8080/healthz",
	  "了解 IP 地址和端口的概念。",
	  "RFC 9293：Transmission Control Protocol",
	  "https://www.rfc-editor.org/rfc/rfc9293",
	  "抓包入门|20\nTCP 握手|25\n拥塞控制|35\nTLS 1.3|30\nQUIC|35" },
	{ "sockets-programming", "Network programming with sockets",
	  "TCP clients and servers in C: blocking, non-blocking and "
	  "event-driven.",
	  "intermediate", 19900, 4, 0, "networking,c,linux",
	  "Every network service, from a web server to a game, sits on the "
	  "same small sockets API. We learn it properly: address families, "
	  "partial reads and writes, and what happens when the other side "
	  "disappears.\n\n"
	  "The course ends with an event-driven chat server that handles "
	  "thousands of connections in one thread.",
	  "getaddrinfo and dual-stack IPv4/IPv6\n"
	  "Short reads, short writes and EINTR\n"
	  "Non-blocking I/O with poll and epoll\nTimeouts and backpressure",
	  "c",
	  "struct addrinfo hints = { .ai_socktype = SOCK_STREAM,\n"
	  "\t\t\t  .ai_flags = AI_PASSIVE };\n"
	  "getaddrinfo(NULL, \"8080\", &hints, &res);",
	  "You can write and compile C programs.",
	  "Beej's Guide to Network Programming",
	  "https://beej.us/guide/bgnet/",
	  "Addresses|20\nA TCP client|25\nA TCP server|30\n"
	  "Many clients at once|35\nEvent loops|35\nRobustness|25" },
	{ "open-source-contrib", "参与开源：第一次提交补丁",
	  "找到合适的项目、读懂代码、写出会被合并的补丁。",
	  "beginner", 0, 5, 1, "开源,git,社区",
	  "很多人想参与开源，却不知道从哪里开始。这门免费课程陪你完成第一次贡献："
	  "从挑选项目、阅读贡献指南，到提交补丁和回应评审意见。\n\n"
	  "我们还会讨论开源社区的沟通礼仪，以及如何在公开讨论中清楚地描述问题。",
	  "如何挑选适合新手的项目和 issue\n快速读懂一个陌生的代码库\n"
	  "写好提交信息与补丁说明\n回应代码评审",
	  "sh",
	  "git switch -c fix-typo-in-docs\ngit commit -s -m "
	  "\"docs: fix typo in install guide\"\ngit push origin "
	  "fix-typo-in-docs",
	  "会使用 Git 的基本命令。",
	  "开源指南（Open Source Guides）",
	  "https://opensource.guide/zh-hans/",
	  "为什么参与开源|15\n挑选项目|20\n读代码|30\n第一个补丁|30" },
	{ "regex-engines", "How regular expression engines work",
	  "From Thompson NFAs to backtracking: build a regex engine and "
	  "learn why some patterns are slow.",
	  "advanced", 19900, 6, 0, "algorithms,regex,compilers",
	  "Regular expressions are a tiny programming language, and their "
	  "engines are small compilers. We implement one twice: first as a "
	  "backtracking matcher, then as a Thompson NFA simulation that runs "
	  "in linear time.\n\n"
	  "Along the way we see why one pattern can freeze a web server and "
	  "how to write patterns that cannot.",
	  "Parsing patterns into an AST\nBacktracking and its worst case\n"
	  "Thompson's construction\nCharacter classes and Unicode",
	  "c",
	  "/* match: search for re anywhere in text */\n"
	  "int\nmatch(const char *re, const char *text)\n{\n"
	  "\tif (re[0] == '^')\n\t\treturn matchhere(re + 1, text);\n"
	  "\tdo {\n\t\tif (matchhere(re, text))\n\t\t\treturn 1;\n"
	  "\t} while (*text++ != '\\0');\n\treturn 0;\n}",
	  "Comfortable with recursion and pointers.",
	  "Regular Expression Matching Can Be Simple And Fast (Russ Cox)",
	  "https://swtch.com/~rsc/regexp/regexp1.html",
	  "A 30-line matcher|25\nParsing|30\nBacktracking|30\nNFAs|35\n"
	  "DFAs and caching|35" },
	{ "algorithms-in-practice", "Algorithms you will actually use",
	  "Sorting, searching, hashing and graphs, chosen for everyday "
	  "engineering rather than interviews.",
	  "beginner", 9900, 4, 0, "algorithms,data-structures",
	  "Most programs need a handful of algorithms, used well. This "
	  "course covers those: binary search without off-by-one errors, "
	  "hashing, sorting stability, and breadth-first search on real "
	  "graphs.\n\n"
	  "Each topic comes with a measurement: we time our code on real "
	  "data so the complexity classes stop being abstract.",
	  "Binary search and its invariants\nHash maps and their costs\n"
	  "Sorting and stability\nGraph traversal",
	  "python",
	  "def bisect_left(a, x):\n    lo, hi = 0, len(a)\n"
	  "    while lo < hi:\n        mid = (lo + hi) // 2\n"
	  "        if a[mid] < x:\n            lo = mid + 1\n"
	  "        else:\n            hi = mid\n    return lo",
	  "Any programming language.",
	  "Introduction to Algorithms (MIT OpenCourseWare)",
	  "https://ocw.mit.edu/courses/6-006-introduction-to-algorithms-"
	  "spring-2020/",
	  "Measuring code|15\nBinary search|20\nHashing|25\nSorting|25\n"
	  "Graphs|30" },
	{ "database-design-zh", "关系数据库设计与 SQL 优化",
	  "范式、索引、事务隔离与执行计划：设计经得起增长的数据库。",
	  "intermediate", 19900, 1, 1, "数据库,sql,sqlite",
	  "一个糟糕的表结构会在业务增长时反复折磨你。本课程从需求分析出发，设计"
	  "一个在线课程平台的数据库，并随着需求变化不断演进它。\n\n"
	  "我们会学习何时遵守范式、何时有意反范式，如何为常见查询建立索引，"
	  "以及如何读懂执行计划。",
	  "实体关系建模与范式\n外键、约束与数据完整性\n索引设计与执行计划\n"
	  "事务隔离级别与常见异常",
	  "sql",
	  "CREATE INDEX courses_catalog\n"
	  "  ON courses(published, created_at DESC, id DESC);",
	  "会写基本的 SELECT 语句。",
	  "Use The Index, Luke（中文版）",
	  "https://use-the-index-luke.com/zh-Hans",
	  "从需求到模型|25\n范式|30\n约束|20\n索引|35\n执行计划|30\n"
	  "事务|30" },
	{ "tls-for-developers", "TLS explained for application developers",
	  "Certificates, handshakes and the mistakes that turn HTTPS into "
	  "plain text.",
	  "intermediate", 9900, 4, 0, "security,tls,networking",
	  "You do not need to be a cryptographer to use TLS correctly, but "
	  "you do need to know what it promises and what it does not. This "
	  "course explains certificates, chains and the handshake in plain "
	  "language.\n\n"
	  "Then we look at the mistakes that matter: disabled verification, "
	  "trusting the wrong CA, and leaking secrets in logs.",
	  "What TLS protects and what it does not\n"
	  "Certificates, chains and trust stores\n"
	  "Verifying peers correctly with libcurl\nDebugging handshakes",
	  "sh",
	  "openssl s_client -connect example.com:443 -servername example.com "
	  "</dev/null \\\n  | openssl x509 -noout -subject -issuer -dates",
	  "You have deployed or called an HTTPS service.",
	  "The Illustrated TLS 1.3 Connection", "https://tls13.xargs.org/",
	  "Why TLS|15\nCertificates|25\nThe handshake|30\n"
	  "Verification done right|25" },
	{ "cpp-modern-zh", "现代 C++ 核心特性",
	  "RAII、移动语义、智能指针与 constexpr：写出安全高效的 C++。",
	  "intermediate", 19900, 5, 1, "c++,内存安全",
	  "C++ 在十多年间变化巨大。本课程不讲历史包袱，只讲今天写新代码时应该"
	  "使用的特性，以及它们如何帮你避免资源泄漏和悬垂引用。\n\n"
	  "每个特性都配有一个重构练习：把一段旧风格的代码改写为现代 C++。",
	  "RAII 与资源管理\n移动语义与完美转发\n"
	  "unique_ptr、shared_ptr 的正确用法\nconstexpr 与编译期计算",
	  "cpp",
	  "auto buf = std::make_unique<char[]>(n);\n"
	  "std::vector<std::string> names;\nnames.push_back(std::move(s));",
	  "会写 C 或早期 C++。",
	  "C++ Core Guidelines",
	  "https://isocpp.github.io/CppCoreGuidelines/CppCoreGuidelines",
	  "RAII|25\n值类别与移动|35\n智能指针|30\nconstexpr|25\n重构练习|40" },
	{ "perf-flamegraphs", "Performance analysis with perf and flame graphs",
	  "Measure before you optimise: CPU profiles, cache misses and "
	  "flame graphs on Linux.",
	  "advanced", 49900, 0, 0, "performance,linux,tools",
	  "Guessing where time goes is almost always wrong. This course "
	  "teaches a measurement-first workflow with perf: sample the CPU, "
	  "read the flame graph, form a hypothesis, change one thing, and "
	  "measure again.\n\n"
	  "We profile real programs, including a database and a web server, "
	  "and make each of them measurably faster.",
	  "Sampling profilers and their blind spots\n"
	  "perf record, report and annotate\nFlame graphs\n"
	  "Cache misses and branch mispredictions",
	  "sh",
	  "perf record -F 99 -g -- ./build/guildd --demo\n"
	  "perf script | stackcollapse-perf.pl | flamegraph.pl > cpu.svg",
	  "Linux, C, and a program that is too slow.",
	  "Brendan Gregg: perf examples",
	  "https://www.brendangregg.com/perf.html",
	  "Measure first|15\nperf basics|30\nFlame graphs|25\n"
	  "Memory and caches|35\nCase study: a web server|40" },
	{ "code-review", "The art of code review",
	  "Review code kindly and usefully, and get your own changes merged "
	  "faster.",
	  "beginner", 0, 6, 0, "teamwork,career",
	  "Code review is where a team's standards live. Good reviews catch "
	  "bugs and spread knowledge; bad ones stall work and hurt people.\n\n"
	  "This free course covers both sides: how to prepare a change that "
	  "is easy to review, and how to review one in a way that helps.",
	  "Small, focused changes\nWhat to look for first\n"
	  "Writing comments people act on\nDisagreeing productively",
	  "diff",
	  "-\tstrcpy(dst, src);\n+\tsnprintf(dst, sizeof dst, \"%s\", src);",
	  "You have opened or reviewed at least one pull request.",
	  "Google engineering practices: code review",
	  "https://google.github.io/eng-practices/review/",
	  "Why review|10\nPreparing a change|20\nReviewing|25" },
	{ "embedded-c-zh", "嵌入式 C 与单片机开发",
	  "寄存器、中断与低功耗：在资源受限的设备上写可靠的 C 代码。",
	  "advanced", 19900, 3, 1, "嵌入式,c,硬件",
	  "在只有几十 KB 内存的设备上，没有操作系统替你兜底。本课程以一块常见的 "
	  "ARM Cortex-M 开发板为例，讲解裸机编程的核心技能。\n\n"
	  "我们会从点亮一个 LED 开始，逐步实现串口通信、定时器中断和低功耗模式。",
	  "启动代码与链接脚本\n寄存器操作与 volatile\n中断与临界区\n"
	  "低功耗设计",
	  "c",
	  "#define GPIOA_ODR (*(volatile uint32_t *)0x48000014u)\n\n"
	  "void led_toggle(void)\n{\n\tGPIOA_ODR ^= 1u << 5;\n}",
	  "熟悉 C 语言中的指针和位运算。",
	  "ARM Cortex-M 编程手册",
	  "https://developer.arm.com/documentation/",
	  "开发环境|20\n启动过程|30\nGPIO|25\n中断|35\n串口|30\n低功耗|25" },
	{ "writing-docs", "Writing man pages and docs people read",
	  "Man pages, READMEs and API references that answer the reader's "
	  "question in the first screen.",
	  "beginner", 0, 2, 0, "documentation,writing,unix",
	  "Documentation is the interface most users see first. This course "
	  "shows how to write the three kinds every project needs: a README "
	  "that gets someone started in a minute, a man page in proper roff, "
	  "and an API reference with real examples.\n\n"
	  "We review real documentation together and rewrite the parts that "
	  "make readers give up.",
	  "Who reads docs, and when\nThe structure of a man page\n"
	  "Examples first\nKeeping docs in step with code",
	  "roff",
	  ".TH GUILDD 8\n.SH NAME\nguildd \\- Guild platform server\n"
	  ".SH SYNOPSIS\n.B guildd\n.RB [ \\-\\-demo ]",
	  "None.",
	  "man-pages(7): conventions for writing Linux man pages",
	  "https://man7.org/linux/man-pages/man7/man-pages.7.html",
	  "Readers first|15\nREADMEs|20\nMan pages|30\nAPI references|25" },
	{ "lua-embedding", "Embedding Lua in a C program",
	  "Add a scripting language to your application with the Lua C API.",
	  "intermediate", 19900, 6, 0, "lua,c,scripting",
	  "Lua was designed to live inside other programs. With a few "
	  "hundred lines of glue you can let users configure and extend your "
	  "application in a real language.\n\n"
	  "We embed Lua into a small C program, expose functions and data to "
	  "scripts, and sandbox them so a bad script cannot take the host "
	  "down.",
	  "The Lua stack and the C API\nCalling Lua from C and back\n"
	  "Userdata and metatables\nSandboxing untrusted scripts",
	  "c",
	  "lua_State *L = luaL_newstate();\nluaL_openlibs(L);\n"
	  "if (luaL_dofile(L, \"init.lua\") != LUA_OK)\n"
	  "\tfprintf(stderr, \"%s\\n\", lua_tostring(L, -1));",
	  "Comfortable C.",
	  "Programming in Lua", "https://www.lua.org/pil/",
	  "Why embed|15\nThe stack|30\nCalling both ways|30\nUserdata|30\n"
	  "Sandboxing|25" },
	{ "build-a-compiler", "Build a small compiler",
	  "Lexer, parser, type checker and code generator for a tiny "
	  "language, in about 3000 lines of C.",
	  "advanced", 49900, 0, 0, "compilers,c,languages",
	  "Writing a compiler is the best way to understand the tools you "
	  "use every day. Over eight lessons we build one for a small "
	  "statically typed language that compiles to x86-64 assembly.\n\n"
	  "No parser generators, no frameworks: every piece is code you "
	  "write and understand.",
	  "Lexing and recursive-descent parsing\nTypes and type checking\n"
	  "Code generation for a stack machine, then registers\n"
	  "Testing a compiler with itself",
	  "c",
	  "static struct node *\nparse_expr(struct parser *p, int prec)\n{\n"
	  "\tstruct node *lhs = parse_unary(p);\n"
	  "\twhile (binary_prec(peek(p)) > prec)\n"
	  "\t\tlhs = parse_binary(p, lhs);\n\treturn lhs;\n}",
	  "Solid C and some assembly reading.",
	  "Crafting Interpreters", "https://craftinginterpreters.com/",
	  "The plan|15\nLexer|30\nParser|40\nAST and types|40\n"
	  "Code generation|45\nFunctions|40\nOptimisations|35\n"
	  "Self-testing|30" },
	{ "vim-for-programmers", "Vim for programmers",
	  "Motions, text objects and a small config: edit code at the speed "
	  "of thought.",
	  "beginner", 0, 2, 0, "vim,tools,editors",
	  "Vim's reputation for difficulty comes from learning it as a list "
	  "of shortcuts. Learned as a language - verbs, motions and text "
	  "objects - it becomes logical, and fast.\n\n"
	  "This free course builds that language one lesson at a time, then "
	  "adds a small, understandable configuration for programming.",
	  "Modes, motions and operators\nText objects\n"
	  "Search, replace and macros\nA minimal vimrc",
	  "vim",
	  "set number relativenumber\nset expandtab shiftwidth=4\n"
	  "nnoremap <leader>w :write<CR>",
	  "None.",
	  "Vim documentation: usr_toc",
	  "https://vimhelp.org/usr_toc.txt.html",
	  "Modes|15\nMotions|20\nOperators and text objects|25\nMacros|20" },
	{ "shell-tools-zh", "命令行效率：文本处理三剑客",
	  "grep、sed、awk 与管道：在终端里快速处理日志和数据。",
	  "beginner", 9900, 1, 1, "shell,工具,linux",
	  "面对几个 GB 的日志，图形界面往往无能为力，而一行管道命令就能给出答案。"
	  "本课程系统地讲解 grep、sed 和 awk，以及如何把它们组合起来。\n\n"
	  "所有练习都使用真实格式的服务器日志，学完即可用在工作中。",
	  "正则表达式基础\ngrep 的常用选项\nsed 的替换与编辑\n"
	  "awk 的字段处理与统计",
	  "sh",
	  "awk '{ print $4 }' access.log | sort | uniq -c | sort -rn | head",
	  "会在终端中执行基本命令。",
	  "GNU Awk 用户手册",
	  "https://www.gnu.org/software/gawk/manual/",
	  "管道的力量|15\ngrep|20\nsed|25\nawk|35\n综合练习|30" },
};

/* ---- building the Markdown ------------------------------------------- */

/* Appends each line of list (newline-separated) as a "- " item. */
static void
add_list(struct buf *b, const char *list)
{
	const char	*p = list, *nl;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		buf_adds(b, "- ");
		buf_add(b, p, (size_t)(nl - p));
		buf_addc(b, '\n');
		p = *nl != '\0' ? nl + 1 : nl;
	}
}

/* The course description: intro, outcomes, a code sample, prerequisites. */
static char *
course_markdown(const struct demo_course *c)
{
	struct buf	b = BUF_INIT;

	buf_printf(&b, "%s\n\n## %s\n\n", c->intro,
	    c->zh ? "你将学到" : "What you will learn");
	add_list(&b, c->learn);
	buf_printf(&b, "\n## %s\n\n```%s\n%s\n```\n\n",
	    c->zh ? "先睹为快" : "A taste of the course", c->lang, c->code);
	buf_printf(&b, "## %s\n\n%s\n\n", c->zh ? "开始之前" : "Before you start",
	    c->before);
	buf_printf(&b, "## %s\n\n- [%s](%s)\n",
	    c->zh ? "延伸阅读" : "Further reading", c->link_title, c->link_url);
	return buf_detach(&b);
}

/* A lesson body in the course's language. */
static char *
lesson_markdown(const struct demo_course *c, int pos, const char *title,
    size_t tlen)
{
	struct buf	b = BUF_INIT;

	if (c->zh) {
		buf_printf(&b, "## %.*s\n\n这是《%s》的第 %d 课。"
		    "我们从一个能运行的小例子出发，每次只改动一处，"
		    "并解释每个决定背后的原因。\n\n"
		    "### 步骤\n\n1. 阅读示例，先预测它的行为。\n"
		    "2. 运行它，然后故意改错，读懂错误信息。\n"
		    "3. 修复问题，记下你学到的东西。\n\n### 练习\n\n"
		    "在你自己的程序上重复这些步骤，并在课程讨论区分享结果。\n\n"
		    "> 提示：保留笔记，最后一课会用到它们。\n", (int)tlen, title,
		    c->title, pos);
	} else {
		buf_printf(&b, "## %.*s\n\nLesson %d of *%s*. We start from a "
		    "small program that works and change it one step at a "
		    "time, explaining each decision as we go.\n\n### Steps\n\n"
		    "1. Read the example and predict what it does.\n"
		    "2. Run it, then break it on purpose and read the error.\n"
		    "3. Fix it and write down what you learned.\n\n"
		    "### Exercise\n\nRepeat the steps on a program of your own "
		    "and share it in the course discussion.\n\n"
		    "> Tip: keep notes; the last lesson builds on them.\n",
		    (int)tlen, title, pos, c->title);
	}
	return buf_detach(&b);
}

/* ---- inserting ------------------------------------------------------- */

/* Steps st, resets it for the next use; 0 or -1 (logged). */
static int
step_reset(sqlite3 *db, sqlite3_stmt *st, const char *what)
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

static int
insert_people(sqlite3 *db, const char *member_hash, const char *admin_hash,
    time_t now, int64_t *ids)
{
	sqlite3_stmt	*st;
	size_t		 i;
	char		 email[96];
	int		 rc = 0;

	if (db_prepare(db, "INSERT INTO users (username, email, password_hash,"
	    " display_name, bio, timezone, role, level, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &st) != 0)
		return -1;
	for (i = 0; rc == 0 && i < G_NELEM(demo_people); i++) {
		const struct demo_person *p = &demo_people[i];

		snprintf(email, sizeof email, "%s@guild.example", p->username);
		sqlite3_bind_text(st, 1, p->username, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, email, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, i == DEMO_ADMIN ? admin_hash :
		    member_hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, p->display_name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, p->bio, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, p->timezone, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, p->role, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, p->level, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 9, (sqlite3_int64)(now -
		    (int64_t)(400 - i * 10) * DAY));
		rc = step_reset(db, st, "demo user");
		ids[i] = sqlite3_last_insert_rowid(db);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Inserts the tags of course c (comma-separated) for course_id. */
static int
insert_tags(sqlite3 *db, sqlite3_stmt *st, int64_t course_id,
    const char *tags)
{
	const char	*p = tags, *comma;

	while (*p != '\0') {
		comma = strchr(p, ',');
		if (comma == NULL)
			comma = p + strlen(p);
		sqlite3_bind_int64(st, 1, course_id);
		sqlite3_bind_text(st, 2, p, (int)(comma - p), SQLITE_TRANSIENT);
		if (step_reset(db, st, "demo tag") != 0)
			return -1;
		p = *comma != '\0' ? comma + 1 : comma;
	}
	return 0;
}

/* Inserts the lessons of c ("title|minutes" lines) for course_id. */
static int
insert_lessons(sqlite3 *db, sqlite3_stmt *st, int64_t course_id,
    const struct demo_course *c)
{
	const char	*p = c->lessons, *nl, *bar;
	char		*body, minutes[8];
	int		 pos = 0, nlessons = 1, rc;
	int64_t		 dur;
	size_t		 mlen;

	for (bar = c->lessons; *bar != '\0'; bar++)
		nlessons += *bar == '\n';
	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		bar = memchr(p, '|', (size_t)(nl - p));
		if (bar == NULL)
			return -1;
		mlen = (size_t)(nl - bar - 1);
		if (mlen >= sizeof minutes)
			return -1;
		memcpy(minutes, bar + 1, mlen);
		minutes[mlen] = '\0';
		if (parse_int64(minutes, 0, 600, &dur) != 0)
			return -1;
		pos++;
		body = lesson_markdown(c, pos, p, (size_t)(bar - p));
		if (body == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, course_id);
		sqlite3_bind_int(st, 2, pos);
		sqlite3_bind_text(st, 3, p, (int)(bar - p), SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, body, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 5, dur);
		/* The first lesson is a free preview, the second too in
		 * longer courses. */
		sqlite3_bind_int(st, 6, pos == 1 || (pos == 2 && nlessons >= 6));
		rc = step_reset(db, st, "demo lesson");
		free(body);
		if (rc != 0)
			return -1;
		p = *nl != '\0' ? nl + 1 : nl;
	}
	return 0;
}

static int
insert_courses(sqlite3 *db, const int64_t *people, time_t now,
    int64_t *ids)
{
	sqlite3_stmt	*course = NULL, *tag = NULL, *lesson = NULL;
	char		*desc;
	size_t		 i;
	int		 rc = -1;
	int64_t		 created;

	if (db_prepare(db, "INSERT INTO courses (slug, title, summary,"
	    " description, level, price_amount, currency, instructor_id,"
	    " published, created_at, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'CNY', ?7, 1, ?8, ?8)",
	    &course) != 0 ||
	    db_prepare(db, "INSERT INTO course_tags (course_id, tag)"
	    " VALUES (?1, ?2)", &tag) != 0 ||
	    db_prepare(db, "INSERT INTO lessons (course_id, position, title,"
	    " body, duration_min, preview) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	    &lesson) != 0)
		goto out;
	for (i = 0; i < G_NELEM(demo_courses); i++) {
		const struct demo_course *c = &demo_courses[i];

		/* The first entry is the newest; a few days between each. */
		created = (int64_t)now - (int64_t)(i * 4 + 1) * DAY -
		    (int64_t)(i * 37 % 24) * 3600;
		desc = course_markdown(c);
		if (desc == NULL)
			goto out;
		sqlite3_bind_text(course, 1, c->slug, -1, SQLITE_STATIC);
		sqlite3_bind_text(course, 2, c->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(course, 3, c->summary, -1, SQLITE_STATIC);
		sqlite3_bind_text(course, 4, desc, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(course, 5, c->level, -1, SQLITE_STATIC);
		sqlite3_bind_int64(course, 6, c->price);
		sqlite3_bind_int64(course, 7, people[c->instructor]);
		sqlite3_bind_int64(course, 8, created);
		free(desc);
		if (step_reset(db, course, "demo course") != 0)
			goto out;
		ids[i] = sqlite3_last_insert_rowid(db);
		if (insert_tags(db, tag, ids[i], c->tags) != 0 ||
		    insert_lessons(db, lesson, ids[i], c) != 0)
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(course);
	sqlite3_finalize(tag);
	sqlite3_finalize(lesson);
	return rc;
}

/* The demo member owns two courses, so `owned` and unlocked lessons show. */
static int
insert_enrollments(sqlite3 *db, int64_t member, const int64_t *courses,
    time_t now)
{
	static const char *const owned[] = { "ncurses-tui", "rust-ownership" };
	sqlite3_stmt	*st;
	size_t		 i, j;
	int		 rc = 0;

	if (db_prepare(db, "INSERT INTO enrollments (user_id, course_id,"
	    " created_at) VALUES (?1, ?2, ?3)", &st) != 0)
		return -1;
	for (i = 0; rc == 0 && i < G_NELEM(owned); i++) {
		for (j = 0; j < G_NELEM(demo_courses); j++) {
			if (strcmp(demo_courses[j].slug, owned[i]) != 0)
				continue;
			sqlite3_bind_int64(st, 1, member);
			sqlite3_bind_int64(st, 2, courses[j]);
			sqlite3_bind_int64(st, 3, (sqlite3_int64)(now - DAY));
			rc = step_reset(db, st, "demo enrollment");
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Emits the events of the demo member's history (orders paid, lessons
 * completed) so the activity log and every subscriber see them.
 */
static int
emit_history(sqlite3 *db, int64_t member)
{
	struct srv_event	 ev;
	sqlite3_stmt		*st;
	int			 rc, bad = 0;

	if (db_prepare(db, "SELECT 'o', id, amount, paid_at FROM orders"
	    " WHERE user_id = ?1 AND status = 'paid' UNION ALL"
	    " SELECT 'l', lesson_id, 0, completed_at FROM lesson_completions"
	    " WHERE user_id = ?1 ORDER BY 4", &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, member);
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int order = sqlite3_column_text(st, 0)[0] == 'o';

		memset(&ev, 0, sizeof ev);
		ev.kind = order ? EV_ORDER_PAID : EV_LESSON_COMPLETED;
		ev.actor_id = member;
		ev.subject_type = order ? "order" : "lesson";
		ev.subject_id = sqlite3_column_int64(st, 1);
		ev.value = sqlite3_column_int64(st, 2);
		ev.at = (time_t)sqlite3_column_int64(st, 3);
		bad = srv_event_emit(db, &ev) != 0;
	}
	sqlite3_finalize(st);
	return bad || rc != SQLITE_DONE ? -1 : 0;
}

/*
 * The demo member's purchase history: a paid order (with its receipt,
 * already sent) behind each owned course, one declined order, and the
 * first two lessons of ncurses-tui completed.
 */
static int
insert_orders(sqlite3 *db, int64_t member, time_t now)
{
	static const char *const sql[] = {
		"INSERT INTO orders (user_id, course_id, status, amount,"
		" currency, provider, created_at, paid_at, updated_at)"
		" SELECT e.user_id, e.course_id, 'paid', c.price_amount,"
		" c.currency, 'sandbox', e.created_at - 120, e.created_at,"
		" e.created_at FROM enrollments e"
		" JOIN courses c ON c.id = e.course_id WHERE e.user_id = ?1"
		" ORDER BY c.id",
		"UPDATE enrollments SET order_id = (SELECT o.id FROM orders o"
		" WHERE o.user_id = enrollments.user_id"
		" AND o.course_id = enrollments.course_id) WHERE user_id = ?1",
		"INSERT INTO mail_outbox (to_addr, subject, body, order_id,"
		" attempts, next_attempt_at, sent_at, created_at)"
		" SELECT u.email, 'Your Guild order #' || o.id || ': ' || c.title,"
		" 'The demo receipt of order #' || o.id || '.' || char(10), o.id,"
		" 1, o.paid_at, o.paid_at, o.paid_at FROM orders o"
		" JOIN users u ON u.id = o.user_id"
		" JOIN courses c ON c.id = o.course_id"
		" WHERE o.user_id = ?1 AND u.email IS NOT NULL",
		"INSERT INTO orders (user_id, course_id, status, amount,"
		" currency, provider, failure_reason, created_at, updated_at)"
		" SELECT ?1, id, 'failed', price_amount, currency, 'sandbox',"
		" 'card_declined', ?2 - 3 * 86400, ?2 - 3 * 86400 FROM courses"
		" WHERE slug = 'sqlite-internals'",
		"INSERT INTO lesson_completions (user_id, lesson_id, course_id,"
		" completed_at) SELECT ?1, l.id, l.course_id,"
		" ?2 - 3600 * (3 - l.position) FROM lessons l"
		" JOIN courses c ON c.id = l.course_id"
		" WHERE c.slug = 'ncurses-tui' AND l.position <= 2",
	};
	sqlite3_stmt	*st;
	size_t		 i;

	for (i = 0; i < G_NELEM(sql); i++) {
		if (db_prepare(db, sql[i], &st) != 0)
			return -1;
		sqlite3_bind_int64(st, 1, member);
		if (sqlite3_bind_parameter_count(st) >= 2)
			sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
		if (step_reset(db, st, "demo order") != 0) {
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_finalize(st);
	}
	return emit_history(db, member);
}

int
demo_seed(sqlite3 *db, struct gerr *err)
{
	char		member_hash[AUTH_HASH_SIZE], admin_hash[AUTH_HASH_SIZE];
	int64_t		people[G_NELEM(demo_people)];
	int64_t		courses[G_NELEM(demo_courses)];
	int64_t		nusers;
	time_t		now = time(NULL);

	if (db_user_count(db, &nusers) != G_OK)
		return gerr_set(err, GERR_LOCAL, 0, "cannot count users: %s",
		    sqlite3_errmsg(db));
	if (nusers > 0)
		return 0;
	/* Two argon2id hashes, reused for every account, keep this quick. */
	if (auth_password_hash(DEMO_PASSWORD, member_hash) != 0 ||
	    auth_password_hash(DEMO_ADMIN_PASSWORD, admin_hash) != 0)
		return gerr_set(err, GERR_LOCAL, 0, "cannot hash the demo "
		    "passwords");
	if (db_begin(db) != 0)
		return gerr_set(err, GERR_LOCAL, 0, "cannot start a "
		    "transaction: %s", sqlite3_errmsg(db));
	/* Another guildd may have seeded while we hashed. */
	if (db_user_count(db, &nusers) != G_OK || nusers > 0) {
		db_rollback(db);
		return 0;
	}
	if (insert_people(db, member_hash, admin_hash, now, people) != 0 ||
	    insert_courses(db, people, now, courses) != 0 ||
	    insert_enrollments(db, people[DEMO_MEMBER], courses, now) != 0 ||
	    insert_orders(db, people[DEMO_MEMBER], now) != 0 ||
	    demo_seed_posts(db, now) != 0 ||
	    demo_seed_history(db, now, member_hash) != 0 ||
	    demo_seed_events(db, now) != 0 ||
	    points_demo_seed(db) != 0 ||
	    demo_seed_inbox(db, now) != 0 ||
	    db_commit(db) != 0) {
		gerr_set(err, GERR_LOCAL, 0, "cannot seed the demo data: %s",
		    sqlite3_errmsg(db));
		db_rollback(db);
		return -1;
	}
	return 1;
}

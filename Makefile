# Guild: guild (the member's client) and guildd (the platform API server).
#
#   make            build both programs into build/
#   make run        install missing packages, start a demo guildd, open the TUI
#   make test       install missing packages, build, run the whole suite
#   make asan       the whole suite under AddressSanitizer + UBSan
#   make bench      benchmarks (figures, not pass/fail)
#   make install    PREFIX=/usr/local DESTDIR= (binaries, man pages, themes)

VERSION = 0.1.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/guild
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/guild
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config
BUILD ?= build
CFLAGS ?= -O2 -g
WARN = -std=c11 -Wall -Wextra -Wshadow -Wformat=2 -Wno-format-nonliteral
CPPFLAGS += -Iinclude -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DGUILD_VERSION='"$(VERSION)"' -DGUILD_DATADIR='"$(DATADIR)"'

# Evaluated when a recipe runs, so `make test` can install packages first.
pc = $(shell $(PKG_CONFIG) $(1) $(2))
COMMON_PKGS = jansson
CLIENT_PKGS = ncursesw libcurl jansson libsecret-1 md4c libqrencode
SERVER_PKGS = libmicrohttpd sqlite3 libsodium jansson libcurl
TEST_PKGS = cmocka

COMMON_SRC = $(wildcard src/common/*.c)
CLIENT_SRC = $(wildcard src/client/*.c)
CLI_SRC = $(wildcard src/cli/*.c)
TUI_SRC = $(wildcard src/tui/*.c)
SERVER_SRC = $(wildcard src/server/*.c)
UNIT_SRC = $(wildcard tests/unit/test-*.c)

obj = $(patsubst %.c,$(BUILD)/%.o,$(1))
COMMON_OBJ = $(call obj,$(COMMON_SRC))
CLIENT_OBJ = $(call obj,$(CLIENT_SRC))
CLI_OBJ = $(call obj,$(CLI_SRC))
TUI_OBJ = $(call obj,$(TUI_SRC))
SERVER_OBJ = $(call obj,$(SERVER_SRC))
# guildd's objects without its main, for unit tests of server modules.
SERVER_LIB_OBJ = $(filter-out $(BUILD)/src/server/main.o,$(SERVER_OBJ))
CLIENT_LIB_OBJ = $(CLIENT_OBJ) $(TUI_OBJ) \
	$(filter-out $(BUILD)/src/cli/main.o,$(CLI_OBJ))

LIBGUILD = $(BUILD)/libguild.a
GUILD = $(BUILD)/guild
GUILDD = $(BUILD)/guildd
UNIT_BIN = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

CLIENT_CFLAGS = $(call pc,--cflags,$(CLIENT_PKGS))
SERVER_CFLAGS = $(call pc,--cflags,$(SERVER_PKGS))
CLIENT_LIBS = $(call pc,--libs,$(CLIENT_PKGS))
SERVER_LIBS = $(call pc,--libs,$(SERVER_PKGS))
TEST_CFLAGS = $(call pc,--cflags,$(TEST_PKGS))
TEST_LIBS = $(call pc,--libs,$(TEST_PKGS))

ALL_CFLAGS = $(WARN) $(CFLAGS)

.PHONY: FORCE all deps test check unit asan run bench fuzz install uninstall clean

all: $(GUILD) $(GUILDD)

# Objects are rebuilt when the flags change (PREFIX is compiled in).
FLAGS_STAMP = $(BUILD)/flags.stamp
FLAGS_TEXT = $(subst ',,$(subst ",,$(CC) $(CPPFLAGS) $(ALL_CFLAGS)))
$(FLAGS_STAMP): FORCE
	@mkdir -p $(@D)
	@echo '$(FLAGS_TEXT)' | cmp -s - $@ || echo '$(FLAGS_TEXT)' > $@

$(COMMON_OBJ): $(BUILD)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(call pc,--cflags,$(COMMON_PKGS)) -MMD -MP -c -o $@ $<

$(CLIENT_OBJ) $(CLI_OBJ) $(TUI_OBJ): $(BUILD)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(CLIENT_CFLAGS) -MMD -MP -c -o $@ $<

$(SERVER_OBJ): $(BUILD)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SERVER_CFLAGS) -MMD -MP -c -o $@ $<

$(LIBGUILD): $(COMMON_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(GUILD): $(CLI_OBJ) $(CLIENT_OBJ) $(TUI_OBJ) $(LIBGUILD)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) -lm

$(GUILDD): $(SERVER_OBJ) $(LIBGUILD)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(SERVER_LIBS) -lpthread -lm

# Unit tests: tests/unit/test-NAME.c links libguild, the client and the
# server modules (without either main), so any module can be tested.
$(BUILD)/tests/%.o: tests/unit/%.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Isrc $(ALL_CFLAGS) $(TEST_CFLAGS) $(CLIENT_CFLAGS) \
		$(SERVER_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(SERVER_LIB_OBJ) $(CLIENT_LIB_OBJ) $(LIBGUILD)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LIBS) $(CLIENT_LIBS) \
		$(SERVER_LIBS) -lpthread -lm

unit: $(UNIT_BIN)

deps:
	@sh src/scripts/deps.sh build test

# The whole suite: unit, integration (real guildd on loopback), keyring
# (gnome-keyring in dbus-run-session) and terminal (the TUI inside tmux).
test: deps
	@$(MAKE) --no-print-directory all unit
	@GUILD_BUILD=$(BUILD) sh tests/run

check: test

# ASan + UBSan over the whole suite, in its own build directory.
ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan CFLAGS="$(ASAN_FLAGS)" \
		LDFLAGS="$(ASAN_FLAGS)" all unit
	@GUILD_BUILD=build/asan GUILD_ASAN=1 sh tests/run

run: deps
	@$(MAKE) --no-print-directory all
	@GUILD_BUILD=$(BUILD) ARGS="$(ARGS)" sh src/scripts/run-demo.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@GUILD_BUILD=$(BUILD) sh tests/bench/run

# libFuzzer targets (clang) under tests/fuzz, each for FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
fuzz:
	@sh tests/fuzz/run --seconds $(FUZZ_SECONDS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/themes \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(DOCDIR)
	install -m 755 $(GUILD) $(GUILDD) $(DESTDIR)$(BINDIR)/
	install -m 644 themes/*.theme $(DESTDIR)$(DATADIR)/themes/
	install -m 644 doc/guild.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 doc/guild.conf.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 doc/guildd.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 644 config.example $(DESTDIR)$(DOCDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/guild $(DESTDIR)$(BINDIR)/guildd
	rm -f $(DESTDIR)$(MANDIR)/man1/guild.1 $(DESTDIR)$(MANDIR)/man5/guild.conf.5
	rm -f $(DESTDIR)$(MANDIR)/man8/guildd.8
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

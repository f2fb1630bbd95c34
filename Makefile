# kaoping - quarterly assessment calculator.  See README.md.

CC	?= cc
CFLAGS	?= -O2 -g
LDFLAGS	?=
PREFIX	?= /usr/local
MANPREFIX ?= $(PREFIX)/share/man
DESTDIR	?=

WARN	= -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	  -Wmissing-prototypes -Wformat=2
CPPFLAGS += -D_GNU_SOURCE -Iinclude
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS)
LIBS	= -lcsv

CMOCKA_CFLAGS = $$(pkg-config --cflags cmocka)
CMOCKA_LIBS   = $$(pkg-config --libs cmocka)

# Build packages a fresh Debian machine lacks; installed on demand.
DEBIAN_PACKAGES = build-essential pkg-config libcsv-dev libcmocka-dev

LIB_SRC	= src/csvout.c src/diag.c src/header.c src/options.c \
	  src/outfile.c src/policy.c src/rank.c src/reader.c src/report.c \
	  src/roster.c src/run.c src/score.c src/sheet.c src/strtab.c \
	  src/text.c
LIB_OBJ	= $(LIB_SRC:src/%.c=build/%.o)
UNIT_TESTS = $(patsubst tests/unit/%.c,build/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps demo check unit cli bench install uninstall clean

all: kaoping

build/%.o: src/%.c include/*.h
	@mkdir -p build
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

build/libkaoping.a: $(LIB_OBJ)
	ar rcs $@ $(LIB_OBJ)

kaoping: build/main.o build/libkaoping.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ build/main.o build/libkaoping.a $(LIBS)

# Install what a fresh Debian machine lacks, without asking.
deps:
	@if ! [ -f /usr/include/csv.h ] || ! [ -f /usr/include/cmocka.h ] || \
	    ! command -v pkg-config >/dev/null || ! command -v cc >/dev/null; then \
		echo "installing build dependencies: $(DEBIAN_PACKAGES)"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
		    --no-install-recommends $(DEBIAN_PACKAGES); \
	fi

demo: deps
	$(MAKE) kaoping
	@echo "== nominations for samples/quarter.csv (20% per street) =="
	./kaoping samples/quarter.csv
	@echo "== the same sheet as Excel saves it (GB18030, CRLF) =="
	./kaoping -v -e GB18030 -o /dev/null samples/quarter-gb18030.csv

build/tests/%: tests/unit/%.c build/libkaoping.a tests/unit/*.h
	@mkdir -p build/tests
	$(CC) $(CPPFLAGS) -Itests/unit $(ALL_CFLAGS) $(CMOCKA_CFLAGS) $(LDFLAGS) \
	    -o $@ $< build/libkaoping.a $(LIBS) $(CMOCKA_LIBS)

unit: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do $$t; done

cli: kaoping
	sh tests/cli/run.sh ./kaoping

check: deps
	$(MAKE) unit cli

install: kaoping
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 \
	    $(DESTDIR)$(MANPREFIX)/man5
	cp kaoping $(DESTDIR)$(PREFIX)/bin/kaoping
	cp man/kaoping.1 $(DESTDIR)$(MANPREFIX)/man1/kaoping.1
	cp man/kaoping.5 $(DESTDIR)$(MANPREFIX)/man5/kaoping.5

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/kaoping \
	    $(DESTDIR)$(MANPREFIX)/man1/kaoping.1 \
	    $(DESTDIR)$(MANPREFIX)/man5/kaoping.5

clean:
	rm -rf build kaoping

# kaoping - quarterly assessment calculator.  See README.md.

CC	?= cc
CFLAGS	?= -O2 -g
LDFLAGS	?=
PREFIX	?= /usr/local
MANPREFIX ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale
DESTDIR	?=

# Objects go to B; `make check` also builds everything again in build-asan
# with the address and undefined-behaviour sanitizers.
B	?= build
WARN	= -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	  -Wmissing-prototypes -Wformat=2
CPPFLAGS += -D_GNU_SOURCE -Iinclude
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS)
# libcsv has no pkg-config file; the others do.
PKGS	= xlsxwriter libzip expat
LIBS	= -lcsv $$(pkg-config --libs $(PKGS)) -pthread
PKG_CFLAGS = $$(pkg-config --cflags $(PKGS))
SANITIZE = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer

CMOCKA_CFLAGS = $$(pkg-config --cflags cmocka)
CMOCKA_LIBS   = $$(pkg-config --libs cmocka)

# What a fresh Debian machine needs to build and test; the missing ones are
# installed on demand.
DEBIAN_PACKAGES = build-essential pkg-config libcsv-dev libcmocka-dev \
	  libxlsxwriter-dev libzip-dev libexpat1-dev gettext unzip locales \
	  mandoc strace

LIB_SRC	= $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ	= $(LIB_SRC:src/%.c=$(B)/%.o)
UNIT_TESTS = $(patsubst tests/unit/%.c,$(B)/tests/%,\
	     $(wildcard tests/unit/test_*.c))

.PHONY: all deps demo check unit cli fuzz-syntax man-check sanitize tsan \
	memcheck stress bench install uninstall clean pot po-check

all: kaoping

$(B)/%.o: src/%.c include/*.h src/*.h
	@mkdir -p $(B)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(PKG_CFLAGS) -c $< -o $@

# Where the installed program finds its messages; KAOPING_LOCALEDIR
# overrides it, so the tests and the demo use the catalogue of the tree.
$(B)/i18n.o: CPPFLAGS += -DLOCALEDIR='"$(LOCALEDIR)"'

$(B)/libkaoping.a: $(LIB_OBJ)
	ar rcs $@ $(LIB_OBJ)

$(B)/kaoping: $(B)/main.o $(B)/libkaoping.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(B)/main.o $(B)/libkaoping.a \
	    $(LIBS)

kaoping: $(B)/kaoping $(B)/locale/zh_CN/LC_MESSAGES/kaoping.mo
	cp $(B)/kaoping $@

# Messages (GNU gettext): po/kaoping.pot is made from the sources by
# `make pot`; po/zh_CN.po holds the Chinese, compiled here.
# What fputs prints is no format string ("20% or a count" in the usage).
XGETTEXT_FLAGS = --from-code=UTF-8 -k_ -kN_ -kngettext:1,2 \
	  --flag=fputs:1:no-c-format \
	  --package-name=kaoping --package-version=$(VERSION) \
	  --msgid-bugs-address=' ' --add-comments=TRANSLATORS: --sort-by-file
VERSION	= 2.0.0

$(B)/locale/zh_CN/LC_MESSAGES/kaoping.mo: po/zh_CN.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ po/zh_CN.po

pot:
	xgettext $(XGETTEXT_FLAGS) -o po/kaoping.pot src/*.c
	msgmerge -q --update --backup=none po/zh_CN.po po/kaoping.pot

# The catalogue must hold every message of the sources, translated.
po-check: $(B)/locale/zh_CN/LC_MESSAGES/kaoping.mo
	@mkdir -p $(B)
	@xgettext $(XGETTEXT_FLAGS) -o $(B)/kaoping.pot src/*.c
	@msgcmp po/zh_CN.po $(B)/kaoping.pot
	@msgcmp --use-untranslated po/kaoping.pot $(B)/kaoping.pot
	@msgcmp --use-untranslated $(B)/kaoping.pot po/kaoping.pot

$(B)/gensheet: tests/gensheet.c
	@mkdir -p $(B)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/gensheet.c

$(B)/mkxlsx: tests/mkxlsx.c
	@mkdir -p $(B)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ tests/mkxlsx.c \
	    $(LIBS)

$(B)/csvparse: tests/bench/csvparse.c
	@mkdir -p $(B)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/bench/csvparse.c $(LIBS)

# Install what a fresh Debian machine lacks, without asking.
deps:
	@missing=; for p in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
		    grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing build dependencies:$$missing"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
		    --no-install-recommends $$missing; \
	fi

# The clerk's workbook: the sample sheet as a spreadsheet keeps it, with a
# title row above the header; made here, not kept in the tree.
samples/quarter.xlsx: samples/quarter.csv $(B)/mkxlsx
	$(B)/mkxlsx -t 沈河区2026年第三季度考评汇总表 samples/quarter.csv $@

# The demo finds the messages of the tree, in the user's language.
DEMO	= $(B)/demo
demo: export KAOPING_LOCALEDIR = $(CURDIR)/$(B)/locale
demo: deps
	@$(MAKE) -s kaoping samples/quarter.xlsx
	@rm -rf $(DEMO) && mkdir -p $(DEMO)
	@echo "== 1. The district's sheet (Chinese headers): nominations, 20% per street =="
	./kaoping samples/quarter.csv
	@echo
	@echo "== 2. As the parties send them: the departments' sheet, then each street's"
	@echo "==    own (one saved as GB18030, one with a title row): one list per street"
	./kaoping -v -r $(DEMO)/考评结果.xlsx -o '$(DEMO)/{street}-推荐名单.xlsx' \
	    samples/joint/部门评分.csv samples/joint/*街道.csv
	ls $(DEMO)
	@echo
	@echo "== 3. The clerk's workbook, title row and all, checked (messages in Chinese) =="
	LANGUAGE=zh_CN ./kaoping -c -v samples/quarter.xlsx

$(B)/tests/%: tests/unit/%.c $(B)/libkaoping.a tests/unit/*.h
	@mkdir -p $(B)/tests
	$(CC) $(CPPFLAGS) -Itests/unit $(ALL_CFLAGS) $(PKG_CFLAGS) $(CMOCKA_CFLAGS) \
	    $(LDFLAGS) -o $@ $< $(B)/libkaoping.a $(LIBS) $(CMOCKA_LIBS)

unit: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do $$t; done

cli: $(B)/kaoping $(B)/gensheet $(B)/mkxlsx \
	    $(B)/locale/zh_CN/LC_MESSAGES/kaoping.mo
	KAOPING_LOCALEDIR=$(CURDIR)/$(B)/locale GENSHEET=$(B)/gensheet \
	    MKXLSX=$(B)/mkxlsx sh tests/cli/run.sh $(B)/kaoping
	sh tests/cli/safety.sh $(B)/kaoping

# The unit and CLI tests again, built with ASan and UBSan: any report fails.
sanitize:
	@KAOPING_NO_ULIMIT=1 $(MAKE) -s B=build-asan CFLAGS="$(SANITIZE)" \
	    LDFLAGS="-fsanitize=address,undefined" unit cli

# The same with ThreadSanitizer, for the threads of reading, ranking and
# writing; not in check, as it needs the tests twice over again.
tsan:
	@KAOPING_NO_ULIMIT=1 TSAN_OPTIONS="halt_on_error=1 exitcode=66" \
	    $(MAKE) -s B=build-tsan CFLAGS="-O1 -g -fsanitize=thread" \
	    LDFLAGS="-fsanitize=thread" unit cli

check: deps
	@$(MAKE) -s unit cli fuzz-syntax po-check man-check
	@$(MAKE) -s sanitize

# The manual pages, English and Chinese: a warning fails, a style note
# (such as a manual it refers to that is not installed here) does not.
MAN_PAGES = man/kaoping.1 man/kaoping.5 man/zh_CN/kaoping.1
man-check:
	mandoc -T lint -W warning $(MAN_PAGES)

# The fuzz targets need clang to run; gcc checks here that they still
# compile against the library's headers.
fuzz-syntax:
	@for f in tests/fuzz/fuzz_*.c; do \
		$(CC) $(CPPFLAGS) -Itests/unit -std=gnu11 -Wall -Wextra \
		    -fsyntax-only $$f || exit 1; \
	done

# A run that a signal ends (SIGPIPE on a closed pipe) leaves the memory of
# a helper thread "possibly lost"; definite and indirect leaks still fail.
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full \
	   --show-leak-kinds=definite,indirect \
	   --errors-for-leak-kinds=definite,indirect
memcheck: deps $(B)/kaoping $(B)/gensheet $(B)/mkxlsx \
	    $(B)/locale/zh_CN/LC_MESSAGES/kaoping.mo
	@command -v valgrind >/dev/null || { SUDO=; [ "$$(id -u)" = 0 ] || \
	    SUDO=sudo; DEBIAN_FRONTEND=noninteractive $$SUDO apt-get \
	    install -y -qq valgrind; }
	KAOPING_LOCALEDIR=$(CURDIR)/$(B)/locale GENSHEET=$(B)/gensheet \
	    MKXLSX=$(B)/mkxlsx KAOPING_WRAPPER="$(VALGRIND)" \
	    sh tests/cli/run.sh $(B)/kaoping
	KAOPING_WRAPPER="$(VALGRIND)" sh tests/cli/safety.sh $(B)/kaoping

# A 10-million-row sheet (about 800 MB) must go through whole; prints the
# time and peak memory.  Too slow for make check.
STRESS_ROWS ?= 10000000
stress: deps $(B)/kaoping $(B)/gensheet
	@[ -x /usr/bin/time ] || { SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq time; }
	@dir=$$(mktemp -d) && trap 'rm -rf "$$dir"' EXIT && \
	$(B)/gensheet $(STRESS_ROWS) 7 >"$$dir/sheet.csv" && \
	ls -l "$$dir/sheet.csv" && \
	/usr/bin/time -f 'kaoping: %e s, peak RSS %M KiB' $(B)/kaoping \
	    -o "$$dir/n.csv" -r "$$dir/r.csv" "$$dir/sheet.csv" 2>"$$dir/err"; \
	st=$$?; grep -v '^kaoping: warning' "$$dir/err"; \
	rows=$$(($$(wc -l <"$$dir/r.csv") - 1)); \
	echo "exit $$st, $$rows result rows of $(STRESS_ROWS)"; \
	[ $$st = 0 ] && [ $$rows = $(STRESS_ROWS) ]

bench: deps $(B)/kaoping $(B)/gensheet $(B)/csvparse $(B)/mkxlsx
	GENSHEET=$(B)/gensheet CSVPARSE=$(B)/csvparse MKXLSX=$(B)/mkxlsx \
	    bash tests/bench/bench.sh $(B)/kaoping

install: kaoping
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 \
	    $(DESTDIR)$(MANPREFIX)/man5 $(DESTDIR)$(MANPREFIX)/zh_CN/man1 \
	    $(DESTDIR)$(LOCALEDIR)/zh_CN/LC_MESSAGES
	cp kaoping $(DESTDIR)$(PREFIX)/bin/kaoping
	cp $(B)/locale/zh_CN/LC_MESSAGES/kaoping.mo \
	    $(DESTDIR)$(LOCALEDIR)/zh_CN/LC_MESSAGES/kaoping.mo
	cp man/kaoping.1 $(DESTDIR)$(MANPREFIX)/man1/kaoping.1
	cp man/kaoping.5 $(DESTDIR)$(MANPREFIX)/man5/kaoping.5
	cp man/zh_CN/kaoping.1 $(DESTDIR)$(MANPREFIX)/zh_CN/man1/kaoping.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/kaoping \
	    $(DESTDIR)$(LOCALEDIR)/zh_CN/LC_MESSAGES/kaoping.mo \
	    $(DESTDIR)$(MANPREFIX)/man1/kaoping.1 \
	    $(DESTDIR)$(MANPREFIX)/man5/kaoping.5 \
	    $(DESTDIR)$(MANPREFIX)/zh_CN/man1/kaoping.1

clean:
	rm -rf build build-asan build-tsan kaoping samples/quarter.xlsx

# make fuzz [FUZZ_SECONDS=60]: libFuzzer targets of tests/fuzz/.
include tests/fuzz/fuzz.mk

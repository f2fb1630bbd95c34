# Fuzzing with libFuzzer, ASan and UBSan.  Included by the Makefile, or run
# on its own from the top of the tree:
#
#	make -f tests/fuzz/fuzz.mk fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS=...]
#
# Each target in tests/fuzz/ is built from its own source and the library
# sources (src/*.c but main.c) into $(FUZZ_DIR), then run for FUZZ_SECONDS
# seconds on a copy of its seed corpus (tests/fuzz/corpus/<target>/ is
# copied into $(FUZZ_DIR)/corpus-<target>, which keeps what it finds from
# run to run; the repository's corpus is never written).  A crash, a sanitizer
# report, a leak or a timeout fails `make fuzz`; the input that caused it is
# kept in $(FUZZ_DIR)/artifacts-<target>/.
#
#	make fuzz-regress	replay tests/fuzz/regressions/<target>/*
#	make fuzz-clean		remove $(FUZZ_DIR)
#
# FUZZ_PARALLEL=1 runs the targets at the same time instead of one after
# the other; FUZZ_FLAGS adds libFuzzer options (e.g. -max_len=70000);
# FUZZ_DEFS adds compiler options (rebuild with -B when it changes).
# All names here start with FUZZ_ or fuzz so the fragment can be included
# anywhere.

FUZZ_SECONDS	?= 60
CLANG		?= clang
FUZZ_DIR	?= build-fuzz
FUZZ_TARGETS	?= fuzz_csv fuzz_score fuzz_xlsx fuzz_policy fuzz_sheet
FUZZ_PARALLEL	?=
FUZZ_FLAGS	?=
FUZZ_DEFS	?=
FUZZ_CFLAGS	?= -g -O1 -fsanitize=fuzzer,address,undefined \
		   -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CPPFLAGS	= -D_GNU_SOURCE -Iinclude -Itests/unit
FUZZ_LIB_SRC	= $(filter-out src/main.c,$(wildcard src/*.c))
FUZZ_LIBS	= -lcsv $$(pkg-config --libs xlsxwriter libzip expat) -pthread
FUZZ_BINS	= $(FUZZ_TARGETS:%=$(FUZZ_DIR)/%)
FUZZ_APT	= clang libclang-rt-14-dev
# -timeout: an input that takes this many seconds is a hang, and a failure.
FUZZ_RUN_FLAGS	= -print_final_stats=1 -timeout=20 $(FUZZ_FLAGS)

.PHONY: fuzz fuzz-build fuzz-deps fuzz-regress fuzz-clean

# Install clang and its fuzzer runtime (and libcsv) when they are missing:
# the test is whether a trivial fuzzer links.
fuzz-deps:
	@probe=$$(mktemp -d) && \
	printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
	    >$$probe/p.c && \
	try() { $(CLANG) -fsanitize=fuzzer,address,undefined $$probe/p.c \
	    -o $$probe/p >/dev/null 2>&1; } && \
	pkgs=; try || pkgs="$(FUZZ_APT)"; \
	[ -f /usr/include/csv.h ] || pkgs="$$pkgs libcsv-dev"; \
	if [ -n "$$pkgs" ]; then \
		echo "fuzz: installing $$pkgs"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y \
		    -qq --no-install-recommends $$pkgs || { rm -rf $$probe; \
		    exit 1; }; \
		try || { echo "fuzz: $(CLANG) still cannot link a" \
		    "libFuzzer target (is CLANG the clang of" \
		    "libclang-rt-14-dev?)"; rm -rf $$probe; exit 1; }; \
	fi; \
	rm -rf $$probe

$(FUZZ_BINS): $(FUZZ_DIR)/%: tests/fuzz/%.c $(FUZZ_LIB_SRC) \
    $(wildcard include/*.h src/*.h) \
    tests/unit/csv_transcript.h | fuzz-deps
	@mkdir -p $(FUZZ_DIR)
	$(CLANG) $(FUZZ_CFLAGS) $(FUZZ_CPPFLAGS) $(FUZZ_DEFS) -o $@ $< \
	    $(FUZZ_LIB_SRC) $(FUZZ_LIBS)

fuzz-build: $(FUZZ_BINS)

# One target: run it, keep its log, print libFuzzer's final lines, and
# leave its exit status in $(FUZZ_DIR)/<target>.rc.
FUZZ_RUN_ONE = \
	corpus=$(FUZZ_DIR)/corpus-$$t; art=$(FUZZ_DIR)/artifacts-$$t; \
	mkdir -p $$corpus $$art; \
	cp tests/fuzz/corpus/$$t/* $$corpus/ 2>/dev/null; \
	case $$t in fuzz_score) dict=tests/fuzz/score.dict ;; \
	    fuzz_xlsx) dict=tests/fuzz/xlsx.dict ;; \
	    *) dict=tests/fuzz/csv.dict ;; esac; \
	$(FUZZ_DIR)/$$t -max_total_time=$(FUZZ_SECONDS) $(FUZZ_RUN_FLAGS) \
	    -dict=$$dict -artifact_prefix=$$art/ $$corpus \
	    >$(FUZZ_DIR)/$$t.log 2>&1; \
	echo $$? >$(FUZZ_DIR)/$$t.rc

fuzz: fuzz-build
	@echo "fuzz: $(FUZZ_TARGETS), $(FUZZ_SECONDS) s each"; \
	for t in $(FUZZ_TARGETS); do \
		rm -f $(FUZZ_DIR)/$$t.rc; \
		if [ -n "$(FUZZ_PARALLEL)" ]; then \
			( $(FUZZ_RUN_ONE) ) & \
		else \
			echo "== $$t"; ( $(FUZZ_RUN_ONE) ); \
		fi; \
	done; \
	wait; \
	failed=; \
	for t in $(FUZZ_TARGETS); do \
		rc=$$(cat $(FUZZ_DIR)/$$t.rc 2>/dev/null || echo 1); \
		log=$(FUZZ_DIR)/$$t.log; \
		if [ "$$rc" = 0 ]; then \
			echo "== $$t: ok"; \
			grep -E '^#[0-9]+[[:space:]]+DONE|^Done [0-9]+ runs|^stat::' $$log; \
		else \
			failed="$$failed $$t"; \
			echo "== $$t: FAILED (exit $$rc); end of $$log:"; \
			tail -n 60 $$log; \
			ls $(FUZZ_DIR)/artifacts-$$t/ 2>/dev/null | sed "s|^|   input: $(FUZZ_DIR)/artifacts-$$t/|"; \
		fi; \
	done; \
	if [ -n "$$failed" ]; then \
		echo "fuzz: failed:$$failed"; exit 1; \
	fi

# Replay the inputs that once made a target fail (none must fail now).
fuzz-regress: fuzz-build
	@failed=; \
	for t in $(FUZZ_TARGETS); do \
		dir=tests/fuzz/regressions/$$t; \
		[ -d $$dir ] && [ -n "$$(ls -A $$dir)" ] || continue; \
		for f in $$dir/*; do \
			if $(FUZZ_DIR)/$$t $$f >$(FUZZ_DIR)/regress.log 2>&1; \
			then echo "ok     $$f"; \
			else echo "FAILED $$f"; failed="$$failed $$f"; \
				grep -E '^\*\*\*|ERROR|SUMMARY' \
				    $(FUZZ_DIR)/regress.log | head -n 5; fi; \
		done; \
	done; \
	[ -z "$$failed" ]

fuzz-clean:
	rm -rf $(FUZZ_DIR)

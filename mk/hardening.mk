# mk/hardening.mk - proof that hostile input cannot break nines (issue 8).
# Included by the main Makefile; uses its BUILD, LIB_SRC, NINES_CFLAGS,
# NINES_LIBS and WARN.
#
#   make check-asan [SUITE=...] the whole test suite (tests/run.sh) built with
#                              AddressSanitizer + UndefinedBehaviorSanitizer
#                              into $(ASAN_BUILD); fails on any report
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_JOBS=1]
#                              libFuzzer on tests/fuzz/fuzz_model.c (clang)
#   make fuzz-replay           the fuzz target over its corpus, no fuzzing
#   make valgrind              memcheck on one run of each command
#   make deps-fuzz             installs clang and its runtimes (root)
#
# Sanitizer and fuzz builds define NINES_DEBUG, so NINES_DEBUG_ASSERT
# (src/sim/check.h) aborts where a number stops being a probability.
# The sanitizer build keeps the warning set but not -Werror: gcc -O1 with
# -fsanitize warns about format truncation it cannot see through, and the
# plain build (make check) is where warnings are errors.

ASAN_BUILD   ?= build-asan
# clang where it can build an OpenMP sanitizer binary (its UBSan honours
# log_path beside ASan; gcc's does not, so there a UBSan report is caught
# only by its abort: exit 134), else the C compiler.
ASAN_CC      ?= $(shell printf 'int main(void){return 0;}\n' | clang -fopenmp \
                  -fsanitize=address,undefined -x c - -o /dev/null 2>/dev/null \
                  && echo clang || echo $(CC))
SANITIZE     := -fsanitize=address,undefined -fno-omit-frame-pointer \
                -fno-sanitize-recover=all
ASAN_CFLAGS  ?= -O1 -g $(SANITIZE) -DNINES_DEBUG
ASAN_LOGS    := $(ASAN_BUILD)/sanitizer-logs
# Known one-time allocations of libgomp/libxml2 only (none needed so far).
LSAN_SUPP    := $(CURDIR)/tests/lsan.supp

FUZZ_CC      ?= clang
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_JOBS    ?= 1
FUZZ_FLAGS   ?=
FUZZ_CFLAGS  ?= -O1 -g -fno-omit-frame-pointer -DNINES_DEBUG \
                -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_BIN     := $(FUZZ_BUILD)/fuzz_model
FUZZ_CORPUS  := $(FUZZ_BUILD)/corpus
# Seeds: every model the project ships, good and bad, and past findings.
FUZZ_SEEDS   := models tests/data tests/bad tests/fuzz/regressions
FUZZ_DEPS_PKGS := clang libclang-rt-14-dev libomp-dev

.PHONY: check-asan fuzz fuzz-build fuzz-replay valgrind deps-fuzz

# Sanitizer reports go to files as well as failing the program, so a
# report from a command whose exit status a script does not check (or
# whose stderr it swallows) still fails the target.
check-asan: deps
	$(Q)$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) CC='$(ASAN_CC)' \
	  CFLAGS='$(ASAN_CFLAGS)' WARN='$(WARN) -Wno-error' tests
	$(Q)rm -rf $(ASAN_LOGS) && mkdir -p $(ASAN_LOGS)
	$(Q)start=$$(date +%s); \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:log_path=$(CURDIR)/$(ASAN_LOGS)/asan \
	LSAN_OPTIONS=suppressions=$(LSAN_SUPP):print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1:log_path=$(CURDIR)/$(ASAN_LOGS)/ubsan \
	NINES_SANITIZED=1 NINES=$(ASAN_BUILD)/nines BUILD=$(ASAN_BUILD) \
	CC='$(ASAN_CC)' CFLAGS='$(ASAN_CFLAGS)' SUITE='$(SUITE)' JOBS='$(JOBS)' \
	VERBOSE='$(VERBOSE)' MAKE='$(MAKE)' sh tests/run.sh; rc=$$?; \
	echo "check-asan: suite took $$(( $$(date +%s) - start )) s"; \
	if [ -n "$$(ls -A $(ASAN_LOGS))" ]; then \
	  cat $(ASAN_LOGS)/*; echo "check-asan: sanitizer reports above" >&2; exit 1; fi; \
	exit $$rc

deps-fuzz:
	@missing=""; for p in $(FUZZ_DEPS_PKGS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "deps-fuzz: installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "deps-fuzz: missing$$missing; run: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi

# The library is built by the main rules with clang's fuzzer
# instrumentation; only the final link pulls in libFuzzer's main.
fuzz-build: deps deps-fuzz
	$(Q)$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC='$(FUZZ_CC)' \
	  CFLAGS='$(FUZZ_CFLAGS)' $(FUZZ_BUILD)/libnines.a
	@$(if $(Q),echo "  LD      $(FUZZ_BIN)")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(NINES_CFLAGS) \
	  -o $(FUZZ_BIN) tests/fuzz/fuzz_model.c $(FUZZ_BUILD)/libnines.a $(NINES_LIBS)

# A small ASan quarantine: fewer fresh pages per input, some 20% more
# executions per second. -jobs runs FUZZ_JOBS fuzzers sharing the corpus (logs: fuzz-N.log in
# $(FUZZ_BUILD)). New inputs land in $(FUZZ_CORPUS), never in the source
# tree; crashes land in $(FUZZ_BUILD) as crash-*/leak-*/timeout-*: copy
# the minimized input into tests/fuzz/regressions/ once fixed.
fuzz: fuzz-build
	$(Q)mkdir -p $(FUZZ_CORPUS)
	$(Q)cd $(FUZZ_BUILD) && \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:quarantine_size_mb=16 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1 \
	  ./fuzz_model -dict=$(CURDIR)/tests/fuzz/graphml.dict \
	  -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	  -print_final_stats=1 \
	  $(if $(filter-out 1,$(FUZZ_JOBS)),-jobs=$(FUZZ_JOBS) -workers=$(FUZZ_JOBS)) \
	  $(FUZZ_FLAGS) corpus $(addprefix $(CURDIR)/,$(FUZZ_SEEDS))

fuzz-replay: fuzz-build
	$(Q)ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1 \
	  $(FUZZ_BIN) -runs=0 -timeout=10 $(wildcard $(FUZZ_CORPUS)) $(FUZZ_SEEDS)

valgrind: $(NINES)
	$(Q)tmp=$$(mktemp -d) && NINES=$(NINES) TMP=$$tmp NINES_VALGRIND=1 \
	  sh tests/cli/valgrind.sh; rc=$$?; rm -rf $$tmp; exit $$rc

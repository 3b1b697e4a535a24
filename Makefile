# nines - Makefile. Plain make; pkg-config for GSL and libxml2.
# Targets: all check check-long demo deps install uninstall clean bench fuzz check-asan
# Build outputs go to $(BUILD) (default build/), so parallel trees can coexist.
#   make check [SUITE="test_sim hostile"] [JOBS=2] [VERBOSE=1]   (tests/run.sh)
#   make install [PREFIX=/usr/local] [DESTDIR=/tmp/stage]; make uninstall

CC         ?= gcc
PKG_CONFIG ?= pkg-config
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
# make MPI=1: nines as an MPI program (mpicc, Open MPI), built into
# build-mpi/ so that it sits beside the plain build; run it with
# mpirun -np R build-mpi/nines run MODEL ... (README, "Running on a cluster").
ifeq ($(MPI),1)
CC         := mpicc
BUILD      ?= build-mpi
MPI_CFLAGS := -DNINES_MPI
endif
BUILD      ?= build
OPT        ?= -O2
CFLAGS     ?= $(OPT) -g
WARN       := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
              -Wmissing-prototypes -Wpointer-arith -Wformat=2 -Werror
NINES_CFLAGS := $(WARN) -fopenmp -D_POSIX_C_SOURCE=200809L $(MPI_CFLAGS) -Iinclude -Isrc \
              $(shell $(PKG_CONFIG) --cflags gsl libxml-2.0 json-c yaml-0.1 2>/dev/null)
NINES_LIBS := $(shell $(PKG_CONFIG) --libs gsl libxml-2.0 json-c yaml-0.1 2>/dev/null) -lm -fopenmp
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

ifeq ($(V),1)
Q :=
else
Q := @
endif

LIB_SRC  := $(sort $(wildcard src/util/*.c src/graph/*.c src/sim/*.c src/report/*.c src/run/*.c \
              src/import/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TESTS    := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
LIBNINES := $(BUILD)/libnines.a
NINES    := $(BUILD)/nines

# The shared library: the same sources compiled position-independent into
# $(BUILD)/pic/ with every symbol hidden but the NINES_API functions of
# include/*.h (include/nines_export.h). The soname carries the major
# version of NINES_VERSION (include/nines.h).
VERSION  := $(shell sed -n 's/^\#define NINES_VERSION "\(.*\)"/\1/p' include/nines.h)
SOMAJOR  := $(firstword $(subst ., ,$(VERSION)))
SONAME   := libnines.so.$(SOMAJOR)
PIC_OBJ  := $(LIB_SRC:%.c=$(BUILD)/pic/%.o)
VISIBILITY ?= -fvisibility=hidden
SHLIB    := $(BUILD)/libnines.so.$(VERSION)
PUBLIC_HEADERS := $(sort $(wildcard include/*.h))

DEPS_PKGS := gcc make pkg-config libgsl-dev libxml2-dev libcmocka-dev gnuplot-nox \
             openmpi-bin libopenmpi-dev \
             libjson-c-dev libyaml-dev graphviz

.PHONY: all check check-long demo deps install uninstall clean tests man shared program completion

all: $(NINES) $(SHLIB)

# Keep the test objects (tests/test_x.c -> .o -> program is a chain of
# pattern rules, whose intermediate files make would otherwise delete and
# so rebuild every time).
.SECONDARY:

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) $(NINES_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC [so] $<")
	$(Q)$(CC) $(CFLAGS) $(NINES_CFLAGS) -fPIC $(VISIBILITY) -MMD -MP -c $< -o $@

$(LIBNINES): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

shared: $(SHLIB)

$(SHLIB): $(PIC_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(NINES_CFLAGS) -shared -Wl,-soname,$(SONAME) -o $@ \
	  $(PIC_OBJ) $(NINES_LIBS)
	$(Q)ln -sf libnines.so.$(VERSION) $(BUILD)/$(SONAME)
	$(Q)ln -sf $(SONAME) $(BUILD)/libnines.so


$(NINES): $(CLI_OBJ) $(LIBNINES)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(NINES_CFLAGS) -o $@ $(CLI_OBJ) $(LIBNINES) $(NINES_LIBS)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIBNINES)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(NINES_CFLAGS) -o $@ $< $(LIBNINES) $(NINES_LIBS) $(CMOCKA_LIBS)

tests: $(TESTS) $(NINES) $(SHLIB)
	@:

# The program alone (what the MPI variant needs), without a message when
# it is up to date.
program: $(NINES)
	@:

# Installs the Debian packages that are missing (needs root, or prints the
# command to run). Idempotent and quiet when everything is present.
deps:
	@missing=""; for p in $(DEPS_PKGS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "deps: installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "deps: missing$$missing; run: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi

# With mpicc and mpirun present (make deps installs Open MPI), the suite
# also builds the MPI variant and tests/cli/mpi.sh compares it with the
# plain build; without them that script says it is skipped.
MPI_NINES := $(BUILD)-mpi/nines

# SUITE names the suites to run (all by default); the MPI build is made
# only when the mpi suite runs.
SUITE ?=
JOBS  ?= 2
check: deps
	$(Q)$(MAKE) --no-print-directory tests
	$(Q)if [ -n "$(SUITE)" ] && ! echo " $(SUITE) " | grep -q ' mpi '; then :; \
	elif command -v mpicc >/dev/null && command -v mpirun >/dev/null; then \
	  $(MAKE) --no-print-directory MPI=1 BUILD=$(BUILD)-mpi program && \
	  echo "NINES_MPI=$(MPI_NINES)" > $(BUILD)/mpi.env; \
	else rm -f $(BUILD)/mpi.env; fi
	$(Q)NINES=$(NINES) BUILD=$(BUILD) CC='$(CC)' CFLAGS='$(CFLAGS)' SUITE='$(SUITE)' \
	  JOBS='$(JOBS)' VERBOSE='$(VERBOSE)' MAKE='$(MAKE)' sh tests/run.sh

# The slow reproducers (issue 20: tests/long/*.sh, minutes): run by
# .ci/run after check and check-asan.
check-long: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)fails=0; for t in tests/long/*.sh; do \
	  tmp=$$(mktemp -d); echo "  $$t"; \
	  TMP=$$tmp NINES=$(NINES) BUILD=$(BUILD) sh $$t || fails=$$((fails + 1)); \
	  rm -rf $$tmp; done; \
	echo "check-long: $$fails failed"; [ $$fails -eq 0 ]

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	./$(NINES) check models/account-opening.graphml
	./$(NINES) run models/ecommerce.graphml --scenarios 1e7 --seed 1

# The man page is generated from the option tables that print --help;
# tests/cli/usage.sh fails when docs/nines.1 is stale.
man: $(NINES)
	./$(NINES) --manpage > docs/nines.1

# bash completion, from the same option tables; tests/cli/completion.sh
# fails when docs/nines.bash-completion is stale.
completion: $(NINES)
	./$(NINES) --completion bash > docs/nines.bash-completion

# Installs the program, both libraries (libnines.so.$(VERSION) with the
# soname link $(SONAME) and the development link libnines.so), the public
# headers into $(INCLUDEDIR)/nines/ (nines.pc adds that directory, so code
# says #include <nines.h> in the tree and installed alike), nines.pc and
# the man pages nines(1) and nines(3). DESTDIR stages the whole tree;
# nines.pc (from nines.pc.in) names PREFIX, LIBDIR and INCLUDEDIR as given.
INSTALL ?= install
install: $(NINES) $(LIBNINES) $(SHLIB)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
	  $(DESTDIR)$(INCLUDEDIR)/nines $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3
	$(INSTALL) -m 755 $(NINES) $(DESTDIR)$(BINDIR)/nines
	$(INSTALL) -m 644 $(LIBNINES) $(DESTDIR)$(LIBDIR)/libnines.a
	$(INSTALL) -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/libnines.so.$(VERSION)
	ln -sf libnines.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libnines.so
	$(INSTALL) -m 644 $(PUBLIC_HEADERS) $(DESTDIR)$(INCLUDEDIR)/nines/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' \
	  -e 's|@LIBDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))|' \
	  -e 's|@INCLUDEDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))|' \
	  nines.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/nines.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/nines.pc
	$(INSTALL) -m 644 docs/nines.1 $(DESTDIR)$(MANDIR)/man1/nines.1
	$(INSTALL) -m 644 docs/nines.3 $(DESTDIR)$(MANDIR)/man3/nines.3
	$(INSTALL) -d $(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL) -m 644 docs/nines.bash-completion $(DESTDIR)$(BASHCOMPDIR)/nines

# Removes exactly what install put (and the nines/ header directory).
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/nines $(DESTDIR)$(LIBDIR)/libnines.a \
	  $(DESTDIR)$(LIBDIR)/libnines.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	  $(DESTDIR)$(LIBDIR)/libnines.so $(DESTDIR)$(PKGCONFIGDIR)/nines.pc \
	  $(DESTDIR)$(MANDIR)/man1/nines.1 $(DESTDIR)$(MANDIR)/man3/nines.3 \
	  $(DESTDIR)$(BASHCOMPDIR)/nines \
	  $(PUBLIC_HEADERS:include/%=$(DESTDIR)$(INCLUDEDIR)/nines/%)
	rmdir $(DESTDIR)$(INCLUDEDIR)/nines 2>/dev/null || true

clean:
	rm -rf $(BUILD)

-include $(LIB_OBJ:.o=.d) $(PIC_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TESTS:=.d)

# Further targets (bench, fuzz, sanitizers, MPI) live in mk/*.mk.
include $(sort $(wildcard mk/*.mk))

# nines - Makefile. Plain make; pkg-config for GSL and libxml2.
# Targets: all check demo deps install uninstall clean bench fuzz check-asan
# Build outputs go to $(BUILD) (default build/), so parallel trees can coexist.

CC         ?= gcc
PKG_CONFIG ?= pkg-config
PREFIX     ?= /usr/local
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
              $(shell $(PKG_CONFIG) --cflags gsl libxml-2.0 2>/dev/null)
NINES_LIBS := $(shell $(PKG_CONFIG) --libs gsl libxml-2.0 2>/dev/null) -lm -fopenmp
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

ifeq ($(V),1)
Q :=
else
Q := @
endif

LIB_SRC  := $(sort $(wildcard src/util/*.c src/graph/*.c src/sim/*.c src/report/*.c src/run/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TESTS    := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
LIBNINES := $(BUILD)/libnines.a
NINES    := $(BUILD)/nines

DEPS_PKGS := gcc make pkg-config libgsl-dev libxml2-dev libcmocka-dev gnuplot-nox \
             openmpi-bin libopenmpi-dev

.PHONY: all check demo deps install uninstall clean tests man

all: $(NINES)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) $(NINES_CFLAGS) -MMD -MP -c $< -o $@

$(LIBNINES): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(NINES): $(CLI_OBJ) $(LIBNINES)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(NINES_CFLAGS) -o $@ $(CLI_OBJ) $(LIBNINES) $(NINES_LIBS)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIBNINES)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(NINES_CFLAGS) -o $@ $< $(LIBNINES) $(NINES_LIBS) $(CMOCKA_LIBS)

tests: $(TESTS) $(NINES)

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

check: deps
	$(Q)$(MAKE) --no-print-directory tests
	$(Q)if command -v mpicc >/dev/null && command -v mpirun >/dev/null; then \
	  $(MAKE) --no-print-directory MPI=1 BUILD=$(BUILD)-mpi all && \
	  echo "NINES_MPI=$(MPI_NINES)" > $(BUILD)/mpi.env; \
	else rm -f $(BUILD)/mpi.env; fi
	$(Q)NINES=$(NINES) BUILD=$(BUILD) sh tests/run.sh

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	./$(NINES) check models/account-opening.graphml
	./$(NINES) run models/ecommerce.graphml --scenarios 1e7 --seed 1

# The man page is generated from the option tables that print --help;
# tests/cli/usage.sh fails when docs/nines.1 is stale.
man: $(NINES)
	./$(NINES) --manpage > docs/nines.1

install: $(NINES)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(NINES) $(DESTDIR)$(PREFIX)/bin/nines
	install -m 644 docs/nines.1 $(DESTDIR)$(PREFIX)/share/man/man1/nines.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/nines $(DESTDIR)$(PREFIX)/share/man/man1/nines.1

clean:
	rm -rf $(BUILD)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TESTS:=.d)

# Further targets (bench, fuzz, sanitizers, MPI) live in mk/*.mk.
include $(sort $(wildcard mk/*.mk))

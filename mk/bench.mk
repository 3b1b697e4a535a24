# mk/bench.mk - `make bench`: builds the benchmark programs against
# $(BUILD)/libnines.a and runs the whole benchmark (bench/run.py): meshes of
# 50 to 100,000 nodes generated into bench/out/, nines against the NumPy
# baseline, the table written to bench/out/results.md and into
# bench/README.md. Not part of `make check` (it takes several minutes).
# BENCH_FLAGS passes options to bench/run.py (e.g. --quick). With mpicc,
# the MPI build ($(BUILD)-mpi) is made too, for the 1-vs-2-rank figures.

BENCH_PROGS := $(BUILD)/bench/steady_speed $(BUILD)/bench/window_speed \
               $(BUILD)/bench/importance_speed $(BUILD)/bench/exact_speed \
               $(BUILD)/bench/rare_speed $(BUILD)/bench/request_speed
PYTHON3 ?= /usr/bin/python3
BENCH_FLAGS ?=

.PHONY: bench bench-progs

bench-progs: $(BENCH_PROGS) $(NINES)

$(BUILD)/bench/%: bench/%.c $(LIBNINES)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CFLAGS) $(NINES_CFLAGS) -o $@ $< $(LIBNINES) $(NINES_LIBS)

# The MPI figures need the MPI build beside the plain one (skipped, with a
# message, when mpicc is missing).
bench: bench-progs
	$(Q)if command -v mpicc >/dev/null; then \
	  $(MAKE) --no-print-directory MPI=1 BUILD=$(BUILD)-mpi all; fi
	$(PYTHON3) bench/run.py --build $(BUILD) $(BENCH_FLAGS)

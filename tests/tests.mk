# tests/ -- Criterion unit tests (tests/test_*.c -> one binary build/tests/unit), libFuzzer
# targets (tests/fuzz/), and the architecture and table checks run by `make check`.
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_OBJ := $(TEST_SRC:%.c=$(OBJ)/%.o)

$(BUILD)/tests/unit: $(TEST_OBJ) $(TOOL_LIB) $(LIBS) ## the Criterion binary
	$(call link_program,$(TEST_OBJ) $(TOOL_LIB) $(LIBS) -lcriterion)

# One test file alone (handy while developing): make build/tests/only_NAME
$(BUILD)/tests/only_%: $(OBJ)/tests/test_%.o $(TOOL_LIB) $(LIBS)
	$(CC) $(CFLAGS) $< $(TOOL_LIB) $(LIBS) $(LDLIBS) -lcriterion -o $@

# the circuit tests read tests/data/circuit_*.lc wherever the test binary runs
$(OBJ)/tests/test_circuit.o: CFLAGS += -DCIRCUIT_TEST_DATA='"$(CURDIR)/tests/data"'

.PHONY: check-unit check-asan check-layers check-tables check-findings fuzz fuzz-smoke
CHECK_TARGETS += check-layers check-tables check-findings
check-unit: $(BUILD)/tests/unit ## the Criterion tests (2 jobs)
	@mkdir -p $(CHECK_OUT)
	cd $(CHECK_OUT) && $(CURDIR)/$(BUILD)/tests/unit --jobs 2

check-asan: ## unit tests, checkers and smoke runs built with clang ASan+UBSan
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) CC=clang OPT="-O1 -g $(SANFLAGS)" \
	    check-unit check-checkers check-smoke

# Which object uses which, from nm (an undefined symbol resolved to the object defining it):
# fails on a circle of files that use each other, or a use of a higher layer by a lower one
# (the order is in tests/layers.txt).
check-layers: $(ALG_OBJ) $(EXPL_OBJ) $(TOOL_LIB_OBJ) $(CHECKERS) $(DRIVERS) $(TOOLS) $(TEST_OBJ) ## no cycle, no upward use (nm of every object)
	@sh tests/check_layers.sh tests/layers.txt $(OBJ)

# Every Markdown table in results/ has as many cells in each row as in its header.
check-tables: ## every Markdown table in results/ is well formed
	@awk -f tests/check_md_tables.awk results/*.md $(wildcard results/full/*.md results/adam/*.md) && echo "check-tables: $$(ls results/*.md $(wildcard results/full/*.md results/adam/*.md) | wc -l) files, every table well formed"

# results/findings.md is what results/findings.spec reads from the committed tables (a table
# regenerated without `make findings`, or a spec row that names no cell, fails here).
check-findings: ## results/findings.md matches the committed tables
	@awk -f results/findings.awk results/findings.spec > $(BUILD)/findings.md \
	  && cmp -s $(BUILD)/findings.md results/findings.md \
	  || { echo "check-findings: results/findings.md is stale: run 'make findings'" >&2; exit 1; }
	@echo "check-findings: results/findings.md is up to date ($$(grep -c '^| [^-]' results/findings.md) rows)"

# libFuzzer (clang): the library is rebuilt with -fsanitize=fuzzer-no-link,address,undefined
# in $(BUILD)/fuzz (never part of the normal build), seeds in tests/fuzz/corpus_NAME, new
# inputs in $(BUILD)/fuzz/work_NAME, crash inputs in $(BUILD)/fuzz/crashes_NAME (cleared at
# every run).
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_CFLAGS  := -std=c11 -D_GNU_SOURCE -O1 -g -I. -Ialgebra -Iexperiments -fno-omit-frame-pointer \
                -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
FUZZ_NAMES   := $(sort $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))
# the whole algebra/ library, the tools' command handlers (so that the fuzz targets reach
# the command paths) and the single sources of higher layers that a target needs
# (FUZZ_EXTRA_SRC: each must link against algebra/ alone) rebuilt instrumented, as an archive
# (only what a target needs links)
FUZZ_EXTRA_SRC := experiments/trainer/td_operators.c
FUZZ_LIB     := $(FUZZ_DIR)/libalgebra_fuzz.a
FUZZ_LIB_OBJ := $(ALG_SRC:%.c=$(FUZZ_DIR)/obj/%.o) \
                $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(filter tools/ldr/% tools/lincircuit/%,$(TOOL_LIB_SRC))) \
                $(FUZZ_EXTRA_SRC:%.c=$(FUZZ_DIR)/obj/%.o)
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
fuzz: $(FUZZ_BINS) ## every fuzz target for FUZZ_SECONDS (default 60) each
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

# A bounded smoke run for make check (5 s per target).
SMOKE_TARGETS += fuzz-smoke
fuzz-smoke: ## every fuzz target for 5 s (part of make check)
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=5

# Slurm (tools/sweep/README.md): a one-node Slurm on localhost runs two quick tables through
# `sweep --engine slurm` (job array + afterok assembly); they must equal the local tables
# apart from timing columns.  Root only; SKIPPED (exit 1, or 0 with SLURM_OPTIONAL=1) when
# the daemons cannot start.
.PHONY: check-slurm
check-slurm: $(BUILD)/tools/sweep $(CHECKERS) ## two quick tables through a real one-node Slurm = local run
	@$(MAKE) --no-print-directory deps
	@bash tests/check_slurm.sh $(BUILD) $(BUILD)/check-slurm $(SEED)

# Mutation testing (issue 15 point 2): every mutant of tests/mutants/mutants.txt in its own
# copy of the tree (build/mutants/ID), object-level rebuild, quick checkers and unit tests.
# A results target (about 20-30 minutes on 2 cores), not part of `make check`.  Each verdict
# is a cell in build/cells/mutants: a killed run resumes (MUTANTS_FLAGS=--fresh recomputes).
.PHONY: mutants mutants-lint check-mutants-runner check-mutants-cells
RESULT_TARGETS += mutants
mutants: ## results/mutation.md: every source mutation of tests/mutants/mutants.txt killed or explained
	BUILD=$(BUILD) tests/mutants/run_mutants.sh --seed $(SEED) --out results --jobs 2 $(MUTANTS_FLAGS) $(Q)
CHECK_TARGETS += mutants-lint
mutants-lint: ## every mutant fragment of tests/mutants/mutants.txt occurs exactly once (no build)
	@tests/mutants/run_mutants.sh --check-only
# the runner itself: a stale (0 or 2 matches), missing or malformed mutant stops it, named
CHECK_TARGETS += check-mutants-runner
check-mutants-runner: ## the mutation runner rejects stale mutant lines (cheap, no build)
	@sh tests/mutants/test_stale.sh

# the runner through cells (issue 18): two cheap mutants computed, reused, a damaged verdict
# recomputed (tests/mutants/test_cells.sh, about 30 s)
CHECK_TARGETS += check-mutants-cells
check-mutants-cells: $(BUILD)/proofs_check/prop3_krylov $(BUILD)/tools/sweep ## make mutants through cells: a rerun reuses finished verdicts, a damaged one is recomputed
	@mkdir -p $(CHECK_OUT)
	@sh tests/mutants/test_cells.sh $(BUILD) $(CURDIR)/$(CHECK_OUT)

# the mnist-noise-l2007 test loads data-cache/ (make data) from the repository root
$(OBJ)/tests/test_dataset_l2007.o: CFLAGS += -DREPO_ROOT='"$(CURDIR)"'

# The code version of cell keys (issue 18): a hash of the sources linked in, the same in two
# checkout folders, changed by a linked source, not by an unlinked one; the fallback is named.
.PHONY: check-srchash
CHECK_TARGETS += check-srchash
check-srchash: $(BUILD)/proofs_check/prop3_krylov ## code version = hash of the linked sources (two folders, linked/unlinked change, fallback)
	@mkdir -p $(CHECK_OUT)
	@sh tests/check_srchash.sh $(BUILD) $(CURDIR)/$(CHECK_OUT) $(SEED)

# Kill and resume at the level of `make results` (issue 18; NOT part of `make check`): in a
# scratch copy of the tree ($(BUILD)/results-resume/tree: results/ and build/cells untouched),
# `make RESUME_TARGETS` (default: `make results`) is killed with SIGTERM after RESUME_AFTER
# seconds and run again; per program: cells stored before the kill, reused, computed.
RESUME_AFTER   ?= 900
RESUME_JOBS    ?= 1
RESUME_TARGETS ?=
.PHONY: check-results-resume
check-results-resume: all ## make results (or RESUME_TARGETS) killed after RESUME_AFTER s and rerun: every stored cell reused?
	@sh tests/check_results_resume.sh $(BUILD) $(CURDIR)/$(BUILD) $(RESUME_AFTER) $(RESUME_JOBS) $(RESUME_TARGETS)

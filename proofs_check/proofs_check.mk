# proofs_check/ -- one checker per statement (proofs_check/NAME.c -> build/proofs_check/NAME).
# Every checker takes --quick --seed --out --quiet --help; `make check` runs each in quick mode.
# Adding a checker = adding proofs_check/NAME.c and a results target below.
CHK_SRC  := $(sort $(wildcard proofs_check/*.c))
CHECKERS := $(CHK_SRC:%.c=$(BUILD)/%)

$(BUILD)/proofs_check/%: $(OBJ)/proofs_check/%.o $(LIBS)
	$(call link_program,$< $(LIBS))

.PHONY: check-checkers check-cells prop1 prop3 reconstruction toeplitz kmatrix equivariant
# Every checker in --quick mode, every cell computed (--fresh: the store is rewritten, not
# read); the first failure stops check with its name.
check-checkers: $(CHECKERS) ## every checker in --quick mode (tables in build/check-results)
	@mkdir -p $(CHECK_OUT)
	@for c in $(CHECKERS); do \
	  echo "== $$c --quick --seed $(SEED)"; \
	  $$c --quick --quiet --fresh --seed $(SEED) --out $(CHECK_OUT) || { echo "check: $$c FAILED" >&2; exit 1; }; \
	done

# Cells (algebra/report/cells.h): every checker's table assembled from shards (local, GNU
# parallel and hand-run shards) equals its single-process table from check-checkers apart
# from timing columns; SIGKILL, SIGTERM and damaged cell files (tests/check_cells.sh).
check-cells: check-checkers $(BUILD)/tools/sweep ## shards + --assemble = single run, for every checker; fault tests
	@sh tests/check_cells.sh $(BUILD) $(CHECK_OUT) $(SEED)

RESULT_TARGETS += prop1 prop3 reconstruction toeplitz kmatrix equivariant
prop1: $(BUILD)/proofs_check/prop1_closure ## results/prop1_closure (Thomas et al. Prop. 1)
	$< --seed $(SEED) --out results $(Q)
prop3: $(BUILD)/proofs_check/prop3_krylov ## results/prop3_krylov (Prop. 3, Table 5, Prop. 2(a))
	$< --seed $(SEED) --out results $(Q)
reconstruction: $(BUILD)/proofs_check/ldr_reconstruction ## results/ldr_reconstruction (closed forms vs solver)
	$< --seed $(SEED) --out results $(Q)
toeplitz: $(BUILD)/proofs_check/toeplitz_lu ## results/toeplitz_lu (Liu-Jiao-Lim, Ye-Lim)
	$< --seed $(SEED) --out results $(Q)
kmatrix: $(BUILD)/proofs_check/circuits_kmatrix ## results/circuits_kmatrix (Rudra et al. Thms 3.10-5.7)
	$< --seed $(SEED) --out results $(Q)
equivariant: $(BUILD)/proofs_check/equivariant_check ## results/equivariant (Sattelberger et al.)
	$< --seed $(SEED) --out results $(Q)

# issue 15: the uncovered statements (Prop. 2(b)-(e), Corollary 1, Rudra 4.5.3)
.PHONY: prop2 conv rudra-lower
RESULT_TARGETS += prop2 conv rudra-lower
prop2: $(BUILD)/proofs_check/prop2_transforms ## results/prop2_transforms (Thomas et al. Prop. 2(b)-(e))
	$< --seed $(SEED) --out results $(Q)
conv: $(BUILD)/proofs_check/conv_toeplitz_like ## results/conv_toeplitz_like (Corollary 1: conv layers)
	$< --seed $(SEED) --out results $(Q)
rudra-lower: $(BUILD)/proofs_check/rudra_ldr_lower ## results/rudra_ldr_lower (Rudra et al. 4.5.3)
	$< --seed $(SEED) --out results $(Q)
.PHONY: kaleidoscope-proper
RESULT_TARGETS += kaleidoscope-proper
kaleidoscope-proper: $(BUILD)/proofs_check/kaleidoscope_proper ## results/kaleidoscope_proper (Rudra 5.3: (BB*)^w proper)
	$< --seed $(SEED) --out results $(Q)
.PHONY: lu-network
RESULT_TARGETS += lu-network
lu-network: $(BUILD)/proofs_check/lu_network_thm24 ## results/lu_network_thm24 (Liu-Jiao-Lim Thm 2.4 (iii) and (i), upper-triangular remark)
	$< --seed $(SEED) --out results $(Q)
.PHONY: equivariant-ed
RESULT_TARGETS += equivariant-ed
equivariant-ed: $(BUILD)/proofs_check/equivariant_ed_s9 ## results/equivariant_ed_s9 (Sattelberger: ED degrees, S_9 example, cyclic reduction)
	$< --seed $(SEED) --out results $(Q)

# Every checker table through a Slurm cluster (tools/sweep/README.md): per table one job array
# of SLURM_SHARDS shards and one afterok assembly job.  The store SLURM_CELLS must be on a
# file system the nodes share; SLURM_WAIT=1 waits for every table.
SLURM_SHARDS    ?= 8
SLURM_CPUS      ?= 2
SLURM_TIME      ?= 4:00:00
SLURM_PARTITION ?=
SLURM_CELLS     ?= $(BUILD)/cells-slurm
SLURM_WAIT      ?=
SWEEP_SLURM = $(BUILD)/tools/sweep --engine slurm --shards $(SLURM_SHARDS) --cpus-per-task $(SLURM_CPUS) \
  --time $(SLURM_TIME) $(if $(SLURM_PARTITION),--partition $(SLURM_PARTITION)) --cells $(SLURM_CELLS) \
  $(if $(SLURM_WAIT),--wait) $(if $(SLURM_DRY),--dry-run)
.PHONY: results-slurm
results-slurm: $(CHECKERS) $(BUILD)/tools/sweep ## submit every checker table to Slurm (job array + afterok assembly each)
	@for c in $(CHECKERS); do \
	  $(SWEEP_SLURM) -- $$c --seed $(SEED) --out results $(Q) || exit $$?; \
	done
# issue 17 (point 4): the ingredients of Theorem 2's proof, exactly
.PHONY: vc-degree
RESULT_TARGETS += vc-degree
vc-degree: $(BUILD)/proofs_check/vc_degree ## results/vc_degree (Thomas et al. Thm 2 proof: degrees of W(theta), Warren's bound)
	$< --seed $(SEED) --out results $(Q)
.PHONY: equivariant-mnist-ae
RESULT_TARGETS += equivariant-mnist-ae
equivariant-mnist-ae: $(BUILD)/proofs_check/equivariant_mnist_ae ## results/equivariant_mnist_ae (Sattelberger: MNIST autoencoder losses, dense vs equivariant)
	$< --seed $(SEED) --out results $(Q)
.PHONY: fft-count
RESULT_TARGETS += fft-count
fft-count: $(BUILD)/proofs_check/krylov_fft_count ## results/krylov_fft_count (Thomas et al. Thm 1: FFT count, time slope)
	$< --seed $(SEED) --out results $(Q)

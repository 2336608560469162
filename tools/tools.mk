# tools/ -- one folder per command-line tool: tools/NAME/main.c holds main(), the other .c
# files of the folder are its command handlers (archived in build/libtools.a so that the unit
# tests can run them in-process); tools/NAME/README.md is the manual.
TOOL_DIRS    := $(sort $(patsubst %/main.c,%,$(wildcard tools/*/main.c)))
TOOLS        := $(TOOL_DIRS:tools/%=$(BUILD)/tools/%)
TOOL_LIB_SRC := $(sort $(filter-out %/main.c,$(wildcard tools/*/*.c)))
TOOL_LIB_OBJ := $(TOOL_LIB_SRC:%.c=$(OBJ)/%.o)
TOOL_LIB     := $(BUILD)/libtools.a

$(TOOL_LIB): $(TOOL_LIB_OBJ) ## the tools' command handlers (linked into the tools and the tests)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/tools/%: $(OBJ)/tools/%/main.o $(TOOL_LIB) $(LIBS)
	$(call link_program,$< $(TOOL_LIB) $(LIBS))

# ---------------------------------------------------------------- ldr (tools/ldr/README.md)
.PHONY: ldr-smoke ldr-demo lincircuit-smoke equivariant-cli-smoke
SMOKE_TARGETS += ldr-smoke lincircuit-smoke equivariant-cli-smoke
LDR      := $(BUILD)/tools/ldr
LDR_DATA := tests/data
ldr-smoke: $(LDR) ## the real ldr binary on tests/data: rank, classify, reconstruct, rejection
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

ldr-demo: $(LDR) ## an example ldr session on tests/data
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

# ---------------------------------------------------------------- lincircuit (tools/lincircuit/README.md)
lincircuit-smoke: $(BUILD)/tools/lincircuit ## generate FFT circuits, verify their K-matrices (dense and random check), transpose
	@mkdir -p $(CHECK_OUT)
	$< gen fft 16 $(CHECK_OUT)/fft16.lc && $< kmatrix $(CHECK_OUT)/fft16.lc
	$< gen fft 256 $(CHECK_OUT)/fft256.lc && $< kmatrix $(CHECK_OUT)/fft256.lc --check random
	$< transpose tests/data/circuit_ok.lc $(CHECK_OUT)/circuit_ok_T.lc

# ---------------------------------------------------------------- sizes of real layers (issue 14)
.PHONY: tools-speed
BENCH_TARGETS += tools-speed
tools-speed: $(TOOLS) ## results/tools_speed: ldr and lincircuit at the sizes of real layers
	sh experiments/tools_speed.sh $(BUILD) results $(SEED)

# ---------------------------------------------------------------- equivariant (tools/equivariant/README.md)
equivariant-cli-smoke: $(BUILD)/tools/equivariant ## the MNIST count, a component, a rejected input
	@$< image:right:28:1 -r 99 --csv | grep -q ',72425986088826,' || \
	  { echo "equivariant-cli-smoke: MNIST count wrong" >&2; exit 1; }
	@$< image:right:28:1 --component 13,10,9,8,7,5,3,1 | grep -q 'parameters    5544' || \
	  { echo "equivariant-cli-smoke: component parameters wrong" >&2; exit 1; }
	@$< '(1 3 4)(2 3)' >/dev/null 2>&1; test $$? -eq 2 || \
	  { echo "equivariant-cli-smoke: bad input not rejected with exit 2" >&2; exit 1; }
	@echo "equivariant-cli-smoke: PASS"

# ---------------------------------------------------------------- train (tools/train/README.md)
.PHONY: train-cli-smoke
SMOKE_TARGETS += train-cli-smoke
TRAIN_SMOKE := $(CHECK_OUT)/train-smoke
TRAIN_TINY  := --data synthetic --train 300 --test 200 --val 0.2 --epochs 2 --quiet --seed $(SEED)
train-cli-smoke: $(BUILD)/tools/train ## train on 300 synthetic examples: CSV, plot, resume bit-identity, bad flags
	@rm -rf $(TRAIN_SMOKE) && mkdir -p $(TRAIN_SMOKE)
	@OPENBLAS_NUM_THREADS=1 $< $(TRAIN_TINY) --class ldr-sd --init authors --hidden-bias 1 \
	  --csv $(TRAIN_SMOKE)/run.csv --plot $(TRAIN_SMOKE)/run.png --save $(TRAIN_SMOKE)/straight.bin >/dev/null \
	  || { echo "train-cli-smoke: the run failed" >&2; exit 1; }
	@test "$$(head -1 $(TRAIN_SMOKE)/run.csv | cut -d, -f1-6)" = "epoch,train_loss,train_acc,val_acc,test_acc,seconds" \
	  && test $$(wc -l < $(TRAIN_SMOKE)/run.csv) -eq 3 && test -s $(TRAIN_SMOKE)/run.png \
	  || { echo "train-cli-smoke: CSV or plot missing" >&2; exit 1; }
	@OPENBLAS_NUM_THREADS=1 $< $(TRAIN_TINY) --class ldr-sd --init authors --hidden-bias 1 \
	  --checkpoint $(TRAIN_SMOKE)/ck.bin --stop-after 1 >/dev/null \
	  && OPENBLAS_NUM_THREADS=1 $< $(TRAIN_TINY) --class ldr-sd --init authors --hidden-bias 1 \
	  --resume $(TRAIN_SMOKE)/ck.bin --save $(TRAIN_SMOKE)/resumed.bin >/dev/null \
	  && cmp -s $(TRAIN_SMOKE)/straight.bin $(TRAIN_SMOKE)/resumed.bin \
	  || { echo "train-cli-smoke: 1 epoch + resume differs from 2 epochs straight" >&2; exit 1; }
	@$< --epochs x >/dev/null 2>&1; test $$? -eq 2 || { echo "train-cli-smoke: bad flag not exit 2" >&2; exit 1; }
	@$< --data /nonexistent/a,/nonexistent/b >/dev/null 2>&1; test $$? -eq 2 \
	  || { echo "train-cli-smoke: missing data not exit 2" >&2; exit 1; }
	@echo "train-cli-smoke: run, CSV, plot, resume bit-identical, bad input rejected"

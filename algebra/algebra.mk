# algebra/ -- the library: one sub-folder per concept (see algebra/README.md for the layers).
ALG_SRC := $(sort $(wildcard algebra/*/*.c))
ALG_OBJ := $(ALG_SRC:%.c=$(OBJ)/%.o)

$(BUILD)/libalgebra.a: $(ALG_OBJ) ## the library archive
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

# matrix/: the matrix runner (host-native: it drives the lab or the native
# run, then the analysis) and its spec parser's unit tests.
MATRIX_SRCS := matrix/spec.c matrix/progress.c matrix/argv.c matrix/tree.c matrix/merge.c \
	matrix/child.c matrix/boot.c
MATRIX_OBJS := $(MATRIX_SRCS:matrix/%.c=$(HOST_OUT)/matrix/%.o)

$(HOST_OUT)/matrix/%.o: matrix/%.c
	@mkdir -p $(@D)
	$(call msg,CC,$@)
	$(Q)$(HOST_CC) $(COMMON_CFLAGS) -Imatrix -Ilib -MMD -MP -c $< -o $@

$(HOST_OUT)/virqbench-matrix: $(HOST_OUT)/matrix/main.o $(MATRIX_OBJS) $(LIB_HOST)
	$(call msg,LD,$@)
	$(Q)$(HOST_CC) -o $@ $^

# The checks are the shared tests/unit/check.c, built by tests/unit/build.mk.
MATRIX_TEST_OBJS := $(patsubst tests/unit/matrix/%.c,$(HOST_OUT)/matrix/tests/%.o,\
	$(wildcard tests/unit/matrix/*.c))

$(HOST_OUT)/matrix-tests: $(MATRIX_TEST_OBJS) $(MATRIX_OBJS) \
		$(HOST_OUT)/tests/unit/check.o $(LIB_HOST)
	$(call msg,LD,$@)
	$(Q)$(HOST_CC) -o $@ $^

$(HOST_OUT)/matrix/tests/%.o: tests/unit/matrix/%.c
	@mkdir -p $(@D)
	$(call msg,CC,$@)
	$(Q)$(HOST_CC) $(COMMON_CFLAGS) -Imatrix -Ilib -Itests/unit -MMD -MP -c $< -o $@

# The runner's test runs virqbench-matrix itself, against a fake lab.
.PHONY: matrix-unit
matrix-unit: $(HOST_OUT)/matrix-tests $(HOST_OUT)/virqbench-matrix
	$(Q)$(HOST_OUT)/matrix-tests tests/unit/matrix $(HOST_OUT)/virqbench-matrix

unit: matrix-unit
HOST_TARGETS += $(HOST_OUT)/virqbench-matrix
-include $(HOST_OUT)/matrix/*.d $(HOST_OUT)/matrix/tests/*.d

# matrix/: the matrix runner (host-native: it drives the lab or the native
# run, then the analysis) and its spec parser's unit tests.
MATRIX_SRCS := matrix/spec.c matrix/progress.c
MATRIX_OBJS := $(MATRIX_SRCS:matrix/%.c=$(HOST_OUT)/matrix/%.o)

$(HOST_OUT)/matrix/%.o: matrix/%.c
	@mkdir -p $(@D)
	$(call msg,CC,$@)
	$(Q)$(HOST_CC) $(COMMON_CFLAGS) -Imatrix -Ilib -MMD -MP -c $< -o $@

$(HOST_OUT)/virqbench-matrix: $(HOST_OUT)/matrix/main.o $(MATRIX_OBJS) $(LIB_HOST)
	$(call msg,LD,$@)
	$(Q)$(HOST_CC) -o $@ $^

# The checks are the shared tests/unit/check.c, built by tests/unit/build.mk.
$(HOST_OUT)/matrix-tests: $(HOST_OUT)/matrix/test_matrix.o $(MATRIX_OBJS) \
		$(HOST_OUT)/tests/unit/check.o $(LIB_HOST)
	$(call msg,LD,$@)
	$(Q)$(HOST_CC) -o $@ $^

$(HOST_OUT)/matrix/test_matrix.o: tests/unit/matrix/test_matrix.c
	@mkdir -p $(@D)
	$(call msg,CC,$@)
	$(Q)$(HOST_CC) $(COMMON_CFLAGS) -Imatrix -Ilib -Itests/unit -MMD -MP -c $< -o $@

.PHONY: matrix-unit
matrix-unit: $(HOST_OUT)/matrix-tests
	$(Q)$(HOST_OUT)/matrix-tests tests/unit/matrix

unit: matrix-unit
HOST_TARGETS += $(HOST_OUT)/virqbench-matrix
-include $(HOST_OUT)/matrix/*.d

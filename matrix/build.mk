# matrix/: the matrix runner (host-native: it drives the lab or the native
# run, then the analysis). Its unit tests: tests/unit/build.mk.
MATRIX_SRCS := matrix/spec.c matrix/progress.c matrix/argv.c matrix/tree.c matrix/merge.c \
	matrix/child.c matrix/boot.c matrix/plan.c matrix/sched.c
# bench/'s device table (its kinds: spec key vfio_device) has one home, bench/vfio_devices.c.
MATRIX_OBJS := $(MATRIX_SRCS:matrix/%.c=$(HOST_OUT)/matrix/%.o) $(BENCH_HOST_OUT)/vfio_devices.o

$(HOST_OUT)/matrix/%.o: matrix/%.c
	@mkdir -p $(@D)
	$(call msg,CC,$@)
	$(Q)$(HOST_CC) $(COMMON_CFLAGS) -Imatrix -Ilib -Ibench -MMD -MP -c $< -o $@

$(HOST_OUT)/virqbench-matrix: $(HOST_OUT)/matrix/main.o $(MATRIX_OBJS) $(LIB_HOST)
	$(call msg,LD,$@)
	$(Q)$(HOST_CC) -o $@ $^

HOST_TARGETS += $(HOST_OUT)/virqbench-matrix
-include $(HOST_OUT)/matrix/*.d

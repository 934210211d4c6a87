# bench/: the host-side VMM and injector, for the ARM host (static, so the
# lab's busybox initramfs needs no libc). Its files with no ioctl and no
# counter read are also built for the host and unit-tested there
# (tests/unit/build.mk, BENCH_UNIT_PURE).
BENCH_SRCS := $(wildcard bench/*.c)
BENCH_OBJS := $(BENCH_SRCS:bench/%.c=$(ARM_OUT)/bench/%.o)

$(ARM_OUT)/bench/%.o: bench/%.c
	@mkdir -p $(@D)
	$(call msg,CC,$@)
	$(Q)$(ARM_CC) $(COMMON_CFLAGS) -Ilib -pthread -MMD -MP -c $< -o $@

$(ARM_OUT)/virqbench: $(BENCH_OBJS) $(LIB_ARM)
	$(call msg,LD,$@)
	$(Q)$(ARM_CC) -static -pthread -o $@ $^

ARM_TARGETS += $(ARM_OUT)/virqbench
-include $(BENCH_OBJS:.o=.d)

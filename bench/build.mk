# bench/: the host-side VMM and injector, for the ARM host (static, so the
# lab's busybox initramfs needs no libc). Its files with no ioctl and no
# counter read are also built for the host, for the unit tests
# (tests/unit/bench/, which link BENCH_HOST_OBJS).
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

# The pure files, for the host. A bench/ file joins the list when it has no
# ioctl and no counter read; one that has both is split first (hostinfo.c:
# the reading, hostinfo_parse.c: the text).
BENCH_HOST_PURE := args bracket contender hostinfo_parse kernelinfo placement procirq topology provenance rawout rowfile tracer uirq vfio_devices
BENCH_HOST_OUT := $(HOST_OUT)/bench-host
BENCH_HOST_OBJS := $(BENCH_HOST_PURE:%=$(BENCH_HOST_OUT)/%.o)
BENCH_HOST_CFLAGS := $(COMMON_CFLAGS) -Ibench -Ilib

# uirq.c's state lives in struct vm (kvm.h, so <linux/kvm.h>), whose arm64
# half is <asm/kvm.h>: taken from the cross compiler's headers, which
# bench/ needs anyway. Only the files that include kvm.h see them.
BENCH_HOST_UAPI := $(BENCH_HOST_OUT)/uapi
$(BENCH_HOST_OUT)/uirq.o: BENCH_HOST_CFLAGS += -I$(BENCH_HOST_UAPI)
$(BENCH_HOST_OUT)/uirq.o: | $(BENCH_HOST_UAPI)/asm

$(BENCH_HOST_UAPI)/asm:
	$(call msg,LN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)h=$$(echo '#include <asm/kvm.h>' | $(ARM_CC) -M -x c - | tr ' \\' '\n\n' | grep '/asm/kvm\.h$$') && \
		ln -sfn "$${h%/kvm.h}" $@

$(BENCH_HOST_OUT)/%.o: bench/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(BENCH_HOST_CFLAGS) -MMD -MP -c -o $@ $<

-include $(BENCH_HOST_OBJS:.o=.d)

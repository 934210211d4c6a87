# guest-agent/: the bare-metal aarch64 image bench/ runs as the guest.
#
#   $(ARM_OUT)/guest-agent.bin   the flat image bench/ loads (part of `make build`)
#   make agent-selftest          $(ARM_OUT)/agent-selftest.elf: the agent driving
#                                itself under plain QEMU virt (no bench/, no KVM)
#   make agent-selftest-run      build it and run each of its modes in QEMU

GA_OUT := $(ARM_OUT)/guest-agent

# -mstrict-align: the agent runs C with the MMU off, where every access is
# Device and must be aligned. -mno-outline-atomics: no libgcc helpers.
GA_CFLAGS := -std=gnu11 -O2 -g $(WARN) -Iinclude -Iguest-agent \
	-DVQB_VERSION='"$(VERSION)"' \
	-ffreestanding -nostdlib -mgeneral-regs-only -fno-pie -mstrict-align \
	-mno-outline-atomics -fno-stack-protector -fno-common \
	-fno-tree-loop-distribute-patterns \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -MMD -MP
GA_ASFLAGS := -g -Iguest-agent -D__ASSEMBLY__ -MMD -MP
GA_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,--orphan-handling=warn \
	-Wl,-T,$(GA_OUT)/agent.lds

GA_LIB_SRCS := $(filter-out guest-agent/main.c,$(wildcard guest-agent/*.c)) \
	$(wildcard guest-agent/*.S)
GA_LIB_OBJS := $(patsubst guest-agent/%,$(GA_OUT)/%.o,$(basename $(GA_LIB_SRCS)))
GA_OBJS := $(GA_LIB_OBJS) $(GA_OUT)/main.o
GA_SELFTEST_OBJS := $(GA_LIB_OBJS) $(GA_OUT)/selftest/selftest.o

$(GA_OUT)/%.o: guest-agent/%.c
	@mkdir -p $(@D)
	$(call msg,CC,$@)
	$(Q)$(ARM_CC) $(GA_CFLAGS) -c $< -o $@

$(GA_OUT)/%.o: guest-agent/%.S
	@mkdir -p $(@D)
	$(call msg,AS,$@)
	$(Q)$(ARM_CC) $(GA_ASFLAGS) -c $< -o $@

# The linker script takes its addresses from layout.h.
$(GA_OUT)/agent.lds: guest-agent/agent.ld guest-agent/layout.h
	@mkdir -p $(@D)
	$(call msg,CPP,$@)
	$(Q)$(ARM_CC) -E -P -undef -x c -Iguest-agent $< -o $@

$(ARM_OUT)/guest-agent.elf: $(GA_OBJS) $(GA_OUT)/agent.lds
	$(call msg,LD,$@)
	$(Q)$(ARM_CC) $(GA_LDFLAGS) -o $@ $(GA_OBJS) -lgcc

$(ARM_OUT)/guest-agent.bin: $(ARM_OUT)/guest-agent.elf
	$(call msg,OBJCOPY,$@)
	$(Q)$(ARM_OBJCOPY) -O binary $< $@

$(ARM_OUT)/agent-selftest.elf: $(GA_SELFTEST_OBJS) $(GA_OUT)/agent.lds
	$(call msg,LD,$@)
	$(Q)$(ARM_CC) $(GA_LDFLAGS) -o $@ $(GA_SELFTEST_OBJS) -lgcc

ARM_TARGETS += $(ARM_OUT)/guest-agent.bin

# QEMU virt with gic-version=3 puts GICD/GICR where abi.h does and its PL011
# data register where the control page's PUTC is. selftest/run.sh has the
# QEMU command line.
GA_QEMU ?= qemu-system-aarch64

.PHONY: agent-selftest agent-selftest-run
agent-selftest: $(ARM_OUT)/agent-selftest.elf

agent-selftest-run: $(ARM_OUT)/agent-selftest.elf
	$(Q)sh guest-agent/selftest/run.sh $< $(GA_QEMU)

-include $(wildcard $(GA_OUT)/*.d $(GA_OUT)/selftest/*.d)

# bpf/: virqtrace, the KVM tracepoint tracer (libbpf, raw tracepoints).
#
# The BPF object is built for the arm64 kernel and embedded in a skeleton
# header generated in the build directory; the user side is linked
# statically against the aarch64 libbpf.a, so the one file runs in the lab's
# busybox initramfs as well as on an ARM server.

VIRQTRACE_OUT := $(ARM_OUT)/bpf

# <linux/bpf.h> includes <asm/types.h>, which sits in the multiarch include
# directory, and clang -target bpf does not search that. Every Linux arch's
# asm/types.h is the same int-ll64 one; take the target's, else the host's.
VIRQTRACE_ASM_TYPES := $(firstword $(wildcard $(patsubst %,/usr/include/%/asm/types.h,\
	$(shell $(ARM_CC) -print-multiarch 2>/dev/null) \
	$(shell $(HOST_CC) -print-multiarch 2>/dev/null))))

VIRQTRACE_BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_arm64 $(WARN) \
	$(if $(VIRQTRACE_ASM_TYPES),-idirafter $(patsubst %/asm/types.h,%,$(VIRQTRACE_ASM_TYPES)))

$(VIRQTRACE_OUT)/virqtrace.bpf.o: bpf/virqtrace.bpf.c
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(VIRQTRACE_BPF_CFLAGS) -MMD -MP -c $< -o $@

$(VIRQTRACE_OUT)/virqtrace.skel.h: $(VIRQTRACE_OUT)/virqtrace.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name virqtrace_bpf > $@

$(VIRQTRACE_OUT)/virqtrace.o: bpf/virqtrace.c $(VIRQTRACE_OUT)/virqtrace.skel.h
	$(call msg,CC,$@)
	$(Q)$(ARM_CC) $(COMMON_CFLAGS) -I$(VIRQTRACE_OUT) -MMD -MP -c $< -o $@

$(ARM_OUT)/virqtrace: $(VIRQTRACE_OUT)/virqtrace.o
	$(call msg,LD,$@)
	$(Q)$(ARM_CC) -static -o $@ $^ -lbpf -lelf -lz -lzstd

ARM_TARGETS += $(ARM_OUT)/virqtrace

-include $(VIRQTRACE_OUT)/virqtrace.bpf.d $(VIRQTRACE_OUT)/virqtrace.d

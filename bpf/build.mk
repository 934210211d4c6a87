# bpf/: virqtrace, the KVM tracepoint tracer (libbpf, raw tracepoints).
#
# The BPF object is built for the arm64 kernel and embedded in a skeleton
# header generated in the build directory; the user side is linked
# statically against the aarch64 libbpf.a, so the one file runs in the lab's
# busybox initramfs as well as on an ARM server.
#
# The event vocabulary is include/virqbench/trace_events.h, which the BPF
# object includes too (hence -Iinclude there).
#
# `make bpf-unit` builds the pure parts (options, trace-mode aggregation,
# reports, replay, /proc parsing) for the build machine and runs their
# tests on the shared checks (tests/unit/check.h).

VIRQTRACE_OUT := $(ARM_OUT)/bpf

# <linux/bpf.h> includes <asm/types.h>, which sits in the multiarch include
# directory, and clang -target bpf does not search that. Every Linux arch's
# asm/types.h is the same int-ll64 one; take the target's, else the host's.
VIRQTRACE_ASM_TYPES := $(firstword $(wildcard $(patsubst %,/usr/include/%/asm/types.h,\
	$(shell $(ARM_CC) -print-multiarch 2>/dev/null) \
	$(shell $(HOST_CC) -print-multiarch 2>/dev/null))))

VIRQTRACE_BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_arm64 $(WARN) -Iinclude \
	$(if $(VIRQTRACE_ASM_TYPES),-idirafter $(patsubst %/asm/types.h,%,$(VIRQTRACE_ASM_TYPES)))

# The pure parts (also built for the unit tests) and the libbpf ones. The
# trace.tsv rows, the injection decoder, the JSON writer, the exit classes
# and the rest of the leaf code come from the shared layer's archive.
VIRQTRACE_PURE := opts perf_rows perf_why summary_out trace_mode trace_replay trace_summary vmm_proc
VIRQTRACE_OBJS := $(patsubst %,$(VIRQTRACE_OUT)/%.o,virqtrace liblog perf_count perf_out progs task_btf $(VIRQTRACE_PURE))

$(VIRQTRACE_OUT)/virqtrace.bpf.o: bpf/virqtrace.bpf.c
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(VIRQTRACE_BPF_CFLAGS) -MMD -MP -c $< -o $@

$(VIRQTRACE_OUT)/virqtrace.skel.h: $(VIRQTRACE_OUT)/virqtrace.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name virqtrace_bpf > $@

# Every object waits for the skeleton: virqtrace.c includes it, and the
# dependency files only know that after a first build.
$(VIRQTRACE_OUT)/%.o: bpf/%.c $(VIRQTRACE_OUT)/virqtrace.skel.h
	$(call msg,CC,$@)
	$(Q)$(ARM_CC) $(COMMON_CFLAGS) -I$(VIRQTRACE_OUT) -Ilib -MMD -MP -c $< -o $@

$(ARM_OUT)/virqtrace: $(VIRQTRACE_OBJS) $(LIB_ARM)
	$(call msg,LD,$@)
	$(Q)$(ARM_CC) -static -o $@ $^ -lbpf -lelf -lz -lzstd -lm

ARM_TARGETS += $(ARM_OUT)/virqtrace

# Host-native unit tests of the pure parts.
BPF_UNIT_OUT := $(HOST_OUT)/bpf
BPF_UNIT_OBJS := $(patsubst %,$(BPF_UNIT_OUT)/%.o,$(VIRQTRACE_PURE)) \
	$(patsubst bpf/tests/%.c,$(BPF_UNIT_OUT)/tests/%.o,$(wildcard bpf/tests/*.c))

$(BPF_UNIT_OUT)/%.o: bpf/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(COMMON_CFLAGS) -D_GNU_SOURCE -Ibpf -Ilib -Itests/unit -MMD -MP -c $< -o $@

# The lab check's recount, which a unit test holds to trace mode's span.
$(BPF_UNIT_OUT)/tests/test_bpf_unit.o: COMMON_CFLAGS += \
	-DVQT_RECOUNT_AWK='"$(CURDIR)/bpf/tests/exits_since_injection.awk"'

# The checks are the shared tests/unit/check.c, built by tests/unit/build.mk.
$(BPF_UNIT_OUT)/bpf-unit-tests: $(BPF_UNIT_OBJS) $(HOST_OUT)/tests/unit/check.o $(LIB_HOST)
	$(call msg,LD,$@)
	$(Q)$(HOST_CC) -o $@ $^ -lm

.PHONY: bpf-unit
bpf-unit: $(BPF_UNIT_OUT)/bpf-unit-tests
	$(Q)$(BPF_UNIT_OUT)/bpf-unit-tests

# `make unit` (and so `make check` and CI) runs these too.
unit: bpf-unit

-include $(VIRQTRACE_OBJS:.o=.d) $(VIRQTRACE_OUT)/virqtrace.bpf.d \
	$(BPF_UNIT_OBJS:.o=.d)

# The lab half: trace mode and the recorder against bench/'s ground truth in
# the emulated ARM server (a boot of about a minute; needs `make build`).
BPF_LAB_WORK ?= $(BUILD)/lab/bpf

.PHONY: bpf-lab
bpf-lab: build
	$(Q)rm -rf $(BPF_LAB_WORK)
	$(Q)sh lab/run.sh --gic 3 --work $(BPF_LAB_WORK) --arm-out $(ARM_OUT) \
		--cache $(CACHE) --script bpf/tests/lab_trace_mode.sh >/dev/null
	$(Q)cat $(BPF_LAB_WORK)/out/bpf/result.txt
	$(Q)sh bpf/tests/lab_exits_check.sh $(BPF_LAB_WORK)/out $(HOST_OUT)/virqbench-analyze
	$(Q)tail -n 1 $(BPF_LAB_WORK)/out/bpf/result.txt | grep -q ' 0 failed$$'

# tests/unit/: host-native unit tests, one binary per part, all on the one
# runner tests/unit/check.c (checks, counts, a temporary root). This file
# builds check.o and two of the binaries: the analysis and lib/ tests
# (tests/unit/*.c) and bench/'s (tests/unit/bench/); report, matrix and
# bpf each build theirs in their own fragment. `make unit` runs them all,
# each ending with "[NAME: ]N passed, M failed".

UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_OBJS := $(UNIT_SRCS:tests/unit/%.c=$(HOST_OUT)/tests/unit/%.o)

$(HOST_OUT)/unit-tests: $(UNIT_OBJS) $(ANALYSIS_LIB_OBJS) $(LIB_HOST)
	$(call msg,LD,$@)
	$(Q)$(HOST_CC) -pthread -o $@ $^

$(HOST_OUT)/tests/unit/%.o: tests/unit/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(ANALYSIS_CFLAGS) -Itests/unit -MMD -MP -c -o $@ $<

# bench/ is built for arm64 only, but these of its files touch no KVM:
# they are built again for the host and tested here. A bench/ file joins
# the list when it has no ioctl and no counter read; one that has both
# is split first (hostinfo.c: the reading, hostinfo_parse.c: the text).
BENCH_UNIT_PURE := args bracket contender hostinfo_parse kernelinfo procirq rawout report tracer uirq
BENCH_UNIT_OUT := $(HOST_OUT)/bench-unit
BENCH_UNIT_OBJS := $(BENCH_UNIT_PURE:%=$(BENCH_UNIT_OUT)/bench/%.o) \
	$(patsubst tests/unit/bench/%.c,$(BENCH_UNIT_OUT)/%.o,$(wildcard tests/unit/bench/*.c)) \
	$(HOST_OUT)/tests/unit/check.o
# bench/'s files with bench/'s own flags; the tests' with _GNU_SOURCE too.
BENCH_UNIT_CFLAGS := $(COMMON_CFLAGS) -Ibench -Ilib -Itests/unit

# uirq.c's state lives in struct vm (kvm.h, so <linux/kvm.h>), whose arm64
# half is <asm/kvm.h>: taken from the cross compiler's headers, which
# bench/ needs anyway. Only the files that include kvm.h see them.
BENCH_UNIT_UAPI := $(BENCH_UNIT_OUT)/uapi
BENCH_UNIT_KVM := $(BENCH_UNIT_OUT)/bench/uirq.o $(BENCH_UNIT_OUT)/test_uirq.o
$(BENCH_UNIT_KVM): BENCH_UNIT_CFLAGS += -I$(BENCH_UNIT_UAPI)
$(BENCH_UNIT_KVM): | $(BENCH_UNIT_UAPI)/asm

$(BENCH_UNIT_UAPI)/asm:
	$(call msg,LN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)h=$$(echo '#include <asm/kvm.h>' | $(ARM_CC) -M -x c - | tr ' \\' '\n\n' | grep '/asm/kvm\.h$$') && \
		ln -sfn "$${h%/kvm.h}" $@

$(BENCH_UNIT_OUT)/bench/%.o: bench/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(BENCH_UNIT_CFLAGS) -MMD -MP -c -o $@ $<

$(BENCH_UNIT_OUT)/%.o: tests/unit/bench/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(BENCH_UNIT_CFLAGS) -D_GNU_SOURCE -Itests/unit/bench -MMD -MP -c -o $@ $<

$(HOST_OUT)/bench-unit-tests: $(BENCH_UNIT_OBJS) $(LIB_HOST)
	$(call msg,LD,$@)
	$(Q)$(HOST_CC) -pthread -o $@ $^

.PHONY: bench-unit
bench-unit: $(HOST_OUT)/bench-unit-tests
	$(Q)$(HOST_OUT)/bench-unit-tests

unit: $(HOST_OUT)/unit-tests bench-unit
	$(Q)$(HOST_OUT)/unit-tests

-include $(wildcard $(HOST_OUT)/tests/unit/*.d) $(BENCH_UNIT_OBJS:.o=.d)

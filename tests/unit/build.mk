# tests/unit/: host-native unit tests, one binary per part, all on the one
# runner tests/unit/check.c (checks, counts, a temporary root). This file
# builds check.o and the binaries of tests/unit/: the analysis and lib/
# tests (tests/unit/*.c), bench/'s, the report tools' and the matrix
# runner's, each linking the objects its stage's fragment built; bpf/'s
# own tests (bpf/tests/) are bpf/build.mk's. `make unit` runs them all,
# each ending with "[NAME: ]N passed, M failed".

UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_OBJS := $(UNIT_SRCS:tests/unit/%.c=$(HOST_OUT)/tests/unit/%.o)

$(HOST_OUT)/unit-tests: $(UNIT_OBJS) $(ANALYSIS_LIB_OBJS) $(LIB_HOST)
	$(call msg,LD,$@)
	$(Q)$(HOST_CC) -pthread -o $@ $^ -lm

$(HOST_OUT)/tests/unit/%.o: tests/unit/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(ANALYSIS_CFLAGS) -Itests/unit -MMD -MP -c -o $@ $<

# bench/'s tests, against the host build of its pure files (bench/build.mk,
# BENCH_HOST_OBJS); the tests see the same arm64 uapi headers.
BENCH_UNIT_OUT := $(HOST_OUT)/bench-unit
BENCH_UNIT_OBJS := $(BENCH_HOST_OBJS) \
	$(patsubst tests/unit/bench/%.c,$(BENCH_UNIT_OUT)/%.o,$(wildcard tests/unit/bench/*.c)) \
	$(HOST_OUT)/tests/unit/check.o
$(BENCH_UNIT_OUT)/test_uirq.o: BENCH_HOST_CFLAGS += -I$(BENCH_HOST_UAPI)
$(BENCH_UNIT_OUT)/test_uirq.o: | $(BENCH_HOST_UAPI)/asm

$(BENCH_UNIT_OUT)/%.o: tests/unit/bench/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(BENCH_HOST_CFLAGS) -Itests/unit -D_GNU_SOURCE -Itests/unit/bench -MMD -MP -c -o $@ $<

$(HOST_OUT)/bench-unit-tests: $(BENCH_UNIT_OBJS) $(LIB_HOST)
	$(call msg,LD,$@)
	$(Q)$(HOST_CC) -pthread -o $@ $^ -lm

.PHONY: bench-unit
bench-unit: $(HOST_OUT)/bench-unit-tests
	$(Q)$(HOST_OUT)/bench-unit-tests

unit: $(HOST_OUT)/unit-tests bench-unit
	$(Q)$(HOST_OUT)/unit-tests

# Tests: their own main and list (tests/unit/report/), one binary; the
# checks are the shared tests/unit/check.c, built by tests/unit/build.mk.
REPORT_UNIT_SRCS := $(wildcard tests/unit/report/*.c)
REPORT_UNIT_OBJS := $(REPORT_UNIT_SRCS:tests/unit/report/%.c=$(HOST_OUT)/report/tests/%.o) \
	$(HOST_OUT)/tests/unit/check.o

$(HOST_OUT)/report-unit-tests: $(REPORT_UNIT_OBJS) $(REPORT_LIB_OBJS) $(REPORT_ANALYSIS_OBJS)
	$(call msg,LD,$@)
	$(Q)$(HOST_CC) -pthread -o $@ $^ -lm

$(HOST_OUT)/report/tests/%.o: tests/unit/report/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(REPORT_CFLAGS) -Itests/unit/report -Itests/unit -MMD -MP -c -o $@ $<

.PHONY: report-unit
report-unit: $(HOST_OUT)/report-unit-tests
	$(Q)$(HOST_OUT)/report-unit-tests

unit: report-unit

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
	$(Q)$(HOST_CC) $(COMMON_CFLAGS) -Imatrix -Ilib -Ibench -Itests/unit -MMD -MP -c $< -o $@

# The runner's test runs virqbench-matrix itself, against a fake lab.
.PHONY: matrix-unit
matrix-unit: $(HOST_OUT)/matrix-tests $(HOST_OUT)/virqbench-matrix
	$(Q)$(HOST_OUT)/matrix-tests tests/unit/matrix $(HOST_OUT)/virqbench-matrix

unit: matrix-unit
-include $(wildcard $(HOST_OUT)/tests/unit/*.d $(BENCH_UNIT_OUT)/*.d)
-include $(wildcard $(HOST_OUT)/report/tests/*.d $(HOST_OUT)/matrix/tests/*.d)

# The lab's output journal (lab/snapshot, lab/journal.sh), run on files here.
.PHONY: lab-unit
lab-unit:
	$(Q)sh tests/unit/lab/journal_test.sh $(BUILD)/test-journal

unit: lab-unit

# results/ out of disk space for real (ENOSPC in a tmpfs of its own mount
# namespace): analyze, report and compare each leave the earlier output as it was.
.PHONY: results-enospc-unit
results-enospc-unit: $(HOST_OUT)/virqbench-analyze $(HOST_OUT)/virqbench-report \
		$(HOST_OUT)/virqbench-compare $(ANALYSIS_TOOLS)
	$(Q)sh tests/unit/results/enospc_test.sh $(BUILD) $(BUILD)/test-enospc

unit: results-enospc-unit

# analysis/: virqbench-analyze, host-native C (runs where make runs), and
# the analysis-bench target that times it on a synthetic million-interrupt cell.

ANALYSIS_LIB := clock resolution cycles raw_run trace_load stages paths marks suite_window join join_stream cell_check breakdown \
		summary perf_counts write_results summary_json breakdown_csv print tracing_cost \
		plot plot_breakdown analyze
# Everything but main.o: the unit tests link these too (and the shared layer after them).
ANALYSIS_LIB_OBJS := $(ANALYSIS_LIB:%=$(HOST_OUT)/analysis/%.o)
ANALYSIS_TOOLS := $(HOST_OUT)/analysis/tools/synth-raw $(HOST_OUT)/analysis/tools/runstat
ANALYSIS_CFLAGS := $(COMMON_CFLAGS) -D_GNU_SOURCE -pthread -Ianalysis -Ilib

HOST_TARGETS += $(HOST_OUT)/virqbench-analyze

$(HOST_OUT)/virqbench-analyze: $(ANALYSIS_LIB_OBJS) $(HOST_OUT)/analysis/main.o $(LIB_HOST)
	$(call msg,LD,$@)
	$(Q)$(HOST_CC) -pthread -o $@ $^ -lm

# A static pattern: the objects are then not intermediate, and not deleted.
$(ANALYSIS_TOOLS): %: %.o $(LIB_HOST)
	$(call msg,LD,$@)
	$(Q)$(HOST_CC) -pthread -o $@ $^ -lm

$(HOST_OUT)/analysis/%.o: analysis/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(ANALYSIS_CFLAGS) -MMD -MP -c -o $@ $<

ANALYSIS_BENCH_DIR := $(BUILD)/analysis-bench
ANALYSIS_BENCH_N ?= 1000000

# Not part of `unit`: it takes a few seconds to generate the input.
.PHONY: analysis-bench
analysis-bench: $(HOST_OUT)/virqbench-analyze $(ANALYSIS_TOOLS)
	$(Q)rm -rf $(ANALYSIS_BENCH_DIR)
	$(Q)$(HOST_OUT)/analysis/tools/synth-raw -n $(ANALYSIS_BENCH_N) $(ANALYSIS_BENCH_DIR)/raw
	$(Q)$(HOST_OUT)/analysis/tools/runstat $(HOST_OUT)/virqbench-analyze -q --no-report \
		$(ANALYSIS_BENCH_DIR)/raw $(ANALYSIS_BENCH_DIR)/out

# 1M, 10M and 100M interrupts on one thread: interrupts per second and
# peak RSS, and the streamed cells' RSS against ANALYSIS_SCALE_BOUND_MIB.
# Disk: the raw run of N interrupts is about 240 bytes each and its
# samples file 100 (100M: 24 GB + 10 GB, removed after each N); at 100M
# the run takes about 15 minutes here, most of it the disk.
ANALYSIS_SCALE_NS ?= 1000000 10000000 100000000
ANALYSIS_SCALE_BOUND_MIB ?= 64
# Where the raw runs go: a tmpfs (/dev/shm) takes the disk out of the figures.
ANALYSIS_SCALE_DIR ?= $(BUILD)/analysis-scale

.PHONY: analysis-scale-bench
analysis-scale-bench: $(HOST_OUT)/virqbench-analyze $(ANALYSIS_TOOLS)
	$(Q)sh analysis/tools/scale-bench.sh $(HOST_OUT) $(ANALYSIS_SCALE_DIR) \
		$(ANALYSIS_SCALE_BOUND_MIB) $(ANALYSIS_SCALE_NS)

-include $(wildcard $(HOST_OUT)/analysis/*.d $(HOST_OUT)/analysis/tools/*.d)

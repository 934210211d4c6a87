# analysis/report/: virqbench-report (the page a person reads first, rebuilt
# from a results directory), virqbench-compare (two results directories,
# cell by cell, with confidence intervals) and virqbench-fleet (many hosts' runs on one page). Host-native C; they link a few
# analysis/ objects (JSON writer, output files, sort and percentiles, strict
# numbers, messages, all in lib/) and change none of them. `make report-unit` runs their tests (built by tests/unit/build.mk).

REPORT_LIB := jread rdir html gp plots rstats report compare cost_section cycles_section rounds verdicts findings outdir fleet perf_verdict host_section
REPORT_LIB_OBJS := $(REPORT_LIB:%=$(HOST_OUT)/report/%.o)
REPORT_CFLAGS := $(ANALYSIS_CFLAGS) -Ianalysis/report
# Only the shared layer: the rest of analysis/ may change (or be half-way
# through a change) without touching these tools.
REPORT_ANALYSIS_OBJS := $(LIB_HOST)

HOST_TARGETS += $(HOST_OUT)/virqbench-report $(HOST_OUT)/virqbench-compare $(HOST_OUT)/virqbench-fleet

$(HOST_OUT)/virqbench-report: $(HOST_OUT)/report/report_main.o $(REPORT_LIB_OBJS) $(REPORT_ANALYSIS_OBJS)
	$(call msg,LD,$@)
	$(Q)$(HOST_CC) -pthread -o $@ $^ -lm

$(HOST_OUT)/virqbench-compare: $(HOST_OUT)/report/compare_main.o $(REPORT_LIB_OBJS) $(REPORT_ANALYSIS_OBJS)
	$(call msg,LD,$@)
	$(Q)$(HOST_CC) -pthread -o $@ $^ -lm

$(HOST_OUT)/virqbench-fleet: $(HOST_OUT)/report/fleet_main.o $(REPORT_LIB_OBJS) $(REPORT_ANALYSIS_OBJS)
	$(call msg,LD,$@)
	$(Q)$(HOST_CC) -pthread -o $@ $^ -lm

$(HOST_OUT)/report/%.o: analysis/report/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(REPORT_CFLAGS) -MMD -MP -c -o $@ $<

-include $(wildcard $(HOST_OUT)/report/*.d)

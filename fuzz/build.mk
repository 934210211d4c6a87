# fuzz/: libFuzzer harnesses, one per input surface, each calling the
# project's own readers (clang -fsanitize=fuzzer,address,undefined).
#
#   make fuzz [FUZZ_SECONDS=N]   every harness N s (default 10): executions and findings
#   make fuzz-check              every harness FUZZ_CHECK_SECONDS s (part of `make check`)
#   make fuzz-bench              FUZZ_BENCH_RUNS (1000000) executions of each fast harness
#   make unit-asan               the unit tests once, built with ASan + UBSan
#
# The objects are the ordinary ones, built again by a sub-make into
# $(BUILD)/fuzz (or $(BUILD)/asan) with HOST_CC set to clang and the
# sanitizers: nothing here repeats another fragment's rules. Seeds are
# generated from the tree's real files (fuzz/seeds.sh) next to the small
# committed ones in fuzz/seeds/, and a finding is kept in
# $(BUILD)/fuzz/findings/<surface>/ (add it to fuzz/seeds/<surface>/
# once fixed: it is then a regression seed).

FUZZ_CLANG ?= clang
FUZZ_SURFACES := spec kv host guest trace perf cell json csv rdir compare fleet replay
# The in-memory and one-file harnesses (over 10000 executions a second
# here; fz-trace splits its file on two threads, about 1000 a second).
FUZZ_FAST := spec kv host guest replay
FUZZ_SECONDS ?= 10
FUZZ_CHECK_SECONDS ?= 2
FUZZ_BENCH_RUNS ?= 1000000
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_OUT := $(BUILD)/fuzz
ASAN_OUT := $(BUILD)/asan

.PHONY: fuzz fuzz-check fuzz-bench fuzz-bins unit-asan

ifeq ($(VQB_SANITIZED),fuzz)
# Inside the sub-make: HOST_OUT is $(FUZZ_OUT)/host, HOST_CC clang with coverage.
FZ_O := $(HOST_OUT)/fuzz
FZ_BPF_OBJS := $(patsubst %,$(BPF_UNIT_OUT)/%.o,$(VIRQTRACE_PURE))
FZ_CFLAGS := $(COMMON_CFLAGS) -D_GNU_SOURCE -Ifuzz -Ilib -Ianalysis -Ianalysis/report -Imatrix -Ibpf

$(FZ_O)/%.o: fuzz/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(FZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FZ_O)/fz_tsv_%.o: fuzz/fz_tsv.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(FZ_CFLAGS) -DFZ_TSV=$(if $(filter host,$*),1,$(if $(filter guest,$*),2,$(if $(filter perf,$*),4,3))) -MMD -MP -c -o $@ $<

$(FZ_O)/fz_compare.o: fuzz/fz_rdir.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(FZ_CFLAGS) -DFZ_COMPARE -MMD -MP -c -o $@ $<

$(FZ_O)/fz_fleet.o: fuzz/fz_rdir.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(FZ_CFLAGS) -DFZ_FLEET -MMD -MP -c -o $@ $<

FZ_LINK = $(call msg,LD,$@); mkdir -p $(@D); $(HOST_CC) -fsanitize=fuzzer -pthread -o $@ $^ -lm
$(FZ_O)/fz-spec: $(FZ_O)/fz_spec.o $(FZ_O)/fz.o $(HOST_OUT)/matrix/spec.o $(BENCH_HOST_OUT)/vfio_devices.o $(LIB_HOST)
	$(Q)$(FZ_LINK)
$(FZ_O)/fz-kv: $(FZ_O)/fz_kv.o $(FZ_O)/fz.o $(LIB_HOST)
	$(Q)$(FZ_LINK)
$(FZ_O)/fz-host $(FZ_O)/fz-guest $(FZ_O)/fz-trace $(FZ_O)/fz-perf: $(FZ_O)/fz-%: $(FZ_O)/fz_tsv_%.o $(FZ_O)/fz.o $(ANALYSIS_LIB_OBJS) $(LIB_HOST)
	$(Q)$(FZ_LINK)
$(FZ_O)/fz-cell: $(FZ_O)/fz_cell.o $(FZ_O)/fz.o $(ANALYSIS_LIB_OBJS) $(LIB_HOST)
	$(Q)$(FZ_LINK)
$(FZ_O)/fz-json $(FZ_O)/fz-csv $(FZ_O)/fz-rdir $(FZ_O)/fz-compare $(FZ_O)/fz-fleet: $(FZ_O)/fz-%: $(FZ_O)/fz_%.o $(FZ_O)/fz.o $(REPORT_LIB_OBJS) $(LIB_HOST)
	$(Q)$(FZ_LINK)
$(FZ_O)/fz-replay: $(FZ_O)/fz_replay.o $(FZ_O)/fz.o $(FZ_BPF_OBJS) $(LIB_HOST)
	$(Q)$(FZ_LINK)

fuzz-bins: $(FUZZ_SURFACES:%=$(FZ_O)/fz-%)

-include $(wildcard $(FZ_O)/*.d)
else
# The outer make: build the sanitized tree, make the seeds, run.
FUZZ_MAKE = $(MAKE) --no-print-directory VQB_SANITIZED=fuzz BUILD=$(FUZZ_OUT) CI= \
	HOST_CC='$(FUZZ_CLANG) -fsanitize=fuzzer-no-link $(FUZZ_SAN)'
FUZZ_RUN = sh fuzz/run.sh $(FUZZ_OUT)/host/fuzz $(FUZZ_OUT)

fuzz-bins:
	$(Q)$(FUZZ_MAKE) fuzz-bins

$(FUZZ_OUT)/seeds.stamp: fuzz/seeds.sh $(HOST_OUT)/virqbench-analyze $(HOST_OUT)/analysis/tools/synth-raw $(wildcard fuzz/seeds/*/*)
	$(call msg,SEEDS,$(FUZZ_OUT)/seeds)
	$(Q)sh fuzz/seeds.sh $(HOST_OUT) $(FUZZ_OUT)/seeds
	$(Q)touch $@

fuzz: fuzz-bins $(FUZZ_OUT)/seeds.stamp
	$(Q)$(FUZZ_RUN) time $(FUZZ_SECONDS) $(FUZZ_SURFACES)

fuzz-check: fuzz-bins $(FUZZ_OUT)/seeds.stamp
	$(Q)FZ_FRESH=1 $(FUZZ_RUN) time $(FUZZ_CHECK_SECONDS) $(FUZZ_SURFACES)

fuzz-bench: fuzz-bins $(FUZZ_OUT)/seeds.stamp
	$(Q)$(FUZZ_RUN) runs $(FUZZ_BENCH_RUNS) $(FUZZ_FAST)

# The unit tests once more, every object built with ASan and UBSan: a
# use-after-free or an undefined shift fails the run, not just a fuzzer.
# Leaks are not checked here (some tests keep what they allocate; the
# fuzzers do check them, per execution).
unit-asan:
	$(Q)ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		$(MAKE) --no-print-directory VQB_SANITIZED=asan BUILD=$(ASAN_OUT) CI= \
		HOST_CC='$(FUZZ_CLANG) $(FUZZ_SAN)' unit
endif

# The lab and the measurements: `make bench` and the lab half of `make check`.

BENCH_SPEC ?= matrix/default.spec

# `make bench -j N`: up to N lab boots at once (virqbench-matrix --jobs N),
# merged in plan order, so the results are a serial run's. GNU make shows -jN
# in MAKEFLAGS only inside a recipe, so this is expanded there; a bare -j
# (no limit) means one boot per CPU. make's jobserver is not used: the
# boots are the matrix's children, not make's. BENCH_JOBS=N says it outright.
bench_jobs_flag = $(filter -j%,$(MAKEFLAGS))
BENCH_JOBS = $(if $(bench_jobs_flag),$(or $(patsubst -j%,%,$(lastword $(bench_jobs_flag))),$(shell nproc)),1)

# The default matrix: every path the host (or the lab's GICv2, v3 and v4)
# supports, busy and wfi. `make bench BENCH_SPEC=my.spec` runs another.
# The build is a sub-make after deps, so that -j never compiles before the
# compilers are installed.
bench: deps
	$(Q)$(MAKE) --no-print-directory build
	$(Q)$(HOST_OUT)/virqbench-matrix --jobs $(BENCH_JOBS) --build $(BUILD) --cache $(CACHE) $(BENCH_SPEC)

# The native path on a real Debian 12 arm64 system: build (once) a server
# image from the package registry, boot it as the lab's emulated ARM server,
# clone HEAD inside and run `make bench` there (lab/server/bench.sh; README,
# "A real arm64 server"). Takes long: a target of its own, not in check.
ARM64_SERVER_SPEC ?= matrix/default.spec
ARM64_SERVER_PORT ?= 10222
arm64-server:
	$(Q)sh lab/server/bench.sh $(CACHE) $(ARM64_SERVER_SPEC) $(ARM64_SERVER_PORT)
.PHONY: arm64-server

# Every lab test runs even if one fails; the target fails if any did.
LAB_TESTS := lr-line faults-midcell paths kernels matrix selfcheck cycles perf nic numa bpf fleet
lab-check: deps build
	$(Q)failed=""; \
	sh tests/lab/lr_line_test.sh $(BUILD) $(CACHE) || failed="$$failed lr-line"; \
	sh tests/lab/faults_midcell_test.sh $(BUILD) $(CACHE) || failed="$$failed faults-midcell"; \
	sh tests/lab/outdisk_test.sh $(BUILD) $(CACHE) || failed="$$failed outdisk"; \
	sh tests/lab/paths_test.sh $(BUILD) $(CACHE) || failed="$$failed paths"; \
	sh tests/lab/kernels_test.sh $(BUILD) $(CACHE) || failed="$$failed kernels"; \
	sh tests/lab/matrix_test.sh $(BUILD) $(CACHE) || failed="$$failed matrix"; \
	sh tests/lab/selfcheck_test.sh $(BUILD) $(CACHE) || failed="$$failed selfcheck"; \
	sh tests/lab/cycles_test.sh $(BUILD) $(CACHE) || failed="$$failed cycles"; \
	sh tests/lab/perf_test.sh $(BUILD) $(CACHE) || failed="$$failed perf"; \
	sh tests/lab/nic_test.sh $(BUILD) $(CACHE) || failed="$$failed nic"; \
	sh tests/lab/numa_test.sh $(BUILD) $(CACHE) || failed="$$failed numa"; \
	$(MAKE) --no-print-directory bpf-lab || failed="$$failed bpf"; \
	sh tests/lab/fleet_test.sh $(BUILD) $(CACHE) || failed="$$failed fleet"; \
	if [ -n "$$failed" ]; then echo "lab-check: failed:$$failed"; exit 1; fi

# Faults in the middle of a cell alone (one boot, about 2 minutes): the
# tracer killed, an exception in the guest agent.
lab-faults-midcell: deps build
	$(Q)sh tests/lab/faults_midcell_test.sh $(BUILD) $(CACHE)

# v4-direct through QEMU 10.0's emulated Intel NICs (e1000e, igb) and edu:
# a vfio_device matrix and one boot with the NICs' own drivers bound first
# (tests/lab/nic_test.sh: 2 boots; lab-check runs it too).
lab-nic: deps build
	$(Q)sh tests/lab/nic_test.sh $(BUILD) $(CACHE)

# The fleet alone: the playbook's syntax and its localhost run, a two-host
# page, the CI jobs (doc/fleet.md, doc/ci.md).
lab-fleet: deps build
	$(Q)sh tests/lab/fleet_test.sh $(BUILD) $(CACHE)
# The same playbook over SSH to the emulated arm64 server (make arm64-server's
# image) and this machine: slow, not part of lab-check.
lab-fleet-server: deps build
	$(Q)sh tests/lab/fleet_server_test.sh $(BUILD) $(CACHE)
.PHONY: lab-fleet lab-fleet-server

# The self-check alone: an A/A pair and two known delays, compared (README,
# "Checking the suite on your host").
lab-selfcheck: deps build
	$(Q)sh tests/lab/selfcheck_test.sh $(BUILD) $(CACHE)

# Every path the lab supports, on each lab GIC, once; the table goes into the
# README between its markers. Lab times are emulation times: read the ratios.
bench-paths: deps build
	$(Q)id=paths-$$(date -u +%Y%m%d-%H%M%S); \
	$(HOST_OUT)/virqbench-matrix --build $(BUILD) --cache $(CACHE) --id $$id matrix/paths.spec && \
	sh lab/paths-table.sh results/$$id > $(BUILD)/paths-table.md && \
	cat $(BUILD)/paths-table.md && \
	sh lab/readme-table.sh README.md paths $(BUILD)/paths-table.md \
		"make bench-paths ($$id, $$(date -u +%F))"

# -j's and the NUMA placement's lab tests (README, "Where bench/'s threads
# run"; doc/matrix-spec.md, "Boots side by side"): 4 boots, and one of a
# 2-node lab.
lab-jobs: deps build
	$(Q)sh tests/lab/jobs_test.sh $(BUILD) $(CACHE)
lab-numa: deps build
	$(Q)sh tests/lab/numa_test.sh $(BUILD) $(CACHE)
.PHONY: lab-jobs lab-numa

# Every figure and table of the README from one current run, each block
# with the command and date that made it (analysis/report/readme-figures.sh).
README_SPEC ?= matrix/default.spec
readme-figures: deps build
	$(Q)id=readme-$$(date -u +%Y%m%d-%H%M%S); \
	$(HOST_OUT)/virqbench-matrix --build $(BUILD) --cache $(CACHE) --id $$id $(README_SPEC) && \
	sh analysis/report/readme-figures.sh results/$$id README.md \
		"make readme-figures ($$id, $$(date -u +%F))"

# Tracing's own cost: per path, median total traced / untraced over rounds,
# with the rounds' noise and a verdict against 3 %, and each BPF program's
# cost per event (kernel.bpf_stats via an fd). The tables are printed by
# analysing the raw run again, kept in results/ID/raw (a lab run's lab.kv
# brings its clock tolerance along).
bench-trace-cost: deps build
	$(Q)id=trace-cost-$$(date -u +%Y%m%d-%H%M%S); \
	$(HOST_OUT)/virqbench-matrix --build $(BUILD) --cache $(CACHE) --id $$id matrix/trace-cost.spec && \
	$(HOST_OUT)/virqbench-analyze --no-report results/$$id/raw $(BUILD)/trace-cost-view
.PHONY: readme-figures lab-nic

# The soak: SOAK_COUNT interrupts on each of SOAK_PATHS, one lab boot (GICv
# SOAK_GIC) per path, every interrupt accounted for and the tracer's, bench/'s
# and the analysis' memory printed at the start, middle and end (flat). At
# TCG speed a million interrupts take hours a path (README "Scale"):
# `make soak SOAK_COUNT=20000 SOAK_PATHS=lr-line` is minutes.
SOAK_COUNT ?= 1000000
SOAK_PATHS ?= soft-vi lr-line lr-irqfd lr-msi sgi vtimer vmm-mmio vmm-ioeventfd
SOAK_GIC ?= 3
# The lab's time limit per boot: generous, at the lab's slowest rate.
SOAK_TIMEOUT_S ?= $$(( $(SOAK_COUNT) / 20 + 600 ))
.PHONY: soak
soak: deps build $(ANALYSIS_TOOLS)
	$(Q)sh lab/soak.sh $(BUILD) $(CACHE) $(SOAK_COUNT) $(SOAK_GIC) $(SOAK_TIMEOUT_S) $(SOAK_PATHS)

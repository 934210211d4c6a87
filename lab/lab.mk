# The lab and the measurements: `make bench` and the lab half of `make check`.

BENCH_SPEC ?= matrix/default.spec

# The default matrix: every path the host (or the lab's GICv2, v3 and v4)
# supports, busy and wfi. `make bench BENCH_SPEC=my.spec` runs another.
bench: deps build
	$(Q)$(HOST_OUT)/virqbench-matrix --build $(BUILD) --cache $(CACHE) $(BENCH_SPEC)

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
LAB_TESTS := lr-line paths kernels matrix selfcheck bpf
lab-check: deps build
	$(Q)failed=""; \
	sh tests/lab/lr_line_test.sh $(BUILD) $(CACHE) || failed="$$failed lr-line"; \
	sh tests/lab/paths_test.sh $(BUILD) $(CACHE) || failed="$$failed paths"; \
	sh tests/lab/kernels_test.sh $(BUILD) $(CACHE) || failed="$$failed kernels"; \
	sh tests/lab/matrix_test.sh $(BUILD) $(CACHE) || failed="$$failed matrix"; \
	sh tests/lab/selfcheck_test.sh $(BUILD) $(CACHE) || failed="$$failed selfcheck"; \
	$(MAKE) --no-print-directory bpf-lab || failed="$$failed bpf"; \
	if [ -n "$$failed" ]; then echo "lab-check: failed:$$failed"; exit 1; fi

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
.PHONY: readme-figures

# The lab and the measurements: `make bench` and the lab half of `make check`.

BENCH_COUNT ?= 1000
BENCH_GIC   ?= 3

# The default measurement: lr-line on a GICv3 host, busy guest.
bench: deps build
	$(Q)out=$$(sh lab/measure.sh --gic $(BENCH_GIC) --build $(BUILD) --cache $(CACHE) \
		-- --path lr-line --count $(BENCH_COUNT)) ; rc=$$? ; \
	if [ -n "$$out" ] && [ -d "$$out" ]; then \
		echo; echo "report: $$out (summary.csv, summary.json, cdf_total.png)"; fi; \
	exit $$rc

lab-check: deps build
	$(Q)sh tests/lab/lr_line_test.sh $(BUILD) $(CACHE)

# Every path the lab supports, on each lab GIC, once; the table goes into the
# README between its markers. Lab times are emulation times: read the ratios.
PATHS_COUNT ?= 500
bench-paths: deps build
	$(Q)id=paths-$$(date -u +%Y%m%d-%H%M%S); dirs=""; \
	for g in 2 3 4; do \
		sh lab/measure.sh --gic $$g --build $(BUILD) --cache $(CACHE) --id $$id-v$$g \
			-- --path all --state all --count $(PATHS_COUNT) >/dev/null; \
		dirs="$$dirs results/$$id-v$$g"; \
	done; \
	sh lab/paths-table.sh $$dirs > $(BUILD)/paths-table.md; \
	cat $(BUILD)/paths-table.md; \
	sh lab/readme-table.sh README.md paths $(BUILD)/paths-table.md \
		"make bench-paths PATHS_COUNT=$(PATHS_COUNT) ($$id, $$(date -u +%F))"

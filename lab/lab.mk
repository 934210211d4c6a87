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

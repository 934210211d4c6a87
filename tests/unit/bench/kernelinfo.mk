# bench/kernelinfo.c, pure text parsing, built for the host and tested on
# Debian's 6.1 and 6.12 kernels' own strings. A binary of its own until
# bench/'s unit tests (tests/unit/bench/) have one runner for all.
KI_UNIT_OUT := $(HOST_OUT)/kernelinfo-unit
KI_UNIT_CFLAGS := $(COMMON_CFLAGS) -D_GNU_SOURCE -Ibench -Ilib -Itests/unit

$(KI_UNIT_OUT)/kernelinfo.o: bench/kernelinfo.c
	@mkdir -p $(@D)
	$(call msg,CC,$@)
	$(Q)$(HOST_CC) $(KI_UNIT_CFLAGS) -MMD -MP -c -o $@ $<

$(KI_UNIT_OUT)/test_kernelinfo.o: tests/unit/bench/test_kernelinfo.c
	@mkdir -p $(@D)
	$(call msg,CC,$@)
	$(Q)$(HOST_CC) $(KI_UNIT_CFLAGS) -DKERNELINFO_MAIN -MMD -MP -c -o $@ $<

$(HOST_OUT)/kernelinfo-tests: $(KI_UNIT_OUT)/kernelinfo.o $(KI_UNIT_OUT)/test_kernelinfo.o \
		$(HOST_OUT)/tests/unit/check.o $(LIB_HOST)
	$(call msg,LD,$@)
	$(Q)$(HOST_CC) -o $@ $^

.PHONY: kernelinfo-unit
kernelinfo-unit: $(HOST_OUT)/kernelinfo-tests
	$(Q)$(HOST_OUT)/kernelinfo-tests

unit: kernelinfo-unit
-include $(wildcard $(KI_UNIT_OUT)/*.d)

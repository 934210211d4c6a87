# tests/unit/: host-native unit tests of analysis/ (and whatever else is not
# KVM). One binary, its own tiny runner; `make unit` builds and runs it.

UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_OBJS := $(UNIT_SRCS:tests/unit/%.c=$(HOST_OUT)/tests/unit/%.o)

$(HOST_OUT)/unit-tests: $(UNIT_OBJS) $(ANALYSIS_LIB_OBJS) $(LIB_HOST)
	$(call msg,LD,$@)
	$(Q)$(HOST_CC) -pthread -o $@ $^

$(HOST_OUT)/tests/unit/%.o: tests/unit/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(ANALYSIS_CFLAGS) -Itests/unit -MMD -MP -c -o $@ $<

unit: $(HOST_OUT)/unit-tests
	$(Q)$(HOST_OUT)/unit-tests

-include $(wildcard $(HOST_OUT)/tests/unit/*.d)

# bench/ pure parts tested on the host (see the fragment).
-include tests/unit/bench/kernelinfo.mk

# virqbench: one Makefile; each directory contributes a build.mk fragment.
#
#   make bench   install what is missing, build, run the default measurement
#                (natively on an arm64 host with /dev/kvm, else in the lab)
#   make check   install what is missing, build, unit tests (also under ASan/UBSan),
#                a few seconds of every fuzzer, lab integration test
#   make fuzz    the fuzzers (FUZZ_SECONDS=N each); fuzz-bench: 1M executions each
#   make V=1     show the commands
#
# Outputs go to $(BUILD) (ignored): $(ARM_OUT) for the aarch64 side that runs
# on the ARM host (bench, tracer, guest agent), $(HOST_OUT) for the analysis
# and tests that run where make runs.

.DELETE_ON_ERROR:
.SUFFIXES:
SHELL := /bin/sh

BUILD    ?= build
HOST_OUT := $(BUILD)/host
ARM_OUT  := $(BUILD)/arm64
CACHE    ?= cache

HOST_ARCH := $(shell uname -m)
ifeq ($(HOST_ARCH),aarch64)
CROSS_COMPILE ?=
else
CROSS_COMPILE ?= aarch64-linux-gnu-
endif

HOST_CC  ?= gcc
ARM_CC   := $(CROSS_COMPILE)gcc
ARM_LD   := $(CROSS_COMPILE)ld
ARM_OBJCOPY := $(CROSS_COMPILE)objcopy
CLANG    ?= clang
BPFTOOL  ?= $(shell command -v bpftool 2>/dev/null || echo /usr/sbin/bpftool)

VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
ifeq ($(CI),true)
WARN += -Werror
endif
COMMON_CFLAGS := -std=gnu11 -O2 -g $(WARN) -Iinclude -DVQB_VERSION='"$(VERSION)"'

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-8s %s\n' $(1) $(2)
endif

.PHONY: all deps build bench check unit lab-check lab-selfcheck lab-faults-midcell clean distclean
all: build

# Every entry point first makes sure the machine has what the suite needs.
deps:
	$(Q)sh lab/install-deps.sh

include lib/build.mk
include guest-agent/build.mk
include bpf/build.mk
include bench/build.mk
include analysis/build.mk
-include analysis/report/build.mk
include matrix/build.mk
include tests/unit/build.mk
include lab/lab.mk
include fuzz/build.mk

build: $(ARM_TARGETS) $(HOST_TARGETS)

# Unit tests first: they take seconds, the lab takes minutes. Then the
# same tests under ASan/UBSan and every fuzzer for a few seconds (fuzz/).
check: deps build
	$(Q)$(MAKE) --no-print-directory unit
	$(Q)$(MAKE) --no-print-directory unit-asan
	$(Q)$(MAKE) --no-print-directory fuzz-check
	$(Q)$(MAKE) --no-print-directory agent-selftest-run
	$(Q)$(MAKE) --no-print-directory lab-check

clean:
	rm -rf $(BUILD)

# Also drops the downloaded kernel and the lab's images.
distclean: clean
	rm -rf $(CACHE)

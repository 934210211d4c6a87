# lib/: the shared layer. Leaf code that more than one program needs, written
# once: allocation and strings, strict numbers, diagnostics (each program
# names itself), kv reading and writing, TSV reading, the JSON writer,
# output files, order statistics, exit classes, timestamps, directories,
# running gnuplot. It depends on libc alone and knows nothing of
# any stage; every stage's build fragment links one of the two archives
# below instead of compiling another directory's sources.
#
#   $(HOST_OUT)/libvqb.a   for the programs and tests that run where make runs
#   $(ARM_OUT)/libvqb.a    for bench/ and bpf/, which run on the ARM host

LIB_MODULES := util num diag kv tsv json outfile stats exit_class timefmt fsutil
# The path catalogue's lookups (include/virqbench/paths.h).
LIB_MODULES += path_catalogue
# Student's t, for intervals over rounds.
LIB_MODULES += tdist
# trace.tsv: the one row writer and parser, header/trailer notes, the injection decoder.
LIB_MODULES += trace_row trace_note
# Readers refuse special files (rfile); outputs staged and renamed whole
# (stagedir); bounded-memory percentiles for huge cells (hdrhist).
LIB_MODULES += rfile stagedir hdrhist
LIB_CFLAGS := -D_GNU_SOURCE -Ilib
LIB_HOST := $(HOST_OUT)/libvqb.a
LIB_ARM := $(ARM_OUT)/libvqb.a
# The kv writer (kvout), running gnuplot.
LIB_MODULES += kvout gnuplot
# A process's VmRSS: bench/'s record of the tracer, the analysis' own (scale).
LIB_MODULES += vmrss
LIB_HOST_OBJS := $(LIB_MODULES:%=$(HOST_OUT)/lib/%.o)
LIB_ARM_OBJS := $(LIB_MODULES:%=$(ARM_OUT)/lib/%.o)

$(HOST_OUT)/lib/%.o: lib/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(COMMON_CFLAGS) $(LIB_CFLAGS) -MMD -MP -c -o $@ $<

$(ARM_OUT)/lib/%.o: lib/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(ARM_CC) $(COMMON_CFLAGS) $(LIB_CFLAGS) -MMD -MP -c -o $@ $<

$(LIB_HOST): $(LIB_HOST_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(LIB_ARM): $(LIB_ARM_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(CROSS_COMPILE)ar rcs $@ $^

-include $(LIB_HOST_OBJS:.o=.d) $(LIB_ARM_OBJS:.o=.d)

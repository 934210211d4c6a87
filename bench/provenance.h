/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What changes the numbers on this host, recorded in run.kv beside
 * hostinfo's GIC and hyp mode (doc/results-format.md, provenance):
 *
 *   cpu_model, midr    the CPU (MIDR_EL1 from sysfs, else composed from
 *                      /proc/cpuinfo's implementer/variant/part/revision)
 *   ncpus              CPUs online
 *   cpufreq_governor, cpufreq_cur_khz, cpufreq_max_khz   cpu0's, or "none"
 *   smt                /sys/devices/system/cpu/smt/control, or "unknown"
 *   vulnerabilities    every /sys/devices/system/cpu/vulnerabilities/NAME
 *                      as "NAME: state; ..." (Spectre-BHB moved N1 by 2-8 %)
 *   preempt_model      PREEMPT_RT, PREEMPT_DYNAMIC, PREEMPT or none, from
 *                      uname -v (and a preempt= on the command line)
 *   isolcpus, nohz_full   the isolated and nohz_full CPUs, or "none"
 *
 * A file that is not there leaves "unknown" (or "none" where its absence
 * means that): nothing here fails a run.
 */
#ifndef BENCH_PROVENANCE_H
#define BENCH_PROVENANCE_H

#include <stddef.h>
#include <stdint.h>

struct kv_out;

/* root: "" for the live system; a directory standing for / in tests. */
void provenance_to_kv(struct kv_out *kv, const char *root);

/* "Neoverse-N1", ... from a MIDR value; NULL when the part is not known. */
const char *midr_part_name(uint64_t midr);
/* The preemption model from uname -v's text and the kernel command line. */
const char *preempt_model(const char *uname_version, const char *cmdline);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* A process's resident memory, as /proc/PID/status says it (VmRSS). */
#ifndef VQB_VMRSS_H
#define VQB_VMRSS_H

#include <sys/types.h>

/* VmRSS in KiB of pid (0: this process), or -1 when it cannot be read. */
long vmrss_kib(pid_t pid);

#endif

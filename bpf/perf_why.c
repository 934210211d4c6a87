// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perf_why.h"

void perf_why(char *buf, size_t size, const char *what, int err, int hardware,
	      int paranoid)
{
	char par[64] = "";

	if (paranoid != PERF_PARANOID_UNKNOWN)
		snprintf(par, sizeof(par), "kernel.perf_event_paranoid is %d", paranoid);
	switch (-err) {
	case EACCES:
	case EPERM:
		/*
		 * Counting kernel events needs paranoid <= 1 without
		 * CAP_PERFMON; Debian's 3 refuses every perf_event_open().
		 * With a permissive setting the refusal is someone else's.
		 */
		if (paranoid == PERF_PARANOID_UNKNOWN || paranoid > 1)
			snprintf(buf, size, "%s: perf_event_open: %s: perf_event_paranoid too strict (%s): run as root or with CAP_PERFMON, or sysctl kernel.perf_event_paranoid=1",
				 what, strerror(-err), *par ? par : "kernel.perf_event_paranoid unreadable");
		else
			snprintf(buf, size, "%s: perf_event_open: %s although %s: a seccomp filter or an LSM refuses it (a container's default seccomp profile does)",
				 what, strerror(-err), par);
		return;
	case ENOENT:
	case EOPNOTSUPP:
		if (hardware == 2)
			snprintf(buf, size, "%s: perf_event_open: %s: no PMU: the kernel has no hardware PMU for this CPU (a VM without a vPMU; QEMU -cpu ...,pmu=off)",
				 what, strerror(-err));
		else if (hardware)
			snprintf(buf, size, "%s: perf_event_open: %s: the PMU has no such event (QEMU's TCG PMU counts no instructions without icount)",
				 what, strerror(-err));
		else
			snprintf(buf, size, "%s: perf_event_open: %s: the kernel has no such tracepoint for perf (CONFIG_EVENT_TRACING?)",
				 what, strerror(-err));
		return;
	case ENODEV:
		snprintf(buf, size, "%s: perf_event_open: %s: no PMU (the CPU or the VM has none)",
			 what, strerror(-err));
		return;
	case ENOSYS:
		snprintf(buf, size, "%s: perf_event_open: %s: a kernel without perf events (CONFIG_PERF_EVENTS)",
			 what, strerror(-err));
		return;
	case EMFILE:
	case ENFILE:
		snprintf(buf, size, "%s: perf_event_open: %s: raise the open-file limit (ulimit -n)",
			 what, strerror(-err));
		return;
	case ESRCH:
		snprintf(buf, size, "%s: perf_event_open: %s: the thread exited before it was counted",
			 what, strerror(-err));
		return;
	default:
		snprintf(buf, size, "%s: perf_event_open: %s", what, strerror(-err));
	}
}

int perf_has_pmu(void)
{
	/* The kernel's own sources of events; anything else is a PMU's. */
	static const char *const soft[] = { ".", "..", "software", "tracepoint", "breakpoint",
					    "kprobe", "uprobe", "cpu_clock", "task_clock" };
	DIR *d = opendir("/sys/bus/event_source/devices");
	struct dirent *de;
	int r = 2;

	if (!d)
		return 1;	/* cannot tell: do not claim there is none */
	while (r == 2 && (de = readdir(d))) {
		size_t i;

		for (i = 0; i < sizeof(soft) / sizeof(soft[0]); i++)
			if (!strcmp(de->d_name, soft[i]))
				break;
		if (i == sizeof(soft) / sizeof(soft[0]))
			r = 1;
	}
	closedir(d);
	return r;
}

int perf_paranoid(void)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "re");
	int v;

	if (!f)
		return PERF_PARANOID_UNKNOWN;
	if (fscanf(f, "%d", &v) != 1)
		v = PERF_PARANOID_UNKNOWN;
	fclose(f);
	return v;
}

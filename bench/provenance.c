// SPDX-License-Identifier: GPL-2.0
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "kvout.h"
#include "provenance.h"

/* The first line of root/path, trailing newline cut; "" when unreadable. */
static void read_first(const char *root, const char *path, char *buf, size_t size)
{
	char p[4096];
	FILE *f;

	buf[0] = '\0';
	snprintf(p, sizeof(p), "%s%s", root, path);
	f = fopen(p, "r");
	if (!f)
		return;
	if (!fgets(buf, (int)size, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

static const struct {
	unsigned impl, part;
	const char *name;
} parts[] = {
	{ 0x41, 0xd03, "Cortex-A53" }, { 0x41, 0xd05, "Cortex-A55" },
	{ 0x41, 0xd07, "Cortex-A57" }, { 0x41, 0xd08, "Cortex-A72" },
	{ 0x41, 0xd0b, "Cortex-A76" }, { 0x41, 0xd0c, "Neoverse-N1" },
	{ 0x41, 0xd40, "Neoverse-V1" }, { 0x41, 0xd49, "Neoverse-N2" },
	{ 0x41, 0xd4f, "Neoverse-V2" }, { 0x41, 0xd8e, "Neoverse-N3" },
	{ 0x41, 0xd84, "Neoverse-V3" }, { 0x48, 0xd01, "Kunpeng-920 (TSV110)" },
	{ 0xc0, 0xac3, "AmpereOne" }, { 0x61, 0x022, "Apple M1 Icestorm" },
	{ 0x00, 0x051, "QEMU -cpu max" },
};

const char *midr_part_name(uint64_t midr)
{
	unsigned impl = (unsigned)(midr >> 24 & 0xff), part = (unsigned)(midr >> 4 & 0xfff);
	size_t i;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (parts[i].impl == impl && parts[i].part == part)
			return parts[i].name;
	return NULL;
}

const char *preempt_model(const char *v, const char *cmdline)
{
	const char *p = cmdline ? strstr(cmdline, "preempt=") : NULL;

	if (v && strstr(v, "PREEMPT_RT"))
		return "PREEMPT_RT";
	if (v && strstr(v, "PREEMPT_DYNAMIC")) {
		if (p && !strncmp(p + 8, "full", 4))
			return "PREEMPT_DYNAMIC (preempt=full)";
		if (p && !strncmp(p + 8, "voluntary", 9))
			return "PREEMPT_DYNAMIC (preempt=voluntary)";
		if (p && !strncmp(p + 8, "none", 4))
			return "PREEMPT_DYNAMIC (preempt=none)";
		return "PREEMPT_DYNAMIC (its boot default)";
	}
	if (v && strstr(v, "PREEMPT"))
		return "PREEMPT";
	return "none or voluntary (uname -v names no PREEMPT)";
}

/* /proc/cpuinfo's "key : value" for the first CPU that has it. */
static int cpuinfo_u(const char *root, const char *key, unsigned long *out)
{
	char p[4096], line[512];
	size_t kl = strlen(key);
	FILE *f;
	int r = -1;

	snprintf(p, sizeof(p), "%s/proc/cpuinfo", root);
	f = fopen(p, "r");
	if (!f)
		return -1;
	while (r && fgets(line, sizeof(line), f)) {
		char *c = strchr(line, ':');

		if (strncmp(line, key, kl) || !c || (line[kl] != ' ' && line[kl] != '\t' && line[kl] != ':'))
			continue;
		*out = strtoul(c + 1, NULL, 0);
		r = 0;
	}
	fclose(f);
	return r;
}

static void cpuinfo_str(const char *root, const char *key, char *buf, size_t size)
{
	char p[4096], line[512];
	size_t kl = strlen(key);
	FILE *f;

	buf[0] = '\0';
	snprintf(p, sizeof(p), "%s/proc/cpuinfo", root);
	f = fopen(p, "r");
	if (!f)
		return;
	while (!buf[0] && fgets(line, sizeof(line), f)) {
		char *c = strchr(line, ':');

		if (strncmp(line, key, kl) || !c)
			continue;
		c++;
		c += strspn(c, " \t");
		snprintf(buf, size, "%s", c);
		buf[strcspn(buf, "\n")] = '\0';
	}
	fclose(f);
}

static void cpu(struct kv_out *kv, const char *root)
{
	char buf[256];
	unsigned long impl, var, part, rev;
	uint64_t midr = 0;
	int have = 0;
	const char *name;

	read_first(root, "/sys/devices/system/cpu/cpu0/regs/identification/midr_el1", buf, sizeof(buf));
	if (buf[0]) {
		midr = strtoull(buf, NULL, 0);
		have = 1;
	} else if (!cpuinfo_u(root, "CPU implementer", &impl) && !cpuinfo_u(root, "CPU part", &part)) {
		if (cpuinfo_u(root, "CPU variant", &var))
			var = 0;
		if (cpuinfo_u(root, "CPU revision", &rev))
			rev = 0;
		/* Architecture field 0xf: "defined by CPUID scheme", as every ARMv8 CPU has. */
		midr = (uint64_t)impl << 24 | (uint64_t)(var & 0xf) << 20 | 0xfull << 16 |
		       (uint64_t)(part & 0xfff) << 4 | (rev & 0xf);
		have = 1;
	}
	if (have) {
		kvo_set(kv, "midr", "0x%08llx", (unsigned long long)midr);
		name = midr_part_name(midr);
		if (name)
			kvo_set(kv, "cpu_model", "%s", name);
		else
			kvo_set(kv, "cpu_model", "implementer 0x%02llx part 0x%03llx",
				(unsigned long long)(midr >> 24 & 0xff),
				(unsigned long long)(midr >> 4 & 0xfff));
		return;
	}
	cpuinfo_str(root, "model name", buf, sizeof(buf));
	kvo_set(kv, "midr", "unknown");
	kvo_set(kv, "cpu_model", "%s", buf[0] ? buf : "unknown");
}

/* "0-3,8" -> 5 */
static long count_cpus(const char *list)
{
	long n = 0;
	const char *p = list;

	while (*p) {
		char *e;
		long a = strtol(p, &e, 10), b = a;

		if (e == p)
			break;
		if (*e == '-')
			b = strtol(e + 1, &e, 10);
		n += b - a + 1;
		p = *e == ',' ? e + 1 : e;
		if (!*e || *e == '\n')
			break;
	}
	return n;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void vulnerabilities(struct kv_out *kv, const char *root)
{
	char dir[4096], buf[256], *out = NULL, *names[64];
	size_t n = 0, len = 0, i;
	struct dirent *d;
	DIR *dh;

	snprintf(dir, sizeof(dir), "%s/sys/devices/system/cpu/vulnerabilities", root);
	dh = opendir(dir);
	if (!dh) {
		kvo_set(kv, "vulnerabilities", "unknown");
		return;
	}
	while ((d = readdir(dh)) && n < 64)
		if (d->d_name[0] != '.')
			names[n++] = strdup(d->d_name);
	closedir(dh);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n; i++) {
		char p[4400], *t;

		snprintf(p, sizeof(p), "/sys/devices/system/cpu/vulnerabilities/%s", names[i]);
		read_first(root, p, buf, sizeof(buf));
		if (asprintf(&t, "%s%s%s: %s", out ? out : "", len ? "; " : "", names[i],
			     buf[0] ? buf : "?") >= 0) {
			free(out);
			out = t;
			len = strlen(out);
		}
		free(names[i]);
	}
	kvo_set(kv, "vulnerabilities", "%s", out ? out : "none listed");
	free(out);
}

void provenance_to_kv(struct kv_out *kv, const char *root)
{
	char buf[1024], cmd[4096];
	struct utsname u;

	cpu(kv, root);
	read_first(root, "/sys/devices/system/cpu/online", buf, sizeof(buf));
	if (buf[0])
		kvo_set(kv, "ncpus", "%ld", count_cpus(buf));
	else
		kvo_set(kv, "ncpus", "unknown");
	read_first(root, "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", buf, sizeof(buf));
	kvo_set(kv, "cpufreq_governor", "%s", buf[0] ? buf : "none (no cpufreq driver)");
	read_first(root, "/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq", buf, sizeof(buf));
	kvo_set(kv, "cpufreq_cur_khz", "%s", buf[0] ? buf : "unknown");
	read_first(root, "/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", buf, sizeof(buf));
	kvo_set(kv, "cpufreq_max_khz", "%s", buf[0] ? buf : "unknown");
	read_first(root, "/sys/devices/system/cpu/smt/control", buf, sizeof(buf));
	kvo_set(kv, "smt", "%s", buf[0] ? buf : "unknown (no smt/control)");
	vulnerabilities(kv, root);
	read_first(root, "/proc/cmdline", cmd, sizeof(cmd));
	if (*root) {
		read_first(root, "/proc/sys/kernel/version", buf, sizeof(buf));
	} else if (!uname(&u)) {
		snprintf(buf, sizeof(buf), "%s", u.version);
	} else {
		buf[0] = '\0';
	}
	kvo_set(kv, "preempt_model", "%s", preempt_model(buf, cmd));
	read_first(root, "/sys/devices/system/cpu/isolated", buf, sizeof(buf));
	kvo_set(kv, "isolcpus", "%s", buf[0] ? buf : "none");
	read_first(root, "/sys/devices/system/cpu/nohz_full", buf, sizeof(buf));
	kvo_set(kv, "nohz_full", "%s", buf[0] && strcmp(buf, "(null)") ? buf : "none");
}

// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"

void argv_add(struct argv_buf *a, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (a->n >= ARGV_MAX) {
		fprintf(stderr, "virqbench-matrix: more than %d arguments\n", ARGV_MAX);
		exit(1);
	}
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s) {
		fprintf(stderr, "virqbench-matrix: out of memory\n");
		exit(1);
	}
	a->v[a->n++] = s;
	a->v[a->n] = NULL;
}

void argv_free(struct argv_buf *a)
{
	for (int i = 0; i < a->n; i++)
		free(a->v[i]);
	a->n = 0;
	a->v[0] = NULL;
}

/* A spec's list, as virqbench's comma-separated option value. */
static void add_list(struct argv_buf *a, const char *opt, const char *items, size_t stride,
		     int n)
{
	char buf[512] = "";
	size_t len = 0;

	for (int i = 0; i < n && len < sizeof(buf); i++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? "," : "",
				items + i * stride);
	argv_add(a, "%s", opt);
	argv_add(a, "%s", buf);
}

static void add_num(struct argv_buf *a, const char *opt, long v)
{
	argv_add(a, "%s", opt);
	argv_add(a, "%ld", v);
}

void argv_run_args(struct argv_buf *a, const struct spec *s)
{
	argv_add(a, "run");
	add_list(a, "--path", s->paths[0], sizeof(s->paths[0]), s->npaths);
	add_list(a, "--state", s->states[0], sizeof(s->states[0]), s->nstates);
	add_num(a, "--count", s->count);
	add_num(a, "--gap-us", s->gap_us);
	argv_add(a, "--trace");
	argv_add(a, "%s", s->trace);
	if (s->vcpu_cpu != SPEC_CPU_AUTO)
		add_num(a, "--vcpu-cpu", s->vcpu_cpu);
	if (s->injector_cpu != SPEC_CPU_AUTO)
		add_num(a, "--injector-cpu", s->injector_cpu);
	if (s->nnumas)
		add_list(a, "--numa", s->numas[0], sizeof(s->numas[0]), s->nnumas);
	add_num(a, "--cell-timeout-s", s->cell_timeout_s);
	add_num(a, "--warmup", s->warmup);
	if (s->delay_point[0]) {
		argv_add(a, "--delay");
		argv_add(a, "%s:%ld", s->delay_point, s->delay_ns);
	}
	if (s->bpf_stats)
		argv_add(a, "--bpf-stats");
	add_num(a, "--rounds", s->rounds);
	if (s->contend)
		argv_add(a, "--contend");
	if (s->ndevices)
		add_list(a, "--vfio-device", s->devices[0], sizeof(s->devices[0]), s->ndevices);
	if (strcmp(s->guest_cycles, "off")) {
		argv_add(a, "--guest-cycles");
		argv_add(a, "%s", s->guest_cycles);
	}
}

void argv_quote(int argc, char *const argv[], char *buf, size_t size)
{
	static const char plain_chars[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%";
	size_t n = 0;

	if (!size)
		return;
	buf[0] = '\0';
	for (int i = 0; i < argc && n < size; i++) {
		const char *a = argv[i];
		int plain = *a && strspn(a, plain_chars) == strlen(a);

		n += snprintf(buf + n, size - n, "%s%s", i ? " " : "", plain ? a : "'");
		if (plain)
			continue;
		for (const char *p = a; *p && n < size; p++)
			n += snprintf(buf + n, size - n, *p == '\'' ? "'\\''" : "%c", *p);
		if (n < size)
			n += snprintf(buf + n, size - n, "'");
	}
}

// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "path_catalogue.h"
#include "rfile.h"
#include "spec.h"
#include "vfio_devices.h"

/* The catalogue's path names, in its order ("all" runs them so). */
static int known_paths(const char **names, int max)
{
	int n = 0;

	for (size_t i = 0; catalogue_at(i) && n < max; i++)
		names[n++] = catalogue_at(i)->name;
	return n;
}

void spec_defaults(struct spec *s)
{
	memset(s, 0, sizeof(*s));
	s->ngics = 1;
	strcpy(s->gics[0], "3");
	s->nhyps = 1;
	strcpy(s->hyps[0], "vhe");
	s->nkernels = 1;
	strcpy(s->kernels[0], "6.1");
	s->nqemus = 1;
	strcpy(s->qemus[0], "7.2");
	s->npaths = 1;
	snprintf(s->paths[0], sizeof(s->paths[0]), "%s", catalogue_by_id(VQB_PATH_DEFAULT)->name);
	s->nstates = 1;
	strcpy(s->states[0], "busy");
	s->count = 1000;
	strcpy(s->trace, "on");
	strcpy(s->guest_cycles, "off");
	s->vcpu_cpu = SPEC_CPU_AUTO;
	s->injector_cpu = SPEC_CPU_AUTO;
	s->cell_timeout_s = 300;
	s->boot_timeout_s = 1800;
	s->rounds = 1;
	s->warmup = 10;
	s->hist_bucket_us = 1;
}

struct ctx {
	const char *name;
	int line;
	char *err;
	size_t errlen;
};

static int fail(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct ctx *c, const char *fmt, ...)
{
	int n = snprintf(c->err, c->errlen, "%s:%d: ", c->name, c->line);
	va_list ap;

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < c->errlen)
		vsnprintf(c->err + n, c->errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

static int one_of(const char *v, const char *const *set, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(v, set[i]))
			return 1;
	return 0;
}

static void join(const char *const *set, int n, char *buf, size_t size)
{
	buf[0] = '\0';
	for (int i = 0; i < n; i++)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", i ? ", " : "", set[i]);
}

/* A list setting: each value must be one of `set`; "all" means all of them. */
static int parse_list(struct ctx *c, const char *key, char **vals, int nvals,
		      const char *const *set, int nset, char *out, int item_size, int *nout)
{
	char expected[256];

	join(set, nset, expected, sizeof(expected));
	if (nvals == 1 && !strcmp(vals[0], "all")) {
		for (int i = 0; i < nset; i++)
			snprintf(out + i * item_size, item_size, "%s", set[i]);
		*nout = nset;
		return 0;
	}
	if (nvals > SPEC_MAX_ITEMS)
		return fail(c, "'%s' takes at most %d values", key, SPEC_MAX_ITEMS);
	for (int i = 0; i < nvals; i++) {
		if (!one_of(vals[i], set, nset))
			return fail(c, "'%s': unknown value '%s' (expected one or more of: %s, or all)",
				    key, vals[i], expected);
		for (int j = 0; j < i; j++)
			if (!strcmp(vals[i], vals[j]))
				return fail(c, "'%s': '%s' is named twice", key, vals[i]);
		snprintf(out + i * item_size, item_size, "%s", vals[i]);
	}
	*nout = nvals;
	return 0;
}

static int parse_num(struct ctx *c, const char *key, char **vals, int nvals, long min, long max,
		     long *out)
{
	char *end;
	long v;

	if (nvals != 1)
		return fail(c, "'%s' takes one number (expected a whole number from %ld to %ld)", key,
			    min, max);
	errno = 0;
	v = strtol(vals[0], &end, 10);
	if (errno || end == vals[0] || *end || v < min || v > max)
		return fail(c, "'%s': '%s' is not a whole number from %ld to %ld", key, vals[0], min,
			    max);
	*out = v;
	return 0;
}

static const char *const keys[] = {
	"gic", "hyp", "path", "state", "count", "gap_us", "trace", "vcpu_cpu", "injector_cpu",
	"cell_timeout_s", "boot_timeout_s", "bpf_stats", "rounds", "contend", "kernel", "qemu",
	"hist_bucket_us", "warmup", "delay", "numa", "guest_cycles", "vfio_device",
};
#define NR_KEYS (int)(sizeof(keys) / sizeof(keys[0]))

/* vfio_device: kinds of bench/'s device table or PCI addresses, each once. */
static int parse_devices(struct ctx *c, struct spec *s, char **vals, int nvals)
{
	for (int i = 0; i < nvals; i++) {
		if (!vfio_kind_by_name(vals[i]) && !vfio_is_pci_address(vals[i]))
			return fail(c, "'vfio_device': '%s' is neither a device kind (expected one or more "
				    "of: %s) nor a PCI address (0000:00:02.0)", vals[i], vfio_kind_names());
		for (int j = 0; j < i; j++)
			if (!strcmp(vals[i], vals[j]))
				return fail(c, "'vfio_device': '%s' is named twice", vals[i]);
		snprintf(s->devices[i], sizeof(s->devices[i]), "%s", vals[i]);
	}
	s->ndevices = nvals;
	return 0;
}

static int parse_line(struct ctx *c, struct spec *s, char **tok, int ntok)
{
	static const char *const gics[] = { "2", "3", "4" };
	static const char *const hyps[] = { "vhe", "nvhe", "protected" };
	/* lab/fetch-kernel.sh's and lab/run.sh --qemu's names */
	static const char *const kernels[] = { "6.1", "6.1-rt", "6.12", "6.12-rt" };
	static const char *const qemus[] = { "7.2", "10.0" };
	static const char *const states[] = { "busy", "wfi" };
	static const char *const traces[] = { "on", "off", "both" };
	static const char *const onoff[] = { "on", "off" };
	const char *key = tok[0];
	char **vals = tok + 1;
	int nvals = ntok - 1;
	char expected[256];

	if (!nvals)
		return fail(c, "'%s' has no value", key);
	if (!strcmp(key, "gic"))
		return parse_list(c, key, vals, nvals, gics, 3, s->gics[0], sizeof(s->gics[0]), &s->ngics);
	if (!strcmp(key, "hyp"))
		return parse_list(c, key, vals, nvals, hyps, 3, s->hyps[0], sizeof(s->hyps[0]), &s->nhyps);
	if (!strcmp(key, "kernel"))
		return parse_list(c, key, vals, nvals, kernels, 4, s->kernels[0], sizeof(s->kernels[0]),
				  &s->nkernels);
	if (!strcmp(key, "qemu"))
		return parse_list(c, key, vals, nvals, qemus, 2, s->qemus[0], sizeof(s->qemus[0]),
				  &s->nqemus);
	if (!strcmp(key, "path")) {
		const char *names[SPEC_MAX_ITEMS];
		int n = known_paths(names, SPEC_MAX_ITEMS);

		return parse_list(c, key, vals, nvals, names, n, s->paths[0], sizeof(s->paths[0]),
				  &s->npaths);
	}
	if (!strcmp(key, "state"))
		return parse_list(c, key, vals, nvals, states, 2, s->states[0], sizeof(s->states[0]),
				  &s->nstates);
	if (!strcmp(key, "vfio_device"))
		return parse_devices(c, s, vals, nvals);
	if (!strcmp(key, "count"))
		return parse_num(c, key, vals, nvals, 1, 100000000, &s->count);
	if (!strcmp(key, "gap_us"))
		return parse_num(c, key, vals, nvals, 0, 10000000, &s->gap_us);
	if (!strcmp(key, "vcpu_cpu") || !strcmp(key, "injector_cpu")) {
		long *cpu = !strcmp(key, "vcpu_cpu") ? &s->vcpu_cpu : &s->injector_cpu;

		/* auto: bench/'s placement (isolated CPUs first) */
		if (nvals == 1 && !strcmp(vals[0], "auto")) {
			*cpu = SPEC_CPU_AUTO;
			return 0;
		}
		return parse_num(c, key, vals, nvals, -1, 4095, cpu);
	}
	if (!strcmp(key, "numa")) {
		static const char *const numas[] = { "same", "cross" };

		return parse_list(c, key, vals, nvals, numas, 2, s->numas[0], sizeof(s->numas[0]),
				  &s->nnumas);
	}
	if (!strcmp(key, "cell_timeout_s"))
		return parse_num(c, key, vals, nvals, 1, 86400, &s->cell_timeout_s);
	if (!strcmp(key, "rounds"))
		return parse_num(c, key, vals, nvals, 1, 1000, &s->rounds);
	if (!strcmp(key, "warmup"))
		return parse_num(c, key, vals, nvals, 0, 100000, &s->warmup);
	if (!strcmp(key, "delay")) {
		static const char *const points[] = { "guest-ack", "host-inject", "vmm-handler" };

		if (nvals != 2 || !one_of(vals[0], points, 3))
			return fail(c, "'delay' takes a point and a time in ns (expected guest-ack, host-inject or vmm-handler, then e.g. 50000)");
		snprintf(s->delay_point, sizeof(s->delay_point), "%s", vals[0]);
		return parse_num(c, key, vals + 1, 1, 1, 1000000000, &s->delay_ns);
	}
	if (!strcmp(key, "hist_bucket_us"))
		return parse_num(c, key, vals, nvals, 1, 1000000, &s->hist_bucket_us);
	if (!strcmp(key, "boot_timeout_s"))
		return parse_num(c, key, vals, nvals, 10, 86400, &s->boot_timeout_s);
	if (!strcmp(key, "trace")) {
		if (nvals != 1 || !one_of(vals[0], traces, 3))
			return fail(c, "'trace' takes one of: on, off, both");
		snprintf(s->trace, sizeof(s->trace), "%s", vals[0]);
		return 0;
	}
	if (!strcmp(key, "guest_cycles")) {
		if (nvals != 1 || !one_of(vals[0], traces, 3))
			return fail(c, "'guest_cycles' takes one of: on, off, both");
		snprintf(s->guest_cycles, sizeof(s->guest_cycles), "%s", vals[0]);
		return 0;
	}
	if (!strcmp(key, "contend")) {
		if (nvals != 1 || !one_of(vals[0], onoff, 2))
			return fail(c, "'contend' takes one of: on, off");
		s->contend = !strcmp(vals[0], "on");
		return 0;
	}
	if (!strcmp(key, "bpf_stats")) {
		if (nvals != 1 || !one_of(vals[0], onoff, 2))
			return fail(c, "'bpf_stats' takes one of: on, off");
		s->bpf_stats = !strcmp(vals[0], "on");
		return 0;
	}
	join(keys, NR_KEYS, expected, sizeof(expected));
	return fail(c, "unknown setting '%s' (expected one of: %s)", key, expected);
}

#define SPEC_LINE_MAX 1022

int spec_parse(FILE *f, const char *name, struct spec *s, char *err, size_t errlen)
{
	struct ctx c = { .name = name, .err = err, .errlen = errlen };
	int seen[NR_KEYS] = { 0 }, settings = 0, r = -1;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, f)) >= 0) {
		char *tok[SPEC_MAX_ITEMS + 2], *save, *p;
		int ntok = 0;

		c.line++;
		/* Else a NUL hides the rest of the line, or reads as "too long". */
		if (strlen(line) != (size_t)len) {
			fail(&c, "NUL byte in line (expected text)");
			goto out;
		}
		if (len > SPEC_LINE_MAX + 1 || (len == SPEC_LINE_MAX + 1 && line[len - 1] != '\n')) {
			fail(&c, "line too long (expected at most %d characters)", SPEC_LINE_MAX);
			goto out;
		}
		p = strchr(line, '#');
		if (p)
			*p = '\0';
		for (p = strtok_r(line, " \t\r\n", &save); p; p = strtok_r(NULL, " \t\r\n", &save)) {
			if (ntok == SPEC_MAX_ITEMS + 1) {
				fail(&c, "too many values (expected at most %d)", SPEC_MAX_ITEMS);
				goto out;
			}
			tok[ntok++] = p;
		}
		if (!ntok)
			continue;
		settings++;
		for (int k = 0; k < NR_KEYS; k++)
			if (!strcmp(tok[0], keys[k])) {
				if (seen[k]) {
					fail(&c, "'%s' is set a second time (line %d set it first)",
					     tok[0], seen[k]);
					goto out;
				}
				seen[k] = c.line;
			}
		if (parse_line(&c, s, tok, ntok))
			goto out;
	}
	if (ferror(f)) {
		fail(&c, "read error: %s", strerror(errno));
		goto out;
	}
	/* An empty file is more likely a mistake than a wish for the defaults. */
	if (!settings) {
		fail(&c, "no settings (expected at least one 'key value' line, e.g. 'path all'; see doc/matrix-spec.md)");
		goto out;
	}
	r = 0;
out:
	free(line);
	return r;
}

int spec_load(const char *path, struct spec *s, char *err, size_t errlen)
{
	const char *why;
	FILE *f = rfile_fopen(path, &why);
	int r;

	spec_defaults(s);
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	r = spec_parse(f, path, s, err, errlen);
	fclose(f);
	return r;
}

int spec_cells_per_boot(const struct spec *s)
{
	/* guest_cycles both: one -cycles twin of each state, in round 1. */
	return s->npaths * s->nstates *
	       ((strcmp(s->trace, "both") ? 1 : 2) * (int)s->rounds + !strcmp(s->guest_cycles, "both")) *
	       (s->nnumas ? s->nnumas : 1);
}

int spec_boots(const struct spec *s)
{
	return s->ngics * s->nhyps * s->nkernels * s->nqemus;
}

const char *spec_lab_device(const char *vfio_device)
{
	/* A VF comes from its PF: lab/run.sh --device igbvf boots an igb and makes one. */
	static const char *const emulated[] = { "edu", "e1000e", "igb", "igbvf" };

	for (size_t i = 0; i < sizeof(emulated) / sizeof(emulated[0]); i++)
		if (!strcmp(vfio_device, emulated[i]))
			return emulated[i];
	return NULL;
}

const char *spec_lab_refusal(const struct spec *s, char *buf, size_t size)
{
	int igb = 0, igbvf = 0;

	for (int d = 0; d < s->ndevices; d++) {
		igb |= !strcmp(s->devices[d], "igb");
		igbvf |= !strcmp(s->devices[d], "igbvf");
	}
	/* lab/run.sh makes the VF with its PF's interface up, which bench/ never takes. */
	if (igb && igbvf) {
		snprintf(buf, size, "vfio_device igb igbvf: in one lab boot the VF's PF carries an "
			 "interface that is up (its driver makes the VF), and bench/ never takes such "
			 "a device: measure igb and igbvf in separate specs");
		return buf;
	}
	for (int d = 0; d < s->ndevices; d++) {
		if (strncmp(s->devices[d], "igb", 3))
			continue;
		for (int q = 0; q < s->nqemus; q++)
			if (!strcmp(s->qemus[q], "7.2")) {
				snprintf(buf, size, "vfio_device %s: QEMU 7.2 has no igb model (it came with "
					 "QEMU 8.0): add 'qemu 10.0' to the spec (7.2 is the default)%s",
					 s->devices[d], s->nqemus > 1 ? ", and leave 7.2 out" : "");
				return buf;
			}
	}
	return NULL;
}

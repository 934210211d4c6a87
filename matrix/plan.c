// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "boot.h"
#include "path_catalogue.h"
#include "plan.h"

/*
 * --dry-run: every cell the run would make, per boot, which the lab's GIC
 * cannot run and why (the catalogue's need against the GIC), and the time
 * it would take, from what this project's 2-core lab takes.
 */
#define EST_BOOT_S 25.0		/* a lab boot, with its set-up and analysis share */
#define EST_CELL_S 2.0		/* a cell's own set-up and tear-down */
#define EST_IRQ_MS_LAB 12.0	/* one interrupt under TCG, trace on */
#define EST_IRQ_MS_NATIVE 0.05

static const char *lab_refusal(const char *gic, enum vqb_path_need need)
{
	if (!strcmp(gic, "2") && need >= VQB_NEED_ITS)
		return need == VQB_NEED_ITS ? "needs a vGICv3 with an ITS (LPIs): a GICv2 host has none"
					    : "needs a GICv4 host with direct injection: this lab boot is GICv2";
	if (!strcmp(gic, "3") && need >= VQB_NEED_GICV4)
		return "needs a GICv4 host with direct injection: this lab boot is GICv3";
	return NULL;
}

/* The vGIC variants "auto" runs a path with on a boot: "" (the default) and, maybe, v3-its. */
static int path_variants(const struct matrix *m, const char *gic,
			 const struct vqb_path_info *pi, const char **v)
{
	v[0] = "";
	/*
	 * Natively the host's GIC is bench/'s to find: a GICv3/v4 host adds
	 * the ITS variant, a GICv2 host does not. The plan counts it (an upper
	 * bound, which main.c says as "up to").
	 */
	if (pi && pi->kind == VQB_INTID_SPI_OR_LPI && (m->native || strcmp(gic, "2"))) {
		v[1] = m->native ? "-vgicv3-its (GICv3/v4 hosts)" : "-vgicv3-its";
		return 2;
	}
	return 1;
}

/*
 * A path that needs GICv4 direct injection borrows a real device: with
 * several vfio_device values bench/ makes its cells once per device, each
 * named -DEVICE (bench/main.c's run_devices_opt).
 */
static int path_devices(const struct spec *s, const struct vqb_path_info *pi)
{
	return pi && pi->need == VQB_NEED_GICV4 && s->ndevices > 1 ? s->ndevices : 1;
}

static void device_suffix(const struct spec *s, const struct vqb_path_info *pi, int d, char *buf,
			  size_t size)
{
	buf[0] = '\0';
	if (path_devices(s, pi) == 1)
		return;
	snprintf(buf, size, "-%s", s->devices[d]);
	for (char *p = buf; *p; p++)
		if (*p == ':')
			*p = '-';
}

static int per_cell(const struct spec *s)
{
	/* guest_cycles both: one -cycles twin in round 1 (bench --guest-cycles). */
	return (strcmp(s->trace, "both") ? 1 : 2) * (int)s->rounds + !strcmp(s->guest_cycles, "both");
}

/* The cell-name suffixes of the spec's NUMA placements: "" when it names none. */
static int numa_variants(const struct spec *s, const char **v)
{
	if (!s->nnumas) {
		v[0] = "";
		return 1;
	}
	for (int i = 0; i < s->nnumas; i++)
		v[i] = !strcmp(s->numas[i], "same") ? "-same-node" : "-cross-node";
	return s->nnumas;
}

int plan_cells(const struct matrix *m)
{
	const struct spec *s = &m->spec;
	int n = 0;

	for (int b = 0; b < m->nboots; b++) {
		struct boot bt;

		boot_plan(&bt, m, b);
		for (int p = 0; p < s->npaths; p++) {
			const char *v[2];

			const struct vqb_path_info *pi = catalogue_by_name(s->paths[p]);
			const char *nv[SPEC_MAX_ITEMS];

			n += path_variants(m, bt.gic, pi, v) * path_devices(s, pi) *
			     numa_variants(s, nv) * s->nstates * per_cell(s);
		}
	}
	return n;
}

void plan_print(FILE *f, const struct matrix *m)
{
	const struct spec *s = &m->spec;
	double total = 0;
	int measured = 0, skipped = 0;
	int per_path = per_cell(s);
	double irq_ms = m->native ? EST_IRQ_MS_NATIVE : EST_IRQ_MS_LAB;

	fprintf(f, "%-52s %-8s %s\n", "cell", "plan", "why");
	for (int b = 0; b < m->nboots; b++) {
		struct boot bt;

		boot_plan(&bt, m, b);
		if (!m->native)
			total += EST_BOOT_S;
		for (int p = 0; p < s->npaths; p++) {
			const struct vqb_path_info *pi = catalogue_by_name(s->paths[p]);
			const char *why = pi && !m->native ? lab_refusal(bt.gic, pi->need) : NULL;
			const char *v[2], *numa[SPEC_MAX_ITEMS];
			int nv = path_variants(m, bt.gic, pi, v), nn = numa_variants(s, numa);

			/* each device in turn, its states within */
			for (int ds = 0; ds < path_devices(s, pi) * s->nstates; ds++)
				for (int k = 0; k < nv * nn; k++) {
					const char *nsuf = numa[k % nn];
					int st = ds % s->nstates;
					char name[160], dev[24];

					device_suffix(s, pi, ds / s->nstates, dev, sizeof(dev));
					/* Natively the host names the cell (its GIC, its hyp mode). */
					if (m->native)
						snprintf(name, sizeof(name), "<host>-%s-%s%s%s%s", s->paths[p],
							 s->states[st], dev, v[k / nn], nsuf);
					else
						snprintf(name, sizeof(name), "v%s-%s-%s-%s%s%s%s%s", bt.gic,
							 bt.hyp, s->paths[p], s->states[st], dev, v[k / nn],
							 nsuf, bt.suffix);
					if (per_path > 1)
						snprintf(name + strlen(name), sizeof(name) - strlen(name),
							 " (x%d)", per_path);
					fprintf(f, "%-52s %-8s %s\n", name, why ? "skip" : "measure",
						why ? why : m->native ? "if this host offers it (skips are decided on the host)" : "");
					if (why) {
						skipped += per_path;
						continue;
					}
					measured += per_path;
					total += per_path * (EST_CELL_S + (double)(s->count + s->warmup) * irq_ms / 1000);
				}
		}
	}
	fprintf(f, "plan: %d cells to measure, %d to skip, in %d boot%s; estimated %.0f s (%.1f min)%s\n",
		measured, skipped, m->nboots, m->nboots == 1 ? "" : "s", total, total / 60,
		m->native ? " (native, rough)" : " (this project's 2-core lab; a busy host takes longer)");
	fprintf(f, "results would be %s (raw run in %s/raw)\n", m->out, m->out);
}


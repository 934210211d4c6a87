// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "path_catalogue.h"
#include "util.h"

static const struct vqb_path_info rows[] = {
#define ROW(ID, id_, name_, kind_, intid_, vcpus_, origin_, busy_, wfi_, need_, what_) \
	{ .id = VQB_PATH_##ID, .name = name_, .kind = kind_, .intid = intid_,		\
	  .nr_vcpus = vcpus_, .origin = origin_, .exits = { busy_, wfi_ },		\
	  .need = need_, .what = what_ },
	VQB_PATH_CATALOGUE(ROW)
#undef ROW
};

size_t catalogue_size(void)
{
	return ARRAY_SIZE(rows);
}

const struct vqb_path_info *catalogue_at(size_t i)
{
	return i < ARRAY_SIZE(rows) ? &rows[i] : NULL;
}

const struct vqb_path_info *catalogue_by_name(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(rows); i++)
		if (!strcmp(rows[i].name, name))
			return &rows[i];
	return NULL;
}

const struct vqb_path_info *catalogue_by_id(unsigned int id)
{
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		if ((unsigned int)rows[i].id == id)
			return &rows[i];
	return NULL;
}

size_t catalogue_index(const struct vqb_path_info *pi)
{
	return (size_t)(pi - rows);
}

const char *catalogue_names(const char *sep)
{
	static char buf[512];
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? sep : "", rows[i].name);
	return buf;
}

int catalogue_state_index(const char *state)
{
	if (state && !strcmp(state, "busy"))
		return 0;
	if (state && !strcmp(state, "wfi"))
		return 1;
	return -1;
}

int catalogue_exits(const struct vqb_path_info *pi, const char *state)
{
	int s = catalogue_state_index(state);

	return pi && s >= 0 ? pi->exits[s] : -1;
}

const char *catalogue_kind_name(enum vqb_intid_kind k)
{
	switch (k) {
	case VQB_INTID_CPU: return "CPU IRQ line";
	case VQB_INTID_SGI: return "SGI";
	case VQB_INTID_PPI: return "PPI";
	case VQB_INTID_SPI: return "SPI";
	case VQB_INTID_LPI: return "LPI";
	case VQB_INTID_SPI_OR_LPI: return "SPI, or LPI with an ITS";
	}
	return "?";
}

const char *catalogue_need_name(enum vqb_path_need n)
{
	switch (n) {
	case VQB_NEED_KVM: return "kvm";
	case VQB_NEED_VGIC: return "vgic";
	case VQB_NEED_ITS: return "its";
	case VQB_NEED_GICV4: return "gicv4";
	}
	return "?";
}

void catalogue_print_tsv(FILE *f)
{
	fputs("# name\tkind\tintid\tvcpus\torigin\texits_busy\texits_wfi\tneed\twhat\n", f);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct vqb_path_info *pi = &rows[i];

		fprintf(f, "%s\t%s\t%u\t%u\t%s\t%d\t%d\t%s\t%s\n", pi->name,
			catalogue_kind_name(pi->kind), pi->intid, pi->nr_vcpus,
			pi->origin == VQB_ORIGIN_GUEST ? "guest" : "host", pi->exits[0],
			pi->exits[1], catalogue_need_name(pi->need), pi->what);
	}
}

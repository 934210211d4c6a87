/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/virqbench/paths.h's rows as a table to look paths up in, for the
 * host-side programs (bench/, analysis/, matrix/, the report). Catalogue
 * order is the order paths are listed, run and coloured in.
 */
#ifndef VQB_PATH_CATALOGUE_H
#define VQB_PATH_CATALOGUE_H

#include <stddef.h>
#include <stdio.h>

#include <virqbench/paths.h>

/* How many rows, and row i in catalogue order (NULL past the end). */
size_t catalogue_size(void);
const struct vqb_path_info *catalogue_at(size_t i);
/* NULL for a name or id no row has. */
const struct vqb_path_info *catalogue_by_name(const char *name);
const struct vqb_path_info *catalogue_by_id(unsigned int id);
/* The row's place in catalogue order, for colours and sorting. */
size_t catalogue_index(const struct vqb_path_info *pi);
/* "soft-vi, lr-line, ...": every name in catalogue order, separated by sep. */
const char *catalogue_names(const char *sep);

/* 0 busy, 1 wfi, -1 any other state name. */
int catalogue_state_index(const char *state);
/* Exits per interrupt in a state, or -1 when the state has no column. */
int catalogue_exits(const struct vqb_path_info *pi, const char *state);
/* "SPI", "LPI", "SPI or LPI", ...; "kvm", "vgic", "its", "gicv4". */
const char *catalogue_kind_name(enum vqb_intid_kind k);
const char *catalogue_need_name(enum vqb_path_need n);

/*
 * The catalogue as TSV with a '#' header line: name, kind, intid, vcpus,
 * origin (host, guest), exits_busy, exits_wfi, need, what. The lab tests
 * read their expectations from it.
 */
void catalogue_print_tsv(FILE *f);

#endif /* VQB_PATH_CATALOGUE_H */

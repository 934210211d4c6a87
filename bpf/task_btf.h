/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Finds, in the running kernel's BTF, where task_struct keeps its flags and
 * its preempt count, for the kernel side's context filter, and its pid and
 * tgid, for sched_switch.
 */
#ifndef VQT_TASK_BTF_H
#define VQT_TASK_BTF_H

#include <stddef.h>

#include "virqtrace.h"

/*
 * Fills off; a part not found stays 0 (that part of the filter is off) and
 * why says what is lost. 0 when flags and preempt count were found, else
 * -errno of the first failure (-ENOENT: the kernel has no BTF). pid and tgid
 * are filled apart (both or neither); the caller checks them.
 */
int task_btf_offsets(struct vqt_ctx_offsets *off, char *why, size_t size);

#endif /* VQT_TASK_BTF_H */

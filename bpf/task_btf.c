// SPDX-License-Identifier: GPL-2.0
/*
 * The same lookup CO-RE would do at load time, done here so that a kernel
 * without BTF still loads the programs (with a narrower filter) instead of
 * failing them all: libbpf refuses an object with CO-RE relocations when
 * it finds no kernel BTF.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "task_btf.h"

static const struct btf_type *skip_mods(const struct btf *btf, __u32 *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		*id = t->type;
		t = btf__type_by_id(btf, *id);
	}
	return t;
}

/*
 * Byte offset of member name in the struct or union id, looking into
 * anonymous members (arm64's thread_info keeps preempt_count in one).
 * Its type id goes to *type. -ENOENT if there is none.
 */
static long member_offset(const struct btf *btf, __u32 id, const char *name,
			  __u32 *type, int depth)
{
	const struct btf_type *t = skip_mods(btf, &id);
	const struct btf_member *m;
	int i, n;

	if (!t || !btf_is_composite(t) || depth > 4)
		return -ENOENT;
	m = btf_members(t);
	n = btf_vlen(t);
	for (i = 0; i < n; i++, m++) {
		const char *mname = btf__name_by_offset(btf, m->name_off);
		__u32 bits = btf_member_bit_offset(t, (__u32)i);
		long sub;

		if (bits % 8)
			continue;	/* a bitfield: not what we look for */
		if (mname && !strcmp(mname, name)) {
			*type = m->type;
			return bits / 8;
		}
		if (mname && *mname)
			continue;
		sub = member_offset(btf, m->type, name, type, depth + 1);
		if (sub >= 0)
			return (long)(bits / 8) + sub;
	}
	return -ENOENT;
}

int task_btf_offsets(struct vqt_ctx_offsets *off, char *why, size_t size)
{
	struct btf *btf;
	long flags, ti, pc, pid, tgid;
	__s32 task;
	__u32 type;
	int err;

	memset(off, 0, sizeof(*off));
	*why = '\0';
	btf = btf__load_vmlinux_btf();
	err = libbpf_get_error(btf);
	if (err) {
		snprintf(why, size,
			 "the kernel has no BTF (/sys/kernel/btf/vmlinux: %s), so injections made by kernel threads (irqfd) or in interrupt context (emulated timers) are not seen; only the traced process's own are",
			 strerror(-err));
		return -ENOENT;
	}
	task = btf__find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT);
	flags = task < 0 ? -ENOENT : member_offset(btf, (__u32)task, "flags", &type, 0);
	if (flags > 0)
		off->task_flags = (__u32)flags;
	ti = task < 0 ? -ENOENT : member_offset(btf, (__u32)task, "thread_info", &type, 0);
	pc = ti < 0 ? -ENOENT : member_offset(btf, type, "preempt_count", &type, 0);
	if (pc >= 0 && ti + pc > 0)
		off->preempt_count = (__u32)(ti + pc);
	/* Both or neither: sched_switch needs the thread and its process. */
	pid = task < 0 ? -ENOENT : member_offset(btf, (__u32)task, "pid", &type, 0);
	tgid = task < 0 ? -ENOENT : member_offset(btf, (__u32)task, "tgid", &type, 0);
	if (pid > 0 && tgid > 0) {
		off->task_pid = (__u32)pid;
		off->task_tgid = (__u32)tgid;
	}
	btf__free(btf);

	if (!off->task_flags && !off->preempt_count) {
		snprintf(why, size,
			 "the kernel's BTF has no task_struct.flags nor thread_info.preempt_count, so injections made by kernel threads or in interrupt context are not seen");
		return -ENOENT;
	}
	if (!off->task_flags)
		snprintf(why, size,
			 "the kernel's BTF has no task_struct.flags, so injections made by kernel threads (irqfd) are not seen");
	else if (!off->preempt_count)
		snprintf(why, size,
			 "the kernel's BTF has no thread_info.preempt_count, so injections made in interrupt context on another process's time are not seen");
	return *why ? -ENOENT : 0;
}

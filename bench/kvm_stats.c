// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kvm_stats.h"

struct stat_want {
	const char *name;
	uint64_t *val;
	int found;
};

static int read_at(int fd, void *buf, size_t len, off_t off)
{
	ssize_t n = pread(fd, buf, len, off);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

int __vcpu_stats_read(int fd, struct vcpu_stats *st)
{
	struct stat_want want[] = {
		{ "exits", &st->exits, 0 },
		{ "mmio_exit_user", &st->user_exits, 0 },
		{ "signal_exits", NULL, 0 },
		{ "wfi_exit_stat", &st->wfi_exits, 0 },
		{ "mmio_exit_kernel", &st->kernel_mmio, 0 },
	};
	struct kvm_stats_header h;
	struct kvm_stats_desc *d;
	uint64_t signals = 0;
	size_t dsize;
	int r = 0;

	memset(st, 0, sizeof(*st));
	want[2].val = &signals;
	if (fd < 0)
		return -EBADF;
	r = read_at(fd, &h, sizeof(h), 0);
	dsize = sizeof(*d) + h.name_size;
	d = r ? NULL : malloc(dsize);
	if (!r && !d)
		r = -ENOMEM;
	for (uint32_t i = 0; !r && i < h.num_desc; i++) {
		r = read_at(fd, d, dsize, h.desc_offset + (off_t)i * dsize);
		if (r)
			break;
		d->name[h.name_size - 1] = '\0';
		for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
			if (strcmp(d->name, want[w].name))
				continue;
			r = read_at(fd, want[w].val, sizeof(uint64_t), h.data_offset + d->offset);
			want[w].found = !r;
		}
	}
	free(d);
	if (!r && !(want[0].found && want[1].found))
		r = -ENOENT;
	st->user_exits += signals;
	return r;
}

void vcpu_stats_describe(int fd, int index, const struct vcpu_stats *earlier, int earlier_ms,
			 char *buf, int size)
{
	struct vcpu_stats st;
	char since[64] = "";

	buf[0] = '\0';
	if (__vcpu_stats_read(fd, &st))
		return;
	if (!st.exits) {
		snprintf(buf, size, "vCPU %d never entered the guest (KVM counted 0 exits, %llu "
			 "returns to user space)", index, (unsigned long long)st.user_exits);
		return;
	}
	/* An exit needs an entry: none lately means it stopped running the guest, or spins in it. */
	if (earlier && earlier->exits <= st.exits)
		snprintf(since, sizeof(since), "; %llu of them in the last %d ms",
			 (unsigned long long)(st.exits - earlier->exits), earlier_ms);
	snprintf(buf, size, "vCPU %d ran the guest (KVM counted %llu exits: %llu to user space, "
		 "%llu MMIO in the kernel, %llu WFI%s)", index, (unsigned long long)st.exits,
		 (unsigned long long)st.user_exits, (unsigned long long)st.kernel_mmio,
		 (unsigned long long)st.wfi_exits, since);
}

// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmm_proc.h"

/* The first line of a small /proc file, without its newline. */
static int read_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -errno;
	if (!fgets(buf, (int)size, f)) {
		fclose(f);
		return -EIO;
	}
	fclose(f);
	n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

int vmm_check(pid_t pid, char *comm, size_t comm_size, char *msg,
	      size_t msg_size)
{
	char path[64], link[PATH_MAX];
	struct dirent *d;
	bool vm = false, dev = false;
	int denied = 0;
	DIR *dir;
	int err;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	err = read_line(path, comm, comm_size);
	if (err == -ENOENT || err == -ESRCH) {
		snprintf(msg, msg_size, "no process %d", (int)pid);
		return -ESRCH;
	}
	if (err)
		snprintf(comm, comm_size, "?");

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	dir = opendir(path);
	if (!dir) {
		err = -errno;
		if (err == -ENOENT) {
			snprintf(msg, msg_size, "no process %d", (int)pid);
			return -ESRCH;
		}
		snprintf(msg, msg_size,
			 "cannot tell whether process %d (%s) runs a KVM VM: %s: %s (run as root)",
			 (int)pid, comm, path, strerror(-err));
		return -EACCES;
	}
	while ((d = readdir(dir))) {
		char fd[PATH_MAX];
		ssize_t n;

		if (d->d_name[0] == '.')
			continue;
		snprintf(fd, sizeof(fd), "%s/%s", path, d->d_name);
		n = readlink(fd, link, sizeof(link) - 1);
		if (n < 0) {
			if (errno == EACCES || errno == EPERM)
				denied = errno;
			continue;
		}
		link[n] = '\0';
		vm = vm || !strcmp(link, "anon_inode:kvm-vm");
		dev = dev || !strcmp(link, "/dev/kvm");
	}
	closedir(dir);
	if (vm)
		return 0;
	if (denied) {
		snprintf(msg, msg_size,
			 "cannot tell whether process %d (%s) runs a KVM VM: its fds in %s: %s (run as root)",
			 (int)pid, comm, path, strerror(denied));
		return -EACCES;
	}
	snprintf(msg, msg_size,
		 "process %d (%s) is not a KVM VMM: it holds no VM (no anon_inode:kvm-vm in %s%s)",
		 (int)pid, comm, path,
		 dev ? "; it has /dev/kvm open but has created no VM yet" : "");
	return -ENOTTY;
}

bool vmm_alive(pid_t pid)
{
	char path[64], buf[512], *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (read_line(path, buf, sizeof(buf)))
		return false;
	/* "pid (comm) S ...": the comm may hold ')' itself, so take the last. */
	p = strrchr(buf, ')');
	return p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
}

int vcpu_index_from_comm(const char *comm)
{
	static const struct {
		const char *prefix, *suffix;
	} names[] = {
		{ "CPU ", "/KVM" },		/* QEMU */
		{ "kvm-vcpu-", "" },		/* kvmtool */
		{ "fc_vcpu ", "" },		/* Firecracker */
		{ "crosvm_vcpu", "" },		/* crosvm */
		{ "vqb-vcpu", "" },		/* virqbench's bench/ */
		{ "vcpu", "" },			/* cloud-hypervisor */
	};
	size_t i, len;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *p;
		long v = 0;

		len = strlen(names[i].prefix);
		if (strncmp(comm, names[i].prefix, len))
			continue;
		p = comm + len;
		if (!isdigit((unsigned char)*p))
			continue;
		while (isdigit((unsigned char)*p) && v < INT_MAX / 10)
			v = v * 10 + (*p++ - '0');
		if (!strcmp(p, names[i].suffix))
			return (int)v;
	}
	return -1;
}

int vmm_for_each_thread(pid_t pid, vmm_thread_fn cb, void *ctx)
{
	char path[64], file[96], comm[VMM_COMM_MAX + 1];
	struct dirent *d;
	DIR *dir;
	int ret = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		return -errno;
	while (!ret && (d = readdir(dir))) {
		char *end;
		unsigned long tid = strtoul(d->d_name, &end, 10);

		if (d->d_name[0] == '.' || *end)
			continue;
		snprintf(file, sizeof(file), "%s/%lu/comm", path, tid);
		if (read_line(file, comm, sizeof(comm)))
			continue;	/* the thread just ended */
		ret = cb(ctx, (uint32_t)tid, comm);
	}
	closedir(dir);
	return ret;
}

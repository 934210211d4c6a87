/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What trace mode learns of a running VMM from /proc, without touching it:
 * that it exists, that it holds a KVM VM, and which of its threads run
 * which vCPU (from the thread names VMMs give them).
 */
#ifndef VQT_VMM_PROC_H
#define VQT_VMM_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define VMM_COMM_MAX	16	/* TASK_COMM_LEN */

/*
 * 0: pid is a live process with a KVM VM fd (anon_inode:kvm-vm). Else
 * -ESRCH (no such process), -EACCES (its fds cannot be read), -ENOTTY (it
 * holds no VM), and msg says so in a sentence.
 */
int vmm_check(pid_t pid, char *comm, size_t comm_size, char *msg,
	      size_t msg_size);

/* Still there and not a zombie. */
bool vmm_alive(pid_t pid);

/*
 * The vCPU number in a VMM's vCPU thread name: QEMU "CPU 3/KVM", kvmtool
 * "kvm-vcpu-3", Firecracker "fc_vcpu 3", crosvm "crosvm_vcpu3",
 * cloud-hypervisor "vcpu3", virqbench "vqb-vcpu3". -1 for any other name.
 */
int vcpu_index_from_comm(const char *comm);

/* Calls cb for each thread of pid; stops at and returns cb's nonzero. */
typedef int (*vmm_thread_fn)(void *ctx, uint32_t tid, const char *comm);
int vmm_for_each_thread(pid_t pid, vmm_thread_fn cb, void *ctx);

#endif /* VQT_VMM_PROC_H */

// SPDX-License-Identifier: GPL-2.0
/* VM life cycle: /dev/kvm, the VM file descriptor, guest RAM. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kvm.h"
#include "diag.h"

int kvm_open(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		int e = errno;

		if (e == ENOENT)
			diag_say("cannot open /dev/kvm: no such device (KVM is not enabled: "
			       "on arm64 the kernel must boot at EL2, and not as a guest without nested virtualization)");
		else
			diag_say("cannot open /dev/kvm: %s", strerror(e));
		return -e;
	}
	if (ioctl(fd, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) {
		diag_say("/dev/kvm: KVM_GET_API_VERSION is not %d", KVM_API_VERSION);
		close(fd);
		return -EINVAL;
	}
	return fd;
}

int __kvm_device_supported(int vm_fd, uint32_t type)
{
	struct kvm_create_device cd = { .type = type, .flags = KVM_CREATE_DEVICE_TEST };

	return ioctl(vm_fd, KVM_CREATE_DEVICE, &cd) ? -errno : 0;
}

int vm_create(struct vm *vm, int nr_vcpus)
{
	memset(vm, 0, sizeof(*vm));
	vm->fd = vm->vgic_fd = vm->its_fd = -1;
	vm->nr_vcpus = nr_vcpus;
	for (unsigned int i = 0; i < VQB_MAX_VCPUS; i++)
		vm->vcpus[i].fd = -1;
	vm->kvm_fd = kvm_open();
	if (vm->kvm_fd < 0)
		return vm->kvm_fd;
	/* Type 0: the default IPA size (40 bits), ample for our map. */
	vm->fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->fd < 0)
		return diag_say_errno("KVM_CREATE_VM");
	return 0;
}

int vm_add_ram(struct vm *vm, uint64_t gpa, uint64_t size)
{
	struct kvm_userspace_memory_region region;
	void *mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (mem == MAP_FAILED)
		return diag_say_errno("mmap of %llu bytes of guest RAM", (unsigned long long)size);
	/*
	 * bench/ forks the tracer while the guest runs. A fork write-protects
	 * every private mapping, KVM drops its stage-2 entries for them, and the
	 * next interrupt would pay the re-faults: keep guest RAM out of forks.
	 */
	if (madvise(mem, size, MADV_DONTFORK)) {
		int r = diag_say_errno("madvise(MADV_DONTFORK) on guest RAM");

		munmap(mem, size);
		return r;
	}
	region = (struct kvm_userspace_memory_region){
		.slot = 0,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)mem,
	};
	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region)) {
		int r = diag_say_errno("KVM_SET_USER_MEMORY_REGION (gpa 0x%llx, %llu bytes)",
				     (unsigned long long)gpa, (unsigned long long)size);
		munmap(mem, size);
		return r;
	}
	vm->ram = mem;
	vm->ram_base = gpa;
	vm->ram_size = size;
	return 0;
}

void *vm_gpa_to_hva(struct vm *vm, uint64_t gpa)
{
	if (gpa < vm->ram_base || gpa - vm->ram_base >= vm->ram_size)
		return NULL;
	return (char *)vm->ram + (gpa - vm->ram_base);
}

int vm_load_image(struct vm *vm, const char *path, uint64_t gpa, uint64_t max_size)
{
	struct stat st;
	char *dst = vm_gpa_to_hva(vm, gpa);
	ssize_t n;
	size_t done = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return diag_say_errno("cannot open the guest agent %s", path);
	if (fstat(fd, &st) || st.st_size <= 0 || (uint64_t)st.st_size > max_size || !dst) {
		diag_say("%s: the guest agent must be a flat image of 1 to %llu bytes (it has %lld)",
		       path, (unsigned long long)max_size, (long long)st.st_size);
		close(fd);
		return -EINVAL;
	}
	while (done < (size_t)st.st_size) {
		n = read(fd, dst + done, st.st_size - done);
		if (n <= 0) {
			int r = n < 0 ? diag_say_errno("reading %s", path) : -EIO;

			close(fd);
			return r;
		}
		done += n;
	}
	close(fd);
	return 0;
}

void vm_destroy(struct vm *vm)
{
	for (int i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *v = &vm->vcpus[i];

		vcpu_stop(v);
		if (v->run && v->stats_fd >= 0)
			close(v->stats_fd);
		if (v->run)
			munmap(v->run, v->run_size);
		if (v->fd >= 0)
			close(v->fd);
	}
	if (vm->its_fd >= 0)
		close(vm->its_fd);
	if (vm->vgic_fd >= 0)
		close(vm->vgic_fd);
	if (vm->fd >= 0)
		close(vm->fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	if (vm->ram)
		munmap(vm->ram, vm->ram_size);
	memset(vm, 0, sizeof(*vm));
	vm->fd = vm->kvm_fd = vm->vgic_fd = vm->its_fd = -1;
}

int __vm_irq_line(struct vm *vm, uint32_t type, uint32_t vcpu, uint32_t num, int level)
{
	struct kvm_irq_level irq = {
		.irq = (type << KVM_ARM_IRQ_TYPE_SHIFT) |
		       ((vcpu & KVM_ARM_IRQ_VCPU_MASK) << KVM_ARM_IRQ_VCPU_SHIFT) |
		       (num & KVM_ARM_IRQ_NUM_MASK),
		.level = level,
	};

	return ioctl(vm->fd, KVM_IRQ_LINE, &irq) ? -errno : 0;
}

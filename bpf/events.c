// SPDX-License-Identifier: GPL-2.0
/*
 * The traced tracepoints as user space sees them, and trace.tsv's rows.
 * Rows are formatted by hand: kvm_exit and kvm_entry come by the hundred
 * thousand a second, and printf would be most of the tracer's time.
 */
#include <stdio.h>
#include <string.h>

#include "events.h"

const struct vqt_event_desc vqt_events[VQT_EV_NR] = {
	[VQT_EV_IRQ_LINE]	= { "kvm_irq_line",		"irq_line",	"uddd", false },
	[VQT_EV_SET_IRQ]	= { "kvm_set_irq",		"set_irq",	"uddu", true },
	[VQT_EV_VGIC_PENDING]	= { "vgic_update_irq_pending",	"vgic_pending",	"uuuu", false },
	[VQT_EV_EXIT]		= { "kvm_exit",			"exit",		"uuxu", false },
	[VQT_EV_ENTRY]		= { "kvm_entry",		"entry",	"xuuu", false },
	[VQT_EV_USERSPACE_EXIT]	= { "kvm_userspace_exit",	"userspace_exit", "uduu", false },
	[VQT_EV_VCPU_WAKEUP]	= { "kvm_vcpu_wakeup",		"wakeup",	"uuuu", false },
	[VQT_EV_WFX]		= { "kvm_wfx_arm64",		"wfx",		"xuuu", true },
	[VQT_EV_MMIO]		= { "kvm_mmio",			"mmio",		"ddxx", true },
	[VQT_EV_TIMER_IRQ]	= { "kvm_timer_update_irq",	"timer_irq",	"uudu", true },
	[VQT_EV_ACK_IRQ]	= { "kvm_ack_irq",		"ack_irq",	"uuuu", true },
	[VQT_EV_HALT_POLL]	= { "kvm_halt_poll_ns",		"halt_poll",	"uuuu", true },
};

static char *put_u64(char *p, unsigned long long v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_s64(char *p, long long v)
{
	if (v >= 0)
		return put_u64(p, (unsigned long long)v);
	*p++ = '-';
	return put_u64(p, 0ull - (unsigned long long)v);
}

static char *put_hex(char *p, unsigned long long v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[16];
	int n = 0;

	*p++ = '0';
	*p++ = 'x';
	do {
		tmp[n++] = digits[v & 0xf];
		v >>= 4;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

size_t vqt_format_row(char *buf, const struct vqt_event *e)
{
	const struct vqt_event_desc *d;
	char *p = buf;
	size_t len;
	int i;

	if (e->type >= VQT_EV_NR)
		return 0;
	d = &vqt_events[e->type];

	p = put_u64(p, e->ts_ns);
	*p++ = '\t';
	p = put_u64(p, e->tid);
	*p++ = '\t';
	p = put_u64(p, e->cpu);
	*p++ = '\t';
	len = strlen(d->name);
	memcpy(p, d->name, len);
	p += len;
	for (i = 0; i < VQT_NR_ARGS; i++) {
		*p++ = '\t';
		if (d->fmt[i] == 'x')
			p = put_hex(p, e->args[i]);
		else if (d->fmt[i] == 'd')
			p = put_s64(p, (long long)e->args[i]);
		else
			p = put_u64(p, e->args[i]);
	}
	*p++ = '\n';
	return (size_t)(p - buf);
}

/* arch/arm64/include/asm/kvm_asm.h */
#define ARM_EXCEPTION_IRQ		0
#define ARM_EXCEPTION_EL1_SERROR	1
#define ARM_EXCEPTION_TRAP		2
#define ARM_EXCEPTION_IL		3

unsigned int vqt_exit_class(unsigned long long code, unsigned long long esr_ec)
{
	switch (code) {
	case ARM_EXCEPTION_IRQ:
		return VQT_XC_IRQ;
	case ARM_EXCEPTION_EL1_SERROR:
		return VQT_XC_SERROR;
	case ARM_EXCEPTION_TRAP:
		return (unsigned int)(esr_ec & (VQT_XC_EC_NR - 1));
	case ARM_EXCEPTION_IL:
		return VQT_XC_IL;
	default:
		return VQT_XC_OTHER;
	}
}

/* ESR_ELx_EC_* of arch/arm64/include/asm/esr.h, as the kernel names them. */
static const char *const ec_names[VQT_XC_EC_NR] = {
	[0x00] = "UNKNOWN",	[0x01] = "WFx",		[0x03] = "CP15_32",
	[0x04] = "CP15_64",	[0x05] = "CP14_MR",	[0x06] = "CP14_LS",
	[0x07] = "FP_ASIMD",	[0x08] = "CP10_ID",	[0x09] = "PAC",
	[0x0c] = "CP14_64",	[0x0d] = "BTI",		[0x0e] = "ILL",
	[0x11] = "SVC32",	[0x12] = "HVC32",	[0x13] = "SMC32",
	[0x15] = "SVC64",	[0x16] = "HVC64",	[0x17] = "SMC64",
	[0x18] = "SYS64",	[0x19] = "SVE",		[0x1a] = "ERET",
	[0x1c] = "FPAC",	[0x1d] = "SME",		[0x1f] = "IMP_DEF",
	[0x20] = "IABT_LOW",	[0x21] = "IABT_CUR",	[0x22] = "PC_ALIGN",
	[0x24] = "DABT_LOW",	[0x25] = "DABT_CUR",	[0x26] = "SP_ALIGN",
	[0x28] = "FP_EXC32",	[0x2c] = "FP_EXC64",	[0x2f] = "SERROR",
	[0x30] = "BREAKPT_LOW",	[0x31] = "BREAKPT_CUR",	[0x32] = "SOFTSTP_LOW",
	[0x33] = "SOFTSTP_CUR",	[0x34] = "WATCHPT_LOW",	[0x35] = "WATCHPT_CUR",
	[0x38] = "BKPT32",	[0x3a] = "VECTOR32",	[0x3c] = "BRK64",
};

const char *vqt_exit_class_name(unsigned int xc, char *buf, size_t size)
{
	switch (xc) {
	case VQT_XC_IRQ:
		return "IRQ";
	case VQT_XC_SERROR:
		return "SERROR_EXIT";
	case VQT_XC_IL:
		return "IL";
	case VQT_XC_OTHER:
		return "OTHER";
	}
	if (xc < VQT_XC_EC_NR && ec_names[xc])
		return ec_names[xc];
	snprintf(buf, size, "EC_0x%02x", xc & 0xffu);
	return buf;
}

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


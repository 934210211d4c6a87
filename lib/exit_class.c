// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "exit_class.h"

/* arch/arm64/include/asm/kvm_asm.h */
#define ARM_EXCEPTION_IRQ		0
#define ARM_EXCEPTION_EL1_SERROR	1
#define ARM_EXCEPTION_TRAP		2
#define ARM_EXCEPTION_IL		3

unsigned exit_class(uint64_t code, uint64_t esr_ec)
{
	switch (code) {
	case ARM_EXCEPTION_IRQ:
		return XC_IRQ;
	case ARM_EXCEPTION_EL1_SERROR:
		return XC_SERROR;
	case ARM_EXCEPTION_TRAP:
		return (unsigned)(esr_ec & (XC_EC_NR - 1));
	case ARM_EXCEPTION_IL:
		return XC_IL;
	default:
		return XC_OTHER;
	}
}

/* ESR_ELx_EC_* of arch/arm64/include/asm/esr.h. */
static const char *const ec_names[XC_EC_NR] = {
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

const char *exit_class_name(unsigned xc, char *buf, size_t size)
{
	switch (xc) {
	case XC_IRQ:
		return "IRQ";
	case XC_SERROR:
		return "SERROR_EXIT";
	case XC_IL:
		return "IL";
	case XC_OTHER:
		return "OTHER";
	}
	if (xc < XC_EC_NR && ec_names[xc])
		return ec_names[xc];
	snprintf(buf, size, "EC_0x%02x", xc & 0xffu);
	return buf;
}

/* SPDX-License-Identifier: GPL-2.0 */
/* GICv3 LPIs through the ITS: the guest side of an MSI (lr-msi, v4-direct). */
#ifndef AGENT_ITS_H
#define AGENT_ITS_H

#include <stdint.h>

struct agent_cpu;

#define LPI_INTID_BASE	8192

/*
 * The target vCPU, its GICv3 CPU interface set up: LPIs on its
 * redistributor, the ITS's tables and command queue, then boot.its_devid /
 * boot.its_eventid mapped to LPI boot.intid in collection 0 on it. Returns
 * once the ITS has executed every command: from then on a device's MSI (or
 * KVM_SIGNAL_MSI) with that DeviceID and EventID lands as the LPI, and KVM
 * can forward it as a vLPI.
 */
void its_setup(struct agent_cpu *c);

/*
 * The INT command: pends the LPI @devid/@eventid map to, as the device's
 * MSI would. Returns once the ITS has consumed the command. One vCPU at a
 * time (the queue has no lock): the target's warm-up, then the self-test.
 */
void its_int(uint32_t devid, uint32_t eventid);

#endif /* AGENT_ITS_H */

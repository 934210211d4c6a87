// SPDX-License-Identifier: GPL-2.0
/* vfio_devices.c: the device table v4-direct picks from, and --vfio-trigger's syntax. */
#include <string.h>

#include "bt.h"
#include "vfio_devices.h"

static void test_lookup(void)
{
	const struct vfio_device_kind *k;

	CHECK_STR(vfio_kind_by_id(0x1234, 0x11e8)->kind, "edu");
	CHECK_STR(vfio_kind_by_id(0x8086, 0x10d3)->kind, "e1000e");	/* QEMU's e1000e */
	CHECK_STR(vfio_kind_by_id(0x8086, 0x10c9)->kind, "igb");	/* QEMU's igb */
	CHECK_STR(vfio_kind_by_id(0x8086, 0x10ca)->kind, "igbvf");	/* its VF */
	CHECK_STR(vfio_kind_by_id(0x8086, 0x10fb)->kind, "ixgbe");
	CHECK(!vfio_kind_by_id(0x8086, 0x100e));	/* e1000 (82540EM): not in the table */
	CHECK(!vfio_kind_by_id(0x1af4, 0x11e8));	/* a known device id under another vendor */
	CHECK(vfio_kind_by_name("igb") == vfio_kind_by_id(0x8086, 0x1521));
	CHECK(!vfio_kind_by_name("IGB"));
	CHECK(!vfio_kind_by_name(""));
	/* auto-pick's order: the lab's edu first, a VF before the PFs */
	CHECK_STR(vfio_kind_at(0)->kind, "edu");
	CHECK_STR(vfio_kind_at(1)->kind, "igbvf");
	CHECK_STR(vfio_kind_names(), "edu, igbvf, ixgbe, igb, e1000e");
	for (int i = 0; (k = vfio_kind_at(i)); i++) {
		const struct vfio_recipe *r = &k->recipe;

		CHECKF(k->devices[0] && r->fire.offset % 4 == 0 && r->irq != VFIO_IRQ_AUTO,
		       "%s: ids, an aligned trigger and a vector kind", k->kind);
		/* a cause left set would hide the next one: every recipe acks */
		CHECKF(r->has_ack, "%s: acks each interrupt", k->kind);
		CHECKF(r->nsetup <= VFIO_RECIPE_MAX_SETUP, "%s: setup fits", k->kind);
	}
	CHECK(!vfio_kind_at(-1));
	CHECK(!vfio_kind_at(5));
}

/* The device facts against the drivers' and QEMU's register maps. */
static void test_recipes(void)
{
	const struct vfio_recipe *e = &vfio_kind_by_name("e1000e")->recipe;
	const struct vfio_recipe *g = &vfio_kind_by_name("igb")->recipe;
	char buf[256];

	CHECK_INT(e->irq, VFIO_IRQ_MSI);
	CHECK_INT(e->fire.offset, 0xc8);	/* ICS */
	CHECK_INT(e->ack.offset, 0xc0);		/* ICR, write 1 to clear */
	CHECK_INT(e->ack.value, e->fire.value);
	CHECK_INT(e->setup[0].offset, 0xc4);	/* ITR: no throttling */
	CHECK_INT(e->setup[0].value, 0);
	CHECK_INT(e->setup[1].offset, 0xd0);	/* IMS */
	CHECK_INT(e->setup[1].value, e->fire.value);
	CHECK_INT(g->irq, VFIO_IRQ_MSIX);
	CHECK_INT(g->setup[0].offset, 0x1514);	/* GPIE first: MSI-X mode */
	CHECK_INT(g->setup[0].value, 0x10);
	CHECK_INT(g->fire.offset, 0x1520);	/* EICS */
	CHECK_INT(g->setup[g->nsetup - 1].offset, 0x1524);	/* EIMS last */
	vfio_recipe_describe(g, buf, sizeof(buf));
	CHECK_STR(buf, "BAR0 setup 0x1514=0x10 0x1680=0x0 0x152c=0x1 0x1524=0x1 fire 0x1520=0x1 "
		  "ack 0x1580=0x1 msix[0]");
	vfio_recipe_describe(e, buf, sizeof(buf));
	CHECK_STR(buf, "BAR0 setup 0xc4=0x0 0xd0=0x200 fire 0xc8=0x200 ack 0xc0=0x200 msi[0]");
	vfio_recipe_describe(&vfio_kind_by_name("edu")->recipe, buf, sizeof(buf));
	CHECK_STR(buf, "BAR0 fire 0x60=0x1 ack 0x64=0x1 msi[0]");
	/* cut short, still terminated */
	vfio_recipe_describe(g, buf, 12);
	CHECK_INT(strlen(buf), 11);
}

static void test_pci_address(void)
{
	CHECK(vfio_is_pci_address("0000:00:02.0"));
	CHECK(vfio_is_pci_address("000a:0f:1f.7"));
	CHECK(vfio_is_pci_address("00:02.0"));
	CHECK(!vfio_is_pci_address("0000:00:02.8"));	/* functions are 0-7 */
	CHECK(!vfio_is_pci_address("0000:00:02"));
	CHECK(!vfio_is_pci_address("0000-00-02.0"));
	CHECK(!vfio_is_pci_address("e1000e"));
	CHECK(!vfio_is_pci_address(""));
	CHECK(!vfio_is_pci_address("0000:00:02.0 "));
}

static void test_trigger(void)
{
	struct vfio_recipe r;
	char why[256];

	CHECK_INT(vfio_trigger_parse("0:0x60:1", &r, why, sizeof(why)), 0);
	CHECK_INT(r.bar, 0);
	CHECK_INT(r.fire.offset, 0x60);
	CHECK_INT(r.fire.value, 1);
	CHECK_INT(r.has_ack, 0);
	CHECK_INT(r.irq, VFIO_IRQ_AUTO);
	CHECK_INT(vfio_trigger_parse("2:0x1520:0xffffffff:0x1580:1", &r, why, sizeof(why)), 0);
	CHECK_INT(r.bar, 2);
	CHECK_INT(r.fire.value, 0xffffffffu);
	CHECK_INT(r.has_ack, 1);
	CHECK_INT(r.ack.offset, 0x1580);
	CHECK_INT(vfio_trigger_parse("0:96:1", &r, why, sizeof(why)), 0);	/* decimal */
	CHECK_INT(r.fire.offset, 96);
	static const char *const bad[] = {
		"", "0", "0:0x60", "0:0x60:", "0:0x60:1:", "0:0x60:1:0x64", "6:0x60:1",
		"0:0x60:0x100000000", "x:0x60:1", "0:0x60:1:0x64:1:9", "0: 0x60:1", "-1:0x60:1",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECKF(vfio_trigger_parse(bad[i], &r, why, sizeof(why)) == -1, "'%s' refused", bad[i]);
		CHECK_HAS(why, "BAR:OFFSET:VALUE");
	}
	CHECK_INT(vfio_trigger_parse("0:0x62:1", &r, why, sizeof(why)), -1);
	CHECK_HAS(why, "4-byte aligned");
}

void test_vfio_devices(void)
{
	test_lookup();
	test_recipes();
	test_pci_address();
	test_trigger();
	CHECK(vfio_netdev_flags_up("0x1003\n"));
	CHECK(!vfio_netdev_flags_up("0x1002\n"));
	CHECK(!vfio_netdev_flags_up(""));
}

// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "test.h"

/*
 * cntfrq 100 MHz (10 ns a tick). The guest counter is the host's minus
 * cntvoff = 1000. The calibration points say 5 ns a tick, not cntfrq's 10:
 * trace ns -> host ticks must use the fit, ticks = 100000 + (ns - 1e6) / 5,
 * and an exit counted with the nominal rate would land elsewhere.
 *
 * seq 0: ok. vector/ack/eoi at host 110050/110060/110065: stages 500, 100,
 *        50, total 650 ns. Exits of vCPU0 (tid 500): 109990 (before the
 *        window), 110020 (in). tid 501 at 110030 does not count. irq_line
 *        level 1 at 110005; a level-0 one at 110040 is not an injection.
 * seq 1: timeout, no guest row: lost. Its irq_line at 120003.
 * seq 2: status ok but no guest row: lost. The only irq_line near it is
 *        for INTID 41: no_inject_event.
 * seq 3: two guest rows. The first has its vector at host 139990, before
 *        the injection at 140000 (it is seq 2's late interrupt): the second
 *        (140040/140050/140055) is taken. Exits 140010, 140020: 2.
 * seq 4: exits exactly at t_inject (150000) and t_ack (150040) count, one at
 *        150041 does not: 2. Its irq_line (150002) comes last in the file,
 *        out of timestamp order: out_of_order.
 * seq 5: status error: not injected, not lost.
 * guest seq 99: in no host row.
 */
const char fix_run_kv[] =
	"format=1\n"
	"tool_version=test-1.0\n"
	"command=virqbench-bench --paths 'lr-line' --count \"6\"\n"
	"start_utc=2024-05-01T10:00:00Z\n"
	"end_utc=2024-05-01T10:00:05Z\n"
	"hostname=lab\n"
	"uname_release=6.1.0-21-arm64\n"
	"uname_version=#1 SMP Debian 6.1.90-1 (2024-05-03)\n"
	"uname_machine=aarch64\n"
	"kernel_cmdline=console=ttyAMA0 rdinit=/init quote=\"x\" back=\\y tab=\there\n"
	"host_gic=v3\n"
	"hyp_mode=vhe\n"
	"cntfrq=100000000\n"
	"halt_poll_ns=200000\n"
	"interrupted=0\n"
	"exit_code=0\n"
	"cpufreq_governor=performance\n";

const char fix_cell_kv[] =
	"gic=v3\nhyp=vhe\npath=lr-line\nstate=busy\n"
	"count_requested=7\ncount_injected=6\nintid=40\ntarget_vcpu=0\nnr_vcpus=2\n"
	"vcpu0_tid=500\nvcpu1_tid=501\nvcpu0_cpu=1\nvcpu1_cpu=1\n"
	"injector_tid=400\ninjector_cpu=0\n"
	"cntfrq=100000000\n"
	"cntvoff=1000\ncntvoff_err=2\ncntvoff_ok=1\n"
	"calib_start_ns=1000000\ncalib_start_cnt=100000\ncalib_start_err_ns=10\n"
	"calib_end_ns=2000000\ncalib_end_cnt=300000\ncalib_end_err_ns=10\n"
	"trace=on\nstatus=ok\ntimeout_ms=10\nspurious=1\n"
	"kernel_release=6.12.95+deb12-arm64\n"
	/* last, so that the lines above keep their numbers in the tests' messages */
	"placement_numa=any\ntarget_cpu_isolated=nohz_full\ntracer_cpus=0\n"
	"placement_reason=target vCPU on CPU 1 (the first isolated CPU; isolated: nohz_full)\n";

const char fix_host[] =
	"# seq\tt_inject\tt_seen\tstatus\n"
	"0\t110000\t110100\tok\n"
	"1\t120000\t0\ttimeout\n"
	"2\t130000\t130100\tok\n"
	"3\t140000\t140100\tok\n"
	"4\t150000\t150100\tok\n"
	"5\t160000\t0\terror\n";

const char fix_guest[] =
	"# seq\tvcpu\tintid\tt_vector\tt_ack\tt_eoi\n"
	"0\t0\t40\t109050\t109060\t109065\n"
	"3\t0\t40\t138990\t139000\t139005\n"
	"3\t0\t40\t139040\t139050\t139055\n"
	"4\t0\t40\t149030\t149040\t149045\n"
	"99\t0\t40\t1\t2\t3\n";

/* ns = 1000000 + (ticks - 100000) * 5 */
const char fix_trace[] =
	"# ts_ns\ttid\tcpu\tevent\ta0\ta1\ta2\ta3\n"
	"1049950\t500\t1\texit\t0\t0\t0x40001000\t0\n"		/* 109990 */
	"1050025\t400\t0\tirq_line\t1\t0\t40\t1\n"		/* 110005 */
	"1050030\t400\t0\tvgic_pending\t0\t40\t1\t0\n"		/* 110006 */
	"1050100\t500\t1\texit\t0\t0\t0x40001004\t0\n"		/* 110020 */
	"1050110\t500\t1\tentry\t0x40001004\t0\t0\t0\n"	/* 110022 */
	"1050150\t501\t1\texit\t0\t0\t0x40001008\t0\n"		/* 110030, vCPU1 */
	"1050200\t400\t0\tirq_line\t1\t0\t40\t0\n"		/* 110040, level 0 */
	"1100015\t400\t0\tirq_line\t1\t0\t40\t1\n"		/* 120003 */
	"1150025\t400\t0\tirq_line\t1\t0\t41\t1\n"		/* 130005, INTID 41 */
	"1200005\t400\t0\tirq_line\t1\t0\t40\t1\n"		/* 140001 */
	"1200050\t500\t1\texit\t0\t0\t0x40001010\t0\n"		/* 140010 */
	"1200100\t500\t1\texit\t0\t0\t0x40001014\t0\n"		/* 140020 */
	"1200120\t500\t1\tuserspace_exit\t2\t0\t0\t0\n"	/* not used */
	"1250000\t500\t1\texit\t0\t0\t0x40001018\t0\n"		/* 150000 = t_inject */
	"1250200\t500\t1\texit\t0\t0\t0x4000101c\t0\n"		/* 150040 = t_ack */
	"1250205\t500\t1\texit\t0\t0\t0x40001020\t0\n"		/* 150041 */
	"1250010\t400\t0\tirq_line\t1\t0\t40\t1\n"		/* 150002, out of order */
	"# lost=3\n"
	"# events=17\n";

char *fix_replace(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);
	char *r;

	if (!p) {
		CHECK(!"fix_replace: text not found");
		return strdup(text);
	}
	if (asprintf(&r, "%.*s%s%s", (int)(p - text), text, to, p + strlen(from)) < 0)
		abort();
	return r;
}

void fix_write_run(const char *raw, const char *run_kv)
{
	t_write(raw, "run.kv", run_kv);
}

void fix_write_cell(const char *raw, const char *name, const char *cell_kv,
		    const char *host, const char *guest, const char *trace)
{
	char *dir;

	if (asprintf(&dir, "%s/cells/%s", raw, name) < 0)
		abort();
	if (cell_kv)
		t_write(dir, "cell.kv", cell_kv);
	if (host)
		t_write(dir, "host.tsv", host);
	if (guest)
		t_write(dir, "guest.tsv", guest);
	if (trace)
		t_write(dir, "trace.tsv", trace);
	free(dir);
}

void fix_load(struct fix_loaded *l, const char *tag, const char *name, const char *cell_kv,
	      const char *host, const char *guest, const char *trace)
{
	char *raw = t_dir(tag);

	memset(l, 0, sizeof(*l));
	fix_write_run(raw, fix_run_kv);
	fix_write_cell(raw, name, cell_kv, host, guest, trace);
	l->ret = run_open(&l->ri, raw);
	if (!l->ret)
		l->ret = cell_info_load(&l->ci, &l->ri, name);
	if (!l->ret)
		l->ret = join_cell(&l->j, &l->ci);
	free(raw);
}

void fix_unload(struct fix_loaded *l)
{
	join_free(&l->j);
	cell_info_free(&l->ci);
	run_free(&l->ri);
}

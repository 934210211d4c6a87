// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kvout.h"
#include "placement.h"
#include "util.h"

static const char *const numa_names[NUMA_NR] = { "any", "same", "cross" };

const char *numa_mode_name(enum numa_mode m)
{
	return m < NUMA_NR ? numa_names[m] : "?";
}

enum numa_mode numa_mode_by_name(const char *name)
{
	for (int m = 0; m < NUMA_NR; m++)
		if (!strcmp(name, numa_names[m]))
			return (enum numa_mode)m;
	return NUMA_NR;
}

const char *numa_mode_suffix(enum numa_mode m)
{
	return m == NUMA_SAME ? "-same-node" : m == NUMA_CROSS ? "-cross-node" : "";
}

/* The CPUs the sender and the injector may take: by the target's node, never the target. */
static void pool_for(const struct topology *t, enum numa_mode m, int target, struct cpuset *pool)
{
	int node = topology_node_of(t, target);

	memset(pool, 0, sizeof(*pool));
	for (int c = 0; c < PL_MAX_CPUS; c++) {
		if (!cpuset_has(&t->online, c) || c == target)
			continue;
		if ((m == NUMA_SAME && topology_node_of(t, c) != node) ||
		    (m == NUMA_CROSS && topology_node_of(t, c) == node))
			continue;
		cpuset_add(pool, c);
	}
}

/* The lowest CPU of pool, not in `taken`, isolated (want 1) or not (0); -1 for none. */
static int pick(const struct topology *t, const struct cpuset *pool, int want_isolated,
		int taken0, int taken1)
{
	for (int c = 0; c < PL_MAX_CPUS; c++)
		if (cpuset_has(pool, c) && c != taken0 && c != taken1 &&
		    topology_is_isolated(t, c) == want_isolated)
			return c;
	return -1;
}

/* Whether target c leaves the sender and the injector a CPU in every mode. */
static int fits(const struct topology *t, int c, const enum numa_mode *modes, int n)
{
	for (int i = 0; i < n; i++) {
		int k = 0;

		while (k < t->nnodes && !cpuset_has(&t->node[k], c))
			k++;
		if (modes[i] == NUMA_ANY && cpuset_count(&t->online) < 2)
			return 0;
		if (modes[i] == NUMA_SAME && (k == t->nnodes || cpuset_count(&t->node[k]) < 2))
			return 0;
		if (modes[i] == NUMA_CROSS && t->nnodes < 2)
			return 0;
	}
	return 1;
}

/* The auto target: the lowest isolated CPU, else the highest (CPU 0 does the housekeeping). */
static int pick_target(const struct topology *t, const enum numa_mode *modes, int n)
{
	for (int c = 0; c < PL_MAX_CPUS; c++)
		if (cpuset_has(&t->online, c) && topology_is_isolated(t, c) && fits(t, c, modes, n))
			return c;
	for (int c = PL_MAX_CPUS - 1; c >= 0; c--)
		if (cpuset_has(&t->online, c) && fits(t, c, modes, n))
			return c;
	return -1;
}

static void say(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Appends "; "-separated text to buf. */
static void say(char *buf, size_t size, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n && n + 2 < size)
		n += (size_t)snprintf(buf + n, size - n, "; ");
	va_start(ap, fmt);
	if (n < size)
		vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
}

/* A CPU named by an option: online, and never the target's. 0, or -1 after a message. */
static int check_given(const struct topology *t, const char *opt, int cpu, int target, char *err,
		       size_t errlen)
{
	char online[256];

	if (cpu < 0)
		return 0;
	if (!cpuset_has(&t->online, cpu)) {
		cpuset_format(&t->online, online, sizeof(online));
		return fail_msg(err, errlen, "%s %d: CPU %d is not online (expected one of %s)", opt, cpu,
			     cpu, online);
	}
	if (cpu == target)
		return fail_msg(err, errlen,
			     "%s %d: that is the target vCPU's CPU (--vcpu-cpu %d); bench/'s other threads never share it (--contend puts a spinning thread there on purpose)",
			     opt, cpu, target);
	return 0;
}

/* A CPU for the sender or the injector from pool, as told (isolated first, or housekeeping first). */
static int pick_one(const struct topology *t, const struct cpuset *pool, int housekeeping_first,
		    int taken0, int taken1)
{
	int c = pick(t, pool, !housekeeping_first, taken0, taken1);

	return c >= 0 ? c : pick(t, pool, housekeeping_first, taken0, taken1);
}

static void why_cpu(const struct topology *t, char *buf, size_t size, const char *who, int cpu,
		    const char *how)
{
	say(buf, size, "%s on CPU %d (%s; isolated: %s)", who, cpu, how, topology_isolation(t, cpu));
}

static int choose_target(const struct topology *t, const struct placement_req *rq,
			 struct placement *p, char *err, size_t errlen)
{
	char online[256];

	cpuset_format(&t->online, online, sizeof(online));
	if (rq->target == PL_AUTO) {
		/* The same target in every mode of the run, so that only the node differs. */
		p->target = rq->nmodes ? pick_target(t, rq->modes, rq->nmodes) : pick_target(t, &rq->numa, 1);
		if (p->target < 0)
			return fail_msg(err, errlen,
				     cpuset_count(&t->online) < 2
					     ? "placement: this host has one online CPU (%s): the target vCPU needs a CPU to itself and bench/'s other threads another (--vcpu-cpu -1 runs unpinned)"
					     : "placement: no CPU of %s leaves another for the sender and the injector on the node asked for",
				     online);
		why_cpu(t, p->reason, sizeof(p->reason), "target vCPU", p->target,
			topology_is_isolated(t, p->target) ? "the first isolated CPU"
						  : "no CPU is isolated: the highest-numbered, away from CPU 0's housekeeping");
		return 0;
	}
	p->target = rq->target;
	if (p->target >= 0 && !cpuset_has(&t->online, p->target))
		return fail_msg(err, errlen, "--vcpu-cpu %d: CPU %d is not online (expected one of %s)",
			     p->target, p->target, online);
	if (p->target >= 0)
		why_cpu(t, p->reason, sizeof(p->reason), "target vCPU", p->target, "--vcpu-cpu");
	else
		say(p->reason, sizeof(p->reason), "target vCPU not pinned (--vcpu-cpu -1)");
	return 0;
}

/* The sender vCPU: as told, with the injector, or from pool. 0, or -1 after a message. */
static int choose_sender(const struct topology *t, const struct placement_req *rq,
			 const struct cpuset *pool, struct placement *p, char *err, size_t errlen)
{
	int hk = rq->sender_housekeeping;

	if (rq->sender != PL_AUTO) {
		p->sender = rq->sender;
		say(p->reason, sizeof(p->reason), "sender vCPU on %d (--sender-cpu)", p->sender);
		return 0;
	}
	if (rq->injector != PL_AUTO) {
		/* --injector-cpu has always placed an SGI sender too. */
		p->sender = rq->injector;
		say(p->reason, sizeof(p->reason), "sender vCPU on %d (with the injector: --injector-cpu)",
		    p->sender);
		return 0;
	}
	p->sender = pick_one(t, pool, hk, p->target, -1);
	if (p->sender < 0)
		return fail_msg(err, errlen, "placement: no CPU for the sender vCPU beside target CPU %d%s",
			     p->target, rq->numa == NUMA_CROSS ? " on another node" :
			     rq->numa == NUMA_SAME ? " on its node" : "");
	/* Said only where making the modes alike changed the choice. */
	hk = hk && pick(t, pool, 1, p->target, -1) >= 0;
	why_cpu(t, p->reason, sizeof(p->reason), "sender vCPU", p->sender,
		hk ? "not isolated, as in the run's other NUMA placement" :
		topology_is_isolated(t, p->sender) ? "an isolated CPU of its own"
						   : "no isolated CPU is left for it");
	return 0;
}

/* The injector: as told, a CPU of its own from pool, else the sender's. */
static void choose_injector(const struct topology *t, const struct placement_req *rq,
			    const struct cpuset *pool, struct placement *p)
{
	int own;

	if (rq->injector != PL_AUTO) {
		p->injector = rq->injector;
		say(p->reason, sizeof(p->reason), "injector on %d (--injector-cpu)", p->injector);
		return;
	}
	own = pick_one(t, pool, rq->sender_housekeeping, p->target, p->sender);
	p->injector = rq->share_injector ? -1 : own;
	if (p->injector >= 0) {
		why_cpu(t, p->reason, sizeof(p->reason), "injector", p->injector, "a CPU of its own");
		return;
	}
	p->injector = p->sender;
	say(p->reason, sizeof(p->reason), "injector on CPU %d, the sender's (%s)", p->injector,
	    own >= 0 ? "as in the run's other NUMA placement" : "no third CPU is left");
}

/* The nodes of what was chosen; CPUs given against --numa are refused. */
static int check_nodes(const struct topology *t, const struct placement_req *rq,
		       struct placement *p, char *err, size_t errlen)
{
	int same_s, same_i;

	p->target_node = topology_node_of(t, p->target);
	p->sender_node = topology_node_of(t, p->sender);
	p->injector_node = topology_node_of(t, p->injector);
	same_s = p->sender < 0 || p->sender_node == p->target_node;
	same_i = p->injector < 0 || p->injector_node == p->target_node;
	if (rq->numa == NUMA_ANY || (rq->numa == NUMA_SAME && same_s && same_i) ||
	    (rq->numa == NUMA_CROSS && (p->sender < 0 || !same_s) && (p->injector < 0 || !same_i)))
		return 0;
	return fail_msg(err, errlen,
		     "placement: --numa %s: the CPUs given (target %d on node %d, sender %d on node %d, injector %d on node %d) are not %s-node",
		     numa_mode_name(rq->numa), p->target, p->target_node, p->sender, p->sender_node,
		     p->injector, p->injector_node, numa_mode_name(rq->numa));
}

/* The tracer: the housekeeping CPUs nothing measured uses, else any of them, else the injector's. */
static void choose_tracer(const struct topology *t, struct placement *p)
{
	char cpus[256];

	for (int pass = 0; pass < 2 && !cpuset_count(&p->tracer); pass++)
		for (int c = 0; c < PL_MAX_CPUS; c++)
			if (cpuset_has(&t->online, c) && !topology_is_isolated(t, c) && c != p->target &&
			    (pass || (c != p->sender && c != p->injector)))
				cpuset_add(&p->tracer, c);
	if (!cpuset_count(&p->tracer) && p->injector >= 0)
		cpuset_add(&p->tracer, p->injector);
	cpuset_format(&p->tracer, cpus, sizeof(cpus));
	say(p->reason, sizeof(p->reason), "tracer on %s", cpus);
}

/* What would make the figures less steady: a target not isolated, a governor not performance. */
static void warn(const struct topology *t, struct placement *p)
{
	const int used[3] = { p->target, p->sender, p->injector };
	char govs[64] = "", cpus[64];
	struct cpuset slow = { { 0 } };

	if (p->target >= 0 && !topology_is_isolated(t, p->target))
		say(p->warning, sizeof(p->warning),
		    "the target vCPU's CPU %d is not isolated (no isolcpus= or nohz_full= covers it): the scheduler's tick and other tasks run there; boot with isolcpus=%d nohz_full=%d rcu_nocbs=%d for steadier figures",
		    p->target, p->target, p->target, p->target);
	for (int i = 0; i < 3; i++) {
		const char *g = used[i] >= 0 ? t->governor[used[i]] : "";

		if (!*g || !strcmp(g, "performance") || cpuset_has(&slow, used[i]))
			continue;
		cpuset_add(&slow, used[i]);
		if (!strstr(govs, g))
			snprintf(govs + strlen(govs), sizeof(govs) - strlen(govs), "%s%s",
				 *govs ? ", " : "", g);
	}
	cpuset_format(&slow, cpus, sizeof(cpus));
	if (*cpus)
		say(p->warning, sizeof(p->warning),
		    "the cpufreq governor of CPU %s is %s, not performance: the clock may change while it measures (cpupower -c %s frequency-set -g performance)",
		    cpus, govs, cpus);
}

/* target -> sender -> injector -> their nodes -> tracer -> warnings. */
int placement_choose(const struct topology *t, const struct placement_req *rq,
		     struct placement *p, char *err, size_t errlen)
{
	struct cpuset pool;

	memset(p, 0, sizeof(*p));
	p->numa = rq->numa;
	p->sender = p->injector = -1;
	if (choose_target(t, rq, p, err, errlen) ||
	    check_given(t, "--sender-cpu", rq->sender, p->target, err, errlen) ||
	    check_given(t, "--injector-cpu", rq->injector, p->target, err, errlen))
		return -1;
	if (p->target < 0) {
		/* An unpinned target leaves nothing to keep apart: the rest as told, else unpinned. */
		p->sender = rq->sender != PL_AUTO ? rq->sender : rq->injector != PL_AUTO ? rq->injector : -1;
		p->injector = rq->injector != PL_AUTO ? rq->injector : -1;
		say(p->reason, sizeof(p->reason), "sender on %d, injector on %d (-1: not pinned)",
		    p->sender, p->injector);
		return check_nodes(t, rq, p, err, errlen);
	}
	pool_for(t, rq->numa, p->target, &pool);
	if (choose_sender(t, rq, &pool, p, err, errlen))
		return -1;
	choose_injector(t, rq, &pool, p);
	p->injector_shares = p->injector == p->sender && p->injector >= 0;
	p->sender_isolated = p->sender >= 0 && topology_is_isolated(t, p->sender);
	if (check_nodes(t, rq, p, err, errlen))
		return -1;
	choose_tracer(t, p);
	warn(t, p);
	return 0;
}

int placement_choose_all(const struct topology *t, const struct placement_req *rq,
			 const enum numa_mode *modes, int n, struct placement *out, char *err,
			 size_t errlen)
{
	struct placement_req r = *rq;
	int share = 0, hk = 0, iso = 0;

	for (int i = 0; i < n; i++)
		if (modes[i] != NUMA_ANY && t->nnodes < 2) {
			char cpus[256];

			cpuset_format(&t->online, cpus, sizeof(cpus));
			return fail_msg(err, errlen,
				     "--numa %s: this host has one NUMA node (CPUs %s%s): there is no other node to compare with; leave --numa out (spec: numa)",
				     numa_mode_name(modes[i]), cpus,
				     t->numa_known ? "" : "; no /sys/devices/system/node");
		}
	r.modes = modes;
	r.nmodes = n;
	for (int i = 0; i < n; i++) {
		r.numa = modes[i];
		if (placement_choose(t, &r, &out[i], err, errlen))
			return -1;
		share |= out[i].injector_shares;
		hk |= !out[i].sender_isolated;
		iso |= out[i].sender_isolated;
	}
	if (n < 2 || ((!share || rq->injector != PL_AUTO) && (!(hk && iso) || rq->sender != PL_AUTO)))
		return 0;
	/* Unlike: the one that fared worse sets the terms for all. */
	r.share_injector = share && rq->injector == PL_AUTO;
	r.sender_housekeeping = hk && iso && rq->sender == PL_AUTO;
	for (int i = 0; i < n; i++) {
		r.numa = modes[i];
		if (placement_choose(t, &r, &out[i], err, errlen))
			return -1;
	}
	return 0;
}

void placement_warnings(const struct placement *p, int n, char *buf, size_t size)
{
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		char one[1024], *save, *w;

		snprintf(one, sizeof(one), "%s", p[i].warning);
		for (w = strtok_r(one, ";", &save); w; w = strtok_r(NULL, ";", &save)) {
			w += strspn(w, " ");
			if (!strstr(buf, w))
				say(buf, size, "%s", w);
		}
	}
}

void placement_cell_kv(const struct topology *t, const struct placement *p, struct kv_out *kv)
{
	char cpus[256];

	kvo_set(kv, "placement_numa", "%s", numa_mode_name(p->numa));
	kvo_set(kv, "target_cpu_isolated", "%s", p->target >= 0 ? topology_isolation(t, p->target) : "unpinned");
	cpuset_format(&p->tracer, cpus, sizeof(cpus));
	kvo_set(kv, "tracer_cpus", "%s", *cpus ? cpus : "unpinned");
	if (t->nnodes > 1) {
		kvo_set_i64(kv, "target_node", p->target_node);
		kvo_set_i64(kv, "sender_node", p->sender_node);
		kvo_set_i64(kv, "injector_node", p->injector_node);
	}
	kvo_set(kv, "placement_reason", "%s", p->reason);
}

void placement_run_kv(const struct topology *t, const struct placement *p, int n,
		      struct kv_out *kv)
{
	char buf[2048] = "", cpus[256];
	size_t len = 0;

	for (int i = 0; i < t->nnodes && len < sizeof(buf); i++) {
		cpuset_format(&t->node[i], cpus, sizeof(cpus));
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%snode%d:%s", i ? " " : "",
					t->node_id[i], cpus);
	}
	kvo_set(kv, "numa_nodes", "%s%s", buf, t->numa_known ? "" : " (no /sys/devices/system/node)");
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		len = strlen(buf);
		cpuset_format(&p[i].tracer, cpus, sizeof(cpus));
		snprintf(buf + len, sizeof(buf) - len,
			 "%s%s: target %d, sender %d, injector %d, tracer %s", i ? "; " : "",
			 numa_mode_name(p[i].numa), p[i].target, p[i].sender, p[i].injector,
			 *cpus ? cpus : "unpinned");
	}
	kvo_set(kv, "placement", "%s", buf);
	placement_warnings(p, n, buf, sizeof(buf));
	kvo_set(kv, "placement_warning", "%s", *buf ? buf : "none");
}

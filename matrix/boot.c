// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "argv.h"
#include "boot.h"
#include "child.h"
#include "fsutil.h"
#include "progress.h"
#include "virqbench/exit_codes.h"

void boot_plan(struct boot *b, const struct matrix *m, int index)
{
	const struct spec *s = &m->spec;

	int q = index % s->nqemus, k = index / s->nqemus % s->nkernels;
	int h = index / (s->nqemus * s->nkernels) % s->nhyps;
	int g = index / (s->nqemus * s->nkernels * s->nhyps);

	memset(b, 0, sizeof(*b));
	b->index = index;
	b->slot = -1;
	snprintf(b->gic, sizeof(b->gic), "%s", s->gics[g]);
	snprintf(b->hyp, sizeof(b->hyp), "%s", s->hyps[h]);
	snprintf(b->kernel, sizeof(b->kernel), "%s", s->kernels[k]);
	snprintf(b->qemu, sizeof(b->qemu), "%s", s->qemus[q]);
	/* Boots of several kernels (or QEMUs) would make cells of one name:
	 * then the name says which; a spec of one keeps the names it had. */
	snprintf(b->suffix, sizeof(b->suffix), "%s%s%s%s", s->nkernels > 1 ? "-k" : "",
		 s->nkernels > 1 ? b->kernel : "", s->nqemus > 1 ? "-qemu" : "",
		 s->nqemus > 1 ? b->qemu : "");
	if (m->native)
		snprintf(b->tag, sizeof(b->tag), "native");
	else
		snprintf(b->tag, sizeof(b->tag), "v%s-%s%s", b->gic, b->hyp, b->suffix);
	if (m->native)
		b->suffix[0] = '\0';
	snprintf(b->work, sizeof(b->work), "%s/lab/%s-%s", m->build, m->id, b->tag);
	/* Natively virqbench's stderr is both the log followed and the one to read. */
	snprintf(b->log, sizeof(b->log), "%s/%s", b->work,
		 m->native ? "virqbench.log" : "console.log");
	if (m->native)
		snprintf(b->errlog, sizeof(b->errlog), "%s", b->log);
	else
		snprintf(b->errlog, sizeof(b->errlog), "%s.err", b->work);
}

static void native_argv(struct argv_buf *a, const struct boot *b, const struct matrix *m)
{
	argv_add(a, "%s/arm64/virqbench", m->build);
	argv_run_args(a, &m->spec);
	argv_add(a, "--out");
	argv_add(a, "%s/raw", b->work);
}

static void lab_argv(struct argv_buf *a, const struct boot *b, const struct matrix *m)
{
	argv_add(a, "/bin/sh");
	argv_add(a, "lab/run.sh");
	argv_add(a, "--gic");
	argv_add(a, "%s", b->gic);
	argv_add(a, "--hyp");
	argv_add(a, "%s", b->hyp);
	argv_add(a, "--kernel");
	argv_add(a, "%s", b->kernel);
	argv_add(a, "--qemu");
	argv_add(a, "%s", b->qemu);
	argv_add(a, "--work");
	argv_add(a, "%s", b->work);
	argv_add(a, "--timeout");
	argv_add(a, "%ld", m->spec.boot_timeout_s);
	argv_add(a, "--arm-out");
	argv_add(a, "%s/arm64", m->build);
	argv_add(a, "--cache");
	argv_add(a, "%s", m->cache);
	/* The devices v4-direct is asked for, emulated; without any, the lab's edu. */
	for (int d = 0; d < m->spec.ndevices; d++) {
		const char *dev = spec_lab_device(m->spec.devices[d]);

		if (dev) {
			argv_add(a, "--device");
			argv_add(a, "%s", dev);
		}
	}
	/* Same- and cross-node cells need a lab of two NUMA nodes. */
	if (m->spec.nnumas) {
		argv_add(a, "--numa-nodes");
		argv_add(a, "2");
	}
	argv_add(a, "--");
	argv_run_args(a, &m->spec);
}

int boot_start(struct boot *b, const struct matrix *m, struct progress *pr)
{
	struct argv_buf a = { .n = 0 };
	const char *failed;
	int r;

	r = mkdir_p(b->work, &failed);
	if (r) {
		fprintf(stderr, "matrix: boot %s: cannot create %s: %s\n", b->tag, failed,
			strerror(-r));
		b->rc = r;
		return -1;
	}
	if (m->native)
		native_argv(&a, b, m);
	else
		lab_argv(&a, b, m);
	unlink(b->log);
	b->slot = progress_follow(pr, b->log, b->suffix, b->index);
	/* lab/run.sh prints the raw run's path; natively it is where --out said. */
	r = child_start_boot(&b->child, a.v, b->errlog);
	argv_free(&a);
	if (r) {
		fprintf(stderr, "matrix: boot %s: cannot start it: %s\n", b->tag, strerror(-r));
		progress_end_boot(pr, b->slot);
		b->rc = r;
		return -1;
	}
	b->started = 1;
	return 0;
}

int boot_poll(struct boot *b, const struct matrix *m, struct progress *pr)
{
	if (!child_poll_boot(&b->child))
		return 0;
	b->rc = b->child.rc;
	snprintf(b->raw, sizeof(b->raw), "%s", b->child.out);
	progress_end_boot(pr, b->slot);
	b->slot = -1;
	if (pr->show)
		fputc('\n', stderr);
	if (m->native)
		snprintf(b->raw, sizeof(b->raw), "%s/raw", b->work);
	return 1;
}

/* The logs to read about b: the one followed, and the child's stderr if another. */
static void name_logs(const struct boot *b)
{
	if (strcmp(b->log, b->errlog))
		fprintf(stderr, "matrix: see %s and %s\n", b->log, b->errlog);
	else
		fprintf(stderr, "matrix: see %s\n", b->log);
}

static int has_run_kv(const struct boot *b)
{
	char path[sizeof(b->raw) + 16];
	struct stat st;

	snprintf(path, sizeof(path), "%s/run.kv", b->raw);
	return b->raw[0] && !stat(path, &st) && S_ISREG(st.st_mode);
}

int boot_judge(const struct boot *b, struct matrix *m)
{
	switch (b->rc) {
	case EXIT_OK:
	case EXIT_MEASURE:
	case EXIT_NO_TRACE:
	case EXIT_LAB_UNFINISHED:
	case EXIT_INTERRUPTED:
		break;	/* virqbench ran: whatever it finished is kept */
	case EXIT_LAB:
		fprintf(stderr, "matrix: boot %s: the lab could not run virqbench (exit %d)\n",
			b->tag, b->rc);
		name_logs(b);
		m->lab_fail = 1;
		m->any_fail = 1;
		return 0;
	default:
		fprintf(stderr, "matrix: boot %s failed (exit %d%s%s)\n", b->tag, b->rc,
			b->rc < 0 ? ": " : "", b->rc < 0 ? strerror(-b->rc) : "");
		name_logs(b);
		m->any_fail = 1;
		return 0;
	}
	if (!has_run_kv(b)) {
		fprintf(stderr, "matrix: boot %s brought out no raw run (exit %d)\n", b->tag, b->rc);
		name_logs(b);
		m->any_fail = 1;
		return 0;
	}
	m->any_fail |= b->rc != EXIT_OK && b->rc != EXIT_INTERRUPTED;
	return 1;
}

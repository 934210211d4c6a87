// SPDX-License-Identifier: GPL-2.0
/* virqbench-fleet: the command line of fleet.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fleet.h"
#include "util.h"
#include "virqbench/exit_codes.h"

#ifndef VQB_VERSION
#define VQB_VERSION "unknown"
#endif

static void usage(FILE *f)
{
	fputs("usage: virqbench-fleet [-q] [-o OUTDIR] RUN...\n"
	      "  One page for many hosts from their results directories (one run per\n"
	      "  host): every host's verdict, each path and state across hosts and GIC\n"
	      "  versions, and what differs between the hosts (CPU, kernel, GIC, hyp\n"
	      "  mode, mitigations, the settings every cell recorded). A summary goes to\n"
	      "  stdout (-q: none); -o OUTDIR also writes fleet.html and fleet.json there\n"
	      "  (new, empty, or an earlier fleet's; never inside a RUN).\n"
	      "Exit status: 0 written; 1 refused or bad input (nothing written); 2 usage.\n", f);
}

int main(int argc, char **argv)
{
	struct fleet_opts o = { NULL, stdout };
	const char **runs = xcalloc((size_t)argc + 1, sizeof(*runs));
	size_t n = 0;
	int i, ret = EXIT_OK;

	diag_set_prog("virqbench-fleet");
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-q")) {
			o.text = NULL;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			goto out;
		} else if (!strcmp(a, "--version")) {
			puts("virqbench-fleet " VQB_VERSION);
			goto out;
		} else if (!strcmp(a, "-o")) {
			if (!argv[i + 1] || !*argv[i + 1]) {
				fputs("virqbench-fleet: -o needs OUTDIR\n", stderr);
				ret = EXIT_USAGE;
				goto out;
			}
			o.out = argv[++i];
		} else if (!strcmp(a, "--")) {
			while (++i < argc)
				runs[n++] = argv[i];
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "virqbench-fleet: unknown option %s\n", a);
			usage(stderr);
			ret = EXIT_USAGE;
			goto out;
		} else {
			runs[n++] = a;
		}
	}
	if (!n) {
		fputs("virqbench-fleet: no RUN given (expected one results directory per host)\n", stderr);
		usage(stderr);
		ret = EXIT_USAGE;
		goto out;
	}
	if (fleet_run(runs, n, &o)) {
		fprintf(stderr, "virqbench-fleet: %s\n", diag_last());
		ret = 1; /* refused: nothing written */
	}
out:
	free(runs);
	return ret;
}

/* SPDX-License-Identifier: GPL-2.0 */
/* virqtrace's command line: its options, their checks, the usage text. */
#ifndef VQT_OPTS_H
#define VQT_OPTS_H

#include <stdbool.h>

struct opts {
	unsigned int pid;
	const char *out;
	int ready_fd;
	unsigned int ringbuf_mb;
	bool stats;
	bool summary;
	double duration;	/* seconds; 0: until a signal */
	double interval;	/* seconds between summary reports */
	const char *json;
	const char *replay;	/* a trace.tsv to summarize instead of tracing */
	const char *perf_out;	/* perf.tsv: perf's recount (perf_count.h) */
	bool verbose;		/* -v: libbpf's messages, a summary at the end */
};

/*
 * argv into o (zeroed by the caller). 0, or -1 after one message and the
 * usage on stderr (exit status 2); -h prints the usage and exits 0.
 */
int parse_args(int argc, char **argv, struct opts *o);

#endif /* VQT_OPTS_H */
